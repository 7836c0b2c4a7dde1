#include "model/params.h"

#include <gtest/gtest.h>

#include "spec/model_loader.h"

namespace moeplan {
namespace {

TEST(Params, SeedModelByHand) {
  const ModelSpec m = load_model_preset("seed-16x16", "");
  const ParamSummary p = count_params(m);
  // Attention: q, k, v, o are 4096 x 4096 each = 4 x 16,777,216 = 67,108,864 per layer;
  // x 16 layers = 1,073,741,824.
  EXPECT_DOUBLE_EQ(p.breakdown.attention, 1073741824.0);
  // One expert: 2 matrices x 4096 x 4096 = 33,554,432; x 16 experts x 16 layers = 8,589,934,592.
  EXPECT_DOUBLE_EQ(p.breakdown.routed_experts, 8589934592.0);
  // Router: 16 experts x 4096 = 65,536 per layer; x 16 = 1,048,576.
  EXPECT_DOUBLE_EQ(p.breakdown.router, 1048576.0);
  // Norms: 2 x 4096 per layer x 16 + final 4096 = 135,168.
  EXPECT_DOUBLE_EQ(p.breakdown.norms, 135168.0);
  // Embedding and untied LM head: 32,000 x 4096 = 131,072,000 each.
  EXPECT_DOUBLE_EQ(p.breakdown.embedding, 131072000.0);
  EXPECT_DOUBLE_EQ(p.breakdown.lm_head, 131072000.0);
  // Total: 1,073,741,824 + 8,589,934,592 + 1,048,576 + 135,168 + 262,144,000 = 9,927,004,160
  // ("about 9.93 B", issue 2).
  EXPECT_DOUBLE_EQ(p.total, 9927004160.0);
  // FP16 weights: 9,927,004,160 x 2 B = 19,854,008,320 B.
  EXPECT_DOUBLE_EQ(model_weight_bytes(m, p.breakdown), 19854008320.0);
  // Active: everything but 14 of 16 experts per layer:
  // 9,927,004,160 - 14 x 33,554,432 x 16 = 2,410,811,392.
  EXPECT_DOUBLE_EQ(p.active, 2410811392.0);
}

TEST(Params, DeepSeekV3ByHand) {
  const ModelSpec m = load_model_preset("deepseek-v3", "");
  const LayerParams lp = layer_params(m);
  // MLA per layer: q_a 7168x1536 = 11,010,048; q_b 1536 x 128 x 192 = 37,748,736;
  // kv_a 7168 x (512+64) = 4,128,768; kv_b 512 x 128 x (128+128) = 16,777,216;
  // o 128 x 128 x 7168 = 117,440,512. Sum 187,105,280.
  EXPECT_DOUBLE_EQ(lp.attention, 187105280.0);
  // One expert: 3 x 7168 x 2048 = 44,040,192.
  EXPECT_DOUBLE_EQ(lp.expert, 44040192.0);
  // Router: 256 x 7168 + 256 (e_score_correction_bias) = 1,835,264.
  EXPECT_DOUBLE_EQ(lp.router, 1835264.0);
  const ParamSummary p = count_params(m);
  // 256 experts x 44,040,192 = 11,274,289,152 per layer; x 58 MoE layers = 653,908,770,816.
  EXPECT_DOUBLE_EQ(p.breakdown.routed_experts, 653908770816.0);
  // 3 dense layers x 3 x 7168 x 18432 = 1,189,085,184.
  EXPECT_DOUBLE_EQ(p.breakdown.dense_ffn, 1189085184.0);
  // Published 671B (DeepSeek-V3 technical report), MTP excluded.
  EXPECT_NEAR(p.total / 671e9, 1.0, 0.01);
  EXPECT_GT(p.breakdown.mtp, 11e9);  // one MoE layer (~11.5 B) + eh_proj; not in total
}

TEST(Params, Qwen3TiedFlagAndQkNorm) {
  const ModelSpec m = load_model_preset("qwen3-30b-a3b", "");
  const LayerParams lp = layer_params(m);
  // Attention: q 2048 x 4096 + k,v 2 x 2048 x 512 + o 4096 x 2048 = 18,874,368.
  EXPECT_DOUBLE_EQ(lp.attention, 18874368.0);
  // q_norm and k_norm over head_dim 128 each.
  EXPECT_DOUBLE_EQ(lp.attention_norms, 256.0);
}

// Published totals and active counts (shared/reference/models.md; sources
// in each preset file): totals within 1%, active within 3%, comparing with
// the convention (input embedding counted or not) the publisher used.
TEST(Params, EveryPresetMatchesPublishedFigures) {
  int checked = 0;
  for (const auto& name : model_preset_names()) {
    const ModelSpec m = load_model_preset(name, "");
    const ParamSummary p = count_params(m);
    if (m.published.params_total > 0) {
      EXPECT_NEAR(p.total / m.published.params_total, 1.0, 0.01) << name;
      ++checked;
    }
    if (m.published.params_active > 0) {
      const double ours = m.published.active_counts_input_embedding ? p.active : p.active_excluding_input_embedding;
      EXPECT_NEAR(ours / m.published.params_active, 1.0, 0.03) << name;
    }
  }
  EXPECT_GE(checked, 13);
}

}  // namespace
}  // namespace moeplan
