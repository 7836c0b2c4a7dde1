#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>

#include "check/claims.h"
#include "check/markdown.h"
#include "check/verify.h"
#include "check/writer.h"
#include "export/dynamo.h"
#include "export/export.h"
#include "export/rules.h"
#include "placement/balance.h"
#include "placement/placement_json.h"
#include "placement/placement_request.h"
#include "render/deployment.h"  // issue 10
#include "render/document.h"
#include "render/format.h"
#include "render/html.h"
#include "render/placement_report.h"
#include "render/report.h"
#include "search/disagg.h"  // issue 10
#include "search/search.h"
#include "search/strategies.h"
#include "spec/limits.h"
#include "spec/model_loader.h"
#include "spec/text.h"
#include "spec/scenario.h"
#include "spec/serving_defaults.h"

namespace moeplan {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFinding = 1;
constexpr int kExitUsage = 2;
constexpr const char* kVersion = "0.1.0";

struct Command {
  const char* name;
  const char* help;
  std::function<int(const std::vector<std::string>&, std::ostream&, std::ostream&)> run;
};

// Parses `args` with a configured CLI11 app; returns -1 to continue, or an
// exit code (help printed, or a usage error reported).
int parse(CLI::App& app, const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> argv_strings = {app.get_name()};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<const char*> argv;
  for (const auto& a : argv_strings) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    err << "moeplan " << app.get_name() << ": " << e.what() << "\n";
    err << "run 'moeplan " << app.get_name() << " --help' for usage\n";
    return kExitUsage;
  }
  return -1;
}

void print_json(std::ostream& out, const nlohmann::json& j) { out << dump_json(j, 2) << "\n"; }

// A flag whose value must be one of `choices`.
void require_choice(const std::string& flag, const std::string& value, const std::vector<std::string>& choices) {
  for (const auto& c : choices)
    if (c == value) return;
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
  throw InputError(flag + ": unknown value '" + value + "'" + did_you_mean(value, choices) + "; use one of " + list);
}

// `--routing-stats FILE`, `--skew zipf:..`, `--redundant N|auto`: the
// scenario's `placement:` section from the command line.
struct PlacementFlags {
  std::string routing_stats, skew, redundant, algorithm;
  void add(CLI::App& app) {
    auto* stats = app.add_option("--routing-stats", routing_stats, "per-expert token counts (JSON, CSV, SGLang logical_count)");
    app.add_option("--skew", skew, "synthetic routing skew zipf:EXPONENT[:SEED]")->excludes(stats);
    app.add_option("--redundant", redundant, "redundant expert slots per MoE layer, or auto (plan chooses)");
    app.add_option("--placement-algorithm", algorithm, "linear | round-robin | eplb | lpt-swap | best");
  }
  void apply(Scenario& sc) const {
    if (!routing_stats.empty()) { sc.placement.routing_stats = routing_stats; sc.placement.skew.clear(); }
    if (!skew.empty()) {
      if (skew.rfind("zipf:", 0) != 0) throw InputError("--skew: expected zipf:EXPONENT[:SEED], got '" + skew + "'");
      sc.placement.skew = skew;
      sc.placement.routing_stats.clear();
    }
    if (!algorithm.empty()) {
      parse_placement_algorithm(algorithm);  // rejects unknown names with a did-you-mean
      sc.placement.algorithm = algorithm;
    }
    if (!redundant.empty()) {
      if (redundant == "auto") {
        sc.placement.redundant_auto = true;
      } else {
        auto v = parse_quantity(redundant, QuantityKind::kCount);
        if (!v || *v < 0 || *v > static_cast<double>(limits::kRedundantSlots) || *v != std::floor(*v))
          throw InputError(fmt::format("--redundant: expected a count of expert slots from 0 to {} or auto, got '{}'",
                                       limits::kRedundantSlots, redundant));
        sc.placement.redundant_experts = static_cast<int>(*v);
        sc.placement.redundant_auto = false;
      }
    }
    if ((sc.placement.redundant_experts > 0 || sc.placement.redundant_auto) && !sc.placement.enabled())
      throw InputError("--redundant: needs routing statistics or a skew (--routing-stats / --skew) to choose replicas");
    if (sc.placement.enabled() && !sc.model.is_moe()) throw InputError("--routing-stats/--skew: the model has no experts");
  }
  bool any() const { return !routing_stats.empty() || !skew.empty() || !redundant.empty() || !algorithm.empty(); }
};

