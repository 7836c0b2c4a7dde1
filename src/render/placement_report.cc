#include "render/placement_report.h"

#include <fmt/format.h>

#include "placement/placement_json.h"
#include "render/format.h"

namespace moeplan {

namespace {

constexpr int kGpusListed = 16;  // the text lists the first GPUs; --json has all

}  // namespace

std::string render_placement_text(const PlacementResult& r, double expert_bytes) {
  std::string out = fmt::format("Placement: {} experts in {} slots per MoE layer ({} redundant) over {} GPUs in {} node{}, "
                                "{} expert group{}, algorithm {}\n",
                                r.spec.experts, r.spec.slots, r.spec.redundant(), r.spec.gpus, r.spec.nodes,
                                r.spec.nodes == 1 ? "" : "s", r.spec.groups, r.spec.groups == 1 ? "" : "s",
                                algorithm_name(r.algorithm));
  TextTable t({"layer", "max/mean", "(max-mean)/mean", "balancedness", "cross-node", "lower bound", "chosen by"});
  for (size_t i = 0; i < r.layers.size(); ++i) {
    const LayerPlacement& l = r.layers[i];
    t.add({std::to_string(i), fmt::format("{:.3f}", l.max_over_mean), fmt::format("{:.3f}", l.imbalance),
           fmt::format("{:.3f}", l.balancedness), fmt_percent(l.cross_node_fraction),
           fmt::format("{:.3f}", l.lower_bound_max_over_mean), algorithm_name(l.algorithm)});
  }
  out += t.render();
  const PlacementSummary& s = r.summary;
  out += fmt::format("\nSummary: max/mean {:.3f} (worst layer {:.3f}), (max-mean)/mean {:.3f}, balancedness {:.3f}, "
                     "cross-node tokens {}, lower bound {:.3f}\n",
                     s.max_over_mean, s.max_over_mean_worst, s.imbalance, s.balancedness, fmt_percent(s.cross_node_fraction),
                     s.lower_bound_max_over_mean);
  out += fmt::format("Redundant experts: {:g} slots per GPU per MoE layer{}\n", s.redundant_slots_per_gpu,
                     expert_bytes > 0 ? fmt::format(" = {} per GPU over {} MoE layers",
                                                    fmt_gb(s.redundant_slots_per_gpu * expert_bytes * r.layers.size()),
                                                    r.layers.size())
                                      : " (give --model or a scenario for their bytes)");
  if (!r.layers.empty()) {
    out += "\nLayer 0, GPU -> experts (a replica is listed once per slot)\n";
    const LayerPlacement& l = r.layers.front();
    const int per_gpu = r.spec.slots_per_gpu();
    for (int g = 0; g < r.spec.gpus && g < kGpusListed; ++g) {
      std::string ids;
      for (int k = 0; k < per_gpu; ++k) {
        if (k > 0) ids += ' ';
        ids += std::to_string(l.physical_to_logical[static_cast<size_t>(g * per_gpu + k)]);
      }
      out += fmt::format("  GPU {:>3}: [{}]  load {}\n", g, ids, fmt_int(l.gpu_load[static_cast<size_t>(g)]));
    }
    if (r.spec.gpus > kGpusListed) out += fmt::format("  ... {} more GPUs (--json has all)\n", r.spec.gpus - kGpusListed);
  }
  return out;
}

nlohmann::json placement_report_json(const PlacementResult& r, double expert_bytes) {
  nlohmann::json j = placement_json(r, expert_bytes);
  // Without a model the bytes are unknown, not zero.
  if (expert_bytes <= 0) j["summary"]["redundant_bytes_per_gpu"] = nullptr;
  return j;
}

}  // namespace moeplan
