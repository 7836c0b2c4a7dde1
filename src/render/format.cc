#include "render/format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace moeplan {

std::string fmt_gb(double bytes, int decimals) { return fmt::format("{:.{}f} GB", bytes / 1e9, decimals); }
namespace {
bool has_marketed_figure(const GpuSpec& g) {
  return g.marketing_memory_bytes > 0 && g.marketing_memory_bytes != g.memory_bytes;
}
}  // namespace

std::string fmt_gpu_memory(const GpuSpec& g, int decimals) {
  return fmt_gb(g.memory_bytes, has_marketed_figure(g) ? 2 : decimals);
}

std::string fmt_gpu_memory_origin(const GpuSpec& g) {
  constexpr double kMiB = 1048576.0;
  if (!has_marketed_figure(g)) return "";
  return fmt::format("{} MiB as the driver reports, marketed as {}", fmt_int(std::round(g.memory_bytes / kMiB)),
                     fmt_gb(g.marketing_memory_bytes, 0));
}

std::string fmt_gib(double bytes, int decimals) { return fmt::format("{:.{}f} GiB", bytes / 1073741824.0, decimals); }

std::string fmt_int(double n) {
  const bool negative = n < 0;
  std::string digits = fmt::format("{:.0f}", std::fabs(n));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

std::string fmt_bytes_exact(double bytes) { return fmt_int(bytes) + " B"; }

std::string fmt_params(double count) {
  const double a = std::fabs(count);
  if (a >= 1e9) return fmt::format("{:.3f} B", count / 1e9);
  if (a >= 1e6) return fmt::format("{:.2f} M", count / 1e6);
  if (a >= 1e3) return fmt::format("{:.1f} K", count / 1e3);
  return fmt::format("{:.0f}", count);
}

std::string fmt_percent(double fraction, int decimals) { return fmt::format("{:.{}f}%", fraction * 100, decimals); }

std::string fmt_range(int first, int last) {
  return first == last ? std::to_string(first) : fmt::format("{}-{}", first, last);
}

std::string fmt_seconds(double s) {
  if (s >= 1) return fmt::format("{:.2f} s", s);
  if (s >= 1e-3) return fmt::format("{:.1f} ms", s * 1e3);
  return fmt::format("{:.0f} us", s * 1e6);
}

std::string fmt_rate(double tokens_per_s) {
  return fmt::format("{} tokens/s ({:.1f} tokens/ms)", fmt_int(tokens_per_s), tokens_per_s / 1e3);
}

std::string TextTable::render(const std::string& indent) const {
  std::vector<size_t> width;
  for (const auto& row : rows_)
    for (size_t i = 0; i < row.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], row[i].size());
    }
  std::string out;
  auto rule = [&] {
    size_t total = 0;
    for (size_t w : width) total += w + 2;
    out += indent + std::string(total > 2 ? total - 2 : 0, '-') + "\n";
  };
  for (size_t r = 0; r < rows_.size(); ++r) {
    if (std::find(rules_.begin(), rules_.end(), r) != rules_.end()) rule();
    std::string line = indent;
    for (size_t i = 0; i < rows_[r].size(); ++i) {
      const std::string& cell = rows_[r][i];
      const std::string pad(width[i] - cell.size(), ' ');
      line += i == 0 ? cell + pad : pad + cell;
      if (i + 1 < rows_[r].size()) line += "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
    if (r == 0) rule();
  }
  return out;
}

}  // namespace moeplan
