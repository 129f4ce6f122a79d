#include "app/batch_list.hpp"

#include <algorithm>
#include <fstream>
#include <map>

#include "io/error.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> folder_pictures(const fs::path& dir) {
  std::vector<fs::path> images;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && vision::has_image_extension(it->path())) images.push_back(it->path());
  }
  if (ec) throw InputError(dir.string() + ": cannot list the folder: " + ec.message());
  std::sort(images.begin(), images.end());
  return images;
}

std::vector<fs::path> file_pictures(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(file.string() + ": cannot read the list");
  std::vector<fs::path> images;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    const fs::path image = fs::path(line).is_absolute() ? fs::path(line) : file.parent_path() / line;
    if (!vision::has_image_extension(image)) {
      throw InputError(file.string() + ":" + std::to_string(number) + ": " + line +
                       " is not a picture (.jpg, .jpeg, .png, .bmp or .webp)");
    }
    images.push_back(image);
  }
  return images;
}

BatchPicture named(const fs::path& image, const fs::path& root) {
  const fs::path relative = fs::absolute(image).lexically_normal().lexically_relative(fs::absolute(root).lexically_normal());
  const bool inside = !relative.empty() && *relative.begin() != "..";
  if (!inside) return {image, "", image.stem().string()};
  return {image, relative.parent_path(), relative.stem().string()};
}

}  // namespace

std::vector<BatchPicture> read_batch_list(const fs::path& list) {
  std::error_code ec;
  const bool folder = fs::is_directory(list, ec);
  if (!folder && !fs::is_regular_file(list, ec)) throw InputError(list.string() + ": no such folder or list file");
  const std::vector<fs::path> images = folder ? folder_pictures(list) : file_pictures(list);
  if (images.empty()) throw InputError(list.string() + ": no pictures (.jpg, .jpeg, .png, .bmp or .webp) in it");
  const fs::path root = folder ? list : list.parent_path();
  std::vector<BatchPicture> pictures;
  std::map<std::string, fs::path> keys;
  for (const fs::path& image : images) {
    BatchPicture p = named(image, root.empty() ? fs::path(".") : root);
    if (auto [it, fresh] = keys.emplace(p.key(), image); !fresh) {
      throw InputError(image.string() + " and " + it->second.string() + " would both write " + p.key() + ".*; rename one");
    }
    pictures.push_back(std::move(p));
  }
  return pictures;
}

}  // namespace vec2midi::app
