// Roles and permissions through the API: custom roles, several roles per
// user, what light agents may not do, agents without ticket.view_all kept to
// their departments, no granting beyond one's own permissions, and IDOR
// attempts on every object a ticket owns (the ticket, its replies, notes and
// attachments) answered 404.
#include <gtest/gtest.h>

#include <set>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class PermissionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Root", "root@example.com", "admin");
    admin = server.signed_in("root@example.com");
    alice_id = server.add_user("Alice", "alice@example.com", "customer");
    server.add_user("Mallory", "mallory@example.com", "customer");
    agent_id = server.add_user("Agnes", "agnes@example.com", "agent");
    alice = server.signed_in("alice@example.com");
    mallory = server.signed_in("mallory@example.com");
    agent = server.signed_in("agnes@example.com");
  }

  HttpResult make_role(const std::string& slug, const json::array& permissions,
                       HttpClient* as = nullptr) {
    return (as ? as : admin.get())
        ->post_json(p + "/admin/roles",
                    json::object{{"name", slug}, {"slug", slug}, {"permissions", permissions}});
  }
  HttpResult patch(HttpClient& as, const std::string& path, const json::object& body) {
    return as.request("PATCH", p + path, HttpClient::serialize(body));
  }
  std::string new_ticket(HttpClient& as, const std::string& subject = "Printer") {
    return std::to_string(make.ticket(as, subject));
  }
  std::int64_t department(const std::string& name) { return make.department(*admin, name); }
  // A new user of `role`, bound to `department_id`: its id and a client
  // signed in as it.
  std::pair<std::int64_t, std::unique_ptr<HttpClient>> staff_in(const std::string& name,
                                                                const std::string& email,
                                                                const std::string& role,
                                                                std::int64_t department_id) {
    std::int64_t id = server.add_user(name, email, role);
    HttpResult r = patch(*admin, "/admin/users/" + std::to_string(id),
                         {{"department_ids", json::array{department_id}}});
    EXPECT_EQ(r.status, 200) << r.body;
    return {id, server.signed_in(email)};
  }
  std::set<std::string> queue_ids(HttpClient& as) {
    std::set<std::string> out;
    const json::value page = as.get(p + "/agent/tickets").json();
    for (const auto& t : page.at("data").as_array())
      out.insert(std::to_string(t.at("id").as_int64()));
    return out;
  }

  TestServer server;
  Build make{server};
  const std::string p = server.prefix();
  std::int64_t alice_id = 0, agent_id = 0;
  std::unique_ptr<HttpClient> admin, alice, mallory, agent;
};

TEST_F(PermissionsTest, SystemRolesAreSeededAsData) {
  HttpResult r = admin->get(p + "/admin/roles");
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value roles = r.json();
  std::map<std::string, json::object> by_slug;
  for (const auto& role : roles.at("data").as_array())
    by_slug[std::string(role.at("slug").as_string())] = role.as_object();
  for (const char* slug : {"admin", "agent", "light_agent", "customer"}) {
    ASSERT_TRUE(by_slug.count(slug)) << slug;
    EXPECT_TRUE(by_slug[slug].at("system").as_bool());
  }
  auto perms = [&](const char* slug) {
    std::set<std::string> out;
    for (const auto& v : by_slug[slug].at("permissions").as_array())
      out.insert(std::string(v.as_string()));
    return out;
  };
  EXPECT_EQ(perms("admin").size(), 35u);
  EXPECT_EQ(perms("light_agent"), (std::set<std::string>{"ticket.view", "ticket.view_all",
                                                         "reply.create", "reply.create_internal"}));
  EXPECT_TRUE(perms("agent").count("ticket.assign"));
  EXPECT_FALSE(perms("agent").count("settings.manage"));
  EXPECT_EQ(by_slug["agent"].at("user_count").as_int64(), 1);
  // The permission catalogue lists all 35 slugs with their area.
  const json::value catalogue = admin->get(p + "/admin/permissions").json();
  EXPECT_EQ(catalogue.at("data").as_array().size(), 35u);
  EXPECT_EQ(catalogue.at("data").as_array()[0].at("area"), "ticket");
  // System roles are fixed and cannot be deleted.
  std::string agent_role = std::to_string(by_slug["agent"].at("id").as_int64());
  EXPECT_EQ(patch(*admin, "/admin/roles/" + agent_role, {{"name", "Boss"}}).status, 409);
  EXPECT_EQ(admin->request("DELETE", p + "/admin/roles/" + agent_role, "").status, 409);
  // Agents may not read the roles (user.view is an admin permission).
  EXPECT_EQ(agent->get(p + "/admin/roles").status, 403);
}

