#include "model/memory.h"
#include "model/engine_batch.h"
#include "spec/limits.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace moeplan {

double ComponentBytes::total() const {
  return embedding + lm_head + attention + dense_ffn + routed_experts + shared_experts + router + norms + mtp;
}

namespace {

// Peak transient activation bytes of one prefill chunk on one GPU: the
// residual stream and its normalised copy, plus the larger of the attention
// buffers and the FFN/MoE buffers, plus the sampled logits on the last stage.
// `token_budget`: the tokens of one pass (model/engine_batch.h), resolved once per strategy by the caller.
double activation_bytes(const Scenario& sc, const Strategy& s, const StageLayers& st, double token_budget) {
  const ModelSpec& m = sc.model;
  const double a = weight_bytes_per_param(sc.runtime.activation_dtype);
  const double t = token_budget;
  const double h = static_cast<double>(m.hidden_size);
  const double heads = static_cast<double>(m.num_heads) / s.tp;
  const double base = 2 * t * h * a;

  double attention = 0;
  if (m.attention == AttentionKind::kMla) {
    const double qk = static_cast<double>(m.qk_nope_head_dim + m.qk_rope_head_dim);
    attention = t * a * (heads * qk + static_cast<double>(m.kv_lora_rank + m.qk_rope_head_dim) +
                         heads * static_cast<double>(m.qk_nope_head_dim + m.v_head_dim) + heads * m.v_head_dim);
  } else {
    const double kv_heads = std::max(1.0, static_cast<double>(m.num_kv_heads) / s.tp);
    attention = t * a * static_cast<double>(m.head_dim) * (2 * heads + 2 * kv_heads);
  }

  double ffn = 0;
  if (st.dense_layers > 0) {
    const double inter = static_cast<double>(m.dense_intermediate_size) / s.tp;
    ffn = t * a * inter * (m.dense_gated ? 3.0 : 2.0);
  }
  if (st.moe_layers > 0) {
    // Tokens a GPU receives: the stage's DP ranks each route t tokens to
    // top-k experts spread over EP ranks (balanced routing assumed here).
    const double received = t * s.dp * static_cast<double>(m.experts_per_token) / s.ep;
    const double inter = static_cast<double>(m.expert_intermediate_size) / s.etp;
    double moe = received * a * (2 * h + inter * (m.expert_gated ? 3.0 : 2.0));
    if (m.num_shared_experts > 0)
      moe += t * a * static_cast<double>(m.num_shared_experts * m.shared_expert_intermediate_size) / s.tp * 3.0;
    ffn = std::max(ffn, moe);
  }
  double logits = 0;
  if (st.has_lm_head) {
    // One sampled position per request in the chunk, fp32 logits over this
    // GPU's vocabulary slice.
    const double requests = std::ceil(t / static_cast<double>(sc.workload.input_tokens));
    logits = requests * static_cast<double>(m.vocab_size) / s.tp * 4.0;
  }
  return base + std::max(attention, ffn) + logits;
}

}  // namespace

