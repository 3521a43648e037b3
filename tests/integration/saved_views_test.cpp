// Saved views: /agent/views and GET /agent/tickets?view_id=. Personal views
// stay with their owner, shared ones need macro.manage and reach all staff,
// the query is checked when saved (422 on "query" with a position), each
// user orders what they see, and the list can carry a count per view.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;
using Strings = std::vector<std::string>;

class SavedViewsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Cora Customer", "cora@example.com", "customer");
    ada_id = server.add_user("Ada Agent", "ada@example.com", "agent");
    server.add_user("Ben Agent", "ben@example.com", "agent");
    server.add_user("Root", "root@example.com", "admin");
    cora = server.signed_in("cora@example.com");
    ada = server.signed_in("ada@example.com");
    ben = server.signed_in("ben@example.com");
    admin = server.signed_in("root@example.com");
  }

  std::int64_t save(HttpClient& as, json::object body) {
    HttpResult r = as.post_json(p + "/agent/views", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : 0;
  }
  static HttpResult patch(HttpClient& as, const std::string& path, const json::object& body) {
    return as.request("PATCH", path, json::serialize(body));
  }
  static HttpResult del(HttpClient& as, const std::string& path) {
    return as.request("DELETE", path, "");
  }
  Strings names(HttpClient& as) {
    HttpResult r = as.get(p + "/agent/views");
    EXPECT_EQ(r.status, 200) << r.body;
    Strings out;
    json::value body = r.json();
    for (const auto& v : body.at("data").as_array()) out.emplace_back(v.at("name").as_string());
    return out;
  }
  Strings run(HttpClient& as, std::int64_t view, const std::string& extra = "") {
    HttpResult r = as.get(p + "/agent/tickets?view_id=" + std::to_string(view) + extra);
    EXPECT_EQ(r.status, 200) << r.body;
    Strings out;
    if (r.status != 200) return out;
    json::value body = r.json();
    for (const auto& t : body.at("data").as_array()) out.emplace_back(t.at("subject").as_string());
    return out;
  }

  TestServer server;
  Build make{server};
  std::string p = server.prefix();
  std::int64_t ada_id = 0;
  std::unique_ptr<HttpClient> cora, ada, ben, admin;
};

