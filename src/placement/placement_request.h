// What `moeplan place` asks for, resolved into a placement problem: either a
// scenario (its model, its strategy's EP group and its `placement:` section,
// with a synthetic zipf:1.01 skew when it has no statistics) or the shape
// given field by field. Flags that would change a scenario's shape are an
// error, not ignored. Throws InputError naming the flag and the value.
#pragma once

#include <string>

#include "placement/balance.h"
#include "placement/routing_stats.h"

namespace moeplan {

struct PlacementRequest {
  std::string scenario_path;  // "" = the shape comes from the fields below
  std::string load;           // routing statistics file
  std::string skew;           // zipf:EXPONENT[:SEED]
  std::string algorithm;      // "" = the scenario's, or best
  std::string model;          // preset, for the bytes of a redundant expert
  int experts = 0, layers = 0, replicas = 0, groups = 0, nodes = 0, gpus = 0;
  int redundant = -1;         // -1 = not given
};

struct PlacementJob {
  PlacementSpec spec;
  RoutingStats stats;
  PlacementAlgorithm algorithm = PlacementAlgorithm::kBest;
  double expert_bytes = 0;   // one routed expert of one layer on one GPU; 0 = unknown (no model)
  int leading_dense_layers = 0;
  bool default_skew = false;  // a scenario without statistics: the public planners' zipf:1.01 was used
};

PlacementJob resolve_placement_request(const PlacementRequest& request);

}  // namespace moeplan
