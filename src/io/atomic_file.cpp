#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <random>

#include "io/error.hpp"

namespace vec2midi::io {
namespace fs = std::filesystem;

namespace {

fs::path temp_name_for(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  std::random_device rd;
  const std::string suffix = ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++) + "." +
                             std::to_string(rd() % 100000);
  return target.parent_path() / ("." + target.filename().string() + suffix);
}

void fsync_path(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

AtomicFile::AtomicFile(fs::path target) : target_(std::move(target)) {
  if (target_.filename().empty()) throw InputError(target_.string() + ": not a file path");
  const fs::path dir = target_.parent_path().empty() ? fs::path(".") : target_.parent_path();
  if (!fs::is_directory(dir)) throw InputError(target_.string() + ": directory " + dir.string() + " does not exist");
  temp_ = temp_name_for(target_.parent_path().empty() ? fs::path(".") / target_ : target_);
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!out_) throw Error(target_.string() + ": cannot create temporary file " + temp_.string());
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void AtomicFile::commit() {
  if (out_.is_open()) {  // closed already when a library wrote temp_path() itself
    out_.flush();
    const bool ok = static_cast<bool>(out_);
    out_.close();
    if (!ok) throw Error(target_.string() + ": write failed (disk full?)");
  }
  fsync_path(temp_);
  std::error_code ec;
  fs::rename(temp_, target_, ec);
  if (ec) throw Error(target_.string() + ": cannot rename temporary file: " + ec.message());
  committed_ = true;
}

void write_file_atomic(const fs::path& path, std::string_view bytes) {
  AtomicFile file(path);
  file.stream().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.commit();
}

std::string read_file(const fs::path& path, std::uintmax_t max_bytes) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw InputError(path.string() + ": no such file");
  if (fs::is_directory(path, ec)) throw InputError(path.string() + ": is a directory, expected a file");
  const auto size = fs::file_size(path, ec);
  if (ec) throw InputError(path.string() + ": cannot read: " + ec.message());
  if (size > max_bytes) {
    throw InputError(path.string() + ": file too large (" + std::to_string(size) + " bytes, limit " +
                     std::to_string(max_bytes) + ")");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open for reading");
  std::string data(size, '\0');
  in.read(data.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uintmax_t>(in.gcount()) != size) throw InputError(path.string() + ": short read");
  return data;
}

}  // namespace vec2midi::io
