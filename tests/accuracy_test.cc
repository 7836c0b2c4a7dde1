// Predicted vs published serving figures (docs/accuracy.md). Each published
// figure comes with its source; the test holds the model to the 20% median
// absolute error of issue 3, and each figure to within a factor of two.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/step_time.h"
#include "search/plan.h"
#include "search/serving.h"
#include "spec/scenario.h"

namespace moeplan {
namespace {

Scenario h800_deepseek(int gpus) {
  Scenario sc = parse_scenario("model: deepseek-v3\ncluster: {gpu: h800, gpus: " + std::to_string(gpus) +
                                   ", gpus_per_node: 8}\nworkload: {input_tokens: 4096, output_tokens: 1}\n"
                                   "runtime: {two_batch_overlap: true, moe_load_imbalance: 1.0}\n",
                               "accuracy.yaml");
  return sc;
}

// One forward pass on one GPU of a single-stage, TP1 deployment.
double pass_seconds(const Scenario& sc, const Strategy& s, const StepInput& in, bool decode) {
  const CostModels costs = make_cost_models(sc);
  const StepContext ctx{&sc.model, &sc.cluster, s, 1.0, true};
  const StageLayers stage = stage_layers(s, sc.model).front();
  const StepBreakdown b = stage_step(ctx, *costs.predict, peak_rates(sc.cluster), stage, in);
  return b.total + (decode ? costs.predict->decode_overhead_seconds() : costs.predict->prefill_overhead_seconds());
}

struct Comparison {
  std::string what;
  double predicted;
  double published;
};

std::vector<Comparison> comparisons() {
  std::vector<Comparison> out;
  {
    // deepseek-ai/profile-data README: prefill with EP32, TP1, 4K prompts, 16K tokens
    // per GPU, two micro-batches overlapping compute and all-to-all, balanced routing.
    // Issue 3 quotes 7,839 input tokens/s per GPU for it.
    const Scenario sc = h800_deepseek(32);
    const StepInput in{Phase::kPrefill, 16384, 4, 4096, 2048};
    out.push_back({"DeepSeek-V3 prefill, H800, EP32 (input tokens/s per GPU)",
                   16384 / pass_seconds(sc, Strategy{1, 1, 32, 32, 1, {}}, in, false), 7839});
  }
  {
    // Same source: decode with EP128, TP1, 4K prompts, 128 requests per GPU, two
    // micro-batches; issue 3 quotes 2,324 output tokens/s per GPU.
    const Scenario sc = h800_deepseek(128);
    const StepInput in{Phase::kDecode, 128, 128, 4096, 4096};
    out.push_back({"DeepSeek-V3 decode, H800, EP128 (output tokens/s per GPU)",
                   128 / pass_seconds(sc, Strategy{1, 1, 128, 128, 1, {}}, in, true), 2324});
  }
  {
    // LMSYS large-scale EP blog (docs/accuracy_sources.md M3): decode-only DeepSeek-V3
    // on 72 H100s, EP72, 256 requests per GPU at KV length 2,000: 22,282 output tokens/s
    // per node = 2,785 per GPU.
    Scenario sc = h800_deepseek(72);
    sc.cluster = parse_scenario("model: deepseek-v3\ncluster: {gpu: h100-sxm, gpus: 72, gpus_per_node: 8}\n"
                                "workload: {input_tokens: 2000, output_tokens: 1}\n", "a.yaml").cluster;
    const StepInput in{Phase::kDecode, 256, 256, 2000, 2000};
    out.push_back({"DeepSeek-V3 decode, 72 x H100, EP72 (output tokens/s per GPU)",
                   256 / pass_seconds(sc, Strategy{1, 1, 72, 72, 1, {}}, in, true), 2785});
  }
  {
    // Same blog (M2): prefill-only, 32 H100s, EP32, 4K prompts: 50,302 input tokens/s per
    // node = 6,288 per GPU (tokens per GPU per pass not stated; 16K as DeepSeek's profile).
    Scenario sc = h800_deepseek(32);
    sc.cluster = parse_scenario("model: deepseek-v3\ncluster: {gpu: h100-sxm, gpus: 32, gpus_per_node: 8}\n"
                                "workload: {input_tokens: 4096, output_tokens: 1}\n", "a.yaml").cluster;
    const StepInput in{Phase::kPrefill, 16384, 4, 4096, 2048};
    out.push_back({"DeepSeek-V3 prefill, 32 x H100, EP32 (input tokens/s per GPU)",
                   16384 / pass_seconds(sc, Strategy{1, 1, 32, 32, 1, {}}, in, false), 6288});
  }
  // End-to-end serving: the whole serving model at the published concurrency.
  // The cases, their sources and figures: tests/data/accuracy/serving_cases.json
  // (docs/accuracy_sources.md has each measurement's details).
  std::ifstream in(std::string(MOEPLAN_SOURCE_DIR) + "/tests/data/accuracy/serving_cases.json");
  const nlohmann::json cases = nlohmann::json::parse(in);
  for (const auto& c : cases) {
    const Scenario sc = parse_scenario(c["scenario"].get<std::string>(), "accuracy.yaml");
    const Plan p = evaluate_plan(sc, *sc.strategy);
    out.push_back({c["name"].get<std::string>(), p.performance.output_tokens_per_s,
                   c["published_output_tokens_per_s"].get<double>()});
  }
  return out;
}

TEST(Accuracy, PublishedDeepSeekProfile) {
  std::vector<double> errors;
  for (const auto& c : comparisons()) {
    const double error = std::fabs(c.predicted / c.published - 1);
    std::printf("%-62s predicted %8.0f published %8.0f error %5.1f%%\n", c.what.c_str(), c.predicted, c.published, error * 100);
    EXPECT_LT(error, 1.0) << c.what;
    errors.push_back(error);
  }
  std::sort(errors.begin(), errors.end());
  EXPECT_LE(errors[errors.size() / 2], 0.20);
}

}  // namespace
}  // namespace moeplan
