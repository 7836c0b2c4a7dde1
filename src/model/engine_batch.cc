#include "model/engine_batch.h"

#include <algorithm>
#include <cmath>

#include "model/length_distribution.h"
#include "model/params.h"
#include "spec/units.h"

namespace moeplan {

namespace {

// tuning.py's BYTES_PER_ELEM by the checkpoint's quantisation algorithm
// (FP8 and FP8 block scales 1, NVFP4 0.5, unquantised 2); a checkpoint with
// FP4 experts is an NVFP4 one.
double bench_bytes(DType d) {
  switch (d) {
    case DType::kFp8: return 1.0;
    case DType::kFp4: return 0.5;
    default: return 2.0;
  }
}
DType lowest_weight_dtype(const ModelSpec& m) {
  if (m.weight_dtype == DType::kFp4 || (m.is_moe() && m.expert_dtype == DType::kFp4)) return DType::kFp4;
  if (m.weight_dtype == DType::kFp8 || (m.is_moe() && m.expert_dtype == DType::kFp8)) return DType::kFp8;
  return DType::kBf16;
}

}  // namespace

BatchLimits trtllm_bench_settings(double kv_requests, double input, double output, double max_input, int pp) {
  BatchLimits b;
  b.bench_kv_requests = kv_requests;
  // "Cap total batch size to avoid decoder buffer size becoming too large."
  const double raw_bs = std::min(kv_requests, 4096.0) / pp;
  const double raw_token = std::min(raw_bs * (1 + input / output), 32768.0);
  double bs = 0;
  if (raw_bs < 256) bs = std::max(64.0, 32 * std::ceil(raw_bs / 32));
  else if (raw_bs < 1024) bs = 128 * std::ceil(raw_bs / 128);
  else bs = 256 * std::ceil(raw_bs / 256);
  double tokens = 0;
  if (raw_token < 4096) tokens = std::max(2048.0, 256 * std::ceil(raw_token / 256));
  else if (raw_token < 8192) tokens = 512 * std::ceil(raw_token / 512);
  else tokens = 1024 * std::ceil(raw_token / 1024);
  // benchmark/utils/general.py get_settings: with chunked prefill off,
  // max_num_tokens = max(max_num_tokens, max ISL + max_batch_size).
  tokens = std::max(tokens, max_input + bs);
  b.max_batch = static_cast<int64_t>(bs);
  b.token_budget = static_cast<int64_t>(tokens);
  return b;
}

BatchLimits batch_limits(const Scenario& sc, const Strategy& s) {
  BatchLimits b;
  b.token_budget = sc.runtime.prefill_chunk_tokens;
  b.max_batch = sc.runtime.max_batch_size;
  // Only TensorRT-LLM runs under trtllm-bench (a scenario exported for another engine keeps that engine's figures).
  if (sc.runtime.batch_settings != BatchSettings::kTrtllmBench || sc.runtime.engine != Engine::kTrtllm ||
      !(sc.runtime.prefill_chunk_from_engine || sc.runtime.max_batch_from_engine)) {
    return b;
  }
  // tensorrt_llm/bench/build/tuning.py calc_engine_setting (NVIDIA/TensorRT-LLM
  // at 04cba88; the same rounding in every stored version): the KV cache is
  // estimated from the checkpoint's parameter count (safetensors, MTP and
  // vision tower included) at the quantisation's bytes, the device's total
  // memory in GiB (NVML) times tp x pp GPUs, and the KV-cache fraction; a token
  // costs 2 x layers x max(tp, kv heads) x head size x KV bytes, head size
  // being hidden / heads where the config gives none (MLA models included,
  // as the heuristic reads them). Its tp is every GPU of a stage (attention
  // DP runs inside TensorRT-LLM's tp).
  const ModelSpec& m = sc.model;
  const ParamSummary params = count_params(m);
  const double param_count = params.breakdown.total() + params.breakdown.mtp;
  const double tp = s.gpus_per_stage();
  const double gpus = tp * s.pp;
  const double engine_gib = param_count * bench_bytes(lowest_weight_dtype(m)) / kGiB;
  const double total_gib = sc.cluster.gpu.memory_bytes / kGiB * gpus;
  const double head = m.head_dim > 0 ? static_cast<double>(m.head_dim)
                                     : static_cast<double>(m.hidden_size) / std::max<int64_t>(1, m.num_heads);
  const double kv_heads = std::max(tp, static_cast<double>(m.num_kv_heads > 0 ? m.num_kv_heads : m.num_heads));
  const double gib_per_token = 2 * static_cast<double>(m.num_layers) * kv_heads * head * bench_bytes(m.kv_cache_dtype) / kGiB;
  const Workload& w = sc.workload;
  const double input = static_cast<double>(w.input_tokens), output = static_cast<double>(std::max<int64_t>(1, w.output_tokens));
  const double cache_gib = std::max(0.0, total_gib - engine_gib) * sc.runtime.memory_fraction;
  const double kv_requests = gib_per_token > 0 ? cache_gib / (gib_per_token * (input + output)) : 0;
  double max_input = input;
  if (w.length_distribution != LengthDistribution::kFixed) {
    for (const RequestLengths& r : request_lengths(w.length_distribution, std::max<int64_t>(w.requests, 1000), input, output))
      max_input = std::max(max_input, static_cast<double>(r.input_tokens));
  }
  const BatchLimits bench = trtllm_bench_settings(kv_requests, input, output, max_input, s.pp);
  if (sc.runtime.prefill_chunk_from_engine) b.token_budget = bench.token_budget;
  if (sc.runtime.max_batch_from_engine) b.max_batch = bench.max_batch;
  b.bench_kv_requests = kv_requests;
  b.source = "trtllm-bench's heuristic (tensorrt_llm/bench/build/tuning.py)";
  return b;
}

}  // namespace moeplan
