// The scenario's `serving:` section (issue 10): aggregated, disaggregated
// prefill/decode pools, or auto. Read and validated here; evaluated in
// search/disagg.h.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "spec/scenario.h"

namespace moeplan {

// Reads `node` into sc.serving; `sc`'s model, cluster and runtime must be
// read already. Throws InputError naming file, line, field and value.
void read_serving(const YAML::Node& node, const std::string& file, Scenario& sc);

// One pool instance's strategy from what the user wrote: dp defaults to
// EP x ETP / TP (an attention-DP MoE group), else 1. Throws InputError.
Strategy complete_pool_strategy(const PartialStrategy& p, bool model_is_moe, const std::string& where);

// Rules every pool pair obeys whatever chose the strategies: SGLang moves a
// non-MLA model's KV only between equal TP (sglang#15674). Throws InputError.
void require_compatible_pools(const Scenario& sc, const Strategy& prefill, const Strategy& decode, const std::string& where);

}  // namespace moeplan
