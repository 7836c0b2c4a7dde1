#include "check/writer.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <condition_variable>
#include <exception>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "check/claim_store.h"
#include "check/claims.h"
#include "spec/text.h"

namespace moeplan {

namespace {

// The text report's groups and "not understood" lines are kept in memory up to this much, then in a
// temporary file: a 50 MB document has about 200 MB of report.
constexpr size_t kSpillMemoryBytes = 16u << 20;

// (begin, end, replacement) edits of one line.
struct Edit {
  size_t begin;
  size_t end;
  std::string text;
};

void add_edits(const Finding& f, std::vector<Edit>& edits) {
  const bool fix_number = (f.verdict == Verdict::kWrong || f.verdict == Verdict::kImpossible ||
                           f.verdict == Verdict::kUnsupported) &&
                          !f.replacement.empty() && f.col_end > f.col_begin;
  if (fix_number) edits.push_back({f.col_begin, f.col_end, f.replacement});
  if (f.formula_end > f.formula_begin) edits.push_back({f.formula_begin, f.formula_end, f.formula_replacement});
  if (!f.qualifier.empty()) edits.push_back({f.qualifier_at, f.qualifier_at, f.qualifier});
}

// Applies edits right to left so earlier columns stay valid; an edit that
// overlaps one already applied is skipped.
std::string apply_edits(std::string line, std::vector<Edit> edits) {
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
  size_t limit = line.size();
  for (const Edit& e : edits) {
    if (e.end > limit || e.begin > e.end) continue;
    line = line.substr(0, e.begin) + e.text + line.substr(e.end);
    limit = e.begin;
  }
  return line;
}

// A line longer than this is quoted around its finding only: a report quotes each finding's line, so a
// megabyte-long line with thousands of findings would otherwise make a report quadratic in the line.
constexpr size_t kMaxQuotedLine = 600;
constexpr size_t kQuoteContext = 240;  // bytes each side of the finding's columns

// The part of `line` a finding's quote shows and the edits shifted to it: the whole line when short, else the
// finding's columns with kQuoteContext bytes each side (at UTF-8 character boundaries), marked "..." where cut.
std::pair<std::string, std::string> quoted(std::string_view line, const Finding& f, std::vector<Edit> edits) {
  if (line.size() <= kMaxQuotedLine) return {std::string(line), apply_edits(std::string(line), std::move(edits))};
  size_t lo = f.col_begin, hi = f.col_end;
  for (const Edit& e : edits) {
    lo = std::min(lo, e.begin);
    hi = std::max(hi, e.end);
  }
  size_t b = lo > kQuoteContext ? lo - kQuoteContext : 0;
  size_t e = std::min(line.size(), hi + kQuoteContext);
  auto continuation = [&](size_t i) { return i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80; };
  while (b > 0 && continuation(b)) --b;
  while (e < line.size() && continuation(e)) ++e;
  std::string part(line.substr(b, e - b));
  for (Edit& x : edits) {
    x.begin = x.begin >= b ? x.begin - b : part.size() + 1;  // outside the window: skipped by apply_edits
    x.end = x.end >= b ? x.end - b : part.size() + 1;
  }
  std::string fixed = apply_edits(part, std::move(edits));
  const std::string head = b > 0 ? "..." : "", tail = e < line.size() ? "..." : "";
  return {head + part + tail, head + fixed + tail};
}

bool needs_change(Verdict v) {
  return v != Verdict::kCorrect && v != Verdict::kUnverifiable && v != Verdict::kNotUnderstood;
}

// The text report: the counts come first and the findings that need a change are grouped by node
// title (a title that comes back later in the document joins its group), so the groups and the "not
// understood" lines are kept (GroupedSpill) until the end.
class TextWriter : public CheckWriter {
 public:
  TextWriter(const MarkdownDocument& doc, std::ostream& out) : doc_(doc), out_(out) {}
  void begin(const CheckReport&) override {}
  FormattedRun format(int, int, const std::vector<Finding>& findings) const override {
    FormattedRun run;
    run.counts.add(findings);
    for (const Finding& f : findings) {
      if (f.verdict == Verdict::kNotUnderstood)
        fmt::format_to(std::back_inserter(run.text), FMT_COMPILE("- line {} {}: stated {}: {}\n"), f.line, f.quantity,
                       f.stated_text, f.explanation);
      if (!needs_change(f.verdict)) continue;
      const std::string_view node = f.node.empty() ? std::string_view("(before the first section)") : f.node;
      // Consecutive findings of one node go to its group as one piece.
      if (run.groups.empty() || run.groups.back().first != node) run.groups.emplace_back(node, "");
      std::string& entry = run.groups.back().second;
      std::vector<Edit> edits;
      add_edits(f, edits);
      const auto [line, fixed] = quoted(doc_.line(f.line), f, std::move(edits));
      fmt::format_to(std::back_inserter(entry), FMT_COMPILE("- line {} [{}] {}: stated {}{}\n"), f.line, to_string(f.verdict),
                     f.quantity, f.stated_text, f.expected_text.empty() ? "" : ", expected " + f.expected_text);
      fmt::format_to(std::back_inserter(entry), FMT_COMPILE("  **Current**: \"{}\"\n"), line);
      if (fixed != line) fmt::format_to(std::back_inserter(entry), FMT_COMPILE("  **Should be**: \"{}\"\n"), fixed);
      entry += "  **Derivation**: " + f.explanation + "\n";
    }
    return run;
  }
  void write(FormattedRun run) override {
    if (!run.text.empty()) spill_.append(kNotUnderstood, run.text);
    for (auto& [node, entries] : run.groups) {
      auto [it, fresh] = group_of_.emplace(node, order_.size() + 1);  // group 0 holds the "not understood" lines
      if (fresh) order_.push_back(std::move(node));
      spill_.append(it->second, entries);
    }
  }
  void end(const CheckReport& r, const VerdictCounts& n) override {
    out_ << fmt::format("moeplan check {}: {} claims; {} correct, {} wrong, {} ambiguous, {} unsupported, {} impossible, "
                        "{} unverifiable, {} not understood\n",
                        r.file, n.claims, n[Verdict::kCorrect], n[Verdict::kWrong], n[Verdict::kAmbiguous],
                        n[Verdict::kUnsupported], n[Verdict::kImpossible], n[Verdict::kUnverifiable],
                        n[Verdict::kNotUnderstood]);
    out_ << (r.has_scenario ? "Compared with the plan for the strategy of " + r.strategy_source + ".\n"
                            : "No scenario (front matter or --scenario): only internal consistency was checked.\n");
    out_ << "\n## Nodes requiring modification\n";
    // Nothing to change is not the same as all correct: say what the other claims were.
    if (order_.empty())
      out_ << (n.claims == n[Verdict::kCorrect]
                   ? std::string("\nNone: every checked claim is correct.\n")
                   : fmt::format("\nNone: no claim needs a change ({} correct, {} unverifiable, {} not understood).\n",
                                 n[Verdict::kCorrect], n[Verdict::kUnverifiable], n[Verdict::kNotUnderstood]));
    for (size_t i = 0; i < order_.size(); ++i) {
      const std::string& node = order_[i];
      out_ << (node.rfind("Node ", 0) == 0 ? fmt::format("\n### {}\n", node) : fmt::format("\n### Node {}: {}\n", i + 1, node));
      spill_.write(i + 1, out_);
    }
    if (n[Verdict::kNotUnderstood] > 0) {
      out_ << "\n## Not understood (no verdict)\n";
      spill_.write(kNotUnderstood, out_);
    }
    out_ << fmt::format("\n## Summary\n{} claims checked in {} nodes; {} need a change; {} not understood.\n", n.claims,
                        doc_.nodes.size(),
                        n.claims - n[Verdict::kCorrect] - n[Verdict::kUnverifiable] - n[Verdict::kNotUnderstood],
                        n[Verdict::kNotUnderstood]);
    out_ << (n.failed() ? "Verdict: the document has wrong or impossible numbers.\n"
                        : "Verdict: no wrong or impossible numbers.\n");
  }

