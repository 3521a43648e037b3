// Tickets without an account (issue 19): a guest opens one from the widget,
// follows the mailed magic link, reads only the public replies, answers and
// rates; links expire by the test clock, every use renews them, staff
// revoke them; "find my ticket"; budgets per IP and per address; the
// policies; CORS for the widget's host pages.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "support/builders.h"
#include "support/smtp_sink.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

constexpr const char* kShop = "https://shop.example.com";

json::object guest_ticket(const std::string& email = "gail@example.net",
                          const std::string& subject = "Where is my parcel?") {
  return {{"name", "Gail Guest"},
          {"email", email},
          {"subject", subject},
          {"description", "Ordered on Monday, nothing yet."}};
}

class GuestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Admin", "admin@example.com", "admin");
    server.add_user("Ada Agent", "ada@example.com", "agent");
    server.add_user("Cus Tomer", "cus@example.com", "customer");
    admin = server.signed_in("admin@example.com");
    agent = server.signed_in("ada@example.com");
    server.set_clock("2026-03-02T10:00:00Z");
  }
  static void configure(Options& o, SmtpSink& sink) {
    o.mail.smtp_url = sink.url();
    o.mail.public_url = "https://help.example.com/";
    o.email.domain = "help.example.com";
    o.guest.enabled = true;
    o.widget.allowed_origins = {kShop};
  }
  HttpResult open(const json::object& body = guest_ticket()) {
    return anonymous->post_json(p + "/widget/tickets", body);
  }
  // Opens a guest ticket; returns {id, token}.
  std::pair<std::int64_t, std::string> opened(const json::object& body = guest_ticket()) {
    HttpResult r = open(body);
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return {0, ""};
    std::string reference(r.json().at("reference").as_string());
    return {std::stoll(reference.substr(reference.find('-') + 1)),
            std::string(r.json().at("token").as_string())};
  }
  HttpResult show(const std::string& token) {
    return anonymous->get(p + "/widget/tickets/" + token);
  }
  // The magic-link tokens in the text of the mail sent since `before`.
  std::vector<std::string> mailed_tokens(std::size_t before) {
    std::vector<std::string> out;
    auto got = sink.messages();
    static const std::regex link(
        R"(https://help\.example\.com/support/guest/ticket\?token=([A-Za-z0-9_-]{43}))");
    for (std::size_t i = before; i < got.size(); ++i) {
      std::string text = got[i].part("text/plain");
      for (std::sregex_iterator it(text.begin(), text.end(), link), end; it != end; ++it)
        out.push_back((*it)[1].str());
    }
    return out;
  }
  std::string ticket_path(std::int64_t id) { return p + "/agent/tickets/" + std::to_string(id); }

  SmtpSink sink;
  TestServer server{[this](Options& o) { configure(o, sink); }};
  Build make{server};
  std::string p = server.prefix();
  std::unique_ptr<HttpClient> admin, agent, anonymous = server.client();
};

TEST_F(GuestTest, AGuestOpensATicketAndTheMailCarriesAWorkingLink) {
  HttpResult r = open();
  ASSERT_EQ(r.status, 201) << r.body;
  json::object answer = r.json().as_object();
  EXPECT_EQ(answer.size(), 2u);
  std::string token(answer.at("token").as_string());
  EXPECT_TRUE(std::regex_match(token, std::regex("[A-Za-z0-9_-]{43}"))) << token;  // 32 bytes
  EXPECT_TRUE(std::regex_match(std::string(answer.at("reference").as_string()),
                               std::regex("ESC-0*[0-9]+")));

  server.run_jobs();
  auto mail = sink.messages();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].recipients, std::vector<std::string>{"gail@example.net"});
  std::vector<std::string> mailed = mailed_tokens(0);
  ASSERT_EQ(mailed.size(), 1u) << mail[0].part("text/plain");

  for (const std::string& t : {token, mailed[0]}) {
    HttpResult page = show(t);
    ASSERT_EQ(page.status, 200) << page.body;
    json::value shown = page.json();
    const json::object& ticket = shown.at("ticket").as_object();
    EXPECT_EQ(ticket.at("subject").as_string(), "Where is my parcel?");
    EXPECT_EQ(ticket.at("channel").as_string(), "widget");
    EXPECT_TRUE(ticket.at("requester").is_null());
    EXPECT_EQ(ticket.at("guest").at("email").as_string(), "gail@example.net");
    EXPECT_FALSE(page.json().at("offer_signup").as_bool());
  }
  // Staff see the guest's ticket in the queue; the token is stored only as
  // its digest and appears in no log.
  HttpResult queue = agent->get(p + "/agent/tickets");
  EXPECT_NE(queue.body.find("gail@example.net"), std::string::npos);
  std::string mail_log = admin->get(p + "/admin/mail").body;
  EXPECT_EQ(mail_log.find(mailed[0]), std::string::npos);
  std::string audit = admin->get(p + "/admin/audit-logs").body;
  EXPECT_EQ(audit.find(token), std::string::npos);
}

