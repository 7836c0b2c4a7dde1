#include "check/claims.h"
#include "spec/limits.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "check/lexicon.h"

namespace moeplan {

namespace {

// How far (in tokens) the extractor looks around a number for its clause and label.
constexpr size_t kWindow = 24;
constexpr size_t kLabelWindow = 48;
// Formulas nest at most this deep: "((((1" in a huge line must not recurse.
constexpr int kMaxFormulaDepth = 4;
// An operand ("~2 bytes per param", "(EP=8") spans at most this many tokens
// before its operator.
constexpr size_t kMaxOperandTokens = 10;
// "2 bytes" next to a parameter count is bytes per parameter up to FP64's 8.
constexpr double kMaxBytesPerParam = 8;
// Longer lines get the sentence around each claim (at most this far either way) as its text.
constexpr size_t kMaxClaimTextBytes = 240;
// Room for optimizer-states lints (claims without a digit) before the claims vector grows.
constexpr size_t kSpareClaims = 64;
// Node titles whose words ClaimExtractor keeps read (a document may have a hundred thousand nodes).
constexpr size_t kCachedTitles = 256;
// "###### 1." or "- 2)": numbering comes after at most this many marks.
constexpr size_t kMaxLeadingMarks = 8;
// The largest count of billions a parameter figure is read as ("1,043 B"); above it "B" is bytes.
constexpr double kBillionsCeiling = 1e4;
// The longest label of a "label: value" line ("experts per GPU per layer: 32").
constexpr size_t kMaxItemLabelBytes = 60;
// The most tokens before a line's first colon that still label the line ("- H20:", "Per GPU on H100:").
constexpr size_t kMaxLabelTokens = 6;
// The longest unit in brackets before a label's colon, in tokens ("(tokens/s)" is 3).
constexpr size_t kMaxBracketUnitTokens = 4;

// ---------------------------------------------------------------------------
// Names

constexpr std::array<std::pair<ClaimKind, const char*>, 28> kKindNames = {{
    {ClaimKind::kGpuCount, "gpu_count"},
    {ClaimKind::kDegreeProduct, "degree_product"},
    {ClaimKind::kTp, "tp"},
    {ClaimKind::kPp, "pp"},
    {ClaimKind::kDp, "dp"},
    {ClaimKind::kEp, "ep"},
    {ClaimKind::kEtp, "etp"},
    {ClaimKind::kExpertsPerGpu, "experts_per_gpu"},
    {ClaimKind::kExpertsTotal, "experts_total"},
    {ClaimKind::kEpGroups, "ep_groups"},
    {ClaimKind::kEpGroupSize, "ep_group_size"},
    {ClaimKind::kLayersPerStage, "layers_per_stage"},
    {ClaimKind::kLayers, "layers"},
    {ClaimKind::kExpertsPerLayer, "experts_per_layer"},
    {ClaimKind::kParamsTotal, "params_total"},
    {ClaimKind::kParamsActive, "params_active"},
    {ClaimKind::kParamsPerGpu, "params_per_gpu"},
    {ClaimKind::kWeightsPerGpu, "weights_per_gpu"},
    {ClaimKind::kKvPerToken, "kv_per_token"},
    {ClaimKind::kMemoryPerGpuTotal, "memory_per_gpu_total"},
    {ClaimKind::kGpuMemoryCapacity, "gpu_memory_capacity"},
    {ClaimKind::kThroughput, "throughput"},
    {ClaimKind::kThroughputPerGpu, "throughput_per_gpu"},
    {ClaimKind::kTtft, "ttft"},
    {ClaimKind::kTpot, "tpot"},
    {ClaimKind::kBandwidth, "bandwidth"},
    {ClaimKind::kOptimizerStates, "optimizer_states"},
    {ClaimKind::kOther, "other"},
}};

// ---------------------------------------------------------------------------
// Tokens

enum class TokKind { kNumber, kWord, kSymbol };

struct Token {
  TokKind kind = TokKind::kSymbol;
  size_t begin = 0;  // byte offsets in the line
  size_t end = 0;
  size_t num_end = 0;       // numbers: end of the digits, suffix excluded
  std::string_view text;    // as written, a view into the line (symbols: canonical, "×" -> "*")
  // Words: lower case, a view into the Tokens' lower-cased text (or a literal).
  std::string_view lower;
  // Words: lower case, singular, synonyms folded ("GPUs" -> "gpu"); a view into `lower`, the
  // lexicon or a literal.
  std::string_view norm;
  double value = 0;         // numbers: as written, suffix not applied
  double multiplier = 1;    // numbers: "k" 1e3, "M" 1e6, "B"/"G" 1e9, "T" 1e12
  char suffix = 0;
  bool space_before = false;
  bool ordinal = false;     // "2nd"
  bool plural = false;      // words written as a plural
  bool has_digit = false;   // words such as H100, FP8, Qwen3-235B
  // A key of a config file or program ("expected_weights_per_gpu", "weightsPerGpu"): read as its words.
  bool compound = false;
};

// A segment of a line as tokens. Words view their lower-case forms in `lower`, the segment
// lower-cased at the same offsets: a token owns no string, and the views stay valid when
// Tokens is moved (a vector's move keeps its buffer).
struct Tokens {
  std::vector<char> lower;
  std::vector<Token> toks;
  // The document writes decimal commas ("85,52 GB", "0,9"): a point before exactly three digits
  // groups thousands ("1.152 Byte" is 1152, "2.048" is 2048). Set by whoever reads the document.
  bool decimal_comma = false;
};

// The program never sets a locale: in the "C" locale <cctype> classifies ASCII only, so these
// are the same tests without a call each.
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Whether a formula as written has an operand between 0 and 1 ("0.85 x 150.75", "0,9 × 85.52"): a fraction.
bool has_fraction_operand(std::string_view text) {
  for (size_t k = 0; k + 2 < text.size(); ++k) {
    if (text[k] != '0' || (text[k + 1] != '.' && text[k + 1] != ',') || !is_digit(text[k + 2])) continue;
    if (k > 0 && (is_digit(text[k - 1]) || text[k - 1] == '.' || text[k - 1] == ',')) continue;
    return true;
  }
  return false;
}


// The lexicon's lists the rules use, looked up once (presets/check/lexicon.yaml).
struct Vocab {
  const Lexicon& lx = lexicon();
  const WordMap& synonyms = lx.map("synonyms");
  const WordMap& config_keys = lx.map("config_keys");
  const WordMap& degree_words = lx.map("degree_words");
  const WordMap& number_words = lx.map("number_words");
  const WordMap& cjk_words = lx.map("cjk_words");
  // The longest cjk_words entry, in bytes: how far a match is tried.
  const size_t cjk_longest = [this] {
    size_t n = 0;
    for (const auto& [word, value] : cjk_words.entries()) n = std::max(n, word.size());
    return n;
  }();
  const ScaleMap& bytes = lx.scales("units.bytes");
  const ScaleMap& bits = lx.scales("units.bits");
  const ScaleMap& time = lx.scales("units.time");
  const ScaleMap& counts = lx.scales("units.counts");
  const ScaleMap& counts_as_written = lx.scales("units.counts_as_written");
  const ScaleMap& dtypes = lx.scales("dtypes");
  const WordSet& flops = lx.set("units.flops");
  const WordSet& request_rate = lx.set("units.request_rate");
  const WordSet& rate_adjectives = lx.set("units.rate_adjectives");
  const WordSet& hedges = lx.set("hedges");
  const WordSet& result_words = lx.set("result_words");
  const WordSet& target_markers = lx.set("target_markers");
  const WordSet& budget_markers = lx.set("budget_markers");
  const WordSet& head_nouns = lx.set("head_nouns");
  const WordSet& label_nouns = lx.set("label_nouns");
  const WordSet& head_stops = lx.set("head_stops");
  const WordSet& index_nouns = lx.set("index_nouns");
  const WordSet& index_columns = lx.set("index_columns");
  const WordSet& conjunctions = lx.set("conjunctions");
  const WordSet& past_markers = lx.set("past_markers");
  const WordSet& part_nouns = lx.set("part_nouns");
  const WordSet& degree_fillers = lx.set("degree_fillers");
  const WordSet& degree_spatial = lx.set("degree_spatial");
  const WordSet& have_verbs = lx.set("have_verbs");
  const WordSet& active = lx.set("active");
  const WordSet& expert_subsets = lx.set("expert_subsets");
  const WordSet& sequence_words = lx.set("sequence_words");
  const WordSet& gpu_containers = lx.set("gpu_containers");
  const WordSet& server_words = lx.set("server_words");
  const WordSet& memory_context = lx.set("memory_context");
  const WordSet& param_context = lx.set("param_context");
  const WordSet& kv = lx.set("kv");
  const WordSet& optimizer = lx.set("optimizer");
  const WordSet& weights = lx.set("weights");
  const WordSet& memory_use = lx.set("memory_use");
  const WordSet& memory_capacity = lx.set("memory_capacity");
  const WordSet& memory_other = lx.set("memory_other");
  const WordSet& remainders = lx.set("remainders");
  const WordSet& kv_pool_words = lx.set("kv_pool_words");
  const WordSet& kv_use_words = lx.set("kv_use_words");
  const WordSet& prompt_nouns = lx.set("prompt_nouns");
  const WordSet& kv_request_nouns = lx.set("kv_request_nouns");
  const WordSet& kv_request_not = lx.set("kv_request_not");
  const WordSet& kv_request_before = lx.set("kv_request_before");
  const WordSet& kv_request_scope_lead = lx.set("kv_request_scope_lead");
  const WordSet& kv_request_node_words = lx.set("kv_request_node_words");
  const WordSet& kv_request_cluster_words = lx.set("kv_request_cluster_words");
  const WordSet& concurrency_lead = lx.set("concurrency_lead");
  const WordSet& increments = lx.set("increments");
  const WordSet& memory_total = lx.set("memory_total");
  const WordSet& model_owner = lx.set("model_owner");
  const WordSet& clause_splits = lx.set("clause_splits");
  const WordSet& ep_context = lx.set("ep_context");
  const WordSet& layer_kinds = lx.set("layer_kinds");
  const WordSet& stage_layer_kinds = lx.set("stage_layer_kinds");
  const WordSet& slot_stops = lx.set("slot_stops");
  const WordSet& comparisons = lx.set("comparisons");
  const WordSet& differences = lx.set("differences");
  const PhraseList& usable = lx.phrases("usable");
  const PhraseList& all_layers = lx.phrases("all_layers");
  const PhraseList& restatement = lx.phrases("restatement");
  const PhraseList& limits = lx.phrases("limits");
  const PhraseList& floors = lx.phrases("floors");
  const PhraseList& ceilings = lx.phrases("ceilings");
  const PhraseList& rejections = lx.phrases("rejections");
  const WordSet& ceiling_stops = lx.set("ceiling_stops");
  const WordSet& bound_columns = lx.set("bound_columns");
  const WordSet& numbering_columns = lx.set("numbering_columns");
  const WordSet& formula_join_words = lx.set("formula_joins");
  const PhraseList& formula_join_phrases = lx.phrases("formula_joins");
  const PhraseList& one_layer = lx.phrases("one_layer");
  const PhraseList& one_expert = lx.phrases("one_expert");
  const WordSet& negations = lx.set("negations");
  const WordSet& training_words = lx.set("training_words");
  const WordSet& capacity_adjectives = lx.set("capacity_adjectives");
  const WordSet& possessives = lx.set("possessives");
  const WordSet& unread_columns = lx.set("unread_columns");
  const WordSet& length_nouns = lx.set("length_nouns");
  const WordSet& selections = lx.set("selections");
  const WordSet& distributives = lx.set("distributives");
  const WordSet& routed = lx.set("routed");
  const WordSet& inclusions = lx.set("inclusions");
  const WordSet& instance_words = lx.set("instance_words");
  const WordSet& foreign_counts = lx.set("foreign_counts");
  const WordSet& negations_after = lx.set("negations_after");
  const WordSet& column_owner_skips = lx.set("column_owner_skips");
  const WordSet& capacity_sources = lx.set("capacity_sources");
  const WordSet& local_words = lx.set("local_words");
  const WordSet& traffic_words = lx.set("traffic_words");
  const WordSet& limit_words = lx.set("limit_words");
  const WordSet& spacing_words = lx.set("spacing_words");
  const WordSet& change_verbs = lx.set("change_verbs");
  const WordSet& past_tense = lx.set("past_tense");
  const WordSet& expert_context = lx.set("expert_context");
  const PhraseList& per_gpu = lx.phrases("per_gpu");
  const PhraseList& per_layer = lx.phrases("per_layer");
  const PhraseList& per_moe = lx.phrases("per_moe");
  const PhraseList& total = lx.phrases("total");
  const PhraseList& total_words = lx.phrases("total_words");
  const PhraseList& over_layers = lx.phrases("over_layers");
  const PhraseList& whole_model = lx.phrases("whole_model");
  const PhraseList& all_gpus = lx.phrases("all_gpus");
  const PhraseList& across_gpus = lx.phrases("across_gpus");
  const PhraseList& per_stage = lx.phrases("per_stage");
  const PhraseList& per_pp = lx.phrases("per_pp");
  const PhraseList& per_token = lx.phrases("per_token");
  const PhraseList& each_token = lx.phrases("each_token");
  const PhraseList& ttft = lx.phrases("ttft");
  const PhraseList& tpot = lx.phrases("tpot");
  const PhraseList& gpu_per_part = lx.phrases("gpu_per_part");
  const PhraseList& gpu_per_group = lx.phrases("gpu_per_group");
  const PhraseList& gpu_per_ep = lx.phrases("gpu_per_ep");
  const PhraseList& one_node = lx.phrases("one_node");
  const PhraseList& node_with = lx.phrases("node_with");
  const PhraseList& gpu_holds = lx.phrases("gpu_holds");
  const PhraseList& layer_on_stage = lx.phrases("layer_on_stage");
  const PhraseList& model_size = lx.phrases("model_size");
  const PhraseList& gpu_memory = lx.phrases("gpu_memory");
};
const Vocab& vocab() {
  static const Vocab v;
  return v;
}
bool in_set(std::string_view w, const WordSet& s) { return s.find(w) != s.end(); }
std::optional<double> scale_of(std::string_view w, const ScaleMap& m) {
  const auto it = m.find(w);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

// Accelerator model names count as the word "gpu": "64 H100s", "8x A100".
bool is_gpu_model(std::string_view lower) {
  for (std::string_view m : vocab().lx.gpu_models()) {
    if (!starts_with(lower, m)) continue;
    const std::string_view rest = lower.substr(m.size());
    if (rest.empty() || !is_digit(rest[0])) return true;
  }
  return false;
}

// A view into `lower`, the lexicon or a literal.
std::string_view normalize_word(std::string_view lower, bool* plural) {
  *plural = false;
  if (const auto it = vocab().synonyms.find(lower); it != vocab().synonyms.end()) {
    const std::string_view from = it->first;
    const std::string_view to = it->second;
    *plural = from != to && from.back() == 's' && to.back() != 's';
    return to;
  }
  // Configuration keys name a degree; any other snake_case name is code, not prose.
  if (lower.find('_') != std::string_view::npos) {
    if (const auto it = vocab().config_keys.find(lower); it != vocab().config_keys.end()) return it->second;
    return lower;
  }
  if ((std::any_of(lower.begin(), lower.end(), is_digit) || lower == "gaudi" || lower == "tpu") &&
      is_gpu_model(lower)) {
    *plural = !lower.empty() && lower.back() == 's';
    return "gpu";
  }
  if (lower.size() > 3 && lower.back() == 's' && !lower.ends_with("ss") && !lower.ends_with("us") &&
      !lower.ends_with("is")) {
    *plural = true;
    return lower.substr(0, lower.size() - 1);
  }
  return lower;
}

// `lower`: the word lower-cased, a view that outlives the token.
Token make_word(std::string_view line, std::string_view lower, size_t b, size_t e, bool space_before) {
  Token t;
  t.kind = TokKind::kWord;
  t.begin = b;
  t.end = e;
  t.text = line.substr(b, e - b);
  t.lower = lower;
  t.has_digit = std::any_of(t.text.begin(), t.text.end(), is_digit);
  t.norm = normalize_word(t.lower, &t.plural);
  t.space_before = space_before;
  for (size_t k = 1; k + 1 < t.text.size() && !t.compound; ++k)
    t.compound = (t.text[k] == '_' && is_alnum(t.text[k - 1]) && is_alnum(t.text[k + 1])) ||
                 (t.text[k] >= 'A' && t.text[k] <= 'Z' && t.text[k - 1] >= 'a' && t.text[k - 1] <= 'z' &&
                  t.text[k + 1] >= 'a' && t.text[k + 1] <= 'z');
  return t;
}

// `canonical` must outlive the token: a view into the line or a literal.
Token make_symbol(size_t b, size_t e, std::string_view canonical, bool space_before) {
  Token t;
  t.kind = TokKind::kSymbol;
  t.begin = b;
  t.end = e;
  t.text = canonical;
  t.space_before = space_before;
  return t;
}

// Multi-byte symbols people use in formulas and prose, by their UTF-8 bytes.
struct Utf8Symbol {
  std::string_view bytes;
  std::string_view canonical;  // "" = ignore like a space
};
constexpr std::array<Utf8Symbol, 30> kUtf8Symbols = {{
    {"\xE2\x80\xA6", "..."},      // … ellipsis
    {"\xC3\x97", "*"},          // ×
    {"\xC3\xB7", "/"},          // ÷
    {"\xC2\xB7", "*"},          // ·
    {"\xE2\x8B\x85", "*"},      // ⋅
    {"\xE2\x88\x99", "*"},      // ∙
    {"\xE2\x80\x93", "-"},      // – en dash
    {"\xE2\x88\x92", "-"},      // − minus sign
    {"\xE2\x80\x94", ","},      // — em dash: a clause break
    {"\xE2\x89\x88", "~"},      // ≈
    {"\xE2\x88\xBC", "~"},      // ∼
    {"\xE2\x89\xA4", "<"},      // ≤
    {"\xE2\x89\xA5", ">"},      // ≥
    {"\xE2\x86\x92", ","},      // →
    {"\xE2\x87\x92", ","},      // ⇒
    {"\xE2\x80\x9C", ""},       // “
    {"\xE2\x80\x9D", ""},       // ”
    {"\xE2\x80\x98", ""},       // ‘
    {"\xE2\x80\x99", ""},       // ’
    {"\xE2\x80\xAF", ""},       // narrow no-break space
    {"\xC2\xA0", ""},           // no-break space
    {"\xE2\x80\x89", ""},       // thin space
    // The punctuation of Chinese and Japanese text (full-width forms and ideographic marks).
    {"\xE3\x80\x82", "."},      // 。 ideographic full stop
    {"\xE3\x80\x81", ","},      // 、 ideographic comma
    {"\xEF\xBC\x8C", ","},      // ， full-width comma
    {"\xEF\xBC\x9A", ":"},      // ： full-width colon
    {"\xEF\xBC\x88", "("},      // （
    {"\xEF\xBC\x89", ")"},      // ）
    {"\xEF\xBC\x9B", ","},      // ； full-width semicolon: a clause break
    {"\xE3\x80\x80", ""},       // ideographic space
}};

// The symbol of kUtf8Symbols that `line` has at byte i, or null: a multi-byte character is
// compared only with the symbols that share its first byte.
const Utf8Symbol* utf8_symbol_at(std::string_view line, size_t i) {
  const char lead = line[i];
  for (const Utf8Symbol& s : kUtf8Symbols)
    if (s.bytes[0] == lead && line.size() - i >= s.bytes.size() &&
        std::equal(s.bytes.begin() + 1, s.bytes.end(), line.begin() + static_cast<std::ptrdiff_t>(i) + 1))
      return &s;
  return nullptr;
}

bool is_degree_word(std::string_view lower) {
  return lower == "tp" || lower == "pp" || lower == "dp" || lower == "ep" || lower == "etp";
}

// Sizes that end a name at a hyphen: "H100-80GB" is an H100 with 80 GB, but
// "Qwen3-235B" is one name.
bool is_memory_size_text(std::string_view u) {
  return u == "GB" || u == "G" || u == "GiB" || u == "TB" || u == "MB" || u == "gb" || u == "TiB";
}

// Digits with at most one '.', read as strtod reads them (correctly rounded), without its call
// and its copy; strtod's own answer beyond a double's range (inf, or a denormal or 0).
double decimal_value(std::string_view digits) {
  double v = 0;
  if (std::from_chars(digits.data(), digits.data() + digits.size(), v).ec == std::errc()) return v;
  return std::strtod(std::string(digits).c_str(), nullptr);
}

// Bytes of a space that may group thousands at line[j]: a no-break space (U+00A0) or a narrow one
// (U+202F), as French typesetting writes "1 664"; a plain space only in a document with decimal commas.
size_t group_space(std::string_view line, size_t j, size_t to, bool decimal_comma) {
  if (line[j] == ' ') return decimal_comma ? 1 : 0;
  if (j + 1 < to && line.substr(j, 2) == "\xC2\xA0") return 2;
  if (j + 2 < to && line.substr(j, 3) == "\xE2\x80\xAF") return 3;
  return 0;
}

// The bytes of a character of a script written without spaces between words (kana, CJK ideographs, Hangul
// syllables) at line[i], or 0.
size_t cjk_char_at(std::string_view line, size_t i) {
  if (i + 3 > line.size()) return 0;
  const auto b0 = static_cast<unsigned char>(line[i]);
  if ((b0 & 0xF0) != 0xE0) return 0;
  const auto b1 = static_cast<unsigned char>(line[i + 1]), b2 = static_cast<unsigned char>(line[i + 2]);
  if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return 0;
  const unsigned cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
  const bool kana = cp >= 0x3040 && cp <= 0x30FF;
  const bool ideograph = cp >= 0x4E00 && cp <= 0x9FFF;
  const bool hangul = cp >= 0xAC00 && cp <= 0xD7A3;
  return kana || ideograph || hangul ? 3 : 0;
}

// The line (or table cell) from `from` to `to` as tokens; offsets stay line offsets.
// Into `tokens`, whose memory is reused.
void tokenize_into(std::string_view line, size_t from, size_t to, Tokens& tokens) {
  tokens.lower.resize(to - from);
  std::transform(line.begin() + static_cast<std::ptrdiff_t>(from), line.begin() + static_cast<std::ptrdiff_t>(to),
                 tokens.lower.begin(), [](char c) { return to_lower(c); });
  const std::string_view lowered(tokens.lower.data(), tokens.lower.size());
  const auto word_at = [&](size_t b, size_t e, bool space_before) {
    return make_word(line, lowered.substr(b - from, e - b), b, e, space_before);
  };
  std::vector<Token>& out = tokens.toks;
  out.clear();
  out.reserve((to - from) / 3 + 4);  // about one token per 3-6 bytes of prose
  bool space = true;
  size_t i = from;
  size_t brace_end = std::string_view::npos;  // the "}" that closes a LaTeX "\mathrm{...}" being read
  while (i < to) {
    const char c = line[i];
    if (i == brace_end) {
      brace_end = std::string_view::npos;
      ++i;
      continue;
    }
    // A dollar sign is a currency before its amount ("16 x $2.10 x 8,760 = $249,984") or LaTeX's math
    // delimiter ("$0.88 \times 80 = 70.4$ GB"): either way it is no operand and no unit, and reads as a space.
    if (c == ' ' || c == '\t' || c == '"' || c == '`' || c == '$') {
      space = true;
      ++i;
      continue;
    }
    // "weights_per_gpu,gpu,84,GB,old: ...": a comma with no space around it between a letter and a digit (either way)
    // separates the cells of a CSV row, as a space would; between digits it groups them ("1,024"), between words it
    // lists them ("tp,dp,ep = 2,2,4").
    if (c == ',' && i > from && i + 1 < to &&
        ((is_alpha(line[i - 1]) && is_digit(line[i + 1])) || (is_digit(line[i - 1]) && is_alpha(line[i + 1])))) {
      space = true;
      ++i;
      continue;
    }
    if (c == '\\' && i + 1 < to) {
      // A LaTeX command ("\cdot", "\times", "\mathrm"): its name is a word; a LaTeX space ("\,", "\;") is a
      // space; else an escaped character ("\|" in a table).
      const char d = line[i + 1];
      if (is_alpha(d)) {
        ++i;
        size_t e = i;
        while (e < to && is_alpha(line[e])) ++e;
        // A font or text command wraps a unit ("302\,\mathrm{M}"): the unit is read, the command and its braces not.
        const std::string_view name = line.substr(i, e - i);
        if ((name == "mathrm" || name == "text" || name == "mathbf" || name == "mathit" || name == "rm" ||
             name == "operatorname") && e < to && line[e] == '{') {
          const size_t close = line.find('}', e);
          if (close != std::string_view::npos && close < to && close - e <= 16) {
            // Read the braces' content as if written right there, after a space if one was.
            i = e + 1;
            brace_end = close;
            continue;
          }
        }
        space = true;
      } else {
        space = space || d == ',' || d == ';' || d == '!' || d == ' ';
        i += 2;
      }
      continue;
    }
    if (c == '*' || c == '_') {
      size_t n = 0;
      while (i + n < to && line[i + n] == c) ++n;
      if (n >= 2 || c == '_') {  // emphasis markup
        i += n;
        continue;
      }
      out.push_back(make_symbol(i, i + 1, "*", space));
      space = false;
      ++i;
      continue;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      if (const Utf8Symbol* s = utf8_symbol_at(line, i)) {
        if (!s->canonical.empty()) out.push_back(make_symbol(i, i + s->bytes.size(), s->canonical, space));
        space = s->canonical.empty();
        i += s->bytes.size();
        continue;
      }
      // µs / μs (micro sign or Greek mu) followed by 's'.
      if ((line.substr(i, 2) == "\xC2\xB5" || line.substr(i, 2) == "\xCE\xBC") && i + 2 < to && line[i + 2] == 's') {
        Token t = word_at(i, i + 3, space);
        t.lower = "us";
        t.norm = "us";
        t.text = "us";
        out.push_back(std::move(t));
        space = false;
        i += 3;
        continue;
      }
      // Scripts written without spaces ("每张卡每层", "1 層あたり", "레이어당"): the longest word of the lexicon's
      // cjk_words that starts here is a word of its English value ("每" per, "层" layer, "卡" card); a particle or a
      // counter ("-") and any character no entry starts with are a word boundary.
      if (const size_t ch = cjk_char_at(line.substr(0, to), i); ch > 0) {
        const WordMap& cjk = vocab().cjk_words;
        size_t len = 0;
        const std::string* value = nullptr;
        for (size_t n = ch; n <= vocab().cjk_longest && i + n <= to; n += 3) {
          if (cjk_char_at(line.substr(0, to), i + n - 3) == 0) break;
          if (const auto it = cjk.find(line.substr(i, n)); it != cjk.end()) {
            len = n;
            value = &it->second;
          }
        }
        if (value != nullptr && !value->empty() && value->front() == '<' && !out.empty() &&
            out.back().kind == TokKind::kWord) {
          // A postposition ("layer あたり", "GPU당": per layer, per GPU): the word it follows comes after it in
          // English, so the two swap their words and keep their places.
          Token& before = out.back();
          Token after = make_word(line, before.lower, i, i + len, space);
          before.lower = std::string_view(*value).substr(1);
          before.norm = normalize_word(before.lower, &before.plural);
          out.push_back(after);
          space = true;
        } else if (value != nullptr && *value != "-") {
          out.push_back(make_word(line, value->front() == '<' ? std::string_view(*value).substr(1) : *value, i, i + len, space));
          space = true;
        } else {
          space = true;
        }
        i += len > 0 ? len : ch;
        continue;
      }
      // Any other non-ASCII character: a letter of a word, or a symbol we
      // do not use (emoji, check marks); either way a word boundary.
      size_t n = 1;
      while (i + n < to && (static_cast<unsigned char>(line[i + n]) & 0xC0) == 0x80) ++n;
      i += n;
      space = true;
      continue;
    }
    if (is_digit(c) || (c == '.' && i + 1 < to && is_digit(line[i + 1]) && (i == from || !is_alnum(line[i - 1])))) {
      // Digits glued to a word by a hyphen belong to a name ("Qwen3-235B",
      // "gpt-oss-120b", "top-2"), unless they are a memory size ("A100-80GB").
      if (i > from && line[i - 1] == '-' && out.size() >= 2 && out.back().text == "-" && out.back().begin == i - 1 &&
          out[out.size() - 2].kind == TokKind::kWord && out[out.size() - 2].end == i - 1 &&
          !is_degree_word(out[out.size() - 2].lower)) {  // "PP-2" is a degree, "top-2" a name
        size_t j = i;
        while (j < to && (is_digit(line[j]) || line[j] == '.')) ++j;
        size_t k = j;
        while (k < to && is_alpha(line[k])) ++k;
        const std::string_view letters = line.substr(j, k - j);
        if (!is_memory_size_text(letters)) {
          size_t e = i;
          while (e < to && (is_alnum(line[e]) || ((line[e] == '-' || line[e] == '.') && e + 1 < to && is_alnum(line[e + 1]))))
            ++e;
          out.pop_back();  // the hyphen
          Token& word = out.back();
          word = word_at(word.begin, e, word.space_before);
          i = e;
          space = false;
          continue;
        }
      }
      Token t;
      t.kind = TokKind::kNumber;
      t.begin = i;
      t.space_before = space;
      std::string digits;
      size_t j = i;
      bool dot = false;
      bool version = false;
      bool tex_grouped = false;
      while (j < to) {
        if (is_digit(line[j])) {
          digits += line[j++];
        } else if (line[j] == ',' && !dot && j + 3 < to + 1 && j + 3 <= to && is_digit(line[j + 1]) &&
                   is_digit(line[j + 2]) && is_digit(line[j + 3]) && (j + 4 >= to || !is_digit(line[j + 4]))) {
          ++j;  // thousands separator
        } else if (line[j] == '{' && !dot && !digits.empty() && (digits.size() <= 3 || tex_grouped) && j + 6 <= to &&
                   line[j + 1] == ',' && line[j + 2] == '}' && is_digit(line[j + 3]) && is_digit(line[j + 4]) &&
                   is_digit(line[j + 5]) && (j + 6 >= to || !is_digit(line[j + 6]))) {
          j += 3;  // TeX's thousands separator: "1{,}536", "1{,}048{,}576"
          tex_grouped = true;
        } else if (line[j] == ',' && !dot && !digits.empty() && j + 1 < to && is_digit(line[j + 1]) &&
                   (j + 2 >= to || !is_digit(line[j + 2]) || j + 3 >= to || !is_digit(line[j + 3])) &&
                   [&] {  // "85,52 GB", "0,9", "1,2k": a decimal comma (thousands come in threes); not "0,1,2"
                     size_t e = j + 1;
                     while (e < to && is_digit(line[e])) ++e;
                     return e - j - 1 <= 2 && (e >= to || (line[e] != ',' && line[e] != '.'));
                   }()) {
          dot = true;
          digits += '.';
          ++j;
        } else if (const size_t gap = group_space(line, j, to, tokens.decimal_comma);
                   gap > 0 && !dot && !digits.empty() && digits.size() <= 3 && j + gap + 3 <= to &&
                   is_digit(line[j + gap]) && is_digit(line[j + gap + 1]) && is_digit(line[j + gap + 2]) &&
                   (j + gap + 3 >= to || !is_digit(line[j + gap + 3]))) {
          j += gap;  // "1 664", "1 152" (a no-break space; a plain one where the document writes decimal commas)
          digits.append(line.substr(j, 3));
          j += 3;
        } else if (tokens.decimal_comma && line[j] == '.' && !dot && !digits.empty() && digits.size() <= 3 &&
                   j + 3 < to + 1 && j + 3 <= to && is_digit(line[j + 1]) && is_digit(line[j + 2]) &&
                   is_digit(line[j + 3]) && (j + 4 >= to || !is_digit(line[j + 4]))) {
          ++j;  // a thousands point: the digits of the group follow
          while (j < to && is_digit(line[j])) digits += line[j++];
          // "1.000.000": further groups of three
          while (j + 3 < to + 1 && j + 3 <= to && line[j] == '.' && is_digit(line[j + 1]) && is_digit(line[j + 2]) &&
                 is_digit(line[j + 3]) && (j + 4 >= to || !is_digit(line[j + 4]))) {
            ++j;
            while (j < to && is_digit(line[j])) digits += line[j++];
          }
        } else if (line[j] == '.' && j + 1 < to && is_digit(line[j + 1])) {
          if (dot) version = true;
          dot = true;
          digits += line[j++];
        } else {
          break;
        }
      }
      if (version) {  // "0.6.3": a version, not a quantity
        size_t e = j;
        while (e < to && (is_alnum(line[e]) || line[e] == '.')) ++e;
        out.push_back(word_at(i, e, space));
        i = e;
        space = false;
        continue;
      }
      // "46.7e9", "1.5E+12", "2e-5": a power of ten after the digits (two digits at most, no letter after).
      int exponent = 0;
      if (j + 1 < to && (line[j] == 'e' || line[j] == 'E') && !digits.empty()) {
        size_t e = j + 1;
        const bool negative = line[e] == '-';
        if (line[e] == '+' || line[e] == '-') ++e;
        const size_t d = e;
        while (e < to && is_digit(line[e]) && e - d < 3) ++e;
        if (e > d && e - d <= 2 && (e >= to || !(is_alnum(line[e]) || line[e] == '.'))) {
          exponent = std::stoi(std::string(line.substr(d, e - d))) * (negative ? -1 : 1);
          j = e;
        }
      }
      t.num_end = j;
      t.value = decimal_value(digits) * (exponent != 0 ? std::pow(10.0, exponent) : 1.0);
      t.text = line.substr(i, j - i);
      size_t k = j;
      while (k < to && is_alpha(line[k])) ++k;
      const std::string_view letters = line.substr(j, k - j);
      const bool letter_after = k < to && (is_alnum(line[k]) || line[k] == '_');
      t.end = j;
      if (letters == "st" || letters == "nd" || letters == "rd" || letters == "th") {
        t.ordinal = true;
        t.end = k;
        out.push_back(std::move(t));
        i = k;
        space = false;
        continue;
      }
      if (letters.size() == 1 && !letter_after) {
        const char s = letters[0];
        double m = 0;
        if (s == 'k' || s == 'K') m = 1e3;
        else if (s == 'M') m = 1e6;
        else if (s == 'B' || s == 'b' || s == 'G') m = 1e9;
        else if (s == 'T') m = 1e12;
        if (m > 0) {
          t.multiplier = m;
          t.suffix = s;
          t.end = k;
          out.push_back(std::move(t));
          i = k;
          space = false;
          continue;
        }
        // "3P:9D", "1P:1D": a prefill:decode instance ratio is a name, not a quantity.
        if ((s == 'P' || s == 'D') && ((k < to && line[k] == ':') || (i > from && line[i - 1] == ':'))) {
          out.push_back(word_at(i, k, space));
          i = k;
          space = false;
          continue;
        }
        if (s == 'x' || s == 'X') {
          out.push_back(std::move(t));
          out.push_back(make_symbol(j, k, "*", false));
          i = k;
          space = false;
          continue;
        }
      }
      out.push_back(std::move(t));
      i = j;
      space = false;
      continue;
    }
    if (is_alpha(c)) {
      // A link is not prose: "https://huggingface.co/Qwen/Qwen1.5-MoE-A2.7B".
      if ((c == 'h' || c == 'w') &&
          (line.substr(i, 7) == "http://" || line.substr(i, 8) == "https://" || line.substr(i, 4) == "www.")) {
        while (i < to && line[i] != ' ' && line[i] != '\t' && line[i] != ')' && line[i] != '>') ++i;
        space = true;
        continue;
      }
      size_t e = i;
      // Letters, digits and inner underscores ("tensor_parallel_size", "kernels_per_layer").
      while (e < to && (is_alnum(line[e]) || static_cast<unsigned char>(line[e]) >= 0x80 ||
                        (line[e] == '_' && e + 1 < to && is_alnum(line[e + 1])))) {
        // Stop before a multi-byte symbol such as × or ÷, and before a word of a script written without spaces
        // ("MoE层", "GPU당").
        if (static_cast<unsigned char>(line[e]) >= 0x80 &&
            (utf8_symbol_at(line, e) != nullptr || cjk_char_at(line.substr(0, to), e) > 0))
          break;
        ++e;
      }
      // A name with digits continues across hyphens and dots: "Qwen3-235B-A22B", "A100-SXM4".
      Token w = word_at(i, e, space);
      while (w.has_digit && e + 1 < to && (line[e] == '-' || line[e] == '.') && is_alnum(line[e + 1])) {
        size_t f = e + 1;
        while (f < to && is_alnum(line[f])) ++f;
        // Stop before a memory size: "H100-80GB".
        size_t d = e + 1;
        while (d < f && is_digit(line[d])) ++d;
        if (d > e + 1 && is_memory_size_text(line.substr(d, f - d))) break;
        // "Qwen1.5", "A2.7B": a dot between digits stays in the name.
        if (line[e] == '.' && !is_alpha(line[e + 1]) && !is_digit(line[e - 1])) break;
        e = f;
        w = word_at(i, e, space);
      }
      // "TP4", "EP8": a degree written without a separator.
      static const std::array<std::string_view, 5> kDegreeWords = {"etp", "tp", "pp", "dp", "ep"};
      bool split = false;
      for (std::string_view d : w.has_digit ? std::span(kDegreeWords) : std::span<const std::string_view>()) {
        if (w.lower.size() > d.size() && starts_with(w.lower, d) &&
            std::all_of(w.lower.begin() + static_cast<std::ptrdiff_t>(d.size()), w.lower.end(), is_digit)) {
          out.push_back(word_at(i, i + d.size(), space));
          Token n;
          n.kind = TokKind::kNumber;
          n.begin = i + d.size();
          n.end = n.num_end = e;
          n.text = line.substr(n.begin, e - n.begin);
          n.value = decimal_value(n.text);
          out.push_back(std::move(n));
          split = true;
          break;
        }
      }
      if (!split) out.push_back(std::move(w));
      i = e;
      space = false;
      continue;
    }
    // "--tensor-parallel-size 8": a command-line flag starts a new clause.
    if (c == '-' && i + 1 < to && line[i + 1] == '-') {
      out.push_back(make_symbol(i, i + 2, line.substr(i, 2), space));
      space = false;
      i += 2;
      continue;
    }
    // ASCII punctuation.
    out.push_back(make_symbol(i, i + 1, line.substr(i, 1), space));
    space = false;
    ++i;
  }
}

Tokens tokenize(std::string_view line, size_t from, size_t to) {
  Tokens tokens;
  tokenize_into(line, from, to, tokens);
  return tokens;
}

// ---------------------------------------------------------------------------
// Units written after a number

enum class UnitClass { kNone, kBytes, kBandwidth, kTime, kRate, kOtherRate, kPercent, kFlops };

struct Unit {
  UnitClass cls = UnitClass::kNone;
  double scale = 1;    // multiplies the number (suffix included)
  std::string text;    // as written: "GB", "tokens/ms", "B"
  size_t next = 0;     // index of the first token after the unit
  bool per_gpu = false;
  bool per_token = false;
  bool ambiguous_b = false;  // "10B", "16384 B": billions of parameters or bytes, by context
  bool count_word = false;   // "billion", "million"
};

std::optional<double> byte_scale(std::string_view u) { return scale_of(u, vocab().bytes); }
// Bits: only as a line rate ("400 Gb/s", "400 Gbps"); bytes/s per bit/s.
std::optional<double> bit_scale(std::string_view u) { return scale_of(u, vocab().bits); }
std::optional<double> time_scale(std::string_view lower) { return scale_of(lower, vocab().time); }

bool is_sym(const Token& t, std::string_view s) {
  if (t.kind != TokKind::kSymbol || t.text.size() != s.size()) return false;
  return s.size() == 1 ? t.text[0] == s[0] : t.text == s;
}
bool is_word(const Token& t, std::string_view norm) { return t.kind == TokKind::kWord && t.norm == norm; }

// "/s", "/sec", "per second": a time unit after a slash or "per" at toks[i].
std::optional<std::pair<double, size_t>> per_time(const std::vector<Token>& toks, size_t i) {
  if (i + 1 >= toks.size()) return std::nullopt;
  if (!is_sym(toks[i], "/") && !is_word(toks[i], "per")) return std::nullopt;
  if (toks[i + 1].kind != TokKind::kWord) return std::nullopt;
  const auto s = time_scale(toks[i + 1].lower);
  if (!s) return std::nullopt;
  return std::make_pair(*s, i + 2);
}

// "/GPU", "per GPU" at toks[i]: returns the index after it.
std::optional<size_t> per_noun(const std::vector<Token>& toks, size_t i, std::string_view noun) {
  if (i + 1 >= toks.size()) return std::nullopt;
  if (!is_sym(toks[i], "/") && !is_word(toks[i], "per")) return std::nullopt;
  if (!is_word(toks[i + 1], noun)) return std::nullopt;
  return i + 2;
}

std::string span_text(std::string_view line, const std::vector<Token>& toks, size_t first, size_t last_excl) {
  if (first >= last_excl) return "";
  return std::string(line.substr(toks[first].begin, toks[last_excl - 1].end - toks[first].begin));
}

Unit parse_unit(std::string_view line, const std::vector<Token>& toks, size_t number) {
  Unit u;
  const Token& n = toks[number];
  u.scale = n.multiplier;
  size_t i = number + 1;
  u.next = i;
  if (n.suffix == 'B' || n.suffix == 'b') u.ambiguous_b = true;
  if (n.suffix != 0) u.text = std::string(1, n.suffix);
  if (i < toks.size() && is_sym(toks[i], "%") ) {
    u.cls = UnitClass::kPercent;
    u.text = "%";
    u.next = i + 1;
    return u;
  }
  if (i >= toks.size() || toks[i].kind != TokKind::kWord) {
    if (u.ambiguous_b) {
      // "10B/s"? Rare; a suffix followed by a rate is left as a count.
    }
    return u;
  }
  // "12.9k output tok/s", "3,000 decode tokens/s": an adjective before a rate.
  if (i + 1 < toks.size() && toks[i + 1].kind == TokKind::kWord && std::string_view(toks[i + 1].norm) == "token") {
    if (in_set(toks[i].lower, vocab().rate_adjectives) && per_time(toks, i + 2)) ++i;
  }
  const Token& w = toks[i];
  // "10 billion", "1.5 million"
  // "8.65 M parameters", "4.72\text{M}": counts matched as written too (a capital M alone; lexicon).
  std::optional<double> scale = scale_of(w.lower, vocab().counts);
  if (!scale) scale = scale_of(w.text, vocab().counts_as_written);
  if (scale) {
    {
      u.scale *= *scale;
      u.text = std::string(w.text);
      u.count_word = true;
      u.next = i + 1;
      return u;
    }
  }
  // Bandwidth written in one word: "GBps", "Gbps".
  if (w.text.size() >= 3 && w.text.ends_with("ps")) {
    const std::string_view base = w.text.substr(0, w.text.size() - 2);
    auto s = bit_scale(base.size() == 1 ? std::string(base) + "b" : std::string(base));
    if (base.size() == 2 && base[1] == 'B') s = byte_scale(base);
    if (s) {
      u.cls = UnitClass::kBandwidth;
      u.scale *= *s;
      u.text = std::string(w.text);
      u.next = i + 1;
      return u;
    }
  }
  if (in_set(w.lower, vocab().flops)) {
    u.cls = UnitClass::kFlops;
    u.text = std::string(w.text);
    u.next = i + 1;
    if (auto pt = per_time(toks, i + 1)) u.next = pt->second;
    return u;
  }
  if (auto s = byte_scale(w.text); s || bit_scale(w.text)) {
    const bool bits = !s.has_value();
    const double scale = s ? *s : *bit_scale(w.text);
    if (auto pt = per_time(toks, i + 1)) {
      u.cls = UnitClass::kBandwidth;
      u.scale *= scale / pt->first;
      u.text = span_text(line, toks, i, pt->second);
      u.next = pt->second;
      if (auto g = per_noun(toks, u.next, "gpu")) u.next = *g, u.per_gpu = true;
      return u;
    }
    if (bits && w.text != "Gb" && w.text != "Mb" && w.text != "Tb") return u;
    u.cls = UnitClass::kBytes;
    u.scale *= bits ? scale * 8 : scale;  // "64Gb" of memory means gigabytes
    u.text = std::string(w.text);
    u.next = i + 1;
    // "B" alone after a plain number: bytes or billions, by context. No model has ten thousand
    // billion parameters: "36,864 B per token" and "196,608 B" are bytes.
    if (w.text == "B" && n.suffix == 0 && n.value < kBillionsCeiling) u.ambiguous_b = true;
    if (auto t = per_noun(toks, u.next, "token")) u.next = *t, u.per_token = true;
    if (auto g = per_noun(toks, u.next, "gpu")) u.next = *g, u.per_gpu = true;
    if (auto t = per_noun(toks, u.next, "token")) u.next = *t, u.per_token = true;
    return u;
  }
  if (auto s = time_scale(w.lower)) {
    // "1990s" style words are rare in these documents; a number and a time word is a duration.
    u.cls = UnitClass::kTime;
    u.scale *= *s;
    u.text = std::string(w.text);
    u.next = i + 1;
    if (auto t = per_noun(toks, u.next, "token")) u.next = *t, u.per_token = true;
    return u;
  }
  if (std::string_view(w.norm) == "token" || std::string_view(w.lower) == "tps") {
    if (std::string_view(w.lower) == "tps") {
      u.cls = UnitClass::kRate;
      u.text = std::string(w.text);
      u.next = i + 1;
      return u;
    }
    if (auto pt = per_time(toks, i + 1)) {
      u.cls = UnitClass::kRate;
      u.scale /= pt->first;
      u.next = pt->second;
      if (auto g = per_noun(toks, u.next, "gpu")) u.next = *g, u.per_gpu = true;
      u.text = span_text(line, toks, i, u.next);
      return u;
    }
    return u;  // "2048 tokens": a count of tokens
  }
  if (in_set(w.norm, vocab().request_rate) || in_set(w.lower, vocab().request_rate)) {
    if (auto pt = per_time(toks, i + 1)) {
      u.cls = UnitClass::kOtherRate;
      u.scale /= pt->first;
      u.next = pt->second;
      u.text = span_text(line, toks, i, u.next);
      return u;
    }
  }
  return u;
}

std::string_view trimmed_view(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The unit a header or unit cell names ("ms", "TTFT (ms)", "Output tokens/s",
// "GB/s"): the first place in `text` where a unit reads after a number.
// `bracketed_only`: only a unit in parentheses or brackets ("weights (GiB)"), the most specific a label says.
std::optional<Unit> unit_of_text(std::string_view text, bool bracketed_only = false) {
  auto try_at = [](std::string_view t) -> std::optional<Unit> {
    t = trimmed_view(t);
    if (t == "B") {  // a unit cell "B": billions or bytes, by context, as after a number
      Unit u;
      u.cls = UnitClass::kBytes;
      u.text = "B";
      u.ambiguous_b = true;
      return u;
    }
    const std::string s = "1 " + std::string(t);
    const Tokens tokens = tokenize(s, 0, s.size());
    const std::vector<Token>& toks = tokens.toks;
    if (toks.empty() || toks[0].kind != TokKind::kNumber) return std::nullopt;
    Unit u = parse_unit(s, toks, 0);
    if (u.cls != UnitClass::kBytes && u.cls != UnitClass::kBandwidth && u.cls != UnitClass::kTime &&
        u.cls != UnitClass::kRate && u.cls != UnitClass::kPercent && !u.count_word)
      return std::nullopt;
    u.text = u.text.empty() ? std::string(t) : u.text;  // views into `s` die with it: keep a copy
    return u;
  };
  // A unit cell: "B", "GB", "tok/s".
  if (!bracketed_only)
    if (auto u = try_at(text)) return u;
  // A parenthesized or bracketed unit: "TTFT p50 (ms)", "Size [GiB]".
  for (size_t open = text.find_first_of("(["); open != std::string_view::npos;
       open = text.find_first_of("([", open + 1)) {
    const size_t close = text.find_first_of(")]", open + 1);
    if (close == std::string_view::npos) break;
    if (auto u = try_at(text.substr(open + 1, close - open - 1)); u && (!bracketed_only || !u->count_word)) return u;
  }
  if (bracketed_only) return std::nullopt;
  // Otherwise a unit starting at some word: "Output tokens/s", "KV per token (KiB)".
  for (size_t k = 0; k < text.size(); ++k) {
    if (!is_alpha(text[k]) && text[k] != '%') continue;
    if (k > 0 && is_alnum(text[k - 1])) continue;
    // (A bare "B" is bytes only per something: "KV B/token/GPU".)
    if (auto u = try_at(text.substr(k));
        u && !(u->cls == UnitClass::kBytes && u->text.size() < 2 && !u->per_token) && !u->count_word)
      return u;
  }
  return std::nullopt;
}

// unit_of_text of table headers and row labels, each read once: a column's header is the unit hint
// of every row and a row's first cell that of every cell in it.
class UnitHints {
 public:
  std::optional<Unit> of(std::string_view text, bool bracketed_only = false) {
    auto& memo = memo_[bracketed_only ? 1 : 0];
    if (const auto it = memo.find(text); it != memo.end()) return it->second;
    // Row labels are as many as rows: a document of distinct labels must not grow the memo without bound.
    if (memo.size() >= kMaxTexts) memo.clear();
    return memo.emplace(std::string(text), unit_of_text(text, bracketed_only)).first->second;
  }

 private:
  static constexpr size_t kMaxTexts = 4096;
  std::unordered_map<std::string, std::optional<Unit>, LexiconHash, LexiconEq> memo_[2];
};

// ---------------------------------------------------------------------------
// Word lists around a number

// Words as views: into the tokens of the segment being read, into string
// literals, or into OwnedWords kept alive beside them (titles, table headers).
using Words = std::vector<std::string_view>;
using OwnedWords = std::vector<std::string>;
// A read-only run of words: a whole Words or a part of one, without a copy.
using WordSpan = std::span<const std::string_view>;

Words view_of(const OwnedWords& w) { return Words(w.begin(), w.end()); }

// Symbols are one character, but for "--".
bool is_break(const Token& t) {
  if (t.kind != TokKind::kSymbol) return false;
  if (t.text.size() != 1) return t.text == "--";
  // "<" and ">" compare ("TTFT <= 1.2 s", "≥ 4 GPUs"): they do not break the clause.
  switch (t.text[0]) {
    case '.': case ';': case '!': case '?': case ',': case '(': case ')': case '|': case '[': case ']': case ':':
    case '{': case '}':
      return true;
    default:
      return false;
  }
}
bool is_sentence_break(const Token& t) {
  if (t.kind != TokKind::kSymbol || t.text.size() != 1) return false;
  const char c = t.text[0];
  return c == '.' || c == ';' || c == '!' || c == '?' || c == '|';
}

// Normalized items of toks[b, e): words by `norm`, numbers "#", "/" read as
// "per", "=" kept; other symbols dropped.
// The words of a config key: "expected_weights_per_gpu" and "weightsPerGpu" are expected weights per
// gpu (a key the lexicon knows whole, "tensor_parallel_size", stays one word).
void push_key_words(const Token& t, Words& out) {
  if (vocab().config_keys.find(t.lower) != vocab().config_keys.end()) {
    out.push_back(t.norm);
    return;
  }
  size_t from = 0;
  for (size_t k = 1; k <= t.text.size(); ++k) {
    const bool end = k == t.text.size() || t.text[k] == '_' ||
                     (t.text[k] >= 'A' && t.text[k] <= 'Z' && t.text[k - 1] >= 'a' && t.text[k - 1] <= 'z');
    if (!end) continue;
    bool plural = false;
    if (k > from) out.push_back(normalize_word(t.lower.substr(from, k - from), &plural));
    from = k < t.text.size() && t.text[k] == '_' ? k + 1 : k;
  }
}

// A line of code that prints or formats text: a call of print/printf/format, or a Python f-string with a field.
bool formats_output(std::string_view line) {
  for (const std::string_view call : {"print(", "printf(", ".format(", "fmt::format(", "console.log("})
    if (line.find(call) != std::string_view::npos) return true;
  for (size_t at = line.find("f\""); at != std::string_view::npos; at = line.find("f\"", at + 2))
    if ((at == 0 || !is_alnum(line[at - 1])) && line.find('{', at) != std::string_view::npos) return true;
  return false;
}

Words items(const std::vector<Token>& toks, size_t b, size_t e) {
  Words out;
  e = std::min(e, toks.size());
  if (b < e) out.reserve(e - b);  // one allocation, not one for each doubling
  for (size_t i = b; i < e; ++i) {
    const Token& t = toks[i];
    // A key of a "key: value" line (YAML, JSON); elsewhere a compound name is code, read whole.
    if (t.kind == TokKind::kWord && t.compound && i + 1 < toks.size() && toks[i + 1].kind == TokKind::kSymbol &&
        toks[i + 1].text == ":")
      push_key_words(t, out);
    else if (t.kind == TokKind::kWord) out.push_back(t.norm);
    else if (t.kind == TokKind::kNumber) out.push_back("#");
    else if (t.text == "/") out.push_back("per");
    else if (t.text == "=" || t.text == "~" || t.text == "(" || t.text == ")" || t.text == ":") out.push_back(t.text);
  }
  return out;
}

// The words before a number past a trailing "~" and hedges: "at most ~26.7k", "under about 72 GB".
WordSpan past_hedges(WordSpan w) {
  while (!w.empty() && (w.back() == "~" || in_set(w.back(), vocab().hedges))) w = w.first(w.size() - 1);
  return w;
}

bool has(WordSpan w, std::string_view word) { return std::find(w.begin(), w.end(), word) != w.end(); }

bool has_any(WordSpan w, const WordSet& words) {
  for (std::string_view x : w)
    if (in_set(x, words)) return true;
  return false;
}
bool has_phrase(WordSpan w, const PhraseList& l) { return l.in(w); }

bool has_any(WordSpan w, std::initializer_list<std::string_view> words) {
  for (std::string_view x : words)
    if (has(w, x)) return true;
  return false;
}

// The words of `seq` in order, each within `gap` items of the one before.
bool has_seq(WordSpan w, std::initializer_list<std::string_view> seq, size_t gap = 1) {
  if (seq.size() == 0) return false;
  for (size_t start = 0; start < w.size(); ++start) {
    if (w[start] != *seq.begin()) continue;
    size_t pos = start;
    bool ok = true;
    for (auto it = seq.begin() + 1; it != seq.end(); ++it) {
      size_t found = std::string::npos;
      for (size_t k = pos + 1; k <= pos + gap && k < w.size(); ++k)
        if (w[k] == *it) {
          found = k;
          break;
        }
      if (found == std::string::npos) {
        ok = false;
        break;
      }
      pos = found;
    }
    if (ok) return true;
  }
  return false;
}

Words concat(std::initializer_list<WordSpan> parts) {
  Words out;
  size_t n = 0;
  for (WordSpan p : parts) n += p.size();
  out.reserve(n);
  for (WordSpan p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Words of a heading, label or table cell.
OwnedWords words_of(std::string_view text) {
  const Tokens tokens = tokenize(text, 0, text.size());
  const Words w = items(tokens.toks, 0, tokens.toks.size());
  return OwnedWords(w.begin(), w.end());
}

// Nouns a count can be of.
bool is_head(std::string_view w) { return in_set(w, vocab().head_nouns); }

// Index of the first head noun within the first `limit` items, else npos.
// A preposition ends the search: in "4 inside each node" the 4 does not count nodes.
size_t first_head(WordSpan w, size_t limit = 6) {
  for (size_t i = 0; i < w.size() && i < limit; ++i) {
    if (w[i] == "#") return std::string::npos;
    if (is_head(w[i])) return i;
    if (in_set(w[i], vocab().head_stops)) return std::string::npos;
  }
  return std::string::npos;
}

// The noun a label is about: "Total experts", "Experts per GPU", "EP groups".
// Prepositions do not end the search here, and only nouns a deployment is
// counted in qualify ("KV cache per token" is not a count of tokens).
size_t label_head(WordSpan w) {
  // "Per-GPU experts": a noun after "per" or "each" qualifies; the label is about the next one.
  size_t qualified = std::string::npos;
  for (size_t i = 0; i < w.size(); ++i) {
    if (!in_set(w[i], vocab().label_nouns)) continue;
    if (i > 0 && (w[i - 1] == "per" || w[i - 1] == "each")) {
      if (qualified == std::string::npos) qualified = i;
      continue;
    }
    return i;
  }
  return qualified;
}

bool per_gpu_in(WordSpan w) { return has_phrase(w, vocab().per_gpu); }
bool per_layer_in(WordSpan w) {
  return has_phrase(w, vocab().per_layer) || has_phrase(w, vocab().per_moe) || has_phrase(w, vocab().one_layer);
}
bool total_in(WordSpan w) {
  return has_phrase(w, vocab().total_words) || has_phrase(w, vocab().over_layers) || has_phrase(w, vocab().total);
}
bool whole_model_in(WordSpan w) {
  return has_phrase(w, vocab().whole_model) || has_phrase(w, vocab().all_gpus) || has_phrase(w, vocab().across_gpus);
}
bool per_stage_in(WordSpan w) { return has_phrase(w, vocab().per_stage) || has_phrase(w, vocab().per_pp); }

// ---------------------------------------------------------------------------
// Degrees: "TP=4", "TP: 4", "tensor parallel size 8", "--tp 4", "EP across 8 GPUs"

std::optional<ClaimKind> degree_keyword(WordSpan w, size_t i, bool parallel_seen) {
  const std::string_view x = w[i];
  if (x == "tp" && i > 0 && w[i - 1] == "expert") return ClaimKind::kEtp;  // "expert TP = 1"
  if (x == "tp") return ClaimKind::kTp;
  if (x == "pp") return ClaimKind::kPp;
  if (x == "dp") return ClaimKind::kDp;
  if (x == "ep") return ClaimKind::kEp;
  if (x == "etp") return ClaimKind::kEtp;
  if (!parallel_seen) return std::nullopt;
  const auto it = vocab().degree_words.find(x);
  if (it == vocab().degree_words.end()) return std::nullopt;
  // "expert tensor parallel": the experts' own TP.
  if (it->second == "tp" && i > 0 && (w[i - 1] == "expert" || (i > 1 && w[i - 1] == "-" && w[i - 2] == "expert")))
    return ClaimKind::kEtp;
  return claim_kind_from_string(it->second);
}

// Looks back from the end of `pre` (the nearest item last) over filler
// words for a parallelism keyword.
std::optional<ClaimKind> degree_before(WordSpan pre, bool allow_spatial) {
  bool parallel_seen = false;
  for (size_t k = pre.size(); k-- > 0;) {
    const std::string_view x = pre[k];
    if (x == "#") return std::nullopt;
    // "E/EP = 8/4 = 2": a name divided by the degree ("/" reads "per") names a ratio, not the degree's value.
    if (auto d = degree_keyword(pre, k, parallel_seen)) return k > 0 && pre[k - 1] == "per" ? std::nullopt : d;
    if (x == "parallel") parallel_seen = true;
    if (in_set(x, vocab().degree_fillers)) continue;
    if (allow_spatial && in_set(x, vocab().degree_spatial)) continue;
    return std::nullopt;
  }
  return std::nullopt;
}

// "8-way tensor parallel", "8-way TP": after "way".
std::optional<ClaimKind> degree_after_way(WordSpan post, size_t way, WordSpan clause) {
  for (size_t k = way + 1; k < post.size() && k <= way + 3; ++k) {
    const std::string_view x = post[k];
    if (x == "tp") return ClaimKind::kTp;
    if (x == "pp") return ClaimKind::kPp;
    if (x == "dp") return ClaimKind::kDp;
    if (x == "ep") return ClaimKind::kEp;
    if (x == "etp") return ClaimKind::kEtp;
    if (x == "tensor") return k > way + 1 && post[k - 1] == "expert" ? ClaimKind::kEtp : ClaimKind::kTp;
    if (x == "pipeline") return ClaimKind::kPp;
    if (x == "data") return ClaimKind::kDp;
    if (x == "expert") {
      if (k + 1 < post.size() && post[k + 1] == "tensor") return ClaimKind::kEtp;
      return ClaimKind::kEp;
    }
    if (x == "parallel" || x == "sharding") {
      // "256 experts across 8-way parallelism": the kind of parallelism
      // comes from what is being spread.
      if (has_any(clause, vocab().expert_context)) return ClaimKind::kEp;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Arithmetic

struct Operand {
  double value = 0;
  Dimension dim;
  bool degree = false;            // "TP=4"
  ClaimKind degree_kind = ClaimKind::kOther;
  size_t number = std::string::npos;  // token index of its number
  bool bytes_per_param_candidate = false;  // "2 bytes" next to a parameter count
};

Dimension dim_params() { return {1, 0, 0, 0, 0}; }
Dimension dim_bytes() { return {0, 1, 0, 0, 0}; }
Dimension dim_gpus() { return {0, 0, 1, 0, 0}; }
Dimension dim_tokens() { return {0, 0, 0, 1, 0}; }
Dimension dim_seconds() { return {0, 0, 0, 0, 1}; }
Dimension dim_bytes_per_param() { return {-1, 1, 0, 0, 0}; }

std::optional<double> dtype_bytes(std::string_view lower) { return scale_of(lower, vocab().dtypes); }

std::optional<ClaimKind> degree_acronym(const Token& t) {
  if (t.kind != TokKind::kWord) return std::nullopt;
  const std::string_view n = t.norm;  // "TP", "tp", and "tensor_parallel_size" all read "tp"
  if (n == "tp") return ClaimKind::kTp;
  if (n == "pp") return ClaimKind::kPp;
  if (n == "dp") return ClaimKind::kDp;
  if (n == "ep") return ClaimKind::kEp;
  if (n == "etp") return ClaimKind::kEtp;
  return std::nullopt;
}

// A recursive-descent parser over tokens: sum of products of operands.
// "0.9 of the marketed 80 GB": where toks[i] is a bare fraction (0 < f < 1, no suffix) followed by "of", maybe
// "the" and one word, then a number: the index of that number (the fraction multiplies it).
std::optional<size_t> fraction_of_ahead(const std::vector<Token>& toks, size_t i, size_t end) {
  // "3 matrices of 4096 x 14336": a count of things "of" a size multiplies it too.
  if (i + 3 < end && toks[i].kind == TokKind::kNumber && toks[i].suffix == 0 && toks[i].value >= 2 &&
      toks[i].value <= 64 && toks[i].value == std::floor(toks[i].value) && toks[i + 1].kind == TokKind::kWord &&
      toks[i + 1].plural && is_word(toks[i + 2], "of") && toks[i + 3].kind == TokKind::kNumber &&
      i + 4 < end && (is_sym(toks[i + 4], "*") || is_word(toks[i + 4], "x")))
    return i + 3;
  if (i + 2 >= end || toks[i].kind != TokKind::kNumber || toks[i].suffix != 0 || !(toks[i].value > 0 && toks[i].value < 1) ||
      !is_word(toks[i + 1], "of"))
    return std::nullopt;
  size_t r = i + 2;
  if (r < end && is_word(toks[r], "the")) ++r;
  if (r + 1 < end && toks[r].kind == TokKind::kWord && toks[r + 1].kind == TokKind::kNumber) ++r;
  if (r < end && toks[r].kind == TokKind::kNumber) return r;
  return std::nullopt;
}

class FormulaParser {
 public:
  FormulaParser(std::string_view line, const std::vector<Token>& toks, size_t end, bool bytes_per_param)
      : line_(line), toks_(toks), end_(end), bytes_per_param_(bytes_per_param) {}

  struct Result {
    double value = 0;
    Dimension dim;
    size_t next = 0;
    int operators = 0;
  };

  std::optional<Result> sum(size_t i) {
    auto left = product(i);
    if (!left) return std::nullopt;
    // "72 − 39.5 ≈ 42 GB": a minus with spaces around it subtracts ("0.67-0.74" is a range).
    auto minus = [&](size_t k) {
      return is_sym(toks_[k], "-") && toks_[k].space_before && k + 1 < end_ && toks_[k + 1].space_before;
    };
    while (left->next < end_ && (is_sym(toks_[left->next], "+") || minus(left->next))) {
      const bool subtract = !is_sym(toks_[left->next], "+");
      auto right = product(left->next + 1);
      if (!right) break;
      if (!(right->dim == left->dim)) mismatched_sum_ = true;
      left->value += subtract ? -right->value : right->value;
      left->next = right->next;
      left->operators += 1 + right->operators;
    }
    return left;
  }

  std::vector<Operand> operands;
  bool saw_params = false;
  bool divides_by_bytes_per_param = false;
  bool mismatched_sum_ = false;

 private:
  bool is_times(const Token& t) const {
    return is_sym(t, "*") || (t.kind == TokKind::kWord && (std::string_view(t.lower) == "x" || std::string_view(t.lower) == "times" ||
                                                            std::string_view(t.lower) == "cdot"));  // LaTeX "\cdot"
  }
  bool is_divide(const Token& t) const { return is_sym(t, "/"); }

  std::optional<Result> product(size_t i) {
    auto left = factor(i);
    if (!left) return std::nullopt;
    while (left->next < end_) {
      const Token& op = toks_[left->next];
      // "0.9 of the marketed 80 GB": a bare fraction "of" a figure multiplies it.
      const std::optional<size_t> of_operand =
          left->dim == Dimension{} && left->operators == 0 ? fraction_of_ahead(toks_, left->next - 1, end_) : std::nullopt;
      const bool times = is_times(op) || of_operand.has_value();
      const bool divide = is_divide(op);
      if (!times && !divide) break;
      auto right = factor(of_operand ? *of_operand : left->next + 1);
      if (!right) break;
      if (times) {
        left->value *= right->value;
        left->dim = left->dim * right->dim;
      } else {
        if (right->value == 0) return std::nullopt;
        if (right->dim == dim_bytes_per_param()) divides_by_bytes_per_param = true;
        left->value /= right->value;
        left->dim = left->dim / right->dim;
      }
      left->next = right->next;
      left->operators += 1 + right->operators;
    }
    return left;
  }

  std::optional<Result> factor(size_t i) {
    if (i >= end_) return std::nullopt;
    if (is_sym(toks_[i], "~")) ++i;
    if (i >= end_) return std::nullopt;
    const Token& t = toks_[i];
    if (is_sym(t, "(")) {
      if (depth_ >= kMaxFormulaDepth) return std::nullopt;
      ++depth_;
      auto inner = sum(i + 1);
      --depth_;
      if (!inner || inner->next >= end_ || !is_sym(toks_[inner->next], ")")) return std::nullopt;
      inner->next += 1;
      return inner;
    }
    if (auto d = degree_acronym(t)) {
      size_t j = i + 1;
      const bool named_result = j < end_ && is_sym(toks_[j], "=");
      if (j < end_ && (is_sym(toks_[j], "=") || is_sym(toks_[j], ":"))) ++j;
      // "EP = 4 x 2 = 8": the name is the whole product's, not its first factor's ("TP=2 × DP=4" names
      // each factor).
      if (named_result && j + 2 < end_ && (is_sym(toks_[j + 1], "*") || is_word(toks_[j + 1], "x")) &&
          toks_[j + 2].kind == TokKind::kNumber)
        return std::nullopt;
      // "E/EP = 60/4 = 15": a degree under a fraction bar, equal to another fraction, names a ratio's denominator;
      // the figures after the equals sign are the ratio's, not the degree's ("32 GPUs ÷ EP=8" is an EP of 8).
      if (named_result && i > 0 && is_sym(toks_[i - 1], "/") && j + 1 < end_ && is_sym(toks_[j + 1], "/"))
        return std::nullopt;
      if (j < end_ && toks_[j].kind == TokKind::kNumber) {
        Operand o;
        o.value = toks_[j].value;
        o.degree = true;
        o.degree_kind = *d;
        o.number = j;
        operands.push_back(o);
        return Result{o.value, {}, j + 1, 0};
      }
      return std::nullopt;
    }
    if (t.kind == TokKind::kWord) {
      if (auto b = dtype_bytes(t.lower)) {
        operands.push_back({*b, dim_bytes_per_param(), false, ClaimKind::kOther, std::string::npos, false});
        return Result{*b, dim_bytes_per_param(), i + 1, 0};
      }
      return std::nullopt;
    }
    if (t.kind != TokKind::kNumber || t.ordinal) return std::nullopt;
    const Unit u = parse_unit(line_, toks_, i);
    Operand o;
    o.number = i;
    o.value = t.value * u.scale;
    bool small_b = false;
    size_t next = u.next;
    switch (u.cls) {
      case UnitClass::kBytes:
        o.dim = dim_bytes();
        if (u.ambiguous_b && t.suffix != 0) {  // "10B": billions of parameters
          o.dim = dim_params();
          saw_params = true;
        } else if ((toks_[i + 1].text == "byte" || toks_[i + 1].text == "bytes" || toks_[i + 1].text == "B") &&
                   t.value <= kMaxBytesPerParam) {
          o.bytes_per_param_candidate = true;
        }
        break;
      case UnitClass::kBandwidth: o.dim = dim_bytes() / dim_seconds(); break;
      case UnitClass::kTime: o.dim = dim_seconds(); break;
      case UnitClass::kRate: o.dim = dim_tokens() / dim_seconds(); break;
      case UnitClass::kPercent: o.value /= 100; break;
      case UnitClass::kNone:
        if (t.suffix == 'B' || t.suffix == 'b' || t.suffix == 'M' || t.suffix == 'T' || u.count_word) {
          // "10B", "671 billion": parameters unless a noun says otherwise.
          o.dim = dim_params();
          // "141B × 2B": next to a parameter count, a "2B" is two bytes per parameter.
          if ((t.suffix == 'B' || t.suffix == 'b') && !u.count_word && t.value <= kMaxBytesPerParam) {
            o.bytes_per_param_candidate = true;
            small_b = true;
          } else {
            saw_params = true;
          }
        }
        break;
      default: break;
    }
    // A noun after the number: "32 GPUs", "16 layers", "2 bytes per param".
    if (next < end_ && toks_[next].kind == TokKind::kWord) {
      const Token& w = toks_[next];
      if (std::string_view(w.norm) == "gpu" || std::string_view(w.norm) == "rank") {
        o.dim = o.dim * dim_gpus();
        ++next;
      } else if (std::string_view(w.norm) == "param") {
        if (!(o.dim == dim_params())) o.dim = o.dim * dim_params();
        saw_params = true;
        ++next;
      } else if (std::string_view(w.norm) == "token") {
        o.dim = o.dim * dim_tokens();
        ++next;
      } else if (auto b = dtype_bytes(w.lower); b && o.dim == dim_bytes()) {
        o.dim = dim_bytes_per_param();  // "2 bytes FP16"
        ++next;
      } else if (is_head(w.norm) || std::string_view(w.norm) == "moe" || std::string_view(w.norm) == "routed" || std::string_view(w.norm) == "kv" || std::string_view(w.norm) == "hidden" ||
                 std::string_view(w.norm) == "dense" || std::string_view(w.norm) == "active") {
        ++next;
        if (next < end_ && toks_[next].kind == TokKind::kWord && is_head(toks_[next].norm)) ++next;
      }
    }
    // Words naming the operand before the next operator: "12.9 GB weights + 54.3 GB KV cache".
    {
      size_t k = next;
      while (k < end_ && k < next + 3 && toks_[k].kind == TokKind::kWord && !is_times(toks_[k]) &&
             std::string_view(toks_[k].lower) != "per" && std::string_view(toks_[k].lower) != "and")
        ++k;
      // Not before "/": in "141B total / 39B active" or "1k in / 512 out" the
      // slash separates two figures, it does not divide them.
      if (k > next && k < end_ &&
          (is_sym(toks_[k], "+") || is_sym(toks_[k], "*") || is_times(toks_[k]) || is_sym(toks_[k], ")") ||
           is_sym(toks_[k], "=") || is_sym(toks_[k], "~")))
        next = k;
    }
    // "2 (K and V) × 32 heads", "2 bytes (FP16, (no quantization))": a parenthesis of words,
    // nested or not, annotates the operand; it is not part of the arithmetic.
    if (next < end_ && is_sym(toks_[next], "(")) {
      int depth = 0;
      bool number = false;
      size_t k = next;
      for (; k < end_ && k - next < kLabelWindow; ++k) {
        if (is_sym(toks_[k], "(")) ++depth;
        if (is_sym(toks_[k], ")") && --depth == 0) break;
        number = number || toks_[k].kind == TokKind::kNumber;
      }
      if (k < end_ && depth == 0 && !number) next = k + 1;
    }
    // "1 per layer × 56 layers": a count per something is still a count.
    if (o.dim == Dimension{} && next + 1 < end_ && is_word(toks_[next], "per") && toks_[next + 1].kind == TokKind::kWord &&
        !is_times(toks_[next + 1]))
      next += 2;
    // "per param", "/param", "per parameter": bytes per parameter.
    if (o.dim == dim_bytes() && next + 1 < end_ + 1) {
      if (auto p = per_noun(toks_, next, "param"); p && *p <= end_) {
        o.dim = dim_bytes_per_param();
        next = *p;
      }
    }
    if (o.bytes_per_param_candidate && bytes_per_param_) {
      o.dim = dim_bytes_per_param();
      if (small_b) o.value = t.value;  // "2B" was read as 2e9 parameters
    }
    operands.push_back(o);
    return Result{o.value, o.dim, next, 0};
  }

  std::string_view line_;
  const std::vector<Token>& toks_;
  size_t end_;
  bool bytes_per_param_;
  int depth_ = 0;
};

struct Formula {
  size_t first = 0;  // token range [first, next)
  size_t next = 0;
  double value = 0;
  Dimension dim;
  std::vector<Operand> operands;
  bool divides_by_bytes_per_param = false;
  bool mismatched_sum = false;
};

// Parses a formula starting at toks[i] with at least one operator between
// two operands; "2 bytes" is read as bytes per parameter when the formula
// also has a parameter count.
std::optional<Formula> parse_formula(std::string_view line, const std::vector<Token>& toks, size_t i, size_t end) {
  FormulaParser first(line, toks, end, false);
  auto r = first.sum(i);
  if (!r || r->operators == 0 || first.operands.size() < 2) return std::nullopt;
  FormulaParser parser(line, toks, end, first.saw_params);
  r = parser.sum(i);
  if (!r) return std::nullopt;
  Formula f;
  f.first = i;
  f.next = r->next;
  f.value = r->value;
  f.dim = r->dim;
  f.operands = parser.operands;
  f.divides_by_bytes_per_param = parser.divides_by_bytes_per_param;
  f.mismatched_sum = parser.mismatched_sum_;
  return f;
}

// ---------------------------------------------------------------------------
// One line (or one table cell) at a time

struct SegmentContext {
  Words table_label;  // the row's first cell, then the header of this column
  size_t row_label_size = 0;  // how much of table_label is the row's first cell
  bool table_index_column = false;  // the column header is a singular index noun ("Stage", "GPU")
  bool bound_column = false;  // the column header names a bound ("bound TPOT (ms)"; lexicon sets.bound_columns)
  // Whose the column's figures are, where its header opens with an owner's noun ("per DGX B200", "both systems",
  // "cluster (4 nodes, 32 GPUs)"; lexicon column_owners); kUnsaid when it does not.
  Owner column_owner = Owner::kUnsaid;
  const Words* title = nullptr;  // words of the node's title and its parents' titles
  // Table cells: the unit a bare number is in, from the column header ("TTFT (ms)",
  // "Output tokens/s") or the row's "Unit" column; empty when none is given.
  std::string_view unit_hint;
  std::string_view row_unit_hint;  // the row's first cell: "| TTFT p50 (ms) | 900 |"
  // Prose wrapped over lines: the clause the previous line ends with and the
  // one the next line starts with, when the sentence runs on across them.
  WordSpan prev_tail;
  WordSpan next_head;
  // The kind of the previous line's last claim when its sentence runs on into this line.
  std::optional<ClaimKind> carried_kind;
  Scope carried_scope = Scope::kUnqualified;
  int line = 0;
  bool code = false;  // a line of a code block
  std::string_view node;  // views into the document
  std::string_view text;  // sentence or row
  UnitHints* unit_hints = nullptr;
};

struct Pending {
  size_t number = 0;  // token index
  std::optional<ClaimKind> kind;  // forced (degree operands, degree products)
  std::optional<Arithmetic> arithmetic;
  std::optional<size_t> range_hi;  // token index of the upper end
  std::optional<size_t> formula_first;  // a formula before the number: its words are not the number's
  bool tail = false;  // the formula is the tail of a longer one: the figure is not read
};

class SegmentExtractor {
 public:
  // `toks`: tokenize(line, from, to) of the segment.
  SegmentExtractor(std::string_view line, const std::vector<Token>& toks, const SegmentContext& ctx, std::vector<Claim>& out)
      : line_(line), toks_(toks), ctx_(ctx), out_(out), first_out_(out.size()),
        consumed_(toks_.size(), false) {
    if (ctx_.carried_kind) {
      last_kind_ = *ctx_.carried_kind;
      carried_ = true;
      // "The checkpoint is 470 GB (438 GiB); the download page lists it as / 438 GB": the size goes on.
      if (const auto d = claim_dimension(last_kind_); d && *d == dim_bytes()) {
        last_unit_ = UnitClass::kBytes;
        last_scope_ = ctx_.carried_scope;
      }
    }
  }

  void run() {
    read_parallel_assignments();
    find_formulas();
    for (size_t i = 0; i < toks_.size(); ++i) {
      if (toks_[i].kind != TokKind::kNumber || consumed_[i]) continue;
      classify(i);
    }
    for (auto& [index, claim] : forced_) emit(std::move(claim), index);
    add_kv_request_restatements();
    lint_optimizer_states();
    // Column order within the segment; segments come in line order, so the
    // document's claims need no sort of their own.
    const auto by_column = [](const Claim& a, const Claim& b) { return a.col_begin < b.col_begin; };
    const auto first = out_.begin() + static_cast<std::ptrdiff_t>(first_out_);
    if (!std::is_sorted(first, out_.end(), by_column)) std::stable_sort(first, out_.end(), by_column);
  }

 private:
  // ----- formulas
  void find_formulas() {
    for (size_t i = 0; i < toks_.size();) {
      const Token& t = toks_[i];
      const bool can_start = t.kind == TokKind::kNumber || degree_acronym(t).has_value() || is_sym(t, "(") ||
                             is_sym(t, "~") ||
                             (t.kind == TokKind::kWord && (t.has_digit || std::string_view(t.lower) == "half") &&
                              dtype_bytes(t.lower).has_value());
      if (!can_start || !operator_ahead(i)) {
        ++i;
        continue;
      }
      // "TP × DP = 2 × 4": the names are not operands; the numbers after "=" are.
      if (degree_acronym(t) && i + 2 < toks_.size() &&
          (is_sym(toks_[i + 1], "*") || is_word(toks_[i + 1], "x")) && degree_acronym(toks_[i + 2])) {
        size_t k = i;
        while (k + 2 < toks_.size() && degree_acronym(toks_[k]) &&
               (is_sym(toks_[k + 1], "*") || is_word(toks_[k + 1], "x")) && degree_acronym(toks_[k + 2]))
          k += 2;
        i = k + 1;
        continue;
      }
      auto f = parse_formula(line_, toks_, i, toks_.size());
      if (!f) {
        ++i;
        continue;
      }
      // "(16 layers × 16 experts)" as a whole: parse its inside instead, so
      // the formula is seen next to the number it explains.
      if (is_sym(t, "(") && matching_paren(i) == f->next - 1) {
        ++i;
        continue;
      }
      attach_formula(*f);
      i = std::max(f->next, i + 1);
    }
  }

  // "tp, dp, ep = 2, 2, 4": names and values pair by position. A degree's value is that degree; any other
  // name's value is program state whose meaning is the name, not read here.
  void read_parallel_assignments() {
    for (size_t q = 1; q + 1 < toks_.size(); ++q) {
      if (!is_sym(toks_[q], "=")) continue;
      std::vector<size_t> names, values;
      for (size_t k = q; k > 0 && toks_[k - 1].kind == TokKind::kWord;) {
        names.insert(names.begin(), k - 1);
        if (k >= 3 && is_sym(toks_[k - 2], ",")) k -= 2;
        else break;
      }
      for (size_t k = q + 1; k < toks_.size() && toks_[k].kind == TokKind::kNumber;) {
        values.push_back(k);
        if (k + 2 < toks_.size() && is_sym(toks_[k + 1], ",")) k += 2;
        else break;
      }
      if (names.size() < 2 || names.size() != values.size()) continue;
      for (size_t k = 0; k < names.size(); ++k) {
        if (const auto d = degree_acronym(toks_[names[k]])) forced_claim(values[k], *d);
        consumed_[values[k]] = true;
      }
    }
  }

  // Whether an arithmetic operator follows toks[i] closely enough to start
  // a formula there: most numbers are not formulas, and parsing is dearer
  // than this look.
  bool operator_ahead(size_t i) const {
    // "0.9 of the marketed 80 GB = 72 GB": a fraction of a figure.
    if (fraction_of_ahead(toks_, i, toks_.size())) return true;
    for (size_t k = i + 1; k < toks_.size() && k <= i + kMaxOperandTokens; ++k) {
      const Token& t = toks_[k];
      // "2 (K, V) × 8 KV heads": a parenthesis of words annotates the operand; its commas end nothing.
      if (is_sym(t, "(")) {
        size_t close = k + 1;
        while (close < toks_.size() && close - k < kLabelWindow && !is_sym(toks_[close], ")") &&
               !is_sym(toks_[close], "(") && toks_[close].kind != TokKind::kNumber)
          ++close;
        if (close < toks_.size() && is_sym(toks_[close], ")")) {
          k = close;
          continue;
        }
      }
      if (is_sym(t, "*") || is_sym(t, "/") || is_sym(t, "+") ||
          (is_sym(t, "-") && t.space_before && k + 1 < toks_.size() && toks_[k + 1].space_before) ||
          (t.kind == TokKind::kWord && (std::string_view(t.lower) == "x" || std::string_view(t.lower) == "times" ||
                                        std::string_view(t.lower) == "cdot")))
        return true;
      if (is_sentence_break(t) || is_sym(t, ",")) return false;
    }
    return false;
  }

  // Whether every operand of `f` is a value some degree of the segment is given ("TP 4, PP 2, DP 2 (4 x 2 x 2)"),
  // or the segment gives its degrees no values ("EP x ETP = TP x DP: 8 x 2 = 16" names them, the numbers follow).
  bool operands_are_degree_values(const Formula& f) {
    if (!degree_values_) degree_values_ = given_degree_values();
    const std::vector<double>& values = *degree_values_;
    if (values.empty()) return true;
    for (const Operand& o : f.operands)
      if (std::find(values.begin(), values.end(), o.value) == values.end()) return false;
    return true;
  }
  // The values the segment's degrees are given; read once (a segment may hold many formulas).
  std::vector<double> given_degree_values() const {
    std::vector<double> values;
    for (size_t k = 0; k < toks_.size(); ++k) {
      if (!degree_acronym(toks_[k])) continue;
      size_t v = k + 1;
      while (v < toks_.size() && toks_[v].kind == TokKind::kSymbol && (is_sym(toks_[v], "=") || is_sym(toks_[v], ":")))
        ++v;
      // Not the first operand of a formula after a chain of names ("TP x DP: 8 x 2").
      const bool operand = v + 1 < toks_.size() && (is_sym(toks_[v + 1], "*") || is_sym(toks_[v + 1], "/") ||
                                                    is_word(toks_[v + 1], "x"));
      if (v < toks_.size() && toks_[v].kind == TokKind::kNumber && !operand) values.push_back(toks_[v].value);
    }
    return values;
  }

  // How many different degree acronyms (TP, PP, ...) the segment names; counted once.
  size_t distinct_degree_names() {
    if (!degree_names_) {
      std::unordered_set<std::string_view> names;
      for (const Token& t : toks_)
        if (degree_acronym(t)) names.insert(t.norm);
      degree_names_ = names.size();
    }
    return *degree_names_;
  }

  size_t matching_paren(size_t open) const {
    int depth = 0;
    for (size_t k = open; k < toks_.size() && k - open < kLabelWindow; ++k) {
      if (is_sym(toks_[k], "(")) ++depth;
      if (is_sym(toks_[k], ")") && --depth == 0) return k;
    }
    return std::string::npos;
  }

  Arithmetic to_arithmetic(const Formula& f) const {
    Arithmetic a;
    a.col_begin = toks_[f.first].begin;
    a.col_end = toks_[f.next - 1].end;
    a.text = std::string(line_.substr(a.col_begin, a.col_end - a.col_begin));
    a.value = f.value;
    a.dimension = f.dim;
    a.operands = static_cast<int>(f.operands.size());
    return a;
  }

  void attach_formula(const Formula& f) {
    int degrees = 0;
    for (const Operand& o : f.operands) {
      if (o.number != std::string::npos) consumed_[o.number] = true;
      if (o.degree) {
        ++degrees;
        forced_claim(o.number, o.degree_kind);
      } else if (o.number != std::string::npos && o.number + 2 < toks_.size() && toks_[o.number].suffix == 0 &&
                 is_word(toks_[o.number + 1], "moe") && is_word(toks_[o.number + 2], "layer") &&
                 toks_[o.number].value >= 1 && toks_[o.number].value == std::floor(toks_[o.number].value)) {
        // "16 x 92 MoE layers = 1,472": the operand counts the model's MoE layers, a claim of its own.
        forced_claim(o.number, ClaimKind::kLayers);
        forced_.back().second.reading.component = "moe_layers";
        forced_.back().second.operand = true;
      }
    }
    Arithmetic a = to_arithmetic(f);
    a.bare = f.dim == Dimension{};
    for (const Operand& o : f.operands)
      a.bare = a.bare && o.dim == Dimension{} && !o.degree && o.number != std::string::npos &&
               toks_[o.number].suffix == 0 &&
               (o.number + 1 >= toks_.size() || toks_[o.number + 1].kind != TokKind::kWord ||
                is_word(toks_[o.number + 1], "x"));  // "2 x 8": the letter is the sign, not a unit
    if (f.mismatched_sum) a.dimension_note = "adds quantities of different dimensions";
    if (f.divides_by_bytes_per_param)
      a.dimension_note = "divides by bytes per parameter; a memory figure multiplies by it";
    std::optional<ClaimKind> kind;
    if (degrees >= 2) kind = ClaimKind::kDegreeProduct;
    // "141B parameters x 2 bytes = 282 GB": a parameter count times bytes (per parameter, as written) is a
    // size of weights, whatever the sentence's nouns.
    const bool params_operand =
        std::any_of(f.operands.begin(), f.operands.end(), [](const Operand& o) { return o.dim.params > 0; });
    // Not when the sentence names a part ("Experts: ... × 0.53125 B = 60.9 GB"): the words decide then.
    auto names_a_part = [&] {
      for (size_t k = f.first; k-- > 0 && !is_sentence_break(toks_[k]);)
        if (toks_[k].kind == TokKind::kWord && in_set(toks_[k].norm, vocab().part_nouns)) return true;
      return false;
    };
    // So is one divided by bytes per parameter ("15.7B / 2 bytes = 7.85 GB per GPU"): the seed review's slip, meant as
    // weights.
    if (!kind && (f.dim == dim_bytes() || f.divides_by_bytes_per_param) && params_operand && !names_a_part())
      kind = ClaimKind::kWeightsPerGpu;
    // "EP=4: 128 / 4 = 32 experts per GPU": a result that counts something other than GPUs is no degree product.
    const bool counts_other = f.next + 2 < toks_.size() && is_sym(toks_[f.next], "=") &&
                              toks_[f.next + 2].kind == TokKind::kWord && is_head(toks_[f.next + 2].norm) &&
                              toks_[f.next + 2].norm != "gpu" && toks_[f.next + 2].norm != "rank";
    // "TP 4, PP 2, DP 2 (4 × 2 × 2 = 16 GPUs)": plain counts beside named degrees.
    if (degrees == 0 && f.operands.size() >= 2 && f.dim == Dimension{}) {
      bool plain = true;
      for (const Operand& o : f.operands) plain = plain && o.number != std::string::npos && toks_[o.number].suffix == 0;
      // Only counts the named degrees have: "(TP 8, EP 8): 16 experts per GPU per MoE layer, 16 x 36 = 586 in
      // total" multiplies experts by layers.
      if (distinct_degree_names() >= 2 && plain && operands_are_degree_values(f)) kind = ClaimKind::kDegreeProduct;
      // "8 × 2 × 1 = 16 GPUs": plain whole numbers multiplying out to a GPU count.
      const size_t r = f.next + 1;
      bool whole = plain;
      for (const Operand& o : f.operands) whole = whole && o.value == std::floor(o.value) && o.value >= 1;
      // "2 x 8 + 6 x 8 = 64 GPUs": a sum of pools is a GPU count, not one layout's degrees.
      if (whole && f.next < toks_.size() && is_sym(toks_[f.next], "=") && r + 1 < toks_.size() &&
          toks_[r].kind == TokKind::kNumber && toks_[r + 1].kind == TokKind::kWord && toks_[r + 1].norm == "gpu")
        kind = a.text.find('+') != std::string::npos ? ClaimKind::kGpuCount : ClaimKind::kDegreeProduct;
    }

    if (counts_other && kind == ClaimKind::kDegreeProduct && degrees == 0) kind.reset();
    // "TP x PP x DP = 4 x 4 x 2 = 32": degrees named before the numbers.
    if (degrees == 0 && f.first >= 2 && is_sym(toks_[f.first - 1], "=")) {
      std::vector<ClaimKind> names;
      size_t k = f.first - 1;
      bool chain = true;
      while (k > 0 && chain) {
        const Token& w = toks_[k - 1];
        if (auto d = degree_acronym(w)) {
          names.insert(names.begin(), *d);
          --k;
          if (k > 0 && (is_sym(toks_[k - 1], "*") || is_word(toks_[k - 1], "x"))) --k;
          else break;
        } else {
          chain = false;
        }
      }
      size_t numbered = 0;
      for (const Operand& o : f.operands) numbered += o.number != std::string::npos ? 1 : 0;
      if (names.size() >= 2 && names.size() == numbered) {
        size_t n = 0;
        for (const Operand& o : f.operands) forced_claim(o.number, names[n++]);
        kind = ClaimKind::kDegreeProduct;
      }
    }

    // The stated result: "... = 32", "5GB (10B ÷ 32 ÷ 2)", "0.6 GB = 10B x 2 / 32".
    std::optional<size_t> result;
    size_t after = f.next;
    if (after < toks_.size() && (is_sym(toks_[after], "=") || is_sym(toks_[after], "~"))) {
      size_t r = after + 1;
      if (r < toks_.size() && is_sym(toks_[r], "~")) ++r;
      if (r < toks_.size() && toks_[r].kind == TokKind::kNumber && !consumed_[r]) result = r;
    }
    // "65 GB / 98,304 B is about 6.6 million tokens": the result after words that stand for "=".
    if (!result && after < toks_.size() && toks_[after].kind == TokKind::kWord && in_set(toks_[after].norm, vocab().result_words)) {
      size_t r = after;
      for (int words = 0; r < toks_.size() && words < 3 && toks_[r].kind == TokKind::kWord &&
                          in_set(toks_[r].norm, vocab().result_words);)
        ++r, ++words;
      while (r < toks_.size() && (is_sym(toks_[r], "~") || (toks_[r].kind == TokKind::kWord && in_set(toks_[r].norm, vocab().hedges))))
        ++r;
      if (r < toks_.size() && toks_[r].kind == TokKind::kNumber && !consumed_[r]) result = r;
    }
    if (!result && f.first > 0 && is_sym(toks_[f.first - 1], "(")) {
      result = number_before(f.first - 1);
      // "16 GPUs (TP 4 × DP 4)" states the product; "2-node version (TP 4 × DP 4)" counts something else.
      if (result && kind == ClaimKind::kDegreeProduct &&
          !(*result + 1 < toks_.size() && (is_word(toks_[*result + 1], "gpu") || is_word(toks_[*result + 1], "rank"))))
        result.reset();
    }
    if (!result && f.first > 0 && is_sym(toks_[f.first - 1], "=")) result = number_before(f.first - 1);
    if (!result) return;
    Pending p;
    p.number = *result;
    p.kind = kind;
    p.arithmetic = a;
    if (f.first < *result) p.formula_first = f.first;
    // "26.1 TFLOP, over 2 x 312 TFLOP/s of BF16 = 41.8 ms", "x 128 x 512 B = 48.4 MB" opening a line: the formula
    // read is the tail of a longer one, whose first operands are behind an operator or a word for division (or on
    // the line before); what it computes, and so the figure, is not read.
    if (f.first > 0 && kind != ClaimKind::kDegreeProduct) {
      const Token& before = toks_[f.first - 1];
      p.tail = is_sym(before, "*") || is_sym(before, "/") || is_sym(before, "+") ||
               (before.kind == TokKind::kWord && in_set(before.norm, vocab().formula_join_words)) ||
               (f.first > 1 && has_phrase(items(toks_, f.first - 2, f.first), vocab().formula_join_phrases));
    }
    pending_formula_[*result] = p;
  }

  // The number a parenthesis or "=" at `at` explains: the nearest number
  // before it with only its unit and noun words in between.
  std::optional<size_t> number_before(size_t at) const {
    size_t words = 0;
    for (size_t k = at; k-- > 0;) {
      const Token& t = toks_[k];
      if (t.kind == TokKind::kNumber) return consumed_[k] ? std::nullopt : std::optional<size_t>(k);
      if (t.kind == TokKind::kWord) {
        if (++words > 6) return std::nullopt;
        continue;
      }
      if (is_sym(t, "/") || is_sym(t, "-") || is_sym(t, "*")) continue;
      return std::nullopt;
    }
    return std::nullopt;
  }

  void forced_claim(size_t number, ClaimKind kind) {
    if (number == std::string::npos || number >= toks_.size()) return;
    Claim c = base_claim(number);
    c.kind = kind;
    c.value = c.value_hi = toks_[number].value;
    forced_.emplace_back(number, c);
  }

  // ----- helpers over the segment
  Claim base_claim(size_t number) const {
    Claim c;
    c.line = ctx_.line;
    c.node = std::string(ctx_.node);
    c.text = std::string(ctx_.text);
    c.col_begin = toks_[number].begin;
    c.col_end = toks_[number].num_end;
    // The rounding of the written digits: "30.5" 1, "46.7e9" -8 (a step of 1e8).
    const std::string_view written = toks_[number].text;
    const size_t exp_at = written.find_first_of("eE");
    const std::string_view mantissa = written.substr(0, exp_at);
    if (const size_t dot = mantissa.find('.'); dot != std::string_view::npos)
      c.decimals = static_cast<int>(mantissa.size() - dot - 1);
    if (exp_at != std::string_view::npos) {
      const std::string_view e = written.substr(exp_at + 1);
      c.decimals -= (e.front() == '-' ? -1 : 1) * std::stoi(std::string(e.substr(e.front() == '-' || e.front() == '+')));
    }
    c.approximate = approximate_before(number);
    return c;
  }

  bool approximate_before(size_t i) const {
    for (size_t k = i, steps = 0; k-- > 0 && steps < 2; ++steps) {
      const Token& t = toks_[k];
      if (is_sym(t, "~")) return true;
      if (t.kind == TokKind::kWord && in_set(t.lower, vocab().hedges)) return true;
      if (!is_sym(t, "=") && !is_sym(t, ":") && !is_sym(t, "(")) break;
    }
    return false;
  }

  // Clauses are searched at most kWindow tokens either way, so a huge line
  // without punctuation stays linear.
  size_t clause_start(size_t i) const {
    size_t k = i;
    while (k > 0 && i - k < kWindow && !is_break(toks_[k - 1])) --k;
    return k;
  }
  size_t clause_end(size_t i) const {
    size_t k = i;
    while (k < toks_.size() && k - i < kWindow && !is_break(toks_[k])) ++k;
    return k;
  }

  // Words before the nearest ":" before toks[i] within its sentence (the
  // label of a "Label: value" line), parentheses kept.
  Words label_before(size_t i) const {
    size_t colon = std::string::npos;
    for (size_t k = i; k-- > 0 && i - k <= kLabelWindow;) {
      if (is_sentence_break(toks_[k])) break;
      if (is_sym(toks_[k], ":")) {
        colon = k;
        break;
      }
    }
    if (colon == std::string::npos) return {};
    size_t b = colon;
    size_t comma = std::string::npos;
    while (b > 0 && colon - b < kWindow) {
      const Token& t = toks_[b - 1];
      // "- KV cache per token, whole model: 2 KiB": a label runs back through its commas,
      // but not into an earlier figure ("120 tokens/ms, TTFT: 8.5 s").
      if (is_sentence_break(t) || is_sym(t, ":")) break;
      if (is_sym(t, ",")) comma = b - 1;
      if (t.kind == TokKind::kNumber && comma != std::string::npos) {
        b = comma + 1;
        break;
      }
      --b;
    }
    return items(toks_, b, colon);
  }

  // In a code line: "3 * H", "total / gpus / 2", "{expert/1e6:8.2f}". A number that is an operand of an
  // expression over a program's variables, or inside an f-string's braces, is part of the program: what it
  // means is in the variables, which are not read.
  bool is_program_text(size_t i) const {
    auto op = [&](size_t k) {
      return is_sym(toks_[k], "*") || is_sym(toks_[k], "/") || is_sym(toks_[k], "+") || is_sym(toks_[k], "-");
    };
    auto variable = [&](size_t k) { return toks_[k].kind == TokKind::kWord && !is_word(toks_[k], "x"); };
    if (i >= 2 && op(i - 1) && variable(i - 2)) return true;
    if (i + 2 < toks_.size() && op(i + 1) && variable(i + 2)) return true;
    for (size_t k = i; k-- > 0;) {
      if (is_sym(toks_[k], "}")) return false;
      if (is_sym(toks_[k], "{")) return true;
    }
    return false;
  }

  // How many degree names ("TP × DP") are multiplied just before the sign at toks[eq]; 0 when a number
  // stands there instead. Chained equalities of names count their longest product.
  size_t named_degree_chain(size_t eq) const {
    size_t names = 0, k = eq;
    while (k > 0 && degree_acronym(toks_[k - 1])) {
      ++names;
      --k;
      if (k > 0 && (is_sym(toks_[k - 1], "*") || is_word(toks_[k - 1], "x"))) --k;
      else break;
    }
    if (names == 1) return 0;
    if (k > 0 && is_sym(toks_[k - 1], "=") && names >= 2) return std::max(names, named_degree_chain(k - 1));
    return names;
  }

  // Whether toks[i] is the result of a subtraction: an equals sign right before it (maybe through "about" or "~")
  // and a minus between numbers earlier in the line ("76.97 - 26.95 weights - 3.85 reserve = about 45.9 GB").
  bool subtraction_result(size_t i) const {
    size_t j = i;
    for (int skipped = 0; j > 0 && skipped < 2 && (toks_[j - 1].kind == TokKind::kWord || is_sym(toks_[j - 1], "~"));
         ++skipped)
      --j;
    if (j == 0 || !is_sym(toks_[j - 1], "=")) return false;
    for (size_t k = j - 1; k-- > 1;) {
      if (is_sentence_break(toks_[k])) return false;
      if ((is_sym(toks_[k], "-") && toks_[k].space_before && toks_[k + 1].space_before) || toks_[k].text == "\xE2\x88\x92")
        return toks_[k - 1].kind == TokKind::kNumber || toks_[k - 1].kind == TokKind::kWord;
    }
    return false;
  }

  // The first token of a key written against "=" and its value ("experts/layer=128", "top-k=8"): the
  // run of words and joining marks before the sign with no space inside it; nullopt when toks[i] is not
  // such a value.
  std::optional<size_t> glued_key(size_t i) const {
    if (i < 2 || !is_sym(toks_[i - 1], "=") || toks_[i - 1].space_before || toks_[i].space_before ||
        toks_[i - 2].kind != TokKind::kWord)
      return std::nullopt;
    size_t b = i - 2;
    while (b > 0 && !toks_[b].space_before &&
           (toks_[b - 1].kind == TokKind::kWord || is_sym(toks_[b - 1], "/") || is_sym(toks_[b - 1], "-")))
      --b;
    return b;
  }

  // The one accelerator model tokens [b, e) name ("an H100", "H200s"), lower case and singular; "" when
  // none or several.
  std::string gpu_model_in(size_t b, size_t e) const {
    std::string found;
    for (size_t k = b; k < e && k < toks_.size(); ++k) {
      const Token& t = toks_[k];
      if (t.kind != TokKind::kWord || !t.has_digit || t.norm != "gpu") continue;
      std::string m(t.lower);
      if (t.plural && m.ends_with('s')) m.pop_back();
      if (!found.empty() && found != m) return "";
      found = m;
    }
    return found;
  }

  // Index of the number just before toks[i] in the line, for "8 in total" after "2 experts per GPU".
  void classify(size_t i) {
    const Token& n = toks_[i];
    current_ = i;
    c_restates_per_gpu_ = 0;
    if (n.ordinal) return;
    // Numbering: "1. ", "2) " first on the line or after heading marks.
    {
      bool first = i < kMaxLeadingMarks;
      for (size_t k = 0; k < i && first; ++k)
        if (!is_sym(toks_[k], "#") && !is_sym(toks_[k], "-") && !is_sym(toks_[k], "*") && !is_sym(toks_[k], "+"))
          first = false;
      if (first && i + 1 < toks_.size() && (is_sym(toks_[i + 1], ".") || is_sym(toks_[i + 1], ")")) &&
          toks_[i + 1].begin == n.end)
        return;
      // "### 3.2 Expert distribution": a dotted section number opens a heading.
      if (first && i > 0 && is_sym(toks_[0], "#") && n.text.find('.') != std::string_view::npos) return;
    }
    if (ctx_.code && is_program_text(i)) return;
    // "3.6B [1]", "13.8 GB [2]": a footnote reference, not a quantity.
    if (i > 0 && i + 1 < toks_.size() && is_sym(toks_[i - 1], "[") && is_sym(toks_[i + 1], "]") &&
        toks_[i - 1].end == n.begin && toks_[i + 1].begin == n.end && n.suffix == 0 &&
        n.text.find_first_not_of("0123456789") == std::string_view::npos)
      return;

    // "10:20", "02:10": a time of day, not a quantity.
    if ((i + 2 < toks_.size() && is_sym(toks_[i + 1], ":") && toks_[i + 1].begin == n.end &&
         toks_[i + 2].kind == TokKind::kNumber && toks_[i + 2].begin == toks_[i + 1].end && toks_[i + 2].text.size() == 2) ||
        (i >= 2 && is_sym(toks_[i - 1], ":") && toks_[i - 1].begin == toks_[i - 2].end && toks_[i - 2].kind == TokKind::kNumber &&
         n.begin == toks_[i - 1].end && n.text.size() == 2))
      return;
    Pending p;
    p.number = i;
    if (auto it = pending_formula_.find(i); it != pending_formula_.end()) p = it->second;

    // A range: "0.67-0.74 GB", "8 to 16 experts".
    size_t last = i;
    if (i + 2 < toks_.size() && (is_sym(toks_[i + 1], "-") || is_word(toks_[i + 1], "to")) &&
        toks_[i + 2].kind == TokKind::kNumber && !consumed_[i + 2] && toks_[i + 2].value >= n.value &&
        toks_[i + 2].suffix == n.suffix && !p.kind) {
      last = i + 2;
      consumed_[i + 2] = true;
      p.range_hi = i + 2;
    }
    Unit u = parse_unit(line_, toks_, last);
    // "| TTFT (ms) |" over "| 450 |": the unit is in the header (or the row's unit column).
    if (u.cls == UnitClass::kNone && !u.count_word && (!ctx_.unit_hint.empty() || !ctx_.row_unit_hint.empty()) &&
        (u.next >= toks_.size() || toks_[u.next].kind != TokKind::kWord)) {
      // The row's own bracketed unit ("| weights (GiB) | 6.1 |" under "| ... | GB |") is more specific than the column's.
      std::optional<Unit> h;
      if (!ctx_.row_unit_hint.empty()) h = ctx_.unit_hints->of(ctx_.row_unit_hint, true);
      if (!h) h = ctx_.unit_hints->of(ctx_.unit_hint);
      if (!h && !ctx_.row_unit_hint.empty()) h = ctx_.unit_hints->of(ctx_.row_unit_hint);
      if (h) {
        const size_t next = u.next;
        u = *h;
        u.next = next;
        u.scale *= n.multiplier;
        if (n.suffix != 0) u.ambiguous_b = false;
      }
    }
    // "KV cache per token (bytes): 1,152", "Total parameters (B): 671": a unit in brackets that ends the label
    // right before the colon is the bare number's.
    // A formula after the colon counts from its start: "(bytes): (512 + 64) x 2 = 1,152".
    if (const size_t at = p.formula_first.value_or(i);
        u.cls == UnitClass::kNone && !u.count_word && n.suffix == 0 && at >= 4 && is_sym(toks_[at - 1], ":") &&
        is_sym(toks_[at - 2], ")")) {
      size_t open = at - 3;
      while (open > 0 && at - 3 - open < kMaxBracketUnitTokens && !is_sym(toks_[open], "(")) --open;
      if (is_sym(toks_[open], "(") && open + 1 < at - 2) {
        const std::string_view bracket = line_.substr(toks_[open].begin, toks_[at - 2].end - toks_[open].begin);
        if (const auto h = unit_of_text(bracket, true)) {
          const size_t next = u.next;
          u = *h;
          u.next = next;
        }
      }
    }
    // "KV bytes per token: 2048": a byte unit among the label's last words before its colon.
    if (u.cls == UnitClass::kNone && !u.count_word && n.suffix == 0 && i >= 2 && is_sym(toks_[i - 1], ":")) {
      for (size_t k = i - 1; k-- > 0 && i - 1 - k <= kMaxBracketUnitTokens;) {
        if (toks_[k].kind != TokKind::kWord) break;
        if (const auto scale = byte_scale(toks_[k].text); scale && toks_[k].text != "B") {
          const size_t next = u.next;
          u.cls = UnitClass::kBytes;
          u.scale = *scale;
          u.text = std::string(toks_[k].text);
          u.next = next;
          if (per_noun(toks_, k + 1, "token")) u.per_token = true;
          break;
        }
      }
    }
    // "2,100 output tokens/s for the pair (4,200 per GPU)": a bare number in parentheses per GPU
    // restates the rate before it per GPU, in its unit.
    if (u.cls == UnitClass::kNone && n.suffix == 0 && i > 0 && is_sym(toks_[i - 1], "(") && last_unit_ == UnitClass::kRate &&
        last_claim_at_ != std::string::npos && i - last_claim_at_ <= 10) {
      if (auto g = per_noun(toks_, u.next, "gpu")) {
        u.cls = UnitClass::kRate;
        u.per_gpu = true;
        u.scale = last_rate_scale_;
        u.text = "tokens/s";
        u.next = *g;
        c_restates_per_gpu_ = last_value_;
      }
    }
    // "2,250 output tok/s for the box = 375 tok/s per GPU", "5 400 tok/s au total, soit 2 700 tok/s par GPU": a
    // per-GPU rate right after an equals sign or a restatement restates the total rate before it per GPU.
    constexpr size_t kRestatedRateWindow = 10;
    if (u.cls == UnitClass::kRate && c_restates_per_gpu_ == 0 && last_unit_ == UnitClass::kRate &&
        last_kind_ == ClaimKind::kThroughput && last_claim_at_ != std::string::npos &&
        i - last_claim_at_ <= kRestatedRateWindow && i > 0 && (is_sym(toks_[i - 1], "=") || restated_before(i)) &&
        (u.per_gpu || per_noun(toks_, u.next, "gpu")))
      c_restates_per_gpu_ = last_value_;
    // "34.7 of 80 GB": the part takes the unit of the whole it is part of.
    if (u.cls == UnitClass::kNone && n.suffix == 0 && !u.count_word && n.value >= 1 && u.next + 1 < toks_.size() &&
        is_word(toks_[u.next], "of") && toks_[u.next + 1].kind == TokKind::kNumber) {
      Unit whole = parse_unit(line_, toks_, u.next + 1);
      if (whole.cls == UnitClass::kNone) whole = hinted_bytes(u.next + 1).value_or(whole);  // "| 145 of 141 |" under "| GB |"
      if (whole.cls == UnitClass::kBytes && !whole.ambiguous_b) {
        const size_t next = u.next;
        u = whole;
        u.next = next;
      }
    }
    if (p.range_hi && u.cls == UnitClass::kNone && n.suffix == 0) {
      // "2-4" with nothing after it: the first number may carry the unit ("0.67 GB - 0.74 GB").
    }

    const size_t cb = p.formula_first ? std::min(clause_start(*p.formula_first), *p.formula_first) : clause_start(i);
    const size_t pre_end = p.formula_first ? *p.formula_first : i;
    const size_t ce = clause_end(u.next);
    Words pre = items(toks_, cb, pre_end);
    Words post = items(toks_, u.next, std::min(ce, u.next + 10));
    // '"17B" (the active parameter count)': a parenthesis of words right after the number names it.
    if (post.empty() && u.next < toks_.size() && is_sym(toks_[u.next], "(")) {
      size_t close = u.next + 1;
      bool number = false;
      while (close < toks_.size() && close - u.next < kWindow && !is_sym(toks_[close], ")")) {
        number = number || toks_[close].kind == TokKind::kNumber;
        ++close;
      }
      if (close < toks_.size() && is_sym(toks_[close], ")") && !number) post = items(toks_, u.next + 1, close);
    }
    // A clause that runs over a line break goes on in the neighbouring line.
    if (cb == 0 && !ctx_.prev_tail.empty() && (cb == pre_end || i - cb < kWindow)) pre = concat({ctx_.prev_tail, pre});
    if (ce == toks_.size() && u.next + 10 > ce && !ctx_.next_head.empty()) {
      for (const std::string_view w : ctx_.next_head) {
        if (post.size() >= 10) break;
        post.push_back(w);
      }
    }
    // "8x H100": the multiplication sign between a count and what it counts.
    while (!post.empty() && (post.front() == "x" || post.front() == "*")) post.erase(post.begin());
    // A noun phrase ends at a count spelled out before a counted noun: "8 experts that's one expert per GPU per
    // layer" counts the model's experts, and "per GPU per layer" is the one expert's.
    {
      const WordMap& spelled = vocab().number_words;
      for (size_t k = 1; k + 1 < post.size(); ++k)
        if (!post[k].empty() && post[k][0] != '#' && is_head(post[k + 1]) && spelled.find(post[k]) != spelled.end()) {
          post.resize(k);
          break;
        }
    }
    // A noun phrase ends at a conjunction, except where one "per" is shared by two nouns: "per GPU and
    // (MoE) layer" is per GPU per layer.
    for (size_t k = 0; k < post.size(); ++k)
      if (in_set(post[k], vocab().conjunctions)) {
        const bool shared_per = k >= 2 && post[k - 2] == "per" && k + 1 < post.size() &&
                                (post[k + 1] == "layer" || (post[k + 1] == "moe" && k + 2 < post.size() && post[k + 2] == "layer"));
        if (shared_per) {
          post[k] = "per";
          continue;
        }
        post.resize(k);
        break;
      }
    // "layers=48  experts/layer=128  top-k=8": a key glued to "=" names its value; the words after the
    // value are the next key's.
    if (const auto key = glued_key(i)) {
      pre = items(toks_, *key, i - 1);
      post.clear();
    }
    // The noun phrase ends at the next number; qualifiers may run through one
    // ("8 experts per GPU across all 58 layers", "96 KiB per token for all 48 layers").
    post_q_ = post;
    if (const auto first = std::find(post_q_.begin(), post_q_.end(), "#"); first != post_q_.end()) {
      if (const auto second = std::find(first + 1, post_q_.end(), "#"); second != post_q_.end())
        post_q_.erase(second, post_q_.end());
      post.erase(std::find(post.begin(), post.end(), "#"), post.end());
    }
    const Words own_label = label_before(i);
    own_label_ = own_label;
    Words label;
    label.reserve(own_label.size() + ctx_.table_label.size());
    // "61 layers: the first 3 are dense": a label holding a number is a claim, not a label. One ending in a number
    // that counts nothing is a setting named in it ("Usable per GPU at `--gpu-memory-utilization 0.90`: 72 GB").
    if (!has(own_label, "#") ||
        (own_label.size() >= 3 && own_label.back() == "#" && std::count(own_label.begin(), own_label.end(), "#") == 1))
      label = own_label;
    label.insert(label.end(), ctx_.table_label.begin(), ctx_.table_label.end());
    // "How big is one layer's shared expert in BF16? **34.6M × 2 B = 69.2 MB.**": an answer that opens right after a
    // question is about what the question asks; the question's words label the figure.
    if (label.empty()) {
      size_t q = p.formula_first ? *p.formula_first : i;
      while (q > 0 && toks_[q - 1].kind == TokKind::kSymbol && !is_break(toks_[q - 1])) --q;
      if (q > 0 && is_sym(toks_[q - 1], "?")) label = items(toks_, clause_start(q - 1), q - 1);
    }
    const Words near = concat({label, pre, post});
    bool target = false;
    bool ceiling = false;

    // Targets are inputs, not claims: "meets 10s requirement", "SLO: 2 s",
    // a "Target" column. A long prose label ("Both targets are exceeded:")
    // introduces claims, so only a short one counts.
    {
      auto is_target = [](WordSpan w) {
        return has_any(w, vocab().target_markers);
      };
      // After the number only the next few words: "470 tok/s ... sustains the target load" states a figure.
      // "stay under 72 GB", "at most 50 ms": a limit, not a figure.
      // "TTFT <= 1.2 s", "TPOT < 50 ms", "≤ 72 GB": an upper limit, written as a symbol.
      const bool below = compared_by(i, "<");
      // Past "~" and hedges: "at most ~26.7k tokens/s", "under about 72 GB".
      const WordSpan bare = past_hedges(pre);
      bool limit = below || (!bare.empty() && (in_set(bare.back(), vocab().limit_words) ||
                                               (bare.size() >= 2 && has_phrase(bare.last(2), vocab().limits))));
      // The same read off the tokens, where a formula before took the words ("8 x 148 TFLOP/s gives at most ~26.7k").
      if (!limit) {
        size_t k = i;
        while (k > 0 && ((toks_[k - 1].kind == TokKind::kSymbol && toks_[k - 1].text == "~") ||
                         (toks_[k - 1].kind == TokKind::kWord && in_set(toks_[k - 1].norm, vocab().hedges))))
          --k;
        if (k > 0 && toks_[k - 1].kind == TokKind::kWord) {
          Words two;
          if (k > 1 && toks_[k - 2].kind == TokKind::kWord) two.push_back(toks_[k - 2].norm);
          two.push_back(toks_[k - 1].norm);
          limit = in_set(toks_[k - 1].norm, vocab().limit_words) || (two.size() == 2 && has_phrase(two, vocab().limits));
        }
      }
      target = limit || is_target(pre) || is_target(WordSpan(post).first(std::min<size_t>(post.size(), 3))) ||
               is_target(ctx_.table_label) || (own_label.size() <= 3 && is_target(own_label));
      // A target is kept only as a latency or a rate: one no operating point reaches is impossible.
      if (target && u.cls != UnitClass::kTime && u.cls != UnitClass::kRate) return;
      // "at most ~26.7k tokens/s", "<= 40,567 tok/s per GPU": a ceiling on a rate is a bound someone derived, not
      // a rate to reach; a looser bound than moeplan's is still a bound, so there is nothing to judge.
      if (limit && u.cls == UnitClass::kRate) return;
      // "the ceiling is ~6.5k output tok/s per GPU", "105k tok/s is a hard ceiling", "~11.3k tok/s at perfect
      // utilisation": a bound in other words, within a few words of the rate, which the batch the KV cache holds
      // does not limit (verify.cc). "5k tok/s, well below the ceiling" still states 5k: a comparison word before
      // the bound's name ends the look after the rate.
      if (u.cls == UnitClass::kRate) {
        const WordSpan bare = past_hedges(pre);
        size_t n_after = 0;
        while (n_after < post.size() && n_after < 4 && !in_set(post[n_after], vocab().ceiling_stops)) ++n_after;
        ceiling = has_phrase(bare.last(std::min<size_t>(bare.size(), 4)), vocab().ceilings) ||
                  has_phrase(WordSpan(post).first(n_after), vocab().ceilings) || ctx_.bound_column;
      }
    }
    if (u.cls == UnitClass::kPercent) return;
    // "The TTFT is at least 4.0 ms", "≥ 4.0 ms": a floor under a latency, like the speed-of-light bound it is
    // compared with; no figure to judge.
    if (u.cls == UnitClass::kTime) {
      const WordSpan bare = past_hedges(pre);  // "at least ~1.84 ms"
      if (compared_by(i, ">") || ctx_.bound_column ||
          (bare.size() >= 2 && has_phrase(bare.last(2), vocab().floors)) ||
          (bare.size() >= 3 && has_phrase(bare.last(3), vocab().floors)))
        return;
    }

    // An index: "Node 2", "Stage 0", "GPU 3", "layers 0-3".
    if (u.cls == UnitClass::kNone && n.suffix == 0) {
      // "layer (0, 2, 4, ...)", "layers 0, 2, ..., 34": a list of numbers that runs on with an ellipsis enumerates.
      if (in_enumeration(i)) return;
      const size_t k = i;
      // A spacing in a config key: "decoder_sparse_step 1", "interleave_moe_layer_step: 1", "moe_layer_freq=2".
      {
        size_t w = k;
        while (w > 0 && toks_[w - 1].kind == TokKind::kSymbol && (toks_[w - 1].text == ":" || toks_[w - 1].text == "=")) --w;
        if (w > 0 && toks_[w - 1].kind == TokKind::kWord && toks_[w - 1].compound) {
          const std::string_view key = toks_[w - 1].lower;
          const size_t cut = key.find_last_of('_');
          if (cut != std::string_view::npos && in_set(key.substr(cut + 1), vocab().spacing_words)) return;
        }
      }
      if (k > 0 && toks_[k - 1].kind == TokKind::kWord && toks_[k - 1].end <= n.begin) {
        const Token& w = toks_[k - 1];
        // Not after "per" or "each": "每层 4 个 experts" (per layer, 4 experts) counts per layer, it names no layer.
        const bool distributed = k > 1 && toks_[k - 2].kind == TokKind::kWord &&
                                 in_set(toks_[k - 2].norm, vocab().distributives);
        if (in_set(w.norm, vocab().index_nouns) && !(w.plural && !p.range_hi) && std::string_view(w.lower) != "gpus" &&
            !distributed) {
          if (!degree_acronym(w)) return;
        }
        if (w.plural && p.range_hi && is_head(w.norm)) return;  // "layers 0-3", "experts 6-7"
      }
      if (p.range_hi && post.empty()) return;  // a bare range "0-7" is an index range
      if (is_sym(toks_[k > 0 ? k - 1 : 0], "#") && k > 0 && toks_[k - 1].end == n.begin) return;
      if (ctx_.table_index_column && pre.empty() && post.empty() && own_label.empty()) return;
    }

    Claim c = base_claim(i);
    c.ceiling = ceiling;
    c.restates_per_gpu = c_restates_per_gpu_;
    c_restates_per_gpu_ = 0;
    if (p.range_hi) c.col_end = toks_[*p.range_hi].num_end;
    const double lo = n.value * u.scale;
    const double hi = p.range_hi ? toks_[*p.range_hi].value * u.scale : lo;
    c.value = lo;
    c.value_hi = hi;
    c.unit_text = u.text;
    if (n.suffix != 0 && u.text.size() > 1) c.unit_text = std::string(1, n.suffix) + " " + u.text;
    c.unit_scale = u.scale;
    c.arithmetic = p.arithmetic;
    if (p.tail) c.arithmetic.reset();

    std::optional<ClaimKind> kind = p.kind;
    // "TP × PP × DP = 16", "EP x ETP = TP x DP = 16": the product of degrees named without their values.
    if (!kind && i >= 4 && is_sym(toks_[i - 1], "=") && named_degree_chain(i - 1) >= 2) kind = ClaimKind::kDegreeProduct;
    Scope scope = Scope::kUnqualified;
    // "80 GB (74.5 GiB)": the same quantity again in another unit.
    // "(117.6 of 141 GB)": a part of a whole restates the last figure too.
    const bool of_whole = post_q_.size() >= 2 && post_q_[0] == "of" && post_q_[1] == "#";
    if (!kind && last_unit_ != UnitClass::kNone && u.cls == last_unit_ && !u.per_gpu && !u.per_token && pre.empty() &&
        (post.empty() || of_whole) && i > 0 &&
        is_sym(toks_[i - 1], "(")) {
      kind = last_kind_;
      scope = last_scope_;
      // "400 Gb/s NIC (400 GB/s)": within a few words of the figure it restates.
      constexpr size_t kRestateWindow = 8;
      if (last_claim_at_ != std::string::npos && i - last_claim_at_ <= kRestateWindow) c.restates = last_value_;
    }
    // "61 layers, of which 58 are MoE", "31 per stage, 28 of them MoE": a part of the layer count before it,
    // named by the word after it (no part named: not read).
    std::string subset_component;
    if (!kind && (last_kind_ == ClaimKind::kLayers || last_kind_ == ClaimKind::kLayersPerStage) &&
        last_claim_at_ != std::string::npos && same_sentence_as_last_claim()) {
      const bool of_which = pre.size() >= 2 && pre[pre.size() - 2] == "of" && (pre.back() == "which" || pre.back() == "them");
      const bool of_them = post.size() >= 2 && post[0] == "of" && (post[1] == "them" || post[1] == "which");
      if (of_which || of_them) {
        constexpr size_t kPartWords = 4;  // "are MoE", "of them MoE", "of which are dense"
        const WordSpan part = WordSpan(post).first(std::min(post.size(), kPartWords));
        if (has(part, "moe")) subset_component = "moe_layers";
        else if (has(part, "dense")) subset_component = "dense_layers";
        if (!subset_component.empty()) {
          kind = last_kind_;
          scope = last_scope_;
        }
      }
    }
    // "so 16 of them are MoE layers" after "32 decoder layers.", "only 16 of the 32 layers are MoE": a part of the
    // layer count, which the words after it name (MoE or dense) and which counts layers itself.
    if (!kind && u.cls == UnitClass::kNone && n.suffix == 0 && post_q_.size() >= 3 && post_q_[0] == "of") {
      size_t w = 1;
      bool layer_whole = false;
      if (post_q_[w] == "them" && (last_kind_ == ClaimKind::kLayers || last_kind_ == ClaimKind::kLayersPerStage)) {
        layer_whole = true;
        ++w;
      } else {
        if (w < post_q_.size() && post_q_[w] == "the") ++w;
        if (w + 1 < post_q_.size() && post_q_[w] == "#" && post_q_[w + 1] == "layer") {
          layer_whole = true;
          w += 2;
        }
      }
      constexpr size_t kPartWords = 4;  // "are MoE", "are MoE layers", "are dense"
      const WordSpan part = WordSpan(post_q_).subspan(std::min(w, post_q_.size())).first(std::min(post_q_.size() - std::min(w, post_q_.size()), kPartWords));
      const bool names_layers = layer_whole && (post_q_[1] != "them" || has(part, "layer"));
      if (names_layers && has(part, "moe")) subset_component = "moe_layers";
      else if (names_layers && has(part, "dense")) subset_component = "dense_layers";
      if (!subset_component.empty()) kind = ClaimKind::kLayers;
    }
    // "the first layer is dense and the other 27 are MoE layers": a count of layers the words after it name.
    if (!kind && u.cls == UnitClass::kNone && n.suffix == 0 && post_q_.size() >= 3 &&
        (post_q_[0] == "are" || post_q_[0] == "is") && (post_q_[1] == "moe" || post_q_[1] == "dense") &&
        post_q_[2] == "layer") {
      kind = ClaimKind::kLayers;
      subset_component = post_q_[1] == "moe" ? "moe_layers" : "dense_layers";
    }
    // "35 GB = 32.6 GiB", `weights: "100.2 GB"  # = 93.3 GiB`: an equals sign right after a figure, then the
    // same quantity in another unit of its class, restates it (a result of arithmetic is restated too; an
    // operand is not: "2 x 35 GB = 70 GB" is a product).
    if (!kind && restates_across_equals(i, u)) {
      kind = last_kind_;
      scope = last_scope_;
      c.restates = last_value_;
    }
    // "61 GB, i.e. 30.5 GB", "31.4 GB on the GPU, i.e. 31.4 of 80 GB": "i.e." restates the last figure's kind.
    if (!kind && last_unit_ != UnitClass::kNone && u.cls == last_unit_ && !u.per_gpu && !u.per_token &&
        (post.empty() || of_whole) && restated_before(i)) {
      kind = last_kind_;
      scope = last_scope_;
    }
    // "81,559 MiB per H100, i.e. 81.6 GB", "183,359 MiB as the driver reports = 183.4 GB": a size converted between
    // binary and decimal units ("i.e.", "=", a few words apart, within the 7.4% such a slip makes) is the same
    // quantity again, whatever words follow: its value is held to the first one's.
    const bool converted = converts_last_size(i, u, c.value);
    if (converted) {
      if (!kind) {
        kind = last_kind_;
        scope = last_scope_;
      }
      c.restates = last_value_;
    }
    // "2 more MoE layers than stage 0": a difference, not a count.
    if (!kind && u.cls == UnitClass::kNone && u.next < toks_.size() && toks_[u.next].kind == TokKind::kWord &&
        in_set(toks_[u.next].lower, vocab().differences))
      return;
    if (!kind) kind = decide(i, n, u, pre, post, label, near, c, scope);
    // "61 × 256 = 15,616.", "8 × 61 = 488": a product of bare counts with no noun is kept for its arithmetic, and
    // verify.cc reads a layer's experts times its layers in it.
    // Only "a × b = c": a figure before a parenthesis ("0.9 (0.9 x 141)") is not what the parenthesis computes.
    if (!kind && p.arithmetic && p.arithmetic->bare && p.arithmetic->operands >= 2 && p.formula_first &&
        u.cls == UnitClass::kNone && n.suffix == 0)
      kind = ClaimKind::kOther;
    if (!kind) return;
    // A count of parameters, experts or layers has no unit of time, FLOPs or rate ("2 x active params = 44 GFLOP" is
    // compute), and a bare number followed by a multiplication sign is a factor, not a count of the noun after the
    // sign ("2 x active params x 2048").
    if (const ClaimKind k = *kind; k == ClaimKind::kParamsTotal || k == ClaimKind::kParamsActive ||
                                   k == ClaimKind::kExpertsTotal || k == ClaimKind::kExpertsPerLayer ||
                                   k == ClaimKind::kLayers) {
      if (u.cls == UnitClass::kFlops || u.cls == UnitClass::kTime || u.cls == UnitClass::kRate ||
          u.cls == UnitClass::kOtherRate || u.cls == UnitClass::kBandwidth)
        return;
      auto times = [&](size_t k) { return is_sym(toks_[k], "*") || is_word(toks_[k], "x"); };
      if (u.cls == UnitClass::kNone && n.suffix == 0 && i + 1 < toks_.size() && toks_[i + 1].begin > n.end && times(i + 1))
        return;
      // "... x 2048 ≈ 88 TFLOP": a bare last factor after words.
      if (u.cls == UnitClass::kNone && n.suffix == 0 && i >= 2 && times(i - 1) && toks_[i - 2].kind == TokKind::kWord &&
          (i + 1 >= toks_.size() || toks_[i + 1].kind != TokKind::kWord))
        return;
    }
    c.kind = *kind;
    c.scope = scope;
    // "prefill interference (20.6 ms per token)": a figure in parentheses is about the words before them.
    if (pre.empty() && i > 1 && is_sym(toks_[i - 1], "(") && (u.cls == UnitClass::kTime || u.cls == UnitClass::kRate)) {
      size_t b = i - 1;
      while (b > 0 && i - 1 - b < 4 && toks_[b - 1].kind == TokKind::kWord) --b;
      const Words named = items(toks_, b, i - 1);
      c.reading = read_slots(label, named, post_q_);
    } else {
      c.reading = read_slots(label, pre, post_q_);
    }
    // "229,376 B per token per GPU": a unit written per GPU names the owner as a phrase does.
    if (u.per_gpu && c.reading.owner == Owner::kUnsaid) c.reading.owner = Owner::kGpu;
    // "The box says 141 GB of HBM3e per GPU": "per GPU" right after the figure binds it, whatever noun came before.
    if (c.reading.owner == Owner::kNode && has_phrase(WordSpan(post_q_).first(std::min<size_t>(post_q_.size(), 4)),
                                                      vocab().per_gpu))
      c.reading.owner = Owner::kGpu;
    // "gpusPerNode: 8  # H200 SXM, 150.75 GB each", "2 nodes, 1.2 TB each": "each" right after the figure is one of the
    // things the clause counted last, a GPU (an accelerator's name is one) or a node.
    if (!post_q_.empty() && post_q_.front() == "each" && (u.cls == UnitClass::kBytes || u.cls == UnitClass::kBandwidth)) {
      const Words own = concat({label, segment_words_before()});
      // A GPU (an accelerator's name normalizes to "gpu") or a server (lexicon sets.server_words).
      auto owner_of = [](std::string_view w) {
        if (w == "gpu" || w == "rank") return Owner::kGpu;
        if (in_set(w, vocab().server_words)) return Owner::kNode;
        return Owner::kUnsaid;
      };
      // The noun counted by the last number before ("4x A100 box (80GB each)": A100s), else the nearest such noun.
      Owner counted = Owner::kUnsaid;
      if (const auto last = std::find(own.rbegin(), own.rend(), "#"); last != own.rend())
        for (size_t k = static_cast<size_t>(own.rend() - last); k < own.size() && k <= static_cast<size_t>(own.rend() - last) + 2 &&
                                                                counted == Owner::kUnsaid; ++k)
          counted = owner_of(own[k]);
      for (size_t k = own.size(); counted == Owner::kUnsaid && k-- > 0;) counted = owner_of(own[k]);
      if (counted != Owner::kUnsaid) c.reading.owner = counted;
    }
    // "| HBM bandwidth | 64 TB/s | 128 TB/s |" under "| | per DGX B200 | both systems |": the column's owner.
    // The header outranks the row's label ("per DGX B200" names a node even though a B200 is a GPU), not the cell's
    // own words.
    if (ctx_.column_owner != Owner::kUnsaid &&
        (c.reading.owner == Owner::kUnsaid ||
         vocab().lx.nearest_named("owners", concat({pre, post_q_}), pre.size()).empty()))
      c.reading.owner = ctx_.column_owner;
    if (!subset_component.empty()) c.reading.component = subset_component;
    // "the other 27 layers are MoE", "hay 27 capas MoE": the words right after the layer noun say which layers.
    if (c.kind == ClaimKind::kLayers && c.reading.component.empty() && post_q_.size() >= 2 && post_q_[0] == "layer") {
      size_t w = 1;
      if (w < post_q_.size() && (post_q_[w] == "are" || post_q_[w] == "is")) ++w;
      if (w < post_q_.size() && post_q_[w] == "moe") c.reading.component = "moe_layers";
      else if (w < post_q_.size() && post_q_[w] == "dense") c.reading.component = "dense_layers";
    }
    // "24 of the 48 layers are MoE layers": the whole a count is part of is all of its nouns; what the clause says
    // after it (MoE) is the part's.
    if (c.kind == ClaimKind::kLayers) {
      size_t k = pre.size();
      if (k > 0 && pre[k - 1] == "the") --k;
      if (k >= 2 && pre[k - 1] == "of" && pre[k - 2] == "#") c.reading.component.clear();
    }
    // "each GPU holds 8 of the 256 experts": the whole after "of" is a layer's experts, not the GPU's share.
    if (c.kind == ClaimKind::kExpertsPerGpu) {
      size_t k = pre.size();
      if (k > 0 && pre[k - 1] == "the") --k;
      if (k >= 2 && pre[k - 1] == "of" && pre[k - 2] == "#") {
        c.kind = ClaimKind::kExpertsPerLayer;
        c.scope = Scope::kUnqualified;
        c.reading.owner = Owner::kUnsaid;
      }
    }
    // "8.7 GB per GPU (MXFP4 experts, bf16 attn + embeddings)": a parenthesis right after the figure lists its parts.
    if (c.kind == ClaimKind::kWeightsPerGpu)
      c.reading.component = weights_component(label, pre, u.next < toks_.size() && is_sym(toks_[u.next], "(") ? WordSpan() : WordSpan(post_q_));
    // "35.16 GB of weights per GPU, 33.82 GB of which are experts": a part of the size before it, the part named after
    // "of which (are)", held by the same owner.
    if (c.kind == ClaimKind::kWeightsPerGpu && c.reading.component.empty() && post_q_.size() >= 3 &&
        post_q_[0] == "of" && post_q_[1] == "which") {
      size_t w = 2;
      if (w < post_q_.size() && (post_q_[w] == "are" || post_q_[w] == "is")) ++w;
      const bool routed = w < post_q_.size() && post_q_[w] == "routed";
      if (routed) ++w;
      if (w < post_q_.size() && post_q_[w] == "expert") {
        c.reading.component = "routed_experts";
        if (c.reading.owner == Owner::kUnsaid && last_kind_ == ClaimKind::kWeightsPerGpu) c.reading.owner = last_owner_;
      }
    }
    // "usable 77.3 GB minus 11.68 GB weights": what an engine may use is no part of the weights.
    if (c.kind == ClaimKind::kWeightsPerGpu && c.reading.component == "usable" && weights_named_after_) c.reading.component.clear();
    // "17 GB of attention, dense, shared and head": a list of three or more parts after "of" is their sum, which is
    // no one component's ("parts").
    if (c.kind == ClaimKind::kWeightsPerGpu && u.next < toks_.size() && is_word(toks_[u.next], "of")) {
      constexpr size_t kListTokens = 14;
      int separators = 0;
      for (size_t k = u.next + 1; k < toks_.size() && k - u.next < kListTokens && toks_[k].kind != TokKind::kNumber &&
                                  !is_sentence_break(toks_[k]) && !is_sym(toks_[k], ";") && !is_sym(toks_[k], "(");
           ++k)
        separators += is_sym(toks_[k], ",") || is_word(toks_[k], "and") || is_sym(toks_[k], "+") ? 1 : 0;
      if (separators >= 2) c.reading.component = "parts";
    }
    // "KV budget: 76.97 - 26.95 weights - 3.85 reserve = 45.9 GB": the result of a subtraction is what is left, not
    // the weights or memory its terms name.
    if ((c.kind == ClaimKind::kWeightsPerGpu || c.kind == ClaimKind::kMemoryPerGpuTotal) && subtraction_result(i))
      c.reading.component = "remainder_part";
    // "applies to the total the driver reports: 0.85 x 150.75 = 128.1 GB": a GPU's memory times a fraction is what an
    // engine may use of it.
    if (c.kind == ClaimKind::kGpuMemoryCapacity && c.reading.component.empty() && c.arithmetic &&
        c.arithmetic->operands == 2 && has_fraction_operand(c.arithmetic->text))
      c.reading.component = "usable";
    if (c.kind == ClaimKind::kGpuMemoryCapacity) {
      // "A100 80GB", "A100-SXM4-80GB", "80GB H100": a memory size glued to a GPU's name is one GPU's, whatever the
      // clause counts ("Two A100 80GB GPUs").
      size_t before = i;
      if (before > 0 && is_sym(toks_[before - 1], "-") && toks_[before - 1].end == toks_[i].begin) --before;
      const bool named_before = before > 0 && toks_[before - 1].kind == TokKind::kWord && is_gpu_model(toks_[before - 1].lower) &&
                                (before < i || toks_[before - 1].end + 1 >= toks_[i].begin);
      const bool named_after = u.next < toks_.size() && toks_[u.next].kind == TokKind::kWord &&
                               is_gpu_model(toks_[u.next].lower);
      if (named_before || named_after) c.reading.owner = Owner::kGpu;
      c.reading.gpu_model = gpu_model_in(cb, ce);
      // "- H20: 96 GB marketed, driver 97,871 MiB": the line's label names the GPU its figures are about.
      if (c.reading.gpu_model.empty()) {
        size_t colon = 0;
        while (colon < cb && colon < kMaxLabelTokens && !is_sym(toks_[colon], ":")) ++colon;
        if (colon < cb && is_sym(toks_[colon], ":")) c.reading.gpu_model = gpu_model_in(0, colon);
      }
    }
    if (p.tail)
      c.reading.unclear = "the result of a formula whose first operands are not on this line or behind a division "
                          "word: what it computes is not read";
    // The sentence around a degree, within a bounded window (a line without sentence breaks stays linear).
    if (c.kind == ClaimKind::kTp || c.kind == ClaimKind::kPp || c.kind == ClaimKind::kDp || c.kind == ClaimKind::kEp ||
        c.kind == ClaimKind::kEtp) {
      constexpr size_t kSentenceWindow = 48;  // tokens each way
      size_t sb = i, se = i;
      while (sb > 0 && i - sb < kSentenceWindow && !is_sentence_break(toks_[sb - 1])) --sb;
      while (se < toks_.size() && se - i < kSentenceWindow && !is_sentence_break(toks_[se])) ++se;
      c.ruled_out = has_phrase(items(toks_, sb, se), vocab().rejections);
    }
    // "Each token goes through 8 x 48 = 384 expert FFNs, about 1.81 B expert parameters": what one token
    // passes through, not the model's experts or parameters.
    if ((c.kind == ClaimKind::kExpertsTotal || c.kind == ClaimKind::kExpertsPerLayer || c.kind == ClaimKind::kParamsTotal) &&
        (has_phrase(pre, vocab().each_token) || has_phrase(label, vocab().each_token)))
      c.reading.unclear = "a count per token (the experts or parameters one token passes through), not read";
    // "KV per token per GPU halves to 49,152 B", "it doubles to 98,304": the figure after a change is the
    // changed layout's, which the clause does not state.
    if (c.kind == ClaimKind::kKvPerToken || c.kind == ClaimKind::kWeightsPerGpu || c.kind == ClaimKind::kExpertsPerGpu ||
        c.kind == ClaimKind::kMemoryPerGpuTotal || c.kind == ClaimKind::kParamsPerGpu) {
      size_t k = pre.size();
      while (k > 0 && (pre[k - 1] == "~" || pre[k - 1] == ":" || in_set(pre[k - 1], vocab().hedges))) --k;
      if (k > 0 && pre[k - 1] == "to") --k;
      if (k > 0 && in_set(pre[k - 1], vocab().change_verbs))
        c.reading.unclear = "a figure after a change (\"halves to\", \"doubles to\"): the changed layout is not read";
      // "goes from 16 experts per MoE layer to 32": the figure after "from" is the layout before the change.
      size_t f = pre.size();
      while (f > 0 && (pre[f - 1] == "~" || in_set(pre[f - 1], vocab().hedges))) --f;
      if (f > 0 && pre[f - 1] == "from")
        for (size_t m = 0; m < post.size() && m < 8; ++m)
          if (post[m] == "to" && (m + 1 == post.size() || post[m + 1] == "#")) {
            c.reading.unclear = "a figure of the layout before a change (\"from 16 ... to 32\"), not the changed one's";
            break;
          }
    }
    // "was 59.0GB with TP 8": a degree in a clause in the past tense is a layout before a change.
    if (c.kind == ClaimKind::kTp || c.kind == ClaimKind::kPp || c.kind == ClaimKind::kDp || c.kind == ClaimKind::kEp ||
        c.kind == ClaimKind::kEtp) {
      // The clause's tokens before the number (not only its words after an "=": "(was 24,064 B under TP=8)").
      constexpr size_t kClauseTokens = 16;
      for (size_t k = i; k-- > 0 && i - k <= kClauseTokens;) {
        const Token& t = toks_[k];
        if (is_sym(t, ",") || is_sym(t, ";") || is_sentence_break(t)) break;
        if (t.kind == TokKind::kWord && in_set(t.norm, vocab().past_tense)) {
          c.reading.unclear = "a degree in a clause in the past tense (\"was\"): the layout before a change";
          break;
        }
      }
    }
    auto past_label = [&](size_t k) {  // "before:" at toks[k]
      return k + 1 < toks_.size() && toks_[k].kind == TokKind::kWord && in_set(toks_[k].norm, vocab().past_markers) &&
             is_sym(toks_[k + 1], ":");
    };
    if ((!post.empty() && in_set(post.front(), vocab().past_markers)) || past_label(cb) || (cb >= 2 && past_label(cb - 2)))
      c.reading.unclear = "a figure of the layout before a change (\"before\", \"previously\"), not this deployment's";
    // "may use 77 GB of the 85.52 GB": the whole a part is of is the GPU's memory, not what may be used of it.
    // "of 92.4 GB usable" keeps it: the word right after the whole says what the whole is.
    if (c.kind == ClaimKind::kGpuMemoryCapacity && c.reading.component == "usable" && !pre.empty() &&
        (pre.back() == "of" || (pre.size() >= 2 && pre.back() == "the" && pre[pre.size() - 2] == "of")) &&
        !(!post.empty() && in_set(post.front(), vocab().budget_markers)))
      c.reading.component.clear();
    // "one stage-1 GPU (its 30 layers)": layers a GPU or a stage holds are the stage's.
    if (c.kind == ClaimKind::kLayers && c.reading.component.empty() &&
        (c.reading.owner == Owner::kGpu || c.reading.owner == Owner::kStage))
      c.kind = ClaimKind::kLayersPerStage;
    // "6626 vs 6796 tokens/s", "TPOT 77.2 ms vs 75.3 ms": a comparison states two layouts' figures
    // without saying which is whose; both are inputs to the comparison, not claims.
    if ((u.next < toks_.size() && toks_[u.next].kind == TokKind::kWord && in_set(toks_[u.next].lower, vocab().comparisons)) ||
        (i > 0 && toks_[i - 1].kind == TokKind::kWord && in_set(toks_[i - 1].lower, vocab().comparisons)))
      c.reading.role = Role::kInput;
    if (target) {
      if (c.kind != ClaimKind::kTtft && c.kind != ClaimKind::kTpot && c.kind != ClaimKind::kThroughput &&
          c.kind != ClaimKind::kThroughputPerGpu)
        return;
      c.reading.role = Role::kTarget;
    }
    if (c.reading.owner == Owner::kModel && c.kind == ClaimKind::kWeightsPerGpu) c.scope = Scope::kTotal;
    // "48 MoE layers x 16 experts = 786 routed experts": a count multiplied over layers is over all of them.
    if (c.arithmetic && (c.kind == ClaimKind::kExpertsPerLayer || (c.kind == ClaimKind::kExpertsPerGpu &&
                                                                    c.scope == Scope::kPerMoeLayer))) {
      const std::vector<std::string> fw = normalized_words(c.arithmetic->text);
      if (std::find(fw.begin(), fw.end(), "layer") != fw.end()) {
        if (c.kind == ClaimKind::kExpertsPerLayer) c.kind = ClaimKind::kExpertsTotal;
        c.scope = Scope::kTotal;
      }
    }
    // A figure of no kind the checker derives is held to the one it restates only where it converts it between
    // units ("183,359 MiB = 183.4 GB"); "~15.7 GB, nearly all of it (14.40 GB)" is a part, not the figure again.
    if (c.kind == ClaimKind::kOther && !converted) c.restates = 0;
    finish_arithmetic(c);
    last_kind_ = c.kind;
    last_owner_ = c.reading.owner;
    last_claim_at_ = i;
    last_value_ = c.value;
    if (u.cls == UnitClass::kRate) last_rate_scale_ = u.scale;
    last_scope_ = c.scope;
    last_unit_ = u.cls;
    last_unit_scale_ = u.scale;
    last_unit_next_ = u.next;
    emit(std::move(c), i);
  }

  // The slots a lexicon fills for one number: whose it is, which component,
  // which phase; the nearest phrase to the number wins.
  static Reading read_slots(WordSpan label, WordSpan pre, WordSpan post) {
    Reading r;
    // "5.2 GB plus the replicated embeddings": what follows a slot stop is another figure's.
    size_t own = post.size();
    for (size_t k = 0; k < post.size(); ++k)
      if (in_set(post[k], vocab().slot_stops)) {
        own = k;
        break;
      }
    post = post.first(own);
    Words w = concat({label, pre, post});
    r.per_layer = has_phrase(w, vocab().per_layer) || has_phrase(w, vocab().one_layer);
    // "(its 30 layers)": the owner is a noun the reading cannot see.
    r.owner_elsewhere = !pre.empty() && in_set(pre.back(), vocab().possessives);
    r.one_expert = has_phrase(w, vocab().one_expert);
    // "no MTP", "without the embeddings": a negated component is not the figure's; "incl. the MTP" adds it.
    for (size_t k = 0; k < w.size(); ++k) {
      // "(main model, MTP excluded)": the words a negation written after them negates.
      if (in_set(w[k], vocab().negations_after)) {
        for (size_t m = k; m-- > 0 && m + 2 >= k;) w[m] = "~";
        continue;
      }
      if (k + 1 == w.size()) break;
      if (in_set(w[k], vocab().negations)) {
        for (size_t m = k + 1; m < w.size() && m <= k + 2; ++m) w[m] = "~";
      } else if (in_set(w[k], vocab().inclusions)) {
        r.includes_component = true;
      }
    }
    static constexpr std::array<std::string_view, 3> kSlots = {"owners", "components", "phases"};
    std::array<std::string_view, kSlots.size()> named;  // the nearest owner, component and phase
    // The number's own clause binds before its label: "take the whole node: ... 8.2 GB of weights per GPU" is per GPU.
    vocab().lx.nearest_named(kSlots, WordSpan(w).subspan(label.size()), pre.size(), named);
    if (!label.empty() && std::any_of(named.begin(), named.end(), [](std::string_view v) { return v.empty(); })) {
      std::array<std::string_view, kSlots.size()> labelled;
      vocab().lx.nearest_named(kSlots, w, label.size() + pre.size(), labelled);
      for (size_t k = 0; k < named.size(); ++k)
        if (named[k].empty()) named[k] = labelled[k];
    }
    const std::string_view owner = named[0];
    if (owner == "gpu") r.owner = Owner::kGpu;
    else if (owner == "stage") r.owner = Owner::kStage;
    else if (owner == "node") r.owner = Owner::kNode;
    else if (owner == "cluster") r.owner = Owner::kCluster;
    else if (owner == "model") r.owner = Owner::kModel;
    r.component = std::string(named[1]);
    // "down-projection of one routed expert": the matrix is the component, the expert says whose.
    if (r.component == "one_expert" || r.one_expert)
      for (const auto& [name, list] : vocab().lx.named("components"))
        if (name == "down_projection" && list.in(w)) r.component = name;
    if (r.component.empty()) r.includes_component = false;
    r.phase = std::string(named[2]);
    return r;
  }

  // Whether toks[i] follows the comparison symbol `op` ("<" or ">", "≤" and "≥" read as them), alone or before "=",
  // past a "~": "TPOT < 50 ms", "≤ ~10.1k output tok/s", "≥ ~4 ms".
  bool compared_by(size_t i, std::string_view op) const {
    size_t k = i;
    while (k > 0 && is_sym(toks_[k - 1], "~")) --k;
    return k > 0 && (is_sym(toks_[k - 1], op) || (k > 1 && is_sym(toks_[k - 1], "=") && is_sym(toks_[k - 2], op)));
  }

  // Whether toks[i] is the result of dividing by a count of GPUs: "/ 2 GPUs = 15.7 GB", "/8 GPUs ≈ 35 GB".
  bool divided_by_gpus_before(size_t i) const {
    size_t k = i;
    while (k > 0 && (is_sym(toks_[k - 1], "~") || is_sym(toks_[k - 1], "=") || is_sym(toks_[k - 1], "≈") ||
                     in_set(toks_[k - 1].norm, vocab().hedges)))
      --k;
    if (k == i || k < 3) return false;
    return is_word(toks_[k - 1], "gpu") && toks_[k - 2].kind == TokKind::kNumber && is_sym(toks_[k - 3], "/");
  }

  // Whether toks[i] is the whole a percentage before it is of: "28% of the driver-reported 192.3 GB", "90 percent of
  // the 141 GB"; between "the" and the number only words that describe a GPU's memory (lexicon capacity_adjectives),
  // so "30% of the KV cache is 12 GB" is not read so.
  bool share_of_whole(size_t i) const {
    size_t k = i;
    for (int words = 0; k > 0 && words < 2;) {
      const Token& t = toks_[k - 1];
      if (t.kind == TokKind::kWord && in_set(t.norm, vocab().capacity_adjectives)) ++words, --k;
      else if (is_sym(t, "-")) --k;
      else break;
    }
    if (k < 2 || !is_word(toks_[k - 1], "the") || !is_word(toks_[k - 2], "of")) return false;
    k -= 2;
    return k >= 2 && toks_[k - 2].kind == TokKind::kNumber && (is_sym(toks_[k - 1], "%") || is_word(toks_[k - 1], "percent"));
  }

  // Whether the number toks[i] is in a comma list of numbers that an ellipsis runs on ("0, 2, 4, ...", "0, 2, ...,
  // 34"): indices, not counts.
  bool in_enumeration(size_t i) const {
    auto dots = [&](size_t k) {
      return is_sym(toks_[k], "...") ||
             (k + 2 < toks_.size() && is_sym(toks_[k], ".") && is_sym(toks_[k + 1], ".") && is_sym(toks_[k + 2], "."));
    };
    auto part = [&](size_t k) { return toks_[k].kind == TokKind::kNumber || is_sym(toks_[k], ",") || is_sym(toks_[k], ".") ||
                                       is_sym(toks_[k], "..."); };
    constexpr size_t kListTokens = 24;
    size_t b = i, e = i + 1;
    while (b > 0 && i - b < kListTokens && part(b - 1)) --b;
    while (e < toks_.size() && e - i < kListTokens && part(e)) ++e;
    int numbers = 0, commas = 0;
    bool ellipsis = false;
    for (size_t k = b; k < e; ++k) {
      numbers += toks_[k].kind == TokKind::kNumber;
      commas += is_sym(toks_[k], ",");
      ellipsis = ellipsis || dots(k);
    }
    return ellipsis && numbers >= 2 && commas >= 2;
  }
  static constexpr size_t kOwnNounWords = 3;
  // The component a weights figure is of: named before it or right after it
  // ("81.7 GB of experts", "attention 1.3 GB"), not in a parenthesis that
  // lists its parts ("8.7 GB per GPU (MXFP4 experts, bf16 attn)").
  static std::string weights_component(WordSpan label, WordSpan pre, WordSpan post) {
    size_t own = 0;
    while (own < post.size() && own < 3 && post[own] != "(" && post[own] != "," && post[own] != ";" &&
           !in_set(post[own], vocab().slot_stops))
      ++own;
    const WordSpan after = post.first(own);
    // The clause before the number: back to its last comma or parenthesis.
    size_t from = pre.size();
    while (from > 0 && pre[from - 1] != "," && pre[from - 1] != "(" && pre[from - 1] != ";") --from;
    // A parenthesis in the label describes the figure's make-up ("Weights (MXFP4 experts, BF16 rest)").
    Words named;
    int depth = 0;
    for (const std::string_view& word : pre.subspan(from).empty() ? label : pre.subspan(from)) {
      if (word == "(") ++depth;
      else if (word == ")") depth = std::max(0, depth - 1);
      else if (depth == 0) named.push_back(word);
    }
    // "each GPU keeps its own attention and the weights per GPU are 48.31 GB": a clause joined on that names the
    // weights itself is the figure's; the part the clause before it named is not.
    for (size_t k = named.size(); k-- > 0;)
      if (in_set(named[k], vocab().clause_splits) &&
          std::any_of(named.begin() + static_cast<std::ptrdiff_t>(k) + 1, named.end(),
                      [](std::string_view w) { return in_set(w, vocab().weights); })) {
        named.erase(named.begin(), named.begin() + static_cast<std::ptrdiff_t>(k) + 1);
        break;
      }
    // "... sharding attention across them leaves each GPU with 15.3 GB of weights": a figure whose own noun follows
    // ("GB of weights") is named by the words right before it, not by a part the clause mentioned on the way.
    if (post.size() >= 2 && post[0] == "of" && in_set(post[1], vocab().weights) && named.size() > kOwnNounWords)
      named.erase(named.begin(), named.end() - static_cast<std::ptrdiff_t>(kOwnNounWords));
    const Words w = concat({WordSpan(named), after});
    const size_t anchor = named.size();
    std::string comp(vocab().lx.nearest_named("components", w, anchor));
    if (comp == "attention" || comp == "routed_experts" || comp == "shared_expert" || comp == "embedding" ||
        comp == "mtp" || comp == "router" || comp == "norms" || comp == "usable" || comp == "remainder_part")
      return comp;
    // "81.7 GB of experts", "experts 22.5 GB": the routed experts' bytes.
    for (size_t k = 0; k < w.size(); ++k)
      if (w[k] == "expert" && (k == 0 || w[k - 1] != "shared") && (k + 1 == w.size() || w[k + 1] != "per"))
        return "routed_experts";
    return comp == "layout_attention" ? "" : comp;
  }

  std::optional<ClaimKind> decide(size_t i, const Token& n, Unit& u, WordSpan pre, WordSpan post,
                                  WordSpan label, WordSpan near, Claim& c, Scope& scope) {
    (void)i;
    weights_named_after_ = false;
    switch (u.cls) {
      case UnitClass::kRate:
        return (u.per_gpu || per_gpu_in(post) || per_gpu_in(label)) ? ClaimKind::kThroughputPerGpu
                                                                    : ClaimKind::kThroughput;
      case UnitClass::kBandwidth:
        return ClaimKind::kBandwidth;
      case UnitClass::kOtherRate:
      case UnitClass::kFlops:
        return ClaimKind::kOther;
      case UnitClass::kTime:
        return time_kind(pre, post, label, u);
      case UnitClass::kBytes:
        // "0.5 B/param", "0.53125 B per parameter": bytes per parameter, whatever the number.
        if (u.ambiguous_b && post.size() >= 2 && post[0] == "per" && (post[1] == "param" || post[1] == "weight"))
          return bytes_kind(i, u, pre, post, label, c, scope);
        if (u.ambiguous_b && n.suffix != 0 && !memory_context(near)) break;  // "671B": parameters
        if (u.ambiguous_b && n.suffix == 0 && !memory_context(near) && param_context(near)) break;
        return bytes_kind(i, u, pre, post, label, c, scope);
      case UnitClass::kPercent:
        return std::nullopt;
      case UnitClass::kNone:
        break;
    }
    // Parameter counts: "671B", "37B active", "10 billion parameters".
    // ("400G leaf switches" is a link speed: a G counts parameters only where the word says so, "1.5G params".)
    const bool suffix_count = n.suffix == 'B' || n.suffix == 'b' || n.suffix == 'M' || n.suffix == 'T' || u.count_word;
    size_t head = first_head(post, 5);
    // "114.7B expert parameters": a compound's last noun is what it counts.
    if (head != std::string::npos && head + 1 < post.size() && post[head + 1] == "param") ++head;
    const std::string_view head_word = head == std::string::npos ? std::string_view() : post[head];
    if (head_word == "param" || (suffix_count && head == std::string::npos) ||
        (u.cls == UnitClass::kBytes && u.ambiguous_b)) {
      if (u.cls == UnitClass::kBytes) {
        // "671 B parameters": the B was a billion, not a byte.
        const double scale = n.suffix != 0 ? n.multiplier : 1e9;
        c.value_hi = c.value_hi / u.scale * scale;
        c.value = n.value * scale;
        c.unit_scale = scale;
        c.unit_text = n.suffix != 0 ? std::string(1, n.suffix) : "B";
      }
      if (head_word.empty() && !suffix_count && !param_context(near) && !param_context(title())) return std::nullopt;
      // "moved their assistant from a dense 14B onto ...": a size written as a dense model's names that model, not
      // necessarily the deployment's.
      if (!pre.empty() && pre.back() == "dense") return ClaimKind::kOther;
      if (head_word.empty() && n.suffix == 'k') return std::nullopt;
      if (has_any(post, vocab().active) || has_any(pre, vocab().active) || has_any(label, vocab().active))
        return ClaimKind::kParamsActive;
      // "Each token goes through 384 expert FFNs, about 1.81 B expert parameters": what one token uses is active.
      {
        size_t from = i;  // the sentence before it, past its numbers and commas (bounded)
        while (from > 0 && i - from < kWindow && !is_sentence_break(toks_[from - 1])) --from;
        const Words clause = items(toks_, from, i);
        if (has_phrase(clause, vocab().each_token) || has_phrase(pre, vocab().per_token)) return ClaimKind::kParamsActive;
      }
      if (has_any(post, vocab().sequence_words) || has_any(label, vocab().sequence_words))
        return head_word == "param" ? std::optional(ClaimKind::kParamsTotal) : std::optional(ClaimKind::kOther);
      if (per_gpu_in(post) || per_gpu_in(label) || per_gpu_in(pre)) return ClaimKind::kParamsPerGpu;
      return ClaimKind::kParamsTotal;
    }
    // "4-bit values", "one 8-bit scale per 32 values": a count of something no deployment quantity is counted in.
    if (head == std::string::npos && !post.empty() && in_set(post.front(), vocab().foreign_counts)) return std::nullopt;
    if (n.suffix == 'k' || n.suffix == 'K') {
      if (in_set(head_word, vocab().length_nouns) ||
          request_length(post))  // "1k in / 512 out"
        return ClaimKind::kOther;
      return std::nullopt;
    }

    // "EP 8 puts one expert of each layer on each GPU": a degree's acronym right before the number names it,
    // whatever noun comes later in the clause (one right after the number counts: "TP 4 GPUs").
    // "Four TP 2 instances", "8 TP1 replicas": the instances of that TP; the number is the TP's.
    // "TP8 + expert parallel": the noun after the number names a kind of parallelism, not what the number counts.
    const bool counts_instances = head == 0 && (in_set(head_word, vocab().instance_words) ||
                                                (head_word == "expert" && post.size() > 1 && post[1] == "parallel"));
    if (head != std::string::npos && (head > 0 || counts_instances) && !pre.empty()) {
      size_t k = pre.size();
      if (k > 0 && (pre[k - 1] == "=" || pre[k - 1] == ":")) --k;
      if (k > 0)
        if (const auto d = degree_keyword(pre, k - 1, false)) return d;  // an acronym only: no "parallel" seen
    }
    // A degree named before the number: "TP=4", "tensor parallel size: 8", "EP across 8 GPUs".
    if (head == std::string::npos || head_word == "gpu" || head_word == "rank" || head_word == "way") {
      const bool spatial = head_word == "gpu" || head_word == "rank";
      if (head_word != "way") {
        if (auto d = degree_before(pre, spatial)) return d;
        // "| EP (per stage, = TP x DP) | 8 |": a row label that starts with a degree names the row's value.
        if (pre.empty() && ctx_.row_label_size > 0 && degree_keyword(ctx_.table_label, 0, false))
          return degree_keyword(ctx_.table_label, 0, false);
        if (pre.empty() || (pre.size() <= 2 && (pre.back() == "~" || pre.back() == "="))) {
          // "TP: 4", or a table row "| Tensor parallel (TP) | 4 |" (the row
          // label first, then the label with the column header after it).
          Words lab(label.begin(), label.end());
          lab.push_back(":");
          if (auto d = degree_before(lab, spatial)) return d;
          if (ctx_.row_label_size > 0) {
            Words row(ctx_.table_label.begin(),
                      ctx_.table_label.begin() + static_cast<std::ptrdiff_t>(ctx_.row_label_size));
            row.push_back(":");
            if (auto d = degree_before(row, spatial)) return d;
          }
        }
      }
    }
    if (head_word == "way") {
      if (auto d = degree_after_way(post, head, concat({label, pre, post}))) return d;
      return std::nullopt;
    }

    if (head != std::string::npos) return noun_kind(head_word, post, head, pre, label, scope);

    // No noun after the number: what it counts comes from the words before
    // it ("total experts: 256", "EP groups: 4") or the previous claim ("2
    // experts per GPU per layer, 8 in total").
    // "1k in / 512 out": request lengths.
    if (request_length(post)) return ClaimKind::kOther;
    // "each GPU holds 16 of the 128 experts per layer": a GPU's share of a layer's experts.
    if (!post_q_.empty() && post_q_.front() == "of" && (has_phrase(pre, vocab().gpu_holds) || gpu_keeps(pre))) {
      const size_t of_end = std::min<size_t>(post_q_.size(), 5);
      const WordSpan whole = WordSpan(post_q_).first(of_end);
      if (has(whole, "expert") && !has_any(whole, vocab().active)) {
        scope = per_layer_in(post_q_) ? Scope::kPerMoeLayer : Scope::kUnqualified;
        return ClaimKind::kExpertsPerGpu;
      }
    }
    // "24 of its 48 layers", "with 8 active per token": part of a count named elsewhere.
    if ((!post_q_.empty() && post_q_.front() == "of" && has(post_q_, "#")) ||
        (!post.empty() && in_set(post.front(), vocab().selections) &&
         has(segment_words_before(), "expert")))
      return ClaimKind::kOther;
    // Counts are whole numbers: "--gpu-memory-utilization 0.9" counts no GPUs.
    // "1.000" is a measured ratio: a count is written without decimals.
    if (n.value != std::floor(n.value) || n.value < 1 || n.text.find('.') != std::string_view::npos)
      return ellipsis(post, scope);
    // Words before the number name it only when they end right before it
    // ("number of GPUs = 8", "total experts 256").
    WordSpan source = label;
    if (source.empty() && !pre.empty()) {
      const size_t h = label_head(pre);
      if (h != std::string::npos && (h + 2 >= pre.size() || pre.back() == "=")) source = pre;
    }
    size_t lhead = label_head(source);
    // "| stage 0 (node A) | 31 |" under "decoder layers": a noun with an index is the row's owner;
    // the quantity is the next noun (the column header's).
    while (lhead != std::string::npos && lhead + 1 < source.size() && source[lhead + 1] == "#") {
      const size_t next = label_head(source.subspan(lhead + 2));
      lhead = next == std::string::npos ? std::string::npos : lhead + 2 + next;
    }
    if (lhead != std::string::npos) {
      Words qualifiers(source.begin() + static_cast<std::ptrdiff_t>(lhead), source.end());
      qualifiers.insert(qualifiers.end(), post.begin(), post.end());
      return noun_kind(source[lhead], qualifiers, 0, pre, label, scope);
    }
    return ellipsis(post, scope);
  }

  // "2 experts per GPU per layer, 8 in total": the noun is left out.
  std::optional<ClaimKind> ellipsis(WordSpan post, Scope& scope) const {
    if (last_kind_ == ClaimKind::kExpertsPerGpu && (per_layer_in(post) || total_in(post))) {
      scope = per_layer_in(post) ? Scope::kPerMoeLayer : Scope::kTotal;
      return ClaimKind::kExpertsPerGpu;
    }
    return std::nullopt;
  }

  // The qualifiers after a head noun found at post[head_at]: the rest of
  // the noun phrase, continued through one more number ("across all 58 layers").
  WordSpan qualifiers_after_head(WordSpan post, size_t head_at) const {
    const size_t from = std::min(head_at + 1, post.size());
    // The noun phrase is a prefix of post_q_ when it comes from after the number.
    if (post.size() <= post_q_.size() && std::equal(post.begin(), post.end(), post_q_.begin()))
      return WordSpan(post_q_).subspan(std::min(from, post_q_.size()));
    return post.subspan(from);
  }

  const Words& title() const {
    static const Words kNone;
    return ctx_.title != nullptr ? *ctx_.title : kNone;
  }

  // "every GPU keeps 2 experts", "each rank gets 4": a GPU as the subject of a verb of having.
  static bool gpu_keeps(WordSpan pre) {
    for (size_t k = 0; k + 1 < pre.size(); ++k) {
      if (pre[k] != "gpu" && pre[k] != "rank") continue;
      for (size_t m = k + 1; m < pre.size() && m <= k + 2; ++m)
        if (in_set(pre[m], vocab().have_verbs)) return true;
    }
    return false;
  }

  // Whether no sentence ends between the last claim and the number being classified.
  bool same_sentence_as_last_claim() const {
    if (last_claim_at_ == std::string::npos && !carried_) return true;
    if (last_claim_at_ != std::string::npos && last_claim_at_ >= current_) return true;
    for (size_t k = last_claim_at_ == std::string::npos ? 0 : last_claim_at_ + 1; k < current_; ++k) {
      // "i.e." and "e.g." do not end a sentence.
      const bool abbreviation = is_sym(toks_[k], ".") && k > 0 && toks_[k - 1].kind == TokKind::kWord &&
                                toks_[k - 1].text.size() == 1;
      if (is_sentence_break(toks_[k]) && !abbreviation) return false;
    }
    return true;
  }

  // "i.e. 30.5 GB", "that is 61 GB": the tokens right before toks[i] restate the figure before.
  // Whether the number at i restates the last claim across an equals sign: "<claim> <unit> [# or quote] =
  // <number> <unit>", in another unit of the same class, the claim no operand of a product or sum.
  bool restates_across_equals(size_t i, const Unit& u) const {
    if (last_claim_at_ == std::string::npos || i == 0 || !is_sym(toks_[i - 1], "=")) return false;
    if (last_unit_ == UnitClass::kNone || u.cls != last_unit_ || u.per_gpu || u.per_token || u.scale == last_unit_scale_)
      return false;
    size_t k = i - 1;  // the "="; before it only a comment mark or closing quote may sit
    while (k > last_unit_next_ && toks_[k - 1].kind == TokKind::kSymbol &&
           (is_sym(toks_[k - 1], "#") || is_sym(toks_[k - 1], "\"") || is_sym(toks_[k - 1], "'")))
      --k;
    if (k != last_unit_next_) return false;
    const size_t n = last_claim_at_;
    const bool operand = n > 0 && (is_sym(toks_[n - 1], "*") || is_sym(toks_[n - 1], "/") || is_sym(toks_[n - 1], "+") ||
                                   is_sym(toks_[n - 1], "-") || is_word(toks_[n - 1], "x"));
    return !operand;
  }

  // Whether the size at toks[i] converts the last one into another unit (MiB and GB, MiB and GiB): an "=", "i.e." or
  // "or" between them, at most five words, and within 10% of it (a unit slip moves it by up to 7.4%).
  bool converts_last_size(size_t i, const Unit& u, double value) const {
    // A figure written per GPU decides its own kind ("Memory: 81,559 MiB = 85.52 GiB per GPU" is the GPU's memory),
    // unless it converts the GPU's memory already ("the driver reports 143,771 MiB, i.e. 150.75 GiB per GPU").
    if (last_claim_at_ == std::string::npos || last_unit_ != UnitClass::kBytes || u.cls != UnitClass::kBytes ||
        (u.per_gpu && last_kind_ != ClaimKind::kGpuMemoryCapacity) || u.per_token || last_value_ <= 0 ||
        i <= last_unit_next_)
      return false;
    // Another unit of bytes ("MiB" and "GB", "MiB" and "GiB"), not the same one.
    if (u.scale == last_unit_scale_) return false;
    // Within the 7.4% a GB/GiB slip makes (a tenth more is another figure: "143,771 MiB, which is 135.7 GB" usable),
    // or, after "i.e." and the like, the eight a bits-for-bytes slip makes ("≈ 288 MB, i.e. about 2.3 GB over the
    // wire": 2.3 Gb).
    const double ratio = value / last_value_;
    const bool bits_slip = std::fabs(ratio / 8 - 1) <= 0.08 || std::fabs(ratio * 8 - 1) <= 0.08;
    if (std::fabs(ratio - 1) > 0.08 && !bits_slip) return false;
    constexpr size_t kTokens = 12, kWords = 5;  // "as the driver reports =", "per H100, i.e."
    if (i - last_unit_next_ > kTokens) return false;
    bool equals = false;
    size_t words = 0;
    for (size_t k = last_unit_next_; k < i; ++k) {
      if (toks_[k].kind == TokKind::kNumber) return false;
      // "85.52 GB (marketed as 80 GB), which is 79.65 GiB": an aside's figure is not what follows it restates.
      if (is_sym(toks_[k], ")")) return false;
      equals |= is_sym(toks_[k], "=");
      words += toks_[k].kind == TokKind::kWord ? 1 : 0;
    }
    // "206.1 GB or 196.6 GiB": "or" right before the figure restates it too.
    const bool or_right_before = i > 0 && is_word(toks_[i - 1], "or") && i - 1 == last_unit_next_;
    if (bits_slip) return words <= kWords && restated_before(i);
    return words <= kWords && (equals || or_right_before || restated_before(i));
  }

  bool restated_before(size_t i) const {
    Words w;
    // "i.e. about 2.3 GB": a hedge between the restating words and the figure (one more word back).
    const size_t back = i >= 1 && toks_[i - 1].kind == TokKind::kWord && in_set(toks_[i - 1].norm, vocab().hedges) ? 6 : 5;
    for (size_t k = i >= back ? i - back : 0; k < i; ++k)
      if (toks_[k].kind == TokKind::kWord) w.push_back(toks_[k].norm);
    while (!w.empty() && in_set(w.back(), vocab().hedges)) w.pop_back();
    return w.size() >= 2 && has_phrase(WordSpan(w).last(2), vocab().restatement);
  }

  // Words of the segment before the number being classified.
  Words segment_words_before() const {
    return items(toks_, current_ > kLabelWindow ? current_ - kLabelWindow : 0, current_);
  }

  // "1k in / 512 out": the words after a request length ("/" reads "per").
  static bool request_length(WordSpan post) {
    return !post.empty() && (post[0] == "in" || post[0] == "out") && (post.size() == 1 || post[1] == "per");
  }

  static bool memory_context(WordSpan w) { return has_any(w, vocab().memory_context); }
  static bool param_context(WordSpan w) { return has_any(w, vocab().param_context); }

  std::optional<ClaimKind> time_kind(WordSpan pre, WordSpan post, WordSpan label, const Unit& u) {
    // "TTFT for an 8k prompt: 20 ms": a label that holds a request length still names the time.
    const Words w = concat({label.empty() ? WordSpan(own_label_) : label, pre, post});
    // "a TTFT of 300 ms and a TPOT of 30 ms": the name nearest the number wins.
    const size_t anchor = label.size() + pre.size();
    const auto ttft = vocab().ttft.nearest(w, anchor);
    const auto tpot = vocab().tpot.nearest(w, anchor);
    auto distance = [&](size_t at) { return at < anchor ? anchor - at : at - anchor; };
    if (ttft && (!tpot || distance(*ttft) <= distance(*tpot))) return ClaimKind::kTtft;
    if (tpot || u.per_token) return ClaimKind::kTpot;
    return ClaimKind::kOther;
  }

  // The table's unit for a bare number at token `at` that ends its cell ("| 145 of 141 |" under "| GB |"), when it is bytes.
  std::optional<Unit> hinted_bytes(size_t at) const {
    if (at >= toks_.size() || toks_[at].suffix != 0 || (at + 1 < toks_.size() && toks_[at + 1].kind == TokKind::kWord))
      return std::nullopt;
    std::optional<Unit> h;
    if (!ctx_.row_unit_hint.empty()) h = ctx_.unit_hints->of(ctx_.row_unit_hint, true);
    if (!h && !ctx_.unit_hint.empty()) h = ctx_.unit_hints->of(ctx_.unit_hint);
    if (!h || h->cls != UnitClass::kBytes || h->ambiguous_b) return std::nullopt;
    h->next = at + 1;
    return h;
  }

  std::optional<ClaimKind> bytes_kind(size_t i, const Unit& u, WordSpan pre, WordSpan post,
                                      WordSpan label, Claim& c, Scope& scope) {
    // "23GB of 64GB", "145 GB out of 141 GB", "70 GB / 80 GB": a part and the memory it is part of.
    {
      size_t k = u.next;
      if (k + 1 < toks_.size() && is_word(toks_[k], "out") && is_word(toks_[k + 1], "of")) ++k;
      // "77.0 GB of the 85.52 GB the driver reports"
      const bool of_the = k + 2 < toks_.size() && is_word(toks_[k], "of") && is_word(toks_[k + 1], "the") &&
                          toks_[k + 2].kind == TokKind::kNumber;
      if (of_the) ++k;
      if (k + 1 < toks_.size() && (is_word(toks_[k], "of") || is_word(toks_[k], "the") || is_sym(toks_[k], "/")) &&
          toks_[k + 1].kind == TokKind::kNumber && !consumed_[k + 1] && (!is_word(toks_[k], "the") || of_the)) {
        Unit cap = parse_unit(line_, toks_, k + 1);
        if (cap.cls == UnitClass::kNone) cap = hinted_bytes(k + 1).value_or(cap);
        if (cap.cls == UnitClass::kBytes && !cap.ambiguous_b) {
          Claim capacity = base_claim(k + 1);
          capacity.kind = ClaimKind::kGpuMemoryCapacity;
          capacity.value = capacity.value_hi = toks_[k + 1].value * cap.scale;
          capacity.unit_text = cap.text;
          capacity.unit_scale = cap.scale;
          consumed_[k + 1] = true;
          c.of_bytes = capacity.value;
          // "28.6 GB of 92.4 GB usable", "86.5 GB of the 173.0 GB vLLM may use": the whole is what the
          // engine may use of the GPU.
          if (cap.next < toks_.size() && toks_[cap.next].kind == TokKind::kWord &&
              in_set(toks_[cap.next].norm, vocab().budget_markers))
            capacity.reading.component = "usable";
          constexpr size_t kUsableClause = 3;  // "vLLM may use", "the engine can use"
          Words after;
          for (size_t a = cap.next; a < toks_.size() && a - cap.next < kUsableClause + 1 && toks_[a].kind == TokKind::kWord; ++a)
            after.push_back(toks_[a].norm);
          if (has_phrase(after, vocab().usable)) capacity.reading.component = "usable";
          forced_.emplace_back(k + 1, capacity);
          // The part is the GPU's memory in use unless its words name weights or KV cache.
          const Words own = concat({pre, label});
          if (has_phrase(own, vocab().usable)) return ClaimKind::kGpuMemoryCapacity;  // "the engine can use 76 of 80 GB"
          if (has_any(own, vocab().kv) && (u.per_token || has_phrase(own, vocab().per_token))) return ClaimKind::kKvPerToken;
          // "weights + KV at full load": a sum of the parts is the memory in use.
          if (has_any(own, vocab().weights) && !has_any(own, vocab().kv)) return ClaimKind::kWeightsPerGpu;
          return ClaimKind::kMemoryPerGpuTotal;
        }
      }
    }
    // A size its clause names as KV cache and as what is left or set aside for it ("KV budget per GPU: 45 GB", "about
    // 40 GB is left for the KV cache"), not as what requests use of it: one GPU's KV pool.
    auto kv_pool_other = [&]() {
      constexpr size_t kNear = 6;  // "the 141 GB parts can hold once the KV pool is shrunk": not the pool's figure
      const Words w = concat({pre.last(std::min(pre.size(), kNear)), label, post.first(std::min(post.size(), kNear))});
      // "(the spreadsheet used) 163.4 GB of KV pool": the noun right after names the pool, whatever the words before.
      const size_t of = !post.empty() && post[0] == "of" ? 1 : 0;
      const bool pool_named_after = post.size() >= of + 2 && in_set(post[of], vocab().kv) &&
                                    in_set(post[of + 1], vocab().kv_pool_words);
      if (!u.per_token && has_any(w, vocab().kv) && has_any(w, vocab().kv_pool_words) &&
          (pool_named_after || !has_any(w, vocab().kv_use_words)) && !has_phrase(w, vocab().per_token))
        c.kv_pool = true;
      return ClaimKind::kOther;
    };
    // "4 bytes per parameter in FP4", "2 B/param": a size per parameter, checked against the dtype the sentence names.
    if (post.size() >= 2 && post[0] == "per" && (post[1] == "param" || post[1] == "weight")) {
      c.per_param = true;
      double named = 0;
      int dtypes = 0;
      for (const Token& t : toks_)
        if (t.kind == TokKind::kWord)
          if (const auto b = dtype_bytes(t.lower); b && *b != named) {
            named = *b;
            ++dtypes;
          }
      c.dtype_bytes = dtypes == 1 ? named : 0;
      return ClaimKind::kOther;
    }
    // "each GPU has 162 − 44.3 = 117.7 GB left", "65 GB free": a remainder, whatever the clause names before it.
    if (has_any(post.first(std::min<size_t>(post.size(), 4)), vocab().remainders)) return kv_pool_other();
    // "Left after weights: 72.69 - 23.82 = 48.87 GB": a difference under a label saying what is left.
    if (c.arithmetic && c.arithmetic->text.find('-') != std::string::npos &&
        (has_any(label, vocab().remainders) || has_any(pre.first(std::min<size_t>(pre.size(), 3)), vocab().remainders)))
      return kv_pool_other();
    {
      size_t k = pre.size();  // past "~" and "about"
      while (k > 0 && (pre[k - 1] == "~" || in_set(pre[k - 1], vocab().hedges))) --k;
      if (k > 0 && in_set(pre[k - 1], vocab().increments)) return ClaimKind::kOther;
    }
    // "on each 80 GB H100", "an 80GB GPU": a size right before the GPU it describes is its memory,
    // whatever figure the sentence is about.
    if (!post.empty() && post.front() == "gpu" && !u.per_gpu) return ClaimKind::kGpuMemoryCapacity;
    const Words near = concat({pre, label, post_q_});
    // Explicit qualifiers only: a section titled "per GPU" does not make
    // "61 GB for the whole model" a per-GPU figure.
    const bool per_gpu = u.per_gpu || per_gpu_in(near) || (c.arithmetic && c.arithmetic->dimension.gpus < 0);
    const bool per_token = u.per_token || has_phrase(near, vocab().per_token) || has_phrase(near, vocab().each_token);
    // "8,192 B per layer and 196,608 B per token": an earlier number's unit and the "per X" right after it are that
    // number's, not the figure's ("for 8 KV heads the per-layer KV is 4,096 B" keeps its "per layer").
    Words own_pre;
    own_pre.reserve(pre.size());
    for (size_t k = 0; k < pre.size();) {
      if (pre[k] != "#") {
        own_pre.push_back(pre[k++]);
        continue;
      }
      ++k;
      if (k < pre.size() && pre[k] != "per" && pre[k] != "#") ++k;  // its unit or noun
      while (k + 1 < pre.size() && pre[k] == "per") k += 2;
    }
    auto kv_scope = [&]() {
      // "one latent per layer: 70,272 B per token for all 61 layers": the layers right after the figure are its own.
      if (has_phrase(post_q_, vocab().all_layers)) return Scope::kTotal;
      if (per_layer_in(concat({own_pre, label, post_q_}))) return Scope::kPerMoeLayer;
      if (!per_gpu_in(post_q_) && !u.per_gpu && total_in(post_q_)) return Scope::kTotal;
      return Scope::kUnqualified;
    };
    // "for the whole model" always means the model; a bare "total" does not
    // in a section about one GPU ("| weights total | 17.6 GB |" under "Memory (per GPU)").
    auto weights_scope = [&]() {
      if (per_gpu) return Scope::kUnqualified;
      if (whole_model_in(near)) return Scope::kTotal;
      return total_in(near) && !per_gpu_in(title()) ? Scope::kTotal : Scope::kUnqualified;
    };
    // "minus 3.85 GB reserve minus ~0.25 GB activations", "about 4.9 GB of runtime reserve": the noun right after
    // the size (or after its "of" and one word) names it, before the weights an earlier clause named. "~84 GB after
    // weights": what is left once the weights are in.
    // (Not a parenthesis or a list of parts: "22.99 GB (weights + KV)", "49 GB per GPU (weights, reserve, KV in use)"
    // sum them.)
    const bool noun_follows = u.next < toks_.size() && toks_[u.next].kind == TokKind::kWord &&
                              !(post.size() >= 2 && (post[1] == "+" || post[1] == "," || post[1] == "and"));
    if (noun_follows) {
      const size_t j = !post.empty() && post[0] == "of" ? 1 : 0;
      for (size_t m = j; m < post.size() && m <= 2 * j; ++m) {
        if (m > j && (in_set(post[j], vocab().weights) || in_set(post[j], vocab().kv) || post[j] == "#")) break;
        if (in_set(post[m], vocab().memory_other) && post[m] != "usable" && post[m] != "available") return ClaimKind::kOther;
      }
      if (post.size() >= 2 && post[0] == "after" &&
          (in_set(post[1], vocab().weights) || in_set(post[1], vocab().memory_other) || in_set(post[1], vocab().kv)))
        return kv_pool_other();
      if (!post.empty() && j == 0 && in_set(post[0], vocab().kv) && !per_token) return kv_pool_other();  // "2.9 GB KV"
      // "usable 77.3 GB minus 11.68 GB weights": the weights, whatever the clause's first words name.
      // "34 GB of weight reads per token", "a decode step reads ~99 GB of weights": bytes moved, not held.
      if ((post.size() > j + 1 && in_set(post[j], vocab().weights) && in_set(post[j + 1], vocab().traffic_words)) ||
          (!pre.empty() && has_any(pre.last(std::min<size_t>(pre.size(), 4)), vocab().traffic_words)))
        return ClaimKind::kOther;
      if (!post.empty() && j == 0 && in_set(post[0], vocab().weights) && post[0] != "checkpoint") {
        weights_named_after_ = true;
        scope = weights_scope();
        return ClaimKind::kWeightsPerGpu;
      }
    }
    // "470 GB of weights": the noun right after names it, before any budget words later in the sentence ("200.4 GB
    // of weights per GPU against the usable memory").
    if (post.size() >= 2 && post[0] == "of") {
      if (in_set(post[1], vocab().weights)) {
        scope = weights_scope();
        return ClaimKind::kWeightsPerGpu;
      }
      // "24,576 B of KV per token": the KV cache, whatever the clause named before ("15.29 GB of weights and ...").
      if (in_set(post[1], vocab().kv)) {
        if (!per_token) return kv_pool_other();  // a KV pool
        scope = kv_scope();
        return ClaimKind::kKvPerToken;
      }
    }
    // "half of the 93.4 GB checkpoint", "the 31.4 GB model weights": the noun right after names it, before the whole
    // a share is of ("of the 80 GB") is read as a GPU's memory.
    // ("22.99 GB (weights + KV)" is a sum that names its parts, not this.)
    if (!post.empty() && (post[0] == "checkpoint" ||
                          (post.size() >= 2 && post[0] == "model" && in_set(post[1], vocab().weights)))) {
      scope = weights_scope();
      return ClaimKind::kWeightsPerGpu;
    }
    // "the 72 GB vLLM allows": a budget, not a use.
    // "the 72 GB vLLM allows", "298 GB usable": what the engine may use (the component slot says so).
    if (has_any(post, vocab().budget_markers)) return has_phrase(post, vocab().usable) ? ClaimKind::kGpuMemoryCapacity : ClaimKind::kOther;
    // "weights use 28% of the driver-reported 192.3 GB": the whole a share is of.
    if (share_of_whole(i)) return ClaimKind::kGpuMemoryCapacity;
    // "of 180 GB": what a GPU has.
    // "23 GB of 64 GB", "of the 80 GB": the whole a figure is part of.
    if ((!pre.empty() && pre.back() == "of" && (pre.size() == 1 || pre[pre.size() - 2] == "(" || pre[pre.size() - 2] == "#")) ||
        (pre.size() >= 3 && pre.back() == "the" && pre[pre.size() - 2] == "of" && pre[pre.size() - 3] != "weight"))
      return ClaimKind::kGpuMemoryCapacity;
    // "weights + runtime reserve + acts ≈ 94.7 GB per GPU total", "Weights + KV + activations = 94.7 GB": a sum of
    // two or more kinds of memory is the memory in use, whichever part the clause names first.
    {
      int plus = 0;
      for (size_t k = i; k-- > 0 && !is_sentence_break(toks_[k]);)
        if (is_sym(toks_[k], "+")) ++plus;
      if (plus >= 1 && static_cast<int>(has_any(pre, vocab().weights)) + static_cast<int>(has_any(pre, vocab().kv)) +
                           static_cast<int>(has_any(pre, vocab().memory_other)) >= 2)
        return ClaimKind::kMemoryPerGpuTotal;
    }
    // Nearest words first: the words before the number, then the line's
    // label, then the words after it.
    for (const WordSpan* w : {&pre, &label, &post}) {
      if (has_any(*w, vocab().kv)) {
        if (!per_token) return kv_pool_other();  // a KV pool, not a per-token figure
        scope = kv_scope();
        return ClaimKind::kKvPerToken;
      }
      if (has_any(*w, vocab().optimizer)) return ClaimKind::kOptimizerStates;
      if (has_any(*w, vocab().weights) || has_phrase(*w, vocab().model_size)) {
        scope = weights_scope();
        return ClaimKind::kWeightsPerGpu;
      }
      // "peak HBM use": a use of the HBM, not its size.
      if (has_any(*w, vocab().memory_use)) return ClaimKind::kMemoryPerGpuTotal;
      if (has_any(*w, vocab().memory_capacity) || has_phrase(*w, vocab().gpu_memory) ||
          (w != &post && has_any(*w, vocab().capacity_sources)))
        return ClaimKind::kGpuMemoryCapacity;
      // "80 GB each": each GPU's, when a GPU is what the sentence counts; but "31.4 GB for the model, / 2 GPUs =
      // 15.7 GB each" is each GPU's share of what was divided, not its memory.
      const bool each_gpu = !post.empty() && post.front() == "each" && (has(pre, "gpu") || has(label, "gpu")) &&
                            !divided_by_gpus_before(i);
      if (w == &post && !post.empty() && (post.front() == "gpu" || each_gpu ||
                                          (post.size() > 1 && post.front() == "of" && post[1] == "memory"))) {
        c.capacity_by_position = !(post.size() > 1 && post.front() == "of" && post[1] == "memory");
        return ClaimKind::kGpuMemoryCapacity;
      }
      if (w == &pre && !pre.empty() && (pre.back() == "gpu" || pre.back() == "with")) {
        c.capacity_by_position = true;
        return ClaimKind::kGpuMemoryCapacity;
      }
      // "usable is 0.85 × 141 GB = 119.9 GB", "| Usable at 0.9 | 126.9 |": what the engine may use of a GPU.
      if (w != &post && has_phrase(*w, vocab().usable)) return ClaimKind::kGpuMemoryCapacity;
      if (has_any(*w, vocab().memory_other)) return ClaimKind::kOther;
      if (has_any(*w, vocab().memory_total)) return ClaimKind::kMemoryPerGpuTotal;
    }
    // Nothing names it: the sentence goes on about the last size it named
    // ("2 KiB per token per layer, 96 KiB for all 48 layers"). A new sentence does not
    // ("Weights per GPU: 16.32 GB. The H100 shows 81,559 MiB to the driver").
    if (last_unit_ == UnitClass::kBytes && same_sentence_as_last_claim()) {
      if (last_kind_ == ClaimKind::kKvPerToken) {
        scope = kv_scope();
        return ClaimKind::kKvPerToken;
      }
      if (last_kind_ == ClaimKind::kWeightsPerGpu) {
        scope = weights_scope();
        return ClaimKind::kWeightsPerGpu;
      }
      if (last_kind_ == ClaimKind::kMemoryPerGpuTotal) return ClaimKind::kMemoryPerGpuTotal;
    }
    // "the KV cache is tiny, 2 KiB per token": bytes per token are a KV cache's, whatever the clause names.
    if (per_token && u.per_token) {
      scope = kv_scope();
      return ClaimKind::kKvPerToken;
    }
    // The section title, for what it is about (not for "memory" alone).
    if (has_any(title(), vocab().kv) && per_token) {
      scope = kv_scope();
      return ClaimKind::kKvPerToken;
    }
    if (has_any(title(), vocab().weights)) {
      scope = weights_scope();
      return ClaimKind::kWeightsPerGpu;
    }
    // "routed experts per GPU: 56.8 GB", "attention per GPU: 3.35 GB": a size labelled with a part of the
    // model is that part's weights, not the GPU's memory.
    // Only one part: "attention + embeddings" is a sum the components table does not hold.
    const auto parts_named = [](WordSpan w) {
      std::unordered_set<std::string_view> parts;
      for (size_t k = 0; k < w.size(); ++k)
        if (const std::string_view p = vocab().lx.nearest_named("components", w.subspan(k, 1), 1); !p.empty())
          parts.insert(p);
      return parts.size();
    };
    if (const std::string part = weights_component(label, pre, post);
        parts_named(label) <= 1 && parts_named(pre) <= 1 &&
        (part == "attention" || part == "routed_experts" || part == "shared_expert" || part == "embedding")) {
      scope = weights_scope();
      return ClaimKind::kWeightsPerGpu;
    }
    // "8 x B200 (180 GB)": a size next to the GPU itself.
    if (has(label, "gpu") || (!pre.empty() && pre.back() == "gpu")) return ClaimKind::kGpuMemoryCapacity;
    // "8×H200 box (141 GB per GPU)": a size in parentheses right after the GPUs it describes.
    if (pre.empty() && i > 0 && is_sym(toks_[i - 1], "(")) {
      for (size_t k = i - 1; k-- > 0 && i - 1 - k <= 3;) {
        if (toks_[k].kind != TokKind::kWord) continue;
        if (toks_[k].norm == "gpu") return ClaimKind::kGpuMemoryCapacity;
        if (toks_[k].norm == "per" || toks_[k].norm == "each") break;
      }
    }
    return ClaimKind::kOther;
  }

  std::optional<ClaimKind> noun_kind(std::string_view head, WordSpan post, size_t head_at, WordSpan pre,
                                     WordSpan label, Scope& scope) {
    const WordSpan after = post.subspan(std::min(head_at + 1, post.size()));
    const WordSpan before_head = post.first(std::min(head_at, post.size()));
    const Words near = concat({label, pre, post});
    if (head == "gpu" || head == "rank") {
      // "256 routed experts and 64 ranks": ranks counted next to experts are the EP ranks, not the cluster.
      if (head == "rank" && has_any(concat({pre, post}), vocab().ep_context)) return ClaimKind::kOther;
      if (has_phrase(after, vocab().gpu_per_part)) return ClaimKind::kOther;
      if (has_phrase(after, vocab().gpu_per_group) || has_phrase(after, vocab().gpu_per_ep)) return ClaimKind::kEpGroupSize;
      // "the 8 GPUs of a pipeline stage": a count per container.
      for (size_t k = 0; k + 1 < after.size() && k < 2; ++k) {
        if (after[k] != "of" && after[k] != "in") continue;
        for (size_t m = k + 1; m < after.size() && m <= k + 4; ++m) {
          if (after[m] == "group") return has_any(near, vocab().ep_context) ? ClaimKind::kEpGroupSize : ClaimKind::kOther;
          if (in_set(after[m], vocab().gpu_containers)) return ClaimKind::kOther;
        }
      }
      if (!pre.empty() && pre.back() == "of" && pre.size() >= 2) {
        const std::string_view owner = pre[pre.size() - 2];
        if (owner == "group") return has_any(near, vocab().ep_context) ? ClaimKind::kEpGroupSize : ClaimKind::kOther;
        if (in_set(owner, vocab().gpu_containers)) return ClaimKind::kOther;
      }
      // "one node with 4x H100": the node is the whole cluster.
      if (has_phrase(pre, vocab().one_node) && !has(after, "per")) return ClaimKind::kGpuCount;
      if (has_phrase(pre, vocab().node_with))
        return has_seq(pre, {"group"}) && has_any(near, vocab().ep_context) ? ClaimKind::kEpGroupSize
                                                                           : ClaimKind::kOther;
      if (!after.empty() && after.front() == "each" && has(segment_words_before(), "group"))
        return has_any(segment_words_before(), vocab().ep_context) ? ClaimKind::kEpGroupSize : ClaimKind::kOther;
      if (has_any(before_head, vocab().distributives)) return ClaimKind::kOther;
      // "one 8-GPU H100 node", "a single 8 x H100 SXM node": the GPUs of one container, not the deployment's.
      for (size_t m = 0; m < after.size() && m < 3; ++m)
        if (in_set(after[m], vocab().gpu_containers)) return ClaimKind::kOther;
        else if (after[m] == "#" || in_set(after[m], vocab().head_stops)) break;
      // "2 × HGX H100", "4 DGX nodes": servers, not GPUs.
      if (has_any(before_head, vocab().server_words)) return ClaimKind::kOther;
      return ClaimKind::kGpuCount;
    }
    if (head == "expert") {
      if (has_any(before_head, vocab().expert_subsets) || has(pre, "top") || has_any(after, vocab().active) ||
          has_phrase(after, vocab().per_token))
        return ClaimKind::kOther;
      const Words qual = concat({after, label, pre});
      // "16 local experts" (vLLM's log): the experts of each MoE layer on this GPU.
      const bool local = has_any(before_head, vocab().local_words);
      const bool per_gpu = local || per_gpu_in(after) || per_gpu_in(label) || per_gpu_in(pre) ||
                           has_phrase(after, vocab().gpu_holds) || has_phrase(pre, vocab().gpu_holds) || gpu_keeps(pre);
      const bool per_group = has_phrase(after, vocab().gpu_per_ep) || has_phrase(after, vocab().gpu_per_group) ||
                             has_phrase(label, vocab().gpu_per_ep) || has_phrase(label, vocab().gpu_per_group);
      const WordSpan after_q = qualifiers_after_head(post, head_at);
      // "16 experts from every MoE layer and 752 experts in total": a per-layer
      // phrase before an earlier number qualifies that number, not this one.
      WordSpan pre_own = pre;
      if (const auto last_number = std::find(pre.rbegin(), pre.rend(), "#"); last_number != pre.rend()) {
        const size_t from = static_cast<size_t>(pre.rend() - last_number);
        for (size_t k = pre.size(); k-- > from;)
          if (in_set(pre[k], vocab().clause_splits)) {
            pre_own = pre.subspan(k + 1);
            break;
          }
      }
      const bool layer = local || per_layer_in(after_q) || per_layer_in(label) || per_layer_in(pre_own);
      const bool total = total_in(after_q) || total_in(label) || total_in(pre);
      // "2 experts per GPU per layer, and 2 × 4 = 8 experts in total": the
      // second count is still per GPU unless the clause names another owner.
      const bool continues_per_gpu = last_kind_ == ClaimKind::kExpertsPerGpu && (layer || total) &&
                                     same_sentence_as_last_claim() &&
                                     !has_any(pre, vocab().model_owner);
      if (per_gpu || continues_per_gpu) {
        scope = layer ? Scope::kPerMoeLayer : total ? Scope::kTotal : Scope::kUnqualified;
        return ClaimKind::kExpertsPerGpu;
      }
      if (per_group) return ClaimKind::kOther;
      if (layer) return ClaimKind::kExpertsPerLayer;
      // "32 layers, each with 8 experts", "56 MoE layers, 8 experts each"
      if ((has(pre, "each") || (!after.empty() && after.front() == "each")) && has(segment_words_before(), "layer"))
        return ClaimKind::kExpertsPerLayer;
      if (total) return ClaimKind::kExpertsTotal;
      if (has_any(before_head, vocab().routed) || has(pre, "of") || has_any(label, vocab().routed)) {
        return ClaimKind::kExpertsPerLayer;
      }
      (void)qual;
      return ClaimKind::kExpertsTotal;
    }
    if (head == "layer") {
      const bool layer_kind = has_any(before_head, vocab().layer_kinds) || has_any(label, vocab().layer_kinds);
      // "| whole model | 61 |" in a per-stage table: the model's layers.
      if (has_phrase(label, vocab().whole_model)) return ClaimKind::kLayers;
      // "stage 0 holds 31 layers", "| Stage | Layers |", "4 layers per stage"
      if (per_stage_in(after) || has(pre, "stage") || has(label, "stage") || per_gpu_in(after) ||
          has_phrase(after, vocab().layer_on_stage) ||
          // "31 layers on the first stage, 30 layers on the second"
          (last_kind_ == ClaimKind::kLayersPerStage && same_sentence_as_last_claim() && !total_in(after)) ||
          has_phrase(after, vocab().per_pp)) {
        // "MoE layers per stage: 24": the MoE (or dense) layers a stage holds; attention layers are not counted so.
        const bool stage_kind =
            has_any(before_head, vocab().stage_layer_kinds) || has_any(label, vocab().stage_layer_kinds);
        return layer_kind && !stage_kind ? ClaimKind::kOther : ClaimKind::kLayersPerStage;
      }
      // "58 MoE layers", "3 dense layers": layers with a component slot (lexicon components).
      return ClaimKind::kLayers;
    }
    if (head == "group") {
      if (has_any(near, vocab().ep_context)) {
        if (has(after, "size") || has_seq(label, {"group", "size"})) return ClaimKind::kEpGroupSize;
        return ClaimKind::kEpGroups;
      }
      return ClaimKind::kOther;
    }
    if (head == "stage") {
      if (has_any(after, {"per"})) return ClaimKind::kOther;
      return ClaimKind::kPp;
    }
    if (head == "replica") {
      if (has_any(after, {"per"})) return ClaimKind::kOther;
      return ClaimKind::kDp;
    }
    if (head == "param") {
      if (has_any(near, vocab().active)) return ClaimKind::kParamsActive;
      if (per_gpu_in(after) || per_gpu_in(label)) return ClaimKind::kParamsPerGpu;
      return ClaimKind::kParamsTotal;
    }
    if (head == "way") return std::nullopt;
    return ClaimKind::kOther;
  }

  void finish_arithmetic(Claim& c) const {
    if (!c.arithmetic) return;
    Arithmetic& a = *c.arithmetic;
    // "2 × 60.8 = 121.6 GB": bare numbers carry no dimension to check; only the arithmetic is checked.
    if (a.bare) {
      a.dimension_matches = true;
      a.dimension_note.clear();
      return;
    }
    if (c.kind == ClaimKind::kOther) {
      const Dimension unit_dim = dimension_of_unit(c.unit_text);
      Dimension f = a.dimension;
      f.gpus = 0;
      a.dimension_matches = f == unit_dim;
    } else {
      a.dimension_matches = dimension_fits(a.dimension, c.kind);
    }
    if (!a.dimension_matches && a.dimension_note.empty()) {
      const auto want = claim_dimension(c.kind);
      a.dimension_note = "gives " + to_string(a.dimension) + ", not " +
                         (want ? to_string(*want) : to_string(dimension_of_unit(c.unit_text)));
    }
    if (a.dimension_matches) a.dimension_note.clear();
  }

  static Dimension dimension_of_unit(const std::string& unit) {
    if (byte_scale(unit)) return dim_bytes();
    return {};
  }

  void emit(Claim c, size_t number) {
    if (c.kind == ClaimKind::kOther && !c.kv_pool) c.kv_tokens = counts_kv_tokens(number);
    if (c.kind == ClaimKind::kOther && !c.kv_pool && !c.kv_tokens && !c.arithmetic) c.kv_requests = counts_kv_requests(number);
    out_.push_back(std::move(c));
  }

  // "The KV pool holds 406 full requests per DP rank", "room for ~590 requests of 2,560 tokens in the KV cache": a
  // whole count (unscaled, no unit) right before a request noun (a few words such as "full" or "2,048-token" between),
  // with a KV word in its clause or a KV pool stated before it on the line, and no word after the noun that makes it
  // a rate or a load ("12 requests/s", "requests in flight"), nor "at" or "with" before it ("at 64 concurrent
  // requests" is an operating point).
  bool counts_kv_requests(size_t number) const {
    if (number >= toks_.size()) return false;
    const Token& n = toks_[number];
    if (n.suffix != 0 || n.value < 1 || n.value != std::floor(n.value) || n.ordinal) return false;
    // "at 64 concurrent requests", "the KV of 128 requests", "those 64 requests": a load, not what a pool holds.
    if (number > 0 && toks_[number - 1].kind == TokKind::kWord &&
        (in_set(toks_[number - 1].norm, vocab().concurrency_lead) || in_set(toks_[number - 1].norm, vocab().kv_request_before)))
      return false;
    // "1,280-token requests": the number is the requests' length.
    if (number + 1 < toks_.size() && is_sym(toks_[number + 1], "-") && !toks_[number + 1].space_before) return false;
    size_t noun = number + 1;
    constexpr size_t kBetween = 4;  // "full", "2,048-token", "concurrent", "of max length"
    while (noun < toks_.size() && noun <= number + kBetween &&
           !(toks_[noun].kind == TokKind::kWord && in_set(toks_[noun].norm, vocab().kv_request_nouns))) {
      if (is_sentence_break(toks_[noun]) || is_sym(toks_[noun], ",") || is_sym(toks_[noun], "/")) return false;
      ++noun;
    }
    if (noun >= toks_.size() || noun > number + kBetween) return restates_kv_requests(number);
    if (noun + 1 < toks_.size() && is_sym(toks_[noun + 1], "/")) return false;
    for (size_t k = noun + 1; k < toks_.size() && k <= noun + 2; ++k)
      if (toks_[k].kind == TokKind::kWord && in_set(toks_[k].norm, vocab().kv_request_not)) return false;
    constexpr size_t kWindow = 10;
    for (size_t k = number >= kWindow ? number - kWindow : 0; k < toks_.size() && k <= noun + kWindow / 2; ++k) {
      if (is_sentence_break(toks_[k]) && k > noun) break;
      if (toks_[k].kind == TokKind::kWord && in_set(toks_[k].norm, vocab().kv)) return true;
    }
    for (size_t k = first_out_; k < out_.size(); ++k)
      if (out_[k].kv_pool) return true;
    return false;
  }

  // "about 660k tokens of KV per GPU", "the box holds 31M tokens of KV": a number of tokens (a thousand or more) with
  // a KV word within a few words of it and no word of a request, a prompt or a context next to it.
  bool counts_kv_tokens(size_t number) const {
    if (number >= toks_.size()) return false;
    const Token& n = toks_[number];
    size_t j = number + 1;
    while (j < toks_.size() && toks_[j].kind == TokKind::kWord && vocab().counts.find(toks_[j].lower) != nullptr) ++j;
    // "| KV tokens per GPU | ~2.8 M |": a cell whose row label names KV tokens (after the number only its scale).
    size_t e = j;
    while (e < toks_.size() && toks_[e].kind == TokKind::kWord && (toks_[e].lower == "m" || toks_[e].lower == "k")) ++e;
    if (e >= toks_.size() && ctx_.row_label_size > 0) {
      const WordSpan row(ctx_.table_label.data(), ctx_.row_label_size);
      if (!has_any(row, vocab().kv) || !has(row, "token") || has_any(row, vocab().kv_use_words)) return false;
      return n.value * n.multiplier >= 1000 || j < e || j > number + 1;
    }
    if (j >= toks_.size() || !is_word(toks_[j], "token")) return false;
    double scale = 1;
    for (size_t k = number + 1; k < j; ++k)
      if (const auto* m = vocab().counts.find(toks_[k].lower)) scale *= m->second;
    if (n.value * n.multiplier * scale < 1000) return false;
    constexpr size_t kNear = 3, kWindow = 10;
    bool kv = false;
    for (size_t k = number >= kWindow ? number - kWindow : 0; k < toks_.size() && k <= j + kWindow / 2; ++k) {
      if (toks_[k].kind != TokKind::kWord) continue;
      if (k + kNear >= number && k <= j + kNear &&
          (in_set(toks_[k].norm, vocab().kv_use_words) || in_set(toks_[k].norm, vocab().prompt_nouns)))
        return false;
      kv = kv || in_set(toks_[k].norm, vocab().kv);
    }
    // "KV budget ...: ~44.6 GB → ~453k tokens", "the KV pool drops to about 69 GB per GPU, roughly 2.9M tokens": a KV
    // pool stated before it on the line, however far back, is what the tokens are held in.
    for (size_t k = first_out_; !kv && k < out_.size(); ++k) kv = out_[k].kv_pool;
    return kv;
  }

  // The bare counts restates_kv_requests finds that no other reading made a claim of: claims of their own, whose
  // owner is the scope named after them (a node, the deployment).
  void add_kv_request_restatements() {
    bool any = false;
    for (size_t k = first_out_; k < out_.size() && !any; ++k) any = out_[k].kv_requests;
    if (!any) return;
    for (size_t i = 0; i < toks_.size(); ++i) {
      const Token& n = toks_[i];
      if (n.kind != TokKind::kNumber || n.suffix != 0 || n.ordinal || n.value < 1 || n.value != std::floor(n.value)) continue;
      bool claimed = false;
      for (size_t k = first_out_; k < out_.size() && !claimed; ++k) claimed = out_[k].col_begin == n.begin;
      if (claimed || !restates_kv_requests(i)) continue;
      Claim c = base_claim(i);
      c.kind = ClaimKind::kOther;
      c.value = c.value_hi = n.value;
      c.kv_requests = true;
      for (size_t k = i + 1; k < toks_.size() && k <= i + 4; ++k) {
        if (toks_[k].kind != TokKind::kWord) continue;
        if (in_set(toks_[k].norm, vocab().kv_request_node_words)) c.reading.owner = Owner::kNode;
        if (in_set(toks_[k].norm, vocab().kv_request_cluster_words)) c.reading.owner = Owner::kCluster;
        if (c.reading.owner != Owner::kUnsaid) break;
      }
      if (c.reading.owner == Owner::kUnsaid) continue;  // a scope not read: no claim
      out_.push_back(std::move(c));
    }
  }

  // "677 full requests per replica, so 10,832 for the cluster": a bare whole count a scope word follows, a few tokens
  // after a count of the requests a KV pool holds in the same segment, counts them for that scope.
  bool restates_kv_requests(size_t number) const {
    if (number + 1 >= toks_.size() || toks_[number + 1].kind != TokKind::kWord ||
        !in_set(toks_[number + 1].norm, vocab().kv_request_scope_lead))
      return false;
    constexpr size_t kAfter = 8;  // tokens from the first count: "per replica, so", "par rang DP, donc"
    for (size_t k = first_out_; k < out_.size(); ++k)
      if (out_[k].kv_requests && out_[k].col_end <= toks_[number].begin) {
        size_t between = 0;
        for (size_t t = 0; t < number; ++t) between += toks_[t].begin >= out_[k].col_end;
        if (between <= kAfter) return true;
      }
    return false;
  }

  // "optimizer states" in an inference document: a lint, once per line (or cell).
  void lint_optimizer_states() {
    for (size_t i = 0; i < toks_.size(); ++i) {
      if (!is_word(toks_[i], "optimizer")) continue;
      // "there are no optimizer states", "without optimizer state": says what the lint would.
      bool negated = false;
      for (size_t k = i >= 3 ? i - 3 : 0; k < i; ++k)
        negated = negated || (toks_[k].kind == TokKind::kWord && in_set(toks_[k].norm, vocab().negations));
      if (negated) continue;
      // Training on the same GPUs (an adapter refresh, fine-tuning) keeps optimizer states: not an inference slip.
      if (std::any_of(toks_.begin(), toks_.end(),
                      [](const Token& t) { return t.kind == TokKind::kWord && in_set(t.norm, vocab().training_words); }))
        return;
      bool already = false;
      for (size_t k = first_out_; k < out_.size(); ++k)
        if (out_[k].kind == ClaimKind::kOptimizerStates) already = true;
      if (already) return;
      Claim c;
      c.line = ctx_.line;
      c.node = std::string(ctx_.node);
      c.text = std::string(ctx_.text);
      c.kind = ClaimKind::kOptimizerStates;
      c.col_begin = toks_[i].begin;
      c.col_end = toks_[i].end;
      if (i + 1 < toks_.size() && toks_[i + 1].kind == TokKind::kWord &&
          (std::string_view(toks_[i + 1].norm) == "state" || std::string_view(toks_[i + 1].norm) == "memory"))
        c.col_end = toks_[i + 1].end;
      c.unit_text = "";
      out_.push_back(std::move(c));
      return;
    }
  }

  std::string_view line_;
  const std::vector<Token>& toks_;
  const SegmentContext& ctx_;
  std::vector<Claim>& out_;
  size_t first_out_;  // claims of this segment start here in out_
  std::vector<bool> consumed_;
  std::vector<std::pair<size_t, Claim>> forced_;
  std::unordered_map<size_t, Pending> pending_formula_;
  std::optional<std::vector<double>> degree_values_;
  std::optional<size_t> degree_names_;
  ClaimKind last_kind_ = ClaimKind::kOther;
  Owner last_owner_ = Owner::kUnsaid;  // the last claim's owner ("35.16 GB per GPU, 33.82 GB of which ...")
  Words post_q_;  // words after the number's unit, through at most one more number: for qualifiers
  Scope last_scope_ = Scope::kUnqualified;
  UnitClass last_unit_ = UnitClass::kNone;
  size_t current_ = 0;  // token index of the number being classified
  size_t last_claim_at_ = std::string::npos;  // token index of the last claim emitted by classify
  double last_value_ = 0;                     // its value (SI)
  double last_unit_scale_ = 1;                // its unit's scale (1e9 for GB, 2^30 for GiB)
  size_t last_unit_next_ = 0;                 // the first token after its unit
  Words own_label_;                           // the label before the number being classified, numbers and all
  double last_rate_scale_ = 1;                // the unit scale of the last rate ("tokens/ms": 1e3)
  double c_restates_per_gpu_ = 0;             // a per-GPU restatement found while reading the unit
  bool carried_ = false;  // last_kind_ comes from the previous line's sentence
  bool weights_named_after_ = false;  // the claim being read is named weights by the noun right after its size
};

// ---------------------------------------------------------------------------
// Tables

// Cell spans of a table row "| a | b |" (byte offsets), pipes escaped with "\" skipped.
std::vector<std::pair<size_t, size_t>> table_cells(std::string_view line) {
  std::vector<std::pair<size_t, size_t>> cells;
  size_t start = 0;
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i < line.size() && line[i] == '|') start = i + 1;
  else start = i;
  for (size_t k = start; k <= line.size(); ++k) {
    if (k < line.size() && line[k] == '\\') {
      ++k;
      continue;
    }
    if (k == line.size() || line[k] == '|') {
      size_t b = start, e = k;
      bool blank = true;
      for (size_t x = b; x < e; ++x)
        if (line[x] != ' ' && line[x] != '\t') blank = false;
      if (!(k == line.size() && blank && !cells.empty())) cells.emplace_back(b, e);
      start = k + 1;
    }
  }
  return cells;
}

// The owner a table column's header names by its first noun ("per DGX B200": a node; "both systems", "cluster (4
// nodes)": the cluster; "per GPU": one GPU), past "per", "each", "the", "whole"; kUnsaid when none.
Owner column_owner(WordSpan header) {
  static const std::array<std::pair<const WordSet*, Owner>, 3> kinds = {
      {{&vocab().lx.set("column_owners_node"), Owner::kNode},
       {&vocab().lx.set("column_owners_cluster"), Owner::kCluster},
       {&vocab().lx.set("column_owners_gpu"), Owner::kGpu}}};
  size_t k = 0;
  while (k < header.size() && in_set(header[k], vocab().column_owner_skips)) ++k;
  if (k == header.size()) return Owner::kUnsaid;
  for (const auto& [words, owner] : kinds)
    if (in_set(header[k], *words)) return owner;
  return Owner::kUnsaid;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// The sentence of `line` around byte `col`: from the previous ". " to the next.
std::string sentence_around(std::string_view line, size_t col) {
  const size_t floor = col > kMaxClaimTextBytes ? col - kMaxClaimTextBytes : 0;
  size_t b = floor;
  for (size_t k = col; k-- > floor + 1;) {
    if ((line[k - 1] == '.' || line[k - 1] == '!' || line[k - 1] == '?') && line[k] == ' ' &&
        !(k >= 2 && is_digit(line[k - 2]) && k + 1 < line.size() && is_digit(line[k + 1]))) {
      b = k;
      break;
    }
  }
  const size_t ceiling = std::min(line.size(), col + kMaxClaimTextBytes);
  size_t e = ceiling;
  for (size_t k = col; k + 1 < ceiling; ++k) {
    if ((line[k] == '.' || line[k] == '!' || line[k] == '?') && line[k + 1] == ' ') {
      e = k + 1;
      break;
    }
  }
  return trimmed(line.substr(b, e - b));
}

bool singular_index_noun(WordSpan w, std::string_view raw) {
  if (w.size() != 1) return false;
  std::string r = trimmed(raw);
  return in_set(w[0], vocab().index_columns) && !r.empty() && r.back() != 's' && r.back() != 'S';
}

}  // namespace

// ---------------------------------------------------------------------------
// Public functions

std::string to_string(ClaimKind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind) return name;
  return "other";
}

std::string to_string(Scope scope) {
  switch (scope) {
    case Scope::kUnqualified: return "unqualified";
    case Scope::kPerMoeLayer: return "per_moe_layer";
    case Scope::kTotal: return "total";
  }
  return "unqualified";
}

std::string to_string(Owner owner) {
  switch (owner) {
    case Owner::kUnsaid: return "unsaid";
    case Owner::kGpu: return "gpu";
    case Owner::kStage: return "stage";
    case Owner::kNode: return "node";
    case Owner::kCluster: return "cluster";
    case Owner::kModel: return "model";
  }
  return "unsaid";
}

std::string to_string(Role role) {
  switch (role) {
    case Role::kClaim: return "claim";
    case Role::kTarget: return "target";
    case Role::kInput: return "input";
  }
  return "claim";
}

std::optional<ClaimKind> claim_kind_from_string(std::string_view name) {
  for (const auto& [k, n] : kKindNames)
    if (name == n) return k;
  return std::nullopt;
}

std::optional<Scope> scope_from_string(std::string_view name) {
  if (name == "unqualified") return Scope::kUnqualified;
  if (name == "per_moe_layer") return Scope::kPerMoeLayer;
  if (name == "total") return Scope::kTotal;
  return std::nullopt;
}

Dimension operator*(const Dimension& a, const Dimension& b) {
  return {a.params + b.params, a.bytes + b.bytes, a.gpus + b.gpus, a.tokens + b.tokens, a.seconds + b.seconds};
}

Dimension operator/(const Dimension& a, const Dimension& b) {
  return {a.params - b.params, a.bytes - b.bytes, a.gpus - b.gpus, a.tokens - b.tokens, a.seconds - b.seconds};
}

std::string to_string(const Dimension& d) {
  const std::array<std::pair<int, const char*>, 5> parts = {
      {{d.params, "params"}, {d.bytes, "bytes"}, {d.gpus, "GPUs"}, {d.tokens, "tokens"}, {d.seconds, "s"}}};
  std::vector<std::string> num, den;
  for (const auto& [e, name] : parts) {
    if (e == 0) continue;
    const int a = std::abs(e);
    std::string s = name;
    if (a > 1) s += "^" + std::to_string(a);
    (e > 0 ? num : den).push_back(s);
  }
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : "*") + s;
    return out;
  };
  std::string out = num.empty() ? (den.empty() ? "count" : "1") : join(num);
  if (!den.empty()) out += "/" + (den.size() > 1 ? "(" + join(den) + ")" : den[0]);
  return out;
}

std::optional<Dimension> claim_dimension(ClaimKind kind) {
  switch (kind) {
    case ClaimKind::kGpuCount:
    case ClaimKind::kDegreeProduct:
    case ClaimKind::kTp:
    case ClaimKind::kPp:
    case ClaimKind::kDp:
    case ClaimKind::kEp:
    case ClaimKind::kEtp:
    case ClaimKind::kExpertsPerGpu:
    case ClaimKind::kExpertsTotal:
    case ClaimKind::kEpGroups:
    case ClaimKind::kEpGroupSize:
    case ClaimKind::kLayersPerStage:
    case ClaimKind::kLayers:
    case ClaimKind::kExpertsPerLayer:
      return Dimension{};
    case ClaimKind::kParamsTotal:
    case ClaimKind::kParamsActive:
    case ClaimKind::kParamsPerGpu:
      return dim_params();
    case ClaimKind::kWeightsPerGpu:
    case ClaimKind::kKvPerToken:
    case ClaimKind::kMemoryPerGpuTotal:
    case ClaimKind::kGpuMemoryCapacity:
    case ClaimKind::kOptimizerStates:
      return dim_bytes();
    case ClaimKind::kThroughput:
    case ClaimKind::kThroughputPerGpu:
      return dim_tokens() / dim_seconds();
    case ClaimKind::kTtft:
    case ClaimKind::kTpot:
      return dim_seconds();
    case ClaimKind::kBandwidth:
      return dim_bytes() / dim_seconds();
    case ClaimKind::kOther:
      return std::nullopt;
  }
  return std::nullopt;
}

bool dimension_fits(const Dimension& formula, ClaimKind kind) {
  const auto want = claim_dimension(kind);
  if (!want) return true;
  Dimension f = formula;
  f.gpus = 0;
  if ((kind == ClaimKind::kKvPerToken || kind == ClaimKind::kTpot) && f.tokens == -1) f.tokens = 0;
  // "58 x 256 x (3 x 7168 x 2048) = 653.9B parameters": matrix sizes are bare counts, and so are parameters.
  if (*want == Dimension{1, 0, 0, 0, 0} && f == Dimension{}) return true;
  return f == *want;
}

// Every claim but the optimizer-states lint starts at a digit: text with
// neither cannot hold one, and most prose is skipped without tokenizing it.
bool may_hold_claims(std::string_view text) {
  return std::any_of(text.begin(), text.end(), is_digit) || text.find("ptimi") != std::string_view::npos;
}

// Every claim but the optimizer-states lint starts at a digit, so the runs
// of digits bound the number of claims. Reserving that much up front means
// the claims are never moved; pages reserved and never written cost nothing.
size_t digit_runs(const MarkdownDocument& doc, int first_line, int last_line) {
  size_t runs = 0;
  for (int n = first_line; n <= last_line; ++n) {
    bool in_run = false;
    for (char c : doc.line(n)) {
      const bool digit = is_digit(c);
      runs += digit && !in_run ? 1 : 0;
      in_run = digit;
    }
  }
  return runs;
}

// Whether line n goes on with the sentence of line n - 1: both prose, and n
// does not start a list item of its own.
bool continues_previous_line(const MarkdownDocument& doc, int n) {
  if (n <= 1 || n > doc.line_count()) return false;
  if (doc.kind_of(n) != LineKind::kText) return false;
  if (doc.kind_of(n - 1) != LineKind::kText && doc.kind_of(n - 1) != LineKind::kBoldLabel) return false;
  std::string_view l = trimmed_view(doc.line(n));
  if (l.empty()) return false;
  if ((l[0] == '-' || l[0] == '*' || l[0] == '+') && (l.size() == 1 || l[1] == ' ')) return false;
  // "experts per GPU per layer: 32" under "GPUs: 4": a label and its value is an item of its own.
  if (const size_t colon = l.find(':'); colon != std::string_view::npos && colon > 0 && colon <= kMaxItemLabelBytes) {
    size_t v = colon + 1;
    while (v < l.size() && l[v] == ' ') ++v;
    if (v < l.size() && is_digit(l[v])) return false;
  }
  if (l[0] == '>' || l[0] == '|') return false;
  size_t d = 0;
  while (d < l.size() && is_digit(l[d])) ++d;
  if (d > 0 && d + 1 < l.size() && (l[d] == '.' || l[d] == ')') && l[d + 1] == ' ') return false;
  const std::string_view prev = trimmed_view(doc.line(n - 1));
  // "**Node 2: Expert Parallelism**" on a line of its own is a title, not the start of a sentence.
  return !prev.empty() && !prev.ends_with("**") && !prev.ends_with("__") && !prev.ends_with(":");
}

// The words of the last clause of a line's tokens (nothing when it ends with a break).
Words last_clause_words(const std::vector<Token>& toks) {
  size_t b = toks.size();
  while (b > 0 && !is_break(toks[b - 1]) && toks.size() - b < kWindow) --b;
  return items(toks, b, toks.size());
}

// The words of the first clause of a line's tokens.
Words first_clause_words(const std::vector<Token>& toks) {
  size_t e = 0;
  while (e < toks.size() && !is_break(toks[e]) && e < kWindow) ++e;
  return items(toks, 0, e);
}

// "- [x] 3.1 Experts per GPU ...", "- 2.5 One expert = ...": a dotted number opening a list item (after its
// marker and a task list's box) before a capitalised word that is no unit ("- 1.4 TB/s" is a figure) numbers the
// item. It is dropped from the line's tokens, so no reading takes it for a count of the noun after it.
void drop_item_number(std::string_view line, std::vector<Token>& toks) {
  // A thread's post number opening the line: "7/ Whole box: ...", "**11/** Why not ...".
  if (toks.size() >= 3 && toks[0].kind == TokKind::kNumber && toks[0].text.size() <= 3 &&
      toks[0].text.find_first_not_of("0123456789") == std::string_view::npos && toks[0].suffix == 0 &&
      is_sym(toks[1], "/") && toks[1].begin == toks[0].end && toks[2].space_before && toks[2].kind == TokKind::kWord) {
    toks.erase(toks.begin(), toks.begin() + 2);
    return;
  }
  size_t i = 0;
  if (toks.empty() || !(is_sym(toks[0], "-") || is_sym(toks[0], "*") || is_sym(toks[0], "+"))) return;
  ++i;
  if (i + 2 < toks.size() && is_sym(toks[i], "[") && is_sym(toks[i + 2], "]") &&
      (is_word(toks[i + 1], "x") || toks[i + 1].text == "X"))
    i += 3;
  else if (i + 1 < toks.size() && is_sym(toks[i], "[") && is_sym(toks[i + 1], "]"))
    i += 2;
  if (i + 1 >= toks.size() || toks[i].kind != TokKind::kNumber || toks[i].text.find('.') == std::string_view::npos ||
      toks[i].suffix != 0 || toks[i + 1].kind != TokKind::kWord || toks[i + 1].begin == toks[i].end)
    return;
  // An outline number: "3.1", "4.12" (never "0.9", a fraction), before a capitalised word ("Experts") or an
  // acronym ("KV", "TP") that is no unit.
  const std::string_view number = toks[i].text;
  if (number.starts_with("0") || number.find('.') != number.rfind('.') || number.size() > 7) return;
  const std::string_view w = toks[i + 1].text;
  if (w.size() < 2 || w[0] < 'A' || w[0] > 'Z' || !((w[1] >= 'a' && w[1] <= 'z') || (w[1] >= 'A' && w[1] <= 'Z')))
    return;
  if (const Unit u = parse_unit(line, toks, i); u.cls != UnitClass::kNone || u.count_word) return;
  toks.erase(toks.begin() + static_cast<std::ptrdiff_t>(i));
}

// The tokens of whole lines around the line being read: a prose line is read with the last clause
// of the line before and the first clause of the line after, so each line is tokenized once, not
// three times.
class LineTokens {
 public:
  // The tokens of line `n`. Callers ask for lines m - 1, m and m + 1 while reading line m, and m
  // never goes back; the tokens stay valid while the lines asked for are within those three.
  const Tokens& of(const MarkdownDocument& doc, int n) {
    Slot* oldest = &slots_[0];
    for (Slot& slot : slots_) {
      if (slot.line == n) return slot.tokens;
      if (slot.line < oldest->line) oldest = &slot;
    }
    // Three slots for the three lines around m: the oldest lies before them.
    const std::string_view line = doc.line(n);
    oldest->line = n;
    oldest->tokens.decimal_comma = decimal_comma_;
    tokenize_into(line, 0, line.size(), oldest->tokens);
    drop_item_number(line, oldest->tokens.toks);
    return oldest->tokens;
  }
  void set_decimal_comma(bool on) { decimal_comma_ = on; }

 private:
  struct Slot {
    int line = -1;
    Tokens tokens;
  };
  std::array<Slot, 3> slots_;
  bool decimal_comma_ = false;
};

namespace {

// Byte spans of the fields of a line separated by runs of two or more spaces or by tabs.
std::vector<std::pair<size_t, size_t>> aligned_fields(std::string_view line) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  while (i < line.size()) {
    const size_t b = i;
    while (i < line.size() && line[i] != '\t' && !(line[i] == ' ' && i + 1 < line.size() && line[i + 1] == ' ')) ++i;
    size_t e = i;
    while (e > b && (line[e - 1] == ' ' || line[e - 1] == '\r')) --e;
    if (e > b) out.emplace_back(b, e);
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  }
  return out;
}

// Fields of a line separated by runs of two or more spaces or by tabs: the columns of an aligned table
// (counted up to `enough`).
size_t aligned_columns(std::string_view line, size_t enough = SIZE_MAX) {
  size_t fields = 0, i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  while (i < line.size() && fields < enough) {
    ++fields;
    while (i < line.size()) {
      if (line[i] == '\t') break;
      if (line[i] == ' ' && i + 1 < line.size() && line[i + 1] == ' ') break;
      ++i;
    }
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  }
  return fields;
}

}  // namespace

// What carries from one line to the next while extracting: the table or column layout being read,
// the last claim (a sentence that goes on in the next line takes its kind), the titles read so far.
struct ClaimExtractor::State {
  std::vector<std::string> header_raw;  // cells of the current table's header row
  std::vector<OwnedWords> header_words;
  std::vector<std::pair<size_t, size_t>> aligned_header;  // column spans of a code block's column layout
  std::vector<bool> aligned_skip;                        // its index and formula columns
  std::vector<std::string> aligned_raw;                  // its header cells
  std::vector<OwnedWords> aligned_words;
  // Node -> words of its title, then of its parents' titles; each title read once.
  struct TitleWords {
    OwnedWords own;
    Words with_parents;  // views into `own` and the parents' own words
  };
  std::unordered_map<const MarkdownNode*, TitleWords> title_words;
  bool diff_block = false;  // inside a ```diff block
  const Words& titles_of(const MarkdownDocument& doc, const MarkdownNode& node) {
    if (const auto it = title_words.find(&node); it != title_words.end()) return it->second.with_parents;
    const Words* parents =
        node.parent >= 0 ? &titles_of(doc, doc.nodes[static_cast<size_t>(node.parent)]) : nullptr;
    TitleWords& tw = title_words[&node];  // the map's values stay where they are as it grows
    tw.own = words_of(node.title);
    tw.with_parents = view_of(tw.own);
    if (parents != nullptr) tw.with_parents.insert(tw.with_parents.end(), parents->begin(), parents->end());
    return tw.with_parents;
  }
  LineTokens lines;
  Tokens first_cell;  // of the table row being read
  Tokens cell;        // another cell of it
  Tokens label_cell;  // the label cell after a numbering cell
  UnitHints unit_hints;
  // The last claim extracted by an earlier call (line 0: none).
  int last_line = 0;
  ClaimKind last_kind = ClaimKind::kOther;
  Scope last_scope = Scope::kUnqualified;
};

namespace {

// Whether a document writes decimal commas ("85,52 GB", "0,9", "31,4 Go"): more numbers with a comma
// before one or two final digits than with a point there ("35.2 GB"), and at least three. Read from the
// document's first 256 KiB, which settles its convention.
bool writes_decimal_commas(const MarkdownDocument& doc) {
  constexpr size_t kScanBytes = 256 * 1024;
  constexpr int kMinCommas = 3;
  int commas = 0, points = 0;
  size_t scanned = 0;
  for (int n = 1; n <= doc.line_count() && scanned < kScanBytes; ++n) {
    const std::string_view line = doc.line(n);
    scanned += line.size() + 1;
    for (size_t i = 1; i + 1 < line.size(); ++i) {
      const char c = line[i];
      if ((c != ',' && c != '.') || !is_digit(line[i - 1]) || !is_digit(line[i + 1])) continue;
      size_t e = i + 1;
      while (e < line.size() && is_digit(line[e])) ++e;
      const bool short_tail = e - i - 1 <= 2;
      const bool continues = e + 1 < line.size() && (line[e] == ',' || line[e] == '.') && is_digit(line[e + 1]);
      if (!short_tail || continues) continue;  // thousands, a list "0,1,2" or a version "0.6.3"
      ++(c == ',' ? commas : points);
    }
  }
  return commas >= kMinCommas && commas > points;
}

}  // namespace

ClaimExtractor::ClaimExtractor(const MarkdownDocument& doc) : doc_(doc), state_(std::make_unique<State>()) {
  const bool decimal_comma = writes_decimal_commas(doc);
  state_->lines.set_decimal_comma(decimal_comma);
  state_->first_cell.decimal_comma = state_->cell.decimal_comma = state_->label_cell.decimal_comma = decimal_comma;
}
ClaimExtractor::~ClaimExtractor() = default;

std::vector<Claim> extract_claims(const MarkdownDocument& doc) {
  std::vector<Claim> out;
  ClaimExtractor(doc).extract(1, doc.line_count(), out);
  return out;
}

void ClaimExtractor::extract(int first_line, int last_line, std::vector<Claim>& out) {
  const MarkdownDocument& doc = doc_;
  const size_t run_begin = out.size();
  out.reserve(run_begin + digit_runs(doc, first_line, last_line) + kSpareClaims);
  // Titles are read once per node; the cache holds those of the last few hundred nodes.
  if (state_->title_words.size() > kCachedTitles) state_->title_words.clear();
  std::vector<std::string>& header_raw = state_->header_raw;
  std::vector<OwnedWords>& header_words = state_->header_words;
  std::vector<std::pair<size_t, size_t>>& aligned_header = state_->aligned_header;
  std::vector<bool>& aligned_skip = state_->aligned_skip;
  std::vector<std::string>& aligned_raw = state_->aligned_raw;
  std::vector<OwnedWords>& aligned_words = state_->aligned_words;
  for (int n = first_line; n <= last_line; ++n) {
    const LineKind kind = doc.kind_of(n);
    if (kind == LineKind::kCodeFence) {
      aligned_header.clear();
      aligned_skip.clear();
      // The info string after the opening fence ("```diff"); a closing fence has none.
      const std::string_view info = trimmed_view(trimmed_view(doc.line(n)).substr(3));
      state_->diff_block = info.starts_with("diff");
    }
    if (kind == LineKind::kFrontMatter || kind == LineKind::kBlank || kind == LineKind::kCodeFence ||
        kind == LineKind::kTableSeparator || kind == LineKind::kRule || kind == LineKind::kSetextUnderline)
      continue;
    const std::string_view line = doc.line(n);
    if (kind == LineKind::kCode && doc.kind_of(n - 1) == LineKind::kCodeFence && aligned_columns(line, 4) >= 4 &&
        std::none_of(line.begin(), line.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      aligned_header = aligned_fields(line);
      aligned_raw.clear();
      aligned_words.clear();
      aligned_skip.assign(aligned_header.size(), false);
      for (size_t j = 0; j < aligned_header.size(); ++j) {
        const auto [b, e] = aligned_header[j];
        aligned_raw.push_back(std::string(line.substr(b, e - b)));
        aligned_words.push_back(words_of(line.substr(b, e - b)));
        const Words hw = view_of(aligned_words.back());
        aligned_skip[j] = hw.size() == 1 && in_set(hw[0], vocab().unread_columns);
      }
      continue;
    }
    if (kind == LineKind::kTableRow && doc.kind_of(n + 1) == LineKind::kTableSeparator) {
      // A header row: read below even without digits, for the rows under it.
    } else if (!may_hold_claims(line)) {
      if (kind != LineKind::kTableRow && !(kind == LineKind::kCode && !aligned_header.empty())) {
        header_raw.clear();
        header_words.clear();
      }
      continue;
    }
    // A line of code that formats output (`print(f"TP2 weights per GPU: {w/1e9:.2f} GB")`) is a template: its
    // figures are computed when it runs, and the output it prints, where the document shows it, holds the claims.
    if (kind == LineKind::kCode && formats_output(line)) continue;
    const MarkdownNode* node = doc.node_at(n);
    SegmentContext ctx;
    ctx.line = n;
    ctx.code = kind == LineKind::kCode;
    if (node != nullptr) ctx.node = node->title;
    if (node != nullptr) ctx.title = &state_->titles_of(doc, *node);
    ctx.unit_hints = &state_->unit_hints;
    const bool long_line = line.size() > kMaxClaimTextBytes;
    if (!long_line) ctx.text = trimmed_view(line);
    const size_t before = out.size();
    // A column layout in a code block (a pasted sheet): its first line, all words, is the header;
    // each later line's fields fall under the header column they start in. An index column ("row",
    // "#") and a formula column are not read; the rest is read like a Markdown table.
    bool aligned_row = false;
    std::vector<std::pair<size_t, size_t>> row_cells;
    if (kind == LineKind::kCode && !aligned_header.empty() && aligned_columns(line, 2) >= 2) {
      if (!aligned_header.empty()) {
        aligned_row = true;
        std::vector<std::pair<size_t, size_t>> cols(aligned_header.size(), {0, 0});
        for (const auto& [b, e] : aligned_fields(line)) {
          size_t j = 0;
          while (j + 1 < aligned_header.size() && aligned_header[j + 1].first <= b) ++j;
          if (cols[j].second == 0) cols[j] = {b, e};
          else cols[j].second = e;
        }
        // Index columns dropped, the rest kept in header order (an empty cell stays, as an empty span).
        for (size_t j = 0; j < cols.size(); ++j) {
          if (aligned_skip[j]) continue;
          row_cells.push_back(cols[j]);
        }
      }
    }
    if (kind == LineKind::kTableRow || aligned_row) {
      std::vector<std::pair<size_t, size_t>> cells = aligned_row ? row_cells : table_cells(line);
      std::vector<std::string> kept_raw;
      std::vector<OwnedWords> kept_words;
      if (aligned_row) {  // the header without its skipped columns, for this row
        kept_raw.swap(header_raw);
        kept_words.swap(header_words);
        for (size_t j = 0; j < aligned_header.size(); ++j)
          if (!aligned_skip[j]) {
            header_raw.push_back(aligned_raw[j]);
            header_words.push_back(aligned_words[j]);
          }
      }
      if (kind == LineKind::kTableRow && doc.kind_of(n + 1) == LineKind::kTableSeparator) {  // the header row
        header_raw.clear();
        header_words.clear();
        for (const auto& [b, e] : cells) {
          header_raw.push_back(std::string(line.substr(b, e - b)));
          header_words.push_back(words_of(line.substr(b, e - b)));
        }
        continue;
      }
      // The row's first cell is its label and a segment of its own: tokenized once for both. After a numbering
      // cell ("| 4.2.1 | Routed experts |") the label is the second cell's.
      Tokens& first_cell = state_->first_cell;
      Words row_label;
      size_t label_cell = 0;
      if (!cells.empty()) {
        tokenize_into(line, cells[0].first, cells[0].second, first_cell);
        row_label = items(first_cell.toks, 0, first_cell.toks.size());
        const std::string_view first = trimmed_view(line.substr(cells[0].first, cells[0].second - cells[0].first));
        // A numbering cell: "1.", "2.3", or under a "#" / "No." / "ID" header a bare number ("| 4 | KV cache per
        // token, per GPU | 131,072 B |"), or an item id of a checklist ("| F3 | Dense FP8 per GPU | ...", "| D12 |"):
        // one or two capitals and a number, neither an accelerator's name nor a degree ("| H100 |", "| TP8 |").
        std::string head0(header_raw.empty() ? std::string_view() : trimmed_view(header_raw[0]));
        for (char& ch : head0) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const bool numbered_header = in_set(head0, vocab().numbering_columns);
        auto item_id = [&](std::string_view v) {
          size_t k = 0;
          while (k < v.size() && k < 2 && std::isupper(static_cast<unsigned char>(v[k]))) ++k;
          if (k == 0 || k == v.size() || v.size() - k > 3) return false;
          for (size_t d = k; d < v.size(); ++d)
            if (!std::isdigit(static_cast<unsigned char>(v[d]))) return false;
          std::string lower(v);
          for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          return !is_gpu_model(lower) && !claim_kind_from_string(lower.substr(0, k));  // "tp", "ep": a degree
        };
        const bool digits = !first.empty() && first.find_first_not_of("0123456789.") == std::string_view::npos;
        // The label cell names a quantity ("KV cache per token, per GPU"), not a layout ("TP1, attn-DP 8, EP 8").
        const std::string_view second = cells.size() > 1 ? line.substr(cells[1].first, cells[1].second - cells[1].first)
                                                         : std::string_view();
        const bool names_quantity = second.find_first_of("0123456789") == std::string_view::npos;
        if (cells.size() > 2 && !first.empty() &&
            ((digits && first.find('.') != std::string_view::npos) ||
             (((digits && numbered_header) || item_id(first)) && names_quantity))) {
          label_cell = 1;
          tokenize_into(line, cells[1].first, cells[1].second, state_->label_cell);
          row_label = items(state_->label_cell.toks, 0, state_->label_cell.toks.size());
        }
      }
      // A "Unit" column gives the unit of the row's bare numbers.
      std::string_view row_unit;
      for (size_t j = 0; j < cells.size() && j < header_words.size(); ++j) {
        const Words hw = view_of(header_words[j]);
        if (hw.size() == 1 && (hw[0] == "unit" || hw[0] == "units"))
          row_unit = trimmed_view(line.substr(cells[j].first, cells[j].second - cells[j].first));
      }
      for (size_t j = 0; j < cells.size(); ++j) {
        SegmentContext cell = ctx;
        if (!row_unit.empty()) cell.unit_hint = row_unit;
        else if (j < header_raw.size()) cell.unit_hint = header_raw[j];
        if (j > label_cell && row_unit.empty())
          cell.row_unit_hint = line.substr(cells[label_cell].first, cells[label_cell].second - cells[label_cell].first);
        // The row's first cell, then the column header: "| Experts per GPU | 16 |" under "| Quantity | Per MoE layer |".
        if (j > label_cell) cell.table_label = row_label;
        cell.row_label_size = cell.table_label.size();
        if (j < header_words.size())
          cell.table_label.insert(cell.table_label.end(), header_words[j].begin(), header_words[j].end());
        // In a per-stage table the first column names the stage.
        if (j > 0 && !header_words.empty() && has(view_of(header_words[0]), "stage")) cell.table_label.push_back("stage");
        cell.table_index_column =
            j < header_words.size() && singular_index_noun(view_of(header_words[j]), header_raw[j]);
        if (j > 0 && j < header_words.size()) cell.column_owner = column_owner(view_of(header_words[j]));
        cell.bound_column = j > 0 && j < header_words.size() && has_any(view_of(header_words[j]), vocab().bound_columns);
        if (cells[j].second <= cells[j].first) continue;
        // "`=memory_h100!C11*1e9/(24*D2)`": a spreadsheet's formula, whose value is the row's other cell.
        if (const std::string_view text = trimmed_view(line.substr(cells[j].first, cells[j].second - cells[j].first));
            text.size() >= 2 && (text.front() == '=' || (text.front() == '`' && text[1] == '=')))
          continue;
        if (j == 0) {
          SegmentExtractor(line, first_cell.toks, cell, out).run();
          continue;
        }
        tokenize_into(line, cells[j].first, cells[j].second, state_->cell);
        SegmentExtractor(line, state_->cell.toks, cell, out).run();
      }
      if (aligned_row) {
        header_raw.swap(kept_raw);
        header_words.swap(kept_words);
      }
    } else {
      header_raw.clear();
      header_words.clear();
      // A prose line without a digit (ASCII only, so no other script's digits either) holds no number, and so no
      // claim but the optimizer-states lint: it is read only as its neighbours' context, when they ask for it.
      if (std::none_of(line.begin(), line.end(), [](char ch) { return (ch >= '0' && ch <= '9') || (ch & 0x80) != 0; }) &&
          line.find("ptimizer") == std::string_view::npos)
        continue;
      Words prev_tail;
      Words next_head;
      // Lines of "label   value" fields ("experts      14.50 GB" over "embed+head    0.62 GB") are rows, each
      // its own figure, not a sentence wrapped over lines.
      auto row = [&](std::string_view l) { return aligned_columns(l, 2) >= 2; };
      if (continues_previous_line(doc, n) && !(row(line) && row(doc.line(n - 1))))
        prev_tail = last_clause_words(state_->lines.of(doc, n - 1).toks);
      if (continues_previous_line(doc, n + 1) && !(row(line) && row(doc.line(n + 1))))
        next_head = first_clause_words(state_->lines.of(doc, n + 1).toks);
      ctx.prev_tail = prev_tail;
      ctx.next_head = next_head;
      if (!prev_tail.empty() && before > run_begin && out[before - 1].line == n - 1) {
        ctx.carried_kind = out[before - 1].kind;
        ctx.carried_scope = out[before - 1].scope;
      } else if (!prev_tail.empty() && before == run_begin && state_->last_line == n - 1) {
        ctx.carried_kind = state_->last_kind;
        ctx.carried_scope = state_->last_scope;
      }
      SegmentExtractor(line, state_->lines.of(doc, n).toks, ctx, out).run();
      // A row of a column layout in a code block ("3   GPUs   16   GPUs   cluster   =B1*B2"): which
      // column a number is in, and so what it counts, is not read; say so rather than guess.
      if (kind == LineKind::kCode && aligned_columns(line, 4) >= 4 && aligned_header.empty())
        for (size_t k = before; k < out.size(); ++k)
          out[k].reading.unclear = "a cell of a column layout (a pasted sheet or aligned table) whose columns are not read";
    }
    // "-  --tensor-parallel-size 8" in a diff: the line the change removes states the layout before it.
    if (kind == LineKind::kCode && state_->diff_block && line.starts_with('-') && !line.starts_with("---"))
      for (size_t k = before; k < out.size(); ++k)
        out[k].reading.unclear = "a line a diff removes: it states the layout before the change, not this deployment";
    if (long_line)
      for (size_t k = before; k < out.size(); ++k) out[k].text = sentence_around(line, out[k].col_begin);
  }
  if (out.size() > run_begin) {
    state_->last_line = out.back().line;
    state_->last_kind = out.back().kind;
    state_->last_scope = out.back().scope;
  }
}

std::vector<std::string> normalized_words(std::string_view text) { return words_of(text); }

std::vector<std::string> counted_words(std::string_view text) {
  const Tokens tokens = tokenize(text, 0, text.size());
  std::vector<std::string> out;
  for (size_t i = 0; i < tokens.toks.size(); ++i) {
    const Token& t = tokens.toks[i];
    if (t.kind == TokKind::kNumber && t.suffix == 0 && t.value >= 0 && t.value < 1e9 && t.value == std::floor(t.value)) {
      out.push_back(std::to_string(static_cast<long long>(t.value)));
      continue;
    }
    const Words w = items(tokens.toks, i, i + 1);
    out.insert(out.end(), w.begin(), w.end());
  }
  return out;
}

// The spellings follow normalize_word, the µs of tokenize_into, and items(): a number is "#", "/" (or "÷") is "per",
// and "=", "~", "(", ")", ":" stand for themselves (or for "≈" and "∼"); other symbols are dropped.
NormalizedWordFilter::NormalizedWordFilter(const std::vector<std::string>& words) {
  auto add = [&](std::string_view spelling, bool ends_word) {
    std::string lower(spelling);
    std::transform(lower.begin(), lower.end(), lower.begin(), to_lower);
    if (lower.empty()) return;
    begins_[static_cast<unsigned char>(lower[0])] = true;
    by_first_byte_[static_cast<unsigned char>(lower[0])].push_back({std::move(lower), ends_word});
  };
  for (const std::string& w : words) {
    if (w.empty() || !std::all_of(w.begin(), w.end(), [](char c) { return is_alnum(c) || c == '_' || c == '-' || c == '.'; })) {
      always_ = true;  // "#" or a symbol
      continue;
    }
    add(w, true);
    add(w + "s", true);
    for (const WordMap* map : {&vocab().synonyms, &vocab().config_keys})
      for (const auto& [from, to] : map->entries())
        if (to == w) add(from, true);
    // Words of scripts written without spaces ("卡" is "card", which is "gpu"; "あたり" is "per"): no word end.
    for (const auto& [from, to] : vocab().cjk_words.entries()) {
      const std::string_view value = !to.empty() && to.front() == '<' ? std::string_view(to).substr(1) : std::string_view(to);
      bool plural = false;
      if (value == w || (value != "-" && normalize_word(value, &plural) == w)) add(from, false);
    }
    if (w == "gpu")
      for (const std::string& model : vocab().lx.gpu_models()) add(model, false);  // "H100s", "A100-80GB"
    if (w == "us") {
      add("\xC2\xB5s", false);  // µs
      add("\xCE\xBCs", false);  // μs
    }
    if (w == "per") {  // "/" and "÷"
      add("/", false);
      for (const Utf8Symbol& symbol : kUtf8Symbols)
        if (symbol.canonical == "/") add(symbol.bytes, false);
    }
  }
}

bool NormalizedWordFilter::may_hold(std::string_view text) const {
  if (always_) return true;
  for (size_t p = 0; p < text.size(); ++p) {
    const auto first = static_cast<unsigned char>(to_lower(text[p]));
    if (!begins_[first]) continue;
    for (const Spelling& s : by_first_byte_[first]) {
      if (text.size() - p < s.lower.size()) continue;
      size_t k = 1;
      while (k < s.lower.size() && to_lower(text[p + k]) == s.lower[k]) ++k;
      if (k < s.lower.size()) continue;
      // A word ends before a byte that is no ASCII letter, or where a key's camelCase starts the next word.
      const size_t end = p + s.lower.size();
      if (!s.ends_word || end == text.size() || !is_alpha(text[end])) return true;
      if (text[end] >= 'A' && text[end] <= 'Z' && text[end - 1] >= 'a' && text[end - 1] <= 'z') return true;
    }
  }
  return false;
}

OperatingPoint stated_operating_point(std::string_view text) {
  const Tokens tokens = tokenize(text, 0, text.size());
  const std::vector<Token>& t = tokens.toks;
  const Lexicon& lx = vocab().lx;
  const WordSet& prompt_nouns = lx.set("prompt_nouns");
  const WordSet& before = lx.set("concurrency_before");
  const WordSet& after = lx.set("concurrency_after");
  const WordSet& lead = lx.set("concurrency_lead");
  const WordSet& held = lx.set("concurrency_held");
  auto word = [&](size_t k) -> std::string_view {
    return k < t.size() && t[k].kind == TokKind::kWord ? std::string_view(t[k].norm) : std::string_view();
  };
  auto symbol = [&](size_t k, std::string_view s) { return k < t.size() && t[k].kind == TokKind::kSymbol && t[k].text == s; };
  OperatingPoint op;
  op.full = has_phrase(items(t, 0, t.size()), lx.phrases("full_batch"));
  const bool single = has_phrase(items(t, 0, t.size()), lx.phrases("single_request"));
  for (size_t k = 0; k < t.size(); ++k) {
    if (t[k].kind != TokKind::kNumber || t[k].ordinal) continue;
    const double v = t[k].value * t[k].multiplier;
    const bool whole = v >= 1 && v == std::floor(v);
    // The prompt: "8k-token prompt", "2k prompts", "4k in / 1k out".
    size_t j = k + 1;
    while (symbol(j, "-")) ++j;
    if (word(j) == "token") ++j;
    while (symbol(j, "-")) ++j;
    const bool beside_out = word(j) == "in" && (word(j + 1) == "out" || (symbol(j + 1, "/") && k + 3 < t.size() &&
                                                                          (word(j + 3) == "out" || word(j + 4) == "out")));
    if (!op.prompt_tokens && whole && v <= static_cast<double>(limits::kTokens) &&
        ((word(j) != "in" && prompt_nouns.count(std::string(word(j))) > 0) || beside_out))
      op.prompt_tokens = static_cast<int>(v);
    // "a prompt of 8k tokens"
    if (!op.prompt_tokens && whole && v <= static_cast<double>(limits::kTokens) && k >= 2 && word(k - 1) == "of" &&
        prompt_nouns.count(std::string(word(k - 2))) > 0 && word(k + 1) == "token")
      op.prompt_tokens = static_cast<int>(v);
    // Requests in flight: "64 concurrent", "256 in flight", "concurrency 128", "batch size of 32", "bs=8".
    const std::string_view next = word(k + 1);
    const bool follows = !next.empty() && after.count(std::string(next)) > 0 && (next != "in" || word(k + 2) == "flight");
    // "at 123 requests per replica", "with 256 sequences": requests counted at a moment, not a rate ("at 10
    // requests/s", "per second").
    const bool counted_at = k >= 1 && lead.count(std::string(word(k - 1))) > 0 && held.count(std::string(next)) > 0 &&
                            !symbol(k + 2, "/") &&
                            !(word(k + 2) == "per" && (word(k + 3) == "second" || word(k + 3) == "s" || word(k + 3) == "sec"));
    const bool precedes = counted_at || (k >= 1 && before.count(std::string(word(k - 1))) > 0) ||
                          (k >= 2 && before.count(std::string(word(k - 2))) > 0 &&
                           (word(k - 1) == "of" || word(k - 1) == "size" || symbol(k - 1, "=")));
    if (!op.concurrency && whole && v <= static_cast<double>(limits::kConcurrency) && (follows || precedes))
      op.concurrency = static_cast<int>(v);
  }
  if (!op.concurrency && single) op.concurrency = 1;
  return op;
}

std::optional<Arithmetic> evaluate_arithmetic(std::string_view text) {
  const Tokens tokens = tokenize(text, 0, text.size());
  const std::vector<Token>& toks = tokens.toks;
  for (size_t i = 0; i < toks.size(); ++i) {
    auto f = parse_formula(text, toks, i, toks.size());
    if (!f) continue;
    Arithmetic a;
    a.col_begin = toks[f->first].begin;
    a.col_end = toks[f->next - 1].end;
    a.text = std::string(text.substr(a.col_begin, a.col_end - a.col_begin));
    a.value = f->value;
    a.dimension = f->dim;
    a.operands = static_cast<int>(f->operands.size());
    if (f->divides_by_bytes_per_param)
      a.dimension_note = "divides by bytes per parameter; a memory figure multiplies by it";
    return a;
  }
  return std::nullopt;
}

}  // namespace moeplan
