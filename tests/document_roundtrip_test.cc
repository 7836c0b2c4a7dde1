// `plan --format md` writes the scenario as the document's front matter:
// read back, every section is the one planned, placement included (issue 9).
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "cli/cli.h"
#include "spec/scenario.h"

namespace moeplan {
namespace {

TEST(DocumentRoundTrip, FrontMatterCarriesEverySection) {
  const std::string scenario = std::string(MOEPLAN_SOURCE_DIR) + "/examples/seed/scenario.yaml";
  std::ostringstream out, err;
  const int rc = run_cli({"plan", scenario, "--format", "md", "--skew", "zipf:1.01:3", "--redundant", "8",
                          "--placement-algorithm", "eplb"},
                         out, err);
  ASSERT_EQ(rc, 0) << err.str();
  const std::string doc = out.str();
  ASSERT_EQ(doc.rfind("---\n", 0), 0u);
  const size_t end = doc.find("\n---\n", 4);
  ASSERT_NE(end, std::string::npos);
  const Scenario planned = load_scenario(scenario);
  const Scenario back = parse_scenario(doc.substr(4, end - 3), "front_matter.yaml");
  EXPECT_EQ(back.name, planned.name);
  EXPECT_EQ(back.description, planned.description);
  EXPECT_EQ(back.assumptions, planned.assumptions);
  EXPECT_EQ(back.model.num_experts, 16);
  EXPECT_EQ(back.cluster.gpu.memory_bytes, 64e9);  // the seed's "64 GB"
  EXPECT_EQ(back.workload.input_tokens, 2048);
  EXPECT_EQ(back.slo.ttft_s, planned.slo.ttft_s);
  EXPECT_EQ(back.slo.throughput_tokens_per_s, planned.slo.throughput_tokens_per_s);
  EXPECT_EQ(back.runtime.memory_fraction, planned.runtime.memory_fraction);
  EXPECT_EQ(back.calibration.hbm_efficiency, planned.calibration.hbm_efficiency);
  // placement: the flags given to plan.
  EXPECT_EQ(back.placement.skew, "zipf:1.01:3");
  EXPECT_EQ(back.placement.redundant_experts, 8);
  EXPECT_EQ(back.placement.algorithm, "eplb");
  ASSERT_TRUE(back.strategy.has_value());
  EXPECT_EQ(back.strategy->gpus(), 32);
}

}  // namespace
}  // namespace moeplan
