#include "export/rules.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <functional>

#include "export/dynamo.h"

namespace moeplan {

namespace {

std::optional<long long> as_int(const std::string& v) {
  long long out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
  return out;
}

std::optional<long long> int_flag(const ParsedCommand& c, const std::string& flag) {
  auto it = c.flags.find(flag);
  return it == c.flags.end() ? std::nullopt : as_int(it->second);
}

std::optional<long long> int_key(const std::map<std::string, std::string>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? std::nullopt : as_int(it->second);
}

bool has(const ParsedCommand& c, const std::string& flag) { return c.flags.count(flag) > 0; }

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// TensorRT-LLM's options file of a pool: config.yaml, prefill-config.yaml, decode-config.yaml.
bool is_options_file(const std::string& name) {
  return name == "config.yaml" || name == "prefill-config.yaml" || name == "decode-config.yaml";
}

bool is_assignment(const std::string& w) {
  const size_t eq = w.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  for (size_t i = 0; i < eq; ++i)
    if (!(std::isalnum(static_cast<unsigned char>(w[i])) || w[i] == '_')) return false;
  return !std::isdigit(static_cast<unsigned char>(w[0]));
}

}  // namespace

std::vector<std::vector<std::string>> shell_command_lines(const std::string& text);

namespace {

// A container's volume mounted at `path`, and whether the pod's volume of that name is a Secret.
bool mounts_secret(const YAML::Node& pod_spec, const std::string& path) {
  for (const auto& container : pod_spec["containers"])
    for (const auto& mount : container["volumeMounts"]) {
      if (!mount["mountPath"] || mount["mountPath"].as<std::string>() != path) continue;
      for (const auto& volume : pod_spec["volumes"])
        if (volume["name"] && volume["name"].as<std::string>() == mount["name"].as<std::string>() && volume["secret"]) return true;
    }
  return false;
}

// A TensorRT-LLM LeaderWorkerSet: an instance of more than one pod is one MPI world started by the
// leader's mpirun (trtllm-llmapi-launch), whose -np is every GPU of the group and whose hosts are
// the group's pods with their GPUs as slots; the workers run the SSH server it logs in to, and both
// mount the key pair.
std::vector<std::string> check_trtllm_lws(const YAML::Node& lws, const EngineFlags& f) {
  std::vector<std::string> p;
  const YAML::Node t = lws["spec"]["leaderWorkerTemplate"];
  const int size = t["size"] ? t["size"].as<int>() : 1;
  const YAML::Node leader = t["leaderTemplate"] ? t["leaderTemplate"]["spec"] : t["workerTemplate"]["spec"];
  const YAML::Node worker = t["workerTemplate"]["spec"];
  const YAML::Node gpu = leader["containers"][0]["resources"]["limits"]["nvidia.com/gpu"];
  const long long gpus_per_pod = gpu ? gpu.as<long long>() : 0;
  const std::string script = leader["containers"][0]["args"][0].as<std::string>();
  std::optional<ParsedCommand> launch;
  for (const auto& c : parse_engine_commands(script, f))
    if (std::find(c.prefix.begin(), c.prefix.end(), "mpirun") != c.prefix.end()) launch = c;
  if (size <= 1) {
    if (launch) p.push_back("TensorRT-LLM LeaderWorkerSet: mpirun in a one-pod group");
    return p;
  }
  if (!launch) return {fmt::format("TensorRT-LLM LeaderWorkerSet: {} pods per group but no mpirun ... trtllm-llmapi-launch on the leader", size)};
  if (std::find(launch->prefix.begin(), launch->prefix.end(), "trtllm-llmapi-launch") == launch->prefix.end())
    p.push_back("TensorRT-LLM LeaderWorkerSet: mpirun without trtllm-llmapi-launch (trtllm-serve needs it across nodes)");
  auto np = std::find(launch->prefix.begin(), launch->prefix.end(), "-np");
  const long long world = static_cast<long long>(size) * gpus_per_pod;
  if (np == launch->prefix.end() || np + 1 == launch->prefix.end() || as_int(*(np + 1)) != world)
    p.push_back(fmt::format("TensorRT-LLM LeaderWorkerSet: mpirun -np is not size {} x {} GPUs per pod = {}", size, gpus_per_pod, world));
  // MPI_HOSTS="host:slots,...": one entry per pod, the slots adding up to -np.
  for (const auto& words : shell_command_lines(script)) {
    if (words.size() != 1 || words[0].rfind("MPI_HOSTS=", 0) != 0) continue;
    const std::string hosts = words[0].substr(std::string("MPI_HOSTS=").size());
    long long entries = 0, slots = 0;
    size_t i = 0;
    while (i <= hosts.size()) {
      size_t j = hosts.find(',', i);
      if (j == std::string::npos) j = hosts.size();
      const std::string entry = hosts.substr(i, j - i);
      const size_t colon = entry.rfind(':');
      ++entries;
      slots += colon == std::string::npos ? 1 : as_int(entry.substr(colon + 1)).value_or(0);
      i = j + 1;
    }
    if (entries != size || slots != world)
      p.push_back(fmt::format("TensorRT-LLM LeaderWorkerSet: MPI_HOSTS names {} hosts with {} slots for {} pods of {} GPUs", entries, slots,
                              size, gpus_per_pod));
  }
  // The worker's SSH server runs in the foreground (-D): the pod lives as long as it does.
  bool sshd = false;
  for (const auto& words : shell_command_lines(worker["containers"][0]["args"][0].as<std::string>())) {
    const size_t at = !words.empty() && words[0] == "exec" ? 1 : 0;
    sshd |= words.size() > at && ends_with(words[at], "/sshd") && std::find(words.begin(), words.end(), "-D") != words.end();
  }
  if (!sshd)
    p.push_back("TensorRT-LLM LeaderWorkerSet: the worker pods run no SSH server for the leader's mpirun");
  if (!mounts_secret(leader, kSshKeyDir) || !mounts_secret(worker, kSshKeyDir))
    p.push_back(std::string("TensorRT-LLM LeaderWorkerSet: the SSH key pair Secret is not mounted at ") + kSshKeyDir + " on both templates");
  return p;
}

}  // namespace

std::vector<std::vector<std::string>> shell_command_lines(const std::string& text) {
  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  auto end_word = [&] {
    if (in_word) words.push_back(word);
    word.clear();
    in_word = false;
  };
  auto end_line = [&] {
    end_word();
    if (!words.empty()) lines.push_back(words);
    words.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '\\' && i + 1 < text.size() && text[i + 1] == '\n') { ++i; continue; }
    if (ch == '\\' && i + 1 < text.size()) { word += text[++i]; in_word = true; continue; }
    if (ch == '\'') {
      const size_t close = text.find('\'', i + 1);
      word += text.substr(i + 1, close - i - 1);
      in_word = true;
      i = close == std::string::npos ? text.size() : close;
      continue;
    }
    if (ch == '"') {
      in_word = true;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == '\\' || text[i + 1] == '$')) ++i;
        word += text[i];
      }
      continue;
    }
    if (ch == '#' && !in_word) {
      while (i < text.size() && text[i] != '\n') ++i;
      end_line();
      continue;
    }
    if (ch == '\n' || ch == ';') { end_line(); continue; }
    if (ch == ' ' || ch == '\t') { end_word(); continue; }
    word += ch;
    in_word = true;
  }
  end_line();
  return lines;
}

