// The deployment document: Markdown with the seed's sections and more,
// every number taken from the Plan (and the search result), the scenario
// in YAML front matter so `moeplan check` can re-derive every claim.
#pragma once

#include <string>

#include "search/disagg.h"
#include "search/search.h"

namespace moeplan {

std::string render_document(const Plan& plan, const SearchResult* search);

// A disaggregated deployment (issue 10): the summary, a section per pool
// (strategy, instances, experts per GPU, memory per GPU, throughput), the KV
// transfer and the rate match.
std::string render_deployment_document(const Scenario& sc, const Deployment& d);

}  // namespace moeplan
