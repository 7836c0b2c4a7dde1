// `plan` ranks only what the scenario's engine can launch, so a recommended
// strategy is always one `moeplan export` writes.
#include <gtest/gtest.h>

#include "export/launch.h"
#include "search/search.h"
#include "spec/scenario.h"

namespace moeplan {
namespace {

TEST(PlanLaunch, RankedCandidatesAreOnesTheEngineCanLaunch) {
  // DeepSeek-V3 on 64 H100 served by TensorRT-LLM: among the best strategies without the
  // engine's rules are some TensorRT-LLM refuses (e.g. attention TP inside DP groups,
  // which enable_attention_dp cannot express: every rank is its own attention DP rank).
  Scenario sc = load_scenario(std::string(MOEPLAN_SOURCE_DIR) + "/examples/deepseek-v3/scenario.yaml");
  sc.runtime.engine = Engine::kTrtllm;
  sc.strategy.reset();
  const CostModels costs = make_cost_models(sc);
  SearchOptions plain;
  plain.top = 20;
  const SearchResult unfiltered = search_plans(sc, plain);
  int refused = 0;
  for (const Candidate& c : unfiltered.candidates)
    refused += launch_refusal(evaluate_plan(sc, c.strategy, costs, c.concurrency_per_dp_rank), Engine::kTrtllm) ? 1 : 0;
  EXPECT_GT(refused, 0);

  SearchOptions options = plain;
  options.launchable = [](const Plan& p) { return launch_refusal(p, Engine::kTrtllm); };
  const SearchResult r = search_plans(sc, options);
  ASSERT_TRUE(r.recommended);
  EXPECT_FALSE(launch_refusal(*r.recommended, Engine::kTrtllm).has_value());
  for (const Candidate& c : r.candidates)
    EXPECT_FALSE(launch_refusal(evaluate_plan(sc, c.strategy, costs, c.concurrency_per_dp_rank), Engine::kTrtllm))
        << c.strategy.label();
  EXPECT_GE(r.rejected.at("engine_cannot_launch"), refused);  // it looks past the first 20 to fill the list
  EXPECT_FALSE(r.launch_refusal.empty());
}

}  // namespace
}  // namespace moeplan
