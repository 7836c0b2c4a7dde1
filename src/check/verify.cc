#include "check/verify.h"

#include "model/error_band.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <cstring>
#include <initializer_list>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <unordered_set>
#include <memory>
#include <numeric>

#include "check/lexicon.h"
#include "check/pools.h"
#include "model/kv_cache.h"
#include "spec/limits.h"
#include "spec/model_loader.h"

#include "render/format.h"
#include "spec/error.h"
#include "spec/units.h"
#include "spec/strategy_rules.h"
#include "spec/text.h"
#include "search/strategies.h"

namespace moeplan {

std::string to_string(Verdict v) {
  switch (v) {
    case Verdict::kCorrect: return "correct";
    case Verdict::kAmbiguous: return "ambiguous";
    case Verdict::kUnverifiable: return "unverifiable";
    case Verdict::kUnsupported: return "unsupported";
    case Verdict::kWrong: return "wrong";
    case Verdict::kImpossible: return "impossible";
    case Verdict::kNotUnderstood: return "not_understood";
  }
  return "?";
}

int CheckReport::count(Verdict v) const {
  int n = 0;
  for (const auto& f : findings) n += f.verdict == v ? 1 : 0;
  return n;
}

bool CheckReport::failed() const { return count(Verdict::kWrong) + count(Verdict::kImpossible) > 0; }

namespace {

// Relative tolerance for exact quantities written rounded ("0.74 GB",
// "about 10B"): 5%, and 10% when the document says "about".
// A figure is right when it rounds to the value: half a unit of its last written digit
// ("30.5" covers 30.45-30.55), at least 1.5% (engines and tools differ by that much), at
// most 5%; 10% with "about" or "~".
double rounding_tolerance(const Claim& c);
double exact_tolerance(const Claim& c) { return c.approximate ? 0.10 : rounding_tolerance(c); }
// The rounding of the written digits alone, hedge or not.
double rounding_tolerance(const Claim& c) {
  // Parameter counts are published rounded from counts that differ from ours by up to 3% (README).
  const bool params = c.kind == ClaimKind::kParamsTotal || c.kind == ClaimKind::kParamsActive || c.kind == ClaimKind::kParamsPerGpu;
  // A GPU's memory is a spec-sheet or driver figure, not one moeplan derives: only the written digits' rounding
  // (and a last-digit slip of 0.2%), so "85.9 GB" is not the H100's 85.52.
  const bool spec = c.kind == ClaimKind::kGpuMemoryCapacity;
  const double kFloor = params ? 0.03 : spec ? 0.002 : 0.015, kCeiling = 0.05;
  const double written = std::fabs(c.value / (c.unit_scale > 0 ? c.unit_scale : 1));
  if (written <= 0) return kCeiling;
  const double half_ulp = 0.5 * std::pow(10.0, -c.decimals) / written;
  return std::clamp(half_ulp, kFloor, kCeiling);
}

bool close(double stated, double expected, double tolerance) {
  if (expected == 0) return std::fabs(stated) < 1e-9;
  return std::fabs(stated / expected - 1) <= tolerance;
}

bool gb_gib_slip(const Claim& c, double expected);
bool swaps_units(const Claim& c, double lo, double hi);
bool unit_swapped(const Claim& c, double lo, double hi);
// "GB", "GiB", "Go", "Gio", "TB": a unit where GB and GiB differ by 7.4% (KB/KiB by 2.4%).
bool gigabyte_unit(std::string_view u) {
  return u.size() >= 2 && (u[0] == 'G' || u[0] == 'T') && (u.back() == 'B' || u.back() == 'o');
}
// The digits written: "50.1" 3, "673" 3, "27" 2, "0.9" 1.
int significant_digits(const Claim& c) {
  const double written = std::fabs(c.value / (c.unit_scale > 0 ? c.unit_scale : 1));
  if (written <= 0) return 0;
  const int before = written >= 1 ? static_cast<int>(std::floor(std::log10(written))) + 1 : 0;
  return before + c.decimals;
}

// The stated value (or range) covers `expected`, within the tolerance.
bool covers(const Claim& c, double expected) {
  // Counts are exact: 1728 experts are not 1664.
  const auto dim = claim_dimension(c.kind);
  if (dim && *dim == Dimension{} && c.unit_scale == 1 && !c.approximate && c.value == std::floor(c.value) &&
      expected == std::floor(expected) && c.value_hi == c.value && expected >= 1)
    return c.value == expected;
  const double t = exact_tolerance(c);
  if (c.value_hi > c.value) return expected >= c.value * (1 - t) && expected <= c.value_hi * (1 + t);
  if (swaps_units(c, expected, expected)) return false;
  return close(c.value, expected, t);
}

// "~50.1 GiB" for 50.10 GB, "about 78.0 GiB" for 72.69 GB: a hedge rounds, it does not swap GB (1e9 B) and GiB
// (2^30 B).
bool swaps_units(const Claim& c, double lo, double hi) { return c.approximate && unit_swapped(c, lo, hi); }

// A figure written to three digits or in a binary unit that is one end of [lo, hi] in the other unit (GB for GiB or
// the other way round) and not the range itself: a slip, not a rounding ("~50 GB" for 46.7 GB may round).
bool unit_swapped(const Claim& c, double lo, double hi) {
  if (c.value_hi != c.value || lo <= 0 || !gigabyte_unit(c.unit_text) ||
      (c.unit_text.find('i') == std::string::npos && significant_digits(c) < 3))
    return false;
  const double r = rounding_tolerance(c), ratio = kGiB / kGB;
  constexpr double kTight = 0.01;
  auto within = [&](double v, double t) { return v >= lo * (1 - t) && v <= hi * (1 + t); };
  // The swapped figure must be one end of the range, not anywhere in a wide one.
  auto at_end = [&](double v) { return close(v, lo, kTight) || close(v, hi, kTight); };
  return !within(c.value, r) && (at_end(c.value / ratio) || at_end(c.value * ratio));
}

// "64 GB" written for 64 GiB or the other way round: the figure is off by the
// GB/GiB ratio (7.4%) and right once the unit is swapped.
bool gb_gib_slip(const Claim& c, double expected) {
  // The binary/decimal ratio of the unit written: KiB/KB 1.024, MiB/MB 1.049, GiB/GB 1.074.
  const std::string& u = c.unit_text;
  const double ratio = u.find("K") != std::string::npos || u.find('k') != std::string::npos ? 1.024
                       : u.find('M') != std::string::npos                                   ? 1048576.0 / 1e6
                                                                                             : kGiB / kGB;
  constexpr double kTight = 0.01;
  // Only a figure its own rounding does not cover: "16 KB" for 16,384 B is rounded, not slipped.
  return !close(c.value, expected, rounding_tolerance(c)) &&
         (close(c.value * ratio, expected, kTight) || close(c.value / ratio, expected, kTight));
}

// What a formula gives, in SI: bare numbers ("0.98 × 80 = 78.4 GB") are in the claim's written unit.
// A formula of plain numbers gives either the number as written ("2 × 60.8 = 121.6 GB": 121.6, in the
// written unit) or the quantity itself ("3 × 6144 × 16384 = 302M params": the digits already hold the
// million). Both readings are honest arithmetic; the one nearer the stated value is the writer's.
double formula_value(const Claim& c) {
  const double v = c.arithmetic->value;
  if (!c.arithmetic->bare) return v;
  const double scaled = v * c.unit_scale;
  return std::fabs(scaled - c.value) <= std::fabs(v - c.value) ? scaled : v;
}

// Whether the deployment's GPU is a preset: only then may another GPU a document names be told apart from it
// (a custom GPU, "seed-64gb", may be the H100 the text mentions).
bool gpu_is_a_preset(const Scenario& sc) {
  // Asked for every claim: the answer for the last GPU asked about is kept (per thread).
  thread_local std::string last;
  thread_local bool preset = false;
  if (sc.cluster.gpu.name != last || last.empty()) {
    last = sc.cluster.gpu.name;
    preset = gpu_preset_named(last) == last;
  }
  return preset;
}

// The words of a text, lower case, with their byte offsets: runs of letters, digits and '-' ("H100-SXM", "half-width").
std::vector<std::pair<size_t, std::string>> lower_words(std::string_view text) {
  auto word_char = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '-'; };
  std::vector<std::pair<size_t, std::string>> words;
  for (size_t i = 0; i < text.size();) {
    if (!word_char(text[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && word_char(text[j])) ++j;
    std::string w(text.substr(i, j - i));
    for (char& ch : w) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    words.emplace_back(i, std::move(w));
    i = j;
  }
  return words;
}

// The accelerator a clause names when it is not the deployment's ("On H100 you have 76.97 GB usable" in an H200
// document): the name as written; "" when the clause names none, or the deployment's own GPU as well (a
// comparison), or when the deployment's GPU is no preset (a custom GPU may be the one named).
std::string other_gpu_in(std::string_view text, const Scenario& sc) {
  if (!gpu_is_a_preset(sc)) return "";
  std::string other;
  for (auto& [start, w] : lower_words(text)) {
    while (!w.empty() && w.back() == '-') w.pop_back();
    if (std::none_of(w.begin(), w.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; }))
      continue;
    for (const std::string& m : lexicon().gpu_models()) {
      if (!w.starts_with(m) || (w.size() > m.size() && std::isdigit(static_cast<unsigned char>(w[m.size()])))) continue;
      std::string name = w;
      if (name.ends_with('s') && !gpu_preset_named(name)) name.pop_back();  // "H100s"
      const auto preset = gpu_preset_named(name);
      if (preset && *preset == sc.cluster.gpu.name) return "";
      other = std::string(text.substr(start, w.size()));
      break;
    }
  }
  return other;
}

// The clause a figure at `col` ends: back to the last ";", "|", "(", "!", "?" or ". " / ": " before it.
std::string_view clause_before(std::string_view line, size_t col) {
  size_t b = std::min(col, line.size());
  const size_t e = b;
  while (b > 0) {
    const char ch = line[b - 1];
    if (ch == ';' || ch == '|' || ch == '(' || ch == '!' || ch == '?' ||
        ((ch == '.' || ch == ':') && b < line.size() && line[b] == ' '))
      break;
    --b;
  }
  return line.substr(b, e - b);
}

// The clause as above, across a hard line break: "One H100 can hold the checkpoint but\nleaves only about 7 GB"
// goes on from the previous line when this one continues its paragraph (no list marker, quote or label).
std::string clause_of(const MarkdownDocument& doc, int line, size_t col) {
  const std::string_view text = doc.line(line);
  const std::string_view own = clause_before(text, col);
  std::string clause(own);
  if (own.size() != std::min(col, text.size()) || line <= 1 || doc.kind_of(line) != LineKind::kText ||
      (doc.kind_of(line - 1) != LineKind::kText && doc.kind_of(line - 1) != LineKind::kBoldLabel))
    return clause;
  const size_t first = text.find_first_not_of(' ');
  if (first == std::string_view::npos || !std::islower(static_cast<unsigned char>(text[first]))) return clause;
  const std::string_view before = doc.line(line - 1);
  const size_t end = before.find_last_not_of(' ');
  if (end == std::string_view::npos || std::strchr(".:;!?|", before[end]) != nullptr) return clause;
  return std::string(clause_before(before, end + 1)) + " " + clause;
}

// Whether a clause speaks of slices or shards ("each GPU holds a half-width slice of all 64 experts"; lexicon
// sets.expert_slices).
bool names_expert_slices(std::string_view line) {
  static const WordSet& words = lexicon().set("expert_slices");
  for (const auto& word : lower_words(line))
    if (words.count(word.second) > 0) return true;
  return false;
}

// How far a formula's result may be from the stated figure: the rounding of the written digits, except that
// whole numbers are exact ("32 × 58 = 1,865" is off by 9, not by 0.5%).
double formula_tolerance(const Claim& c) {
  const double scale = c.unit_scale > 0 ? c.unit_scale : 1;
  const double written = std::fabs(c.value / scale), computed = std::fabs(formula_value(c) / scale);
  if (!c.approximate && c.decimals == 0 && written >= 1 && written == std::floor(written) &&
      computed == std::floor(computed))
    return 0.5 / written;
  return exact_tolerance(c);
}

// "2048 × 70,272 bytes ≈ 137 MB" (143.9e6 B = 137.2 MiB), "1024 × 128 KiB = 128 MB": a formula's result written in
// a decimal unit with the binary figure (or the other way round) is off by the unit's binary/decimal ratio, which a
// hedge's allowance would cover; the arithmetic is exact, so only the written digits' rounding is allowed.
bool formula_unit_slip(const Claim& c) {
  const std::string& u = c.unit_text;
  if (u.size() < 2 || (u.back() != 'B' && u.back() != 'o')) return false;
  const char prefix = u[0];
  const double ratio = prefix == 'K' || prefix == 'k' ? 1.024
                       : prefix == 'M'                ? 1.048576
                       : prefix == 'G'                ? kGiB / kGB
                       : prefix == 'T'                ? 1099511627776.0 / 1e12
                                                      : 0;
  if (ratio == 0) return false;
  const double v = formula_value(c), r = std::max(rounding_tolerance(c), 0.002);
  return !close(c.value, v, r) && (close(c.value, v / ratio, r) || close(c.value, v * ratio, r));
}

// Whether a formula's result is not what it computes (formula_tolerance), or is that in the other unit.
bool formula_off(const Claim& c) {
  return !close(formula_value(c), c.value, formula_tolerance(c)) || formula_unit_slip(c);
}

// Whether a lexicon phrase list occurs in a text, the raw text tested first by `filter` (built from the list's first
// words) so that most texts are not tokenized.
bool occurs_in(const PhraseList& list, const NormalizedWordFilter& filter, std::string_view text) {
  if (!filter.may_hold(text)) return false;
  const std::vector<std::string> owned = normalized_words(text);
  const std::vector<std::string_view> words(owned.begin(), owned.end());
  return list.in(words);
}

// Whether a sentence says what a layout needs (lexicon phrases.needs: "needed", "would need", "OOM", "does not fit").
bool says_a_need(std::string_view text) {
  static const PhraseList& needs = lexicon().phrases("needs");
  static const NormalizedWordFilter filter(needs.first_words());
  return occurs_in(needs, filter, text);
}

// The count a word states: its digits (at most 4 of them) or a number spelled out (lexicon number_words, "eight"),
// else 0.
int count_of_word(std::string_view word) {
  static const WordMap& spelled = lexicon().map("number_words");
  constexpr size_t kCountDigits = 4;
  std::string_view digits = word;
  if (const auto it = spelled.find(word); it != spelled.end()) digits = it->second;
  if (digits.empty() || digits.size() > kCountDigits ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return 0;
  return std::stoi(std::string(digits));
}

// Whether a text counts `n` GPUs: a number (digits or spelled out) right before a GPU noun or model ("Eight H200s",
// "on 8 GPUs", "16 x H100").
bool counts_gpus(std::string_view text, int n) {
  const std::vector<std::string> words = counted_words(text);
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    size_t noun = i + 1;
    if (noun < words.size() && (words[noun] == "x" || words[noun] == "*")) ++noun;
    if (noun < words.size() && words[noun] == "gpu" && count_of_word(words[i]) == n) return true;
  }
  return false;
}

// A stated EP that splits a layer's expert slots (with redundant ones) into no whole number per GPU, and a stated TP
// that splits the attention heads so: no layout at all, on any number of GPUs.
bool ep_splits_no_whole(double ep, const ModelSpec& m, int64_t redundant) {
  return m.is_moe() && ep >= 1 && ep == std::floor(ep) && std::fmod(static_cast<double>(m.num_experts + redundant), ep) != 0;
}
bool tp_splits_no_whole(double tp, const ModelSpec& m) {
  return tp >= 1 && tp == std::floor(tp) && m.num_heads > 0 && std::fmod(static_cast<double>(m.num_heads), tp) != 0;
}

// Formats `value` (SI) in the claim's written unit, like the number it replaces.
std::string in_written_unit(const Claim& c, double value) {
  const double v = value / (c.unit_scale > 0 ? c.unit_scale : 1);
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15) return fmt::format(FMT_COMPILE("{:.0f}"), v);
  if (std::fabs(v) >= 100) return fmt::format(FMT_COMPILE("{:.0f}"), v);
  return fmt::format(FMT_COMPILE("{:.3g}"), v);
}

std::string range_in_written_unit(const Claim& c, double lo, double hi) {
  const std::string a = in_written_unit(c, lo), b = in_written_unit(c, hi);
  return a == b ? a : a + "-" + b;
}

std::string stated_text(const Claim& c) {
  // Compiled formats (FMT_COMPILE): these run for every finding.
  std::string s = c.value_hi > c.value
                      ? fmt::format(FMT_COMPILE("{:g}-{:g}"), c.value / c.unit_scale, c.value_hi / c.unit_scale)
                      : fmt::format(FMT_COMPILE("{:g}"), c.value / (c.unit_scale > 0 ? c.unit_scale : 1));
  if (!c.unit_text.empty()) s += " " + c.unit_text;
  return s;
}

struct Context {
  const MarkdownDocument* doc = nullptr;
  const Scenario* scenario = nullptr;
  const Plan* plan = nullptr;
  const CheckOptions* options = nullptr;
  double weights_min = 0, weights_max = 0;
  double params_gpu_min = 0, params_gpu_max = 0;
  double static_min = 0;  // weights + activations + reserve, smallest stage
  // The performance bounds of a plan at a prompt length, a concurrency and whether at the full batch, computed once.
  std::map<std::tuple<const Plan*, int, int, bool>, PerformanceBounds>* bounds = nullptr;
  // Lines whose other degrees their own figures refute (the figures fit the deployment, not those degrees).
  const std::unordered_set<int>* refuted_layout_lines = nullptr;
  // Where the deployment has no Plan of its own (a disaggregated scenario's pools each have theirs): a pool's Plan,
  // for figures no layout changes (the model's layers, experts, parameters, its whole KV per token and weights).
  const Plan* model_plan = nullptr;
  // The document names the tokens its rates count as output tokens ("output tok/s") and never as input and output
  // together ("total tokens/s"): a rate that does not say which counts output tokens too (not a ceiling someone
  // derived, which may count its own way).
  bool rates_count_output = false;
};

// Whether a figure is the model's own, whatever the layout: judged with any Plan of the model.
bool model_level(const Claim& c) {
  switch (c.kind) {
    case ClaimKind::kLayers:
    case ClaimKind::kExpertsPerLayer:
    case ClaimKind::kExpertsTotal:
    case ClaimKind::kParamsTotal:
    case ClaimKind::kParamsActive:
      return c.reading.owner != Owner::kGpu && c.reading.owner != Owner::kStage && c.reading.owner != Owner::kNode &&
             c.reading.owner != Owner::kCluster;
    case ClaimKind::kKvPerToken:
    case ClaimKind::kWeightsPerGpu:
      return c.reading.owner == Owner::kModel || (c.scope == Scope::kTotal && c.reading.owner == Owner::kUnsaid);
    default:
      return false;
  }
}

const PerformanceBounds& bounds_for(const Context& x, int prompt_tokens, int concurrency, bool full_batch = false) {
  const auto key = std::make_tuple(x.plan, prompt_tokens, concurrency, full_batch);
  auto it = x.bounds->find(key);
  if (it == x.bounds->end())
    it = x.bounds->emplace(key, performance_bounds(*x.plan->scenario, *x.plan, prompt_tokens, concurrency, full_batch))
             .first;
  return it->second;
}

// The bound a performance figure must not beat, at any operating point the
// sentence allows: decode at one request per rank for a TPOT, an idle
// deployment and the stated (else the workload's) prompt for a TTFT, the
// best concurrency the KV cache holds for a throughput.
struct Bound {
  double value = 0;
  std::string why;
};
// Whether a sentence says its throughput counts output tokens ("output", "decode", "generated", "de salida"; lexicon
// sets.output_token_words, a word or, for a script without spaces, a part of the text).
bool says_output_tokens(const std::string& text) {
  static const WordSet& words = lexicon().set("output_token_words");
  static const NormalizedWordFilter filter = [] {
    std::vector<std::string> ws;
    for (const auto& [w, unused] : words.entries()) ws.push_back(w);
    return NormalizedWordFilter(ws);
  }();
  for (const auto& [w, unused] : words.entries())
    if (static_cast<unsigned char>(w[0]) >= 0x80 && text.find(w) != std::string::npos) return true;
  if (!filter.may_hold(text)) return false;
  for (const std::string& w : normalized_words(text))
    if (words.count(w) > 0) return true;
  return false;
}
// Whether a sentence has a word of a bound someone derived (lexicon sets.rate_bound_words).
bool names_rate_bound(std::string_view text) {
  static const WordSet& words = lexicon().set("rate_bound_words");
  static const NormalizedWordFilter filter = [] {
    std::vector<std::string> ws;
    for (const auto& [w, unused] : words.entries()) ws.push_back(w);
    return NormalizedWordFilter(ws);
  }();
  if (!filter.may_hold(text)) return false;
  for (const std::string& w : normalized_words(text))
    if (words.count(w) > 0) return true;
  return false;
}
// Whether a sentence says its throughput counts input and output tokens together ("total tokens/s", "input +
// output", "combined"; lexicon phrases.total_tokens).
bool says_total_tokens(const std::string& text) {
  static const PhraseList& total = lexicon().phrases("total_tokens");
  static const NormalizedWordFilter filter(total.first_words());
  return occurs_in(total, filter, text);
}
// The sentence (or clause after a ';') of a line a column stands in: "TPOT 1.5 ms at batch size 1; throughput 12k
// tokens/s at 256 concurrent requests" puts 12k in the second.
std::string_view sentence_at(std::string_view line, size_t col) {
  col = std::min(col, line.size());
  size_t b = col;
  while (b > 0) {
    const char ch = line[b - 1];
    if ((ch == ';' || ch == '.' || ch == '?' || ch == '!') && b < line.size() && line[b] == ' ') break;
    --b;
  }
  size_t e = col;
  while (e < line.size()) {
    const char ch = line[e];
    if ((ch == ';' || ch == '.' || ch == '?' || ch == '!') && (e + 1 == line.size() || line[e + 1] == ' ')) break;
    ++e;
  }
  return line.substr(b, e - b);
}
Bound performance_bound(const Claim& c, const Context& x) {
  const OperatingPoint at = stated_operating_point(c.text);
  const bool rate = c.kind == ClaimKind::kThroughput || c.kind == ClaimKind::kThroughputPerGpu;
  const bool tpot = c.kind == ClaimKind::kTpot;
  // A rate is bounded at the concurrency its own sentence states (it binds the rate down to what that many requests
  // reach); a latency at the line's.
  const int concurrency = rate ? stated_operating_point(sentence_at(c.text, c.col_begin)).concurrency : at.concurrency;
  const PerformanceBounds& b = bounds_for(x, c.kind == ClaimKind::kTtft ? at.prompt_tokens : 0,
                                          rate || tpot ? concurrency : 0, tpot && at.full && !at.concurrency);
  switch (c.kind) {
    case ClaimKind::kTpot:
      if (b.min_tpot_at_concurrency_s > b.min_tpot_s)
        return {b.min_tpot_at_concurrency_s,
                fmt::format("one decode step of {} requests per DP rank ({}), each reading its KV cache and the "
                            "experts its tokens route to, at peak FLOP/s and HBM bandwidth",
                            b.tpot_concurrency_per_dp_rank,
                            at.concurrency ? "the requests in flight the sentence states, spread over the DP ranks"
                                           : "the full batch: what the KV cache holds, capped by the engine's batch")};
      return {b.min_tpot_s, "one decode step of one request alone in the deployment, at peak FLOP/s and HBM bandwidth"};
    case ClaimKind::kTtft:
      return {b.min_ttft_s, fmt::format("the prefill of one {}-token prompt on an idle deployment, at peak rates",
                                        b.input_tokens)};
    case ClaimKind::kThroughput:
    case ClaimKind::kThroughputPerGpu: {
      // A throughput that does not say it counts output tokens may count input and output: the bound is then the
      // total's, the weaker of the two readings (output_tokens >= 1: the scenario reader requires it).
      const Workload& w = x.plan->scenario->workload;
      const bool output_only = says_output_tokens(c.text) || c.reading.phase == "decode" ||
                               (x.rates_count_output && c.reading.phase.empty() && !c.ceiling && !names_rate_bound(c.text));
      const double tokens = output_only ? 1.0
                                        : static_cast<double>(w.input_tokens + w.output_tokens) /
                                              static_cast<double>(w.output_tokens);
      const int gpus = c.kind == ClaimKind::kThroughputPerGpu ? x.plan->strategy.gpus() : 1;
      // A ceiling someone derived ("at perfect utilisation") is not held to the batch the KV cache holds.
      if (c.ceiling)
        return {b.max_output_tokens_per_s_any_batch * tokens / gpus,
                fmt::format("{}decode and the prefill of the prompts it admits at any batch, at peak rates (the figure "
                            "is stated as a ceiling, which the KV cache does not limit){}",
                            output_only ? "" : "input and output tokens (the figure does not say output) of ",
                            gpus > 1 ? fmt::format(", over {} GPUs", gpus) : "")};
      return {b.max_output_tokens_per_s * tokens / gpus,
              fmt::format("{}decode at {} requests per DP rank (the best up to what the KV cache holds or the sentence "
                          "states) and the prefill of the prompts they bring (each request's prompt prefilled once, no "
                          "prefix-cache reuse), at peak rates{}",
                          output_only ? "" : "input and output tokens (the figure does not say output) of ",
                          b.max_concurrency_per_dp_rank, gpus > 1 ? fmt::format(", over {} GPUs", gpus) : "")};
    }
    default:
      return {};
  }
}

bool beats(const Claim& c, double bound) {
  const bool higher_is_better = c.kind == ClaimKind::kThroughput || c.kind == ClaimKind::kThroughputPerGpu;
  // A ceiling someone derived counts FLOPs their own way (without the attention's, say): "~6.5k" beats a bound of
  // 6.12k only past the figure's own rounding or hedge.
  const double slack = c.ceiling ? exact_tolerance(c) : 1e-9;
  return bound > 0 && (higher_is_better ? c.value > bound * (1 + slack) : c.value < bound * (1 - 1e-9));
}

// A figure beyond the bound: impossible, whether claimed, measured or targeted.
void set_beyond_bound(Finding& f, const Claim& c, const Bound& b) {
  f.verdict = Verdict::kImpossible;
  f.expected = b.value;
  f.expected_text = "at best " + in_written_unit(c, b.value) + (c.unit_text.empty() ? "" : " " + c.unit_text);
  f.error_factor = b.value != 0 ? c.value / b.value : 0;
  f.explanation = fmt::format("beats the speed-of-light bound of {}{}: {}", in_written_unit(c, b.value),
                              c.unit_text.empty() ? "" : " " + c.unit_text, b.why);
}

// The parameters of one component of the whole model, for a figure whose
// component slot names one the Plan counts; nullopt otherwise.
std::optional<double> component_params(const std::string& component, const ParamBreakdown& b) {
  if (component == "attention") return b.attention;
  if (component == "mtp") return b.mtp;
  if (component == "router") return b.router;
  if (component == "norms") return b.norms;
  if (component == "shared_expert") return b.shared_experts;
  if (component == "routed_experts") return b.routed_experts;
  if (component == "embedding") return b.embedding;
  return std::nullopt;
}

// One component's weights: on one GPU (each stage that holds it) and in
// the whole model at its stored dtype; nullopt for a component the memory
// model does not keep apart. "Embedding" names both tables (the lexicon's
// phrases include the LM head): each alone and both together are readings.
struct ComponentWeights {
  std::vector<double> per_gpu;
  std::vector<double> whole_model;
};
std::optional<ComponentWeights> component_weights(const std::string& component, const Plan& p, const ModelSpec& m) {
  double ComponentBytes::*field = nullptr;
  ParamBreakdown only;
  const ParamBreakdown& b = p.params.breakdown;
  if (component == "attention") field = &ComponentBytes::attention, only.attention = b.attention;
  else if (component == "routed_experts") field = &ComponentBytes::routed_experts, only.routed_experts = b.routed_experts;
  else if (component == "shared_expert") field = &ComponentBytes::shared_experts, only.shared_experts = b.shared_experts;
  else if (component == "embedding") field = &ComponentBytes::embedding, only.embedding = b.embedding;
  else return std::nullopt;
  ComponentWeights w;
  const bool tables = component == "embedding" && b.lm_head > 0;
  // What one GPU of each stage holds of it, a stage without it included (0 B), each figure once.
  auto add = [&](double bytes) {
    if (std::find(w.per_gpu.begin(), w.per_gpu.end(), bytes) == w.per_gpu.end()) w.per_gpu.push_back(bytes);
  };
  for (const StageMemory& g : p.memory.stages) {
    add(g.weights.*field);
    if (tables) {
      add(g.weights.lm_head);
      add(g.weights.embedding + g.weights.lm_head);
    }
  }
  w.whole_model.push_back(model_weight_bytes(m, only));
  if (tables) {
    ParamBreakdown both = only;
    both.lm_head = b.lm_head;
    w.whole_model.push_back(model_weight_bytes(m, both));
  }
  // A part the model does not have ("Shared experts" of gpt-oss): none on any GPU.
  if (w.whole_model.front() <= 0) return ComponentWeights{{0}, {0}};
  return w;
}

bool one_of(ClaimKind k, std::initializer_list<ClaimKind> kinds) {
  return std::find(kinds.begin(), kinds.end(), k) != kinds.end();
}

// Whether the word right after a number (at byte `from` of `line`) is a noun the number qualifies as a
// layout's ("EP=4 number", "EP=2 draft"; lexicon sets.layout_nouns).
bool names_layout(std::string_view line, size_t from) {
  size_t b = from;
  while (b < line.size() && line[b] == ' ') ++b;
  size_t e = b;
  while (e < line.size() && (std::isalpha(static_cast<unsigned char>(line[e])) || line[e] == '-')) ++e;
  if (e == b) return false;
  std::string w(line.substr(b, e - b));
  for (char& ch : w) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return lexicon().set("layout_nouns").count(w) > 0;
}

// Whether the number of a claim counts engine instances: the word right after it is one ("8 replicas", "4
// engines"; lexicon sets.instance_words).
bool counts_instances(std::string_view line, const Claim& c) {
  if (c.col_end >= line.size()) return false;
  const std::vector<std::string> after = normalized_words(std::string(line.substr(c.col_end, 24)));
  static const WordSet& words = lexicon().set("instance_words");
  return !after.empty() && words.count(after.front()) > 0;
}

// Whether a sentence reports a measurement (lexicon sets.measurements).
bool says_measured(const std::string& text) {
  const WordSet& words = lexicon().set("measurements");
  static const NormalizedWordFilter filter = [&] {
    std::vector<std::string> listed;
    for (const auto& [w, in_set] : words.entries()) listed.push_back(w);
    return NormalizedWordFilter(listed);
  }();
  if (!filter.may_hold(text)) return false;
  for (const std::string& w : normalized_words(text))
    if (words.count(w) > 0) return true;
  return false;
}

// Why a reading cannot be judged, or "" when every slot it fills is one the
// Plan answers. The slot table: owners a per-GPU quantity cannot have,
// components a whole-model quantity cannot have, phases a rate cannot have.
std::string doubt(const Claim& c) {
  const Reading& r = c.reading;
  const bool per_gpu_quantity =
      one_of(c.kind, {ClaimKind::kMemoryPerGpuTotal, ClaimKind::kParamsPerGpu, ClaimKind::kThroughputPerGpu,
                      ClaimKind::kExpertsPerGpu, ClaimKind::kKvPerToken}) ||
      (c.kind == ClaimKind::kWeightsPerGpu && c.scope != Scope::kTotal);
  // A node's experts are counted in check_claim (node_experts) where the layout allows.
  if ((r.owner == Owner::kNode || r.owner == Owner::kCluster) && per_gpu_quantity && c.kind != ClaimKind::kWeightsPerGpu &&
      !(r.owner == Owner::kNode && c.kind == ClaimKind::kExpertsPerGpu))
    return fmt::format("labelled {}: a {} total, not one GPU's figure", r.owner == Owner::kNode ? "per node" : "for the cluster",
                       r.owner == Owner::kNode ? "node's" : "cluster's");
  // "DeepEP measured ~155 GB/s intra-node": what a link achieved under some load, not its rating.
  if (c.kind == ClaimKind::kBandwidth && says_measured(c.text)) return "a measured bandwidth, not the link's rating";
  if (r.owner == Owner::kStage &&
      one_of(c.kind, {ClaimKind::kWeightsPerGpu, ClaimKind::kMemoryPerGpuTotal, ClaimKind::kParamsPerGpu}))
    return "labelled per stage: the stage's GPUs together or each of them is not said";
  if (r.owner_elsewhere && r.owner == Owner::kUnsaid && one_of(c.kind, {ClaimKind::kLayers, ClaimKind::kExpertsTotal, ClaimKind::kExpertsPerLayer}))
    return "whose count this is (\"its\", \"their\") is said outside the sentence";
  if (r.component == "redundant" && one_of(c.kind, {ClaimKind::kExpertsPerGpu, ClaimKind::kExpertsTotal}))
    return "a count of redundant expert slots, not of the experts";
  if (r.component == "parts") return "a sum of the parts of the weights listed after it, which moeplan does not derive";
  if (!r.component.empty()) {
    if (c.kind == ClaimKind::kLayers && r.component != "moe_layers" && r.component != "dense_layers")
      return "a count of " + r.component + " layers, which moeplan does not count apart";
    if (c.kind == ClaimKind::kParamsTotal) return "";  // the params table above says what it can
    if (c.kind == ClaimKind::kKvPerToken && r.component == "window_layers")
      return "the KV cache of one kind of attention layer (sliding-window or full), which moeplan does not count apart";
    // One component's weights, on a GPU or in the whole model (check_claim: component_weights).
    if (c.kind == ClaimKind::kWeightsPerGpu && !c.reading.per_layer && !c.reading.one_expert &&
        (r.component == "attention" || r.component == "routed_experts" || r.component == "shared_expert" ||
         r.component == "embedding") &&
        r.owner != Owner::kNode && r.owner != Owner::kCluster && r.owner != Owner::kStage)
      return "";
    if (c.kind == ClaimKind::kParamsActive && r.component == "embedding") return "";  // "without the input embedding"
    if (one_of(c.kind, {ClaimKind::kParamsTotal, ClaimKind::kParamsActive, ClaimKind::kParamsPerGpu,
                        ClaimKind::kWeightsPerGpu, ClaimKind::kMemoryPerGpuTotal, ClaimKind::kTtft, ClaimKind::kTpot,
                        ClaimKind::kThroughput, ClaimKind::kThroughputPerGpu}) &&
        r.component != "moe_layers" && r.component != "dense_layers")
      return "a figure for the " + r.component + " only, not the " + to_string(c.kind) + " moeplan derives";
  }
  if (r.phase == "prefill" && one_of(c.kind, {ClaimKind::kThroughput, ClaimKind::kThroughputPerGpu, ClaimKind::kTpot}))
    return "a prefill figure; moeplan predicts decode (output) rates and the TPOT";
  if (r.phase == "decode" && c.kind == ClaimKind::kTtft) return "a decode figure read as a TTFT";
  return "";
}

std::string reading_text(const Reading& r) {
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
  if (r.owner != Owner::kUnsaid) add("owner " + to_string(r.owner));
  if (!r.component.empty()) add("component " + r.component);
  if (!r.phase.empty()) add("phase " + r.phase);
  if (r.role != Role::kClaim) add("role " + to_string(r.role));
  return out;
}

void set_wrong(Finding& f, const Claim& c, double expected, const std::string& why) {
  f.verdict = Verdict::kWrong;
  f.expected = expected;
  if (expected != 0) f.error_factor = c.value / expected;
  f.explanation = why;
  f.replacement = in_written_unit(c, expected);
}

bool whole(double v) { return v == std::floor(v) && v < 1e12; }

void check_count(Finding& f, const Claim& c, double expected, const std::string& derivation) {
  f.expected = expected;
  f.expected_text = fmt::format(FMT_COMPILE("{:g}"), expected);
  // A whole number stated for a whole number is exact: 91 MoE layers are not 94, whatever the rounding allowance.
  const bool exact = whole(c.value) && c.value_hi == c.value && whole(expected) && !c.approximate && c.unit_scale == 1;
  if (exact ? c.value == expected : covers(c, expected)) {
    f.verdict = Verdict::kCorrect;
    f.explanation = derivation;
  } else {
    set_wrong(f, c, expected, derivation);
  }
}

// A count that defines a layout (TP, PP, DP, the GPUs): where it differs from the deployment's, the document
// is about another layout there (an option, the old setup, a what-if), not wrong about this one. A stated
// degree is a choice, not a derivation: it is wrong only where it cannot work (divisibility) or does not
// multiply out (degree products), which other checks judge.
// Where the line's own figures are the deployment's (refuted_layout_lines), the differing count is wrong.
void check_layout_count(Finding& f, const Claim& c, double expected, const std::string& derivation, const Context& x) {
  check_count(f, c, expected, derivation);
  if (f.verdict != Verdict::kWrong) return;
  if (x.refuted_layout_lines && x.refuted_layout_lines->count(c.line) > 0) {
    f.explanation += "; the line's own figures are the deployment's, not this layout's";
    return;
  }
  f.verdict = Verdict::kNotUnderstood;
  f.replacement.clear();
  f.error_factor = 0;
  f.explanation = fmt::format("{:g} is not this deployment's {:g} ({}): the document states another layout here, "
                              "and which one is not read",
                              c.value, expected, derivation);
}

// Whether words name a count of GPUs or nodes other than the deployment's ("two nodes" on one node of 8,
// "4 GPUs" on 8): in digits, or spelled out (lexicon number_words).
// A cheap test before reading a line's words: whether one of `nouns` ("gpu", "node"; any case, any suffix) follows
// a count (digits or a spelled number; with `one_only`, a count of one: "1", "one", "single"), maybe through a
// GPU model ("two H100 nodes" is not seen; a lexicon GPU name is rare before a count of nodes).
bool counts_before(std::string_view text, std::initializer_list<std::string_view> nouns, bool one_only) {
  static const WordMap& spelled = lexicon().map("number_words");
  // "a single H100", "two A100s": an accelerator's model counts GPUs as the word does.
  const bool gpus = std::find(nouns.begin(), nouns.end(), "gpu") != nouns.end();
  auto same_at = [&](size_t at, std::string_view n) {
    if (at + n.size() > text.size()) return false;
    for (size_t i = 0; i < n.size(); ++i)
      if ((text[at + i] | 0x20) != n[i]) return false;
    return true;
  };
  for (size_t at = 0; at < text.size(); ++at) {
    bool noun = false;
    for (const std::string_view n : nouns) noun |= same_at(at, n);
    if (!noun && gpus && (at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1]))) &&
        std::isalpha(static_cast<unsigned char>(text[at])))
      for (const std::string& m : lexicon().gpu_models())
        if (same_at(at, m) && at + m.size() < text.size() && std::isdigit(static_cast<unsigned char>(text[at + m.size() - 1]))) {
          noun = true;
          break;
        }
    if (!noun) continue;
    size_t k = at;
    for (int back = 0; back < 3 && k > 0; ++back) {  // the word before, or one or two before it ("two H100 SXM nodes")
      while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '-')) --k;
      size_t b = k;
      while (b > 0 && std::isalnum(static_cast<unsigned char>(text[b - 1]))) --b;
      if (b == k) break;
      std::string word(text.substr(b, k - b));
      for (char& ch : word) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const bool digits = std::all_of(word.begin(), word.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
      if (one_only ? (word == "1" || word == "one" || word == "single") : (digits || spelled.find(word) != spelled.end()))
        return true;
      k = b;
    }
  }
  return false;
}

