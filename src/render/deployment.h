// Disaggregated deployments (issue 10): text, JSON and the deployment
// document's sections per pool. Every figure comes from the Deployment.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "search/disagg.h"
#include "search/plan.h"
#include "search/search.h"

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
// `plan` with serving mode auto: where the best disaggregated deployment
// stands among the aggregated search's results. One policy for the JSON and
// the HTML report: ranked by objectives met, then output tokens/s per GPU;
// on the Pareto frontier (throughput per GPU up, TTFT and TPOT down) unless
// an aggregated point dominates it, and the aggregated points it dominates
// leave the frontier.
struct AutoStanding {
  size_t rank = 0;                // inserted before r.candidates[rank] (= size: last)
  bool on_pareto = false;
  std::vector<bool> pareto_kept;  // per r.pareto entry: still on the frontier
};
AutoStanding disaggregated_standing(const SearchResult& r, const Deployment& d);
// The aggregated search's JSON (its keys unchanged) with every candidate and
// Pareto point tagged "kind", the disaggregated deployment placed as
// disaggregated_standing says, plus "deployment" and "comparison".
nlohmann::json auto_plan_json(const SearchResult& r, const Scenario& sc, const Deployment& d, const nlohmann::json& comparison);
nlohmann::json comparison_json(const nlohmann::json& aggregated, const nlohmann::json& disaggregated, const ServingComparison& c);

}  // namespace moeplan
