// Where things live: which GPU has
// which TP/DP/EP/ETP rank, and which experts each GPU holds (contiguous,
// "linear" placement: the engines' default).
#pragma once

#include <vector>

#include "model/derived.h"

#include "spec/model_spec.h"
#include "spec/strategy.h"
#include "spec/strategy_rules.h"

namespace moeplan {

// Rank order: TP innermost, then DP, then PP, so a TP group sits on
// consecutive GPUs of one node. Inside a stage, local rank l has
// ep_rank = l / etp and etp_rank = l % etp.
struct GpuCoord {
  int rank = 0;
  int node = 0;
  int stage = 0;
  int local = 0;
  int tp_rank = 0;
  int dp_rank = 0;
  int ep_rank = 0;
  int etp_rank = 0;
};

GpuCoord gpu_coord(const Strategy& s, int gpus_per_node, int rank);

struct ExpertDistribution {
  int experts_per_layer = 0;            // routed experts of one MoE layer
  int per_gpu_per_moe_layer = 0;        // expert slots a GPU holds in each MoE layer ((E + redundant) / EP)
  int redundant_per_layer = 0;          // replicas of hot experts, per MoE layer over the EP group
  int etp = 1;                          // each of them split into this many shards
  std::vector<int> per_gpu_total_by_stage;  // per MoE layer x MoE layers of the stage
  int per_gpu_total_max = 0;
  int per_gpu_total_min = 0;
  int moe_layers_total = 0;
  int ep_groups = 0;       // PP x ETP groups of EP GPUs each
  int ep_group_size = 0;
  bool ep_group_spans_nodes = false;
  // The two counts with their derivations (model/derived.h): what every renderer and `check` print.
  Derived per_gpu_per_moe_layer_derived;
  Derived per_gpu_total_derived;
};

// `redundant_experts`: extra slots per MoE layer; a GPU then holds
// (experts + redundant) / EP expert slots per MoE layer.
ExpertDistribution expert_distribution(const Strategy& s, const ModelSpec& m, const std::vector<StageLayers>& stages,
                                       int gpus_per_node, int redundant_experts = 0);

// First expert id a GPU with this EP rank holds; it holds per_gpu_per_moe_layer
// consecutive ids in every MoE layer of its stage.
inline int first_expert(const ExpertDistribution& d, int ep_rank) { return ep_rank * d.per_gpu_per_moe_layer; }

}  // namespace moeplan