// The GPUs of the first scale a text names other than the deployment's ("one node" of 8-GPU nodes: 8; "On 2
// GPUs": 2), or 0 when it names none.
int other_scale_gpus(const std::vector<std::string_view>& words, int gpus, int gpus_per_node, bool gpus_only = false) {
  if (gpus <= 0 || gpus_per_node <= 0) return 0;
  const int nodes = (gpus + gpus_per_node - 1) / gpus_per_node;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    const int n = count_of_word(words[i]);
    if (n <= 0) continue;
    // "two H100 SXM nodes": a GPU model names the nodes' GPUs (the lexicon folds "H100" into "gpu").
    size_t noun = i + 1;
    if (words[noun] == "gpu")
      for (size_t k = i + 2; k < words.size() && k <= i + 3; ++k)
        if (words[k] == "node") noun = k;
    // "2 EP groups of 1 GPU each", "8 GPUs per node": the GPUs of a part, not a scale.
    const bool of_part = (i > 0 && words[i - 1] == "of") ||
                         (noun + 1 < words.size() && (words[noun + 1] == "each" || words[noun + 1] == "per"));
    if (of_part) continue;
    // "The 8-GPU node": one node, its GPUs counted.
    if (words[noun] == "node" && noun > i + 1 && n == gpus_per_node && words[i + 1] == "gpu") continue;
    if (words[noun] == "node" && n != nodes && !gpus_only) return n * gpus_per_node;
    if (words[noun] == "gpu" && n != gpus && n != gpus_per_node) return n;
  }
  return 0;
}

bool names_other_scale(const std::vector<std::string_view>& words, int gpus, int gpus_per_node) {
  return other_scale_gpus(words, gpus, gpus_per_node) > 0;
}

// The two numbers of a plain product ("256 × 61", "8 x 61", "60 exp x 24 L"); nullopt for any other formula.
std::optional<std::pair<double, double>> two_factors(std::string_view text) {
  std::vector<double> numbers;
  bool times = false;
  for (size_t i = 0; i < text.size();) {
    const char ch = text[i];
    if (ch >= '0' && ch <= '9') {
      std::string digits;
      while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == ',')) {
        if (text[i] != ',') digits += text[i];
        ++i;
      }
      if (i < text.size() && text[i] == '.') return std::nullopt;  // a decimal: not a count
      constexpr size_t kCountDigits = 9;  // counts of experts and layers; a longer run is no such count
      if (digits.empty() || digits.size() > kCountDigits) return std::nullopt;
      numbers.push_back(static_cast<double>(std::stoll(digits)));
      continue;
    }
    if (ch == '+' || ch == '-' || ch == '/' || ch == '(' || ch == '=') return std::nullopt;
    if (ch == '*' || (ch == 'x' && (i == 0 || text[i - 1] == ' ') && (i + 1 == text.size() || text[i + 1] == ' ')) ||
        text.substr(i, 2) == "\xC3\x97")
      times = true;
    if (text.substr(i, 2) == "\xC3\xB7") return std::nullopt;  // ÷
    ++i;
  }
  if (!times || numbers.size() != 2) return std::nullopt;
  return std::pair{numbers[0], numbers[1]};
}

// "256 × 61", "8 × 61": a layer's experts (or a GPU's share of them under the strategy, with no pipeline) times the
// model's layers or its MoE layers, in either order; nullopt for any other two factors.
struct ExpertsTimesLayers {
  double experts = 0;  // per MoE layer: the model's, or one GPU's share
  double layers = 0;   // the model's layers or its MoE layers, as written
  bool of_gpu = false;
};
std::optional<ExpertsTimesLayers> experts_times_layers(std::string_view formula, const ModelSpec& m, const Strategy& st) {
  const auto fac = two_factors(formula);
  if (!fac || !m.is_moe()) return std::nullopt;
  const double experts = m.num_experts, layers = m.num_layers, moe = m.num_moe_layers();
  const double per_gpu = st.pp == 1 && st.ep > 0 && m.num_experts % st.ep == 0 ? experts / st.ep : 0;
  for (const auto& [a, b] : {std::pair{fac->first, fac->second}, std::pair{fac->second, fac->first}}) {
    const bool of_model = a == experts, of_gpu = per_gpu > 0 && a == per_gpu && per_gpu != experts;
    if ((of_model || of_gpu) && (b == layers || b == moe)) return ExpertsTimesLayers{a, b, of_gpu};
  }
  return std::nullopt;
}

// The bytes of the published checkpoint: the model's weights plus its multi-token-prediction module,
// which checkpoints ship with their own copies of the embedding and the output head ("685B ... 671B of
// the Main Model weights and 14B of the Multi-Token Prediction (MTP) Module weights", DeepSeek-V3
// README_WEIGHTS.md). Equal to the model's bytes for a model without MTP.
double checkpoint_bytes(const ModelSpec& m, const ParamBreakdown& b) {
  const double model = model_weight_bytes(m, b);
  if (b.mtp <= 0) return model;
  const double tables = b.embedding + (b.lm_head > 0 ? b.lm_head : b.embedding);
  return model + b.mtp * weight_bytes_per_param(m.expert_dtype) + tables * weight_bytes_per_param(m.base_dtype());
}

// "470 GB / 16 GPUs = 29.4 GB per GPU", "671 GB / 48 GPUs = 14 GB per": the model's weights divided among GPUs, a
// figure for one GPU whatever noun the sentence has (none, "the model is not spread evenly"). Read as one GPU's weights
// when the formula divides a size within 3% of the model's (or its checkpoint's) bytes by a whole number and the
// figure is one GPU's; the dividend names the quantity.
bool model_bytes_shared_out(const Claim& c, double model_bytes, double checkpoint) {
  if (c.kind != ClaimKind::kOther || c.kv_pool || c.kv_tokens || c.kv_requests || !c.reading.component.empty() || !c.arithmetic ||
      c.arithmetic->operands != 2 || c.arithmetic->bare || c.reading.role != Role::kClaim)
    return false;
  const std::string& t = c.arithmetic->text;
  const size_t slash = t.find_first_of('/');
  const size_t div = t.find("\xc3\xb7");  // ÷
  const size_t at = std::min(slash, div);
  if (at == std::string::npos) return false;
  const bool per_gpu = c.reading.owner == Owner::kGpu;
  if (!per_gpu) return false;
  // The divisor: a whole number of GPUs (or a plain count).
  const std::string_view right = std::string_view(t).substr(at + (at == div ? 2 : 1));
  size_t i = right.find_first_not_of(' ');
  if (i == std::string_view::npos || !std::isdigit(static_cast<unsigned char>(right[i]))) return false;
  double n = 0;
  for (; i < right.size() && std::isdigit(static_cast<unsigned char>(right[i])); ++i) n = n * 10 + (right[i] - '0');
  if (i < right.size() && (right[i] == '.' || right[i] == ',')) return false;
  if (n < 2) return false;
  const double dividend = c.arithmetic->value * n;
  return close(dividend, model_bytes, 0.03) || (checkpoint > model_bytes && close(dividend, checkpoint, 0.03));
}

// Whether a size is some GPU preset's memory, as sold or as its driver reports it, in GB or in GiB (to 2% or the
// figure's rounding): "80 GB" on an H200 is a GPU's memory (the H100's), "30.47 GB" no GPU's.
bool any_gpu_memory(const Claim& c) {
  static const std::vector<double> sizes = [] {
    std::vector<double> v;
    for (const std::string& name : gpu_preset_names()) {
      const GpuSpec g = load_gpu_preset(name, "");
      for (double b : {g.memory_bytes, g.marketing_memory_bytes})
        if (b > 0) v.insert(v.end(), {b, b / kGB * kGiB, b / kGiB * kGB});
    }
    return v;
  }();
  const double t = std::max(0.02, rounding_tolerance(c));
  for (double b : sizes)
    if (close(c.value, b, t)) return true;
  return false;
}

// One GPU's KV per token that no layout of the model holds ("70,272 / 8 = 8,784 B per GPU" for MLA, "halves to 15,552 B
// with TP 2"): every layout holds a whole number of layers (its stage's) times one layer's KV on a GPU, which is the
// MLA latent whole on every TP rank, or a GQA layer's KV heads split over TP (one head each at least), for a TP that
// divides the attention heads. In the scenario's KV dtype, or one the sentence names ("FP8 KV": half of BF16). Only a
// figure written exactly (no hedge, four digits or a binary unit) of a model whose layers all keep the whole context.
// The explanation when none holds it; "" when some layout does.
std::string kv_no_layout(const Claim& c, const ModelSpec& m) {
  if (c.kind != ClaimKind::kKvPerToken || c.reading.owner != Owner::kGpu || c.scope == Scope::kPerMoeLayer ||
      c.reading.per_layer || c.approximate || c.value_hi != c.value || c.value <= 0 ||
      (significant_digits(c) < 4 && c.unit_text.find('i') == std::string::npos))
    return "";
  const KvCacheFacts kv = kv_cache_facts(m);
  if (kv.sliding_layers > 0 || kv.bytes_per_token_per_layer <= 0 || m.num_heads <= 0) return "";
  std::vector<double> scales{1.0};
  static const ScaleMap& dtypes = lexicon().scales("dtypes");
  const double own = kv_bytes_per_element(m.kv_cache_dtype);
  for (const std::string& w : normalized_words(c.text))
    if (const auto* b = dtypes.find(w); b != nullptr && own > 0) scales.push_back(b->second / own);
  std::set<double> per_layer;
  for (int tp : divisors(static_cast<int>(std::min<int64_t>(m.num_heads, 1 << 20))))
    for (double k : scales) per_layer.insert(kv_bytes_per_token_per_layer_per_gpu(m, tp) * k);
  for (double v : per_layer) {
    const double layers = c.value / v;
    const double n = std::round(layers);
    if (n >= 1 && n <= static_cast<double>(m.num_layers) && std::fabs(layers - n) <= 0.002 * n) return "";
  }
  return fmt::format("no layout of the model holds {} B of KV per token on one GPU: a GPU holds a whole number of "
                     "layers, each {} B per token on one GPU{}", fmt_int(c.value), fmt_int(kv_bytes_per_token_per_layer_per_gpu(m, 1)),
                     m.kv_lora_rank > 0 ? " (the MLA latent is whole on every TP rank)"
                                        : fmt::format(" at TP 1, down to one of its {} KV heads at higher TP", m.num_kv_heads));
}

// An EP that splits no layer's experts evenly, or a TP no attention heads: no layout at all, asked about, ruled out
// or claimed.
bool degree_splits_nothing(const Claim& c, const Scenario& sc) {
  return (c.kind == ClaimKind::kEp && ep_splits_no_whole(c.value, sc.model, sc.placement.redundant_experts)) ||
         (c.kind == ClaimKind::kTp && tp_splits_no_whole(c.value, sc.model));
}

// Whether the sentence a figure stands in ends in a question mark: the text after the figure up to the first '.',
// '!' or '?' of the line ends in '?'.
bool ends_in_question(std::string_view line, size_t from) {
  for (size_t i = std::min(from, line.size()); i < line.size(); ++i) {
    if (line[i] == '?') return true;
    if ((line[i] == '.' || line[i] == '!') && (i + 1 == line.size() || line[i + 1] == ' ')) return false;
  }
  return false;
}

// The whole model's weights: the served model's bytes; a figure between them and the checkpoint's
// (with its MTP module) is right under one reading and not the other, so ambiguous.
void check_model_bytes(Finding& f, const Claim& c, double model_bytes, double checkpoint, const std::string& why) {
  check_count(f, c, model_bytes, why);
  if (f.verdict == Verdict::kCorrect || checkpoint <= model_bytes) return;
  if (covers(c, checkpoint) || (c.value > model_bytes && c.value_hi < checkpoint)) {
    f.verdict = Verdict::kAmbiguous;
    f.explanation = fmt::format("{}; the checkpoint, with the MTP module it ships (and its own embedding and head "
                                "copies), holds {}: the figure is between the two", why, fmt_gb(checkpoint));
  }
}

// Performance: against the prediction (tolerance band) and the bound.
void check_performance(Finding& f, const Claim& c, const Context& x, double predicted, double bound, bool higher_is_better,
                       const std::string& what, const std::string& unit_desc) {
  f.expected = predicted;
  const std::string bound_text = in_written_unit(c, bound) + (c.unit_text.empty() ? "" : " " + c.unit_text);
  f.expected_text = fmt::format("{} (speed-of-light bound {})", unit_desc, bound_text);
  const double t = x.options->tolerance;
  // A figure stated as the bound itself ("speed-of-light bound 9.5 ms").
  if (f.text.find("bound") != std::string::npos && close(c.value, bound, exact_tolerance(c))) {
    f.verdict = Verdict::kCorrect;
    f.expected = bound;
    f.explanation = "the speed-of-light bound: peak FLOP/s, HBM and link bandwidth, perfect overlap";
    return;
  }
  const Bound b = performance_bound(c, x);
  if (beats(c, b.value)) {
    set_beyond_bound(f, c, b);
    f.replacement = in_written_unit(c, predicted);
    return;
  }
  const std::string basis =
      fmt::format("moeplan predicts {} for this strategy at {} requests in flight ({} cost model; speed-of-light bound "
                  "there {}); no operating point beats {} ({})",
                  what, x.plan->performance.concurrency, x.plan->cost_model, bound_text,
                  in_written_unit(c, b.value) + (c.unit_text.empty() ? "" : " " + c.unit_text), b.why);
  if (close(c.value, predicted, t)) {
    f.verdict = Verdict::kCorrect;
    f.explanation = fmt::format("within ±{:.0f}% of the prediction: {}", t * 100, basis);
    return;
  }
  // The prediction's own cross-validated error band (model/error_band.h):
  // what engines measured on the published cases, relative to what moeplan
  // predicted for them. Throughput scales with the ratio, latency with its
  // inverse.
  const ErrorBand band = higher_is_better ? error_band(predicted, bound) : latency_error_band(predicted, bound);
  const double lo = band.low, hi = band.high;
  const double stated_lo = c.value, stated_hi = c.value_hi > c.value ? c.value_hi : c.value;
  const double rounding = exact_tolerance(c);  // the figure is written rounded
  if (stated_lo >= lo * (1 - rounding) && stated_hi <= hi * (1 + rounding)) {
    f.verdict = Verdict::kCorrect;
    f.explanation = fmt::format("within the prediction's cross-validated error band ({} to {}): {}", in_written_unit(c, lo),
                                in_written_unit(c, hi), basis);
    return;
  }
  f.verdict = Verdict::kUnsupported;
  f.error_factor = predicted != 0 ? c.value / predicted : 0;
  f.explanation = fmt::format("outside ±{:.0f}% of the prediction and its cross-validated error band: {}", t * 100, basis);
  f.replacement = in_written_unit(c, predicted);
}

bool is_degree(ClaimKind k);

// Whether a label names two degrees multiplied with no number between them: "TP*PP*DP", "EP × ETP".
bool labels_degree_product(std::string_view label) {
  static const char* const kNames[] = {"tp", "pp", "dp", "ep", "etp"};
  std::string low(label);
  for (char& ch : low) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto name_at = [&](size_t i) -> size_t {  // length of a degree name starting at i, 0 if none
    if (i > 0 && std::isalnum(static_cast<unsigned char>(low[i - 1]))) return 0;
    for (const char* n : kNames) {
      const size_t len = std::strlen(n);
      if (low.compare(i, len, n) == 0 && (i + len == low.size() || !std::isalnum(static_cast<unsigned char>(low[i + len]))))
        return len;
    }
    return 0;
  };
  for (size_t i = 0; i < low.size(); ++i) {
    const size_t len = name_at(i);
    if (len == 0) continue;
    size_t j = i + len;
    while (j < low.size() && low[j] == ' ') ++j;
    size_t k = j;
    if (k < low.size() && (low[k] == '*' || low[k] == 'x')) ++k;
    else if (low.compare(k, 2, "\xc3\x97") == 0) k += 2;  // ×
    else continue;
    while (k < low.size() && low[k] == ' ') ++k;
    if (k < low.size() && name_at(k) > 0) return true;
  }
  return false;
}

// A node's experts ("each node of eight GPUs holds 64 experts per MoE layer,
// 3,712 in total"): its GPUs' expert slots added up, per MoE layer and over
// the MoE layers. Only where a node's GPUs hold whole experts of the same
// layers (ETP 1, one pipeline stage); otherwise not understood.
void node_experts(Finding& f, const Claim& c, const Plan& p) {
  const ExpertDistribution& e = p.experts;
  const Strategy& s = p.strategy;
  if (s.etp != 1 || s.pp != 1 || e.per_gpu_per_moe_layer <= 0) {
    f.verdict = Verdict::kNotUnderstood;
    f.explanation = "a node's experts, where the node's GPUs hold expert shards or different stages";
    return;
  }
  const int node_gpus = std::min(p.scenario->cluster.gpus_per_node, s.gpus_per_instance());
  const double per_layer = static_cast<double>(node_gpus) * e.per_gpu_per_moe_layer;
  const double total = per_layer * e.moe_layers_total;
  const std::string why = fmt::format("{} GPUs of a node × {} per GPU in each MoE layer = {:g} per MoE layer; × {} MoE "
                                      "layers = {:g} in total",
                                      node_gpus, e.per_gpu_per_moe_layer, per_layer, e.moe_layers_total, total);
  f.expected_text = fmt::format("{:g} per MoE layer ({:g} in total)", per_layer, total);
  const bool layer_ok = covers(c, per_layer), total_ok = covers(c, total);
  const bool per_layer_said = c.scope == Scope::kPerMoeLayer || c.kind == ClaimKind::kExpertsPerLayer;
  const bool total_said = c.scope == Scope::kTotal || c.kind == ClaimKind::kExpertsTotal;
  f.expected = total_said ? total : per_layer;
  if ((per_layer_said && layer_ok) || (total_said && total_ok) || (!per_layer_said && !total_said && layer_ok && total_ok)) {
    f.verdict = Verdict::kCorrect;
    f.explanation = why;
  } else if (!per_layer_said && !total_said && (layer_ok || total_ok)) {
    f.verdict = Verdict::kAmbiguous;
    f.expected = layer_ok ? per_layer : total;
    f.explanation = why + (layer_ok ? "; true per MoE layer, not in total" : "; true in total, not per MoE layer");
    f.qualifier = layer_ok ? " per MoE layer" : " in total";
  } else {
    set_wrong(f, c, f.expected.value(), why);
  }
}

// A count of GPUs written in [begin, end) of a lower-cased line, other than the claim's own number: "across the
// 32 GPUs", "2 GPUs:", "pour les 4 GPU", "4-GPU". 0 when there is none or more than one.
int gpus_named_in(std::string_view line, size_t begin, size_t end, const Claim& c) {
  int found = 0;
  for (size_t at = line.find("gpu", begin); at != std::string_view::npos && at + 3 <= end; at = line.find("gpu", at + 3)) {
    size_t k = at;
    while (k > begin && (line[k - 1] == ' ' || line[k - 1] == '-')) --k;
    if (k >= begin + 4 && line.substr(k - 4, 4) == "the ") k -= 4;
    while (k > begin && line[k - 1] == ' ') --k;
    size_t d = k;
    while (d > begin && std::isdigit(static_cast<unsigned char>(line[d - 1]))) --d;
    if (d == k || (d < c.col_end && k > c.col_begin)) continue;  // no count, or the claim's own number
    if (d > begin && (line[d - 1] == '.' || line[d - 1] == ',')) continue;  // a decimal, not a count
    if (k - d > 6) continue;  // no count of GPUs has more digits
    const int n = std::stoi(std::string(line.substr(d, k - d)));
    if (found != 0 && found != n) return 0;
    found = n;
  }
  return found;
}

// A finding about claim `c` as `quantity`, with the claim's line, text, stated value and reading; the verdict is
// the caller's.
Finding finding_for(const Claim& c, std::string quantity) {
  Finding f;
  f.node = c.node;
  f.line = c.line;
  f.text = c.text;
  f.quantity = std::move(quantity);
  f.stated = c.value;
  f.stated_hi = c.value_hi;
  f.stated_text = stated_text(c);
  f.col_begin = c.col_begin;
  f.col_end = c.col_end;
  f.reading = reading_text(c.reading);
  return f;
}

// A GPU's peak compute rate at a precision ("dense BF16 peak is 1,979 TFLOP/s per GPU", "nearly 4 petaflops of
// FP4 per GPU"), against the preset `g` of the GPU the figure is about (the deployment's, or the one its clause or
// table column names): the sparse figure (twice the dense one) or another precision's figure is wrong, a precision
// the GPU has no tensor cores for is wrong, the dense figure is right; anything else is not read (a measured rate).
// The precision is the one named right after the unit, else the last one named before the number in its clause,
// else in its table row's label (`row_label`: "| Dense FP8 per GPU | 3,958 TFLOP/s |"). A node's or the cluster's
// figure ("per node that is 79 PFLOP/s of dense BF16") is that many GPUs' peaks: wrong only where it is no whole
// number of GPUs, up to the node's or the deployment's, at any precision's dense or sparse rate.
std::optional<Finding> peak_flops(const Claim& c, const Context& x, std::string_view line, std::string_view clause,
                                  const GpuSpec& g, std::string_view row_label) {
  const Scenario* sc = x.scenario;
  // A custom GPU may give only some of its rates: only a preset's missing rate means no such tensor cores.
  if (!sc || !gpu_is_a_preset(*sc) || c.value <= 0) return std::nullopt;
  std::string unit(c.unit_text);
  for (char& ch : unit) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (unit.find("flop") == std::string::npos) return std::nullopt;
  // A rate, not an amount of work: "TFLOP/s", "TFLOPS", "petaflops".
  const size_t unit_at = line.find(c.unit_text, std::min(c.col_begin, line.size()));
  const std::string_view after =
      line.substr(unit_at == std::string_view::npos ? line.size() : unit_at + c.unit_text.size());
  if (!unit.ends_with("s") && !after.starts_with("/s") && !after.starts_with("/ s")) return std::nullopt;
  const double scale = unit.starts_with("e") ? 1e18 : unit.starts_with("p") ? 1e15 : unit.starts_with("t") ? 1e12
                     : unit.starts_with("g") ? 1e9 : 1;
  const double v = c.value * scale;
  // "with sparsity" in the figure's clause or right after it: the doubled figure.
  std::string own_words = std::string(clause) + std::string(after.substr(0, std::min<size_t>(after.size(), 32)));
  for (char& ch : own_words) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (own_words.find("spars") != std::string::npos) return std::nullopt;
  // The precision: the last named in the clause before the number, else the first in the few words after it.
  struct Precision {
    std::string_view word, name;
  };
  static constexpr Precision kPrecisions[] = {{"bf16", "BF16"}, {"fp16", "BF16"}, {"bfloat16", "BF16"},
                                             {"float16", "BF16"}, {"fp8", "FP8"}, {"e4m3", "FP8"},
                                             {"mxfp4", "FP4"}, {"nvfp4", "FP4"}, {"fp4", "FP4"}};
  auto precision_in = [&](std::string_view text, bool last) -> std::string_view {
    std::string low(text);
    for (char& ch : low) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    size_t best = std::string::npos;
    std::string_view found;
    for (const Precision& p : kPrecisions)
      for (size_t at = low.find(p.word); at != std::string::npos; at = low.find(p.word, at + 1)) {
        const bool starts = at == 0 || !std::isalnum(static_cast<unsigned char>(low[at - 1])) || p.word == "fp4";
        const size_t end = at + p.word.size();
        if (!starts || (end < low.size() && std::isalnum(static_cast<unsigned char>(low[end])))) continue;
        if (best == std::string::npos || (last ? at > best : at < best)) {
          best = at;
          found = p.name;
        }
      }
    return found;
  };
  // Right after the unit first ("989 TFLOP/s BF16, 1979 TFLOP/s FP8"), up to the next comma, parenthesis or number.
  size_t own = 0;
  while (own < after.size() && own < 24 && std::strchr(",;(|", after[own]) == nullptr &&
         !(std::isdigit(static_cast<unsigned char>(after[own])) && (own == 0 || after[own - 1] == ' ')))
    ++own;
  std::string_view precision = precision_in(after.substr(0, own), false);
  if (precision.empty()) precision = precision_in(clause, true);
  if (precision.empty()) precision = precision_in(row_label, true);
  if (precision.empty()) return std::nullopt;
  const std::pair<std::string_view, double> rates[] = {
      {"BF16", g.bf16_flops_per_s}, {"FP8", g.fp8_flops_per_s}, {"FP4", g.fp4_flops_per_s}};
  double rate = 0;
  for (const auto& [name, r] : rates)
    if (name == precision) rate = r;
  Finding f = finding_for(c, "compute_peak");
  const double tolerance = c.approximate ? exact_tolerance(c) : 0.02;
  const std::string dense = fmt::format("the {}'s dense {} peak is {:g} TFLOP/s ({} preset)", g.display_name, precision,
                                        rate / 1e12, g.name);
  if (c.reading.owner == Owner::kNode || c.reading.owner == Owner::kCluster) {
    const int gpus = c.reading.owner == Owner::kNode ? std::min(sc->cluster.gpus_per_node, sc->cluster.gpus)
                                                      : sc->cluster.gpus;
    if (rate <= 0 || gpus < 2) return std::nullopt;
    const double whole = gpus * rate;
    const std::string aggregate = fmt::format("{} GPUs at {}: {:g} PFLOP/s", gpus, dense, whole / 1e15);
    if (close(v, whole, tolerance)) {
      f.verdict = Verdict::kCorrect;
      f.expected = whole;
      f.explanation = aggregate;
      return f;
    }
    // A whole number of GPUs at any precision's dense or sparse peak may be what is meant: not sure, not read.
    for (const auto& [name, r] : rates)
      for (const double factor : {1.0, 2.0})
        if (r > 0)
          for (int n = 1; n <= gpus; ++n)
            if (close(v, n * r * factor, 0.02)) return std::nullopt;
    set_wrong(f, c, whole * (c.value / v),
              aggregate + "; the figure is no whole number of GPUs at any of its dense or sparse peaks");
    f.expected = whole;
    return f;
  }
  if (rate <= 0) {
    f.verdict = Verdict::kWrong;
    f.explanation = fmt::format("the {} has no {} tensor cores ({} preset: no {} rate)", g.display_name, precision, g.name,
                                precision);
    return f;
  }
  if (close(v, rate, tolerance)) {
    f.verdict = Verdict::kCorrect;
    f.expected = rate;
    f.explanation = dense;
    return f;
  }
  if (close(v, 2 * rate, 0.02)) {
    set_wrong(f, c, rate * (c.value / v), dense + "; twice that is the sparse figure");
    f.expected = rate;
    return f;
  }
  for (const auto& [name, r] : rates)
    if (name != precision && r > 0 && close(v, r, 0.02)) {
      set_wrong(f, c, rate * (c.value / v), fmt::format("{}; {:g} TFLOP/s is its {} peak", dense, r / 1e12, name));
      f.expected = rate;
      return f;
    }
  return std::nullopt;
}

// A bytes figure that is a memory fraction times one GPU's memory ("0.9 x 80 = 72 GB", "0.85 x 85.52 GB = 72.7 GB"):
// what vLLM or SGLang may use of the GPU. They apply their fraction (--gpu-memory-utilization, --mem-fraction-static)
// to the memory the driver reports, not to the marketed figure; TensorRT-LLM applies its free_gpu_memory_fraction to
// what is free after the weights, which this does not judge. The fraction is the sentence's own.
// `g` is the GPU whose memory the formula's whole is (its driver-reported or marketed figure); the usable share does
// not depend on the layout, so any section's figure is judged.
std::optional<Finding> fraction_of_capacity(const Claim& c, const Context& x, const GpuSpec& g) {
  const Scenario* sc = x.scenario;
  if (!sc || !c.arithmetic || c.arithmetic->operands != 2 || c.unit_text.empty() || c.unit_text.back() != 'B' ||
      c.unit_text == "B" || c.unit_scale < 1e6 ||
      (sc->runtime.engine != Engine::kVllm && sc->runtime.engine != Engine::kSglang))
    return std::nullopt;
  // The two numbers of the formula, as written.
  std::vector<double> numbers;
  const std::string& t = c.arithmetic->text;
  for (size_t i = 0; i < t.size();) {
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) {
      ++i;
      continue;
    }
    size_t e = i;
    while (e < t.size() && (std::isdigit(static_cast<unsigned char>(t[e])) || t[e] == '.')) ++e;
    numbers.push_back(std::strtod(t.substr(i, e - i).c_str(), nullptr));
    i = e;
  }
  if (numbers.size() != 2 || (t.find_first_of("x*\xC3") == std::string::npos && t.find(" of ") == std::string::npos))
    return std::nullopt;
  const double fraction = numbers[0] < 1 ? numbers[0] : numbers[1];
  const double whole = (numbers[0] < 1 ? numbers[1] : numbers[0]) * c.unit_scale;  // in the result's unit
  if (!(fraction >= 0.5 && fraction < 1)) return std::nullopt;
  const bool marketed = g.marketing_memory_bytes > 0 && close(whole, g.marketing_memory_bytes, 0.01);
  if (!marketed && !close(whole, g.memory_bytes, 0.01)) return std::nullopt;
  Finding f = finding_for(c, "gpu_memory_capacity (usable)");
  const double usable = fraction * g.memory_bytes;
  f.expected = usable;
  f.expected_text = fmt_gb(usable) + " usable";
  const std::string why =
      fmt::format("the engine applies {:g} to the {} the driver reports{}: {}{}", fraction, fmt_gb(g.memory_bytes),
                  g.name == sc->cluster.gpu.name ? "" : " for the " + g.display_name, fmt_gb(usable),
                  marketed ? fmt::format(" (not to the marketed {})", fmt_gb(g.marketing_memory_bytes, 0)) : "");
  if (covers(c, usable)) {
    f.verdict = Verdict::kCorrect;
    f.explanation = why;
  } else {
    set_wrong(f, c, usable, why);
    // --fix: the formula too, on the driver's figure ("(0.9 × 80 GB)" -> "(0.9 × 85.9 GB)").
    f.formula_begin = c.arithmetic->col_begin;
    f.formula_end = c.arithmetic->col_end;
    f.formula_replacement = fmt::format("{:g} × {:.3g} {}", fraction, g.memory_bytes / c.unit_scale, c.unit_text);
  }
  return f;
}

// The instance count written before a TP ("4 x TP2", "2 × TP 4", "2x TP=4"): N when the TP after the sign is `tp`
// (any TP when `tp` is 0), 0 when the text writes none. Counts of 2 to 64.
// Whether a GPU-memory figure's clause says the driver reports it ("as nvidia-smi reports", "the driver shows";
// lexicon sets.capacity_sources): then it is the driver's figure, never the marketed one.
bool said_by_driver(const Claim& c, const Context& x) {
  if (x.doc == nullptr) return false;
  static const WordSet& sources = lexicon().set("capacity_sources");
  // A table row's label says it for every cell ("| HBM, as nvidia-smi reports | 1,440 GB | 3,076 GB |").
  const std::string text = x.doc->kind_of(c.line) == LineKind::kTableRow ? std::string(x.doc->line(c.line))
                                                                          : clause_of(*x.doc, c.line, c.col_begin);
  for (const std::string& w : normalized_words(text))
    if (sources.count(w) > 0) return true;
  return false;
}

