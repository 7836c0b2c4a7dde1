// Which strategies a model and cluster admit, and how layers split over
// pipeline stages. Shared by scenario validation and the enumerator so the
// two can never disagree.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "spec/cluster_spec.h"
#include "spec/model_spec.h"
#include "spec/strategy.h"

namespace moeplan {

enum class RejectReason {
  kTpCrossesNode,
  kHeadsNotDivisible,
  kKvHeadsNotDivisible,
  kDenseFfnNotDivisible,
  kSharedExpertNotDivisible,
  kPpExceedsLayers,
  kLayerSplitMismatch,
  kEpEtpMismatch,
  kExpertsNotDivisible,
  kExpertFfnNotDivisible,
};

// Stable snake_case key for JSON ("tp_crosses_node", ...).
std::string reason_key(RejectReason r);
std::string reason_text(RejectReason r);
const std::vector<RejectReason>& all_reject_reasons();

struct StrategyProblem {
  RejectReason reason;
  std::string message;  // with the numbers involved
};

// `redundant_experts`: extra expert slots per MoE layer (replicas of hot
// experts); experts + redundant must divide by EP.
std::optional<StrategyProblem> strategy_problem(const Strategy& s, const ModelSpec& m, const ClusterSpec& c,
                                                int redundant_experts = 0);

// vLLM's default split (vllm/distributed/utils.py get_pp_indices): every
// stage gets floor(L / pp); the remainder goes one layer each to the stages
// just before the last (the last stage also holds the LM head).
std::vector<int> default_layer_split(int num_layers, int pp);
// The split a strategy uses: its own layers_per_stage, else the default.
std::vector<int> layers_per_stage(const Strategy& s, const ModelSpec& m);

struct StageLayers {
  int stage = 0;
  int first_layer = 0;  // 0-based decoder layer index
  int layers = 0;
  int moe_layers = 0;
  int dense_layers = 0;
  int sliding_layers = 0;
  bool has_embedding = false;  // first stage
  bool has_lm_head = false;    // last stage
};

std::vector<StageLayers> stage_layers(const Strategy& s, const ModelSpec& m);

}  // namespace moeplan
