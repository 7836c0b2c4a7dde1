#include "spec/engine_defaults.h"

#include <algorithm>
#include <cctype>

namespace moeplan {

namespace {
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
constexpr double kMiB = 1024.0 * 1024.0;

bool contains_lower(std::string s, const std::string& what) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s.find(what) != std::string::npos;
}
}  // namespace

EngineDefaults engine_defaults(Engine engine, const GpuSpec& gpu) {
  EngineDefaults d;
  switch (engine) {
    case Engine::kVllm:
      // vllm/engine/arg_utils.py, EngineArgs default batch settings for the
      // OpenAI server (v0.10-v0.11): on GPUs with >= 70 GiB that are not
      // A100s, max_num_batched_tokens 8192 and max_num_seqs 1024; otherwise
      // 2048 and 256 ("Setting large max_num_batched_tokens for A100 reduces
      // throughput, see PR #17885").
      if (gpu.memory_bytes >= 70 * kGiB && !contains_lower(gpu.name, "a100")) {
        d.token_budget = 8192;
        d.max_batch = 1024;
      } else {
        d.token_budget = 2048;
        d.max_batch = 256;
      }
      d.source = "vLLM arg_utils.py defaults for `vllm serve` (max_num_batched_tokens, max_num_seqs)";
      break;
    case Engine::kSglang:
      // sglang/srt/server_args.py: chunked_prefill_size 2048 below 35 GiB,
      // 8192 below 160 GiB (H100, H200, A100, H20), 16384 above (B200,
      // MI300); max_running_requests is derived from the KV pool (no cap).
      if (gpu.memory_bytes / kMiB < 35 * 1024) d.token_budget = 2048;
      else if (gpu.memory_bytes / kMiB < 160 * 1024) d.token_budget = 8192;
      else d.token_budget = 16384;
      d.max_batch = 0;
      d.source = "SGLang server_args.py defaults (chunked_prefill_size by GPU memory; running requests bounded by the KV pool)";
      break;
    case Engine::kTrtllm:
      // tensorrt_llm BuildConfig / trtllm-serve defaults: max_batch_size
      // 2048, max_num_tokens 8192.
      d.token_budget = 8192;
      d.max_batch = 2048;
      d.source = "TensorRT-LLM trtllm-serve defaults (max_num_tokens 8192, max_batch_size 2048)";
      break;
  }
  return d;
}

}  // namespace moeplan
