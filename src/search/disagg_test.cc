// Disaggregated serving (issue 10): KV transfer, rate matching, bad input.
#include "search/disagg.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "search/plan.h"
#include "spec/error.h"

namespace moeplan {
namespace {

const std::string kSglang96 =
    "model: deepseek-v3\n"
    "cluster: {gpu: h100-sxm, gpus: 96, gpus_per_node: 8, inter_node_latency: \"10 us\"}\n"
    "workload: {input_tokens: 2000, output_tokens: 1000}\n"
    "slo: {ttft: \"5 s\", tpot: \"100 ms\"}\n"
    "runtime: {engine: sglang, two_batch_overlap: true}\n"
        "serving:\n"
    "  mode: disaggregated\n"
    "  kv_transfer: {bandwidth: \"50 GB/s\"}\n"
    "  prefill: {strategy: {dp: 24, ep: 24}, instances: 1, redundant_experts: 32}\n"
    "  decode: {strategy: {dp: 72, ep: 72}, instances: 1, redundant_experts: 32}\n";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  if (at == std::string::npos) return "# EDIT FAILED\n";
  return text.replace(at, from.size(), to);
}

TEST(KvTransfer, MlaPromptByHand) {
  // DeepSeek-V3's MLA cache: (512 latent + 64 RoPE) x 61 layers x 2 B (BF16)
  // = 70,272 B per token; 2,000 tokens = 140,544,000 B. One stream (the
  // latent is whole on the rank that ran the prefill) at 50 GB/s x 0.85 =
  // 42.5 GB/s: 140,544,000 / 42.5e9 = 3.30692 ms, + 10 us latency = 3.31692 ms.
  const Scenario sc = parse_scenario(kSglang96, "t.yaml");
  const KvTransfer kv = kv_transfer(sc, *sc.serving.prefill.strategy);
  EXPECT_DOUBLE_EQ(kv.bytes_per_request, 140'544'000.0);
  EXPECT_EQ(kv.streams, 1);
  EXPECT_NEAR(kv.seconds, 140'544'000.0 / 42.5e9 + 10e-6, 1e-12);
  EXPECT_DOUBLE_EQ(kv.exposed_seconds, kv.seconds);  // SGLang sends after the prefill
  // Layer by layer only the last of 61 layers is left: 3.31692 ms / 61 = 54.4 us.
  const Scenario layered = parse_scenario(replace(kSglang96, "bandwidth: \"50 GB/s\"", "bandwidth: \"50 GB/s\", layerwise: true"), "t.yaml");
  EXPECT_NEAR(kv_transfer(layered, *layered.serving.prefill.strategy).exposed_seconds, kv.seconds / 61, 1e-12);
}

TEST(KvTransfer, GqaShardsMoveInParallel) {
  // Mixtral: 2 (K, V) x 32 layers x 8 KV heads x 128 x 2 B = 131,072 B per
  // token; 2,048 tokens = 268,435,456 B. Prefill TP 4 holds 2 KV heads per
  // GPU and sends 4 shards at once: 4 x 42.5 GB/s = 170 GB/s -> 1.57903 ms.
  const Scenario sc = parse_scenario(
      "model: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 16, gpus_per_node: 8, inter_node_latency: \"10 us\"}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nserving:\n  mode: disaggregated\n"
      "  kv_transfer: {bandwidth: \"50 GB/s\"}\n  prefill: {strategy: \"tp=4\"}\n  decode: {strategy: \"tp=4\"}\n",
      "t.yaml");
  const KvTransfer kv = kv_transfer(sc, *sc.serving.prefill.strategy);
  EXPECT_DOUBLE_EQ(kv.bytes_per_request, 268'435'456.0);
  EXPECT_EQ(kv.streams, 4);
  EXPECT_NEAR(kv.seconds, 268'435'456.0 / 170e9 + 10e-6, 1e-12);
}

TEST(RateMatch, GivenPoolsByHand) {
  // 1 prefill instance of DP 24 and 1 decode instance of DP 72 (96 GPUs).
  // A prefill rank serves one request per prefill_busy_s, so the instance
  // 24 / busy requests/s. TTFT 5 s leaves W = 5 - prefill - transfer for
  // queueing; at load rho the M/M/1 wait is rho / (1 - rho) x busy, so the
  // load is capped at min(0.9, W / (W + busy)). With busy ~0.29 s and W ~4.8 s
  // that is 0.9: the prefill pool serves 0.9 x 24 / busy ~75 requests/s, far
  // below the decode pool's, so prefill binds and TTFT = prefill + transfer +
  // 0.9 / 0.1 x busy.
  const Scenario sc = parse_scenario(kSglang96, "t.yaml");
  const auto d = plan_disaggregated(sc, make_cost_models(sc));
  ASSERT_TRUE(d.has_value());
  const PoolPlan& p = d->prefill();
  const RateMatch& r = d->rate_match;
  EXPECT_EQ(r.ratio, "1P:1D");
  EXPECT_EQ(r.gpus, 96);  // 24 + 72
  EXPECT_EQ(r.binding, "prefill");
  EXPECT_DOUBLE_EQ(p.requests_per_s_per_instance, 24 / p.prefill_busy_s);
  const double w = 5.0 - p.prefill_latency_s - d->kv_transfer.exposed_seconds;
  ASSERT_GT(w / (w + p.prefill_busy_s), 0.9);
  EXPECT_NEAR(r.requests_per_s, 0.9 * 24 / p.prefill_busy_s, 1e-9);
  EXPECT_NEAR(d->ttft_s, p.prefill_latency_s + d->kv_transfer.exposed_seconds + 9 * p.prefill_busy_s, 1e-9);
  // Output tokens/s per GPU: requests/s x 1,000 output tokens / 96 GPUs.
  EXPECT_NEAR(r.output_tokens_per_s_per_gpu, r.requests_per_s * 1000 / 96, 1e-9);
  // TPOT from the decode pool alone, within its objective.
  EXPECT_DOUBLE_EQ(d->tpot_s, d->decode().tpot_s);
  EXPECT_LE(d->tpot_s, 0.1);
  EXPECT_TRUE(d->slo.met);
}

TEST(RateMatch, NoOtherRatioWithinTheBudgetDoesBetter) {
  // The same pools with the instance counts left to rate matching: every
  // (x, y) with 24 x + 72 y <= 192 GPUs is tried; none beats the choice on
  // output tokens/s per GPU (each meets the objectives: the decode pool's
  // TPOT does not depend on the ratio, and TTFT holds by the load cap).
  Scenario sc = parse_scenario(kSglang96, "t.yaml");
  sc.cluster.gpus = 192;
  sc.serving.prefill.instances = 0;
  sc.serving.decode.instances = 0;
  const auto d = plan_disaggregated(sc, make_cost_models(sc));
  ASSERT_TRUE(d.has_value());
  const RateMatch& r = d->rate_match;
  EXPECT_LE(r.gpus, 192);
  const double p1 = 0.9 * d->prefill().requests_per_s_per_instance;  // load 0.9, as above
  const double d1 = d->decode().requests_per_s_per_instance;
  for (int x = 1; 24 * x + 72 <= 192; ++x)
    for (int y = 1; 24 * x + 72 * y <= 192; ++y)
      EXPECT_LE(std::min(x * p1, y * d1) * 1000 / (24 * x + 72 * y), r.output_tokens_per_s_per_gpu * (1 + 1e-9))
          << x << "P:" << y << "D";
  EXPECT_EQ(r.ratio, fmt::format("{}P:{}D", r.prefill_instances, r.decode_instances));
}

TEST(Pools, EachPoolMayHaveItsOwnGpu) {
  // Prefill on H100, decode on H200: the decode pool's memory is the H200's
  // (141 GB marketed) and its KV cache holds more requests per rank than the
  // same strategy on H100 (80 GB).
  const std::string h200 = replace(kSglang96, "decode: {strategy: {dp: 72, ep: 72}, instances: 1,",
                                   "decode: {gpu: h200, strategy: {dp: 72, ep: 72}, instances: 1,");
  const Scenario a = parse_scenario(kSglang96, "t.yaml");
  const Scenario b = parse_scenario(h200, "t.yaml");
  const auto da = plan_disaggregated(a, make_cost_models(a));
  const auto db = plan_disaggregated(b, make_cost_models(b));
  ASSERT_TRUE(da && db);
  EXPECT_EQ(db->prefill().scenario->cluster.gpu.name, "h100-sxm");
  EXPECT_EQ(db->decode().scenario->cluster.gpu.name, "h200");
  EXPECT_GT(db->decode().memory.capacity_bytes, 1.5 * da->decode().memory.capacity_bytes);
  EXPECT_GT(db->decode().kv_capacity_per_dp_rank, 2 * da->decode().kv_capacity_per_dp_rank);
  // The prefill pool is the same either way.
  EXPECT_DOUBLE_EQ(db->prefill().prefill_busy_s, da->prefill().prefill_busy_s);
}

TEST(Pools, ExpertPlacementPerPool) {
  // With routing statistics (here a Zipf skew) each pool places its experts
  // over its own EP group and redundant slots: the MoE time uses that
  // placement's max/mean load, which is at least 1 (1 = perfectly even). Without
  // statistics the pools use runtime.moe_load_imbalance (0 here = not placed).
  const Scenario plain = parse_scenario(kSglang96, "t.yaml");
  const auto a = plan_disaggregated(plain, make_cost_models(plain));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->decode().moe_imbalance, 0);
  const Scenario skewed = parse_scenario(kSglang96 + "placement: {skew: \"zipf:1.0:7\"}\n", "t.yaml");
  const auto b = plan_disaggregated(skewed, make_cost_models(skewed));
  ASSERT_TRUE(b.has_value());
  EXPECT_GE(b->prefill().moe_imbalance, 1.0);
  EXPECT_GE(b->decode().moe_imbalance, 1.0);
  EXPECT_EQ(b->decode().experts.redundant_per_layer, 32);
}

