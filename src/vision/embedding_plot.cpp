#include "vision/embedding_plot.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <numeric>

#include <opencv2/imgproc.hpp>

#include "io/error.hpp"
#include "vision/colour_class.hpp"

namespace vec2midi::vision {

namespace {

struct Camera {
  double cos_a, sin_a, cos_e, sin_e, scale, cx, cy;

  /// Screen position and depth (larger = nearer) of a point in the unit cube.
  cv::Point3d view(const cv::Vec3d& p) const {
    const double x = cos_a * p[0] + sin_a * p[2];
    const double z = -sin_a * p[0] + cos_a * p[2];
    const double y = cos_e * p[1] - sin_e * z;
    const double depth = sin_e * p[1] + cos_e * z;
    const double perspective = 1.0 / (1.0 - 0.12 * depth);
    return {cx + scale * perspective * x, cy - scale * perspective * y, depth};
  }
};

cv::Point to_pixel(const cv::Point3d& p) { return {int(std::lround(p.x * 16)), int(std::lround(p.y * 16))}; }

}  // namespace

cv::Mat render_embedding_frame(const RowMatrix& points, const std::vector<int>& labels, double azimuth_degrees,
                               const EmbeddingPlotOptions& options) {
  if (points.cols() != 3 || points.rows() != Eigen::Index(labels.size())) {
    throw Error("render_embedding_frame: points [N, 3] with N labels expected");
  }
  const int side = int(options.size);
  cv::Mat canvas(side, side, CV_8UC3, cv::Scalar(255, 255, 255));
  // Centre the cloud and scale it into the unit cube.
  Eigen::MatrixX3d p = points.cast<double>();
  if (p.rows() > 0) {
    const Eigen::RowVector3d lo = p.colwise().minCoeff(), hi = p.colwise().maxCoeff();
    const double half = std::max(((hi - lo) / 2).maxCoeff(), 1e-9);
    p = (p.rowwise() - (lo + hi) / 2) / half;
  }
  const double a = azimuth_degrees * std::numbers::pi / 180, e = options.elevation_degrees * std::numbers::pi / 180;
  const Camera cam{std::cos(a), std::sin(a), std::cos(e), std::sin(e), side * 0.27, side * 0.5, side * 0.54};
  constexpr int kShift = 4;  // sub-pixel drawing (16ths of a pixel)

  // Wire cube and axis names.
  const std::array<cv::Vec3d, 8> corners = {cv::Vec3d(-1, -1, -1), {1, -1, -1}, {1, 1, -1}, {-1, 1, -1},
                                            {-1, -1, 1},           {1, -1, 1},  {1, 1, 1},  {-1, 1, 1}};
  const int edges[12][2] = {{0, 1}, {1, 2}, {2, 3}, {3, 0}, {4, 5}, {5, 6}, {6, 7}, {7, 4}, {0, 4}, {1, 5}, {2, 6}, {3, 7}};
  for (const auto& edge : edges) {
    cv::line(canvas, to_pixel(cam.view(corners[size_t(edge[0])])), to_pixel(cam.view(corners[size_t(edge[1])])),
             cv::Scalar(205, 205, 205), 1, cv::LINE_AA, kShift);
  }
  const std::array<std::pair<cv::Vec3d, const char*>, 3> axes = {{{{1.15, -1, -1}, "PC1"}, {{-1, 1.12, -1}, "PC2"}, {{-1, -1, 1.15}, "PC3"}}};
  for (const auto& [where, name] : axes) {
    const auto q = cam.view(where);
    cv::putText(canvas, name, cv::Point(int(q.x) - 12, int(q.y) + 4), cv::FONT_HERSHEY_SIMPLEX, 0.4, cv::Scalar(130, 130, 130), 1, cv::LINE_AA);
  }

  // Points, far ones first.
  std::vector<cv::Point3d> screen(size_t(p.rows()));
  for (size_t i = 0; i < screen.size(); ++i) {
    const auto row = Eigen::Index(i);
    screen[i] = cam.view(cv::Vec3d(p(row, 0), p(row, 1), p(row, 2)));
  }
  std::vector<size_t> order(screen.size());
  std::iota(order.begin(), order.end(), size_t(0));
  std::sort(order.begin(), order.end(), [&](size_t i, size_t j) { return screen[i].z < screen[j].z; });
  for (size_t i : order) {
    const auto bgr = class_display_bgr(labels[i]);
    const double r = options.point_radius * (1.0 + 0.15 * screen[i].z);
    const cv::Point centre = to_pixel(screen[i]);
    cv::circle(canvas, centre, int(std::lround(r * 16)), cv::Scalar(bgr[0], bgr[1], bgr[2]), cv::FILLED, cv::LINE_AA, kShift);
    cv::circle(canvas, centre, int(std::lround(r * 16)), cv::Scalar(60, 60, 60), 1, cv::LINE_AA, kShift);
  }

  // Title and legend.
  cv::putText(canvas, options.title, cv::Point(14, 26), cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(30, 30, 30), 1, cv::LINE_AA);
  if (!options.subtitle.empty()) {
    cv::putText(canvas, options.subtitle, cv::Point(14, 46), cv::FONT_HERSHEY_SIMPLEX, 0.42, cv::Scalar(90, 90, 90), 1, cv::LINE_AA);
  }
  for (int c = 0; c < kNumClasses; ++c) {
    const auto bgr = class_display_bgr(c);
    const cv::Point at(side - 90, 22 + 17 * c);
    cv::circle(canvas, at, 5, cv::Scalar(bgr[0], bgr[1], bgr[2]), cv::FILLED, cv::LINE_AA);
    cv::circle(canvas, at, 5, cv::Scalar(60, 60, 60), 1, cv::LINE_AA);
    cv::putText(canvas, std::string(kClassNames[size_t(c)]), at + cv::Point(10, 4), cv::FONT_HERSHEY_SIMPLEX, 0.4,
                cv::Scalar(40, 40, 40), 1, cv::LINE_AA);
  }
  return canvas;
}

std::vector<cv::Mat> render_embedding_turntable(const RowMatrix& points, const std::vector<int>& labels,
                                                const EmbeddingPlotOptions& options) {
  std::vector<cv::Mat> frames;
  for (int64_t i = 0; i < options.n_frames; ++i) {
    frames.push_back(render_embedding_frame(points, labels, 360.0 * double(i) / double(options.n_frames), options));
  }
  return frames;
}

}  // namespace vec2midi::vision
