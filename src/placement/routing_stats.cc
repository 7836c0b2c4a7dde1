#include "placement/routing_stats.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>

#include "spec/error.h"
#include "spec/limits.h"
#include "spec/text.h"
#include "spec/yaml_reader.h"

namespace moeplan {

namespace {

using json = nlohmann::json;

constexpr const char* kExpertLoadKey = "expert_load";
constexpr const char* kLogicalCountKey = "logical_count";
constexpr const char* kPhysicalMapKey = "physical_to_logical_map";

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// A finite decimal number, the whole field ("12", "3.5", "1e6"); no "inf", "nan", hex.
bool parse_count(std::string_view field, double* out) {
  field = trim(field);
  if (!field.empty() && field.front() == '+') field.remove_prefix(1);
  if (field.empty()) return false;
  double v = 0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v, std::chars_format::general);
  if (ec != std::errc() || end != field.data() + field.size() || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

std::vector<std::string_view> split_commas(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

void require_rectangular(const std::vector<std::vector<double>>& rows, const std::string& source,
                         const std::string& what_row) {
  if (rows.empty()) throw InputError(source + ": no layers (expected one row of expert token counts per MoE layer)");
  const size_t width = rows.front().size();
  if (width == 0) throw InputError(source + ": " + what_row + " 0 is empty (expected one token count per expert)");
  for (size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != width)
      throw InputError(fmt::format("{}: {} {} has {} counts, expected {} (as in {} 0): rows must all have one count per expert",
                                   source, what_row, r, rows[r].size(), width, what_row));
  }
}

double json_count(const json& v, const std::string& source, const std::string& path) {
  if (!v.is_number())
    throw InputError(fmt::format("{}: {}: expected a token count (a number >= 0), got {}", source, path, json_excerpt(v)));
  const double x = v.get<double>();
  if (x < 0) throw InputError(fmt::format("{}: {}: token count must not be negative, got {}", source, path, json_excerpt(v)));
  if (!(x <= limits::kRoutingTokenCount))
    throw InputError(fmt::format("{}: {}: token count {} is implausibly large (limit {:g})", source, path, json_excerpt(v),
                                 limits::kRoutingTokenCount));
  return x;
}

std::vector<std::vector<double>> json_matrix(const json& m, const std::string& source, const std::string& key) {
  if (!m.is_array())
    throw InputError(fmt::format("{}: {}: expected a list of layers, each a list of per-expert token counts, got {}", source,
                                 key, m.is_string() ? json_excerpt(m) : std::string(m.type_name())));
  std::vector<std::vector<double>> rows;
  rows.reserve(m.size());
  for (size_t l = 0; l < m.size(); ++l) {
    const json& row = m[l];
    const std::string row_path = fmt::format("{}[{}]", key, l);
    if (!row.is_array())
      throw InputError(fmt::format("{}: {}: expected a list of per-expert token counts for layer {}, got {}", source,
                                   row_path, l, json_excerpt(row)));
    std::vector<double> counts;
    counts.reserve(row.size());
    for (size_t e = 0; e < row.size(); ++e) counts.push_back(json_count(row[e], source, fmt::format("{}[{}]", row_path, e)));
    rows.push_back(std::move(counts));
  }
  require_rectangular(rows, source, key + " row");
  return rows;
}

// SGLang's logical_count is [layer][expert] or [sample][layer][expert]; the
// engine sums the first axis of the 3-D form (eplb_algorithms.rebalance_experts
// after unsqueezing a 2-D input), so do we.
std::vector<std::vector<double>> sglang_logical_count(const json& m, const std::string& source) {
  const bool three_d = m.is_array() && !m.empty() && m[0].is_array() && !m[0].empty() && m[0][0].is_array();
  if (!three_d) return json_matrix(m, source, kLogicalCountKey);
  std::vector<std::vector<double>> sum;
  for (size_t s = 0; s < m.size(); ++s) {
    const auto rows = json_matrix(m[s], source, fmt::format("{}[{}]", kLogicalCountKey, s));
    if (s == 0) {
      sum = rows;
      continue;
    }
    if (rows.size() != sum.size() || rows.front().size() != sum.front().size())
      throw InputError(fmt::format("{}: {}[{}]: {} layers x {} experts, expected {} x {} (as in {}[0])", source,
                                   kLogicalCountKey, s, rows.size(), rows.front().size(), sum.size(),
                                   sum.front().size(), kLogicalCountKey));
    for (size_t l = 0; l < rows.size(); ++l)
      for (size_t e = 0; e < rows[l].size(); ++e) sum[l][e] += rows[l][e];
  }
  return sum;
}

// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, identical on every
// platform, unlike std::shuffle / std::*_distribution whose output is
// implementation-defined.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n), n > 0, without modulo bias (rejection).
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
    std::uint64_t x = next();
    while (x >= limit) x = next();
    return x % n;
  }

