// The flags an engine version accepts, read from presets/engines/<engine>-<version>.yaml
// (compiled in): every flag, environment variable and options-file key moeplan
// export may emit, with its type and the upstream file that defines it. Export
// code asks this table whether a flag exists at a version (vLLM's all-to-all
// backend is an environment variable in 0.11 and a flag in 0.15) and checks
// every value it writes against it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "spec/scenario.h"

namespace moeplan {

enum class FlagType { kInt, kFloat, kBool, kString, kEnum, kJson, kPath, kAddress, kFlag, kList };

struct FlagSpec {
  std::string name;
  FlagType type = FlagType::kString;
  std::vector<std::string> values;  // kEnum
  std::optional<double> min, max;   // kFloat / kInt bounds
  std::string file;                 // upstream file defining it
};

// The front end that pairs prefill and decode instances (SGLang's PD router,
// vLLM's NIXL proxy, TensorRT-LLM's disaggregated server): its command, its
// flags and, for TensorRT-LLM, the keys of its configuration file.
struct RouterSpec {
  std::vector<std::string> entry;  // "python3 -m sglang_router.launch_router"
  std::string script;              // a script the entry runs that the image lacks ("" = none)
  std::string script_source;       // where that script is in the engine's repository
  int port = 8000;
  bool repeat_lists = false;       // one flag per instance (true), or one flag with space-separated values
  std::string config_flag;         // its configuration file's flag ("" = none)
  std::map<std::string, FlagSpec> flags;
  std::map<std::string, FlagSpec> config_keys;
};

// How a version serves prefill and decode on separate pools (issue 10).
struct DisaggregationSpec {
  std::string transfer_backend;  // SGLang --disaggregation-transfer-backend, vLLM kv_connector, TensorRT-LLM cache_transceiver_config.backend
  std::string prefill_role, decode_role;  // SGLang --disaggregation-mode, vLLM kv_role; TensorRT-LLM's names
  int bootstrap_port = 0;        // SGLang's bootstrap server on the prefill instances
  RouterSpec router;
};

struct EngineFlags {
  Engine engine = Engine::kVllm;
  std::string version;
  std::string data_file;               // "presets/engines/vllm-0.11.yaml", for messages
  std::string image;                   // container image of this version
  std::vector<std::string> entry;      // "vllm serve", "python3 -m sglang.launch_server"
  std::string model_flag;              // "" = the model is a positional argument
  std::string config_flag;             // TensorRT-LLM's options-file flag at this version
  int port = 8000;
  std::map<std::string, FlagSpec> flags;        // "--tp-size"
  std::map<std::string, FlagSpec> env;          // "VLLM_ALL2ALL_BACKEND"
  std::map<std::string, FlagSpec> config_keys;  // "kv_cache_config.dtype" (dotted path of nested keys)
  std::map<std::string, std::string> kv_cache_dtype;  // moeplan dtype -> the engine's spelling
  std::vector<std::string> eplb_architectures;       // empty = no restriction
  std::vector<std::string> left_to_defaults;
  std::optional<DisaggregationSpec> disaggregation;  // nullopt: no disaggregated serving export can write

  bool has_flag(const std::string& f) const { return flags.count(f) > 0; }
  bool has_env(const std::string& e) const { return env.count(e) > 0; }
};

// Dynamo's data files sit beside the engines' (presets/engines/dynamo-<version>.yaml) but
// describe a deployment around an engine, not an engine: the engine tables skip them (dynamo.h).
inline constexpr const char* kDynamoPresetPrefix = "engines/dynamo-";

// "vllm" -> Engine::kVllm; InputError naming `where` otherwise.
Engine parse_engine(const std::string& name, const std::string& where);

// Versions with a data file, oldest first ("0.11", "0.15").
std::vector<std::string> engine_versions(Engine e);

// The table for `version` ("" = the newest). InputError listing the supported
// versions when there is none.
const EngineFlags& engine_flags(Engine e, const std::string& version);

// Why `value` is not a valid `spec` value, or nullopt. A value holding a shell
// expansion ("${HEAD_ADDR}", "$((LWS_WORKER_INDEX * 8))") is resolved at launch
// and passes when the type allows a number or an address.
std::optional<std::string> flag_value_problem(const FlagSpec& spec, const std::string& value);

std::string to_string(FlagType t);

class MapReader;
// The `{name: {type, values, min, max, file}}` mapping under `key` (engine flags, Dynamo's keys).
std::map<std::string, FlagSpec> read_flag_specs(MapReader& parent, const std::string& key);

}  // namespace moeplan
