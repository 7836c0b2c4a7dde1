// Speed of `moeplan check`: Markdown splitting and claim extraction over a
// ~10 MB document made of deployment-plan sections (prose, lists, formulas,
// tables), and the whole check (both passes, the text or JSON report written
// as it goes) on generated 10 MB and 50 MB documents. Run: make bench. Bytes/s
// is the figure to quote (README.md, docs/check.md).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <fstream>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "check/claims.h"
#include "check/markdown.h"
#include "check/writer.h"
#include "spec/scenario.h"

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

// ---------------------------------------------------------------------------
// The whole check on a generated document: the seed's front matter, then the bodies of the
// fixture and blind documents (tests/data/check), repeated until the document holds `megabytes`
// MiB, about one number in four changed from the second copy on. The same bytes as
// `python3 tools/gen_check_doc.py MEGABYTES OUT.md` (the same generator, for the command line).

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string without_front_matter(const std::string& text) {
  if (text.rfind("---\n", 0) == 0) {
    const size_t end = text.find("\n---\n", 4);
    if (end != std::string::npos) return text.substr(end + 5);
  }
  return text;
}

// 64-bit linear congruential generator (Knuth's MMIX constants); 31 bits a draw.
struct Lcg {
  uint64_t state;
  uint64_t next() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  }
};

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool digit(char c) { return c >= '0' && c <= '9'; }

// Numbers standing alone ("32", "0.74"; not "H100", "v0.6.3" or "1.5x"): one in four is changed
// to another of the same shape.
std::string perturb(const std::string& text, Lcg& rng) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  size_t i = 0;
  while (i < text.size()) {
    if (!digit(text[i])) {
      out += text[i++];
      continue;
    }
    size_t j = i;
    while (j < text.size() && digit(text[j])) ++j;
    size_t k = j;  // end of the fraction, if any
    if (k + 1 < text.size() && text[k] == '.' && digit(text[k + 1])) {
      ++k;
      while (k < text.size() && digit(text[k])) ++k;
    }
    const bool alone = (i == 0 || (!word_char(text[i - 1]) && text[i - 1] != '.')) &&
                       (k == text.size() || (!word_char(text[k]) && text[k] != '.')) && j - i <= 9;
    if (!alone || rng.next() % 4 != 0) {
      out.append(text, i, k - i);
      i = k;
      continue;
    }
    const int64_t whole = std::stoll(text.substr(i, j - i));
    const int64_t steps[8] = {-3, -2, -1, 1, 2, 3, whole, -(whole / 2)};
    out += std::to_string(std::max<int64_t>(1, whole + steps[rng.next() % 8]));
    out.append(text, j, k - j);
    i = k;
  }
  return out;
}

std::string generated_document(double megabytes) {
  const std::filesystem::path dir = std::filesystem::path(MOEPLAN_BENCH_SOURCE_DIR) / "tests/data/check";
  const std::string seed = read_file(dir / "seed_original.md");
  if (seed.empty()) return "";
  std::vector<std::filesystem::path> top, blind;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".md") top.push_back(e.path());
  for (const auto& sub : std::filesystem::directory_iterator(dir / "blind"))
    if (sub.is_directory())
      for (const auto& e : std::filesystem::directory_iterator(sub.path()))
        if (e.path().extension() == ".md") blind.push_back(e.path());
  std::sort(top.begin(), top.end());
  std::sort(blind.begin(), blind.end());
  std::vector<std::string> bodies;
  for (const auto* list : {&top, &blind})
    for (const auto& p : *list) {
      std::string b = without_front_matter(read_file(p));
      while (!b.empty() && b.back() == '\n') b.pop_back();
      bodies.push_back(b + "\n\n");
    }
  const size_t target = static_cast<size_t>(megabytes * (1 << 20));
  std::string out = seed.substr(0, seed.size() - without_front_matter(seed).size());
  Lcg rng{1};
  for (int copy = 0; out.size() < target; ++copy)
    for (const std::string& b : bodies) {
      out += copy == 0 ? b : perturb(b, rng);
      if (out.size() >= target) break;
    }
  return out;
}

// Writes to nowhere, as to a pipe.
class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

// `moeplan check DOC.md --format text|json` less reading the file: both passes, the report
// written as it goes (to nowhere), extraction on one thread per core.
void check_generated(benchmark::State& state, double megabytes, moeplan::CheckOutput output) {
  static std::map<double, std::string> texts;
  std::string& text = texts[megabytes];
  if (text.empty()) text = generated_document(megabytes);
  if (text.empty()) {
    state.SkipWithError("tests/data/check not found (run from the repository root)");
    return;
  }
  const moeplan::MarkdownDocument doc = moeplan::parse_markdown(text, "generated.md");
  const moeplan::Scenario sc = moeplan::parse_scenario(doc.front_matter->text, "generated.md (front matter)");
  NullBuffer null_buffer;
  std::ostream null(&null_buffer);
  for (auto _ : state) benchmark::DoNotOptimize(moeplan::write_check(doc, &sc, moeplan::CheckOptions{}, output, null));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_Check_10MB_Text(benchmark::State& state) { check_generated(state, 10, moeplan::CheckOutput::kText); }
void BM_Check_10MB_Json(benchmark::State& state) { check_generated(state, 10, moeplan::CheckOutput::kJson); }
void BM_Check_50MB_Text(benchmark::State& state) { check_generated(state, 50, moeplan::CheckOutput::kText); }
void BM_Check_50MB_Json(benchmark::State& state) { check_generated(state, 50, moeplan::CheckOutput::kJson); }
// Wall time (several threads extract) and the CPU time of the whole process.
BENCHMARK(BM_Check_10MB_Text)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime()->Iterations(2);
BENCHMARK(BM_Check_10MB_Json)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime()->Iterations(2);
BENCHMARK(BM_Check_50MB_Text)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime()->Iterations(1);
BENCHMARK(BM_Check_50MB_Json)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime()->Iterations(1);

}  // namespace
