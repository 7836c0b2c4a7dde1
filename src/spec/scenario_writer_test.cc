#include "spec/scenario_writer.h"

#include <gtest/gtest.h>

#include "search/plan.h"

namespace moeplan {
namespace {

// Written back and read again, a scenario gives the same plan: the front
// matter of a deployment document carries every input exactly.
TEST(ScenarioWriter, RoundTripGivesTheSamePlan) {
  for (const std::string model : {"seed-16x16", "deepseek-v3", "gpt-oss-120b", "llama-4-maverick"}) {
    const Scenario sc = parse_scenario("model: " + model +
                                           "\ncluster: {gpu: h100-sxm, gpus: 16, gpus_per_node: 8}\n"
                                           "workload: {input_tokens: 1000, output_tokens: 200}\n"
                                           "slo: {ttft: \"3 s\", tpot: \"80 ms\", throughput: \"5k tokens/s\"}\n"
                                           "strategy: {tp: 8, dp: 2}\n",
                                       "t.yaml");
    const Scenario back = parse_scenario(scenario_to_yaml(sc, *sc.strategy), "back.yaml");
    ASSERT_TRUE(back.strategy.has_value());
    EXPECT_EQ(*back.strategy, *sc.strategy);
    // Issue 8: the context limit, the driver capacity and the marketed figure survive the trip.
    EXPECT_EQ(back.model.max_position_embeddings, sc.model.max_position_embeddings) << model;
    EXPECT_DOUBLE_EQ(back.cluster.gpu.memory_bytes, 81559 * 1048576.0) << model;
    EXPECT_DOUBLE_EQ(back.cluster.gpu.marketing_memory_bytes, 80e9) << model;
    EXPECT_EQ(back.model.kv_cache_dtype, sc.model.kv_cache_dtype) << model;
    const Plan a = evaluate_plan(sc, *sc.strategy);
    const Plan b = evaluate_plan(back, *back.strategy);
    EXPECT_DOUBLE_EQ(a.params.total, b.params.total) << model;
    EXPECT_DOUBLE_EQ(a.memory.total_bytes_max, b.memory.total_bytes_max) << model;
    EXPECT_DOUBLE_EQ(a.performance.output_tokens_per_s, b.performance.output_tokens_per_s) << model;
    EXPECT_DOUBLE_EQ(a.performance.ttft_s, b.performance.ttft_s) << model;
  }
}

}  // namespace
}  // namespace moeplan
