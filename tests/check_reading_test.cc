// The reading rules of issue 9, each on a small document against the seed
// scenario (seed-16x16: 16 layers x 16 experts, FP16, 9.927 B parameters; 32
// GPUs of 64 GB, 8 per node; TP 4 x PP 4 x DP 2, EP 8; vLLM 0.9 of memory).
#include <gtest/gtest.h>

#include <string>

#include "check/claims.h"
#include "check/markdown.h"
#include "check/verify.h"
#include "check/writer.h"
#include "spec/scenario.h"
#include "spec/text.h"

namespace moeplan {
namespace {

const char* kFrontMatter =
    "---\n"
    "model: seed-16x16\n"
    "cluster: {gpu: {preset: h100-sxm, name: seed-64gb, memory: \"64 GB\"}, gpus: 32, gpus_per_node: 8}\n"
    "workload: {input_tokens: 2048, output_tokens: 512}\n"
    "strategy: {tp: 4, pp: 4, dp: 2, ep: 8}\n"
    "---\n";

struct Checked {
  MarkdownDocument doc;
  CheckReport report;
};

// A whole document, its front matter the scenario.
CheckReport check_whole(const std::string& doc) {
  const MarkdownDocument md = parse_markdown(doc, "t.md");
  const Scenario sc = parse_scenario(md.front_matter->text, "t.md");
  CheckReport r = check_document(md, extract_claims(md), &sc, CheckOptions{});
  r.plan.reset();  // its scenario pointer dies with `sc`
  return r;
}

Checked check(const std::string& body) {
  Checked c;
  c.doc = parse_markdown(kFrontMatter + body, "t.md");
  c.report = check_whole(kFrontMatter + body);
  return c;
}

// The verdict of the finding of `quantity` (its first word) on `line`, or "" when none.
std::string verdict(const CheckReport& r, int line, const std::string& quantity) {
  for (const auto& f : r.findings)
    if (f.line == line && f.quantity.substr(0, f.quantity.find(' ')) == quantity) return to_string(f.verdict);
  return "";
}

// Front matter lines 1-6; the body starts at line 7.
constexpr int kFirst = 7;

// Mixtral-8x7B BF16 on 4 H100 at TP 4, EP 4 under vLLM's defaults (2 of 8 experts per GPU per MoE layer, 23.35 GB of
// weights per GPU): six lines, so a body starts at line 7.
const char* kMixtralOn4H100 =
    "---\nmodel: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 4, gpus_per_node: 8}\n"
    "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 4, ep: 4}\n---\n";

// How many findings on `line` say wrong.
int wrongs_on(const CheckReport& r, int line) {
  int n = 0;
  for (const auto& f : r.findings) n += f.line == line && f.verdict == Verdict::kWrong;
  return n;
}

TEST(CheckReading, CapacityClaimsAgainstTheStatedAndTheUsableMemory) {
  // 70 GB of 64 GB: more than the memory it is part of. 60 GB of 64 GB: above the
  // 0.9 x 64 = 57.6 GB the engine may use, below the GPU's 64 GB.
  const Checked c = check("# Memory\n\nMemory in use: 70 GB of 64 GB per GPU.\n\nMemory in use: 60 GB of 64 GB per GPU.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "memory_per_gpu_total"), "impossible");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "memory_per_gpu_total"), "wrong");
}

TEST(CheckReading, AnExplicitPerGpuLabelBinds) {
  // The whole model: 9.927 B x 2 B = 19.85 GB. One GPU holds 0.67-0.74 GB (README), so
  // 19.85 GB labelled per GPU is wrong, not re-read as the whole model.
  const Checked c = check("# Weights\n\nWeights per GPU: 19.85 GB.\n\nWeights for the whole model: 19.85 GB.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "weights_per_gpu"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "weights_per_gpu"), "correct");
}

TEST(CheckReading, TtftAndTpotInOneSentence) {
  const MarkdownDocument doc = parse_markdown("We saw a TTFT of 300 ms and a TPOT of 30 ms.\n", "t.md");
  const std::vector<Claim> claims = extract_claims(doc);
  ASSERT_EQ(claims.size(), 2u);
  EXPECT_EQ(claims[0].kind, ClaimKind::kTtft);
  EXPECT_DOUBLE_EQ(claims[0].value, 0.3);
  EXPECT_EQ(claims[1].kind, ClaimKind::kTpot);
  EXPECT_DOUBLE_EQ(claims[1].value, 0.03);
}

TEST(CheckReading, NotUnderstoodIsCountedAndNeverAFailure) {
  // A prefill throughput: moeplan predicts output tokens/s, so the phase slot has no answer.
  const Checked c = check("# Performance\n\nPrefill throughput: 400,000 tokens/s.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "throughput"), "not_understood");
  EXPECT_EQ(c.report.count(Verdict::kNotUnderstood), 1);
  EXPECT_FALSE(c.report.failed());
  EXPECT_EQ(check_json(c.report)["summary"]["not_understood"], 1);
}

TEST(CheckReading, AlternativesAreJudgedUnderTheirOwnStrategy) {
  // Option B: TP 2 x PP 4 x DP 4 = 32 GPUs, EP 8: 16 / 8 = 2 experts per GPU per MoE layer (right);
  // degraded mode on 16 GPUs with EP 4: 16 / 4 = 4 (so 8 is wrong); EP 3 does not divide 16 experts.
  const Checked c = check(
      "# Plan\n\nTP=4, PP=4, DP=2, EP=8.\n\n"
      "## Option B\n\nTP=2, PP=4, DP=4, EP=8: 2 experts per GPU per MoE layer.\n\n"
      "## Degraded mode with 16 GPUs\n\nTP=4, PP=4, DP=1, EP=4: 8 experts per GPU per MoE layer.\n\n"
      "## Fallback\n\nEP=3 over 3 GPUs.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 6, "experts_per_gpu"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 6, "tp"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 10, "experts_per_gpu"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 14, "ep"), "wrong");
  for (const auto& f : c.report.findings) {
    if (f.line != kFirst + 6) continue;
    EXPECT_EQ(f.strategy, "tp=2 pp=4 dp=4 ep=8 etp=1");
  }
}

TEST(CheckReading, APerLayerWordElsewhereInTheClauseIsNotTheParametersScope) {
  // The seed: 9.927 B parameters, "about 10B" is within 10%; "per layer" belongs to the experts.
  const Checked c = check("# Model\n\nThe model has 16 experts per layer and about 10B parameters.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "params_total"), "correct");
}

TEST(CheckReading, NodeTotalsAreNotPerGpuFigures) {
  // A node: 8 GPUs x 64 GB = 512 GB of HBM.
  const Checked c = check("# Cluster\n\nThe node holds 512 GB of HBM.\n\nThe node holds 64 GB of HBM.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "gpu_memory_capacity"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "gpu_memory_capacity"), "wrong");
}

TEST(CheckReading, WordsInParenthesesInsideAFormula) {
  // 2 (K, V) x 32 KV heads x 128 x 2 bytes = 16,384 bytes.
  const auto a = evaluate_arithmetic("2 (K and V) × 32 KV heads × 128 × 2 bytes");
  ASSERT_TRUE(a.has_value());
  EXPECT_DOUBLE_EQ(a->value, 16384);
  EXPECT_EQ(to_string(a->dimension), "bytes");
  // 16 x 16 = 256, with a nested aside.
  const auto b = evaluate_arithmetic("16 experts × (16 MoE layers (all of them))");
  ASSERT_TRUE(b.has_value());
  EXPECT_DOUBLE_EQ(b->value, 256);
}

TEST(CheckReading, FormulaArithmeticIsCheckedFirst) {
  // 64 x 3072 x 72 KiB = 64 x 3072 x 73,728 B = 14.50 GB, not 13.5 GB, whatever the figure is.
  const Checked c = check("# KV\n\nKV for the batch: 64 × 3072 × 72 KiB = 13.5 GB.\n");
  bool flagged = false;
  for (const auto& f : c.report.findings) flagged |= f.line == kFirst + 2 && f.verdict == Verdict::kWrong;
  EXPECT_TRUE(flagged);
}


}  // namespace
}  // namespace moeplan

namespace moeplan {
namespace {

// Say wrong only when sure: the mechanisms of the second round on issue 9.

TEST(CheckAbstention, AColumnLayoutInACodeBlockIsReadAsATable) {
  // A pasted sheet: the header is the block's first line; the row index and the formula column are not read.
  const Checked c = check(
      "# Sheet\n\n"
      "```\n"
      "row  metric               value   unit      formula\n"
      "1    GPUs                 32      GPUs      =B2*B3\n"
      "2    experts per layer    12      experts\n"
      "3    TP*PP*DP             32\n"
      "```\n");
  const int first = kFirst + 4;
  EXPECT_EQ(verdict(c.report, first, "gpu_count"), "correct");
  EXPECT_EQ(verdict(c.report, first + 1, "experts_per_layer"), "wrong");
  EXPECT_EQ(verdict(c.report, first + 2, "tp"), "correct");  // the product the label names
  for (const auto& f : c.report.findings) EXPECT_NE(f.stated, 3) << f.line;  // "=B2*B3", row "3": not claims
}

TEST(CheckAbstention, ColumnsWithoutAHeaderAreNotUnderstood) {
  const Checked c = check(
      "# Sheet\n\n"
      "```\n"
      "1    GPUs                 32      GPUs      cluster\n"
      "```\n");
  for (const auto& f : c.report.findings) EXPECT_EQ(f.verdict, Verdict::kNotUnderstood) << f.line << " " << f.quantity;
}

TEST(CheckAbstention, ADegreeOtherThanTheSectionsOwnNamesAnotherLayout) {
  const Checked c = check(
      "# Plan\n\nTP=4, PP=4, DP=2, EP=8.\n\n"
      "## Fallback with 16 GPUs\n\nEP=3 does not divide 16 experts. Fallback is TP=4, PP=4, DP=1, EP=4.\n");
  int seen = 0;
  for (const auto& f : c.report.findings) {
    if (f.line != kFirst + 6 || f.quantity != "ep") continue;
    ++seen;
    EXPECT_EQ(f.verdict, f.stated == 4 ? Verdict::kCorrect : Verdict::kNotUnderstood) << f.stated;
  }
  EXPECT_EQ(seen, 2);
}

TEST(CheckAbstention, ARowsBracketedUnitOverridesItsColumns) {
  const MarkdownDocument doc = parse_markdown("| memory (per GPU) | GB |\n|---|---|\n| weights | 6.1 |\n| weights (GiB) | 6.1 |\n", "t.md");
  const std::vector<Claim> claims = extract_claims(doc);
  ASSERT_EQ(claims.size(), 2u);
  EXPECT_DOUBLE_EQ(claims[0].value, 6.1e9);
  EXPECT_NEAR(claims[1].value, 6.1 * 1024 * 1024 * 1024, 1);
}

TEST(CheckAbstention, APartOfTheWholeInATableTakesTheColumnsUnit) {
  const MarkdownDocument doc =
      parse_markdown("| memory (per GPU) | GB |\n|---|---|\n| weights + KV at full load | 145 of 141 |\n", "t.md");
  const std::vector<Claim> claims = extract_claims(doc);
  ASSERT_EQ(claims.size(), 2u);
  EXPECT_EQ(claims[0].kind, ClaimKind::kMemoryPerGpuTotal);
  EXPECT_DOUBLE_EQ(claims[0].value, 145e9);
  EXPECT_DOUBLE_EQ(claims[0].of_bytes, 141e9);
}

// The bound no operating point beats, by hand for seed-16x16 FP16 on H100
// (3.35 TB/s), TP4 PP4 EP8, one request: every one of the 16 layers reads
// at least its attention shard, 4 x 4096^2 x 2 B / TP 4 = 33.6 MB, and one
// whole routed expert on some GPU, 2 x 4096^2 x 2 B = 67.1 MB; the stages
// run one after the other, so a step takes >= 16 x 100.7 MB / 3.35 TB/s =
// 0.48 ms. 1 ms is above it at one request in flight (not impossible,
// whatever the document's concurrency); 0.1 ms is below it at any.
// At 64 requests in flight (32 per DP rank) the 64 routed tokens of a layer
// hit all 16 experts, so each GPU reads its 2 experts and its attention shard,
// 2 x 67.1 + 33.6 = 167.8 MB a layer: 16 x 167.8 MB / 3.35 TB/s = 0.80 ms
// before any KV (moeplan's bound with the KV: 1.17 ms), so a measured 1 ms at
// that batch is not this deployment's.
TEST(CheckAbstention, AMeasuredLatencyIsNotJudgedByThePrediction) {
  const Checked c = check("# Speed\n\nObserved: TPOT 1 ms.\n\nThe TPOT is 0.1 ms.\n\n"
                          "We measured a TPOT of 0.1 ms.\n\nThe target is a TPOT of at most 0.1 ms.\n\n"
                          "The target is a TPOT of at most 1 ms.\n\nObserved: TPOT 1 ms at 64 requests in flight.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "tpot"), "unverifiable");
  EXPECT_EQ(verdict(c.report, kFirst + 12, "tpot"), "impossible");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "tpot"), "impossible");  // a claim: faster than the speed of light
  EXPECT_EQ(verdict(c.report, kFirst + 6, "tpot"), "impossible");  // so is a measurement
  EXPECT_EQ(verdict(c.report, kFirst + 8, "tpot"), "impossible");  // and a target nothing can meet
  EXPECT_EQ(verdict(c.report, kFirst + 10, "tpot"), "");           // a target within reach: no finding
}

// A TTFT is bounded for the prompt its sentence names. seed-16x16 FP16 on
// H100 (989 TFLOP/s), TP4 PP4 DP2 EP8, the engine's (vLLM's) 2048-token
// chunks, by hand: one prompt runs on one DP rank, so a chunk's attention
// projections in one stage, 4 layers x 4 x 4096^2 x 2 x 2048 FLOP, run on 4
// GPUs (0.278 ms) and its experts, 4 layers x 2 active x 2 x 4096^2 x 2 x
// 2048, on the stage's 8 GPUs (0.139 ms): 0.417 ms per chunk per stage.
// 8k tokens are 4 chunks through 4 stages: >= (4 + 3) x 0.417 = 2.92 ms, so
// 2.5 ms is impossible; the workload's 2048 tokens are one chunk through 4
// stages, >= 1.67 ms, so 2.5 ms is not.
TEST(CheckAbstention, ATtftIsBoundedForTheStatedPrompt) {
  const Checked c = check("# Speed\n\nThe TTFT is 2.5 ms for an 8k-token prompt.\n\nThe TTFT is 2.5 ms.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "ttft"), "impossible");
  EXPECT_NE(verdict(c.report, kFirst + 4, "ttft"), "impossible");
}

TEST(CheckAbstention, ADegreeQualifyingANounNamesALayout) {
  const Checked c = check("# Review\n\nThe body says 4 experts per GPU. That's the EP=4 number.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "ep"), "not_understood");
}

TEST(CheckAbstention, AFormulaCutByALineBreakIsNotJudged) {
  const Checked c = check("# Plan\n\nThe deployment: 32 GPUs = 4 (TP) × 4 (PP)\n× 2 (DP).\n");
  EXPECT_NE(verdict(c.report, kFirst + 2, "degree_product"), "wrong");
}

TEST(CheckAbstention, ALinkNamedRightAfterTheFigureBindsIt) {
  // The seed's GPU is an H100 preset: 3.35 TB/s of HBM, 450 GB/s of NVLink per direction.
  const Checked c = check("# Links\n\nEach GPU has 3.35 TB/s of HBM bandwidth and 450 GB/s of NVLink bandwidth per direction.\n");
  for (const auto& f : c.report.findings) {
    if (f.quantity == "bandwidth") {
      EXPECT_EQ(f.verdict, Verdict::kCorrect) << f.stated << " " << f.explanation;
    }
  }
}


// Component weights, by hand for seed-16x16 (FP16) on 32 GPUs, TP4 PP4 DP2
// EP8: one layer's attention is 4 x 4096^2 = 67.1M params = 134.2 MB; a GPU
// holds its stage's 4 layers / TP 4 = 134.2 MB; the model's 16 layers hold
// 2.147 GB. Routed experts: 16 layers x 16 experts x 2 x 4096^2 = 8.59B params.
// KV cache per token: 2 x 32 heads x 128 x 2 B = 16 KiB per layer, 256 KiB
// for the 16 layers (a GPU's share, 4 layers / TP 4, is also 16 KiB: so the
// figure is said to be the model's).
TEST(CheckReading, ComponentWeightsDecimalCommasAndOneLayersKv) {
  const Checked c = check(
      "# Memory\n\n"
      "Each GPU holds 134 MB of attention weights.\n\n"                  // +2 correct (per GPU)
      "Each GPU holds 2.1 GB of attention weights.\n\n"                  // +4 wrong: the whole model's
      "The attention weights of the whole model are 2,15 GB.\n\n"        // +6 correct, decimal comma
      "The KV cache of the whole model is 16 KiB per token.\n\n"     // +8 wrong: one layer's
      "Routed experts: 16 x 16 x (2 x 4096 x 4096) = 8.59B parameters.\n\n"  // +10 correct
      "There are 8.59B expert parameters.\n");                           // +12 correct
  EXPECT_EQ(verdict(c.report, kFirst + 2, "weights_per_gpu"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "weights_per_gpu"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 6, "weights_per_gpu"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 8, "kv_per_token"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 10, "params_total"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 12, "params_total"), "correct");
}


// A formula's own arithmetic, to the rounding of its written result:
// 64 - 20 = 44, not 50 (about: 10%); 2,560 x 262,144 B = 671,088,640 B =
// 671 MB (640 MiB): "640 MB" is 4.6% off, beyond the 1.5% its three digits
// allow; 16 x 16 = 256 experts over the 16 MoE layers, not 265, and a count
// multiplied over layers is a total.
TEST(CheckReading, FormulasSubtractAndAreCheckedToTheirRounding) {
  const Checked c = check("# Sums\n\n"
                          "The engine leaves 64 − 20 ≈ 50 GB for it.\n\n"
                          "A request needs 2,560 × 262,144 bytes = 640 MB.\n\n"
                          "| expert count | 16 MoE layers x 16 experts = 265 routed experts |\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "other"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "other"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 6, "experts_total"), "wrong");
}


// A node's experts and the whole a part is of, by hand for deepseek-v3 on
// 32 x H800 (8 per node), DP32 EP32 TP1: 256 / 32 = 8 experts per GPU per MoE
// layer; a node's 8 GPUs hold 64 per MoE layer, x 58 MoE layers = 3,712. The
// H800's driver reports 81,559 MiB = 85.52 GB; vLLM's 0.9 of it is 76.97 GB.
TEST(CheckReading, ANodesExpertsAndTheWholeAPartIsOf) {
  const std::string doc =
      "---\nmodel: deepseek-v3\ncluster: {gpu: h800, gpus: 32, gpus_per_node: 8}\n"
      "workload: {input_tokens: 4096, output_tokens: 1024}\nstrategy: {tp: 1, dp: 32, ep: 32}\n---\n"
      "# Layout\n\n"
      "Each node holds 64 routed experts per MoE layer.\n\n"          // 9: correct
      "Each node holds 72 routed experts per MoE layer.\n\n"          // 11: wrong
      "vLLM may use 77.0 GB of the 85.52 GB the driver reports.\n";   // 13: both correct
  const CheckReport r = check_whole(doc);
  EXPECT_EQ(verdict(r, 9, "experts_per_layer"), "correct");
  EXPECT_EQ(verdict(r, 11, "experts_per_layer"), "wrong");
  int capacity_correct = 0;
  for (const auto& f : r.findings)
    if (f.line == 13 && f.quantity.starts_with("gpu_memory_capacity") && f.verdict == Verdict::kCorrect) ++capacity_correct;
  EXPECT_EQ(capacity_correct, 2);
}


// A section whose title counts other GPUs than the deployment's is another
// layout, judged under its own strategy: gpt-oss-20b has 64 attention heads
// (presets/models/gpt-oss-20b.yaml), so TP 3 on 3 GPUs is no layout and its
// TP is wrong; the deployment's own degree product is judged as before.
TEST(CheckReading, ASectionOnOtherGpusIsAnotherLayout) {
  const std::string doc =
      "---\nmodel: gpt-oss-20b\ncluster: {gpu: h100-sxm, gpus: 2}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 2, ep: 2}\n---\n"
      "# Layouts\n\n## Layout D (3 GPUs)\n\nLayout D runs TP 3 on 3 GPUs.\n\n## Main\n\n"
      "The degrees: TP 2 x EP 2 = 4 GPUs.\n";
  const CheckReport r = check_whole(doc);
  EXPECT_EQ(verdict(r, 11, "tp"), "wrong");             // 64 heads / TP 3
  EXPECT_EQ(verdict(r, 11, "gpu_count"), "not_understood");  // not the deployment's 2 GPUs: no verdict
  EXPECT_EQ(verdict(r, 15, "degree_product"), "wrong"); // 2 x 2 = 4, the deployment has 2 GPUs
}


// Bytes per parameter against the dtype the sentence names (lexicon dtypes):
// FP4 is 0.5 B, MXFP4 with its block scales 4.25 bits = 0.53 B (within 10%),
// FP8 1 B.
TEST(CheckReading, BytesPerParameterMatchTheNamedDtype) {
  const Checked c = check("# Sizes\n\nExpert weights use 4 bytes per parameter in FP4.\n\n"
                          "MXFP4 experts take 0.53 bytes per parameter.\n\n"
                          "Attention in FP8 is 1 byte per parameter.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "other"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "other"), "");  // right: no finding
  EXPECT_EQ(verdict(c.report, kFirst + 6, "other"), "");
}


// Parts and wholes. seed-16x16 on a 64 GB GPU under vLLM's 0.9: 57.6 GB usable.
// "57.6 GB usable" after "of" is the usable whole, not the GPU's capacity;
// "left"/"free" after a size make it a remainder (no verdict); "of the rest"
// names no component moeplan keeps apart (no verdict either).
TEST(CheckReading, RemaindersAndTheUsableWhole) {
  const Checked c = check("# Memory\n\n"
                          "Weights take 0.74 GB of 57.6 GB usable.\n\n"          // +2: 57.6 usable, correct
                          "That leaves 56.9 GB per GPU free for the KV cache.\n\n"  // +4: a remainder
                          "The experts take 0.5 GB plus 0.2 GB of the rest.\n");    // +6: the rest: no verdict
  bool usable_correct = false;
  for (const auto& f : c.report.findings)
    if (f.line == kFirst + 2 && f.quantity.starts_with("gpu_memory_capacity")) usable_correct = f.verdict == Verdict::kCorrect;
  EXPECT_TRUE(usable_correct);
  for (const auto& f : c.report.findings) {
    if (f.line == kFirst + 4 || (f.line == kFirst + 6 && f.stated == 0.2e9)) {
      EXPECT_TRUE(f.verdict != Verdict::kWrong && f.verdict != Verdict::kImpossible) << f.text << " " << f.explanation;
    }
  }
}

// A throughput is bounded at the concurrency its sentence states too, even
// beyond what the scenario's KV cache holds (a figure "at 16384 concurrent
// requests" may be for shorter requests than the workload's). With the batch
// cap raised, the seed's bound is 165 tokens/ms at the KV cache's 1,262
// requests per DP rank and 174 at 16,384 / 2 ranks (the model's figures; this
// test asserts only that the stated concurrency is tried): 170 is impossible
// without it and not with it.
TEST(CheckReading, AThroughputIsBoundedAtTheStatedConcurrency) {
  auto verdict_of = [](const std::string& sentence) {
    const std::string doc =
        "---\nmodel: seed-16x16\n"
        "cluster: {gpu: {preset: h100-sxm, name: seed-64gb, memory: \"64 GB\"}, gpus: 32, gpus_per_node: 8}\n"
        "workload: {input_tokens: 2048, output_tokens: 512}\nruntime: {max_batch_size: 16384}\n"
        "strategy: {tp: 4, pp: 4, dp: 2, ep: 8}\n---\n# Speed\n\n" + sentence + "\n";
    return verdict(check_whole(doc), 10, "throughput");
  };
  EXPECT_EQ(verdict_of("The deployment sustains 170 output tokens/ms."), "impossible");
  EXPECT_NE(verdict_of("At 16384 concurrent requests the deployment sustains 170 output tokens/ms."), "impossible");
}

// The operating point a sentence states, read with the extractor's tokenizer.
// Findings on `line`, any quantity.
std::vector<const Finding*> findings_on(const CheckReport& r, int line) {
  std::vector<const Finding*> out;
  for (const auto& f : r.findings)
    if (f.line == line) out.push_back(&f);
  return out;
}

// The finding on `line` of the figure stated as `stated` (SI units, within 1e-6 relative), or nullptr.
const Finding* finding_of(const CheckReport& r, int line, double stated) {
  for (const auto& f : r.findings)
    if (f.line == line && std::abs(f.stated - stated) <= 1e-6 * std::max(1.0, std::abs(stated))) return &f;
  return nullptr;
}
// Its verdict, "" when there is none.
// A scenario's front matter (7 lines; a document's body starts on line 8): one node of 8 GPU slots.
std::string front_matter(const std::string& model, const std::string& gpu, int gpus, const std::string& runtime,
                         const std::string& strategy,
                         const std::string& workload = "input_tokens: 2048, output_tokens: 512") {
  return "---\nmodel: " + model + "\ncluster: {gpu: " + gpu + ", gpus: " + std::to_string(gpus) +
         ", gpus_per_node: 8}\nworkload: {" + workload + "}\nruntime: {" + runtime + "}\nstrategy: {" + strategy +
         "}\n---\n";
}

std::string verdict_of(const CheckReport& r, int line, double stated) {
  const Finding* f = finding_of(r, line, stated);
  return f ? to_string(f->verdict) : "";
}

// seed-16x16 by hand: KV per token per layer = 2 (K, V) x 32 KV heads x 128 x 2 B = 16,384 B;
// one expert = 2 matrices x 4096 x 4096 = 33,554,432 parameters.
TEST(CheckReading, PlainFormulasFootnotesSectionNumbersAndProgramText) {
  const Checked c = check("# Sizes\n\n"
                          "KV per token is 2 x 32 x 128 x 2 = 16,384 bytes per layer.\n\n"
                          "One expert is 2 × 4096 × 4096 = 33.6M params.\n\n"
                          "The model has 16 experts per layer [2].\n\n"
                          "### 3.2 Expert distribution\n\n"
                          "```python\n"
                          "expert = 2 * H * F\n"
                          "print(f\"{expert/1e6:8.2f} M, {total / gpus / 2:.1f}\")\n"
                          "```\n");
  // A formula of plain numbers has no dimension of its own ("x" is the sign, not a unit) ...
  EXPECT_EQ(verdict(c.report, kFirst + 2, "kv_per_token"), "correct");
  // ... and may give the quantity itself: 2 x 4096 x 4096 = 3.36e7 is the stated 33.6M, not 33.6.
  for (const Finding* f : findings_on(c.report, kFirst + 4))
    EXPECT_EQ(f->explanation.find("the formula"), std::string::npos) << f->explanation;
  // "[2]" is a footnote: one finding on the line, the 16 experts.
  ASSERT_EQ(findings_on(c.report, kFirst + 6).size(), 1u);
  EXPECT_EQ(findings_on(c.report, kFirst + 6)[0]->stated, 16);
  EXPECT_TRUE(findings_on(c.report, kFirst + 8).empty());   // "3.2" numbers the section
  EXPECT_TRUE(findings_on(c.report, kFirst + 11).empty());  // "2 * H": an operand of program variables
  EXPECT_TRUE(findings_on(c.report, kFirst + 12).empty());  // inside an f-string's braces
}

// Whose a figure is, on deepseek-v3 over 16 x H200 (TP 8, DP 2, EP 16; 8 GPUs a node).
// By hand:
// - "36,864 B per token": no model has 36,864 billion parameters; bytes, so no parameter finding;
// - "the 85.5 GB an H100 reports": the H100's driver reports 81,559 MiB = 85.52 GB (presets/gpus/h100-sxm.yaml),
//   and "an H100 has 141 GB" is wrong for it, though an H200's 141 GB as sold;
// - "TP × DP = 16" names no values: a degree product, 8 x 2 = 16 GPUs per stage;
// - "EP = 8 x 2 = 16": EP is the product, 16 (not the first factor 8, which is no EP).
TEST(CheckReading, BytesBeyondBillionsNamedGpusAndNamedProducts) {
  const std::string doc =
      "---\nmodel: deepseek-v3\ncluster: {gpu: h200, gpus: 16, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 8, dp: 2, ep: 16}\n---\n"
      "# Notes\n\n"                                            // 7
      "The cache grows by 36,864 B per token.\n\n"             // 9
      "It would not fit in the 85.5 GB an H100 reports.\n\n"   // 11
      "An H100 has 141 GB.\n\n"                                // 13
      "Check: TP × DP = 16.\n\n"                               // 15
      "EP = 8 x 2 = 16 across both nodes.\n";                  // 17
  const CheckReport r = check_whole(doc);
  EXPECT_EQ(verdict(r, 9, "params_total"), "");
  EXPECT_EQ(verdict(r, 11, "gpu_memory_capacity"), "correct");
  EXPECT_EQ(verdict(r, 13, "gpu_memory_capacity"), "wrong");
  EXPECT_EQ(verdict(r, 15, "degree_product"), "correct");
  EXPECT_EQ(verdict(r, 15, "dp"), "");
  EXPECT_EQ(verdict(r, 17, "ep"), "correct");
}

// Parts, past layouts and program-like text, on the seed scenario. By hand: attention per GPU = 4 layers
// per stage x 4 x 4096^2 (q, k, v, o) / TP 4 x 2 B = 134,217,728 B = 0.134 GB.
TEST(CheckReading, PartsPastLayoutsAndKeyValues) {
  const Checked c = check("# Notes\n\n"
                          "attention per GPU: 0.134 GB now, 0.27 GB before\n\n"  // +2
                          "```diff\n"                                           // +4
                          "-  --tensor-parallel-size 2\n"                       // +5
                          "+  --tensor-parallel-size 4\n"                       // +6
                          "```\n\n"
                          "    layers=16  experts/layer=16  top-k=2\n\n"       // +9
                          "| # | Part | Size (GB) |\n|---|---|---|\n"
                          "| 4.2.1 | Attention per GPU | 0.134 |\n\n"            // +13
                          "Since nothing is trained, there are no optimizer states.\n\n"  // +15
                          "Replicating the embedding adds ~0.1 GB.\n");        // +17
  // A size labelled with a part of the model is that part's weights, not the GPU's memory.
  EXPECT_EQ(verdict(c.report, kFirst + 2, "weights_per_gpu"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "gpu_memory_capacity"), "");
  // "0.27 GB before" and the line a diff removes state the layout before a change: no verdict.
  ASSERT_EQ(findings_on(c.report, kFirst + 2).size(), 2u);
  EXPECT_EQ(to_string(findings_on(c.report, kFirst + 2)[1]->verdict), "not_understood");
  EXPECT_EQ(verdict(c.report, kFirst + 5, "tp"), "not_understood");
  EXPECT_EQ(verdict(c.report, kFirst + 6, "tp"), "correct");
  // "layers=16": the key names the value; "experts/layer" after it is the next key's, not this number's.
  EXPECT_EQ(verdict(c.report, kFirst + 9, "layers"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 9, "experts_per_layer"), "");
  // The row label is the cell after the numbering cell.
  EXPECT_EQ(verdict(c.report, kFirst + 13, "weights_per_gpu"), "correct");
  EXPECT_TRUE(findings_on(c.report, kFirst + 15).empty());  // "no optimizer states" is no lint
  EXPECT_TRUE(findings_on(c.report, kFirst + 17).empty());  // a difference, not a total
}

// The scenario's strategy (seed: EP 8, 16 experts: 16 / 8 = 2 per GPU per MoE layer) is the yardstick; a
// document that states another EP once does not become it.
TEST(CheckReading, TheScenariosStrategyIsTheYardstick) {
  const Checked c = check("# Layout\n\nWe run EP=4 across the stage.\n\nEach GPU holds 2 experts per MoE layer.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "ep"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "experts_per_gpu"), "correct");
  EXPECT_EQ(c.report.strategy_source, "the scenario (tp=4 pp=4 dp=2 ep=8 etp=1)");
}

// Rows of "label   value" fields are each their own figure, not one sentence wrapped over lines. By hand for
// qwen3-30b-a3b on 4 x A100 (TP 2, DP 2, EP 4): routed experts per GPU = 48 layers x 128 / 4 experts x
// 3 x 2048 x 768 parameters x 2 B = 14,495,514,624 B = 14.50 GB.
TEST(CheckReading, AlignedRowsAreSeparateFigures) {
  const std::string doc =
      "---\nmodel: qwen3-30b-a3b\ncluster: {gpu: a100-80gb, gpus: 4}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 2, pp: 1, dp: 2, ep: 4}\n---\n"
      "# Output\n\n"                   // 7
      "    experts      14.50 GB\n"    // 9
      "    embed+head    0.62 GB\n";   // 10
  const CheckReport r = check_whole(doc);
  EXPECT_EQ(verdict(r, 9, "weights_per_gpu"), "correct");
}

// Program-like assignments and "label: value" items on the seed scenario (TP 4, PP 4, DP 2; 16 / EP 8 = 2
// experts per GPU per MoE layer).
TEST(CheckReading, ParallelAssignmentsAndLabelValueItems) {
  const Checked c = check("# Cells\n\n"
                          "tp, pp, dp = 4, 4, 2\n\n"           // +2
                          "GPUs: 32\n"                          // +4
                          "experts per GPU per MoE layer: 2\n");  // +5
  EXPECT_EQ(verdict(c.report, kFirst + 2, "tp"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "pp"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "dp"), "correct");
  // The next line is an item of its own: "32" counts GPUs, not experts.
  EXPECT_EQ(verdict(c.report, kFirst + 4, "gpu_count"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "experts_per_gpu"), "");
  EXPECT_EQ(verdict(c.report, kFirst + 5, "experts_per_gpu"), "correct");
}

// Lists and paragraphs about alternatives, on the seed scenario (main: TP 4 x PP 4 x DP 2, EP 8: 16 / 8 = 2
// experts per GPU per MoE layer). Option 2 is TP 4 x PP 2 x DP 4 = 32 GPUs with EP = TP x DP = 16: 16 / 16 = 1.
// A what-if that states no degrees cannot be judged, except for arithmetic that does not compute: 8 x 16 = 128.
TEST(CheckReading, ItemsAndParagraphsAboutAlternatives) {
  const Checked c = check("# Options\n\n"
                          "- **Option 2 (fallback):** TP 4 × PP 2 × DP 4 over the same GPUs\n"  // +2
                          "  - 1 expert per GPU per MoE layer\n"                               // +3
                          "- what-if one node: 3 experts per GPU per MoE layer\n"               // +4
                          "- what-if one node: 8 × 16 = 129 experts in total\n\n"               // +5
                          "**Option B: PP 8.** Each stage would then hold\n"                    // +7
                          "2 layers.\n");                                                       // +8
  EXPECT_EQ(verdict(c.report, kFirst + 3, "experts_per_gpu"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "experts_per_gpu"), "not_understood");
  EXPECT_EQ(verdict(c.report, kFirst + 5, "experts_total"), "wrong");  // 8 x 16 = 128, whole numbers are exact
  EXPECT_EQ(verdict(c.report, kFirst + 8, "layers_per_stage"), "correct");  // 16 layers / PP 8
}

// A floor under a latency and counts per token state nothing to judge (seed: 16 experts x 16 layers, top-2).
TEST(CheckReading, LatencyFloorsAndPerTokenCounts) {
  const Checked c = check("# Bounds\n\n"
                          "The TTFT is at least 0.1 ms, and TPOT ≥ 0.01 ms.\n\n"              // +2
                          "Each token goes through 2 x 16 = 32 expert FFNs.\n");             // +4
  EXPECT_TRUE(findings_on(c.report, kFirst + 2).empty());
  EXPECT_EQ(verdict(c.report, kFirst + 4, "experts_total"), "not_understood");
}

// Arithmetic that does not compute is wrong whatever the figure is about, even one whose owner is not read:
// 2 x 4096 x 4096 = 33,554,432, not 22.1M; and dividing parameters by bytes per parameter is never a size.
TEST(CheckReading, BrokenArithmeticIsWrongWhoeverItIsFor) {
  const Checked c = check("# Sizes\n\n"
                          "One expert is 2 x 4096 x 4096 = 22.1M parameters.\n\n"  // +2
                          "BF16 weights would be 10B ÷ 2 bytes ≈ 5 GB.\n");       // +4
  EXPECT_EQ(verdict(c.report, kFirst + 2, "params_total"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "weights_per_gpu"), "wrong");
}

// A unit in brackets ending a label before its colon is the bare number's (seed: 9.927 B parameters; KV per
// token per layer 2 x 32 x 128 x 2 B = 16,384 B).
TEST(CheckReading, ABracketedUnitBeforeTheColon) {
  const Checked c = check("# Facts\n\n"
                          "Total parameters (B): 9.93, of which active per token (B): 1.5.\n\n"  // +2
                          "KV cache per token per layer (bytes): 16,384\n\n"                   // +4
                          "KV per token per layer (bytes): 2 x 32 x 128 x 2 = 16,384\n\n"      // +6
                          "KV bytes per token: 16384\n");                                       // +8
  EXPECT_EQ(verdict(c.report, kFirst + 2, "params_total"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "kv_per_token"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 6, "kv_per_token"), "correct");
  // A byte unit among the label's words makes the bare number a size: here a KV figure per token (16,384 B is
  // also what one GPU of a 4-layer stage holds per token with TP 4: 4 x 2 x 8 x 128 x 2 B).
  EXPECT_EQ(verdict(c.report, kFirst + 8, "kv_per_token"), "correct");
}

// A table that lays layouts side by side: each column is judged under its own degrees. Seed: option A is the
// deployment (EP 8: 16 / 8 = 2 per GPU per MoE layer); option B is TP 4 x PP 2 x DP 4 = 32 GPUs, EP 16: 1.
TEST(CheckReading, LayoutsSideBySideInATable) {
  const Checked c = check("# Options\n\n"
                          "| | Option A | Option B |\n|---|---|---|\n"
                          "| Strategy | TP 4, PP 4, DP 2 | TP 4, PP 2, DP 4 |\n"    // +4
                          "| Experts per GPU, per MoE layer | 2 | 1 |\n");          // +5
  ASSERT_EQ(findings_on(c.report, kFirst + 5).size(), 2u);
  EXPECT_EQ(to_string(findings_on(c.report, kFirst + 5)[0]->verdict), "correct");
  EXPECT_EQ(to_string(findings_on(c.report, kFirst + 5)[1]->verdict), "correct");
}

// A product of degrees in parentheses explains the GPU count before it, not any number: "32 GPUs (TP 4 x PP 4 x
// DP 2)" states 4 x 4 x 2 = 32; the "2" of "2-node version (...)" counts nodes.
TEST(CheckReading, AProductInParenthesesExplainsAGpuCount) {
  const Checked c = check("# Layout\n\n"
                          "We run 32 GPUs (TP 4 × PP 4 × DP 2).\n\n"             // +2
                          "A 2-node version (TP 4 × PP 4 × DP 2) is the same.\n");  // +4
  EXPECT_EQ(verdict(c.report, kFirst + 2, "degree_product"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "degree_product"), "");
}

// A vendor comparison: columns headed by GPUs are judged on those GPUs (presets/gpus: an H100 reports
// 81,559 MiB = 85.52 GB, an H200 143,771 MiB = 150.75 GB; HBM 3.35 and 4.8 TB/s).
TEST(CheckReading, ColumnsHeadedByGpusAreJudgedOnThoseGpus) {
  const std::string doc =
      "---\nmodel: deepseek-v3\ncluster: {gpu: h200, gpus: 16, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 8, dp: 2, ep: 16}\n---\n"
      "# Compared\n\n"                                   // 7
      "| | H200 (ours) | H100 (alternative) |\n"        // 9
      "|---|---|---|\n"
      "| memory per GPU (driver) | 150.75 GB | 85.52 GB |\n"   // 11
      "| HBM bandwidth per GPU | 4.8 TB/s | 3.35 TB/s |\n";    // 12
  const CheckReport r = check_whole(doc);
  for (int line : {11, 12})
    for (const auto& f : r.findings)
      if (f.line == line) {
        EXPECT_EQ(to_string(f.verdict), "correct") << f.text << " -- " << f.explanation;
      }
  EXPECT_EQ(findings_on(r, 12).size(), 2u);
}

// "usable" before a size is what the engine may use of a GPU: the seed's 64 GB GPU at vLLM's 0.9 fraction,
// 0.9 x 64 GB = 57.6 GB.
TEST(CheckReading, UsableIsTheEnginesShareOfTheGpu) {
  const Checked c = check("# Memory\n\n"
                          "Usable per GPU: 57.6 GB.\n\n"   // +2
                          "Usable per GPU: 64 GB.\n");      // +4
  EXPECT_EQ(verdict(c.report, kFirst + 2, "gpu_memory_capacity"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "gpu_memory_capacity"), "wrong");
}

TEST(CheckReading, StatedOperatingPoint) {
  EXPECT_EQ(stated_operating_point("a TTFT of 180 ms for an 8k-token prompt").prompt_tokens, 8000);
  EXPECT_EQ(stated_operating_point("TTFT <= 1.2 s for 2k prompts").prompt_tokens, 2000);
  EXPECT_EQ(stated_operating_point("a prompt of 8192 tokens").prompt_tokens, 8192);
  const OperatingPoint io = stated_operating_point("TTFT 500 ms at 4k in / 1k out");
  EXPECT_EQ(io.prompt_tokens, 4000);
  EXPECT_EQ(io.concurrency, 0);  // "4k in" is the prompt, not requests in flight
  EXPECT_EQ(stated_operating_point("At 64 concurrent requests the box sustains 2,100 tokens/s").concurrency, 64);
  EXPECT_EQ(stated_operating_point("1,024 in flight").concurrency, 1024);
  EXPECT_EQ(stated_operating_point("TPOT 2 ms at batch size 1").concurrency, 1);
  EXPECT_EQ(stated_operating_point("bs=8").concurrency, 8);
  EXPECT_EQ(stated_operating_point("The TPOT is 30 ms.").concurrency, 0);
  EXPECT_EQ(stated_operating_point("a 2nd prompt").prompt_tokens, 0);
}

// A figure restated across an equals sign in another unit of its class is checked against it, as one in
// parentheses is: 2.5e9 B / 2^30 = 2.33 GiB, so "2.8 GiB" is wrong and "2.33 GiB" right. The result of a
// product is no restatement of its operand ("2 x 2.5 GB = 5 GB"), and a conditional alternative ("if we
// only get half the box") is not judged under the deployment's TP 4.
TEST(CheckReading, RestatementAcrossEqualsAndConditionalAlternatives) {
  const Checked c = check("# Sizes\n\n"
                          "The weights per GPU are 2.5 GB = 2.8 GiB.\n\n"   // 9
                          "The weights per GPU are 2.5 GB = 2.33 GiB.\n\n"  // 11
                          "Two GPUs hold 2 x 2.5 GB = 5 GB of weights.\n\n"  // 13
                          "If we only get half the box: TP 2 on 16 GPUs.\n");  // 15
  const Finding* wrong = finding_of(c.report, kFirst + 2, 2.8 * 1073741824.0);
  ASSERT_NE(wrong, nullptr);
  EXPECT_EQ(to_string(wrong->verdict), "wrong");
  EXPECT_NE(wrong->explanation.find("restates the figure before it"), std::string::npos) << wrong->explanation;
  const Finding* right = finding_of(c.report, kFirst + 4, 2.33 * 1073741824.0);
  ASSERT_NE(right, nullptr);
  EXPECT_EQ(right->explanation.find("restates the figure before it"), std::string::npos) << right->explanation;
  for (const Finding* f : findings_on(c.report, kFirst + 6))
    EXPECT_EQ(f->explanation.find("restates"), std::string::npos) << f->explanation;
  EXPECT_NE(verdict(c.report, kFirst + 8, "tp"), "wrong");
}

// A size nothing names inherits the kind of the last size only within its sentence: after "Weights per GPU:
// 2.5 GB." the next sentence's 81,559 MiB (85.52e9 B, the H100's driver total) is no weights figure.
TEST(CheckReading, AnUnnamedSizeInANewSentenceIsNotTheLastSizesKind) {
  const Checked c = check("# Sizes\n\n"
                          "Weights per GPU: 2.5 GB. The H100 shows 81,559 MiB to the driver.\n");  // 9
  for (const Finding* f : findings_on(c.report, kFirst + 2))
    EXPECT_FALSE(f->quantity == "weights_per_gpu" && std::abs(f->stated - 85520809984.0) < 1e6) << f->explanation;
}

// A document's own number format: where it writes decimal commas ("0,9", "85,52 GB", "76,97 GB"), a point
// before three digits groups thousands ("16.384 Byte" is 16,384 B, seed-16x16's KV per token and layer:
// 2 x 32 KV heads x 128 x 2 B); in an English document "16.384" stays 16.384. A no-break space groups
// thousands anywhere ("262\u00A0144": 16 layers x 16,384 B = 262,144 B); a plain one only with decimal commas.
TEST(CheckReading, TheDocumentsNumberFormat) {
  auto values_on = [](const std::string& body, int line) {
    const MarkdownDocument md = parse_markdown(std::string(kFrontMatter) + body, "t.md");
    std::vector<double> out;
    for (const Claim& c : extract_claims(md))
      if (c.line == line) out.push_back(c.value);
    return out;
  };
  auto has = [](const std::vector<double>& v, double x) {
    return std::any_of(v.begin(), v.end(), [&](double y) { return std::abs(y - x) < 1e-6 * std::max(1.0, x); });
  };
  const std::string german =
      "# Speicher\n\n"
      "Die H100 hat laut Treiber 85,52 GB, davon 76,97 GB nutzbar bei 0,9.\n\n"  // 9
      "KV-Cache pro Token und Layer: 16.384 Byte.\n\n"                          // 11
      "KV-Cache pro Token, ganzes Modell: 262 144 Byte.\n";                      // 13
  EXPECT_TRUE(has(values_on(german, kFirst + 4), 16384.0));
  EXPECT_TRUE(has(values_on(german, kFirst + 6), 262144.0));
  const std::string english =
      "# Memory\n\n"
      "The KV cache per token and layer is 16.384 KB.\n\n"                     // 11
      "For the whole model it is 262\u00A0144 bytes per token.\n";               // 13
  EXPECT_TRUE(has(values_on(english, kFirst + 2), 16384.0));  // 16.384 KB = 16,384 B
  EXPECT_TRUE(has(values_on(english, kFirst + 4), 262144.0));
}

// French as it is mixed into notes reads like English: "par GPU et par couche MoE" is per GPU and per MoE
// layer (seed-16x16: 16 experts / EP 8 = 2), and "Go" is a gigabyte.
TEST(CheckReading, FrenchWordsAndUnits) {
  const Checked c = check("# Experts\n\n"
                          "- 2 experts par GPU et par couche MoE.\n"  // 9
                          "- 3 experts par GPU et par couche MoE.\n"  // 10
                          "- Poids : 2 Go par GPU.\n");               // 11
  EXPECT_EQ(verdict(c.report, kFirst + 2, "experts_per_gpu"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 3, "experts_per_gpu"), "wrong");
  bool gigabytes = false;
  for (const Finding* f : findings_on(c.report, kFirst + 4)) gigabytes |= f->stated == 2e9;
  EXPECT_TRUE(gigabytes);
}

// The JSON report is valid UTF-8 whatever it quotes: an alternative's opening cut at 60 bytes used to end
// inside the "≈" of "... de KV ≈ 77 Go", and a document's stray byte (0xE9, Latin-1 "é") is written as U+FFFD.
TEST(CheckReading, TheJsonReportIsValidUtf8) {
  const CheckReport r = check_whole(std::string(kFrontMatter) +
                                    "# Options\n\n"
                                    "- Option C, un seul A100 : 31,4 Go de poids + 81,5 Go de KV \xE2\x89\x88 77 Go au total.\n"
                                    "- Weights per GPU: 2 GB caf\xE9.\n");
  const std::string json = check_json_text(r);
  EXPECT_FALSE(first_invalid_utf8(json).has_value()) << json;
}

// DeepSeek-V3's served weights are 673.15 GB (moeplan inspect: 671.026 B parameters at their stored dtypes);
// its checkpoint adds the MTP module, 11.61 B parameters in FP8, and its own copies of the embedding and the
// head, 2 x 129,280 x 7,168 x 2 B = 3.71 GB: 688.47 GB. "685 GB" is right for neither reading exactly and
// between the two: ambiguous, not wrong; 720 GB is wrong.
TEST(CheckReading, ACheckpointHoldsTheMtpModule) {
  const CheckReport r = check_whole("---\nmodel: deepseek-v3\ncluster: {gpu: h200, gpus: 8, gpus_per_node: 8}\n"
                                    "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 8, ep: 8}\n---\n"
                                    "# Model\n\n"
                                    "The whole model's checkpoint is 685 GB in total.\n\n"   // 9
                                    "The whole model's checkpoint is 720 GB in total.\n");    // 11
  EXPECT_EQ(verdict(r, 9, "weights_per_gpu"), "ambiguous");
  EXPECT_EQ(verdict(r, 11, "weights_per_gpu"), "wrong");
}

TEST(CheckReading, CountsOfExpertInstancesNeedALayersWorth) {
  // Mixtral-8x7B at TP 4, EP 4: 8 experts in each of 32 MoE layers, 256 instances in the model; 8 / 4 = 2 per GPU per
  // MoE layer, 2 x 32 = 64 per GPU in total. "(and 256 expert instances in the model)" wrapped onto a line that
  // starts with "GPU" states the model's count, not one GPU's; "EP 4 x expert-TP 1 = 4" is no count of experts over
  // the layers (fewer than one layer's 8); 200 expert instances is wrong (256).
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "**A5.** 8 / 4 = 2 experts per GPU per MoE layer. Over the 32 MoE layers that is 2 x 32 = 64 expert copies per\n"
      "GPU (and 256 expert instances in the model).\n\n"                               // 8
      "With expert parallelism over the same GPUs (TP 4 x DP 1 = 4; EP 4 x expert-TP 1 = 4).\n\n"  // 10
      "There are 200 expert instances over the MoE layers.\n");                        // 12
  EXPECT_EQ(verdict(r, 8, "experts_total"), "correct");
  EXPECT_EQ(verdict(r, 8, "experts_per_gpu"), "");
  EXPECT_NE(verdict(r, 10, "experts_total"), "wrong");
  EXPECT_EQ(verdict(r, 12, "experts_total"), "wrong");
}

TEST(CheckReading, ARateThatDoesNotSayItsTokensFollowsTheDocumentsConvention) {
  // Mixtral-8x7B on 4 H100 at TP 4, EP 4, 2,048 in / 512 out. Each output token brings 2,048 / 512 = 4 prompt tokens
  // of prefill, so 5 tokens pass through the 12.9e9 active parameters at 2 FLOP each: 129 GFLOP per output token, and
  // 4 x 989 TFLOP/s caps the output at 3.956e15 / 129e9 = 30.7k tokens/s by FLOPs alone (moeplan's bound, with the
  // weights and KV read at batch 586, is 27,944/s). Counted as input and output tokens the cap is 5 times that,
  // 153k/s. "40,000 tokens/s" beats the first only:
  // impossible where the document counts its rates as output tokens ("Output throughput: ..."), not where it never
  // says; a bound someone derived ("FLOPs alone cap it at ...") counts its own way and is not read by the convention.
  const std::string head = kMixtralOn4H100;
  const CheckReport output = check_whole(head +
                                         "- Output throughput: 2,000 tokens/s.\n"           // 7
                                         "- The vendor deck claims 40,000 tokens/s.\n"      // 8
                                         "- FLOPs alone cap it at 40,000 tokens/s.\n");     // 9
  EXPECT_EQ(verdict(output, 8, "throughput"), "impossible");
  EXPECT_NE(verdict(output, 9, "throughput"), "impossible");
  const CheckReport unsaid = check_whole(head +
                                         "- Throughput: 2,000 tokens/s.\n"                  // 7
                                         "- The vendor deck claims 40,000 tokens/s.\n"      // 8
                                         "- El proveedor promete 40000 tok/s de salida.\n"   // 9: "de salida": output
                                         "- 40,000 total tokens/s.\n");                     // 10: input and output
  EXPECT_NE(verdict(unsaid, 8, "throughput"), "impossible");
  EXPECT_EQ(verdict(unsaid, 9, "throughput"), "impossible");
  EXPECT_NE(verdict(unsaid, 10, "throughput"), "impossible");
}

TEST(CheckReading, AGpusKvPerTokenNoLayoutHolds) {
  // DeepSeek-V2-Lite (MLA, 27 layers, latent 512 + rope 64 = 576 values x 2 B = 1,152 B per layer per token, whole on
  // every TP rank): a GPU holds n x 1,152 B for the n <= 27 layers of its stage. 15,552 B = 13.5 x 1,152 is no
  // layout's in BF16 (wrong, whatever layout "halves to" means); in FP8 a layer is 576 B and 27 x 576 = 15,552 B, so
  // where the sentence names FP8 some layout holds it (the changed layout is not read); 31,104 = 27 x 1,152 is right.
  const CheckReport r = check_whole(
      "---\nmodel: deepseek-v2-lite\ncluster: {gpu: h100-sxm, gpus: 2, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 2, ep: 2}\n---\n"
      "- With TP 2 the KV per token per GPU halves to 15,552 B.\n"                 // 7
      "- With an FP8 KV cache the KV per token per GPU halves to 15,552 B.\n"      // 8
      "- KV per token per GPU: 31,104 B.\n");                                     // 9
  EXPECT_EQ(verdict(r, 7, "kv_per_token"), "wrong");
  EXPECT_EQ(verdict(r, 8, "kv_per_token"), "not_understood");
  EXPECT_EQ(verdict(r, 9, "kv_per_token"), "correct");
}

TEST(CheckReading, WhichLayersTheWordsAfterTheLayerNounName) {
  // DeepSeek-V2-Lite: 27 decoder layers, layer 0 a dense FFN (first_dense_layers 1), so 26 MoE layers.
  const CheckReport r = check_whole(
      "---\nmodel: deepseek-v2-lite\ncluster: {gpu: h100-sxm, gpus: 2, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 2, ep: 2}\n---\n"
      "- Layer 0 is a dense FFN; the other 27 layers are MoE.\n"            // 7: 27 MoE layers: wrong (26)
      "- The first layer is dense and the other 26 are MoE layers.\n"       // 8: right
      "- Capas: hay 27 capas MoE.\n");                                       // 9: wrong (26)
  EXPECT_EQ(verdict(r, 7, "layers"), "wrong");
  EXPECT_EQ(verdict(r, 8, "layers"), "correct");
  EXPECT_EQ(verdict(r, 9, "layers"), "wrong");
}

TEST(CheckReading, ADegreeAskedAboutIsNotClaimed) {
  // Mixtral-8x7B on 4 GPUs at TP 4, EP 4 (8 experts per layer). "Why not EP 2 next year?" asks about a layout; "We run
  // EP 2." claims it (wrong: EP 4); "Would EP 3 work?" asks about an EP that splits no layer's 8 experts evenly, which
  // no layout has (wrong wherever it stands).
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "Why not EP 2 next year?\n\n"   // 7
      "We run EP 2.\n\n"              // 9
      "Would EP 3 work?\n");           // 11
  EXPECT_EQ(verdict(r, 7, "ep"), "not_understood");
  EXPECT_EQ(verdict(r, 9, "ep"), "wrong");
  EXPECT_EQ(verdict(r, 11, "ep"), "wrong");
}

TEST(CheckReading, TokensAfterAKvPoolOnTheLineAreWhatThePoolHolds) {
  // Mixtral-8x7B on 4 H100 at TP 4, EP 4: 32 layers x 2 KV heads per GPU x 128 x 2 (K, V) x 2 B = 32,768 B of KV per
  // token per GPU; a 49 GB pool holds 49e9 / 32,768 = 1.50M tokens. "roughly 3.0M tokens" after the pool, many words
  // on, is twice that (wrong); "roughly 1.5M tokens" is right.
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "- The KV pool per GPU is about 49 GB once the weights, the activations and the runtime reserve are in, roughly "
      "3.0M tokens.\n"    // 7
      "- The KV pool per GPU is about 49 GB once the weights, the activations and the runtime reserve are in, roughly "
      "1.5M tokens.\n");  // 8
  EXPECT_EQ(verdict(r, 7, "kv_tokens"), "wrong");
  EXPECT_EQ(verdict(r, 8, "kv_tokens"), "correct");
  // A table row labelled "KV tokens per GPU": its cells count the tokens one GPU's pool holds (49.21 GB / 32,768 B =
  // 1.50M).
  const CheckReport t = check_whole(std::string(kMixtralOn4H100) +
      "| | this layout |\n|---|---|\n"
      "| KV tokens per GPU | ~3.0 M |\n"     // 9
      "| KV tokens per GPU | ~1.5 M |\n");   // 10
  EXPECT_EQ(verdict(t, 9, "kv_tokens"), "wrong");
  EXPECT_EQ(verdict(t, 10, "kv_tokens"), "correct");
}

TEST(CheckReading, RequestsCountedAtAMomentAreTheBatch) {
  // Mixtral-8x7B BF16 on 4 H100 at TP 4, EP 4: at 256 requests in flight (512 routed tokens per layer over 8 experts)
  // every expert is hit, so each GPU reads all its 23.35 GB of weights every step: 23.35e9 / 3.35e12 = 6.97 ms before
  // any KV (moeplan's bound with the KV: 13.1 ms), so "a TPOT of 4 ms at 256 requests" is impossible. One request alone
  // reads 2 of 8 experts a layer, 4 ms is not below its bound; "at 10 requests/s" is a rate, not the batch.
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "- The vendor quotes a TPOT of 4 ms at 256 requests.\n"       // 7
      "- The vendor quotes a TPOT of 4 ms.\n"                       // 8
      "- The vendor quotes a TPOT of 4 ms at 10 requests/s.\n");    // 9
  EXPECT_EQ(verdict(r, 7, "tpot"), "impossible");
  EXPECT_NE(verdict(r, 8, "tpot"), "impossible");
  EXPECT_NE(verdict(r, 9, "tpot"), "impossible");
}

TEST(CheckReading, ARestatementInAnotherLanguageIsHeldToTheConversion) {
  // The H200's driver reports 143,771 MiB = 150.75e9 B = 140.40 GiB. "つまり" (Japanese "that is") restates it:
  // "150.75 GiB" is the GB figure written in GiB (161.87e9 B), wrong; "140.40 GiB" is right.
  const CheckReport r = check_whole(
      "---\nmodel: mixtral-8x7b\ncluster: {gpu: h200, gpus: 4, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 4, ep: 4}\n---\n"
      "- カタログ値は 141 GB、nvidia-smi では 143771 MiB、つまり 150.75 GiB。\n"   // 7
      "- nvidia-smi では 143771 MiB、つまり 140.40 GiB。\n");                       // 8
  EXPECT_EQ(wrongs_on(r, 7), 1);
  EXPECT_EQ(wrongs_on(r, 8), 0);
}

TEST(CheckReading, AFallbackOnFewerGpusKeepsTheTpThatFits) {
  // Mixtral-8x7B on 8 H100 at TP 8, EP 8 (1 expert per GPU per MoE layer). "the 4-GPU fallback" states no degree: the
  // deployment's TP 8 does not fit 4 GPUs, the largest part of it that does is TP 4, and EP = TP x DP = 4 puts
  // 8 / 4 = 2 experts on each GPU in each MoE layer: "4 experts" is wrong, "2 experts" right.
  const CheckReport r = check_whole(
      "---\nmodel: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 8, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 8, ep: 8}\n---\n"
      "- In the 4-GPU fallback each GPU holds 4 experts per MoE layer.\n"    // 7
      "- In the 4-GPU fallback each GPU holds 2 experts per MoE layer.\n");  // 8
  EXPECT_EQ(verdict(r, 7, "experts_per_gpu"), "wrong");
  EXPECT_EQ(verdict(r, 8, "experts_per_gpu"), "correct");
}

TEST(CheckReading, AFormulasResultInTheOtherUnitIsASlip) {
  // 2,048 x 70,272 B = 143,917,056 B = 143.9 MB = 137.25 MiB: "≈ 137 MB" writes the MiB figure in MB (4.9% off, which
  // the hedge's allowance would have covered); "≈ 144 MB" rounds.
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "- A 2048-token prompt on the other cluster needs 2048 × 70,272 bytes ≈ 137 MB of KV.\n"    // 7
      "- A 2048-token prompt on the other cluster needs 2048 × 70,272 bytes ≈ 144 MB of KV.\n");  // 8
  EXPECT_EQ(wrongs_on(r, 7), 1);
  EXPECT_EQ(wrongs_on(r, 8), 0);
}

TEST(CheckReading, APartOfASizeNamedAfterOfWhich) {
  // Mixtral-8x7B BF16 at TP 4, EP 4: a GPU holds 23.35 GB of weights, 22.55 GB of them routed experts (2 of 8 experts
  // x 32 MoE layers x 176.16M params x 2 B). "22.55 GB of which are experts" is that part (right); "20 GB of which are
  // experts" is not (judged as the experts' part, not as the GPU's whole weights: near the part but off its rounding,
  // which check does not call wrong for a component).
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "- 23.35 GB of weights per GPU, 22.55 GB of which are experts.\n"   // 7
      "- 23.35 GB of weights per GPU, 20 GB of which are experts.\n");    // 8
  int parts = 0;
  for (const auto& f : r.findings)
    if (f.quantity == "weights_per_gpu" && (f.stated == 22.55e9 || f.stated == 20e9)) {
      ++parts;
      EXPECT_NE(f.reading.find("routed_experts"), std::string::npos) << f.line;
      if (f.line == 7) {
        EXPECT_EQ(to_string(f.verdict), "correct");
      } else {
        EXPECT_NE(to_string(f.verdict), "correct");
      }
    }
  EXPECT_EQ(parts, 2);
}

TEST(CheckReading, AKvPoolNoLayoutLeaves) {
  // Mixtral-8x7B BF16 on 4 H100 at TP 4, EP 4 under vLLM 0.9: 76.97 GB usable - 23.35 GB weights - 0.55 GB activations
  // - 3.85 GB reserve = 49.21 GB of KV budget per GPU. 40 GB is 9.21 GB short, more than activations and reserve
  // together (4.40 GB), and no other layout's weights are that much more than 23.35 GB (TP 1 x DP 4: 25.8 GB; TP 2 on
  // 2 GPUs: 46.70 GB, 23.35 more): wrong. 26 GB is 23.2 GB short, what TP 2 on 2 GPUs leaves (another layout's pool:
  // not understood); 47 GB is within activations and reserve of it (a larger reserve: not understood).
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "- KV budget per GPU: 40 GB.\n"    // 7
      "- KV budget per GPU: 26 GB.\n"    // 8
      "- KV budget per GPU: 47 GB.\n");  // 9
  EXPECT_EQ(verdict(r, 7, "kv_budget"), "wrong");
  EXPECT_EQ(verdict(r, 8, "kv_budget"), "not_understood");
  EXPECT_EQ(verdict(r, 9, "kv_budget"), "not_understood");
}

TEST(CheckReading, ATransferTimeIsNoShorterThanItsSizeOverItsRate) {
  // 3,000 tokens x 70,272 B = 210.8 MB; 400 Gb/s = 50 GB/s, so the transfer takes at least 210.8e6 / 50e9 = 4.2 ms:
  // "~0.5 ms" (400 Gb/s read as 400 GB/s) is wrong by the line's own figures, "~4.5 ms" is not.
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "- KV transfer per request: 3,000 tokens x 70,272 B = 211 MB. At the NIC's 400 Gb/s that is ~0.5 ms.\n"   // 7
      "- KV transfer per request: 3,000 tokens x 70,272 B = 211 MB. At the NIC's 400 Gb/s that is ~4.5 ms.\n");  // 8
  int wrong7 = 0, wrong8 = 0;
  for (const auto& f : r.findings) {
    wrong7 += f.line == 7 && f.verdict == Verdict::kWrong && std::fabs(f.stated - 0.5e-3) < 1e-9;
    wrong8 += f.line == 8 && f.verdict == Verdict::kWrong && std::fabs(f.stated - 4.5e-3) < 1e-9;
  }
  EXPECT_EQ(wrong7, 1);
  EXPECT_EQ(wrong8, 0);
}

TEST(CheckReading, ARestatedSizeEightTimesTheFirstIsBitsForBytes) {
  // 4,096 x 70,272 B = 287.8 MB = 2.30 Gb: "i.e. about 2.3 GB over the wire" restates the size in bits written as
  // bytes (wrong: 0.288 GB); "i.e. about 0.29 GB" restates it (right).
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "- KV transfer per request: 4,096 × 70,272 B ≈ 288 MB, i.e. about 2.3 GB over the wire.\n"    // 7
      "- KV transfer per request: 4,096 × 70,272 B ≈ 288 MB, i.e. about 0.29 GB over the wire.\n");  // 8
  int wrong7 = 0, wrong8 = 0;
  for (const auto& f : r.findings) {
    wrong7 += f.line == 7 && f.verdict == Verdict::kWrong && std::fabs(f.stated - 2.3e9) < 1;
    wrong8 += f.line == 8 && f.verdict == Verdict::kWrong;
  }
  EXPECT_EQ(wrong7, 1);
  EXPECT_EQ(wrong8, 0);
}

TEST(CheckReading, TheDriversGbFigureWrittenInGib) {
  // The H100's driver reports 81,559 MiB = 85.52e9 B = 79.65 GiB. "85.52 GiB", whatever noun the sentence has, is the
  // GB number written in GiB (91.83e9 B): wrong; "79.65 GiB" is the GPU's memory in GiB: not wrong.
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "3. memory.total must match row 5 on each GPU (that is 85.52 GiB; anything else means a MIG profile).\n"   // 7
      "3. memory.total must match row 5 on each GPU (that is 79.65 GiB; anything else means a MIG profile).\n");  // 8
  EXPECT_EQ(verdict(r, 7, "gpu_memory_capacity"), "wrong");
  for (const auto& f : r.findings) EXPECT_FALSE(f.line == 8 && f.verdict == Verdict::kWrong) << f.quantity;
  // The other way round: the H20's driver reports 97,871 MiB = 102.63e9 B = 95.58 GiB; "95.58 GB as the driver
  // reports it" writes the GiB number in GB (wrong); on an A100 (81,920 MiB = 80.00 GiB, sold as 80 GB) "80.00 GB"
  // is also the figure it is sold as: not read as the GiB number written in GB.
  const CheckReport h20 = check_whole(
      "---\nmodel: mixtral-8x7b\ncluster: {gpu: h20, gpus: 4, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 4, ep: 4}\n---\n"
      "- Each card is 95.58 GB as the driver reports it; the KB should use that.\n");   // 7
  EXPECT_EQ(verdict(h20, 7, "gpu_memory_capacity"), "wrong");
  const CheckReport a100 = check_whole(
      "---\nmodel: mixtral-8x7b\ncluster: {gpu: a100-80gb, gpus: 4, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 4, ep: 4}\n---\n"
      "- Each card is 80.00 GB as the driver reports it; the KB should use that.\n");   // 7
  for (const auto& f : a100.findings)
    EXPECT_EQ(f.explanation.find("writes the GiB number in GB"), std::string::npos) << f.line << " " << f.quantity;
}

TEST(CheckReading, ASizeNoGpuHasIsNotAWrongGpuMemory) {
  // On H200s (sold as 141 GB, 143,771 MiB = 150.75 GB by the driver): "80 GB" is a GPU's memory (the H100's, h100-sxm
  // preset), so wrong here; "100.2 GB" is no GPU preset's memory in GB or GiB (80, 85.52, 85.90, 96, 102.63, 141,
  // 150.75, 180, 192.27, 192, 206.14 GB and their GiB forms): another figure where memory is named, not judged;
  // "1.13 TB per GPU" is above the GPU's memory and labelled per GPU (a node's memory, 8 x 141 GB): wrong. A size
  // that is vLLM's 0.9 of it is read as what the engine may use: right of the driver's figure, wrong of the marketed.
  const CheckReport r = check_whole(
      "---\nmodel: mixtral-8x7b\ncluster: {gpu: h200, gpus: 4, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 4, ep: 4}\n---\n"
      "- GPU memory: 80 GB per GPU.\n"       // 7
      "- GPU memory: 100.2 GB per GPU.\n"    // 8
      "- GPU memory: 141 GB per GPU.\n"      // 9
      "- HBM per GPU: 1.13 TB.\n"            // 10
      "- GPU memory: 135.7 GB per GPU.\n"    // 11: 0.9 x 150.75 = 135.68 GB, what vLLM may use
      "- GPU memory: 126.9 GB per GPU.\n");  // 12: 0.9 x the marketed 141 GB: vLLM takes its share of the driver's
  EXPECT_EQ(verdict(r, 11, "gpu_memory_capacity"), "correct");
  EXPECT_EQ(verdict(r, 12, "gpu_memory_capacity"), "wrong");
  EXPECT_EQ(verdict(r, 7, "gpu_memory_capacity"), "wrong");
  EXPECT_EQ(verdict(r, 8, "gpu_memory_capacity"), "not_understood");
  EXPECT_EQ(verdict(r, 9, "gpu_memory_capacity"), "correct");
  EXPECT_EQ(verdict(r, 10, "gpu_memory_capacity"), "wrong");
}

// "of the X GB vLLM may use": the whole named by a clause after it is what the engine may use of the GPU,
// here 0.9 x 64 GB = 57.6 GB (the seed scenario's GPU and vLLM's default fraction), not the GPU's 64 GB.
TEST(CheckReading, AWholeTheEngineMayUse) {
  const Checked c = check("# Memory\n\n"
                          "- Total: about 30 GB of the 57.6 GB vLLM may use.\n");  // 9
  EXPECT_EQ(verdict(c.report, kFirst + 2, "gpu_memory_capacity"), "correct");
}

// A sum of pools is a GPU count, not a degree product: 2 x 8 + 2 x 8 = 32 (the seed scenario's 32 GPUs);
// "= 30 GPUs" breaks its own arithmetic.
TEST(CheckReading, ASumOfPoolsIsAGpuCount) {
  const Checked c = check("# Pools\n\n"
                          "- Total: 2 x 8 + 2 x 8 = 32 GPUs.\n"   // 9
                          "- Total: 2 x 8 + 2 x 8 = 30 GPUs.\n");  // 10
  EXPECT_EQ(verdict(c.report, kFirst + 2, "gpu_count"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 3, "gpu_count"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "degree_product"), "");
}

// "of which N are MoE" is a part of the layer count before it. DeepSeek-V3: 61 layers, the first 3 dense, so
// 58 MoE; over PP 2 (vLLM's split: 31 + 30 layers) stage 0 holds 31 - 3 = 28 MoE layers and stage 1 holds 30.
TEST(CheckReading, APartOfTheLayerCount) {
  const CheckReport r = check_whole("---\nmodel: deepseek-v3\ncluster: {gpu: h200, gpus: 16, gpus_per_node: 8}\n"
                                    "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 8, pp: 2, ep: 8}\n---\n"
                                    "# Model\n\n"
                                    "The model has 61 layers, of which 57 are MoE.\n\n"  // 9
                                    "The model has 61 layers, 58 of them MoE.\n\n"       // 11
                                    "| layers per stage | 31, of which 28 are MoE |\n\n"  // 13
                                    "| layers per stage | 30, of which 31 are MoE |\n");   // 15
  EXPECT_EQ(verdict_of(r, 9, 57), "wrong");
  EXPECT_EQ(verdict_of(r, 11, 58), "correct");
  EXPECT_EQ(verdict_of(r, 13, 28), "correct");
  EXPECT_EQ(verdict_of(r, 15, 30), "correct");  // stage 1's 30 layers
  EXPECT_EQ(verdict_of(r, 15, 31), "wrong");    // no stage holds 31 MoE layers
}

// A per-GPU rate after "=" (or "soit") restates the total before it over the deployment's GPUs: the seed
// scenario has 32, so 3,200 tokens/s is 100 per GPU and "200 tokens/s per GPU" is wrong.
TEST(CheckReading, APerGpuRateRestatesTheTotal) {
  const Checked c = check("# Throughput\n\n"
                          "The deployment serves 3,200 output tokens/s = 100 tokens/s per GPU.\n\n"  // 9
                          "The deployment serves 3,200 output tokens/s = 200 tokens/s per GPU.\n\n"  // 11
                          "Au total 3 200 tokens/s en sortie, soit 200 tokens/s par GPU.\n");        // 13
  auto per_gpu = [&](int line) {
    for (const Finding* f : findings_on(c.report, line))
      if (f->quantity == "throughput_per_gpu") return f;
    return static_cast<const Finding*>(nullptr);
  };
  ASSERT_NE(per_gpu(kFirst + 2), nullptr);
  EXPECT_EQ(per_gpu(kFirst + 2)->explanation.find("over 32 GPUs is"), std::string::npos);  // no restatement error
  ASSERT_NE(per_gpu(kFirst + 4), nullptr);
  EXPECT_EQ(to_string(per_gpu(kFirst + 4)->verdict), "wrong");
  EXPECT_NE(per_gpu(kFirst + 4)->explanation.find("over 32 GPUs is 100 per GPU"), std::string::npos)
      << per_gpu(kFirst + 4)->explanation;
  ASSERT_NE(per_gpu(kFirst + 6), nullptr);
  EXPECT_EQ(to_string(per_gpu(kFirst + 6)->verdict), "wrong");
}

// Parameters times bytes is a size of weights whatever the nouns: seed-16x16 has 9.927 B parameters in BF16,
// 19.85 GB; "9.93B parameters x 2 bytes = 18.9 GB" breaks its own arithmetic (19.86). In a sentence about a
// part ("Experts: ...") the words decide, and none here names the part's owner: no weights verdict.
TEST(CheckReading, ParametersTimesBytesAreWeights) {
  const Checked c = check("# Size\n\n"
                          "9.93B parameters x 2 bytes = 19.9 GB in BF16.\n\n"        // 9
                          "9.93B parameters x 2 bytes = 18.9 GB in BF16.\n\n"        // 11
                          "Experts: 8.6B parameters x 2 bytes = 17.2 GB in BF16.\n");  // 13
  EXPECT_EQ(verdict(c.report, kFirst + 2, "weights_per_gpu"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "weights_per_gpu"), "wrong");
  EXPECT_NE(verdict(c.report, kFirst + 6, "weights_per_gpu"), "wrong");
}

// "(ways)" after a degree's name is its unit, not a count of something else; "48 sessions" counts sessions,
// not GPUs (seed-16x16 runs EP 8 on 32 GPUs).
TEST(CheckReading, DegreeWaysAndSessions) {
  const Checked c = check("# Layout\n\n"
                          "Expert parallel degree EP (ways): 8.\n\n"                       // 9
                          "Peak per card (GB): weights 2.5 + KV of 48 sessions = 10.1.\n");  // 11
  EXPECT_EQ(verdict(c.report, kFirst + 2, "ep"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "experts_total"), "");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "gpu_count"), "");
}

