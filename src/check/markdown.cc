#include "check/markdown.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "spec/error.h"
#include "spec/text.h"
#include "spec/yaml_reader.h"

namespace moeplan {

namespace {

// A document is treated as binary when at least this share of its bytes are
// control characters or bytes that do not form UTF-8 (and at least
// kMinBadBytes of them, so one stray Latin-1 byte in a short note passes).
constexpr double kMaxBadByteShare = 0.10;
constexpr size_t kMinBadBytes = 8;
// CommonMark: a heading, fence or label may be indented by at most 3 spaces.
constexpr size_t kMaxIndent = 3;
constexpr int kMaxHeadingLevel = 6;

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_space(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Leading spaces, or npos when the line is indented like a code block.
size_t indent_of(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  return i <= kMaxIndent ? i : std::string_view::npos;
}

bool is_control(unsigned char c) {
  if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return false;
  return c < 0x20 || c == 0x7F;
}

// Whether the 8 bytes at p are all printable ASCII (0x20-0x7E): none has its high bit set, none is below
// 0x20, none is DEL (a byte below 0x20 or equal to 0x7F borrows into its high bit).
bool printable_ascii8(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  uint64_t x;
  std::memcpy(&x, p, sizeof x);
  const uint64_t del = x ^ (0x7F * kOnes);
  return ((x | (x - 0x20 * kOnes) | (del - kOnes)) & kHigh) == 0;
}

// Throws when the text is empty or binary; linear in its size.
void require_text(std::string_view text, const std::string& file) {
  if (trim(text).empty() || text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos)
    throw InputError(file + ": empty document: there is nothing to check");
  const size_t nul = text.find('\0');
  if (nul != std::string_view::npos) {
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
    throw InputError(fmt::format("{}:{}: binary file (NUL byte at byte offset {}); expected a Markdown document",
                                 file, line, nul));
  }
  size_t bad = 0;
  for (size_t i = 0; i < text.size();) {
    if (i + 8 <= text.size() && printable_ascii8(text.data() + i)) {  // most of any document: 8 bytes at once
      i += 8;
      continue;
    }
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {  // ASCII, most of any document: no call
      bad += is_control(byte) ? 1 : 0;
      ++i;
      continue;
    }
    const size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      ++bad;
      ++i;
      continue;
    }
    if (n == 1 && is_control(static_cast<unsigned char>(text[i]))) ++bad;
    i += n;
  }
  if (bad >= kMinBadBytes && static_cast<double>(bad) >= kMaxBadByteShare * static_cast<double>(text.size()))
    throw InputError(fmt::format(
        "{}: binary file ({} of {} bytes are control characters or not UTF-8); expected a Markdown document", file,
        bad, text.size()));
}

// Strips emphasis markers and spaces around a title: "**Node 1**" -> "Node 1".
std::string clean_title(std::string_view s) {
  s = trim(s);
  while (!s.empty() && (s.front() == '*' || s.front() == '_' || s.front() == '`')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '*' || s.back() == '_' || s.back() == '`')) s.remove_suffix(1);
  s = trim(s);
  if (!s.empty() && s.back() == ':') s.remove_suffix(1);
  return std::string(trim(s));
}

// "## Title ##" -> level 2, "Title"; nullopt when not an ATX heading.
std::optional<std::pair<int, std::string>> atx_heading(std::string_view line) {
  const size_t indent = indent_of(line);
  if (indent == std::string_view::npos) return std::nullopt;
  std::string_view s = line.substr(indent);
  int level = 0;
  while (level < static_cast<int>(s.size()) && s[static_cast<size_t>(level)] == '#') ++level;
  if (level == 0 || level > kMaxHeadingLevel) return std::nullopt;
  if (static_cast<size_t>(level) < s.size() && !is_space(s[static_cast<size_t>(level)]) &&
      s[static_cast<size_t>(level)] != '\r')
    return std::nullopt;
  std::string_view title = trim(s.substr(static_cast<size_t>(level)));
  // A closing sequence of '#' preceded by a space is not part of the title.
  size_t end = title.size();
  while (end > 0 && title[end - 1] == '#') --end;
  if (end == 0) title = {};
  else if (end < title.size() && is_space(title[end - 1])) title = trim(title.substr(0, end));
  return std::make_pair(level, clean_title(title));
}

struct BoldLabel {
  std::string title;
  bool stands_alone = false;  // nothing but the label (and a colon) on the line
};

// "**Title**", "**Title**:", "**Title:**" alone on a line, or "**Title**: text"
// / "**Title:** text". Bold words inside a sentence are not labels.
std::optional<BoldLabel> bold_label(std::string_view line) {
  const size_t indent = indent_of(line);
  if (indent == std::string_view::npos) return std::nullopt;
  std::string_view s = trim(line.substr(indent));
  if (s.size() < 5) return std::nullopt;
  const std::string_view marker = s.substr(0, 2);
  if (marker != "**" && marker != "__") return std::nullopt;
  const size_t close = s.find(marker, 2);
  if (close == std::string_view::npos || close == 2 || is_space(s[2])) return std::nullopt;
  std::string_view label = s.substr(2, close - 2);
  std::string_view rest = trim(s.substr(close + 2));
  bool colon = !label.empty() && label.back() == ':';
  if (!rest.empty() && rest.front() == ':') {
    colon = true;
    rest = trim(rest.substr(1));
  }
  BoldLabel out;
  out.title = clean_title(label);
  if (out.title.empty()) return std::nullopt;
  out.stands_alone = rest.empty();
  if (!out.stands_alone && !colon) return std::nullopt;
  return out;
}

// A fence: at least three backticks or tildes. Returns the fence character and length.
std::optional<std::pair<char, size_t>> code_fence(std::string_view line) {
  const size_t indent = indent_of(line);
  if (indent == std::string_view::npos) return std::nullopt;
  std::string_view s = line.substr(indent);
  if (s.empty() || (s[0] != '`' && s[0] != '~')) return std::nullopt;
  size_t n = 0;
  while (n < s.size() && s[n] == s[0]) ++n;
  if (n < 3) return std::nullopt;
  return std::make_pair(s[0], n);
}

// "---", "***", "___", "- - -": three or more of one character, spaces allowed.
bool thematic_break(std::string_view line) {
  const std::string_view s = trim(line);
  if (s.empty() || (s[0] != '-' && s[0] != '*' && s[0] != '_')) return false;
  size_t n = 0;
  for (char c : s) {
    if (c == s[0]) ++n;
    else if (!is_space(c)) return false;
  }
  return n >= 3;
}

// Setext underline: only '=' (level 1) or only '-' (level 2), at least three.
int setext_level(std::string_view line) {
  const size_t indent = indent_of(line);
  if (indent == std::string_view::npos) return 0;
  const std::string_view s = trim(line);
  if (s.size() < 3 || (s[0] != '=' && s[0] != '-')) return 0;
  for (char c : s)
    if (c != s[0]) return 0;
  return s[0] == '=' ? 1 : 2;
}

bool table_separator(std::string_view line) {
  const std::string_view s = trim(line);
  if (s.find('|') == std::string_view::npos && s.find('-') == std::string_view::npos) return false;
  bool dash = false;
  bool pipe = false;
  for (char c : s) {
    if (c == '-') dash = true;
    else if (c == '|') pipe = true;
    else if (c != ':' && !is_space(c)) return false;
  }
  return dash && pipe;
}

bool list_item(std::string_view line) {
  std::string_view s = trim(line);
  if (s.size() >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && is_space(s[1])) return true;
  size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  return i > 0 && i + 1 < s.size() && (s[i] == '.' || s[i] == ')') && is_space(s[i + 1]);
}

bool is_fence_line(std::string_view line) { return trim(line) == "---"; }

}  // namespace

