// Serving pools in a document (issue 10): which words name a pool, which
// pool a number goes with, and the layout a pool region is judged under.
#include "check/pools.h"

#include <gtest/gtest.h>

#include "check/claims.h"
#include "check/markdown.h"
#include "check/verify.h"

namespace moeplan {
namespace {

TEST(CheckPools, TitlesNameAPoolWithARoleAndAPoolNoun) {
  EXPECT_EQ(pool_of_title("Prefill pool"), PoolRole::kPrefill);
  EXPECT_EQ(pool_of_title("Decode instances (EP144)"), PoolRole::kDecode);
  EXPECT_EQ(pool_of_title("Prefilling Phase [Routed Expert EP32, MLA/Shared Expert DP32]"), PoolRole::kPrefill);
  EXPECT_EQ(pool_of_title("Generation servers"), PoolRole::kDecode);
  // A role alone is a phase of an aggregated deployment, not a pool.
  EXPECT_EQ(pool_of_title("Prefill"), std::nullopt);
  EXPECT_EQ(pool_of_title("Decode throughput"), std::nullopt);
  EXPECT_EQ(pool_of_title("Memory Layout"), std::nullopt);
}

TEST(CheckPools, EachNumberOfALineGoesWithThePoolNamedBeforeIt) {
  // The line: "prefill" at byte 0, "decode" at byte 26 (after "prefill: EP32 on 4 nodes; ").
  const std::string line = "prefill: EP32 on 4 nodes; decode: EP144 on 18 nodes";
  const std::vector<PoolMention> m = pools_of_line(line);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].col, 0u);
  EXPECT_EQ(m[0].role, PoolRole::kPrefill);
  EXPECT_EQ(m[1].col, 26u);
  EXPECT_EQ(m[1].role, PoolRole::kDecode);
  EXPECT_EQ(pool_at(m, line.find("EP32")), PoolRole::kPrefill);
  EXPECT_EQ(pool_at(m, line.find("18")), PoolRole::kDecode);
  // A table row labelled with a role; a pool phrase anywhere.
  EXPECT_EQ(pools_of_line("| decode | H200 | TP=4 | 4 |").size(), 1u);
  EXPECT_EQ(pools_of_line("We run 3 prefill nodes and 9 decode nodes.").size(), 2u);
  // Role words that label nothing: the prefill of an aggregated deployment.
  EXPECT_TRUE(pools_of_line("TTFT = prefill (TP=4) + the first decode step").empty());
  EXPECT_TRUE(pools_of_line("| TTFT | prefill of 2048 tokens |").empty());
}

const char* kAggregated = "model: deepseek-v3\ncluster: {gpu: h800, gpus: 96, gpus_per_node: 8}\n"
                          "workload: {input_tokens: 4096, output_tokens: 1024}\n";

TEST(CheckPools, WithoutTheScenariosPoolTheStatedDegreesMakeTheLayout) {
  const Scenario sc = parse_scenario(kAggregated, "agg.yaml");
  // EP32 alone: an attention-DP group, DP = EP x ETP / TP = 32, on 32 GPUs; 64 GPUs stated make 2 instances.
  StatedLayout stated;
  stated.degrees.ep = 32;
  PoolLayout one = pool_layout(sc, PoolRole::kPrefill, stated);
  ASSERT_TRUE(one.scenario) << one.problem;
  EXPECT_EQ(one.strategy.label(), "tp=1 pp=1 dp=32 ep=32 etp=1");
  EXPECT_EQ(one.scenario->cluster.gpus, 32);
  stated.gpus = 64;
  PoolLayout two = pool_layout(sc, PoolRole::kPrefill, stated);
  ASSERT_TRUE(two.scenario);
  EXPECT_EQ(two.strategy.instances, 2);
  EXPECT_EQ(two.scenario->cluster.gpus, 64);
  // EP 144 does not divide 256 experts (no redundant slots here): no layout, and why.
  StatedLayout bad;
  bad.degrees.ep = 144;
  const PoolLayout none = pool_layout(sc, PoolRole::kDecode, bad);
  EXPECT_FALSE(none.scenario);
  EXPECT_NE(none.problem.find("not divisible"), std::string::npos) << none.problem;
  // Nothing stated, no pool in the scenario: nothing to judge under.
  EXPECT_FALSE(pool_layout(sc, PoolRole::kDecode, StatedLayout{}).scenario);
}

TEST(CheckPools, TheScenariosPoolIsTheLayoutItsDegreesAreClaimsAbout) {
  // serving.decode: dp 72, ep 72 with 32 redundant slots, on H200: whatever the document states.
  const Scenario sc = parse_scenario(std::string(kAggregated) +
                                         "serving:\n  mode: disaggregated\n  prefill: {strategy: \"dp=24,ep=24\", redundant_experts: 32}\n"
                                         "  decode: {gpu: h200, strategy: \"dp=72,ep=72\", instances: 1, redundant_experts: 32}\n",
                                     "dis.yaml");
  StatedLayout stated;
  stated.degrees.ep = 64;
  const PoolLayout d = pool_layout(sc, PoolRole::kDecode, stated);
  ASSERT_TRUE(d.scenario) << d.problem;
  EXPECT_EQ(d.strategy.label(), "tp=1 pp=1 dp=72 ep=72 etp=1");
  EXPECT_EQ(d.scenario->cluster.gpu.name, "h200");
  EXPECT_EQ(d.scenario->placement.redundant_experts, 32);
}

TEST(CheckPools, AHandWrittenLineIsCheckedPoolByPool) {
  // An aggregated scenario, so each pool's layout is what its clause states. Prefill EP32: 256 / 32 = 8 experts
  // per GPU per MoE layer (right); decode EP64: 256 / 64 = 4 (8 is wrong); 8 nodes x 8 = 64 GPUs is not read.
  const std::string line = "prefill: EP32, 8 experts per GPU per MoE layer; decode: EP64, 8 experts per GPU per MoE layer.";
  const std::string text = std::string("---\n") + kAggregated + "---\n\n# Plan\n\n" + line + "\n";
  const MarkdownDocument doc = parse_markdown(text, "pools.md");
  const Scenario sc = parse_scenario(doc.front_matter->text, "pools.md");
  const CheckReport r = check_document(doc, extract_claims(doc), &sc, CheckOptions{});
  int experts = 0;
  for (const Finding& f : r.findings) {
    if (f.quantity.rfind("experts_per_gpu", 0) != 0) continue;
    ++experts;
    const bool decode = f.col_begin > line.find("decode");
    EXPECT_EQ(f.verdict, decode ? Verdict::kWrong : Verdict::kCorrect) << f.text << ": " << f.explanation;
    EXPECT_EQ(f.expected.value_or(0), decode ? 4 : 8) << f.explanation;
    EXPECT_EQ(f.strategy.rfind(decode ? "decode pool tp=1 pp=1 dp=64 ep=64" : "prefill pool tp=1 pp=1 dp=32 ep=32", 0), 0u)
        << f.strategy;
  }
  EXPECT_EQ(experts, 2);
}

}  // namespace
}  // namespace moeplan
