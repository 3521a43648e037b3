// The stale-write guard on replies with files: the multipart form of
// POST /agent/tickets/{id}/reply and /note takes `expected_updated_at` as a
// text field, like the JSON body; a stale one is a 409 and nothing is written
// (no reply, no stored file).
#include <gtest/gtest.h>

#include <filesystem>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

class StaleMultipartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Cus", "cus@example.com", "customer");
    server.add_user("Ada", "ada@example.com", "agent");
    server.add_user("Bob", "bob@example.com", "agent");
    customer = server.signed_in("cus@example.com");
    ada = server.signed_in("ada@example.com");
    bob = server.signed_in("bob@example.com");
    server.set_clock("2026-03-02T10:00:00Z");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::size_t stored_files() const { return files_under(dir); }
  json::object ticket(std::int64_t t) {
    HttpResult r = ada->get(make.path("/agent/tickets/" + std::to_string(t)));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }

  fs::path dir = fresh_directory("escalated-stale-multipart");
  TestServer server{[this](Options& o) { o.attachments.directory = dir.string(); }};
  Build make{server};
  std::unique_ptr<HttpClient> customer, ada, bob;
};

TEST_F(StaleMultipartTest, AStaleReplyWithAFileIsA409AndWritesNothing) {
  std::int64_t t = make.ticket(*customer);
  json::object before = ticket(t);
  const std::string seen(before.at("updated_at").as_string());
  const std::size_t replies = before.at("replies").as_array().size();
  const std::size_t files = stored_files();
  server.advance_clock(60);
  // Bob changes the ticket after Ada opened it.
  ASSERT_EQ(bob->post_json(make.path("/agent/tickets/" + std::to_string(t) + "/priority"),
                           json::object{{"priority", "high"}})
                .status,
            200);

  for (const char* action : {"reply", "note"}) {
    HttpResult r =
        ada->post_multipart(make.path("/agent/tickets/" + std::to_string(t) + "/" + action),
                            {{"body", "See the log."}, {"expected_updated_at", seen}},
                            {{"log.txt", "text/plain", "line 1"}});
    ASSERT_EQ(r.status, 409) << action << ": " << r.body;
    EXPECT_EQ(r.json().at("ticket").at("priority"), "high") << action;
    EXPECT_EQ(r.json().at("last_change").at("actor").at("name"), "Bob") << action;
  }
  json::object now = ticket(t);
  EXPECT_EQ(now.at("replies").as_array().size(), replies);
  EXPECT_EQ(stored_files(), files);

  // Malformed is a 422 naming the field; the fresh value goes through.
  HttpResult bad =
      ada->post_multipart(make.path("/agent/tickets/" + std::to_string(t) + "/reply"),
                          {{"body", "See the log."}, {"expected_updated_at", "yesterday"}},
                          {{"log.txt", "text/plain", "line 1"}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(error_fields(bad), std::set<std::string>{"expected_updated_at"});
  EXPECT_EQ(stored_files(), files);
  HttpResult ok =
      ada->post_multipart(make.path("/agent/tickets/" + std::to_string(t) + "/reply"),
                          {{"body", "See the log."},
                           {"expected_updated_at", std::string(now.at("updated_at").as_string())}},
                          {{"log.txt", "text/plain", "line 1"}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json().at("attachments").as_array().size(), 1u);
  EXPECT_EQ(ticket(t).at("replies").as_array().size(), replies + 1);
}

}  // namespace
}  // namespace escalated::testing
