// `plan --format md` writes the scenario as the document's front matter:
// read back, every section is the one planned, placement included (issue 9).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "cli/cli.h"
#include "search/disagg.h"
#include "spec/scenario.h"

namespace moeplan {
namespace {

TEST(DocumentRoundTrip, FrontMatterCarriesEverySection) {
  const std::string scenario = std::string(MOEPLAN_SOURCE_DIR) + "/examples/seed/scenario.yaml";
  std::ostringstream out, err;
  const int rc = run_cli({"plan", scenario, "--format", "md", "--skew", "zipf:1.01:3", "--redundant", "8",
                          "--placement-algorithm", "eplb"},
                         out, err);
  ASSERT_EQ(rc, 0) << err.str();
  const std::string doc = out.str();
  ASSERT_EQ(doc.rfind("---\n", 0), 0u);
  const size_t end = doc.find("\n---\n", 4);
  ASSERT_NE(end, std::string::npos);
  const Scenario planned = load_scenario(scenario);
  const Scenario back = parse_scenario(doc.substr(4, end - 3), "front_matter.yaml");
  EXPECT_EQ(back.name, planned.name);
  EXPECT_EQ(back.description, planned.description);
  EXPECT_EQ(back.assumptions, planned.assumptions);
  EXPECT_EQ(back.model.num_experts, 16);
  EXPECT_EQ(back.cluster.gpu.memory_bytes, 64e9);  // the seed's "64 GB"
  EXPECT_EQ(back.workload.input_tokens, 2048);
  EXPECT_EQ(back.slo.ttft_s, planned.slo.ttft_s);
  EXPECT_EQ(back.slo.throughput_tokens_per_s, planned.slo.throughput_tokens_per_s);
  EXPECT_EQ(back.runtime.memory_fraction, planned.runtime.memory_fraction);
  EXPECT_EQ(back.calibration.hbm_efficiency, planned.calibration.hbm_efficiency);
  // placement: the flags given to plan.
  EXPECT_EQ(back.placement.skew, "zipf:1.01:3");
  EXPECT_EQ(back.placement.redundant_experts, 8);
  EXPECT_EQ(back.placement.algorithm, "eplb");
  ASSERT_TRUE(back.strategy.has_value());
  EXPECT_EQ(back.strategy->gpus(), 32);
}

TEST(DocumentRoundTrip, EvaluateWritesTheDocumentOfItsStrategy) {
  // evaluate --format md: the seed's own strategy (TP 4 x PP 4 x DP 2 = 32 GPUs), no search.
  const std::string scenario = std::string(MOEPLAN_SOURCE_DIR) + "/examples/seed/scenario.yaml";
  std::ostringstream out, err;
  run_cli({"evaluate", scenario, "--format", "md"}, out, err);  // 1: the seed misses its throughput objective
  ASSERT_EQ(err.str(), "");
  const std::string doc = out.str();
  ASSERT_EQ(doc.rfind("---\n", 0), 0u);
  const Scenario back = parse_scenario(doc.substr(4, doc.find("\n---\n", 4) - 3), "front_matter.yaml");
  ASSERT_TRUE(back.strategy.has_value());
  EXPECT_EQ(back.strategy->label(), "tp=4 pp=4 dp=2 ep=8 etp=1");
  EXPECT_NE(doc.find("# Deployment plan:"), std::string::npos);
}

// The front matter of `plan --format md` (a `---` block at the top), parsed.
Scenario front_matter_of(const std::string& doc) {
  EXPECT_EQ(doc.rfind("---\n", 0), 0u);
  const size_t end = doc.find("\n---\n", 4);
  EXPECT_NE(end, std::string::npos);
  return parse_scenario(doc.substr(4, end - 3), "front_matter.yaml");
}

// Two deployments are the same: the same pools (strategy, instances, GPU, redundant slots) and so the same
// figures, to the last bit (one cost model, the same inputs).
void expect_same_deployment(const Deployment& a, const Deployment& b) {
  ASSERT_EQ(a.pools.size(), b.pools.size());
  for (size_t i = 0; i < a.pools.size(); ++i) {
    EXPECT_EQ(a.pools[i].role, b.pools[i].role);
    EXPECT_EQ(a.pools[i].strategy, b.pools[i].strategy) << a.pools[i].strategy.label() << " vs " << b.pools[i].strategy.label();
    EXPECT_EQ(a.pools[i].scenario->cluster.gpu.name, b.pools[i].scenario->cluster.gpu.name);
    EXPECT_EQ(a.pools[i].experts.redundant_per_layer, b.pools[i].experts.redundant_per_layer);
    EXPECT_EQ(a.pools[i].concurrency_per_dp_rank, b.pools[i].concurrency_per_dp_rank);
    EXPECT_EQ(a.pools[i].scenario->runtime.prefill_chunk_tokens, b.pools[i].scenario->runtime.prefill_chunk_tokens);
  }
  EXPECT_EQ(a.rate_match.ratio, b.rate_match.ratio);
  EXPECT_EQ(a.rate_match.gpus, b.rate_match.gpus);
  EXPECT_DOUBLE_EQ(a.rate_match.output_tokens_per_s, b.rate_match.output_tokens_per_s);
  EXPECT_DOUBLE_EQ(a.ttft_s, b.ttft_s);
  EXPECT_DOUBLE_EQ(a.tpot_s, b.tpot_s);
  EXPECT_DOUBLE_EQ(a.kv_transfer.seconds, b.kv_transfer.seconds);
  EXPECT_EQ(a.slo.met, b.slo.met);
}

// A disaggregated deployment's document carries `serving:` with each pool as planned (issue 10: the writer used to
// drop it): read back, the same deployment, whether the pools were given (the SGLang example), searched with
// their instance counts left to rate matching (the auto example, which disaggregated wins), or on a GPU of their
// own whose engine figures differ from the cluster GPU's (SGLang's token budget: 16,384 on a B200, 8,192 on an H100).
TEST(DocumentRoundTrip, DisaggregatedDocumentRereadsToTheSameDeployment) {
  const std::string dir = std::string(MOEPLAN_SOURCE_DIR) + "/examples/disagg/";
  const std::string b200 = ::testing::TempDir() + "roundtrip_b200_prefill.yaml";
  {
    std::ofstream f(b200);
    f << "model: deepseek-v3\ncluster: {gpu: h100-sxm, gpus: 96, gpus_per_node: 8}\n"
         "workload: {input_tokens: 2000, output_tokens: 1000}\nslo: {ttft: \"5 s\", tpot: \"100 ms\"}\n"
         "runtime: {engine: sglang}\n"
         "serving:\n  mode: disaggregated\n  prefill: {gpu: b200, strategy: \"dp=8,ep=8\"}\n"
         "  decode: {strategy: \"dp=72,ep=72\", redundant_experts: 32}\n";
  }
  for (const std::string& path : {dir + "sglang-96xh100.yaml", dir + "auto-96xh100.yaml", b200}) {
    std::ostringstream out, err;
    ASSERT_EQ(run_cli({"plan", path, "--format", "md"}, out, err), 0) << path << ": " << err.str();
    if (load_scenario(path).serving.mode == ServingMode::kDisaggregated) {
      // evaluate --format md writes the same document.
      std::ostringstream eout, eerr;
      ASSERT_EQ(run_cli({"evaluate", path, "--format", "md"}, eout, eerr), 0) << eerr.str();
      EXPECT_EQ(eout.str(), out.str());
    }
    const Scenario back = front_matter_of(out.str());
    EXPECT_EQ(back.serving.mode, ServingMode::kDisaggregated) << path;  // the deployment the document describes
    ASSERT_TRUE(back.serving.prefill.strategy && back.serving.decode.strategy) << path;
    EXPECT_GE(back.serving.prefill.instances, 1);
    EXPECT_GE(back.serving.decode.instances, 1);
    const Scenario planned = load_scenario(path);
    const auto a = plan_disaggregated(planned, make_cost_models(planned));
    const auto b = plan_disaggregated(back, make_cost_models(back));
    ASSERT_TRUE(a && b) << path;
    SCOPED_TRACE(path);
    expect_same_deployment(*a, *b);
    // And the document of the re-read deployment is the same document.
    const std::string again = ::testing::TempDir() + "roundtrip_again.md";
    std::ofstream(again + ".yaml") << out.str().substr(4, out.str().find("\n---\n", 4) - 3);
    std::ostringstream out2, err2;
    ASSERT_EQ(run_cli({"plan", again + ".yaml", "--format", "md"}, out2, err2), 0) << err2.str();
    // (Past the front matter; an auto scenario's document adds the comparison, which a disaggregated one does not make.)
    auto body = [](const std::string& doc) {
      const std::string rest = doc.substr(doc.find("\n---\n"));
      return rest.substr(0, rest.find("\n## Aggregated or disaggregated"));
    };
    EXPECT_EQ(body(out2.str()), body(out.str()));
  }
  // The B200 prefill pool keeps its GPU's token budget through the round trip.
  const Scenario planned = load_scenario(b200);
  const auto d = plan_disaggregated(planned, make_cost_models(planned));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->prefill().scenario->runtime.prefill_chunk_tokens, 16384);
  EXPECT_EQ(d->decode().scenario->runtime.prefill_chunk_tokens, 8192);
}


// plan with serving.mode auto writes the winner's document and one sentence on
// why it wins; both check clean against the document's own front matter. Here
// aggregated wins (Mixtral-8x7B on 8 H100, 512 in / 2,000 out), and the
// sentence names the ratio ("1P:1D") and the prefill interference per token,
// neither of which is a GPU count or the deployment's TPOT.
TEST(DocumentRoundTrip, AutoPlanDocumentChecksClean) {
  const std::string path = ::testing::TempDir() + "auto_plan_doc.yaml";
  std::ofstream(path) << "model: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 8}\n"
                         "workload: {input_tokens: 512, output_tokens: 2000}\nslo: {tpot: \"50 ms\"}\n"
                         "runtime: {engine: sglang}\nserving: {mode: auto}\n";
  std::ostringstream out, err;
  ASSERT_EQ(run_cli({"plan", path, "--format", "md", "-o", path + ".md"}, out, err), 0) << err.str();
  std::ifstream in(path + ".md");
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_NE(doc.find("- Winner: aggregated."), std::string::npos);
  std::ostringstream cout_, cerr_;
  EXPECT_EQ(run_cli({"check", path + ".md"}, cout_, cerr_), 0) << cout_.str();
}

}  // namespace
}  // namespace moeplan
