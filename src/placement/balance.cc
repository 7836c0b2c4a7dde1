#include "placement/balance.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <stdexcept>

#include "spec/error.h"

namespace moeplan {

namespace {

// An improving swap must lower the peak by more than this share of it, so
// floating-point noise cannot keep the local search going.
constexpr double kRelativeImprovement = 1e-12;
// Iterated local search: kicks per layer, random moves per kick, and the gap
// to the lower bound below which kicking stops.
constexpr int kKicks = 32;
constexpr int kKickMoves = 3;
constexpr double kCloseEnough = 1e-3;
constexpr std::uint64_t kLptSwapSeed = 0x6d6f65706c616e;  // "moeplan"

size_t at(int i) { return static_cast<size_t>(i); }

// splitmix64: a small PRNG whose output is the same on every platform, so a
// placement is reproducible (std::*_distribution is implementation-defined).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }  // bias < n / 2^64, irrelevant here

 private:
  std::uint64_t state_;
};

// Greedy replication: every slot beyond one per expert goes to the expert
// with the highest load per replica (first such expert on ties). Optimal for
// the heaviest replica (the classic apportionment argument). Replicas are
// numbered as EPLB numbers them: the originals 0..n-1, then the extras in the
// order they are handed out.
struct Replication {
  std::vector<int> count;           // [expert] replicas
  std::vector<int> replica_expert;  // [replica] expert
};

Replication replicate(const std::vector<double>& load, int slots) {
  const int n = static_cast<int>(load.size());
  Replication r;
  r.count.assign(load.size(), 1);
  r.replica_expert.resize(load.size());
  std::iota(r.replica_expert.begin(), r.replica_expert.end(), 0);
  // Max-heap on load per replica, lower expert id first on ties.
  auto lower_priority = [&](int a, int b) {
    const double ra = load[at(a)] / r.count[at(a)], rb = load[at(b)] / r.count[at(b)];
    return ra != rb ? ra < rb : a > b;
  };
  std::vector<int> heap(r.replica_expert);
  std::make_heap(heap.begin(), heap.end(), lower_priority);
  for (int extra = n; extra < slots; ++extra) {
    std::pop_heap(heap.begin(), heap.end(), lower_priority);
    const int pick = heap.back();
    ++r.count[at(pick)];
    r.replica_expert.push_back(pick);
    std::push_heap(heap.begin(), heap.end(), lower_priority);
  }
  return r;
}

std::vector<int> greedy_replica_counts(const std::vector<double>& load, int slots) { return replicate(load, slots).count; }

// EPLB's balanced packing: items by weight descending (stable on ties), each
// into the lightest pack that still has room; every pack ends with
// items / packs items. Returns the pack and the position inside it per item.
struct Packing {
  std::vector<int> pack;
  std::vector<int> rank_in_pack;
};

Packing balanced_packing(const std::vector<double>& weight, int packs) {
  const int items = static_cast<int>(weight.size());
  const int per_pack = items / packs;
  Packing p;
  p.pack.assign(weight.size(), 0);
  p.rank_in_pack.assign(weight.size(), 0);
  std::vector<int> order(weight.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return weight[at(a)] > weight[at(b)]; });
  std::vector<double> pack_weight(at(packs), 0.0);
  std::vector<int> pack_items(at(packs), 0);
  for (int item : order) {
    int best = -1;
    for (int k = 0; k < packs; ++k) {
      if (pack_items[at(k)] >= per_pack) continue;
      if (best < 0 || pack_weight[at(k)] < pack_weight[at(best)]) best = k;
    }
    p.pack[at(item)] = best;
    p.rank_in_pack[at(item)] = pack_items[at(best)]++;
    pack_weight[at(best)] += weight[at(item)];
  }
  return p;
}

