#include "spec/cluster_spec.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "spec/limits.h"
#include "spec/presets_data.h"
#include "spec/scenario_schema.h"
#include "spec/yaml_reader.h"

namespace moeplan {

namespace {

// Keys, types and bounds: spec/scenario_schema.cc ("cluster", "cluster.gpu").

// GPU fields, readable from a preset file or an inline `cluster.gpu` mapping.
void read_gpu_fields(MapReader& r, GpuSpec& g) {
  if (auto v = r.string("name")) g.name = *v;
  if (auto v = r.string("display_name")) g.display_name = *v;
  if (auto v = r.string("source")) g.source = *v;
  if (auto v = r.string("memory_note")) g.memory_note = *v;
  if (auto v = read_number(r, schema_key("cluster.gpu", "memory"))) {
    g.memory_bytes = *v;
    g.marketing_memory_bytes = 0;  // a new capacity drops the preset's marketed figure unless given again
    g.memory_note.clear();
  }
  if (auto v = read_number(r, schema_key("cluster.gpu", "marketing_memory"))) g.marketing_memory_bytes = *v;
  if (auto v = read_number(r, schema_key("cluster.gpu", "memory_bandwidth"))) g.memory_bandwidth_bytes_per_s = *v;
  if (auto v = read_number(r, schema_key("cluster.gpu", "bf16_flops"))) g.bf16_flops_per_s = *v;
  if (auto v = read_number(r, schema_key("cluster.gpu", "fp8_flops"))) g.fp8_flops_per_s = *v;
  if (auto v = read_number(r, schema_key("cluster.gpu", "fp4_flops"))) g.fp4_flops_per_s = *v;
  if (auto v = read_number(r, schema_key("cluster.gpu", "achievable_bf16_flops"))) g.achievable_bf16_flops_per_s = *v;
  if (auto v = read_number(r, schema_key("cluster.gpu", "achievable_fp8_flops"))) g.achievable_fp8_flops_per_s = *v;
  if (auto v = read_number(r, schema_key("cluster.gpu", "allreduce_bus_bandwidth")))
    g.allreduce_bus_bandwidth_bytes_per_s = *v;
  if (auto v = read_number(r, schema_key("cluster.gpu", "intra_node_bandwidth"))) g.intra_node_bandwidth_bytes_per_s = *v;
  if (auto v = read_number(r, schema_key("cluster.gpu", "inter_node_bandwidth"))) g.inter_node_bandwidth_bytes_per_s = *v;
  if (auto v = read_number(r, schema_key("cluster.gpu", "intra_node_latency"))) g.intra_node_latency_s = *v;
  if (auto v = read_number(r, schema_key("cluster.gpu", "inter_node_latency"))) g.inter_node_latency_s = *v;
  if (auto v = read_integer(r, schema_key("cluster.gpu", "gpus_per_node"))) g.gpus_per_node = static_cast<int>(*v);
}

void require_gpu(const MapReader& r, const GpuSpec& g, const std::string& key_hint) {
  auto need = [&](double v, const char* key, QuantityKind kind) {
    if (v <= 0) r.fail(key_hint, fmt::format("GPU '{}' needs '{}' ({}, e.g. {})", g.name, key, describe(kind), examples(kind)));
  };
  need(g.memory_bytes, "memory", QuantityKind::kBytes);
  need(g.memory_bandwidth_bytes_per_s, "memory_bandwidth", QuantityKind::kBytesPerSecond);
  need(g.bf16_flops_per_s, "bf16_flops", QuantityKind::kFlopsPerSecond);
}

}  // namespace

std::vector<std::string> gpu_preset_names() {
  std::vector<std::string> names;
  for (const auto& p : embedded_presets()) {
    const std::string key = p.key;
    if (key.rfind("gpus/", 0) == 0) names.push_back(key.substr(5));
  }
  return names;
}

std::optional<std::string> gpu_preset_named(std::string_view written) {
  static const std::vector<std::string> names = gpu_preset_names();
  auto matches = [&](std::string_view w) {
    std::vector<std::string> exact, variant;
    for (const std::string& n : names) {
      if (n == w || (n.starts_with(w) && n[w.size()] == '-')) exact.push_back(n);
      // "mi300" for mi300x: letters after the digits name a variant; "h20" is not "h200".
      else if (n.starts_with(w) && std::all_of(n.begin() + static_cast<std::ptrdiff_t>(w.size()), n.end(),
                                               [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }))
        variant.push_back(n);
    }
    return exact.empty() ? variant : exact;
  };
  std::vector<std::string> found = matches(written);
  // "h100-80gb", "h100-sxm5": the name before its form factor or memory size.
  if (found.empty() && written.find('-') != std::string_view::npos) found = matches(written.substr(0, written.find('-')));
  if (found.size() != 1) return std::nullopt;
  return found[0];
}

GpuSpec load_gpu_preset(const std::string& name, const std::string& where) {
  for (const auto& p : embedded_presets()) {
    if (std::string(p.key) != "gpus/" + name) continue;
    YAML::Node node = parse_yaml_text(p.text, p.file);
    MapReader r(node, p.file, "");
    GpuSpec g;
    read_gpu_fields(r, g);
    r.reject_unknown_keys();
    if (g.name.empty()) g.name = name;
    if (g.display_name.empty()) g.display_name = g.name;
    require_gpu(r, g, "memory");
    return g;
  }
  throw InputError(where + "unknown GPU '" + name + "'" + did_you_mean(name, gpu_preset_names()));
}

ClusterSpec read_cluster(const YAML::Node& node, const std::string& file) {
  if (!node.IsDefined() || node.IsNull())
    throw InputError(location(file, node, "cluster") + "is required: {gpu: h100-sxm, gpus: 64, gpus_per_node: 8}");
  MapReader r(node, file, "cluster");
  r.expect_keys(schema_keys("cluster"));
  ClusterSpec c;
  YAML::Node gpu = r.child("gpu");
  if (!gpu.IsDefined() || gpu.IsNull()) r.fail("gpu", "is required: a GPU preset name or a mapping of GPU figures");
  if (gpu.IsScalar()) {
    c.gpu = load_gpu_preset(gpu.Scalar(), location(file, gpu, "cluster.gpu"));
  } else {
    MapReader g(gpu, file, "cluster.gpu");
    g.expect_keys(schema_keys("cluster.gpu"));
    if (g.has("preset")) {
      const std::string name = *g.string("preset");
      c.gpu = load_gpu_preset(name, g.where("preset"));
    }
    read_gpu_fields(g, c.gpu);
    g.reject_unknown_keys();
    if (c.gpu.name.empty()) c.gpu.name = "custom";
    if (c.gpu.display_name.empty()) c.gpu.display_name = c.gpu.name;
    require_gpu(r, c.gpu, "gpu");
  }
  auto gpus = read_integer(r, schema_key("cluster", "gpus"));
  if (!gpus) r.fail("gpus", "is required (the number of GPUs, a positive integer)");
  c.gpus = static_cast<int>(*gpus);
  c.gpus_per_node = static_cast<int>(read_integer(r, schema_key("cluster", "gpus_per_node")).value_or(std::min(c.gpus, c.gpu.gpus_per_node)));
  if (auto nodes = read_integer(r, schema_key("cluster", "nodes"))) {
    if (*nodes * c.gpus_per_node != c.gpus)
      r.fail("nodes", fmt::format("{} nodes x {} GPUs per node = {}, but gpus is {}", *nodes, c.gpus_per_node,
                                  *nodes * c.gpus_per_node, c.gpus));
  }
  if (c.gpus % c.gpus_per_node != 0 && c.gpus > c.gpus_per_node)
    r.fail("gpus", fmt::format("{} GPUs do not fill whole nodes of {} (gpus_per_node)", c.gpus, c.gpus_per_node));
  c.intra_node = {"intra-node", c.gpus_per_node, c.gpu.intra_node_bandwidth_bytes_per_s, c.gpu.intra_node_latency_s};
  c.inter_node = {"inter-node", c.gpus, c.gpu.inter_node_bandwidth_bytes_per_s, c.gpu.inter_node_latency_s};
  if (auto v = read_number(r, schema_key("cluster.gpu", "intra_node_bandwidth"))) c.intra_node.bandwidth_bytes_per_s = *v;
  if (auto v = read_number(r, schema_key("cluster.gpu", "intra_node_latency"))) c.intra_node.latency_s = *v;
  if (auto v = read_number(r, schema_key("cluster.gpu", "inter_node_bandwidth"))) c.inter_node.bandwidth_bytes_per_s = *v;
  if (auto v = read_number(r, schema_key("cluster.gpu", "inter_node_latency"))) c.inter_node.latency_s = *v;
  if (auto v = r.boolean("allow_cross_node_tp")) c.allow_cross_node_tp = *v;
  r.reject_unknown_keys();
  return c;
}

}  // namespace moeplan
