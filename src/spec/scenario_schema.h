// The scenario's schema, declared once: every key of every section with its
// type, bounds, default and one line of documentation, and (for plain fields)
// how it is read into and written from the Scenario. The reader takes its key
// lists and bounds from here, the writer (scenario_writer.h) walks it, and a
// test holds docs/scenario.md to it.
//
// Adding a key is one entry in scenario_schema.cc's table, e.g.
//   {.section = "runtime", .key = "kv_cache_dtype", .type = KeyType::kChoice, .choices = "bf16|fp8",
//    .default_text = "bf16", .doc = "...", .access = field(&Scenario::runtime, &RuntimeSpec::kv_cache_dtype)},
// plus the struct member it binds and a row in docs/scenario.md.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/scenario.h"
#include "spec/units.h"
#include "spec/yaml_reader.h"

namespace moeplan {

enum class KeyType { kInteger, kNumber, kQuantity, kBool, kString, kChoice, kList, kMapping, kAny };

struct SchemaKey;

// Reads/writes one plain field. `model` is the model being read (a model
// mapping may stand alone: presets, `inspect FILE.yaml`); `sc` the scenario.
struct FieldAccess {
  std::function<void(MapReader&, const SchemaKey&, Scenario&, ModelSpec&)> read;
  // The YAML value text, or nullopt to leave the key out (not set).
  std::function<std::optional<std::string>(const Scenario&, const ModelSpec&, const SchemaKey&)> write;
  // Model integer sizes: the value, for the limits every model source obeys.
  std::function<int64_t(const ModelSpec&)> model_size;
  explicit operator bool() const { return static_cast<bool>(read); }
};

struct SchemaKey {
  std::string_view section;  // "" (top level), "model", "model.published", "cluster", "cluster.gpu", "workload", ...
  std::string_view key;
  KeyType type = KeyType::kAny;
  QuantityKind unit = QuantityKind::kCount;  // kQuantity: what the value measures
  double min = 0;  // kInteger/kNumber: inclusive; kQuantity: exclusive
  double max = 0;
  std::string_view choices;       // kChoice: "a|b|c"
  std::string_view default_text;  // "" = none (absent or required)
  std::string_view doc;
  bool required = false;
  // The writer leaves it out (a reference to a base such as `preset`, or a cross-check such as `nodes`).
  bool not_written = false;
  FieldAccess access;  // empty: the section's reader handles the key itself
};

const std::vector<SchemaKey>& scenario_schema();
// Keys of a section, in declaration order.
std::vector<std::string> schema_keys(std::string_view section);
// Every section name ("" for the top level).
std::vector<std::string> schema_sections();
// Throws std::logic_error for a key that is not declared (a programming error).
const SchemaKey& schema_key(std::string_view section, std::string_view key);
std::vector<std::string> schema_choices(const SchemaKey& k);

// Reads every plain field of `section` present in `r`.
void read_schema_fields(MapReader& r, std::string_view section, Scenario& sc, ModelSpec& model);
// "  key: value\n" lines for every plain field of `section` that is set.
std::string write_schema_fields(std::string_view section, const Scenario& sc, const ModelSpec& model, const std::string& indent);

// A scalar read by the key's type and bounds.
std::optional<int64_t> read_integer(MapReader& r, const SchemaKey& k);
std::optional<double> read_number(MapReader& r, const SchemaKey& k);  // kNumber or kQuantity
std::optional<std::string> read_choice(MapReader& r, const SchemaKey& k);

// A YAML double-quoted string; control characters escaped.
std::string yaml_quote(const std::string& s);
// The SI base unit a quantity is written in ("B", "s", "B/s", ...).
std::string_view base_unit(QuantityKind kind);

}  // namespace moeplan
