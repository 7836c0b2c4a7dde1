// Scenario reader; a scenario that reads and has a strategy is written back
// (spec/scenario_writer.h) and must read again.
#include <cstdlib>

#include "fuzz/fuzz_support.h"
#include "spec/scenario.h"
#include "spec/scenario_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace moeplan;
  fuzz::expect_result_or_input_error([&] {
    const Scenario sc = parse_scenario(fuzz::text_of(data, size), "fuzz.yaml");
    if (!sc.strategy || !sc.profile_path.empty() || !sc.placement.routing_stats.empty()) return;
    const std::string yaml = scenario_to_yaml(sc, *sc.strategy);
    try {
      parse_scenario(yaml, "written.yaml");
    } catch (const InputError&) {
      // A scenario the writer wrote must read again: anything else is a writer bug.
      std::abort();
    }
  });
  return 0;
}
