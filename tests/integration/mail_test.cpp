// Notification mail through a real SMTP server (tests/support/smtp_sink.py):
// who is told what, the threading headers, the signed Reply-To, retries with
// backoff by the test clock, manual retry, editable templates, and names or
// subjects that try to add headers.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/ticket_rules.h"
#include "core/time_format.h"
#include "security/signatures.h"
#include "store/database.h"
#include "support/builders.h"
#include "support/smtp_sink.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

constexpr const char* kDomain = "help.example.com";
constexpr const char* kSecret = "inbound-s3cret";

std::string root_id(std::int64_t ticket) {
  return "<ticket-" + std::to_string(ticket) + "@" + kDomain + ">";
}
std::string reference(std::int64_t ticket) {
  std::string digits = std::to_string(ticket);
  return "[ESC-" + std::string(digits.size() < 5 ? 5 - digits.size() : 0, '0') + digits + "]";
}

class MailTest : public ::testing::Test {
 protected:
  explicit MailTest(const std::string& smtp_url = "", int max_attempts = 8,
                    bool require_tls = false)
      : server([smtp_url, max_attempts, require_tls, this](Options& o) {
          o.mail.smtp_url = smtp_url.empty() ? sink.url() : smtp_url;
          o.mail.require_tls = require_tls;
          o.mail.from = "Help Desk <help@help.example.com>";
          o.mail.max_attempts = max_attempts;
          o.mail.public_url = "https://help.example.com/";
          o.email.domain = kDomain;
          o.email.inbound_secret = kSecret;
        }) {}

  void SetUp() override {
    server.add_user("Admin", "admin@example.com", "admin");
    customer_id = server.add_user("Cus Tomer", "cus@example.com", "customer");
    agent_id = server.add_user("Ada Agent", "ada@example.com", "agent");
    admin = server.signed_in("admin@example.com");
    customer = server.signed_in("cus@example.com");
    agent = server.signed_in("ada@example.com");
    server.set_clock("2026-03-02T10:00:00Z");
  }
  // Runs jobs, relays events and sends due mail; returns how many were sent.
  std::int64_t run_jobs() { return server.run_jobs().at("mails_sent").as_int64(); }
  std::int64_t create_ticket(const std::string& subject = "Printer jams") {
    return make.ticket(*customer, subject);
  }
  HttpResult act(HttpClient& who, std::int64_t ticket, const std::string& action,
                 const json::object& body) {
    return who.post_json(p + "/agent/tickets/" + std::to_string(ticket) + "/" + action, body);
  }
  json::array queue() {
    HttpResult r = admin->get(p + "/admin/mail");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("data").as_array();
  }

  SmtpSink sink;
  TestServer server;
  Build make{server};
  std::string p = server.prefix();
  std::int64_t customer_id = 0, agent_id = 0;
  std::unique_ptr<HttpClient> admin, customer, agent;
};

TEST_F(MailTest, TicketReceivedIsTheSignedRootOfTheThread) {
  std::int64_t id = create_ticket();
  EXPECT_EQ(run_jobs(), 1);
  auto got = sink.messages();
  ASSERT_EQ(got.size(), 1u);
  const SinkMessage& m = got[0];
  EXPECT_EQ(m.mail_from, "help@help.example.com");
  EXPECT_EQ(m.recipients, std::vector<std::string>{"cus@example.com"});
  EXPECT_EQ(m.header("To"), "\"Cus Tomer\" <cus@example.com>");
  EXPECT_EQ(m.header("From"), "\"Help Desk\" <help@help.example.com>");
  EXPECT_EQ(m.header("Message-ID"), root_id(id));
  EXPECT_EQ(m.header("In-Reply-To"), "");
  EXPECT_EQ(m.header("Subject"), reference(id) + " Printer jams");
  EXPECT_EQ(m.header("Auto-Submitted"), "auto-generated");
  EXPECT_EQ(m.header("Date"), "Mon, 02 Mar 2026 10:00:00 +0000");
  // The signature: the first 16 hex characters of HMAC-SHA256(secret, "42").
  std::string sig =
      security::hex_encode(security::hmac_sha256(kSecret, std::to_string(id))).substr(0, 16);
  EXPECT_EQ(m.header("Reply-To"),
            "reply+" + std::to_string(id) + "." + sig + "@" + std::string(kDomain));
  std::string text = m.part("text/plain");
  EXPECT_NE(text.find("Hello Cus Tomer,"), std::string::npos) << text;
  EXPECT_NE(
      text.find("https://help.example.com/support/tickets/" + core::format_reference("ESC", id)),
      std::string::npos)
      << text;
  EXPECT_NE(m.part("text/html").find("<strong>" + core::format_reference("ESC", id)),
            std::string::npos);

  json::array q = queue();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].at("status"), "sent");
  EXPECT_EQ(q[0].at("template"), "ticket_received");
  EXPECT_EQ(q[0].at("to"), "cus@example.com");
  EXPECT_EQ(q[0].at("ticket_id").as_int64(), id);
  EXPECT_EQ(q[0].at("attempts").as_int64(), 1);
  EXPECT_EQ(q[0].at("message_id"), json::value(root_id(id)));

  // Events offered again (as after a crash before they were marked) queue
  // nothing new, and nothing is sent twice.
  server.helpdesk().database().write(
      [](store::Connection& c) { c.execute("UPDATE outbox SET dispatched_at = NULL"); });
  EXPECT_EQ(run_jobs(), 0);
  EXPECT_EQ(sink.messages().size(), 1u);
  EXPECT_EQ(queue().size(), 1u);
}

