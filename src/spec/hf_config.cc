#include "spec/hf_config.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "spec/error.h"
#include "spec/limits.h"
#include "spec/model_loader.h"
#include "spec/text.h"
#include "spec/yaml_reader.h"

namespace moeplan {

namespace {

using nlohmann::json;

// Typed access to one JSON object with messages naming file and field.
class JsonFields {
 public:
  JsonFields(const json& obj, std::string file, std::string prefix)
      : obj_(obj), file_(std::move(file)), prefix_(std::move(prefix)) {}

  std::string where(const std::string& key) const { return file_ + ": " + prefix_ + key + ": "; }
  bool has(const std::string& key) const { return obj_.contains(key) && !obj_[key].is_null(); }

  int64_t integer(const std::string& key) const {
    if (!has(key)) throw InputError(where(key) + "missing (required for model_type '" + model_type_ + "')");
    return as_integer(key);
  }
  int64_t integer_or(const std::string& key, int64_t fallback) const { return has(key) ? as_integer(key) : fallback; }
  bool boolean_or(const std::string& key, bool fallback) const {
    if (!has(key)) return fallback;
    if (!obj_[key].is_boolean()) throw InputError(where(key) + "expected true or false, got " + json_excerpt(obj_[key]));
    return obj_[key].get<bool>();
  }
  std::string string_or(const std::string& key, const std::string& fallback) const {
    if (!has(key)) return fallback;
    if (!obj_[key].is_string()) throw InputError(where(key) + "expected a string, got " + json_excerpt(obj_[key]));
    return obj_[key].get<std::string>();
  }
  const json& raw(const std::string& key) const { return obj_[key]; }
  void set_model_type(std::string t) { model_type_ = std::move(t); }

