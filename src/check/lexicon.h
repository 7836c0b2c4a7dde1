// The vocabulary `check` reads documents with: presets/check/lexicon.yaml,
// compiled into the binary. Word classes, phrase lists (words in order,
// within a gap), unit scales, and the slot words (owners, components,
// phases, alternatives). The extractor's rules ask the lexicon by name;
// adding a phrasing is a line of the file, not code.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
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

// The lexicon's words and what each maps to, built once and then looked up for every word of a
// document: open addressing over a power-of-two table of entry indexes, hashed a few loads at a
// time. Words are a few bytes, for which std::unordered_map's murmur hash, prime modulo and node
// walk (or a byte-at-a-time hash and a call to memcmp) cost several times the comparison itself.
// Most words looked up are in no table: a word whose first byte and size no entry has is turned
// away before it is hashed.
template <typename Value>
class WordTable {
 public:
  using Entry = std::pair<std::string, Value>;
  // The entry of `word`, or null (end()).
  const Entry* find(std::string_view word) const {
    if (!(sizes_[first_byte(word)] & size_bit(word))) return nullptr;
    for (size_t i = hash(word) & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      const uint32_t slot = slots_[i];
      if (slot == kEmpty) return nullptr;
      const Entry& e = entries_[slot];
      if (same(e.first, word)) return &e;
    }
  }
  const Entry* end() const { return nullptr; }
  size_t count(std::string_view word) const { return find(word) != nullptr ? 1 : 0; }
  const Value& at(std::string_view word) const {
    if (const Entry* e = find(word)) return e->second;
    throw std::out_of_range("lexicon: no entry '" + std::string(word) + "'");
  }
  // The value of `word`, added (default) when it has none.
  Value& operator[](std::string_view word) {
    if (const Entry* e = find(word)) return entries_[static_cast<size_t>(e - entries_.data())].second;
    entries_.emplace_back(std::string(word), Value{});
    sizes_[first_byte(word)] |= size_bit(word);
    if (2 * entries_.size() > slots_.size()) rehash();  // at most half full: probes stay short
    else place(entries_.size() - 1);
    return entries_.back().second;
  }
  void insert(std::string_view word) { (*this)[word]; }
  // Every entry, in the order added.
  const std::vector<Entry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  // The sizes of the entries by first byte: bit n for n bytes, bit 31 for 31 or more (and the empty word
  // under byte 0). A table without entries turns every word away, so its slots are never probed empty.
  static size_t first_byte(std::string_view w) { return w.empty() ? 0 : static_cast<unsigned char>(w[0]); }
  static uint32_t size_bit(std::string_view w) { return 1u << std::min<size_t>(w.size(), 31); }
  std::array<uint32_t, 256> sizes_{};
  template <typename Int>
  static uint64_t load(const char* p) {
    Int x;
    std::memcpy(&x, p, sizeof x);
    return x;
  }
  static uint64_t mix(uint64_t x) {
    x *= 0xbf58476d1ce4e5b9ull;
    return x ^ (x >> 31);
  }
  // A word's bytes read a few at a time, never past its end: eight-byte chunks (the last one
  // overlapping the one before), two four-byte halves, or the first, middle and last byte.
  static size_t hash(std::string_view w) {
    const char* p = w.data();
    const size_t n = w.size();
    uint64_t a = 0;
    uint64_t b = 0;
    if (n >= 8) {
      for (size_t at = 0; at + 8 < n; at += 8) a = mix(a ^ load<uint64_t>(p + at));
      b = load<uint64_t>(p + n - 8);
    } else if (n >= 4) {
      a = load<uint32_t>(p);
      b = load<uint32_t>(p + n - 4);
    } else if (n > 0) {
      a = static_cast<unsigned char>(p[0]) | static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8;
      b = static_cast<unsigned char>(p[n - 1]);
    }
    return static_cast<size_t>(mix(mix(a ^ n) ^ b));
  }
  // Words are short: compared in place, without a call.
  static bool same(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t k = 0; k < a.size(); ++k)
      if (a[k] != b[k]) return false;
    return true;
  }
  void place(size_t entry) {
    size_t i = hash(entries_[entry].first) & (slots_.size() - 1);
    while (slots_[i] != kEmpty) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = static_cast<uint32_t>(entry);
  }
  void rehash() {
    size_t n = 16;
    while (n < 4 * entries_.size()) n *= 2;
    slots_.assign(n, kEmpty);
    for (size_t e = 0; e < entries_.size(); ++e) place(e);
  }
  std::vector<Entry> entries_;
  std::vector<uint32_t> slots_;  // indexes into entries_; a power of two of them
};

