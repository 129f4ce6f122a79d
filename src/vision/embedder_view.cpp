#include "vision/embedder_view.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "io/error.hpp"

namespace vec2midi::vision {

std::string EmbedderView::to_json_string() const { return nlohmann::json{{"centre_crop", centre_crop}}.dump(); }

void check_centre_crop(double centre_crop) {
  if (!(centre_crop >= 0.1 && centre_crop <= 1.0)) {
    throw InputError("embedder view: centre_crop must lie in [0.1, 1], got " + std::to_string(centre_crop));
  }
}

EmbedderView EmbedderView::from_json_string(const std::string& text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw InputError("embedder view: not JSON: " + std::string(e.what()));
  }
  if (!j.is_object() || !j.contains("centre_crop") || !j.at("centre_crop").is_number()) {
    throw InputError("embedder view: expected {\"centre_crop\": number}, got " + j.dump());
  }
  EmbedderView view{.centre_crop = j.at("centre_crop").get<double>()};
  check_centre_crop(view.centre_crop);
  return view;
}

EmbedderView read_embedder_view(const io::ModelFile& file) {
  const std::string* text = file.find_metadata("view");
  if (text == nullptr) return {};
  try {
    return EmbedderView::from_json_string(*text);
  } catch (const InputError& e) {
    throw InputError(file.where() + ": " + e.what());
  }
}

cv::Mat apply_view(const cv::Mat& bgr, const EmbedderView& view) {
  if (view.whole_frame() || bgr.empty()) return bgr;
  const auto kept = [&](int side) { return std::clamp(int(std::lround(side * view.centre_crop)), 1, side); };
  const int width = kept(bgr.cols), height = kept(bgr.rows);
  return bgr(cv::Rect((bgr.cols - width) / 2, (bgr.rows - height) / 2, width, height));
}

}  // namespace vec2midi::vision
