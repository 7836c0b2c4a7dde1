#include "export/launch.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "model/engine_batch.h"
#include "placement/placement_json.h"
#include "spec/error.h"
#include "spec/model_loader.h"
#include "spec/serving_config.h"

namespace moeplan {

namespace {

// Whether each decoder layer is a MoE layer (the placement's layers fill those in order).
std::vector<bool> moe_layers(const ModelSpec& m) {
  std::vector<bool> out;
  for (int64_t layer = 0; layer < m.num_layers; ++layer) out.push_back(m.is_moe_layer(layer));
  return out;
}

// Ports the engines' own multi-node examples use (any free port works):
// vLLM's EP guide --data-parallel-rpc-port 13345, SGLang's --dist-init-addr
// IP:5000 (pd_disaggregation.md, DeepSeek multi-node), Ray's default 6379.
constexpr int kVllmDpRpcPort = 13345;
constexpr int kSglangDistInitPort = 5000;
constexpr int kRayPort = 6379;
// TensorRT-LLM rounds max_num_tokens to its KV block of 32 tokens
// (kv_cache_config.tokens_per_block default; AIConfigurator's trtllm rule).
constexpr int kTrtllmTokensPerBlock = 32;
constexpr size_t kMaxK8sNameChars = 40;  // room for LWS's own suffixes under 63
// The SSH server of a multi-node TensorRT-LLM instance's worker pods (Dynamo's operator uses 2222).
constexpr int kMpiSshPort = 2222;

// Which node a command is for. Shell scripts get concrete ranks; LWS pods get
// the leader (rank 0) and one worker template whose rank comes from LWS_WORKER_INDEX.
struct NodeRef {
  bool pod = false;
  int rank = 0;
  std::string head() const { return pod ? "${LWS_LEADER_ADDRESS}" : "${HEAD_ADDR}"; }
  // This node's own address (where a KV side channel listens): the pod's IP
  // from the downward API, or NODE_ADDR the script asks for.
  std::string self() const { return pod ? "${POD_IP}" : "${NODE_ADDR}"; }
  std::string rank_text() const { return pod && rank > 0 ? "${LWS_WORKER_INDEX}" : std::to_string(rank); }
  std::string times(int m) const {
    return pod && rank > 0 ? fmt::format("$((LWS_WORKER_INDEX * {}))", m) : std::to_string(rank * m);
  }
  std::string files_dir() const { return pod ? kPodFilesDir : kShellFilesDir; }
};

std::string num(double v) { return fmt::format("{:g}", v); }

// Collects one pool's settings and commands for one engine version. `other`:
// the other pool of a disaggregated deployment (nullptr when aggregated).
struct Builder {
  Builder(const PoolInput& in, const EngineFlags& f, Launch& out, const PoolInput* other = nullptr)
      : in(in), flags(f), out(out), other(other) {}

  // Records a setting; the key must exist at this version with a valid value,
  // else the plan cannot be expressed and the reason says which.
  void set(const std::string& quantity, const std::string& plan_value, const std::string& key, const std::string& value,
           const std::string& why = "") {
    require_known(key, value, quantity);
    pool().settings.push_back({quantity, plan_value, key, value, why});
  }

  void require_known(const std::string& key, const std::string& value, const std::string& quantity) const {
    const FlagSpec* spec = lookup(key);
    if (!spec)
      throw InputError(fmt::format("{}: {} {} has no {} to carry it ({}); this plan cannot be exported to that version",
                                   quantity, to_string(flags.engine), flags.version, key, flags.data_file));
    if (auto problem = flag_value_problem(*spec, value))
      throw InputError(fmt::format("{}: {} {} cannot take it: {}", quantity, to_string(flags.engine), flags.version, *problem));
  }

  const FlagSpec* lookup(const std::string& key) const {
    auto find = [](const std::map<std::string, FlagSpec>& m, const std::string& k) -> const FlagSpec* {
      auto it = m.find(k);
      return it == m.end() ? nullptr : &it->second;
    };
    if (key.rfind("env ", 0) == 0) return find(flags.env, key.substr(4));
    if (key.rfind("config ", 0) == 0) return find(flags.config_keys, key.substr(7));
    return find(flags.flags, key);
  }

  [[noreturn]] void refuse(const std::string& quantity, const std::string& reason) const {
    throw InputError(fmt::format("{}: {} {} cannot express it: {} ({}strategy {})", quantity, to_string(flags.engine),
                                 flags.version, reason, disaggregated() ? in.role + " pool, " : "", in.strategy.label()));
  }

  bool disaggregated() const { return other != nullptr; }
  // A note for the header; a pool's own says which pool.
  void note(const std::string& text) { out.notes.push_back(disaggregated() ? in.role + " pool: " + text : text); }
  // A data file of this pool: "config.yaml", or "prefill-config.yaml" in a deployment.
  std::string file_name(const std::string& base) const { return out.pools.back().file_prefix + base; }

  PoolLaunch& pool() { return out.pools.back(); }

  // The settings keyed by flags and env, in order, as a command for one node.
  Command common_command(const std::vector<std::string>& program) {
    Command c;
    c.program = program;
    for (const auto& s : pool().settings) {
      if (s.key.rfind("env ", 0) == 0) c.env.push_back({s.key.substr(4), s.value});
      else if (s.key.rfind("--", 0) == 0) c.args.push_back({s.key, s.value, {}});
    }
    return c;
  }

  // Adds a per-node flag (checked like a setting, not listed per node in --explain).
  void add_arg(Command& c, const std::string& flag, const std::string& value) {
    require_known(flag, value, "multi-node wiring");
    c.args.push_back({flag, value, {}});
  }

  std::vector<std::string> program() const {
    std::vector<std::string> prog = flags.entry;
    if (flags.model_flag.empty()) prog.push_back(out.model_path);
    return prog;
  }

