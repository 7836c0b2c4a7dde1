// The whole of `check` on a document: the fuzz input is the body after a fixed front matter (DeepSeek-V3 on 16
// H200s with a strategy), so the reading, the regions it builds (sections, list items and paragraphs about
// alternatives, tables of layouts or GPUs side by side, serving pools), the Plans of alternatives and both
// writers run on it. A document is judged or rejected with an InputError; nothing else may happen.
#include <sstream>

#include "check/markdown.h"
#include "check/verify.h"
#include "check/writer.h"
#include "fuzz/fuzz_support.h"
#include "spec/scenario.h"

namespace {
constexpr const char* kFrontMatter =
    "---\n"
    "model: deepseek-v3\n"
    "cluster: {gpu: h200, gpus: 16, gpus_per_node: 8}\n"
    "workload: {input_tokens: 2048, output_tokens: 512}\n"
    "strategy: {tp: 8, dp: 2, ep: 16}\n"
    "---\n";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace moeplan;
  static const Scenario scenario = parse_scenario(std::string(kFrontMatter).substr(4, std::string(kFrontMatter).size() - 8), "fuzz.md");
  // The first byte picks the writer (text or JSON): each input runs the Plans once, twice as many inputs a second.
  if (size == 0) return 0;
  const CheckOutput output = (data[0] & 1) != 0 ? CheckOutput::kJson : CheckOutput::kText;
  fuzz::expect_result_or_input_error([&] {
    const MarkdownDocument doc = parse_markdown(kFrontMatter + fuzz::text_of(data + 1, size - 1), "fuzz.md");
    std::ostringstream out;
    write_check(doc, &scenario, CheckOptions{}, output, out, 1);
  });
  return 0;
}
