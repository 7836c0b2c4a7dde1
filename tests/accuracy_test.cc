// Predicted vs published serving figures (docs/accuracy.md). Each published
// figure comes with its source; the test holds the model to the 20% median
// target of issue 3, and each figure to a 35% band.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "model/step_time.h"
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
  const char* what;
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
  return out;
}

TEST(Accuracy, PublishedDeepSeekProfile) {
  std::vector<double> errors;
  for (const auto& c : comparisons()) {
    const double error = std::fabs(c.predicted / c.published - 1);
    std::printf("%-62s predicted %8.0f published %8.0f error %5.1f%%\n", c.what, c.predicted, c.published, error * 100);
    EXPECT_LT(error, 0.35) << c.what;
    errors.push_back(error);
  }
  std::sort(errors.begin(), errors.end());
  EXPECT_LE(errors[errors.size() / 2], 0.20);
}

}  // namespace
}  // namespace moeplan
