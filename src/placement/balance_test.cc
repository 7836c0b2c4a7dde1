#include "placement/balance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <numeric>
#include <set>

#include "placement/placement_json.h"
#include "spec/error.h"
#include "support/expect_input_error.h"

namespace moeplan {
namespace {


// Per-GPU multisets of experts: replica order inside a GPU is a tie-break detail.
std::vector<std::multiset<int>> per_gpu(const std::vector<int>& physical_to_logical, int gpus) {
  const size_t per = physical_to_logical.size() / static_cast<size_t>(gpus);
  std::vector<std::multiset<int>> out(static_cast<size_t>(gpus));
  for (size_t s = 0; s < physical_to_logical.size(); ++s) out[s / per].insert(physical_to_logical[s]);
  return out;
}

RoutingStats stats_of(std::vector<std::vector<double>> rows) {
  RoutingStats s;
  s.expert_load = std::move(rows);
  s.source = "test";
  return s;
}

// The EPLB README example (also vLLM's test_eplb_algo.py), engines.md.
const std::vector<std::vector<double>> kEplbWeight = {{90, 132, 40, 61, 104, 165, 39, 4, 73, 56, 183, 86},
                                                      {20, 107, 104, 64, 19, 197, 187, 157, 172, 86, 16, 27}};
const PlacementSpec kEplbSpec{12, 16, 4, 2, 8};  // experts, slots (num_replicas), groups, nodes, gpus

TEST(Balance, EplbReproducesThePublishedExample) {
  const std::vector<std::vector<int>> phy2log = {{5, 6, 5, 7, 8, 4, 3, 4, 10, 9, 10, 2, 0, 1, 11, 1},
                                                 {7, 10, 6, 8, 6, 11, 8, 9, 2, 4, 5, 1, 5, 0, 3, 1}};
  const std::vector<std::vector<int>> logcnt = {{1, 2, 1, 1, 2, 2, 1, 1, 1, 1, 2, 1}, {1, 2, 1, 1, 1, 2, 2, 1, 2, 1, 1, 1}};
  ASSERT_TRUE(eplb_is_hierarchical(kEplbSpec));  // 4 groups % 2 nodes == 0
  const PlacementResult r = place_experts(kEplbSpec, stats_of(kEplbWeight), PlacementAlgorithm::kEplb);
  ASSERT_EQ(r.layers.size(), 2u);
  for (size_t l = 0; l < 2; ++l) {
    EXPECT_EQ(per_gpu(r.layers[l].physical_to_logical, 8), per_gpu(phy2log[l], 8)) << "layer " << l;
    EXPECT_EQ(r.layers[l].logical_count, logcnt[l]) << "layer " << l;
  }
}

TEST(Balance, EplbExampleLoadsByHand) {
  // Layer 0, GPUs (2 slots each) = {5,6} {5,7} {8,4} {3,4} {10,9} {10,2} {0,1} {11,1}.
  // Replicas: e5 165/2 = 82.5, e4 104/2 = 52, e10 183/2 = 91.5, e1 132/2 = 66.
  // GPU loads: 82.5+39 = 121.5, 82.5+4 = 86.5, 73+52 = 125, 61+52 = 113,
  // 91.5+56 = 147.5, 91.5+40 = 131.5, 90+66 = 156, 86+66 = 152 (sum 1,033).
  // Mean 1033 / 8 = 129.125; max/mean = 156 / 129.125 = 1.208132...
  const LayerPlacement l = place_layer(kEplbSpec, kEplbWeight[0], PlacementAlgorithm::kEplb);
  EXPECT_EQ(l.gpu_load, (std::vector<double>{121.5, 86.5, 125, 113, 147.5, 131.5, 156, 152}));
  EXPECT_DOUBLE_EQ(l.mean_gpu_load, 129.125);
  EXPECT_DOUBLE_EQ(l.max_over_mean, 156 / 129.125);
  EXPECT_DOUBLE_EQ(l.imbalance, 156 / 129.125 - 1);
  EXPECT_DOUBLE_EQ(l.balancedness, 129.125 / 156);
  // Nodes are GPUs 0-3 and 4-7: 121.5+86.5+125+113 = 446 and 147.5+131.5+156+152 = 587.
  EXPECT_EQ(l.node_load, (std::vector<double>{446, 587}));
  // Hierarchical EPLB keeps every expert on one node: each token crosses with
  // probability 1/2, so exactly half the tokens cross.
  EXPECT_DOUBLE_EQ(l.cross_node_fraction, 0.5);
}

TEST(Balance, RejectsTheEplbCounterExample) {
  // replicas = 7, groups = 2, nodes = 2, gpus = 4: 7 slots do not divide over 4 GPUs.
  expect_input_error([] { validate_placement_spec({4, 7, 2, 2, 4}); },
                     {"7 expert slots", "4 GPUs", "7 % 4 = 3"});
  // With the example's 12 experts the 7 slots are also too few.
  expect_input_error([] { validate_placement_spec({12, 7, 2, 2, 4}); }, {"7 expert slots for 12 experts"});
  expect_input_error([] { place_layer({4, 7, 2, 2, 4}, {1, 2, 3, 4}, PlacementAlgorithm::kEplb); }, {"7 % 4"});
}

TEST(Balance, ValidationMessages) {
  expect_input_error([] { validate_placement_spec({8, 8, 1, 1, 0}); }, {"gpus", "at least 1", "0"});
  expect_input_error([] { validate_placement_spec({8, 8, 1, 0, 8}); }, {"nodes", "at least 1"});
  expect_input_error([] { validate_placement_spec({0, 8, 1, 1, 8}); }, {"experts", "at least 1"});
  expect_input_error([] { validate_placement_spec({8, 8, 0, 1, 8}); }, {"groups", "at least 1"});
  expect_input_error([] { validate_placement_spec({8, 8, 16, 1, 8}); }, {"16 expert groups but only 8 experts"});
  expect_input_error([] { validate_placement_spec({12, 12, 5, 1, 4}); }, {"12 experts do not split into 5", "12 % 5 = 2"});
  expect_input_error([] { validate_placement_spec({16, 16, 1, 3, 8}); }, {"8 GPUs do not split evenly over 3 nodes"});
  expect_input_error([] { validate_placement_spec({16, 12, 1, 1, 4}); }, {"12 expert slots for 16 experts"});
  validate_placement_spec({256, 288, 8, 4, 32});  // DeepSeek-V3 prefill: 288 / 32 = 9 slots per GPU
  // DeepSeek-V3 on EP 64 with 32 redundant: 288 % 64 = 32, rejected.
  expect_input_error([] { validate_placement_spec({256, 288, 8, 8, 64}); }, {"288 % 64 = 32"});
}

TEST(Balance, AlgorithmNames) {
  EXPECT_EQ(parse_placement_algorithm("round-robin"), PlacementAlgorithm::kRoundRobin);
  EXPECT_EQ(parse_placement_algorithm("round_robin"), PlacementAlgorithm::kRoundRobin);
  EXPECT_EQ(parse_placement_algorithm("best"), PlacementAlgorithm::kBest);
  for (const auto& n : placement_algorithm_names()) EXPECT_EQ(algorithm_name(parse_placement_algorithm(n)), n);
  expect_input_error([] { parse_placement_algorithm("eplbb"); }, {"'eplbb'", "did you mean 'eplb'"});
}

// 4 experts with loads [40, 20, 20, 20] (100 tokens), 6 slots on 3 GPUs (2
// each), 3 nodes of 1 GPU. Mean GPU load 100 / 3 = 33.33.
const PlacementSpec kSmall{4, 6, 1, 3, 3};
const std::vector<double> kSmallLoad = {40, 20, 20, 20};

TEST(Balance, LinearByHand) {
  // Slot s holds s % 4: [0, 1, 2, 3, 0, 1]; experts 0 and 1 have 2 replicas.
  const LayerPlacement l = place_layer(kSmall, kSmallLoad, PlacementAlgorithm::kLinear);
  EXPECT_EQ(l.physical_to_logical, (std::vector<int>{0, 1, 2, 3, 0, 1}));
  EXPECT_EQ(l.logical_count, (std::vector<int>{2, 2, 1, 1}));
  // Replicas: e0 40/2 = 20, e1 20/2 = 10, e2 20, e3 20.
  // GPU 0 {0, 1} = 30, GPU 1 {2, 3} = 40, GPU 2 {0, 1} = 30.
  EXPECT_EQ(l.gpu_load, (std::vector<double>{30, 40, 30}));
  EXPECT_EQ(l.node_load, (std::vector<double>{30, 40, 30}));
  // max/mean = 40 / (100/3) = 1.2; imbalance 0.2; balancedness 1 / 1.2.
  EXPECT_NEAR(l.max_over_mean, 1.2, 1e-12);
  EXPECT_NEAR(l.imbalance, 0.2, 1e-12);
  EXPECT_NEAR(l.balancedness, 1 / 1.2, 1e-12);
  // Cross-node: e0 and e1 sit on nodes {0, 2} (2 of 3), e2 and e3 on 1 of 3:
  // (40 x 1/3 + 20 x 1/3 + 20 x 2/3 + 20 x 2/3) / 100 = (140/3) / 100 = 7/15.
  EXPECT_NEAR(l.cross_node_fraction, 7.0 / 15.0, 1e-12);
  // Lower bound: greedy replication gives e0 3 replicas (40 -> 20 -> 13.3; the
  // tie at 20 goes to the lowest id), heaviest replica 20 < mean 33.3: bound 1.0.
  EXPECT_DOUBLE_EQ(l.lower_bound_max_over_mean, 1.0);
}

TEST(Balance, RoundRobinByHand) {
  // GPU g's k-th slot holds (k x 3 + g) % 4: GPU 0 {0, 3}, GPU 1 {1, 0}, GPU 2 {2, 1}.
  const LayerPlacement l = place_layer(kSmall, kSmallLoad, PlacementAlgorithm::kRoundRobin);
  EXPECT_EQ(l.physical_to_logical, (std::vector<int>{0, 3, 1, 0, 2, 1}));
  EXPECT_EQ(l.logical_count, (std::vector<int>{2, 2, 1, 1}));
  // GPU 0 = 20 + 20 = 40, GPU 1 = 10 + 20 = 30, GPU 2 = 20 + 10 = 30.
  EXPECT_EQ(l.gpu_load, (std::vector<double>{40, 30, 30}));
  EXPECT_NEAR(l.max_over_mean, 1.2, 1e-12);
}

TEST(Balance, LptSwapReachesTheBoundByHand) {
  // Greedy replication: e0 40 -> 2 replicas of 20 -> (tie at 20, lowest id) 3
  // replicas of 13.33. Replicas: 13.33 x 3, 20 x 3 (e1, e2, e3) = 100 tokens.
  // Three GPUs of 2 slots: each takes one e0 replica and one 20: 33.33 each,
  // exactly the mean: max/mean = 1 and no GPU holds two replicas of e0.
  const LayerPlacement l = place_layer(kSmall, kSmallLoad, PlacementAlgorithm::kLptSwap);
  EXPECT_EQ(l.logical_count, (std::vector<int>{3, 1, 1, 1}));
  for (double g : l.gpu_load) EXPECT_NEAR(g, 100.0 / 3, 1e-9);
  EXPECT_NEAR(l.max_over_mean, 1.0, 1e-12);
  // e0 is on all 3 nodes (never crosses); e1..e3 on one node each:
  // 60 x 2/3 / 100 = 0.4.
  EXPECT_NEAR(l.cross_node_fraction, 0.4, 1e-12);
}

TEST(Balance, HierarchicalEplbIsBoundByGroupsOursIsNot) {
  // 4 experts [6, 5, 4, 1], 2 groups {0,1} = 11 and {2,3} = 5, 2 nodes of one
  // GPU, no redundancy. Hierarchical EPLB keeps each group on one node: GPU
  // loads 11 and 5, max/mean = 11 / 8 = 1.375. Ours pairs {6, 1} = 7 and
  // {5, 4} = 9 (optimal: {6,4} = 10, {6,5} = 11): 9 / 8 = 1.125.
  const PlacementSpec spec{4, 4, 2, 2, 2};
  const std::vector<double> load = {6, 5, 4, 1};
  const LayerPlacement eplb = place_layer(spec, load, PlacementAlgorithm::kEplb);
  EXPECT_DOUBLE_EQ(eplb.max_over_mean, 1.375);
  const LayerPlacement ours = place_layer(spec, load, PlacementAlgorithm::kLptSwap);
  EXPECT_DOUBLE_EQ(ours.max_over_mean, 1.125);
  const LayerPlacement best = place_layer(spec, load, PlacementAlgorithm::kBest);
  EXPECT_DOUBLE_EQ(best.max_over_mean, 1.125);
  // Linear is {0,1} / {2,3} here, the same as EPLB; round-robin is {0,2} = 10 / {1,3} = 6.
  EXPECT_DOUBLE_EQ(place_layer(spec, load, PlacementAlgorithm::kRoundRobin).max_over_mean, 1.25);
}

TEST(Balance, GlobalEplbWhenGroupsDoNotDivideOverNodes) {
  // 3 groups on 2 nodes: EPLB falls back to its global policy (one group, one node).
  const PlacementSpec spec{6, 8, 3, 2, 4};
  EXPECT_FALSE(eplb_is_hierarchical(spec));
  const std::vector<double> load = {60, 10, 10, 10, 5, 5};
  // Global: greedy replication gives e0 3 replicas (60 -> 30 -> 20), 8 replicas
  // [20, 20, 20, 10, 10, 10, 5, 5] (100 tokens) packed 2 per GPU by LPT:
  // 20,20,20,10 to GPUs 0-3, then 10 -> GPU 3 (20), 10 -> GPU 0 (30), 5 -> GPU 1
  // (25), 5 -> GPU 2 (25): peak 30, mean 25: 1.2.
  const LayerPlacement l = place_layer(spec, load, PlacementAlgorithm::kEplb);
  EXPECT_EQ(l.logical_count, (std::vector<int>{3, 1, 1, 1, 1, 1}));
  EXPECT_DOUBLE_EQ(l.max_over_mean, 1.2);
  // That is optimal: 2 extra slots either give e0 3 replicas (three 20s need
  // three partners of 5, there are two: some GPU holds 20 + 10 = 30) or leave
  // a replica of 30 (30 + 5 = 35). Ours cannot do better and does not.
  EXPECT_DOUBLE_EQ(place_layer(spec, load, PlacementAlgorithm::kLptSwap).max_over_mean, 1.2);
}

TEST(Balance, SwapsFixWhatLptPackingMisses) {
  // Loads [3, 3, 2, 2, 2, 0] on 2 GPUs of 3 slots, no redundancy (mean 6).
  // Balanced packing (EPLB, and our LPT start): 3 -> A, 3 -> B, 2 -> A (5),
  // 2 -> B (5), 2 -> A (7, full), 0 -> B (5): max/mean = 7 / 6.
  // Our swap: A's 3 for B's 2 moves 1 token: 6 and 6, max/mean = 1.
  const PlacementSpec spec{6, 6, 1, 1, 2};
  const std::vector<double> load = {3, 3, 2, 2, 2, 0};
  EXPECT_DOUBLE_EQ(place_layer(spec, load, PlacementAlgorithm::kEplb).max_over_mean, 7.0 / 6);
  const LayerPlacement ours = place_layer(spec, load, PlacementAlgorithm::kLptSwap);
  EXPECT_EQ(ours.gpu_load, (std::vector<double>{6, 6}));
  EXPECT_DOUBLE_EQ(ours.max_over_mean, 1.0);
}

TEST(Balance, LayerWithoutTokens) {
  const LayerPlacement l = place_layer(kSmall, {0, 0, 0, 0}, PlacementAlgorithm::kBest);
  EXPECT_DOUBLE_EQ(l.max_over_mean, 1.0);
  EXPECT_DOUBLE_EQ(l.imbalance, 0.0);
  EXPECT_DOUBLE_EQ(l.balancedness, 1.0);
  EXPECT_DOUBLE_EQ(l.cross_node_fraction, 0.0);
}

TEST(Balance, BadLoadRows) {
  expect_input_error([] { place_layer(kSmall, {1, 2, 3}, PlacementAlgorithm::kEplb); }, {"3 expert token counts, expected 4"});
  expect_input_error([] { place_layer(kSmall, {1, -2, 3, 4}, PlacementAlgorithm::kEplb); }, {"expert 1", "-2"});
  expect_input_error([] { place_experts(kSmall, stats_of({{1, 2, 3, 4}, {1, 2, 3}}), PlacementAlgorithm::kEplb); },
                     {"test: layer 1", "3 expert token counts, expected 4"});
  expect_input_error([] { place_experts(kSmall, stats_of({{1, 2, 3, 4, 5}}), PlacementAlgorithm::kEplb); },
                     {"5 experts per layer", "4 experts"});
  expect_input_error([] { place_experts(kSmall, stats_of({}), PlacementAlgorithm::kEplb); }, {"no layers"});
}

TEST(Balance, SummaryByHand) {
  // Two layers on kSmall with linear placement: layer 0 loads [40,20,20,20]
  // (max/mean 1.2, cross 7/15, 100 tokens); layer 1 all on expert 2 [0,0,300,0]:
  // GPU 1 holds e2 alone: 300 on one GPU, mean 100: 3.0; e2 is on 1 of 3 nodes:
  // cross 2/3 of 300 tokens.
  const PlacementResult r =
      place_experts(kSmall, stats_of({kSmallLoad, {0, 0, 300, 0}}), PlacementAlgorithm::kLinear);
  EXPECT_NEAR(r.layers[1].max_over_mean, 3.0, 1e-12);
  // Mean of 1.2 and 3.0 = 2.1; worst 3.0; imbalance (0.2 + 2.0) / 2 = 1.1.
  EXPECT_NEAR(r.summary.max_over_mean, 2.1, 1e-12);
  EXPECT_NEAR(r.summary.max_over_mean_worst, 3.0, 1e-12);
  EXPECT_NEAR(r.summary.imbalance, 1.1, 1e-12);
  EXPECT_NEAR(r.summary.imbalance_worst, 2.0, 1e-12);
  // Token-weighted: (100 x 7/15 + 300 x 2/3) / 400 = (46.67 + 200) / 400 = 0.61667.
  EXPECT_NEAR(r.summary.cross_node_fraction, (100 * 7.0 / 15 + 200) / 400, 1e-12);
  // 2 redundant slots over 3 GPUs.
  EXPECT_NEAR(r.summary.redundant_slots_per_gpu, 2.0 / 3, 1e-12);
}

// Invariants every algorithm keeps, over many shapes and skews.
TEST(Balance, PropertiesHoldForEveryAlgorithm) {
  const std::vector<PlacementSpec> specs = {
      {8, 8, 1, 1, 8},    {8, 16, 1, 1, 8},   {16, 24, 4, 2, 8},  {64, 72, 8, 2, 8},
      {60, 64, 3, 2, 16}, {128, 144, 8, 4, 16}, {256, 288, 8, 4, 32}, {12, 16, 4, 2, 8}};
  for (const PlacementSpec& spec : specs) {
    for (double exponent : {0.0, 0.7, 1.01, 1.5}) {
      const RoutingStats stats = synthetic_routing_stats({exponent, 11}, 2, spec.experts, 10000);
      std::vector<double> mean_mom(5, 0.0);
      for (PlacementAlgorithm a : {PlacementAlgorithm::kLinear, PlacementAlgorithm::kRoundRobin, PlacementAlgorithm::kEplb,
                                   PlacementAlgorithm::kLptSwap, PlacementAlgorithm::kBest}) {
        const PlacementResult r = place_experts(spec, stats, a);
        for (size_t l = 0; l < r.layers.size(); ++l) {
          const LayerPlacement& lp = r.layers[l];
          const std::string where = algorithm_name(a) + " " + std::to_string(spec.experts) + "/" +
                                    std::to_string(spec.slots) + " s=" + std::to_string(exponent);
          ASSERT_EQ(lp.physical_to_logical.size(), static_cast<size_t>(spec.slots)) << where;
          ASSERT_EQ(lp.logical_count.size(), static_cast<size_t>(spec.experts)) << where;
          // Every expert has a replica; the counts fill every slot.
          for (int c : lp.logical_count) EXPECT_GE(c, 1) << where;
          EXPECT_EQ(std::accumulate(lp.logical_count.begin(), lp.logical_count.end(), 0), spec.slots) << where;
          // logical_count agrees with the map.
          std::vector<int> seen(static_cast<size_t>(spec.experts), 0);
          for (int e : lp.physical_to_logical) ++seen[static_cast<size_t>(e)];
          EXPECT_EQ(seen, lp.logical_count) << where;
          // Same slots per GPU by construction (slot s on GPU s / per_gpu): one load per GPU.
          ASSERT_EQ(lp.gpu_load.size(), static_cast<size_t>(spec.gpus)) << where;
          ASSERT_EQ(lp.node_load.size(), static_cast<size_t>(spec.nodes)) << where;
          // Tokens are conserved on GPUs and on nodes.
          const auto& row = stats.expert_load[l];
          const double total = std::accumulate(row.begin(), row.end(), 0.0);
          EXPECT_NEAR(std::accumulate(lp.gpu_load.begin(), lp.gpu_load.end(), 0.0), total, 1e-9 * total) << where;
          EXPECT_NEAR(std::accumulate(lp.node_load.begin(), lp.node_load.end(), 0.0), total, 1e-9 * total) << where;
          // Never below the lower bound; fractions in range.
          EXPECT_GE(lp.max_over_mean, lp.lower_bound_max_over_mean * (1 - 1e-12)) << where;
          EXPECT_GE(lp.cross_node_fraction, 0.0) << where;
          EXPECT_LE(lp.cross_node_fraction, 1.0 - 1.0 / spec.nodes + 1e-12) << where;
          EXPECT_NEAR(lp.balancedness * lp.max_over_mean, 1.0, 1e-12) << where;
        }
        mean_mom[static_cast<size_t>(a)] = r.summary.max_over_mean;
      }
      const double eplb = mean_mom[static_cast<size_t>(PlacementAlgorithm::kEplb)];
      const double ours = mean_mom[static_cast<size_t>(PlacementAlgorithm::kLptSwap)];
      const double best = mean_mom[static_cast<size_t>(PlacementAlgorithm::kBest)];
      EXPECT_LE(ours, eplb * (1 + 1e-12));
      for (double m : mean_mom) EXPECT_LE(best, m * (1 + 1e-12));
    }
  }
}

TEST(Balance, LptSwapIsDeterministic) {
  const RoutingStats stats = synthetic_routing_stats({1.3, 5}, 3, 256, 1e6);
  const PlacementSpec spec{256, 288, 8, 4, 32};
  const PlacementResult a = place_experts(spec, stats, PlacementAlgorithm::kLptSwap);
  const PlacementResult b = place_experts(spec, stats, PlacementAlgorithm::kLptSwap);
  for (size_t l = 0; l < a.layers.size(); ++l) EXPECT_EQ(a.layers[l].physical_to_logical, b.layers[l].physical_to_logical);
}

// The benchmark from the issue, shrunk to run fast: ours against EPLB on
// Zipf 0.5..1.5 x 3 seeds and log-normal ("real-shaped") loads, on DeepSeek-V3
// (256 experts, 8 groups) at EP 32 (4 nodes, 32 redundant) and EP 64 (8 nodes,
// 64 redundant), 4 layers each. Ours must be no worse on every layer and
// strictly better on average; it must also beat EPLB on the published example.
TEST(Balance, OursBeatsEplbOnTheBenchmark) {
  const std::vector<PlacementSpec> specs = {{256, 288, 8, 4, 32}, {256, 320, 8, 8, 64}};
  double eplb_sum = 0, ours_sum = 0;
  int cases = 0;
  auto compare = [&](const PlacementSpec& spec, const RoutingStats& stats) {
    const PlacementResult e = place_experts(spec, stats, PlacementAlgorithm::kEplb);
    const PlacementResult o = place_experts(spec, stats, PlacementAlgorithm::kLptSwap);
    for (size_t l = 0; l < e.layers.size(); ++l)
      EXPECT_LE(o.layers[l].max_over_mean, e.layers[l].max_over_mean * (1 + 1e-12)) << stats.source << " layer " << l;
    eplb_sum += e.summary.max_over_mean;
    ours_sum += o.summary.max_over_mean;
    ++cases;
  };
  for (const PlacementSpec& spec : specs) {
    for (double exponent : {0.5, 0.8, 1.01, 1.2, 1.5})
      for (std::uint64_t seed : {1, 2, 3}) compare(spec, synthetic_routing_stats({exponent, seed}, 4, spec.experts));
    for (double sigma : {0.6, 1.0}) compare(spec, lognormal_routing_stats(sigma, 7, 4, spec.experts));
  }
  EXPECT_LT(ours_sum / cases, eplb_sum / cases);
  const PlacementResult e = place_experts(kEplbSpec, stats_of(kEplbWeight), PlacementAlgorithm::kEplb);
  const PlacementResult o = place_experts(kEplbSpec, stats_of(kEplbWeight), PlacementAlgorithm::kLptSwap);
  EXPECT_LT(o.summary.max_over_mean, e.summary.max_over_mean);
  // And ours is optimal there: an exhaustive search over every replica-count
  // vector (1,365 ways to give 16 slots to 12 experts) with the optimal
  // 2-per-GPU pairing (largest with smallest) finds peaks of 136 tokens (layer
  // 0, mean 1033 / 8 = 129.125) and 172 (layer 1, mean 1156 / 8 = 144.5).
  // EPLB's peaks are 156 and 179.5.
  EXPECT_DOUBLE_EQ(o.layers[0].max_over_mean, 136 / 129.125);
  EXPECT_DOUBLE_EQ(o.layers[1].max_over_mean, 172 / 144.5);
  EXPECT_DOUBLE_EQ(e.layers[1].max_over_mean, 179.5 / 144.5);
}

TEST(PlacementJson, StableKeysAndRedundantBytes) {
  const PlacementResult r = place_experts(kEplbSpec, stats_of(kEplbWeight), PlacementAlgorithm::kEplb);
  const nlohmann::json j = placement_json(r, 1e6);
  ASSERT_EQ(j.size(), 2u);
  ASSERT_EQ(j["layers"].size(), 2u);
  for (const auto& layer : j["layers"]) {
    std::set<std::string> keys;
    for (const auto& [k, v] : layer.items()) keys.insert(k);
    EXPECT_EQ(keys, (std::set<std::string>{"physical_to_logical", "logical_count", "gpu_load", "max_over_mean"}));
  }
  EXPECT_EQ(j["layers"][0]["physical_to_logical"].get<std::vector<int>>(), r.layers[0].physical_to_logical);
  EXPECT_EQ(j["layers"][1]["logical_count"].get<std::vector<int>>(), r.layers[1].logical_count);
  EXPECT_DOUBLE_EQ(j["layers"][0]["gpu_load"][6].get<double>(), 156.0);  // GPU 6 = {0, 1} = 90 + 66
  std::set<std::string> summary_keys;
  for (const auto& [k, v] : j["summary"].items()) summary_keys.insert(k);
  EXPECT_EQ(summary_keys,
            (std::set<std::string>{"max_over_mean", "imbalance", "cross_node_fraction", "redundant_bytes_per_gpu"}));
  // 4 redundant slots / 8 GPUs = 0.5 slot per GPU per layer x 1e6 B x 2 layers = 1e6 B.
  EXPECT_DOUBLE_EQ(j["summary"]["redundant_bytes_per_gpu"].get<double>(), 1e6);
  EXPECT_DOUBLE_EQ(j["summary"]["max_over_mean"].get<double>(), r.summary.max_over_mean);
}

TEST(PlacementJson, SglangInitExpertLocation) {
  const PlacementResult r = place_experts(kEplbSpec, stats_of(kEplbWeight), PlacementAlgorithm::kEplb);
  const nlohmann::json j = sglang_expert_location_json(r, 3);
  // One key only: SGLang calls init_by_mapping(**data).
  ASSERT_EQ(j.size(), 1u);
  const auto rows = j["physical_to_logical_map"].get<std::vector<std::vector<int>>>();
  ASSERT_EQ(rows.size(), 5u);  // 3 dense + 2 MoE layers
  EXPECT_EQ(rows[0], (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3}));
  EXPECT_EQ(rows[3], r.layers[0].physical_to_logical);
  EXPECT_EQ(rows[4], r.layers[1].physical_to_logical);
  // Interleaved MoE layers (Llama-4 Maverick: every other decoder layer): dense, MoE, dense, MoE. The two
  // placement layers fill rows 1 and 3; rows 0 and 2 are the trivial map.
  const auto mixed = sglang_expert_location_json(r, std::vector<bool>{false, true, false, true})["physical_to_logical_map"]
                         .get<std::vector<std::vector<int>>>();
  ASSERT_EQ(mixed.size(), 4u);
  EXPECT_EQ(mixed[0], rows[0]);
  EXPECT_EQ(mixed[1], r.layers[0].physical_to_logical);
  EXPECT_EQ(mixed[2], rows[0]);
  EXPECT_EQ(mixed[3], r.layers[1].physical_to_logical);
}

TEST(PlacementJson, VllmMaps) {
  const PlacementResult r = place_experts(kEplbSpec, stats_of(kEplbWeight), PlacementAlgorithm::kEplb);
  const nlohmann::json j = vllm_expert_map_json(r);
  const auto l2p = j["logical_to_physical_map"].get<std::vector<std::vector<std::vector<int>>>>();
  const auto p2l = j["physical_to_logical_map"].get<std::vector<std::vector<int>>>();
  const auto count = j["logical_replica_count"].get<std::vector<std::vector<int>>>();
  ASSERT_EQ(l2p.size(), 2u);
  for (size_t l = 0; l < 2; ++l) {
    ASSERT_EQ(l2p[l].size(), 12u);
    for (size_t e = 0; e < 12; ++e) {
      ASSERT_EQ(l2p[l][e].size(), 5u);  // redundant 4 + 1, padded with -1
      int valid = 0;
      for (int slot : l2p[l][e]) {
        if (slot < 0) continue;
        ++valid;
        EXPECT_EQ(p2l[l][static_cast<size_t>(slot)], static_cast<int>(e));
      }
      EXPECT_EQ(valid, count[l][e]);
    }
  }
  // Layer 0: expert 5 sits in slots 0 and 2 (phy2log[0] = [5, 6, 5, ...]).
  EXPECT_EQ(l2p[0][5], (std::vector<int>{0, 2, -1, -1, -1}));
}

}  // namespace
}  // namespace moeplan
