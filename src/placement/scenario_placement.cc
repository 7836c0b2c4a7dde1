#include "placement/scenario_placement.h"

#include <algorithm>

#include "model/params.h"

namespace moeplan {

PlacementSpec placement_spec(const Scenario& sc, const Strategy& s) {
  PlacementSpec p;
  p.experts = static_cast<int>(sc.model.num_experts);
  p.slots = p.experts + sc.placement.redundant_experts;
  p.groups = sc.model.expert_groups > 0 ? static_cast<int>(sc.model.expert_groups) : 1;
  p.gpus = s.ep;
  // A stage's GPUs are consecutive ranks; its EP group (every etp-th GPU)
  // spans the nodes the stage spans.
  const int per_node = sc.cluster.gpus_per_node;
  p.nodes = per_node > 0 && s.gpus_per_stage() > per_node ? s.gpus_per_stage() / per_node : 1;
  if (p.nodes > p.gpus || p.gpus % p.nodes != 0) p.nodes = 1;
  return p;
}

std::shared_ptr<const RoutingStats> load_scenario_routing(const Scenario& sc) {
  if (!sc.placement.enabled()) return nullptr;
  const int moe_layers = static_cast<int>(sc.model.num_moe_layers());
  const int experts = static_cast<int>(sc.model.num_experts);
  RoutingStats stats = sc.placement.routing_stats.empty()
                           ? synthetic_routing_stats(parse_skew(sc.placement.skew), moe_layers, experts)
                           : load_routing_stats(sc.placement.routing_stats);
  if (stats.layers() == sc.model.num_layers && moe_layers < sc.model.num_layers && sc.model.first_dense_layers > 0)
    stats = drop_leading_layers(stats, static_cast<int>(sc.model.first_dense_layers));
  check_routing_shape(stats, moe_layers, experts);
  return std::make_shared<const RoutingStats>(std::move(stats));
}

double expert_bytes_per_gpu(const ModelSpec& m, const Strategy& s) {
  return layer_params(m).expert * weight_bytes_per_param(m.expert_dtype) / s.etp;
}

}  // namespace moeplan
