// Import of a Hugging Face config.json (Mixtral, DeepSeek-V2/V3, Qwen2-MoE,
// Qwen3-MoE, gpt-oss, Llama-4, dense Llama/Mistral/Qwen). Field names are
// the ones the transformers configuration classes define.
#pragma once

#include <string>
#include <vector>

#include "spec/model_spec.h"

namespace moeplan {

const std::vector<std::string>& supported_hf_model_types();

// Parses `text` (the content of `file`); throws InputError naming the file,
// the field and the value for anything missing, malformed or unsupported.
ModelSpec import_hf_config(const std::string& text, const std::string& file);
ModelSpec import_hf_config_file(const std::string& path);

}  // namespace moeplan
