#include "check/lexicon.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "spec/error.h"
#include "spec/presets_data.h"

namespace moeplan {

namespace {

std::vector<std::string> split_words(const std::string& phrase) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < phrase.size()) {
    while (i < phrase.size() && phrase[i] == ' ') ++i;
    size_t e = i;
    while (e < phrase.size() && phrase[e] != ' ') ++e;
    if (e > i) out.push_back(phrase.substr(i, e - i));
    i = e;
  }
  return out;
}

// Where phrase `p` first matches `words` at or after `from`: (start, end), end inclusive.
std::optional<std::pair<size_t, size_t>> match_at(const std::vector<std::string>& p, size_t gap,
                                                  std::span<const std::string_view> words, size_t start) {
  if (p.empty() || words[start] != p.front()) return std::nullopt;
  size_t pos = start;
  for (size_t n = 1; n < p.size(); ++n) {
    size_t found = std::string::npos;
    for (size_t k = pos + 1; k <= pos + gap && k < words.size(); ++k)
      if (words[k] == p[n]) {
        found = k;
        break;
      }
    if (found == std::string::npos) return std::nullopt;
    pos = found;
  }
  return std::make_pair(start, pos);
}

}  // namespace

void PhraseList::index() {
  by_first = {};
  for (size_t k = 0; k < phrases.size(); ++k) by_first[phrases[k].front()].push_back(k);
}

bool PhraseList::in(std::span<const std::string_view> words) const {
  for (size_t s = 0; s < words.size(); ++s)
    if (starts_at(words, s)) return true;
  return false;
}

bool PhraseList::starts_at(std::span<const std::string_view> words, size_t start) const {
  const auto it = by_first.find(words[start]);
  if (it == by_first.end()) return false;
  for (size_t k : it->second)
    if (match_at(phrases[k], gap, words, start)) return true;
  return false;
}

std::optional<size_t> PhraseList::nearest(std::span<const std::string_view> words, size_t anchor) const {
  std::optional<size_t> best;
  size_t best_distance = std::string::npos;
  for (size_t s = 0; s < words.size(); ++s) {
    const auto it = by_first.find(words[s]);
    if (it == by_first.end()) continue;
    for (size_t k : it->second)
      if (auto m = match_at(phrases[k], gap, words, s)) {
        const size_t d = m->second < anchor ? anchor - m->second : (m->first >= anchor ? m->first - anchor : 0);
        if (d < best_distance) {
          best_distance = d;
          best = m->first;
        }
      }
  }
  return best;
}

std::vector<std::string> PhraseList::first_words() const {
  std::vector<std::string> out;
  for (const auto& [word, phrases_from_it] : by_first.entries()) out.push_back(word);
  return out;
}