// "the old Qwen2.5-72B checkpoint", "the Llama-3.3-70B checkpoint": a word that names a model by its size in
// billions (letters, then digits, ending in a count and "B"; six bytes or more once compacted) and does not hold the
// deployment's own model's name up to its size ("qwen3235b" of qwen3-235b-a22b); "" when the text has none.
std::string sized_model_name(std::string_view text, std::string_view own_model) {
  auto compact = [](std::string_view t) {
    std::string out;
    for (char ch : t)
      if (std::isalnum(static_cast<unsigned char>(ch))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
  };
  std::string own = compact(own_model);
  for (size_t k = 1; k < own.size(); ++k)
    if (own[k] == 'b' && std::isdigit(static_cast<unsigned char>(own[k - 1]))) {
      own.resize(k + 1);
      break;
    }
  size_t b = 0;
  while (b < text.size()) {
    while (b < text.size() && (text[b] == ' ' || text[b] == '(' || text[b] == ',' || text[b] == '"' || text[b] == '`')) ++b;
    size_t e = b;
    while (e < text.size() && text[e] != ' ' && text[e] != '(' && text[e] != ',' && text[e] != '"' && text[e] != '`') ++e;
    const std::string w = compact(text.substr(b, e - b));
    b = e;
    const size_t letter = w.find_first_of("abcdefghijklmnopqrstuvwxyz"), digit = w.find_first_of("0123456789");
    if (w.size() >= 6 && w.back() == 'b' && std::isdigit(static_cast<unsigned char>(w[w.size() - 2])) && letter == 0 &&
        digit != std::string::npos && w.find(own) == std::string::npos)
      return w;
  }
  return "";
}

int instances_of_tp(std::string_view text, int tp) {
  auto lower = [](char ch) { return static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch); };
  auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
  for (size_t at = 0; at + 1 < text.size(); ++at) {
    if (lower(text[at]) != 't' || lower(text[at + 1]) != 'p' || (at > 0 && std::isalnum(static_cast<unsigned char>(text[at - 1]))))
      continue;
    // The TP's value.
    size_t v = at + 2;
    while (v < text.size() && (text[v] == ' ' || text[v] == '=')) ++v;
    size_t ve = v;
    while (ve < text.size() && digit(text[ve])) ++ve;
    if (ve == v || ve - v > 3 || (tp > 0 && std::stoi(std::string(text.substr(v, ve - v))) != tp)) continue;
    // The sign and the count before it.
    size_t b = at;
    while (b > 0 && text[b - 1] == ' ') --b;
    if (b >= 2 && text.substr(b - 2, 2) == "\xC3\x97") b -= 2;        // ×
    else if (b >= 1 && (text[b - 1] == 'x' || text[b - 1] == '*')) b -= 1;
    else continue;
    while (b > 0 && text[b - 1] == ' ') --b;
    size_t nb = b;
    while (nb > 0 && digit(text[nb - 1])) --nb;
    if (nb == b || b - nb > 2 || (nb > 0 && (std::isalnum(static_cast<unsigned char>(text[nb - 1])) || text[nb - 1] == '.')))
      continue;
    const int n = std::stoi(std::string(text.substr(nb, b - nb)));
    if (n >= 2 && n <= 64) return n;
  }
  // "8 TP1 instances", "Four TP 2 instances", "4 instances TP 4", "two replicas of TP 4": a count of engine instances
  // (or replicas) with a TP beside it.
  static const NormalizedWordFilter filter({"instance", "replica"});
  if (!filter.may_hold(text)) return 0;
  const std::vector<std::string> words = counted_words(text);
  auto count_of = [](std::string_view w) -> int {
    static const std::array<std::string_view, 17> names = {"", "one", "two", "three", "four", "five", "six", "seven",
                                                           "eight", "nine", "ten", "eleven", "twelve", "thirteen",
                                                           "fourteen", "fifteen", "sixteen"};
    for (size_t k = 2; k < names.size(); ++k)
      if (w == names[k]) return static_cast<int>(k);
    if (w.empty() || w.size() > 2 || !std::all_of(w.begin(), w.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      return 0;
    return std::stoi(std::string(w));
  };
  for (size_t k = 0; k < words.size(); ++k) {
    if (words[k] != "instance" && words[k] != "replica") continue;
    // The TP: "tp" and its value within four words either side.
    int tp_value = 0;
    const size_t lo = k >= 4 ? k - 4 : 0, hi = std::min(words.size(), k + 5);
    for (size_t j = lo; j + 1 < hi && tp_value == 0; ++j)
      if (words[j] == "tp") tp_value = count_of(words[j + 1]);
    if (tp_value == 0 || (tp > 0 && tp_value != tp)) continue;
    // The count: the nearest number before the noun that is not the TP's value.
    for (size_t j = k; j-- > lo;) {
      if (j > 0 && words[j - 1] == "tp") continue;
      if (const int n = count_of(words[j]); n >= 2 && n <= 64) return n;
    }
  }
  return 0;
}

// "KV budget per GPU: 45 GB", "about 40 GB is left for the KV cache": one GPU's KV pool. It is what the engine may use
// less the weights, activations and runtime reserve (model/memory.h, per stage). Wrong only when it is more than could
// be left with no activations and no reserve at all (or the stage does not fit), impossible beside the weights past the
// GPU's memory; near the Plan's budget, right; below it, a smaller pool than the scenario's memory settings give (a
// lower fraction, a larger reserve), which the sentence does not bind: not understood.
// How check_kv_pool says a pool below the budget is not understood (pool_no_layout_leaves looks for it).
constexpr std::string_view kPoolBelowBudget = "below that, holds with";

// A layout without a Plan (or stages) has no KV budget: the figure is unverifiable (said in `f`).
bool no_kv_budget(Finding& f, const Plan* p) {
  if (p && !p->memory.stages.empty()) return false;
  f.verdict = Verdict::kUnverifiable;
  f.explanation = "no plan for this layout: its KV budget is not computed";
  return true;
}

void check_kv_pool(Finding& f, const Claim& c, const Context& x) {
  f.quantity = "kv_budget";
  const Plan* p = x.plan;
  if (no_kv_budget(f, p)) return;
  if (c.reading.owner != Owner::kUnsaid && c.reading.owner != Owner::kGpu) {
    f.verdict = Verdict::kNotUnderstood;
    f.explanation = "a KV pool of " + to_string(c.reading.owner) + ": how many GPUs' pools it adds up is not read";
    return;
  }
  // "The H200 reports 150.75 GB ...; the KV pool is 28.3 GB per GPU" in a section on another GPU than the plan's:
  // that GPU's pool.
  if (x.doc && x.scenario) {
    std::string around = x.doc->node_path(c.line) + " " + std::string(x.doc->line(c.line));
    if (c.line > 1 && x.doc->kind_of(c.line - 1) != LineKind::kBlank) around += " " + std::string(x.doc->line(c.line - 1));
    if (const std::string other = other_gpu_in(around, *x.scenario); !other.empty()) {
      f.verdict = Verdict::kNotUnderstood;
      f.explanation = "its sentence or section names the " + other + ": a KV pool on that GPU, not on this plan's";
      return;
    }
  }
  const MemoryReport& mem = p->memory;
  double lo = 1e300, hi = -1e300, most = -1e300, weights_min = 1e300, usable = 0;
  for (const StageMemory& g : mem.stages) {
    lo = std::min(lo, g.kv_budget_bytes);
    hi = std::max(hi, g.kv_budget_bytes);
    if (g.kv_budget_bytes + g.activation_bytes + g.runtime_reserve_bytes > most) {
      most = g.kv_budget_bytes + g.activation_bytes + g.runtime_reserve_bytes;
      usable = g.usable_bytes;
    }
    weights_min = std::min(weights_min, g.weights_bytes);
  }
  const double capacity = mem.capacity_bytes;
  f.expected = std::max(0.0, hi);
  f.expected_text = lo == hi || lo < 0 ? fmt_gb(std::max(0.0, hi)) : fmt_gb(lo) + " to " + fmt_gb(hi);
  const double stated = c.value * (1 - rounding_tolerance(c));
  // "| KV cache pool | 37.9 GB | 303 GB | 607 GB | 65.0 GB |": columns of other layouts, GPUs or totals, which the row
  // does not name: only a figure that is this plan's budget is read.
  int numeric_cells = 0;
  if (x.doc && x.doc->kind_of(c.line) == LineKind::kTableRow)
    for (std::string_view row = x.doc->line(c.line); !row.empty();) {
      const size_t bar = row.find('|');
      const std::string_view cell = row.substr(0, bar);
      numeric_cells += cell.find_first_of("0123456789") != std::string_view::npos ? 1 : 0;
      row = bar == std::string_view::npos ? std::string_view() : row.substr(bar + 1);
    }
  const bool other_columns = numeric_cells >= 2;
  const std::string budget =
      fmt::format("the engine may use {}; weights {}, activations and runtime reserve leave {} for the KV cache",
                  fmt_gb(usable), fmt_gb(weights_min), hi < 0 ? "nothing" : f.expected_text);
  if (other_columns && !covers(c, hi) && !covers(c, lo)) {
    f.verdict = Verdict::kNotUnderstood;
    f.explanation = budget + "; a row of several figures whose columns are not read as this layout's";
    return;
  }
  if (stated > capacity - weights_min) {
    f.verdict = Verdict::kImpossible;
    f.explanation = fmt::format("{} of KV cache beside {} of weights is more than the GPU's {}; {}", stated_text(c),
                                fmt_gb(weights_min), fmt_gb(capacity), budget);
    f.replacement = in_written_unit(c, std::max(0.0, hi));
    return;
  }
  if (stated > most || (hi < 0 && c.value > 0)) {
    set_wrong(f, c, std::max(0.0, hi),
              hi < 0 ? "the layout does not fit: " + budget
                     : fmt::format("{}; even with no activations or reserve at most {} would be left", budget, fmt_gb(most)));
    return;
  }
  // "KV pool per GPU: 38.2 GiB" for a 38.18 GB budget: GB and GiB swapped.
  // (Not what is left before activations and reserve: "76.97 - 6.88 = 70.1 GB left for KV, activations and graphs".)
  const double written = std::fabs(c.value / (c.unit_scale > 0 ? c.unit_scale : 1));
  const double digits = written > 0 ? std::max(0.002, 0.5 * std::pow(10.0, -c.decimals) / written) : 0.002;
  // Only a figure written in GiB: a pool in GB 7% below the budget may come from the marketed capacity (80 GB for
  // the H100's 85.52), a gap near the GB/GiB ratio.
  if (c.unit_text.find('i') != std::string::npos && unit_swapped(c, std::max(0.0, lo), std::max(0.0, hi)) &&
      !close(c.value, most, digits)) {
    set_wrong(f, c, std::max(0.0, hi), budget + "; the stated figure matches if GB and GiB are swapped: GB = 1e9 bytes, "
                                                "GiB = 2^30 bytes");
    return;
  }
  if (covers(c, hi) || covers(c, lo) || (c.value <= hi && c.value_hi >= lo)) {
    f.verdict = Verdict::kCorrect;
    f.explanation = budget;
    return;
  }
  f.verdict = Verdict::kNotUnderstood;
  f.explanation = fmt::format("{}; a pool of {}, {} a lower memory fraction or a larger reserve than "
                              "the scenario's, which the sentence does not say", budget, stated_text(c), kPoolBelowBudget);
}

// A count of tokens a KV pool holds ("the KV cache holds about 660k tokens per GPU", "31M tokens of KV" for a box):
// the Plan's KV budget over the KV bytes one token takes on a GPU (every GPU of a DP rank holds a slice of the same
// tokens, so a TP group holds what one of its GPUs does; a node or the cluster holds its DP ranks' tokens). The
// budget rests on estimates (activations, reserve), so only a figure off by more than that could be is wrong: by
// over 1.8x either way (a per-layer byte count, a whole-model one, a slip of ten); near it, right; between, not read.
// `stated_budget` > 0: the sentence's own pool ("44.6 GB -> 453k tokens"), which the count must also be of.
void check_kv_tokens(Finding& f, const Claim& c, const Context& x, double stated_budget) {
  f.quantity = "kv_tokens";
  auto tokens = [](double v) { return fmt_int(std::floor(v)); };
  const Plan* p = x.plan;
  if (no_kv_budget(f, p)) return;
  double lo = 1e300, hi = 0, per_token = 0;
  bool sliding = false;
  for (const StageMemory& g : p->memory.stages) {
    lo = std::min(lo, g.kv_capacity_tokens);
    hi = std::max(hi, g.kv_capacity_tokens);
    per_token = std::max(per_token, g.kv_bytes_per_token);
    sliding = sliding || g.layers.sliding_layers > 0;
  }
  const Strategy& s = p->strategy;
  const int per_node = std::min(p->scenario->cluster.gpus_per_node, p->scenario->cluster.gpus);
  double ranks = 1;  // DP ranks whose tokens the figure counts
  std::string whose = "one GPU (every GPU of a DP rank holds a slice of the same tokens)";
  if (c.reading.owner == Owner::kCluster) {
    ranks = static_cast<double>(s.dp) * s.instances;
    whose = fmt::format("the deployment's {} DP ranks", ranks);
  } else if (c.reading.owner == Owner::kNode) {
    if (s.tp * s.pp > per_node || per_node % (s.tp * s.pp) != 0) {
      f.verdict = Verdict::kNotUnderstood;
      f.explanation = "a node's KV tokens where a DP rank does not fill whole nodes: how the ranks split is not read";
      return;
    }
    ranks = std::min<double>(static_cast<double>(per_node) / (s.tp * s.pp), static_cast<double>(s.dp) * s.instances);
    whose = fmt::format("one node's {} DP rank{}", ranks, ranks == 1 ? " (its GPUs hold slices of the same tokens)" : "s");
  } else if (c.reading.owner == Owner::kModel) {
    f.verdict = Verdict::kNotUnderstood;
    f.explanation = "KV tokens of the model: whose pool is not read";
    return;
  }
  lo *= ranks;
  hi *= ranks;
  f.expected = hi;
  f.expected_text = lo == hi ? tokens(hi) + " tokens" : tokens(lo) + " to " + tokens(hi) + " tokens";
  const std::string why = fmt::format("the KV budget over {} B of KV per token per GPU holds {} for {}",
                                      fmt_int(per_token), f.expected_text, whose);
  auto near = [&](double v) { return covers(c, v) || (c.value >= v * 0.9 && c.value <= v * 1.1); };
  const double from_stated = stated_budget > 0 && per_token > 0 ? stated_budget / per_token * ranks : 0;
  if (near(lo) || near(hi) || (c.value >= lo && c.value <= hi) || (from_stated > 0 && near(from_stated))) {
    f.verdict = Verdict::kCorrect;
    f.explanation = why + (from_stated > 0 && near(from_stated) && !near(hi) && !near(lo)
                               ? "; the sentence's own pool holds " + tokens(from_stated) : "");
    return;
  }
  const double ref = from_stated > 0 ? from_stated : hi;
  const double ratio = ref > 0 ? c.value / ref : 0;
  // A node's or the fleet's tokens that are a whole number of DP ranks' may count other ranks than this layout's
  // (another instance count, a replica plan): not sure, not read.
  bool ranks_multiple = false;
  if ((ranks > 1 || c.reading.owner == Owner::kNode || c.reading.owner == Owner::kCluster) && hi > 0) {
    // The whole numbers of ranks near the figure (the rank's tokens run from lo to hi over the stages).
    const double one_lo = lo / ranks, one_hi = hi / ranks;
    for (double n = std::max(1.0, std::floor(c.value / (one_hi * 1.1))); n <= std::ceil(c.value / (one_lo * 0.9)) &&
                                                                          n <= p->scenario->cluster.gpus && !ranks_multiple;
         ++n)
      ranks_multiple = c.value >= n * one_lo * 0.9 && c.value <= n * one_hi * 1.1;
  }
  if (sliding || ref <= 0 || ranks_multiple || (ratio > 1 / 1.8 && ratio < 1.8)) {
    f.verdict = Verdict::kNotUnderstood;
    f.explanation = why + (sliding          ? "; sliding-window layers hold fewer tokens than the context, counted per engine"
                           : ranks_multiple ? "; the figure is a whole number of DP ranks' tokens, which may be another layout's"
                                            : "; the figure is within what another memory fraction or reserve would give");
    return;
  }
  set_wrong(f, c, ref,
            from_stated > 0 ? fmt::format("the sentence's own pool of {} over {} B of KV per token per GPU holds {} "
                                          "tokens for {}", fmt_gb(stated_budget), fmt_int(per_token), tokens(from_stated), whose)
                            : why);
  if (from_stated > 0) f.expected_text = tokens(from_stated) + " tokens";
}

// The tokens a request of the clause brings, where the text after the count states them: "406 requests of 5,120
// tokens", "5 requests of 40,960 tokens"; 0 when it does not.
double stated_request_tokens(std::string_view line, size_t from) {
  const std::string_view rest = line.substr(std::min(from, line.size()), 60);
  const size_t of = rest.find(" of ");
  if (of == std::string_view::npos) return 0;
  size_t i = of + 4;
  while (i < rest.size() && (rest[i] == '~' || rest[i] == ' ')) ++i;
  std::string digits;
  while (i < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[i])) || rest[i] == ',')) {
    if (rest[i] != ',') digits += rest[i];
    ++i;
  }
  if (digits.empty() || digits.size() > 7) return 0;
  double v = std::stod(digits);
  if (i < rest.size() && (rest[i] == 'k' || rest[i] == 'K')) {
    v *= 1024;  // "32k tokens": a context written in binary thousands
    ++i;
  }
  while (i < rest.size() && rest[i] == ' ') ++i;
  return rest.substr(i).starts_with("token") ? v : 0;
}

// "The KV pool holds 406 full requests per DP rank", "1,624 for the deployment": the whole requests of the workload's
// length (or the length the clause states) that one DP rank's KV budget holds (its smallest stage's), times the ranks
// the figure counts (a node's, the deployment's). Every GPU of a DP rank holds a slice of the same requests, so a
// GPU's figure is its rank's. Right when it is that count (or follows from a pool or size the line states); wrong only
// where the GPUs' count stands for the ranks' (each GPU of a rank counted as a rank); otherwise not understood.
void check_kv_requests(Finding& f, const Claim& c, const Context& x, double stated_budget,
                       const std::vector<double>& line_sizes) {
  f.quantity = "kv_requests";
  const Plan* p = x.plan;
  if (no_kv_budget(f, p)) return;
  if (ends_in_question(c.text, c.col_end)) {
    f.verdict = Verdict::kNotUnderstood;
    f.explanation = "a count of requests in a question: asked about, not claimed";
    return;
  }
  const Workload& w = p->scenario->workload;
  const double workload_tokens = static_cast<double>(w.input_tokens) + static_cast<double>(w.output_tokens);
  const double stated = stated_request_tokens(c.text, c.col_end);
  bool sliding = false;
  for (const StageMemory& g : p->memory.stages) sliding = sliding || g.layers.sliding_layers > 0;
  const double tokens = stated > 0 ? stated : workload_tokens;
  // On a model with sliding-window layers a request's KV is counted two ways (its whole context on every layer, or
  // only the window on the windowed ones): a figure is right when it is the Plan's count, and not judged otherwise.
  if (sliding && stated > 0 && stated != workload_tokens) {
    f.verdict = Verdict::kNotUnderstood;
    f.explanation = "requests of another length on a model with sliding-window layers: what they keep of their "
                    "context is counted per engine";
    return;
  }
  double one = 1e300;  // requests one DP rank holds: its fullest stage's (or the sentence's own pool's)
  for (const StageMemory& g : p->memory.stages) {
    const double per_request = stated > 0 && stated != workload_tokens ? g.kv_bytes_per_token * tokens
                                                                       : g.kv_bytes_per_sequence;
    const double budget = stated_budget > 0 ? stated_budget : std::max(0.0, g.kv_budget_bytes);
    one = std::min(one, per_request > 0 ? std::floor(budget / per_request) : 0);
  }
  const Strategy& s = p->strategy;
  const int per_node = std::min(p->scenario->cluster.gpus_per_node, p->scenario->cluster.gpus);
  const double all_ranks = static_cast<double>(s.dp) * s.instances;
  std::vector<std::pair<double, std::string>> readings;  // (ranks counted, whose)
  const std::string rank = "one DP rank (every GPU of a rank holds a slice of the same requests)";
  // "315 requests per replica or 2,520 for the node": a rank or an instance named right after the noun binds.
  // (The words up to the next comma or sentence end.)
  std::string_view after = std::string_view(c.text).substr(std::min(c.col_end, c.text.size()));
  after = after.substr(0, std::min(after.find_first_of(",;."), static_cast<size_t>(40)));
  const std::vector<std::string> owned = normalized_words(after);
  const std::vector<std::string_view> words(owned.begin(), owned.end());
  static const PhraseList& rank_phrases = lexicon().phrases("kv_request_per_rank");
  static const PhraseList& instance_phrases = lexicon().phrases("kv_request_per_instance");
  const bool per_rank = rank_phrases.in(words);
  const bool per_instance = !per_rank && instance_phrases.in(words);
  if (per_rank || per_instance) {
    readings.emplace_back(per_rank ? 1.0 : static_cast<double>(s.dp), per_rank ? rank : "one engine instance's DP ranks");
  } else switch (c.reading.owner) {
    case Owner::kCluster: readings.emplace_back(all_ranks, fmt::format("the deployment's {:g} DP ranks", all_ranks)); break;
    case Owner::kNode:
      if (s.tp * s.pp > per_node || per_node % (s.tp * s.pp) != 0) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = "a node's requests where a DP rank does not fill whole nodes: how the ranks split is not read";
        return;
      }
      readings.emplace_back(std::min<double>(static_cast<double>(per_node) / (s.tp * s.pp), all_ranks), "one node's DP ranks");
      break;
    case Owner::kGpu: case Owner::kStage: readings.emplace_back(1, rank); break;
    case Owner::kModel:
      f.verdict = Verdict::kNotUnderstood;
      f.explanation = "requests of the model: whose KV pool is not read";
      return;
    default:
      readings.emplace_back(1, rank);
      if (all_ranks > 1) readings.emplace_back(all_ranks, fmt::format("the deployment's {:g} DP ranks", all_ranks));
  }
  const std::string length = fmt::format("{} tokens{}{}", fmt_int(tokens), stated > 0 ? " (as the sentence says)" : "",
                                         stated_budget > 0 ? " in the sentence's own pool of " + fmt_gb(stated_budget) : "");
  auto near = [&](double v) { return covers(c, v) || (c.value >= v * 0.9 && c.value <= v * 1.1); };
  for (const auto& [ranks, whose] : readings)
    if (near(one * ranks)) {
      f.verdict = Verdict::kCorrect;
      f.expected = one * ranks;
      f.explanation = fmt::format("the KV budget holds {} requests of {} for {}", fmt_int(one * ranks), length, whose);
      return;
    }
  if (sliding) {
    f.verdict = Verdict::kNotUnderstood;
    f.expected.reset();
    f.explanation = fmt::format("the KV budget holds {} requests of {} for {}, counting only the window of the "
                                "sliding-window layers; counted over the whole context on every layer they are fewer: "
                                "which count the figure makes is not read",
                                fmt_int(one * readings.front().first), length, readings.front().second);
    return;
  }
  // "leaves ~4.7 GB per GPU for KV, about 45 requests of 1,800 tokens": a count that one GPU's share of a size the
  // line states holds follows from that size, which is judged on its own.
  for (const double size : line_sizes) {
    double per_request = 0;
    for (const StageMemory& g : p->memory.stages)
      per_request = std::max(per_request, stated > 0 && stated != workload_tokens ? g.kv_bytes_per_token * tokens
                                                                                  : g.kv_bytes_per_sequence);
    if (per_request > 0 && near(std::floor(size / per_request))) {
      f.verdict = Verdict::kCorrect;
      f.expected = std::floor(size / per_request);
      f.explanation = fmt::format("{} over {} of KV per request on one GPU holds {} requests: the count follows from "
                                  "the size the line states", fmt_gb(size), fmt_gb(per_request),
                                  fmt_int(std::floor(size / per_request)));
      return;
    }
  }
  const double ref = one * readings.front().first;
  f.expected = ref;
  f.expected_text = fmt_int(ref) + " requests";
  const std::string why = fmt::format("the KV budget holds {} requests of {} for {}", fmt_int(ref), length,
                                      readings.front().second);
  // A whole number of ranks' requests: another layout's or another instance count's, unless it is the GPUs' count
  // of a layout whose ranks span several GPUs.
  const double gpus = static_cast<double>(p->scenario->cluster.gpus);
  bool other_ranks = false;
  for (double n = 1; n <= gpus && one > 0 && !other_ranks; ++n)
    other_ranks = n != readings.front().first && !(n == gpus && s.tp * s.pp > 1) && near(n * one);
  // Counting each GPU of a rank as a rank: the per-GPU figure times the GPUs, a slip of its own, sure.
  const bool gpus_slip = ref > 0 && s.tp * s.pp > 1 && readings.front().first != gpus && near(gpus * one);
  // Any other figure is not judged wrong: a document's request counts often belong to a layout, a pool or a request
  // length its paragraph names and check does not read (on the development sets no other mechanism was sure).
  if (!gpus_slip) {
    f.verdict = Verdict::kNotUnderstood;
    f.explanation = why + (other_ranks ? "; the figure is a whole number of DP ranks' requests, which may be another "
                                         "layout's"
                                       : "; the figure may count the requests of another layout, pool or request "
                                         "length, which the sentence does not bind");
    return;
  }
  set_wrong(f, c, ref, why + (gpus_slip ? fmt::format("; {:g} GPUs x {} counts each GPU of a DP rank as a rank of its "
                                                      "own", gpus, fmt_int(one))
                                        : ""));
}

// One GPU's KV bytes per token under a TP its line states, whatever else the layout is: KV heads split over TP (one
// each, replicated, past the KV heads), an MLA latent on every TP rank, all the model's layers (no pipeline stages).
// "KV per token per GPU at TP 4 is still 28,672 B" (57,344 at TP 4), "8,784 B (70,272 / TP 8)" (MLA: 70,272).
void check_kv_at_tp(Finding& f, const Claim& c, const ModelSpec& m, int tp) {
  const double per_gpu = kv_bytes_per_token_per_layer_per_gpu(m, tp) * static_cast<double>(m.num_layers);
  const double whole = kv_cache_facts(m).bytes_per_token;
  f.expected = per_gpu;
  f.expected_text = fmt::format("{} B per token per GPU at TP {}", fmt_int(per_gpu), tp);
  const std::string why = fmt::format(
      "at TP {} one GPU holds {} B of KV per token over the model's {} layers ({}; the model's is {} B)", tp,
      fmt_int(per_gpu), m.num_layers,
      m.attention == AttentionKind::kMla ? "the MLA latent is not split over TP"
                                         : fmt::format("{} KV heads over TP {}", m.num_kv_heads, tp),
      fmt_int(whole));
  if (covers(c, per_gpu)) {
    f.verdict = Verdict::kCorrect;
    f.explanation = why;
    return;
  }
  set_wrong(f, c, per_gpu, why);
}

// Whether a line says its layout spreads no experts by EP ("without expert parallelism", "experts TP-sharded").
bool says_no_expert_parallel(std::string_view line) {
  static const PhraseList& no_ep = lexicon().phrases("no_expert_parallel");
  const std::vector<std::string> words = normalized_words(line);
  const std::vector<std::string_view> views(words.begin(), words.end());
  return no_ep.in(views);
}

// Whether a claim is one GPU's KV bytes per token over its layers (not per layer): what the TP alone decides.
bool gpu_kv_per_token(const Claim& c) {
  return c.kind == ClaimKind::kKvPerToken && c.reading.owner == Owner::kGpu && c.reading.unclear.empty() &&
         c.scope != Scope::kPerMoeLayer && !c.reading.per_layer;
}

// Whether a line says its figure is unchanged by the layout it names ("is still", "stays at", "remains").
bool carries_over(std::string_view line) {
  static const WordSet& words = lexicon().set("carry_over");
  for (const std::string& w : normalized_words(line))
    if (words.count(w) > 0) return true;
  return false;
}

// Whether a unit as written is one of time (lexicon units.time: "ms", "s", "seconds").
bool time_unit(std::string_view unit) {
  static const ScaleMap& time = lexicon().scales("units.time");
  std::string u(unit);
  for (char& ch : u) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return time.find(u) != nullptr;
}

// The prompt a prefill time is for: the sentence's operating point ("for a 4K prompt"), else a count of tokens right
// before "prefill" ("a 3,072-token prefill"); 0 when it states none.
int prefill_prompt_tokens(std::string_view text) {
  if (const int p = stated_operating_point(text).prompt_tokens; p > 0) return p;
  std::string low(text);
  for (char& ch : low) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (const char* form : {"-token prefill", " token prefill", " tokens prefill"})
    for (size_t at = low.find(form); at != std::string::npos; at = low.find(form, at + 1)) {
      size_t b = at;
      while (b > 0 && (std::isdigit(static_cast<unsigned char>(low[b - 1])) || low[b - 1] == ',')) --b;
      std::string digits;
      for (size_t k = b; k < at; ++k)
        if (low[k] != ',') digits += low[k];
      // Bounded by the scenario limits, as the operating point's own prompt is (spec/limits.h).
      if (!digits.empty() && digits.size() <= 9)
        if (const long long v = std::stoll(digits); v > 0 && v <= limits::kTokens) return static_cast<int>(v);
    }
  return 0;
}

