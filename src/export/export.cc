#include "export/export.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "check/markdown.h"
#include "export/dynamo.h"
#include "render/format.h"
#include "spec/engine_defaults.h"
#include "spec/error.h"

namespace moeplan {

namespace {

namespace fs = std::filesystem;

constexpr const char* kMarkerFile = ".moeplan-export";  // marks a folder export may replace

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool shell_safe(const std::string& v) {
  for (char c : v)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || std::string("_./:,=+@%-").find(c) != std::string::npos)) return false;
  return !v.empty();
}

// Quotes a value for bash: expansions in double quotes, the rest in single quotes.
std::string quote(const std::string& v) {
  if (shell_safe(v)) return v;
  if (v.find('$') != std::string::npos) {
    std::string out = "\"";
    for (char c : v) {
      if (c == '"' || c == '\\' || c == '`') out += '\\';
      out += c;
    }
    return out + "\"";
  }
  std::string out = "'";
  for (char c : v) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string render_command(const Command& c, bool exec) {
  if (!c.shell_line.empty()) return c.shell_line + "\n";
  std::string out;
  for (const auto& [name, value] : c.env) out += "export " + name + "=" + quote(value) + "\n";
  std::string line = exec ? "exec" : "";
  for (const auto& w : c.program) {
    if (!line.empty()) line += ' ';
    line += quote(w);
  }
  out += line;
  for (const auto& a : c.args) {
    out += " \\\n  ";
    out += a.flag;
    if (!a.value.empty()) {
      out += ' ';
      out += quote(a.value);
    }
    for (const auto& v : a.more) out += ' ' + quote(v);
  }
  return out + "\n";
}

bool mentions(const NodeLaunch& n, const std::string& var) {
  for (const auto& c : n.commands) {
    if (c.shell_line.find(var) != std::string::npos) return true;
    for (const auto& w : c.program)
      if (w.find(var) != std::string::npos) return true;
    for (const auto& [name, value] : c.env)
      if (value.find(var) != std::string::npos) return true;
    for (const auto& a : c.args) {
      if (a.value.find(var) != std::string::npos) return true;
      for (const auto& v : a.more)
        if (v.find(var) != std::string::npos) return true;
    }
  }
  return false;
}

std::string body(const NodeLaunch& n) {
  std::string out;
  for (size_t i = 0; i < n.commands.size(); ++i) out += render_command(n.commands[i], i + 1 == n.commands.size());
  return out;
}

// "1 instance of 2 nodes x 8 GPUs"
std::string pool_shape(const PoolLaunch& pool) {
  return fmt::format("{} instance{} of {} node{} x {} GPUs", pool.instances, pool.instances == 1 ? "" : "s", pool.nodes,
                     pool.nodes == 1 ? "" : "s", pool.gpus_per_node);
}

std::string header(const Launch& l, const PoolLaunch* pool, const std::string& origin, const std::string& this_file,
                   const std::string& comment) {
  const Scenario& sc = *l.scenario;
  const EngineFlags& e = *l.flags;
  std::vector<std::string> lines;
  lines.push_back(fmt::format("moeplan export: {} {} ({}), {}", to_string(e.engine), e.version, e.data_file, this_file));
  lines.push_back(fmt::format("Scenario: {}{}", sc.file, sc.name.empty() ? "" : " (" + sc.name + ")"));
  if (l.plan) {
    const Plan& p = *l.plan;
    const Performance& f = p.performance;
    const PoolLaunch& one = pool ? *pool : l.pools.front();
    lines.push_back(fmt::format("Model: {} = {}; {} x {}{} in {} node{} of {} GPUs", sc.model.display_name, l.model_path, p.strategy.gpus(),
                                sc.cluster.gpu.display_name,
                                one.instances == 1 ? "" : fmt::format(" as {} instances, each", one.instances), one.nodes,
                                one.nodes == 1 ? "" : "s", one.gpus_per_node));
    lines.push_back(fmt::format("Strategy: {} ({}); {} pool, {} instance{}", p.strategy.label(), origin, one.role, one.instances,
                                one.instances == 1 ? "" : "s"));
    lines.push_back(fmt::format("Predicted ({} cost model): TTFT {}, TPOT {}, {} output tokens/s ({} per GPU) at {} requests in flight",
                                p.cost_model, fmt_seconds(f.ttft_s), fmt_seconds(f.tpot_s), fmt_int(f.output_tokens_per_s),
                                fmt_int(f.output_tokens_per_s_per_gpu), f.concurrency));
    lines.push_back(fmt::format("Memory: {} of {} on the fullest GPU; objectives {}", fmt_gb(p.memory.total_bytes_max),
                                fmt_gb(p.memory.capacity_bytes), p.slo.checks.empty() ? "none given" : p.slo.met ? "all met" : "NOT all met"));
  } else {
    const Deployment& d = *l.deployment;
    const RateMatch& m = d.rate_match;
    lines.push_back(fmt::format("Model: {} = {}; disaggregated on {} of {} GPUs", sc.model.display_name, l.model_path, m.gpus, m.gpu_budget));
    lines.push_back(fmt::format("Deployment: {} ({})", l.strategy_label(), origin));
    for (const PoolPlan& pp : d.pools) {
      const std::string role = to_string(pp.role);
      const PoolLaunch* launch = &l.pools[pp.role == PoolRole::kPrefill ? 0 : 1];
      lines.push_back(fmt::format("{} pool{}: {} on {}; {} of {} on the fullest GPU", role, pool && pool->role == role ? " (this file)" : "",
                                  pool_shape(*launch), pp.scenario->cluster.gpu.display_name, fmt_gb(pp.memory.total_bytes_max),
                                  fmt_gb(pp.memory.capacity_bytes)));
    }
    lines.push_back(fmt::format("Predicted ({} cost model): TTFT {}, TPOT {}, {} output tokens/s ({} per GPU) at {:.2f} requests/s; "
                                "the {} side binds",
                                d.cost_model, fmt_seconds(d.ttft_s), fmt_seconds(d.tpot_s), fmt_int(m.output_tokens_per_s),
                                fmt_int(m.output_tokens_per_s_per_gpu), m.requests_per_s, m.binding));
    lines.push_back(fmt::format("KV transfer: {} per request, {} ({} in TTFT); objectives {}", fmt_gb(d.kv_transfer.bytes_per_request),
                                fmt_seconds(d.kv_transfer.seconds), fmt_seconds(d.kv_transfer.exposed_seconds),
                                d.slo.checks.empty() ? "none given" : d.slo.met ? "all met" : "NOT all met"));
    if (pool && pool->role == "prefill")
      lines.push_back("Prefill pool: requests in flight are left to the engine; the token budget bounds a prefill pass");
  }
  lines.push_back("Left to the engine's defaults:");
  for (const auto& d : e.left_to_defaults) {
    // An entry names its key before the colon; a pool that sets it leaves it out.
    const std::string key = d.substr(0, d.find(':'));
    bool set = false;
    for (const auto& p : l.pools)
      for (const auto& s : p.settings) set |= s.key == key && (!pool || p.role == pool->role);
    if (!set) lines.push_back("  " + d);
  }
  for (const auto& n : l.notes) lines.push_back("Note: " + n);
  if (l.router && !pool && !l.router->script_note.empty()) lines.push_back("Note: " + l.router->script_note);
  lines.push_back("`moeplan export --explain` lists each value with the planner quantity it carries.");
  std::string out;
  for (const auto& line : lines) out += comment + line + "\n";
  return out;
}

// `addresses`: the router's PREFILL<i>_ADDR / DECODE<i>_ADDR variables.
std::string shell_script(const Launch& l, const PoolLaunch* pool, const NodeLaunch& n, const std::string& origin,
                         const std::vector<std::string>& addresses = {}) {
  std::string out = "#!/usr/bin/env bash\n";
  out += header(l, pool, origin, "this script: " + n.title, "# ");
  out += "set -euo pipefail\n";
  if (mentions(n, "MOEPLAN_DIR")) out += "MOEPLAN_DIR=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n";
  if (mentions(n, "HEAD_ADDR")) out += "HEAD_ADDR=\"${HEAD_ADDR:?set HEAD_ADDR to the address of node 0}\"\n";
  if (mentions(n, "NODE_ADDR"))
    out += "NODE_ADDR=\"${NODE_ADDR:?set NODE_ADDR to this node's address, which the other pool reaches}\"\n";
  if (mentions(n, "MPI_HOSTS")) out += "MPI_HOSTS=\"${MPI_HOSTS:?set MPI_HOSTS to host0:GPUS,host1:GPUS,...}\"\n";
  for (const auto& var : addresses) {
    const size_t digits = var.find_first_of("0123456789");
    const std::string role = var.rfind("PREFILL", 0) == 0 ? "prefill" : "decode";
    out += fmt::format("{}=\"${{{}:?set {} to the address of node 0 of {} instance {}}}\"\n", var, var, var, role,
                       var.substr(digits, var.find('_') - digits));
  }
  const RouterLaunch* r = l.router ? &*l.router : nullptr;
  if (r && !pool && !r->script_note.empty()) {
    const std::string script = l.flags->disaggregation->router.script;
    out += fmt::format("[ -f \"${{MOEPLAN_DIR}}/{}\" ] || {{ echo \"{}\" >&2; exit 1; }}\n", script,
                       "missing ${MOEPLAN_DIR}/" + script + ": see the note above");
  }
  return out + body(n);
}

std::string indent(const std::string& text, int spaces) {
  std::string out, pad(static_cast<size_t>(spaces), ' ');
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find('\n', i);
    if (j == std::string::npos) j = text.size();
    const std::string line = text.substr(i, j - i);
    out += (line.empty() ? "" : pad + line) + "\n";
    i = j + 1;
  }
  return out;
}

