#include "check/claims.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>

#include "check/lexicon.h"
#include "spec/error.h"

namespace moeplan {
namespace {

std::vector<Claim> claims_of(const std::string& markdown) {
  return extract_claims(parse_markdown(markdown, "test.md"));
}

// The only claim of `text`, or a failure naming what was found.
Claim one_claim(const std::string& text) {
  const std::vector<Claim> claims = claims_of(text + "\n");
  std::ostringstream found;
  for (const Claim& c : claims) found << ' ' << to_string(c.kind) << '=' << c.value;
  EXPECT_EQ(claims.size(), 1u) << text << " ->" << found.str();
  return claims.empty() ? Claim{} : claims.front();
}

void expect_claim(const std::string& text, ClaimKind kind, double value, Scope scope = Scope::kUnqualified) {
  const Claim c = one_claim(text);
  EXPECT_EQ(to_string(c.kind), to_string(kind)) << text;
  EXPECT_DOUBLE_EQ(c.value, value) << text;
  EXPECT_EQ(to_string(c.scope), to_string(scope)) << text;
}

// ---------------------------------------------------------------------------
// The raw-text test before normalized_words.

TEST(NormalizedWordFilter, SaysNoOnlyWhenNoWordNormalizesToOneOfItsWords) {
  const NormalizedWordFilter f({"option", "gpu", "per", "us", "fall"});
  EXPECT_TRUE(f.may_hold("Option B: two nodes"));
  EXPECT_TRUE(f.may_hold("the OPTIONS are"));           // a plural
  EXPECT_TRUE(f.may_hold("8x H100-80GB"));              // an accelerator model is "gpu"
  EXPECT_TRUE(f.may_hold("12 tokens/s"));               // "/" reads as "per"
  EXPECT_TRUE(f.may_hold("15.9 GB \xC3\xB7 98,304 B"));   // and so does "÷"
  EXPECT_TRUE(f.may_hold("TPOT 30 \xC2\xB5s"));          // µs is "us"
  EXPECT_TRUE(f.may_hold("if we fall back"));
  EXPECT_TRUE(f.may_hold("weightsPerGpu: 3.2"));        // a key's words: "weights", "per", "gpu"
  EXPECT_FALSE(f.may_hold("optional settings"));        // "option" inside a longer word
  EXPECT_FALSE(f.may_hold("a fallback"));                // "fall" inside "fallback"
  EXPECT_FALSE(f.may_hold(""));
  EXPECT_TRUE(NormalizedWordFilter({"#"}).may_hold("no digit here"));  // a number stands for no spelling
}

TEST(NormalizedWordFilter, NeverSaysNoToALineThatHoldsTheWord) {
  // Every line of every document check is tested on, against the words the filters are built from.
  std::vector<std::string> words = {"per", "gpu", "node", "us", "measured", "observed"};
  for (std::string& w : lexicon().phrases("alternatives").first_words()) words.push_back(std::move(w));
  for (const char* kind : {"pools", "pool_labels"})
    for (const auto& [role, list] : lexicon().named(kind))
      for (std::string& w : list.first_words()) words.push_back(std::move(w));
  const NormalizedWordFilter filter(words);
  size_t lines = 0, held = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(MOEPLAN_SOURCE_DIR) + "/tests/data/check")) {
    if (entry.path().extension() != ".md") continue;
    const MarkdownDocument doc = load_markdown(entry.path().string());
    for (int n = 1; n <= doc.line_count(); ++n, ++lines) {
      const std::string_view line = doc.line(n);
      bool holds = false;
      for (const std::string& w : normalized_words(line))
        holds = holds || std::find(words.begin(), words.end(), w) != words.end();
      held += holds ? 1 : 0;
      if (holds) {
        EXPECT_TRUE(filter.may_hold(line)) << entry.path() << ":" << n << ": " << line;
      }
    }
  }
  EXPECT_GT(lines, 3000u);  // 3,321 lines in 38 documents
  EXPECT_GT(held, 300u);
}

// ---------------------------------------------------------------------------
// Degrees of parallelism, written every way people write them.