std::vector<ParsedCommand> parse_engine_commands(const std::string& script, const EngineFlags& f) {
  std::vector<ParsedCommand> out;
  std::map<std::string, std::string> exported;
  for (const auto& words : shell_command_lines(script)) {
    if (words.size() >= 2 && words[0] == "export" && is_assignment(words[1])) {
      const size_t eq = words[1].find('=');
      exported[words[1].substr(0, eq)] = words[1].substr(eq + 1);
      continue;
    }
    // Find the entry words (e.g. "vllm serve").
    size_t at = words.size();
    for (size_t i = 0; i + f.entry.size() <= words.size(); ++i)
      if (std::equal(f.entry.begin(), f.entry.end(), words.begin() + static_cast<long>(i))) { at = i; break; }
    if (at == words.size()) continue;
    ParsedCommand c;
    c.env = exported;
    size_t i = 0;
    if (i < at && words[i] == "exec") ++i;
    for (; i < at && is_assignment(words[i]); ++i) {
      const size_t eq = words[i].find('=');
      c.env[words[i].substr(0, eq)] = words[i].substr(eq + 1);
    }
    c.prefix.assign(words.begin() + static_cast<long>(i), words.begin() + static_cast<long>(at));
    size_t k = at + f.entry.size();
    if (f.model_flag.empty() && k < words.size() && words[k].rfind("--", 0) != 0) c.model = words[k++];
    for (; k < words.size(); ++k) {
      std::string flag = words[k];
      if (flag.rfind("-", 0) != 0) {
        c.problems.push_back("unexpected argument '" + flag + "'");
        continue;
      }
      std::optional<std::string> value;
      if (const size_t eq = flag.find('='); eq != std::string::npos) {
        value = flag.substr(eq + 1);
        flag = flag.substr(0, eq);
      }
      auto spec = f.flags.find(flag);
      if (spec == f.flags.end()) {
        c.problems.push_back(fmt::format("{} {}: unknown flag {} ({})", to_string(f.engine), f.version, flag, f.data_file));
        if (!value && k + 1 < words.size() && words[k + 1].rfind("--", 0) != 0) value = words[++k];
      } else if (spec->second.type != FlagType::kFlag && !value) {
        if (k + 1 >= words.size()) c.problems.push_back(flag + ": missing value");
        else value = words[++k];
      }
      if (c.flags.count(flag)) c.problems.push_back(flag + ": given twice");
      c.flags[flag] = value.value_or("");
      c.order.push_back(flag);
      if (spec != f.flags.end())
        if (auto problem = flag_value_problem(spec->second, value.value_or(""))) c.problems.push_back(*problem);
    }
    if (!f.model_flag.empty()) c.model = c.flags.count(f.model_flag) ? c.flags[f.model_flag] : "";
    for (const auto& [name, value] : c.env) {
      if (name == "HEAD_ADDR" || name == "MOEPLAN_DIR" || name == "MPI_HOSTS") continue;
      auto spec = f.env.find(name);
      if (spec == f.env.end()) c.problems.push_back(fmt::format("{} {}: unknown environment variable {}", to_string(f.engine), f.version, name));
      else if (auto problem = flag_value_problem(spec->second, value)) c.problems.push_back(*problem);
    }
    if (c.model.empty()) c.problems.push_back("no model given");
    out.push_back(c);
  }
  return out;
}