// workload.concurrency in disaggregated serving: the requests in flight over the deployment, held by the
// decode pool (a request spends its output tokens there; its prefill and transfer are a small share of its
// time) and split evenly over the decode pool's DP ranks x instances, as evaluate_plan splits them over
// DP x instances in aggregated serving (search/plan.cc). The concurrency policy no longer chooses.
TEST(DisaggConcurrency, TheDecodePoolHoldsTheRequestsInFlight) {
  const Scenario base = parse_scenario(kSglang96, "t.yaml");
  const auto policy = plan_disaggregated(base, make_cost_models(base));
  ASSERT_TRUE(policy.has_value());
  EXPECT_FALSE(policy->decode().concurrency_from_workload);
  // 1,000 requests over 1 instance x 72 DP ranks: ceil(1000 / 72) = 14 per rank (13 x 72 = 936 < 1000 <= 1008).
  const Scenario sc = parse_scenario(replace(kSglang96, "output_tokens: 1000}", "output_tokens: 1000, concurrency: 1000}"), "t.yaml");
  const auto d = plan_disaggregated(sc, make_cost_models(sc));
  ASSERT_TRUE(d.has_value());
  const PoolPlan& dec = d->decode();
  EXPECT_TRUE(dec.concurrency_from_workload);
  EXPECT_EQ(dec.concurrency_per_dp_rank, 14);
  // The same split as aggregated serving of the decode pool's strategy with the same workload.
  Scenario agg = *dec.scenario;
  agg.workload.concurrency = 1000;
  EXPECT_EQ(evaluate_plan(agg, dec.strategy).performance.concurrency_per_dp_rank, 14);
  // Fewer requests per rank than the policy's 193 (all the KV cache holds): a shorter decode step.
  EXPECT_LT(dec.tpot_s, policy->decode().tpot_s);
  EXPECT_DOUBLE_EQ(d->tpot_s, dec.tpot_s);
  // SGLang has no batch cap, so all 14 run: 14 x 72 = 1,008 requests, each emitting a token per TPOT, over 1,000
  // output tokens per request = 1,008 / TPOT / 1,000 requests/s from the decode pool.
  EXPECT_NEAR(dec.requests_per_s_per_instance, 1008 / dec.tpot_s / 1000, 1e-9);
  EXPECT_NEAR(d->rate_match.decode_capacity_requests_per_s, 1008 / dec.tpot_s / 1000, 1e-9);
  // The prefill pool is unchanged (0.9 x 24 / busy ~75 requests/s); now the decode pool, ~58 requests/s at a
  // ~17 ms TPOT, binds, and the served rate is its capacity.
  EXPECT_DOUBLE_EQ(d->prefill().prefill_busy_s, policy->prefill().prefill_busy_s);
  EXPECT_EQ(d->rate_match.binding, "decode");
  EXPECT_NEAR(d->rate_match.requests_per_s, 1008 / dec.tpot_s / 1000, 1e-9);
  EXPECT_TRUE(d->slo.met);
}

