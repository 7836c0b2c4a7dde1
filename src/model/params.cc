#include "model/params.h"

#include <algorithm>

namespace moeplan {

namespace {
double ffn_params(double hidden, double intermediate, bool gated, bool bias) {
  const double matrices = gated ? 3.0 : 2.0;
  double p = matrices * hidden * intermediate;
  if (bias) p += (gated ? 2.0 : 1.0) * intermediate + hidden;
  return p;
}
}  // namespace

double attention_params_per_gpu(const ModelSpec& m, int tp) {
  const double h = static_cast<double>(m.hidden_size);
  const double heads = static_cast<double>(m.num_heads) / tp;
  if (m.attention == AttentionKind::kMla) {
    // vLLM/SGLang keep q_a_proj and kv_a_proj_with_mqa replicated
    // (ReplicatedLinear) and shard q_b, kv_b and o by heads.
    const double qk_head = static_cast<double>(m.qk_nope_head_dim + m.qk_rope_head_dim);
    const double q = m.q_lora_rank > 0 ? h * m.q_lora_rank + static_cast<double>(m.q_lora_rank) * heads * qk_head
                                       : h * heads * qk_head;
    const double kv_a = h * static_cast<double>(m.kv_lora_rank + m.qk_rope_head_dim);
    const double kv_b = static_cast<double>(m.kv_lora_rank) * heads * static_cast<double>(m.qk_nope_head_dim + m.v_head_dim);
    const double o = heads * static_cast<double>(m.v_head_dim) * h;
    return q + kv_a + kv_b + o;
  }
  const double q = heads * static_cast<double>(m.head_dim);
  // KV heads are sharded; when TP exceeds them each GPU keeps one (replicated).
  const double kv = std::max(1.0, static_cast<double>(m.num_kv_heads) / tp) * static_cast<double>(m.head_dim);
  double p = h * q + 2 * h * kv + q * h;
  if (m.attention_bias) p += q + 2 * kv;
  if (m.attention_out_bias) p += h;  // replicated, added after the all-reduce
  if (m.attention_sinks) p += heads;
  return p;
}

LayerParams layer_params(const ModelSpec& m) {
  LayerParams p;
  const double h = static_cast<double>(m.hidden_size);
  // The whole layer is what one GPU holds at TP 1: one formula for both.
  p.attention = attention_params_per_gpu(m, 1);
  if (m.attention == AttentionKind::kMla) p.attention_norms = static_cast<double>(m.q_lora_rank + m.kv_lora_rank);
  else if (m.qk_norm) p.attention_norms = 2.0 * static_cast<double>(m.head_dim);
  p.layer_norms = 2 * h;
  p.dense_ffn = ffn_params(h, static_cast<double>(m.dense_intermediate_size), m.dense_gated, false);
  if (m.is_moe()) {
    p.expert = ffn_params(h, static_cast<double>(m.expert_intermediate_size), m.expert_gated, m.expert_bias);
    p.shared_experts = static_cast<double>(m.num_shared_experts) *
                       ffn_params(h, static_cast<double>(m.shared_expert_intermediate_size), true, false);
    if (m.shared_expert_gate) p.shared_experts += h;
    const double e = static_cast<double>(m.num_experts);
    p.router = e * h + (m.router_bias ? e : 0) + (m.router_score_correction_bias ? e : 0);
  }
  return p;
}

double ParamBreakdown::total() const {
  return embedding + lm_head + attention + dense_ffn + routed_experts + shared_experts + router + norms + vision_encoder;
}

ParamSummary count_params(const ModelSpec& m) {
  const LayerParams lp = layer_params(m);
  const double h = static_cast<double>(m.hidden_size);
  const double layers = static_cast<double>(m.num_layers);
  const double moe_layers = static_cast<double>(m.num_moe_layers());
  const double dense_layers = layers - moe_layers;

  ParamSummary s;
  ParamBreakdown& b = s.breakdown;
  b.embedding = static_cast<double>(m.vocab_size) * h;
  b.lm_head = m.tie_word_embeddings ? 0 : static_cast<double>(m.vocab_size) * h;
  b.attention = layers * lp.attention;
  b.dense_ffn = dense_layers * lp.dense_ffn;
  b.routed_experts = moe_layers * static_cast<double>(m.num_experts) * lp.expert;
  b.shared_experts = moe_layers * lp.shared_experts;
  b.router = moe_layers * lp.router;
  b.norms = layers * (lp.layer_norms + lp.attention_norms) + h;  // + the final norm
  b.vision_encoder = m.vision_encoder_params;
  // DeepSeek-V3 MTP module: one MoE decoder layer plus eh_proj (2h -> h) and
  // three RMSNorms (enorm, hnorm, shared head norm); embedding and output
  // head are shared with the main model and not counted again.
  const double mtp_layer = lp.attention + lp.attention_norms + lp.layer_norms +
                           (m.is_moe() ? static_cast<double>(m.num_experts) * lp.expert + lp.shared_experts + lp.router
                                       : lp.dense_ffn);
  b.mtp = static_cast<double>(m.mtp_modules) * (mtp_layer + 2 * h * h + 3 * h);

  s.total = b.total();
  s.routed_experts_active = moe_layers * static_cast<double>(m.experts_per_token) * lp.expert;
  s.active = b.embedding + b.lm_head + b.attention + b.dense_ffn + s.routed_experts_active + b.shared_experts + b.router +
             b.norms;
  s.active_excluding_input_embedding = s.active - (m.tie_word_embeddings ? 0 : b.embedding);
  return s;
}

double model_weight_bytes(const ModelSpec& m, const ParamBreakdown& b) {
  return b.routed_experts * weight_bytes_per_param(m.expert_dtype) +
         (b.attention + b.dense_ffn + b.shared_experts) * weight_bytes_per_param(m.weight_dtype) +
         (b.embedding + b.lm_head + b.router + b.norms) * weight_bytes_per_param(m.base_dtype());
}

}  // namespace moeplan
