// Markdown parsing and claim extraction (what `check` reads).
#include "check/claims.h"
#include "check/markdown.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace moeplan;
  fuzz::expect_result_or_input_error([&] {
    const MarkdownDocument doc = parse_markdown(fuzz::text_of(data, size), "doc.md");
    (void)extract_claims(doc);
  });
  return 0;
}
