#include "render/report.h"

#include "search/burst.h"

#include <fmt/format.h>

#include <cmath>

#include "render/format.h"
#include "spec/serving_defaults.h"

namespace moeplan {

using nlohmann::json;

namespace {

std::string yes_no(bool b) { return b ? "yes" : "no"; }

std::string attention_summary(const ModelSpec& m) {
  if (m.attention == AttentionKind::kMla)
    return fmt::format("MLA, {} heads, kv_lora_rank {}, q_lora_rank {}, qk {}+{} (nope+rope), v {}", m.num_heads,
                       m.kv_lora_rank, m.q_lora_rank, m.qk_nope_head_dim, m.qk_rope_head_dim, m.v_head_dim);
  std::string s = fmt::format("{}, {} heads / {} KV heads x {}", m.attention == AttentionKind::kMha ? "MHA" : "GQA",
                              m.num_heads, m.num_kv_heads, m.head_dim);
  if (m.sliding_window > 0)
    s += fmt::format(", sliding window {} on {} layers", m.sliding_window,
                     m.sliding_window_layers == SlidingLayers::kAll ? "all" : "alternate");
  return s;
}

json breakdown_json(const ParamBreakdown& b) {
  return json{{"embedding", b.embedding},         {"attention", b.attention}, {"dense_ffn", b.dense_ffn},
              {"routed_experts", b.routed_experts}, {"shared_experts", b.shared_experts}, {"router", b.router},
              {"norms", b.norms},                 {"lm_head", b.lm_head},     {"vision_encoder", b.vision_encoder},
              {"mtp", b.mtp}};
}

std::string published_delta(double ours, double published) {
  if (published <= 0) return "";
  return fmt::format("published {} ({:+.2f}%)", fmt_params(published), (ours / published - 1) * 100);
}

}  // namespace

std::string render_inspect_text(const ModelSpec& m) {
  const ParamSummary p = count_params(m);
  const KvCacheFacts kv = kv_cache_facts(m);
  const ParamBreakdown& b = p.breakdown;
  std::string out;
  out += fmt::format("Model: {} [{}]\n", m.display_name, m.name);
  if (!m.source.empty()) out += fmt::format("Source: {}\n", m.source);
  out += fmt::format("Layers: {} ({} MoE, {} dense{}), hidden {}, vocab {}, {} embeddings\n", m.num_layers,
                     m.num_moe_layers(), m.num_layers - m.num_moe_layers(),
                     m.first_dense_layers > 0 ? fmt::format(", first {} dense", m.first_dense_layers) : "",
                     m.hidden_size, m.vocab_size, m.tie_word_embeddings ? "tied" : "untied");
  out += "Attention: " + attention_summary(m) + "\n";
  if (m.is_moe())
    out += fmt::format("Experts: {} routed per MoE layer, top-{}, expert FFN {} ({} matrices){}\n", m.num_experts,
                       m.experts_per_token, m.expert_intermediate_size, m.expert_gated ? 3 : 2,
                       m.num_shared_experts > 0
                           ? fmt::format(", {} shared of FFN {}", m.num_shared_experts, m.shared_expert_intermediate_size)
                           : "");
  if (m.num_layers > m.num_moe_layers())
    out += fmt::format("Dense FFN: {} ({} matrices)\n", m.dense_intermediate_size, m.dense_gated ? 3 : 2);
  out += fmt::format("Dtypes: weights {}, routed experts {}, embeddings/norms/router {}, KV cache {}{}\n",
                     to_string(m.weight_dtype), to_string(m.expert_dtype), to_string(m.base_dtype()),
                     to_string(m.kv_cache_dtype),
                     m.kv_cache_dtype_origin == KvDtypeOrigin::kEngineDefault
                         ? ""
                         : fmt::format(" ({}: {})", to_string(m.kv_cache_dtype_origin), m.kv_cache_dtype_detail));
  if (m.max_position_embeddings > 0)
    out += fmt::format("Context: up to {} tokens per request (max_position_embeddings)\n", fmt_int(m.max_position_embeddings));

  out += "\nParameters (counts, B = 1e9)\n";
  TextTable t({"component", "parameters", "share of total"});
  auto row = [&](const char* name, double v) {
    if (v != 0) t.add({name, fmt_params(v), fmt_percent(v / p.total)});
  };
  row("embedding", b.embedding);
  row("attention", b.attention);
  row("dense FFN", b.dense_ffn);
  row("routed experts", b.routed_experts);
  row("shared experts", b.shared_experts);
  row("router", b.router);
  row("norms", b.norms);
  row("LM head", b.lm_head);
  row("vision encoder", b.vision_encoder);
  t.add_rule();
  t.add({"total", fmt_params(p.total), published_delta(p.total, m.published.params_total)});
  // The published figure sits on the row it is compared with: with or without the input embedding, as published.
  const bool with_embedding = m.published.active_counts_input_embedding;
  t.add({"active per token", fmt_params(p.active), with_embedding ? published_delta(p.active, m.published.params_active) : ""});
  t.add({"  without input embedding", fmt_params(p.active_excluding_input_embedding),
         with_embedding ? "" : published_delta(p.active_excluding_input_embedding, m.published.params_active)});
  if (b.mtp > 0) t.add({"MTP module (not in total)", fmt_params(b.mtp), ""});
  out += t.render();
  if (m.published.params_active > 0)
    out += fmt::format("  (the published active figure {} the input embedding)\n",
                       m.published.active_counts_input_embedding ? "counts" : "does not count");

  out += "\nKV cache per token\n";
  std::string per_layer_formula =
      m.attention == AttentionKind::kMla
          ? fmt::format("(kv_lora_rank {} + rope {}) x {:g} B", m.kv_lora_rank, m.qk_rope_head_dim,
                        kv_bytes_per_element(m.kv_cache_dtype))
          : fmt::format("2 (K,V) x {} KV heads x {} x {:g} B", m.num_kv_heads, m.head_dim,
                        kv_bytes_per_element(m.kv_cache_dtype));
  out += fmt::format("  per layer:  {} = {}\n", fmt_bytes_exact(kv.bytes_per_token_per_layer), per_layer_formula);
  out += fmt::format("  all {} layers: {} ({} MB)\n", m.num_layers, fmt_bytes_exact(kv.bytes_per_token),
                     fmt::format("{:.3f}", kv.bytes_per_token / 1e6));
  if (kv.sliding_layers > 0)
    out += fmt::format("  {} sliding-window layers keep at most {} tokens; a {}-token request holds {}\n",
                       kv.sliding_layers, kv.sliding_window, 8192, fmt_gb(kv.bytes_per_sequence(8192), 3));
  return out;
}

json inspect_json(const ModelSpec& m) {
  const ParamSummary p = count_params(m);
  const KvCacheFacts kv = kv_cache_facts(m);
  json j;
  j["name"] = m.name;
  j["display_name"] = m.display_name;
  j["source"] = m.source;
  j["params_total"] = p.total;
  j["params_active"] = p.active;
  j["params_active_excluding_input_embedding"] = p.active_excluding_input_embedding;
  j["breakdown"] = breakdown_json(p.breakdown);
  j["kv_cache_bytes_per_token"] = kv.bytes_per_token;
  j["kv_cache_bytes_per_token_per_layer"] = kv.bytes_per_token_per_layer;
  j["kv_cache"] = {{"full_attention_layers", kv.full_layers},
                   {"sliding_window_layers", kv.sliding_layers},
                   {"sliding_window", kv.sliding_window},
                   {"dtype", to_string(m.kv_cache_dtype)},
                   {"dtype_origin", to_string(m.kv_cache_dtype_origin)}};
  j["max_position_embeddings"] = m.max_position_embeddings;  // 0 = not known
  j["num_layers"] = m.num_layers;
  j["num_moe_layers"] = m.num_moe_layers();
  j["experts_per_layer"] = m.num_experts;
  j["experts_per_token"] = m.experts_per_token;
  j["num_shared_experts"] = m.num_shared_experts;
  j["attention"] = to_string(m.attention);
  j["dtypes"] = {{"weights", to_string(m.weight_dtype)},
                 {"routed_experts", to_string(m.expert_dtype)},
                 {"base", to_string(m.base_dtype())},
                 {"kv_cache", to_string(m.kv_cache_dtype)}};
  if (m.published.params_total > 0 || m.published.params_active > 0)
    j["published"] = {{"params_total", m.published.params_total},
                      {"params_active", m.published.params_active},
                      {"active_counts_input_embedding", m.published.active_counts_input_embedding},
                      {"source", m.published.source}};
  return j;
}

std::string render_strategies_text(const Scenario& sc, const StrategySpace& space, bool explain) {
  std::string out;
  out += fmt::format("Strategies for {} on {} x {} ({} per node)\n", sc.model.display_name, sc.cluster.gpus,
                     sc.cluster.gpu.display_name, sc.cluster.gpus_per_node);
  out += "Semantics: GPUs = instances x PP x TP x DP; in each stage the MoE layers use EP x ETP = TP x DP GPUs; "
         "memory and KV requests per instance.\n";
  out += fmt::format("Considered {}, valid {} ({} fit in memory), rejected {}.\n\n", space.considered, space.valid.size(),
                     space.fitting(), space.considered - static_cast<int>(space.valid.size()));
  TextTable t({"instances", "tp", "pp", "dp", "ep", "etp", "experts/GPU per MoE layer", "in total", "weights/GPU (max)",
               "total/GPU (max)", "KV requests", "fits"});
  for (const auto& c : space.valid) {
    const Strategy& s = c.strategy;
    t.add({std::to_string(s.instances), std::to_string(s.tp), std::to_string(s.pp), std::to_string(s.dp), std::to_string(s.ep),
           std::to_string(s.etp), std::to_string(c.per_gpu_per_moe_layer), std::to_string(c.per_gpu_total_max), fmt_gb(c.weights_bytes_max),
           fmt_gb(c.total_bytes_max), fmt_int(c.kv_capacity_sequences), yes_no(c.fits)});
  }
  out += t.render();
  if (!space.rejected_counts.empty()) {
    out += "\nRejected, by reason\n";
    TextTable r({"reason", "count"});
    for (const auto& [reason, count] : space.rejected_counts) r.add({reason_text(reason), std::to_string(count)});
    out += r.render();
  }
  if (explain && !space.rejected.empty()) {
    out += "\nEach rejected strategy\n";
    for (const auto& rj : space.rejected) out += "  " + rj.strategy.label() + ": " + rj.problem.message + "\n";
  }
  return out;
}

json strategies_json(const Scenario& sc, const StrategySpace& space, bool explain) {
  json j;
  j["gpus"] = sc.cluster.gpus;
  j["considered"] = space.considered;
  j["valid_count"] = space.valid.size();
  j["fitting_count"] = space.fitting();
  json valid = json::array();
  for (const auto& c : space.valid) {
    const Strategy& s = c.strategy;
    valid.push_back({{"tp", s.tp},
                     {"pp", s.pp},
                     {"dp", s.dp},
                     {"ep", s.ep},
                     {"etp", s.etp},
                     {"gpus", s.gpus()},
                     {"instances", s.instances},
                     {"experts_per_gpu_per_moe_layer", c.per_gpu_per_moe_layer},
                     {"experts_per_gpu_total", c.per_gpu_total_max},
                     {"weights_bytes_max", c.weights_bytes_max},
                     {"total_bytes_max", c.total_bytes_max},
                     {"kv_capacity_sequences", c.kv_capacity_sequences},
                     {"fits", c.fits}});
  }
  j["valid"] = valid;
  json rejected = json::object();
  for (const auto& [reason, count] : space.rejected_counts) rejected[reason_key(reason)] = count;
  j["rejected"] = rejected;
  if (explain) {
    json each = json::array();
    for (const auto& rj : space.rejected)
      each.push_back({{"tp", rj.strategy.tp},
                      {"pp", rj.strategy.pp},
                      {"dp", rj.strategy.dp},
                      {"ep", rj.strategy.ep},
                      {"etp", rj.strategy.etp},
                      {"reason", reason_key(rj.problem.reason)},
                      {"message", rj.problem.message}});
    j["rejected_each"] = each;
  }
  return j;
}

json performance_json(const Performance& f) {
  json j{{"ttft_s", f.ttft_s},
              {"tpot_s", f.tpot_s},
              {"output_tokens_per_s", f.output_tokens_per_s},
              {"total_tokens_per_s", f.total_tokens_per_s},
              {"output_tokens_per_s_per_gpu", f.output_tokens_per_s_per_gpu},
              {"total_tokens_per_s_per_gpu", f.total_tokens_per_s_per_gpu},
              {"requests_per_s", f.requests_per_s},
              {"sol_output_tokens_per_s", f.sol_output_tokens_per_s},
              {"sol_ttft_s", f.sol_ttft_s},
              {"sol_tpot_s", f.sol_tpot_s},
              {"concurrency", f.concurrency},
              {"concurrency_per_dp_rank", f.concurrency_per_dp_rank},
              {"micro_batches", f.micro_batches},
              {"decode_cycle_s", f.decode_cycle_s},
              {"prefill_latency_s", f.prefill_latency_s},
              {"bubble_fraction", f.bubble_fraction},
              {"offered_requests_per_s", f.offered_requests_per_s},
              {"max_requests_per_s", f.max_requests_per_s},
              {"running_per_dp_rank", f.running_per_dp_rank},
              {"prefill_stall_s", f.prefill_stall_s},
              {"tokens_per_step", f.tokens_per_step},
              {"sustainable", f.sustainable},
              {"queue_wait_s", f.queue_wait_s}};
  if (!f.burst.on) return j;
  // A burst run: the throughput, TTFT and TPOT above are the run's.
  j["burst"] = json{{"requests", f.burst.requests},
                    {"output_tokens", f.burst.output_tokens},
                    {"makespan_s", f.burst.makespan_s},
                    {"drain_s", f.burst.drain_s},
                    {"peak_running_per_dp_rank", f.burst.peak_running_per_dp_rank},
                    {"mean_running_per_dp_rank", f.burst.mean_running_per_dp_rank},
                    {"steady_output_tokens_per_s", f.burst.steady_output_tokens_per_s},
                    {"what", "output tokens / time until the last request finishes, every request sent at once"},
                    {"explanation", burst_explanation(f.burst)}};
  return j;
}

json slo_json(const SloReport& r) {
  json checks = json::array();
  for (const auto& c : r.checks)
    checks.push_back({{"metric", c.metric}, {"target", c.target}, {"predicted", c.predicted}, {"margin", c.margin}, {"met", c.met}});
  return json{{"met", r.met}, {"checks", checks}};
}

std::string fmt_slo_value(const std::string& metric, double v) {
  if (metric == "throughput") return fmt_rate(v);
  if (metric == "request_rate") return fmt::format("{:.2f} requests/s", v);
  if (metric == "memory") return fmt::format("{:.2f} GB", v / 1e9);
  return fmt_seconds(v);
}

std::string render_performance_text(const Plan& p) {
  const Performance& f = p.performance;
  const Scenario& sc = *p.scenario;
  std::string out = "\nPerformance (" + p.cost_model + " cost model; speed-of-light bound beside each figure)\n";
  out += fmt::format("  requests in flight:   {} ({} per DP replica, {} micro-batch{} of {:g}){}\n", f.concurrency,
                     f.concurrency_per_dp_rank, f.micro_batches, f.micro_batches == 1 ? "" : "es", f.micro_batch_size,
                     p.concurrency_from_workload ? " from the workload" : ", chosen for the highest throughput within the latency objectives and KV capacity");
  if (f.offered_requests_per_s > 0)
    out += fmt::format("  arrivals:             {:.2f} requests/s; the deployment serves at most {:.2f} requests/s; {}\n",
                       f.offered_requests_per_s, f.max_requests_per_s,
                       f.sustainable ? fmt::format("queueing adds {} to TTFT", fmt_seconds(f.queue_wait_s))
                                     : std::string("NOT sustainable: the queue grows without bound"));
  if (f.burst.on)
    out += "  burst run:            " + burst_explanation(f.burst) +
           "; throughput, TTFT and TPOT below are the run's (TTFT and TPOT its means over requests)\n";
  out += fmt::format("  TTFT:                 {} (bound {})\n", fmt_seconds(f.ttft_s), fmt_seconds(f.sol_ttft_s));
  out += fmt::format("  TPOT:                 {} (bound {})\n", fmt_seconds(f.tpot_s), fmt_seconds(f.sol_tpot_s));
  out += fmt::format("  output throughput:    {} = {} per GPU (bound {})\n", fmt_rate(f.output_tokens_per_s),
                     fmt_rate(f.output_tokens_per_s_per_gpu), fmt_rate(f.sol_output_tokens_per_s));
  out += fmt::format("  error band:           {} to {} (published / predicted over the accuracy cases, 10th-90th percentile, "
                     "cross-validated; docs/accuracy.md)\n",
                     fmt_rate(p.throughput_band.low), fmt_rate(p.throughput_band.high));
  if (f.running_per_dp_rank < f.concurrency_per_dp_rank)
    out += fmt::format("  engine batch cap:     {} requests per DP replica run at once (runtime.max_batch_size{}); the rest wait for a slot\n",
                       f.running_per_dp_rank, p.batch.source.empty() ? "" : ", set by " + p.batch.source);
  if (f.tokens_per_step > 1)
    out += fmt::format("  MTP:                  {:.2f} tokens per decode step ({} draft tokens, acceptance {:g})\n", f.tokens_per_step,
                       sc.runtime.mtp_draft_tokens, sc.runtime.mtp_acceptance);
  if (f.prefill_stall_s > 0)
    out += fmt::format("  prefill in decode:    {} per decode iteration{}\n", fmt_seconds(f.prefill_stall_s),
                       p.strategy.dp > 1 && sc.model.is_moe() ? " (attention-DP ranks wait for the one prefilling)" : "");
  out += fmt::format("  total throughput:     {} = {} per GPU (input + output)\n", fmt_rate(f.total_tokens_per_s),
                     fmt_rate(f.total_tokens_per_s_per_gpu));
  out += fmt::format("  decode cycle:         {} (slowest stage {}; pipeline bubble {})\n", fmt_seconds(f.decode_cycle_s),
                     f.decode_bottleneck_stage, fmt_percent(f.bubble_fraction));
  out += fmt::format("  prefill of a request: {} ({} input tokens, chunks of {})\n", fmt_seconds(f.prefill_latency_s),
                     sc.workload.input_tokens, p.batch.token_budget);
  const StepBreakdown& d = p.detail.decode_step;
  out += fmt::format("  decode step of stage {} by op: attention {} + {} (core), experts {}, shared {}, dense {}, router {}, "
                     "norms {}, LM head {}, TP comm {}, EP comm {}, PP comm {}\n",
                     f.decode_bottleneck_stage, fmt_seconds(d.attention_gemm), fmt_seconds(d.attention_core),
                     fmt_seconds(d.routed_experts), fmt_seconds(d.shared_experts), fmt_seconds(d.dense_ffn),
                     fmt_seconds(d.router), fmt_seconds(d.norms), fmt_seconds(d.lm_head), fmt_seconds(d.tp_comm),
                     fmt_seconds(d.ep_comm), fmt_seconds(d.pp_comm));
  if (!p.slo.checks.empty()) {
    out += "\nService-level objectives\n";
    TextTable t({"metric", "target", "predicted", "margin", "met"});
    for (const auto& c : p.slo.checks)
      t.add({c.metric, fmt_slo_value(c.metric, c.target), fmt_slo_value(c.metric, c.predicted), fmt_percent(c.margin),
             c.met ? "yes" : c.note.empty() ? "no" : "no: " + c.note});
    out += t.render();
    out += p.slo.met ? "  all objectives met\n" : "  NOT all objectives met\n";
  }
  return out;
}

std::string expert_layout_assumption(const Plan& p) {
  const Scenario& sc = *p.scenario;
  return sc.strategy && *sc.strategy == p.strategy ? sc.strategy_note : std::string();
}

std::string render_plan_text(const Plan& p) {
  const Scenario& sc = *p.scenario;
  const Strategy& s = p.strategy;
  const ModelSpec& m = sc.model;
  const MemoryReport& mem = p.memory;
  std::string out;
  out += fmt::format("Scenario: {}{}\n", sc.name, sc.file.empty() ? "" : " (" + sc.file + ")");
  out += fmt::format("Model: {}: {} parameters, {} active per token\n", m.display_name, fmt_params(p.params.total),
                     fmt_params(p.params.active));
  const std::string memory_origin = fmt_gpu_memory_origin(sc.cluster.gpu);
  out += fmt::format("Cluster: {} x {} ({} memory each{} {} per node, {} nodes)\n", sc.cluster.gpus,
                     sc.cluster.gpu.display_name, fmt_gpu_memory(sc.cluster.gpu, 0),
                     memory_origin.empty() ? "," : " = " + memory_origin + ";", sc.cluster.gpus_per_node,
                     sc.cluster.nodes());
  out += fmt::format("Workload: {} input + {} output tokens per request{}\n", sc.workload.input_tokens,
                     sc.workload.output_tokens,
                     sc.workload.concurrency > 0 ? fmt::format(", {} requests in flight", sc.workload.concurrency) : "");
  if (s.instances > 1)
    out += fmt::format("Strategy: {} instances x (TP={} x PP={} x DP={}) = {} GPUs, behind a load balancer", s.instances, s.tp,
                       s.pp, s.dp, s.gpus());
  else
    out += fmt::format("Strategy: TP={} x PP={} x DP={} = {} GPUs", s.tp, s.pp, s.dp, s.gpus());
  if (m.is_moe()) out += fmt::format("; MoE: EP={} x ETP={} = TP x DP = {} GPUs per stage", s.ep, s.etp, s.gpus_per_stage());
  out += "\n";
  if (const std::string note = expert_layout_assumption(p); !note.empty()) out += "  " + note + "\n";
  if (!sc.assumptions.empty()) {
    out += "Assumptions (stated in the scenario):\n";
    for (const auto& a : sc.assumptions) out += "  - " + a + "\n";
  }

  out += "\nPipeline stages\n";
  TextTable st({"stage", "GPUs", "nodes", "layers", "count", "MoE layers", "dense layers", "holds"});
  for (const auto& g : mem.stages) {
    const StageLayers& l = g.layers;
    const int first = l.stage * s.gpus_per_stage();
    const int last = first + s.gpus_per_stage() - 1;
    std::string holds;
    if (l.has_embedding) holds += "embedding";
    if (l.has_lm_head) holds += std::string(holds.empty() ? "" : ", ") + "final norm, LM head";
    st.add({std::to_string(l.stage), fmt_range(first, last),
            fmt_range(first / sc.cluster.gpus_per_node, last / sc.cluster.gpus_per_node),
            fmt_range(l.first_layer, l.first_layer + l.layers - 1), std::to_string(l.layers),
            std::to_string(l.moe_layers), std::to_string(l.dense_layers), holds});
  }
  out += st.render();

  if (m.is_moe()) {
    const ExpertDistribution& e = p.experts;
    out += "\nExpert distribution\n";
    out += fmt::format("  routed experts per MoE layer:      {} ({} MoE layers, {} expert instances in all)\n",
                       e.experts_per_layer, e.moe_layers_total, e.experts_per_layer * e.moe_layers_total);
    out += fmt::format("  experts per GPU, per MoE layer:    {}{}\n", e.per_gpu_per_moe_layer_derived.text(),
                       e.etp > 1 ? fmt::format(", each split into {} ETP shards", e.etp) : "");
    if (e.per_gpu_total_max == e.per_gpu_total_min)
      out += fmt::format("  experts per GPU, in total:         {}\n", e.per_gpu_total_derived.text());
    else
      out += fmt::format("  experts per GPU, in total:         {} to {} depending on the stage (= {})\n",
                         e.per_gpu_total_min, e.per_gpu_total_max, e.per_gpu_total_derived.derivation);
    out += fmt::format("  EP groups:                         {} group{} of {} GPUs (PP {} x ETP {}), {}\n", e.ep_groups, e.ep_groups == 1 ? "" : "s",
                       e.ep_group_size, s.pp, s.etp, e.ep_group_spans_nodes ? "spanning nodes" : "each inside one node");
    out += "  placement:                         linear (EP rank r holds experts r*E/EP ... (r+1)*E/EP-1 of every MoE layer)\n";
  }

  out += "\nMemory per GPU (GB = 1e9 bytes; every GPU of a stage holds the same)\n";
  TextTable w({"stage", "embedding", "attention", "dense FFN", "routed experts", "shared experts", "router+norms",
               "LM head", "weights"});
  for (const auto& g : mem.stages) {
    const ComponentBytes& c = g.weights;
    w.add({std::to_string(g.layers.stage), fmt_gb(c.embedding, 3), fmt_gb(c.attention, 3), fmt_gb(c.dense_ffn, 3),
           fmt_gb(c.routed_experts, 3), fmt_gb(c.shared_experts, 3), fmt_gb(c.router + c.norms, 3),
           fmt_gb(c.lm_head + c.mtp, 3), fmt_gb(g.weights_bytes, 3)});
  }
  out += w.render();
  out += "\n";
  TextTable t({"stage", "weights", "activations", "runtime reserve", "KV budget", "KV tokens", "KV requests",
               "KV in use", "total", "usable", "fits"});
  for (const auto& g : mem.stages) {
    t.add({std::to_string(g.layers.stage), fmt_gb(g.weights_bytes), fmt_gb(g.activation_bytes),
           fmt_gb(g.runtime_reserve_bytes), fmt_gb(g.kv_budget_bytes), fmt_int(g.kv_capacity_tokens),
           fmt_int(g.kv_capacity_sequences), fmt_gb(g.kv_in_use_bytes), fmt_gb(g.total_bytes), fmt_gb(g.usable_bytes),
           yes_no(g.fits)});
  }
  out += t.render();
  const StageMemory& worst = mem.stages[static_cast<size_t>(mem.worst_stage)];
  out += fmt::format("\nWorst GPU: stage {} ({} GPUs): {} of {} usable ({} capacity, {} = {})\n", mem.worst_stage,
                     s.gpus_per_stage(), fmt_gb(worst.total_bytes), fmt_gb(worst.usable_bytes),
                     fmt_gb(mem.capacity_bytes), fmt_gb(mem.capacity_bytes), fmt_gib(mem.capacity_bytes));
  if (s.instances > 1)
    out += fmt::format("KV cache: {} per token per GPU on the worst stage; each engine instance holds {} requests of {} "
                       "tokens ({} DP replicas), the deployment's {} instances {}\n",
                       fmt_bytes_exact(worst.kv_bytes_per_token), fmt_int(mem.kv_capacity_sequences),
                       sc.workload.input_tokens + sc.workload.output_tokens, s.dp, s.instances,
                       fmt_int(mem.kv_capacity_sequences_all_instances));
  else
    out += fmt::format("KV cache: {} per token per GPU on the worst stage; the deployment holds {} requests of {} tokens ({} DP replicas)\n",
                       fmt_bytes_exact(worst.kv_bytes_per_token), fmt_int(mem.kv_capacity_sequences),
                       sc.workload.input_tokens + sc.workload.output_tokens, s.dp);
  out += "KV cache dtype: " + kv_cache_dtype_text(m) + "\n";
  out += fmt::format("Runtime: {} engine, memory fraction {:g} of {} memory, prefill chunk {} tokens, reserve {} + {} (comm buffers)\n",
                     to_string(sc.runtime.engine), sc.runtime.memory_fraction,
                     sc.runtime.engine == Engine::kTrtllm ? "free" : "total", p.batch.token_budget,
                     fmt_gb(sc.runtime.runtime_overhead_bytes), fmt_gb(sc.runtime.comm_buffer_bytes));
  if (!p.batch.source.empty())
    out += fmt::format("Batch settings: {} tokens per pass and at most {} requests per DP replica, set by {} from the {:.0f} "
                       "requests of {} tokens it expects the KV cache to hold\n",
                       p.batch.token_budget, p.batch.max_batch, p.batch.source, p.batch.bench_kv_requests,
                       sc.workload.input_tokens + sc.workload.output_tokens);
  out += mem.fits ? "Verdict: fits.\n" : "Verdict: does NOT fit: " + mem.why_not + "\n";
  if (p.placement) {
    const PlacementSummary& a = p.placement->summary;
    out += fmt::format("\nExpert placement ({} over {} GPUs and {} node{}, {} redundant slot{} per MoE layer, {} algorithm)\n",
                       sc.placement.routing_stats.empty() ? "skew " + sc.placement.skew : sc.placement.routing_stats,
                       p.placement->spec.gpus, p.placement->spec.nodes, p.placement->spec.nodes == 1 ? "" : "s",
                       sc.placement.redundant_experts, sc.placement.redundant_experts == 1 ? "" : "s",
                       sc.placement.algorithm);
    TextTable t({"layout", "max/mean GPU load", "(max-mean)/mean", "balancedness", "cross-node tokens"});
    if (p.placement_linear)
      t.add({"linear (engine default)", fmt::format("{:.3f}", p.placement_linear->max_over_mean),
             fmt::format("{:.3f}", p.placement_linear->imbalance), fmt::format("{:.3f}", p.placement_linear->balancedness),
             fmt_percent(p.placement_linear->cross_node_fraction)});
    t.add({sc.placement.algorithm, fmt::format("{:.3f}", a.max_over_mean), fmt::format("{:.3f}", a.imbalance),
           fmt::format("{:.3f}", a.balancedness), fmt_percent(a.cross_node_fraction)});
    out += t.render();
    out += fmt::format("  the MoE time uses the busiest GPU: {:.3f} x the mean load (lower bound {:.3f})\n", a.max_over_mean,
                       a.lower_bound_max_over_mean);
  }
  out += render_performance_text(p);
  return out;
}

json plan_json(const Plan& p) {
  const Scenario& sc = *p.scenario;
  const Strategy& s = p.strategy;
  const MemoryReport& mem = p.memory;
  json j;
  j["scenario"] = sc.name;
  j["model"] = sc.model.name;
  j["strategy"] = {{"tp", s.tp}, {"pp", s.pp}, {"dp", s.dp}, {"ep", s.ep}, {"etp", s.etp}, {"gpus", s.gpus()},
                     {"instances", s.instances}};
  if (const std::string note = expert_layout_assumption(p); !note.empty()) j["strategy"]["expert_layout_note"] = note;
  j["params_total"] = p.params.total;
  j["params_active"] = p.params.active;
  json stages = json::array();
  for (const auto& g : mem.stages)
    stages.push_back({{"stage", g.layers.stage},
                      {"first_layer", g.layers.first_layer},
                      {"layers", g.layers.layers},
                      {"moe_layers", g.layers.moe_layers},
                      {"dense_layers", g.layers.dense_layers}});
  j["stages"] = stages;
  const ExpertDistribution& e = p.experts;
  j["experts"] = {{"per_layer", e.experts_per_layer},
                  {"per_gpu_per_moe_layer", e.per_gpu_per_moe_layer},
                  {"per_gpu_total", e.per_gpu_total_max},
                  {"per_gpu_total_min", e.per_gpu_total_min},
                  {"per_gpu_total_by_stage", e.per_gpu_total_by_stage},
                  {"etp_shards_per_expert", e.etp},
                  {"ep_groups", e.ep_groups},
                  {"ep_group_size", e.ep_group_size},
                  {"ep_group_spans_nodes", e.ep_group_spans_nodes},
                  {"placement", "linear"}};
  json gpus = json::array();
  for (const GpuView& v : per_gpu(p)) {
    const StageMemory& g = *v.memory;
    const ComponentBytes& c = g.weights;
    gpus.push_back({{"gpu", v.coord.rank},
                    {"node", v.coord.node},
                    {"stage", v.coord.stage},
                    {"tp_rank", v.coord.tp_rank},
                    {"dp_rank", v.coord.dp_rank},
                    {"ep_rank", v.coord.ep_rank},
                    {"etp_rank", v.coord.etp_rank},
                    {"experts_first", v.first_expert},
                    {"experts_per_moe_layer", e.per_gpu_per_moe_layer},
                    {"experts_total", g.layers.moe_layers * e.per_gpu_per_moe_layer},
                    {"weights_bytes", g.weights_bytes},
                    {"weights_by_component",
                     {{"embedding", c.embedding},
                      {"attention", c.attention},
                      {"dense_ffn", c.dense_ffn},
                      {"routed_experts", c.routed_experts},
                      {"shared_experts", c.shared_experts},
                      {"router", c.router},
                      {"norms", c.norms},
                      {"lm_head", c.lm_head},
                      {"mtp", c.mtp}}},
                    {"activation_bytes", g.activation_bytes},
                    {"runtime_reserve_bytes", g.runtime_reserve_bytes},
                    {"kv_budget_bytes", g.kv_budget_bytes},
                    {"kv_bytes_per_token", g.kv_bytes_per_token},
                    {"kv_capacity_tokens", g.kv_capacity_tokens},
                    {"kv_capacity_sequences", g.kv_capacity_sequences},
                    {"kv_in_use_bytes", g.kv_in_use_bytes},
                    {"total_bytes", g.total_bytes},
                    {"usable_bytes", g.usable_bytes},
                    {"fits", g.fits}});
  }
  j["memory"] = {{"weights_bytes_max", mem.weights_bytes_max},
                 {"total_bytes_max", mem.total_bytes_max},
                 {"capacity_bytes", mem.capacity_bytes},
                 {"marketing_capacity_bytes", sc.cluster.gpu.marketing_memory_bytes > 0 ? sc.cluster.gpu.marketing_memory_bytes
                                                                                          : mem.capacity_bytes},
                 {"kv_cache_dtype", to_string(sc.model.kv_cache_dtype)},
                 {"kv_cache_dtype_source", {{"origin", to_string(sc.model.kv_cache_dtype_origin)},
                                            {"detail", sc.model.kv_cache_dtype_detail}}},
                 {"usable_bytes", mem.stages[static_cast<size_t>(mem.worst_stage)].usable_bytes},
                 {"fits", mem.fits},
                 {"why_not", mem.why_not},
                 {"worst_stage", mem.worst_stage},
                 {"kv_capacity_sequences", mem.kv_capacity_sequences},
                 {"kv_capacity_sequences_all_instances", mem.kv_capacity_sequences_all_instances},
                 {"per_gpu", gpus}};
  j["runtime"] = {{"engine", to_string(sc.runtime.engine)},
                  {"memory_fraction", sc.runtime.memory_fraction},
                  {"prefill_chunk_tokens", p.batch.token_budget},
                  {"max_batch_size", p.batch.max_batch},
                  {"batch_settings", to_string(sc.runtime.batch_settings)},
                  {"runtime_overhead_bytes", sc.runtime.runtime_overhead_bytes},
                  {"comm_buffer_bytes", sc.runtime.comm_buffer_bytes}};
  j["assumptions"] = sc.assumptions;
  if (p.placement) {
    const PlacementSummary& a = p.placement->summary;
    j["placement"] = {{"algorithm", sc.placement.algorithm},
                      {"redundant_experts", sc.placement.redundant_experts},
                      {"max_over_mean", a.max_over_mean},
                      {"imbalance", a.imbalance},
                      {"cross_node_fraction", a.cross_node_fraction},
                      {"linear_max_over_mean", p.placement_linear ? p.placement_linear->max_over_mean : 0.0}};
  }
  j["performance"] = performance_json(p.performance);
  j["performance"]["cost_model"] = p.cost_model;
  j["performance"]["concurrency_from_workload"] = p.concurrency_from_workload;
  j["performance"]["error_band"] = {{"low", p.throughput_band.low}, {"high", p.throughput_band.high},
                                    {"metric", "output_tokens_per_s"}};
  j["slo"] = slo_json(p.slo);
  return j;
}

}  // namespace moeplan