// The ports a pool's leader serves: the engine's, and SGLang's bootstrap
// server on a prefill instance.
std::vector<std::pair<std::string, int>> leader_ports(const Launch& l, const PoolLaunch& pool) {
  std::vector<std::pair<std::string, int>> ports = {{"http", l.flags->port}};
  if (pool.role == "prefill" && l.flags->disaggregation && l.flags->disaggregation->bootstrap_port > 0)
    ports.push_back({"bootstrap", l.flags->disaggregation->bootstrap_port});
  return ports;
}

// One container running `n`'s commands in bash. `gpus` 0: no GPU (the router).
// `ssh_secret`: the Secret of the SSH key pair mounted at kSshKeyDir ("" = none).
std::string container(const Launch& l, const NodeLaunch& n, const std::vector<std::pair<std::string, int>>& ports, int gpus,
                      const std::string& files_volume, const std::string& ssh_secret = "") {
  std::string t;
  t += "  containers:\n    - name: " + std::string(gpus > 0 ? "engine" : "router") + "\n";
  t += "      image: " + l.flags->image + "\n";
  if (mentions(n, "POD_IP"))  // this pod's address, which the other pool reaches
    t += "      env:\n        - name: POD_IP\n          valueFrom:\n            fieldRef:\n              fieldPath: status.podIP\n";
  t += "      command: [\"/bin/bash\", \"-c\"]\n";
  t += "      args:\n        - |\n";
  t += indent("set -euo pipefail\n" + body(n), 12);
  if (!ports.empty()) {
    t += "      ports:\n";
    for (const auto& [name, port] : ports) t += fmt::format("        - name: {}\n          containerPort: {}\n", name, port);
  }
  if (gpus > 0) t += fmt::format("      resources:\n        limits:\n          nvidia.com/gpu: \"{}\"\n", gpus);
  const bool volumes = gpus > 0 || !files_volume.empty() || !ssh_secret.empty();
  if (volumes) t += "      volumeMounts:\n";
  if (gpus > 0) t += "        - name: dshm\n          mountPath: /dev/shm\n";
  if (!files_volume.empty()) t += fmt::format("        - name: moeplan-files\n          mountPath: {}\n", kPodFilesDir);
  if (!ssh_secret.empty()) t += fmt::format("        - name: mpi-ssh\n          mountPath: {}\n          readOnly: true\n", kSshKeyDir);
  if (volumes) t += "  volumes:\n";
  if (gpus > 0) t += "    - name: dshm\n      emptyDir:\n        medium: Memory\n";
  if (!files_volume.empty()) t += fmt::format("    - name: moeplan-files\n      configMap:\n        name: {}\n", files_volume);
  if (!ssh_secret.empty()) t += fmt::format("    - name: mpi-ssh\n      secret:\n        secretName: {}\n", ssh_secret);
  return t;
}

