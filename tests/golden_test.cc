// Golden outputs: the exact text and JSON of `inspect`, `strategies`,
// `evaluate` and `check` on a few presets and documents. A change in any
// figure shows up as a diff here; regenerate with `make golden` and review
// the diff before committing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli/cli.h"

namespace moeplan {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `expected_rc`: evaluate exits 1 when the scenario misses an objective
// (the seed's throughput target, DeepSeek-V3's), 0 otherwise.
void check_golden(const std::vector<std::string>& args, const std::string& golden_name, int expected_rc = 0) {
  // Paths in the output are relative to the source tree.
  ASSERT_EQ(chdir(MOEPLAN_SOURCE_DIR), 0);
  std::ostringstream out, err;
  const int rc = run_cli(args, out, err);
  ASSERT_EQ(rc, expected_rc) << err.str();
  const std::string path = std::string(MOEPLAN_SOURCE_DIR) + "/tests/golden/" + golden_name;
  if (std::getenv("MOEPLAN_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path) << out.str();
    return;
  }
  const std::string expected = read_file(path);
  ASSERT_FALSE(expected.empty()) << "missing golden file " << path << " (run `make golden`)";
  EXPECT_EQ(out.str(), expected) << "output of moeplan differs from " << path;
}

TEST(Golden, InspectSeed) { check_golden({"inspect", "seed-16x16"}, "inspect_seed-16x16.txt"); }
TEST(Golden, InspectDeepSeekV3) { check_golden({"inspect", "deepseek-v3"}, "inspect_deepseek-v3.txt"); }
TEST(Golden, InspectMixtral) { check_golden({"inspect", "mixtral-8x7b"}, "inspect_mixtral-8x7b.txt"); }
TEST(Golden, InspectGptOssJson) { check_golden({"inspect", "gpt-oss-20b", "--json"}, "inspect_gpt-oss-20b.json"); }
TEST(Golden, InspectQwen3Json) { check_golden({"inspect", "qwen3-30b-a3b", "--json"}, "inspect_qwen3-30b-a3b.json"); }
TEST(Golden, EvaluateSeed) { check_golden({"evaluate", "examples/seed/scenario.yaml"}, "evaluate_seed.txt", 1); }
TEST(Golden, EvaluateSeedJson) { check_golden({"evaluate", "examples/seed/scenario.yaml", "--json"}, "evaluate_seed.json", 1); }
TEST(Golden, EvaluateDeepSeekV3) {
  check_golden({"evaluate", "examples/deepseek-v3/scenario.yaml", "--strategy", "tp=4,pp=4,dp=4,ep=16"}, "evaluate_deepseek-v3_pp4.txt", 1);
}
// Issue 10: a disaggregated deployment, in text, JSON and the document.
TEST(Golden, EvaluateDisaggText) { check_golden({"evaluate", "examples/disagg/sglang-96xh100.yaml"}, "evaluate_disagg.txt"); }
TEST(Golden, EvaluateDisaggJson) {
  check_golden({"evaluate", "examples/disagg/sglang-96xh100.yaml", "--json"}, "evaluate_disagg.json");
}
TEST(Golden, PlanDisaggMarkdown) {
  check_golden({"plan", "examples/disagg/sglang-96xh100.yaml", "--format", "md"}, "plan_disagg.md");
}
TEST(Golden, PlanAutoText) { check_golden({"plan", "examples/disagg/auto-96xh100.yaml"}, "plan_auto.txt"); }
TEST(Golden, StrategiesSeed) { check_golden({"strategies", "examples/seed/scenario.yaml"}, "strategies_seed.txt"); }
// Issue 13: `check` writes as it goes; these are the bytes it wrote before it did.
TEST(Golden, CheckSeedText) { check_golden({"check", "tests/data/check/seed_original.md"}, "check_seed_original.txt", 1); }
TEST(Golden, CheckSeedJson) {
  check_golden({"check", "tests/data/check/seed_original.md", "--format", "json"}, "check_seed_original.json", 1);
}
TEST(Golden, CheckSeedFix) {
  check_golden({"check", "tests/data/check/seed_original.md", "--fix"}, "check_seed_original.fixed.md");
}
// The review's "Current" and "Should be" labels come back in every node: grouped by title.
TEST(Golden, CheckSeedReviewText) {
  check_golden({"check", "tests/data/check/seed_review.md", "--scenario", "examples/seed/scenario.yaml"},
               "check_seed_review.txt", 1);
}

}  // namespace
}  // namespace moeplan
