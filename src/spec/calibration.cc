#include "spec/calibration.h"

#include <fmt/format.h>

namespace moeplan {

Calibration Calibration::defaults() {
  Calibration c;
  c.gemm_efficiency = 0;  // from the GPU preset: achievable (MAMF) / peak
  // Rows at which a GEMM reaches half its large-shape efficiency: small-m
  // GEMMs cannot fill the tensor cores. Calibrated so DeepSeek's published
  // decode profile (H800, 128 requests per GPU) is matched within our
  // tolerance; see docs/accuracy.md.
  c.gemm_half_efficiency_m = 64;
  c.hbm_efficiency = 0.8;            // InferSim's HBM factor (shared/reference/hardware.md)
  c.intra_node_efficiency = 0.8;     // InferSim's NVLink factor (same source)
  c.inter_node_efficiency = 0.8;     // InferSim's RDMA factor (same source)
  c.kernel_launch_s = 2e-6;          // assumption: ~2 us per kernel boundary under CUDA graphs
  c.grouped_gemm_efficiency = 0.3;  // fitted (docs/accuracy.md): compute of grouped expert GEMMs only
  c.attention_efficiency = 1.0;
  c.kernels_per_layer = 16;        // fitted (docs/accuracy.md)
  c.prefill_overhead_s = 30e-3;      // InferSim: ~30 ms per prefill (shared/reference/formulas.md)
  c.decode_overhead_s = 0.5e-3;      // fitted (docs/accuracy.md); InferSim uses 5 ms
  return c;
}

std::vector<std::pair<std::string, std::string>> Calibration::describe() const {
  return {
      {"gemm_efficiency", gemm_efficiency > 0 ? fmt::format("{:g} (scenario)", gemm_efficiency)
                                              : "measured achievable / peak of the GPU preset (ml-engineering MAMF table)"},
      {"gemm_half_efficiency_m", fmt::format("{:g} rows (calibrated on DeepSeek's profile, docs/accuracy.md)", gemm_half_efficiency_m)},
      {"hbm_efficiency", fmt::format("{:g} (InferSim)", hbm_efficiency)},
      {"intra_node_efficiency", fmt::format("{:g} (InferSim; measured NCCL all-reduce bus bandwidth used when the GPU preset has it)", intra_node_efficiency)},
      {"inter_node_efficiency", fmt::format("{:g} (InferSim)", inter_node_efficiency)},
      {"kernel_launch", fmt::format("{:g} us per op (assumption)", kernel_launch_s * 1e6)},
      {"grouped_gemm_efficiency", fmt::format("{:g} (fitted by grid search, leave-one-out cross-validated; docs/accuracy.md)", grouped_gemm_efficiency)},
      {"attention_efficiency", fmt::format("{:g} (calibrated, docs/accuracy.md)", attention_efficiency)},
      {"kernels_per_layer", fmt::format("{:g} (small kernels per decoder block; fitted, cross-validated, docs/accuracy.md)", kernels_per_layer)},
      {"prefill_overhead", fmt::format("{:g} ms per prefill pass (InferSim)", prefill_overhead_s * 1e3)},
      {"decode_overhead", fmt::format("{:g} ms per decode step (fitted, cross-validated, docs/accuracy.md)", decode_overhead_s * 1e3)},
  };
}

}  // namespace moeplan