TEST(Claims, DegreesInManySpellings) {
  expect_claim("We use TP=4 here.", ClaimKind::kTp, 4);
  expect_claim("TP 4 inside the node", ClaimKind::kTp, 4);
  expect_claim("TP: 8", ClaimKind::kTp, 8);
  expect_claim("Tensor parallelism (TP): 8", ClaimKind::kTp, 8);
  expect_claim("a tensor-parallel size of 8", ClaimKind::kTp, 8);
  expect_claim("TP8 is used", ClaimKind::kTp, 8);
  expect_claim("4-way tensor parallelism", ClaimKind::kTp, 4);
  expect_claim("pipeline parallel degree = 2", ClaimKind::kPp, 2);
  expect_claim("DP=2", ClaimKind::kDp, 2);
  expect_claim("EP=8", ClaimKind::kEp, 8);
  expect_claim("8-way expert parallelism", ClaimKind::kEp, 8);
  expect_claim("expert parallelism of degree 16", ClaimKind::kEp, 16);
  expect_claim("ETP=1", ClaimKind::kEtp, 1);
  expect_claim("vllm serve m --tensor-parallel-size 8 --enable-expert-parallel", ClaimKind::kTp, 8);
  expect_claim("4 pipeline stages", ClaimKind::kPp, 4);
  expect_claim("2 data-parallel replicas", ClaimKind::kDp, 2);
}

TEST(Claims, DegreeProductKeepsFactorsAndTheStatedResult) {
  // "TP=4 × PP=4 × DP=2 = 32": three degrees and the product, 4 x 4 x 2 = 32.
  const std::vector<Claim> c = claims_of("GPU configuration: TP=4 × PP=4 × DP=2 = 32 (correct)\n");
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].kind, ClaimKind::kTp);
  EXPECT_EQ(c[1].kind, ClaimKind::kPp);
  EXPECT_EQ(c[2].kind, ClaimKind::kDp);
  EXPECT_EQ(c[3].kind, ClaimKind::kDegreeProduct);
  EXPECT_DOUBLE_EQ(c[3].value, 32);
  ASSERT_TRUE(c[3].arithmetic.has_value());
  EXPECT_DOUBLE_EQ(c[3].arithmetic->value, 32);
  EXPECT_TRUE(c[3].arithmetic->dimension_matches);
  EXPECT_EQ(c[3].arithmetic->text, "TP=4 × PP=4 × DP=2");
}

TEST(Claims, DegreeNamesBeforeTheNumbers) {
  // "TP x DP = 2 x 4 = 8 GPUs": the names pair with the numbers by position.
  const std::vector<Claim> c = claims_of("The plan uses TP x DP = 2 x 4 = 8 GPUs.\n");
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].kind, ClaimKind::kTp);
  EXPECT_DOUBLE_EQ(c[0].value, 2);
  EXPECT_EQ(c[1].kind, ClaimKind::kDp);
  EXPECT_DOUBLE_EQ(c[1].value, 4);
  EXPECT_EQ(c[2].kind, ClaimKind::kDegreeProduct);
  EXPECT_DOUBLE_EQ(c[2].value, 8);
}

// ---------------------------------------------------------------------------
// Experts and their qualifiers.

TEST(Claims, ExpertsPerGpuScopes) {
  expect_claim("32 experts per GPU", ClaimKind::kExpertsPerGpu, 32);
  expect_claim("2 experts per GPU per layer", ClaimKind::kExpertsPerGpu, 2, Scope::kPerMoeLayer);
  expect_claim("8 experts per GPU in total", ClaimKind::kExpertsPerGpu, 8, Scope::kTotal);
  expect_claim("8 experts/GPU across all layers", ClaimKind::kExpertsPerGpu, 8, Scope::kTotal);
  expect_claim("each GPU holds 16 experts in each MoE layer", ClaimKind::kExpertsPerGpu, 16, Scope::kPerMoeLayer);
  expect_claim("Experts per GPU: 8", ClaimKind::kExpertsPerGpu, 8);
  expect_claim("Expert Distribution: 2 experts per GPU", ClaimKind::kExpertsPerGpu, 2);
}