TEST_F(PermissionsTest, PermissionsOfTheWrongTypeNameTheEntry) {
  using Fields = std::set<std::string>;
  EXPECT_EQ(error_fields(admin->post_json(
                p + "/admin/roles",
                json::object{{"name", "K"}, {"slug", "keepers"}, {"permissions", "tag.manage"}})),
            Fields{"permissions"});
  EXPECT_EQ(error_fields(make_role("keepers", json::array{"tag.manage", 7})),
            Fields{"permissions[1]"});
  EXPECT_EQ(error_fields(admin->post_json(p + "/admin/roles",
                                          json::object{{"name", "K"}, {"slug", "keepers"}})),
            Fields{"permissions"});
  HttpResult made = make_role("keepers", json::array{"tag.manage"});
  ASSERT_EQ(made.status, 201) << made.body;
  std::string path = "/admin/roles/" + std::to_string(made.json().at("id").as_int64());
  EXPECT_EQ(error_fields(patch(*admin, path, {{"permissions", json::array{true, "tag.nope"}}})),
            (Fields{"permissions[0]"}));
  EXPECT_EQ(error_fields(patch(*admin, path, {{"permissions", json::array{"tag.nope"}}})),
            (Fields{"permissions[0]"}));
  EXPECT_EQ(error_fields(patch(*admin, path, {{"permissions", 1}})), Fields{"permissions"});
  EXPECT_EQ(admin->get(p + path).json().at("permissions"), json::array{"tag.manage"});
}

