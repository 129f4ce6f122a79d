#include "render/charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include <opencv2/imgproc.hpp>

namespace vec2midi::render {
namespace {

const cv::Scalar kInk{40, 40, 40};
const cv::Scalar kGrid{225, 225, 225};
constexpr int kLeft = 80, kRight = 30, kTop = 50, kBottom = 60;

std::string tick_text(double v) {
  char buf[32];
  if (v != 0.0 && (std::abs(v) >= 1e5 || std::abs(v) < 1e-3)) {
    std::snprintf(buf, sizeof buf, "%.1e", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.4g", v);
  }
  return buf;
}

// The plot frame: maps data coordinates to pixels and draws axes, grid, ticks and labels.
struct Frame {
  double x0, x1, y0, y1;
  int w, h;
  int px(double x) const { return kLeft + static_cast<int>(std::lround((x - x0) / (x1 - x0) * (w - kLeft - kRight))); }
  int py(double y) const { return h - kBottom - static_cast<int>(std::lround((y - y0) / (y1 - y0) * (h - kTop - kBottom))); }
};

void widen(double& lo, double& hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) {
    lo = 0.0;
    hi = 1.0;
  }
  if (hi - lo < 1e-12) {
    lo -= 0.5;
    hi += 0.5;
  }
}

cv::Mat blank_with_axes(const Frame& f, const ChartOptions& o, bool x_ticks) {
  cv::Mat img(o.height, o.width, CV_8UC3, cv::Scalar(255, 255, 255));
  for (int i = 0; i <= 4; ++i) {
    const double yv = f.y0 + (f.y1 - f.y0) * i / 4.0;
    cv::line(img, {kLeft, f.py(yv)}, {o.width - kRight, f.py(yv)}, kGrid, 1);
    cv::putText(img, tick_text(yv), {4, f.py(yv) + 5}, cv::FONT_HERSHEY_SIMPLEX, 0.45, kInk, 1, cv::LINE_AA);
    if (x_ticks) {
      const double xv = f.x0 + (f.x1 - f.x0) * i / 4.0;
      cv::line(img, {f.px(xv), kTop}, {f.px(xv), o.height - kBottom}, kGrid, 1);
      cv::putText(img, tick_text(xv), {f.px(xv) - 20, o.height - kBottom + 20}, cv::FONT_HERSHEY_SIMPLEX, 0.45, kInk, 1,
                  cv::LINE_AA);
    }
  }
  cv::rectangle(img, {kLeft, kTop}, {o.width - kRight, o.height - kBottom}, kInk, 1);
  cv::putText(img, o.title, {kLeft, 30}, cv::FONT_HERSHEY_SIMPLEX, 0.6, kInk, 1, cv::LINE_AA);
  cv::putText(img, o.x_label, {o.width / 2 - 60, o.height - 15}, cv::FONT_HERSHEY_SIMPLEX, 0.5, kInk, 1, cv::LINE_AA);
  cv::putText(img, o.y_label, {4, kTop - 8}, cv::FONT_HERSHEY_SIMPLEX, 0.45, kInk, 1, cv::LINE_AA);
  return img;
}

}  // namespace

double quantile(std::vector<double> values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double pos = q * static_cast<double>(values.size() - 1);
  const auto i = static_cast<size_t>(std::floor(pos));
  const size_t j = std::min(i + 1, values.size() - 1);
  return values[i] + (pos - static_cast<double>(i)) * (values[j] - values[i]);
}

cv::Mat draw_line_chart(const std::vector<ChartSeries>& series, const ChartOptions& o) {
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  for (const auto& s : series) {
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      x0 = std::min(x0, s.x[i]);
      x1 = std::max(x1, s.x[i]);
      y0 = std::min(y0, s.y[i]);
      y1 = std::max(y1, s.y[i]);
    }
  }
  if (o.fixed_x) x0 = o.x_min, x1 = o.x_max;
  if (o.fixed_y) y0 = o.y_min, y1 = o.y_max;
  widen(x0, x1);
  widen(y0, y1);
  const Frame f{x0, x1, y0, y1, o.width, o.height};
  cv::Mat img = blank_with_axes(f, o, true);
  int legend_y = kTop + 20;
  for (const auto& s : series) {
    const size_t n = std::min(s.x.size(), s.y.size());
    for (size_t i = 0; i < n; ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      const cv::Point p{f.px(s.x[i]), f.py(s.y[i])};
      if (s.points) {
        cv::circle(img, p, 2, s.colour, cv::FILLED, cv::LINE_AA);
      } else if (i > 0 && std::isfinite(s.y[i - 1]) && (!s.dashed || i % 2 == 0)) {
        cv::line(img, {f.px(s.x[i - 1]), f.py(s.y[i - 1])}, p, s.colour, 2, cv::LINE_AA);
      }
    }
    if (!s.label.empty()) {
      cv::line(img, {o.width - kRight - 190, legend_y - 4}, {o.width - kRight - 165, legend_y - 4}, s.colour, 3);
      cv::putText(img, s.label, {o.width - kRight - 160, legend_y}, cv::FONT_HERSHEY_SIMPLEX, 0.45, kInk, 1, cv::LINE_AA);
      legend_y += 20;
    }
  }
  return img;
}

