#include "placement/layout.h"

#include <algorithm>

#include "spec/strategy_rules.h"

namespace moeplan {

GpuCoord gpu_coord(const Strategy& s, int gpus_per_node, int rank) {
  GpuCoord c;
  c.rank = rank;
  c.node = gpus_per_node > 0 ? rank / gpus_per_node : 0;
  c.stage = rank / s.gpus_per_stage();
  c.local = rank % s.gpus_per_stage();
  c.tp_rank = c.local % s.tp;
  c.dp_rank = c.local / s.tp;
  c.ep_rank = c.local / s.etp;
  c.etp_rank = c.local % s.etp;
  return c;
}

ExpertDistribution expert_distribution(const Strategy& s, const ModelSpec& m, const std::vector<StageLayers>& stages,
                                       int gpus_per_node, int redundant_experts) {
  ExpertDistribution d;
  if (!m.is_moe()) return d;
  d.experts_per_layer = static_cast<int>(m.num_experts);
  d.per_gpu_per_moe_layer = static_cast<int>(m.num_experts + redundant_experts) / s.ep;
  d.redundant_per_layer = redundant_experts;
  d.etp = s.etp;
  d.per_gpu_total_max = 0;
  d.per_gpu_total_min = 1 << 30;
  for (const auto& st : stages) {
    const int total = d.per_gpu_per_moe_layer * st.moe_layers;
    d.per_gpu_total_by_stage.push_back(total);
    d.per_gpu_total_max = std::max(d.per_gpu_total_max, total);
    d.per_gpu_total_min = std::min(d.per_gpu_total_min, total);
    d.moe_layers_total += st.moe_layers;
  }
  d.per_gpu_per_moe_layer_derived = experts_per_gpu_per_moe_layer(d.experts_per_layer, redundant_experts, s.ep);
  std::vector<int> moe_by_stage;
  for (const auto& st : stages) moe_by_stage.push_back(st.moe_layers);
  d.per_gpu_total_derived = experts_per_gpu_in_total(d.per_gpu_per_moe_layer, moe_by_stage);
  d.ep_groups = s.pp * s.etp;
  d.ep_group_size = s.ep;
  // An EP group takes every etp-th GPU of a stage; the stage's GPUs are
  // consecutive ranks, so the group spans nodes when the stage does.
  const int first = 0;
  const int last = (s.ep - 1) * s.etp;
  d.ep_group_spans_nodes = gpus_per_node > 0 && first / gpus_per_node != last / gpus_per_node;
  if (gpus_per_node > 0 && s.gpus_per_stage() > gpus_per_node && s.ep > 1) d.ep_group_spans_nodes = (last / gpus_per_node) > 0;
  return d;
}

}  // namespace moeplan
