#include "model/memory.h"

#include <gtest/gtest.h>

#include "search/plan.h"
#include "spec/scenario.h"

namespace moeplan {
namespace {

Scenario seed_scenario() {
  return load_scenario(std::string(MOEPLAN_SOURCE_DIR) + "/examples/seed/scenario.yaml");
}

// The seed's TP=4 x PP=4 x DP=2, EP=8 (issue 2: 2 experts per GPU per MoE
// layer, 8 in total, weights 0.67-0.74 GB per GPU depending on the stage).
TEST(Memory, SeedWeightsPerStageByHand) {
  const Scenario sc = seed_scenario();
  ASSERT_TRUE(sc.strategy.has_value());
  const Plan p = evaluate_plan(sc, *sc.strategy);
  ASSERT_EQ(p.memory.stages.size(), 4u);
  const ComponentBytes& first = p.memory.stages[0].weights;
  // Attention: 67,108,864 params per layer / TP 4 x 4 layers x 2 B = 134,217,728 B.
  EXPECT_DOUBLE_EQ(first.attention, 134217728.0);
  // Experts: 16 / EP 8 = 2 per MoE layer x 33,554,432 params x 4 layers x 2 B = 536,870,912 B.
  EXPECT_DOUBLE_EQ(first.routed_experts, 536870912.0);
  // Router (replicated): 65,536 x 4 layers x 2 B = 524,288 B; norms 8,192 x 4 x 2 B = 65,536 B.
  EXPECT_DOUBLE_EQ(first.router, 524288.0);
  EXPECT_DOUBLE_EQ(first.norms, 65536.0);
  // Vocab-parallel embedding: 32,000 / 4 = 8,000 rows x 4096 x 2 B = 65,536,000 B.
  EXPECT_DOUBLE_EQ(first.embedding, 65536000.0);
  // Stage 0: 134,217,728 + 536,870,912 + 524,288 + 65,536 + 65,536,000 = 737,214,464 B (0.74 GB).
  EXPECT_DOUBLE_EQ(p.memory.stages[0].weights_bytes, 737214464.0);
  // Middle stages: no embedding: 671,678,464 B (0.67 GB).
  EXPECT_DOUBLE_EQ(p.memory.stages[1].weights_bytes, 671678464.0);
  EXPECT_DOUBLE_EQ(p.memory.stages[2].weights_bytes, 671678464.0);
  // Last stage: LM head slice 65,536,000 B + final norm 4,096 x 2 B = 737,222,656 B.
  EXPECT_DOUBLE_EQ(p.memory.stages[3].weights_bytes, 737222656.0);
  EXPECT_DOUBLE_EQ(p.memory.weights_bytes_max, 737222656.0);
}

TEST(Memory, SeedExpertCountsPerLayerAndTotal) {
  const Scenario sc = seed_scenario();
  const Plan p = evaluate_plan(sc, *sc.strategy);
  // 16 experts / EP 8 = 2 per GPU in each MoE layer; 4 MoE layers per stage -> 8 in total.
  EXPECT_EQ(p.experts.per_gpu_per_moe_layer, 2);
  EXPECT_EQ(p.experts.per_gpu_total_max, 8);
  EXPECT_EQ(p.experts.per_gpu_total_min, 8);
  // One EP group of 8 GPUs per stage (ETP 1): 4 groups; each stage's 8 GPUs are one node.
  EXPECT_EQ(p.experts.ep_groups, 4);
  EXPECT_EQ(p.experts.ep_group_size, 8);
  EXPECT_FALSE(p.experts.ep_group_spans_nodes);
}

TEST(Memory, SeedKvAndBudgetByHand) {
  const Scenario sc = seed_scenario();
  const Plan p = evaluate_plan(sc, *sc.strategy);
  const StageMemory& s0 = p.memory.stages[0];
  // KV per token per GPU: 4 layers x 2 x (32 / 4) heads x 128 x 2 B = 16,384 B.
  EXPECT_DOUBLE_EQ(s0.kv_bytes_per_token, 16384.0);
  // The seed's GPU has 64 GB = 59.6 GiB, under the 70 GiB above which vLLM schedules 8192
  // tokens per step: its default token budget there is 2048 (spec/engine_defaults.cc).
  // Activations, 2,048-token chunk, bf16: residual+norm 2 x 2048 x 4096 x 2 = 33,554,432 B;
  // MoE: 2048 x DP 2 x top-2 / EP 8 = 1,024 tokens received x 2 B x (2 x 4096 + 2 x 4096)
  // = 33,554,432 B (larger than attention's 2048 x 2 x 128 x 32 = 16,777,216). Sum 67,108,864 B.
  EXPECT_EQ(sc.runtime.prefill_chunk_tokens, 2048);
  EXPECT_DOUBLE_EQ(s0.activation_bytes, 67108864.0);
  // Budget: 0.9 x 64e9 = 57.6e9 usable - 737,214,464 - 67,108,864 - 3.85e9 reserve = 52,945,676,672 B.
  EXPECT_DOUBLE_EQ(s0.usable_bytes, 57.6e9);
  EXPECT_NEAR(s0.kv_budget_bytes, 52945676672.0, 1.0);
  // 52,945,676,672 / 16,384 = 3,231,547.6 tokens; a 2,560-token request holds 41,943,040 B -> 1,262.
  EXPECT_DOUBLE_EQ(s0.kv_capacity_tokens, 3231547.0);
  EXPECT_DOUBLE_EQ(s0.kv_capacity_sequences, 1262.0);
  EXPECT_TRUE(p.memory.fits);
  // One engine instance: its 2 DP ranks x the fullest stage's 1,262 = 2,524; the seed runs one instance.
  EXPECT_DOUBLE_EQ(p.memory.kv_capacity_sequences, 2524.0);
  EXPECT_DOUBLE_EQ(p.memory.kv_capacity_sequences_all_instances, 2524.0);
}

TEST(Memory, KvCapacityOverAllInstances) {
  // The seed's layout on 64 GPUs as two engine instances of its 32: each holds 2 x 1,262 = 2,524 requests of 2,560
  // tokens (SeedKvAndBudgetByHand), the deployment 2 x 2,524 = 5,048.
  Scenario sc = seed_scenario();
  sc.cluster.gpus = 64;
  Strategy st = *sc.strategy;
  st.instances = 2;
  const Plan p = evaluate_plan(sc, st);
  EXPECT_DOUBLE_EQ(p.memory.kv_capacity_sequences, 2524.0);
  EXPECT_DOUBLE_EQ(p.memory.kv_capacity_sequences_all_instances, 5048.0);
}

TEST(Memory, TrtllmFractionAppliesToFreeMemory) {
  Scenario sc = seed_scenario();
  sc.runtime.engine = Engine::kTrtllm;
  const Plan p = evaluate_plan(sc, *sc.strategy);
  const StageMemory& s0 = p.memory.stages[0];
  // The scenario was read for vLLM (2048-token budget, activations 67,108,864 B, above).
  // Free = 64e9 - (737,214,464 + 67,108,864 + 3.85e9) = 59,345,676,672; x 0.9 = 53,411,109,004.8.
  EXPECT_NEAR(s0.kv_budget_bytes, 53411109004.8, 1.0);
}

TEST(Memory, ConcurrencyBeyondKvCapacityDoesNotFit) {
  Scenario sc = seed_scenario();
  // 1,257 requests fit per DP rank on stage 0; 2 DP ranks x 1,300 = 2,600 requests do not.
  sc.workload.concurrency = 2600;
  const Plan p = evaluate_plan(sc, *sc.strategy);
  EXPECT_FALSE(p.memory.fits);
  EXPECT_NE(p.memory.why_not.find("1300 requests per DP rank"), std::string::npos) << p.memory.why_not;
  sc.workload.concurrency = 2400;  // 1,200 per DP rank: fits
  EXPECT_TRUE(evaluate_plan(sc, *sc.strategy).memory.fits);
}

TEST(Memory, DeepSeekV3DoesNotFitOnOneNodeInBf16ButFitsInFp8On16) {
  // 671 B parameters: FP8 (~1 B each) needs ~84 GB per GPU on 8 GPUs, more
  // than the 0.9 x 85.52 GB = 76.97 GB vLLM may use of an H100's driver
  // capacity (81,559 MiB) -> no; on 16 H100s ~42 GB -> yes. `{tp: 8}` alone
  // shards the experts by TP 8 (vLLM's default), the same bytes as EP 8.
  Scenario sc = parse_scenario(R"(
model: deepseek-v3
cluster: {gpu: h100-sxm, gpus: 8}
workload: {input_tokens: 2048, output_tokens: 512}
strategy: {tp: 8}
)", "t.yaml");
  EXPECT_FALSE(evaluate_plan(sc, *sc.strategy).memory.fits);
  Scenario sc16 = parse_scenario(R"(
model: deepseek-v3
cluster: {gpu: h100-sxm, gpus: 16, gpus_per_node: 8}
workload: {input_tokens: 2048, output_tokens: 512}
strategy: {tp: 8, dp: 2, ep: 16}
)", "t.yaml");
  const Plan p = evaluate_plan(sc16, *sc16.strategy);
  EXPECT_TRUE(p.memory.fits) << p.memory.why_not;
  // 256 / 16 = 16 experts per GPU per MoE layer; all 58 MoE layers on the one stage -> 928.
  EXPECT_EQ(p.experts.per_gpu_per_moe_layer, 16);
  EXPECT_EQ(p.experts.per_gpu_total_max, 928);
  EXPECT_TRUE(p.experts.ep_group_spans_nodes);
}

}  // namespace
}  // namespace moeplan
