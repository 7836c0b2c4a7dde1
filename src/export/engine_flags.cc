#include "export/engine_flags.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>

#include "spec/error.h"
#include "spec/presets_data.h"
#include "spec/yaml_reader.h"

namespace moeplan {

namespace {

constexpr const char* kEnginePrefix = "engines/";

FlagType parse_type(const std::string& s, const std::string& where) {
  static const std::vector<std::pair<std::string, FlagType>> kTypes = {
      {"int", FlagType::kInt},   {"float", FlagType::kFloat}, {"bool", FlagType::kBool},
      {"string", FlagType::kString}, {"enum", FlagType::kEnum}, {"json", FlagType::kJson},
      {"path", FlagType::kPath}, {"address", FlagType::kAddress}, {"flag", FlagType::kFlag}, {"list", FlagType::kList}};
  std::vector<std::string> names;
  for (const auto& [n, t] : kTypes) {
    if (n == s) return t;
    names.push_back(n);
  }
  throw InputError(where + ": unknown type '" + s + "'" + did_you_mean(s, names));
}

}  // namespace

std::map<std::string, FlagSpec> read_flag_specs(MapReader& parent, const std::string& key) {
  std::map<std::string, FlagSpec> out;
  YAML::Node node = parent.child(key);
  if (!node) return out;
  if (!node.IsMap()) parent.fail(key, "expected a mapping of names to {type, file}");
  for (const auto& item : node) {
    const std::string name = item.first.as<std::string>();
    MapReader r(item.second, parent.file(), parent.field(key) + "." + name);
    r.expect_keys({"type", "values", "min", "max", "file"});
    FlagSpec f;
    f.name = name;
    f.type = parse_type(*r.string("type"), r.where("type"));
    if (r.has("values")) {
      for (const auto& v : r.child("values")) f.values.push_back(v.as<std::string>());
    }
    if (f.type == FlagType::kEnum && f.values.empty()) r.fail("values", "an enum needs its values");
    f.min = r.number("min", -1e18, 1e18);
    f.max = r.number("max", -1e18, 1e18);
    auto file = r.string("file");
    if (!file || file->empty()) r.fail("file", "every flag names the upstream file defining it");
    f.file = *file;
    out[name] = f;
  }
  return out;
}

namespace {

DisaggregationSpec read_disaggregation(const YAML::Node& node, const std::string& file) {
  MapReader r(node, file, "disaggregation");
  r.expect_keys({"transfer_backend", "roles", "bootstrap_port", "router"});
  DisaggregationSpec d;
  d.transfer_backend = r.string("transfer_backend").value_or("");
  if (d.transfer_backend.empty()) r.fail("transfer_backend", "name the KV transfer backend export writes");
  YAML::Node roles = r.child("roles");
  if (!roles || !roles.IsMap() || !roles["prefill"] || !roles["decode"]) r.fail("roles", "expected {prefill: .., decode: ..}");
  d.prefill_role = roles["prefill"].as<std::string>();
  d.decode_role = roles["decode"].as<std::string>();
  d.bootstrap_port = static_cast<int>(r.integer("bootstrap_port", 1, 65535).value_or(0));
  YAML::Node router = r.child("router");
  if (!router) r.fail("router", "name the front end that pairs prefill and decode instances");
  r.reject_unknown_keys();
  MapReader q(router, file, "disaggregation.router");
  q.expect_keys({"entry", "script", "script_source", "port", "lists", "config_flag", "flags", "config_keys"});
  RouterSpec& s = d.router;
  for (const auto& e : q.child("entry")) s.entry.push_back(e.as<std::string>());
  if (s.entry.empty()) q.fail("entry", "the router's command");
  s.script = q.string("script").value_or("");
  s.script_source = q.string("script_source").value_or("");
  s.port = static_cast<int>(q.integer("port", 1, 65535).value_or(8000));
  if (auto lists = q.choice("lists", {"repeat", "space"})) s.repeat_lists = *lists == "repeat";
  s.config_flag = q.string("config_flag").value_or("");
  s.flags = read_flag_specs(q, "flags");
  s.config_keys = read_flag_specs(q, "config_keys");
  if (!s.config_flag.empty() && !s.flags.count(s.config_flag)) q.fail("config_flag", "'" + s.config_flag + "' is not in flags");
  q.reject_unknown_keys();
  return d;
}

EngineFlags read_engine_flags(const EmbeddedPreset& p) {
  YAML::Node root = parse_yaml_text(p.text, p.file);
  MapReader r(root, p.file, "");
  r.expect_keys({"engine", "version", "image", "entry", "model_flag", "config_flag", "port", "flags", "env",
                 "config_keys", "kv_cache_dtype", "eplb_architectures", "left_to_defaults", "disaggregation"});
  EngineFlags t;
  t.data_file = p.file;
  t.engine = parse_engine(*r.string("engine"), r.where("engine"));
  t.version = *r.string("version");
  t.image = r.string("image").value_or("");
  for (const auto& e : r.child("entry")) t.entry.push_back(e.as<std::string>());
  t.model_flag = r.string("model_flag").value_or("");
  t.config_flag = r.string("config_flag").value_or("");
  t.port = static_cast<int>(r.integer("port", 1, 65535).value_or(8000));
  t.flags = read_flag_specs(r, "flags");
  t.env = read_flag_specs(r, "env");
  t.config_keys = read_flag_specs(r, "config_keys");
  if (YAML::Node k = r.child("kv_cache_dtype"))
    for (const auto& item : k) t.kv_cache_dtype[item.first.as<std::string>()] = item.second.as<std::string>();
  if (YAML::Node a = r.child("eplb_architectures"))
    for (const auto& e : a) t.eplb_architectures.push_back(e.as<std::string>());
  if (YAML::Node a = r.child("left_to_defaults"))
    for (const auto& e : a) t.left_to_defaults.push_back(e.as<std::string>());
  if (YAML::Node d = r.child("disaggregation")) t.disaggregation = read_disaggregation(d, p.file);
  if (!t.model_flag.empty() && !t.has_flag(t.model_flag)) r.fail("model_flag", "'" + t.model_flag + "' is not in flags");
  if (!t.config_flag.empty() && !t.has_flag(t.config_flag)) r.fail("config_flag", "'" + t.config_flag + "' is not in flags");
  return t;
}

// Every engine data file, parsed once.
const std::vector<EngineFlags>& all_engine_flags() {
  static const std::vector<EngineFlags> tables = [] {
    std::vector<EngineFlags> v;
    for (const auto& p : embedded_presets())
      if (std::string(p.key).rfind(kEnginePrefix, 0) == 0 && std::string(p.key).rfind(kDynamoPresetPrefix, 0) != 0)
        v.push_back(read_engine_flags(p));
    return v;
  }();
  return tables;
}

// "0.11" < "0.15" < "1.0", compared number by number.
bool version_less(const std::string& a, const std::string& b) {
  auto parts = [](const std::string& s) {
    std::vector<int> out;
    size_t i = 0;
    while (i < s.size()) {
      size_t j = s.find('.', i);
      if (j == std::string::npos) j = s.size();
      out.push_back(std::atoi(s.substr(i, j - i).c_str()));
      i = j + 1;
    }
    return out;
  };
  return parts(a) < parts(b);
}

bool is_expansion(const std::string& v) { return v.find('$') != std::string::npos; }

bool parses_int(const std::string& v, long long& out) {
  const char* end = v.data() + v.size();
  auto [p, ec] = std::from_chars(v.data(), end, out);
  return ec == std::errc() && p == end;
}

}  // namespace

std::string to_string(FlagType t) {
  switch (t) {
    case FlagType::kInt: return "int";
    case FlagType::kFloat: return "float";
    case FlagType::kBool: return "bool";
    case FlagType::kString: return "string";
    case FlagType::kEnum: return "enum";
    case FlagType::kJson: return "json";
    case FlagType::kPath: return "path";
    case FlagType::kAddress: return "address";
    case FlagType::kFlag: return "flag";
    case FlagType::kList: return "list";
  }
  return "?";
}

Engine parse_engine(const std::string& name, const std::string& where) {
  if (name == "vllm") return Engine::kVllm;
  if (name == "sglang") return Engine::kSglang;
  if (name == "trtllm") return Engine::kTrtllm;
  throw InputError(where + ": unknown engine '" + name + "'" + did_you_mean(name, {"vllm", "sglang", "trtllm"}) +
                   "; use vllm, sglang or trtllm");
}

std::vector<std::string> engine_versions(Engine e) {
  std::vector<std::string> v;
  for (const auto& t : all_engine_flags())
    if (t.engine == e) v.push_back(t.version);
  std::sort(v.begin(), v.end(), version_less);
  return v;
}

const EngineFlags& engine_flags(Engine e, const std::string& version) {
  const std::vector<std::string> versions = engine_versions(e);
  if (versions.empty()) throw InputError("--engine " + to_string(e) + ": no flag data for this engine");
  const std::string want = version.empty() ? versions.back() : version;
  for (const auto& t : all_engine_flags())
    if (t.engine == e && t.version == want) return t;
  std::string list;
  for (const auto& v : versions) list += (list.empty() ? "" : ", ") + v;
  throw InputError("--version: " + to_string(e) + " '" + version + "' is not supported" + did_you_mean(version, versions) +
                   "; supported: " + list + " (presets/engines/)");
}

std::optional<std::string> flag_value_problem(const FlagSpec& spec, const std::string& value) {
  const std::string what = spec.name + " " + to_string(spec.type);
  switch (spec.type) {
    case FlagType::kFlag:
      if (!value.empty()) return spec.name + " takes no value, got '" + value + "'";
      return std::nullopt;
    case FlagType::kInt: {
      if (is_expansion(value)) return std::nullopt;
      long long v = 0;
      if (!parses_int(value, v)) return what + ": '" + value + "' is not an integer";
      if (spec.min && v < *spec.min) return fmt::format("{}: {} is below {}", spec.name, v, *spec.min);
      if (spec.max && v > *spec.max) return fmt::format("{}: {} is above {}", spec.name, v, *spec.max);
      return std::nullopt;
    }
    case FlagType::kFloat: {
      char* end = nullptr;
      const double v = std::strtod(value.c_str(), &end);
      if (value.empty() || end != value.c_str() + value.size() || !std::isfinite(v))
        return what + ": '" + value + "' is not a number";
      if (spec.min && v < *spec.min) return fmt::format("{}: {} is below {}", spec.name, value, *spec.min);
      if (spec.max && v > *spec.max) return fmt::format("{}: {} is above {}", spec.name, value, *spec.max);
      return std::nullopt;
    }
    case FlagType::kBool:
      if (value != "true" && value != "false") return what + ": '" + value + "' is not true or false";
      return std::nullopt;
    case FlagType::kEnum:
      if (std::find(spec.values.begin(), spec.values.end(), value) == spec.values.end())
        return spec.name + ": '" + value + "' is not one of its values at this version" + did_you_mean(value, spec.values);
      return std::nullopt;
    case FlagType::kJson:
      if (!nlohmann::json::accept(value)) return what + ": '" + value + "' is not JSON";
      return std::nullopt;
    case FlagType::kList:  // a YAML sequence, flattened to "[list]" (flatten_yaml)
      if (value != "[list]") return spec.name + ": expected a list, got '" + value + "'";
      return std::nullopt;
    case FlagType::kAddress:
    case FlagType::kPath:
    case FlagType::kString:
      if (value.empty()) return spec.name + ": empty value";
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace moeplan
