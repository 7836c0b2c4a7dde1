// KV-cache size per token: MHA/GQA store K and V for every KV head; MLA
// stores the compressed latent plus the shared RoPE key; sliding-window
// layers keep at most `window` tokens of a sequence.
#pragma once

#include <cstdint>

#include "spec/model_spec.h"

namespace moeplan {

struct KvCacheFacts {
  double elements_per_token_per_layer = 0;  // whole layer, unsharded
  double bytes_per_token_per_layer = 0;
  int64_t full_layers = 0;     // attend to the whole context
  int64_t sliding_layers = 0;  // attend to the last sliding_window tokens
  int64_t sliding_window = 0;
  // All layers, as if the context were within the window.
  double bytes_per_token = 0;
  // Bytes one sequence of `tokens` tokens holds over all layers.
  double bytes_per_sequence(double tokens) const;
};

KvCacheFacts kv_cache_facts(const ModelSpec& m);

// KV bytes per token per layer held by ONE GPU of a TP group: MHA/GQA
// shard KV heads over TP (one head each, replicated, when TP exceeds them);
// MLA's latent is replicated on every TP rank.
double kv_bytes_per_token_per_layer_per_gpu(const ModelSpec& m, int tp);

}  // namespace moeplan
