#include "spec/scenario_schema.h"

#include <stdexcept>
#include <type_traits>

#include <fmt/format.h>

#include "spec/limits.h"
#include "spec/text.h"

// Each entry names only the members it sets; the rest keep their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace moeplan {

namespace {

using K = QuantityKind;
using T = KeyType;

// --- reading and writing one value by its C++ type ---

std::optional<AttentionKind> attention_from_string(const std::string& s) {
  if (s == "mha") return AttentionKind::kMha;
  if (s == "gqa") return AttentionKind::kGqa;
  if (s == "mla") return AttentionKind::kMla;
  return std::nullopt;
}
std::optional<SlidingLayers> sliding_from_string(const std::string& s) {
  if (s == "none") return SlidingLayers::kNone;
  if (s == "alternate") return SlidingLayers::kAlternate;
  if (s == "all") return SlidingLayers::kAll;
  return std::nullopt;
}
std::optional<ServingMode> serving_mode_from_string(const std::string& s) {
  if (s == "aggregated") return ServingMode::kAggregated;
  if (s == "disaggregated") return ServingMode::kDisaggregated;
  if (s == "auto") return ServingMode::kAuto;
  return std::nullopt;
}
std::optional<WorkloadArrival> arrival_from_string(const std::string& s) {
  if (s == "steady") return WorkloadArrival::kSteady;
  if (s == "burst") return WorkloadArrival::kBurst;
  return std::nullopt;
}
std::optional<LengthDistribution> lengths_from_string(const std::string& s) {
  if (s == "fixed") return LengthDistribution::kFixed;
  if (s == "sharegpt") return LengthDistribution::kShareGpt;
  return std::nullopt;
}
std::optional<BatchSettings> batch_settings_from_string(const std::string& s) {
  if (s == "engine") return BatchSettings::kEngine;
  if (s == "trtllm-bench") return BatchSettings::kTrtllmBench;
  return std::nullopt;
}
std::optional<Engine> engine_from_string(const std::string& s) {
  if (s == "vllm") return Engine::kVllm;
  if (s == "sglang") return Engine::kSglang;
  if (s == "trtllm") return Engine::kTrtllm;
  return std::nullopt;
}

template <typename V>
void read_value(MapReader& r, const SchemaKey& k, V& out) {
  const std::string key(k.key);
  if constexpr (std::is_same_v<V, int64_t>) {
    if (auto v = read_integer(r, k)) out = *v;
  } else if constexpr (std::is_same_v<V, double>) {
    if (auto v = read_number(r, k)) out = *v;
  } else if constexpr (std::is_same_v<V, std::optional<double>>) {
    if (auto v = read_number(r, k)) out = *v;
  } else if constexpr (std::is_same_v<V, bool>) {
    if (auto v = r.boolean(key)) out = *v;
  } else if constexpr (std::is_same_v<V, std::string>) {
    if (auto v = r.string(key)) out = *v;
  } else if constexpr (std::is_same_v<V, DType>) {
    if (auto v = read_choice(r, k)) out = *dtype_from_string(*v);
  } else if constexpr (std::is_same_v<V, Engine>) {
    if (auto v = read_choice(r, k)) out = *engine_from_string(*v);
  } else if constexpr (std::is_same_v<V, BatchSettings>) {
    if (auto v = read_choice(r, k)) out = *batch_settings_from_string(*v);
  } else if constexpr (std::is_same_v<V, ServingMode>) {
    if (auto v = read_choice(r, k)) out = *serving_mode_from_string(*v);
  } else if constexpr (std::is_same_v<V, WorkloadArrival>) {
    if (auto v = read_choice(r, k)) out = *arrival_from_string(*v);
  } else if constexpr (std::is_same_v<V, LengthDistribution>) {
    if (auto v = read_choice(r, k)) out = *lengths_from_string(*v);
  } else if constexpr (std::is_same_v<V, AttentionKind>) {
    if (auto v = read_choice(r, k)) out = *attention_from_string(*v);
  } else if constexpr (std::is_same_v<V, SlidingLayers>) {
    if (auto v = read_choice(r, k)) out = *sliding_from_string(*v);
  } else {
    static_assert(sizeof(V) == 0, "no reader for this field type");
  }
}

std::string number_text(double v) { return fmt::format("{:.17g}", v); }

std::string quantity_text(const SchemaKey& k, double v) {
  return "\"" + number_text(v) + " " + std::string(base_unit(k.unit)) + "\"";
}

template <typename V>
std::optional<std::string> write_value(const SchemaKey& k, const V& v) {
  if constexpr (std::is_same_v<V, int64_t>) {
    if (v == 0 && k.min > 0) return std::nullopt;  // 0 = not set, and not a valid value
    return fmt::format("{}", v);
  } else if constexpr (std::is_same_v<V, double>) {
    if (k.type == T::kQuantity) {
      if (v <= k.min) return std::nullopt;
      return quantity_text(k, v);
    }
    if (v == 0 && k.min > 0) return std::nullopt;
    return number_text(v);
  } else if constexpr (std::is_same_v<V, std::optional<double>>) {
    if (!v) return std::nullopt;
    return write_value(k, *v);
  } else if constexpr (std::is_same_v<V, bool>) {
    return std::string(v ? "true" : "false");
  } else if constexpr (std::is_same_v<V, std::string>) {
    if (v.empty()) return std::nullopt;
    return yaml_quote(v);
  } else {
    return to_string(v);  // enums
  }
}

// A field of one of the scenario's sections: field(&Scenario::runtime, &RuntimeSpec::memory_fraction).
template <typename S, typename V>
FieldAccess field(S Scenario::*section, V S::*member) {
  FieldAccess a;
  a.read = [=](MapReader& r, const SchemaKey& k, Scenario& sc, ModelSpec&) { read_value(r, k, sc.*section.*member); };
  a.write = [=](const Scenario& sc, const ModelSpec&, const SchemaKey& k) { return write_value(k, sc.*section.*member); };
  return a;
}

// A runtime figure the engine chooses by GPU when the scenario leaves it out
// (runtime.prefill_chunk_tokens, runtime.max_batch_size). Written as any
// field, except when it is the engine's and a serving pool runs on a GPU of
// its own: that pool takes the engine's figure for its GPU (search/disagg.cc),
// and a written number would pin it to the cluster GPU's on reading back.
FieldAccess engine_default_field(int64_t RuntimeSpec::*member, bool RuntimeSpec::*from_engine) {
  FieldAccess a = field(&Scenario::runtime, member);
  a.write = [=](const Scenario& sc, const ModelSpec&, const SchemaKey& k) -> std::optional<std::string> {
    const bool pool_gpu = !sc.serving.prefill.gpu_name.empty() || !sc.serving.decode.gpu_name.empty();
    // trtllm-bench sizes them per strategy (model/engine_batch.h): a written number would pin one strategy's.
    const bool per_strategy = sc.runtime.batch_settings == BatchSettings::kTrtllmBench;
    if (sc.runtime.*from_engine && (pool_gpu || per_strategy)) return std::nullopt;
    return write_value(k, sc.runtime.*member);
  };
  return a;
}

// A choice written only when it is not its default (`workload.arrival`,
// `workload.length_distribution`): scenarios written before the key existed stay as they were.
template <typename S, typename V>
FieldAccess field_unless(S Scenario::*section, V S::*member, V default_value) {
  FieldAccess a = field(section, member);
  a.write = [=](const Scenario& sc, const ModelSpec&, const SchemaKey& k) -> std::optional<std::string> {
    if (sc.*section.*member == default_value) return std::nullopt;
    return write_value(k, sc.*section.*member);
  };
  return a;
}

// A model field: model_field(&ModelSpec::hidden_size). `readable` false: written only (the
// model reader handles it, as for dtypes that follow one another).
template <typename V>
FieldAccess model_field(V ModelSpec::*member, bool readable = true) {
  FieldAccess a;
  if (readable) a.read = [=](MapReader& r, const SchemaKey& k, Scenario&, ModelSpec& m) { read_value(r, k, m.*member); };
  a.write = [=](const Scenario&, const ModelSpec& m, const SchemaKey& k) { return write_value(k, m.*member); };
  if constexpr (std::is_same_v<V, int64_t>) a.model_size = [=](const ModelSpec& m) { return m.*member; };
  return a;
}

template <typename V>
FieldAccess published_field(V PublishedFigures::*member) {
  FieldAccess a;
  a.read = [=](MapReader& r, const SchemaKey& k, Scenario&, ModelSpec& m) { read_value(r, k, m.published.*member); };
  a.write = [=](const Scenario&, const ModelSpec& m, const SchemaKey& k) -> std::optional<std::string> {
    if (m.published.params_total <= 0 && m.published.params_active <= 0) return std::nullopt;
    return write_value(k, m.published.*member);
  };
  return a;
}

constexpr double kMaxBytes = 100e12;      // 100 TB on one GPU would be a unit slip
constexpr double kMaxBandwidth = 1e15;    // 1 PB/s
constexpr double kMaxFlops = 1e18;        // 1 EFLOP/s on one GPU
constexpr double kMaxLinkLatency = 1.0;   // one second per hop
constexpr double kMaxLatency = 24 * 3600.0;
constexpr double kMaxRate = 1e12;
constexpr double kMaxParams = 1e15;
constexpr const char* kDtypes = "fp32|bf16|fp16|fp8|fp4";

std::vector<SchemaKey> build_schema() {
  using namespace limits;
  const auto dbl = [](int64_t v) { return static_cast<double>(v); };
  std::vector<SchemaKey> s = {
      // --- top level ---
      {.section = "", .key = "name", .type = T::kString, .doc = "shown in reports"},
      {.section = "", .key = "description", .type = T::kString, .doc = "shown in reports"},
      {.section = "", .key = "assumptions", .type = T::kList, .doc = "list of sentences; every report repeats them"},
      {.section = "", .key = "model", .type = T::kMapping, .doc = "a preset, a config.json or a mapping of fields", .required = true},
      {.section = "", .key = "cluster", .type = T::kMapping, .doc = "GPUs and links", .required = true},
      {.section = "", .key = "workload", .type = T::kMapping, .doc = "request shape and load", .required = true},
      {.section = "", .key = "slo", .type = T::kMapping, .doc = "service-level objectives"},
      {.section = "", .key = "runtime", .type = T::kMapping, .doc = "engine memory behaviour"},
      {.section = "", .key = "serving", .type = T::kMapping, .doc = "aggregated, disaggregated prefill/decode pools, or auto"},
      {.section = "", .key = "calibration", .type = T::kMapping, .doc = "the cost model's constants"},
      {.section = "", .key = "placement", .type = T::kMapping, .doc = "routing statistics, redundant experts, balancer"},
      {.section = "", .key = "strategy", .type = T::kMapping, .doc = "one strategy for evaluate; plan searches all"},

      // --- model ---
      {.section = "model", .key = "preset", .type = T::kString, .doc = "a model preset as the base", .not_written = true},
      {.section = "model", .key = "config", .type = T::kString, .doc = "a Hugging Face config.json as the base", .not_written = true},
      {.section = "model", .key = "name", .type = T::kString, .doc = "short name", .access = model_field(&ModelSpec::name)},
      {.section = "model", .key = "display_name", .type = T::kString, .doc = "name in reports", .access = model_field(&ModelSpec::display_name)},
      {.section = "model", .key = "source", .type = T::kString, .doc = "where the numbers come from", .access = model_field(&ModelSpec::source)},
      {.section = "model", .key = "architecture", .type = T::kString, .doc = "HF model_type, informational", .access = model_field(&ModelSpec::architecture)},
      {.section = "model", .key = "hidden_size", .type = T::kInteger, .min = 1, .max = dbl(kHiddenSize), .doc = "required", .access = model_field(&ModelSpec::hidden_size)},
      {.section = "model", .key = "num_layers", .type = T::kInteger, .min = 1, .max = dbl(kLayers), .doc = "required; excludes MTP modules", .access = model_field(&ModelSpec::num_layers)},
      {.section = "model", .key = "vocab_size", .type = T::kInteger, .min = 1, .max = dbl(kVocab), .doc = "required", .access = model_field(&ModelSpec::vocab_size)},
      {.section = "model", .key = "tie_word_embeddings", .type = T::kBool, .default_text = "false", .doc = "LM head shares the embedding", .access = model_field(&ModelSpec::tie_word_embeddings)},
      {.section = "model", .key = "attention", .type = T::kChoice, .choices = "mha|gqa|mla", .doc = "derived from the head counts unless mla", .access = model_field(&ModelSpec::attention)},
      {.section = "model", .key = "num_heads", .type = T::kInteger, .min = 1, .max = dbl(kHeads), .doc = "attention heads", .access = model_field(&ModelSpec::num_heads)},
      {.section = "model", .key = "num_kv_heads", .type = T::kInteger, .min = 1, .max = dbl(kHeads), .default_text = "num_heads", .doc = "KV heads", .access = model_field(&ModelSpec::num_kv_heads)},
      {.section = "model", .key = "head_dim", .type = T::kInteger, .min = 1, .max = dbl(kHeadDim), .default_text = "hidden / heads", .doc = "per head", .access = model_field(&ModelSpec::head_dim)},
      {.section = "model", .key = "q_lora_rank", .type = T::kInteger, .min = 0, .max = dbl(kLoraRank), .doc = "MLA; 0 = queries not compressed", .access = model_field(&ModelSpec::q_lora_rank)},
      {.section = "model", .key = "kv_lora_rank", .type = T::kInteger, .min = 1, .max = dbl(kLoraRank), .doc = "MLA", .access = model_field(&ModelSpec::kv_lora_rank)},
      {.section = "model", .key = "qk_nope_head_dim", .type = T::kInteger, .min = 1, .max = dbl(kHeadDim), .doc = "MLA", .access = model_field(&ModelSpec::qk_nope_head_dim)},
      {.section = "model", .key = "qk_rope_head_dim", .type = T::kInteger, .min = 1, .max = dbl(kHeadDim), .doc = "MLA", .access = model_field(&ModelSpec::qk_rope_head_dim)},
      {.section = "model", .key = "v_head_dim", .type = T::kInteger, .min = 1, .max = dbl(kHeadDim), .doc = "MLA", .access = model_field(&ModelSpec::v_head_dim)},
      {.section = "model", .key = "attention_bias", .type = T::kBool, .default_text = "false", .doc = "biases on q, k, v", .access = model_field(&ModelSpec::attention_bias)},
      {.section = "model", .key = "attention_out_bias", .type = T::kBool, .default_text = "false", .doc = "bias on o", .access = model_field(&ModelSpec::attention_out_bias)},
      {.section = "model", .key = "qk_norm", .type = T::kBool, .default_text = "false", .doc = "per-head q/k RMSNorm", .access = model_field(&ModelSpec::qk_norm)},
      {.section = "model", .key = "attention_sinks", .type = T::kBool, .default_text = "false", .doc = "per-head sink logits", .access = model_field(&ModelSpec::attention_sinks)},
      {.section = "model", .key = "sliding_window", .type = T::kInteger, .min = 0, .max = dbl(kSlidingWindow), .default_text = "0", .doc = "tokens", .access = model_field(&ModelSpec::sliding_window)},
      {.section = "model", .key = "sliding_window_layers", .type = T::kChoice, .choices = "none|alternate|all", .default_text = "none", .doc = "which layers are windowed", .access = model_field(&ModelSpec::sliding_window_layers)},
      {.section = "model", .key = "dense_intermediate_size", .type = T::kInteger, .min = 0, .max = dbl(kIntermediateSize), .doc = "FFN of the dense layers", .access = model_field(&ModelSpec::dense_intermediate_size)},
      {.section = "model", .key = "dense_gated", .type = T::kBool, .default_text = "true", .doc = "3 matrices (SwiGLU)", .access = model_field(&ModelSpec::dense_gated)},
      {.section = "model", .key = "num_experts", .type = T::kInteger, .min = 0, .max = dbl(kExperts), .default_text = "0", .doc = "routed experts per MoE layer", .access = model_field(&ModelSpec::num_experts)},
      {.section = "model", .key = "experts_per_token", .type = T::kInteger, .min = 0, .max = dbl(kExperts), .doc = "top-k", .access = model_field(&ModelSpec::experts_per_token)},
      {.section = "model", .key = "expert_intermediate_size", .type = T::kInteger, .min = 0, .max = dbl(kIntermediateSize), .doc = "FFN width of one expert", .access = model_field(&ModelSpec::expert_intermediate_size)},
      {.section = "model", .key = "expert_gated", .type = T::kBool, .default_text = "true", .doc = "3 matrices (SwiGLU)", .access = model_field(&ModelSpec::expert_gated)},
      {.section = "model", .key = "expert_bias", .type = T::kBool, .default_text = "false", .doc = "gpt-oss expert biases", .access = model_field(&ModelSpec::expert_bias)},
      {.section = "model", .key = "router_bias", .type = T::kBool, .default_text = "false", .doc = "gpt-oss router bias", .access = model_field(&ModelSpec::router_bias)},
      {.section = "model", .key = "router_score_correction_bias", .type = T::kBool, .default_text = "false", .doc = "DeepSeek-V3 per-expert bias", .access = model_field(&ModelSpec::router_score_correction_bias)},
      {.section = "model", .key = "num_shared_experts", .type = T::kInteger, .min = 0, .max = dbl(kSharedExperts), .default_text = "0", .doc = "shared experts per MoE layer", .access = model_field(&ModelSpec::num_shared_experts)},
      {.section = "model", .key = "shared_expert_intermediate_size", .type = T::kInteger, .min = 0, .max = dbl(kIntermediateSize), .doc = "width of ONE shared expert", .access = model_field(&ModelSpec::shared_expert_intermediate_size)},
      {.section = "model", .key = "shared_expert_gate", .type = T::kBool, .default_text = "false", .doc = "Qwen2-MoE sigmoid gate", .access = model_field(&ModelSpec::shared_expert_gate)},
      {.section = "model", .key = "first_dense_layers", .type = T::kInteger, .min = 0, .max = dbl(kLayers), .default_text = "0", .doc = "leading dense layers", .access = model_field(&ModelSpec::first_dense_layers)},
      {.section = "model", .key = "moe_layer_step", .type = T::kInteger, .min = 1, .max = dbl(kLayers), .default_text = "1", .doc = "every k-th layer is MoE", .access = model_field(&ModelSpec::moe_layer_step)},
      {.section = "model", .key = "expert_groups", .type = T::kInteger, .min = 0, .max = dbl(kExperts), .default_text = "0", .doc = "DeepSeek n_group", .access = model_field(&ModelSpec::expert_groups)},
      {.section = "model", .key = "expert_groups_per_token", .type = T::kInteger, .min = 0, .max = dbl(kExperts), .default_text = "0", .doc = "DeepSeek topk_group", .access = model_field(&ModelSpec::expert_groups_per_token)},
      {.section = "model", .key = "mtp_modules", .type = T::kInteger, .min = 0, .max = dbl(kMtpModules), .default_text = "0", .doc = "multi-token-prediction modules", .access = model_field(&ModelSpec::mtp_modules)},
      {.section = "model", .key = "vision_encoder_params", .type = T::kNumber, .min = 0, .max = kVisionParams, .default_text = "0", .doc = "a vision tower counted in published totals", .access = model_field(&ModelSpec::vision_encoder_params)},
      {.section = "model", .key = "weight_dtype", .type = T::kChoice, .choices = kDtypes, .default_text = "bf16", .doc = "linear weights", .access = model_field(&ModelSpec::weight_dtype, false)},
      {.section = "model", .key = "expert_dtype", .type = T::kChoice, .choices = kDtypes, .default_text = "weight_dtype", .doc = "routed experts", .access = model_field(&ModelSpec::expert_dtype, false)},
      {.section = "model", .key = "weight_block_size", .type = T::kInteger, .min = 0, .max = dbl(kWeightBlock), .default_text = "0 (per tensor or channel)", .doc = "FP8 weight scales per block of N x N (HF quantization_config.weight_block_size)", .access = model_field(&ModelSpec::weight_block_size)},
      {.section = "model", .key = "kv_cache_dtype", .type = T::kChoice, .choices = kDtypes, .default_text = "bf16", .doc = "KV cache", .access = model_field(&ModelSpec::kv_cache_dtype, false)},
      {.section = "model", .key = "max_position_embeddings", .type = T::kInteger, .min = 1, .max = dbl(kTokens), .default_text = "unknown (no check)", .doc = "context length; input + output above it is bad input", .access = model_field(&ModelSpec::max_position_embeddings)},
      {.section = "model", .key = "published", .type = T::kMapping, .doc = "the publisher's parameter counts"},
      {.section = "model.published", .key = "params_total", .type = T::kNumber, .min = 0, .max = kMaxParams, .doc = "published total", .access = published_field(&PublishedFigures::params_total)},
      {.section = "model.published", .key = "params_active", .type = T::kNumber, .min = 0, .max = kMaxParams, .doc = "published active", .access = published_field(&PublishedFigures::params_active)},
      {.section = "model.published", .key = "active_counts_input_embedding", .type = T::kBool, .default_text = "true", .doc = "whether the active figure includes the embedding", .access = published_field(&PublishedFigures::active_counts_input_embedding)},
      {.section = "model.published", .key = "source", .type = T::kString, .doc = "where the figures come from", .access = published_field(&PublishedFigures::source)},

      // --- cluster ---
      {.section = "cluster", .key = "gpu", .type = T::kMapping, .doc = "a GPU preset or a mapping of GPU figures", .required = true},
      {.section = "cluster", .key = "gpus", .type = T::kInteger, .min = 1, .max = dbl(kGpus), .doc = "the number of GPUs", .required = true},
      {.section = "cluster", .key = "gpus_per_node", .type = T::kInteger, .min = 1, .max = dbl(kGpusPerNode), .default_text = "the preset's (8), capped at gpus", .doc = "GPUs per node"},
      {.section = "cluster", .key = "nodes", .type = T::kInteger, .min = 1, .max = dbl(kGpus), .doc = "cross-check: nodes x gpus_per_node = gpus", .not_written = true},
      {.section = "cluster", .key = "intra_node_bandwidth", .type = T::kQuantity, .unit = K::kBytesPerSecond, .min = kMinBandwidth, .max = kMaxBandwidth, .default_text = "the GPU preset's", .doc = "per GPU, one direction"},
      {.section = "cluster", .key = "intra_node_latency", .type = T::kQuantity, .unit = K::kSeconds, .min = 0, .max = kMaxLinkLatency, .default_text = "the GPU preset's", .doc = "per hop"},
      {.section = "cluster", .key = "inter_node_bandwidth", .type = T::kQuantity, .unit = K::kBytesPerSecond, .min = kMinBandwidth, .max = kMaxBandwidth, .default_text = "the GPU preset's", .doc = "per GPU, one direction"},
      {.section = "cluster", .key = "inter_node_latency", .type = T::kQuantity, .unit = K::kSeconds, .min = 0, .max = kMaxLinkLatency, .default_text = "the GPU preset's", .doc = "per hop"},
      {.section = "cluster", .key = "allow_cross_node_tp", .type = T::kBool, .default_text = "false", .doc = "TP groups may span nodes"},
      {.section = "cluster.gpu", .key = "preset", .type = T::kString, .doc = "a GPU preset as the base", .not_written = true},
      {.section = "cluster.gpu", .key = "name", .type = T::kString, .doc = "short name"},
      {.section = "cluster.gpu", .key = "display_name", .type = T::kString, .doc = "name in reports"},
      {.section = "cluster.gpu", .key = "source", .type = T::kString, .doc = "where the figures come from"},
      {.section = "cluster.gpu", .key = "memory_note", .type = T::kString, .doc = "a remark, ignored", .not_written = true},
      {.section = "cluster.gpu", .key = "memory", .type = T::kQuantity, .unit = K::kBytes, .min = 0, .max = kMaxBytes, .doc = "what the driver reports; required without a preset"},
      {.section = "cluster.gpu", .key = "marketing_memory", .type = T::kQuantity, .unit = K::kBytes, .min = 0, .max = kMaxBytes, .doc = "the figure the GPU is sold with, for display"},
      {.section = "cluster.gpu", .key = "memory_bandwidth", .type = T::kQuantity, .unit = K::kBytesPerSecond, .min = kMinBandwidth, .max = kMaxBandwidth, .doc = "required without a preset"},
      {.section = "cluster.gpu", .key = "bf16_flops", .type = T::kQuantity, .unit = K::kFlopsPerSecond, .min = kMinFlops, .max = kMaxFlops, .doc = "required without a preset"},
      {.section = "cluster.gpu", .key = "fp8_flops", .type = T::kQuantity, .unit = K::kFlopsPerSecond, .min = kMinFlops, .max = kMaxFlops, .doc = "0 = no FP8 tensor cores"},
      {.section = "cluster.gpu", .key = "fp4_flops", .type = T::kQuantity, .unit = K::kFlopsPerSecond, .min = kMinFlops, .max = kMaxFlops, .doc = "0 = no FP4 tensor cores"},
      {.section = "cluster.gpu", .key = "achievable_bf16_flops", .type = T::kQuantity, .unit = K::kFlopsPerSecond, .min = kMinFlops, .max = kMaxFlops, .doc = "measured"},
      {.section = "cluster.gpu", .key = "achievable_fp8_flops", .type = T::kQuantity, .unit = K::kFlopsPerSecond, .min = kMinFlops, .max = kMaxFlops, .doc = "measured"},
      {.section = "cluster.gpu", .key = "allreduce_bus_bandwidth", .type = T::kQuantity, .unit = K::kBytesPerSecond, .min = kMinBandwidth, .max = kMaxBandwidth, .doc = "measured"},
      {.section = "cluster.gpu", .key = "intra_node_bandwidth", .type = T::kQuantity, .unit = K::kBytesPerSecond, .min = kMinBandwidth, .max = kMaxBandwidth, .doc = "suggested link", .not_written = true},
      {.section = "cluster.gpu", .key = "inter_node_bandwidth", .type = T::kQuantity, .unit = K::kBytesPerSecond, .min = kMinBandwidth, .max = kMaxBandwidth, .doc = "suggested link", .not_written = true},
      {.section = "cluster.gpu", .key = "intra_node_latency", .type = T::kQuantity, .unit = K::kSeconds, .min = 0, .max = kMaxLinkLatency, .doc = "suggested link", .not_written = true},
      {.section = "cluster.gpu", .key = "inter_node_latency", .type = T::kQuantity, .unit = K::kSeconds, .min = 0, .max = kMaxLinkLatency, .doc = "suggested link", .not_written = true},
      {.section = "cluster.gpu", .key = "gpus_per_node", .type = T::kInteger, .min = 1, .max = dbl(kGpusPerNode), .doc = "suggested node size", .not_written = true},

      // --- workload ---
      {.section = "workload", .key = "input_tokens", .type = T::kInteger, .min = 1, .max = dbl(kTokens), .doc = "prompt tokens per request", .required = true, .access = field(&Scenario::workload, &Workload::input_tokens)},
      {.section = "workload", .key = "output_tokens", .type = T::kInteger, .min = 1, .max = dbl(kTokens), .doc = "generated tokens per request", .required = true, .access = field(&Scenario::workload, &Workload::output_tokens)},
      {.section = "workload", .key = "concurrency", .type = T::kInteger, .min = 1, .max = dbl(kConcurrency), .doc = "requests in flight (a closed loop)", .access = field(&Scenario::workload, &Workload::concurrency)},
      {.section = "workload", .key = "request_rate", .type = T::kQuantity, .unit = K::kRequestsPerSecond, .min = kMinRequestRate, .max = 1e9, .doc = "Poisson arrivals (an open loop)", .access = field(&Scenario::workload, &Workload::request_rate)},
      {.section = "workload", .key = "arrival", .type = T::kChoice, .choices = "steady|burst", .default_text = "steady", .doc = "steady state, or every request sent at once and the run timed until the last finishes", .access = field_unless(&Scenario::workload, &Workload::arrival, WorkloadArrival::kSteady)},
      {.section = "workload", .key = "requests", .type = T::kInteger, .min = 1, .max = dbl(kBurstRequests), .doc = "requests in the burst (arrival: burst)", .access = field(&Scenario::workload, &Workload::requests)},
      {.section = "workload", .key = "length_distribution", .type = T::kChoice, .choices = "fixed|sharegpt", .default_text = "fixed", .doc = "per-request lengths: all equal, or ShareGPT's shape scaled to the two means", .access = field_unless(&Scenario::workload, &Workload::length_distribution, LengthDistribution::kFixed)},

      // --- slo ---
      {.section = "slo", .key = "ttft", .type = T::kQuantity, .unit = K::kSeconds, .min = kMinSeconds, .max = kMaxLatency, .doc = "time to first token", .access = field(&Scenario::slo, &Slo::ttft_s)},
      {.section = "slo", .key = "tpot", .type = T::kQuantity, .unit = K::kSeconds, .min = kMinSeconds, .max = kMaxLatency, .doc = "time per output token after the first", .access = field(&Scenario::slo, &Slo::tpot_s)},
      {.section = "slo", .key = "throughput", .type = T::kQuantity, .unit = K::kTokensPerSecond, .min = kMinThroughput, .max = kMaxRate, .doc = "output tokens/s over the deployment", .access = field(&Scenario::slo, &Slo::throughput_tokens_per_s)},

      // --- runtime ---
      {.section = "runtime", .key = "engine", .type = T::kChoice, .choices = "vllm|sglang|trtllm", .default_text = "vllm", .doc = "decides what the memory fraction applies to", .access = field(&Scenario::runtime, &RuntimeSpec::engine)},
      {.section = "runtime", .key = "memory_fraction", .type = T::kNumber, .min = 0.01, .max = 1.0, .default_text = "0.9", .doc = "of total (vLLM, SGLang) or free (TensorRT-LLM) memory", .access = field(&Scenario::runtime, &RuntimeSpec::memory_fraction)},
      {.section = "runtime", .key = "prefill_chunk_tokens", .type = T::kInteger, .min = 1, .max = dbl(kTokens), .default_text = "the engine's", .doc = "tokens per forward pass (token budget) per DP rank", .access = engine_default_field(&RuntimeSpec::prefill_chunk_tokens, &RuntimeSpec::prefill_chunk_from_engine)},
      {.section = "runtime", .key = "max_batch_size", .type = T::kInteger, .min = 1, .max = dbl(kConcurrency), .default_text = "the engine's", .doc = "requests one engine instance (DP rank) runs at once", .access = engine_default_field(&RuntimeSpec::max_batch_size, &RuntimeSpec::max_batch_from_engine)},
      {.section = "runtime", .key = "batch_settings", .type = T::kChoice, .choices = "engine|trtllm-bench", .default_text = "engine", .doc = "who sets the token budget and batch cap left out: the engine's serving defaults, or trtllm-bench's heuristic from the KV cache it expects (engine trtllm only)", .access = field_unless(&Scenario::runtime, &RuntimeSpec::batch_settings, BatchSettings::kEngine)},
      {.section = "runtime", .key = "mtp_draft_tokens", .type = T::kInteger, .min = 0, .max = 8, .default_text = "0", .doc = "MTP speculative decoding: draft tokens per step", .access = field(&Scenario::runtime, &RuntimeSpec::mtp_draft_tokens)},
      {.section = "runtime", .key = "mtp_acceptance", .type = T::kNumber, .min = 0.0, .max = 0.99, .default_text = "0.85", .doc = "probability a draft token is accepted", .access = field(&Scenario::runtime, &RuntimeSpec::mtp_acceptance)},
      {.section = "runtime", .key = "comm_buffers", .type = T::kQuantity, .unit = K::kBytes, .min = -1, .max = 1e13, .default_text = "350 MB", .doc = "NCCL buffers", .access = field(&Scenario::runtime, &RuntimeSpec::comm_buffer_bytes)},
      {.section = "runtime", .key = "runtime_overhead", .type = T::kQuantity, .unit = K::kBytes, .min = -1, .max = 1e13, .default_text = "3.5 GB", .doc = "CUDA context, graphs, allocator slack", .access = field(&Scenario::runtime, &RuntimeSpec::runtime_overhead_bytes)},
      {.section = "runtime", .key = "activation_dtype", .type = T::kChoice, .choices = "fp32|bf16|fp16|fp8", .default_text = "the checkpoint's 16-bit dtype, else bf16", .doc = "activations", .access = field(&Scenario::runtime, &RuntimeSpec::activation_dtype)},
      {.section = "runtime", .key = "load_mtp", .type = T::kBool, .default_text = "false", .doc = "MTP module on the last stage", .access = field(&Scenario::runtime, &RuntimeSpec::load_mtp)},
      {.section = "runtime", .key = "two_batch_overlap", .type = T::kBool, .default_text = "false", .doc = "hide the all-to-all behind compute", .access = field(&Scenario::runtime, &RuntimeSpec::two_batch_overlap)},
      {.section = "runtime", .key = "moe_load_imbalance", .type = T::kNumber, .min = 1.0, .max = 1000.0, .default_text = "1.109", .doc = "busiest GPU / mean without placement", .access = field(&Scenario::runtime, &RuntimeSpec::moe_load_imbalance)},

      // --- calibration ---
      {.section = "calibration", .key = "gemm_efficiency", .type = T::kNumber, .min = 0.01, .max = 1.0, .default_text = "the GPU preset's achievable / peak", .doc = "GEMM efficiency", .access = field(&Scenario::calibration, &Calibration::gemm_efficiency)},
      {.section = "calibration", .key = "gemm_half_efficiency_m", .type = T::kNumber, .min = 0, .max = 1e6, .default_text = "64", .doc = "GEMM rows at half efficiency", .access = field(&Scenario::calibration, &Calibration::gemm_half_efficiency_m)},
      {.section = "calibration", .key = "hbm_efficiency", .type = T::kNumber, .min = 0.01, .max = 1.0, .default_text = "0.8", .doc = "of peak memory bandwidth", .access = field(&Scenario::calibration, &Calibration::hbm_efficiency)},
      {.section = "calibration", .key = "intra_node_efficiency", .type = T::kNumber, .min = 0.01, .max = 1.0, .default_text = "0.8", .doc = "of intra-node link bandwidth", .access = field(&Scenario::calibration, &Calibration::intra_node_efficiency)},
      {.section = "calibration", .key = "inter_node_efficiency", .type = T::kNumber, .min = 0.01, .max = 1.0, .default_text = "0.8", .doc = "of inter-node link bandwidth", .access = field(&Scenario::calibration, &Calibration::inter_node_efficiency)},
      {.section = "calibration", .key = "grouped_gemm_efficiency", .type = T::kNumber, .min = 0.01, .max = 1.0, .default_text = "0.3", .doc = "compute share of grouped (per-expert) GEMMs", .access = field(&Scenario::calibration, &Calibration::grouped_gemm_efficiency)},
      {.section = "calibration", .key = "attention_efficiency", .type = T::kNumber, .min = 0.01, .max = 1.0, .default_text = "1", .doc = "extra factor for attention", .access = field(&Scenario::calibration, &Calibration::attention_efficiency)},
      {.section = "calibration", .key = "kernels_per_layer", .type = T::kNumber, .min = 0, .max = 1000, .default_text = "16", .doc = "small kernels per layer", .access = field(&Scenario::calibration, &Calibration::kernels_per_layer)},
      {.section = "calibration", .key = "kernel_launch", .type = T::kQuantity, .unit = K::kSeconds, .min = -1, .max = 1.0, .default_text = "2 us", .doc = "per op", .access = field(&Scenario::calibration, &Calibration::kernel_launch_s)},
      {.section = "calibration", .key = "prefill_overhead", .type = T::kQuantity, .unit = K::kSeconds, .min = -1, .max = 60.0, .default_text = "30 ms", .doc = "per prefill pass", .access = field(&Scenario::calibration, &Calibration::prefill_overhead_s)},
      {.section = "calibration", .key = "decode_overhead", .type = T::kQuantity, .unit = K::kSeconds, .min = -1, .max = 60.0, .default_text = "0.5 ms", .doc = "per decode step", .access = field(&Scenario::calibration, &Calibration::decode_overhead_s)},
      {.section = "calibration", .key = "profile", .type = T::kString, .doc = "CSV of measured GEMM timings"},

      // --- placement ---
      {.section = "placement", .key = "routing_stats", .type = T::kString, .doc = "per-expert token counts (JSON, CSV, SGLang)"},
      {.section = "placement", .key = "skew", .type = T::kString, .doc = "synthetic zipf:EXPONENT[:SEED]"},
      {.section = "placement", .key = "redundant_experts", .type = T::kInteger, .min = 0, .max = dbl(kRedundantSlots), .default_text = "0", .doc = "extra slots per MoE layer, or auto"},
      {.section = "placement", .key = "algorithm", .type = T::kChoice, .choices = "linear|round-robin|eplb|lpt-swap|best", .default_text = "best", .doc = "balancer", .access = field(&Scenario::placement, &PlacementConfig::algorithm)},

      // --- strategy ---
      {.section = "strategy", .key = "tp", .type = T::kInteger, .min = 1, .max = dbl(kStrategyDegree), .default_text = "1", .doc = "tensor parallel"},
      {.section = "strategy", .key = "pp", .type = T::kInteger, .min = 1, .max = dbl(kStrategyDegree), .default_text = "1", .doc = "pipeline stages"},
      {.section = "strategy", .key = "dp", .type = T::kInteger, .min = 1, .max = dbl(kStrategyDegree), .default_text = "gpus / (tp x pp)", .doc = "data-parallel replicas"},
      {.section = "strategy", .key = "ep", .type = T::kInteger, .min = 1, .max = dbl(kStrategyDegree), .default_text = "1", .doc = "expert parallel"},
      {.section = "strategy", .key = "etp", .type = T::kInteger, .min = 1, .max = dbl(kStrategyDegree), .default_text = "tp x dp / ep", .doc = "expert tensor parallel"},
      {.section = "strategy", .key = "layers_per_stage", .type = T::kList, .doc = "layers of each pipeline stage"},
      {.section = "strategy", .key = "instances", .type = T::kInteger, .min = 1, .max = dbl(kStrategyDegree), .default_text = "1", .doc = "identical engine instances behind a load balancer"},

      // --- serving (issue 10); the pools' keys follow below ---
      {.section = "serving", .key = "mode", .type = T::kChoice, .choices = "aggregated|disaggregated|auto", .default_text = "aggregated", .doc = "one kind of instance, prefill/decode pools, or plan compares both", .access = field(&Scenario::serving, &ServingConfig::mode)},
      {.section = "serving", .key = "prefill", .type = T::kMapping, .doc = "the prefill pool"},
      {.section = "serving", .key = "decode", .type = T::kMapping, .doc = "the decode pool"},
      {.section = "serving", .key = "kv_transfer", .type = T::kMapping, .doc = "the link the prompt's KV cache moves over"},
      {.section = "serving.kv_transfer", .key = "bandwidth", .type = T::kQuantity, .unit = K::kBytesPerSecond, .min = 0, .max = kMaxBandwidth, .default_text = "cluster.inter_node_bandwidth", .doc = "per GPU, one direction; must be > 0", .access = field(&Scenario::serving, &ServingConfig::kv_bandwidth_bytes_per_s)},
      {.section = "serving.kv_transfer", .key = "efficiency", .type = T::kNumber, .min = 0.01, .max = 1.0, .default_text = "0.85", .doc = "share of the link the transfer engine achieves", .access = field(&Scenario::serving, &ServingConfig::kv_efficiency)},
      {.section = "serving.kv_transfer", .key = "layerwise", .type = T::kBool, .default_text = "false", .doc = "sent layer by layer during the prefill", .access = field(&Scenario::serving, &ServingConfig::kv_layerwise)},
  };
  // The two pools have the same keys; serving_config.cc reads them (a pool is not a plain field).
  for (const std::string_view pool : {std::string_view("serving.prefill"), std::string_view("serving.decode")}) {
    s.push_back({.section = pool, .key = "strategy", .type = T::kAny, .doc = "one instance's strategy (map or text)"});
    s.push_back({.section = pool, .key = "instances", .type = T::kInteger, .min = 1, .max = dbl(kStrategyDegree), .default_text = "rate matching chooses", .doc = "engine instances in the pool"});
    s.push_back({.section = pool, .key = "gpu", .type = T::kString, .default_text = "cluster.gpu", .doc = "a GPU preset"});
    s.push_back({.section = pool, .key = "redundant_experts", .type = T::kInteger, .min = 0, .max = dbl(kRedundantSlots), .default_text = "placement.redundant_experts", .doc = "extra expert slots per MoE layer in this pool"});
  }
  return s;
}

}  // namespace

