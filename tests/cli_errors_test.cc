// Bad input through the whole CLI: every case must exit 2, print nothing on
// stdout, and give one message naming the file, the dotted field path and the
// offending value (with a did-you-mean where one applies). Scenarios are small
// edits of one valid scenario, written to temp files; config.json cases use
// tests/data/hf and tests/data/bad.
#include "cli/cli.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace moeplan {
namespace {

const std::string kSourceDir = MOEPLAN_SOURCE_DIR;
const std::string kBadDir = kSourceDir + "/tests/data/bad/";
const std::string kHfDir = kSourceDir + "/tests/data/hf/";

// A valid scenario (checked by BaseScenarioIsValid); each case edits it.
const std::string kBase =
    "model: seed-16x16\n"                          // line 1
    "cluster:\n"                                   // 2
    "  gpu: h100-sxm\n"                            // 3
    "  gpus: 32\n"                                 // 4
    "  gpus_per_node: 8\n"                         // 5
    "workload:\n"                                  // 6
    "  input_tokens: 2048\n"                       // 7
    "  output_tokens: 512\n"                       // 8
    "strategy: {tp: 4, pp: 4, dp: 2, ep: 8}\n";    // 9

// kBase with the first `from` replaced by `to`; a text that fails every
// needle when `from` is missing (a mistake in this file).
std::string Edit(const std::string& from, const std::string& to) {
  std::string text = kBase;
  const size_t at = text.find(from);
  if (at == std::string::npos) return "# EDIT FAILED: '" + from + "' is not in kBase\n";
  return text.replace(at, from.size(), to);
}

// --- the bad scenarios (also replayed by the no-crash tests) ---
const std::string kClustr = Edit("cluster:", "clustr:");
const std::string kSlos = kBase + "slos:\n  ttft: \"2 s\"\n";
const std::string kInputToken = Edit("  input_tokens: 2048", "  input_token: 2048");
const std::string kGpuFieldTypo = Edit("  gpu: h100-sxm", "  gpu: {preset: h100-sxm, memroy: \"64 GB\"}");
const std::string kGpuH10 = Edit("gpu: h100-sxm", "gpu: h10");
const std::string kDeepseekV4 = Edit("model: seed-16x16", "model: deepseek-v4");
const std::string kMixtral8x7 = Edit("model: seed-16x16", "model: mixtral-8x7");
const std::string kPresetKeyTypo = Edit("model: seed-16x16", "model: {preset: mixtral-8x7}");
const std::string kGpusMany = Edit("gpus: 32", "gpus: \"many\"");
const std::string kGpusList = Edit("gpus: 32", "gpus: [32]");
const std::string kGpusFraction = Edit("gpus: 32", "gpus: 2.5");
const std::string kWorkloadList =
    Edit("workload:\n  input_tokens: 2048\n  output_tokens: 512\n", "workload: [2048, 512]\n");
const std::string kCrossNodeMaybe = Edit("  gpus_per_node: 8\n", "  gpus_per_node: 8\n  allow_cross_node_tp: maybe\n");
const std::string kZeroGpus = Edit("gpus: 32", "gpus: 0");
const std::string kNegativeTokens = Edit("input_tokens: 2048", "input_tokens: -5");
const std::string kHugeHidden = Edit("model: seed-16x16", "model: {preset: seed-16x16, hidden_size: 1000000000}");
const std::string kHugeGpus = Edit("gpus: 32", "gpus: 10000000");
const std::string kHugeMemory = Edit("  gpu: h100-sxm", "  gpu: {preset: h100-sxm, memory: \"64 PB\"}");
const std::string kTtftNoUnit = kBase + "slo: {ttft: 2}\n";
const std::string kMemoryBadUnit = Edit("  gpu: h100-sxm", "  gpu: {preset: h100-sxm, memory: \"64 GX\"}");
const std::string kHeadsNotDivisible = Edit("model: seed-16x16\n",
                                            "model:\n"
                                            "  hidden_size: 4096\n"
                                            "  num_layers: 16\n"
                                            "  vocab_size: 32000\n"
                                            "  num_heads: 32\n"
                                            "  num_kv_heads: 5\n"
                                            "  dense_intermediate_size: 14336\n");
const std::string kTopKTooBig = Edit("model: seed-16x16", "model: {preset: seed-16x16, experts_per_token: 20}");
const std::string kUnknownDtype = Edit("model: seed-16x16", "model: {preset: seed-16x16, weight_dtype: int3}");
const std::string kStrategyProduct = Edit("dp: 2", "dp: 4");
const std::string kEpNotDividing = Edit("model: seed-16x16", "model: {preset: seed-16x16, num_experts: 12}");
const std::string kTpCrossesNode = Edit("{tp: 4, pp: 4, dp: 2, ep: 8}", "{tp: 16, pp: 2, dp: 1, ep: 16}");
const std::string kDenseWithEp = Edit("model: seed-16x16", "model: llama-3.1-70b");
const std::string kLayersSum = Edit("ep: 8}", "ep: 8, layers_per_stage: [4, 4, 4, 3]}");
const std::string kLayersZero = Edit("ep: 8}", "ep: 8, layers_per_stage: [0, 8, 4, 4]}");
const std::string kOverflowingDegrees = Edit("{tp: 4, pp: 4, dp: 2, ep: 8}", "{tp: 65536, pp: 65536}");
const std::string kNodes = Edit("  gpus_per_node: 8\n", "  gpus_per_node: 8\n  nodes: 3\n");
const std::string kPartialNode = Edit("gpus: 32", "gpus: 12");
const std::string kNegativeFraction = kBase + "runtime: {memory_fraction: -0.5}\n";
const std::string kFractionAboveOne = kBase + "runtime: {memory_fraction: 1.5}\n";
const std::string kUnknownEngine = kBase + "runtime: {engine: vlm}\n";
const std::string kNoWorkload = Edit("workload:\n  input_tokens: 2048\n  output_tokens: 512\n", "");
const std::string kYamlSyntax = Edit("  gpus: 32\n", "  gpus: 32: 4\n");
const std::string kEmpty = "";
const std::string kCommentOnly = "# nothing here yet\n";
const std::string kBinary = std::string("\x7f" "ELF\0\0\0\x01\x02\0", 11);
const std::string kUnknownArchAbsolute = Edit("model: seed-16x16", "model: {config: " + kHfDir + "unknown_arch.json}");

const std::vector<const std::string*> kAllBadScenarios = {
    &kClustr,         &kSlos,           &kInputToken,       &kGpuFieldTypo,       &kGpuH10,
    &kDeepseekV4,     &kMixtral8x7,     &kPresetKeyTypo,    &kGpusMany,           &kGpusList,
    &kGpusFraction,   &kWorkloadList,   &kCrossNodeMaybe,   &kZeroGpus,           &kNegativeTokens,
    &kHugeHidden,     &kHugeGpus,       &kHugeMemory,       &kTtftNoUnit,         &kMemoryBadUnit,
    &kHeadsNotDivisible, &kTopKTooBig,  &kUnknownDtype,     &kStrategyProduct,    &kEpNotDividing,
    &kTpCrossesNode,  &kDenseWithEp,    &kLayersSum,        &kLayersZero,         &kOverflowingDegrees,
    &kNodes,          &kPartialNode,    &kNegativeFraction, &kFractionAboveOne,   &kUnknownEngine,
    &kNoWorkload,     &kYamlSyntax,     &kEmpty,            &kCommentOnly,        &kBinary,
    &kUnknownArchAbsolute};

// Writes `text` to a new file under the test temp dir; returns its path.
std::string WriteTemp(const std::string& text) {
  static int counter = 0;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string path = ::testing::TempDir() + "moeplan_cli_errors_" + (info ? info->name() : "case") + "_" +
                           std::to_string(++counter) + ".yaml";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

struct Result {
  std::string path;  // the scenario file, when there is one
  int code = -1;
  std::string out, err;
};

Result RunCli(const std::vector<std::string>& args, std::string path = "") {
  std::ostringstream out, err;
  Result r;
  r.path = std::move(path);
  r.code = run_cli(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// `moeplan <command> <temp file holding text> <extra...>`
Result RunText(const std::string& text, const std::vector<std::string>& extra = {},
               const std::string& command = "evaluate") {
  const std::string path = WriteTemp(text);
  std::vector<std::string> args = {command, path};
  args.insert(args.end(), extra.begin(), extra.end());
  return RunCli(args, path);
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// `needle` occurs in `text` as a whole token: "5" does not match inside "15",
// "input_token" does not match inside "input_tokens".
bool HasToken(const std::string& text, const std::string& needle) {
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    const bool left_ok = at == 0 || !IsWordChar(needle.front()) || !IsWordChar(text[at - 1]);
    const size_t end = at + needle.size();
    const bool right_ok = end == text.size() || !IsWordChar(needle.back()) || !IsWordChar(text[end]);
    if (left_ok && right_ok) return true;
  }
  return false;
}

// Exit code 2, nothing on stdout, and every needle in stderr.
::testing::AssertionResult IsBadInput(const Result& r, const std::vector<std::string>& needles) {
  if (r.code != 2)
    return ::testing::AssertionFailure() << "exit code " << r.code << ", want 2\nstderr: " << r.err
                                         << "\nstdout: " << r.out.substr(0, 400);
  if (!r.out.empty()) return ::testing::AssertionFailure() << "stdout not empty: " << r.out << "\nstderr: " << r.err;
  for (const auto& n : needles)
    if (!HasToken(r.err, n)) return ::testing::AssertionFailure() << "stderr lacks '" << n << "':\n" << r.err;
  return ::testing::AssertionSuccess();
}

// Runs `args` in a forked child so that a crash (a signal) fails only the
// calling test; the child exits 0 when run_cli returned one of `codes` with
// stdout empty on failure, 3 when it threw, 10 + code otherwise.
[[noreturn]] void RunInChild(const std::vector<std::string>& args, const std::vector<int>& codes) {
  std::ostringstream out, err;
  int rc = -1;
  try {
    rc = run_cli(args, out, err);
  } catch (...) {
    std::_Exit(3);
  }
  bool ok = false;
  for (int c : codes) ok |= c == rc;
  if (rc != 0 && !out.str().empty()) ok = false;
  std::_Exit(ok ? 0 : 10 + rc);
}

void ExpectNoCrash(const std::vector<std::string>& args, const std::vector<int>& codes = {2}) {
  EXPECT_EXIT(RunInChild(args, codes), ::testing::ExitedWithCode(0), "")
      << "args: " << args[0] << " " << (args.size() > 1 ? args[1] : "") << " " << (args.size() > 3 ? args[3] : "");
}

TEST(CliErrors, BaseScenarioIsValid) {
  const Result r = RunText(kBase);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

// --- unknown keys, with did-you-mean ---

TEST(CliErrors, UnknownTopLevelKeyReplacingRequiredSection) {
  const Result r = RunText(kClustr);
  EXPECT_TRUE(IsBadInput(r, {r.path, "clustr", "did you mean 'cluster'"}));
}

TEST(CliErrors, UnknownTopLevelKeyReplacingOptionalSection) {
  const Result r = RunText(kSlos);
  EXPECT_TRUE(IsBadInput(r, {r.path, ":10:", "slos", "did you mean 'slo'"}));
}

TEST(CliErrors, UnknownNestedKey) {
  const Result r = RunText(kInputToken);
  EXPECT_TRUE(IsBadInput(r, {r.path, "workload.input_token", "did you mean 'input_tokens'"}));
}

TEST(CliErrors, UnknownKeyInGpuMapping) {
  const Result r = RunText(kGpuFieldTypo);
  EXPECT_TRUE(IsBadInput(r, {r.path, "cluster.gpu.memroy", "did you mean 'memory'"}));
}

TEST(CliErrors, UnknownGpuPreset) {
  const Result r = RunText(kGpuH10);
  EXPECT_TRUE(IsBadInput(r, {r.path, "cluster.gpu", "'h10'", "did you mean 'h100-sxm'"}));
}

TEST(CliErrors, UnknownModelPresetDeepseek) {
  const Result r = RunText(kDeepseekV4);
  EXPECT_TRUE(IsBadInput(r, {r.path, "model", "'deepseek-v4'", "did you mean 'deepseek-v3'"}));
}

TEST(CliErrors, UnknownModelPresetMixtral) {
  const Result r = RunText(kMixtral8x7);
  EXPECT_TRUE(IsBadInput(r, {r.path, "model", "'mixtral-8x7'", "did you mean 'mixtral-8x7b'"}));
}

TEST(CliErrors, UnknownModelPresetInMapping) {
  const Result r = RunText(kPresetKeyTypo);
  EXPECT_TRUE(IsBadInput(r, {r.path, "model.preset", "'mixtral-8x7'", "did you mean 'mixtral-8x7b'"}));
}

TEST(CliErrors, InspectUnknownModelPreset) {
  const Result r = RunCli({"inspect", "deepseek-v4"});
  EXPECT_TRUE(IsBadInput(r, {"'deepseek-v4'", "did you mean 'deepseek-v3'"}));
}

TEST(CliErrors, UnknownSubcommand) {
  const std::string path = WriteTemp(kBase);
  const Result r = RunCli({"evalute", path});
  EXPECT_TRUE(IsBadInput(r, {"'evalute'", "did you mean 'evaluate'"}));
}

TEST(CliErrors, UnknownEngine) {
  const Result r = RunText(kUnknownEngine);
  EXPECT_TRUE(IsBadInput(r, {r.path, "runtime.engine", "'vlm'", "did you mean 'vllm'"}));
}

TEST(CliErrors, UnknownDtype) {
  const Result r = RunText(kUnknownDtype);
  EXPECT_TRUE(IsBadInput(r, {r.path, "model.weight_dtype", "'int3'"}));
}

// --- wrong types ---

TEST(CliErrors, StringWhereIntegerExpected) {
  const Result r = RunText(kGpusMany);
  EXPECT_TRUE(IsBadInput(r, {r.path, "cluster.gpus", "'many'"}));
}

TEST(CliErrors, ListWhereIntegerExpected) {
  const Result r = RunText(kGpusList);
  EXPECT_TRUE(IsBadInput(r, {r.path, "cluster.gpus", "list"}));
}

TEST(CliErrors, FractionWhereIntegerExpected) {
  const Result r = RunText(kGpusFraction);
  EXPECT_TRUE(IsBadInput(r, {r.path, "cluster.gpus", "'2.5'"}));
}

TEST(CliErrors, ListWhereMappingExpected) {
  const Result r = RunText(kWorkloadList);
  EXPECT_TRUE(IsBadInput(r, {r.path, "workload", "mapping", "list"}));
}

TEST(CliErrors, NotABoolean) {
  const Result r = RunText(kCrossNodeMaybe);
  EXPECT_TRUE(IsBadInput(r, {r.path, "cluster.allow_cross_node_tp", "'maybe'"}));
}

// --- zero, negative and absurd sizes; units ---

TEST(CliErrors, ZeroGpus) {
  const Result r = RunText(kZeroGpus);
  EXPECT_TRUE(IsBadInput(r, {r.path, "cluster.gpus", "0"}));
}

TEST(CliErrors, NegativeTokens) {
  const Result r = RunText(kNegativeTokens);
  EXPECT_TRUE(IsBadInput(r, {r.path, "workload.input_tokens", "-5"}));
}

TEST(CliErrors, AbsurdHiddenSize) {
  const Result r = RunText(kHugeHidden);
  EXPECT_TRUE(IsBadInput(r, {r.path, "model.hidden_size", "1000000000"}));
}

TEST(CliErrors, AbsurdGpuCount) {
  const Result r = RunText(kHugeGpus);
  EXPECT_TRUE(IsBadInput(r, {r.path, "cluster.gpus", "10000000"}));
}

TEST(CliErrors, AbsurdGpuMemory) {
  const Result r = RunText(kHugeMemory);
  EXPECT_TRUE(IsBadInput(r, {r.path, "cluster.gpu.memory", "64 PB"}));
}

TEST(CliErrors, QuantityWithoutUnit) {
  const Result r = RunText(kTtftNoUnit);
  EXPECT_TRUE(IsBadInput(r, {r.path, "slo.ttft", "'2'", "unit"}));
}

TEST(CliErrors, QuantityWithUnknownUnit) {
  const Result r = RunText(kMemoryBadUnit);
  EXPECT_TRUE(IsBadInput(r, {r.path, "cluster.gpu.memory", "64 GX", "'GX'"}));
}

TEST(CliErrors, NegativeMemoryFraction) {
  const Result r = RunText(kNegativeFraction);
  EXPECT_TRUE(IsBadInput(r, {r.path, "runtime.memory_fraction", "-0.5"}));
}

TEST(CliErrors, MemoryFractionAboveOne) {
  const Result r = RunText(kFractionAboveOne);
  EXPECT_TRUE(IsBadInput(r, {r.path, "runtime.memory_fraction", "1.5"}));
}

TEST(CliErrors, MissingRequiredSection) {
  const Result r = RunText(kNoWorkload);
  EXPECT_TRUE(IsBadInput(r, {r.path, "workload", "required"}));
}

// --- model consistency ---

TEST(CliErrors, HeadsNotDivisibleByKvHeads) {
  const Result r = RunText(kHeadsNotDivisible);
  EXPECT_TRUE(IsBadInput(r, {r.path, "model.num_kv_heads", "5", "32"}));
}

TEST(CliErrors, ExpertsPerTokenExceedsExperts) {
  const Result r = RunText(kTopKTooBig);
  EXPECT_TRUE(IsBadInput(r, {r.path, "model.experts_per_token", "20", "16"}));
}

// --- cluster and strategy consistency ---

TEST(CliErrors, NodesTimesGpusPerNodeIsNotGpus) {
  const Result r = RunText(kNodes);
  EXPECT_TRUE(IsBadInput(r, {r.path, "cluster.nodes", "3", "8", "32"}));
}

TEST(CliErrors, GpusDoNotFillWholeNodes) {
  const Result r = RunText(kPartialNode);
  EXPECT_TRUE(IsBadInput(r, {r.path, "cluster.gpus", "12", "8"}));
}

TEST(CliErrors, StrategyProductIsNotGpuCount) {
  const Result r = RunText(kStrategyProduct);
  EXPECT_TRUE(IsBadInput(r, {r.path, "strategy", "64", "32"}));
}

TEST(CliErrors, EpDoesNotDivideExperts) {
  const Result r = RunText(kEpNotDividing);
  EXPECT_TRUE(IsBadInput(r, {r.path, "strategy", "ep", "8", "12"}));
}

TEST(CliErrors, TpCrossesNode) {
  const Result r = RunText(kTpCrossesNode);
  EXPECT_TRUE(IsBadInput(r, {r.path, "strategy", "tp", "16", "8"}));
}

TEST(CliErrors, EpForDenseModel) {
  const Result r = RunText(kDenseWithEp);
  EXPECT_TRUE(IsBadInput(r, {r.path, "strategy", "ep"}));
}

TEST(CliErrors, LayersPerStageDoNotSumToLayers) {
  const Result r = RunText(kLayersSum);
  EXPECT_TRUE(IsBadInput(r, {r.path, "strategy", "layers_per_stage", "15", "16"}));
}

TEST(CliErrors, LayersPerStageWithEmptyStage) {
  const Result r = RunText(kLayersZero);
  EXPECT_TRUE(IsBadInput(r, {r.path, "strategy.layers_per_stage", "0"}));
}

// tp x pp = 2^32 wraps a 32-bit int to 0; must be an input error, not SIGFPE.
TEST(CliErrorsDeathTest, OverflowingDegreesInScenario) {
  const std::string path = WriteTemp(kOverflowingDegrees);
  ExpectNoCrash({"evaluate", path});
}

TEST(CliErrorsDeathTest, OverflowingDegreesInStrategyText) {
  const std::string path = WriteTemp(kBase);
  ExpectNoCrash({"evaluate", path, "--strategy", "tp=65536,pp=65536"});
}

TEST(CliErrors, StrategyTextUnknownDegree) {
  const Result r = RunText(kBase, {"--strategy", "xp=2"});
  EXPECT_TRUE(IsBadInput(r, {"--strategy", "xp", "did you mean"}));
}

TEST(CliErrors, StrategyTextNotANumber) {
  const Result r = RunText(kBase, {"--strategy", "tp=four"});
  EXPECT_TRUE(IsBadInput(r, {"--strategy", "tp", "'four'"}));
}

TEST(CliErrors, UnknownOptionGoesToStderr) {
  const Result r = RunText(kBase, {"--strateg", "tp=4"});
  EXPECT_TRUE(IsBadInput(r, {"--strateg"}));
}

// --- files: config.json, missing, syntax, empty, binary ---

TEST(CliErrors, ConfigJsonOfUnknownArchitecture) {
  const Result r = RunCli({"evaluate", kBadDir + "unknown_arch.yaml"});
  EXPECT_TRUE(IsBadInput(r, {"unknown_arch.json", "model_type", "'totally_new_moe'"}));
}

TEST(CliErrors, ConfigJsonOfUnknownArchitectureAbsolutePath) {
  const Result r = RunText(kUnknownArchAbsolute);
  EXPECT_TRUE(IsBadInput(r, {kHfDir + "unknown_arch.json", "model_type", "'totally_new_moe'"}));
}

TEST(CliErrors, InspectConfigJsonOfUnknownArchitecture) {
  const Result r = RunCli({"inspect", kHfDir + "unknown_arch.json"});
  EXPECT_TRUE(IsBadInput(r, {kHfDir + "unknown_arch.json", "model_type", "'totally_new_moe'"}));
}

TEST(CliErrors, TruncatedConfigJson) {
  const Result r = RunCli({"evaluate", kBadDir + "broken_config.yaml"});
  EXPECT_TRUE(IsBadInput(r, {"broken.json", "JSON", "line"}));
}

TEST(CliErrors, MissingConfigJson) {
  const Result r = RunCli({"evaluate", kBadDir + "missing_config.yaml"});
  EXPECT_TRUE(IsBadInput(r, {"missing_config.yaml", "model", "no_such_config.json", "not found"}));
}

TEST(CliErrors, MissingScenarioFile) {
  const std::string path = ::testing::TempDir() + "moeplan_cli_errors_no_such_scenario.yaml";
  const Result r = RunCli({"evaluate", path});
  EXPECT_TRUE(IsBadInput(r, {path, "not found"}));
}

TEST(CliErrors, StrategiesMissingScenarioFile) {
  const std::string path = ::testing::TempDir() + "moeplan_cli_errors_no_such_scenario.yaml";
  const Result r = RunCli({"strategies", path});
  EXPECT_TRUE(IsBadInput(r, {path, "not found"}));
}

TEST(CliErrors, ScenarioIsADirectory) {
  const Result r = RunCli({"evaluate", kBadDir});
  EXPECT_TRUE(IsBadInput(r, {kBadDir, "directory"}));
}

TEST(CliErrors, YamlSyntaxErrorNamesLine) {
  const Result r = RunText(kYamlSyntax);
  EXPECT_TRUE(IsBadInput(r, {r.path + ":4:", "YAML"}));
}

TEST(CliErrors, EmptyScenario) {
  const Result r = RunText(kEmpty);
  EXPECT_TRUE(IsBadInput(r, {r.path, "empty"}));
}

TEST(CliErrors, CommentOnlyScenario) {
  const Result r = RunText(kCommentOnly);
  EXPECT_TRUE(IsBadInput(r, {r.path, "empty"}));
}

TEST(CliErrors, BinaryScenario) {
  const Result r = RunText(kBinary);
  EXPECT_TRUE(IsBadInput(r, {r.path, "text"}));
}

TEST(CliErrors, BadScenarioThroughStrategiesCommand) {
  const Result r = RunText(kGpuH10, {}, "strategies");
  EXPECT_TRUE(IsBadInput(r, {r.path, "cluster.gpu", "'h10'", "did you mean 'h100-sxm'"}));
}

// --- no bad input crashes ---

TEST(CliErrorsDeathTest, NoBadScenarioCrashesOrThrows) {
  for (const std::string* text : kAllBadScenarios) {
    ASSERT_EQ(text->find("EDIT FAILED"), std::string::npos) << *text;
    const std::string path = WriteTemp(*text);
    for (const char* command : {"evaluate", "strategies"}) ExpectNoCrash({command, path});
    ExpectNoCrash({"inspect", path});
  }
  for (const std::string extra : {"xp=2", "tp=four", "tp=0", "tp=-4", "tp=99999999999", "tp=3", "tp=65536,pp=65536"})
    ExpectNoCrash({"evaluate", WriteTemp(kBase), "--strategy", extra});
  for (const std::string file : {"unknown_arch.yaml", "broken_config.yaml", "missing_config.yaml"})
    ExpectNoCrash({"evaluate", kBadDir + file});
  for (const std::string file : {"unknown_arch.json", "broken.json", "no_such.json"})
    ExpectNoCrash({"inspect", kHfDir + file});
}

// Every prefix of the valid scenario either works or is a clean input error.
TEST(CliErrorsDeathTest, TruncatedScenariosNeverCrash) {
  for (size_t n = 0; n < kBase.size(); n += 3) ExpectNoCrash({"evaluate", WriteTemp(kBase.substr(0, n))}, {0, 2});
}

}  // namespace
}  // namespace moeplan
