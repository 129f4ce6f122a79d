#include "vision/scene_generator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "imaging/jpeg_codec.hpp"
#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "io/random.hpp"
#include "io/random_stream.hpp"
#include "vision/colour_class.hpp"
#include "vision/scene_painting.hpp"

namespace vec2midi::vision {

using io::Rng;
using io::uniform01;
using io::uniform;
using io::uniform_int;
using io::bernoulli;

namespace {

using namespace scene_painting;

// ---- backgrounds ----------------------------------------------------------------------------

/// A plain studio ground: near white, light grey, or (sometimes, for chromatic objects) darker.
Image studio_ground(cv::Size size, int label, Rng& rng) {
  double v = uniform(rng, 0.88, 1.0);
  if (label == kWhite) v = uniform(rng, 0.8, 1.0);
  else if (!is_achromatic(label) && bernoulli(rng, 0.2)) v = uniform(rng, 0.2, 0.6);
  else if (label == kBlack && bernoulli(rng, 0.2)) v = uniform(rng, 0.6, 0.85);
  Image ground = solid(size, hsv(uniform(rng, 0, 360), uniform(rng, 0, 0.05), v));
  shade(ground, rng, 0.3, false);
  return ground;
}

/// A street: sky, buildings or trees above a horizon, asphalt below.
Image street_ground(cv::Size size, int label, Rng& rng) {
  Image ground(size, CV_32FC3);
  const int horizon = int(size.height * uniform(rng, 0.35, 0.65));
  const cv::Rect top(0, 0, size.width, horizon), bottom(0, horizon, size.width, size.height - horizon);
  switch (uniform_int(rng, 5)) {
    case 0: ground(top) = scalar(hsv(uniform(rng, 195, 220), uniform(rng, 0.05, 0.4), uniform(rng, 0.75, 1))); break;
    case 1: ground(top) = cv::Scalar::all(uniform(rng, 0.75, 0.98)); break;  // overcast / white wall
    case 2: {  // trees
      ground(top) = scalar(hsv(uniform(rng, 80, 140), uniform(rng, 0.2, 0.6), uniform(rng, 0.15, 0.45)));
      Image t = ground(top);
      for (int i = 0; i < 25; ++i) {
        const Colour leaf = hsv(uniform(rng, 70, 150), uniform(rng, 0.2, 0.6), uniform(rng, 0.1, 0.55));
        cv::circle(t, cv::Point(int(uniform_int(rng, size.width)), int(uniform_int(rng, std::max(1, horizon)))),
                   int(uniform(rng, 3, 14)), cv::Scalar(leaf[0], leaf[1], leaf[2]), cv::FILLED, cv::LINE_AA);
      }
      break;
    }
    default: {  // buildings or showroom: blocks of dull colours with windows
      ground(top) = cv::Scalar::all(uniform(rng, 0.5, 0.9));
      Image t = ground(top);
      for (int i = 0; i < 8; ++i) {
        const Colour c = bernoulli(rng, 0.7) ? hsv(uniform(rng, 0, 360), uniform(rng, 0, 0.15), uniform(rng, 0.3, 0.95))
                                             : distractor_colour(label, rng, true);
        const int x = int(uniform_int(rng, size.width)), w = int(uniform(rng, 0.1, 0.4) * size.width);
        const int y = int(uniform_int(rng, std::max(1, horizon)));
        cv::rectangle(t, cv::Rect(x, y, w, horizon - y), cv::Scalar(c[0], c[1], c[2]), cv::FILLED);
      }
      break;
    }
  }
  const double road = uniform(rng, 0.3, 0.75);
  Image asphalt = ground(bottom);
  asphalt = scalar(hsv(uniform(rng, 0, 360), uniform(rng, 0, 0.08), road));
  cv::Mat noise(bottom.size(), CV_32FC3);
  cv::randn(noise, 0.0, 0.02 + 0.03 * uniform01(rng));
  asphalt += noise;
  if (bernoulli(rng, 0.4)) {  // lane or parking markings
    const int y = bottom.y + int(uniform(rng, 0.3, 0.9) * bottom.height);
    cv::line(ground, cv::Point(0, y), cv::Point(size.width, y + int(uniform(rng, -20, 20))),
             bernoulli(rng, 0.7) ? cv::Scalar::all(0.9) : cv::Scalar(0.1, 0.8, 0.9), int(uniform(rng, 1, 4)), cv::LINE_AA);
  }
  return ground;
}

// ---- layouts --------------------------------------------------------------------------------

/// One object of the class colour on a plain ground (catalogue photo).
Image product_scene(cv::Size size, int label, Rng& rng) {
  Image canvas = studio_ground(size, label, rng);
  const Hsv base = sample_hsv(label, rng);
  const cv::Mat mask = object_mask(size, rng, uniform(rng, 0.22, 0.6));
  if (bernoulli(rng, 0.6)) add_shadow(canvas, mask, rng);
  blend(canvas, coloured_layer(size, label, base, rng, bernoulli(rng, 0.5)), to_alpha(mask));
  if (bernoulli(rng, 0.5)) add_highlight(canvas, mask, rng, uniform(rng, 0.15, 0.5));
  if (bernoulli(rng, 0.3)) {  // a small detail of another colour (logo, button, leaf)
    cv::Mat detail = empty_mask(size);
    const cv::Rect box = cv::boundingRect(mask);
    cv::circle(detail, cv::Point(box.x + int(uniform01(rng) * box.width), box.y + int(uniform01(rng) * box.height)),
               int(std::max(2.0, box.width * uniform(rng, 0.03, 0.1))), cv::Scalar(255), cv::FILLED, cv::LINE_AA);
    paint(canvas, distractor_colour(label, rng, false), to_alpha(detail));
  }
  return canvas;
}

/// A car of the class colour in a street or a showroom, side or front view.
Image street_scene(cv::Size size, int label, Rng& rng) {
  Image canvas = bernoulli(rng, 0.75) ? street_ground(size, label, rng) : studio_ground(size, label, rng);
  const Hsv base = sample_hsv(label, rng);
  const double w = size.width * uniform(rng, 0.7, 0.98), h = size.height * uniform(rng, 0.55, 0.85);
  const double x0 = (size.width - w) * uniform01(rng), y0 = (size.height - h) * uniform(rng, 0.3, 1.0);
  auto pt = [&](double fx, double fy) { return cv::Point(int(x0 + fx * w), int(y0 + fy * h)); };
  const bool side_view = bernoulli(rng, 0.5);
  cv::Mat body = empty_mask(size), glass = empty_mask(size), dark = empty_mask(size);
  const double waist = uniform(rng, 0.38, 0.5);
  // Lower body and cabin.
  cv::rectangle(body, cv::Rect(pt(0, waist), pt(1, 0.88)), cv::Scalar(255), cv::FILLED);
  cv::ellipse(body, pt(0.5, waist), cv::Size(int(w * 0.5), int(h * 0.08)), 0, 180, 360, cv::Scalar(255), cv::FILLED, cv::LINE_AA);
  std::vector<cv::Point> cabin, window;
  if (side_view) {
    const double a = uniform(rng, 0.15, 0.3), b = uniform(rng, 0.65, 0.85);
    cabin = {pt(a - 0.1, waist + 0.02), pt(a + 0.08, 0.05), pt(b - 0.05, 0.05), pt(b + 0.12, waist + 0.02)};
    window = {pt(a, waist), pt(a + 0.1, 0.1), pt(b - 0.07, 0.1), pt(b + 0.06, waist)};
  } else {
    cabin = {pt(0.08, waist + 0.02), pt(0.2, 0.05), pt(0.8, 0.05), pt(0.92, waist + 0.02)};
    window = {pt(0.14, waist - 0.02), pt(0.24, 0.1), pt(0.76, 0.1), pt(0.86, waist - 0.02)};
  }
  cv::fillPoly(body, std::vector<std::vector<cv::Point>>{cabin}, cv::Scalar(255), cv::LINE_AA);
  cv::fillPoly(glass, std::vector<std::vector<cv::Point>>{window}, cv::Scalar(255), cv::LINE_AA);
  // Wheels (dark tyres) and the dark band under the body.
  const int r = int(h * uniform(rng, 0.12, 0.17));
  std::vector<cv::Point> wheels = side_view ? std::vector<cv::Point>{pt(0.2, 0.86), pt(0.8, 0.86)}
                                            : std::vector<cv::Point>{pt(0.1, 0.9), pt(0.9, 0.9)};
  for (const auto& c : wheels) cv::circle(dark, c, r, cv::Scalar(255), cv::FILLED, cv::LINE_AA);
  if (bernoulli(rng, 0.5)) add_shadow(canvas, body, rng);
  Image paint_layer = coloured_layer(size, label, base, rng, false);
  // Body panels: lighter on top (sky reflection), darker at the sills.
  for (int y = 0; y < size.height; ++y) {
    const float f = float(1.1 - 0.3 * std::clamp((y - y0) / h, 0.0, 1.0));
    for (int x = 0; x < size.width; ++x) paint_layer.at<Colour>(y, x) *= f;
  }
  blend(canvas, paint_layer, to_alpha(body));
  add_highlight(canvas, body, rng, uniform(rng, 0.1, 0.45));
  paint(canvas, hsv(uniform(rng, 190, 230), uniform(rng, 0, 0.3), uniform(rng, 0.08, 0.4)), to_alpha(glass));
  paint(canvas, Colour::all(float(uniform(rng, 0.03, 0.1))), to_alpha(dark));
  for (const auto& c : wheels)  // rims
    cv::circle(canvas, c, int(r * 0.55), cv::Scalar::all(uniform(rng, 0.45, 0.8)), cv::FILLED, cv::LINE_AA);
  // Lights, grille and a (blurred) number plate.
  const bool rear = bernoulli(rng, 0.5);
  const cv::Scalar light = rear ? cv::Scalar(0.1, 0.1, uniform(rng, 0.6, 0.9)) : cv::Scalar::all(uniform(rng, 0.75, 0.95));
  const double ly = waist + 0.1;
  for (double lx : {0.06, 0.94})
    cv::ellipse(canvas, pt(lx, ly), cv::Size(int(w * 0.05), int(h * 0.035)), 0, 0, 360, light, cv::FILLED, cv::LINE_AA);
  if (!side_view) {
    if (!rear) cv::rectangle(canvas, cv::Rect(pt(0.3, ly - 0.03), pt(0.7, ly + 0.08)), cv::Scalar::all(uniform(rng, 0.05, 0.25)), cv::FILLED);
    cv::rectangle(canvas, cv::Rect(pt(0.4, 0.7), pt(0.6, 0.78)), cv::Scalar::all(uniform(rng, 0.6, 0.9)), cv::FILLED);
  }
  return canvas;
}

/// The class colour fills the frame: many elements in shades of it (fruit, petals, fabric, sweets),
/// sometimes with a few small elements of another colour.
Image texture_scene(cv::Size size, int label, Rng& rng) {
  const Hsv base = sample_hsv(label, rng);
  if (bernoulli(rng, 0.3)) {  // fabric: one colour with folds
    Image canvas = solid(size, hsv(base.h, base.s, base.v));
    shade(canvas, rng, is_achromatic(label) ? 0.6 : 1.4, true);
    return canvas;
  }
  Image canvas = solid(size, shade_of(label, base, rng, 0.5, 0.8));
  const int n = 15 + int(uniform_int(rng, 120));
  const double radius = std::sqrt(double(size.area()) / n) * uniform(rng, 0.5, 0.9);
  const double distractor_share = bernoulli(rng, 0.35) ? uniform(rng, 0.03, 0.12) : 0.0;
  const Colour other = distractor_colour(label, rng, false);
  for (int i = 0; i < n; ++i) {
    const cv::Point c(int(uniform_int(rng, size.width)), int(uniform_int(rng, size.height)));
    const cv::Size axes(int(radius * uniform(rng, 0.6, 1.3)), int(radius * uniform(rng, 0.4, 1.1)));
    const Colour col = uniform01(rng) < distractor_share ? other : shade_of(label, base, rng);
    const double angle = uniform(rng, 0, 180);
    if (bernoulli(rng, 0.3)) {  // a darker outline between elements
      cv::ellipse(canvas, c, axes + cv::Size(1, 1), angle, 0, 360, cv::Scalar(col[0] * 0.6, col[1] * 0.6, col[2] * 0.6), cv::FILLED, cv::LINE_AA);
    }
    cv::ellipse(canvas, c, axes, angle, 0, 360, cv::Scalar(col[0], col[1], col[2]), cv::FILLED, cv::LINE_AA);
    if (bernoulli(rng, 0.3)) {  // gloss on round elements (fruit, sweets)
      const cv::Point g(c.x - axes.width / 3, c.y - axes.height / 3);
      cv::circle(canvas, g, std::max(1, axes.height / 5), cv::Scalar::all(0.95), cv::FILLED, cv::LINE_AA);
    }
  }
  shade(canvas, rng, 0.6, false);
  return canvas;
}

/// A flat colour, a smooth gradient or swatches in shades of the class colour; for black also
/// the near-empty dark frames the photos contain (a faint light, a thin crescent).
Image flat_scene(cv::Size size, int label, Rng& rng) {
  const Hsv base = sample_hsv(label, rng);
  Image canvas = solid(size, hsv(base.h, base.s, base.v));
  const int kind = int(uniform_int(rng, 3));
  if (kind == 1) {  // swatches
    const int n = 2 + int(uniform_int(rng, 5));
    const bool vertical = bernoulli(rng, 0.5), grid = bernoulli(rng, 0.25);
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < (grid ? n : 1); ++j) {
        const Colour c = shade_of(label, base, rng, 0.55, 1.15);
        cv::Rect r = vertical ? cv::Rect(i * size.width / n, j * size.height / (grid ? n : 1), size.width / n + 1, size.height / (grid ? n : 1) + 1)
                              : cv::Rect(j * size.width / (grid ? n : 1), i * size.height / n, size.width / (grid ? n : 1) + 1, size.height / n + 1);
        r &= cv::Rect(cv::Point(0, 0), size);
        canvas(r) = cv::Scalar(c[0], c[1], c[2]);
      }
    }
  } else {
    shade(canvas, rng, kind == 2 ? 1.5 : 0.4, false);
  }
  if (label == kBlack && bernoulli(rng, 0.4)) {  // a faint light in the dark
    cv::Mat spot = empty_mask(size);
    cv::circle(spot, cv::Point(int(uniform_int(rng, size.width)), int(uniform_int(rng, size.height))),
               int(uniform(rng, 2, size.width * 0.08)), cv::Scalar(255), bernoulli(rng, 0.5) ? cv::FILLED : 1, cv::LINE_AA);
    paint(canvas, Colour::all(float(uniform(rng, 0.4, 0.9))), to_alpha(spot, uniform(rng, 0.5, 3)));
  }
  return canvas;
}