TEST_F(MailTest, AgentReplyThreadsUnderTheRootAndNotesSendNothing) {
  std::int64_t id = create_ticket();
  run_jobs();
  HttpResult reply = act(*agent, id, "reply", {{"body", "We are **on it**."}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  std::int64_t reply_id = reply.json().at("id").as_int64();
  EXPECT_EQ(run_jobs(), 1);
  auto got = sink.messages();
  ASSERT_EQ(got.size(), 2u);
  const SinkMessage& m = got[1];
  EXPECT_EQ(m.recipients, std::vector<std::string>{"cus@example.com"});
  EXPECT_EQ(m.header("Message-ID"), "<ticket-" + std::to_string(id) + "-reply-" +
                                        std::to_string(reply_id) + "@" + kDomain + ">");
  EXPECT_EQ(m.header("In-Reply-To"), root_id(id));
  EXPECT_EQ(m.header("References"), root_id(id));
  EXPECT_EQ(m.header("Subject"), reference(id) + " Printer jams");
  EXPECT_NE(m.part("text/plain").find("Ada Agent replied"), std::string::npos);
  EXPECT_NE(m.part("text/plain").find("We are **on it**."), std::string::npos);
  EXPECT_NE(m.part("text/html").find("<strong>on it</strong>"), std::string::npos);

  // An internal note tells nobody.
  ASSERT_EQ(act(*agent, id, "note", {{"body", "customer seems upset"}}).status, 201);
  EXPECT_EQ(run_jobs(), 0);
  EXPECT_EQ(sink.messages().size(), 2u);
}

TEST_F(MailTest, TheRightPeopleHearAndNeverOfTheirOwnActions) {
  std::int64_t id = create_ticket();
  run_jobs();
  ASSERT_EQ(sink.messages().size(), 1u);
  // An agent taking the ticket is not told about it.
  ASSERT_EQ(act(*agent, id, "assign", {{"agent_id", agent_id}}).status, 200);
  EXPECT_EQ(run_jobs(), 0);
  // Assigned by someone else: the agent hears.
  ASSERT_EQ(act(*admin, id, "assign", {{"agent_id", nullptr}}).status, 200);
  ASSERT_EQ(act(*admin, id, "assign", {{"agent_id", agent_id}}).status, 200);
  EXPECT_EQ(run_jobs(), 1);
  auto got = sink.messages();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].recipients, std::vector<std::string>{"ada@example.com"});
  EXPECT_EQ(got[1].header("Subject"), reference(id) + " Assigned to you: Printer jams");
  EXPECT_EQ(got[1].header("In-Reply-To"), root_id(id));
  EXPECT_EQ(got[1].header("Message-ID").rfind("<ticket-" + std::to_string(id) + "-n", 0), 0u);
  EXPECT_NE(got[1].part("text/plain").find("https://help.example.com/support/agent/tickets/"),
            std::string::npos);
  // The customer replies: the assignee hears, the customer does not.
  ASSERT_EQ(customer
                ->post_json(p + "/tickets/" + std::to_string(id) + "/reply",
                            json::object{{"body", "Still smoking."}})
                .status,
            201);
  EXPECT_EQ(run_jobs(), 1);
  got = sink.messages();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[2].recipients, std::vector<std::string>{"ada@example.com"});
  EXPECT_NE(got[2].part("text/plain").find("Still smoking."), std::string::npos);
  // Resolved by the agent: the customer hears.
  ASSERT_EQ(act(*agent, id, "status", {{"status", "resolved"}}).status, 200);
  EXPECT_EQ(run_jobs(), 1);
  got = sink.messages();
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[3].recipients, std::vector<std::string>{"cus@example.com"});
  EXPECT_EQ(got[3].header("Subject"), reference(id) + " Resolved: Printer jams");
  EXPECT_EQ(got[3].header("References"), root_id(id));
  // It asks for a rating, on the request's page in the portal.
  std::string text = got[3].part("text/plain");
  EXPECT_NE(text.find("How did we do?"), std::string::npos) << text;
  EXPECT_NE(
      text.find("https://help.example.com/support/tickets/" + core::format_reference("ESC", id)),
      std::string::npos)
      << text;
}