// A set of words: the values say nothing.
struct InSet {};
using WordSet = WordTable<InSet>;
using WordMap = WordTable<std::string>;
using ScaleMap = WordTable<double>;

// Words in order, each within `gap` words of the one before.
struct PhraseList {
  size_t gap = 1;
  std::vector<std::vector<std::string>> phrases;
  // Phrases by their first word, so a match is tried only where a phrase can start.
  WordTable<std::vector<size_t>> by_first;
  void index();
  // Whether any phrase occurs in `words`.
  bool in(std::span<const std::string_view> words) const;
  // Whether a phrase starts at words[start].
  bool starts_at(std::span<const std::string_view> words, size_t start) const;
  // Index in `words` where the phrase nearest to `anchor` starts (a phrase
  // ending at or before the anchor counts by its end), or nullopt.
  std::optional<size_t> nearest(std::span<const std::string_view> words, size_t anchor) const;
  // The words a phrase starts with.
  std::vector<std::string> first_words() const;
};

// A named phrase list among several (owners, components, phases), in file order.
using NamedPhrases = std::vector<std::pair<std::string, PhraseList>>;

class Lexicon {
 public:
  // Parses the YAML text; throws InputError naming `file`, the field and the value on a malformed entry.
  Lexicon(std::string_view yaml_text, const std::string& file);

  const WordSet& set(std::string_view name) const;
  const PhraseList& phrases(std::string_view name) const;
  const WordMap& map(std::string_view name) const;      // synonyms, config_keys, degree_words, number_words
  const ScaleMap& scales(std::string_view name) const;  // units.bytes, units.bits, units.time, units.counts, dtypes
  const NamedPhrases& named(std::string_view name) const;  // owners, components, phases
  // Raw lower-case substrings, searched in a line as written: links.hbm, links.intra_node, links.inter_node.
  const std::vector<std::string>& strings(std::string_view name) const;
  const std::vector<std::string>& gpu_models() const { return gpu_models_; }

  // The name of `named(kind)` whose phrase lies nearest to words[anchor] (one pass over the
  // words, one lookup each), or "".
  std::string_view nearest_named(std::string_view kind, std::span<const std::string_view> words, size_t anchor) const;
  // The same for several kinds at once, still one lookup a word: out[k] for kinds[k].
  void nearest_named(std::span<const std::string_view> kinds, std::span<const std::string_view> words, size_t anchor,
                     std::span<std::string_view> out) const;

  // The first of `named(kind)` that occurs in `words`, or "".
  std::string_view first_match(std::string_view kind, std::span<const std::string_view> words) const;

 private:
  // By name, in WordTables too: rules ask for a list by name in their loops.
  WordTable<WordSet> sets_;
  WordTable<PhraseList> phrases_;
  WordTable<WordMap> maps_;
  WordTable<ScaleMap> scales_;
  WordTable<NamedPhrases> named_;
  // The kinds of named lists, and the phrases of all of them by their first word.
  static constexpr std::array<std::string_view, 5> kNamedKinds = {"owners", "components", "phases", "pools", "pool_labels"};
  struct NamedPhrase {
    size_t kind;  // in kNamedKinds
    size_t list;  // in named(kind)
    size_t phrase;
  };
  WordTable<std::vector<NamedPhrase>> named_by_first_;
  std::vector<std::string> gpu_models_;
  WordTable<std::vector<std::string>> strings_;
};

// The compiled-in lexicon (presets/check/lexicon.yaml), parsed once.
const Lexicon& lexicon();

}  // namespace moeplan