 private:
  int64_t as_integer(const std::string& key) const {
    const json& v = obj_[key];
    if (!v.is_number_integer()) throw InputError(where(key) + "expected an integer, got " + json_excerpt(v));
    if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
      throw InputError(where(key) + json_excerpt(v) + " is out of range (limits in docs/scenario.md)");
    const int64_t x = v.get<int64_t>();
    if (x < 0) throw InputError(where(key) + fmt::format("must not be negative, got {}", x));
    return x;
  }
  const json& obj_;
  std::string file_;
  std::string prefix_;
  std::string model_type_;
};

DType dtype_of(const JsonFields& f, const std::string& key, DType fallback) {
  const std::string s = f.string_or(key, "");
  if (s.empty()) return fallback;
  auto d = dtype_from_string(s);
  if (!d) throw InputError(f.where(key) + "unknown dtype '" + s + "'");
  return *d;
}

void read_common(const JsonFields& f, ModelSpec& m) {
  m.hidden_size = f.integer("hidden_size");
  m.num_layers = f.integer("num_hidden_layers");
  m.vocab_size = f.integer("vocab_size");
  m.num_heads = f.integer("num_attention_heads");
  m.num_kv_heads = f.integer_or("num_key_value_heads", m.num_heads);
  m.head_dim = f.integer_or("head_dim", m.num_heads > 0 ? m.hidden_size / m.num_heads : 0);
  m.tie_word_embeddings = f.boolean_or("tie_word_embeddings", false);
  m.attention = m.num_kv_heads == m.num_heads ? AttentionKind::kMha : AttentionKind::kGqa;
  m.weight_dtype = dtype_of(f, "torch_dtype", DType::kBf16);
  m.expert_dtype = m.weight_dtype;
  m.kv_cache_dtype = m.weight_dtype == DType::kFp32 ? DType::kFp32 : m.base_dtype();
}

// A field of a quantization mapping, with a fallback when absent or of another type.
int64_t int_field(const json& o, const char* key) {
  return o.contains(key) && o[key].is_number_integer() ? o[key].get<int64_t>() : 0;
}
std::string string_field(const json& o, const char* key, const std::string& fallback = "") {
  return o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : fallback;
}

// quantization_config: {"quant_method": "fp8", ...} (DeepSeek-V3) or
// {"quant_method": "mxfp4", ...} (gpt-oss, experts only).
//
// The KV cache: a checkpoint may declare its own KV quantization, which the
// engines serve under their default `--kv-cache-dtype auto`:
// - compressed-tensors (llm-compressor): "kv_cache_scheme": {"num_bits": 8,
//   "type": "float"} (vllm-project/vllm docs/features/quantization/quantized_kvcache.md);
// - NVIDIA ModelOpt: "kv_cache_quant_algo": "FP8" | "NVFP4" (vLLM resolves
//   "auto" to it in vllm/utils/torch_utils.py resolve_kv_cache_dtype_string).
// Without either, "auto" means the model dtype.
void read_kv_cache_quantization(const json& q, const std::string& file, ModelSpec& m) {
  const std::string where = file + ": quantization_config.";
  if (q.contains("kv_cache_scheme") && !q["kv_cache_scheme"].is_null()) {
    const json& s = q["kv_cache_scheme"];
    if (!s.is_object()) throw InputError(where + "kv_cache_scheme: expected a mapping, got " + s.dump());
    const int64_t bits = int_field(s, "num_bits");
    const std::string type = string_field(s, "type", "float");
    if (type != "float" || (bits != 8 && bits != 4))
      throw InputError(where + "kv_cache_scheme: unsupported " + s.dump() +
                       " (supported: {num_bits: 8 or 4, type: float}); set model.kv_cache_dtype in the scenario instead");
    m.kv_cache_dtype = bits == 8 ? DType::kFp8 : DType::kFp4;
    m.kv_cache_dtype_origin = KvDtypeOrigin::kCheckpoint;
    m.kv_cache_dtype_detail = where + "kv_cache_scheme";
  }
  if (q.contains("kv_cache_quant_algo") && !q["kv_cache_quant_algo"].is_null()) {
    const json& a = q["kv_cache_quant_algo"];
    const std::string algo = a.is_string() ? a.get<std::string>() : a.dump();
    if (algo == "FP8" || algo == "fp8") m.kv_cache_dtype = DType::kFp8;
    else if (algo == "NVFP4" || algo == "nvfp4") m.kv_cache_dtype = DType::kFp4;
    else
      throw InputError(where + "kv_cache_quant_algo: unsupported '" + algo +
                       "' (supported: FP8, NVFP4); set model.kv_cache_dtype in the scenario instead");
    m.kv_cache_dtype_origin = KvDtypeOrigin::kCheckpoint;
    m.kv_cache_dtype_detail = where + "kv_cache_quant_algo";
  }
}

// A block of weight scales, [rows, columns], as the block edge the cost model reads (the rows'); `where` names the field.
int64_t read_weight_block(const json& b, const std::string& where) {
  auto edge = [](const json& v) { return v.is_number_integer() ? v.get<int64_t>() : int64_t{0}; };
  if (!b.is_array() || b.size() != 2 || edge(b[0]) < 1 || edge(b[0]) > limits::kWeightBlock || edge(b[1]) < 1 ||
      edge(b[1]) > limits::kWeightBlock)
    throw InputError(where + ": expected two integers from 1 to " + std::to_string(limits::kWeightBlock) + ", got " +
                     b.dump());
  return edge(b[0]);
}

void read_quantization(const json& root, const std::string& file, ModelSpec& m) {
  if (!root.contains("quantization_config") || !root["quantization_config"].is_object()) return;
  const json& q = root["quantization_config"];
  read_kv_cache_quantization(q, file, m);
  const std::string method = string_field(q, "quant_method");
  if (method == "fp8") {
    m.weight_dtype = DType::kFp8;
    m.expert_dtype = DType::kFp8;
    // "weight_block_size": [128, 128] (DeepSeek-V3, Qwen3 FP8): one scale per block of 128 x 128 weights.
    if (q.contains("weight_block_size") && !q["weight_block_size"].is_null())
      m.weight_block_size = read_weight_block(q["weight_block_size"], file + ": quantization_config.weight_block_size");
  } else if (method == "mxfp4") {
    m.expert_dtype = DType::kFp4;
  } else if (method == "modelopt") {
    const std::string algo = string_field(q, "quant_algo");
    if (algo == "FP8") m.weight_dtype = m.expert_dtype = DType::kFp8;
    else if (algo == "NVFP4") m.weight_dtype = m.expert_dtype = DType::kFp4;
    else
      throw InputError(file + ": quantization_config.quant_algo: unsupported '" + algo +
                       "' for quant_method modelopt (supported: FP8, NVFP4); set weight_dtype in the scenario instead");
  } else if (method == "compressed-tensors") {
    // Weights: the one config group's weight format (8-bit float = FP8).
    const json* weights = nullptr;
    if (q.contains("config_groups") && q["config_groups"].is_object())
      for (const auto& [name, group] : q["config_groups"].items())
        if (group.is_object() && group.contains("weights") && group["weights"].is_object()) weights = &group["weights"];
    if (weights) {
      const int64_t bits = int_field(*weights, "num_bits");
      const std::string type = string_field(*weights, "type");
      if (type == "float" && bits == 8) {
        m.weight_dtype = m.expert_dtype = DType::kFp8;
        // llm-compressor's block FP8: "strategy": "block", "block_structure": [128, 128].
        if (string_field(*weights, "strategy") == "block" && weights->contains("block_structure"))
          m.weight_block_size = read_weight_block((*weights)["block_structure"],
                                                  file + ": quantization_config.config_groups weights.block_structure");
      }
      else if (type == "float" && bits == 4) m.weight_dtype = m.expert_dtype = DType::kFp4;
      else
        throw InputError(file + ": quantization_config.config_groups: unsupported weight format " + weights->dump() +
                         " (supported: 8- or 4-bit float); set weight_dtype in the scenario instead");
    }
  } else if (!method.empty()) {
    throw InputError(file + ": quantization_config.quant_method: unsupported '" + method +
                     "' (supported: fp8, mxfp4, modelopt, compressed-tensors); set weight_dtype in the scenario instead");
  }
}

// Llama-4 vision tower, counted because Meta's published totals include it:
// ViT layers (q,k,v,o with bias, 2-matrix MLP with bias, two LayerNorms),
// patch embedding, class and position embeddings, pre/post LayerNorms, the
// pixel-shuffle MLP adapter and the projector into the text hidden size.
double llama4_vision_params(const json& v, int64_t text_hidden, const std::string& file) {
  JsonFields f(v, file, "vision_config.");
  const double h = static_cast<double>(f.integer("hidden_size"));
  const double inter = static_cast<double>(f.integer("intermediate_size"));
  const double layers = static_cast<double>(f.integer("num_hidden_layers"));
  const double patch = static_cast<double>(f.integer_or("patch_size", 14));
  const double image = static_cast<double>(f.integer_or("image_size", 336));
  const double channels = static_cast<double>(f.integer_or("num_channels", 3));
  const double proj_in = static_cast<double>(f.integer_or("projector_input_dim", 4096));
  const double proj_out = static_cast<double>(f.integer_or("projector_output_dim", 4096));
  const double vision_out = static_cast<double>(f.integer_or("vision_output_dim", 4096));
  const double per_layer = 4 * (h * h + h) + (h * inter + inter) + (inter * h + h) + 2 * (2 * h);
  const double patches = (image / patch) * (image / patch);
  const double embeddings = channels * patch * patch * h + h + (patches + 1) * h + 2 * (2 * h);
  // Pixel shuffle with ratio 0.5 folds 2x2 patches: inputs of 4h.
  const double adapter = 4 * h * proj_in + proj_in * proj_out;
  const double projector = vision_out * static_cast<double>(text_hidden);
  return layers * per_layer + embeddings + adapter + projector;
}

void read_moe_layer_pattern_qwen(const JsonFields& f, ModelSpec& m) {
  m.moe_layer_step = f.integer_or("decoder_sparse_step", 1);
  if (m.moe_layer_step < 1) throw InputError(f.where("decoder_sparse_step") + "must be at least 1");
  if (f.has("mlp_only_layers")) {
    const json& list = f.raw("mlp_only_layers");
    if (!list.is_array()) throw InputError(f.where("mlp_only_layers") + "expected a list of layer indices");
    // Supported when the dense layers are a prefix 0..k-1.
    for (size_t i = 0; i < list.size(); ++i)
      if (!list[i].is_number_integer() || list[i].get<int64_t>() != static_cast<int64_t>(i))
        throw InputError(f.where("mlp_only_layers") + "only a leading run of dense layers [0, 1, ..., k-1] is supported, got " + json_excerpt(list));
    m.first_dense_layers = static_cast<int64_t>(list.size());
  }
}

}  // namespace

const std::vector<std::string>& supported_hf_model_types() {
  static const std::vector<std::string> types = {"mixtral",  "deepseek_v2", "deepseek_v3", "qwen2_moe", "qwen3_moe",
                                                 "gpt_oss",  "llama4",      "llama4_text", "llama",     "mistral",
                                                 "qwen2",    "qwen3"};
  return types;
}

ModelSpec import_hf_config(const std::string& text, const std::string& file) {
  if (text.find('\0') != std::string::npos) throw InputError(file + ": not a text file (contains NUL bytes)");
  require_utf8(text, file);
  require_json_depth(text, file);
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& e) {  // syntax errors, and numbers out of range (1e400)
    throw InputError(file + ": not valid JSON: " + std::string(e.what()));
  }
  if (!root.is_object()) throw InputError(file + ": expected a JSON object (a Hugging Face config.json)");
  if (!root.contains("model_type") || !root["model_type"].is_string())
    throw InputError(file + ": model_type: missing; cannot tell which architecture this config describes");
  const std::string type = root["model_type"].get<std::string>();
  bool supported = false;
  for (const auto& t : supported_hf_model_types()) supported |= t == type;
  if (!supported) {
    std::string list;
    for (const auto& t : supported_hf_model_types()) list += (list.empty() ? "" : ", ") + t;
    throw InputError(file + ": model_type: unsupported architecture '" + type + "'" +
                     did_you_mean(type, supported_hf_model_types()) + "; supported: " + list +
                     " (or describe the model with inline fields, see docs/scenario.md)");
  }