 private:
  static constexpr size_t kNotUnderstood = 0;
  const MarkdownDocument& doc_;
  std::ostream& out_;
  GroupedSpill spill_{kSpillMemoryBytes};
  std::unordered_map<std::string, size_t> group_of_;  // node title -> its group in spill_
  std::vector<std::string> order_;                    // titles in order of their first finding
};

// Whether none of the 8 bytes at p needs a look of its own in JSON: all ASCII, no '"', no '\\', no
// control byte (below 0x20).
bool plain_json8(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  uint64_t x;
  std::memcpy(&x, p, sizeof x);
  auto has_zero_byte = [&](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const uint64_t below_space = (x - 0x20 * kOnes) & ~x & kHigh;
  return (has_zero_byte(x ^ ('"' * kOnes)) | has_zero_byte(x ^ ('\\' * kOnes)) | below_space | (x & kHigh)) == 0;
}

// A JSON string; a byte that starts no valid UTF-8 sequence is written as U+FFFD, so the output is
// valid UTF-8 whatever a document holds (as dump_json does for the other writers). The bytes between
// escapes are appended a run at a time, plain ones passed eight at a time.
void json_string(std::string& out, std::string_view s) {
  out += '"';
  size_t run = 0;  // the first byte not yet appended
  for (size_t i = 0; i < s.size(); ++i) {
    while (i + 8 <= s.size() && plain_json8(s.data() + i)) i += 8;
    if (i == s.size()) break;
    const char ch = s[i];
    std::string_view escape;
    if (static_cast<unsigned char>(ch) >= 0x80) {
      if (const size_t n = utf8_sequence_length(s, i); n != 0) {  // a valid sequence stays in the run
        i += n - 1;
        continue;
      }
      escape = "\xEF\xBF\xBD";
    } else {
      switch (ch) {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default:
          if (static_cast<unsigned char>(ch) >= 0x20) continue;
      }
    }
    out.append(s, run, i - run);
    if (!escape.empty()) out += escape;
    else out += fmt::format("\\u{:04x}", static_cast<int>(ch));
    run = i + 1;
  }
  out.append(s, run);
  out += '"';
}

void json_number(std::string& out, double v) {
  if (!std::isfinite(v)) out += "null";
  else fmt::format_to(std::back_inserter(out), FMT_COMPILE("{}"), v);
}

// The same document as check_json(r).dump(2), keys in the same (sorted) order, written a finding
// at a time: the summary comes last.
class JsonWriter : public CheckWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}
  void begin(const CheckReport& r) override {
    std::string s = "{\n  \"file\": ";
    json_string(s, r.file);
    s += ",\n  \"findings\": [";
    out_ << s;
  }
  // Every finding starts with ",": write() drops the document's first one.
  FormattedRun format(int, int, const std::vector<Finding>& findings) const override {
    FormattedRun run;
    run.counts.add(findings);
    std::string& out = run.text;
    for (const auto& f : findings) {
      out += ",\n    {";
      auto key = [&](std::string_view k) {
        out += "\n      \"";
        out += k;
        out += "\": ";
      };
      bool any = false;
      auto sep = [&]() {
        if (any) out += ',';
        any = true;
      };
      if (f.error_factor != 0) { sep(); key("error_factor"); json_number(out, f.error_factor); }
      sep(); key("expected"); if (f.expected) json_number(out, *f.expected); else out += "null";
      if (!f.expected_text.empty()) { sep(); key("expected_text"); json_string(out, f.expected_text); }
      sep(); key("explanation"); json_string(out, f.explanation);
      sep(); key("line"); out += std::to_string(f.line);
      sep(); key("node"); json_string(out, f.node);
      sep(); key("quantity"); json_string(out, f.quantity);
      if (!f.reading.empty()) { sep(); key("reading"); json_string(out, f.reading); }
      sep(); key("stated"); json_number(out, f.stated);
      if (f.stated_hi != f.stated) { sep(); key("stated_hi"); json_number(out, f.stated_hi); }
      if (!f.strategy.empty()) { sep(); key("strategy"); json_string(out, f.strategy); }
      sep(); key("text"); json_string(out, f.text);
      sep(); key("verdict"); json_string(out, to_string(f.verdict));
      out += "\n    }";
    }
    return run;
  }
  void write(FormattedRun run) override {
    if (run.text.empty()) return;
    out_ << std::string_view(run.text).substr(first_ ? 1 : 0);
    first_ = false;
  }
  void end(const CheckReport& r, const VerdictCounts& n) override {
    std::string out = first_ ? "]" : "\n  ]";
    out += ",\n  \"summary\": {";
    out += fmt::format("\n    \"ambiguous\": {},", n[Verdict::kAmbiguous]);
    out += fmt::format("\n    \"claims\": {},", n.claims);
    out += fmt::format("\n    \"correct\": {},", n[Verdict::kCorrect]);
    out += fmt::format("\n    \"failed\": {},", n.failed() ? "true" : "false");
    out += fmt::format("\n    \"has_scenario\": {},", r.has_scenario ? "true" : "false");
    out += fmt::format("\n    \"impossible\": {},", n[Verdict::kImpossible]);
    out += fmt::format("\n    \"not_understood\": {},", n[Verdict::kNotUnderstood]);
    out += "\n    \"strategy_source\": ";
    json_string(out, r.strategy_source);
    out += ",";
    out += fmt::format("\n    \"unsupported\": {},", n[Verdict::kUnsupported]);
    out += fmt::format("\n    \"unverifiable\": {},", n[Verdict::kUnverifiable]);
    out += fmt::format("\n    \"wrong\": {}", n[Verdict::kWrong]);
    out += "\n  }\n}\n";
    out_ << out;
  }