std::string pod_template(const Launch& l, const PoolLaunch& pool, const NodeLaunch& n, const std::string& name, bool leader,
                         bool files) {
  std::string t;
  t += "metadata:\n  labels:\n    role: " + std::string(leader ? "leader" : "worker") + "\n";
  t += "spec:\n" + container(l, n, leader ? leader_ports(l, pool) : std::vector<std::pair<std::string, int>>{}, pool.gpus_per_node,
                            files ? name + "-files" : "", pool.ssh_secret ? ssh_secret_name(name) : "");
  return t;
}

std::string service(const std::string& name, const std::string& selector, const std::vector<std::pair<std::string, int>>& ports) {
  std::string y = "---\napiVersion: v1\nkind: Service\n";
  y += "metadata:\n  name: " + name + "\n";
  y += "spec:\n  selector:\n" + selector;
  y += "  ports:\n";
  for (const auto& [port_name, port] : ports) y += fmt::format("    - name: {}\n      port: {}\n      targetPort: {}\n", port_name, port, port);
  return y;
}

std::string config_map(const std::string& name, const std::vector<const ExportFile*>& files) {
  std::string y = "---\napiVersion: v1\nkind: ConfigMap\n";
  y += "metadata:\n  name: " + name + "\ndata:\n";
  for (const ExportFile* f : files) y += "  " + f->name + ": |\n" + indent(f->text, 4);
  return y;
}

