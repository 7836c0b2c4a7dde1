#include "check/pools.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include "check/claims.h"
#include "check/lexicon.h"
#include "spec/error.h"
#include "spec/serving_config.h"
#include "spec/strategy_rules.h"

namespace moeplan {

namespace {

PoolRole role_named(std::string_view name) { return name == "decode" ? PoolRole::kDecode : PoolRole::kPrefill; }

// The words of a line, lower case and folded by the lexicon's synonyms, with the byte each begins at.
struct LineWords {
  std::vector<std::string> words;
  std::vector<size_t> begin, end;
};

LineWords line_words(std::string_view line) {
  const WordMap& synonyms = lexicon().map("synonyms");
  LineWords out;
  for (size_t i = 0; i < line.size();) {
    if (!std::isalnum(static_cast<unsigned char>(line[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    std::string w;
    while (j < line.size() && std::isalnum(static_cast<unsigned char>(line[j])))
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(line[j++])));
    if (auto it = synonyms.find(w); it != synonyms.end()) w = it->second;
    out.words.push_back(std::move(w));
    out.begin.push_back(i);
    out.end.push_back(j);
    i = j;
  }
  return out;
}


}  // namespace

std::optional<PoolRole> pool_of_title(std::string_view title) {
  const std::vector<std::string> owned = normalized_words(title);
  const std::vector<std::string_view> words(owned.begin(), owned.end());
  return pool_of_title(words);
}

std::optional<PoolRole> pool_of_title(std::span<const std::string_view> title_words) {
  const std::string_view role = lexicon().first_match("pools", title_words);
  if (role.empty()) return std::nullopt;
  return role_named(role);
}

// The words a pool can be named from: the first words of the lexicon's pool phrases and labels.
const WordSet& pool_first_words() {
  static const WordSet words = [] {
    WordSet out;
    for (const char* kind : {"pools", "pool_labels"})
      for (const auto& [name, list] : lexicon().named(kind))
        for (const auto& phrase : list.phrases) out.insert(phrase.front());
    return out;
  }();
  return words;
}

// Whether any word of the line can begin a pool's name: most lines cannot, and are not tokenized further
// (a word is looked up only when one of those words has its first letter and its size).
bool may_name_a_pool(std::string_view line) {
  const WordSet& first = pool_first_words();
  // By lower-case first byte, the sizes of the words it begins (bit n: a word of n bytes; bit kLong: longer).
  static constexpr size_t kLong = 31;
  static const std::array<uint32_t, 256> sizes = [&] {
    std::array<uint32_t, 256> out{};
    for (const auto& [w, in_set] : first.entries())
      if (!w.empty()) out[static_cast<unsigned char>(w.front())] |= 1u << std::min(w.size(), kLong);
    return out;
  }();
  // The program never sets a locale: <cctype>'s tests are ASCII's, here a table lookup a byte.
  static constexpr std::array<bool, 256> kAlnum = [] {
    std::array<bool, 256> out{};
    for (int c = 0; c < 256; ++c) out[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return out;
  }();
  auto alnum = [](char c) { return kAlnum[static_cast<unsigned char>(c)]; };
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  std::string word;
  for (size_t i = 0; i < line.size();) {
    if (!alnum(line[i])) {
      ++i;
      continue;
    }
    const size_t begin = i;
    while (i < line.size() && alnum(line[i])) ++i;
    if (!(sizes[static_cast<unsigned char>(lower(line[begin]))] & (1u << std::min(i - begin, kLong)))) continue;
    word.assign(line.substr(begin, i - begin));
    std::transform(word.begin(), word.end(), word.begin(), lower);
    if (first.count(word)) return true;
  }
  return false;
}

std::vector<PoolMention> pools_of_line(std::string_view line) {
  if (!may_name_a_pool(line)) return {};
  const LineWords lw = line_words(line);
  const std::vector<std::string_view> words(lw.words.begin(), lw.words.end());
  std::vector<PoolMention> out;
  // A pool phrase is a role and a noun within the gap: a few words from where it starts.
  constexpr size_t kWindow = 6;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::span<const std::string_view> rest(words.data() + i, std::min(kWindow, words.size() - i));
    std::optional<PoolRole> role;
    for (const auto& [name, list] : lexicon().named("pools"))
      if (!role && list.starts_at(rest, 0)) role = role_named(name);
    // A role word labelling a clause ("prefill: EP32 on 4 nodes") or a table row ("| decode | H200 | TP=4 |").
    if (!role) {
      size_t after = lw.end[i];
      while (after < line.size() && line[after] == ' ') ++after;
      const bool labels_clause = after < line.size() && line[after] == ':';
      const bool labels_row = i == 0 && line.find_first_not_of(' ') != std::string_view::npos &&
                              line[line.find_first_not_of(' ')] == '|' && after < line.size() && line[after] == '|';
      if (labels_clause || labels_row)
        for (const auto& [name, list] : lexicon().named("pool_labels"))
          if (!role && list.starts_at(rest.first(1), 0)) role = role_named(name);
    }
    if (role) out.push_back({lw.begin[i], *role});
  }
  return out;
}

PoolRole pool_at(const std::vector<PoolMention>& mentions, size_t col) {
  const PoolMention* last = nullptr;
  for (const PoolMention& m : mentions)
    if (m.col <= col) last = &m;
  return last ? last->role : mentions.front().role;
}

PoolLayout pool_layout(const Scenario& sc, PoolRole role, const StatedLayout& stated) {
  PoolLayout out;
  const PoolConfig& pool = role == PoolRole::kPrefill ? sc.serving.prefill : sc.serving.decode;
  const std::string name = to_string(role) + " pool";
  try {
    // The scenario's pool when it gives one: the document's degrees for it are claims about it. Else the degrees
    // the region states, the rest as a serving pool defaults them (EP alone: an attention-DP group, DP = EP x ETP / TP).
    Strategy s;
    if (pool.strategy) {
      s = *pool.strategy;
    } else if (stated.degrees.tp || stated.degrees.pp || stated.degrees.dp || stated.degrees.ep || stated.degrees.etp) {
      s = complete_pool_strategy(stated.degrees, sc.model.is_moe(), "");
    } else {
      out.problem = fmt::format("the {} states no degrees and the scenario gives no serving.{}.strategy", name, to_string(role));
      return out;
    }
    s.instances = 1;
    const int per_instance = s.gpus_per_instance();
    int instances = 1;
    if (pool.strategy && pool.instances > 0) instances = pool.instances;
    else if (stated.gpus && *stated.gpus >= per_instance && *stated.gpus % per_instance == 0) instances = *stated.gpus / per_instance;
    std::shared_ptr<Scenario> psc = pool_scenario(sc, pool, per_instance);
    psc->cluster.gpus = per_instance * instances;
    s.instances = instances;
    if (auto problem = strategy_problem(s, psc->model, psc->cluster, psc->placement.redundant_experts)) {
      out.problem = fmt::format("the {} {} is not a valid strategy: {}", name, s.label(), problem->message);
      return out;
    }
    psc->strategy = s;
    out.strategy = s;
    out.label = fmt::format("{} {} on {}", name, s.label(), psc->cluster.gpu.display_name);
    out.scenario = std::make_unique<Scenario>(*psc);
  } catch (const InputError& e) {
    out.problem = fmt::format("the {}'s degrees do not make a strategy: {}", name, e.what());
  }
  return out;
}

}  // namespace moeplan
