#include "spec/scenario_writer.h"

#include <fmt/format.h>

namespace moeplan {

namespace {

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string b(bool v) { return v ? "true" : "false"; }

// Exact enough to round-trip: 17 significant digits with the unit's base.
std::string num(double v) { return fmt::format("{:.17g}", v); }

}  // namespace

std::string scenario_to_yaml(const Scenario& sc, const Strategy& s) {
  const ModelSpec& m = sc.model;
  const GpuSpec& g = sc.cluster.gpu;
  std::string y;
  y += "name: " + quote(sc.name) + "\n";
  if (!sc.assumptions.empty()) {
    y += "assumptions:\n";
    for (const auto& a : sc.assumptions) y += "  - " + quote(a) + "\n";
  }
  y += "model:\n";
  y += "  name: " + quote(m.name) + "\n  display_name: " + quote(m.display_name) + "\n  source: " + quote(m.source) + "\n";
  y += fmt::format("  hidden_size: {}\n  num_layers: {}\n  vocab_size: {}\n  tie_word_embeddings: {}\n", m.hidden_size,
                   m.num_layers, m.vocab_size, b(m.tie_word_embeddings));
  y += fmt::format("  attention: {}\n  num_heads: {}\n  num_kv_heads: {}\n", to_string(m.attention), m.num_heads, m.num_kv_heads);
  if (m.attention == AttentionKind::kMla)
    y += fmt::format("  q_lora_rank: {}\n  kv_lora_rank: {}\n  qk_nope_head_dim: {}\n  qk_rope_head_dim: {}\n  v_head_dim: {}\n",
                     m.q_lora_rank, m.kv_lora_rank, m.qk_nope_head_dim, m.qk_rope_head_dim, m.v_head_dim);
  else
    y += fmt::format("  head_dim: {}\n", m.head_dim);
  y += fmt::format("  attention_bias: {}\n  attention_out_bias: {}\n  qk_norm: {}\n  attention_sinks: {}\n",
                   b(m.attention_bias), b(m.attention_out_bias), b(m.qk_norm), b(m.attention_sinks));
  y += fmt::format("  sliding_window: {}\n  sliding_window_layers: {}\n", m.sliding_window, to_string(m.sliding_window_layers));
  y += fmt::format("  dense_intermediate_size: {}\n  dense_gated: {}\n", m.dense_intermediate_size, b(m.dense_gated));
  y += fmt::format("  num_experts: {}\n  experts_per_token: {}\n  expert_intermediate_size: {}\n  expert_gated: {}\n",
                   m.num_experts, m.experts_per_token, m.expert_intermediate_size, b(m.expert_gated));
  y += fmt::format("  expert_bias: {}\n  router_bias: {}\n  router_score_correction_bias: {}\n", b(m.expert_bias),
                   b(m.router_bias), b(m.router_score_correction_bias));
  y += fmt::format("  num_shared_experts: {}\n  shared_expert_intermediate_size: {}\n  shared_expert_gate: {}\n",
                   m.num_shared_experts, m.shared_expert_intermediate_size, b(m.shared_expert_gate));
  y += fmt::format("  first_dense_layers: {}\n  moe_layer_step: {}\n  expert_groups: {}\n  expert_groups_per_token: {}\n",
                   m.first_dense_layers, m.moe_layer_step, m.expert_groups, m.expert_groups_per_token);
  y += fmt::format("  mtp_modules: {}\n  vision_encoder_params: {}\n", m.mtp_modules, num(m.vision_encoder_params));
  y += fmt::format("  weight_dtype: {}\n  expert_dtype: {}\n  kv_cache_dtype: {}\n", to_string(m.weight_dtype),
                   to_string(m.expert_dtype), to_string(m.kv_cache_dtype));
  if (m.max_position_embeddings > 0) y += fmt::format("  max_position_embeddings: {}\n", m.max_position_embeddings);  // issue 8
  y += "cluster:\n  gpu:\n";
  y += "    name: " + quote(g.name) + "\n    display_name: " + quote(g.display_name) + "\n";
  if (!g.source.empty()) y += "    source: " + quote(g.source) + "\n";
  y += fmt::format("    memory: \"{} B\"\n    memory_bandwidth: \"{} B/s\"\n    bf16_flops: \"{} FLOP/s\"\n", num(g.memory_bytes),
                   num(g.memory_bandwidth_bytes_per_s), num(g.bf16_flops_per_s));
  if (g.marketing_memory_bytes > 0) y += fmt::format("    marketing_memory: \"{} B\"\n", num(g.marketing_memory_bytes));  // issue 8
  if (g.fp8_flops_per_s > 0) y += fmt::format("    fp8_flops: \"{} FLOP/s\"\n", num(g.fp8_flops_per_s));
  if (g.fp4_flops_per_s > 0) y += fmt::format("    fp4_flops: \"{} FLOP/s\"\n", num(g.fp4_flops_per_s));
  if (g.achievable_bf16_flops_per_s > 0) y += fmt::format("    achievable_bf16_flops: \"{} FLOP/s\"\n", num(g.achievable_bf16_flops_per_s));
  if (g.achievable_fp8_flops_per_s > 0) y += fmt::format("    achievable_fp8_flops: \"{} FLOP/s\"\n", num(g.achievable_fp8_flops_per_s));
  if (g.allreduce_bus_bandwidth_bytes_per_s > 0)
    y += fmt::format("    allreduce_bus_bandwidth: \"{} B/s\"\n", num(g.allreduce_bus_bandwidth_bytes_per_s));
  y += fmt::format("  gpus: {}\n  gpus_per_node: {}\n", s.gpus(), sc.cluster.gpus_per_node);
  const ClusterSpec& c = sc.cluster;
  if (c.intra_node.bandwidth_bytes_per_s > 0) y += fmt::format("  intra_node_bandwidth: \"{} B/s\"\n", num(c.intra_node.bandwidth_bytes_per_s));
  if (c.intra_node.latency_s > 0) y += fmt::format("  intra_node_latency: \"{} s\"\n", num(c.intra_node.latency_s));
  if (c.inter_node.bandwidth_bytes_per_s > 0) y += fmt::format("  inter_node_bandwidth: \"{} B/s\"\n", num(c.inter_node.bandwidth_bytes_per_s));
  if (c.inter_node.latency_s > 0) y += fmt::format("  inter_node_latency: \"{} s\"\n", num(c.inter_node.latency_s));
  y += fmt::format("  allow_cross_node_tp: {}\n", b(c.allow_cross_node_tp));
  y += fmt::format("workload:\n  input_tokens: {}\n  output_tokens: {}\n", sc.workload.input_tokens, sc.workload.output_tokens);
  if (sc.workload.concurrency > 0) y += fmt::format("  concurrency: {}\n", sc.workload.concurrency);
  if (sc.workload.request_rate > 0) y += fmt::format("  request_rate: \"{} requests/s\"\n", num(sc.workload.request_rate));
  if (sc.slo.ttft_s || sc.slo.tpot_s || sc.slo.throughput_tokens_per_s) {
    y += "slo:\n";
    if (sc.slo.ttft_s) y += fmt::format("  ttft: \"{} s\"\n", num(*sc.slo.ttft_s));
    if (sc.slo.tpot_s) y += fmt::format("  tpot: \"{} s\"\n", num(*sc.slo.tpot_s));
    if (sc.slo.throughput_tokens_per_s) y += fmt::format("  throughput: \"{} tokens/s\"\n", num(*sc.slo.throughput_tokens_per_s));
  }
  const RuntimeSpec& r = sc.runtime;
  y += fmt::format("runtime:\n  engine: {}\n  memory_fraction: {}\n  prefill_chunk_tokens: {}\n", to_string(r.engine),
                   num(r.memory_fraction), r.prefill_chunk_tokens);
  y += fmt::format("  comm_buffers: \"{} B\"\n  runtime_overhead: \"{} B\"\n  activation_dtype: {}\n", num(r.comm_buffer_bytes),
                   num(r.runtime_overhead_bytes), to_string(r.activation_dtype));
  y += fmt::format("  load_mtp: {}\n  two_batch_overlap: {}\n  moe_load_imbalance: {}\n", b(r.load_mtp), b(r.two_batch_overlap),
                   num(r.moe_load_imbalance));
  if (r.max_batch_size > 0) y += fmt::format("  max_batch_size: {}\n", r.max_batch_size);
  if (r.mtp_draft_tokens > 0)
    y += fmt::format("  mtp_draft_tokens: {}\n  mtp_acceptance: {}\n", r.mtp_draft_tokens, num(r.mtp_acceptance));
  const Calibration& k = sc.calibration;
  y += "calibration:\n";
  if (k.gemm_efficiency > 0) y += fmt::format("  gemm_efficiency: {}\n", num(k.gemm_efficiency));
  y += fmt::format("  gemm_half_efficiency_m: {}\n  hbm_efficiency: {}\n  intra_node_efficiency: {}\n  inter_node_efficiency: {}\n",
                   num(k.gemm_half_efficiency_m), num(k.hbm_efficiency), num(k.intra_node_efficiency), num(k.inter_node_efficiency));
  y += fmt::format("  grouped_gemm_efficiency: {}\n  attention_efficiency: {}\n  kernels_per_layer: {}\n",
                   num(k.grouped_gemm_efficiency), num(k.attention_efficiency), num(k.kernels_per_layer));
  y += fmt::format("  kernel_launch: \"{} s\"\n  prefill_overhead: \"{} s\"\n  decode_overhead: \"{} s\"\n", num(k.kernel_launch_s),
                   num(k.prefill_overhead_s), num(k.decode_overhead_s));
  if (!sc.profile_path.empty()) y += "  profile: " + quote(sc.profile_path) + "\n";
  y += fmt::format("strategy: {{tp: {}, pp: {}, dp: {}, ep: {}, etp: {}", s.tp, s.pp, s.dp, s.ep, s.etp);
  if (s.instances > 1) y += fmt::format(", instances: {}", s.instances);
  if (!s.layers_per_stage.empty()) {
    y += ", layers_per_stage: [";
    for (size_t i = 0; i < s.layers_per_stage.size(); ++i) y += (i ? ", " : "") + std::to_string(s.layers_per_stage[i]);
    y += "]";
  }
  y += "}\n";
  return y;
}

}  // namespace moeplan
