// The original's network imported from ../shared/data/original/colors_mobilenet.tflite, checked against the
// embeddings the original's TFLite network gave (golden/seed_embedder_train.json, float32 arithmetic).
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include <opencv2/imgproc.hpp>

#include "io/error.hpp"
#include "io/tflite_model.hpp"
#include "support/shared_data.hpp"
#include "vision/image_io.hpp"
#include "vision/tflite_import.hpp"

namespace vec2midi::vision {
namespace {

const ImportedGraph& original() {
  static const ImportedGraph g = graph_from_tflite(
      io::read_tflite(testing::shared_path("data/original/colors_mobilenet.tflite")), "colors_mobilenet.tflite");
  return g;
}

double max_abs_diff(const std::vector<float>& a, const nlohmann::json& b) {
  double worst = 0.0;
  for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(double(a[i]) - b.at(i).get<double>()));
  return worst;
}

/// Index of the nearest of the original's printed centres (squared L2).
int nearest_printed_centre(const std::vector<float>& e, const nlohmann::json& centres) {
  int best = 0;
  double best_d = INFINITY;
  for (size_t c = 0; c < centres.size(); ++c) {
    double d = 0.0;
    for (size_t k = 0; k < e.size(); ++k) d += std::pow(double(e[k]) - centres[c][k].get<double>(), 2);
    if (d < best_d) best_d = d, best = int(c);
  }
  return best;
}

TEST(TfliteImport, MapsTheOriginalsOperatorsToLayers) {
  const ImportedGraph& g = original();
  EXPECT_EQ(g.n_operators, 78);
  EXPECT_EQ(g.output_size, 9);
  EXPECT_EQ(g.graph.input_size, 128);
  // CAST, DIV and SUB become the input scaling x / 127.5 - 1; DEQUANTIZE folds into the weights.
  EXPECT_EQ(g.graph.layers.size(), 78u - 3u - 3u);
  EXPECT_NEAR(g.graph.input_scale, 1.0 / 127.5, 1e-9);
  EXPECT_NEAR(g.graph.input_offset, -1.0, 1e-9);
  EXPECT_GE(g.n_dequantised, 20);
}

TEST(TfliteImport, GivesTheOriginalsFloatEmbeddingFromItsOwnInput) {
  const auto golden = testing::shared_json("golden/seed_embedder_train.json");
  double worst = 0.0;
  int n = 0;
  for (const auto& item : golden.at("items")) {
    cv::Mat rgb;
    cv::cvtColor(load_image(testing::shared_path(item.at("input").get<std::string>())), rgb, cv::COLOR_BGR2RGB);
    worst = std::max(worst, max_abs_diff(original().graph.forward(rgb), item.at("float")));
    ++n;
  }
  std::cout << "[ measured ] largest difference to the original's float embedding, " << n << " pictures: " << worst << "\n";
  EXPECT_EQ(n, 285);
  EXPECT_LE(worst, 1e-4);
}

TEST(TfliteImport, FromThePhotosThroughOurResizeNamesThePrintedCentreAsTheOriginal) {
  const auto golden = testing::shared_json("golden/seed_embedder_train.json");
  const auto centres = testing::shared_json("data/original/centres.json").at("centres");
  double worst = 0.0;
  int same = 0, n = 0;
  for (const auto& item : golden.at("items")) {
    const std::vector<float> e = original().graph.embed(load_image(testing::shared_path(item.at("photo").get<std::string>())));
    std::vector<float> theirs;
    for (const auto& v : item.at("float")) theirs.push_back(v.get<float>());
    worst = std::max(worst, max_abs_diff(e, item.at("float")));
    same += nearest_printed_centre(e, centres) == nearest_printed_centre(theirs, centres);
    ++n;
  }
  std::cout << "[ measured ] from the photos: largest difference " << worst << ", same printed centre " << same << " of " << n << "\n";
  // The issue asks for <= 0.06 and >= 99 %; with Pillow's resize reproduced exactly the photos give the
  // same embeddings as the golden inputs (largest difference 9.2e-7 on 2026-12-05).
  EXPECT_LE(worst, 1e-4);
  EXPECT_EQ(same, n);
}

TEST(TfliteImport, RefusesAnOperatorItDoesNotKnow) {
  io::TfliteModel m = io::read_tflite(testing::shared_path("data/original/colors_mobilenet.tflite"));
  m.operators[7].builtin_code = 18;  // MUL instead of the first ADD
  try {
    graph_from_tflite(m, "m.tflite");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("m.tflite: operator 7 (builtin code 18): this operator is not supported"),
              std::string::npos) << e.what();
  }
}

TEST(TfliteImport, RefusesANetworkWhoseInputIsNotAPicture) {
  io::TfliteModel m = io::read_tflite(testing::shared_path("data/original/colors_mobilenet.tflite"));
  m.tensors[size_t(m.inputs[0])].shape = {1, 128, 128, 4};
  EXPECT_THROW(graph_from_tflite(m, "m.tflite"), InputError);
}

}  // namespace
}  // namespace vec2midi::vision
