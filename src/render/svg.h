// A small SVG writer for the HTML report: escaping, an XY chart with linear
// or logarithmic axes (ticks, grid, axis titles with units), and the
// Okabe-Ito colour-blind-safe palette. It draws; it computes no plan figure.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace moeplan::svg {

// Okabe & Ito (2008), "Color Universal Design": distinguishable with every
// common colour-vision deficiency.
inline constexpr const char* kBlack = "#000000";
inline constexpr const char* kOrange = "#E69F00";
inline constexpr const char* kSkyBlue = "#56B4E9";
inline constexpr const char* kGreen = "#009E73";
inline constexpr const char* kYellow = "#F0E442";
inline constexpr const char* kBlue = "#0072B2";
inline constexpr const char* kVermillion = "#D55E00";
inline constexpr const char* kPurple = "#CC79A7";
inline constexpr const char* kGrey = "#999999";
// Greys of other lightness for further categories: no extra hue to confuse.
inline constexpr const char* kDarkGrey = "#5A5A5A";
inline constexpr const char* kLightGrey = "#C8C8C8";

// Text for HTML/SVG content and attribute values.
std::string escape(std::string_view text);
// A coordinate with at most two decimals and no trailing zeros.
std::string num(double v);

// Tick positions: "nice" steps (1, 2, 5 x 10^k) over [lo, hi] for a linear
// axis; 1, 2, 5 x 10^k inside [lo, hi] for a logarithmic one.
std::vector<double> linear_ticks(double lo, double hi, int target_count = 6);
std::vector<double> log_ticks(double lo, double hi);

struct Axis {
  std::string title;  // with its unit: "TPOT (ms)"
  double min = 0;
  double max = 1;
  bool log = false;
  double scale = 1;  // tick labels show value x scale (seconds -> ms: 1e3)
  // Named positions instead of numeric ticks (bar and heatmap rows).
  std::vector<std::pair<double, std::string>> categories;
};

// An XY chart: `add` raw SVG in data coordinates through x()/y(), then
// render() wraps it with the frame, grid, ticks and axis titles.
class Chart {
 public:
  Chart(int width, int height, Axis x, Axis y, std::string title, std::string css_class = "chart");
  // Room for tick labels and titles around the plot, in pixels.
  void set_margins(double left, double right, double top, double bottom) {
    left_ = left;
    right_ = right;
    top_ = top;
    bottom_ = bottom;
  }
  double x(double v) const;  // data -> pixel
  double y(double v) const;
  double left() const { return left_; }
  double right() const { return width_ - right_; }
  double top() const { return top_; }
  double bottom() const { return height_ - bottom_; }
  void add(std::string svg) { body_ += svg; }
  // Drawn after the limit lines (labels that must stay readable over them).
  void add_on_top(std::string svg) { overlay_ += svg; }
  // A limit line across the plot with its label ("TPOT target 50 ms").
  // `label_right`: the label goes right of the line (default: left of it).
  void vline(double v, const std::string& css_class, const std::string& label, bool label_right = false);
  void hline(double v, const std::string& css_class, const std::string& label);
  std::string render() const;

 private:
  int width_, height_;
  Axis x_, y_;
  std::string title_, class_, body_, overlay_;
  double left_ = 64, right_ = 16, top_ = 44, bottom_ = 46;
};

// "<rect .../>" and "<text ...>..</text>" with escaped content.
std::string rect(double x, double y, double w, double h, const std::string& attrs);
std::string text(double x, double y, const std::string& content, const std::string& attrs = "");
std::string line(double x1, double y1, double x2, double y2, const std::string& attrs);

}  // namespace moeplan::svg
