// A number and how it was derived, computed once in the model layer: the
// terminal report, the Markdown document and `check` print the same value
// with the same explanation ("2 (= 16 experts / EP 8)"), so they cannot drift.
#pragma once

#include <string>
#include <vector>

namespace moeplan {

struct Derived {
  double value = 0;
  std::string derivation;  // the arithmetic, with units: "16 experts / EP 8"
  // "2 (= 16 experts / EP 8)"
  std::string text() const;
};

// Expert slots one GPU holds in each MoE layer: (experts + redundant slots) / EP.
Derived experts_per_gpu_per_moe_layer(int experts, int redundant_slots, int ep);
// Over the MoE layers of a GPU's stage: per layer x the stage's MoE layers;
// `moe_layers_by_stage` gives a range when stages differ.
Derived experts_per_gpu_in_total(int per_moe_layer, const std::vector<int>& moe_layers_by_stage);

}  // namespace moeplan
