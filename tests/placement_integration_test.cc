// Placement wired into plans and the `place` command.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/cli.h"
#include "search/plan.h"
#include "spec/error.h"

namespace moeplan {
namespace {

Scenario seed_with_placement(const std::string& placement) {
  return parse_scenario(
      "model: seed-16x16\ncluster: {gpu: {preset: h100-sxm, memory: \"64 GB\"}, gpus: 32, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nplacement: " + placement +
          "\nstrategy: {tp: 4, pp: 4, dp: 2, ep: 8}\n",
      "t.yaml");
}

TEST(PlacementIntegration, RedundantExpertsCountInMemory) {
  const Scenario sc = seed_with_placement("{skew: \"zipf:1.01:3\", redundant_experts: 16, algorithm: eplb}");
  const Plan p = evaluate_plan(sc, *sc.strategy);
  // (16 experts + 16 redundant) / EP 8 = 4 slots per GPU per MoE layer.
  EXPECT_EQ(p.experts.per_gpu_per_moe_layer, 4);
  // 4 slots x 33,554,432 params x 2 B x 4 MoE layers = 1,073,741,824 B of routed experts per GPU.
  EXPECT_DOUBLE_EQ(p.memory.stages[0].weights.routed_experts, 1073741824.0);
  ASSERT_TRUE(p.placement.has_value());
  ASSERT_TRUE(p.placement_linear.has_value());
  // Replicating hot experts lowers the busiest GPU's load relative to the linear layout.
  EXPECT_LT(p.placement->summary.max_over_mean, p.placement_linear->max_over_mean);
}

TEST(PlacementIntegration, ImbalanceSlowsTheMoeTime) {
  const Scenario flat = seed_with_placement("{skew: \"zipf:0:1\", algorithm: linear}");
  const Scenario skewed = seed_with_placement("{skew: \"zipf:1.5:1\", algorithm: linear}");
  const Plan a = evaluate_plan(flat, *flat.strategy, make_cost_models(flat), 64);
  const Plan b = evaluate_plan(skewed, *skewed.strategy, make_cost_models(skewed), 64);
  // Zipf exponent 0 is uniform: max/mean 1. A steep skew on a linear layout is not.
  EXPECT_NEAR(a.placement->summary.max_over_mean, 1.0, 1e-9);
  EXPECT_GT(b.placement->summary.max_over_mean, 1.5);
  EXPECT_GT(b.detail.decode_step.routed_experts, a.detail.decode_step.routed_experts);
}

TEST(PlacementIntegration, SlotsMustDivideOverEp) {
  try {
    seed_with_placement("{skew: \"zipf:1.01\", redundant_experts: 3}");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("num_experts 16 + redundant 3 = 19 slots are not divisible by ep 8"),
              std::string::npos)
        << e.what();
  }
}

// The published EPLB example (shared/reference/engines.md) through the CLI:
// the GPUs hold the expected replica sets.
TEST(PlacementIntegration, PlaceCommandReproducesEplbExample) {
  const std::string path = ::testing::TempDir() + "eplb_example.json";
  std::ofstream(path) << R"({"expert_load": [[90,132,40,61,104,165,39,4,73,56,183,86],
                                            [20,107,104,64,19,197,187,157,172,86,16,27]]})";
  std::ostringstream out, err;
  ASSERT_EQ(run_cli({"place", "--load", path, "--replicas", "16", "--groups", "4", "--nodes", "2", "--gpus", "8",
                     "--algorithm", "eplb", "--json"},
                    out, err),
            0)
      << err.str();
  const auto j = nlohmann::json::parse(out.str());
  const std::vector<std::vector<int>> expected = {{5, 6, 5, 7, 8, 4, 3, 4, 10, 9, 10, 2, 0, 1, 11, 1},
                                                  {7, 10, 6, 8, 6, 11, 8, 9, 2, 4, 5, 1, 5, 0, 3, 1}};
  ASSERT_EQ(j["layers"].size(), 2u);
  for (size_t layer = 0; layer < 2; ++layer) {
    const auto phy = j["layers"][layer]["physical_to_logical"].get<std::vector<int>>();
    ASSERT_EQ(phy.size(), 16u);
    for (size_t gpu = 0; gpu < 8; ++gpu) {  // 2 slots per GPU, compared as sets
      std::multiset<int> got = {phy[2 * gpu], phy[2 * gpu + 1]};
      std::multiset<int> want = {expected[layer][2 * gpu], expected[layer][2 * gpu + 1]};
      EXPECT_EQ(got, want) << "layer " << layer << " gpu " << gpu;
    }
  }
  EXPECT_TRUE(j["summary"].contains("redundant_bytes_per_gpu"));
  // 7 replicas over 4 GPUs is rejected (engines.md), exit 2.
  std::ostringstream out2, err2;
  EXPECT_EQ(run_cli({"place", "--load", path, "--replicas", "7", "--groups", "2", "--nodes", "2", "--gpus", "4"}, out2, err2), 2);
  EXPECT_FALSE(err2.str().empty());
}

}  // namespace
}  // namespace moeplan

namespace moeplan {
namespace {

TEST(PlacementIntegration, EvaluateAndPlanFlags) {
  const std::string scenario = std::string(MOEPLAN_SOURCE_DIR) + "/examples/seed/scenario.yaml";
  std::ostringstream out, err;
  ASSERT_EQ(run_cli({"evaluate", scenario, "--skew", "zipf:1.2:1", "--redundant", "8", "--json"}, out, err), 1) << err.str();  // 1: the seed misses its throughput objective
  const auto j = nlohmann::json::parse(out.str());
  // (16 + 8) / EP 8 = 3 expert slots per GPU per MoE layer.
  EXPECT_EQ(j["experts"]["per_gpu_per_moe_layer"], 3);
  EXPECT_EQ(j["placement"]["redundant_experts"], 8);
  // Bad values: exit 2 with the flag named.
  auto fails = [&](std::vector<std::string> args, const std::string& needle) {
    std::ostringstream o, e;
    EXPECT_EQ(run_cli(args, o, e), 2);
    EXPECT_NE(e.str().find(needle), std::string::npos) << e.str();
  };
  fails({"evaluate", scenario, "--skew", "pareto:2"}, "--skew: expected zipf");
  fails({"evaluate", scenario, "--redundant", "4"}, "--redundant: needs routing statistics");
  fails({"evaluate", scenario, "--skew", "zipf:1", "--redundant", "3"}, "19 slots are not divisible by ep 8");
  fails({"evaluate", scenario, "--skew", "zipf:1", "--redundant", "lots"}, "--redundant: expected a count");
  fails({"evaluate", scenario, "--skew", "zipf:1", "--placement-algorithm", "eplbb"}, "did you mean 'eplb'");
  fails({"place", scenario, "--gpus", "16"}, "--gpus: not with a scenario");
  fails({"plan", scenario, "--gpus-max", "64"}, "--gpus-max: 64 exceeds the cluster's 32 GPUs");
  fails({"plan", scenario, "--objective", "speed"}, "--objective: unknown value 'speed'");
  std::ostringstream o2, e2;
  EXPECT_EQ(run_cli({"plan", scenario, "--skew", "zipf:1.2:1", "--redundant", "auto", "--format", "json"}, o2, e2), 0)
      << e2.str();
  const auto p = nlohmann::json::parse(o2.str());
  EXPECT_TRUE(p["candidates"][0].contains("redundant_experts"));
}

}  // namespace
}  // namespace moeplan
