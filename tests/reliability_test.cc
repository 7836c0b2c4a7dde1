// Issue 13's reproducers (tests/data/reliability/, from a fuzzing and
// extreme-input campaign), replayed through the whole CLI: each exits 0, 1 or
// 2 well within a second, invalid ones exit 2 with one message naming the
// file, the field and the value, and no output carries inf, NaN or invalid
// UTF-8.
#include "cli/cli.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include "check/markdown.h"
#include "spec/scenario.h"
#include "spec/text.h"

namespace moeplan {
namespace {

const std::string kDir = std::string(MOEPLAN_SOURCE_DIR) + "/tests/data/reliability/";

#if defined(MOEPLAN_SANITIZED)
constexpr double kSecondsLimit = 20;  // ASan + UBSan run some 5-10 times slower
#else
constexpr double kSecondsLimit = 1;
#endif

struct Case {
  std::string label;
  std::vector<std::string> args;  // file arguments are relative to kDir
  int exit_code;
  std::vector<std::string> needles;  // each must appear on stderr (exit 2) or stdout (else)
};

std::string Path(const std::string& name) { return kDir + name; }

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      // R1: invalid UTF-8 in structured input is refused at the door, with the byte offset.
      {"R1 evaluate non-UTF-8 name", {"evaluate", Path("utf8_scenario_name.yaml"), "--json"}, 2,
       {"utf8_scenario_name.yaml:1: not valid UTF-8: byte 0xE9 at byte offset 6"}},
      {"R1 plan non-UTF-8 name", {"plan", Path("utf8_scenario_name.yaml"), "--format", "json"}, 2,
       {"utf8_scenario_name.yaml:1", "byte offset 6"}},
      {"R1 inspect non-UTF-8 model", {"inspect", Path("utf8_model.yaml"), "--json"}, 2,
       {"utf8_model.yaml:2: not valid UTF-8: byte 0xE9 at byte offset 22"}},
      // R1: a document's invalid byte becomes U+FFFD; the JSON report is valid UTF-8.
      {"R1 check json non-UTF-8", {"check", Path("utf8_check_min.md"), "--format", "json"}, 0, {"\"findings\""}},
      // R2: JSON numbers out of range.
      {"R2 hf 1e400", {"inspect", Path("hf_number_overflow.json")}, 2,
       {"hf_number_overflow.json: not valid JSON", "number overflow parsing '1e400'"}},
      {"R2 routing 1e400", {"place", "--load", Path("routing_number_overflow.json"), "--gpus", "1"}, 2,
       {"routing_number_overflow.json: not valid JSON", "'1e400'"}},
      {"R2 libFuzzer hf artifact", {"inspect", Path("libfuzzer_hf_crash_number_overflow.json")}, 2,
       {"libfuzzer_hf_crash_number_overflow.json:49: not valid UTF-8: byte 0x97 at byte offset 1294"}},
      // R3: nesting is bounded before parsing (spec/text.h kMaxJsonDepth = 64).
      {"R3 deep routing", {"place", "--load", Path("deep_json_routing.json"), "--gpus", "8"}, 2,
       {"deep_json_routing.json: JSON nested more than 64 levels deep"}},
      {"R3 deep hf", {"inspect", Path("deep_json_hf_config.json")}, 2,
       {"deep_json_hf_config.json: JSON nested more than 64 levels deep"}},
      // R4: a zero step would divide by zero.
      {"R4 moe_layer_freq 0", {"inspect", Path("hf_deepseek_moe_layer_freq_0.json")}, 2,
       {"hf_deepseek_moe_layer_freq_0.json: moe_layer_freq: must be at least 1", "got 0"}},
      {"R4 libFuzzer div by zero", {"inspect", Path("libfuzzer_hf_crash_div_by_zero.json")}, 2,
       {"libfuzzer_hf_crash_div_by_zero.json: moe_layer_freq: must be at least 1", "got 0"}},
      // R5/R6: sizes above spec/limits.h, for HF configs as for YAML.
      {"R5 layers 1e12", {"inspect", Path("hf_num_hidden_layers_1e12.json")}, 2,
       {"hf_num_hidden_layers_1e12.json: num_hidden_layers: 1000000000000 is implausibly large (limit 10000)"}},
      {"R5 layers INT64_MAX", {"inspect", Path("hf_num_hidden_layers_int64max.json")}, 2,
       {"hf_num_hidden_layers_int64max.json: num_hidden_layers: 9223372036854775807 is implausibly large (limit 10000)"}},
      {"R6 head_dim 2^62", {"inspect", Path("hf_head_dim_2pow62.json")}, 2,
       {"hf_head_dim_2pow62.json: head_dim: 4611686018427387904 is implausibly large (limit 65536)"}},
      {"R6 kv_lora_rank INT64_MAX", {"inspect", Path("hf_deepseek_kv_lora_rank_int64max.json")}, 2,
       {"hf_deepseek_kv_lora_rank_int64max.json: kv_lora_rank: 9223372036854775807 is implausibly large (limit 1048576)"}},
      {"R6 qk_rope_head_dim INT64_MAX", {"inspect", Path("hf_deepseek_qk_rope_head_dim_int64max.json")}, 2,
       {"hf_deepseek_qk_rope_head_dim_int64max.json: qk_rope_head_dim: 9223372036854775807 is implausibly large (limit 65536)"}},
      {"R6 2^32+8 experts", {"inspect", Path("hf_num_local_experts_2pow32plus8.json")}, 2,
       {"hf_num_local_experts_2pow32plus8.json: num_local_experts: 4294967304 is implausibly large (limit 1024)"}},
      // R7: a double that is not an integer never reaches a cast.
      {"R7 gpus 1e30", {"evaluate", Path("integer_field_1e30.yaml")}, 2,
       {"integer_field_1e30.yaml:20: cluster.gpus: expected an integer, got '1e30'"}},
      // R7: 99 TB of KV space holds 4.45e13 requests of 2 tokens (89,096,149,868,904 tokens / 2); requests in flight
      // stop at the concurrency limit, 100,000,000, in evaluate and plan alike.
      // The KV cache holds 4.45e13 requests; vLLM runs at most 1024 sequences at once (its
      // max_num_seqs default on a >= 70 GiB GPU), so 1024 are in flight, not a wrapped integer.
      {"R7 KV capacity evaluate", {"evaluate", Path("kv_capacity_over_int_max.yaml")}, 0,
       {"requests in flight:   1024 (1024 per DP replica", "holds 44,548,074,934,452 requests"}},
      {"R7 KV capacity plan", {"plan", Path("kv_capacity_over_int_max.yaml"), "--format", "json"}, 0, {"\"concurrency\": 1024"}},
      // R8: a flag value is checked before arithmetic (8 + 2^31-1 slots overflowed to a negative count).
      {"R8 --redundant 2^31-1", {"place", "--skew", "zipf:1:0", "--experts", "8", "--layers", "1", "--gpus", "8",
                                 "--redundant", "2147483647"}, 2,
       {"--redundant: 2147483647 is implausibly large (limit 65536)"}},
      // R9: loads whose sum would be inf.
      {"R9 loads 1e308", {"place", "--load", Path("routing_loads_near_dbl_max.json"), "--gpus", "2"}, 2,
       {"routing_loads_near_dbl_max.json: expert_load[0][0]: token count 1e+308 is implausibly large (limit 1e+15)"}},
      // R10: work bounded by the limits.
      {"R10 100k experts", {"evaluate", Path("experts_100k_skew.yaml")}, 2,
       {"experts_100k_skew.yaml:2: model.num_experts: 100000 is implausibly large (limit 1024)"}},
      {"R10 --gpus-max 1e6", {"plan", Path("gpus_1e6_for_gpus_max.yaml"), "--gpus-max", "1000000"}, 2,
       {"--gpus-max: must be between 1 and 4096, got 1000000"}},
      {"R10 cluster.gpus 1e6", {"plan", Path("gpus_1e6_for_gpus_max.yaml")}, 2,
       {"gpus_1e6_for_gpus_max.yaml:20: cluster.gpus: 1000000 is implausibly large (limit 65536)"}},
      {"R10 place 1e6 x 1e5", {"place", "--skew", "zipf:1.01:0", "--experts", "1000000", "--layers", "100000", "--gpus", "8"},
       2, {"--experts: 1000000 is implausibly large (limit 1024)"}},
      {"R10 place 1024 x 1000", {"place", "--skew", "zipf:1.01:0", "--experts", "1024", "--layers", "1000", "--gpus", "8"},
       2, {"--experts 1024 x --layers 1000: 1024000 expert-layers is implausibly many (limit 131072)"}},
      // R11: assumptions are sentences.
      {"R11 assumptions", {"evaluate", Path("assumptions_not_strings.yaml")}, 2,
       {"assumptions_not_strings.yaml:8: assumptions[0]: expected a sentence, got a list"}},
      // R12: messages name the scenario file and field.
      {"R12 auto in evaluate", {"evaluate", Path("scenario_redundant_auto_evaluate.yaml")}, 2,
       {"scenario_redundant_auto_evaluate.yaml: placement.redundant_experts: 'auto'"}},
      {"R12 missing model.config", {"evaluate", Path("missing_model_config_mapping.yaml")}, 2,
       {"missing_model_config_mapping.yaml:13: model.config: config file 'missing_config.json' not found"}},
      {"R12 missing routing_stats", {"evaluate", Path("missing_routing_stats.yaml")}, 2,
       {"missing_routing_stats.yaml:29: placement.routing_stats: routing statistics 'missing_stats.csv' not found"}},
      {"R12 missing profile", {"evaluate", Path("missing_profile.yaml")}, 2,
       {"missing_profile.yaml:29: calibration.profile: profile 'missing_profile.csv' not found"}},
      // R13: --fix output; exit 1 (findings) is an answer, not a failure of the tool.
      {"R13 fixed document", {"check", Path("fix_not_idempotent_deepseek_v3_h100.fixed.md")}, 1, {}},
  };
  return cases;
}