namespace moeplan {

namespace {
json candidate_json(const Candidate& c) {
  return json{{"strategy", {{"tp", c.strategy.tp}, {"pp", c.strategy.pp}, {"dp", c.strategy.dp}, {"ep", c.strategy.ep},
                            {"etp", c.strategy.etp}, {"gpus", c.strategy.gpus()}, {"instances", c.strategy.instances}}},
              {"concurrency", c.concurrency_per_dp_rank * c.strategy.dp * c.strategy.instances},
              {"redundant_experts", c.redundant_experts},
              {"performance", performance_json(c.performance)},
              {"slo", slo_json(c.slo)},
              {"weights_bytes_max", c.weights_bytes_max},
              {"loses_because", c.loses_because}};
}
}  // namespace

std::string render_search_text(const SearchResult& r) {
  std::string out;
  out += fmt::format("Searched {} strategies ({} strategy x concurrency evaluations), objective {}.\n",
                     r.strategies_considered, r.evaluated_count, to_string(r.options.objective));
  if (!r.rejected.empty()) {
    out += "Rejected strategies:";
    for (const auto& [reason, n] : r.rejected) out += fmt::format(" {} {};", reason, n);
    out += "\n";
  }
  if (!r.recommended) {
    out += "\nNo strategy fits in memory.\n";
  } else {
    if (!r.meets_slo) out += "\nWARNING: " + r.best_effort + ".\n";
    out += "\nCandidates (best first)\n";
    TextTable t({"rank", "strategy", "GPUs", "redundant", "in flight", "tokens/s per GPU", "TTFT", "TPOT", "why it ranks lower"});
    for (size_t i = 0; i < r.candidates.size(); ++i) {
      const Candidate& c = r.candidates[i];
      t.add({std::to_string(i + 1), c.strategy.label(), std::to_string(c.strategy.gpus()), std::to_string(c.redundant_experts),
             std::to_string(c.concurrency_per_dp_rank * c.strategy.dp * c.strategy.instances), fmt_int(c.performance.output_tokens_per_s_per_gpu),
             fmt_seconds(c.performance.ttft_s), fmt_seconds(c.performance.tpot_s), i == 0 ? "recommended" : c.loses_because});
    }
    out += t.render();
    out += fmt::format("\nPareto frontier (throughput per GPU vs TTFT vs TPOT): {} points; the first 5:\n", r.pareto.size());
    TextTable pt({"strategy", "in flight", "tokens/s per GPU", "TTFT", "TPOT"});
    for (size_t i = 0; i < r.pareto.size() && i < 5; ++i) {
      const Candidate& c = r.pareto[i];
      pt.add({c.strategy.label(), std::to_string(c.concurrency_per_dp_rank * c.strategy.dp * c.strategy.instances),
              fmt_int(c.performance.output_tokens_per_s_per_gpu), fmt_seconds(c.performance.ttft_s),
              fmt_seconds(c.performance.tpot_s)});
    }
    out += pt.render();
    out += "\n=== Recommended ===\n" + render_plan_text(*r.recommended);
  }
  if (r.reference) out += "\n=== The scenario's own strategy, for comparison ===\n" + render_plan_text(*r.reference);
  return out;
}

json search_json(const SearchResult& r) {
  json j;
  j["objective"] = to_string(r.options.objective);
  j["meets_slo"] = r.meets_slo;
  if (!r.meets_slo) j["best_effort"] = r.best_effort;
  j["recommended"] = r.recommended ? plan_json(*r.recommended) : json(nullptr);
  if (r.reference) j["reference"] = plan_json(*r.reference);
  json candidates = json::array();
  for (const auto& c : r.candidates) candidates.push_back(candidate_json(c));
  j["candidates"] = candidates;
  json pareto = json::array();
  for (const auto& c : r.pareto) pareto.push_back(candidate_json(c));
  j["pareto"] = pareto;
  j["evaluated_count"] = r.evaluated_count;
  j["strategies_considered"] = r.strategies_considered;
  json rejected = json::object();
  for (const auto& [reason, n] : r.rejected) rejected[reason] = n;
  j["rejected"] = rejected;
  return j;
}

}  // namespace moeplan