  ModelSpec m;
  m.architecture = type;
  m.source = file;
  {
    const size_t slash = file.find_last_of('/');
    m.name = file.substr(slash == std::string::npos ? 0 : slash + 1);
    m.display_name = m.name;
  }

  const json* text_root = &root;
  std::string prefix;
  if (type == "llama4") {
    if (!root.contains("text_config") || !root["text_config"].is_object())
      throw InputError(file + ": text_config: missing (required for model_type 'llama4')");
    text_root = &root["text_config"];
    prefix = "text_config.";
  }
  JsonFields f(*text_root, file, prefix);
  f.set_model_type(type);
  read_common(f, m);
  m.max_position_embeddings = f.integer_or("max_position_embeddings", 0);
  if (prefix.size() > 0 && !f.has("torch_dtype")) {
    JsonFields top(root, file, "");
    m.weight_dtype = dtype_of(top, "torch_dtype", DType::kBf16);
    m.expert_dtype = m.weight_dtype;
    m.kv_cache_dtype = m.base_dtype();
  }

  if (type == "mixtral") {
    m.num_experts = f.integer("num_local_experts");
    m.experts_per_token = f.integer("num_experts_per_tok");
    m.expert_intermediate_size = f.integer("intermediate_size");
  } else if (type == "qwen2_moe" || type == "qwen3_moe") {
    m.num_experts = f.integer("num_experts");
    m.experts_per_token = f.integer("num_experts_per_tok");
    m.expert_intermediate_size = f.integer("moe_intermediate_size");
    m.dense_intermediate_size = f.integer_or("intermediate_size", 0);
    read_moe_layer_pattern_qwen(f, m);
    if (type == "qwen2_moe") {
      m.attention_bias = true;  // Qwen2 attention: bias on q, k, v projections
      m.shared_expert_intermediate_size = f.integer_or("shared_expert_intermediate_size", 0);
      m.num_shared_experts = m.shared_expert_intermediate_size > 0 ? 1 : 0;
      m.shared_expert_gate = m.num_shared_experts > 0;
    } else {
      m.attention_bias = f.boolean_or("attention_bias", false);
      m.qk_norm = true;  // Qwen3 attention: RMSNorm over each q and k head
    }
  } else if (type == "deepseek_v2" || type == "deepseek_v3") {
    m.attention = AttentionKind::kMla;
    m.q_lora_rank = f.integer_or("q_lora_rank", 0);
    m.kv_lora_rank = f.integer("kv_lora_rank");
    m.qk_nope_head_dim = f.integer("qk_nope_head_dim");
    m.qk_rope_head_dim = f.integer("qk_rope_head_dim");
    m.v_head_dim = f.integer("v_head_dim");
    m.num_kv_heads = m.num_heads;
    // Summed only within the limits: validation then names the field that is out of them.
    if (m.qk_nope_head_dim <= limits::kHeadDim && m.qk_rope_head_dim <= limits::kHeadDim)
      m.head_dim = m.qk_nope_head_dim + m.qk_rope_head_dim;
    m.dense_intermediate_size = f.integer("intermediate_size");
    m.num_experts = f.integer_or("n_routed_experts", 0);
    if (m.num_experts > 0) {
      m.experts_per_token = f.integer("num_experts_per_tok");
      m.expert_intermediate_size = f.integer("moe_intermediate_size");
      m.num_shared_experts = f.integer_or("n_shared_experts", 0);
      m.shared_expert_intermediate_size = m.expert_intermediate_size;
      m.first_dense_layers = f.integer_or("first_k_dense_replace", 0);
      m.moe_layer_step = f.integer_or("moe_layer_freq", 1);
      m.expert_groups = f.integer_or("n_group", 0);
      m.expert_groups_per_token = f.integer_or("topk_group", 0);
      if (m.expert_groups == 1) m.expert_groups = m.expert_groups_per_token = 0;
      m.router_score_correction_bias = f.string_or("topk_method", "") == "noaux_tc";
    }
    m.mtp_modules = f.integer_or("num_nextn_predict_layers", 0);
  } else if (type == "gpt_oss") {
    m.num_experts = f.integer("num_local_experts");
    m.experts_per_token = f.has("num_experts_per_tok") ? f.integer("num_experts_per_tok") : f.integer("experts_per_token");
    m.expert_intermediate_size = f.integer("intermediate_size");
    m.attention_bias = true;
    m.attention_out_bias = true;
    m.attention_sinks = true;
    m.expert_bias = true;
    m.router_bias = true;
    m.sliding_window = f.integer_or("sliding_window", 0);
    if (f.has("layer_types")) {
      const json& lt = f.raw("layer_types");
      if (!lt.is_array() || static_cast<int64_t>(lt.size()) != m.num_layers)
        throw InputError(f.where("layer_types") + fmt::format("expected a list of {} layer types", m.num_layers));
      bool alternate = true, all = true;
      for (size_t i = 0; i < lt.size(); ++i) {
        const bool sliding = lt[i] == "sliding_attention";
        alternate &= sliding == (i % 2 == 0);
        all &= sliding;
      }
      if (!alternate && !all)
        throw InputError(f.where("layer_types") + "only alternating (sliding first) or uniform layer types are supported");
      m.sliding_window_layers = all ? SlidingLayers::kAll : SlidingLayers::kAlternate;
    } else if (m.sliding_window > 0) {
      m.sliding_window_layers = SlidingLayers::kAlternate;
    }
  } else if (type == "llama4" || type == "llama4_text") {
    m.num_experts = f.integer("num_local_experts");
    m.experts_per_token = f.integer("num_experts_per_tok");
    m.expert_intermediate_size = f.integer("intermediate_size");
    m.dense_intermediate_size = f.integer_or("intermediate_size_mlp", 0);
    m.num_shared_experts = 1;  // Llama-4 MoE layers add one always-on shared expert
    m.shared_expert_intermediate_size = m.expert_intermediate_size;
    m.moe_layer_step = f.integer_or("interleave_moe_layer_step", 1);
    if (m.moe_layer_step < 1) throw InputError(f.where("interleave_moe_layer_step") + "must be at least 1");
    if (type == "llama4" && root.contains("vision_config") && root["vision_config"].is_object())
      m.vision_encoder_params = llama4_vision_params(root["vision_config"], m.hidden_size, file);
  } else {  // dense: llama, mistral, qwen2, qwen3
    m.dense_intermediate_size = f.integer("intermediate_size");
    m.attention_bias = type == "qwen2" ? true : f.boolean_or("attention_bias", false);
    m.qk_norm = type == "qwen3";
  }
  read_quantization(root, file, m);