// The data files `role`'s pods read: their own and the shared ones.
std::vector<const ExportFile*> files_of(const Launch& l, const std::string& role) {
  std::vector<const ExportFile*> out;
  for (const auto& f : l.data_files)
    if (f.pool.empty() || f.pool == role) out.push_back(&f);
  return out;
}

std::string lws_manifest(const Launch& l, const PoolLaunch& pool, const std::string& origin) {
  const bool several = l.pools.size() > 1;
  // One LeaderWorkerSet per pool: the role joins the name once there are several.
  const std::string name = lws_name(*l.scenario, pool.role, l.flags->engine, several);
  const std::vector<const ExportFile*> data = files_of(l, pool.role);
  const bool files = !data.empty();
  std::string y = header(l, &pool, origin,
                         fmt::format("LeaderWorkerSet {} (size {} = nodes per instance, replicas {} = instances) and Service{}", name,
                                     pool.nodes, pool.instances, several ? "s (one per instance, for the router)" : ""),
                         "# ");
  y += "apiVersion: leaderworkerset.x-k8s.io/v1\nkind: LeaderWorkerSet\n";
  y += "metadata:\n  name: " + name + "\n";
  y += fmt::format("spec:\n  replicas: {}\n  leaderWorkerTemplate:\n    size: {}\n    restartPolicy: RecreateGroupOnPodRestart\n",
                   pool.instances, pool.nodes);
  y += "    leaderTemplate:\n" + indent(pod_template(l, pool, pool.k8s_pods.front(), name, true, files), 6);
  const NodeLaunch& worker = pool.k8s_pods.size() > 1 ? pool.k8s_pods[1] : pool.k8s_pods.front();
  y += "    workerTemplate:\n" + indent(pod_template(l, pool, worker, name, pool.k8s_pods.size() == 1, files), 6);
  // The LeaderWorkerSet controller names its own headless Service after the set; ours take other names.
  const std::string selector = "    leaderworkerset.sigs.k8s.io/name: " + name + "\n    role: leader\n";
  if (!several) {
    y += service(name + "-api", selector, leader_ports(l, pool));
  } else {
    // One per instance: the router names each instance's leader.
    for (int i = 0; i < pool.instances; ++i)
      y += service(instance_service_name(name, i), selector + fmt::format("    leaderworkerset.sigs.k8s.io/group-index: \"{}\"\n", i),
                   leader_ports(l, pool));
  }
  if (files) y += config_map(name + "-files", data);
  return y;
}

