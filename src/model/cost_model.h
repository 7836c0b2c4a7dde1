// The cost model: how long one operation takes on one GPU. An interface so
// search can be handed the calibrated roofline, a measured profile, or a
// fake in tests (STYLE.md: FlexFlow's ICostEstimator). Every constant the
// roofline uses is named in Calibration, sourced there, and overridable from
// the scenario's `calibration:` section.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "spec/calibration.h"
#include "spec/cluster_spec.h"
#include "spec/model_spec.h"

namespace moeplan {

// [m x k] activations times [k x n] weights, `groups` times (grouped GEMM:
// one per expert). FP8 weights run on FP8 tensor cores when the GPU has them.
struct GemmOp {
  double m = 0;
  double n = 0;
  double k = 0;
  double groups = 1;
  DType weight_dtype = DType::kBf16;
  // FP8 weights with block scales on an engine whose block-scaled kernels run below the FP8 rate: the share of the
  // BF16 GEMM rate they reach (StepContext::block_fp8_share); 0 = the weights' own tensor-core rate.
  double block_fp8_share = 0;
  double flops() const { return 2.0 * m * n * k * groups; }
  // Activations in and out at 2 bytes, weights at their stored size.
  double bytes() const;
  // The same with the weights at `weight_bytes` per parameter (a caller that has the dtype's figure at hand).
  double bytes_at(double weight_bytes) const {
    return groups * (kActivationBytes * (m * k + m * n) + weight_bytes * n * k);
  }
  static constexpr double kActivationBytes = 2.0;  // bf16 activations
};

// Attention core (scores and weighted sum) given as work: FLOPs and the
// bytes it must move (KV cache reads dominate in decode).
struct AttentionOp {
  double flops = 0;
  double bytes = 0;
  // FP8 where the KV cache is FP8 and the engine has FP8 attention kernels
  // (TensorRT-LLM's FP8 FMHA); BF16 otherwise.
  DType compute_dtype = DType::kBf16;
};

enum class Collective { kAllReduce, kAllToAll, kAllGather, kPointToPoint };
std::string to_string(Collective c);

struct CollectiveOp {
  Collective kind = Collective::kAllReduce;
  int ranks = 1;
  double bytes = 0;             // payload per GPU (the tensor each rank holds/sends)
  double inter_node_fraction = 0;  // share of the traffic that leaves the node
  // Sent as many small messages issued while the data is produced (DeepEP's
  // low-latency kernels put each token as its own RDMA write): the link's
  // latency overlaps the transfer instead of adding to it.
  bool streamed = false;
};

// Bytes one GPU moves over each level for a collective (the volumes the
// ring/all-to-all formulas of shared/reference/formulas.md charge).
struct CollectiveVolume {
  double intra_bytes = 0;
  double inter_bytes = 0;
};
CollectiveVolume collective_volume(const CollectiveOp& op);

class CostModel {
 public:
  virtual ~CostModel() = default;
  virtual std::string name() const = 0;
  virtual double gemm_seconds(const GemmOp& op) const = 0;
  virtual double attention_seconds(const AttentionOp& op) const = 0;
  virtual double memory_seconds(double bytes) const = 0;
  virtual double collective_seconds(const CollectiveOp& op) const = 0;
  virtual double prefill_overhead_seconds() const = 0;
  virtual double decode_overhead_seconds() const = 0;
  // Fixed time per decoder layer for kernels not modelled one by one.
  virtual double layer_overhead_seconds() const { return 0; }
};

// Peak figures of the GPU, for the speed-of-light bound.
struct PeakRates {
  double bf16_flops_per_s = 0;
  double fp8_flops_per_s = 0;
  double fp4_flops_per_s = 0;
  double hbm_bytes_per_s = 0;
  double intra_bytes_per_s = 0;
  double inter_bytes_per_s = 0;
  double flops_per_s(DType compute_dtype) const;
};
PeakRates peak_rates(const ClusterSpec& c);

class RooflineCostModel : public CostModel {
 public:
  RooflineCostModel(const ClusterSpec& cluster, const Calibration& calibration);
  std::string name() const override { return "roofline"; }
  double gemm_seconds(const GemmOp& op) const override;
  double attention_seconds(const AttentionOp& op) const override;
  double memory_seconds(double bytes) const override;
  double collective_seconds(const CollectiveOp& op) const override;
  double prefill_overhead_seconds() const override { return cal_.prefill_overhead_s; }
  double decode_overhead_seconds() const override { return cal_.decode_overhead_s; }
  double layer_overhead_seconds() const override { return cal_.kernels_per_layer * cal_.kernel_launch_s; }
  const Calibration& calibration() const { return cal_; }

 private:
  PeakRates peak_;
  Calibration cal_;
  // Per dtype (DType's order), computed once: stored bytes per weight, the tensor-core rate and its measured share.
  std::array<double, 5> weight_bytes_{};
  std::array<double, 5> rate_{};
  std::array<double, 5> base_efficiency_{};
  double hbm_bytes_per_s_ = 0;  // achievable: peak x hbm_efficiency
  double bf16_efficiency_ = 0;
  double fp8_efficiency_ = 0;
  double allreduce_bus_bytes_per_s_ = 0;
  double intra_latency_s_ = 0;
  double inter_latency_s_ = 0;
};

// Measured GEMM timings by shape (CSV: op,m,n,k,dtype,seconds). Shapes with
// the same (n, k, dtype) are interpolated linearly in m; anything else goes
// to the fallback model.
class ProfiledCostModel : public CostModel {
 public:
  ProfiledCostModel(std::shared_ptr<const CostModel> fallback, std::string source);
  void add_gemm(double m, double n, double k, DType dtype, double seconds);
  std::string name() const override { return "profile(" + source_ + ") + " + fallback_->name(); }
  double gemm_seconds(const GemmOp& op) const override;
  double attention_seconds(const AttentionOp& op) const override { return fallback_->attention_seconds(op); }
  double memory_seconds(double bytes) const override { return fallback_->memory_seconds(bytes); }
  double collective_seconds(const CollectiveOp& op) const override { return fallback_->collective_seconds(op); }
  double prefill_overhead_seconds() const override { return fallback_->prefill_overhead_seconds(); }
  double decode_overhead_seconds() const override { return fallback_->decode_overhead_seconds(); }
  double layer_overhead_seconds() const override { return fallback_->layer_overhead_seconds(); }
  size_t covered_shapes() const { return table_.size(); }

 private:
  std::shared_ptr<const CostModel> fallback_;
  std::string source_;
  // (n, k, dtype) -> sorted (m, seconds)
  std::map<std::tuple<double, double, int>, std::vector<std::pair<double, double>>> table_;
};

// Loads a profile CSV; throws InputError naming file, line and column.
std::shared_ptr<ProfiledCostModel> load_profile(const std::string& path, std::shared_ptr<const CostModel> fallback);

}  // namespace moeplan
