#include "render/deployment.h"

#include <fmt/format.h>

#include "render/format.h"
#include "render/report.h"

namespace moeplan {

using json = nlohmann::json;

namespace {

std::string gpu_name(const PoolPlan& p) { return p.scenario->cluster.gpu.display_name; }
std::string gpu_key(const PoolPlan& p) { return p.scenario->cluster.gpu.name; }

// Memory of a GPU of each pipeline stage, in bytes (stage 0 first).
json per_stage_totals(const MemoryReport& m) {
  json out = json::array();
  for (const StageMemory& g : m.stages) out.push_back(g.total_bytes);
  return out;
}

}  // namespace

std::string concurrency_origin(const Scenario& sc, const PoolPlan& decode) {
  if (!decode.concurrency_from_workload) return "";
  const int64_t ranks = static_cast<int64_t>(decode.strategy.dp) * decode.strategy.instances;
  return fmt::format(" (workload.concurrency {} over {} DP rank{} of {} instance{}, rounded up)", sc.workload.concurrency, ranks,
                     ranks == 1 ? "" : "s", decode.strategy.instances, decode.strategy.instances == 1 ? "" : "s");
}

std::string render_deployment_text(const Scenario& sc, const Deployment& d) {
  std::string out;
  const RateMatch& r = d.rate_match;
  out += fmt::format("Disaggregated serving: {} ({} prefill + {} decode instances) on {} of {} GPUs; the {} side binds\n", r.ratio,
                     r.prefill_instances, r.decode_instances, r.gpus, r.gpu_budget, r.binding);
  out += fmt::format("Workload: {} input + {} output tokens per request\n\n", sc.workload.input_tokens, sc.workload.output_tokens);
  TextTable t({"pool", "GPU", "instances", "strategy (one instance)", "GPUs", "experts/GPU per MoE layer", "memory/GPU",
               "capacity/instance", "load", "tokens/s per GPU"});
  for (const PoolPlan& p : d.pools) {
    Strategy one = p.strategy;
    one.instances = 1;
    t.add({to_string(p.role), gpu_name(p), std::to_string(p.strategy.instances), one.label(), std::to_string(p.gpus()),
           sc.model.is_moe() ? std::to_string(p.experts.per_gpu_per_moe_layer) : "-", fmt_gb(p.memory.total_bytes_max),
           fmt::format("{:.2f} req/s", p.requests_per_s_per_instance), fmt_percent(p.utilisation),
           fmt_int(p.tokens_per_s_per_gpu)});
  }
  out += t.render() + "\n";
  const PoolPlan& pf = d.prefill();
  const PoolPlan& dc = d.decode();
  out += fmt::format("Prefill: one request alone {}; a DP rank is busy {} per request at full token budgets\n",
                     fmt_seconds(pf.prefill_latency_s), fmt_seconds(pf.prefill_busy_s));
  out += fmt::format("Decode: {} requests per DP rank{}, TPOT {} (decode steps only, no prefill chunks)\n", dc.concurrency_per_dp_rank,
                     concurrency_origin(sc, dc), fmt_seconds(dc.tpot_s));
  const KvTransfer& kv = d.kv_transfer;
  out += fmt::format("KV transfer: {} per request over {} stream{} of {}/s x {} efficiency = {}; {} exposed in TTFT{}\n",
                     fmt_gb(kv.bytes_per_request), kv.streams, kv.streams == 1 ? "" : "s", fmt_gb(kv.link_bytes_per_s),
                     fmt_percent(kv.efficiency, 0), fmt_seconds(kv.seconds), fmt_seconds(kv.exposed_seconds),
                     kv.layerwise ? " (sent layer by layer)" : " (sent after the prefill)");
  out += fmt::format("Rate match: prefill {:.2f} req/s at the load TTFT allows, decode {:.2f} req/s -> {:.2f} req/s served\n",
                     r.prefill_capacity_requests_per_s, r.decode_capacity_requests_per_s, r.requests_per_s);
  out += fmt::format("Predicted: TTFT {} (queue {} + prefill {} + transfer {}), TPOT {}, output {} = {} per GPU\n",
                     fmt_seconds(d.ttft_s), fmt_seconds(r.queue_wait_s), fmt_seconds(pf.prefill_latency_s),
                     fmt_seconds(kv.exposed_seconds), fmt_seconds(d.tpot_s), fmt_rate(r.output_tokens_per_s),
                     fmt_int(r.output_tokens_per_s_per_gpu) + " tokens/s");
  out += fmt::format("Objectives: {}\n", d.slo.checks.empty() ? "none given" : d.slo.met ? "all met" : "NOT all met");
  if (!dc.memory.fits) out += "Memory: the decode pool does not fit: " + dc.memory.why_not + "\n";
  return out;
}

json deployment_json(const Scenario& sc, const Deployment& d) {
  json j;
  j["mode"] = "disaggregated";
  json pools = json::array();
  for (const PoolPlan& p : d.pools) {
    const Strategy& s = p.strategy;
    json perf;
    if (p.role == PoolRole::kPrefill) {
      perf = {{"prefill_latency_s", p.prefill_latency_s},
              {"prefill_busy_s", p.prefill_busy_s},
              {"input_tokens_per_s", p.tokens_per_s},
              {"input_tokens_per_s_per_gpu_full_load", p.tokens_per_s_per_gpu}};
    } else {
      perf = {{"tpot_s", p.tpot_s},
              {"concurrency_per_dp_rank", p.concurrency_per_dp_rank},
              {"concurrency", p.concurrency_per_dp_rank * s.dp * s.instances},
              {"concurrency_from_workload", p.concurrency_from_workload},
              {"output_tokens_per_s", p.tokens_per_s},
              {"output_tokens_per_s_per_gpu_full_load", p.tokens_per_s_per_gpu}};
    }
    perf["requests_per_s_per_instance"] = p.requests_per_s_per_instance;
    perf["requests_per_s"] = p.requests_per_s;
    perf["utilisation"] = p.utilisation;
    pools.push_back({{"role", to_string(p.role)},
                     {"gpu", gpu_key(p)},
                     {"instances", s.instances},
                     {"strategy",
                      {{"tp", s.tp}, {"pp", s.pp}, {"dp", s.dp}, {"ep", s.ep}, {"etp", s.etp}, {"gpus_per_instance", s.gpus_per_instance()},
                       {"gpus", s.gpus()}}},
                     {"performance", perf},
                     {"memory",
                      {{"per_stage_total_bytes", per_stage_totals(p.memory)},
                       {"weights_bytes_max", p.memory.weights_bytes_max},
                       {"total_bytes_max", p.memory.total_bytes_max},
                       {"capacity_bytes", p.memory.capacity_bytes},
                       {"kv_capacity_requests_per_dp_rank", p.kv_capacity_per_dp_rank},
                       {"fits", p.memory.fits}}},
                     {"experts",
                      {{"per_gpu_per_moe_layer", p.experts.per_gpu_per_moe_layer},
                       {"per_gpu_total", p.experts.per_gpu_total_max},
                       {"redundant_per_layer", p.experts.redundant_per_layer},
                       {"moe_imbalance", p.moe_imbalance > 0 ? p.moe_imbalance : p.scenario->runtime.moe_load_imbalance},
                       {"moe_imbalance_from_placement", p.moe_imbalance > 0}}}});
  }
  j["pools"] = pools;
  const KvTransfer& kv = d.kv_transfer;
  j["kv_transfer"] = {{"bytes_per_request", kv.bytes_per_request}, {"link_bytes_per_s", kv.link_bytes_per_s},
                      {"efficiency", kv.efficiency},               {"streams", kv.streams},
                      {"seconds", kv.seconds},                     {"exposed_seconds", kv.exposed_seconds},
                      {"layerwise", kv.layerwise}};
  const RateMatch& r = d.rate_match;
  j["rate_match"] = {{"ratio", r.ratio},
                     {"prefill_instances", r.prefill_instances},
                     {"decode_instances", r.decode_instances},
                     {"binding", r.binding},
                     {"prefill_capacity_requests_per_s", r.prefill_capacity_requests_per_s},
                     {"decode_capacity_requests_per_s", r.decode_capacity_requests_per_s},
                     {"requests_per_s", r.requests_per_s},
                     {"output_tokens_per_s", r.output_tokens_per_s},
                     {"output_tokens_per_s_per_gpu", r.output_tokens_per_s_per_gpu},
                     {"queue_wait_s", r.queue_wait_s},
                     {"gpus", r.gpus},
                     {"gpu_budget", r.gpu_budget}};
  j["ttft_s"] = d.ttft_s;
  j["tpot_s"] = d.tpot_s;
  j["slo"] = slo_json(d.slo);
  j["meets_slo"] = d.slo.met;
  (void)sc;
  return j;
}

std::string render_comparison_text(const Plan& a, bool a_met, const Deployment& d, const ServingComparison& c) {
  TextTable t({"serving", "deployment", "GPUs", "output tokens/s per GPU", "TTFT", "TPOT", "objectives"});
  const Performance& f = a.performance;
  t.add({"aggregated", a.strategy.label(), std::to_string(a.strategy.gpus()), fmt_int(f.output_tokens_per_s_per_gpu),
         fmt_seconds(f.ttft_s), fmt_seconds(f.tpot_s), a_met ? "met" : "NOT met"});
  const PoolPlan& p = d.prefill();
  const PoolPlan& q = d.decode();
  Strategy p1 = p.strategy, q1 = q.strategy;
  p1.instances = q1.instances = 1;
  t.add({"disaggregated",
         fmt::format("{}: prefill {} x ({}), decode {} x ({})", d.rate_match.ratio, p.strategy.instances, p1.label(),
                     q.strategy.instances, q1.label()),
         std::to_string(d.rate_match.gpus), fmt_int(d.rate_match.output_tokens_per_s_per_gpu), fmt_seconds(d.ttft_s),
         fmt_seconds(d.tpot_s), d.slo.met ? "met" : "NOT met"});
  return "Aggregated or disaggregated\n" + t.render() + "Winner: " + c.winner + ": " + c.reason + ".\n";
}

AutoStanding disaggregated_standing(const SearchResult& r, const Deployment& d) {
  AutoStanding a;
  const RateMatch& m = d.rate_match;
  const bool met = d.slo.met;
  const double tput = m.output_tokens_per_s_per_gpu;
  a.rank = r.candidates.size();
  for (size_t i = 0; i < r.candidates.size(); ++i) {
    const Candidate& c = r.candidates[i];
    const double ct = c.performance.output_tokens_per_s_per_gpu;
    if ((met && !c.slo.met) || (met == c.slo.met && tput > ct)) {
      a.rank = i;
      break;
    }
  }
  // a dominates b: no worse on all three, better on one.
  auto dominates = [](double ta, double fa, double pa, double tb, double fb, double pb) {
    return ta >= tb && fa <= fb && pa <= pb && (ta > tb || fa < fb || pa < pb);
  };
  a.on_pareto = true;
  for (const Candidate& c : r.pareto) {
    const Performance& f = c.performance;
    a.on_pareto &= !dominates(f.output_tokens_per_s_per_gpu, f.ttft_s, f.tpot_s, tput, d.ttft_s, d.tpot_s);
    a.pareto_kept.push_back(!dominates(tput, d.ttft_s, d.tpot_s, f.output_tokens_per_s_per_gpu, f.ttft_s, f.tpot_s));
  }
  return a;
}

json auto_plan_json(const SearchResult& r, const Scenario& sc, const Deployment& d, const json& comparison) {
  json j = search_json(r);
  const RateMatch& m = d.rate_match;
  const json point = {{"kind", "disaggregated"},
                      {"ratio", m.ratio},
                      {"gpus", m.gpus},
                      {"concurrency", d.decode().concurrency_per_dp_rank * d.decode().strategy.dp * d.decode().strategy.instances},
                      {"performance",
                       {{"output_tokens_per_s", m.output_tokens_per_s},
                        {"output_tokens_per_s_per_gpu", m.output_tokens_per_s_per_gpu},
                        {"ttft_s", d.ttft_s},
                        {"tpot_s", d.tpot_s}}},
                      {"slo", slo_json(d.slo)},
                      {"meets_slo", d.slo.met}};
  const AutoStanding a = disaggregated_standing(r, d);
  json candidates = json::array();
  for (size_t i = 0; i < j["candidates"].size(); ++i) {
    if (i == a.rank) candidates.push_back(point);
    json c = j["candidates"][i];
    c["kind"] = "aggregated";
    candidates.push_back(c);
  }
  if (a.rank >= j["candidates"].size()) candidates.push_back(point);
  j["candidates"] = candidates;
  json pareto = json::array();
  for (size_t i = 0; i < j["pareto"].size(); ++i) {
    json c = j["pareto"][i];
    c["kind"] = "aggregated";
    if (i >= a.pareto_kept.size() || a.pareto_kept[i]) pareto.push_back(c);
  }
  if (a.on_pareto) pareto.push_back(point);
  j["pareto"] = pareto;
  j["deployment"] = deployment_json(sc, d);
  j["comparison"] = comparison;
  return j;
}

json comparison_json(const json& aggregated, const json& disaggregated, const ServingComparison& c) {
  return {{"aggregated", aggregated}, {"disaggregated", disaggregated}, {"winner", c.winner}, {"reason", c.reason}};
}

}  // namespace moeplan
