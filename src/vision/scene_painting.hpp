// The brushes of the scene generator (scene_generator.hpp): class colours sampled the way real photos show
// them, float BGR canvases, masks, blending, shading, highlights, shadows and object silhouettes. Internal to
// the generator; split from it to keep each file to one job (painting here, composing scenes there).
// Usage: Image canvas = solid(size, hsv(210, 0.8, 0.7)); paint(canvas, shade_of(label, base, rng), to_alpha(mask));
#pragma once

#include <opencv2/core.hpp>

#include "io/random.hpp"

namespace vec2midi::vision::scene_painting {

/// Work is done on float BGR images with values in [0, 1].
using Image = cv::Mat;  // CV_32FC3
using Colour = cv::Vec3f;

inline constexpr int kBlack = 0, kBlue = 1, kGreen = 2, kGrey = 3, kOrange = 4, kPurple = 5, kRed = 6, kWhite = 7,
                     kYellow = 8;

/// Hue, saturation and value of a class colour; the ranges follow the real photos.
struct Hsv {
  double h, s, v;
};

/// Whether the class is black, grey or white.
bool is_achromatic(int label);
/// HSV (hue in degrees, any range; saturation and value in [0, 1]) to float BGR.
Colour hsv(double h, double s, double v);
/// A colour of class `label` as the photos show it.
Hsv sample_hsv(int label, io::Rng& rng);
/// A colour of another class than `label`; with `dull`, desaturated so that it draws less attention.
Colour distractor_colour(int label, io::Rng& rng, bool dull);
/// A class colour shifted slightly in value, saturation and hue (shades within the class).
Colour shade_of(int label, const Hsv& base, io::Rng& rng, double v_lo = 0.75, double v_hi = 1.12);
cv::Scalar scalar(Colour c);
/// Clamps every value to [0, 1].
void clamp01(Image& image);
Image solid(cv::Size size, Colour c);
/// alpha-blends `layer` onto `canvas` where `mask` (CV_32F, [0, 1]) is set.
void blend(Image& canvas, const Image& layer, const cv::Mat& mask);
/// Paints `colour` through `mask`.
void paint(Image& canvas, Colour colour, const cv::Mat& mask);
cv::Mat empty_mask(cv::Size size);
/// Converts an 8-bit mask to float alpha, softened by a small blur (anti-aliased edges).
cv::Mat to_alpha(const cv::Mat& mask8, double soften = 0.7);
/// Multiplies each pixel of `layer` by a brightness field: a linear gradient, optional fabric
/// folds (sums of sinusoids) and fine noise. `strength` scales all three.
void shade(Image& layer, io::Rng& rng, double strength, bool folds);
/// Adds a soft white highlight (specular reflection) inside `mask`.
void add_highlight(Image& canvas, const cv::Mat& mask8, io::Rng& rng, double strength);
/// A soft drop shadow under an object (darkens the ground).
void add_shadow(Image& canvas, const cv::Mat& mask8, io::Rng& rng);
/// A random object silhouette covering roughly `fraction` of the frame, centred near the middle.
cv::Mat object_mask(cv::Size size, io::Rng& rng, double fraction);
/// A flat-shaded layer of the class colour with shading, folds and fine pattern, for `mask`.
Image coloured_layer(cv::Size size, int label, const Hsv& base, io::Rng& rng, bool folds);

}  // namespace vec2midi::vision::scene_painting