TEST(Claims, EllipsisCarriesTheNounOfThePreviousCount) {
  // "8 in total" has no noun: it is the same count as "2 experts per GPU per layer".
  const std::vector<Claim> c = claims_of("Each GPU holds 2 experts per GPU per layer, 8 in total.\n");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[1].kind, ClaimKind::kExpertsPerGpu);
  EXPECT_EQ(c[1].scope, Scope::kTotal);
  EXPECT_DOUBLE_EQ(c[1].value, 8);
}

TEST(Claims, ExpertTotalsLayersAndGroups) {
  expect_claim("Total experts: 256", ClaimKind::kExpertsTotal, 256);
  expect_claim("16 experts per layer", ClaimKind::kExpertsPerLayer, 16);
  expect_claim("Each MoE layer has 256 routed experts", ClaimKind::kExpertsPerLayer, 256);
  expect_claim("EP groups: 4", ClaimKind::kEpGroups, 4);
  expect_claim("4 layers per stage", ClaimKind::kLayersPerStage, 4);
  expect_claim("The model has 61 layers", ClaimKind::kLayers, 61);
  const std::vector<Claim> c = claims_of("The 32 GPUs form 4 EP groups of 8 GPUs.\n");
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].kind, ClaimKind::kGpuCount);
  EXPECT_EQ(c[1].kind, ClaimKind::kEpGroups);
  EXPECT_EQ(c[2].kind, ClaimKind::kEpGroupSize);
  EXPECT_DOUBLE_EQ(c[2].value, 8);
}

TEST(Claims, ExpertsWithInlineFormula) {
  // "256 experts (16 layers × 16 experts)": 16 x 16 = 256, a count.
  const Claim c = one_claim("Total experts: 256 (16 layers × 16 experts)");
  EXPECT_EQ(c.kind, ClaimKind::kExpertsTotal);
  ASSERT_TRUE(c.arithmetic.has_value());
  EXPECT_DOUBLE_EQ(c.arithmetic->value, 256);
  EXPECT_EQ(c.arithmetic->dimension, Dimension{});
  EXPECT_TRUE(c.arithmetic->dimension_matches);
}

// ---------------------------------------------------------------------------
// Memory, parameters and the "B" that is sometimes billions, sometimes bytes.

TEST(Claims, ParametersAndBillions) {
  expect_claim("DeepSeek-V3 has 671B parameters", ClaimKind::kParamsTotal, 671e9);
  expect_claim("with 37B active per token", ClaimKind::kParamsActive, 37e9);
  expect_claim("about 10 billion parameters", ClaimKind::kParamsTotal, 10e9);
  expect_claim("~313M parameters per GPU", ClaimKind::kParamsPerGpu, 313e6);
  // A B after a memory word is bytes: 16,384 bytes, not 16 trillion parameters.
  expect_claim("KV cache per token: 16,384 B", ClaimKind::kKvPerToken, 16384);
  // Model names are not numbers.
  EXPECT_TRUE(claims_of("Qwen3-235B-A22B and gpt-oss-120b on H100-SXM\n").empty());
}

TEST(Claims, MemoryKinds) {
  const std::vector<Claim> c = claims_of("Memory usage: 23GB of 64GB (safe margin)\n");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].kind, ClaimKind::kMemoryPerGpuTotal);
  EXPECT_DOUBLE_EQ(c[0].value, 23e9);
  EXPECT_EQ(c[1].kind, ClaimKind::kGpuMemoryCapacity);
  EXPECT_DOUBLE_EQ(c[1].value, 64e9);
  expect_claim("Weights per GPU: 0.74 GB", ClaimKind::kWeightsPerGpu, 0.74e9);
  expect_claim("Each H100 has 80 GB of HBM3", ClaimKind::kGpuMemoryCapacity, 80e9);
  expect_claim("The whole model needs 1.34 TB of weights", ClaimKind::kWeightsPerGpu, 1.34e12, Scope::kTotal);
  expect_claim("KV cache: 70 KB per token", ClaimKind::kKvPerToken, 70e3);
}

