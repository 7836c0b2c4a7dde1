// Expert placement with load balancing: which logical expert each physical
// expert slot holds, per MoE layer, and what that does to per-GPU load.
//
// Conventions (the engines' own): a layer has `slots` physical expert slots
// (experts + redundant replicas); slot s lives on GPU s / slots_per_gpu and GPU
// g on node g / gpus_per_node. An expert's tokens split evenly over its
// replicas (load / logical_count per replica, the model DeepSeek's EPLB
// balances). Loads are token counts (token-expert assignments).
//
// Algorithms: the engines' static layouts (linear, round-robin), DeepSeek's
// EPLB (hierarchical or global), our LPT + swap local search ("lpt-swap"),
// and "best", which runs them all and keeps the lowest max/mean per layer.
#pragma once

#include <string>
#include <vector>

#include "placement/routing_stats.h"

namespace moeplan {

enum class PlacementAlgorithm {
  kLinear,      // slot s holds expert s % E: contiguous blocks (vLLM "linear", SGLang "trivial")
  kRoundRobin,  // GPU g's k-th slot holds expert (k x gpus + g) % E (vLLM "round_robin")
  kEplb,        // DeepSeek EPLB: hierarchical when groups % nodes == 0, else global
  kLptSwap,     // ours: greedy replication, LPT packing, local search (swaps, replica hand-overs) with
                //       seeded kicks; refines EPLB's layout instead when that is better: never worse than kEplb
  kBest,        // every algorithm above, lowest max/mean per layer
};

// "linear", "round-robin", "eplb", "lpt-swap", "best".
const std::vector<std::string>& placement_algorithm_names();
std::string algorithm_name(PlacementAlgorithm a);
// InputError with a did-you-mean for an unknown name ("round_robin" is accepted too).
PlacementAlgorithm parse_placement_algorithm(const std::string& name);

struct PlacementSpec {
  int experts = 0;  // logical routed experts per MoE layer
  int slots = 0;    // physical expert slots over all GPUs = experts + redundant (EPLB's num_replicas)
  int groups = 1;   // expert groups (DeepSeek n_group); 1 = ungrouped
  int nodes = 1;
  int gpus = 1;     // EP size, over all nodes

  int redundant() const { return slots - experts; }
  int slots_per_gpu() const { return gpus > 0 ? slots / gpus : 0; }
  int gpus_per_node() const { return nodes > 0 ? gpus / nodes : 0; }
};

// InputError when the shape cannot be placed: fewer than 1 expert / GPU /
// node / group, more groups than experts, groups not dividing experts, GPUs
// not dividing over nodes, slots < experts, slots not dividing over GPUs.
void validate_placement_spec(const PlacementSpec& spec);

// EPLB packs expert groups onto nodes only when groups divide over nodes.
bool eplb_is_hierarchical(const PlacementSpec& spec);

struct LayerPlacement {
  PlacementAlgorithm algorithm = PlacementAlgorithm::kLinear;  // what produced it (for kBest: the winner)
  std::vector<int> physical_to_logical;  // [slot] -> logical expert
  std::vector<int> logical_count;        // [expert] -> replicas (>= 1; sums to slots)
  std::vector<double> gpu_load;          // [gpu] tokens
  std::vector<double> node_load;         // [node] tokens
  double mean_gpu_load = 0;              // tokens
  double max_over_mean = 1;              // max GPU load / mean; 1 for a layer with no tokens
  double imbalance = 0;                  // (max - mean) / mean
  double balancedness = 1;               // vLLM's mean / max
  // Share of this layer's tokens dispatched to another node, with tokens
  // originating uniformly over all GPUs (so over nodes) and each token served
  // by a replica on its own node when its expert has one there: expert e with
  // replicas on k_e of N nodes sends w_e x (1 - k_e / N) tokens across.
  double cross_node_fraction = 0;
  // Lower bound on max/mean for any placement of these slots:
  // max(mean, heaviest replica after optimal (greedy) replication) / mean.
  double lower_bound_max_over_mean = 1;
};

struct PlacementSummary {
  double max_over_mean = 1;         // mean over layers of per-layer max/mean
  double max_over_mean_worst = 1;   // the worst layer
  double imbalance = 0;             // mean over layers of (max - mean) / mean
  double imbalance_worst = 0;
  double balancedness = 1;          // mean over layers of mean / max
  double cross_node_fraction = 0;   // over all layers' tokens (token-weighted)
  double lower_bound_max_over_mean = 1;  // mean over layers
  double redundant_slots_per_gpu = 0;    // redundant / gpus, in every MoE layer; x bytes per expert x layers = memory
};

struct PlacementResult {
  PlacementSpec spec;
  PlacementAlgorithm algorithm = PlacementAlgorithm::kLinear;  // as requested
  std::vector<LayerPlacement> layers;
  PlacementSummary summary;
};

// Layouts for one layer: physical_to_logical, `spec.slots` entries.
// `expert_load` has spec.experts token counts (>= 0).
std::vector<int> linear_layout(const PlacementSpec& spec);
std::vector<int> round_robin_layout(const PlacementSpec& spec);
std::vector<int> eplb_layout(const PlacementSpec& spec, const std::vector<double>& expert_load);
std::vector<int> lpt_swap_layout(const PlacementSpec& spec, const std::vector<double>& expert_load);

// Metrics of a given layout (throws std::logic_error for a malformed map: a
// wrong slot count, an id out of range, an expert without a replica).
LayerPlacement evaluate_layout(const PlacementSpec& spec, const std::vector<double>& expert_load,
                               std::vector<int> physical_to_logical, PlacementAlgorithm algorithm);

// Heaviest single replica when `slots` replicas go to experts greedily (each
// extra replica to the expert with the highest load / replicas): the least
// achievable heaviest replica, hence a lower bound on the max GPU load.
double min_max_replica_load(const std::vector<double>& expert_load, int slots);

// Validates spec and load shape (InputError), then places one layer / all layers.
LayerPlacement place_layer(const PlacementSpec& spec, const std::vector<double>& expert_load,
                           PlacementAlgorithm algorithm);
PlacementResult place_experts(const PlacementSpec& spec, const RoutingStats& stats, PlacementAlgorithm algorithm);

PlacementSummary summarize(const PlacementSpec& spec, const std::vector<LayerPlacement>& layers);

// A placement is fitted to routing statistics, but each forward pass routes a
// fresh sample of tokens: `assignments` token-expert pairs over `gpus` GPUs.
// Its busiest GPU then carries the placement's fitted share plus the
// sampling spread of the largest of `gpus` counts: for counts with mean
// N/G and variance about N/G (1 - 1/G), the expected maximum is about
// sqrt(2 ln G) standard deviations above the mean. In max/mean terms:
//   fitted + sqrt(2 ln G) x sqrt(G (1 - 1/G) / N), never above G.
double step_max_over_mean(double fitted_max_over_mean, double assignments, int gpus);

}  // namespace moeplan
