#include "model/step_time.h"

#include <algorithm>
#include <cmath>

#include "model/kv_cache.h"
#include "model/params.h"

namespace moeplan {

namespace {

constexpr double kActivationBytes = 2.0;  // bf16 activations and all-reduce payloads
// Residual add, two RMSNorms and their reads and writes: about 8 passes of
// the hidden state through HBM per layer.
constexpr double kElementwisePassesPerLayer = 8.0;

class Accumulator {
 public:
  Accumulator(const CostModel& cost, const PeakRates& peak, double block_fp8_share = 0)
      : cost_(cost), peak_(peak), block_fp8_share_(block_fp8_share) {}
  StepBreakdown b;
  double comm = 0;  // seconds of communication in this block

  // `work` is the op the speed-of-light bound charges (the balanced one when
  // `op` carries the busiest GPU's share of an imbalanced MoE layer).
  void gemm(double& category, const GemmOp& op) { gemm(category, op, op); }
  void gemm(double& category, const GemmOp& op, const GemmOp& work) {
    if (op.m <= 0 || op.n <= 0 || op.k <= 0 || op.groups <= 0) return;
    GemmOp timed = op;
    if (block_fp8_share_ > 0 && op.weight_dtype == DType::kFp8) timed.block_fp8_share = block_fp8_share_;
    const double t = cost_.gemm_seconds(timed);
    category += t;
    b.total += t;
    b.flop_seconds_at_peak += work.flops() / peak_.flops_per_s(work.weight_dtype);
    b.hbm_bytes += work.bytes();
  }
  void attention(const AttentionOp& op) {
    b.attention_before_core = b.attention_gemm;  // the projections so far feed the core
    const double t = cost_.attention_seconds(op);
    b.attention_core += t;
    b.total += t;
    b.flop_seconds_at_peak += op.flops / peak_.flops_per_s(op.compute_dtype);
    b.hbm_bytes += op.bytes;
  }
  void memory(double& category, double bytes) {
    const double t = cost_.memory_seconds(bytes);
    category += t;
    b.total += t;
    b.hbm_bytes += bytes;
  }
  void collective(double& category, const CollectiveOp& op) {
    if (op.ranks <= 1 || op.bytes <= 0) return;
    const double t = cost_.collective_seconds(op);
    category += t;
    b.total += t;
    comm += t;
    const CollectiveVolume v = collective_volume(op);
    b.intra_bytes += v.intra_bytes;
    b.inter_bytes += v.inter_bytes;
  }

