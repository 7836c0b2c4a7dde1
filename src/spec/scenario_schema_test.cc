// The scenario schema is the one declaration the reader, the writer and
// docs/scenario.md follow: every section written is read back unchanged, the
// writer writes every key it declares written, and the documentation lists
// every key with the bounds declared here.
#include "spec/scenario_schema.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "spec/limits.h"
#include "spec/scenario_writer.h"

namespace moeplan {
namespace {

const std::string kSourceDir = MOEPLAN_SOURCE_DIR;

// Every section given, each with values away from its defaults.
const char* kFull = R"(name: "full: every section"
description: "a scenario with every section"
assumptions:
  - "first"
  - "second, with a \"quote\""
model:
  preset: deepseek-v3
  weight_dtype: bf16
  kv_cache_dtype: fp8
  mtp_modules: 1
cluster:
  gpu: {preset: h100-sxm, memory: "64 GB"}
  gpus: 64
  gpus_per_node: 8
  inter_node_bandwidth: "25 GB/s"
  allow_cross_node_tp: true
workload: {input_tokens: 3000, output_tokens: 700, concurrency: 512}
slo: {ttft: "1.5 s", tpot: "40 ms", throughput: "20k tokens/s"}
runtime:
  engine: sglang
  memory_fraction: 0.85
  prefill_chunk_tokens: 4096
  comm_buffers: "1 GB"
  runtime_overhead: "2 GB"
  activation_dtype: fp16
  load_mtp: true
  two_batch_overlap: true
  moe_load_imbalance: 1.3
calibration:
  gemm_efficiency: 0.7
  gemm_half_efficiency_m: 32
  hbm_efficiency: 0.75
  intra_node_efficiency: 0.7
  inter_node_efficiency: 0.6
  grouped_gemm_efficiency: 0.4
  attention_efficiency: 0.9
  kernels_per_layer: 12
  kernel_launch: "3 us"
  prefill_overhead: "20 ms"
  decode_overhead: "2 ms"
placement: {skew: "zipf:1.2:7", redundant_experts: 64, algorithm: eplb}
strategy: {tp: 1, pp: 2, dp: 32, ep: 32}
serving:
  mode: disaggregated
  prefill: {strategy: {dp: 16, ep: 16}, instances: 1, gpu: h200, redundant_experts: 16}
  decode: {strategy: "dp=32,ep=32", instances: 1}
  kv_transfer: {bandwidth: "40 GB/s", efficiency: 0.7, layerwise: true}
)";

Scenario RoundTrip(const Scenario& sc) { return parse_scenario(scenario_to_yaml(sc), "back.yaml"); }

TEST(ScenarioSchema, EverySectionRoundTrips) {
  const Scenario a = parse_scenario(kFull, "full.yaml");
  const Scenario b = RoundTrip(a);
  // Top level.
  EXPECT_EQ(b.name, a.name);
  EXPECT_EQ(b.description, "a scenario with every section");
  EXPECT_EQ(b.assumptions, a.assumptions);
  // model: the preset's fields plus the overrides, written inline.
  EXPECT_EQ(b.model.num_experts, 256);
  EXPECT_EQ(b.model.weight_dtype, DType::kBf16);
  EXPECT_EQ(b.model.expert_dtype, DType::kBf16);  // followed weight_dtype
  EXPECT_EQ(b.model.kv_cache_dtype, DType::kFp8);
  EXPECT_EQ(b.model.q_lora_rank, 1536);
  EXPECT_EQ(b.model.published.params_total, a.model.published.params_total);
  // cluster: 64 GB = 64e9 bytes.
  EXPECT_EQ(b.cluster.gpu.memory_bytes, 64e9);
  EXPECT_EQ(b.cluster.inter_node.bandwidth_bytes_per_s, 25e9);
  EXPECT_TRUE(b.cluster.allow_cross_node_tp);
  // workload, slo: 20k tokens/s = 20,000; 40 ms = 0.04 s.
  EXPECT_EQ(b.workload.concurrency, 512);
  EXPECT_EQ(b.workload.input_tokens, 3000);
  EXPECT_DOUBLE_EQ(*b.slo.tpot_s, 0.04);
  EXPECT_DOUBLE_EQ(*b.slo.throughput_tokens_per_s, 20000);
  // runtime: 1 GB = 1e9 bytes.
  EXPECT_EQ(b.runtime.engine, Engine::kSglang);
  EXPECT_DOUBLE_EQ(b.runtime.memory_fraction, 0.85);
  EXPECT_DOUBLE_EQ(b.runtime.comm_buffer_bytes, 1e9);
  EXPECT_EQ(b.runtime.activation_dtype, DType::kFp16);
  EXPECT_TRUE(b.runtime.load_mtp);
  EXPECT_TRUE(b.runtime.two_batch_overlap);
  EXPECT_DOUBLE_EQ(b.runtime.moe_load_imbalance, 1.3);
  // calibration: 3 us = 3e-6 s.
  EXPECT_DOUBLE_EQ(b.calibration.gemm_efficiency, 0.7);
  EXPECT_DOUBLE_EQ(b.calibration.kernel_launch_s, 3e-6);
  EXPECT_DOUBLE_EQ(b.calibration.kernels_per_layer, 12);
  // placement (issue 9: the writer used to drop it).
  EXPECT_EQ(b.placement.skew, "zipf:1.2:7");
  EXPECT_EQ(b.placement.redundant_experts, 64);
  EXPECT_EQ(b.placement.algorithm, "eplb");
  // strategy: dp 32 x pp 2 x tp 1 = 64 GPUs.
  EXPECT_EQ(*b.strategy, *a.strategy);
  // serving (issue 10: the writer used to drop it): the pools as given, 40 GB/s = 4e10 B/s.
  EXPECT_EQ(b.serving.mode, ServingMode::kDisaggregated);
  ASSERT_TRUE(b.serving.prefill.strategy && b.serving.decode.strategy);
  EXPECT_EQ(*b.serving.prefill.strategy, *a.serving.prefill.strategy);
  EXPECT_EQ(b.serving.prefill.strategy->label(), "tp=1 pp=1 dp=16 ep=16 etp=1");  // dp 16 given, as in the file
  EXPECT_EQ(*b.serving.decode.strategy, *a.serving.decode.strategy);
  EXPECT_EQ(b.serving.decode.strategy->gpus(), 32);  // "dp=32,ep=32": 1 x 1 x 32
  EXPECT_EQ(b.serving.prefill.instances, 1);
  EXPECT_EQ(b.serving.prefill.gpu_name, "h200");
  ASSERT_TRUE(b.serving.prefill.gpu.has_value());
  EXPECT_EQ(b.serving.prefill.gpu->memory_bytes, a.serving.prefill.gpu->memory_bytes);
  EXPECT_EQ(b.serving.prefill.redundant_experts, std::optional<int>(16));
  EXPECT_FALSE(b.serving.decode.redundant_experts.has_value());  // left to placement.redundant_experts, as given
  EXPECT_EQ(b.serving.decode.gpu_name, "");                      // the cluster's GPU
  EXPECT_DOUBLE_EQ(b.serving.kv_bandwidth_bytes_per_s, 40e9);
  EXPECT_DOUBLE_EQ(b.serving.kv_efficiency, 0.7);
  EXPECT_TRUE(b.serving.kv_layerwise);
  // And writing is a fixed point: what was read back writes the same text.
  EXPECT_EQ(scenario_to_yaml(b), scenario_to_yaml(a));
  // Written as the aggregated deployment of its strategy (a document's front matter), it has no pools and keeps
  // the KV link.
  const Scenario c = parse_scenario(scenario_to_yaml(a, *a.strategy), "aggregated.yaml");
  EXPECT_EQ(c.serving.mode, ServingMode::kAggregated);
  EXPECT_FALSE(c.serving.prefill.strategy.has_value());
  EXPECT_DOUBLE_EQ(c.serving.kv_bandwidth_bytes_per_s, 40e9);
  EXPECT_EQ(*c.strategy, *a.strategy);
}

TEST(ScenarioSchema, ServingPoolsLeftToPlanStayLeftToIt) {
  // mode auto with a decode pool given and the prefill pool left to the search: the written scenario gives the
  // decode pool and no prefill pool, and no instance count where rate matching chooses it.
  const Scenario a = parse_scenario("model: deepseek-v3\ncluster: {gpu: h100-sxm, gpus: 96}\n"
                                    "workload: {input_tokens: 2000, output_tokens: 1000}\nruntime: {engine: sglang}\n"
                                    "serving: {mode: auto, decode: {strategy: \"dp=72,ep=72\", redundant_experts: 32}}\n",
                                    "auto.yaml");
  const std::string yaml = scenario_to_yaml(a);
  EXPECT_EQ(yaml.find("prefill:"), std::string::npos) << yaml;
  EXPECT_EQ(yaml.find("instances:"), std::string::npos) << yaml;
  EXPECT_EQ(yaml.find("strategy: {"), std::string::npos) << yaml;  // no scenario strategy: none written
  const Scenario b = parse_scenario(yaml, "back.yaml");
  EXPECT_EQ(b.serving.mode, ServingMode::kAuto);
  EXPECT_FALSE(b.serving.prefill.strategy.has_value());
  EXPECT_EQ(b.serving.decode.instances, 0);
  EXPECT_EQ(b.cluster.gpus, 96);
  EXPECT_FALSE(b.strategy.has_value());
  EXPECT_EQ(scenario_to_yaml(b), yaml);
  // An aggregated scenario with nothing but defaults writes no `serving:` (the documents written before keep
  // their front matter).
  const Scenario plain = parse_scenario("model: seed-16x16\ncluster: {gpu: h100-sxm, gpus: 8}\n"
                                        "workload: {input_tokens: 10, output_tokens: 10}\n", "plain.yaml");
  EXPECT_EQ(scenario_to_yaml(plain).find("serving:"), std::string::npos);
}

TEST(ScenarioSchema, EngineFiguresFollowEachPoolsGpu) {
  // SGLang's token budget is 8,192 below 160 GiB and 16,384 above (engine_defaults.cc): a B200 prefill pool
  // (183,359 MiB) on an H100 cluster (81,559 MiB) takes 16,384 and its decode pool 8,192. Written as a number, the
  // H100's 8,192 would be read back as given for both; left out, each pool takes its GPU's again.
  const std::string text = "model: deepseek-v3\ncluster: {gpu: h100-sxm, gpus: 96}\n"
                           "workload: {input_tokens: 2000, output_tokens: 1000}\nruntime: {engine: sglang}\n"
                           "serving: {mode: disaggregated, prefill: {gpu: b200, strategy: \"dp=8,ep=8\"}, "
                           "decode: {strategy: \"dp=72,ep=72\", redundant_experts: 32}}\n";
  const Scenario a = parse_scenario(text, "pools.yaml");
  EXPECT_EQ(a.runtime.prefill_chunk_tokens, 8192);
  const std::string yaml = scenario_to_yaml(a);
  EXPECT_EQ(yaml.find("prefill_chunk_tokens"), std::string::npos) << yaml;
  const Scenario b = parse_scenario(yaml, "back.yaml");
  EXPECT_TRUE(b.runtime.prefill_chunk_from_engine);
  EXPECT_EQ(b.runtime.prefill_chunk_tokens, 8192);
  // Given in the scenario, it is written whatever the pools' GPUs.
  Scenario fixed = a;
  fixed.runtime.prefill_chunk_from_engine = false;
  EXPECT_NE(scenario_to_yaml(fixed).find("prefill_chunk_tokens: 8192"), std::string::npos);
}

TEST(ScenarioSchema, RoutingStatisticsPathsResolveFromAnywhere) {
  // The scenario names its statistics relative to its own folder; the written one holds an absolute path.
  const std::string dir = kSourceDir + "/tests/data/reliability";
  const std::string text = std::string("model: seed-16x16\ncluster: {gpu: h100-sxm, gpus: 8}\n") +
                           "workload: {input_tokens: 10, output_tokens: 10}\n"
                           "placement: {routing_stats: ../../../fuzz/corpus/routing_stats_fuzzer/header.csv}\n"
                           "strategy: {ep: 8}\n";
  const Scenario a = parse_scenario(text, dir + "/s.yaml");
  const std::string yaml = scenario_to_yaml(a, *a.strategy);
  EXPECT_NE(yaml.find("routing_stats: \"" + kSourceDir + "/fuzz/corpus/routing_stats_fuzzer/header.csv\""), std::string::npos)
      << yaml;
  const Scenario b = parse_scenario(yaml, "/tmp/elsewhere.yaml");
  EXPECT_EQ(b.placement.routing_stats, kSourceDir + "/fuzz/corpus/routing_stats_fuzzer/header.csv");
}

// Keys of a written scenario, as "section.key" ("" section for the top level).
void CollectKeys(const YAML::Node& node, const std::string& section, std::set<std::string>& out) {
  if (!node.IsMap()) return;
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    out.insert(section + "." + key);
    CollectKeys(kv.second, section.empty() ? key : section + "." + key, out);
  }
}

