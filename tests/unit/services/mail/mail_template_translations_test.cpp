// The built-in templates of the fourteen locales: each is valid, uses the
// placeholders of the English one (no more, no fewer), and is not English.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/locale.h"
#include "services/mail/mail_templates.h"

namespace escalated::services {
namespace {

std::multiset<std::string> placeholders_in(const std::string& text) {
  std::multiset<std::string> out;
  for (std::size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", at + 2)) {
    std::size_t close = text.find("}}", at);
    if (close == std::string::npos) break;
    out.insert(text.substr(at + 2, close - at - 2));
  }
  return out;
}

std::set<std::string> distinct(const std::multiset<std::string>& m) {
  return {m.begin(), m.end()};
}

TEST(MailTemplateTranslations, EveryLocaleHasEveryTemplateWithTheSamePlaceholders) {
  for (std::string_view locale : core::kLocales) {
    if (locale == "en") {
      EXPECT_EQ(translated_mail_templates(locale), nullptr);
      continue;
    }
    ASSERT_NE(translated_mail_templates(locale), nullptr) << locale;
    for (const auto& key : mail_template_keys()) {
      SCOPED_TRACE(std::string(locale) + " " + key);
      auto english = default_mail_template(key);
      auto local = default_mail_template(key, locale);
      ASSERT_TRUE(english && local);
      core::FieldErrorCollector errors;
      validate_mail_template(*local, errors);
      EXPECT_TRUE(errors.empty());
      EXPECT_EQ(distinct(placeholders_in(local->subject)),
                distinct(placeholders_in(english->subject)));
      EXPECT_EQ(distinct(placeholders_in(local->body_text)),
                distinct(placeholders_in(english->body_text)));
      EXPECT_EQ(distinct(placeholders_in(local->body_html)),
                distinct(placeholders_in(english->body_html)));
      EXPECT_NE(local->body_text, english->body_text);
    }
  }
  // A locale we do not speak reads English.
  EXPECT_EQ(default_mail_template("ticket_received", "sv")->body_text,
            default_mail_template("ticket_received")->body_text);
}

}  // namespace
}  // namespace escalated::services