TEST(Claims, GbAndGibStayApartAndKeepTheirSpelling) {
  // 74.5 GiB = 74.5 x 2^30 = 79,993,765,888 bytes.
  const Claim gib = one_claim("GPU memory: 74.5 GiB");
  EXPECT_DOUBLE_EQ(gib.value, 74.5 * 1073741824.0);
  EXPECT_EQ(gib.unit_text, "GiB");
  const Claim gb = one_claim("GPU memory: 80 GB");
  EXPECT_DOUBLE_EQ(gb.value, 80e9);
  EXPECT_EQ(gb.unit_text, "GB");
}

TEST(Claims, RangesAndApproximations) {
  // "0.67-0.74 GB": one claim from 0.67e9 to 0.74e9; the span covers both ends.
  const std::string line = "Weights per GPU: 0.67-0.74 GB";
  const Claim r = one_claim(line);
  EXPECT_EQ(r.kind, ClaimKind::kWeightsPerGpu);
  EXPECT_DOUBLE_EQ(r.value, 0.67e9);
  EXPECT_DOUBLE_EQ(r.value_hi, 0.74e9);
  EXPECT_EQ(line.substr(r.col_begin, r.col_end - r.col_begin), "0.67-0.74");
  const Claim to = one_claim("8 to 16 experts per GPU");
  EXPECT_DOUBLE_EQ(to.value, 8);
  EXPECT_DOUBLE_EQ(to.value_hi, 16);
  EXPECT_TRUE(one_claim("Memory per GPU: ~40 GB").approximate);
  EXPECT_TRUE(one_claim("about 120 tokens/ms of throughput").approximate);
  EXPECT_FALSE(one_claim("TTFT: 8.5s").approximate);
}

// ---------------------------------------------------------------------------
// Rates and times.

TEST(Claims, ThroughputAndLatency) {
  expect_claim("Throughput: 120 tokens/ms", ClaimKind::kThroughput, 120e3);
  expect_claim("12k tokens/s overall", ClaimKind::kThroughput, 12e3);
  expect_claim("2500 tok/s per GPU", ClaimKind::kThroughputPerGpu, 2500);
  expect_claim("Per-GPU throughput: 190 tokens/s", ClaimKind::kThroughputPerGpu, 190);
  expect_claim("TTFT: 8.5s", ClaimKind::kTtft, 8.5);
  expect_claim("time to first token of 1.2 s", ClaimKind::kTtft, 1.2);
  expect_claim("TPOT 45 ms", ClaimKind::kTpot, 0.045);
  expect_claim("inter-token latency of 30 ms", ClaimKind::kTpot, 0.030);
  expect_claim("NVLink: 900 GB/s", ClaimKind::kBandwidth, 900e9);
  expect_claim("a 400 Gb/s NIC per GPU", ClaimKind::kBandwidth, 50e9);
}

TEST(Claims, TargetsAreNotClaims) {
  // The SLO is an input; "(meets 10s requirement)" restates it.
  // A latency or rate target is kept with its role, for the bound (a target
  // nothing can reach is impossible); it is not a claim about the deployment.
  const std::vector<Claim> c = claims_of("TTFT: 8.5s (meets 10s requirement)\n");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_DOUBLE_EQ(c[0].value, 8.5);
  EXPECT_EQ(c[0].reading.role, Role::kClaim);
  EXPECT_DOUBLE_EQ(c[1].value, 10);
  EXPECT_EQ(c[1].reading.role, Role::kTarget);
  const std::vector<Claim> t = claims_of("| Metric | Target |\n|---|---|\n| TTFT | 2 s |\n");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].reading.role, Role::kTarget);
  // Other targets are not read at all.
  EXPECT_TRUE(claims_of("Target: stay under 72 GB per GPU\n").empty());
}

// ---------------------------------------------------------------------------
// Arithmetic with units.

