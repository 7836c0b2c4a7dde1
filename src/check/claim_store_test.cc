// The claims of write_check's two passes are those of extract_claims: extracted a
// run of lines at a time (ClaimExtractor), then encoded and read back (ClaimStore).
#include "check/claim_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "check/claims.h"
#include "check/markdown.h"
#include "check/writer.h"

namespace moeplan {
namespace {

// Every document `check` is tested on: the fixtures and the blind documents.
std::vector<std::string> check_documents() {
  std::vector<std::string> paths;
  const std::string dir = std::string(MOEPLAN_SOURCE_DIR) + "/tests/data/check";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.path().extension() == ".md" && entry.path().filename() != "README.md") paths.push_back(entry.path().string());
  std::sort(paths.begin(), paths.end());
  return paths;
}

// Tables, a column layout in a code block and sentences that run on over lines: what one line
// carries into the next while extracting.
constexpr const char* kCarriedState =
    "# Plan\n"
    "| Quantity | Per MoE layer |\n|---|---|\n| Experts per GPU | 16 |\n| GPUs | 32 |\n\n| TTFT (ms) | 900 |\n"
    "```\nstage   GPUs   memory\n0       8      61 GB\n1       8      60 GB\n```\n"
    "The checkpoint is 470 GB (438 GiB); the download page lists it as\n438 GB, and each GPU holds\n"
    "2 experts per MoE layer.\n"
    "**Memory**: 23GB of 64GB per GPU, with\nTP=4 x PP=4 x DP=2 = 32 GPUs.\n";

TEST(ClaimExtractor, RunsOfAnyLengthGiveTheDocumentsClaims) {
  std::vector<MarkdownDocument> docs;
  docs.push_back(parse_markdown(kCarriedState, "carried.md"));
  for (const std::string& path : check_documents()) docs.push_back(load_markdown(path));
  size_t claims = 0;
  for (const MarkdownDocument& doc : docs) {
    const std::vector<Claim> whole = extract_claims(doc);
    claims += whole.size();
    // One line a run: every line starts a run, inside tables, code blocks and sentences.
    for (const int run_lines : {1, 2, 7}) {
      ClaimExtractor extractor(doc);
      std::vector<Claim> runs;
      for (int first = 1; first <= doc.line_count(); first += run_lines)
        extractor.extract(first, std::min(doc.line_count(), first + run_lines - 1), runs);
      ASSERT_EQ(runs.size(), whole.size()) << doc.file << ", runs of " << run_lines << " lines";
      for (size_t k = 0; k < whole.size(); ++k)
        EXPECT_TRUE(runs[k] == whole[k]) << doc.file << ": claim " << k << " on line " << whole[k].line << ", runs of "
                                         << run_lines << " lines";
    }
    // A fresh extractor at a node's first line, as write_check's threads start: nothing carries into it.
    for (const MarkdownNode& node : doc.nodes) {
      std::vector<Claim> from_node;
      ClaimExtractor(doc).extract(node.first_line, doc.line_count(), from_node);
      std::vector<Claim> expected;
      for (const Claim& c : whole)
        if (c.line >= node.first_line) expected.push_back(c);
      ASSERT_EQ(from_node.size(), expected.size()) << doc.file << " from line " << node.first_line;
      for (size_t k = 0; k < expected.size(); ++k)
        EXPECT_TRUE(from_node[k] == expected[k]) << doc.file << " from line " << node.first_line << ": claim on line "
                                                 << expected[k].line;
    }
  }
  EXPECT_GT(claims, 1000u);  // the documents hold real claims
}

TEST(ClaimStore, ClaimsComeBackAsTheyWent) {
  size_t claims = 0, bytes = 0;
  for (const std::string& path : check_documents()) {
    const MarkdownDocument doc = load_markdown(path);
    const std::vector<std::pair<int, int>> runs = check_runs(doc);
    ClaimStore store(doc);
    std::vector<std::vector<Claim>> kept;
    ClaimExtractor extractor(doc);
    for (const auto& [first, last] : runs) {
      kept.emplace_back();
      extractor.extract(first, last, kept.back());
      store.append(kept.back());
      claims += kept.back().size();
    }
    ASSERT_EQ(store.runs(), runs.size());
    std::vector<Claim> back;
    for (size_t i = runs.size(); i-- > 0;) {  // in any order
      store.read(i, back);
      ASSERT_EQ(back.size(), kept[i].size()) << path << " run " << i;
      for (size_t k = 0; k < back.size(); ++k)
        EXPECT_TRUE(back[k] == kept[i][k]) << path << ": claim on line " << kept[i][k].line << " (" << kept[i][k].text << ")";
    }
    bytes += store.bytes();
  }
  EXPECT_GT(claims, 1000u);
  // A Claim is 440 bytes plus a copy of its sentence; encoded, under 64 bytes.
  EXPECT_LT(bytes, claims * 64) << bytes << " bytes for " << claims << " claims";
}

TEST(ClaimStore, SmallOnALargeDocument) {
  // The seed document 200 times (about 700 KB, 9,000 claims): the encoding, not the block, counts.
  const MarkdownDocument seed = load_markdown(std::string(MOEPLAN_SOURCE_DIR) + "/tests/data/check/seed_original.md");
  std::string text;
  for (int copy = 0; copy < 200; ++copy)
    for (int n = seed.front_matter ? seed.front_matter->last_line + 1 : 1; n <= seed.line_count(); ++n)
      text += std::string(seed.line(n)) + "\n";
  const MarkdownDocument doc = parse_markdown(text, "seed_x200.md");
  ClaimStore store(doc);
  const std::vector<Claim> claims = extract_claims(doc);
  store.append(claims);
  ASSERT_GT(claims.size(), 5000u);
  // About 35 bytes a claim (440 bytes and a copy of the sentence as a Claim).
  EXPECT_LT(static_cast<double>(store.bytes()) / static_cast<double>(claims.size()), 64.0) << store.bytes();
}

}  // namespace
}  // namespace moeplan