void check_claim(Finding& f, const Claim& c, const Context& x) {
  const Scenario* sc = x.scenario;
  const Plan* p = x.plan;
  // Claims that need no scenario.
  if (c.kind == ClaimKind::kOptimizerStates) {
    f.verdict = Verdict::kWrong;
    f.expected = 0;
    f.expected_text = "none";
    f.explanation = "an inference deployment keeps no optimizer states (they exist only in training); memory for them is 0";
    f.replacement = "KV cache";
    return;
  }
  if (c.kind == ClaimKind::kDegreeProduct && c.arithmetic) {
    if (!close(c.arithmetic->value, c.value, 1e-9)) {
      set_wrong(f, c, c.arithmetic->value,
                fmt::format("{} = {:g}, not {:g}", c.arithmetic->text, c.arithmetic->value, c.value));
      return;
    }
  }
  if (c.kind == ClaimKind::kOther && c.kv_tokens) {
    check_kv_tokens(f, c, x, 0);
    return;
  }
  if (c.kind == ClaimKind::kOther && c.kv_requests) {
    check_kv_requests(f, c, x, 0, {});
    return;
  }
  if (c.kind == ClaimKind::kOther && c.kv_pool) {
    check_kv_pool(f, c, x);
    return;
  }
  if (!p && x.model_plan && model_level(c)) {
    Context y = x;
    y.plan = x.model_plan;
    y.model_plan = nullptr;
    check_claim(f, c, y);
    return;
  }
  // "decode GPUs 16 × 61 = 976": a GPU's experts of a layer over the model's layers counts the dense ones too; no
  // layout makes that right.
  if (!p && x.scenario && c.kind == ClaimKind::kExpertsPerGpu && c.arithmetic) {
    const ModelSpec& m = x.scenario->model;
    if (const auto ab = two_factors(c.arithmetic->text); ab && m.num_moe_layers() < m.num_layers &&
                                                          (ab->first == m.num_layers || ab->second == m.num_layers)) {
      const double per_layer = ab->first == m.num_layers ? ab->second : ab->first;
      set_wrong(f, c, per_layer * static_cast<double>(m.num_moe_layers()),
                fmt::format("{:g} per MoE layer over the {} MoE layers (of {} layers, {} dense) = {:g}", per_layer,
                            m.num_moe_layers(), m.num_layers, m.num_layers - m.num_moe_layers(),
                            per_layer * static_cast<double>(m.num_moe_layers())));
      return;
    }
  }
  if (!p) {
    f.verdict = Verdict::kUnverifiable;
    f.explanation = x.scenario ? "no strategy to compare with (the scenario gives none and the document states none outside "
                                 "its serving pools); internally consistent"
                               : "no scenario (front matter or --scenario) to compare with; internally consistent";
    return;
  }
  // "| TP*PP*DP | 16 |": a row labelled with several degrees multiplied holds their product, not one degree.
  if (is_degree(c.kind) && c.kind != ClaimKind::kDegreeProduct && x.doc &&
      (x.doc->kind_of(c.line) == LineKind::kTableRow || x.doc->kind_of(c.line) == LineKind::kCode) &&
      labels_degree_product(x.doc->line(c.line).substr(0, std::min(c.col_begin, x.doc->line(c.line).size())))) {
    const Strategy& s = p->strategy;
    if (covers(c, s.gpus()) || covers(c, s.gpus_per_stage())) {
      f.verdict = Verdict::kCorrect;
      f.expected = s.gpus();
      f.explanation = fmt::format("TP {} × PP {} × DP {} = {} GPUs", s.tp, s.pp, s.dp, s.gpus());
    } else {
      f.verdict = Verdict::kNotUnderstood;
      f.explanation = "a row labelled with several degrees: which product it states is not read";
    }
    return;
  }
  const ModelSpec& m = sc->model;
  const Strategy& s = p->strategy;
  const ExpertDistribution& e = p->experts;
  // issue 10 (engine instances): a count of one instance's GPUs is right too.
  if ((c.kind == ClaimKind::kGpuCount || c.kind == ClaimKind::kDegreeProduct) && s.instances > 1 &&
      (covers(c, s.gpus_per_instance()) || covers(c, s.gpus_per_stage()))) {
    f.verdict = Verdict::kCorrect;
    f.expected = s.gpus_per_instance();
    f.explanation = fmt::format("TP {} × PP {} × DP {} = {} GPUs per engine instance, {} instances", s.tp, s.pp, s.dp,
                                s.gpus_per_instance(), s.instances);
    return;
  }
  switch (c.kind) {
    case ClaimKind::kGpuCount:
      // "(8 GPUs)" beside a per-node row, "the GPU holds 832": not a count of the deployment's GPUs with confidence.
      if (!covers(c, s.gpus()) && (!whole(c.value) || c.value > 4.0 * s.gpus() ||
                                   (c.reading.owner == Owner::kUnsaid && close(c.value, sc->cluster.gpus_per_node, 1e-9)))) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = fmt::format("{:g} is a node's GPUs, or not a GPU count at all; whose it is is not read", c.value);
        return;
      }
      if (c.reading.owner == Owner::kNode) {  // "the 8-GPU node"
        const int node = std::min(sc->cluster.gpus_per_node, s.gpus());
        check_count(f, c, node, fmt::format("{} GPUs per node", node));
        return;
      }
      check_layout_count(f, c, s.gpus(),
                         fmt::format("TP {} × PP {} × DP {}{} = {} GPUs", s.tp, s.pp, s.dp,
                                     s.instances > 1 ? fmt::format(" × {} instances", s.instances) : "", s.gpus()),
                         x);
      return;
    case ClaimKind::kDegreeProduct:
      // EP x ETP multiplies to the GPUs of one stage, TP x PP x DP to all.
      if (covers(c, s.gpus_per_stage()) && s.gpus_per_stage() != s.gpus()) {
        f.verdict = Verdict::kCorrect;
        f.expected = s.gpus_per_stage();
        f.explanation = fmt::format("EP {} × ETP {} = TP {} × DP {} = {} GPUs per stage", s.ep, s.etp, s.tp, s.dp,
                                    s.gpus_per_stage());
        return;
      }
      check_count(f, c, s.gpus(), fmt::format("the deployment has {} GPUs", s.gpus()));
      return;
    case ClaimKind::kTp: check_layout_count(f, c, s.tp, "the strategy's TP", x); return;
    case ClaimKind::kPp: check_layout_count(f, c, s.pp, "the strategy's PP", x); return;
    case ClaimKind::kDp:
      // "4 replicas x TP 2 = 8 GPUs" of a deployment of 4 engine instances: the replicas are the instances.
      if (s.instances > 1 && s.dp != s.instances && covers(c, s.instances) &&
          counts_instances(x.doc->line(c.line), c)) {
        f.verdict = Verdict::kCorrect;
        f.expected = s.instances;
        f.explanation = fmt::format("{} engine instances (replicas) of DP {} each", s.instances, s.dp);
        return;
      }
      check_layout_count(f, c, s.dp, "the strategy's DP", x);
      return;
    case ClaimKind::kEp:
      if (ep_splits_no_whole(c.value, m, sc->placement.redundant_experts)) {
        set_wrong(f, c, s.ep,
                  fmt::format("EP={:g} does not divide the {} experts of a layer{}; this deployment uses EP={}", c.value,
                              m.num_experts + sc->placement.redundant_experts,
                              sc->placement.redundant_experts > 0 ? " (with redundant slots)" : "", s.ep));
        return;
      }
      check_count(f, c, s.ep, "the strategy's EP");
      return;
    case ClaimKind::kEtp: check_count(f, c, s.etp, "the strategy's expert TP"); return;
    case ClaimKind::kExpertsPerLayer:
      if (c.reading.owner == Owner::kNode) {
        node_experts(f, c, *p);
        return;
      }
      if (c.reading.component == "shared_expert") {
        check_count(f, c, static_cast<double>(m.num_shared_experts),
                    fmt::format("{} shared experts per MoE layer", m.num_shared_experts));
        return;
      }
      if (c.reading.component == "redundant") {
        check_count(f, c, sc->placement.redundant_experts,
                    fmt::format("{} redundant expert slots per MoE layer (the scenario's placement)",
                                sc->placement.redundant_experts));
        return;
      }
      // "16 routed experts per MoE layer" on one GPU, "the 8 experts a token picks": a share or a multiple of
      // the model's count is another quantity whose owner the sentence does not bind.
      if (m.num_experts > 0 && c.value >= 1 && whole(c.value) && !close(c.value, m.num_experts, 1e-9) &&
          (std::fmod(static_cast<double>(m.num_experts), c.value) == 0 || std::fmod(c.value, static_cast<double>(m.num_experts)) == 0)) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = fmt::format("{:g} is a share or a multiple of the {} experts of a layer: a per-GPU, active or "
                                    "all-layer count whose owner is not read", c.value, m.num_experts);
        return;
      }
      check_count(f, c, m.num_experts, fmt::format("{} routed experts per MoE layer", m.num_experts));
      return;
    case ClaimKind::kLayers: {
      const double layers = m.num_layers, moe = m.num_moe_layers();
      if (c.value > 2 * layers) {  // "928" under "over all 58 MoE layers": a product over layers, not a count of them
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = fmt::format("{:g} is more than twice the {:g} decoder layers: a count over layers, not of them",
                                    c.value, layers);
        return;
      }
      // "(12 MoE layers x 16 x 125.8M x 2 B)" for one GPU: a formula's operand may count one stage's MoE layers, the
      // deployment's (right) or another split's (not read).
      if (c.operand && c.reading.component == "moe_layers" && !covers(c, moe)) {
        for (const StageMemory& st : p->memory.stages)
          if (p->strategy.pp > 1 && covers(c, st.layers.moe_layers)) {
            f.verdict = Verdict::kCorrect;
            f.expected = st.layers.moe_layers;
            f.explanation = fmt::format("stage {}'s {} MoE layers", st.layers.stage, st.layers.moe_layers);
            return;
          }
        for (const int pp : {2, 3, 4, 8})
          if (std::fabs(c.value - moe / pp) < 1) {
            f.verdict = Verdict::kNotUnderstood;
            f.explanation = fmt::format("{:g} is about one stage's share of the {:g} MoE layers under PP {}: a stage's "
                                        "count in a per-GPU formula, of a layout the sentence does not state",
                                        c.value, moe, pp);
            return;
          }
      }
      if (c.reading.component == "moe_layers" || c.reading.component == "dense_layers") {
        const bool is_moe = c.reading.component == "moe_layers";
        check_count(f, c, is_moe ? moe : layers - moe,
                    fmt::format("{:g} decoder layers: {:g} MoE, {:g} dense", layers, moe, layers - moe));
        return;
      }
      if (!covers(c, layers) && !covers(c, moe) && (covers(c, layers - moe) || c.value > 2 * layers)) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = fmt::format("{:g} is the dense layers' count or a product of layers, not a count of the {:g} "
                                    "decoder layers", c.value, layers);
        return;
      }
      f.expected = layers;
      f.expected_text = fmt::format("{:g} ({:g} MoE)", layers, moe);
      if (covers(c, layers) || covers(c, moe)) {
        f.verdict = Verdict::kCorrect;
        f.explanation = fmt::format("{:g} decoder layers, {:g} of them MoE", layers, moe);
      } else {
        set_wrong(f, c, layers, fmt::format("{:g} decoder layers, {:g} of them MoE", layers, moe));
      }
      return;
    }
    case ClaimKind::kExpertsPerGpu: {
      if (c.reading.owner == Owner::kNode) {
        node_experts(f, c, *p);
        return;
      }
      const double per_layer = e.per_gpu_per_moe_layer;
      const double total_lo = e.per_gpu_total_min, total_hi = e.per_gpu_total_max;
      // "each GPU holds a quarter-slice of every one of the 128 experts": experts sharded by TP (EP 1), which a
      // deployment with expert parallelism does not run; another layout (the one before, an option).
      if (s.ep > 1 && x.doc != nullptr && c.value == m.num_experts &&
          names_expert_slices(clause_of(*x.doc, c.line, c.col_begin))) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = fmt::format("a slice of every one of the {} experts on each GPU is experts sharded by TP (EP "
                                    "1); this deployment runs EP {}: another layout", m.num_experts, s.ep);
        return;
      }
      // The model layer's derivations (model/derived.h), as the report and the document print them.
      const std::string derivation =
          fmt::format("{} per GPU in each MoE layer; in total {}", e.per_gpu_per_moe_layer_derived.text(),
                      total_lo == total_hi ? e.per_gpu_total_derived.text()
                                           : fmt::format("{:g}-{:g} (= {})", total_lo, total_hi,
                                                         e.per_gpu_total_derived.derivation));
      f.expected_text = fmt::format("{:g} per MoE layer ({} in total)", per_layer,
                                    total_lo == total_hi ? fmt::format("{:g}", total_hi)
                                                         : fmt::format("{:g}-{:g}", total_lo, total_hi));
      const bool is_per_layer = covers(c, per_layer);
      const bool is_total = c.value >= total_lo * (1 - 1e-9) && c.value_hi <= total_hi * (1 + 1e-9);
      // "256 expert instances in the model", "256 x 58 = 14,848 routed expert instances, each exactly once": with no
      // owner said, the model's expert instances over its MoE layers are the model's count, not one GPU's.
      const double instances = static_cast<double>(e.experts_per_layer) * e.moe_layers_total;
      if (c.reading.owner == Owner::kUnsaid && c.scope != Scope::kPerMoeLayer && covers(c, instances) && !is_total) {
        f.quantity = "experts_total";
        f.verdict = Verdict::kCorrect;
        f.expected = instances;
        f.explanation = fmt::format("the model's {:g} expert instances ({} per MoE layer × {} MoE layers), read as the "
                                    "model's count: no owner is said", instances, e.experts_per_layer, e.moe_layers_total);
        return;
      }
      if (c.scope == Scope::kPerMoeLayer) {
        if (is_per_layer) { f.verdict = Verdict::kCorrect; f.explanation = derivation; f.expected = per_layer; }
        else set_wrong(f, c, per_layer, derivation);
        return;
      }
      if (c.scope == Scope::kTotal) {
        if (is_total) { f.verdict = Verdict::kCorrect; f.explanation = derivation; f.expected = total_hi; }
        else set_wrong(f, c, total_hi, derivation);
        return;
      }
      if (is_per_layer && is_total) {  // one MoE layer per stage: both readings agree
        f.verdict = Verdict::kCorrect;
        f.expected = per_layer;
        f.explanation = derivation;
        return;
      }
      if (is_per_layer) {
        f.verdict = Verdict::kAmbiguous;
        f.expected = per_layer;
        f.explanation = "true per MoE layer, not in total: " + derivation + "; say \"per MoE layer\"";
        f.qualifier = " per MoE layer";
        return;
      }
      if (is_total) {
        f.verdict = Verdict::kAmbiguous;
        f.expected = total_hi;
        f.explanation = "true in total over the GPU's MoE layers, not per layer: " + derivation + "; say \"in total\"";
        f.qualifier = " in total";
        return;
      }
      // More than a layer's experts (and its redundant slots) cannot be one MoE layer's share: "1,952 expert copies
      // per GPU" counts over the GPU's MoE layers, and is judged as that total.
      if (c.value > static_cast<double>(e.experts_per_layer + e.redundant_per_layer) && total_hi > 0) {
        f.quantity = "experts_per_gpu (total)";
        set_wrong(f, c, total_hi, derivation);
        if (total_lo == total_hi) f.qualifier = fmt::format(" in total ({:g} per MoE layer)", per_layer);
        f.explanation += fmt::format(" (more than the {} experts of a layer: a count over the GPU's MoE layers)",
                                     e.experts_per_layer + e.redundant_per_layer);
        return;
      }
      set_wrong(f, c, per_layer, derivation);
      f.qualifier = total_lo == total_hi ? fmt::format(" per MoE layer, {:g} in total", total_hi) : " per MoE layer";
      if (total_hi > 0 && c.value > 0)
        f.explanation += fmt::format(" (the stated {:g} is {:.3g}× the per-layer count and {:.3g}× the total)", c.value,
                                     c.value / per_layer, c.value / total_hi);
      return;
    }
    case ClaimKind::kExpertsTotal: {
      // "1 expert あたり 302M params", "per 1 expert": one expert is the unit the sentence is about, not a count.
      if (c.value == 1 && c.value_hi == 1) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = "one expert: the unit the sentence's figures are about, not a count of experts";
        return;
      }
      if (c.reading.owner == Owner::kNode) {
        node_experts(f, c, *p);
        return;
      }
      if (c.reading.component == "shared_expert") {
        const double shared = static_cast<double>(m.num_shared_experts) * e.moe_layers_total;
        check_count(f, c, shared, fmt::format("{} shared experts per MoE layer × {} MoE layers = {:g}",
                                              m.num_shared_experts, e.moe_layers_total, shared));
        return;
      }
      // "One expert: P_e = 3·h·2880 + ... = 24,891,840" (one expert's size), "EP 4 x expert-TP 1 = 4", "EP 12, 21
      // experts a GPU": a figure about one expert, or fewer than one layer's experts (and not the count of MoE
      // layers), is no count of expert instances over the layers.
      if (c.reading.component == "one_expert" ||
          (c.value_hi < e.experts_per_layer && !covers(c, e.moe_layers_total))) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = c.reading.component == "one_expert"
                            ? "a figure about one expert, not a count of experts"
                            : fmt::format("fewer than one layer's {} experts: not a count of expert instances over "
                                          "the layers", e.experts_per_layer);
        return;
      }
      const double instances = static_cast<double>(e.experts_per_layer) * e.moe_layers_total;
      if (!covers(c, instances) && c.value >= e.per_gpu_total_min * (1 - 1e-9) && c.value_hi <= e.per_gpu_total_max * (1 + 1e-9)) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = "one GPU's experts over all layers, read without the owner";
        return;
      }
      f.expected = instances;
      f.expected_text = fmt::format("{:g} expert instances ({} per MoE layer × {} MoE layers)", instances, e.experts_per_layer,
                                    e.moe_layers_total);
      if (covers(c, instances)) {
        f.verdict = Verdict::kCorrect;
        f.explanation = f.expected_text;
      } else if (covers(c, e.experts_per_layer)) {
        f.verdict = Verdict::kAmbiguous;
        f.explanation = fmt::format("true per MoE layer ({} experts); over the {} MoE layers there are {:g}",
                                    e.experts_per_layer, e.moe_layers_total, instances);
      } else {
        set_wrong(f, c, instances, f.expected_text);
      }
      return;
    }
    case ClaimKind::kEpGroups:
      check_count(f, c, e.ep_groups, fmt::format("PP {} × ETP {} = {} EP groups of {} GPUs", s.pp, s.etp, e.ep_groups, s.ep));
      return;
    case ClaimKind::kEpGroupSize:
      check_count(f, c, e.ep_group_size, fmt::format("an EP group spans EP = {} GPUs", s.ep));
      return;
    case ClaimKind::kLayersPerStage: {
      int lo = 1 << 30, hi = 0;
      // "31 per stage, 28 of them MoE": the MoE (or dense) layers a stage holds.
      if (c.reading.component == "moe_layers" || c.reading.component == "dense_layers") {
        const bool is_moe = c.reading.component == "moe_layers";
        std::string each;
        for (const auto& st : p->stages) {
          const int n = is_moe ? st.moe_layers : st.dense_layers;
          lo = std::min(lo, n);
          hi = std::max(hi, n);
          each += fmt::format("{}stage {}: {} of {}", each.empty() ? "" : ", ", st.stage, n, st.layers);
        }
        f.expected = hi;
        f.expected_text = lo == hi ? fmt::format("{}", hi) : fmt::format("{}-{}", lo, hi);
        const std::string why = fmt::format("{} layers per stage ({})", is_moe ? "MoE" : "dense", each);
        if (c.value >= lo - 1e-9 && c.value_hi <= hi + 1e-9) { f.verdict = Verdict::kCorrect; f.explanation = why; }
        else set_wrong(f, c, hi, why);
        return;
      }
      for (const auto& st : p->stages) { lo = std::min(lo, st.layers); hi = std::max(hi, st.layers); }
      f.expected = hi;
      f.expected_text = lo == hi ? fmt::format("{}", hi) : fmt::format("{}-{}", lo, hi);
      const std::string why = fmt::format("{} layers over PP {} stages: {} per stage", m.num_layers, s.pp, f.expected_text);
      if (c.value >= lo - 1e-9 && c.value_hi <= hi + 1e-9) { f.verdict = Verdict::kCorrect; f.explanation = why; }
      else set_wrong(f, c, hi, why);
      return;
    }
    case ClaimKind::kParamsTotal: {
      if (c.reading.component.empty() && c.value < 0.3 * p->params.total) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = fmt::format("{} is under a third of the model's {}: a part (attention, one layer, ...) whose "
                                    "component is not read", fmt_params(c.value), fmt_params(p->params.total));
        return;
      }
      // One component of one layer, or of one expert: the breakdown divided out.
      const double moe_layers = std::max(1.0, static_cast<double>(m.num_moe_layers()));
      const double one_expert = p->params.breakdown.routed_experts / (moe_layers * std::max<int64_t>(1, m.num_experts));
      const double matrices = m.expert_gated ? 3 : 2;
      const std::string& comp = c.reading.component;
      std::optional<std::pair<double, std::string>> part_of;
      if (comp == "attention" && c.reading.per_layer)
        part_of = {p->params.breakdown.attention / m.num_layers,
                   fmt::format("attention of one layer: {} / {} layers", fmt_params(p->params.breakdown.attention), m.num_layers)};
      else if (comp == "one_expert" || (comp == "routed_experts" && c.reading.one_expert))
        part_of = {one_expert, fmt::format("one routed expert: {} routed-expert parameters / ({:g} MoE layers × {} experts)",
                                           fmt_params(p->params.breakdown.routed_experts), moe_layers, m.num_experts)};
      else if (comp == "down_projection" && c.reading.one_expert)
        part_of = {one_expert / matrices, fmt::format("the down-projection of one expert: one expert's {} / {:g} matrices",
                                                      fmt_params(one_expert), matrices)};
      else if (comp == "down_projection" && c.reading.per_layer)
        part_of = {one_expert / matrices * m.num_experts,
                   fmt::format("the down-projections of one layer's {} experts: {} × {} / {:g} matrices", m.num_experts,
                               m.num_experts, fmt_params(one_expert), matrices)};
      if (part_of) {
        check_count(f, c, part_of->first, part_of->second + " = " + fmt_params(part_of->first));
        f.expected_text = fmt_params(part_of->first);
        return;
      }
      // "Routed experts: 653.9B. Everything else is about 17.1B": the total less one part the document
      // named before; which part is not read, so any part's rest is right and none is wrong for sure.
      if (comp == "remainder_part") {
        const ParamBreakdown& b = p->params.breakdown;
        const std::pair<double, const char*> parts[] = {{b.routed_experts, "routed experts"},
                                                         {b.attention, "attention"},
                                                         {b.shared_experts, "shared experts"},
                                                         {b.dense_ffn, "dense FFN"},
                                                         {b.embedding + b.lm_head, "embedding and LM head"}};
        for (const auto& [part, name] : parts) {
          if (part > 0 && covers(c, p->params.total - part)) {
            f.verdict = Verdict::kCorrect;
            f.expected = p->params.total - part;
            f.explanation = fmt::format("the model's {} less its {} ({}) = {}", fmt_params(p->params.total), name,
                                        fmt_params(part), fmt_params(p->params.total - part));
            return;
          }
        }
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = fmt::format("{} is the rest of the model's {} after a part the sentence does not name",
                                    fmt_params(c.value), fmt_params(p->params.total));
        return;
      }
      // "685B including the MTP module": the published total with the component added.
      if (c.reading.includes_component && component_params(comp, p->params.breakdown)) {
        const double with = p->params.total + *component_params(comp, p->params.breakdown);
        check_count(f, c, with, fmt::format("{} parameters plus the {} ({}) = {}", fmt_params(p->params.total), comp,
                                            fmt_params(*component_params(comp, p->params.breakdown)), fmt_params(with)));
        return;
      }
      if (!comp.empty() && (c.reading.per_layer || c.reading.one_expert)) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = "a figure for one layer or one expert of a component moeplan does not count apart";
        return;
      }
      if (const auto part = component_params(c.reading.component, p->params.breakdown)) {
        // "count the embedding too and it's 5.71B", "(the card's 22B counts the input embedding)": a figure far above
        // the component that is the model's own active or total count (with or without the input embedding) counts
        // the model, the component only said to be in or out of it; which, the sentence decides, not read here.
        for (const double whole : {p->params.active, p->params.active_excluding_input_embedding, p->params.total})
          if (whole > 1.5 * *part && covers(c, whole)) {
            f.verdict = Verdict::kNotUnderstood;
            f.explanation = fmt::format("{} is the model's own count ({} active per token, {} without the input "
                                        "embedding, {} in total), not its {} ({}): the {} is what the count includes "
                                        "or leaves out",
                                        fmt_params(c.value), fmt_params(p->params.active),
                                        fmt_params(p->params.active_excluding_input_embedding),
                                        fmt_params(p->params.total), c.reading.component, fmt_params(*part),
                                        c.reading.component);
            return;
          }
        const std::string why = fmt::format("the {} of the whole model: {} parameters (moeplan inspect {})",
                                            c.reading.component, fmt_params(*part), m.name);
        check_count(f, c, *part, why);
        f.expected_text = fmt_params(*part);
        return;
      }
      // "6.04B over the 24 dense layers": a part the breakdown does not count as such. The dense layers' FFNs are
      // the breakdown's dense FFN; anything else of such a part is not read.
      if (!comp.empty() && comp != "moe_layers") {
        if (comp == "dense_layers" && p->params.breakdown.dense_ffn > 0 && covers(c, p->params.breakdown.dense_ffn)) {
          f.verdict = Verdict::kCorrect;
          f.expected = p->params.breakdown.dense_ffn;
          f.explanation = fmt::format("the dense layers' FFNs: {} parameters (moeplan inspect {})",
                                      fmt_params(p->params.breakdown.dense_ffn), m.name);
          return;
        }
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = "a parameter count of the " + comp + ", a part moeplan does not count apart";
        return;
      }
      const double total = p->params.total;
      f.expected = total;
      f.expected_text = fmt_params(total);
      const std::string why = fmt::format("{} parameters in total (moeplan inspect {})", fmt_params(total), m.name);
      if (covers(c, total)) { f.verdict = Verdict::kCorrect; f.explanation = why; }
      else set_wrong(f, c, total, why);
      return;
    }
    case ClaimKind::kParamsActive: {
      const double a = p->params.active, b = p->params.active_excluding_input_embedding;
      f.expected = a;
      f.expected_text = fmt_params(a);
      const std::string why = fmt::format("{} active per token ({} without the input embedding)", fmt_params(a), fmt_params(b));
      if (covers(c, a) || covers(c, b)) { f.verdict = Verdict::kCorrect; f.explanation = why; }
      else set_wrong(f, c, a, why);
      return;
    }
    case ClaimKind::kParamsPerGpu: {
      f.expected = x.params_gpu_max;
      f.expected_text = fmt_params(x.params_gpu_min) + (x.params_gpu_min == x.params_gpu_max ? "" : " to " + fmt_params(x.params_gpu_max));
      const std::string why = "parameters one GPU holds, by stage: " + f.expected_text;
      const double t = exact_tolerance(c);
      if (c.value >= x.params_gpu_min * (1 - t) && c.value_hi <= x.params_gpu_max * (1 + t)) {
        f.verdict = Verdict::kCorrect;
        f.explanation = why;
      } else {
        set_wrong(f, c, x.params_gpu_max, why);
        f.replacement = range_in_written_unit(c, x.params_gpu_min, x.params_gpu_max);
      }
      return;
    }
    case ClaimKind::kWeightsPerGpu: {
      // One component's weights ("11.4 GB of attention weights on every GPU", "81.7 GB of experts"): on one GPU
      // when labelled so, in the whole model when said, either when unsaid. Wrong only when far from every
      // reading: how engines split a component (MLA's replicated down-projections) is not a rounding.
      if (const auto cw = c.reading.component.empty() ? std::nullopt : component_weights(c.reading.component, *p, m)) {
        std::vector<double> allowed;
        const bool model_owned = c.scope == Scope::kTotal || c.reading.owner == Owner::kModel;
        if (!model_owned) allowed = cw->per_gpu;
        if (model_owned || c.reading.owner == Owner::kUnsaid)
          allowed.insert(allowed.end(), cw->whole_model.begin(), cw->whole_model.end());
        const std::string comp = c.reading.component == "routed_experts" ? "routed experts" : c.reading.component;
        auto list = [](const std::vector<double>& v) {
          std::string out;
          for (double x : v) out += (out.empty() ? "" : ", ") + fmt_gb(x);
          return out;
        };
        const std::string why = fmt::format("the {} weights: {} on one GPU (by stage), {} in the whole model", comp,
                                            list(cw->per_gpu), list(cw->whole_model));
        f.expected = allowed.front();
        f.expected_text = model_owned ? list(cw->whole_model) : list(cw->per_gpu);
        for (double v : allowed)
          if (covers(c, v)) {
            f.verdict = Verdict::kCorrect;
            f.expected = v;
            f.explanation = why;
            return;
          }
        // "| expert 1개 (MXFP4) | 13.22 MB |": far below every reading of the component (a hundredth) is a smaller
        // part of it (one expert of one layer) the sentence does not say.
        if (c.value_hi < 0.01 * *std::min_element(allowed.begin(), allowed.end())) {
          f.verdict = Verdict::kNotUnderstood;
          f.explanation = why + "; the stated figure is far below all of them: a smaller part (one layer's, one "
                                "expert's) not read";
          return;
        }
        // Near a GPU's share: engines split a component their own ways (not understood). Near only the whole
        // model's, which is its parameters at their stored dtype whatever the layout: wrong ("19.1B expert params take
        // 9.56 GB" at 0.5 B per MXFP4 weight, scales dropped, where 0.53125 B gives 10.16 GB).
        for (double v : allowed)
          if (c.value > 0.8 * v && c.value < 1.25 * v &&
              std::find(cw->per_gpu.begin(), cw->per_gpu.end(), v) != cw->per_gpu.end()) {
            f.verdict = Verdict::kNotUnderstood;
            f.explanation = why + "; the stated figure is near one GPU's share but not within its rounding";
            return;
          }
        for (double v : allowed)
          if (c.value > 0.8 * v && c.value < 1.25 * v) {
            set_wrong(f, c, v, why + "; the whole model's figure is its parameters at their stored dtype, whatever "
                                     "the layout");
            return;
          }
        set_wrong(f, c, allowed.front(), why);
        return;
      }
      // The whole model's weights: each component at its stored dtype.
      const double model_bytes = model_weight_bytes(m, p->params.breakdown);
      // "709 GB, more than the 671 GB checkpoint because each node keeps its own copy of the attention": every
      // GPU's weights added up, replicated parts counted again, is the deployment's total, not the model's.
      auto deployment_total = [&] {
        double all = 0;
        for (const auto& g : p->memory.stages) all += g.weights_bytes * s.gpus_per_stage() * s.instances;
        if (s.gpus() <= 1 || close(all, model_bytes, 0.02) || !covers(c, all) || covers(c, model_bytes)) return false;
        f.verdict = Verdict::kCorrect;
        f.expected = all;
        f.explanation = fmt::format("{} GPUs of the deployment × their weights ({} to {} each) = {}: the deployment's "
                                    "total, replicated parts counted on every GPU that holds them",
                                    s.gpus(), fmt_gb(x.weights_min), fmt_gb(x.weights_max), fmt_gb(all));
        return true;
      };
      // Unowned and not one GPU's: above what one GPU holds ("the weights take 354 GB of it"), or well below
      // the smallest stage's weights ("8 experts per layer 2.5 GB"): a node's, the cluster's or one
      // component's weights, which the sentence does not bind.
      if (c.reading.owner == Owner::kUnsaid && c.scope != Scope::kTotal && c.reading.component.empty() &&
          !covers(c, model_bytes) &&
          (c.value > sc->cluster.gpu.memory_bytes * (1 + 1e-9) || (c.value_hi < 0.5 * x.weights_min && !c.arithmetic))) {
        if (deployment_total()) return;
        // Near the whole model's weights ("the checkpoint ... as 438 GB"): judged as the whole model's.
        if (c.value > sc->cluster.gpu.memory_bytes && c.value > 0.75 * model_bytes && c.value < 1.25 * model_bytes) {
          check_model_bytes(f, c, model_bytes, checkpoint_bytes(m, p->params.breakdown),
                            fmt::format("the model's {} parameters at their stored dtypes: {}",
                                        fmt_params(p->params.total), fmt_gb(model_bytes)));
          return;
        }
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = fmt::format("{} cannot be one GPU's weights ({} to {}) and its owner or component is not read",
                                    fmt_gb(c.value), fmt_gb(x.weights_min), fmt_gb(x.weights_max));
        return;
      }
      // A node's or the deployment's weights: every GPU's weights added up (replicas count again).
      if (c.reading.owner == Owner::kNode || c.reading.owner == Owner::kCluster) {
        double all = 0;
        for (const auto& g : p->memory.stages) all += g.weights_bytes * s.gpus_per_stage() * s.instances;
        const bool node = c.reading.owner == Owner::kNode;
        const int node_gpus = std::min(sc->cluster.gpus_per_node, s.gpus());
        // A node's GPUs may hold different stages: any stage's per-GPU weights times the node's GPUs.
        const double expected = node ? x.weights_max * node_gpus : all;
        if (node && c.value >= x.weights_min * node_gpus * (1 - exact_tolerance(c)) &&
            c.value_hi <= x.weights_max * node_gpus * (1 + exact_tolerance(c))) {
          f.verdict = Verdict::kCorrect;
          f.expected = expected;
          f.explanation = fmt::format("{} GPUs of a node × {} to {} of weights each", node_gpus, fmt_gb(x.weights_min),
                                      fmt_gb(x.weights_max));
          return;
        }
        check_count(f, c, expected,
                    fmt::format("{} GPUs {} × their weights ({} to {} each) = {}", node ? node_gpus : s.gpus(),
                                node ? "of a node" : "of the deployment", fmt_gb(x.weights_min), fmt_gb(x.weights_max),
                                fmt_gb(expected)));
        return;
      }
      const std::string model_why =
          fmt::format("the model's {} parameters at their stored dtypes: {}", fmt_params(p->params.total), fmt_gb(model_bytes));
      if (c.scope == Scope::kTotal) {
        if (deployment_total()) return;
        // "| total weights | 100.21 |" in a per-GPU table, "checkpoint over 8: 801 GB / 8 = 100.2 GB": exactly one
        // GPU's weights and far from the model's is the total of what one GPU holds.
        if (c.value >= x.weights_min * (1 - exact_tolerance(c)) && c.value_hi <= x.weights_max * (1 + exact_tolerance(c)) &&
            !covers(c, model_bytes) && model_bytes > 1.5 * x.weights_max) {
          f.verdict = Verdict::kCorrect;
          f.expected = x.weights_max;
          f.explanation = fmt::format("the total one GPU holds: {} to {} (the model's is {})", fmt_gb(x.weights_min),
                                      fmt_gb(x.weights_max), fmt_gb(model_bytes));
          return;
        }
        check_model_bytes(f, c, model_bytes, checkpoint_bytes(m, p->params.breakdown), model_why);
        if (f.verdict == Verdict::kCorrect && gb_gib_slip(c, model_bytes))
          set_wrong(f, c, model_bytes, model_why + "; the stated figure is off by the GB/GiB ratio: GB = 1e9 bytes, GiB = 2^30 bytes");
        return;
      }
      // An explicit "per GPU" binds: a whole-model figure labelled per GPU is wrong, not re-read.
      if (c.scope == Scope::kUnqualified && c.reading.owner == Owner::kUnsaid && covers(c, model_bytes) &&
          !covers(c, x.weights_max)) {
        f.verdict = Verdict::kCorrect;
        f.expected = model_bytes;
        f.explanation = model_why + " (read as the whole model, not one GPU)";
        return;
      }
      const double lo = x.weights_min, hi = x.weights_max;
      f.expected = hi;
      f.expected_text = fmt_gb(lo) + (lo == hi ? "" : " to " + fmt_gb(hi));
      std::string why = fmt::format("weights on one GPU, by stage: {} (attention, dense FFN and shared experts / TP {}; "
                                    "{} experts per MoE layer of the stage; embedding / LM head / TP on the first / last stage)",
                                    f.expected_text, s.tp, e.per_gpu_per_moe_layer);
      const double t = exact_tolerance(c);
      if (c.value >= lo * (1 - t) && c.value_hi <= hi * (1 + t) && !swaps_units(c, lo, hi)) {
        f.verdict = Verdict::kCorrect;
        f.explanation = why;
        return;
      }
      // GB written for GiB, or the other way round.
      const double ratio = kGiB / kGB;
      if ((c.value * ratio >= lo * (1 - t) && c.value * ratio <= hi * (1 + t)) ||
          (c.value / ratio >= lo * (1 - t) && c.value / ratio <= hi * (1 + t)))
        why += "; the stated figure matches if GB and GiB are swapped: GB = 1e9 bytes, GiB = 2^30 bytes";
      set_wrong(f, c, hi, why);
      f.replacement = range_in_written_unit(c, lo, hi);
      return;
    }
    case ClaimKind::kKvPerToken: {
      const double whole = p->kv.bytes_per_token, layer = p->kv.bytes_per_token_per_layer;
      const StageMemory& w = p->memory.stages[static_cast<size_t>(p->memory.worst_stage)];
      const double per_gpu = w.kv_bytes_per_token;
      const double per_gpu_layer = w.layers.layers > 0 ? per_gpu / w.layers.layers : 0;
      // "1,536 × 48 KiB = 72 MiB (75.5 MB) of KV": more than every layer's KV twice over is a request's or a
      // batch's cache, not a per-token figure.
      if (whole > 0 && c.value > 2.0 * whole * static_cast<double>(std::max<int64_t>(1, m.num_layers))) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = fmt::format("{} B is far more than a token's KV ({} B): a request's or batch's cache",
                                    fmt_int(c.value), fmt_int(whole));
        return;
      }
      f.expected = c.scope == Scope::kPerMoeLayer ? layer : whole;
      f.expected_text = fmt::format("{} B per token for the model, {} B per layer; {} B per GPU ({} B per layer per GPU)",
                                    fmt_int(whole), fmt_int(layer), fmt_int(per_gpu), fmt_int(per_gpu_layer));
      // "KB" is read as 1000 or 1024 bytes.
      // The figures each reading allows: per layer only when said; per GPU or whole model when not.
      std::vector<double> allowed;
      if (c.scope == Scope::kPerMoeLayer) {
        allowed = {layer, per_gpu_layer};
        // "KV per token if every layer kept the full context: 36 x 2 x 8 KV heads x 64 x 2 B = 73,728 B": a formula
        // that multiplies by the model's layers is over all of them, whatever per-layer words the sentence has.
        if (c.arithmetic && m.num_layers > 1) {
          const std::vector<std::string> operands = counted_words(c.arithmetic->text);
          if (std::find(operands.begin(), operands.end(), std::to_string(m.num_layers)) != operands.end())
            allowed.insert(allowed.end(), {whole, per_gpu});
        }
      } else if (c.reading.owner == Owner::kGpu) allowed = {per_gpu, per_gpu_layer};
      else if (c.reading.owner == Owner::kModel || c.scope == Scope::kTotal) allowed = {whole};
      else allowed = {whole, per_gpu};
      bool ok = false;
      for (double v : allowed)
        ok |= covers(c, v) || (c.unit_text.find("KB") != std::string::npos && covers(c, v / 1.024)) ||
              (c.unit_text.find("MB") != std::string::npos && covers(c, v / 1.048576));
      bool slip = false;
      for (double v : allowed) slip |= gb_gib_slip(c, v) && close(c.value, v, 0.10);
      // "576 values × 2 bytes = 1152 bytes per token" is one layer's figure: a token's KV is every layer's
      // unless the figure says per layer (below: wrong, with the layer count).
      if (ok && slip) {
        set_wrong(f, c, f.expected.value(), f.expected_text + "; the stated figure is off by the binary/decimal ratio of its unit (KiB = 1024 B, KB = 1000 B)");
        return;
      }
      if (ok) { f.verdict = Verdict::kCorrect; f.explanation = f.expected_text; }
      else if (c.scope != Scope::kPerMoeLayer && (covers(c, layer) || covers(c, per_gpu_layer)))
        set_wrong(f, c, f.expected.value(), f.expected_text + "; the stated figure is one layer's, not all " +
                                                 std::to_string(m.num_layers) + " layers'");
      else set_wrong(f, c, f.expected.value(), f.expected_text);
      return;
    }
    case ClaimKind::kMemoryPerGpuTotal: {
      const MemoryReport& mem = p->memory;
      const double capacity = mem.capacity_bytes;
      double static_max = 0;
      for (const auto& g : mem.stages) static_max = std::max(static_max, g.weights_bytes + g.activation_bytes + g.runtime_reserve_bytes);
      const StageMemory& worst = mem.stages[static_cast<size_t>(mem.worst_stage)];
      f.expected = static_max;
      f.expected_text = fmt::format("{} to {}", fmt_gb(static_max), fmt_gb(worst.usable_bytes));
      // "needed about 100 GB of 80 GB", "would need 170 GB of 102.6 GB, so that is out": a need that does not fit,
      // which the sentence says; not a use claimed to fit, so no impossibility.
      const bool over = c.value > capacity * (1 + 1e-9) || (c.of_bytes > 0 && c.value > c.of_bytes * (1 + 1e-9));
      if (over && says_a_need(c.text)) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = fmt::format("{} is more than the GPU's {}, in a sentence about what a layout needs: a need "
                                    "that does not fit, not a use; which layout's need, the sentence does not bind",
                                    fmt_gb(c.value), fmt_gb(capacity));
        return;
      }
      if (c.of_bytes > 0 && c.value > c.of_bytes * (1 + 1e-9)) {  // "145 GB of 141 GB"
        f.verdict = Verdict::kImpossible;
        f.expected = std::min(c.of_bytes, worst.usable_bytes);
        f.explanation = fmt::format("{} of {}: more than the memory it is said to be part of (the GPU has {}, the engine "
                                    "may use {})",
                                    fmt_gb(c.value), fmt_gb(c.of_bytes), fmt_gb(capacity), fmt_gb(worst.usable_bytes));
        f.replacement = in_written_unit(c, static_max);
        return;
      }
      const double marketed = sc->cluster.gpu.marketing_memory_bytes;  // issue 8: "80 GB" names an H100 too
      // "12 GB of the 80 GB": the second figure is the GPU's memory (as the driver reports it, or as sold).
      if (c.of_bytes == 0 && (close(c.value, capacity, 0.005) || (marketed > 0 && close(c.value, marketed, 0.005)))) {
        f.quantity = "gpu_memory_capacity";  // what the GPU has, not what is in use
        f.verdict = Verdict::kCorrect;
        f.expected = capacity;
        f.explanation = "the GPU's memory: " + fmt_gb(capacity, 0);
        return;
      }
      // "183,359 MiB = 192.27 GiB per GPU": the GPU's memory with GB and GiB swapped.
      // Only the GB figure written as GiB (more than the GPU has), to three significant digits: "60 GB" of a 64 GB
      // GPU is a use of it, whatever 60 GiB would be.
      auto swapped = [&](double v) {
        return v > 0 && c.unit_text.find('i') != std::string::npos && close(c.value / (kGiB / kGB), v, 0.003);
      };
      if (c.of_bytes == 0 && (swapped(capacity) || swapped(marketed))) {
        f.quantity = "gpu_memory_capacity";
        const double meant = swapped(capacity) ? capacity : marketed;
        set_wrong(f, c, meant,
                  fmt::format("the GPU's memory is {} = {:.2f} GiB: the stated figure swaps GB (1e9 bytes) and GiB "
                              "(2^30 bytes)",
                              fmt_gb(meant), meant / kGiB));
        return;
      }
      if (c.value > capacity * (1 + 1e-9)) {
        f.verdict = Verdict::kImpossible;
        f.explanation = fmt::format("exceeds the GPU's {} of memory", fmt_gb(capacity));
        f.replacement = in_written_unit(c, static_max);
        return;
      }
      double weights_min = 1e300;
      for (const auto& g : mem.stages) weights_min = std::min(weights_min, g.weights_bytes);
      if (c.value_hi < x.static_min * (1 - exact_tolerance(c))) {
        // Below weights + activations + reserve: a weights-only figure, a total that leaves the reserve out, or
        // one component's share ("the attention share alone is 11.4 GB"); which, the sentence does not bind.
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = fmt::format("below weights + activations + runtime reserve ({}; the weights alone {}): a part "
                                    "of the memory whose component is not read", fmt_gb(x.static_min), fmt_gb(weights_min));
        return;
      }
      if (c.value_hi < x.static_min * (1 - exact_tolerance(c))) {
        set_wrong(f, c, static_max,
                  fmt::format("less than the weights, activations and runtime reserve alone ({}); the rest up to {} "
                              "usable is KV cache",
                              fmt_gb(static_max), fmt_gb(worst.usable_bytes)));
        return;
      }
      // Above what the engine may use: by more than rounding (0.5%), not the 5% of a rounded count.
      constexpr double kRounding = 0.005;
      if (c.value > worst.usable_bytes * (1 + (c.approximate ? exact_tolerance(c) : kRounding))) {
        set_wrong(f, c, worst.usable_bytes,
                  fmt::format("{} is more than the {} the engine may use ({:g} of {})", fmt_gb(c.value),
                              fmt_gb(worst.usable_bytes), sc->runtime.memory_fraction, fmt_gb(capacity)));
        return;
      }
      const double kv = std::max(0.0, c.value - static_max);
      const double requests = worst.kv_bytes_per_sequence > 0 ? kv / worst.kv_bytes_per_sequence : 0;
      f.verdict = Verdict::kCorrect;
      f.explanation = fmt::format("weights + activations + runtime reserve = {}; the remaining {} is KV cache for about "
                                  "{:.0f} requests of {} tokens per DP replica (the engine fills up to {})",
                                  fmt_gb(static_max), fmt_gb(kv), requests,
                                  sc->workload.input_tokens + sc->workload.output_tokens, fmt_gb(worst.usable_bytes));
      return;
    }
    case ClaimKind::kGpuMemoryCapacity: {
      // "the 85.5 GB an H100 reports" in a document on H200s: that GPU's memory, from its preset. Only when
      // the deployment's GPU is a preset itself (a custom GPU may be the one named) and the owner is one GPU.
      if (const auto other = gpu_preset_named(c.reading.gpu_model);
          other && *other != sc->cluster.gpu.name && gpu_is_a_preset(*sc) &&
          (c.reading.owner == Owner::kUnsaid || c.reading.owner == Owner::kGpu) && c.reading.component.empty()) {
        const GpuSpec g = load_gpu_preset(*other, "");
        f.expected = g.memory_bytes;
        f.expected_text = fmt_gb(g.memory_bytes, 0);
        const bool marketed = g.marketing_memory_bytes > 0 && covers(c, g.marketing_memory_bytes);
        f.verdict = covers(c, g.memory_bytes) || marketed ? Verdict::kCorrect : Verdict::kWrong;
        f.explanation = fmt::format("its sentence or section names the {}: its driver reports {}{} ({} preset)", g.display_name,
                                    fmt_gb(g.memory_bytes, 0),
                                    g.marketing_memory_bytes > 0 ? ", sold as " + fmt_gb(g.marketing_memory_bytes, 0) : "",
                                    *other);
        return;
      }
      const double one = sc->cluster.gpu.memory_bytes;
      // "| dense FFN (3 layers / TP8) | 0.15 |" under "GB per GPU", "49,152 B": a size far below the GPU's memory
      // is some other figure in a place that names memory, not what the GPU has.
      if (c.value < 0.1 * one && c.reading.component != "usable") {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = fmt::format("{} is under a tenth of the GPU's {}: another figure than the GPU's memory",
                                    stated_text(c), fmt_gb(one, 0));
        return;
      }
      // "每卡大概 30.5 GB" (about 30.5 GB per card), "/ 8 GPUs: 35.2 GB": a per-GPU size well below the GPU's memory
      // with no word naming memory is some other figure of the GPU (its weights, its KV), not what it has.
      if (c.capacity_by_position && c.reading.component != "usable") {
        const double marketed = sc->cluster.gpu.marketing_memory_bytes;
        if (c.value_hi < 0.5 * (marketed > 0 ? std::min(one, marketed) : one)) {
          f.verdict = Verdict::kNotUnderstood;
          f.explanation = fmt::format("{} is under half the GPU's {}, and no word says it is the GPU's memory: "
                                      "another figure of the GPU", stated_text(c), fmt_gb(one, 0));
          return;
        }
      }
      // "| experts (MXFP4) | 30,47 Go |" under a memory header, "100.2 GB is 93.3 GiB" beside a B200: a size below
      // the GPU's that is no GPU preset's memory (as sold or as its driver reports it, in GB or GiB) is some other
      // figure read where a GPU's memory is named, not a wrong memory. (Above it, "HBM per GPU: 1.44 TB" is a node's
      // memory labelled per GPU: judged.)
      // Where it is the engine's share of the GPU ("out of the 126.9 GB that vLLM may use"; of what the driver
      // reports, or the slip of taking it of the marketed figure) it is read as what the engine may use.
      bool read_usable = false;
      if (c.reading.owner != Owner::kNode && c.reading.owner != Owner::kCluster && c.reading.component.empty() &&
          c.of_bytes == 0 && c.value_hi < one && !covers(c, one) && gpu_is_a_preset(*sc) && !any_gpu_memory(c)) {
        const StageMemory& worst = p->memory.stages[static_cast<size_t>(p->memory.worst_stage)];
        const double marketed = sc->cluster.gpu.marketing_memory_bytes;
        read_usable = covers(c, worst.usable_bytes) ||
                      (marketed > 0 && close(c.value, sc->runtime.memory_fraction * marketed, 0.01));
      }
      if (c.reading.owner != Owner::kNode && c.reading.owner != Owner::kCluster && c.reading.component.empty() &&
          c.of_bytes == 0 && c.value_hi < one && !covers(c, one) && gpu_is_a_preset(*sc) && !any_gpu_memory(c) &&
          !read_usable) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = fmt::format("{} is no GPU's memory (this one has {}): another figure where a GPU's memory is "
                                    "named", stated_text(c), fmt_gb(one, 0));
        return;
      }
      // "Per GPU: 35.2 GB (281.3 GB / 8 GPUs of TP)": a size divided among GPUs is each one's share of something,
      // never a GPU's memory.
      if (c.arithmetic && c.arithmetic->dimension.gpus < 0 && c.reading.component != "usable") {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = "a size divided among GPUs is each one's share of something, not a GPU's memory";
        return;
      }
      // "102.63 GB as the driver reports it" in a B200 document: to the digits written, another GPU preset's
      // driver-reported memory and not this GPU's is that GPU's.
      if (c.decimals >= 2 && !covers(c, one) && c.reading.component.empty() && gpu_is_a_preset(*sc))
        for (const std::string& name : gpu_preset_names())
          if (name != sc->cluster.gpu.name)
            if (const GpuSpec g = load_gpu_preset(name, "");
                std::fabs(c.value - g.memory_bytes) <= 0.5 * std::pow(10.0, -c.decimals) * c.unit_scale * (1 + 1e-9)) {
              f.verdict = Verdict::kNotUnderstood;
              f.expected = g.memory_bytes;
              f.explanation = fmt::format("to the digits written the {}'s memory as its driver reports it ({} preset), "
                                          "not this GPU's {}: a figure about that GPU", g.display_name, name,
                                          fmt_gb(one, 0));
              return;
            }
      // "640 GB per node", "2.3 TB across the cluster": the GPUs' memory added up (a node's GPUs are the deployment's
      // when it has fewer than a node).
      const bool node = c.reading.owner == Owner::kNode, cluster = c.reading.owner == Owner::kCluster;
      const int gpus = node ? std::min(sc->cluster.gpus_per_node, sc->cluster.gpus) : cluster ? sc->cluster.gpus : 1;
      const double capacity = one * gpus;
      f.expected = capacity;
      f.expected_text = fmt_gb(capacity, 0);
      // "the engine can use 76 of 80 GB": what the engine may use, not what the GPU has.
      if (read_usable || c.reading.component == "usable" || (c.of_bytes > 0 && gpus == 1)) {
        f.quantity = "gpu_memory_capacity (usable)";  // what the engine may use of it, not the GPU's memory
        const StageMemory& worst = p->memory.stages[static_cast<size_t>(p->memory.worst_stage)];
        check_count(f, c, worst.usable_bytes * gpus,
                    fmt::format("the engine may use {:g} of {} = {}{}", sc->runtime.memory_fraction, fmt_gb(one, 0),
                                fmt_gb(worst.usable_bytes),
                                gpus > 1 ? fmt::format(" per GPU, {} on {} GPUs", fmt_gb(worst.usable_bytes * gpus), gpus) : ""));
        f.expected_text = fmt_gb(worst.usable_bytes * gpus) + " usable";
        // "141 GB ... vLLM takes 90 percent of that, so about 127 GB usable": the fraction of the marketed figure,
        // which a hedge's allowance would cover; vLLM and SGLang apply it to what the driver reports (issue 8).
        const double marketed = sc->cluster.gpu.marketing_memory_bytes;
        constexpr double kSameFigure = 0.01;
        if (f.verdict == Verdict::kCorrect && marketed > 0 && !close(marketed, one, 2 * kSameFigure) &&
            (sc->runtime.engine == Engine::kVllm || sc->runtime.engine == Engine::kSglang)) {
          const double of_marketed = sc->runtime.memory_fraction * marketed * gpus;
          if (close(c.value, of_marketed, kSameFigure) &&
              std::fabs(c.value - of_marketed) < std::fabs(c.value - worst.usable_bytes * gpus))
            set_wrong(f, c, worst.usable_bytes * gpus,
                      fmt::format("{:g} × the marketed {} = {}: the engine applies its fraction to the {} the driver "
                                  "reports, {}", sc->runtime.memory_fraction, fmt_gb(marketed, 0), fmt_gb(of_marketed / gpus),
                                  fmt_gb(one), fmt_gb(worst.usable_bytes)));
        }
        return;
      }
      const double marketed_one = sc->cluster.gpu.marketing_memory_bytes;
      if (gpus > 1 && marketed_one > 0 && covers(c, marketed_one * gpus) && !said_by_driver(c, x)) {
        f.verdict = Verdict::kCorrect;
        f.explanation = fmt::format("{} GPUs × {} as sold = {}", gpus, fmt_gb(marketed_one, 0), fmt_gb(marketed_one * gpus, 0));
        return;
      }
      if (gpus == 1 && c.reading.owner != Owner::kGpu) {
        // "1.1 TB of HBM", "160 GB of HBM in total": one GPU's memory cannot be this; several GPUs' memory
        // added up, over GPUs the sentence does not name with confidence.
        for (const int n : {sc->cluster.gpus_per_node, sc->cluster.gpus}) {
          if (n > 1 && (covers(c, one * n) || (marketed_one > 0 && covers(c, marketed_one * n)))) {
            f.verdict = Verdict::kCorrect;
            f.expected = one * n;
            f.explanation = fmt::format("{} GPUs × {} = {}", n, fmt_gb(marketed_one > 0 ? marketed_one : one, 0),
                                        fmt_gb((marketed_one > 0 ? marketed_one : one) * n, 0));
            return;
          }
        }
        const double ref = marketed_one > 0 ? std::min(one, marketed_one) : one;
        if (c.value > 1.5 * std::max(one, marketed_one) || c.value < 0.5 * ref) {
          f.verdict = Verdict::kNotUnderstood;
          f.explanation = "far from one GPU's memory (" + fmt_gb(one, 0) +
                          ") and not said to be per GPU: whose memory this is (a node's, the cluster's, another figure's) is not read";
          return;
        }
      }
      if (gpus > 1) {
        // "24 × 85.52 = 2,052 GB" for a fleet of 16: the memory of as many GPUs as the figure's own formula counts,
        // other GPUs than the node's or the cluster's: not read. Any other multiple, one GPU's memory included ("the
        // node holds 64 GB"), is a slip in the count, judged below.
        auto states_count = [&](int n) {
          if (!c.arithmetic) return false;
          const std::string& t = c.arithmetic->text;
          const std::string digits = std::to_string(n);
          for (size_t at = t.find(digits); at != std::string::npos; at = t.find(digits, at + 1))
            if ((at == 0 || !std::isdigit(static_cast<unsigned char>(t[at - 1]))) &&
                (at + digits.size() == t.size() || (!std::isdigit(static_cast<unsigned char>(t[at + digits.size()])) &&
                                                    t[at + digits.size()] != '.' && t[at + digits.size()] != ',')))
              return true;
          return false;
        };
        if (!covers(c, capacity) && !(marketed_one > 0 && covers(c, marketed_one * gpus)))
          for (int n = 1; n <= 2 * std::max(gpus, 8); ++n)
            if (n != gpus && states_count(n) && (covers(c, one * n) || (marketed_one > 0 && covers(c, marketed_one * n)))) {
              f.verdict = Verdict::kNotUnderstood;
              f.explanation = fmt::format("{} GPUs' memory ({} each), not the {} GPUs {}: which GPUs is not read", n,
                                          fmt_gb(covers(c, one * n) ? one : marketed_one, 0), gpus,
                                          node ? "of a node" : "of the cluster");
              return;
            }
        check_count(f, c, capacity, fmt::format("{} GPUs {} × {} = {}", gpus, node ? "per node" : "in the cluster",
                                                fmt_gb(one, 0), fmt_gb(capacity, 0)));
        return;
      }
      if (covers(c, capacity) && !gb_gib_slip(c, capacity)) { f.verdict = Verdict::kCorrect; f.explanation = "the GPU's memory: " + fmt_gb(capacity, 0); return; }
      // issue 8: the marketed figure ("H100 80 GB") is the same GPU's memory, as sold.
      if (const double marketed = sc->cluster.gpu.marketing_memory_bytes;
          marketed > 0 && covers(c, marketed) && !said_by_driver(c, x)) {
        f.verdict = Verdict::kCorrect;
        f.explanation = fmt::format("the GPU's marketed memory: {} ({} as the driver reports)", fmt_gb(marketed, 0),
                                    fmt_gb(capacity));
        return;
      }
      std::string why = "the GPU's memory is " + fmt_gb(capacity, 0) + " = " + fmt_gib(capacity);
      if (covers(c, capacity / kGiB * kGB) || covers(c, capacity / kGB * kGiB)) why += " (GB and GiB swapped?)";
      set_wrong(f, c, capacity, why);
      return;
    }
    case ClaimKind::kThroughput: {
      const Performance& pf = p->performance;
      const double tol = x.options->tolerance;
      const bool says_total = f.text.find("input") != std::string::npos || f.text.find("Total") != std::string::npos ||
                              f.text.find("total (") != std::string::npos || f.text.find("prefill") != std::string::npos;
      // Input + output tokens/s is a throughput too: said as such it is
      // judged as one; unsaid, it is ambiguous rather than wrong.
      const bool says_output = says_output_tokens(f.text);
      if (close(c.value, pf.total_tokens_per_s, tol) &&
          (says_total || (!says_output && !close(c.value, pf.output_tokens_per_s, tol)))) {
        f.expected = pf.total_tokens_per_s;
        if (says_total) {
          f.verdict = Verdict::kCorrect;
          f.explanation = fmt::format("input + output tokens/s: {}", fmt_int(pf.total_tokens_per_s));
        } else {
          f.verdict = Verdict::kAmbiguous;
          f.explanation = fmt::format("matches the total (input + output) throughput of {} tokens/s, not the output "
                                      "throughput of {} tokens/s; say which",
                                      fmt_int(pf.total_tokens_per_s), fmt_int(pf.output_tokens_per_s));
        }
        return;
      }
      check_performance(f, c, x, pf.output_tokens_per_s, pf.sol_output_tokens_per_s, true,
                        fmt::format("{} output tokens/s", fmt_int(pf.output_tokens_per_s)),
                        fmt::format("{} output tokens/s", fmt_int(pf.output_tokens_per_s)));
      return;
    }
    case ClaimKind::kThroughputPerGpu: {
      const Performance& pf = p->performance;
      check_performance(f, c, x, pf.output_tokens_per_s_per_gpu, pf.sol_output_tokens_per_s / s.gpus(), true,
                        fmt::format("{} output tokens/s per GPU", fmt_int(pf.output_tokens_per_s_per_gpu)),
                        fmt::format("{} output tokens/s per GPU", fmt_int(pf.output_tokens_per_s_per_gpu)));
      return;
    }
    case ClaimKind::kTtft: {
      const Performance& pf = p->performance;
      check_performance(f, c, x, pf.ttft_s, pf.sol_ttft_s, false, "a TTFT of " + fmt_seconds(pf.ttft_s),
                        fmt_seconds(pf.ttft_s));
      return;
    }
    case ClaimKind::kTpot: {
      const Performance& pf = p->performance;
      check_performance(f, c, x, pf.tpot_s, pf.sol_tpot_s, false, "a TPOT of " + fmt_seconds(pf.tpot_s),
                        fmt_seconds(pf.tpot_s));
      return;
    }
    case ClaimKind::kBandwidth: {
      const ClusterSpec& cl = sc->cluster;
      // The link named closest before the number on its line (else just after it).
      std::string line(x.doc->line(c.line));
      for (char& ch : line) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      struct Link { const char* name; double bytes_per_s; std::vector<double> also; };
      // The names each link goes by are the lexicon's (`links`), searched in the lower-cased line.
      const Lexicon& lx = lexicon();
      const std::vector<std::pair<const std::vector<std::string>*, Link>> links = {
          {&lx.strings("links.hbm"), {"HBM", cl.gpu.memory_bandwidth_bytes_per_s, {}}},
          {&lx.strings("links.intra_node"),
           {"intra-node link (per direction)", cl.intra_node.bandwidth_bytes_per_s,
            {2 * cl.intra_node.bandwidth_bytes_per_s, cl.gpu.allreduce_bus_bandwidth_bytes_per_s}}},
          {&lx.strings("links.inter_node"), {"inter-node link per GPU", cl.inter_node.bandwidth_bytes_per_s, {}}}};
      // Prefer the link named in the number's own clause (between commas or
      // semicolons): before the number, else after it; then anywhere before it.
      const size_t clause_begin = [&] {
        const size_t cut = line.find_last_of(",;", c.col_begin);
        return cut == std::string::npos ? size_t{0} : cut + 1;
      }();
      // (The clause ends at its sentence's end too: "26.8 TB/s for the node. NVLink: 900 GB/s" binds no NVLink.)
      const size_t clause_end =
          std::min({line.size(), line.find_first_of(",;", c.col_end), line.find(". ", c.col_end)});
      auto nearest = [&](size_t from, size_t to, bool last) -> std::optional<Link> {
        std::optional<Link> found;
        long best = last ? -1 : static_cast<long>(to);
        for (const auto& [words, l] : links)
          for (const std::string& w : *words) {
            const size_t at = last ? line.rfind(w, to) : line.find(w, from);
            if (at == std::string::npos || at < from || at + w.size() > to) continue;
            if (last ? static_cast<long>(at) > best : static_cast<long>(at) < best) {
              best = static_cast<long>(at);
              found = l;
            }
          }
        return found;
      };
      // "200 GB/s of NVLink": a link named right after the figure binds before one earlier in the clause.
      std::optional<Link> link;
      if (const std::string_view after = std::string_view(line).substr(std::min(line.size(), c.col_end));
          after.find_first_not_of(" ") != std::string_view::npos) {
        const size_t unit_end = after.find(' ', after.find_first_not_of(" "));
        const size_t of = unit_end == std::string_view::npos ? std::string_view::npos : after.find_first_not_of(' ', unit_end);
        if (of != std::string_view::npos && (after.substr(of).starts_with("of ") || after.substr(of).starts_with("on ")))
          link = nearest(c.col_end + of, std::min(clause_end, c.col_end + of + 20), false);
      }
      if (!link) link = nearest(clause_begin, c.col_begin, true);
      if (!link) link = nearest(c.col_end, clause_end, false);
      if (!link) link = nearest(0, c.col_begin, true);
      // "per node", "in the deployment", "across the 32 GPUs", "2 GPUs: 16 TB/s": the GPUs' bandwidths added up.
      const int named = c.reading.owner == Owner::kUnsaid ? gpus_named_in(line, clause_begin, clause_end, c) : 0;
      const int gpus = c.reading.owner == Owner::kNode ? std::min(cl.gpus_per_node, cl.gpus)
                       : c.reading.owner == Owner::kCluster ? cl.gpus : named > 1 ? named : 1;
      if (link && link->bytes_per_s > 0 && gpus > 1 && std::string(link->name) == "HBM") {
        check_count(f, c, link->bytes_per_s * gpus,
                    fmt::format("{} GPUs × {:.3g} TB/s of HBM = {:.3g} TB/s", gpus, link->bytes_per_s / 1e12,
                                link->bytes_per_s * gpus / 1e12));
        return;
      }
      if (link && link->bytes_per_s > 0 && gpus > 1 && covers(c, link->bytes_per_s * gpus)) {
        f.verdict = Verdict::kCorrect;
        f.expected = link->bytes_per_s * gpus;
        f.explanation = fmt::format("{} GPUs × {:.3g} GB/s of {} = {:.3g} GB/s", gpus, link->bytes_per_s / 1e9,
                                    link->name, link->bytes_per_s * gpus / 1e9);
        return;
      }
      if (link && link->bytes_per_s > 0) {
        bool ok = covers(c, link->bytes_per_s);
        // "per direction" binds: both directions together is not one direction's figure.
        if (c.reading.component != "one_direction")
          for (double v : link->also) ok |= v > 0 && covers(c, v);
        f.expected = link->bytes_per_s;
        f.expected_text = fmt::format("{:.3g} GB/s", link->bytes_per_s / 1e9);
        const std::string why = fmt::format("the scenario's {}: {:.3g} GB/s", link->name, link->bytes_per_s / 1e9);
        if (ok) { f.verdict = Verdict::kCorrect; f.explanation = why; }
        else set_wrong(f, c, link->bytes_per_s, why);
        return;
      }
      // Unnamed, a link's figure for both directions together still counts, unless the figure says it is one
      // direction's ("400 GB/s per direction" where NVLink carries 200 each way).
      const bool one_way = c.reading.component == "one_direction";
      const double options[] = {cl.intra_node.bandwidth_bytes_per_s, one_way ? 0 : 2 * cl.intra_node.bandwidth_bytes_per_s,
                                cl.inter_node.bandwidth_bytes_per_s, cl.gpu.memory_bandwidth_bytes_per_s,
                                one_way ? 0 : cl.gpu.allreduce_bus_bandwidth_bytes_per_s};
      for (double v : options)
        if (v > 0 && covers(c, v)) {
          f.verdict = Verdict::kCorrect;
          f.expected = v;
          f.explanation = "matches a link or memory bandwidth of the cluster";
          return;
        }
      f.verdict = Verdict::kUnverifiable;
      f.explanation = fmt::format("no link of the scenario has this bandwidth (NVLink {:.0f} GB/s per direction, network "
                                  "{:.0f} GB/s per GPU, HBM {:.2f} TB/s)",
                                  cl.intra_node.bandwidth_bytes_per_s / 1e9, cl.inter_node.bandwidth_bytes_per_s / 1e9,
                                  cl.gpu.memory_bandwidth_bytes_per_s / 1e12);
      return;
    }
    case ClaimKind::kOptimizerStates:
    case ClaimKind::kOther:
      f.verdict = Verdict::kUnverifiable;
      f.explanation = "not a quantity moeplan derives";
      return;
  }
}

