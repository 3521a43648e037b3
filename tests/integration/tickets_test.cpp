// The customer portal: creating, listing, reading, replying, closing and
// reopening one's own tickets, and never seeing anyone else's.
#include <gtest/gtest.h>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class CustomerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alice_id = server.add_user("Alice", "alice@example.com", "customer");
    server.add_user("Mallory", "mallory@example.com", "customer");
    server.add_user("Agnes Agent", "agnes@example.com", "agent");
    alice = server.signed_in("alice@example.com");
    mallory = server.signed_in("mallory@example.com");
    agent = server.signed_in("agnes@example.com");
  }

  json::value create(HttpClient& c, json::object fields = {}) {
    if (!fields.contains("subject")) fields["subject"] = "Cannot print";
    if (!fields.contains("description")) fields["description"] = "The printer says PC LOAD LETTER.";
    HttpResult r = c.post_json(p + "/tickets", fields);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }

  TestServer server;
  std::string p = server.prefix();
  std::int64_t alice_id = 0;
  std::unique_ptr<HttpClient> alice, mallory, agent;
};

TEST_F(CustomerTest, CreateSetsTheRequesterToTheCallerAndDefaults) {
  // Members the form does not have are refused, not quietly dropped.
  HttpResult smuggled =
      alice->post_json(p + "/tickets", json::object{{"subject", "Cannot print"},
                                                    {"description", "PC LOAD LETTER"},
                                                    {"requester_id", 999},
                                                    {"status", "closed"}});
  ASSERT_EQ(smuggled.status, 422) << smuggled.body;
  EXPECT_EQ(error_fields(smuggled), (std::set<std::string>{"requester_id", "status"}));
  json::value t = create(*alice);
  EXPECT_EQ(t.at("reference").as_string(), "ESC-00001");
  EXPECT_EQ(t.at("status").as_string(), "open");
  EXPECT_EQ(t.at("priority").as_string(), "medium");
  EXPECT_EQ(t.at("ticket_type").as_string(), "question");
  EXPECT_EQ(t.at("channel").as_string(), "web");
  EXPECT_EQ(t.at("requester").at("id").as_int64(), alice_id);
  EXPECT_EQ(t.at("requester").at("email").as_string(), "alice@example.com");
  EXPECT_TRUE(t.at("assignee").is_null());
  EXPECT_TRUE(t.at("guest").is_null());
  EXPECT_TRUE(t.at("department").is_null());
  EXPECT_TRUE(t.at("tags").as_array().empty());
  EXPECT_TRUE(t.at("resolved_at").is_null());
  EXPECT_TRUE(t.at("closed_at").is_null());
  EXPECT_EQ(t.at("created_at"), t.at("updated_at"));
}

TEST_F(CustomerTest, CreateUsesTheClockForTimestamps) {
  server.set_clock("2026-03-29T00:30:00Z");
  json::value t = create(*alice);
  EXPECT_EQ(t.at("created_at").as_string(), "2026-03-29T00:30:00Z");
}

TEST_F(CustomerTest, CreateAcceptsPriorityTypeAndDepartment) {
  auto admin_id = server.add_user("Root", "root@example.com", "admin");
  (void)admin_id;
  auto admin = server.signed_in("root@example.com");
  auto dept = admin->post_json(p + "/admin/departments", json::object{{"name", "Billing"}}).json();
  json::value t = create(
      *alice,
      {{"priority", "urgent"}, {"ticket_type", "incident"}, {"department_id", dept.at("id")}});
  EXPECT_EQ(t.at("priority").as_string(), "urgent");
  EXPECT_EQ(t.at("ticket_type").as_string(), "incident");
  EXPECT_EQ(t.at("department").at("name").as_string(), "Billing");
}

