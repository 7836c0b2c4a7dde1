// Engine instances behind a load balancer (issue 10): N identical copies of
// one strategy, sharing nothing.
#include <gtest/gtest.h>

#include "search/plan.h"
#include "spec/error.h"
#include "spec/scenario.h"

namespace moeplan {
namespace {

Scenario mixtral_on(int gpus, const std::string& strategy, const std::string& workload_extra = "") {
  return parse_scenario("model: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: " + std::to_string(gpus) +
                            ", gpus_per_node: 8}\nworkload: {input_tokens: 2048, output_tokens: 512" + workload_extra +
                            "}\nstrategy: " + strategy + "\n",
                        "t.yaml");
}

TEST(Instances, YamlAndTextFormsMean4Tp2Replicas) {
  // 8 GPUs / (4 instances x TP 2 x PP 1) = DP 1; no ep given, so the
  // engines' default ETP = TP x DP = 2, EP = 1.
  for (const std::string form : {"{tp: 2, instances: 4}", "\"tp=2,instances=4\""}) {
    const Scenario sc = mixtral_on(8, form);
    ASSERT_TRUE(sc.strategy.has_value());
    const Strategy& s = *sc.strategy;
    EXPECT_EQ(s.instances, 4) << form;
    EXPECT_EQ(s.tp, 2);
    EXPECT_EQ(s.dp, 1);
    EXPECT_EQ(s.etp, 2);
    EXPECT_EQ(s.gpus_per_instance(), 2);  // 2 x 1 x 1
    EXPECT_EQ(s.gpus(), 8);               // 4 x 2
    EXPECT_EQ(s.label(), "tp=2 pp=1 dp=1 ep=1 etp=2 instances=4");
  }
}

TEST(Instances, CountsThatDoNotDivideAreBadInput) {
  // 3 instances x TP 2 = 6 does not divide 8 GPUs.
  try {
    mixtral_on(8, "\"tp=2,instances=3\"");
    FAIL() << "accepted 3 instances of TP 2 on 8 GPUs";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("instances 3"), std::string::npos) << e.what();
  }
  EXPECT_THROW(mixtral_on(8, "\"tp=2,instances=0\""), InputError);
  EXPECT_THROW(mixtral_on(8, "{tp: 2, instances: -1}"), InputError);
}

TEST(Instances, ThroughputAddsUpAndLatencyAndMemoryArePerInstance) {
  // One TP2 instance on 2 GPUs against four on 8, both at 16 requests per
  // instance: the four serve 4 x the tokens/s at the same TTFT and TPOT, with
  // the same memory per GPU, so the same tokens/s per GPU; 4 x 16 = 64 requests in flight.
  const Scenario one = mixtral_on(2, "{tp: 2}");
  const Scenario four = mixtral_on(8, "{tp: 2, instances: 4}");
  const Plan a = evaluate_plan(one, *one.strategy, make_cost_models(one), 16);
  const Plan b = evaluate_plan(four, *four.strategy, make_cost_models(four), 16);
  EXPECT_DOUBLE_EQ(b.performance.output_tokens_per_s, 4 * a.performance.output_tokens_per_s);
  EXPECT_DOUBLE_EQ(b.performance.output_tokens_per_s_per_gpu, a.performance.output_tokens_per_s_per_gpu);
  EXPECT_DOUBLE_EQ(b.performance.ttft_s, a.performance.ttft_s);
  EXPECT_DOUBLE_EQ(b.performance.tpot_s, a.performance.tpot_s);
  EXPECT_EQ(b.performance.concurrency, 64);
  EXPECT_DOUBLE_EQ(b.memory.total_bytes_max, a.memory.total_bytes_max);
  EXPECT_EQ(per_gpu(b).size(), 2u);  // one instance's GPUs; the others are copies
}

TEST(Instances, TheWorkloadIsSplitOverInstances) {
  // 64 requests in flight over 4 instances of DP 1: 64 / (4 x 1) = 16 each;
  // 10 requests/s: 2.5 per instance, so the same answer as one instance at 2.5/s.
  const Scenario four = mixtral_on(8, "{tp: 2, instances: 4}", ", concurrency: 64");
  const Plan p = evaluate_plan(four, *four.strategy);
  EXPECT_EQ(p.performance.concurrency_per_dp_rank, 16);
  EXPECT_EQ(p.performance.concurrency, 64);
  const Scenario open4 = mixtral_on(8, "{tp: 2, instances: 4}", ", request_rate: \"10 requests/s\"");
  const Scenario open1 = mixtral_on(2, "{tp: 2}", ", request_rate: \"2.5 requests/s\"");
  const Plan q4 = evaluate_plan(open4, *open4.strategy);
  const Plan q1 = evaluate_plan(open1, *open1.strategy);
  EXPECT_EQ(q4.performance.concurrency_per_dp_rank, q1.performance.concurrency_per_dp_rank);
  EXPECT_DOUBLE_EQ(q4.performance.ttft_s, q1.performance.ttft_s);
  EXPECT_DOUBLE_EQ(q4.performance.max_requests_per_s, 4 * q1.performance.max_requests_per_s);
}

}  // namespace
}  // namespace moeplan