TEST(DisaggConcurrency, MoreRequestsThanTheDecodeKvCacheHoldsDoNotFit) {
  // DeepSeek-V3's KV: 70,272 B per token (KvTransfer.MlaPromptByHand) x 3,000 tokens = 210.8 MB per request; a
  // decode rank of this pool holds 193 of them (kv_capacity_per_dp_rank; the policy above runs all 193). 72 x 193
  // = 13,896 requests fit; 13,897 put ceil(13897 / 72) = 194 on a rank, one more than its KV cache holds: the
  // pool does not fit and the deployment meets no objective, as an aggregated strategy that does not fit.
  const Scenario base = parse_scenario(kSglang96, "t.yaml");
  const auto policy = plan_disaggregated(base, make_cost_models(base));
  ASSERT_TRUE(policy.has_value());
  ASSERT_EQ(policy->decode().kv_capacity_per_dp_rank, 193);
  for (const int concurrency : {13896, 13897}) {
    const Scenario sc = parse_scenario(
        replace(kSglang96, "output_tokens: 1000}", fmt::format("output_tokens: 1000, concurrency: {}}}", concurrency)), "t.yaml");
    const auto d = plan_disaggregated(sc, make_cost_models(sc));
    ASSERT_TRUE(d.has_value());
    const bool fits = concurrency == 13896;
    EXPECT_EQ(d->decode().concurrency_per_dp_rank, fits ? 193 : 194);
    EXPECT_EQ(d->decode().memory.fits, fits) << concurrency;
    ASSERT_FALSE(d->slo.checks.empty());
    EXPECT_EQ(d->slo.checks.front().metric == "memory", !fits) << concurrency;
    if (!fits) {
      EXPECT_FALSE(d->slo.met);
    }
  }
}

