// Hugging Face config.json import, then the counts every command prints.
#include "fuzz/fuzz_support.h"
#include "model/kv_cache.h"
#include "model/params.h"
#include "spec/hf_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace moeplan;
  fuzz::expect_result_or_input_error([&] {
    const ModelSpec m = import_hf_config(fuzz::text_of(data, size), "config.json");
    (void)count_params(m);
    (void)kv_cache_facts(m);
  });
  return 0;
}
