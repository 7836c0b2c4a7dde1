// Errors from user input. Library code throws InputError while parsing and
// validating; the CLI catches it at the top, prints the message, exits 2.
// The message always names the file, the field and the offending value.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace moeplan {

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

// Levenshtein distance, for "did you mean" suggestions.
int edit_distance(const std::string& a, const std::string& b);

// The candidate closest to `word` if it is close enough to be a plausible
// typo, else an empty string.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" when nothing is close.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace moeplan