TEST_F(PermissionsTest, CustomRolesGrantExactlyTheirPermissionsAndChangeTakesEffectAtOnce) {
  HttpResult bad = admin->post_json(
      p + "/admin/roles", json::object{{"name", ""},
                                       {"slug", "Bad Slug"},
                                       {"permissions", json::array{"tag.manage", "tag.destroy"}}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(error_fields(bad), (std::set<std::string>{"name", "slug", "permissions[1]"}));
  ASSERT_EQ(make_role("tag_keeper", {"tag.manage"}).status, 201);
  EXPECT_EQ(error_fields(make_role("tag_keeper", {})), std::set<std::string>{"slug"});

  server.add_user("Tom", "tom@example.com", "tag_keeper");
  auto tom = server.signed_in("tom@example.com");
  EXPECT_EQ(tom->post_json(p + "/admin/tags", json::object{{"name", "vip"}}).status, 201);
  HttpResult no_queue = tom->get(p + "/agent/tickets");
  EXPECT_EQ(no_queue.status, 403);
  EXPECT_NE(no_queue.body.find("ticket.view"), std::string::npos) << no_queue.body;
  EXPECT_EQ(tom->get(p + "/auth/me").json().at("user").at("role"), "customer");

  // Granting ticket.view to the role lets Tom into the queue on his next
  // request, without signing in again.
  const json::value roles = admin->get(p + "/admin/roles").json();
  std::string id;
  for (const auto& r : roles.at("data").as_array())
    if (r.at("slug") == "tag_keeper") id = std::to_string(r.at("id").as_int64());
  HttpResult grown = patch(*admin, "/admin/roles/" + id,
                           {{"permissions", json::array{"tag.manage", "ticket.view"}}});
  ASSERT_EQ(grown.status, 200) << grown.body;
  EXPECT_EQ(tom->get(p + "/agent/tickets").status, 200);
  EXPECT_EQ(tom->get(p + "/auth/me").json().at("user").at("role"), "agent");

  // A role users hold is not deleted; once nobody holds it, it is.
  EXPECT_EQ(admin->request("DELETE", p + "/admin/roles/" + id, "").status, 409);
}

TEST_F(PermissionsTest, SeveralRolesGiveTheUnionOfTheirPermissions) {
  ASSERT_EQ(make_role("tag_keeper", {"tag.manage"}).status, 201);
  server.add_user("Lena", "lena@example.com", "light_agent,tag_keeper");
  auto lena = server.signed_in("lena@example.com");
  std::string id = new_ticket(*alice);
  EXPECT_EQ(lena->get(p + "/agent/tickets/" + id).status, 200);
  EXPECT_EQ(lena->post_json(p + "/admin/tags", json::object{{"name", "vip"}}).status, 201);
  EXPECT_EQ(lena->post_json(p + "/admin/departments", json::object{{"name", "X"}}).status, 403);
}

TEST_F(PermissionsTest, LightAgentsAnswerButChangeNothing) {
  server.add_user("Lee", "lee@example.com", "light_agent");
  auto lee = server.signed_in("lee@example.com");
  std::string id = new_ticket(*alice);
  std::string t = "/agent/tickets/" + id;
  EXPECT_EQ(lee->get(p + t).status, 200);
  EXPECT_EQ(lee->post_json(p + t + "/reply", json::object{{"body", "Looking"}}).status, 201);
  EXPECT_EQ(lee->post_json(p + t + "/note", json::object{{"body", "Hmm"}}).status, 201);
  for (const auto& [path, body] :
       {std::pair{t + "/status", json::object{{"status", "in_progress"}}},
        std::pair{t + "/priority", json::object{{"priority", "high"}}},
        std::pair{t + "/assign", json::object{{"agent_id", agent_id}}},
        std::pair{t + "/tags", json::object{{"add", json::array{"x"}}}},
        std::pair{"/admin/tickets/" + id + "/snooze",
                  json::object{{"until", "2030-01-01T00:00:00Z"}}}}) {
    EXPECT_EQ(lee->post_json(p + path, body).status, 403) << path;
  }
  // An agent may; closing needs ticket.close as well as ticket.edit.
  EXPECT_EQ(agent->post_json(p + t + "/status", json::object{{"status", "resolved"}}).status, 200);
}

// Issue 13, item 7: a dry run listed tickets outside the caller's departments.
TEST_F(PermissionsTest, DryRunsListOnlyTicketsTheCallerMaySee) {
  ASSERT_EQ(
      make_role("rule_keeper", {"ticket.view", "automation.manage", "escalation.manage"}).status,
      201);
  std::int64_t sales = department("Sales"), billing = department("Billing");
  auto [rex_id, rex] = staff_in("Rex", "rex@example.com", "rule_keeper", sales);
  std::string in_sales = new_ticket(*alice, "Quote"), in_billing = new_ticket(*alice, "Invoice");
  std::string nowhere = new_ticket(*alice, "Other");
  for (const auto& [id, dep] : {std::pair{in_sales, sales}, std::pair{in_billing, billing}}) {
    HttpResult r = agent->post_json(p + "/agent/tickets/" + id + "/department",
                                    json::object{{"department_id", dep}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  json::object every_ticket{
      {"conditions",
       json::object{{"all", json::array{json::object{
                                {"field", "priority"}, {"operator", "is"}, {"value", "medium"}}}}}},
      {"actions", json::array{json::object{{"type", "add_tag"}, {"value", "seen"}}}}};
  for (const char* kind : {"/admin/automations", "/admin/escalation-rules"}) {
    json::object body = every_ticket;
    body["name"] = "Everything";
    HttpResult made = admin->post_json(p + kind, body);
    ASSERT_EQ(made.status, 201) << made.body;
    std::string path =
        p + kind + "/" + std::to_string(made.json().at("id").as_int64()) + "/dry-run";
    auto listed = [&](HttpClient& as) {
      HttpResult r = as.post(path, "{}");
      EXPECT_EQ(r.status, 200) << r.body;
      std::set<std::string> ids;
      const json::value page = r.json();
      for (const auto& t : page.at("data").as_array())
        ids.insert(std::to_string(t.at("id").as_int64()));
      return ids;
    };
    EXPECT_EQ(listed(*rex), std::set<std::string>{in_sales}) << kind;
    EXPECT_EQ(listed(*admin), (std::set<std::string>{in_sales, in_billing, nowhere})) << kind;
  }
}

TEST_F(PermissionsTest, AgentsWithoutViewAllSeeTheirDepartmentsAndTheirAssignments) {
  const json::array scoped{"ticket.view",  "ticket.edit",  "ticket.assign",
                           "reply.create", "ticket.close", "reply.create_internal"};
  ASSERT_EQ(make_role("tier1", scoped).status, 201);
  std::int64_t sales = department("Sales"), billing = department("Billing");
  auto [tia_id, tia] = staff_in("Tia", "tia@example.com", "tier1", sales);

  std::string in_sales = new_ticket(*alice, "Quote"), in_billing = new_ticket(*alice, "Invoice");
  std::string assigned = new_ticket(*alice, "Refund"), nowhere = new_ticket(*alice, "Other");
  auto set_department = [&](const std::string& id, std::int64_t dep) {
    HttpResult r = agent->post_json(p + "/agent/tickets/" + id + "/department",
                                    json::object{{"department_id", dep}});
    ASSERT_EQ(r.status, 200) << r.body;
  };
  set_department(in_sales, sales);
  set_department(in_billing, billing);
  set_department(assigned, billing);
  ASSERT_EQ(agent
                ->post_json(p + "/agent/tickets/" + assigned + "/assign",
                            json::object{{"agent_id", tia_id}})
                .status,
            200);

  EXPECT_EQ(queue_ids(*tia), (std::set<std::string>{in_sales, assigned}));
  EXPECT_EQ(queue_ids(*agent).size(), 4u);  // ticket.view_all sees every one
  EXPECT_EQ(tia->get(p + "/agent/tickets/" + in_sales).status, 200);
  EXPECT_EQ(tia->get(p + "/agent/tickets/" + assigned).status, 200);
  for (const std::string& hidden : {in_billing, nowhere}) {
    std::string t = "/agent/tickets/" + hidden;
    EXPECT_EQ(tia->get(p + t).status, 404) << hidden;
    EXPECT_EQ(tia->post_json(p + t + "/reply", json::object{{"body", "x"}}).status, 404);
    EXPECT_EQ(tia->post_json(p + t + "/note", json::object{{"body", "x"}}).status, 404);
    EXPECT_EQ(tia->post_json(p + t + "/priority", json::object{{"priority", "low"}}).status, 404);
  }
  // Her dashboard counts what her queue shows, not the whole helpdesk.
  auto dashboard = [&](HttpClient& who) {
    HttpResult r = who.get(p + "/agent/tickets/dashboard");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  };
  json::object hers = dashboard(*tia), all = dashboard(*agent);
  EXPECT_EQ(hers.at("open").as_int64(), 2);
  EXPECT_EQ(hers.at("unassigned").as_int64(), 1);  // in_sales; `assigned` is hers
  EXPECT_EQ(hers.at("mine").as_int64(), 1);
  EXPECT_EQ(all.at("open").as_int64(), 4);
  EXPECT_EQ(all.at("unassigned").as_int64(), 3);

  // Moving the ticket out of her department takes it out of her sight.
  set_department(in_sales, billing);
  EXPECT_EQ(tia->get(p + "/agent/tickets/" + in_sales).status, 404);
  EXPECT_EQ(dashboard(*tia).at("open").as_int64(), 1);
}

TEST_F(PermissionsTest, NoOneGrantsMoreThanTheyHold) {
  // A user manager without role.manage cannot make anyone an admin or an
  // agent, nor mint a role beyond their own permissions. (kb.view: what the
  // customer Alice holds, without which hal could not change her at all.)
  ASSERT_EQ(make_role("hr", {"user.view", "user.manage", "role.manage", "kb.view"}).status, 201);
  server.add_user("Hal", "hal@example.com", "hr");
  auto hal = server.signed_in("hal@example.com");
  std::string me = "/admin/users/";
  const json::value list = hal->get(p + "/admin/users?q=hal").json();
  me += std::to_string(list.at("data").as_array()[0].at("id").as_int64());
  HttpResult up = patch(*hal, me, {{"roles", json::array{"admin"}}});
  EXPECT_EQ(up.status, 403) << up.body;
  EXPECT_EQ(
      patch(*hal, "/admin/users/" + std::to_string(alice_id), {{"roles", json::array{"agent"}}})
          .status,
      403);
  EXPECT_EQ(make_role("sneaky", {"settings.manage"}, hal.get()).status, 403);
  EXPECT_EQ(make_role("clerk", {"user.view"}, hal.get()).status, 201);
  EXPECT_EQ(
      patch(*hal, "/admin/users/" + std::to_string(alice_id), {{"roles", json::array{"clerk"}}})
          .status,
      200);
}

TEST_F(PermissionsTest, AnotherCustomersTicketRepliesAndAttachmentsAre404) {
  HttpResult made =
      alice->post_multipart(p + "/tickets", {{"subject", "Private"}, {"description", "Mine"}},
                            {FilePart{"passport.pdf", "application/pdf", "%PDF-1.4 secret"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const json::value ticket = made.json();
  std::string id = std::to_string(ticket.at("id").as_int64());
  std::string file = std::string(ticket.at("attachments").as_array()[0].at("url").as_string());
  HttpResult reply = alice->post_multipart(p + "/tickets/" + id + "/reply", {{"body", "More"}},
                                           {FilePart{"bill.txt", "text/plain", "private"}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  std::string reply_file =
      std::string(reply.json().at("attachments").as_array()[0].at("url").as_string());
  HttpResult note =
      agent->post_multipart(p + "/agent/tickets/" + id + "/note", {{"body", "Internal"}},
                            {FilePart{"notes.txt", "text/plain", "staff only"}});
  ASSERT_EQ(note.status, 201) << note.body;
  std::string note_file =
      std::string(note.json().at("attachments").as_array()[0].at("url").as_string());

  // Mallory, another customer: every object of Alice's ticket is 404.
  EXPECT_EQ(mallory->get(p + "/tickets/" + id).status, 404);
  EXPECT_EQ(
      mallory->post_json(p + "/tickets/" + id + "/reply", json::object{{"body", "hi"}}).status,
      404);
  EXPECT_EQ(mallory->post(p + "/tickets/" + id + "/close", "{}").status, 404);
  EXPECT_EQ(mallory->post(p + "/tickets/" + id + "/reopen", "{}").status, 404);
  for (const std::string& url : {file, reply_file, note_file})
    EXPECT_EQ(mallory->get(url).status, 404) << url;
  EXPECT_TRUE(mallory->get(p + "/tickets").json().at("data").as_array().empty());
  // ... and the staff routes are closed to her outright.
  EXPECT_EQ(mallory->get(p + "/agent/tickets/" + id).status, 403);
  // Alice herself gets her files, but not the note's.
  EXPECT_EQ(alice->get(file).status, 200);
  EXPECT_EQ(alice->get(reply_file).status, 200);
  EXPECT_EQ(alice->get(note_file).status, 404);
  // The note's file exists (staff get it), so her 404 above hid it, not a
  // wrong id.
  EXPECT_EQ(agent->get(note_file).status, 200);
}

}  // namespace
}  // namespace escalated::testing