// A claim that fixes a layout, a degree or a GPU count: what survey() keeps of it.
struct LayoutClaim {
  int line = 0;
  ClaimKind kind = ClaimKind::kOther;
  double value = 0;
  size_t col_begin = 0;
  bool table_row = false;  // its text is a table row ("| TP | 4 |")
};

// The document's own degrees, where it states them, from the claims `include` accepts.
std::optional<Strategy> document_strategy(const std::vector<LayoutClaim>& claims, const Scenario& sc, std::string* source,
                                          const std::function<bool(const LayoutClaim&)>& include) {
  PartialStrategy ps;
  bool any = false;
  auto take = [&](ClaimKind k, std::optional<int>& slot) {
    for (const auto& c : claims)
      if (c.kind == k && !slot && c.value >= 1 && c.value == std::floor(c.value) && c.value < 1e6 && include(c)) {
        slot = static_cast<int>(c.value);
        any = true;
      }
  };
  take(ClaimKind::kTp, ps.tp);
  take(ClaimKind::kPp, ps.pp);
  take(ClaimKind::kDp, ps.dp);
  take(ClaimKind::kEp, ps.ep);
  take(ClaimKind::kEtp, ps.etp);
  if (!any) return std::nullopt;
  // A document that states the scenario's strategy somewhere is about it, even when an
  // incident or an earlier layout comes first.
  if (sc.strategy) {
    const Strategy& t = *sc.strategy;
    bool states_it = true;
    for (const auto& [k, want] : {std::pair{ClaimKind::kTp, t.tp}, std::pair{ClaimKind::kPp, t.pp},
                                  std::pair{ClaimKind::kDp, t.dp}, std::pair{ClaimKind::kEp, t.ep}}) {
      bool stated = false, matches = false;
      for (const auto& c : claims)
        if (c.kind == k && include(c)) {
          stated = true;
          matches |= c.value == want;
        }
      states_it &= !stated || matches;
    }
    if (states_it) {
      *source = "the document (" + t.label() + ")";
      return t;
    }
  }
  // A scenario that states its strategy names the deployment: degrees the document states otherwise are
  // claims to judge (or another layout's, in a region of their own), never the yardstick. One misread or
  // wrong "EP 2" must not turn every right figure of the document wrong.
  if (sc.strategy) return std::nullopt;
  try {
    Strategy s = complete_strategy(ps, sc.cluster.gpus, sc.model.is_moe(), "");
    if (strategy_problem(s, sc.model, sc.cluster, sc.placement.redundant_experts)) return std::nullopt;
    *source = "the document (" + s.label() + ")";
    return s;
  } catch (const InputError&) {
    return std::nullopt;
  }
}

void fill_stage_ranges(Context& x) {
  x.weights_min = 1e300;
  x.params_gpu_min = 1e300;
  x.static_min = 1e300;
  for (const auto& g : x.plan->memory.stages) {
    x.weights_min = std::min(x.weights_min, g.weights_bytes);
    x.weights_max = std::max(x.weights_max, g.weights_bytes);
    x.params_gpu_min = std::min(x.params_gpu_min, g.weight_params);
    x.params_gpu_max = std::max(x.params_gpu_max, g.weight_params);
    x.static_min = std::min(x.static_min, g.weights_bytes + g.activation_bytes + g.runtime_reserve_bytes);
  }
}

// Whether a formula holds a glued "2B" (a small number with a B suffix: "x 2B"), which reads as 2 billion
// parameters or as 2 bytes.
bool has_small_b_factor(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != 'B' || i == 0 || !std::isdigit(static_cast<unsigned char>(text[i - 1]))) continue;
    if (i + 1 < text.size() && std::isalnum(static_cast<unsigned char>(text[i + 1]))) continue;
    size_t b = i;
    while (b > 0 && (std::isdigit(static_cast<unsigned char>(text[b - 1])) || text[b - 1] == '.')) --b;
    if (b > 0 && std::isalnum(static_cast<unsigned char>(text[b - 1]))) continue;  // part of a name: "A2.7B"
    const double v = std::atof(std::string(text.substr(b, i - b)).c_str());
    if (v > 0 && v <= 8) return true;
  }
  return false;
}

// A dimension no quantity has: bytes or parameters squared, parameters per byte, seconds or tokens squared
// ("60.8 GB x 2 bytes"). A formula that computes one is wrong whatever it was meant to give.
bool meaningless(const Dimension& d) {
  return std::abs(d.bytes) >= 2 || std::abs(d.params) >= 2 || std::abs(d.seconds) >= 2 || std::abs(d.tokens) >= 2 ||
         (d.params > 0 && d.bytes < 0);
}

// Formulas are checked on their own first: the dimensions, then the
// arithmetic of "a x b = c"; a verdict from the Plan stands only when both hold.
void check_formula(Finding& f, const Claim& c) {
  // An inline formula: its own arithmetic and dimensions.
  if (c.arithmetic && c.kind != ClaimKind::kDegreeProduct) {
    Arithmetic a = *c.arithmetic;
    // "141B × 2 = 282 GB": a plain factor after a parameter count is its bytes per parameter.
    if (!a.dimension_matches && a.dimension == Dimension{1, 0, 0, 0, 0} && claim_dimension(c.kind) &&
        claim_dimension(c.kind)->bytes == 1 && claim_dimension(c.kind)->params == 0 &&
        a.dimension_note.find("divides") == std::string::npos)
      a.dimension_matches = true;
    // "48 layers x 4 KV heads x 128 x 2 x 2B = 98,304 B": with no parameter count in it, the "2B" of a formula
    // for bytes is 2 bytes, not 2 billion; the reading under which the arithmetic holds is taken.
    if (a.dimension == Dimension{1, 0, 0, 0, 0} && claim_dimension(c.kind) && claim_dimension(c.kind)->bytes == 1 &&
        claim_dimension(c.kind)->params == 0 && has_small_b_factor(a.text) &&
        close(a.value / 1e9, c.value, formula_tolerance(c)))
      return;
    if (!a.dimension_matches || formula_off(c)) {
      f.formula_begin = a.col_begin;
      f.formula_end = a.col_end;
      f.formula_replacement = "computed per stage by moeplan";
    }
    if (!a.dimension_matches) {
      f.explanation = "the formula \"" + a.text + "\" has dimension " + to_string(a.dimension) + ": " + a.dimension_note +
                      (f.explanation.empty() ? "" : ". " + f.explanation);
      // Dividing a parameter count by bytes per parameter is the seed review's mistake whoever the figure is for.
      // So is one with a dimension no quantity has. Any other mismatch ("2 x 312 TFLOP/s of BF16 = 41.8 ms", where
      // the FLOPs divided sit on the line before) says the formula was not read whole: not understood, not wrong.
      if (a.dimension_note.find("divides") != std::string::npos || meaningless(a.dimension)) {
        if (f.verdict == Verdict::kCorrect || f.verdict == Verdict::kUnverifiable || f.verdict == Verdict::kNotUnderstood)
          f.verdict = Verdict::kWrong;
      } else if (f.verdict == Verdict::kCorrect || f.verdict == Verdict::kUnverifiable) {
        f.verdict = Verdict::kNotUnderstood;
      }
    } else if (formula_off(c)) {
      f.explanation = fmt::format("the formula \"{}\" gives {:.4g}, not the stated {:g}{}", a.text, formula_value(c) / c.unit_scale,
                                  c.value / c.unit_scale,
                                  formula_unit_slip(c) ? " (its result in the other unit: a binary and a decimal unit "
                                                         "differ by 1.024 a prefix)"
                                                       : "") +
                      (f.explanation.empty() ? "" : ". " + f.explanation);
      // Arithmetic that does not compute is wrong whatever the figure is about.
      if (f.verdict == Verdict::kCorrect || f.verdict == Verdict::kUnverifiable || f.verdict == Verdict::kNotUnderstood)
        f.verdict = Verdict::kWrong;
      // With nothing else to say it should be, the formula's own result: --fix keeps the formula and writes that.
      if (f.replacement.empty() && f.verdict == Verdict::kWrong) {
        f.expected = formula_value(c);
        f.expected_text = in_written_unit(c, *f.expected) + (c.unit_text.empty() ? "" : " " + c.unit_text);
        f.replacement = in_written_unit(c, *f.expected);
        f.formula_begin = f.formula_end = 0;
        f.formula_replacement.clear();
      }
    }
  }
}

bool is_degree(ClaimKind k) {
  return k == ClaimKind::kTp || k == ClaimKind::kPp || k == ClaimKind::kDp || k == ClaimKind::kEp || k == ClaimKind::kEtp;
}

// Whether a layout's degrees decide a figure of this kind: per-GPU shares, rates and latencies, the degrees
// themselves; not a GPU's memory or bandwidth, nor the model's own counts.
bool layout_decides(ClaimKind k) {
  return is_degree(k) || one_of(k, {ClaimKind::kDegreeProduct, ClaimKind::kExpertsPerGpu, ClaimKind::kWeightsPerGpu,
                                    ClaimKind::kKvPerToken, ClaimKind::kMemoryPerGpuTotal, ClaimKind::kParamsPerGpu,
                                    ClaimKind::kLayersPerStage, ClaimKind::kThroughput, ClaimKind::kThroughputPerGpu,
                                    ClaimKind::kTtft, ClaimKind::kTpot, ClaimKind::kEpGroupSize, ClaimKind::kEpGroups});
}

// A part of the document about another layout than the deployment's: a
// section whose title names an alternative (lexicon "alternatives": option
// B, fallback, degraded mode, what-if), or a line that names one or spells
// out other degrees. Its claims are judged under its own strategy.
// How far up a line's block is searched for the item or paragraph label that opens it, and how long a
// paragraph's label before a colon may be ("Option 2 (fallback, if no DGX arrives)").
constexpr int kMaxBlockLines = 40;
// Columns of a table of layouts side by side that get a region each (one table's columns, at most).
constexpr size_t kMaxLayoutColumns = 32;
constexpr size_t kMaxBlockLabelBytes = 80;

struct Region {
  bool built = false;
  bool same_as_main = false;
  bool pool = false;    // a prefill or decode pool (check/pools.h): its own GPU type and instances too
  std::string label;    // "tp=8 pp=1 dp=1 ep=8 etp=1"
  std::string problem;  // why the alternative cannot be evaluated
  std::optional<int> stated_ep;  // the EP its text states, if any: experts per GPU need no more of the layout
  std::optional<int> built_ep;   // the EP of the strategy rebuilt from its text, valid or not
  std::unique_ptr<Scenario> scenario;
  std::optional<Plan> plan;
  Context ctx;
};

}  // namespace

