// Number formatting for reports: every figure printed with its unit.
// Memory is printed in GB (1e9 bytes); where GiB appears it is labelled.
#pragma once

#include <string>
#include <vector>

#include "spec/cluster_spec.h"

namespace moeplan {

std::string fmt_gb(double bytes, int decimals = 2);    // "0.74 GB"
std::string fmt_gib(double bytes, int decimals = 2);   // "0.69 GiB"
std::string fmt_bytes_exact(double bytes);             // "4,194,304 B"
std::string fmt_params(double count);                  // "9.927 B", "131.1 M", "65.5 K"
std::string fmt_int(double n);                         // "12,345"
std::string fmt_percent(double fraction, int decimals = 1);  // "12.5%"
std::string fmt_range(int first, int last);            // "0-7" or "3"
std::string fmt_seconds(double s);                     // "8.50 s", "45.2 ms", "120 us"
std::string fmt_rate(double tokens_per_s);             // "120,000 tokens/s (120.0 tokens/ms)"
// A GPU's capacity as the driver reports it: "85.52 GB" (2 decimals when a
// marketed figure differs, else `decimals`), and where it comes from:
// "81,559 MiB as the driver reports, marketed as 80 GB" ("" when no marketed
// figure differs).
std::string fmt_gpu_memory(const GpuSpec& g, int decimals = 2);
std::string fmt_gpu_memory_origin(const GpuSpec& g);

// Aligned text table: first row is the header; columns after the first
// are right-aligned.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void add_rule() { rules_.push_back(rows_.size()); }
  std::string render(const std::string& indent = "  ") const;

 private:
  std::vector<std::vector<std::string>> rows_;
  std::vector<size_t> rules_;
};

}  // namespace moeplan
