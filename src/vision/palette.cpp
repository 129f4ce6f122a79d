#include "vision/palette.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include <opencv2/imgproc.hpp>

#include "io/error.hpp"

namespace vec2midi::vision {
namespace {

double squared_distance(const cv::Vec3f& a, const cv::Vec3f& b) {
  const cv::Vec3f d = a - b;
  return double(d.dot(d));
}

// k-means of the Lab pixels (Lloyd 1982) with a deterministic farthest-point start from the most salient
// pixel, so that the same picture always gives the same palette (cv::kmeans draws from a global generator).
std::vector<int> colour_clusters(const std::vector<cv::Vec3f>& lab, const std::vector<double>& weight, int n_clusters,
                                 int iterations) {
  const size_t n = lab.size();
  std::vector<cv::Vec3f> centres{lab[size_t(std::max_element(weight.begin(), weight.end()) - weight.begin())]};
  std::vector<double> nearest(n, std::numeric_limits<double>::infinity());
  while (int(centres.size()) < n_clusters) {
    for (size_t i = 0; i < n; ++i) nearest[i] = std::min(nearest[i], squared_distance(lab[i], centres.back()));
    const size_t far = size_t(std::max_element(nearest.begin(), nearest.end()) - nearest.begin());
    if (nearest[far] < 1e-6) break;  // fewer distinct colours than clusters
    centres.push_back(lab[far]);
  }
  std::vector<int> cluster(n, -1);
  for (int it = 0; it < iterations; ++it) {
    bool changed = false;
    for (size_t i = 0; i < n; ++i) {
      int best = 0;
      for (int c = 1; c < int(centres.size()); ++c) {
        if (squared_distance(lab[i], centres[size_t(c)]) < squared_distance(lab[i], centres[size_t(best)])) best = c;
      }
      changed |= cluster[i] != best;
      cluster[i] = best;
    }
    if (!changed) break;
    std::vector<cv::Vec3d> sums(centres.size(), cv::Vec3d(0, 0, 0));
    std::vector<int> counts(centres.size(), 0);
    for (size_t i = 0; i < n; ++i) {
      sums[size_t(cluster[i])] += cv::Vec3d(lab[i]);
      ++counts[size_t(cluster[i])];
    }
    for (size_t c = 0; c < centres.size(); ++c) {
      if (counts[c] > 0) centres[c] = cv::Vec3f(sums[c] / double(counts[c]));
    }
  }
  return cluster;
}

// The bounding box (at work size) of the largest 8-connected patch of `cluster`'s pixels.
cv::Rect largest_patch(const std::vector<int>& clusters, int cluster, int side) {
  cv::Mat mask(side, side, CV_8U);
  for (int i = 0; i < side * side; ++i) mask.data[i] = clusters[size_t(i)] == cluster ? 255 : 0;
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
  int best = 1;
  for (int l = 2; l < n; ++l) {
    if (stats.at<int>(l, cv::CC_STAT_AREA) > stats.at<int>(best, cv::CC_STAT_AREA)) best = l;
  }
  return {stats.at<int>(best, cv::CC_STAT_LEFT), stats.at<int>(best, cv::CC_STAT_TOP),
          stats.at<int>(best, cv::CC_STAT_WIDTH), stats.at<int>(best, cv::CC_STAT_HEIGHT)};
}

// A work-size box in the picture's pixels, grown by the margin, at least 8 x 8 and inside the picture.
cv::Rect picture_box(const cv::Rect& small, int side, const cv::Size& size, double margin) {
  const double sx = double(size.width) / side, sy = double(size.height) / side;
  double x0 = small.x * sx, y0 = small.y * sy, x1 = (small.x + small.width) * sx, y1 = (small.y + small.height) * sy;
  const double mx = margin * (x1 - x0), my = margin * (y1 - y0);
  x0 -= mx, y0 -= my, x1 += mx, y1 += my;
  const int min_side = std::min({8, size.width, size.height});
  cv::Rect box(cv::Point(int(std::floor(x0)), int(std::floor(y0))), cv::Point(int(std::ceil(x1)), int(std::ceil(y1))));
  box &= cv::Rect(0, 0, size.width, size.height);
  if (box.width < min_side) {
    box.x = std::clamp(box.x + box.width / 2 - min_side / 2, 0, size.width - min_side);
    box.width = min_side;
  }
  if (box.height < min_side) {
    box.y = std::clamp(box.y + box.height / 2 - min_side / 2, 0, size.height - min_side);
    box.height = min_side;
  }
  return box;
}

// Which pixels of `box` (picture pixels) fall in `cluster` (work-size labels, nearest neighbour).
cv::Mat box_mask(const std::vector<int>& clusters, int cluster, int side, const cv::Size& size, const cv::Rect& box) {
  cv::Mat mask(box.size(), CV_8U);
  for (int y = 0; y < box.height; ++y) {
    const int sy = std::min(side - 1, int(int64_t(box.y + y) * side / size.height));
    for (int x = 0; x < box.width; ++x) {
      const int sx = std::min(side - 1, int(int64_t(box.x + x) * side / size.width));
      mask.at<uchar>(y, x) = clusters[size_t(sy) * size_t(side) + size_t(sx)] == cluster ? 255 : 0;
    }
  }
  return mask;
}

}  // namespace

cv::Mat region_crop(const cv::Mat& bgr, const PaletteRegion& region) {
  cv::Mat crop = bgr(region.box).clone();
  cv::Mat others;
  cv::bitwise_not(region.mask, others);
  crop.setTo(cv::Scalar(region.mean_bgr[0], region.mean_bgr[1], region.mean_bgr[2]), others);
  return crop;
}

std::vector<PaletteRegion> salient_regions(const cv::Mat& bgr, const PaletteOptions& options) {
  if (bgr.empty() || bgr.type() != CV_8UC3) throw InputError("palette: expected a non-empty 8-bit BGR picture");
  if (options.k < 1 || options.n_clusters < options.k || options.saliency.work_size < 8) {
    throw InputError("palette: k must be 1..n_clusters and the work size at least 8, got k = " +
                     std::to_string(options.k) + ", " + std::to_string(options.n_clusters) + " clusters");
  }
  const SalientPixels s = salient_pixels(bgr, options.saliency);
  const size_t n = s.weight.size();
  std::vector<cv::Vec3f> lab(s.lab.begin<cv::Vec3f>(), s.lab.end<cv::Vec3f>());
  const std::vector<int> clusters = colour_clusters(lab, s.weight, options.n_clusters, options.kmeans_iterations);
  const int n_found = *std::max_element(clusters.begin(), clusters.end()) + 1;
  std::vector<PaletteRegion> regions(static_cast<size_t>(n_found));
  std::vector<cv::Vec3d> colour_sums(static_cast<size_t>(n_found), cv::Vec3d(0, 0, 0));
  for (size_t i = 0; i < n; ++i) {
    PaletteRegion& r = regions[size_t(clusters[i])];
    r.area += 1.0;
    r.saliency += s.weight[i];
    colour_sums[size_t(clusters[i])] += cv::Vec3d(s.bgr.at<cv::Vec3f>(int(i)));
  }
  std::vector<int> order;
  for (int c = 0; c < n_found; ++c) {
    PaletteRegion& r = regions[size_t(c)];
    if (r.area == 0) continue;
    const cv::Vec3d mean = colour_sums[size_t(c)] * (255.0 / r.area);
    r.mean_bgr = cv::Vec3b(cv::saturate_cast<uchar>(mean[0]), cv::saturate_cast<uchar>(mean[1]), cv::saturate_cast<uchar>(mean[2]));
    r.saliency /= r.area;
    r.area /= double(n);
    r.weight = r.area * r.saliency;
    if (r.area >= options.min_area) order.push_back(c);
  }
  if (order.empty()) order.push_back(int(std::max_element(regions.begin(), regions.end(), [](const auto& a, const auto& b) {
                                           return a.area < b.area;
                                         }) - regions.begin()));
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return regions[size_t(a)].weight > regions[size_t(b)].weight; });
  order.resize(std::min(order.size(), size_t(options.k)));
  double total = 0;
  for (int c : order) total += regions[size_t(c)].weight;
  std::vector<PaletteRegion> result;
  for (int c : order) {
    PaletteRegion r = regions[size_t(c)];
    r.weight = total > 0 ? r.weight / total : 1.0 / double(order.size());
    r.box = picture_box(largest_patch(clusters, c, s.side), s.side, bgr.size(), options.box_margin);
    r.mask = box_mask(clusters, c, s.side, bgr.size(), r.box);
    result.push_back(r);
  }
  return result;
}

}  // namespace vec2midi::vision
