// Claims kept between `check`'s two passes over a large document, encoded:
// about 35 bytes a claim where a Claim takes 440 bytes plus its strings (a
// 50 MB document states over a million numbers). A claim's sentence and
// formula are kept as spans of its line in the document, which outlives the
// store; short strings (units, slot words, reasons) are kept once each.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "check/claims.h"
#include "check/lexicon.h"
#include "check/markdown.h"

namespace moeplan {

class ClaimStore {
 public:
  explicit ClaimStore(const MarkdownDocument& doc) : doc_(doc) {}
  // Appends a run of the document's claims (each claim's line is a line of the document).
  void append(const std::vector<Claim>& claims);
  size_t runs() const { return runs_.size(); }
  // Run `run` as appended, in place of `out`'s contents.
  void read(size_t run, std::vector<Claim>& out) const;
  // Bytes the encoded claims and the kept strings take (blocks are reserved 1 MB at a time; pages
  // not yet written are not memory the process holds).
  size_t bytes() const;

 private:
  uint32_t intern(const std::string& s);
  const MarkdownDocument& doc_;
  // The runs, back to back in blocks of about kBlockBytes (a run is never split), so the store
  // grows without copying what it holds.
  static constexpr size_t kBlockBytes = 1u << 20;
  std::vector<std::string> blocks_;
  std::vector<std::pair<uint32_t, uint32_t>> runs_;  // (block, offset) of each run
  std::string scratch_;                              // the run being encoded
  std::vector<std::string> strings_;
  WordTable<uint32_t> string_ids_;  // most are the lexicon's words or empty
};

}  // namespace moeplan
