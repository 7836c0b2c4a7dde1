#include "search/burst.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "model/engine_batch.h"

namespace moeplan {

namespace {

struct Decoding {
  size_t request;
  double remaining;  // output tokens still to come
  double context;    // tokens in its KV cache
};

struct Prefilling {
  size_t request;
  double remaining;  // prompt tokens not yet prefilled
};

}  // namespace

BurstRun simulate_burst(const std::vector<RequestLengths>& requests, const BurstEngine& e) {
  BurstRun run;
  const size_t n = requests.size();
  run.requests = static_cast<int64_t>(n);
  if (n == 0) return run;
  std::vector<double> first_token_s(n, 0);
  std::deque<Prefilling> prefilling;
  std::vector<Decoding> decoding;
  size_t next = 0;
  double t = 0, kv_used = 0, context_sum = 0, running_time = 0, ttft_sum = 0, tpot_sum = 0, last_admission_s = 0;
  int64_t tpot_count = 0;
  const auto need = [&](size_t i) {
    return static_cast<double>(requests[i].input_tokens + requests[i].output_tokens);
  };
  const auto finish = [&](size_t i) {
    kv_used -= need(i);
    const int64_t out = requests[i].output_tokens;
    if (out > 1) {
      tpot_sum += (t - first_token_s[i]) / static_cast<double>(out - 1);
      ++tpot_count;
    }
  };
  for (const RequestLengths& r : requests) {
    run.input_tokens += r.input_tokens;
    run.output_tokens += r.output_tokens;
  }
  while (next < n || !prefilling.empty() || !decoding.empty()) {
    // Admission: first come first served, within the batch cap and the KV cache.
    while (next < n) {
      const size_t in_flight = prefilling.size() + decoding.size();
      const bool empty = in_flight == 0;
      if (!empty && (static_cast<int64_t>(in_flight) >= e.max_running || kv_used + need(next) > e.kv_tokens)) break;
      kv_used += need(next);
      prefilling.push_back({next, static_cast<double>(requests[next].input_tokens)});
      ++next;
      last_admission_s = t;
      run.peak_running = std::max(run.peak_running, static_cast<int>(prefilling.size() + decoding.size()));
    }
    // This step's prompt tokens, first come first served, up to the budget.
    double prompt = 0;
    std::vector<size_t> prefilled;
    for (Prefilling& p : prefilling) {
      const double take = std::min(p.remaining, e.prefill_budget_tokens - prompt);
      if (take <= 0) break;
      prompt += take;
      p.remaining -= take;
      if (p.remaining <= 0) prefilled.push_back(p.request);
    }
    while (!prefilling.empty() && prefilling.front().remaining <= 0) prefilling.pop_front();
    const int batch = static_cast<int>(decoding.size());
    const double dt = (batch > 0 ? e.decode_step_s(batch, context_sum / batch) : 0.0) + (prompt > 0 ? e.prefill_s(prompt) : 0.0);
    t += dt;
    running_time += batch * dt;
    ++run.steps;
    // Every decoding request emits its tokens; the finished leave.
    for (size_t k = 0; k < decoding.size();) {
      Decoding& d = decoding[k];
      d.remaining -= e.tokens_per_step;
      d.context += e.tokens_per_step;
      context_sum += e.tokens_per_step;
      if (d.remaining <= 0) {
        context_sum -= d.context;
        finish(d.request);
        decoding[k] = decoding.back();
        decoding.pop_back();
      } else {
        ++k;
      }
    }
    // A completed prompt's step emits the request's first token.
    for (const size_t i : prefilled) {
      first_token_s[i] = t;
      ttft_sum += t;
      const int64_t out = requests[i].output_tokens;
      if (out <= 1) {
        finish(i);
        continue;
      }
      const double context = static_cast<double>(requests[i].input_tokens + 1);
      decoding.push_back({i, static_cast<double>(out - 1), context});
      context_sum += context;
    }
  }
  run.makespan_s = t;
  run.drain_s = t - last_admission_s;
  run.mean_ttft_s = ttft_sum / static_cast<double>(n);
  run.mean_tpot_s = tpot_count > 0 ? tpot_sum / static_cast<double>(tpot_count) : 0.0;
  run.mean_running = t > 0 ? running_time / t : 0.0;
  return run;
}

namespace {

// Decode step times on a grid of batch sizes: every size up to
// kExactBatches, then sizes kBatchGridRatio apart, linear in between. A
// decode step's time is nearly linear in the batch between neighbours
// (weight reads fixed, per-token work linear); the grid keeps a run of a
// thousand-request batch to ~100 step evaluations instead of one per size.
constexpr int kExactBatches = 32;
constexpr double kBatchGridRatio = 1.0625;

class DecodeStepTable {
 public:
  DecodeStepTable(const PerformanceModel& perf, int max_batch, double context_low, double context_high)
      : perf_(perf), low_(context_low), high_(context_high) {
    for (int b = 1; b <= std::min(max_batch, kExactBatches); ++b) grid_.push_back(b);
    while (grid_.back() < max_batch)
      grid_.push_back(std::min(max_batch, std::max(grid_.back() + 1, static_cast<int>(std::lround(grid_.back() * kBatchGridRatio)))));
    at_.resize(grid_.size());
  }

