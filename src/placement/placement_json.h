// JSON for a placement: the stable `moeplan place --json` document and the
// files serving engines read (SGLang --init-expert-location, vLLM's EPLB maps).
// Formatting only: every number comes from the PlacementResult.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "placement/balance.h"

namespace moeplan {

// {"layers": [{"physical_to_logical", "logical_count", "gpu_load", "max_over_mean"}],
//  "summary": {"max_over_mean", "imbalance", "cross_node_fraction", "redundant_bytes_per_gpu"}}
// gpu_load in tokens; summary max_over_mean and imbalance are means over layers;
// redundant_bytes_per_gpu = redundant slots per GPU x expert_bytes x layers,
// expert_bytes being the weights of one routed expert of one layer.
nlohmann::json placement_json(const PlacementResult& result, double expert_bytes);

// SGLang --init-expert-location: {"physical_to_logical_map": [[...] per layer]}.
// SGLang passes the object's keys as arguments (init_by_mapping(**data)), so
// the object holds that key only, and it wants one row per decoder layer:
// `leading_dense_layers` rows (DeepSeek-V3: first_k_dense_replace = 3) come
// first with the trivial map slot -> slot % experts.
nlohmann::json sglang_expert_location_json(const PlacementResult& result, int leading_dense_layers = 0);
// The same for a model whose MoE layers are not all at the end (Llama-4
// Maverick alternates dense and MoE layers): `moe_layer[i]` says whether
// decoder layer i is a MoE layer; the placement's layers fill those rows in
// order and the others get the trivial map.
nlohmann::json sglang_expert_location_json(const PlacementResult& result, const std::vector<bool>& moe_layer);

// vLLM EPLB state layout, one entry per MoE layer:
// physical_to_logical_map [layer][slot], logical_to_physical_map
// [layer][expert][redundant + 1] padded with -1, logical_replica_count [layer][expert].
nlohmann::json vllm_expert_map_json(const PlacementResult& result);

}  // namespace moeplan
