// The notification templates: built-in defaults, the placeholder language
// (values escaped in HTML, never evaluated) and validation of overrides.
#include "services/mail/mail_templates.h"

#include <gtest/gtest.h>

namespace escalated::services {
namespace {

MailValues values() {
  return {{"ticket.reference", "ESC-00042"},
          {"ticket.subject", "<b>Printer</b> & \"scanner\""},
          {"requester.name", "Carla"},
          {"reply.body", "see <script>alert(1)</script>"},
          {"reply.body_html", "<p>already safe</p>"},
          {"ticket.url", "http://x/support/tickets/ESC-00042"}};
}

TEST(MailTemplates, SevenDefaultsThatValidate) {
  ASSERT_EQ(mail_template_keys().size(), 7u);
  for (const auto& key : mail_template_keys()) {
    auto t = default_mail_template(key);
    ASSERT_TRUE(t) << key;
    core::FieldErrorCollector errors;
    validate_mail_template(*t, errors);
    EXPECT_TRUE(errors.empty()) << key;
  }
  EXPECT_FALSE(default_mail_template("nope"));
}

TEST(MailTemplates, FillsPlaceholdersEscapingHtmlOnlyInTheHtmlBody) {
  MailTemplate t{"x", "Re: {{ticket.subject}}", "{{ requester.name }} wrote {{reply.body}}",
                 "<p>{{ticket.subject}}</p>{{reply.body_html}}<a href=\"{{ticket.url}}\">x</a>"};
  RenderedMail r = render_mail(t, values());
  EXPECT_EQ(r.subject, "Re: <b>Printer</b> & \"scanner\"");
  EXPECT_EQ(r.text, "Carla wrote see <script>alert(1)</script>");
  EXPECT_EQ(r.html,
            "<p>&lt;b&gt;Printer&lt;/b&gt; &amp; &quot;scanner&quot;</p><p>already safe</p>"
            "<a href=\"http://x/support/tickets/ESC-00042\">x</a>");
}

TEST(MailTemplates, ValuesAreNeverReadAsTemplates) {
  MailValues v = values();
  v["ticket.subject"] = "{{requester.name}}";
  RenderedMail r = render_mail({"x", "{{ticket.subject}}", "{{ticket.subject}}", ""}, v);
  EXPECT_EQ(r.subject, "{{requester.name}}");
  EXPECT_EQ(r.text, "{{requester.name}}");
}

TEST(MailTemplates, RefusesUnknownOrMisplacedPlaceholders) {
  auto errors_of = [](const MailTemplate& t) {
    core::FieldErrorCollector errors;
    validate_mail_template(t, errors);
    try {
      errors.raise_if_any();
    } catch (const core::ValidationError& e) {
      return e.errors();
    }
    return core::FieldErrors{};
  };
  auto e = errors_of({"x", "{{ticket.subjet}}", "ok", "<p>{{system.exec}}</p>"});
  EXPECT_EQ(e.count("subject"), 1u);
  EXPECT_EQ(e.count("body_html"), 1u);
  EXPECT_EQ(e.count("body_text"), 0u);
  e = errors_of({"x", "s", "{{reply.body_html}}", ""});
  EXPECT_EQ(e.count("body_text"), 1u);  // raw HTML belongs in body_html only
  e = errors_of({"x", "s", "unclosed {{ticket.subject", ""});
  EXPECT_EQ(e.count("body_text"), 1u);
  e = errors_of({"x", " ", "", ""});
  EXPECT_EQ(e.count("subject"), 1u);
  EXPECT_EQ(e.count("body_text"), 1u);
  e = errors_of({"x", "a\r\nBcc: x@example.com", "t", ""});
  EXPECT_EQ(e.count("subject"), 1u);
  // Each template knows its own placeholders: no reset link in a ticket
  // notification, no ticket in the reset mail.
  e = errors_of({"ticket_received", "s", "{{reset.url}}", ""});
  EXPECT_EQ(e.count("body_text"), 1u);
  e = errors_of({"password_reset", "{{ticket.subject}}", "{{reset.url}}", ""});
  EXPECT_EQ(e.count("subject"), 1u);
  EXPECT_EQ(e.count("body_text"), 0u);
}

TEST(MailTemplates, ResetLinksAreForBodiesOnlyAndRedactedInTheLog) {
  MailTemplate t{mail_templates::kPasswordReset, "Link {{reset.url}}", "Go {{reset.url}}", ""};
  core::FieldErrorCollector errors;
  validate_mail_template(t, errors);
  const auto& e = errors.errors();
  EXPECT_EQ(e.count("subject"), 1u);
  EXPECT_EQ(e.count("body_text"), 0u);
  // A template stored before the rule still never puts the link in a subject.
  RenderedMail r = render_mail(t, {{"reset.url", "https://h/reset-password?token=abc"}});
  EXPECT_EQ(r.subject, "Link ");
  EXPECT_EQ(r.text, "Go https://h/reset-password?token=abc");
  EXPECT_EQ(redact_reset_links("a https://h/support/reset-password?token=Ab_9-x b"),
            "a https://h/support/reset-password?token=[redacted] b");
  EXPECT_EQ(redact_reset_links("reset-password?token=x\"reset-password?token=y"),
            "reset-password?token=[redacted]\"reset-password?token=[redacted]");
  EXPECT_EQ(redact_reset_links("nothing here"), "nothing here");
}

}  // namespace
}  // namespace escalated::services
