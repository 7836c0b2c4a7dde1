// Reading back what export wrote, and the engine rules. Scripts are split
// into shell words, the engine's command line is found and its flags are
// looked up in the version's data file; the options YAML is flattened to
// dotted key paths. The rules are the engines' own constraints (issue 11):
// vLLM max_num_batched_tokens >= max_num_seqs and EP = TP x DP; SGLang's
// DP attention (tp % dp == 0, GPU count = tp), DeepEP's ep_size == tp_size;
// TensorRT-LLM moe_tp x moe_ep == tp and the load balancer's slot rules.
// Export checks its own output with these before writing, and the tests
// check the golden files with them.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "export/launch.h"

namespace moeplan {

// Shell words of `text` (quotes, backslash-newline continuations, comments);
// one vector per logical command line. Expansions stay as written.
std::vector<std::vector<std::string>> shell_command_lines(const std::string& text);

struct ParsedCommand {
  std::map<std::string, std::string> env;  // VAR=value before the program and `export VAR=value` lines
  std::vector<std::string> prefix;         // words before the engine's entry (mpirun ...)
  std::string model;                       // positional model or --model-path
  std::map<std::string, std::string> flags;  // flag -> value ("" for presence flags)
  std::vector<std::string> order;            // flags as written
  std::vector<std::string> problems;         // unknown flags, bad values, repeated flags
};

// The engine command lines of a script (those holding the entry words).
std::vector<ParsedCommand> parse_engine_commands(const std::string& script, const EngineFlags& f);

// Every leaf of a YAML mapping as "a.b.c" -> scalar text.
std::map<std::string, std::string> flatten_yaml(const YAML::Node& node);

// Rule violations of one engine command (and its options file for TensorRT-LLM).
// `gpus_per_node` > 0 also checks that the parallel sizes fill the node's GPUs
// (SGLang with DP attention: the GPU count is tp_size).
std::vector<std::string> check_engine_rules(const ParsedCommand& cmd, const EngineFlags& f, const ModelSpec& m,
                                            const std::map<std::string, std::string>* config = nullptr, int gpus_per_node = 0);

// Parses every file of an export (scripts, the options YAML, LWS manifests)
// and returns every problem: flags and keys not in the data file, bad values,
// broken rules, unparsable YAML. Empty = clean.
std::vector<std::string> check_export_files(const std::vector<ExportFile>& files, const EngineFlags& f, const ModelSpec& m,
                                            int gpus_per_node = 0);

// The router's command line of a script: each flag with the values of each
// time it is given (`--prefill URL PORT --prefill URL PORT`).
struct RouterCommand {
  std::map<std::string, std::vector<std::vector<std::string>>> flags;
  std::vector<std::string> problems;  // unknown flags, bad values
  bool found = false;
};
RouterCommand parse_router_command(const std::string& script, const EngineFlags& f);

// A disaggregated export (issue 10): each pool's files as check_export_files
// checks them (files named prefill-*, decode-*), and the rules that pair them:
// the roles, one transfer backend on both sides, SGLang's bootstrap port and
// the decode layout the prefill names, TensorRT-LLM's context servers without
// the overlap scheduler; the router's flags against the data file, one entry
// per instance, TensorRT-LLM's disagg_config.yaml. `pools`: each role's GPUs
// per node and instances.
struct PoolShape {
  int gpus_per_node = 0;
  int instances = 1;
};
std::vector<std::string> check_disaggregated_files(const std::vector<ExportFile>& files, const EngineFlags& f, const ModelSpec& m,
                                                   const std::map<std::string, PoolShape>& pools);

// What export checks before writing: check_export_files for one pool,
// check_disaggregated_files for a deployment.
std::vector<std::string> check_launch_files(const std::vector<ExportFile>& files, const Launch& l);

}  // namespace moeplan
