#include "music/smf_handle.hpp"

#include <mutex>

namespace vec2midi::music {
namespace {

thread_local std::string last_smf_message;

void keep_smf_message(const gchar* /*domain*/, GLogLevelFlags /*level*/, const gchar* message, gpointer /*data*/) {
  last_smf_message = message != nullptr ? message : "";
}

}  // namespace

void SmfDeleter::operator()(smf_t* smf) const {
  for (int t = 1; t <= smf->number_of_tracks; ++t) {
    smf_track_t* track = smf_get_track_by_number(smf, t);
    if (track == nullptr) continue;
    for (guint i = 0; i < track->events_array->len; ++i) {
      auto* event = static_cast<smf_event_t*>(g_ptr_array_index(track->events_array, i));
      event->track = nullptr;
      smf_event_delete(event);
    }
    g_ptr_array_set_size(track->events_array, 0);
    track->number_of_events = 0;
  }
  smf_delete(smf);
}

void silence_libsmf_logging() {
  static std::once_flag once;
  std::call_once(once, [] {
    const auto levels = static_cast<GLogLevelFlags>(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION);
    g_log_set_handler("libsmf", levels, keep_smf_message, nullptr);
  });
}

void clear_libsmf_message() { last_smf_message.clear(); }

std::string libsmf_detail() {
  return last_smf_message.empty() ? std::string() : " (libsmf: " + last_smf_message + ")";
}

}  // namespace vec2midi::music
