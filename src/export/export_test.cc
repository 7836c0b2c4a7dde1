// moeplan export: the engine data files, the rules, reading scripts back,
// golden outputs for the issue's four scenarios and the engines' published
// DeepSeek recipes reproduced flag for flag.
#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "export/dynamo.h"
#include "export/engine_flags.h"
#include "export/export.h"
#include "export/rules.h"
#include "search/strategies.h"
#include "spec/model_loader.h"
#include "support/expect_input_error.h"

namespace moeplan {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct CliRun {
  int rc = 0;
  std::string out, err;
};

CliRun run(const std::vector<std::string>& args) {
  EXPECT_EQ(chdir(MOEPLAN_SOURCE_DIR), 0);
  std::ostringstream out, err;
  CliRun r;
  r.rc = run_cli(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("moeplan-export-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(d);
  fs::create_directories(d.parent_path());
  return d;
}

std::map<std::string, std::string> files_in(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename() != ".moeplan-export") out[e.path().filename().string()] = read_file(e.path());
  return out;
}

// Exports into a temporary folder, compares every file with
// tests/golden/export/<name>/ (MOEPLAN_UPDATE_GOLDEN=1 rewrites them), checks
// every file against the version's data file and the engine rules, and
// returns the files.
std::map<std::string, std::string> export_golden(const std::vector<std::string>& args, const std::string& name) {
  const fs::path dir = fresh_dir(name);
  std::vector<std::string> full = {"export"};
  full.insert(full.end(), args.begin(), args.end());
  full.push_back("-o");
  full.push_back(dir.string());
  const CliRun r = run(full);
  EXPECT_EQ(r.rc, 0) << r.err;
  const auto files = files_in(dir);
  // Every script, and every pod's script, is valid bash (`bash -n` parses without running).
  for (const auto& [f, text] : files) {
    std::vector<std::string> scripts;
    if (f.size() > 3 && f.substr(f.size() - 3) == ".sh") scripts.push_back(text);
    if (f.size() > 8 && (f.substr(f.size() - 8) == "lws.yaml" || f == "router.yaml"))
      for (const YAML::Node& doc : YAML::LoadAll(text)) {
        if (doc["kind"].as<std::string>() == "LeaderWorkerSet")
          for (const char* t : {"leaderTemplate", "workerTemplate"})
            scripts.push_back(doc["spec"]["leaderWorkerTemplate"][t]["spec"]["containers"][0]["args"][0].as<std::string>());
        if (doc["kind"].as<std::string>() == "Deployment")
          scripts.push_back(doc["spec"]["template"]["spec"]["containers"][0]["args"][0].as<std::string>());
      }
    for (const auto& script : scripts) {
      const fs::path tmp = dir.parent_path() / (name + "-syntax.sh");
      std::ofstream(tmp) << script;
      EXPECT_EQ(std::system(("bash -n '" + tmp.string() + "'").c_str()), 0) << f << ":\n" << script;
    }
  }
  const fs::path golden = fs::path(MOEPLAN_SOURCE_DIR) / "tests/golden/export" / name;
  if (std::getenv("MOEPLAN_UPDATE_GOLDEN") != nullptr) {
    fs::remove_all(golden);
    fs::create_directories(golden);
    for (const auto& [f, text] : files) std::ofstream(golden / f, std::ios::binary) << text;
    return files;
  }
  EXPECT_TRUE(fs::is_directory(golden)) << "missing " << golden << " (run `make golden`)";
  std::map<std::string, std::string> expected;
  if (fs::is_directory(golden)) expected = files_in(golden);
  EXPECT_EQ(files.size(), expected.size());
  for (const auto& [f, text] : expected) {
    auto it = files.find(f);
    if (it == files.end()) ADD_FAILURE() << f << " not written";
    else EXPECT_EQ(it->second, text) << "export differs from " << (golden / f);
  }
  return files;
}

// Parses the engine command of a script with the version's data file; every
// flag must be known there and the rules must hold.
ParsedCommand engine_command(const std::string& script, const EngineFlags& f, const ModelSpec& m,
                             const std::map<std::string, std::string>* config = nullptr) {
  const auto commands = parse_engine_commands(script, f);
  EXPECT_EQ(commands.size(), 1u) << script;
  if (commands.empty()) return {};
  const auto problems = check_engine_rules(commands.front(), f, m, config);
  EXPECT_TRUE(problems.empty()) << problems.front();
  return commands.front();
}

std::vector<ExportFile> as_export_files(const std::map<std::string, std::string>& files) {
  std::vector<ExportFile> v;
  for (const auto& [name, text] : files) v.push_back({name, text, false, {}});
  return v;
}

// ---- data files ----

TEST(EngineFlags, EveryDataFileLoadsAndNamesTheUpstreamFileOfEachFlag) {
  EXPECT_EQ(engine_versions(Engine::kVllm), (std::vector<std::string>{"0.11", "0.15"}));
  EXPECT_EQ(engine_versions(Engine::kSglang), (std::vector<std::string>{"0.4", "0.5"}));
  EXPECT_EQ(engine_versions(Engine::kTrtllm), (std::vector<std::string>{"1.0", "1.2"}));
  for (Engine e : {Engine::kVllm, Engine::kSglang, Engine::kTrtllm})
    for (const auto& v : engine_versions(e)) {
      const EngineFlags& f = engine_flags(e, v);
      EXPECT_FALSE(f.flags.empty());
      for (const auto& [name, spec] : f.flags) EXPECT_FALSE(spec.file.empty()) << name;
      for (const auto& [name, spec] : f.config_keys) EXPECT_FALSE(spec.file.empty()) << name;
    }
  // The default is the newest version.
  EXPECT_EQ(engine_flags(Engine::kVllm, "").version, "0.15");
}

TEST(EngineFlags, VersionsDifferWhereUpstreamChanged) {
  // vLLM's all-to-all backend: an environment variable in 0.11, a flag after vllm#26732.
  EXPECT_TRUE(engine_flags(Engine::kVllm, "0.11").has_env("VLLM_ALL2ALL_BACKEND"));
  EXPECT_FALSE(engine_flags(Engine::kVllm, "0.11").has_flag("--all2all-backend"));
  EXPECT_TRUE(engine_flags(Engine::kVllm, "0.15").has_flag("--all2all-backend"));
  EXPECT_FALSE(engine_flags(Engine::kVllm, "0.15").has_env("VLLM_ALL2ALL_BACKEND"));
  // SGLang 0.4 switches EP on (--enable-ep-moe / --enable-deepep-moe); 0.5 sizes it.
  EXPECT_TRUE(engine_flags(Engine::kSglang, "0.4").has_flag("--enable-deepep-moe"));
  EXPECT_FALSE(engine_flags(Engine::kSglang, "0.4").has_flag("--moe-a2a-backend"));
  EXPECT_TRUE(engine_flags(Engine::kSglang, "0.5").has_flag("--moe-a2a-backend"));
  // TensorRT-LLM's --config alias (PR #9104) is not in 1.0.
  EXPECT_EQ(engine_flags(Engine::kTrtllm, "1.0").config_flag, "--extra_llm_api_options");
  EXPECT_EQ(engine_flags(Engine::kTrtllm, "1.2").config_flag, "--config");
}

TEST(EngineFlags, UnsupportedVersionIsAnInputErrorListingTheSupportedOnes) {
  expect_input_error([] { engine_flags(Engine::kVllm, "0.9"); }, {"--version", "vllm", "'0.9'", "0.11, 0.15"});
  expect_input_error([] { parse_engine("vlm", "--engine"); }, {"--engine", "'vlm'", "did you mean 'vllm'"});
}

TEST(EngineFlags, ValuesAreCheckedByType) {
  const EngineFlags& sg = engine_flags(Engine::kSglang, "0.5");
  // SGLang spells the fp8 KV cache fp8_e4m3; plain fp8 is not one of its values.
  EXPECT_TRUE(flag_value_problem(sg.flags.at("--kv-cache-dtype"), "fp8").has_value());
  EXPECT_FALSE(flag_value_problem(sg.flags.at("--kv-cache-dtype"), "fp8_e4m3").has_value());
  EXPECT_TRUE(flag_value_problem(sg.flags.at("--tp-size"), "16.5").has_value());
  EXPECT_FALSE(flag_value_problem(sg.flags.at("--node-rank"), "${LWS_WORKER_INDEX}").has_value());
  EXPECT_TRUE(flag_value_problem(sg.flags.at("--mem-fraction-static"), "1.2").has_value());  // max 1
  EXPECT_TRUE(flag_value_problem(sg.flags.at("--enable-dp-attention"), "true").has_value());  // takes no value
  const EngineFlags& v = engine_flags(Engine::kVllm, "0.15");
  EXPECT_TRUE(flag_value_problem(v.flags.at("--eplb-config"), "{num_redundant_experts: 2}").has_value());  // not JSON
}

// ---- reading scripts back ----

TEST(ExportRules, ShellWordsFollowQuotesAndContinuations) {
  const auto lines = shell_command_lines("# comment\nexport A='x y'\nexec vllm serve m \\\n  --eplb-config '{\"a\":1}' \\\n"
                                         "  --data-parallel-address \"${HEAD_ADDR}\"\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], (std::vector<std::string>{"export", "A=x y"}));
  EXPECT_EQ(lines[1], (std::vector<std::string>{"exec", "vllm", "serve", "m", "--eplb-config", "{\"a\":1}",
                                                 "--data-parallel-address", "${HEAD_ADDR}"}));
}

TEST(ExportRules, EachEngineRuleCatchesItsViolation) {
  const ModelSpec ds = load_model_preset("deepseek-v3", "");
  auto problems = [&](Engine e, const std::string& script, const std::map<std::string, std::string>* config = nullptr) {
    const EngineFlags& f = engine_flags(e, "");
    const auto cmds = parse_engine_commands(script, f);
    EXPECT_EQ(cmds.size(), 1u);
    return cmds.empty() ? std::vector<std::string>{} : check_engine_rules(cmds.front(), f, ds, config);
  };
  // vLLM: 64 sequences but a 32-token budget (max_num_batched_tokens >= max_num_seqs).
  EXPECT_EQ(problems(Engine::kVllm, "vllm serve m --max-num-seqs 64 --max-num-batched-tokens 32").size(), 1u);
  // vLLM: EP = TP x DP = 1 x 3 = 3 does not divide 256 experts.
  EXPECT_EQ(problems(Engine::kVllm, "vllm serve m --data-parallel-size 3 --enable-expert-parallel").size(), 1u);
  // SGLang: DeepEP with ep_size 8 != tp_size 16.
  EXPECT_EQ(problems(Engine::kSglang, "python3 -m sglang.launch_server --model-path m --tp-size 16 --ep-size 8 "
                                      "--moe-a2a-backend deepep").size(), 1u);
  // SGLang: 8 redundant experts but nothing that makes tokens use them.
  EXPECT_EQ(problems(Engine::kSglang, "python3 -m sglang.launch_server --model-path m --tp-size 8 --ep-size 8 "
                                      "--ep-num-redundant-experts 8").size(), 1u);
  // SGLang: DP attention with tp 16 % dp 3 != 0.
  EXPECT_EQ(problems(Engine::kSglang, "python3 -m sglang.launch_server --model-path m --tp-size 16 --dp-size 3 "
                                      "--enable-dp-attention").size(), 1u);
  // SGLang: "fp8" is not its KV dtype spelling; an unknown flag is reported too.
  EXPECT_EQ(problems(Engine::kSglang, "python3 -m sglang.launch_server --model-path m --kv-cache-dtype fp8 --tp 8").size(), 2u);
  // TensorRT-LLM: moe_tp 2 x moe_ep 8 = 16 != tp 8; 255 slots < 256 experts, not divisible by 8,
  // and without attention DP the balancer is ignored: four problems.
  const std::map<std::string, std::string> config = {{"tensor_parallel_size", "8"}, {"moe_expert_parallel_size", "8"},
                                                     {"moe_tensor_parallel_size", "2"},
                                                     {"moe_config.load_balancer.num_slots", "255"}};
  EXPECT_EQ(problems(Engine::kTrtllm, "trtllm-serve m --config c.yaml", &config).size(), 4u);
  // GPUs of a node: SGLang DP attention over --tp-size 16 on 2 nodes uses 8 per node, not the 4 a node has;
  // vLLM TP 4 x DP 1 leaves half of an 8-GPU node idle.
  const EngineFlags& sg = engine_flags(Engine::kSglang, "");
  const auto sgc = parse_engine_commands("python3 -m sglang.launch_server --model-path m --tp-size 16 --dp-size 8 "
                                         "--enable-dp-attention --nnodes 2 --node-rank 0 --dist-init-addr h:5000", sg);
  ASSERT_EQ(sgc.size(), 1u);
  EXPECT_TRUE(check_engine_rules(sgc.front(), sg, ds, nullptr, 8).empty());
  EXPECT_EQ(check_engine_rules(sgc.front(), sg, ds, nullptr, 4).size(), 1u);
  const EngineFlags& vl = engine_flags(Engine::kVllm, "");
  const auto vc = parse_engine_commands("vllm serve m --tensor-parallel-size 4", vl);
  ASSERT_EQ(vc.size(), 1u);
  EXPECT_EQ(check_engine_rules(vc.front(), vl, ds, nullptr, 8).size(), 1u);
  // TensorRT-LLM: a flat dotted key is not a key of the options file.
  const std::map<std::string, std::string> flat = {{"kv_cache_dtype", "fp8"}};
  EXPECT_EQ(problems(Engine::kTrtllm, "trtllm-serve m --config c.yaml", &flat).size(), 1u);
}

// ---- golden exports of the issue's scenarios ----

using Flags = std::map<std::string, std::string>;

TEST(GoldenExport, DeepSeekV3SglangDpAttentionDeepEp) {
  const auto files = export_golden({"tests/data/export/deepseek-v3-sglang-16xh200.yaml", "--engine", "sglang"}, "deepseek-v3-sglang");
  ASSERT_EQ(files.size(), 2u);  // node0.sh, node1.sh: 16 GPUs / 8 per node
  const EngineFlags& f = engine_flags(Engine::kSglang, "0.5");  // the newest SGLang data file
  const ModelSpec m = load_model_preset("deepseek-v3", "");
  EXPECT_TRUE(check_export_files(as_export_files(files), f, m, 8).empty());
  for (int node = 0; node < 2; ++node) {
    const ParsedCommand c = engine_command(files.at("node" + std::to_string(node) + ".sh"), f, m);
    EXPECT_TRUE(c.env.empty());
    EXPECT_EQ(c.flags, (Flags{
        {"--model-path", "deepseek-ai/DeepSeek-V3"},  // the preset's source is huggingface.co/deepseek-ai/DeepSeek-V3
        // Strategy tp=2 dp=8 ep=16: with DP attention --tp-size counts all 2 x 8 = 16 GPUs of the stage.
        {"--tp-size", "16"},
        {"--dp-size", "8"},
        {"--enable-dp-attention", ""},
        {"--ep-size", "16"},
        {"--moe-a2a-backend", "deepep"},          // EP 16 spans both nodes and equals tp_size 16, as DeepEP requires
        {"--mem-fraction-static", "0.8"},         // runtime.memory_fraction
        {"--kv-cache-dtype", "fp8_e4m3"},         // model kv_cache_dtype fp8, in SGLang's spelling
        {"--max-running-requests", "512"},        // 512 requests / DP 8 = 64 per rank; SGLang divides by dp: 64 x 8
        {"--chunked-prefill-size", "65536"},      // 8192-token chunk per rank; server_args.py divides by dp 8: 8192 x 8
        {"--context-length", "3072"},             // 2048 input + 1024 output tokens
        {"--trust-remote-code", ""},              // DeepSeek checkpoints ship their own code
        {"--host", "0.0.0.0"},                    // SGLang listens on 127.0.0.1 by default
        {"--port", "30000"},                      // SGLang's default port, stated
        {"--nnodes", "2"},                        // 16 GPUs / 8 per node
        {"--dist-init-addr", "${HEAD_ADDR}:5000"},  // node 0's address, the port of SGLang's multi-node example
        {"--node-rank", std::to_string(node)}}));
  }
}

TEST(GoldenExport, MixtralVllmTp8) {
  const auto files = export_golden({"tests/data/export/mixtral-vllm-8xh100.yaml", "--engine", "vllm"}, "mixtral-vllm");
  ASSERT_EQ(files.size(), 1u);  // one node: node0.sh
  const EngineFlags& f = engine_flags(Engine::kVllm, "0.15");  // the newest vLLM data file
  const ModelSpec m = load_model_preset("mixtral-8x7b", "");
  const ParsedCommand c = engine_command(files.at("node0.sh"), f, m);
  EXPECT_EQ(c.model, "mistralai/Mixtral-8x7B-v0.1");  // from the preset's huggingface.co source
  EXPECT_TRUE(c.env.empty());  // no EP: no all-to-all backend, no DeepGEMM switch
  EXPECT_EQ(c.flags, (Flags{
      {"--tensor-parallel-size", "8"},
      {"--pipeline-parallel-size", "1"},
      {"--data-parallel-size", "1"},
      // EP 1 x ETP 8: the experts are split by TP, so no --enable-expert-parallel.
      {"--gpu-memory-utilization", "0.9"},       // runtime.memory_fraction, a fraction of total memory
      {"--kv-cache-dtype", "auto"},              // bf16 KV = the activation dtype: the engine's default
      {"--max-num-seqs", "256"},                 // 256 requests, DP 1
      {"--max-num-batched-tokens", "8192"},      // the 8192-token prefill chunk, >= 256 sequences
      {"--max-model-len", "1536"},               // 1024 + 512 tokens
      {"--port", "8000"}}));                     // single node: no multi-node wiring
}

TEST(GoldenExport, Qwen3TrtllmAttentionDpEp) {
  const auto files = export_golden({"tests/data/export/qwen3-235b-trtllm-8xh200.yaml", "--engine", "trtllm"}, "qwen3-trtllm");
  ASSERT_EQ(files.size(), 2u);  // node0.sh, config.yaml
  const EngineFlags& f = engine_flags(Engine::kTrtllm, "1.2");  // the newest TensorRT-LLM data file
  const ModelSpec m = load_model_preset("qwen3-235b-a22b", "");
  const YAML::Node yaml = YAML::Load(files.at("config.yaml"));
  // Nested keys, never flat ones (aiconfigurator#106).
  EXPECT_EQ(yaml["kv_cache_config"]["free_gpu_memory_fraction"].as<std::string>(), "0.85");
  EXPECT_FALSE(yaml["kv_cache_config.free_gpu_memory_fraction"]);
  const auto config = flatten_yaml(yaml);
  EXPECT_EQ(config, (Flags{
      // tp=1 dp=8 ep=8: attention DP over tensor_parallel_size 1 x 8 = 8; moe_tp 1 x moe_ep 8 = 8 = tp.
      {"tensor_parallel_size", "8"},
      {"pipeline_parallel_size", "1"},
      {"moe_expert_parallel_size", "8"},
      {"moe_tensor_parallel_size", "1"},
      {"enable_attention_dp", "true"},
      {"max_batch_size", "32"},                  // 256 requests / 8 attention-DP ranks
      {"max_num_tokens", "8192"},                // the prefill chunk, already a multiple of the 32-token block
      {"max_seq_len", "5120"},                   // 4096 + 1024 tokens
      {"enable_chunked_prefill", "true"},        // prefill in chunks of max_num_tokens
      {"kv_cache_config.free_gpu_memory_fraction", "0.85"},  // runtime.memory_fraction, of FREE memory for trtllm
      {"kv_cache_config.dtype", "auto"}}));      // bf16 KV = the activation dtype
  const ParsedCommand c = engine_command(files.at("node0.sh"), f, m, &config);
  EXPECT_EQ(c.model, "Qwen/Qwen3-235B-A22B");
  EXPECT_EQ(c.flags, (Flags{
      {"--backend", "pytorch"},
      {"--host", "0.0.0.0"},                      // trtllm-serve listens on localhost by default
      {"--port", "8000"},
      {"--config", "${MOEPLAN_DIR}/config.yaml"}}));  // 1.2 has the --config alias; the script's own folder
}

TEST(GoldenExport, DeepSeekV3VllmTwoNodeKubernetes) {
  const auto files = export_golden({"tests/data/export/deepseek-v3-vllm-16xh200.yaml", "--engine", "vllm", "--target", "k8s"},
                                   "deepseek-v3-vllm-k8s");
  ASSERT_EQ(files.size(), 1u);  // lws.yaml: LeaderWorkerSet + Service
  const EngineFlags& f = engine_flags(Engine::kVllm, "0.15");
  const ModelSpec m = load_model_preset("deepseek-v3", "");
  EXPECT_TRUE(check_export_files(as_export_files(files), f, m, 8).empty());
  const auto docs = YAML::LoadAll(files.at("lws.yaml"));
  ASSERT_EQ(docs.size(), 2u);
  const YAML::Node lws = docs[0];
  EXPECT_EQ(lws["kind"].as<std::string>(), "LeaderWorkerSet");
  EXPECT_EQ(lws["spec"]["replicas"].as<int>(), 1);                      // one instance
  EXPECT_EQ(lws["spec"]["leaderWorkerTemplate"]["size"].as<int>(), 2);  // 16 GPUs / 8 per node
  const YAML::Node leader = lws["spec"]["leaderWorkerTemplate"]["leaderTemplate"]["spec"]["containers"][0];
  EXPECT_EQ(leader["image"].as<std::string>(), "vllm/vllm-openai:v0.15.0");
  EXPECT_EQ(leader["resources"]["limits"]["nvidia.com/gpu"].as<std::string>(), "8");  // GPUs per node
  // Both pods: TP 1 x DP 16 = EP 16 over 2 nodes.
  const Flags common = {
      {"--tensor-parallel-size", "1"},
      {"--pipeline-parallel-size", "1"},
      {"--data-parallel-size", "16"},
      {"--enable-expert-parallel", ""},               // EP = TP x DP = 16
      {"--all2all-backend", "deepep_low_latency"},    // EP over 2 nodes; decode (1024 x TPOT) outweighs prefill
      {"--gpu-memory-utilization", "0.9"},
      {"--kv-cache-dtype", "auto"},
      {"--max-num-seqs", "64"},                       // 1024 requests / 16 DP ranks
      {"--max-num-batched-tokens", "8192"},
      {"--max-model-len", "2048"},                    // 1024 + 1024
      {"--trust-remote-code", ""},
      {"--port", "8000"},
      {"--data-parallel-size-local", "8"},            // 8 GPUs per node / (TP 1 x PP 1)
      {"--data-parallel-address", "${LWS_LEADER_ADDRESS}"},
      {"--data-parallel-rpc-port", "13345"}};         // the port of vLLM's EP guide
  Flags head = common;
  head["--api-server-count"] = "8";                   // one API server per local DP rank, as the guide's head node
  const ParsedCommand h = engine_command(leader["args"][0].as<std::string>(), f, m);
  EXPECT_EQ(h.flags, head);
  EXPECT_EQ(h.env, (Flags{{"VLLM_USE_DEEP_GEMM", "1"}}));  // DeepSeek-V3's experts are fp8
  const YAML::Node worker = lws["spec"]["leaderWorkerTemplate"]["workerTemplate"]["spec"]["containers"][0];
  Flags work = common;
  work["--data-parallel-start-rank"] = "$((LWS_WORKER_INDEX * 8))";  // 8 local DP ranks per earlier node
  work["--headless"] = "";
  EXPECT_EQ(engine_command(worker["args"][0].as<std::string>(), f, m).flags, work);
  EXPECT_EQ(docs[1]["kind"].as<std::string>(), "Service");
  EXPECT_EQ(docs[1]["spec"]["ports"][0]["port"].as<int>(), 8000);
  EXPECT_EQ(docs[1]["spec"]["selector"]["role"].as<std::string>(), "leader");  // requests go to the API server
}

TEST(GoldenExport, Qwen3TrtllmTwoNodeKubernetes) {
  // DEP16 (attention DP 16, EP 16) over 2 nodes of 8 H200: one TensorRT-LLM instance, one MPI world of 16
  // ranks that the leader pod's mpirun starts over the group's pods (trtllm-llmapi-launch, as TensorRT-LLM's
  // multi-node trtllm-serve; the SSH wiring as Dynamo's operator writes it for LeaderWorkerSets).
  const auto files = export_golden({"tests/data/export/qwen3-235b-trtllm-16xh200.yaml", "--engine", "trtllm", "--target", "k8s"},
                                   "qwen3-trtllm-2node-k8s");
  ASSERT_EQ(files.size(), 1u);  // lws.yaml: LeaderWorkerSet, Service, ConfigMap with config.yaml
  const EngineFlags& f = engine_flags(Engine::kTrtllm, "1.2");
  const ModelSpec m = load_model_preset("qwen3-235b-a22b", "");
  EXPECT_TRUE(check_export_files(as_export_files(files), f, m, 8).empty());
  const auto docs = YAML::LoadAll(files.at("lws.yaml"));
  ASSERT_EQ(docs.size(), 3u);
  const YAML::Node lws = docs[0];
  EXPECT_EQ(lws["kind"].as<std::string>(), "LeaderWorkerSet");
  EXPECT_EQ(lws["metadata"]["name"].as<std::string>(), "qwen3-235b-trtllm-16xh200-trtllm");  // scenario name + engine
  EXPECT_EQ(lws["spec"]["replicas"].as<int>(), 1);                      // one instance of all 16 GPUs
  EXPECT_EQ(lws["spec"]["leaderWorkerTemplate"]["size"].as<int>(), 2);  // 16 GPUs / 8 per node
  const YAML::Node leader_pod = lws["spec"]["leaderWorkerTemplate"]["leaderTemplate"]["spec"];
  const YAML::Node worker_pod = lws["spec"]["leaderWorkerTemplate"]["workerTemplate"]["spec"];
  for (const YAML::Node& pod : {leader_pod, worker_pod}) {
    const YAML::Node c = pod["containers"][0];
    EXPECT_EQ(c["image"].as<std::string>(), "nvcr.io/nvidia/tensorrt-llm/release:1.2.0");  // the 1.2 data file's image
    EXPECT_EQ(c["resources"]["limits"]["nvidia.com/gpu"].as<std::string>(), "8");           // GPUs per node
    EXPECT_EQ(c["volumeMounts"][0]["mountPath"].as<std::string>(), "/dev/shm");               // NCCL's shared memory, in RAM
    EXPECT_EQ(pod["volumes"][0]["emptyDir"]["medium"].as<std::string>(), "Memory");
    EXPECT_EQ(c["volumeMounts"][2]["mountPath"].as<std::string>(), "/ssh-pk");               // the key pair mpirun logs in with
    EXPECT_EQ(pod["volumes"][2]["secret"]["secretName"].as<std::string>(), "qwen3-235b-trtllm-16xh200-trtllm-ssh");
  }
  const std::string leader = leader_pod["containers"][0]["args"][0].as<std::string>();
  // The group's pods: the leader (LWS_LEADER_ADDRESS) and worker 1 = <lws>-<group>-1 under the same
  // subdomain, each with its 8 GPUs as MPI slots: 8 + 8 = 16 = -np.
  EXPECT_NE(leader.find("MPI_HOSTS=\"${LWS_LEADER_ADDRESS}:8,${LEADER_POD}-1.${GROUP_DOMAIN}:8\""), std::string::npos) << leader;
  const auto config = flatten_yaml(YAML::Load(docs[2]["data"]["config.yaml"].as<std::string>()));
  const ParsedCommand c = engine_command(leader, f, m, &config);
  EXPECT_EQ(c.prefix, (std::vector<std::string>{
      "mpirun", "--allow-run-as-root",
      "-H", "${MPI_HOSTS}",                    // the two pods, 8 slots each
      "-np", "16",                             // tp 16 x pp 1 = 2 pods x 8 GPUs
      "--prefix", "${MPI_PREFIX}",             // where the remote orted is: the leader's Open MPI install
      "--mca", "orte_keep_fqdn_hostnames", "1",  // pods reach each other by FQDN only (Dynamo's operator sets it)
      "--mca", "pml", "ob1",                   // MPI's own messages over TCP (Dynamo's operator)
      "-x", "PATH", "-x", "LD_LIBRARY_PATH",   // an SSH session starts with sshd's environment, not the image's
      "trtllm-llmapi-launch"}));               // rank 0 serves, the other ranks run the MPI workers
  EXPECT_EQ(c.model, "Qwen/Qwen3-235B-A22B");
  EXPECT_EQ(c.flags, (Flags{
      {"--backend", "pytorch"},
      {"--host", "0.0.0.0"},
      {"--port", "8000"},
      {"--config", "/moeplan/config.yaml"}}));  // the ConfigMap mounted at /moeplan
  EXPECT_EQ(config, (Flags{
      // dp=16 ep=16 tp=1: attention DP over tensor_parallel_size 1 x 16 = 16; moe_tp 1 x moe_ep 16 = 16 = tp.
      {"tensor_parallel_size", "16"},
      {"pipeline_parallel_size", "1"},
      {"moe_expert_parallel_size", "16"},
      {"moe_tensor_parallel_size", "1"},
      {"enable_attention_dp", "true"},
      {"max_batch_size", "32"},                  // 512 requests / 16 attention-DP ranks
      {"max_num_tokens", "8192"},                // the prefill chunk, a multiple of the 32-token block
      {"max_seq_len", "5120"},                   // 4096 + 1024 tokens
      {"enable_chunked_prefill", "true"},
      {"kv_cache_config.free_gpu_memory_fraction", "0.85"},  // runtime.memory_fraction, of FREE memory for trtllm
      {"kv_cache_config.dtype", "auto"},         // bf16 KV = the activation dtype
      {"moe_config.backend", "WIDEEP"}}));       // the EP group spans 2 nodes
  // The worker pods run the SSH server (port 2222) that the leader waits for before mpirun.
  const std::string worker = worker_pod["containers"][0]["args"][0].as<std::string>();
  EXPECT_TRUE(parse_engine_commands(worker, f).empty());  // no engine command of their own: mpirun starts their ranks
  EXPECT_NE(worker.find("exec /usr/sbin/sshd -D -e"), std::string::npos) << worker;
  EXPECT_NE(worker.find("Port 2222"), std::string::npos);
  EXPECT_NE(leader.find("until ssh \"${host}\" true"), std::string::npos);
  EXPECT_EQ(worker_pod["containers"][0]["ports"].IsDefined(), false);  // only the leader serves
  EXPECT_EQ(docs[1]["kind"].as<std::string>(), "Service");
  EXPECT_EQ(docs[1]["spec"]["selector"]["role"].as<std::string>(), "leader");
  EXPECT_EQ(docs[1]["spec"]["ports"][0]["port"].as<int>(), 8000);
}

TEST(ExportRules, TrtllmLeaderWorkerSetRulesCatchTheirViolations) {
  const fs::path dir = fresh_dir("trtllm-lws-rules");
  ASSERT_EQ(run({"export", "tests/data/export/qwen3-235b-trtllm-16xh200.yaml", "--engine", "trtllm", "--target", "k8s", "-o",
                 dir.string()}).rc, 0);
  const EngineFlags& f = engine_flags(Engine::kTrtllm, "1.2");
  const ModelSpec m = load_model_preset("qwen3-235b-a22b", "");
  auto problems_after = [&](const std::string& from, const std::string& to) {
    auto files = files_in(dir);
    std::string& text = files.at("lws.yaml");
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return check_export_files(as_export_files(files), f, m, 8);
  };
  EXPECT_TRUE(problems_after("size: 2", "size: 2").empty());  // unchanged: clean
  EXPECT_FALSE(problems_after("size: 2", "size: 3").empty());  // -np 16 no longer covers 3 pods x 8 GPUs
  EXPECT_FALSE(problems_after(",${LEADER_POD}-1.${GROUP_DOMAIN}:8\"", "\"").empty());  // a pod missing from MPI_HOSTS
  EXPECT_FALSE(problems_after("exec /usr/sbin/sshd", "exec sleep infinity #").empty());  // nothing to log in to
  EXPECT_FALSE(problems_after("mountPath: /ssh-pk", "mountPath: /elsewhere").empty());  // the leader lacks the key pair
}

// ---- the engines' published DeepSeek recipes, flag for flag ----

// Every flag of `recipe` must appear in `ours` with the same value, except
// those naming hosts, ports or disaggregation roles (`skip`).
void expect_recipe(const ParsedCommand& ours, const std::vector<std::pair<std::string, std::string>>& recipe) {
  for (const auto& [flag, value] : recipe) {
    auto it = ours.flags.find(flag);
    if (it == ours.flags.end()) ADD_FAILURE() << flag << " missing";
    else EXPECT_EQ(it->second, value) << flag;
  }
}

TEST(ExportRecipes, SglangMultiNodeDpAttentionDeepSeek) {
  // sgl-project/sglang docs/advanced_features/pd_disaggregation.md @08edc50, "DeepSeek Multi-Node",
  // each node of a side: --model-path deepseek-ai/DeepSeek-V3-0324 --trust-remote-code
  // --dist-init-addr ${prefill_master_ip}:5000 --nnodes 2 --node-rank 0|1 --tp-size 16 --dp-size 8
  // --enable-dp-attention --moe-a2a-backend deepep --mem-fraction-static 0.8 (plus --disaggregation-*,
  // --host, --port of the P/D roles, which an aggregated instance does not have).
  const fs::path dir = fresh_dir("recipe-sglang");
  const CliRun r = run({"export", "tests/data/export/deepseek-v3-sglang-16xh200.yaml", "--engine", "sglang", "--model-path",
                     "deepseek-ai/DeepSeek-V3-0324", "-o", dir.string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  const EngineFlags& f = engine_flags(Engine::kSglang, "0.5");
  const ModelSpec m = load_model_preset("deepseek-v3", "");
  for (int node = 0; node < 2; ++node) {
    const ParsedCommand c = engine_command(read_file(dir / ("node" + std::to_string(node) + ".sh")), f, m);
    expect_recipe(c, {{"--model-path", "deepseek-ai/DeepSeek-V3-0324"}, {"--trust-remote-code", ""},
                      {"--dist-init-addr", "${HEAD_ADDR}:5000"}, {"--nnodes", "2"}, {"--node-rank", std::to_string(node)},
                      {"--tp-size", "16"}, {"--dp-size", "8"}, {"--enable-dp-attention", ""},
                      {"--moe-a2a-backend", "deepep"}, {"--mem-fraction-static", "0.8"}});
  }
}

TEST(ExportRecipes, VllmTwoNodeWideEpDeepSeek) {
  // vllm-project/vllm docs/serving/expert_parallel_deployment.md @0170256, "Example: 2-Node Deployment":
  // VLLM_ALL2ALL_BACKEND=deepep_low_latency VLLM_USE_DEEP_GEMM=1 vllm serve deepseek-ai/DeepSeek-V3-0324
  // --tensor-parallel-size 1 --enable-expert-parallel --data-parallel-size 16 --data-parallel-size-local 8
  // --data-parallel-address 192.168.1.100 --data-parallel-rpc-port 13345, node 1 adding --api-server-count=8,
  // node 2 --data-parallel-start-rank 8 --headless. That guide predates --all2all-backend: vLLM 0.11.
  const fs::path dir = fresh_dir("recipe-vllm");
  const CliRun r = run({"export", "tests/data/export/deepseek-v3-vllm-16xh200.yaml", "--engine", "vllm", "--version", "0.11",
                     "--model-path", "deepseek-ai/DeepSeek-V3-0324", "-o", dir.string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  const EngineFlags& f = engine_flags(Engine::kVllm, "0.11");
  const ModelSpec m = load_model_preset("deepseek-v3", "");
  const std::vector<std::pair<std::string, std::string>> both = {
      {"--tensor-parallel-size", "1"}, {"--enable-expert-parallel", ""}, {"--data-parallel-size", "16"},
      {"--data-parallel-size-local", "8"}, {"--data-parallel-address", "${HEAD_ADDR}"}, {"--data-parallel-rpc-port", "13345"}};
  const ParsedCommand n0 = engine_command(read_file(dir / "node0.sh"), f, m);
  const ParsedCommand n1 = engine_command(read_file(dir / "node1.sh"), f, m);
  for (const ParsedCommand* c : {&n0, &n1}) {
    EXPECT_EQ(c->model, "deepseek-ai/DeepSeek-V3-0324");
    EXPECT_EQ(c->env.at("VLLM_ALL2ALL_BACKEND"), "deepep_low_latency");
    EXPECT_EQ(c->env.at("VLLM_USE_DEEP_GEMM"), "1");
    expect_recipe(*c, both);
  }
  expect_recipe(n0, {{"--api-server-count", "8"}});
  EXPECT_FALSE(n0.flags.count("--headless"));
  expect_recipe(n1, {{"--data-parallel-start-rank", "8"}, {"--headless", ""}});
}

// ---- refusals and writing ----

std::string write_scenario(const std::string& name, const std::string& text) {
  const fs::path p = fresh_dir("scenarios") / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
  return p.string();
}

TEST(ExportRetarget, AnotherEnginesDefaultsAndNoTrtllmBenchFigures) {
  // A TensorRT-LLM scenario (token budget 8192 by default, 2816 under trtllm-bench for Maverick FP8 on 8 H100s)
  // exported for vLLM runs with vLLM's own default budget: 8192 on an 80 GB GPU (engine_defaults.cc), not
  // trtllm-bench's 2816.
  const std::string bench = write_scenario("bench.yaml",
      "model: {preset: llama-4-maverick, weight_dtype: fp8, kv_cache_dtype: fp8}\ncluster: {gpu: h100-sxm, gpus: 8}\n"
      "workload: {input_tokens: 1000, output_tokens: 1000, concurrency: 64}\n"
      "runtime: {engine: trtllm, batch_settings: trtllm-bench}\nstrategy: {tp: 8}\n");
  CliRun r = run({"export", bench, "--engine", "vllm", "--explain"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("--max-num-batched-tokens 8192"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("2816"), std::string::npos) << r.out;
  // On an A100 vLLM's default budget is 2048, TensorRT-LLM's 8192: a TensorRT-LLM scenario exported for vLLM takes
  // vLLM's.
  const std::string a100 = write_scenario("a100.yaml",
      "model: mixtral-8x7b\ncluster: {gpu: a100-80gb, gpus: 8}\nworkload: {input_tokens: 1024, output_tokens: 256, "
      "concurrency: 64}\nruntime: {engine: trtllm}\nstrategy: {tp: 8}\n");
  r = run({"export", a100, "--engine", "vllm", "--explain"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("--max-num-batched-tokens 2048"), std::string::npos) << r.out;
}

TEST(ExportRefusals, StrategiesAnEngineCannotExpressExitTwoWithTheReason) {
  // vLLM's EP is TP x DP with expert TP 1: EP 4 x ETP 2 has no spelling.
  const std::string mixed = write_scenario("mixed.yaml",
      "model: qwen3-30b-a3b\ncluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 1024, output_tokens: 256}\n"
      "strategy: {tp: 8, ep: 4, etp: 2}\n");
  CliRun r = run({"export", mixed, "--engine", "vllm", "--explain"});
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find("expert TP"), std::string::npos) << r.err;
  // TensorRT-LLM attention DP has attention TP 1: TP 2 x DP 4 cannot be written.
  const std::string tp2dp4 = write_scenario("tp2dp4.yaml",
      "model: qwen3-30b-a3b\ncluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 1024, output_tokens: 256}\n"
      "strategy: {tp: 2, dp: 4, ep: 8}\n");
  r = run({"export", tp2dp4, "--engine", "trtllm", "--explain"});
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find("attention TP 1"), std::string::npos) << r.err;
  // The same strategy is fine for SGLang (--tp-size 8 --dp-size 4 --enable-dp-attention).
  r = run({"export", tp2dp4, "--engine", "sglang", "--explain"});
  EXPECT_EQ(r.rc, 0) << r.err;
  // An fp16 KV cache beside bf16 activations: vLLM 0.15 and SGLang 0.5 have no spelling for it
  // (their `auto` would follow the bf16 model).
  const std::string fp16kv = write_scenario("fp16kv.yaml",
      "model: {preset: qwen3-30b-a3b, kv_cache_dtype: fp16}\ncluster: {gpu: h100-sxm, gpus: 8}\n"
      "workload: {input_tokens: 1024, output_tokens: 256}\nstrategy: {tp: 8, ep: 8}\n");
  for (const char* engine : {"vllm", "sglang"}) {
    r = run({"export", fp16kv, "--engine", engine, "--explain"});
    EXPECT_EQ(r.rc, 2) << engine;
    EXPECT_NE(r.err.find("no spelling for a fp16 KV cache"), std::string::npos) << r.err;
  }
  // An unsupported version and an unknown engine.
  r = run({"export", tp2dp4, "--engine", "sglang", "--version", "0.3"});
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find("supported: 0.4, 0.5"), std::string::npos) << r.err;
  r = run({"export", tp2dp4, "--engine", "tensorrt"});
  EXPECT_EQ(r.rc, 2);
}

TEST(ExportRefusals, NothingHalfWritten) {
  const std::string sc = "tests/data/export/mixtral-vllm-8xh100.yaml";
  // A folder that cannot be created: exit 2, nothing left.
  CliRun r = run({"export", sc, "--engine", "vllm", "-o", "/nonexistent-moeplan/out"});
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
  // A folder holding someone else's files is not replaced.
  const fs::path mine = fresh_dir("not-an-export");
  fs::create_directories(mine);
  std::ofstream(mine / "keep.txt") << "mine";
  r = run({"export", sc, "--engine", "vllm", "-o", mine.string()});
  EXPECT_EQ(r.rc, 2);
  EXPECT_EQ(read_file(mine / "keep.txt"), "mine");
  EXPECT_FALSE(fs::exists(mine / "node0.sh"));
  // An earlier export is replaced whole, and no temporary folder remains beside it.
  const fs::path out = fresh_dir("replace");
  ASSERT_EQ(run({"export", sc, "--engine", "vllm", "-o", out.string()}).rc, 0);
  std::ofstream(out / "stale.sh") << "old";
  ASSERT_EQ(run({"export", sc, "--engine", "sglang", "-o", out.string()}).rc, 0);
  EXPECT_FALSE(fs::exists(out / "stale.sh"));
  EXPECT_NE(read_file(out / "node0.sh").find("sglang.launch_server"), std::string::npos);
  int siblings = 0;
  for (const auto& e : fs::directory_iterator(out.parent_path()))
    if (e.path().filename().string().find(".moeplan-") != std::string::npos) ++siblings;
  EXPECT_EQ(siblings, 0);
}

TEST(ExportExplain, EachPlannerQuantityWithItsFlagAndValue) {
  const CliRun r = run({"export", "tests/data/export/deepseek-v3-sglang-16xh200.yaml", "--engine", "sglang", "--explain"});
  ASSERT_EQ(r.rc, 0) << r.err;
  // "requests in flight: 64 per DP rank x 8 -> --max-running-requests 512" on one row.
  const size_t row = r.out.find("--max-running-requests");
  ASSERT_NE(row, std::string::npos) << r.out;
  const std::string line = r.out.substr(r.out.rfind('\n', row) + 1, r.out.find('\n', row) - r.out.rfind('\n', row) - 1);
  EXPECT_NE(line.find("64 per DP rank x 8"), std::string::npos) << line;
  EXPECT_NE(line.find("512"), std::string::npos) << line;
}

TEST(ExportSource, APlanDocumentExportsTheStrategyItWasWrittenFor) {
  // `moeplan plan --format md` writes the scenario with the recommended strategy in the front matter.
  const fs::path dir = fresh_dir("from-doc");
  fs::create_directories(dir);
  const std::string doc = (dir / "plan.md").string();
  ASSERT_EQ(run({"plan", "tests/data/export/mixtral-vllm-8xh100.yaml", "--format", "md", "-o", doc}).rc, 0);
  const CliRun r = run({"export", doc, "--engine", "vllm", "--explain"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("for strategy tp="), std::string::npos);
  // The front matter carries the model's fields but not its architecture: the preset of the same
  // name tells that DeepSeek-V3's checkpoint needs its own code.
  const std::string ds = (dir / "ds.md").string();
  ASSERT_EQ(run({"plan", "tests/data/export/deepseek-v3-sglang-16xh200.yaml", "--format", "md", "-o", ds}).rc, 0);
  const fs::path out = dir / "ds-export";
  ASSERT_EQ(run({"export", ds, "--engine", "sglang", "-o", out.string()}).rc, 0);
  const std::string script = read_file(out / "node0.sh");
  EXPECT_NE(script.find("--trust-remote-code"), std::string::npos);
  EXPECT_NE(script.find("the strategy the plan document was written for"), std::string::npos);
}

}  // namespace
}  // namespace moeplan

namespace moeplan {
namespace {

// ---- redundant experts, layouts and multi-node launchers ----

TEST(ExportExperts, RedundantExpertsReachEveryEngine) {
  const std::string sc = "tests/data/export/deepseek-v3-redundant-16xh200.yaml";
  const ModelSpec m = load_model_preset("deepseek-v3", "");
  // SGLang: the redundancy and moeplan's layout file.
  const fs::path sg = fresh_dir("redundant-sglang");
  ASSERT_EQ(run({"export", sc, "--engine", "sglang", "-o", sg.string()}).rc, 0);
  const EngineFlags& fs_ = engine_flags(Engine::kSglang, "0.5");
  const ParsedCommand c = engine_command(read_file(sg / "node0.sh"), fs_, m);
  EXPECT_EQ(c.flags.at("--ep-num-redundant-experts"), "16");
  EXPECT_EQ(c.flags.at("--ep-dispatch-algorithm"), "static");  // tokens follow the replicas
  EXPECT_EQ(c.flags.at("--init-expert-location"), "${MOEPLAN_DIR}/expert_location.json");
  const auto layout = nlohmann::json::parse(read_file(sg / "expert_location.json"));
  // One row per decoder layer: 3 dense + 58 MoE = 61, each of 256 + 16 = 272 slots.
  ASSERT_EQ(layout["physical_to_logical_map"].size(), 61u);
  const auto& row = layout["physical_to_logical_map"][3];
  ASSERT_EQ(row.size(), 272u);
  std::set<int> experts(row.begin(), row.end());
  EXPECT_EQ(experts.size(), 256u);  // every expert has at least one slot
  // vLLM: EPLB with the same redundancy.
  const CliRun v = run({"export", sc, "--engine", "vllm", "--explain"});
  ASSERT_EQ(v.rc, 0) << v.err;
  EXPECT_NE(v.out.find("{\"num_redundant_experts\":16}"), std::string::npos);
  EXPECT_NE(v.out.find("not loaded"), std::string::npos);  // vLLM computes its own layout
  // TensorRT-LLM: 256 + 16 = 272 slots, 17 per GPU of EP 16; static; wide EP across 2 nodes;
  // one mpirun over 16 ranks from node 0.
  const fs::path tr = fresh_dir("redundant-trtllm");
  ASSERT_EQ(run({"export", sc, "--engine", "trtllm", "-o", tr.string()}).rc, 0);
  const auto config = flatten_yaml(YAML::Load(read_file(tr / "config.yaml")));
  EXPECT_EQ(config.at("moe_config.load_balancer.num_slots"), "272");
  EXPECT_EQ(config.at("moe_config.load_balancer.layer_updates_per_iter"), "0");
  // moeplan's layout as MoeLoadBalancerConfig.initial_global_assignments: decoder layers 3..60 (the 58 MoE
  // layers after DeepSeek-V3's 3 dense ones), each 272 slots holding every one of the 256 experts.
  const YAML::Node assignments = YAML::Load(read_file(tr / "config.yaml"))["moe_config"]["load_balancer"]["initial_global_assignments"];
  ASSERT_TRUE(assignments.IsMap());
  EXPECT_EQ(assignments.size(), 58u);
  EXPECT_FALSE(assignments[2]);
  ASSERT_TRUE(assignments[3] && assignments[60]);
  EXPECT_EQ(assignments[3].size(), 272u);
  std::set<int> in_layer_3;
  for (const auto& e : assignments[3]) in_layer_3.insert(e.as<int>());
  EXPECT_EQ(in_layer_3.size(), 256u);
  EXPECT_EQ(config.at("moe_config.backend"), "WIDEEP");
  const ParsedCommand t = engine_command(read_file(tr / "node0.sh"), engine_flags(Engine::kTrtllm, "1.2"), m, &config);
  EXPECT_EQ(t.prefix, (std::vector<std::string>{"mpirun", "--allow-run-as-root", "-H", "${MPI_HOSTS}", "-np", "16",
                                                 "trtllm-llmapi-launch"}));
  EXPECT_FALSE(fs::exists(tr / "node1.sh"));  // mpirun starts the ranks of node 1
  // On Kubernetes the leader pod's mpirun starts the same 16 ranks over the group's 2 pods.
  const fs::path k = fresh_dir("redundant-trtllm-k8s");
  const CliRun r = run({"export", sc, "--engine", "trtllm", "--target", "k8s", "-o", k.string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  const YAML::Node lws = YAML::LoadAll(read_file(k / "lws.yaml"))[0];
  EXPECT_EQ(lws["spec"]["leaderWorkerTemplate"]["size"].as<int>(), 2);
  const std::string leader = lws["spec"]["leaderWorkerTemplate"]["leaderTemplate"]["spec"]["containers"][0]["args"][0].as<std::string>();
  const auto on_pod = parse_engine_commands(leader, engine_flags(Engine::kTrtllm, "1.2"));
  ASSERT_EQ(on_pod.size(), 1u);
  EXPECT_EQ(on_pod[0].flags.at("--config"), "/moeplan/config.yaml");  // the ConfigMap, with the same 272-slot layout
  EXPECT_NE(std::find(on_pod[0].prefix.begin(), on_pod[0].prefix.end(), "16"), on_pod[0].prefix.end());
}

TEST(ExportExperts, VllmEplbOnlyForTheArchitecturesOfItsVersion) {
  // vLLM's EP guide: "Currently only DeepSeek V3 architecture is supported" for EPLB.
  const std::string sc = write_scenario("qwen-eplb.yaml",
      "model: qwen3-30b-a3b\ncluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 1024, output_tokens: 256}\n"
      "placement: {skew: \"zipf:1.01:0\", redundant_experts: 8}\nstrategy: {tp: 1, dp: 8, ep: 8}\n");
  const CliRun r = run({"export", sc, "--engine", "vllm", "--explain"});
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find("EPLB supports only deepseek_v3"), std::string::npos) << r.err;
  // SGLang expresses it: (128 + 8) / 8 = 17 slots per GPU.
  EXPECT_EQ(run({"export", sc, "--engine", "sglang", "--explain"}).rc, 0);
}

TEST(ExportMultiNode, VllmPipelineAcrossNodesUsesRay) {
  // TP 8 x PP 2 = 16 GPUs in one DP rank: larger than a node of 8, so vLLM's Ray executor.
  const fs::path d = fresh_dir("ray");
  const CliRun r = run({"export", "tests/data/export/mixtral-vllm-pp2-16xh100.yaml", "--engine", "vllm", "-o", d.string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  const std::string n0 = read_file(d / "node0.sh"), n1 = read_file(d / "node1.sh");
  EXPECT_NE(n0.find("ray start --head --port=6379"), std::string::npos);
  const ModelSpec m = load_model_preset("mixtral-8x7b", "");
  const ParsedCommand c = engine_command(n0, engine_flags(Engine::kVllm, "0.15"), m);
  EXPECT_EQ(c.flags.at("--distributed-executor-backend"), "ray");
  EXPECT_EQ(c.flags.at("--pipeline-parallel-size"), "2");
  // Node 1 only joins the Ray cluster; it runs no vLLM command of its own.
  EXPECT_NE(n1.find("ray start --block \"--address=${HEAD_ADDR}:6379\""), std::string::npos) << n1;
  EXPECT_TRUE(parse_engine_commands(n1, engine_flags(Engine::kVllm, "0.15")).empty());
}

}  // namespace
}  // namespace moeplan

namespace moeplan {
namespace {

TEST(ExportKubernetes, DataFilesTravelInAConfigMapMountedWhereTheCommandReadsThem) {
  const fs::path d = fresh_dir("trtllm-k8s");
  const CliRun r = run({"export", "tests/data/export/qwen3-235b-trtllm-8xh200.yaml", "--engine", "trtllm", "--version", "1.0",
                        "--target", "k8s", "-o", d.string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto files = files_in(d);
  ASSERT_EQ(files.size(), 1u);
  const EngineFlags& f = engine_flags(Engine::kTrtllm, "1.0");
  const ModelSpec m = load_model_preset("qwen3-235b-a22b", "");
  EXPECT_TRUE(check_export_files(as_export_files(files), f, m, 8).empty());
  const auto docs = YAML::LoadAll(files.at("lws.yaml"));
  ASSERT_EQ(docs.size(), 3u);  // LeaderWorkerSet, Service, ConfigMap
  EXPECT_EQ(docs[0]["spec"]["leaderWorkerTemplate"]["size"].as<int>(), 1);  // 8 GPUs: one node
  const YAML::Node pod = docs[0]["spec"]["leaderWorkerTemplate"]["leaderTemplate"]["spec"];
  EXPECT_EQ(pod["containers"][0]["volumeMounts"][1]["mountPath"].as<std::string>(), "/moeplan");
  EXPECT_EQ(pod["volumes"][1]["configMap"]["name"].as<std::string>(), docs[2]["metadata"]["name"].as<std::string>());
  const auto config = flatten_yaml(YAML::Load(docs[2]["data"]["config.yaml"].as<std::string>()));
  EXPECT_EQ(config.at("max_batch_size"), "32");
  // TensorRT-LLM 1.0 has no --config alias: the options file goes to --extra_llm_api_options.
  const ParsedCommand c = engine_command(pod["containers"][0]["args"][0].as<std::string>(), f, m, &config);
  EXPECT_EQ(c.flags.at("--extra_llm_api_options"), "/moeplan/config.yaml");
  EXPECT_FALSE(c.flags.count("--config"));
}

}  // namespace
}  // namespace moeplan

namespace moeplan {
namespace {

TEST(ExportOverlap, TwoBatchOverlapRunsOnDeepEp) {
  // Qwen3-30B-A3B, TP 1 x DP 8 = EP 8 on one node, runtime.two_batch_overlap.
  const std::string sc = write_scenario("tbo.yaml",
      "model: qwen3-30b-a3b\ncluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 1024, output_tokens: 256}\n"
      "runtime: {two_batch_overlap: true}\nstrategy: {tp: 1, dp: 8, ep: 8}\n");
  const ModelSpec m = load_model_preset("qwen3-30b-a3b", "");
  const fs::path v = fresh_dir("tbo-vllm"), s = fresh_dir("tbo-sglang");
  ASSERT_EQ(run({"export", sc, "--engine", "vllm", "-o", v.string()}).rc, 0);
  const ParsedCommand vc = engine_command(read_file(v / "node0.sh"), engine_flags(Engine::kVllm, "0.15"), m);
  EXPECT_TRUE(vc.flags.count("--enable-dbo"));
  // One node, but the overlap needs DeepEP; 256 output tokens x TPOT outweigh the prefill: low latency.
  EXPECT_EQ(vc.flags.at("--all2all-backend"), "deepep_low_latency");
  ASSERT_EQ(run({"export", sc, "--engine", "sglang", "-o", s.string()}).rc, 0);
  const ParsedCommand sgc = engine_command(read_file(s / "node0.sh"), engine_flags(Engine::kSglang, "0.5"), m);
  EXPECT_TRUE(sgc.flags.count("--enable-two-batch-overlap"));
  EXPECT_EQ(sgc.flags.at("--moe-a2a-backend"), "deepep");  // ep 8 == tp_size 8 (1 x 8)
  // TensorRT-LLM has no switch: exported, with the difference stated.
  const CliRun t = run({"export", sc, "--engine", "trtllm", "--explain"});
  ASSERT_EQ(t.rc, 0) << t.err;
  EXPECT_NE(t.out.find("Note: the plan assumes two-batch overlap"), std::string::npos);
}

}  // namespace
}  // namespace moeplan

namespace moeplan {
namespace {

TEST(ExportInstances, DenseDataParallelReplicasBecomeInstances) {
  // Llama-3.1-70B as TP 8 x DP 2 on 2 nodes of 8: a dense model has no attention DP, so SGLang (across
  // nodes) and TensorRT-LLM (always) run the 2 DP replicas as 2 instances of 8 GPUs.
  const std::string sc = write_scenario("dense-dp2.yaml",
      "model: llama-3.1-70b\ncluster: {gpu: h100-sxm, gpus: 16}\n"
      "workload: {input_tokens: 1024, output_tokens: 256, concurrency: 64}\nstrategy: {tp: 8, dp: 2}\n");
  const ModelSpec m = load_model_preset("llama-3.1-70b", "");
  const fs::path d = fresh_dir("instances-sglang");
  ASSERT_EQ(run({"export", sc, "--engine", "sglang", "-o", d.string()}).rc, 0);
  for (const char* node : {"node0.sh", "node1.sh"}) {  // instance 0 and instance 1, one node each
    const std::string script = read_file(d / node);
    const ParsedCommand c = engine_command(script, engine_flags(Engine::kSglang, "0.5"), m);
    EXPECT_EQ(c.flags.at("--tp-size"), "8");
    EXPECT_FALSE(c.flags.count("--dp-size"));          // each instance is one replica
    EXPECT_FALSE(c.flags.count("--nnodes"));           // of one node
    EXPECT_EQ(c.flags.at("--max-running-requests"), "32");  // 64 requests / 2 replicas
    EXPECT_NE(script.find("as 2 instances, each in 1 node of 8 GPUs"), std::string::npos);
  }
  const fs::path k = fresh_dir("instances-trtllm");
  ASSERT_EQ(run({"export", sc, "--engine", "trtllm", "--target", "k8s", "-o", k.string()}).rc, 0);
  const auto docs = YAML::LoadAll(read_file(k / "lws.yaml"));
  EXPECT_EQ(docs[0]["spec"]["replicas"].as<int>(), 2);                      // instances
  EXPECT_EQ(docs[0]["spec"]["leaderWorkerTemplate"]["size"].as<int>(), 1);  // nodes per instance
  const auto config = flatten_yaml(YAML::Load(docs[2]["data"]["config.yaml"].as<std::string>()));
  EXPECT_EQ(config.at("tensor_parallel_size"), "8");  // TP of one instance, not TP x DP
  EXPECT_EQ(config.at("enable_attention_dp"), "false");
  EXPECT_EQ(config.at("max_batch_size"), "32");
}

}  // namespace
}  // namespace moeplan

namespace moeplan {
namespace {

// Every valid strategy of two scenarios, on every engine version and target:
// either exported with every file passing the data file and the rules, or
// refused with an InputError that names the engine. Never a crash, never a
// broken file.
TEST(ExportProperty, EveryStrategyIsExportedCleanlyOrRefused) {
  int exported = 0, refused = 0;
  for (const char* path : {"tests/data/export/deepseek-v3-vllm-16xh200.yaml", "tests/data/export/mixtral-vllm-pp2-16xh100.yaml"}) {
    Scenario sc = load_scenario(std::string(MOEPLAN_SOURCE_DIR) + "/" + path);
    const StrategySpace space = enumerate_strategies(sc, false);
    ASSERT_FALSE(space.valid.empty());
    for (Engine e : {Engine::kVllm, Engine::kSglang, Engine::kTrtllm}) {
      sc.runtime.engine = e;
      for (const auto& cand : space.valid) {
        const Plan p = evaluate_plan(sc, cand.strategy);
        if (!p.memory.fits) continue;
        for (const auto& version : engine_versions(e))
          for (ExportTarget target : {ExportTarget::kShell, ExportTarget::kK8s}) {
            ExportOptions o;
            o.engine = e;
            o.version = version;
            o.target = target;
            try {
              const Launch l = build_launch(p, o);
              const auto files = render_export(l, "test");
              const auto problems = check_export_files(files, *l.flags, sc.model, l.pools.front().gpus_per_node);
              EXPECT_TRUE(problems.empty()) << cand.strategy.label() << " " << to_string(e) << " " << version << ": " << problems.front();
              ++exported;
            } catch (const InputError& err) {
              EXPECT_NE(std::string(err.what()).find(to_string(e)), std::string::npos) << err.what();
              ++refused;
            }
          }
      }
    }
  }
  EXPECT_GT(exported, 0);
  EXPECT_GT(refused, 0);  // TensorRT-LLM cannot write attention TP inside DP, for one
}

}  // namespace
}  // namespace moeplan

namespace moeplan {
namespace {

TEST(ExportVersions, Sglang04SwitchesExpertParallelismOn) {
  // SGLang 0.4: DeepEP by --enable-deepep-moe, which sets ep_size = tp_size = 16 itself.
  const fs::path d = fresh_dir("sglang-0.4");
  ASSERT_EQ(run({"export", "tests/data/export/deepseek-v3-sglang-16xh200.yaml", "--engine", "sglang", "--version", "0.4", "-o",
                 d.string()}).rc, 0);
  const ModelSpec m = load_model_preset("deepseek-v3", "");
  const ParsedCommand c = engine_command(read_file(d / "node0.sh"), engine_flags(Engine::kSglang, "0.4"), m);
  EXPECT_TRUE(c.flags.count("--enable-deepep-moe"));
  EXPECT_FALSE(c.flags.count("--ep-size"));
  EXPECT_EQ(c.flags.at("--tp-size"), "16");
  // EP 4 inside tp_size 8 (expert TP 2) has no 0.4 spelling: refused; 0.5 writes --ep-size 4.
  const std::string sc = write_scenario("ep4.yaml",
      "model: qwen3-30b-a3b\ncluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 1024, output_tokens: 256}\n"
      "strategy: {tp: 2, dp: 4, ep: 4, etp: 2}\n");
  const CliRun r = run({"export", sc, "--engine", "sglang", "--version", "0.4", "--explain"});
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find("--enable-ep-moe sets ep_size = tp_size = 8"), std::string::npos) << r.err;
  EXPECT_EQ(run({"export", sc, "--engine", "sglang", "--version", "0.5", "--explain"}).rc, 0);
}

}  // namespace
}  // namespace moeplan

namespace moeplan {
namespace {

TEST(ExportInstances, StrategyInstancesBecomeReplicas) {
  // Issue 10: four TP2 instances of Mixtral on one node of 8 GPUs: a
  // LeaderWorkerSet of 4 replicas (instances) of 1 node each, every instance
  // launched with TP 2; 64 requests / 4 instances = 16 per instance.
  const std::string sc = write_scenario("moe-instances.yaml",
      "model: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 8, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512, concurrency: 64}\nstrategy: {tp: 2, instances: 4}\n");
  const fs::path k = fresh_dir("strategy-instances-vllm");
  ASSERT_EQ(run({"export", sc, "--engine", "vllm", "--target", "k8s", "-o", k.string()}).rc, 0);
  const std::string lws = read_file(k / "lws.yaml");
  const auto docs = YAML::LoadAll(lws);
  EXPECT_EQ(docs[0]["spec"]["replicas"].as<int>(), 4);                      // instances
  EXPECT_EQ(docs[0]["spec"]["leaderWorkerTemplate"]["size"].as<int>(), 1);  // nodes per instance
  EXPECT_NE(lws.find("--tensor-parallel-size 2"), std::string::npos) << lws;
}

}  // namespace
}  // namespace moeplan

// ---- disaggregated deployments (issue 10): prefill and decode pools and their router ----

namespace moeplan {
namespace {

// The router's flags of a script: flag -> the values of each use.
std::map<std::string, std::vector<std::vector<std::string>>> router_flags(const std::string& script, const EngineFlags& f) {
  const RouterCommand r = parse_router_command(script, f);
  EXPECT_TRUE(r.found) << script;
  EXPECT_TRUE(r.problems.empty()) << r.problems.front();
  return r.flags;
}

using Uses = std::map<std::string, std::vector<std::vector<std::string>>>;

TEST(GoldenExportDisaggregated, DeepSeekV3SglangPrefillDecodeAndRouter) {
  // SGLang's multi-node DeepSeek PD layout: a prefill and a decode instance of tp=2 dp=8 ep=16 on 2 nodes of
  // 8 H200 each (tests/data/export/deepseek-v3-disagg-sglang-32xh200.yaml).
  const auto files = export_golden({"tests/data/export/deepseek-v3-disagg-sglang-32xh200.yaml", "--engine", "sglang"},
                                   "deepseek-v3-sglang-disagg");
  // 2 + 2 node scripts (16 GPUs per instance / 8 per node) and the router.
  ASSERT_EQ(files.size(), 5u);
  const EngineFlags& f = engine_flags(Engine::kSglang, "0.5");
  const ModelSpec m = load_model_preset("deepseek-v3", "");
  const auto problems = check_disaggregated_files(as_export_files(files), f, m, {{"prefill", {8, 1}}, {"decode", {8, 1}}});
  EXPECT_TRUE(problems.empty()) << problems.front();
  const Flags both = {
      {"--model-path", "deepseek-ai/DeepSeek-V3"},
      {"--tp-size", "16"},                       // DP attention: --tp-size counts all 2 x 8 = 16 GPUs of the stage
      {"--dp-size", "8"},
      {"--enable-dp-attention", ""},
      {"--ep-size", "16"},
      {"--moe-a2a-backend", "deepep"},           // EP 16 spans both nodes and equals tp_size 16
      {"--mem-fraction-static", "0.8"},          // runtime.memory_fraction
      {"--kv-cache-dtype", "fp8_e4m3"},          // model kv_cache_dtype fp8, as SGLang spells it
      {"--chunked-prefill-size", "65536"},       // 8192 tokens per DP rank x 8: a total, server_args.py divides by dp
      {"--context-length", "3072"},              // 2048 input + 1024 output tokens
      {"--trust-remote-code", ""},
      {"--host", "0.0.0.0"},
      {"--port", "30000"},                       // SGLang's port; the router names it
      {"--disaggregation-transfer-backend", "mooncake"},  // the data file's backend, the same on both pools
      {"--nnodes", "2"},
      {"--dist-init-addr", "${HEAD_ADDR}:5000"}};
  for (int node = 0; node < 2; ++node) {
    Flags prefill = both;
    prefill["--deepep-mode"] = "normal";                     // prefill passes only: DeepEP's normal kernels
    prefill["--disaggregation-mode"] = "prefill";
    prefill["--disaggregation-bootstrap-port"] = "8998";     // SGLang's default, written for the router
    prefill["--node-rank"] = std::to_string(node);
    // Same tp_size 16 and DP 8 on both sides: no --disaggregation-decode-tp/-dp; the prefill's request cap is
    // left to SGLang (its token budget bounds a prefill pass).
    EXPECT_EQ(engine_command(files.at("prefill-node" + std::to_string(node) + ".sh"), f, m).flags, prefill);
    Flags decode = both;
    decode["--deepep-mode"] = "low_latency";                 // decode steps only
    decode["--disaggregation-mode"] = "decode";
    // The decode pool's concurrency: 197 requests per DP rank, the most whose TPOT (49.9 ms) meets the 50 ms
    // objective (within the KV capacity of 594), x 8 DP ranks = 1576, a total SGLang divides by dp.
    decode["--max-running-requests"] = "1576";
    decode["--node-rank"] = std::to_string(node);
    EXPECT_EQ(engine_command(files.at("decode-node" + std::to_string(node) + ".sh"), f, m).flags, decode);
  }
  // The router: one --prefill URL with the bootstrap port and one --decode URL, node 0 of each instance.
  EXPECT_EQ(router_flags(files.at("router.sh"), f), (Uses{
      {"--pd-disaggregation", {{}}},
      {"--prefill", {{"http://${PREFILL0_ADDR}:30000", "8998"}}},
      {"--decode", {{"http://${DECODE0_ADDR}:30000"}}},
      {"--host", {{"0.0.0.0"}}},
      {"--port", {{"8000"}}}}));  // the data file's router port; clients send requests here
}

// ---- NVIDIA Dynamo (--target dynamo): the same SGLang flags inside a DynamoGraphDeployment ----

// The worker's args of service `name` in dynamo.yaml, parsed as SGLang flags behind `python3 -m dynamo.sglang`.
Flags dynamo_worker_flags(const std::string& text, const std::string& name) {
  YAML::Node g;
  for (const YAML::Node& doc : YAML::LoadAll(text))
    if (doc["kind"].as<std::string>() == "DynamoGraphDeployment") g = doc;
  Flags out;
  const YAML::Node args = g["spec"]["services"][name]["extraPodSpec"]["mainContainer"]["args"];
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string flag = args[i].as<std::string>();
    const bool has_value = i + 1 < args.size() && args[i + 1].as<std::string>().rfind("--", 0) != 0;
    out[flag] = has_value ? args[++i].as<std::string>() : "";
  }
  return out;
}

TEST(GoldenExportDynamo, DeepSeekV3SglangAggregatedOnTwoNodes) {
  // tests/data/export/deepseek-v3-sglang-16xh200.yaml (tp=2 dp=8 ep=16 on 2 nodes of 8 H200), as one Dynamo worker service.
  const auto files = export_golden({"tests/data/export/deepseek-v3-sglang-16xh200.yaml", "--engine", "sglang", "--target", "dynamo"},
                                   "deepseek-v3-sglang-dynamo");
  ASSERT_EQ(files.size(), 1u);  // dynamo.yaml: no expert layout file (no placement:)
  const std::string& y = files.at("dynamo.yaml");
  const EngineFlags& f = engine_flags(Engine::kSglang, "0.5");  // Dynamo 1.0.0 runs SGLang 0.5.9
  const ModelSpec m = load_model_preset("deepseek-v3", "");
  // One instance (replicas 1) of 16 GPUs = nodeCount 2 x gpu 8.
  const auto problems = check_dynamo_files(as_export_files(files), dynamo_spec(), f, m, {{"worker", {8, 2, 1}}});
  EXPECT_TRUE(problems.empty()) << problems.front();
  const YAML::Node g = YAML::LoadAll(y).front();
  EXPECT_EQ(g["apiVersion"].as<std::string>(), "nvidia.com/v1alpha1");
  EXPECT_EQ(g["metadata"]["name"].as<std::string>(), "deepseek-v3-sglang-16xh200-dynamo");  // the scenario's name + "-dynamo"
  const YAML::Node s = g["spec"]["services"];
  EXPECT_EQ(s.size(), 2u);  // Frontend and worker: aggregated, so no prefill/decode services
  EXPECT_EQ(s["Frontend"]["extraPodSpec"]["mainContainer"]["args"][1].as<std::string>(), "8000");  // --http-port 8000
  EXPECT_EQ(s["worker"]["replicas"].as<int>(), 1);                            // 1 instance
  EXPECT_EQ(s["worker"]["multinode"]["nodeCount"].as<int>(), 2);             // 16 GPUs / 8 per node
  EXPECT_EQ(s["worker"]["resources"]["limits"]["gpu"].as<std::string>(), "8");  // GPUs per node, not per instance
  EXPECT_FALSE(s["worker"]["subComponentType"]);
  EXPECT_EQ(s["worker"]["extraPodSpec"]["mainContainer"]["image"].as<std::string>(), "nvcr.io/nvidia/ai-dynamo/sglang-runtime:1.0.0");
  // The shell target's flags (GoldenExport.DeepSeekV3SglangDpAttentionDeepEp, where each value is derived), less
  // --port (the Frontend serves HTTP) and --nnodes / --dist-init-addr / --node-rank (the operator adds them),
  // plus Dynamo's --skip-tokenizer-init (the Frontend tokenizes).
  EXPECT_EQ(dynamo_worker_flags(y, "worker"), (Flags{
      {"--model-path", "deepseek-ai/DeepSeek-V3"},
      {"--tp-size", "16"},                  // DP attention: 2 x 8 GPUs of the stage
      {"--dp-size", "8"},
      {"--enable-dp-attention", ""},
      {"--ep-size", "16"},
      {"--moe-a2a-backend", "deepep"},      // EP 16 spans the 2 nodes and equals tp_size
      {"--mem-fraction-static", "0.8"},     // runtime.memory_fraction
      {"--kv-cache-dtype", "fp8_e4m3"},     // fp8 KV as SGLang spells it
      {"--max-running-requests", "512"},    // 64 per DP rank x 8, a total SGLang divides by dp
      {"--chunked-prefill-size", "65536"},  // 8192 tokens per rank x 8
      {"--context-length", "3072"},         // 2048 + 1024 tokens
      {"--trust-remote-code", ""},
      {"--host", "0.0.0.0"},
      {"--skip-tokenizer-init", ""}}));
}

TEST(GoldenExportDynamo, DeepSeekV3SglangPrefillDecodeWorkers) {
  // tests/data/export/deepseek-v3-disagg-sglang-32xh200.yaml: a prefill and a decode instance of tp=2 dp=8 ep=16, 2 nodes of 8 H200 each.
  const auto files = export_golden({"tests/data/export/deepseek-v3-disagg-sglang-32xh200.yaml", "--engine", "sglang", "--target", "dynamo"},
                                   "deepseek-v3-sglang-disagg-dynamo");
  ASSERT_EQ(files.size(), 1u);  // dynamo.yaml: the Frontend replaces router.sh
  const std::string& y = files.at("dynamo.yaml");
  const EngineFlags& f = engine_flags(Engine::kSglang, "0.5");
  const ModelSpec m = load_model_preset("deepseek-v3", "");
  const auto problems =
      check_dynamo_files(as_export_files(files), dynamo_spec(), f, m, {{"prefill", {8, 2, 1}}, {"decode", {8, 2, 1}}});
  EXPECT_TRUE(problems.empty()) << problems.front();
  const YAML::Node s = YAML::LoadAll(y).front()["spec"]["services"];
  EXPECT_EQ(s.size(), 3u);  // Frontend, prefill, decode
  for (const char* role : {"prefill", "decode"}) {
    EXPECT_EQ(s[role]["subComponentType"].as<std::string>(), role);
    EXPECT_EQ(s[role]["replicas"].as<int>(), 1);                   // instances: 1 each
    EXPECT_EQ(s[role]["multinode"]["nodeCount"].as<int>(), 2);    // 16 GPUs per instance / 8 per node
    EXPECT_EQ(s[role]["resources"]["limits"]["gpu"].as<std::string>(), "8");
  }
  // The shell target's flags (GoldenExportDisaggregated.DeepSeekV3SglangPrefillDecodeAndRouter derives each), less
  // --port and the operator's multi-node flags, with NIXL as Dynamo's examples move the KV, and --skip-tokenizer-init.
  const Flags both = {
      {"--model-path", "deepseek-ai/DeepSeek-V3"},
      {"--tp-size", "16"},
      {"--dp-size", "8"},
      {"--enable-dp-attention", ""},
      {"--ep-size", "16"},
      {"--moe-a2a-backend", "deepep"},
      {"--mem-fraction-static", "0.8"},
      {"--kv-cache-dtype", "fp8_e4m3"},
      {"--chunked-prefill-size", "65536"},
      {"--context-length", "3072"},
      {"--trust-remote-code", ""},
      {"--host", "0.0.0.0"},
      {"--disaggregation-transfer-backend", "nixl"},  // dynamo-1.0.yaml's backend (disagg.yaml), the same on both pools
      {"--skip-tokenizer-init", ""}};
  Flags prefill = both;
  prefill["--deepep-mode"] = "normal";                  // prefill passes only
  prefill["--disaggregation-mode"] = "prefill";
  prefill["--disaggregation-bootstrap-port"] = "8998";  // SGLang's default on the prefill server, written out
  EXPECT_EQ(dynamo_worker_flags(y, "prefill"), prefill);
  Flags decode = both;
  decode["--deepep-mode"] = "low_latency";              // decode steps only
  decode["--disaggregation-mode"] = "decode";
  decode["--max-running-requests"] = "1576";            // 197 per DP rank (TPOT 49.9 ms under the 50 ms objective) x 8
  EXPECT_EQ(dynamo_worker_flags(y, "decode"), decode);
}

TEST(GoldenExportDisaggregated, Qwen3VllmNixlOnKubernetes) {
  // Two prefill instances of DP 4 / EP 4 and one decode instance of DP 8 / EP 8 on 16 H100
  // (tests/data/export/qwen3-30b-disagg-vllm-16xh100.yaml).
  const auto files = export_golden({"tests/data/export/qwen3-30b-disagg-vllm-16xh100.yaml", "--engine", "vllm", "--target", "k8s"},
                                   "qwen3-30b-vllm-disagg-k8s");
  ASSERT_EQ(files.size(), 3u);  // prefill-lws.yaml, decode-lws.yaml, router.yaml
  const EngineFlags& f = engine_flags(Engine::kVllm, "0.15");
  const ModelSpec m = load_model_preset("qwen3-30b-a3b", "");
  // An instance of 4 GPUs is a pod of 4 GPUs (an instance never shares a pod).
  const auto problems = check_disaggregated_files(as_export_files(files), f, m, {{"prefill", {4, 2}}, {"decode", {8, 1}}});
  EXPECT_TRUE(problems.empty()) << problems.front();
  const auto prefill = YAML::LoadAll(files.at("prefill-lws.yaml"));
  ASSERT_EQ(prefill.size(), 3u);  // the LeaderWorkerSet and a Service per instance
  EXPECT_EQ(prefill[0]["metadata"]["name"].as<std::string>(), "qwen3-30b-pd-vllm-prefill-vllm");
  EXPECT_EQ(prefill[0]["spec"]["replicas"].as<int>(), 2);                      // 2 prefill instances
  EXPECT_EQ(prefill[0]["spec"]["leaderWorkerTemplate"]["size"].as<int>(), 1);  // 4 GPUs fit one node
  const YAML::Node leader = prefill[0]["spec"]["leaderWorkerTemplate"]["leaderTemplate"]["spec"]["containers"][0];
  EXPECT_EQ(leader["resources"]["limits"]["nvidia.com/gpu"].as<std::string>(), "4");
  EXPECT_EQ(leader["env"][0]["name"].as<std::string>(), "POD_IP");  // the downward API gives the pod's address
  for (int i = 0; i < 2; ++i) {
    // Instance i's leader, by the labels LeaderWorkerSet puts on its pods; the LeaderWorkerSet's own headless
    // Service keeps the set's name.
    const YAML::Node svc = prefill[1 + i];
    EXPECT_EQ(svc["metadata"]["name"].as<std::string>(), "qwen3-30b-pd-vllm-prefill-vllm-api-" + std::to_string(i));
    EXPECT_EQ(svc["spec"]["selector"]["leaderworkerset.sigs.k8s.io/group-index"].as<std::string>(), std::to_string(i));
  }
  const Flags common = {
      {"--tensor-parallel-size", "1"},
      {"--pipeline-parallel-size", "1"},
      {"--enable-expert-parallel", ""},        // EP = TP x DP
      {"--gpu-memory-utilization", "0.9"},
      {"--kv-cache-dtype", "auto"},            // bf16 KV = the activation dtype
      {"--max-num-batched-tokens", "8192"},    // the prefill chunk (vLLM's default budget on 80 GB GPUs)
      {"--max-model-len", "4608"},             // 4096 + 512 tokens
      {"--port", "8000"}};
  Flags p = common;
  p["--data-parallel-size"] = "4";
  // NixlConnector; vLLM 0.15's guide gives prefill instances kv_producer.
  p["--kv-transfer-config"] = "{\"kv_connector\":\"NixlConnector\",\"kv_role\":\"kv_producer\"}";
  const ParsedCommand pc = engine_command(leader["args"][0].as<std::string>(), f, m);
  EXPECT_EQ(pc.flags, p);  // no --max-num-seqs: a prefill pass is bounded by its token budget
  EXPECT_EQ(pc.env, (Flags{{"VLLM_NIXL_SIDE_CHANNEL_HOST", "${POD_IP}"}}));  // where decode instances reach its KV
  const auto decode = YAML::LoadAll(files.at("decode-lws.yaml"));
  ASSERT_EQ(decode.size(), 2u);
  EXPECT_EQ(decode[0]["spec"]["replicas"].as<int>(), 1);
  Flags d = common;
  d["--data-parallel-size"] = "8";
  // 128 requests per DP rank: the most whose decode step meets TPOT 30 ms (29.8 ms), within the KV
  // capacity of 136 per rank.
  d["--max-num-seqs"] = "128";
  d["--kv-transfer-config"] = "{\"kv_connector\":\"NixlConnector\",\"kv_role\":\"kv_consumer\"}";
  EXPECT_EQ(engine_command(decode[0]["spec"]["leaderWorkerTemplate"]["leaderTemplate"]["spec"]["containers"][0]["args"][0].as<std::string>(),
                           f, m).flags,
            d);
  // The router: vLLM's NIXL proxy (toy_proxy_server.py, mounted from a ConfigMap the user creates), one host
  // per instance, each instance's Service.
  const auto router = YAML::LoadAll(files.at("router.yaml"));
  ASSERT_EQ(router.size(), 2u);  // Deployment, Service
  const YAML::Node proxy = router[0]["spec"]["template"]["spec"];
  EXPECT_EQ(proxy["volumes"][0]["configMap"]["name"].as<std::string>(), "qwen3-30b-pd-vllm-router-vllm-proxy");
  EXPECT_EQ(router_flags(proxy["containers"][0]["args"][0].as<std::string>(), f), (Uses{
      {"--host", {{"0.0.0.0"}}},               // the proxy listens on 127.0.0.1 by default
      {"--port", {{"8192"}}},                  // the port of vLLM's guide
      {"--prefiller-hosts", {{"qwen3-30b-pd-vllm-prefill-vllm-api-0", "qwen3-30b-pd-vllm-prefill-vllm-api-1"}}},
      {"--prefiller-ports", {{"8000", "8000"}}},
      {"--decoder-hosts", {{"qwen3-30b-pd-vllm-decode-vllm-api-0"}}},
      {"--decoder-ports", {{"8000"}}}}));
  EXPECT_EQ(router[1]["spec"]["ports"][0]["port"].as<int>(), 8192);
}

TEST(GoldenExportDisaggregated, Qwen3TrtllmContextGenerationAndFrontEnd) {
  // One context and one generation server, each DEP8 on a node of 8 H200
  // (tests/data/export/qwen3-235b-disagg-trtllm-16xh200.yaml).
  const auto files = export_golden({"tests/data/export/qwen3-235b-disagg-trtllm-16xh200.yaml", "--engine", "trtllm"},
                                   "qwen3-235b-trtllm-disagg");
  // prefill-node0.sh, decode-node0.sh, router.sh and their files: prefill-config.yaml, decode-config.yaml, disagg_config.yaml.
  ASSERT_EQ(files.size(), 6u);
  const EngineFlags& f = engine_flags(Engine::kTrtllm, "1.2");
  const ModelSpec m = load_model_preset("qwen3-235b-a22b", "");
  const auto problems = check_disaggregated_files(as_export_files(files), f, m, {{"prefill", {8, 1}}, {"decode", {8, 1}}});
  EXPECT_TRUE(problems.empty()) << problems.front();
  const Flags both = {
      {"tensor_parallel_size", "8"},            // attention DP over 8 ranks
      {"pipeline_parallel_size", "1"},
      {"moe_expert_parallel_size", "8"},
      {"moe_tensor_parallel_size", "1"},        // moe_tp 1 x moe_ep 8 = tp 8
      {"enable_attention_dp", "true"},
      {"max_num_tokens", "8192"},               // the prefill chunk, a multiple of the 32-token block
      {"max_seq_len", "5120"},                  // 4096 + 1024 tokens
      {"enable_chunked_prefill", "true"},
      {"kv_cache_config.free_gpu_memory_fraction", "0.85"},
      {"kv_cache_config.dtype", "auto"},
      {"cache_transceiver_config.backend", "UCX"},             // the data file's backend, the same on both pools
      {"cache_transceiver_config.max_tokens_in_buffer", "4096"}};  // >= the 4096-token input, a multiple of 32
  Flags context = both;
  context["disable_overlap_scheduler"] = "true";  // not supported on disaggregated context servers
  const auto pconfig = flatten_yaml(YAML::Load(files.at("prefill-config.yaml")));
  EXPECT_EQ(pconfig, context);  // no max_batch_size: a context pass is bounded by max_num_tokens
  Flags generation = both;
  // 59 requests per attention-DP rank: the most whose TPOT (49.9 ms) meets the 50 ms objective.
  generation["max_batch_size"] = "59";
  const auto dconfig = flatten_yaml(YAML::Load(files.at("decode-config.yaml")));
  EXPECT_EQ(dconfig, generation);
  EXPECT_EQ(engine_command(files.at("prefill-node0.sh"), f, m, &pconfig).flags.at("--config"), "${MOEPLAN_DIR}/prefill-config.yaml");
  EXPECT_EQ(engine_command(files.at("decode-node0.sh"), f, m, &dconfig).flags.at("--config"), "${MOEPLAN_DIR}/decode-config.yaml");
  // The front end: trtllm-serve disaggregated -c, its servers from the instances' addresses.
  EXPECT_EQ(router_flags(files.at("router.sh"), f), (Uses{{"-c", {{"${CONFIG}"}}}}));  // the copy with the addresses filled in
  const YAML::Node front = YAML::Load(files.at("disagg_config.yaml"));
  EXPECT_EQ(front["port"].as<int>(), 8100);  // the data file's front-end port; the servers keep 8000
  EXPECT_EQ(front["context_servers"]["num_instances"].as<int>(), 1);
  EXPECT_EQ(front["context_servers"]["urls"][0].as<std::string>(), "${PREFILL0_ADDR}:8000");
  EXPECT_EQ(front["generation_servers"]["urls"][0].as<std::string>(), "${DECODE0_ADDR}:8000");
}

TEST(ExportRecipes, SglangPdDisaggregationDeepSeek) {
  // sgl-project/sglang docs/advanced_features/pd_disaggregation.md @cccb654, "DeepSeek Multi-Node" (reference
  // A.2): each side --nnodes 2 --tp-size 16 --dp-size 8 --enable-dp-attention --moe-a2a-backend deepep
  // --mem-fraction-static 0.8, prefill --disaggregation-mode prefill, decode --disaggregation-mode decode,
  // routed by sglang_router.launch_router --pd-disaggregation --prefill URL --decode URL.
  const fs::path dir = fresh_dir("recipe-sglang-pd");
  const CliRun r = run({"export", "tests/data/export/deepseek-v3-disagg-sglang-32xh200.yaml", "--engine", "sglang", "--model-path",
                        "deepseek-ai/DeepSeek-V3-0324", "-o", dir.string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  const EngineFlags& f = engine_flags(Engine::kSglang, "0.5");
  const ModelSpec m = load_model_preset("deepseek-v3", "");
  for (const std::string role : {"prefill", "decode"})
    for (int node = 0; node < 2; ++node) {
      const ParsedCommand c = engine_command(read_file(dir / (role + "-node" + std::to_string(node) + ".sh")), f, m);
      expect_recipe(c, {{"--model-path", "deepseek-ai/DeepSeek-V3-0324"}, {"--disaggregation-mode", role},
                        {"--trust-remote-code", ""}, {"--dist-init-addr", "${HEAD_ADDR}:5000"}, {"--nnodes", "2"},
                        {"--node-rank", std::to_string(node)}, {"--tp-size", "16"}, {"--dp-size", "8"},
                        {"--enable-dp-attention", ""}, {"--moe-a2a-backend", "deepep"}, {"--mem-fraction-static", "0.8"}});
    }
  const auto router = router_flags(read_file(dir / "router.sh"), f);
  EXPECT_TRUE(router.count("--pd-disaggregation"));
  EXPECT_EQ(router.at("--prefill").size(), 1u);
  EXPECT_EQ(router.at("--decode").size(), 1u);
}

// Every disaggregated scenario on every engine version and target: exported
// with every file passing the data file, the engine rules and the pairing
// rules, or refused with the reason (exit 2). The router of each pairs every
// instance.
TEST(ExportDisaggregated, EveryEngineVersionAndTargetExportsCleanlyOrRefuses) {
  int exported = 0, refused = 0;
  for (const char* path : {"tests/data/export/deepseek-v3-disagg-sglang-32xh200.yaml", "tests/data/export/qwen3-30b-disagg-vllm-16xh100.yaml",
                           "tests/data/export/qwen3-235b-disagg-trtllm-16xh200.yaml", "examples/disagg/sglang-96xh100.yaml"}) {
    for (Engine e : {Engine::kVllm, Engine::kSglang, Engine::kTrtllm}) {
      const auto src = plan_for_export(std::string(MOEPLAN_SOURCE_DIR) + "/" + path, e);
      ASSERT_TRUE(src->deployment.has_value()) << path;
      for (const auto& version : engine_versions(e))
        for (ExportTarget target : {ExportTarget::kShell, ExportTarget::kK8s}) {
          ExportOptions o;
          o.engine = e;
          o.version = version;
          o.target = target;
          const std::string what = std::string(path) + " " + to_string(e) + " " + version + (target == ExportTarget::kK8s ? " k8s" : " shell");
          try {
            const Launch l = launch_for(*src, o);
            const auto files = render_export(l, "test");
            const auto problems = check_launch_files(files, l);
            EXPECT_TRUE(problems.empty()) << what << ": " << problems.front();
            EXPECT_TRUE(l.router.has_value()) << what;
            ++exported;
          } catch (const InputError& err) {
            // SGLang refuses unequal prefill and decode TP for a non-MLA model (sglang#15674).
            EXPECT_NE(std::string(err.what()).find(to_string(e)), std::string::npos) << what << ": " << err.what();
            ++refused;
          }
        }
    }
  }
  EXPECT_GT(exported, 30);
  EXPECT_GT(refused, 0);
}

TEST(ExportDisaggregated, PairingRulesCatchTheirViolations) {
  const fs::path dir = fresh_dir("pair-rules");
  ASSERT_EQ(run({"export", "tests/data/export/deepseek-v3-disagg-sglang-32xh200.yaml", "--engine", "sglang", "-o", dir.string()}).rc, 0);
  const EngineFlags& f = engine_flags(Engine::kSglang, "0.5");
  const ModelSpec m = load_model_preset("deepseek-v3", "");
  const std::map<std::string, PoolShape> shape = {{"prefill", {8, 1}}, {"decode", {8, 1}}};
  auto problems_after = [&](const std::string& file, const std::string& from, const std::string& to) {
    auto files = files_in(dir);
    std::string& text = files.at(file);
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return check_disaggregated_files(as_export_files(files), f, m, shape);
  };
  EXPECT_TRUE(problems_after("router.sh", "8000", "8000").empty());  // unchanged: clean
  // Both pools in prefill mode; the decode pool on another transfer backend.
  EXPECT_FALSE(problems_after("decode-node0.sh", "--disaggregation-mode decode", "--disaggregation-mode prefill").empty());
  EXPECT_FALSE(problems_after("decode-node1.sh", "--disaggregation-transfer-backend mooncake", "--disaggregation-transfer-backend nixl").empty());
  // The router names another bootstrap port than the prefill serves, or forgets the PD mode.
  EXPECT_FALSE(problems_after("router.sh", ":30000\" 8998", ":30000\" 9000").empty());
  EXPECT_FALSE(problems_after("router.sh", "--pd-disaggregation \\\n", "").empty());
  // The prefill names a decode layout the decode pool does not have.
  EXPECT_FALSE(problems_after("prefill-node0.sh", "--disaggregation-bootstrap-port 8998", "--disaggregation-bootstrap-port 8998 \\\n  --disaggregation-decode-tp 8").empty());
  // TensorRT-LLM: a context server with the overlap scheduler, and a front end counting two context servers.
  const fs::path t = fresh_dir("pair-rules-trtllm");
  ASSERT_EQ(run({"export", "tests/data/export/qwen3-235b-disagg-trtllm-16xh200.yaml", "--engine", "trtllm", "-o", t.string()}).rc, 0);
  const EngineFlags& tf = engine_flags(Engine::kTrtllm, "1.2");
  const ModelSpec q = load_model_preset("qwen3-235b-a22b", "");
  auto trt_after = [&](const std::string& file, const std::string& from, const std::string& to) {
    auto files = files_in(t);
    std::string& text = files.at(file);
    text.replace(text.find(from), from.size(), to);
    return check_disaggregated_files(as_export_files(files), tf, q, shape);
  };
  EXPECT_FALSE(trt_after("prefill-config.yaml", "disable_overlap_scheduler: true", "disable_overlap_scheduler: false").empty());
  EXPECT_FALSE(trt_after("disagg_config.yaml", "num_instances: 1", "num_instances: 2").empty());
  EXPECT_FALSE(trt_after("decode-config.yaml", "backend: UCX", "backend: NIXL").empty());
  // vLLM: a decode instance that cannot consume KV.
  const fs::path v = fresh_dir("pair-rules-vllm");
  ASSERT_EQ(run({"export", "tests/data/export/qwen3-30b-disagg-vllm-16xh100.yaml", "--engine", "vllm", "-o", v.string()}).rc, 0);
  auto files = files_in(v);
  std::string& text = files.at("decode-node0.sh");
  text.replace(text.find("kv_consumer"), 11, "kv_producer");
  EXPECT_FALSE(check_disaggregated_files(as_export_files(files), engine_flags(Engine::kVllm, "0.15"), load_model_preset("qwen3-30b-a3b", ""),
                                         {{"prefill", {4, 2}}, {"decode", {8, 1}}})
                   .empty());
}

TEST(ExportDisaggregated, RefusedWithTheReason) {
  // SGLang moves a non-MLA model's KV only between equal TP (sglang#15674): Qwen3's TP 2 prefill and TP 4
  // decode are refused for SGLang, written for vLLM.
  const std::string unequal = write_scenario("unequal-tp.yaml",
      "model: qwen3-30b-a3b\ncluster: {gpu: h100-sxm, gpus: 8, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 256}\nruntime: {engine: vllm}\n"
      "serving: {mode: disaggregated, prefill: {strategy: {tp: 2}, instances: 2}, decode: {strategy: {tp: 4}, instances: 1}}\n");
  CliRun r = run({"export", unequal, "--engine", "sglang", "--explain"});
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find("sglang#15674"), std::string::npos) << r.err;
  EXPECT_EQ(run({"export", unequal, "--engine", "vllm", "--explain"}).rc, 0);
}

TEST(ExportDisaggregated, TrtllmMultiNodePoolsOnKubernetes) {
  // examples/disagg/sglang-96xh100.yaml: the prefill instances of 24 GPUs span 3 nodes of 8. Each pool is a
  // LeaderWorkerSet whose group is one MPI world: the leader's mpirun starts size x 8 ranks over the
  // group's pods, whose SSH servers it logs in to with the pool's own key pair Secret.
  const fs::path dir = fresh_dir("trtllm-disagg-k8s");
  const CliRun r = run({"export", "examples/disagg/sglang-96xh100.yaml", "--engine", "trtllm", "--target", "k8s", "-o", dir.string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  const YAML::Node prefill = YAML::LoadAll(read_file(dir / "prefill-lws.yaml"))[0];
  const int size = prefill["spec"]["leaderWorkerTemplate"]["size"].as<int>();
  EXPECT_EQ(size, 3);  // 24 GPUs / 8 per node
  const YAML::Node t = prefill["spec"]["leaderWorkerTemplate"];
  const std::string leader = t["leaderTemplate"]["spec"]["containers"][0]["args"][0].as<std::string>();
  // Two workers, <lws>-<group>-1 and -2 under the group's subdomain, 8 slots each beside the leader's 8.
  EXPECT_NE(leader.find("MPI_HOSTS=\"${LWS_LEADER_ADDRESS}:8,${LEADER_POD}-1.${GROUP_DOMAIN}:8,${LEADER_POD}-2.${GROUP_DOMAIN}:8\""),
            std::string::npos) << leader;
  EXPECT_NE(leader.find("-np 24"), std::string::npos) << leader;  // 3 pods x 8 GPUs
  EXPECT_NE(t["workerTemplate"]["spec"]["containers"][0]["args"][0].as<std::string>().find("exec /usr/sbin/sshd -D"), std::string::npos);
  const std::string name = prefill["metadata"]["name"].as<std::string>();
  EXPECT_EQ(t["leaderTemplate"]["spec"]["volumes"][2]["secret"]["secretName"].as<std::string>(), name + "-ssh");
  // The header says which Secret to create, and how.
  EXPECT_NE(read_file(dir / "prefill-lws.yaml").find("kubectl create secret generic " + name + "-ssh"), std::string::npos);
}

TEST(ExportDisaggregated, ExplainListsEachPoolAndTheRouter) {
  const CliRun r = run({"export", "tests/data/export/qwen3-30b-disagg-vllm-16xh100.yaml", "--engine", "vllm", "--explain"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("for disaggregated 2P:1D: prefill 2 x (tp=1 pp=1 dp=4 ep=4 etp=1), decode 1 x"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("prefill pool: 2 instances of 1 node x 4 GPUs"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("decode pool: 1 instance of 1 node x 8 GPUs"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--kv-transfer-config"), std::string::npos);
  EXPECT_NE(r.out.find("router (clients send requests here):"), std::string::npos);
  EXPECT_NE(r.out.find("--prefiller-hosts"), std::string::npos);
}

TEST(ExportDisaggregated, ServingModeAutoExportsTheWinner) {
  // examples/disagg/auto-96xh100.yaml: plan's comparison says disaggregated wins (50% more output tokens/s
  // per GPU), so export writes its pools and router.
  const CliRun r = run({"export", "examples/disagg/auto-96xh100.yaml", "--engine", "sglang", "--explain"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("for disaggregated 2P:1D"), std::string::npos) << r.out.substr(0, 300);
  EXPECT_NE(r.out.find("--disaggregation-mode"), std::string::npos);
}

}  // namespace
}  // namespace moeplan
