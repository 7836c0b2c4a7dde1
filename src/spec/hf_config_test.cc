#include "spec/hf_config.h"

#include <gtest/gtest.h>

#include "model/params.h"
#include "spec/error.h"
#include "spec/model_loader.h"

namespace moeplan {
namespace {

std::string fixture(const std::string& name) { return std::string(MOEPLAN_SOURCE_DIR) + "/tests/data/hf/" + name + ".json"; }

// Each config.json fixture (tests/data/hf/SOURCES.md) must describe the same
// model as its preset: two independent transcriptions of one public config.
TEST(HfConfig, FixturesAgreeWithPresets) {
  for (const std::string name : {"mixtral-8x7b", "deepseek-v2-lite", "deepseek-v3", "qwen1.5-moe-a2.7b", "qwen3-30b-a3b",
                                 "gpt-oss-20b", "llama-4-scout", "llama-3.1-70b"}) {
    const ModelSpec hf = import_hf_config_file(fixture(name));
    const ModelSpec preset = load_model_preset(name, "");
    const ParamSummary a = count_params(hf);
    const ParamSummary b = count_params(preset);
    EXPECT_DOUBLE_EQ(a.total, b.total) << name;
    EXPECT_DOUBLE_EQ(a.active, b.active) << name;
    EXPECT_DOUBLE_EQ(a.breakdown.mtp, b.breakdown.mtp) << name;
    EXPECT_EQ(hf.num_moe_layers(), preset.num_moe_layers()) << name;
    EXPECT_EQ(hf.weight_dtype, preset.weight_dtype) << name;
    EXPECT_EQ(hf.expert_dtype, preset.expert_dtype) << name;
  }
}

TEST(HfConfig, DeepSeekV3Fields) {
  const ModelSpec m = import_hf_config_file(fixture("deepseek-v3"));
  EXPECT_EQ(m.attention, AttentionKind::kMla);
  EXPECT_EQ(m.first_dense_layers, 3);  // first_k_dense_replace
  EXPECT_EQ(m.num_moe_layers(), 58);   // 61 - 3
  EXPECT_EQ(m.mtp_modules, 1);         // num_nextn_predict_layers
  EXPECT_EQ(m.expert_groups, 8);
  EXPECT_EQ(m.expert_groups_per_token, 4);
  EXPECT_EQ(m.weight_dtype, DType::kFp8);  // quantization_config.quant_method fp8
  EXPECT_EQ(m.weight_block_size, 128);      // quantization_config.weight_block_size [128, 128]
  EXPECT_TRUE(m.router_score_correction_bias);
}

TEST(HfConfig, GptOssAlternatingWindowAndMxfp4Experts) {
  const ModelSpec m = import_hf_config_file(fixture("gpt-oss-20b"));
  EXPECT_EQ(m.sliding_window, 128);
  EXPECT_EQ(m.sliding_window_layers, SlidingLayers::kAlternate);
  EXPECT_EQ(m.expert_dtype, DType::kFp4);
  EXPECT_EQ(m.weight_dtype, DType::kBf16);
  EXPECT_TRUE(m.attention_sinks);
}

TEST(HfConfig, Llama4InterleavedAndShared) {
  const ModelSpec m = import_hf_config_file(fixture("llama-4-scout"));
  EXPECT_EQ(m.num_moe_layers(), 48);  // interleave_moe_layer_step 1: every layer
  EXPECT_EQ(m.num_shared_experts, 1);
  EXPECT_FALSE(m.tie_word_embeddings);
  // Vision tower + projector (presets/models/llama-4-scout.yaml shows the arithmetic).
  EXPECT_DOUBLE_EQ(m.vision_encoder_params, 871932416.0);
  ModelSpec maverick = load_model_preset("llama-4-maverick", "");
  EXPECT_EQ(maverick.num_moe_layers(), 24);  // interleave step 2: layers 1, 3, ..., 47
  EXPECT_TRUE(maverick.is_moe_layer(1));
  EXPECT_FALSE(maverick.is_moe_layer(0));
}

TEST(HfConfig, QwenSharedExpertAndBias) {
  const ModelSpec m = import_hf_config_file(fixture("qwen1.5-moe-a2.7b"));
  EXPECT_EQ(m.num_shared_experts, 1);
  EXPECT_EQ(m.shared_expert_intermediate_size, 5632);
  EXPECT_TRUE(m.shared_expert_gate);
  EXPECT_TRUE(m.attention_bias);
}

TEST(HfConfig, DenseLlama) {
  const ModelSpec m = import_hf_config_file(fixture("llama-3.1-70b"));
  EXPECT_FALSE(m.is_moe());
  EXPECT_EQ(m.num_kv_heads, 8);
  EXPECT_EQ(m.dense_intermediate_size, 28672);
}

TEST(HfConfig, Errors) {
  try {
    import_hf_config_file(fixture("unknown_arch"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown_arch.json: model_type: unsupported architecture 'totally_new_moe'"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(import_hf_config_file(fixture("broken")), InputError);
  EXPECT_THROW(import_hf_config_file(fixture("does-not-exist")), InputError);
  try {
    import_hf_config(R"({"model_type": "mixtral", "hidden_size": 4096, "num_hidden_layers": 32, "vocab_size": 32000,
                         "num_attention_heads": 32, "num_key_value_heads": 5, "num_local_experts": 8,
                         "num_experts_per_tok": 2, "intermediate_size": 14336})",
                     "c.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "c.json: num_key_value_heads: num_heads 32 is not divisible by num_kv_heads 5");
  }
  try {
    import_hf_config(R"({"model_type": "mixtral", "hidden_size": "big"})", "c.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "c.json: hidden_size: expected an integer, got \"big\"");
  }
}

// FP8 weight-scale blocks, as vLLM's own FP8 and llm-compressor's compressed-tensors configs write them; a malformed
// one names its field and value.
TEST(HfConfig, WeightScaleBlocks) {
  const std::string base = R"("model_type": "mixtral", "hidden_size": 4096, "num_hidden_layers": 32, "vocab_size": 32000,
                              "num_attention_heads": 32, "num_key_value_heads": 8, "num_local_experts": 8,
                              "num_experts_per_tok": 2, "intermediate_size": 14336)";
  const ModelSpec fp8 = import_hf_config(
      "{" + base + R"(, "quantization_config": {"quant_method": "fp8", "weight_block_size": [128, 128]}})", "c.json");
  EXPECT_EQ(fp8.weight_block_size, 128);
  const ModelSpec ct = import_hf_config(
      "{" + base + R"(, "quantization_config": {"quant_method": "compressed-tensors", "config_groups": {"group_0":
          {"weights": {"num_bits": 8, "type": "float", "strategy": "block", "block_structure": [128, 128]}}}}})",
      "c.json");
  EXPECT_EQ(ct.weight_dtype, DType::kFp8);
  EXPECT_EQ(ct.weight_block_size, 128);
  const ModelSpec per_channel = import_hf_config(
      "{" + base + R"(, "quantization_config": {"quant_method": "compressed-tensors", "config_groups": {"group_0":
          {"weights": {"num_bits": 8, "type": "float", "strategy": "channel"}}}}})",
      "c.json");
  EXPECT_EQ(per_channel.weight_block_size, 0);
  try {
    import_hf_config("{" + base + R"(, "quantization_config": {"quant_method": "fp8", "weight_block_size": [0, 128]}})",
                     "c.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "c.json: quantization_config.weight_block_size: expected two integers from 1 to 4096, got [0,128]");
  }
}

}  // namespace
}  // namespace moeplan