// "Everything else" is the total less the part named before it: seed-16x16 has 9.927 B parameters, 8.590 B of
// them routed experts, so the rest is 1.337 B; a figure that is no part's rest is not understood, not wrong.
// German reads like English: "2 Experten pro GPU und Layer" (16 experts / EP 8).
TEST(CheckReading, TheRestOfTheModelAndGermanWords) {
  const Checked c = check("# Parameter\n\n"
                          "Routed experts: 8.59B parameters. Everything else is about 1.34B.\n\n"  // 9
                          "Routed experts: 8.59B parameters. Everything else is about 0.5B.\n\n"   // 11
                          "- Jede GPU hält 2 Experten pro GPU und Layer.\n"                         // 13
                          "- Jede GPU hält 3 Experten pro GPU und Layer.\n");                       // 14
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 1.34e9), "correct");
  EXPECT_EQ(verdict_of(c.report, kFirst + 4, 0.5e9), "not_understood");
  EXPECT_EQ(verdict(c.report, kFirst + 6, "experts_per_gpu"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 7, "experts_per_gpu"), "wrong");
}

// A GPU holds whole experts under any layout, an alternative's included: 16 experts over EP 3 is no layout
// (16 / 3 = 5.33), and "about 5.33" is no rounding of a whole number.
TEST(CheckReading, FractionalExpertsPerGpuUnderAnAlternative) {
  const Checked c = check("# Options\n\n"
                          "- Fallback on three GPUs, EP 3: 16 / 3 = 5.33 experts per GPU per layer.\n"  // 9
                          "- Fallback on three GPUs, EP 3: about 5.33 experts per GPU per layer.\n");   // 10
  EXPECT_EQ(verdict(c.report, kFirst + 2, "experts_per_gpu"), "impossible");
  EXPECT_EQ(verdict(c.report, kFirst + 3, "experts_per_gpu"), "impossible");
}

