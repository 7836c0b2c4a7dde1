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
#include "placement/balance.h"
#include "placement/placement_json.h"
#include "placement/routing_stats.h"
#include "placement/scenario_placement.h"
#include "render/document.h"
#include "model/params.h"
#include "render/format.h"
#include "render/report.h"
#include "search/search.h"
#include "search/strategies.h"
#include "spec/limits.h"
#include "spec/model_loader.h"
#include "spec/text.h"
#include "spec/scenario.h"

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
    app.add_option("--routing-stats", routing_stats, "per-expert token counts (JSON, CSV, SGLang logical_count)");
    app.add_option("--skew", skew, "synthetic routing skew zipf:EXPONENT[:SEED]");
    app.add_option("--redundant", redundant, "redundant expert slots per MoE layer, or auto (plan chooses)");
    app.add_option("--placement-algorithm", algorithm, "linear | round-robin | eplb | lpt-swap | best");
  }
  void apply(Scenario& sc) const {
    if (!routing_stats.empty() && !skew.empty()) throw InputError("--routing-stats and --skew: give one, not both");
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

int cmd_evaluate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app("Per-GPU memory and expert distribution of one strategy.", "evaluate");
  std::string path, strategy_text;
  bool json = false;
  app.add_option("SCENARIO", path, "scenario file (YAML or JSON)")->required();
  app.add_option("--strategy", strategy_text, "e.g. tp=4,pp=4,dp=2,ep=8 (overrides the scenario's strategy)");
  app.add_flag("--json", json, "print JSON");
  PlacementFlags placement;
  placement.add(app);
  if (int rc = parse(app, args, out, err); rc >= 0) return rc;
  Scenario sc = load_scenario(path);
  placement.apply(sc);
  if (sc.placement.redundant_auto)
    throw InputError(placement.redundant == "auto"
                         ? "--redundant auto: only `plan` chooses the redundancy; give evaluate a number"
                         : path + ": placement.redundant_experts: 'auto': only `plan` chooses the redundancy; give "
                                  "evaluate a number (or pass --redundant N)");
  Strategy s;
  if (!strategy_text.empty()) {
    const std::string where = "--strategy '" + strategy_text + "': ";
    s = complete_strategy(parse_strategy_text(strategy_text, where), sc.cluster.gpus, sc.model.is_moe(), where);
    require_valid_strategy(s, sc, where);
  } else if (sc.strategy) {
    s = *sc.strategy;
    if (placement.any()) require_valid_strategy(s, sc, path + ": strategy: ");
  } else {
    throw InputError(path + ": strategy: none given; add `strategy: {tp: .., pp: .., dp: .., ep: ..}` to the scenario or pass --strategy tp=..,pp=..");
  }
  const Plan p = evaluate_plan(sc, s);
  if (json) print_json(out, plan_json(p));
  else out << render_plan_text(p);
  return kExitOk;
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

int cmd_plan(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app("Search every strategy x concurrency, keep those that fit and meet the SLOs, rank them, write the deployment document.",
               "plan");
  std::string path, objective = "throughput_per_gpu", format = "table", output;
  int top = 5, gpus_max = 0;
  app.add_option("SCENARIO", path, "scenario file (YAML or JSON)")->required();
  app.add_option("--objective", objective, "throughput_per_gpu | gpus | ttft");
  app.add_option("--top", top, "candidates to list (default 5)");
  app.add_option("--format", format, "table | md | json");
  app.add_option("-o,--output", output, "write to this file instead of standard output");
  app.add_option("--gpus-max", gpus_max, "also try GPU counts up to this many");
  PlacementFlags placement;
  placement.add(app);
  if (int rc = parse(app, args, out, err); rc >= 0) return rc;
  require_choice("--objective", objective, {"throughput_per_gpu", "gpus", "ttft"});
  require_choice("--format", format, {"table", "md", "json"});
  const auto obj = objective_from_string(objective);
  if (top < 1 || top > 1000) throw InputError(fmt::format("--top: must be between 1 and 1000, got {}", top));
  if (gpus_max < 0 || gpus_max > limits::kSearchGpus)
    throw InputError(fmt::format("--gpus-max: must be between 1 and {}, got {}", limits::kSearchGpus, gpus_max));
  Scenario sc = load_scenario(path);
  if (gpus_max > sc.cluster.gpus)
    throw InputError(fmt::format("--gpus-max: {} exceeds the cluster's {} GPUs ({}: cluster.gpus)", gpus_max,
                                 sc.cluster.gpus, path));
  placement.apply(sc);
  if (sc.strategy && placement.any()) require_valid_strategy(*sc.strategy, sc, path + ": strategy: ");
  SearchOptions options;
  options.objective = *obj;
  options.top = top;
  options.gpus_max = gpus_max;
  const SearchResult r = search_plans(sc, options);
  std::string text;
  if (format == "json") text = dump_json(search_json(r), 2) + "\n";
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
  app.add_option("--format", format, "text | md | json");
  app.add_flag("--fix", fix, "write the document with wrong numbers replaced and ambiguous wording made explicit");
  app.add_option("-o,--output", output, "where --fix writes (default: standard output)");
  app.add_option("--tolerance", tolerance, "band around a performance prediction (default 0.25 = ±25%)");
  if (int rc = parse(app, args, out, err); rc >= 0) return rc;
  require_choice("--format", format, {"text", "md", "json"});
  if (!(tolerance > 0 && tolerance < 10)) throw InputError(fmt::format("--tolerance: must be between 0 and 10, got {}", tolerance));
  if (!output.empty() && !fix) throw InputError("-o/--output: only with --fix (the report goes to standard output)");
  const MarkdownDocument doc = load_markdown(path);
  std::optional<Scenario> scenario;
  if (!scenario_path.empty()) scenario = load_scenario(scenario_path);
  else if (doc.front_matter) scenario = parse_scenario(doc.front_matter->text, path + " (front matter)");
  const std::vector<Claim> claims = extract_claims(doc);
  CheckOptions options;
  options.tolerance = tolerance;
  const CheckReport report = check_document(doc, claims, scenario ? &*scenario : nullptr, options);
  if (fix) {
    write_output(apply_fixes(report, doc), output, out);
    return kExitOk;
  }
  if (format == "json") out << dump_json(check_json(report), 2) << "\n";
  else out << render_check_text(report, doc);
  return report.failed() ? kExitFinding : kExitOk;
}

std::string placement_text(const PlacementResult& r, double expert_bytes) {
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
    for (int g = 0; g < r.spec.gpus && g < 16; ++g) {
      std::string ids;
      for (int k = 0; k < per_gpu; ++k) ids += (k ? " " : "") + std::to_string(l.physical_to_logical[static_cast<size_t>(g * per_gpu + k)]);
      out += fmt::format("  GPU {:>3}: [{}]  load {}\n", g, ids, fmt_int(l.gpu_load[static_cast<size_t>(g)]));
    }
    if (r.spec.gpus > 16) out += fmt::format("  ... {} more GPUs (--json has all)\n", r.spec.gpus - 16);
  }
  return out;
}

