#include "spec/limits.h"

#include <cmath>

#include <fmt/format.h>

#include "spec/error.h"
#include "spec/scenario_schema.h"

namespace moeplan {

void check_model_limits(const ModelSpec& m, const std::function<std::string(const std::string&)>& where) {
  for (const SchemaKey& k : scenario_schema()) {
    if (k.section != "model" || !k.access.model_size) continue;
    const int64_t v = k.access.model_size(m);
    const auto max = static_cast<int64_t>(k.max);
    const std::string field(k.key);
    if (v < 0) throw InputError(where(field) + fmt::format("must not be negative, got {}", v));
    if (v > max) throw InputError(where(field) + fmt::format("{} is implausibly large (limit {})", v, max));
  }
  // 0 is "not set" for the fields above; these two divide or step.
  if (m.moe_layer_step < 1)
    throw InputError(where("moe_layer_step") + fmt::format("must be at least 1 (every k-th layer is MoE), got {}", m.moe_layer_step));
  if (m.num_experts * m.num_moe_layers() > limits::kExpertLayers)
    throw InputError(where("num_experts") + fmt::format("{} experts x {} MoE layers = {} expert-layers is implausibly many (limit {})",
                                                         m.num_experts, m.num_moe_layers(), m.num_experts * m.num_moe_layers(),
                                                         limits::kExpertLayers));
  if (!(m.vision_encoder_params >= 0 && m.vision_encoder_params <= limits::kVisionParams))
    throw InputError(where("vision_encoder_params") +
                     fmt::format("{:g} is outside 0 .. {:g}", m.vision_encoder_params, limits::kVisionParams));
}

int64_t clamp_to_count(double v, int64_t max) {
  if (!(v > 0)) return 0;  // also NaN
  if (v >= static_cast<double>(max)) return max;
  return static_cast<int64_t>(v);
}

}  // namespace moeplan