int cmd_inspect(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app("Model facts: parameters by component, active parameters, KV cache per token.", "inspect");
  std::string model;
  bool json = false, list = false;
  app.add_option("MODEL", model, "preset name, path to a Hugging Face config.json, or a YAML file of model fields");
  app.add_flag("--json", json, "print JSON");
  app.add_flag("--list", list, "list the model presets");
  if (int rc = parse(app, args, out, err); rc >= 0) return rc;
  if (list) {
    for (const auto& n : model_preset_names()) {
      const ModelSpec m = load_model_preset(n, "");
      out << fmt::format("{:<20} {}\n", n, m.display_name);
    }
    return kExitOk;
  }
  if (model.empty()) throw InputError("inspect: give a model (a preset name, a config.json or a YAML file); --list shows the presets");
  const ModelSpec m = load_model_argument(model);
  if (json) print_json(out, inspect_json(m));
  else out << render_inspect_text(m);
  return kExitOk;
}

int cmd_strategies(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app("Every valid (pp, tp, dp, ep, etp) for the scenario's cluster, and the rejected ones by reason.",
               "strategies");
  std::string path;
  bool json = false, explain = false;
  app.add_option("SCENARIO", path, "scenario file (YAML or JSON)")->required();
  app.add_flag("--json", json, "print JSON");
  app.add_flag("--explain", explain, "list each rejected strategy with its reason");
  if (int rc = parse(app, args, out, err); rc >= 0) return rc;
  const Scenario sc = load_scenario(path);
  const StrategySpace space = enumerate_strategies(sc, explain);
  if (json) print_json(out, strategies_json(sc, space, explain));
  else out << render_strategies_text(sc, space, explain);
  return kExitOk;
}

void write_output(const std::string& text, const std::string& path, std::ostream& out);

int cmd_evaluate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app("Per-GPU memory and expert distribution of one strategy.", "evaluate");
  std::string path, strategy_text, format = "text", output;
  bool json = false;
  app.add_option("SCENARIO", path, "scenario file (YAML or JSON)")->required();
  app.add_option("--strategy", strategy_text, "e.g. tp=4,pp=4,dp=2,ep=8 (overrides the scenario's strategy)");
  app.add_flag("--json", json, "print JSON");
  app.add_option("--format", format, "text | json | md (the deployment document) | html");
  app.add_option("-o,--output", output, "write to this file instead of standard output");
  PlacementFlags placement;
  placement.add(app);
  if (int rc = parse(app, args, out, err); rc >= 0) return rc;
  require_choice("--format", format, {"text", "json", "md", "html"});
  if (json && format != "text" && format != "json") throw InputError("--json and --format " + format + ": give one, not both");
  if (json) format = "json";
  Scenario sc = load_scenario(path);
  placement.apply(sc);
  if (sc.placement.redundant_auto)
    throw InputError(placement.redundant == "auto"
                         ? "--redundant auto: only `plan` chooses the redundancy; give evaluate a number"
                         : path + ": placement.redundant_experts: 'auto': only `plan` chooses the redundancy; give "
                                  "evaluate a number (or pass --redundant N)");
  // --- issue 10: a disaggregated scenario evaluates its pools ---
  if (sc.serving.mode == ServingMode::kDisaggregated && strategy_text.empty()) {
    const auto d = plan_disaggregated(sc, make_cost_models(sc));
    if (!d) throw InputError(path + ": serving: no prefill/decode pool pair fits in cluster.gpus");
    if (format == "json") write_output(dump_json(nlohmann::json{{"deployment", deployment_json(sc, *d)}}, 2) + "\n", output, out);
    else if (format == "html") write_output(render_deployment_html(sc, *d, "evaluate"), output, out);
    else if (format == "md") write_output(render_deployment_document(sc, *d), output, out);
    else write_output(render_deployment_text(sc, *d), output, out);
    // The one verdict, as for one strategy: 1 when a pool does not fit or an objective is missed.
    return d->slo.met ? kExitOk : kExitFinding;
  }
  Strategy s;
  if (!strategy_text.empty()) {
    const std::string where = "--strategy '" + strategy_text + "': ";
    const PartialStrategy given = parse_strategy_text(strategy_text, where);
    s = complete_strategy(given, sc.cluster.gpus, sc.model.is_moe(), where);
    require_valid_strategy(s, sc, where);
    sc.strategy = s;  // the reports print the engine's expert layout for this strategy
    sc.strategy_note = expert_layout_note(given, s, sc.model.is_moe(), sc.runtime.engine);
  } else if (sc.strategy) {
    s = *sc.strategy;
    if (placement.any()) require_valid_strategy(s, sc, path + ": strategy: ");
  } else {
    throw InputError(path + ": strategy: none given; add `strategy: {tp: .., pp: .., dp: .., ep: ..}` to the scenario or pass --strategy tp=..,pp=..");
  }
  const Plan p = evaluate_plan(sc, s);
  if (format == "json") write_output(dump_json(plan_json(p), 2) + "\n", output, out);
  else if (format == "md") write_output(render_document(p, nullptr), output, out);
  else if (format == "html") write_output(render_plan_html(p), output, out);
  else write_output(render_plan_text(p), output, out);
  // One verdict (check_slo): 1 when the strategy does not fit or misses an
  // objective, as `check` exits 1 on a wrong number.
  return p.slo.met ? kExitOk : kExitFinding;
}

