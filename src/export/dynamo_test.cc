// moeplan export --target dynamo: the Dynamo data file, the rules a
// DynamoGraphDeployment must keep (replicas = instances, GPUs per node,
// nodeCount x GPUs = an instance's GPUs, prefill/decode iff disaggregated),
// and the engines Dynamo pins at versions moeplan has no flag data for.
#include "export/dynamo.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "export/export.h"
#include "export/rules.h"
#include "spec/model_loader.h"
#include "support/expect_input_error.h"

namespace moeplan {
namespace {

namespace fs = std::filesystem;

struct Exported {
  int rc = 0;
  std::string err;
  std::string yaml;  // dynamo.yaml
  fs::path dir;
};

Exported export_dynamo(const std::string& scenario, const std::string& engine, const std::vector<std::string>& more = {}) {
  EXPECT_EQ(chdir(MOEPLAN_SOURCE_DIR), 0);
  Exported e;
  e.dir = fs::temp_directory_path() / ("moeplan-dynamo-test-" + std::to_string(::getpid())) / (engine + fs::path(scenario).stem().string());
  fs::remove_all(e.dir);
  fs::create_directories(e.dir.parent_path());
  std::vector<std::string> args = {"export", scenario, "--engine", engine, "--target", "dynamo", "-o", e.dir.string()};
  args.insert(args.end(), more.begin(), more.end());
  std::ostringstream out, err;
  e.rc = run_cli(args, out, err);
  e.err = err.str();
  if (fs::exists(e.dir / "dynamo.yaml")) {
    std::ifstream in(e.dir / "dynamo.yaml");
    std::stringstream ss;
    ss << in.rdbuf();
    e.yaml = ss.str();
  }
  return e;
}

YAML::Node graph_of(const std::string& text) {
  for (const YAML::Node& doc : YAML::LoadAll(text))
    if (doc["kind"].as<std::string>() == "DynamoGraphDeployment") return doc;
  ADD_FAILURE() << "no DynamoGraphDeployment";
  return {};
}

TEST(ExportDynamo, DataFileReadsAndNamesItsSources) {
  const DynamoSpec& d = dynamo_spec();
  EXPECT_EQ(d.version, "1.0");
  EXPECT_EQ(d.api_version, "nvidia.com/v1alpha1");
  EXPECT_EQ(d.kind, "DynamoGraphDeployment");
  EXPECT_EQ(d.frontend_command, (std::vector<std::string>{"python3", "-m", "dynamo.frontend"}));
  EXPECT_EQ(d.frontend_args, (std::vector<std::string>{"--http-port", "8000"}));
  const DynamoBackend& b = dynamo_backend(Engine::kSglang, "");
  EXPECT_EQ(b.engine_version, "0.5");  // Dynamo 1.0.0 pins SGLang 0.5.9
  EXPECT_EQ(b.image, "nvcr.io/nvidia/ai-dynamo/sglang-runtime:1.0.0");
  EXPECT_EQ(b.worker, (std::vector<std::string>{"python3", "-m", "dynamo.sglang"}));
  for (const auto& [key, spec] : d.keys) EXPECT_FALSE(spec.file.empty()) << key;
  // The engine tables do not read Dynamo's file as an engine.
  EXPECT_EQ(engine_versions(Engine::kSglang), (std::vector<std::string>{"0.4", "0.5"}));
  // Every flag the Dynamo file drops or leaves to the operator is one the SGLang builder may write.
  const EngineFlags& f = engine_flags(Engine::kSglang, "0.5");
  for (const auto& flag : b.operator_flags) EXPECT_TRUE(f.has_flag(flag)) << flag;
  for (const auto& flag : b.dropped_flags) EXPECT_TRUE(f.has_flag(flag)) << flag;
  EXPECT_EQ(f.disaggregation->transfer_backend, "mooncake");  // the shell/k8s default; Dynamo moves KV over NIXL
  EXPECT_EQ(b.transfer_backend, "nixl");
}

TEST(ExportDynamo, VllmAndTrtllmAreRefusedWithTheReasonAndNothingWritten) {
  for (const char* engine : {"vllm", "trtllm"}) {
    const Exported e = export_dynamo("tests/data/export/deepseek-v3-sglang-16xh200.yaml", engine);
    EXPECT_EQ(e.rc, 2) << engine;
    EXPECT_FALSE(fs::exists(e.dir)) << engine;
    EXPECT_NE(e.err.find("is not exported for Dynamo 1.0"), std::string::npos) << e.err;
    EXPECT_NE(e.err.find(std::string(engine) == "vllm" ? "vLLM 0.16.0" : "TensorRT-LLM 1.3.0rc5.post1"), std::string::npos) << e.err;
  }
  // An SGLang version other than the one the image runs.
  const Exported e = export_dynamo("tests/data/export/deepseek-v3-sglang-16xh200.yaml", "sglang", {"--version", "0.4"});
  EXPECT_EQ(e.rc, 2);
  EXPECT_FALSE(fs::exists(e.dir));
  EXPECT_NE(e.err.find("runs sglang 0.5"), std::string::npos) << e.err;
  expect_input_error([] { dynamo_backend(Engine::kVllm, ""); }, {"vllm", "vLLM 0.16.0", "presets/engines/dynamo-1.0.yaml"});
}

// Replicas, GPUs per node and nodes of each worker service against the plan's pools, on every SGLang scenario
// export has (aggregated and disaggregated), and every key and flag against the data files.
TEST(ExportDynamo, ServicesFollowThePoolsOnEveryScenario) {
  for (const char* path : {"tests/data/export/deepseek-v3-sglang-16xh200.yaml", "tests/data/export/deepseek-v3-disagg-sglang-32xh200.yaml",
                           "tests/data/export/deepseek-v3-redundant-16xh200.yaml", "examples/disagg/sglang-96xh100.yaml"}) {
    SCOPED_TRACE(path);
    ExportOptions options;
    options.engine = Engine::kSglang;
    options.target = ExportTarget::kDynamo;
    EXPECT_EQ(chdir(MOEPLAN_SOURCE_DIR), 0);
    const auto src = plan_for_export(path, Engine::kSglang);
    const Launch l = launch_for(*src, options);
    const auto files = render_export(l, src->origin);
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files.front().name, "dynamo.yaml");
    EXPECT_TRUE(check_launch_files(files, l).empty()) << check_launch_files(files, l).front();
    EXPECT_FALSE(l.router);  // the Frontend pairs prefill and decode
    const YAML::Node g = graph_of(files.front().text);
    const YAML::Node services = g["spec"]["services"];
    EXPECT_EQ(services.size(), l.pools.size() + 1);  // the Frontend and one service per pool
    EXPECT_EQ(services["Frontend"]["componentType"].as<std::string>(), "frontend");
    for (const PoolLaunch& pool : l.pools) {
      const YAML::Node s = services[dynamo_service_name(pool)];
      ASSERT_TRUE(s) << pool.role;
      EXPECT_EQ(s["replicas"].as<int>(), pool.instances);
      EXPECT_EQ(s["resources"]["limits"]["gpu"].as<int>(), pool.gpus_per_node);
      const int nodes = s["multinode"] ? s["multinode"]["nodeCount"].as<int>() : 1;
      EXPECT_EQ(nodes, pool.nodes);
      // nodeCount x GPUs per node = the GPUs of one instance of the pool's strategy.
      const Strategy& st = l.deployment ? (pool.role == "prefill" ? l.deployment->prefill() : l.deployment->decode()).strategy
                                        : l.plan->strategy;
      EXPECT_EQ(nodes * pool.gpus_per_node * pool.instances, st.gpus_per_instance() * st.instances);
      // prefill/decode iff disaggregated.
      EXPECT_EQ(static_cast<bool>(s["subComponentType"]), l.deployment != nullptr);
    }
  }
}

// The checker fails on each broken rule (so the goldens' clean checks mean something).
TEST(ExportDynamo, CheckerCatchesEachBrokenRule) {
  EXPECT_EQ(chdir(MOEPLAN_SOURCE_DIR), 0);
  ExportOptions options;
  options.engine = Engine::kSglang;
  options.target = ExportTarget::kDynamo;
  const auto src = plan_for_export("tests/data/export/deepseek-v3-disagg-sglang-32xh200.yaml", Engine::kSglang);
  const Launch l = launch_for(*src, options);
  const ExportFile good = render_export(l, src->origin).front();
  const EngineFlags& f = *l.flags;
  const ModelSpec& m = l.scenario->model;
  const std::map<std::string, DynamoShape> shapes = {{"prefill", {8, 2, 1}}, {"decode", {8, 2, 1}}};
  ASSERT_TRUE(check_dynamo_files({good}, dynamo_spec(), f, m, shapes).empty());
  auto broken = [&](const std::string& from, const std::string& to) {
    ExportFile bad = good;
    const size_t at = bad.text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) bad.text.replace(at, from.size(), to);
    return check_dynamo_files({bad}, dynamo_spec(), f, m, shapes);
  };
  EXPECT_FALSE(broken("      replicas: 1\n      multinode", "      replicas: 2\n      multinode").empty());      // replicas != instances
  EXPECT_FALSE(broken("gpu: \"8\"", "gpu: \"4\"").empty());                                                       // GPUs per node
  EXPECT_FALSE(broken("nodeCount: 2", "nodeCount: 3").empty());                                                  // nodes per instance
  EXPECT_FALSE(broken("      subComponentType: decode\n", "").empty());                                           // decode role missing
  EXPECT_FALSE(broken("            - --skip-tokenizer-init", "            - --no-such-flag").empty());             // unknown flag
  EXPECT_FALSE(broken("      componentType: worker\n      subComponentType: prefill",
                      "      componentType: worker\n      subComponentType: prefill\n      sharedMemory: 1").empty());  // unknown key
  EXPECT_FALSE(broken("            - nixl", "            - mooncake").empty());                                   // one transfer backend
  EXPECT_FALSE(broken("            - --host", "            - --nnodes\n            - \"2\"\n            - --host").empty());  // operator's flag
  // An aggregated plan expected but the file is disaggregated.
  EXPECT_FALSE(check_dynamo_files({good}, dynamo_spec(), f, m, {{"worker", {8, 2, 1}}}).empty());
}

}  // namespace
}  // namespace moeplan
