// The HTML report prints the same numbers as the JSON report (it formats the
// same Plan / SearchResult); the browser tests (tests/browser/) check what
// Chromium draws from it.
#include "render/html.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "check/claims.h"
#include "check/markdown.h"
#include "check/writer.h"
#include "cli/cli.h"
#include "placement/routing_stats.h"
#include "render/deployment.h"
#include "render/format.h"
#include "render/report.h"
#include "render/svg.h"
#include "search/disagg.h"
#include "search/search.h"
#include "spec/scenario.h"

namespace moeplan {
namespace {

const std::string kSourceDir = MOEPLAN_SOURCE_DIR;

size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

// The value of `attr="..."` in the element whose id is `id`.
std::string attr_of(const std::string& html, const std::string& id, const std::string& attr) {
  const size_t at = html.find("id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  const size_t tag_begin = html.rfind('<', at), tag_end = html.find('>', at);
  const std::string tag = html.substr(tag_begin, tag_end - tag_begin);
  const size_t v = tag.find(attr + "=\"");
  if (v == std::string::npos) return "";
  const size_t begin = v + attr.size() + 2;
  return tag.substr(begin, tag.find('"', begin) - begin);
}

// The text between the element with id `id` and its closing tag.
std::string text_of(const std::string& html, const std::string& id) {
  const size_t at = html.find("id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  const size_t begin = html.find('>', at) + 1;
  return html.substr(begin, html.find('<', begin) - begin);
}

// Every value of `attr="..."` in document order.
std::vector<double> all_values(const std::string& html, const std::string& attr) {
  std::vector<double> out;
  const std::string needle = attr + "=\"";
  for (size_t at = html.find(needle); at != std::string::npos; at = html.find(needle, at + 1))
    out.push_back(std::strtod(html.c_str() + at + needle.size(), nullptr));
  return out;
}

void expect_self_contained(const std::string& html) {
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count(html, "http://"), 0u);
  EXPECT_EQ(count(html, "https://"), 0u);
  EXPECT_EQ(count(html, " src="), 0u);
  EXPECT_EQ(count(html, "url("), 0u);
  EXPECT_EQ(count(html, "prefers-color-scheme:dark"), 1u);
  EXPECT_EQ(count(html, "@media print"), 1u);
}

TEST(Svg, EscapesText) { EXPECT_EQ(svg::escape("<a & \"b\" 'c'>"), "&lt;a &amp; &quot;b&quot; &#39;c&#39;&gt;"); }

TEST(Svg, NiceTicks) {
  // 0 .. 2988 over about 6 ticks: raw step 498 -> 500: 0, 500, ..., 2500.
  EXPECT_EQ(svg::linear_ticks(0, 2988), (std::vector<double>{0, 500, 1000, 1500, 2000, 2500}));
  // 2 .. 120 spans 3 decades (10^0 .. 10^3): 1-2-5 steps inside the range.
  EXPECT_EQ(svg::log_ticks(2, 120), (std::vector<double>{2, 5, 10, 20, 50, 100}));
  // 0.001 .. 20 spans 5 decades: powers of ten only.
  EXPECT_EQ(svg::log_ticks(0.001, 20).size(), 5u);  // 0.001, 0.01, 0.1, 1, 10
}

TEST(Svg, ChartMapsDataToPixels) {
  svg::Chart c(600, 400, {"x (ms)", 0, 100, false, 1, {}}, {"y (tokens/s)", 0, 10, false, 1, {}}, "t");
  // Default margins: left 64, right 16 -> plot 64..584; top 44, bottom 46 -> 44..354.
  EXPECT_DOUBLE_EQ(c.x(0), 64);
  EXPECT_DOUBLE_EQ(c.x(50), 324);
  EXPECT_DOUBLE_EQ(c.y(10), 44);
  EXPECT_DOUBLE_EQ(c.y(0), 354);
  svg::Chart l(600, 400, {"x (ms)", 1, 100, true, 1, {}}, {"y", 0, 1, false, 1, {}}, "t");
  EXPECT_DOUBLE_EQ(l.x(10), 324);  // a decade of two is halfway
  // The frame carries the title, both axis titles with their units and the ticks.
  c.vline(50, "limit", "target 50 ms");
  const std::string out = c.render();
  for (const char* part : {">t</text>", ">x (ms)</text>", ">y (tokens/s)</text>", ">100</text>", ">target 50 ms</text>"})
    EXPECT_NE(out.find(part), std::string::npos) << part;
  EXPECT_NE(out.find("<line x1=\"324\" y1=\"44\" x2=\"324\" y2=\"354\" class=\"limit\"/>"), std::string::npos);
}

class SeedPlanHtml : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scenario_ = new Scenario(load_scenario(kSourceDir + "/examples/seed/scenario.yaml"));
    result_ = new SearchResult(search_plans(*scenario_, SearchOptions{}));
    html_ = new std::string(render_search_html(*result_));
    json_ = new nlohmann::json(search_json(*result_));
  }
  static void TearDownTestSuite() {
    delete json_;
    delete html_;
    delete result_;
    delete scenario_;
  }
  static Scenario* scenario_;
  static SearchResult* result_;
  static std::string* html_;
  static nlohmann::json* json_;
};
Scenario* SeedPlanHtml::scenario_ = nullptr;
SearchResult* SeedPlanHtml::result_ = nullptr;
std::string* SeedPlanHtml::html_ = nullptr;
nlohmann::json* SeedPlanHtml::json_ = nullptr;

TEST_F(SeedPlanHtml, KeepsEveryEvaluatedPoint) {
  // One point per strategy x concurrency evaluation (741 on the seed when
  // this was written; the figure belongs to the serving model, not to this test).
  ASSERT_GT(result_->evaluated_count, result_->strategies_considered);
  ASSERT_EQ(result_->points.size(), static_cast<size_t>(result_->evaluated_count));
  for (const EvaluatedPoint& p : result_->points) {
    ASSERT_LT(static_cast<size_t>(p.strategy), result_->evaluated_strategies.size());
    EXPECT_GT(p.output_tokens_per_s_per_gpu, 0);
    EXPECT_GT(p.concurrency_per_dp_rank, 0);
  }
  // The recommended candidate is one of them, with the same figures.
  const Candidate& best = result_->candidates.front();
  bool found = false;
  for (const EvaluatedPoint& p : result_->points) {
    const EvaluatedStrategy& s = result_->evaluated_strategies[static_cast<size_t>(p.strategy)];
    if (s.strategy == best.strategy && p.concurrency_per_dp_rank == best.concurrency_per_dp_rank) {
      found = true;
      EXPECT_EQ(p.output_tokens_per_s_per_gpu, best.performance.output_tokens_per_s_per_gpu);
      EXPECT_EQ(p.ttft_s, best.performance.ttft_s);
      EXPECT_EQ(p.tpot_s, best.performance.tpot_s);
      EXPECT_TRUE(p.latency_met);
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(SeedPlanHtml, NumbersEqualTheJson) {
  const std::string& h = *html_;
  const nlohmann::json& j = *json_;
  expect_self_contained(h);
  // Two charts, one circle per evaluation in each.
  EXPECT_EQ(count(h, "<circle class=\"pt"), 2 * j["evaluated_count"].get<size_t>());
  EXPECT_EQ(text_of(h, "evaluated-count"), std::to_string(j["evaluated_count"].get<int>()));
  EXPECT_EQ(text_of(h, "strategies-considered"), std::to_string(j["strategies_considered"].get<int>()));
  const double tput = j["recommended"]["performance"]["output_tokens_per_s_per_gpu"];
  EXPECT_EQ(std::strtod(attr_of(h, "rec-tput", "data-v").c_str(), nullptr), tput);
  EXPECT_EQ(text_of(h, "rec-tput"), fmt_int(tput));
  EXPECT_EQ(std::strtod(attr_of(h, "rec-ttft", "data-v").c_str(), nullptr),
            j["recommended"]["performance"]["ttft_s"].get<double>());
  const auto& rs = j["recommended"]["strategy"];
  const int instances = rs["instances"].get<int>();
  EXPECT_EQ(text_of(h, "recommended-strategy"),
            fmt::format("tp={} pp={} dp={} ep={} etp={}", rs["tp"].get<int>(), rs["pp"].get<int>(), rs["dp"].get<int>(),
                        rs["ep"].get<int>(), rs["etp"].get<int>()) +
                (instances > 1 ? fmt::format(" instances={}", instances) : ""));
  // Every candidate's figures, in the table's data-v cells.
  const std::vector<double> cells = all_values(h, "data-v");
  for (const auto& c : j["candidates"]) {
    const double v = c["performance"]["output_tokens_per_s_per_gpu"];
    EXPECT_NE(std::find(cells.begin(), cells.end(), v), cells.end()) << v;
  }
  // Rejected strategies by reason, each with its count.
  for (const auto& [reason, n] : j["rejected"].items()) EXPECT_EQ(count(h, "data-reason=\"" + reason + "\""), 1u) << reason;
  // Memory per stage of the recommended and the reference plan, in order.
  std::vector<double> totals;
  for (const char* which : {"recommended", "reference"}) {
    std::vector<double> by_stage(static_cast<size_t>(j[which]["strategy"]["pp"].get<int>()));
    for (const auto& g : j[which]["memory"]["per_gpu"]) by_stage[g["stage"].get<size_t>()] = g["total_bytes"];
    totals.insert(totals.end(), by_stage.begin(), by_stage.end());
  }
  EXPECT_EQ(all_values(h, "data-total-bytes"), totals);
}

TEST(HtmlReport, EvaluateNumbersEqualTheJson) {
  const Scenario sc = load_scenario(kSourceDir + "/examples/seed/scenario.yaml");
  const Plan p = evaluate_plan(sc, *sc.strategy);
  const std::string h = render_plan_html(p);
  const nlohmann::json j = plan_json(p);
  expect_self_contained(h);
  EXPECT_EQ(text_of(h, "plan-tput"), fmt_int(j["performance"]["output_tokens_per_s_per_gpu"].get<double>()));
  EXPECT_EQ(std::strtod(attr_of(h, "plan-tput", "data-v").c_str(), nullptr),
            j["performance"]["output_tokens_per_s_per_gpu"].get<double>());
  std::vector<double> predicted;
  for (const auto& c : j["slo"]["checks"]) predicted.push_back(c["predicted"]);
  EXPECT_EQ(all_values(h, "data-predicted"), predicted);
  EXPECT_EQ(predicted.size(), 2u);              // ttft and throughput
  EXPECT_EQ(count(h, "data-total-bytes"), 4u);  // PP 4
}

TEST(HtmlReport, EvaluateShowsTheScenarioPlacement) {
  Scenario sc = load_scenario(kSourceDir + "/examples/seed/scenario.yaml");
  sc.placement.skew = "zipf:1.01:0";
  const Plan p = evaluate_plan(sc, *sc.strategy);
  ASSERT_TRUE(p.placement.has_value());
  const std::string h = render_plan_html(p);
  // The seed's 16 MoE layers, one heatmap row each, with the plan's max/mean.
  EXPECT_EQ(count(h, "<g data-layer="), 16u);
  std::vector<double> expected;
  for (const auto& l : p.placement->layers) expected.push_back(l.max_over_mean);
  EXPECT_EQ(all_values(h, "data-max-over-mean"), expected);
  // Without routing statistics there is no placement section.
  sc.placement.skew.clear();
  EXPECT_EQ(count(render_plan_html(evaluate_plan(sc, *sc.strategy)), "<g data-layer="), 0u);
}

TEST(HtmlReport, PlacementBeforeAndAfter) {
  PlacementSpec spec;
  spec.experts = 16;
  spec.slots = 20;  // 4 redundant
  spec.gpus = 4;
  const RoutingStats stats = synthetic_routing_stats(parse_skew("zipf:1.01:0"), 3, 16);
  const PlacementResult before = place_experts(spec, stats, PlacementAlgorithm::kLinear);
  const PlacementResult after = place_experts(spec, stats, PlacementAlgorithm::kBest);
  const std::string h = render_placement_html(before, after, "zipf");
  expect_self_contained(h);
  EXPECT_EQ(count(h, "<svg class=\"chart heatmap\""), 2u);
  EXPECT_EQ(count(h, "<g data-layer="), 6u);  // 3 layers x 2 heatmaps
  std::vector<double> expected;
  for (const PlacementResult* r : {&before, &after})
    for (const auto& l : r->layers) expected.push_back(l.max_over_mean);
  EXPECT_EQ(all_values(h, "data-max-over-mean"), expected);
  EXPECT_EQ(std::strtod(attr_of(h, "after-max-over-mean", "data-v").c_str(), nullptr), after.summary.max_over_mean);
  EXPECT_LT(after.summary.max_over_mean, before.summary.max_over_mean);
}

TEST(HtmlReport, CheckMarksEveryClaim) {
  const MarkdownDocument doc = load_markdown(kSourceDir + "/tests/data/check/seed_original.md");
  const Scenario sc = parse_scenario(doc.front_matter->text, "front matter");
  const CheckReport r = check_document(doc, extract_claims(doc), &sc, CheckOptions{});
  const std::string h = render_check_html(r, doc, apply_fixes(r, doc));
  const nlohmann::json j = check_json(r);
  expect_self_contained(h);
  // Every claim marked once, by its verdict, with the counts of the JSON (on
  // the seed when this was written: 46 claims, 34 correct, 5 wrong, 6 unsupported).
  const nlohmann::json& sum = j["summary"];
  ASSERT_GT(sum["claims"].get<int>(), 0);
  ASSERT_GT(sum["wrong"].get<int>(), 0);
  EXPECT_EQ(text_of(h, "claims-count"), std::to_string(sum["claims"].get<int>()));
  EXPECT_EQ(count(h, "data-verdict="), sum["claims"].get<size_t>());
  for (const char* v : {"correct", "wrong", "ambiguous", "unsupported", "impossible", "unverifiable"}) {
    EXPECT_EQ(text_of(h, std::string("count-") + v), std::to_string(sum[v].get<int>())) << v;
    EXPECT_EQ(count(h, std::string("data-verdict=\"") + v + "\""), sum[v].get<size_t>()) << v;
  }
  // The text is escaped: the document's "÷" stays, no raw '<' from it.
  EXPECT_NE(h.find("10B ÷ 32 GPUs"), std::string::npos);
}

int run(const std::vector<std::string>& args, std::string* out_text = nullptr, std::string* err_text = nullptr);

// A disaggregated deployment (issue 10): the rate match, the KV transfer and
// each pool, every figure equal to the JSON report's.
TEST(HtmlReport, DisaggregatedPoolsEqualTheJson) {
  // SGLang's 96 x H100 deployment of DeepSeek-V3: prefill dp=24 ep=24, decode dp=72 ep=72, one instance each.
  Scenario sc = load_scenario(kSourceDir + "/examples/disagg/sglang-96xh100.yaml");
  sc.placement.skew = "zipf:1.01:0";  // routing statistics: each pool places its experts
  const auto d = plan_disaggregated(sc, make_cost_models(sc));
  ASSERT_TRUE(d.has_value());
  const std::string h = render_deployment_html(sc, *d, "evaluate");
  const nlohmann::json j = deployment_json(sc, *d);
  expect_self_contained(h);
  EXPECT_EQ(text_of(h, "dis-ratio"), j["rate_match"]["ratio"].get<std::string>());  // "1P:1D": both counts are given
  EXPECT_EQ(std::strtod(attr_of(h, "dis-tput", "data-v").c_str(), nullptr), j["rate_match"]["output_tokens_per_s_per_gpu"].get<double>());
  EXPECT_EQ(text_of(h, "dis-tput"), fmt_int(j["rate_match"]["output_tokens_per_s_per_gpu"].get<double>()));
  EXPECT_EQ(std::strtod(attr_of(h, "dis-ttft", "data-v").c_str(), nullptr), j["ttft_s"].get<double>());
  EXPECT_EQ(std::strtod(attr_of(h, "kv-seconds", "data-v").c_str(), nullptr), j["kv_transfer"]["seconds"].get<double>());
  // One section per pool, in the JSON's order, each with its memory by stage and its instances.
  std::vector<double> totals;
  for (const auto& pool : j["pools"]) {
    const std::string role = pool["role"];
    EXPECT_NE(h.find("<section class=\"pool pool-" + role + "\" id=\"pool-" + role + "\""), std::string::npos) << role;
    EXPECT_EQ(attr_of(h, "pool-" + role + "-instances", "data-v"), std::to_string(pool["instances"].get<int>()));
    EXPECT_EQ(std::strtod(attr_of(h, "pool-" + role + "-memory", "data-v").c_str(), nullptr), pool["memory"]["total_bytes_max"].get<double>());
    for (const auto& t : pool["memory"]["per_stage_total_bytes"]) totals.push_back(t);
  }
  EXPECT_EQ(all_values(h, "data-total-bytes"), totals);
  EXPECT_EQ(totals.size(), 2u);  // PP 1 in both pools
  EXPECT_EQ(std::strtod(attr_of(h, "pool-decode-tpot", "data-v").c_str(), nullptr), j["pools"][1]["performance"]["tpot_s"].get<double>());
  // The decode pool's decode step by op, inside its section; the prefill pool's prefill chunk.
  const size_t decode_at = h.find("id=\"pool-decode\"");
  EXPECT_GT(h.find("Decode step of stage", decode_at), decode_at);
  EXPECT_LT(h.find("Prefill chunk of stage"), decode_at);
  // The rate match: both capacities, as the JSON has them.
  EXPECT_EQ(all_values(h, "data-capacity"), (std::vector<double>{j["rate_match"]["prefill_capacity_requests_per_s"].get<double>(),
                                                                  j["rate_match"]["decode_capacity_requests_per_s"].get<double>()}));
  // Each pool's expert placement: 58 MoE layers of DeepSeek-V3, one heatmap row each.
  EXPECT_EQ(count(h, "<g data-layer="), 2u * 58u);
  EXPECT_EQ(all_values(h, "data-predicted").size(), j["slo"]["checks"].size());
}

// plan with serving mode auto: the disaggregated deployment in the Pareto
// charts, ranked in the candidate table and counted on the frontier as the
// JSON ranks it, with the comparison.
TEST(HtmlCli, AutoPlanRanksTheDisaggregatedDeploymentAsTheJson) {
  const std::string scenario = kSourceDir + "/examples/disagg/auto-96xh100.yaml";
  const std::string path = ::testing::TempDir() + "/moeplan_auto.html";
  std::string json_text, err;
  ASSERT_EQ(run({"plan", scenario, "--format", "json"}, &json_text, &err), 0) << err;
  ASSERT_EQ(run({"plan", scenario, "--format", "html", "-o", path}, nullptr, &err), 0) << err;
  std::ifstream f(path);
  const std::string h((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const nlohmann::json j = nlohmann::json::parse(json_text);
  // Rows of the candidate table, and where the disaggregated one is.
  const size_t body = h.find("<tbody>", h.find("id=\"candidates\""));
  const std::string rows = h.substr(body, h.find("</tbody>", body) - body);
  EXPECT_EQ(count(rows, "<tr"), j["candidates"].size());
  size_t dis_rank = 0;
  for (size_t i = 0; i < j["candidates"].size(); ++i)
    if (j["candidates"][i]["kind"] == "disaggregated") dis_rank = i;
  size_t row = 0;
  for (size_t at = rows.find("<tr"); at < rows.find("id=\"dis-row\""); at = rows.find("<tr", at + 1)) ++row;
  EXPECT_EQ(row - 1, dis_rank);
  EXPECT_EQ(text_of(h, "pareto-count"), std::to_string(j["pareto"].size()));
  EXPECT_EQ(text_of(h, "winner"), j["comparison"]["winner"].get<std::string>());
  // One disaggregated mark in each Pareto chart, at the JSON's throughput per GPU.
  EXPECT_EQ(all_values(h, "class=\"mark-dis\" x").size(), 2u);
  EXPECT_EQ(std::strtod(attr_of(h, "dis-tput", "data-v").c_str(), nullptr),
            j["deployment"]["rate_match"]["output_tokens_per_s_per_gpu"].get<double>());
  EXPECT_NE(h.find("id=\"pool-prefill\""), std::string::npos);
  EXPECT_NE(h.find("id=\"pool-decode\""), std::string::npos);
  // Disaggregated wins here, so the report ends with how it launches: the pools' roles and the router, as
  // `moeplan export --explain` prints them for the scenario's engine (SGLang).
  const size_t at = h.find("<pre id=\"launch\">");
  ASSERT_NE(at, std::string::npos);
  const std::string launch = h.substr(at, h.find("</pre>", at) - at);
  EXPECT_EQ(j["comparison"]["winner"], "disaggregated");
  EXPECT_NE(launch.find("--disaggregation-mode"), std::string::npos);
  EXPECT_NE(launch.find("router (clients send requests here)"), std::string::npos);
}

int run(const std::vector<std::string>& args, std::string* out_text, std::string* err_text) {
  std::ostringstream out, err;
  const int rc = run_cli(args, out, err);
  if (out_text) *out_text = out.str();
  if (err_text) *err_text = err.str();
  return rc;
}

// The plan report ends with how the recommendation launches on the scenario's
// engine: the same table `moeplan export --explain` prints.
TEST(HtmlCli, PlanReportShowsTheLaunchOfTheRecommendation) {
  const std::string path = ::testing::TempDir() + "/moeplan_launch.html";
  const std::string scenario = kSourceDir + "/tests/data/export/mixtral-vllm-8xh100.yaml";
  ASSERT_EQ(run({"plan", scenario, "--format", "html", "-o", path}), 0);
  std::ifstream f(path);
  const std::string h((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const size_t at = h.find("<pre id=\"launch\">");
  ASSERT_NE(at, std::string::npos);
  const std::string launch = h.substr(at, h.find("</pre>", at) - at);
  EXPECT_NE(launch.find("vllm 0.15"), std::string::npos);
  EXPECT_NE(launch.find("--tensor-parallel-size"), std::string::npos);
}

TEST(HtmlCli, WritesTheFileAndRejectsBadFlags) {
  const std::string path = ::testing::TempDir() + "/moeplan_report.html";
  std::string out, err;
  ASSERT_EQ(run({"evaluate", kSourceDir + "/examples/seed/scenario.yaml", "--format", "html", "-o", path}, &out, &err), 1) << err;  // 1: the seed misses its throughput objective
  EXPECT_EQ(out, "");
  std::ifstream f(path);
  std::stringstream text;
  text << f.rdbuf();
  EXPECT_NE(text.str().find("id=\"plan-tput\""), std::string::npos);
  EXPECT_EQ(run({"evaluate", kSourceDir + "/examples/seed/scenario.yaml", "--format", "htm"}, &out, &err), 2);
  EXPECT_NE(err.find("--format: unknown value 'htm' (did you mean 'html'?)"), std::string::npos) << err;
  EXPECT_EQ(
      run({"place", "--skew", "zipf:1.01:0", "--experts", "16", "--layers", "2", "--gpus", "4", "--json", "--format", "html"},
          &out, &err),
      2);
  EXPECT_NE(err.find("--json and --format html: give one, not both"), std::string::npos) << err;
  EXPECT_EQ(
      run({"place", "--skew", "zipf:1.01:0", "--experts", "16", "--layers", "2", "--gpus", "4", "--format", "html"}, &out, &err),
      0);
  EXPECT_EQ(count(out, "<g data-layer="), 4u);
}

}  // namespace
}  // namespace moeplan