TEST(DisaggConcurrency, RateMatchingSplitsTheRequestsOverTheDecodeInstancesItTries) {
  // On 192 GPUs with the instance counts left to rate matching, 2,000 requests over y decode instances of 72
  // ranks: ceil(2000 / 72) = 28 per rank at y = 1, ceil(2000 / 144) = 14 at y = 2. Whatever y wins, its decode pool
  // holds ceil(2000 / (72 y)) per rank, and the winner fits.
  Scenario sc = parse_scenario(replace(kSglang96, "output_tokens: 1000}", "output_tokens: 1000, concurrency: 2000}"), "t.yaml");
  sc.cluster.gpus = 192;
  sc.serving.prefill.instances = 0;
  sc.serving.decode.instances = 0;
  const auto d = plan_disaggregated(sc, make_cost_models(sc));
  ASSERT_TRUE(d.has_value());
  const int y = d->rate_match.decode_instances;
  EXPECT_EQ(d->decode().strategy.instances, y);
  EXPECT_EQ(d->decode().concurrency_per_dp_rank, (2000 + 72 * y - 1) / (72 * y));
  EXPECT_TRUE(d->decode().memory.fits);
  // No other y with the same prefill pool serves more output tokens/s per GPU within the objectives.
  for (int other = 1; 24 * d->rate_match.prefill_instances + 72 * other <= 192; ++other) {
    Scenario fixed = sc;
    fixed.serving.prefill.instances = d->rate_match.prefill_instances;
    fixed.serving.decode.instances = other;
    const auto o = plan_disaggregated(fixed, make_cost_models(fixed));
    ASSERT_TRUE(o.has_value());
    EXPECT_EQ(o->decode().concurrency_per_dp_rank, (2000 + 72 * other - 1) / (72 * other));
    if (o->slo.met) {
      EXPECT_LE(o->rate_match.output_tokens_per_s_per_gpu, d->rate_match.output_tokens_per_s_per_gpu * (1 + 1e-9));
    }
  }
}

