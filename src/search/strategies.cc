#include "search/strategies.h"

namespace moeplan {

std::vector<int> divisors(int n) {
  std::vector<int> d;
  for (int i = 1; i <= n; ++i)
    if (n % i == 0) d.push_back(i);
  return d;
}

int StrategySpace::fitting() const {
  int n = 0;
  for (const auto& c : valid) n += c.fits ? 1 : 0;
  return n;
}

StrategySpace enumerate_strategies(const Scenario& sc, bool keep_rejected) {
  StrategySpace space;
  for_each_strategy(sc.cluster.gpus, sc.model.is_moe(), [&](const Strategy& s) {
    ++space.considered;
    if (auto problem = strategy_problem(s, sc.model, sc.cluster, sc.placement.redundant_experts)) {
      ++space.rejected_counts[problem->reason];
      if (keep_rejected) space.rejected.push_back({s, *problem});
      return;
    }
    const std::vector<StageLayers> stages = stage_layers(s, sc.model);
    const MemoryReport memory = compute_memory(sc, s, stages);
    const ExpertDistribution experts = expert_distribution(s, sc.model, stages, sc.cluster.gpus_per_node, sc.placement.redundant_experts);
    StrategyCandidate c;
    c.strategy = s;
    c.weights_bytes_max = memory.weights_bytes_max;
    for (size_t i = 0; i < memory.stages.size(); ++i) {
      const double kv = memory.stages[i].kv_bytes_per_token;
      c.kv_bytes_per_token_min = i == 0 ? kv : std::min(c.kv_bytes_per_token_min, kv);
      c.kv_bytes_per_token_max = i == 0 ? kv : std::max(c.kv_bytes_per_token_max, kv);
    }
    c.total_bytes_max = memory.total_bytes_max;
    c.kv_capacity_sequences = memory.kv_capacity_sequences;
    c.per_gpu_per_moe_layer = experts.per_gpu_per_moe_layer;
    c.per_gpu_total_max = experts.per_gpu_total_max;
    c.fits = memory.fits;
    space.valid.push_back(c);
  });
  return space;
}

}  // namespace moeplan
