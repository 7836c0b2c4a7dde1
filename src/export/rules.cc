#include "export/rules.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <functional>

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

bool is_assignment(const std::string& w) {
  const size_t eq = w.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  for (size_t i = 0; i < eq; ++i)
    if (!(std::isalnum(static_cast<unsigned char>(w[i])) || w[i] == '_')) return false;
  return !std::isdigit(static_cast<unsigned char>(w[0]));
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
    if (n.IsMap()) {
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
      if (file.name == "config.yaml") {
        config = flatten_yaml(YAML::Load(file.text));
      } else if (file.name.size() > 3 && file.name.substr(file.name.size() - 3) == ".sh") {
        scripts.push_back({file.name, file.text});
      } else if (file.name.size() > 5 && file.name.substr(file.name.size() - 5) == ".yaml") {
        for (const YAML::Node& doc : YAML::LoadAll(file.text)) {
          const std::string kind = doc["kind"] ? doc["kind"].as<std::string>() : "";
          if (kind == "ConfigMap" && doc["data"] && doc["data"]["config.yaml"])
            config = flatten_yaml(YAML::Load(doc["data"]["config.yaml"].as<std::string>()));
          if (kind != "LeaderWorkerSet") continue;
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