 private:
  std::ostream& out_;
  bool first_ = true;
};

// The document with every fix applied, a run of lines at a time.
class FixWriter : public CheckWriter {
 public:
  FixWriter(const MarkdownDocument& doc, std::ostream& out) : doc_(doc), out_(out) {}
  void begin(const CheckReport&) override {}
  FormattedRun format(int first_line, int last_line, const std::vector<Finding>& findings) const override {
    FormattedRun run;
    run.counts.add(findings);
    std::map<int, std::vector<Edit>> edits;
    for (const auto& f : findings) add_edits(f, edits[f.line]);
    std::string& out = run.text;
    for (int n = first_line; n <= last_line; ++n) {
      auto it = edits.find(n);
      if (it == edits.end()) out += doc_.line(n);
      else out += apply_edits(std::string(doc_.line(n)), it->second);
      out += '\n';
    }
    return run;
  }
  void write(FormattedRun run) override { out_ << run.text; }
  void end(const CheckReport&, const VerdictCounts&) override {}

 private:
  const MarkdownDocument& doc_;
  std::ostream& out_;
};

std::unique_ptr<CheckWriter> make_writer(CheckOutput output, const MarkdownDocument& doc, std::ostream& out) {
  switch (output) {
    case CheckOutput::kText: return std::make_unique<TextWriter>(doc, out);
    case CheckOutput::kJson: return std::make_unique<JsonWriter>(out);
    case CheckOutput::kFix: return std::make_unique<FixWriter>(doc, out);
  }
  return nullptr;
}

// The whole report through one writer, as one run.
std::string write_report(CheckOutput output, const CheckReport& r, const MarkdownDocument* doc) {
  static const MarkdownDocument kNoDocument;
  std::ostringstream out;
  const std::unique_ptr<CheckWriter> writer = make_writer(output, doc != nullptr ? *doc : kNoDocument, out);
  VerdictCounts counts;
  counts.add(r.findings);
  writer->begin(r);
  writer->write(writer->format(1, doc != nullptr ? doc->line_count() : 0, r.findings));
  writer->end(r, counts);
  return std::move(out).str();
}

}  // namespace

