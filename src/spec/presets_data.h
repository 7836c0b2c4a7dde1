// Preset data files (presets/models/*.yaml, presets/gpus/*.yaml), compiled
// into the library by cmake/EmbedPresets.cmake.
#pragma once

#include <string>
#include <vector>

namespace moeplan {

struct EmbeddedPreset {
  const char* key;   // "models/deepseek-v3", "gpus/h100-sxm"
  const char* file;  // "presets/models/deepseek-v3.yaml", for messages
  const char* text;  // the YAML text
};

const std::vector<EmbeddedPreset>& embedded_presets();

}  // namespace moeplan