TEST(ScenarioSchema, TheWriterWritesEveryKeyItDeclares) {
  const Scenario a = parse_scenario(kFull, "full.yaml");
  std::set<std::string> written;
  CollectKeys(YAML::Load(scenario_to_yaml(a)), "", written);
  // Keys only some scenarios have: MHA's head_dim (this model is MLA), a rate instead of a concurrency,
  // statistics instead of a skew, a measured profile, layers_per_stage; one instance (instances is
  // written above 1), an engine without a batch cap (SGLang), a custom GPU without a marketed figure; a decode
  // pool on the cluster's GPU with placement's redundant slots (the prefill pool gives both); a steady
  // workload of fixed lengths (a burst's keys round-trip in search/burst_test.cc); the engine's own batch
  // settings (trtllm-bench's round-trip in model/engine_batch_test.cc).
  const std::set<std::string> absent_here = {"workload.arrival", "workload.requests", "workload.length_distribution",
                                             "model.head_dim", "workload.request_rate", "placement.routing_stats",
                                             "calibration.profile", "strategy.layers_per_stage", "cluster.gpu.fp4_flops",
                                             "strategy.instances", "runtime.max_batch_size", "cluster.gpu.marketing_memory",
                                             "serving.decode.gpu", "serving.decode.redundant_experts",
                                             "runtime.batch_settings"};
  for (const auto& k : scenario_schema()) {
    const std::string name = std::string(k.section) + "." + std::string(k.key);
    if (k.not_written || absent_here.count(name)) continue;
    EXPECT_TRUE(written.count(name)) << name << " is declared written but the writer left it out";
  }
  for (const auto& name : written) {
    const size_t dot = name.rfind('.');
    const std::string section = name.substr(0, dot), key = name.substr(dot + 1);
    EXPECT_NO_THROW(schema_key(section, key)) << name << " is written but not declared";
  }
}

