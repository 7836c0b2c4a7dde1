// `moeplan check`: each claim a document makes, compared with the Plan of
// the document's scenario and strategy, with a verdict and the derivation.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "check/claims.h"
#include "check/markdown.h"
#include "search/plan.h"

namespace moeplan {

// kNotUnderstood: the number is about something the lexicon's reading could
// not pin down (a component, a node's or the cluster's total, an alternative
// layout that cannot be rebuilt); never a failure.
enum class Verdict { kCorrect, kAmbiguous, kUnverifiable, kUnsupported, kWrong, kImpossible, kNotUnderstood };
std::string to_string(Verdict v);

struct Finding {
  std::string node;
  int line = 0;
  std::string text;
  std::string quantity;  // "experts_per_gpu (unqualified)"
  double stated = 0;
  double stated_hi = 0;
  std::string stated_text;    // as written: "32 experts per GPU"
  std::optional<double> expected;
  std::string expected_text;  // "2 per MoE layer (8 in total)"
  Verdict verdict = Verdict::kUnverifiable;
  double error_factor = 0;    // stated / expected, when both exist
  std::string explanation;    // the derivation
  std::string reading;        // the slots: "owner gpu, component attention, phase decode"; "" when none is said
  std::string strategy;       // the strategy the claim was judged under, when not the deployment's ("tp=8 pp=1 ...")
  // --fix: replace [col_begin, col_end) of the line with `replacement`, and
  // insert `qualifier` right after `qualifier_at` (when set).
  size_t col_begin = 0;
  size_t col_end = 0;
  std::string replacement;
  size_t qualifier_at = 0;
  std::string qualifier;
  // An inline formula that does not hold: replaced by a pointer to the derivation.
  size_t formula_begin = 0;
  size_t formula_end = 0;
  std::string formula_replacement;
};

struct CheckOptions {
  double tolerance = 0.25;  // band around a performance prediction
};

struct CheckReport {
  std::string file;
  bool has_scenario = false;
  std::string strategy_source;  // "the document (TP=4, PP=4, DP=2, EP=8)", "the front matter", ...
  std::optional<Plan> plan;
  std::vector<Finding> findings;  // every claim checked, in line order
  int count(Verdict v) const;
  bool failed() const;  // any wrong or impossible
};

// `scenario` may be null: then only the document's internal consistency is
// checked. Takes the strategy from the document's own TP/PP/DP/EP claims
// when it states them, else from the scenario.
CheckReport check_document(const MarkdownDocument& doc, const std::vector<Claim>& claims, const Scenario* scenario,
                           const CheckOptions& options);

// Whether a claim fixes a layout (a degree or a GPU count): the claims survey() keeps.
bool fixes_layout(const Claim& c);
// What survey() reads: those, and degree products (their results are no scale of their own).
bool surveyed(const Claim& c);
// A per-GPU figure a layout decides (weights, KV per token, experts, memory in use).
bool layout_figure(const Claim& c);
// The lines of a run's claims where a layout figure shares its line with a claim that fixes a layout, appended to
// `out` (what survey() notes of the figures).
void figure_lines(const std::vector<Claim>& claims, std::vector<int>& out);

// check_document for documents too large to hold all their claims at once, in
// two passes over the claims: survey() sees every claim in document order, in
// runs of any length, and keeps those that fix a layout (degrees, GPU counts;
// others may be left out);
// settle() takes the strategy and builds its Plan; check() then judges the
// claims a run at a time, the runs again in document order. The findings of
// all runs, concatenated, are check_document's.
class DocumentChecker {
 public:
  DocumentChecker(const MarkdownDocument& doc, const Scenario* scenario, const CheckOptions& options);
  ~DocumentChecker();
  DocumentChecker(const DocumentChecker&) = delete;
  DocumentChecker& operator=(const DocumentChecker&) = delete;
  void survey(const std::vector<Claim>& claims);
  // The lines figure_lines() found, for a survey that read only the claims that fix a layout.
  void survey_figure_lines(const std::vector<int>& lines);
  void settle();
  std::vector<Finding> check(const std::vector<Claim>& claims);
  // The report without its findings: file, scenario, strategy and Plan (after settle()).
  const CheckReport& report() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// The report as a JSON tree (render_check_text, check_json_text and apply_fixes, in check/writer.h, write
// the text report, the same JSON as text, and the fixed document).
nlohmann::json check_json(const CheckReport& r);

}  // namespace moeplan