TEST(Claims, SeedFormulaIsDimensionallyWrong) {
  // 5GB (10B ÷ 32 GPUs ÷ 2 bytes): 10e9 params / 32 GPUs / (2 bytes/param)
  // = 1.5625e8 params^2/(bytes*GPUs): dividing by bytes per parameter.
  const Claim c = one_claim("Model Parameters: 5GB (10B ÷ 32 GPUs ÷ 2 bytes)");
  EXPECT_EQ(c.kind, ClaimKind::kWeightsPerGpu);
  EXPECT_DOUBLE_EQ(c.value, 5e9);
  ASSERT_TRUE(c.arithmetic.has_value());
  EXPECT_DOUBLE_EQ(c.arithmetic->value, 1.5625e8);
  EXPECT_EQ(c.arithmetic->dimension, (Dimension{2, -1, -1, 0, 0}));
  EXPECT_EQ(to_string(c.arithmetic->dimension), "params^2/(bytes*GPUs)");
  EXPECT_FALSE(c.arithmetic->dimension_matches);
  EXPECT_EQ(c.arithmetic->dimension_note, "divides by bytes per parameter; a memory figure multiplies by it");
}

TEST(Claims, RightFormulaFitsAndEvaluates) {
  // 10B x 2 bytes / 32 = 10e9 x 2 / 32 = 6.25e8 bytes (per GPU).
  const Claim c = one_claim("Weights per GPU: 0.625 GB = 10B × 2 bytes / 32");
  EXPECT_EQ(c.kind, ClaimKind::kWeightsPerGpu);
  ASSERT_TRUE(c.arithmetic.has_value());
  EXPECT_DOUBLE_EQ(c.arithmetic->value, 6.25e8);
  EXPECT_EQ(c.arithmetic->dimension, (Dimension{0, 1, 0, 0, 0}));
  EXPECT_TRUE(c.arithmetic->dimension_matches);
}

TEST(Claims, EvaluateArithmeticByItself) {
  // 47 layers x 4 KV heads / TP 4 x 128 x 2 x 2 bytes = 24,064 bytes.
  auto kv = evaluate_arithmetic("47 layers × 4 KV heads ÷ TP 4 × 128 × 2 × 2 bytes");
  ASSERT_TRUE(kv.has_value());
  EXPECT_DOUBLE_EQ(kv->value, 24064);
  EXPECT_EQ(to_string(kv->dimension), "bytes");
  // 671B x FP8 / 64 GPUs = 671e9 x 1 B / 64 = 1.0484375e10 bytes per GPU.
  auto w = evaluate_arithmetic("671B × FP8 ÷ 64 GPUs");
  ASSERT_TRUE(w.has_value());
  EXPECT_DOUBLE_EQ(w->value, 1.0484375e10);
  EXPECT_EQ(to_string(w->dimension), "bytes/GPUs");
  EXPECT_TRUE(dimension_fits(w->dimension, ClaimKind::kWeightsPerGpu));
  // Tokens per second per GPU: 120,000 tokens/s / 32 GPUs.
  auto rate = evaluate_arithmetic("120 tokens/ms / 32 GPUs");
  ASSERT_TRUE(rate.has_value());
  EXPECT_DOUBLE_EQ(rate->value, 3750);
  EXPECT_TRUE(dimension_fits(rate->dimension, ClaimKind::kThroughputPerGpu));
  EXPECT_FALSE(dimension_fits(rate->dimension, ClaimKind::kTtft));
  EXPECT_FALSE(evaluate_arithmetic("just 42").has_value());
}

TEST(Claims, TwoBNextToAParameterCountIsBytesPerParameter) {
  // 141B × 2B / 16 GPUs = 141e9 params × 2 bytes/param / 16 = 1.7625e10 bytes per GPU.
  const Claim c = one_claim("- weights: 141B × 2B / 16 GPUs = 17.6 GB");
  EXPECT_EQ(c.kind, ClaimKind::kWeightsPerGpu);
  ASSERT_TRUE(c.arithmetic.has_value());
  EXPECT_DOUBLE_EQ(c.arithmetic->value, 1.7625e10);
  EXPECT_EQ(to_string(c.arithmetic->dimension), "bytes/GPUs");
  EXPECT_TRUE(c.arithmetic->dimension_matches);
}

TEST(Claims, SumsTrackUnitsToo) {
  // 12.9 + 54.3 + 3.85 = 71.05 GB.
  const Claim c = one_claim("Memory per GPU: 12.9 GB weights + 54.3 GB KV cache + 3.85 GB runtime ≈ 71 GB");
  EXPECT_EQ(c.kind, ClaimKind::kMemoryPerGpuTotal);
  EXPECT_TRUE(c.approximate);
  ASSERT_TRUE(c.arithmetic.has_value());
  EXPECT_NEAR(c.arithmetic->value, 71.05e9, 1);
  EXPECT_TRUE(c.arithmetic->dimension_matches);
}

