// How far a throughput prediction is from what engines measure: the 10th
// and 90th percentiles of published / predicted output throughput over the
// published cases of docs/accuracy.md, each predicted with the fitted
// constants refitted without it (leave-one-out cross-validation). The
// accuracy test recomputes both and fails when they drift from these.
#pragma once

namespace moeplan {

inline constexpr double kErrorBandLow = 0.827;
inline constexpr double kErrorBandHigh = 1.319;

// A prediction's band: [predicted x low, predicted x high], never above the
// speed-of-light bound of the same scenario.
struct ErrorBand {
  double low = 0;
  double high = 0;
};
inline ErrorBand error_band(double predicted, double bound) {
  const double high = predicted * kErrorBandHigh;
  return {predicted * kErrorBandLow, bound > 0 && bound < high ? bound : high};
}
// The same band for a latency (TTFT, TPOT): it scales with the inverse of
// the throughput ratio, and never below the speed-of-light latency.
inline ErrorBand latency_error_band(double predicted_s, double bound_s) {
  const double low = predicted_s / kErrorBandHigh;
  return {bound_s > low ? bound_s : low, predicted_s / kErrorBandLow};
}

}  // namespace moeplan
