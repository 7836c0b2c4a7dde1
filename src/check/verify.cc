#include "check/verify.h"

#include "model/error_band.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <initializer_list>
#include <cmath>
#include <map>

#include "render/format.h"
#include "spec/error.h"
#include "spec/units.h"
#include "spec/strategy_rules.h"

namespace moeplan {

std::string to_string(Verdict v) {
  switch (v) {
    case Verdict::kCorrect: return "correct";
    case Verdict::kAmbiguous: return "ambiguous";
    case Verdict::kUnverifiable: return "unverifiable";
    case Verdict::kUnsupported: return "unsupported";
    case Verdict::kWrong: return "wrong";
    case Verdict::kImpossible: return "impossible";
  }
  return "?";
}

int CheckReport::count(Verdict v) const {
  int n = 0;
  for (const auto& f : findings) n += f.verdict == v ? 1 : 0;
  return n;
}

bool CheckReport::failed() const { return count(Verdict::kWrong) + count(Verdict::kImpossible) > 0; }

namespace {

// Relative tolerance for exact quantities written rounded ("0.74 GB",
// "about 10B"): 5%, and 10% when the document says "about".
double exact_tolerance(const Claim& c) { return c.approximate ? 0.10 : 0.05; }

bool close(double stated, double expected, double tolerance) {
  if (expected == 0) return std::fabs(stated) < 1e-9;
  return std::fabs(stated / expected - 1) <= tolerance;
}

// The stated value (or range) covers `expected`, within the tolerance.
bool covers(const Claim& c, double expected) {
  const double t = exact_tolerance(c);
  if (c.value_hi > c.value) return expected >= c.value * (1 - t) && expected <= c.value_hi * (1 + t);
  return close(c.value, expected, t);
}

// Formats `value` (SI) in the claim's written unit, like the number it replaces.
std::string in_written_unit(const Claim& c, double value) {
  const double v = value / (c.unit_scale > 0 ? c.unit_scale : 1);
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
  if (std::fabs(v) >= 100) return fmt::format("{:.0f}", v);
  return fmt::format("{:.3g}", v);
}

std::string range_in_written_unit(const Claim& c, double lo, double hi) {
  const std::string a = in_written_unit(c, lo), b = in_written_unit(c, hi);
  return a == b ? a : a + "-" + b;
}

std::string stated_text(const Claim& c) {
  std::string s = c.value_hi > c.value ? fmt::format("{:g}-{:g}", c.value / c.unit_scale, c.value_hi / c.unit_scale)
                                       : fmt::format("{:g}", c.value / (c.unit_scale > 0 ? c.unit_scale : 1));
  if (!c.unit_text.empty()) s += " " + c.unit_text;
  return s;
}

struct Context {
  const MarkdownDocument* doc = nullptr;
  const Scenario* scenario = nullptr;
  const Plan* plan = nullptr;
  const CheckOptions* options = nullptr;
  double weights_min = 0, weights_max = 0;
  double params_gpu_min = 0, params_gpu_max = 0;
  double static_min = 0;  // weights + activations + reserve, smallest stage
};

void set_wrong(Finding& f, const Claim& c, double expected, const std::string& why) {
  f.verdict = Verdict::kWrong;
  f.expected = expected;
  if (expected != 0) f.error_factor = c.value / expected;
  f.explanation = why;
  f.replacement = in_written_unit(c, expected);
}

void check_count(Finding& f, const Claim& c, double expected, const std::string& derivation) {
  f.expected = expected;
  f.expected_text = fmt::format("{:g}", expected);
  if (covers(c, expected)) {
    f.verdict = Verdict::kCorrect;
    f.explanation = derivation;
  } else {
    set_wrong(f, c, expected, derivation);
  }
}

// Performance: against the prediction (tolerance band) and the bound.
void check_performance(Finding& f, const Claim& c, const Context& x, double predicted, double bound, bool higher_is_better,
                       const std::string& what, const std::string& unit_desc) {
  f.expected = predicted;
  const std::string bound_text = in_written_unit(c, bound) + (c.unit_text.empty() ? "" : " " + c.unit_text);
  f.expected_text = fmt::format("{} (speed-of-light bound {})", unit_desc, bound_text);
  const double t = x.options->tolerance;
  // A figure stated as the bound itself ("speed-of-light bound 9.5 ms").
  if (f.text.find("bound") != std::string::npos && close(c.value, bound, exact_tolerance(c))) {
    f.verdict = Verdict::kCorrect;
    f.expected = bound;
    f.explanation = "the speed-of-light bound: peak FLOP/s, HBM and link bandwidth, perfect overlap";
    return;
  }
  const bool beats_bound = higher_is_better ? c.value > bound * (1 + 1e-9) : c.value < bound * (1 - 1e-9);
  const std::string basis = fmt::format("moeplan predicts {} for this strategy at {} requests in flight ({} cost model); "
                                        "the speed-of-light bound is {}",
                                        what, x.plan->performance.concurrency, x.plan->cost_model, bound_text);
  if (beats_bound) {
    f.verdict = Verdict::kImpossible;
    f.error_factor = predicted != 0 ? c.value / predicted : 0;
    f.explanation = "beats the speed-of-light bound: " + basis;
    f.replacement = in_written_unit(c, predicted);
    return;
  }
  if (close(c.value, predicted, t)) {
    f.verdict = Verdict::kCorrect;
    f.explanation = fmt::format("within ±{:.0f}% of the prediction: {}", t * 100, basis);
    return;
  }
  // The prediction's own cross-validated error band (model/error_band.h):
  // what engines measured on the published cases, relative to what moeplan
  // predicted for them. Throughput scales with the ratio, latency with its
  // inverse.
  const double lo = higher_is_better ? predicted * kErrorBandLow : std::max(predicted / kErrorBandHigh, bound);
  const double hi = higher_is_better ? std::min(predicted * kErrorBandHigh, bound) : predicted / kErrorBandLow;
  const double stated_lo = c.value, stated_hi = c.value_hi > c.value ? c.value_hi : c.value;
  const double rounding = exact_tolerance(c);  // the figure is written rounded
  if (stated_lo >= lo * (1 - rounding) && stated_hi <= hi * (1 + rounding)) {
    f.verdict = Verdict::kCorrect;
    f.explanation = fmt::format("within the prediction's cross-validated error band ({} to {}): {}", in_written_unit(c, lo),
                                in_written_unit(c, hi), basis);
    return;
  }
  f.verdict = Verdict::kUnsupported;
  f.error_factor = predicted != 0 ? c.value / predicted : 0;
  f.explanation = fmt::format("outside ±{:.0f}% of the prediction and its cross-validated error band: {}", t * 100, basis);
  f.replacement = in_written_unit(c, predicted);
}

void check_claim(Finding& f, const Claim& c, const Context& x) {
  const Scenario* sc = x.scenario;
  const Plan* p = x.plan;
  // Claims that need no scenario.
  if (c.kind == ClaimKind::kOptimizerStates) {
    f.verdict = Verdict::kWrong;
    f.expected = 0;
    f.expected_text = "none";
    f.explanation = "an inference deployment keeps no optimizer states (they exist only in training); memory for them is 0";
    f.replacement = "KV cache";
    return;
  }
  if (c.kind == ClaimKind::kDegreeProduct && c.arithmetic) {
    if (!close(c.arithmetic->value, c.value, 1e-9)) {
      set_wrong(f, c, c.arithmetic->value,
                fmt::format("{} = {:g}, not {:g}", c.arithmetic->text, c.arithmetic->value, c.value));
      return;
    }
  }
  if (!p) {
    f.verdict = Verdict::kUnverifiable;
    f.explanation = "no scenario (front matter or --scenario) to compare with; internally consistent";
    return;
  }
  const ModelSpec& m = sc->model;
  const Strategy& s = p->strategy;
  const ExpertDistribution& e = p->experts;
  // issue 10 (engine instances): a count of one instance's GPUs is right too.
  if ((c.kind == ClaimKind::kGpuCount || c.kind == ClaimKind::kDegreeProduct) && s.instances > 1 &&
      (covers(c, s.gpus_per_instance()) || covers(c, s.gpus_per_stage()))) {
    f.verdict = Verdict::kCorrect;
    f.expected = s.gpus_per_instance();
    f.explanation = fmt::format("TP {} × PP {} × DP {} = {} GPUs per engine instance, {} instances", s.tp, s.pp, s.dp,
                                s.gpus_per_instance(), s.instances);
    return;
  }
  switch (c.kind) {
    case ClaimKind::kGpuCount:
      check_count(f, c, s.gpus(), fmt::format("TP {} × PP {} × DP {} = {} GPUs", s.tp, s.pp, s.dp, s.gpus()));
      return;
    case ClaimKind::kDegreeProduct:
      // EP x ETP multiplies to the GPUs of one stage, TP x PP x DP to all.
      if (covers(c, s.gpus_per_stage()) && s.gpus_per_stage() != s.gpus()) {
        f.verdict = Verdict::kCorrect;
        f.expected = s.gpus_per_stage();
        f.explanation = fmt::format("EP {} × ETP {} = TP {} × DP {} = {} GPUs per stage", s.ep, s.etp, s.tp, s.dp,
                                    s.gpus_per_stage());
        return;
      }
      check_count(f, c, s.gpus(), fmt::format("the deployment has {} GPUs", s.gpus()));
      return;
    case ClaimKind::kTp: check_count(f, c, s.tp, "the strategy's TP"); return;
    case ClaimKind::kPp: check_count(f, c, s.pp, "the strategy's PP"); return;
    case ClaimKind::kDp: check_count(f, c, s.dp, "the strategy's DP"); return;
    case ClaimKind::kEp:
      if (m.is_moe() && c.value >= 1 && c.value == std::floor(c.value) &&
          std::fmod(static_cast<double>(m.num_experts + sc->placement.redundant_experts), c.value) != 0) {
        set_wrong(f, c, s.ep,
                  fmt::format("EP={:g} does not divide the {} experts of a layer{}; this deployment uses EP={}", c.value,
                              m.num_experts + sc->placement.redundant_experts,
                              sc->placement.redundant_experts > 0 ? " (with redundant slots)" : "", s.ep));
        return;
      }
      check_count(f, c, s.ep, "the strategy's EP");
      return;
    case ClaimKind::kEtp: check_count(f, c, s.etp, "the strategy's expert TP"); return;
    case ClaimKind::kExpertsPerLayer:
      check_count(f, c, m.num_experts, fmt::format("{} routed experts per MoE layer", m.num_experts));
      return;
    case ClaimKind::kLayers: {
      const double layers = m.num_layers, moe = m.num_moe_layers();
      f.expected = layers;
      f.expected_text = fmt::format("{:g} ({:g} MoE)", layers, moe);
      if (covers(c, layers) || covers(c, moe)) {
        f.verdict = Verdict::kCorrect;
        f.explanation = fmt::format("{:g} decoder layers, {:g} of them MoE", layers, moe);
      } else {
        set_wrong(f, c, layers, fmt::format("{:g} decoder layers, {:g} of them MoE", layers, moe));
      }
      return;
    }
    case ClaimKind::kExpertsPerGpu: {
      const double per_layer = e.per_gpu_per_moe_layer;
      const double total_lo = e.per_gpu_total_min, total_hi = e.per_gpu_total_max;
      const std::string derivation = fmt::format(
          "{} experts per MoE layer / EP {} = {:g} per GPU in each MoE layer; × {} MoE layers per stage = {} in total",
          e.experts_per_layer, s.ep, per_layer,
          total_lo == total_hi ? fmt::format("{}", p->stages.front().moe_layers) : std::string("the stage's"),
          total_lo == total_hi ? fmt::format("{:g}", total_hi) : fmt::format("{:g}-{:g}", total_lo, total_hi));
      f.expected_text = fmt::format("{:g} per MoE layer ({} in total)", per_layer,
                                    total_lo == total_hi ? fmt::format("{:g}", total_hi)
                                                         : fmt::format("{:g}-{:g}", total_lo, total_hi));
      const bool is_per_layer = covers(c, per_layer);
      const bool is_total = c.value >= total_lo * (1 - 1e-9) && c.value_hi <= total_hi * (1 + 1e-9);
      if (c.scope == Scope::kPerMoeLayer) {
        if (is_per_layer) { f.verdict = Verdict::kCorrect; f.explanation = derivation; f.expected = per_layer; }
        else set_wrong(f, c, per_layer, derivation);
        return;
      }
      if (c.scope == Scope::kTotal) {
        if (is_total) { f.verdict = Verdict::kCorrect; f.explanation = derivation; f.expected = total_hi; }
        else set_wrong(f, c, total_hi, derivation);
        return;
      }
      if (is_per_layer && is_total) {  // one MoE layer per stage: both readings agree
        f.verdict = Verdict::kCorrect;
        f.expected = per_layer;
        f.explanation = derivation;
        return;
      }
      if (is_per_layer) {
        f.verdict = Verdict::kAmbiguous;
        f.expected = per_layer;
        f.explanation = "true per MoE layer, not in total: " + derivation + "; say \"per MoE layer\"";
        f.qualifier = " per MoE layer";
        return;
      }
      if (is_total) {
        f.verdict = Verdict::kAmbiguous;
        f.expected = total_hi;
        f.explanation = "true in total over the GPU's MoE layers, not per layer: " + derivation + "; say \"in total\"";
        f.qualifier = " in total";
        return;
      }
      set_wrong(f, c, per_layer, derivation);
      f.qualifier = total_lo == total_hi ? fmt::format(" per MoE layer, {:g} in total", total_hi) : " per MoE layer";
      if (total_hi > 0 && c.value > 0)
        f.explanation += fmt::format(" (the stated {:g} is {:.3g}× the per-layer count and {:.3g}× the total)", c.value,
                                     c.value / per_layer, c.value / total_hi);
      return;
    }
    case ClaimKind::kExpertsTotal: {
      const double instances = static_cast<double>(e.experts_per_layer) * e.moe_layers_total;
      f.expected = instances;
      f.expected_text = fmt::format("{:g} expert instances ({} per MoE layer × {} MoE layers)", instances, e.experts_per_layer,
                                    e.moe_layers_total);
      if (covers(c, instances)) {
        f.verdict = Verdict::kCorrect;
        f.explanation = f.expected_text;
      } else if (covers(c, e.experts_per_layer)) {
        f.verdict = Verdict::kAmbiguous;
        f.explanation = fmt::format("true per MoE layer ({} experts); over the {} MoE layers there are {:g}",
                                    e.experts_per_layer, e.moe_layers_total, instances);
      } else {
        set_wrong(f, c, instances, f.expected_text);
      }
      return;
    }
    case ClaimKind::kEpGroups:
      check_count(f, c, e.ep_groups, fmt::format("PP {} × ETP {} = {} EP groups of {} GPUs", s.pp, s.etp, e.ep_groups, s.ep));
      return;
    case ClaimKind::kEpGroupSize:
      check_count(f, c, e.ep_group_size, fmt::format("an EP group spans EP = {} GPUs", s.ep));
      return;
    case ClaimKind::kLayersPerStage: {
      int lo = 1 << 30, hi = 0;
      for (const auto& st : p->stages) { lo = std::min(lo, st.layers); hi = std::max(hi, st.layers); }
      f.expected = hi;
      f.expected_text = lo == hi ? fmt::format("{}", hi) : fmt::format("{}-{}", lo, hi);
      const std::string why = fmt::format("{} layers over PP {} stages: {} per stage", m.num_layers, s.pp, f.expected_text);
      if (c.value >= lo - 1e-9 && c.value_hi <= hi + 1e-9) { f.verdict = Verdict::kCorrect; f.explanation = why; }
      else set_wrong(f, c, hi, why);
      return;
    }
    case ClaimKind::kParamsTotal: {
      const double total = p->params.total;
      f.expected = total;
      f.expected_text = fmt_params(total);
      const std::string why = fmt::format("{} parameters in total (moeplan inspect {})", fmt_params(total), m.name);
      if (covers(c, total)) { f.verdict = Verdict::kCorrect; f.explanation = why; }
      else set_wrong(f, c, total, why);
      return;
    }
    case ClaimKind::kParamsActive: {
      const double a = p->params.active, b = p->params.active_excluding_input_embedding;
      f.expected = a;
      f.expected_text = fmt_params(a);
      const std::string why = fmt::format("{} active per token ({} without the input embedding)", fmt_params(a), fmt_params(b));
      if (covers(c, a) || covers(c, b)) { f.verdict = Verdict::kCorrect; f.explanation = why; }
      else set_wrong(f, c, a, why);
      return;
    }
    case ClaimKind::kParamsPerGpu: {
      f.expected = x.params_gpu_max;
      f.expected_text = fmt_params(x.params_gpu_min) + (x.params_gpu_min == x.params_gpu_max ? "" : " to " + fmt_params(x.params_gpu_max));
      const std::string why = "parameters one GPU holds, by stage: " + f.expected_text;
      const double t = exact_tolerance(c);
      if (c.value >= x.params_gpu_min * (1 - t) && c.value_hi <= x.params_gpu_max * (1 + t)) {
        f.verdict = Verdict::kCorrect;
        f.explanation = why;
      } else {
        set_wrong(f, c, x.params_gpu_max, why);
        f.replacement = range_in_written_unit(c, x.params_gpu_min, x.params_gpu_max);
      }
      return;
    }
    case ClaimKind::kWeightsPerGpu: {
      // The whole model's weights: each component at its stored dtype.
      const double model_bytes = model_weight_bytes(m, p->params.breakdown);
      const std::string model_why =
          fmt::format("the model's {} parameters at their stored dtypes: {}", fmt_params(p->params.total), fmt_gb(model_bytes));
      if (c.scope == Scope::kTotal) {
        check_count(f, c, model_bytes, model_why);
        return;
      }
      if (c.scope == Scope::kUnqualified && covers(c, model_bytes) && !covers(c, x.weights_max)) {
        f.verdict = Verdict::kCorrect;
        f.expected = model_bytes;
        f.explanation = model_why + " (read as the whole model, not one GPU)";
        return;
      }
      const double lo = x.weights_min, hi = x.weights_max;
      f.expected = hi;
      f.expected_text = fmt_gb(lo) + (lo == hi ? "" : " to " + fmt_gb(hi));
      std::string why = fmt::format("weights on one GPU, by stage: {} (attention, dense FFN and shared experts / TP {}; "
                                    "{} experts per MoE layer of the stage; embedding / LM head / TP on the first / last stage)",
                                    f.expected_text, s.tp, e.per_gpu_per_moe_layer);
      const double t = exact_tolerance(c);
      if (c.value >= lo * (1 - t) && c.value_hi <= hi * (1 + t)) {
        f.verdict = Verdict::kCorrect;
        f.explanation = why;
        return;
      }
      // GB written for GiB, or the other way round.
      const double ratio = kGiB / kGB;
      if ((c.value * ratio >= lo * (1 - t) && c.value * ratio <= hi * (1 + t)) ||
          (c.value / ratio >= lo * (1 - t) && c.value / ratio <= hi * (1 + t)))
        why += "; the stated figure matches if GB and GiB are swapped: GB = 1e9 bytes, GiB = 2^30 bytes";
      set_wrong(f, c, hi, why);
      f.replacement = range_in_written_unit(c, lo, hi);
      return;
    }
    case ClaimKind::kKvPerToken: {
      const double whole = p->kv.bytes_per_token, layer = p->kv.bytes_per_token_per_layer;
      const StageMemory& w = p->memory.stages[static_cast<size_t>(p->memory.worst_stage)];
      const double per_gpu = w.kv_bytes_per_token;
      const double per_gpu_layer = w.layers.layers > 0 ? per_gpu / w.layers.layers : 0;
      f.expected = c.scope == Scope::kPerMoeLayer ? layer : whole;
      f.expected_text = fmt::format("{} B per token for the model, {} B per layer; {} B per GPU ({} B per layer per GPU)",
                                    fmt_int(whole), fmt_int(layer), fmt_int(per_gpu), fmt_int(per_gpu_layer));
      // "KB" is read as 1000 or 1024 bytes.
      bool ok = false;
      for (double v : {whole, layer, per_gpu, per_gpu_layer})
        ok |= covers(c, v) || (c.unit_text.find("KB") != std::string::npos && covers(c, v / 1.024)) ||
              (c.unit_text.find("MB") != std::string::npos && covers(c, v / 1.048576));
      if (ok) { f.verdict = Verdict::kCorrect; f.explanation = f.expected_text; }
      else set_wrong(f, c, f.expected.value(), f.expected_text);
      return;
    }
    case ClaimKind::kMemoryPerGpuTotal: {
      const MemoryReport& mem = p->memory;
      const double capacity = mem.capacity_bytes;
      double static_max = 0;
      for (const auto& g : mem.stages) static_max = std::max(static_max, g.weights_bytes + g.activation_bytes + g.runtime_reserve_bytes);
      const StageMemory& worst = mem.stages[static_cast<size_t>(mem.worst_stage)];
      f.expected = static_max;
      f.expected_text = fmt::format("{} to {}", fmt_gb(static_max), fmt_gb(worst.usable_bytes));
      const double marketed = sc->cluster.gpu.marketing_memory_bytes;  // issue 8: "80 GB" names an H100 too
      if (covers(c, capacity) || (marketed > 0 && covers(c, marketed))) {  // "12 GB of the 80 GB": the GPU's memory
        f.verdict = Verdict::kCorrect;
        f.expected = capacity;
        f.explanation = "the GPU's memory: " + fmt_gb(capacity, 0);
        return;
      }
      if (c.value > capacity * (1 + 1e-9)) {
        f.verdict = Verdict::kImpossible;
        f.explanation = fmt::format("exceeds the GPU's {} of memory", fmt_gb(capacity));
        f.replacement = in_written_unit(c, static_max);
        return;
      }
      if (c.value_hi < x.static_min * (1 - exact_tolerance(c))) {
        set_wrong(f, c, static_max,
                  fmt::format("less than the weights, activations and runtime reserve alone ({}); the rest up to {} "
                              "usable is KV cache",
                              fmt_gb(static_max), fmt_gb(worst.usable_bytes)));
        return;
      }
      if (c.value > worst.usable_bytes * (1 + exact_tolerance(c))) {
        set_wrong(f, c, worst.usable_bytes,
                  fmt::format("more than the {} the engine may use ({:g} of {})", fmt_gb(worst.usable_bytes),
                              sc->runtime.memory_fraction, fmt_gb(capacity)));
        return;
      }
      const double kv = std::max(0.0, c.value - static_max);
      const double requests = worst.kv_bytes_per_sequence > 0 ? kv / worst.kv_bytes_per_sequence : 0;
      f.verdict = Verdict::kCorrect;
      f.explanation = fmt::format("weights + activations + runtime reserve = {}; the remaining {} is KV cache for about "
                                  "{:.0f} requests of {} tokens per DP replica (the engine fills up to {})",
                                  fmt_gb(static_max), fmt_gb(kv), requests,
                                  sc->workload.input_tokens + sc->workload.output_tokens, fmt_gb(worst.usable_bytes));
      return;
    }
    case ClaimKind::kGpuMemoryCapacity: {
      const double capacity = sc->cluster.gpu.memory_bytes;
      f.expected = capacity;
      f.expected_text = fmt_gb(capacity, 0);
      if (covers(c, capacity)) { f.verdict = Verdict::kCorrect; f.explanation = "the GPU's memory: " + fmt_gb(capacity, 0); return; }
      // issue 8: the marketed figure ("H100 80 GB") is the same GPU's memory, as sold.
      if (const double marketed = sc->cluster.gpu.marketing_memory_bytes; marketed > 0 && covers(c, marketed)) {
        f.verdict = Verdict::kCorrect;
        f.explanation = fmt::format("the GPU's marketed memory: {} ({} as the driver reports)", fmt_gb(marketed, 0),
                                    fmt_gb(capacity));
        return;
      }
      std::string why = "the GPU's memory is " + fmt_gb(capacity, 0) + " = " + fmt_gib(capacity);
      if (covers(c, capacity / kGiB * kGB) || covers(c, capacity / kGB * kGiB)) why += " (GB and GiB swapped?)";
      set_wrong(f, c, capacity, why);
      return;
    }
    case ClaimKind::kThroughput: {
      const Performance& pf = p->performance;
      const double tol = x.options->tolerance;
      const bool says_total = f.text.find("input") != std::string::npos || f.text.find("Total") != std::string::npos ||
                              f.text.find("total (") != std::string::npos || f.text.find("prefill") != std::string::npos;
      // Input + output tokens/s is a throughput too: said as such it is
      // judged as one; unsaid, it is ambiguous rather than wrong.
      std::string lower = f.text;
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const bool says_output = lower.find("output") != std::string::npos || lower.find("decode") != std::string::npos ||
                               lower.find("generat") != std::string::npos;
      if (close(c.value, pf.total_tokens_per_s, tol) &&
          (says_total || (!says_output && !close(c.value, pf.output_tokens_per_s, tol)))) {
        f.expected = pf.total_tokens_per_s;
        if (says_total) {
          f.verdict = Verdict::kCorrect;
          f.explanation = fmt::format("input + output tokens/s: {}", fmt_int(pf.total_tokens_per_s));
        } else {
          f.verdict = Verdict::kAmbiguous;
          f.explanation = fmt::format("matches the total (input + output) throughput of {} tokens/s, not the output "
                                      "throughput of {} tokens/s; say which",
                                      fmt_int(pf.total_tokens_per_s), fmt_int(pf.output_tokens_per_s));
        }
        return;
      }
      check_performance(f, c, x, pf.output_tokens_per_s, pf.sol_output_tokens_per_s, true,
                        fmt::format("{} output tokens/s", fmt_int(pf.output_tokens_per_s)),
                        fmt::format("{} output tokens/s", fmt_int(pf.output_tokens_per_s)));
      return;
    }
    case ClaimKind::kThroughputPerGpu: {
      const Performance& pf = p->performance;
      check_performance(f, c, x, pf.output_tokens_per_s_per_gpu, pf.sol_output_tokens_per_s / s.gpus(), true,
                        fmt::format("{} output tokens/s per GPU", fmt_int(pf.output_tokens_per_s_per_gpu)),
                        fmt::format("{} output tokens/s per GPU", fmt_int(pf.output_tokens_per_s_per_gpu)));
      return;
    }
    case ClaimKind::kTtft: {
      const Performance& pf = p->performance;
      check_performance(f, c, x, pf.ttft_s, pf.sol_ttft_s, false, "a TTFT of " + fmt_seconds(pf.ttft_s),
                        fmt_seconds(pf.ttft_s));
      return;
    }
    case ClaimKind::kTpot: {
      const Performance& pf = p->performance;
      check_performance(f, c, x, pf.tpot_s, pf.sol_tpot_s, false, "a TPOT of " + fmt_seconds(pf.tpot_s),
                        fmt_seconds(pf.tpot_s));
      return;
    }
    case ClaimKind::kBandwidth: {
      const ClusterSpec& cl = sc->cluster;
      // The link named closest before the number on its line (else just after it).
      std::string line(x.doc->line(c.line));
      for (char& ch : line) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      struct Link { const char* name; double bytes_per_s; std::vector<double> also; };
      const std::vector<std::pair<std::vector<const char*>, Link>> links = {
          {{"hbm", "memory bandwidth"}, {"HBM", cl.gpu.memory_bandwidth_bytes_per_s, {}}},
          {{"nvlink", "intra-node", "intra node", "scale-up", "infinity fabric", "within a node"},
           {"intra-node link (per direction)", cl.intra_node.bandwidth_bytes_per_s,
            {2 * cl.intra_node.bandwidth_bytes_per_s, cl.gpu.allreduce_bus_bandwidth_bytes_per_s}}},
          {{"infiniband", "rdma", "nic", "roce", "inter-node", "inter node", "across nodes", "between nodes", "network",
            "ethernet"},
           {"inter-node link per GPU", cl.inter_node.bandwidth_bytes_per_s, {}}}};
      // Prefer the link named in the number's own clause (between commas or
      // semicolons): before the number, else after it; then anywhere before it.
      const size_t clause_begin = [&] {
        const size_t cut = line.find_last_of(",;", c.col_begin);
        return cut == std::string::npos ? size_t{0} : cut + 1;
      }();
      const size_t clause_end = std::min(line.size(), line.find_first_of(",;", c.col_end));
      auto nearest = [&](size_t from, size_t to, bool last) -> std::optional<Link> {
        std::optional<Link> found;
        long best = last ? -1 : static_cast<long>(to);
        for (const auto& [words, l] : links)
          for (const char* w : words) {
            const size_t at = last ? line.rfind(w, to) : line.find(w, from);
            if (at == std::string::npos || at < from || at + std::strlen(w) > to) continue;
            if (last ? static_cast<long>(at) > best : static_cast<long>(at) < best) {
              best = static_cast<long>(at);
              found = l;
            }
          }
        return found;
      };
      std::optional<Link> link = nearest(clause_begin, c.col_begin, true);
      if (!link) link = nearest(c.col_end, clause_end, false);
      if (!link) link = nearest(0, c.col_begin, true);
      if (link && link->bytes_per_s > 0) {
        bool ok = covers(c, link->bytes_per_s);
        for (double v : link->also) ok |= v > 0 && covers(c, v);
        f.expected = link->bytes_per_s;
        f.expected_text = fmt::format("{:.3g} GB/s", link->bytes_per_s / 1e9);
        const std::string why = fmt::format("the scenario's {}: {:.3g} GB/s", link->name, link->bytes_per_s / 1e9);
        if (ok) { f.verdict = Verdict::kCorrect; f.explanation = why; }
        else set_wrong(f, c, link->bytes_per_s, why);
        return;
      }
      const double options[] = {cl.intra_node.bandwidth_bytes_per_s, 2 * cl.intra_node.bandwidth_bytes_per_s,
                                cl.inter_node.bandwidth_bytes_per_s, cl.gpu.memory_bandwidth_bytes_per_s,
                                cl.gpu.allreduce_bus_bandwidth_bytes_per_s};
      for (double v : options)
        if (v > 0 && covers(c, v)) {
          f.verdict = Verdict::kCorrect;
          f.expected = v;
          f.explanation = "matches a link or memory bandwidth of the cluster";
          return;
        }
      f.verdict = Verdict::kUnverifiable;
      f.explanation = fmt::format("no link of the scenario has this bandwidth (NVLink {:.0f} GB/s per direction, network "
                                  "{:.0f} GB/s per GPU, HBM {:.2f} TB/s)",
                                  cl.intra_node.bandwidth_bytes_per_s / 1e9, cl.inter_node.bandwidth_bytes_per_s / 1e9,
                                  cl.gpu.memory_bandwidth_bytes_per_s / 1e12);
      return;
    }
    case ClaimKind::kOptimizerStates:
    case ClaimKind::kOther:
      f.verdict = Verdict::kUnverifiable;
      f.explanation = "not a quantity moeplan derives";
      return;
  }
}

// The document's own degrees, where it states them.
std::optional<Strategy> document_strategy(const std::vector<Claim>& claims, const Scenario& sc, std::string* source) {
  PartialStrategy ps;
  bool any = false;
  auto take = [&](ClaimKind k, std::optional<int>& slot) {
    for (const auto& c : claims)
      if (c.kind == k && !slot && c.value >= 1 && c.value == std::floor(c.value) && c.value < 1e6) {
        slot = static_cast<int>(c.value);
        any = true;
      }
  };
  take(ClaimKind::kTp, ps.tp);
  take(ClaimKind::kPp, ps.pp);
  take(ClaimKind::kDp, ps.dp);
  take(ClaimKind::kEp, ps.ep);
  take(ClaimKind::kEtp, ps.etp);
  if (!any) return std::nullopt;
  // Degrees the document leaves out come from the scenario's strategy.
  if (sc.strategy) {
    if (!ps.tp) ps.tp = sc.strategy->tp;
    if (!ps.pp) ps.pp = sc.strategy->pp;
    if (!ps.dp && !(ps.tp && ps.pp)) ps.dp = sc.strategy->dp;
  }
  try {
    Strategy s = complete_strategy(ps, sc.cluster.gpus, sc.model.is_moe(), "");
    if (strategy_problem(s, sc.model, sc.cluster, sc.placement.redundant_experts)) return std::nullopt;
    *source = "the document (" + s.label() + ")";
    return s;
  } catch (const InputError&) {
    return std::nullopt;
  }
}

}  // namespace

CheckReport check_document(const MarkdownDocument& doc, const std::vector<Claim>& claims, const Scenario* scenario,
                           const CheckOptions& options) {
  CheckReport r;
  r.file = doc.file;
  r.has_scenario = scenario != nullptr;
  Context x;
  x.doc = &doc;
  x.scenario = scenario;
  x.options = &options;
  if (scenario) {
    std::optional<Strategy> s = document_strategy(claims, *scenario, &r.strategy_source);
    if (!s && scenario->strategy) {
      s = scenario->strategy;
      r.strategy_source = "the scenario (" + s->label() + ")";
    }
    if (s) {
      r.plan = evaluate_plan(*scenario, *s);
      r.plan->scenario = scenario;
      x.plan = &*r.plan;
      x.weights_min = 1e300;
      x.params_gpu_min = 1e300;
      x.static_min = 1e300;
      for (const auto& g : r.plan->memory.stages) {
        x.weights_min = std::min(x.weights_min, g.weights_bytes);
        x.weights_max = std::max(x.weights_max, g.weights_bytes);
        x.params_gpu_min = std::min(x.params_gpu_min, g.weight_params);
        x.params_gpu_max = std::max(x.params_gpu_max, g.weight_params);
        x.static_min = std::min(x.static_min, g.weights_bytes + g.activation_bytes + g.runtime_reserve_bytes);
      }
    } else {
      r.strategy_source = "none: the scenario has no strategy and the document states no valid TP/PP/DP";
    }
  }
  // Lines that spell out a whole strategy other than the plan's describe an
  // alternative, not this deployment: their numbers are not claims about it.
  std::map<int, bool> alternative_line;
  if (x.plan) {
    std::map<int, std::vector<const Claim*>> degrees;
    for (const Claim& c : claims)
      if (c.kind == ClaimKind::kTp || c.kind == ClaimKind::kPp || c.kind == ClaimKind::kDp || c.kind == ClaimKind::kEp)
        degrees[c.line].push_back(&c);
    const Strategy& s = x.plan->strategy;
    for (const auto& [line, list] : degrees) {
      if (list.size() < 2) continue;
      bool differs = false;
      for (const Claim* c : list) {
        const double want = c->kind == ClaimKind::kTp ? s.tp : c->kind == ClaimKind::kPp ? s.pp : c->kind == ClaimKind::kDp ? s.dp : s.ep;
        differs |= c->value != want;
      }
      alternative_line[line] = differs;
    }
  }
  for (const Claim& c : claims) {
    if (c.kind == ClaimKind::kOther) continue;
    Finding f;
    f.node = c.node;
    f.line = c.line;
    f.text = c.text;
    f.quantity = to_string(c.kind) + (c.scope == Scope::kUnqualified ? "" : " (" + to_string(c.scope) + ")");
    f.stated = c.value;
    f.stated_hi = c.value_hi;
    f.stated_text = stated_text(c);
    f.col_begin = c.col_begin;
    f.col_end = c.col_end;
    if (alternative_line[c.line]) {
      f.verdict = Verdict::kUnverifiable;
      f.explanation = "the line describes another strategy than the deployment's (" + x.plan->strategy.label() + ")";
      r.findings.push_back(std::move(f));
      continue;
    }
    check_claim(f, c, x);
    if (c.kind == ClaimKind::kOptimizerStates) {
      // The words themselves are what is wrong: point the fix at them.
      std::string lower(doc.line(c.line));
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const size_t at = lower.find("optimizer state");
      if (at != std::string::npos) {
        f.col_begin = at;
        f.col_end = at + std::string("optimizer state").size() + (lower.compare(at + 15, 1, "s") == 0 ? 1 : 0);
      } else {
        f.replacement.clear();
      }
    }
    if (!f.qualifier.empty()) {
      // After "experts per GPU" (or the word after the number) on the same line.
      const std::string_view line = doc.line(c.line);
      size_t at = line.find("per GPU", c.col_end);
      if (at != std::string_view::npos && at - c.col_end < 24) f.qualifier_at = at + 7;
      else f.qualifier.clear();
    }
    // An inline formula: its own arithmetic and dimensions.
    if (c.arithmetic && c.kind != ClaimKind::kDegreeProduct) {
      const Arithmetic& a = *c.arithmetic;
      if (!a.dimension_matches || !close(a.value, c.value, 0.05)) {
        f.formula_begin = a.col_begin;
        f.formula_end = a.col_end;
        f.formula_replacement = "computed per stage by moeplan";
      }
      if (!a.dimension_matches) {
        f.explanation = "the formula \"" + a.text + "\" has dimension " + to_string(a.dimension) + ": " + a.dimension_note +
                        (f.explanation.empty() ? "" : ". " + f.explanation);
        if (f.verdict == Verdict::kCorrect || f.verdict == Verdict::kUnverifiable) f.verdict = Verdict::kWrong;
      } else if (!close(a.value, c.value, 0.05)) {
        f.explanation = fmt::format("the formula \"{}\" gives {:.4g}, not the stated {:g}", a.text, a.value / c.unit_scale,
                                    c.value / c.unit_scale) +
                        (f.explanation.empty() ? "" : ". " + f.explanation);
        if (f.verdict == Verdict::kCorrect || f.verdict == Verdict::kUnverifiable) f.verdict = Verdict::kWrong;
      }
    }
    r.findings.push_back(std::move(f));
  }
  return r;
}

namespace {

// (begin, end, replacement) edits of one line.
struct Edit {
  size_t begin;
  size_t end;
  std::string text;
};

void add_edits(const Finding& f, std::vector<Edit>& edits) {
  const bool fix_number = (f.verdict == Verdict::kWrong || f.verdict == Verdict::kImpossible ||
                           f.verdict == Verdict::kUnsupported) &&
                          !f.replacement.empty() && f.col_end > f.col_begin;
  if (fix_number) edits.push_back({f.col_begin, f.col_end, f.replacement});
  if (f.formula_end > f.formula_begin) edits.push_back({f.formula_begin, f.formula_end, f.formula_replacement});
  if (!f.qualifier.empty()) edits.push_back({f.qualifier_at, f.qualifier_at, f.qualifier});
}

// Applies edits right to left so earlier columns stay valid; an edit that
// overlaps one already applied is skipped.
std::string apply_edits(std::string line, std::vector<Edit> edits) {
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
  size_t limit = line.size();
  for (const Edit& e : edits) {
    if (e.end > limit || e.begin > e.end) continue;
    line = line.substr(0, e.begin) + e.text + line.substr(e.end);
    limit = e.begin;
  }
  return line;
}

}  // namespace

std::string render_check_text(const CheckReport& r, const MarkdownDocument& doc) {
  std::string out = fmt::format("moeplan check {}: {} claims; {} correct, {} wrong, {} ambiguous, {} unsupported, {} impossible, "
                                "{} unverifiable\n",
                                r.file, r.findings.size(), r.count(Verdict::kCorrect), r.count(Verdict::kWrong),
                                r.count(Verdict::kAmbiguous), r.count(Verdict::kUnsupported), r.count(Verdict::kImpossible),
                                r.count(Verdict::kUnverifiable));
  out += r.has_scenario ? "Compared with the plan for the strategy of " + r.strategy_source + ".\n"
                        : "No scenario (front matter or --scenario): only internal consistency was checked.\n";
  // Group the findings that need a change by node, in document order.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const Finding*>> by_node;
  for (const auto& f : r.findings) {
    if (f.verdict == Verdict::kCorrect || f.verdict == Verdict::kUnverifiable) continue;
    const std::string node = f.node.empty() ? "(before the first section)" : f.node;
    if (!by_node.count(node)) order.push_back(node);
    by_node[node].push_back(&f);
  }
  out += "\n## Nodes requiring modification\n";
  if (order.empty()) out += "\nNone: every checked claim is correct.\n";
  int n = 0;
  for (const auto& node : order) {
    ++n;
    out += node.rfind("Node ", 0) == 0 ? fmt::format("\n### {}\n", node) : fmt::format("\n### Node {}: {}\n", n, node);
    for (const Finding* f : by_node[node]) {
      std::vector<Edit> edits;
      add_edits(*f, edits);
      const std::string fixed = apply_edits(std::string(doc.line(f->line)), edits);
      out += fmt::format("- line {} [{}] {}: stated {}{}\n", f->line, to_string(f->verdict), f->quantity, f->stated_text,
                         f->expected_text.empty() ? "" : ", expected " + f->expected_text);
      out += fmt::format("  **Current**: \"{}\"\n", std::string(doc.line(f->line)));
      if (fixed != doc.line(f->line)) out += fmt::format("  **Should be**: \"{}\"\n", fixed);
      out += "  **Derivation**: " + f->explanation + "\n";
    }
  }
  out += fmt::format("\n## Summary\n{} claims checked in {} nodes; {} need a change.\n", r.findings.size(),
                     doc.nodes.size(), r.findings.size() - r.count(Verdict::kCorrect) - r.count(Verdict::kUnverifiable));
  out += r.failed() ? "Verdict: the document has wrong or impossible numbers.\n" : "Verdict: no wrong or impossible numbers.\n";
  return out;
}

nlohmann::json check_json(const CheckReport& r) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : r.findings) {
    nlohmann::json j{{"node", f.node},         {"line", f.line},         {"text", f.text},
                     {"quantity", f.quantity}, {"stated", f.stated},     {"verdict", to_string(f.verdict)},
                     {"explanation", f.explanation}};
    j["expected"] = f.expected ? nlohmann::json(*f.expected) : nlohmann::json(nullptr);
    if (!f.expected_text.empty()) j["expected_text"] = f.expected_text;
    if (f.stated_hi != f.stated) j["stated_hi"] = f.stated_hi;
    if (f.error_factor != 0) j["error_factor"] = f.error_factor;
    findings.push_back(j);
  }
  nlohmann::json summary{{"claims", r.findings.size()},
                         {"correct", r.count(Verdict::kCorrect)},
                         {"wrong", r.count(Verdict::kWrong)},
                         {"ambiguous", r.count(Verdict::kAmbiguous)},
                         {"unsupported", r.count(Verdict::kUnsupported)},
                         {"impossible", r.count(Verdict::kImpossible)},
                         {"unverifiable", r.count(Verdict::kUnverifiable)},
                         {"has_scenario", r.has_scenario},
                         {"strategy_source", r.strategy_source},
                         {"failed", r.failed()}};
  return nlohmann::json{{"file", r.file}, {"findings", findings}, {"summary", summary}};
}

std::string apply_fixes(const CheckReport& r, const MarkdownDocument& doc) {
  std::map<int, std::vector<Edit>> edits;
  for (const auto& f : r.findings) add_edits(f, edits[f.line]);
  std::string out;
  for (int n = 1; n <= doc.line_count(); ++n) {
    auto it = edits.find(n);
    out += (it == edits.end() ? std::string(doc.line(n)) : apply_edits(std::string(doc.line(n)), it->second)) + "\n";
  }
  return out;
}

}  // namespace moeplan
