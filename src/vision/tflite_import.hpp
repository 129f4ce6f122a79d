// Turning a TensorFlow Lite image network (such as the original bayesVec2Midi's colors_mobilenet.tflite, a
// Keras MobileNetV2) into a GraphNetwork that vec2midi runs itself: the input's CAST / DIV / SUB become the
// input scaling, DEQUANTIZE'd and int8 weights are dequantised (the arithmetic is float32 throughout), and
// PAD, CONV_2D, DEPTHWISE_CONV_2D, ADD, REDUCE_MAX over height and width, FULLY_CONNECTED and
// L2_NORMALIZATION become layers. Any other operator is refused by name.
// Usage: auto imported = graph_from_tflite(io::read_tflite(path), path.string());
#pragma once

#include <cstdint>
#include <string>

#include "io/tflite_model.hpp"
#include "vision/graph_network.hpp"

namespace vec2midi::vision {

/// The network and what the import did to it.
struct ImportedGraph {
  GraphNetwork graph;
  int64_t output_size = 0;          ///< length of the output vector
  int64_t n_dequantised = 0;        ///< constant tensors stored as int8/uint8 and dequantised
  int64_t n_operators = 0;          ///< operators of the TFLite subgraph
};

/// Converts `model`'s first subgraph (one [1, S, S, 3] uint8 or float32 input, one output). Throws
/// InputError naming `where`, the operator index and its code for anything it cannot map.
ImportedGraph graph_from_tflite(const io::TfliteModel& model, const std::string& where);

}  // namespace vec2midi::vision