void VerdictCounts::add(const std::vector<Finding>& findings) {
  claims += findings.size();
  for (const Finding& f : findings) ++by_verdict[static_cast<size_t>(f.verdict)];
}

VerdictCounts& VerdictCounts::operator+=(const VerdictCounts& other) {
  claims += other.claims;
  for (size_t v = 0; v < by_verdict.size(); ++v) by_verdict[v] += other.by_verdict[v];
  return *this;
}

GroupedSpill::~GroupedSpill() {
  if (file_ != nullptr) std::fclose(file_);
}

void GroupedSpill::append(size_t group, std::string_view text) {
  if (group >= pending_.size()) {
    pending_.resize(group + 1);
    in_file_.resize(group + 1);
  }
  // Counted by capacity: a string that doubles holds twice its text, and the bound is on memory.
  std::string& pending = pending_[group];
  const size_t before = pending.capacity();
  pending += text;
  pending_bytes_ += pending.capacity() - before;
  if (pending_bytes_ > memory_bytes_) spill();
}

void GroupedSpill::spill() {
  if (file_ == nullptr && !no_file_) {
    file_ = std::tmpfile();
    no_file_ = file_ == nullptr;
  }
  if (file_ == nullptr) return;  // no temporary file: everything stays in memory
  for (size_t g = 0; g < pending_.size(); ++g) {
    std::string& text = pending_[g];
    if (text.empty()) continue;
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
      // A full disk: keep the rest in memory.
      no_file_ = true;
      return;
    }
    in_file_[g].emplace_back(file_bytes_, text.size());
    file_bytes_ += text.size();
    // What append() counted: the growth past an empty string's own (small-string) capacity.
    const size_t held = text.capacity();
    std::string().swap(text);
    pending_bytes_ -= held - text.capacity();
  }
}

