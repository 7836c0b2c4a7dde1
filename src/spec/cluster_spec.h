// GPUs and the cluster they form. GPU figures come from presets (with
// sources) or inline; every figure is in SI base units (bytes, seconds,
// bytes/s, FLOP/s).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace moeplan {

struct GpuSpec {
  std::string name;
  std::string display_name;
  std::string source;
  // What the driver reports (nvidia-smi / rocm-smi total): the capacity the
  // engines' memory fractions apply to and every memory figure uses.
  double memory_bytes = 0;
  // The marketed figure ("80 GB"), for display only; 0 = same as memory_bytes.
  double marketing_memory_bytes = 0;
  std::string memory_note;  // where memory_bytes comes from
  double memory_bandwidth_bytes_per_s = 0;
  double bf16_flops_per_s = 0;
  double fp8_flops_per_s = 0;  // 0 = no FP8 tensor cores
  double fp4_flops_per_s = 0;  // 0 = no FP4 tensor cores
  double achievable_bf16_flops_per_s = 0;  // measured; 0 = unknown
  double achievable_fp8_flops_per_s = 0;
  double allreduce_bus_bandwidth_bytes_per_s = 0;
  // Link figures a GPU preset suggests for a cluster (per GPU, one direction).
  double intra_node_bandwidth_bytes_per_s = 0;
  double inter_node_bandwidth_bytes_per_s = 0;
  double intra_node_latency_s = 0;
  double inter_node_latency_s = 0;
  int gpus_per_node = 8;
};

// One level of the network, as ASTRA-sim's analytical model describes it.
struct LinkLevel {
  std::string name;  // "intra-node", "inter-node"
  int size = 0;      // GPUs reachable at this level
  double bandwidth_bytes_per_s = 0;  // per GPU, one direction
  double latency_s = 0;
};

struct ClusterSpec {
  GpuSpec gpu;
  int gpus = 0;
  int gpus_per_node = 0;
  LinkLevel intra_node;
  LinkLevel inter_node;
  bool allow_cross_node_tp = false;
  int nodes() const { return gpus_per_node > 0 ? (gpus + gpus_per_node - 1) / gpus_per_node : 0; }
};

std::vector<std::string> gpu_preset_names();
// Throws InputError with `where` prefixed.
GpuSpec load_gpu_preset(const std::string& name, const std::string& where);
// The one preset an accelerator's name as people write it stands for ("h100" -> h100-sxm, "mi300" ->
// mi300x, "a100-80gb" -> a100-80gb, "h100-80gb" -> h100-sxm); nullopt when none or several could be meant.
std::optional<std::string> gpu_preset_named(std::string_view written);

// Reads the scenario's `cluster` mapping.
ClusterSpec read_cluster(const YAML::Node& node, const std::string& file);

}  // namespace moeplan