/// A large, saturated object of the class colour among smaller, duller patches of other colours.
Image clutter_scene(cv::Size size, int label, Rng& rng) {
  Image canvas = solid(size, distractor_colour(label, rng, true));
  const int n = 6 + int(uniform_int(rng, 14));
  for (int i = 0; i < n; ++i) {
    const Colour c = bernoulli(rng, 0.5) ? distractor_colour(label, rng, true)
                                         : hsv(uniform(rng, 0, 360), uniform(rng, 0, 0.12), uniform(rng, 0.2, 0.9));
    const cv::Point p(int(uniform_int(rng, size.width)), int(uniform_int(rng, size.height)));
    const int s = int(uniform(rng, 0.1, 0.35) * size.width);
    if (bernoulli(rng, 0.5)) cv::rectangle(canvas, cv::Rect(p.x - s / 2, p.y - s / 2, s, int(s * uniform(rng, 0.5, 1.5))), cv::Scalar(c[0], c[1], c[2]), cv::FILLED);
    else cv::circle(canvas, p, s / 2, cv::Scalar(c[0], c[1], c[2]), cv::FILLED, cv::LINE_AA);
  }
  cv::GaussianBlur(canvas, canvas, cv::Size(0, 0), uniform(rng, 0.5, 3));  // background slightly out of focus
  const Hsv base = sample_hsv(label, rng);
  const Hsv vivid{base.h, std::max(base.s, 0.7), std::max(base.v, 0.6)};
  const cv::Mat mask = object_mask(size, rng, uniform(rng, 0.25, 0.5));
  add_shadow(canvas, mask, rng);
  blend(canvas, coloured_layer(size, label, vivid, rng, bernoulli(rng, 0.3)), to_alpha(mask));
  if (bernoulli(rng, 0.5)) add_highlight(canvas, mask, rng, uniform(rng, 0.1, 0.35));
  return canvas;
}

