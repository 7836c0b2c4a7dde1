// Strict reading of one YAML mapping: every getter records the key as known,
// and reject_unknown_keys() fails on anything else with a did-you-mean.
// Every error names file:line, the dotted field path and the value.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "spec/error.h"
#include "spec/units.h"

namespace moeplan {

// "file:line: path: " for a node (line is 1-based; omitted when unknown).
std::string location(const std::string& file, const YAML::Node& node, const std::string& path);

// Loads YAML (or JSON) text; syntax errors become InputError naming the file and line.
YAML::Node parse_yaml_text(const std::string& text, const std::string& file);
YAML::Node load_yaml_file(const std::string& path);
// Reads a whole file; InputError when it is missing or unreadable.
std::string read_text_file(const std::string& path, const std::string& what);

class MapReader {
 public:
  // `path` is the dotted field path of this mapping ("" for the document root).
  MapReader(const YAML::Node& node, std::string file, std::string path);

  const std::string& file() const { return file_; }
  std::string field(const std::string& key) const;  // dotted path of key
  std::string where(const std::string& key) const;  // "file:line: path.key"
  bool has(const std::string& key);

  std::optional<int64_t> integer(const std::string& key, int64_t min, int64_t max);
  std::optional<double> number(const std::string& key, double min, double max);
  std::optional<bool> boolean(const std::string& key);
  std::optional<std::string> string(const std::string& key);
  // A quantity with a unit; `min_exclusive` rejects zero/negatives, `max` absurd values.
  std::optional<double> quantity(const std::string& key, QuantityKind kind, double min_exclusive, double max);
  // One of `choices`, with a did-you-mean.
  std::optional<std::string> choice(const std::string& key, const std::vector<std::string>& choices);
  YAML::Node child(const std::string& key);

  [[noreturn]] void fail(const std::string& key, const std::string& message) const;
  void reject_unknown_keys() const;
  // Declares the whole schema up front and rejects unknown keys at once, so
  // a typo is reported as a typo rather than as a missing required key.
  void expect_keys(const std::vector<std::string>& keys);

 private:
  std::optional<YAML::Node> scalar(const std::string& key, const char* expected);
  YAML::Node get(const std::string& key) const;
  YAML::Node node_;
  std::string file_;
  std::string path_;
  std::vector<std::string> known_;
};

}  // namespace moeplan
