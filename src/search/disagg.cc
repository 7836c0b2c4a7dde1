#include "search/disagg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "model/engine_batch.h"
#include "model/kv_cache.h"
#include "placement/scenario_placement.h"
#include "search/plan.h"
#include "search/strategies.h"
#include "spec/engine_defaults.h"
#include "spec/error.h"
#include "spec/serving_config.h"

namespace moeplan {

std::string to_string(PoolRole r) { return r == PoolRole::kPrefill ? "prefill" : "decode"; }

namespace {

// Without a TTFT objective the prefill pool is planned to run at most this
// loaded: an M/M/1 queue at 90 % load waits 9 service times, beyond which
// TTFT is mostly queueing.
constexpr double kMaxPrefillLoad = 0.9;
// Relative margin kept below the load at which queueing uses up the TTFT
// objective exactly (1e-12: invisible in any figure, far above rounding).
constexpr double kTtftBoundMargin = 1e-12;
// Best pool strategies kept per role for rate matching (pairs tried: k x k).
constexpr size_t kPoolCandidates = 3;

// Everything one pool instance does, for a strategy; nullopt when it does
// not fit (why in `why_not`).
// The most loaded GPU over the mean for a pool's expert placement, from the
// scenario's routing statistics (its `placement:` section); 0 = none given
// (runtime.moe_load_imbalance). Placement depends on the EP group's size,
// span and slots only: cached on them.
using ImbalanceCache = std::map<std::tuple<int, int, int>, double>;
double pool_imbalance(const Scenario& sc, const Strategy& s, const CostModels& costs, ImbalanceCache* cache) {
  if (!costs.routing || !sc.model.is_moe() || s.ep <= 1) return 0;
  const PlacementSpec ps = placement_spec(sc, s);
  const auto key = std::make_tuple(ps.gpus, ps.nodes, ps.slots);
  auto it = cache->find(key);
  if (it == cache->end()) it = cache->emplace(key, place_for_strategy(sc, s, costs)->summary.max_over_mean).first;
  return it->second;
}

// `per_dp_rank` > 0 (decode): the requests each DP rank holds, given by the
// workload's concurrency, instead of the concurrency policy's choice.
std::optional<PoolPlan> evaluate_pool(PoolRole role, std::shared_ptr<const Scenario> psc, const Strategy& s, const CostModels& costs,
                                      int* evaluations, std::string* why_not, ImbalanceCache* cache, int per_dp_rank = 0) {
  const Scenario& sc = *psc;
  PoolPlan pool;
  pool.role = role;
  pool.strategy = s;
  pool.strategy.instances = 1;
  const std::vector<StageLayers> stages = stage_layers(pool.strategy, sc.model);
  pool.experts = expert_distribution(pool.strategy, sc.model, stages, sc.cluster.gpus_per_node, sc.placement.redundant_experts);
  const MemoryReport capacity = compute_memory(sc, pool.strategy, stages, 0);
  if (!capacity.fits) {
    if (why_not) *why_not = capacity.why_not;
    return std::nullopt;
  }
  pool.kv_capacity_per_dp_rank = capacity.kv_capacity_per_dp_rank;
  pool.moe_imbalance = pool_imbalance(sc, pool.strategy, costs, cache);
  const PerformanceModel perf(sc, pool.strategy, stages, *costs.predict, pool.moe_imbalance);
  const double input = static_cast<double>(sc.workload.input_tokens);
  const double output = static_cast<double>(sc.workload.output_tokens);
  const int gpus = pool.strategy.gpus_per_instance();
  if (role == PoolRole::kPrefill) {
    const Performance p = perf.predict(1, &pool.detail);
    ++*evaluations;
    pool.decode_bottleneck_stage = p.decode_bottleneck_stage;
    pool.prefill_bottleneck_stage = p.prefill_bottleneck_stage;
    pool.prefill_latency_s = p.prefill_latency_s;
    pool.prefill_busy_s = p.prefill_busy_s;
    pool.requests_per_s_per_instance = s.dp / p.prefill_busy_s;
    // A prefill rank holds the prompts of the chunk it runs.
    const int in_flight = static_cast<int>(std::ceil(static_cast<double>(perf.limits().token_budget) / input));
    pool.memory = compute_memory(sc, pool.strategy, stages, std::min(std::max(1, in_flight), std::max(1, pool.kv_capacity_per_dp_rank)));
    pool.tokens_per_s_per_gpu = pool.requests_per_s_per_instance * input / gpus;
    return pool;
  }
  if (pool.kv_capacity_per_dp_rank < 1) {
    if (why_not)
      *why_not = fmt::format("a decode rank holds {:.2f} requests of {} tokens in its KV cache, less than one",
                             capacity.kv_capacity_sequences / s.dp, sc.workload.input_tokens + sc.workload.output_tokens);
    return std::nullopt;
  }
  // Decode alone: TPOT is the decode cycle over the tokens a step emits.
  auto tpot = [&](int n) {
    ++*evaluations;
    const Performance p = perf.predict(n);
    return p.decode_cycle_s / p.tokens_per_step;
  };
  // The one concurrency policy (plan.h), with the decode pool's own objective;
  // or, as evaluate_plan does with workload.concurrency, the requests given.
  const std::optional<double> target = sc.slo.tpot_s;
  int n = per_dp_rank;
  if (n > 0) {
    pool.concurrency_from_workload = true;
  } else {
    const ConcurrencyChoice choice = choose_concurrency(pool.kv_capacity_per_dp_rank, perf.limits().max_batch,
                                                        [&](int k) { return !target || tpot(k) <= *target; });
    n = choice.per_dp_rank;
    pool.tpot_met = choice.latency_met;
  }
  const Performance p = perf.predict(n, &pool.detail);
  ++*evaluations;
  pool.decode_bottleneck_stage = p.decode_bottleneck_stage;
  pool.prefill_bottleneck_stage = p.prefill_bottleneck_stage;
  pool.concurrency_per_dp_rank = n;
  pool.tpot_s = p.decode_cycle_s / p.tokens_per_step;
  if (per_dp_rank > 0) pool.tpot_met = !target || pool.tpot_s <= *target;
  const double output_per_s = p.running_per_dp_rank * s.dp / pool.tpot_s;  // tokens/s per instance
  pool.requests_per_s_per_instance = output_per_s / output;
  pool.memory = compute_memory(sc, pool.strategy, stages, n);
  pool.tokens_per_s_per_gpu = output_per_s / gpus;
  return pool;
}

// The rate, TTFT and verdict of x prefill and y decode instances.
struct Match {
  RateMatch rate;
  double ttft_s = 0;
  bool fits = true;  // the decode pool's KV cache holds the requests it is given
  bool met = false;
};

Match match(const Scenario& sc, const PoolPlan& p, const PoolPlan& d, const KvTransfer& kv, int x, int y) {
  Match m;
  RateMatch& r = m.rate;
  r.prefill_instances = x;
  r.decode_instances = y;
  r.ratio = fmt::format("{}P:{}D", x, y);
  r.gpus = x * p.strategy.gpus_per_instance() + y * d.strategy.gpus_per_instance();
  r.gpu_budget = sc.cluster.gpus;
  const double busy = p.prefill_busy_s;
  const double fixed = p.prefill_latency_s + kv.exposed_seconds;
  double load = kMaxPrefillLoad;
  bool ttft_possible = true;
  if (sc.slo.ttft_s) {
    // Queueing may add W = target - prefill - transfer: rho / (1 - rho) x busy <= W.
    const double w = *sc.slo.ttft_s - fixed;
    ttft_possible = w > 0;
    // A hair below the bound: at rho = W / (W + busy) exactly, rounding in
    // rho / (1 - rho) x busy can put TTFT one ulp above its target, which
    // check_slo then calls missed.
    load = ttft_possible ? std::min(load, w / (w + busy) * (1 - kTtftBoundMargin)) : 0;
  }
  const double full = x * p.requests_per_s_per_instance;
  r.prefill_capacity_requests_per_s = full * load;
  r.decode_capacity_requests_per_s = y * d.requests_per_s_per_instance;
  r.binding = r.prefill_capacity_requests_per_s < r.decode_capacity_requests_per_s ? "prefill" : "decode";
  r.requests_per_s = std::min(r.prefill_capacity_requests_per_s, r.decode_capacity_requests_per_s);
  bool sustainable = true;
  if (sc.workload.request_rate > 0) {
    sustainable = sc.workload.request_rate <= std::min(full, r.decode_capacity_requests_per_s);
    r.requests_per_s = std::min(sc.workload.request_rate, std::min(full, r.decode_capacity_requests_per_s));
  }
  if (!ttft_possible && sc.workload.request_rate <= 0) {
    // TTFT is missed whatever the load: report the pools at the prefill's planning load.
    r.requests_per_s = std::min(full * kMaxPrefillLoad, r.decode_capacity_requests_per_s);
  }
  const double rho = full > 0 ? r.requests_per_s / full : 1;
  r.queue_wait_s = rho < 1 ? rho / (1 - rho) * busy : std::numeric_limits<double>::infinity();
  r.output_tokens_per_s = r.requests_per_s * static_cast<double>(sc.workload.output_tokens);
  r.output_tokens_per_s_per_gpu = r.output_tokens_per_s / r.gpus;
  m.ttft_s = fixed + r.queue_wait_s;
  m.fits = d.memory.fits;
  m.met = m.fits && sustainable && d.tpot_met && (!sc.slo.ttft_s || m.ttft_s <= *sc.slo.ttft_s * (1 + 1e-9)) &&
          (!sc.slo.tpot_s || d.tpot_s <= *sc.slo.tpot_s) &&
          (!sc.slo.throughput_tokens_per_s || r.output_tokens_per_s >= *sc.slo.throughput_tokens_per_s);
  return m;
}

bool better(const Match& a, const Match& b) {
  if (a.fits != b.fits) return a.fits;
  if (a.met != b.met) return a.met;
  if (a.rate.output_tokens_per_s_per_gpu != b.rate.output_tokens_per_s_per_gpu)
    return a.rate.output_tokens_per_s_per_gpu > b.rate.output_tokens_per_s_per_gpu;
  return a.rate.output_tokens_per_s > b.rate.output_tokens_per_s;
}

// The decode pool at y instances. Without workload.concurrency the pool runs
// what the concurrency policy chose for one instance, whatever y. With it,
// the deployment's requests in flight are the decode pool's, split evenly
// over its y x DP ranks as evaluate_plan splits them over DP x instances:
// ceil(concurrency / (DP x y)) per rank, evaluated once per distinct count.
class DecodeAtInstances {
 public:
  DecodeAtInstances(const Scenario& sc, const PoolPlan& d, const CostModels& costs, int* evaluations)
      : sc_(sc), d_(d), costs_(costs), evaluations_(evaluations) {}
  const PoolPlan& at(int y) {
    if (sc_.workload.concurrency <= 0) return d_;
    const int64_t ranks = static_cast<int64_t>(d_.strategy.dp) * y;
    const int n = static_cast<int>((sc_.workload.concurrency + ranks - 1) / ranks);
    auto it = by_rank_.find(n);
    if (it == by_rank_.end()) {
      auto pool = evaluate_pool(PoolRole::kDecode, d_.scenario, d_.strategy, costs_, evaluations_, nullptr, &cache_, n);
      if (!pool) return d_;  // cannot happen: the same strategy held one request when d_ was evaluated
      pool->scenario = d_.scenario;
      it = by_rank_.emplace(n, std::move(*pool)).first;
    }
    return it->second;
  }
  const PoolPlan& base() const { return d_; }

