// The command line: arguments separated by NUL or newline, run through
// run_cli from the repository root (so seeds can name examples/ and tests/
// files). Flags that write files are dropped with their value. run_cli
// catches InputError itself: any exception escaping it is a finding.
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "fuzz/fuzz_support.h"

namespace {
bool writes_a_file(const std::string& a) {
  for (const char* flag : {"-o", "--output", "--sglang-out", "--vllm-out"})
    if (a == flag || a.rfind(std::string(flag) + "=", 0) == 0 || (a.rfind("-o", 0) == 0 && a.size() > 2 && a[1] == 'o'))
      return true;
  return false;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = moeplan::fuzz::text_of(data, size);
  std::vector<std::string> args;
  std::string cur;
  for (char c : text) {
    if (c == '\0' || c == '\n') {
      args.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  args.push_back(cur);
  std::vector<std::string> kept;
  for (size_t i = 0; i < args.size(); ++i) {
    if (writes_a_file(args[i])) {
      ++i;  // and its value
      continue;
    }
    kept.push_back(args[i]);
  }
  std::ostringstream out, err;
  const int rc = moeplan::run_cli(kept, out, err);
  if (rc < 0 || rc > 2) __builtin_trap();
  return 0;
}