 private:
  std::uint64_t state_;
};

std::vector<int> seeded_permutation(int n, SplitMix64& rng) {
  std::vector<int> p(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) p[static_cast<size_t>(i)] = i;
  for (int i = n - 1; i > 0; --i) std::swap(p[static_cast<size_t>(i)], p[rng.below(static_cast<std::uint64_t>(i) + 1)]);
  return p;
}

void check_generator_shape(int layers, int experts, double tokens_per_layer, const std::string& what) {
  if (layers < 1) throw InputError(fmt::format("{}: layers must be at least 1, got {}", what, layers));
  if (experts < 1) throw InputError(fmt::format("{}: experts must be at least 1, got {}", what, experts));
  if (!(tokens_per_layer >= 0) || !std::isfinite(tokens_per_layer))
    throw InputError(fmt::format("{}: tokens per layer must be a finite number >= 0, got {}", what, tokens_per_layer));
}

// Layers and experts within the limits every model obeys (spec/limits.h).
void require_bounded_shape(const RoutingStats& stats) {
  const size_t layers = stats.expert_load.size();
  const size_t experts = layers > 0 ? stats.expert_load.front().size() : 0;
  if (layers > static_cast<size_t>(limits::kLayers))
    throw InputError(fmt::format("{}: {} layers of routing statistics is implausibly many (limit {})", stats.source, layers,
                                 limits::kLayers));
  if (experts > static_cast<size_t>(limits::kExperts))
    throw InputError(fmt::format("{}: {} experts per layer is implausibly many (limit {})", stats.source, experts,
                                 limits::kExperts));
  if (layers * experts > static_cast<size_t>(limits::kExpertLayers))
    throw InputError(fmt::format("{}: {} layers x {} experts is implausibly many (limit {} expert-layers)", stats.source,
                                 layers, experts, limits::kExpertLayers));
}

std::string skew_name(const SkewSpec& s) { return fmt::format("zipf:{}:{}", s.exponent, s.seed); }

}  // namespace

RoutingStats parse_routing_stats_json(const std::string& text, const std::string& source) {
  if (text.find('\0') != std::string::npos) throw InputError(source + ": not a text file (contains NUL bytes)");
  if (trim(text).empty()) throw InputError(source + ": empty file (expected {\"expert_load\": [[...], ...]})");
  require_utf8(text, source);
  require_json_depth(text, source);
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& e) {  // syntax errors, and numbers out of range (1e400)
    throw InputError(source + ": not valid JSON: " + std::string(e.what()));
  }
  if (!root.is_object())
    throw InputError(source + ": expected a JSON object {\"expert_load\": [[...], ...]} or {\"logical_count\": [[...], ...]}, got a " +
                     std::string(root.type_name()));
  if (root.contains(kPhysicalMapKey) && !root.contains(kLogicalCountKey))
    throw InputError(source + ": holds a placement (physical_to_logical_map), not routing statistics; give per-expert "
                              "token counts as expert_load or logical_count");
  const std::vector<std::string> known = {kExpertLoadKey, kLogicalCountKey};
  for (const auto& [key, value] : root.items()) {
    if (key != kExpertLoadKey && key != kLogicalCountKey)
      throw InputError(source + ": unknown key '" + key + "'" + did_you_mean(key, known) +
                       "; expected expert_load or logical_count");
  }
  const bool has_load = root.contains(kExpertLoadKey), has_logical = root.contains(kLogicalCountKey);
  if (has_load && has_logical)
    throw InputError(source + ": both expert_load and logical_count given; keep one");
  if (!has_load && !has_logical) throw InputError(source + ": expert_load: missing (or logical_count, SGLang's layout)");
  RoutingStats stats;
  stats.source = source;
  if (has_load) {
    stats.format = RoutingFormat::kJson;
    stats.expert_load = json_matrix(root[kExpertLoadKey], source, kExpertLoadKey);
  } else {
    stats.format = RoutingFormat::kSglangLogical;
    stats.expert_load = sglang_logical_count(root[kLogicalCountKey], source);
  }
  require_bounded_shape(stats);
  return stats;
}

