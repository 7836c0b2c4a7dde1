#include "model/derived.h"

#include <gtest/gtest.h>

namespace moeplan {
namespace {

TEST(Derived, ExpertsPerGpuWithAndWithoutRedundantSlots) {
  // The seed: 16 experts / EP 8 = 2.
  EXPECT_EQ(experts_per_gpu_per_moe_layer(16, 0, 8).text(), "2 (= 16 experts / EP 8)");
  // 8 redundant slots: (16 + 8) / 8 = 3 slots per GPU, not 16 / 8 = 2.
  const Derived r = experts_per_gpu_per_moe_layer(16, 8, 8);
  EXPECT_EQ(r.value, 3);
  EXPECT_EQ(r.text(), "3 (= (16 experts + 8 redundant slots) / EP 8)");
  // DeepSeek-V3 on EP 64 with 64 redundant: (256 + 64) / 64 = 5.
  EXPECT_EQ(experts_per_gpu_per_moe_layer(256, 64, 64).value, 5);
}

TEST(Derived, ExpertsPerGpuInTotal) {
  // 2 per MoE layer x 4 MoE layers per stage = 8.
  EXPECT_EQ(experts_per_gpu_in_total(2, {4, 4, 4, 4}).text(), "8 (= 2 per MoE layer x 4 MoE layers per stage)");
  // DeepSeek-V3 on PP 2: stages of 27 and 31 MoE layers (3 dense in the first); 8 x 31 = 248 at most.
  const Derived d = experts_per_gpu_in_total(8, {27, 31});
  EXPECT_EQ(d.value, 248);
  EXPECT_EQ(d.derivation, "8 per MoE layer x 27 to 31 MoE layers per stage");
}

}  // namespace
}  // namespace moeplan
