#include "spec/cluster_spec.h"

#include <fmt/format.h>

#include "spec/limits.h"
#include "spec/presets_data.h"
#include "spec/yaml_reader.h"

namespace moeplan {

namespace {

constexpr double kMaxMemoryBytes = 100e12;     // 100 TB on one GPU would be a unit slip
constexpr double kMaxBandwidth = 1e15;         // 1 PB/s
constexpr double kMaxFlops = 1e18;             // 1 EFLOP/s on one GPU
constexpr double kMaxLatency = 1.0;            // one second per hop
constexpr int kMaxGpus = static_cast<int>(limits::kGpus);

// GPU fields, readable from a preset file or an inline `cluster.gpu` mapping.
void read_gpu_fields(MapReader& r, GpuSpec& g) {
  using K = QuantityKind;
  if (auto v = r.string("name")) g.name = *v;
  if (auto v = r.string("display_name")) g.display_name = *v;
  if (auto v = r.string("source")) g.source = *v;
  r.string("memory_note");
  if (auto v = r.quantity("memory", K::kBytes, 0, kMaxMemoryBytes)) g.memory_bytes = *v;
  if (auto v = r.quantity("memory_bandwidth", K::kBytesPerSecond, limits::kMinBandwidth, kMaxBandwidth)) g.memory_bandwidth_bytes_per_s = *v;
  if (auto v = r.quantity("bf16_flops", K::kFlopsPerSecond, limits::kMinFlops, kMaxFlops)) g.bf16_flops_per_s = *v;
  if (auto v = r.quantity("fp8_flops", K::kFlopsPerSecond, limits::kMinFlops, kMaxFlops)) g.fp8_flops_per_s = *v;
  if (auto v = r.quantity("fp4_flops", K::kFlopsPerSecond, limits::kMinFlops, kMaxFlops)) g.fp4_flops_per_s = *v;
  if (auto v = r.quantity("achievable_bf16_flops", K::kFlopsPerSecond, limits::kMinFlops, kMaxFlops)) g.achievable_bf16_flops_per_s = *v;
  if (auto v = r.quantity("achievable_fp8_flops", K::kFlopsPerSecond, limits::kMinFlops, kMaxFlops)) g.achievable_fp8_flops_per_s = *v;
  if (auto v = r.quantity("allreduce_bus_bandwidth", K::kBytesPerSecond, limits::kMinBandwidth, kMaxBandwidth))
    g.allreduce_bus_bandwidth_bytes_per_s = *v;
  if (auto v = r.quantity("intra_node_bandwidth", K::kBytesPerSecond, limits::kMinBandwidth, kMaxBandwidth)) g.intra_node_bandwidth_bytes_per_s = *v;
  if (auto v = r.quantity("inter_node_bandwidth", K::kBytesPerSecond, limits::kMinBandwidth, kMaxBandwidth)) g.inter_node_bandwidth_bytes_per_s = *v;
  if (auto v = r.quantity("intra_node_latency", K::kSeconds, 0, kMaxLatency)) g.intra_node_latency_s = *v;
  if (auto v = r.quantity("inter_node_latency", K::kSeconds, 0, kMaxLatency)) g.inter_node_latency_s = *v;
  if (auto v = r.integer("gpus_per_node", 1, limits::kGpusPerNode)) g.gpus_per_node = static_cast<int>(*v);
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
  r.expect_keys({"gpu", "gpus", "gpus_per_node", "nodes", "intra_node_bandwidth", "intra_node_latency",
                 "inter_node_bandwidth", "inter_node_latency", "allow_cross_node_tp"});
  ClusterSpec c;
  YAML::Node gpu = r.child("gpu");
  if (!gpu.IsDefined() || gpu.IsNull()) r.fail("gpu", "is required: a GPU preset name or a mapping of GPU figures");
  if (gpu.IsScalar()) {
    c.gpu = load_gpu_preset(gpu.Scalar(), location(file, gpu, "cluster.gpu"));
  } else {
    MapReader g(gpu, file, "cluster.gpu");
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
  auto gpus = r.integer("gpus", 1, kMaxGpus);
  if (!gpus) r.fail("gpus", "is required (the number of GPUs, a positive integer)");
  c.gpus = static_cast<int>(*gpus);
  c.gpus_per_node = static_cast<int>(r.integer("gpus_per_node", 1, limits::kGpusPerNode).value_or(std::min(c.gpus, c.gpu.gpus_per_node)));
  if (auto nodes = r.integer("nodes", 1, kMaxGpus)) {
    if (*nodes * c.gpus_per_node != c.gpus)
      r.fail("nodes", fmt::format("{} nodes x {} GPUs per node = {}, but gpus is {}", *nodes, c.gpus_per_node,
                                  *nodes * c.gpus_per_node, c.gpus));
  }
  if (c.gpus % c.gpus_per_node != 0 && c.gpus > c.gpus_per_node)
    r.fail("gpus", fmt::format("{} GPUs do not fill whole nodes of {} (gpus_per_node)", c.gpus, c.gpus_per_node));
  using K = QuantityKind;
  c.intra_node = {"intra-node", c.gpus_per_node, c.gpu.intra_node_bandwidth_bytes_per_s, c.gpu.intra_node_latency_s};
  c.inter_node = {"inter-node", c.gpus, c.gpu.inter_node_bandwidth_bytes_per_s, c.gpu.inter_node_latency_s};
  if (auto v = r.quantity("intra_node_bandwidth", K::kBytesPerSecond, limits::kMinBandwidth, kMaxBandwidth)) c.intra_node.bandwidth_bytes_per_s = *v;
  if (auto v = r.quantity("intra_node_latency", K::kSeconds, 0, kMaxLatency)) c.intra_node.latency_s = *v;
  if (auto v = r.quantity("inter_node_bandwidth", K::kBytesPerSecond, limits::kMinBandwidth, kMaxBandwidth)) c.inter_node.bandwidth_bytes_per_s = *v;
  if (auto v = r.quantity("inter_node_latency", K::kSeconds, 0, kMaxLatency)) c.inter_node.latency_s = *v;
  if (auto v = r.boolean("allow_cross_node_tp")) c.allow_cross_node_tp = *v;
  r.reject_unknown_keys();
  return c;
}

}  // namespace moeplan