void write_output(const std::string& text, const std::string& path, std::ostream& out) {
  if (path.empty() || path == "-") {
    out << text;
    return;
  }
  std::ofstream f(path, std::ios::binary);
  if (!f) throw InputError(path + ": cannot write the output file");
  f << text;
  if (!f) throw InputError(path + ": writing the output file failed");
}

// The export --explain table of the recommended plan for `engine`, or why
// that engine cannot launch it, for the HTML report.
std::string launch_explanation(const SearchResult& r, Engine engine) {
  if (!r.recommended) return "";
  if (auto why = launch_refusal(*r.recommended, engine)) return to_string(engine) + " cannot launch the recommended strategy: " + *why;
  ExportOptions options;
  options.engine = engine;
  if (hf_repository(r.recommended->scenario->model).empty()) options.model_path = "PATH/TO/CHECKPOINT";
  return render_explain(build_launch(*r.recommended, options));
}

// The same for a disaggregated deployment: its pools and router.
std::string launch_explanation(const Scenario& sc, const Deployment& d, Engine engine) {
  ExportOptions options;
  options.engine = engine;
  if (hf_repository(sc.model).empty()) options.model_path = "PATH/TO/CHECKPOINT";
  try {
    return render_explain(build_launch(sc, d, options));
  } catch (const InputError& e) {
    return to_string(engine) + " cannot launch the disaggregated deployment: " + e.what();
  }
}