std::string_view MarkdownDocument::line(int n) const {
  if (n < 1 || n > line_count()) return {};
  const auto i = static_cast<size_t>(n - 1);
  return std::string_view(text_).substr(line_begin_[i], line_end_[i] - line_begin_[i]);
}

LineKind MarkdownDocument::kind_of(int n) const {
  if (n < 1 || n > static_cast<int>(line_kinds.size())) return LineKind::kBlank;
  return line_kinds[static_cast<size_t>(n - 1)];
}

const MarkdownNode* MarkdownDocument::node_at(int n) const {
  // The last node starting at or before n; nodes nest, so walking up its
  // parents finds the innermost one that still contains n.
  auto it = std::upper_bound(nodes.begin(), nodes.end(), n,
                             [](int line, const MarkdownNode& node) { return line < node.first_line; });
  if (it == nodes.begin()) return nullptr;
  int index = static_cast<int>(std::distance(nodes.begin(), it)) - 1;
  while (index >= 0) {
    const MarkdownNode& node = nodes[static_cast<size_t>(index)];
    if (node.first_line <= n && n <= node.last_line) return &node;
    index = node.parent;
  }
  return nullptr;
}

std::string MarkdownDocument::node_path(int n) const {
  const MarkdownNode* node = node_at(n);
  std::vector<const MarkdownNode*> chain;
  while (node != nullptr) {
    chain.push_back(node);
    node = node->parent >= 0 ? &nodes[static_cast<size_t>(node->parent)] : nullptr;
  }
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!out.empty()) out += " > ";
    out += (*it)->title;
  }
  return out;
}

