#include "model/cost_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "spec/error.h"
#include "spec/text.h"
#include "spec/yaml_reader.h"

namespace moeplan {

double GemmOp::bytes() const { return bytes_at(weight_bytes_per_param(weight_dtype)); }

std::string to_string(Collective c) {
  switch (c) {
    case Collective::kAllReduce: return "all-reduce";
    case Collective::kAllToAll: return "all-to-all";
    case Collective::kAllGather: return "all-gather";
    case Collective::kPointToPoint: return "point-to-point";
  }
  return "?";
}

// The tensor-core rate a GEMM runs at, by the precision of its weights:
// FP8 weights run W8A8 on FP8 tensor cores (Hopper, Blackwell); FP4 weights
// run W4A4 on FP4 tensor cores where the GPU has them (Blackwell NVFP4) and
// are otherwise dequantised to BF16 inside the kernel (W4A16: vLLM's Marlin
// and Triton MXFP4 kernels on Hopper), as are FP8 weights on GPUs without FP8
// tensor cores (A100).
double PeakRates::flops_per_s(DType compute_dtype) const {
  if (compute_dtype == DType::kFp4 && fp4_flops_per_s > 0) return fp4_flops_per_s;
  if (compute_dtype == DType::kFp8 && fp8_flops_per_s > 0) return fp8_flops_per_s;
  return bf16_flops_per_s;
}

PeakRates peak_rates(const ClusterSpec& c) {
  PeakRates p;
  p.bf16_flops_per_s = c.gpu.bf16_flops_per_s;
  p.fp8_flops_per_s = c.gpu.fp8_flops_per_s;
  p.fp4_flops_per_s = c.gpu.fp4_flops_per_s;
  p.hbm_bytes_per_s = c.gpu.memory_bandwidth_bytes_per_s;
  p.intra_bytes_per_s = c.intra_node.bandwidth_bytes_per_s;
  p.inter_bytes_per_s = c.inter_node.bandwidth_bytes_per_s;
  return p;
}

RooflineCostModel::RooflineCostModel(const ClusterSpec& cluster, const Calibration& calibration)
    : peak_(peak_rates(cluster)), cal_(calibration) {
  const GpuSpec& g = cluster.gpu;
  if (cal_.gemm_efficiency > 0) {
    bf16_efficiency_ = fp8_efficiency_ = cal_.gemm_efficiency;
  } else {
    bf16_efficiency_ = g.achievable_bf16_flops_per_s > 0 ? g.achievable_bf16_flops_per_s / g.bf16_flops_per_s : 0.75;
    fp8_efficiency_ = g.achievable_fp8_flops_per_s > 0 && g.fp8_flops_per_s > 0
                          ? g.achievable_fp8_flops_per_s / g.fp8_flops_per_s
                          : bf16_efficiency_;
  }
  // A measured all-reduce bus bandwidth already includes the link's
  // efficiency.
  allreduce_bus_bytes_per_s_ = g.allreduce_bus_bandwidth_bytes_per_s > 0
                                   ? g.allreduce_bus_bandwidth_bytes_per_s
                                   : peak_.intra_bytes_per_s * cal_.intra_node_efficiency;
  intra_latency_s_ = cluster.intra_node.latency_s;
  inter_latency_s_ = cluster.inter_node.latency_s;
  for (const DType d : {DType::kFp32, DType::kBf16, DType::kFp16, DType::kFp8, DType::kFp4}) {
    const auto i = static_cast<size_t>(d);
    weight_bytes_[i] = weight_bytes_per_param(d);
    rate_[i] = peak_.flops_per_s(d);
    base_efficiency_[i] = rate_[i] != peak_.bf16_flops_per_s ? fp8_efficiency_ : bf16_efficiency_;
  }
  hbm_bytes_per_s_ = peak_.hbm_bytes_per_s * cal_.hbm_efficiency;
}

double RooflineCostModel::gemm_seconds(const GemmOp& op) const {
  if (op.m <= 0 || op.groups <= 0) return 0;
  // The GEMM efficiency: the measured achievable / peak of the weights' tensor-core rate (FP8 and FP4 alike: no FP4
  // measurement is published, the FP8 share stands in for it), reduced as m / (m + half) for m rows; from the
  // per-dtype figures computed once, as this runs for every op of every pass the search evaluates. The bytes are
  // GemmOp::bytes()'s.
  const auto w = static_cast<size_t>(op.weight_dtype);
  const double half = cal_.gemm_half_efficiency_m;
  const auto efficiency = [&](size_t d) {
    return half > 0 ? base_efficiency_[d] * op.m / (op.m + half) : base_efficiency_[d];
  };
  // Each expert of a grouped GEMM is its own GEMM of m rows: its compute
  // reaches the efficiency of m rows (small m cannot fill the tensor
  // cores), times the grouped kernel's own share (ragged tiles, one launch
  // for many experts). Its weights stream from HBM at the same efficiency
  // as any other read: a memory-bound expert is no slower for being grouped.
  const double grouped = op.groups > 1 ? cal_.grouped_gemm_efficiency : 1.0;
  // Block-scaled FP8 kernels that fall short of the FP8 rate run at their measured share of the BF16 one.
  const auto bf16 = static_cast<size_t>(DType::kBf16);
  const double rate = op.block_fp8_share > 0 ? rate_[bf16] * efficiency(bf16) * op.block_fp8_share
                                             : rate_[w] * efficiency(w);
  const double compute = op.flops() / (rate * grouped);
  const double memory = op.bytes_at(weight_bytes_[w]) / hbm_bytes_per_s_;
  return std::max(compute, memory) + cal_.kernel_launch_s;
}

double RooflineCostModel::attention_seconds(const AttentionOp& op) const {
  if (op.flops <= 0 && op.bytes <= 0) return 0;
  const double rate = peak_.flops_per_s(op.compute_dtype);
  const double efficiency = rate != peak_.bf16_flops_per_s ? fp8_efficiency_ : bf16_efficiency_;
  const double compute = op.flops / (rate * efficiency * cal_.attention_efficiency);
  const double memory = op.bytes / (peak_.hbm_bytes_per_s * cal_.hbm_efficiency * cal_.attention_efficiency);
  return std::max(compute, memory) + cal_.kernel_launch_s;
}

double RooflineCostModel::memory_seconds(double bytes) const {
  if (bytes <= 0) return 0;
  return bytes / (peak_.hbm_bytes_per_s * cal_.hbm_efficiency) + cal_.kernel_launch_s;
}

CollectiveVolume collective_volume(const CollectiveOp& op) {
  CollectiveVolume v;
  if (op.ranks <= 1 || op.bytes <= 0) return v;
  const double n = op.ranks;
  double volume = 0;
  switch (op.kind) {
    case Collective::kAllReduce: volume = 2 * (n - 1) / n * op.bytes; break;  // ring
    case Collective::kAllGather: volume = (n - 1) / n * op.bytes; break;
    case Collective::kAllToAll: volume = (n - 1) / n * op.bytes; break;      // the share leaving the GPU
    case Collective::kPointToPoint: volume = op.bytes; break;
  }
  v.inter_bytes = volume * op.inter_node_fraction;
  v.intra_bytes = volume - v.inter_bytes;
  return v;
}

double RooflineCostModel::collective_seconds(const CollectiveOp& op) const {
  if (op.ranks <= 1 || op.bytes <= 0) return 0;
  const CollectiveVolume v = collective_volume(op);
  const double intra_bw = op.kind == Collective::kAllReduce ? allreduce_bus_bytes_per_s_
                                                            : peak_.intra_bytes_per_s * cal_.intra_node_efficiency;
  const double inter_bw = peak_.inter_bytes_per_s * cal_.inter_node_efficiency;
  const double latency = op.inter_node_fraction > 0 ? inter_latency_s_ : intra_latency_s_;
  // The intra- and inter-node shares travel in parallel over NVLink and NICs.
  const double transfer = std::max(v.intra_bytes / intra_bw, v.inter_bytes > 0 ? v.inter_bytes / inter_bw : 0.0);
  return op.streamed ? std::max(transfer, latency) : transfer + latency;
}

ProfiledCostModel::ProfiledCostModel(std::shared_ptr<const CostModel> fallback, std::string source)
    : fallback_(std::move(fallback)), source_(std::move(source)) {}

void ProfiledCostModel::add_gemm(double m, double n, double k, DType dtype, double seconds) {
  auto& rows = table_[{n, k, static_cast<int>(dtype)}];
  rows.emplace_back(m, seconds);
  std::sort(rows.begin(), rows.end());
}

double ProfiledCostModel::gemm_seconds(const GemmOp& op) const {
  auto it = table_.find({op.n, op.k, static_cast<int>(op.weight_dtype)});
  if (it == table_.end() || op.m <= 0) return fallback_->gemm_seconds(op);
  const auto& rows = it->second;
  // Outside the measured range of m: the roofline knows better than an extrapolation.
  if (op.m < rows.front().first || op.m > rows.back().first) return fallback_->gemm_seconds(op);
  auto hi = std::lower_bound(rows.begin(), rows.end(), std::make_pair(op.m, -1.0));
  double seconds = hi->second;
  if (hi->first != op.m) {
    auto lo = hi - 1;
    const double t = (op.m - lo->first) / (hi->first - lo->first);
    seconds = lo->second + t * (hi->second - lo->second);
  }
  return seconds * op.groups;
}

std::shared_ptr<ProfiledCostModel> load_profile(const std::string& path, std::shared_ptr<const CostModel> fallback) {
  std::string text = read_text_file(path, "profile");
  require_utf8(text, path);
  normalize_lone_cr(text);  // old Mac line endings are line breaks too
  auto model = std::make_shared<ProfiledCostModel>(std::move(fallback), path);
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  int rows = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ls(line);
    std::string col;
    while (std::getline(ls, col, ',')) cols.push_back(col);
    if (line_no == 1 && !cols.empty() && cols[0] == "op") continue;  // header
    auto where = [&](int c) { return fmt::format("{}:{}: column {}: ", path, line_no, c + 1); };
    if (cols.size() != 6) throw InputError(fmt::format("{}:{}: expected 6 columns op,m,n,k,dtype,seconds, got {}", path, line_no, cols.size()));
    if (cols[0] != "gemm") throw InputError(where(0) + "unsupported op '" + cols[0] + "' (supported: gemm)");
    double v[3];
    for (int c = 1; c <= 3; ++c) {
      auto x = parse_quantity(cols[static_cast<size_t>(c)], QuantityKind::kCount);
      if (!x || *x <= 0) throw InputError(where(c) + "expected a positive number, got '" + cols[static_cast<size_t>(c)] + "'");
      v[c - 1] = *x;
    }
    auto dtype = dtype_from_string(cols[4]);
    if (!dtype) throw InputError(where(4) + "unknown dtype '" + cols[4] + "'" + did_you_mean(cols[4], dtype_names()));
    std::string why;
    auto seconds = parse_quantity(cols[5], QuantityKind::kSeconds, &why);
    if (!seconds || *seconds <= 0) throw InputError(where(5) + (why.empty() ? "must be positive" : why));
    model->add_gemm(v[0], v[1], v[2], *dtype, *seconds);
    ++rows;
  }
  if (rows == 0) throw InputError(path + ": profile has no rows (expected op,m,n,k,dtype,seconds)");
  return model;
}

}  // namespace moeplan
