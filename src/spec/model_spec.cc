#include "spec/model_spec.h"

#include <algorithm>

namespace moeplan {

std::string to_string(AttentionKind k) {
  switch (k) {
    case AttentionKind::kMha: return "mha";
    case AttentionKind::kGqa: return "gqa";
    case AttentionKind::kMla: return "mla";
  }
  return "?";
}

std::string to_string(DType d) {
  switch (d) {
    case DType::kFp32: return "fp32";
    case DType::kBf16: return "bf16";
    case DType::kFp16: return "fp16";
    case DType::kFp8: return "fp8";
    case DType::kFp4: return "fp4";
  }
  return "?";
}

std::string to_string(SlidingLayers s) {
  switch (s) {
    case SlidingLayers::kNone: return "none";
    case SlidingLayers::kAlternate: return "alternate";
    case SlidingLayers::kAll: return "all";
  }
  return "?";
}

std::string to_string(KvDtypeOrigin o) {
  switch (o) {
    case KvDtypeOrigin::kEngineDefault: return "engine default";
    case KvDtypeOrigin::kCheckpoint: return "checkpoint";
    case KvDtypeOrigin::kScenario: return "scenario";
  }
  return "?";
}

const std::vector<std::string>& dtype_names() {
  static const std::vector<std::string> names = {"fp32", "bf16", "fp16", "fp8", "fp4"};
  return names;
}

std::optional<DType> dtype_from_string(const std::string& s) {
  if (s == "fp32" || s == "float32") return DType::kFp32;
  if (s == "bf16" || s == "bfloat16") return DType::kBf16;
  if (s == "fp16" || s == "float16") return DType::kFp16;
  if (s == "fp8" || s == "fp8_e4m3" || s == "float8_e4m3fn") return DType::kFp8;
  if (s == "fp4" || s == "mxfp4") return DType::kFp4;
  return std::nullopt;
}

namespace {
// DeepSeek-V3 FP8: one fp32 scale per 128x128 weight block.
constexpr double kFp8BlockElements = 128.0 * 128.0;
constexpr double kFp8ScaleBytes = 4.0;
// OCP MXFP4: one E8M0 (1 byte) scale per 32 elements.
constexpr double kMxfp4BlockElements = 32.0;
constexpr double kMxfp4ScaleBytes = 1.0;
}  // namespace

double weight_bytes_per_param(DType d) {
  switch (d) {
    case DType::kFp32: return 4.0;
    case DType::kBf16:
    case DType::kFp16: return 2.0;
    case DType::kFp8: return 1.0 + kFp8ScaleBytes / kFp8BlockElements;
    case DType::kFp4: return 0.5 + kMxfp4ScaleBytes / kMxfp4BlockElements;
  }
  return 2.0;
}

double kv_bytes_per_element(DType d) {
  switch (d) {
    case DType::kFp32: return 4.0;
    case DType::kBf16:
    case DType::kFp16: return 2.0;
    case DType::kFp8: return 1.0;
    case DType::kFp4: return 0.5;
  }
  return 2.0;
}

DType ModelSpec::base_dtype() const {
  if (weight_dtype == DType::kFp32 || weight_dtype == DType::kFp16 || weight_dtype == DType::kBf16) return weight_dtype;
  return DType::kBf16;
}

bool ModelSpec::is_moe_layer(int64_t layer) const {
  if (num_experts <= 0) return false;
  if (layer < first_dense_layers) return false;
  return (layer + 1) % moe_layer_step == 0;
}

bool ModelSpec::is_sliding_layer(int64_t layer) const {
  if (sliding_window <= 0) return false;
  switch (sliding_window_layers) {
    case SlidingLayers::kNone: return false;
    case SlidingLayers::kAll: return true;
    case SlidingLayers::kAlternate: return layer % 2 == 0;
  }
  return false;
}

namespace {
// Multiples of `step` in [lo, hi) (integers, lo >= 0).
int64_t multiples_in(int64_t lo, int64_t hi, int64_t step) {
  if (hi <= lo) return 0;
  // floor((hi - 1) / step) - floor((lo - 1) / step); floor(-1 / step) = -1.
  return (hi - 1) / step - (lo > 0 ? (lo - 1) / step : -1);
}
}  // namespace

int64_t ModelSpec::moe_layers_in(int64_t first, int64_t last) const {
  if (num_experts <= 0) return 0;
  first = std::max(first, first_dense_layers);
  if (last <= first) return 0;
  // Layer i is MoE iff (i + 1) % step == 0: count multiples of step in [first + 1, last + 1).
  return multiples_in(first + 1, last + 1, moe_layer_step);
}

int64_t ModelSpec::sliding_layers_in(int64_t first, int64_t last) const {
  if (sliding_window <= 0 || last <= first) return 0;
  switch (sliding_window_layers) {
    case SlidingLayers::kNone: return 0;
    case SlidingLayers::kAll: return last - first;
    case SlidingLayers::kAlternate: return multiples_in(first, last, 2);  // even layers
  }
  return 0;
}

int64_t ModelSpec::num_moe_layers() const { return moe_layers_in(0, num_layers); }

}  // namespace moeplan
