// Markdown parsing and claim extraction (what `check` reads); the claims read a
// line at a time and through the store `check` keeps them in are the same.
#include <cstdlib>
#include <vector>

#include "check/claim_store.h"
#include "check/claims.h"
#include "check/markdown.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace moeplan;
  fuzz::expect_result_or_input_error([&] {
    const MarkdownDocument doc = parse_markdown(fuzz::text_of(data, size), "doc.md");
    const std::vector<Claim> whole = extract_claims(doc);
    ClaimExtractor extractor(doc);
    ClaimStore store(doc);
    std::vector<Claim> run, back;
    size_t at = 0;
    for (int n = 1; n <= doc.line_count(); ++n) {
      run.clear();
      extractor.extract(n, n, run);
      store.append(run);
      store.read(store.runs() - 1, back);
      for (size_t k = 0; k < run.size(); ++k)
        if (at + k >= whole.size() || !(run[k] == whole[at + k]) || !(back[k] == run[k])) std::abort();
      at += run.size();
    }
    if (at != whole.size()) std::abort();
  });
  return 0;
}
