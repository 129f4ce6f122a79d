// Small statistical charts drawn with OpenCV (no plotting dependency at run time): line/scatter charts
// (best loss vs evaluations, ROC curve), box plots (inter-class distances) and bar charts (latent importance).
// Usage: cv::Mat img = draw_line_chart({{.x = xs, .y = ys}}, {.title = "best loss"}); render::write_png(p, img);
#pragma once

#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace vec2midi::render {

/// One series of a line chart.
struct ChartSeries {
  std::vector<double> x;
  std::vector<double> y;
  cv::Scalar colour{200, 90, 30};  ///< BGR
  bool points = false;             ///< dots instead of a line
  bool dashed = false;             ///< dashed line
  std::string label;               ///< legend entry (empty: none)
};

/// Axes and size of a chart.
struct ChartOptions {
  std::string title;
  std::string x_label;
  std::string y_label;
  int width = 800;             ///< pixels
  int height = 600;            ///< pixels
  bool fixed_x = false;        ///< use x_min..x_max instead of the data range
  double x_min = 0.0, x_max = 1.0;
  bool fixed_y = false;        ///< use y_min..y_max instead of the data range
  double y_min = 0.0, y_max = 1.0;
};

/// A line/scatter chart with axes, 5 ticks per axis, title, labels and legend. 8-bit BGR.
cv::Mat draw_line_chart(const std::vector<ChartSeries>& series, const ChartOptions& options);

/// One box of a box plot.
struct BoxGroup {
  std::string label;
  std::vector<double> values;
};

/// Box plots (quartiles, median; whiskers at the furthest values within 1.5 IQR; no outlier dots, as the
/// original's showfliers=False). Empty groups are left blank.
cv::Mat draw_box_plot(const std::vector<BoxGroup>& groups, const ChartOptions& options);

/// A bar per value (x = index); bars listed in `highlight` are drawn in a second colour.
cv::Mat draw_bar_chart(const std::vector<double>& values, const std::vector<int64_t>& highlight,
                       const ChartOptions& options);

/// Quantile q in [0, 1] of `values` by linear interpolation between order statistics (numpy's default).
double quantile(std::vector<double> values, double q);

}  // namespace vec2midi::render
