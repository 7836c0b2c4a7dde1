#include "export/export.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "check/markdown.h"
#include "render/format.h"
#include "spec/error.h"

namespace moeplan {

namespace {

namespace fs = std::filesystem;

constexpr const char* kMarkerFile = ".moeplan-export";  // marks a folder export may replace
constexpr size_t kMaxNameChars = 40;                  // room for LWS's own suffixes under 63

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
  }
  return out + "\n";
}

bool mentions(const NodeLaunch& n, const std::string& var) {
  for (const auto& c : n.commands) {
    for (const auto& w : c.program)
      if (w.find(var) != std::string::npos) return true;
    for (const auto& a : c.args)
      if (a.value.find(var) != std::string::npos) return true;
  }
  return false;
}

std::string body(const NodeLaunch& n) {
  std::string out;
  for (size_t i = 0; i < n.commands.size(); ++i) out += render_command(n.commands[i], i + 1 == n.commands.size());
  return out;
}

std::string header(const Launch& l, const PoolLaunch& pool, const std::string& origin, const std::string& this_file,
                   const std::string& comment) {
  const Plan& p = *l.plan;
  const Scenario& sc = *p.scenario;
  const Performance& f = p.performance;
  const EngineFlags& e = *l.flags;
  std::vector<std::string> lines;
  lines.push_back(fmt::format("moeplan export: {} {} ({}), {}", to_string(e.engine), e.version, e.data_file, this_file));
  lines.push_back(fmt::format("Scenario: {}{}", sc.file, sc.name.empty() ? "" : " (" + sc.name + ")"));
  lines.push_back(fmt::format("Model: {} = {}; {} x {}{} in {} node{} of {} GPUs", sc.model.display_name, l.model_path, p.strategy.gpus(),
                              sc.cluster.gpu.display_name,
                              pool.instances == 1 ? "" : fmt::format(" as {} instances, each", pool.instances), pool.nodes,
                              pool.nodes == 1 ? "" : "s", pool.gpus_per_node));
  lines.push_back(fmt::format("Strategy: {} ({}); {} pool, {} instance{}", p.strategy.label(), origin, pool.role, pool.instances,
                              pool.instances == 1 ? "" : "s"));
  lines.push_back(fmt::format("Predicted ({} cost model): TTFT {}, TPOT {}, {} output tokens/s ({} per GPU) at {} requests in flight",
                              p.cost_model, fmt_seconds(f.ttft_s), fmt_seconds(f.tpot_s), fmt_int(f.output_tokens_per_s),
                              fmt_int(f.output_tokens_per_s_per_gpu), f.concurrency));
  lines.push_back(fmt::format("Memory: {} of {} on the fullest GPU; objectives {}", fmt_gb(p.memory.total_bytes_max),
                              fmt_gb(p.memory.capacity_bytes), p.slo.checks.empty() ? "none given" : p.slo.met ? "all met" : "NOT all met"));
  lines.push_back("Left to the engine's defaults:");
  for (const auto& d : e.left_to_defaults) lines.push_back("  " + d);
  for (const auto& n : l.notes) lines.push_back("Note: " + n);
  lines.push_back("`moeplan export --explain` lists each value with the planner quantity it carries.");
  std::string out;
  for (const auto& line : lines) out += comment + line + "\n";
  return out;
}

