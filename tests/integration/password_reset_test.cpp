// "Forgot your password?" through a real SMTP server: the link arrives by
// mail, works once, expires by the test clock, is spent by a newer one, ends
// every session; unknown, deactivated and malformed addresses; the hourly
// cap; and a contact made by inbound mail setting a first password.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "support/smtp_sink.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

constexpr const char* kSecret = "inbound-s3cret";

class PasswordResetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Admin", "admin@example.com", "admin");
    cus_id = server.add_user("Cus Tomer", "cus@example.com", "customer", "old-password-1");
    admin = server.signed_in("admin@example.com");
    server.set_clock("2026-03-02T10:00:00Z");
  }
  std::int64_t run_jobs() { return server.run_jobs().at("mails_sent").as_int64(); }
  HttpResult forgot(const std::string& email) {
    return anonymous->post_json(p + "/auth/password/forgot", json::object{{"email", email}});
  }
  HttpResult reset(const std::string& token, const std::string& password) {
    return anonymous->post_json(p + "/auth/password/reset",
                                json::object{{"token", token}, {"password", password}});
  }
  int login(const std::string& email, const std::string& password) {
    return server.client()
        ->post_json(p + "/auth/login", json::object{{"email", email}, {"password", password}})
        .status;
  }
  // Asks for a link for `email` and returns the token of the mail it sent.
  std::string link_for(const std::string& email) {
    std::size_t before = sink.messages().size();
    EXPECT_EQ(forgot(email).status, 202);
    run_jobs();
    auto got = sink.messages();
    EXPECT_EQ(got.size(), before + 1);
    if (got.size() != before + 1) return "";
    std::string text = got.back().part("text/plain");
    std::smatch m;
    static const std::regex link(
        R"(https://help\.example\.com/support/reset-password\?token=([A-Za-z0-9_-]{43}))");
    EXPECT_TRUE(std::regex_search(text, m, link)) << text;
    return m.size() > 1 ? m[1].str() : "";
  }
  static bool names_field(const HttpResult& r, const std::string& field) {
    return r.status == 422 && r.json().at("errors").as_object().contains(field);
  }

  SmtpSink sink;
  TestServer server{[this](Options& o) {
    o.mail.smtp_url = sink.url();
    o.mail.from = "Help Desk <help@help.example.com>";
    o.mail.public_url = "https://help.example.com/";
    o.email.domain = "help.example.com";
    o.email.inbound_secret = kSecret;
  }};
  std::string p = server.prefix();
  std::int64_t cus_id = 0;
  std::unique_ptr<HttpClient> admin, anonymous = server.client();
};

TEST_F(PasswordResetTest, TheMailedLinkSetsANewPasswordOnceAndEndsEverySession) {
  auto cus = server.signed_in("cus@example.com", "old-password-1");
  ASSERT_EQ(cus->get(p + "/auth/me").status, 200);
  std::string token = link_for("  Cus@Example.com ");
  ASSERT_FALSE(token.empty());
  SinkMessage mail = sink.messages().back();
  EXPECT_EQ(mail.recipients, std::vector<std::string>{"cus@example.com"});
  EXPECT_EQ(mail.header("Subject"), "Reset your password");  // no ticket reference
  EXPECT_NE(mail.part("text/plain").find("within 60 minutes"), std::string::npos);
  // Asking changes nothing yet.
  EXPECT_EQ(login("cus@example.com", "old-password-1"), 200);

  HttpResult done = reset(token, "new-password-2");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(cus->get(p + "/auth/me").status, 401);  // the old session ended
  EXPECT_EQ(login("cus@example.com", "old-password-1"), 401);
  EXPECT_EQ(login("cus@example.com", "new-password-2"), 200);
  // A link works once.
  EXPECT_TRUE(names_field(reset(token, "third-password-3"), "token"));
  EXPECT_EQ(login("cus@example.com", "new-password-2"), 200);
  // Neither the token nor the password reaches the audit log.
  std::string audit = admin->get(p + "/admin/audit-logs?entity_type=user").body;
  EXPECT_NE(audit.find("password_reset"), std::string::npos) << audit;
  EXPECT_EQ(audit.find(token), std::string::npos);
  EXPECT_EQ(audit.find("new-password-2"), std::string::npos);
}

