#include "spec/serving_defaults.h"

#include <fmt/format.h>

#include "spec/error.h"

namespace moeplan {

namespace {

std::string engine_auto_rule(Engine e) {
  switch (e) {
    case Engine::kVllm:
      // vllm-project/vllm docs/features/quantization/quantized_kvcache.md:
      // kv_cache_dtype="auto": "Use the model's default data type".
      return "vLLM --kv-cache-dtype auto = the model dtype";
    case Engine::kSglang:
      // sgl-project/sglang docs/backend/server_arguments.md: "kv_cache_dtype:
      // Dtype of the kv cache, defaults to the dtype".
      return "SGLang --kv-cache-dtype auto = the model dtype";
    case Engine::kTrtllm:
      // TensorRT-LLM kv_cache_config.dtype "auto" inherits the checkpoint's KV
      // quantization, else the model dtype; FP8 KV is enabled "manually, even
      // for checkpoints that do not have it enabled by default"
      // (https://nvidia.github.io/TensorRT-LLM/features/quantization.html).
      return "TensorRT-LLM kv_cache_config.dtype auto = the model dtype";
  }
  return "the model dtype";
}

// "file:line: model.kv_cache_dtype: " or "config.json: quantization_config.kv_cache_scheme: ".
std::string kv_where(const Scenario& sc) {
  const ModelSpec& m = sc.model;
  if (!m.kv_cache_dtype_detail.empty() && m.kv_cache_dtype_origin != KvDtypeOrigin::kEngineDefault)
    return m.kv_cache_dtype_detail + ": ";
  return sc.file + ": model.kv_cache_dtype: ";
}

}  // namespace

void resolve_kv_cache_dtype(Scenario& sc) {
  ModelSpec& m = sc.model;
  const GpuSpec& g = sc.cluster.gpu;
  if (m.kv_cache_dtype_origin == KvDtypeOrigin::kEngineDefault) m.kv_cache_dtype_detail = engine_auto_rule(sc.runtime.engine);
  const std::string value = to_string(m.kv_cache_dtype);
  const std::string override_hint =
      m.kv_cache_dtype_origin == KvDtypeOrigin::kCheckpoint
          ? fmt::format(" (the checkpoint asks for it; set model.kv_cache_dtype in {} to serve another)", sc.file)
          : "";
  if (m.kv_cache_dtype == DType::kFp4 && g.fp4_flops_per_s <= 0) {
    // FP4 KV caches (vLLM nvfp4, TensorRT-LLM NVFP4, SGLang fp4_e2m1) are
    // read by FP4 attention kernels, which need FP4 tensor cores: NVFP4 runs
    // on compute capability 10.x only (Transformer Engine support matrix,
    // https://nvidia.github.io/TransformerEngine/support_matrix.html). The GPU
    // preset's fp4_flops says whether the GPU has them.
    throw InputError(kv_where(sc) + fmt::format("'{}' KV cache needs FP4 tensor cores (Blackwell), and {} (cluster.gpu) has "
                                                "none (no fp4_flops); use fp8 or bf16{}",
                                                value, g.display_name, override_hint));
  }
  if (m.kv_cache_dtype == DType::kFp8 && g.fp8_flops_per_s <= 0) {
    if (sc.runtime.engine == Engine::kTrtllm)
      // TensorRT-LLM's support matrix lists FP8 for Hopper (SM90) and Ada
      // (SM89) and not for Ampere: "Ampere (SM80, SM86) - FP32, FP16, BF16,
      // INT8, INT4" (https://nvidia.github.io/TensorRT-LLM/0.18.2/reference/support-matrix.html).
      throw InputError(kv_where(sc) + fmt::format("'{}' KV cache needs FP8 hardware with TensorRT-LLM (Ada, Hopper or "
                                                  "later), and {} (cluster.gpu) has none (no fp8_flops); use bf16, or "
                                                  "vllm/sglang, which store FP8 and upcast in attention{}",
                                                  value, g.display_name, override_hint));
    // vLLM stores an FP8 KV cache on any CUDA 11.8+ GPU and upcasts it in the
    // attention kernel (quantized_kvcache.md: fp8_e4m3 "Supported on CUDA 11.8+
    // and ROCm"; vllm-project/vllm#2279: "not limited on Hopper. Volta/Ampere
    // are both ok", measured on A100-40GB). SGLang is treated the same way.
    m.kv_cache_dtype_detail += fmt::format("; stored as FP8, upcast in attention ({} has no FP8 tensor cores)", g.display_name);
  }
}

std::string kv_cache_dtype_text(const ModelSpec& m) {
  return fmt::format("{} ({}: {})", to_string(m.kv_cache_dtype), to_string(m.kv_cache_dtype_origin),
                     m.kv_cache_dtype_detail.empty() ? "the model dtype" : m.kv_cache_dtype_detail);
}

void check_context_length(const Scenario& sc, const std::string& where) {
  const int64_t max = sc.model.max_position_embeddings;
  if (max <= 0) return;
  const int64_t tokens = sc.workload.input_tokens + sc.workload.output_tokens;
  if (tokens <= max) return;
  throw InputError(where + fmt::format("input_tokens {} + output_tokens {} = {} tokens per request exceed the model's "
                                       "max_position_embeddings {} ({}, from {})",
                                       sc.workload.input_tokens, sc.workload.output_tokens, tokens, max,
                                       sc.model.display_name, sc.model.source.empty() ? "the model" : sc.model.source));
}

std::string expert_layout_note(const PartialStrategy& given, const Strategy& s, bool model_is_moe, Engine engine) {
  if (!model_is_moe) return "";
  if (given.ep || given.etp) {
    // vLLM has no expert TP under expert parallelism: --enable-expert-parallel
    // makes EP = TP x DP (shared/reference/engines.md), so EP x ETP with both
    // above 1 is a layout vLLM cannot launch; SGLang (--ep-size, MoE TP =
    // tp / ep) and TensorRT-LLM (moe_tp x moe_ep = tp) can.
    if (engine == Engine::kVllm && s.ep > 1 && s.etp > 1)
      return fmt::format("warning: vLLM cannot launch EP {} x ETP {}: --enable-expert-parallel gives EP = TP x DP = {} with ETP 1, "
                         "and without it EP 1 x ETP {}; the figures are for the layout as written",
                         s.ep, s.etp, s.gpus_per_stage(), s.gpus_per_stage());
    return "";
  }
  const int n = s.gpus_per_stage();
  const std::string shard = s.dp > 1 ? fmt::format("TP x DP = {} x {} = {}", s.tp, s.dp, n) : fmt::format("TP {}", n);
  switch (engine) {
    case Engine::kVllm:
      // vllm/model_executor/layers/fused_moe/config.py FusedMoEParallelConfig.make:
      // without enable_expert_parallel, flatten_tp_across_dp gives tp_size = dp x tp, ep_size = 1.
      return fmt::format("assumed: experts sharded by {} (EP 1, ETP {}): vLLM's default without --enable-expert-parallel{}", shard,
                         n, s.dp > 1 ? ", whose MoE layers flatten TP across the DP ranks" : "");
    case Engine::kSglang:
      // SGLang: --ep-size defaults to 1, MoE TP = tp / ep (docs/advanced_features/server_arguments.md).
      return fmt::format("assumed: experts sharded by {} (EP 1, ETP {}): SGLang's default without --ep-size{}", shard, n,
                         s.dp > 1 ? fmt::format(" (dp here is --dp {} --enable-dp-attention inside --tp {}; plain --dp "
                                                "replicas each hold every expert: plan one replica with dp=1)",
                                                s.dp, n)
                                  : "");
    case Engine::kTrtllm:
      // tensorrt_llm/mapping.py: moe_tp_size = moe_world_size (= tp_size), moe_ep_size = 1 when neither is set.
      return fmt::format("assumed: experts sharded by {} (EP 1, ETP {}): TensorRT-LLM's default moe_tensor_parallel_size = "
                         "tp_size without moe_expert_parallel_size{}",
                         shard, n, s.dp > 1 ? " (dp here is enable_attention_dp)" : "");
  }
  return "";
}

}  // namespace moeplan