std::string shell_script(const Launch& l, const PoolLaunch& pool, const NodeLaunch& n, const std::string& origin) {
  std::string out = "#!/usr/bin/env bash\n";
  out += header(l, pool, origin, "this script: " + n.title, "# ");
  out += "set -euo pipefail\n";
  if (mentions(n, "MOEPLAN_DIR")) out += "MOEPLAN_DIR=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n";
  if (mentions(n, "HEAD_ADDR")) out += "HEAD_ADDR=\"${HEAD_ADDR:?set HEAD_ADDR to the address of node 0}\"\n";
  if (mentions(n, "MPI_HOSTS")) out += "MPI_HOSTS=\"${MPI_HOSTS:?set MPI_HOSTS to host0:GPUS,host1:GPUS,...}\"\n";
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

std::string pod_template(const Launch& l, const PoolLaunch& pool, const NodeLaunch& n, const std::string& name, bool leader,
                         bool files) {
  std::string t;
  t += "metadata:\n  labels:\n    role: " + std::string(leader ? "leader" : "worker") + "\n";
  t += "spec:\n  containers:\n    - name: engine\n";
  t += "      image: " + l.flags->image + "\n";
  t += "      command: [\"/bin/bash\", \"-c\"]\n";
  t += "      args:\n        - |\n";
  t += indent("set -euo pipefail\n" + body(n), 12);
  if (leader) t += fmt::format("      ports:\n        - containerPort: {}\n", l.flags->port);
  t += fmt::format("      resources:\n        limits:\n          nvidia.com/gpu: \"{}\"\n", pool.gpus_per_node);
  t += "      volumeMounts:\n        - name: dshm\n          mountPath: /dev/shm\n";
  if (files) t += fmt::format("        - name: moeplan-files\n          mountPath: {}\n", kPodFilesDir);
  t += "  volumes:\n    - name: dshm\n      emptyDir:\n        medium: Memory\n";
  if (files) t += fmt::format("    - name: moeplan-files\n      configMap:\n        name: {}-files\n", name);
  return t;
}

std::string lws_manifest(const Launch& l, const PoolLaunch& pool, const std::string& origin) {
  const Scenario& sc = *l.plan->scenario;
  const std::string base = sc.name.empty() ? fs::path(sc.file).stem().string() : sc.name;
  // One LeaderWorkerSet per pool: the role joins the name once there are several.
  const std::string role = l.pools.size() == 1 ? "" : "-" + pool.role;
  const std::string name = k8s_name(base + role + "-" + to_string(l.flags->engine));
  const bool files = !l.data_files.empty();
  std::string y = header(l, pool, origin, fmt::format("LeaderWorkerSet {} (size {} = nodes per instance, replicas {} = instances) and Service", name,
                                                      pool.nodes, pool.instances),
                         "# ");
  y += "apiVersion: leaderworkerset.x-k8s.io/v1\nkind: LeaderWorkerSet\n";
  y += "metadata:\n  name: " + name + "\n";
  y += fmt::format("spec:\n  replicas: {}\n  leaderWorkerTemplate:\n    size: {}\n    restartPolicy: RecreateGroupOnPodRestart\n",
                   pool.instances, pool.nodes);
  y += "    leaderTemplate:\n" + indent(pod_template(l, pool, pool.k8s_pods.front(), name, true, files), 6);
  const NodeLaunch& worker = pool.k8s_pods.size() > 1 ? pool.k8s_pods[1] : pool.k8s_pods.front();
  y += "    workerTemplate:\n" + indent(pod_template(l, pool, worker, name, pool.k8s_pods.size() == 1, files), 6);
  y += "---\napiVersion: v1\nkind: Service\n";
  y += "metadata:\n  name: " + name + "\n";
  y += "spec:\n  selector:\n    leaderworkerset.sigs.k8s.io/name: " + name + "\n    role: leader\n";
  y += fmt::format("  ports:\n    - name: http\n      port: {}\n      targetPort: {}\n", l.flags->port, l.flags->port);
  if (files) {
    y += "---\napiVersion: v1\nkind: ConfigMap\n";
    y += "metadata:\n  name: " + name + "-files\ndata:\n";
    for (const auto& f : l.data_files) y += "  " + f.name + ": |\n" + indent(f.text, 4);
  }
  return y;
}

}  // namespace

std::string k8s_name(const std::string& text) {
  std::string out;
  for (char c : text) {
    const char lc = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::isalnum(static_cast<unsigned char>(lc))) out += lc;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  if (out.size() > kMaxNameChars) out.resize(kMaxNameChars);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "moeplan" : out;
}

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
  sc.runtime.engine = engine;
  if (sc.strategy) {
    src->plan.emplace(evaluate_plan(sc, *sc.strategy));
    src->origin = (document ? "the strategy the plan document was written for" : "the scenario's strategy") + replanned;
    return src;
  }
  SearchOptions options;
  options.top = 1;
  options.launchable = [engine](const Plan& p) { return launch_refusal(p, engine); };
  src->search.emplace(search_plans(sc, options));
  if (!src->search->recommended)
    throw InputError(path + ": no strategy fits in memory; nothing to export (see moeplan plan " + path + ")");
  src->plan = *src->search->recommended;
  src->origin = "recommended by moeplan plan, objective throughput_per_gpu" + replanned;
  return src;
}

std::vector<ExportFile> render_export(const Launch& l, const std::string& origin) {
  std::vector<ExportFile> files;
  const bool single_pool = l.pools.size() == 1;
  for (const auto& pool : l.pools) {
    const std::string prefix = single_pool ? "" : pool.role + "-";
    if (l.options.target == ExportTarget::kShell) {
      for (size_t i = 0; i < pool.shell_nodes.size(); ++i)
        files.push_back({fmt::format("{}node{}.sh", prefix, i), shell_script(l, pool, pool.shell_nodes[i], origin), true});
    } else {
      if (!pool.k8s_refusal.empty())
        throw InputError(fmt::format("--target k8s: {} {}: {}", to_string(l.flags->engine), l.flags->version, pool.k8s_refusal));
      files.push_back({prefix + "lws.yaml", lws_manifest(l, pool, origin), false});
    }
  }
  if (l.options.target == ExportTarget::kShell)
    for (ExportFile f : l.data_files) {
      // JSON has no comments; the scripts that read it carry the header.
      if (ends_with(f.name, ".yaml")) f.text = header(l, l.pools.front(), origin, "this file: " + f.name, "# ") + f.text;
      files.push_back(f);
    }
  return files;
}

std::string render_explain(const Launch& l) {
  const EngineFlags& e = *l.flags;
  std::string out = fmt::format("{} {} ({}) for strategy {}\n", to_string(e.engine), e.version, e.data_file, l.plan->strategy.label());
  for (const auto& pool : l.pools) {
    out += fmt::format("\n{} pool: {} instance{} of {} node{} x {} GPUs\n", pool.role, pool.instances, pool.instances == 1 ? "" : "s",
                       pool.nodes, pool.nodes == 1 ? "" : "s", pool.gpus_per_node);
    // Left-aligned columns: the values are words and flags, not figures.
    std::vector<std::vector<std::string>> rows = {{"planner quantity", "plan", "engine key", "value", "why"}};
    for (const auto& s : pool.settings) rows.push_back({s.quantity, s.plan_value, s.key, s.value.empty() ? "(set)" : s.value, s.why});
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
  for (const auto& n : l.notes) out += "Note: " + n + "\n";
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
