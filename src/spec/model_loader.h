// Resolving the `model` of a scenario: a preset name, a path to a Hugging
// Face config.json, or a mapping of fields (optionally on top of a `preset:`
// or `config:` base). Every result is validated.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <vector>

#include "spec/model_spec.h"
#include "spec/yaml_reader.h"

namespace moeplan {

// Returns "file:line: field: " for a model field, used in validation messages.
using FieldLocator = std::function<std::string(const std::string& field)>;

// Checks ranges and cross-field consistency; throws InputError.
void validate_model(const ModelSpec& model, const FieldLocator& where);

// Reads the model fields of `reader` on top of `model` (fields absent keep
// their value). Does not reject unknown keys; the caller does.
void read_model_fields(MapReader& reader, ModelSpec& model);

// Built-in model presets.
std::vector<std::string> model_preset_names();
ModelSpec load_model_preset(const std::string& name, const std::string& where_prefix);

// `node` is the scenario's `model` value; `base_dir` resolves relative paths.
ModelSpec resolve_model(const YAML::Node& node, const std::string& file, const std::string& base_dir);

// What `moeplan inspect X` accepts: a preset name, a config.json or a YAML
// file holding model fields.
ModelSpec load_model_argument(const std::string& argument);

}  // namespace moeplan
