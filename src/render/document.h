// The deployment document: Markdown with the seed's sections and more,
// every number taken from the Plan (and the search result), the scenario
// in YAML front matter so `moeplan check` can re-derive every claim.
#pragma once

#include <string>

#include "search/search.h"

namespace moeplan {

std::string render_document(const Plan& plan, const SearchResult* search);

}  // namespace moeplan