// EPLB's three steps for one layer (written from the published description):
// 1. pack expert groups onto nodes by group load (balanced packing);
// 2. inside each node, replicate its experts greedily into slots / nodes slots;
// 3. pack each node's replicas (load / replica count) onto its GPUs.
// Global EPLB is the same with one group and one node.
std::vector<int> eplb_hierarchical(const std::vector<double>& load, int slots, int groups, int nodes, int gpus) {
  const int experts = static_cast<int>(load.size());
  const int group_size = experts / groups;
  const int groups_per_node = groups / nodes;
  const int experts_per_node = experts / nodes;
  const int slots_per_node = slots / nodes;
  const int gpus_per_node = gpus / nodes;
  const int slots_per_gpu = slots / gpus;

  // Step 1: node-major ("meta-logical") order of experts.
  std::vector<double> group_load(at(groups), 0.0);
  for (int e = 0; e < experts; ++e) group_load[at(e / group_size)] += load[at(e)];
  const Packing group_pack = balanced_packing(group_load, nodes);
  std::vector<int> meta_to_logical(at(experts));
  for (int e = 0; e < experts; ++e) {
    const int g = e / group_size;
    const int meta = (group_pack.pack[at(g)] * groups_per_node + group_pack.rank_in_pack[at(g)]) * group_size + e % group_size;
    meta_to_logical[at(meta)] = e;
  }

  std::vector<int> physical_to_logical(at(slots), -1);
  for (int node = 0; node < nodes; ++node) {
    // Step 2: replicate this node's experts into its slots.
    std::vector<double> node_load(at(experts_per_node));
    for (int i = 0; i < experts_per_node; ++i) node_load[at(i)] = load[at(meta_to_logical[at(node * experts_per_node + i)])];
    const Replication rep = replicate(node_load, slots_per_node);
    const std::vector<int>& replica_expert = rep.replica_expert;
    // Step 3: pack replicas onto the node's GPUs.
    std::vector<double> replica_load(replica_expert.size());
    for (size_t r = 0; r < replica_expert.size(); ++r)
      replica_load[r] = node_load[at(replica_expert[r])] / rep.count[at(replica_expert[r])];
    const Packing gpu_pack = balanced_packing(replica_load, gpus_per_node);
    for (size_t r = 0; r < replica_expert.size(); ++r) {
      const int slot = node * slots_per_node + gpu_pack.pack[r] * slots_per_gpu + gpu_pack.rank_in_pack[r];
      physical_to_logical[at(slot)] = meta_to_logical[at(node * experts_per_node + replica_expert[r])];
    }
  }
  return physical_to_logical;
}

std::vector<double> gpu_loads(const PlacementSpec& spec, const std::vector<double>& replica_load,
                              const std::vector<int>& physical_to_logical) {
  const int per_gpu = spec.slots_per_gpu();
  std::vector<double> load(at(spec.gpus), 0.0);
  for (int s = 0; s < spec.slots; ++s) load[at(s / per_gpu)] += replica_load[at(physical_to_logical[at(s)])];
  return load;
}

std::vector<double> per_replica_load(const std::vector<double>& expert_load, const std::vector<int>& count) {
  std::vector<double> r(expert_load.size());
  for (size_t e = 0; e < r.size(); ++e) r[e] = expert_load[e] / count[e];
  return r;
}

std::vector<int> replica_counts(const PlacementSpec& spec, const std::vector<int>& physical_to_logical) {
  std::vector<int> count(at(spec.experts), 0);
  for (int e : physical_to_logical) ++count[at(e)];
  return count;
}

