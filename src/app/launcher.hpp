// The two executables: build/vec2midi runs the commands of kLightCommands itself without loading libtorch (whose
// start-up alone takes about 0.7 s, docs/BENCHMARKS.md) and hands every other command to build/vec2midi-torch,
// the whole program, by exec() in the same process (same PID, arguments, standard streams and exit status).
// Usage (main_light.cpp): if (!runs_without_torch(argc, argv)) exec_full_program(argv);
#pragma once

#include <filesystem>

namespace vec2midi::app {

/// The executable beside build/vec2midi that holds every command.
inline constexpr const char* kFullProgramName = "vec2midi-torch";
/// `vec2midi --help`'s description, the same in both executables.
inline constexpr const char* kProgramDescription =
    "vec2midi — turns a picture into a melody: the colour that draws the eye, a triplet-trained\n"
    "image embedding, a learned map into a MusicVAE latent space, and a decoded melody you can\n"
    "hear (MIDI, WAV), see (piano roll, video) and compare.";
inline constexpr const char* kVersionText = "vec2midi 0.1.0";

/// The commands build/vec2midi runs itself (light_commands.cpp adds them to both executables).
inline constexpr const char* kLightCommands[] = {"compose",         "decode",       "embed",     "embed-eval",   "embed-plot",   "evaluate",
                                                 "extract",         "fit-centres",  "interpolate",  "latent-study", "melody-distance",
                                                 "melody-stats",    "midi-info",    "morph",
                                                 "search",          "serve",           "split-photos",
                                                 "vae-eval"};

/// Whether the light executable runs this command line itself: its first argument is one of kLightCommands.
bool runs_without_torch(int argc, char** argv);

/// Whether the command line asks for the program's help or version (no command, -h, --help, --version).
bool asks_for_help(int argc, char** argv);

/// kFullProgramName in this executable's folder.
std::filesystem::path full_program_path(char** argv);

/// Replaces this process with kFullProgramName from this executable's folder, argv unchanged. Returns only
/// if that fails, after printing one error line; the caller exits with kExitInternal.
void exec_full_program(char** argv);

}  // namespace vec2midi::app