TEST_F(SavedViewsTest, AViewSavesAQueryAndRunsIt) {
  make.ticket(*cora, "Printer jams", {{"priority", "high"}});
  make.ticket(*cora, "Invoice missing", {{"priority", "low"}});
  make.ticket(*cora, "Server down", {{"priority", "urgent"}});
  HttpResult r = ada->post_json(p + "/agent/views",
                                {{"name", " Hot "},
                                 {"query", "priority>=high status:open"},
                                 {"sort", "priority"},
                                 {"columns", json::array{"reference", "subject", "priority"}}});
  ASSERT_EQ(r.status, 201) << r.body;
  json::value v = r.json();
  EXPECT_EQ(v.at("name"), "Hot");
  EXPECT_EQ(v.at("query"), "priority>=high status:open");
  EXPECT_EQ(v.at("sort"), "priority");
  EXPECT_EQ(v.at("columns"), (json::array{"reference", "subject", "priority"}));
  EXPECT_EQ(v.at("shared"), false);
  EXPECT_EQ(v.at("owner").at("id").as_int64(), ada_id);
  std::int64_t id = v.at("id").as_int64();

  // The view's sort, unless the request gives one; its query joins q.
  EXPECT_EQ(run(*ada, id), (Strings{"Printer jams", "Server down"}));
  EXPECT_EQ(run(*ada, id, "&sort=-priority"), (Strings{"Server down", "Printer jams"}));
  EXPECT_EQ(run(*ada, id, "&q=server"), Strings{"Server down"});

  // Defaults when only a name is given.
  HttpResult plain = ada->post_json(p + "/agent/views", {{"name", "All"}});
  ASSERT_EQ(plain.status, 201) << plain.body;
  EXPECT_EQ(plain.json().at("query"), "");
  EXPECT_EQ(plain.json().at("sort"), "-updated_at");
  EXPECT_EQ(run(*ada, plain.json().at("id").as_int64()).size(), 3u);

  // Counts for the dashboard.
  HttpResult listed = ada->get(p + "/agent/views?counts=1");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json().at("data").at(0).at("count").as_int64(), 2);
  EXPECT_EQ(listed.json().at("data").at(1).at("count").as_int64(), 3);
  EXPECT_FALSE(ada->get(p + "/agent/views").json().at("data").at(0).as_object().contains("count"));

  // A change, then the delete.
  HttpResult changed =
      patch(*ada, p + "/agent/views/" + std::to_string(id), {{"query", "priority:urgent"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json().at("name"), "Hot");
  EXPECT_EQ(run(*ada, id), Strings{"Server down"});
  EXPECT_EQ(del(*ada, p + "/agent/views/" + std::to_string(id)).status, 204);
  EXPECT_EQ(ada->get(p + "/agent/tickets?view_id=" + std::to_string(id)).status, 404);
  EXPECT_EQ(del(*ada, p + "/agent/views/" + std::to_string(id)).status, 404);
}

TEST_F(SavedViewsTest, PersonalViewsStayWithTheirOwnerSharedOnesNeedMacroManage) {
  std::int64_t mine = save(*ada, {{"name", "Mine"}, {"query", "assignee:me"}});
  // Sharing needs macro.manage, which agents do not hold by default.
  HttpResult refused = ada->post_json(p + "/agent/views", {{"name", "Team"}, {"shared", true}});
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(patch(*ada, p + "/agent/views/" + std::to_string(mine), {{"shared", true}}).status,
            403);
  std::int64_t team =
      save(*admin, {{"name", "Team"}, {"query", "assignee:none"}, {"shared", true}});

  EXPECT_EQ(names(*ada), (Strings{"Mine", "Team"}));
  EXPECT_EQ(names(*ben), Strings{"Team"});
  // Another agent's personal view does not exist for Ben.
  const std::string m = "/agent/views/" + std::to_string(mine);
  EXPECT_EQ(patch(*ben, p + m, {{"name", "Taken"}}).status, 404);
  EXPECT_EQ(del(*ben, p + m).status, 404);
  EXPECT_EQ(ben->get(p + "/agent/tickets?view_id=" + std::to_string(mine)).status, 404);
  // A shared view: everyone runs it, only its owner or macro.manage changes it.
  std::int64_t ticket = make.ticket(*cora, "Unassigned one");
  EXPECT_EQ(run(*ben, team), Strings{"Unassigned one"});
  // "me" is whoever runs the view.
  ASSERT_EQ(ada->post_json(p + "/agent/tickets/" + std::to_string(ticket) + "/assign",
                           {{"agent_id", ada_id}})
                .status,
            200);
  EXPECT_EQ(run(*ada, mine), Strings{"Unassigned one"});
  EXPECT_TRUE(run(*ben, team).empty());
  const std::string t = "/agent/views/" + std::to_string(team);
  EXPECT_EQ(patch(*ben, p + t, {{"name", "Renamed"}}).status, 403);
  EXPECT_EQ(del(*ben, p + t).status, 403);
  EXPECT_EQ(patch(*admin, p + t, {{"name", "Unassigned"}}).status, 200);
  // Customers have no views.
  EXPECT_EQ(cora->get(p + "/agent/views").status, 403);
  EXPECT_EQ(cora->post_json(p + "/agent/views", {{"name", "x"}}).status, 403);
}

TEST_F(SavedViewsTest, TheQueryIsCheckedWhenSaved) {
  HttpResult r = ada->post_json(p + "/agent/views", {{"name", "Bad"}, {"query", "priority>>high"}});
  ASSERT_EQ(r.status, 422) << r.body;
  json::value body = r.json();
  std::string message(body.at("errors").at("query").at(0).as_string());
  EXPECT_NE(message.find("expected a value after \"priority>\""), std::string::npos) << message;
  EXPECT_EQ(body.at("position").as_int64(), 9);

  r = ada->post_json(p + "/agent/views", {{"name", "Bad"}, {"query", "department:nowhere"}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(r.json().at("errors").as_object().contains("query"));

  for (const json::object& bad : std::vector<json::object>{
           {{"query", "status:open"}},                         // no name
           {{"name", ""}},                                     // empty name
           {{"name", "x"}, {"sort", "colour"}},                // unknown sort
           {{"name", "x"}, {"columns", json::array{"nope"}}},  // unknown column
           {{"name", "x"}, {"shared", "yes"}},                 // not a boolean
       }) {
    HttpResult refused = ada->post_json(p + "/agent/views", bad);
    EXPECT_EQ(refused.status, 422) << json::serialize(bad) << " " << refused.body;
  }
  EXPECT_TRUE(names(*ada).empty()) << "nothing written";
  std::int64_t id = save(*ada, {{"name", "Ok"}});
  r = patch(*ada, p + "/agent/views/" + std::to_string(id), {{"query", "has:pets"}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("position").as_int64(), 4);
  EXPECT_EQ(ada->get(p + "/agent/views").json().at("data").at(0).at("query"), "");
  EXPECT_EQ(ada->get(p + "/agent/tickets?view_id=abc").status, 422);
}

TEST_F(SavedViewsTest, EachUserOrdersTheViewsTheySee) {
  std::int64_t a = save(*ada, {{"name", "A"}});
  std::int64_t b = save(*ada, {{"name", "B"}});
  std::int64_t shared = save(*admin, {{"name", "S"}, {"shared", true}});
  std::int64_t root_only = save(*admin, {{"name", "R"}});
  HttpResult r = ada->post_json(p + "/agent/views/order", {{"ids", json::array{shared, b}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(names(*ada), (Strings{"S", "B", "A"}));
  EXPECT_EQ(names(*admin), (Strings{"S", "R"})) << "one user's order is theirs alone";
  EXPECT_EQ(ada->post_json(p + "/agent/views/order", {{"ids", json::array{root_only}}}).status,
            422);
  EXPECT_EQ(ada->post_json(p + "/agent/views/order", {{"ids", json::array{a, a}}}).status, 422);
  EXPECT_EQ(ada->post_json(p + "/agent/views/order", json::object{}).status, 422);
  EXPECT_EQ(names(*ada), (Strings{"S", "B", "A"}));
}

}  // namespace
}  // namespace escalated::testing
