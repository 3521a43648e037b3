// The agent workspace: the queue, the ticket view and every ticket action.
#include <gtest/gtest.h>

#include "store/database.h"
#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class AgentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    customer_id = server.add_user("Cora Customer", "cora@example.com", "customer");
    agent_id = server.add_user("Ada Agent", "ada@example.com", "agent");
    other_agent_id = server.add_user("Ben Agent", "ben@example.com", "agent");
    admin_id = server.add_user("Root", "root@example.com", "admin");
    customer = server.signed_in("cora@example.com");
    agent = server.signed_in("ada@example.com");
    admin = server.signed_in("root@example.com");
  }

  std::string create(const std::string& subject = "Broken", json::object extra = {}) {
    return std::to_string(make.ticket(*customer, subject, std::move(extra)));
  }

  HttpResult act(const std::string& id, const std::string& action, json::object body) {
    return agent->post_json(p + "/agent/tickets/" + id + "/" + action, body);
  }

  std::vector<std::string> subjects(const std::string& query) {
    HttpResult r = agent->get(p + "/agent/tickets" + query);
    EXPECT_EQ(r.status, 200) << query << " " << r.body;
    std::vector<std::string> out;
    json::value body = r.json();
    for (const auto& t : body.at("data").as_array()) out.emplace_back(t.at("subject").as_string());
    return out;
  }

  TestServer server;
  Build make{server};
  std::string p = server.prefix();
  std::int64_t customer_id = 0, agent_id = 0, other_agent_id = 0, admin_id = 0;
  std::unique_ptr<HttpClient> customer, agent, admin;
};

TEST_F(AgentTest, DetailHasRepliesNotesTimelineAndAllowedTransitions) {
  std::string id = create();
  ASSERT_EQ(act(id, "note", {{"body", "Looks like a driver issue"}}).status, 201);
  ASSERT_EQ(act(id, "reply", {{"body", "Try turning it off and on"}}).status, 201);
  json::value d = agent->get(p + "/agent/tickets/ESC-0000" + id).json();
  auto replies = d.at("replies").as_array();
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_TRUE(replies[0].at("is_internal_note").as_bool());
  EXPECT_EQ(replies[0].at("author").at("name").as_string(), "Ada Agent");
  EXPECT_FALSE(replies[1].at("is_internal_note").as_bool());
  std::vector<std::string> types;
  for (const auto& a : d.at("activities").as_array()) types.emplace_back(a.at("type").as_string());
  EXPECT_EQ(types,
            (std::vector<std::string>{"created", "note_added", "reply_added", "status_changed"}));
  EXPECT_EQ(d.at("status").as_string(), "waiting_on_customer");
  EXPECT_EQ(d.at("allowed_transitions"),
            (json::array{"open", "in_progress", "waiting_on_agent", "resolved", "closed"}));
}

TEST_F(AgentTest, FirstPublicReplySetsFirstResponseOnce) {
  std::string id = create();
  server.set_clock("2026-01-05T09:00:00Z");
  act(id, "note", {{"body", "internal"}});
  EXPECT_TRUE(agent->get(p + "/agent/tickets/" + id).json().at("first_response_at").is_null());
  act(id, "reply", {{"body", "first"}});
  server.set_clock("2026-01-05T10:00:00Z");
  act(id, "status", {{"status", "in_progress"}});
  act(id, "reply", {{"body", "second"}});
  EXPECT_EQ(agent->get(p + "/agent/tickets/" + id).json().at("first_response_at").as_string(),
            "2026-01-05T09:00:00Z");
}

