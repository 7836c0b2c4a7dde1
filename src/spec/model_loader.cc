#include "spec/model_loader.h"

#include <sys/stat.h>

#include <fmt/format.h>

#include "spec/hf_config.h"
#include "spec/limits.h"
#include "spec/scenario_schema.h"
#include "spec/presets_data.h"

namespace moeplan {

namespace {

bool file_exists(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0;
}

std::string dir_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

std::string join_path(const std::string& dir, const std::string& path) {
  if (path.empty() || path[0] == '/' || dir.empty() || dir == ".") return path;
  return dir + "/" + path;
}

DType read_dtype(MapReader& r, const std::string& key, DType current) {
  auto s = read_choice(r, schema_key("model", key));
  return s ? *dtype_from_string(*s) : current;
}

}  // namespace

void read_model_fields(MapReader& r, ModelSpec& m) {
  // Every plain field by its schema entry (type, bounds); dtypes and `published` below.
  static Scenario unused;  // model fields bind to the model only
  read_schema_fields(r, "model", unused, m);
  const DType old_weight = m.weight_dtype;
  const bool experts_followed_weights = m.expert_dtype == m.weight_dtype;
  m.weight_dtype = read_dtype(r, "weight_dtype", m.weight_dtype);
  const bool expert_dtype_given = r.has("expert_dtype");
  m.expert_dtype = read_dtype(r, "expert_dtype", m.expert_dtype);
  // Overriding weight_dtype alone re-types experts that shared it.
  if (!expert_dtype_given && experts_followed_weights && old_weight != m.weight_dtype) m.expert_dtype = m.weight_dtype;
  if (r.has("kv_cache_dtype")) {
    m.kv_cache_dtype = read_dtype(r, "kv_cache_dtype", m.kv_cache_dtype);
    m.kv_cache_dtype_origin = KvDtypeOrigin::kScenario;  // a preset's own value is reset in load_model_preset
    m.kv_cache_dtype_detail = r.where("kv_cache_dtype");
    while (!m.kv_cache_dtype_detail.empty() && (m.kv_cache_dtype_detail.back() == ' ' || m.kv_cache_dtype_detail.back() == ':'))
      m.kv_cache_dtype_detail.pop_back();  // "file:line: model.kv_cache_dtype"
  }
  if (auto v = r.integer("max_position_embeddings", 1, 1'000'000'000)) m.max_position_embeddings = *v;

  YAML::Node pub = r.child("published");
  if (pub.IsDefined() && !pub.IsNull()) {
    MapReader p(pub, r.file(), r.field("published"));
    p.expect_keys(schema_keys("model.published"));
    static Scenario unused;
    read_schema_fields(p, "model.published", unused, m);
  }
}

void validate_model(const ModelSpec& m, const FieldLocator& where) {
  auto fail = [&](const std::string& field, const std::string& msg) { throw InputError(where(field) + msg); };
  check_model_limits(m, where);  // first: what follows divides and loops
  if (m.hidden_size <= 0) fail("hidden_size", "is required (a positive integer)");
  if (m.num_layers <= 0) fail("num_layers", "is required (a positive integer)");
  if (m.vocab_size <= 0) fail("vocab_size", "is required (a positive integer)");
  if (m.num_heads <= 0) fail("num_heads", "is required (a positive integer)");
  if (m.attention == AttentionKind::kMla) {
    if (m.kv_lora_rank <= 0) fail("kv_lora_rank", "is required for MLA attention");
    if (m.qk_nope_head_dim <= 0) fail("qk_nope_head_dim", "is required for MLA attention");
    if (m.qk_rope_head_dim <= 0) fail("qk_rope_head_dim", "is required for MLA attention");
    if (m.v_head_dim <= 0) fail("v_head_dim", "is required for MLA attention");
  } else {
    if (m.num_kv_heads <= 0) fail("num_kv_heads", "is required (a positive integer)");
    if (m.num_kv_heads > m.num_heads)
      fail("num_kv_heads", fmt::format("{} exceeds num_heads {}", m.num_kv_heads, m.num_heads));
    if (m.num_heads % m.num_kv_heads != 0)
      fail("num_kv_heads", fmt::format("num_heads {} is not divisible by num_kv_heads {}", m.num_heads, m.num_kv_heads));
    if (m.head_dim <= 0) fail("head_dim", "is required (a positive integer)");
  }
  if (m.sliding_window_layers != SlidingLayers::kNone && m.sliding_window <= 0)
    fail("sliding_window", "must be positive when sliding_window_layers is '" + to_string(m.sliding_window_layers) + "'");
  if (m.first_dense_layers > m.num_layers)
    fail("first_dense_layers", fmt::format("{} exceeds num_layers {}", m.first_dense_layers, m.num_layers));
  if (m.num_experts > 0) {
    if (m.experts_per_token <= 0) fail("experts_per_token", "is required for an MoE model (top-k, a positive integer)");
    if (m.experts_per_token > m.num_experts)
      fail("experts_per_token", fmt::format("{} exceeds num_experts {}", m.experts_per_token, m.num_experts));
    if (m.expert_intermediate_size <= 0) fail("expert_intermediate_size", "is required for an MoE model");
    if (m.num_moe_layers() == 0)
      fail("first_dense_layers", fmt::format("leaves no MoE layer (num_layers {}, first_dense_layers {}, moe_layer_step {})",
                                             m.num_layers, m.first_dense_layers, m.moe_layer_step));
    if (m.expert_groups > 0) {
      if (m.num_experts % m.expert_groups != 0)
        fail("expert_groups", fmt::format("num_experts {} is not divisible by expert_groups {}", m.num_experts, m.expert_groups));
      if (m.expert_groups_per_token <= 0 || m.expert_groups_per_token > m.expert_groups)
        fail("expert_groups_per_token", fmt::format("must be between 1 and expert_groups {}, got {}", m.expert_groups, m.expert_groups_per_token));
    }
  } else {
    if (m.experts_per_token > 0) fail("experts_per_token", fmt::format("is {} but num_experts is 0", m.experts_per_token));
    if (m.num_shared_experts > 0) fail("num_shared_experts", "is set but num_experts is 0 (a dense model)");
  }
  if (m.num_shared_experts > 0 && m.shared_expert_intermediate_size <= 0)
    fail("shared_expert_intermediate_size", "is required when num_shared_experts > 0");
  if (m.num_layers - m.num_moe_layers() > 0 && m.dense_intermediate_size <= 0)
    fail("dense_intermediate_size",
         fmt::format("is required: {} of {} layers are dense", m.num_layers - m.num_moe_layers(), m.num_layers));
}

std::vector<std::string> model_preset_names() {
  std::vector<std::string> names;
  for (const auto& p : embedded_presets()) {
    const std::string key = p.key;
    if (key.rfind("models/", 0) == 0) names.push_back(key.substr(7));
  }
  return names;
}

namespace {

// Defaults for a mapping with no base: the conventions of HF configs
// (kv heads = heads, head_dim = hidden / heads) applied after reading.
void fill_derived_defaults(ModelSpec& m) {
  if (m.attention != AttentionKind::kMla) {
    if (m.num_kv_heads == 0) m.num_kv_heads = m.num_heads;
    if (m.head_dim == 0 && m.num_heads > 0 && m.hidden_size % m.num_heads == 0) m.head_dim = m.hidden_size / m.num_heads;
    if (m.num_heads > 0 && m.num_kv_heads > 0)
      m.attention = m.num_kv_heads == m.num_heads ? AttentionKind::kMha : AttentionKind::kGqa;
  } else {
    m.num_kv_heads = m.num_heads;  // MLA: every head has its own (decompressed) k/v
  }
  if (m.display_name.empty()) m.display_name = m.name;
}

ModelSpec read_model_mapping(const YAML::Node& node, const std::string& file, const std::string& path,
                             const std::string& base_dir, ModelSpec base) {
  MapReader r(node, file, path);
  r.expect_keys(schema_keys("model"));
  const bool has_preset = r.has("preset");
  const bool has_config = r.has("config");
  if (has_preset && has_config) r.fail("config", "give either 'preset' or 'config', not both");
  if (has_preset) {
    const std::string name = *r.string("preset");
    bool found = false;
    for (const auto& n : model_preset_names()) found |= n == name;
    if (!found) r.fail("preset", "unknown model preset '" + name + "'" + did_you_mean(name, model_preset_names()));
    base = load_model_preset(name, "");
  } else if (has_config) {
    const std::string value = *r.string("config");
    const std::string path = join_path(base_dir, value);
    if (!file_exists(path)) r.fail("config", "config file '" + value + "' not found (looked at " + path + ")");
    base = import_hf_config_file(path);
  }
  read_model_fields(r, base);
  r.reject_unknown_keys();
  fill_derived_defaults(base);
  validate_model(base, [&](const std::string& field) { return r.where(field); });
  return base;
}

}  // namespace

ModelSpec load_model_preset(const std::string& name, const std::string& where_prefix) {
  for (const auto& p : embedded_presets()) {
    if (std::string(p.key) == "models/" + name) {
      YAML::Node node = parse_yaml_text(p.text, p.file);
      ModelSpec m = read_model_mapping(node, p.file, "", ".", ModelSpec{});
      if (m.name.empty()) m.name = name;
      // A preset's kv_cache_dtype is its checkpoint's dtype, which the engines' "auto" serves.
      m.kv_cache_dtype_origin = KvDtypeOrigin::kEngineDefault;
      m.kv_cache_dtype_detail.clear();
      return m;
    }
  }
  throw InputError(where_prefix + "unknown model '" + name + "'" + did_you_mean(name, model_preset_names()));
}

ModelSpec resolve_model(const YAML::Node& node, const std::string& file, const std::string& base_dir) {
  const std::string here = location(file, node, "model");
  if (!node.IsDefined() || node.IsNull())
    throw InputError(location(file, node, "model") + "is required: a preset name, a path to config.json, or a mapping of fields");
  if (node.IsScalar()) {
    const std::string value = node.Scalar();
    for (const auto& n : model_preset_names())
      if (n == value) return load_model_preset(value, here);
    const std::string path = join_path(base_dir, value);
    const bool looks_like_path = value.find('/') != std::string::npos || value.find(".json") != std::string::npos;
    if (looks_like_path || file_exists(path)) {
      if (!file_exists(path)) throw InputError(here + "config file '" + value + "' not found (looked at " + path + ")");
      return import_hf_config_file(path);
    }
    throw InputError(here + "unknown model '" + value + "'" + did_you_mean(value, model_preset_names()) +
                     "; give a preset name, a path to a config.json, or a mapping of fields");
  }
  if (node.IsSequence()) throw InputError(here + "expected a preset name, a path or a mapping, got a list");
  return read_model_mapping(node, file, "model", base_dir, ModelSpec{});
}

ModelSpec load_model_argument(const std::string& argument) {
  for (const auto& n : model_preset_names())
    if (n == argument) return load_model_preset(argument, "");
  if (file_exists(argument)) {
    const std::string text = read_text_file(argument, "model file");
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (argument.size() >= 5 && argument.substr(argument.size() - 5) == ".json" && first != std::string::npos &&
        text[first] == '{' && text.find("\"model_type\"") != std::string::npos)
      return import_hf_config(text, argument);
    YAML::Node node = parse_yaml_text(text, argument);
    return read_model_mapping(node, argument, "", dir_of(argument), ModelSpec{});
  }
  throw InputError("unknown model '" + argument + "'" + did_you_mean(argument, model_preset_names()) +
                   "; give a preset name (moeplan inspect --list), a config.json or a YAML model file");
}

}  // namespace moeplan