RoutingStats parse_routing_stats_csv(const std::string& raw_text, const std::string& source) {
  if (raw_text.find('\0') != std::string::npos) throw InputError(source + ": not a text file (contains NUL bytes)");
  require_utf8(raw_text, source);
  std::string text = raw_text;
  normalize_lone_cr(text);  // old Mac line endings are line breaks too
  RoutingStats stats;
  stats.format = RoutingFormat::kCsv;
  stats.source = source;
  bool seen_first_line = false;
  size_t width = 0;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string_view line = trim(std::string_view(text).substr(pos, end - pos));
    pos = end + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    const auto fields = split_commas(line);
    std::vector<double> counts;
    counts.reserve(fields.size());
    size_t numeric = 0;
    for (const auto& f : fields) {
      double v = 0;
      if (parse_count(f, &v)) ++numeric;
    }
    if (!seen_first_line && numeric == 0) {  // header line: names only
      seen_first_line = true;
      width = fields.size();
      continue;
    }
    seen_first_line = true;
    for (size_t c = 0; c < fields.size(); ++c) {
      double v = 0;
      const std::string shown(trim(fields[c]));
      if (!parse_count(fields[c], &v))
        throw InputError(fmt::format("{}:{}: column {}: expected a token count (a number >= 0), got '{}'", source, line_no,
                                     c + 1, shown));
      if (v < 0)
        throw InputError(fmt::format("{}:{}: column {}: token count must not be negative, got {}", source, line_no, c + 1,
                                     shown));
      if (v > limits::kRoutingTokenCount)
        throw InputError(fmt::format("{}:{}: column {}: token count {} is implausibly large (limit {:g})", source, line_no,
                                     c + 1, shown, limits::kRoutingTokenCount));
      counts.push_back(v);
    }
    if (width == 0) width = counts.size();
    if (counts.size() != width)
      throw InputError(fmt::format("{}:{}: {} counts, expected {} (one per expert, as on the first line); rows must not be ragged",
                                   source, line_no, counts.size(), width));
    stats.expert_load.push_back(std::move(counts));
  }
  if (stats.expert_load.empty())
    throw InputError(source + ": no data rows (expected one line of comma-separated expert token counts per MoE layer)");
  require_bounded_shape(stats);
  return stats;
}

RoutingStats load_routing_stats(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path + ": is a directory, expected a routing statistics file");
  const std::string text = read_text_file(path, "routing statistics");
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".csv" || ext == ".CSV") return parse_routing_stats_csv(text, path);
  if (ext == ".json" || ext == ".JSON") return parse_routing_stats_json(text, path);
  const std::string_view body = trim(text);
  if (body.empty()) throw InputError(path + ": empty file (expected routing statistics as JSON or CSV)");
  if (body.front() == '{' || body.front() == '[') return parse_routing_stats_json(text, path);
  return parse_routing_stats_csv(text, path);
}

void check_routing_shape(const RoutingStats& stats, int layers, int experts) {
  if (stats.layers() != layers)
    throw InputError(fmt::format("{}: {} layers of routing statistics, expected {} (one per MoE layer)", stats.source,
                                 stats.layers(), layers));
  if (stats.experts() != experts)
    throw InputError(fmt::format("{}: {} experts per layer, expected {} (the model's routed experts)", stats.source,
                                 stats.experts(), experts));
}

RoutingStats drop_leading_layers(const RoutingStats& stats, int count) {
  if (count < 0 || count >= stats.layers())
    throw InputError(fmt::format("{}: cannot drop {} leading layers of {}", stats.source, count, stats.layers()));
  for (int l = 0; l < count; ++l) {
    const auto& row = stats.expert_load[static_cast<size_t>(l)];
    for (size_t e = 0; e < row.size(); ++e) {
      if (row[e] != 0)
        throw InputError(fmt::format("{}: layer {} expert {}: {} tokens, but layer {} should be dense (all zero)",
                                     stats.source, l, e, row[e], l));
    }
  }
  RoutingStats out = stats;
  out.expert_load.erase(out.expert_load.begin(), out.expert_load.begin() + count);
  return out;
}