void GroupedSpill::write(size_t group, std::ostream& out) {
  if (group >= pending_.size()) return;
  if (!in_file_[group].empty()) {
    std::fflush(file_);
    std::string buffer;
    for (const auto& [offset, size] : in_file_[group]) {
      buffer.resize(static_cast<size_t>(size));
      if (std::fseek(file_, static_cast<long>(offset), SEEK_SET) != 0 ||
          std::fread(buffer.data(), 1, buffer.size(), file_) != buffer.size())
        throw std::runtime_error("check: the temporary file of the report could not be read back");
      out << buffer;
    }
    std::fseek(file_, 0, SEEK_END);
  }
  out << pending_[group];
}

std::vector<std::pair<int, int>> check_runs(const MarkdownDocument& doc) {
  std::vector<std::pair<int, int>> runs;
  const int lines = doc.line_count();
  int first = 1;
  size_t node = 0;
  for (int n = 2; n <= lines; ++n) {
    while (node < doc.nodes.size() && doc.nodes[node].first_line < n) ++node;
    const bool starts_node = node < doc.nodes.size() && doc.nodes[node].first_line == n;
    if (starts_node || n - first >= kMaxRunLines) {
      runs.emplace_back(first, n - 1);
      first = n;
    }
  }
  if (lines >= 1) runs.emplace_back(first, lines);
  return runs;
}

namespace {

// Documents shorter than this are extracted on one thread.
constexpr int kLinesPerThread = 20000;
constexpr unsigned kMaxThreads = 8;

// The first pass: the claims of every run, extracted and encoded. The document is cut into
// `parts` pieces of about equal size that start at a node's first line, where extraction starts
// afresh (no table, code block or sentence carries into a heading or a bold label), each extracted on a thread of its own
// into a store of its own: the same claims, the same bytes, whatever the number of threads. The
// claims that fix a layout are kept a second time on their own, for each thread's survey.
class ExtractedRuns {
 public:
  ExtractedRuns(const MarkdownDocument& doc, const std::vector<std::pair<int, int>>& runs, unsigned parts) {
    std::vector<size_t> node_starts(runs.size(), 0);
    size_t node = 0;
    for (size_t i = 0; i < runs.size(); ++i) {
      while (node < doc.nodes.size() && doc.nodes[node].first_line < runs[i].first) ++node;
      node_starts[i] = i == 0 || (node < doc.nodes.size() && doc.nodes[node].first_line == runs[i].first);
    }
    // Parts of about equal bytes, which the work follows more closely than lines.
    const size_t bytes = runs.empty() ? 0 : doc.offset(runs.back().second) + doc.line(runs.back().second).size();
    const size_t bytes_per_part = std::max<size_t>(1, bytes / std::max(1u, parts));
    for (size_t i = 0; i < runs.size(); ++i)
      if (i == 0 || (node_starts[i] && doc.offset(runs[i].first) - doc.offset(runs[first_run_.back()].first) >= bytes_per_part))
        first_run_.push_back(i);
    for (size_t p = 0; p < first_run_.size(); ++p) {
      stores_.push_back(std::make_unique<ClaimStore>(doc));
      layout_stores_.push_back(std::make_unique<ClaimStore>(doc));
    }
    figure_lines_.resize(first_run_.size());
    auto extract = [&](size_t p) {
      ClaimExtractor extractor(doc);
      std::vector<Claim> claims, layout;
      const size_t end = p + 1 < first_run_.size() ? first_run_[p + 1] : runs.size();
      for (size_t i = first_run_[p]; i < end; ++i) {
        claims.clear();
        extractor.extract(runs[i].first, runs[i].second, claims);
        stores_[p]->append(claims);
        layout.clear();
        std::copy_if(claims.begin(), claims.end(), std::back_inserter(layout), surveyed);
        layout_stores_[p]->append(layout);
        figure_lines(claims, figure_lines_[p]);
      }
    };
    if (first_run_.size() == 1) {
      extract(0);
      return;
    }
    std::vector<std::exception_ptr> failures(first_run_.size());
    std::vector<std::thread> threads;
    for (size_t p = 0; p < first_run_.size(); ++p)
      threads.emplace_back([&, p] {
        try {
          extract(p);
        } catch (...) {
          failures[p] = std::current_exception();
        }
      });
    for (std::thread& t : threads) t.join();
    for (const std::exception_ptr& e : failures)
      if (e) std::rethrow_exception(e);
  }
  // The claims of run i, in place of `out`'s.
  void read(size_t i, std::vector<Claim>& out) const { read(stores_, i, out); }
  // Those of them survey() reads (surveyed).
  void read_layout(size_t i, std::vector<Claim>& out) const { read(layout_stores_, i, out); }
  // The lines where a per-GPU figure shares its line with a claim that fixes a layout (figure_lines), all parts.
  std::vector<int> layout_figure_lines() const {
    std::vector<int> all;
    for (const auto& part : figure_lines_) all.insert(all.end(), part.begin(), part.end());
    return all;
  }

