// `plan` ranks only what the scenario's engine can launch, so a recommended
// strategy is always one `moeplan export` writes.
#include <gtest/gtest.h>

#include "export/launch.h"
#include "search/search.h"
#include "spec/scenario.h"

namespace moeplan {
namespace {

TEST(PlanLaunch, TheRecommendationIsOneTheEngineCanLaunch) {
  // DeepSeek-V3 on 64 H100 with vLLM: without the engine's rules the best-ranked strategy
  // was tp=8 pp=2 dp=4 ep=32, whose DP ranks of TP 8 x PP 2 = 16 GPUs span two nodes
  // without being alone on them, which vLLM 0.15 cannot launch.
  const Scenario sc = load_scenario(std::string(MOEPLAN_SOURCE_DIR) + "/examples/deepseek-v3/scenario.yaml");
  SearchOptions plain;
  const SearchResult unfiltered = search_plans(sc, plain);
  ASSERT_TRUE(unfiltered.recommended);
  EXPECT_TRUE(launch_refusal(*unfiltered.recommended, Engine::kVllm).has_value());

  SearchOptions options;
  options.launchable = [](const Plan& p) { return launch_refusal(p, Engine::kVllm); };
  const SearchResult r = search_plans(sc, options);
  ASSERT_TRUE(r.recommended);
  EXPECT_FALSE(launch_refusal(*r.recommended, Engine::kVllm).has_value());
  EXPECT_GT(r.rejected.at("engine_cannot_launch"), 0);
  EXPECT_FALSE(r.launch_refusal.empty());
  for (const Candidate& c : r.candidates) EXPECT_NE(c.strategy.label(), unfiltered.recommended->strategy.label());
}

}  // namespace
}  // namespace moeplan
