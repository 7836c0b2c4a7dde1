// Issue 8, item 5 (engine scheduling): the batch settings trtllm-bench chooses
// when its command line gives none (the TensorRT-LLM perf overview runs it so).
// Every expected figure is derived by hand from tensorrt_llm/bench/build/tuning.py
// and bench/benchmark/utils/general.py (NVIDIA/TensorRT-LLM at 04cba88).
#include "model/engine_batch.h"

#include <gtest/gtest.h>

#include "search/plan.h"
#include "spec/error.h"
#include "spec/scenario.h"
#include "spec/scenario_writer.h"

namespace moeplan {
namespace {

TEST(TrtllmBenchSettings, RoundsAsTheHeuristicDoes) {
  // 1293.8 requests, 1000/1000: raw_bs 1293.8 >= 1024 -> 256 x ceil(5.05) = 1536;
  // raw_token 1293.8 x 2 = 2587.6 < 4096 -> max(2048, 256 x ceil(10.1) = 2816) = 2816;
  // chunked prefill off: max(2816, 1000 + 1536 = 2536) = 2816.
  BatchLimits b = trtllm_bench_settings(1293.8, 1000, 1000, 1000, 1);
  EXPECT_EQ(b.max_batch, 1536);
  EXPECT_EQ(b.token_budget, 2816);
  // 3681 requests: 256 x ceil(14.38) = 3840; 7362 tokens -> 512 x ceil(14.38) = 7680 >= 1000 + 3840.
  b = trtllm_bench_settings(3681, 1000, 1000, 1000, 1);
  EXPECT_EQ(b.max_batch, 3840);
  EXPECT_EQ(b.token_budget, 7680);
  // 100 requests, 128/128: max(64, 32 x ceil(3.1) = 128) = 128; 200 tokens -> the 2048 floor.
  b = trtllm_bench_settings(100, 128, 128, 128, 1);
  EXPECT_EQ(b.max_batch, 128);
  EXPECT_EQ(b.token_budget, 2048);
  // 100 requests, 5000/500: 128; 100 x 11 = 1100 -> 2048, but the longest prompt must fit whole:
  // 5000 + 128 = 5128.
  b = trtllm_bench_settings(100, 5000, 500, 5000, 1);
  EXPECT_EQ(b.token_budget, 5128);
  // 5000 requests over 2 stages: min(5000, 4096) / 2 = 2048 -> 2048; 4096 tokens -> 512 x 8 = 4096.
  b = trtllm_bench_settings(5000, 1000, 1000, 1000, 2);
  EXPECT_EQ(b.max_batch, 2048);
  EXPECT_EQ(b.token_budget, 4096);
}

const char* kMaverickH100 =
    "model: {preset: llama-4-maverick, weight_dtype: fp8, kv_cache_dtype: fp8}\n"
    "cluster: {gpu: h100-sxm, gpus: 8}\n"
    "workload: {input_tokens: 1000, output_tokens: 1000}\n"
    "strategy: {tp: 8}\n";

TEST(TrtllmBenchSettings, SizedFromTheKvCacheTheBenchmarkExpects) {
  const Scenario sc = parse_scenario(std::string(kMaverickH100) + "runtime: {engine: trtllm, batch_settings: trtllm-bench}\n",
                                     "m.yaml");
  // H100 81,559 MiB = 79.65 GiB x 8 GPUs = 637.2 GiB; 401.58e9 FP8 parameters x 1 B = 374.0 GiB;
  // (637.2 - 374.0) x 0.9 = 236.9 GiB for the cache; a token 2 x 48 layers x max(8, 8) heads x 128 x 1 B
  // = 98,304 B = 9.155e-5 GiB, a request of 2000 tokens 0.1831 GiB: 1293.8 requests.
  const BatchLimits b = batch_limits(sc, *sc.strategy);
  EXPECT_NEAR(b.bench_kv_requests, 1293.8, 1.0);
  EXPECT_EQ(b.max_batch, 1536);
  EXPECT_EQ(b.token_budget, 2816);
  // The plan runs with them and says so.
  const Plan p = evaluate_plan(sc, *sc.strategy);
  EXPECT_EQ(p.batch.token_budget, 2816);
  EXPECT_NE(p.batch.source.find("trtllm-bench"), std::string::npos);
}

TEST(TrtllmBenchSettings, GivenFiguresWinAndTheEngineDefaultsStayWithout) {
  const Scenario given = parse_scenario(
      std::string(kMaverickH100) + "runtime: {engine: trtllm, batch_settings: trtllm-bench, max_batch_size: 512}\n", "m.yaml");
  const BatchLimits b = batch_limits(given, *given.strategy);
  EXPECT_EQ(b.max_batch, 512);
  EXPECT_EQ(b.token_budget, 2816);
  // Without batch_settings: trtllm-serve's 8192 tokens and 2048 requests (engine_defaults.cc).
  const Scenario serve = parse_scenario(std::string(kMaverickH100) + "runtime: {engine: trtllm}\n", "m.yaml");
  const BatchLimits d = batch_limits(serve, *serve.strategy);
  EXPECT_EQ(d.max_batch, 2048);
  EXPECT_EQ(d.token_budget, 8192);
  EXPECT_TRUE(d.source.empty());
}

TEST(TrtllmBenchSettings, AWrittenScenarioKeepsTheSettingAndPinsNoStrategysFigures) {
  const Scenario a = parse_scenario(std::string(kMaverickH100) + "runtime: {engine: trtllm, batch_settings: trtllm-bench}\n",
                                    "m.yaml");
  const std::string yaml = scenario_to_yaml(a, *a.strategy);
  EXPECT_NE(yaml.find("batch_settings: trtllm-bench"), std::string::npos) << yaml;
  EXPECT_EQ(yaml.find("prefill_chunk_tokens"), std::string::npos) << yaml;
  EXPECT_EQ(yaml.find("max_batch_size"), std::string::npos) << yaml;
  const Scenario b = parse_scenario(yaml, "again.yaml");
  EXPECT_EQ(batch_limits(b, *b.strategy).token_budget, 2816);
}

TEST(TrtllmBenchSettings, AScenarioTurnedToAnotherEngineKeepsThatEnginesFigures) {
  // `moeplan export --engine vllm` re-targets a parsed scenario: trtllm-bench's settings are TensorRT-LLM's only.
  Scenario sc = parse_scenario(std::string(kMaverickH100) + "runtime: {engine: trtllm, batch_settings: trtllm-bench}\n",
                               "m.yaml");
  sc.runtime.engine = Engine::kVllm;
  const BatchLimits b = batch_limits(sc, *sc.strategy);
  EXPECT_EQ(b.token_budget, sc.runtime.prefill_chunk_tokens);
  EXPECT_NE(b.token_budget, 2816);
  EXPECT_TRUE(b.source.empty());
}

TEST(TrtllmBenchSettings, OtherEnginesAreRefusedNamingTheField) {
  try {
    parse_scenario(std::string(kMaverickH100) + "runtime: {engine: vllm, batch_settings: trtllm-bench}\n", "m.yaml");
    FAIL() << "accepted trtllm-bench settings for vLLM";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("m.yaml"), std::string::npos) << what;
    EXPECT_NE(what.find("runtime.batch_settings"), std::string::npos) << what;
    EXPECT_NE(what.find("vllm"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace moeplan