// ---------------------------------------------------------------------------
// Spans, nodes, lint, tables, and what is not a claim.

TEST(Claims, SpanLineAndNode) {
  const std::string doc = "# Plan\n\n**Node 2: Expert Parallelism**\n\n- Expert Distribution: 32 experts per GPU\n";
  const std::vector<Claim> c = claims_of(doc);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].line, 5);
  EXPECT_EQ(c[0].node, "Node 2: Expert Parallelism");
  EXPECT_EQ(c[0].text, "- Expert Distribution: 32 experts per GPU");
  EXPECT_EQ(c[0].col_begin, 23u);  // "- Expert Distribution: " is 2 + 20 + 1 = 23 bytes, then "32"
  EXPECT_EQ(c[0].col_end, 25u);
}

TEST(Claims, SuffixScaleForRewriting) {
  // "12k tokens/s": the span is "12", one written unit is 1,000 tokens/s.
  const std::string line = "Output throughput: 12k tokens/s";
  const Claim c = one_claim(line);
  EXPECT_EQ(line.substr(c.col_begin, c.col_end - c.col_begin), "12");
  EXPECT_DOUBLE_EQ(c.unit_scale, 1e3);
  EXPECT_DOUBLE_EQ(c.value / c.unit_scale, 12);
}

TEST(Claims, OptimizerStatesAreALint) {
  const std::vector<Claim> c = claims_of("Total Memory: 23GB including activations and optimizer states\n");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].kind, ClaimKind::kMemoryPerGpuTotal);
  EXPECT_EQ(c[1].kind, ClaimKind::kOptimizerStates);
  EXPECT_DOUBLE_EQ(c[1].value, 0);
}

TEST(Claims, TablesUseRowLabelAndHeader) {
  const std::vector<Claim> c = claims_of(
      "| Quantity | Per MoE layer | Whole model |\n"
      "|---|---|---|\n"
      "| Experts per GPU | 16 | 576 |\n"
      "| Tensor parallel (TP) | 2 | |\n");
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].kind, ClaimKind::kExpertsPerGpu);
  EXPECT_EQ(c[0].scope, Scope::kPerMoeLayer);
  EXPECT_EQ(c[1].kind, ClaimKind::kExpertsPerGpu);
  EXPECT_EQ(c[1].scope, Scope::kTotal);
  EXPECT_EQ(c[2].kind, ClaimKind::kTp);
  EXPECT_EQ(c[2].line, 4);
}

TEST(Claims, StageTableIndexesAreNotCounts) {
  const std::vector<Claim> c = claims_of(
      "| Stage | GPUs | Layers |\n"
      "|---|---|---|\n"
      "| 0 | 0-7 | 4 |\n");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].kind, ClaimKind::kLayersPerStage);
  EXPECT_DOUBLE_EQ(c[0].value, 4);
}

TEST(Claims, CodeNamesLinksAndVersionsAreNotProse) {
  // A snake_case name is code ("kernels_per_layer" counts no layers) unless
  // it is a configuration key for a degree.
  EXPECT_TRUE(claims_of("- Cost model constant `kernels_per_layer` = 8 (small kernels in each decoder layer)\n").empty());
  expect_claim("tensor_parallel_size: 8", ClaimKind::kTp, 8);
  expect_claim("ep_size = 16", ClaimKind::kEp, 16);
  // Dotted versions stay inside names; links are skipped.
  expect_claim("- Model: Qwen1.5-MoE-A2.7B with 14.32B parameters in total", ClaimKind::kParamsTotal, 14.32e9);
  EXPECT_TRUE(claims_of("(source: https://huggingface.co/Qwen/Qwen1.5-MoE-A2.7B/blob/main/config.json)\n").empty());
}

