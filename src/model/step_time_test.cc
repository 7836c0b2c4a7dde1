#include "model/step_time.h"

#include <gtest/gtest.h>

#include "search/serving.h"
#include "spec/scenario.h"

namespace moeplan {
namespace {

Scenario deepseek_on(const std::string& gpu, int gpus) {
  return parse_scenario("model: deepseek-v3\ncluster: {gpu: " + gpu + ", gpus: " + std::to_string(gpus) +
                            ", gpus_per_node: 8}\nworkload: {input_tokens: 4096, output_tokens: 1}\n",
                        "t.yaml");
}

// One MoE layer of DeepSeek-V3 at EP `ep` (DP = EP, TP 1), balanced routing.
StepBreakdown moe_layer(const Scenario& sc, int ep, Phase phase, double tokens, bool overlap) {
  const CostModels costs = make_cost_models(sc);
  const StepContext ctx{&sc.model, &sc.cluster, Strategy{1, 1, ep, ep, 1, {}}, 1.0, overlap};
  return moe_layer_block(ctx, *costs.predict, peak_rates(sc.cluster), StepInput{phase, tokens, tokens, 4096, 4096});
}

// Decode across nodes goes through DeepEP's low-latency kernels: one
// message per (token, selected expert), no node-level deduplication. DeepEP's
// README (deepseek-ai/DeepEP at 227c358, "Low-latency kernels", H800 + CX7
// 400 Gb/s, 128 tokens, hidden 7168, top-8, FP8 dispatch, BF16 combine)
// measures at EP128 dispatch 192 us and combine 369 us.
TEST(StepTime, LowLatencyAllToAllReproducesDeepEpTable) {
  const Scenario sc = deepseek_on("h800", 128);
  const StepBreakdown b = moe_layer(sc, 128, Phase::kDecode, 128, false);
  // Dispatch message: 7168 + 7168 / 128 x 4 + 16 = 7,408 B; combine 7168 x 2 = 14,336 B.
  // 128 tokens x 8 messages; 120 of every 128 go to another node's GPU, over
  // the NIC at 50 GB/s x 0.8 = 40 GB/s (the other 8 / 128 over NVLink, faster):
  //   dispatch 128 x 8 x 7,408 x 120/128 / 40e9 = 177.8 us,
  //   combine  128 x 8 x 14,336 x 120/128 / 40e9 = 344.1 us; 521.9 us together,
  // within 7 % of the published 192 + 369 = 561 us.
  const double dispatch = 128.0 * 8 * 7408 * 120 / 128 / 40e9;
  const double combine = 128.0 * 8 * 14336 * 120 / 128 / 40e9;
  EXPECT_NEAR(b.ep_comm, dispatch + combine, 1e-9);
  EXPECT_NEAR(b.ep_comm, 561e-6, 0.07 * 561e-6);
  // Prefill keeps the normal kernels' node-level deduplication: a token crosses
  // to each other node holding one of its experts once, fewer than 8 copies.
  const StepBreakdown p = moe_layer(sc, 128, Phase::kPrefill, 128, false);
  EXPECT_LT(p.inter_bytes, b.inter_bytes);
}

// Inside one node there is no NIC: decode keeps the NVLink all-to-all.
TEST(StepTime, SingleNodeDecodeKeepsNvlinkAllToAll) {
  const Scenario sc = deepseek_on("h100-sxm", 8);
  const StepBreakdown b = moe_layer(sc, 8, Phase::kDecode, 128, false);
  EXPECT_EQ(b.inter_bytes, 0.0);
  EXPECT_GT(b.intra_bytes, 0.0);
}

}  // namespace
}  // namespace moeplan