// The key of a "key: value" line reads as its words: "kvCachePerToken" is the KV cache per token (seed-16x16:
// 16,384 B per token and layer, 262,144 B for the 16 layers); a key the lexicon knows whole
// ("tensor_parallel_size") stays a degree.
TEST(CheckReading, ConfigKeysReadAsTheirWords) {
  const Checked c = check("# Config\n\n"
                          "```yaml\n"
                          "tensor_parallel_size: 4\n"      // 10
                          "kvCachePerToken: 262144 bytes\n"  // 11
                          "kvCachePerToken: 300000 bytes\n"  // 12
                          "```\n");
  EXPECT_EQ(verdict(c.report, kFirst + 3, "tp"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "kv_per_token"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 5, "kv_per_token"), "wrong");
}

// A layer's experts times a count of layers: DeepSeek-V3 has 256 routed experts in each of its 58 MoE layers
// (61 layers, the first 3 dense), so 256 × 58 = 14,848 and 256 × 61 = 15,616 counts the dense layers; at TP 8
// / EP 8 on one stage a GPU holds 32 per MoE layer, 32 × 58 = 1,856 in total (32 × 61 = 1,952 is wrong).
TEST(CheckReading, ExpertsTimesLayersCountsMoeLayersOnly) {
  const CheckReport r = check_whole("---\nmodel: deepseek-v3\ncluster: {gpu: h200, gpus: 8, gpus_per_node: 8}\n"
                                    "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 8, ep: 8}\n---\n"
                                    "# Experts\n\n"
                                    "- The model has 256 × 58 = 14,848 routed experts.\n"   // 9
                                    "- Routed experts in the model: 256 × 61 = 15,616.\n"   // 10
                                    "- Each GPU holds 32 × 58 = 1,856 experts in total.\n"  // 11
                                    "- Each GPU holds 32 × 61 = 1,952 experts in total.\n"); // 12
  EXPECT_EQ(verdict(r, 9, "experts_total"), "correct");
  EXPECT_EQ(verdict(r, 10, "experts_total"), "wrong");
  EXPECT_EQ(verdict(r, 11, "experts_per_gpu"), "correct");
  EXPECT_EQ(verdict(r, 12, "experts_per_gpu"), "wrong");
}

// A line that names another scale than the deployment's (the seed runs 32 GPUs on 4 nodes) and states
// degrees is about another layout: "two nodes with EP 16" is not the deployment's EP 8 gone wrong. A TP
// that does not divide the 32 attention heads is wrong on any number of GPUs.
TEST(CheckReading, AnotherScaleIsAnotherLayout) {
  const Checked c = check("# What-ifs\n\n"
                          "- Two nodes with EP 16: 1 expert per GPU per MoE layer.\n"  // 9
                          "- On three GPUs we would run TP 3.\n");                      // 10
  EXPECT_NE(verdict(c.report, kFirst + 2, "ep"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 3, "tp"), "wrong");
}

// Two figures of one quantity on one line, read the same way, one right: the line tells them apart by something
// not read (a column for another GPU), so the other is not wrong for sure. It stays wrong when the line quotes it
// as wrong ("not 12") or corrects it ("but really 16"). The seed has 16 layers on H100s (3.35 TB/s of HBM).
TEST(CheckReading, DisagreeingFiguresOnOneLine) {
  const Checked c = check("# Figures\n\n"
                          "| | this GPU | another GPU |\n"
                          "|---|---|---|\n"
                          "| HBM bandwidth | 3.35 TB/s | 4.8 TB/s |\n"                      // 11
                          "\n"
                          "- The model has 16 layers, not 12 layers.\n"                   // 13
                          "- 12 layers if you count naively, but really 16 layers.\n");  // 14
  EXPECT_EQ(verdict_of(c.report, kFirst + 4, 3.35e12), "correct");
  EXPECT_EQ(verdict_of(c.report, kFirst + 4, 4.8e12), "not_understood");
  EXPECT_EQ(verdict_of(c.report, kFirst + 6, 12), "wrong");
  EXPECT_EQ(verdict_of(c.report, kFirst + 7, 12), "wrong");
}

