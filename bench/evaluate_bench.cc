// Speed of the memory part of `evaluate` and of strategy enumeration, on
// DeepSeek-V3 over 64 H100s. Run: make bench (figures quoted in README.md).
#include <benchmark/benchmark.h>

#include "search/plan.h"
#include "search/search.h"
#include "search/serving.h"
#include "search/strategies.h"
#include "spec/scenario.h"

namespace {

const moeplan::Scenario& deepseek_scenario() {
  static const moeplan::Scenario sc = moeplan::parse_scenario(R"(
model: deepseek-v3
cluster: {gpu: h100-sxm, gpus: 64, gpus_per_node: 8}
workload: {input_tokens: 2048, output_tokens: 512}
slo: {ttft: "2 s", tpot: "50 ms", throughput: "100 tokens/ms"}
strategy: {tp: 8, pp: 1, dp: 8, ep: 64}
)", "bench.yaml");
  return sc;
}

// The memory part of `evaluate`: stage split, expert distribution, per-stage memory.
void BM_EvaluateMemory_DeepSeekV3(benchmark::State& state) {
  const moeplan::Scenario& sc = deepseek_scenario();
  const moeplan::Strategy s = *sc.strategy;
  for (auto _ : state) {
    const auto stages = moeplan::stage_layers(s, sc.model);
    const auto experts = moeplan::expert_distribution(s, sc.model, stages, sc.cluster.gpus_per_node);
    const moeplan::MemoryReport m = moeplan::compute_memory(sc, s, stages);
    benchmark::DoNotOptimize(m.total_bytes_max + experts.per_gpu_total_max);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateMemory_DeepSeekV3);

void BM_EvaluateMemory_DeepSeekV3_PP4(benchmark::State& state) {
  const moeplan::Scenario& sc = deepseek_scenario();
  const moeplan::Strategy s{8, 4, 2, 16, 1, {}};
  for (auto _ : state) {
    const auto stages = moeplan::stage_layers(s, sc.model);
    const auto experts = moeplan::expert_distribution(s, sc.model, stages, sc.cluster.gpus_per_node);
    const moeplan::MemoryReport m = moeplan::compute_memory(sc, s, stages);
    benchmark::DoNotOptimize(m.total_bytes_max + experts.per_gpu_total_max);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateMemory_DeepSeekV3_PP4);

// A full `evaluate` of one strategy: memory, performance over the concurrency sweep.
void BM_EvaluatePlan_DeepSeekV3(benchmark::State& state) {
  const moeplan::Scenario& sc = deepseek_scenario();
  const moeplan::CostModels costs = moeplan::make_cost_models(sc);
  for (auto _ : state) {
    moeplan::Plan p = moeplan::evaluate_plan(sc, *sc.strategy, costs);
    benchmark::DoNotOptimize(p.performance.output_tokens_per_s);
  }
}
BENCHMARK(BM_EvaluatePlan_DeepSeekV3);

void BM_EnumerateStrategies_DeepSeekV3_64(benchmark::State& state) {
  const moeplan::Scenario& sc = deepseek_scenario();
  for (auto _ : state) {
    auto space = moeplan::enumerate_strategies(sc, false);
    benchmark::DoNotOptimize(space.valid.size());
  }
}
BENCHMARK(BM_EnumerateStrategies_DeepSeekV3_64);

// One strategy evaluation as the search does it: memory at capacity, the
// per-strategy performance model, and one concurrency's prediction.
void BM_StrategyEvaluation_DeepSeekV3(benchmark::State& state) {
  const moeplan::Scenario& sc = deepseek_scenario();
  const moeplan::CostModels costs = moeplan::make_cost_models(sc);
  const moeplan::Strategy s{8, 1, 8, 64, 1, {}};
  const auto stages = moeplan::stage_layers(s, sc.model);
  for (auto _ : state) {
    const moeplan::MemoryReport mem = moeplan::compute_memory(sc, s, stages, 0);
    const moeplan::PerformanceModel perf(sc, s, stages, *costs.predict);
    const moeplan::Performance p = perf.predict(64);
    benchmark::DoNotOptimize(p.output_tokens_per_s + mem.total_bytes_max);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StrategyEvaluation_DeepSeekV3);

// One more concurrency of an already built performance model.
void BM_ConcurrencyEvaluation_DeepSeekV3(benchmark::State& state) {
  const moeplan::Scenario& sc = deepseek_scenario();
  const moeplan::CostModels costs = moeplan::make_cost_models(sc);
  const moeplan::Strategy s{8, 1, 8, 64, 1, {}};
  const auto stages = moeplan::stage_layers(s, sc.model);
  const moeplan::PerformanceModel perf(sc, s, stages, *costs.predict);
  int n = 1;
  for (auto _ : state) {
    benchmark::DoNotOptimize(perf.predict(n).output_tokens_per_s);
    n = n % 256 + 1;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ConcurrencyEvaluation_DeepSeekV3);

// The whole `moeplan plan` search: every strategy x concurrency on 64 H100s.
void BM_PlanSearch_DeepSeekV3_64(benchmark::State& state) {
  const moeplan::Scenario& sc = deepseek_scenario();
  int64_t evaluations = 0;
  for (auto _ : state) {
    auto r = moeplan::search_plans(sc, moeplan::SearchOptions{});
    evaluations += r.evaluated_count + r.policy_evaluations;
    benchmark::DoNotOptimize(r.candidates.data());
  }
  // Strategy x concurrency points evaluated per second, everything included.
  state.SetItemsProcessed(evaluations);
}
BENCHMARK(BM_PlanSearch_DeepSeekV3_64)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
