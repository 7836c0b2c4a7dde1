#include "search/serving.h"

#include <algorithm>
#include <cmath>

#include "placement/scenario_placement.h"

namespace moeplan {

namespace {

struct PipelinePass {
  double sum = 0;
  double max = 0;
  int slowest = 0;
  StepBreakdown slowest_step;
};

}  // namespace

// vLLM's GEMMs for FP8 weights with 128 x 128 block scales on Hopper (FP8 but no FP4 tensor cores): its CUTLASS
// blockwise and Triton w8a8_block_fp8_matmul kernels, and the Triton fused-MoE kernel with block scales (the
// CUTLASS block-scaled grouped GEMM is enabled on Blackwell only), run well below the FP8 rate. Measured on H100
// against BF16 (torch) at 512 and more tokens, vLLM PR #23280 (tuned configs, TFLOP/s): N=2112, K=7168 at M=512
// CUTLASS 322 / Triton 305 vs BF16 566 (0.57 / 0.54), at M=4096 457 / 403 vs 716 (0.64 / 0.56); another shape at
// M=8192 208 / 245 vs 703 (0.30 / 0.35). The median of these six ratios, 0.55, is the share of the BF16 rate such
// GEMMs reach. SGLang (DeepGEMM on Hopper) and TensorRT-LLM run block-scaled FP8 at the FP8 rate (their DeepSeek
// cases in docs/accuracy.md are within 12% at it).
double block_fp8_gemm_share(const Scenario& sc) {
  constexpr double kVllmHopperBlockFp8Share = 0.55;
  const ModelSpec& m = sc.model;
  const GpuSpec& g = sc.cluster.gpu;
  const bool fp8 = m.weight_dtype == DType::kFp8 || m.expert_dtype == DType::kFp8;
  if (sc.runtime.engine != Engine::kVllm || m.weight_block_size <= 0 || !fp8 || g.fp8_flops_per_s <= 0 ||
      g.fp4_flops_per_s > 0)
    return 0;
  return kVllmHopperBlockFp8Share;
}

PerformanceModel::PerformanceModel(const Scenario& sc, const Strategy& s, const std::vector<StageLayers>& stages,
                                   const CostModel& cost, double moe_imbalance)
    : sc_(sc), s_(s), stages_(stages), cost_(cost), peak_(peak_rates(sc.cluster)), limits_(batch_limits(sc, s)) {
  ctx_.model = &sc.model;
  ctx_.cluster = &sc.cluster;
  ctx_.strategy = s;
  ctx_.moe_imbalance = s.ep <= 1 ? 1.0 : moe_imbalance > 0 ? moe_imbalance : sc.runtime.moe_load_imbalance;
  placed_imbalance_ = s.ep > 1 && moe_imbalance > 0 ? moe_imbalance : 0;
  ctx_.two_batch_overlap = sc.runtime.two_batch_overlap;
  if (sc.model.is_moe())
    ctx_.log_expert_miss = std::log1p(-static_cast<double>(sc.model.experts_per_token) / static_cast<double>(sc.model.num_experts));
  // TensorRT-LLM runs attention on FP8 tensor cores when the KV cache is FP8
  // (its FP8 context FMHA and XQA generation kernels); vLLM's and SGLang's
  // default attention backends compute in BF16 over an FP8 cache.
  ctx_.fp8_attention = sc.runtime.engine == Engine::kTrtllm && sc.model.kv_cache_dtype == DType::kFp8 &&
                       sc.cluster.gpu.fp8_flops_per_s > 0;
  ctx_.block_fp8_share = block_fp8_gemm_share(sc);
  // With DP > 1 the ranks of a MoE model share every MoE layer's all-to-all
  // (attention DP): SGLang's DP attention and TensorRT-LLM's attention DP
  // run every rank's forward pass in lockstep, idle ranks included.
  dp_synchronised_ = s.dp > 1 && sc.model.is_moe();
  if (sc.runtime.mtp_draft_tokens > 0) {
    // Each draft token is accepted with probability a, and only after every
    // earlier one was: 1 + a + a^2 + ... + a^d tokens per step.
    const double a = sc.runtime.mtp_acceptance;
    mtp_tokens_per_step_ = (1 - std::pow(a, sc.runtime.mtp_draft_tokens + 1)) / (1 - a);
  }

  const double input = static_cast<double>(sc.workload.input_tokens);
  const double chunk = static_cast<double>(limits_.token_budget);
  // Latency: one request's prompt in chunks of at most `chunk` tokens, each
  // attending on average to half the prompt (causal, chunked prefix).
  const double first_chunk = std::min(chunk, input);
  chunks_ = std::ceil(input / chunk);
  // One request's prefill runs on its own DP rank: only its tokens reach
  // the experts.
  StepInput lat{Phase::kPrefill, first_chunk, 1, std::min(input, input / 2 + first_chunk / 2), input / 2, 1};
  // Throughput: the engine packs chunks full (several short prompts per chunk).
  StepInput busy{Phase::kPrefill, chunk, std::max(1.0, chunk / input), std::min(input, input / 2 + chunk / 2), input / 2};
  const bool same = lat.tokens == busy.tokens && lat.sequences == busy.sequences && lat.kv_len == busy.kv_len &&
                    s.dp == 1;
  PipelinePass pl, pb, sl, sb;
  std::vector<double> lat_stage_s, busy_stage_s;
  const StepContext lat_ctx = context_for(lat.tokens, 1), busy_ctx = context_for(busy.tokens, s.dp);
  const PassBlocks lat_blocks = pass_blocks(lat_ctx, cost_, peak_, lat);
  const PassBlocks busy_blocks = same ? lat_blocks : pass_blocks(busy_ctx, cost_, peak_, busy);
  for (const StageLayers& st : stages_) {
    const StepBreakdown a = stage_step(lat_ctx, cost_, peak_, st, lat, lat_blocks);
    const StepBreakdown b = same ? a : stage_step(busy_ctx, cost_, peak_, st, busy, busy_blocks);
    pl.sum += a.total;
    if (a.total > pl.max) pl.max = a.total;
    lat_stage_s.push_back(a.total);
    busy_stage_s.push_back(b.total);
    if (b.total >= pb.max) {
      pb.max = b.total;
      pb.slowest = st.stage;
      pb.slowest_step = b;
    }
    prefill_flop_per_token_s_.push_back(busy.tokens > 0 ? b.flop_seconds_at_peak / busy.tokens : 0.0);
    const double sa_s = a.sol_seconds(peak_), sb_s = b.sol_seconds(peak_);
    sl.sum += sa_s;
    sl.max = std::max(sl.max, sa_s);
    sb.max = std::max(sb.max, sb_s);
  }
  const double overhead = cost_.prefill_overhead_seconds();
  // Chunks of one request pipeline through the stages.
  prefill_latency_ = pl.sum + (chunks_ - 1) * pl.max + chunks_ * overhead;
  prefill_busy_ = input / chunk * (pb.max + overhead);
  sol_prefill_latency_ = sl.sum + (chunks_ - 1) * sl.max;
  sol_prefill_busy_ = input / chunk * sb.max;
  prefill_bottleneck_ = pb.slowest;
  prefill_step_ = pb.slowest_step;
  prefill_small_tokens_ = first_chunk;
  sol_prefill_full_s_ = sb.max;
  // The same two passes with every DP rank prefilling (their tokens all
  // reach the shared experts) and with one rank prefilling alone: only the
  // MoE layers differ, by the MoE block's time on each stage's MoE layers.
  prefill_small_s_ = pl.max + overhead;
  prefill_full_s_ = pb.max + overhead;
  prefill_small_all_s_ = prefill_small_s_;
  prefill_full_single_s_ = prefill_full_s_;
  if (dp_synchronised_) {
    StepInput lat_all = lat;
    lat_all.active_dp_ranks = 0;
    StepInput busy_single = busy;
    busy_single.active_dp_ranks = 1;
    const double more =
        moe_layer_block(context_for(lat.tokens, s.dp), cost_, peak_, lat_all).total - lat_blocks.moe.total;
    const double less = moe_layer_block(context_for(busy.tokens, 1), cost_, peak_, busy_single).total - busy_blocks.moe.total;
    double small_all = 0, full_single = 0;
    for (size_t i = 0; i < stages_.size(); ++i) {
      small_all = std::max(small_all, lat_stage_s[i] + stages_[i].moe_layers * more);
      full_single = std::max(full_single, busy_stage_s[i] + stages_[i].moe_layers * less);
    }
    prefill_small_all_s_ = small_all + overhead;
    prefill_full_single_s_ = full_single + overhead;
  }
}

StepContext PerformanceModel::context_for(double tokens_per_rank, double ranks) const {
  if (placed_imbalance_ <= 0) return ctx_;
  StepContext c = ctx_;
  const double assignments = tokens_per_rank * ranks * static_cast<double>(sc_.model.experts_per_token);
  c.moe_imbalance = step_max_over_mean(placed_imbalance_, assignments, s_.ep);
  return c;
}

double PerformanceModel::sol_lone_decode_step_s() const {
  const double draft = sc_.runtime.mtp_draft_tokens;
  StepInput one{Phase::kDecode, 1 + draft, 1, 1, 1};
  one.active_dp_ranks = 1;
  const StepContext c = context_for(one.tokens, 1);
  const PassBlocks blocks = pass_blocks(c, cost_, peak_, one);
  double sum = 0;
  for (const StageLayers& st : stages_) sum += stage_step(c, cost_, peak_, st, one, blocks).sol_seconds(peak_);
  return sum / mtp_tokens_per_step_;
}

PerformanceModel::DecodeCycle PerformanceModel::decode_cycle(int running, double context) const {
  DecodeCycle c;
  c.micro_batches = std::min(running, s_.pp);
  c.micro_batch_size = static_cast<double>(running) / c.micro_batches;
  // With MTP each sequence verifies its draft tokens in the same pass.
  const double draft = sc_.runtime.mtp_draft_tokens;
  const StepInput dec{Phase::kDecode, c.micro_batch_size * (1 + draft), c.micro_batch_size, context, context};
  PipelinePass d, sd;
  const StepContext dec_ctx = context_for(dec.tokens, s_.dp);
  const PassBlocks blocks = pass_blocks(dec_ctx, cost_, peak_, dec);
  for (const StageLayers& st : stages_) {
    const StepBreakdown b = stage_step(dec_ctx, cost_, peak_, st, dec, blocks);
    const double sol = b.sol_seconds(peak_);
    c.stage_flop_s.push_back(b.flop_seconds_at_peak);
    d.sum += b.total;
    if (b.total >= d.max) {
      d.max = b.total;
      d.slowest = st.stage;
      d.slowest_step = b;
    }
    sd.sum += sol;
    sd.max = std::max(sd.max, sol);
  }
  // The MTP module drafts: one decoder layer (attention and FFN) per draft
  // token on the micro-batch, on the last stage.
  double draft_s = 0, sol_draft_s = 0;
  if (draft > 0) {
    const StepInput one{Phase::kDecode, c.micro_batch_size, c.micro_batch_size, context, context};
    const PassBlocks b1 = pass_blocks(context_for(one.tokens, s_.dp), cost_, peak_, one);
    const StepBreakdown& ffn = sc_.model.is_moe() ? b1.moe : b1.dense;
    draft_s = draft * (b1.attention_full.total + ffn.total);
    sol_draft_s = draft * (b1.attention_full.sol_seconds(peak_) + ffn.sol_seconds(peak_));
  }
  // A decode cycle: every micro-batch advances one step. Stages work in
  // parallel on different micro-batches, so the cycle is the longer of one
  // traversal and the slowest stage serving every micro-batch.
  const double m = c.micro_batches;
  c.compute_s = std::max(d.sum, m * d.max) + m * draft_s;
  c.sol_s = std::max(sd.sum, m * sd.max) + m * sol_draft_s;
  c.stage_sum_s = d.sum;
  c.slowest_stage = d.slowest;
  c.slowest_step = d.slowest_step;
  return c;
}

double PerformanceModel::decode_step_s(int running, double context) const {
  return decode_cycle(std::max(1, running), context).compute_s + cost_.decode_overhead_seconds();
}

double PerformanceModel::prefill_step_s(double tokens) const {
  // Every DP rank of a burst prefills at once (their shares of it are equal).
  const double chunk = static_cast<double>(limits_.token_budget);
  const double along = chunk > prefill_small_tokens_
                           ? std::clamp((tokens - prefill_small_tokens_) / (chunk - prefill_small_tokens_), 0.0, 1.0)
                           : 1.0;
  return prefill_small_all_s_ + along * (prefill_full_s_ - prefill_small_all_s_);
}

Performance PerformanceModel::predict(int n, PassDetail* detail) const {
  Performance p;
  n = std::max(1, n);
  const double input = static_cast<double>(sc_.workload.input_tokens);
  const double output = static_cast<double>(sc_.workload.output_tokens);
  const double chunk = static_cast<double>(limits_.token_budget);
  // The engine runs at most max_batch_size requests per instance; the rest
  // wait for a slot.
  const int cap = limits_.max_batch > 0 ? static_cast<int>(std::min<int64_t>(limits_.max_batch, n)) : n;
  const int running = std::min(n, cap);
  p.concurrency_per_dp_rank = n;
  p.concurrency = n * s_.dp * s_.instances;
  p.running_per_dp_rank = running;
  p.micro_batches = std::min(running, s_.pp);
  p.micro_batch_size = static_cast<double>(running) / p.micro_batches;
  p.tokens_per_step = mtp_tokens_per_step_;
  // Average context over a request's decode: the prompt plus half the output.
  const double context = input + output / 2;
  const DecodeCycle dc = decode_cycle(running, context);
  const double m = p.micro_batches;
  const double cycle_compute = dc.compute_s;
  p.decode_cycle_s = cycle_compute + cost_.decode_overhead_seconds();
  PipelinePass d;
  d.sum = dc.stage_sum_s;
  d.slowest = dc.slowest_stage;
  d.slowest_step = dc.slowest_step;
  d.max = dc.slowest_step.total;
  p.bubble_fraction = s_.pp > 1 ? 1.0 - m * d.sum / (s_.pp * std::max(d.sum, m * d.max)) : 0.0;
  p.decode_bottleneck_stage = d.slowest;
  p.prefill_bottleneck_stage = prefill_bottleneck_;
  if (detail) {
    detail->decode_step = d.slowest_step;
    detail->prefill_step = prefill_step_;
  }
  p.prefill_latency_s = prefill_latency_;
  p.prefill_busy_s = prefill_busy_;

  // Prefill interleaved with decode (chunked prefill). In steady state a
  // rank admits running x tokens-per-step / output requests per decode
  // iteration (Little's law), W prompt tokens. An iteration that carries
  // prefill carries B tokens: one prompt (or its first chunk) when arrivals
  // are sparse, up to the token budget when they are dense; a share W / B
  // of iterations carries one.
  const double arrivals = running * mtp_tokens_per_step_ / output;
  const double work = arrivals * input;
  const double b = std::min(chunk, std::max(work, prefill_small_tokens_));
  // Arrivals beyond one token budget per iteration are prefilled all the
  // same: work / chunk full chunks per decode iteration (conservation of
  // prompt tokens; the bound below charges the same work at peak rates).
  const double share = b > 0 ? work / b : 0.0;
  const double along = chunk > prefill_small_tokens_ ? (b - prefill_small_tokens_) / (chunk - prefill_small_tokens_) : 1.0;
  const double alone = prefill_small_s_ + along * (prefill_full_single_s_ - prefill_small_s_);
  const double together = prefill_small_all_s_ + along * (prefill_full_s_ - prefill_small_all_s_);
  // Under DP synchronisation an iteration carries a prefill whenever any of
  // the dp ranks does; and the experts do every rank's prefill tokens,
  // whichever iteration they land in.
  // (1 - share)^dp by squaring: dp is a whole number, and this runs for every prediction.
  double idle = 1;
  double base = 1 - std::min(1.0, share);
  for (int e = s_.dp; e > 0; e >>= 1, base *= base)
    if (e & 1) idle *= base;
  const double carried = dp_synchronised_ ? 1 - idle : std::min(1.0, share);
  p.prefill_stall_s = std::max(carried * alone, share * together);
  p.tpot_s = (p.decode_cycle_s + p.prefill_stall_s) / mtp_tokens_per_step_;

  // With other requests in flight, a new one waits half a step on average
  // and each of its prefill chunks shares a step with their decode batch.
  const double interference = running > 1 ? p.decode_cycle_s / 2 + chunks_ * cycle_compute : 0.0;
  p.ttft_s = prefill_latency_ + interference;
  const double latency = p.ttft_s + (output - 1) * p.tpot_s;
  const double per_rank = running / latency;  // requests per second, Little's law
  if (n > running) p.ttft_s += (n - running) / per_rank;  // waiting for a slot
  // Instances share nothing: their throughputs add up.
  p.requests_per_s = per_rank * s_.dp * s_.instances;
  p.output_tokens_per_s = p.requests_per_s * output;
  p.total_tokens_per_s = p.requests_per_s * (input + output);
  p.output_tokens_per_s_per_gpu = p.output_tokens_per_s / s_.gpus();
  p.total_tokens_per_s_per_gpu = p.total_tokens_per_s / s_.gpus();

  // The bound: the same steps at peak rates, prefill work charged at its
  // full-chunk rate and without synchronisation (both only add time).
  const double sol_cycle = dc.sol_s;
  p.sol_ttft_s = sol_prefill_latency_;
  p.sol_decode_step_s = sol_cycle / mtp_tokens_per_step_;
  // Every stage does its FLOPs of the micro-batches' steps and of the prompt tokens arriving meanwhile.
  double flop = 0;
  for (size_t i = 0; i < dc.stage_flop_s.size() && i < prefill_flop_per_token_s_.size(); ++i)
    flop = std::max(flop, m * dc.stage_flop_s[i] + work * prefill_flop_per_token_s_[i]);
  p.sol_steady_step_s = std::max(sol_cycle, flop) / mtp_tokens_per_step_;
  p.sol_flop_step_s = flop / mtp_tokens_per_step_;
  p.sol_tpot_s = (sol_cycle + work / chunk * sol_prefill_full_s_) / mtp_tokens_per_step_;
  p.sol_output_tokens_per_s = running / (p.sol_ttft_s + (output - 1) * p.sol_tpot_s) * s_.dp * s_.instances * output;
  return p;
}

Performance PerformanceModel::predict_open(double requests_per_s, int capacity, PassDetail* detail) const {
  // The load balancer spreads arrivals evenly over instances and DP ranks.
  const int ranks = s_.dp * s_.instances;
  const double per_rank = requests_per_s / ranks;
  capacity = std::max(1, capacity);
  const Performance at_capacity = predict(capacity, detail);
  const double max_per_rank = at_capacity.requests_per_s / ranks;
  Performance p;
  if (max_per_rank < per_rank) {
    p = at_capacity;
    p.sustainable = false;
  } else {
    // Throughput grows with the concurrency: bisect for the smallest that keeps up.
    int lo = 1, hi = capacity;
    while (lo < hi) {
      const int mid = lo + (hi - lo) / 2;
      if (predict(mid).requests_per_s / ranks >= per_rank) hi = mid;
      else lo = mid + 1;
    }
    p = predict(lo, detail);
    // The rate is what gets served; queueing in front of the prefill grows as
    // the load nears the most the deployment can serve (M/M/1 waiting time
    // with the prefill as the service).
    const double rho = per_rank / max_per_rank;
    p.queue_wait_s = rho < 1 ? rho / (1 - rho) * p.prefill_busy_s : 0;
    p.ttft_s += p.queue_wait_s;
    const double output = static_cast<double>(sc_.workload.output_tokens);
    const double input = static_cast<double>(sc_.workload.input_tokens);
    p.requests_per_s = requests_per_s;
    p.output_tokens_per_s = requests_per_s * output;
    p.total_tokens_per_s = requests_per_s * (input + output);
    p.output_tokens_per_s_per_gpu = p.output_tokens_per_s / s_.gpus();
    p.total_tokens_per_s_per_gpu = p.total_tokens_per_s / s_.gpus();
  }
  p.offered_requests_per_s = requests_per_s;
  p.max_requests_per_s = max_per_rank * ranks;
  return p;
}

SloReport check_slo(const Slo& slo, const Performance& p, const MemoryFit& memory) {
  SloReport r;
  if (!memory.fits) {
    const double usable = memory.usable_bytes;
    SloCheck c{"memory", usable, memory.needed_bytes, usable > 0 ? (usable - memory.needed_bytes) / usable : -1.0, false,
               memory.why_not};
    r.met = false;
    r.checks.push_back(c);
  }
  auto latency = [&](const char* name, const std::optional<double>& target, double predicted, bool bounded) {
    if (!target) return;
    SloCheck c{name, *target, predicted, (*target - predicted) / *target, bounded && memory.fits && predicted <= *target,
               bounded ? "" : "the request queue grows without bound"};
    r.met &= c.met;
    r.checks.push_back(c);
  };
  latency("ttft", slo.ttft_s, p.ttft_s, p.sustainable);
  latency("tpot", slo.tpot_s, p.tpot_s, true);
  if (p.offered_requests_per_s > 0) {
    const double t = p.offered_requests_per_s;
    SloCheck c{"request_rate", t, p.max_requests_per_s, (p.max_requests_per_s - t) / t, p.sustainable && memory.fits, ""};
    r.met &= c.met;
    r.checks.push_back(c);
  }
  if (slo.throughput_tokens_per_s) {
    const double t = *slo.throughput_tokens_per_s;
    SloCheck c{"throughput", t, p.output_tokens_per_s, (p.output_tokens_per_s - t) / t,
               memory.fits && p.output_tokens_per_s >= t, ""};
    r.met &= c.met;
    r.checks.push_back(c);
  }
  return r;
}

CostModels make_cost_models(const Scenario& sc) {
  CostModels m;
  auto roofline = std::make_shared<RooflineCostModel>(sc.cluster, sc.calibration);
  m.predict = roofline;
  if (!sc.profile_path.empty()) m.predict = load_profile(sc.profile_path, roofline);
  m.routing = load_scenario_routing(sc);
  return m;
}

}  // namespace moeplan
