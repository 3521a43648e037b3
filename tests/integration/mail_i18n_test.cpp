// Mail in the recipient's language (issue 14): the built-in templates of the
// fourteen locales, an admin's override per template and locale, and the
// reply headers of each language cut from inbound replies.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "core/ticket_rules.h"
#include "support/builders.h"
#include "support/smtp_sink.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

constexpr const char* kDomain = "help.example.com";
constexpr const char* kSecret = "inbound-s3cret";

std::string reference(std::int64_t ticket) {
  return "[" + core::format_reference("ESC", ticket) + "]";
}

class MailI18nTest : public ::testing::Test {
 protected:
  MailI18nTest()
      : server([this](Options& o) {
          o.mail.smtp_url = sink.url();
          o.mail.from = "Help Desk <help@help.example.com>";
          o.mail.public_url = "https://help.example.com/";
          o.email.domain = kDomain;
          o.email.inbound_secret = kSecret;
        }) {}

  void SetUp() override {
    server.add_user("Admin", "admin@example.com", "admin");
    admin = server.signed_in("admin@example.com");
    server.set_clock("2026-03-02T10:00:00Z");
  }
  // A customer who reads `locale` ("" = none chosen), signed in.
  std::unique_ptr<HttpClient> customer(const std::string& email, const std::string& locale) {
    server.add_user("Kim Kunde", email, "customer");
    auto c = server.signed_in(email);
    if (!locale.empty()) {
      HttpResult r = c->request("PATCH", p + "/auth/me",
                                HttpClient::serialize(json::object{{"locale", locale}}));
      EXPECT_EQ(r.status, 200) << r.body;
    }
    return c;
  }
  // The text body of the one mail sent to `to` since the last call.
  const SinkMessage* mail_to(const std::string& to) {
    server.run_jobs();
    const SinkMessage* found = nullptr;
    messages_ = sink.messages();
    for (const auto& m : messages_)
      if (m.recipients == std::vector<std::string>{to}) found = &m;
    return found;
  }

  SmtpSink sink;
  TestServer server;
  Build make{server};
  std::string p = server.prefix();
  std::unique_ptr<HttpClient> admin;
  std::vector<SinkMessage> messages_;
};

TEST_F(MailI18nTest, AGermanUserGetsTheGermanMail) {
  auto kim = customer("kim@example.com", "de");
  std::int64_t id = make.ticket(*kim, "Drucker klemmt");
  const SinkMessage* m = mail_to("kim@example.com");
  ASSERT_NE(m, nullptr);
  // The reference in the subject is the same in every language.
  EXPECT_EQ(m->header("Subject").rfind(reference(id), 0), 0u) << m->header("Subject");
  std::string text = m->part("text/plain");
  EXPECT_NE(text.find("Hallo Kim Kunde,"), std::string::npos) << text;
  EXPECT_NE(text.find("wir haben Ihre Anfrage „Drucker klemmt“ erhalten"), std::string::npos)
      << text;
  EXPECT_NE(text.find(core::format_reference("ESC", id)), std::string::npos) << text;
  EXPECT_EQ(text.find("Hello"), std::string::npos) << text;
  EXPECT_NE(m->part("text/html").find("<p>Hallo Kim Kunde,</p>"), std::string::npos);

  // Someone who chose nothing reads DefaultLocale (English).
  auto lee = customer("lee@example.com", "");
  make.ticket(*lee, "Printer jams");
  m = mail_to("lee@example.com");
  ASSERT_NE(m, nullptr);
  EXPECT_NE(m->part("text/plain").find("Hello Kim Kunde,"), std::string::npos);
}

TEST_F(MailI18nTest, StatusAndPriorityAreInTheRecipientsWords) {
  std::int64_t agent_id = server.add_user("Anke Agentin", "anke@example.com", "agent");
  auto anke = server.signed_in("anke@example.com");
  ASSERT_EQ(
      anke->request("PATCH", p + "/auth/me", HttpClient::serialize(json::object{{"locale", "de"}}))
          .status,
      200);
  auto kim = customer("kim@example.com", "");
  std::int64_t id = make.ticket(*kim, "Printer jams", {{"priority", "high"}});
  ASSERT_EQ(admin
                ->post_json(p + "/agent/tickets/" + std::to_string(id) + "/assign",
                            json::object{{"agent_id", agent_id}})
                .status,
            200);
  const SinkMessage* m = mail_to("anke@example.com");
  ASSERT_NE(m, nullptr);
  std::string text = m->part("text/plain");
  EXPECT_NE(text.find("(Priorität Hoch)"), std::string::npos) << text;
  EXPECT_EQ(text.find("high"), std::string::npos) << text;
}