// LPT with equal slots per GPU: replicas by load descending (expert id on
// ties), each onto the lightest GPU with a free slot that does not hold the
// expert yet (any GPU with room if none qualifies); equal loads go to the GPU
// whose node holds fewer replicas of the expert, so hot experts spread over
// nodes and keep their tokens local.
std::vector<int> lpt_pack(const PlacementSpec& spec, const std::vector<double>& expert_load, const std::vector<int>& count) {
  const int per_gpu = spec.slots_per_gpu();
  const int per_node = spec.gpus_per_node();
  struct Replica {
    int expert;
    double load;
  };
  std::vector<Replica> replicas;
  replicas.reserve(at(spec.slots));
  for (int e = 0; e < spec.experts; ++e)
    for (int c = 0; c < count[at(e)]; ++c) replicas.push_back({e, expert_load[at(e)] / count[at(e)]});
  std::stable_sort(replicas.begin(), replicas.end(), [](const Replica& a, const Replica& b) { return a.load > b.load; });

  std::vector<int> physical_to_logical(at(spec.slots), -1);
  std::vector<double> load(at(spec.gpus), 0.0);
  std::vector<int> used(at(spec.gpus), 0);
  std::vector<int> node_copies(at(spec.nodes), 0);  // replicas of the current expert per node
  std::vector<char> holds(at(spec.gpus), 0);        // GPU already holds the current expert
  int current = -1;
  for (const Replica& r : replicas) {
    if (r.expert != current) {
      current = r.expert;
      std::fill(node_copies.begin(), node_copies.end(), 0);
      std::fill(holds.begin(), holds.end(), 0);
    }
    int best = -1;
    auto better = [&](int g, int b) {
      if (holds[at(g)] != holds[at(b)]) return holds[at(g)] < holds[at(b)];
      if (load[at(g)] != load[at(b)]) return load[at(g)] < load[at(b)];
      return node_copies[at(g / per_node)] < node_copies[at(b / per_node)];
    };
    for (int g = 0; g < spec.gpus; ++g) {
      if (used[at(g)] >= per_gpu) continue;
      if (best < 0 || better(g, best)) best = g;
    }
    physical_to_logical[at(best * per_gpu + used[at(best)]++)] = r.expert;
    load[at(best)] += r.load;
    holds[at(best)] = 1;
    ++node_copies[at(best / per_node)];
  }
  return physical_to_logical;
}

// Local search over a layout with fixed slots per GPU. Two moves, both
// judged on the GPUs they touch: a move is taken only if every touched GPU
// ends below the current peak, and among those the one with the lowest
// resulting touched maximum wins.
//   swap:      exchange a replica on the peak GPU with one on another GPU;
//   replicate: hand a slot on the peak GPU from an expert with >= 2 replicas
//              to another expert (its other replicas get heavier, the new
//              expert's lighter); tried when no swap helps.
// Either lowers the peak GPU and keeps every touched GPU under it, so the
// sorted load vector decreases lexicographically and the search ends. A GPU
// never receives a second replica of an expert it holds.
class LocalSearch {
 public:
  LocalSearch(const PlacementSpec& spec, const std::vector<double>& expert_load, std::vector<int> physical_to_logical)
      : spec_(spec), per_gpu_(spec.slots_per_gpu()), weight_(expert_load) {
    reset(std::move(physical_to_logical));
  }

  void reset(std::vector<int> physical_to_logical) {
    p2l_ = std::move(physical_to_logical);
    count_ = replica_counts(spec_, p2l_);
    replica_ = per_replica_load(weight_, count_);
    load_ = gpu_loads(spec_, replica_, p2l_);
    delta_.assign(at(spec_.gpus), 0.0);
    touched_.clear();
    slots_of_.assign(at(spec_.experts), {});
    for (int slot = 0; slot < spec_.slots; ++slot) slots_of_[at(p2l_[at(slot)])].push_back(slot);
  }

  const std::vector<int>& layout() const { return p2l_; }
  double peak() const { return *std::max_element(load_.begin(), load_.end()); }

  // A perturbation for iterated local search: `moves` random swaps of two
  // replicas on different GPUs, and, with redundant slots, random hand-overs
  // of a slot from an expert with >= 2 replicas to another expert.
  void kick(Rng& rng, int moves) {
    for (int m = 0; m < moves; ++m) {
      const int i = static_cast<int>(rng.below(static_cast<std::uint64_t>(spec_.slots)));
      const int x = p2l_[at(i)];
      if (spec_.redundant() > 0 && (rng.next() & 1) && count_[at(x)] >= 2) {
        const int y = static_cast<int>(rng.below(static_cast<std::uint64_t>(spec_.experts)));
        if (y == x || holds(gpu_of(i), y)) continue;
        apply_replicate(i, y);
        continue;
      }
      const int j = static_cast<int>(rng.below(static_cast<std::uint64_t>(spec_.slots)));
      const int y = p2l_[at(j)];
      if (gpu_of(i) == gpu_of(j) || x == y || holds(gpu_of(j), x) || holds(gpu_of(i), y)) continue;
      apply_swap(i, j);
    }
  }

