#include "vision/scene_painting.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "io/error.hpp"
#include "vision/colour_class.hpp"

namespace vec2midi::vision::scene_painting {

using io::Rng;
using io::uniform01;
using io::uniform;
using io::uniform_int;
using io::bernoulli;


bool is_achromatic(int label) { return label == kBlack || label == kGrey || label == kWhite; }

/// HSV (hue in degrees, any range; saturation and value in [0, 1]) to float BGR.
Colour hsv(double h, double s, double v) {
  h = std::fmod(std::fmod(h, 360.0) + 360.0, 360.0);
  s = std::clamp(s, 0.0, 1.0);
  v = std::clamp(v, 0.0, 1.0);
  const double c = v * s, x = c * (1 - std::abs(std::fmod(h / 60.0, 2.0) - 1)), m = v - c;
  double r = 0, g = 0, b = 0;
  if (h < 60) r = c, g = x;
  else if (h < 120) r = x, g = c;
  else if (h < 180) g = c, b = x;
  else if (h < 240) g = x, b = c;
  else if (h < 300) r = x, b = c;
  else r = c, b = x;
  return Colour(float(b + m), float(g + m), float(r + m));
}


Hsv sample_hsv(int label, Rng& rng) {
  switch (label) {
    case kBlack: return {uniform(rng, 0, 360), uniform(rng, 0, 0.4), uniform(rng, 0.02, 0.2)};
    case kBlue: return {uniform(rng, 190, 245), uniform(rng, 0.45, 1), uniform(rng, 0.35, 1)};
    case kGreen: return {uniform(rng, 75, 160), uniform(rng, 0.4, 1), uniform(rng, 0.3, 0.95)};
    case kGrey: {
      // Mostly neutral or bluish (silver and gunmetal cars), a few warm.
      const double h = bernoulli(rng, 0.7) ? uniform(rng, 190, 230) : uniform(rng, 0, 360);
      return {h, uniform(rng, 0, 0.14), uniform(rng, 0.3, 0.78)};
    }
    case kOrange: return {uniform(rng, 14, 34), uniform(rng, 0.7, 1), uniform(rng, 0.8, 1)};
    case kPurple: return {uniform(rng, 258, 325), uniform(rng, 0.35, 1), uniform(rng, 0.3, 1)};
    case kRed: return {uniform(rng, -18, 7), uniform(rng, 0.65, 1), uniform(rng, 0.35, 1)};
    case kWhite: {
      const double h = bernoulli(rng, 0.5) ? uniform(rng, 20, 60) : uniform(rng, 190, 230);
      return {h, uniform(rng, 0, 0.1), uniform(rng, 0.86, 1)};
    }
    case kYellow: return {uniform(rng, 43, 57), uniform(rng, 0.6, 1), uniform(rng, 0.82, 1)};
    default: throw Error("scene generator: colour class out of range: " + std::to_string(label));
  }
}

/// A colour of another class than `label`; with `dull`, desaturated so that it draws less attention.
Colour distractor_colour(int label, Rng& rng, bool dull) {
  int other = int(uniform_int(rng, kNumClasses - 1));
  if (other >= label) ++other;
  Hsv c = sample_hsv(other, rng);
  if (dull) c.s *= uniform(rng, 0.2, 0.55);
  return hsv(c.h, c.s, c.v);
}

/// A class colour shifted slightly in value, saturation and hue (shades within the class).
Colour shade_of(int label, const Hsv& base, Rng& rng, double v_lo, double v_hi) {
  if (is_achromatic(label)) {
    const double dv = label == kBlack ? uniform(rng, -0.05, 0.08) : uniform(rng, -0.08, 0.06);
    return hsv(base.h, base.s, base.v + dv);
  }
  return hsv(base.h + uniform(rng, -6, 6), base.s * uniform(rng, 0.85, 1.1), base.v * uniform(rng, v_lo, v_hi));
}

cv::Scalar scalar(Colour c) { return cv::Scalar(c[0], c[1], c[2]); }

/// Clamps every value to [0, 1].
void clamp01(Image& image) {
  for (int y = 0; y < image.rows; ++y) {
    auto* p = image.ptr<float>(y);
    for (int x = 0; x < image.cols * 3; ++x) p[x] = std::clamp(p[x], 0.0f, 1.0f);
  }
}

Image solid(cv::Size size, Colour c) { return Image(size, CV_32FC3, cv::Scalar(c[0], c[1], c[2])); }

/// alpha-blends `layer` onto `canvas` where `mask` (CV_32F, [0, 1]) is set.
void blend(Image& canvas, const Image& layer, const cv::Mat& mask) {
  for (int y = 0; y < canvas.rows; ++y) {
    auto* dst = canvas.ptr<Colour>(y);
    const auto* src = layer.ptr<Colour>(y);
    const auto* a = mask.ptr<float>(y);
    for (int x = 0; x < canvas.cols; ++x) dst[x] = dst[x] * (1.0f - a[x]) + src[x] * a[x];
  }
}

/// Paints `colour` through `mask`.
void paint(Image& canvas, Colour colour, const cv::Mat& mask) { blend(canvas, solid(canvas.size(), colour), mask); }

cv::Mat empty_mask(cv::Size size) { return cv::Mat::zeros(size, CV_8U); }

/// Converts an 8-bit mask to float alpha, softened by a small blur (anti-aliased edges).
cv::Mat to_alpha(const cv::Mat& mask8, double soften) {
  cv::Mat alpha;
  mask8.convertTo(alpha, CV_32F, 1.0 / 255.0);
  if (soften > 0) cv::GaussianBlur(alpha, alpha, cv::Size(0, 0), soften);
  return alpha;
}

/// Multiplies each pixel of `layer` by a brightness field: a linear gradient, optional fabric
/// folds (sums of sinusoids) and fine noise. `strength` scales all three.
void shade(Image& layer, Rng& rng, double strength, bool folds) {
  const double angle = uniform(rng, 0, 2 * std::numbers::pi);
  const double gx = std::cos(angle), gy = std::sin(angle);
  const double slope = uniform(rng, 0.05, 0.3) * strength;
  struct Wave {
    double kx, ky, phase, amp;
  };
  std::vector<Wave> waves;
  if (folds) {
    const int n = 1 + int(uniform_int(rng, 3));
    const double dir = uniform(rng, 0, std::numbers::pi);
    for (int i = 0; i < n; ++i) {
      const double d = dir + uniform(rng, -0.5, 0.5), k = uniform(rng, 4, 18) * std::numbers::pi / layer.cols;
      waves.push_back({k * std::cos(d), k * std::sin(d), uniform(rng, 0, 6.3), uniform(rng, 0.05, 0.18) * strength});
    }
  }
  const double cx = layer.cols / 2.0, cy = layer.rows / 2.0, scale = 1.0 / std::max(layer.cols, layer.rows);
  for (int y = 0; y < layer.rows; ++y) {
    auto* p = layer.ptr<Colour>(y);
    for (int x = 0; x < layer.cols; ++x) {
      double f = 1.0 + slope * ((x - cx) * gx + (y - cy) * gy) * scale * 2.0;
      for (const auto& w : waves) f += w.amp * std::sin(w.kx * x + w.ky * y + w.phase);
      p[x] *= float(std::max(f, 0.0));
    }
  }
}

/// Adds a soft white highlight (specular reflection) inside `mask`.
void add_highlight(Image& canvas, const cv::Mat& mask8, Rng& rng, double strength) {
  cv::Mat spot = empty_mask(canvas.size());
  const cv::Rect box = cv::boundingRect(mask8);
  if (box.area() == 0) return;
  const cv::Point centre(box.x + int(uniform(rng, 0.2, 0.8) * box.width), box.y + int(uniform(rng, 0.15, 0.5) * box.height));
  const cv::Size axes(std::max(1, int(box.width * uniform(rng, 0.1, 0.35))), std::max(1, int(box.height * uniform(rng, 0.03, 0.12))));
  cv::ellipse(spot, centre, axes, uniform(rng, -20, 20), 0, 360, cv::Scalar(255), cv::FILLED, cv::LINE_AA);
  cv::Mat alpha = to_alpha(spot, std::max(1.0, axes.height * 0.8));
  cv::Mat inside = to_alpha(mask8, 0);
  alpha = alpha.mul(inside) * strength;
  paint(canvas, Colour(1, 1, 1), alpha);
}

/// A soft drop shadow under an object (darkens the ground).
void add_shadow(Image& canvas, const cv::Mat& mask8, Rng& rng) {
  cv::Mat shifted;
  const cv::Mat shift = (cv::Mat_<double>(2, 3) << 1, 0, uniform(rng, -6, 6), 0, 1, uniform(rng, 2, 8));
  cv::warpAffine(mask8, shifted, shift, mask8.size());
  cv::Mat alpha = to_alpha(shifted, uniform(rng, 3, 8)) * uniform(rng, 0.15, 0.4);
  paint(canvas, Colour(0, 0, 0), alpha);
}

// ---- shapes ---------------------------------------------------------------------------------

/// A random object silhouette covering roughly `fraction` of the frame, centred near the middle.
cv::Mat object_mask(cv::Size size, Rng& rng, double fraction) {
  cv::Mat m = empty_mask(size);
  const double side = std::sqrt(fraction * size.area());
  const cv::Point2d c(size.width * uniform(rng, 0.4, 0.6), size.height * uniform(rng, 0.4, 0.6));
  const double w = side * uniform(rng, 0.8, 1.25), h = side * side / w;
  auto pt = [&](double fx, double fy) { return cv::Point(int(c.x + fx * w / 2), int(c.y + fy * h / 2)); };
  switch (uniform_int(rng, 6)) {
    case 0:  // ellipse (ball, fruit, cap)
      cv::ellipse(m, cv::Point(c), cv::Size(int(w / 2 * 1.1), int(h / 2 * 1.1)), uniform(rng, -30, 30), 0, 360,
                  cv::Scalar(255), cv::FILLED, cv::LINE_AA);
      break;
    case 1: {  // rounded rectangle (bag, phone, box)
      const int r = int(std::min(w, h) * uniform(rng, 0.05, 0.25));
      const cv::Rect box(pt(-1, -1), pt(1, 1));
      cv::rectangle(m, cv::Rect(box.x + r, box.y, box.width - 2 * r, box.height), cv::Scalar(255), cv::FILLED);
      cv::rectangle(m, cv::Rect(box.x, box.y + r, box.width, box.height - 2 * r), cv::Scalar(255), cv::FILLED);
      for (auto corner : {box.tl(), cv::Point(box.br().x, box.y), cv::Point(box.x, box.br().y), box.br()}) {
        const cv::Point inward(corner.x + (corner.x == box.x ? r : -r), corner.y + (corner.y == box.y ? r : -r));
        cv::circle(m, inward, r, cv::Scalar(255), cv::FILLED, cv::LINE_AA);
      }
      break;
    }
    case 2: {  // dress / skirt: narrow top, flared bottom
      std::vector<cv::Point> poly = {pt(-0.35, -1), pt(0.35, -1), pt(0.45, -0.3), pt(1.1, 1), pt(-1.1, 1), pt(-0.45, -0.3)};
      cv::fillPoly(m, std::vector<std::vector<cv::Point>>{poly}, cv::Scalar(255), cv::LINE_AA);
      cv::ellipse(m, pt(0, 1), cv::Size(int(w * 0.55), int(h * 0.08)), 0, 0, 180, cv::Scalar(255), cv::FILLED, cv::LINE_AA);
      break;
    }
    case 3: {  // T-shirt / jacket
      std::vector<cv::Point> poly = {pt(-0.5, -1), pt(-0.15, -0.9), pt(0.15, -0.9), pt(0.5, -1), pt(1.1, -0.55),
                                     pt(0.85, -0.2), pt(0.6, -0.4), pt(0.6, 1), pt(-0.6, 1), pt(-0.6, -0.4),
                                     pt(-0.85, -0.2), pt(-1.1, -0.55)};
      cv::fillPoly(m, std::vector<std::vector<cv::Point>>{poly}, cv::Scalar(255), cv::LINE_AA);
      break;
    }
    case 4: {  // blob: union of circles (toy, flower, heart)
      const int n = 3 + int(uniform_int(rng, 5));
      for (int i = 0; i < n; ++i) {
        const double r = side * uniform(rng, 0.22, 0.4);
        cv::circle(m, pt(uniform(rng, -0.5, 0.5), uniform(rng, -0.5, 0.5)), int(r), cv::Scalar(255), cv::FILLED, cv::LINE_AA);
      }
      break;
    }
    default: {  // random convex-ish polygon (shoe, glove, object)
      const int n = 5 + int(uniform_int(rng, 6));
      std::vector<cv::Point> poly;
      for (int i = 0; i < n; ++i) {
        const double a = 2 * std::numbers::pi * (i + uniform(rng, -0.3, 0.3)) / n, r = uniform(rng, 0.6, 1.15);
        poly.push_back(pt(r * std::cos(a), r * std::sin(a)));
      }
      cv::fillPoly(m, std::vector<std::vector<cv::Point>>{poly}, cv::Scalar(255), cv::LINE_AA);
      break;
    }
  }
  return m;
}

/// A flat-shaded layer of the class colour with shading, folds and fine pattern, for `mask`.
Image coloured_layer(cv::Size size, int label, const Hsv& base, Rng& rng, bool folds) {
  Image layer = solid(size, hsv(base.h, base.s, base.v));
  if (bernoulli(rng, 0.25)) {  // a pattern of shades of the same colour (stripes or dots)
    cv::Mat pattern = empty_mask(size);
    const int step = 6 + int(uniform_int(rng, 14));
    if (bernoulli(rng, 0.5)) {
      for (int x = -size.height; x < size.width; x += step)
        cv::line(pattern, cv::Point(x, 0), cv::Point(x + size.height, size.height), cv::Scalar(255), step / 3 + 1, cv::LINE_AA);
    } else {
      for (int y = step / 2; y < size.height; y += step)
        for (int x = step / 2; x < size.width; x += step) cv::circle(pattern, cv::Point(x, y), step / 4 + 1, cv::Scalar(255), cv::FILLED);
    }
    paint(layer, shade_of(label, base, rng, 0.7, 0.9), to_alpha(pattern, 0.5));
  }
  shade(layer, rng, is_achromatic(label) ? 0.5 : 1.0, folds);
  return layer;
}

}  // namespace vec2midi::vision::scene_painting
