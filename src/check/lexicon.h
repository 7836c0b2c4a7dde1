// The vocabulary `check` reads documents with: presets/check/lexicon.yaml,
// compiled into the binary. Word classes, phrase lists (words in order,
// within a gap), unit scales, and the slot words (owners, components,
// phases, alternatives). The extractor's rules ask the lexicon by name;
// adding a phrasing is a line of the file, not code.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace moeplan {

struct LexiconHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
struct LexiconEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};

using WordSet = std::unordered_set<std::string, LexiconHash, LexiconEq>;
using WordMap = std::unordered_map<std::string, std::string, LexiconHash, LexiconEq>;
using ScaleMap = std::unordered_map<std::string, double, LexiconHash, LexiconEq>;

// Words in order, each within `gap` words of the one before.
struct PhraseList {
  size_t gap = 1;
  std::vector<std::vector<std::string>> phrases;
  // Phrases by their first word, so a match is tried only where a phrase can start.
  std::unordered_map<std::string, std::vector<size_t>, LexiconHash, LexiconEq> by_first;
  void index();
  // Whether any phrase occurs in `words`.
  bool in(std::span<const std::string_view> words) const;
  // Index in `words` where the phrase nearest to `anchor` starts (a phrase
  // ending at or before the anchor counts by its end), or nullopt.
  std::optional<size_t> nearest(std::span<const std::string_view> words, size_t anchor) const;
};

// A named phrase list among several (owners, components, phases), in file order.
using NamedPhrases = std::vector<std::pair<std::string, PhraseList>>;

class Lexicon {
 public:
  // Parses the YAML text; throws InputError naming `file`, the field and the value on a malformed entry.
  Lexicon(std::string_view yaml_text, const std::string& file);

  const WordSet& set(std::string_view name) const;
  const PhraseList& phrases(std::string_view name) const;
  const WordMap& map(std::string_view name) const;      // synonyms, config_keys, degree_words
  const ScaleMap& scales(std::string_view name) const;  // units.bytes, units.bits, units.time, units.counts, dtypes
  const NamedPhrases& named(std::string_view name) const;  // owners, components, phases
  // Raw lower-case substrings, searched in a line as written: links.hbm, links.intra_node, links.inter_node.
  const std::vector<std::string>& strings(std::string_view name) const;
  const std::vector<std::string>& gpu_models() const { return gpu_models_; }

  // The name of `named(kind)` whose phrase lies nearest to words[anchor] (one pass over the
  // words, one lookup each), or "".
  std::string_view nearest_named(std::string_view kind, std::span<const std::string_view> words, size_t anchor) const;

  // The first of `named(kind)` that occurs in `words`, or "".
  std::string_view first_match(std::string_view kind, std::span<const std::string_view> words) const;

 private:
  std::unordered_map<std::string, WordSet, LexiconHash, LexiconEq> sets_;
  std::unordered_map<std::string, PhraseList, LexiconHash, LexiconEq> phrases_;
  std::unordered_map<std::string, WordMap, LexiconHash, LexiconEq> maps_;
  std::unordered_map<std::string, ScaleMap, LexiconHash, LexiconEq> scales_;
  std::unordered_map<std::string, NamedPhrases, LexiconHash, LexiconEq> named_;
  // kind -> first word -> (list, phrase) of that kind's lists.
  using SlotIndex = std::unordered_map<std::string, std::vector<std::pair<size_t, size_t>>, LexiconHash, LexiconEq>;
  std::unordered_map<std::string, SlotIndex, LexiconHash, LexiconEq> named_index_;
  std::vector<std::string> gpu_models_;
  std::unordered_map<std::string, std::vector<std::string>, LexiconHash, LexiconEq> strings_;
};

// The compiled-in lexicon (presets/check/lexicon.yaml), parsed once.
const Lexicon& lexicon();

}  // namespace moeplan
