#include "imaging/jpeg_codec.hpp"

#include <algorithm>
#include <csetjmp>
#include <cstdio>  // jpeglib.h uses FILE and size_t without including them
#include <cstdlib>

#include <jpeglib.h>

#include "imaging/exif_orientation.hpp"
#include "io/error.hpp"

// libjpeg reports a fatal error by calling error_exit, which must not return: ours longjmps back to the setjmp of
// the step that called the library. Each step below is a function of its own whose frame holds no C++ object with
// a destructor, so the jump skips only libjpeg's C frames; the cv::Mat and the rest live in the caller.

namespace vec2midi::imaging {

namespace {

constexpr int kApp1 = JPEG_APP0 + 1;  ///< the EXIF segment's marker
constexpr size_t kExifPrefixBytes = 6;  ///< "Exif\0\0" before the TIFF header in APP1

struct JpegErrors {
  jpeg_error_mgr pub;  // first, so that cinfo->err points at both
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX] = "";
};

[[noreturn]] void jump_back(j_common_ptr cinfo) {
  auto* errors = reinterpret_cast<JpegErrors*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, errors->message);
  std::longjmp(errors->jump, 1);
}

void print_nothing(j_common_ptr) {}  // warnings about data libjpeg repairs are not printed

void attach_errors(JpegErrors& errors) {
  jpeg_std_error(&errors.pub);
  errors.pub.error_exit = jump_back;
  errors.pub.output_message = print_nothing;
}

// The source hands libjpeg the whole file at once and then suspends (as OpenCV's did): a file that ends early makes
// libjpeg stop instead of inventing an end-of-image marker and grey pixels.
void no_op(j_decompress_ptr) {}
boolean suspend(j_decompress_ptr) { return FALSE; }
void skip_input(j_decompress_ptr cinfo, long n_bytes) {
  jpeg_source_mgr* source = cinfo->src;
  const size_t skip = std::min(size_t(std::max(n_bytes, 0L)), source->bytes_in_buffer);
  source->next_input_byte += skip;
  source->bytes_in_buffer -= skip;
}

struct Decompressor {
  jpeg_decompress_struct cinfo{};
  JpegErrors errors;
  jpeg_source_mgr source{};

  explicit Decompressor(std::string_view bytes) {
    cinfo.err = &errors.pub;
    attach_errors(errors);
    source.init_source = no_op;
    source.fill_input_buffer = suspend;
    source.skip_input_data = skip_input;
    source.resync_to_restart = jpeg_resync_to_restart;
    source.term_source = no_op;
    source.next_input_byte = reinterpret_cast<const JOCTET*>(bytes.data());
    source.bytes_in_buffer = bytes.size();
  }
  ~Decompressor() { jpeg_destroy_decompress(&cinfo); }  // also safe if creating it failed (nothing allocated)
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;

  void ended_early() { std::snprintf(errors.message, sizeof errors.message, "the file ends before its image does"); }
};

bool read_header(Decompressor& d) {
  if (setjmp(d.errors.jump)) return false;
  jpeg_create_decompress(&d.cinfo);
  d.cinfo.src = &d.source;
  jpeg_save_markers(&d.cinfo, kApp1, 0xFFFF);
  if (jpeg_read_header(&d.cinfo, TRUE) == JPEG_HEADER_OK) return true;
  d.ended_early();
  return false;
}

/// Starts decoding to BGR (CMYK for 4-component files, converted afterwards); a progressive file is read whole here.
bool start(Decompressor& d) {
  if (setjmp(d.errors.jump)) return false;
  d.cinfo.out_color_space = d.cinfo.num_components == 4 ? JCS_CMYK : JCS_EXT_BGR;
  if (jpeg_start_decompress(&d.cinfo)) return true;
  d.ended_early();
  return false;
}

bool read_rows(Decompressor& d, unsigned char* pixels, size_t row_bytes) {
  if (setjmp(d.errors.jump)) return false;
  while (d.cinfo.output_scanline < d.cinfo.output_height) {
    JSAMPROW row = pixels + d.cinfo.output_scanline * row_bytes;
    if (jpeg_read_scanlines(&d.cinfo, &row, 1) == 0) {
      d.ended_early();
      return false;
    }
  }
  return true;
}

/// Reads on to the end-of-image marker. Once every row is decoded nothing after it changes the picture, so an
/// error or a missing end here is not one (OpenCV ignored them too).
void finish(Decompressor& d) {
  if (setjmp(d.errors.jump)) return;
  jpeg_finish_decompress(&d.cinfo);
}

