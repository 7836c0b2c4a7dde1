// Human (aligned text) and JSON renderings of model facts, the strategy
// space and a Plan. JSON keys named in the issues are a public interface.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "search/plan.h"
#include "search/search.h"
#include "search/strategies.h"

namespace moeplan {

std::string render_inspect_text(const ModelSpec& m);
nlohmann::json inspect_json(const ModelSpec& m);

std::string render_strategies_text(const Scenario& sc, const StrategySpace& space, bool explain);
nlohmann::json strategies_json(const Scenario& sc, const StrategySpace& space, bool explain);

std::string render_plan_text(const Plan& p);
// The scenario's note on how the engine lays out experts, when the plan's
// strategy is the scenario's and left ep/etp to the engine; else "".
std::string expert_layout_assumption(const Plan& p);
std::string render_performance_text(const Plan& p);
nlohmann::json performance_json(const Performance& f);
nlohmann::json slo_json(const SloReport& r);

std::string render_search_text(const SearchResult& r);
nlohmann::json search_json(const SearchResult& r);
nlohmann::json plan_json(const Plan& p);

}  // namespace moeplan
