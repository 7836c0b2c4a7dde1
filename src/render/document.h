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

// `plan` with serving.mode auto: the winner's document (the aggregated
// recommendation's, or the disaggregated deployment's), then one section on
// which kind wins and why. `d` and `c` may be absent (the other kind does not
// fit); at least one of `search.recommended` and `d` is present.
std::string render_auto_document(const Scenario& sc, const SearchResult& search, const Deployment* d,
                                 const ServingComparison* c);

}  // namespace moeplan
