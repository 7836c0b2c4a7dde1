#include "spec/units.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace moeplan {

namespace {

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string strip_spaces(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  return out;
}

// Decimal SI prefix as written before a unit: k, M, G, T, P (K accepted for k).
std::optional<double> si_prefix(char c) {
  switch (c) {
    case 'k': case 'K': return 1e3;
    case 'M': return 1e6;
    case 'G': return 1e9;
    case 'T': return 1e12;
    case 'P': return 1e15;
    default: return std::nullopt;
  }
}

std::optional<double> binary_prefix(char c) {
  switch (c) {
    case 'K': case 'k': return 1024.0;
    case 'M': return 1048576.0;
    case 'G': return 1073741824.0;
    case 'T': return 1099511627776.0;
    case 'P': return 1125899906842624.0;
    default: return std::nullopt;
  }
}

// "B", "kB", "GB", "GiB", "Gb" (bits), "Gbit" -> bytes per unit.
std::optional<double> byte_unit(const std::string& u) {
  if (u == "B" || u == "byte" || u == "bytes") return 1.0;
  if (u == "b" || u == "bit" || u == "bits") return 1.0 / 8;
  if (u.size() == 2 && u[1] == 'B') return si_prefix(u[0]);
  if (u.size() == 2 && u[1] == 'b') {
    auto p = si_prefix(u[0]);
    if (p) return *p / 8;
    return std::nullopt;
  }
  if (u.size() == 3 && u[1] == 'i' && u[2] == 'B') return binary_prefix(u[0]);
  if (u.size() == 4 && u.substr(1) == "bit") {
    auto p = si_prefix(u[0]);
    if (p) return *p / 8;
  }
  return std::nullopt;
}

std::optional<double> time_unit(const std::string& u) {
  if (u == "s" || u == "sec" || u == "secs" || u == "second" || u == "seconds") return 1.0;
  if (u == "ms" || u == "msec") return 1e-3;
  if (u == "us" || u == "\xC2\xB5s" || u == "usec") return 1e-6;  // "µs" in UTF-8
  if (u == "ns") return 1e-9;
  if (u == "min" || u == "minute" || u == "minutes") return 60.0;
  if (u == "h" || u == "hour" || u == "hours") return 3600.0;
  return std::nullopt;
}

// Count suffix written right after a number: 16k, 1.5M, 671B, 2T.
std::optional<double> count_suffix(const std::string& u) {
  if (u.empty()) return 1.0;
  if (u == "k" || u == "K") return 1e3;
  if (u == "M") return 1e6;
  if (u == "B" || u == "G") return 1e9;
  if (u == "T") return 1e12;
  return std::nullopt;
}

std::optional<double> per_rate(const std::string& numerator_unit, const std::string& denominator,
                               std::optional<double> (*numerator)(const std::string&)) {
  auto n = numerator(numerator_unit);
  auto d = time_unit(denominator);
  if (!n || !d) return std::nullopt;
  return *n / *d;
}

std::optional<double> flop_unit(const std::string& u) {
  // TFLOP/s, TFLOPS, TFLOPs/s, PFLOP/s, GFLOP/s, FLOP/s
  std::string rest = u;
  double scale = 1.0;
  if (!rest.empty() && rest[0] != 'F') {
    auto p = si_prefix(rest[0]);
    if (!p) return std::nullopt;
    scale = *p;
    rest = rest.substr(1);
  }
  if (rest == "FLOP/s" || rest == "FLOPS" || rest == "FLOPs/s" || rest == "flop/s" || rest == "FLOPs")
    return scale;
  return std::nullopt;
}

std::optional<double> token_rate_unit(const std::string& u) {
  // [k|M] tokens/s | tok/s | tokens/ms
  std::string rest = u;
  double scale = 1.0;
  if (!rest.empty() && (rest[0] == 'k' || rest[0] == 'K' || rest[0] == 'M') && rest.size() > 1 &&
      rest[1] == 't') {
    scale = *si_prefix(rest[0]);
    rest = rest.substr(1);
  }
  const size_t slash = rest.find('/');
  if (slash == std::string::npos) return std::nullopt;
  const std::string num = rest.substr(0, slash);
  const std::string den = rest.substr(slash + 1);
  if (num != "tokens" && num != "token" && num != "tok") return std::nullopt;
  auto d = time_unit(den);
  if (!d) return std::nullopt;
  return scale / *d;
}

std::optional<double> request_rate_unit(const std::string& u) {
  std::string rest = u;
  double scale = 1.0;
  if (!rest.empty() && (rest[0] == 'k' || rest[0] == 'K') && rest.size() > 1 && rest[1] == 'r') {
    scale = 1e3;
    rest = rest.substr(1);
  }
  const size_t slash = rest.find('/');
  if (slash == std::string::npos) return std::nullopt;
  const std::string num = rest.substr(0, slash);
  if (num != "requests" && num != "request" && num != "req" && num != "reqs") return std::nullopt;
  auto d = time_unit(rest.substr(slash + 1));
  if (!d) return std::nullopt;
  return scale / *d;
}

}  // namespace

