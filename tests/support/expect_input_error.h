// Test helper: runs `f` and expects an InputError whose message holds every
// one of `parts` (file, field, value, did-you-mean).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "spec/error.h"

namespace moeplan {

inline void expect_input_error(const std::function<void()>& f, const std::vector<std::string>& parts) {
  try {
    f();
    ADD_FAILURE() << "expected an InputError mentioning '" << parts.front() << "'";
  } catch (const InputError& e) {
    const std::string message = e.what();
    for (const auto& p : parts) EXPECT_NE(message.find(p), std::string::npos) << "'" << p << "' not in: " << message;
  }
}

}  // namespace moeplan