// What check needs of the whole document before it judges a claim: the claims
// that fix layouts (survey), the deployment's strategy and Plan, and the
// regions about alternative layouts with their Plans (settle). check() then
// judges the document's claims a run at a time, appending to r.findings.
struct DocumentChecker::State {
  const MarkdownDocument& doc;
  const Scenario* scenario;
  CheckOptions options;
  CheckReport r;
  Context x;
  std::map<std::tuple<const Plan*, int, int, bool>, PerformanceBounds> bounds;  // x.bounds: performance bounds, cached
  std::vector<LayoutClaim> layout_claims;     // in document order
  std::vector<int> layout_region;             // the region of each
  std::vector<std::pair<int, int>> degrees;   // (line, degree claims on it), by line
  std::vector<int> node_region;               // index of the alternative node, or -1
  std::vector<std::string> node_model;        // the model a node's title names, "" for the scenario's
  std::map<int, PoolRole> region_pool;        // region key -> the serving pool it is about (issue 10)
  std::map<int, bool> line_names_alternative;
  std::unordered_multimap<int, double> product_results;  // line -> the stated result of a degree product on it
  std::unordered_map<int, int> line_scale;  // line -> the GPUs of another scale it names (0: none), cached
  std::unordered_set<int> layout_figure_lines;    // lines with a per-GPU figure a layout decides (weights, KV, experts)
  std::unordered_set<int> figure_alternatives;    // lines that are alternatives only by their degrees and figures
  std::unordered_map<int, bool> figures_fit;      // such a line -> whether its figures fit its own layout, not the deployment's
  std::unordered_set<int> refuted_layout_lines;   // such lines whose figures fit the deployment instead
  std::unordered_set<int> differs;            // lines that spell out a whole strategy other than the plan's
  std::unordered_map<int, std::vector<size_t>> members;  // region key -> its layout claims
  std::unordered_map<int, Region*> regions;             // region key -> its layout
  std::unordered_map<std::string, Region> layouts;      // one per model (or pool), degrees and GPUs
  Region main_layout;                         // a region whose layout is the deployment's
  std::map<std::string, ModelSpec> models;    // the presets sections name, read once
  std::unordered_set<int> rows_of_other_layouts;
  std::unique_ptr<Scenario> model_scenario;  // a pool's, for model_plan
  std::optional<Plan> model_plan;            // Context::model_plan
  std::function<bool(std::string_view)> names_alternative;
  // A per-GPU KV figure no layout holds (kv_no_layout) is wrong under any layout the sentence may be about, where no
  // layout was read for it.
  void wrong_under_any_layout(Finding& f, const Claim& c) const {
    if (!scenario || c.kind != ClaimKind::kKvPerToken) return;
    if (const std::string why = kv_no_layout(c, scenario->model); !why.empty()) {
      f.verdict = Verdict::kWrong;
      f.expected.reset();
      f.replacement.clear();
      f.explanation = why;
    }
  }
  // "KV budget per GPU: 52.1 GB" where the deployment leaves 57.29 GB: a pool below the budget by more than the
  // activations and the runtime reserve together, which no other valid layout of the model on these GPUs (or half or
  // twice as many) leaves either (its weights differing from the deployment's by what the pool is short, to 10%), is
  // wrong: the scenario's memory fraction leaves more. Not in a paragraph about another layout or what would be.
  void pool_no_layout_leaves(Finding& f, const Claim& c) {
    if (!x.plan || x.plan->memory.stages.empty() || c.value_hi != c.value || hypothetical_context(c.line)) return;
    double lo = 1e300, set_aside = 1e300, weights = 0;
    for (const StageMemory& g : x.plan->memory.stages) {
      lo = std::min(lo, g.kv_budget_bytes);
      set_aside = std::min(set_aside, g.activation_bytes + g.runtime_reserve_bytes);
      weights = std::max(weights, g.weights_bytes);
    }
    if (lo <= 0 || c.value * (1 + rounding_tolerance(c)) >= lo - set_aside) return;
    const double short_by = lo - c.value;
    for (const OtherLayout& o : other_layout_figures())
      if (o.weights > weights && close(o.weights - weights, short_by, 0.10)) return;
    f.verdict = Verdict::kWrong;
    f.explanation += fmt::format("; {} below it is more than the activations and runtime reserve together ({}), and "
                                 "no other layout's weights take the difference: the scenario's memory fraction leaves "
                                 "more", fmt_gb(short_by), fmt_gb(set_aside));
  }
  int output_rates = 0, total_rates = 0;  // rates the document says count output tokens, or input and output
  // The per-GPU weights (the largest stage's) of every valid layout of the deployment's model on its GPUs, on any
  // divisor of them and on twice as many, the deployment's own layout and the whole model on one GPU left out;
  // computed when first asked.
  // Also one GPU's KV per token under each (its stages' least and most).
  struct OtherLayout {
    Strategy strategy;
    double weights = 0;
    double kv_min = 0, kv_max = 0;
    bool whole_model = false;  // every GPU holds the whole model
  };
  std::optional<std::vector<OtherLayout>> other_layouts;
  const std::vector<OtherLayout>& other_layout_figures() {
    if (other_layouts) return *other_layouts;
    other_layouts.emplace();
    if (!scenario || !x.plan) return *other_layouts;
    const double model = model_weight_bytes(scenario->model, x.plan->params.breakdown);
    std::set<int> counts;
    for (int n : divisors(scenario->cluster.gpus)) counts.insert(n);
    counts.insert(2 * scenario->cluster.gpus);
    constexpr int kMostGpus = 256;  // beyond that the layouts are many and their weights near one another
    for (int n : counts) {
      if (n > kMostGpus) continue;
      Scenario sc = *scenario;
      sc.cluster.gpus = n;
      for (const StrategyCandidate& k : enumerate_strategies(sc, false).valid)
        if (!(k.strategy == x.plan->strategy))
          other_layouts->push_back({k.strategy, k.weights_bytes_max, k.kv_bytes_per_token_min, k.kv_bytes_per_token_max,
                                    close(k.weights_bytes_max, model, 0.01)});
    }
    return *other_layouts;
  }
  // Whether the line, its paragraph before it or its section speaks of another layout or of what would be
  // (lexicon "alternatives", sets.hypothetical: "would", "instead", "tried").
  std::unordered_map<int, bool> line_hypothetical;  // hypothetical_context's answer for a line, cached
  bool hypothetical_context(int line) {
    if (auto it = line_hypothetical.find(line); it != line_hypothetical.end()) return it->second;
    static const WordSet& words = lexicon().set("hypothetical");
    static const NormalizedWordFilter filter = [] {
      std::vector<std::string> ws;
      for (const auto& [w, unused] : words.entries()) ws.push_back(w);
      return NormalizedWordFilter(ws);
    }();
    auto says = [&](std::string_view text) {
      if (names_alternative(text)) return true;
      if (!filter.may_hold(text)) return false;
      for (const std::string& w : normalized_words(text))
        if (words.count(w) > 0) return true;
      return false;
    };
    bool found = says(doc.node_path(line));
    for (int l = line; !found && l >= paragraph_start(line); --l) found = says(doc.line(l));
    line_hypothetical.emplace(line, found);
    return found;
  }
  // Whether a line names a pipeline stage: "stage 1", "stage-0 GPU", "on stage 0", or a row of a table with a "stage"
  // column.
  bool names_pipeline_stage(int line) const {
    auto names = [](std::string_view t) {
      for (size_t at = 0; (at = t.find("stage", at)) != std::string_view::npos; at += 5) {
        if (at > 0 && std::isalpha(static_cast<unsigned char>(t[at - 1]))) continue;
        size_t k = at + 5;
        while (k < t.size() && (t[k] == ' ' || t[k] == '-' || t[k] == '_')) ++k;
        if (k < t.size() && std::isdigit(static_cast<unsigned char>(t[k]))) return true;
      }
      return false;
    };
    std::string lower(doc.line(line));
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (names(lower)) return true;
    if (doc.kind_of(line) != LineKind::kTableRow) return false;
    std::string header(doc.line(table_start(line)));
    for (char& ch : header) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return header.find("| stage") != std::string::npos || header.find("|stage") != std::string::npos;
  }
  // The first line of the paragraph a line ends (at most six lines back).
  int paragraph_start(int line) const {
    constexpr int kParagraphLines = 6;
    int first = line;
    for (int l = line; l >= 1 && line - l < kParagraphLines; --l) {
      const LineKind kind = doc.kind_of(l);
      if (kind == LineKind::kBlank || kind == LineKind::kHeading || kind == LineKind::kFrontMatter) break;
      first = l;
    }
    return first;
  }
  // A line's own text: an alternative named, or another scale than the deployment's.
  std::function<bool(std::string_view)> line_names_layout;
  std::function<int(int)> region_of_line;
  // "If somebody runs the whole model on a single GPU, the weights are 13.8 GB per GPU": a line about one GPU of a
  // deployment of several is about the one-GPU layout, which needs no degrees stated; "the four-GPU slice, where
  // each GPU only has 32 experts" is about a layout on 4 GPUs, whose degrees it does not state. The GPUs of the
  // other scale a prose line names, 0 when none.
  int scale_gpus(int line) {
    // Prose only (a chat's "**TB:**" lines too): a sheet's "1    GPUs    32" is a row index before a metric.
    if (scenario == nullptr || (doc.kind_of(line) != LineKind::kText && doc.kind_of(line) != LineKind::kBoldLabel))
      return 0;
    auto it = line_scale.find(line);
    if (it != line_scale.end()) return it->second;
    int n = 0;
    const std::string_view text = doc.line(line);
    if (counts_before(text, {"gpu"}, false)) {
      const std::vector<std::string> owned = counted_words(text);
      const std::vector<std::string_view> words(owned.begin(), owned.end());
      n = other_scale_gpus(words, scenario->cluster.gpus, scenario->cluster.gpus_per_node, true);
      // "One H100 can hold the checkpoint" in an H200 document: GPUs of another model, not this deployment's scale.
      if (n > 0 && !other_gpu_in(text, *scenario).empty()) n = 0;
      // One GPU of a one-GPU deployment is the deployment; "tp x dp x ep = 16 GPUs" states a product, judged as such.
      if (n == 1 && scenario->cluster.gpus <= 1) n = 0;
      for (auto [at, end] = product_results.equal_range(line); at != end; ++at)
        if (at->second == n) n = 0;
    }
    return line_scale.emplace(line, n).first->second;
  }
  // "with expert parallel: 64 experts per GPU per MoE layer, 3,072 over all MoE layers": a degree far above the
  // experts and GPUs any layout of the deployment has (four times both) is a misread number, not a layout.
  bool implausible_degree(const Claim& c) const {
    if (!is_degree(c.kind) || scenario == nullptr) return false;
    const double ceiling = 4.0 * std::max({static_cast<double>(scenario->model.num_experts +
                                                               scenario->placement.redundant_experts),
                                           static_cast<double>(scenario->cluster.gpus), 8.0});
    return c.value > ceiling;
  }
  // Whether a region key is a line about another number of GPUs (not one) that states no degree.
  bool unstated_scale(int key) {
    return key < 0 && !is_block_key(key) && -key <= doc.line_count() && degrees_on(-key) == 0 && on_other_scale(-key) &&
           !on_one_gpu(-key);
  }
  bool on_one_gpu(int line) { return scale_gpus(line) == 1; }
  // Whether the degrees `line` states are its section's (node `i`, a section on one alternative): the line is no table
  // row and names no alternative or scale of its own, and every line of the section that states degrees (but names no
  // alternative of its own) agrees with every other on each degree ("### Option B" ... "TP 8 x PP 2 x DP 1 = 16 GPUs"
  // ... "EP 8 per stage"): one layout, written over several lines.
  bool states_section_degrees(size_t i, int line) {
    if (doc.kind_of(line) == LineKind::kTableRow) return false;
    // "Alternative considered and rejected: EP 16 on the same 8 GPUs" is a layout of its own.
    auto own = [&](int k) { return names_alternative(doc.line(k)); };
    // So is "Config A, one node (TP 4, EP 8)": its region keeps that scale.
    if (own(line) || line_names_layout(doc.line(line))) return false;
    const SectionDegrees& d = section_degrees(i);
    return d.one_layout && d.lines.count(line) > 0;
  }
  // A section's lines that state degrees (those that name no alternative of their own), and whether they agree on one
  // layout: no two values of a degree, no such line a table row or one naming a layout of its own, no line writing a
  // degree the survey did not keep. Read once per section.
  struct SectionDegrees {
    std::set<int> lines;
    bool one_layout = true;
  };
  std::unordered_map<size_t, SectionDegrees> section_degrees_read;
  const SectionDegrees& section_degrees(size_t i) {
    if (auto it = section_degrees_read.find(i); it != section_degrees_read.end()) return it->second;
    SectionDegrees d;
    const MarkdownNode& n = doc.nodes[i];
    auto own = [&](int k) { return names_alternative(doc.line(k)); };
    std::map<ClaimKind, double> stated;
    for (auto at = std::lower_bound(layout_claims.begin(), layout_claims.end(), n.first_line,
                                    [](const LayoutClaim& l, int v) { return l.line < v; });
         at != layout_claims.end() && at->line <= n.last_line && d.one_layout; ++at) {
      const LayoutClaim& c = *at;
      if (!is_degree(c.kind) || own(c.line)) continue;
      if (doc.kind_of(c.line) == LineKind::kTableRow || line_names_layout(doc.line(c.line))) {
        // (a line that is its own layout, unless it is the only one: then it is not the section's anyway)
        d.one_layout = false;
        break;
      }
      if (const auto [it, fresh] = stated.emplace(c.kind, c.value); !fresh && it->second != c.value) d.one_layout = false;
      d.lines.insert(c.line);
    }
    // "- TP 2 (experts sharded by TP, no EP): ..." beside "- TP 2 + EP 2: ...": which layout that line has is not read.
    constexpr int kMostLines = 200;  // a longer section is no one alternative's
    if (n.last_line - n.first_line > kMostLines) d.one_layout = false;
    for (int k = n.first_line; d.one_layout && k <= n.last_line && k <= doc.line_count(); ++k)
      if (!d.lines.count(k) && writes_degree(doc.line(k)) && !own(k)) d.one_layout = false;
    return section_degrees_read.emplace(i, std::move(d)).first->second;
  }
  // Whether a text writes a degree with its value: "TP 2", "ep=8", "DP: 4", "TP8" (letters not inside a word).
  static bool writes_degree(std::string_view t) {
    for (size_t i = 0; i + 2 < t.size(); ++i) {
      const char a = static_cast<char>(std::tolower(static_cast<unsigned char>(t[i])));
      const char b = static_cast<char>(std::tolower(static_cast<unsigned char>(t[i + 1])));
      if (b != 'p' || (a != 't' && a != 'e' && a != 'p' && a != 'd')) continue;
      if (i > 0 && std::isalnum(static_cast<unsigned char>(t[i - 1]))) continue;
      size_t k = i + 2;
      while (k < t.size() && (t[k] == ' ' || t[k] == '=' || t[k] == ':')) ++k;
      if (k < t.size() && std::isdigit(static_cast<unsigned char>(t[k]))) return true;
    }
    return false;
  }
  // Whether a line of node `i`'s section (its heading included) states a degree.
  bool section_states_degrees(size_t i) const {
    const MarkdownNode& n = doc.nodes[i];
    const auto from = std::lower_bound(degrees.begin(), degrees.end(), std::pair{n.first_line, 0});
    return from != degrees.end() && from->first <= n.last_line;
  }
  // Whether `line` states a product of degrees that is not the deployment's GPUs ("TP 4 × PP 2 × EP 4 = 32 GPUs").
  bool other_product(int line) const {
    if (scenario == nullptr) return false;
    for (auto [at, end] = product_results.equal_range(line); at != end; ++at)
      if (at->second != scenario->cluster.gpus) return true;
    return false;
  }
  bool on_other_scale(int line) { return scale_gpus(line) > 0; }
  std::function<bool(int)> continues;
  // The line that opens the block `line` is in, when it names an alternative or another model: a list item
  // over its nested items ("- **Option 2 (fallback):** ..." and the items under it), or a paragraph's
  // opening label ("**Option B: two H100 nodes.** ..." and the paragraph's other lines); 0 when none.
  std::function<int(int)> block_head;
  std::map<int, std::string> block_model;  // block region key -> the model its head names, "" for the scenario's
  std::map<int, std::string> block_heads_read;  // head line -> "" (names nothing), "alt", or a model; pruned as runs pass
  std::vector<std::pair<std::string, std::string>> model_presets;  // (name compacted, preset name)
  std::function<std::string(std::string_view)> other_model;
  int block_key(int head) const { return -(3 * doc.line_count() + 10 + head); }
  bool is_block_key(int key) const { return key < -(3 * doc.line_count() + 9) && key > -(4 * doc.line_count() + 21); }
  std::function<int(int)> text_region;
  std::function<Region&(int)> build_region;

  State(const MarkdownDocument& d, const Scenario* sc, const CheckOptions& o) : doc(d), scenario(sc), options(o) {
    r.file = doc.file;
    r.has_scenario = scenario != nullptr;
    x.doc = &doc;
    x.scenario = scenario;
    x.options = &options;
    x.bounds = &bounds;
    x.refuted_layout_lines = &refuted_layout_lines;
    main_layout.built = true;
    main_layout.same_as_main = true;
  }
  // Whether a line that states degrees is about an alternative: it names one or another scale, or it states other
  // degrees than the deployment's beside per-GPU figures they decide ("TP2 weights per GPU: 30.55 GB"; only a
  // candidate, kept in figure_alternatives: check() keeps it where its figures fit it and not the deployment).
  bool line_alternative(int line) {
    if (line_names_layout(doc.line(line))) return true;
    if (states_other_degrees(line) && layout_figure_lines.count(line) > 0) {
      figure_alternatives.insert(line);
      return true;
    }
    return false;
  }
  // Whether `line` states a degree other than the deployment's ("Restart ... with --tensor-parallel-size 4 and EP 4").
  bool states_other_degrees(int line) const {
    // The scenario's strategy: regions are read before the deployment's Plan exists.
    const Strategy* main = scenario != nullptr && scenario->strategy ? &*scenario->strategy
                         : x.plan != nullptr ? &x.plan->strategy : nullptr;
    if (main == nullptr) return false;
    const Strategy& m = *main;
    const auto first = std::lower_bound(layout_claims.begin(), layout_claims.end(), line,
                                        [](const LayoutClaim& c, int l) { return c.line < l; });
    // "TP = 2 without expert parallelism" beside a deployment that runs EP: EP 1, another layout.
    if (m.ep > 1 && first != layout_claims.end() && first->line == line && says_no_expert_parallel(doc.line(line)))
      return true;
    for (auto it = first; it != layout_claims.end() && it->line == line; ++it) {
      const int own = it->kind == ClaimKind::kTp ? m.tp : it->kind == ClaimKind::kPp ? m.pp
                    : it->kind == ClaimKind::kDp ? m.dp : it->kind == ClaimKind::kEp ? m.ep
                    : it->kind == ClaimKind::kEtp ? m.etp : 0;
      if (own > 0 && it->value != own) return true;
      // "8 x TP1 instances" beside a TP1 deployment of one instance: as many engine instances as the line says.
      if (it->kind == ClaimKind::kTp && own > 0) {
        const int n = instances_of_tp(doc.line(line), own);
        if (n >= 2 && n != m.instances) return true;
      }
    }
    return false;
  }
  // The one TP the line states ("KV per token per GPU at TP 4", "(70,272 / TP 8)"), 0 when none or several.
  int stated_tp(int line) const {
    const auto first = std::lower_bound(layout_claims.begin(), layout_claims.end(), line,
                                        [](const LayoutClaim& c, int l) { return c.line < l; });
    int tp = 0;
    for (auto it = first; it != layout_claims.end() && it->line == line; ++it)
      if (it->kind == ClaimKind::kTp && it->value >= 1 && it->value <= limits::kGpus && it->value == std::floor(it->value)) {
        if (tp != 0 && tp != static_cast<int>(it->value)) return 0;
        tp = static_cast<int>(it->value);
      }
    return tp;
  }
  // The number of a pipeline stage the line names ("stage 1", "Stage 3") that the deployment does not have: above its
  // PP, or equal to it where the document counts stages from 0; -1 when none.
  int missing_stage(int line) {
    if (!x.plan) return -1;
    auto is_digit = [](char ch) { return ch >= '0' && ch <= '9'; };
    if (!stages_from_zero) {
      stages_from_zero = false;
      for (int n = 1; n <= doc.line_count() && !*stages_from_zero; ++n) {
        const std::string_view l = doc.line(n);
        for (size_t at = l.find("tage 0"); at != std::string_view::npos && !*stages_from_zero; at = l.find("tage 0", at + 1))
          stages_from_zero = at > 0 && (l[at - 1] == 's' || l[at - 1] == 'S') && (at + 6 == l.size() || !is_digit(l[at + 6]));
      }
    }
    const int pp = x.plan->strategy.pp;
    const std::string_view l = doc.line(line);
    for (size_t at = l.find("tage "); at != std::string_view::npos; at = l.find("tage ", at + 1)) {
      if (at == 0 || (l[at - 1] != 's' && l[at - 1] != 'S')) continue;
      size_t d = at + 5, e = d;
      while (e < l.size() && e - d < 4 && is_digit(l[e])) ++e;
      if (e == d || (e < l.size() && (is_digit(l[e]) || l[e] == '.'))) continue;
      const int stage = std::stoi(std::string(l.substr(d, e - d)));
      if (stage > pp || (stage == pp && *stages_from_zero)) return stage;
    }
    return -1;
  }
  std::optional<bool> stages_from_zero;  // whether the document names a "stage 0", read on first use
  int degrees_on(int line) const {
    auto it = std::lower_bound(degrees.begin(), degrees.end(), std::pair{line, 0});
    return it != degrees.end() && it->first == line ? it->second : 0;
  }
  // The region of a claim at byte `col` of `line`: from the text (sections, lines about an alternative or a
  // serving pool), then the lines that spell out another strategy. `pools` are the pools `line` names.
  int region_at(int line, size_t col, int text, const std::vector<PoolMention>& pools) {
    if (const int c = column_region(line, col); c != 0) return c;
    const int g = pool_region(line, col, text, pools);
    return g == 0 && differs.count(line) > 0 ? -line : g;
  }
  // Tables that lay layouts side by side ("| | Layout A | Layout B | Layout C |" over "| Strategy | 1 GPU, TP 1 |
  // 2 GPUs, TP 2, EP 2 | ..."): their first line -> the id of their column 0, found where degrees sit in two or
  // more columns; the ids of a table's columns follow on.
  std::unordered_map<int, int> column_tables;
  int column_ids = 0;
  void add_column_table(int start) {
    if (column_tables.count(start)) return;
    column_tables[start] = column_ids;
    column_ids += static_cast<int>(kMaxLayoutColumns);
  }
  int column_key(int start, size_t column) const {
    return -(4 * doc.line_count() + 21 + column_tables.at(start) + static_cast<int>(column));
  }
  std::map<int, std::string> column_gpu;  // column region key -> the GPU preset its header names
  static size_t column_of(std::string_view row, size_t col) {
    size_t cells = 0;
    for (size_t k = 0; k < col && k < row.size(); ++k)
      if (row[k] == '|' && (k == 0 || row[k - 1] != '\\')) ++cells;
    return cells == 0 ? 0 : cells - 1;  // the cell after the first '|' is column 0
  }
  int table_start(int line) const {
    while (line > 1 && (doc.kind_of(line - 1) == LineKind::kTableRow || doc.kind_of(line - 1) == LineKind::kTableSeparator))
      --line;
    return line;
  }
  // Each column after the first of such a table is a region of its own: keys below every other kind.
  int column_region(int line, size_t col) const {
    if (column_tables.empty() || doc.kind_of(line) != LineKind::kTableRow) return 0;
    const int start = table_start(line);
    if (!column_tables.count(start)) return 0;
    const size_t column = column_of(doc.line(line), col);
    if (column == 0 || column >= kMaxLayoutColumns) return 0;
    return column_key(start, column);
  }
  // Whether a line naming serving pools is a pool's region without the scenario's strategy for the pool: a line
  // that states degrees. (The map check_document used before it ran a node at a time also held the lines it had
  // merely looked up, so lines in an alternative's section and lines the next line goes on with counted too.)
  bool states_layout(int line) const {
    return degrees_on(line) > 0;
  }
  // A line that names serving pools ("prefill: EP32 on 4 nodes; decode: EP144 on 18 nodes", a table row labelled
  // "decode"), when it states degrees or the scenario gives the pool's: each number goes with the pool named last
  // before it, a region per line and pool (keys below -line_count). `text`: the region from the text alone.
  // The pools `line` names where they can decide its region (pool_region): on a line that states degrees, or on any
  // line when the scenario gives a pool's strategy. Elsewhere the line is not read for them.
  std::vector<PoolMention> pools_deciding(int line) const {
    const bool given = scenario && (scenario->serving.prefill.strategy || scenario->serving.decode.strategy);
    if (!states_layout(line) && !given) return {};
    return pools_of_line(doc.line(line));
  }
  int pool_region(int line, size_t col, int text, const std::vector<PoolMention>& pools) {
    if (region_pool.count(text) || pools.empty()) return text;
    const PoolRole role = pool_at(pools, col);
    const PoolConfig* given = !scenario ? nullptr : role == PoolRole::kPrefill ? &scenario->serving.prefill : &scenario->serving.decode;
    if (!states_layout(line) && !(given && given->strategy)) return text;
    const int key = -(doc.line_count() + 1 + 2 * line + (role == PoolRole::kDecode ? 1 : 0));
    region_pool[key] = role;
    return key;
  }
  void survey(const std::vector<Claim>& claims);
  void settle();
  void check(const std::vector<Claim>& claims);
};

// Two figures of one quantity on one line (two cells of a table row, two clauses of a sentence), read the same
// way, one right and one not: the line tells them apart by something the reading did not take (a column
// for another GPU, a node, a version before a change, a stage), so the other one is not wrong for sure. It
// stays wrong when its own arithmetic fails ("8 x 58.96 GB = 417.7 GB"), the line quotes it as wrong
// ("90.31 GB per GPU, not 84.5 GB"), it restates the other in a binary unit, or the two were judged against
// different values (two links, a GPU and a node).
// "37.6 GiB", "65 Gio": a figure written in a binary unit. One restating another in the other unit ("35 GB =
// 37.6 GiB") is judged by the conversion, which needs no reading.
bool binary_unit(std::string_view stated) {
  for (const std::string_view u : {"iB", "Gio", "Tio", "Mio"})
    if (stated.find(u) != std::string_view::npos) return true;
  return false;
}

void settle_disagreeing_figures(std::vector<Finding>& findings, const MarkdownDocument& doc) {
  static const WordSet& negations = lexicon().set("quoted_wrong");
  auto quoted_wrong = [&](const Finding& f) {
    const std::string_view line = doc.line(f.line);
    std::string before(line.substr(0, std::min(f.col_begin, line.size())));
    for (char& ch : before) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const size_t end = before.find_last_not_of(" \t~\"'`(*");
    if (end == std::string::npos) return false;
    const size_t begin = before.find_last_of(" \t(\"'`*", end);
    const std::string last = before.substr(begin == std::string::npos ? 0 : begin + 1, end + 1 - (begin == std::string::npos ? 0 : begin + 1));
    return negations.count(last) > 0;
  };
  // "15.25 GB per GPU if split evenly — but ... the real figure is 17.6 GB": the line corrects the first figure by
  // the second.
  static const WordSet& corrections = lexicon().set("corrections");
  auto corrected_after = [&](const Finding& f, const Finding& g) {
    if (g.col_begin <= f.col_end) return false;
    const std::string_view line = doc.line(f.line);
    if (g.col_begin > line.size()) return false;
    for (const std::string& w : normalized_words(std::string(line.substr(f.col_end, g.col_begin - f.col_end))))
      if (corrections.count(w) > 0) return true;
    return false;
  };
  for (size_t i = 0; i < findings.size();) {
    size_t j = i;
    while (j < findings.size() && findings[j].line == findings[i].line) ++j;
    for (size_t a = i; a < j; ++a) {
      Finding& f = findings[a];
      // A figure converted to another unit is the same quantity again: wrong against its own first statement.
      if (f.verdict != Verdict::kWrong || f.explanation.starts_with("the formula") || f.explanation.starts_with("restates")) continue;
      bool quoted_checked = false;
      for (size_t b = i; b < j; ++b) {
        const Finding& g = findings[b];
        if (b == a || g.verdict != Verdict::kCorrect || g.quantity != f.quantity || g.strategy != f.strategy ||
            g.reading != f.reading || close(g.stated, f.stated, 0.02) || !g.expected || !f.expected ||
            !close(*g.expected, *f.expected, 1e-6) || binary_unit(g.stated_text) != binary_unit(f.stated_text))
          continue;
        if (!quoted_checked && quoted_wrong(f)) break;
        quoted_checked = true;
        if (corrected_after(f, g)) break;
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = fmt::format("{} on this line is right for the same quantity read the same way; what sets {} "
                                    "apart (another column, GPU, stage or layout) is not read. Were it read as {}: {}",
                                    g.stated_text, f.stated_text, f.quantity, f.explanation);
        f.replacement.clear();
        f.qualifier.clear();
        break;
      }
    }
    i = j;
  }
}

void DocumentChecker::State::survey(const std::vector<Claim>& claims) {
  const int instances = scenario != nullptr && scenario->strategy ? scenario->strategy->instances : 1;
  for (const Claim& c : claims) {
    if (c.kind == ClaimKind::kThroughput || c.kind == ClaimKind::kThroughputPerGpu) {
      if (says_total_tokens(c.text)) ++total_rates;
      else if (says_output_tokens(c.text) || c.reading.phase == "decode") ++output_rates;
      x.rates_count_output = output_rates > 0 && total_rates == 0;
    }
    if (layout_figure(c)) layout_figure_lines.insert(c.line);
    if (c.kind == ClaimKind::kDegreeProduct) {  // its result is no scale of its own (scale_gpus)
      product_results.emplace(c.line, c.value);
      continue;
    }
    // "(was 65,536 B under TP=2)": a degree of the layout before a change states no layout of the document's.
    if (!fixes_layout(c) || implausible_degree(c) || (is_degree(c.kind) && !c.reading.unclear.empty())) continue;
    // "We run 8 replicas" of a deployment of 8 engine instances: the instances, not another layout's DP.
    if (c.kind == ClaimKind::kDp && instances > 1 && c.value == instances && counts_instances(doc.line(c.line), c)) continue;
    layout_claims.push_back(LayoutClaim{c.line, c.kind, c.value, c.col_begin, c.text.starts_with("|")});
    if (!is_degree(c.kind)) continue;
    if (degrees.empty() || degrees.back().first != c.line) degrees.emplace_back(c.line, 0);
    ++degrees.back().second;
  }
}

