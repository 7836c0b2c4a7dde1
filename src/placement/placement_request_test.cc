#include "placement/placement_request.h"

#include <gtest/gtest.h>

#include "render/placement_report.h"
#include "support/expect_input_error.h"

namespace moeplan {
namespace {

TEST(PlacementRequest, FieldsMakeTheProblem) {
  PlacementRequest q;
  q.skew = "zipf:1.01:0";
  q.experts = 16;
  q.layers = 2;
  q.gpus = 4;
  q.redundant = 4;
  const PlacementJob job = resolve_placement_request(q);
  EXPECT_EQ(job.spec.slots, 20);  // 16 experts + 4 redundant
  EXPECT_EQ(job.spec.nodes, 1);   // not given: one node
  EXPECT_EQ(job.spec.groups, 1);
  EXPECT_EQ(job.stats.layers(), 2);
  EXPECT_EQ(job.algorithm, PlacementAlgorithm::kBest);
  EXPECT_EQ(job.expert_bytes, 0);  // no --model: unknown
  // Unknown bytes print as null, not zero.
  const PlacementResult r = place_experts(job.spec, job.stats, job.algorithm);
  EXPECT_TRUE(placement_report_json(r, job.expert_bytes)["summary"]["redundant_bytes_per_gpu"].is_null());
  EXPECT_NE(render_placement_text(r, 0).find("give --model or a scenario"), std::string::npos);
}

TEST(PlacementRequest, ConflictsAreInputErrors) {
  PlacementRequest q;
  q.skew = "zipf:1.01:0";
  q.load = "stats.json";
  expect_input_error([&] { resolve_placement_request(q); }, {"--load and --skew"});
  q.load.clear();
  q.experts = 16;
  q.layers = 2;
  q.gpus = 4;
  q.replicas = 20;
  q.redundant = 4;
  expect_input_error([&] { resolve_placement_request(q); }, {"--replicas and --redundant"});
  // A scenario fixes the shape: --gpus would change it.
  PlacementRequest s;
  s.scenario_path = std::string(MOEPLAN_SOURCE_DIR) + "/examples/seed/scenario.yaml";
  s.gpus = 16;
  expect_input_error([&] { resolve_placement_request(s); }, {"--gpus: not with a scenario"});
}

}  // namespace
}  // namespace moeplan