  void run() {
    const int max_moves = 64 * spec_.slots;  // a safety cap; the search stops far earlier in practice
    for (int moves = 0; moves < max_moves; ++moves) {
      const int peak_gpu = static_cast<int>(std::max_element(load_.begin(), load_.end()) - load_.begin());
      if (!try_swap(peak_gpu) && !try_replicate(peak_gpu)) return;
    }
  }

 private:
  int gpu_of(int slot) const { return slot / per_gpu_; }

  bool holds(int gpu, int expert) const {
    for (int slot : slots_of_[at(expert)])
      if (gpu_of(slot) == gpu) return true;
    return false;
  }

  // Best swap of a replica on the peak GPU a with one on another GPU b. A
  // swap moving d tokens leaves max(peak - d, load_b + d) >= (peak + load_b)
  // / 2, so a GPU whose midpoint cannot beat the best swap so far is skipped;
  // the least loaded GPU goes first to make that cut early.
  bool try_swap(int a) {
    const double peak = load_[at(a)];
    double best_peak = peak * (1 - kRelativeImprovement);
    int best_i = -1, best_j = -1;
    const int lightest = static_cast<int>(std::min_element(load_.begin(), load_.end()) - load_.begin());
    auto scan = [&](int b) {
      const double gap = peak - load_[at(b)];
      if (b == a || gap <= 0 || peak - gap / 2 >= best_peak) return;
      for (int i = a * per_gpu_; i < (a + 1) * per_gpu_; ++i) {
        const double ri = replica_[at(p2l_[at(i)])];
        for (int j = b * per_gpu_; j < (b + 1) * per_gpu_; ++j) {
          const double d = ri - replica_[at(p2l_[at(j)])];
          if (d <= 0 || d >= gap) continue;
          const double new_peak = std::max(peak - d, load_[at(b)] + d);
          if (new_peak >= best_peak) continue;
          if (holds(b, p2l_[at(i)]) || holds(a, p2l_[at(j)])) continue;
          best_peak = new_peak;
          best_i = i;
          best_j = j;
        }
      }
    };
    scan(lightest);
    for (int b = 0; b < spec_.gpus; ++b)
      if (b != lightest) scan(b);
    if (best_i < 0) return false;
    apply_swap(best_i, best_j);
    return true;
  }

  void apply_swap(int i, int j) {
    const int x = p2l_[at(i)], y = p2l_[at(j)];
    const double d = replica_[at(x)] - replica_[at(y)];
    load_[at(gpu_of(i))] -= d;
    load_[at(gpu_of(j))] += d;
    p2l_[at(i)] = y;
    p2l_[at(j)] = x;
    std::replace(slots_of_[at(x)].begin(), slots_of_[at(x)].end(), i, j);
    std::replace(slots_of_[at(y)].begin(), slots_of_[at(y)].end(), j, i);
  }

  // Hands `slot` on the peak GPU a from expert x (>= 2 replicas) to the
  // expert y whose replica would be lightest. x's other GPUs each gain
  // w_x / (c_x - 1) - w_x / c_x per replica they hold; y's GPUs only lose, so
  // the worst touched load is judged from a and x's GPUs alone (an upper
  // bound when a GPU holds both). Takes the slot with the lowest such worst
  // if it is below the peak.
  bool try_replicate(int a) {
    const double peak = load_[at(a)];
    double best_worst = peak * (1 - kRelativeImprovement), best_a = peak;
    int best_slot = -1, best_y = -1;
    for (int slot = a * per_gpu_; slot < (a + 1) * per_gpu_; ++slot) {
      const int x = p2l_[at(slot)];
      if (count_[at(x)] < 2) continue;
      const double gain = weight_[at(x)] / (count_[at(x)] - 1) - replica_[at(x)];
      double a_load = peak - replica_[at(x)];
      double x_worst = 0;
      for (int g : gpus_gaining(x, slot, gain)) {
        if (g == a) a_load += delta_[at(g)];
        else x_worst = std::max(x_worst, load_[at(g)] + delta_[at(g)]);
      }
      if (x_worst >= best_worst) continue;
      int y_pick = -1;
      double y_replica = replica_[at(x)];  // only a lighter replica can lower GPU a
      for (int y = 0; y < spec_.experts; ++y) {
        const double r = weight_[at(y)] / (count_[at(y)] + 1);
        if (y == x || r >= y_replica || holds(a, y)) continue;
        y_pick = y;
        y_replica = r;
      }
      if (y_pick < 0) continue;
      const double new_a = a_load + y_replica;
      const double worst = std::max(x_worst, new_a);
      if (worst < best_worst || (worst == best_worst && best_slot >= 0 && new_a < best_a)) {
        best_worst = worst;
        best_a = new_a;
        best_slot = slot;
        best_y = y_pick;
      }
    }
    if (best_slot < 0) return false;
    apply_replicate(best_slot, best_y);
    return true;
  }