// HBM over the GPUs a line names: 32 x 3.35 TB/s = 107.2 TB/s is right, 4 x 3.35 = 13.4 TB/s so 26.8 is wrong.
// A measured link bandwidth is not the link's rating; "at most" on a rate is a bound someone derived, not a
// figure to hold against moeplan's bound.
TEST(CheckReading, AggregateMeasuredAndBoundedRates) {
  const Checked c = check("# Links\n\n"
                          "- HBM: 3.35 TB/s per GPU, 107.2 TB/s across the 32 GPUs.\n"     // 9
                          "- HBM: 3.35 TB/s per GPU, 26.8 TB/s for the 4 GPUs.\n"          // 10
                          "- NCCL measured 155 GB/s over NVLink.\n"                          // 11
                          "- The FLOP bound gives at most 90,000,000 tokens/s.\n"           // 12
                          "- 8 x 148 TFLOP/s gives at most ~90,000,000 tokens/s.\n");       // 13
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 107.2e12), "correct");
  EXPECT_EQ(verdict_of(c.report, kFirst + 3, 26.8e12), "wrong");
  EXPECT_EQ(verdict_of(c.report, kFirst + 4, 155e9), "not_understood");
  EXPECT_NE(verdict_of(c.report, kFirst + 5, 90e6), "impossible");
  EXPECT_NE(verdict_of(c.report, kFirst + 6, 90e6), "impossible");
}

// "N B of KV per token" is the KV cache per token whatever the clause named before it; a config key ending in a
// spacing word ("decoder_sparse_step: 1") holds a spacing, not a count of layers.
TEST(CheckReading, OfKvPerTokenAndConfigSpacings) {
  const Checked c = check("# Sizes\n\n"
                          "- Per GPU: 1.5 GB of weights and 4,096 B of KV per token.\n"  // 9
                          "- decoder_sparse_step: 1\n");                                 // 10
  const Finding* kv = finding_of(c.report, kFirst + 2, 4096);
  ASSERT_NE(kv, nullptr);
  EXPECT_TRUE(kv->quantity.starts_with("kv_per_token")) << kv->quantity;
  EXPECT_EQ(finding_of(c.report, kFirst + 3, 1), nullptr);
}

// An alternative stated in full (TP and DP) without a PP runs no pipeline: "TP=4, DP=4, EP=16" is 16 GPUs each
// holding 16 / 16 = 1 expert of each of the seed's 16 MoE layers, 16 in total (under the deployment's PP 4 a GPU
// would hold 4 layers' worth, 4).
TEST(CheckReading, AnAlternativeStatedInFullRunsNoPipeline) {
  const Checked c = check("# Options\n\n"
                          "- Option B (TP=4, DP=4, EP=16): 1 expert per GPU per MoE layer, 16 per GPU in total.\n");  // 9
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 16), "correct");
}

// A list item whose own lines state other degrees than the deployment's (TP 4 x PP 4 x DP 2, EP 8) is about that
// layout, and so are the items under it: TP 4, EP 4 (PP 4 kept: one degree pair named) holds 16 / 4 = 4 experts
// per MoE layer per GPU, 4 x 4 MoE layers of a stage = 16 in total (the deployment's would be 2 and 8).
TEST(CheckReading, AnItemStatingDegreesHeadsItsItems) {
  const Checked c = check("# Runbook\n\n"
                          "- **Node lost.** Restart on the healthy half with\n"   // 9
                          "  `--tensor-parallel-size 4` and EP 4.\n"            // 10
                          "  - That layout has 4 experts per GPU per MoE layer, 16 in total.\n");  // 11
  EXPECT_EQ(verdict_of(c.report, kFirst + 4, 4), "correct");
  EXPECT_EQ(verdict_of(c.report, kFirst + 4, 16), "correct");
}

// A cause after a figure names parts of another matter: "0.74 GB because attention ... split" is the weights on a
// GPU (0.67-0.74 GB by stage for the seed), not the attention's share.
TEST(CheckReading, ACauseAfterAFigureIsNotItsComponent) {
  const Checked c = check("# Memory\n\n"
                          "- Weights per GPU: 0.74 GB because attention and embeddings are split 4 ways.\n");  // 9
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 0.74e9), "correct");
}

// Replicas of a deployment of engine instances count the instances, not DP: 8 instances of TP 4 on 32 GPUs.
TEST(CheckReading, ReplicasAreTheEngineInstances) {
  const CheckReport r = check_whole("---\nmodel: seed-16x16\n"
                                    "cluster: {gpu: {preset: h100-sxm, name: seed-64gb, memory: \"64 GB\"}, gpus: 32, gpus_per_node: 8}\n"
                                    "workload: {input_tokens: 2048, output_tokens: 512}\n"
                                    "strategy: {tp: 4, ep: 4, instances: 8}\n---\n# Layout\n\n"
                                    "- We run 8 replicas, each of TP 4.\n");  // 9
  EXPECT_EQ(verdict_of(r, 9, 8), "correct");
}

// A degree's acronym right before a number names it whatever noun follows later ("EP 8 puts one expert ..."),
// "expert TP" is the experts' own TP, and LaTeX products ("2 \\cdot 8 = 16") are formulas. The seed: TP 4 x PP 4
// x DP 2 = 32 GPUs, EP 8, expert TP 1.
TEST(CheckReading, DegreeAcronymsExpertTpAndLatexProducts) {
  const Checked c = check("# Layout\n\n"
                          "- EP 8 puts two experts of each MoE layer on each GPU.\n"          // 9
                          "- vLLM sets EP = TP x DP = 8 and expert TP = 1.\n"                // 10
                          "- GPUs: $4 \\cdot 4 \\cdot 2 = 30$.\n");                       // 11
  const Finding* ep = finding_of(c.report, kFirst + 2, 8);
  ASSERT_NE(ep, nullptr);
  EXPECT_EQ(ep->quantity, "ep");
  EXPECT_EQ(verdict(c.report, kFirst + 3, "etp"), "correct");
  EXPECT_EQ(verdict_of(c.report, kFirst + 4, 30), "wrong");  // 4 x 4 x 2 = 32
}

// "N of the M layers are MoE layers": M is all the layers (the seed has 16, all MoE), the predicate is N's.
TEST(CheckReading, TheWholeOfAPartCountsAllLayers) {
  const Checked c = check("# Model\n\n- All 16 of the 16 layers are MoE layers.\n- 8 of the 12 layers are MoE layers.\n");
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 16), "correct");
  EXPECT_EQ(verdict_of(c.report, kFirst + 3, 12), "wrong");
}

// A size under a tenth of the GPU's memory (64 GB for the seed) in a place that names GPU memory is another
// figure, and a difference labelled as what is left is a remainder, not the weights.
TEST(CheckReading, SmallSizesUnderMemoryAndLabelledRemainders) {
  const Checked c = check("# Memory\n\n"
                          "| component | GB per GPU |\n|---|---|\n| router + norms | 0.22 |\n\n"            // 11
                          "- Left after weights: 57.6 - 5.0 = 52.6 GB per GPU for the KV cache.\n");  // 13
  EXPECT_NE(verdict_of(c.report, kFirst + 4, 0.22e9), "wrong");
  EXPECT_NE(verdict_of(c.report, kFirst + 6, 52.6e9), "wrong");
}

// A per-GPU figure after a change ("halves to") is the changed layout's; a degree in a past-tense clause ("was ...
// with TP 8") is the layout before a change. Neither is judged under the deployment's (the seed: TP 4).
TEST(CheckReading, ChangedAndPastLayoutsAreNotJudged) {
  const Checked c = check("# Changes\n\n"
                          "- With twice the TP, KV per token per GPU halves to 1,024 B.\n"     // 9
                          "- Weights per GPU: 0.74 GB; it was 1.4 GB with TP 2.\n");         // 10
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 1024), "not_understood");
  EXPECT_NE(verdict(c.report, kFirst + 3, "tp"), "wrong");
}

// A sum of two or more kinds of memory is the memory in use, not the first part named: "Weights + KV +
// activations = 60 GB per GPU" is a use of the seed's 64 GB GPU (0.9 x 64 = 57.6 GB usable), not 60 GB of weights.
TEST(CheckReading, ASumOfMemoryKindsIsTheMemoryInUse) {
  const Checked c = check("# Memory\n\n- Weights + KV + activations = 60 GB per GPU in total.\n");
  const Finding* f = finding_of(c.report, kFirst + 2, 60e9);
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(f->quantity.starts_with("memory_per_gpu_total")) << f->quantity;
}

// A line about another scale than the deployment's (the seed: 32 GPUs on 4 nodes of 8) has that scale's GPUs, and
// an unsaid PP is what the named degrees leave of them: "one node (TP 4, EP 8)" is 8 GPUs, DP 2, PP 1, holding
// 16 / 8 = 2 experts of each of the 16 MoE layers, 32 in total (under the deployment's PP 4 it would be 8).
TEST(CheckReading, AnotherScaleFixesTheAlternativesGpus) {
  const Checked c = check("# Options\n\n"
                          "- Config A, one node (TP 4, EP 8): 2 experts per GPU per MoE layer, 32 in total.\n");  // 9
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 32), "correct");
}

// "B per token per GPU" binds the owner as "per GPU" does: the whole model's KV per token labelled per GPU is wrong.
// A line about one GPU of a deployment of several is about the one-GPU layout: the seed's 9.927 B FP16 parameters
// are 19.85 GB on one GPU.
TEST(CheckReading, PerGpuUnitsBindAndOneGpuLines) {
  const Checked c = check("# KV and one GPU\n\n"
                          "- KV is 1,024 B per token per GPU.\n"                                            // 9
                          "- If somebody runs the whole model on a single GPU, the weights are 19.85 GB per GPU.\n"  // 10
                          "- On 1 GPU the weights are 19.85 GB.\n"                                        // 11
                          "- EP groups: 4 EP groups of 8 GPUs each.\n");                                  // 12
  const Finding* kv = finding_of(c.report, kFirst + 2, 1024);
  ASSERT_NE(kv, nullptr);
  EXPECT_EQ(kv->reading.substr(0, 9), "owner gpu");
  EXPECT_EQ(verdict_of(c.report, kFirst + 3, 19.85e9), "correct");
  EXPECT_EQ(verdict_of(c.report, kFirst + 4, 19.85e9), "correct");
  EXPECT_EQ(verdict_of(c.report, kFirst + 5, 4), "correct");  // GPUs of a part are no scale: the seed has 4 EP groups
}

// Every GPU's weights added up is the deployment's total, not the model's: the seed's stages hold 737,214,464 B
// (first and last: embedding or LM head 65,536,000 B) and 671,678,464 B per GPU, 8 GPUs each: 8 x (2 x 737,214,464
// + 2 x 671,678,464) = 22,542,286,848 B = 22.54 GB, above the model's 9.927 B x 2 B = 19.85 GB.
TEST(CheckReading, TheDeploymentsWeightsAddedUp) {
  const Checked c = check("# Memory\n\n"
                          "- The weights take 22.54 GB in total, more than the 19.85 GB checkpoint, because attention is "
                          "replicated.\n");  // 9
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 22.54e9), "correct");
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 19.85e9), "correct");
}

// A count spelled out before a counted noun starts a new noun phrase: in "with EP=8 and 16 experts that's two
// experts per GPU per layer" the 16 is the model's experts per layer (the seed has 16), not a per-GPU count.
TEST(CheckReading, ASpelledCountStartsANewNounPhrase) {
  const Checked c = check("# Experts\n\n- With EP=8 and 16 experts that's two experts per GPU per layer.\n");
  EXPECT_NE(verdict_of(c.report, kFirst + 2, 16), "wrong");
}

// A label ending in a setting's number names the figure after it: "Usable per GPU at
// `--gpu-memory-utilization 0.90`: 57.6 GB" is what the engine may use, 0.9 x 64 GB = 57.6 GB for the seed.
TEST(CheckReading, ALabelEndingInASettingStillNamesTheFigure) {
  const Checked c = check("# Memory\n\n- Usable per GPU at `--gpu-memory-utilization 0.90`: 57.6 GB.\n");
  const Finding* f = finding_of(c.report, kFirst + 2, 57.6e9);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->quantity, "gpu_memory_capacity (usable)");
  EXPECT_EQ(to_string(f->verdict), "correct");
}

// A line that states another degree than the deployment's beside a per-GPU figure that degree decides is about that
// layout: the seed's KV is 16,384 B per token per layer (32 KV heads x 128 x 2 x 2 B); at TP 8 a GPU holds 4 of the
// 32 heads, 2,048 B per layer, over the 4 layers of its stage (PP 4 kept): 8,192 B per token.
TEST(CheckReading, ALineWithOtherDegreesAndItsFiguresIsThatLayout) {
  const Checked c = check("# What-ifs\n\n- With TP 8, KV per token per GPU is 8,192 B.\n"  // 9
                          "- We run TP 8, KV per token per GPU 16,384 B.\n");                    // 10
  EXPECT_EQ(verdict(c.report, kFirst + 2, "tp"), "correct");
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 8192), "correct");
  // Where the figures are the deployment's (TP 4: 8 heads x 512 B x 4 layers = 16,384 B), the degree is wrong.
  EXPECT_EQ(verdict(c.report, kFirst + 3, "tp"), "wrong");
  EXPECT_EQ(verdict_of(c.report, kFirst + 3, 16384), "correct");
}

// A degree or GPU count is a choice, not a derivation: one that differs from the deployment's (TP 4, PP 4, DP 2 on
// 32 GPUs) names another layout (the old setup, a baseline, next quarter's), which is not read; it is not wrong.
// Written blind, such counts were wrong in 3 of 314 claims, each by divisibility or a product, never by differing.
TEST(CheckReading, ADifferingDegreeOrGpuCountIsAnotherLayoutNotAWrongOne) {
  const Checked c = check("# History\n\n- The TP2 baseline in the same harness was about 10% slower.\n"  // 9
                          "- Until March the chart ran PP 2.\n"                                             // 10
                          "- DP 4 was tried once.\n\n"                                                     // 11
                          "We measure again with 64 GPUs in January.\n");                                  // 13
  EXPECT_EQ(verdict(c.report, kFirst + 2, "tp"), "not_understood");
  EXPECT_EQ(verdict(c.report, kFirst + 3, "pp"), "not_understood");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "dp"), "not_understood");
  EXPECT_EQ(verdict(c.report, kFirst + 6, "gpu_count"), "not_understood");
  // The deployment's own degrees are still judged.
  const Checked same = check("# Layout\n\nWe run TP 4 x PP 4 x DP 2 on 32 GPUs.\n");
  EXPECT_EQ(verdict(same.report, kFirst + 2, "tp"), "correct");
  EXPECT_EQ(verdict(same.report, kFirst + 2, "gpu_count"), "correct");
}

// A GPU's expert count above a layer's experts cannot be one MoE layer's share: it is judged as the total over the
// GPU's MoE layers. The seed: 16 experts / EP 8 = 2 per MoE layer, x 4 MoE layers per stage (PP 4) = 8 in total.
TEST(CheckReading, AnExpertCountAboveALayersIsTheGpusTotal) {
  const Checked c = check("# Experts\n\nEach GPU holds 40 expert copies.\n");
  const Finding* f = finding_of(c.report, kFirst + 2, 40);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->quantity, "experts_per_gpu (total)");
  EXPECT_EQ(to_string(f->verdict), "wrong");
  EXPECT_EQ(f->expected, 8);
}

// A dotted number opening a list item before a capitalised word numbers the item (a checklist's "3.1"); it is no
// count of the noun after it, and the item's own figure is read: the seed holds 16 / EP 8 = 2 experts per GPU per
// MoE layer. "- 1.4 TB/s" is a figure (its word is a unit).
TEST(CheckReading, ADottedItemNumberIsNoCount) {
  const Checked c = check("# Checklist\n\n- [x] 3.1 Experts per GPU per MoE layer: 2\n- 2.5 Experts per GPU per MoE layer: 2\n");
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 3.1), "");
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 2), "correct");
  EXPECT_EQ(verdict_of(c.report, kFirst + 3, 2.5), "");
  EXPECT_EQ(verdict_of(c.report, kFirst + 3, 2), "correct");
  // Before an acronym too ("KV"); the seed's KV is 16 layers x 16,384 B = 262,144 B per token. A fraction is no
  // numbering ("- 0.9 of the memory").
  const Checked kv = check("# Checklist\n\n- [x] 4.12 KV cache per token: 262,144 B\n");
  EXPECT_EQ(verdict_of(kv.report, kFirst + 2, 4.12), "");
  EXPECT_EQ(verdict_of(kv.report, kFirst + 2, 262144), "correct");
}

// "B" before "/param" or "per parameter" is bytes, however small the number: "0.5 B/param" is no half-billion
// parameters. FP16 stores 2 bytes a parameter, so "4 B per parameter" is wrong and "2 B/param" right.
TEST(CheckReading, BytesPerParameterAreNeverBillions) {
  const Checked c = check("# Sizes\n\nFP16 is 4 B per parameter.\n\nFP16 is 2 B/param.\n");
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 4), "wrong");
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 4e9), "");
  EXPECT_EQ(verdict_of(c.report, kFirst + 4, 2e9), "");
}

// A line's label names the GPU its capacity figures are about: "- H20: 96 GB marketed, driver 97,871 MiB" is the H20's
// memory (h20 preset: sold as 96 GB, 97,871 MiB = 102.63 GB reported), not the deployment's A100 (80 GB).
TEST(CheckReading, ALineLabelNamesTheGpuOfItsCapacities) {
  const CheckReport r = check_whole(
      "---\nmodel: qwen1.5-moe-a2.7b\ncluster: {gpu: a100-80gb, gpus: 2, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 1, dp: 2, ep: 2}\n---\n"
      "# GPUs\n\n- H20: 96 GB marketed, driver 97,871 MiB.\n");  // line 9
  EXPECT_EQ(verdict_of(r, 9, 96e9), "correct");
  EXPECT_EQ(verdict_of(r, 9, 97871.0 * 1048576), "correct");
}

// A "total" that is exactly one GPU's weights, and far from the model's, is the total one GPU holds: the seed's GPUs
// hold 0.67 to 0.74 GB each (weights / TP 4 / PP 4 stages), the model 9.927 B x 2 B = 19.85 GB.
TEST(CheckReading, ATotalThatIsOneGpusWeightsIsThatGpusTotal) {
  const Checked c = check("# Memory\n\n- Total weights: 0.74 GB.\n- Total weights: 19.85 GB.\n- Total weights: 5 GB.\n");
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 0.74e9), "correct");
  EXPECT_EQ(verdict_of(c.report, kFirst + 3, 19.85e9), "correct");
  EXPECT_EQ(verdict_of(c.report, kFirst + 4, 5e9), "wrong");
}

// A count of parameters has no unit of compute, and a bare number beside a multiplication sign in a formula of
// words is a factor: "2 x active params x 2048 = 44 GFLOP" states neither 2 nor 2048 nor 44 active parameters.
TEST(CheckReading, FactorsAndComputeAreNoParameterCounts) {
  const Checked c = check("# Compute\n\nFLOPs per token = 2 x active params = 44 GFLOP.\n\n"
                          "Prefill floor: 2 x active params x 2048 = 88 TFLOP.\n");
  for (const auto& f : c.report.findings) EXPECT_NE(f.quantity.substr(0, 13), "params_active") << f.line << " " << f.stated;
}

// "N more (fewer, less) X" is a difference between two counts, not a count of X: the seed has 16 layers, and "2 more
// layers than stage 0" states no layer count.
TEST(CheckReading, ADifferenceIsNoCount) {
  const Checked c = check("# Stages\n\nStage 1 holds 2 more layers than stage 0.\n");
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 2), "");
}

// A clause that names another model preset before a figure is about that model: Mixtral-8x7B's KV is 32 layers x 2 x
// 8 KV heads x 128 x 2 B = 131,072 B per token, the seed's 262,144 B; the figure is not judged against the seed.
TEST(CheckReading, AClauseNamingAnotherModelIsAboutThatModel) {
  const Checked c = check("# KV\n\nOurs is 262,144 B per token. Compare Mixtral-8x7B at 131,072 B per token.\n");
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 262144), "correct");
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 131072), "not_understood");
}

// A line about a pipeline stage the deployment does not have (the seed runs PP 4: stages 0-3, or 1-4) is about
// another layout; a stage it has is judged (KV per token per GPU: 4 layers x 4,096 B = 16,384 B).
TEST(CheckReading, AStageTheDeploymentLacksIsAnotherLayout) {
  const Checked c = check("# Stages\n\n- KV per token per GPU on stage 7: 9,999 B.\n- KV per token per GPU on stage 2: 16,384 B.\n");
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 9999), "not_understood");
  EXPECT_EQ(verdict_of(c.report, kFirst + 3, 16384), "correct");
}

// A degree under a fraction bar names a ratio's denominator: "E/EP = 16/8 = 2 experts per GPU" states 2 experts per
// GPU per MoE layer for the seed (16 experts / EP 8), and no EP of 16.
TEST(CheckReading, ADegreeUnderAFractionBarIsNoAssignment) {
  const Checked c = check("# Experts\n\nE/EP = 16/8 = 2 experts per GPU per MoE layer.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "ep"), "");
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 2), "correct");
}

// A layout named "attention DP" runs the attention on each DP rank alone: without a TP of its own it is TP 1 (the
// seed's 32 GPUs as attention DP 8 x PP 4, EP 8), and "attention" there names no weights component.
TEST(CheckReading, AttentionDpIsTpOneAndNoComponent) {
  const Checked c = check("# Options\n\n| layout | EP |\n|---|---|\n| attention DP 8 + EP 8 | 8 |\n");
  bool seen = false;
  for (const auto& f : c.report.findings)
    if (f.line == kFirst + 4) {
      seen = true;
      EXPECT_NE(f.strategy.find("tp=1 "), std::string::npos) << f.quantity << ": " << f.strategy;
    }
  EXPECT_TRUE(seen);
}

// A memory fraction of one GPU's memory is what vLLM may use, and vLLM applies the fraction to what the driver
// reports: on an A100-80GB, 81,920 MiB = 85.90 GB, so 0.9 of it is 77.31 GB, not 0.9 x 80 (marketed) = 72 GB.
// "0.9 of the marketed 80 GB" is the same product as "0.9 x 80".
TEST(CheckReading, AFractionOfTheMarketedCapacityIsNotWhatTheEngineUses) {
  const CheckReport r = check_whole(
      "---\nmodel: qwen3-30b-a3b\ncluster: {gpu: a100-80gb, gpus: 2, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 2, ep: 2}\nruntime: {engine: vllm}\n---\n"
      "# Memory\n\n"
      "So 0.9 x 80 = 72 GB per GPU.\n\n"                     // 10
      "vLLM takes 0.9 of the marketed 80 GB = 72 GB.\n\n"     // 12
      "And 0.9 x 85.9 GB = 77.3 GB per GPU.\n");              // 14
  const Finding* a = finding_of(r, 10, 72e9);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->quantity, "gpu_memory_capacity (usable)");
  EXPECT_EQ(to_string(a->verdict), "wrong");
  EXPECT_NEAR(*a->expected, 0.9 * 81920.0 * 1048576, 1e6);
  EXPECT_EQ(verdict_of(r, 12, 72e9), "wrong");
  EXPECT_EQ(verdict_of(r, 14, 77.3e9), "correct");
}

// A part of the layer count that the words after it name as MoE or dense is a count of those layers: the seed's 16
// layers are all MoE, so "8 of them are MoE layers" (after a sentence counting the layers) and "only 8 of the 16
// layers are MoE" are wrong, "2 of the 16 layers are dense" too (0 dense).
TEST(CheckReading, APartOfTheLayersNamedMoeIsAMoeLayerCount) {
  const Checked c = check("# Layers\n\n16 decoder layers. It alternates dense and MoE blocks, so 8 of them are MoE layers.\n\n"
                          "Only 8 of the 16 layers are MoE.\n\nAnd 2 of the 16 layers are dense.\n");
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 8), "wrong");
  EXPECT_EQ(verdict_of(c.report, kFirst + 4, 8), "wrong");
  EXPECT_EQ(verdict_of(c.report, kFirst + 6, 2), "wrong");
}

// The GPU's memory, wherever a sentence puts it, is its capacity; written with GB and GiB swapped it is wrong, not
// "more than the GPU has": an H100 reports 81,559 MiB = 85.52 GB = 79.65 GiB, so "85.52 GiB per GPU" swaps the units.
TEST(CheckReading, TheGpusMemoryWithGbAndGibSwappedIsWrongCapacity) {
  const CheckReport r = check_whole(
      "---\nmodel: qwen3-30b-a3b\ncluster: {gpu: h100-sxm, gpus: 2, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nstrategy: {tp: 2, ep: 2}\n---\n"
      "# GPU\n\n- Memory: 81,559 MiB = 85.52 GiB per GPU.\n");  // line 9
  const Finding* f = finding_of(r, 9, 85.52 * 1073741824.0);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->quantity, "gpu_memory_capacity");
  EXPECT_EQ(to_string(f->verdict), "wrong");
}

// "N matrices of a x b" multiplies N in (the seed's expert: 2 matrices of 4096 x 4096 = 33.55 M parameters), and
// "1 expert" is the unit a sentence is about, not a count of the model's experts.
TEST(CheckReading, CountsOfThingsOfASizeMultiplyAndOneExpertIsAUnit) {
  const Checked c = check("# Experts\n\nEach expert is 2 matrices of 4096 x 4096 = 33.55M parameters.\n\n"
                          "Per 1 expert that is 67 MB in FP16.\n");
  EXPECT_EQ(verdict_of(c.report, kFirst + 2, 33.55e6), "correct");
  EXPECT_NE(verdict_of(c.report, kFirst + 4, 1), "wrong");
}

// In "X of the M experts" the whole M is a layer's experts, not the GPU's share (the seed: 16 per layer); the result
// of a subtraction ("57.6 - 0.74 weights - 3.85 reserve = 52.7 GB") is what is left, not the weights its terms name.
TEST(CheckReading, TheWholeOfAPartAndTheResultOfASubtraction) {
  const Checked c = check("# Memory\n\nEach GPU holds 2 of the 16 experts of a layer.\n\n"
                          "- KV budget per GPU: 57.6 - 0.74 weights - 3.85 reserve - 0.3 activations = about 52.7 GB.\n");
  const Finding* whole = finding_of(c.report, kFirst + 2, 16);
  ASSERT_NE(whole, nullptr);
  EXPECT_EQ(whole->quantity, "experts_per_layer");
  EXPECT_EQ(to_string(whole->verdict), "correct");
  EXPECT_NE(verdict_of(c.report, kFirst + 4, 52.7e9), "wrong");
}