TEST_F(MailTest, TemplatesCanBeEditedPreviewedAndReset) {
  EXPECT_EQ(customer->get(p + "/admin/email-templates").status, 403);
  HttpResult list = admin->get(p + "/admin/email-templates");
  ASSERT_EQ(list.status, 200) << list.body;
  json::array templates = list.json().at("data").as_array();
  ASSERT_EQ(templates.size(), 7u);
  EXPECT_EQ(admin->get(p + "/admin/email-templates/nope").status, 404);
  // The reset mail has its own placeholders, and its preview no ticket.
  const json::object& reset_template = templates[5].as_object();
  EXPECT_EQ(reset_template.at("key").as_string(), "password_reset");
  EXPECT_EQ(json::serialize(reset_template.at("placeholders")),
            R"(["recipient.name","recipient.email","reset.url","reset.expires_minutes"])");
  HttpResult reset_preview =
      admin->post_json(p + "/admin/email-templates/password_reset/preview", json::object{});
  ASSERT_EQ(reset_preview.status, 200) << reset_preview.body;
  EXPECT_EQ(reset_preview.json().at("subject").as_string(), "Reset your password");
  EXPECT_NE(std::string(reset_preview.json().at("body_text").as_string())
                .find("https://help.example.com/support/reset-password?token="),
            std::string::npos)
      << reset_preview.body;

  std::string url = p + "/admin/email-templates/ticket_received";
  HttpResult bad =
      admin->request("PUT", url,
                     HttpClient::serialize(json::object{{"subject", "{{ticket.subject}}"},
                                                        {"body_text", "Hi {{user.password}}"},
                                                        {"body_html", ""}}));
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(bad.json().at("errors").as_object().contains("body_text")) << bad.body;
  HttpResult missing =
      admin->request("PUT", url, HttpClient::serialize(json::object{{"subject", "x"}}));
  EXPECT_EQ(missing.status, 422);

  json::object custom{{"subject", "We got it: {{ticket.subject}}"},
                      {"body_text", "Hi {{requester.name}}! Ref {{ticket.reference}}."},
                      {"body_html", "<p>{{ticket.subject}}</p>"}};
  HttpResult put = admin->request("PUT", url, HttpClient::serialize(custom));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().at("customized"), true);
  EXPECT_EQ(put.json().at("effective"), custom);

  HttpResult preview = admin->post_json(url + "/preview", json::object{});
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.json().at("subject"), "[ESC-00042] We got it: The printer on floor 3 jams");
  HttpResult draft =
      admin->post_json(url + "/preview", json::object{{"body_text", "{{agent.name}}"}});
  ASSERT_EQ(draft.status, 200) << draft.body;
  EXPECT_EQ(draft.json().at("body_text"), "Alex Agent");

  std::int64_t id = create_ticket("<b>bold</b> move");
  EXPECT_EQ(run_jobs(), 1);
  auto got = sink.messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].header("Subject"), reference(id) + " We got it: <b>bold</b> move");
  EXPECT_EQ(got[0].part("text/plain"),
            "Hi Cus Tomer! Ref " + core::format_reference("ESC", id) + ".");
  EXPECT_EQ(got[0].part("text/html"), "<p>&lt;b&gt;bold&lt;/b&gt; move</p>");

  HttpResult reset = admin->request("DELETE", url, "");
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(reset.json().at("customized"), false);
  EXPECT_EQ(admin->get(url).json().at("override"), nullptr);
  create_ticket("Second");
  run_jobs();
  EXPECT_NE(sink.messages().back().part("text/plain").find("we received your request"),
            std::string::npos);
}