 private:
  const CostModel& cost_;
  const PeakRates& peak_;
  double block_fp8_share_ = 0;
};

// The all-to-all of one MoE layer, as DeepEP moves it: a token's copy for
// experts on its own node goes over NVLink, one per expert; for each OTHER
// node that holds any of its experts the token crosses the network once and
// is forwarded inside that node (DeepEP's node-level deduplication).
struct DispatchShape {
  double intra_copies = 0;   // per token, over NVLink
  double inter_copies = 0;   // per token, over the NIC (distinct remote nodes)
};

DispatchShape dispatch_shape(const ModelSpec& m, const Strategy& s, int gpus_per_node) {
  DispatchShape d;
  const double k = static_cast<double>(m.experts_per_token);
  if (s.ep <= 1) return d;
  const int stage = s.gpus_per_stage();
  const double nodes = stage > gpus_per_node ? static_cast<double>(stage) / gpus_per_node : 1.0;
  const double copies_elsewhere = k * (s.ep - 1.0) / s.ep;
  if (nodes <= 1) {
    d.intra_copies = copies_elsewhere;
    return d;
  }
  // Probability that a node holds none of a token's k experts. With
  // DeepSeek's group-limited routing the experts sit in topk_group of
  // n_group groups, and a node holds n_group / nodes whole groups.
  double miss = 1.0;  // (1 - 1/nodes)^k, k a small whole number
  for (int i = 0; i < m.experts_per_token; ++i) miss *= 1.0 - 1.0 / nodes;
  if (m.expert_groups > 0 && m.expert_groups_per_token > 0 &&
      std::fmod(static_cast<double>(m.expert_groups), nodes) == 0) {
    const double groups = static_cast<double>(m.expert_groups);
    const double per_node = groups / nodes;
    const double picked = static_cast<double>(m.expert_groups_per_token);
    // C(groups - per_node, picked) / C(groups, picked)
    miss = 1.0;
    for (double i = 0; i < picked; ++i) miss *= std::max(0.0, groups - per_node - i) / (groups - i);
  }
  d.inter_copies = (nodes - 1.0) * (1.0 - miss);
  // NVLink carries the copies for other GPUs of the own node, and forwards
  // the network copies to the right GPU inside each receiving node.
  d.intra_copies = k / nodes * (1.0 - nodes / s.ep) + k * (nodes - 1.0) / nodes;
  return d;
}

StepBreakdown attention_block(const StepContext& ctx, const CostModel& cost, const PeakRates& peak, const StepInput& in,
                              double attended, double kv_len) {
  const ModelSpec& m = *ctx.model;
  const Strategy& s = ctx.strategy;
  Accumulator acc(cost, peak, ctx.block_fp8_share);
  const double t = in.tokens;
  const double h = static_cast<double>(m.hidden_size);
  const double heads = static_cast<double>(m.num_heads) / s.tp;
  const DType w = m.weight_dtype;
  const double kv_bytes_layer = kv_bytes_per_token_per_layer_per_gpu(m, s.tp);
  const DType core = ctx.fp8_attention ? DType::kFp8 : DType::kBf16;
  if (m.attention == AttentionKind::kMla) {
    const double qk = static_cast<double>(m.qk_nope_head_dim + m.qk_rope_head_dim);
    const double latent = static_cast<double>(m.kv_lora_rank + m.qk_rope_head_dim);
    const double nope = static_cast<double>(m.qk_nope_head_dim);
    const double v = static_cast<double>(m.v_head_dim);
    const double rank = static_cast<double>(m.kv_lora_rank);
    if (m.q_lora_rank > 0) {
      acc.gemm(acc.b.attention_gemm, {t, static_cast<double>(m.q_lora_rank), h, 1, w});
      acc.gemm(acc.b.attention_gemm, {t, heads * qk, static_cast<double>(m.q_lora_rank), 1, w});
    } else {
      acc.gemm(acc.b.attention_gemm, {t, heads * qk, h, 1, w});
    }
    acc.gemm(acc.b.attention_gemm, {t, latent, h, 1, w});
    if (in.phase == Phase::kPrefill) {
      // Prefill decompresses the cached latents into per-head K and V.
      const double context_tokens = std::max(t, in.sequences * kv_len);
      acc.gemm(acc.b.attention_gemm, {context_tokens, heads * (nope + v), rank, 1, w});
      acc.attention({2.0 * heads * t * attended * (qk + v),
                     in.sequences * kv_len * kv_bytes_layer + context_tokens * heads * (nope + v) * kActivationBytes, core});
    } else {
      // Decode absorbs W_UK / W_UV into the query and output: attention runs
      // over the 576-wide latent, read once from the cache.
      acc.gemm(acc.b.attention_gemm, {t, rank, nope, heads, w});
      acc.attention({2.0 * heads * t * attended * (latent + rank), in.sequences * kv_len * kv_bytes_layer, core});
      acc.gemm(acc.b.attention_gemm, {t, v, rank, heads, w});
    }
    acc.gemm(acc.b.attention_gemm, {t, h, heads * v, 1, w});
  } else {
    const double hd = static_cast<double>(m.head_dim);
    const double kv_heads = std::max(1.0, static_cast<double>(m.num_kv_heads) / s.tp);
    acc.gemm(acc.b.attention_gemm, {t, (heads + 2 * kv_heads) * hd, h, 1, w});
    acc.attention({4.0 * heads * hd * t * attended,
                   in.sequences * kv_len * kv_bytes_layer + 2 * t * heads * hd * kActivationBytes, core});
    acc.gemm(acc.b.attention_gemm, {t, h, heads * hd, 1, w});
  }
  if (s.tp > 1) acc.collective(acc.b.tp_comm, {Collective::kAllReduce, s.tp, t * h * kActivationBytes, 0});
  return acc.b;
}

// An FFN's two GEMMs on t tokens: up (and gate) to `inter`, down to h.
void ffn_gemms(Accumulator& acc, double& category, double t, double h, double inter, bool gated, DType dtype) {
  acc.gemm(category, {t, inter * (gated ? 2.0 : 1.0), h, 1, dtype});
  acc.gemm(category, {t, h, inter, 1, dtype});
}

StepBreakdown dense_block(const StepContext& ctx, const CostModel& cost, const PeakRates& peak, const StepInput& in) {
  const ModelSpec& m = *ctx.model;
  const Strategy& s = ctx.strategy;
  Accumulator acc(cost, peak, ctx.block_fp8_share);
  const double t = in.tokens;
  const double h = static_cast<double>(m.hidden_size);
  ffn_gemms(acc, acc.b.dense_ffn, t, h, static_cast<double>(m.dense_intermediate_size) / s.tp, m.dense_gated,
            m.weight_dtype);
  if (s.tp > 1) acc.collective(acc.b.tp_comm, {Collective::kAllReduce, s.tp, t * h * kActivationBytes, 0});
  return acc.b;
}

// DeepEP's low-latency kernels, which engines use for decode across nodes
// (SGLang `--deepep-mode auto`, vLLM `deepep_low_latency`, DeepSeek's own
// decode), send one message per (token, selected expert): no node-level
// deduplication, and a message to a GPU of another node crosses the NIC
// (deepseek-ai/DeepEP csrc/kernels/internode_ll.cu at 227c358: one
// nvshmemi_ibgda_put_nbi_warp per top-k entry, an NVLink store where the
// peer is reachable by NVLink). Message sizes from the same repository's
// tests/test_low_latency.py: FP8 dispatch hidden + hidden / 128 x 4 bytes of
// scales + 16; BF16 combine hidden x 2.
bool uses_low_latency_all_to_all(const StepContext& ctx, const StepInput& in) {
  const Strategy& s = ctx.strategy;
  return in.phase == Phase::kDecode && s.ep > 1 && s.gpus_per_stage() > ctx.cluster->gpus_per_node;
}
constexpr double kLowLatencyScaleBlock = 128;      // FP8 values per 4-byte scale
constexpr double kLowLatencyMessageExtraBytes = 16;  // per-message header of an FP8 dispatch

// One MoE layer's ops on `in`'s tokens, with its two all-to-alls timed apart.
struct MoeOps {
  StepBreakdown b;  // b.total charges every op one after the other
  double comm_s = 0;
  double dispatch_s = 0;
  double combine_s = 0;
  double router_s = 0;
  double shared_s = 0;
};

MoeOps moe_ops(const StepContext& ctx, const CostModel& cost, const PeakRates& peak, const StepInput& in) {
  const ModelSpec& m = *ctx.model;
  const Strategy& s = ctx.strategy;
  Accumulator acc(cost, peak, ctx.block_fp8_share);
  MoeOps out;
  const double t = in.tokens;
  const double h = static_cast<double>(m.hidden_size);
  const double k = static_cast<double>(m.experts_per_token);
  const double e = static_cast<double>(m.num_experts);
  // A DP rank's tokens are split over its TP ranks for routing, so every
  // GPU of the stage routes t / tp tokens.
  const double routed_by_gpu = t / s.tp;
  acc.gemm(acc.b.router, {routed_by_gpu, e, h, 1, m.base_dtype()});
  out.router_s = acc.b.router;
  // FP8 dispatch when the experts run in FP8 (DeepEP), BF16 combine.
  const bool fp8_dispatch = m.expert_dtype == DType::kFp8 || m.expert_dtype == DType::kFp4;
  const double dispatch_bytes = fp8_dispatch ? 1.0 : kActivationBytes;
  const bool low_latency = uses_low_latency_all_to_all(ctx, in);
  const DispatchShape shape = dispatch_shape(m, s, ctx.cluster->gpus_per_node);
  // Sent as one collective: payload = copies x hidden x bytes, the share
  // leaving the node being the deduplicated network copies.
  const double copies = shape.intra_copies + shape.inter_copies;
  const double inter_fraction = copies > 0 ? shape.inter_copies / copies : 0;
  auto all_to_all = [&](double bytes_per_value) {
    if (s.ep <= 1 || copies <= 0) return;
    // The collective charges (N-1)/N of its payload as leaving the GPU.
    const double payload = routed_by_gpu * copies * h * bytes_per_value * s.etp * s.ep / (s.ep - 1.0);
    acc.collective(acc.b.ep_comm, {Collective::kAllToAll, s.ep, payload, inter_fraction});
  };
  // Low latency: k messages per token; those for GPUs of the own node
  // (gpus_per_node / ep of them) go over NVLink, the rest over the NIC.
  auto low_latency_all_to_all = [&](double message_bytes) {
    const double sent = routed_by_gpu * k * message_bytes * s.etp;
    CollectiveOp op{Collective::kAllToAll, s.ep, sent * s.ep / (s.ep - 1.0),
                    1.0 - static_cast<double>(ctx.cluster->gpus_per_node) / s.ep};
    op.streamed = true;
    acc.collective(acc.b.ep_comm, op);
  };
  double before = acc.b.ep_comm;
  if (low_latency)
    low_latency_all_to_all(fp8_dispatch ? h + h / kLowLatencyScaleBlock * 4 + kLowLatencyMessageExtraBytes
                                        : h * kActivationBytes);
  else
    all_to_all(dispatch_bytes);
  out.dispatch_s = acc.b.ep_comm - before;
  // Tokens one GPU's experts receive: the stage's t x dp tokens, top-k
  // each, spread over EP ranks; the busiest GPU gets `moe_imbalance` times
  // the mean.
  const double ranks = in.active_dp_ranks > 0 ? std::min<double>(in.active_dp_ranks, s.dp) : s.dp;
  const double stage_tokens = t * ranks;
  const double received = stage_tokens * k / s.ep * ctx.moe_imbalance;
  const double local = e / s.ep;
  // Experts that receive at least one token (decode reads only those):
  // each is picked by a token with probability k / e.
  const double log_miss = std::isnan(ctx.log_expert_miss) ? std::log1p(-k / e) : ctx.log_expert_miss;
  const double hit = stage_tokens > 0 ? 1.0 - std::exp(stage_tokens * log_miss) : 0.0;
  const double active = std::clamp(local * hit, std::min(1.0, local), std::min(local, std::max(1.0, received)));
  const double inter = static_cast<double>(m.expert_intermediate_size) / s.etp;
  const double rows = received / active;
  const double balanced_rows = rows / ctx.moe_imbalance;
  const double up = inter * (m.expert_gated ? 2.0 : 1.0);
  acc.gemm(acc.b.routed_experts, {rows, up, h, active, m.expert_dtype}, {balanced_rows, up, h, active, m.expert_dtype});
  acc.gemm(acc.b.routed_experts, {rows, h, inter, active, m.expert_dtype}, {balanced_rows, h, inter, active, m.expert_dtype});
  // Expert-TP shards produce partial sums. Without EP (ep 1, one DP rank)
  // the ETP group is the TP group and the TP all-reduce below sums them.
  const bool etp_is_tp = s.ep == 1 && s.dp == 1;
  if (s.etp > 1 && !etp_is_tp)
    acc.collective(acc.b.ep_comm, {Collective::kAllReduce, s.etp, received * h * kActivationBytes, 0});
  before = acc.b.ep_comm;
  if (low_latency)
    low_latency_all_to_all(h * kActivationBytes);
  else
    all_to_all(kActivationBytes);
  out.combine_s = acc.b.ep_comm - before;
  if (m.num_shared_experts > 0) {
    const double shared = static_cast<double>(m.num_shared_experts * m.shared_expert_intermediate_size) / s.tp;
    ffn_gemms(acc, acc.b.shared_experts, t, h, shared, true, m.weight_dtype);
  }
  out.shared_s = acc.b.shared_experts;
  if (s.tp > 1) acc.collective(acc.b.tp_comm, {Collective::kAllReduce, s.tp, t * h * kActivationBytes, 0});
  out.b = acc.b;
  out.comm_s = acc.comm;
  return out;
}

// A decode MoE layer under two-batch overlap, as DeepSeek's decode and
// SGLang's TBO run it (sgl-project/sglang python/sglang/srt/operations_strategy.py
// at 1e90555, _compute_moe_deepseek_blog_decode, tbo_delta_stages 2; DeepSeek's
// "5-stage pipeline", open-infra-index day 6). The batch is split in two
// micro-batches of half the tokens that take turns on the GPU; each runs
// every op of the layer itself, so a weight is read once per micro-batch.
// The all-to-all of one micro-batch is in flight only while the GPU runs
// particular stages:
//   dispatch of A: from its issue until A's experts, over A's shared expert
//     and B's attention projections (stage 0 of B);
//   combine of A: from after A's experts until A's output, over B's
//     attention core, output projection and router (stage 1 of B);
// and the same for B with the roles swapped. What does not fit its window is
// waited for. The dense layers before the first MoE layer run the whole batch
// (SGLang runs TBO from first_k_dense_replace on).
// This block holds the layer's MoE part plus what the split adds to its
// attention (two half-batch attention blocks instead of one whole one), so
// that stage_step's attention + MoE blocks add up to the overlapped layer.
StepBreakdown two_batch_decode_layer(const StepContext& ctx, const CostModel& cost, const PeakRates& peak,
                                     const StepInput& in, const StepBreakdown& attention_whole) {
  StepInput half = in;
  half.tokens = in.tokens / 2;
  half.sequences = in.sequences / 2;
  const MoeOps moe = moe_ops(ctx, cost, peak, half);
  const StepBreakdown attention = attention_block(ctx, cost, peak, half, in.attended, in.kv_len);
  const double projections = attention.attention_before_core;
  const double after_projections = attention.total - projections;
  const double waited_dispatch = std::max(0.0, moe.dispatch_s - (moe.shared_s + projections));
  const double waited_combine = std::max(0.0, moe.combine_s - (after_projections + moe.router_s));
  const double other_comm = moe.comm_s - moe.dispatch_s - moe.combine_s;  // TP/ETP all-reduces, not overlapped
  const double compute = moe.b.total - moe.comm_s;
  StepBreakdown b;
  b.add(moe.b, 2);
  b.add(attention, 2);
  b.add(attention_whole, -1);
  b.total = 2 * (compute + other_comm + waited_dispatch + waited_combine) + 2 * attention.total - attention_whole.total;
  return b;
}

StepBreakdown moe_block(const StepContext& ctx, const CostModel& cost, const PeakRates& peak, const StepInput& in,
                        const StepBreakdown& attention_whole) {
  if (ctx.two_batch_overlap && in.phase == Phase::kDecode && ctx.strategy.ep > 1 && in.tokens >= 2)
    return two_batch_decode_layer(ctx, cost, peak, in, attention_whole);
  MoeOps ops = moe_ops(ctx, cost, peak, in);
  if (ctx.two_batch_overlap) {
    // Prefill: two micro-batches of thousands of tokens each, one's
    // all-to-all under the other's compute.
    const double compute = ops.b.total - ops.comm_s;
    ops.b.total = std::max(compute, ops.comm_s);
  }
  return ops.b;
}

}  // namespace

double StepBreakdown::sol_seconds(const PeakRates& peak) const {
  double t = flop_seconds_at_peak;
  if (peak.hbm_bytes_per_s > 0) t = std::max(t, hbm_bytes / peak.hbm_bytes_per_s);
  if (peak.intra_bytes_per_s > 0) t = std::max(t, intra_bytes / peak.intra_bytes_per_s);
  if (peak.inter_bytes_per_s > 0) t = std::max(t, inter_bytes / peak.inter_bytes_per_s);
  return t;
}

void StepBreakdown::add(const StepBreakdown& o, double times) {
  attention_gemm += o.attention_gemm * times;
  attention_before_core += o.attention_before_core * times;
  attention_core += o.attention_core * times;
  dense_ffn += o.dense_ffn * times;
  routed_experts += o.routed_experts * times;
  shared_experts += o.shared_experts * times;
  router += o.router * times;
  norms += o.norms * times;
  lm_head += o.lm_head * times;
  tp_comm += o.tp_comm * times;
  ep_comm += o.ep_comm * times;
  pp_comm += o.pp_comm * times;
  total += o.total * times;
  flop_seconds_at_peak += o.flop_seconds_at_peak * times;
  hbm_bytes += o.hbm_bytes * times;
  intra_bytes += o.intra_bytes * times;
  inter_bytes += o.inter_bytes * times;
}

StepBreakdown moe_layer_block(const StepContext& ctx, const CostModel& cost, const PeakRates& peak, const StepInput& in) {
  if (!ctx.model->is_moe()) return StepBreakdown{};
  return moe_block(ctx, cost, peak, in, attention_block(ctx, cost, peak, in, in.attended, in.kv_len));
}

PassBlocks pass_blocks(const StepContext& ctx, const CostModel& cost, const PeakRates& peak, const StepInput& in) {
  const ModelSpec& m = *ctx.model;
  PassBlocks b;
  b.attention_full = attention_block(ctx, cost, peak, in, in.attended, in.kv_len);
  if (m.sliding_window > 0 && m.sliding_window_layers != SlidingLayers::kNone) {
    const double window = static_cast<double>(m.sliding_window);
    b.attention_sliding = attention_block(ctx, cost, peak, in, std::min(in.attended, window), std::min(in.kv_len, window));
  }
  if (m.num_layers > m.num_moe_layers()) b.dense = dense_block(ctx, cost, peak, in);
  if (m.is_moe()) b.moe = moe_block(ctx, cost, peak, in, b.attention_full);
  return b;
}

StepBreakdown stage_step(const StepContext& ctx, const CostModel& cost, const PeakRates& peak, const StageLayers& stage,
                         const StepInput& in) {
  return stage_step(ctx, cost, peak, stage, in, pass_blocks(ctx, cost, peak, in));
}

StepBreakdown stage_step(const StepContext& ctx, const CostModel& cost, const PeakRates& peak, const StageLayers& stage,
                         const StepInput& in, const PassBlocks& blocks) {
  const ModelSpec& m = *ctx.model;
  const Strategy& s = ctx.strategy;
  StepBreakdown out;
  const int full_layers = stage.layers - stage.sliding_layers;
  if (full_layers > 0) out.add(blocks.attention_full, full_layers);
  if (stage.sliding_layers > 0) out.add(blocks.attention_sliding, stage.sliding_layers);
  if (stage.dense_layers > 0) out.add(blocks.dense, stage.dense_layers);
  if (stage.moe_layers > 0) out.add(blocks.moe, stage.moe_layers);

  Accumulator acc(cost, peak, ctx.block_fp8_share);
  const double h = static_cast<double>(m.hidden_size);
  acc.memory(acc.b.norms, kElementwisePassesPerLayer * in.tokens * h * kActivationBytes * stage.layers);
  const double small_kernels = cost.layer_overhead_seconds() * stage.layers;
  acc.b.norms += small_kernels;
  acc.b.total += small_kernels;
  if (stage.has_lm_head) {
    // Logits only for the positions that sample: one per sequence.
    acc.gemm(acc.b.lm_head, {in.sequences, std::ceil(static_cast<double>(m.vocab_size) / s.tp), h, 1, m.base_dtype()});
  } else {
    // Hand the hidden states to the next stage; it sits on another node
    // when a stage fills whole nodes.
    const int stage_gpus = s.gpus_per_stage();
    const int gpn = ctx.cluster->gpus_per_node;
    const bool crosses = gpn > 0 && ((stage.stage + 1) * stage_gpus) / gpn != (stage.stage * stage_gpus) / gpn;
    acc.collective(acc.b.pp_comm, {Collective::kPointToPoint, 2, in.tokens * h * kActivationBytes, crosses ? 1.0 : 0.0});
  }
  out.add(acc.b, 1);
  return out;
}

}  // namespace moeplan