// "2 x TP4" is two engine instances of TP 4, each a whole replica: Mixtral-8x22B (140.63 B parameters, BF16) at TP 4
// holds 35.16 B parameters = 70.32 GB per GPU (attention and experts / 4, embedding and LM head sharded, norms
// whole), not the 8-way-sharded experts of one DP group.
TEST(CheckReading, NTimesTpIsThatManyInstances) {
  const CheckReport r = check_whole(
      front_matter("mixtral-8x22b", "h200", 8, "engine: sglang", "tp: 8") +
      "# Options\n\n| layout | weights per GPU |\n|---|---|\n| 2 x TP4 | 70.3 GB |\n");  // line 12
  const Finding* f = finding_of(r, 12, 70.3e9);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(to_string(f->verdict), "correct") << f->explanation;
  EXPECT_NE(f->strategy.find("instances=2"), std::string::npos) << f->strategy;
}

// A line of code that formats output is a template, not a claim: its TP 2 and its figures are computed when it runs
// (the seed runs TP 4); the output the document shows is read.
TEST(CheckReading, CodeThatFormatsOutputIsATemplate) {
  const Checked c = check("# Notebook\n\n```python\nprint(f\"TP2 weights per GPU: {w / 1e9:.2f} GB, KV: {98304 // 2} B\")\n```\n");
  for (const auto& f : c.report.findings) EXPECT_NE(f.line, kFirst + 3) << f.quantity;
}


// A formula's own arithmetic needs no reading of what it is about: 185.53 - 35.16 - 3.85 = 146.52, not 156.52, even
// in a line check otherwise abstains on ("before"); TP 2 x PP 3 = 6, not 7, even for a layout the deployment
// cannot hold. A parameter count given for a byte figure ("3 x 4096 x 1536 params = 37.7 MB in BF16":
// 18.87 M params x 2 B) leaves the conversion to the words and is not called wrong.
TEST(CheckReading, AFormulasArithmeticOverridesAnAbstention) {
  const Checked c = check("# Budget\n\nQuick check: 185.53 − 35.16 − 3.85 = 156.52 GB before activations.\n\n"
                          "The runbook lists a TP 2 x PP 3 = 7 GPU layout as the fallback.\n\n"
                          "- one expert: 3 × 4096 × 1536 params = 37.7 MB in BF16\n");
  const Finding* budget = finding_of(c.report, kFirst + 2, 156.52e9);
  ASSERT_NE(budget, nullptr);
  EXPECT_EQ(to_string(budget->verdict), "wrong") << budget->explanation;
  EXPECT_EQ(budget->replacement, "146.52");
  const Finding* product = finding_of(c.report, kFirst + 4, 7);
  ASSERT_NE(product, nullptr);
  EXPECT_EQ(to_string(product->verdict), "wrong") << product->explanation;
  EXPECT_EQ(product->replacement, "6");
  EXPECT_NE(verdict_of(c.report, kFirst + 6, 37.7e6), "wrong");
}


// A clause that names another GPU than the deployment's is about that GPU, also where the sentence began on the
// line before: on an H200 deployment, "On H100 you have 76.97 GB usable at 0.9" (0.9 x 85.52 GB, the H100's
// driver total) and "One H100 ... leaves only about 7 GB for KV" get no verdict; the H200's own capacity is judged.
TEST(CheckReading, AClauseNamingAnotherGpuIsAboutThatGpu) {
  const CheckReport r = check_whole(
      front_matter("gpt-oss-120b", "h200", 2, "engine: vllm", "tp: 2") +
      "# Sizing\n\n**TB:** On H100 you have 76.97 GB usable at 0.9. One H100 can hold the checkpoint but\n"
      "leaves only about 7 GB for KV after the runtime reserve.\n\nThe H200 has 141 GB.\n");  // lines 10, 11, 13
  EXPECT_EQ(verdict_of(r, 10, 76.97e9), "not_understood");
  EXPECT_EQ(verdict_of(r, 11, 7e9), "not_understood");
  EXPECT_EQ(verdict_of(r, 13, 141e9), "correct");
}


// A prose line about another number of GPUs than the deployment's is about that layout, also with no degree stated
// ("the 4-GPU slice, where each GPU only has 32 experts": EP 4 would give 128 / 4 = 32, the deployment's EP 2 gives
// 64: not this deployment's figure, so not wrong). An EP that does not divide the experts makes the experts per GPU
// it gives wrong whatever the rest of the layout: gpt-oss-120b's 128 experts over EP 3 are 42.67, so "about 43
// experts per GPU" on a three-GPU slice is no layout at all. "The 8-GPU node" is one node, not eight.
TEST(CheckReading, ALineAboutAnotherScaleIsAboutThatLayout) {
  const CheckReport r = check_whole(
      front_matter("gpt-oss-120b", "h200", 2, "engine: vllm", "tp: 2, ep: 2") +
      "# Experts\n\nAnd pricing for the 4-GPU slice, where each GPU only has 32 experts?\n\n"
      "We can do a three-GPU slice, EP 3, about 43 experts per GPU.\n\n"
      "Each GPU holds 64 experts of every MoE layer.\n");  // lines 10, 12, 14
  EXPECT_NE(verdict_of(r, 10, 32), "wrong");
  EXPECT_EQ(verdict_of(r, 12, 43), "wrong");
  EXPECT_EQ(verdict_of(r, 14, 64), "correct");
  const CheckReport nodes = check_whole(
      front_matter("deepseek-v3", "b200", 16, "engine: sglang", "tp: 8, dp: 2, ep: 16") +
      "# Memory\n\nThe 8-GPU node holds 1.1 TB of HBM.\n");  // line 10: 8 x 192.27 GB = 1.54 TB
  EXPECT_EQ(verdict_of(nodes, 10, 1.1e12), "wrong");
}


// "nearly 4 petaflops of FP4 per GPU" is a compute rate, not 4 experts; a chat line ("**TB:** ... TP 4, EP 4,")
// goes on on the next line, which is about the same layout: 73,728 B of KV per token over TP 4 is 18,432 B per GPU,
// right there, though the deployment's TP 2 gives 36,864 B.
TEST(CheckReading, SpelledComputeUnitsAndAChatLineThatGoesOn) {
  const CheckReport r = check_whole(
      front_matter("gpt-oss-120b", "h200", 2, "engine: vllm", "tp: 2, ep: 2") +
      "# Transcript\n\nThe experts run on the tensor cores: nearly 4 petaflops of FP4 per GPU.\n\n"
      "**TB:** Four then: TP 4, EP 4, 32 experts per GPU per layer,\n"
      "and 18,432 bytes of KV per token per GPU.\n");  // lines 10, 12, 13
  // Not 4 experts: 4 PFLOP/s of FP4, which the H200 has no tensor cores for (its preset lists no FP4 rate).
  const Finding* peak = finding_of(r, 10, 4);
  ASSERT_NE(peak, nullptr);
  EXPECT_EQ(peak->quantity, "compute_peak");
  EXPECT_EQ(verdict_of(r, 13, 18432), "correct");
}


// A figure whose own noun follows it ("15.3 GB of weights") is named by the words right before it: "sharding
// attention across them leaves each GPU with 15.3 GB of weights" is the GPU's weights (Qwen3-30B-A3B at TP 4 / EP 4:
// 15.29 GB), not attention's. An alternative that does not state its EP may run EP 1 (vLLM without
// --enable-expert-parallel): "every GPU holds a slice of all 128 experts" is one of its readings, not wrong.
TEST(CheckReading, AFiguresOwnNounAndAnAlternativeWithoutEp) {
  const CheckReport r = check_whole(
      front_matter("qwen3-30b-a3b", "h20", 4, "engine: vllm", "tp: 4, ep: 4", "input_tokens: 1024, output_tokens: 1024") +
      "# Layout\n\nExpert parallelism (EP 4) and sharding attention across them leaves each GPU with\n"
      "15.3 GB of weights.\n\n"
      "- Option A, TP 2 on two GPUs: every GPU holds a slice of all 128 experts of each MoE layer.\n");  // 11, 13
  const Finding* weights = finding_of(r, 11, 15.3e9);
  ASSERT_NE(weights, nullptr);
  EXPECT_EQ(weights->quantity, "weights_per_gpu");
  EXPECT_EQ(to_string(weights->verdict), "correct") << weights->explanation;
  EXPECT_NE(verdict_of(r, 13, 128), "wrong");
}


// "at least ~1.84 ms per token" is a floor under a latency, like the speed-of-light bound it would be held against:
// hedged or not, no figure to judge (the floor phrases are lexicon data: phrases.floors).
TEST(CheckReading, AFloorUnderALatencyIsNoFigure) {
  const Checked c = check("# Bound\n\nEach step reads the weights, i.e. at least ~1.84 ms per token.\n\n"
                          "The TPOT is no less than 0.2 ms.\n");
  for (const auto& f : c.report.findings) EXPECT_NE(f.quantity.rfind("tpot", 0), 0u) << f.line;
}


// What vLLM may use is its fraction of the memory the driver reports (H200: 143,771 MiB = 150.75 GB; 0.9 x 150.75 =
// 135.68 GB), not of the marketed 141 GB: "about 127 GB usable" (0.9 x 141 = 126.9) is that slip, which a hedge's
// allowance would otherwise cover. "0.9 x 141 GB = 126.9 GB" beside "--gpu-memory-utilization" is the same figure,
// though the line names the GPU's memory.
TEST(CheckReading, UsableMemoryFromTheMarketedCapacityIsWrongEvenHedged) {
  const CheckReport r = check_whole(
      front_matter("gpt-oss-120b", "h200", 2, "engine: vllm, memory_fraction: 0.9", "tp: 2, ep: 2") +
      "# Memory\n\nvLLM takes 90 percent of that, so you have about 127 GB usable per GPU.\n\n"
      "- `--gpu-memory-utilization 0.90` gives vLLM 0.9 × 141 GB = 126.9 GB to work with.\n\n"
      "So about 135.7 GB usable per GPU.\n");  // lines 10, 12, 14
  EXPECT_EQ(verdict_of(r, 10, 127e9), "wrong");
  EXPECT_EQ(verdict_of(r, 12, 126.9e9), "wrong");
  EXPECT_EQ(verdict_of(r, 14, 135.7e9), "correct");
}


// Scope words after a number are that number's: in "2 x 16 x 128 x 2 B = 8,192 B per layer and 196,608 B per
// token", 196,608 B is the token's KV over all 24 layers of Qwen1.5-MoE-A2.7B (24 x 8,192), not a layer's.
TEST(CheckReading, ScopeWordsAfterANumberAreThatNumbers) {
  const CheckReport r = check_whole(
      front_matter("qwen1.5-moe-a2.7b", "h100-sxm", 1, "engine: vllm", "tp: 1") +
      "# KV\n\n- KV cache: MHA with 16 KV heads of 128, so 2 × 16 × 128 × 2 B = 8,192 B per layer and "
      "196,608 B per token.\n");  // line 10
  EXPECT_NE(verdict_of(r, 10, 8192), "wrong");
  EXPECT_EQ(verdict_of(r, 10, 196608), "correct");
}


// An answer right after a question is about what the question asks: "How big is one layer's shared expert in BF16?
// **34.6M x 2 B = 69.2 MB.**" is a shared expert's bytes (Qwen1.5-MoE-A2.7B: 3 x 2,048 x 5,632 = 34.6 M parameters),
// not a GPU's weights; in "How much memory do all the routed experts take? **60 x 24 x 8.65M x 2 B = 12.5 GB.**"
// the formula gives 24.9 GB: wrong whatever it is about.
TEST(CheckReading, AnAnswerIsAboutItsQuestion) {
  const CheckReport r = check_whole(
      front_matter("qwen1.5-moe-a2.7b", "h100-sxm", 1, "engine: vllm", "tp: 1") +
      "# Quiz\n\n2. How big is one layer's shared expert in BF16? **34.6M × 2 B = 69.2 MB.**\n\n"
      "5. How much memory do all the routed experts take? **60 × 24 × 8.65M × 2 B = 12.5 GB.**\n");  // 10, 12
  EXPECT_NE(verdict_of(r, 10, 69.2e6), "wrong");
  const Finding* routed = finding_of(r, 12, 12.5e9);
  ASSERT_NE(routed, nullptr);
  EXPECT_EQ(to_string(routed->verdict), "wrong");
  EXPECT_NE(routed->explanation.find("24.91"), std::string::npos) << routed->explanation;
}


// TeX writes thousands as "1{,}536": one number. Qwen3-30B-A3B at EP 4: 128 / 4 = 32 experts per GPU in each of
// its 48 MoE layers, 32 x 48 = 1,536 in all.
TEST(CheckReading, TexThousandsAreOneNumber) {
  const CheckReport r = check_whole(
      front_matter("qwen3-30b-a3b", "h20", 4, "engine: vllm", "tp: 4, ep: 4", "input_tokens: 1024, output_tokens: 1024") +
      "# Experts\n\nEach GPU owns $32$ experts of every layer, $32 \\times 48 = 1{,}536$ experts in all.\n");  // 10
  EXPECT_EQ(verdict_of(r, 10, 1536), "correct");
  EXPECT_EQ(verdict_of(r, 10, 536), "");
}


// The whole a share is of names the GPU's memory, not the share's subject: in "weights use 28% of the
// driver-reported 192.3 GB per GPU" the 192.3 GB is the B200's memory (183,359 MiB = 192.27 GB), not its weights.
TEST(CheckReading, TheWholeOfAShareIsTheGpusMemory) {
  const CheckReport r = check_whole(
      front_matter("llama-4-scout", "b200", 8, "engine: vllm", "tp: 4, dp: 2, ep: 8") +
      "# Memory\n\n| REQ-MEM-01 | headroom | C | weights use 28% of the driver-reported 192.3 GB per GPU |\n");  // 10
  const Finding* f = finding_of(r, 10, 192.3e9);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->quantity.rfind("gpu_memory_capacity", 0), 0u) << f->quantity;
  EXPECT_EQ(to_string(f->verdict), "correct") << f->explanation;
}


// A table row whose label holds the degrees names an option; wrong figures in it are wrong for the option, they do
// not make the row the deployment with wrong degrees. Qwen3-30B-A3B under attention DP 4 + EP 4 (TP 1): each GPU
// holds all 4 KV heads of its requests, 48 x 2 x 4 x 128 x 2 B = 98,304 B per token, not the 24,576 B of TP 4.
TEST(CheckReading, AnOptionRowsDegreesNameTheOption) {
  const CheckReport r = check_whole(
      front_matter("qwen3-30b-a3b", "h20", 4, "engine: trtllm", "tp: 4, ep: 4", "input_tokens: 1024, output_tokens: 1024") +
      "# Configurations\n\n| config | weights/GPU (GB) | KV/token/GPU (B) |\n|---|---|---|\n"
      "| (b) TP4 + EP4 (ours) | 15.29 | 24,576 |\n| (c) attention DP4 + EP4 | 15.29 | 24,576 |\n");  // 12, 13
  EXPECT_EQ(verdict_of(r, 12, 24576), "correct");
  EXPECT_NE(verdict(r, 13, "dp"), "wrong");
  EXPECT_EQ(verdict_of(r, 13, 24576), "wrong");
}


// Words in parentheses annotate a formula's operand, commas and all: "2 (K, V) × 8 KV heads × 64 × 2 B = 2,048 B"
// is 2 x 8 x 64 x 2 = 2,048, one formula (gpt-oss: 8 KV heads of 64), not "8 × 64 × 2 B" = 1,024 and a count of 2.
TEST(CheckReading, WordsInParenthesesWithCommasInsideAFormula) {
  const Checked c = check("# KV\n\n- one layer: 2 (K, V) × 8 KV heads × 64 × 2 B = 2,048 B.\n");
  for (const auto& f : c.report.findings) EXPECT_NE(to_string(f.verdict), "wrong") << f.quantity << ": " << f.explanation;
}


// "400G leaf switches" is a link speed, not 400 B parameters (a G counts parameters only where the words say
// parameters); optimizer state kept for training on the same GPUs (an adapter refresh) is no inference slip.
TEST(CheckReading, LinkSpeedsAndTrainingBesideServing) {
  const Checked c = check("# Quote\n\nPlus about $41,000 for the two 400G leaf switches and optics.\n\n"
                          "The nightly adapter refresh runs on the same GPUs, so each GPU also keeps optimizer state.\n");
  for (const auto& f : c.report.findings) EXPECT_NE(to_string(f.verdict), "wrong") << f.line << " " << f.quantity;
}


// "Each GPU holds a quarter-slice of every one of the 128 experts" is experts sharded by TP (EP 1); under a deployment
// with EP 4 (32 whole experts per GPU per MoE layer) that is another layout, not a wrong count; under TP 4 without EP
// it is this deployment's (per MoE layer; unqualified, so ambiguous).
TEST(CheckReading, SlicesOfEveryExpertAreTheTpShardedLayout) {
  const std::string body = "# Experts\n\nEach GPU holds a quarter-slice of every one of the 128 experts.\n";  // 10
  const std::string head = "---\nmodel: qwen3-30b-a3b\ncluster: {gpu: h100-sxm, gpus: 4, gpus_per_node: 8}\n"
                           "workload: {input_tokens: 2048, output_tokens: 512}\nruntime: {engine: vllm}\n";
  EXPECT_EQ(verdict_of(check_whole(head + "strategy: {tp: 4, ep: 4}\n---\n" + body), 10, 128), "not_understood");
  // Unqualified: per MoE layer yes, over the GPU's 48 MoE layers no.
  EXPECT_EQ(verdict_of(check_whole(head + "strategy: {tp: 4, ep: 1}\n---\n" + body), 10, 128), "ambiguous");
}


// A GPU's compute peak at a precision is a spec-sheet fact: the H100 SXM's dense BF16 peak is 989 TFLOP/s and its
// FP8 peak 1,979 TFLOP/s (h100-sxm preset), so "dense BF16 peak is 1,979 TFLOP/s" is the sparse (or FP8) figure and
// wrong; "989 TFLOP/s BF16, 1979 TFLOP/s FP8" names each precision after its number, and both are right; the H100
// has no FP4 tensor cores. "With sparsity" the doubled figure is right, and is not judged.
TEST(CheckReading, AGpusComputePeakIsItsPresets) {
  const CheckReport r = check_whole(
      front_matter("gpt-oss-20b", "h100-sxm", 1, "engine: vllm", "tp: 1") +
      "# GPU\n\nHBM bandwidth is 3.35 TB/s and dense BF16 peak is 1,979 TFLOP/s per GPU.\n\n"
      "- 989 TFLOP/s BF16, 1979 TFLOP/s FP8.\n\nThe experts would need 4 petaflops of FP4 per GPU.\n\n"
      "- BF16 with sparsity: 1,979 TFLOP/s.\n");  // lines 10, 12, 14, 16
  const Finding* peak = finding_of(r, 10, 1979);
  ASSERT_NE(peak, nullptr);
  EXPECT_EQ(peak->quantity, "compute_peak");
  EXPECT_EQ(to_string(peak->verdict), "wrong") << peak->explanation;
  EXPECT_EQ(verdict_of(r, 12, 989), "correct");
  EXPECT_EQ(verdict_of(r, 12, 1979), "correct");
  EXPECT_EQ(verdict_of(r, 14, 4), "wrong");
  EXPECT_NE(verdict_of(r, 16, 1979), "wrong");
}


// A capital M alone after a number is a million, in prose or TeX ("8.65 M", "8.65\,\mathrm{M}"): one expert of
// Qwen1.5-MoE-A2.7B is 3 x 2,048 x 1,408 = 8.65 M parameters (lexicon units.counts_as_written).
TEST(CheckReading, ACapitalMIsAMillion) {
  const CheckReport r = check_whole(
      front_matter("qwen1.5-moe-a2.7b", "h100-sxm", 1, "engine: vllm", "tp: 1") +
      "# Experts\n\nOne expert has $w_e = 3 \\cdot 2048 \\cdot 1408 = 8.65\\,\\mathrm{M}$ parameters.\n");  // 10
  const Finding* f = finding_of(r, 10, 8.65e6);
  ASSERT_NE(f, nullptr);
  EXPECT_NE(to_string(f->verdict), "wrong") << f->explanation;
}


// A comma list of numbers that runs on with an ellipsis enumerates indices: "layers (0, 2, 4, ...)" and
// "layers 0, 2, …, 34" count nothing.
TEST(CheckReading, AnEllipsisListEnumeratesIndices) {
  const Checked c = check("# Layers\n\n| sliding window layers | even layers (0, 2, 4, ...), window 128 tokens |\n\n"
                          "The dense layers are 0, 2, …, 14.\n");
  for (const auto& f : c.report.findings)
    EXPECT_TRUE(f.line != kFirst + 2 && f.line != kFirst + 4) << f.line << " " << f.quantity << " " << f.explanation;
}


// Readings a second review asked for. A degree far above every layout's experts and GPUs ("with expert parallel: 64
// experts per GPU per MoE layer, 3,072 over all MoE layers") is a misread number, not EP 3,072. Only words that
// describe a GPU's memory may stand between "of the" and the whole of a percentage: "30% of the KV cache is 12 GB"
// is no GPU capacity. TeX groups run on ("1{,}048{,}576" is one number). An earlier figure's own "per X" stays its
// own, but a figure keeps the scope words of its clause ("for 8 KV heads the per-layer KV is 4,096 B").
TEST(CheckReading, ReadingsASecondReviewAskedFor) {
  const CheckReport r = check_whole(
      front_matter("qwen3-30b-a3b", "a100-80gb", 2, "engine: vllm", "tp: 2, ep: 2") +
      "# Notes\n\nFallback on 2 GPUs, TP over both with expert parallel: 64 experts per GPU per MoE layer, 3,072 "
      "over all MoE layers.\n\n30% of the KV cache is 12 GB.\n\nThe table has $1{,}048{,}576$ rows.\n");  // 10, 12, 14
  EXPECT_NE(verdict(r, 10, "ep"), "wrong");
  EXPECT_EQ(verdict_of(r, 10, 64), "correct");
  for (const Finding& f : r.findings) {
    if (f.line != 12) continue;
    EXPECT_EQ(f.quantity.rfind("gpu_memory_capacity", 0), std::string::npos) << f.quantity;
  }
  EXPECT_NE(verdict_of(r, 12, 12e9), "wrong");
  EXPECT_EQ(verdict_of(r, 14, 48), "");
  EXPECT_EQ(verdict_of(r, 14, 576), "");
}

