#include "render/html.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "render/deployment.h"
#include "render/format.h"
#include "render/svg.h"

namespace moeplan {

namespace {

using svg::escape;
using svg::num;

constexpr double kGb = 1e9;       // bytes per GB: every memory figure is printed in GB
constexpr double kMs = 1e3;       // seconds -> ms on the latency axes
constexpr int kWideChart = 1100;  // px: full-width charts
constexpr int kHalfChart = 540;   // px: two charts side by side

// Colours and layout for light and dark screens and for paper.
constexpr const char* kCss = R"CSS(
:root{--bg:#ffffff;--fg:#1b1f24;--muted:#57606a;--card:#f6f8fa;--border:#d0d7de;--grid:#e7eaee;--plot:#fdfdfe;--pt:#0072B2;--miss:#8c959f}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--card:#161b22;--border:#30363d;--grid:#242a33;--plot:#10151c;--pt:#56B4E9;--miss:#6e7681}
}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;background:var(--bg);color:var(--fg);margin:0 auto;padding:24px 32px 48px;max-width:1180px}
h1{font-size:22px;margin:0 0 2px}
h2{font-size:17px;margin:30px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--border)}
h3{font-size:15px;margin:18px 0 6px}
.meta,.note{color:var(--muted)}.note{font-size:12.5px;margin:4px 0}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:14px 0}
.card{background:var(--card);border:1px solid var(--border);border-radius:8px;padding:10px 14px;min-width:200px;flex:1}
.card.wide{flex:2}.card.wide .v{font-size:17px}.cards.small .card{min-width:110px;padding:8px 12px}
.card[class*=v-]{border-left:4px solid var(--c)}
.card .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .v{font-size:20px;font-weight:600}.card .s{font-size:12.5px;color:var(--muted)}
.card.rec{border-left:4px solid #D55E00}.card.ref{border-left:4px solid var(--fg)}
.warn{border-left:4px solid #E69F00;background:var(--card);padding:8px 12px;margin:12px 0;border-radius:4px}
.ok{color:#009E73;font-weight:600}.bad{color:#D55E00;font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:16px}
svg{max-width:100%;height:auto;display:block}
svg text{fill:var(--fg);font-size:11px;font-family:inherit}
.chart-title{font-weight:600;font-size:13px}.axis-title{font-size:12px;fill:var(--muted)!important}
.grid line{stroke:var(--grid)}.axis{stroke:var(--muted)}.plot-bg{fill:var(--plot)}
.pt{fill:#009E73;fill-opacity:.6;cursor:pointer}.pt.lat{fill:var(--pt);fill-opacity:.45}
.pt.miss{fill:var(--miss);fill-opacity:.3}
.pt:hover,.pt.sel{stroke:var(--fg);stroke-width:2;fill-opacity:1}
.frontier{fill:none;stroke:#E69F00;stroke-width:2.2}
.limit{stroke:#D55E00;stroke-width:1.5;stroke-dasharray:6 4}.limit-label{fill:#D55E00!important}
.mark-rec{fill:#D55E00;stroke:var(--bg);stroke-width:1.5}.mark-ref{fill:none;stroke:var(--fg);stroke-width:2.2}
.mark-label{font-weight:600;paint-order:stroke;stroke:var(--bg);stroke-width:3px}
.mark-dis{fill:#0072B2;stroke:var(--bg);stroke-width:1.5;cursor:pointer}
section.pool{border-left:4px solid var(--c);padding-left:14px;margin-top:26px}
.pool-prefill{--c:#0072B2}.pool-decode{--c:#E69F00}
tr.is-dis td{background:color-mix(in srgb,#0072B2 10%,transparent)}
.seg{stroke:var(--bg);stroke-width:.7}.seg-label{font-size:10.5px;fill:#000!important;pointer-events:none}
.seg-label.on-dark{fill:#fff!important}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;font-size:12.5px;margin:6px 0 4px}
.legend span{display:inline-flex;align-items:center;gap:6px}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;border:1px solid var(--border)}
.sw.line{height:3px;border:none}.sw.dash{height:0;border:none;border-top:2px dashed #D55E00;width:16px}
.sw.dot{border-radius:50%}.sw.ring{border-radius:50%;background:none;border:2px solid var(--fg)}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;width:100%;font-size:13px}
td[data-v]{white-space:nowrap}
th,td{padding:5px 8px;border-bottom:1px solid var(--border);text-align:right;vertical-align:top}
th{background:var(--card);font-weight:600;white-space:nowrap}
table.sortable th{cursor:pointer;user-select:none}table.sortable th:hover{color:#0072B2}
th[data-dir=asc]::after{content:" \25B2"}th[data-dir=desc]::after{content:" \25BC"}
.l{text-align:left}td.nw{white-space:nowrap}details summary{cursor:pointer;color:var(--muted);margin:6px 0}
tr.is-rec td{background:color-mix(in srgb,#D55E00 10%,transparent)}
#details{position:sticky;bottom:0;background:var(--card);border:1px solid var(--border);border-radius:6px;padding:8px 12px;margin-top:10px;min-height:2.6em;font-size:13px}
.doc{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.lines{font:12.5px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--card);border:1px solid var(--border);border-radius:6px;padding:8px 0;overflow-x:auto}
.ln{display:flex;white-space:pre-wrap;word-break:break-word;padding:0 8px}
.ln .no{color:var(--muted);min-width:3.2em;text-align:right;padding-right:10px;user-select:none;flex:none}
.ln.changed{background:color-mix(in srgb,#009E73 14%,transparent)}
mark{color:inherit;background:color-mix(in srgb,var(--c) 28%,transparent);border-bottom:2px solid var(--c);border-radius:2px;cursor:help}
.tag{font:600 10px/1 system-ui,sans-serif;padding:1px 4px;margin-left:3px;border-radius:3px;background:var(--c);color:#000;vertical-align:1px}
.v-correct{--c:#009E73}.v-wrong{--c:#D55E00}.v-impossible{--c:#CC79A7}.v-ambiguous{--c:#E69F00}
.v-unsupported{--c:#F0E442}.v-unverifiable{--c:#999999}
footer{margin-top:32px;color:var(--muted);font-size:12px}
@media print{body{padding:0;max-width:none;font-size:12px}.noprint,#details{display:none}
svg,table,.card,figure{break-inside:avoid}h2{break-after:avoid}
:root{--bg:#fff;--fg:#000;--card:#f6f8fa;--border:#bbb}}
)CSS";

// Sortable tables and click-to-select chart points; the page reads fine without it.
constexpr const char* kJs = R"JS(
function label(p) {  // a chart point's text, kept once in the TPOT chart
  var t = document.querySelector('.pt[data-i="' + p.dataset.i + '"] title');
  return t ? t.textContent : '';
}
function tip(node, text) {
  var t = document.createElementNS(node.namespaceURI, 'title');
  t.textContent = text;
  node.appendChild(t);
}
document.addEventListener('click', function (e) {
  var th = e.target.closest('table.sortable th');
  if (th) {  // sort by this column: numbers by data-v, text otherwise
    var table = th.closest('table'), body = table.tBodies[0], i = th.cellIndex, asc = th.dataset.dir !== 'asc';
    for (var h of table.tHead.rows[0].cells) h.removeAttribute('data-dir');
    th.dataset.dir = asc ? 'asc' : 'desc';
    var rows = Array.from(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[i], y = b.cells[i], u = x.dataset.v, w = y.dataset.v;
      var r = u !== undefined && w !== undefined ? parseFloat(u) - parseFloat(w) : x.textContent.localeCompare(y.textContent);
      return asc ? r : -r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    return;
  }
  var p = e.target.closest('.pt'), details = document.getElementById('details');
  if (p && details) {  // select the point in both charts and show its text
    document.querySelectorAll('.pt.sel').forEach(function (q) { q.classList.remove('sel'); });
    document.querySelectorAll('.pt[data-i="' + p.dataset.i + '"]').forEach(function (q) { q.classList.add('sel'); });
    details.textContent = label(p);
  }
});
document.addEventListener('mouseover', function (e) {
  var p = e.target.closest('.pt'), c = e.target;
  if (p && !p.querySelector('title')) tip(p, label(p));
  if (c.dataset && c.dataset.t !== undefined && !c.firstChild) {  // a heatmap cell: its GPU and tokens
    var g = c.parentNode, k = Array.prototype.indexOf.call(g.querySelectorAll('rect'), c);
    tip(c, 'GPU ' + k + ': ' + Number(c.dataset.t).toLocaleString('en-US') + ' tokens; ' + g.querySelector('title').textContent);
  }
});
)JS";

std::string page(const std::string& title, const std::string& body) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta name=\"color-scheme\" content=\"light dark\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'; img-src data:\">";
  out += "<title>" + escape(title) + "</title><style>" + kCss + "</style></head><body>\n";
  out += body;
  out +=
      "<footer>Written by moeplan. Every figure is taken from the same plan as the text and JSON reports; GB = 1e9 "
      "bytes. Hover a mark for its figures.</footer>\n<script>" +
      std::string(kJs) + "</script></body></html>\n";
  return out;
}

std::string card(const std::string& key, const std::string& value, const std::string& sub, const std::string& cls = "",
                 const std::string& value_attrs = "") {
  return fmt::format(
      "<div class=\"card {}\"><div class=\"k\">{}</div><div class=\"v\"{}{}>{}</div><div class=\"s\">{}</div></div>", cls,
      escape(key), value_attrs.empty() ? "" : " ", value_attrs, escape(value), escape(sub));
}

std::string swatch(const std::string& colour, const std::string& label, const std::string& cls = "") {
  return fmt::format("<span><i class=\"sw {}\" style=\"background:{}\"></i>{}</span>", cls, colour, escape(label));
}

std::string td_num(double v, const std::string& shown, const std::string& id = "") {
  return fmt::format("<td{} data-v=\"{}\">{}</td>", id.empty() ? "" : " id=\"" + id + "\"", fmt::format("{:.17g}", v),
                     escape(shown));
}

// Whether `label` fits in a segment `width` px wide (about 6.2 px per character at 10.5 px).
bool fits_label(double width, const std::string& label) { return width > 6.2 * static_cast<double>(label.size()) + 8; }

// White text on the darker palette colours, black on the rest.
std::string label_class(const char* colour) {
  const std::string c = colour;
  return c == svg::kBlue || c == svg::kBlack || c == svg::kVermillion || c == svg::kDarkGrey ? "seg-label on-dark" : "seg-label";
}

std::string strategy_label(const Strategy& s, int redundant) {
  return redundant > 0 ? fmt::format("{} +{} redundant", s.label(), redundant) : s.label();
}

// ---- evaluate: one Plan -------------------------------------------------

struct Segment {
  std::string name;
  const char* colour;
  double bytes;
};

std::vector<Segment> memory_segments(const StageMemory& g) {
  const ComponentBytes& c = g.weights;
  return {{"attention", svg::kBlue, c.attention},
          {"routed experts", svg::kSkyBlue, c.routed_experts},
          {"shared experts", svg::kGreen, c.shared_experts},
          {"dense FFN", svg::kPurple, c.dense_ffn},
          {"embedding + LM head", svg::kYellow, c.embedding + c.lm_head},
          {"router + norms + MTP", svg::kGrey, c.router + c.norms + c.mtp},
          {"activations", svg::kOrange, g.activation_bytes},
          {"runtime reserve", svg::kVermillion, g.runtime_reserve_bytes},
          {"KV cache in use", svg::kDarkGrey, g.kv_in_use_bytes}};
}

// `pool`: the pool whose stages these are ("" for a single deployment); it
// tags each stage's total for the browser test.
std::string memory_chart(const MemoryReport& mem, const std::string& pool = "") {
  const size_t n = mem.stages.size();
  if (n == 0) return "";
  const double row = n > 12 ? 18 : 30;
  double max_bytes = mem.capacity_bytes;
  for (const auto& g : mem.stages) max_bytes = std::max(max_bytes, g.total_bytes);
  svg::Axis x{"memory per GPU (GB = 1e9 bytes)", 0, max_bytes * 1.04 / kGb, false, 1, {}};
  svg::Axis y{"pipeline stage", 0, static_cast<double>(n), false, 1, {}};
  for (size_t i = 0; i < n; ++i) y.categories.emplace_back(n - i - 0.5, fmt::format("stage {}", i));
  svg::Chart chart(kWideChart, static_cast<int>(76 + row * n), x, y,
                   "Memory per GPU by stage: weights by component, activations, reserve, KV cache");
  chart.set_margins(84, 230, 44, 40);
  for (size_t i = 0; i < n; ++i) {
    const StageMemory& g = mem.stages[i];
    const double top = chart.y(n - i) + row * 0.18, h = row * 0.64;
    double at = 0;
    for (const Segment& s : memory_segments(g)) {
      if (s.bytes <= 0) continue;
      const double x0 = chart.x(at / kGb), x1 = chart.x((at + s.bytes) / kGb);
      chart.add("<g>" + svg::rect(x0, top, x1 - x0, h, fmt::format("class=\"seg\" fill=\"{}\"", s.colour)) +
                fmt::format("<title>stage {}: {} {}</title>", i, escape(s.name), escape(fmt_gb(s.bytes))));
      const std::string label = fmt::format("{} {}", s.name, fmt_gb(s.bytes));
      if (fits_label(x1 - x0, label))
        chart.add(svg::text(x0 + 4, top + h / 2 + 4, label, "class=\"" + label_class(s.colour) + "\""));
      chart.add("</g>");
      at += s.bytes;
    }
    chart.add(svg::text(
        chart.right() + 8, top + h / 2 + 4,
        fmt::format("{} of {} usable{}", fmt_gb(g.total_bytes), fmt_gb(g.usable_bytes), g.fits ? "" : " (does not fit)"),
        fmt::format("data-total-bytes=\"{:.17g}\"{}", g.total_bytes, pool.empty() ? "" : " data-pool=\"" + pool + "\"")));
  }
  const double usable = mem.stages.empty() ? 0 : mem.stages[static_cast<size_t>(mem.worst_stage)].usable_bytes;
  chart.vline(usable / kGb, "limit", "usable " + fmt_gb(usable));
  chart.vline(mem.capacity_bytes / kGb, "limit cap", "capacity " + fmt_gb(mem.capacity_bytes), true);
  std::string legend = "<div class=\"legend\">";
  // The categories some stage holds.
  const std::vector<Segment> first = memory_segments(mem.stages.front());
  for (size_t k = 0; k < first.size(); ++k) {
    bool held = false;
    for (const auto& g : mem.stages) held |= memory_segments(g)[k].bytes > 0;
    if (held) legend += swatch(first[k].colour, first[k].name);
  }
  legend += "<span><i class=\"sw dash\"></i>usable and capacity</span></div>";
  return chart.render() + legend;
}

struct Op {
  const char* name;
  const char* colour;
  double seconds;
};

// One pass of the slowest stage (`pass`: "decode step", "prefill chunk"), op after op.
std::string step_timeline(const StepBreakdown& d, const std::string& pass, int stage) {
  const std::vector<Op> ops = {{"attention GEMMs", svg::kBlue, d.attention_gemm},
                               {"attention core", svg::kSkyBlue, d.attention_core},
                               {"router", svg::kGrey, d.router},
                               {"routed experts", svg::kGreen, d.routed_experts},
                               {"shared experts", svg::kPurple, d.shared_experts},
                               {"dense FFN", svg::kDarkGrey, d.dense_ffn},
                               {"norms", svg::kLightGrey, d.norms},
                               {"LM head", svg::kYellow, d.lm_head},
                               {"TP comm", svg::kOrange, d.tp_comm},
                               {"EP comm", svg::kVermillion, d.ep_comm},
                               {"PP comm", svg::kBlack, d.pp_comm}};
  double sum = 0;
  for (const Op& o : ops) sum += o.seconds;
  const double end = std::max(sum, d.total);
  if (!(end > 0)) return "";
  svg::Axis x{"time in one " + pass + " (ms)", 0, end * 1.02 * kMs, false, 1, {}};
  svg::Axis y{"", 0, 1, false, 1, {{0.5, "ops"}}};
  std::string title = fmt::format("{} of stage {} (the slowest) by op: {} in all", pass, stage, fmt_seconds(d.total));
  title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
  svg::Chart chart(kWideChart, 150, x, y, title);
  chart.set_margins(84, 20, 44, 40);
  double at = 0;
  const double top = chart.y(1) + 16, h = chart.y(0) - chart.y(1) - 32;
  std::string legend = "<div class=\"legend\">";
  for (const Op& o : ops) {
    if (o.seconds <= 0) continue;
    const double x0 = chart.x(at * kMs), x1 = chart.x((at + o.seconds) * kMs);
    chart.add("<g>" + svg::rect(x0, top, x1 - x0, h, fmt::format("class=\"seg\" fill=\"{}\"", o.colour)) +
              fmt::format("<title>{}: {}</title>", o.name, fmt_seconds(o.seconds)));
    const std::string label = fmt::format("{} {}", o.name, fmt_seconds(o.seconds));
    if (fits_label(x1 - x0, label))
      chart.add(svg::text(x0 + 4, top + h / 2 + 4, label, "class=\"" + label_class(o.colour) + "\""));
    chart.add("</g>");
    legend += swatch(o.colour, fmt::format("{} {}", o.name, fmt_seconds(o.seconds)));
    at += o.seconds;
  }
  legend += "</div>";
  return chart.render() + legend;
}

std::string slo_name(const std::string& metric) {
  if (metric == "ttft") return "TTFT";
  if (metric == "tpot") return "TPOT";
  if (metric == "throughput") return "output throughput";
  return metric;
}

std::string slo_value(const std::string& metric, double v) {
  if (metric == "throughput") return fmt::format("{} tokens/s", fmt_int(v));
  if (metric == "request_rate") return fmt::format("{:.2f} requests/s", v);
  return fmt_seconds(v);
}

std::string slo_gauges(const SloReport& slo) {
  if (slo.checks.empty()) return "<p class=\"note\">The scenario sets no service-level objectives.</p>";
  std::string out = "<div class=\"charts\">";
  for (const SloCheck& c : slo.checks) {
    const bool latency = c.metric != "throughput" && c.metric != "request_rate";
    const double hi = std::max(c.target, c.predicted) * 1.15;
    svg::Axis x{
        latency ? slo_name(c.metric) + " (ms)" : slo_name(c.metric) + " (tokens/s)", 0, latency ? hi * kMs : hi, false, 1, {}};
    svg::Axis y{"", 0, 1, false, 1, {{0.5, ""}}};
    svg::Chart chart(
        kHalfChart, 130, x, y,
        fmt::format("{}: {} vs target {}", slo_name(c.metric), slo_value(c.metric, c.predicted), slo_value(c.metric, c.target)),
        "chart gauge");
    chart.set_margins(14, 20, 44, 40);
    const double f = latency ? kMs : 1;
    const double top = chart.y(1) + 8, h = chart.y(0) - chart.y(1) - 16;
    chart.add(svg::rect(chart.x(0), top, chart.x(c.predicted * f) - chart.x(0), h,
                        fmt::format("fill=\"{}\" data-metric=\"{}\" data-predicted=\"{:.17g}\"",
                                    c.met ? svg::kGreen : svg::kVermillion, c.metric, c.predicted)) +
              fmt::format("<title>{} predicted {}; target {}; margin {}</title>", slo_name(c.metric),
                          slo_value(c.metric, c.predicted), slo_value(c.metric, c.target), fmt_percent(c.margin)));
    chart.add_on_top(svg::text(
        chart.x(c.predicted * f) + 6, top + h / 2 + 4,
        fmt::format("{}: {}, margin {}", slo_value(c.metric, c.predicted), c.met ? "met" : "MISSED", fmt_percent(c.margin)),
        "class=\"mark-label\""));
    chart.vline(c.target * f, "limit", "target " + slo_value(c.metric, c.target), c.target * f < (x.min + x.max) / 2);
    out += "<figure style=\"margin:0\">" + chart.render() + "</figure>";
  }
  return out + "</div>";
}

// Load / mean load as a colour on cividis (Nunez et al. 2018), a sequential
// scale readable with colour-vision deficiencies: idle dark blue, `top` x the
// mean yellow, on a square-root scale (the mean sqrt(1/top) of the way).
std::string load_colour(double ratio, double top) {
  static constexpr int kStops[5][3] = {
      {0x00, 0x22, 0x4e}, {0x35, 0x45, 0x6c}, {0x66, 0x69, 0x70}, {0xa5, 0x9c, 0x74}, {0xfe, 0xe8, 0x38}};
  const double t = std::clamp(std::sqrt(std::max(ratio, 0.0) / std::max(top, 1.0)), 0.0, 1.0) * 4;
  const int i = std::min(3, static_cast<int>(t));
  const double f = t - i;
  auto mix = [&](int c) { return static_cast<int>(std::lround(kStops[i][c] + (kStops[i + 1][c] - kStops[i][c]) * f)); };
  return fmt::format("#{:02x}{:02x}{:02x}", mix(0), mix(1), mix(2));
}

std::string heatmap(const PlacementResult& r, const std::string& name, double top) {
  const size_t layers = r.layers.size();
  const int gpus = r.spec.gpus;
  const double cell_h = std::clamp(560.0 / std::max<size_t>(layers, 1), 4.0, 16.0);
  const int height = static_cast<int>(76 + cell_h * layers);
  svg::Axis x{"GPU of the EP group", 0, static_cast<double>(gpus), false, 1, {}};
  for (int g = 0; g < gpus; g += std::max(1, gpus / 8)) x.categories.emplace_back(g + 0.5, std::to_string(g));
  svg::Axis y{"MoE layer", 0, static_cast<double>(layers), false, 1, {}};
  for (size_t l = 0; l < layers; l += std::max<size_t>(1, layers / 12))
    y.categories.emplace_back(layers - l - 0.5, std::to_string(l));
  svg::Chart chart(
      kHalfChart, height, x, y,
      fmt::format("{}: max/mean {:.3f} (worst layer {:.3f})", name, r.summary.max_over_mean, r.summary.max_over_mean_worst),
      "chart heatmap");
  chart.set_margins(52, 96, 44, 40);
  const double w = (chart.right() - chart.left()) / std::max(gpus, 1);
  std::string cells;
  for (size_t l = 0; l < layers; ++l) {
    const LayerPlacement& lp = r.layers[l];
    const double y0 = chart.y(layers - l);
    cells += fmt::format("<g data-layer=\"{}\"><title>layer {}: max/mean {:.3f}, mean {} tokens per GPU</title>", l, l,
                         lp.max_over_mean, fmt_int(lp.mean_gpu_load));
    for (int g = 0; g < gpus && static_cast<size_t>(g) < lp.gpu_load.size(); ++g) {
      const double ratio = lp.mean_gpu_load > 0 ? lp.gpu_load[static_cast<size_t>(g)] / lp.mean_gpu_load : 1;
      cells += svg::rect(chart.left() + g * w, y0, w + 0.3, cell_h + 0.3,
                         fmt::format("fill=\"{}\" data-t=\"{:.0f}\"", load_colour(ratio, top), lp.gpu_load[static_cast<size_t>(g)]));
    }
    cells += "</g>";
    // max/mean of the layer as a bar beside the row
    const double bar = std::min(80.0, 80.0 * (lp.max_over_mean - 1) / std::max(top - 1, 1e-9));
    cells += svg::rect(chart.right() + 6, y0 + cell_h * 0.15, std::max(1.0, bar), cell_h * 0.7,
                       fmt::format("fill=\"{}\" data-max-over-mean=\"{:.17g}\"", svg::kVermillion, lp.max_over_mean));
    if (cell_h >= 11) cells += svg::text(chart.right() + 10 + bar, y0 + cell_h * 0.8, fmt::format("{:.2f}", lp.max_over_mean));
  }
  chart.add(cells);
  chart.add(svg::text(chart.right() + 6, chart.top() - 4, "max/mean", "class=\"axis-title\""));
  chart.add(svg::text(chart.right() + 6, chart.bottom() + 14, "1x", "") +
            svg::text(chart.right() + 86, chart.bottom() + 14, fmt::format("{:.1f}x", top), "text-anchor=\"end\""));
  return "<figure style=\"margin:0\">" + chart.render() + "</figure>";
}

std::string heatmap_legend(double top) {
  return fmt::format(
      "<div class=\"legend\">{}{}{}{}{}<span>colour: a GPU's tokens / its layer's mean (square-root scale); "
      "bars: the layer's busiest GPU / mean</span></div>",
      swatch(load_colour(0, top), "idle"), swatch(load_colour(1, top), "at the mean"),
      swatch(load_colour(top / 4, top), fmt::format("{:.2f}x mean", top / 4)),
      swatch(load_colour(top, top), fmt::format("{:.2f}x mean", top)), swatch(svg::kVermillion, "max/mean"));
}

std::string plan_body(const Plan& p, const std::string& id) {
  const Performance& f = p.performance;
  const MemoryReport& mem = p.memory;
  std::string out = "<div class=\"cards\">";
  out += card("strategy", p.strategy.label(),
              fmt::format("{} GPUs, {} per stage", p.strategy.gpus(), p.strategy.gpus_per_stage()), "wide");
  out += card("output tokens/s per GPU", fmt_int(f.output_tokens_per_s_per_gpu),
              fmt::format("{} tokens/s in all (error band {} to {}); bound {}", fmt_int(f.output_tokens_per_s),
                          fmt_int(p.throughput_band.low), fmt_int(p.throughput_band.high), fmt_int(f.sol_output_tokens_per_s)),
              "",
              fmt::format("id=\"{}-tput\" data-v=\"{:.17g}\"", id, f.output_tokens_per_s_per_gpu));
  out += card("TTFT", fmt_seconds(f.ttft_s), "bound " + fmt_seconds(f.sol_ttft_s), "",
              fmt::format("id=\"{}-ttft\" data-v=\"{:.17g}\"", id, f.ttft_s));
  out += card("TPOT", fmt_seconds(f.tpot_s), "bound " + fmt_seconds(f.sol_tpot_s), "",
              fmt::format("id=\"{}-tpot\" data-v=\"{:.17g}\"", id, f.tpot_s));
  out += card("requests in flight", fmt_int(f.concurrency), fmt::format("{} per DP replica", f.concurrency_per_dp_rank));
  out += card("experts per GPU", fmt::format("{} per MoE layer", p.experts.per_gpu_per_moe_layer),
              fmt::format("{} in total over the MoE layers of its stage", p.experts.per_gpu_total_max));
  out += card("memory", mem.fits ? "fits" : "does not fit",
              fmt::format("worst stage {}: {} of {} usable", mem.worst_stage, fmt_gb(mem.total_bytes_max),
                          fmt_gb(mem.stages.empty() ? 0 : mem.stages[static_cast<size_t>(mem.worst_stage)].usable_bytes)));
  out += "</div>";
  if (!mem.fits) out += "<p class=\"warn\">" + escape(mem.why_not) + "</p>";
  out += "<h3>Memory per GPU</h3>" + memory_chart(p.memory);
  out += "<h3>Decode step and prefill chunk by op</h3>" +
         step_timeline(p.detail.decode_step, "decode step", p.performance.decode_bottleneck_stage) +
         step_timeline(p.detail.prefill_step, "prefill chunk", p.performance.prefill_bottleneck_stage);
  out += fmt::format("<p class=\"note\">Cost model: {}. Decode cycle {}, pipeline bubble {}; a request's prefill {}.</p>",
                     escape(p.cost_model), fmt_seconds(f.decode_cycle_s), fmt_percent(f.bubble_fraction),
                     fmt_seconds(f.prefill_latency_s));
  out += "<h3>Service-level objectives</h3>" + slo_gauges(p.slo);
  if (p.placement) {
    // The scenario's routing statistics placed on this strategy's EP group.
    const PlacementSummary& a = p.placement->summary;
    double top = 2;
    for (const auto& l : p.placement->layers) top = std::max(top, l.max_over_mean);
    out += fmt::format("<h3>Expert placement</h3><p class=\"note\">{}: busiest GPU / mean load {:.3f}{}; the MoE time uses it.</p>",
                       escape(algorithm_name(p.placement->algorithm)), a.max_over_mean,
                       p.placement_linear ? fmt::format(" (linear layout: {:.3f})", p.placement_linear->max_over_mean) : "");
    out += heatmap(*p.placement, "Load per GPU (" + algorithm_name(p.placement->algorithm) + ")", top) + heatmap_legend(top);
  }
  if (!p.scenario->assumptions.empty()) {
    out += "<h3>Assumptions</h3><ul class=\"note\">";
    for (const auto& a : p.scenario->assumptions) out += "<li>" + escape(a) + "</li>";
    out += "</ul>";
  }
  return out;
}

std::string scenario_meta(const Scenario& sc) {
  return fmt::format("<p class=\"meta\">{} &middot; {} on {} x {} ({} per node) &middot; {}</p>", escape(sc.name),
                     escape(sc.model.display_name), sc.cluster.gpus, escape(sc.cluster.gpu.display_name),
                     sc.cluster.gpus_per_node, escape(sc.file));
}

// ---- plan: search results -----------------------------------------------

// Points drawn in both Pareto charts, with the text shown on hover/click.
struct PointView {
  const EvaluatedPoint* point;
  std::string label;
};

// The TPOT chart carries each point's text; the TTFT chart's points borrow
// it on hover (kJs), which keeps a 1,000-point report half as large.
// Whether a deployment's TTFT and TPOT objectives are met (its verdicts).
bool latency_met(const SloReport& slo) {
  for (const SloCheck& c : slo.checks)
    if ((c.metric == "ttft" || c.metric == "tpot") && !c.met) return false;
  return true;
}

// `dis`: the disaggregated deployment of serving mode auto, drawn as its own
// mark and part of the frontier like any point.
std::string pareto_chart(const SearchResult& r, const std::vector<PointView>& views, bool tpot, const Slo& slo,
                         const Deployment* dis = nullptr) {
  auto xv = [&](const EvaluatedPoint& p) { return tpot ? p.tpot_s : p.ttft_s; };
  std::optional<EvaluatedPoint> dis_point;
  if (dis) {
    dis_point.emplace();
    dis_point->strategy = -1;
    dis_point->output_tokens_per_s_per_gpu = dis->rate_match.output_tokens_per_s_per_gpu;
    dis_point->ttft_s = dis->ttft_s;
    dis_point->tpot_s = dis->tpot_s;
    dis_point->slo_met = dis->slo.met;
    dis_point->latency_met = latency_met(dis->slo);
  }
  double xmin = 1e300, xmax = 0, ymax = 0;
  for (const auto& v : views) {
    xmin = std::min(xmin, xv(*v.point));
    xmax = std::max(xmax, xv(*v.point));
    ymax = std::max(ymax, v.point->output_tokens_per_s_per_gpu);
  }
  if (dis_point) {
    xmin = std::min(xmin, xv(*dis_point));
    xmax = std::max(xmax, xv(*dis_point));
    ymax = std::max(ymax, dis_point->output_tokens_per_s_per_gpu);
  }
  const std::optional<double> target = tpot ? slo.tpot_s : slo.ttft_s;
  if (target && *target > 0 && *target < xmax * 100) xmax = std::max(xmax, *target);
  if (target && *target > 0 && *target > xmin / 100) xmin = std::min(xmin, *target);
  const bool log = xmax > xmin * 8;
  const std::string name = tpot ? "TPOT" : "TTFT";
  svg::Axis x{
      fmt::format("{} (ms{})", name, log ? ", log scale" : ""), log ? xmin / 1.25 : 0, xmax * (log ? 1.25 : 1.05), log, kMs, {}};
  bool one_size = !r.evaluated_strategies.empty();
  for (const auto& s : r.evaluated_strategies) one_size &= s.strategy.gpus() == r.evaluated_strategies.front().strategy.gpus();
  // The throughput objective per GPU, drawn when every strategy uses the same GPUs and it is in sight.
  std::optional<double> tput_target;
  if (slo.throughput_tokens_per_s && one_size) {
    tput_target = *slo.throughput_tokens_per_s / r.evaluated_strategies.front().strategy.gpus();
    if (*tput_target < ymax * 2) ymax = std::max(ymax, *tput_target);
  }
  svg::Axis y{"output tokens/s per GPU", 0, ymax * 1.1, false, 1, {}};
  svg::Chart chart(kHalfChart, 380, x, y,
                   fmt::format("Output tokens/s per GPU vs {} ({} points)", name, fmt_int(static_cast<double>(views.size()))),
                   "chart pareto");
  std::string dots;
  for (size_t i = 0; i < views.size(); ++i) {
    const EvaluatedPoint& p = *views[i].point;
    dots += fmt::format("<circle class=\"pt{}\" data-i=\"{}\" cx=\"{}\" cy=\"{}\" r=\"3.2\">",
                        p.slo_met       ? ""
                        : p.latency_met ? " lat"
                                        : " miss",
                        i, num(chart.x(xv(p))), num(chart.y(p.output_tokens_per_s_per_gpu)));
    dots += tpot ? "<title>" + escape(views[i].label) + "</title></circle>" : "</circle>";
  }
  // The frontier in this plane: scanning by latency, each point with more
  // throughput than every faster point.
  std::vector<const EvaluatedPoint*> sorted;
  std::vector<const EvaluatedPoint*> all;
  for (const auto& v : views) all.push_back(v.point);
  if (dis_point) all.push_back(&*dis_point);
  const bool any_latency_met = std::any_of(all.begin(), all.end(), [](const EvaluatedPoint* p) { return p->latency_met; });
  for (const EvaluatedPoint* p : all)
    if (p->latency_met || !any_latency_met) sorted.push_back(p);
  std::sort(sorted.begin(), sorted.end(), [&](auto a, auto b) {
    return xv(*a) != xv(*b) ? xv(*a) < xv(*b) : a->output_tokens_per_s_per_gpu > b->output_tokens_per_s_per_gpu;
  });
  std::string path;
  double best = -1;
  for (const EvaluatedPoint* p : sorted) {
    if (p->output_tokens_per_s_per_gpu <= best) continue;
    const double px = chart.x(xv(*p)), py = chart.y(p->output_tokens_per_s_per_gpu);
    path += path.empty() ? fmt::format("M{} {}", num(px), num(py)) : fmt::format(" H{} V{}", num(px), num(py));
    best = p->output_tokens_per_s_per_gpu;
  }
  chart.add(dots);
  chart.add("<path class=\"frontier\" d=\"" + path +
            "\"><title>Frontier in this plane of the points meeting the latency objectives</title></path>");
  if (target) chart.vline(*target, "limit", fmt::format("{} target {}", name, fmt_seconds(*target)));
  if (tput_target)
    chart.hline(*tput_target, "limit",
                fmt::format("throughput target / {} GPUs = {} tokens/s per GPU", r.evaluated_strategies.front().strategy.gpus(),
                            fmt_int(*tput_target)));
  auto mark = [&](const Plan& p, bool rec) {
    const double px = chart.x(tpot ? p.performance.tpot_s : p.performance.ttft_s);
    const double py = chart.y(p.performance.output_tokens_per_s_per_gpu);
    const std::string what = rec ? "recommended" : "your strategy";
    const std::string tip =
        fmt::format("<title>{}: {}, {} in flight, {} tokens/s per GPU, TTFT {}, TPOT {}</title>", what, p.strategy.label(),
                    p.performance.concurrency, fmt_int(p.performance.output_tokens_per_s_per_gpu),
                    fmt_seconds(p.performance.ttft_s), fmt_seconds(p.performance.tpot_s));
    if (rec)
      chart.add(fmt::format("<path class=\"mark-rec\" d=\"M{} {} l8 8 l-8 8 l-8 -8z\">{}</path>", num(px), num(py - 8), tip));
    else
      chart.add(fmt::format("<circle class=\"mark-ref\" cx=\"{}\" cy=\"{}\" r=\"8\">{}</circle>", num(px), num(py), tip));
    chart.add(svg::text(px + 11, py + (rec ? -8 : 16), what, "class=\"mark-label\""));
  };
  if (r.reference) mark(*r.reference, false);
  if (r.recommended) mark(*r.recommended, true);
  if (dis_point) {
    const double px = chart.x(xv(*dis_point)), py = chart.y(dis_point->output_tokens_per_s_per_gpu);
    chart.add(fmt::format("<rect class=\"mark-dis\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" data-v=\"{:.17g}\">"
                          "<title>disaggregated {}: {} GPUs, {} tokens/s per GPU, TTFT {}, TPOT {}</title></rect>",
                          num(px - 6), num(py - 6), dis_point->output_tokens_per_s_per_gpu, escape(dis->rate_match.ratio),
                          dis->rate_match.gpus, fmt_int(dis_point->output_tokens_per_s_per_gpu), fmt_seconds(dis->ttft_s),
                          fmt_seconds(dis->tpot_s)));
    const std::string label = "disaggregated " + dis->rate_match.ratio;
    const bool left = px + 11 + 6.6 * static_cast<double>(label.size()) > kHalfChart;  // would leave the chart
    chart.add(svg::text(left ? px - 11 : px + 11, py + 4, label, left ? "class=\"mark-label\" text-anchor=\"end\"" : "class=\"mark-label\""));
  }
  return "<figure style=\"margin:0\">" + chart.render() + "</figure>";
}

std::string rejected_chart(const SearchResult& r) {
  if (r.rejected.empty()) return "<p class=\"note\">No strategy was rejected.</p>";
  int most = 0;
  for (const auto& [reason, n] : r.rejected) most = std::max(most, n);
  const size_t n = r.rejected.size();
  const double row = 24;
  svg::Axis x{"strategies (count)", 0, most * 1.15, false, 1, {}};
  svg::Axis y{"", 0, static_cast<double>(n), false, 1, {}};
  size_t i = 0;
  for (const auto& [reason, count] : r.rejected) y.categories.emplace_back(n - i++ - 0.5, reason);
  svg::Chart chart(kWideChart, static_cast<int>(80 + row * n), x, y,
                   fmt::format(
                       "Rejected strategies by reason ({} of {} considered)",
                       [&] {
                         int s = 0;
                         for (const auto& kv : r.rejected) s += kv.second;
                         return s;
                       }(),
                       r.strategies_considered));
  chart.set_margins(210, 20, 44, 40);
  i = 0;
  for (const auto& [reason, count] : r.rejected) {
    const double top = chart.y(n - i) + 4, h = row - 8;
    chart.add(svg::rect(chart.x(0), top, chart.x(count) - chart.x(0), h,
                        fmt::format("fill=\"{}\" data-reason=\"{}\"", svg::kGrey, escape(reason))));
    chart.add(svg::text(chart.x(count) + 4, top + h / 2 + 4, std::to_string(count)));
    ++i;
  }
  return chart.render();
}

// ---- disaggregated deployments (issue 10) ---------------------------------

const char* pool_colour(PoolRole r) { return r == PoolRole::kPrefill ? svg::kBlue : svg::kOrange; }

// Requests/s each side can serve against the rate served: the shorter bar binds.
std::string rate_match_chart(const Deployment& d) {
  const RateMatch& m = d.rate_match;
  const double top = std::max({m.prefill_capacity_requests_per_s, m.decode_capacity_requests_per_s, m.requests_per_s});
  if (!(top > 0)) return "";
  svg::Axis x{"requests/s", 0, top * 1.25, false, 1, {}};
  svg::Axis y{"", 0, 2, false, 1, {{1.5, "prefill"}, {0.5, "decode"}}};
  svg::Chart chart(kWideChart, 170, x, y,
                   fmt::format("Rate match {}: the {} side binds at {:.2f} requests/s", m.ratio, m.binding, m.requests_per_s),
                   "chart rate-match");
  chart.set_margins(84, 20, 44, 40);
  struct Side {
    PoolRole role;
    int instances;
    double capacity;
    const char* what;
  };
  const Side sides[] = {{PoolRole::kPrefill, m.prefill_instances, m.prefill_capacity_requests_per_s, "at the load TTFT allows"},
                        {PoolRole::kDecode, m.decode_instances, m.decode_capacity_requests_per_s, "at full batch"}};
  for (const Side& side : sides) {
    const double row = side.role == PoolRole::kPrefill ? 2 : 1;
    const double top_px = chart.y(row) + 10, h = chart.y(row - 1) - chart.y(row) - 20;
    const std::string role = to_string(side.role);
    chart.add(svg::rect(chart.x(0), top_px, chart.x(side.capacity) - chart.x(0), h,
                        fmt::format("fill=\"{}\" data-role=\"{}\" data-capacity=\"{:.17g}\"", pool_colour(side.role), role,
                                    side.capacity)) +
              fmt::format("<title>{} pool, {} instance{}: {:.2f} requests/s {}</title>", role, side.instances,
                          side.instances == 1 ? "" : "s", side.capacity, side.what));
    // Right of the bar, or inside it where the plot ends first (about 6.6 px per character).
    const std::string label = fmt::format("{} x {}: {:.2f} requests/s {}{}", side.instances, role, side.capacity, side.what,
                                          m.binding == role ? " (binds)" : "");
    const bool outside = chart.x(side.capacity) + 12 + 6.6 * static_cast<double>(label.size()) < kWideChart;
    chart.add_on_top(svg::text(outside ? chart.x(side.capacity) + 6 : chart.x(0) + 6, top_px + h / 2 + 4, label,
                               "class=\"mark-label\""));
  }
  chart.vline(m.requests_per_s, "limit", fmt::format("served {:.2f} requests/s", m.requests_per_s));
  return chart.render() + "<div class=\"legend\">" + swatch(svg::kBlue, "prefill pool capacity") +
         swatch(svg::kOrange, "decode pool capacity") + "<span><i class=\"sw dash\"></i>rate served</span></div>";
}

// TTFT as the deployment adds it up: queueing at the prefill pool, the
// prefill itself, the KV transfer TTFT waits for.
std::string ttft_chart(const Deployment& d) {
  const std::vector<Op> parts = {{"queue at the prefill pool", svg::kGrey, d.rate_match.queue_wait_s},
                                 {"prefill", svg::kBlue, d.prefill().prefill_latency_s},
                                 {"KV transfer", svg::kVermillion, d.kv_transfer.exposed_seconds}};
  double sum = 0;
  for (const Op& o : parts) sum += o.seconds;
  if (!std::isfinite(sum) || !(sum > 0))
    return "<p class=\"warn\">The prefill pool cannot keep up with the rate: its queue grows without bound.</p>";
  svg::Axis x{"time to first token (ms)", 0, sum * 1.02 * kMs, false, 1, {}};
  svg::Axis y{"", 0, 1, false, 1, {{0.5, "TTFT"}}};
  svg::Chart chart(kWideChart, 150, x, y, fmt::format("TTFT {}: queue, prefill and KV transfer", fmt_seconds(d.ttft_s)),
                   "chart ttft-parts");
  chart.set_margins(84, 20, 44, 40);
  const double top = chart.y(1) + 16, h = chart.y(0) - chart.y(1) - 32;
  double at = 0;
  std::string legend = "<div class=\"legend\">";
  for (const Op& o : parts) {
    if (o.seconds <= 0) continue;
    const double x0 = chart.x(at * kMs), x1 = chart.x((at + o.seconds) * kMs);
    chart.add("<g>" + svg::rect(x0, top, x1 - x0, h, fmt::format("class=\"seg\" fill=\"{}\"", o.colour)) +
              fmt::format("<title>{}: {}</title>", o.name, fmt_seconds(o.seconds)));
    const std::string label = fmt::format("{} {}", o.name, fmt_seconds(o.seconds));
    if (fits_label(x1 - x0, label)) chart.add(svg::text(x0 + 4, top + h / 2 + 4, label, "class=\"" + label_class(o.colour) + "\""));
    chart.add("</g>");
    legend += swatch(o.colour, label);
    at += o.seconds;
  }
  return chart.render() + legend + "</div>";
}

std::string pool_section(const Scenario& sc, const PoolPlan& p) {
  const std::string role = to_string(p.role);
  const bool prefill = p.role == PoolRole::kPrefill;
  Strategy one = p.strategy;
  one.instances = 1;
  const MemoryReport& mem = p.memory;
  std::string title = role;
  title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
  std::string out = fmt::format("<section class=\"pool pool-{}\" id=\"pool-{}\" data-role=\"{}\">", role, role, role);
  out += fmt::format("<h2>{} pool: {} x {} on {}</h2>", title, p.strategy.instances, escape(one.label()),
                     escape(p.scenario->cluster.gpu.display_name));
  out += "<div class=\"cards\">";
  out += card("strategy of one instance", one.label(),
              fmt::format("{} GPUs per instance, {} per stage", one.gpus(), one.gpus_per_stage()), "wide");
  out += card("instances", std::to_string(p.strategy.instances), fmt::format("{} GPUs in the pool", p.gpus()), "",
              fmt::format("id=\"pool-{}-instances\" data-v=\"{}\"", role, p.strategy.instances));
  out += card(prefill ? "input tokens/s per GPU" : "output tokens/s per GPU", fmt_int(p.tokens_per_s_per_gpu),
              fmt::format("at full load; {} {} tokens/s in the pool at the matched rate", fmt_int(p.tokens_per_s),
                          prefill ? "input" : "output"),
              "", fmt::format("id=\"pool-{}-tput\" data-v=\"{:.17g}\"", role, p.tokens_per_s_per_gpu));
  out += card("capacity per instance", fmt::format("{:.2f} requests/s", p.requests_per_s_per_instance),
              fmt::format("load {} at {:.2f} requests/s", fmt_percent(p.utilisation), p.requests_per_s), "",
              fmt::format("id=\"pool-{}-capacity\" data-v=\"{:.17g}\"", role, p.requests_per_s_per_instance));
  if (prefill)
    out += card("prefill of a request", fmt_seconds(p.prefill_latency_s),
                fmt::format("alone; a DP rank is busy {} per request at full token budgets", fmt_seconds(p.prefill_busy_s)));
  else
    out += card("TPOT", fmt_seconds(p.tpot_s),
                fmt::format("{} requests per DP rank, decode steps only (no prefill chunks)", p.concurrency_per_dp_rank), "",
                fmt::format("id=\"pool-decode-tpot\" data-v=\"{:.17g}\"", p.tpot_s));
  if (sc.model.is_moe())
    out += card("experts per GPU", fmt::format("{} per MoE layer", p.experts.per_gpu_per_moe_layer),
                fmt::format("{} in total; {} redundant per MoE layer", p.experts.per_gpu_total_max, p.experts.redundant_per_layer));
  out += card("memory", mem.fits ? "fits" : "does not fit",
              fmt::format("worst stage {}: {} of {} usable", mem.worst_stage, fmt_gb(mem.total_bytes_max),
                          fmt_gb(mem.stages.empty() ? 0 : mem.stages[static_cast<size_t>(mem.worst_stage)].usable_bytes)),
              "", fmt::format("id=\"pool-{}-memory\" data-v=\"{:.17g}\"", role, mem.total_bytes_max));
  out += "</div>";
  out += "<h3>Memory per GPU</h3>" + memory_chart(mem, role);
  if (prefill)
    out += "<h3>Prefill chunk by op</h3>" + step_timeline(p.detail.prefill_step, "prefill chunk", p.prefill_bottleneck_stage);
  else
    out += "<h3>Decode step by op</h3>" + step_timeline(p.detail.decode_step, "decode step", p.decode_bottleneck_stage);
  if (p.placement) {
    double top = 2;
    for (const auto& l : p.placement->layers) top = std::max(top, l.max_over_mean);
    out += fmt::format("<h3>Expert placement</h3><p class=\"note\">{}: busiest GPU / mean load {:.3f}; the MoE time uses it.</p>",
                       escape(algorithm_name(p.placement->algorithm)), p.placement->summary.max_over_mean);
    out += heatmap(*p.placement, "Load per GPU (" + algorithm_name(p.placement->algorithm) + ")", top) + heatmap_legend(top);
  }
  return out + "</section>";
}

std::string deployment_body(const Scenario& sc, const Deployment& d) {
  const RateMatch& m = d.rate_match;
  const KvTransfer& kv = d.kv_transfer;
  std::string out = "<div class=\"cards\">";
  out += card("rate match", m.ratio,
              fmt::format("{} prefill + {} decode instances on {} of {} GPUs; the {} side binds", m.prefill_instances,
                          m.decode_instances, m.gpus, m.gpu_budget, m.binding),
              "wide", "id=\"dis-ratio\"");
  out += card("output tokens/s per GPU", fmt_int(m.output_tokens_per_s_per_gpu),
              fmt::format("{} tokens/s in all at {:.2f} requests/s", fmt_int(m.output_tokens_per_s), m.requests_per_s), "",
              fmt::format("id=\"dis-tput\" data-v=\"{:.17g}\"", m.output_tokens_per_s_per_gpu));
  out += card("TTFT", fmt_seconds(d.ttft_s),
              fmt::format("queue {} + prefill {} + transfer {}", fmt_seconds(m.queue_wait_s),
                          fmt_seconds(d.prefill().prefill_latency_s), fmt_seconds(kv.exposed_seconds)),
              "", fmt::format("id=\"dis-ttft\" data-v=\"{:.17g}\"", d.ttft_s));
  out += card("TPOT", fmt_seconds(d.tpot_s), "the decode pool's step, no prefill in it", "",
              fmt::format("id=\"dis-tpot\" data-v=\"{:.17g}\"", d.tpot_s));
  out += card("objectives", d.slo.checks.empty() ? "none given" : d.slo.met ? "all met" : "NOT all met", "", "");
  out += "</div>";
  out += "<h2>Rate match</h2>" + rate_match_chart(d);
  out += fmt::format(
      "<p class=\"note\">Prefill {:.2f} requests/s at the load TTFT allows, decode {:.2f} requests/s: {:.2f} requests/s "
      "served. Prefill {} x {} GPUs, decode {} x {} GPUs.</p>",
      m.prefill_capacity_requests_per_s, m.decode_capacity_requests_per_s, m.requests_per_s, m.prefill_instances,
      d.prefill().strategy.gpus_per_instance(), m.decode_instances, d.decode().strategy.gpus_per_instance());
  out += "<h2>KV transfer</h2><div class=\"cards small\">";
  out += card("KV per request", fmt_gb(kv.bytes_per_request), fmt::format("{} input tokens", sc.workload.input_tokens), "",
              fmt::format("id=\"kv-bytes\" data-v=\"{:.17g}\"", kv.bytes_per_request));
  out += card("link", fmt_gb(kv.link_bytes_per_s) + "/s",
              fmt::format("{} stream{} x {} efficiency", kv.streams, kv.streams == 1 ? "" : "s", fmt_percent(kv.efficiency, 0)));
  out += card("transfer", fmt_seconds(kv.seconds), kv.layerwise ? "sent layer by layer" : "sent after the prefill", "",
              fmt::format("id=\"kv-seconds\" data-v=\"{:.17g}\"", kv.seconds));
  out += card("in TTFT", fmt_seconds(kv.exposed_seconds), "what the first token waits for", "",
              fmt::format("id=\"kv-exposed\" data-v=\"{:.17g}\"", kv.exposed_seconds));
  out += "</div>" + ttft_chart(d);
  for (const PoolPlan& p : d.pools) out += pool_section(sc, p);
  out += "<h2>Service-level objectives</h2>" + slo_gauges(d.slo);
  if (sc.workload.concurrency > 0)
    out += fmt::format("<p class=\"note\">workload.concurrency {} is not used: the decode pool runs as many requests as its KV "
                       "cache, batch cap and TPOT allow, and rate matching sets the rate.</p>",
                       sc.workload.concurrency);
  return out;
}

}  // namespace

std::string render_deployment_html(const Scenario& sc, const Deployment& d, const std::string& command, const std::string& launch) {
  std::string body = fmt::format("<h1>moeplan {}: disaggregated {}</h1>", escape(command), escape(d.rate_match.ratio));
  body += scenario_meta(sc);
  body += deployment_body(sc, d);
  if (!launch.empty())
    body += "<h2>How it launches</h2><p class=\"note\">Each pool's engine flags and the router, as <code>moeplan export "
            "--explain</code> prints them; <code>moeplan export</code> writes the scripts.</p><pre id=\"launch\">" + escape(launch) +
            "</pre>";
  return page("moeplan " + command + " " + sc.name, body);
}

std::string render_plan_html(const Plan& p) {
  std::string body = fmt::format("<h1>moeplan evaluate: {}</h1>", escape(p.strategy.label()));
  body += scenario_meta(*p.scenario);
  body += plan_body(p, "plan");
  return page("moeplan evaluate " + p.scenario->name, body);
}

std::string render_search_html(const SearchResult& r, const std::string& launch, const DisaggregatedView* dis) {
  const Deployment* d = dis ? dis->deployment : nullptr;
  if (r.scenarios.empty()) return page("moeplan plan", "<h1>moeplan plan</h1><p class=\"warn\">Nothing was searched.</p>");
  const Scenario& sc = *r.scenarios.front();
  std::string body = fmt::format("<h1>moeplan plan: {}</h1>", escape(sc.name));
  body += scenario_meta(sc);
  body += fmt::format(
      "<p>Searched <b id=\"strategies-considered\">{}</b> strategies (<b id=\"evaluated-count\">{}</b> strategy x "
      "concurrency evaluations), objective <b>{}</b>.</p>",
      r.strategies_considered, r.evaluated_count, escape(to_string(r.options.objective)));
  if (!r.meets_slo && r.recommended)
    body += "<p class=\"warn\">No strategy meets every objective: " + escape(r.best_effort) + ".</p>";
  if (!r.recommended) body += "<p class=\"warn\">No strategy fits in memory.</p>";
  body += "<div class=\"cards\">";
  if (r.recommended) {
    const Performance& f = r.recommended->performance;
    body += card("recommended", r.recommended->strategy.label(),
                 fmt::format("{} tokens/s per GPU, TTFT {}, TPOT {}, {} in flight", fmt_int(f.output_tokens_per_s_per_gpu),
                             fmt_seconds(f.ttft_s), fmt_seconds(f.tpot_s), f.concurrency),
                 "rec", "id=\"recommended-strategy\"");
  }
  if (r.reference) {
    const Performance& f = r.reference->performance;
    body += card("your strategy", r.reference->strategy.label(),
                 fmt::format("{} tokens/s per GPU, TTFT {}, TPOT {}, {} in flight", fmt_int(f.output_tokens_per_s_per_gpu),
                             fmt_seconds(f.ttft_s), fmt_seconds(f.tpot_s), f.concurrency),
                 "ref");
  }
  if (d) {
    const RateMatch& m = d->rate_match;
    body += card("disaggregated", m.ratio,
                 fmt::format("{} tokens/s per GPU, TTFT {}, TPOT {}, {} GPUs", fmt_int(m.output_tokens_per_s_per_gpu),
                             fmt_seconds(d->ttft_s), fmt_seconds(d->tpot_s), m.gpus),
                 "", "id=\"dis-card\"");
  }
  if (dis && dis->comparison)
    body += card("winner", dis->comparison->winner, dis->comparison->reason, "wide", "id=\"comparison-winner\"");
  body += "</div>";

  // Every evaluated point, labelled with what the search knows about it.
  std::vector<PointView> views;
  views.reserve(r.points.size());
  const double best_tput = r.recommended ? r.recommended->performance.output_tokens_per_s_per_gpu : 0;
  for (const EvaluatedPoint& p : r.points) {
    const EvaluatedStrategy& es = r.evaluated_strategies[static_cast<size_t>(p.strategy)];
    const int in_flight = p.concurrency_per_dp_rank * es.strategy.dp * es.strategy.instances;
    std::string why;
    for (size_t i = 0; i < r.candidates.size() && why.empty(); ++i) {
      const Candidate& c = r.candidates[i];
      if (c.strategy == es.strategy && c.redundant_experts == es.redundant_experts &&
          c.concurrency_per_dp_rank == p.concurrency_per_dp_rank)
        why = i == 0 ? "recommended" : fmt::format("rank {}: {}", i + 1, c.loses_because);
    }
    if (why.empty()) {
      if (!p.latency_met)
        why = "misses a latency objective";
      else if (!p.slo_met)
        why = "misses the throughput objective";
      else if (best_tput > 0 && p.output_tokens_per_s_per_gpu < best_tput)
        why = fmt::format("less output throughput per GPU than the recommended ({} vs {} tokens/s)",
                          fmt_int(p.output_tokens_per_s_per_gpu), fmt_int(best_tput));
      else
        why = "not its strategy's best concurrency on the objective";
    }
    views.push_back({&p, fmt::format("{} | {} in flight | {} tokens/s per GPU | TTFT {} | TPOT {} | {}",
                                     strategy_label(es.strategy, es.redundant_experts), in_flight,
                                     fmt_int(p.output_tokens_per_s_per_gpu), fmt_seconds(p.ttft_s), fmt_seconds(p.tpot_s), why)});
  }
  body += "<h2>Throughput against latency</h2>";
  if (!views.empty()) {
    body += "<div class=\"charts\">" + pareto_chart(r, views, true, sc.slo, d) + pareto_chart(r, views, false, sc.slo, d) + "</div>";
    body += "<div class=\"legend\">" + swatch(svg::kGreen, "meets every objective", "dot") +
            swatch("var(--pt)", "meets the latency objectives only", "dot") +
            swatch("var(--miss)", "misses a latency objective", "dot") +
            swatch(svg::kOrange, "frontier of the points meeting the latency objectives", "line") +
            "<span><i class=\"sw dash\"></i>objective (SLO) limit</span>" + swatch(svg::kVermillion, "recommended") +
            "<span><i class=\"sw ring\"></i>your strategy</span>" +
            (d ? swatch(svg::kBlue, "disaggregated deployment (square)") : std::string()) + "</div>";
    body += "<div id=\"details\" class=\"noprint\">Click a point for its strategy, concurrency and figures.</div>";
  } else {
    body += "<p class=\"note\">No strategy fits in memory; nothing to chart.</p>";
  }

  std::optional<AutoStanding> standing;
  if (d) standing = disaggregated_standing(r, *d);
  size_t pareto_points = r.pareto.size();
  if (standing) {
    pareto_points = static_cast<size_t>(std::count(standing->pareto_kept.begin(), standing->pareto_kept.end(), true)) +
                    (standing->on_pareto ? 1 : 0);
  }
  body += fmt::format(
      "<h2>Candidates, best first</h2><p class=\"note\">The best concurrency of each of the top {} strategies{}; "
      "click a header to sort. The three-way Pareto frontier (throughput per GPU, TTFT, TPOT) has <b id=\"pareto-count\">{}</b> "
      "points{}.</p>",
      r.candidates.size(), d ? ", and the disaggregated deployment ranked among them" : "", pareto_points,
      standing ? (standing->on_pareto ? ", the disaggregated deployment among them" : "; an aggregated point dominates the disaggregated one")
               : "");
  // The disaggregated deployment's row, where disaggregated_standing ranks it.
  auto dis_row = [&](size_t rank) {
    const RateMatch& m = d->rate_match;
    const PoolPlan& pf = d->prefill();
    const PoolPlan& dc = d->decode();
    Strategy p1 = pf.strategy, d1 = dc.strategy;
    p1.instances = d1.instances = 1;
    const int in_flight = dc.concurrency_per_dp_rank * dc.strategy.dp * dc.strategy.instances;
    std::string row = "<tr class=\"is-dis\" id=\"dis-row\">";
    row += td_num(static_cast<double>(rank + 1), std::to_string(rank + 1));
    row += "<td class=\"l\">" +
           escape(fmt::format("disaggregated {}: prefill {} x ({}), decode {} x ({})", m.ratio, pf.strategy.instances, p1.label(),
                              dc.strategy.instances, d1.label())) +
           "</td>";
    row += td_num(m.gpus, std::to_string(m.gpus));
    row += td_num(pf.experts.redundant_per_layer, fmt::format("{} / {}", pf.experts.redundant_per_layer, dc.experts.redundant_per_layer));
    row += td_num(in_flight, std::to_string(in_flight));
    row += td_num(m.output_tokens_per_s_per_gpu, fmt_int(m.output_tokens_per_s_per_gpu));
    row += td_num(d->ttft_s, fmt_seconds(d->ttft_s));
    row += td_num(d->tpot_s, fmt_seconds(d->tpot_s));
    row += fmt::format("<td class=\"{}\">{}</td>", d->slo.met ? "ok" : "bad", d->slo.met ? "met" : "missed");
    row += "<td class=\"l\">" +
           escape(dis && dis->comparison ? "the disaggregated deployment; the comparison below says which kind wins and why"
                                         : "the disaggregated deployment") +
           "</td></tr>";
    return row;
  };
  body +=
      "<table class=\"sortable\" id=\"candidates\"><thead><tr><th>rank</th><th "
      "class=\"l\">strategy</th><th>GPUs</th><th>redundant</th>"
      "<th>in flight</th><th>tokens/s per GPU</th><th>TTFT</th><th>TPOT</th><th>objectives</th><th class=\"l\">why it ranks "
      "lower</th>"
      "</tr></thead><tbody>";
  for (size_t i = 0; i < r.candidates.size(); ++i) {
    const Candidate& c = r.candidates[i];
    const int in_flight = c.concurrency_per_dp_rank * c.strategy.dp * c.strategy.instances;
    const size_t shown = standing && standing->rank <= i ? i + 1 : i;  // rank after the disaggregated row
    if (standing && standing->rank == i) body += dis_row(i);
    body += fmt::format("<tr{}>", i == 0 ? " class=\"is-rec\"" : "");
    body += td_num(static_cast<double>(shown + 1), std::to_string(shown + 1));
    body += "<td class=\"l nw\">" + escape(c.strategy.label()) + "</td>";
    body += td_num(c.strategy.gpus(), std::to_string(c.strategy.gpus()));
    body += td_num(c.redundant_experts, std::to_string(c.redundant_experts));
    body += td_num(in_flight, std::to_string(in_flight));
    body += td_num(c.performance.output_tokens_per_s_per_gpu, fmt_int(c.performance.output_tokens_per_s_per_gpu),
                   i == 0 ? "rec-tput" : "");
    body += td_num(c.performance.ttft_s, fmt_seconds(c.performance.ttft_s));
    body += td_num(c.performance.tpot_s, fmt_seconds(c.performance.tpot_s));
    body += fmt::format("<td class=\"{}\">{}</td>", c.slo.met ? "ok" : "bad", c.slo.met ? "met" : "missed");
    body += "<td class=\"l\">" + escape(i == 0 ? "recommended" : c.loses_because) + "</td></tr>";
  }
  if (standing && standing->rank >= r.candidates.size()) body += dis_row(r.candidates.size());
  body += "</tbody></table>";
  body += "<h2>Rejected strategies</h2>" + rejected_chart(r);
  if (r.recommended)
    body += "<h2>Recommended: " + escape(r.recommended->strategy.label()) + "</h2>" + plan_body(*r.recommended, "rec");
  if (r.reference)
    body += "<h2>Your strategy: " + escape(r.reference->strategy.label()) + "</h2>" + plan_body(*r.reference, "ref");
  if (dis && dis->comparison && r.recommended) {
    // The two kinds side by side, as render_comparison_text lists them.
    const Performance& f = r.recommended->performance;
    const RateMatch& m = d->rate_match;
    body += "<h2>Aggregated or disaggregated</h2><table id=\"comparison\"><thead><tr><th class=\"l\">serving</th>"
            "<th class=\"l\">deployment</th><th>GPUs</th><th>output tokens/s per GPU</th><th>TTFT</th><th>TPOT</th>"
            "<th>objectives</th></tr></thead><tbody>";
    body += "<tr data-kind=\"aggregated\"><td class=\"l\">aggregated</td><td class=\"l nw\">" +
            escape(r.recommended->strategy.label()) + "</td>" + td_num(r.recommended->strategy.gpus(), std::to_string(r.recommended->strategy.gpus())) +
            td_num(f.output_tokens_per_s_per_gpu, fmt_int(f.output_tokens_per_s_per_gpu)) + td_num(f.ttft_s, fmt_seconds(f.ttft_s)) +
            td_num(f.tpot_s, fmt_seconds(f.tpot_s)) +
            fmt::format("<td class=\"{}\">{}</td></tr>", r.meets_slo ? "ok" : "bad", r.meets_slo ? "met" : "NOT met");
    body += "<tr data-kind=\"disaggregated\"><td class=\"l\">disaggregated</td><td class=\"l nw\">" + escape(m.ratio) + "</td>" +
            td_num(m.gpus, std::to_string(m.gpus)) +
            td_num(m.output_tokens_per_s_per_gpu, fmt_int(m.output_tokens_per_s_per_gpu)) + td_num(d->ttft_s, fmt_seconds(d->ttft_s)) +
            td_num(d->tpot_s, fmt_seconds(d->tpot_s)) +
            fmt::format("<td class=\"{}\">{}</td></tr>", d->slo.met ? "ok" : "bad", d->slo.met ? "met" : "NOT met");
    body += "</tbody></table>";
    body += fmt::format("<p>Winner: <b id=\"winner\">{}</b>. {}.</p>", escape(dis->comparison->winner), escape(dis->comparison->reason));
  }
  if (d) body += "<h2>Best disaggregated: " + escape(d->rate_match.ratio) + "</h2>" + deployment_body(*dis->scenario, *d);
  const bool dis_wins = dis && dis->comparison && dis->comparison->winner == "disaggregated";
  if (!launch.empty())
    body += std::string(dis_wins ? "<h2>How the winner, disaggregated, launches</h2>" : "<h2>How the recommendation launches</h2>") +
            "<p class=\"note\">Planner quantity, engine flag and value, as "
            "<code>moeplan export --explain</code> prints them; <code>moeplan export</code> writes the scripts.</p>"
            "<pre id=\"launch\">" + escape(launch) + "</pre>";
  return page("moeplan plan " + sc.name, body);
}

// ---- place ---------------------------------------------------------------


std::string render_placement_html(const PlacementResult& before, const PlacementResult& after, const std::string& title) {
  double top = 2;
  for (const PlacementResult* r : {&before, &after})
    for (const auto& l : r->layers) top = std::max(top, l.max_over_mean);
  std::string body = "<h1>moeplan place: " + escape(title) + "</h1>";
  body += fmt::format(
      "<p class=\"meta\">{} experts in {} slots per MoE layer ({} redundant) over {} GPUs in {} node{}, {} expert group{}</p>",
      after.spec.experts, after.spec.slots, after.spec.redundant(), after.spec.gpus, after.spec.nodes,
      after.spec.nodes == 1 ? "" : "s", after.spec.groups, after.spec.groups == 1 ? "" : "s");
  body += "<div class=\"cards\">";
  body += card("before: " + algorithm_name(before.algorithm), fmt::format("{:.3f}", before.summary.max_over_mean),
               fmt::format("busiest GPU / mean load, mean over layers; cross-node tokens {}",
                           fmt_percent(before.summary.cross_node_fraction)),
               "", fmt::format("id=\"before-max-over-mean\" data-v=\"{:.17g}\"", before.summary.max_over_mean));
  body += card("after: " + algorithm_name(after.algorithm), fmt::format("{:.3f}", after.summary.max_over_mean),
               fmt::format("busiest GPU / mean load; lower bound {:.3f}; cross-node tokens {}",
                           after.summary.lower_bound_max_over_mean, fmt_percent(after.summary.cross_node_fraction)),
               "rec", fmt::format("id=\"after-max-over-mean\" data-v=\"{:.17g}\"", after.summary.max_over_mean));
  body += "</div><h2>Load per GPU per MoE layer, before and after balancing</h2>";
  body += "<div class=\"charts\">" + heatmap(before, "Before (" + algorithm_name(before.algorithm) + ")", top) +
          heatmap(after, "After (" + algorithm_name(after.algorithm) + ")", top) + "</div>";
  body += heatmap_legend(top);
  body += fmt::format("<h2>Per layer</h2><details><summary>max/mean of each of the {} MoE layers, before and after</summary>",
                      after.layers.size());
  body +=
      "<table class=\"sortable\" id=\"layers\"><thead><tr><th>layer</th><th>max/mean before</th><th>max/mean after</th>"
      "<th>lower bound</th><th>cross-node after</th><th class=\"l\">chosen by</th></tr></thead><tbody>";
  for (size_t l = 0; l < after.layers.size(); ++l) {
    const LayerPlacement& a = after.layers[l];
    const double b = l < before.layers.size() ? before.layers[l].max_over_mean : 0;
    body += "<tr>" + td_num(static_cast<double>(l), std::to_string(l)) + td_num(b, fmt::format("{:.3f}", b)) +
            td_num(a.max_over_mean, fmt::format("{:.3f}", a.max_over_mean)) +
            td_num(a.lower_bound_max_over_mean, fmt::format("{:.3f}", a.lower_bound_max_over_mean)) +
            td_num(a.cross_node_fraction, fmt_percent(a.cross_node_fraction)) + "<td class=\"l\">" +
            escape(algorithm_name(a.algorithm)) + "</td></tr>";
  }
  body += "</tbody></table></details>";
  return page("moeplan place " + title, body);
}

// ---- check ---------------------------------------------------------------

namespace {

std::string finding_tip(const Finding& f) {
  std::string t = fmt::format("{}: {}; stated {}", to_string(f.verdict), f.quantity,
                              f.stated_text.empty() ? fmt::format("{:g}", f.stated) : f.stated_text);
  if (!f.expected_text.empty()) t += "; expected " + f.expected_text;
  if (!f.explanation.empty()) t += "\n" + f.explanation;
  return t;
}

std::string marked_line(std::string_view line, const std::vector<const Finding*>& findings) {
  std::vector<const Finding*> spans, loose;
  for (const Finding* f : findings) (f->col_end > f->col_begin && f->col_end <= line.size() ? spans : loose).push_back(f);
  std::sort(spans.begin(), spans.end(), [](auto a, auto b) { return a->col_begin < b->col_begin; });
  std::string out;
  size_t at = 0;
  for (const Finding* f : spans) {
    if (f->col_begin < at) {
      loose.push_back(f);  // overlaps the previous mark: badge it instead
      continue;
    }
    out += escape(line.substr(at, f->col_begin - at));
    const std::string v = to_string(f->verdict);
    out += fmt::format("<mark class=\"v-{}\" data-verdict=\"{}\" title=\"{}\">{}</mark>", v, v, escape(finding_tip(*f)),
                       escape(line.substr(f->col_begin, f->col_end - f->col_begin)));
    if (f->verdict != Verdict::kCorrect) out += fmt::format("<span class=\"tag v-{}\">{}</span>", v, v);
    at = f->col_end;
  }
  out += escape(line.substr(std::min(at, line.size())));
  for (const Finding* f : loose) {
    const std::string v = to_string(f->verdict);
    out += fmt::format("<mark class=\"v-{}\" data-verdict=\"{}\" title=\"{}\"><span class=\"tag v-{}\">{}: {}</span></mark>", v,
                       v, escape(finding_tip(*f)), v, v, escape(f->quantity));
  }
  return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(start, end - start);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (!(end == text.size() && l.empty())) lines.push_back(l);
    start = end + 1;
  }
  return lines;
}

}  // namespace

std::string render_check_html(const CheckReport& r, const MarkdownDocument& doc, const std::string& fixed_text) {
  std::string body = "<h1>moeplan check: " + escape(r.file) + "</h1>";
  body += fmt::format("<p class=\"meta\">{}</p>",
                      r.has_scenario ? "Compared with the plan for the strategy of " + escape(r.strategy_source) + "."
                                     : "No scenario: only the document's internal consistency is checked.");
  const std::vector<std::pair<Verdict, const char*>> verdicts = {
      {Verdict::kCorrect, "correct"},         {Verdict::kWrong, "wrong"},
      {Verdict::kImpossible, "impossible"},   {Verdict::kAmbiguous, "ambiguous"},
      {Verdict::kUnsupported, "unsupported"}, {Verdict::kUnverifiable, "unverifiable"}};
  body += "<div class=\"cards small\">" + card("claims", std::to_string(r.findings.size()),
                                               r.failed() ? "wrong or impossible numbers found" : "no wrong number",
                                               r.failed() ? "rec wide" : "wide", "id=\"claims-count\"");
  for (const auto& [v, name] : verdicts)
    body += card(name, std::to_string(r.count(v)), "", "v-" + to_string(v), fmt::format("id=\"count-{}\"", to_string(v)));
  body += "</div><div class=\"legend\">";
  for (const auto& [v, name] : verdicts) body += fmt::format("<span><mark class=\"v-{}\">{}</mark></span>", to_string(v), name);
  body += "<span>hover a mark for the expected value and its derivation</span></div>";

  std::map<int, std::vector<const Finding*>> by_line;
  for (const Finding& f : r.findings) by_line[f.line].push_back(&f);
  const std::vector<std::string_view> fixed = split_lines(fixed_text);
  body +=
      "<h2>The document, and the document fixed</h2><div class=\"doc\"><div><h3>As written, claims marked</h3><div "
      "class=\"lines\" id=\"original\">";
  for (int n = 1; n <= doc.line_count(); ++n) {
    auto it = by_line.find(n);
    const std::string_view text = doc.line(n);
    body += fmt::format("<div class=\"ln\" id=\"L{}\"><span class=\"no\">{}</span><span>{}</span></div>", n, n,
                        it == by_line.end() ? escape(text) : marked_line(text, it->second));
  }
  body += "</div></div><div><h3>Fixed (<code>--fix</code>), changed lines shaded</h3><div class=\"lines\" id=\"fixed\">";
  for (size_t i = 0; i < fixed.size(); ++i) {
    const int n = static_cast<int>(i) + 1;
    const bool changed = n > doc.line_count() || doc.line(n) != fixed[i];
    body += fmt::format("<div class=\"ln{}\"><span class=\"no\">{}</span><span>{}</span></div>", changed ? " changed" : "", n,
                        escape(fixed[i]));
  }
  body += "</div></div></div>";

  body +=
      "<h2>Claims that need a change</h2><table class=\"sortable\" id=\"findings\"><thead><tr><th>line</th><th "
      "class=\"l\">verdict</th>"
      "<th class=\"l\">quantity</th><th class=\"l\">stated</th><th class=\"l\">expected</th><th "
      "class=\"l\">derivation</th></tr></thead><tbody>";
  for (const Finding& f : r.findings) {
    if (f.verdict == Verdict::kCorrect) continue;
    const std::string v = to_string(f.verdict);
    body += "<tr>" + td_num(f.line, std::to_string(f.line)) +
            fmt::format("<td class=\"l\"><mark class=\"v-{}\">{}</mark></td>", v, v) + "<td class=\"l\">" + escape(f.quantity) +
            "</td>" + "<td class=\"l\">" + escape(f.stated_text.empty() ? fmt::format("{:g}", f.stated) : f.stated_text) +
            "</td><td class=\"l\">" + escape(f.expected_text) + "</td><td class=\"l\">" + escape(f.explanation) + "</td></tr>";
  }
  body += "</tbody></table>";
  return page("moeplan check " + r.file, body);
}

}  // namespace moeplan
