// Speed of `moeplan check`'s extraction half: Markdown splitting and claim
// extraction over a ~10 MB document made of deployment-plan sections (prose,
// lists, formulas, tables). Run: make bench. Bytes/s is the figure to quote;
// the issue asks for a 10 MB document in well under a second.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "check/claims.h"
#include "check/markdown.h"

#ifndef MOEPLAN_BENCH_SOURCE_DIR
#define MOEPLAN_BENCH_SOURCE_DIR "."  // the bench runs from the repository root (make bench)
#endif

namespace {

constexpr size_t kDocumentBytes = 10u << 20;

const std::string& ten_megabytes() {
  static const std::string doc = [] {
    const std::string section =
        "## Node 2: Expert Parallelism\n"
        "The model has 16 layers with 16 experts per layer; 256 experts across 8-way parallelism.\n"
        "- Expert Distribution: 2 experts per GPU per layer, 8 in total\n"
        "- GPU configuration: TP=4 × PP=4 × DP=2 = 32\n"
        "- Model Parameters: 5GB (10B ÷ 32 GPUs ÷ 2 bytes)\n"
        "- Memory usage: 23GB of 64GB, KV cache 16 KB per token per layer\n"
        "| Metric | Value |\n|---|---|\n| Throughput | 120 tokens/ms |\n| TTFT | 8.5 s |\n"
        "Plain prose without figures, long enough to look like a real paragraph of a design document.\n\n";
    std::string out;
    out.reserve(kDocumentBytes + section.size());
    while (out.size() < kDocumentBytes) out += section;
    return out;
  }();
  return doc;
}

void BM_ParseMarkdown_10MB(benchmark::State& state) {
  const std::string& doc = ten_megabytes();
  for (auto _ : state) {
    moeplan::MarkdownDocument parsed = moeplan::parse_markdown(doc, "bench.md");
    benchmark::DoNotOptimize(parsed.nodes.size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.size()));
}
BENCHMARK(BM_ParseMarkdown_10MB)->Unit(benchmark::kMillisecond);

void BM_ExtractClaims_10MB(benchmark::State& state) {
  const std::string& doc = ten_megabytes();
  for (auto _ : state) {
    moeplan::MarkdownDocument parsed = moeplan::parse_markdown(doc, "bench.md");
    std::vector<moeplan::Claim> claims = moeplan::extract_claims(parsed);
    benchmark::DoNotOptimize(claims.size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.size()));
}
BENCHMARK(BM_ExtractClaims_10MB)->Unit(benchmark::kMillisecond);

// The rebuilt seed document (tests/data/check/seed_original.md, 50 claims in
// 3.4 KB) repeated to 10 MB: the density of a real deployment plan, about
// half that of the synthetic document above.
const std::string& ten_megabytes_of_seed() {
  static const std::string doc = [] {
    std::ifstream in(std::string(MOEPLAN_BENCH_SOURCE_DIR) + "/tests/data/check/seed_original.md");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string body = ss.str();
    // Without its front matter, so the copies are plain Markdown.
    const size_t end = body.find("\n---\n", 4);
    if (body.rfind("---\n", 0) == 0 && end != std::string::npos) body = body.substr(end + 5);
    std::string out;
    if (body.empty()) return out;
    out.reserve(kDocumentBytes + body.size());
    while (out.size() < kDocumentBytes) out += body;
    return out;
  }();
  return doc;
}

void BM_ExtractClaims_10MB_SeedDensity(benchmark::State& state) {
  const std::string& doc = ten_megabytes_of_seed();
  if (doc.empty()) {
    state.SkipWithError("tests/data/check/seed_original.md not found");
    return;
  }
  for (auto _ : state) {
    std::vector<moeplan::Claim> claims = moeplan::extract_claims(moeplan::parse_markdown(doc, "bench.md"));
    benchmark::DoNotOptimize(claims.size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.size()));
}
BENCHMARK(BM_ExtractClaims_10MB_SeedDensity)->Unit(benchmark::kMillisecond);

void BM_ExtractClaims_SeedDocument(benchmark::State& state) {
  const std::string doc =
      "# Parallel Strategy Deployment Method\n\n## Executive Summary\n\n"
      "Expert placement: 256 experts across 8-way parallelism (32 experts per GPU).\n"
      "- Model Parameters: 5GB (10B ÷ 32 GPUs ÷ 2 bytes)\n"
      "- Memory usage: 23GB of 64GB\n- GPU configuration: TP=4 × PP=4 × DP=2 = 32\n";
  for (auto _ : state) {
    std::vector<moeplan::Claim> claims = moeplan::extract_claims(moeplan::parse_markdown(doc, "seed.md"));
    benchmark::DoNotOptimize(claims.size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.size()));
}
BENCHMARK(BM_ExtractClaims_SeedDocument);

}  // namespace