TEST_F(GuestTest, BadInputIsRefusedByNameAndWritesNothing) {
  json::object no_name = guest_ticket();
  no_name.erase("name");
  EXPECT_EQ(error_fields(open(no_name)), std::set<std::string>{"name"});
  EXPECT_EQ(error_fields(open(guest_ticket("not an address"))), std::set<std::string>{"email"});
  json::object blank = guest_ticket();
  blank["subject"] = "  ";
  blank["description"] = "";
  EXPECT_EQ(error_fields(open(blank)), (std::set<std::string>{"description", "subject"}));
  json::object extra = guest_ticket();
  extra["requester_id"] = 1;
  EXPECT_EQ(error_fields(open(extra)), std::set<std::string>{"requester_id"});
  HttpResult queue = agent->get(p + "/agent/tickets");
  EXPECT_EQ(queue.json().at("data").as_array().size(), 0u) << queue.body;
  // Neither is "find my ticket" quiet about a malformed request.
  EXPECT_EQ(error_fields(anonymous->post_json(p + "/widget/tickets/find",
                                              json::object{{"reference", "ESC-1"}})),
            std::set<std::string>{"email"});
}

TEST_F(GuestTest, WithGuestsOffEveryGuestRouteIs404) {
  SmtpSink other_sink;
  TestServer off{[&](Options& o) {
    configure(o, other_sink);
    o.guest.enabled = false;
  }};
  auto c = off.client();
  std::string q = off.prefix();
  EXPECT_EQ(c->post_json(q + "/widget/tickets", guest_ticket()).status, 404);
  EXPECT_EQ(c->get(q + "/widget/tickets/abc").status, 404);
  EXPECT_EQ(c->post_json(q + "/widget/tickets/abc/reply", json::object{{"body", "hi"}}).status,
            404);
  EXPECT_EQ(c->post_json(q + "/widget/tickets/abc/rate", json::object{{"rating", 5}}).status, 404);
  EXPECT_EQ(c->post_json(q + "/widget/tickets/find",
                         json::object{{"reference", "ESC-1"}, {"email", "a@example.com"}})
                .status,
            404);
}