TEST(CheckReading, MoeLayersPerStageAreAStagesShare) {
  // Seed: 16 layers, all MoE, over PP 4: 4 MoE layers on every stage. 16 per stage is the whole model's count.
  const Checked c = check("# Layers\n\n- MoE layers per stage: 16\n- MoE layers per stage: 4\n- Attention layers per stage: 16\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "layers_per_stage"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 3, "layers_per_stage"), "correct");
  // Attention layers are not a share a stage counts this way: no verdict as layers per stage.
  EXPECT_EQ(verdict(c.report, kFirst + 4, "layers_per_stage"), "");
}

TEST(CheckReading, AboveALatencyIsAFloorNotAFigure) {
  // 1 us is far below the time any prompt's prefill takes (the bound): as a figure it would be impossible; after
  // "above" it is a floor, or a threshold, and true of every TTFT.
  const Checked c = check("# Latency\n\nThe prefill alone keeps TTFT above 1 us.\n\nThe TTFT is 1 us.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "ttft"), "");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "ttft"), "impossible");
}

TEST(CheckReading, ASymbolBoundReadsPastATilde) {
  // 90 million tokens/s is far above what 32 GPUs can do: as a figure, impossible; after "≤ ~" a ceiling someone
  // derived (a looser one than moeplan's is still a ceiling), and after "≥ ~" a latency floor.
  const Checked c = check("# Bounds\n\nDecode reads every weight: ≤ ~90000k output tok/s.\n\n"
                          "Output: ~90000k output tok/s.\n\nPrefill keeps TTFT ≥ ~1 us.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "throughput"), "");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "throughput"), "impossible");
  EXPECT_EQ(verdict(c.report, kFirst + 6, "ttft"), "");
}

TEST(CheckReading, TheNounAfterAWholeNamesIt) {
  // Seed: 9.927 B FP16 parameters x 2 B = 19.85 GB of weights. "of the 19.85 GB checkpoint" is the model's weights
  // (a wrong 39.7 GB is caught as such), while "of the 64 GB" is the GPU's memory.
  const Checked c = check("# Weights\n\nEach stage holds a quarter of the 19.85 GB checkpoint.\n\n"
                          "Each stage holds a quarter of the 39.7 GB checkpoint.\n\nThe weights use a tenth of the 64 GB.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "weights_per_gpu"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "weights_per_gpu"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 6, "gpu_memory_capacity"), "correct");
}

TEST(CheckReading, EachAfterADivisionByGpusIsAShareNotAGpusMemory) {
  // "/ 32 GPUs = 0.62 GB each": each GPU's share of the 19.85 GB divided, read as weights on a GPU (0.67-0.74 GB
  // here, so 0.62 is wrong), not as a GPU's 64 GB of memory; "64 GB each" after the GPUs is their memory.
  const Checked c = check("# Weights\n\n19.85 GB for the model, / 32 GPUs = 0.62 GB each.\n\n"
                          "32 GPUs with 64 GB each.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "gpu_memory_capacity"), "");
  bool share = false;
  for (const auto& f : c.report.findings)
    share |= f.line == kFirst + 2 && f.quantity == "weights_per_gpu" && f.verdict == Verdict::kWrong;
  EXPECT_TRUE(share);
  EXPECT_EQ(verdict(c.report, kFirst + 4, "gpu_memory_capacity"), "correct");
}

TEST(CheckReading, WordsOfScriptsWithoutSpacesAreReadByTheLexicon) {
  // Seed: EP 8 puts 16 / 8 = 2 experts on a GPU in each MoE layer, 2 x 4 MoE layers per stage = 8 in total.
  // "每张卡每层 4 个 experts。" (per card, per layer, 4 experts; a full-width full stop): per MoE layer, wrong (2), the
  // "4" after "每层" a count per layer, not layer 4. "GPU당 8개 expert" (a Korean postposition: per GPU, 8 experts):
  // no layer word, right in total and wrong per layer: ambiguous, not read as 8 per layer.
  const Checked c = check("# 专家\n\n每张卡每层 4 个 experts。\n\nGPU당 8개 expert 입니다.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "experts_per_gpu"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "experts_per_gpu"), "ambiguous");
  // The words the extractor reads in the Chinese line: the lexicon's values, a full-width full stop dropped.
  const std::vector<std::string> words = normalized_words("每张卡每层 4 个 experts。");
  EXPECT_EQ(words, (std::vector<std::string>{"each", "gpu", "per", "layer", "#", "expert"}));
}

TEST(CheckReading, ASmallBInAFormulaForBytesIsBytes) {
  // "x 2B" with no parameter count in the formula: 2 bytes, the arithmetic holds (16 x 8 x 64 x 2 x 2B = 32,768 B),
  // whatever the figure is judged against; "x 3B" does not hold either way.
  const Checked c = check("# KV\n\nKV per token: 32,768 B (16 x 8 x 64 x 2 x 2B).\n\nKV per token: 32,768 B (16 x 8 x 64 x 2 x 3B).\n");
  bool said = false, slip = false;
  for (const auto& f : c.report.findings) {
    if (f.line == kFirst + 2) said |= f.explanation.find("the formula") != std::string::npos;
    if (f.line == kFirst + 4) slip |= f.explanation.find("the formula") != std::string::npos;
  }
  EXPECT_FALSE(said);
  EXPECT_TRUE(slip);
}

TEST(CheckReading, AMemoryNeedThatDoesNotFitIsNotAClaimedUse) {
  // 100 GB of the 64 GB: impossible as memory in use; said as what a layout needed (it ran out of memory), the
  // sentence states that it does not fit, which is no impossibility.
  const Checked c = check("# Memory\n\nMemory in use: 100 GB of 64 GB per GPU.\n\n"
                          "The first try went OOM: each GPU needed about 100 GB of 64 GB.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "memory_per_gpu_total"), "impossible");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "memory_per_gpu_total"), "not_understood");
}

TEST(CheckReading, ARackIsTheWholeDeployment) {
  // Seed: 32 GPUs of 64 GB. A "per rack" column holds the deployment's sum: 32 x 64 = 2,048 GB (right), where one
  // GPU's 64 GB would have been the yardstick before.
  const Checked c = check("# Hardware\n\n| | per GPU | per rack |\n|---|---|---|\n| HBM | 64 GB | 2,048 GB |\n"
                          "| HBM (wrong sum) | 64 GB | 1,024 GB |\n");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "gpu_memory_capacity"), "correct");
  bool wrong_sum = false;
  for (const auto& f : c.report.findings)
    wrong_sum |= f.line == kFirst + 5 && f.verdict == Verdict::kWrong && f.text.find("1,024") != std::string::npos;
  EXPECT_TRUE(wrong_sum);
}

TEST(CheckReading, ASplitOfExpertsIsWrongOnlyWhenTheFigureIsThatSplit) {
  // Seed: 16 experts. "24 GPUs, TP 8, DP 3" rebuilds as EP = TP x DP = 24, which does not divide 16: "about 0.7
  // experts per GPU" is that split (16 / 24), not a layout; "2 experts per GPU" is not that split (the line states no
  // EP, and the figure may come from a reading the rebuilt layout does not have): no verdict.
  const Checked c = check("# Options\n\nOption B: 24 GPUs, TP 8, DP 3: about 0.7 experts per GPU per MoE layer.\n\n"
                          "Option C: 24 GPUs, TP 8, DP 3: 2 experts per GPU per MoE layer.\n");
  const std::string split = verdict(c.report, kFirst + 2, "experts_per_gpu");
  EXPECT_TRUE(split == "wrong" || split == "impossible") << split;
  EXPECT_EQ(verdict(c.report, kFirst + 4, "experts_per_gpu"), "not_understood");
}

TEST(CheckReading, ALineThatCountsItsOwnGpusStatesItsOwnLayout) {
  // DeepSeek-V3 on 16 H200s, DP 16, EP 16: 256 / 16 = 16 experts per GPU per MoE layer. "Eight H200s, DP 8, EP 8"
  // counts as many GPUs as its degrees make (8), so it is a layout of its own (32 experts per GPU per MoE layer),
  // even though "from 16 experts per MoE layer" fits only the deployment: that figure is the layout before the
  // change ("from 16 ... to 32"), and the line's DP 8 and EP 8 are not the deployment's misstated.
  const CheckReport r = check_whole(
      "---\nmodel: deepseek-v3\ncluster: {gpu: h200, gpus: 16, gpus_per_node: 8}\n"
      "workload: {input_tokens: 4096, output_tokens: 1024}\nruntime: {engine: sglang}\n"
      "strategy: {tp: 1, pp: 1, dp: 16, ep: 16}\n---\n# Incident\n\n"
      "That's the plan. Eight H200s, DP 8, EP 8. Each GPU goes from 16 experts per MoE layer to 32.\n");
  constexpr int kLine = 10;
  for (const auto& f : r.findings) {
    if (f.line == kLine) {
      EXPECT_NE(f.verdict, Verdict::kWrong) << f.quantity << ": " << f.explanation;
    }
  }
}

TEST(CheckReading, AStatedCeilingIsHeldToTheFlopsOfAnyBatch) {
  // The seed model's FLOPs per request, 2,048 in / 512 out: each token passes 16 layers of 4 x 4096^2 attention and
  // 2 active experts of 2 x 4096^2 (2.1475 B parameters, 4.295 GFLOP), a decode token also the 32,000 x 4096 LM head
  // (0.262 GFLOP): 2,560 x 4.295 + 512 x 0.262 = 11.13 TFLOP, plus the attention's own FLOPs, so at the 32 GPUs'
  // 32 x 989.4 TFLOP/s at most 2,845 requests/s = 1.457 M output tokens/s; the attention lowers it (moeplan: 1.31 M).
  // A ceiling of ~1.2M is below that: a bound someone derived, not judged against the predicted rate (16 k tokens/s,
  // which a plain claim of 1.2M beats by far, and the deployment's own bound, 0.135 M at the 256 requests per DP
  // rank vLLM runs, too). A ceiling of ~3M beats the FLOPs of any batch: impossible.
  const Checked c = check(
      "# Throughput\n\nThe deployment serves about 1.2M output tokens/s.\n\n"
      "At perfect utilisation the ceiling is ~1.2M output tokens/s.\n\n"
      "A vendor quoted a ceiling of ~3M output tokens/s.\n\n"
      "We run 700k output tokens/s, well below the ceiling.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "throughput"), "impossible");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "throughput"), "unverifiable");
  EXPECT_EQ(verdict(c.report, kFirst + 6, "throughput"), "impossible");
  // "well below the ceiling" names the ceiling after a comparison: 700k is a rate of its own, beyond the 0.135 M.
  EXPECT_EQ(verdict(c.report, kFirst + 8, "throughput"), "impossible");
}

TEST(CheckReading, TheTailOfALongerFormulaIsNotRead) {
  // "x 4096 x 2 B = 64 KB" opens a line: its first operands are on the line before, so 64 KB is what the whole
  // formula gives, which this line does not say; "over 32 x 989 TFLOP/s = 0.37 ms" divides FLOPs stated before by
  // the product: 32 x 989 is not 0.37. Neither is judged wrong.
  const Checked c = check(
      "# KV\n\nKV per token: 16 layers x 2 x 32 heads x 128\n"
      "x 4096 x 2 B = 64 KB per token.\n\n"
      "Prefill needs 11.7 TFLOP, over 32 x 989 TFLOP/s = 0.37 ms.\n");
  for (const auto& f : c.report.findings)
    EXPECT_NE(f.verdict, Verdict::kWrong) << f.line << " " << f.quantity << ": " << f.explanation;
  EXPECT_EQ(verdict(c.report, kFirst + 3, "kv_per_token"), "not_understood");
}

TEST(CheckReading, AFormulaOfAnotherDimensionIsWrongOnlyWhenNoQuantityHasIt) {
  // The last stage's GPU holds 4 layers: attention 4 x 4 x 4096^2 x 2 B / TP 4 = 134.2 MB, experts 16 / EP 8 = 2 per
  // MoE layer x 2 x 4096^2 x 2 B x 4 layers = 536.9 MB, LM head 32,000 x 4096 x 2 B / 4 = 65.5 MB, router
  // 4 x 16 x 4096 x 2 B = 0.5 MB: 0.737 GB, so 0.74 GB fits. "0.37 GB x 2 bytes" is bytes squared, which no
  // quantity is: wrong whatever it was for (the seed review's kind of slip). "2 x 0.37 GB/s" is a rate: the formula
  // was not read whole (or says another thing), so the figure is not understood rather than wrong.
  // With no noun at all, "9.93B / 2 bytes = 4.96 GB per GPU" divides parameters by bytes per parameter (the seed
  // review's slip: 9.93 B x 2 B = 19.85 GB is the model): a weights figure, wrong; "scratch: 0.37 GB x 2 bytes"
  // is bytes squared, reported though moeplan derives no scratch figure.
  const Checked c = check(
      "# Memory\n\nWeights per GPU on the last stage: 0.37 GB x 2 bytes = 0.74 GB.\n\n"
      "Weights per GPU on the last stage: 2 x 0.37 GB/s = 0.74 GB.\n\n"
      "also worth noting: 9.93B / 2 bytes = 4.96 GB per GPU in fp16.\n\n"
      "scratch: 0.37 GB x 2 bytes = 0.74 GB.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "weights_per_gpu"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "weights_per_gpu"), "not_understood");
  EXPECT_EQ(verdict(c.report, kFirst + 6, "weights_per_gpu"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 8, "other"), "wrong");
}

TEST(CheckReading, AProductOfCountsNoDegreeHasIsNoDegreeProduct) {
  // Beside TP 4 and EP 8, "2 x 4" multiplies the 2 experts per GPU per MoE layer (16 / EP 8) by the 4 layers of a
  // stage (16 / PP 4): 8 in total, so 9 is an arithmetic slip of the experts in total, not a product of degrees.
  // "4 x 4 x 2 = 32 GPUs" multiplies the degrees the line gives (TP 4, PP 4, DP 2): a degree product, right.
  const Checked c = check(
      "# Layout\n\nWith TP 4 and EP 8: 2 experts per GPU per MoE layer, 2 x 4 = 9 in total per GPU.\n\n"
      "TP 4, PP 4, DP 2 (4 x 4 x 2 = 32 GPUs).\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "experts_per_gpu"), "correct");
  bool total_wrong = false;
  for (const auto& f : c.report.findings) {
    if (f.line != kFirst + 2) continue;
    EXPECT_NE(f.quantity, "degree_product");
    total_wrong |= f.quantity == "experts_per_gpu (total)" && f.verdict == Verdict::kWrong;
  }
  EXPECT_TRUE(total_wrong);
  EXPECT_EQ(verdict(c.report, kFirst + 4, "degree_product"), "correct");
}

TEST(CheckReading, SpanishNotesReadLikeEnglishOnes) {
  // 16 experts / EP 8 = 2 per GPU in each MoE layer ("por GPU y por capa MoE"); 4 layers per stage (16 / PP 4), so 8
  // in total: "3 expertos por GPU y por capa" is wrong, "8 en total" right.
  const Checked c = check(
      "# Expertos\n\nExpertos por GPU: 3 expertos por GPU y por capa MoE.\n\n"
      "Expertos por GPU: 2 por capa MoE, es decir 8 en total por GPU.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "experts_per_gpu"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "experts_per_gpu"), "correct");
}

TEST(CheckReading, ATpAloneBesideADeploymentWithoutDpIsAnInstanceOfThatTp) {
  // Mixtral-8x7B (46.70 B parameters, BF16) on 8 H100s at TP 8: "at TP2" is an engine of 2 GPUs (`--tp 2`), each
  // holding half of everything: 0.131 embedding + 1.342 attention + 45.097 experts + 0.003 router/norms + 0.131 LM
  // head = 46.70 GB. Read as TP 2 x DP 4 with the experts split over all 8 GPUs it would be 1.342 + 90.19 / 8 + 0.262
  // = 12.9 GB, and 46.7 GB "wrong".
  const CheckReport r = check_whole(
      "---\nmodel: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 8}\n"
      "workload: {input_tokens: 1024, output_tokens: 256}\nruntime: {engine: sglang}\nstrategy: {tp: 8}\n---\n"
      "# Memory\n\nThe weights come to 46.7 GB per GPU at TP2.\n");
  EXPECT_EQ(verdict(r, 10, "weights_per_gpu"), "correct");
}

TEST(CheckReading, ADegreeTheSentenceRulesOutIsNotClaimed) {
  // "EP 4 won't work here": EP 4 splits the 16 experts (4 each), so the reason is something check does not read
  // (memory, a link): not the deployment's EP 8 misstated, not understood. EP 3 splits 16 experts into no whole
  // number: no layout at all, wrong whether or not the sentence rules it out (the blind sets' writers mark it so).
  const Checked c = check(
      "# Layout\n\nEP 4 won't work here, it would need the second node's links.\n\n"
      "EP 3 doesn't work either.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "ep"), "not_understood");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "ep"), "wrong");
}

TEST(CheckReading, ALinkFigureSaidOfEachWayIsOneDirections) {
  // The H100's NVLink carries 450 GB/s per direction (h100-sxm.yaml, intra_node_bandwidth), 900 GB/s both ways
  // together: "900 GB/s each way" doubles it; "900 GB/s" alone is the both-ways figure, right; "450 GB/s each way"
  // right.
  const Checked c = check(
      "# Links\n\nNVLink gives 900 GB/s each way per GPU.\n\nNVLink gives 900 GB/s per GPU.\n\n"
      "NVLink gives 450 GB/s each way per GPU.\n");
  EXPECT_EQ(verdict(c.report, kFirst + 2, "bandwidth"), "wrong");
  EXPECT_EQ(verdict(c.report, kFirst + 4, "bandwidth"), "correct");
  EXPECT_EQ(verdict(c.report, kFirst + 6, "bandwidth"), "correct");
}

TEST(CheckReading, AGpuMemoryIsASpecFigureAndASectionNamesItsGpu) {
  // The H100's driver reports 81,559 MiB = 85.52e9 B (h100-sxm.yaml), sold as 80 GB. "85.9 GB" is 0.44% off: within
  // a derived figure's 1.5% but not a spec figure's rounding (85.9 +- 0.05), so wrong; "85.5 GB" rounds it, right.
  // Under a heading naming the A100-80GB, "81,920 MiB = 85.90 GB" is that GPU's (a100-80gb.yaml: 81,920 MiB):
  // right, where against the H100 it would be wrong.
  const CheckReport r = check_whole(
      "---\nmodel: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 8}\n"
      "workload: {input_tokens: 1024, output_tokens: 256}\nstrategy: {tp: 8}\n---\n"
      "# Memory\n\nEach H100 has 85.9 GB of memory.\n\nEach H100 has 85.5 GB of memory.\n\n"
      "## Cheaper option: 8 x A100-80GB\n\nMemory per GPU: 85.90 GB.\n");
  EXPECT_EQ(verdict(r, 9, "gpu_memory_capacity"), "wrong");
  EXPECT_EQ(verdict(r, 11, "gpu_memory_capacity"), "correct");
  EXPECT_EQ(verdict(r, 15, "gpu_memory_capacity"), "correct");
}

TEST(CheckReading, ABareProductOfExpertsAndLayersIsACountOverLayers) {
  // DeepSeek-V3: 61 layers, the first 3 dense, 256 routed experts in each of the other 58 (deepseek-v3.yaml). With
  // no noun, "61 × 256 = 15,616" still multiplies a layer's experts by the layers: over the MoE layers it is
  // 256 x 58 = 14,848. At EP 32 a GPU holds 256 / 32 = 8 per MoE layer, 8 x 58 = 464 in all, not 8 x 61 = 488. A
  // bare product of other counts is read for its arithmetic only: 3 x 5 = 16 is wrong, 3 x 5 = 15 says nothing.
  const CheckReport r = check_whole(
      "---\nmodel: deepseek-v3\ncluster: {gpu: h800, gpus: 32, gpus_per_node: 8}\n"
      "workload: {input_tokens: 1024, output_tokens: 256}\nstrategy: {tp: 1, dp: 32, ep: 32}\n---\n"
      "# Experts\n\n61 × 256 = 15,616.\n\nAn older draft of this page said 8 × 61 = 488.\n\n3 x 5 = 16.\n\n3 x 5 = 15.\n");
  EXPECT_EQ(verdict(r, 9, "experts_total"), "wrong");
  EXPECT_EQ(verdict(r, 11, "experts_per_gpu"), "wrong");
  EXPECT_EQ(verdict(r, 13, "other"), "wrong");
  EXPECT_EQ(verdict(r, 15, "other"), "");
}

// Mixtral-8x7B (mixtral-8x7b.yaml): 32 layers of 8 experts, hidden 4096, expert FFN 14336 (3 matrices), 8 KV heads
// x 128, vocab 32000, BF16. One expert 3 x 4096 x 14336 = 176.16 M; all experts 256 x 176.16 M = 45.097 B;
// attention 32 x (2 x 4096^2 + 2 x 4096 x 1024) = 1.342 B; embedding and LM head 2 x 32000 x 4096 = 0.262 B;
// 46.703 B in all, 93.41 GB in BF16. On 8 GPUs at TP 8, EP 8 each GPU holds 1 expert per layer and
// (45.097 + 1.342 + 0.262) x 2 / 8 = 11.68 GB.
const char* kMixtralTp8 =
    "---\nmodel: mixtral-8x7b\ncluster: {gpu: a100-80gb, gpus: 8, gpus_per_node: 8}\n"
    "workload: {input_tokens: 1024, output_tokens: 256}\nstrategy: {tp: 8, ep: 8}\n---\n";

TEST(CheckReading, EngineInstancesNamedInWordsAreALayout) {
  // Four TP2 instances keep the deployment's expert TP 1, so EP 2: 8 / 2 = 4 experts per GPU per layer and
  // 45.097 x 2 / 2 + (1.342 + 0.262) x 2 / 2 = 46.70 GB per GPU; under the deployment they would be 1 and 11.68 GB.
  // "the layout we're leaving" names another layout, and the line it goes on into is about it too.
  const CheckReport r = check_whole(std::string(kMixtralTp8) +
                                    "# Layout\n\n- **Four TP 2 instances**: 4 experts per GPU per layer, 46.7 GB of "
                                    "weights per GPU.\n\nFor the record, the layout we're leaving: 4 replicas × TP2 = 8 "
                                    "GPUs. Each GPU there held\nevery expert, 46.7 GB of weights per GPU.\n");
  EXPECT_EQ(verdict(r, 9, "tp"), "correct");
  EXPECT_EQ(verdict(r, 9, "experts_per_gpu"), "correct");
  EXPECT_EQ(verdict(r, 9, "weights_per_gpu"), "correct");
  EXPECT_EQ(verdict(r, 11, "tp"), "correct");
  EXPECT_EQ(verdict(r, 12, "weights_per_gpu"), "correct");
}

TEST(CheckReading, BitWidthsAndScientificNotation) {
  // "4-bit values", "8-bit scale per 32 values" count bits and values, not the label's experts. "46.7e9 x 2 bytes"
  // is 93.4e9 B: 93.4 GB is the checkpoint (93.41 GB), 9.34 GB a slip of the formula's own arithmetic.
  const CheckReport r = check_whole(std::string(kMixtralTp8) +
                                    "# Bytes\n\nExpert bytes: MXFP4 stores 4-bit values plus one 8-bit scale per 32 "
                                    "values.\n\nThe checkpoint is 46.7e9 x 2 bytes = 93.4 GB.\n\nA typo said 46.7e9 x 2 "
                                    "bytes = 9.34 GB.\n");
  for (const auto& f : r.findings) EXPECT_NE(f.line, 9) << f.quantity;
  EXPECT_EQ(verdict(r, 11, "weights_per_gpu"), "correct");
  EXPECT_EQ(verdict(r, 13, "other"), "wrong");
}

TEST(CheckReading, TheClausesOwnScopeBindsBeforeItsLabel) {
  // "take the whole node:" labels the line, but "11.68 GB of weights per GPU" says whose: one GPU's 11.68 GB, right
  // (not the node's 8 x 11.68 = 93.4 GB). A memory size glued to a GPU's name is one GPU's: "Two A100 80GB GPUs"
  // is 80 GB per GPU, 160 GB together.
  const CheckReport r = check_whole(std::string(kMixtralTp8) + "# Memory\n\nTake the whole node: 11.68 GB of weights per GPU.\n");
  EXPECT_EQ(verdict(r, 9, "weights_per_gpu"), "correct");
  const CheckReport two = check_whole(
      "---\nmodel: mixtral-8x7b\ncluster: {gpu: a100-80gb, gpus: 2, gpus_per_node: 8}\n"
      "workload: {input_tokens: 1024, output_tokens: 256}\nstrategy: {tp: 2, ep: 2}\n---\n"
      "# Hardware\n\nA: Two A100 80GB GPUs in one server, 160 GB of HBM in total.\n");
  int checked = 0;
  for (const auto& f : two.findings)
    if (f.line == 9 && f.quantity.rfind("gpu_memory_capacity", 0) == 0) {
      EXPECT_EQ(to_string(f.verdict), "correct") << f.stated;
      ++checked;
    }
  EXPECT_EQ(checked, 2);
}

TEST(CheckReading, ASpreadsheetFormulaCellIsNotRead) {
  // The formula's constants (1e9, 24, 1e6) are not figures of the deployment; the row's value cell is.
  const MarkdownDocument doc = parse_markdown(
      "| Cell | Item | Value | Unit | Formula |\n|---|---|---|---|---|\n"
      "| D5 | KV token slots | 1.22 | M tokens | `=C11*1e9/(24*D2)/1e6` |\n", "t.md");
  const size_t formula_at = doc.line(3).find('`');
  for (const Claim& c : extract_claims(doc)) EXPECT_LT(c.col_begin, formula_at) << c.value;
}

TEST(CheckReading, TheNounRightAfterASizeNamesIt) {
  // One GPU's weights are 11.68 GB (kMixtralTp8). In "minus 11.68 GB weights minus 3.85 GB reserve minus 0.25 GB
  // activations" and "~60 GB after weights", only 11.68 GB is weights: the reserve, the activations and what is left
  // after the weights are other memory, and "2.9 GB KV" is a KV pool, none of them one GPU's weights.
  const CheckReport r = check_whole(std::string(kMixtralTp8) +
                                    "# Memory\n\n- usable 77.3 GB minus 11.68 GB weights minus 3.85 GB reserve minus "
                                    "0.25 GB activations leaves 61.5 GB KV\n\n| Item | Value |\n|---|---|\n| KV pool per GPU | ~60 GB "
                                    "after weights, 3.85 GB reserve |\n\nAfter weights and about 4.9 GB of runtime reserve the KV pool is 60 "
                                    "GB.\n");
  for (const auto& f : r.findings)
    if (f.quantity.rfind("weights_per_gpu", 0) == 0) {
      EXPECT_EQ(f.line, 9) << f.stated;
      EXPECT_EQ(to_string(f.verdict), "correct") << f.stated;
    }
  EXPECT_EQ(verdict(r, 9, "weights_per_gpu"), "correct");
}

TEST(CheckReading, AColumnHeaderNamesItsFiguresOwner) {
  // The A100's HBM moves 2,039 GB/s (a100-80gb.yaml); a DGX A100 node holds 8 of them: 16.3 TB/s. "per DGX A100"
  // names a node although an A100 is a GPU; "both systems" the two nodes, 32.6 TB/s.
  const CheckReport r = check_whole(
      "---\nmodel: mixtral-8x7b\ncluster: {gpu: a100-80gb, gpus: 16, gpus_per_node: 8}\n"
      "workload: {input_tokens: 1024, output_tokens: 256}\nstrategy: {tp: 8, ep: 8, instances: 2}\n---\n"
      "# Fleet\n\n| | per DGX A100 | both systems |\n|---|---|---|\n| HBM bandwidth | 16.3 TB/s | 32.6 TB/s |\n");
  int checked = 0;
  for (const auto& f : r.findings)
    if (f.line == 11 && f.quantity == "bandwidth") {
      EXPECT_EQ(to_string(f.verdict), "correct") << f.stated << ": " << f.explanation;
      ++checked;
    }
  EXPECT_EQ(checked, 2);
}

TEST(CheckReading, ANegationAfterAComponentAndAPartCountedIn) {
  // DeepSeek-V3 counts 671.03 B parameters without its MTP module (deepseek-v3.yaml; 685 B with it, the model
  // card): "671B (main model, MTP excluded)" is the total, right, not the MTP module's 11.6 B.
  const CheckReport r = check_whole(
      "---\nmodel: deepseek-v3\ncluster: {gpu: h200, gpus: 16, gpus_per_node: 8}\n"
      "workload: {input_tokens: 1024, output_tokens: 256}\nstrategy: {tp: 8, pp: 2, ep: 8}\n---\n"
      "# Model\n\n| Check | Value |\n|---|---|\n| Parameters, total | 671B (main model, MTP excluded) |\n");
  EXPECT_EQ(verdict(r, 11, "params_total"), "correct");
}

TEST(CheckReading, ASizeConvertedBetweenUnitsIsTheSameSize) {
  // The A100-80GB's driver reports 81,920 MiB = 85.90e9 B (a100-80gb.yaml). "i.e. 81.9 GB" reads MiB as MB (4.9%
  // off), "= 80 GB" is 80 GiB written as GB: both restate the MiB figure wrongly; "i.e. 85.9 GB" is right. A row
  // said to be what nvidia-smi reports holds the driver's figure: 8 x 85.90 = 687.2 GB per node, not the 8 x 80 GB
  // sold. vLLM's 0.9 of the driver's total, 0.9 x 85.9 = 77.3 GB, is what it may use, not a capacity.
  const CheckReport r = check_whole(std::string(kMixtralTp8) +
                                    "# Memory\n\nThe driver reports 81,920 MiB per A100, i.e. 81.9 GB, of which vLLM "
                                    "takes 0.9.\n\nThe driver reports 81,920 MiB per A100, i.e. 85.9 GB.\n\n"
                                    "nvidia-smi shows 81,920 MiB = 80 GB.\n\n| Item | per node |\n|---|---|\n"
                                    "| HBM, as nvidia-smi reports | 640 GB |\n| HBM, as nvidia-smi reports | 687.2 GB |\n\n"
                                    "vLLM applies its fraction to the total the driver reports: 0.9 x 85.9 = 77.3 GB.\n");
  EXPECT_EQ(verdict(r, 9, "gpu_memory_capacity"), "correct");  // the MiB figure
  bool restated_wrong = false;
  for (const auto& f : r.findings) restated_wrong |= f.line == 9 && f.verdict == Verdict::kWrong && f.stated == 81.9e9;
  EXPECT_TRUE(restated_wrong);
  for (const auto& f : r.findings) {
    if (f.line == 11) {
      EXPECT_EQ(to_string(f.verdict), "correct") << f.stated;
    }
  }
  bool gib_as_gb = false;
  for (const auto& f : r.findings) gib_as_gb |= f.line == 13 && f.verdict == Verdict::kWrong && f.stated == 80e9;
  EXPECT_TRUE(gib_as_gb);
  EXPECT_EQ(verdict(r, 17, "gpu_memory_capacity"), "wrong");
  EXPECT_EQ(verdict(r, 18, "gpu_memory_capacity"), "correct");
  for (const auto& f : r.findings) {
    if (f.line == 20) {
      EXPECT_EQ(f.quantity, "gpu_memory_capacity (usable)") << f.explanation;
    }
  }
  EXPECT_EQ(verdict(r, 20, "gpu_memory_capacity"), "correct");
}

TEST(CheckReading, KvOverEveryLayerAndKvOfOneAttentionKind) {
  // Mixtral-8x7B: 2 x 8 KV heads x 128 x 2 B = 4,096 B per layer, x 32 layers = 131,072 B per token. Said "for all
  // 32 layers", or multiplied by the 32 layers, 131,072 B is every layer's, right, whatever per-layer words the
  // sentence has. The layers of one attention kind ("the 16 sliding-window layers") are a subset not counted apart.
  const CheckReport r = check_whole(std::string(kMixtralTp8) +
                                    "# KV\n\nEach layer caches one K and one V per KV head: 131,072 B per token for all "
                                    "32 layers.\n\nKV per token if every layer kept the full context: 32 x 2 x 8 x 128 x 2 "
                                    "B = 131,072 B.\n\nThe 16 sliding-window layers keep only the last 4096 tokens.\n");
  EXPECT_EQ(verdict(r, 9, "kv_per_token"), "correct");
  EXPECT_EQ(verdict(r, 11, "kv_per_token"), "correct");
  EXPECT_EQ(verdict(r, 13, "layers"), "not_understood");
}

TEST(CheckReading, ABytesPerTokenHeaderAndAComponentsWholeModelBytes) {
  // "KV B/token/GPU" heads a column of bytes per token, not a count of GPUs.
  const MarkdownDocument doc =
      parse_markdown("| row | KV B/token/GPU |\n|---|---|\n| R0 | 49,152 |\n", "t.md");
  const std::vector<Claim> claims = extract_claims(doc);
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].kind, ClaimKind::kKvPerToken);
  // gpt-oss-20b: 24 MoE layers x 32 experts x 24,891,840 parameters = 19.117 B routed-expert parameters in MXFP4,
  // 0.5 + 1/32 = 0.53125 B each with the scales (gpt-oss-20b.yaml): 10.16 GB in the whole model. "9.56 GB" (0.5 B
  // each, scales dropped) is 6% off a figure no layout changes: wrong, where near one GPU's share (at EP 2, 5.08 GB)
  // it would be not understood.
  const CheckReport r = check_whole(
      "---\nmodel: gpt-oss-20b\ncluster: {gpu: h100-sxm, gpus: 2}\n"
      "workload: {input_tokens: 1024, output_tokens: 256}\nstrategy: {tp: 1, dp: 2, ep: 2}\n---\n"
      "# Bytes\n\nThe MXFP4 experts are 4 bits, so 19.1B expert params take 9.56 GB.\n");
  EXPECT_EQ(verdict(r, 9, "weights_per_gpu"), "wrong");
}

TEST(CheckReading, PartsOfTheModelCountedApartOrNot) {
  // DeepSeek-V3 (deepseek-v3.yaml): the 3 dense layers' FFNs are 3 x 3 x 7168 x 18432 = 1.189 B parameters, right;
  // "4.5B over the 3 dense layers" is a part moeplan does not count (their attention too?): not understood, not
  // judged against the 671 B total. One routed expert is 3 x 7168 x 2048 = 44.04 M ("A routed expert holds"), and
  // one MLA block is one layer's attention (not counted apart by layer: not understood, never the model's 11.4 B).
  // "a dense 14B" is another model's size.
  const CheckReport r = check_whole(
      "---\nmodel: deepseek-v3\ncluster: {gpu: h200, gpus: 16, gpus_per_node: 8}\n"
      "workload: {input_tokens: 1024, output_tokens: 256}\nstrategy: {tp: 8, pp: 2, ep: 8}\n---\n"
      "# Parts\n\nThe dense FFN holds 1.19B parameters over the 3 dense layers.\n\n"
      "They hold 4.5B parameters over the 3 dense layers.\n\n"
      "A routed expert holds 44.04M parameters; one MLA block holds 187.1M.\n\n"
      "We moved from a dense 14B model.\n");
  EXPECT_EQ(verdict(r, 9, "params_total"), "correct");
  EXPECT_EQ(verdict(r, 11, "params_total"), "not_understood");
  for (const auto& f : r.findings) {
    if (f.line == 13 || f.line == 15) {
      EXPECT_NE(f.verdict, Verdict::kWrong) << f.quantity << ": " << f.explanation;
    }
  }
  EXPECT_EQ(verdict(r, 13, "params_total"), "correct");
}

TEST(CheckReading, LocalExpertsAndAPastLayoutInParentheses) {
  // vLLM logs the experts of each MoE layer on a rank as "local experts": at EP 8 Mixtral's 8 experts are 1 per GPU
  // (kMixtralTp8), so 1 is right and 2 wrong. "(was 65,536 B under TP=2)": a degree in a past-tense clause is the
  // layout before a change, not the deployment's TP 8 misstated.
  const CheckReport r = check_whole(std::string(kMixtralTp8) +
                                    "# Logs\n\nvLLM logs 1 local expert per rank.\n\nAn old log said 2 local experts."
                                    "\n\nKV per token per GPU is 16,384 B (was 65,536 B under TP=2).\n");
  EXPECT_EQ(verdict(r, 9, "experts_per_gpu"), "correct");
  EXPECT_EQ(verdict(r, 11, "experts_per_gpu"), "wrong");
  EXPECT_EQ(verdict(r, 13, "tp"), "not_understood");
  EXPECT_EQ(verdict(r, 13, "kv_per_token"), "correct");
}

TEST(CheckReading, WhatAFigureIsOfAndWhoseItIs) {
  // Against kMixtralTp8 (11.68 GB of weights and 16,384 B of KV per token per GPU, 131,072 B for the model):
  // - "Compare Qwen1.5-MoE at 196,608 B/token": another model preset named (by the start of its name) in the clause;
  // - "DP 2 + EP 2" states no TP: EP = TP x DP with ETP 1 gives TP 1, where each GPU keeps its own attention:
  //   45.097 x 2 / 2 + (1.342 + 0.262) x 2 = 48.31 GB, and "the weights per GPU" after "and" are the whole GPU's,
  //   not the attention the clause before named;
  // - 13.2 MB of routed experts is under a hundredth of a GPU's 11.27 GB of them: a smaller part, not read;
  // - what each token goes through is active parameters, of the experts only: not read as the model's 46.7 B;
  // - "34 GB of weight reads per token" is bytes moved, not held.
  const CheckReport r = check_whole(std::string(kMixtralTp8) +
                                    "# Notes\n\nKV is 131,072 B per token. Compare Qwen1.5-MoE at 196,608 B/token.\n\n"
                                    "- For comparison: the box next door runs DP 2 + EP 2;\n"
                                    "  there each GPU keeps its own attention and the weights per GPU are 48.31 GB.\n\n"
                                    "| Part | Per GPU |\n|---|---|\n| routed experts | 13.2 MB |\n\n"
                                    "Each token goes through 2 x 32 = 64 expert FFNs, about 11.3 B expert parameters.\n\n"
                                    "Reminder: 13B active parameters means 34 GB of weight reads per token.\n");
  EXPECT_EQ(verdict(r, 9, "kv_per_token"), "correct");
  for (const auto& f : r.findings) {
    if (f.line != 9 || f.stated != 196608) {
      EXPECT_NE(f.verdict, Verdict::kWrong) << f.line << " " << f.quantity << ": " << f.explanation;
    }
  }
  bool other_model = false;
  for (const auto& f : r.findings) other_model |= f.line == 9 && f.stated == 196608 && f.verdict == Verdict::kNotUnderstood;
  EXPECT_TRUE(other_model);
  EXPECT_EQ(verdict(r, 12, "weights_per_gpu"), "correct");
  EXPECT_EQ(verdict(r, 16, "weights_per_gpu"), "not_understood");
}

TEST(CheckReading, TheDeploymentsWeightsCountEveryInstance) {
  // Four TP2 instances of Mixtral-8x7B on 8 GPUs, 46.70 GB each (EngineInstancesNamedInWordsAreALayout): the
  // cluster holds 8 x 46.70 = 373.6 GB, not one instance's 2 x 46.70 = 93.4 GB.
  const CheckReport r = check_whole(
      "---\nmodel: mixtral-8x7b\ncluster: {gpu: a100-80gb, gpus: 8, gpus_per_node: 8}\n"
      "workload: {input_tokens: 1024, output_tokens: 256}\nstrategy: {tp: 2, ep: 2, instances: 4}\n---\n"
      "# Weights\n\nCluster-wide the four instances hold 373.6 GB of weights.\n");
  EXPECT_EQ(verdict(r, 9, "weights_per_gpu"), "correct");
}

TEST(CheckReading, ThreadPostsOtherModelsAndTheLinkOfASentence) {
  // kMixtralTp8 on A100s (a100-80gb.yaml: HBM 2,039 GB/s, NVLink 300 GB/s per direction):
  // - "26.8 TB/s for the node. NVLink: ..." binds no NVLink after the sentence's end: 8 x 2.039 = 16.3 TB/s of HBM
  //   is right for the node (and 26.8 would be wrong as HBM, not as NVLink);
  // - "the old Qwen2.5-72B checkpoint was ~145 GB" sizes another model (not a preset): not judged;
  // - "7/ Whole box: 8 x 11.68 GB = 93.4 GB of weights": a thread's post number is no part of the label, which
  //   names the node: 8 x 11.68 = 93.4 GB, right;
  // - "TP8 + expert parallel": 8 is the TP, not a count of experts; "each GPU holds 1 of the 8 experts per layer".
  const CheckReport r = check_whole(std::string(kMixtralTp8) +
                                    "# Notes\n\nHBM: 2.04 TB/s per GPU, 16.3 TB/s for the node. NVLink: 300 GB/s per GPU.\n\n"
                                    "For comparison, the old Qwen2.5-72B checkpoint was ~145 GB.\n\n"
                                    "7/ Whole box: 8 x 11.68 GB = 93.4 GB of weights.\n\n"
                                    "We run TP8 + expert parallel, so each GPU holds 1 of the 8 experts per layer.\n");
  for (const auto& f : r.findings) {
    EXPECT_NE(f.verdict, Verdict::kWrong) << f.line << " " << f.quantity << ": " << f.explanation;
  }
  int bandwidths = 0;
  for (const auto& f : r.findings) bandwidths += f.line == 9 && f.quantity == "bandwidth" && f.verdict == Verdict::kCorrect;
  EXPECT_EQ(bandwidths, 3);
  EXPECT_EQ(verdict(r, 13, "weights_per_gpu"), "correct");
  EXPECT_EQ(verdict(r, 15, "tp"), "correct");
  EXPECT_EQ(verdict(r, 15, "experts_per_gpu"), "correct");
}

TEST(CheckReading, AParagraphOpenedByAnotherLayoutAndOneGpuNamedByModel) {
  // kMixtralTp8 (TP 8, EP 8 on 8 A100s; Mixtral-8x7B: 32 layers, all MoE, 93.41 GB of weights):
  // - a paragraph opened by "TP 2 × PP 2 × EP 2 = 4 GPUs" is about that layout: each of its 2 stages holds
  //   32 / 2 = 16 layers, right (the deployment's single stage holds 32);
  // - "On a single A100 the weights are 93.4 GB": one GPU holds the whole model, right;
  // - a section on what was "tried first" is another layout, not the deployment misstated.
  const CheckReport r = check_whole(std::string(kMixtralTp8) +
                                    "# Layouts\n\n> TP 2 × PP 2 × EP 2 = 4 GPUs, half the node.\n"
                                    "> Each stage has 16 layers.\n\nOn a single A100 the weights are 93.4 GB.\n\n"
                                    "## What we tried first: PP 4\n\n- 32 layers / 4 = 8 layers per GPU.\n");
  EXPECT_EQ(verdict(r, 10, "layers_per_stage"), "correct");
  EXPECT_EQ(verdict(r, 12, "weights_per_gpu"), "correct");
  for (const auto& f : r.findings) {
    if (f.line == 16) {
      EXPECT_NE(f.verdict, Verdict::kWrong) << f.quantity << ": " << f.explanation;
    }
  }
}

TEST(CheckReading, ADisaggregatedDeploymentsModelFiguresAndSizesInTwoUnits) {
  // A disaggregated DeepSeek-V3 deployment (no strategy of its own, its pools have theirs): the model's figures
  // need no layout. deepseek-v3.yaml: 61 layers, the first 3 dense, 256 routed experts in each of the other 58,
  // 671.03 B parameters. "58 MoE layers" right, "61 MoE layers" wrong; at EP 16 a decode GPU holds 16 per MoE layer,
  // and "16 × 61 = 976" counts the dense layers: 16 x 58 = 928 whatever the layout. The H800's driver reports
  // 81,559 MiB = 85.52e9 B = 79.65 GiB (h800.yaml): "85.5 GB or 79.6 GiB" restates it right, "85.5 GB or 85.5 GiB" not;
  // "81,559 MiB, i.e. 85.5 GiB" converts MiB to GiB wrongly (79.65).
  const CheckReport r = check_whole(
      "---\nmodel: deepseek-v3\ncluster: {gpu: h800, gpus: 48, gpus_per_node: 8}\n"
      "workload: {input_tokens: 3000, output_tokens: 800}\nruntime: {engine: sglang}\n"
      "serving:\n  mode: disaggregated\n  prefill: {strategy: {tp: 1, dp: 16, ep: 16}, instances: 1}\n"
      "  decode: {strategy: {tp: 1, dp: 32, ep: 32}, instances: 1}\n---\n"
      "# Model\n\nThe model has 58 MoE layers.\n\nThe model has 61 MoE layers.\n\n"
      "Expert FFNs per GPU over its MoE layers: 16 × 61 = 976.\n\n"
      "The driver reports 85.5 GB or 79.6 GiB.\n\nThe driver reports 85.5 GB or 85.5 GiB.\n\n"
      "The driver reports 81,559 MiB, i.e. 85.5 GiB.\n");
  constexpr int kBody = 11;  // the first body line (the heading)
  EXPECT_EQ(verdict(r, kBody + 2, "layers"), "correct");
  EXPECT_EQ(verdict(r, kBody + 4, "layers"), "wrong");
  EXPECT_EQ(verdict(r, kBody + 6, "experts_per_gpu"), "wrong");
  for (const auto& f : r.findings) {
    if (f.line == kBody + 8) {
      EXPECT_NE(f.verdict, Verdict::kWrong) << f.stated;
    }
  }
  bool gib_wrong = false, mib_to_gib_wrong = false;
  for (const auto& f : r.findings) {
    gib_wrong |= f.line == kBody + 10 && f.verdict == Verdict::kWrong;
    mib_to_gib_wrong |= f.line == kBody + 12 && f.verdict == Verdict::kWrong;
  }
  EXPECT_TRUE(gib_wrong);
  EXPECT_TRUE(mib_to_gib_wrong);
}

TEST(CheckReading, AGpusKvPoolAgainstThePlansBudget) {
  // gpt-oss-120b on one H100 under vLLM at 0.9 (moeplan evaluate): weights 65.19 GB (routed experts 114.70e9 params x
  // 0.53125 B MXFP4 = 60.94 GB, the rest BF16); usable 0.9 x 85.52 GB (81,559 MiB, h100-sxm.yaml) = 76.97 GB; less the
  // 3.85 GB runtime reserve and ~1.0 GB of activations leaves a 6.88 GB KV budget. At most 76.97 - 65.19 = 11.78 GB
  // could be left with no reserve or activations at all; beside the weights the GPU has room for 85.52 - 65.19 =
  // 20.33 GB.
  const CheckReport r = check_whole(
      "---\nmodel: gpt-oss-120b\ncluster: {gpu: h100-sxm, gpus: 1, gpus_per_node: 8}\n"
      "workload: {input_tokens: 1024, output_tokens: 1024}\nruntime: {engine: vllm, memory_fraction: 0.9}\n"
      "strategy: {tp: 1}\n---\n"
      "# Memory\n\nThe KV budget per GPU is 6.9 GB.\n\n"         // right
      "About 40 GB is left for the KV cache.\n\n"                // 40 > 20.33: impossible
      "The KV pool is about 14 GB per GPU.\n\n"                  // 14 x 0.985 = 13.8 > 11.78: wrong
      "KV budget per GPU: 3 GB.\n\n"                             // below 6.88: a smaller pool, not read
      "A 2,048-token request needs 151 MB of the KV pool.\n\n"   // what a request uses, not the pool
      "The 80 GB cards hold the weights once the KV pool is shrunk.\n");  // the cards' memory
  constexpr int kBody = 8;  // the heading
  EXPECT_EQ(verdict(r, kBody + 2, "kv_budget"), "correct");
  EXPECT_EQ(verdict(r, kBody + 4, "kv_budget"), "impossible");
  EXPECT_EQ(verdict(r, kBody + 6, "kv_budget"), "wrong");
  EXPECT_EQ(verdict(r, kBody + 8, "kv_budget"), "not_understood");
  for (const auto& f : r.findings) {
    if (f.line == kBody + 10 || f.line == kBody + 12) {
      EXPECT_NE(f.quantity, "kv_budget") << f.line;
    }
  }
}


std::string findings_text(const CheckReport& r) {
  std::string out;
  for (const auto& f : r.findings) out += std::to_string(f.line) + " " + f.quantity + " " + to_string(f.verdict) + "\n";
  return out;
}

TEST(CheckReading, LatencyAndRateBoundsAtTheStatedOperatingPoint) {
  // Mixtral-8x7B BF16 on 8 x H100 (3.35 TB/s, 989 TFLOP/s BF16 each), experts TP-sharded, 8192 in / 256 out.
  // - "at full batch": every expert is hit, so each GPU reads at least all its weights every step:
  //   46.7e9 params x 2 B / 8 = 11.68 GB / 3.35 TB/s = 3.49 ms > 3.0 ms: impossible.
  // - one request reads its 12.9e9 active params: 12.9e9 x 2 B / 8 = 3.23 GB / 3.35 TB/s = 0.96 ms < 3.0 ms: possible.
  // - an output token brings its share of prefill: (8192 / 256 + 1) x 2 x 12.9e9 = 851 GFLOP; 8 x 989e12 / 851e9 =
  //   9.3k output tokens/s at most < 20,000 under an "output tok/s" header: impossible. Under "tok/s" the figure
  //   counts output tokens too, as the document's other rates say theirs do (in a document that never says, it may
  //   count input tokens too: 33 x 9.3k = 307k, above 20,000; ARateThatDoesNotSayItsTokensFollowsTheDocuments...).
  // - 0.5 ms < 0.96 ms: impossible as a TPOT, but a "bound TPOT" column holds floors someone derived.
  const CheckReport r = check_whole(
      "---\nmodel: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 8, gpus_per_node: 8}\n"
      "workload: {input_tokens: 8192, output_tokens: 256}\nruntime: {engine: vllm, memory_fraction: 0.9}\n"
      "strategy: {tp: 8, ep: 1, etp: 8}\n---\n"
      "# Latency\n\n"
      "At full batch the TPOT is 3.0 ms.\n\n"             // line 10
      "For a single request the TPOT is 3.0 ms.\n\n"      // 12
      "| concurrency | output tok/s |\n|---|---|\n| 64 | 20,000 |\n\n"  // 16
      "| concurrency | tok/s |\n|---|---|\n| 64 | 20,000 |\n\n"         // 20
      "| case | bound TPOT (ms) | TPOT (ms) |\n|---|---|---|\n| one request | 0.5 | 0.7 |\n");  // 24
  EXPECT_EQ(verdict(r, 10, "tpot"), "impossible") << findings_text(r);
  EXPECT_NE(verdict(r, 12, "tpot"), "impossible");
  EXPECT_EQ(verdict(r, 16, "throughput"), "impossible");
  EXPECT_EQ(verdict(r, 20, "throughput"), "impossible");
  int tpots_on_24 = 0;
  for (const auto& f : r.findings)
    if (f.line == 24 && f.quantity == "tpot") {
      ++tpots_on_24;
      EXPECT_EQ(f.stated, 0.0007);  // the measured column; the bound column's 0.5 ms is not a TPOT claimed
      EXPECT_EQ(to_string(f.verdict), "impossible");
    }
  EXPECT_EQ(tpots_on_24, 1);
}

TEST(CheckReading, ComputePeaksOnTheGpuTheyAreAbout) {
  // h200.yaml: 989 TFLOP/s dense BF16, 1,979 dense FP8; 3,958 is the FP8 figure with 2:4 sparsity. A node of 8 H200s:
  // 8 x 989 = 7.912 PFLOP/s dense BF16; 79 PFLOP/s is no whole number of GPUs at any dense or sparse peak.
  // h800.yaml: driver-reported 81,559 MiB = 85.52 GB, marketed 80 GB; SGLang applies --mem-fraction-static to the
  // driver's figure: 0.85 x 85.52 = 72.69 GB, not 0.85 x 80 = 68 GB.
  const CheckReport r = check_whole(
      "---\nmodel: deepseek-v3\ncluster: {gpu: h200, gpus: 16, gpus_per_node: 8}\n"
      "workload: {input_tokens: 4096, output_tokens: 1024}\nruntime: {engine: sglang, memory_fraction: 0.88}\n"
      "strategy: {tp: 8, dp: 2, ep: 16}\n---\n"
      "# Hardware\n\n"
      "| item | value |\n|---|---|\n| Dense FP8 per GPU | 3,958 TFLOP/s |\n| Dense BF16 per GPU | 989 TFLOP/s |\n\n"
      "Per node that is 7.9 PFLOP/s of dense BF16.\n\n"   // 15
      "Per node that is 79 PFLOP/s of dense BF16.\n\n"    // 17
      "## H800 variant\n\n- usable 0.85 x 80 = 68 GB\n");  // 21
  EXPECT_EQ(verdict(r, 12, "compute_peak"), "wrong") << findings_text(r);
  EXPECT_EQ(verdict(r, 13, "compute_peak"), "correct");
  EXPECT_EQ(verdict(r, 15, "compute_peak"), "correct");
  EXPECT_EQ(verdict(r, 17, "compute_peak"), "wrong");
  EXPECT_EQ(verdict(r, 21, "gpu_memory_capacity"), "wrong");
  for (const auto& f : r.findings)
    if (f.line == 21) {
      EXPECT_NEAR(*f.expected, 0.85 * 81559.0 * 1048576, 1e6);
    }
}

TEST(CheckReading, KvTokensAgainstTheBudget) {
  // Qwen3-30B-A3B on 4 x H20 under SGLang at 0.88, TP 4: 48 layers x 4 KV heads x 128 x 2 (K, V) x 2 B = 98,304 B of
  // KV per token for the model; TP 4 gives each GPU one KV head: 24,576 B. Usable 0.88 x 102.63 GB (97,871 MiB) =
  // 90.31 GB; less 15.29 GB of weights, the 3.85 GB reserve and ~0.27 GB of activations: a 70.90 GB budget, which
  // holds 70.90e9 / 24,576 = 2.885M tokens per GPU (and per DP rank: the 4 GPUs hold slices of the same tokens).
  const CheckReport r = check_whole(
      "---\nmodel: qwen3-30b-a3b\ncluster: {gpu: h20, gpus: 4, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nruntime: {engine: sglang, memory_fraction: 0.88}\n"
      "strategy: {tp: 4, ep: 4}\n---\n"
      "The KV cache holds about 2.9M tokens per GPU.\n\n"    // 8: right
      "The KV cache holds about 720k tokens per GPU.\n\n"    // 10: 70.90e9 / 98,304 (the model's bytes): wrong
      "KV budget 44.6 GB per GPU -> ~453k tokens.\n\n"       // 12: its own pool holds 44.6e9 / 24,576 = 1.81M: wrong
      "The KV cache holds about 2.2M tokens per GPU.\n\n"    // 14: 0.76 of the budget's: another fraction? not read
      "A 32k-token context fits in the KV cache easily.\n\n" // 16: a request's length, not a pool's tokens
      "The box holds 4 x 2.9M = 11.6M tokens of KV.\n\n"     // 18: four DP ranks' worth: maybe another layout, not read
      "65 GB / 98,304 B is about 6.6 million tokens.\n");    // 20: 65e9 / 98,304 = 661k: the arithmetic is wrong
  EXPECT_EQ(verdict(r, 8, "kv_tokens"), "correct") << findings_text(r);
  EXPECT_EQ(verdict(r, 10, "kv_tokens"), "wrong");
  EXPECT_EQ(verdict(r, 12, "kv_tokens"), "wrong");
  EXPECT_EQ(verdict(r, 14, "kv_tokens"), "not_understood");
  EXPECT_EQ(verdict(r, 16, "kv_tokens"), "");
  EXPECT_NE(verdict(r, 18, "kv_tokens"), "wrong");
  for (const auto& f : r.findings) {
    if (f.line == 8) {
      EXPECT_NEAR(*f.expected, 2.885e6, 0.01e6);
    }
    if (f.line == 12 && f.quantity == "kv_tokens") {
      EXPECT_NEAR(*f.expected, 44.6e9 / 24576, 1);
    }
  }
  // --fix keeps a formula whose result does not compute and writes its own result.
  const std::string doc =
      "---\nmodel: qwen3-30b-a3b\ncluster: {gpu: h20, gpus: 4, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nruntime: {engine: sglang, memory_fraction: 0.88}\n"
      "strategy: {tp: 4, ep: 4}\n---\n65 GB / 98,304 B is about 6.6 million tokens.\n";
  const MarkdownDocument md = parse_markdown(doc, "t.md");
  const Scenario sc = parse_scenario(md.front_matter->text, "t.md");
  const CheckReport fixes = check_document(md, extract_claims(md), &sc, CheckOptions{});
  EXPECT_NE(apply_fixes(fixes, md).find("65 GB / 98,304 B is about 0.661 million tokens."), std::string::npos)
      << apply_fixes(fixes, md);
}

TEST(CheckReading, AUsableShareOfTheMarketedCapacityOnTheGpuItNames) {
  // mi300x.yaml: marketed 192 GB, driver-reported 206.14 GB; vLLM applies --gpu-memory-utilization to the driver's
  // figure: 0.9 x 206.14 = 185.53 GB. The 192 GB names the MI300X whatever older GPU the sentence mentions.
  const CheckReport r = check_whole(
      "---\nmodel: llama-4-maverick\ncluster: {gpu: mi300x, gpus: 8, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nruntime: {engine: vllm, memory_fraction: 0.9}\n"
      "strategy: {tp: 8, ep: 8}\n---\n"
      "A runbook from the MI250 days budgets 0.9 × 192 = 172.8 GB usable per GPU.\n");
  EXPECT_EQ(verdict(r, 8, "gpu_memory_capacity"), "wrong") << findings_text(r);
  for (const auto& f : r.findings)
    if (f.line == 8) {
      EXPECT_NEAR(*f.expected, 0.9 * 206.14e9, 0.01e9);
    }
}


TEST(CheckReading, AGpusMemoryConvertedSharedOrCountedEach) {
  // h200.yaml: the driver reports 143,771 MiB = 150.75e9 B = 140.40 GiB, so "which is 150.75 GiB" swaps GB and GiB.
  // A size divided among 8 GPUs is each one's share of something (281.3 / 8 = 35.2 GB), not a GPU's memory. "150.75 GB
  // each" after "4 # H200 SXM" is each H200's; a node of this 4-GPU deployment holds 4 x 150.75 = 603.0 GB. vLLM at
  // 0.9 grabs 0.9 x 150.75 = 135.68 GB of each GPU at start-up: what it may use. "The node holds 150.75 GB" is one
  // GPU's memory given as the node's: wrong.
  const CheckReport r = check_whole(
      "---\nmodel: qwen3-30b-a3b\ncluster: {gpu: h200, gpus: 4, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nruntime: {engine: vllm, memory_fraction: 0.9}\n"
      "strategy: {tp: 4, ep: 4}\n---\n"
      "The driver reports 143,771 MiB, which is 150.75 GiB.\n\n"   // 8
      "Per GPU: 35.2 GB (281.3 GB / 8 GPUs).\n\n"                  // 10
      "gpusPerNode: 4  # H200 SXM, 150.75 GB each\n\n"             // 12
      "The node holds 603.0 GB of HBM.\n\n"                        // 14
      "vLLM grabs 135.7 GB per GPU at start-up.\n\n"               // 16
      "The node holds 150.75 GB of HBM.\n");                       // 18
  int wrong_on_8 = 0;
  for (const auto& f : r.findings)
    if (f.line == 8 && f.verdict == Verdict::kWrong) {
      ++wrong_on_8;
      EXPECT_NEAR(f.stated, 150.75 * 1073741824.0, 1e6);
    }
  EXPECT_EQ(wrong_on_8, 1) << findings_text(r);
  EXPECT_EQ(verdict(r, 10, "gpu_memory_capacity"), "not_understood");
  EXPECT_EQ(verdict(r, 12, "gpu_memory_capacity"), "correct");
  EXPECT_EQ(verdict(r, 14, "gpu_memory_capacity"), "correct");
  EXPECT_EQ(verdict(r, 16, "gpu_memory_capacity"), "correct");
  for (const auto& f : r.findings)
    if (f.line == 16) {
      EXPECT_EQ(f.quantity, "gpu_memory_capacity (usable)");
    }
  EXPECT_EQ(verdict(r, 18, "gpu_memory_capacity"), "wrong");
}


TEST(CheckReading, KvPerTokenPerGpuAtTheTpItsLineStatesAndNumberedRows) {
  // Mixtral-8x7B: 32 layers x 2 (K, V) x 8 KV heads x 128 x 2 B = 131,072 B per token for the model; TP 8 gives each
  // GPU one KV head (16,384 B), TP 4 two (32,768 B). "at TP 4 is still 16,384 B" keeps the TP 8 figure: wrong, and
  // the TP 4 it states is the what-if's, not a wrong degree. Rows numbered by a "#" column or an item id ("D8") are
  // labelled by their next cell: the whole model's 131,072 B on a per-GPU row is wrong. "80 GB ... per GPU" after
  // "The box says" is one GPU's (the H100's marketed memory).
  const CheckReport r = check_whole(
      "---\nmodel: mixtral-8x7b\ncluster: {gpu: h100-sxm, gpus: 8, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nruntime: {engine: vllm, memory_fraction: 0.9}\n"
      "strategy: {tp: 8, ep: 8}\n---\n"
      "KV per token per GPU at TP 4 is still 16,384 B.\n\n"       // 8
      "KV per token per GPU at TP 4 is 32,768 B.\n\n"             // 10
      "| # | Metric | Expected |\n|---|---|---|\n"
      "| 4 | KV cache per token, per GPU | 131,072 B |\n"           // 14
      "| 5 | KV cache per token, per GPU | 16,384 B |\n\n"          // 15
      "| item | check | value |\n|---|---|---|\n"
      "| D8 | KV cache per token per GPU | 16,384 B |\n\n"         // 19
      "The box says 80 GB of HBM3 per GPU.\n");                   // 21
  EXPECT_EQ(verdict(r, 8, "kv_per_token"), "wrong") << findings_text(r);
  EXPECT_NE(verdict(r, 8, "tp"), "wrong");
  EXPECT_EQ(verdict(r, 10, "kv_per_token"), "correct");
  EXPECT_EQ(verdict(r, 14, "kv_per_token"), "wrong");
  EXPECT_EQ(verdict(r, 15, "kv_per_token"), "correct");
  EXPECT_EQ(verdict(r, 19, "kv_per_token"), "correct");
  EXPECT_EQ(verdict(r, 21, "gpu_memory_capacity"), "correct");
  // DeepSeek-V3's MLA caches one 576-wide latent per layer on every TP rank: 61 x 576 x 2 B = 70,272 B per token per
  // GPU at any TP; "70,272 / TP 8 = 8,784 B" splits what is not split.
  const CheckReport mla = check_whole(
      "---\nmodel: deepseek-v3\ncluster: {gpu: h200, gpus: 16, gpus_per_node: 8}\n"
      "workload: {input_tokens: 4096, output_tokens: 1024}\nruntime: {engine: sglang, memory_fraction: 0.88}\n"
      "strategy: {tp: 8, dp: 2, ep: 16}\n---\n"
      "| item | check | value |\n|---|---|---|\n| D8 | KV cache per token per GPU | 8,784 B (70,272 / TP 8) |\n");
  EXPECT_EQ(verdict(mla, 10, "kv_per_token"), "wrong") << findings_text(mla);
  for (const auto& f : mla.findings)
    if (f.line == 10 && f.quantity == "kv_per_token") {
      EXPECT_EQ(*f.expected, 70272);
    }
}


TEST(CheckReading, AFormulasOperandCountsMoeLayers) {
  // Qwen3-235B-A22B: 94 layers, all MoE (decoder_sparse_step 1). "16 x 92 MoE layers" miscounts them: wrong (and
  // 16 x 92 = 1,472 is not the 16 x 94 = 1,504 experts a GPU holds at EP 8). Llama-4-Maverick interleaves: 24 of its
  // 48 layers are MoE; at PP 2 a stage holds 12, so "12 MoE layers x 16 x 125.8M x 2 B" on one GPU is its stage's.
  const CheckReport q = check_whole(
      "---\nmodel: qwen3-235b-a22b\ncluster: {gpu: h200, gpus: 8, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nruntime: {engine: sglang, memory_fraction: 0.88}\n"
      "strategy: {tp: 8, ep: 8}\n---\n"
      "Each GPU holds 16 x 92 MoE layers = 1,472 expert instances.\n");
  EXPECT_EQ(verdict(q, 8, "layers"), "wrong") << findings_text(q);
  const CheckReport m = check_whole(
      "---\nmodel: llama-4-maverick\ncluster: {gpu: h100-sxm, gpus: 16, gpus_per_node: 8}\n"
      "workload: {input_tokens: 2048, output_tokens: 512}\nruntime: {engine: vllm, memory_fraction: 0.9}\n"
      "strategy: {tp: 8, pp: 2, ep: 8}\n---\n"
      "Routed experts per GPU: 12 MoE layers x 16 x 125.8M x 2 B = 48.3 GB.\n");
  EXPECT_EQ(verdict(m, 8, "layers"), "correct") << findings_text(m);
}


TEST(CheckReading, APrefillTimeForAStatedPromptIsBoundedLikeATtft) {
  // DeepSeek-V3 on 8 x H200: a 3,072-token prompt needs at least 2 x 36.6e9 active parameters x 3,072 = 2.25e14 FLOP;
  // at 8 x 1,979 TFLOP/s (FP8, the fastest the H200 has) that is >= 14.2 ms, so "finishing in 4 ms" is impossible.
  // 60 ms is slower than the bound: a prefill time is not judged by the prediction.
  const CheckReport r = check_whole(
      "---\nmodel: deepseek-v3\ncluster: {gpu: h200, gpus: 8, gpus_per_node: 8}\n"
      "workload: {input_tokens: 3072, output_tokens: 512}\nruntime: {engine: sglang, memory_fraction: 0.88}\n"
      "strategy: {tp: 8, ep: 8}\n---\n"
      "A vendor reported a 3,072-token prefill finishing in 4 ms on this node.\n\n"   // 8
      "Prefill of one 3,072-token prompt takes about 60 ms here.\n\n"                 // 10
      "Each 512-token prefill chunk takes 1 ms.\n");                                  // 12: a chunk: not read
  EXPECT_EQ(verdict(r, 8, "ttft"), "impossible") << findings_text(r);
  EXPECT_NE(verdict(r, 10, "ttft"), "impossible");
  EXPECT_EQ(verdict(r, 12, "ttft"), "");
}


TEST(CheckReading, ANameDividedByADegreeIsARatioNotTheDegree) {
  // Mixtral-8x7B at TP 4, EP 4: 8 experts / EP 4 = 2 per GPU per MoE layer, 2 x 32 MoE layers = 64 in total. "E/EP =
  // 8/4 = 2" states that ratio, not an EP of 2.
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "- experts per GPU: E/EP = 8/4 = 2 per layer, 2 · 32 = 64 over all layers;\n");  // line 7
  EXPECT_EQ(verdict(r, 7, "ep"), "") << findings_text(r);
  EXPECT_EQ(verdict(r, 7, "experts_per_gpu"), "correct");
}


TEST(CheckReading, ALayoutWithoutExpertParallelismRunsEpOne) {
  // Mixtral-8x7B on 4 GPUs at TP 4, EP 4: 8 / 4 = 2 experts per GPU per MoE layer, 64 over its 32 MoE layers. "TP = 4
  // without expert parallelism" is EP 1 (ETP 4): a slice of all 8 experts of each layer, 8 x 32 = 256 per GPU.
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "Option 3: TP = 4 without expert parallelism: every GPU holds a slice of all 8 experts in each layer, so 256 "
      "expert slices per GPU in total.\n");  // line 7
  int experts = 0;
  for (const auto& f : r.findings)
    if (f.line == 7 && f.quantity.starts_with("experts_per_gpu")) {
      ++experts;
      EXPECT_EQ(to_string(f.verdict), "correct") << findings_text(r);
    }
  EXPECT_EQ(experts, 2);
}

}  // namespace
}  // namespace moeplan

namespace moeplan {
namespace {

TEST(CheckReading, TheModelSharedOutAmongGpusIsOneGpusWeights) {
  // Mixtral-8x7B BF16 on 4 GPUs at TP 4, EP 4: the model is 46.703 B x 2 B = 93.41 GB; each GPU holds a quarter of
  // everything, 23.35 GB (attention, embedding and LM head / TP 4, 2 of 8 experts per MoE layer), so "93.4 GB / 4
  // GPUs" is one GPU's weights and right; "93.4 GB / 8 GPUs = 11.7 GB" is no GPU's (wrong); 3 GB / 4 GPUs divides
  // some other size, not read. 23.353 GB = 21.75 GiB: "~23.35 GiB" writes the GB figure in GiB (25.07 GB), a slip
  // the hedge does not cover; "~21.75 GiB" is right.
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "- Spread evenly: 93.4 GB / 4 GPUs = 23.35 GB per GPU.\n"    // 7
      "- The wiki said 93.4 GB / 8 GPUs = 11.7 GB per GPU.\n"      // 8
      "- A 3 GB scratch pool / 4 GPUs = 0.75 GB per GPU.\n"        // 9
      "- Weights per GPU: ~23.35 GiB.\n"                            // 10
      "- Weights per GPU: ~21.75 GiB.\n");                          // 11
  EXPECT_EQ(verdict(r, 7, "weights_per_gpu"), "correct") << findings_text(r);
  EXPECT_EQ(verdict(r, 8, "weights_per_gpu"), "wrong");
  EXPECT_EQ(verdict(r, 9, "weights_per_gpu"), "");
  EXPECT_EQ(verdict(r, 10, "weights_per_gpu"), "wrong");
  EXPECT_EQ(verdict(r, 11, "weights_per_gpu"), "correct");
}

TEST(CheckReading, AKvPoolInTheOtherUnitAndAPoolNamedAfterItsFigure) {
  // Mixtral-8x7B BF16 on 4 H100 at TP 4, EP 4 under vLLM 0.9: the engine may use 0.9 x 85.52 = 76.97 GB; weights
  // 23.35 GB, activations 0.55 GB and the 3.85 GB reserve leave 49.21 GB = 45.83 GiB for the KV cache. "49.2 GiB"
  // writes the GB figure in GiB (wrong); "45.8 GiB" is right. "The old sheet used 60.5 GB of KV pool" names a pool
  // (the noun right after it) that even without activations and reserve cannot be left: 76.97 - 23.35 = 53.62 GB.
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "- KV pool per GPU: 49.2 GiB.\n"                                // 7
      "- KV pool per GPU: 45.8 GiB.\n"                                // 8
      "- The old sheet used 60.5 GB of KV pool per GPU.\n");          // 9
  EXPECT_EQ(verdict(r, 7, "kv_budget"), "wrong") << findings_text(r);
  EXPECT_EQ(verdict(r, 8, "kv_budget"), "correct");
  EXPECT_EQ(verdict(r, 9, "kv_budget"), "wrong");
}

TEST(CheckReading, AnotherLayoutsExactWeightsWhereTheParagraphSaysWhatWouldBe) {
  // Mixtral-8x7B BF16 on 4 GPUs at TP 4, EP 4: 23.35 GB of weights per GPU. On 2 GPUs at TP 2 each holds half the
  // model, 93.41 / 2 = 46.70 GB (moeplan evaluate --strategy tp=2,ep=2 on 2 GPUs: 46,704,107,520 B). "If we only had
  // two GPUs, each would carry 46.7 GB" is that layout's figure (not judged); said of the deployment it is wrong; and
  // with "EP 4" stated no valid layout with EP 4 holds 46.7 GB per GPU (on 4 GPUs 23.35 GB, on 8 GPUs less), so it is
  // wrong there too.
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "If we only had two GPUs, each would carry 46.7 GB of weights.\n\n"   // 7
      "Each GPU carries 46.7 GB of weights.\n\n"                             // 9
      "With EP 4 each GPU would carry 46.7 GB of weights.\n\n"             // 11
      "If we only had two GPUs, the KV per token per GPU would be 65,536 B.\n\n"  // 13
      "The KV per token per GPU is 65,536 B.\n");                              // 15
  // One GPU's KV per token: 32 layers x 8 KV heads x 128 x 2 (K, V) x 2 B = 131,072 B for the model; TP 4 leaves 2 KV
  // heads per GPU, 32,768 B; TP 2 (the two-GPU layout) 65,536 B.
  EXPECT_EQ(verdict(r, 13, "kv_per_token"), "not_understood");
  EXPECT_EQ(verdict(r, 15, "kv_per_token"), "wrong");
  EXPECT_EQ(verdict(r, 7, "weights_per_gpu"), "not_understood") << findings_text(r);
  EXPECT_EQ(verdict(r, 9, "weights_per_gpu"), "wrong");
  EXPECT_EQ(verdict(r, 11, "weights_per_gpu"), "wrong");
}

TEST(CheckReading, ADollarSignIsNeitherOperandNorUnit) {
  // 16 x 2.10 x 8,760 = 294,336, not 249,984: a cost's arithmetic is checked like any other, the currency sign before
  // each amount notwithstanding. In LaTeX the math delimiters are no operands either: 1,024 x 16 = 16,384 (right) and
  // 1,024 x 16 = 16,834 (a digit swap, wrong); "16{,}384" is TeX's thousands separator.
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "Annual cost: 16 x $2.10 x 8,760 = $249,984.\n\n"   // 7
      "Annual cost: 16 x $2.10 x 8,760 = $294,336.\n\n"   // 9
      "The batch: $1{,}024 \\times 16 = 16{,}384$ tokens.\n\n"   // 11
      "The batch: $1{,}024 \\times 16 = 16{,}834$ tokens.\n");    // 13
  EXPECT_EQ(wrongs_on(r, 7), 1) << findings_text(r);
  EXPECT_EQ(wrongs_on(r, 9), 0);
  EXPECT_EQ(wrongs_on(r, 11), 0);
  EXPECT_EQ(wrongs_on(r, 13), 1);
}

TEST(CheckReading, ALineAboutOneGpuInASectionOnFewerGpus) {
  // Mixtral-8x7B BF16 is 93.41 GB (46.70 B parameters x 2 B); one GPU holds all of it, the one layout one GPU allows.
  // Under a heading about fewer GPUs that states no degree, "on a single H100 the 93.4 GB of weights" is that layout's
  // figure (right), and 46.7 GB there is wrong; the deployment's own 23.35 GB per GPU (TP 4, EP 4) is not what the line
  // is about.
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "### Can we run it on fewer GPUs?\n\n"                                            // 7
      "Not really: on a single H100 the 93.4 GB of weights per GPU would not fit.\n\n"  // 9
      "Not really: on a single H100 the 46.7 GB of weights per GPU would not fit.\n");   // 11
  EXPECT_EQ(verdict(r, 9, "weights_per_gpu"), "correct") << findings_text(r);
  EXPECT_EQ(verdict(r, 11, "weights_per_gpu"), "wrong");
}

TEST(CheckReading, TheOneLineOfASectionThatStatesDegreesStatesTheSections) {
  // Llama-4-Scout BF16 on 4 B200 at TP 4, EP 4; the section is about 8 GPUs at TP 8, EP 8, which its one line of degrees
  // states. There one GPU holds 2 of the 16 experts of each of the 48 MoE layers: 2 x 48 x 125,829,120 x 2 B =
  // 24.159 GB, plus shared experts 1.510, attention 0.755 (TP 8), embedding and LM head 0.259 each (TP 8) and router
  // and norms 0.009: 26.95 GB (moeplan evaluate --strategy tp=8,ep=8 on 8 b200: 26.950 GB). Under the section's GPU
  // count with the deployment's TP 4 (the reading before) it would be 29.73 GB or more. A line that names an
  // alternative of its own ("rejected: EP 16") is not the section's layout.
  const CheckReport r = check_whole(
      "---\nmodel: llama-4-scout\ncluster: {gpu: b200, gpus: 4, gpus_per_node: 8}\n"
      "workload: {input_tokens: 8192, output_tokens: 1024}\nstrategy: {tp: 4, ep: 4}\n---\n"
      "### Optional larger configuration (8 x B200)\n\n"                          // 7
      "- GPUs: 8 in the same node; TP 8, EP 8, so 2 experts per GPU per layer.\n"  // 9
      "- Weights per GPU 26.95 GB.\n"                                              // 10
      "- Alternative considered and rejected: EP 16 on the same 8 GPUs.\n");      // 11
  EXPECT_EQ(verdict(r, 10, "weights_per_gpu"), "correct") << findings_text(r);
}

TEST(CheckReading, AKvFigureOfAPipelineStageUnderALayoutWithoutOne) {
  // DeepSeek-V3 on 16 H200 at TP 8, DP 2, EP 16, no pipeline: the MLA latent is (512 + 64) x 2 B = 1,152 B per layer,
  // whole on every GPU, so one GPU holds 61 x 1,152 = 70,272 B per token. "35,712 B on stage 0 and 34,560 B on stage 1"
  // are 31 and 30 layers' worth, a layout with two pipeline stages (TP 1 PP 2 on 2 GPUs among others), which the line
  // does not spell out: not judged. 36,500 B is no whole number of layers (36,500 / 1,152 = 31.7): wrong under any
  // layout. Without a stage named, 35,712 B is wrong for this deployment.
  const CheckReport r = check_whole(
      "---\nmodel: deepseek-v3\ncluster: {gpu: h200, gpus: 16, gpus_per_node: 8}\n"
      "workload: {input_tokens: 3072, output_tokens: 1024}\nstrategy: {tp: 8, dp: 2, ep: 16}\n---\n"
      "- KV per token per GPU: 35,712 B on stage 0 and 34,560 B on stage 1.\n"   // 7
      "- KV per token per GPU: 36,500 B on stage 1.\n"                            // 8
      "- KV per token per GPU: 35,712 B.\n");                                     // 9
  EXPECT_EQ(verdict(r, 7, "kv_per_token"), "not_understood") << findings_text(r);
  EXPECT_EQ(wrongs_on(r, 7), 0);
  EXPECT_EQ(verdict(r, 8, "kv_per_token"), "wrong");
  EXPECT_EQ(verdict(r, 9, "kv_per_token"), "wrong");
}

TEST(CheckReading, AModelCountBesideTheComponentItIncludesIsNotThatComponent) {
  // gpt-oss-120b: 5.133 B active per token without the input embedding, 5.712 B with it (moeplan inspect); the
  // embedding itself is 201,088 x 2,880 = 579.13 M parameters. "Count the embedding too and it's 5.71B" counts the
  // model, not the embedding: not judged as the embedding's size. "The embedding alone is 0.9B parameters" is.
  const CheckReport r = check_whole(
      "---\nmodel: gpt-oss-120b\ncluster: {gpu: h100-sxm, gpus: 1, gpus_per_node: 8}\n"
      "workload: {input_tokens: 1024, output_tokens: 1024}\nstrategy: {tp: 1}\n---\n"
      "The card says 5.13B active, that's without the input embedding. Count the embedding too and it's 5.71B.\n\n"  // 7
      "The embedding alone is 0.9B parameters.\n");                                                                  // 9
  EXPECT_EQ(wrongs_on(r, 7), 0) << findings_text(r);
  EXPECT_EQ(verdict(r, 9, "params_total"), "wrong");
}

TEST(CheckReading, AParenthesisSpeaksOfTheModelNamedRightBeforeIt) {
  // Mixtral-8x7B has 32 layers. "The old Llama-3.1-70B fleet (that one ran 80 dense layers on 24 A100s)" counts that
  // model's layers (Llama-3.1-70B has 80), on another scale: not this deployment's. Without the model named before the
  // parenthesis, 40 layers said of the deployment's model is wrong.
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "We moved off the old Llama-3.1-70B fleet (that one ran 80 dense layers on 24 A100s, for comparison).\n\n"  // 7
      "We moved off the old fleet (this model ran 40 layers on 24 A100s, for comparison).\n");                      // 9
  EXPECT_EQ(wrongs_on(r, 7), 0) << findings_text(r);
  EXPECT_EQ(verdict(r, 9, "layers"), "wrong");
}

