// Upper bounds on every size that enters a product or a loop, declared once.
// Far above any published model or deployment, low enough that no product of
// them overflows 64 bits and no loop over them runs for long: the search, the
// placement and every per-layer loop stay under a second at the limits.
// Checked at parse time for YAML, JSON and Hugging Face configs alike
// (validate_model calls check_model_limits; the scenario schema,
// spec/scenario_schema.cc, takes every bound from here). docs/scenario.md lists them; a test keeps the
// two in step.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/model_spec.h"

namespace moeplan {

namespace limits {
inline constexpr int64_t kLayers = 10'000;            // decoder layers (published max ~130)
inline constexpr int64_t kHiddenSize = 1 << 20;       // 1,048,576 (published max ~16k)
inline constexpr int64_t kIntermediateSize = 1 << 24; // FFN widths, 16.7 M (published max ~100k)
inline constexpr int64_t kVocab = 1 << 27;            // 134 M tokens (published max ~260k)
inline constexpr int64_t kHeads = 1 << 14;            // 16,384 attention heads (published max 128)
inline constexpr int64_t kHeadDim = 1 << 16;          // 65,536 per head (published max 512)
inline constexpr int64_t kLoraRank = 1 << 20;         // MLA q/kv ranks (DeepSeek: 1536/512)
inline constexpr int64_t kExperts = 1024;             // routed experts per MoE layer (published max 512)
// Routed experts x MoE layers: what placement works through (DeepSeek-V3: 256 x 58 = 14,848);
// placement at this bound takes about 2 s.
inline constexpr int64_t kExpertLayers = 131'072;
inline constexpr int64_t kSharedExperts = 64;         // shared experts per MoE layer (published max 4)
inline constexpr int64_t kMtpModules = 64;
inline constexpr int64_t kWeightBlock = 4096;         // FP8 weight-scale block edge (published: 128)
inline constexpr int64_t kSlidingWindow = 100'000'000;  // tokens
inline constexpr double kVisionParams = 1e13;
inline constexpr int64_t kGpus = 65'536;              // GPUs in one deployment
inline constexpr int64_t kGpusPerNode = 4096;
inline constexpr int64_t kTokens = 100'000'000;       // tokens per request, prefill chunk
inline constexpr int64_t kConcurrency = 100'000'000;  // requests in flight
// Requests in one burst: the run is simulated step by step (search/burst.h),
// in time proportional to its requests; serving benchmarks send 1,000-5,000.
inline constexpr int64_t kBurstRequests = 1'000'000;
inline constexpr int64_t kRedundantSlots = 65'536;    // redundant expert slots per MoE layer
inline constexpr int64_t kStrategyDegree = kGpus;     // tp, pp, dp, ep, etp
inline constexpr int64_t kSearchGpus = 4096;          // `plan --gpus-max`: every GPU count up to it is searched
inline constexpr double kRoutingTokenCount = 1e15;    // one expert's tokens in routing statistics
// Floors on rates and times that are divided by: far below any real hardware
// or target, high enough that no quotient reaches infinity.
inline constexpr double kMinBandwidth = 1e6;         // bytes/s (1 MB/s)
inline constexpr double kMinFlops = 1e9;             // FLOP/s (1 GFLOP/s)
inline constexpr double kMinSeconds = 1e-9;          // an SLO latency (1 ns)
inline constexpr double kMinRequestRate = 1e-6;      // requests/s
inline constexpr double kMinThroughput = 1e-3;       // tokens/s
}  // namespace limits

// Throws InputError "where(field)value is implausibly large (limit max)" for the
// first model size out of the bounds the scenario schema declares for it
// (spec/scenario_schema.cc, which takes them from here). Runs before any check
// that divides or loops.
void check_model_limits(const ModelSpec& m, const std::function<std::string(const std::string&)>& where);

// A double converted to an integer count, clamped to [0, max] (NaN -> 0):
// for capacities computed in floating point (KV tokens on a 99 TB GPU).
int64_t clamp_to_count(double v, int64_t max);

}  // namespace moeplan
