// Claims: the numbers a deployment document states, each tied to what it
// measures ("32 experts per GPU", "TP=4", "23GB of 64GB", "120 tokens/ms"),
// with inline arithmetic ("5GB (10B ÷ 32 GPUs ÷ 2 bytes)") re-evaluated
// with its units tracked.
//
// Extraction is a small tokenizer plus rules over (number, unit, the words
// around it in its clause, the line's label, the table's headers). It does
// not know any particular document's sentences. Comparing claims with a
// Plan is the checker's job, not this file's.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/markdown.h"

namespace moeplan {

enum class ClaimKind {
  kGpuCount,
  kDegreeProduct,  // "TP=4 x PP=4 x DP=2 = 32": value is the stated product, the factors in `arithmetic`
  kTp,
  kPp,
  kDp,
  kEp,
  kEtp,
  kExpertsPerGpu,  // qualified by `scope`: per MoE layer, in total, or not said
  kExpertsTotal,   // expert instances over all MoE layers ("256 experts (16 layers x 16 experts)")
  kEpGroups,
  kEpGroupSize,    // GPUs in one EP group
  kLayersPerStage,
  kLayers,
  kExpertsPerLayer,
  kParamsTotal,
  kParamsActive,
  kParamsPerGpu,
  kWeightsPerGpu,      // bytes of parameters on one GPU (scope kTotal: the whole model's weights)
  kKvPerToken,         // bytes of KV cache per token
  kMemoryPerGpuTotal,  // bytes used on one GPU in all ("23GB of 64GB" -> 23 GB)
  kGpuMemoryCapacity,  // bytes one GPU has ("23GB of 64GB" -> 64 GB; "80GB H100")
  kThroughput,         // tokens/s over the deployment
  kThroughputPerGpu,   // tokens/s per GPU
  kTtft,               // seconds
  kTpot,               // seconds
  kBandwidth,          // bytes/s
  kOptimizerStates,    // a lint: an inference deployment holds no optimizer states; value = bytes stated, else 0
  kOther,              // a number with a unit or a counted noun that none of the above describes
};

// Experts per GPU: "2 per MoE layer" and "8 in total" are both right for the
// seed, so the qualifier is part of the claim. kTotal also marks a memory
// figure for the whole model rather than one GPU.
enum class Scope { kUnqualified, kPerMoeLayer, kTotal };

// "experts_per_gpu", "per_moe_layer": the names used in JSON and messages.
std::string to_string(ClaimKind kind);
std::string to_string(Scope scope);
std::optional<ClaimKind> claim_kind_from_string(std::string_view name);
std::optional<Scope> scope_from_string(std::string_view name);

// Exponents of the base quantities an inline formula can carry. Bytes per
// parameter is bytes^1 params^-1, so "10B x 2 bytes/param" is bytes.
struct Dimension {
  int params = 0;
  int bytes = 0;
  int gpus = 0;
  int tokens = 0;
  int seconds = 0;
  bool operator==(const Dimension&) const = default;
};
Dimension operator*(const Dimension& a, const Dimension& b);
Dimension operator/(const Dimension& a, const Dimension& b);
// "bytes", "params^2/(bytes*GPUs)", "tokens/s", "count" for none.
std::string to_string(const Dimension& d);
// The dimension a value of this kind has; nullopt for kOther.
std::optional<Dimension> claim_dimension(ClaimKind kind);
// Whether a formula of dimension `formula` can give a value of `kind`.
// GPUs are left out of the comparison ("÷ 32" and "÷ 32 GPUs" are written
// for the same thing), and so are tokens for per-token kinds (KV per token, TPOT).
bool dimension_fits(const Dimension& formula, ClaimKind kind);

struct Arithmetic {
  std::string text;  // as written: "10B ÷ 32 GPUs ÷ 2 bytes"
  size_t col_begin = 0;  // byte span of `text` in the line
  size_t col_end = 0;
  // Evaluated in SI base units of `dimension` (params and counts as counts,
  // bytes, seconds, tokens); meaningless when the dimension does not fit.
  double value = 0;
  Dimension dimension;
  bool dimension_matches = true;  // dimension_fits(dimension, claim kind) (or the claim's unit, for kOther)
  // Why it does not fit, when it does not: "divides by bytes per parameter; a
  // memory figure multiplies by it".
  std::string dimension_note;
  int operands = 0;
  bool bare = false;  // every operand a plain number: no dimension to check ("2 × 60.8")
  bool operator==(const Arithmetic&) const = default;
};

// Whose a figure is, as the document says it. An explicit owner binds: a
// figure labelled per GPU is judged per GPU, never re-read as the whole model.
enum class Owner { kUnsaid, kGpu, kStage, kNode, kCluster, kModel };
// A claim about the deployment, a target it must meet, or an input it is given.
enum class Role { kClaim, kTarget, kInput };
std::string to_string(Owner owner);
std::string to_string(Role role);

// The slots of one number, filled from the lexicon (presets/check/lexicon.yaml):
// what is measured is the claim's kind and scope; the rest is here.
struct Reading {
  Owner owner = Owner::kUnsaid;
  std::string component;  // "" for the whole quantity; else a lexicon component ("attention", "mtp", "moe_layers")
  std::string phase;      // "", "prefill" or "decode"
  Role role = Role::kClaim;
  bool per_layer = false;           // "one layer", "per layer": the component's share of one layer
  bool one_expert = false;          // "of one expert"
  bool includes_component = false;  // "incl. the MTP module": the whole plus the component
  bool owner_elsewhere = false;     // "its 30 layers": owned by a noun outside the reading
  // The accelerator its clause names, lower case as written ("h100", "mi300x"); "" when none. A
  // capacity stated beside another GPU than the deployment's is that GPU's.
  std::string gpu_model;
  // Why no slot can be read with confidence (a cell of a column layout the
  // extractor does not read, ...); "" when the reading stands. Set, the number
  // is not understood, never judged.
  std::string unclear;
  bool operator==(const Reading&) const = default;
};

struct Claim {
  int line = 0;          // 1-based file line
  std::string node;      // innermost node title ("" before the first node)
  std::string text;      // the sentence (or table row) holding the number, trimmed
  ClaimKind kind = ClaimKind::kOther;
  Scope scope = Scope::kUnqualified;
  double value = 0;      // SI base: bytes, seconds, tokens/s, bytes/s, counts (params as a count)
  double value_hi = 0;   // upper end of a range ("0.67-0.74 GB"); equal to value otherwise
  bool approximate = false;  // "~", "about", "approximately", "≈"
  std::string unit_text;     // the unit as written: "GB", "GiB", "tokens/ms", "B" (billion), "experts", ""
  size_t col_begin = 0;      // byte span in the line of the number as written (both ends of a range),
  size_t col_end = 0;        // unit and suffix excluded: "5" in "5GB", "0.67-0.74" in "0.67-0.74 GB", "12" in "12k tok/s"
  // SI value of one unit of the written number: 1e9 for "5GB", 1e3 for "12k
  // tokens/s", 1e5 for "tokens/ms"; a replacement for the span is value / unit_scale.
  double unit_scale = 1;
  std::optional<Arithmetic> arithmetic;
  Reading reading;
  // "X of Y GB": Y in bytes (the memory X is a part of), 0 when not said.
  double of_bytes = 0;
  // "400 Gb/s (400 GB/s)": a number in parentheses that restates the claim before it in
  // another unit; the earlier figure in SI, 0 when not a restatement.
  double restates = 0;
  // "2,100 tokens/s for the pair (4,200 per GPU)": the total this per-GPU figure restates, 0 when none.
  double restates_per_gpu = 0;
  int decimals = 0;  // digits written after the point: "30.5" 1, "61" 0; the figure's rounding
  // "4 bytes per parameter in FP4": a size per parameter, and the bytes per
  // parameter of the one dtype its sentence names (0 when none or several).
  bool per_param = false;
  double dtype_bytes = 0;
  // A GPU's memory read from where the number stands alone ("80 GB each", "GPU 80 GB", "with 80 GB"), no word
  // naming memory: a figure far below the GPU's memory there is another quantity (verify.cc).
  bool capacity_by_position = false;
  // A rate stated as an upper bound ("the ceiling is ~6.5k tok/s", "105k tok/s is a hard ceiling", "at perfect
  // utilisation"): judged against the bound with the batch unlimited (verify.cc), not against the deployment's.
  bool ceiling = false;
  // A degree in a sentence that rules it out ("EP 12 doesn't work", "TP=3 is not an option"): not claimed for the
  // deployment; verify.cc judges whether the ruling holds.
  bool ruled_out = false;
  // A KV-cache size in bytes that is one GPU's KV pool ("KV budget per GPU: 45 GB", "40 GB is left for the KV cache";
  // lexicon sets.kv_pool_words): kind kOther, judged against the Plan's KV budget (verify.cc).
  bool kv_pool = false;
  // A count of tokens its clause names as KV cache ("the KV cache holds about 660k tokens per GPU", "31M tokens of
  // KV"), not a request's or a prompt's: the tokens one GPU's (or a node's, the cluster's) KV pool holds; kind kOther.
  bool kv_tokens = false;
  // A count of requests its clause names a KV pool's ("the KV pool holds 406 full requests per DP rank"): what one DP
  // rank's (or a node's, the deployment's) KV cache holds, whole requests; kind kOther.
  bool kv_requests = false;
  // A count read from a formula's operand ("16 x 92 MoE layers = 1,472"): in a per-GPU formula it may be one stage's.
  bool operand = false;
  bool operator==(const Claim&) const = default;
};

// The words of `text` as the extractor reads them (lower case, singular,
// synonyms folded): for matching lexicon phrases against titles and lines.
std::vector<std::string> normalized_words(std::string_view text);
// The same, with whole numbers written out as their digits ("on 2 GPUs" -> "on", "2", "gpu") instead of "#".
std::vector<std::string> counted_words(std::string_view text);

// A quick test of raw text before normalized_words: whether a word of the text
// can normalize to one of `words` (normalized words: "option", "gpu", "per").
// False only when none can, so a phrase list whose phrases all start with one
// of `words` cannot occur in the text, which is then not tokenized: most lines
// name no alternative, pool or measurement.
class NormalizedWordFilter {
 public:
  explicit NormalizedWordFilter(const std::vector<std::string>& words);
  bool may_hold(std::string_view text) const;

