// Extraction recall and precision over the fixture documents in
// tests/data/check: each <name>.md has a <name>.expected.json listing every
// claim a reader would take from it (line, kind, scope, value). A claim
// matches an expected one on the same line with the same kind and a value
// within 0.1%; recall = matched / expected, precision = matched / extracted.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "check/claims.h"
#include "check/markdown.h"

namespace moeplan {
namespace {

constexpr double kValueTolerance = 1e-3;  // relative
// What the fixtures score (441 of 457 claims found, 441 of 448 right): a regression fails.
constexpr double kMinRecall = 0.96;
constexpr double kMinPrecision = 0.98;

std::string fixture_dir() { return std::string(MOEPLAN_SOURCE_DIR) + "/tests/data/check"; }

struct Expected {
  int line = 0;
  ClaimKind kind = ClaimKind::kOther;
  Scope scope = Scope::kUnqualified;
  double value = 0;
  std::string text;
};

std::vector<Expected> load_expected(const std::string& path) {
  std::ifstream in(path);
  const nlohmann::json j = nlohmann::json::parse(in);
  std::vector<Expected> out;
  for (const auto& c : j.at("claims")) {
    Expected e;
    e.line = c.at("line").get<int>();
    const auto kind = claim_kind_from_string(c.at("kind").get<std::string>());
    const auto scope = scope_from_string(c.at("scope").get<std::string>());
    EXPECT_TRUE(kind.has_value()) << path << ": unknown kind " << c.at("kind");
    EXPECT_TRUE(scope.has_value()) << path << ": unknown scope " << c.at("scope");
    e.kind = kind.value_or(ClaimKind::kOther);
    e.scope = scope.value_or(Scope::kUnqualified);
    e.value = c.at("value").get<double>();
    e.text = c.value("text", "");
    out.push_back(e);
  }
  return out;
}

bool same_value(double a, double b) { return std::fabs(a - b) <= kValueTolerance * std::max(std::fabs(a), std::fabs(b)); }

struct Score {
  int expected = 0;
  int extracted = 0;
  int matched = 0;
  int scope_right = 0;
};

Score score_document(const std::string& md_path, const std::string& json_path, std::string* report) {
  const MarkdownDocument doc = load_markdown(md_path);
  std::vector<Claim> claims = extract_claims(doc);
  // Comparisons ("X vs Y") are inputs, not claims: the hand-written lists hold claims only.
  std::erase_if(claims, [](const Claim& c) { return c.reading.role != Role::kClaim; });
  const std::vector<Expected> expected = load_expected(json_path);
  std::vector<bool> used(claims.size(), false);
  Score s;
  s.expected = static_cast<int>(expected.size());
  s.extracted = static_cast<int>(claims.size());
  std::ostringstream r;
  for (const Expected& e : expected) {
    bool found = false;
    for (size_t k = 0; k < claims.size() && !found; ++k) {
      const Claim& c = claims[k];
      if (used[k] || c.line != e.line || c.kind != e.kind || !same_value(c.value, e.value)) continue;
      used[k] = true;
      found = true;
      ++s.matched;
      if (c.scope == e.scope) ++s.scope_right;
      else r << "  scope  line " << e.line << " " << to_string(e.kind) << " " << e.value << ": got "
             << to_string(c.scope) << ", expected " << to_string(e.scope) << "\n";
    }
    if (!found) r << "  missed line " << e.line << " " << to_string(e.kind) << " " << e.value << "  | " << e.text << "\n";
  }
  for (size_t k = 0; k < claims.size(); ++k)
    if (!used[k])
      r << "  extra  line " << claims[k].line << " " << to_string(claims[k].kind) << " " << claims[k].value
        << "  | " << claims[k].text << "\n";
  *report = r.str();
  return s;
}

TEST(ClaimFixtures, RecallAndPrecision) {
  Score total;
  int documents = 0;
  for (const auto& entry : std::filesystem::directory_iterator(fixture_dir())) {
    const std::string path = entry.path().string();
    if (!path.ends_with(".expected.json")) continue;
    const std::string md = path.substr(0, path.size() - std::string(".expected.json").size()) + ".md";
    ASSERT_TRUE(std::filesystem::exists(md)) << "no document beside " << path;
    std::string report;
    const Score s = score_document(md, path, &report);
    ++documents;
    std::printf("%-28s expected %3d extracted %3d matched %3d scope right %3d\n",
                entry.path().filename().string().c_str(), s.expected, s.extracted, s.matched, s.scope_right);
    if (!report.empty()) std::printf("%s", report.c_str());
    total.expected += s.expected;
    total.extracted += s.extracted;
    total.matched += s.matched;
    total.scope_right += s.scope_right;
  }
  ASSERT_GE(documents, 6) << "fixtures missing from " << fixture_dir();
  ASSERT_GT(total.expected, 0);
  ASSERT_GT(total.extracted, 0);
  const double recall = static_cast<double>(total.matched) / total.expected;
  const double precision = static_cast<double>(total.matched) / total.extracted;
  const double scope_accuracy = total.matched > 0 ? static_cast<double>(total.scope_right) / total.matched : 0;
  std::printf("extraction over %d documents: recall %.3f (%d/%d), precision %.3f (%d/%d), scope right %.3f\n",
              documents, recall, total.matched, total.expected, precision, total.matched, total.extracted,
              scope_accuracy);
  EXPECT_GE(recall, kMinRecall);
  EXPECT_GE(precision, kMinPrecision);
  EXPECT_GE(scope_accuracy, kMinRecall);
}

// Every expected file names real lines: its quoted text is that line's text.
TEST(ClaimFixtures, ExpectedFilesPointAtTheirLines) {
  for (const auto& entry : std::filesystem::directory_iterator(fixture_dir())) {
    const std::string path = entry.path().string();
    if (!path.ends_with(".expected.json")) continue;
    const std::string md = path.substr(0, path.size() - std::string(".expected.json").size()) + ".md";
    const MarkdownDocument doc = load_markdown(md);
    for (const Expected& e : load_expected(path)) {
      std::string line(doc.line(e.line));
      while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
      size_t b = line.find_first_not_of(' ');
      EXPECT_EQ(b == std::string::npos ? "" : line.substr(b), e.text) << path << " line " << e.line;
    }
  }
}

}  // namespace
}  // namespace moeplan