std::map<std::string, std::string> flatten_yaml(const YAML::Node& node) {
  std::map<std::string, std::string> out;
  std::function<void(const YAML::Node&, const std::string&)> walk = [&](const YAML::Node& n, const std::string& path) {
    // A mapping keyed by numbers ("initial_global_assignments: {3: [...], 4: [...]}") is one value, not options.
    const bool numbered = n.IsMap() && n.size() > 0 && std::all_of(n.begin(), n.end(), [](const auto& item) {
      const std::string k = item.first.template as<std::string>();
      return !k.empty() && std::all_of(k.begin(), k.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    });
    if (numbered) {
      out[path] = "[map]";
    } else if (n.IsMap()) {
      for (const auto& item : n) walk(item.second, path.empty() ? item.first.as<std::string>() : path + "." + item.first.as<std::string>());
    } else if (n.IsScalar()) {
      out[path] = n.as<std::string>();
    } else if (n.IsSequence()) {
      out[path] = "[list]";
    }
  };
  walk(node, "");
  return out;
}

std::vector<std::string> check_engine_rules(const ParsedCommand& c, const EngineFlags& f, const ModelSpec& m,
                                            const std::map<std::string, std::string>* config, int gpus_per_node) {
  // GPUs the command's parallel sizes occupy on one node; nullopt = not known from the command.
  std::optional<long long> gpus_used;
  std::vector<std::string> p = c.problems;
  const long long experts = m.num_experts;
  switch (f.engine) {
    case Engine::kVllm: {
      const auto seqs = int_flag(c, "--max-num-seqs"), tokens = int_flag(c, "--max-num-batched-tokens");
      if (seqs && tokens && *tokens < *seqs)
        p.push_back(fmt::format("vLLM: --max-num-batched-tokens {} < --max-num-seqs {} (SchedulerConfig requires >=)", *tokens, *seqs));
      const long long tp = int_flag(c, "--tensor-parallel-size").value_or(1), dp = int_flag(c, "--data-parallel-size").value_or(1);
      if (has(c, "--enable-expert-parallel") && experts > 0) {
        long long redundant = 0;
        if (has(c, "--eplb-config")) {
          auto j = nlohmann::json::parse(c.flags.at("--eplb-config"), nullptr, false);
          if (j.is_object() && j.contains("num_redundant_experts")) redundant = j["num_redundant_experts"].get<long long>();
        }
        const long long ep = tp * dp;  // vLLM: EP = TP x DP
        if ((experts + redundant) % ep != 0)
          p.push_back(fmt::format("vLLM: (experts {} + redundant {}) not divisible by EP = TP x DP = {}", experts, redundant, ep));
      }
      if (has(c, "--eplb-config") && !has(c, "--enable-eplb")) p.push_back("vLLM: --eplb-config without --enable-eplb");
      if (auto local = int_flag(c, "--data-parallel-size-local"); local && *local > 0 && dp % *local != 0)
        p.push_back(fmt::format("vLLM: --data-parallel-size {} not a multiple of --data-parallel-size-local {}", dp, *local));
      if (has(c, "--headless") && !has(c, "--data-parallel-start-rank")) p.push_back("vLLM: --headless node without --data-parallel-start-rank");
      const long long pp = int_flag(c, "--pipeline-parallel-size").value_or(1);
      if (auto local = int_flag(c, "--data-parallel-size-local")) gpus_used = tp * pp * *local;
      else if (!has(c, "--distributed-executor-backend")) gpus_used = tp * pp * dp;  // one node holds the whole engine
      break;
    }
    case Engine::kSglang: {
      const long long tp = int_flag(c, "--tp-size").value_or(1), dp = int_flag(c, "--dp-size").value_or(1);
      const long long nnodes = int_flag(c, "--nnodes").value_or(1);
      // 0.4's --enable-ep-moe / --enable-deepep-moe set ep_size = tp_size.
      const bool ep_switch = has(c, "--enable-ep-moe") || has(c, "--enable-deepep-moe");
      const long long ep = ep_switch ? tp : int_flag(c, "--ep-size").value_or(1);
      if (ep_switch && has(c, "--ep-size") && int_flag(c, "--ep-size") != tp)
        p.push_back("SGLang: --enable-ep-moe / --enable-deepep-moe override --ep-size with tp_size");
      if (has(c, "--enable-dp-attention") && (dp <= 1 || tp % dp != 0))
        p.push_back(fmt::format("SGLang: DP attention needs dp > 1 and tp % dp == 0 (tp {}, dp {})", tp, dp));
      if (dp > 1 && nnodes > 1 && !has(c, "--enable-dp-attention")) p.push_back("SGLang: multi-node DP requires --enable-dp-attention");
      if (tp % ep != 0) p.push_back(fmt::format("SGLang: --tp-size {} not divisible by --ep-size {}", tp, ep));
      if (has(c, "--moe-a2a-backend") && c.flags.at("--moe-a2a-backend") == "deepep" && ep != tp)
        p.push_back(fmt::format("SGLang: DeepEP needs ep_size == tp_size (ep {}, tp {})", ep, tp));
      const long long redundant = int_flag(c, "--ep-num-redundant-experts").value_or(0);
      if (experts > 0 && ep > 1 && (experts + redundant) % ep != 0)
        p.push_back(fmt::format("SGLang: (experts {} + redundant {}) not divisible by --ep-size {}", experts, redundant, ep));
      if (redundant > 0 && !has(c, "--ep-dispatch-algorithm") && !has(c, "--init-expert-location") && !has(c, "--enable-eplb"))
        p.push_back("SGLang: redundant experts without --ep-dispatch-algorithm, --init-expert-location or --enable-eplb: tokens "
                    "would not reach the replicas");
      if (nnodes > 1 && (!has(c, "--node-rank") || !has(c, "--dist-init-addr"))) p.push_back("SGLang: --nnodes > 1 needs --node-rank and --dist-init-addr");
      // With DP attention the GPU count is tp_size; without it the DP replicas add theirs.
      const long long world = tp * int_flag(c, "--pp-size").value_or(1) * (has(c, "--enable-dp-attention") ? 1 : dp);
      if (world % nnodes != 0) p.push_back(fmt::format("SGLang: {} GPUs do not split over --nnodes {}", world, nnodes));
      else gpus_used = world / nnodes;
      break;
    }
    case Engine::kTrtllm: {
      if (!has(c, f.config_flag)) p.push_back("TensorRT-LLM: no " + f.config_flag + " options file");
      if (!config) {
        p.push_back("TensorRT-LLM: options file missing");
        break;
      }
      for (const auto& [key, value] : *config) {
        auto spec = f.config_keys.find(key);
        if (spec == f.config_keys.end()) p.push_back(fmt::format("TensorRT-LLM {}: unknown options key {} ({})", f.version, key, f.data_file));
        else if (auto problem = flag_value_problem(spec->second, value)) p.push_back(*problem);
      }
      const long long tp = int_key(*config, "tensor_parallel_size").value_or(1);
      const long long moe_ep = int_key(*config, "moe_expert_parallel_size").value_or(1);
      const long long moe_tp = int_key(*config, "moe_tensor_parallel_size").value_or(1);
      if (experts > 0 && moe_tp * moe_ep != tp)
        p.push_back(fmt::format("TensorRT-LLM: moe_tp {} x moe_ep {} != tp {} (Mapping)", moe_tp, moe_ep, tp));
      if (auto slots = int_key(*config, "moe_config.load_balancer.num_slots")) {
        if (*slots < experts) p.push_back(fmt::format("TensorRT-LLM: load_balancer.num_slots {} < experts {}", *slots, experts));
        if (*slots % moe_ep != 0) p.push_back(fmt::format("TensorRT-LLM: load_balancer.num_slots {} not divisible by EP {}", *slots, moe_ep));
        auto adp = config->find("enable_attention_dp");
        if (moe_ep <= 1 || adp == config->end() || adp->second != "true")
          p.push_back("TensorRT-LLM: the load balancer is honoured only with enable_attention_dp and EP > 1");
      }
      const long long world = tp * int_key(*config, "pipeline_parallel_size").value_or(1);
      auto np = std::find(c.prefix.begin(), c.prefix.end(), "-np");
      if (np != c.prefix.end() && np + 1 != c.prefix.end()) {
        if (as_int(*(np + 1)).value_or(world) != world)
          p.push_back(fmt::format("TensorRT-LLM: mpirun -np {} != tp x pp = {}", *(np + 1), world));
      } else {
        gpus_used = world;
      }
      break;
    }
  }
  if (gpus_per_node > 0 && gpus_used && *gpus_used != gpus_per_node)
    p.push_back(fmt::format("{}: the parallel sizes use {} GPUs of a node, which has {}", to_string(f.engine), *gpus_used, gpus_per_node));
  return p;
}

std::vector<std::string> check_export_files(const std::vector<ExportFile>& files, const EngineFlags& f, const ModelSpec& m,
                                            int gpus_per_node) {
  std::vector<std::string> problems;
  std::optional<std::map<std::string, std::string>> config;
  std::vector<std::pair<std::string, std::string>> scripts;  // file name, script text
  for (const auto& file : files) {
    try {
      if (is_options_file(file.name)) {
        config = flatten_yaml(YAML::Load(file.text));
      } else if (file.name.size() > 3 && file.name.substr(file.name.size() - 3) == ".sh") {
        scripts.push_back({file.name, file.text});
      } else if (file.name.size() > 5 && file.name.substr(file.name.size() - 5) == ".yaml") {
        for (const YAML::Node& doc : YAML::LoadAll(file.text)) {
          const std::string kind = doc["kind"] ? doc["kind"].as<std::string>() : "";
          if (kind == "ConfigMap" && doc["data"])
            for (const auto& item : doc["data"])
              if (is_options_file(item.first.as<std::string>())) config = flatten_yaml(YAML::Load(item.second.as<std::string>()));
          if (kind != "LeaderWorkerSet") continue;
          if (f.engine == Engine::kTrtllm)
            for (const auto& problem : check_trtllm_lws(doc, f)) problems.push_back(file.name + ": " + problem);
          const YAML::Node t = doc["spec"]["leaderWorkerTemplate"];
          for (const char* which : {"leaderTemplate", "workerTemplate"}) {
            if (!t[which]) continue;
            for (const auto& container : t[which]["spec"]["containers"])
              for (const auto& arg : container["args"]) scripts.push_back({file.name + " " + which, arg.as<std::string>()});
          }
        }
      }
    } catch (const YAML::Exception& e) {
      problems.push_back(file.name + ": not valid YAML: " + e.what());
    }
  }
  for (const auto& [name, text] : scripts) {
    const auto commands = parse_engine_commands(text, f);
    for (const auto& c : commands)
      for (const auto& problem : check_engine_rules(c, f, m, config ? &*config : nullptr, gpus_per_node)) problems.push_back(name + ": " + problem);
  }
  return problems;
}

}  // namespace moeplan