const std::vector<SchemaKey>& scenario_schema() {
  static const std::vector<SchemaKey> schema = build_schema();
  return schema;
}

std::vector<std::string> schema_keys(std::string_view section) {
  std::vector<std::string> keys;
  for (const auto& k : scenario_schema())
    if (k.section == section) keys.emplace_back(k.key);
  return keys;
}

std::vector<std::string> schema_sections() {
  std::vector<std::string> out;
  for (const auto& k : scenario_schema())
    if (out.empty() || out.back() != k.section) out.emplace_back(k.section);
  return out;
}

const SchemaKey& schema_key(std::string_view section, std::string_view key) {
  for (const auto& k : scenario_schema())
    if (k.section == section && k.key == key) return k;
  throw std::logic_error("scenario schema: no key '" + std::string(key) + "' in section '" + std::string(section) + "'");
}

std::vector<std::string> schema_choices(const SchemaKey& k) {
  std::vector<std::string> out;
  std::string_view rest = k.choices;
  while (!rest.empty()) {
    const size_t bar = rest.find('|');
    out.emplace_back(rest.substr(0, bar));
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  return out;
}

std::optional<int64_t> read_integer(MapReader& r, const SchemaKey& k) {
  return r.integer(std::string(k.key), static_cast<int64_t>(k.min), static_cast<int64_t>(k.max));
}

std::optional<double> read_number(MapReader& r, const SchemaKey& k) {
  if (k.type == KeyType::kQuantity) return r.quantity(std::string(k.key), k.unit, k.min, k.max);
  return r.number(std::string(k.key), k.min, k.max);
}

std::optional<std::string> read_choice(MapReader& r, const SchemaKey& k) {
  return r.choice(std::string(k.key), schema_choices(k));
}

void read_schema_fields(MapReader& r, std::string_view section, Scenario& sc, ModelSpec& model) {
  for (const auto& k : scenario_schema())
    if (k.section == section && k.access.read) k.access.read(r, k, sc, model);
}

std::string write_schema_fields(std::string_view section, const Scenario& sc, const ModelSpec& model,
                                const std::string& indent) {
  std::string out;
  for (const auto& k : scenario_schema()) {
    if (k.section != section || k.not_written || !k.access.write) continue;
    if (auto v = k.access.write(sc, model, k)) out += indent + std::string(k.key) + ": " + *v + "\n";
  }
  return out;
}

std::string yaml_quote(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    const size_t n = utf8_sequence_length(s, i);
    if (n > 1) {  // a whole UTF-8 character, as is
      out += s.substr(i, n);
      i += n;
      continue;
    }
    // A byte that is not UTF-8 (yaml-cpp can hand one back from an escape such as "\N") is
    // written as a "\xNN" escape: the written scenario stays valid UTF-8 and reads back.
    if (c == '"' || c == '\\') out += std::string("\\") + c;
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (u < 0x20 || u >= 0x7F) out += fmt::format("\\x{:02X}", u);
    else out += c;
    ++i;
  }
  return out + "\"";
}

std::string_view base_unit(QuantityKind kind) {
  switch (kind) {
    case K::kBytes: return "B";
    case K::kSeconds: return "s";
    case K::kTokensPerSecond: return "tokens/s";
    case K::kBytesPerSecond: return "B/s";
    case K::kFlopsPerSecond: return "FLOP/s";
    case K::kCount: return "";
    case K::kRequestsPerSecond: return "requests/s";
  }
  return "";
}

}  // namespace moeplan
