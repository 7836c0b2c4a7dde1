// What a serving engine schedules per iteration when the scenario does not
// say: its token budget (the prefill chunk) and its cap on requests running
// at once in one engine instance (one DP rank). Each default is read from
// the engine's own source at the version cited in engine_defaults.cc.
#pragma once

#include <cstdint>
#include <string>

#include "spec/cluster_spec.h"
#include "spec/scenario.h"

namespace moeplan {

struct EngineDefaults {
  int64_t token_budget = 0;   // tokens per forward pass (prefill chunk), per DP rank
  int64_t max_batch = 0;      // requests running at once per DP rank; 0 = no cap but the KV cache
  std::string source;         // where the two figures come from
};

EngineDefaults engine_defaults(Engine engine, const GpuSpec& gpu);

}  // namespace moeplan