namespace moeplan {

namespace {

// The role a file of a disaggregated export belongs to, from its name.
std::string role_of(const std::string& name) {
  if (name.rfind("prefill-", 0) == 0) return "prefill";
  if (name.rfind("decode-", 0) == 0) return "decode";
  if (name.rfind("router.", 0) == 0 || name == "disagg_config.yaml") return "router";
  return "";
}

// Every bash script of a file: the file itself, or each container's args of its manifests.
std::vector<std::string> scripts_of(const ExportFile& file) {
  if (ends_with(file.name, ".sh")) return {file.text};
  std::vector<std::string> out;
  if (!ends_with(file.name, ".yaml")) return out;
  for (const YAML::Node& doc : YAML::LoadAll(file.text)) {
    const std::string kind = doc["kind"] ? doc["kind"].as<std::string>() : "";
    std::vector<YAML::Node> specs;
    if (kind == "LeaderWorkerSet")
      for (const char* which : {"leaderTemplate", "workerTemplate"})
        if (doc["spec"]["leaderWorkerTemplate"][which]) specs.push_back(doc["spec"]["leaderWorkerTemplate"][which]["spec"]);
    if (kind == "Deployment") specs.push_back(doc["spec"]["template"]["spec"]);
    for (const auto& spec : specs)
      for (const auto& container : spec["containers"])
        for (const auto& arg : container["args"]) out.push_back(arg.as<std::string>());
  }
  return out;
}

// A YAML file of the export by name, or the ConfigMap entry of that name.
std::optional<std::map<std::string, std::string>> yaml_file(const std::vector<ExportFile>& files, const std::string& name) {
  for (const auto& file : files) {
    if (file.name == name) return flatten_yaml(YAML::Load(file.text));
    if (!ends_with(file.name, ".yaml")) continue;
    for (const YAML::Node& doc : YAML::LoadAll(file.text))
      if (doc["kind"] && doc["kind"].as<std::string>() == "ConfigMap" && doc["data"] && doc["data"][name])
        return flatten_yaml(YAML::Load(doc["data"][name].as<std::string>()));
  }
  return std::nullopt;
}

// The number of entries of a YAML list at `path` (flatten_yaml writes "[list]").
size_t list_size(const std::vector<ExportFile>& files, const std::string& name, const std::string& path) {
  for (const auto& file : files) {
    auto count = [&](const YAML::Node& root) {
      YAML::Node n = root;
      size_t i = 0;
      while (i <= path.size()) {
        size_t j = path.find('.', i);
        if (j == std::string::npos) j = path.size();
        n = n[path.substr(i, j - i)];
        if (!n) return size_t{0};
        i = j + 1;
      }
      return n.IsSequence() ? n.size() : size_t{0};
    };
    if (file.name == name) return count(YAML::Load(file.text));
    if (!ends_with(file.name, ".yaml")) continue;
    for (const YAML::Node& doc : YAML::LoadAll(file.text))
      if (doc["kind"] && doc["kind"].as<std::string>() == "ConfigMap" && doc["data"] && doc["data"][name])
        return count(YAML::Load(doc["data"][name].as<std::string>()));
  }
  return 0;
}

std::optional<std::string> flag_value(const ParsedCommand& c, const std::string& flag) {
  auto it = c.flags.find(flag);
  return it == c.flags.end() ? std::nullopt : std::optional<std::string>(it->second);
}

}  // namespace

RouterCommand parse_router_command(const std::string& script, const EngineFlags& f) {
  RouterCommand out;
  if (!f.disaggregation) return out;
  const RouterSpec& r = f.disaggregation->router;
  for (const auto& words : shell_command_lines(script)) {
    size_t at = words.size();
    for (size_t i = 0; i + r.entry.size() <= words.size(); ++i)
      if (std::equal(r.entry.begin(), r.entry.end(), words.begin() + static_cast<long>(i))) { at = i; break; }
    if (at == words.size()) continue;
    size_t k = at + r.entry.size();
    if (!r.script.empty()) {
      // The entry runs a script: the next word must be it.
      if (k >= words.size() || !ends_with(words[k], "/" + r.script)) continue;
      ++k;
    }
    out.found = true;
    std::string flag;
    for (; k < words.size(); ++k) {
      const std::string& w = words[k];
      if (w.rfind("-", 0) == 0 && !std::isdigit(static_cast<unsigned char>(w.size() > 1 ? w[1] : '0'))) {
        flag = w;
        out.flags[flag].push_back({});
        if (!r.flags.count(flag))
          out.problems.push_back(fmt::format("{} {}: the router has no flag {} ({})", to_string(f.engine), f.version, flag, f.data_file));
        continue;
      }
      if (flag.empty()) {
        out.problems.push_back("router: unexpected argument '" + w + "'");
        continue;
      }
      out.flags[flag].back().push_back(w);
      auto spec = r.flags.find(flag);
      if (spec != r.flags.end())
        if (auto problem = flag_value_problem(spec->second, w)) out.problems.push_back("router: " + *problem);
    }
    for (const auto& [name, uses] : out.flags) {
      auto spec = r.flags.find(name);
      if (spec == r.flags.end()) continue;
      for (const auto& values : uses)
        if (spec->second.type != FlagType::kFlag && values.empty()) out.problems.push_back("router: " + name + ": missing value");
    }
    break;
  }
  return out;
}

std::vector<std::string> check_disaggregated_files(const std::vector<ExportFile>& files, const EngineFlags& f, const ModelSpec& m,
                                                   const std::map<std::string, PoolShape>& pools) {
  std::vector<std::string> p;
  if (!f.disaggregation) return {fmt::format("{} {}: no disaggregated serving in {}", to_string(f.engine), f.version, f.data_file)};
  const DisaggregationSpec& d = *f.disaggregation;
  std::map<std::string, std::vector<ExportFile>> by_role;
  for (const auto& file : files) by_role[role_of(file.name)].push_back(file);
  std::map<std::string, std::vector<ParsedCommand>> commands;
  std::map<std::string, std::optional<std::map<std::string, std::string>>> configs;
  for (const std::string role : {"prefill", "decode"}) {
    const auto shape = pools.count(role) ? pools.at(role) : PoolShape{};
    if (!by_role.count(role)) {
      p.push_back("no files of the " + role + " pool");
      continue;
    }
    for (const auto& problem : check_export_files(by_role[role], f, m, shape.gpus_per_node)) p.push_back(role + " pool: " + problem);
    try {
      for (const auto& file : by_role[role])
        for (const auto& script : scripts_of(file))
          for (const auto& c : parse_engine_commands(script, f)) commands[role].push_back(c);
      configs[role] = yaml_file(files, role + "-config.yaml");
    } catch (const YAML::Exception& e) {
      p.push_back(role + " pool: not valid YAML: " + e.what());
    }
    if (commands[role].empty()) p.push_back("no engine command in the " + role + " pool's files");
  }
  // The pair: each command of a pool carries that pool's role and the shared backend.
  for (const std::string role : {"prefill", "decode"}) {
    const std::string want = role == "prefill" ? d.prefill_role : d.decode_role;
    for (const ParsedCommand& c : commands[role]) {
      switch (f.engine) {
        case Engine::kSglang: {
          if (flag_value(c, "--disaggregation-mode") != want)
            p.push_back(fmt::format("SGLang: the {} pool needs --disaggregation-mode {}", role, want));
          if (flag_value(c, "--disaggregation-transfer-backend") != d.transfer_backend)
            p.push_back(fmt::format("SGLang: the {} pool's --disaggregation-transfer-backend is not {}, the other pool's", role,
                                    d.transfer_backend));
          if (role == "prefill" && !commands["decode"].empty()) {
            const ParsedCommand& dc = commands["decode"].front();
            const std::string decode_tp = flag_value(dc, "--tp-size").value_or("1");
            const std::string decode_dp = has(dc, "--enable-dp-attention") ? flag_value(dc, "--dp-size").value_or("1") : "1";
            const std::string own_dp = has(c, "--enable-dp-attention") ? flag_value(c, "--dp-size").value_or("1") : "1";
            if (flag_value(c, "--disaggregation-decode-tp").value_or(flag_value(c, "--tp-size").value_or("1")) != decode_tp)
              p.push_back("SGLang: the prefill's --disaggregation-decode-tp (default its own --tp-size) is not the decode's --tp-size " + decode_tp);
            if (flag_value(c, "--disaggregation-decode-dp").value_or(own_dp) != decode_dp)
              p.push_back("SGLang: the prefill's --disaggregation-decode-dp (default its own DP) is not the decode's DP " + decode_dp);
          }
          if (role == "decode" && !commands["prefill"].empty()) {
            const std::string prefill_pp = flag_value(commands["prefill"].front(), "--pp-size").value_or("1");
            if (flag_value(c, "--disaggregation-prefill-pp").value_or("1") != prefill_pp)
              p.push_back("SGLang: the decode's --disaggregation-prefill-pp (default 1) is not the prefill's --pp-size " + prefill_pp);
          }
          break;
        }
        case Engine::kVllm: {
          auto j = nlohmann::json::parse(flag_value(c, "--kv-transfer-config").value_or(""), nullptr, false);
          if (!j.is_object()) {
            p.push_back("vLLM: the " + role + " pool has no --kv-transfer-config");
            break;
          }
          if (j.value("kv_connector", "") != d.transfer_backend)
            p.push_back(fmt::format("vLLM: the {} pool's kv_connector is not {}", role, d.transfer_backend));
          const std::string kv_role = j.value("kv_role", "");
          const bool ok = role == "prefill" ? (kv_role == "kv_producer" || kv_role == "kv_both")
                                            : (kv_role == "kv_consumer" || kv_role == "kv_both");
          if (!ok) p.push_back(fmt::format("vLLM: kv_role '{}' cannot {} KV (vllm/config/kv_transfer.py)", kv_role,
                                           role == "prefill" ? "produce" : "consume"));
          if (!c.env.count("VLLM_NIXL_SIDE_CHANNEL_HOST"))
            p.push_back("vLLM: the " + role + " pool does not set VLLM_NIXL_SIDE_CHANNEL_HOST (it defaults to localhost)");
          break;
        }
        case Engine::kTrtllm: {
          const auto& cfg = configs[role];
          if (!cfg) {
            p.push_back("TensorRT-LLM: no options file of the " + role + " pool");
            break;
          }
          auto backend = cfg->find("cache_transceiver_config.backend");
          if (backend == cfg->end() || backend->second != d.transfer_backend)
            p.push_back(fmt::format("TensorRT-LLM: the {} pool's cache_transceiver_config.backend is not {}", role, d.transfer_backend));
          auto overlap = cfg->find("disable_overlap_scheduler");
          if (role == "prefill" && (overlap == cfg->end() || overlap->second != "true"))
            p.push_back("TensorRT-LLM: context servers need disable_overlap_scheduler: true (disagg-serving.md)");
          break;
        }
      }
    }
  }
  // The router: its flags, and an entry for every instance.
  std::optional<RouterCommand> router;
  try {
    for (const auto& file : by_role["router"])
      for (const auto& script : scripts_of(file)) {
        RouterCommand r = parse_router_command(script, f);
        if (r.found) router = r;
      }
  } catch (const YAML::Exception& e) {
    p.push_back(std::string("router: not valid YAML: ") + e.what());
  }
  if (!router) {
    p.push_back("no router command (" + fmt::format("{}", fmt::join(d.router.entry, " ")) + ")");
    return p;
  }
  p.insert(p.end(), router->problems.begin(), router->problems.end());
  const int prefill_instances = pools.count("prefill") ? pools.at("prefill").instances : 1;
  const int decode_instances = pools.count("decode") ? pools.at("decode").instances : 1;
  auto uses = [&](const std::string& flag) {
    auto it = router->flags.find(flag);
    return it == router->flags.end() ? std::vector<std::vector<std::string>>{} : it->second;
  };
  auto values = [&](const std::string& flag) {
    std::vector<std::string> all;
    for (const auto& use : uses(flag)) all.insert(all.end(), use.begin(), use.end());
    return all;
  };
  switch (f.engine) {
    case Engine::kSglang: {
      const std::string boot = std::to_string(d.bootstrap_port);
      if (d.router.flags.count("--pd-disaggregation") && uses("--pd-disaggregation").empty())
        p.push_back("SGLang router: --pd-disaggregation missing");
      std::vector<std::string> prefill_urls, bootstrap_ports;
      if (d.router.repeat_lists) {
        for (const auto& use : uses("--prefill")) {
          if (!use.empty()) prefill_urls.push_back(use[0]);
          // The bootstrap port follows the URL (default 8998 when absent).
          bootstrap_ports.push_back(use.size() > 1 ? use[1] : "8998");
        }
      } else {
        prefill_urls = values("--prefill");
        bootstrap_ports = values("--prefill-bootstrap-ports");
        if (bootstrap_ports.size() == 1) bootstrap_ports.resize(prefill_urls.size(), bootstrap_ports[0]);
      }
      const size_t decodes = d.router.repeat_lists ? uses("--decode").size() : values("--decode").size();
      if (static_cast<int>(prefill_urls.size()) != prefill_instances || static_cast<int>(decodes) != decode_instances)
        p.push_back(fmt::format("SGLang router: {} prefill and {} decode URLs for {} and {} instances", prefill_urls.size(), decodes,
                                prefill_instances, decode_instances));
      const std::string served = commands["prefill"].empty() ? boot
                                 : flag_value(commands["prefill"].front(), "--disaggregation-bootstrap-port").value_or("8998");
      for (const auto& port : bootstrap_ports)
        if (port != served) p.push_back("SGLang router: bootstrap port " + port + " is not the prefill's " + served);
      break;
    }
    case Engine::kVllm: {
      for (const std::string who : {"prefiller", "decoder"}) {
        const size_t hosts = values("--" + who + "-hosts").size(), ports = values("--" + who + "-ports").size();
        const int want = who == "prefiller" ? prefill_instances : decode_instances;
        if (hosts != ports) p.push_back(fmt::format("vLLM proxy: {} {} hosts but {} ports", hosts, who, ports));
        if (static_cast<int>(hosts) != want) p.push_back(fmt::format("vLLM proxy: {} {} hosts for {} instances", hosts, who, want));
      }
      break;
    }
    case Engine::kTrtllm: {
      if (uses(d.router.config_flag).empty()) p.push_back("TensorRT-LLM front end: no " + d.router.config_flag + " configuration file");
      const auto cfg = yaml_file(files, "disagg_config.yaml");
      if (!cfg) {
        p.push_back("TensorRT-LLM front end: disagg_config.yaml missing");
        break;
      }
      for (const auto& [key, value] : *cfg) {
        auto spec = d.router.config_keys.find(key);
        if (spec == d.router.config_keys.end()) p.push_back("TensorRT-LLM front end: unknown key " + key + " in disagg_config.yaml");
        else if (value != "[list]")
          if (auto problem = flag_value_problem(spec->second, value)) p.push_back("disagg_config.yaml: " + *problem);
      }
      for (const auto& [servers, want] : {std::pair<std::string, int>{"context_servers", prefill_instances},
                                          std::pair<std::string, int>{"generation_servers", decode_instances}}) {
        const size_t urls = list_size(files, "disagg_config.yaml", servers + ".urls");
        auto n = cfg->find(servers + ".num_instances");
        if (n == cfg->end() || n->second != std::to_string(want) || static_cast<int>(urls) != want)
          p.push_back(fmt::format("TensorRT-LLM front end: {} has {} URLs and num_instances {} for {} instances", servers, urls,
                                  n == cfg->end() ? "(none)" : n->second, want));
      }
      break;
    }
  }
  return p;
}

std::vector<std::string> check_launch_files(const std::vector<ExportFile>& files, const Launch& l) {
  if (l.options.target == ExportTarget::kDynamo) {
    std::map<std::string, DynamoShape> services;
    for (const auto& pool : l.pools) services[dynamo_service_name(pool)] = {pool.gpus_per_node, pool.nodes, pool.instances};
    return check_dynamo_files(files, dynamo_spec(), *l.flags, l.scenario->model, services);
  }
  if (!l.deployment) return check_export_files(files, *l.flags, l.scenario->model, l.pools.front().gpus_per_node);
  std::map<std::string, PoolShape> pools;
  for (const auto& pool : l.pools) pools[pool.role] = {pool.gpus_per_node, pool.instances};
  return check_disaggregated_files(files, *l.flags, l.scenario->model, pools);
}

}  // namespace moeplan
