#include "search/search.h"
#include "spec/limits.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "model/engine_batch.h"
#include "placement/scenario_placement.h"
#include "search/strategies.h"

namespace moeplan {

std::string to_string(Objective o) {
  switch (o) {
    case Objective::kThroughputPerGpu: return "throughput_per_gpu";
    case Objective::kGpus: return "gpus";
    case Objective::kTtft: return "ttft";
  }
  return "?";
}

std::optional<Objective> objective_from_string(const std::string& s) {
  if (s == "throughput_per_gpu") return Objective::kThroughputPerGpu;
  if (s == "gpus") return Objective::kGpus;
  if (s == "ttft") return Objective::kTtft;
  return std::nullopt;
}

namespace {

// Strictly better on the objective, then on throughput per GPU.
bool better(const Candidate& a, const Candidate& b, Objective o) {
  const double ta = a.performance.output_tokens_per_s_per_gpu, tb = b.performance.output_tokens_per_s_per_gpu;
  switch (o) {
    case Objective::kThroughputPerGpu:
      if (ta != tb) return ta > tb;
      return a.performance.ttft_s < b.performance.ttft_s;
    case Objective::kGpus:
      if (a.strategy.gpus() != b.strategy.gpus()) return a.strategy.gpus() < b.strategy.gpus();
      return ta > tb;
    case Objective::kTtft:
      if (a.performance.ttft_s != b.performance.ttft_s) return a.performance.ttft_s < b.performance.ttft_s;
      return ta > tb;
  }
  return false;
}

std::string first_missed(const SloReport& r) {
  for (const auto& c : r.checks)
    if (!c.met) return "misses_" + c.metric;
  return "misses_slo";
}

bool dominates(const Candidate& a, const Candidate& b) {
  const Performance &x = a.performance, &y = b.performance;
  const bool no_worse = x.output_tokens_per_s_per_gpu >= y.output_tokens_per_s_per_gpu && x.ttft_s <= y.ttft_s &&
                        x.tpot_s <= y.tpot_s;
  const bool better = x.output_tokens_per_s_per_gpu > y.output_tokens_per_s_per_gpu || x.ttft_s < y.ttft_s ||
                      x.tpot_s < y.tpot_s;
  return no_worse && better;
}

std::string why_loses(const Candidate& c, const Candidate& w, Objective o) {
  const double tc = c.performance.output_tokens_per_s_per_gpu, tw = w.performance.output_tokens_per_s_per_gpu;
  std::vector<std::string> parts;
  if (o == Objective::kGpus && c.strategy.gpus() > w.strategy.gpus())
    parts.push_back(fmt::format("needs {} GPUs instead of {}", c.strategy.gpus(), w.strategy.gpus()));
  if (o == Objective::kTtft && c.performance.ttft_s > w.performance.ttft_s)
    parts.push_back(fmt::format("TTFT {:.1f} ms vs {:.1f} ms", c.performance.ttft_s * 1e3, w.performance.ttft_s * 1e3));
  if (tc < tw) parts.push_back(fmt::format("{:.1f}% lower output throughput per GPU ({:.0f} vs {:.0f} tokens/s)",
                                           (1 - tc / tw) * 100, tc, tw));
  if (c.performance.tpot_s > w.performance.tpot_s * 1.001)
    parts.push_back(fmt::format("TPOT {:.1f} ms vs {:.1f} ms", c.performance.tpot_s * 1e3, w.performance.tpot_s * 1e3));
  if (parts.empty()) parts.push_back("ties on the objective; ranked lower on TTFT");
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

std::vector<int> gpu_counts(const Scenario& sc, const SearchOptions& o) {
  if (o.gpus_max <= 0) return {sc.cluster.gpus};
  std::vector<int> counts;
  for (int g = 1; g <= o.gpus_max; ++g) {
    const bool within_node = g <= sc.cluster.gpus_per_node && (g & (g - 1)) == 0;  // 1, 2, 4, 8 ...
    const bool whole_nodes = g % sc.cluster.gpus_per_node == 0;
    if (within_node || whole_nodes) counts.push_back(g);
  }
  return counts;
}

}  // namespace

SearchResult search_plans(const Scenario& base, const SearchOptions& options) {
  SearchResult r;
  r.options = options;
  const CostModels costs = options.costs ? *options.costs : make_cost_models(base);
  // Best concurrency of each strategy that meets every SLO; failing that,
  // that meets the latency objectives; failing that, any.
  // Indices into all_points, so candidates are copied only at the end.
  std::vector<size_t> feasible, latency_ok, any;
  std::vector<Candidate> all_points;
  std::map<std::tuple<int, int, int>, double> imbalance_cache;
  std::map<std::pair<int, int>, std::unique_ptr<Scenario>> variants;  // (gpus, redundant) -> scenario
  for (int gpus : gpu_counts(base, options)) {
    auto sc = std::make_unique<Scenario>(base);
    sc->cluster.gpus = gpus;
    if (gpus < sc->cluster.gpus_per_node) sc->cluster.gpus_per_node = gpus;
    sc->strategy.reset();
    for_each_strategy(gpus, sc->model.is_moe(), [&](const Strategy& s) {
      ++r.strategies_considered;
      // Redundant expert slots: the scenario's, or with `auto` the fewest that
      // make the slots divide over EP, and one and two more per GPU.
      std::vector<int> redundant_options = {sc->placement.redundant_experts};
      if (sc->placement.redundant_auto && sc->model.is_moe()) {
        const int e = static_cast<int>(sc->model.num_experts);
        const int first = (s.ep - e % s.ep) % s.ep;
        redundant_options = {first, first + s.ep, first + 2 * s.ep};
      }
      if (auto problem = strategy_problem(s, sc->model, sc->cluster, redundant_options.front())) {
        ++r.rejected[reason_key(problem->reason)];
        return;
      }
      const std::vector<StageLayers> stages = stage_layers(s, sc->model);
      std::optional<size_t> best, best_latency, best_any;
      std::string missed;
      for (int redundant : redundant_options) {
        const Scenario* scr = sc.get();
        if (redundant != sc->placement.redundant_experts) {
          auto& copy = variants[{gpus, redundant}];
          if (!copy) {
            copy = std::make_unique<Scenario>(*sc);
            copy->placement.redundant_experts = redundant;
          }
          scr = copy.get();
        }
        const MemoryReport mem = compute_memory(*scr, s, stages, 0);
        if (!mem.fits) {
          if (missed.empty()) missed = "does_not_fit_memory";
          continue;
        }
        const int capacity = mem.kv_capacity_per_dp_rank;
        // Placement depends on the EP group's size, span and slots only: cache it.
        double imbalance = 0;
        if (costs.routing) {
          const PlacementSpec ps = placement_spec(*scr, s);
          const auto key = std::make_tuple(ps.gpus, ps.nodes, ps.slots);
          auto it = imbalance_cache.find(key);
          if (it == imbalance_cache.end())
            it = imbalance_cache.emplace(key, place_for_strategy(*scr, s, costs)->summary.max_over_mean).first;
          imbalance = it->second;
        }
        const PerformanceModel perf(*scr, s, stages, *costs.predict, imbalance);
        const int strategy_index = static_cast<int>(r.evaluated_strategies.size());
        r.evaluated_strategies.push_back({s, redundant});
        std::vector<int> choices = sc->workload.concurrency > 0
                                       ? std::vector<int>{static_cast<int>((sc->workload.concurrency + s.dp * s.instances - 1) /
                                                                           (s.dp * s.instances))}
                                       : concurrency_choices(capacity);
        const bool open_loop = sc->workload.request_rate > 0;
        if (open_loop) choices = {capacity};
        else if (sc->workload.concurrency <= 0) {
          // The one concurrency policy (plan.h) picks the point evaluate
          // would; the powers of two around it feed the Pareto frontier.
          const ConcurrencyChoice pick = choose_concurrency(perf, sc->slo, capacity, perf.limits().max_batch);
          r.policy_evaluations += pick.evaluations;
          if (std::find(choices.begin(), choices.end(), pick.per_dp_rank) == choices.end()) choices.push_back(pick.per_dp_rank);
        }
        for (int n : choices) {
          if (n > capacity) {
            missed = "does_not_fit_memory";
            continue;
          }
          ++r.evaluated_count;
          Candidate c;
          c.strategy = s;
          c.redundant_experts = redundant;
          c.performance = open_loop ? perf.predict_open(sc->workload.request_rate, capacity) : perf.predict(n);
          c.concurrency_per_dp_rank = c.performance.concurrency_per_dp_rank;
          c.slo = check_slo(sc->slo, c.performance);
          c.weights_bytes_max = mem.weights_bytes_max;
          c.total_bytes_max = mem.total_bytes_max;  // static part; the plan adds the KV in use
          bool latency_met = true;
          for (const auto& check : c.slo.checks) latency_met &= check.met || check.metric == "throughput";
          r.points.push_back({strategy_index, c.concurrency_per_dp_rank, c.performance.output_tokens_per_s_per_gpu,
                              c.performance.ttft_s, c.performance.tpot_s, c.slo.met, latency_met});
          all_points.push_back(std::move(c));
          const size_t index = all_points.size() - 1;
          const Candidate& point = all_points.back();
          auto beats = [&](const std::optional<size_t>& than) {
            return !than || better(point, all_points[*than], options.objective);
          };
          if (beats(best_any)) best_any = index;
          if (latency_met && beats(best_latency)) best_latency = index;
          if (!point.slo.met) {
            missed = first_missed(point.slo);
            continue;
          }
          if (beats(best)) best = index;
        }
      }
      if (best) feasible.push_back(*best);
      else ++r.rejected[missed.empty() ? "misses_slo" : missed];
      if (best_latency) latency_ok.push_back(*best_latency);
      if (best_any) any.push_back(*best_any);
    });
    r.scenarios.push_back(std::move(sc));
  }
  // The scenario a point was evaluated on (its GPU count and redundant slots).
  auto scenario_for = [&](const Candidate& c) -> const Scenario* {
    for (const auto& sc : r.scenarios)
      if (sc->cluster.gpus == c.strategy.gpus() && sc->placement.redundant_experts == c.redundant_experts) return sc.get();
    for (const auto& [key, sc] : variants)
      if (key.first == c.strategy.gpus() && key.second == c.redundant_experts) return sc.get();
    return r.scenarios.front().get();
  };
  r.meets_slo = !feasible.empty();
  if (feasible.empty()) {
    // Nothing meets every objective: rank the closest, and say so.
    feasible = latency_ok.empty() ? any : latency_ok;
    r.best_effort = latency_ok.empty() ? "no strategy meets the latency objectives; ranked without them"
                                       : "no strategy meets the throughput objective; ranked among those meeting the latency objectives";
  }
  std::sort(feasible.begin(), feasible.end(),
            [&](size_t a, size_t b) { return better(all_points[a], all_points[b], options.objective); });
  std::vector<size_t> ranked;
  const size_t top = static_cast<size_t>(std::max(1, options.top));
  if (options.launchable) {
    // Best first, skip what the engine cannot launch; looking at a bounded
    // number of strategies keeps the search's cost predictable.
    constexpr size_t kMaxLaunchChecks = 256;
    size_t checked = 0;
    for (size_t i : feasible) {
      if (ranked.size() >= top || ++checked > kMaxLaunchChecks) break;
      const Candidate& c = all_points[i];
      const Plan plan = evaluate_plan(*scenario_for(c), c.strategy, costs, c.concurrency_per_dp_rank);
      if (auto why = options.launchable(plan)) {
        ++r.rejected["engine_cannot_launch"];
        if (r.launch_refusal.empty()) r.launch_refusal = *why;
        continue;
      }
      ranked.push_back(i);
    }
    if (ranked.empty() && !feasible.empty()) {
      r.best_effort += std::string(r.best_effort.empty() ? "" : "; ") +
                       "the engine cannot launch any of the best strategies (" + r.launch_refusal + "); ranked without that";
      r.meets_slo = false;
    }
  }
  if (ranked.empty())
    for (size_t i = 0; i < feasible.size() && i < top; ++i) ranked.push_back(feasible[i]);
  for (size_t i = 0; i < ranked.size(); ++i) {
    Candidate c = all_points[ranked[i]];
    if (i > 0) c.loses_because = why_loses(c, all_points[ranked[0]], options.objective);
    r.candidates.push_back(c);
  }
  // Pareto frontier over every fitting point: by throughput per GPU
  // descending, a point joins when no point already on the frontier (all of
  // which have at least its throughput) dominates it. O(points x frontier).
  std::vector<size_t> order(all_points.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t ia, size_t ib) {
    const Performance &a = all_points[ia].performance, &b = all_points[ib].performance;
    if (a.output_tokens_per_s_per_gpu != b.output_tokens_per_s_per_gpu)
      return a.output_tokens_per_s_per_gpu > b.output_tokens_per_s_per_gpu;
    if (a.ttft_s != b.ttft_s) return a.ttft_s < b.ttft_s;
    return a.tpot_s < b.tpot_s;
  });
  for (size_t i : order) {
    const Candidate& c = all_points[i];
    bool dominated = false;
    for (const Candidate& f : r.pareto)
      if (dominates(f, c) || (f.performance.output_tokens_per_s_per_gpu == c.performance.output_tokens_per_s_per_gpu &&
                              f.performance.ttft_s == c.performance.ttft_s && f.performance.tpot_s == c.performance.tpot_s)) {
        dominated = true;
        break;
      }
    if (!dominated) r.pareto.push_back(c);
  }
  for (auto& [key, scenario] : variants) r.scenarios.push_back(std::move(scenario));
  if (!r.candidates.empty()) {
    const Candidate& w = r.candidates.front();
    const Scenario* owner = nullptr;
    for (const auto& sc : r.scenarios)
      if (sc->cluster.gpus == w.strategy.gpus() && sc->placement.redundant_experts == w.redundant_experts) owner = sc.get();
    r.recommended = evaluate_plan(*owner, w.strategy, costs, w.concurrency_per_dp_rank);
  }
  if (base.strategy) {
    r.scenarios.push_back(std::make_unique<Scenario>(base));
    r.reference = evaluate_plan(*r.scenarios.back(), *base.strategy, costs);
  }
  return r;
}

}  // namespace moeplan