// The text of docs/scenario.md from `heading` to the next "## ".
std::string DocSection(const std::string& doc, const std::string& heading) {
  const size_t start = doc.find("\n" + heading + "\n");
  if (start == std::string::npos) return "";
  const size_t end = doc.find("\n## ", start + 1);
  return doc.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string ReadDoc() {
  std::ifstream in(kSourceDir + "/docs/scenario.md");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string HeadingOf(const std::string& section) {
  if (section.empty()) return "## Top level";
  const std::string top = section.substr(0, section.find('.'));
  return "## `" + top + "`";
}

TEST(ScenarioSchema, DocsListEveryKeyAndNoOther) {
  const std::string doc = ReadDoc();
  ASSERT_FALSE(doc.empty());
  for (const auto& section : schema_sections()) {
    const std::string text = DocSection(doc, HeadingOf(section));
    ASSERT_FALSE(text.empty()) << "docs/scenario.md has no '" << HeadingOf(section) << "'";
    for (const auto& key : schema_keys(section))
      EXPECT_NE(text.find("`" + key + "`"), std::string::npos) << HeadingOf(section) << " does not document `" << key << "`";
  }
  // Every key in the first column of a key table is declared in that section (or a sub-section).
  for (const auto& section : schema_sections()) {
    if (section.find('.') != std::string::npos) continue;
    std::istringstream lines(DocSection(doc, HeadingOf(section)));
    std::string line;
    bool key_table = false;
    while (std::getline(lines, line)) {
      if (line.rfind("| key", 0) == 0 || line.rfind("| field", 0) == 0) key_table = true;
      else if (line.rfind("|", 0) != 0) key_table = false;
      if (!key_table || line.rfind("| `", 0) != 0) continue;
      const std::string first = line.substr(1, line.find('|', 1) - 1);
      for (size_t at = first.find('`'); at != std::string::npos; at = first.find('`', first.find('`', at + 1) + 1)) {
        const std::string key = first.substr(at + 1, first.find('`', at + 1) - at - 1);
        bool declared = false;
        for (const auto& s : schema_sections())
          if (s == section || s.rfind(section + ".", 0) == 0)
            for (const auto& k : schema_keys(s)) declared |= k == key;
        EXPECT_TRUE(declared) << HeadingOf(section) << " documents `" << key << "`, which the schema does not declare";
      }
    }
  }
}

// The limits table of docs/scenario.md, as the schema declares it.
std::string LimitsTable() {
  std::string t = "| key | smallest | largest |\n|---|---|---|\n";
  for (const auto& k : scenario_schema()) {
    if (k.type != KeyType::kInteger) continue;
    const std::string name = k.section.empty() ? std::string(k.key) : std::string(k.section) + "." + std::string(k.key);
    t += fmt::format("| `{}` | {} | {} |\n", name, static_cast<int64_t>(k.min), static_cast<int64_t>(k.max));
  }
  return t;
}

TEST(ScenarioSchema, DocsLimitsTableIsTheSchemas) {
  // MOEPLAN_UPDATE_GOLDEN=1 rewrites the table between the markers.
  const std::string begin = "<!-- limits: generated from src/spec/scenario_schema.cc -->\n", end = "<!-- end limits -->";
  std::string doc = ReadDoc();
  const size_t b = doc.find(begin), e = doc.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  const std::string table = LimitsTable();
  if (std::getenv("MOEPLAN_UPDATE_GOLDEN")) {
    doc.replace(b + begin.size(), e - b - begin.size(), table);
    std::ofstream(kSourceDir + "/docs/scenario.md") << doc;
    return;
  }
  EXPECT_EQ(doc.substr(b + begin.size(), e - b - begin.size()), table);
}

TEST(ScenarioSchema, ModelLimitsHoldForEverySource) {
  // One model size past its bound, through YAML: the same check as for config.json (reliability tests).
  EXPECT_THROW(parse_scenario("model: {preset: seed-16x16, num_layers: 10001}\ncluster: {gpu: h100-sxm, gpus: 8}\n"
                              "workload: {input_tokens: 1, output_tokens: 1}\n", "l.yaml"),
               InputError);
  // 1024 experts x 128 MoE layers = 131,072 expert-layers: at the limit, accepted; one more layer is not.
  const std::string at = "model: {preset: seed-16x16, num_experts: 1024, num_layers: 128}\n"
                         "cluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 1, output_tokens: 1}\n";
  EXPECT_EQ(parse_scenario(at, "at.yaml").model.num_moe_layers() * 1024, limits::kExpertLayers);
  try {
    parse_scenario("model: {preset: seed-16x16, num_experts: 1024, num_layers: 129}\n"
                   "cluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 1, output_tokens: 1}\n", "over.yaml");
    ADD_FAILURE() << "129 x 1024 accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("1024 experts x 129 MoE layers = 132096 expert-layers is implausibly many (limit 131072)"),
              std::string::npos) << e.what();
  }
}

TEST(ScenarioSchema, QuotingEscapesControlCharacters) {
  EXPECT_EQ(yaml_quote("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\x01\"");
  const YAML::Node n = YAML::Load("k: " + yaml_quote("tab\there \x7f"));
  EXPECT_EQ(n["k"].as<std::string>(), "tab\there \x7f");
  // A lone 0x85 (yaml-cpp can hand one back from an escape such as "\N") is written as an escape, so the
  // written scenario stays valid UTF-8 and reads back, as U+0085 (C2 85) (a scenario_fuzzer finding);
  // a whole character (U+00E9, C3 A9) is written as is.
  EXPECT_EQ(yaml_quote("a\x85\xC3\xA9"), "\"a\\x85\xC3\xA9\"");
  EXPECT_EQ(YAML::Load("k: " + yaml_quote("a\x85"))["k"].as<std::string>(), "a\xC2\x85");
}

}  // namespace
}  // namespace moeplan