 private:
  // A lower-case spelling of one of the words: the word itself, its plural, a synonym or
  // configuration key for it, an accelerator model for "gpu". `ends_word`: the spelling is a
  // whole word, so no ASCII letter follows it in the text (a word never ends before one, but for
  // the capital that starts the next word of a camelCase key: "weightsPerGpu:").
  struct Spelling {
    std::string lower;
    bool ends_word = true;
  };
  std::array<std::vector<Spelling>, 256> by_first_byte_;
  std::array<bool, 256> begins_{};  // whether by_first_byte_[b] has a spelling: one load a byte of text
  bool always_ = false;  // a word no spelling stands for ("#" for any number): every text may hold it
};

// The operating point a sentence states for its figure, 0 where it states
// none: the prompt length ("for an 8k-token prompt", "2k prompts", "4k in /
// 1k out", "a prompt of 8192 tokens"; lexicon sets.prompt_nouns) and the
// requests in flight ("at 64 concurrent requests", "256 in flight",
// "concurrency 128", "batch size of 32", "bs=8"; sets.concurrency_before /
// concurrency_after). Read with the extractor's tokenizer; values are bounded
// by the scenario limits (spec/limits.h) and larger ones are not read.
// A sentence at the largest batch ("at full batch", "at full KV pool"; lexicon phrases.full_batch) sets `full`.
struct OperatingPoint {
  int prompt_tokens = 0;
  int concurrency = 0;
  bool full = false;
};
OperatingPoint stated_operating_point(std::string_view text);

// All claims of a document, in line order and, within a line, column order.
// Front matter and blank lines have none; fenced code is read like text.
std::vector<Claim> extract_claims(const MarkdownDocument& doc);

// The same claims, a run of lines at a time, for documents too large to hold
// all their claims at once: extract() over consecutive line ranges, from line
// 1 on, appends what extract_claims(doc) gives for those lines (a table, a
// code block or a sentence that spans two ranges is read as one).
class ClaimExtractor {
 public:
  explicit ClaimExtractor(const MarkdownDocument& doc);
  ~ClaimExtractor();
  ClaimExtractor(const ClaimExtractor&) = delete;
  ClaimExtractor& operator=(const ClaimExtractor&) = delete;
  // Appends the claims of lines first_line..last_line (1-based, inclusive) to `out`;
  // first_line is the line after the previous call's last_line.
  void extract(int first_line, int last_line, std::vector<Claim>& out);

 private:
  struct State;
  const MarkdownDocument& doc_;
  std::unique_ptr<State> state_;
};

// Evaluates a formula written in text ("10B ÷ 32 GPUs ÷ 2 bytes"), for tests
// and for callers with a formula of their own; nullopt when it does not
// parse as a product/quotient/sum of at least two quantities.
std::optional<Arithmetic> evaluate_arithmetic(std::string_view text);

}  // namespace moeplan
