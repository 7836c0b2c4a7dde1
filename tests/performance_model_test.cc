// Issue 8's mechanisms, each with a figure derived by hand or a published
// default: engine token budgets and batch caps, precision-aware compute,
// memory-bound experts costing their bytes, MTP, the one concurrency policy,
// and the one verdict.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "model/cost_model.h"
#include "model/step_time.h"
#include "placement/balance.h"
#include "search/plan.h"
#include "search/serving.h"
#include "support/fake_cost_model.h"
#include "spec/engine_defaults.h"
#include "spec/scenario.h"
#include "support/expect_input_error.h"

namespace moeplan {
namespace {

Scenario scenario(const std::string& yaml) { return parse_scenario(yaml, "t.yaml"); }

TEST(EngineDefaults, TokenBudgetAndBatchCapByEngineAndGpu) {
  // vLLM arg_utils.py: >= 70 GiB (75.16e9 B) and not an A100: 8192 tokens, 1024 sequences.
  const Scenario h100 = scenario("model: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 1000, output_tokens: 100}\n");
  EXPECT_EQ(h100.runtime.prefill_chunk_tokens, 8192);
  EXPECT_EQ(h100.runtime.max_batch_size, 1024);
  // An A100-80GB has 85.9e9 B but is an A100: 2048 tokens, 256 sequences (vLLM PR #17885).
  const Scenario a100 = scenario("model: mixtral-8x7b\ncluster: {gpu: a100-80gb, gpus: 8}\nworkload: {input_tokens: 1000, output_tokens: 100}\n");
  EXPECT_EQ(a100.runtime.prefill_chunk_tokens, 2048);
  EXPECT_EQ(a100.runtime.max_batch_size, 256);
  // SGLang server_args.py: 8192 below 160 GiB (H200 143,771 MiB), 16384 above (B200 183,359 MiB); no batch cap.
  const Scenario h200 = scenario("model: mixtral-8x7b\ncluster: {gpu: h200, gpus: 8}\nworkload: {input_tokens: 1000, output_tokens: 100}\nruntime: {engine: sglang}\n");
  EXPECT_EQ(h200.runtime.prefill_chunk_tokens, 8192);
  EXPECT_EQ(h200.runtime.max_batch_size, 0);
  const Scenario b200 = scenario("model: mixtral-8x7b\ncluster: {gpu: b200, gpus: 8}\nworkload: {input_tokens: 1000, output_tokens: 100}\nruntime: {engine: sglang}\n");
  EXPECT_EQ(b200.runtime.prefill_chunk_tokens, 16384);
  // TensorRT-LLM: max_num_tokens 8192, max_batch_size 2048.
  const Scenario trt = scenario("model: mixtral-8x7b\ncluster: {gpu: h200, gpus: 8}\nworkload: {input_tokens: 1000, output_tokens: 100}\nruntime: {engine: trtllm}\n");
  EXPECT_EQ(trt.runtime.prefill_chunk_tokens, 8192);
  EXPECT_EQ(trt.runtime.max_batch_size, 2048);
  // The scenario's own values win.
  const Scenario own = scenario("model: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 1000, output_tokens: 100}\n"
                                "runtime: {prefill_chunk_tokens: 4096, max_batch_size: 64}\n");
  EXPECT_EQ(own.runtime.prefill_chunk_tokens, 4096);
  EXPECT_EQ(own.runtime.max_batch_size, 64);
}

TEST(PrecisionAwareCompute, Fp4RunsOnFp4TensorCoresOnlyWhereTheGpuHasThem) {
  // B200 preset: 9000 TFLOP/s FP4, 4500 FP8, 2250 BF16 (dense). H100: no FP4 tensor cores,
  // so FP4 weights are dequantised and run at the BF16 rate (989 TFLOP/s).
  const Scenario b200 = scenario("model: mixtral-8x7b\ncluster: {gpu: b200, gpus: 8}\nworkload: {input_tokens: 1000, output_tokens: 100}\n");
  const Scenario h100 = scenario("model: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 1000, output_tokens: 100}\n");
  EXPECT_DOUBLE_EQ(peak_rates(b200.cluster).flops_per_s(DType::kFp4), 9000e12);
  EXPECT_DOUBLE_EQ(peak_rates(b200.cluster).flops_per_s(DType::kFp8), 4500e12);
  EXPECT_DOUBLE_EQ(peak_rates(h100.cluster).flops_per_s(DType::kFp4), 989e12);
  EXPECT_DOUBLE_EQ(peak_rates(h100.cluster).flops_per_s(DType::kFp8), 1979e12);
}

TEST(SizeAwareExperts, MemoryBoundExpertsCostTheirBytesWhetherShardedOrNot) {
  // Issue 8: Mixtral-8x7B BF16 on 8 H100 at 128 requests, decode. TP8 (experts sharded
  // 8 ways, ETP 8) and EP8 (one whole expert per GPU) read the same bytes per GPU: each
  // GPU holds 1/8 of the 8 experts = one expert's 3 x 4096 x 14336 x 2 B = 352 MB per layer.
  // Rows per expert are 128 x 2 / 8 = 32 (memory-bound), so both cost about those bytes at
  // HBM speed; EP8 adds its measured load imbalance (1.109) only to the rows, not the bytes.
  const Scenario sc = scenario("model: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 1000, output_tokens: 100}\n");
  const CostModels costs = make_cost_models(sc);
  const StepInput in{Phase::kDecode, 128, 128, 1050, 1050};
  auto experts_s = [&](const Strategy& s) {
    const StepContext ctx{&sc.model, &sc.cluster, s, s.ep > 1 ? sc.runtime.moe_load_imbalance : 1.0, false};
    return pass_blocks(ctx, *costs.predict, peak_rates(sc.cluster), in).moe.routed_experts;
  };
  const double tp8 = experts_s(Strategy{8, 1, 1, 1, 8, {}});
  const double ep8 = experts_s(Strategy{8, 1, 1, 8, 1, {}});
  // 352,321,536 B / (3.35e12 B/s x 0.8) = 131 us per layer at least; both within 25% of each other.
  EXPECT_GT(tp8, 352321536.0 / (3.35e12 * 0.8));
  EXPECT_GT(ep8, 352321536.0 / (3.35e12 * 0.8));
  EXPECT_LT(tp8 / ep8, 1.25);
  EXPECT_GT(tp8 / ep8, 0.8);
}

TEST(Mtp, TokensPerStepFromTheAcceptanceRate) {
  // DeepSeek-V3 has one MTP module. With 1 draft token accepted with probability 0.85
  // (DeepSeek-V3 report, 5.4.3) a step emits 1 + 0.85 = 1.85 tokens per sequence; with 2,
  // 1 + 0.85 + 0.85^2 = 2.5725.
  const std::string base = "model: deepseek-v3\ncluster: {gpu: h200, gpus: 8}\nworkload: {input_tokens: 1000, output_tokens: 1000}\n"
                           "strategy: {tp: 8, ep: 8}\n";
  const Scenario one = scenario(base + "runtime: {mtp_draft_tokens: 1}\n");
  const Scenario two = scenario(base + "runtime: {mtp_draft_tokens: 2, mtp_acceptance: 0.85}\n");
  EXPECT_TRUE(one.runtime.load_mtp);  // the drafts need the module's weights
  const OneMsPerGemm fake;
  const auto stages = stage_layers(*one.strategy, one.model);
  const Performance p1 = PerformanceModel(one, *one.strategy, stages, fake).predict(1);
  const Performance p2 = PerformanceModel(two, *two.strategy, stages, fake).predict(1);
  EXPECT_NEAR(p1.tokens_per_step, 1.85, 1e-12);
  EXPECT_NEAR(p2.tokens_per_step, 2.5725, 1e-12);
  // TPOT = (decode cycle + prefill stall) / tokens per step.
  EXPECT_NEAR(p1.tpot_s, (p1.decode_cycle_s + p1.prefill_stall_s) / 1.85, 1e-15);
  // A model without an MTP module cannot draft.
  expect_input_error([] { scenario("model: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 1000, output_tokens: 100}\n"
                                   "runtime: {mtp_draft_tokens: 1}\n"); },
                     {"t.yaml", "runtime.mtp_draft_tokens", "mixtral-8x7b", "mtp_modules"});
}

TEST(BatchCap, RequestsBeyondTheEngineCapWaitForASlot) {
  // max_batch_size 4, 8 requests per DP rank: 4 run, 4 wait. Throughput is the 4 running
  // ones'; the wait adds (8 - 4) / (requests per second per rank) to TTFT (Little's law
  // on the queue of 4 in front of a server finishing that many per second).
  const Scenario sc = scenario("model: seed-16x16\ncluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 512, output_tokens: 128}\n"
                               "runtime: {max_batch_size: 4}\nstrategy: {tp: 8, ep: 8}\n");
  const OneMsPerGemm fake;
  const auto stages = stage_layers(*sc.strategy, sc.model);
  const PerformanceModel m(sc, *sc.strategy, stages, fake);
  const Performance at4 = m.predict(4), at8 = m.predict(8);
  EXPECT_EQ(at8.running_per_dp_rank, 4);
  EXPECT_NEAR(at8.requests_per_s, at4.requests_per_s, 1e-12);
  EXPECT_NEAR(at8.ttft_s, at4.ttft_s + 4 / at4.requests_per_s, 1e-12);
}

TEST(ConcurrencyPolicy, LargestIntegerMeetingTheLatencyObjectives) {
  // Brute force over every concurrency: the policy's choice meets the TPOT objective and
  // the next integer does not (or the choice is the KV/batch limit).
  Scenario sc = scenario("model: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 2000, output_tokens: 500}\n"
                         "slo: {tpot: \"25 ms\"}\nstrategy: {tp: 8}\n");
  const CostModels costs = make_cost_models(sc);
  const auto stages = stage_layers(*sc.strategy, sc.model);
  const PerformanceModel m(sc, *sc.strategy, stages, *costs.predict);
  const ConcurrencyChoice c = choose_concurrency(m, sc.slo, 600, sc.runtime.max_batch_size);
  ASSERT_TRUE(c.latency_met);
  EXPECT_LE(m.predict(c.per_dp_rank).tpot_s, 0.025);
  if (c.per_dp_rank < 600) {
    EXPECT_GT(m.predict(c.per_dp_rank + 1).tpot_s, 0.025);
  }
  // Not a power of two: the integers between are searched too.
  EXPECT_NE(c.per_dp_rank & (c.per_dp_rank - 1), 0);
  // evaluate uses the same policy.
  const Plan p = evaluate_plan(sc, *sc.strategy);
  EXPECT_EQ(p.performance.concurrency_per_dp_rank,
            choose_concurrency(m, sc.slo, static_cast<int>(p.memory.kv_capacity_sequences), sc.runtime.max_batch_size).per_dp_rank);
}

TEST(OneVerdict, NotFittingMeetsNoObjectiveAndEvaluateExitsOne) {
  // DeepSeek-V3 in BF16 on 8 H100: 671e9 x 2 B = 1.34 TB of weights over 8 x 85.5 GB. It
  // cannot fit, so no objective is met, stated or not.
  const std::string yaml = "model: {preset: deepseek-v3, weight_dtype: bf16}\ncluster: {gpu: h100-sxm, gpus: 8}\n"
                           "workload: {input_tokens: 1000, output_tokens: 100}\nstrategy: {tp: 8, ep: 8}\n";
  const Scenario sc = scenario(yaml);
  const Plan p = evaluate_plan(sc, *sc.strategy);
  EXPECT_FALSE(p.memory.fits);
  EXPECT_FALSE(p.slo.met);
  ASSERT_FALSE(p.slo.checks.empty());
  EXPECT_EQ(p.slo.checks.front().metric, "memory");
  // An unsustainable rate fails TTFT as well as the rate: the queue grows without bound.
  Performance over;
  over.ttft_s = 0.1;
  over.sustainable = false;
  over.offered_requests_per_s = 10;
  over.max_requests_per_s = 5;
  Slo slo;
  slo.ttft_s = 1.0;
  const SloReport r = check_slo(slo, over);
  ASSERT_EQ(r.checks.size(), 2u);
  EXPECT_EQ(r.checks[0].metric, "ttft");
  EXPECT_FALSE(r.checks[0].met);
  EXPECT_EQ(r.checks[0].note, "the request queue grows without bound");
  // evaluate's exit status follows the verdict.
  const std::string path = ::testing::TempDir() + "/not_fitting.yaml";
  {
    std::ofstream f(path);
    f << yaml;
  }
  std::ostringstream out, err;
  EXPECT_EQ(run_cli({"evaluate", path}, out, err), 1);
}

TEST(PlacementOutOfSample, AFittedLayoutIsChargedTheSamplingSpreadOfEachStep) {
  // 8 GPUs, a layout fitted perfectly (max/mean 1.00 on its statistics), one step routing
  // 256 token-expert pairs: sqrt(2 ln 8) = 2.0393339, sqrt(8 x (1 - 1/8) / 256) = 0.1653595,
  // so the busiest GPU carries 1 + 2.0393339 x 0.1653595 = 1.3372232 times the mean.
  EXPECT_NEAR(step_max_over_mean(1.0, 256, 8), 1.3372232, 1e-6);
  // A fitted imbalance adds: 1.2 + 0.3372232.
  EXPECT_NEAR(step_max_over_mean(1.2, 256, 8), 1.5372232, 1e-6);
  // Large steps converge to the fitted figure; one GPU has no imbalance; never above G.
  EXPECT_NEAR(step_max_over_mean(1.0, 1e12, 8), 1.0, 1e-5);
  EXPECT_DOUBLE_EQ(step_max_over_mean(1.0, 256, 1), 1.0);
  EXPECT_DOUBLE_EQ(step_max_over_mean(1.0, 0.5, 8), 8.0);
  // In the serving model: a placement scoring 1.00 in-sample no longer beats a flat 1.00
  // at small batches (issue 8: adding skew used to make TPOT better).
  Scenario sc = scenario("model: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 1000, output_tokens: 100}\n"
                         "runtime: {moe_load_imbalance: 1.0}\nstrategy: {tp: 8, ep: 8}\n");
  const CostModels costs = make_cost_models(sc);
  const auto stages = stage_layers(*sc.strategy, sc.model);
  const PerformanceModel flat(sc, *sc.strategy, stages, *costs.predict, 0);
  const PerformanceModel placed(sc, *sc.strategy, stages, *costs.predict, 1.0);
  EXPECT_GT(placed.predict(2).tpot_s, flat.predict(2).tpot_s);
}

}  // namespace
}  // namespace moeplan