int cmd_plan(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app("Search every strategy x concurrency, keep those that fit and meet the SLOs, rank them, write the deployment document.",
               "plan");
  std::string path, objective = "throughput_per_gpu", format = "table", output;
  int top = 5, gpus_max = 0;
  app.add_option("SCENARIO", path, "scenario file (YAML or JSON)")->required();
  app.add_option("--objective", objective, "throughput_per_gpu | gpus | ttft");
  app.add_option("--top", top, "candidates to list (default 5)")->check(CLI::Range(1, 1000));
  app.add_option("--format", format, "table | md | json | html");
  app.add_option("-o,--output", output, "write to this file instead of standard output");
  app.add_option("--gpus-max", gpus_max, "also try GPU counts up to this many");
  PlacementFlags placement;
  placement.add(app);
  if (int rc = parse(app, args, out, err); rc >= 0) return rc;
  if (gpus_max < 0 || gpus_max > limits::kSearchGpus)
    throw InputError(fmt::format("--gpus-max: must be between 1 and {}, got {}", limits::kSearchGpus, gpus_max));
  require_choice("--objective", objective, {"throughput_per_gpu", "gpus", "ttft"});
  require_choice("--format", format, {"table", "md", "json", "html"});
  const auto obj = objective_from_string(objective);
  Scenario sc = load_scenario(path);
  if (gpus_max > sc.cluster.gpus)
    throw InputError(fmt::format("--gpus-max: {} exceeds the cluster's {} GPUs ({}: cluster.gpus)", gpus_max,
                                 sc.cluster.gpus, path));
  placement.apply(sc);
  if (sc.strategy && placement.any()) require_valid_strategy(*sc.strategy, sc, path + ": strategy: ");
  SearchOptions options;
  options.objective = *obj;
  // Rank only what the scenario's engine can launch (what `export` would write).
  options.launchable = [engine = sc.runtime.engine](const Plan& p) { return launch_refusal(p, engine); };
  options.top = top;
  options.gpus_max = gpus_max;
  // --- issue 10: disaggregated pools, and aggregated against disaggregated ---
  if (sc.serving.mode == ServingMode::kDisaggregated) {
    const auto d = plan_disaggregated(sc, make_cost_models(sc));
    if (!d) throw InputError(path + ": serving: no prefill/decode pool pair fits in cluster.gpus");
    std::string text = format == "json"   ? dump_json(nlohmann::json{{"deployment", deployment_json(sc, *d)}}, 2) + "\n"
                       : format == "md"   ? render_deployment_document(sc, *d)
                       : format == "html" ? render_deployment_html(sc, *d, "plan", launch_explanation(sc, *d, sc.runtime.engine))
                                          : render_deployment_text(sc, *d);
    write_output(text, output, out);
    return kExitOk;
  }
  const SearchResult r = search_plans(sc, options);
  if (sc.serving.mode == ServingMode::kAuto) {
    const auto d = plan_disaggregated(sc, make_cost_models(sc));
    std::string text;
    if (!r.recommended && !d) throw InputError(path + ": neither an aggregated nor a disaggregated deployment fits");
    std::optional<ServingComparison> c;
    if (r.recommended && d) c = compare_serving(sc, r.recommended->performance, r.meets_slo, *d);
    const bool dis_wins = !r.recommended || (c && c->winner == "disaggregated");
    if (format == "json") {
      const nlohmann::json agg = r.recommended ? plan_json(*r.recommended) : nlohmann::json(nullptr);
      const nlohmann::json dis = d ? deployment_json(sc, *d) : nlohmann::json(nullptr);
      const nlohmann::json comparison = comparison_json(
          agg, dis, c ? *c : ServingComparison{dis_wins ? "disaggregated" : "aggregated", "the other kind does not fit"});
      nlohmann::json j = d ? auto_plan_json(r, sc, *d, comparison) : search_json(r);
      if (!d) j["comparison"] = comparison;
      text = dump_json(j, 2) + "\n";
    } else if (format == "html") {
      const DisaggregatedView view{&sc, d ? &*d : nullptr, c ? &*c : nullptr};
      // How the winner launches: what `moeplan export` writes for this scenario.
      text = render_search_html(r, dis_wins ? launch_explanation(sc, *d, sc.runtime.engine) : launch_explanation(r, sc.runtime.engine),
                                d ? &view : nullptr);
    } else if (format == "md") {
      text = render_auto_document(sc, r, d ? &*d : nullptr, c ? &*c : nullptr);
    } else {
      text = render_search_text(r);
      if (d) text += "\n=== Best disaggregated ===\n" + render_deployment_text(sc, *d);
      if (c) text += "\n" + render_comparison_text(*r.recommended, r.meets_slo, *d, *c);
    }
    write_output(text, output, out);
    return kExitOk;
  }
  std::string text;
  if (format == "json") text = dump_json(search_json(r), 2) + "\n";
  else if (format == "html") text = render_search_html(r, launch_explanation(r, sc.runtime.engine));
  else if (format == "md") {
    if (!r.recommended) throw InputError(path + ": no strategy fits in memory; nothing to document (see --format table)");
    text = render_document(*r.recommended, &r);
  } else text = render_search_text(r);
  write_output(text, output, out);
  return kExitOk;
}

int cmd_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app("Audit a hand-written deployment document: every number it states, checked against the plan.", "check");
  std::string path, scenario_path, format = "text", output;
  bool fix = false;
  double tolerance = 0.25;
  app.add_option("DOC", path, "Markdown document")->required();
  app.add_option("--scenario", scenario_path, "scenario file (else the document's YAML front matter)");
  app.add_option("--format", format, "text | md | json | html");
  app.add_flag("--fix", fix, "write the document with wrong numbers replaced and ambiguous wording made explicit");
  app.add_option("-o,--output", output, "where --fix or --format html writes (default: standard output)");
  app.add_option("--tolerance", tolerance, "band around a performance prediction (default 0.25 = ±25%)");
  if (int rc = parse(app, args, out, err); rc >= 0) return rc;
  require_choice("--format", format, {"text", "md", "json", "html"});
  if (!(tolerance > 0 && tolerance < 10)) throw InputError(fmt::format("--tolerance: must be between 0 and 10, got {}", tolerance));
  if (!output.empty() && !fix && format != "html")
    throw InputError("-o/--output: only with --fix or --format html (the report goes to standard output)");
  const MarkdownDocument doc = load_markdown(path);
  std::optional<Scenario> scenario;
  if (!scenario_path.empty()) scenario = load_scenario(scenario_path);
  else if (doc.front_matter) scenario = parse_scenario(doc.front_matter->text, path + " (front matter)");
  CheckOptions options;
  options.tolerance = tolerance;
  const Scenario* sc = scenario ? &*scenario : nullptr;
  if (format == "html" && !fix) {  // the HTML report holds the whole document and every finding
    const CheckReport report = check_document(doc, extract_claims(doc), sc, options);
    write_output(render_check_html(report, doc, apply_fixes(report, doc)), output, out);
    return report.failed() ? kExitFinding : kExitOk;
  }
  // Text, JSON and --fix are written as they are checked, a node at a time.
  if (fix) {
    std::ofstream file;
    if (!output.empty() && output != "-") {
      file.open(output, std::ios::binary);
      if (!file) throw InputError(output + ": cannot write the output file");
    }
    write_check(doc, sc, options, CheckOutput::kFix, file.is_open() ? file : out);
    if (file.is_open() && !file.flush()) throw InputError(output + ": writing the output file failed");
    return kExitOk;
  }
  const bool failed = write_check(doc, sc, options, format == "json" ? CheckOutput::kJson : CheckOutput::kText, out);
  return failed ? kExitFinding : kExitOk;
}

