#include "export/dynamo.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>

#include "export/rules.h"
#include "spec/error.h"
#include "spec/presets_data.h"
#include "spec/yaml_reader.h"

namespace moeplan {

namespace {

constexpr const char* kFrontendService = "Frontend";
constexpr const char* kFilesVolume = "moeplan-files";
constexpr const char* kServicesPrefix = "spec.services.";

std::vector<std::string> string_list(MapReader& r, const std::string& key) {
  std::vector<std::string> out;
  YAML::Node n = r.child(key);
  if (!n || !n.IsSequence() || n.size() == 0) r.fail(key, "expected a list of words");
  for (const auto& w : n) out.push_back(w.as<std::string>());
  return out;
}

DynamoBackend read_backend(const YAML::Node& node, const std::string& file, const std::string& name) {
  MapReader r(node, file, "backends." + name);
  r.expect_keys({"engine_version", "image", "worker", "transfer_backend", "worker_flags", "operator_flags", "dropped_flags"});
  DynamoBackend b;
  b.engine = parse_engine(name, r.where(""));
  b.engine_version = r.string("engine_version").value_or("");
  b.image = r.string("image").value_or("");
  if (b.engine_version.empty() || b.image.empty()) r.fail("image", "every backend names its engine version and image");
  b.worker = string_list(r, "worker");
  b.transfer_backend = r.string("transfer_backend").value_or("");
  b.worker_flags = read_flag_specs(r, "worker_flags");
  if (r.has("operator_flags")) b.operator_flags = string_list(r, "operator_flags");
  if (r.has("dropped_flags")) b.dropped_flags = string_list(r, "dropped_flags");
  return b;
}

DynamoSpec read_dynamo_spec(const EmbeddedPreset& p) {
  YAML::Node root = parse_yaml_text(p.text, p.file);
  MapReader r(root, p.file, "");
  r.expect_keys({"dynamo", "api_version", "kind", "frontend", "backends", "refused", "keys"});
  DynamoSpec d;
  d.data_file = p.file;
  d.version = r.string("dynamo").value_or("");
  d.api_version = r.string("api_version").value_or("");
  d.kind = r.string("kind").value_or("");
  MapReader fr(r.child("frontend"), p.file, "frontend");
  fr.expect_keys({"command", "args"});
  d.frontend_command = string_list(fr, "command");
  d.frontend_args = string_list(fr, "args");
  for (const auto& item : r.child("backends")) {
    const std::string name = item.first.as<std::string>();
    const DynamoBackend b = read_backend(item.second, p.file, name);
    d.backends[b.engine] = b;
  }
  if (YAML::Node refused = r.child("refused"))
    for (const auto& item : refused) d.refused[parse_engine(item.first.as<std::string>(), r.where("refused"))] = item.second.as<std::string>();
  d.keys = read_flag_specs(r, "keys");
  return d;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// A word as a YAML scalar: plain when YAML reads it back as the same string,
// double-quoted otherwise (numbers, booleans, addresses, anything unusual).
std::string yaml_scalar(const std::string& w) {
  static const std::vector<std::string> kReserved = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"};
  bool plain = !w.empty() && std::isalpha(static_cast<unsigned char>(w[0])) != 0;
  if (w.size() > 2 && w[0] == '-' && w[1] == '-' && std::isalpha(static_cast<unsigned char>(w[2])) != 0) plain = true;
  if (w == "-m") plain = true;
  for (char c : w) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) != 0 || std::string("-_./:").find(c) != std::string::npos);
  std::string lower = w;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (plain && w.back() != ':' && !contains(kReserved, lower)) return w;
  std::string out = "\"";
  for (char c : w) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string yaml_list(const std::vector<std::string>& words, int indent) {
  std::string out, pad(static_cast<size_t>(indent), ' ');
  for (const auto& w : words) out += pad + "- " + yaml_scalar(w) + "\n";
  return out;
}

// The engine command of a pod (its last command).
const Command& engine_command(const PoolLaunch& pool) { return pool.k8s_pods.front().commands.back(); }

std::string main_container(const std::string& image, const std::vector<std::string>& command, const std::vector<std::string>& args,
                           bool files) {
  std::string y = "        mainContainer:\n";
  y += "          image: " + yaml_scalar(image) + "\n";
  y += "          command:\n" + yaml_list(command, 12);
  y += "          args:\n" + yaml_list(args, 12);
  if (files) y += fmt::format("          volumeMounts:\n            - name: {}\n              mountPath: {}\n", kFilesVolume, kPodFilesDir);
  return y;
}

// A shell line of `words`, each single-quoted, for the engine's command reader.
std::string as_shell_line(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    out += out.empty() ? "'" : " '";
    for (char c : w) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += "'";
  }
  return out + "\n";
}

std::optional<std::string> flag_of(const ParsedCommand& c, const std::string& flag) {
  auto it = c.flags.find(flag);
  if (it == c.flags.end()) return std::nullopt;
  return it->second;
}

}  // namespace

