// Per-GPU memory of one strategy: weights by component, KV cache, the
// activation peak of one prefill chunk, and the engine's runtime reserve.
// Every GPU of a pipeline stage holds the same amounts, so the figures are
// computed once per stage.
#pragma once

#include <vector>

#include "model/kv_cache.h"
#include "model/params.h"
#include "spec/strategy_rules.h"
#include "spec/scenario.h"

namespace moeplan {

// Bytes of one GPU's weights, by component.
struct ComponentBytes {
  double embedding = 0;       // vocab-parallel slice, first stage
  double lm_head = 0;         // vocab-parallel slice, last stage
  double attention = 0;       // sharded by TP (MLA down-projections replicated)
  double dense_ffn = 0;       // sharded by TP
  double routed_experts = 0;  // E/EP experts, each 1/ETP
  double shared_experts = 0;  // sharded by TP
  double router = 0;          // replicated
  double norms = 0;           // replicated
  double mtp = 0;             // last stage, when runtime.load_mtp
  double total() const;
};

struct StageMemory {
  StageLayers layers;
  ComponentBytes weights;
  double weights_bytes = 0;
  double weight_params = 0;          // parameters held by one GPU
  double activation_bytes = 0;       // peak transient buffers of one prefill chunk
  double runtime_reserve_bytes = 0;  // runtime overhead + communication buffers
  double static_bytes = 0;           // weights + activations + runtime reserve: all but the KV cache
  double usable_bytes = 0;           // what the engine may use (memory fraction applied)
  double kv_budget_bytes = 0;        // left for the KV cache (may be negative)
  double kv_bytes_per_token = 0;     // on this GPU, over the stage's layers
  double kv_bytes_per_sequence = 0;  // one request of input + output tokens
  double kv_capacity_tokens = 0;     // full-context tokens the budget holds
  double kv_capacity_sequences = 0;  // whole requests the budget holds
  double kv_in_use_bytes = 0;        // for the workload's concurrency, when given
  double total_bytes = 0;            // weights + activations + reserve + KV in use
  bool fits = false;
};

struct MemoryReport {
  std::vector<StageMemory> stages;
  double capacity_bytes = 0;  // one GPU
  double weights_bytes_max = 0;
  double total_bytes_max = 0;
  int worst_stage = 0;  // the stage whose GPUs have the largest total
  // Requests one engine instance holds at once: its DP replicas x the smallest
  // per-GPU sequence capacity over the stages.
  double kv_capacity_sequences = 0;
  // The same over all the strategy's engine instances (instances x the above): what the deployment (or pool) holds.
  double kv_capacity_sequences_all_instances = 0;
  int kv_capacity_per_dp_rank = 0;  // the same per DP rank, whole requests (bounded by limits::kConcurrency)
  int sequences_per_dp_rank = 0;  // workload concurrency / DP, rounded up (0 = not given)
  bool fits = false;
  std::string why_not;  // empty when it fits
};

// `sequences_per_dp_rank`: requests whose KV cache is counted as in use on
// each DP rank; negative = derive from the workload's concurrency.
MemoryReport compute_memory(const Scenario& sc, const Strategy& s, const std::vector<StageLayers>& stages,
                            int sequences_per_dp_rank = -1);

}  // namespace moeplan