Lexicon::Lexicon(std::string_view yaml_text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    throw InputError(file + ": " + e.what());
  }
  auto fail = [&](const std::string& field, const std::string& why) { throw InputError(file + ": " + field + ": " + why); };
  auto read_phrases = [&](const YAML::Node& n, const std::string& field) {
    PhraseList l;
    if (!n.IsMap() || !n["phrases"] || !n["phrases"].IsSequence()) fail(field, "expected {gap: N, phrases: [...]}");
    if (n["gap"]) {
      const int g = n["gap"].as<int>();
      if (g < 1 || g > 8) fail(field + ".gap", "'" + std::to_string(g) + "' is not between 1 and 8");
      l.gap = static_cast<size_t>(g);
    }
    for (const auto& p : n["phrases"]) {
      auto w = split_words(p.as<std::string>());
      if (w.empty()) fail(field, "an empty phrase");
      l.phrases.push_back(std::move(w));
    }
    l.index();
    return l;
  };
  auto read_map = [&](const YAML::Node& n, const std::string& name) {
    if (!n || !n.IsMap()) fail(name, "expected a mapping");
    WordMap m;
    for (const auto& kv : n) m[kv.first.as<std::string>()] = kv.second.as<std::string>();
    maps_[name] = std::move(m);
  };
  auto read_scales = [&](const YAML::Node& n, const std::string& name) {
    if (!n || !n.IsMap()) fail(name, "expected a mapping");
    ScaleMap m;
    for (const auto& kv : n) {
      double v = 0;
      try {
        v = kv.second.as<double>();
      } catch (const YAML::Exception&) {
        fail(name + "." + kv.first.as<std::string>(), "'" + kv.second.as<std::string>() + "' is not a number");
      }
      if (!(v > 0)) fail(name + "." + kv.first.as<std::string>(), "must be positive");
      m[kv.first.as<std::string>()] = v;
    }
    scales_[name] = std::move(m);
  };
  auto read_set = [&](const YAML::Node& n, const std::string& name) {
    if (!n || !n.IsSequence()) fail(name, "expected a list of words");
    WordSet s;
    for (const auto& w : n) s.insert(w.as<std::string>());
    sets_[name] = std::move(s);
  };
  read_map(root["synonyms"], "synonyms");
  read_map(root["config_keys"], "config_keys");
  read_map(root["degree_words"], "degree_words");
  read_map(root["number_words"], "number_words");
  // Optional (a lexicon written before it has none): words of scripts written without spaces.
  if (root["cjk_words"]) {
    read_map(root["cjk_words"], "cjk_words");
    // Keys: whole characters of the scripts the tokenizer splits (3-byte UTF-8 kana, ideographs, Hangul); values:
    // one word, "-" (a boundary) or "<word" (a postposition).
    for (const auto& [key, value] : maps_["cjk_words"].entries()) {
      const bool chars = !key.empty() && key.size() % 3 == 0 &&
                         std::all_of(key.begin(), key.end(), [](char c) { return (static_cast<unsigned char>(c) & 0x80) != 0; });
      if (!chars) fail("cjk_words." + key, "expected characters of Chinese, Japanese or Korean text");
      const std::string_view word = !value.empty() && value.front() == '<' ? std::string_view(value).substr(1) : std::string_view(value);
      if (word.empty() || word.find(' ') != std::string_view::npos)
        fail("cjk_words." + key, "expected one word, \"-\" or \"<word\", got '" + value + "'");
    }
  } else {
    maps_["cjk_words"] = WordMap{};
  }
  if (!root["gpu_models"] || !root["gpu_models"].IsSequence()) fail("gpu_models", "expected a list");
  for (const auto& w : root["gpu_models"]) gpu_models_.push_back(w.as<std::string>());
  const YAML::Node units = root["units"];
  if (!units || !units.IsMap()) fail("units", "expected a mapping");
  for (const char* k : {"bytes", "bits", "time", "counts"}) read_scales(units[k], std::string("units.") + k);
  // Optional (a lexicon written before it has none): counts matched as written.
  if (units["counts_as_written"]) read_scales(units["counts_as_written"], "units.counts_as_written");
  else scales_["units.counts_as_written"] = {};
  for (const char* k : {"flops", "request_rate", "rate_adjectives"}) read_set(units[k], std::string("units.") + k);
  read_scales(root["dtypes"], "dtypes");
  const YAML::Node sets = root["sets"];
  if (!sets || !sets.IsMap()) fail("sets", "expected a mapping");
  for (const auto& kv : sets) read_set(kv.second, kv.first.as<std::string>());
  const YAML::Node phrases = root["phrases"];
  if (!phrases || !phrases.IsMap()) fail("phrases", "expected a mapping");
  for (const auto& kv : phrases)
    phrases_[kv.first.as<std::string>()] = read_phrases(kv.second, "phrases." + kv.first.as<std::string>());
  for (size_t kind = 0; kind < kNamedKinds.size(); ++kind) {
    const std::string k(kNamedKinds[kind]);
    const YAML::Node n = root[k];
    if (!n || !n.IsMap()) fail(k, "expected a mapping");
    NamedPhrases list;
    for (const auto& kv : n)
      list.emplace_back(kv.first.as<std::string>(), read_phrases(kv.second, k + "." + kv.first.as<std::string>()));
    for (size_t l = 0; l < list.size(); ++l)
      for (size_t p = 0; p < list[l].second.phrases.size(); ++p)
        named_by_first_[list[l].second.phrases[p].front()].push_back({kind, l, p});
    named_[k] = std::move(list);
  }
  phrases_["alternatives"] = read_phrases(root["alternatives"], "alternatives");
  const YAML::Node links = root["links"];
  if (!links || !links.IsMap()) fail("links", "expected a mapping of link -> names");
  for (const auto& kv : links) {
    const std::string name = "links." + kv.first.as<std::string>();
    if (!kv.second.IsSequence()) fail(name, "expected a list of names");
    for (const auto& w : kv.second) strings_[name].push_back(w.as<std::string>());
  }
  for (const auto& kv : root) {
    const std::string k = kv.first.as<std::string>();
    static constexpr std::array<std::string_view, 17> kKnown = {
        "synonyms", "config_keys", "degree_words", "number_words", "gpu_models", "units", "dtypes", "sets", "phrases",
        "owners", "components", "phases", "alternatives", "links", "pools", "pool_labels", "cjk_words"};
    if (std::find(kKnown.begin(), kKnown.end(), k) == kKnown.end()) fail(k, "unknown section");
  }
}