 private:
  const Scenario& sc_;
  const PoolPlan& d_;
  const CostModels& costs_;
  int* evaluations_;
  ImbalanceCache cache_;
  std::map<int, PoolPlan> by_rank_;
};

// Every (x, y) within the budget, or the given counts.
std::optional<Match> best_match(const Scenario& sc, const PoolPlan& p, DecodeAtInstances& decode, const KvTransfer& kv,
                                PoolPlan* chosen_decode) {
  const int gp = p.strategy.gpus_per_instance(), gd = decode.base().strategy.gpus_per_instance();
  const int budget = sc.cluster.gpus;
  const int fx = sc.serving.prefill.instances, fy = sc.serving.decode.instances;
  std::optional<Match> best;
  for (int x = fx > 0 ? fx : 1; x * gp + gd <= budget || (fx > 0 && x == fx); ++x) {
    for (int y = fy > 0 ? fy : 1; x * gp + y * gd <= budget || (fy > 0 && y == fy); ++y) {
      if (x * gp + y * gd > budget) break;
      const PoolPlan& dy = decode.at(y);
      const Match m = match(sc, p, dy, kv, x, y);
      if (!best || better(m, *best)) {
        best = m;
        *chosen_decode = dy;
      }
      if (fy > 0) break;
    }
    if (fx > 0) break;
  }
  return best;
}

std::vector<PoolPlan> pool_candidates(const Scenario& sc, PoolRole role, const CostModels& costs, int other_min_gpus,
                                      int* evaluations) {
  ImbalanceCache cache;
  const PoolConfig& pc = role == PoolRole::kPrefill ? sc.serving.prefill : sc.serving.decode;
  std::vector<PoolPlan> out;
  if (pc.strategy) {
    auto psc = pool_scenario(sc, pc, pc.strategy->gpus_per_instance());
    psc->strategy = *pc.strategy;
    std::string why;
    auto pool = evaluate_pool(role, psc, *pc.strategy, costs, evaluations, &why, &cache);
    if (!pool)
      throw InputError(pc.where + fmt::format("strategy {} cannot serve the {} pool: {}", pc.strategy->label(), to_string(role), why));
    pool->scenario = psc;
    out.push_back(std::move(*pool));
    return out;
  }
  const int budget = sc.cluster.gpus - other_min_gpus;
  for (int g : divisors(sc.cluster.gpus)) {
    if (g > budget) break;
    auto psc = pool_scenario(sc, pc, g);
    for_each_strategy(g, sc.model.is_moe(), [&](const Strategy& s) {
      if (s.instances != 1) return;
      if (strategy_problem(s, psc->model, psc->cluster, psc->placement.redundant_experts)) return;
      auto pool = evaluate_pool(role, psc, s, costs, evaluations, nullptr, &cache);
      if (!pool || !pool->tpot_met) return;
      pool->scenario = psc;
      out.push_back(std::move(*pool));
    });
  }
  std::sort(out.begin(), out.end(), [](const PoolPlan& a, const PoolPlan& b) { return a.tokens_per_s_per_gpu > b.tokens_per_s_per_gpu; });
  if (out.size() > kPoolCandidates) out.resize(kPoolCandidates);
  return out;
}

}  // namespace

std::shared_ptr<Scenario> pool_scenario(const Scenario& sc, const PoolConfig& pc, int gpus_per_instance) {
  auto p = std::make_shared<Scenario>(sc);
  if (pc.gpu) {
    p->cluster.gpu = *pc.gpu;
    const EngineDefaults d = engine_defaults(p->runtime.engine, p->cluster.gpu);
    if (p->runtime.prefill_chunk_from_engine) p->runtime.prefill_chunk_tokens = d.token_budget;
    if (p->runtime.max_batch_from_engine) p->runtime.max_batch_size = d.max_batch;
  }
  if (pc.redundant_experts) p->placement.redundant_experts = *pc.redundant_experts;
  p->cluster.gpus = gpus_per_instance;
  if (gpus_per_instance < p->cluster.gpus_per_node) p->cluster.gpus_per_node = gpus_per_instance;
  p->workload.concurrency = 0;
  p->workload.request_rate = 0;
  p->serving = ServingConfig{};
  p->strategy.reset();
  return p;
}

Scenario deployed_scenario(const Scenario& sc, const Deployment& d) {
  Scenario out = sc;
  out.serving.mode = ServingMode::kDisaggregated;
  // The deployment is its pools: an aggregated `strategy:` (what auto compared, or --strategy's) is not part of it.
  out.strategy.reset();
  out.strategy_note.clear();
  for (const PoolPlan& p : d.pools) {
    PoolConfig& pc = p.role == PoolRole::kPrefill ? out.serving.prefill : out.serving.decode;
    Strategy one = p.strategy;
    one.instances = 1;
    pc.strategy = one;
    pc.instances = p.strategy.instances;
  }
  return out;
}

KvTransfer kv_transfer(const Scenario& sc, const Strategy& prefill) {
  KvTransfer t;
  const KvCacheFacts kv = kv_cache_facts(sc.model);
  t.bytes_per_request = kv.bytes_per_sequence(static_cast<double>(sc.workload.input_tokens));
  t.link_bytes_per_s = sc.serving.kv_bandwidth_bytes_per_s > 0 ? sc.serving.kv_bandwidth_bytes_per_s : sc.cluster.inter_node.bandwidth_bytes_per_s;
  t.efficiency = sc.serving.kv_efficiency;
  // MLA's latent is whole on every TP rank: one rank sends it. MHA/GQA KV
  // heads are sharded over TP: every shard moves at once on its own NIC.
  const bool mla = sc.model.kv_lora_rank > 0;
  t.streams = mla ? 1 : std::max<int>(1, static_cast<int>(std::min<int64_t>(prefill.tp, std::max<int64_t>(1, sc.model.num_kv_heads))));
  t.layerwise = sc.serving.kv_layerwise;
  const double rate = t.link_bytes_per_s * t.efficiency * t.streams;
  t.seconds = rate > 0 ? t.bytes_per_request / rate + sc.cluster.inter_node.latency_s : std::numeric_limits<double>::infinity();
  // Layer by layer, only the last layer's share is left after the prefill.
  t.exposed_seconds = t.layerwise ? t.seconds / std::max<int64_t>(1, sc.model.num_layers) : t.seconds;
  return t;
}

std::optional<Deployment> plan_disaggregated(const Scenario& sc, const CostModels& costs) {
  int evaluations = 0;
  const PoolConfig& pc = sc.serving.prefill;
  const PoolConfig& dc = sc.serving.decode;
  const int min_p = pc.strategy ? pc.strategy->gpus_per_instance() * std::max(1, pc.instances) : 1;
  const int min_d = dc.strategy ? dc.strategy->gpus_per_instance() * std::max(1, dc.instances) : 1;
  const std::vector<PoolPlan> prefills = pool_candidates(sc, PoolRole::kPrefill, costs, min_d, &evaluations);
  const std::vector<PoolPlan> decodes = pool_candidates(sc, PoolRole::kDecode, costs, min_p, &evaluations);
  std::optional<Deployment> best;
  std::optional<Match> best_match_found;
  for (const PoolPlan& p : prefills) {
    const KvTransfer kv = kv_transfer(sc, p.strategy);
    for (const PoolPlan& d : decodes) {
      if (!pc.strategy || !dc.strategy) {
        try {
          require_compatible_pools(sc, p.strategy, d.strategy, "");
        } catch (const InputError&) {
          continue;
        }
      }
      DecodeAtInstances decode(sc, d, costs, &evaluations);
      PoolPlan chosen_decode;
      auto m = best_match(sc, p, decode, kv, &chosen_decode);
      if (!m || (best_match_found && !better(*m, *best_match_found))) continue;
      best_match_found = m;
      Deployment dep;
      dep.pools = {p, chosen_decode};
      dep.kv_transfer = kv;
      dep.rate_match = m->rate;
      dep.ttft_s = m->ttft_s;
      dep.tpot_s = chosen_decode.tpot_s;
      best = std::move(dep);
    }
  }
  if (!best) return std::nullopt;
  Deployment& dep = *best;
  dep.evaluations = evaluations;
  dep.cost_model = costs.predict->name();
  RateMatch& r = dep.rate_match;
  PoolPlan& p = dep.pools[0];
  PoolPlan& d = dep.pools[1];
  p.strategy.instances = r.prefill_instances;
  d.strategy.instances = r.decode_instances;
  p.requests_per_s = r.requests_per_s;
  d.requests_per_s = r.requests_per_s;
  p.utilisation = r.requests_per_s / (r.prefill_instances * p.requests_per_s_per_instance);
  d.utilisation = r.requests_per_s / (r.decode_instances * d.requests_per_s_per_instance);
  p.tokens_per_s = r.requests_per_s * static_cast<double>(sc.workload.input_tokens);
  d.tokens_per_s = r.output_tokens_per_s;
  // The chosen pools' expert placement (one instance's EP group each).
  for (PoolPlan* pool : {&p, &d}) {
    Strategy one = pool->strategy;
    one.instances = 1;
    pool->placement = place_for_strategy(*pool->scenario, one, costs);
  }
  // The verdict, through the one check_slo.
  Performance perf;
  perf.ttft_s = dep.ttft_s;
  perf.tpot_s = dep.tpot_s;
  perf.output_tokens_per_s = r.output_tokens_per_s;
  if (sc.workload.request_rate > 0) {
    perf.offered_requests_per_s = sc.workload.request_rate;
    perf.max_requests_per_s = std::min(r.prefill_instances * p.requests_per_s_per_instance, r.decode_capacity_requests_per_s);
    perf.sustainable = sc.workload.request_rate <= perf.max_requests_per_s;
  }
  // A decode pool given more requests than its KV cache holds does not fit, and meets nothing (as evaluate_plan).
  MemoryFit fit;
  fit.fits = d.memory.fits;
  fit.needed_bytes = d.memory.total_bytes_max;
  fit.usable_bytes = d.memory.stages.empty() ? 0 : d.memory.stages[static_cast<size_t>(d.memory.worst_stage)].usable_bytes;
  fit.why_not = d.memory.why_not;
  dep.slo = check_slo(sc.slo, perf, fit);
  return best;
}

ServingComparison compare_serving(const Scenario& sc, const Performance& agg, bool agg_met, const Deployment& dis) {
  ServingComparison c;
  const double a = agg.output_tokens_per_s_per_gpu, d = dis.rate_match.output_tokens_per_s_per_gpu;
  const bool dis_met = dis.slo.met;
  if (agg_met != dis_met) {
    c.winner = dis_met ? "disaggregated" : "aggregated";
    const bool tpot_missed = sc.slo.tpot_s && (dis_met ? agg.tpot_s > *sc.slo.tpot_s : dis.tpot_s > *sc.slo.tpot_s);
    if (dis_met)
      c.reason = tpot_missed
                     ? fmt::format("only disaggregated meets TPOT {:.0f} ms: aggregated decode steps carry prefill chunks that "
                                   "add {:.1f} ms to each token ({:.1f} ms in all)",
                                   *sc.slo.tpot_s * 1e3, agg.prefill_stall_s * 1e3, agg.tpot_s * 1e3)
                     : fmt::format("only disaggregated meets every objective (aggregated: TTFT {:.0f} ms, TPOT {:.1f} ms)",
                                   agg.ttft_s * 1e3, agg.tpot_s * 1e3);
    else
      c.reason = fmt::format("only aggregated meets every objective (disaggregated: TTFT {:.0f} ms with a {:.1f} ms KV transfer, "
                             "TPOT {:.1f} ms)",
                             dis.ttft_s * 1e3, dis.kv_transfer.exposed_seconds * 1e3, dis.tpot_s * 1e3);
    return c;
  }
  c.winner = d > a ? "disaggregated" : "aggregated";
  const double gain = (std::max(a, d) / std::max(1e-12, std::min(a, d)) - 1) * 100;
  if (d > a)
    c.reason = fmt::format("disaggregated serves {:.0f}% more output tokens/s per GPU ({:.0f} vs {:.0f}) because its decode "
                           "steps carry no prefill (aggregated adds {:.1f} ms of prefill to each {:.1f} ms token) and each "
                           "pool runs its own strategy, at {} with the {} side binding",
                           gain, d, a, agg.prefill_stall_s * 1e3, agg.tpot_s * 1e3, dis.rate_match.ratio, dis.rate_match.binding);
  else
    c.reason = fmt::format("aggregated serves {:.0f}% more output tokens/s per GPU ({:.0f} vs {:.0f}) because prefill "
                           "interference ({:.1f} ms per token) costs less than splitting the GPUs at {} (the {} side "
                           "binds, the other idles) and moving {:.0f} MB of KV per request",
                           gain, a, d, agg.prefill_stall_s * 1e3, dis.rate_match.ratio, dis.rate_match.binding,
                           dis.kv_transfer.bytes_per_request / 1e6);
  return c;
}

}  // namespace moeplan
