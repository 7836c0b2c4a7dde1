// Predicted vs published serving figures (docs/accuracy.md). Each published
// figure comes with its source; the test holds the model to the 20% median
// absolute error of issue 3, and each figure to within a factor of two.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <tuple>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/error_band.h"
#include "model/step_time.h"
#include "search/plan.h"
#include "search/serving.h"
#include "spec/scenario.h"

namespace moeplan {
namespace {

// The figures docs/accuracy.md reports, as regression guards.
constexpr double kAccuracyInSampleMedian = 0.135;
constexpr double kAccuracyCrossValidatedMedian = 0.155;

Scenario h800_deepseek(int gpus) {
  Scenario sc = parse_scenario("model: deepseek-v3\ncluster: {gpu: h800, gpus: " + std::to_string(gpus) +
                                   ", gpus_per_node: 8}\nworkload: {input_tokens: 4096, output_tokens: 1}\n"
                                   "runtime: {two_batch_overlap: true, moe_load_imbalance: 1.0}\n",
                               "accuracy.yaml");
  return sc;
}

// The constants fitted to published figures (docs/accuracy.md): each
// comparison is recomputed under every grid point, so that leave-one-out
// cross-validation can refit them without the case it then predicts.
struct Fitted {
  double grouped_gemm_efficiency;
  double kernels_per_layer;
  double decode_overhead_s;
};

void apply(const Fitted& f, Scenario& sc) {
  sc.calibration.grouped_gemm_efficiency = f.grouped_gemm_efficiency;
  sc.calibration.kernels_per_layer = f.kernels_per_layer;
  sc.calibration.decode_overhead_s = f.decode_overhead_s;
}

// One forward pass on one GPU of a single-stage, TP1 deployment.
double pass_seconds(Scenario sc, const Fitted& f, const Strategy& s, const StepInput& in, bool decode,
                    double* sol = nullptr) {
  apply(f, sc);
  const CostModels costs = make_cost_models(sc);
  const StepContext ctx{&sc.model, &sc.cluster, s, 1.0, true};
  const StageLayers stage = stage_layers(s, sc.model).front();
  const StepBreakdown b = stage_step(ctx, *costs.predict, peak_rates(sc.cluster), stage, in);
  if (sol) *sol = b.sol_seconds(peak_rates(sc.cluster));
  return b.total + (decode ? costs.predict->decode_overhead_seconds() : costs.predict->prefill_overhead_seconds());
}

struct Comparison {
  std::string what;
  double predicted;
  double published;
  double bound;  // the speed-of-light figure of the same scenario
};

std::vector<Comparison> comparisons(const Fitted& f) {
  std::vector<Comparison> out;
  auto pass = [&](const std::string& what, const Scenario& sc, const Strategy& s, const StepInput& in, bool decode,
                  double published) {
    double sol = 0;
    const double t = pass_seconds(sc, f, s, in, decode, &sol);
    out.push_back({what, in.tokens / t, published, in.tokens / sol});
  };
  {
    // deepseek-ai/profile-data README: prefill with EP32, TP1, 4K prompts, 16K tokens
    // per GPU, two micro-batches overlapping compute and all-to-all, balanced routing.
    // Issue 3 quotes 7,839 input tokens/s per GPU for it.
    pass("DeepSeek-V3 prefill, H800, EP32 (input tokens/s per GPU)", h800_deepseek(32), Strategy{1, 1, 32, 32, 1, {}},
         StepInput{Phase::kPrefill, 16384, 4, 4096, 2048}, false, 7839);
  }
  {
    // Same source: decode with EP128, TP1, 4K prompts, 128 requests per GPU, two
    // micro-batches; issue 3 quotes 2,324 output tokens/s per GPU.
    pass("DeepSeek-V3 decode, H800, EP128 (output tokens/s per GPU)", h800_deepseek(128), Strategy{1, 1, 128, 128, 1, {}},
         StepInput{Phase::kDecode, 128, 128, 4096, 4096}, true, 2324);
  }
  {
    // LMSYS large-scale EP blog (docs/accuracy_sources.md M3): decode-only DeepSeek-V3
    // on 72 H100s, EP72, 256 requests per GPU at KV length 2,000: 22,282 output tokens/s
    // per node = 2,785 per GPU.
    Scenario sc = h800_deepseek(72);
    sc.cluster = parse_scenario("model: deepseek-v3\ncluster: {gpu: h100-sxm, gpus: 72, gpus_per_node: 8}\n"
                                "workload: {input_tokens: 2000, output_tokens: 1}\n", "a.yaml").cluster;
    pass("DeepSeek-V3 decode, 72 x H100, EP72 (output tokens/s per GPU)", sc, Strategy{1, 1, 72, 72, 1, {}},
         StepInput{Phase::kDecode, 256, 256, 2000, 2000}, true, 2785);
  }
  {
    // Same blog (M2): prefill-only, 32 H100s, EP32, 4K prompts: 50,302 input tokens/s per
    // node = 6,288 per GPU (tokens per GPU per pass not stated; 16K as DeepSeek's profile).
    Scenario sc = h800_deepseek(32);
    sc.cluster = parse_scenario("model: deepseek-v3\ncluster: {gpu: h100-sxm, gpus: 32, gpus_per_node: 8}\n"
                                "workload: {input_tokens: 4096, output_tokens: 1}\n", "a.yaml").cluster;
    pass("DeepSeek-V3 prefill, 32 x H100, EP32 (input tokens/s per GPU)", sc, Strategy{1, 1, 32, 32, 1, {}},
         StepInput{Phase::kPrefill, 16384, 4, 4096, 2048}, false, 6288);
  }
  // End-to-end serving: the whole serving model at the published concurrency.
  // The cases, their sources and figures: tests/data/accuracy/serving_cases.json
  // (docs/accuracy_sources.md has each measurement's details).
  std::ifstream in(std::string(MOEPLAN_SOURCE_DIR) + "/tests/data/accuracy/serving_cases.json");
  const nlohmann::json cases = nlohmann::json::parse(in);
  for (const auto& c : cases) {
    Scenario sc = parse_scenario(c["scenario"].get<std::string>(), "accuracy.yaml");
    apply(f, sc);
    const Plan p = evaluate_plan(sc, *sc.strategy);
    out.push_back({c["name"].get<std::string>(), p.performance.output_tokens_per_s,
                   c["published_output_tokens_per_s"].get<double>(), p.performance.sol_output_tokens_per_s});
  }
  return out;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * (static_cast<double>(v.size()) - 1);
  const size_t i = static_cast<size_t>(pos);
  const double frac = pos - static_cast<double>(i);
  return i + 1 < v.size() ? v[i] * (1 - frac) + v[i + 1] * frac : v[i];
}

// The grid the fitted constants are searched over (docs/accuracy.md).
std::vector<Fitted> grid() {
  std::vector<Fitted> g;
  for (double grouped : {0.2, 0.3, 0.5, 0.7, 1.0})
    for (double kernels : {4.0, 8.0, 16.0, 32.0})
      for (double decode : {0.5e-3, 1e-3, 2e-3, 4e-3}) g.push_back({grouped, kernels, decode});
  return g;
}

Fitted defaults() {
  const Calibration c = Calibration::defaults();
  return {c.grouped_gemm_efficiency, c.kernels_per_layer, c.decode_overhead_s};
}

struct CrossValidation {
  std::vector<Comparison> in_sample;  // at the shipped defaults
  std::vector<double> loo_ratio;      // predicted / published with the constants refitted without the case
  std::vector<Fitted> loo_fit;
};

const CrossValidation& cross_validation() {
  static const CrossValidation cv = [] {
    CrossValidation r;
    r.in_sample = comparisons(defaults());
    const std::vector<Fitted> g = grid();
    std::vector<std::vector<double>> err(g.size());  // |log(predicted / published)| per grid point and case
    std::vector<std::vector<double>> ratio(g.size());
    for (size_t i = 0; i < g.size(); ++i)
      for (const Comparison& c : comparisons(g[i])) {
        ratio[i].push_back(c.predicted / c.published);
        err[i].push_back(std::fabs(c.predicted / c.published - 1));
      }
    const size_t cases = r.in_sample.size();
    for (size_t left = 0; left < cases; ++left) {
      size_t best = 0;
      double best_median = 1e300;
      for (size_t i = 0; i < g.size(); ++i) {
        std::vector<double> rest;
        for (size_t k = 0; k < cases; ++k)
          if (k != left) rest.push_back(err[i][k]);
        const double m = median(rest);
        if (m < best_median) {
          best_median = m;
          best = i;
        }
      }
      r.loo_ratio.push_back(ratio[best][left]);
      r.loo_fit.push_back(g[best]);
    }
    return r;
  }();
  return cv;
}

TEST(Accuracy, PublishedFiguresInSampleAndCrossValidated) {
  const CrossValidation& cv = cross_validation();
  std::vector<double> in_errors, loo_errors;
  for (size_t i = 0; i < cv.in_sample.size(); ++i) {
    const Comparison& c = cv.in_sample[i];
    const double error = std::fabs(c.predicted / c.published - 1);
    const double loo = std::fabs(cv.loo_ratio[i] - 1);
    std::printf("%-70.70s predicted %8.0f published %8.0f error %6.1f%%  cross-validated %6.1f%%\n", c.what.c_str(),
                c.predicted, c.published, error * 100, loo * 100);
    in_errors.push_back(error);
    loo_errors.push_back(loo);
    // A prediction never beats its own speed-of-light bound; a published
    // figure above the bound of its scenario means the scenario is wrong.
    EXPECT_LE(c.predicted, c.bound * (1 + 1e-9)) << c.what;
    EXPECT_LE(c.published, c.bound) << c.what << ": the scenario's inputs cannot produce the published figure";
  }
  std::map<std::tuple<double, double, double>, int> fits;
  for (const Fitted& f : cv.loo_fit) ++fits[{f.grouped_gemm_efficiency, f.kernels_per_layer, f.decode_overhead_s}];
  for (const auto& [f, n] : fits)
    std::printf("refit without one case: grouped %.2f, kernels/layer %.0f, decode overhead %.1f ms in %d of %zu folds\n",
                std::get<0>(f), std::get<1>(f), std::get<2>(f) * 1e3, n, cv.loo_fit.size());
  const double in_median = median(in_errors), loo_median = median(loo_errors);
  std::printf("median absolute error over %zu cases: %.1f%% in sample, %.1f%% leave-one-out cross-validated\n",
              in_errors.size(), in_median * 100, loo_median * 100);
  // Regression guards at the figures docs/accuracy.md reports (rounded up).
  EXPECT_LE(in_median, kAccuracyInSampleMedian);
  EXPECT_LE(loo_median, kAccuracyCrossValidatedMedian);
  for (const double e : loo_errors) EXPECT_LT(e, 2.0);
}

// The error band every prediction carries (performance.error_band) is the
// 10th-90th percentile of the cross-validated published / predicted ratio:
// the constants in model/error_band.h must be what this table gives.
TEST(Accuracy, ErrorBandIsTheCrossValidatedSpread) {
  const CrossValidation& cv = cross_validation();
  std::vector<double> published_over_predicted;
  for (const double r : cv.loo_ratio) published_over_predicted.push_back(1 / r);
  const double low = quantile(published_over_predicted, 0.1), high = quantile(published_over_predicted, 0.9);
  std::printf("cross-validated published / predicted: 10th percentile %.3f, 90th %.3f\n", low, high);
  EXPECT_NEAR(kErrorBandLow, low, 0.01);
  EXPECT_NEAR(kErrorBandHigh, high, 0.01);
}

// Every latency of every serving case is at or above its own speed-of-light bound, bursts included (a burst's
// mean TPOT is bounded by the fastest decode step, not by a steady state's steps that carry prompts): SGLang's
// attention-DP burst of M9's 2,000-token run once printed a 245.7 ms TPOT under a 285.3 ms "bound".
TEST(Accuracy, NoLatencyBeatsItsBound) {
  std::ifstream in(std::string(MOEPLAN_SOURCE_DIR) + "/tests/data/accuracy/serving_cases.json");
  const nlohmann::json cases = nlohmann::json::parse(in);
  std::vector<std::pair<std::string, std::string>> scenarios;
  for (const auto& c : cases) scenarios.emplace_back(c["name"].get<std::string>(), c["scenario"].get<std::string>());
  scenarios.emplace_back("SGLang attention DP 8, burst",
                         "model: deepseek-v3\ncluster: {gpu: h200, gpus: 8}\n"
                         "workload: {input_tokens: 2000, output_tokens: 100, arrival: burst, requests: 500}\n"
                         "runtime: {engine: sglang}\nstrategy: {tp: 1, dp: 8, ep: 1, etp: 8}\n");
  for (const auto& [name, text] : scenarios) {
    const Scenario sc = parse_scenario(text, "accuracy.yaml");
    const Plan p = evaluate_plan(sc, *sc.strategy);
    EXPECT_GE(p.performance.tpot_s, p.performance.sol_tpot_s * (1 - 1e-9)) << name;
    EXPECT_GE(p.performance.ttft_s, p.performance.sol_ttft_s * (1 - 1e-9)) << name;
  }
}

}  // namespace
}  // namespace moeplan