 private:
  void read(const std::vector<std::unique_ptr<ClaimStore>>& stores, size_t i, std::vector<Claim>& out) const {
    const size_t p = static_cast<size_t>(std::upper_bound(first_run_.begin(), first_run_.end(), i) - first_run_.begin()) - 1;
    stores[p]->read(i - first_run_[p], out);
  }
  std::vector<size_t> first_run_;  // of each part
  std::vector<std::unique_ptr<ClaimStore>> stores_;
  std::vector<std::unique_ptr<ClaimStore>> layout_stores_;
  std::vector<std::vector<int>> figure_lines_;  // per part
};

}  // namespace

namespace {

// The second pass judges and formats whole runs in batches of about this many lines.
constexpr int kBatchLines = 4096;
// Batches judged and not yet written: what the second pass holds, at most.
constexpr size_t kBatchesAhead = 4;

// The second pass: the runs judged and formatted a batch at a time on up to `threads` threads, and
// written in document order on the calling thread. Each thread has a DocumentChecker of its own,
// surveyed and settled over the whole document: a run's findings depend on the settled checker and
// the run, not on which runs the checker judged before it (only that they come in document order,
// and a thread takes its batches in order). So the bytes do not depend on the threads.
class JudgedRuns {
 public:
  JudgedRuns(const MarkdownDocument& doc, const Scenario* scenario, const CheckOptions& options,
             const std::vector<std::pair<int, int>>& runs, const ExtractedRuns& extracted, CheckWriter& writer)
      : doc_(doc), scenario_(scenario), options_(options), runs_(runs), extracted_(extracted), writer_(writer) {
    size_t first = 0;
    for (size_t i = 0; i < runs.size(); ++i)
      if (i + 1 == runs.size() || runs[i].second - runs[first].first + 1 >= kBatchLines) {
        batches_.emplace_back(first, i + 1);
        first = i + 1;
      }
  }