const DynamoSpec& dynamo_spec() {
  static const DynamoSpec spec = [] {
    const EmbeddedPreset* newest = nullptr;
    for (const auto& p : embedded_presets())
      if (std::string(p.key).rfind(kDynamoPresetPrefix, 0) == 0 && (!newest || std::string(p.key) > newest->key)) newest = &p;
    if (!newest) throw InputError("--target dynamo: no Dynamo data file (presets/engines/dynamo-*.yaml)");
    return read_dynamo_spec(*newest);
  }();
  return spec;
}

const DynamoBackend& dynamo_backend(Engine engine, const std::string& engine_version) {
  const DynamoSpec& d = dynamo_spec();
  auto refused = d.refused.find(engine);
  if (refused != d.refused.end())
    throw InputError(fmt::format("--target dynamo: {} is not exported for Dynamo {}: {} ({})", to_string(engine), d.version,
                                 refused->second, d.data_file));
  auto it = d.backends.find(engine);
  if (it == d.backends.end())
    throw InputError(fmt::format("--target dynamo: Dynamo {} has no {} backend in {}", d.version, to_string(engine), d.data_file));
  if (!engine_version.empty() && engine_version != it->second.engine_version)
    throw InputError(fmt::format("--version: Dynamo {}'s image {} runs {} {}; --version {} is not what it runs ({})", d.version,
                                 it->second.image, to_string(engine), it->second.engine_version, engine_version, d.data_file));
  return it->second;
}

std::string dynamo_graph_name(const Scenario& sc) {
  const std::string base = sc.name.empty() ? std::filesystem::path(sc.file).stem().string() : sc.name;
  return k8s_name(base + "-dynamo");
}

std::string dynamo_service_name(const PoolLaunch& pool) { return pool.role == "aggregated" ? "worker" : pool.role; }

void adapt_for_dynamo(Launch& l) {
  const DynamoSpec& d = dynamo_spec();
  const DynamoBackend& b = dynamo_backend(l.flags->engine, l.flags->version);
  // The Frontend pairs prefill and decode workers: no router, nor its files.
  l.router.reset();
  l.data_files.erase(std::remove_if(l.data_files.begin(), l.data_files.end(), [](const ExportFile& f) { return f.pool == "router"; }),
                     l.data_files.end());
  auto unwritten = [&](const std::string& flag) { return contains(b.operator_flags, flag) || contains(b.dropped_flags, flag); };
  bool multinode = false;
  for (PoolLaunch& pool : l.pools) {
    multinode |= pool.nodes > 1;
    pool.settings.erase(std::remove_if(pool.settings.begin(), pool.settings.end(), [&](const Setting& s) { return unwritten(s.key); }),
                        pool.settings.end());
    for (const auto& [flag, spec] : b.worker_flags)
      pool.settings.push_back({"tokenization", "by the Frontend", flag, "",
                               "Dynamo's Frontend tokenizes and sends token ids (" + spec.file + ")"});
    for (auto* nodes : {&pool.k8s_pods, &pool.shell_nodes})
      for (NodeLaunch& n : *nodes)
        for (Command& c : n.commands) {
          c.args.erase(std::remove_if(c.args.begin(), c.args.end(), [&](const Arg& a) { return unwritten(a.flag); }), c.args.end());
          for (const auto& [flag, spec] : b.worker_flags) c.args.push_back({flag, "", {}});
        }
  }
  if (multinode)
    l.notes.push_back(fmt::format("the Dynamo operator adds the multi-node rendezvous ({}) to each worker pod of a multinode "
                                  "service itself (deploy/operator/internal/dynamo/backend_sglang.go; {})",
                                  [&] {
                                    std::string list;
                                    for (const auto& flag : b.operator_flags) list += (list.empty() ? "" : " ") + flag;
                                    return list;
                                  }(),
                                  d.data_file));
  if (l.deployment)
    l.notes.push_back(fmt::format("the Frontend (python3 -m dynamo.frontend) routes requests and pairs prefill with decode workers; "
                                  "the KV moves over {}", b.transfer_backend));
}