TEST_F(AgentTest, StatusTransitionsFollowTheTable) {
  std::string id = create();
  server.set_clock("2026-02-01T12:00:00Z");
  HttpResult resolved = act(id, "status", {{"status", "resolved"}});
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(resolved.json().at("status").as_string(), "resolved");
  EXPECT_EQ(resolved.json().at("resolved_at").as_string(), "2026-02-01T12:00:00Z");
  HttpResult forbidden = act(id, "status", {{"status", "in_progress"}});
  ASSERT_EQ(forbidden.status, 409);
  EXPECT_EQ(forbidden.json().at("allowed"), (json::array{"closed", "reopened"}));
  HttpResult closed = act(id, "status", {{"status", "closed"}});
  ASSERT_EQ(closed.status, 200);
  EXPECT_EQ(closed.json().at("closed_at").as_string(), "2026-02-01T12:00:00Z");
  EXPECT_EQ(closed.json().at("resolved_at").as_string(), "2026-02-01T12:00:00Z");
  HttpResult reopened = act(id, "status", {{"status", "reopened"}});
  ASSERT_EQ(reopened.status, 200);
  EXPECT_TRUE(reopened.json().at("closed_at").is_null());
  EXPECT_TRUE(reopened.json().at("resolved_at").is_null());
  HttpResult unknown = act(id, "status", {{"status", "pending"}});
  ASSERT_EQ(unknown.status, 422);
  EXPECT_TRUE(unknown.json().at("errors").as_object().contains("status"));
  EXPECT_EQ(act(id, "status", {}).status, 422);
}

TEST_F(AgentTest, RepliesAndNotesOnClosedTicketsAre409) {
  std::string id = create();
  ASSERT_EQ(act(id, "status", {{"status", "closed"}}).status, 200);
  EXPECT_EQ(act(id, "reply", {{"body", "x"}}).status, 409);
  EXPECT_EQ(act(id, "note", {{"body", "x"}}).status, 409);
}

TEST_F(AgentTest, AgentReplyMovesOnlyTheDocumentedStatuses) {
  std::string id = create();
  ASSERT_EQ(act(id, "status", {{"status", "escalated"}}).status, 200);
  ASSERT_EQ(act(id, "reply", {{"body", "Escalated to engineering"}}).status, 201);
  EXPECT_EQ(agent->get(p + "/agent/tickets/" + id).json().at("status").as_string(), "escalated");
}