TEST_F(MailI18nTest, ArabicMailIsRightToLeft) {
  auto kim = customer("kim@example.com", "ar");
  make.ticket(*kim, "طابعة");
  const SinkMessage* m = mail_to("kim@example.com");
  ASSERT_NE(m, nullptr);
  EXPECT_NE(m->part("text/plain").find("مرحبًا Kim Kunde،"), std::string::npos);
  EXPECT_EQ(m->part("text/html").rfind("<div dir=\"rtl\">", 0), 0u) << m->part("text/html");
}

TEST_F(MailI18nTest, AnOverrideForFrenchIsUsedForFrenchRecipientsOnly) {
  std::string url = p + "/admin/email-templates/ticket_received";
  json::object custom{{"subject", "Bien reçu : {{ticket.subject}}"},
                      {"body_text", "Salut {{requester.name}} ({{ticket.reference}})"},
                      {"body_html", "<p>Salut {{requester.name}}</p>"}};
  HttpResult put = admin->request("PUT", url + "?locale=fr", HttpClient::serialize(custom));
  ASSERT_EQ(put.status, 200) << put.body;
  json::value v = put.json();
  EXPECT_EQ(v.at("locale"), "fr");
  EXPECT_EQ(v.at("customized"), true);
  EXPECT_EQ(v.at("customized_locales"), json::array{"fr"});
  EXPECT_EQ(v.at("effective"), custom);
  // The French default stays visible next to the override.
  EXPECT_NE(std::string(v.at("default").at("body_text").as_string()).find("Bonjour"),
            std::string::npos);

  // English (the default locale) is untouched.
  HttpResult en = admin->get(url);
  ASSERT_EQ(en.status, 200) << en.body;
  EXPECT_EQ(en.json().at("locale"), "en");
  EXPECT_EQ(en.json().at("customized"), false);
  EXPECT_EQ(en.json().at("customized_locales"), json::array{"fr"});
  HttpResult list = admin->get(p + "/admin/email-templates?locale=fr");
  ASSERT_EQ(list.status, 200) << list.body;
  json::value listed = list.json();
  for (const auto& t : listed.at("data").as_array())
    EXPECT_EQ(t.at("customized"), t.at("key") == "ticket_received") << t;

  auto amelie = customer("amelie@example.com", "fr");
  auto hans = customer("hans@example.com", "de");
  auto lee = customer("lee@example.com", "");
  std::int64_t fr_id = make.ticket(*amelie, "Imprimante");
  make.ticket(*hans, "Drucker");
  make.ticket(*lee, "Printer");
  const SinkMessage* m = mail_to("amelie@example.com");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->part("text/plain"),
            "Salut Kim Kunde (" + core::format_reference("ESC", fr_id) + ")");
  m = mail_to("hans@example.com");
  ASSERT_NE(m, nullptr);
  EXPECT_NE(m->part("text/plain").find("Hallo Kim Kunde,"), std::string::npos);
  m = mail_to("lee@example.com");
  ASSERT_NE(m, nullptr);
  EXPECT_NE(m->part("text/plain").find("we received your request"), std::string::npos);

  // The preview renders the locale's template in force.
  HttpResult preview = admin->post_json(url + "/preview?locale=fr", json::object{});
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.json().at("subject"), "[ESC-00042] Bien reçu : The printer on floor 3 jams");

  // Reset brings the French default back, for French only.
  HttpResult reset = admin->request("DELETE", url + "?locale=fr", "");
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(reset.json().at("customized"), false);
  EXPECT_EQ(reset.json().at("customized_locales"), json::array{});
}

TEST_F(MailI18nTest, AnUnknownLocaleIs422NamingIt) {
  std::string url = p + "/admin/email-templates/ticket_received";
  for (const char* method : {"GET", "PUT", "DELETE"}) {
    HttpResult r = admin->request(
        method, url + "?locale=xx",
        std::string(method) == "PUT" ? HttpClient::serialize(json::object{
                                           {"subject", "s"}, {"body_text", "t"}, {"body_html", ""}})
                                     : "");
    ASSERT_EQ(r.status, 422) << method << r.body;
    EXPECT_TRUE(r.json().at("errors").as_object().contains("locale")) << r.body;
  }
  EXPECT_EQ(admin->get(p + "/admin/email-templates?locale=pt-br").status, 422);
  EXPECT_EQ(admin->get(url).json().at("customized_locales"), json::array{});
}

