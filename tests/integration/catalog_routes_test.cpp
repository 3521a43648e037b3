// The admin catalogue's routes that other tests reach only through their
// siblings: PUT (the same partial update as PATCH) on automations, business
// hours, departments, escalation rules, roles, SLA policies and webhooks;
// reading one business-hours calendar, SLA policy or tag; listing escalation
// rules and SLA policies; deleting escalation rules and webhooks; and the
// escalation rule's dry run. Each is shown doing its job, and refusing an
// unknown id (404), a bad field (422, naming it) and a caller without the
// permission (403), changing nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;
using Fields = std::set<std::string>;

json::object cond(const char* field, const char* op, json::value value) {
  return {{"field", field}, {"operator", op}, {"value", std::move(value)}};
}
json::object act(const char* type, json::value value = nullptr) {
  return {{"type", type}, {"value", std::move(value)}};
}

json::object office_hours(const std::string& name) {
  json::array day{json::object{{"start", "09:00"}, {"end", "17:00"}}};
  return {{"name", name},
          {"timezone", "Europe/Berlin"},
          {"schedule", json::object{{"monday", day}, {"friday", day}}}};
}

class CatalogRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Root", "root@example.com", "admin");
    server.add_user("Ada", "ada@example.com", "agent");
    server.add_user("Cus", "cus@example.com", "customer");
    admin = server.signed_in("root@example.com");
    agent = server.signed_in("ada@example.com");
    customer = server.signed_in("cus@example.com");
  }
  // POST `body` to `path` as the admin; the new object.
  json::object create(const std::string& path, const json::object& body) {
    HttpResult r = admin->post_json(p + path, body);
    EXPECT_EQ(r.status, 201) << path << ": " << r.body;
    return r.json().as_object();
  }
  static std::string id_of(const json::object& o) { return std::to_string(o.at("id").as_int64()); }
  HttpResult send(HttpClient& as, const std::string& method, const std::string& path,
                  const json::object& body) {
    return as.request(method, p + path, json::serialize(body));
  }
  json::object read(const std::string& path) {
    HttpResult r = admin->get(p + path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.json().as_object();
  }
  // The names in a {"data": [...]} list, in order.
  static std::vector<std::string> names(const HttpResult& r) {
    std::vector<std::string> out;
    const json::value body = r.json();
    for (const auto& item : body.at("data").as_array())
      out.emplace_back(item.at("name").as_string());
    return out;
  }

  TestServer server{[](Options& o) { o.webhooks.allowed_hosts = {"127.0.0.1"}; }};
  Build make{server};
  const std::string p = server.prefix();
  std::unique_ptr<HttpClient> admin, agent, customer;
};

TEST_F(CatalogRoutesTest, PutOnAnAutomationIsAPartialUpdate) {
  json::object rule =
      create("/admin/automations",
             {{"name", "Tag VIPs"},
              {"conditions", json::object{{"all", json::array{cond("priority", "is", "high")}}}},
              {"actions", json::array{act("add_tag", "vip")}}});
  const std::string path = "/admin/automations/" + id_of(rule);
  HttpResult r = send(*admin, "PUT", path, {{"name", "Tag the VIPs"}, {"position", 3}});
  ASSERT_EQ(r.status, 200) << r.body;
  json::object after = r.json().as_object();
  EXPECT_EQ(after.at("name"), "Tag the VIPs");
  EXPECT_EQ(after.at("position"), 3);
  EXPECT_EQ(after.at("actions"), rule.at("actions")) << "fields left out keep their values";
  EXPECT_EQ(after.at("conditions"), rule.at("conditions"));
  EXPECT_EQ(read(path), after);

  // A type an automation does not take, an unknown id, an agent: nothing changes.
  EXPECT_EQ(error_fields(send(*admin, "PUT", path, {{"actions", json::array{act("escalate")}}})),
            Fields{"actions[0].type"});
  EXPECT_EQ(send(*admin, "PUT", "/admin/automations/999", {{"name", "x"}}).status, 404);
  EXPECT_EQ(send(*agent, "PUT", path, {{"name", "Agent's"}}).status, 403);
  EXPECT_EQ(read(path), after);
}

