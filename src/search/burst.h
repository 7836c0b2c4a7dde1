// A burst run: every request sent at once (a serving benchmark at request
// rate inf), timed until the last one finishes. Not a steady state: the
// engine admits what its batch cap and KV cache allow, prefills the prompts
// in token-budget steps alongside the running decode, refills from the queue
// as requests finish, and at the end the batch drains: the longest requests
// run on in ever smaller batches whose steps still pay the weight reads and
// fixed costs (docs/performance.md, "Burst runs").
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/length_distribution.h"
#include "search/serving.h"

namespace moeplan {

// What one engine instance (DP rank) does per step, in seconds.
struct BurstEngine {
  // One decode step of `running` requests whose mean context is `context` tokens.
  std::function<double(int running, double context)> decode_step_s;
  // The extra time a step spends on `tokens` prompt tokens (> 0).
  std::function<double(double tokens)> prefill_s;
  double prefill_budget_tokens = 1;  // prompt tokens one step takes (the engine's token budget)
  int max_running = 1;               // batch cap (and the workload's concurrency, when given)
  double kv_tokens = 0;              // KV cache, in tokens: prompt + output of every running request
  double tokens_per_step = 1;        // output tokens per request per decode step (MTP)
};

struct BurstRun {
  int64_t requests = 0;
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  double makespan_s = 0;        // from the burst to the last request's last token
  double drain_s = 0;           // from the last admission to the end: the batch only shrinks
  double mean_ttft_s = 0;       // over requests
  double mean_tpot_s = 0;       // over requests with more than one output token
  double mean_running = 0;      // requests decoding, averaged over the run's time
  int peak_running = 0;         // requests admitted at once, at most
  int64_t steps = 0;
};

// Runs `requests` (in the order they are sent) through one engine instance.
// Each step: admit from the queue, first come first served, while the batch
// cap and the KV cache allow (a request reserves its prompt + output tokens;
// one request is always admitted into an empty engine); prefill up to the
// token budget of waiting prompts, first come first served (a request whose
// prompt completes emits its first token at the end of that step); every
// decoding request emits tokens_per_step tokens. A step lasts
// decode_step_s(decoding, their mean context) + prefill_s(prompt tokens).
BurstRun simulate_burst(const std::vector<RequestLengths>& requests, const BurstEngine& engine);

// The burst of `sc.workload` on one DP rank of strategy `s`: ceil(requests /
// (DP x instances)) requests per rank with the workload's length
// distribution, steps from `perf`, at most the engine's batch cap, the
// workload's concurrency (per rank) and `kv_capacity_per_dp_rank` requests of
// mean length.
BurstRun run_burst(const Scenario& sc, const Strategy& s, const PerformanceModel& perf, int kv_capacity_per_dp_rank);

// What a burst's throughput is, in one sentence for every renderer: "1,000
// requests sent at once, timed until the last finishes: 201,422 output tokens
// in 178.0 s ...".
std::string burst_explanation(const BurstFigures& b);

}  // namespace moeplan