/// The Orientation of the first APP1 segment, whatever it holds (OpenCV 4.6 took the first APP1 for EXIF).
int saved_orientation(const jpeg_decompress_struct& cinfo) {
  for (jpeg_saved_marker_ptr m = cinfo.marker_list; m != nullptr; m = m->next) {
    if (m->marker != kApp1) continue;
    if (m->data_length <= kExifPrefixBytes) return kUprightOrientation;
    return exif_orientation(std::string_view(reinterpret_cast<const char*>(m->data) + kExifPrefixBytes,
                                             m->data_length - kExifPrefixBytes));
  }
  return kUprightOrientation;
}

/// CMYK as libjpeg gives it (Adobe's inverted convention left as is) to BGR, OpenCV's formula: c' = k - (255-c)k/256.
cv::Mat cmyk_to_bgr(const cv::Mat& cmyk) {
  cv::Mat bgr(cmyk.size(), CV_8UC3);
  for (int y = 0; y < cmyk.rows; ++y) {
    const auto* src = cmyk.ptr<cv::Vec4b>(y);
    auto* dst = bgr.ptr<cv::Vec3b>(y);
    for (int x = 0; x < cmyk.cols; ++x) {
      const int k = src[x][3];
      for (int c = 0; c < 3; ++c) dst[x][2 - c] = uchar(k - ((255 - src[x][c]) * k >> 8));
    }
  }
  return bgr;
}

struct Compressor {
  jpeg_compress_struct cinfo{};
  JpegErrors errors;
  unsigned char* buffer = nullptr;
  unsigned long size = 0;

  Compressor() {
    cinfo.err = &errors.pub;
    attach_errors(errors);
  }
  ~Compressor() {
    jpeg_destroy_compress(&cinfo);
    std::free(buffer);
  }
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;
};

bool compress(Compressor& c, const cv::Mat& image, int quality) {
  if (setjmp(c.errors.jump)) return false;
  jpeg_create_compress(&c.cinfo);
  jpeg_mem_dest(&c.cinfo, &c.buffer, &c.size);
  c.cinfo.image_width = JDIMENSION(image.cols);
  c.cinfo.image_height = JDIMENSION(image.rows);
  const int channels = image.channels();
  c.cinfo.input_components = channels;
  c.cinfo.in_color_space = channels == 1 ? JCS_GRAYSCALE : channels == 3 ? JCS_EXT_BGR : JCS_EXT_BGRX;
  jpeg_set_defaults(&c.cinfo);
  jpeg_set_quality(&c.cinfo, quality, TRUE);  // TRUE: quantisation tables limited to baseline values
  jpeg_start_compress(&c.cinfo, TRUE);
  while (c.cinfo.next_scanline < c.cinfo.image_height) {
    JSAMPROW row = const_cast<unsigned char*>(image.ptr(int(c.cinfo.next_scanline)));
    jpeg_write_scanlines(&c.cinfo, &row, 1);
  }
  jpeg_finish_compress(&c.cinfo);
  return true;
}

}  // namespace

cv::Mat decode_jpeg(std::string_view bytes) {
  Decompressor d(bytes);
  if (!read_header(d)) throw InputError(std::string("corrupt JPEG (") + d.errors.message + ")");
  const int orientation = saved_orientation(d.cinfo);
  if (!start(d)) throw InputError(std::string("corrupt JPEG (") + d.errors.message + ")");
  const bool cmyk = d.cinfo.out_color_space == JCS_CMYK;
  cv::Mat pixels(int(d.cinfo.output_height), int(d.cinfo.output_width), cmyk ? CV_8UC4 : CV_8UC3);
  if (!read_rows(d, pixels.data, pixels.step)) throw InputError(std::string("corrupt JPEG (") + d.errors.message + ")");
  finish(d);
  return apply_exif_orientation(cmyk ? cmyk_to_bgr(pixels) : pixels, orientation);
}

std::string encode_jpeg(const cv::Mat& image, const JpegEncodeOptions& options) {
  if (image.empty() || image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3 && image.channels() != 4)) {
    throw Error("JPEG encoder: expected a non-empty 8-bit picture with 1, 3 or 4 channels");
  }
  Compressor c;
  if (!compress(c, image, std::clamp(options.quality, 1, 100))) {
    throw Error(std::string("JPEG encoder: ") + c.errors.message);
  }
  return std::string(reinterpret_cast<const char*>(c.buffer), c.size);
}

}  // namespace vec2midi::imaging