MemoryReport compute_memory(const Scenario& sc, const Strategy& s, const std::vector<StageLayers>& stages,
                            int sequences_per_dp_rank) {
  const ModelSpec& m = sc.model;
  const LayerParams lp = layer_params(m);
  const double h = static_cast<double>(m.hidden_size);
  const double w_bytes = weight_bytes_per_param(m.weight_dtype);
  const double e_bytes = weight_bytes_per_param(m.expert_dtype);
  const double base_bytes = weight_bytes_per_param(m.base_dtype());
  const double attention_per_layer = attention_params_per_gpu(m, s.tp);
  const double dense_per_layer = lp.dense_ffn / s.tp;
  const double experts_per_gpu = m.is_moe() ? static_cast<double>((m.num_experts + sc.placement.redundant_experts) / s.ep) : 0.0;
  const double routed_per_layer = experts_per_gpu * lp.expert / s.etp;
  const double shared_per_layer = lp.shared_experts / s.tp;
  const double token_budget = static_cast<double>(batch_limits(sc, s).token_budget);
  const double vocab_slice = std::ceil(static_cast<double>(m.vocab_size) / s.tp) * h;
  const double kv_layer_gpu = kv_bytes_per_token_per_layer_per_gpu(m, s.tp);
  const double seq_tokens = static_cast<double>(sc.workload.input_tokens + sc.workload.output_tokens);
  const double sliding_tokens = m.sliding_window > 0 ? std::min(seq_tokens, static_cast<double>(m.sliding_window)) : seq_tokens;

  MemoryReport r;
  r.capacity_bytes = sc.cluster.gpu.memory_bytes;
  r.sequences_per_dp_rank =
      sequences_per_dp_rank >= 0 ? sequences_per_dp_rank
      : sc.workload.concurrency > 0 ? static_cast<int>((sc.workload.concurrency + s.dp - 1) / s.dp)
                                    : 0;
  r.fits = true;
  r.kv_capacity_sequences = -1;
  r.stages.reserve(stages.size());
  for (const StageLayers& st : stages) {
    StageMemory g;
    g.layers = st;
    ComponentBytes& w = g.weights;
    const double layers = st.layers;
    w.attention = layers * attention_per_layer * w_bytes;
    w.dense_ffn = st.dense_layers * dense_per_layer * w_bytes;
    w.routed_experts = st.moe_layers * routed_per_layer * e_bytes;
    w.shared_experts = st.moe_layers * shared_per_layer * w_bytes;
    w.router = st.moe_layers * lp.router * base_bytes;
    w.norms = (layers * (lp.layer_norms + lp.attention_norms) + (st.has_lm_head ? h : 0)) * base_bytes;
    if (st.has_embedding) w.embedding = vocab_slice * base_bytes;
    // A tied embedding still needs its own copy on the last stage when the
    // first and last stages differ.
    if (st.has_lm_head && (!m.tie_word_embeddings || !st.has_embedding)) w.lm_head = vocab_slice * base_bytes;
    if (st.has_lm_head && sc.runtime.load_mtp && m.mtp_modules > 0) {
      const double mtp_layer = attention_per_layer * w_bytes + routed_per_layer * e_bytes + shared_per_layer * w_bytes +
                               (lp.router + lp.layer_norms + lp.attention_norms) * base_bytes;
      w.mtp = static_cast<double>(m.mtp_modules) * (mtp_layer + (2 * h * h / s.tp) * w_bytes + 3 * h * base_bytes);
    }
    g.weights_bytes = w.total();
    g.weight_params = layers * attention_per_layer + st.dense_layers * dense_per_layer +
                      st.moe_layers * (routed_per_layer + shared_per_layer + lp.router) +
                      layers * (lp.layer_norms + lp.attention_norms) + (st.has_lm_head ? h : 0) +
                      (w.embedding > 0 ? vocab_slice : 0) + (w.lm_head > 0 ? vocab_slice : 0);
    g.activation_bytes = activation_bytes(sc, s, st, token_budget);
    g.runtime_reserve_bytes = sc.runtime.runtime_overhead_bytes + sc.runtime.comm_buffer_bytes;
    g.static_bytes = g.weights_bytes + g.activation_bytes + g.runtime_reserve_bytes;
    const double static_bytes = g.static_bytes;
    if (sc.runtime.engine == Engine::kTrtllm) {
      // TensorRT-LLM: the KV fraction applies to the memory left free.
      const double free_bytes = r.capacity_bytes - static_bytes;
      g.kv_budget_bytes = free_bytes * sc.runtime.memory_fraction;
      g.usable_bytes = static_bytes + std::max(0.0, g.kv_budget_bytes);
    } else {
      // vLLM, SGLang: the fraction applies to total memory.
      g.usable_bytes = r.capacity_bytes * sc.runtime.memory_fraction;
      g.kv_budget_bytes = g.usable_bytes - static_bytes;
    }
    g.kv_bytes_per_token = st.layers * kv_layer_gpu;
    g.kv_bytes_per_sequence =
        kv_layer_gpu * ((st.layers - st.sliding_layers) * seq_tokens + st.sliding_layers * sliding_tokens);
    const double budget = std::max(0.0, g.kv_budget_bytes);
    g.kv_capacity_tokens = g.kv_bytes_per_token > 0 ? std::floor(budget / g.kv_bytes_per_token) : 0;
    g.kv_capacity_sequences = g.kv_bytes_per_sequence > 0 ? std::floor(budget / g.kv_bytes_per_sequence) : 0;
    g.kv_in_use_bytes = r.sequences_per_dp_rank * g.kv_bytes_per_sequence;
    g.total_bytes = static_bytes + g.kv_in_use_bytes;
    g.fits = g.kv_budget_bytes >= g.kv_bytes_per_sequence && g.total_bytes <= g.usable_bytes;
    if (!g.fits && r.fits) {
      r.fits = false;
      if (g.kv_budget_bytes < g.kv_bytes_per_sequence)
        r.why_not = fmt::format("stage {}: weights + activations + runtime reserve = {:.2f} GB leave {:.2f} GB of the usable {:.2f} GB, "
                                "less than one request's KV cache ({:.3f} GB)",
                                st.stage, static_bytes / 1e9, g.kv_budget_bytes / 1e9, g.usable_bytes / 1e9,
                                g.kv_bytes_per_sequence / 1e9);
      else
        r.why_not = fmt::format("stage {}: {} requests per DP rank need {:.2f} GB of KV cache, more than the {:.2f} GB left",
                                st.stage, r.sequences_per_dp_rank, g.kv_in_use_bytes / 1e9, g.kv_budget_bytes / 1e9);
    }
    const double seqs = g.kv_capacity_sequences;
    r.kv_capacity_sequences = r.kv_capacity_sequences < 0 ? seqs : std::min(r.kv_capacity_sequences, seqs);
    if (g.weights_bytes > r.weights_bytes_max) r.weights_bytes_max = g.weights_bytes;
    if (g.total_bytes > r.total_bytes_max) {
      r.total_bytes_max = g.total_bytes;
      r.worst_stage = st.stage;
    }
    r.stages.push_back(g);
  }
  r.kv_capacity_per_dp_rank = static_cast<int>(clamp_to_count(std::max(0.0, r.kv_capacity_sequences), limits::kConcurrency));
  r.kv_capacity_sequences = std::max(0.0, r.kv_capacity_sequences) * s.dp;
  r.kv_capacity_sequences_all_instances = r.kv_capacity_sequences * std::max(1, s.instances);
  return r;
}

}  // namespace moeplan