// Every language's built-in templates render with the same placeholders
// filled: the password reset mail, asked for in every language.
TEST_F(MailI18nTest, EveryLocaleHasItsOwnPasswordResetMail) {
  const std::vector<std::pair<std::string, std::string>> words = {
      {"ar", "كلمة مرور"},    {"de", "Passwort"}, {"en", "password"},   {"es", "contraseña"},
      {"fr", "mot de passe"}, {"it", "password"}, {"ja", "パスワード"}, {"ko", "비밀번호"},
      {"nl", "wachtwoord"},   {"pl", "hasło"},    {"pt-BR", "senha"},   {"ru", "пароль"},
      {"tr", "parola"},       {"zh-CN", "密码"}};
  auto anonymous = server.client();
  for (const auto& [locale, word] : words) {
    // Addresses are stored in lower case ("pt-BR" -> "u-pt-br@...").
    std::string email = "u-" + locale + "@example.com";
    std::transform(email.begin(), email.end(), email.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    customer(email, locale);
    HttpResult r = anonymous->post_json(p + "/auth/password/forgot", {{"email", email}});
    ASSERT_EQ(r.status, 202) << r.body;
    const SinkMessage* m = mail_to(email);
    ASSERT_NE(m, nullptr) << locale;
    std::string text = m->part("text/plain");
    EXPECT_NE(text.find(word), std::string::npos) << locale << "\n" << text;
    EXPECT_NE(text.find("reset-password?token="), std::string::npos) << locale;
    EXPECT_NE(text.find(email), std::string::npos) << locale;
    EXPECT_EQ(text.find("{{"), std::string::npos) << locale;
  }
}

// The reply header a mail client of each language writes above the quote.
struct ReplyHeader {
  const char* language;
  const char* line;
};

class InboundReplyHeaderTest : public MailI18nTest,
                               public ::testing::WithParamInterface<ReplyHeader> {};

TEST_P(InboundReplyHeaderTest, TheQuoteBelowTheHeaderIsCut) {
  auto kim = customer("kim@example.com", "");
  std::int64_t id = make.ticket(*kim, "Printer jams");
  std::string raw = "From: Kim Kunde <kim@example.com>\r\nTo: support@" + std::string(kDomain) +
                    "\r\nSubject: Re: Printer jams\r\nMessage-ID: <r-" + GetParam().language +
                    "@example.com>\r\nIn-Reply-To: <ticket-" + std::to_string(id) + "@" + kDomain +
                    ">\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nNew text.\r\n\r\n" +
                    GetParam().line + "\r\n> The old text.\r\n> More of it.\r\n";
  auto anonymous = server.client();
  HttpResult r = anonymous->post(
      p + "/inbound/email", raw,
      {{"Content-Type", "message/rfc822"}, {"X-Escalated-Inbound-Secret", kSecret}});
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json().at("outcome"), "replied") << r.body;
  HttpResult t = admin->get(p + "/agent/tickets/" + std::to_string(id));
  ASSERT_EQ(t.status, 200) << t.body;
  json::value body = t.json();
  const json::array& replies = body.at("replies").as_array();
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].at("body"), "New text.") << GetParam().language;
}

INSTANTIATE_TEST_SUITE_P(
    Languages, InboundReplyHeaderTest,
    ::testing::Values(
        ReplyHeader{
            "ar",
            "في الثلاثاء، 3 مارس 2026 10:00 ص، كتب \u200FSupport\u200F <s@help.example.com>:"},
        ReplyHeader{"de",
                    "Am Di., 3. März 2026 um 10:00 Uhr schrieb Support <s@help.example.com>:"},
        ReplyHeader{"en", "On Tue, 3 Mar 2026 at 10:00, Support <s@help.example.com> wrote:"},
        ReplyHeader{"es",
                    "El mar, 3 mar 2026 a las 10:00, Support (<s@help.example.com>) escribió:"},
        ReplyHeader{"fr", "Le mar. 3 mars 2026 à 10:00, Support <s@help.example.com> a écrit :"},
        ReplyHeader{
            "it",
            "Il giorno mar 3 mar 2026 alle ore 10:00 Support <s@help.example.com> ha scritto:"},
        ReplyHeader{"ja", "2026年3月3日(火) 10:00 Support <s@help.example.com>が書きました:"},
        ReplyHeader{"ko", "2026년 3월 3일 (화) 오전 10:00, Support <s@help.example.com>님이 작성:"},
        ReplyHeader{"nl", "Op di 3 mrt 2026 om 10:00 schreef Support <s@help.example.com>:"},
        ReplyHeader{"pl", "W dniu 3.03.2026 o 10:00, Support pisze:"},
        ReplyHeader{"ptBR",
                    "Em ter., 3 de mar. de 2026 às 10:00, Support <s@help.example.com> escreveu:"},
        ReplyHeader{"ru", "вт, 3 мар. 2026 г. в 10:00, Support <s@help.example.com> написал(а):"},
        ReplyHeader{"tr",
                    "3 Mar 2026 Sal, 10:00 tarihinde Support <s@help.example.com> şunu yazdı:"},
        ReplyHeader{"zhCN", "Support <s@help.example.com> 于2026年3月3日周二 10:00写道："}),
    [](const ::testing::TestParamInfo<ReplyHeader>& info) { return info.param.language; });

}  // namespace
}  // namespace escalated::testing
