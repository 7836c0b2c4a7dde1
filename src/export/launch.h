// From a Plan to engine launches: the planner's quantities mapped to one
// engine version's flags, environment and options-file keys, once, with the
// reason for each (`moeplan export --explain` prints that table), and the
// multi-node wiring per node. A strategy the engine cannot express is refused
// with the reason (InputError), never exported wrongly.
//
// A Launch holds a list of pools: one aggregated pool for a Plan, or the
// prefill and decode pools of a disaggregated Deployment (issue 10), each
// with its own strategy, instances, GPU type and KV-transfer role, plus the
// router (front end) that pairs them.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "export/engine_flags.h"
#include "search/disagg.h"
#include "search/plan.h"

namespace moeplan {

enum class ExportTarget { kShell, kK8s, kDynamo };

struct ExportOptions {
  Engine engine = Engine::kVllm;
  std::string version;     // "" = the newest with a data file
  ExportTarget target = ExportTarget::kShell;
  std::string model_path;  // "" = the Hugging Face repository of the model preset
  std::string transfer_backend;  // KV transfer of a disaggregated deployment; "" = the data file's (Dynamo: NIXL)
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
  std::string value;               // "" for a flag without a value
  std::vector<std::string> more;   // further values of the same flag (a router's list of hosts)
};

// One command line: environment, the program and its positional arguments, flags.
struct Command {
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<std::string> program;  // {"vllm", "serve", "deepseek-ai/DeepSeek-V3"}
  std::vector<Arg> args;
  std::string shell_line;  // a helper line written as it is (program and args unused), "" for a command
};

// What one node (or one LWS pod) runs; the last command is the engine and is exec'd.
struct NodeLaunch {
  std::string title;  // "node 1 of 2 (headless DP ranks 8-15)"
  std::vector<Command> commands;
};

// What one pool launches, taken from a Plan (the aggregated pool) or from a
// Deployment's pool: the planner's values export writes.
struct PoolInput {
  std::string role = "aggregated";      // "prefill", "decode"
  const Scenario* scenario = nullptr;   // the pool's own view (its GPU type)
  Strategy strategy;                    // one instance's; strategy.instances = the pool's instances
  int requests_per_dp_rank = 0;         // 0 = not the plan's to set (a prefill pool's pass is bounded by its token budget)
  int requests_in_flight = 0;           // over the pool, for the reasons
  int redundant_per_layer = 0;
  const PlacementResult* placement = nullptr;
  bool fits = true;
  std::string why_not;
  // Which DeepEP mode suits it: high throughput for prefill-heavy passes,
  // low latency for decode steps (vLLM's EP guide), and why.
  bool prefill_heavy = false;
  std::string prefill_heavy_why;
};

struct PoolLaunch {
  std::string role = "aggregated";  // "prefill", "decode" in a disaggregated deployment
  std::string file_prefix;          // "" or "prefill-", "decode-": its scripts and data files
  int instances = 1;                // engine instances (LWS replicas)
  int nodes = 1;                    // nodes per instance (LWS size)
  int gpus_per_node = 8;
  std::vector<Setting> settings;           // the plan's values, for --explain and headers
  std::vector<NodeLaunch> shell_nodes;     // one per node, concrete ranks, ${HEAD_ADDR}
  std::vector<NodeLaunch> k8s_pods;        // {leader} or {leader, worker}, LWS_* expansions
  bool ssh_secret = false;                 // the pods mount the SSH key pair Secret (TensorRT-LLM multi-node: mpirun)
};

struct ExportFile {
  std::string name;
  std::string text;
  bool executable = false;
  std::string pool;  // the pool role whose pods mount it ("" = every pool; "router" = the router's)
};

// The front end of a disaggregated deployment: one process that pairs the
// prefill and decode instances (SGLang's PD router, vLLM's NIXL proxy,
// TensorRT-LLM's disaggregated server).
struct RouterLaunch {
  std::vector<Setting> settings;  // for --explain
  NodeLaunch shell;               // router.sh: reads PREFILL<i>_ADDR / DECODE<i>_ADDR
  NodeLaunch pod;                 // the router Deployment: the instances' Services by name
  std::vector<std::string> address_vars;  // PREFILL0_ADDR, ...: node 0 of each instance (shell)
  std::string image;              // the container image of the router
  std::string script_note;        // a script the image lacks, and where to get it ("" = none)
};

struct Launch {
  const Plan* plan = nullptr;              // aggregated
  const Deployment* deployment = nullptr;  // disaggregated (issue 10)
  const Scenario* scenario = nullptr;      // the scenario exported (a deployment's pools have their own views)
  const EngineFlags* flags = nullptr;
  ExportOptions options;
  std::string model_path;
  std::vector<PoolLaunch> pools;
  std::optional<RouterLaunch> router;  // disaggregated only
  std::vector<ExportFile> data_files;  // TensorRT-LLM options YAML, SGLang expert layout, the router's config
  std::vector<std::string> notes;      // what the engine does differently from the plan
  std::string strategy_label() const;  // "tp=2 dp=8 ep=16" or "prefill 2 x (..), decode 1 x (..)"
};

// The directory the scripts find their data files in: shell scripts set
// MOEPLAN_DIR to their own folder; pods mount a ConfigMap there.
inline constexpr const char* kShellFilesDir = "${MOEPLAN_DIR}";
inline constexpr const char* kPodFilesDir = "/moeplan";
// Where pods mount the SSH key pair a multi-node TensorRT-LLM instance's mpirun logs in with.
inline constexpr const char* kSshKeyDir = "/ssh-pk";

// Maps the plan onto the engine. InputError when the engine (at that version)
// cannot express the strategy or a value, naming the quantity and the reason.
Launch build_launch(const Plan& p, const ExportOptions& options);
// The same for a disaggregated deployment of `sc`: its prefill and decode
// pools with their KV-transfer roles, and the router that pairs them.
Launch build_launch(const Scenario& sc, const Deployment& d, const ExportOptions& options);

// The Kubernetes names export gives a pool's LeaderWorkerSet and, in a
// disaggregated deployment, the Service in front of instance `i`'s leader.
std::string lws_name(const Scenario& sc, const std::string& role, Engine engine, bool several_pools);
std::string instance_service_name(const std::string& lws, int i);
// The Secret holding that LeaderWorkerSet's SSH key pair (private.key, private.key.pub).
std::string ssh_secret_name(const std::string& lws);
// A Kubernetes-safe name: lower case, digits and '-', at most 40 characters.
std::string k8s_name(const std::string& text);

// Why `engine` (its newest version) cannot launch `p`, or nullopt when it can:
// the rules build_launch applies. `plan` uses it to rank only what export
// would write.
std::optional<std::string> launch_refusal(const Plan& p, Engine engine);

// "deepseek-ai/DeepSeek-V3" from the preset's source URL; "" when unknown.
std::string hf_repository(const ModelSpec& m);

}  // namespace moeplan