void DocumentChecker::State::settle() {
  // Regions: a node whose title (or an ancestor's) names an alternative.
  // A text that names another scale than the deployment's ("Two nodes with EP 16", "Config A, one node")
  // is about another layout too, when it states degrees of its own (region_of_line asks that).
  const int gpus = scenario ? scenario->cluster.gpus : 0;
  const int per_node = scenario ? scenario->cluster.gpus_per_node : 0;
  names_alternative = [&alternatives = lexicon().phrases("alternatives")](std::string_view text) {
    static const NormalizedWordFilter filter(alternatives.first_words());
    return occurs_in(alternatives, filter, text);
  };
  line_names_layout = [this, gpus, per_node](std::string_view text) {
    if (names_alternative(text)) return true;
    // Another scale is a count of nodes or GPUs: a text that names neither is not read.
    static const NormalizedWordFilter scale_nouns({"node", "gpu"});
    if (gpus <= 0 || per_node <= 0 || !scale_nouns.may_hold(text)) return false;
    const std::vector<std::string> owned = normalized_words(text);  // spelled counts only ("two nodes")
    const std::vector<std::string_view> words(owned.begin(), owned.end());
    return names_other_scale(words, gpus, per_node);
  };
  // A section whose title names another model preset than the scenario's is about that model.
  // The program never sets a locale: <cctype>'s tests are ASCII's, written here without a call a byte.
  auto compacted = [](char ch) -> char {  // the byte a compacted text keeps, or 0
    if (ch >= 'A' && ch <= 'Z') return static_cast<char>(ch - 'A' + 'a');
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ? ch : 0;
  };
  auto compact = [compacted](std::string_view t) {
    std::string out;
    for (char ch : t)
      if (const char kept = compacted(ch)) out += kept;
    return out;
  };
  // The first two bytes of each compacted preset name: a title that holds none of these pairs names no preset.
  auto preset_starts = std::make_shared<std::bitset<1u << 16>>();
  auto pair_of = [](char a, char b) {
    return static_cast<size_t>(static_cast<unsigned char>(a)) << 8 | static_cast<unsigned char>(b);
  };
  bool short_preset = false;
  if (scenario)
    for (const std::string& name : model_preset_names()) {
      model_presets.emplace_back(compact(name), name);
      const std::string& c = model_presets.back().first;
      if (c.size() >= 2) preset_starts->set(pair_of(c[0], c[1]));
      else short_preset = true;
    }
  other_model = [this, compact, compacted, preset_starts, pair_of, short_preset](std::string_view title) -> std::string {
    if (model_presets.empty()) return "";
    bool may_name = short_preset;
    char previous = 0;
    for (size_t i = 0; i < title.size() && !may_name; ++i)
      if (const char kept = compacted(title[i])) {
        may_name = previous != 0 && preset_starts->test(pair_of(previous, kept));
        previous = kept;
      }
    if (!may_name) return "";
    const std::string t = compact(title);
    std::string best, best_compact;
    for (const auto& [c, name] : model_presets)
      if (c.size() > best_compact.size() && t.find(c) != std::string::npos) {
        best = name;
        best_compact = c;
      }
    if (!scenario) return "";
    const std::string own = compact(scenario->model.name);
    if (best.empty()) {
      // "Compare Qwen1.5-MoE at ...": a word that starts one preset's name and no other's, with a digit, five
      // bytes or more, and not the start of the deployment's own model ("Qwen3-30B" in a qwen3-30b-a3b document).
      size_t b = 0;
      while (b < title.size()) {
        while (b < title.size() && (title[b] == ' ' || title[b] == '(' || title[b] == ',' || title[b] == '"')) ++b;
        size_t e = b;
        while (e < title.size() && title[e] != ' ' && title[e] != '(' && title[e] != ',' && title[e] != '"') ++e;
        const std::string w = compact(title.substr(b, e - b));
        b = e;
        if (w.size() < 5 || w.find_first_of("0123456789") == std::string::npos || own.starts_with(w)) continue;
        std::string only;
        int starts = 0;
        for (const auto& [c, name] : model_presets)
          if (c.starts_with(w)) {
            only = name;
            ++starts;
          }
        if (starts == 1) return only;
      }
      return "";
    }
    if (own == best_compact || t.find(own) != std::string::npos) return "";
    return best;
  };
  node_region.assign(doc.nodes.size(), -1);
  node_model.assign(doc.nodes.size(), "");
  // "## Layout D (3 GPUs)": a section whose title counts other GPUs than the deployment's is another layout.
  std::map<int, double> title_gpus;
  for (const LayoutClaim& c : layout_claims)
    if (c.kind == ClaimKind::kGpuCount && !title_gpus.count(c.line)) title_gpus[c.line] = c.value;
  auto other_gpus = [&](const MarkdownNode& n) {
    const auto it = title_gpus.find(n.first_line);
    return scenario && it != title_gpus.end() && it->second != scenario->cluster.gpus;
  };
  const PhraseList& alternatives = lexicon().phrases("alternatives");
  // Titles that can name neither an alternative nor a pool are not read.
  static const NormalizedWordFilter title_filter = [&] {
    std::vector<std::string> first = alternatives.first_words();
    for (const auto& [role, list] : lexicon().named("pools"))
      for (std::string& w : list.first_words()) first.push_back(std::move(w));
    return NormalizedWordFilter(first);
  }();
  for (size_t i = 0; i < doc.nodes.size(); ++i) {
    const MarkdownNode& n = doc.nodes[i];
    node_model[i] = other_model(n.title);
    // The title's words, read once for both questions.
    std::vector<std::string> owned;
    if (title_filter.may_hold(n.title)) owned = normalized_words(n.title);
    const std::vector<std::string_view> words(owned.begin(), owned.end());
    const std::optional<PoolRole> pool = pool_of_title(words);
    if (alternatives.in(words) || !node_model[i].empty() || other_gpus(n) || pool) {
      node_region[i] = static_cast<int>(i);
      if (pool) region_pool[static_cast<int>(i) + 1] = *pool;
    } else if (n.parent >= 0) {
      node_region[i] = node_region[static_cast<size_t>(n.parent)];
      node_model[i] = node_model[static_cast<size_t>(n.parent)];
    }
  }
  auto head_names = [this](int n, std::string_view label) -> const std::string& {
    auto it = block_heads_read.find(n);
    if (it != block_heads_read.end()) return it->second;
    std::string what = other_model(label);
    if (what.empty() && names_alternative(label)) what = "alt";
    return block_heads_read.emplace(n, what).first->second;
  };
  block_head = [this, head_names](int line) -> int {
    auto indent = [&](int n) {
      const std::string_view l = doc.line(n);
      size_t i = 0;
      while (i < l.size() && (l[i] == ' ' || l[i] == '\t')) ++i;
      return i;
    };
    auto item = [&](int n) {
      const std::string_view l = doc.line(n).substr(indent(n));
      if (l.size() > 1 && (l[0] == '-' || l[0] == '*' || l[0] == '+') && l[1] == ' ') return true;
      size_t d = 0;
      while (d < l.size() && std::isdigit(static_cast<unsigned char>(l[d]))) ++d;
      return d > 0 && d + 1 < l.size() && (l[d] == '.' || l[d] == ')') && l[d + 1] == ' ';
    };
    auto opens_paragraph = [&](int n) { return n == 1 || doc.kind_of(n - 1) == LineKind::kBlank || doc.kind_of(n - 1) == LineKind::kHeading; };
    // A paragraph's label: its bold opening ("**Option B: two H100 nodes.**"), else the words before a colon.
    auto label_of = [&](int n) -> std::string_view {
      const std::string_view l = doc.line(n).substr(indent(n));
      if (l.starts_with("**")) {
        const size_t close = l.find("**", 2);
        return close == std::string_view::npos ? std::string_view() : l.substr(2, close - 2);
      }
      // "*Option A, one node only (TP 8, EP 8, 8 GPUs).* Each GPU then ...": an italic opening labels it as well.
      if (l.size() > 2 && (l[0] == '*' || l[0] == '_') && l[1] != ' ' && l[1] != l[0]) {
        const size_t close = l.find(l[0], 1);
        return close == std::string_view::npos ? std::string_view() : l.substr(1, close - 1);
      }
      const size_t colon = l.find(':');
      return colon != std::string_view::npos && colon <= kMaxBlockLabelBytes ? l.substr(0, colon) : std::string_view();
    };
    size_t limit = indent(line) + 1;  // a head sits left of the lines it covers, or is the line itself
    for (int k = line; k >= 1 && line - k <= kMaxBlockLines; --k) {
      const LineKind kind = doc.kind_of(k);
      if (kind != LineKind::kText && kind != LineKind::kBoldLabel) break;
      const size_t in = indent(k);
      if (item(k) && in < limit) {
        if (!head_names(k, doc.line(k)).empty()) return k;
        // "- **One GPU lost.** ... Restart ... with `--tensor-parallel-size 4` and EP 4.": an item whose own
        // lines state other degrees than the deployment's is about that layout, and so are the items under it.
        if (line != k || in > 0)
          for (int n = k; n <= doc.line_count() && n - k <= kMaxBlockLines; ++n) {
            if (n > k && (item(n) || doc.kind_of(n) != LineKind::kText)) break;
            if (states_other_degrees(n)) {
              block_heads_read[k] = "alt";
              return k;
            }
          }
        if (in == 0) break;
        limit = in;
      } else if (!item(k) && opens_paragraph(k)) {
        const std::string_view label = label_of(k);
        if (!label.empty() && !head_names(k, label).empty()) return k;
        // "> TP 4 × PP 2 × EP 4 = 32 GPUs, so this needs more than one node." opening a paragraph: a layout stated
        // in two degrees or more, other than the deployment's, is what the paragraph's lines are about.
        if (degrees_on(k) >= 2 && states_other_degrees(k) && (other_product(k) || on_other_scale(k))) {
          block_heads_read[k] = "alt";
          return k;
        }
      }
      if (opens_paragraph(k)) break;
    }
    return 0;
  };
  // Lines naming an alternative count only when they state a degree (`degrees`, from the survey).
  // Region keys: node index + 1 for sections, -line for single lines; 0 for the deployment itself.
  region_of_line = [this](int line) -> int {
    // A line that names an alternative and states its degrees is its own ("A 3-GPU variant with EP=3").
    auto own_alternative = [&] {
      if (degrees_on(line) == 0) return false;
      auto it = line_names_alternative.find(line);
      if (it == line_names_alternative.end()) it = line_names_alternative.emplace(line, line_alternative(line)).first;
      return it->second;
    };
    // An item or paragraph about an alternative is more specific than the section it is in ("## Options").
    if (const int head = block_head(line); head > 0 && (head == line || !own_alternative())) {
      const std::string& what = block_heads_read.at(head);
      // The lines of a section on one alternative that state its degrees state the section's (see text_region).
      if (const MarkdownNode* n = doc.node_at(line); n != nullptr && what == "alt") {
        const size_t i = static_cast<size_t>(n - doc.nodes.data());
        if (const int g = node_region[i]; g >= 0 && node_model[static_cast<size_t>(g)].empty() && !region_pool.count(g + 1) &&
                                          states_section_degrees(static_cast<size_t>(g), head))
          return g + 1;
      }
      if (what != "alt") block_model[block_key(head)] = what;
      // A head that states degrees is a line region of its own; the block's other lines join it.
      return degrees_on(head) > 0 && what == "alt" ? -head : block_key(head);
    }
    const MarkdownNode* n = doc.node_at(line);
    if (n != nullptr) {
      const int i = node_region[static_cast<size_t>(n - doc.nodes.data())];
      // "On a single H100 the 65.2 GB of weights fit" under "### Can we run it on fewer GPUs?": a line about one
      // GPU, in a section about an alternative of the same model that states no degree, has the one layout one
      // GPU allows.
      if (i >= 0 && degrees_on(line) == 0 && on_one_gpu(line) && node_model[static_cast<size_t>(i)].empty() &&
          !region_pool.count(i + 1) && !section_states_degrees(static_cast<size_t>(i)))
        return -line;
      if (i >= 0) return i + 1;
    }
    // Only a line that states a degree can be an alternative of its own (or one about a single GPU): others are
    // not re-read.
    if (degrees_on(line) == 0) return on_other_scale(line) ? -line : 0;
    auto it = line_names_alternative.find(line);
    // "TP2 weights per GPU: 30.55 GB, KV per token per GPU: 49152 B": a line that states other degrees than the
    // deployment's beside per-GPU figures those degrees decide is about that layout.
    if (it == line_names_alternative.end()) it = line_names_alternative.emplace(line, line_alternative(line)).first;
    return it->second ? -line : 0;
  };
  // A line that goes on with the sentence of a line about an alternative belongs to it.
  continues = [this](int line) {
    if (line <= 1 || doc.kind_of(line) != LineKind::kText ||
        (doc.kind_of(line - 1) != LineKind::kText && doc.kind_of(line - 1) != LineKind::kBoldLabel))
      return false;
    std::string_view prev = doc.line(line - 1);
    while (!prev.empty() && (prev.back() == ' ' || prev.back() == '\r')) prev.remove_suffix(1);
    return !prev.empty() && prev.back() != '.' && prev.back() != ':' && prev.back() != '!' && prev.back() != '?';
  };
  text_region = [this](int line) -> int {
    const int g = region_of_line(line);
    // A line region counts on its own line only where the line states degrees; a block's lines join it.
    if (g < 0) return degrees_on(line) == 0 && g == -line && !on_other_scale(line) ? 0 : g;
    // A row of an alternatives table spells out its own strategy: a region of its own; the
    // section's heading line is the section's own.
    // The lines of a section on one alternative that state its degrees ("### Optional larger configuration (8 x B200)"
    // ... "- GPUs: 8 in the same node; TP 8, EP 8") state the section's.
    if (g > 0)
      return (degrees_on(line) >= 2 || (degrees_on(line) == 1 && instances_of_tp(doc.line(line), 0) > 0)) &&
                     doc.nodes[static_cast<size_t>(g - 1)].first_line != line &&
                     !region_pool.count(g) &&  // a pool section's degrees are the pool's
                     !states_section_degrees(static_cast<size_t>(g - 1), line)
                 ? -line
                 : g;
    if (continues(line) && degrees_on(line - 1) > 0 && region_of_line(line - 1) == -(line - 1)) return -(line - 1);
    return 0;
  };
  {
    // Tables whose degrees sit in two or more columns after the first lay out a layout per column.
    std::unordered_map<int, std::unordered_set<size_t>> degree_columns;
    for (const LayoutClaim& c : layout_claims)
      if (c.table_row && is_degree(c.kind))
        if (const size_t column = column_of(doc.line(c.line), c.col_begin); column > 0)
          degree_columns[table_start(c.line)].insert(column);
    for (const auto& [start, columns] : degree_columns)
      if (columns.size() >= 2) add_column_table(start);
    // "| | MI300X | B200 |": a table whose header names another GPU than the deployment's over a column judges
    // that column on that GPU (a vendor comparison), when the deployment's GPU is a preset.
    if (scenario && gpu_is_a_preset(*scenario)) {
      std::vector<int> starts;  // first rows of the tables that hold a claim
      for (int n = 1; n <= doc.line_count(); ++n)
        if (doc.kind_of(n) == LineKind::kTableRow && n + 1 <= doc.line_count() &&
            doc.kind_of(n + 1) == LineKind::kTableSeparator)
          starts.push_back(n);
      for (const int start : starts) {
        if (doc.kind_of(start + 1) != LineKind::kTableSeparator) continue;
        const std::string_view header = doc.line(start);
        std::map<size_t, std::string> named;
        size_t column = 0, b = header.find('|');
        while (b != std::string_view::npos) {
          const size_t e = header.find('|', b + 1);
          if (e == std::string_view::npos) break;
          std::string cell(header.substr(b + 1, e - b - 1));
          for (char& ch : cell) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          std::string found;
          size_t w = 0;
          while (w < cell.size()) {  // the cell's words, split at anything but letters, digits and '-'
            while (w < cell.size() && !std::isalnum(static_cast<unsigned char>(cell[w]))) ++w;
            size_t we = w;
            while (we < cell.size() && (std::isalnum(static_cast<unsigned char>(cell[we])) || cell[we] == '-')) ++we;
            if (we > w)
              if (const auto g = gpu_preset_named(std::string_view(cell).substr(w, we - w)); g && (found.empty() || found == *g))
                found = *g;
            w = we;
          }
          if (column > 0 && !found.empty()) named[column] = found;
          ++column;
          b = e;
        }
        bool other = false;
        for (const auto& [c, g] : named) other = other || g != scenario->cluster.gpu.name;
        if (!other || named.size() < 2) continue;
        add_column_table(start);
        for (const auto& [c, g] : named)
          if (c < kMaxLayoutColumns) column_gpu[column_key(start, c)] = g;
      }
    }
  }
  layout_region.resize(layout_claims.size());
  // The last line read with its pools, and the last with its region from the text (claims come line by line).
  std::pair<int, std::vector<PoolMention>> pools_on_line{0, {}};
  std::pair<int, int> text_on_line{0, 0};
  for (size_t k = 0; k < layout_claims.size(); ++k) {
    const int line = layout_claims[k].line;
    if (pools_on_line.first != line) pools_on_line = {line, pools_deciding(line)};
    if (const int c = column_region(line, layout_claims[k].col_begin); c != 0) {
      layout_region[k] = c;
      continue;
    }
    if (text_on_line.first != line) text_on_line = {line, text_region(line)};
    layout_region[k] = pool_region(line, layout_claims[k].col_begin, text_on_line.second, pools_on_line.second);
  }

  if (scenario) {
    std::optional<Strategy> s = document_strategy(layout_claims, *scenario, &r.strategy_source, [&](const LayoutClaim& c) {
      return layout_region[static_cast<size_t>(&c - layout_claims.data())] == 0;
    });
    // A disaggregated scenario's `strategy:` is not its deployment (its pools are).
    if (!s && scenario->strategy && scenario->serving.mode != ServingMode::kDisaggregated) {
      s = scenario->strategy;
      r.strategy_source = "the scenario (" + s->label() + ")";
    }
    if (s) {
      r.plan = evaluate_plan(*scenario, *s);
      r.plan->scenario = scenario;
      x.plan = &*r.plan;
      fill_stage_ranges(x);
    } else {
      // The decode pool's Plan (else the prefill pool's) for the model's own figures.
      for (const PoolRole role : {PoolRole::kDecode, PoolRole::kPrefill}) {
        if (model_plan) break;
        if (!scenario->serving.disaggregated()) break;
        PoolLayout layout = pool_layout(*scenario, role, StatedLayout{});
        if (!layout.scenario) continue;
        model_scenario = std::move(layout.scenario);
        model_plan = evaluate_plan(*model_scenario, layout.strategy);
        model_plan->scenario = model_scenario.get();
        x.model_plan = &*model_plan;
      }
      r.strategy_source = scenario->serving.disaggregated()
                              ? "none for the deployment as a whole: disaggregated, each serving pool is judged under its own"
                              : "none: the scenario has no strategy and the document states no valid TP/PP/DP";
    }
  }
  // Lines that spell out a whole strategy other than the plan's describe an
  // alternative: a region of their own.
  if (x.plan) {
    const Strategy& s = x.plan->strategy;
    for (size_t k = 0; k < layout_claims.size();) {  // the claims of one line at a time
      size_t end = k;
      int stated = 0;
      bool differ = false;
      for (; end < layout_claims.size() && layout_claims[end].line == layout_claims[k].line; ++end) {
        const LayoutClaim* c = &layout_claims[end];
        if (layout_region[end] != 0 || !(c->kind == ClaimKind::kTp || c->kind == ClaimKind::kPp ||
                                         c->kind == ClaimKind::kDp || c->kind == ClaimKind::kEp))
          continue;
        const double want = c->kind == ClaimKind::kTp ? s.tp : c->kind == ClaimKind::kPp ? s.pp : c->kind == ClaimKind::kDp ? s.dp : s.ep;
        ++stated;
        differ = differ || c->value != want;
      }
      if (stated >= 2 && differ) differs.insert(layout_claims[k].line);
      k = end;
    }
    for (size_t k = 0; k < layout_claims.size(); ++k)
      if (layout_region[k] == 0 && differs.count(layout_claims[k].line) > 0) layout_region[k] = -layout_claims[k].line;
  }
  for (size_t k = 0; k < layout_claims.size(); ++k)
    if (layout_region[k] != 0) members[layout_region[k]].push_back(k);

  // Builds a region's plan from its own degrees and GPU count, the rest from the deployment's.
  // Regions with the same model (or pool), degrees and GPUs share one Plan.
  build_region = [this, last = std::pair<int, Region*>{0, nullptr}](int key) mutable -> Region& {
    // Claims come line by line: most are in the region of the claim before them.
    if (last.second != nullptr && last.first == key) return *last.second;
    if (auto known = regions.find(key); known != regions.end()) {
      last = {key, known->second};
      return *known->second;
    }
    PartialStrategy ps;
    std::optional<int> gpus;
    bool any = false;
    static const std::vector<size_t> kNone;
    const auto listed = members.find(key);
    for (size_t k : listed != members.end() ? listed->second : kNone) {
      const LayoutClaim& c = layout_claims[k];
      if (c.value < 1 || c.value != std::floor(c.value) || c.value >= 1e6) continue;
      const int v = static_cast<int>(c.value);
      // The last value of a degree in the region: "ep=3 is a non-starter ... fallback is tp=2 dp=1 ep=2".
      auto take = [&](std::optional<int>& slot) {
        slot = v;
        any = true;
      };
      switch (c.kind) {
        case ClaimKind::kTp: take(ps.tp); break;
        case ClaimKind::kPp: take(ps.pp); break;
        case ClaimKind::kDp: take(ps.dp); break;
        case ClaimKind::kEp: take(ps.ep); break;
        case ClaimKind::kEtp: take(ps.etp); break;
        case ClaimKind::kGpuCount:
          if (!gpus) gpus = v;
          any = true;
          break;
        default: break;
      }
    }
    // "TP = 2 without expert parallelism", "experts TP-sharded": a layout that says its experts are not spread by EP
    // (lexicon phrases.no_expert_parallel) runs EP 1 where it states no EP.
    if (!ps.ep && listed != members.end()) {
      std::set<int> lines;
      for (size_t k : listed->second) lines.insert(layout_claims[k].line);
      if (std::any_of(lines.begin(), lines.end(), [&](int l) { return says_no_expert_parallel(doc.line(l)); })) ps.ep = 1;
    }
    const std::optional<int> stated_ep = ps.ep;
    auto degree = [](const std::optional<int>& d) { return d ? std::to_string(*d) : std::string("-"); };
    auto layout_key = [&](const std::string& whose) {
      return fmt::format("{} tp={} pp={} dp={} ep={} etp={} instances={} gpus={}", whose, degree(ps.tp), degree(ps.pp),
                         degree(ps.dp), degree(ps.ep), degree(ps.etp), degree(ps.instances), gpus ? std::to_string(*gpus) : "-");
    };
    // A serving pool: its stated degrees over the scenario's pool, with the pool's GPU type and instance count.
    if (auto pool = region_pool.find(key); pool != region_pool.end() && (any || scenario->serving.disaggregated())) {
      Region& g = layouts[layout_key(pool->second == PoolRole::kPrefill ? "prefill pool" : "decode pool")];
      regions[key] = &g;
      if (g.built) return g;
      g.built = true;
      PoolLayout layout = pool_layout(*scenario, pool->second, StatedLayout{ps, gpus});
      g.pool = true;
      g.label = layout.label;
      g.problem = layout.problem;
      if (!layout.scenario) return g;
      g.scenario = std::move(layout.scenario);
      g.plan = evaluate_plan(*g.scenario, layout.strategy);
      g.plan->scenario = g.scenario.get();
      g.ctx = x;
      g.ctx.scenario = g.scenario.get();
      g.ctx.plan = &*g.plan;
      fill_stage_ranges(g.ctx);
      return g;
    }
    // The section's model, when its title names another one.
    std::string model_name;
    if (key > 0) model_name = node_model[static_cast<size_t>(key - 1)];
    if (const auto b = block_model.find(key); b != block_model.end()) model_name = b->second;
    // An item or paragraph about an alternative that states no degree of its own: its layout is not read.
    if (!any && model_name.empty() && is_block_key(key)) {
      Region& g = layouts["unstated " + std::to_string(key)];
      regions[key] = &g;
      g.built = true;
      g.label = "an alternative";
      std::string_view head = doc.line(-key - 3 * doc.line_count() - 10);
      head.remove_prefix(std::min(head.size(), head.find_first_not_of(" \t-*+")));
      g.problem = "the alternative its list item or paragraph opens with (\"" + std::string(utf8_prefix(head, 60)) +
                  "\") states no degrees of its own";
      return g;
    }
    // A line about one GPU: every degree is 1.
    if (!ps.tp && !ps.pp && !ps.dp && !ps.ep && !ps.etp && key < 0 && !is_block_key(key) && -key <= doc.line_count() &&
        on_one_gpu(-key)) {
      ps.tp = ps.pp = ps.dp = ps.ep = ps.etp = 1;
      gpus = 1;
      any = true;
    }
    // A line about more GPUs (or fewer, but not one) than the deployment's that states no degree: its layout is
    // not read. Its GPU count alone would fill the deployment's degrees with guesses.
    if (model_name.empty() && unstated_scale(key)) {
      Region& g = layouts["unstated " + std::to_string(key)];
      regions[key] = &g;
      g.built = true;
      g.label = fmt::format("a layout on {} GPUs", scale_gpus(-key));
      g.problem = fmt::format("the line is about {} GPUs, a layout whose degrees it does not state", scale_gpus(-key));
      return g;
    }
    const auto gpu_column = column_gpu.find(key);
    const bool other_gpu = gpu_column != column_gpu.end() && gpu_column->second != scenario->cluster.gpu.name;
    if (!any && model_name.empty() && !other_gpu) return *(regions[key] = &main_layout);
    const Strategy& main = x.plan->strategy;
    // "4 x TP2", "2 × TP 4": that many engine instances of that TP, each its own replica behind a load balancer.
    if (ps.tp && !ps.instances && !ps.dp) {
      std::string_view text;
      if (key > 0) text = doc.nodes[static_cast<size_t>(key - 1)].title;
      else if (const int head = is_block_key(key) ? -key - 3 * doc.line_count() - 10 : -key; head >= 1 && head <= doc.line_count())
        text = doc.line(head);
      if (const int n = instances_of_tp(text, *ps.tp); n >= 2) ps.instances = n;
    }
    // "attention DP 4 + EP 4", "pure attention-DP (DP 8) with EP": each DP rank runs the attention alone, so a layout
    // named so that states no TP runs TP 1 (lexicon components.layout_attention).
    if (!ps.tp && (key < 0 || is_block_key(key) || key > 0)) {
      std::string_view text;
      if (key > 0) text = doc.nodes[static_cast<size_t>(key - 1)].title;
      else if (const int head = is_block_key(key) ? -key - 3 * doc.line_count() - 10 : -key; head >= 1 && head <= doc.line_count())
        text = doc.line(head);
      static const NormalizedWordFilter attention({"attention"});
      if (!text.empty() && attention.may_hold(text)) {
        const std::vector<std::string> owned = normalized_words(text);
        const std::vector<std::string_view> words(owned.begin(), owned.end());
        for (const auto& [name, list] : lexicon().named("components"))
          if (name == "layout_attention" && list.in(words)) ps.tp = 1;
      }
    }
    // "Config A, one node (TP 8, EP 8)": a region about another scale than the deployment's has its GPUs.
    if (!gpus && (key < 0 || is_block_key(key))) {
      const int head = is_block_key(key) ? -key - 3 * doc.line_count() - 10 : -key;
      if (head >= 1 && head <= doc.line_count() && counts_before(doc.line(head), {"gpu", "node"}, false)) {
        const std::vector<std::string> owned = counted_words(doc.line(head));
        const std::vector<std::string_view> words(owned.begin(), owned.end());
        // The degrees it names fill those GPUs; an unsaid PP is what is left of them ("one node (TP 8, EP 8)": 1).
        // A scale the degrees cannot fill is not the layout's ("One GPU lost. Restart ... TP 4, EP 4").
        // Degrees are read up to 1e6 each: their products in 64 bits.
        const int64_t tp = ps.tp.value_or(main.tp);
        const int64_t dp = ps.dp.value_or(ps.ep && *ps.ep % tp == 0 ? static_cast<int>(*ps.ep / tp) : 1);
        if (const int n = other_scale_gpus(words, scenario->cluster.gpus, scenario->cluster.gpus_per_node);
            n > 0 && n % (tp * dp * ps.pp.value_or(1)) == 0) {
          gpus = n;
          if (!ps.pp) ps.pp = static_cast<int>(n / (tp * dp));
        }
      }
    }
    // "4 GPUs, DP 4, EP 4": the GPUs stated fix the TP left unsaid.
    if (!ps.tp && gpus && ps.dp) {
      const int64_t pp_dp = static_cast<int64_t>(ps.pp.value_or(main.pp)) * *ps.dp;
      if (pp_dp > 0 && *gpus % pp_dp == 0) ps.tp = static_cast<int>(*gpus / pp_dp);
    }
    // "TP=8, DP=2, EP=16" with no PP: a layout stated in full runs no pipeline unless its GPUs need one (engines
    // default PP to 1); one degree alone ("Option B: EP=8") keeps the deployment's others.
    if (!ps.pp && ps.tp && ps.dp) {
      const int64_t stage = static_cast<int64_t>(*ps.tp) * *ps.dp;
      ps.pp = gpus && *gpus % stage == 0 && *gpus > stage ? static_cast<int>(*gpus / stage) : 1;
    }
    // "~140.6 GB of weights per GPU at TP2" beside a TP8 deployment without DP: a TP alone names an engine instance of
    // that TP (`--tp 2`), not DP ranks that would share its experts; the deployment's GPUs hold as many such
    // instances.
    if (ps.tp && !ps.dp && !ps.instances && !ps.ep && !ps.etp && !gpus && main.dp == 1 && main.instances == 1 &&
        *ps.tp != main.tp) {
      const int64_t per = static_cast<int64_t>(*ps.tp) * ps.pp.value_or(main.pp);
      if (per > 0 && scenario->cluster.gpus % per == 0 && scenario->cluster.gpus / per >= 2)
        ps.instances = static_cast<int>(scenario->cluster.gpus / per);
    }
    // "DP 2 + EP 2" with no TP: expert parallelism runs the experts unsplit (ETP 1), so EP = TP x DP gives the TP.
    if (!ps.tp && ps.dp && ps.ep && !ps.etp && *ps.dp > 0 && *ps.ep % *ps.dp == 0) ps.tp = *ps.ep / *ps.dp;
    // "the 4-GPU fallback, EP 4" beside a TP 8 deployment: a TP left unsaid is the deployment's where it fits the
    // GPUs stated, else the largest part of it that does (TP 4 on 4 GPUs), as a smaller box would run it.
    if (!ps.tp && gpus && !ps.dp) {
      const int64_t pp = ps.pp.value_or(main.pp), instances = ps.instances.value_or(1);
      if (pp > 0 && instances > 0 && *gpus % (pp * instances) == 0) {
        const int64_t per_stage = *gpus / (pp * instances);
        if (per_stage > 0 && per_stage % main.tp != 0) ps.tp = static_cast<int>(std::gcd<int64_t>(main.tp, per_stage));
      }
    }
    if (!ps.tp) ps.tp = main.tp;
    if (!ps.pp) ps.pp = main.pp;
    // Stating neither EP nor expert TP keeps the deployment's way of sharding experts (EP = TP x DP / ETP).
    // (Instances of a deployment whose experts are TP-sharded shard theirs the same way: EP 1.)
    if (!ps.ep && !ps.etp) {
      if (ps.instances && main.ep == 1) ps.ep = 1;
      else ps.etp = main.etp;
    }
    // EP without DP: ETP 1 unless said, so EP x ETP = TP x DP gives DP ("the whole model on one GPU (TP=1, EP=1)").
    if (!ps.dp && !gpus && ps.ep && !ps.etp && *ps.ep % *ps.tp == 0) ps.dp = *ps.ep / *ps.tp;
    if (ps.dp) gpus = *ps.tp * *ps.pp * *ps.dp * ps.instances.value_or(1);  // stated degrees fix the GPUs
    if (!gpus) gpus = scenario->cluster.gpus;
    Region& g = layouts[layout_key(other_gpu ? model_name + " on " + gpu_column->second : model_name)];
    regions[key] = &g;
    if (g.built) return g;
    g.built = true;
    g.stated_ep = stated_ep;
    g.scenario = std::make_unique<Scenario>(*scenario);
    // A one-node deployment's alternative on more GPUs is a bigger node ("the 4-GPU staging box"), up to 8.
    if (scenario->cluster.gpus_per_node == scenario->cluster.gpus && *gpus > scenario->cluster.gpus)
      g.scenario->cluster.gpus_per_node = std::min(*gpus, 8);
    g.scenario->cluster.gpus = *gpus;
    if (other_gpu) g.scenario->cluster.gpu = load_gpu_preset(gpu_column->second, "");
    try {
      if (!model_name.empty()) {
        auto model = models.find(model_name);
        if (model == models.end()) model = models.emplace(model_name, load_model_preset(model_name, "")).first;
        g.scenario->model = model->second;
        g.scenario->strategy.reset();
        g.scenario->placement = PlacementConfig{};  // routing statistics belong to the scenario's model
      }
      Strategy s = complete_strategy(ps, *gpus, g.scenario->model.is_moe(), "");
      g.label = s.label() + (model_name.empty() ? "" : " of " + model_name) + (other_gpu ? " on " + gpu_column->second : "");
      if (s == main && model_name.empty() && !other_gpu) {
        g.same_as_main = true;
        return g;
      }
      g.built_ep = s.ep;
      if (auto problem = strategy_problem(s, g.scenario->model, g.scenario->cluster,
                                         model_name.empty() ? scenario->placement.redundant_experts : 0)) {
        g.problem = "the alternative " + s.label() + " is not a valid strategy: " + problem->message;
        return g;
      }
      g.scenario->strategy = s;
      g.plan = evaluate_plan(*g.scenario, s);
      g.plan->scenario = g.scenario.get();
      g.ctx = x;
      g.ctx.scenario = g.scenario.get();
      g.ctx.plan = &*g.plan;
      fill_stage_ranges(g.ctx);
    } catch (const InputError& e) {
      g.problem = std::string("the alternative's degrees do not make a strategy on ") + std::to_string(*gpus) +
                  " GPUs: " + e.what();
    }
    return g;
  };

  // A table row whose label names a degree the deployment does not have ("experts per GPU, all layers (EP=2
  // draft)"): the row is about another layout, one no section spells out; its numbers are not judged.
  if (x.plan)
    for (size_t k = 0; k < layout_claims.size(); ++k) {
      const LayoutClaim& c = layout_claims[k];
      if (layout_region[k] != 0 || !c.table_row || !is_degree(c.kind) || c.kind == ClaimKind::kDegreeProduct) continue;
      const Strategy& ms = x.plan->strategy;
      const double own = c.kind == ClaimKind::kTp ? ms.tp : c.kind == ClaimKind::kPp ? ms.pp
                       : c.kind == ClaimKind::kDp ? ms.dp : c.kind == ClaimKind::kEp ? ms.ep : ms.etp;
      const std::string_view row = doc.line(c.line);
      const size_t first_cell_end = row.find('|', 1);
      if (!close(c.value, own, 1e-9) && first_cell_end != std::string_view::npos && c.col_begin < first_cell_end)
        rows_of_other_layouts.insert(c.line);
    }
}

