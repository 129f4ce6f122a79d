#include "imaging/png_codec.hpp"

#include <bit>
#include <cstdio>
#include <cstring>
#include <vector>

#include <png.h>
#include <zlib.h>

#include "io/error.hpp"

// libpng reports a fatal error through our error function, which longjmps back to the setjmp of the step that
// called the library. Each step below is a function of its own whose frame holds no C++ object with a destructor,
// so the jump skips only libpng's C frames; the cv::Mat, the row pointers and the output live in the caller.

namespace vec2midi::imaging {

namespace {

constexpr bool kLittleEndian = std::endian::native == std::endian::little;

struct PngMessage {
  char text[256] = "";
};

[[noreturn]] void jump_back(png_structp png, png_const_charp message) {
  auto* m = static_cast<PngMessage*>(png_get_error_ptr(png));
  std::snprintf(m->text, sizeof m->text, "%s", message);
  png_longjmp(png, 1);
}

void print_nothing(png_structp, png_const_charp) {}  // warnings (e.g. a bad ancillary chunk, skipped) are not printed

struct MemoryInput {
  const unsigned char* data;
  size_t size;
  size_t position = 0;
};

void read_from_memory(png_structp png, png_bytep out, size_t n_bytes) {
  auto* input = static_cast<MemoryInput*>(png_get_io_ptr(png));
  if (n_bytes > input->size - input->position) png_error(png, "the file ends early");
  std::memcpy(out, input->data + input->position, n_bytes);
  input->position += n_bytes;
}

struct Reader {
  PngMessage message;
  MemoryInput input;
  png_structp png = nullptr;
  png_infop info = nullptr;
  png_infop end_info = nullptr;
  // What the header declares (png_get_IHDR's terms).
  png_uint_32 width = 0, height = 0;
  int bit_depth = 0, color_type = 0, n_transparent = 0;

  explicit Reader(std::string_view bytes)
      : input{reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()},
        png(png_create_read_struct(PNG_LIBPNG_VER_STRING, &message, jump_back, print_nothing)) {
    if (png == nullptr) throw Error("PNG decoder: out of memory");
    info = png_create_info_struct(png);
    end_info = png_create_info_struct(png);
    if (info == nullptr || end_info == nullptr) {
      png_destroy_read_struct(&png, &info, &end_info);
      throw Error("PNG decoder: out of memory");
    }
  }
  ~Reader() { png_destroy_read_struct(&png, &info, &end_info); }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
};

bool read_header(Reader& r) {
  if (setjmp(png_jmpbuf(r.png))) return false;
  png_set_read_fn(r.png, &r.input, read_from_memory);
  png_read_info(r.png, r.info);
  png_get_IHDR(r.png, r.info, &r.width, &r.height, &r.bit_depth, &r.color_type, nullptr, nullptr, nullptr);
  png_bytep transparent = nullptr;
  png_color_16p transparent_colour = nullptr;
  png_get_tRNS(r.png, r.info, &transparent, &r.n_transparent, &transparent_colour);
  return true;
}

/// The cv::Mat type OpenCV 4.6 chose for the header (with IMREAD_UNCHANGED).
int mat_type(const Reader& r) {
  int channels = 1;
  if (r.color_type == PNG_COLOR_TYPE_RGB || r.color_type == PNG_COLOR_TYPE_PALETTE) {
    channels = r.n_transparent > 0 ? 4 : 3;
  } else if (r.color_type == PNG_COLOR_TYPE_GRAY_ALPHA || r.color_type == PNG_COLOR_TYPE_RGB_ALPHA) {
    channels = 4;
  }
  return CV_MAKETYPE(r.bit_depth == 16 ? CV_16U : CV_8U, channels);
}

/// Decodes the rows with OpenCV 4.6's sequence of libpng transforms for an image of `channels` channels.
bool read_pixels(Reader& r, int channels, png_bytepp rows) {
  if (setjmp(png_jmpbuf(r.png))) return false;
  if (kLittleEndian) png_set_swap(r.png);  // 16-bit samples in the machine's order
  if (channels < 4) {
    png_set_strip_alpha(r.png);
  } else {
    png_set_tRNS_to_alpha(r.png);
  }
  if (r.color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(r.png);
  if ((r.color_type & PNG_COLOR_MASK_COLOR) == 0 && r.bit_depth < 8) png_set_expand_gray_1_2_4_to_8(r.png);
  if ((r.color_type & PNG_COLOR_MASK_COLOR) != 0 && channels > 1) {
    png_set_bgr(r.png);
  } else if (channels > 1) {
    png_set_gray_to_rgb(r.png);
  } else {
    png_set_rgb_to_gray(r.png, 1, 0.299, 0.587);  // a no-op on grey data; kept as OpenCV called it
  }
  png_set_interlace_handling(r.png);
  png_read_update_info(r.png, r.info);
  png_read_image(r.png, rows);
  png_read_end(r.png, r.end_info);
  return true;
}

void write_to_string(png_structp png, png_bytep data, size_t n_bytes) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), n_bytes);
}

