// The customer pane beside a ticket (GET /agent/tickets/{id}/requester): the
// requester (an account with its locale and zone, or a guest), up to ten of
// their other tickets newest first with the total, and their ratings; only
// what the caller may see, by the queue's department rule; customers may
// not ask, and a ticket the caller may not see is 404.
#include <gtest/gtest.h>

#include <set>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class RequesterPaneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Root", "root@example.com", "admin");
    cora_id = server.add_user("Cora", "cora@example.com", "customer");
    server.add_user("Ada", "ada@example.com", "agent");
    admin = server.signed_in("root@example.com");
    cora = server.signed_in("cora@example.com");
    server.set_clock("2026-03-02T10:00:00Z");
  }

  std::int64_t ticket(const std::string& subject, json::object extra = {}) {
    std::int64_t id = make.ticket(*cora, subject, std::move(extra));
    server.advance_clock(60);  // newest first is by updated_at
    return id;
  }
  HttpResult pane(HttpClient& as, std::int64_t id) {
    return as.get(p + "/agent/tickets/" + std::to_string(id) + "/requester");
  }
  json::value pane_json(HttpClient& as, std::int64_t id) {
    HttpResult r = pane(as, id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json() : json::value();
  }
  static std::vector<std::int64_t> ids_of(const json::value& pane) {
    std::vector<std::int64_t> out;
    for (const auto& t : pane.at("tickets").as_array()) out.push_back(t.at("id").as_int64());
    return out;
  }
  void rate(std::int64_t id, std::int64_t rating, const std::string& comment) {
    make.status(*admin, id, "resolved");
    HttpResult r = cora->post_json(p + "/tickets/" + std::to_string(id) + "/rate",
                                   {{"rating", rating}, {"comment", comment}});
    ASSERT_EQ(r.status, 201) << r.body;
    server.advance_clock(60);
  }

  TestServer server;
  Build make{server};
  const std::string p = server.prefix();
  std::int64_t cora_id = 0;
  std::unique_ptr<HttpClient> admin, cora;
};

TEST_F(RequesterPaneTest, TheRequesterTheirOtherTicketsAndTheirRatings) {
  HttpResult me =
      cora->request("PATCH", p + "/auth/me", R"({"locale": "de", "timezone": "Europe/Berlin"})");
  ASSERT_EQ(me.status, 200) << me.body;
  std::int64_t first = ticket("Printer jams");
  std::int64_t second = ticket("Invoice missing");
  rate(first, 4, "Quick and friendly.");
  std::int64_t current = ticket("Cannot sign in");

  json::value r = pane_json(*admin, current);
  const json::object& who = r.at("requester").as_object();
  EXPECT_EQ(who.at("id"), cora_id);
  EXPECT_EQ(who.at("name"), "Cora");
  EXPECT_EQ(who.at("email"), "cora@example.com");
  EXPECT_EQ(who.at("locale"), "de");
  EXPECT_EQ(who.at("timezone"), "Europe/Berlin");

  // The ticket itself is not "other"; the rated one moved last, so it is first.
  EXPECT_EQ(ids_of(r), (std::vector<std::int64_t>{first, second}));
  EXPECT_EQ(r.at("tickets_total"), 2);
  const json::object& t = r.at("tickets").at(0).as_object();
  std::set<std::string> keys;
  for (const auto& kv : t) keys.insert(std::string(kv.key()));
  EXPECT_EQ(keys, (std::set<std::string>{"id", "reference", "subject", "status", "priority",
                                         "updated_at"}));
  EXPECT_EQ(t.at("subject"), "Printer jams");
  EXPECT_EQ(t.at("status"), "resolved");
  EXPECT_EQ(t.at("reference").as_string(),
            "ESC-" + std::string(5 - std::to_string(first).size(), '0') + std::to_string(first));

  const json::object& ratings = r.at("ratings").as_object();
  EXPECT_EQ(ratings.at("count"), 1);
  EXPECT_DOUBLE_EQ(ratings.at("average").to_number<double>(), 4.0);
  ASSERT_EQ(ratings.at("recent").as_array().size(), 1u);
  const json::value& rating = ratings.at("recent").at(0);
  EXPECT_EQ(rating.at("ticket_id"), first);
  EXPECT_EQ(rating.at("rating"), 4);
  EXPECT_EQ(rating.at("comment"), "Quick and friendly.");
  EXPECT_EQ(rating.at("created_at"), "2026-03-02T10:02:00Z");  // two tickets, a minute each

  // The reference names the ticket as well as the id does.
  HttpResult by_reference =
      admin->get(p + "/agent/tickets/" + std::string(t.at("reference").as_string()) + "/requester");
  EXPECT_EQ(by_reference.status, 200) << by_reference.body;

  // A requester with nothing else: empty lists, no average.
  server.add_user("Ned", "ned@example.com", "customer");
  std::int64_t lone = make.ticket(*server.signed_in("ned@example.com"), "Hello");
  json::value alone = pane_json(*admin, lone);
  EXPECT_TRUE(alone.at("tickets").as_array().empty());
  EXPECT_EQ(alone.at("tickets_total"), 0);
  EXPECT_EQ(alone.at("ratings").at("count"), 0);
  EXPECT_TRUE(alone.at("ratings").at("average").is_null());
  EXPECT_TRUE(alone.at("requester").at("timezone").is_null());
}

