// A Plan: everything moeplan knows about one strategy on one scenario,
// computed once. Renderers format a Plan; they never recompute.
#pragma once

#include <vector>

#include "model/kv_cache.h"
#include "model/memory.h"
#include "model/params.h"
#include "placement/layout.h"
#include "spec/scenario.h"

namespace moeplan {

struct Plan {
  const Scenario* scenario = nullptr;  // not owned; outlives the Plan
  Strategy strategy;
  ParamSummary params;
  KvCacheFacts kv;
  std::vector<StageLayers> stages;
  ExpertDistribution experts;
  MemoryReport memory;
};

// Requires a valid strategy (see strategy_problem).
Plan evaluate_plan(const Scenario& sc, const Strategy& s);

// One GPU's view, for per-GPU listings: its coordinates and its stage's
// memory (identical for every GPU of a stage).
struct GpuView {
  GpuCoord coord;
  const StageMemory* memory = nullptr;
  int first_expert = 0;  // experts [first_expert, first_expert + per_gpu_per_moe_layer) in each MoE layer
};
std::vector<GpuView> per_gpu(const Plan& p);

}  // namespace moeplan
