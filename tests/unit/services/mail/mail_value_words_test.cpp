// A mail's words for statuses and priorities are the web UI's: every
// catalogue under web/src/locales gives the same word for every key.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "core/locale.h"
#include "services/mail/mail_templates.h"

namespace escalated::services {
namespace {

namespace json = boost::json;

json::value catalogue(const std::string& locale) {
  std::ifstream in(std::string(ESCALATED_WEB_LOCALES_DIR) + "/" + locale + ".json");
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

TEST(MailValueWords, AreTheWebCataloguesWords) {
  // Every value the English catalogue names (not its templates, such as
  // priority.title's "Priority: {priority}"), in every language.
  const json::value english = catalogue("en");
  int checked = 0;
  for (std::string_view locale : core::kLocales) {
    json::value words = catalogue(std::string(locale));
    for (const char* group : {"status", "priority"}) {
      for (const auto& [value, text] : english.at(group).as_object()) {
        if (std::string_view(text.as_string()).find('{') != std::string_view::npos) continue;
        std::string key = std::string(group) + "." + std::string(value);
        EXPECT_EQ(mail_value_word(key, locale),
                  std::string_view(words.at(group).at(value).as_string()))
            << locale << " " << key;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 14 * 13) << "8 statuses and 5 priorities in 14 languages";
  EXPECT_EQ(mail_value_word("priority.high", "xx"), "High") << "English when we do not speak it";
  EXPECT_EQ(mail_value_word("priority.unheard_of", "de"), "");
}

}  // namespace
}  // namespace escalated::services
