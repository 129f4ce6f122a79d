#include "app/http_replies.hpp"

#include <httplib.h>

#include <gtest/gtest.h>

#include <set>

#include "io/atomic_file.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::app {
namespace {

TEST(HttpReplies, ErrorsAreOneJsonLine) {
  httplib::Response res;
  send_error(res, 415, "not a picture");
  EXPECT_EQ(res.status, 415);
  EXPECT_EQ(res.body, R"({"error":"not a picture"})");
  EXPECT_EQ(res.get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(status_text(413), "request body too large");
  EXPECT_EQ(status_text(599), "HTTP status 599");
}

TEST(HttpReplies, StaticFilesAreServedInsideTheirFolderOnly) {
  const std::filesystem::path dir = vec2midi::testing::temp_dir("http_replies_static");
  std::filesystem::create_directories(dir / "site");
  io::write_file_atomic(dir / "site" / "page.html", "<p>hi</p>");
  httplib::Response found, missing, leaving;
  serve_static_file(dir / "site", "/page.html", found);
  EXPECT_EQ(found.status, 200);
  EXPECT_EQ(found.body, "<p>hi</p>");
  serve_static_file(dir / "site", "/none.html", missing);
  EXPECT_EQ(missing.status, 404);
  serve_static_file(dir / "site", "/../site/page.html", leaving);
  EXPECT_EQ(leaving.status, 400);
}

TEST(HttpReplies, RandomIdsAre32HexDigitsAndDiffer) {
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    const std::string id = random_id();
    ASSERT_EQ(id.size(), 32u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 100u);
}

}  // namespace
}  // namespace vec2midi::app