SkewSpec parse_skew(const std::string& text) {
  const std::string usage = "expected zipf:EXPONENT[:SEED], e.g. zipf:1.01:42";
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    const size_t colon = text.find(':', start);
    fields.push_back(text.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  if (fields.size() < 2 || fields.size() > 3)
    throw InputError("skew: '" + text + "': " + usage);
  if (fields[0] != "zipf")
    throw InputError("skew: unknown distribution '" + fields[0] + "'" + did_you_mean(fields[0], {"zipf"}) + "; " + usage);
  SkewSpec s;
  double exponent = 0;
  if (!parse_count(fields[1], &exponent))
    throw InputError("skew: exponent '" + fields[1] + "' is not a number >= 0; " + usage);
  if (exponent < 0) throw InputError("skew: exponent must not be negative, got " + fields[1]);
  constexpr double kMaxExponent = 20.0;  // beyond this every token goes to one expert; almost surely a typo
  if (exponent > kMaxExponent) throw InputError(fmt::format("skew: exponent {} is above {}", fields[1], kMaxExponent));
  s.exponent = exponent;
  if (fields.size() == 3) {
    const std::string& f = fields[2];
    std::uint64_t seed = 0;
    const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), seed);
    if (f.empty() || ec != std::errc() || end != f.data() + f.size())
      throw InputError("skew: seed '" + f + "' is not a non-negative integer; " + usage);
    s.seed = seed;
  }
  return s;
}

RoutingStats synthetic_routing_stats(const SkewSpec& skew, int layers, int experts, double tokens_per_layer) {
  const std::string name = skew_name(skew);
  check_generator_shape(layers, experts, tokens_per_layer, name);
  if (!(skew.exponent >= 0) || !std::isfinite(skew.exponent))
    throw InputError(fmt::format("{}: exponent must be a finite number >= 0", name));
  std::vector<double> by_rank(static_cast<size_t>(experts));
  double harmonic = 0;
  for (int r = 0; r < experts; ++r) {
    by_rank[static_cast<size_t>(r)] = std::pow(static_cast<double>(r + 1), -skew.exponent);
    harmonic += by_rank[static_cast<size_t>(r)];
  }
  RoutingStats stats;
  stats.format = RoutingFormat::kSynthetic;
  stats.source = name;
  SplitMix64 rng(skew.seed);
  for (int l = 0; l < layers; ++l) {
    const std::vector<int> expert_of_rank = seeded_permutation(experts, rng);
    std::vector<double> row(static_cast<size_t>(experts));
    for (int r = 0; r < experts; ++r)
      row[static_cast<size_t>(expert_of_rank[static_cast<size_t>(r)])] =
          tokens_per_layer * by_rank[static_cast<size_t>(r)] / harmonic;
    stats.expert_load.push_back(std::move(row));
  }
  return stats;
}

RoutingStats lognormal_routing_stats(double sigma, std::uint64_t seed, int layers, int experts, double tokens_per_layer) {
  const std::string name = fmt::format("lognormal:{}:{}", sigma, seed);
  check_generator_shape(layers, experts, tokens_per_layer, name);
  if (!(sigma >= 0) || !std::isfinite(sigma)) throw InputError(fmt::format("{}: sigma must be a finite number >= 0", name));
  constexpr double kTwoPi = 6.283185307179586;
  constexpr int kHotExpertsPerHundred = 2;  // ~2% of experts run hot
  constexpr double kHotMin = 3.0, kHotMax = 8.0;
  SplitMix64 rng(seed);
  RoutingStats stats;
  stats.format = RoutingFormat::kSynthetic;
  stats.source = name;
  for (int l = 0; l < layers; ++l) {
    std::vector<double> row(static_cast<size_t>(experts));
    double total = 0;
    for (auto& w : row) {
      // Box-Muller: one standard normal from two uniforms (1 - u keeps log away from 0).
      const double u1 = 1.0 - rng.uniform(), u2 = rng.uniform();
      const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
      w = std::exp(sigma * z);
    }
    const int hot = std::max(1, experts * kHotExpertsPerHundred / 100);
    for (int h = 0; h < hot; ++h) row[rng.below(static_cast<std::uint64_t>(experts))] *= kHotMin + (kHotMax - kHotMin) * rng.uniform();
    for (double w : row) total += w;
    for (auto& w : row) w = tokens_per_layer * w / total;
    stats.expert_load.push_back(std::move(row));
  }
  return stats;
}

}  // namespace moeplan
