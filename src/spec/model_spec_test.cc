#include "spec/model_spec.h"

#include <gtest/gtest.h>

namespace moeplan {
namespace {

// The O(1) range counts agree with the per-layer definitions.
TEST(ModelSpec, RangeCountsMatchPerLayerDefinitions) {
  for (int64_t first_dense : {0, 1, 3})
    for (int64_t step : {1, 2, 3})
      for (SlidingLayers sl : {SlidingLayers::kNone, SlidingLayers::kAlternate, SlidingLayers::kAll}) {
        ModelSpec m;
        m.num_layers = 13;
        m.num_experts = 8;
        m.first_dense_layers = first_dense;
        m.moe_layer_step = step;
        m.sliding_window = 128;
        m.sliding_window_layers = sl;
        for (int64_t a = 0; a <= 13; ++a)
          for (int64_t b = a; b <= 13; ++b) {
            int64_t moe = 0, sliding = 0;
            for (int64_t i = a; i < b; ++i) {
              moe += m.is_moe_layer(i);
              sliding += m.is_sliding_layer(i);
            }
            EXPECT_EQ(m.moe_layers_in(a, b), moe) << first_dense << " " << step << " [" << a << "," << b << ")";
            EXPECT_EQ(m.sliding_layers_in(a, b), sliding);
          }
      }
}

}  // namespace
}  // namespace moeplan