TEST_F(MailTest, TemplatePartsOfTheWrongTypeNameThePart) {
  std::string url = p + "/admin/email-templates/ticket_received";
  HttpResult typed =
      admin->request("PUT", url,
                     HttpClient::serialize(json::object{
                         {"subject", 5}, {"body_text", nullptr}, {"body_html", "<p>x</p>"}}));
  EXPECT_EQ(typed.status, 422) << typed.body;
  EXPECT_EQ(error_fields(typed), (std::set<std::string>{"subject", "body_text"}));
  HttpResult draft = admin->post_json(url + "/preview", json::object{{"body_html", nullptr}});
  EXPECT_EQ(draft.status, 422) << draft.body;
  EXPECT_EQ(error_fields(draft), std::set<std::string>{"body_html"});
  EXPECT_EQ(admin->get(url).json().at("customized"), false);
}

TEST_F(MailTest, NamesAndSubjectsCannotAddHeaders) {
  server.add_user("Eve\r\nBcc: victim@example.net", "eve@example.com", "customer");
  auto eve = server.signed_in("eve@example.com");
  HttpResult r = eve->post_json(
      p + "/tickets",
      json::object{{"subject", "Hello\r\nBcc: victim@example.net\r\nX-Injected: yes\r\n\r\nbody"},
                   {"description", "x"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(run_jobs(), 1);
  auto got = sink.messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].recipients, std::vector<std::string>{"eve@example.com"});
  for (const auto& name : got[0].header_names()) {
    EXPECT_NE(name, "Bcc");
    EXPECT_NE(name, "X-Injected");
  }
  EXPECT_NE(got[0].header("Subject").find("Hello Bcc: victim@example.net X-Injected: yes body"),
            std::string::npos)
      << got[0].header("Subject");
  EXPECT_EQ(got[0].header("To").find('\r'), std::string::npos);
  EXPECT_NE(got[0].header("To").find("<eve@example.com>"), std::string::npos);
}

// SMTP is down: a port nothing listens on.
class MailDownTest : public MailTest {
 protected:
  MailDownTest() : MailTest("smtp://127.0.0.1:" + std::to_string(dead_port), 3) {}
  static inline int dead_port = SmtpSink::free_port();
};

TEST_F(MailDownTest, RetriesWithBackoffThenFailsAndManualRetryDelivers) {
  std::int64_t id = create_ticket();
  EXPECT_EQ(run_jobs(), 0);
  json::array q = queue();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].at("status"), "queued");
  EXPECT_EQ(q[0].at("attempts").as_int64(), 1);
  EXPECT_FALSE(q[0].at("last_error").is_null());
  core::Millis start = *core::parse_rfc3339("2026-03-02T10:00:00Z");
  auto next_in = [&](const json::value& m) {
    return *core::parse_rfc3339(m.at("next_attempt_at").as_string()) - start;
  };
  // One minute, ±10 %.
  EXPECT_GE(next_in(q[0]), 54'000);
  EXPECT_LE(next_in(q[0]), 66'000);
  run_jobs();  // not due yet: no attempt
  EXPECT_EQ(queue()[0].at("attempts").as_int64(), 1);

  server.advance_clock(70);
  run_jobs();
  q = queue();
  EXPECT_EQ(q[0].at("attempts").as_int64(), 2);
  EXPECT_EQ(q[0].at("status"), "queued");
  // Then two minutes, ±10 %.
  EXPECT_GE(next_in(q[0]), 70'000 + 108'000);
  EXPECT_LE(next_in(q[0]), 70'000 + 132'000);
  server.advance_clock(140);
  run_jobs();
  q = queue();
  EXPECT_EQ(q[0].at("attempts").as_int64(), 3);
  EXPECT_EQ(q[0].at("status"), "failed");  // Mail.MaxAttempts = 3
  server.advance_clock(86'400);
  run_jobs();
  EXPECT_EQ(queue()[0].at("attempts").as_int64(), 3);

  // The server is back; an admin sends it again.
  SmtpSink back(dead_port);
  std::string retry_url = p + "/admin/mail/" + std::to_string(q[0].at("id").as_int64()) + "/retry";
  EXPECT_EQ(customer->post_json(retry_url, json::object{}).status, 403);
  HttpResult retried = admin->post_json(retry_url, json::object{});
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.json().at("status"), "queued");
  EXPECT_EQ(run_jobs(), 1);
  auto got = back.messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].header("Message-ID"), root_id(id));
  EXPECT_EQ(queue()[0].at("status"), "sent");
  EXPECT_EQ(admin->post_json(retry_url, json::object{}).status, 409);  // sent already
  EXPECT_TRUE(sink.messages().empty());
}

