// Writes a scenario back as YAML, every figure explicit (model fields,
// GPU figures, runtime, calibration), so a document can carry the exact
// inputs it was computed from in its front matter.
#pragma once

#include <string>

#include "spec/scenario.h"

namespace moeplan {

std::string scenario_to_yaml(const Scenario& sc, const Strategy& strategy);

}  // namespace moeplan
