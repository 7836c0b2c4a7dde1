// A scenario: model + cluster + workload + SLO (+ runtime, + an optional
// strategy). Read from YAML or JSON; every field validated.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "spec/calibration.h"
#include "spec/cluster_spec.h"
#include "spec/model_spec.h"
#include "spec/strategy.h"

namespace YAML {
class Node;
}

namespace moeplan {

enum class WorkloadArrival { kSteady, kBurst };
enum class LengthDistribution { kFixed, kShareGpt };
std::string to_string(WorkloadArrival a);
std::string to_string(LengthDistribution d);

struct Workload {
  int64_t input_tokens = 0;   // prompt length per request
  int64_t output_tokens = 0;  // generated tokens per request
  int64_t concurrency = 0;    // requests in flight over the deployment; 0 = not given
  double request_rate = 0;    // requests per second arriving (Poisson); 0 = not given
  // How requests arrive: a steady state (closed loop at `concurrency`, open
  // loop at `request_rate`, or the policy's concurrency), or a burst of
  // `requests` sent at once (a benchmark at request rate inf) whose
  // throughput is its total output over the time until the last finishes.
  WorkloadArrival arrival = WorkloadArrival::kSteady;
  int64_t requests = 0;  // requests in the burst; 0 = not given
  // Per-request lengths: all equal to input_tokens / output_tokens, or the
  // ShareGPT shape scaled to those means (model/length_distribution.h).
  LengthDistribution length_distribution = LengthDistribution::kFixed;
};

struct Slo {
  std::optional<double> ttft_s;
  std::optional<double> tpot_s;
  std::optional<double> throughput_tokens_per_s;  // output tokens/s over the deployment
};

enum class Engine { kVllm, kSglang, kTrtllm };
std::string to_string(Engine e);

// Who sets the token budget and the batch cap the scenario leaves out: the
// engine's serving defaults, or trtllm-bench's heuristic, which sizes both
// from the KV cache it expects for the workload's mean lengths
// (model/engine_batch.h).
enum class BatchSettings { kEngine, kTrtllmBench };
std::string to_string(BatchSettings b);

// Memory the serving engine takes besides weights, activations and KV cache.
struct RuntimeSpec {
  Engine engine = Engine::kVllm;
  // vLLM --gpu-memory-utilization and SGLang --mem-fraction-static take a
  // fraction of TOTAL memory; TensorRT-LLM's KV fraction applies to FREE
  // memory (shared/reference/engines.md). Default 0.9 as vLLM and TRT-LLM.
  double memory_fraction = 0.9;
  int64_t prefill_chunk_tokens = 8192;  // tokens per forward pass (token budget), per DP rank; engine default unless given
  // AIConfigurator systems/h200_sxm.yaml: ~350 MB NCCL buffers and ~3.5 GB
  // other runtime overhead per GPU (shared/reference/hardware.md).
  double comm_buffer_bytes = 350e6;
  double runtime_overhead_bytes = 3.5e9;
  // The engines' `--dtype auto`: the checkpoint's 16-bit dtype (an FP16 model
  // runs in FP16); BF16 for FP8/FP4/FP32 checkpoints. Given in the file, it wins.
  DType activation_dtype = DType::kBf16;
  bool activation_dtype_given = false;
  bool load_mtp = false;  // MTP module weights on the last stage (speculative decoding)
  // Micro-batch overlap of MoE all-to-all with compute (DeepSeek's
  // two-batch overlap, SGLang --enable-two-batch-overlap).
  bool two_batch_overlap = false;
  // Tokens on the busiest GPU of an MoE layer over the mean, when EP > 1.
  // TensorRT-LLM measured (max - mean) / mean = 0.109 for DeepSeek-R1 at
  // EP32 with EPLB (shared/reference/engines.md): 1.109 assumes a balancer.
  double moe_load_imbalance = 1.109;
  // Requests one engine instance (one DP rank) runs at once: vLLM
  // --max-num-seqs, SGLang --max-running-requests, TensorRT-LLM
  // max_batch_size. 0 in the file = the engine's default (engine_defaults.h);
  // after parsing, 0 means no cap but the KV cache.
  int64_t max_batch_size = 0;
  bool prefill_chunk_from_engine = true;  // prefill_chunk_tokens is the engine's default
  bool max_batch_from_engine = true;
  BatchSettings batch_settings = BatchSettings::kEngine;
  // MTP speculative decoding: draft tokens per step (0 = off) and the
  // probability that each draft token is accepted. DeepSeek-V3 technical
  // report, section 5.4.3: "the acceptance rate of the second token
  // prediction ranges between 85% and 90%".
  int64_t mtp_draft_tokens = 0;
  double mtp_acceptance = 0.85;
};

// Expert placement (`placement:`): routing statistics or a synthetic skew,
// redundant expert slots and the balancing algorithm. When given, the MoE
// time uses the most loaded GPU of the placement and memory counts the
// redundant experts.
struct PlacementConfig {
  std::string routing_stats;  // path (resolved against the scenario's folder)
  std::string skew;           // "zipf:1.01:SEED"
  int redundant_experts = 0;  // extra expert slots per MoE layer, over the EP group
  bool redundant_auto = false;  // `redundant_experts: auto`: plan tries 0, 1 and 2 extra slots per GPU
  std::string algorithm = "best";
  bool enabled() const { return !routing_stats.empty() || !skew.empty(); }
};

// --- issue 10: disaggregated serving (`serving:`) ---------------------------
// Aggregated: every instance runs prefill and decode (the strategy above).
// Disaggregated: a prefill pool and a decode pool, each of identical
// instances; the prompt's KV cache moves from one to the other over RDMA.
// Auto: plan searches both and says which wins.
enum class ServingMode { kAggregated, kDisaggregated, kAuto };
std::string to_string(ServingMode m);

struct PoolConfig {
  std::optional<Strategy> strategy;  // one instance's; nullopt = plan searches
  int instances = 0;                 // 0 = rate matching chooses
  std::string gpu_name;              // empty = the cluster's GPU
  // Redundant expert slots per MoE layer in this pool (DeepSeek runs 32 on
  // each side); nullopt = placement.redundant_experts.
  std::optional<int> redundant_experts;
  std::optional<GpuSpec> gpu;        // the preset of gpu_name
  std::string where;                 // "file:line: serving.prefill" for messages
};

struct ServingConfig {
  ServingMode mode = ServingMode::kAggregated;
  PoolConfig prefill, decode;
  // KV transfer per GPU: 0 = the cluster's inter-node bandwidth.
  double kv_bandwidth_bytes_per_s = 0;
  // Share of the link a transfer engine achieves: nixlbench UCX over a
  // 400 Gb/s RoCE NIC measured 341 Gb/s = 85 % of line rate (nixl PR #1647);
  // Mooncake's transfer engine 87 GB/s over 4 x 200 Gb/s = 100 GB/s (its
  // README); shared/reference/engine-flags-and-disagg.md B.7.
  double kv_efficiency = 0.85;
  // Whether the prefill instance sends each layer's KV as soon as it is
  // computed (Splitwise's layer-wise overlap). SGLang (Mooncake/NIXL
  // background thread), vLLM (NixlConnector) and TensorRT-LLM (cache
  // transceiver) send after the request's prefill, so false by default.
  bool kv_layerwise = false;
  bool disaggregated() const { return mode != ServingMode::kAggregated; }
};
// --- end issue 10 -----------------------------------------------------------

struct Scenario {
  std::string file;
  std::string name;
  std::string description;
  std::vector<std::string> assumptions;  // stated in the file, shown in every report
  ModelSpec model;
  ClusterSpec cluster;
  Workload workload;
  Slo slo;
  RuntimeSpec runtime;
  Calibration calibration = Calibration::defaults();
  std::string profile_path;  // measured op timings (CSV), resolved against the scenario's folder
  PlacementConfig placement;
  std::optional<Strategy> strategy;
  std::string strategy_note;  // issue 8: "assumed: ..." engine expert layout when no ep/etp, or "warning: ..."
  ServingConfig serving;      // issue 10
};

Scenario load_scenario(const std::string& path);
// A `strategy:` mapping or its text form ("tp=2,ep=8"), as the scenario and
// each serving pool write it; `path` names it in messages.
PartialStrategy read_strategy(const YAML::Node& node, const std::string& file, const std::string& path = "strategy");

Scenario parse_scenario(const std::string& text, const std::string& file);

// Validates a strategy against model and cluster (degrees that divide, TP
// within a node, ...); throws InputError with `where` on the first problem.
void require_valid_strategy(const Strategy& s, const Scenario& sc, const std::string& where);

}  // namespace moeplan
