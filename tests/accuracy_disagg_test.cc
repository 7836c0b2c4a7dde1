// Disaggregated deployments against their published per-node figures
// (docs/accuracy_sources.md D1, D2; docs/accuracy.md "Disaggregated
// serving"). The issue's target is 25 %; the errors below are what the model
// gives today, kept as regression guards (+-5 points) so that a change to
// the model shows up here, and every figure within a factor of two.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "search/disagg.h"
#include "spec/scenario.h"

namespace moeplan {
namespace {

nlohmann::json disagg_case(const std::string& id) {
  std::ifstream in(std::string(MOEPLAN_SOURCE_DIR) + "/tests/data/accuracy/disagg_cases.json");
  const nlohmann::json all = nlohmann::json::parse(in);
  for (const auto& c : all)
    if (c["id"] == id) return c;
  ADD_FAILURE() << "no case " << id;
  return {};
}

// Per node of 8 GPUs: each pool's full-load tokens/s per GPU x 8.
struct PerNode {
  double prefill_input_tokens_per_s = 0;
  double decode_output_tokens_per_s = 0;
};

PerNode predict(const std::string& yaml) {
  const Scenario sc = parse_scenario(yaml, "accuracy.yaml");
  const auto d = plan_disaggregated(sc, make_cost_models(sc));
  EXPECT_TRUE(d.has_value());
  if (!d) return {};
  return {d->prefill().tokens_per_s_per_gpu * sc.cluster.gpus_per_node, d->decode().tokens_per_s_per_gpu * sc.cluster.gpus_per_node};
}

void report(const std::string& what, double predicted, double published, double recorded_error) {
  const double error = predicted / published - 1;
  std::printf("%-44s predicted %9.0f  published %9.0f  error %+6.1f%%  (target 25%%)\n", what.c_str(), predicted, published,
              error * 100);
  EXPECT_NEAR(error, recorded_error, 0.05) << what;
  EXPECT_LT(std::fabs(std::log(predicted / published)), std::log(2.0)) << what;
}

TEST(AccuracyDisagg, D2SglangOn96H100) {
  // LMSYS 2025-05-05: prefill EP32 (DP attention, TBO, 16,384 tokens per GPU)
  // measured alone on 4 nodes: 54,543 input tokens/s per node at 2K inputs;
  // decode EP72 with 32 redundant experts alone on 9 nodes: 22,282 output
  // tokens/s per node at 256 requests per GPU and a 2,000-token KV (our
  // decode context is input + output / 2 = 1,900 + 100 = 2,000). The phases
  // were measured apart, so the cluster here holds both (13 nodes).
  const nlohmann::json c = disagg_case("D2");
  const PerNode prefill = predict(
      "model: deepseek-v3\ncluster: {gpu: h100-sxm, gpus: 104, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 200}\n"
      "runtime: {engine: sglang, two_batch_overlap: true, prefill_chunk_tokens: 16384, max_batch_size: 256}\n"
            "serving: {mode: disaggregated, prefill: {strategy: {dp: 32, ep: 32}, redundant_experts: 32}, decode: {strategy: {dp: 72, ep: 72}, redundant_experts: 32}}\n");
  const PerNode decode = predict(
      "model: deepseek-v3\ncluster: {gpu: h100-sxm, gpus: 104, gpus_per_node: 8}\n"
      "workload: {input_tokens: 1900, output_tokens: 200}\n"
      "runtime: {engine: sglang, two_batch_overlap: true, prefill_chunk_tokens: 16384, max_batch_size: 256}\n"
            "serving: {mode: disaggregated, prefill: {strategy: {dp: 32, ep: 32}, redundant_experts: 32}, decode: {strategy: {dp: 72, ep: 72}, redundant_experts: 32}}\n");
  report("D2 prefill, input tokens/s per node (2K)", prefill.prefill_input_tokens_per_s,
         c["prefill_only"]["input_tokens_per_s_per_node"]["2048"].get<double>(), 0.038);
  report("D2 decode, output tokens/s per node", decode.decode_output_tokens_per_s,
         c["decode_only"]["output_tokens_per_s_per_node"].get<double>(), -0.047);
}

TEST(AccuracyDisagg, D1DeepSeekDay6OnH800) {
  // DeepSeek day 6: prefill units of 4 nodes (EP32 / DP32), decode units of
  // 18 nodes (EP144 / DP144), 32 redundant experts each side. 73.7k input
  // tokens/s per node INCLUDING 56.3 % on-disk cache hits, i.e. 73.7k x 0.437
  // = 32,206 computed tokens/s per node (SGLang's restatement); 14.8k output
  // tokens/s per node. Average KV length per output token 4,989: input 4,489
  // + output 1,000 / 2. Users see 20-22 tokens/s: TPOT 1 / 21 = 47.6 ms, with
  // one MTP draft token (DeepSeek-V3 report 5.4.3; acceptance 0.85).
  const nlohmann::json c = disagg_case("D1");
  const PerNode p = predict(
      "model: deepseek-v3\ncluster: {gpu: h800, gpus: 176, gpus_per_node: 8}\n"
      "workload: {input_tokens: 4489, output_tokens: 1000}\nslo: {tpot: \"47.6 ms\"}\n"
      "runtime: {engine: sglang, two_batch_overlap: true, prefill_chunk_tokens: 16384, mtp_draft_tokens: 1}\n"
            "serving: {mode: disaggregated, prefill: {strategy: {dp: 32, ep: 32}, redundant_experts: 32}, decode: {strategy: {dp: 144, ep: 144}, redundant_experts: 32}}\n");
  const auto& f = c["figures"];
  // The model computes every prompt token: compare with the computed tokens.
  report("D1 prefill, computed input tokens/s per node", p.prefill_input_tokens_per_s,
         f["prefill_input_tokens_per_s_per_node_excl_cache_hits_per_sglang"].get<double>(), 0.738);
  // The headline as published, as if no token were a cache hit.
  report("D1 prefill, input tokens/s per node (headline)", p.prefill_input_tokens_per_s,
         f["prefill_input_tokens_per_s_per_node_incl_cache_hits"].get<double>(), -0.241);
  report("D1 decode, output tokens/s per node", p.decode_output_tokens_per_s,
         f["decode_output_tokens_per_s_per_node"].get<double>(), 0.302);
}

}  // namespace
}  // namespace moeplan
