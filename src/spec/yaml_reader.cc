#include "spec/yaml_reader.h"

#include <array>
#include <cmath>
#include <fstream>
#include <sys/stat.h>

#include <fmt/format.h>

#include "spec/text.h"

namespace moeplan {

std::string location(const std::string& file, const YAML::Node& node, const std::string& path) {
  std::string out = file;
  if (node.IsDefined() && node.Mark().line >= 0) out += ":" + std::to_string(node.Mark().line + 1);
  out += ": ";
  if (!path.empty()) out += path + ": ";
  return out;
}

std::string read_text_file(const std::string& path, const std::string& what) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) throw InputError(path + ": " + what + " not found");
  if (S_ISDIR(st.st_mode)) throw InputError(path + ": " + what + " is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read " + what);
  std::string text;
  // A regular file's size is known: read in place, not through a stream buffer that grows and is copied.
  if (S_ISREG(st.st_mode)) {
    text.resize(static_cast<size_t>(st.st_size));
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
  }
  // Whatever else there is (a pipe, a file that grew since): a chunk at a time.
  std::array<char, 1 << 16> chunk;
  while (in.read(chunk.data(), chunk.size()) || in.gcount() > 0) text.append(chunk.data(), static_cast<size_t>(in.gcount()));
  return text;
}

YAML::Node parse_yaml_text(const std::string& text, const std::string& file) {
  if (text.find('\0') != std::string::npos) throw InputError(file + ": not a text file (contains NUL bytes)");
  require_utf8(text, file);
  std::string lines = text;
  normalize_lone_cr(lines);  // yaml-cpp does not break lines at a lone CR (old Mac endings); same length
  try {
    return YAML::Load(lines);
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("{}:{}:{}: YAML syntax error: {}", file, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
}

YAML::Node load_yaml_file(const std::string& path) {
  return parse_yaml_text(read_text_file(path, "file"), path);
}

MapReader::MapReader(const YAML::Node& node, std::string file, std::string path)
    : node_(node), file_(std::move(file)), path_(std::move(path)) {
  if (!node_.IsMap()) {
    std::string got = node_.IsNull() ? "nothing" : node_.IsSequence() ? "a list" : "'" + node_.as<std::string>("") + "'";
    throw InputError(location(file_, node_, path_.empty() ? "" : path_) + "expected a mapping of keys to values, got " + got);
  }
}

std::string MapReader::field(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

YAML::Node MapReader::get(const std::string& key) const {
  // Through a const reference: yaml-cpp's non-const operator[] inserts keys.
  const YAML::Node& node = node_;
  return node[key];
}

std::string MapReader::where(const std::string& key) const {
  const YAML::Node n = get(key);
  return location(file_, n.IsDefined() ? n : node_, field(key));
}

void MapReader::fail(const std::string& key, const std::string& message) const {
  throw InputError(where(key) + message);
}

bool MapReader::has(const std::string& key) {
  known_.push_back(key);
  const YAML::Node n = get(key);
  return n.IsDefined() && !n.IsNull();
}

std::optional<YAML::Node> MapReader::scalar(const std::string& key, const char* expected) {
  known_.push_back(key);
  YAML::Node n = get(key);
  if (!n.IsDefined() || n.IsNull()) return std::nullopt;
  if (!n.IsScalar()) fail(key, std::string("expected ") + expected + ", got a " + (n.IsMap() ? "mapping" : "list"));
  return n;
}

std::optional<int64_t> MapReader::integer(const std::string& key, int64_t min, int64_t max) {
  auto found = scalar(key, "an integer");
  if (!found) return std::nullopt;
  const YAML::Node& n = *found;
  const std::string text = n.Scalar();
  std::string why;
  auto v = parse_quantity(text, QuantityKind::kCount, &why);
  // Range-checked as a double before the conversion: converting 1e30 to an integer is undefined.
  constexpr double kInt64Bound = 9.2e18;  // just under 2^63
  if (!v || *v != std::floor(*v) || std::fabs(*v) >= kInt64Bound) fail(key, "expected an integer, got '" + text + "'");
  const auto value = static_cast<int64_t>(*v);
  if (value < min) fail(key, fmt::format("must be at least {}, got {}", min, value));
  if (value > max) fail(key, fmt::format("{} is implausibly large (limit {})", value, max));
  return value;
}

std::optional<double> MapReader::number(const std::string& key, double min, double max) {
  auto found = scalar(key, "a number");
  if (!found) return std::nullopt;
  const YAML::Node& n = *found;
  const std::string text = n.Scalar();
  auto v = parse_quantity(text, QuantityKind::kCount);
  if (!v) fail(key, "expected a number, got '" + text + "'");
  if (*v < min || *v > max) fail(key, fmt::format("must be between {} and {}, got '{}'", min, max, text));
  return v;
}

std::optional<bool> MapReader::boolean(const std::string& key) {
  auto found = scalar(key, "true or false");
  if (!found) return std::nullopt;
  const YAML::Node& n = *found;
  const std::string t = n.Scalar();
  if (t == "true" || t == "True" || t == "yes") return true;
  if (t == "false" || t == "False" || t == "no") return false;
  fail(key, "expected true or false, got '" + t + "'");
}

std::optional<std::string> MapReader::string(const std::string& key) {
  auto found = scalar(key, "a string");
  if (!found) return std::nullopt;
  const YAML::Node& n = *found;
  return n.Scalar();
}

std::optional<double> MapReader::quantity(const std::string& key, QuantityKind kind, double min_exclusive,
                                          double max) {
  auto found = scalar(key, describe(kind).c_str());
  if (!found) return std::nullopt;
  const YAML::Node& n = *found;
  const std::string text = n.Scalar();
  std::string why;
  auto v = parse_quantity(text, kind, &why);
  if (!v) fail(key, why);
  if (*v <= min_exclusive) fail(key, "'" + text + "' must be greater than " + (min_exclusive == 0 ? "zero" : fmt::format("{}", min_exclusive)));
  if (*v > max) fail(key, "'" + text + "' is implausibly large");
  return v;
}

std::optional<std::string> MapReader::choice(const std::string& key, const std::vector<std::string>& choices) {
  auto s = string(key);
  if (!s) return std::nullopt;
  for (const auto& c : choices)
    if (c == *s) return s;
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
  fail(key, "unknown value '" + *s + "'" + did_you_mean(*s, choices) + "; expected one of: " + list);
}

YAML::Node MapReader::child(const std::string& key) {
  known_.push_back(key);
  return get(key);
}

void MapReader::expect_keys(const std::vector<std::string>& keys) {
  known_.insert(known_.end(), keys.begin(), keys.end());
  reject_unknown_keys();
}

void MapReader::reject_unknown_keys() const {
  for (const auto& kv : node_) {
    const std::string key = kv.first.as<std::string>("");
    bool found = false;
    for (const auto& k : known_)
      if (k == key) found = true;
    if (!found)
      throw InputError(location(file_, kv.first, field(key)) + "unknown key '" + key + "'" + did_you_mean(key, known_));
  }
}

}  // namespace moeplan
