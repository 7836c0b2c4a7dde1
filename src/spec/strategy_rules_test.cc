#include "spec/strategy_rules.h"

#include <gtest/gtest.h>

#include "spec/model_loader.h"

namespace moeplan {
namespace {

ClusterSpec cluster(int gpus, int per_node) {
  ClusterSpec c;
  c.gpus = gpus;
  c.gpus_per_node = per_node;
  return c;
}

TEST(StrategyRules, DefaultLayerSplitMatchesVllm) {
  // vLLM get_pp_indices: floor(61/4) = 15 each, remainder 1 to the stage before the last.
  EXPECT_EQ(default_layer_split(61, 4), (std::vector<int>{15, 15, 16, 15}));
  // 61 / 8 = 7 r 5: stages -2..-6 get one more.
  EXPECT_EQ(default_layer_split(61, 8), (std::vector<int>{7, 7, 8, 8, 8, 8, 8, 7}));
  EXPECT_EQ(default_layer_split(16, 4), (std::vector<int>{4, 4, 4, 4}));
  EXPECT_EQ(default_layer_split(5, 1), (std::vector<int>{5}));
}

TEST(StrategyRules, SeedStrategyIsValid) {
  const ModelSpec m = load_model_preset("seed-16x16", "");
  EXPECT_FALSE(strategy_problem(Strategy{4, 4, 2, 8, 1, {}}, m, cluster(32, 8)).has_value());
}

TEST(StrategyRules, RejectionReasons) {
  const ModelSpec seed = load_model_preset("seed-16x16", "");
  // TP 16 cannot stay inside an 8-GPU node.
  EXPECT_EQ(strategy_problem(Strategy{16, 1, 2, 32, 1, {}}, seed, cluster(32, 8))->reason, RejectReason::kTpCrossesNode);
  // EP 32 does not divide 16 experts.
  EXPECT_EQ(strategy_problem(Strategy{4, 1, 8, 32, 1, {}}, seed, cluster(32, 8))->reason,
            RejectReason::kExpertsNotDivisible);
  // EP x ETP must equal TP x DP.
  EXPECT_EQ(strategy_problem(Strategy{4, 1, 8, 8, 1, {}}, seed, cluster(32, 8))->reason, RejectReason::kEpEtpMismatch);
  // 32 heads are not divisible by TP 3 (on a 6-GPU node).
  EXPECT_EQ(strategy_problem(Strategy{3, 1, 2, 6, 1, {}}, seed, cluster(6, 6))->reason, RejectReason::kHeadsNotDivisible);
  // 17 stages for 16 layers.
  EXPECT_EQ(strategy_problem(Strategy{1, 17, 1, 1, 1, {}}, seed, cluster(17, 1))->reason, RejectReason::kPpExceedsLayers);
  // layers_per_stage must sum to the 16 layers.
  EXPECT_EQ(strategy_problem(Strategy{4, 2, 1, 4, 1, {8, 7}}, seed, cluster(8, 8))->reason,
            RejectReason::kLayerSplitMismatch);
}

TEST(StrategyRules, KvHeadsReplicateOrDivide) {
  // Qwen3-30B-A3B: 32 heads, 4 KV heads. TP 8: 8 % 4 == 0, heads replicated -> valid.
  const ModelSpec q = load_model_preset("qwen3-30b-a3b", "");
  EXPECT_FALSE(strategy_problem(Strategy{8, 1, 1, 8, 1, {}}, q, cluster(8, 8)).has_value());
  // Mixtral-8x7B: 8 KV heads, TP 16 across nodes allowed: 16 % 8 == 0 -> valid;
  // an inline model with 6 KV heads at TP 4: neither divides -> rejected.
  ModelSpec odd = q;
  odd.num_heads = 24;
  odd.num_kv_heads = 6;
  EXPECT_EQ(strategy_problem(Strategy{4, 1, 1, 4, 1, {}}, odd, cluster(4, 4))->reason,
            RejectReason::kKvHeadsNotDivisible);
}

}  // namespace
}  // namespace moeplan
