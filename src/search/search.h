// `moeplan plan`: every valid strategy x concurrency, filtered by memory
// and the SLOs, the Pareto frontier (throughput per GPU, TTFT, TPOT), and a
// ranking by objective with the reason each runner-up loses.
#pragma once

#include <functional>
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
  // Why the serving engine cannot launch a plan (nullopt: it can). When set,
  // the ranking skips what the engine cannot express, so that `plan` never
  // recommends what `export` would refuse. The CLI hands in export's rules.
  std::function<std::optional<std::string>(const Plan&)> launchable;
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

// Every strategy x concurrency the search evaluated, kept compact for the
// report's charts: which strategy, the concurrency and three figures.
struct EvaluatedPoint {
  int strategy = 0;  // index into SearchResult::evaluated_strategies
  int concurrency_per_dp_rank = 0;
  double output_tokens_per_s_per_gpu = 0;
  double ttft_s = 0;
  double tpot_s = 0;
  bool slo_met = false;      // every objective
  bool latency_met = false;  // the TTFT and TPOT objectives
};
struct EvaluatedStrategy {
  Strategy strategy;
  int redundant_experts = 0;
};

struct SearchResult {
  std::vector<std::unique_ptr<Scenario>> scenarios;  // one per GPU count tried; Plans point into them
  std::optional<Plan> recommended;
  std::optional<Plan> reference;  // the scenario's own strategy, when it has one
  std::vector<Candidate> candidates;  // ranked, best first (at most `top`)
  std::vector<Candidate> pareto;
  int strategies_considered = 0;
  int evaluated_count = 0;  // strategy x concurrency evaluations
  int policy_evaluations = 0;  // predictions the concurrency policy's bisection made besides them
  std::map<std::string, int> rejected;  // reason -> strategies
  SearchOptions options;
  bool meets_slo = false;   // the recommended strategy meets every objective
  std::string best_effort;  // why the ranking is best-effort, when meets_slo is false
  std::string launch_refusal;  // the first reason the engine could not launch a better-ranked strategy
  std::vector<EvaluatedStrategy> evaluated_strategies;  // each strategy (x redundancy) that fits
  std::vector<EvaluatedPoint> points;                    // every evaluation, in search order
};

SearchResult search_plans(const Scenario& sc, const SearchOptions& options);

}  // namespace moeplan