TEST(Claims, NotClaims) {
  EXPECT_TRUE(claims_of("### Node 1: Executive Summary\n").empty());
  EXPECT_TRUE(claims_of("1. First step\n2. Second step\n").empty());
  EXPECT_TRUE(claims_of("Error factor: 4x overstatement\n").empty());
  EXPECT_TRUE(claims_of("vLLM 0.6.3 with top-2 routing on DeepSeek-V3\n").empty());
  EXPECT_TRUE(claims_of("Layers 0-3 live on GPUs 0-7.\n").empty());
  EXPECT_TRUE(claims_of("A document about deployments, without a single figure.\n").empty());
  EXPECT_TRUE(claims_of("---\nmodel: seed-16x16\ncluster: {gpus: 32}\n---\nNo figures here.\n").empty());
}

// ---------------------------------------------------------------------------
// Size: 10 MB must stay linear. The figure itself is measured in
// bench/check_bench.cc; this only checks that the whole document goes through
// (the claim count is exact) without a blow-up.

// ---------------------------------------------------------------------------
// Units in table headers, a "Unit" column, and sentences wrapped over lines.

TEST(Claims, TableUnitsFromHeadersRowLabelsAndUnitColumns) {
  const std::vector<Claim> c = claims_of(
      "| Metric | Estimate |\n|---|---|\n| TTFT p50 (ms) | 260 |\n| TPOT (ms) | 40–45 |\n"
      "| Output tokens/s (cluster) | 24k |\n\n"
      "| Quantity | Value | Unit |\n|---|---|---|\n| Total parameters | 141 | B |\n"
      "| KV cache per token | 224 | KiB |\n| Output throughput | 5,800 | tok/s |\n\n"
      "| Item | Per GPU (GiB) |\n|---|---|\n| Weights | 11 |\n");
  ASSERT_EQ(c.size(), 7u);
  EXPECT_EQ(to_string(c[0].kind), "ttft");
  EXPECT_DOUBLE_EQ(c[0].value, 0.26);
  EXPECT_EQ(to_string(c[1].kind), "tpot");
  EXPECT_DOUBLE_EQ(c[1].value_hi, 0.045);
  EXPECT_EQ(to_string(c[2].kind), "throughput");
  EXPECT_DOUBLE_EQ(c[2].value, 24000);
  EXPECT_EQ(to_string(c[3].kind), "params_total");
  EXPECT_DOUBLE_EQ(c[3].value, 141e9);
  EXPECT_EQ(to_string(c[4].kind), "kv_per_token");
  EXPECT_DOUBLE_EQ(c[4].value, 224 * 1024.0);
  EXPECT_EQ(to_string(c[5].kind), "throughput");
  EXPECT_DOUBLE_EQ(c[5].value, 5800);
  EXPECT_EQ(to_string(c[6].kind), "weights_per_gpu");
  EXPECT_DOUBLE_EQ(c[6].value, 11.0 * 1073741824.0);
}

TEST(Claims, SentencesWrappedOverLines) {
  // The noun on the next line, the subject on the previous one.
  std::vector<Claim> c = claims_of("Each MoE layer has 256 routed\nexperts and one shared expert.\n");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(to_string(c[0].kind), "experts_per_layer");
  c = claims_of("With 256 experts and EP=64, each GPU\nhosts 4 experts from every MoE layer and\n232 experts in total.\n");
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(to_string(c[2].kind), "experts_per_gpu");
  EXPECT_EQ(to_string(c[2].scope), "per_moe_layer");
  EXPECT_EQ(to_string(c[3].kind), "experts_per_gpu");
  EXPECT_EQ(to_string(c[3].scope), "total");
  // A bold title on its own line does not run on into the next.
  c = claims_of("**Node 2: Expert Parallelism**\n8 GPUs share the experts.\n");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(to_string(c[0].kind), "gpu_count");
  // Nor does a list item.
  c = claims_of("- expert-parallel degree of\n- 8 GPUs\n");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(to_string(c[0].kind), "gpu_count");
}

