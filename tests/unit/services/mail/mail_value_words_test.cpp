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
  const char* keys[] = {"status.open",
                        "status.in_progress",
                        "status.waiting_on_customer",
                        "status.waiting_on_agent",
                        "status.escalated",
                        "status.resolved",
                        "status.closed",
                        "status.reopened",
                        "priority.low",
                        "priority.medium",
                        "priority.high",
                        "priority.urgent",
                        "priority.critical"};
  for (std::string_view locale : core::kLocales) {
    json::value words = catalogue(std::string(locale));
    for (std::string key : keys) {
      std::string group = key.substr(0, key.find('.')), value = key.substr(key.find('.') + 1);
      EXPECT_EQ(mail_value_word(key, locale),
                std::string_view(words.at(group).at(value).as_string()))
          << locale << " " << key;
    }
  }
  EXPECT_EQ(mail_value_word("priority.high", "xx"), "High") << "English when we do not speak it";
  EXPECT_EQ(mail_value_word("priority.unheard_of", "de"), "");
}

}  // namespace
}  // namespace escalated::services
