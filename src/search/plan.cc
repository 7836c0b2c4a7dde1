#include "search/plan.h"
#include "spec/limits.h"

#include <algorithm>

#include "model/engine_batch.h"
#include "placement/scenario_placement.h"
#include "search/burst.h"

namespace moeplan {

std::vector<int> concurrency_choices(int capacity) {
  std::vector<int> out;
  for (int n = 1; n < capacity; n *= 2) out.push_back(n);
  if (capacity >= 1) out.push_back(capacity);
  return out;
}

namespace {

// Latency objectives only: a throughput objective is what the choice maximises.
bool meets_latency(const Slo& slo, const Performance& p) {
  return (!slo.ttft_s || p.ttft_s <= *slo.ttft_s) && (!slo.tpot_s || p.tpot_s <= *slo.tpot_s);
}

}  // namespace

ConcurrencyChoice choose_concurrency(int kv_capacity, int64_t max_batch, const std::function<bool(int)>& meets) {
  ConcurrencyChoice c;
  int hi = std::max(1, kv_capacity);
  if (max_batch > 0 && max_batch < hi) hi = static_cast<int>(max_batch);
  ++c.evaluations;
  if (meets(hi)) {
    c.per_dp_rank = hi;
    c.latency_met = true;
    return c;
  }
  ++c.evaluations;
  if (hi == 1 || !meets(1)) return c;
  int lo = 1;  // meets the objectives; hi does not
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    ++c.evaluations;
    if (meets(mid)) lo = mid;
    else hi = mid;
  }
  c.per_dp_rank = lo;
  c.latency_met = true;
  return c;
}

ConcurrencyChoice choose_concurrency(const PerformanceModel& perf, const Slo& slo, int kv_capacity, int64_t max_batch) {
  return choose_concurrency(kv_capacity, max_batch, [&](int n) { return meets_latency(slo, perf.predict(n)); });
}

namespace {

// The steady-state figures at the burst's peak batch, with the run's
// throughput, TTFT and TPOT in place of the steady ones. The steady TPOT
// bound charges every step the prompts a steady state brings; a burst's
// requests that decode after the prompts are done see none, so the run's
// mean TPOT is bounded only by the fastest decode step there is.
Performance burst_performance(Performance steady, const BurstRun& run, const Strategy& s, double lone_decode_step_s,
                              int64_t requests_sent) {
  Performance p = steady;
  // The busiest rank runs ceil(requests / ranks) of them and sets the time; the tokens are the requests sent
  // (500 over 8 ranks is 500, not 8 x 63 = 504).
  const double ranks = run.requests > 0 ? static_cast<double>(requests_sent) / static_cast<double>(run.requests)
                                        : static_cast<double>(s.dp) * s.instances;
  p.burst.on = true;
  p.burst.requests = static_cast<int64_t>(std::llround(run.requests * ranks));
  p.burst.output_tokens = static_cast<int64_t>(std::llround(run.output_tokens * ranks));
  p.burst.makespan_s = run.makespan_s;
  p.burst.drain_s = run.drain_s;
  p.burst.mean_running_per_dp_rank = run.mean_running;
  p.burst.peak_running_per_dp_rank = run.peak_running;
  p.burst.steady_output_tokens_per_s = steady.output_tokens_per_s;
  if (run.makespan_s > 0) {
    p.requests_per_s = run.requests * ranks / run.makespan_s;
    p.output_tokens_per_s = run.output_tokens * ranks / run.makespan_s;
    p.total_tokens_per_s = (run.input_tokens + run.output_tokens) * ranks / run.makespan_s;
    p.output_tokens_per_s_per_gpu = p.output_tokens_per_s / s.gpus();
    p.total_tokens_per_s_per_gpu = p.total_tokens_per_s / s.gpus();
  }
  p.ttft_s = run.mean_ttft_s;
  p.tpot_s = run.mean_tpot_s;
  p.sol_tpot_s = std::min(p.sol_tpot_s, lone_decode_step_s);
  return p;
}

}  // namespace

std::optional<PlacementResult> place_for_strategy(const Scenario& sc, const Strategy& s, const CostModels& costs) {
  if (!costs.routing || !sc.model.is_moe()) return std::nullopt;
  return place_experts(placement_spec(sc, s), *costs.routing, parse_placement_algorithm(sc.placement.algorithm));
}

