// The report of `moeplan place`: per-layer balance figures, the summary, the
// bytes of the redundant experts and layer 0's GPU -> experts map (text), and
// the stable JSON with unknown bytes as null.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "placement/balance.h"

namespace moeplan {

// `expert_bytes` = one routed expert of one layer on one GPU; 0 = unknown.
std::string render_placement_text(const PlacementResult& r, double expert_bytes);
nlohmann::json placement_report_json(const PlacementResult& r, double expert_bytes);

}  // namespace moeplan
