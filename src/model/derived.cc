#include "model/derived.h"

#include <fmt/format.h>

#include <algorithm>

namespace moeplan {

std::string Derived::text() const { return fmt::format("{:g} (= {})", value, derivation); }

Derived experts_per_gpu_per_moe_layer(int experts, int redundant_slots, int ep) {
  Derived d;
  d.value = ep > 0 ? static_cast<double>((experts + redundant_slots) / ep) : 0;
  d.derivation = redundant_slots > 0
                     ? fmt::format("({} experts + {} redundant slots) / EP {}", experts, redundant_slots, ep)
                     : fmt::format("{} experts / EP {}", experts, ep);
  return d;
}

Derived experts_per_gpu_in_total(int per_moe_layer, const std::vector<int>& moe_layers_by_stage) {
  Derived d;
  if (moe_layers_by_stage.empty()) return d;
  const auto [lo, hi] = std::minmax_element(moe_layers_by_stage.begin(), moe_layers_by_stage.end());
  d.value = static_cast<double>(per_moe_layer) * *hi;
  d.derivation = *lo == *hi ? fmt::format("{} per MoE layer x {} MoE layers per stage", per_moe_layer, *hi)
                            : fmt::format("{} per MoE layer x {} to {} MoE layers per stage", per_moe_layer, *lo, *hi);
  return d;
}

}  // namespace moeplan