Plan evaluate_plan(const Scenario& sc, const Strategy& s, const CostModels& costs, int concurrency_per_dp_rank) {
  Plan p;
  p.scenario = &sc;
  p.strategy = s;
  p.params = count_params(sc.model);
  p.kv = kv_cache_facts(sc.model);
  p.stages = stage_layers(s, sc.model);
  p.experts = expert_distribution(s, sc.model, p.stages, sc.cluster.gpus_per_node, sc.placement.redundant_experts);
  p.cost_model = costs.predict->name();
  const MemoryReport capacity = compute_memory(sc, s, p.stages, 0);
  const int per_rank_capacity = capacity.kv_capacity_per_dp_rank;

  double imbalance = 0;
  p.placement = place_for_strategy(sc, s, costs);
  if (p.placement) {
    imbalance = p.placement->summary.max_over_mean;
    p.placement_linear = place_experts(placement_spec(sc, s), *costs.routing, PlacementAlgorithm::kLinear).summary;
  }
  const PerformanceModel perf(sc, s, p.stages, *costs.predict, imbalance);
  p.batch = perf.limits();
  int chosen = 1;
  if (concurrency_per_dp_rank <= 0 && sc.workload.arrival == WorkloadArrival::kBurst) {
    // The burst's own run: its peak batch is the concurrency reported.
    const BurstRun run = run_burst(sc, s, perf, std::max(1, per_rank_capacity));
    chosen = std::max(1, run.peak_running);
    p.concurrency_from_workload = true;
    p.performance = burst_performance(perf.predict(chosen), run, s, perf.sol_lone_decode_step_s(), sc.workload.requests);
    p.sweep.push_back(p.performance);
  } else if (concurrency_per_dp_rank > 0) {
    chosen = concurrency_per_dp_rank;
    p.sweep.push_back(perf.predict(chosen));
    p.performance = p.sweep.back();
  } else if (sc.workload.request_rate > 0) {
    p.sweep.push_back(perf.predict_open(sc.workload.request_rate, std::max(1, per_rank_capacity)));
    p.performance = p.sweep.back();
    chosen = p.performance.concurrency_per_dp_rank;
    p.concurrency_from_workload = true;
  } else if (sc.workload.concurrency > 0) {
    const int64_t ranks = static_cast<int64_t>(s.dp) * s.instances;  // the load balancer splits the requests
    chosen = static_cast<int>((sc.workload.concurrency + ranks - 1) / ranks);
    p.concurrency_from_workload = true;
    p.sweep.push_back(perf.predict(chosen));
    p.performance = p.sweep.back();
  } else {
    const ConcurrencyChoice choice =
        choose_concurrency(perf, sc.slo, std::max(1, per_rank_capacity), p.batch.max_batch);
    chosen = choice.per_dp_rank;
    for (int n : concurrency_choices(std::max(1, per_rank_capacity)))
      if (n != chosen) p.sweep.push_back(perf.predict(n));
    p.performance = perf.predict(chosen);
    p.sweep.push_back(p.performance);
    std::sort(p.sweep.begin(), p.sweep.end(),
              [](const Performance& a, const Performance& b) { return a.concurrency_per_dp_rank < b.concurrency_per_dp_rank; });
  }
  // The per-op times of the chosen point, for the report.
  if (sc.workload.request_rate > 0 && concurrency_per_dp_rank <= 0)
    perf.predict_open(sc.workload.request_rate, std::max(1, per_rank_capacity), &p.detail);
  else
    perf.predict(p.performance.concurrency_per_dp_rank, &p.detail);
  p.memory = compute_memory(sc, s, p.stages, capacity.fits ? chosen : 0);
  MemoryFit fit;
  fit.fits = p.memory.fits;
  fit.needed_bytes = p.memory.total_bytes_max;
  fit.usable_bytes = p.memory.stages.empty() ? 0 : p.memory.stages[static_cast<size_t>(p.memory.worst_stage)].usable_bytes;
  fit.why_not = p.memory.why_not;
  p.slo = check_slo(sc.slo, p.performance, fit);
  p.throughput_band = error_band(p.performance.output_tokens_per_s, p.performance.sol_output_tokens_per_s);
  return p;
}

