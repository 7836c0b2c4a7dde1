#include "spec/scenario.h"

#include "spec/engine_defaults.h"

#include <fmt/format.h>

#include "spec/serving_config.h"    // issue 10
#include "spec/serving_defaults.h"  // issue 8
#include <sys/stat.h>

#include "spec/limits.h"
#include "spec/scenario_schema.h"
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

std::string to_string(BatchSettings b) { return b == BatchSettings::kTrtllmBench ? "trtllm-bench" : "engine"; }

std::string to_string(WorkloadArrival a) { return a == WorkloadArrival::kBurst ? "burst" : "steady"; }
std::string to_string(LengthDistribution d) { return d == LengthDistribution::kShareGpt ? "sharegpt" : "fixed"; }

namespace {


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

Workload read_workload(const YAML::Node& node, const std::string& file, Scenario& sc) {
  if (!node.IsDefined() || node.IsNull())
    throw InputError(location(file, node, "workload") + "is required: {input_tokens: 2048, output_tokens: 512}");
  MapReader r(node, file, "workload");
  r.expect_keys(schema_keys("workload"));
  read_schema_fields(r, "workload", sc, sc.model);
  const Workload& w = sc.workload;
  if (w.input_tokens == 0) r.fail("input_tokens", "is required (prompt tokens per request, a positive integer)");
  if (w.output_tokens == 0) r.fail("output_tokens", "is required (generated tokens per request, a positive integer)");
  if (w.concurrency > 0 && w.request_rate > 0)
    r.fail("request_rate", "give either concurrency (a closed loop) or request_rate (an open arrival rate), not both");
  if (w.arrival == WorkloadArrival::kBurst) {
    if (w.requests == 0)
      r.fail("requests", "is required with arrival: burst (how many requests are sent at once, e.g. requests: 1000)");
    if (w.request_rate > 0)
      r.fail("request_rate", "a burst sends every request at once (request rate inf); leave request_rate out with arrival: burst");
  } else if (w.requests > 0) {
    r.fail("requests", fmt::format("{} requests only count with arrival: burst (a steady state has no number of requests)",
                                   w.requests));
  }
  return w;
}

void read_slo(const YAML::Node& node, const std::string& file, Scenario& sc) {
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader r(node, file, "slo");
  r.expect_keys(schema_keys("slo"));
  read_schema_fields(r, "slo", sc, sc.model);
}

void read_runtime(const YAML::Node& node, const std::string& file, Scenario& sc) {
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader r(node, file, "runtime");
  r.expect_keys(schema_keys("runtime"));
  read_schema_fields(r, "runtime", sc, sc.model);
}

void read_calibration(const YAML::Node& node, const std::string& file, const std::string& base_dir, Scenario& sc) {
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader r(node, file, "calibration");
  r.expect_keys(schema_keys("calibration"));
  read_schema_fields(r, "calibration", sc, sc.model);
  if (auto v = r.string("profile")) sc.profile_path = existing_file(r, "profile", *v, base_dir, "profile");
}


void read_placement(const YAML::Node& node, const std::string& file, const std::string& base_dir, Scenario& sc) {
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader r(node, file, "placement");
  r.expect_keys(schema_keys("placement"));
  read_schema_fields(r, "placement", sc, sc.model);
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
  } else if (auto v = read_integer(r, schema_key("placement", "redundant_experts"))) {
    p.redundant_experts = static_cast<int>(*v);
  }
  if (!p.enabled() && (p.redundant_experts > 0 || p.redundant_auto))
    r.fail("redundant_experts", "needs routing_stats or skew to decide which experts to replicate");
  if (!sc.model.is_moe()) r.fail("routing_stats", "the model has no experts to place");
}

}  // namespace