TEST(Claims, NewPhrasings) {
  expect_claim("- expert-parallel degree of 32", ClaimKind::kEp, 32);
  expect_claim("- tensor-parallel size 8", ClaimKind::kTp, 8);
  expect_claim("each GPU hosts 4 experts from every MoE layer", ClaimKind::kExpertsPerGpu, 4, Scope::kPerMoeLayer);
  expect_claim("every GPU keeps 2 experts of each MoE layer", ClaimKind::kExpertsPerGpu, 2, Scope::kPerMoeLayer);
  expect_claim("- per-device weight footprint: ~16.4 GiB", ClaimKind::kWeightsPerGpu, 16.4 * 1073741824.0);
  expect_claim("- 1.2k tok/s/GPU", ClaimKind::kThroughputPerGpu, 1200);
  expect_claim("- p50 TTFT 450ms", ClaimKind::kTtft, 0.45);
  expect_claim("- ITL 30 ms", ClaimKind::kTpot, 0.03);
  expect_claim("- KV cache: 70 KB/token", ClaimKind::kKvPerToken, 70e3);
  expect_claim("- 94 decoder layers", ClaimKind::kLayers, 94);
  expect_claim("At roughly 190 tok/s per GPU the pool sustains the target load.", ClaimKind::kThroughputPerGpu, 190);
  std::vector<Claim> c = claims_of("With 256 routed experts and 64 ranks, all is well.\n");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(to_string(c[0].kind), "experts_per_layer");
  EXPECT_EQ(to_string(c[1].kind), "other");  // EP ranks, not the cluster's GPU count
  c = claims_of("One 8×H200 box (141 GB per GPU) serves it.\n");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(to_string(c[0].kind), "gpu_count");
  EXPECT_EQ(to_string(c[1].kind), "gpu_memory_capacity");
  c = claims_of("2 pipeline stages (31 layers on the first stage, 30 layers on the second)\n");
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(to_string(c[1].kind), "layers_per_stage");
  EXPECT_EQ(to_string(c[2].kind), "layers_per_stage");
  c = claims_of("No: with 8 experts per layer and EP8, a GPU stores\n   1 expert per MoE layer, i.e. 56 experts in total.\n");
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(to_string(c[0].kind), "experts_per_layer");
  EXPECT_EQ(to_string(c[3].kind), "experts_per_gpu");
  EXPECT_EQ(to_string(c[3].scope), "total");
}

TEST(Claims, TenMegabyteDocument) {
  const std::string section =
      "## Node 2: Expert Parallelism\n"
      "- Expert Distribution: 2 experts per GPU per layer, 8 in total\n"        // 2 claims
      "- GPU configuration: TP=4 × PP=4 × DP=2 = 32\n"                         // 4 claims
      "- Model Parameters: 5GB (10B ÷ 32 GPUs ÷ 2 bytes)\n"                    // 1 claim
      "| Metric | Value |\n|---|---|\n| Throughput | 120 tokens/ms |\n"        // 1 claim
      "Plain prose without figures, long enough to look like a real paragraph of a design document.\n\n";
  constexpr size_t kClaimsPerSection = 8;
  constexpr size_t kTargetBytes = 10u << 20;
  std::string doc;
  doc.reserve(kTargetBytes + section.size());
  size_t sections = 0;
  while (doc.size() < kTargetBytes) {
    doc += section;
    ++sections;
  }
  const auto start = std::chrono::steady_clock::now();
  const MarkdownDocument parsed = parse_markdown(doc, "big.md");
  const std::vector<Claim> claims = extract_claims(parsed);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu bytes, %zu lines, %zu claims in %.2f s\n", doc.size(), static_cast<size_t>(parsed.line_count()),
              claims.size(), seconds);
  EXPECT_EQ(parsed.nodes.size(), sections);
  EXPECT_EQ(claims.size(), sections * kClaimsPerSection);
}

TEST(Claims, HugeSingleLineStaysLinear) {
  // 2 MB on one line, with no sentence breaks and unbalanced parentheses:
  // the windows around each number are bounded, so this is linear too.
  std::string line;
  while (line.size() < (2u << 20)) line += "(( 8 experts per GPU and ";
  const std::vector<Claim> claims = claims_of(line + "\n");
  EXPECT_GT(claims.size(), 10000u);
  EXPECT_LE(claims.front().text.size(), 2 * 240u + 1);
}

}  // namespace
}  // namespace moeplan
