#include "placement/placement_json.h"

#include <stdexcept>

#include "spec/error.h"

namespace moeplan {

using json = nlohmann::json;

json placement_json(const PlacementResult& result, double expert_bytes) {
  if (!(expert_bytes >= 0)) throw InputError("expert bytes: must be a number >= 0");
  json layers = json::array();
  for (const LayerPlacement& l : result.layers) {
    layers.push_back({{"physical_to_logical", l.physical_to_logical},
                      {"logical_count", l.logical_count},
                      {"gpu_load", l.gpu_load},
                      {"max_over_mean", l.max_over_mean}});
  }
  const PlacementSummary& s = result.summary;
  const double redundant_bytes =
      s.redundant_slots_per_gpu * expert_bytes * static_cast<double>(result.layers.size());
  return {{"layers", layers},
          {"summary",
           {{"max_over_mean", s.max_over_mean},
            {"imbalance", s.imbalance},
            {"cross_node_fraction", s.cross_node_fraction},
            {"redundant_bytes_per_gpu", redundant_bytes}}}};
}

json sglang_expert_location_json(const PlacementResult& result, int leading_dense_layers) {
  if (leading_dense_layers < 0) throw InputError("leading dense layers: must be >= 0");
  std::vector<bool> moe(static_cast<size_t>(leading_dense_layers), false);
  moe.resize(moe.size() + result.layers.size(), true);
  return sglang_expert_location_json(result, moe);
}

json sglang_expert_location_json(const PlacementResult& result, const std::vector<bool>& moe_layer) {
  json rows = json::array();
  const std::vector<int> trivial = linear_layout(result.spec);
  size_t next = 0;
  for (const bool moe : moe_layer) {
    if (moe && next < result.layers.size()) rows.push_back(result.layers[next++].physical_to_logical);
    else rows.push_back(trivial);
  }
  return {{"physical_to_logical_map", rows}};
}

json vllm_expert_map_json(const PlacementResult& result) {
  const int width = result.spec.redundant() + 1;  // the most replicas one expert can have
  json p2l = json::array(), l2p = json::array(), counts = json::array();
  for (const LayerPlacement& l : result.layers) {
    std::vector<std::vector<int>> table(l.logical_count.size(), std::vector<int>(static_cast<size_t>(width), -1));
    std::vector<int> filled(l.logical_count.size(), 0);
    for (size_t slot = 0; slot < l.physical_to_logical.size(); ++slot) {
      const auto e = static_cast<size_t>(l.physical_to_logical[slot]);
      table[e][static_cast<size_t>(filled[e]++)] = static_cast<int>(slot);
    }
    p2l.push_back(l.physical_to_logical);
    l2p.push_back(table);
    counts.push_back(l.logical_count);
  }
  return {{"physical_to_logical_map", p2l}, {"logical_to_physical_map", l2p}, {"logical_replica_count", counts}};
}

}  // namespace moeplan
