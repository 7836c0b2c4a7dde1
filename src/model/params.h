// Parameter counts of a model, by component, unsharded. Each figure is
// a count of parameters (not bytes).
#pragma once

#include <cstdint>

#include "spec/model_spec.h"

namespace moeplan {

// Per-layer building blocks (one decoder layer, whole, not sharded).
struct LayerParams {
  double attention = 0;       // projections, their biases, sinks
  double attention_norms = 0; // MLA's q_a/kv_a norms, Qwen3's q/k norms
  double layer_norms = 0;     // the two per-layer RMSNorms (input, post-attention)
  double dense_ffn = 0;       // one dense FFN
  double expert = 0;          // ONE routed expert
  double shared_experts = 0;  // all shared experts of one MoE layer, with their gate
  double router = 0;          // router linear (+ bias, + score-correction bias)
};

LayerParams layer_params(const ModelSpec& m);

// Attention parameters one GPU of a TP group holds for one layer: q, o and
// sinks sharded by heads; KV heads sharded, one kept (replicated) when TP
// exceeds them; MLA's q_a/kv_a down-projections replicated (vLLM/SGLang
// ReplicatedLinear). At TP 1 it is the whole layer.
double attention_params_per_gpu(const ModelSpec& m, int tp);

struct ParamBreakdown {
  double embedding = 0;
  double lm_head = 0;  // 0 when tied to the embedding
  double attention = 0;
  double dense_ffn = 0;
  double routed_experts = 0;
  double shared_experts = 0;
  double router = 0;
  double norms = 0;
  double vision_encoder = 0;  // counted in published totals of multimodal models
  double mtp = 0;             // multi-token-prediction modules: excluded from total()

  // Everything but MTP, as published totals count (DeepSeek-V3's 671B).
  double total() const;
};

struct ParamSummary {
  ParamBreakdown breakdown;
  double total = 0;
  // Parameters read for one token: everything except the routed experts a
  // token does not pick and the vision tower; counts the embedding table.
  double active = 0;
  double active_excluding_input_embedding = 0;
  double routed_experts_active = 0;  // top-k experts of every MoE layer
};

ParamSummary count_params(const ModelSpec& m);

// Bytes of the whole model's weights (MTP and vision tower excluded), each
// component at its stored dtype with quantisation scales.
double model_weight_bytes(const ModelSpec& m, const ParamBreakdown& b);

}  // namespace moeplan
