#include "spec/serving_config.h"

#include <fmt/format.h>

#include "spec/limits.h"
#include "spec/scenario_schema.h"
#include "spec/strategy_rules.h"
#include "spec/yaml_reader.h"

namespace moeplan {

std::string to_string(ServingMode m) {
  switch (m) {
    case ServingMode::kAggregated: return "aggregated";
    case ServingMode::kDisaggregated: return "disaggregated";
    case ServingMode::kAuto: return "auto";
  }
  return "?";
}

namespace {


PartialStrategy read_pool_strategy(const YAML::Node& node, const std::string& file, const std::string& path) {
  return read_strategy(node, file, path);  // the same keys and bounds as the scenario's strategy
}

PoolConfig read_pool(const YAML::Node& node, const std::string& file, const std::string& path, Scenario& sc) {
  PoolConfig pool;
  pool.where = location(file, node, path);
  if (!node.IsDefined() || node.IsNull()) return pool;
  MapReader r(node, file, path);
  r.expect_keys(schema_keys(path));  // the keys and bounds of scenario_schema.cc
  if (auto v = read_integer(r, schema_key(path, "redundant_experts"))) pool.redundant_experts = static_cast<int>(*v);
  if (auto v = r.string("gpu")) {
    pool.gpu_name = *v;
    pool.gpu = load_gpu_preset(*v, r.where("gpu"));
  }
  if (auto v = read_integer(r, schema_key(path, "instances"))) pool.instances = static_cast<int>(*v);
  YAML::Node s = r.child("strategy");
  r.reject_unknown_keys();
  if (s.IsDefined() && !s.IsNull()) {
    const std::string where = location(file, s, path + ".strategy");
    const PartialStrategy given = read_pool_strategy(s, file, path + ".strategy");
    if (given.instances) {
      if (pool.instances > 0 && pool.instances != *given.instances)
        throw InputError(where + fmt::format("instances {} here but {} in the pool", *given.instances, pool.instances));
      pool.instances = *given.instances;
    }
    Strategy st = complete_pool_strategy(given, sc.model.is_moe(), where);
    ClusterSpec c = sc.cluster;
    if (pool.gpu) c.gpu = *pool.gpu;
    if (auto problem = strategy_problem(st, sc.model, c, pool.redundant_experts.value_or(sc.placement.redundant_experts)))
      throw InputError(where + problem->message);
    pool.strategy = st;
  }
  return pool;
}

}  // namespace

Strategy complete_pool_strategy(const PartialStrategy& p, bool model_is_moe, const std::string& where) {
  PartialStrategy q = p;
  q.instances.reset();
  const int tp = q.tp.value_or(1), pp = q.pp.value_or(1);
  int dp = q.dp.value_or(0);
  if (dp == 0) {
    // An EP group of EP x ETP GPUs with attention DP over it, as DeepSeek's
    // and SGLang's pools run (EP32 = DP32).
    const int stage = model_is_moe && q.ep ? *q.ep * q.etp.value_or(1) : tp;
    if (stage % tp != 0)
      throw InputError(where + fmt::format("ep {} x etp {} = {} does not divide by tp {}", q.ep.value_or(1),
                                           q.etp.value_or(1), stage, tp));
    dp = stage / tp;
  }
  q.dp = dp;
  const int64_t gpus = static_cast<int64_t>(tp) * pp * dp;
  if (gpus > limits::kGpus) throw InputError(where + fmt::format("{} GPUs per instance is implausibly large", gpus));
  return complete_strategy(q, static_cast<int>(gpus), model_is_moe, where);
}

void require_compatible_pools(const Scenario& sc, const Strategy& prefill, const Strategy& decode, const std::string& where) {
  const bool mla = sc.model.kv_lora_rank > 0;
  if (sc.runtime.engine == Engine::kSglang && !mla && prefill.tp != decode.tp)
    throw InputError(where + fmt::format("decode tp {} differs from prefill tp {}: SGLang transfers the KV cache of a "
                                         "non-MLA model only between equal TP (sglang#15674); use tp={} on both",
                                         decode.tp, prefill.tp, prefill.tp));
}

void read_serving(const YAML::Node& node, const std::string& file, Scenario& sc) {
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader r(node, file, "serving");
  r.expect_keys(schema_keys("serving"));
  ServingConfig& s = sc.serving;
  read_schema_fields(r, "serving", sc, sc.model);  // mode
  s.prefill = read_pool(r.child("prefill"), file, "serving.prefill", sc);
  s.decode = read_pool(r.child("decode"), file, "serving.decode", sc);
  YAML::Node kv = r.child("kv_transfer");
  const std::string mode_where = r.where("mode");
  r.reject_unknown_keys();
  if (kv.IsDefined() && !kv.IsNull()) {
    MapReader k(kv, file, "serving.kv_transfer");
    k.expect_keys(schema_keys("serving.kv_transfer"));
    // The bandwidth's bound is exclusive: 0 is refused ("must be greater than zero"), a transfer needs a link.
    read_schema_fields(k, "serving.kv_transfer", sc, sc.model);
    k.reject_unknown_keys();
  }
  if (!s.disaggregated()) {
    if (r.has("prefill") || r.has("decode"))
      r.fail(r.has("prefill") ? "prefill" : "decode", "pools are for mode disaggregated or auto, but mode is aggregated");
    return;
  }
  if (s.kv_bandwidth_bytes_per_s <= 0 && sc.cluster.inter_node.bandwidth_bytes_per_s <= 0)
    throw InputError(mode_where + fmt::format("{} serving moves the KV cache over the inter-node network, but "
                                              "cluster.inter_node_bandwidth is 0; give it, or serving.kv_transfer.bandwidth",
                                              to_string(s.mode)));
  // The pools' GPUs, where both are known, within the cluster.
  auto gpus = [](const PoolConfig& p) -> int64_t {
    return p.strategy ? static_cast<int64_t>(p.strategy->gpus_per_instance()) * std::max(1, p.instances) : 0;
  };
  const int64_t used = gpus(s.prefill) + gpus(s.decode);
  if (used > sc.cluster.gpus)
    throw InputError(s.decode.where + fmt::format("prefill {} GPUs + decode {} GPUs = {} GPUs exceed the cluster's {} (cluster.gpus)",
                                                  gpus(s.prefill), gpus(s.decode), used, sc.cluster.gpus));
  if (s.prefill.strategy && s.decode.strategy) require_compatible_pools(sc, *s.prefill.strategy, *s.decode.strategy, s.decode.where);
}

}  // namespace moeplan