TEST(CheckReading, TheRequestsAKvPoolHolds) {
  // Mixtral-8x7B BF16 on 4 H100 at TP 4, EP 4 (one DP rank) under vLLM 0.9: a KV budget of 76.97 - 23.35 - 0.55 - 3.85
  // = 49.21 GB per GPU; a request of 2,048 + 512 = 2,560 tokens keeps 2,560 x 32,768 B = 83,886,080 B of KV on each GPU
  // (2 of the 8 KV heads), so the rank holds floor(49.21e9 / 83,886,080) = 586 requests (moeplan evaluate: 586). Every
  // GPU of the rank holds a slice of the same requests: 4 x 586 = 2,344 "for the deployment" counts each GPU as a rank
  // (wrong; the deployment has one rank, 586). 300 is no slip check knows: not judged. "At 64 concurrent requests" is
  // a load, and the 2,560 of "2,560-token requests" a length: no counts of what the pool holds.
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "The KV cache holds 586 requests of 2,560 tokens.\n\n"                                   // 7
      "The KV pool holds 586 full requests per GPU, so 2,344 for the deployment.\n\n"          // 9
      "The KV pool holds 300 requests.\n\n"                                                    // 11
      "At 64 concurrent requests the KV cache is far from full.\n\n"                          // 13
      "How many 2,560-token requests fit in the KV cache?\n");                                  // 15
  EXPECT_EQ(verdict(r, 7, "kv_requests"), "correct") << findings_text(r);
  EXPECT_EQ(wrongs_on(r, 9), 1);
  EXPECT_EQ(verdict(r, 11, "kv_requests"), "not_understood");
  EXPECT_EQ(verdict(r, 13, "kv_requests"), "");
  EXPECT_EQ(verdict(r, 15, "kv_requests"), "");
}