// Mail.RequireTls: a server that offers no STARTTLS gets nothing.
class MailTlsTest : public MailTest {
 protected:
  MailTlsTest() : MailTest("", 8, true) {}
};

TEST_F(MailTlsTest, RequiredTlsRefusesAPlainServer) {
  create_ticket();
  EXPECT_EQ(run_jobs(), 0);
  EXPECT_TRUE(sink.messages().empty());
  json::array q = queue();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].at("status"), "queued");
  EXPECT_EQ(q[0].at("last_error"), "STARTTLS not supported.");
}

// A customer's new ticket on a server set up by `tweak`; answers the
// notification's row in the mail queue after one run.
json::value notify_once(const std::function<void(Options&)>& tweak) {
  TestServer server(tweak);
  server.add_user("Admin", "admin@example.com", "admin");
  server.add_user("Cus", "cus@example.com", "customer");
  auto admin = server.signed_in("admin@example.com");
  auto customer = server.signed_in("cus@example.com");
  std::string p = server.prefix();
  EXPECT_EQ(
      customer->post_json(p + "/tickets", json::object{{"subject", "s"}, {"description", "d"}})
          .status,
      201);
  server.run_jobs();
  HttpResult q = admin->get(p + "/admin/mail");
  EXPECT_EQ(q.json().at("data").as_array().size(), 1u) << q.body;
  return q.json().at("data").at(0);
}

TEST(MailTls, StartTlsWithVerificationAsConfigured) {
  SmtpSink sink(SmtpSinkOptions{0, true, ""});
  // A self-signed certificate passes only when verification is off.
  json::value m = notify_once([&](Options& o) {
    o.mail.smtp_url = sink.url();
    o.mail.require_tls = true;
    o.mail.verify_tls = false;
  });
  EXPECT_EQ(m.at("status"), "sent") << m;
  EXPECT_EQ(sink.messages().size(), 1u);
  m = notify_once([&](Options& o) {
    o.mail.smtp_url = sink.url();
    o.mail.require_tls = true;
  });
  EXPECT_EQ(m.at("status"), "queued");
  EXPECT_NE(std::string(m.at("last_error").as_string()).find("certificate"), std::string::npos)
      << m;
  EXPECT_EQ(sink.messages().size(), 1u);
}

TEST(MailAuth, SendsTheConfiguredCredentials) {
  SmtpSink sink(SmtpSinkOptions{0, false, "mailer:s3cret"});
  json::value m = notify_once([&](Options& o) {
    o.mail.smtp_url = sink.url();
    o.mail.username = "mailer";
    o.mail.password = "s3cret";
  });
  EXPECT_EQ(m.at("status"), "sent") << m;
  EXPECT_EQ(sink.messages().size(), 1u);
  m = notify_once([&](Options& o) {
    o.mail.smtp_url = sink.url();
    o.mail.username = "mailer";
    o.mail.password = "wrong";
  });
  EXPECT_EQ(m.at("status"), "queued");
  EXPECT_FALSE(m.at("last_error").is_null());
  EXPECT_EQ(sink.messages().size(), 1u);
}

TEST(MailOff, WithoutAnSmtpServerNotificationsAreSkipped) {
  TestServer server;
  server.add_user("Admin", "admin@example.com", "admin");
  server.add_user("Cus", "cus@example.com", "customer");
  auto admin = server.signed_in("admin@example.com");
  auto customer = server.signed_in("cus@example.com");
  std::string p = server.prefix();
  ASSERT_EQ(
      customer->post_json(p + "/tickets", json::object{{"subject", "s"}, {"description", "d"}})
          .status,
      201);
  EXPECT_EQ(server.run_jobs().at("mails_sent").as_int64(), 0);
  HttpResult q = admin->get(p + "/admin/mail?status=skipped");
  ASSERT_EQ(q.status, 200) << q.body;
  ASSERT_EQ(q.json().at("data").as_array().size(), 1u);
  EXPECT_EQ(q.json().at("data").at(0).at("last_error"), "Mail.SmtpUrl is not set");
  EXPECT_EQ(admin->get(p + "/admin/mail?status=bogus").status, 422);
}

}  // namespace
}  // namespace escalated::testing
