// Disaggregated deployments (issue 10): text, JSON and the deployment
// document's sections per pool. Every figure comes from the Deployment.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "search/disagg.h"
#include "search/plan.h"

namespace moeplan {

std::string render_deployment_text(const Scenario& sc, const Deployment& d);
// " (workload.concurrency 1000 over 72 DP ranks of 1 instance, rounded up)" when the decode pool's requests per
// DP rank come from the workload; "" when the concurrency policy chose them.
std::string concurrency_origin(const Scenario& sc, const PoolPlan& decode);
// {"mode", "pools": [{role, gpu, instances, strategy, performance, memory, experts}], "kv_transfer", "rate_match",
//  "ttft_s", "tpot_s", "slo"}
nlohmann::json deployment_json(const Scenario& sc, const Deployment& d);
// The best aggregated and the best disaggregated deployment side by side,
// and the winner with its reason.
std::string render_comparison_text(const Plan& aggregated, bool aggregated_met, const Deployment& disaggregated,
                                   const ServingComparison& c);
// `plan` with serving mode auto: the aggregated search's JSON (its keys
// unchanged) with every candidate and Pareto point tagged "kind", the best
// disaggregated deployment ranked among the candidates and added to the
// Pareto frontier where no aggregated point dominates it, plus
// "deployment" and "comparison".
nlohmann::json auto_plan_json(const nlohmann::json& search, const Scenario& sc, const Deployment& d, const nlohmann::json& comparison);
nlohmann::json comparison_json(const nlohmann::json& aggregated, const nlohmann::json& disaggregated, const ServingComparison& c);

}  // namespace moeplan