// Bad input through the CLI: exit 2, nothing on stdout, the field and value named.
void expect_bad(const std::string& scenario, const std::vector<std::string>& needles) {
  // One file per test: ctest runs the tests in parallel processes.
  const std::string path = ::testing::TempDir() + "disagg_bad_" +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".yaml";
  std::ofstream(path) << scenario;
  std::ostringstream out, err;
  EXPECT_EQ(run_cli({"evaluate", path}, out, err), 2) << err.str();
  EXPECT_EQ(out.str(), "");
  for (const auto& n : needles) EXPECT_NE(err.str().find(n), std::string::npos) << "missing '" << n << "' in: " << err.str();
}

TEST(DisaggBadInput, PoolsBeyondTheCluster) {
  // 32 + 72 = 104 GPUs on a 96-GPU cluster.
  expect_bad(replace(kSglang96, "{dp: 24, ep: 24}", "{dp: 32, ep: 32}"), {"serving.decode", "104 GPUs", "cluster.gpus", "96"});
  // Or by instance count: 3 x 24 + 72 = 144.
  expect_bad(replace(kSglang96, "{dp: 24, ep: 24}, instances: 1", "{dp: 24, ep: 24}, instances: 3"), {"144 GPUs", "96"});
}

TEST(DisaggBadInput, DecodePoolThatCannotHoldOneRequest) {
  // Qwen3-30B-A3B on one H100 at 79 % memory: 65.8 GB of weights and reserve
  // leave 1.7 GB, less than one 31,000-token request's KV (48 layers x 2,048 B
  // x 31,000 = 3.05 GB).
  expect_bad("model: qwen3-30b-a3b\ncluster: {gpu: h100-sxm, gpus: 16, gpus_per_node: 8}\n"
             "workload: {input_tokens: 30000, output_tokens: 1000}\nruntime: {memory_fraction: 0.79}\n"
             "serving:\n  mode: disaggregated\n  prefill: {strategy: \"tp=8\"}\n  decode: {strategy: \"tp=1\"}\n",
             {"serving.decode", "tp=1", "less than one request's KV cache"});
}

TEST(DisaggBadInput, ZeroTransferBandwidth) {
  expect_bad(replace(kSglang96, "bandwidth: \"50 GB/s\"", "bandwidth: \"0 GB/s\""),
             {"serving.kv_transfer.bandwidth", "'0 GB/s'", "greater than zero"});
}

TEST(DisaggBadInput, SglangNeedsEqualTpForNonMlaModels) {
  const std::string mixtral =
      "model: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 16, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nruntime: {engine: sglang}\nserving:\n  mode: disaggregated\n"
      "  prefill: {strategy: \"tp=2\"}\n  decode: {strategy: \"tp=4\"}\n";
  expect_bad(mixtral, {"serving.decode", "decode tp 4", "prefill tp 2", "sglang#15674"});
  // vLLM moves KV between unequal TP, and MLA (DeepSeek) tolerates it in SGLang.
  const std::string path = ::testing::TempDir() + "disagg_ok.yaml";
  std::ofstream(path) << replace(mixtral, "engine: sglang", "engine: vllm");
  std::ostringstream out, err;
  EXPECT_EQ(run_cli({"evaluate", path}, out, err), 0) << err.str();
}