  // Writes every run; returns the counts of the findings.
  VerdictCounts write(unsigned threads) {
    std::vector<std::thread> helpers;
    std::exception_ptr failure;
    {
      // Helpers stop (and are joined) however this thread leaves the block.
      struct Stop {
        JudgedRuns& pass;
        std::vector<std::thread>& helpers;
        ~Stop() {
          {
            const std::lock_guard lock(pass.mutex_);
            pass.stop_ = true;
          }
          pass.changed_.notify_all();
          for (std::thread& t : helpers) t.join();
        }
      } stop{*this, helpers};
      for (unsigned t = 1; t < threads && t < batches_.size(); ++t)
        helpers.emplace_back([this, &failure] {
          try {
            help();
          } catch (...) {
            const std::lock_guard lock(mutex_);
            if (!failure) failure = std::current_exception();
            stop_ = true;
            changed_.notify_all();
          }
        });
      DocumentChecker checker(doc_, scenario_, options_);
      settle(checker);
      writer_.begin(checker.report());
      std::unique_lock lock(mutex_);
      while (written_ < batches_.size() && !stop_) {
        std::optional<FormattedRun>& next = ready_[written_ % kBatchesAhead];
        if (next) {
          FormattedRun run = std::move(*next);
          next.reset();
          ++written_;
          lock.unlock();
          changed_.notify_all();
          counts_ += run.counts;
          writer_.write(std::move(run));
          lock.lock();
        } else if (!judge_next(checker, lock)) {
          changed_.wait(lock);
        }
      }
      const bool complete = written_ == batches_.size();
      lock.unlock();
      if (complete) writer_.end(checker.report(), counts_);
    }
    if (failure) std::rethrow_exception(failure);
    return counts_;
  }

 private:
  void settle(DocumentChecker& checker) const {
    std::vector<Claim> claims;
    for (size_t i = 0; i < runs_.size(); ++i) {
      extracted_.read_layout(i, claims);
      checker.survey(claims);
    }
    checker.survey_figure_lines(extracted_.layout_figure_lines());
    checker.settle();
  }

  // A helper thread: batches as they come, while there is room for them.
  void help() {
    DocumentChecker checker(doc_, scenario_, options_);
    settle(checker);
    std::unique_lock lock(mutex_);
    while (!stop_ && next_ < batches_.size())
      if (!judge_next(checker, lock)) changed_.wait(lock);
  }

  // Takes the next batch, if there is room for it, and judges it with the lock released.
  bool judge_next(DocumentChecker& checker, std::unique_lock<std::mutex>& lock) {
    if (next_ >= batches_.size() || next_ >= written_ + kBatchesAhead) return false;
    const size_t b = next_++;
    lock.unlock();
    FormattedRun batch;
    std::vector<Claim> claims;
    for (size_t i = batches_[b].first; i < batches_[b].second; ++i) {
      extracted_.read(i, claims);
      FormattedRun run = writer_.format(runs_[i].first, runs_[i].second, checker.check(claims));
      batch.text += run.text;
      for (auto& group : run.groups) batch.groups.push_back(std::move(group));
      batch.counts += run.counts;
    }
    lock.lock();
    ready_[b % kBatchesAhead] = std::move(batch);
    changed_.notify_all();
    return true;
  }

  const MarkdownDocument& doc_;
  const Scenario* scenario_;
  const CheckOptions& options_;
  const std::vector<std::pair<int, int>>& runs_;
  const ExtractedRuns& extracted_;
  CheckWriter& writer_;
  std::vector<std::pair<size_t, size_t>> batches_;  // [first run, end run) of each batch
  VerdictCounts counts_;
  std::mutex mutex_;  // guards what follows
  std::condition_variable changed_;
  size_t next_ = 0;     // the next batch to judge
  size_t written_ = 0;  // batches written
  std::array<std::optional<FormattedRun>, kBatchesAhead> ready_;  // batch b, judged, in slot b % kBatchesAhead
  bool stop_ = false;
};

}  // namespace

bool write_check(const MarkdownDocument& doc, const Scenario* scenario, const CheckOptions& options, CheckOutput output,
                 std::ostream& out, unsigned threads) {
  const std::vector<std::pair<int, int>> runs = check_runs(doc);
  if (threads == 0)
    threads = std::clamp(std::min(std::thread::hardware_concurrency(), static_cast<unsigned>(doc.line_count() / kLinesPerThread)),
                         1u, kMaxThreads);
  const ExtractedRuns extracted(doc, runs, threads);
  const std::unique_ptr<CheckWriter> writer = make_writer(output, doc, out);
  return JudgedRuns(doc, scenario, options, runs, extracted, *writer).write(threads).failed();
}

std::string render_check_text(const CheckReport& r, const MarkdownDocument& doc) {
  return write_report(CheckOutput::kText, r, &doc);
}

std::string check_json_text(const CheckReport& r) { return write_report(CheckOutput::kJson, r, nullptr); }

std::string apply_fixes(const CheckReport& r, const MarkdownDocument& doc) { return write_report(CheckOutput::kFix, r, &doc); }

}  // namespace moeplan