TEST(CheckReading, ACommaBetweenALetterAndADigitSeparatesCsvCells) {
  // Mixtral-8x7B on H100: the H100 SXM preset's HBM is 3.35 TB/s per GPU; "hbm_bandwidth,gpu,3.35,TB/s" is that figure
  // in a CSV row, and 4.8 TB/s (an H200's) there is wrong. Digits either side of a comma still group thousands.
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "hbm_bandwidth,gpu,3.35,TB/s,datasheet\n\n"   // 7
      "hbm_bandwidth,gpu,4.8,TB/s,datasheet\n");     // 9
  EXPECT_EQ(verdict(r, 7, "bandwidth"), "correct") << findings_text(r);
  EXPECT_EQ(verdict(r, 9, "bandwidth"), "wrong");
}

TEST(CheckReading, ByteUnitsSpelledOut) {
  // The H100's driver reports 81,559 MiB = 85.52 GB = 79.65 GiB: "85.5 gibibytes" writes the GB figure in GiB (wrong),
  // "79.65 gibibytes" is right. Mixtral-8x7B at TP 4, EP 4 puts 23.35 GB of weights on a GPU: "about 23 gigs".
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "The H100 has 85.5 gibibytes of memory.\n\n"     // 7
      "The H100 has 79.65 gibibytes of memory.\n\n"    // 9
      "Each GPU holds about 23 gigs of weights.\n");    // 11
  EXPECT_EQ(verdict(r, 7, "gpu_memory_capacity"), "wrong") << findings_text(r);
  EXPECT_EQ(verdict(r, 9, "gpu_memory_capacity"), "correct");
  EXPECT_EQ(verdict(r, 11, "weights_per_gpu"), "correct");
}

TEST(CheckReading, ARateAtOneRequestIsBoundedByOneRequestsStep) {
  // Mixtral-8x7B BF16 on 4 H100 at TP 4, EP 4: one request alone makes each decode step read, per layer, a GPU's
  // attention shard (4,096 x (4,096 + 1,024 + 1,024 + 4,096) / 4 x 2 B = 20.97 MB) and at least one of its 2 routed
  // experts (3 x 4,096 x 14,336 x 2 B = 352.3 MB) on some GPU: 32 x 373.3 MB = 11.95 GB at 3.35 TB/s = 3.57 ms, so a
  // single stream makes at most 1 / 3.57 ms = 280 output tokens/s: 5,000 is impossible, 250 is not. The batch size 1 of
  // the first clause does not bind the rate of the second, at 586 in flight (moeplan predicts 3,814 tokens/s there).
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "Single-stream decode reaches 5,000 output tokens/s.\n\n"                                                   // 7
      "Single-stream decode reaches 250 output tokens/s.\n\n"                                                     // 9
      "TPOT 5 ms at batch size 1; decode throughput 3,800 output tokens/s at 586 concurrent requests.\n");        // 11
  EXPECT_EQ(verdict(r, 7, "throughput"), "impossible") << findings_text(r);
  EXPECT_NE(verdict(r, 9, "throughput"), "impossible");
  EXPECT_NE(verdict(r, 11, "throughput"), "impossible");
}

TEST(CheckReading, AFigureNoLayoutDecidesIsJudgedInAnAlternativeThatCannotBeRebuilt) {
  // An H100 SXM's NVLink is 450 GB/s per direction (h100-sxm preset; 900 GB/s counts both): wrong in a degraded mode
  // that states no degrees as anywhere else on these GPUs. One GPU's weights there depend on the layout it does not
  // state: not judged.
  const CheckReport r = check_whole(std::string(kMixtralOn4H100) +
      "- **Degraded mode:** we restart on the healthy GPUs; NVLink runs at 900 GB/s per direction and each GPU holds "
      "30 GB of weights.\n");  // 7
  EXPECT_EQ(verdict(r, 7, "bandwidth"), "wrong") << findings_text(r);
  EXPECT_EQ(verdict(r, 7, "weights_per_gpu"), "not_understood");
}

}  // namespace
}  // namespace moeplan
