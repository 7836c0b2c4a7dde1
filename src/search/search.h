// `moeplan plan`: every valid strategy x concurrency, filtered by memory
// and the SLOs, the Pareto frontier (throughput per GPU, TTFT, TPOT), and a
// ranking by objective with the reason each runner-up loses.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "search/plan.h"
#include "search/serving.h"

namespace moeplan {

enum class Objective { kThroughputPerGpu, kGpus, kTtft };
std::string to_string(Objective o);
std::optional<Objective> objective_from_string(const std::string& s);

struct SearchOptions {
  Objective objective = Objective::kThroughputPerGpu;
  int top = 5;
  int gpus_max = 0;  // > 0: also try smaller GPU counts, up to this many
  std::optional<CostModels> costs;  // default: the scenario's (make_cost_models)
};

struct Candidate {
  Strategy strategy;
  int redundant_experts = 0;  // extra expert slots per MoE layer this candidate uses
  int concurrency_per_dp_rank = 0;
  Performance performance;
  SloReport slo;
  double weights_bytes_max = 0;
  double total_bytes_max = 0;
  std::string loses_because;  // empty for the winner
};

struct SearchResult {
  std::vector<std::unique_ptr<Scenario>> scenarios;  // one per GPU count tried; Plans point into them
  std::optional<Plan> recommended;
  std::optional<Plan> reference;  // the scenario's own strategy, when it has one
  std::vector<Candidate> candidates;  // ranked, best first (at most `top`)
  std::vector<Candidate> pareto;
  int strategies_considered = 0;
  int evaluated_count = 0;  // strategy x concurrency evaluations
  std::map<std::string, int> rejected;  // reason -> strategies
  SearchOptions options;
  bool meets_slo = false;   // the recommended strategy meets every objective
  std::string best_effort;  // why the ranking is best-effort, when meets_slo is false
};

SearchResult search_plans(const Scenario& sc, const SearchOptions& options);

}  // namespace moeplan