  double operator()(int batch, double context) {
    const auto hi = std::lower_bound(grid_.begin(), grid_.end(), batch);
    const size_t j = static_cast<size_t>(hi - grid_.begin());
    if (hi == grid_.end()) return value(grid_.size() - 1, context);
    if (*hi == batch || j == 0) return value(j, context);
    const double b0 = grid_[j - 1], b1 = grid_[j];
    const double f = (batch - b0) / (b1 - b0);
    return value(j - 1, context) * (1 - f) + value(j, context) * f;
  }

 private:
  // A decode step is linear in the context its requests attend to (KV
  // reads and attention FLOPs per token both are): two evaluations per size.
  double value(size_t j, double context) {
    if (!at_[j]) at_[j] = std::make_pair(perf_.decode_step_s(grid_[j], low_), perf_.decode_step_s(grid_[j], high_));
    const auto [a, b] = *at_[j];
    return a + (b - a) * (context - low_) / (high_ - low_);
  }

  const PerformanceModel& perf_;
  double low_, high_;
  std::vector<int> grid_;
  std::vector<std::optional<std::pair<double, double>>> at_;
};

}  // namespace

std::string burst_explanation(const BurstFigures& b) {
  if (!b.on) return "";
  const double rate = b.makespan_s > 0 ? static_cast<double>(b.output_tokens) / b.makespan_s : 0.0;
  const double vs = b.steady_output_tokens_per_s > 0 ? rate / b.steady_output_tokens_per_s : 0.0;
  return fmt::format(
      "a burst: {} requests sent at once, timed until the last finishes: {} output tokens in {:.1f} s = {:.0f} tokens/s; "
      "the batch peaks at {} and averages {:.1f} per DP replica, the last {:.1f} s only drain it; the steady state at the "
      "peak batch with every request of mean length would give {:.0f} tokens/s ({:.0f}% of it)",
      b.requests, b.output_tokens, b.makespan_s, rate, b.peak_running_per_dp_rank, b.mean_running_per_dp_rank, b.drain_s,
      b.steady_output_tokens_per_s, vs * 100);
}

BurstRun run_burst(const Scenario& sc, const Strategy& s, const PerformanceModel& perf, int kv_capacity_per_dp_rank) {
  const Workload& w = sc.workload;
  const int64_t ranks = static_cast<int64_t>(s.dp) * s.instances;  // the load balancer splits the burst
  const int64_t per_rank = std::max<int64_t>(1, (w.requests + ranks - 1) / ranks);
  const double input = static_cast<double>(w.input_tokens), output = static_cast<double>(w.output_tokens);
  const std::vector<RequestLengths> requests = request_lengths(w.length_distribution, per_rank, input, output);
  int64_t cap = per_rank;
  const BatchLimits& limits = perf.limits();
  if (limits.max_batch > 0) cap = std::min(cap, limits.max_batch);
  if (w.concurrency > 0) cap = std::min(cap, (w.concurrency + ranks - 1) / ranks);
  BurstEngine e;
  e.max_running = static_cast<int>(std::max<int64_t>(1, cap));
  // The KV cache holds kv_capacity_per_dp_rank requests of mean length.
  e.kv_tokens = std::max(1, kv_capacity_per_dp_rank) * (input + output);
  e.prefill_budget_tokens = static_cast<double>(limits.token_budget);
  e.tokens_per_step = perf.tokens_per_step();
  auto table = std::make_shared<DecodeStepTable>(perf, e.max_running, 1.0, input + output);
  e.decode_step_s = [table](int batch, double context) { return (*table)(batch, context); };
  e.prefill_s = [&perf](double tokens) { return perf.prefill_step_s(tokens); };
  return simulate_burst(requests, e);
}

}  // namespace moeplan