Plan evaluate_plan(const Scenario& sc, const Strategy& s) { return evaluate_plan(sc, s, make_cost_models(sc)); }

PerformanceBounds performance_bounds(const Scenario& sc, const Plan& p, int input_tokens, int concurrency, bool full_batch) {
  Scenario at = sc;
  if (input_tokens > 0) at.workload.input_tokens = input_tokens;
  at.runtime.moe_load_imbalance = 1.0;  // a perfectly balanced expert load
  const CostModels costs = make_cost_models(at);
  const PerformanceModel perf(at, p.strategy, p.stages, *costs.predict, 1.0);
  PerformanceBounds b;
  b.input_tokens = static_cast<int>(at.workload.input_tokens);
  const Performance one = perf.predict(1);
  b.min_tpot_s = perf.sol_lone_decode_step_s();
  b.min_ttft_s = one.sol_ttft_s;
  // The KV cache bounds the requests in flight; every DP rank of every
  // instance decodes its own. Output tokens/s is requests / step time, the
  // step at least the decode alone and at least the FLOPs of the decode and
  // of the prompts its arrivals bring (steady state: every request is
  // prefilled once).
  int per_rank = p.memory.kv_capacity_per_dp_rank;  // the KV budget does not depend on the requests in use
  const double ranks = static_cast<double>(p.strategy.dp) * p.strategy.instances;
  // A stated concurrency is what is in flight: read as every DP rank's own (the weakest bound, whether the figure is
  // the deployment's or a rank's), whatever the KV cache is estimated to hold.
  if (concurrency > 0) per_rank = static_cast<int>(std::min<int64_t>(limits::kConcurrency, concurrency));
  for (int n : concurrency_choices(std::max(1, per_rank))) {
    const Performance q = n == 1 ? one : perf.predict(n);
    const double rate = q.running_per_dp_rank * ranks / std::max(q.sol_decode_step_s, q.sol_steady_step_s);
    if (rate > b.max_output_tokens_per_s) {
      b.max_output_tokens_per_s = rate;
      b.max_concurrency_per_dp_rank = n;
    }
    // Beyond the cache and the engine's batch cap: the FLOPs alone, which a larger batch does not share.
    if (q.sol_flop_step_s > 0)
      b.max_output_tokens_per_s_any_batch =
          std::max(b.max_output_tokens_per_s_any_batch, q.running_per_dp_rank * ranks / q.sol_flop_step_s);
  }
  b.max_output_tokens_per_s_any_batch = std::max(b.max_output_tokens_per_s_any_batch, b.max_output_tokens_per_s);
  // A TPOT at a stated batch: every one of its requests' KV and the experts they route to are read in each step. A
  // concurrency over the deployment is spread over its DP ranks (the fewest per rank: the weakest bound).
  if (concurrency > 0 || full_batch) {
    int n = full_batch ? std::max(1, p.memory.kv_capacity_per_dp_rank)
                       : static_cast<int>(std::min<double>(limits::kConcurrency, std::ceil(concurrency / ranks)));
    if (full_batch && p.batch.max_batch > 0) n = static_cast<int>(std::min<int64_t>(n, p.batch.max_batch));
    b.tpot_concurrency_per_dp_rank = std::max(1, n);
    b.min_tpot_at_concurrency_s = perf.predict(b.tpot_concurrency_per_dp_rank).sol_decode_step_s;
  }
  return b;
}

std::vector<GpuView> per_gpu(const Plan& p) {
  std::vector<GpuView> out;
  // One instance's GPUs: every instance is the same.
  out.reserve(static_cast<size_t>(p.strategy.gpus_per_instance()));
  for (int rank = 0; rank < p.strategy.gpus_per_instance(); ++rank) {
    GpuView v;
    v.coord = gpu_coord(p.strategy, p.scenario->cluster.gpus_per_node, rank);
    v.memory = &p.memory.stages[static_cast<size_t>(v.coord.stage)];
    v.first_expert = first_expert(p.experts, v.coord.ep_rank);
    out.push_back(v);
  }
  return out;
}

}  // namespace moeplan