std::string router_manifest(const Launch& l, const std::string& origin) {
  const RouterLaunch& r = *l.router;
  const RouterSpec& spec = l.flags->disaggregation->router;
  const std::string name = lws_name(*l.scenario, "router", l.flags->engine, true);
  std::vector<const ExportFile*> data;
  for (const auto& f : l.data_files)
    if (f.pool == "router") data.push_back(&f);
  // The router's files: its own configuration, or the script the user adds (script_note).
  const std::string volume = !data.empty() ? name + "-files" : !spec.script.empty() ? name + "-proxy" : "";
  std::string y = header(l, nullptr, origin, fmt::format("Deployment and Service {} (the router)", name), "# ");
  y += "apiVersion: apps/v1\nkind: Deployment\n";
  y += "metadata:\n  name: " + name + "\n";
  y += "spec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: " + name + "\n";
  y += "  template:\n    metadata:\n      labels:\n        app: " + name + "\n";
  y += "    spec:\n" + indent(container(l, r.pod, {{"http", spec.port}}, 0, volume), 4);
  y += service(name, "    app: " + name + "\n", {{"http", spec.port}});
  if (!data.empty()) y += config_map(name + "-files", data);
  return y;
}

// Planner quantity, plan value, engine key, value, why: left-aligned columns
// (the values are words and flags, not figures).
std::string settings_table(const std::vector<Setting>& settings) {
  std::string out;
  std::vector<std::vector<std::string>> rows = {{"planner quantity", "plan", "engine key", "value", "why"}};
  for (const auto& s : settings) rows.push_back({s.quantity, s.plan_value, s.key, s.value.empty() ? "(set)" : s.value, s.why});
  std::vector<size_t> width(rows.front().size(), 0);
  for (const auto& r : rows)
    for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  for (size_t k = 0; k < rows.size(); ++k) {
    std::string line = " ";
    for (size_t i = 0; i < rows[k].size(); ++i)
      line += fmt::format(" {:<{}}", rows[k][i], i + 1 == rows[k].size() ? 0 : width[i]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
    if (k == 0) {
      size_t total = 0;
      for (size_t i = 0; i + 1 < width.size(); ++i) total += width[i] + 1;
      total += rows.front().back().size();
      out += "  " + std::string(total, '-') + "\n";
    }
  }
  return out;
}

}  // namespace

std::unique_ptr<ExportSource> plan_for_export(const std::string& path, Engine engine) {
  auto src = std::make_unique<ExportSource>();
  const bool document = ends_with(path, ".md") || ends_with(path, ".markdown");
  if (document) {
    const MarkdownDocument doc = load_markdown(path);
    if (!doc.front_matter)
      throw InputError(path + ": no YAML front matter; export reads the scenario from a document `moeplan plan --format md` wrote");
    src->scenario = parse_scenario(doc.front_matter->text, path + " (front matter)");
  } else {
    src->scenario = load_scenario(path);
  }
  Scenario& sc = src->scenario;
  // The memory fraction means what this engine makes of it: a scenario planned
  // for another engine is evaluated again, and the header says so.
  const std::string replanned = sc.runtime.engine == engine ? ""
      : "; evaluated for " + to_string(engine) + ", the scenario's runtime.engine is " + to_string(sc.runtime.engine);
  if (sc.runtime.engine != engine) {
    // What the scenario left to the engine is this engine's: its token budget and batch cap for the GPU.
    const EngineDefaults d = engine_defaults(engine, sc.cluster.gpu);
    if (sc.runtime.prefill_chunk_from_engine) sc.runtime.prefill_chunk_tokens = d.token_budget;
    if (sc.runtime.max_batch_from_engine) sc.runtime.max_batch_size = d.max_batch;
  }
  sc.runtime.engine = engine;
  if (sc.serving.mode == ServingMode::kDisaggregated) {
    src->deployment = plan_disaggregated(sc, make_cost_models(sc));
    if (!src->deployment) throw InputError(path + ": serving: no prefill/decode pool pair fits in cluster.gpus; nothing to export");
    src->origin = "the scenario's disaggregated pools, serving.mode disaggregated" + replanned;
    return src;
  }
  if (sc.strategy && sc.serving.mode != ServingMode::kAuto) {
    src->plan.emplace(evaluate_plan(sc, *sc.strategy));
    src->origin = (document ? "the strategy the plan document was written for" : "the scenario's strategy") + replanned;
    return src;
  }
  SearchOptions options;
  options.top = 1;
  options.launchable = [engine](const Plan& p) { return launch_refusal(p, engine); };
  src->search.emplace(search_plans(sc, options));
  if (sc.serving.mode == ServingMode::kAuto) {
    // plan's comparison decides, as `moeplan plan` with serving mode auto reports it.
    auto d = plan_disaggregated(sc, make_cost_models(sc));
    const auto& r = *src->search;
    if (!r.recommended && !d) throw InputError(path + ": neither an aggregated nor a disaggregated deployment fits; nothing to export");
    const ServingComparison c = r.recommended && d ? compare_serving(sc, r.recommended->performance, r.meets_slo, *d)
                                                   : ServingComparison{d ? "disaggregated" : "aggregated", "the other kind does not fit"};
    if (c.winner == "disaggregated") {
      src->deployment = std::move(d);
      src->origin = "serving.mode auto: disaggregated wins (" + c.reason + ")" + replanned;
      return src;
    }
    src->plan = *r.recommended;
    src->origin = "serving.mode auto: aggregated wins (" + c.reason + "); recommended by moeplan plan, objective throughput_per_gpu" +
                  replanned;
    return src;
  }
  if (!src->search->recommended)
    throw InputError(path + ": no strategy fits in memory; nothing to export (see moeplan plan " + path + ")");
  src->plan = *src->search->recommended;
  src->origin = "recommended by moeplan plan, objective throughput_per_gpu" + replanned;
  return src;
}

