#include "spec/error.h"

#include <algorithm>
#include <cctype>

namespace moeplan {

namespace {
std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

int edit_distance(const std::string& a, const std::string& b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int substitute = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, substitute});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string w = lower(word);
  std::string best;
  int best_distance = 1 << 30;
  for (const auto& c : candidates) {
    const std::string lc = lower(c);
    int d = edit_distance(w, lc);
    // A prefix or containment match ("h100" for "h100-sxm") counts as close.
    if (!w.empty() && (lc.rfind(w, 0) == 0 || lc.find(w) != std::string::npos)) d = std::min(d, 1);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  // Allow roughly one typo per three characters, at least two.
  const int allowed = std::max(2, static_cast<int>(w.size()) / 3);
  return best_distance <= allowed ? best : std::string();
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string m = closest_match(word, candidates);
  return m.empty() ? std::string() : " (did you mean '" + m + "'?)";
}

}  // namespace moeplan
