// Disaggregated serving in a document (issue 10): the prefill and decode
// pools a section or a line is about, and the layout each is judged under.
// A pool is a region (verify.cc) like an alternative layout: its own
// strategy, and also its own GPU type and instance count. The words that
// name a pool are the lexicon's (`pools`, `pool_labels`).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "search/disagg.h"
#include "spec/scenario.h"

namespace moeplan {

// The pool a section title names ("Prefill pool", "Decode instances",
// "Prefilling Phase [Routed Expert EP32 ...]"), or nullopt.
std::optional<PoolRole> pool_of_title(std::string_view title);
// The same, from the title's normalized_words (claims.h).
std::optional<PoolRole> pool_of_title(std::span<const std::string_view> title_words);

// Where a line names a pool: "Prefill pool: EP32 on 4 nodes" at 0;
// "prefill: EP32 on 4 nodes; decode: EP144 on 18 nodes" at 0 and 26. Empty
// when it names none.
struct PoolMention {
  size_t col = 0;  // byte where the naming words begin
  PoolRole role = PoolRole::kPrefill;
};
std::vector<PoolMention> pools_of_line(std::string_view line);

// The pool a number at byte `col` of the line goes with: the one named last
// before it, else the first named after it.
PoolRole pool_at(const std::vector<PoolMention>& mentions, size_t col);

// What a pool region states about its layout: degrees and a GPU count, each
// the last the region gives.
struct StatedLayout {
  PartialStrategy degrees;
  std::optional<int> gpus;
  bool any() const {
    return degrees.tp || degrees.pp || degrees.dp || degrees.ep || degrees.etp || gpus.has_value();
  }
};

// The layout a pool region is judged under: the scenario's own pool of that
// role when it gives a strategy for it (its instance count, else the stated
// GPUs over one instance's, else 1), so that the document's degrees, GPU
// counts and experts for the pool are claims about it; else the degrees the
// region states, completed as a serving pool's (EP alone: an attention-DP
// group, DP = EP x ETP / TP). The pool's GPU type and redundant slots are the
// scenario's for that pool. `scenario` is null and `problem` says why when
// no valid layout follows.
struct PoolLayout {
  std::unique_ptr<Scenario> scenario;  // the pool's GPU type, its GPUs, its strategy
  Strategy strategy;                   // one instance's degrees, instances = the pool's count
  std::string label;                   // "decode pool: tp=1 pp=1 dp=72 ep=72 etp=1 on NVIDIA H100 SXM5 80GB"
  std::string problem;
};
PoolLayout pool_layout(const Scenario& sc, PoolRole role, const StatedLayout& stated);

}  // namespace moeplan
