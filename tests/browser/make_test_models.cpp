// Writes the Composer test models (tests/app/composer_fixture.hpp: Magenta's mel_2bar_small decoder from
// ../shared, a seeded random embedder with flat-colour centres, a seeded transition) into a folder, so that
// the browser test can start `vec2midi serve` before the shipped models exist.
// Usage: browser_test_models DIR   (prints the three paths as JSON)
#include <filesystem>
#include <iostream>

#include "app/composer_fixture.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: browser_test_models DIR\n";
    return 2;
  }
  namespace fs = std::filesystem;
  try {
    const auto& made = vec2midi::app::testing::fixture_models();  // in a temp folder removed at exit
    const fs::path dir = argv[1];
    fs::create_directories(dir);
    nlohmann::json doc;
    for (const auto& [key, path] : {std::pair{"vae", made.vae}, {"embedder", made.embedder}, {"transition", made.transition}}) {
      fs::copy_file(path, dir / path.filename(), fs::copy_options::overwrite_existing);
      doc[key] = (dir / path.filename()).string();
    }
    std::cout << doc.dump() << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "browser_test_models: " << e.what() << "\n";
    return 1;
  }
}
