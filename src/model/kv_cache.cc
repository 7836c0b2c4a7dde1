#include "model/kv_cache.h"

#include <algorithm>

namespace moeplan {

KvCacheFacts kv_cache_facts(const ModelSpec& m) {
  KvCacheFacts k;
  k.elements_per_token_per_layer = m.attention == AttentionKind::kMla
                                       ? static_cast<double>(m.kv_lora_rank + m.qk_rope_head_dim)
                                       : 2.0 * static_cast<double>(m.num_kv_heads * m.head_dim);
  k.bytes_per_token_per_layer = k.elements_per_token_per_layer * kv_bytes_per_element(m.kv_cache_dtype);
  for (int64_t i = 0; i < m.num_layers; ++i) (m.is_sliding_layer(i) ? k.sliding_layers : k.full_layers) += 1;
  k.sliding_window = m.sliding_window;
  k.bytes_per_token = static_cast<double>(m.num_layers) * k.bytes_per_token_per_layer;
  return k;
}

double KvCacheFacts::bytes_per_sequence(double tokens) const {
  const double sliding_tokens = sliding_window > 0 ? std::min(tokens, static_cast<double>(sliding_window)) : tokens;
  return bytes_per_token_per_layer *
         (static_cast<double>(full_layers) * tokens + static_cast<double>(sliding_layers) * sliding_tokens);
}

double kv_bytes_per_token_per_layer_per_gpu(const ModelSpec& m, int tp) {
  const double b = kv_bytes_per_element(m.kv_cache_dtype);
  if (m.attention == AttentionKind::kMla) return static_cast<double>(m.kv_lora_rank + m.qk_rope_head_dim) * b;
  const double kv_heads_per_gpu = std::max<double>(1.0, static_cast<double>(m.num_kv_heads) / tp);
  return 2.0 * kv_heads_per_gpu * static_cast<double>(m.head_dim) * b;
}

}  // namespace moeplan
