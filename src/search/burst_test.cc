#include "search/burst.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "search/plan.h"
#include "spec/error.h"
#include "spec/scenario.h"
#include "spec/scenario_writer.h"

namespace moeplan {
namespace {

// A step function simple enough to follow by hand: a decode step of b
// requests takes 1 + b seconds whatever the context; prompt tokens cost
// 0.01 s each.
BurstEngine hand_engine(int max_running, double kv_tokens) {
  BurstEngine e;
  e.decode_step_s = [](int b, double) { return 1.0 + b; };
  e.prefill_s = [](double tokens) { return 0.01 * tokens; };
  e.prefill_budget_tokens = 100;
  e.max_running = max_running;
  e.kv_tokens = kv_tokens;
  return e;
}

const std::vector<RequestLengths> kThree = {{10, 1}, {10, 2}, {10, 5}};

TEST(Burst, ThreeRequestsDrainByHand) {
  // All three admitted at once; step 1 prefills 30 prompt tokens, no decode:
  // 0.01 x 30 = 0.3 s, and emits each first token at 0.3 s. The 1-token
  // request ends there. Step 2 decodes 2: 1 + 2 = 3 s, t = 3.3 s, the
  // 2-token request ends (TPOT (3.3 - 0.3) / 1 = 3 s). Steps 3-5 decode the
  // 5-token request alone: 3 x (1 + 1) = 6 s, t = 9.3 s (TPOT 9 / 4 = 2.25 s).
  const BurstRun r = simulate_burst(kThree, hand_engine(3, 1e9));
  EXPECT_NEAR(r.makespan_s, 9.3, 1e-12);
  EXPECT_EQ(r.output_tokens, 8);
  EXPECT_EQ(r.steps, 5);
  EXPECT_NEAR(r.mean_ttft_s, 0.3, 1e-12);
  EXPECT_NEAR(r.mean_tpot_s, (3 + 2.25) / 2, 1e-12);
  EXPECT_EQ(r.peak_running, 3);
  // Decoding requests over time: 0 for 0.3 s, 2 for 3 s, 1 for 6 s: 12 / 9.3.
  EXPECT_NEAR(r.mean_running, 12 / 9.3, 1e-12);
  // Throughput: 8 tokens / 9.3 s = 0.860 tokens/s.
  EXPECT_NEAR(r.output_tokens / r.makespan_s, 8 / 9.3, 1e-12);
  EXPECT_NEAR(r.drain_s, 9.3, 1e-12);  // every request was admitted at t = 0
}

TEST(Burst, OneSlotRefillsFromTheQueue) {
  // One request at a time: r1 prefills (0.1 s) and ends at 0.1 s; r2
  // prefills (t = 0.2 s), decodes one step of 2 s (t = 2.2 s); r3 is admitted
  // at 2.2 s, prefills (t = 2.3 s), then 4 steps of 2 s: t = 10.3 s.
  const BurstRun r = simulate_burst(kThree, hand_engine(1, 1e9));
  EXPECT_NEAR(r.makespan_s, 10.3, 1e-12);
  EXPECT_NEAR(r.mean_ttft_s, (0.1 + 0.2 + 2.3) / 3, 1e-12);
  EXPECT_NEAR(r.drain_s, 10.3 - 2.2, 1e-12);
  EXPECT_EQ(r.peak_running, 1);
}

TEST(Burst, KvCacheLimitsAdmission) {
  // 23 KV tokens hold r1 (11) and r2 (12) but not r3 (15) as well: step 1
  // prefills 20 tokens (0.2 s), r1 ends; r3 needs 15 and 12 are in use: it
  // waits. Step 2 decodes r2 (2 s, t = 2.2 s), r2 ends. Step 3 admits r3 and
  // prefills it (0.1 s, t = 2.3 s), then 4 x 2 s: t = 10.3 s.
  const BurstRun r = simulate_burst(kThree, hand_engine(3, 23));
  EXPECT_NEAR(r.makespan_s, 10.3, 1e-12);
  EXPECT_EQ(r.peak_running, 2);
}

TEST(Burst, PromptsBeyondTheBudgetTakeSeveralSteps) {
  // 250 prompt tokens at 100 per step: 3 steps of 1.0, 1.0 and 0.5 s; the
  // first prompt (10 tokens) completes in step 1 with the rest of the budget
  // on later prompts. Two requests of 1 output token each: no decode.
  const std::vector<RequestLengths> two = {{10, 1}, {240, 1}};
  const BurstRun r = simulate_burst(two, hand_engine(2, 1e9));
  EXPECT_NEAR(r.makespan_s, 2.5, 1e-12);
  EXPECT_NEAR(r.mean_ttft_s, (1.0 + 2.5) / 2, 1e-12);
}

TEST(LengthDistribution, FixedAndShareGptKeepTheMeans) {
  const auto fixed = request_lengths(LengthDistribution::kFixed, 4, 200, 100);
  for (const auto& r : fixed) EXPECT_EQ(r.input_tokens + r.output_tokens, 300);
  const auto share = request_lengths(LengthDistribution::kShareGpt, 1000, 217, 201);
  double in = 0, out = 0;
  int64_t longest = 0;
  for (const auto& r : share) {
    in += r.input_tokens;
    out += r.output_tokens;
    longest = std::max(longest, r.output_tokens);
    EXPECT_GE(r.output_tokens, 1);
  }
  EXPECT_NEAR(in / 1000, 217, 0.5);  // rounding each request: within half a token
  EXPECT_NEAR(out / 1000, 201, 0.5);
  // The table's top 0.1% averages 1812.4 output tokens over a mean of 348.41
  // (length_distribution.cc): 5.2x, so ~1,045 at a mean of 201. The 1,000
  // golden-ratio shares land in every bin in proportion; the sample mean of
  // the bins is within ~1% of the table's, so the longest is 1812.4 / 348.41
  // x 201 = 1,046 to within 2%.
  EXPECT_NEAR(static_cast<double>(longest), 1812.4 / 348.41 * 201, 21);
}

TEST(BurstScenario, WrittenAndReadBack) {
  const Scenario a = parse_scenario("model: qwen3-235b-a22b\ncluster: {gpu: h100-sxm, gpus: 8}\n"
                                    "workload: {input_tokens: 216, output_tokens: 197, arrival: burst, requests: 984, "
                                    "length_distribution: sharegpt}\n", "b.yaml");
  const Scenario b = parse_scenario(scenario_to_yaml(a), "written.yaml");
  EXPECT_EQ(b.workload.arrival, WorkloadArrival::kBurst);
  EXPECT_EQ(b.workload.requests, 984);
  EXPECT_EQ(b.workload.length_distribution, LengthDistribution::kShareGpt);
}

TEST(BurstScenario, RequestsOnlyWithBurstAndBurstNeedsRequests) {
  const std::string base = "model: qwen3-235b-a22b\ncluster: {gpu: h100-sxm, gpus: 8}\n";
  EXPECT_THROW(parse_scenario(base + "workload: {input_tokens: 200, output_tokens: 200, arrival: burst}\n", "b.yaml"),
               InputError);
  EXPECT_THROW(parse_scenario(base + "workload: {input_tokens: 200, output_tokens: 200, requests: 10}\n", "b.yaml"),
               InputError);
  EXPECT_THROW(parse_scenario(base + "workload: {input_tokens: 200, output_tokens: 200, arrival: burst, requests: 10, "
                                     "request_rate: 5}\n", "b.yaml"),
               InputError);
  try {
    parse_scenario(base + "workload: {input_tokens: 200, output_tokens: 200, length_distribution: sharegtp}\n", "b.yaml");
    FAIL();
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("b.yaml"), std::string::npos) << what;
    EXPECT_NE(what.find("sharegtp"), std::string::npos) << what;
    EXPECT_NE(what.find("sharegpt"), std::string::npos) << what;  // the suggestion
  }
}

TEST(BurstScenario, RequestsSplitOverRanksAreCountedOnce) {
  // 500 requests over 8 attention-DP ranks: the busiest rank runs ceil(500 / 8) = 63 and sets the time, but the
  // run emits 500 x 100 = 50,000 tokens, not 8 x 63 x 100 = 50,400.
  const Scenario sc = parse_scenario("model: deepseek-v3\ncluster: {gpu: h200, gpus: 8}\n"
                                     "workload: {input_tokens: 2000, output_tokens: 100, arrival: burst, requests: 500}\n"
                                     "runtime: {engine: sglang}\nstrategy: {tp: 1, dp: 8, ep: 1, etp: 8}\n",
                                     "b.yaml");
  const Plan p = evaluate_plan(sc, *sc.strategy);
  EXPECT_EQ(p.performance.burst.requests, 500);
  EXPECT_EQ(p.performance.burst.output_tokens, 50000);
  EXPECT_NEAR(p.performance.output_tokens_per_s, 50000 / p.performance.burst.makespan_s, 1e-6);
}

}  // namespace
}  // namespace moeplan