  // Map our field names back to the config.json keys for messages.
  auto where = [&](const std::string& field) {
    static const std::vector<std::pair<std::string, std::string>> names = {
        {"hidden_size", "hidden_size"},          {"num_layers", "num_hidden_layers"},
        {"vocab_size", "vocab_size"},            {"num_heads", "num_attention_heads"},
        {"num_kv_heads", "num_key_value_heads"}, {"head_dim", "head_dim"},
        {"experts_per_token", "num_experts_per_tok"}, {"dense_intermediate_size", "intermediate_size"},
        {"first_dense_layers", "first_k_dense_replace"}, {"expert_groups", "n_group"},
        {"expert_groups_per_token", "topk_group"}};
    std::string key = field;
    for (const auto& [ours, theirs] : names)
      if (ours == field) key = theirs;
    const bool deepseek = type == "deepseek_v2" || type == "deepseek_v3";
    const bool qwen = type == "qwen2_moe" || type == "qwen3_moe";
    if (field == "moe_layer_step")
      key = deepseek ? "moe_layer_freq" : qwen ? "decoder_sparse_step" : "interleave_moe_layer_step";
    if (field == "num_experts") key = deepseek ? "n_routed_experts" : qwen ? "num_experts" : "num_local_experts";
    if (field == "expert_intermediate_size") key = deepseek || qwen ? "moe_intermediate_size" : "intermediate_size";
    if (field == "num_shared_experts") key = "n_shared_experts";
    if (field == "mtp_modules") key = "num_nextn_predict_layers";
    return file + ": " + prefix + key + ": ";
  };
  validate_model(m, where);
  return m;
}

