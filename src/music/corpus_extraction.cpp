#include "music/corpus_extraction.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "io/error.hpp"
#include "io/lower_case.hpp"
#include "io/progress.hpp"
#include "music/midi_io.hpp"

namespace vec2midi::music {

namespace fs = std::filesystem;

namespace {

bool is_midi_name(const fs::path& path) {
  const std::string ext = io::lower_extension(path);
  return ext == ".mid" || ext == ".midi";
}

struct Job {
  fs::path file;
  std::string corpus;
};

struct JobResult {
  FileWindows windows;
  std::string error;  // message of an unreadable file
};

void count(CorpusCounts& c, const JobResult& r, int64_t kept_windows, int64_t dropped_across_files) {
  ++c.files_read;
  c.melodies += r.windows.n_melodies;
  c.windows += kept_windows;
  c.duplicates += r.windows.n_duplicates + dropped_across_files;
  if (r.windows.rejection != Rejection::kNone) {
    ++c.files_rejected;
    ++c.rejections[std::string(rejection_name(r.windows.rejection))];
  }
}

}  // namespace

std::vector<fs::path> list_midi_files(const fs::path& root) {
  std::error_code ec;
  if (fs::is_regular_file(root, ec)) return {root};
  if (!fs::is_directory(root, ec)) throw InputError(root.string() + ": no such corpus directory or MIDI file");
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && is_midi_name(it->path())) files.push_back(it->path());
  }
  if (ec) throw InputError(root.string() + ": cannot list directory: " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

std::string corpus_name(const fs::path& root) {
  fs::path p = root.lexically_normal();
  if (p.filename().empty()) p = p.parent_path();  // "pop909/" -> "pop909"
  if (fs::is_regular_file(p)) p = p.parent_path();
  const std::string name = p.filename().string();
  return name.empty() || name == "." || name == ".." ? fs::absolute(p).lexically_normal().filename().string() : name;
}

CorpusExtraction extract_corpora(const std::vector<fs::path>& roots, const CorpusExtractionOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<Job> jobs;
  for (const fs::path& root : roots) {
    const std::string corpus = corpus_name(root);
    for (fs::path& f : list_midi_files(root)) jobs.push_back(Job{std::move(f), corpus});
  }

  std::vector<JobResult> results(jobs.size());
  std::atomic<size_t> next{0};
  std::atomic<int64_t> n_windows{0};
  std::mutex progress_mutex;
  io::Progress progress("extract", static_cast<int64_t>(jobs.size()), options.progress && jobs.size() > 1);
  const auto work = [&] {
    for (size_t i = next++; i < jobs.size(); i = next++) {
      JobResult& r = results[i];
      try {
        r.windows = extract_windows(read_midi(jobs[i].file), options.extraction);
      } catch (const std::exception& e) {  // a bad file is reported and skipped, never fatal
        r.windows = FileWindows{};
        r.windows.rejection = Rejection::kUnreadable;
        r.error = e.what();
      }
      n_windows += static_cast<int64_t>(r.windows.windows.size());
      const std::lock_guard lock(progress_mutex);
      progress.advance(1, std::to_string(n_windows.load()) + " windows");
    }
  };
  const int n_threads = std::max(1, std::min<int>(options.n_threads, static_cast<int>(jobs.size())));
  std::vector<std::thread> threads;
  for (int t = 1; t < n_threads; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();

  // Gathered in file order, so the output does not depend on the thread count.
  CorpusExtraction out;
  CorpusReport& report = out.report;
  std::unordered_set<std::string> seen;
  for (size_t i = 0; i < jobs.size(); ++i) {
    JobResult& r = results[i];
    int64_t kept = 0, dropped = 0;
    if (!r.windows.windows.empty()) {
      const auto source = static_cast<int64_t>(out.dataset.sources.size());
      out.dataset.sources.push_back(WindowSource{.file = jobs[i].file.string(), .corpus = jobs[i].corpus});
      for (const MelodyWindow& w : r.windows.windows) {
        if (options.dedupe_across_files && !seen.emplace(w.events.begin(), w.events.end()).second) {
          ++dropped;
          continue;
        }
        out.dataset.add(w.events, source, w.start_bar);
        ++kept;
      }
    }
    count(report.total, r, kept, dropped);
    count(report.corpora[jobs[i].corpus], r, kept, dropped);
    if (r.windows.rejection != Rejection::kNone) {
      report.rejected.push_back(
          RejectedFile{jobs[i].file.string(), std::string(rejection_name(r.windows.rejection)), r.error});
    }
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  progress.finish(std::to_string(report.total.windows) + " windows");
  return out;
}

}  // namespace vec2midi::music