  // GPUs holding x's replicas other than `slot`, each with its gain in delta_.
  const std::vector<int>& gpus_gaining(int x, int slot, double gain) {
    for (int g : touched_) delta_[at(g)] = 0;
    touched_.clear();
    for (int s : slots_of_[at(x)]) {
      if (s == slot) continue;
      const int g = gpu_of(s);
      if (delta_[at(g)] == 0) touched_.push_back(g);
      delta_[at(g)] += gain;
    }
    return touched_;
  }

  void apply_replicate(int slot, int y) {
    const int x = p2l_[at(slot)];
    const double x_after = weight_[at(x)] / (count_[at(x)] - 1), y_after = weight_[at(y)] / (count_[at(y)] + 1);
    for (int s : slots_of_[at(x)]) load_[at(gpu_of(s))] += s == slot ? -replica_[at(x)] : x_after - replica_[at(x)];
    for (int s : slots_of_[at(y)]) load_[at(gpu_of(s))] += y_after - replica_[at(y)];
    load_[at(gpu_of(slot))] += y_after;
    p2l_[at(slot)] = y;
    auto& xs = slots_of_[at(x)];
    xs.erase(std::find(xs.begin(), xs.end(), slot));
    slots_of_[at(y)].push_back(slot);
    --count_[at(x)];
    ++count_[at(y)];
    replica_[at(x)] = x_after;
    replica_[at(y)] = y_after;
  }

  const PlacementSpec& spec_;
  const int per_gpu_;
  const std::vector<double>& weight_;
  std::vector<int> p2l_;
  std::vector<int> count_;
  std::vector<double> replica_;
  std::vector<double> load_;
  std::vector<double> delta_;
  std::vector<int> touched_;
  std::vector<std::vector<int>> slots_of_;  // [expert] its slots
};

double max_of(const std::vector<double>& v) { return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()); }

// Lower is better: peak load first, then tokens crossing nodes.
bool better_layer(const LayerPlacement& a, const LayerPlacement& b) {
  const double tolerance = kRelativeImprovement * std::max(a.max_over_mean, b.max_over_mean);
  if (a.max_over_mean < b.max_over_mean - tolerance) return true;
  if (a.max_over_mean > b.max_over_mean + tolerance) return false;
  return a.cross_node_fraction < b.cross_node_fraction - kRelativeImprovement;
}

void check_load_row(const PlacementSpec& spec, const std::vector<double>& expert_load, const std::string& where) {
  if (static_cast<int>(expert_load.size()) != spec.experts)
    throw InputError(fmt::format("{}: {} expert token counts, expected {} (one per expert)", where, expert_load.size(),
                                 spec.experts));
  for (size_t e = 0; e < expert_load.size(); ++e) {
    if (!std::isfinite(expert_load[e]) || expert_load[e] < 0)
      throw InputError(fmt::format("{}: expert {}: token count must be a finite number >= 0, got {}", where, e, expert_load[e]));
  }
}

}  // namespace

const std::vector<std::string>& placement_algorithm_names() {
  static const std::vector<std::string> names = {"linear", "round-robin", "eplb", "lpt-swap", "best"};
  return names;
}

std::string algorithm_name(PlacementAlgorithm a) {
  switch (a) {
    case PlacementAlgorithm::kLinear: return "linear";
    case PlacementAlgorithm::kRoundRobin: return "round-robin";
    case PlacementAlgorithm::kEplb: return "eplb";
    case PlacementAlgorithm::kLptSwap: return "lpt-swap";
    case PlacementAlgorithm::kBest: return "best";
  }
  return "?";
}

