#include "spec/strategy_rules.h"

#include <fmt/format.h>

#include <numeric>

namespace moeplan {

std::string reason_key(RejectReason r) {
  switch (r) {
    case RejectReason::kTpCrossesNode: return "tp_crosses_node";
    case RejectReason::kHeadsNotDivisible: return "heads_not_divisible_by_tp";
    case RejectReason::kKvHeadsNotDivisible: return "kv_heads_incompatible_with_tp";
    case RejectReason::kDenseFfnNotDivisible: return "dense_ffn_not_divisible_by_tp";
    case RejectReason::kSharedExpertNotDivisible: return "shared_expert_not_divisible_by_tp";
    case RejectReason::kPpExceedsLayers: return "pp_exceeds_layers";
    case RejectReason::kLayerSplitMismatch: return "layer_split_mismatch";
    case RejectReason::kEpEtpMismatch: return "ep_x_etp_not_tp_x_dp";
    case RejectReason::kExpertsNotDivisible: return "experts_not_divisible_by_ep";
    case RejectReason::kExpertFfnNotDivisible: return "expert_ffn_not_divisible_by_etp";
  }
  return "unknown";
}

std::string reason_text(RejectReason r) {
  switch (r) {
    case RejectReason::kTpCrossesNode: return "TP group would span nodes";
    case RejectReason::kHeadsNotDivisible: return "attention heads not divisible by TP";
    case RejectReason::kKvHeadsNotDivisible: return "KV heads neither divide nor are divided by TP";
    case RejectReason::kDenseFfnNotDivisible: return "dense FFN width not divisible by TP";
    case RejectReason::kSharedExpertNotDivisible: return "shared-expert width not divisible by TP";
    case RejectReason::kPpExceedsLayers: return "more pipeline stages than layers";
    case RejectReason::kLayerSplitMismatch: return "layers_per_stage does not match pp and the layer count";
    case RejectReason::kEpEtpMismatch: return "EP x ETP differs from TP x DP";
    case RejectReason::kExpertsNotDivisible: return "experts not divisible by EP";
    case RejectReason::kExpertFfnNotDivisible: return "expert FFN width not divisible by expert TP";
  }
  return "?";
}

const std::vector<RejectReason>& all_reject_reasons() {
  static const std::vector<RejectReason> all = {
      RejectReason::kTpCrossesNode,        RejectReason::kHeadsNotDivisible,  RejectReason::kKvHeadsNotDivisible,
      RejectReason::kDenseFfnNotDivisible, RejectReason::kSharedExpertNotDivisible, RejectReason::kPpExceedsLayers,
      RejectReason::kLayerSplitMismatch,   RejectReason::kEpEtpMismatch,      RejectReason::kExpertsNotDivisible,
      RejectReason::kExpertFfnNotDivisible};
  return all;
}

std::optional<StrategyProblem> strategy_problem(const Strategy& s, const ModelSpec& m, const ClusterSpec& c,
                                                int redundant_experts) {
  auto problem = [](RejectReason r, std::string msg) { return std::optional<StrategyProblem>({r, std::move(msg)}); };
  if (!c.allow_cross_node_tp && (s.tp > c.gpus_per_node || c.gpus_per_node % s.tp != 0))
    return problem(RejectReason::kTpCrossesNode,
                   fmt::format("tp {} does not fit inside a node of {} GPUs (set cluster.allow_cross_node_tp to allow it)",
                               s.tp, c.gpus_per_node));
  if (m.num_heads % s.tp != 0)
    return problem(RejectReason::kHeadsNotDivisible, fmt::format("num_heads {} is not divisible by tp {}", m.num_heads, s.tp));
  if (m.attention != AttentionKind::kMla && m.num_kv_heads % s.tp != 0 && s.tp % m.num_kv_heads != 0)
    return problem(RejectReason::kKvHeadsNotDivisible,
                   fmt::format("num_kv_heads {} neither divides nor is divided by tp {}", m.num_kv_heads, s.tp));
  const int64_t dense_layers = m.num_layers - m.num_moe_layers();
  if (dense_layers > 0 && m.dense_intermediate_size % s.tp != 0)
    return problem(RejectReason::kDenseFfnNotDivisible,
                   fmt::format("dense_intermediate_size {} is not divisible by tp {}", m.dense_intermediate_size, s.tp));
  if (m.num_shared_experts > 0 && m.shared_expert_intermediate_size % s.tp != 0)
    return problem(RejectReason::kSharedExpertNotDivisible,
                   fmt::format("shared_expert_intermediate_size {} is not divisible by tp {}",
                               m.shared_expert_intermediate_size, s.tp));
  if (s.pp > m.num_layers)
    return problem(RejectReason::kPpExceedsLayers, fmt::format("pp {} exceeds the {} layers", s.pp, m.num_layers));
  if (!s.layers_per_stage.empty()) {
    const int sum = std::accumulate(s.layers_per_stage.begin(), s.layers_per_stage.end(), 0);
    if (static_cast<int>(s.layers_per_stage.size()) != s.pp || sum != m.num_layers)
      return problem(RejectReason::kLayerSplitMismatch,
                     fmt::format("layers_per_stage has {} stages summing to {} layers; expected pp {} stages summing to {}",
                                 s.layers_per_stage.size(), sum, s.pp, m.num_layers));
  }
  if (m.is_moe()) {
    if (static_cast<int64_t>(s.ep) * s.etp != static_cast<int64_t>(s.tp) * s.dp)
      return problem(RejectReason::kEpEtpMismatch, fmt::format("ep {} x etp {} = {} but tp {} x dp {} = {}", s.ep, s.etp,
                                                               static_cast<int64_t>(s.ep) * s.etp, s.tp, s.dp,
                                                               static_cast<int64_t>(s.tp) * s.dp));
    if ((m.num_experts + redundant_experts) % s.ep != 0)
      return problem(RejectReason::kExpertsNotDivisible,
                     redundant_experts > 0
                         ? fmt::format("num_experts {} + redundant {} = {} slots are not divisible by ep {}", m.num_experts,
                                       redundant_experts, m.num_experts + redundant_experts, s.ep)
                         : fmt::format("num_experts {} is not divisible by ep {}", m.num_experts, s.ep));
    if (m.expert_intermediate_size % s.etp != 0)
      return problem(RejectReason::kExpertFfnNotDivisible,
                     fmt::format("expert_intermediate_size {} is not divisible by etp {}", m.expert_intermediate_size, s.etp));
  }
  return std::nullopt;
}

std::vector<int> default_layer_split(int num_layers, int pp) {
  std::vector<int> split(static_cast<size_t>(pp), num_layers / pp);
  const int remainder = num_layers % pp;
  for (int i = 2; i < remainder + 2; ++i) split[static_cast<size_t>(pp - i)] += 1;
  return split;
}

std::vector<int> layers_per_stage(const Strategy& s, const ModelSpec& m) {
  if (!s.layers_per_stage.empty()) return s.layers_per_stage;
  return default_layer_split(static_cast<int>(m.num_layers), s.pp);
}

std::vector<StageLayers> stage_layers(const Strategy& s, const ModelSpec& m) {
  const std::vector<int> split = layers_per_stage(s, m);
  std::vector<StageLayers> stages;
  stages.reserve(split.size());
  int next = 0;
  for (size_t i = 0; i < split.size(); ++i) {
    StageLayers st;
    st.stage = static_cast<int>(i);
    st.first_layer = next;
    st.layers = split[i];
    st.moe_layers = static_cast<int>(m.moe_layers_in(next, next + split[i]));
    st.sliding_layers = static_cast<int>(m.sliding_layers_in(next, next + split[i]));
    st.dense_layers = st.layers - st.moe_layers;
    st.has_embedding = i == 0;
    st.has_lm_head = i + 1 == split.size();
    next += split[i];
    stages.push_back(st);
  }
  return stages;
}

}  // namespace moeplan
