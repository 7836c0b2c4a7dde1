// A Markdown document as `moeplan check` sees it: lines, the optional YAML
// front matter (the scenario), and the document's nodes, i.e. its sections:
// ATX and setext headings and bold-labelled blocks ("**Node 2: Expert
// Parallelism**", "**Memory Layout**:" at the start of a line).
//
// One pass over the text, no backtracking: the cost is linear in its size.
// Line numbers are 1-based and count from the first line of the file, front
// matter included, so they match what an editor shows.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace moeplan {

enum class NodeKind {
  kHeading,    // "# Title" .. "###### Title", or a setext heading
  kBoldLabel,  // "**Title**" or "**Title**:" at the start of a line
};

struct MarkdownNode {
  std::string title;  // without the markers: "Node 2: Expert Parallelism"
  NodeKind kind = NodeKind::kHeading;
  // Headings: 1..6. A bold label sits under the heading it follows: one
  // level below it when the label stands alone on its line, two below when
  // text follows it on the same line ("**Current**: ..."), so inline labels
  // nest inside a stand-alone label.
  int level = 1;
  int first_line = 0;  // the heading or label line
  int last_line = 0;   // the line before the next node of the same or a shallower level
  int parent = -1;     // index of the enclosing node in MarkdownDocument::nodes; -1 at the top
};

// What a line is, for the claim extractor (tables and code need their own handling).
enum class LineKind {
  kText,
  kBlank,
  kFrontMatter,     // a line of the front matter block, its fences included
  kHeading,
  kBoldLabel,
  kSetextUnderline, // "===" / "---" under a setext heading
  kCodeFence,       // ``` or ~~~
  kCode,            // inside a fenced code block
  kTableRow,
  kTableSeparator,  // "|---|:--:|"
  kRule,            // a thematic break: "---", "***", "___"
};

struct FrontMatter {
  std::string text;     // between the fences, without them
  int first_line = 0;   // file line of the first line of `text` (the line after the opening '---')
  int last_line = 0;    // file line of the closing fence
};

class MarkdownDocument {
 public:
  std::string file;  // for messages
  std::optional<FrontMatter> front_matter;
  std::vector<MarkdownNode> nodes;  // in document order
  std::vector<LineKind> line_kinds; // line_kinds[n - 1] is the kind of line n

  int line_count() const { return static_cast<int>(line_begin_.size()); }
  // Line n (1-based) without its line ending; empty view when out of range.
  std::string_view line(int n) const;
  // The byte line n starts at in the document (1 <= n <= line_count()).
  size_t offset(int n) const { return line_begin_[static_cast<size_t>(n - 1)]; }
  // The innermost node that contains line n, or nullptr before the first node.
  const MarkdownNode* node_at(int n) const;
  // "Title > Subtitle > ..." from the outermost node down to the innermost at line n.
  std::string node_path(int n) const;
  LineKind kind_of(int n) const;

 private:
  friend MarkdownDocument parse_markdown(std::string text, const std::string& file);
  std::string text_;
  std::vector<size_t> line_begin_;  // byte offset of each line in text_
  std::vector<size_t> line_end_;    // offset of its end, line ending excluded
};

// Splits `text` (the contents of `file`) into lines and nodes. Throws
// InputError naming the file (and line where there is one) for an empty or
// whitespace-only document, a binary one (NUL bytes, or mostly bytes that
// are not UTF-8 text), or front matter that is never closed or is not a YAML
// mapping. A document without a single number is fine: it has no claims.
MarkdownDocument parse_markdown(std::string text, const std::string& file);

// Reads `path` and parses it; InputError when it is missing or unreadable.
MarkdownDocument load_markdown(const std::string& path);

}  // namespace moeplan