Launch launch_for(const ExportSource& src, const ExportOptions& options) {
  if (options.target != ExportTarget::kDynamo) {
    if (src.deployment) return build_launch(src.scenario, *src.deployment, options);
    return build_launch(*src.plan, options);
  }
  // Dynamo runs the engine version its image pins, and moves the KV its own way.
  const DynamoBackend& backend = dynamo_backend(options.engine, options.version);
  ExportOptions dynamo = options;
  dynamo.version = backend.engine_version;
  dynamo.transfer_backend = backend.transfer_backend;
  Launch l = src.deployment ? build_launch(src.scenario, *src.deployment, dynamo) : build_launch(*src.plan, dynamo);
  adapt_for_dynamo(l);
  return l;
}

std::vector<ExportFile> render_export(const Launch& l, const std::string& origin) {
  std::vector<ExportFile> files;
  if (l.options.target == ExportTarget::kDynamo) {
    const DynamoSpec& d = dynamo_spec();
    std::string services = "Frontend";
    for (const auto& pool : l.pools)
      services += fmt::format(", {} ({})", dynamo_service_name(pool), pool_shape(pool));
    const std::string what = fmt::format("DynamoGraphDeployment {} for Dynamo {} ({}, image {}): services {}",
                                         dynamo_graph_name(*l.scenario), d.version, d.data_file,
                                         dynamo_backend(l.flags->engine, l.flags->version).image, services);
    files.push_back(render_dynamo(l, header(l, nullptr, origin, what, "# ")));
    return files;
  }
  const bool single_pool = l.pools.size() == 1;
  for (const auto& pool : l.pools) {
    const std::string prefix = single_pool ? "" : pool.file_prefix;
    if (l.options.target == ExportTarget::kShell) {
      for (size_t i = 0; i < pool.shell_nodes.size(); ++i)
        files.push_back({fmt::format("{}node{}.sh", prefix, i), shell_script(l, &pool, pool.shell_nodes[i], origin), true,
                         single_pool ? "" : pool.role});
    } else {
      files.push_back({prefix + "lws.yaml", lws_manifest(l, pool, origin), false, single_pool ? "" : pool.role});
    }
  }
  if (l.router) {
    if (l.options.target == ExportTarget::kShell)
      files.push_back({"router.sh", shell_script(l, nullptr, l.router->shell, origin, l.router->address_vars), true, "router"});
    else
      files.push_back({"router.yaml", router_manifest(l, origin), false, "router"});
  }
  if (l.options.target == ExportTarget::kShell)
    for (ExportFile f : l.data_files) {
      // JSON has no comments; the scripts that read it carry the header.
      if (ends_with(f.name, ".yaml")) {
        const PoolLaunch* owner = single_pool ? &l.pools.front() : nullptr;
        for (const auto& pool : l.pools)
          if (pool.role == f.pool) owner = &pool;
        f.text = header(l, owner, origin, "this file: " + f.name, "# ") + f.text;
      }
      files.push_back(f);
    }
  return files;
}

