// The serving model: a strategy plus a number of requests in flight gives
// TTFT, TPOT and throughput, each with its speed-of-light bound.
//
// Definitions (docs/performance.md):
// - TTFT: from a request's arrival to its first output token: its chunked
//   prefill through every pipeline stage, plus the wait for the running step
//   and the decode work its prefill chunks ride along with.
// - TPOT: time per output token after the first: one decode cycle of the
//   pipeline, stretched by the prefills interleaved with it.
// - Throughput: Little's law over the requests in flight,
//   N x output_tokens / (TTFT + (output_tokens - 1) x TPOT) per DP replica.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/cost_model.h"
#include "model/engine_batch.h"
#include "model/step_time.h"
#include "placement/routing_stats.h"
#include "spec/scenario.h"

namespace moeplan {

// A burst run (workload.arrival: burst, search/burst.h): every request sent
// at once, timed until the last finishes. When `on`, the throughput, TTFT and
// TPOT of the Performance around it are the run's (output tokens / makespan,
// and the means over its requests).
struct BurstFigures {
  bool on = false;
  int64_t requests = 0;              // over the deployment
  int64_t output_tokens = 0;         // over the deployment
  double makespan_s = 0;             // from the burst to the last token
  double drain_s = 0;                // from the last admission to the end
  double mean_running_per_dp_rank = 0;  // requests decoding, time-averaged
  int peak_running_per_dp_rank = 0;
  // The steady state at the burst's peak batch with every request of mean
  // length: what the run would give without the ramp and the drain.
  double steady_output_tokens_per_s = 0;
};

struct Performance {
  int concurrency_per_dp_rank = 0;
  int concurrency = 0;  // over the deployment
  int micro_batches = 0;
  double micro_batch_size = 0;
  double ttft_s = 0;
  double tpot_s = 0;
  double requests_per_s = 0;
  double output_tokens_per_s = 0;
  double total_tokens_per_s = 0;
  double output_tokens_per_s_per_gpu = 0;
  double total_tokens_per_s_per_gpu = 0;
  double sol_ttft_s = 0;
  double sol_tpot_s = 0;
  double sol_output_tokens_per_s = 0;
  double sol_decode_step_s = 0;     // one decode step alone at peak rates, per output token (no prefill in it)
  // The same step with the prompt work its arrivals bring in steady state, per output token: at least the step
  // alone, and at least every FLOP of both at peak (a mixed batch shares weight reads, never FLOPs).
  double sol_steady_step_s = 0;
  // Its FLOPs alone at peak, per output token: no weight or KV read in it, so a batch of any size does no better.
  double sol_flop_step_s = 0;
  double decode_cycle_s = 0;        // one decode step of the pipeline, with overhead
  double prefill_latency_s = 0;     // one request's prefill, without queueing
  double prefill_busy_s = 0;        // pipeline time one request's prefill occupies
  double bubble_fraction = 0;       // decode pipeline idle share
  int running_per_dp_rank = 0;      // requests the engine runs at once (the rest wait for a slot)
  double prefill_stall_s = 0;       // prefill time an average decode iteration carries (with DP synchronisation)
  double tokens_per_step = 1;       // output tokens per sequence per decode step (MTP acceptance)
  // Open-loop load (workload.request_rate): the arrival rate, whether the
  // deployment sustains it at any concurrency its KV cache allows, the
  // highest rate it sustains, and the queueing delay added to TTFT.
  double offered_requests_per_s = 0;
  bool sustainable = true;
  double max_requests_per_s = 0;
  double queue_wait_s = 0;
  int decode_bottleneck_stage = 0;
  int prefill_bottleneck_stage = 0;
  BurstFigures burst;
};

// The per-op times behind a prediction (kept apart from Performance so the
// search's thousands of candidates stay small).
struct PassDetail {
  StepBreakdown decode_step;   // the slowest stage's decode pass
  StepBreakdown prefill_step;  // the slowest stage's prefill chunk
};

struct SloCheck {
  std::string metric;  // "memory", "ttft", "tpot", "request_rate", "throughput"
  double target = 0;   // seconds, output tokens/s, requests/s, or usable bytes
  double predicted = 0;
  double margin = 0;   // fraction of the target left over (negative = missed)
  bool met = false;
  std::string note;    // why a check fails that the figures alone do not say
};

struct SloReport {
  bool met = true;
  std::vector<SloCheck> checks;
};

// The share of the BF16 GEMM rate that GEMMs of block-scaled FP8 weights reach on the scenario's engine and GPU
// where it is below the FP8 rate (vLLM on Hopper, sourced in serving.cc); 0 where they run at the FP8 rate.
double block_fp8_gemm_share(const Scenario& sc);

// Everything about one strategy that does not depend on the concurrency;
// built once, then asked for as many concurrencies as the search likes.
class PerformanceModel {
 public:
  // `moe_imbalance` > 0 replaces runtime.moe_load_imbalance (a placement's
  // measured max/mean load).
  PerformanceModel(const Scenario& sc, const Strategy& s, const std::vector<StageLayers>& stages, const CostModel& cost,
                   double moe_imbalance = 0);
  Performance predict(int concurrency_per_dp_rank, PassDetail* detail = nullptr) const;
  // The fastest any decode step can be: one request alone in the
  // deployment (one DP rank active, a one-token context), every stage in
  // turn, at peak rates; per output token (MTP drafts count).
  double sol_lone_decode_step_s() const;
  // Poisson arrivals at `requests_per_s` over the deployment: the smallest
  // concurrency that keeps up, plus M/M/1 queueing for the prefill.
  Performance predict_open(double requests_per_s, int capacity_per_dp_rank, PassDetail* detail = nullptr) const;
  // For a burst run (search/burst.h), step by step: one decode cycle of
  // `running` requests on a DP rank whose mean context is `context` tokens,
  // with the per-step overhead (the same cycle predict() charges), and the
  // time a step spends on `tokens` prompt tokens of every DP rank at once:
  // from one mean prompt's pass to a full token budget's, linear in the
  // tokens between (the same two passes predict() charges for prefill).
  double decode_step_s(int running, double context) const;
  double prefill_step_s(double tokens) const;
  double tokens_per_step() const { return mtp_tokens_per_step_; }
  // The token budget and batch cap this strategy runs with (model/engine_batch.h), resolved once.
  const BatchLimits& limits() const { return limits_; }