int cmd_place(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app("Place experts on GPUs (with redundant copies of hot experts) and measure the load imbalance.", "place");
  PlacementRequest q;
  std::string sglang_out, vllm_out;
  bool json = false;
  std::string format = "text", output;
  app.add_option("SCENARIO", q.scenario_path, "scenario file: model, strategy (its EP group) and `placement:` from it");
  auto* load = app.add_option("--load", q.load, "routing statistics: JSON {\"expert_load\": [[...]]}, CSV, or SGLang logical_count");
  app.add_option("--skew", q.skew, "synthetic skew zipf:EXPONENT[:SEED] when no statistics exist")->excludes(load);
  app.add_option("--experts", q.experts, "routed experts per MoE layer");
  app.add_option("--layers", q.layers, "MoE layers");
  auto* replicas = app.add_option("--replicas", q.replicas, "physical expert slots per layer over all GPUs (experts + redundant)")
                       ->check(CLI::NonNegativeNumber);
  app.add_option("--redundant", q.redundant, "redundant slots per layer (instead of --replicas)")
      ->check(CLI::NonNegativeNumber)->excludes(replicas);
  app.add_option("--groups", q.groups, "expert groups (DeepSeek n_group)")->check(CLI::NonNegativeNumber);
  app.add_option("--nodes", q.nodes, "nodes the EP group spans")->check(CLI::NonNegativeNumber);
  app.add_option("--gpus", q.gpus, "GPUs of the EP group");
  app.add_option("--algorithm", q.algorithm, "linear | round-robin | eplb | lpt-swap | best");
  app.add_option("--model", q.model, "model preset, for the bytes of the redundant experts");
  app.add_option("--sglang-out", sglang_out, "write SGLang --init-expert-location JSON here");
  app.add_option("--vllm-out", vllm_out, "write vLLM-style expert maps here");
  app.add_flag("--json", json, "print JSON");
  app.add_option("--format", format, "text | json | html");
  app.add_option("-o,--output", output, "write the report to this file instead of standard output");
  if (int rc = parse(app, args, out, err); rc >= 0) return rc;
  require_choice("--format", format, {"text", "json", "html"});
  if (json && format != "text" && format != "json") throw InputError("--json and --format " + format + ": give one, not both");
  if (json) format = "json";
  const PlacementJob job = resolve_placement_request(q);
  const PlacementResult r = place_experts(job.spec, job.stats, job.algorithm);
  if (!sglang_out.empty()) write_output(dump_json(sglang_expert_location_json(r, job.leading_dense_layers)) + "\n", sglang_out, out);
  if (!vllm_out.empty()) write_output(dump_json(vllm_expert_map_json(r)) + "\n", vllm_out, out);
  if (format == "html") {
    // Before balancing: the engines' default linear layout of the same slots.
    const PlacementResult before = place_experts(job.spec, job.stats, PlacementAlgorithm::kLinear);
    write_output(render_placement_html(before, r, q.scenario_path.empty() ? (q.load.empty() ? q.skew : q.load) : q.scenario_path),
                 output, out);
    return kExitOk;
  }
  if (format == "json") {
    write_output(dump_json(placement_report_json(r, job.expert_bytes), 2) + "\n", output, out);
    return kExitOk;
  }
  std::string text;
  if (!q.scenario_path.empty() && q.load.empty() && q.skew.empty())
    text = "Routing statistics: from the scenario, or a synthetic zipf:1.01 skew when it has none.\n";
  write_output(text + render_placement_text(r, job.expert_bytes), output, out);
  return kExitOk;
}

