// A parallel strategy with engine semantics (shared/reference/engines.md):
// GPUs = PP x TP x DP; inside one pipeline stage the MoE layers run on the
// same TP x DP GPUs split as EP x ETP.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace moeplan {

struct Strategy {
  int tp = 1;
  int pp = 1;
  int dp = 1;
  int ep = 1;
  int etp = 1;
  // Decoder layers per stage; empty = the engine's default split.
  std::vector<int> layers_per_stage;
  // Identical engine instances behind a load balancer (issue 10): each runs
  // the strategy above on its own GPUs; requests are spread over them.
  int instances = 1;

  int gpus_per_instance() const { return tp * pp * dp; }
  int gpus() const { return instances * tp * pp * dp; }  // over every instance
  int gpus_per_stage() const { return tp * dp; }
  std::string label() const;  // "tp=4 pp=4 dp=2 ep=8 etp=1" (+ " instances=N" when N > 1)
  bool operator==(const Strategy& o) const = default;
};

// Fields a user may leave out; filled by complete_strategy.
struct PartialStrategy {
  std::optional<int> tp, pp, dp, ep, etp, instances;
  std::vector<int> layers_per_stage;
};

// Parses "tp=4,pp=4,dp=2,ep=8" (commas or spaces). Throws InputError.
PartialStrategy parse_strategy_text(const std::string& text, const std::string& where);

// Fills what was left out: tp, pp, instances default to 1; dp = gpus /
// (instances x tp x pp).
// Experts follow the engines' defaults (issue 8): with neither ep nor etp,
// EP = 1 and ETP = TP x DP, as vLLM without --enable-expert-parallel,
// SGLang without --ep-size and TensorRT-LLM without moe_expert_parallel_size
// do; with one of them, the other is TP x DP divided by it. For a dense
// model ep = etp = 1. Throws InputError (with `where`) when the given
// degrees cannot multiply to `gpus`.
Strategy complete_strategy(const PartialStrategy& p, int gpus, bool model_is_moe, const std::string& where);

}  // namespace moeplan