TEST(Reliability, EveryReproducerExitsCleanlyAndQuickly) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.label);
    std::ostringstream out, err;
    const auto start = std::chrono::steady_clock::now();
    const int rc = run_cli(c.args, out, err);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(rc, c.exit_code) << err.str();
    EXPECT_LT(seconds, kSecondsLimit);
    const std::string& text = rc == 2 ? err.str() : out.str();
    for (const auto& needle : c.needles) EXPECT_NE(text.find(needle), std::string::npos) << "missing: " << needle << "\nin: " << text;
    if (rc == 2) {
      EXPECT_TRUE(out.str().empty()) << out.str();
      EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << "one line of error: " << text;
    }
    for (const std::string& s : {out.str(), err.str()}) {
      EXPECT_FALSE(first_invalid_utf8(s).has_value()) << "invalid UTF-8 in output";
      for (const char* bad : {" inf", " nan", "-nan", "NaN", "Infinity"})
        EXPECT_EQ(s.find(bad), std::string::npos) << "'" << bad << "' in output";
    }
  }
}

TEST(Reliability, CarriageReturnsAloneAreLineBreaks) {
  // Old Mac line endings: three lines, the heading on line 1, "b" on line 3.
  const MarkdownDocument doc = parse_markdown("# A\ra\rb\r", "cr.md");
  EXPECT_EQ(doc.line_count(), 3);
  EXPECT_EQ(doc.line(3), "b");
}

TEST(Reliability, CarriageReturnsAloneEndScenarioLines) {
  // The seed scenario with CR-only line endings reads as with LF: same strategy, 4 x 4 x 2 = 32 GPUs.
  const Scenario sc = parse_scenario(
      "model: seed-16x16\rcluster: {gpu: h100-sxm, gpus: 32, gpus_per_node: 8}\rworkload:\r  input_tokens: 2048\r"
      "  output_tokens: 512\rstrategy: {tp: 4, pp: 4, dp: 2, ep: 8}\r",
      "cr.yaml");
  ASSERT_TRUE(sc.strategy.has_value());
  EXPECT_EQ(sc.strategy->gpus(), 32);
  EXPECT_EQ(sc.workload.output_tokens, 512);
}

TEST(Reliability, InvalidBytesInADocumentBecomeReplacementCharacters) {
  // "x\xE9y" -> "x" U+FFFD "y": 1 + 3 + 1 = 5 bytes on line 1.
  const MarkdownDocument doc = parse_markdown("x\xE9y\n", "latin1.md");
  EXPECT_EQ(doc.line(1), "x\xEF\xBF\xBDy");
}

}  // namespace
}  // namespace moeplan
