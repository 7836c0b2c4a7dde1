#include "spec/limits.h"

#include <cmath>

#include <fmt/format.h>

#include "spec/error.h"

namespace moeplan {

const std::vector<ModelSizeLimit>& model_size_limits() {
  using namespace limits;
  static const std::vector<ModelSizeLimit> table = {
      {"hidden_size", &ModelSpec::hidden_size, 1, kHiddenSize},
      {"num_layers", &ModelSpec::num_layers, 1, kLayers},
      {"vocab_size", &ModelSpec::vocab_size, 1, kVocab},
      {"num_heads", &ModelSpec::num_heads, 1, kHeads},
      {"num_kv_heads", &ModelSpec::num_kv_heads, 1, kHeads},
      {"head_dim", &ModelSpec::head_dim, 1, kHeadDim},
      {"q_lora_rank", &ModelSpec::q_lora_rank, 0, kLoraRank},
      {"kv_lora_rank", &ModelSpec::kv_lora_rank, 1, kLoraRank},
      {"qk_nope_head_dim", &ModelSpec::qk_nope_head_dim, 1, kHeadDim},
      {"qk_rope_head_dim", &ModelSpec::qk_rope_head_dim, 1, kHeadDim},
      {"v_head_dim", &ModelSpec::v_head_dim, 1, kHeadDim},
      {"sliding_window", &ModelSpec::sliding_window, 0, kSlidingWindow},
      {"dense_intermediate_size", &ModelSpec::dense_intermediate_size, 0, kIntermediateSize},
      {"num_experts", &ModelSpec::num_experts, 0, kExperts},
      {"experts_per_token", &ModelSpec::experts_per_token, 0, kExperts},
      {"expert_intermediate_size", &ModelSpec::expert_intermediate_size, 0, kIntermediateSize},
      {"num_shared_experts", &ModelSpec::num_shared_experts, 0, kSharedExperts},
      {"shared_expert_intermediate_size", &ModelSpec::shared_expert_intermediate_size, 0, kIntermediateSize},
      {"first_dense_layers", &ModelSpec::first_dense_layers, 0, kLayers},
      {"moe_layer_step", &ModelSpec::moe_layer_step, 1, kLayers},
      {"expert_groups", &ModelSpec::expert_groups, 0, kExperts},
      {"expert_groups_per_token", &ModelSpec::expert_groups_per_token, 0, kExperts},
      {"mtp_modules", &ModelSpec::mtp_modules, 0, kMtpModules},
  };
  return table;
}

const ModelSizeLimit& model_size_limit(std::string_view field) {
  for (const auto& l : model_size_limits())
    if (l.field == field) return l;
  throw std::logic_error("no size limit declared for model field " + std::string(field));
}

void check_model_limits(const ModelSpec& m, const std::function<std::string(const std::string&)>& where) {
  for (const auto& l : model_size_limits()) {
    const int64_t v = m.*l.member;
    const std::string field(l.field);
    if (v < 0) throw InputError(where(field) + fmt::format("must not be negative, got {}", v));
    if (v > l.max) throw InputError(where(field) + fmt::format("{} is implausibly large (limit {})", v, l.max));
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
