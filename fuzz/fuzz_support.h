// Shared by the harnesses: bytes to text, and the rule that a reader either
// returns or throws InputError; any other exception aborts (a finding).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <string>

#include "spec/error.h"

namespace moeplan::fuzz {

inline std::string text_of(const uint8_t* data, size_t size) { return std::string(reinterpret_cast<const char*>(data), size); }

template <typename F>
void expect_result_or_input_error(F&& f) {
  try {
    f();
  } catch (const InputError&) {
    // a clean rejection
  }
  // Anything else propagates to libFuzzer's handler and is reported as a crash.
}

}  // namespace moeplan::fuzz
