// Quantities as people write them ("64 GB", "64 GiB", "100 tokens/ms",
// "120k tokens/s", "50 ms", "900 GB/s", "400 Gb/s", "989 TFLOP/s", "671B").
// Parsed once at the edge into SI base units held in doubles whose names
// carry the unit (bytes, seconds, tokens_per_s, bytes_per_s, flops_per_s).
// GB = 1e9 bytes, GiB = 2^30 bytes; a lower-case b is a bit.
#pragma once

#include <optional>
#include <string>

namespace moeplan {

enum class QuantityKind {
  kBytes,          // -> bytes
  kSeconds,        // -> seconds
  kTokensPerSecond,  // -> tokens per second
  kBytesPerSecond, // -> bytes per second
  kFlopsPerSecond, // -> floating-point operations per second
  kCount,          // -> plain count, with optional k/M/B/T suffix ("671B", "16k")
  kRequestsPerSecond,  // -> requests per second ("20 requests/s", "1.5k req/min")
};

// What the kind measures, for messages: "a size in bytes", ...
std::string describe(QuantityKind kind);
// Example spellings accepted, for messages.
std::string examples(QuantityKind kind);

// Parses `text` as a quantity of `kind`. On failure returns nullopt and sets
// *why (when given) to a one-line reason without the field name.
std::optional<double> parse_quantity(const std::string& text, QuantityKind kind, std::string* why = nullptr);

inline constexpr double kGB = 1e9;
inline constexpr double kGiB = 1073741824.0;  // 2^30
inline constexpr double kMB = 1e6;
inline constexpr double kMiB = 1048576.0;  // 2^20

}  // namespace moeplan