MarkdownDocument parse_markdown(std::string text, const std::string& file) {
  require_text(text, file);
  // Prose is kept, not rejected: each invalid UTF-8 byte becomes U+FFFD and a
  // lone CR (old Mac line ending) a line break, so every output is valid text.
  if (first_invalid_utf8(text)) text = replace_invalid_utf8(text);  // else no copy: a document may be 50 MB
  normalize_lone_cr(text);
  MarkdownDocument doc;
  doc.file = file;
  doc.text_ = std::move(text);
  const std::string_view all(doc.text_);

  // Lines; a UTF-8 byte-order mark is not part of the first line.
  size_t pos = all.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (pos <= all.size()) {
    const size_t nl = all.find('\n', pos);
    const size_t end = nl == std::string_view::npos ? all.size() : nl;
    size_t content_end = end;
    if (content_end > pos && all[content_end - 1] == '\r') --content_end;
    doc.line_begin_.push_back(pos);
    doc.line_end_.push_back(content_end);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  // A final newline does not start another line.
  if (doc.line_begin_.size() > 1 && doc.line_begin_.back() == all.size()) {
    doc.line_begin_.pop_back();
    doc.line_end_.pop_back();
  }
  const int lines = doc.line_count();
  doc.line_kinds.assign(static_cast<size_t>(lines), LineKind::kText);
  auto set_kind = [&](int n, LineKind k) { doc.line_kinds[static_cast<size_t>(n - 1)] = k; };

  int body_start = 1;
  if (is_fence_line(doc.line(1))) {
    int close = 0;
    for (int n = 2; n <= lines && close == 0; ++n) {
      const std::string_view t = trim(doc.line(n));
      if (t == "---" || t == "...") close = n;
    }
    if (close == 0)
      throw InputError(fmt::format(
          "{}:1: front matter opened by '---' is never closed (add a line '---' after the scenario, or remove line 1)",
          file));
    FrontMatter fm;
    fm.first_line = 2;
    fm.last_line = close;
    for (int n = 2; n < close; ++n) {
      fm.text += doc.line(n);
      fm.text += '\n';
    }
    // Blank lines in front keep yaml-cpp's line numbers equal to the file's.
    const YAML::Node yaml = parse_yaml_text(std::string(static_cast<size_t>(fm.first_line - 1), '\n') + fm.text, file);
    if (!yaml.IsDefined() || yaml.IsNull())
      throw InputError(fmt::format("{}:1: front matter (lines 1-{}) is empty; expected a scenario (model, cluster, ...)",
                                   file, close));
    if (!yaml.IsMap())
      throw InputError(fmt::format("{}:2: front matter (lines 1-{}) is not a YAML mapping; expected a scenario "
                                   "(model, cluster, ...)",
                                   file, close));
    for (int n = 1; n <= close; ++n) set_kind(n, LineKind::kFrontMatter);
    doc.front_matter = std::move(fm);
    body_start = close + 1;
  }

  std::vector<int> open;  // indices of nodes not yet closed, outermost first
  int heading_level = 0;  // level of the last heading, for bold labels under it
  auto open_node = [&](MarkdownNode node) {
    while (!open.empty() && doc.nodes[static_cast<size_t>(open.back())].level >= node.level) {
      doc.nodes[static_cast<size_t>(open.back())].last_line = node.first_line - 1;
      open.pop_back();
    }
    node.parent = open.empty() ? -1 : open.back();
    doc.nodes.push_back(std::move(node));
    open.push_back(static_cast<int>(doc.nodes.size()) - 1);
  };

  std::optional<std::pair<char, size_t>> fence;  // the open code fence
  bool in_table = false;
  for (int n = body_start; n <= lines; ++n) {
    const std::string_view line = doc.line(n);
    if (fence) {
      const auto f = code_fence(line);
      if (f && f->first == fence->first && f->second >= fence->second && trim(line).size() == f->second) {
        set_kind(n, LineKind::kCodeFence);
        fence.reset();
      } else {
        set_kind(n, LineKind::kCode);
      }
      continue;
    }
    if (trim(line).empty()) {
      set_kind(n, LineKind::kBlank);
      in_table = false;
      continue;
    }
    if (const auto f = code_fence(line)) {
      set_kind(n, LineKind::kCodeFence);
      fence = f;
      in_table = false;
      continue;
    }
    if (table_separator(line) && n > body_start && doc.line(n - 1).find('|') != std::string_view::npos &&
        (doc.kind_of(n - 1) == LineKind::kText || doc.kind_of(n - 1) == LineKind::kTableRow)) {
      set_kind(n - 1, LineKind::kTableRow);
      set_kind(n, LineKind::kTableSeparator);
      in_table = true;
      continue;
    }
    if (in_table && line.find('|') != std::string_view::npos) {
      set_kind(n, LineKind::kTableRow);
      continue;
    }
    in_table = false;
    if (trim(line).front() == '|') {  // a row of a table whose separator comes next
      set_kind(n, LineKind::kTableRow);
      continue;
    }
    if (const int level = setext_level(line);
        level > 0 && n > body_start && doc.kind_of(n - 1) == LineKind::kText && !list_item(doc.line(n - 1))) {
      set_kind(n - 1, LineKind::kHeading);
      set_kind(n, LineKind::kSetextUnderline);
      open_node({clean_title(doc.line(n - 1)), NodeKind::kHeading, level, n - 1, 0, -1});
      heading_level = level;
      continue;
    }
    if (thematic_break(line)) {
      set_kind(n, LineKind::kRule);
      continue;
    }
    if (const auto h = atx_heading(line)) {
      set_kind(n, LineKind::kHeading);
      open_node({h->second, NodeKind::kHeading, h->first, n, 0, -1});
      heading_level = h->first;
      continue;
    }
    if (const auto b = bold_label(line)) {
      set_kind(n, LineKind::kBoldLabel);
      open_node({b->title, NodeKind::kBoldLabel, heading_level + (b->stands_alone ? 1 : 2), n, 0, -1});
      continue;
    }
  }
  for (int index : open) doc.nodes[static_cast<size_t>(index)].last_line = lines;
  return doc;
}

MarkdownDocument load_markdown(const std::string& path) {
  return parse_markdown(read_text_file(path, "document"), path);
}

}  // namespace moeplan