TEST_F(CustomerTest, CreateRejectsBadFieldsAndWritesNothing) {
  HttpResult r = alice->post_json(p + "/tickets", json::object{{"subject", "   "},
                                                               {"priority", "asap"},
                                                               {"ticket_type", "rant"},
                                                               {"department_id", 77}});
  ASSERT_EQ(r.status, 422);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  auto errors = r.json().at("errors").as_object();
  EXPECT_TRUE(errors.contains("subject"));
  EXPECT_TRUE(errors.contains("description"));
  EXPECT_TRUE(errors.contains("priority"));
  EXPECT_TRUE(errors.contains("ticket_type"));
  HttpResult dept = alice->post_json(
      p + "/tickets", json::object{{"subject", "a"}, {"description", "b"}, {"department_id", 77}});
  ASSERT_EQ(dept.status, 422);
  EXPECT_TRUE(dept.json().at("errors").as_object().contains("department_id"));
  HttpResult wrong_type =
      alice->post_json(p + "/tickets", json::object{{"subject", 42}, {"description", "b"}});
  ASSERT_EQ(wrong_type.status, 422);
  EXPECT_TRUE(wrong_type.json().at("errors").as_object().contains("subject"));
  EXPECT_EQ(alice->post(p + "/tickets", "{\"subject\": ").status, 400);
  EXPECT_EQ(alice->post(p + "/tickets", "[1,2]").status, 400);
  EXPECT_EQ(alice->get(p + "/tickets").json().at("data").as_array().size(), 0u);
  EXPECT_EQ(agent->get(p + "/agent/tickets").json().at("data").as_array().size(), 0u);
}

TEST_F(CustomerTest, CustomersSeeOnlyTheirOwnTickets) {
  json::value mine = create(*alice);
  create(*mallory, {{"subject", "Mallory's"}});
  auto list = alice->get(p + "/tickets").json().at("data").as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("id"), mine.at("id"));
  std::string id = std::to_string(mine.at("id").as_int64());
  for (const std::string& key : {id, std::string("ESC-0000") + id}) {
    EXPECT_EQ(mallory->get(p + "/tickets/" + key).status, 404);
    EXPECT_EQ(
        mallory->post_json(p + "/tickets/" + key + "/reply", json::object{{"body", "hi"}}).status,
        404);
    EXPECT_EQ(mallory->post(p + "/tickets/" + key + "/close", "").status, 404);
    EXPECT_EQ(mallory->post(p + "/tickets/" + key + "/reopen", "").status, 404);
  }
  EXPECT_EQ(alice->get(p + "/tickets/" + id).status, 200);
  EXPECT_EQ(alice->get(p + "/tickets/ESC-0000" + id).status, 200);
  EXPECT_EQ(alice->get(p + "/tickets/999").status, 404);
  EXPECT_EQ(alice->get(p + "/tickets/nonsense").status, 404);
}

TEST_F(CustomerTest, CustomersCannotReachAgentOrAdminRoutes) {
  json::value t = create(*alice);
  std::string id = std::to_string(t.at("id").as_int64());
  EXPECT_EQ(alice->get(p + "/agent/tickets").status, 403);
  EXPECT_EQ(alice->get(p + "/agent/tickets/" + id).status, 403);
  EXPECT_EQ(
      alice->post_json(p + "/agent/tickets/" + id + "/note", json::object{{"body", "x"}}).status,
      403);
  EXPECT_EQ(
      alice->post_json(p + "/agent/tickets/" + id + "/status", json::object{{"status", "resolved"}})
          .status,
      403);
  EXPECT_EQ(alice->get(p + "/admin/departments").status, 403);
  EXPECT_EQ(alice->post_json(p + "/admin/tags", json::object{{"name", "x"}}).status, 403);
}