void DocumentChecker::State::check(const std::vector<Claim>& claims) {
  // A cache of lines read while settling and in earlier runs; the runs come in document order.
  if (!claims.empty())
    line_names_alternative.erase(line_names_alternative.begin(), line_names_alternative.lower_bound(claims.front().line - 1));
  // A block's head is at most kMaxBlockLines above the lines it covers.
  if (!claims.empty())
    block_heads_read.erase(block_heads_read.begin(), block_heads_read.lower_bound(claims.front().line - kMaxBlockLines - 1));
  // The region of each claim: its line's, or a serving pool's its line names.
  std::vector<int> region(claims.size());
  std::pair<int, std::vector<PoolMention>> pools_on_line{0, {}};
  int text = 0;
  for (size_t k = 0; k < claims.size(); ++k) {
    const int line = claims[k].line;
    if (pools_on_line.first != line) {
      pools_on_line = {line, pools_deciding(line)};
      text = text_region(line);
    }
    region[k] = region_at(line, claims[k].col_begin, text, pools_on_line.second);
  }
  // A line that is an alternative only by its degrees and per-GPU figures is the deployment after all where a
  // figure is right under the deployment's degrees and not under its own: then its degrees are what is wrong ("We
  // run TP 2 (61.06 GB per GPU)" with the weights of the deployment's TP 1).
  for (size_t k = 0; k < claims.size(); ++k) {
    const int line = claims[k].line;
    // A table row whose label holds the degrees names an option ("| (c) attention DP4 + EP4 | 15.29 | ..."): its
    // figures may be wrong for it, which does not make it the deployment.
    if (region[k] != -line || figure_alternatives.count(line) == 0 || doc.kind_of(line) == LineKind::kTableRow) continue;
    auto decided = figures_fit.find(line);
    if (decided == figures_fit.end()) {
      // Refuted only where some figure fits the deployment and none fits the line's own layout ("Eight H200s, DP 8,
      // EP 8. Each GPU goes from 16 experts per MoE layer to 32": 16 is the deployment's, 32 the new layout's).
      bool main_only = false, alt_only = false;
      Region& g = build_region(region[k]);
      // "Eight H200s, DP 8, EP 8": a line that counts as many GPUs as its own degrees make, other than the
      // deployment's, states a layout of its own whatever its other figures fit.
      const bool own_gpus = g.plan && x.plan && g.plan->strategy.gpus() != x.plan->strategy.gpus() &&
                            counts_gpus(doc.line(line), g.plan->strategy.gpus());
      if (own_gpus) alt_only = true;
      if (g.plan && x.plan && !own_gpus)
        for (size_t j = 0; j < claims.size(); ++j) {
          const Claim& c = claims[j];
          // A figure said to carry over to the line's layout ("at TP 4 is still 16,384 B", "stays at 49,152 B"; lexicon
          // sets.carry_over) is one the change left unrevised: no evidence that the line's degrees are wrong.
          if (c.line != line || !layout_figure(c) || c.reading.role != Role::kClaim || carries_over(doc.line(line)))
            continue;
          Finding under_alt, under_main;
          under_alt.line = under_main.line = c.line;
          under_alt.text = under_main.text = c.text;
          check_claim(under_alt, c, g.ctx);
          check_claim(under_main, c, x);
          main_only |= under_main.verdict == Verdict::kCorrect && under_alt.verdict != Verdict::kCorrect;
          alt_only |= under_alt.verdict == Verdict::kCorrect && under_main.verdict != Verdict::kCorrect;
        }
      decided = figures_fit.emplace(line, !main_only || alt_only).first;
    }
    if (!decided->second) {
      region[k] = 0;
      refuted_layout_lines.insert(line);
    }
  }

  // "## Cheaper option: 2 x A100-80GB" over "| capacity per GPU | 85.90 GB |": the GPU another GPU's section names
  // (its own title or an enclosing one's), "" when none; by node, computed once.
  std::unordered_map<int, std::string> section_gpu_of_node;
  auto section_gpu = [&](int line) -> std::string {
    if (!scenario) return "";
    const auto& nodes = doc.nodes;
    auto it = std::upper_bound(nodes.begin(), nodes.end(), line,
                               [](int l, const MarkdownNode& n) { return l < n.first_line; });
    if (it == nodes.begin()) return "";
    int n = static_cast<int>(it - nodes.begin()) - 1;
    while (n >= 0 && nodes[static_cast<size_t>(n)].last_line < line) n = nodes[static_cast<size_t>(n)].parent;
    for (int depth = 0; n >= 0 && depth < 16; n = nodes[static_cast<size_t>(n)].parent, ++depth) {
      auto [at, fresh] = section_gpu_of_node.try_emplace(n);
      if (fresh) at->second = other_gpu_in(nodes[static_cast<size_t>(n)].title, *scenario);
      if (!at->second.empty()) return at->second;
    }
    return "";
  };

  for (size_t k = 0; k < claims.size(); ++k) {
    // The model's weights shared out among GPUs is a figure of one GPU's weights (model_bytes_shared_out).
    std::optional<Claim> shared_out;
    if (claims[k].kind == ClaimKind::kOther && claims[k].arithmetic && x.plan && scenario) {
      const ParamBreakdown& b = x.plan->params.breakdown;
      if (model_bytes_shared_out(claims[k], model_weight_bytes(scenario->model, b), checkpoint_bytes(scenario->model, b))) {
        shared_out = claims[k];
        shared_out->kind = ClaimKind::kWeightsPerGpu;
      }
    }
    const Claim& c = shared_out ? *shared_out : claims[k];
    const bool performance =
        one_of(c.kind, {ClaimKind::kTtft, ClaimKind::kTpot, ClaimKind::kThroughput, ClaimKind::kThroughputPerGpu});
    if (c.reading.role != Role::kClaim) {
      // A target no operating point of the deployment can reach is impossible ("TPOT at most 0.8 ms").
      if (performance && c.reading.role == Role::kTarget && x.plan && region[k] == 0 && c.reading.unclear.empty()) {
        if (const Bound b = performance_bound(c, x); beats(c, b.value)) {
          Finding f = finding_for(c, to_string(c.kind));
          set_beyond_bound(f, c, b);
          f.explanation = "a target no operating point can reach: " + f.explanation;
          r.findings.push_back(std::move(f));
        }
      }
      continue;
    }
    // A figure moeplan does not derive is still checked for its own arithmetic ("64 × 3072 × 72 KiB = 13.5 GB").
    // So is one whose formula computes what no quantity is ("60.8 GB x 2 bytes") or divides parameters by bytes.
    const bool own_arithmetic_wrong =
        c.arithmetic && c.arithmetic->operands >= 2 &&
        (c.arithmetic->dimension_matches ? formula_off(c)
                                         : c.arithmetic->dimension_note.find("divides") != std::string::npos ||
                                               meaningless(c.arithmetic->dimension));
    // "4 bytes per parameter in FP4": FP4 is half a byte.
    const bool wrong_dtype_size = c.kind == ClaimKind::kOther && c.per_param && c.dtype_bytes > 0 &&
                                  !close(c.value, c.dtype_bytes, 0.10);  // MXFP4 with its scales is 4.25 bits
    // "0.9 x 80 = 72 GB" (vLLM's memory fraction of the marketed H100/A100): what the engine may use, judged as such,
    // in any section (the share does not depend on the layout). The whole names the GPU: the one the clause or the
    // section names where it is that GPU's memory ("## H800 variant ... usable 0.85 x 80 = 68 GB"), else the
    // deployment's ("a runbook from the MI250 days budgets 0.9 x 192 = 172.8 GB" on MI300X).
    if (one_of(c.kind, {ClaimKind::kOther, ClaimKind::kGpuMemoryCapacity, ClaimKind::kMemoryPerGpuTotal}) &&
        !own_arithmetic_wrong && scenario && c.arithmetic) {
      std::optional<Finding> usable;
      std::string named = other_gpu_in(clause_of(doc, c.line, c.col_begin), *scenario);
      if (named.empty()) named = section_gpu(c.line);
      for (char& ch : named) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (const auto other = gpu_preset_named(named); other && *other != scenario->cluster.gpu.name)
        usable = fraction_of_capacity(c, x, load_gpu_preset(*other, ""));
      if (!usable) usable = fraction_of_capacity(c, x, scenario->cluster.gpu);
      if (usable) {
        r.findings.push_back(std::move(*usable));
        continue;
      }
    }
    // "dense BF16 peak is 1,979 TFLOP/s per GPU": a GPU's compute peak, judged against its preset.
    // Any region on the deployment's GPU: a compute peak does not depend on the layout.
    auto on_own_gpu = [&] {
      if (region[k] == 0) return true;
      if (!x.plan && !region_pool.count(region[k])) return false;
      const Region& g = build_region(region[k]);
      return !g.scenario || g.scenario->cluster.gpu.name == scenario->cluster.gpu.name;
    };
    // A clause naming another GPU preset ("H20: ... BF16 296 TFLOP/s") or a table column about one is judged on it.
    if (c.kind == ClaimKind::kOther && !own_arithmetic_wrong && scenario && c.unit_text.find_first_of("Ff") != std::string::npos) {
      const std::string clause = clause_of(doc, c.line, c.col_begin);
      std::string named = other_gpu_in(clause, *scenario);
      // "H20: 96 GB marketed, ...; BF16 296 TFLOP/s": the GPU its sentence or section names.
      if (named.empty() && !c.reading.gpu_model.empty() && gpu_preset_named(c.reading.gpu_model) != scenario->cluster.gpu.name)
        named = c.reading.gpu_model;
      if (named.empty()) named = other_gpu_in(doc.line(c.line), *scenario);
      if (named.empty()) named = section_gpu(c.line);
      for (char& ch : named) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::optional<GpuSpec> gpu;
      if (!named.empty()) {
        if (const auto other = gpu_preset_named(named)) gpu = load_gpu_preset(*other, "");
      } else if (on_own_gpu()) {
        gpu = scenario->cluster.gpu;
      } else if (region[k] != 0 && (x.plan || region_pool.count(region[k]))) {
        if (const Region& g = build_region(region[k]); g.scenario && gpu_is_a_preset(*g.scenario)) gpu = g.scenario->cluster.gpu;
      }
      // The row's cells before this one: "| Dense FP8 per GPU | 3,958 TFLOP/s |".
      std::string_view row_label;
      if (const std::string_view row = doc.line(c.line); doc.kind_of(c.line) == LineKind::kTableRow)
        row_label = row.substr(0, std::min(c.col_begin, row.size()));
      if (gpu)
        if (std::optional<Finding> peak = peak_flops(c, x, doc.line(c.line), clause, *gpu, row_label)) {
          r.findings.push_back(std::move(*peak));
          continue;
        }
    }
    // "KV transfer per request: ... = 211 MB. At the NIC's 400 Gb/s that is ~0.5 ms per request": a time its line
    // derives from a size over a link rate it states is no shorter than that size over that rate (wrong by the
    // line's own figures; a rate in bits is an eighth of the bytes). Only where the line states one rate after a size
    // and before the time, no other number between the size and the rate, and no other time.
    if (c.kind == ClaimKind::kOther && !own_arithmetic_wrong && time_unit(c.unit_text) && c.value > 0 &&
        c.reading.unclear.empty()) {
      static const ScaleMap& bytes = lexicon().scales("units.bytes");
      const Claim* size = nullptr;
      const Claim* rate = nullptr;
      int rates = 0, times = 0;
      for (size_t q = k; q-- > 0 && claims[q].line == c.line;) {
        const Claim& o = claims[q];
        if (o.kind == ClaimKind::kBandwidth) {
          ++rates;
          if (!rate) rate = &o;
        } else if (!size && o.kind == ClaimKind::kOther && !o.kv_tokens && o.value > 0 && bytes.find(o.unit_text) != nullptr &&
                   o.text.find("per token") == std::string::npos) {
          size = &o;
        } else if (time_unit(o.unit_text)) {
          ++times;
        }
      }
      for (size_t q = k + 1; q < claims.size() && claims[q].line == c.line; ++q) {
        rates += claims[q].kind == ClaimKind::kBandwidth;
        times += time_unit(claims[q].unit_text);
      }
      // No other number between the size and the rate: "over 2 RDMA streams of 50 GB/s" multiplies the rate.
      const std::string_view line = doc.line(c.line);
      const bool between = size && rate && size->col_end < rate->col_begin && rate->col_begin <= line.size() &&
                           line.substr(size->col_end, rate->col_begin - size->col_end).find_first_of("0123456789") !=
                               std::string_view::npos;
      if (size && rate && rates == 1 && times == 0 && rate->value > 0 && size->col_begin < rate->col_begin && !between) {
        const double floor_s = size->value / rate->value;
        if (c.value_hi < floor_s * (1 - exact_tolerance(c))) {
          Finding tf = finding_for(c, "other");
          set_wrong(tf, c, floor_s,
                    fmt::format("{} over {} takes at least {}: the line's own size and rate", stated_text(*size),
                                stated_text(*rate), in_written_unit(c, floor_s) + " " + c.unit_text));
          r.findings.push_back(std::move(tf));
          continue;
        }
      }
    }
    // "a 3,072-token prefill finishing in 4 ms", "5 ms prefill for a 4K prompt": the time of one prompt's prefill,
    // which no operating point beats below the TTFT bound for that prompt (impossible); a slower figure is not judged
    // (a prefill time is no TTFT: queueing and the first decode step are not in it). Only where the sentence states
    // the prompt, and not for a chunk of it.
    if (c.kind == ClaimKind::kOther && !own_arithmetic_wrong && c.reading.phase == "prefill" && time_unit(c.unit_text) &&
        x.plan && region[k] == 0 && c.reading.unclear.empty() && c.text.find("chunk") == std::string::npos)
      if (const int prompt = prefill_prompt_tokens(c.text); prompt > 0) {
        Claim t = c;
        t.kind = ClaimKind::kTtft;
        const PerformanceBounds& b = bounds_for(x, prompt, 0);
        if (beats(t, b.min_ttft_s)) {
          Finding pf = finding_for(c, "ttft");
          set_beyond_bound(pf, t, Bound{b.min_ttft_s, fmt::format("the prefill of one {}-token prompt on an idle "
                                                                  "deployment, at peak rates", prompt)});
          r.findings.push_back(std::move(pf));
          continue;
        }
      }
    // A bare product of a layer's experts (or a GPU's share of them) and the model's layers ("61 × 256 = 15,616")
    // is read below; any other bare product only for its arithmetic.
    auto experts_by_layers = [&] {
      return c.kind == ClaimKind::kOther && c.arithmetic && c.arithmetic->bare && scenario && x.plan && region[k] == 0 &&
             experts_times_layers(c.arithmetic->text, scenario->model, x.plan->strategy).has_value();
    };
    // "memory.total ... (that is 85.52 GiB)", "102.63 GiB 로 표시": a size in GiB whose digits are, to the last one
    // written (three or more), the GPU's memory as its driver reports it in GB is that memory with GB and GiB swapped
    // (the GPU's own GiB figure is 7.4% smaller), whatever noun the sentence has.
    if (c.kind == ClaimKind::kOther && scenario && c.unit_text.find('i') != std::string::npos &&
        gigabyte_unit(c.unit_text) && c.value_hi == c.value && significant_digits(c) >= 3 && c.unit_scale > 0) {
      const double driver = scenario->cluster.gpu.memory_bytes;
      const double written = c.value / c.unit_scale, driver_gb = driver / (c.unit_text[0] == 'T' ? 1e12 : kGB);
      if (driver > 0 && std::fabs(written - driver_gb) <= 0.5 * std::pow(10.0, -c.decimals) * (1 + 1e-9)) {
        Finding mf = finding_for(c, "gpu_memory_capacity");
        set_wrong(mf, c, driver,
                  fmt::format("the GPU's memory as its driver reports it is {} = {:.2f} GiB: the stated figure writes "
                              "the GB number in GiB (GB = 1e9 bytes, GiB = 2^30 bytes)", fmt_gb(driver), driver / kGiB));
        r.findings.push_back(std::move(mf));
        continue;
      }
    }
    // The other way round: "79.65 GB" on an H100, the driver's memory in GiB written in GB (not where that number is
    // also the figure the GPU is sold as, "80 GB" on an A100).
    if (c.kind == ClaimKind::kOther && scenario && c.unit_text.find('i') == std::string::npos &&
        gigabyte_unit(c.unit_text) && c.unit_text[0] == 'G' && c.value_hi == c.value && significant_digits(c) >= 4 &&
        c.unit_scale > 0) {
      const GpuSpec& g = scenario->cluster.gpu;
      const double written = c.value / c.unit_scale, driver_gib = g.memory_bytes / kGiB;
      const double half_ulp = 0.5 * std::pow(10.0, -c.decimals) * (1 + 1e-9);
      if (g.memory_bytes > 0 && std::fabs(written - driver_gib) <= half_ulp &&
          std::fabs(written - g.marketing_memory_bytes / kGB) > half_ulp) {
        Finding mf = finding_for(c, "gpu_memory_capacity");
        set_wrong(mf, c, g.memory_bytes,
                  fmt::format("the GPU's memory as its driver reports it is {} = {:.2f} GiB: the stated figure writes "
                              "the GiB number in GB (GB = 1e9 bytes, GiB = 2^30 bytes)", fmt_gb(g.memory_bytes),
                              driver_gib));
        r.findings.push_back(std::move(mf));
        continue;
      }
    }
    const bool restated_wrong = c.restates > 0 && !close(c.value, c.restates, 0.02);
    if (c.kind == ClaimKind::kOther && !own_arithmetic_wrong && !wrong_dtype_size && !restated_wrong &&
        !experts_by_layers() && !c.kv_pool && !c.kv_tokens && !c.kv_requests)
      continue;
    // "KV budget 44.6 GB per GPU -> ~453k tokens": the pool the line states before its count of tokens.
    double stated_kv_budget = 0;
    if (c.kv_tokens || c.kv_requests)
      for (size_t q = k; q-- > 0 && claims[q].line == c.line;)
        if (claims[q].kv_pool && claims[q].reading.owner != Owner::kNode && claims[q].reading.owner != Owner::kCluster) {
          stated_kv_budget = claims[q].value;
          break;
        }
    // Sizes in bytes stated before a count of requests on its line (however read): the count may follow from one.
    std::vector<double> line_sizes;
    if (c.kv_requests && stated_kv_budget == 0)
      for (size_t q = k; q-- > 0 && claims[q].line == c.line;)
        if (claims[q].value > 0 && claim_dimension(claims[q].kind) &&
            claim_dimension(claims[q].kind)->bytes == 1 && claim_dimension(claims[q].kind)->params == 0)
          line_sizes.push_back(claims[q].value);
        else if (claims[q].kind == ClaimKind::kOther && claims[q].kv_pool)
          line_sizes.push_back(claims[q].value);
    Finding f =
        finding_for(c, to_string(c.kind) + (c.scope == Scope::kUnqualified ? "" : " (" + to_string(c.scope) + ")"));
    if (implausible_degree(c)) {
      f.verdict = Verdict::kNotUnderstood;
      f.explanation = fmt::format("{:g} is far above the experts and GPUs of any layout of this deployment: not read as "
                                  "a degree", c.value);
      r.findings.push_back(std::move(f));
      continue;
    }
    // "2 GPUs = 1 (TP) × 1 (PP)" with "× 2 (DP)." on the next line: the formula is cut by the line break.
    bool formula_cut = false;
    if (c.arithmetic && c.line < doc.line_count()) {
      const std::string_view row = doc.line(c.line);
      const size_t rest = row.find_first_not_of(" \t\r", c.arithmetic->col_end);
      std::string_view next = doc.line(c.line + 1);
      while (!next.empty() && next.front() == ' ') next.remove_prefix(1);
      formula_cut = rest == std::string_view::npos &&
                    (next.starts_with("×") || next.starts_with("*") || next.starts_with("+") || next.starts_with("/") ||
                     next.starts_with("÷") || next.starts_with("x ") || next.starts_with("− ") || next.starts_with("- "));
    }
    // A formula's own arithmetic needs no reading: "TP 2 × PP 3 = 7" or "185.53 − 35.16 − 3.85 = 156.52 GB" is
    // wrong whatever layout, section or moment it is about, so it overrides an abstention (a formula cut by the
    // line break excepted: its arithmetic is not all there).
    auto keep = [&](Finding& g) {
      if (!formula_cut && c.arithmetic && c.arithmetic->operands >= 2 &&
          (g.verdict == Verdict::kNotUnderstood || g.verdict == Verdict::kUnverifiable)) {
        const std::string why = g.explanation;
        if (c.kind == ClaimKind::kDegreeProduct) {
          if (!close(c.arithmetic->value, c.value, 1e-9))
            set_wrong(g, c, c.arithmetic->value,
                      fmt::format("{} = {:g}, not {:g}", c.arithmetic->text, c.arithmetic->value, c.value));
        } else if (!c.arithmetic->dimension_matches &&
                   !(c.arithmetic->dimension == Dimension{1, 0, 0, 0, 0} &&
                     c.arithmetic->dimension_note.find("divides") == std::string::npos)) {
          // "60.8 GB × 2 bytes" gives bytes²: wrong, with no value to put in its place. A parameter count for a
          // byte figure ("3 × 4096 × 1536 params = 37.7 MB in BF16") leaves its conversion to the words: not sure.
          Finding own = g;
          own.verdict = Verdict::kUnverifiable;
          own.explanation.clear();
          check_formula(own, c);
          if (own.verdict == Verdict::kWrong) {
            g = std::move(own);
            g.expected.reset();
            g.replacement.clear();
          }
        } else if (c.arithmetic->dimension_matches && formula_off(c)) {
          g.explanation.clear();
          check_formula(g, c);
          g.expected = formula_value(c);
          // As many decimals as the writer gave ("156.52" -> "146.52").
          g.replacement = c.decimals > 0 ? fmt::format("{:.{}f}", formula_value(c) / (c.unit_scale > 0 ? c.unit_scale : 1),
                                                       c.decimals)
                                         : in_written_unit(c, formula_value(c));
          g.formula_begin = g.formula_end = 0;
          g.formula_replacement.clear();
        }
        if (g.verdict == Verdict::kWrong && !why.empty()) g.explanation += "; nothing else on it is judged (" + why + ")";
      }
      r.findings.push_back(std::move(g));
    };
    // "KV per token per GPU: 35,712 B on stage 0 and 34,560 B on stage 1" of a deployment without a pipeline: a line
    // about a pipeline stage the deployment does not have is about another layout.
    if (region[k] == 0 && x.plan &&
        one_of(c.kind, {ClaimKind::kKvPerToken, ClaimKind::kWeightsPerGpu, ClaimKind::kExpertsPerGpu, ClaimKind::kLayers,
                        ClaimKind::kLayersPerStage, ClaimKind::kMemoryPerGpuTotal, ClaimKind::kParamsPerGpu})) {
      if (const int stage = missing_stage(c.line); stage >= 0) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = fmt::format("the line is about pipeline stage {}, which this deployment (PP {}) does not have",
                                    stage, x.plan->strategy.pp);
        keep(f);
        continue;
      }
    }
    // A GPU's memory or a link's bandwidth in a section about another GPU ("## Cheaper option: 2 x A100-80GB"),
    // whatever layout the section is about: one GPU's memory is judged against that GPU's preset, like a sentence
    // that names it; the rest is not read.
    if (one_of(c.kind, {ClaimKind::kGpuMemoryCapacity, ClaimKind::kBandwidth}) && c.reading.gpu_model.empty())
      if (const std::string gpu = section_gpu(c.line); !gpu.empty()) {
        if (c.kind == ClaimKind::kGpuMemoryCapacity && c.reading.component.empty() &&
            (c.reading.owner == Owner::kUnsaid || c.reading.owner == Owner::kGpu)) {
          Claim named = c;
          named.reading.gpu_model = gpu;
          for (char& ch : named.reading.gpu_model) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          check_claim(f, named, x);
          keep(f);
          continue;
        }
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = "the section is about the " + gpu + ", not the deployment's GPU: a figure about that GPU";
        keep(f);
        continue;
      }
    // "Compare Qwen1.5-MoE at 196,608 B/token": a clause that names another model preset (and not the deployment's)
    // before the figure is about that model.
    // (So is one in a line about another scale: "off the old Llama-3.1-70B fleet (that one ran 80 dense layers on 24
    // A100s)".)
    if ((region[k] == 0 || region[k] == -c.line) && scenario) {
      std::string clause = clause_of(doc, c.line, c.col_begin);
      // "... off the old Llama-3.1-70B fleet (that one ran 80 dense layers ...)": a parenthesis speaks of the words
      // right before it (up to three).
      if (const std::string_view text = doc.line(c.line); clause.size() < c.col_begin) {
        const size_t open = c.col_begin - clause.size();
        if (open > 0 && open <= text.size() && text[open - 1] == '(') {
          size_t b = open - 1;
          while (b > 0 && text[b - 1] == ' ') --b;
          for (int words = 0; b > 0 && words < 3; ++words) {
            while (b > 0 && text[b - 1] != ' ' && text[b - 1] != '(' && text[b - 1] != ',' && text[b - 1] != ';') --b;
            if (b == 0 || text[b - 1] != ' ') break;
            while (b > 0 && text[b - 1] == ' ') --b;
          }
          clause = std::string(text.substr(b, open - 1 - b)) + " " + clause;
        }
      }
      const std::string own_named = other_model(clause);
      if (const std::string named = own_named.empty() ? sized_model_name(clause, scenario->model.name) : own_named;
          !named.empty()) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = "the clause names " + named + ", not the deployment's model: a figure about that model";
        keep(f);
        continue;
      }
      // "On H100 you have 76.97 GB usable" in an H200 document: a figure about that GPU (a capacity is judged
      // against the named GPU's preset in check_claim).
      if (c.kind != ClaimKind::kGpuMemoryCapacity || c.reading.gpu_model.empty() || !c.reading.component.empty())
        if (const std::string gpu = other_gpu_in(clause, *scenario); !gpu.empty()) {
          f.verdict = Verdict::kNotUnderstood;
          f.explanation = "the clause names the " + gpu + ", not the deployment's GPU: a figure about that GPU";
          keep(f);
          continue;
        }
    }
    // "Why not EP 32 next year?": a degree asked about is not claimed for the deployment (only one that is no
    // layout at all, an EP that splits no expert evenly, is judged below).
    if (is_degree(c.kind) && c.kind != ClaimKind::kDegreeProduct && scenario && ends_in_question(doc.line(c.line), c.col_end)) {
      if (!degree_splits_nothing(c, *scenario)) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = "a degree in a question: asked about, not claimed for the deployment";
        keep(f);
        continue;
      }
    }
    // "That's the EP=4 number": a degree qualifying a noun names a layout, it does not say the deployment's.
    if (is_degree(c.kind) && c.kind != ClaimKind::kDegreeProduct && names_layout(doc.line(c.line), c.col_end)) {
      f.verdict = Verdict::kNotUnderstood;
      f.explanation = "the degree qualifies a noun (\"the EP=4 number\"): it names a layout, not the deployment's";
      keep(f);
      continue;
    }
    // "EP 16 won't work, it spans the IB link", "TP=4 is not an option here": a degree the sentence rules out is not
    // claimed for the deployment, and the reason (memory, a link, cost) is not read. One that splits no expert or
    // attention head evenly is no layout at all, ruled out or not: judged below like any other.
    if (c.ruled_out && is_degree(c.kind) && c.kind != ClaimKind::kDegreeProduct && scenario) {
      if (!degree_splits_nothing(c, *scenario)) {
        f.verdict = Verdict::kNotUnderstood;
        f.explanation = "a degree the sentence rules out, for a reason check does not read: not the deployment's";
        keep(f);
        continue;
      }
    }
    // "Observed: TPOT 12 ms", "we measure a TPOT of about 70 ms": a measurement, which a prediction does not judge.
    if (performance && says_measured(c.text)) {
      f.verdict = Verdict::kUnverifiable;
      f.explanation = "a measurement; moeplan's cost-model prediction is no verdict on it";
      // ... but physics is: a measurement that beats the bound is not one of this deployment.
      if (x.plan && region[k] == 0 && c.reading.unclear.empty())
        if (const Bound b = performance_bound(c, x); beats(c, b.value)) set_beyond_bound(f, c, b);
      keep(f);
      continue;
    }
    // "At perfect utilisation the ceiling is ~6.5k tok/s": a bound someone derived, which the deployment's predicted
    // rate does not judge; only one beyond the FLOPs of any batch at peak rates is wrong (impossible).
    if (performance && c.ceiling) {
      f.verdict = Verdict::kUnverifiable;
      f.explanation = "a ceiling someone derived; moeplan's prediction of the rate reached is no verdict on it";
      if (x.plan && region[k] == 0 && c.reading.unclear.empty())
        if (const Bound b = performance_bound(c, x); beats(c, b.value)) set_beyond_bound(f, c, b);
      keep(f);
      continue;
    }
    if (formula_cut) {
      f.verdict = Verdict::kNotUnderstood;
      f.explanation = "a formula that goes on past the line break: only its first part is read";
      keep(f);
      continue;
    }
    if (!c.reading.unclear.empty() || rows_of_other_layouts.count(c.line) > 0) {
      f.verdict = Verdict::kNotUnderstood;
      f.explanation = !c.reading.unclear.empty() ? c.reading.unclear
                                                 : "a table row whose label names a degree of another layout";
      wrong_under_any_layout(f, c);
      keep(f);
      continue;
    }
    if (c.kind == ClaimKind::kOther && !experts_by_layers() && !c.kv_pool && !c.kv_tokens && !c.kv_requests) {
      f.verdict = Verdict::kUnverifiable;
      // "183,359 MiB = 183.4 GB": a size converted to another unit must be the same size, whatever it is of.
      if (c.restates > 0 && !close(c.value, c.restates, 0.02))
        set_wrong(f, c, c.restates,
                  fmt::format("restates the figure before it ({:.4g} in this unit) as {:g}", c.restates / c.unit_scale,
                              c.value / c.unit_scale));
      else if (wrong_dtype_size)
        set_wrong(f, c, c.dtype_bytes,
                  fmt::format("the dtype the sentence names stores {:g} bytes per parameter", c.dtype_bytes));
      check_formula(f, c);
      keep(f);
      continue;
    }
    // "(400 GB/s)" after "400 Gb/s": the same figure again in another unit must be the same figure.
    if (c.restates > 0 && !close(c.value, c.restates, 0.02)) {
      set_wrong(f, c, c.restates,
                fmt::format("restates the figure before it ({:.4g} in this unit) as {:g}", c.restates / c.unit_scale,
                            c.value / c.unit_scale));
      keep(f);
      continue;
    }
    // Over the deployment's GPUs; a figure in a region of its own (an alternative, a pool) is judged there.
    if (c.restates_per_gpu > 0 && x.plan && region[k] == 0) {
      const double per_gpu = c.restates_per_gpu / x.plan->strategy.gpus();
      if (!close(c.value, per_gpu, 0.05)) {
        set_wrong(f, c, per_gpu, fmt::format("{:g} over {} GPUs is {:g} per GPU", c.restates_per_gpu / c.unit_scale,
                                             x.plan->strategy.gpus(), per_gpu / c.unit_scale));
        keep(f);
        continue;
      }
    }
    // "256 × 61 = 15,616", "8 × 61 = 488": a layer's experts (or a GPU's share of them) times a count of
    // layers is a count over layers, right only over the MoE layers: the dense ones hold no experts.
    if (region[k] == 0 && scenario && x.plan && c.arithmetic && scenario->model.is_moe() &&
        (one_of(c.kind, {ClaimKind::kExpertsPerLayer, ClaimKind::kExpertsTotal, ClaimKind::kExpertsPerGpu}) ||
         (c.kind == ClaimKind::kOther && c.arithmetic->bare))) {
      const ModelSpec& m = scenario->model;
      const Strategy& st = x.plan->strategy;
      if (const auto el = experts_times_layers(c.arithmetic->text, m, st)) {
        const double a = el->experts, layers = m.num_layers, moe = m.num_moe_layers();
        f.quantity = el->of_gpu ? "experts_per_gpu (total)" : "experts_total";
        f.expected = a * moe;
        f.expected_text = fmt::format("{:g}", a * moe);
        const std::string whose = el->of_gpu ? fmt::format("{:g} experts per GPU in each MoE layer (EP {})", a, st.ep)
                                             : fmt::format("{:g} routed experts per MoE layer", a);
        if (el->layers == moe) {
          f.verdict = close(c.value, a * moe, 1e-9) ? Verdict::kCorrect : Verdict::kWrong;
          f.explanation = fmt::format("{} × {:g} MoE layers = {:g}", whose, moe, a * moe);
        } else {
          set_wrong(f, c, a * moe,
                    fmt::format("{} × {:g} MoE layers = {:g}; {:g} layers count the {:g} dense ones, which hold no "
                                "experts", whose, moe, a * moe, layers, layers - moe));
        }
        keep(f);
        continue;
      }
    }
    // A GPU holds whole experts: "21.3 experts per GPU" is no layout at all, under any strategy (an
    // alternative's included); "≈1.33" is no rounding of a whole number either.
    constexpr double kRoundingOfWhole = 0.2;
    if (one_of(c.kind, {ClaimKind::kExpertsPerGpu, ClaimKind::kExpertsPerLayer, ClaimKind::kExpertsTotal}) &&
        !whole(c.value) && (!c.approximate || std::fabs(c.value - std::round(c.value)) > kRoundingOfWhole)) {
      f.verdict = Verdict::kImpossible;
      f.explanation = fmt::format("{:g} experts is not a whole number: experts are not split between GPUs this way", c.value);
      keep(f);
      continue;
    }
    // A line about another number of GPUs that states no degree: only a figure its layout decides is about that
    // layout ("26.8 TB/s for the 4 GPUs" adds up HBM, whatever the layout).
    // (A KV pool, and the tokens and requests it holds, are the layout's too.)
    if (region[k] < 0 && unstated_scale(region[k]) && !layout_decides(c.kind) && !c.kv_pool && !c.kv_tokens &&
        !c.kv_requests)
      region[k] = 0;
    const Context* cx = &x;
    bool on_main = false;  // a figure of an alternative that cannot be rebuilt, which no layout decides
    if (region[k] != 0 && (x.plan || (scenario && region_pool.count(region[k])))) {
      Region& g = build_region(region[k]);
      // A pool's rates and latencies come from the disaggregated serving model (search/disagg.h), not from
      // one strategy's plan: not judged here.
      if (g.pool && one_of(c.kind, {ClaimKind::kTtft, ClaimKind::kTpot, ClaimKind::kThroughput, ClaimKind::kThroughputPerGpu})) {
        f.strategy = g.label;
        f.verdict = Verdict::kUnverifiable;
        f.explanation = "a serving pool's rate or latency: check judges a pool's layout, experts and memory, not its "
                        "disaggregated performance";
        keep(f);
        continue;
      }
      if (!g.same_as_main) {
        f.strategy = g.label;
        if (!g.plan) {
          // An EP that does not divide the experts is wrong whatever the strategy; the rest cannot be judged.
          const ModelSpec& model = g.scenario ? g.scenario->model : scenario->model;
          const bool divides = c.value >= 1 && std::fmod(static_cast<double>(model.num_experts), c.value) == 0;
          // A TP that does not divide the attention heads makes no layout either, on any number of GPUs.
          const bool heads_split = c.kind == ClaimKind::kTp && tp_splits_no_whole(c.value, model);
          if (heads_split || (c.kind == ClaimKind::kTp && g.problem.find("is not divisible by tp") != std::string::npos)) {
            set_wrong(f, c, 0, heads_split ? fmt::format("num_heads {} is not divisible by tp {:g}", model.num_heads, c.value)
                                           : g.problem);
            f.expected.reset();
            f.replacement.clear();
            keep(f);
            continue;
          }
          if (c.kind == ClaimKind::kEp && model.is_moe() && !divides) {
            check_claim(f, c, x);
            if (f.verdict == Verdict::kWrong) {
              f.explanation = g.problem.empty() ? f.explanation : g.problem;
              f.replacement.clear();
              keep(f);
              continue;
            }
          }
          // Experts per GPU under an EP that does not divide the experts: no such layout, whatever the rest of it
          // ("a three-GPU slice, EP 3, about 43 experts per GPU": 128 experts over 3 ranks).
          // The figure must be that split rounded (43 for 128 / 3): then it comes from that EP.
          const bool ep_splits = g.stated_ep && *g.stated_ep > 0 && model.is_moe() && model.num_experts % *g.stated_ep != 0 &&
                                 std::fabs(c.value - static_cast<double>(model.num_experts) / *g.stated_ep) < 1;
          // The same for the EP of the strategy rebuilt from the text, when the figure is that split ("EP 24: about
          // 10.7 experts per GPU"); a figure of another split (32 = 256 / 8 where the rebuilt EP is 48) is not.
          const bool experts_split = g.problem.find("num_experts") != std::string::npos &&
                                     g.problem.find("not divisible by ep") != std::string::npos && g.built_ep &&
                                     *g.built_ep > 0 &&
                                     std::fabs(c.value - static_cast<double>(model.num_experts) / *g.built_ep) < 1;
          if (c.kind == ClaimKind::kExpertsPerGpu && (experts_split || ep_splits)) {
            f.verdict = Verdict::kWrong;
            f.explanation = ep_splits ? fmt::format("{} experts over EP {} is {:.2f} per GPU: no whole number of experts "
                                                    "per GPU, no such layout", model.num_experts, *g.stated_ep,
                                                    static_cast<double>(model.num_experts) / *g.stated_ep)
                                      : g.problem + ": no whole number of experts per GPU";
            keep(f);
            continue;
          }
          // One GPU's KV per token needs only the TP: the one its line states, else the alternative's.
          const int line_tp = stated_tp(c.line);
          if (gpu_kv_per_token(c))
            if (const int tp = line_tp ? line_tp : g.scenario && g.scenario->strategy ? g.scenario->strategy->tp : 0;
                tp > 0) {
              check_kv_at_tp(f, c, model, tp);
              keep(f);
              continue;
            }
          // A figure no layout decides (a GPU's memory or links, the model's layers or parameters) is the same
          // under any layout of the deployment's model on its GPUs: judged as the deployment's ("Degraded: ... the
          // NVLink counters at 900 GB/s per direction").
          const bool same_hardware =
              !g.pool && (!g.scenario || (g.scenario->cluster.gpu.name == scenario->cluster.gpu.name &&
                                          g.scenario->model.name == scenario->model.name));
          // (Not the layers one GPU or stage holds: "each GPU holds 24 layers" is the layout's.)
          const bool layers_of_part = c.kind == ClaimKind::kLayers &&
                                      (c.reading.owner == Owner::kGpu || c.reading.owner == Owner::kStage);
          if (same_hardware && x.plan && !layers_of_part &&
              one_of(c.kind, {ClaimKind::kBandwidth, ClaimKind::kGpuMemoryCapacity, ClaimKind::kLayers,
                              ClaimKind::kParamsTotal, ClaimKind::kParamsActive})) {
            on_main = true;
            f.strategy.clear();
          } else {
            f.verdict = Verdict::kNotUnderstood;
            f.explanation = g.problem.empty() ? "about an alternative layout that cannot be rebuilt" : g.problem;
            f.replacement.clear();
            f.qualifier.clear();
            keep(f);
            continue;
          }
        }
        if (!on_main) {
        cx = &g.ctx;
        // "In A every GPU holds a half-width slice of all 64 experts": an alternative that states no EP may shard its
        // experts by TP (EP 1: vLLM without --enable-expert-parallel, SGLang without --ep), so all of a layer's
        // experts on each GPU is one of its readings; which one it runs is not said.
        if (c.kind == ClaimKind::kExpertsPerGpu && !g.stated_ep && g.plan && g.plan->strategy.ep > 1 && g.scenario &&
            c.value == g.scenario->model.num_experts) {
          f.strategy = g.label;
          f.verdict = Verdict::kNotUnderstood;
          f.explanation = fmt::format("all {:g} experts of a layer on each GPU is the alternative with EP 1 (experts "
                                      "sharded by TP); it does not state its EP", c.value);
          keep(f);
          continue;
        }
        // The section's strategy is read from its own text; another degree in it ("EP=6 doesn't divide 8
        // experts. Fallback is TP=4, DP=1, EP=4") names a layout the section weighs, not the one it uses.
        const Strategy& gs = g.plan->strategy;
        const double own = c.kind == ClaimKind::kTp ? gs.tp : c.kind == ClaimKind::kPp ? gs.pp
                         : c.kind == ClaimKind::kDp ? gs.dp : c.kind == ClaimKind::kEp ? gs.ep : 0;
        if (!g.pool && own > 0 && !close(c.value, own, 1e-9)) {  // a pool's degrees are claims about the pool
          f.verdict = Verdict::kNotUnderstood;
          f.explanation = fmt::format("{}={:g} in a section whose own layout is {}: another layout, weighed here",
                                      to_string(c.kind), c.value, g.label);
          keep(f);
          continue;
        }
        }
      }
    }
    if (const std::string why = doubt(c); !why.empty()) {
      f.verdict = Verdict::kNotUnderstood;
      f.explanation = why;
      keep(f);
      continue;
    }
    // "KV per token per GPU at TP 4 is still 28,672 B" in a deployment judged at another TP: that TP's figure.
    const int line_tp = gpu_kv_per_token(c) && cx->plan && cx->plan->strategy.pp == 1 ? stated_tp(c.line) : 0;
    if (c.kv_tokens) check_kv_tokens(f, c, *cx, stated_kv_budget);
    else if (c.kv_requests) check_kv_requests(f, c, *cx, stated_kv_budget, line_sizes);
    else if (line_tp > 0 && line_tp != cx->plan->strategy.tp) check_kv_at_tp(f, c, cx->plan->scenario->model, line_tp);
    else check_claim(f, c, *cx);
    if (f.verdict == Verdict::kNotUnderstood || f.verdict == Verdict::kUnverifiable) wrong_under_any_layout(f, c);
    if (cx == &x && f.quantity == "kv_budget" && f.verdict == Verdict::kNotUnderstood &&
        f.explanation.find(kPoolBelowBudget) != std::string::npos)
      pool_no_layout_leaves(f, c);
    // "(one per card, no expert parallelism) each GPU carries all 31.4 GB": one GPU's weights that are exactly another
    // valid layout's, in a sentence or paragraph about another layout or what would be, are that layout's figure,
    // which the document does not spell out: not judged under the deployment's.
    // So is one GPU's KV per token ("no, it halves: 24,064 B/token per GPU" beside a layout with a pipeline).
    const bool weights_figure = c.kind == ClaimKind::kWeightsPerGpu && c.scope != Scope::kTotal &&
                                (c.reading.owner == Owner::kGpu || c.reading.owner == Owner::kUnsaid) &&
                                !unit_swapped(c, x.weights_min, x.weights_max);
    const bool kv_figure = c.kind == ClaimKind::kKvPerToken && c.reading.owner == Owner::kGpu &&
                           c.scope != Scope::kPerMoeLayer && !c.reading.per_layer;
    // "KV per token per GPU: 35,712 B on stage 0 and 34,560 B on stage 1" under a layout without a pipeline: a figure
    // of a pipeline stage is a layout with one (PP 2 or more), which one not read.
    const bool stage_figure = c.kind == ClaimKind::kKvPerToken && c.reading.owner != Owner::kModel &&
                              c.reading.owner != Owner::kNode && c.reading.owner != Owner::kCluster &&
                              c.scope != Scope::kPerMoeLayer && !c.reading.per_layer && cx->plan &&
                              cx->plan->strategy.pp == 1 && names_pipeline_stage(c.line);
    if ((cx == &x || stage_figure) && f.verdict == Verdict::kWrong && (weights_figure || kv_figure || stage_figure) &&
        c.reading.component.empty() && !c.arithmetic && (stage_figure || hypothetical_context(c.line))) {
      // The degrees the paragraph states up to the figure's line bind the layout ("EP 8 would put 32 experts ... 168
      // GB per GPU": a layout with EP 8).
      // (The document's degrees as surveyed, not this run's claims: a paragraph may begin in an earlier run.)
      std::vector<const LayoutClaim*> stated;
      const int first = paragraph_start(c.line);
      for (auto it = std::lower_bound(layout_claims.begin(), layout_claims.end(), first,
                                      [](const LayoutClaim& l, int line) { return l.line < line; });
           it != layout_claims.end() && it->line <= c.line; ++it)
        if (is_degree(it->kind) && it->kind != ClaimKind::kDegreeProduct) stated.push_back(&*it);
      auto agrees = [&](const Strategy& o) {
        if (stage_figure && o.pp < 2) return false;
        for (const LayoutClaim* d : stated) {
          const int want = d->kind == ClaimKind::kTp ? o.tp : d->kind == ClaimKind::kPp ? o.pp : d->kind == ClaimKind::kDp ? o.dp
                           : d->kind == ClaimKind::kEp ? o.ep : d->kind == ClaimKind::kEtp ? o.etp : 0;
          if (want > 0 && d->value != want) return false;
        }
        return true;
      };
      for (const OtherLayout& o : other_layout_figures())
        if (!o.whole_model && (weights_figure ? covers(c, o.weights) : covers(c, o.kv_min) || covers(c, o.kv_max)) &&
            agrees(o.strategy)) {
          const Strategy& other = o.strategy;
          f.verdict = Verdict::kNotUnderstood;
          f.explanation = fmt::format("{}; {} is one GPU's {} under TP {} PP {} DP {} EP {}{} on {} GPUs, and its "
                                      "{}: whose layout it is, is not read", f.explanation, stated_text(c),
                                      weights_figure ? "weights" : "KV per token", other.tp, other.pp, other.dp,
                                      other.ep, other.instances > 1 ? fmt::format(" x {} instances", other.instances) : "",
                                      other.gpus(),
                                      stage_figure ? "line names a pipeline stage, which this layout does not have"
                                                   : "sentence or paragraph is about another layout or what would be");
          f.replacement.clear();
          break;
        }
    }
    if (cx != &x && !f.explanation.empty())
      f.explanation = (region_pool.count(region[k]) ? "under the " : "under the alternative ") + f.strategy + ": " + f.explanation;
    if (c.kind == ClaimKind::kOptimizerStates) {
      // The words themselves are what is wrong: point the fix at them.
      std::string lower(doc.line(c.line));
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const size_t at = lower.find("optimizer state");
      if (at != std::string::npos) {
        f.col_begin = at;
        f.col_end = at + std::string("optimizer state").size() + (lower.compare(at + 15, 1, "s") == 0 ? 1 : 0);
      } else {
        f.replacement.clear();
      }
    }
    if (!f.qualifier.empty()) {
      // After "experts per GPU" (or the word after the number) on the same line.
      const std::string_view line = doc.line(c.line);
      size_t at = line.find("per GPU", c.col_end);
      if (at != std::string_view::npos && at - c.col_end < 24) f.qualifier_at = at + 7;
      else f.qualifier.clear();
    }
    check_formula(f, c);
    // A number --fix rewrites takes its formula with it: the old formula would contradict the new number.
    const bool rewritten = (f.verdict == Verdict::kWrong || f.verdict == Verdict::kImpossible ||
                            f.verdict == Verdict::kUnsupported) && !f.replacement.empty();
    if (rewritten && c.arithmetic && c.kind != ClaimKind::kDegreeProduct && f.formula_end == 0) {
      f.formula_begin = c.arithmetic->col_begin;
      f.formula_end = c.arithmetic->col_end;
      f.formula_replacement = "computed per stage by moeplan";
    }
    r.findings.push_back(std::move(f));
  }
  settle_disagreeing_figures(r.findings, doc);
}

bool fixes_layout(const Claim& c) { return is_degree(c.kind) || c.kind == ClaimKind::kGpuCount; }

bool surveyed(const Claim& c) {
  // Rates too: which tokens the document's rates count is read over the whole document (Context::rates_count_output).
  return fixes_layout(c) || c.kind == ClaimKind::kDegreeProduct || c.kind == ClaimKind::kThroughput ||
         c.kind == ClaimKind::kThroughputPerGpu;
}

bool layout_figure(const Claim& c) {
  return c.kind == ClaimKind::kWeightsPerGpu || c.kind == ClaimKind::kKvPerToken || c.kind == ClaimKind::kExpertsPerGpu ||
         c.kind == ClaimKind::kMemoryPerGpuTotal;
}

void figure_lines(const std::vector<Claim>& claims, std::vector<int>& out) {
  // Claims come in line order.
  for (size_t i = 0; i < claims.size();) {
    size_t j = i;
    bool layout = false, figure = false;
    for (; j < claims.size() && claims[j].line == claims[i].line; ++j) {
      layout |= fixes_layout(claims[j]);
      figure |= layout_figure(claims[j]);
    }
    if (layout && figure) out.push_back(claims[i].line);
    i = j;
  }
}

DocumentChecker::DocumentChecker(const MarkdownDocument& doc, const Scenario* scenario, const CheckOptions& options)
    : s_(std::make_unique<State>(doc, scenario, options)) {}
DocumentChecker::~DocumentChecker() = default;

void DocumentChecker::survey(const std::vector<Claim>& claims) { s_->survey(claims); }

void DocumentChecker::survey_figure_lines(const std::vector<int>& lines) {
  s_->layout_figure_lines.insert(lines.begin(), lines.end());
}

void DocumentChecker::settle() { s_->settle(); }

std::vector<Finding> DocumentChecker::check(const std::vector<Claim>& claims) {
  s_->r.findings.clear();
  s_->r.findings.reserve(claims.size());  // at most one finding a claim: the findings are never moved
  s_->check(claims);
  return std::move(s_->r.findings);
}

const CheckReport& DocumentChecker::report() const { return s_->r; }

CheckReport check_document(const MarkdownDocument& doc, const std::vector<Claim>& claims, const Scenario* scenario,
                           const CheckOptions& options) {
  DocumentChecker checker(doc, scenario, options);
  checker.survey(claims);
  checker.settle();
  std::vector<Finding> findings = checker.check(claims);
  CheckReport r = checker.report();
  r.findings = std::move(findings);
  return r;
}

nlohmann::json check_json(const CheckReport& r) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : r.findings) {
    nlohmann::json j{{"node", f.node},         {"line", f.line},         {"text", f.text},
                     {"quantity", f.quantity}, {"stated", f.stated},     {"verdict", to_string(f.verdict)},
                     {"explanation", f.explanation}};
    j["expected"] = f.expected ? nlohmann::json(*f.expected) : nlohmann::json(nullptr);
    if (!f.expected_text.empty()) j["expected_text"] = f.expected_text;
    if (f.stated_hi != f.stated) j["stated_hi"] = f.stated_hi;
    if (f.error_factor != 0) j["error_factor"] = f.error_factor;
    if (!f.reading.empty()) j["reading"] = f.reading;
    if (!f.strategy.empty()) j["strategy"] = f.strategy;
    findings.push_back(j);
  }
  nlohmann::json summary{{"claims", r.findings.size()},
                         {"correct", r.count(Verdict::kCorrect)},
                         {"wrong", r.count(Verdict::kWrong)},
                         {"ambiguous", r.count(Verdict::kAmbiguous)},
                         {"unsupported", r.count(Verdict::kUnsupported)},
                         {"impossible", r.count(Verdict::kImpossible)},
                         {"unverifiable", r.count(Verdict::kUnverifiable)},
                         {"not_understood", r.count(Verdict::kNotUnderstood)},
                         {"has_scenario", r.has_scenario},
                         {"strategy_source", r.strategy_source},
                         {"failed", r.failed()}};
  return nlohmann::json{{"file", r.file}, {"findings", findings}, {"summary", summary}};
}

}  // namespace moeplan
