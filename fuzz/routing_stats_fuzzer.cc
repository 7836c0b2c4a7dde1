// Routing statistics: the first byte picks the reader (even: JSON, odd: CSV).
#include "fuzz/fuzz_support.h"
#include "placement/routing_stats.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace moeplan;
  if (size == 0) return 0;
  const bool csv = data[0] & 1;
  fuzz::expect_result_or_input_error([&] {
    const std::string text = fuzz::text_of(data + 1, size - 1);
    if (csv) parse_routing_stats_csv(text, "stats.csv");
    else parse_routing_stats_json(text, "stats.json");
  });
  return 0;
}