PartialStrategy read_strategy(const YAML::Node& node, const std::string& file, const std::string& path) {
  PartialStrategy p;
  if (node.IsScalar()) return parse_strategy_text(node.Scalar(), location(file, node, path));
  MapReader r(node, file, path);
  r.expect_keys(schema_keys("strategy"));
  auto deg = [&](const char* key) -> std::optional<int> {
    auto v = read_integer(r, schema_key("strategy", key));
    return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
  };
  p.tp = deg("tp");
  p.pp = deg("pp");
  p.dp = deg("dp");
  p.ep = deg("ep");
  p.etp = deg("etp");
  p.instances = deg("instances");  // issue 10: engine instances behind a load balancer
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

void require_valid_strategy(const Strategy& s, const Scenario& sc, const std::string& where) {
  const auto problem = strategy_problem(s, sc.model, sc.cluster, sc.placement.redundant_experts);
  if (problem) throw InputError(where + problem->message);
}

Scenario parse_scenario(const std::string& text, const std::string& file) {
  YAML::Node root = parse_yaml_text(text, file);
  if (!root.IsDefined() || root.IsNull()) throw InputError(file + ": empty scenario; it needs model, cluster and workload");
  MapReader r(root, file, "");
  r.expect_keys(schema_keys(""));
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
  read_workload(r.child("workload"), file, sc);
  read_slo(r.child("slo"), file, sc);
  read_runtime(r.child("runtime"), file, sc);
  {
    // Engine defaults for what the file leaves out (spec/engine_defaults.h).
    const YAML::Node rt = r.child("runtime");
    const auto given = [&](const char* key) { return rt.IsDefined() && rt.IsMap() && rt[key].IsDefined(); };
    sc.runtime.prefill_chunk_from_engine = !given("prefill_chunk_tokens");
    sc.runtime.max_batch_from_engine = !given("max_batch_size");
    sc.runtime.activation_dtype_given = given("activation_dtype");
    const EngineDefaults d = engine_defaults(sc.runtime.engine, sc.cluster.gpu);
    if (!sc.runtime.activation_dtype_given && sc.model.weight_dtype == DType::kFp16) sc.runtime.activation_dtype = DType::kFp16;
    if (sc.runtime.prefill_chunk_from_engine) sc.runtime.prefill_chunk_tokens = d.token_budget;
    if (sc.runtime.max_batch_from_engine) sc.runtime.max_batch_size = d.max_batch;
    if (sc.runtime.batch_settings == BatchSettings::kTrtllmBench && sc.runtime.engine != Engine::kTrtllm)
      throw InputError(location(file, rt["batch_settings"], "runtime.batch_settings") +
                       fmt::format("'trtllm-bench' is TensorRT-LLM's benchmark and needs runtime.engine: trtllm, got '{}'",
                                   to_string(sc.runtime.engine)));
    if (sc.runtime.mtp_draft_tokens > 0) {
      if (sc.model.mtp_modules <= 0)
        throw InputError(location(file, rt["mtp_draft_tokens"], "runtime.mtp_draft_tokens") +
                         fmt::format("{} draft tokens need an MTP module, and model '{}' has none (mtp_modules: 0)",
                                     sc.runtime.mtp_draft_tokens, sc.model.name));
      sc.runtime.load_mtp = true;  // the drafts come from the MTP module's weights
    }
  }
  check_context_length(sc, location(file, r.child("workload"), "workload"));  // issue 8
  resolve_kv_cache_dtype(sc);                                                  // issue 8
  read_calibration(r.child("calibration"), file, dir_of(file), sc);
  read_placement(r.child("placement"), file, dir_of(file), sc);
  YAML::Node strategy = r.child("strategy");
  read_serving(r.child("serving"), file, sc);  // issue 10
  r.reject_unknown_keys();
  if (strategy.IsDefined() && !strategy.IsNull()) {
    const std::string where = location(file, strategy, "strategy");
    const PartialStrategy given = read_strategy(strategy, file);
    Strategy s = complete_strategy(given, sc.cluster.gpus, sc.model.is_moe(), where);
    require_valid_strategy(s, sc, where);
    sc.strategy = s;
    sc.strategy_note = expert_layout_note(given, s, sc.model.is_moe(), sc.runtime.engine);  // issue 8
  }
  if (sc.name.empty()) sc.name = sc.model.name;
  return sc;
}

Scenario load_scenario(const std::string& path) { return parse_scenario(read_text_file(path, "scenario file"), path); }

}  // namespace moeplan
