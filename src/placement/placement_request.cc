#include "placement/placement_request.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "model/params.h"
#include "placement/scenario_placement.h"
#include "spec/error.h"
#include "spec/limits.h"
#include "spec/model_loader.h"
#include "spec/scenario.h"
#include "spec/strategy_rules.h"

namespace moeplan {

namespace {

// Public planners model routing skew as a power law with exponent 1.01 when
// no statistics are given (shared/reference/engines.md).
constexpr const char* kDefaultSkew = "zipf:1.01:0";

PlacementJob from_scenario(const PlacementRequest& q) {
  // The scenario fixes the shape; flags that would change it are an error, not ignored.
  for (const auto& [flag, given] : std::vector<std::pair<std::string, bool>>{
           {"--experts", q.experts != 0}, {"--layers", q.layers != 0}, {"--replicas", q.replicas != 0},
           {"--groups", q.groups != 0}, {"--nodes", q.nodes != 0}, {"--gpus", q.gpus != 0}, {"--model", !q.model.empty()}})
    if (given)
      throw InputError(flag + ": not with a scenario (" + q.scenario_path +
                       " gives the model and its EP group); use --redundant, --load, --skew or --algorithm");
  Scenario sc = load_scenario(q.scenario_path);
  if (!sc.model.is_moe()) throw InputError(q.scenario_path + ": model: '" + sc.model.name + "' has no experts to place");
  if (!sc.strategy) throw InputError(q.scenario_path + ": strategy: needed to know the EP group (tp, dp, ep)");
  if (!q.load.empty()) { sc.placement.routing_stats = q.load; sc.placement.skew.clear(); }
  if (!q.skew.empty()) { sc.placement.skew = q.skew; sc.placement.routing_stats.clear(); }
  PlacementJob job;
  if (!sc.placement.enabled()) {
    sc.placement.skew = kDefaultSkew;
    job.default_skew = true;
  }
  if (q.redundant >= 0) sc.placement.redundant_experts = q.redundant;
  if (!q.algorithm.empty()) sc.placement.algorithm = q.algorithm;
  if (auto problem = strategy_problem(*sc.strategy, sc.model, sc.cluster, sc.placement.redundant_experts))
    throw InputError(q.scenario_path + ": strategy: " + problem->message);
  job.spec = placement_spec(sc, *sc.strategy);
  job.stats = *load_scenario_routing(sc);
  job.expert_bytes = expert_bytes_per_gpu(sc.model, *sc.strategy);
  job.leading_dense_layers = static_cast<int>(sc.model.first_dense_layers);
  job.algorithm = parse_placement_algorithm(sc.placement.algorithm);
  return job;
}

PlacementJob from_fields(const PlacementRequest& q) {
  if (q.load.empty() && q.skew.empty()) throw InputError("place: give --load FILE or --skew zipf:EXPONENT:SEED (or a scenario)");
  if (q.gpus <= 0) throw InputError(fmt::format("--gpus: required, a positive number of GPUs (got {})", q.gpus));
  if (q.gpus > limits::kGpus) throw InputError(fmt::format("--gpus: {} is implausibly large (limit {})", q.gpus, limits::kGpus));
  if (q.nodes < 0 || q.groups < 0) throw InputError("--nodes/--groups: must be positive");
  PlacementJob job;
  PlacementSpec& spec = job.spec;
  spec.gpus = q.gpus;
  spec.nodes = q.nodes > 0 ? q.nodes : 1;
  spec.groups = q.groups > 0 ? q.groups : 1;
  if (!q.load.empty()) {
    job.stats = load_routing_stats(q.load);
    spec.experts = q.experts > 0 ? q.experts : job.stats.experts();
    check_routing_shape(job.stats, q.layers > 0 ? q.layers : job.stats.layers(), spec.experts);
  } else {
    if (q.experts <= 0) throw InputError(fmt::format("--experts: required with --skew, a positive count (got {})", q.experts));
    if (q.layers <= 0) throw InputError(fmt::format("--layers: required with --skew, a positive count (got {})", q.layers));
    if (q.experts > limits::kExperts)
      throw InputError(fmt::format("--experts: {} is implausibly large (limit {})", q.experts, limits::kExperts));
    if (q.layers > limits::kLayers)
      throw InputError(fmt::format("--layers: {} is implausibly large (limit {})", q.layers, limits::kLayers));
    if (static_cast<int64_t>(q.experts) * q.layers > limits::kExpertLayers)
      throw InputError(fmt::format("--experts {} x --layers {}: {} expert-layers is implausibly many (limit {})", q.experts,
                                   q.layers, static_cast<int64_t>(q.experts) * q.layers, limits::kExpertLayers));
    spec.experts = q.experts;
    job.stats = synthetic_routing_stats(parse_skew(q.skew), q.layers, q.experts);
  }
  if (q.replicas < 0) throw InputError(fmt::format("--replicas: must be positive, got {}", q.replicas));
  if (q.replicas > spec.experts + limits::kRedundantSlots)
    throw InputError(fmt::format("--replicas: {} is implausibly large (limit {} experts + {} redundant)", q.replicas,
                                 spec.experts, limits::kRedundantSlots));
  spec.slots = q.replicas > 0 ? q.replicas : spec.experts + std::max(0, q.redundant);
  job.algorithm = parse_placement_algorithm(q.algorithm.empty() ? "best" : q.algorithm);
  if (!q.model.empty()) {
    const ModelSpec m = load_model_preset(q.model, "--model: ");
    if (m.num_experts != spec.experts)
      throw InputError(fmt::format("--model: '{}' has {} experts per layer, the load has {}", q.model, m.num_experts, spec.experts));
    job.expert_bytes = layer_params(m).expert * weight_bytes_per_param(m.expert_dtype);
    job.leading_dense_layers = static_cast<int>(m.first_dense_layers);
  }
  return job;
}

}  // namespace

PlacementJob resolve_placement_request(const PlacementRequest& q) {
  if (!q.load.empty() && !q.skew.empty()) throw InputError("--load and --skew: give one, not both");
  if (q.redundant > limits::kRedundantSlots)
    throw InputError(fmt::format("--redundant: {} is implausibly large (limit {})", q.redundant, limits::kRedundantSlots));
  if (q.replicas > 0 && q.redundant >= 0) throw InputError("--replicas and --redundant: give one, not both");
  PlacementJob job = q.scenario_path.empty() ? from_fields(q) : from_scenario(q);
  validate_placement_spec(job.spec);
  return job;
}

}  // namespace moeplan
