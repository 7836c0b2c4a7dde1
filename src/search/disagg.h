// Disaggregated serving (issue 10): a prefill pool and a decode pool of
// identical engine instances, the prompt's KV cache moved between them.
//
// Model (docs/performance.md, "Disaggregated serving"):
// - prefill instance: only prefill, full token budgets on every DP rank;
//   serves dp / prefill_busy requests/s; one request's prefill alone takes
//   prefill_latency.
// - decode instance: only decode steps (no prefill chunks stall them); TPOT
//   = decode cycle / tokens per step at the largest concurrency the KV cache
//   holds, the batch cap allows and the TPOT objective admits.
// - KV transfer: KV bytes of the prompt over the inter-node RDMA link of the
//   GPUs that hold it, at the transfer engine's efficiency; exposed in TTFT
//   whole, or one layer's share when sent layer by layer.
// - TTFT = M/M/1 queueing at the prefill pool's load + prefill + transfer.
// - Rate matching: x prefill and y decode instances within the GPU budget,
//   maximising output tokens/s per GPU with TTFT and TPOT met.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/memory.h"
#include "placement/balance.h"
#include "placement/layout.h"
#include "search/serving.h"
#include "spec/scenario.h"

namespace moeplan {

enum class PoolRole { kPrefill, kDecode };
std::string to_string(PoolRole r);

struct PoolPlan {
  PoolRole role = PoolRole::kPrefill;
  std::shared_ptr<const Scenario> scenario;  // the pool's own view: its GPU type and one instance's strategy
  Strategy strategy;                         // one instance; strategy.instances = the pool's instance count
  ExpertDistribution experts;
  MemoryReport memory;  // one instance's GPUs, with this pool's KV cache in use
  int kv_capacity_per_dp_rank = 0;
  // Max over mean MoE load of this pool's expert placement (routing
  // statistics placed over its EP group and redundant slots); 0 = none given,
  // runtime.moe_load_imbalance used.
  double moe_imbalance = 0;
  // Prefill pool: one request alone, and the pipeline time a request takes
  // from a DP rank when every rank runs full token budgets.
  double prefill_latency_s = 0;
  double prefill_busy_s = 0;
  // Decode pool: requests per DP rank and the decode step they get; from
  // workload.concurrency (split over the pool's DP ranks) when it is given,
  // else the concurrency policy's choice for one instance.
  int concurrency_per_dp_rank = 0;
  bool concurrency_from_workload = false;
  double tpot_s = 0;
  bool tpot_met = true;
  // Capacity of one instance, and of the pool.
  double requests_per_s_per_instance = 0;
  double requests_per_s = 0;
  double tokens_per_s = 0;          // input tokens (prefill) or output tokens (decode), the pool at the matched rate
  double tokens_per_s_per_gpu = 0;  // the same per GPU of the pool
  double utilisation = 0;           // matched rate / capacity
  // Per-op times of the pool's own pass at its operating point: the decode
  // step at the decode pool's concurrency, the prefill chunk of the prefill
  // pool (reports draw them), and the stages that set them.
  PassDetail detail;
  int decode_bottleneck_stage = 0;
  int prefill_bottleneck_stage = 0;
  // The scenario's routing statistics placed on this pool's EP group (the
  // chosen pools only; nullopt without statistics): export writes it as the
  // engine's initial expert layout.
  std::optional<PlacementResult> placement;
  int gpus() const { return strategy.gpus(); }
};

struct KvTransfer {
  double bytes_per_request = 0;  // KV bytes per token x input tokens
  double link_bytes_per_s = 0;   // per GPU, one direction (cluster or serving.kv_transfer.bandwidth)
  double efficiency = 0;
  int streams = 1;               // GPUs that send one request's KV in parallel
  double seconds = 0;            // the whole transfer
  double exposed_seconds = 0;    // what TTFT waits for
  bool layerwise = false;
};

struct RateMatch {
  int prefill_instances = 0;
  int decode_instances = 0;
  std::string ratio;    // "3P:9D"
  std::string binding;  // "prefill" or "decode": the side whose capacity sets the rate
  double prefill_capacity_requests_per_s = 0;  // at the highest load TTFT allows
  double decode_capacity_requests_per_s = 0;
  double requests_per_s = 0;
  double output_tokens_per_s = 0;
  double output_tokens_per_s_per_gpu = 0;
  double queue_wait_s = 0;
  int gpus = 0;
  int gpu_budget = 0;
};

struct Deployment {
  std::vector<PoolPlan> pools;  // prefill, decode
  KvTransfer kv_transfer;
  RateMatch rate_match;
  double ttft_s = 0;
  double tpot_s = 0;
  SloReport slo;
  int evaluations = 0;
  std::string cost_model;  // the cost model's name, as Plan::cost_model
  const PoolPlan& prefill() const { return pools[0]; }
  const PoolPlan& decode() const { return pools[1]; }
};

// The scenario's disaggregated deployment: its pools' strategies where
// given (else the best per pool over the instance sizes that divide the
// cluster), their instance counts where given (else rate matching within
// cluster.gpus). Throws InputError for pools that cannot serve (a decode
// instance that cannot hold one request's KV cache, a strategy that does
// not fit), naming the field and value; nullopt when no pair fits at all.
std::optional<Deployment> plan_disaggregated(const Scenario& sc, const CostModels& costs);

// The scenario of the deployment `d` planned from `sc`: mode disaggregated,
// each pool's strategy (one instance) and instance count as planned, its GPU
// and redundant slots as given, and no aggregated strategy. plan_disaggregated on it gives `d` again: a
// document writes it as its front matter.
Scenario deployed_scenario(const Scenario& sc, const Deployment& d);

// One pool instance's view of the scenario: the pool's GPU type (and the
// engine's token budget and batch cap for that GPU where the scenario leaves
// them to the engine), its redundant expert slots, `gpus` GPUs, no load and
// no pools of its own. What the pool's memory and experts are computed on.
std::shared_ptr<Scenario> pool_scenario(const Scenario& sc, const PoolConfig& pool, int gpus);

// The KV transfer of one request from a prefill to a decode instance.
KvTransfer kv_transfer(const Scenario& sc, const Strategy& prefill);

// Aggregated against disaggregated under the same objectives (plan with
// serving.mode auto): which wins and one sentence why.
struct ServingComparison {
  std::string winner;  // "aggregated" | "disaggregated"
  std::string reason;
};
ServingComparison compare_serving(const Scenario& sc, const Performance& aggregated, bool aggregated_met,
                                  const Deployment& disaggregated);

}  // namespace moeplan