ExportFile render_dynamo(const Launch& l, const std::string& header) {
  const DynamoSpec& d = dynamo_spec();
  const DynamoBackend& b = dynamo_backend(l.flags->engine, l.flags->version);
  const std::string name = dynamo_graph_name(*l.scenario);
  const bool files = !l.data_files.empty();
  std::string y = header;
  y += "apiVersion: " + d.api_version + "\nkind: " + d.kind + "\n";
  y += "metadata:\n  name: " + name + "\n";
  y += "spec:\n  backendFramework: " + to_string(b.engine) + "\n  services:\n";
  y += fmt::format("    {}:\n      componentType: frontend\n      replicas: 1\n      extraPodSpec:\n", kFrontendService);
  y += main_container(b.image, d.frontend_command, d.frontend_args, false);
  for (const PoolLaunch& pool : l.pools) {
    y += "    " + dynamo_service_name(pool) + ":\n      componentType: worker\n";
    if (pool.role != "aggregated") y += "      subComponentType: " + pool.role + "\n";
    y += fmt::format("      replicas: {}\n", pool.instances);
    if (pool.nodes > 1) y += fmt::format("      multinode:\n        nodeCount: {}\n", pool.nodes);
    y += fmt::format("      resources:\n        limits:\n          gpu: \"{}\"\n", pool.gpus_per_node);
    y += "      extraPodSpec:\n";
    if (files) y += fmt::format("        volumes:\n          - name: {}\n            configMap:\n              name: {}-files\n", kFilesVolume, name);
    std::vector<std::string> args;
    for (const Arg& a : engine_command(pool).args) {
      args.push_back(a.flag);
      if (!a.value.empty()) args.push_back(a.value);
      for (const auto& v : a.more) args.push_back(v);
    }
    y += main_container(b.image, b.worker, args, files);
  }
  if (files) {
    y += "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "-files\ndata:\n";
    for (const ExportFile& f : l.data_files) {
      y += "  " + f.name + ": |\n";
      size_t i = 0;
      while (i < f.text.size()) {
        size_t j = f.text.find('\n', i);
        if (j == std::string::npos) j = f.text.size();
        y += "    " + f.text.substr(i, j - i) + "\n";
        i = j + 1;
      }
    }
  }
  return {"dynamo.yaml", y, false, ""};
}