 private:
  const Scenario& sc_;
  Strategy s_;
  const std::vector<StageLayers>& stages_;
  const CostModel& cost_;
  PeakRates peak_;
  StepContext ctx_;
  BatchLimits limits_;  // token budget and batch cap of this strategy (model/engine_batch.h)
  // Prefill, independent of the concurrency.
  double prefill_latency_ = 0;
  double prefill_busy_ = 0;
  // Prefill passes as a rank's iteration carries them: one prompt (or its
  // first chunk) and a full token budget, on the slowest stage.
  double prefill_small_tokens_ = 0;
  double prefill_small_s_ = 0;
  double prefill_full_s_ = 0;
  double prefill_small_all_s_ = 0;    // one prompt on every DP rank at once
  double prefill_full_single_s_ = 0;  // a full token budget on one rank alone
  double sol_prefill_full_s_ = 0;
  std::vector<double> prefill_flop_per_token_s_;  // each stage's FLOPs of a prompt token at peak (full budget, all ranks)
  // Attention-DP ranks meet in every MoE layer: an iteration lasts as long
  // as the slowest rank's, so one rank's prefill stalls decode on all.
  bool dp_synchronised_ = false;
  // The fitted placement's max/mean (0 without routing statistics): each
  // pass is charged it plus the sampling spread of its own tokens.
  double placed_imbalance_ = 0;
  StepContext context_for(double tokens_per_rank, double ranks) const;
  // One decode cycle of `running` requests per DP rank at `context` tokens.
  struct DecodeCycle {
    double compute_s = 0;  // the pipeline's cycle without the per-step overhead
    double sol_s = 0;      // the same at peak rates
    std::vector<double> stage_flop_s;  // each stage's FLOPs of one micro-batch step, at peak
    double micro_batches = 1;
    double micro_batch_size = 1;
    double stage_sum_s = 0;  // one traversal of every stage
    int slowest_stage = 0;
    StepBreakdown slowest_step;
  };
  DecodeCycle decode_cycle(int running, double context) const;
  double mtp_tokens_per_step_ = 1;  // expected tokens a decode step emits per sequence
  double sol_prefill_latency_ = 0;
  double sol_prefill_busy_ = 0;
  double chunks_ = 0;
  int prefill_bottleneck_ = 0;
  StepBreakdown prefill_step_;
};

// Whether a strategy's memory fits: the first objective of every
// deployment, stated or not.
struct MemoryFit {
  bool fits = true;
  double needed_bytes = 0;  // on the worst GPU
  double usable_bytes = 0;
  std::string why_not;
};

// The one verdict on a prediction: a strategy that does not fit meets no
// objective, and a request rate the deployment cannot sustain fails TTFT
// (its queue grows without bound) as well as the rate itself.
SloReport check_slo(const Slo& slo, const Performance& p, const MemoryFit& memory = {});

// The cost model a scenario asks for: the calibrated roofline, with a
// measured profile on top of it when `calibration.profile` is set. The
// speed-of-light bound needs no model: it comes from each pass's work
// totals and the GPU's peak rates.
struct CostModels {
  std::shared_ptr<const CostModel> predict;
  // The scenario's routing statistics (its `placement:` section), loaded
  // once with the cost model; nullptr without one.
  std::shared_ptr<const RoutingStats> routing;
};
CostModels make_cost_models(const Scenario& sc);

}  // namespace moeplan