TEST_F(RequesterPaneTest, ListsTenOtherTicketsAndCountsThemAll) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 13; ++i) ids.push_back(ticket("Ticket " + std::to_string(i)));
  json::value r = pane_json(*admin, ids[5]);
  std::vector<std::int64_t> newest_first;
  for (int i = 12; i >= 0 && newest_first.size() < 10; --i)
    if (i != 5) newest_first.push_back(ids[i]);
  EXPECT_EQ(ids_of(r), newest_first);
  EXPECT_EQ(r.at("tickets_total"), 12);
}

TEST_F(RequesterPaneTest, TicketsOfDepartmentsTheAgentMayNotSeeAreNeitherListedNorCounted) {
  std::int64_t sales = make.department(*admin, "Sales");
  std::int64_t billing = make.department(*admin, "Billing");
  HttpResult role =
      admin->post_json(p + "/admin/roles", {{"name", "Sales desk"},
                                            {"slug", "sales_desk"},
                                            {"permissions", json::array{"ticket.view"}}});
  ASSERT_EQ(role.status, 201) << role.body;
  std::int64_t lea_id = server.add_user("Lea", "lea@example.com", "sales_desk");
  HttpResult scoped =
      admin->request("PATCH", p + "/admin/users/" + std::to_string(lea_id),
                     HttpClient::serialize(json::object{{"department_ids", json::array{sales}}}));
  ASSERT_EQ(scoped.status, 200) << scoped.body;
  auto lea = server.signed_in("lea@example.com");

  std::int64_t in_billing = ticket("Refund", {{"department_id", billing}});
  rate(in_billing, 1, "Slow.");
  std::int64_t older_sales = ticket("Quote", {{"department_id", sales}});
  std::int64_t current = ticket("Demo", {{"department_id", sales}});

  json::value r = pane_json(*lea, current);
  EXPECT_EQ(ids_of(r), (std::vector<std::int64_t>{older_sales}));
  EXPECT_EQ(r.at("tickets_total"), 1);
  EXPECT_EQ(r.at("ratings").at("count"), 0) << "the Billing ticket's rating stays out";
  EXPECT_TRUE(r.at("ratings").at("recent").as_array().empty());
  // The Billing ticket itself does not exist for her.
  EXPECT_EQ(pane(*lea, in_billing).status, 404);
  // Staff who see everything see all of it.
  json::value all = pane_json(*admin, current);
  EXPECT_EQ(all.at("tickets_total"), 2);
  EXPECT_EQ(all.at("ratings").at("count"), 1);
}

TEST_F(RequesterPaneTest, CustomersMayNotAskAndUnknownTicketsAreNotFound) {
  std::int64_t id = ticket("Printer");
  HttpResult own = pane(*cora, id);
  EXPECT_EQ(own.status, 403) << own.body;
  EXPECT_EQ(own.header("content-type"), "application/problem+json");
  EXPECT_EQ(pane(*admin, 999999).status, 404);
  EXPECT_EQ(server.client()->get(p + "/agent/tickets/" + std::to_string(id) + "/requester").status,
            401);
}

class GuestRequesterPaneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Root", "root@example.com", "admin");
    admin = server.signed_in("root@example.com");
    server.set_clock("2026-03-02T10:00:00Z");
  }
  std::int64_t guest_ticket(const std::string& email, const std::string& subject) {
    HttpResult r = anonymous->post_json(p + "/widget/tickets", {{"name", "Gail Guest"},
                                                                {"email", email},
                                                                {"subject", subject},
                                                                {"description", "Where is it?"}});
    EXPECT_EQ(r.status, 201) << r.body;
    server.advance_clock(60);
    if (r.status != 201) return 0;
    std::string reference(r.json().at("reference").as_string());
    return std::stoll(reference.substr(reference.find('-') + 1));
  }

  TestServer server{[](Options& o) {
    o.mail.public_url = "https://help.example.com/";
    o.guest.enabled = true;
  }};
  const std::string p = server.prefix();
  std::unique_ptr<HttpClient> admin, anonymous = server.client();
};

TEST_F(GuestRequesterPaneTest, AGuestIsNamedByTheAddressTheyGave) {
  std::int64_t earlier = guest_ticket("gail@example.net", "Parcel");
  guest_ticket("someone@example.net", "Another guest");
  std::int64_t current = guest_ticket("Gail@Example.net", "Parcel again");

  HttpResult r = admin->get(p + "/agent/tickets/" + std::to_string(current) + "/requester");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value pane = r.json();
  const json::object& who = pane.at("requester").as_object();
  EXPECT_TRUE(who.at("id").is_null());
  EXPECT_EQ(who.at("name"), "Gail Guest");
  EXPECT_TRUE(who.at("locale").is_null());
  EXPECT_TRUE(who.at("timezone").is_null());
  ASSERT_EQ(pane.at("tickets").as_array().size(), 1u) << pane;
  EXPECT_EQ(pane.at("tickets").at(0).at("id"), earlier) << "the address, in any case";
  EXPECT_EQ(pane.at("tickets_total"), 1);
  EXPECT_EQ(pane.at("ratings").at("count"), 0);
}

}  // namespace
}  // namespace escalated::testing
