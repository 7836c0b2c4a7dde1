// Expert placement for a scenario's strategy: the EP group as a placement
// problem (its GPUs, the nodes it spans, the model's expert groups), the
// routing statistics of `placement:` loaded once, and the bytes of the
// redundant experts.
#pragma once

#include <memory>

#include "placement/balance.h"
#include "placement/routing_stats.h"
#include "spec/scenario.h"

namespace moeplan {

// The placement problem one EP group of `s` solves for every MoE layer.
PlacementSpec placement_spec(const Scenario& sc, const Strategy& s);

// Loads (or synthesises) the scenario's routing statistics and checks their
// shape against the model; SGLang dumps with a row per decoder layer lose
// their leading dense rows. nullptr when the scenario has no `placement:`.
std::shared_ptr<const RoutingStats> load_scenario_routing(const Scenario& sc);

// Bytes of one routed expert of one layer on one GPU (1/ETP of it).
double expert_bytes_per_gpu(const ModelSpec& m, const Strategy& s);

}  // namespace moeplan