// ---- photographic degradations --------------------------------------------------------------

cv::Mat finish(Image canvas, Rng& rng, const SceneOptions& options) {
  // Lighting: a gentle brightness ramp; white balance: small per-channel gains.
  shade(canvas, rng, 0.35, false);
  const cv::Scalar gains(uniform(rng, 0.94, 1.06), uniform(rng, 0.96, 1.04), uniform(rng, 0.94, 1.06));
  cv::multiply(canvas, gains, canvas);
  if (options.max_blur_sigma > 0 && bernoulli(rng, 0.5)) {
    cv::GaussianBlur(canvas, canvas, cv::Size(0, 0), uniform(rng, 0.3, options.max_blur_sigma));
  }
  cv::Mat out;
  canvas.convertTo(out, CV_8UC3, 255.0);
  if (options.max_noise_sigma > 0) {
    cv::Mat noise(out.size(), CV_16SC3);
    cv::randn(noise, 0.0, uniform(rng, 0.0, options.max_noise_sigma));
    cv::Mat wide;
    out.convertTo(wide, CV_16SC3);
    wide += noise;
    wide.convertTo(out, CV_8UC3);
  }
  if (bernoulli(rng, options.jpeg_probability)) {
    const int quality = options.jpeg_quality_min + int(uniform_int(rng, options.jpeg_quality_max - options.jpeg_quality_min + 1));
    out = imaging::decode_jpeg(imaging::encode_jpeg(out, {.quality = quality}));
  }
  return out;
}

}  // namespace