TEST_F(AgentTest, TransitionsAreDataAdminsCanChange) {
  std::string id = create();
  HttpResult bad = admin->post_json(
      p + "/admin/settings",
      json::object{{"status_transitions", json::object{{"open", json::array{"nowhere"}}}}});
  ASSERT_EQ(bad.status, 422);
  json::object table{{"open", json::array{"resolved"}}, {"resolved", json::array{"closed"}}};
  HttpResult ok =
      admin->post_json(p + "/admin/settings", json::object{{"status_transitions", table}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  HttpResult refused = act(id, "status", {{"status", "in_progress"}});
  ASSERT_EQ(refused.status, 409);
  EXPECT_EQ(refused.json().at("allowed"), json::array{"resolved"});
  // The agent's reply would move open -> waiting_on_customer; this workflow forbids it.
  ASSERT_EQ(act(id, "reply", {{"body", "hi"}}).status, 201);
  EXPECT_EQ(agent->get(p + "/agent/tickets/" + id).json().at("status").as_string(), "open");
  EXPECT_EQ(
      agent->post_json(p + "/admin/settings", json::object{{"status_transitions", table}}).status,
      403);
}

TEST_F(AgentTest, PriorityChangesAreValidated) {
  std::string id = create();
  HttpResult r = act(id, "priority", {{"priority", "critical"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("priority").as_string(), "critical");
  HttpResult bad = act(id, "priority", {{"priority", "CRITICAL"}});
  ASSERT_EQ(bad.status, 422);
  EXPECT_TRUE(bad.json().at("errors").as_object().contains("priority"));
  EXPECT_EQ(agent->get(p + "/agent/tickets/" + id).json().at("priority").as_string(), "critical");
}

TEST_F(AgentTest, AssignAndUnassign) {
  std::string id = create();
  HttpResult r = act(id, "assign", {{"agent_id", other_agent_id}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("assignee").at("id").as_int64(), other_agent_id);
  EXPECT_EQ(r.json().at("assignee").at("name").as_string(), "Ben Agent");
  HttpResult to_customer = act(id, "assign", {{"agent_id", customer_id}});
  ASSERT_EQ(to_customer.status, 422);
  EXPECT_TRUE(to_customer.json().at("errors").as_object().contains("agent_id"));
  EXPECT_EQ(act(id, "assign", {{"agent_id", 9999}}).status, 422);
  EXPECT_EQ(act(id, "assign", {{"agent_id", "ben"}}).status, 422);
  EXPECT_EQ(act(id, "assign", {}).status, 422);
  HttpResult un = act(id, "assign", {{"agent_id", nullptr}});
  ASSERT_EQ(un.status, 200);
  EXPECT_TRUE(un.json().at("assignee").is_null());
}

TEST_F(AgentTest, DepartmentAndTags) {
  json::value dept =
      admin->post_json(p + "/admin/departments", json::object{{"name", "Hardware"}}).json();
  std::string id = create();
  HttpResult moved = act(id, "department", {{"department_id", dept.at("id")}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json().at("department").at("name").as_string(), "Hardware");
  EXPECT_EQ(act(id, "department", {{"department_id", 4242}}).status, 422);
  json::value tag =
      admin->post_json(p + "/admin/tags", json::object{{"name", "printer"}, {"color", "#ff0000"}})
          .json();
  HttpResult tagged = act(id, "tags", {{"add", json::array{tag.at("id"), "vip"}}});
  ASSERT_EQ(tagged.status, 200) << tagged.body;
  auto tags = tagged.json().at("tags").as_array();
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0].at("name").as_string(), "printer");
  EXPECT_EQ(tags[0].at("color").as_string(), "#ff0000");
  EXPECT_EQ(tags[1].at("name").as_string(), "vip");
  HttpResult removed = act(id, "tags", {{"remove", json::array{"printer"}}});
  ASSERT_EQ(removed.status, 200);
  EXPECT_EQ(removed.json().at("tags").as_array().size(), 1u);
  EXPECT_EQ(act(id, "tags", {{"add", json::array{4242}}}).status, 422);
  EXPECT_EQ(act(id, "tags", {{"add", "vip"}}).status, 422);
  EXPECT_EQ(act(id, "tags", {{"add", json::array{""}}}).status, 422);
  HttpResult cleared = act(id, "department", {{"department_id", nullptr}});
  ASSERT_EQ(cleared.status, 200);
  EXPECT_TRUE(cleared.json().at("department").is_null());
}

TEST_F(AgentTest, QueueFilters) {
  json::value dept =
      admin->post_json(p + "/admin/departments", json::object{{"name", "Sales"}}).json();
  std::string a = create("Alpha printer jam", {{"priority", "high"}});
  std::string b = create("Bravo login", {{"priority", "low"}, {"department_id", dept.at("id")}});
  std::string c = create("Charlie 50% off", {{"description", "Coupon PRINTER code"}});
  act(a, "assign", {{"agent_id", agent_id}});
  act(b, "assign", {{"agent_id", other_agent_id}});
  act(c, "status", {{"status", "resolved"}});
  act(b, "tags", {{"add", json::array{"billing"}}});

  EXPECT_EQ(subjects("?sort=created_at"),
            (std::vector<std::string>{"Alpha printer jam", "Bravo login", "Charlie 50% off"}));
  EXPECT_EQ(subjects("?status=resolved"), std::vector<std::string>{"Charlie 50% off"});
  EXPECT_EQ(subjects("?status=open,resolved&sort=created_at").size(), 3u);
  EXPECT_EQ(subjects("?priority=high"), std::vector<std::string>{"Alpha printer jam"});
  EXPECT_EQ(subjects("?assignee_id=me"), std::vector<std::string>{"Alpha printer jam"});
  EXPECT_EQ(subjects("?assignee_id=" + std::to_string(other_agent_id)),
            std::vector<std::string>{"Bravo login"});
  EXPECT_EQ(subjects("?unassigned=true"), std::vector<std::string>{"Charlie 50% off"});
  EXPECT_EQ(subjects("?department_id=" + std::to_string(dept.at("id").as_int64())),
            std::vector<std::string>{"Bravo login"});
  EXPECT_EQ(subjects("?tag=billing"), std::vector<std::string>{"Bravo login"});
  EXPECT_EQ(subjects("?tag=nothing").size(), 0u);
  EXPECT_EQ(subjects("?q=printer&sort=created_at"),
            (std::vector<std::string>{"Alpha printer jam", "Charlie 50% off"}));
  EXPECT_EQ(subjects("?q=50%25"), std::vector<std::string>{"Charlie 50% off"});
  EXPECT_EQ(subjects("?q=_").size(), 0u) << "LIKE wildcards are literal";
  EXPECT_EQ(subjects("?sort=-priority"),
            (std::vector<std::string>{"Alpha printer jam", "Charlie 50% off", "Bravo login"}));
  EXPECT_EQ(subjects("?sort=priority"),
            (std::vector<std::string>{"Bravo login", "Charlie 50% off", "Alpha printer jam"}));
}

TEST_F(AgentTest, QueueRejectsBadParameters) {
  for (const char* q : {"?status=pending", "?priority=asap", "?sort=subject", "?limit=0",
                        "?limit=101", "?limit=ten", "?assignee_id=-3", "?department_id=x",
                        "?unassigned=maybe", "?cursor=garbage"}) {
    HttpResult r = agent->get(p + "/agent/tickets" + q);
    EXPECT_EQ(r.status, 422) << q << " " << r.body;
    EXPECT_TRUE(r.json().as_object().contains("errors")) << q;
  }
}

TEST_F(AgentTest, QueuePagesAreStableWhenTimestampsTie) {
  server.set_clock("2026-06-01T08:00:00Z");
  for (int i = 0; i < 7; ++i)
    create("Same instant " + std::to_string(i), {{"priority", i % 2 ? "high" : "low"}});
  for (const char* sort : {"-updated_at", "created_at", "-priority", "priority"}) {
    std::vector<std::string> all = subjects(std::string("?limit=100&sort=") + sort);
    std::vector<std::string> paged;
    std::string cursor;
    for (int page = 0; page < 10; ++page) {
      json::value r = agent
                          ->get(p + "/agent/tickets?limit=3&sort=" + sort +
                                (cursor.empty() ? "" : "&cursor=" + cursor))
                          .json();
      for (const auto& t : r.at("data").as_array()) paged.emplace_back(t.at("subject").as_string());
      if (r.at("next_cursor").is_null()) break;
      cursor = std::string(r.at("next_cursor").as_string());
    }
    EXPECT_EQ(paged, all) << sort;
    EXPECT_EQ(all.size(), 7u);
  }
}

TEST_F(AgentTest, DashboardCounts) {
  server.set_clock("2026-06-01T08:00:00Z");
  std::string a = create("a");
  std::string b = create("b");
  std::string c = create("c");
  create("d");
  act(a, "assign", {{"agent_id", agent_id}});
  act(b, "assign", {{"agent_id", other_agent_id}});
  act(c, "status", {{"status", "resolved"}});
  json::value d = agent->get(p + "/agent/tickets/dashboard").json();
  EXPECT_EQ(d.at("open").as_int64(), 3);
  EXPECT_EQ(d.at("mine").as_int64(), 1);
  EXPECT_EQ(d.at("unassigned").as_int64(), 1);
  EXPECT_EQ(d.at("resolved_today").as_int64(), 1);
  server.set_clock("2026-06-02T08:00:00Z");
  EXPECT_EQ(agent->get(p + "/agent/tickets/dashboard").json().at("resolved_today").as_int64(), 0);
}

TEST_F(AgentTest, EveryMutationWritesTimelineAndAudit) {
  std::string id = create();
  act(id, "priority", {{"priority", "high"}});
  act(id, "assign", {{"agent_id", agent_id}});
  std::int64_t audits = server.helpdesk().database().read([&](store::Connection& c) {
    return c
        .scalar("SELECT COUNT(*) FROM audit_logs WHERE entity_type = 'ticket' AND entity_id = ?",
                {std::stoll(id)})
        ->as_int();
  });
  EXPECT_EQ(audits, 3);  // created, priority_changed, assigned
  auto row = server.helpdesk().database().read([&](store::Connection& c) {
    return c
        .query(
            "SELECT old_values, new_values, actor_id FROM audit_logs WHERE action = "
            "'priority_changed'")
        .first();
  });
  EXPECT_EQ(row.text(0), R"({"priority":"medium"})");
  EXPECT_EQ(row.text(1), R"({"priority":"high"})");
  EXPECT_EQ(row.i64(2), agent_id);
}

TEST_F(AgentTest, UnchangedValuesWriteNothing) {
  std::string id = create();
  act(id, "priority", {{"priority", "medium"}});
  json::value d = agent->get(p + "/agent/tickets/" + id).json();
  EXPECT_EQ(d.at("activities").as_array().size(), 1u);
  EXPECT_EQ(d.at("created_at"), d.at("updated_at"));
}

TEST_F(AgentTest, SearchFindsWhatAgentsTypeNumbersPeopleAndReplies) {
  std::string toner = create("Toner is empty");
  std::string vpn = create("VPN drops at noon");
  server.add_user("Dmitri Volkov", "dmitri@volkov.example", "customer");
  auto dmitri = server.signed_in("dmitri@volkov.example");
  make.ticket(*dmitri, "Invoice copy");
  ASSERT_EQ(act(vpn, "reply", {{"body", "Which client version do you run?"}}).status, 201);
  ASSERT_EQ(act(toner, "note", {{"body", "Cartridge backordered at Contoso"}}).status, 201);

  // The ticket's number, as a reference, with a hash or bare.
  const std::string reference = "ESC-" + std::string(5 - vpn.size(), '0') + vpn;
  EXPECT_EQ(subjects("?q=" + reference), std::vector<std::string>{"VPN drops at noon"});
  EXPECT_EQ(subjects("?q=esc-" + vpn), std::vector<std::string>{"VPN drops at noon"});
  EXPECT_EQ(subjects("?q=%23" + vpn), std::vector<std::string>{"VPN drops at noon"});
  EXPECT_EQ(subjects("?q=" + vpn), std::vector<std::string>{"VPN drops at noon"});
  // The requester's name or address finds their tickets.
  EXPECT_EQ(subjects("?q=volkov"), std::vector<std::string>{"Invoice copy"});
  EXPECT_EQ(subjects("?q=Dmitri%20Vol"), std::vector<std::string>{"Invoice copy"});
  EXPECT_EQ(subjects("?q=cora%40example.com&sort=created_at"),
            (std::vector<std::string>{"Toner is empty", "VPN drops at noon"}));
  // Words of a reply, and of a note for staff.
  EXPECT_EQ(subjects("?q=client%20version"), std::vector<std::string>{"VPN drops at noon"});
  EXPECT_EQ(subjects("?q=contoso"), std::vector<std::string>{"Toner is empty"});
  // The portal searches the customer's own tickets, never the notes on them.
  auto portal = [&](const std::string& q) {
    HttpResult r = customer->get(p + "/tickets?q=" + q);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    json::value body = r.json();
    for (const auto& t : body.at("data").as_array()) out.emplace_back(t.at("subject").as_string());
    return out;
  };
  EXPECT_EQ(portal("client%20version"), std::vector<std::string>{"VPN drops at noon"});
  EXPECT_TRUE(portal("contoso").empty()) << "a note's words must not be found by the customer";
  EXPECT_TRUE(portal("volkov").empty()) << "another customer's tickets stay invisible";
}

}  // namespace
}  // namespace escalated::testing
