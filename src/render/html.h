// `--format html`: one self-contained page (inline SVG and CSS, a little
// inline JavaScript, no network) per command, drawn from the same Plan and
// results as the text and JSON renderers; every figure printed comes from
// them, formatted as the text report formats it.
#pragma once

#include <string>

#include "check/verify.h"
#include "placement/balance.h"
#include "search/disagg.h"
#include "search/plan.h"
#include "search/search.h"

namespace moeplan {

// `plan` with serving mode auto: the best disaggregated deployment beside
// the aggregated search, and which of the two wins (nullptr: the
// aggregated search found nothing to compare with).
struct DisaggregatedView {
  const Scenario* scenario = nullptr;
  const Deployment* deployment = nullptr;
  const ServingComparison* comparison = nullptr;
};
// `plan`: Pareto charts of every evaluated strategy x concurrency, the
// candidate table, rejected strategies, then the recommended plan and, when
// given, how it launches (`launch`: the `moeplan export --explain` table for
// the scenario's engine, or why that engine cannot express it). With
// `disaggregated` (serving mode auto) the disaggregated deployment joins the
// charts, the table and the frontier as disaggregated_standing places it,
// with the comparison and its pools.
std::string render_search_html(const SearchResult& r, const std::string& launch = "",
                               const DisaggregatedView* disaggregated = nullptr);
// `evaluate` and `plan` of a disaggregated scenario: the rate match, the KV
// transfer, each pool (strategy, instances, memory per GPU, its pass by op,
// throughput) and the objectives. `command`: "evaluate" or "plan"; `launch`:
// the `moeplan export --explain` table of the deployment (or why the engine
// cannot launch it), "" for none.
std::string render_deployment_html(const Scenario& sc, const Deployment& d, const std::string& command,
                                   const std::string& launch = "");
// `evaluate`: memory per stage, the decode step by op, SLO gauges.
std::string render_plan_html(const Plan& p);
// `place`: load per GPU per MoE layer before (`before`, the engines' linear
// layout) and after balancing (`after`).
std::string render_placement_html(const PlacementResult& before, const PlacementResult& after, const std::string& title);
// `check`: the document with each claim marked by verdict, and the fixed
// document (`fixed_text`, from apply_fixes) beside it.
std::string render_check_html(const CheckReport& r, const MarkdownDocument& doc, const std::string& fixed_text);

}  // namespace moeplan