cv::Mat draw_box_plot(const std::vector<BoxGroup>& groups, const ChartOptions& o) {
  double y0 = std::numeric_limits<double>::infinity(), y1 = -y0;
  for (const auto& g : groups) {
    for (double v : g.values) {
      y0 = std::min(y0, v);
      y1 = std::max(y1, v);
    }
  }
  if (o.fixed_y) y0 = o.y_min, y1 = o.y_max;
  widen(y0, y1);
  const Frame f{0.0, static_cast<double>(std::max<size_t>(1, groups.size())), y0, y1, o.width, o.height};
  cv::Mat img = blank_with_axes(f, o, false);
  const cv::Scalar box{180, 110, 40};
  for (size_t k = 0; k < groups.size(); ++k) {
    const int cx = f.px(static_cast<double>(k) + 0.5);
    cv::putText(img, groups[k].label, {cx - 20, o.height - kBottom + 20}, cv::FONT_HERSHEY_SIMPLEX, 0.4, kInk, 1,
                cv::LINE_AA);
    const auto& v = groups[k].values;
    if (v.empty()) continue;
    const double q1 = quantile(v, 0.25), med = quantile(v, 0.5), q3 = quantile(v, 0.75);
    const double iqr = q3 - q1;
    double lo = q1, hi = q3;
    for (double x : v) {
      if (x >= q1 - 1.5 * iqr) lo = std::min(lo, x);
      if (x <= q3 + 1.5 * iqr) hi = std::max(hi, x);
    }
    const int half = std::max(4, (f.px(1.0) - f.px(0.0)) / 4);
    cv::rectangle(img, {cx - half, f.py(q3)}, {cx + half, f.py(q1)}, box, 2);
    cv::line(img, {cx - half, f.py(med)}, {cx + half, f.py(med)}, cv::Scalar(30, 120, 230), 2);
    cv::line(img, {cx, f.py(q3)}, {cx, f.py(hi)}, kInk, 1);
    cv::line(img, {cx, f.py(q1)}, {cx, f.py(lo)}, kInk, 1);
    cv::line(img, {cx - half / 2, f.py(hi)}, {cx + half / 2, f.py(hi)}, kInk, 1);
    cv::line(img, {cx - half / 2, f.py(lo)}, {cx + half / 2, f.py(lo)}, kInk, 1);
  }
  return img;
}

cv::Mat draw_bar_chart(const std::vector<double>& values, const std::vector<int64_t>& highlight, const ChartOptions& o) {
  double y1 = 0.0;
  for (double v : values) y1 = std::max(y1, std::isfinite(v) ? v : 0.0);
  double y0 = 0.0;
  if (o.fixed_y) y0 = o.y_min, y1 = o.y_max;
  widen(y0, y1);
  const double n = static_cast<double>(std::max<size_t>(1, values.size()));
  const Frame f{0.0, n, y0, y1, o.width, o.height};
  cv::Mat img = blank_with_axes(f, o, true);
  std::vector<bool> marked(values.size(), false);
  for (int64_t i : highlight) {
    if (i >= 0 && static_cast<size_t>(i) < values.size()) marked[static_cast<size_t>(i)] = true;
  }
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) continue;
    const cv::Scalar colour = marked[i] ? cv::Scalar(40, 60, 220) : cv::Scalar(180, 150, 120);
    const int xa = f.px(static_cast<double>(i)), xb = std::max(xa, f.px(static_cast<double>(i) + 1.0) - 1);
    cv::rectangle(img, {xa, f.py(values[i])}, {xb, f.py(y0)}, colour, cv::FILLED);
    if (marked[i]) {
      cv::putText(img, std::to_string(i), {xa - 6, f.py(values[i]) - 4}, cv::FONT_HERSHEY_SIMPLEX, 0.35, kInk, 1,
                  cv::LINE_AA);
    }
  }
  return img;
}

}  // namespace vec2midi::render
