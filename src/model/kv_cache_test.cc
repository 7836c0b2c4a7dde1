#include "model/kv_cache.h"

#include <gtest/gtest.h>

#include "spec/model_loader.h"

namespace moeplan {
namespace {

TEST(KvCache, DeepSeekV3Mla) {
  // shared/reference/models.md: 61 x (512 + 64) x 2 B = 70,272 B per token.
  const KvCacheFacts kv = kv_cache_facts(load_model_preset("deepseek-v3", ""));
  EXPECT_DOUBLE_EQ(kv.bytes_per_token_per_layer, 1152.0);
  EXPECT_DOUBLE_EQ(kv.bytes_per_token, 70272.0);
}

TEST(KvCache, Qwen3Gqa) {
  // shared/reference/models.md: 48 x 4 x 128 x 2 x 2 B = 98,304 B per token.
  EXPECT_DOUBLE_EQ(kv_cache_facts(load_model_preset("qwen3-30b-a3b", "")).bytes_per_token, 98304.0);
}

TEST(KvCache, SeedMhaAndTpSharding) {
  const ModelSpec m = load_model_preset("seed-16x16", "");
  // 2 x 32 heads x 128 x 2 B = 16,384 B per layer; x 16 layers = 262,144 B per token.
  EXPECT_DOUBLE_EQ(kv_cache_facts(m).bytes_per_token, 262144.0);
  // TP 4: 8 KV heads per GPU -> 2 x 8 x 128 x 2 = 4,096 B per layer per GPU.
  EXPECT_DOUBLE_EQ(kv_bytes_per_token_per_layer_per_gpu(m, 4), 4096.0);
}

TEST(KvCache, KvHeadsReplicatedWhenTpExceedsThem) {
  // Qwen3-30B-A3B has 4 KV heads; at TP 8 each GPU keeps one head:
  // 2 x 1 x 128 x 2 B = 512 B per layer, not 256.
  const ModelSpec m = load_model_preset("qwen3-30b-a3b", "");
  EXPECT_DOUBLE_EQ(kv_bytes_per_token_per_layer_per_gpu(m, 8), 512.0);
  EXPECT_DOUBLE_EQ(kv_bytes_per_token_per_layer_per_gpu(m, 2), 1024.0);
}

TEST(KvCache, MlaLatentIsReplicatedOverTp) {
  const ModelSpec m = load_model_preset("deepseek-v3", "");
  EXPECT_DOUBLE_EQ(kv_bytes_per_token_per_layer_per_gpu(m, 8), 1152.0);
}

TEST(KvCache, SlidingWindowCapsAlternateLayers) {
  // gpt-oss-20b: 24 layers, 12 with a 128-token window; per layer
  // 2 x 8 KV heads x 64 x 2 B = 2,048 B per token.
  const KvCacheFacts kv = kv_cache_facts(load_model_preset("gpt-oss-20b", ""));
  EXPECT_EQ(kv.sliding_layers, 12);
  EXPECT_DOUBLE_EQ(kv.bytes_per_token_per_layer, 2048.0);
  // 4096-token request: 12 x 4096 x 2048 + 12 x 128 x 2048 = 103,809,024 B.
  EXPECT_DOUBLE_EQ(kv.bytes_per_sequence(4096), 103809024.0);
}

}  // namespace
}  // namespace moeplan
