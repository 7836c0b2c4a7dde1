#include "search/strategies.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "spec/model_loader.h"

namespace moeplan {
namespace {

Scenario scenario_for(const std::string& model, int gpus) {
  return parse_scenario("model: " + model + "\ncluster: {gpu: h100-sxm, gpus: " + std::to_string(gpus) +
                            ", gpus_per_node: 8}\nworkload: {input_tokens: 2048, output_tokens: 512}\n",
                        "t.yaml");
}

TEST(Strategies, SeedSpaceCountsByHand) {
  // 32 = 2^5 GPUs. For each pp | 32, N = 32 / pp GPUs per stage; tp ranges over the
  // divisors of N and ep over the divisors of tp x dp = N, so a pp contributes d(N)^2:
  // N = 32, 16, 8, 4, 2, 1 -> 36 + 25 + 16 + 9 + 4 + 1 = 91 candidates for one instance.
  // Issue 10: i | 32 instances of 32 / i GPUs each: count(16) = 25+16+9+4+1 = 55,
  // count(8) = 30, count(4) = 14, count(2) = 5, count(1) = 1: 91 + 105 = 196.
  const Scenario sc = scenario_for("seed-16x16", 32);
  const StrategySpace space = enumerate_strategies(sc, true);
  EXPECT_EQ(space.considered, 196);
  // Valid: tp in {1,2,4,8} (inside an 8-GPU node), ep | 16 experts, pp <= 16 layers:
  // pp=1: 4 tp x 5 ep = 20; pp=2: 4 x 5 = 20; pp=4: 4 x 4 = 16; pp=8: 3 x 3 = 9; pp=16: 2 x 2 = 4.
  // Instances of 16 GPUs: pp=1: 4 tp x 5 ep = 20; pp=2: 4 x 4 = 16; pp=4: 3 x 3 = 9; pp=8: 4;
  // pp=16: 1 -> 50. Of 8: 16 + 9 + 4 + 1 = 30; of 4: 14; of 2: 5; of 1: 1 -> 69 + 100 = 169.
  EXPECT_EQ(space.valid.size(), 169u);
  // Rejected (first failing rule): TP across nodes: pp=1 tp in {16,32} x 6 ep = 12, pp=2 tp=16 x 5 = 5;
  // EP 32 with pp=1 and tp in {1,2,4,8}: 4; pp=32 > 16 layers: 1.
  // Instances of 16 GPUs with tp=16: 5 ep more.
  EXPECT_EQ(space.rejected_counts.at(RejectReason::kTpCrossesNode), 22);
  EXPECT_EQ(space.rejected_counts.at(RejectReason::kExpertsNotDivisible), 4);
  EXPECT_EQ(space.rejected_counts.at(RejectReason::kPpExceedsLayers), 1);
  EXPECT_EQ(space.rejected.size(), 27u);
  bool found = false;
  for (const auto& c : space.valid) found |= c.strategy == Strategy{4, 4, 2, 8, 1, {}};
  EXPECT_TRUE(found);
}

// Invariants over every valid strategy of every preset on 64 GPUs.
TEST(Strategies, PropertiesHoldForEveryPreset) {
  for (const auto& name : model_preset_names()) {
    const Scenario sc = scenario_for(name, 64);
    const StrategySpace space = enumerate_strategies(sc, false);
    ASSERT_GT(space.valid.size(), 0u) << name;
    for (const auto& c : space.valid) {
      const Strategy& s = c.strategy;
      // Products of degrees equal the GPU count.
      EXPECT_EQ(s.instances * s.pp * s.tp * s.dp, 64) << name << " " << s.label();
      if (!sc.model.is_moe()) {  // a dense model's replicas are its DP
        EXPECT_EQ(s.instances, 1) << name;
      }
      if (sc.model.is_moe()) {
        EXPECT_EQ(s.ep * s.etp, s.tp * s.dp) << name;
      }
      const Plan p = evaluate_plan(sc, s);
      // Layers are conserved over stages.
      int layers = 0;
      for (const auto& st : p.stages) layers += st.layers;
      EXPECT_EQ(layers, sc.model.num_layers);
      if (!sc.model.is_moe()) continue;
      // Every expert of every MoE layer sits on exactly EP x ETP / EP = ETP GPUs of its
      // stage, one distinct shard each.
      std::map<std::pair<int, int>, std::set<int>> shards;  // (stage, expert) -> etp ranks
      std::map<std::pair<int, int>, int> holders;
      for (const GpuView& v : per_gpu(p)) {
        for (int e = v.first_expert; e < v.first_expert + p.experts.per_gpu_per_moe_layer; ++e) {
          shards[{v.coord.stage, e}].insert(v.coord.etp_rank);
          holders[{v.coord.stage, e}] += 1;
        }
      }
      ASSERT_EQ(shards.size(), static_cast<size_t>(s.pp * sc.model.num_experts)) << name << " " << s.label();
      for (const auto& [key, ranks] : shards) {
        EXPECT_EQ(static_cast<int>(ranks.size()), s.etp);
        EXPECT_EQ(holders[key], s.etp);
      }
    }
  }
}

// Weights per GPU never decrease when TP, PP or EP shrinks (ETP fixed).
TEST(Strategies, WeightsMonotoneWhenDegreesShrink) {
  for (const std::string name : {"deepseek-v3", "mixtral-8x7b", "qwen3-30b-a3b", "seed-16x16", "llama-4-maverick"}) {
    const Scenario sc = scenario_for(name, 64);
    const StrategySpace space = enumerate_strategies(sc, false);
    int compared = 0;
    for (const auto& c : space.valid) {
      const Strategy& s = c.strategy;
      const double w = evaluate_plan(sc, s).memory.weights_bytes_max;
      std::vector<Strategy> smaller;
      if (s.tp % 2 == 0) smaller.push_back({s.tp / 2, s.pp, s.dp * 2, s.ep, s.etp, {}});  // TP halves
      if (s.pp % 2 == 0) smaller.push_back({s.tp, s.pp / 2, s.dp, s.ep, s.etp, {}});      // PP halves
      if (s.ep % 2 == 0 && s.dp % 2 == 0) smaller.push_back({s.tp, s.pp, s.dp / 2, s.ep / 2, s.etp, {}});  // EP halves
      for (const Strategy& t : smaller) {
        if (strategy_problem(t, sc.model, sc.cluster)) continue;
        EXPECT_GE(evaluate_plan(sc, t).memory.weights_bytes_max, w * (1 - 1e-12)) << name << " " << s.label() << " -> "
                                                                                   << t.label();
        ++compared;
      }
    }
    EXPECT_GT(compared, 0) << name;
  }
}

}  // namespace
}  // namespace moeplan
