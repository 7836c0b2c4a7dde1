// What a scenario means once the serving engine and the GPU are known
// (issue 8): the KV-cache dtype the engine runs, whether the GPU can run it,
// whether the requests fit the model's context, and how an engine lays out
// experts when the strategy does not ask for expert parallelism.
#pragma once

#include <string>

#include "spec/scenario.h"
#include "spec/strategy.h"

namespace moeplan {

// Settles sc.model.kv_cache_dtype and its origin: the scenario's
// model.kv_cache_dtype, else the checkpoint's declared KV quantization, else
// the engine's "auto" (the model dtype). Throws InputError, naming the file,
// field and value it came from, when the GPU cannot run that dtype.
void resolve_kv_cache_dtype(Scenario& sc);

// "fp8 (checkpoint: config.json: quantization_config.kv_cache_scheme)".
std::string kv_cache_dtype_text(const ModelSpec& m);

// Throws InputError (prefixed with `where`, e.g. "s.yaml:12: workload: ")
// when input + output tokens exceed the model's max_position_embeddings.
// Models without the field are not checked.
void check_context_length(const Scenario& sc, const std::string& where);

// What the engine does with the experts when the strategy gives neither ep
// nor etp ("assumed: experts sharded by TP 8 (EP 1, ETP 8): vLLM's default
// without --enable-expert-parallel"), or "warning: ..." when the engine cannot
// launch the given EP x ETP (vLLM with both above 1); empty otherwise and for
// a dense model.
std::string expert_layout_note(const PartialStrategy& given, const Strategy& s, bool model_is_moe, Engine engine);

}  // namespace moeplan