  const PoolInput& in;
  const EngineFlags& flags;
  Launch& out;
  const PoolInput* other;
};

// KV-cache dtype as the engine spells it: `auto` when it is the activation
// dtype (the engine's default follows the checkpoint), else the data file's
// spelling; a dtype the version has no spelling for cannot be expressed.
std::string kv_dtype_value(const Builder& b, const Scenario& sc) {
  const DType kv = sc.model.kv_cache_dtype;
  if (kv == sc.runtime.activation_dtype) return "auto";
  auto it = b.flags.kv_cache_dtype.find(to_string(kv));
  if (it == b.flags.kv_cache_dtype.end())
    b.refuse("KV-cache dtype", "no spelling for a " + to_string(kv) + " KV cache with " + to_string(sc.runtime.activation_dtype) +
                                   " activations in " + b.flags.data_file);
  return it->second;
}

// The Hugging Face model_type. A scenario written back by moeplan (a plan
// document's front matter) carries the preset's fields but not this one, so
// the preset of the same name answers then.
std::string architecture(const ModelSpec& m) {
  if (!m.architecture.empty()) return m.architecture;
  for (const auto& name : model_preset_names())
    if (name == m.name) return load_model_preset(name, "").architecture;
  return "";
}

bool is_deepseek(const ModelSpec& m) { return architecture(m).rfind("deepseek", 0) == 0; }

struct Topology {
  int gpus = 0;
  int gpus_per_node = 0;
  int nodes = 1;
};

// `instances` > 1: the plan's DP replicas of a dense model run as separate
// engine instances of TP x PP GPUs each (LWS replicas).
Topology topology(Builder& b, int instances = 1) {
  const Scenario& sc = *b.in.scenario;
  Topology t;
  // The strategy's own instances (issue 10) multiply the replicas.
  t.gpus = b.in.strategy.gpus_per_instance() / instances;
  b.pool().instances = instances * b.in.strategy.instances;
  t.gpus_per_node = std::min(sc.cluster.gpus_per_node > 0 ? sc.cluster.gpus_per_node : t.gpus, t.gpus);
  if (t.gpus % t.gpus_per_node != 0)
    b.refuse("GPUs per node", fmt::format("{} GPUs do not fill whole nodes of {}", t.gpus, t.gpus_per_node));
  t.nodes = t.gpus / t.gpus_per_node;
  b.pool().nodes = t.nodes;
  b.pool().gpus_per_node = t.gpus_per_node;
  return t;
}

// Common quantities every engine sets.
struct Common {
  int per_rank = 0;       // requests in flight per DP rank; 0 = left to the engine
  int64_t chunk = 0;      // prefill tokens per forward pass per DP rank
  int64_t max_len = 0;    // input + output tokens
  int redundant = 0;      // redundant expert slots per MoE layer
  std::string kv_dtype;
};

Common common(const Builder& b) {
  const Scenario& sc = *b.in.scenario;
  Common c;
  c.per_rank = b.in.requests_per_dp_rank;
  c.chunk = batch_limits(sc, b.in.strategy).token_budget;
  c.max_len = sc.workload.input_tokens + sc.workload.output_tokens;
  c.redundant = b.in.redundant_per_layer;
  c.kv_dtype = kv_dtype_value(b, sc);
  return c;
}

// The share of a request's time spent in prefill decides which DeepEP mode
// suits an aggregated instance (vLLM EP guide: high-throughput for
// prefill-dominated, low-latency for decode-dominated workloads).
bool prefill_dominated(const Plan& p) {
  const double prefill = p.performance.prefill_latency_s;
  const double decode = p.performance.tpot_s * static_cast<double>(p.scenario->workload.output_tokens);
  return prefill > decode;
}

void build_vllm(Builder& b) {
  const PoolInput& p = b.in;
  const Scenario& sc = *p.scenario;
  const Strategy& s = p.strategy;
  const ModelSpec& m = sc.model;
  const Topology topo = topology(b);
  const Common c = common(b);
  const int rank_gpus = s.tp * s.pp;  // GPUs of one DP rank (one engine core)

  enum class Mode { kSingle, kDp, kRay } mode = Mode::kSingle;
  int dp_local = s.dp;
  if (topo.nodes > 1) {
    if (topo.gpus_per_node % rank_gpus == 0) {
      mode = Mode::kDp;
      dp_local = topo.gpus_per_node / rank_gpus;
    } else if (s.dp == 1 && rank_gpus % topo.gpus_per_node == 0) {
      mode = Mode::kRay;
    } else {
      b.refuse("data parallelism across nodes",
               fmt::format("a DP rank of TP {} x PP {} = {} GPUs neither fits in a node of {} nor is alone (DP {})", s.tp, s.pp,
                           rank_gpus, topo.gpus_per_node, s.dp));
    }
  }
  if (m.is_moe() && s.ep > 1 && s.etp > 1)
    b.refuse("expert TP", fmt::format("vLLM's --enable-expert-parallel makes EP = TP x DP = {} with expert TP 1; EP {} x ETP {} "
                                      "has no vLLM spelling", s.tp * s.dp, s.ep, s.etp));

  const std::string tpdp = fmt::format("TP {} x DP {}", s.tp, s.dp);
  b.set("tensor parallelism (attention and dense layers)", std::to_string(s.tp), "--tensor-parallel-size", std::to_string(s.tp));
  b.set("pipeline parallelism", std::to_string(s.pp), "--pipeline-parallel-size", std::to_string(s.pp));
  b.set("data parallelism (attention DP ranks)", std::to_string(s.dp), "--data-parallel-size", std::to_string(s.dp),
        "one engine core per DP rank; MoE layers are sharded over TP x DP");
  if (!s.layers_per_stage.empty()) {
    std::string parts;
    for (int l : s.layers_per_stage) parts += (parts.empty() ? "" : ",") + std::to_string(l);
    b.set("decoder layers per pipeline stage", parts, "env VLLM_PP_LAYER_PARTITION", parts);
  }
  if (m.is_moe()) {
    if (s.ep > 1) {
      b.set("expert parallelism", fmt::format("EP {} = {}", s.ep, tpdp), "--enable-expert-parallel", "",
            "vLLM derives EP = TP x DP");
      // DeepEP when the EP group crosses nodes, and for dual-batch overlap, which
      // overlaps DeepEP's all-to-all with compute.
      if (topo.nodes > 1 || sc.runtime.two_batch_overlap) {
        const std::string backend = p.prefill_heavy ? "deepep_high_throughput" : "deepep_low_latency";
        const std::string where = topo.nodes > 1 ? fmt::format("EP group spans {} nodes", topo.nodes) : "dual-batch overlap";
        const std::string why = where + "; " + p.prefill_heavy_why;
        if (b.flags.has_flag("--all2all-backend")) b.set("all-to-all backend", "DeepEP", "--all2all-backend", backend, why);
        else b.set("all-to-all backend", "DeepEP", "env VLLM_ALL2ALL_BACKEND", backend, why);
      }
      if (m.expert_dtype == DType::kFp8 && b.flags.has_env("VLLM_USE_DEEP_GEMM"))
        b.set("fp8 expert GEMMs", "fp8 experts", "env VLLM_USE_DEEP_GEMM", "1", "DeepGEMM kernels for block-scaled fp8, as vLLM's EP guide sets");
    }
    if (p.placement)
      b.note("vLLM starts from its own linear expert layout and rebalances at run time (EPLB); moeplan's " +
             algorithm_name(p.placement->algorithm) + " placement is not loaded");
    if (c.redundant > 0) {
      const auto& archs = b.flags.eplb_architectures;
      const std::string arch = architecture(m);
      if (!archs.empty() && std::find(archs.begin(), archs.end(), arch) == archs.end())
        b.refuse("redundant experts", "EPLB supports only " + archs.front() + " models at this version, not '" + arch + "'");
      b.set("redundant experts", fmt::format("{} slots per MoE layer", c.redundant), "--enable-eplb", "");
      b.set("redundant experts", fmt::format("{} slots per MoE layer", c.redundant), "--eplb-config",
            nlohmann::json{{"num_redundant_experts", c.redundant}}.dump(),
            fmt::format("(E + R) / EP = ({} + {}) / {} slots per GPU; vLLM's EPLB then rebalances at run time from its own statistics",
                        m.num_experts, c.redundant, s.ep));
    }
  }
  if (sc.runtime.two_batch_overlap && m.is_moe() && s.ep > 1)
    b.set("two-batch overlap", "on", "--enable-dbo", "", "vLLM's dual-batch overlap");
  else if (sc.runtime.two_batch_overlap)
    b.note("the plan assumes two-batch overlap, which vLLM's --enable-dbo gives only with expert parallelism; not set");
  b.set("memory fraction", num(sc.runtime.memory_fraction), "--gpu-memory-utilization", num(sc.runtime.memory_fraction),
        "a fraction of total GPU memory, as the plan's memory model assumed");
  b.set("KV-cache dtype", to_string(m.kv_cache_dtype), "--kv-cache-dtype", c.kv_dtype);
  if (c.per_rank > 0)
    b.set("requests in flight per DP rank", std::to_string(c.per_rank), "--max-num-seqs", std::to_string(c.per_rank),
          fmt::format("per engine core; {} over the {}", p.requests_in_flight, b.disaggregated() ? "pool" : "deployment"));
  const int64_t budget = std::max<int64_t>(c.chunk, c.per_rank);
  b.set("prefill chunk (tokens per step per DP rank)", std::to_string(c.chunk), "--max-num-batched-tokens", std::to_string(budget),
        budget > c.chunk ? "raised to --max-num-seqs: vLLM requires max_num_batched_tokens >= max_num_seqs" : "");
  b.set("context (input + output tokens)", std::to_string(c.max_len), "--max-model-len", std::to_string(c.max_len));
  if (is_deepseek(m)) b.set("checkpoint code", architecture(m), "--trust-remote-code", "");
  b.set("serving port", std::to_string(b.flags.port), "--port", std::to_string(b.flags.port));
  if (b.disaggregated()) {
    const DisaggregationSpec& d = *b.flags.disaggregation;
    const std::string role = p.role == "prefill" ? d.prefill_role : d.decode_role;
    b.set("KV transfer (connector, role)", fmt::format("{} pool", p.role), "--kv-transfer-config",
          nlohmann::json{{"kv_connector", d.transfer_backend}, {"kv_role", role}}.dump(),
          fmt::format("the {} moves the prompt's KV from prefill to decode instances; kv_role {} (vllm/config/kv_transfer.py)",
                      d.transfer_backend, role));
    b.set("KV side-channel address", "this node", "env VLLM_NIXL_SIDE_CHANNEL_HOST", "${NODE_ADDR}",
          "the address the other pool reaches this node's NIXL handshake on (POD_IP on Kubernetes)");
  }

  PoolLaunch& pool = b.pool();
  if (mode == Mode::kDp) {
    b.set("DP ranks per node", fmt::format("{} GPUs per node / (TP {} x PP {})", topo.gpus_per_node, s.tp, s.pp),
          "--data-parallel-size-local", std::to_string(dp_local));
    b.set("head node address", "node 0", "--data-parallel-address", "${HEAD_ADDR}", "LWS_LEADER_ADDRESS on Kubernetes");
    b.set("DP RPC port", std::to_string(kVllmDpRpcPort), "--data-parallel-rpc-port", std::to_string(kVllmDpRpcPort));
  }
  auto node_launch = [&](const NodeRef& n) {
    NodeLaunch nl;
    Command cmd = b.common_command(b.program());
    for (auto& [name, value] : cmd.env)
      if (value == "${NODE_ADDR}") value = n.self();
    if (mode == Mode::kDp) {
      for (auto& a : cmd.args)
        if (a.flag == "--data-parallel-address") a.value = n.head();
      if (n.rank == 0) {
        if (dp_local > 1) b.add_arg(cmd, "--api-server-count", std::to_string(dp_local));
        nl.title = fmt::format("node 0 (API server, DP ranks 0-{})", dp_local - 1);
      } else {
        b.add_arg(cmd, "--data-parallel-start-rank", n.times(dp_local));
        b.add_arg(cmd, "--headless", "");
        nl.title = n.pod ? "worker pods (headless DP ranks from LWS_WORKER_INDEX)"
                         : fmt::format("node {} (headless, DP ranks {}-{})", n.rank, n.rank * dp_local, (n.rank + 1) * dp_local - 1);
      }
    } else if (mode == Mode::kRay) {
      if (n.rank == 0) {
        nl.commands.push_back({{}, {"ray", "start", "--head", fmt::format("--port={}", kRayPort)}, {}, {}});
        b.add_arg(cmd, "--distributed-executor-backend", "ray");
        nl.title = "node 0 (Ray head and API server)";
      } else {
        nl.commands.push_back({{}, {"ray", "start", "--block", fmt::format("--address={}:{}", n.head(), kRayPort)}, {}, {}});
        nl.title = n.pod ? "worker pods (Ray workers)" : fmt::format("node {} (Ray worker)", n.rank);
        return nl;
      }
    } else {
      nl.title = "node 0";
    }
    nl.commands.push_back(cmd);
    return nl;
  };
  for (int r = 0; r < topo.nodes; ++r) pool.shell_nodes.push_back(node_launch({false, r}));
  pool.k8s_pods.push_back(node_launch({true, 0}));
  if (topo.nodes > 1) pool.k8s_pods.push_back(node_launch({true, 1}));
}

// GPUs of a stage as SGLang counts them in --tp-size, and its attention DP.
int sglang_tp_size(const PoolInput& p) {
  const bool dp_attention = p.scenario->model.is_moe() && p.strategy.dp > 1;
  return dp_attention ? p.strategy.tp * p.strategy.dp : p.strategy.tp;
}

// A pool of SGLang's PD disaggregation: its role, the transfer backend, the
// prefill's bootstrap server, and the other pool's layout where it differs
// (server_args.py: --disaggregation-decode-tp/-dp on the prefill server,
// --disaggregation-prefill-pp on the decode server).
void sglang_disaggregation(Builder& b, int tp_size, bool dp_attention) {
  const DisaggregationSpec& d = *b.flags.disaggregation;
  const PoolInput& p = b.in;
  const PoolInput& o = *b.other;
  const bool prefill = p.role == "prefill";
  const std::string backend = b.out.options.transfer_backend.empty() ? d.transfer_backend : b.out.options.transfer_backend;
  b.set("serving role", p.role + " pool", "--disaggregation-mode", prefill ? d.prefill_role : d.decode_role,
        "a " + p.role + "-only server");
  b.set("KV transfer backend", backend, "--disaggregation-transfer-backend", backend,
        "the same on both pools: the decode instance pulls the prompt's KV over RDMA");
  if (prefill) {
    b.set("bootstrap port", std::to_string(d.bootstrap_port), "--disaggregation-bootstrap-port", std::to_string(d.bootstrap_port),
          "where decode instances meet this prefill instance; the router names it beside the URL");
    const int other_tp = sglang_tp_size(o);
    const bool other_dp_attention = o.scenario->model.is_moe() && o.strategy.dp > 1;
    if (other_tp != tp_size)
      b.set("decode pool's --tp-size", std::to_string(other_tp), "--disaggregation-decode-tp", std::to_string(other_tp),
            fmt::format("prefill {} vs decode {} GPUs per stage: the KV is resharded on transfer (default: the prefill's own)",
                        tp_size, other_tp));
    const int own_dp = dp_attention ? p.strategy.dp : 1, other_dp = other_dp_attention ? o.strategy.dp : 1;
    if (other_dp != own_dp)
      b.set("decode pool's --dp-size", std::to_string(other_dp), "--disaggregation-decode-dp", std::to_string(other_dp),
            fmt::format("prefill {} vs decode {} attention DP ranks", own_dp, other_dp));
  } else if (o.strategy.pp > 1) {
    b.set("prefill pool's --pp-size", std::to_string(o.strategy.pp), "--disaggregation-prefill-pp", std::to_string(o.strategy.pp),
          "the prefill instances' pipeline stages send their layers' KV");
  }
}

void build_sglang(Builder& b) {
  const PoolInput& p = b.in;
  const Scenario& sc = *p.scenario;
  const Strategy& s = p.strategy;
  const ModelSpec& m = sc.model;
  // SGLang's own DP of a dense model (replicas behind one server) stays in one
  // node; across nodes the replicas become separate instances.
  const int node_gpus = sc.cluster.gpus_per_node > 0 ? sc.cluster.gpus_per_node : s.gpus_per_instance();
  const bool replicas = !m.is_moe() && s.dp > 1 && s.gpus_per_instance() > node_gpus;
  const Topology topo = topology(b, replicas ? s.dp : 1);
  const Common c = common(b);
  if (!s.layers_per_stage.empty()) b.refuse("decoder layers per pipeline stage", "SGLang splits the layers itself; drop layers_per_stage");
  const bool dp_attention = m.is_moe() && s.dp > 1;
  const int tp_size = dp_attention ? s.tp * s.dp : s.tp;
  b.set(dp_attention ? "GPUs of a stage (attention TP x DP)" : "tensor parallelism", dp_attention ? fmt::format("{} x {}", s.tp, s.dp) : std::to_string(s.tp),
        "--tp-size", std::to_string(tp_size),
        dp_attention ? fmt::format("with DP attention --tp-size counts every GPU of a stage; attention TP = {} / {} = {}", tp_size, s.dp, s.tp) : "");
  if (s.dp > 1 && !replicas) {
    b.set("data parallelism", std::to_string(s.dp), "--dp-size", std::to_string(s.dp), dp_attention ? "attention DP groups" : "replicas");
    if (dp_attention) b.set("attention DP", "on", "--enable-dp-attention", "");
  }
  if (s.pp > 1) b.set("pipeline parallelism", std::to_string(s.pp), "--pp-size", std::to_string(s.pp));
  // SGLang 0.5 sizes EP with --ep-size and picks DeepEP with --moe-a2a-backend;
  // 0.4 switched EP on with --enable-ep-moe (or DeepEP with --enable-deepep-moe),
  // both of which set ep_size = tp_size (server_args.py), so expert TP is 1 there.
  const bool ep_switch = !b.flags.has_flag("--moe-a2a-backend");
  if (m.is_moe() && s.ep > 1) {
    const bool deepep = s.ep == tp_size && (topo.nodes > 1 || sc.runtime.two_batch_overlap);
    const std::string deepep_why = topo.nodes > 1
        ? fmt::format("EP group spans {} nodes; DeepEP needs ep_size == tp_size ({})", topo.nodes, tp_size)
        : "two-batch overlap runs on DeepEP";
    if (ep_switch) {
      if (s.ep != tp_size)
        b.refuse("expert parallelism", fmt::format("--enable-ep-moe sets ep_size = tp_size = {}; EP {} x expert TP {} needs SGLang 0.5's "
                                                   "--ep-size", tp_size, s.ep, s.etp));
      if (deepep) b.set("all-to-all backend", "DeepEP", "--enable-deepep-moe", "", deepep_why + "; it also sets ep_size = tp_size");
      else b.set("expert parallelism", std::to_string(s.ep), "--enable-ep-moe", "", fmt::format("ep_size = tp_size = {}", tp_size));
    } else {
      b.set("expert parallelism", std::to_string(s.ep), "--ep-size", std::to_string(s.ep),
            fmt::format("MoE TP inside an EP group = {} / {} = {} (the plan's ETP)", tp_size, s.ep, tp_size / s.ep));
      if (deepep) b.set("all-to-all backend", "DeepEP", "--moe-a2a-backend", "deepep", deepep_why);
    }
    // A pool runs one kind of pass: DeepEP's normal kernels for prefill, low-latency ones for decode (auto
    // picks per batch, which DP attention cannot mix).
    if (deepep && b.disaggregated() && b.flags.has_flag("--deepep-mode"))
      b.set("DeepEP mode", p.role + " pool", "--deepep-mode", p.role == "prefill" ? "normal" : "low_latency", p.prefill_heavy_why);
  }
  if (sc.runtime.two_batch_overlap) b.set("two-batch overlap", "on", "--enable-two-batch-overlap", "");
  if (m.is_moe() && c.redundant > 0) {
    b.set("redundant experts", fmt::format("{} slots per MoE layer", c.redundant), "--ep-num-redundant-experts", std::to_string(c.redundant),
          fmt::format("(E + R) / EP = ({} + {}) / {} slots per GPU", m.num_experts, c.redundant, s.ep));
    b.set("token dispatch to replicas", "static layout", "--ep-dispatch-algorithm", "static",
          "without it tokens ignore the replicas unless EPLB or a layout file sets it (server_args.py)");
  }
  b.set("memory fraction", num(sc.runtime.memory_fraction), "--mem-fraction-static", num(sc.runtime.memory_fraction),
        "weights + KV pool as a fraction of total GPU memory");
  b.set("KV-cache dtype", to_string(m.kv_cache_dtype), "--kv-cache-dtype", c.kv_dtype);
  const int running = c.per_rank * (dp_attention ? s.dp : 1);
  if (c.per_rank > 0)
    b.set("requests in flight", dp_attention ? fmt::format("{} per DP rank x {}", c.per_rank, s.dp) : std::to_string(c.per_rank),
          "--max-running-requests", std::to_string(running),
          dp_attention ? "a total over the DP ranks: SGLang's scheduler divides it by dp_size" : "");
  const int64_t chunk = c.chunk * (dp_attention ? s.dp : 1);
  b.set("prefill chunk (tokens per step per DP rank)", dp_attention ? fmt::format("{} x {}", c.chunk, s.dp) : std::to_string(c.chunk),
        "--chunked-prefill-size", std::to_string(chunk),
        dp_attention ? "a total: with DP attention server_args.py divides it by dp_size" : "");
  b.set("context (input + output tokens)", std::to_string(c.max_len), "--context-length", std::to_string(c.max_len));
  if (is_deepseek(m)) b.set("checkpoint code", architecture(m), "--trust-remote-code", "");
  b.set("serving address", "all interfaces", "--host", "0.0.0.0");
  b.set("serving port", std::to_string(b.flags.port), "--port", std::to_string(b.flags.port));
  if (b.disaggregated()) sglang_disaggregation(b, tp_size, dp_attention);
  if (topo.nodes > 1) {
    b.set("nodes", std::to_string(topo.nodes), "--nnodes", std::to_string(topo.nodes));
    b.set("rendezvous", "node 0", "--dist-init-addr", fmt::format("${{HEAD_ADDR}}:{}", kSglangDistInitPort),
          "LWS_LEADER_ADDRESS on Kubernetes");
  }
  const bool layout_file = m.is_moe() && p.placement != nullptr;
  if (layout_file) {
    b.out.data_files.push_back({b.file_name("expert_location.json"),
                                 sglang_expert_location_json(*p.placement, moe_layers(m)).dump() + "\n", false,
                                 b.disaggregated() ? p.role : ""});
    b.require_known("--init-expert-location", b.file_name("expert_location.json"), "initial expert layout");
    b.pool().settings.push_back({"initial expert layout", algorithm_name(p.placement->algorithm), "--init-expert-location",
                                 std::string(kShellFilesDir) + "/" + b.file_name("expert_location.json"),
                                 "physical_to_logical_map per decoder layer, from moeplan's placement"});
  }
  auto node_launch = [&](const NodeRef& n) {
    NodeLaunch nl;
    Command cmd = b.common_command({b.flags.entry.begin(), b.flags.entry.end()});
    cmd.args.insert(cmd.args.begin(), Arg{b.flags.model_flag, b.out.model_path, {}});
    for (auto& a : cmd.args) {
      if (a.flag == "--dist-init-addr") a.value = fmt::format("{}:{}", n.head(), kSglangDistInitPort);
      if (a.flag == "--init-expert-location") a.value = n.files_dir() + "/" + b.file_name("expert_location.json");
    }
    if (topo.nodes > 1) b.add_arg(cmd, "--node-rank", n.rank_text());
    nl.title = n.pod ? (n.rank == 0 ? "leader pod (node rank 0, serves requests)" : "worker pods (node rank from LWS_WORKER_INDEX)")
                     : fmt::format("node {}{}", n.rank, n.rank == 0 ? " (serves requests)" : "");
    nl.commands.push_back(cmd);
    return nl;
  };
  PoolLaunch& pool = b.pool();
  for (int r = 0; r < topo.nodes; ++r) pool.shell_nodes.push_back(node_launch({false, r}));
  pool.k8s_pods.push_back(node_launch({true, 0}));
  if (topo.nodes > 1) pool.k8s_pods.push_back(node_launch({true, 1}));
}

// YAML for the TensorRT-LLM options file from the "config a.b.c" settings,
// nested (TensorRT-LLM rejects flat dotted keys: aiconfigurator#106).
std::string nested_yaml(const std::vector<Setting>& settings) {
  std::string out;
  std::vector<std::string> open;  // path of the mapping being written
  for (const auto& s : settings) {
    if (s.key.rfind("config ", 0) != 0) continue;
    std::vector<std::string> parts;
    const std::string path = s.key.substr(7);
    size_t i = 0;
    while (i <= path.size()) {
      size_t j = path.find('.', i);
      if (j == std::string::npos) j = path.size();
      parts.push_back(path.substr(i, j - i));
      i = j + 1;
    }
    size_t common = 0;
    while (common < open.size() && common + 1 < parts.size() && open[common] == parts[common]) ++common;
    open.resize(common);
    for (size_t k = common; k + 1 < parts.size(); ++k) {
      out += std::string(2 * k, ' ') + parts[k] + ":\n";
      open.push_back(parts[k]);
    }
    out += std::string(2 * (parts.size() - 1), ' ') + parts.back() + ": " + s.value + "\n";
  }
  return out;
}

// A multi-node TensorRT-LLM instance on Kubernetes: the leader pod's mpirun
// logs in to the worker pods over SSH, as Dynamo's operator wires it
// (deploy/cloud/operator/internal/dynamo/backend_trtllm.go @02b3bad: workers
// run sshd on port 2222 with the key pair of a Secret mounted at /ssh-pk).
std::vector<Command> shell_lines(const std::vector<std::string>& lines) {
  std::vector<Command> out;
  for (const auto& line : lines) out.push_back(Command{{}, {}, {}, line});
  return out;
}

std::vector<Command> trtllm_pod_ssh_client() {
  return shell_lines({
      fmt::format("mkdir -p \"${{HOME}}/.ssh\" && cp {0}/private.key \"${{HOME}}/.ssh/id_mpi\" && chmod 600 \"${{HOME}}/.ssh/id_mpi\"",
                  kSshKeyDir),
      fmt::format("printf 'Host *\\n  IdentityFile ~/.ssh/id_mpi\\n  Port {}\\n  StrictHostKeyChecking no\\n  UserKnownHostsFile /dev/null\\n"
                  "  BatchMode yes\\n  ConnectTimeout 5\\n' > \"${{HOME}}/.ssh/config\"",
                  kMpiSshPort),
      "MPI_PREFIX=\"$(dirname \"$(dirname \"$(command -v mpirun)\")\")\"",
  });
}

// The group's pods by name: LWS_LEADER_ADDRESS is <lws>-<group>.<subdomain>.<namespace> and worker i
// is <lws>-<group>-<i> under the same subdomain (lws pkg/utils/pod/pod_utils.go, api/leaderworkerset/v1
// SubdomainPolicy @060ab4d); each host takes its GPUs as MPI slots. The leader waits for every worker's
// SSH server before starting the ranks.
std::vector<std::string> trtllm_pod_hosts(int nodes, int gpus_per_node) {
  std::string workers, hosts = fmt::format("${{LWS_LEADER_ADDRESS}}:{}", gpus_per_node);
  for (int i = 1; i < nodes; ++i) {
    const std::string host = fmt::format("${{LEADER_POD}}-{}.${{GROUP_DOMAIN}}", i);
    workers += (workers.empty() ? "" : " ") + host;
    hosts += fmt::format(",{}:{}", host, gpus_per_node);
  }
  return {"LEADER_POD=\"${LWS_LEADER_ADDRESS%%.*}\"",
          "GROUP_DOMAIN=\"${LWS_LEADER_ADDRESS#*.}\"",
          "WORKER_HOSTS=\"" + workers + "\"",
          "MPI_HOSTS=\"" + hosts + "\"",
          "for host in ${WORKER_HOSTS}; do until ssh \"${host}\" true; do echo \"waiting for the SSH server of ${host}\" >&2; "
          "sleep 5; done; done"};
}

std::vector<Command> trtllm_pod_ssh_server() {
  return shell_lines({
      "[ -x /usr/sbin/sshd ] || { echo \"this image has no SSH server (/usr/sbin/sshd), which the leader's mpirun needs\" >&2; exit 1; }",
      fmt::format("mkdir -p \"${{HOME}}/.ssh/host_keys\" /run/sshd && cp {}/private.key.pub \"${{HOME}}/.ssh/authorized_keys\" && "
                  "chmod 600 \"${{HOME}}/.ssh/authorized_keys\"",
                  kSshKeyDir),
      "ssh-keygen -q -t ed25519 -N '' -f \"${HOME}/.ssh/host_keys/ssh_host_ed25519_key\"",
      fmt::format("printf 'Port {}\\nHostKey %s\\nPermitRootLogin prohibit-password\\nPasswordAuthentication no\\n"
                  "PubkeyAuthentication yes\\nAuthorizedKeysFile %s\\n' \"${{HOME}}/.ssh/host_keys/ssh_host_ed25519_key\" "
                  "\"${{HOME}}/.ssh/authorized_keys\" > \"${{HOME}}/.ssh/sshd_config\"",
                  kMpiSshPort),
      "exec /usr/sbin/sshd -D -e -f \"${HOME}/.ssh/sshd_config\"",
  });
}

void build_trtllm(Builder& b) {
  const PoolInput& p = b.in;
  const Scenario& sc = *p.scenario;
  const Strategy& s = p.strategy;
  const ModelSpec& m = sc.model;
  // TensorRT-LLM has no DP size: a dense model's DP replicas are instances.
  const bool replicas = !m.is_moe() && s.dp > 1;
  const Topology topo = topology(b, replicas ? s.dp : 1);
  const Common c = common(b);
  if (!s.layers_per_stage.empty()) b.refuse("decoder layers per pipeline stage", "TensorRT-LLM splits the layers itself; drop layers_per_stage");
  const bool attention_dp = m.is_moe() && s.dp > 1;
  if (attention_dp && s.tp > 1)
    b.refuse("attention TP inside DP", fmt::format("with enable_attention_dp every rank is its own attention DP rank (attention TP 1); "
                                                   "TP {} x DP {} has no spelling", s.tp, s.dp));
  const int tp_size = attention_dp ? s.tp * s.dp : s.tp;
  b.set(attention_dp ? "GPUs of a stage (attention DP)" : "tensor parallelism", attention_dp ? fmt::format("DP {}", s.dp) : std::to_string(s.tp),
        "config tensor_parallel_size", std::to_string(tp_size), attention_dp ? "with attention DP the TP size counts the DP ranks" : "");
  b.set("pipeline parallelism", std::to_string(s.pp), "config pipeline_parallel_size", std::to_string(s.pp));
  if (m.is_moe()) {
    b.set("expert parallelism", std::to_string(s.ep), "config moe_expert_parallel_size", std::to_string(s.ep));
    b.set("expert TP", std::to_string(s.etp), "config moe_tensor_parallel_size", std::to_string(s.etp),
          fmt::format("Mapping requires moe_tp x moe_ep = tp: {} x {} = {}", s.etp, s.ep, tp_size));
  }
  b.set("attention DP", attention_dp ? "on" : "off", "config enable_attention_dp", attention_dp ? "true" : "false");
  if (c.per_rank > 0)
    b.set("requests in flight per DP rank", std::to_string(c.per_rank), "config max_batch_size", std::to_string(c.per_rank));
  const int64_t tokens = (c.chunk + kTrtllmTokensPerBlock - 1) / kTrtllmTokensPerBlock * kTrtllmTokensPerBlock;
  b.set("prefill chunk (tokens per step per DP rank)", std::to_string(c.chunk), "config max_num_tokens", std::to_string(tokens),
        tokens != c.chunk ? "rounded up to the KV block of 32 tokens" : "");
  b.set("context (input + output tokens)", std::to_string(c.max_len), "config max_seq_len", std::to_string(c.max_len));
  b.set("chunked prefill", "on", "config enable_chunked_prefill", "true");
  b.set("memory fraction", num(sc.runtime.memory_fraction), "config kv_cache_config.free_gpu_memory_fraction", num(sc.runtime.memory_fraction),
        "a fraction of FREE memory after weights, as the plan's memory model assumed for trtllm");
  b.set("KV-cache dtype", to_string(m.kv_cache_dtype), "config kv_cache_config.dtype", c.kv_dtype);
  if (m.is_moe() && s.ep > 1 && topo.nodes > 1)
    b.set("all-to-all backend", "wide EP", "config moe_config.backend", "WIDEEP", fmt::format("EP group spans {} nodes", topo.nodes));
  if (m.is_moe() && c.redundant > 0) {
    if (!attention_dp)
      b.refuse("redundant experts", "moe_config.load_balancer is honoured only with enable_attention_dp and EP > 1 (TRT-LLM PR #18626)");
    const int slots = static_cast<int>(m.num_experts) + c.redundant;
    b.set("redundant experts", fmt::format("{} + {} slots per MoE layer", m.num_experts, c.redundant), "config moe_config.load_balancer.num_slots",
          std::to_string(slots), fmt::format("experts + redundant; {} per GPU", slots / s.ep));
    b.set("balancer updates", "static layout", "config moe_config.load_balancer.layer_updates_per_iter", "0", "0 = static");
    if (p.placement) {
      // MoeLoadBalancerConfig.initial_global_assignments: Dict[int, List[int]], decoder layer index -> the expert
      // of every slot, EP rank-major (num_slots / EP consecutive slots per rank), as moeplan's physical slots are.
      std::string map = "{";
      size_t moe = 0;
      for (int64_t layer = 0; layer < m.num_layers && moe < p.placement->layers.size(); ++layer) {
        if (!m.is_moe_layer(layer)) continue;
        map += fmt::format("{}{}: [{}]", moe == 0 ? "" : ", ", layer, fmt::join(p.placement->layers[moe].physical_to_logical, ", "));
        ++moe;
      }
      map += "}";
      b.set("initial expert layout", algorithm_name(p.placement->algorithm) + " placement",
            "config moe_config.load_balancer.initial_global_assignments", map,
            "decoder layer -> the expert each slot holds, EP rank-major; a YAML flow mapping");
    }
  }
  if (sc.runtime.two_batch_overlap)
    b.note("the plan assumes two-batch overlap; TensorRT-LLM has no switch for it in these options");
  if (b.disaggregated()) {
    const DisaggregationSpec& d = *b.flags.disaggregation;
    const bool prefill = p.role == "prefill";
    if (prefill)
      b.set("overlap scheduler", "off on context servers", "config disable_overlap_scheduler", "true",
            "not supported on disaggregated context servers (docs/source/features/disagg-serving.md)");
    b.set("KV transfer backend", d.transfer_backend, "config cache_transceiver_config.backend", d.transfer_backend,
          "the same on both pools; the generation server pulls the KV from the context server");
    const int64_t input = sc.workload.input_tokens;
    const int64_t buffer = (input + kTrtllmTokensPerBlock - 1) / kTrtllmTokensPerBlock * kTrtllmTokensPerBlock;
    b.set("KV transfer buffer", fmt::format("{} input tokens", input), "config cache_transceiver_config.max_tokens_in_buffer",
          std::to_string(buffer), "at least the longest input, rounded up to the KV block of 32 tokens");
  }
  const std::string yaml = nested_yaml(b.pool().settings);
  b.out.data_files.push_back({b.file_name("config.yaml"), yaml, false, b.disaggregated() ? p.role : ""});
  if (is_deepseek(m)) b.set("checkpoint code", architecture(m), "--trust_remote_code", "");
  b.set("backend", "PyTorch", "--backend", "pytorch");
  b.set("serving address", "all interfaces", "--host", "0.0.0.0");
  b.set("serving port", std::to_string(b.flags.port), "--port", std::to_string(b.flags.port));
  if (b.flags.config_flag.empty()) b.refuse("options file", "no options-file flag in " + b.flags.data_file);
  b.set("options file", b.file_name("config.yaml"), b.flags.config_flag, std::string(kShellFilesDir) + "/" + b.file_name("config.yaml"),
        b.flags.config_flag == "--config" ? "--config is the alias of --extra_llm_api_options (TRT-LLM PR #9104)" : "");
  PoolLaunch& pool = b.pool();
  auto engine_cmd = [&](const NodeRef& n) {
    Command cmd = b.common_command(b.program());
    for (auto& a : cmd.args)
      if (a.flag == b.flags.config_flag) a.value = n.files_dir() + "/" + b.file_name("config.yaml");
    return cmd;
  };
  if (topo.nodes == 1) {
    pool.shell_nodes.push_back({"node 0", {engine_cmd({false, 0})}});
    pool.k8s_pods.push_back({"leader pod", {engine_cmd({true, 0})}});
    return;
  }
  // Multi-node: one MPI launch from node 0 starts every rank (trtllm-llmapi-launch,
  // reference A.3); the other nodes only need to be reachable by mpirun.
  const std::string hosts_example = fmt::format("host0:{},host1:{},...", topo.gpus_per_node, topo.gpus_per_node);
  auto mpi_launch = [&](const NodeRef& n) {
    Command cmd = engine_cmd(n);
    std::vector<std::string> prog = {"mpirun", "--allow-run-as-root", "-H", "${MPI_HOSTS}", "-np", std::to_string(topo.gpus)};
    if (n.pod) {
      // Dynamo's operator launches TensorRT-LLM across LeaderWorkerSet pods the same way
      // (deploy/cloud/operator/internal/dynamo/backend_trtllm.go @02b3bad): keep the pods' FQDNs
      // (short names do not resolve between pods), MPI's own messages over TCP, and the ranks
      // get the leader's PATH and LD_LIBRARY_PATH (an ssh session starts with sshd's).
      const std::vector<std::string> pod_words = {"--prefix", "${MPI_PREFIX}", "--mca", "orte_keep_fqdn_hostnames", "1",
                                                  "--mca", "pml", "ob1", "-x", "PATH", "-x", "LD_LIBRARY_PATH"};
      prog.insert(prog.end(), pod_words.begin(), pod_words.end());
    }
    prog.push_back("trtllm-llmapi-launch");
    prog.insert(prog.end(), cmd.program.begin(), cmd.program.end());
    cmd.program = prog;
    return cmd;
  };
  pool.shell_nodes.push_back({fmt::format("node 0 (mpirun over all {} nodes; set MPI_HOSTS={})", topo.nodes, hosts_example),
                              {mpi_launch({false, 0})}});
  // On Kubernetes the leader pod is node 0 and the worker pods run an SSH server mpirun logs in to.
  NodeLaunch leader{fmt::format("leader pod (mpirun over the {} pods of the group)", topo.nodes), trtllm_pod_ssh_client()};
  for (const std::string& line : trtllm_pod_hosts(topo.nodes, topo.gpus_per_node)) leader.commands.push_back(Command{{}, {}, {}, line});
  leader.commands.push_back(mpi_launch({true, 0}));
  pool.k8s_pods.push_back(leader);
  pool.k8s_pods.push_back({"worker pods (an SSH server for the leader's mpirun)", trtllm_pod_ssh_server()});
  pool.ssh_secret = true;
  if (b.out.options.target == ExportTarget::kK8s)
    b.note(fmt::format("the leader pod starts the {} ranks over SSH (port {}); create the key pair's Secret before applying: "
                       "ssh-keygen -t ed25519 -N '' -f mpi-key && kubectl create secret generic {} "
                       "--from-file=private.key=mpi-key --from-file=private.key.pub=mpi-key.pub; the image needs an SSH server "
                       "(/usr/sbin/sshd), which the pods check for",
                       topo.gpus, kMpiSshPort, ssh_secret_name(lws_name(*b.out.scenario, p.role, b.flags.engine, b.disaggregated()))));
}

}  // namespace

std::string hf_repository(const ModelSpec& m) {
  const std::string prefix = "https://huggingface.co/";
  if (m.source.rfind(prefix, 0) != 0) return "";
  const std::string rest = m.source.substr(prefix.size());
  const size_t slash = rest.find('/');
  if (slash == std::string::npos) return "";
  const size_t end = rest.find('/', slash + 1);
  return rest.substr(0, end);
}

namespace {

const EngineFlags& flags_for(const ExportOptions& options) { return engine_flags(options.engine, options.version); }

std::string model_path_for(const Scenario& sc, const ExportOptions& options) {
  const std::string path = options.model_path.empty() ? hf_repository(sc.model) : options.model_path;
  if (path.empty())
    throw InputError(sc.file + ": model: cannot tell the checkpoint of '" + sc.model.name +
                     "' (its source is not a Hugging Face URL); pass --model-path");
  return path;
}

void build_pool(Builder& b) {
  switch (b.flags.engine) {
    case Engine::kVllm: build_vllm(b); break;
    case Engine::kSglang: build_sglang(b); break;
    case Engine::kTrtllm: build_trtllm(b); break;
  }
}

// One set of node scripts per instance; each instance's node 0 is its own head.
void repeat_per_instance(PoolLaunch& pool) {
  if (pool.instances <= 1) return;
  std::vector<NodeLaunch> nodes;
  for (int i = 0; i < pool.instances; ++i)
    for (NodeLaunch n : pool.shell_nodes) {
      n.title = fmt::format("instance {} of {}, {}", i, pool.instances, n.title);
      nodes.push_back(n);
    }
  pool.shell_nodes = nodes;
}

PoolInput aggregated_input(const Plan& p) {
  PoolInput in;
  in.scenario = p.scenario;
  in.strategy = p.strategy;
  in.requests_per_dp_rank = p.performance.concurrency_per_dp_rank;
  in.requests_in_flight = p.performance.concurrency;
  in.redundant_per_layer = p.experts.redundant_per_layer;
  in.placement = p.placement ? &*p.placement : nullptr;
  in.fits = p.memory.fits;
  in.why_not = p.memory.why_not;
  in.prefill_heavy = prefill_dominated(p);
  in.prefill_heavy_why = fmt::format("{} (prefill {:.1f} ms vs decode {} x {:.1f} ms per request)",
                                     in.prefill_heavy ? "prefill-dominated" : "decode-dominated", p.performance.prefill_latency_s * 1e3,
                                     p.scenario->workload.output_tokens, p.performance.tpot_s * 1e3);
  return in;
}

// A pool of the deployment. The decode pool's requests per DP rank are the
// plan's; a prefill instance's batch is bounded by its token budget, so its
// request cap stays the engine's.
PoolInput pool_input(const PoolPlan& pp) {
  PoolInput in;
  const bool prefill = pp.role == PoolRole::kPrefill;
  in.role = to_string(pp.role);
  in.scenario = pp.scenario.get();
  in.strategy = pp.strategy;
  in.requests_per_dp_rank = prefill ? 0 : pp.concurrency_per_dp_rank;
  in.requests_in_flight = prefill ? 0 : pp.concurrency_per_dp_rank * pp.strategy.dp * pp.strategy.instances;
  in.redundant_per_layer = pp.experts.redundant_per_layer;
  in.placement = pp.placement ? &*pp.placement : nullptr;
  in.fits = pp.memory.fits;
  in.why_not = pp.memory.why_not;
  in.prefill_heavy = prefill;
  in.prefill_heavy_why = prefill ? "the prefill pool runs prefill passes only" : "the decode pool runs decode steps only";
  return in;
}

// Where the router reaches instance `i` of a pool: node 0 of the instance,
// whose address the router script asks for, or the instance's Service.
std::string instance_host(const Launch& l, const PoolLaunch& pool, int i, bool pod) {
  if (!pod) return fmt::format("${{{}{}_ADDR}}", pool.role == "prefill" ? "PREFILL" : "DECODE", i);
  return instance_service_name(lws_name(*l.scenario, pool.role, l.flags->engine, true), i);
}

// The router's command for the shell script (`pod` false) or its Deployment.
Command router_command(Launch& l, bool pod, std::vector<Setting>* settings) {
  const EngineFlags& f = *l.flags;
  const DisaggregationSpec& d = *f.disaggregation;
  const RouterSpec& r = d.router;
  const PoolLaunch& pf = l.pools[0];
  const PoolLaunch& dc = l.pools[1];
  Command c;
  c.program = r.entry;
  if (!r.script.empty()) c.program.push_back(std::string(pod ? kPodFilesDir : kShellFilesDir) + "/" + r.script);
  auto add = [&](const std::string& quantity, const std::string& plan_value, Arg a, const std::string& why) {
    auto spec = r.flags.find(a.flag);
    if (spec == r.flags.end())
      throw InputError(fmt::format("{}: {} {}'s router has no {} ({})", quantity, to_string(f.engine), f.version, a.flag, f.data_file));
    for (const std::string* v : [&] {
           std::vector<const std::string*> all = {&a.value};
           for (const auto& m : a.more) all.push_back(&m);
           return all;
         }())
      if (auto problem = flag_value_problem(spec->second, *v)) throw InputError(quantity + ": " + *problem);
    if (settings) {
      std::string value = a.value;
      for (const auto& m : a.more) value += " " + m;
      settings->push_back({quantity, plan_value, a.flag, value, why});
    }
    c.args.push_back(std::move(a));
  };
  const int server_port = f.port;
  switch (f.engine) {
    case Engine::kSglang: {
      if (r.flags.count("--pd-disaggregation")) add("prefill/decode routing", "on", {"--pd-disaggregation", "", {}}, "");
      const bool port_lists = r.flags.count("--prefill-bootstrap-ports") > 0;
      auto urls = [&](const PoolLaunch& pool) {
        std::vector<std::string> out;
        for (int i = 0; i < pool.instances; ++i) out.push_back(fmt::format("http://{}:{}", instance_host(l, pool, i, pod), server_port));
        return out;
      };
      const std::vector<std::string> pu = urls(pf), du = urls(dc);
      const std::string boot = std::to_string(d.bootstrap_port);
      if (r.repeat_lists) {
        for (size_t i = 0; i < pu.size(); ++i)
          add("prefill instance " + std::to_string(i), "node 0's server and bootstrap port",
              {"--prefill", pu[i], port_lists ? std::vector<std::string>{} : std::vector<std::string>{boot}}, "");
        for (size_t i = 0; i < du.size(); ++i) add("decode instance " + std::to_string(i), "node 0's server", {"--decode", du[i], {}}, "");
      } else {
        add("prefill instances", std::to_string(pu.size()), {"--prefill", pu[0], {pu.begin() + 1, pu.end()}}, "");
        add("decode instances", std::to_string(du.size()), {"--decode", du[0], {du.begin() + 1, du.end()}}, "");
      }
      if (port_lists)
        add("bootstrap ports", boot, {"--prefill-bootstrap-ports", boot, std::vector<std::string>(pu.size() - 1, boot)},
            "one per prefill URL");
      add("router address", "all interfaces", {"--host", "0.0.0.0", {}}, "");
      add("router port", std::to_string(r.port), {"--port", std::to_string(r.port), {}}, "clients send requests here");
      break;
    }
    case Engine::kVllm: {
      add("router address", "all interfaces", {"--host", "0.0.0.0", {}}, "the proxy listens on 127.0.0.1 by default");
      add("router port", std::to_string(r.port), {"--port", std::to_string(r.port), {}}, "clients send requests here");
      for (const PoolLaunch* pool : {&pf, &dc}) {
        const std::string who = pool->role == "prefill" ? "prefiller" : "decoder";
        std::vector<std::string> hosts, ports;
        for (int i = 0; i < pool->instances; ++i) {
          hosts.push_back(instance_host(l, *pool, i, pod));
          ports.push_back(std::to_string(server_port));
        }
        add(pool->role + " instances", std::to_string(pool->instances), {"--" + who + "-hosts", hosts[0], {hosts.begin() + 1, hosts.end()}},
            "node 0 of each instance (its API server)");
        add(pool->role + " ports", std::to_string(server_port), {"--" + who + "-ports", ports[0], {ports.begin() + 1, ports.end()}}, "");
      }
      break;
    }
    case Engine::kTrtllm:
      add("front end configuration", "disagg_config.yaml",
          {r.config_flag, std::string(pod ? kPodFilesDir : kShellFilesDir) + "/disagg_config.yaml", {}},
          "context and generation servers, their counts and URLs");
      break;
  }
  return c;
}

// TensorRT-LLM's front end reads its servers from disagg_config.yaml
// (disagg-serving.md); its URLs are the instances' addresses.
std::string trtllm_disagg_config(Launch& l, bool pod) {
  const RouterSpec& r = l.flags->disaggregation->router;
  std::vector<Setting> keys;
  std::string y = fmt::format("hostname: 0.0.0.0\nport: {}\nbackend: pytorch\n", r.port);
  for (const PoolLaunch* pool : {&l.pools[0], &l.pools[1]}) {
    y += fmt::format("{}:\n  num_instances: {}\n  urls:\n", pool->role == "prefill" ? "context_servers" : "generation_servers",
                     pool->instances);
    for (int i = 0; i < pool->instances; ++i) y += fmt::format("    - \"{}:{}\"\n", instance_host(l, *pool, i, pod), l.flags->port);
  }
  return y;
}

void build_router(Launch& l) {
  const EngineFlags& f = *l.flags;
  const RouterSpec& r = f.disaggregation->router;
  RouterLaunch rl;
  rl.image = f.image;
  const Command shell = router_command(l, false, &rl.settings);
  const Command pod = router_command(l, true, nullptr);
  rl.shell = {"the router: clients send requests here", {}};
  rl.pod = {"the router", {}};
  if (f.engine == Engine::kTrtllm) {
    // The script expands the addresses into a copy of the configuration file.
    Command tmp, expand;
    tmp.shell_line = "CONFIG=\"$(mktemp)\"";
    expand.shell_line = fmt::format(
        "python3 -c 'import os, sys; sys.stdout.write(os.path.expandvars(open(sys.argv[1]).read()))' \"{}/disagg_config.yaml\" > "
        "\"${{CONFIG}}\"",
        kShellFilesDir);
    rl.shell.commands.push_back(tmp);
    rl.shell.commands.push_back(expand);
    Command run = shell;
    run.args.back().value = "${CONFIG}";
    rl.shell.commands.push_back(run);
    l.data_files.push_back({"disagg_config.yaml", trtllm_disagg_config(l, l.options.target == ExportTarget::kK8s), false, "router"});
  } else {
    rl.shell.commands.push_back(shell);
  }
  rl.pod.commands.push_back(pod);
  for (const PoolLaunch* pool : {&l.pools[0], &l.pools[1]})
    for (int i = 0; i < pool->instances; ++i)
      rl.address_vars.push_back(fmt::format("{}{}_ADDR", pool->role == "prefill" ? "PREFILL" : "DECODE", i));
  if (!r.script.empty())
    rl.script_note = fmt::format("{} is not in the image: take {} from the {} repository at the tag of version {} and put it beside "
                                 "this script (Kubernetes: kubectl create configmap {}-proxy --from-file={})",
                                 r.script, r.script_source, to_string(f.engine), f.version,
                                 lws_name(*l.scenario, "router", f.engine, true), r.script);
  l.router = rl;
}

}  // namespace

std::string Launch::strategy_label() const {
  if (!deployment) return plan ? plan->strategy.label() : "";
  const PoolPlan& p = deployment->prefill();
  const PoolPlan& d = deployment->decode();
  Strategy p1 = p.strategy, d1 = d.strategy;
  p1.instances = d1.instances = 1;
  return fmt::format("{}: prefill {} x ({}), decode {} x ({})", deployment->rate_match.ratio, p.strategy.instances, p1.label(),
                     d.strategy.instances, d1.label());
}

std::string k8s_name(const std::string& text) {
  std::string out;
  for (char c : text) {
    const char lc = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::isalnum(static_cast<unsigned char>(lc))) out += lc;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  if (out.size() > kMaxK8sNameChars) out.resize(kMaxK8sNameChars);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "moeplan" : out;
}

std::string lws_name(const Scenario& sc, const std::string& role, Engine engine, bool several_pools) {
  const std::string base = sc.name.empty() ? std::filesystem::path(sc.file).stem().string() : sc.name;
  if (!several_pools) return k8s_name(base + "-" + to_string(engine));
  // The role and engine survive the length limit, and every part of one
  // deployment (prefill, decode, router) keeps the same base: no two share a name.
  const std::string suffix = "-" + role + "-" + to_string(engine);
  const size_t longest_suffix = std::string("-prefill-").size() + to_string(engine).size();
  std::string head = k8s_name(base);
  if (head.size() + longest_suffix > kMaxK8sNameChars) head.resize(kMaxK8sNameChars - longest_suffix);
  while (!head.empty() && head.back() == '-') head.pop_back();
  return k8s_name(head + suffix);
}

std::string instance_service_name(const std::string& lws, int i) { return fmt::format("{}-api-{}", lws, i); }

std::string ssh_secret_name(const std::string& lws) { return lws + "-ssh"; }

Launch build_launch(const Plan& p, const ExportOptions& options) {
  Launch out;
  out.plan = &p;
  out.scenario = p.scenario;
  out.options = options;
  out.flags = &flags_for(options);
  const Scenario& sc = *p.scenario;
  out.model_path = model_path_for(sc, options);
  if (!p.memory.fits) throw InputError(sc.file + ": strategy " + p.strategy.label() + " does not fit in memory: " + p.memory.why_not);
  const PoolInput in = aggregated_input(p);
  out.pools.push_back({});
  Builder b(in, *out.flags, out);
  build_pool(b);
  for (PoolLaunch& pool : out.pools) {
    if (pool.instances <= 1) continue;
    out.notes.push_back(fmt::format("DP {} of a dense model runs as {} independent instances of {} GPUs; requests are spread by the "
                                    "Service (k8s) or a load balancer of yours", p.strategy.dp, pool.instances,
                                    pool.nodes * pool.gpus_per_node));
    repeat_per_instance(pool);
  }
  return out;
}

Launch build_launch(const Scenario& sc, const Deployment& d, const ExportOptions& options) {
  Launch out;
  out.deployment = &d;
  out.scenario = &sc;
  out.options = options;
  out.flags = &flags_for(options);
  out.model_path = model_path_for(sc, options);
  if (!out.flags->disaggregation)
    throw InputError(fmt::format("serving: {} {} has no disaggregated serving in {}; export the aggregated plan instead",
                                 to_string(options.engine), out.flags->version, out.flags->data_file));
  // The engines' own pairing rules (SGLang moves a non-MLA model's KV only between equal TP).
  Scenario as_exported = sc;
  as_exported.runtime.engine = options.engine;
  require_compatible_pools(as_exported, d.prefill().strategy, d.decode().strategy, sc.file + ": serving: ");
  const PoolInput inputs[2] = {pool_input(d.prefill()), pool_input(d.decode())};
  for (int i = 0; i < 2; ++i) {
    const PoolInput& in = inputs[i];
    if (!in.fits) throw InputError(fmt::format("{}: serving.{}: strategy {} does not fit in memory: {}", sc.file, in.role,
                                               in.strategy.label(), in.why_not));
    out.pools.push_back({});
    out.pools.back().role = in.role;
    out.pools.back().file_prefix = in.role + "-";
    Builder b(in, *out.flags, out, &inputs[1 - i]);
    build_pool(b);
    repeat_per_instance(out.pools.back());
  }
  build_router(out);
  return out;
}

std::optional<std::string> launch_refusal(const Plan& p, Engine engine) {
  ExportOptions options;
  options.engine = engine;
  // A model without a Hugging Face checkpoint still launches from a local path.
  if (hf_repository(p.scenario->model).empty()) options.model_path = "PATH/TO/CHECKPOINT";
  try {
    build_launch(p, options);
    return std::nullopt;
  } catch (const InputError& e) {
    return std::string(e.what());
  }
}

}  // namespace moeplan
