// The architecture of a model: the fields that determine parameter counts,
// KV-cache size and compute. Filled from a preset, a Hugging Face
// config.json, or inline scenario fields; always validated before use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace moeplan {

enum class AttentionKind { kMha, kGqa, kMla };
enum class DType { kFp32, kBf16, kFp16, kFp8, kFp4 };
enum class SlidingLayers { kNone, kAlternate, kAll };
// Where the KV-cache dtype came from (issue 8): the checkpoint's own
// quantization_config, the serving engine's default for it ("auto" = the
// model dtype), or the scenario's model.kv_cache_dtype.
enum class KvDtypeOrigin { kEngineDefault, kCheckpoint, kScenario };

std::string to_string(AttentionKind k);
std::string to_string(DType d);
std::string to_string(SlidingLayers s);
std::string to_string(KvDtypeOrigin o);  // "engine default", "checkpoint", "scenario"
std::optional<DType> dtype_from_string(const std::string& s);
const std::vector<std::string>& dtype_names();

// Bytes per stored weight, counting quantisation scales: fp8 weights carry
// one fp32 scale per 128x128 block (DeepSeek-V3's e4m3 checkpoint layout),
// fp4 weights one 8-bit scale per 32 elements (OCP MXFP4, as gpt-oss ships).
double weight_bytes_per_param(DType d);
// Bytes per stored KV-cache element (per-tensor scales are negligible).
double kv_bytes_per_element(DType d);

// What the publisher reported, for comparison with our counts.
struct PublishedFigures {
  double params_total = 0;   // 0 = not published
  double params_active = 0;  // 0 = not published
  // Whether the publisher's active figure includes the input embedding table.
  bool active_counts_input_embedding = true;
  std::string source;
};

struct ModelSpec {
  std::string name;
  std::string display_name;
  std::string source;        // where the architecture numbers come from
  std::string architecture;  // HF model_type, informational

  int64_t hidden_size = 0;
  int64_t num_layers = 0;  // decoder layers, excluding MTP modules
  int64_t vocab_size = 0;
  bool tie_word_embeddings = false;

  AttentionKind attention = AttentionKind::kMha;
  int64_t num_heads = 0;
  int64_t num_kv_heads = 0;
  int64_t head_dim = 0;  // MHA/GQA
  // MLA (DeepSeek-V2/V3); q_lora_rank 0 = queries not compressed.
  int64_t q_lora_rank = 0;
  int64_t kv_lora_rank = 0;
  int64_t qk_nope_head_dim = 0;
  int64_t qk_rope_head_dim = 0;
  int64_t v_head_dim = 0;
  bool attention_bias = false;      // q, k, v biases
  bool attention_out_bias = false;  // o_proj bias
  bool qk_norm = false;             // per-head RMSNorm on q and k
  bool attention_sinks = false;     // one learned logit per head
  int64_t sliding_window = 0;       // tokens; 0 = none
  SlidingLayers sliding_window_layers = SlidingLayers::kNone;

  int64_t dense_intermediate_size = 0;
  bool dense_gated = true;

  int64_t num_experts = 0;  // routed experts per MoE layer; 0 = dense model
  int64_t experts_per_token = 0;
  int64_t expert_intermediate_size = 0;
  bool expert_gated = true;
  bool expert_bias = false;
  bool router_bias = false;
  bool router_score_correction_bias = false;
  int64_t num_shared_experts = 0;
  int64_t shared_expert_intermediate_size = 0;  // width of one shared expert
  bool shared_expert_gate = false;
  int64_t first_dense_layers = 0;
  int64_t moe_layer_step = 1;
  int64_t expert_groups = 0;  // 0 = no group-limited routing
  int64_t expert_groups_per_token = 0;
  int64_t mtp_modules = 0;
  double vision_encoder_params = 0;

  DType weight_dtype = DType::kBf16;
  DType expert_dtype = DType::kBf16;
  // FP8 weights scaled per block of N x N values (HF quantization_config.weight_block_size: 128 for DeepSeek-V3
  // and the Qwen3 FP8 checkpoints); 0 = one scale per tensor or channel (ModelOpt, llm-compressor FP8).
  int64_t weight_block_size = 0;
  DType kv_cache_dtype = DType::kBf16;  // read by the cost model; resolved by resolve_kv_cache_dtype()
  KvDtypeOrigin kv_cache_dtype_origin = KvDtypeOrigin::kEngineDefault;
  // The file and field (checkpoint, scenario) or the engine rule it follows.
  std::string kv_cache_dtype_detail;
  // Longest sequence (input + output tokens) the model was configured for
  // (HF config.json max_position_embeddings); 0 = unknown, no check.
  int64_t max_position_embeddings = 0;
  // Embeddings, LM head, norms, router: kept at 16 bits when the linear
  // weights are quantised, as published FP8/FP4 checkpoints do.
  DType base_dtype() const;

  PublishedFigures published;

  bool is_moe() const { return num_experts > 0; }
  bool is_moe_layer(int64_t layer) const;
  bool is_sliding_layer(int64_t layer) const;
  int64_t num_moe_layers() const;
  // Counts over layers [first, last), in O(1).
  int64_t moe_layers_in(int64_t first, int64_t last) const;
  int64_t sliding_layers_in(int64_t first, int64_t last) const;
  // Attention width actually projected: heads x head_dim (MHA/GQA).
  int64_t q_dim() const { return num_heads * head_dim; }
  int64_t kv_dim() const { return num_kv_heads * head_dim; }
};


}  // namespace moeplan
