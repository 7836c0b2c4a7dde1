// `check`'s outputs (the text report, JSON, the fixed document), written a run
// of findings at a time, and write_check, which runs check over a document of
// any size and writes as it goes: memory for the document, its claims in
// compact form (ClaimStore) and a few batches' findings, not the whole report.
//
// The whole-report functions (render_check_text, check_json_text,
// apply_fixes) are the same writers given every finding at once, so the
// streamed output is the same bytes.
#pragma once

#include <array>
#include <cstdio>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "check/markdown.h"
#include "check/verify.h"

namespace moeplan {

enum class CheckOutput { kText, kJson, kFix };

// Runs `check` on `doc` in two passes over its claims (ClaimExtractor,
// DocumentChecker), a node at a time, and writes the report (kText, kJson) or
// the document with its fixes (kFix) to `out`. Returns whether the document
// has wrong or impossible numbers. Both passes run on up to `threads` threads
// (0: one per core for a large document): extraction a part of the document
// per thread, judging and formatting a batch of runs at a time per thread,
// written in order; the output does not depend on the threads.
bool write_check(const MarkdownDocument& doc, const Scenario* scenario, const CheckOptions& options, CheckOutput output,
                 std::ostream& out, unsigned threads = 0);

// The whole report at once.
std::string render_check_text(const CheckReport& r, const MarkdownDocument& doc);
// check_json(r).dump(2) written directly, keys in the same order: fast on huge reports.
std::string check_json_text(const CheckReport& r);
// The document with every wrong number replaced and ambiguous wording made explicit.
std::string apply_fixes(const CheckReport& r, const MarkdownDocument& doc);

// The runs write_check checks a document in: line ranges [first, last] that
// cover it, each starting at a node's first line or at line 1, and at most
// kMaxRunLines long.
inline constexpr int kMaxRunLines = 4096;
std::vector<std::pair<int, int>> check_runs(const MarkdownDocument& doc);

struct VerdictCounts {
  size_t claims = 0;
  std::array<size_t, 7> by_verdict{};  // indexed by Verdict
  void add(const std::vector<Finding>& findings);
  VerdictCounts& operator+=(const VerdictCounts& other);
  size_t operator[](Verdict v) const { return by_verdict[static_cast<size_t>(v)]; }
  bool failed() const { return (*this)[Verdict::kWrong] + (*this)[Verdict::kImpossible] > 0; }
};

// A run's findings as text, ready to be written: format() makes it on any
// thread, write() takes it in document order.
struct FormattedRun {
  std::string text;  // the JSON findings, the fixed lines, or the text report's "not understood" lines
  std::vector<std::pair<std::string, std::string>> groups;  // the text report: (node title, its findings)
  VerdictCounts counts;
};

// Receives the findings of consecutive runs of lines, from line 1 on, then
// writes what is left at the end. `header` is the report without findings.
// A run's text depends on nothing written before it, so runs can be formatted
// on several threads (format is const) and written in order.
class CheckWriter {
 public:
  virtual ~CheckWriter() = default;
  virtual void begin(const CheckReport& header) = 0;
  virtual FormattedRun format(int first_line, int last_line, const std::vector<Finding>& findings) const = 0;
  virtual void write(FormattedRun run) = 0;
  virtual void end(const CheckReport& header, const VerdictCounts& counts) = 0;
};

// Text kept for the end of a report, in groups: in memory up to `memory_bytes`,
// then in an unnamed temporary file (deleted when closed), so a report larger
// than memory is written in the order of its groups. Stays in memory when no
// temporary file can be made.
class GroupedSpill {
 public:
  explicit GroupedSpill(size_t memory_bytes) : memory_bytes_(memory_bytes) {}
  ~GroupedSpill();
  GroupedSpill(const GroupedSpill&) = delete;
  GroupedSpill& operator=(const GroupedSpill&) = delete;
  // Groups are numbered from 0 in the order they are first appended to.
  void append(size_t group, std::string_view text);
  size_t groups() const { return pending_.size(); }
  // Everything appended to `group`, in order.
  void write(size_t group, std::ostream& out);

 private:
  void spill();
  size_t memory_bytes_;
  size_t pending_bytes_ = 0;
  std::vector<std::string> pending_;                                   // per group, not yet in the file
  std::vector<std::vector<std::pair<uint64_t, uint64_t>>> in_file_;   // per group: (offset, size) blocks
  std::FILE* file_ = nullptr;
  uint64_t file_bytes_ = 0;
  bool no_file_ = false;
};

}  // namespace moeplan
