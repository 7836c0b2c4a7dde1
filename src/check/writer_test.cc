// write_check streams what the whole-report functions write for
// check_document's report, byte for byte, whatever the runs and threads; and
// holds one node's findings, not the report.
#include "check/writer.h"

#include <gtest/gtest.h>
#if defined(__linux__)
#include <malloc.h>
#endif

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "check/claims.h"
#include "check/markdown.h"
#include "check/verify.h"
#include "spec/scenario.h"

namespace moeplan {
namespace {

std::vector<std::string> check_documents() {
  std::vector<std::string> paths;
  const std::string dir = std::string(MOEPLAN_SOURCE_DIR) + "/tests/data/check";
  // The fixtures and the scored blind sets; heldout/ is kept unread for the next measurement.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.path().extension() == ".md" && entry.path().filename() != "README.md" &&
        entry.path().string().find("/heldout/") == std::string::npos)
      paths.push_back(entry.path().string());
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string streamed(const MarkdownDocument& doc, const Scenario* sc, CheckOutput output, unsigned threads, bool* failed) {
  std::ostringstream out;
  *failed = write_check(doc, sc, CheckOptions{}, output, out, threads);
  return out.str();
}

void expect_same_as_whole_report(const MarkdownDocument& doc, const Scenario* sc, const std::string& what) {
  const CheckReport r = check_document(doc, extract_claims(doc), sc, CheckOptions{});
  const std::string text = render_check_text(r, doc), json = check_json_text(r), fixed = apply_fixes(r, doc);
  for (const unsigned threads : {1u, 3u}) {
    bool failed = false;
    EXPECT_EQ(streamed(doc, sc, CheckOutput::kText, threads, &failed), text) << what << ", " << threads << " threads";
    EXPECT_EQ(failed, r.failed()) << what;
    EXPECT_EQ(streamed(doc, sc, CheckOutput::kJson, threads, &failed), json) << what << ", " << threads << " threads";
    EXPECT_EQ(streamed(doc, sc, CheckOutput::kFix, threads, &failed), fixed) << what << ", " << threads << " threads";
  }
}

TEST(WriteCheck, StreamsTheWholeReportsBytes) {
  const Scenario seed = load_scenario(std::string(MOEPLAN_SOURCE_DIR) + "/examples/seed/scenario.yaml");
  int documents = 0;
  for (const std::string& path : check_documents()) {
    const MarkdownDocument doc = load_markdown(path);
    std::optional<Scenario> own;
    if (doc.front_matter) own = parse_scenario(doc.front_matter->text, path + " (front matter)");
    expect_same_as_whole_report(doc, own ? &*own : nullptr, path);
    // The seed's scenario: the review's node titles ("Current", "Should be") come back in
    // every node, and their findings are grouped by title over the whole document.
    expect_same_as_whole_report(doc, &seed, path + " with the seed's scenario");
    ++documents;
  }
  EXPECT_GE(documents, 30);
}

TEST(WriteCheck, JsonIsTheReportsTree) {
  const std::string path = std::string(MOEPLAN_SOURCE_DIR) + "/tests/data/check/seed_original.md";
  const MarkdownDocument doc = load_markdown(path);
  const Scenario sc = parse_scenario(doc.front_matter->text, path);
  const CheckReport r = check_document(doc, extract_claims(doc), &sc, CheckOptions{});
  bool failed = false;
  EXPECT_EQ(nlohmann::json::parse(streamed(doc, &sc, CheckOutput::kJson, 1, &failed)), check_json(r));
  EXPECT_TRUE(failed);  // 32 experts per GPU
}

// Many nodes, sections about alternatives and other models, and node titles that come back: the
// fixtures' bodies one after another under the seed's scenario, as tools/gen_check_doc.py writes them.
std::string many_documents() {
  const MarkdownDocument seed = load_markdown(std::string(MOEPLAN_SOURCE_DIR) + "/tests/data/check/seed_original.md");
  std::string text = "---\n" + seed.front_matter->text + "---\n";
  for (const std::string& path : check_documents()) {
    const MarkdownDocument doc = load_markdown(path);
    for (int n = doc.front_matter ? doc.front_matter->last_line + 1 : 1; n <= doc.line_count(); ++n)
      text += std::string(doc.line(n)) + "\n";
    text += "\n";
  }
  return text;
}

TEST(WriteCheck, ManyDocumentsInOne) {
  const MarkdownDocument doc = parse_markdown(many_documents(), "many.md");
  const Scenario sc = parse_scenario(doc.front_matter->text, "many.md");
  ASSERT_GT(doc.nodes.size(), 150u);
  expect_same_as_whole_report(doc, &sc, "many.md");
}

TEST(WriteCheck, ManyDocumentsJudgedOnThreads) {
  // The fixtures 8 times over: 12,000 lines, so the second pass has batches for more than one thread
  // (a batch is about 4,096 lines), each thread with its own checker.
  const std::string once = many_documents();
  const size_t body = once.find("\n---\n", 4) + 5;
  std::string text = once;
  for (int copy = 1; copy < 8; ++copy) text.append(once, body, std::string::npos);
  const MarkdownDocument doc = parse_markdown(std::move(text), "many_x8.md");
  ASSERT_GT(doc.line_count(), 3 * 4096);
  const Scenario sc = parse_scenario(doc.front_matter->text, "many_x8.md");
  expect_same_as_whole_report(doc, &sc, "many_x8.md");
}

// Nothing to change is not "every checked claim is correct" when a claim got no verdict: "64 GPUs" on a deployment
// of 8 names another layout (not understood), so the report says what the claims were.
TEST(WriteCheck, NothingToChangeSaysWhatTheClaimsWere) {
  const std::string text =
      "---\nmodel: mixtral-8x22b\ncluster: {gpu: mi300x, gpus: 8, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nruntime: {engine: vllm}\nstrategy: {tp: 8}\n---\n"
      "# Plans\n\nWe measure again with 64 GPUs in January.\n";
  const MarkdownDocument doc = parse_markdown(text, "later.md");
  const Scenario sc = parse_scenario(doc.front_matter->text, "later.md");
  bool failed = true;
  const std::string report = streamed(doc, &sc, CheckOutput::kText, 1, &failed);
  EXPECT_FALSE(failed);
  EXPECT_NE(report.find("None: no claim needs a change (0 correct, 0 unverifiable, 1 not understood)."), std::string::npos)
      << report;
  EXPECT_EQ(report.find("every checked claim is correct"), std::string::npos);
}

TEST(CheckRuns, CoverTheDocumentAndStartAtNodes) {
  // A long document without a heading is cut every kMaxRunLines lines; headings start runs.
  std::string text = "# One\n";
  for (int n = 0; n < 2 * kMaxRunLines + 10; ++n) text += "- item " + std::to_string(n) + " has 4 GPUs\n";
  text += "## Two\nTP=4\n";
  const MarkdownDocument doc = parse_markdown(text, "runs.md");
  const std::vector<std::pair<int, int>> runs = check_runs(doc);
  ASSERT_EQ(runs.size(), 4u);  // line 1 .. 4097, 4098 .. 8193, 8194 .. 8202, "## Two" and its line
  EXPECT_EQ(runs.front().first, 1);
  for (size_t i = 1; i < runs.size(); ++i) EXPECT_EQ(runs[i].first, runs[i - 1].second + 1);
  EXPECT_EQ(runs.back().second, doc.line_count());
  EXPECT_EQ(runs.back().first, doc.nodes.back().first_line);
  for (const auto& [first, last] : runs) EXPECT_LE(last - first + 1, kMaxRunLines);
  // The claims of the 8,000 items come out the same through the runs.
  expect_same_as_whole_report(doc, nullptr, "runs.md");
}

TEST(GroupedSpill, KeepsEachGroupsTextInOrder) {
  for (const size_t memory : {size_t{1}, size_t{64}, size_t{1} << 20}) {  // in a file at once, now and then, never
    GroupedSpill spill(memory);
    std::vector<std::string> expected(3);
    for (int k = 0; k < 1000; ++k) {
      const size_t group = static_cast<size_t>(k * 7 % 3);
      const std::string text = "entry " + std::to_string(k) + " of group " + std::to_string(group) + "\n";
      spill.append(group, text);
      expected[group] += text;
    }
    for (size_t g : {2u, 0u, 1u, 0u}) {  // in any order, more than once
      std::ostringstream out;
      spill.write(g, out);
      EXPECT_EQ(out.str(), expected[g]) << "group " << g << ", " << memory << " bytes in memory";
    }
  }
}

#if defined(__linux__) && !defined(MOEPLAN_SANITIZED)
// Resident memory in kB from /proc/self/status ("VmRSS", "VmHWM"), or -1.
long status_kb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  return -1;
}

// Writes to nowhere, as to a pipe: what is written is not kept.
class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

TEST(WriteCheck, MemoryIsTheDocumentsNotTheReports) {
  // The fixtures 75 times over: 4.8 MB, 110,000 lines; a report of 16 MB of text or 45 MB of
  // JSON. The whole report (check_document, then render_check_text or check_json_text) grows
  // the process by 144 MB (text) and 229 MB (JSON): every claim and finding (about 1 KB each)
  // and the whole output. Streamed: the encoded claims (about 35 bytes each), one node's
  // findings, and up to 16 MB of the text report before it goes to a temporary file.
  const std::string once = many_documents();
  const size_t body = once.find("\n---\n", 4) + 5;
  std::string text = once;
  for (int copy = 1; copy < 75; ++copy) text.append(once, body, std::string::npos);
  const MarkdownDocument doc = parse_markdown(std::move(text), "many_x75.md");
  const Scenario sc = parse_scenario(doc.front_matter->text, "many_x75.md");
  std::ofstream clear_refs("/proc/self/clear_refs");
  if (!clear_refs) GTEST_SKIP() << "/proc/self/clear_refs cannot be written: the peak cannot be reset";
  for (const CheckOutput output : {CheckOutput::kText, CheckOutput::kJson}) {
    malloc_trim(0);                   // memory freed earlier goes back, so what the check needs is new pages
    clear_refs << "5" << std::flush;  // the peak resident size starts again from the current one
    const long before = status_kb("VmRSS");
    ASSERT_GT(before, 0);
    ASSERT_LE(status_kb("VmHWM"), before + 1024);
    NullBuffer null_buffer;
    std::ostream null(&null_buffer);
    write_check(doc, &sc, CheckOptions{}, output, null, 1);
    const long grown_kb = status_kb("VmHWM") - before;
    // Measured: about 25 MB (JSON) and 41 MB (text; 48 MB before the spill counted string capacity).
    EXPECT_LT(grown_kb, 48 * 1024) << (output == CheckOutput::kText ? "text" : "JSON") << ": " << grown_kb << " kB";
  }
}
#endif

TEST(WriteCheck, ALongLineIsQuotedAroundEachFinding) {
  // One 102 KB line with 2,000 wrong figures (3 experts per GPU per MoE layer where the seed's EP 8 puts 16 / 8 = 2):
  // quoting the whole line twice (Current, Should be) for each finding would write 2,000 x 2 x 102 KB = 408 MB. Each
  // quote is the finding with 240 bytes each side: at most 2 x (481 + 6 "..." + 20) bytes of quotes and ~300 of
  // heading and derivation per finding, 2,000 x ~1.3 KB = 2.6 MB at most, and it still shows the fix in place.
  const Scenario seed = load_scenario(std::string(MOEPLAN_SOURCE_DIR) + "/examples/seed/scenario.yaml");
  std::string line;
  for (int i = 0; i < 2000; ++i) line += "each GPU holds 3 experts per MoE layer here, fine; ";
  const MarkdownDocument doc = parse_markdown("# Layout\n\n" + line + "\n", "long.md");
  bool failed = false;
  const std::string text = streamed(doc, &seed, CheckOutput::kText, 1, &failed);
  EXPECT_TRUE(failed);
  EXPECT_LT(text.size(), 3u << 20);
  const size_t current = text.find("**Current**: \"...");
  const size_t should = text.find("**Should be**: \"...");
  ASSERT_NE(current, std::string::npos);
  ASSERT_NE(should, std::string::npos);
  EXPECT_NE(text.substr(current, 600).find("holds 3 experts per MoE layer"), std::string::npos);
  EXPECT_NE(text.substr(should, 600).find("holds 2 experts per MoE layer"), std::string::npos);
}

}  // namespace
}  // namespace moeplan
