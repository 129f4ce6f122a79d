#include "render/audio.hpp"

#include <fluidsynth.h>
#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "io/atomic_file.hpp"
#include "io/error.hpp"

namespace vec2midi::render {
namespace {

// FluidSynth logs to stderr on its own; vec2midi reports errors itself, in one line.
void silence_fluidsynth() {
  static const bool done = [] {
    for (int level = FLUID_PANIC; level <= FLUID_DBG; ++level) fluid_set_log_function(level, nullptr, nullptr);
    return true;
  }();
  (void)done;
}

struct SettingsDeleter {
  void operator()(fluid_settings_t* s) const { delete_fluid_settings(s); }
};
struct SynthDeleter {
  void operator()(fluid_synth_t* s) const { delete_fluid_synth(s); }
};

struct NoteEvent {
  int64_t frame;
  bool on;
  int pitch;
  int velocity;
};

}  // namespace

std::vector<float> render_melody_samples(const music::Melody& melody, const AudioOptions& options) {
  if (options.program < 0 || options.program > 127) {
    throw InputError("MIDI program " + std::to_string(options.program) + " outside 0..127");
  }
  if (!(options.qpm >= 10 && options.qpm <= 1000)) {
    throw InputError("tempo " + std::to_string(options.qpm) + " qpm outside 10..1000");
  }
  silence_fluidsynth();
  std::unique_ptr<fluid_settings_t, SettingsDeleter> settings(new_fluid_settings());
  fluid_settings_setnum(settings.get(), "synth.sample-rate", options.sample_rate);
  fluid_settings_setnum(settings.get(), "synth.gain", options.gain);
  fluid_settings_setint(settings.get(), "synth.reverb.active", 1);
  std::unique_ptr<fluid_synth_t, SynthDeleter> synth(new_fluid_synth(settings.get()));
  if (!synth) throw Error("FluidSynth could not be started");
  if (!std::filesystem::exists(options.soundfont) ||
      fluid_synth_sfload(synth.get(), options.soundfont.c_str(), 1) == FLUID_FAILED) {
    throw Error(options.soundfont.string() + ": cannot load the SoundFont (install timgm6mb-soundfont)");
  }
  fluid_synth_program_change(synth.get(), 0, options.program);

  const double seconds_per_step = 60.0 / options.qpm / music::kStepsPerQuarter;
  auto frame_of = [&](int64_t step) {
    return static_cast<int64_t>(std::llround(static_cast<double>(step) * seconds_per_step * options.sample_rate));
  };
  std::vector<NoteEvent> events;
  int64_t last_step = 0;
  for (const music::Note& n : melody.notes) {
    events.push_back({frame_of(n.start_step), true, n.pitch, std::clamp(n.velocity, 1, 127)});
    events.push_back({frame_of(n.end_step), false, n.pitch, 0});
    last_step = std::max(last_step, n.end_step);
  }
  last_step = std::max(last_step, melody.n_steps);
  // Offs before ons at the same frame, so repeated pitches re-strike.
  std::stable_sort(events.begin(), events.end(), [](const NoteEvent& a, const NoteEvent& b) {
    return a.frame != b.frame ? a.frame < b.frame : (!a.on && b.on);
  });

  const int64_t n_frames = frame_of(last_step) + static_cast<int64_t>(options.tail_seconds * options.sample_rate);
  std::vector<float> left(static_cast<size_t>(n_frames)), right(static_cast<size_t>(n_frames));
  int64_t frame = 0;
  size_t next = 0;
  while (frame < n_frames) {
    while (next < events.size() && events[next].frame <= frame) {
      const NoteEvent& e = events[next++];
      if (e.on) {
        fluid_synth_noteon(synth.get(), 0, e.pitch, e.velocity);
      } else {
        fluid_synth_noteoff(synth.get(), 0, e.pitch);
      }
    }
    const int64_t until = next < events.size() ? std::min(events[next].frame, n_frames) : n_frames;
    const int64_t len = std::max<int64_t>(until - frame, 1);
    fluid_synth_write_float(synth.get(), static_cast<int>(len), left.data() + frame, 0, 1, right.data() + frame, 0, 1);
    frame += len;
  }
  std::vector<float> stereo(static_cast<size_t>(2 * n_frames));
  for (int64_t i = 0; i < n_frames; ++i) {
    stereo[static_cast<size_t>(2 * i)] = left[static_cast<size_t>(i)];
    stereo[static_cast<size_t>(2 * i + 1)] = right[static_cast<size_t>(i)];
  }
  return stereo;
}

void write_wav(const std::filesystem::path& path, const std::vector<float>& stereo, int sample_rate) {
  io::AtomicFile file(path);
  file.stream().close();  // libsndfile writes the temporary path itself
  SF_INFO info{};
  info.samplerate = sample_rate;
  info.channels = 2;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* sf = sf_open(file.temp_path().c_str(), SFM_WRITE, &info);
  if (sf == nullptr) throw Error(path.string() + ": cannot write WAV: " + sf_strerror(nullptr));
  sf_command(sf, SFC_SET_CLIPPING, nullptr, SF_TRUE);
  const sf_count_t frames = static_cast<sf_count_t>(stereo.size() / 2);
  const sf_count_t written = sf_writef_float(sf, stereo.data(), frames);
  sf_close(sf);
  if (written != frames) throw Error(path.string() + ": short write of WAV data");
  file.commit();
}

void render_melody_wav(const music::Melody& melody, const std::filesystem::path& path, const AudioOptions& options) {
  write_wav(path, render_melody_samples(melody, options), options.sample_rate);
}

}  // namespace vec2midi::render
