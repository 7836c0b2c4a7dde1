#include "search/plan.h"

namespace moeplan {

Plan evaluate_plan(const Scenario& sc, const Strategy& s) {
  Plan p;
  p.scenario = &sc;
  p.strategy = s;
  p.params = count_params(sc.model);
  p.kv = kv_cache_facts(sc.model);
  p.stages = stage_layers(s, sc.model);
  p.experts = expert_distribution(s, sc.model, p.stages, sc.cluster.gpus_per_node);
  p.memory = compute_memory(sc, s, p.stages);
  return p;
}

std::vector<GpuView> per_gpu(const Plan& p) {
  std::vector<GpuView> out;
  out.reserve(static_cast<size_t>(p.strategy.gpus()));
  for (int rank = 0; rank < p.strategy.gpus(); ++rank) {
    GpuView v;
    v.coord = gpu_coord(p.strategy, p.scenario->cluster.gpus_per_node, rank);
    v.memory = &p.memory.stages[static_cast<size_t>(v.coord.stage)];
    v.first_expert = first_expert(p.experts, v.coord.ep_rank);
    out.push_back(v);
  }
  return out;
}

}  // namespace moeplan