PlacementAlgorithm parse_placement_algorithm(const std::string& name) {
  if (name == "linear") return PlacementAlgorithm::kLinear;
  if (name == "round-robin" || name == "round_robin") return PlacementAlgorithm::kRoundRobin;
  if (name == "eplb") return PlacementAlgorithm::kEplb;
  if (name == "lpt-swap") return PlacementAlgorithm::kLptSwap;
  if (name == "best") return PlacementAlgorithm::kBest;
  std::string list;
  for (const auto& n : placement_algorithm_names()) list += (list.empty() ? "" : ", ") + n;
  throw InputError("algorithm: unknown placement algorithm '" + name + "'" + did_you_mean(name, placement_algorithm_names()) +
                   "; expected one of " + list);
}

void validate_placement_spec(const PlacementSpec& s) {
  // Keeps slot indices and per-layer work in a sane range; far beyond any model.
  constexpr int kMaxSlots = 1 << 20;
  if (s.experts < 1) throw InputError(fmt::format("experts: must be at least 1, got {}", s.experts));
  if (s.gpus < 1) throw InputError(fmt::format("gpus: must be at least 1, got {}", s.gpus));
  if (s.nodes < 1) throw InputError(fmt::format("nodes: must be at least 1, got {}", s.nodes));
  if (s.groups < 1) throw InputError(fmt::format("groups: must be at least 1, got {}", s.groups));
  if (s.groups > s.experts)
    throw InputError(fmt::format("groups: {} expert groups but only {} experts; a group needs at least one expert", s.groups,
                                 s.experts));
  if (s.experts % s.groups != 0)
    throw InputError(fmt::format("groups: {} experts do not split into {} equal groups ({} % {} = {})", s.experts, s.groups,
                                 s.experts, s.groups, s.experts % s.groups));
  if (s.gpus % s.nodes != 0)
    throw InputError(fmt::format("nodes: {} GPUs do not split evenly over {} nodes ({} % {} = {})", s.gpus, s.nodes, s.gpus,
                                 s.nodes, s.gpus % s.nodes));
  if (s.slots < s.experts)
    throw InputError(fmt::format("replicas: {} expert slots for {} experts; every expert needs at least one slot "
                                 "(slots = experts + redundant)",
                                 s.slots, s.experts));
  if (s.slots > kMaxSlots) throw InputError(fmt::format("replicas: {} expert slots is above the limit of {}", s.slots, kMaxSlots));
  if (s.slots % s.gpus != 0)
    throw InputError(fmt::format("replicas: {} expert slots (experts + redundant) do not divide over {} GPUs ({} % {} = {}); "
                                 "every GPU must hold the same number of slots",
                                 s.slots, s.gpus, s.slots, s.gpus, s.slots % s.gpus));
}

bool eplb_is_hierarchical(const PlacementSpec& spec) { return spec.nodes > 0 && spec.groups % spec.nodes == 0; }

std::vector<int> linear_layout(const PlacementSpec& spec) {
  std::vector<int> p(at(spec.slots));
  for (int s = 0; s < spec.slots; ++s) p[at(s)] = s % spec.experts;
  return p;
}

std::vector<int> round_robin_layout(const PlacementSpec& spec) {
  const int per_gpu = spec.slots_per_gpu();
  std::vector<int> p(at(spec.slots));
  for (int s = 0; s < spec.slots; ++s) {
    const int gpu = s / per_gpu, k = s % per_gpu;
    p[at(s)] = (k * spec.gpus + gpu) % spec.experts;
  }
  return p;
}

std::vector<int> eplb_layout(const PlacementSpec& spec, const std::vector<double>& expert_load) {
  if (eplb_is_hierarchical(spec)) return eplb_hierarchical(expert_load, spec.slots, spec.groups, spec.nodes, spec.gpus);
  return eplb_hierarchical(expert_load, spec.slots, 1, 1, spec.gpus);
}

