// The token budget and the batch cap one engine instance (one DP rank) runs a
// strategy with. What the scenario gives wins; what it leaves out comes from
// the engine's serving defaults (spec/engine_defaults.h) or, with
// `runtime.batch_settings: trtllm-bench`, from trtllm-bench's own heuristic,
// which depends on the strategy (its GPUs and pipeline stages) and so is
// resolved here, per strategy, rather than when the scenario is read.
#pragma once

#include <cstdint>
#include <string>

#include "spec/scenario.h"
#include "spec/strategy.h"

namespace moeplan {

struct BatchLimits {
  int64_t token_budget = 0;  // tokens per forward pass, per DP rank
  int64_t max_batch = 0;     // requests running at once per DP rank; 0 = no cap but the KV cache
  // trtllm-bench only: the requests its own estimate of the KV cache holds
  // (before rounding), and where the figures come from.
  double bench_kv_requests = 0;
  std::string source;
};

BatchLimits batch_limits(const Scenario& sc, const Strategy& s);

// trtllm-bench's fine-tuning of its two settings from the requests it
// expects the KV cache to hold (tensorrt_llm/bench/build/tuning.py,
// finetune_setting), with chunked prefill off (its default): the token
// budget then also holds the longest prompt plus one token per request.
BatchLimits trtllm_bench_settings(double kv_cache_max_requests, double input_tokens, double output_tokens,
                                  double max_input_tokens, int pp);

}  // namespace moeplan
