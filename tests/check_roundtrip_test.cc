// A document moeplan writes always passes its own check: for every preset,
// `plan --format md` then `check` finds nothing wrong, impossible,
// unsupported or ambiguous.
#include <gtest/gtest.h>

#include "check/claims.h"
#include "check/markdown.h"
#include "check/verify.h"
#include "render/document.h"
#include "search/disagg.h"
#include "search/search.h"
#include "spec/model_loader.h"

namespace moeplan {
namespace {

TEST(CheckRoundTrip, PlanDocumentChecksCleanForEveryPreset) {
  for (const auto& name : model_preset_names()) {
    const Scenario sc = parse_scenario("model: " + name +
                                           "\ncluster: {gpu: h200, gpus: 16, gpus_per_node: 8}\n"
                                           "workload: {input_tokens: 2000, output_tokens: 400}\n"
                                           "slo: {ttft: \"3 s\", tpot: \"100 ms\"}\n",
                                       "t.yaml");
    const SearchResult r = search_plans(sc, SearchOptions{});
    ASSERT_TRUE(r.recommended.has_value()) << name;
    const std::string text = render_document(*r.recommended, &r);
    const MarkdownDocument doc = parse_markdown(text, name + ".md");
    ASSERT_TRUE(doc.front_matter.has_value());
    const Scenario back = parse_scenario(doc.front_matter->text, name + ".md");
    const CheckReport report = check_document(doc, extract_claims(doc), &back, CheckOptions{});
    EXPECT_GT(report.count(Verdict::kCorrect), 30) << name;
    for (const auto& f : report.findings) {
      const bool clean = f.verdict == Verdict::kCorrect || f.verdict == Verdict::kUnverifiable;
      EXPECT_TRUE(clean) << name << " line " << f.line << " [" << to_string(f.verdict) << "] " << f.quantity << ": "
                         << f.text << " -- " << f.explanation;
    }
  }
}

// The same for the other engines, whose memory rules differ: TensorRT-LLM gives the KV cache its fraction of the
// memory left free (the document once wrote "usable = 0.9 x capacity" for it, which its own check then found wrong),
// and trtllm-bench's batch settings are resolved per strategy.
TEST(CheckRoundTrip, PlanDocumentChecksCleanForEveryEngine) {
  for (const std::string runtime : {"{engine: trtllm}", "{engine: trtllm, batch_settings: trtllm-bench}", "{engine: sglang}"}) {
    for (const std::string name : {"deepseek-v3", "qwen3-235b-a22b", "mixtral-8x7b", "gpt-oss-120b", "llama-4-maverick"}) {
      const Scenario sc = parse_scenario("model: " + name +
                                             "\ncluster: {gpu: h200, gpus: 16, gpus_per_node: 8}\n"
                                             "workload: {input_tokens: 2000, output_tokens: 400}\n"
                                             "slo: {ttft: \"3 s\", tpot: \"100 ms\"}\nruntime: " + runtime + "\n",
                                         "t.yaml");
      const SearchResult r = search_plans(sc, SearchOptions{});
      ASSERT_TRUE(r.recommended.has_value()) << name << " " << runtime;
      const std::string text = render_document(*r.recommended, &r);
      const MarkdownDocument doc = parse_markdown(text, name + ".md");
      ASSERT_TRUE(doc.front_matter.has_value());
      const Scenario back = parse_scenario(doc.front_matter->text, name + ".md");
      const CheckReport report = check_document(doc, extract_claims(doc), &back, CheckOptions{});
      EXPECT_GT(report.count(Verdict::kCorrect), 30) << name << " " << runtime;
      for (const auto& f : report.findings) {
        const bool clean = f.verdict == Verdict::kCorrect || f.verdict == Verdict::kUnverifiable;
        EXPECT_TRUE(clean) << name << " " << runtime << " line " << f.line << " [" << to_string(f.verdict) << "] "
                           << f.quantity << ": " << f.text << " -- " << f.explanation;
      }
    }
  }
}

// A TensorRT-LLM layout that does not fit leaves nothing free for the KV cache; the document says so instead of a
// sum with a negative free memory in it ("54 GB + 0.9 x (50 GB - 54 GB)").
TEST(CheckRoundTrip, TensorRtLlmDocumentOfALayoutThatDoesNotFit) {
  const Scenario sc = parse_scenario("model: deepseek-v3\ncluster: {gpu: h100-sxm, gpus: 8}\n"
                                     "workload: {input_tokens: 1000, output_tokens: 100}\nruntime: {engine: trtllm}\n"
                                     "strategy: {tp: 8}\n",
                                     "t.yaml");
  const Plan p = evaluate_plan(sc, *sc.strategy);
  ASSERT_FALSE(p.memory.fits);
  const std::string text = render_document(p, nullptr);
  EXPECT_NE(text.find("nothing is left free for TensorRT-LLM's KV cache"), std::string::npos);
  EXPECT_EQ(text.find("× (85.52 GB −"), std::string::npos);
}

// With a `placement:` section (redundant expert slots), the document's expert
// counts include the slots: "(E + redundant) / EP" per GPU, and "N redundant
// expert slots per MoE layer" is a count of slots, not of experts. Checked
// against the scenario itself (the front matter's writer is another layer's).
TEST(CheckRoundTrip, PlanDocumentWithPlacementChecksClean) {
  for (const std::string name : {"deepseek-v2-lite", "qwen3-30b-a3b", "gpt-oss-20b"}) {
    const Scenario sc = parse_scenario("model: " + name +
                                           "\ncluster: {gpu: h200, gpus: 16, gpus_per_node: 8}\n"
                                           "workload: {input_tokens: 2000, output_tokens: 400}\n"
                                           "slo: {ttft: \"3 s\", tpot: \"100 ms\"}\n"
                                           "strategy: {tp: 1, pp: 1, dp: 16, ep: 16}\n"
                                           "placement: {redundant_experts: 16, skew: \"zipf:1.01:7\"}\n",
                                       "t.yaml");
    const SearchResult r = search_plans(sc, SearchOptions{});
    ASSERT_TRUE(r.recommended.has_value()) << name;
    const std::string text = render_document(*r.recommended, &r);
    const MarkdownDocument doc = parse_markdown(text, name + ".md");
    // The document is written for the recommended strategy, as its front matter says.
    Scenario documented = sc;
    documented.strategy = r.recommended->strategy;
    const CheckReport report = check_document(doc, extract_claims(doc), &documented, CheckOptions{});
    EXPECT_GT(report.count(Verdict::kCorrect), 30) << name;
    for (const auto& f : report.findings) {
      const bool clean = f.verdict == Verdict::kCorrect || f.verdict == Verdict::kUnverifiable;
      EXPECT_TRUE(clean) << name << " line " << f.line << " [" << to_string(f.verdict) << "] " << f.quantity << ": "
                         << f.text << " -- " << f.explanation;
    }
  }
}

// A disaggregated deployment's document (issue 10) checks clean against its own front matter: each pool section
// is a region judged under that pool's strategy, GPU type and instance count (experts per GPU, weights, memory
// of the pool's GPU), the pools' rates and latencies are left unverifiable, and nothing is wrong, impossible,
// unsupported, ambiguous or not understood. Pools given, searched with instances from rate matching, on a GPU of
// their own (H200 decode on an H100 cluster), several instances of a dense-attention MoE (Mixtral, TP pools), and
// a model whose pools hold different numbers of experts per GPU.
TEST(CheckRoundTrip, DisaggregatedDocumentChecksClean) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"deepseek-v3 given pools",
       "model: deepseek-v3\ncluster: {gpu: h100-sxm, gpus: 96, gpus_per_node: 8}\n"
       "workload: {input_tokens: 2000, output_tokens: 1000}\nslo: {ttft: \"5 s\", tpot: \"100 ms\"}\n"
       "runtime: {engine: sglang, two_batch_overlap: true}\nserving:\n  mode: disaggregated\n"
       "  prefill: {strategy: {dp: 24, ep: 24}, instances: 1, redundant_experts: 32}\n"
       "  decode: {strategy: {dp: 72, ep: 72}, instances: 1, redundant_experts: 32}\n"},
      {"deepseek-v3 given pools and an aggregated strategy, which is not the deployment",
       "model: deepseek-v3\ncluster: {gpu: h100-sxm, gpus: 96, gpus_per_node: 8}\n"
       "workload: {input_tokens: 2000, output_tokens: 1000}\nslo: {ttft: \"5 s\", tpot: \"100 ms\"}\n"
       "runtime: {engine: sglang}\nstrategy: {pp: 3, dp: 32, ep: 32}\nserving:\n  mode: disaggregated\n"
       "  prefill: {strategy: {dp: 24, ep: 24}, instances: 1, redundant_experts: 32}\n"
       "  decode: {strategy: {dp: 72, ep: 72}, instances: 1, redundant_experts: 32}\n"},
      {"deepseek-v3 H200 decode",
       "model: deepseek-v3\ncluster: {gpu: h100-sxm, gpus: 96, gpus_per_node: 8}\n"
       "workload: {input_tokens: 2000, output_tokens: 1000}\nslo: {ttft: \"5 s\", tpot: \"100 ms\"}\n"
       "runtime: {engine: sglang}\nserving:\n  mode: disaggregated\n"
       "  prefill: {strategy: {dp: 32, ep: 32}, redundant_experts: 32}\n"
       "  decode: {gpu: h200, strategy: {dp: 32, ep: 32}, redundant_experts: 32}\n"},
      {"mixtral searched",
       "model: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 16, gpus_per_node: 8}\n"
       "workload: {input_tokens: 4096, output_tokens: 256}\nslo: {ttft: \"2 s\", tpot: \"50 ms\"}\n"
       "serving: {mode: disaggregated}\n"},
      {"mixtral instances and stages",
       "model: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 16, gpus_per_node: 8}\n"
       "workload: {input_tokens: 4096, output_tokens: 256}\nslo: {ttft: \"2 s\", tpot: \"50 ms\"}\n"
       "serving: {mode: disaggregated, prefill: {strategy: \"tp=2\", instances: 3}, decode: {strategy: \"tp=4,pp=2\"}}\n"},
      {"qwen3-30b-a3b searched",
       "model: qwen3-30b-a3b\ncluster: {gpu: h200, gpus: 16, gpus_per_node: 8}\n"
       "workload: {input_tokens: 2000, output_tokens: 400}\nslo: {ttft: \"3 s\", tpot: \"100 ms\"}\n"
       "serving: {mode: disaggregated, decode: {strategy: \"tp=1,ep=8\"}}\n"},
  };
  for (const auto& [name, text] : cases) {
    SCOPED_TRACE(name);
    const Scenario sc = parse_scenario(text, "t.yaml");
    const auto d = plan_disaggregated(sc, make_cost_models(sc));
    ASSERT_TRUE(d.has_value());
    const MarkdownDocument doc = parse_markdown(render_deployment_document(sc, *d), "disagg.md");
    ASSERT_TRUE(doc.front_matter.has_value());
    const Scenario back = parse_scenario(doc.front_matter->text, "disagg.md");
    const CheckReport report = check_document(doc, extract_claims(doc), &back, CheckOptions{});
    int in_pools = 0;
    for (const auto& f : report.findings) {
      const bool clean = f.verdict == Verdict::kCorrect || f.verdict == Verdict::kUnverifiable;
      EXPECT_TRUE(clean) << "line " << f.line << " [" << to_string(f.verdict) << "] " << f.quantity << ": " << f.text << " -- "
                         << f.explanation;
      if (f.verdict == Verdict::kCorrect && (f.strategy.starts_with("prefill pool") || f.strategy.starts_with("decode pool")))
        ++in_pools;
    }
    // Each pool section: its degrees, experts per GPU per MoE layer and in total, weights, memory, the GPU's.
    EXPECT_GE(in_pools, 2 * 8) << report.count(Verdict::kCorrect);
  }
}

}  // namespace
}  // namespace moeplan
