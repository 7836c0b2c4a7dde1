#include "check/markdown.h"

#include <gtest/gtest.h>

#include <string>

#include "spec/error.h"

namespace moeplan {
namespace {

std::string error_of(const std::string& text, const std::string& file = "doc.md") {
  try {
    parse_markdown(text, file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Markdown, HeadingsNestAndCloseAtTheNextSibling) {
  const MarkdownDocument doc = parse_markdown(
      "# Plan\n"           // 1
      "intro\n"            // 2
      "## Memory\n"        // 3
      "text\n"             // 4
      "### Detail ###\n"   // 5
      "more\n"             // 6
      "## Performance\n"   // 7
      "end\n",             // 8
      "doc.md");
  ASSERT_EQ(doc.nodes.size(), 4u);
  EXPECT_EQ(doc.nodes[0].title, "Plan");
  EXPECT_EQ(doc.nodes[0].first_line, 1);
  EXPECT_EQ(doc.nodes[0].last_line, 8);
  EXPECT_EQ(doc.nodes[1].title, "Memory");
  EXPECT_EQ(doc.nodes[1].last_line, 6);  // closed by "## Performance" on line 7
  EXPECT_EQ(doc.nodes[2].title, "Detail");  // closing #s are not part of the title
  EXPECT_EQ(doc.nodes[2].level, 3);
  EXPECT_EQ(doc.nodes[2].parent, 1);
  EXPECT_EQ(doc.nodes[3].first_line, 7);
  EXPECT_EQ(doc.nodes[3].last_line, 8);
  EXPECT_EQ(doc.node_at(6)->title, "Detail");
  EXPECT_EQ(doc.node_at(7)->title, "Performance");
  EXPECT_EQ(doc.node_path(6), "Plan > Memory > Detail");
  EXPECT_EQ(doc.line_count(), 8);
}

TEST(Markdown, BoldLabelsAreNodesUnderTheirHeading) {
  const MarkdownDocument doc = parse_markdown(
      "## Nodes Requiring Modification\n"                 // 1
      "**Node 2: Expert Parallelism**\n"                  // 2
      "**Current**: \"2 experts per GPU\"\n"              // 3
      "**Should be**: \"8 experts per GPU\"\n"            // 4
      "**Memory Layout**:\n"                              // 5
      "- Model Parameters: 5GB\n"                         // 6
      "Some **bold words** inside a sentence are not labels.\n",  // 7
      "doc.md");
  ASSERT_EQ(doc.nodes.size(), 5u);
  EXPECT_EQ(doc.nodes[1].title, "Node 2: Expert Parallelism");
  EXPECT_EQ(doc.nodes[1].kind, NodeKind::kBoldLabel);
  EXPECT_EQ(doc.nodes[1].level, 3);  // stands alone: heading level 2 + 1
  EXPECT_EQ(doc.nodes[2].title, "Current");
  EXPECT_EQ(doc.nodes[2].level, 4);  // text follows the label: heading level 2 + 2
  EXPECT_EQ(doc.nodes[2].parent, 1);
  EXPECT_EQ(doc.nodes[2].last_line, 3);
  EXPECT_EQ(doc.nodes[3].title, "Should be");
  EXPECT_EQ(doc.nodes[4].title, "Memory Layout");
  EXPECT_EQ(doc.nodes[4].parent, 0);  // a stand-alone label closes the previous one
  EXPECT_EQ(doc.node_at(7)->title, "Memory Layout");
  EXPECT_EQ(doc.node_path(3), "Nodes Requiring Modification > Node 2: Expert Parallelism > Current");
}

TEST(Markdown, SetextHeadingsAndRules) {
  const MarkdownDocument doc = parse_markdown("Title\n=====\n\ntext\n\n---\n\nSection\n-------\nbody\n", "doc.md");
  ASSERT_EQ(doc.nodes.size(), 2u);
  EXPECT_EQ(doc.nodes[0].title, "Title");
  EXPECT_EQ(doc.nodes[0].level, 1);
  EXPECT_EQ(doc.nodes[1].title, "Section");
  EXPECT_EQ(doc.nodes[1].level, 2);
  EXPECT_EQ(doc.nodes[1].first_line, 8);
  EXPECT_EQ(doc.kind_of(6), LineKind::kRule);  // "---" after a blank line is a rule, not a heading
  EXPECT_EQ(doc.kind_of(9), LineKind::kSetextUnderline);
}

TEST(Markdown, CodeBlocksAndTables) {
  const MarkdownDocument doc = parse_markdown(
      "# Run\n"                      // 1
      "```yaml\n"                    // 2
      "# not a heading\n"            // 3
      "```\n"                        // 4
      "| a | b |\n"                  // 5
      "|---|:-:|\n"                  // 6
      "| 1 | 2 |\n"                  // 7
      "\n"                           // 8
      "after\n",                     // 9
      "doc.md");
  ASSERT_EQ(doc.nodes.size(), 1u);
  EXPECT_EQ(doc.kind_of(2), LineKind::kCodeFence);
  EXPECT_EQ(doc.kind_of(3), LineKind::kCode);
  EXPECT_EQ(doc.kind_of(5), LineKind::kTableRow);
  EXPECT_EQ(doc.kind_of(6), LineKind::kTableSeparator);
  EXPECT_EQ(doc.kind_of(7), LineKind::kTableRow);
  EXPECT_EQ(doc.kind_of(8), LineKind::kBlank);
  EXPECT_EQ(doc.kind_of(9), LineKind::kText);
}

TEST(Markdown, FrontMatterKeepsFileLineNumbers) {
  const MarkdownDocument doc = parse_markdown(
      "---\n"                        // 1
      "model: seed-16x16\n"          // 2
      "cluster: {gpus: 32}\n"        // 3
      "---\n"                        // 4
      "# Plan\n",                    // 5
      "doc.md");
  ASSERT_TRUE(doc.front_matter.has_value());
  EXPECT_EQ(doc.front_matter->text, "model: seed-16x16\ncluster: {gpus: 32}\n");
  EXPECT_EQ(doc.front_matter->first_line, 2);
  EXPECT_EQ(doc.front_matter->last_line, 4);
  EXPECT_EQ(doc.kind_of(1), LineKind::kFrontMatter);
  EXPECT_EQ(doc.kind_of(4), LineKind::kFrontMatter);
  ASSERT_EQ(doc.nodes.size(), 1u);
  EXPECT_EQ(doc.nodes[0].first_line, 5);
}

TEST(Markdown, CrLfAndByteOrderMark) {
  const MarkdownDocument doc = parse_markdown("\xEF\xBB\xBF# Title\r\nline two\r\n", "doc.md");
  ASSERT_EQ(doc.nodes.size(), 1u);
  EXPECT_EQ(doc.nodes[0].title, "Title");
  EXPECT_EQ(doc.line(2), "line two");
  EXPECT_EQ(doc.line_count(), 2);
}

TEST(Markdown, BadInputIsAClearError) {
  EXPECT_EQ(error_of(""), "doc.md: empty document: there is nothing to check");
  EXPECT_EQ(error_of(" \n\t\n"), "doc.md: empty document: there is nothing to check");
  EXPECT_EQ(error_of(std::string("# ok\nbinary\0here\n", 17)),
            "doc.md:2: binary file (NUL byte at byte offset 11); expected a Markdown document");
  // 64 bytes that are not UTF-8 (0xFF never appears in UTF-8).
  EXPECT_NE(error_of(std::string(64, '\xFF')).find("doc.md: binary file (64 of 64 bytes"), std::string::npos);
  EXPECT_EQ(error_of("---\nmodel: x\n# no closing fence\n"),
            "doc.md:1: front matter opened by '---' is never closed (add a line '---' after the scenario, or remove "
            "line 1)");
  EXPECT_NE(error_of("---\nmodel: [unclosed\n---\n").find("doc.md:"), std::string::npos);
  EXPECT_NE(error_of("---\n- a list\n---\n").find("doc.md:2: front matter (lines 1-3) is not a YAML mapping"),
            std::string::npos);
  EXPECT_NE(error_of("---\n---\ntext\n").find("front matter (lines 1-2) is empty"), std::string::npos);
}

TEST(Markdown, StrayLatin1ByteIsStillText) {
  // One byte of Latin-1 ("café" saved as ISO-8859-1) is not a binary file.
  const MarkdownDocument doc = parse_markdown("# Caf\xE9 notes\nTP=4 on 8 GPUs\n", "doc.md");
  EXPECT_EQ(doc.line_count(), 2);
}

TEST(Markdown, MissingFileNamesThePath) {
  try {
    load_markdown("/nonexistent/doc.md");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/doc.md"), std::string::npos);
  }
}

}  // namespace
}  // namespace moeplan
