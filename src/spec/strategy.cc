#include "spec/strategy.h"

#include <fmt/format.h>

#include <cctype>
#include <sstream>

#include "spec/error.h"

namespace moeplan {

namespace {
// No degree exceeds the largest cluster we accept; products stay in int64.
constexpr int kMaxDegree = 1'000'000;
}  // namespace

std::string Strategy::label() const {
  std::string l = fmt::format("tp={} pp={} dp={} ep={} etp={}", tp, pp, dp, ep, etp);
  if (instances > 1) l += fmt::format(" instances={}", instances);
  return l;
}

PartialStrategy parse_strategy_text(const std::string& text, const std::string& where) {
  PartialStrategy p;
  std::string normalized = text;
  for (char& c : normalized)
    if (c == ',' || c == ';') c = ' ';
  std::istringstream in(normalized);
  std::string item;
  bool any = false;
  while (in >> item) {
    const size_t eq = item.find('=');
    if (eq == std::string::npos) throw InputError(where + "expected key=value pairs like tp=4,pp=2, got '" + item + "'");
    std::string key = item.substr(0, eq);
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string value = item.substr(eq + 1);
    int v = 0;
    try {
      size_t used = 0;
      v = std::stoi(value, &used);
      if (used != value.size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      throw InputError(where + key + ": expected a positive integer, got '" + value + "'");
    }
    if (v <= 0) throw InputError(where + key + fmt::format(": must be a positive integer, got {}", v));
    if (v > kMaxDegree) throw InputError(where + key + fmt::format(": {} is implausibly large (limit {})", v, kMaxDegree));
    if (key == "tp") p.tp = v;
    else if (key == "pp") p.pp = v;
    else if (key == "dp") p.dp = v;
    else if (key == "ep") p.ep = v;
    else if (key == "etp") p.etp = v;
    else if (key == "instances") p.instances = v;
    else throw InputError(where + "unknown degree '" + key + "'" +
                          did_you_mean(key, {"tp", "pp", "dp", "ep", "etp", "instances"}) + "; use tp, pp, dp, ep, etp, instances");
    any = true;
  }
  if (!any) throw InputError(where + "empty strategy; write it like tp=4,pp=4,dp=2,ep=8");
  return p;
}

Strategy complete_strategy(const PartialStrategy& p, int gpus, bool model_is_moe, const std::string& where) {
  Strategy s;
  s.tp = p.tp.value_or(1);
  s.pp = p.pp.value_or(1);
  s.instances = p.instances.value_or(1);
  const int64_t tp_pp = static_cast<int64_t>(s.tp) * s.pp * s.instances;
  const std::string inst = s.instances > 1 ? fmt::format(" x instances {}", s.instances) : "";
  if (p.dp) {
    s.dp = *p.dp;
  } else {
    if (tp_pp > gpus || gpus % tp_pp != 0)
      throw InputError(where + fmt::format("tp {} x pp {}{} = {} does not divide the cluster's {} GPUs", s.tp, s.pp,
                                           inst, tp_pp, gpus));
    s.dp = static_cast<int>(gpus / tp_pp);
  }
  const int64_t product = tp_pp * s.dp;
  if (product != gpus)
    throw InputError(where + fmt::format("tp {} x pp {} x dp {}{} = {} GPUs, but the cluster has {}", s.tp, s.pp, s.dp,
                                         inst, product, gpus));
  s.layers_per_stage = p.layers_per_stage;
  if (!model_is_moe) {
    if ((p.ep && *p.ep != 1) || (p.etp && *p.etp != 1))
      throw InputError(where + "ep/etp given, but the model has no experts (a dense model uses ep=1)");
    return s;
  }
  const int stage = s.gpus_per_stage();
  if (p.etp && p.ep) {
    s.etp = *p.etp;
    s.ep = *p.ep;
  } else if (p.ep) {
    s.ep = *p.ep;
    if (stage % s.ep != 0)
      throw InputError(where + fmt::format("ep {} does not divide tp x dp = {} (EP x ETP must equal the {} GPUs of a stage)",
                                           s.ep, stage, stage));
    s.etp = stage / s.ep;
  } else if (p.etp) {
    s.etp = *p.etp;
    if (stage % s.etp != 0)
      throw InputError(where + fmt::format("etp {} does not divide tp x dp = {}", s.etp, stage));
    s.ep = stage / s.etp;
  } else {
    // No expert parallelism asked for: the engines shard every expert over
    // the stage's GPUs (vLLM without --enable-expert-parallel flattens TP
    // across DP; SGLang without --ep-size; TensorRT-LLM moe_tp = tp_size).
    s.ep = 1;
    s.etp = stage;
  }
  if (static_cast<int64_t>(s.ep) * s.etp != stage)
    throw InputError(where + fmt::format("ep {} x etp {} = {}, but must equal tp x dp = {} (MoE layers use the GPUs of their stage)",
                                         s.ep, s.etp, static_cast<int64_t>(s.ep) * s.etp, stage));
  return s;
}

}  // namespace moeplan
