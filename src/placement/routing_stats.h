// Routing statistics: how many tokens each routed expert of each MoE layer
// received, the input of expert placement. Loaded from a file (our JSON, a
// CSV, or SGLang's `logical_count` dump) or generated as a seeded power-law
// (Zipf) skew when no statistics exist. Every count is a token count
// (token-expert assignments), >= 0; fractional values (averages) are kept.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace moeplan {

enum class RoutingFormat {
  kJson,          // {"expert_load": [[...], ...]}, one row per MoE layer
  kCsv,           // one line per MoE layer, comma-separated counts, optional header line
  kSglangLogical, // {"logical_count": [[...]]} or [[[...]]] (summed over the first axis), one row per decoder layer
  kSynthetic,     // zipf:EXPONENT:SEED
};

struct RoutingStats {
  std::vector<std::vector<double>> expert_load;  // [layer][expert], tokens
  RoutingFormat format = RoutingFormat::kJson;
  std::string source;  // file name, or the skew spec for synthetic stats

  int layers() const { return static_cast<int>(expert_load.size()); }
  int experts() const { return expert_load.empty() ? 0 : static_cast<int>(expert_load.front().size()); }
};

// Reads `path`; `.csv` is CSV, `.json` is JSON (either key), anything else is
// sniffed (a leading '{' means JSON). Missing file, empty file, ragged rows,
// negative or non-numeric counts: InputError naming file, row, column, value.
RoutingStats load_routing_stats(const std::string& path);

// The same from text already in memory; `source` names it in messages.
RoutingStats parse_routing_stats_json(const std::string& text, const std::string& source);
RoutingStats parse_routing_stats_csv(const std::string& text, const std::string& source);

// Shape check against what the caller expects (the model's MoE layers and
// routed experts); InputError naming the source otherwise.
void check_routing_shape(const RoutingStats& stats, int layers, int experts);

// SGLang records every decoder layer (DeepSeek-V3: 61 rows, the 3 leading
// dense layers all zero). Drops the first `count` rows; InputError if one of
// them holds a non-zero count (they would not be dense layers then).
RoutingStats drop_leading_layers(const RoutingStats& stats, int count);

// Synthetic skew "zipf:EXPONENT:SEED" (seed optional, default 0).
struct SkewSpec {
  double exponent = 1.0;  // s in P(rank r) ~ 1 / r^s; 0 is uniform
  std::uint64_t seed = 0;
};

inline constexpr double kDefaultTokensPerLayer = 1048576.0;  // 2^20 token-expert assignments per layer

// Parses "zipf:1.01:42" (also "zipf:1.01"); InputError otherwise.
SkewSpec parse_skew(const std::string& text);

// Each layer: a seeded random permutation of the experts; the expert of rank
// r (1-based) receives tokens_per_layer x r^-s / H(E, s), H the generalized
// harmonic number. Deterministic on every platform (own PRNG, own shuffle).
RoutingStats synthetic_routing_stats(const SkewSpec& skew, int layers, int experts,
                                     double tokens_per_layer = kDefaultTokensPerLayer);

// "Real-shaped" statistics for benchmarks and tests: log-normal per-expert
// popularity (sigma in natural-log units, e.g. 0.6-1.2 as seen in published
// routing histograms) with a few 3-8x hot experts per layer. Deterministic.
RoutingStats lognormal_routing_stats(double sigma, std::uint64_t seed, int layers, int experts,
                                     double tokens_per_layer = kDefaultTokensPerLayer);

}  // namespace moeplan
