// Disaggregated deployments (issue 10): text, JSON and the deployment
// document's sections per pool. Every figure comes from the Deployment.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "search/disagg.h"

namespace moeplan {

std::string render_deployment_text(const Scenario& sc, const Deployment& d);
// {"mode", "pools": [{role, gpu, instances, strategy, performance, memory, experts}], "kv_transfer", "rate_match",
//  "ttft_s", "tpot_s", "slo"}
nlohmann::json deployment_json(const Scenario& sc, const Deployment& d);
nlohmann::json comparison_json(const nlohmann::json& aggregated, const nlohmann::json& disaggregated, const ServingComparison& c);

}  // namespace moeplan
