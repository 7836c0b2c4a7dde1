#include "spec/scenario.h"

#include <fmt/format.h>

#include <sys/stat.h>

#include "spec/limits.h"
#include "spec/strategy_rules.h"
#include "spec/model_loader.h"
#include "spec/yaml_reader.h"

namespace moeplan {

std::string to_string(Engine e) {
  switch (e) {
    case Engine::kVllm: return "vllm";
    case Engine::kSglang: return "sglang";
    case Engine::kTrtllm: return "trtllm";
  }
  return "?";
}

namespace {

constexpr int64_t kMaxTokens = limits::kTokens;
constexpr double kMaxRate = 1e12;
constexpr double kMaxLatencyS = 24 * 3600.0;

bool file_exists(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0;
}

// A path field resolved against the scenario's folder; a missing file is an
// error here, naming the scenario, the field and the value.
std::string existing_file(MapReader& r, const std::string& key, const std::string& value, const std::string& base_dir,
                          const char* what) {
  const std::string path = (value.empty() || value[0] == '/' || base_dir == ".") ? value : base_dir + "/" + value;
  if (value.empty()) r.fail(key, std::string("expected a path to ") + what + ", got ''");
  if (!file_exists(path)) r.fail(key, fmt::format("{} '{}' not found (looked at {})", what, value, path));
  return path;
}

std::string dir_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

Workload read_workload(const YAML::Node& node, const std::string& file) {
  if (!node.IsDefined() || node.IsNull())
    throw InputError(location(file, node, "workload") + "is required: {input_tokens: 2048, output_tokens: 512}");
  MapReader r(node, file, "workload");
  r.expect_keys({"input_tokens", "output_tokens", "concurrency", "request_rate"});
  Workload w;
  auto in = r.integer("input_tokens", 1, kMaxTokens);
  auto out = r.integer("output_tokens", 1, kMaxTokens);
  if (!in) r.fail("input_tokens", "is required (prompt tokens per request, a positive integer)");
  if (!out) r.fail("output_tokens", "is required (generated tokens per request, a positive integer)");
  w.input_tokens = *in;
  w.output_tokens = *out;
  w.concurrency = r.integer("concurrency", 1, limits::kConcurrency).value_or(0);
  w.request_rate = r.quantity("request_rate", QuantityKind::kRequestsPerSecond, limits::kMinRequestRate, 1e9).value_or(0);
  if (w.concurrency > 0 && w.request_rate > 0)
    r.fail("request_rate", "give either concurrency (a closed loop) or request_rate (an open arrival rate), not both");
  r.reject_unknown_keys();
  return w;
}

Slo read_slo(const YAML::Node& node, const std::string& file) {
  Slo s;
  if (!node.IsDefined() || node.IsNull()) return s;
  MapReader r(node, file, "slo");
  r.expect_keys({"ttft", "tpot", "throughput"});
  s.ttft_s = r.quantity("ttft", QuantityKind::kSeconds, limits::kMinSeconds, kMaxLatencyS);
  s.tpot_s = r.quantity("tpot", QuantityKind::kSeconds, limits::kMinSeconds, kMaxLatencyS);
  s.throughput_tokens_per_s = r.quantity("throughput", QuantityKind::kTokensPerSecond, limits::kMinThroughput, kMaxRate);
  r.reject_unknown_keys();
  return s;
}

RuntimeSpec read_runtime(const YAML::Node& node, const std::string& file) {
  RuntimeSpec rt;
  if (!node.IsDefined() || node.IsNull()) return rt;
  MapReader r(node, file, "runtime");
  r.expect_keys({"engine", "memory_fraction", "prefill_chunk_tokens", "comm_buffers", "runtime_overhead",
                 "activation_dtype", "load_mtp", "two_batch_overlap", "moe_load_imbalance"});
  if (auto e = r.choice("engine", {"vllm", "sglang", "trtllm"}))
    rt.engine = *e == "sglang" ? Engine::kSglang : *e == "trtllm" ? Engine::kTrtllm : Engine::kVllm;
  if (auto v = r.number("memory_fraction", 0.01, 1.0)) rt.memory_fraction = *v;
  if (auto v = r.integer("prefill_chunk_tokens", 1, kMaxTokens)) rt.prefill_chunk_tokens = *v;
  if (auto v = r.quantity("comm_buffers", QuantityKind::kBytes, -1, 1e13)) rt.comm_buffer_bytes = *v;
  if (auto v = r.quantity("runtime_overhead", QuantityKind::kBytes, -1, 1e13)) rt.runtime_overhead_bytes = *v;
  if (auto v = r.choice("activation_dtype", {"fp32", "bf16", "fp16", "fp8"})) rt.activation_dtype = *dtype_from_string(*v);
  if (auto v = r.boolean("load_mtp")) rt.load_mtp = *v;
  if (auto v = r.boolean("two_batch_overlap")) rt.two_batch_overlap = *v;
  if (auto v = r.number("moe_load_imbalance", 1.0, 1000.0)) rt.moe_load_imbalance = *v;
  r.reject_unknown_keys();
  return rt;
}

void read_calibration(const YAML::Node& node, const std::string& file, const std::string& base_dir, Scenario& sc) {
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader r(node, file, "calibration");
  r.expect_keys({"gemm_efficiency", "gemm_half_efficiency_m", "hbm_efficiency", "intra_node_efficiency",
                 "inter_node_efficiency", "kernel_launch", "prefill_overhead", "decode_overhead", "profile",
                 "grouped_gemm_efficiency", "attention_efficiency", "kernels_per_layer"});
  Calibration& c = sc.calibration;
  if (auto v = r.number("gemm_efficiency", 0.01, 1.0)) c.gemm_efficiency = *v;
  if (auto v = r.number("gemm_half_efficiency_m", 0, 1e6)) c.gemm_half_efficiency_m = *v;
  if (auto v = r.number("hbm_efficiency", 0.01, 1.0)) c.hbm_efficiency = *v;
  if (auto v = r.number("intra_node_efficiency", 0.01, 1.0)) c.intra_node_efficiency = *v;
  if (auto v = r.number("inter_node_efficiency", 0.01, 1.0)) c.inter_node_efficiency = *v;
  if (auto v = r.quantity("kernel_launch", QuantityKind::kSeconds, -1, 1.0)) c.kernel_launch_s = *v;
  if (auto v = r.number("grouped_gemm_efficiency", 0.01, 1.0)) c.grouped_gemm_efficiency = *v;
  if (auto v = r.number("attention_efficiency", 0.01, 1.0)) c.attention_efficiency = *v;
  if (auto v = r.number("kernels_per_layer", 0, 1000)) c.kernels_per_layer = *v;
  if (auto v = r.quantity("prefill_overhead", QuantityKind::kSeconds, -1, 60.0)) c.prefill_overhead_s = *v;
  if (auto v = r.quantity("decode_overhead", QuantityKind::kSeconds, -1, 60.0)) c.decode_overhead_s = *v;
  if (auto v = r.string("profile")) sc.profile_path = existing_file(r, "profile", *v, base_dir, "profile");
}

PartialStrategy read_strategy(const YAML::Node& node, const std::string& file) {
  PartialStrategy p;
  if (node.IsScalar()) return parse_strategy_text(node.Scalar(), location(file, node, "strategy"));
  MapReader r(node, file, "strategy");
  r.expect_keys({"tp", "pp", "dp", "ep", "etp", "layers_per_stage"});
  auto deg = [&](const char* key) -> std::optional<int> {
    auto v = r.integer(key, 1, limits::kStrategyDegree);
    return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
  };
  p.tp = deg("tp");
  p.pp = deg("pp");
  p.dp = deg("dp");
  p.ep = deg("ep");
  p.etp = deg("etp");
  YAML::Node lps = r.child("layers_per_stage");
  if (lps.IsDefined() && !lps.IsNull()) {
    if (!lps.IsSequence()) r.fail("layers_per_stage", "expected a list of layer counts, one per pipeline stage");
    for (size_t i = 0; i < lps.size(); ++i) {
      int v = 0;
      try {
        v = lps[i].as<int>();
      } catch (const YAML::Exception&) {
        r.fail("layers_per_stage", "expected integers, got '" + lps[i].as<std::string>("?") + "'");
      }
      if (v <= 0) r.fail("layers_per_stage", fmt::format("every stage needs at least one layer, got {}", v));
      p.layers_per_stage.push_back(v);
    }
  }
  r.reject_unknown_keys();
  return p;
}

void read_placement(const YAML::Node& node, const std::string& file, const std::string& base_dir, Scenario& sc) {
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader r(node, file, "placement");
  r.expect_keys({"routing_stats", "skew", "redundant_experts", "algorithm"});
  PlacementConfig& p = sc.placement;
  if (auto v = r.string("routing_stats"))
    p.routing_stats = existing_file(r, "routing_stats", *v, base_dir, "routing statistics");
  if (auto v = r.string("skew")) {
    if (v->rfind("zipf:", 0) != 0) r.fail("skew", "expected zipf:EXPONENT[:SEED], got '" + *v + "'");
    p.skew = *v;
  }
  if (!p.routing_stats.empty() && !p.skew.empty()) r.fail("skew", "give routing_stats or skew, not both");
  if (r.has("redundant_experts") && r.string("redundant_experts") == std::optional<std::string>("auto")) {
    p.redundant_auto = true;
  } else if (auto v = r.integer("redundant_experts", 0, limits::kRedundantSlots)) {
    p.redundant_experts = static_cast<int>(*v);
  }
  if (auto v = r.choice("algorithm", {"linear", "round-robin", "eplb", "lpt-swap", "best"})) p.algorithm = *v;
  if (!p.enabled() && (p.redundant_experts > 0 || p.redundant_auto))
    r.fail("redundant_experts", "needs routing_stats or skew to decide which experts to replicate");
  if (!sc.model.is_moe()) r.fail("routing_stats", "the model has no experts to place");
}

}  // namespace

void require_valid_strategy(const Strategy& s, const Scenario& sc, const std::string& where) {
  const auto problem = strategy_problem(s, sc.model, sc.cluster, sc.placement.redundant_experts);
  if (problem) throw InputError(where + problem->message);
}

Scenario parse_scenario(const std::string& text, const std::string& file) {
  YAML::Node root = parse_yaml_text(text, file);
  if (!root.IsDefined() || root.IsNull()) throw InputError(file + ": empty scenario; it needs model, cluster and workload");
  MapReader r(root, file, "");
  r.expect_keys({"name", "description", "assumptions", "model", "cluster", "workload", "slo", "runtime", "calibration",
                 "placement", "strategy"});
  Scenario sc;
  sc.file = file;
  sc.name = r.string("name").value_or("");
  sc.description = r.string("description").value_or("");
  YAML::Node assumptions = r.child("assumptions");
  if (assumptions.IsDefined() && !assumptions.IsNull()) {
    if (!assumptions.IsSequence()) r.fail("assumptions", "expected a list of sentences");
    for (size_t i = 0; i < assumptions.size(); ++i) {
      const YAML::Node a = assumptions[i];
      if (!a.IsScalar())
        throw InputError(location(file, a, fmt::format("assumptions[{}]", i)) + "expected a sentence, got a " +
                         (a.IsMap() ? "mapping" : a.IsSequence() ? "list" : "null"));
      sc.assumptions.push_back(a.Scalar());
    }
  }
  sc.model = resolve_model(r.child("model"), file, dir_of(file));
  sc.cluster = read_cluster(r.child("cluster"), file);
  sc.workload = read_workload(r.child("workload"), file);
  sc.slo = read_slo(r.child("slo"), file);
  sc.runtime = read_runtime(r.child("runtime"), file);
  read_calibration(r.child("calibration"), file, dir_of(file), sc);
  read_placement(r.child("placement"), file, dir_of(file), sc);
  YAML::Node strategy = r.child("strategy");
  r.reject_unknown_keys();
  if (strategy.IsDefined() && !strategy.IsNull()) {
    const std::string where = location(file, strategy, "strategy");
    Strategy s = complete_strategy(read_strategy(strategy, file), sc.cluster.gpus, sc.model.is_moe(), where);
    require_valid_strategy(s, sc, where);
    sc.strategy = s;
  }
  if (sc.name.empty()) sc.name = sc.model.name;
  return sc;
}

Scenario load_scenario(const std::string& path) { return parse_scenario(read_text_file(path, "scenario file"), path); }

}  // namespace moeplan
