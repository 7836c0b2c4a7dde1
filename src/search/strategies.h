// Enumerates every (pp, tp, dp, ep, etp) for a cluster, keeps the valid
// ones (engine semantics, see spec/strategy_rules.h) and counts the rest by
// reason. Valid strategies carry their memory verdict.
#pragma once

#include <map>
#include <vector>

#include "search/plan.h"
#include "spec/strategy_rules.h"

namespace moeplan {

struct StrategyCandidate {
  Strategy strategy;
  double weights_bytes_max = 0;
  double kv_bytes_per_token_min = 0, kv_bytes_per_token_max = 0;  // one GPU's KV per token, over the stages
  double total_bytes_max = 0;
  double kv_capacity_sequences = 0;
  int per_gpu_per_moe_layer = 0;
  int per_gpu_total_max = 0;
  bool fits = false;
};

struct RejectedStrategy {
  Strategy strategy;
  StrategyProblem problem;
};

struct StrategySpace {
  int considered = 0;
  std::vector<StrategyCandidate> valid;
  std::map<RejectReason, int> rejected_counts;
  std::vector<RejectedStrategy> rejected;  // filled only when asked
  int fitting() const;
};

std::vector<int> divisors(int n);

// Calls visit(strategy) for every combination with instances x PP x TP x DP
// = gpus and, for MoE models, EP x ETP = TP x DP; no validity filtering.
// Instances > 1 only for MoE models: a dense model's DP ranks already are
// independent replicas, so its instances would repeat them.
template <typename Visit>
void for_each_strategy(int gpus, bool moe, Visit&& visit) {
  for (int instances : divisors(gpus)) {
    if (instances > 1 && !moe) break;
    const int per_instance = gpus / instances;
    for (int pp : divisors(per_instance)) {
      for (int tp : divisors(per_instance / pp)) {
        const int dp = per_instance / (pp * tp);
        if (!moe) {
          visit(Strategy{tp, pp, dp, 1, 1, {}, 1});
          continue;
        }
        for (int ep : divisors(tp * dp)) visit(Strategy{tp, pp, dp, ep, tp * dp / ep, {}, instances});
      }
    }
  }
}

StrategySpace enumerate_strategies(const Scenario& sc, bool keep_rejected);

}  // namespace moeplan
