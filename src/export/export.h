// `moeplan export`: the plan to pick (the scenario's strategy, the
// recommended one, or the one a `plan` document was written for), the files
// that launch it (shell scripts per node, TensorRT-LLM's options YAML,
// LeaderWorkerSet manifests with a Service), the --explain table, and writing
// them all-or-nothing.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "export/launch.h"
#include "search/search.h"

namespace moeplan {

// What export works from. The plan points into `scenario` (or into the
// search's scenarios), so the whole value stays where it was made.
struct ExportSource {
  Scenario scenario;
  std::optional<SearchResult> search;
  std::optional<Plan> plan;              // aggregated
  std::optional<Deployment> deployment;  // disaggregated (serving mode disaggregated, or auto when it wins)
  std::string origin;  // "the scenario's strategy", "recommended by moeplan plan (objective throughput_per_gpu)"
  ExportSource() = default;
  ExportSource(const ExportSource&) = delete;
  ExportSource& operator=(const ExportSource&) = delete;
};

// Reads a scenario (YAML/JSON) or a Markdown document with the scenario in
// its front matter, plans it for `engine` (the engine decides what the memory
// fraction means), and keeps the scenario's strategy or the recommendation;
// with `serving:` disaggregated, its prefill/decode deployment; with auto,
// whichever of the two plan's comparison says wins.
std::unique_ptr<ExportSource> plan_for_export(const std::string& path, Engine engine);

// The launch of what the source holds (its plan or its deployment).
Launch launch_for(const ExportSource& src, const ExportOptions& options);

// Every file of the export, in order: per-node scripts (shell) or the
// manifests (k8s) of each pool, the router of a disaggregated deployment,
// then the data files they read.
std::vector<ExportFile> render_export(const Launch& l, const std::string& origin);

// Planner quantity -> engine key -> value, one row each.
std::string render_explain(const Launch& l);

// Writes `files` into `dir` all-or-nothing: into a fresh sibling folder first,
// then renamed into place. An existing `dir` is replaced only when it is empty
// or an earlier export; InputError otherwise, and nothing is left behind.
void write_export(const std::vector<ExportFile>& files, const std::string& dir);


}  // namespace moeplan
