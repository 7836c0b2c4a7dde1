// A document moeplan writes always passes its own check: for every preset,
// `plan --format md` then `check` finds nothing wrong, impossible,
// unsupported or ambiguous.
#include <gtest/gtest.h>

#include "check/claims.h"
#include "check/markdown.h"
#include "check/verify.h"
#include "render/document.h"
#include "search/search.h"
#include "spec/model_loader.h"

namespace moeplan {
namespace {

TEST(CheckRoundTrip, PlanDocumentChecksCleanForEveryPreset) {
  for (const auto& name : model_preset_names()) {
    const Scenario sc = parse_scenario("model: " + name +
                                           "\ncluster: {gpu: h200, gpus: 16, gpus_per_node: 8}\n"
                                           "workload: {input_tokens: 2000, output_tokens: 400}\n"
                                           "slo: {ttft: \"3 s\", tpot: \"100 ms\"}\n",
                                       "t.yaml");
    const SearchResult r = search_plans(sc, SearchOptions{});
    ASSERT_TRUE(r.recommended.has_value()) << name;
    const std::string text = render_document(*r.recommended, &r);
    const MarkdownDocument doc = parse_markdown(text, name + ".md");
    ASSERT_TRUE(doc.front_matter.has_value());
    const Scenario back = parse_scenario(doc.front_matter->text, name + ".md");
    const CheckReport report = check_document(doc, extract_claims(doc), &back, CheckOptions{});
    EXPECT_GT(report.count(Verdict::kCorrect), 30) << name;
    for (const auto& f : report.findings) {
      const bool clean = f.verdict == Verdict::kCorrect || f.verdict == Verdict::kUnverifiable;
      EXPECT_TRUE(clean) << name << " line " << f.line << " [" << to_string(f.verdict) << "] " << f.quantity << ": "
                         << f.text << " -- " << f.explanation;
    }
  }
}

// With a `placement:` section (redundant expert slots), the document's expert
// counts include the slots: "(E + redundant) / EP" per GPU, and "N redundant
// expert slots per MoE layer" is a count of slots, not of experts. Checked
// against the scenario itself (the front matter's writer is another layer's).
TEST(CheckRoundTrip, PlanDocumentWithPlacementChecksClean) {
  for (const std::string name : {"deepseek-v2-lite", "qwen3-30b-a3b", "gpt-oss-20b"}) {
    const Scenario sc = parse_scenario("model: " + name +
                                           "\ncluster: {gpu: h200, gpus: 16, gpus_per_node: 8}\n"
                                           "workload: {input_tokens: 2000, output_tokens: 400}\n"
                                           "slo: {ttft: \"3 s\", tpot: \"100 ms\"}\n"
                                           "strategy: {tp: 1, pp: 1, dp: 16, ep: 16}\n"
                                           "placement: {redundant_experts: 16, skew: \"zipf:1.01:7\"}\n",
                                       "t.yaml");
    const SearchResult r = search_plans(sc, SearchOptions{});
    ASSERT_TRUE(r.recommended.has_value()) << name;
    const std::string text = render_document(*r.recommended, &r);
    const MarkdownDocument doc = parse_markdown(text, name + ".md");
    // The document is written for the recommended strategy, as its front matter says.
    Scenario documented = sc;
    documented.strategy = r.recommended->strategy;
    const CheckReport report = check_document(doc, extract_claims(doc), &documented, CheckOptions{});
    EXPECT_GT(report.count(Verdict::kCorrect), 30) << name;
    for (const auto& f : report.findings) {
      const bool clean = f.verdict == Verdict::kCorrect || f.verdict == Verdict::kUnverifiable;
      EXPECT_TRUE(clean) << name << " line " << f.line << " [" << to_string(f.verdict) << "] " << f.quantity << ": "
                         << f.text << " -- " << f.explanation;
    }
  }
}

}  // namespace
}  // namespace moeplan