TEST_F(CatalogRoutesTest, OneBusinessHoursCalendarAndPutOnIt) {
  json::object hours = create("/admin/business-hours", office_hours("Berlin office"));
  const std::string path = "/admin/business-hours/" + id_of(hours);
  HttpResult got = agent->get(p + path);
  ASSERT_EQ(got.status, 200) << "agents read calendars: " << got.body;
  EXPECT_EQ(got.json(), json::value(hours));
  EXPECT_EQ(got.json().at("schedule").at("monday").at(0).at("start"), "09:00");
  EXPECT_EQ(admin->get(p + "/admin/business-hours/999").status, 404);
  EXPECT_EQ(customer->get(p + path).status, 403);

  HttpResult put = send(*admin, "PUT", path, {{"timezone", "America/New_York"}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().at("timezone"), "America/New_York");
  EXPECT_EQ(put.json().at("name"), "Berlin office") << "a partial update";
  EXPECT_EQ(put.json().at("schedule"), hours.at("schedule"));

  EXPECT_EQ(error_fields(send(*admin, "PUT", path, {{"timezone", "Mars/Olympus"}})),
            Fields{"timezone"});
  EXPECT_EQ(send(*admin, "PUT", "/admin/business-hours/999", {{"name", "x"}}).status, 404);
  EXPECT_EQ(send(*agent, "PUT", path, {{"name", "Agent's"}}).status, 403);
  EXPECT_EQ(read(path).at("timezone"), "America/New_York");
}

TEST_F(CatalogRoutesTest, PutOnADepartment) {
  const std::string id = std::to_string(make.department(*admin, "Billing"));
  const std::string path = "/admin/departments/" + id;
  HttpResult put = send(*admin, "PUT", path, {{"description", "Invoices"}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().at("description"), "Invoices");
  EXPECT_EQ(put.json().at("name"), "Billing");
  EXPECT_TRUE(put.json().at("active").as_bool());

  make.department(*admin, "Sales");
  EXPECT_EQ(error_fields(send(*admin, "PUT", path, {{"name", "Sales"}})), Fields{"name"})
      << "names are unique";
  EXPECT_EQ(error_fields(send(*admin, "PUT", path, {{"name", ""}})), Fields{"name"});
  EXPECT_EQ(send(*admin, "PUT", "/admin/departments/999", {{"name", "x"}}).status, 404);
  EXPECT_EQ(send(*agent, "PUT", path, {{"name", "Agent's"}}).status, 403);
  EXPECT_EQ(read(path).at("name"), "Billing");
}

TEST_F(CatalogRoutesTest, EscalationRulesListChangeAndDelete) {
  json::object later = create("/admin/escalation-rules",
                              {{"name", "Later"},
                               {"position", 5},
                               {"actions", json::array{act("change_priority", "urgent")}}});
  json::object first =
      create("/admin/escalation-rules", {{"name", "First"},
                                         {"position", 1},
                                         {"active", false},
                                         {"actions", json::array{act("escalate")}}});
  HttpResult list = agent->get(p + "/admin/escalation-rules");
  ASSERT_EQ(list.status, 200) << "agents may look: " << list.body;
  EXPECT_EQ(names(list), (std::vector<std::string>{"First", "Later"})) << "by position";
  EXPECT_EQ(customer->get(p + "/admin/escalation-rules").status, 403);

  const std::string path = "/admin/escalation-rules/" + id_of(later);
  HttpResult patched = send(*admin, "PATCH", path, {{"active", false}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_FALSE(patched.json().at("active").as_bool());
  EXPECT_EQ(patched.json().at("actions"), later.at("actions"));
  HttpResult put = send(*admin, "PUT", path, {{"position", 0}, {"description", "Soonest"}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().at("description"), "Soonest");
  EXPECT_FALSE(put.json().at("active").as_bool()) << "PUT leaves out `active`, which stays";
  EXPECT_EQ(names(admin->get(p + "/admin/escalation-rules")),
            (std::vector<std::string>{"Later", "First"}));

  for (const char* method : {"PATCH", "PUT"}) {
    EXPECT_EQ(error_fields(send(*admin, method, path, {{"name", "First"}})), Fields{"name"})
        << method << ": names are unique among escalation rules";
    EXPECT_EQ(error_fields(send(*admin, method, path, {{"actions", json::array{act("assign")}}})),
              Fields{"actions[0].type"})
        << method << ": `assign` is an automation's action";
    EXPECT_EQ(send(*admin, method, "/admin/escalation-rules/999", {{"name", "x"}}).status, 404);
    EXPECT_EQ(send(*agent, method, path, {{"name", "Agent's"}}).status, 403);
  }
  EXPECT_EQ(read(path), put.json().as_object());

  EXPECT_EQ(agent->request("DELETE", p + path, "").status, 403);
  EXPECT_EQ(admin->request("DELETE", p + path, "").status, 204);
  EXPECT_EQ(admin->get(p + path).status, 404);
  EXPECT_EQ(admin->request("DELETE", p + path, "").status, 404);
  EXPECT_EQ(names(admin->get(p + "/admin/escalation-rules")), std::vector<std::string>{"First"});
  EXPECT_EQ(id_of(read("/admin/escalation-rules/" + id_of(first))), id_of(first));
}

TEST_F(CatalogRoutesTest, DryRunShowsTheMatchingTicketsAndChangesNothing) {
  const std::int64_t urgent = make.ticket(*customer, "Server down", {{"priority", "urgent"}});
  make.ticket(*customer, "Printer", {{"priority", "low"}});
  const std::int64_t critical = make.ticket(*customer, "Fire", {{"priority", "critical"}});
  // Inactive, so saving it acts on no ticket; the dry run ignores `active`.
  json::object rule =
      create("/admin/escalation-rules",
             {{"name", "Hot"},
              {"active", false},
              {"conditions", json::object{{"all", json::array{cond("priority", "gte", "urgent")}}}},
              {"actions", json::array{act("escalate")}}});
  const std::string path = "/admin/escalation-rules/" + id_of(rule) + "/dry-run";
  HttpResult r = admin->post(p + path, "");
  ASSERT_EQ(r.status, 200) << r.body;
  std::vector<std::int64_t> ids;
  const json::value matched = r.json();
  for (const auto& t : matched.at("data").as_array()) {
    ids.push_back(t.at("id").as_int64());
    EXPECT_EQ(t.at("status"), "open") << "no action ran";
  }
  EXPECT_EQ(ids, (std::vector<std::int64_t>{urgent, critical})) << "oldest first";
  HttpResult detail = agent->get(p + "/agent/tickets/" + std::to_string(urgent));
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.json().at("status"), "open");
  EXPECT_EQ(detail.json().at("activities").as_array().size(), 1u) << "nothing recorded";

  EXPECT_EQ(admin->post(p + "/admin/escalation-rules/999/dry-run", "").status, 404);
  EXPECT_EQ(agent->post(p + path, "").status, 403);
}

TEST_F(CatalogRoutesTest, PutOnACustomRole) {
  HttpResult made = admin->post_json(p + "/admin/roles",
                                     json::object{{"name", "Tag keeper"},
                                                  {"slug", "tag_keeper"},
                                                  {"permissions", json::array{"tag.manage"}}});
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string path = "/admin/roles/" + id_of(made.json().as_object());
  HttpResult put =
      send(*admin, "PUT", path, {{"permissions", json::array{"tag.manage", "kb.view"}}});
  ASSERT_EQ(put.status, 200) << put.body;
  std::set<std::string> granted;
  const json::value role = put.json();
  for (const auto& slug : role.at("permissions").as_array()) granted.emplace(slug.as_string());
  EXPECT_EQ(granted, (Fields{"kb.view", "tag.manage"}));
  EXPECT_EQ(put.json().at("name"), "Tag keeper");
  EXPECT_FALSE(put.json().at("system").as_bool());

  EXPECT_EQ(error_fields(send(*admin, "PUT", path, {{"permissions", json::array{"tag.nope"}}})),
            Fields{"permissions[0]"});
  EXPECT_EQ(send(*admin, "PUT", "/admin/roles/999", {{"name", "x"}}).status, 404);
  EXPECT_EQ(send(*agent, "PUT", path, {{"name", "Agent's"}}).status, 403);
  // System roles are fixed.
  std::string agent_role;
  const json::value roles = admin->get(p + "/admin/roles").json();
  for (const auto& role : roles.at("data").as_array())
    if (role.at("slug") == "agent") agent_role = id_of(role.as_object());
  ASSERT_FALSE(agent_role.empty());
  EXPECT_EQ(send(*admin, "PUT", "/admin/roles/" + agent_role, {{"name", "Boss"}}).status, 409);
  EXPECT_EQ(read(path).at("permissions"), put.json().at("permissions"));
}

TEST_F(CatalogRoutesTest, SlaPoliciesListOneAndPut) {
  json::object standard =
      create("/admin/sla-policies", {{"name", "Standard"},
                                     {"is_default", true},
                                     {"first_response_minutes", json::object{{"low", 60}}}});
  json::object vip = create("/admin/sla-policies",
                            {{"name", "VIP"},
                             {"position", 1},
                             {"match", json::object{{"priorities", json::array{"urgent"}}}}});
  HttpResult list = agent->get(p + "/admin/sla-policies");
  ASSERT_EQ(list.status, 200) << "agents may look: " << list.body;
  std::vector<std::string> listed = names(list);
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(listed, (std::vector<std::string>{"Standard", "VIP"}));
  EXPECT_EQ(customer->get(p + "/admin/sla-policies").status, 403);

  const std::string path = "/admin/sla-policies/" + id_of(vip);
  HttpResult one = agent->get(p + path);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json(), json::value(vip));
  EXPECT_EQ(one.json().at("match").at("priorities"), json::array{"urgent"});
  EXPECT_EQ(admin->get(p + "/admin/sla-policies/999").status, 404);
  EXPECT_EQ(customer->get(p + path).status, 403);

  HttpResult put =
      send(*admin, "PUT", path, {{"resolution_minutes", json::object{{"urgent", 120}}}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().at("resolution_minutes"), (json::object{{"urgent", 120}}));
  EXPECT_EQ(put.json().at("match"), vip.at("match")) << "a partial update";
  EXPECT_EQ(put.json().at("name"), "VIP");

  EXPECT_EQ(error_fields(send(*admin, "PUT", path, {{"name", "Standard"}})), Fields{"name"});
  EXPECT_EQ(error_fields(send(*admin, "PUT", path, {{"business_hours_id", 999}})),
            Fields{"business_hours_id"});
  EXPECT_EQ(send(*admin, "PUT", "/admin/sla-policies/999", {{"name", "x"}}).status, 404);
  EXPECT_EQ(send(*agent, "PUT", path, {{"name", "Agent's"}}).status, 403);
  EXPECT_EQ(read(path), put.json().as_object());
  EXPECT_TRUE(read("/admin/sla-policies/" + id_of(standard)).at("is_default").as_bool());
}

TEST_F(CatalogRoutesTest, OneTagAndPatchOnIt) {
  const std::string path = "/admin/tags/" + std::to_string(make.tag(*admin, "vip"));
  HttpResult got = agent->get(p + path);
  ASSERT_EQ(got.status, 200) << "agents read tags: " << got.body;
  EXPECT_EQ(got.json().at("name"), "vip");
  EXPECT_EQ(admin->get(p + "/admin/tags/999").status, 404);
  EXPECT_EQ(customer->get(p + path).status, 403);

  HttpResult patched = send(*admin, "PATCH", path, {{"color", "#112233"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json().at("color"), "#112233");
  EXPECT_EQ(patched.json().at("name"), "vip");
  EXPECT_EQ(error_fields(send(*admin, "PATCH", path, {{"color", "red"}})), Fields{"color"});
  make.tag(*admin, "billing");
  EXPECT_EQ(error_fields(send(*admin, "PATCH", path, {{"name", "billing"}})), Fields{"name"});
  EXPECT_EQ(send(*admin, "PATCH", "/admin/tags/999", {{"name", "x"}}).status, 404);
  EXPECT_EQ(send(*agent, "PATCH", path, {{"name", "Agent's"}}).status, 403);
  EXPECT_EQ(admin->get(p + path).json(), patched.json());
}

TEST_F(CatalogRoutesTest, WebhooksPutAndDelete) {
  json::object hook = create("/admin/webhooks", {{"url", "http://127.0.0.1:9/hook"},
                                                 {"events", json::array{"ticket.created"}},
                                                 {"description", "CRM"}});
  const std::string path = "/admin/webhooks/" + id_of(hook);
  HttpResult put =
      send(*admin, "PUT", path, {{"events", json::array{"ticket.created", "ticket.closed"}}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().at("events"), (json::array{"ticket.created", "ticket.closed"}));
  EXPECT_EQ(put.json().at("description"), "CRM") << "a partial update";
  EXPECT_FALSE(put.json().as_object().contains("secret")) << "shown only when set";
  EXPECT_EQ(error_fields(send(*admin, "PUT", path, {{"events", json::array{"ticket.exploded"}}})),
            Fields{"events[0]"});
  EXPECT_EQ(send(*admin, "PUT", "/admin/webhooks/999", {{"active", false}}).status, 404);
  EXPECT_EQ(send(*agent, "PUT", path, {{"active", false}}).status, 403);
  EXPECT_EQ(read(path).at("events"), put.json().at("events"));

  EXPECT_EQ(agent->request("DELETE", p + path, "").status, 403);
  EXPECT_EQ(admin->request("DELETE", p + path, "").status, 204);
  EXPECT_EQ(admin->get(p + path).status, 404);
  EXPECT_EQ(admin->request("DELETE", p + path, "").status, 404);
  EXPECT_TRUE(admin->get(p + "/admin/webhooks").json().at("data").as_array().empty());
}

// The refusals of catalogue operations other tests only see succeed: an
// unknown id is 404, a bad field 422 naming it, a caller without the
// permission 403, and none of them changes anything.
TEST_F(CatalogRoutesTest, AutomationsRefuseUnknownIdsBadFieldsAndCallersWithoutThePermission) {
  json::object rule = create("/admin/automations",
                             {{"name", "Tidy"}, {"actions", json::array{act("add_tag", "tidy")}}});
  const std::string path = "/admin/automations/" + id_of(rule);
  EXPECT_EQ(customer->get(p + "/admin/automations").status, 403);
  EXPECT_EQ(server.client()->get(p + "/admin/automations").status, 401);
  EXPECT_EQ(error_fields(send(*admin, "PATCH", path, {{"name", ""}, {"position", -1}})),
            (Fields{"name", "position"}));
  EXPECT_EQ(send(*admin, "PATCH", "/admin/automations/999", {{"name", "x"}}).status, 404);
  EXPECT_EQ(send(*agent, "PATCH", path, {{"name", "Agent's"}}).status, 403);
  EXPECT_EQ(agent->request("DELETE", p + path, "").status, 403);
  EXPECT_EQ(admin->request("DELETE", p + "/admin/automations/999", "").status, 404);
  EXPECT_EQ(read(path), rule);
}

TEST_F(CatalogRoutesTest, PatchRefusalsOnCalendarsDepartmentsPoliciesAndTags) {
  json::object hours = create("/admin/business-hours", office_hours("Office"));
  const std::string hours_path = "/admin/business-hours/" + id_of(hours);
  EXPECT_EQ(error_fields(send(*admin, "PATCH", hours_path, {{"timezone", "Nowhere/Else"}})),
            Fields{"timezone"});
  EXPECT_EQ(send(*admin, "PATCH", "/admin/business-hours/999", {{"name", "x"}}).status, 404);
  EXPECT_EQ(send(*agent, "PATCH", hours_path, {{"name", "Agent's"}}).status, 403);
  EXPECT_EQ(read(hours_path), hours);

  const std::string department =
      "/admin/departments/" + std::to_string(make.department(*admin, "Billing"));
  EXPECT_EQ(error_fields(send(*admin, "PATCH", department, {{"active", "yes"}})), Fields{"active"});
  EXPECT_EQ(send(*admin, "PATCH", "/admin/departments/999", {{"name", "x"}}).status, 404);
  EXPECT_EQ(send(*agent, "PATCH", department, {{"name", "Agent's"}}).status, 403);
  EXPECT_EQ(read(department).at("active"), true);

  json::object policy = create("/admin/sla-policies", {{"name", "Standard"}});
  const std::string policy_path = "/admin/sla-policies/" + id_of(policy);
  EXPECT_EQ(error_fields(send(*admin, "PATCH", policy_path,
                              {{"resolution_minutes", json::object{{"high", -5}}}})),
            Fields{"resolution_minutes.high"});
  EXPECT_EQ(send(*admin, "PATCH", "/admin/sla-policies/999", {{"name", "x"}}).status, 404);
  EXPECT_EQ(send(*agent, "PATCH", policy_path, {{"name", "Agent's"}}).status, 403);
  EXPECT_EQ(agent->request("DELETE", p + policy_path, "").status, 403);
  EXPECT_EQ(admin->request("DELETE", p + "/admin/sla-policies/999", "").status, 404);
  EXPECT_EQ(read(policy_path), policy);

  const std::string tag = "/admin/tags/" + std::to_string(make.tag(*admin, "vip"));
  EXPECT_EQ(error_fields(send(*admin, "PUT", tag, {{"name", std::string(51, 'x')}})),
            Fields{"name"});
  EXPECT_EQ(send(*admin, "PUT", "/admin/tags/999", {{"name", "x"}}).status, 404);
  EXPECT_EQ(send(*agent, "PUT", tag, {{"name", "Agent's"}}).status, 403);
  EXPECT_EQ(read(tag).at("name"), "vip");
}

TEST_F(CatalogRoutesTest, RolesPermissionsAndTemplatesAreForAdministrators) {
  EXPECT_EQ(agent->get(p + "/admin/permissions").status, 403);
  EXPECT_EQ(server.client()->get(p + "/admin/permissions").status, 401);
  HttpResult made =
      admin->post_json(p + "/admin/roles", json::object{{"name", "Keeper"},
                                                        {"slug", "keeper"},
                                                        {"permissions", json::array{"kb.view"}}});
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string role = "/admin/roles/" + id_of(made.json().as_object());
  EXPECT_EQ(admin->get(p + "/admin/roles/999").status, 404);
  EXPECT_EQ(agent->get(p + role).status, 403);
  EXPECT_EQ(read(role).at("slug"), "keeper");

  HttpResult changed =
      admin->request("PUT", p + "/admin/email-templates/ticket_received",
                     json::serialize(json::object{{"subject", "We have your ticket"},
                                                  {"body_text", "Hi {{requester.name}}"},
                                                  {"body_html", "<p>Hi {{requester.name}}</p>"}}));
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(admin->request("DELETE", p + "/admin/email-templates/nope", "").status, 404);
  EXPECT_EQ(agent->request("DELETE", p + "/admin/email-templates/ticket_received", "").status, 403);
  EXPECT_TRUE(read("/admin/email-templates/ticket_received").at("customized").as_bool())
      << "the refused resets changed nothing";
}

TEST_F(CatalogRoutesTest, WebhookDeliveriesRefuseUnknownIdsAndCallersWithoutThePermission) {
  json::object hook = create("/admin/webhooks", {{"url", "http://127.0.0.1:9/hook"},
                                                 {"events", json::array{"ticket.created"}}});
  const std::string deliveries = "/admin/webhooks/" + id_of(hook) + "/deliveries";
  EXPECT_TRUE(read(deliveries).at("data").as_array().empty());
  EXPECT_EQ(admin->get(p + "/admin/webhooks/999/deliveries").status, 404);
  EXPECT_EQ(agent->get(p + deliveries).status, 403);
  EXPECT_EQ(admin->post(p + deliveries + "/999/retry", "").status, 404);
  EXPECT_EQ(agent->post(p + deliveries + "/999/retry", "").status, 403);
}

TEST_F(CatalogRoutesTest, AnUnusedCalendarAndACustomRoleCanBeDeleted) {
  json::object hours = create("/admin/business-hours", office_hours("Spare"));
  const std::string hours_path = "/admin/business-hours/" + id_of(hours);
  EXPECT_EQ(agent->request("DELETE", p + hours_path, "").status, 403);
  EXPECT_EQ(admin->request("DELETE", p + hours_path, "").status, 204);
  EXPECT_EQ(admin->get(p + hours_path).status, 404);
  EXPECT_EQ(admin->request("DELETE", p + hours_path, "").status, 404);
  EXPECT_TRUE(read("/admin/business-hours").at("data").as_array().empty());

  HttpResult made = admin->post_json(
      p + "/admin/roles",
      json::object{{"name", "Temp"}, {"slug", "temp"}, {"permissions", json::array{"kb.view"}}});
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string role = "/admin/roles/" + id_of(made.json().as_object());
  EXPECT_EQ(agent->request("DELETE", p + role, "").status, 403);
  EXPECT_EQ(admin->request("DELETE", p + role, "").status, 204);
  EXPECT_EQ(admin->get(p + role).status, 404);
  EXPECT_EQ(admin->request("DELETE", p + role, "").status, 404);
  const json::value roles = read("/admin/roles");
  for (const auto& r : roles.at("data").as_array()) EXPECT_NE(r.at("slug"), "temp");
}

}  // namespace
}  // namespace escalated::testing
