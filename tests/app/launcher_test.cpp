// build/vec2midi runs the light commands itself, without libtorch, and hands the others to vec2midi-torch.
#include "app/launcher.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "support/lone_program.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::app {
namespace {

namespace fs = std::filesystem;

// stdout of a shell command.
std::string shell_output(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  pclose(pipe);
  return out;
}

TEST(Launcher, KnowsItsLightCommandsAndNoOther) {
  for (const char* name : kLightCommands) {
    char program[] = "vec2midi";
    std::string command = name;
    char* argv[] = {program, command.data(), nullptr};
    EXPECT_TRUE(runs_without_torch(2, argv)) << name;
  }
  char program[] = "vec2midi", train[] = "train-vae", help[] = "--help";
  char* argv_train[] = {program, train, nullptr};
  char* argv_help[] = {program, help, nullptr};
  EXPECT_FALSE(runs_without_torch(2, argv_train));
  EXPECT_FALSE(runs_without_torch(2, argv_help));  // the full program lists every command
  EXPECT_FALSE(runs_without_torch(1, argv_train));
}

TEST(Launcher, TheLightExecutableDoesNotLinkLibtorch) {
  const std::string libraries = shell_output("ldd " + testing::vec2midi_binary().string());
  ASSERT_NE(libraries.find("libc.so"), std::string::npos) << libraries;
  EXPECT_EQ(libraries.find("libtorch"), std::string::npos) << libraries;
  EXPECT_EQ(libraries.find("libc10"), std::string::npos) << libraries;
}

// Issue 25: OpenCV's imgcodecs brings GDAL, GDCM and some 140 more shared libraries whose symbol lookups cost every
// run ~0.1 s; the light executable reads and writes pictures through src/imaging instead.
TEST(Launcher, TheLightExecutableDoesNotLinkOpencvImgcodecs) {
  const std::string libraries = shell_output("ldd " + testing::vec2midi_binary().string());
  ASSERT_NE(libraries.find("libc.so"), std::string::npos) << libraries;
  EXPECT_EQ(libraries.find("libopencv_imgcodecs"), std::string::npos) << libraries;
  EXPECT_EQ(libraries.find("libgdal"), std::string::npos) << libraries;
}

TEST(Launcher, LightCommandsRunWithoutTheFullProgramBesideThem) {
  // build/vec2midi alone in a folder: a light command must run there; any other one cannot.
  const fs::path alone = testing::lone_light_program(testing::temp_dir("launcher_alone"));
  for (const char* name : kLightCommands) {
    const int status = std::system((alone.string() + " " + name + " --help >/dev/null 2>&1").c_str());
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << name;
  }
  const std::string model = testing::project_path("models/default_vae.safetensors").string();
  const std::string decoded = shell_output(alone.string() + " decode --random 2 --seed 3 --model " + model + " --json");
  EXPECT_NE(decoded.find("\"items\""), std::string::npos) << decoded;
  const std::string refused = shell_output(alone.string() + " train-vae --help 2>&1");
  EXPECT_NE(refused.find("cannot run"), std::string::npos) << refused;
  EXPECT_NE(refused.find("cmake --build build --target vec2midi-torch"), std::string::npos) << refused;
  // Without the full program, the light one answers --help itself and says how to build the rest.
  const std::string help = shell_output(alone.string() + " --help 2>&1");
  EXPECT_NE(help.find("compose"), std::string::npos) << help;
  EXPECT_NE(help.find("need vec2midi-torch"), std::string::npos) << help;
  EXPECT_EQ(help.find("train-vae "), std::string::npos) << "lists a command it cannot run: " << help;
}

}  // namespace
}  // namespace vec2midi::app