cv::Mat generate_scene(int label, Rng& rng, const SceneOptions& options) {
  if (label < 0 || label >= kNumClasses) throw Error("scene generator: colour class out of range: " + std::to_string(label));
  // cv::randn draws from OpenCV's global generator: reseed it from ours so scenes are reproducible.
  cv::theRNG().state = rng();
  const int side = int(options.size);
  // Layout weights: cars and products dominate the photos; clutter only for chromatic colours.
  const double r = uniform01(rng);
  Image canvas;
  if (r < 0.3) {
    const cv::Size size(side, int(side * uniform(rng, options.min_aspect, 1.0)));
    canvas = street_scene(size, label, rng);
  } else if (r < 0.6) {
    canvas = product_scene(cv::Size(side, side), label, rng);
  } else if (r < 0.78) {
    canvas = texture_scene(cv::Size(side, side), label, rng);
  } else if (r < 0.88 || is_achromatic(label)) {
    canvas = flat_scene(cv::Size(side, side), label, rng);
  } else {
    canvas = clutter_scene(cv::Size(side, side), label, rng);
  }
  clamp01(canvas);
  return finish(canvas, rng, options);
}

uint64_t scene_seed(uint64_t seed, int64_t index) {
  // SplitMix64's finaliser of the pair, so neighbouring indices get unrelated streams.
  return io::splitmix64(seed * 0x9E3779B97F4A7C15ULL + uint64_t(index) + 0x632BE59BD9B4E019ULL);
}

int scene_label(int64_t index) { return int(index % kNumClasses); }

cv::Mat generate_indexed_scene(uint64_t seed, int64_t index, const SceneOptions& options) {
  Rng rng(scene_seed(seed, index));
  return generate_scene(scene_label(index), rng, options);
}

void write_scenes(const std::filesystem::path& dir, int64_t n_scenes, uint64_t seed, const SceneOptions& options,
                  const std::function<void()>& on_written) {
  if (n_scenes < 0) throw InputError("number of scenes must not be negative: " + std::to_string(n_scenes));
  std::error_code ec;
  for (auto name : kClassNames) {
    std::filesystem::create_directories(dir / name, ec);
    if (ec) throw Error((dir / name).string() + ": cannot create directory: " + ec.message());
  }
  for (int64_t i = 0; i < n_scenes; ++i) {
    const cv::Mat scene = generate_indexed_scene(seed, i, options);
    char name[32];
    std::snprintf(name, sizeof name, "scene_%06lld.jpg", static_cast<long long>(i));
    io::write_file_atomic(dir / kClassNames[size_t(scene_label(i))] / name, imaging::encode_jpeg(scene, {.quality = 95}));
    if (on_written) on_written();
  }
}

}  // namespace vec2midi::vision