ModelSpec import_hf_config_file(const std::string& path) {
  ModelSpec m = import_hf_config(read_text_file(path, "config file"), path);
  // NVIDIA ModelOpt checkpoints may carry their quantization beside config.json,
  // in hf_quant_config.json: {"quantization": {"quant_algo": "FP8",
  // "kv_cache_quant_algo": "FP8"}} (vLLM and TensorRT-LLM read it). Used when
  // config.json itself declares nothing.
  const size_t slash = path.find_last_of('/');
  const std::string sidecar = (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "hf_quant_config.json";
  std::ifstream probe(sidecar);
  if (!probe || m.kv_cache_dtype_origin == KvDtypeOrigin::kCheckpoint) return m;
  json side;
  try {
    side = json::parse(read_text_file(sidecar, "quantization file"));
  } catch (const json::parse_error& e) {
    throw InputError(sidecar + ": not valid JSON: " + std::string(e.what()));
  }
  if (!side.is_object() || !side.contains("quantization") || !side["quantization"].is_object()) return m;
  const json& q = side["quantization"];
  const std::string file = sidecar + ": quantization.";
  const bool weights_unquantized = m.weight_dtype == m.base_dtype();
  if (weights_unquantized && q.contains("quant_algo") && q["quant_algo"].is_string()) {
    const std::string algo = q["quant_algo"].get<std::string>();
    if (algo == "FP8") m.weight_dtype = m.expert_dtype = DType::kFp8;
    else if (algo == "NVFP4") m.weight_dtype = m.expert_dtype = DType::kFp4;
  }
  if (q.contains("kv_cache_quant_algo") && q["kv_cache_quant_algo"].is_string()) {
    const std::string algo = q["kv_cache_quant_algo"].get<std::string>();
    if (algo == "FP8") m.kv_cache_dtype = DType::kFp8;
    else if (algo == "NVFP4") m.kv_cache_dtype = DType::kFp4;
    else
      throw InputError(file + "kv_cache_quant_algo: unsupported '" + algo +
                       "' (supported: FP8, NVFP4); set model.kv_cache_dtype in the scenario instead");
    m.kv_cache_dtype_origin = KvDtypeOrigin::kCheckpoint;
    m.kv_cache_dtype_detail = file + "kv_cache_quant_algo";
  }
  return m;
}

}  // namespace moeplan
