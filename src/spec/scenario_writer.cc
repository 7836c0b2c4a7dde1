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

}  // namespace

std::string scenario_to_yaml(const Scenario& sc, const Strategy& s) {
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
  y += fmt::format("  gpus: {}\n  gpus_per_node: {}\n", s.gpus(), sc.cluster.gpus_per_node);
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
