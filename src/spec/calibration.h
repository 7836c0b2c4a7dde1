// Named constants of the roofline cost model, each with its source; every
// one can be overridden in the scenario's `calibration:` section.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace moeplan {

struct Calibration {
  double gemm_efficiency = 0;        // 0 = the GPU preset's achievable/peak ratio
  double gemm_half_efficiency_m = 0; // GEMM rows at which half the efficiency is reached
  double hbm_efficiency = 0;
  double intra_node_efficiency = 0;
  double inter_node_efficiency = 0;
  double kernel_launch_s = 0;        // per op
  double grouped_gemm_efficiency = 0;  // extra factor for grouped (per-expert, batched) GEMMs
  double attention_efficiency = 0;     // extra factor for attention kernels
  double kernels_per_layer = 0;        // small kernels per layer not modelled as ops (norms, RoPE, activations, top-k, quantisation)
  double prefill_overhead_s = 0;     // per prefill forward pass (framework, scheduling)
  double decode_overhead_s = 0;      // per decode step
  static Calibration defaults();
  std::vector<std::pair<std::string, std::string>> describe() const;  // name -> "value (source)"
};

}  // namespace moeplan
