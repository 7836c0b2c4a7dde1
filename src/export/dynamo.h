// NVIDIA Dynamo's DynamoGraphDeployment (`moeplan export --target dynamo`):
// the same SGLang launch the shell and k8s targets write (launch.h builds the
// flags once), wrapped as Dynamo services: a Frontend, and one worker service
// for an aggregated plan or a prefill and a decode worker service
// (`subComponentType`) for a disaggregated one, each with replicas = the
// pool's instances, `resources.limits.gpu` = GPUs per node and
// `multinode.nodeCount` when an instance spans nodes. The CRD keys, the
// worker and Frontend commands and the image come from
// presets/engines/dynamo-<version>.yaml; Dynamo versions pin engine versions,
// and an engine whose pinned version moeplan has no flag data for is refused.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "export/engine_flags.h"
#include "export/launch.h"

namespace moeplan {

// One engine under Dynamo: its image and worker command, and how the engine's
// own flags change inside a Dynamo worker.
struct DynamoBackend {
  Engine engine = Engine::kSglang;
  std::string engine_version;                 // the engine data file the pinned version falls under ("0.5")
  std::string image;                          // "nvcr.io/nvidia/ai-dynamo/sglang-runtime:1.0.0"
  std::vector<std::string> worker;            // "python3 -m dynamo.sglang"
  std::string transfer_backend;               // KV transfer of prefill/decode workers ("nixl")
  std::map<std::string, FlagSpec> worker_flags;  // flags Dynamo's worker adds ("--skip-tokenizer-init")
  std::vector<std::string> operator_flags;    // set by the operator on multi-node workers; never written
  std::vector<std::string> dropped_flags;     // the engine builder's flags a worker does without ("--port")
};

struct DynamoSpec {
  std::string version;    // "1.0"
  std::string data_file;  // "presets/engines/dynamo-1.0.yaml"
  std::string api_version, kind;
  std::vector<std::string> frontend_command, frontend_args;
  std::map<Engine, DynamoBackend> backends;
  std::map<Engine, std::string> refused;   // engine -> why Dynamo's pinned version cannot be exported
  std::map<std::string, FlagSpec> keys;    // dotted CRD paths, "*" for a service name
};

// The newest Dynamo data file.
const DynamoSpec& dynamo_spec();

// The backend running `engine` under Dynamo. InputError with the reason when
// Dynamo pins a version of it moeplan has no flag data for, or when
// `engine_version` ("" = the pinned one) is not the pinned version.
const DynamoBackend& dynamo_backend(Engine engine, const std::string& engine_version);

// Turns an engine launch into Dynamo workers: no router (the Frontend pairs
// prefill and decode), the flags the operator sets or a worker does without
// removed from the settings and commands, Dynamo's worker flags added, and
// notes saying so.
void adapt_for_dynamo(Launch& l);

// The DynamoGraphDeployment's name, and a pool's service name in it
// ("worker" aggregated; "prefill", "decode").
std::string dynamo_graph_name(const Scenario& sc);
std::string dynamo_service_name(const PoolLaunch& pool);

// dynamo.yaml: the DynamoGraphDeployment (and a ConfigMap with the data files
// the workers mount at /moeplan), after `header` (a YAML comment).
ExportFile render_dynamo(const Launch& l, const std::string& header);

// What each worker service must be: GPUs per node (resources.limits.gpu),
// nodes per instance (multinode.nodeCount, 1 = none) and instances (replicas).
struct DynamoShape {
  int gpus_per_node = 0;
  int nodes = 1;
  int instances = 1;
};

// Reads dynamo.yaml back: every key against the Dynamo data file, every worker
// flag against the engine's data file (or Dynamo's worker flags) and the
// engine's rules, the Frontend's command, replicas = instances, GPUs per node,
// nodeCount x GPUs = an instance's GPUs (the engine's parallel sizes), prefill
// and decode services iff disaggregated, with their roles and one transfer
// backend. `services`: the worker services expected, by name. Empty = clean.
std::vector<std::string> check_dynamo_files(const std::vector<ExportFile>& files, const DynamoSpec& d, const EngineFlags& f,
                                            const ModelSpec& m, const std::map<std::string, DynamoShape>& services);

}  // namespace moeplan
