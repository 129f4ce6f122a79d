#include "app/batch_compose.hpp"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/batch_list.hpp"
#include "app/cli.hpp"
#include "app/composer.hpp"
#include "app/composition_json.hpp"
#include "app/composition_output.hpp"
#include "cluster/shared_work.hpp"
#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "io/jsonl_journal.hpp"
#include "io/progress.hpp"
#include "music/key.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

constexpr const char* kManifest = "manifest.jsonl";
constexpr const char* kSettings = "compose_settings.json";

// Rank 0: OUT made ready. A fresh run checks that no result would overwrite a file and writes its settings; a run
// that goes on in OUT must have the settings OUT was started with.
void prepare_out(const fs::path& out, const nlohmann::json& settings, const std::vector<BatchPicture>& pictures,
                 const OutputOptions& output) {
  std::error_code ec;
  fs::create_directories(out, ec);
  if (!fs::is_directory(out)) throw InputError(out.string() + ": cannot create the output folder");
  const fs::path file = out / kSettings;
  if (fs::exists(file)) {
    const nlohmann::json held = nlohmann::json::parse(io::read_file(file), nullptr, false);
    for (const auto& [key, value] : settings.items()) {
      if (held.is_object() && held.contains(key) && held[key] == value) continue;
      throw InputError(out.string() + " holds pictures composed with other settings (" + key + ": " + value.dump() +
                       " here, " + (held.is_object() && held.contains(key) ? held[key].dump() : "none") + " in " +
                       file.string() + "); use the same options or another -o");
    }
    return;
  }
  for (const BatchPicture& p : pictures) check_not_overwriting(output_paths(out / p.folder, p.name, output.video), output.force);
  io::write_file_atomic(file, settings.dump(2) + "\n");
}

// One picture composed and written; its manifest line (with "error" when it could not be composed).
nlohmann::json compose_one(const Composer& composer, const BatchPicture& p, const fs::path& out, const ComposeOptions& options,
                           OutputOptions output, int rank) {
  const auto start = std::chrono::steady_clock::now();
  nlohmann::json line = {{"image", p.image.string()}, {"name", p.key()}};
  // The manifest says what is done: files of a picture it does not hold are from a run cut short, and are replaced.
  output.force = true;
  try {
    const cv::Mat picture = vision::load_image(p.image);
    const Composition c = composer.compose(picture, options);
    const OutputFiles files = write_composition(c, picture, out / p.folder, p.name, output);
    line["colour"] = c.colour_name();
    line["colour_rgb"] = hex_colour(c.display_colour());
    line["continuous"] = c.continuous;
    line["notes"] = c.melody.notes.size();
    if (c.piece) line["key"] = music::key_name(c.piece->key);
    line["files"] = files.to_json();
  } catch (const Error& e) {  // one picture's failure (unreadable, too large, not writable) ends only its own work
    line["error"] = e.what();
  }
  line["rank"] = rank;
  line["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return line;
}

// What this start did, for the summary.
struct Tally {
  int64_t pictures = 0, already_done = 0, composed = 0, failed = 0;
  double wall_seconds = 0.0;
  std::map<int, std::pair<int64_t, double>> ranks;  // rank → pictures, their seconds

  void add(const nlohmann::json& line) {
    ++(line.contains("error") ? failed : composed);
    auto& [n, seconds] = ranks[line.value("rank", 0)];
    ++n;
    seconds += line.value("seconds", 0.0);
  }
};

nlohmann::json summary_json(const Tally& t, const fs::path& out) {
  nlohmann::json ranks = nlohmann::json::array();
  for (const auto& [rank, share] : t.ranks) {
    ranks.push_back({{"rank", rank}, {"pictures", share.first}, {"seconds_per_picture", share.second / double(share.first)}});
  }
  const int64_t done_now = t.composed + t.failed;
  return {{"pictures", t.pictures}, {"already_done", t.already_done}, {"composed", t.composed}, {"failed", t.failed},
          {"manifest", (out / kManifest).string()}, {"wall_seconds", t.wall_seconds},
          {"pictures_per_second", t.wall_seconds > 0 ? double(done_now) / t.wall_seconds : 0.0}, {"ranks", ranks}};
}

void print_summary(const Tally& t, const fs::path& out) {
  std::cout << "composed " << t.composed << " of " << t.pictures << " pictures into " << out.string() << " ("
            << t.failed << " failed, " << t.already_done << " done before); manifest " << (out / kManifest).string() << "\n"
            << std::fixed << std::setprecision(2);
  for (const auto& [rank, share] : t.ranks) {
    std::cout << "  rank " << rank << ": " << share.first << " pictures, " << share.second / double(share.first) << " s each\n";
  }
  if (t.composed + t.failed > 0) {
    std::cout << "  " << t.wall_seconds << " s, " << double(t.composed + t.failed) / t.wall_seconds << " pictures/s\n";
  }
}

}  // namespace

void run_batch_compose(const BatchComposeOptions& batch, const ComposerModels& models, const ComposeOptions& compose,
                       const OutputOptions& output) {
  validate(output);
  compose.n_steps();
  ComposeOptions options = compose;
  options.program = output.program;
  const std::vector<BatchPicture> pictures = read_batch_list(batch.list);
  const cluster::World& world = cluster::World::get();
  const Composer composer(models);
  const cluster::Work work = [&](std::string_view job) {
    return compose_one(composer, pictures.at(std::stoull(std::string(job))), batch.out_dir, options, output, world.rank())
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // a file name need not be UTF-8
  };
  if (world.rank() != 0) {  // a composing rank: rank 0 hands out the pictures and keeps the manifest
    cluster::serve_work(world, work);
    return;
  }
  const cluster::WorkersStop stop(world);
  prepare_out(batch.out_dir, compose_settings_json(models, compose, output), pictures, output);
  // Group commits: every line is flushed (a killed run loses none), fsynced 64 at a time or after a second (a
  // machine that goes down may lose that many lines: their pictures are composed again).
  io::JsonlJournal manifest(batch.out_dir / kManifest, {.max_lines = 64, .max_seconds = 1.0});
  std::set<std::string> done;
  for (const nlohmann::json& line : manifest.lines()) {
    if (!line.contains("error") && line.contains("name")) done.insert(line["name"].get<std::string>());
  }
  Tally tally;
  tally.pictures = int64_t(pictures.size());
  std::vector<std::string> jobs;
  for (size_t i = 0; i < pictures.size(); ++i) {
    if (done.contains(pictures[i].key())) ++tally.already_done;
    else jobs.push_back(std::to_string(i));
  }
  io::Progress progress("compose", tally.pictures, !batch.quiet);
  progress.resume_from(tally.already_done);
  const auto start = std::chrono::steady_clock::now();
  cluster::share_work(world, jobs, work, [&](size_t, const std::string& bytes) {
    const nlohmann::json line = nlohmann::json::parse(bytes);
    manifest.append(line);
    tally.add(line);
    progress.advance(1);
  });
  progress.finish();
  tally.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (batch.json) print_json(summary_json(tally, batch.out_dir));
  else print_summary(tally, batch.out_dir);
  if (tally.failed > 0) {
    throw InputError("compose: " + std::to_string(tally.failed) + " of " + std::to_string(tally.pictures) +
                     " pictures failed (their errors are in " + (batch.out_dir / kManifest).string() +
                     "); the same command composes them again");
  }
}

}  // namespace vec2midi::app
