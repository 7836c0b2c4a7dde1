// Issue 8, items 1, 2, 6 and 10: driver-reported GPU capacity, the KV-cache
// dtype (checkpoint, engine default, scenario) and the GPUs that can run it,
// the engines' expert layout when a strategy gives no ep, and the context
// length check. Every expected figure is derived by hand in the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli/cli.h"
#include "model/kv_cache.h"
#include "render/document.h"
#include "render/report.h"
#include "search/plan.h"
#include "spec/cluster_spec.h"
#include "spec/error.h"
#include "spec/hf_config.h"
#include "spec/scenario.h"
#include "spec/yaml_reader.h"

namespace moeplan {
namespace {

const std::string kHfDir = std::string(MOEPLAN_SOURCE_DIR) + "/tests/data/hf/";
constexpr double kMiB = 1048576.0;

std::string write_temp(const std::string& text, const std::string& suffix) {
  // ctest runs every test in its own process, two at a time: the test's name keeps their files apart.
  static int n = 0;
  const std::string path = ::testing::TempDir() + "serving_defaults_" +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" + std::to_string(n++) + suffix;
  std::ofstream(path) << text;
  return path;
}

struct CliResult {
  int code = 0;
  std::string out, err;
};

CliResult run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  CliResult r;
  r.code = run_cli(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// ---------------------------------------------------------------- item 1 ---

TEST(DriverCapacity, PresetsUseWhatTheDriverReportsAndKeepTheMarketedFigure) {
  // nvidia-smi totals (sources in presets/gpus/*.yaml): 81559, 143771, 183359,
  // 81920, 97871 MiB; rocm-smi 206141652992 B for MI300X.
  EXPECT_DOUBLE_EQ(load_gpu_preset("h100-sxm", "").memory_bytes, 81559 * kMiB);  // 85,520,809,984 B
  EXPECT_DOUBLE_EQ(load_gpu_preset("h100-sxm", "").marketing_memory_bytes, 80e9);
  EXPECT_DOUBLE_EQ(load_gpu_preset("h200", "").memory_bytes, 143771 * kMiB);  // 150,754,820,096 B
  EXPECT_DOUBLE_EQ(load_gpu_preset("h200", "").marketing_memory_bytes, 141e9);
  EXPECT_DOUBLE_EQ(load_gpu_preset("b200", "").memory_bytes, 183359 * kMiB);  // 192,265,846,784 B
  EXPECT_DOUBLE_EQ(load_gpu_preset("a100-80gb", "").memory_bytes, 81920 * kMiB);  // exactly 80 GiB
  EXPECT_DOUBLE_EQ(load_gpu_preset("h800", "").memory_bytes, 81559 * kMiB);
  EXPECT_DOUBLE_EQ(load_gpu_preset("h20", "").memory_bytes, 97871 * kMiB);
  EXPECT_DOUBLE_EQ(load_gpu_preset("mi300x", "").memory_bytes, 206141652992.0);  // = 196,592 MiB
  EXPECT_DOUBLE_EQ(load_gpu_preset("mi300x", "").marketing_memory_bytes, 192e9);
}

Scenario gpt_oss_120b_on_one(const std::string& gpu, const std::string& engine = "vllm") {
  return parse_scenario("model: gpt-oss-120b\ncluster: {gpu: " + gpu +
                            ", gpus: 1}\nworkload: {input_tokens: 2048, output_tokens: 512}\nruntime: {engine: " + engine +
                            "}\nstrategy: {tp: 1}\n",
                        "t.yaml");
}

TEST(DriverCapacity, GptOss120bOnOneH100HoldsMoreKvCache) {
  // vLLM: usable = 0.9 x 81,559 MiB = 0.9 x 85,520,809,984 = 76,968,728,985.6 B.
  // Weights 65,190,340,224 B, activations 1,041,307,648 B (one 8192-token
  // chunk), reserve 3.5 GB + 0.35 GB = 3,850,000,000 B (both unchanged by
  // the capacity), so the KV budget is
  //   76,968,728,985.6 - 65,190,340,224 - 1,041,307,648 - 3,850,000,000 = 6,887,081,113.6 B.
  // With the marketed 80e9 B it was 72e9 - 70,081,647,872 = 1,918,352,128 B:
  // 0.9 x (85,520,809,984 - 80e9) = 4,968,728,985.6 B more.
  // One request: 36 layers x 2 (K,V) x 8 KV heads x 64 x 2 B = 73,728 B per
  // token; 18 full layers hold 2,560 tokens, 18 sliding layers 128:
  //   2,048 B x (18 x 2,560 + 18 x 128) = 99,090,432 B.
  // Requests: floor(6,887,081,113.6 / 99,090,432) = 69 (was floor(19.36) = 19).
  const Scenario sc = gpt_oss_120b_on_one("h100-sxm");
  const Plan p = evaluate_plan(sc, *sc.strategy);
  const StageMemory& g = p.memory.stages.front();
  EXPECT_DOUBLE_EQ(p.memory.capacity_bytes, 85520809984.0);
  EXPECT_DOUBLE_EQ(g.usable_bytes, 76968728985.6);
  EXPECT_NEAR(g.weights_bytes + g.activation_bytes + g.runtime_reserve_bytes, 70081647872.0, 1.0);
  EXPECT_NEAR(g.kv_budget_bytes, 6887081113.6, 1e-3);
  EXPECT_DOUBLE_EQ(g.kv_bytes_per_token, 73728.0);
  EXPECT_DOUBLE_EQ(g.kv_bytes_per_sequence, 99090432.0);
  EXPECT_DOUBLE_EQ(g.kv_capacity_sequences, 69.0);

  // The same GPU described by its marketed figure: the old prediction.
  Scenario old = sc;
  old.cluster.gpu.memory_bytes = 80e9;
  const Plan o_plan = evaluate_plan(old, *old.strategy);

  const StageMemory& o = o_plan.memory.stages.front();
  EXPECT_NEAR(o.kv_budget_bytes, 1918352128.0, 1e-3);
  EXPECT_DOUBLE_EQ(o.kv_capacity_sequences, 19.0);
  EXPECT_NEAR(g.kv_budget_bytes - o.kv_budget_bytes, 4968728985.6, 1e-3);
}

TEST(DriverCapacity, TensorRtLlmFractionOfFreeUsesTheDriverCapacity) {
  // TensorRT-LLM: KV = 0.9 x (capacity - weights - activations - reserve)
  //   = 0.9 x (85,520,809,984 - 70,081,647,872) = 0.9 x 15,439,162,112 = 13,895,245,900.8 B.
  const Scenario sc = gpt_oss_120b_on_one("h100-sxm", "trtllm");
  const Plan g_plan = evaluate_plan(sc, *sc.strategy);

  const StageMemory& g = g_plan.memory.stages.front();
  EXPECT_NEAR(g.kv_budget_bytes, 13895245900.8, 1e-2);
}

TEST(DriverCapacity, CustomGpuKeepsItsOwnFigure) {
  // The seed's custom 64 GB GPU: capacity 64e9 B, no marketed figure; a
  // preset whose memory is overridden drops the preset's marketed figure.
  const Scenario seed = parse_scenario(
      "model: seed-16x16\ncluster: {gpu: {name: custom, memory: \"64 GB\", memory_bandwidth: \"2 TB/s\", bf16_flops: "
      "\"400 TFLOP/s\"}, gpus: 32, gpus_per_node: 8}\nworkload: {input_tokens: 2048, output_tokens: 512}\n",
      "t.yaml");
  EXPECT_DOUBLE_EQ(seed.cluster.gpu.memory_bytes, 64e9);
  EXPECT_DOUBLE_EQ(seed.cluster.gpu.marketing_memory_bytes, 0.0);
  const Scenario over = parse_scenario(
      "model: seed-16x16\ncluster: {gpu: {preset: h100-sxm, memory: \"64 GB\"}, gpus: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\n",
      "t.yaml");
  EXPECT_DOUBLE_EQ(over.cluster.gpu.memory_bytes, 64e9);
  EXPECT_DOUBLE_EQ(over.cluster.gpu.marketing_memory_bytes, 0.0);
}

// ---------------------------------------------------------------- item 2 ---

std::string hf_with_quantization(const std::string& fixture, const nlohmann::json& quantization) {
  nlohmann::json j = nlohmann::json::parse(read_text_file(kHfDir + fixture, "fixture"));
  j["quantization_config"] = quantization;
  return j.dump(2);
}

TEST(KvCacheDtype, CheckpointKvCacheSchemeIsFp8) {
  // Qwen3-30B-A3B: 48 layers x 2 (K,V) x 4 KV heads x 128 = 49,152 elements
  // per token: 98,304 B in BF16, 49,152 B with the checkpoint's FP8 KV cache.
  const ModelSpec plain = import_hf_config_file(kHfDir + "qwen3-30b-a3b.json");
  EXPECT_EQ(plain.kv_cache_dtype, DType::kBf16);
  EXPECT_EQ(plain.kv_cache_dtype_origin, KvDtypeOrigin::kEngineDefault);
  EXPECT_DOUBLE_EQ(kv_cache_facts(plain).bytes_per_token, 98304.0);
  EXPECT_EQ(plain.max_position_embeddings, 40960);

  const nlohmann::json q = {{"quant_method", "compressed-tensors"},
                            {"config_groups", {{"group_0", {{"weights", {{"num_bits", 8}, {"type", "float"}}}}}}},
                            {"kv_cache_scheme", {{"num_bits", 8}, {"type", "float"}, {"strategy", "tensor"}}}};
  const ModelSpec m = import_hf_config(hf_with_quantization("qwen3-30b-a3b.json", q), "fp8/config.json");
  EXPECT_EQ(m.weight_dtype, DType::kFp8);
  EXPECT_EQ(m.kv_cache_dtype, DType::kFp8);
  EXPECT_EQ(m.kv_cache_dtype_origin, KvDtypeOrigin::kCheckpoint);
  EXPECT_EQ(m.kv_cache_dtype_detail, "fp8/config.json: quantization_config.kv_cache_scheme");
  EXPECT_DOUBLE_EQ(kv_cache_facts(m).bytes_per_token, 49152.0);
  EXPECT_NE(render_inspect_text(m).find(
                "KV cache fp8 (checkpoint: fp8/config.json: quantization_config.kv_cache_scheme)\n"
                "Context: up to 40,960 tokens per request (max_position_embeddings)"),
            std::string::npos)
      << render_inspect_text(m);
}

TEST(KvCacheDtype, ModelOptKvCacheQuantAlgo) {
  const nlohmann::json fp8 = {{"quant_method", "modelopt"}, {"quant_algo", "FP8"}, {"kv_cache_quant_algo", "FP8"}};
  const ModelSpec m = import_hf_config(hf_with_quantization("mixtral-8x7b.json", fp8), "c.json");
  EXPECT_EQ(m.kv_cache_dtype, DType::kFp8);
  EXPECT_EQ(m.kv_cache_dtype_detail, "c.json: quantization_config.kv_cache_quant_algo");
  const nlohmann::json bad = {{"quant_method", "modelopt"}, {"quant_algo", "FP8"}, {"kv_cache_quant_algo", "INT3"}};
  try {
    import_hf_config(hf_with_quantization("mixtral-8x7b.json", bad), "c.json");
    FAIL() << "INT3 accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("c.json: quantization_config.kv_cache_quant_algo: unsupported 'INT3'"),
              std::string::npos)
        << e.what();
  }
}

TEST(KvCacheDtype, ModelOptSidecarHfQuantConfig) {
  // A ModelOpt checkpoint folder: config.json without quantization_config,
  // hf_quant_config.json beside it with kv_cache_quant_algo FP8. Mixtral-8x7B:
  // 32 layers x 2 x 8 KV heads x 128 = 65,536 elements per token: 65,536 B in FP8.
  const std::string dir = ::testing::TempDir() + "serving_defaults_modelopt/";
  std::system(("mkdir -p " + dir).c_str());
  std::ofstream(dir + "config.json") << read_text_file(kHfDir + "mixtral-8x7b.json", "fixture");
  std::ofstream(dir + "hf_quant_config.json")
      << R"({"producer": {"name": "modelopt"}, "quantization": {"quant_algo": "FP8", "kv_cache_quant_algo": "FP8"}})";
  const ModelSpec m = import_hf_config_file(dir + "config.json");
  EXPECT_EQ(m.kv_cache_dtype, DType::kFp8);
  EXPECT_EQ(m.kv_cache_dtype_origin, KvDtypeOrigin::kCheckpoint);
  EXPECT_EQ(m.kv_cache_dtype_detail, dir + "hf_quant_config.json: quantization.kv_cache_quant_algo");
  EXPECT_EQ(m.weight_dtype, DType::kFp8);  // quant_algo FP8
  EXPECT_EQ(m.expert_dtype, DType::kFp8);
  EXPECT_DOUBLE_EQ(kv_cache_facts(m).bytes_per_token, 65536.0);
}

TEST(KvCacheDtype, EngineDefaultIsTheModelDtypeAndEveryReportSaysSo) {
  const Scenario sc = gpt_oss_120b_on_one("h100-sxm");
  EXPECT_EQ(sc.model.kv_cache_dtype, DType::kBf16);
  EXPECT_EQ(sc.model.kv_cache_dtype_origin, KvDtypeOrigin::kEngineDefault);
  const Plan p = evaluate_plan(sc, *sc.strategy);
  const nlohmann::json j = plan_json(p);
  EXPECT_EQ(j["memory"]["kv_cache_dtype"], "bf16");
  EXPECT_EQ(j["memory"]["kv_cache_dtype_source"]["origin"], "engine default");
  EXPECT_NE(render_plan_text(p).find("KV cache dtype: bf16 (engine default: vLLM --kv-cache-dtype auto = the model dtype)"),
            std::string::npos);
}

TEST(KvCacheDtype, ScenarioOverrideHalvesKvBytesAndDoublesRequests) {
  // model.kv_cache_dtype: fp8 on gpt-oss-120b: 73,728 / 2 = 36,864 B per
  // token, 99,090,432 / 2 = 49,545,216 B per request; the budget is the
  // same 6,887,081,113.6 B: floor(139.0) = 139 requests (69 in BF16).
  const Scenario sc = parse_scenario(
      "model: {preset: gpt-oss-120b, kv_cache_dtype: fp8}\ncluster: {gpu: h100-sxm, gpus: 1}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 1}\n",
      "s.yaml");
  EXPECT_EQ(sc.model.kv_cache_dtype, DType::kFp8);
  EXPECT_EQ(sc.model.kv_cache_dtype_origin, KvDtypeOrigin::kScenario);
  EXPECT_EQ(sc.model.kv_cache_dtype_detail, "s.yaml:1: model.kv_cache_dtype");
  const Plan p = evaluate_plan(sc, *sc.strategy);
  const StageMemory& g = p.memory.stages.front();
  EXPECT_DOUBLE_EQ(g.kv_bytes_per_token, 36864.0);
  EXPECT_DOUBLE_EQ(g.kv_bytes_per_sequence, 49545216.0);
  EXPECT_DOUBLE_EQ(g.kv_capacity_sequences, 139.0);
  EXPECT_EQ(plan_json(p)["memory"]["kv_cache_dtype"], "fp8");
  EXPECT_EQ(plan_json(p)["memory"]["kv_cache_dtype_source"]["origin"], "scenario");
}

const char* kFp4OnGpu =
    "model: {preset: qwen3-30b-a3b, kv_cache_dtype: fp4}\n"
    "cluster: {gpu: GPU, gpus: 8}\n"
    "workload: {input_tokens: 2048, output_tokens: 512}\n"
    "runtime: {engine: ENGINE}\n";

std::string scenario_on(std::string text, const std::string& gpu, const std::string& engine, const std::string& dtype) {
  text.replace(text.find("GPU"), 3, gpu);
  text.replace(text.find("ENGINE"), 6, engine);
  text.replace(text.find("fp4"), 3, dtype);
  return text;
}

TEST(KvCacheDtype, Fp4KvCacheNeedsBlackwell) {
  // FP4 KV needs FP4 tensor cores: B200 has them (fp4_flops 9000 TFLOP/s),
  // H100, H200, H800, H20, A100 and MI300X do not.
  for (const char* gpu : {"h100-sxm", "h200", "h800", "h20", "a100-80gb", "mi300x"}) {
    const std::string path = write_temp(scenario_on(kFp4OnGpu, gpu, "sglang", "fp4"), ".yaml");
    const CliResult r = run({"evaluate", path, "--strategy", "tp=8"});
    EXPECT_EQ(r.code, 2) << gpu << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << gpu;
    EXPECT_NE(r.err.find(path + ":1: model.kv_cache_dtype: 'fp4' KV cache needs FP4 tensor cores"), std::string::npos)
        << gpu << ": " << r.err;
  }
  const std::string ok = write_temp(scenario_on(kFp4OnGpu, "b200", "sglang", "fp4"), ".yaml");
  const CliResult r = run({"evaluate", ok, "--strategy", "tp=4", "--json"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["memory"]["kv_cache_dtype"], "fp4");
}

TEST(KvCacheDtype, Fp8KvOnA100DependsOnTheEngine) {
  // A100 has no FP8 tensor cores: TensorRT-LLM refuses an FP8 KV cache
  // there; vLLM stores FP8 and upcasts in attention (fp8_e4m3 "Supported on
  // CUDA 11.8+", vLLM quantized_kvcache.md), so the scenario is accepted.
  const std::string trt = write_temp(scenario_on(kFp4OnGpu, "a100-80gb", "trtllm", "fp8"), ".yaml");
  const CliResult bad = run({"evaluate", trt, "--strategy", "tp=8"});
  EXPECT_EQ(bad.code, 2) << bad.err;
  EXPECT_NE(bad.err.find(trt + ":1: model.kv_cache_dtype: 'fp8' KV cache needs FP8 hardware with TensorRT-LLM"),
            std::string::npos)
      << bad.err;
  const Scenario vllm = parse_scenario(scenario_on(kFp4OnGpu, "a100-80gb", "vllm", "fp8"), "v.yaml");
  EXPECT_EQ(vllm.model.kv_cache_dtype, DType::kFp8);
  EXPECT_NE(vllm.model.kv_cache_dtype_detail.find("upcast in attention"), std::string::npos);
}

TEST(KvCacheDtype, CheckpointFp4KvOnHopperNamesTheConfigField) {
  const nlohmann::json q = {{"quant_method", "modelopt"}, {"quant_algo", "NVFP4"}, {"kv_cache_quant_algo", "NVFP4"}};
  const std::string config = write_temp(hf_with_quantization("qwen3-30b-a3b.json", q), ".json");
  const std::string path = write_temp("model: " + config +
                                          "\ncluster: {gpu: h200, gpus: 8}\nworkload: {input_tokens: 2048, output_tokens: 512}\n",
                                      ".yaml");
  const CliResult r = run({"evaluate", path, "--strategy", "tp=8"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find(config + ": quantization_config.kv_cache_quant_algo: 'fp4' KV cache needs FP4 tensor cores"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("set model.kv_cache_dtype in " + path), std::string::npos) << r.err;
}

// --------------------------------------------------------------- item 10 ---

TEST(ContextLength, RequestsLongerThanTheModelAreBadInput) {
  // Qwen3-30B-A3B: max_position_embeddings 40960 (its config.json).
  // 40,000 + 1,000 = 41,000 > 40,960: rejected; 39,960 + 1,000 = 40,960: fits exactly.
  const std::string text = "model: qwen3-30b-a3b\ncluster: {gpu: h100-sxm, gpus: 8}\n"
                           "workload: {input_tokens: 40000, output_tokens: 1000}\n";
  const std::string path = write_temp(text, ".yaml");
  const CliResult r = run({"evaluate", path, "--strategy", "tp=8"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find(path + ":3: workload: input_tokens 40000 + output_tokens 1000 = 41000 tokens per request exceed "
                              "the model's max_position_embeddings 40960"),
            std::string::npos)
      << r.err;
  std::string fits = text;
  fits.replace(fits.find("40000"), 5, "39960");
  EXPECT_NO_THROW(parse_scenario(fits, "t.yaml"));
}

TEST(ContextLength, HfImportReadsTheFieldAndModelsWithoutItAreNotChecked) {
  EXPECT_EQ(import_hf_config_file(kHfDir + "mixtral-8x7b.json").max_position_embeddings, 32768);
  EXPECT_EQ(import_hf_config_file(kHfDir + "llama-4-scout.json").max_position_embeddings, 10485760);  // text_config
  // The seed model states no limit: a 1,000,000-token request parses.
  const Scenario sc = parse_scenario(
      "model: seed-16x16\ncluster: {gpu: h100-sxm, gpus: 8}\nworkload: {input_tokens: 999000, output_tokens: 1000}\n",
      "t.yaml");
  EXPECT_EQ(sc.model.max_position_embeddings, 0);
}

// ---------------------------------------------------------------- item 6 ---

Scenario mixtral_on_8(const std::string& engine, const std::string& strategy) {
  return parse_scenario("model: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 8}\n"
                        "workload: {input_tokens: 2048, output_tokens: 512}\nruntime: {engine: " +
                            engine + "}\nstrategy: " + strategy + "\n",
                        "t.yaml");
}

TEST(ExpertLayout, TpWithoutEpShardsExpertsByTpAsTheEnginesDo) {
  // vllm serve --tensor-parallel-size 8 (no --enable-expert-parallel):
  // EP 1, every GPU holds all 8 experts, each split 8 ways.
  const Scenario sc = mixtral_on_8("vllm", "{tp: 8}");
  EXPECT_EQ(sc.strategy->ep, 1);
  EXPECT_EQ(sc.strategy->etp, 8);
  EXPECT_EQ(sc.strategy_note,
            "assumed: experts sharded by TP 8 (EP 1, ETP 8): vLLM's default without --enable-expert-parallel");
  const Plan p = evaluate_plan(sc, *sc.strategy);
  EXPECT_EQ(p.experts.per_gpu_per_moe_layer, 8);
  EXPECT_NE(render_plan_text(p).find("  assumed: experts sharded by TP 8"), std::string::npos);
  EXPECT_NE(render_document(p, nullptr).find("- Expert layout assumed: experts sharded by TP 8 (EP 1, ETP 8)"),
            std::string::npos);
  EXPECT_EQ(plan_json(p)["strategy"]["expert_layout_note"], sc.strategy_note);
  // The routed-expert bytes are the same as with EP 8: 32 layers x 8 experts
  // x 3 x 4096 x 14336 params x 2 B / 8 GPUs = 11,274,289,152 B per GPU.
  const Scenario ep8 = mixtral_on_8("vllm", "{tp: 8, ep: 8}");
  EXPECT_EQ(ep8.strategy->ep, 8);
  EXPECT_EQ(ep8.strategy->etp, 1);
  EXPECT_TRUE(ep8.strategy_note.empty());
  EXPECT_DOUBLE_EQ(p.memory.stages.front().weights.routed_experts, 11274289152.0);
  EXPECT_DOUBLE_EQ(evaluate_plan(ep8, *ep8.strategy).memory.stages.front().weights.routed_experts, 11274289152.0);
}

TEST(ExpertLayout, EachEngineSaysWhatItAssumed) {
  EXPECT_NE(mixtral_on_8("sglang", "{tp: 8}").strategy_note.find("SGLang's default without --ep-size"), std::string::npos);
  EXPECT_NE(mixtral_on_8("trtllm", "{tp: 8}").strategy_note.find("moe_tensor_parallel_size = tp_size"), std::string::npos);
  // DP: vLLM flattens TP across DP ranks (fused_moe/config.py
  // flatten_tp_across_dp): tp 4 x dp 2 = 8 GPUs shard every expert.
  const Scenario dp = mixtral_on_8("vllm", "{tp: 4, dp: 2}");
  EXPECT_EQ(dp.strategy->ep, 1);
  EXPECT_EQ(dp.strategy->etp, 8);
  EXPECT_NE(dp.strategy_note.find("TP x DP = 4 x 2 = 8"), std::string::npos) << dp.strategy_note;
  // An etp alone still derives ep = TP x DP / etp = 8 / 2 = 4. vLLM cannot
  // launch EP 4 x ETP 2 (--enable-expert-parallel means EP = TP x DP = 8,
  // ETP 1), and the report says so; SGLang (--tp 8 --ep-size 4) can.
  const Scenario etp = mixtral_on_8("vllm", "{tp: 8, etp: 2}");
  EXPECT_EQ(etp.strategy->ep, 4);
  EXPECT_EQ(etp.strategy_note,
            "warning: vLLM cannot launch EP 4 x ETP 2: --enable-expert-parallel gives EP = TP x DP = 8 with ETP 1, and without it "
            "EP 1 x ETP 8; the figures are for the layout as written");
  EXPECT_TRUE(mixtral_on_8("sglang", "{tp: 8, etp: 2}").strategy_note.empty());
  EXPECT_TRUE(mixtral_on_8("vllm", "{tp: 8, ep: 8}").strategy_note.empty());
}

TEST(ExpertLayout, EvaluateStrategyFlagSaysItToo) {
  const std::string path = write_temp("model: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 8}\n"
                                      "workload: {input_tokens: 2048, output_tokens: 512}\nruntime: {engine: sglang}\n",
                                      ".yaml");
  const CliResult r = run({"evaluate", path, "--strategy", "tp=8"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("MoE: EP=1 x ETP=8"), std::string::npos);
  EXPECT_NE(r.out.find("assumed: experts sharded by TP 8 (EP 1, ETP 8): SGLang's default without --ep-size"),
            std::string::npos)
      << r.out;
  const CliResult ep = run({"evaluate", path, "--strategy", "tp=8,ep=8"});
  ASSERT_EQ(ep.code, 0) << ep.err;
  EXPECT_EQ(ep.out.find("assumed:"), std::string::npos);
}

}  // namespace
}  // namespace moeplan