const WordSet& Lexicon::set(std::string_view name) const {
  auto it = sets_.find(name);
  if (it == sets_.end()) throw std::logic_error("lexicon: no word set '" + std::string(name) + "'");
  return it->second;
}
const PhraseList& Lexicon::phrases(std::string_view name) const {
  auto it = phrases_.find(name);
  if (it == phrases_.end()) throw std::logic_error("lexicon: no phrase list '" + std::string(name) + "'");
  return it->second;
}
const WordMap& Lexicon::map(std::string_view name) const {
  auto it = maps_.find(name);
  if (it == maps_.end()) throw std::logic_error("lexicon: no map '" + std::string(name) + "'");
  return it->second;
}
const ScaleMap& Lexicon::scales(std::string_view name) const {
  auto it = scales_.find(name);
  if (it == scales_.end()) throw std::logic_error("lexicon: no scale table '" + std::string(name) + "'");
  return it->second;
}
const NamedPhrases& Lexicon::named(std::string_view name) const {
  auto it = named_.find(name);
  if (it == named_.end()) throw std::logic_error("lexicon: no slot list '" + std::string(name) + "'");
  return it->second;
}

const std::vector<std::string>& Lexicon::strings(std::string_view name) const {
  auto it = strings_.find(name);
  if (it == strings_.end()) throw std::logic_error("lexicon: no string list '" + std::string(name) + "'");
  return it->second;
}

std::string_view Lexicon::nearest_named(std::string_view kind, std::span<const std::string_view> words,
                                        size_t anchor) const {
  std::string_view found;
  nearest_named(std::span(&kind, 1), words, anchor, std::span(&found, 1));
  return found;
}

void Lexicon::nearest_named(std::span<const std::string_view> kinds, std::span<const std::string_view> words, size_t anchor,
                            std::span<std::string_view> out) const {
  constexpr size_t kNone = std::string::npos;
  std::array<size_t, kNamedKinds.size()> slot;  // kind -> its place in `kinds`, or kNone
  slot.fill(kNone);
  std::array<const NamedPhrases*, kNamedKinds.size()> lists{};
  for (size_t k = 0; k < kinds.size(); ++k) {
    const size_t kind = static_cast<size_t>(std::find(kNamedKinds.begin(), kNamedKinds.end(), kinds[k]) - kNamedKinds.begin());
    if (kind == kNamedKinds.size()) throw std::logic_error("lexicon: no slot list '" + std::string(kinds[k]) + "'");
    slot[kind] = k;
    lists[kind] = &named_.entries()[kind].second;  // added in the order of kNamedKinds
    out[k] = {};
  }
  std::array<size_t, kNamedKinds.size()> best;
  best.fill(kNone);
  for (size_t s = 0; s < words.size(); ++s) {
    const auto it = named_by_first_.find(words[s]);
    if (it == named_by_first_.end()) continue;
    for (const NamedPhrase& np : it->second) {
      if (slot[np.kind] == kNone) continue;
      const PhraseList& list = (*lists[np.kind])[np.list].second;
      const auto m = match_at(list.phrases[np.phrase], list.gap, words, s);
      if (!m) continue;
      const size_t d = m->second < anchor ? anchor - m->second : (m->first >= anchor ? m->first - anchor : 0);
      if (d < best[np.kind]) {
        best[np.kind] = d;
        out[slot[np.kind]] = (*lists[np.kind])[np.list].first;
      }
    }
  }
}

std::string_view Lexicon::first_match(std::string_view kind, std::span<const std::string_view> words) const {
  for (const auto& [name, list] : named(kind))
    if (list.in(words)) return name;
  return {};
}

const Lexicon& lexicon() {
  static const Lexicon kLexicon = [] {
    for (const auto& p : embedded_presets())
      if (std::string_view(p.key) == "check/lexicon") return Lexicon(p.text, p.file);
    throw std::logic_error("presets/check/lexicon.yaml is not compiled in");
  }();
  return kLexicon;
}

}  // namespace moeplan
