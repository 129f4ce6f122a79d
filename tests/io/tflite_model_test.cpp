// The TFLite reader on the original's real network (../shared/data/original/colors_mobilenet.tflite: 189
// tensors, 78 operators as ../shared/README.md lists them) and on broken copies of it.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "io/error.hpp"
#include "io/tflite_model.hpp"
#include "support/input_error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::io {
namespace {

constexpr char kOriginal[] = "data/original/colors_mobilenet.tflite";

std::string original_bytes() {
  std::ifstream in(testing::shared_path(kOriginal), std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(TfliteModel, ReadsTheOriginalsNetwork) {
  const TfliteModel m = read_tflite(testing::shared_path(kOriginal));
  EXPECT_EQ(m.version, 3u);
  EXPECT_EQ(m.tensors.size(), 189u);
  ASSERT_EQ(m.operators.size(), 78u);
  std::map<int32_t, int> counts;
  for (const auto& op : m.operators) ++counts[op.builtin_code];
  // ../shared/README.md: CAST, DIV, SUB, PAD x5, CONV_2D x35, DEPTHWISE_CONV_2D x17, ADD x12, DEQUANTIZE x3,
  // REDUCE_MAX, FULLY_CONNECTED, L2_NORMALIZATION.
  const std::map<int32_t, int> expected = {{tflite_op::kCast, 1}, {tflite_op::kDiv, 1}, {tflite_op::kSub, 1},
                                           {tflite_op::kPad, 5}, {tflite_op::kConv2d, 35}, {tflite_op::kDepthwiseConv2d, 17},
                                           {tflite_op::kAdd, 12}, {tflite_op::kDequantize, 3}, {tflite_op::kReduceMax, 1},
                                           {tflite_op::kFullyConnected, 1}, {tflite_op::kL2Normalization, 1}};
  EXPECT_EQ(counts, expected);
  ASSERT_EQ(m.inputs.size(), 1u);
  const TfliteTensor& in = m.tensors[size_t(m.inputs[0])];
  EXPECT_EQ(in.shape, (std::vector<int32_t>{1, 128, 128, 3}));
  EXPECT_EQ(in.type, int8_t(TfliteType::UInt8));
  EXPECT_EQ(m.tensors[size_t(m.outputs[0])].shape, (std::vector<int32_t>{1, 9}));
}

TEST(TfliteModel, ReadsTheFirstConvolutionsOptions) {
  const TfliteModel m = read_tflite(testing::shared_path(kOriginal));
  const TfliteOperator& conv = m.operators[4];  // Conv1: 3x3 stride 2 VALID after an explicit PAD, ReLU6
  ASSERT_EQ(conv.builtin_code, tflite_op::kConv2d);
  EXPECT_FALSE(conv.options.same_padding);
  EXPECT_EQ(conv.options.stride_h, 2);
  EXPECT_EQ(conv.options.stride_w, 2);
  EXPECT_EQ(conv.options.activation, 3);
  EXPECT_EQ(m.tensors[size_t(conv.inputs[1])].shape, (std::vector<int32_t>{8, 3, 3, 3}));
}

TEST(TfliteModel, DequantisesInt8WeightsWithTheirScale) {
  const TfliteModel m = read_tflite(testing::shared_path(kOriginal));
  int n_int8 = 0;
  for (const auto& t : m.tensors) {
    if (t.type != int8_t(TfliteType::Int8)) continue;
    ++n_int8;
    ASSERT_EQ(t.scale.size(), 1u) << t.name;
    const std::vector<float> v = tflite_values(t, "test");
    ASSERT_EQ(int64_t(v.size()), t.numel());
    for (size_t i = 0; i < v.size(); i += 97) EXPECT_FLOAT_EQ(v[i], t.scale[0] * float(int8_t(t.data[i])));
  }
  EXPECT_GT(n_int8, 10);
}

TEST(TfliteModel, RefusesAFileWithoutTheIdentifier) {
  std::string bytes = original_bytes();
  bytes[4] = 'X';
  const std::string message = testing::input_error_of([&] { parse_tflite(bytes, "x.tflite"); });
  EXPECT_NE(message.find("x.tflite: not a valid TFLite model (no TFL3 file identifier)"), std::string::npos) << message;
}

TEST(TfliteModel, EveryTruncationIsAnInputError) {
  const std::string bytes = original_bytes();
  for (size_t length : {size_t(0), size_t(7), size_t(8), size_t(64), size_t(1000), bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_THROW(parse_tflite(std::string_view(bytes).substr(0, length), "cut"), InputError) << length;
  }
}

TEST(TfliteModel, CorruptedBytesAreRefusedOrReadNeverOutOfBounds) {
  // Overwrite 4 bytes at spread positions with large values; each copy either parses or throws InputError
  // (ASan in the sanitizer suite catches any read outside the buffer).
  const std::string bytes = original_bytes();
  int refused = 0;
  for (size_t at = 0; at + 4 < bytes.size(); at += bytes.size() / 257) {
    std::string broken = bytes;
    broken.replace(at, 4, "\xff\xff\xff\x7f");
    try {
      parse_tflite(broken, "broken");
    } catch (const InputError&) {
      ++refused;
    }
  }
  EXPECT_GT(refused, 0);
}

}  // namespace
}  // namespace vec2midi::io