std::vector<std::string> check_dynamo_files(const std::vector<ExportFile>& files, const DynamoSpec& d, const EngineFlags& f,
                                            const ModelSpec& m, const std::map<std::string, DynamoShape>& services) {
  std::vector<std::string> p;
  const ExportFile* file = nullptr;
  for (const auto& x : files)
    if (x.name == "dynamo.yaml") file = &x;
  if (!file) return {"dynamo.yaml not written"};
  YAML::Node graph;
  try {
    for (const YAML::Node& doc : YAML::LoadAll(file->text))
      if (doc["kind"] && doc["kind"].as<std::string>() == d.kind) graph = doc;
  } catch (const YAML::Exception& e) {
    return {"dynamo.yaml: not valid YAML: " + std::string(e.what())};
  }
  if (!graph) return {"dynamo.yaml: no " + d.kind};
  auto it_backend = d.backends.find(f.engine);
  if (it_backend == d.backends.end()) return {"dynamo.yaml: Dynamo " + d.version + " has no " + to_string(f.engine) + " backend"};
  const DynamoBackend& b = it_backend->second;
  // Every key against the data file ("spec.services.<name>.x" is "spec.services.*.x" there).
  const std::map<std::string, std::string> flat = flatten_yaml(graph);
  for (const auto& [path, value] : flat) {
    std::string key = path;
    if (key.rfind(kServicesPrefix, 0) == 0) {
      const size_t end = key.find('.', std::string(kServicesPrefix).size());
      key = std::string(kServicesPrefix) + "*" + (end == std::string::npos ? "" : key.substr(end));
    }
    auto spec = d.keys.find(key);
    if (spec == d.keys.end()) p.push_back(fmt::format("dynamo.yaml: unknown key {} ({})", path, d.data_file));
    else if (auto problem = flag_value_problem(spec->second, value)) p.push_back("dynamo.yaml: " + path + ": " + *problem);
  }
  if (graph["apiVersion"].as<std::string>("") != d.api_version) p.push_back("dynamo.yaml: apiVersion is not " + d.api_version);
  // The worker's command line, read as the engine's with Dynamo's entry and worker flags.
  EngineFlags worker_flags = f;
  worker_flags.entry = b.worker;
  for (const auto& [flag, spec] : b.worker_flags) worker_flags.flags[flag] = spec;
  const YAML::Node svcs = graph["spec"]["services"];
  int frontends = 0;
  std::map<std::string, ParsedCommand> workers;
  for (const auto& item : svcs) {
    const std::string name = item.first.as<std::string>();
    const YAML::Node s = item.second;
    const std::string type = s["componentType"].as<std::string>("");
    const YAML::Node c = s["extraPodSpec"]["mainContainer"];
    std::vector<std::string> command, args;
    for (const auto& w : c["command"]) command.push_back(w.as<std::string>());
    for (const auto& w : c["args"]) args.push_back(w.as<std::string>());
    if (c["image"].as<std::string>("") != b.image) p.push_back(fmt::format("{}: image is not {}", name, b.image));
    if (type == "frontend") {
      ++frontends;
      if (command != d.frontend_command || args != d.frontend_args) p.push_back(name + ": not the Frontend command of " + d.data_file);
      continue;
    }
    auto want = services.find(name);
    if (want == services.end()) {
      p.push_back(fmt::format("dynamo.yaml: worker service {} is not a pool of the plan", name));
      continue;
    }
    const DynamoShape& shape = want->second;
    const long long replicas = s["replicas"].as<long long>(0), gpus = std::stoll(s["resources"]["limits"]["gpu"].as<std::string>("0"));
    const long long nodes = s["multinode"] ? s["multinode"]["nodeCount"].as<long long>(0) : 1;
    if (replicas != shape.instances) p.push_back(fmt::format("{}: replicas {} != {} instances of the pool", name, replicas, shape.instances));
    if (gpus != shape.gpus_per_node) p.push_back(fmt::format("{}: resources.limits.gpu {} != {} GPUs per node", name, gpus, shape.gpus_per_node));
    if (nodes != shape.nodes) p.push_back(fmt::format("{}: multinode.nodeCount {} != {} nodes per instance", name, nodes, shape.nodes));
    const bool sub = static_cast<bool>(s["subComponentType"]);
    if (sub && s["subComponentType"].as<std::string>() != name) p.push_back(name + ": subComponentType is not the service's role");
    if (command != b.worker) p.push_back(name + ": not the worker command of " + d.data_file);
    std::vector<std::string> line = b.worker;
    line.insert(line.end(), args.begin(), args.end());
    const auto commands = parse_engine_commands(as_shell_line(line), worker_flags);
    if (commands.size() != 1) {
      p.push_back(name + ": no engine command");
      continue;
    }
    for (const auto& flag : b.operator_flags)
      if (commands.front().flags.count(flag)) p.push_back(fmt::format("{}: {} is the operator's to set", name, flag));
    // Without --nnodes (the operator's) the parallel sizes cover the whole instance: nodeCount x GPUs per node.
    for (const auto& problem : check_engine_rules(commands.front(), worker_flags, m, nullptr, static_cast<int>(nodes * gpus)))
      p.push_back(name + ": " + problem);
    workers[name] = commands.front();
  }
  if (frontends != 1) p.push_back(fmt::format("dynamo.yaml: {} Frontend services, not 1", frontends));
  for (const auto& [name, shape] : services)
    if (!workers.count(name) && !svcs[name]) p.push_back("dynamo.yaml: no worker service " + name);
  // Prefill and decode services iff disaggregated, with their roles and one transfer backend.
  const bool disaggregated = services.count("prefill") || services.count("decode");
  for (const auto& item : svcs) {
    const std::string name = item.first.as<std::string>();
    if (item.second["componentType"].as<std::string>("") != "worker") continue;
    if (disaggregated != static_cast<bool>(item.second["subComponentType"]))
      p.push_back(name + (disaggregated ? ": no subComponentType in a disaggregated deployment" : ": subComponentType in an aggregated one"));
  }
  if (disaggregated && f.disaggregation) {
    for (const auto& [name, c] : workers) {
      const std::string role = name == "prefill" ? f.disaggregation->prefill_role : f.disaggregation->decode_role;
      if (flag_of(c, "--disaggregation-mode") != role) p.push_back(fmt::format("{}: --disaggregation-mode is not {}", name, role));
      if (flag_of(c, "--disaggregation-transfer-backend") != b.transfer_backend)
        p.push_back(fmt::format("{}: --disaggregation-transfer-backend is not {} (both pools, {})", name, b.transfer_backend, d.data_file));
    }
    if (workers.count("prefill") && !flag_of(workers.at("prefill"), "--disaggregation-bootstrap-port"))
      p.push_back("prefill: no --disaggregation-bootstrap-port");
  } else {
    for (const auto& [name, c] : workers)
      if (c.flags.count("--disaggregation-mode")) p.push_back(name + ": --disaggregation-mode in an aggregated deployment");
  }
  return p;
}

}  // namespace moeplan