std::vector<int> lpt_swap_layout(const PlacementSpec& spec, const std::vector<double>& expert_load) {
  // Globally optimal replication, LPT packing, then local search.
  LocalSearch search(spec, expert_load, lpt_pack(spec, expert_load, greedy_replica_counts(expert_load, spec.slots)));
  search.run();
  // Iterated local search: kick the best layout, search again, keep improvements.
  std::vector<int> best = search.layout();
  double best_peak = search.peak();
  const double total = std::accumulate(expert_load.begin(), expert_load.end(), 0.0);
  const double bound = std::max(total / spec.gpus, min_max_replica_load(expert_load, spec.slots));
  Rng rng(kLptSwapSeed);
  for (int k = 0; k < kKicks && best_peak > bound * (1 + kCloseEnough); ++k) {
    search.kick(rng, kKickMoves);
    search.run();
    if (search.peak() < best_peak * (1 - kRelativeImprovement)) {
      best = search.layout();
      best_peak = search.peak();
    } else {
      search.reset(best);
    }
  }
  // Never worse than EPLB: if its layout is better, refine that instead.
  std::vector<int> from_eplb = eplb_layout(spec, expert_load);
  const LayerPlacement ours = evaluate_layout(spec, expert_load, best, PlacementAlgorithm::kLptSwap);
  if (!better_layer(evaluate_layout(spec, expert_load, from_eplb, PlacementAlgorithm::kEplb), ours)) return best;
  LocalSearch refine(spec, expert_load, from_eplb);
  refine.run();
  return refine.layout();
}

double min_max_replica_load(const std::vector<double>& expert_load, int slots) {
  if (expert_load.empty()) return 0;
  const std::vector<int> count = greedy_replica_counts(expert_load, slots);
  double heaviest = 0;
  for (size_t e = 0; e < expert_load.size(); ++e) heaviest = std::max(heaviest, expert_load[e] / count[e]);
  return heaviest;
}

LayerPlacement evaluate_layout(const PlacementSpec& spec, const std::vector<double>& expert_load,
                               std::vector<int> physical_to_logical, PlacementAlgorithm algorithm) {
  if (static_cast<int>(physical_to_logical.size()) != spec.slots)
    throw std::logic_error(fmt::format("placement has {} slots, expected {}", physical_to_logical.size(), spec.slots));
  for (int e : physical_to_logical)
    if (e < 0 || e >= spec.experts) throw std::logic_error(fmt::format("placement names expert {} of {}", e, spec.experts));
  LayerPlacement lp;
  lp.algorithm = algorithm;
  lp.logical_count = replica_counts(spec, physical_to_logical);
  for (int e = 0; e < spec.experts; ++e)
    if (lp.logical_count[at(e)] == 0) throw std::logic_error(fmt::format("placement leaves expert {} without a slot", e));
  lp.gpu_load = gpu_loads(spec, per_replica_load(expert_load, lp.logical_count), physical_to_logical);
  lp.node_load.assign(at(spec.nodes), 0.0);
  const int per_node = spec.gpus_per_node();
  for (int g = 0; g < spec.gpus; ++g) lp.node_load[at(g / per_node)] += lp.gpu_load[at(g)];

  const double total = std::accumulate(expert_load.begin(), expert_load.end(), 0.0);
  lp.mean_gpu_load = total / spec.gpus;
  const double peak = max_of(lp.gpu_load);
  if (total > 0) {
    lp.max_over_mean = peak / lp.mean_gpu_load;
    lp.imbalance = lp.max_over_mean - 1;
    lp.balancedness = lp.mean_gpu_load / peak;
    const double bound = std::max(lp.mean_gpu_load, min_max_replica_load(expert_load, spec.slots));
    lp.lower_bound_max_over_mean = bound / lp.mean_gpu_load;

    // Nodes holding each expert; the rest of that expert's tokens cross.
    const int per_gpu = spec.slots_per_gpu();
    std::vector<int> nodes_with(at(spec.experts), 0);
    std::vector<int> last_node(at(spec.experts), -1);
    for (int s = 0; s < spec.slots; ++s) {  // slots are node-major, so a node's slots are contiguous
      const int e = physical_to_logical[at(s)], node = s / per_gpu / per_node;
      if (last_node[at(e)] != node) {
        last_node[at(e)] = node;
        ++nodes_with[at(e)];
      }
    }
    double crossing = 0;
    for (int e = 0; e < spec.experts; ++e)
      crossing += expert_load[at(e)] * (1.0 - static_cast<double>(nodes_with[at(e)]) / spec.nodes);
    lp.cross_node_fraction = crossing / total;
  }
  lp.physical_to_logical = std::move(physical_to_logical);
  return lp;
}