TEST_F(GuestTest, TheLinkShowsPublicRepliesOnlyAndTheGuestRepliesAsRequester) {
  auto [id, token] = opened();
  auto [other_id, other_token] = opened(guest_ticket("olga@example.net", "Another one"));
  ASSERT_EQ(
      agent->post_json(ticket_path(id) + "/reply", json::object{{"body", "On its way."}}).status,
      201);
  ASSERT_EQ(agent
                ->post_json(ticket_path(id) + "/note",
                            json::object{{"body", "Courier lost it, secretly."}})
                .status,
            201);
  HttpResult page = show(token);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("On its way."), std::string::npos);
  EXPECT_EQ(page.body.find("secretly"), std::string::npos);
  EXPECT_EQ(page.body.find("Another one"), std::string::npos);
  EXPECT_FALSE(page.json().at("ticket").as_object().contains("activities"));

  HttpResult reply = anonymous->post_json(p + "/widget/tickets/" + token + "/reply",
                                          json::object{{"body", "Thanks!"}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_TRUE(reply.json().at("author").is_null());
  HttpResult seen = agent->get(ticket_path(id));
  EXPECT_NE(seen.body.find("Thanks!"), std::string::npos);
  EXPECT_EQ(seen.json().at("status").as_string(), "waiting_on_agent");  // back with the team
  EXPECT_EQ(agent->get(ticket_path(other_id)).body.find("Thanks!"), std::string::npos);
  // Bad input names the field; a wrong or made-up token is 404, as is
  // another ticket's id in its place.
  EXPECT_EQ(error_fields(anonymous->post_json(p + "/widget/tickets/" + token + "/reply",
                                              json::object{{"body", " "}})),
            std::set<std::string>{"body"});
  EXPECT_EQ(show(std::string(43, 'A')).status, 404);
  EXPECT_EQ(show(std::to_string(id)).status, 404);
  EXPECT_EQ(show(token.substr(0, 42)).status, 404);
  EXPECT_EQ(anonymous
                ->post_json(p + "/widget/tickets/" + std::string(43, 'A') + "/reply",
                            json::object{{"body", "x"}})
                .status,
            404);
  // A closed ticket takes no reply until reopened.
  make.status(*agent, id, "closed");
  EXPECT_EQ(anonymous
                ->post_json(p + "/widget/tickets/" + token + "/reply",
                            json::object{{"body", "One more thing"}})
                .status,
            409);
}

TEST_F(GuestTest, FilesOfPublicMessagesDownloadThroughTheLinkOnly) {
  auto [id, token] = opened();
  auto [other_id, other_token] = opened(guest_ticket("olga@example.net", "Another one"));
  ASSERT_EQ(agent
                ->post_multipart(ticket_path(id) + "/reply", {{"body", "Your label."}},
                                 {{"label.txt", "text/plain", "LABEL-123"}})
                .status,
            201);
  HttpResult note = agent->post_multipart(ticket_path(id) + "/note", {{"body", "Internal."}},
                                          {{"secret.txt", "text/plain", "SECRET"}});
  ASSERT_EQ(note.status, 201) << note.body;
  std::int64_t note_file = note.json().at("attachments").at(0).at("id").as_int64();

  HttpResult reply = anonymous->post_multipart(p + "/widget/tickets/" + token + "/reply",
                                               {{"body", "Photo attached."}},
                                               {{"parcel.png", "image/png", "PNGDATA"}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  const std::string files = p + "/widget/tickets/" + token + "/attachments/";
  std::string mine(reply.json().at("attachments").at(0).at("url").as_string());
  EXPECT_EQ(mine.rfind(files, 0), 0u) << "a guest has no session for /attachments: " << mine;

  // The page links every public file through the token; each downloads
  // with the signed-in route's safety headers.
  HttpResult page = show(token);
  ASSERT_EQ(page.status, 200);
  std::vector<std::string> urls;
  json::value shown = page.json();
  for (const auto& r : shown.at("ticket").at("replies").as_array())
    for (const auto& a : r.at("attachments").as_array()) urls.emplace_back(a.at("url").as_string());
  ASSERT_EQ(urls.size(), 2u) << page.body;
  for (const auto& url : urls) EXPECT_EQ(url.rfind(files, 0), 0u) << url;
  HttpResult label = anonymous->get(urls[0]);
  ASSERT_EQ(label.status, 200);
  EXPECT_EQ(label.body, "LABEL-123");
  EXPECT_EQ(label.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(label.header("content-security-policy"), "default-src 'none'; sandbox");
  EXPECT_EQ(anonymous->get(mine).body, "PNGDATA");

  // Never a note's file, never through another ticket's or a wrong token.
  EXPECT_EQ(anonymous->get(files + std::to_string(note_file)).status, 404);
  std::string mine_id = mine.substr(mine.rfind('/') + 1);
  EXPECT_EQ(anonymous->get(p + "/widget/tickets/" + other_token + "/attachments/" + mine_id).status,
            404);
  EXPECT_EQ(
      anonymous->get(p + "/widget/tickets/" + std::string(43, 'A') + "/attachments/" + mine_id)
          .status,
      404);
  EXPECT_EQ(anonymous->get(files + "x").status, 404);
  // Revoked links take their files with them.
  ASSERT_EQ(agent->request("DELETE", ticket_path(id) + "/guest-links", "").status, 200);
  EXPECT_EQ(anonymous->get(mine).status, 404);
}

TEST_F(GuestTest, ALinkExpiresUnlessUsedAndEveryUseRenewsIt) {
  auto [id, token] = opened();
  auto [idle_id, idle] = opened(guest_ticket("ida@example.net"));
  server.advance_clock(89 * 86400.0);
  EXPECT_EQ(show(token).status, 200);  // renewed for 90 days from now
  server.advance_clock(2 * 86400.0);
  EXPECT_EQ(show(idle).status, 404);  // 91 days unused
  EXPECT_EQ(show(token).status, 200);
  server.advance_clock(89 * 86400.0);
  EXPECT_EQ(
      anonymous
          ->post_json(p + "/widget/tickets/" + token + "/reply", json::object{{"body", "Hello?"}})
          .status,
      201);
  server.advance_clock(90 * 86400.0 + 1);
  EXPECT_EQ(show(token).status, 404);
}

TEST_F(GuestTest, UsesWithinAnHourOfARenewalDoNotRenewAgain) {
  auto [id, token] = opened();
  server.advance_clock(1800.0);
  EXPECT_EQ(show(token).status, 200);  // half an hour after it was made: not renewed
  server.advance_clock(90 * 86400.0 - 1800.0 + 1);
  EXPECT_EQ(show(token).status, 404) << "the lifetime runs from the last renewal, an hour at most";
  auto [id2, token2] = opened(guest_ticket("olga@example.net"));
  server.advance_clock(3600.0 + 1);
  EXPECT_EQ(show(token2).status, 200);  // renewed: an hour has passed
  server.advance_clock(90 * 86400.0 - 1);
  EXPECT_EQ(show(token2).status, 200);
}

TEST_F(GuestTest, HousekeepingDeletesExpiredLinksOnly) {
  auto [old_id, old_token] = opened();  // two links: the answer's and the mail's
  server.run_jobs();                    // (the mail's is made as it is written)
  server.advance_clock(60 * 86400.0);
  auto [new_id, new_token] = opened(guest_ticket("nina@example.net"));
  server.run_jobs();
  server.advance_clock(31 * 86400.0);  // the first ticket's links are 91 days old
  ASSERT_EQ(anonymous->post(p + "/_test/housekeeping", "").status, 204);
  auto revoked = [&](std::int64_t id) {
    HttpResult r = agent->request("DELETE", ticket_path(id) + "/guest-links", "");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("revoked").as_int64();
  };
  EXPECT_EQ(revoked(old_id), 0) << "expired links were deleted";
  EXPECT_EQ(revoked(new_id), 2) << "working links stay";
}

TEST_F(GuestTest, StaffRevokeEveryLinkOfATicket) {
  auto [id, token] = opened();
  server.run_jobs();  // the acknowledgement carries a second link
  std::vector<std::string> mailed = mailed_tokens(0);
  ASSERT_EQ(mailed.size(), 1u);
  auto customer = server.signed_in("cus@example.com");
  EXPECT_EQ(customer->request("DELETE", ticket_path(id) + "/guest-links", "").status, 403);
  EXPECT_EQ(show(token).status, 200);
  HttpResult revoked = agent->request("DELETE", ticket_path(id) + "/guest-links", "");
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(revoked.json().at("revoked").as_int64(), 2);
  EXPECT_EQ(show(token).status, 404);
  EXPECT_EQ(show(mailed[0]).status, 404);
  EXPECT_EQ(agent->request("DELETE", p + "/agent/tickets/999999/guest-links", "").status, 404);
  HttpResult seen = agent->get(ticket_path(id));
  EXPECT_NE(seen.body.find("guest_links_revoked"), std::string::npos) << seen.body;
}

TEST_F(GuestTest, FindMyTicketMailsAFreshLinkAndAnswersTheSameEitherWay) {
  auto [id, token] = opened();
  server.run_jobs();
  std::size_t before = sink.messages().size();
  std::string reference =
      "ESC-" + std::string(5 - std::to_string(id).size(), '0') + std::to_string(id);
  auto find = [&](const std::string& ref, const std::string& email) {
    return anonymous->post_json(p + "/widget/tickets/find",
                                json::object{{"reference", ref}, {"email", email}});
  };
  HttpResult wrong_address = find(reference, "mallory@example.net");
  HttpResult unknown = find("ESC-99999", "gail@example.net");
  HttpResult nonsense = find("hello", "gail@example.net");
  HttpResult right = find(reference, " Gail@Example.net ");
  for (const HttpResult* r : {&wrong_address, &unknown, &nonsense, &right}) {
    EXPECT_EQ(r->status, 202) << r->body;
    EXPECT_EQ(r->body, right.body);
  }
  server.run_jobs();
  auto mail = sink.messages();
  ASSERT_EQ(mail.size(), before + 1);
  EXPECT_EQ(mail.back().recipients, std::vector<std::string>{"gail@example.net"});
  EXPECT_NE(mail.back().header("Subject").find(reference), std::string::npos);
  std::vector<std::string> fresh = mailed_tokens(before);
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_NE(fresh[0], token);
  EXPECT_EQ(show(fresh[0]).status, 200);
  EXPECT_EQ(show(token).status, 200);  // the older link still works
}

TEST_F(GuestTest, NewTicketsAreBudgetedPerAddressAndPerIp) {
  SmtpSink other_sink;
  TestServer tight{[&](Options& o) {
    configure(o, other_sink);
    o.guest.tickets_per_address = {2, 3600};
    o.guest.tickets_per_ip = {4, 3600};
  }};
  auto c = tight.client();
  std::string q = tight.prefix();
  EXPECT_EQ(c->post_json(q + "/widget/tickets", guest_ticket("a@example.net")).status, 201);
  EXPECT_EQ(c->post_json(q + "/widget/tickets", guest_ticket("A@example.net")).status, 201);
  HttpResult third = c->post_json(q + "/widget/tickets", guest_ticket("a@example.net"));
  EXPECT_EQ(third.status, 429) << third.body;
  // Another address from the same IP: one left in the IP's budget (the
  // refused request counted there).
  EXPECT_EQ(c->post_json(q + "/widget/tickets", guest_ticket("b@example.net")).status, 201);
  EXPECT_EQ(c->post_json(q + "/widget/tickets", guest_ticket("c@example.net")).status, 429);
  // "Find my ticket" spends the same budgets.
  EXPECT_EQ(c->post_json(q + "/widget/tickets/find",
                         json::object{{"reference", "ESC-1"}, {"email", "d@example.net"}})
                .status,
            429);
  tight.advance_clock(2 * 3600.0);
  EXPECT_EQ(c->post_json(q + "/widget/tickets", guest_ticket("a@example.net")).status, 201);
}

TEST_F(GuestTest, ACaptchaWhenConfiguredIsRequiredAndChecked) {
  SmtpSink other_sink;
  int closed_port = SmtpSink::free_port();
  TestServer guarded{[&](Options& o) {
    configure(o, other_sink);
    o.guest.captcha_verify_url = "http://127.0.0.1:" + std::to_string(closed_port) + "/siteverify";
    o.guest.captcha_secret = "s3cret";
  }};
  auto c = guarded.client();
  std::string q = guarded.prefix();
  EXPECT_EQ(error_fields(c->post_json(q + "/widget/tickets", guest_ticket())),
            std::set<std::string>{"captcha_token"});
  json::object with = guest_ticket();
  with["captcha_token"] = "10000000-aaaa-bbbb-cccc-000000000001";
  // The verifier cannot be reached: the ticket is refused, never let through.
  EXPECT_EQ(error_fields(c->post_json(q + "/widget/tickets", with)),
            std::set<std::string>{"captcha_token"});
  auto admin2 = (guarded.add_user("Root", "root@example.com", "admin"),
                 guarded.signed_in("root@example.com"));
  EXPECT_EQ(admin2->get(q + "/agent/tickets").json().at("data").as_array().size(), 0u);
}

TEST_F(GuestTest, PoliciesFileUnderAHostAccountOrOfferAnAccount) {
  SmtpSink sink2, sink3;
  TestServer hosted{[&](Options& o) {
    configure(o, sink2);
    o.guest.policy = "guest_user";
    o.guest.host_user_email = "guests@example.com";
  }};
  std::int64_t host = hosted.add_user("Web Guests", "guests@example.com", "customer");
  auto root =
      (hosted.add_user("Root", "root@example.com", "admin"), hosted.signed_in("root@example.com"));
  auto c = hosted.client();
  HttpResult r = c->post_json(hosted.prefix() + "/widget/tickets", guest_ticket());
  ASSERT_EQ(r.status, 201) << r.body;
  std::string token(r.json().at("token").as_string());
  HttpResult page = c->get(hosted.prefix() + "/widget/tickets/" + token);
  ASSERT_EQ(page.status, 200);
  json::value shown = page.json();
  const json::object& t = shown.at("ticket").as_object();
  EXPECT_EQ(t.at("requester").at("id").as_int64(), host);
  EXPECT_EQ(t.at("guest").at("email").as_string(), "gail@example.net");
  // The acknowledgement goes to the guest, not to the host account.
  hosted.run_jobs();
  ASSERT_EQ(sink2.messages().size(), 1u);
  EXPECT_EQ(sink2.messages()[0].recipients, std::vector<std::string>{"gail@example.net"});
  // The host account's own list never shows through a guest's link, and a
  // guest reply is the requester's.
  HttpResult reply = c->post_json(hosted.prefix() + "/widget/tickets/" + token + "/reply",
                                  json::object{{"body", "More detail"}});
  ASSERT_EQ(reply.status, 201) << reply.body;

  TestServer prompting{[&](Options& o) {
    configure(o, sink3);
    o.guest.policy = "prompt_signup";
  }};
  auto c3 = prompting.client();
  HttpResult r3 = c3->post_json(prompting.prefix() + "/widget/tickets", guest_ticket());
  ASSERT_EQ(r3.status, 201);
  HttpResult page3 = c3->get(prompting.prefix() + "/widget/tickets/" +
                             std::string(r3.json().at("token").as_string()));
  EXPECT_TRUE(page3.json().at("offer_signup").as_bool());
  EXPECT_TRUE(page3.json().at("ticket").at("requester").is_null());
}

TEST_F(GuestTest, CorsAnswersOnlyTheAllowedHostPagesAndNeverWithCredentials) {
  auto [id, token] = opened();
  std::map<std::string, std::string> preflight{{"Origin", kShop},
                                               {"Access-Control-Request-Method", "POST"},
                                               {"Access-Control-Request-Headers", "content-type"}};
  HttpResult ok = anonymous->request("OPTIONS", p + "/widget/tickets", "", preflight);
  EXPECT_EQ(ok.status, 204);
  EXPECT_EQ(ok.header("access-control-allow-origin"), kShop);
  EXPECT_NE(ok.header("access-control-allow-methods").find("POST"), std::string::npos);
  EXPECT_NE(ok.header("access-control-allow-headers").find("Content-Type"), std::string::npos);
  EXPECT_EQ(ok.header("access-control-allow-credentials"), "");

  preflight["Origin"] = "https://evil.example.org";
  HttpResult refused = anonymous->request("OPTIONS", p + "/widget/tickets", "", preflight);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.header("access-control-allow-origin"), "");

  HttpResult read = anonymous->get(p + "/widget/tickets/" + token, {{"Origin", kShop}});
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.header("access-control-allow-origin"), kShop);
  EXPECT_EQ(read.header("access-control-allow-credentials"), "");
  EXPECT_NE(read.header("vary").find("Origin"), std::string::npos);
  // Problems are readable by the widget too.
  HttpResult missing =
      anonymous->get(p + "/widget/tickets/" + std::string(43, 'B'), {{"Origin", kShop}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("access-control-allow-origin"), kShop);
  HttpResult other =
      anonymous->get(p + "/widget/tickets/" + token, {{"Origin", "https://evil.example.org"}});
  EXPECT_EQ(other.header("access-control-allow-origin"), "");
  // Nothing outside /widget/ answers cross-site calls.
  HttpResult elsewhere = anonymous->get(p + "/auth/me", {{"Origin", kShop}});
  EXPECT_EQ(elsewhere.header("access-control-allow-origin"), "");
}

TEST_F(GuestTest, AGuestRatesOnceResolvedByTheSignedInRules) {
  auto [id, token] = opened();
  std::string rate = p + "/widget/tickets/" + token + "/rate";
  EXPECT_EQ(anonymous->post_json(rate, json::object{{"rating", 5}}).status, 409);  // still open
  make.status(*agent, id, "resolved");
  EXPECT_EQ(error_fields(anonymous->post_json(rate, json::object{{"rating", 6}})),
            std::set<std::string>{"rating"});
  HttpResult first = anonymous->post_json(rate, json::object{{"rating", 2}, {"comment", "Slow."}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json().at("ticket_id").as_int64(), id);
  HttpResult again = anonymous->post_json(rate, json::object{{"rating", 4}});
  EXPECT_EQ(again.status, 200) << again.body;  // one rating per ticket, replaced
  HttpResult page = show(token);
  EXPECT_EQ(page.json().at("ticket").at("satisfaction_rating").at("rating").as_int64(), 4);
  HttpResult report = admin->get(p + "/admin/reports/satisfaction");
  EXPECT_EQ(report.json().at("count").as_int64(), 1) << report.body;
  // A wrong token rates nothing.
  EXPECT_EQ(anonymous
                ->post_json(p + "/widget/tickets/" + std::string(43, 'C') + "/rate",
                            json::object{{"rating", 1}})
                .status,
            404);
}

TEST_F(GuestTest, MailedTicketsGetALinkAndAVerifiedAddressClaimsGuestTickets) {
  SmtpSink mail_sink;
  TestServer inbound{[&](Options& o) {
    configure(o, mail_sink);
    o.email.inbound_secret = "inbound-s3cret";
  }};
  std::string q = inbound.prefix();
  auto c = inbound.client();
  HttpResult in = c->post(
      q + "/inbound/email",
      "From: Nia New <nia@example.com>\r\nTo: help@help.example.com\r\nSubject: Hello\r\n"
      "Message-ID: <first@example.com>\r\nContent-Type: text/plain\r\n\r\nMy order is late.\r\n",
      {{"Content-Type", "message/rfc822"}, {"X-Escalated-Inbound-Secret", "inbound-s3cret"}});
  ASSERT_EQ(in.status, 200) << in.body;
  inbound.run_jobs();
  ASSERT_EQ(mail_sink.messages().size(), 1u);
  std::smatch m;
  std::string text = mail_sink.messages()[0].part("text/plain");
  static const std::regex link(
      R"(https://help\.example\.com/support/guest/ticket\?token=([A-Za-z0-9_-]{43}))");
  ASSERT_TRUE(std::regex_search(text, m, link)) << text;
  HttpResult page = c->get(q + "/widget/tickets/" + m[1].str());
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json().at("ticket").at("subject").as_string(), "Hello");

  // A guest who registers sees nothing until the address is proven; the
  // reset link proves it, and the guest tickets become the account's.
  HttpResult opened_as_guest = c->post_json(q + "/widget/tickets", guest_ticket());
  ASSERT_EQ(opened_as_guest.status, 201);
  auto gail = inbound.client();
  HttpResult reg =
      gail->post_json(q + "/auth/register", json::object{{"name", "Gail"},
                                                         {"email", "gail@example.net"},
                                                         {"password", "gails-password-1"}});
  ASSERT_EQ(reg.status, 201) << reg.body;
  gail->login(q, "gail@example.net", "gails-password-1");
  EXPECT_EQ(gail->get(q + "/tickets").json().at("data").as_array().size(), 0u);
  inbound.run_jobs();
  std::size_t before = mail_sink.messages().size();
  ASSERT_EQ(
      c->post_json(q + "/auth/password/forgot", json::object{{"email", "gail@example.net"}}).status,
      202);
  inbound.run_jobs();
  ASSERT_EQ(mail_sink.messages().size(), before + 1);
  std::string reset_text = mail_sink.messages().back().part("text/plain");
  static const std::regex reset_link(R"(reset-password\?token=([A-Za-z0-9_-]{43}))");
  ASSERT_TRUE(std::regex_search(reset_text, m, reset_link)) << reset_text;
  ASSERT_EQ(c->post_json(q + "/auth/password/reset",
                         json::object{{"token", m[1].str()}, {"password", "gails-password-2"}})
                .status,
            200);
  auto verified = inbound.signed_in("gail@example.net", "gails-password-2");
  HttpResult mine = verified->get(q + "/tickets");
  ASSERT_EQ(mine.json().at("data").as_array().size(), 1u) << mine.body;
  EXPECT_EQ(mine.json().at("data").at(0).at("subject").as_string(), "Where is my parcel?");
}

TEST_F(GuestTest, OneClickInTheResolvedMailRatesThenOffersTheComment) {
  auto [id, token] = opened();
  make.status(*agent, id, "resolved");
  server.run_jobs();
  auto mail = sink.messages();
  ASSERT_EQ(mail.size(), 2u);  // the acknowledgement and the resolution, in either order
  std::string text = mail[0].part("text/plain");
  if (text.find("/widget/ratings/") == std::string::npos) text = mail[1].part("text/plain");
  std::smatch m;
  static const std::regex four(
      R"(4: https://help\.example\.com(/support/widget/ratings/([0-9]+)/4)\?sig=([0-9a-f]{32}))");
  ASSERT_TRUE(std::regex_search(text, m, four)) << text;
  EXPECT_EQ(std::stoll(m[2].str()), id);
  std::string path = m[1].str(), sig = m[3].str();
  // Another rating, or another ticket, under this signature is no link.
  EXPECT_EQ(anonymous->get(p + "/widget/ratings/" + std::to_string(id) + "/5?sig=" + sig).status,
            404);
  EXPECT_EQ(error_fields(anonymous->get(path + "?sig=nothex")), std::set<std::string>{"sig"});
  EXPECT_EQ(show(token).json().at("ticket").at("satisfaction_rating").is_null(), true);

  // Followed by a browser: recorded, then to the page that offers the comment.
  HttpResult followed = anonymous->get(path + "?sig=" + sig, {{"Accept", "text/html"}});
  ASSERT_EQ(followed.status, 303) << followed.body;
  std::string location = followed.header("location");
  static const std::regex page(
      R"(https://help\.example\.com/support/guest/ticket\?token=([A-Za-z0-9_-]{43})&rated=4)");
  ASSERT_TRUE(std::regex_match(location, m, page)) << location;
  HttpResult shown = show(m[1].str());
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.json().at("ticket").at("satisfaction_rating").at("rating").as_int64(), 4);
  // The comment, through the link the answer gave.
  HttpResult comment = anonymous->post_json(p + "/widget/tickets/" + m[1].str() + "/rate",
                                            json::object{{"rating", 4}, {"comment", "Nice."}});
  EXPECT_EQ(comment.status, 200) << comment.body;
  // Reopened, the ticket takes no rating by link until resolved again.
  make.status(*agent, id, "reopened");
  EXPECT_EQ(anonymous->get(path + "?sig=" + sig).status, 409);
}

}  // namespace
}  // namespace escalated::testing