TEST_F(CustomerTest, ThreadShowsPublicRepliesButNeverNotes) {
  json::value t = create(*alice);
  std::string id = std::to_string(t.at("id").as_int64());
  ASSERT_EQ(agent->post_json(p + "/agent/tickets/" + id + "/note", json::object{{"body", "secret"}})
                .status,
            201);
  ASSERT_EQ(
      agent
          ->post_json(p + "/agent/tickets/" + id + "/reply", json::object{{"body", "We are on it"}})
          .status,
      201);
  json::value detail = alice->get(p + "/tickets/" + id).json();
  auto replies = detail.at("replies").as_array();
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].at("body").as_string(), "We are on it");
  EXPECT_FALSE(replies[0].at("is_internal_note").as_bool());
  EXPECT_FALSE(detail.as_object().contains("activities")) << "the timeline is for staff";
  EXPECT_EQ(alice->get(p + "/tickets/" + id).body.find("secret"), std::string::npos);
}

TEST_F(CustomerTest, ReplyMovesTheBallBetweenCustomerAndTeam) {
  json::value t = create(*alice);
  std::string id = std::to_string(t.at("id").as_int64());
  ASSERT_EQ(agent
                ->post_json(p + "/agent/tickets/" + id + "/reply",
                            json::object{{"body", "Which printer?"}})
                .status,
            201);
  EXPECT_EQ(alice->get(p + "/tickets/" + id).json().at("status").as_string(),
            "waiting_on_customer");
  HttpResult r =
      alice->post_json(p + "/tickets/" + id + "/reply", json::object{{"body", "The big one"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("author").at("id").as_int64(), alice_id);
  EXPECT_FALSE(r.json().at("is_internal_note").as_bool());
  EXPECT_EQ(alice->get(p + "/tickets/" + id).json().at("status").as_string(), "waiting_on_agent");
  // A customer cannot smuggle a note through the portal.
  HttpResult smuggled = alice->post_json(p + "/tickets/" + id + "/reply",
                                         json::object{{"body", "x"}, {"is_internal_note", true}});
  ASSERT_EQ(smuggled.status, 422) << smuggled.body;
  EXPECT_EQ(error_fields(smuggled), std::set<std::string>{"is_internal_note"});
  EXPECT_EQ(alice->get(p + "/tickets/" + id).json().at("replies").as_array().size(), 2u)
      << "nothing written";
}

TEST_F(CustomerTest, ReplyToAResolvedTicketReopensIt) {
  json::value t = create(*alice);
  std::string id = std::to_string(t.at("id").as_int64());
  ASSERT_EQ(
      agent->post_json(p + "/agent/tickets/" + id + "/status", json::object{{"status", "resolved"}})
          .status,
      200);
  ASSERT_EQ(
      alice->post_json(p + "/tickets/" + id + "/reply", json::object{{"body", "Still broken"}})
          .status,
      201);
  json::value after = alice->get(p + "/tickets/" + id).json();
  EXPECT_EQ(after.at("status").as_string(), "reopened");
  EXPECT_TRUE(after.at("resolved_at").is_null());
}

TEST_F(CustomerTest, ReplyValidationAndClosedTickets) {
  json::value t = create(*alice);
  std::string id = std::to_string(t.at("id").as_int64());
  HttpResult empty =
      alice->post_json(p + "/tickets/" + id + "/reply", json::object{{"body", "  "}});
  ASSERT_EQ(empty.status, 422);
  EXPECT_TRUE(empty.json().at("errors").as_object().contains("body"));
  ASSERT_EQ(alice->post(p + "/tickets/" + id + "/close", "").status, 200);
  HttpResult closed =
      alice->post_json(p + "/tickets/" + id + "/reply", json::object{{"body", "hello?"}});
  EXPECT_EQ(closed.status, 409);
  EXPECT_EQ(alice->get(p + "/tickets/" + id).json().at("replies").as_array().size(), 0u);
}

TEST_F(CustomerTest, CloseAndReopen) {
  server.set_clock("2026-05-01T10:00:00Z");
  json::value t = create(*alice);
  std::string id = std::to_string(t.at("id").as_int64());
  HttpResult closed = alice->post(p + "/tickets/" + id + "/close", "");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json().at("status").as_string(), "closed");
  EXPECT_EQ(closed.json().at("closed_at").as_string(), "2026-05-01T10:00:00Z");
  HttpResult again = alice->post(p + "/tickets/" + id + "/close", "");
  ASSERT_EQ(again.status, 409);
  EXPECT_EQ(again.json().at("allowed"), json::array{"reopened"});
  HttpResult reopened = alice->post(p + "/tickets/" + id + "/reopen", "");
  ASSERT_EQ(reopened.status, 200);
  EXPECT_EQ(reopened.json().at("status").as_string(), "reopened");
  EXPECT_TRUE(reopened.json().at("closed_at").is_null());
  EXPECT_EQ(alice->post(p + "/tickets/" + id + "/reopen", "").status, 409);
}

TEST(CustomerSettings, CloseCanBeReservedForTheTeam) {
  TestServer server([](Options& o) { o.allow_customer_close = false; });
  server.add_user("Alice", "alice@example.com", "customer");
  auto alice = server.signed_in("alice@example.com");
  HttpResult t = alice->post_json(server.prefix() + "/tickets",
                                  json::object{{"subject", "s"}, {"description", "d"}});
  std::string id = std::to_string(t.json().at("id").as_int64());
  EXPECT_EQ(alice->post(server.prefix() + "/tickets/" + id + "/close", "").status, 403);
  EXPECT_EQ(alice->get(server.prefix() + "/tickets/" + id).json().at("status").as_string(), "open");
}

TEST(CustomerSettings, DefaultPriorityAndReferencePrefixComeFromConfiguration) {
  TestServer server([](Options& o) {
    o.default_priority = "low";
    o.ticket_reference_prefix = "HD";
  });
  server.add_user("Alice", "alice@example.com", "customer");
  auto alice = server.signed_in("alice@example.com");
  json::value t = alice
                      ->post_json(server.prefix() + "/tickets",
                                  json::object{{"subject", "s"}, {"description", "d"}})
                      .json();
  EXPECT_EQ(t.at("priority").as_string(), "low");
  EXPECT_EQ(t.at("reference").as_string(), "HD-00001");
  EXPECT_EQ(alice->get(server.prefix() + "/tickets/HD-00001").status, 200);
  EXPECT_EQ(alice->get(server.prefix() + "/tickets/ESC-00001").status, 404);
}

TEST_F(CustomerTest, ListPaginatesWithACursorNewestFirst) {
  for (int i = 0; i < 5; ++i) create(*alice, {{"subject", "T" + std::to_string(i)}});
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    std::string url = p + "/tickets?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor);
    json::value page = alice->get(url).json();
    for (const auto& t : page.at("data").as_array()) seen.emplace_back(t.at("subject").as_string());
    cursor =
        page.at("next_cursor").is_null() ? "" : std::string(page.at("next_cursor").as_string());
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"T4", "T3", "T2", "T1", "T0"}));
}

// Issue 13, item 9: the portal view showed staff callers the internal notes.
TEST_F(CustomerTest, ThePortalViewShowsNoInternalNotesWhoeverAsks) {
  std::string id = std::to_string(create(*alice).at("id").as_int64());
  ASSERT_EQ(
      agent->post_json(p + "/agent/tickets/" + id + "/note", json::object{{"body", "secret note"}})
          .status,
      201);
  ASSERT_EQ(agent
                ->post_json(p + "/agent/tickets/" + id + "/reply",
                            json::object{{"body", "public answer"}})
                .status,
            201);
  for (HttpClient* c : {alice.get(), agent.get()}) {
    HttpResult r = c->get(p + "/tickets/" + id);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body.find("secret note"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("public answer"), std::string::npos) << r.body;
    EXPECT_FALSE(r.json().as_object().contains("activities"));
  }
  // The agent's own view still has the note.
  EXPECT_NE(agent->get(p + "/agent/tickets/" + id).body.find("secret note"), std::string::npos);
}

}  // namespace
}  // namespace escalated::testing
