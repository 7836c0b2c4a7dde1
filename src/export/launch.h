// From a Plan to engine launches: the planner's quantities mapped to one
// engine version's flags, environment and options-file keys, once, with the
// reason for each (`moeplan export --explain` prints that table), and the
// multi-node wiring per node. A strategy the engine cannot express is refused
// with the reason (InputError), never exported wrongly.
//
// A Launch holds a list of pools; today every plan is one aggregated pool.
// Disaggregated plans (prefill and decode pools, issue 10) add pools with
// their own roles, instances and settings; the renderers already loop over them.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "export/engine_flags.h"
#include "search/plan.h"

namespace moeplan {

enum class ExportTarget { kShell, kK8s };

struct ExportOptions {
  Engine engine = Engine::kVllm;
  std::string version;     // "" = the newest with a data file
  ExportTarget target = ExportTarget::kShell;
  std::string model_path;  // "" = the Hugging Face repository of the model preset
};

// One planner quantity carried by one engine key.
struct Setting {
  std::string quantity;    // "GPUs of a stage (attention TP x DP)"
  std::string plan_value;  // "2 x 8 = 16"
  std::string key;         // "--tp-size", "env VLLM_ALL2ALL_BACKEND", "config kv_cache_config.dtype"
  std::string value;       // as written; "" for a flag without a value
  std::string why;         // the engine's semantics, when they differ from the planner's
};

struct Arg {
  std::string flag;
  std::string value;  // "" for a flag without a value
};

// One command line: environment, the program and its positional arguments, flags.
struct Command {
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<std::string> program;  // {"vllm", "serve", "deepseek-ai/DeepSeek-V3"}
  std::vector<Arg> args;
};

// What one node (or one LWS pod) runs; the last command is the engine and is exec'd.
struct NodeLaunch {
  std::string title;  // "node 1 of 2 (headless DP ranks 8-15)"
  std::vector<Command> commands;
};

struct PoolLaunch {
  std::string role = "aggregated";  // later: "prefill", "decode"
  int instances = 1;                // engine instances (LWS replicas)
  int nodes = 1;                    // nodes per instance (LWS size)
  int gpus_per_node = 8;
  std::vector<Setting> settings;           // the plan's values, for --explain and headers
  std::vector<NodeLaunch> shell_nodes;     // one per node, concrete ranks, ${HEAD_ADDR}
  std::vector<NodeLaunch> k8s_pods;        // {leader} or {leader, worker}, LWS_* expansions
  std::string k8s_refusal;                 // why the k8s target cannot express it ("" = it can)
};

struct ExportFile {
  std::string name;
  std::string text;
  bool executable = false;
};

struct Launch {
  const Plan* plan = nullptr;
  const EngineFlags* flags = nullptr;
  ExportOptions options;
  std::string model_path;
  std::vector<PoolLaunch> pools;
  std::vector<ExportFile> data_files;  // TensorRT-LLM options YAML, SGLang expert layout
  std::vector<std::string> notes;      // what the engine does differently from the plan
};

// The directory the scripts find their data files in: shell scripts set
// MOEPLAN_DIR to their own folder; pods mount a ConfigMap there.
inline constexpr const char* kShellFilesDir = "${MOEPLAN_DIR}";
inline constexpr const char* kPodFilesDir = "/moeplan";

// Maps the plan onto the engine. InputError when the engine (at that version)
// cannot express the strategy or a value, naming the quantity and the reason.
Launch build_launch(const Plan& p, const ExportOptions& options);

// Why `engine` (its newest version) cannot launch `p`, or nullopt when it can:
// the rules build_launch applies. `plan` uses it to rank only what export
// would write.
std::optional<std::string> launch_refusal(const Plan& p, Engine engine);

// "deepseek-ai/DeepSeek-V3" from the preset's source URL; "" when unknown.
std::string hf_repository(const ModelSpec& m);

}  // namespace moeplan