LayerPlacement place_layer(const PlacementSpec& spec, const std::vector<double>& expert_load, PlacementAlgorithm algorithm) {
  validate_placement_spec(spec);
  check_load_row(spec, expert_load, "routing statistics");
  switch (algorithm) {
    case PlacementAlgorithm::kLinear: return evaluate_layout(spec, expert_load, linear_layout(spec), algorithm);
    case PlacementAlgorithm::kRoundRobin: return evaluate_layout(spec, expert_load, round_robin_layout(spec), algorithm);
    case PlacementAlgorithm::kEplb: return evaluate_layout(spec, expert_load, eplb_layout(spec, expert_load), algorithm);
    case PlacementAlgorithm::kLptSwap:
      return evaluate_layout(spec, expert_load, lpt_swap_layout(spec, expert_load), algorithm);
    case PlacementAlgorithm::kBest: break;
  }
  LayerPlacement best;
  bool have = false;
  for (PlacementAlgorithm a : {PlacementAlgorithm::kLinear, PlacementAlgorithm::kRoundRobin, PlacementAlgorithm::kEplb,
                               PlacementAlgorithm::kLptSwap}) {
    LayerPlacement candidate = place_layer(spec, expert_load, a);
    if (!have || better_layer(candidate, best)) best = std::move(candidate);
    have = true;
  }
  return best;
}

PlacementResult place_experts(const PlacementSpec& spec, const RoutingStats& stats, PlacementAlgorithm algorithm) {
  validate_placement_spec(spec);
  if (stats.layers() == 0) throw InputError(stats.source + ": no layers of routing statistics");
  if (stats.experts() != spec.experts)
    throw InputError(fmt::format("{}: {} experts per layer, but the placement has {} experts", stats.source,
                                 stats.experts(), spec.experts));
  PlacementResult r;
  r.spec = spec;
  r.algorithm = algorithm;
  r.layers.reserve(at(stats.layers()));
  for (int l = 0; l < stats.layers(); ++l) {
    const auto& row = stats.expert_load[at(l)];
    check_load_row(spec, row, fmt::format("{}: layer {}", stats.source, l));
    r.layers.push_back(place_layer(spec, row, algorithm));
  }
  r.summary = summarize(spec, r.layers);
  return r;
}

PlacementSummary summarize(const PlacementSpec& spec, const std::vector<LayerPlacement>& layers) {
  PlacementSummary s;
  s.redundant_slots_per_gpu = spec.gpus > 0 ? static_cast<double>(spec.redundant()) / spec.gpus : 0.0;
  if (layers.empty()) return s;
  double mom = 0, imb = 0, bal = 0, lb = 0, crossing = 0, tokens = 0;
  for (const auto& l : layers) {
    mom += l.max_over_mean;
    imb += l.imbalance;
    bal += l.balancedness;
    lb += l.lower_bound_max_over_mean;
    s.max_over_mean_worst = std::max(s.max_over_mean_worst, l.max_over_mean);
    s.imbalance_worst = std::max(s.imbalance_worst, l.imbalance);
    const double layer_tokens = l.mean_gpu_load * static_cast<double>(l.gpu_load.size());
    crossing += l.cross_node_fraction * layer_tokens;
    tokens += layer_tokens;
  }
  const double n = static_cast<double>(layers.size());
  s.max_over_mean = mom / n;
  s.imbalance = imb / n;
  s.balancedness = bal / n;
  s.lower_bound_max_over_mean = lb / n;
  s.cross_node_fraction = tokens > 0 ? crossing / tokens : 0.0;
  return s;
}

double step_max_over_mean(double fitted, double assignments, int gpus) {
  if (gpus <= 1) return 1.0;
  const double g = static_cast<double>(gpus);
  if (!(assignments >= 1)) return g;  // one token's experts: at worst all on one GPU
  const double spread = std::sqrt(2.0 * std::log(g)) * std::sqrt(g * (1.0 - 1.0 / g) / assignments);
  return std::min(g, std::max(1.0, fitted) + spread);
}

}  // namespace moeplan
