// A Plan: everything moeplan knows about one strategy on one scenario,
// computed once. Renderers format a Plan; they never recompute.
#pragma once

#include <functional>
#include <vector>

#include "model/error_band.h"
#include "model/kv_cache.h"
#include "model/memory.h"
#include "model/params.h"
#include "placement/balance.h"
#include "placement/layout.h"

#include <optional>
#include "search/serving.h"
#include "spec/scenario.h"

namespace moeplan {

struct Plan {
  const Scenario* scenario = nullptr;  // not owned; outlives the Plan
  Strategy strategy;
  ParamSummary params;
  KvCacheFacts kv;
  std::vector<StageLayers> stages;
  ExpertDistribution experts;
  MemoryReport memory;  // with the chosen concurrency's KV cache in use
  std::string cost_model;
  BatchLimits batch;    // the token budget and batch cap this strategy runs with (model/engine_batch.h)
  Performance performance;         // at the chosen concurrency
  // Output tokens/s the engines may measure for this prediction: the
  // cross-validated 10th-90th percentile of published / predicted
  // (model/error_band.h, docs/accuracy.md).
  ErrorBand throughput_band;
  PassDetail detail;               // its per-op times
  SloReport slo;
  std::vector<Performance> sweep;  // every concurrency tried, ascending
  bool concurrency_from_workload = false;
  // Expert placement from the scenario's routing statistics, when given:
  // the chosen algorithm and, for comparison, the engines' linear layout.
  std::optional<PlacementResult> placement;
  std::optional<PlacementSummary> placement_linear;
};

// Evaluates a valid strategy (see strategy_problem): memory, then the
// concurrency that maximises throughput within the TTFT/TPOT objectives and
// the KV capacity (or the workload's own concurrency), then performance.
// `concurrency_per_dp_rank` > 0 forces the concurrency.
Plan evaluate_plan(const Scenario& sc, const Strategy& s, const CostModels& costs, int concurrency_per_dp_rank = 0);
Plan evaluate_plan(const Scenario& sc, const Strategy& s);

// The placement of the scenario's routing statistics for `s` (nullopt
// without them), and the linear layout's summary for comparison.
// What no operating point of the plan's strategy can beat: peak FLOP/s, HBM
// and link bandwidth, perfect overlap and a perfectly balanced expert load.
// A figure that beats one of these is impossible whatever the concurrency,
// batch or queue it was measured at (the engine's own scheduler limits and
// the KV capacity of the scenario still apply).
struct PerformanceBounds {
  int input_tokens = 0;                  // the prompt length the TTFT bound is for
  double min_tpot_s = 0;                 // one decode step of one request alone, no prefill in it
  double min_ttft_s = 0;                 // one prompt's prefill on an idle deployment
  double max_output_tokens_per_s = 0;    // decode, with the prefill of the prompts it admits, at the best concurrency the KV cache holds
  int max_concurrency_per_dp_rank = 0;   // that concurrency
  // The same with no KV cache or batch limit: the FLOPs of each request's decode and prefill at peak rates, no
  // weight or KV read (a bound someone states "at perfect utilisation" need not fit the cache).
  double max_output_tokens_per_s_any_batch = 0;
  // Where a figure states its requests in flight, or the largest batch: one decode step of that many requests per DP
  // rank at peak rates (their weights and KV read), and that many; 0 where it states neither.
  double min_tpot_at_concurrency_s = 0;
  int tpot_concurrency_per_dp_rank = 0;
};
// `input_tokens` > 0 replaces the workload's prompt length (a figure "for an
// 8k-token prompt"); `concurrency` > 0 is a number of requests in flight over
// the deployment the throughput bound also tries, whether or not the
// scenario's KV cache holds them (a figure "at 64 concurrent requests" may be
// for shorter requests than the workload's); `full_batch`: the requests the KV
// cache holds, capped by the engine's batch ("at full batch").
PerformanceBounds performance_bounds(const Scenario& sc, const Plan& p, int input_tokens = 0, int concurrency = 0,
                                     bool full_batch = false);

std::optional<PlacementResult> place_for_strategy(const Scenario& sc, const Strategy& s, const CostModels& costs);

// Concurrencies per DP rank worth showing: powers of two up to the KV
// capacity, and the capacity itself.
std::vector<int> concurrency_choices(int capacity);

// The one concurrency policy, used by evaluate and plan alike: the largest
// number of requests per DP rank that the KV cache holds, that the engine
// runs at once (beyond its batch cap requests only wait), and that meets the
// latency objectives, found over the integers by bisection (TTFT and TPOT
// grow with the concurrency). When even one request misses them, 1.
struct ConcurrencyChoice {
  int per_dp_rank = 1;
  bool latency_met = false;
  int evaluations = 0;
};
ConcurrencyChoice choose_concurrency(const PerformanceModel& perf, const Slo& slo, int kv_capacity_per_dp_rank,
                                     int64_t max_batch);
// The same search for any objective that only gets harder with more requests
// (a decode pool's TPOT alone, say): `meets(n)` says whether n per DP rank do.
ConcurrencyChoice choose_concurrency(int kv_capacity_per_dp_rank, int64_t max_batch, const std::function<bool(int)>& meets);

// One GPU's view, for per-GPU listings: its coordinates and its stage's
// memory (identical for every GPU of a stage).
struct GpuView {
  GpuCoord coord;
  const StageMemory* memory = nullptr;
  int first_expert = 0;  // experts [first_expert, first_expert + per_gpu_per_moe_layer) in each MoE layer
};
std::vector<GpuView> per_gpu(const Plan& p);

}  // namespace moeplan