void flush_nothing(png_structp) {}

struct Writer {
  PngMessage message;
  png_structp png = nullptr;
  png_infop info = nullptr;

  Writer() : png(png_create_write_struct(PNG_LIBPNG_VER_STRING, &message, jump_back, print_nothing)) {
    if (png == nullptr) throw Error("PNG encoder: out of memory");
    info = png_create_info_struct(png);
    if (info == nullptr) {
      png_destroy_write_struct(&png, nullptr);
      throw Error("PNG encoder: out of memory");
    }
  }
  ~Writer() { png_destroy_write_struct(&png, &info); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
};

bool write_pixels(Writer& w, const cv::Mat& image, png_bytepp rows, std::string& out) {
  if (setjmp(png_jmpbuf(w.png))) return false;
  png_set_write_fn(w.png, &out, write_to_string, flush_nothing);
  png_set_filter(w.png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
  png_set_compression_level(w.png, Z_BEST_SPEED);
  png_set_compression_strategy(w.png, Z_RLE);
  const int channels = image.channels();
  png_set_IHDR(w.png, w.info, png_uint_32(image.cols), png_uint_32(image.rows), image.depth() == CV_8U ? 8 : 16,
               channels == 1 ? PNG_COLOR_TYPE_GRAY : channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(w.png, w.info);
  png_set_bgr(w.png);
  if (kLittleEndian) png_set_swap(w.png);
  png_write_image(w.png, rows);
  png_write_end(w.png, w.info);
  return true;
}

std::vector<png_bytep> row_pointers(const cv::Mat& image) {
  std::vector<png_bytep> rows(size_t(image.rows));
  for (int y = 0; y < image.rows; ++y) rows[size_t(y)] = const_cast<png_bytep>(image.ptr(y));
  return rows;
}

}  // namespace

cv::Mat decode_png(std::string_view bytes) {
  Reader r(bytes);
  if (!read_header(r)) throw InputError(std::string("corrupt PNG (") + r.message.text + ")");
  cv::Mat image(int(r.height), int(r.width), mat_type(r));
  std::vector<png_bytep> rows = row_pointers(image);
  if (!read_pixels(r, image.channels(), rows.data())) throw InputError(std::string("corrupt PNG (") + r.message.text + ")");
  return image;
}

std::string encode_png(const cv::Mat& image) {
  const int channels = image.channels();
  if (image.empty() || (image.depth() != CV_8U && image.depth() != CV_16U) || (channels != 1 && channels != 3 && channels != 4)) {
    throw Error("PNG encoder: expected a non-empty 8- or 16-bit picture with 1, 3 or 4 channels");
  }
  Writer w;
  std::vector<png_bytep> rows = row_pointers(image);
  std::string out;
  if (!write_pixels(w, image, rows.data(), out)) throw Error(std::string("PNG encoder: ") + w.message.text);
  return out;
}

}  // namespace vec2midi::imaging
