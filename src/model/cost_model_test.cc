#include "model/cost_model.h"

#include <gtest/gtest.h>

#include <fstream>

#include "spec/error.h"
#include "spec/scenario.h"

namespace moeplan {
namespace {

ClusterSpec h100_cluster() {
  return parse_scenario("model: seed-16x16\ncluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 1, output_tokens: 1}\n",
                        "t.yaml")
      .cluster;
}

TEST(CostModel, RooflineGemmByHand) {
  const RooflineCostModel m(h100_cluster(), Calibration::defaults());
  // 4096^3 BF16 GEMM: 2 x 4096^3 = 1.374e11 FLOP. Efficiency: MAMF 794.5 / 989 = 0.80334,
  // times m / (m + 64) = 4096 / 4160 -> 0.79098. Compute 1.374e11 / (989e12 x 0.79098) = 175.7 us;
  // HBM: 3 x 4096^2 x 2 B = 100.7 MB / (3.35e12 x 0.8) = 37.6 us; compute-bound, + 2 us launch.
  const double flops = 2.0 * 4096.0 * 4096.0 * 4096.0;
  const double eff = 794.5 / 989.0 * 4096.0 / 4160.0;
  EXPECT_NEAR(m.gemm_seconds({4096, 4096, 4096, 1, DType::kBf16}), flops / (989e12 * eff) + 2e-6, 1e-12);
  // Decode GEMM, m = 1: memory-bound: 2 x (4096 + 4096) + 2 x 4096^2 = 33,570,816 B / 2.68e12 B/s = 12.53 us.
  EXPECT_NEAR(m.gemm_seconds({1, 4096, 4096, 1, DType::kBf16}), 33570816.0 / 2.68e12 + 2e-6, 1e-12);
}

// Block-scaled FP8 weights on an engine whose kernels fall short of the FP8 rate run at a share of the BF16 rate:
// the 4096^3 GEMM above at share 0.55 takes 1.374e11 / (989e12 x 0.79098 x 0.55) = 319.4 us (+ 2 us launch), not
// the FP8 rate's 1.374e11 / (1979e12 x 0.79098 x FP8 share); its bytes stay FP8's.
TEST(CostModel, BlockScaledFp8RunsAtItsShareOfTheBf16Rate) {
  const RooflineCostModel m(h100_cluster(), Calibration::defaults());
  const double flops = 2.0 * 4096.0 * 4096.0 * 4096.0;
  const double eff = 794.5 / 989.0 * 4096.0 / 4160.0;
  GemmOp op{4096, 4096, 4096, 1, DType::kFp8};
  const double fp8 = m.gemm_seconds(op);
  op.block_fp8_share = 0.55;
  EXPECT_NEAR(m.gemm_seconds(op), flops / (989e12 * eff * 0.55) + 2e-6, 1e-12);
  EXPECT_GT(m.gemm_seconds(op), 2 * fp8);
}

TEST(CostModel, AllReduceUsesMeasuredBusBandwidth) {
  const RooflineCostModel m(h100_cluster(), Calibration::defaults());
  // Ring all-reduce of 1 MB over 8 GPUs: 2 x 7/8 x 1e6 = 1.75e6 B at the measured
  // 370 GB/s bus bandwidth (NVIDIA/nccl-tests#212) = 4.73 us, + 6 us latency.
  EXPECT_NEAR(m.collective_seconds({Collective::kAllReduce, 8, 1e6, 0}), 1.75e6 / 370e9 + 6e-6, 1e-12);
  // All-to-all of 1 MB over 8 GPUs inside a node: 7/8 MB at 450 x 0.8 GB/s = 2.43 us, + 6 us.
  EXPECT_NEAR(m.collective_seconds({Collective::kAllToAll, 8, 1e6, 0}), 0.875e6 / 360e9 + 6e-6, 1e-12);
  // Half of it crossing nodes: 0.4375 MB at 50 x 0.8 GB/s = 10.9 us dominates, + 47 us latency.
  EXPECT_NEAR(m.collective_seconds({Collective::kAllToAll, 8, 1e6, 0.5}), 0.4375e6 / 40e9 + 47e-6, 1e-12);
  EXPECT_EQ(m.collective_seconds({Collective::kAllReduce, 1, 1e6, 0}), 0.0);
}

TEST(CostModel, StreamedCollectiveHidesLatencyBehindTransfer) {
  const RooflineCostModel m(h100_cluster(), Calibration::defaults());
  // 8 MB all-to-all, all of it crossing nodes: 7/8 x 8e6 = 7e6 B at 40 GB/s = 175 us.
  // Sent as one message after another, the 47 us latency overlaps it: 175 us, not 222 us.
  CollectiveOp op{Collective::kAllToAll, 8, 8e6, 1.0};
  op.streamed = true;
  EXPECT_NEAR(m.collective_seconds(op), 7e6 / 40e9, 1e-12);
  // A transfer shorter than the latency still takes the latency: 8 KB -> 7 KB / 40 GB/s = 0.18 us < 47 us.
  op.bytes = 8e3;
  EXPECT_NEAR(m.collective_seconds(op), 47e-6, 1e-12);
}

// The speed-of-light bound charges each op its work at peak rates; the
// roofline never comes in under that.
TEST(CostModel, RooflineNeverBeatsPeakRates) {
  const ClusterSpec c = h100_cluster();
  const RooflineCostModel real(c, Calibration::defaults());
  const PeakRates peak = peak_rates(c);
  for (double m : {1.0, 16.0, 256.0, 8192.0})
    for (DType d : {DType::kBf16, DType::kFp8, DType::kFp4}) {
      const GemmOp op{m, 7168, 2048, 8, d};
      EXPECT_GE(real.gemm_seconds(op), std::max(op.flops() / peak.flops_per_s(d), op.bytes() / peak.hbm_bytes_per_s));
    }
  for (Collective k : {Collective::kAllReduce, Collective::kAllToAll, Collective::kAllGather, Collective::kPointToPoint})
    for (double inter : {0.0, 0.5}) {
      const CollectiveOp op{k, 8, 1e7, inter};
      const CollectiveVolume v = collective_volume(op);
      EXPECT_GE(real.collective_seconds(op),
                std::max(v.intra_bytes / peak.intra_bytes_per_s, v.inter_bytes / peak.inter_bytes_per_s));
    }
}

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

TEST(CostModel, ProfileInterpolatesAndFallsBack) {
  auto fallback = std::make_shared<RooflineCostModel>(h100_cluster(), Calibration::defaults());
  const std::string path = write_temp("profile.csv", "op,m,n,k,dtype,seconds\ngemm,16,4096,4096,bf16,20 us\ngemm,32,4096,4096,bf16,30 us\n");
  auto p = load_profile(path, fallback);
  EXPECT_EQ(p->covered_shapes(), 1u);
  // m = 24 lies halfway between 16 (20 us) and 32 (30 us): 25 us.
  EXPECT_NEAR(p->gemm_seconds({24, 4096, 4096, 1, DType::kBf16}), 25e-6, 1e-12);
  // Grouped: 4 experts of m = 16 each: 4 x 20 us.
  EXPECT_NEAR(p->gemm_seconds({16, 4096, 4096, 4, DType::kBf16}), 80e-6, 1e-12);
  // Outside the measured m, or another shape: the roofline.
  const GemmOp other{64, 4096, 4096, 1, DType::kBf16};
  EXPECT_DOUBLE_EQ(p->gemm_seconds(other), fallback->gemm_seconds(other));
}

TEST(CostModel, ProfileErrorsNameLineAndColumn) {
  auto fallback = std::make_shared<RooflineCostModel>(h100_cluster(), Calibration::defaults());
  auto expect_error = [&](const std::string& text, const std::string& needle) {
    const std::string path = write_temp("bad_profile.csv", text);
    try {
      load_profile(path, fallback);
      FAIL() << "no error for " << text;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expect_error("gemm,16,4096,4096,bf16,20\n", "bad_profile.csv:1: column 6: '20' has no unit");
  expect_error("gemm,16,4096,4096,int3,20 us\n", "column 5: unknown dtype 'int3'");
  expect_error("conv,16,4096,4096,bf16,20 us\n", "unsupported op 'conv'");
  expect_error("gemm,-1,4096,4096,bf16,20 us\n", "column 2: expected a positive number");
  expect_error("gemm,16,4096\n", "expected 6 columns");
  expect_error("", "profile has no rows");
}

}  // namespace
}  // namespace moeplan
