// Speed of the memory part of `evaluate` and of strategy enumeration, on
// DeepSeek-V3 over 64 H100s. Run: make bench (figures quoted in README.md).
#include <benchmark/benchmark.h>

#include "search/plan.h"
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

void BM_EvaluateMemory_DeepSeekV3(benchmark::State& state) {
  const moeplan::Scenario& sc = deepseek_scenario();
  const moeplan::Strategy s = *sc.strategy;
  for (auto _ : state) {
    moeplan::Plan p = moeplan::evaluate_plan(sc, s);
    benchmark::DoNotOptimize(p.memory.total_bytes_max);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateMemory_DeepSeekV3);

void BM_EvaluateMemory_DeepSeekV3_PP4(benchmark::State& state) {
  const moeplan::Scenario& sc = deepseek_scenario();
  const moeplan::Strategy s{8, 4, 2, 16, 1, {}};
  for (auto _ : state) {
    moeplan::Plan p = moeplan::evaluate_plan(sc, s);
    benchmark::DoNotOptimize(p.memory.total_bytes_max);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateMemory_DeepSeekV3_PP4);

void BM_EnumerateStrategies_DeepSeekV3_64(benchmark::State& state) {
  const moeplan::Scenario& sc = deepseek_scenario();
  for (auto _ : state) {
    auto space = moeplan::enumerate_strategies(sc, false);
    benchmark::DoNotOptimize(space.valid.size());
  }
}
BENCHMARK(BM_EnumerateStrategies_DeepSeekV3_64);

}  // namespace

BENCHMARK_MAIN();