std::string render_explain(const Launch& l) {
  const EngineFlags& e = *l.flags;
  std::string out = fmt::format("{} {} ({}) for {}{}\n", to_string(e.engine), e.version, e.data_file,
                                l.deployment ? "disaggregated " : "strategy ", l.strategy_label());
  for (const auto& pool : l.pools) {
    out += fmt::format("\n{} pool: {} instance{} of {} node{} x {} GPUs\n", pool.role, pool.instances, pool.instances == 1 ? "" : "s",
                       pool.nodes, pool.nodes == 1 ? "" : "s", pool.gpus_per_node);
    out += settings_table(pool.settings);
    // Per-node wiring: what a node's command adds to the settings above.
    for (const auto& node : pool.shell_nodes) {
      std::string extra;
      for (size_t i = 0; i < node.commands.size(); ++i) {
        const Command& c = node.commands[i];
        const bool engine = std::find(c.program.begin(), c.program.end(), e.entry.front()) != c.program.end();
        if (!engine) {
          std::string words;
          for (const auto& w : c.program) words += (words.empty() ? "" : " ") + w;
          extra += (extra.empty() ? "" : "; ") + words;
          continue;
        }
        for (const auto& a : c.args) {
          bool common = false;
          for (const auto& s : pool.settings) common |= s.key == a.flag;
          common |= a.flag == e.model_flag;
          if (!common) extra += (extra.empty() ? "" : " ") + a.flag + (a.value.empty() ? "" : " " + a.value);
        }
      }
      if (node.commands.empty() || !extra.empty()) out += "  " + node.title + ": " + (extra.empty() ? "(nothing)" : extra) + "\n";
    }
  }
  if (l.router) {
    out += "\nrouter (clients send requests here):\n" + settings_table(l.router->settings);
  }
  for (const auto& n : l.notes) out += "Note: " + n + "\n";
  if (l.router && !l.router->script_note.empty()) out += "Note: " + l.router->script_note + "\n";
  return out;
}

void write_export(const std::vector<ExportFile>& files, const std::string& dir) {
  if (dir.empty()) throw InputError("-o: give an output directory");
  const fs::path target = fs::absolute(fs::path(dir)).lexically_normal();
  const fs::path parent = target.has_filename() ? target.parent_path() : target.parent_path().parent_path();
  const fs::path final_dir = target.has_filename() ? target : target.parent_path();
  std::error_code ec;
  if (!fs::is_directory(parent, ec)) throw InputError(dir + ": cannot write: the folder " + parent.string() + " does not exist");
  if (fs::exists(final_dir, ec)) {
    if (!fs::is_directory(final_dir, ec)) throw InputError(dir + ": exists and is not a folder");
    if (!fs::is_empty(final_dir, ec) && !fs::exists(final_dir / kMarkerFile, ec))
      throw InputError(dir + ": exists and was not written by moeplan export; remove it or give another -o");
  }
  const std::string stem = fmt::format(".{}.moeplan-{}", final_dir.filename().string(), ::getpid());
  const fs::path tmp = parent / (stem + "-new");
  const fs::path old = parent / (stem + "-old");
  try {
    fs::remove_all(tmp);
    if (!fs::create_directory(tmp, ec) || ec) throw InputError(dir + ": cannot write in " + parent.string() + ": " + ec.message());
    std::string marker = "files written by moeplan export:\n";
    for (const auto& f : files) {
      const fs::path p = tmp / f.name;
      std::ofstream out(p, std::ios::binary);
      out << f.text;
      out.close();
      if (!out) throw InputError(dir + ": writing " + f.name + " failed");
      if (f.executable)
        fs::permissions(p, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add);
      marker += f.name + "\n";
    }
    std::ofstream(tmp / kMarkerFile) << marker;
    if (fs::exists(final_dir)) fs::rename(final_dir, old);
    fs::rename(tmp, final_dir);
    fs::remove_all(old, ec);
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(tmp, ec);
    if (!fs::exists(final_dir, ec) && fs::exists(old, ec)) fs::rename(old, final_dir, ec);
    throw InputError(dir + ": cannot write: " + e.code().message());
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
}

}  // namespace moeplan