std::string describe(QuantityKind kind) {
  switch (kind) {
    case QuantityKind::kBytes: return "a size in bytes";
    case QuantityKind::kSeconds: return "a duration";
    case QuantityKind::kTokensPerSecond: return "a token rate";
    case QuantityKind::kBytesPerSecond: return "a bandwidth";
    case QuantityKind::kFlopsPerSecond: return "a compute rate";
    case QuantityKind::kCount: return "a count";
    case QuantityKind::kRequestsPerSecond: return "a request rate";
  }
  return "a quantity";
}

std::string examples(QuantityKind kind) {
  switch (kind) {
    case QuantityKind::kBytes: return "\"64 GB\", \"64 GiB\", \"512 MiB\"";
    case QuantityKind::kSeconds: return "\"2 s\", \"50 ms\", \"10 us\"";
    case QuantityKind::kTokensPerSecond: return "\"100 tokens/ms\", \"120k tokens/s\"";
    case QuantityKind::kBytesPerSecond: return "\"900 GB/s\", \"3.35 TB/s\", \"400 Gb/s\"";
    case QuantityKind::kFlopsPerSecond: return "\"989 TFLOP/s\", \"1.9 PFLOP/s\"";
    case QuantityKind::kCount: return "\"4096\", \"16k\", \"671B\"";
    case QuantityKind::kRequestsPerSecond: return "\"20 requests/s\", \"600 req/min\"";
  }
  return "";
}

std::optional<double> parse_quantity(const std::string& text, QuantityKind kind, std::string* why) {
  auto fail = [&](const std::string& reason) -> std::optional<double> {
    if (why) *why = reason;
    return std::nullopt;
  };
  const std::string t = trim(text);
  if (t.empty()) return fail("is empty; expected " + describe(kind) + " such as " + examples(kind));
  const char* begin = t.c_str();
  char* end = nullptr;
  const double number = std::strtod(begin, &end);
  if (end == begin) return fail("'" + t + "' does not start with a number; expected " + describe(kind) + " such as " + examples(kind));
  if (!std::isfinite(number)) return fail("'" + t + "' is not a finite number");
  const std::string unit = strip_spaces(std::string_view(end));

  std::optional<double> scale;
  switch (kind) {
    case QuantityKind::kCount:
      scale = count_suffix(unit);
      break;
    case QuantityKind::kBytes:
      if (unit.empty()) return fail("'" + t + "' has no unit; write it as " + examples(kind));
      scale = byte_unit(unit);
      break;
    case QuantityKind::kSeconds:
      if (unit.empty()) return fail("'" + t + "' has no unit; write it as " + examples(kind));
      scale = time_unit(unit);
      break;
    case QuantityKind::kBytesPerSecond: {
      if (unit.empty()) return fail("'" + t + "' has no unit; write it as " + examples(kind));
      const size_t slash = unit.find('/');
      if (slash != std::string::npos) scale = per_rate(unit.substr(0, slash), unit.substr(slash + 1), byte_unit);
      else if (unit.size() >= 3 && unit.compare(unit.size() - 2, 2, "ps") == 0)
        scale = byte_unit(unit.substr(0, unit.size() - 2));  // "Gbps", "GBps"
      break;
    }
    case QuantityKind::kFlopsPerSecond:
      if (unit.empty()) return fail("'" + t + "' has no unit; write it as " + examples(kind));
      scale = flop_unit(unit);
      break;
    case QuantityKind::kTokensPerSecond:
      if (unit.empty()) return fail("'" + t + "' has no unit; write it as " + examples(kind));
      scale = token_rate_unit(unit);
      break;
    case QuantityKind::kRequestsPerSecond:
      if (unit.empty()) return fail("'" + t + "' has no unit; write it as " + examples(kind));
      scale = request_rate_unit(unit);
      break;
  }
  if (!scale) return fail("'" + t + "': unknown unit '" + unit + "' for " + describe(kind) + "; write it as " + examples(kind));
  return number * *scale;
}

}  // namespace moeplan
