// Time rules through the public API and the test clock: business hours and
// SLA policies (CRUD and validation), due times, pause and resume, recompute
// on priority and policy changes, warnings and breaches that fire once each,
// snooze and auto-close. Jobs run only when POST /_test/run-jobs says so.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <mutex>

#include "support/recording_sink.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

json::object berlin_office_hours() {
  json::array day{json::object{{"start", "09:00"}, {"end", "12:00"}},
                  json::object{{"start", "13:00"}, {"end", "17:00"}}};
  return {{"name", "Berlin office"},
          {"timezone", "Europe/Berlin"},
          {"schedule", json::object{{"monday", day},
                                    {"tuesday", day},
                                    {"wednesday", day},
                                    {"thursday", day},
                                    {"friday", day}}},
          {"holidays", json::array{json::object{
                           {"name", "Christmas"}, {"date", "2026-12-25"}, {"recurring", true}}}}};
}

json::object targets(std::int64_t low, std::int64_t medium, std::int64_t high) {
  return {{"low", low}, {"medium", medium}, {"high", high}};
}

class TimeRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.helpdesk().add_event_sink(sink);
    server.add_user("Admin", "admin@example.com", "admin");
    server.add_user("Cus", "cus@example.com", "customer");
    server.add_user("Ada", "ada@example.com", "agent");
    admin = server.signed_in("admin@example.com");
    customer = server.signed_in("cus@example.com");
    agent = server.signed_in("ada@example.com");
    server.set_clock("2026-03-02T10:00:00Z");  // a Monday
  }

  void sign_in_again() {
    customer = server.signed_in("cus@example.com");
    agent = server.signed_in("ada@example.com");
  }
  void advance_minutes(double minutes) { server.advance_clock(minutes * 60); }
  std::int64_t create_policy(json::object body) {
    HttpResult r = admin->post_json(p + "/admin/sla-policies", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  // A default 24/7 policy: first response 60/30/15 min and resolution
  // 480/240/120 min for low/medium/high.
  std::int64_t default_policy() {
    return create_policy({{"name", "Standard"},
                          {"first_response_minutes", targets(60, 30, 15)},
                          {"resolution_minutes", targets(480, 240, 120)},
                          {"is_default", true}});
  }
  std::string create_ticket(const std::string& priority = "low") {
    HttpResult r = customer->post_json(
        p + "/tickets",
        json::object{{"subject", "Printer"}, {"description", "on fire"}, {"priority", priority}});
    EXPECT_EQ(r.status, 201) << r.body;
    return std::to_string(r.json().at("id").as_int64());
  }
  json::object ticket(const std::string& id) {
    HttpResult r = agent->get(p + "/agent/tickets/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  json::object sla(const std::string& id) { return ticket(id).at("sla").as_object(); }
  std::vector<std::string> activity_types(const std::string& id) {
    std::vector<std::string> out;
    json::object t = ticket(id);
    for (const auto& a : t.at("activities").as_array()) out.emplace_back(a.at("type").as_string());
    return out;
  }
  long agent_post(const std::string& path, json::object body) {
    HttpResult r = agent->post_json(p + path, body);
    EXPECT_LT(r.status, 300) << path << ": " << r.body;
    return r.status;
  }

  TestServer server;
  std::string p = server.prefix();
  std::shared_ptr<RecordingSink> sink = std::make_shared<RecordingSink>();
  std::unique_ptr<HttpClient> admin, customer, agent;
};

int count_of(const std::vector<std::string>& list, const std::string& item) {
  return static_cast<int>(std::count(list.begin(), list.end(), item));
}

TEST_F(TimeRulesTest, BusinessHoursCrudAndValidation) {
  HttpResult created = admin->post_json(p + "/admin/business-hours", berlin_office_hours());
  ASSERT_EQ(created.status, 201) << created.body;
  json::object hours = created.json().as_object();
  EXPECT_EQ(hours.at("timezone"), "Europe/Berlin");
  EXPECT_EQ(hours.at("schedule").at("monday").as_array().size(), 2u);
  EXPECT_EQ(hours.at("holidays").at(0).at("recurring"), true);
  std::string id = std::to_string(hours.at("id").as_int64());

  // Every mistake at once, each under its own path.
  json::object bad = berlin_office_hours();
  bad["name"] = "Other";
  bad["timezone"] = "Mars/Olympus";
  bad["schedule"].as_object()["monday"] =
      json::array{json::object{{"start", "17:00"}, {"end", "09:00"}}};
  bad["schedule"].as_object()["funday"] = json::array{};
  HttpResult refused = admin->post_json(p + "/admin/business-hours", bad);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_TRUE(refused.json().at("errors").as_object().contains("schedule.funday")) << refused.body;
  bad["schedule"].as_object().erase("funday");
  refused = admin->post_json(p + "/admin/business-hours", bad);
  EXPECT_EQ(refused.status, 422);
  auto errors = refused.json().at("errors").as_object();
  EXPECT_TRUE(errors.contains("timezone")) << refused.body;
  EXPECT_TRUE(errors.contains("schedule.monday[0]") || errors.contains("schedule.monday[0].end"))
      << refused.body;

  // Agents read, only admins write.
  EXPECT_EQ(agent->get(p + "/admin/business-hours").status, 200);
  EXPECT_EQ(agent->post_json(p + "/admin/business-hours", berlin_office_hours()).status, 403);
  EXPECT_EQ(customer->get(p + "/admin/business-hours").status, 403);

  HttpResult patched = admin->request("PATCH", p + "/admin/business-hours/" + id,
                                      json::serialize(json::object{{"name", "Berlin HQ"}}));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json().at("name"), "Berlin HQ");
  EXPECT_EQ(patched.json().at("schedule").at("friday").as_array().size(), 2u);

  // In use by a policy: cannot be deleted.
  create_policy({{"name", "Office"},
                 {"first_response_minutes", targets(60, 60, 60)},
                 {"business_hours_id", hours.at("id")}});
  EXPECT_EQ(admin->request("DELETE", p + "/admin/business-hours/" + id, "").status, 409);
}

TEST_F(TimeRulesTest, PolicyValidationNamesThePart) {
  HttpResult r = admin->post_json(
      p + "/admin/sla-policies",
      json::object{{"name", ""},
                   {"first_response_minutes", json::object{{"soon", 5}, {"high", -1}}},
                   {"business_hours_id", 999},
                   {"match", json::object{{"priorities", json::array{"asap"}}}}});
  ASSERT_EQ(r.status, 422) << r.body;
  auto errors = r.json().at("errors").as_object();
  for (const char* field : {"name", "first_response_minutes.soon", "first_response_minutes.high",
                            "match.priorities[0]"})
    EXPECT_TRUE(errors.contains(field)) << field << " in " << r.body;
  r = admin->post_json(p + "/admin/sla-policies",
                       json::object{{"name", "X"}, {"business_hours_id", 999}});
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(r.json().at("errors").as_object().contains("business_hours_id")) << r.body;
}

TEST_F(TimeRulesTest, DueTimesAroundTheClockFromCreation) {
  std::int64_t policy = default_policy();
  std::string id = create_ticket("high");
  json::object s = sla(id);
  EXPECT_EQ(s.at("policy_id").as_int64(), policy);
  EXPECT_EQ(s.at("first_response_due_at"), "2026-03-02T10:15:00Z");
  EXPECT_EQ(s.at("resolution_due_at"), "2026-03-02T12:00:00Z");
  EXPECT_EQ(s.at("first_response_breached"), false);
  EXPECT_EQ(s.at("paused"), false);
  // The queue shows the same clock.
  HttpResult queue = agent->get(p + "/agent/tickets");
  EXPECT_EQ(queue.json().at("data").at(0).at("sla").at("resolution_due_at"),
            "2026-03-02T12:00:00Z");
}

TEST_F(TimeRulesTest, DueTimesInBusinessHoursSkipNightsWeekendsAndHolidays) {
  HttpResult hours = admin->post_json(p + "/admin/business-hours", berlin_office_hours());
  ASSERT_EQ(hours.status, 201);
  create_policy({{"name", "Office"},
                 {"first_response_minutes", targets(120, 60, 60)},
                 {"resolution_minutes", targets(960, 480, 480)},
                 {"business_hours_id", hours.json().at("id")},
                 {"is_default", true}});
  // Friday 16:30 Berlin (CET, UTC+1): 30 minutes on Friday, the rest on Monday.
  server.set_clock("2026-03-06T15:30:00Z");
  std::string id = create_ticket("high");
  json::object s = sla(id);
  EXPECT_EQ(s.at("first_response_due_at"), "2026-03-09T08:30:00Z");  // Mon 09:30 CET
  // 480 min: 30 Friday, then Monday 09-12 (180) and 13-17 (240) = 450, then
  // 30 on Tuesday: 09:30 CET.
  EXPECT_EQ(s.at("resolution_due_at"), "2026-03-10T08:30:00Z");

  // Christmas Eve (Thursday) 16:00 CET: one hour left that day; Christmas
  // (a recurring holiday) and the weekend are closed, so the low target of
  // 120 minutes ends on Monday 28th at 10:00 CET.
  server.set_clock("2026-12-24T15:00:00Z");
  sign_in_again();  // months later: the sessions have expired
  id = create_ticket("low");
  EXPECT_EQ(sla(id).at("first_response_due_at"), "2026-12-28T09:00:00Z");

  // Across the spring-forward night (29 March 2026, CEST from then):
  // Friday 27th 16:00 CET + 120 minutes = Monday 30th 10:00 CEST = 08:00Z.
  server.set_clock("2026-03-27T15:00:00Z");
  id = create_ticket("low");
  EXPECT_EQ(sla(id).at("first_response_due_at"), "2026-03-30T08:00:00Z");
}

TEST_F(TimeRulesTest, WarningAndBreachFireOnceEachAsJobsFindThem) {
  default_policy();
  std::string id = create_ticket("low");  // first response due 11:00, warning from 10:30
  advance_minutes(29);
  server.run_jobs();
  EXPECT_EQ(count_of(activity_types(id), "sla_warning"), 0);
  advance_minutes(1);
  server.run_jobs();
  EXPECT_EQ(count_of(activity_types(id), "sla_warning"), 1);
  ASSERT_EQ(sink->of("sla.warning").size(), 1u);
  EXPECT_EQ(sink->of("sla.warning")[0].at("target"), "first_response");
  EXPECT_EQ(sink->of("sla.warning")[0].at("ticket").at("id").as_int64(), std::stoll(id));
  server.run_jobs();
  EXPECT_EQ(sink->of("sla.warning").size(), 1u);
  // Due at 11:00 exactly is still on time; a millisecond later it is not.
  advance_minutes(30);
  server.run_jobs();
  EXPECT_EQ(sink->of("sla.breached").size(), 0u);
  EXPECT_EQ(sla(id).at("first_response_breached"), false);
  advance_minutes(0.001);
  server.run_jobs();
  ASSERT_EQ(sink->of("sla.breached").size(), 1u);
  EXPECT_EQ(sla(id).at("first_response_breached"), true);
  advance_minutes(60);
  server.run_jobs();
  server.run_jobs();
  EXPECT_EQ(sink->of("sla.breached").size(), 1u);
  EXPECT_EQ(count_of(activity_types(id), "sla_breached"), 1);
}

TEST_F(TimeRulesTest, AJobThatFindsBothDueFiresTheWarningFirst) {
  default_policy();
  std::string id = create_ticket("low");
  advance_minutes(90);
  json::object ran = server.run_jobs();
  EXPECT_GE(ran.at("jobs_run").as_int64(), 1);
  auto types = sink->types();
  auto warning = std::find(types.begin(), types.end(), "sla.warning");
  auto breach = std::find(types.begin(), types.end(), "sla.breached");
  ASSERT_NE(warning, types.end());
  ASSERT_NE(breach, types.end());
  EXPECT_LT(warning, breach);
  EXPECT_EQ(count_of(activity_types(id), "sla_warning"), 1);
  EXPECT_EQ(count_of(activity_types(id), "sla_breached"), 1);
}

TEST_F(TimeRulesTest, PausedStatusStopsTheClockAndResumeMovesTheDueTime) {
  default_policy();
  std::string id = create_ticket("low");  // resolution due 18:00
  advance_minutes(60);
  // The agent's reply answers (first response met) and waits on the customer.
  agent_post("/agent/tickets/" + id + "/reply", {{"body", "Try turning it off"}});
  json::object s = sla(id);
  EXPECT_EQ(ticket(id).at("status"), "waiting_on_customer");
  EXPECT_EQ(s.at("paused"), true);
  EXPECT_TRUE(s.at("resolution_due_at").is_null());
  EXPECT_EQ(s.at("first_response_due_at"), "2026-03-02T11:00:00Z");  // met, fixed
  EXPECT_EQ(s.at("first_response_at"), "2026-03-02T11:00:00Z");
  // Paused past the old due time: nothing breaches.
  advance_minutes(600);
  server.run_jobs();
  EXPECT_EQ(sink->of("sla.breached").size(), 0u);
  // The customer answers after 10 hours: the due time moves by 10 hours.
  ASSERT_EQ(customer->post_json(p + "/tickets/" + id + "/reply", json::object{{"body", "No luck"}})
                .status,
            201);
  s = sla(id);
  EXPECT_EQ(s.at("paused"), false);
  EXPECT_EQ(s.at("resolution_due_at"), "2026-03-03T04:00:00Z");
  EXPECT_EQ(s.at("first_response_breached"), false);
}

TEST_F(TimeRulesTest, PriorityChangeRecomputesFromCreation) {
  default_policy();
  std::string id = create_ticket("low");
  advance_minutes(10);
  agent_post("/agent/tickets/" + id + "/priority", {{"priority", "high"}});
  json::object s = sla(id);
  EXPECT_EQ(s.at("first_response_due_at"), "2026-03-02T10:15:00Z");
  EXPECT_EQ(s.at("resolution_due_at"), "2026-03-02T12:00:00Z");
  // Already past the high warning point (10:00 + 15 - 30 min): the change
  // itself warns, once.
  server.run_jobs();
  EXPECT_EQ(sink->of("sla.warning").size(), 1u);
}

TEST_F(TimeRulesTest, ResolvedTimeIsPausedWhenTheTicketReopens) {
  default_policy();
  std::string id = create_ticket("medium");  // resolution 240 min: due 14:00
  advance_minutes(60);
  agent_post("/agent/tickets/" + id + "/status", {{"status", "resolved"}});
  EXPECT_EQ(sla(id).at("resolution_due_at"), "2026-03-02T14:00:00Z");
  EXPECT_EQ(sla(id).at("resolution_breached"), false);
  advance_minutes(120);
  ASSERT_EQ(
      customer->post_json(p + "/tickets/" + id + "/reply", json::object{{"body", "Again!"}}).status,
      201);
  EXPECT_EQ(ticket(id).at("status"), "reopened");
  EXPECT_EQ(sla(id).at("resolution_due_at"), "2026-03-02T16:00:00Z");
}

TEST_F(TimeRulesTest, MatchingPolicyWinsOverTheDefaultAndPolicyEditsRecompute) {
  default_policy();
  HttpResult vip =
      admin->post_json(p + "/admin/sla-policies",
                       json::object{{"name", "Urgent lane"},
                                    {"first_response_minutes", targets(5, 5, 5)},
                                    {"match", json::object{{"priorities", json::array{"high"}}}},
                                    {"position", 1}});
  ASSERT_EQ(vip.status, 201) << vip.body;
  std::string high = create_ticket("high");
  std::string low = create_ticket("low");
  EXPECT_EQ(sla(high).at("policy_id"), vip.json().at("id"));
  EXPECT_EQ(sla(high).at("first_response_due_at"), "2026-03-02T10:05:00Z");
  EXPECT_TRUE(sla(high).at("resolution_due_at").is_null());  // no target
  EXPECT_EQ(sla(low).at("first_response_due_at"), "2026-03-02T11:00:00Z");

  // Editing the policy recomputes open tickets in the background.
  std::string vip_id = std::to_string(vip.json().at("id").as_int64());
  HttpResult edited =
      admin->request("PATCH", p + "/admin/sla-policies/" + vip_id,
                     json::serialize(json::object{{"first_response_minutes", targets(5, 5, 20)}}));
  ASSERT_EQ(edited.status, 200) << edited.body;
  server.run_jobs();
  EXPECT_EQ(sla(high).at("first_response_due_at"), "2026-03-02T10:20:00Z");
  // Deleting it moves its tickets to the default.
  EXPECT_EQ(admin->request("DELETE", p + "/admin/sla-policies/" + vip_id, "").status, 204);
  server.run_jobs();
  EXPECT_EQ(sla(high).at("first_response_due_at"), "2026-03-02T10:15:00Z");
}

TEST_F(TimeRulesTest, NoPolicyMeansNoClock) {
  std::string id = create_ticket();
  EXPECT_TRUE(ticket(id).at("sla").is_null());
}

TEST_F(TimeRulesTest, SnoozeHidesFromTheQueueUntilTheTimeOrACustomerReply) {
  std::string id = create_ticket();
  std::string other = create_ticket();
  HttpResult past = agent->post_json(p + "/admin/tickets/" + id + "/snooze",
                                     json::object{{"until", "2026-03-02T09:00:00Z"}});
  EXPECT_EQ(past.status, 422);
  EXPECT_TRUE(past.json().at("errors").as_object().contains("until"));
  EXPECT_EQ(customer
                ->post_json(p + "/admin/tickets/" + id + "/snooze",
                            json::object{{"until", "2026-03-02T12:00:00Z"}})
                .status,
            403);

  agent_post("/admin/tickets/" + id + "/snooze", {{"until", "2026-03-02T12:00:00Z"}});
  EXPECT_EQ(ticket(id).at("snoozed_until"), "2026-03-02T12:00:00Z");
  EXPECT_EQ(ticket(id).at("status"), "open");
  auto queue_ids = [&](const std::string& query) {
    std::vector<std::string> ids;
    json::value page = agent->get(p + "/agent/tickets" + query).json();
    for (const auto& t : page.at("data").as_array())
      ids.push_back(std::to_string(t.at("id").as_int64()));
    return ids;
  };
  EXPECT_EQ(queue_ids(""), std::vector<std::string>{other});
  EXPECT_EQ(queue_ids("?include_snoozed=true").size(), 2u);
  // The customer still sees their ticket.
  EXPECT_EQ(customer->get(p + "/tickets").json().at("data").as_array().size(), 2u);

  advance_minutes(119);
  server.run_jobs();
  EXPECT_EQ(queue_ids("").size(), 1u);
  advance_minutes(1);
  server.run_jobs();
  EXPECT_EQ(queue_ids("").size(), 2u);
  EXPECT_TRUE(ticket(id).at("snoozed_until").is_null());
  EXPECT_EQ(count_of(activity_types(id), "unsnoozed"), 1);

  // A customer reply wakes it early; unsnooze does too.
  agent_post("/admin/tickets/" + id + "/snooze", {{"until", "2026-03-09T12:00:00Z"}});
  ASSERT_EQ(
      customer->post_json(p + "/tickets/" + id + "/reply", json::object{{"body", "hello?"}}).status,
      201);
  EXPECT_TRUE(ticket(id).at("snoozed_until").is_null());
  agent_post("/admin/tickets/" + other + "/snooze", {{"until", "2026-03-09T12:00:00Z"}});
  agent_post("/admin/tickets/" + other + "/unsnooze", {});
  EXPECT_EQ(queue_ids("").size(), 2u);
  // The woken tickets' timers found nothing left to do.
  advance_minutes(10 * 24 * 60);
  server.run_jobs();
  EXPECT_EQ(count_of(activity_types(id), "unsnoozed"), 2);
  EXPECT_EQ(count_of(activity_types(other), "unsnoozed"), 1);
}

TEST_F(TimeRulesTest, ResolvedTicketsCloseAfterTheConfiguredDays) {
  std::string id = create_ticket();
  agent_post("/agent/tickets/" + id + "/status", {{"status", "resolved"}});
  advance_minutes(7 * 24 * 60 - 1);
  server.run_jobs();
  EXPECT_EQ(ticket(id).at("status"), "resolved");
  advance_minutes(1);
  server.run_jobs();
  EXPECT_EQ(ticket(id).at("status"), "closed");
  EXPECT_EQ(count_of(activity_types(id), "auto_closed"), 1);
  EXPECT_EQ(sink->of("ticket.closed").size(), 1u);
  server.run_jobs();
  EXPECT_EQ(sink->of("ticket.closed").size(), 1u);

  // Reopened before the time: it stays open.
  std::string again = create_ticket();
  agent_post("/agent/tickets/" + again + "/status", {{"status", "resolved"}});
  advance_minutes(60);
  ASSERT_EQ(
      customer->post_json(p + "/tickets/" + again + "/reply", json::object{{"body", "no"}}).status,
      201);
  advance_minutes(8 * 24 * 60);
  server.run_jobs();
  EXPECT_EQ(ticket(again).at("status"), "reopened");
}

// Sla.BusinessHoursOnly: policies without a calendar count in the default one.
TEST(TimeRulesConfigTest, BusinessHoursOnlyUsesTheConfiguredCalendar) {
  TestServer server([](Options& o) {
    o.sla.business_hours_only = true;
    o.sla.business_hours.start = "09:00";
    o.sla.business_hours.end = "17:00";
    o.sla.business_hours.timezone = "UTC";
    o.sla.business_hours.days = {1, 2, 3, 4, 5};
  });
  std::string p = server.prefix();
  server.add_user("Admin", "admin@example.com", "admin");
  server.add_user("Cus", "cus@example.com", "customer");
  auto admin = server.signed_in("admin@example.com");
  auto customer = server.signed_in("cus@example.com");
  server.set_clock("2026-03-06T16:30:00Z");
  ASSERT_EQ(admin
                ->post_json(p + "/admin/sla-policies",
                            json::object{{"name", "Default"},
                                         {"first_response_minutes", targets(60, 60, 60)},
                                         {"is_default", true}})
                .status,
            201);
  HttpResult t = customer->post_json(
      p + "/tickets", json::object{{"subject", "s"}, {"description", "d"}, {"priority", "low"}});
  ASSERT_EQ(t.status, 201) << t.body;
  EXPECT_EQ(t.json().at("sla").at("first_response_due_at"), "2026-03-09T09:30:00Z");
}

}  // namespace
}  // namespace escalated::testing