int cmd_export(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app("Write what launches the plan: per-node scripts, LeaderWorkerSet manifests or a Dynamo DynamoGraphDeployment for an "
               "engine version.", "export");
  std::string path, engine, version, target = "shell", output = "moeplan-export", model_path;
  bool explain = false;
  app.add_option("SCENARIO", path, "scenario file, or a document `moeplan plan --format md` wrote")->required();
  app.add_option("--engine", engine, "vllm | sglang | trtllm")->required()->check(CLI::IsMember({"vllm", "sglang", "trtllm"}));
  app.add_option("--version", version, "engine version with a data file in presets/engines/ (default: the newest)");
  app.add_option("--target", target,
                 "shell | k8s | dynamo (a DynamoGraphDeployment for NVIDIA Dynamo 1.0: SGLang only, the version its image pins; "
                 "vLLM and TensorRT-LLM under Dynamo are refused)")
      ->check(CLI::IsMember({"shell", "k8s", "dynamo"}));
  app.add_option("-o,--output", output, "output folder (replaced whole; default moeplan-export)");
  app.add_option("--model-path", model_path, "checkpoint to serve (default: the preset's Hugging Face repository)");
  app.add_flag("--explain", explain, "print planner quantity -> engine flag -> value instead of writing files");
  if (int rc = parse(app, args, out, err); rc >= 0) return rc;
  ExportOptions options;
  options.engine = parse_engine(engine, "--engine");
  options.version = version;
  options.target = target == "k8s" ? ExportTarget::kK8s : target == "dynamo" ? ExportTarget::kDynamo : ExportTarget::kShell;
  options.model_path = model_path;
  // An unsupported engine version, or an engine Dynamo runs at a version without flag data, fails before planning.
  if (options.target == ExportTarget::kDynamo) dynamo_backend(options.engine, version);
  else engine_flags(options.engine, version);
  const auto source = plan_for_export(path, options.engine);
  const Launch launch = launch_for(*source, options);
  const std::vector<ExportFile> files = render_export(launch, source->origin);
  if (const auto problems = check_launch_files(files, launch); !problems.empty())
    throw InputError("export: the generated files break " + to_string(options.engine) + " rules: " + problems.front());
  if (explain) {
    out << render_explain(launch);
    return kExitOk;
  }
  write_export(files, output);
  for (const auto& f : files) out << output << "/" << f.name << "\n";
  return kExitOk;
}

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"inspect", "model facts: parameters, active parameters, KV cache per token", cmd_inspect},
      {"strategies", "enumerate valid parallel strategies for a scenario", cmd_strategies},
      {"evaluate", "per-GPU memory, expert distribution and performance of one strategy", cmd_evaluate},
      {"plan", "search all strategies, rank them, write the deployment document", cmd_plan},
      {"check", "audit a deployment document's numbers against the plan", cmd_check},
      {"place", "place experts on GPUs with redundant copies; measure load imbalance", cmd_place},
      {"export", "write launch scripts, Kubernetes manifests or a Dynamo graph for vLLM, SGLang or TensorRT-LLM", cmd_export},
  };
  return table;
}

void usage(std::ostream& out) {
  out << "moeplan " << kVersion << ": plan and audit parallel deployments of mixture-of-experts models\n\n";
  out << "usage: moeplan <command> [args]   (moeplan <command> --help for details)\n\ncommands:\n";
  for (const auto& c : commands()) out << fmt::format("  {:<12} {}\n", c.name, c.help);
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    usage(args.empty() ? err : out);
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "--version") {
    out << "moeplan " << kVersion << "\n";
    return kExitOk;
  }
  std::vector<std::string> names;
  for (const auto& c : commands()) {
    names.push_back(c.name);
    if (args[0] != c.name) continue;
    try {
      return c.run(std::vector<std::string>(args.begin() + 1, args.end()), out, err);
    } catch (const InputError& e) {
      err << "error: " << e.what() << "\n";
      return kExitUsage;
    }
  }
  err << "moeplan: unknown command '" << args[0] << "'" << did_you_mean(args[0], names) << "\n";
  usage(err);
  return kExitUsage;
}

}  // namespace moeplan