TEST_F(PasswordResetTest, EveryAddressGetsTheSameAnswerButOnlyActiveAccountsGetMail) {
  std::int64_t gone_id = server.add_user("Gone", "gone@example.com", "customer");
  HttpResult off = admin->request("PATCH", p + "/admin/users/" + std::to_string(gone_id),
                                  HttpClient::serialize(json::object{{"active", false}}));
  ASSERT_EQ(off.status, 200) << off.body;
  HttpResult unknown = forgot("nobody@example.com");
  HttpResult gone = forgot("gone@example.com");
  EXPECT_EQ(unknown.status, 202);
  EXPECT_EQ(gone.status, 202);
  EXPECT_EQ(unknown.body, gone.body);
  EXPECT_EQ(run_jobs(), 0);
  EXPECT_TRUE(sink.messages().empty());
  EXPECT_TRUE(names_field(forgot("not an address"), "email"));
  EXPECT_TRUE(
      names_field(anonymous->post_json(p + "/auth/password/forgot", json::object{}), "email"));
}

TEST_F(PasswordResetTest, ALinkExpiresAndANewerOneSpendsTheOlder) {
  std::string first = link_for("cus@example.com");
  server.advance_clock(61 * 60);
  EXPECT_TRUE(names_field(reset(first, "new-password-2"), "token"));
  std::string second = link_for("cus@example.com");
  std::string third = link_for("cus@example.com");
  EXPECT_TRUE(names_field(reset(second, "new-password-2"), "token"));
  // A bad password is refused and the link stays good.
  EXPECT_TRUE(names_field(reset(third, "short"), "password"));
  EXPECT_TRUE(names_field(reset("made-up-token", "new-password-2"), "token"));
  EXPECT_EQ(reset(third, "new-password-2").status, 200);
  EXPECT_EQ(login("cus@example.com", "new-password-2"), 200);
}

TEST_F(PasswordResetTest, AtMostThreeLinksAnHourReachAMailbox) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(forgot("cus@example.com").status, 202);
  EXPECT_EQ(run_jobs(), 3);
  server.advance_clock(61 * 60);
  EXPECT_EQ(forgot("cus@example.com").status, 202);
  EXPECT_EQ(run_jobs(), 1);
}

TEST_F(PasswordResetTest, AContactMadeByMailSetsAFirstPassword) {
  HttpResult in = anonymous->post(
      p + "/inbound/email",
      "From: Nia New <nia@example.com>\r\nTo: help@help.example.com\r\nSubject: Hello\r\n"
      "Message-ID: <first@example.com>\r\nContent-Type: text/plain\r\n\r\nMy order is late.\r\n",
      {{"Content-Type", "message/rfc822"}, {"X-Escalated-Inbound-Secret", kSecret}});
  ASSERT_EQ(in.status, 200) << in.body;
  ASSERT_EQ(in.json().at("outcome").as_string(), "created");
  run_jobs();  // the acknowledgement of the new ticket
  std::string token = link_for("nia@example.com");
  ASSERT_EQ(reset(token, "nias-password-1").status, 200);
  auto nia = server.signed_in("nia@example.com", "nias-password-1");
  HttpResult mine = nia->get(p + "/tickets");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json().at("data").as_array().size(), 1u);
}

// Issue 13, item 3: settings.manage must not lead to reading reset links.
TEST_F(PasswordResetTest, ResetLinksStayOutOfSubjectsAndTheMailLog) {
  std::string url = p + "/admin/email-templates/password_reset";
  HttpResult in_subject =
      admin->request("PUT", url,
                     HttpClient::serialize(json::object{{"subject", "Reset: {{ reset.url }}"},
                                                        {"body_text", "Go to {{reset.url}}"},
                                                        {"body_html", ""}}));
  EXPECT_EQ(in_subject.status, 422) << in_subject.body;
  EXPECT_TRUE(names_field(in_subject, "subject")) << in_subject.body;
  EXPECT_FALSE(in_subject.json().at("errors").as_object().contains("body_text")) << in_subject.body;
  // In the bodies it stays allowed.
  HttpResult in_body = admin->request(
      "PUT", url,
      HttpClient::serialize(json::object{{"subject", "Reset for {{recipient.email}}"},
                                         {"body_text", "Go to {{reset.url}}"},
                                         {"body_html", "<a href=\"{{reset.url}}\">go</a>"}}));
  ASSERT_EQ(in_body.status, 200) << in_body.body;

  std::string token = link_for("cus@example.com");
  ASSERT_FALSE(token.empty());
  HttpResult log = admin->get(p + "/admin/mail");
  ASSERT_EQ(log.status, 200) << log.body;
  EXPECT_EQ(log.body.find(token), std::string::npos) << log.body;
  EXPECT_EQ(log.json().at("data").at(0).at("subject"), "Reset for cus@example.com");
  // The link still works for its recipient.
  EXPECT_EQ(reset(token, "new-password-2").status, 200);
}

}  // namespace
}  // namespace escalated::testing
