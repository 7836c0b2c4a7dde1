#include "spec/scenario_writer.h"

#include <filesystem>

#include <fmt/format.h>

#include "spec/scenario_schema.h"

namespace moeplan {

namespace {

std::string quote(const std::string& s) { return yaml_quote(s); }

std::string b(bool v) { return v ? "true" : "false"; }

// Exact enough to round-trip: 17 significant digits with the unit's base.
std::string num(double v) { return fmt::format("{:.17g}", v); }

// A path the reader resolved against the scenario's folder, written so that
// it resolves the same from wherever the written scenario is read.
std::string absolute_path(const std::string& path) {
  std::error_code ec;
  const auto abs = std::filesystem::absolute(path, ec);
  return ec ? path : abs.lexically_normal().string();
}

// One instance's strategy as the text form ("tp=1,pp=1,dp=24,ep=24,etp=1"); a
// mapping when it carries its own pipeline split, which the text form cannot.
std::string strategy_value(const Strategy& s) {
  if (s.layers_per_stage.empty()) return fmt::format("\"tp={},pp={},dp={},ep={},etp={}\"", s.tp, s.pp, s.dp, s.ep, s.etp);
  std::string y = fmt::format("{{tp: {}, pp: {}, dp: {}, ep: {}, etp: {}, layers_per_stage: [", s.tp, s.pp, s.dp, s.ep, s.etp);
  for (size_t i = 0; i < s.layers_per_stage.size(); ++i) y += (i ? ", " : "") + std::to_string(s.layers_per_stage[i]);
  return y + "]}";
}

// A serving pool: what the scenario gave (a strategy, an instance count, a
// GPU preset, redundant slots), each left out when not given, so that what
// was left to `plan` is left to it again.
std::string pool_yaml(const char* role, const PoolConfig& p) {
  std::string y;
  if (p.strategy) y += "    strategy: " + strategy_value(*p.strategy) + "\n";
  if (p.instances > 0) y += fmt::format("    instances: {}\n", p.instances);
  if (!p.gpu_name.empty()) y += "    gpu: " + quote(p.gpu_name) + "\n";
  if (p.redundant_experts) y += fmt::format("    redundant_experts: {}\n", *p.redundant_experts);
  return y.empty() ? "" : fmt::format("  {}:\n", role) + y;
}

// `serving:` (issue 10), left out when it says nothing but the defaults.
std::string serving_yaml(const Scenario& sc) {
  const ServingConfig& v = sc.serving;
  const ServingConfig defaults;
  if (!v.disaggregated() && v.kv_bandwidth_bytes_per_s <= 0 && v.kv_efficiency == defaults.kv_efficiency &&
      v.kv_layerwise == defaults.kv_layerwise)
    return "";
  std::string y = "serving:\n" + write_schema_fields("serving", sc, sc.model, "  ");
  if (v.disaggregated()) y += pool_yaml("prefill", v.prefill) + pool_yaml("decode", v.decode);
  return y + "  kv_transfer:\n" + write_schema_fields("serving.kv_transfer", sc, sc.model, "    ");
}

}  // namespace

std::string scenario_to_yaml(const Scenario& sc, const Strategy& s) {
  Scenario planned = sc;
  planned.strategy = s;
  planned.cluster.gpus = s.gpus();
  // The deployment is this one strategy, aggregated: serving pools (of an auto or disaggregated scenario) are not
  // part of it, and pools sized for the whole cluster might not fit on s's GPUs. The KV link settings stay.
  planned.serving.mode = ServingMode::kAggregated;
  planned.serving.prefill = PoolConfig{};
  planned.serving.decode = PoolConfig{};
  return scenario_to_yaml(planned);
}

std::string scenario_to_yaml(const Scenario& sc) {
  const ModelSpec& m = sc.model;
  const GpuSpec& g = sc.cluster.gpu;
  std::string y;
  y += "name: " + quote(sc.name) + "\n";
  if (!sc.description.empty()) y += "description: " + quote(sc.description) + "\n";
  if (!sc.assumptions.empty()) {
    y += "assumptions:\n";
    for (const auto& a : sc.assumptions) y += "  - " + quote(a) + "\n";
  }
  y += "model:\n" + write_schema_fields("model", sc, m, "  ");
  const std::string published = write_schema_fields("model.published", sc, m, "    ");
  if (!published.empty()) y += "  published:\n" + published;
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
  y += fmt::format("  gpus: {}\n  gpus_per_node: {}\n", sc.cluster.gpus, sc.cluster.gpus_per_node);
  const ClusterSpec& c = sc.cluster;
  if (c.intra_node.bandwidth_bytes_per_s > 0) y += fmt::format("  intra_node_bandwidth: \"{} B/s\"\n", num(c.intra_node.bandwidth_bytes_per_s));
  if (c.intra_node.latency_s > 0) y += fmt::format("  intra_node_latency: \"{} s\"\n", num(c.intra_node.latency_s));
  if (c.inter_node.bandwidth_bytes_per_s > 0) y += fmt::format("  inter_node_bandwidth: \"{} B/s\"\n", num(c.inter_node.bandwidth_bytes_per_s));
  if (c.inter_node.latency_s > 0) y += fmt::format("  inter_node_latency: \"{} s\"\n", num(c.inter_node.latency_s));
  y += fmt::format("  allow_cross_node_tp: {}\n", b(c.allow_cross_node_tp));
  y += "workload:\n" + write_schema_fields("workload", sc, m, "  ");
  const std::string slo = write_schema_fields("slo", sc, m, "  ");
  if (!slo.empty()) y += "slo:\n" + slo;
  y += "runtime:\n" + write_schema_fields("runtime", sc, m, "  ");
  y += "calibration:\n" + write_schema_fields("calibration", sc, m, "  ");
  if (!sc.profile_path.empty()) y += "  profile: " + quote(absolute_path(sc.profile_path)) + "\n";
  const PlacementConfig& p = sc.placement;
  if (p.enabled()) {
    y += "placement:\n";
    if (!p.routing_stats.empty()) y += "  routing_stats: " + quote(absolute_path(p.routing_stats)) + "\n";
    if (!p.skew.empty()) y += "  skew: " + quote(p.skew) + "\n";
    // The slots the evaluated deployment uses (a number even when `plan` chose it).
    y += fmt::format("  redundant_experts: {}\n", p.redundant_experts);
    y += write_schema_fields("placement", sc, m, "  ");
  }
  y += serving_yaml(sc);
  if (!sc.strategy) return y;
  const Strategy& s = *sc.strategy;
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
