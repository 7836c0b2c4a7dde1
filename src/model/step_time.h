// Time of one forward pass of one pipeline stage on one GPU, op by op,
// through a CostModel; plus the work totals that bound it from below
// (speed of light: no prediction may beat max(compute, HBM, link) time).
#pragma once

#include <limits>

#include "model/cost_model.h"
#include "spec/cluster_spec.h"
#include "spec/model_spec.h"
#include "spec/strategy.h"
#include "spec/strategy_rules.h"

namespace moeplan {

enum class Phase { kPrefill, kDecode };

struct StepInput {
  Phase phase = Phase::kDecode;
  double tokens = 0;     // new tokens in this pass, per DP rank
  double sequences = 0;  // requests those tokens belong to, per DP rank
  double kv_len = 0;     // KV length per sequence at the end of the pass
  double attended = 0;   // average context one new token attends to
  // DP ranks that run such a pass at once and so feed its tokens into the
  // shared MoE layers; 0 = every rank (a prefill on one attention-DP rank
  // sends only its own tokens to the experts).
  double active_dp_ranks = 0;
};

// Seconds by op category on one GPU of one stage.
struct StepBreakdown {
  double attention_gemm = 0;
  double attention_before_core = 0;  // the share of attention_gemm before the core (q/kv projections)
  double attention_core = 0;
  double dense_ffn = 0;
  double routed_experts = 0;
  double shared_experts = 0;
  double router = 0;
  double norms = 0;
  double lm_head = 0;
  double tp_comm = 0;
  double ep_comm = 0;
  double pp_comm = 0;
  double total = 0;
  // Work totals, for the speed-of-light bound.
  double flop_seconds_at_peak = 0;  // sum of flops / peak flops of their dtype
  double hbm_bytes = 0;
  double intra_bytes = 0;
  double inter_bytes = 0;
  double sol_seconds(const PeakRates& peak) const;
  void add(const StepBreakdown& o, double times);
};

struct StepContext {
  const ModelSpec* model = nullptr;
  const ClusterSpec* cluster = nullptr;
  Strategy strategy;
  double moe_imbalance = 1.0;  // max / mean tokens per GPU in an MoE layer
  // Two micro-batches, one's all-to-all in flight while the other computes
  // (DeepSeek's dual micro-batch overlap, SGLang's TBO): moe_block says how.
  bool two_batch_overlap = false;
  bool fp8_attention = false;      // attention core on FP8 tensor cores (FP8 KV cache, engine with FP8 kernels)
  // GEMMs of block-scaled FP8 weights: the share of the BF16 GEMM rate the engine's kernels reach, where they fall
  // short of the FP8 rate (block_fp8_gemm_share in serving.cc); 0 = FP8 tensor-core rate.
  double block_fp8_share = 0;
  // log(1 - k / E): a token misses a given expert with probability 1 - k/E, so an expert receives none of t tokens
  // with probability exp(t x this); set by whoever builds the context (NaN = compute it per call).
  double log_expert_miss = std::numeric_limits<double>::quiet_NaN();
};

// The per-layer blocks of one pass, identical for every stage: computed
// once per pass, then combined per stage by its layer counts.
struct PassBlocks {
  StepBreakdown attention_full;
  StepBreakdown attention_sliding;
  StepBreakdown dense;
  StepBreakdown moe;
};
PassBlocks pass_blocks(const StepContext& ctx, const CostModel& cost, const PeakRates& peak, const StepInput& in);
// One MoE layer of a pass alone (the block pass_blocks().moe holds).
StepBreakdown moe_layer_block(const StepContext& ctx, const CostModel& cost, const PeakRates& peak, const StepInput& in);

// One pass of `in` through `stage`, from precomputed blocks.
StepBreakdown stage_step(const StepContext& ctx, const CostModel& cost, const PeakRates& peak, const StageLayers& stage,
                         const StepInput& in, const PassBlocks& blocks);
// The same, computing the blocks itself.
StepBreakdown stage_step(const StepContext& ctx, const CostModel& cost, const PeakRates& peak, const StageLayers& stage,
                         const StepInput& in);

}  // namespace moeplan
