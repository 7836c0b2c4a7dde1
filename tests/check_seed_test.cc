// The seed: `check` flags what the review rightly flagged in the original
// document, and, run on the review itself, what the review got wrong.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "check/claims.h"
#include "check/markdown.h"
#include "check/verify.h"
#include "cli/cli.h"

namespace moeplan {
namespace {

const std::string kDir = std::string(MOEPLAN_SOURCE_DIR) + "/tests/data/check/";

CheckReport check_file(const std::string& name, const Scenario& sc) {
  const MarkdownDocument doc = load_markdown(kDir + name);
  return check_document(doc, extract_claims(doc), &sc, CheckOptions{});
}

// The verdict of the first finding of `quantity` on a line containing `needle`.
std::string verdict_of(const CheckReport& r, const std::string& needle, const std::string& quantity) {
  for (const auto& f : r.findings)
    if (f.text.find(needle) != std::string::npos && f.quantity.rfind(quantity, 0) == 0) return to_string(f.verdict);
  return "not found";
}

TEST(CheckSeed, OriginalDocument) {
  const Scenario sc = load_scenario(std::string(MOEPLAN_SOURCE_DIR) + "/examples/seed/scenario.yaml");
  const CheckReport r = check_file("seed_original.md", sc);
  // 16 experts / EP 8 = 2 per MoE layer, x 4 MoE layers per stage = 8 in total: 32 is wrong either way.
  EXPECT_EQ(verdict_of(r, "(32 experts per GPU)", "experts_per_gpu"), "wrong");
  // "2 experts per GPU" is right per MoE layer, and the review wrongly changed it to 8: ambiguous.
  EXPECT_EQ(verdict_of(r, "Expert Distribution: 2 experts per GPU", "experts_per_gpu"), "ambiguous");
  // 5 GB is wrong (0.67-0.74 GB by stage), and its formula divides by bytes per parameter.
  EXPECT_EQ(verdict_of(r, "Model Parameters: 5GB", "weights_per_gpu"), "wrong");
  EXPECT_EQ(verdict_of(r, "optimizer states", "optimizer_states"), "wrong");
  EXPECT_EQ(verdict_of(r, "TP=4 × PP=4 × DP=2 = 32", "degree_product"), "correct");
  EXPECT_TRUE(r.failed());
  std::ostringstream out, err;
  EXPECT_EQ(run_cli({"check", kDir + "seed_original.md"}, out, err), 1) << err.str();
}

TEST(CheckSeed, TheReviewsOwnMistakes) {
  const Scenario sc = load_scenario(std::string(MOEPLAN_SOURCE_DIR) + "/examples/seed/scenario.yaml");
  const CheckReport r = check_file("seed_review.md", sc);
  // The review's "8 experts per GPU" is the total over 4 MoE layers, said without "in total".
  EXPECT_EQ(verdict_of(r, "Expert Distribution: 8 experts per GPU", "experts_per_gpu"), "ambiguous");
  // Its corrected memory figure keeps the formula that divides by bytes (and 0.62 GB is not 0.67-0.74 GB).
  EXPECT_EQ(verdict_of(r, "0.62GB", "weights_per_gpu"), "wrong");
  // Optimizer states in an inference deployment.
  EXPECT_EQ(verdict_of(r, "optimizer states", "optimizer_states"), "wrong");
  // It accepted 120 tokens/ms, which this deployment cannot be expected to reach.
  EXPECT_EQ(verdict_of(r, "120 tokens/ms", "throughput"), "unsupported");
}

TEST(CheckSeed, FixedDocumentChecksClean) {
  const std::string fixed = ::testing::TempDir() + "seed_fixed.md";
  std::ostringstream out, err;
  ASSERT_EQ(run_cli({"check", kDir + "seed_original.md", "--fix", "-o", fixed}, out, err), 0) << err.str();
  std::ostringstream out2, err2;
  EXPECT_EQ(run_cli({"check", fixed}, out2, err2), 0) << out2.str();
  EXPECT_NE(out2.str().find("0 wrong, 0 ambiguous, 0 unsupported, 0 impossible"), std::string::npos) << out2.str();
}

TEST(CheckSeed, BadInput) {
  const std::string dir = ::testing::TempDir();
  auto run = [&](const std::string& name, const std::string& content) {
    const std::string path = dir + name;
    std::ofstream(path, std::ios::binary) << content;
    std::ostringstream out, err;
    const int rc = run_cli({"check", path}, out, err);
    return std::make_pair(rc, err.str());
  };
  auto [rc_empty, msg_empty] = run("empty.md", "");
  EXPECT_EQ(rc_empty, 2);
  EXPECT_NE(msg_empty.find("empty.md"), std::string::npos) << msg_empty;
  auto [rc_bin, msg_bin] = run("binary.md", std::string("\x00\x01\x02\x03 abc", 8));
  EXPECT_EQ(rc_bin, 2);
  auto [rc_fm, msg_fm] = run("front.md", "---\nmodel: seed-16x16\n# never closed\n");
  EXPECT_EQ(rc_fm, 2);
  EXPECT_NE(msg_fm.find("front.md"), std::string::npos) << msg_fm;
  auto [rc_none, msg_none] = run("words.md", "# Plan\n\nNo numbers at all here.\n");
  EXPECT_EQ(rc_none, 0) << msg_none;
  std::ostringstream out, err;
  EXPECT_EQ(run_cli({"check", dir + "missing.md"}, out, err), 2);
}

}  // namespace
}  // namespace moeplan