TEST(DisaggBadInput, UnknownModeAndPoolKeys) {
  expect_bad(replace(kSglang96, "mode: disaggregated", "mode: disagregated"), {"serving.mode", "disagregated"});
  // Pools with mode aggregated would be ignored: refused instead.
  expect_bad(replace(kSglang96, "mode: disaggregated", "mode: aggregated"), {"serving.prefill", "mode is aggregated"});
  expect_bad(replace(kSglang96, "instances: 1, redundant_experts: 32}\n  decode", "instance: 1}\n  decode"), {"serving.prefill", "instance"});
}

TEST(ServingAuto, PlanComparesBothKindsInJson) {
  // The public keys of issue 10: deployment.pools[{role, gpu, instances,
  // strategy, performance, memory}], deployment.kv_transfer,
  // deployment.rate_match, comparison{aggregated, disaggregated, winner, reason}.
  std::string auto96 = replace(kSglang96, "mode: disaggregated", "mode: auto");
  auto96 = replace(auto96, "  prefill: {strategy: {dp: 24, ep: 24}, instances: 1, redundant_experts: 32}\n", "");
  auto96 = replace(auto96, "  decode: {strategy: {dp: 72, ep: 72}, instances: 1, redundant_experts: 32}\n", "");
  const std::string path = ::testing::TempDir() + "disagg_auto.yaml";
  std::ofstream(path) << auto96;
  std::ostringstream out, err;
  ASSERT_EQ(run_cli({"plan", path, "--format", "json"}, out, err), 0) << err.str();
  const nlohmann::json j = nlohmann::json::parse(out.str());
  ASSERT_EQ(j["deployment"]["pools"].size(), 2u);
  EXPECT_EQ(j["deployment"]["pools"][0]["role"], "prefill");
  EXPECT_EQ(j["deployment"]["pools"][1]["role"], "decode");
  for (const auto& pool : j["deployment"]["pools"])
    for (const char* key : {"gpu", "instances", "strategy", "performance", "memory"}) EXPECT_TRUE(pool.contains(key)) << key;
  EXPECT_TRUE(j["deployment"]["kv_transfer"].contains("bytes_per_request"));
  const auto& rm = j["deployment"]["rate_match"];
  EXPECT_EQ(rm["ratio"], fmt::format("{}P:{}D", rm["prefill_instances"].get<int>(), rm["decode_instances"].get<int>()));
  EXPECT_LE(rm["gpus"].get<int>(), 96);
  const auto& c = j["comparison"];
  EXPECT_TRUE(c["winner"] == "aggregated" || c["winner"] == "disaggregated");
  EXPECT_TRUE(c["aggregated"].contains("performance"));
  EXPECT_TRUE(c["disaggregated"].contains("rate_match"));
  const std::string reason = c["reason"];
  EXPECT_FALSE(reason.empty());
  EXPECT_EQ(reason.find(". "), std::string::npos) << "one sentence: " << reason;
  // The existing keys stay: the aggregated search's recommendation.
  EXPECT_TRUE(j.contains("recommended"));
  // The candidate list and the Pareto frontier hold both kinds: here
  // disaggregated wins on output tokens/s per GPU, so it ranks first, and
  // no aggregated point has both more throughput per GPU and a lower TPOT.
  int disaggregated = 0;
  for (const auto& cand : j["candidates"]) disaggregated += cand["kind"] == "disaggregated";
  EXPECT_EQ(disaggregated, 1);
  if (c["winner"] == "disaggregated") {
    EXPECT_EQ(j["candidates"][0]["kind"], "disaggregated");
  }
  bool on_frontier = false;
  for (const auto& p : j["pareto"]) on_frontier |= p["kind"] == "disaggregated";
  EXPECT_TRUE(on_frontier);
}

}  // namespace
}  // namespace moeplan
