// Writes a scenario back as YAML, every figure explicit (model fields,
// GPU figures, runtime, calibration), so a document can carry the exact
// inputs it was computed from in its front matter.
#pragma once

#include <string>

#include "spec/scenario.h"

namespace moeplan {

// The scenario with `strategy` as its strategy, on that strategy's GPUs, in
// aggregated serving (the deployment an aggregated document describes;
// serving pools are left out, the KV link settings kept).
std::string scenario_to_yaml(const Scenario& sc, const Strategy& strategy);
// The scenario as it is: its cluster.gpus, its strategy when it has one, its
// `serving:` pools (a disaggregated document writes the pools it planned).
std::string scenario_to_yaml(const Scenario& sc);

}  // namespace moeplan