int cmd_place(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app("Place experts on GPUs (with redundant copies of hot experts) and measure the load imbalance.", "place");
  std::string scenario_path, load, skew, algorithm, model_name, sglang_out, vllm_out;
  int experts = 0, layers = 0, replicas = 0, groups = 0, nodes = 0, gpus = 0, redundant = -1;
  bool json = false;
  app.add_option("SCENARIO", scenario_path, "scenario file: model, strategy (its EP group) and `placement:` from it");
  app.add_option("--load", load, "routing statistics: JSON {\"expert_load\": [[...]]}, CSV, or SGLang logical_count");
  app.add_option("--skew", skew, "synthetic skew zipf:EXPONENT[:SEED] when no statistics exist");
  app.add_option("--experts", experts, "routed experts per MoE layer");
  app.add_option("--layers", layers, "MoE layers");
  app.add_option("--replicas", replicas, "physical expert slots per layer over all GPUs (experts + redundant)");
  app.add_option("--redundant", redundant, "redundant slots per layer (instead of --replicas)");
  app.add_option("--groups", groups, "expert groups (DeepSeek n_group)");
  app.add_option("--nodes", nodes, "nodes the EP group spans");
  app.add_option("--gpus", gpus, "GPUs of the EP group");
  app.add_option("--algorithm", algorithm, "linear | round-robin | eplb | lpt-swap | best");
  app.add_option("--model", model_name, "model preset, for the bytes of the redundant experts");
  app.add_option("--sglang-out", sglang_out, "write SGLang --init-expert-location JSON here");
  app.add_option("--vllm-out", vllm_out, "write vLLM-style expert maps here");
  app.add_flag("--json", json, "print JSON");
  if (int rc = parse(app, args, out, err); rc >= 0) return rc;
  if (!load.empty() && !skew.empty()) throw InputError("--load and --skew: give one, not both");
  if (redundant > limits::kRedundantSlots)
    throw InputError(fmt::format("--redundant: {} is implausibly large (limit {})", redundant, limits::kRedundantSlots));
  PlacementSpec spec;
  RoutingStats stats;
  double expert_bytes = 0;
  int leading_dense = 0;
  PlacementAlgorithm alg = PlacementAlgorithm::kBest;
  if (!scenario_path.empty()) {
    // The scenario fixes the shape; flags that would change it are an error, not ignored.
    for (const auto& [flag, given] : std::vector<std::pair<std::string, bool>>{
             {"--experts", experts != 0}, {"--layers", layers != 0}, {"--replicas", replicas != 0},
             {"--groups", groups != 0}, {"--nodes", nodes != 0}, {"--gpus", gpus != 0}, {"--model", !model_name.empty()}})
      if (given)
        throw InputError(flag + ": not with a scenario (" + scenario_path +
                         " gives the model and its EP group); use --redundant, --load, --skew or --algorithm");
    Scenario sc = load_scenario(scenario_path);
    if (!sc.model.is_moe()) throw InputError(scenario_path + ": model: '" + sc.model.name + "' has no experts to place");
    if (!sc.strategy) throw InputError(scenario_path + ": strategy: needed to know the EP group (tp, dp, ep)");
    if (!load.empty()) { sc.placement.routing_stats = load; sc.placement.skew.clear(); }
    if (!skew.empty()) { sc.placement.skew = skew; sc.placement.routing_stats.clear(); }
    if (!sc.placement.enabled()) sc.placement.skew = "zipf:1.01:0";  // public planners' default skew, stated below
    if (redundant >= 0) sc.placement.redundant_experts = redundant;
    if (!algorithm.empty()) sc.placement.algorithm = algorithm;
    if (auto problem = strategy_problem(*sc.strategy, sc.model, sc.cluster, sc.placement.redundant_experts))
      throw InputError(scenario_path + ": strategy: " + problem->message);
    spec = placement_spec(sc, *sc.strategy);
    stats = *load_scenario_routing(sc);
    expert_bytes = expert_bytes_per_gpu(sc.model, *sc.strategy);
    leading_dense = static_cast<int>(sc.model.first_dense_layers);
    alg = parse_placement_algorithm(sc.placement.algorithm);
  } else {
    if (load.empty() && skew.empty()) throw InputError("place: give --load FILE or --skew zipf:EXPONENT:SEED (or a scenario)");
    if (gpus <= 0) throw InputError(fmt::format("--gpus: required, a positive number of GPUs (got {})", gpus));
    if (gpus > limits::kGpus) throw InputError(fmt::format("--gpus: {} is implausibly large (limit {})", gpus, limits::kGpus));
    spec.gpus = gpus;
    spec.nodes = nodes > 0 ? nodes : 1;
    spec.groups = groups > 0 ? groups : 1;
    if (nodes < 0 || groups < 0) throw InputError("--nodes/--groups: must be positive");
    if (!load.empty()) {
      stats = load_routing_stats(load);
      spec.experts = experts > 0 ? experts : stats.experts();
      if (layers > 0) check_routing_shape(stats, layers, spec.experts);
      else check_routing_shape(stats, stats.layers(), spec.experts);
    } else {
      if (experts <= 0) throw InputError(fmt::format("--experts: required with --skew, a positive count (got {})", experts));
      if (layers <= 0) throw InputError(fmt::format("--layers: required with --skew, a positive count (got {})", layers));
      if (experts > limits::kExperts)
        throw InputError(fmt::format("--experts: {} is implausibly large (limit {})", experts, limits::kExperts));
      if (layers > limits::kLayers)
        throw InputError(fmt::format("--layers: {} is implausibly large (limit {})", layers, limits::kLayers));
      if (static_cast<int64_t>(experts) * layers > limits::kExpertLayers)
        throw InputError(fmt::format("--experts {} x --layers {}: {} expert-layers is implausibly many (limit {})", experts,
                                     layers, static_cast<int64_t>(experts) * layers, limits::kExpertLayers));
      spec.experts = experts;
      stats = synthetic_routing_stats(parse_skew(skew), layers, experts);
    }
    if (replicas > 0 && redundant >= 0) throw InputError("--replicas and --redundant: give one, not both");
    if (replicas > spec.experts + limits::kRedundantSlots)
      throw InputError(fmt::format("--replicas: {} is implausibly large (limit {} experts + {} redundant)", replicas,
                                   spec.experts, limits::kRedundantSlots));
    spec.slots = replicas > 0 ? replicas : spec.experts + std::max(0, redundant);
    if (replicas < 0) throw InputError(fmt::format("--replicas: must be positive, got {}", replicas));
    alg = parse_placement_algorithm(algorithm.empty() ? "best" : algorithm);
    if (!model_name.empty()) {
      const ModelSpec m = load_model_preset(model_name, "--model: ");
      if (m.num_experts != spec.experts)
        throw InputError(fmt::format("--model: '{}' has {} experts per layer, the load has {}", model_name, m.num_experts, spec.experts));
      expert_bytes = layer_params(m).expert * weight_bytes_per_param(m.expert_dtype);
      leading_dense = static_cast<int>(m.first_dense_layers);
    }
  }
  validate_placement_spec(spec);
  const PlacementResult r = place_experts(spec, stats, alg);
  if (!sglang_out.empty()) write_output(dump_json(sglang_expert_location_json(r, leading_dense)) + "\n", sglang_out, out);
  if (!vllm_out.empty()) write_output(dump_json(vllm_expert_map_json(r)) + "\n", vllm_out, out);
  if (json) {
    nlohmann::json j = placement_json(r, expert_bytes);
    // Without a model the bytes are unknown, not zero.
    if (expert_bytes <= 0) j["summary"]["redundant_bytes_per_gpu"] = nullptr;
    out << dump_json(j, 2) << "\n";
  }
  else {
    if (!scenario_path.empty() && load.empty() && skew.empty()) out << "Routing statistics: from the scenario, or a synthetic zipf:1.01 skew when it has none.\n";
    out << placement_text(r, expert_bytes);
  }
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
