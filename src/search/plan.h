// A Plan: everything moeplan knows about one strategy on one scenario,
// computed once. Renderers format a Plan; they never recompute.
#pragma once

#include <vector>

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
  Performance performance;         // at the chosen concurrency
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
std::optional<PlacementResult> place_for_strategy(const Scenario& sc, const Strategy& s, const CostModels& costs);

// Concurrencies per DP rank worth trying: powers of two up to the KV
// capacity, and the capacity itself.
std::vector<int> concurrency_choices(int capacity);

// One GPU's view, for per-GPU listings: its coordinates and its stage's
// memory (identical for every GPU of a stage).
struct GpuView {
  GpuCoord coord;
  const StageMemory* memory = nullptr;
  int first_expert = 0;  // experts [first_expert, first_expert + per_gpu_per_moe_layer) in each MoE layer
};
std::vector<GpuView> per_gpu(const Plan& p);

}  // namespace moeplan
