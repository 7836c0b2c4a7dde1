#include "render/svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace moeplan::svg {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string num(double v) {
  if (!std::isfinite(v)) return "0";
  std::string s = fmt::format("{:.2f}", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::vector<double> linear_ticks(double lo, double hi, int target_count) {
  std::vector<double> ticks;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return {lo};
  const double raw = (hi - lo) / std::max(1, target_count);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * magnitude) {
      step = m * magnitude;
      break;
    }
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

std::vector<double> log_ticks(double lo, double hi) {
  std::vector<double> ticks;
  if (!(lo > 0) || !(hi > lo)) return {lo};
  const int decades = static_cast<int>(std::ceil(std::log10(hi)) - std::floor(std::log10(lo)));
  const std::vector<double> mantissas = decades > 3 ? std::vector<double>{1} : std::vector<double>{1, 2, 5};
  for (double p = std::pow(10.0, std::floor(std::log10(lo))); p <= hi; p *= 10)
    for (double m : mantissas)
      if (m * p >= lo * (1 - 1e-9) && m * p <= hi * (1 + 1e-9)) ticks.push_back(m * p);
  return ticks;
}

namespace {
std::string tick_label(double v) {
  const double a = std::abs(v);
  if (a >= 10000) return fmt::format("{:.0f}k", v / 1e3);
  if (a >= 100 || a == 0) return fmt::format("{:.0f}", v);
  return fmt::format("{:g}", std::round(v * 1000) / 1000);
}
}  // namespace

Chart::Chart(int width, int height, Axis x, Axis y, std::string title, std::string css_class)
    : width_(width), height_(height), x_(std::move(x)), y_(std::move(y)), title_(std::move(title)), class_(std::move(css_class)) {
  for (Axis* a : {&x_, &y_}) {
    if (a->log) {
      a->min = std::max(a->min, 1e-12);
      if (!(a->max > a->min)) a->max = a->min * 10;
    } else if (!(a->max > a->min)) {
      a->max = a->min + 1;
    }
  }
}

double Chart::x(double v) const {
  const double f = x_.log ? (std::log(std::max(v, 1e-12)) - std::log(x_.min)) / (std::log(x_.max) - std::log(x_.min))
                          : (v - x_.min) / (x_.max - x_.min);
  return left() + f * (right() - left());
}

double Chart::y(double v) const {
  const double f = y_.log ? (std::log(std::max(v, 1e-12)) - std::log(y_.min)) / (std::log(y_.max) - std::log(y_.min))
                          : (v - y_.min) / (y_.max - y_.min);
  return bottom() - f * (bottom() - top());
}

void Chart::vline(double v, const std::string& css_class, const std::string& label, bool label_right) {
  if (v < x_.min || v > x_.max) return;
  const double px = x(v);
  overlay_ += line(px, top(), px, bottom(), "class=\"" + css_class + "\"");
  overlay_ += text(px + (label_right ? 4 : -4), top() - 4, label,
                   std::string("class=\"limit-label\" text-anchor=\"") + (label_right ? "start" : "end") + "\"");
}

void Chart::hline(double v, const std::string& css_class, const std::string& label) {
  if (v < y_.min || v > y_.max) return;
  const double py = y(v);
  overlay_ += line(left(), py, right(), py, "class=\"" + css_class + "\"");
  overlay_ += text(right() - 4, py - 4, label, "class=\"limit-label\" text-anchor=\"end\"");
}

std::string Chart::render() const {
  std::string out = fmt::format(
      "<svg class=\"{}\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">"
      "<title>{}</title>",
      class_, width_, height_, width_, height_, escape(title_), escape(title_));
  out += text(left(), 18, title_, "class=\"chart-title\"");
  out += rect(left(), top(), right() - left(), bottom() - top(), "class=\"plot-bg\"");
  auto ticks = [](const Axis& a, int count) {
    std::vector<std::pair<double, std::string>> t = a.categories;
    if (!t.empty()) return t;
    for (double v : a.log ? log_ticks(a.min, a.max) : linear_ticks(a.min, a.max, count))
      t.emplace_back(v, tick_label(v * a.scale));
    return t;
  };
  const auto xt = ticks(x_, 6), yt = ticks(y_, 5);
  out += "<g class=\"grid\">";
  if (x_.categories.empty())
    for (const auto& t : xt) out += line(x(t.first), top(), x(t.first), bottom(), "");
  if (y_.categories.empty())
    for (const auto& t : yt) out += line(left(), y(t.first), right(), y(t.first), "");
  out += "</g><g class=\"ticks\">";
  for (const auto& t : xt) out += text(x(t.first), bottom() + 14, t.second, "text-anchor=\"middle\"");
  for (const auto& t : yt) out += text(left() - 6, y(t.first) + 4, t.second, "text-anchor=\"end\"");
  out += "</g>";
  out += text((left() + right()) / 2, height_ - 8, x_.title, "class=\"axis-title\" text-anchor=\"middle\"");
  out += fmt::format("<text class=\"axis-title\" text-anchor=\"middle\" transform=\"translate(14 {}) rotate(-90)\">{}</text>",
                     num((top() + bottom()) / 2), escape(y_.title));
  out += line(left(), bottom(), right(), bottom(), "class=\"axis\"") + line(left(), top(), left(), bottom(), "class=\"axis\"");
  out += "<g class=\"data\">" + body_ + "</g>" + overlay_ + "</svg>";
  return out;
}

std::string rect(double x, double y, double w, double h, const std::string& attrs) {
  return fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}{}/>", num(x), num(y), num(std::max(0.0, w)),
                     num(std::max(0.0, h)), attrs.empty() ? "" : " ", attrs);
}

std::string text(double x, double y, const std::string& content, const std::string& attrs) {
  return fmt::format("<text x=\"{}\" y=\"{}\"{}{}>{}</text>", num(x), num(y), attrs.empty() ? "" : " ", attrs, escape(content));
}

std::string line(double x1, double y1, double x2, double y2, const std::string& attrs) {
  return fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{}{}/>", num(x1), num(y1), num(x2), num(y2),
                     attrs.empty() ? "" : " ", attrs);
}

}  // namespace moeplan::svg
