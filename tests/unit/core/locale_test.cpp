// Locale matching and Accept-Language negotiation (core/locale.h), and time
// zone names (core/time_zone.h).
#include "core/locale.h"

#include <gtest/gtest.h>

#include "core/time_zone.h"

namespace escalated::core {
namespace {

TEST(LocaleTest, MatchesTagsToTheFourteenLocales) {
  EXPECT_EQ(match_locale("de"), "de");
  EXPECT_EQ(match_locale("DE-at"), "de");
  EXPECT_EQ(match_locale("pt"), "pt-BR");
  EXPECT_EQ(match_locale("pt_br"), "pt-BR");
  EXPECT_EQ(match_locale("pt-PT"), "pt-BR");
  EXPECT_EQ(match_locale("zh"), "zh-CN");
  EXPECT_EQ(match_locale("zh-Hans"), "zh-CN");
  EXPECT_EQ(match_locale("zh-Hans-SG"), "zh-CN");
  EXPECT_EQ(match_locale("zh-TW"), std::nullopt);
  EXPECT_EQ(match_locale("zh-Hant-HK"), std::nullopt);
  EXPECT_EQ(match_locale("en-GB"), "en");
  EXPECT_EQ(match_locale("*"), std::nullopt);
  EXPECT_EQ(match_locale("sv"), std::nullopt);
  EXPECT_EQ(match_locale(""), std::nullopt);
  EXPECT_TRUE(supported_locale("pt-BR"));
  EXPECT_FALSE(supported_locale("pt-br"));
  EXPECT_EQ(locale_list().substr(0, 10), "ar, de, en");
}

TEST(LocaleTest, NegotiatesByQValueThenOrder) {
  EXPECT_EQ(locale_from_accept_language("fr;q=0.5, de;q=0.9, es"), "es");
  EXPECT_EQ(locale_from_accept_language("sv, nl;q=0.2"), "nl");
  EXPECT_EQ(locale_from_accept_language("ja;q=0.8, ko;q=0.8"), "ja");  // ties: header order
  EXPECT_EQ(locale_from_accept_language("de;q=0, it;q=0.1"), "it");    // q=0 refuses
  EXPECT_EQ(locale_from_accept_language("de;q=2"), std::nullopt);      // malformed q
  EXPECT_EQ(locale_from_accept_language("de;q=0.1234"), std::nullopt);
  EXPECT_EQ(locale_from_accept_language("  pl ; Q=1.000 "), "pl");
  EXPECT_EQ(locale_from_accept_language(""), std::nullopt);
  EXPECT_EQ(locale_from_accept_language(",,;,"), std::nullopt);
  std::string many;
  for (int i = 0; i < 40; ++i) many += "sv, ";
  EXPECT_EQ(locale_from_accept_language(many + "de"), std::nullopt);  // only 32 ranges read
}

TEST(LocaleTest, EffectiveLocaleIsChoiceThenBrowserThenDefault) {
  EXPECT_EQ(effective_locale(std::string("ru"), "de", "en"), "ru");
  EXPECT_EQ(effective_locale(std::nullopt, "de", "en"), "de");
  EXPECT_EQ(effective_locale(std::nullopt, "sv", "tr"), "tr");
  EXPECT_EQ(effective_locale(std::nullopt, std::nullopt, "fr"), "fr");
  EXPECT_EQ(effective_locale(std::string("xx"), std::nullopt, "bogus"), "en");
}

TEST(TimeZoneTest, KnowsIanaNames) {
  EXPECT_TRUE(known_time_zone("Europe/Berlin"));
  EXPECT_TRUE(known_time_zone("UTC"));
  EXPECT_FALSE(known_time_zone("Mars/Olympus"));
  EXPECT_FALSE(known_time_zone("localtime"));
  EXPECT_FALSE(known_time_zone(""));
  EXPECT_FALSE(known_time_zone(std::string(100, 'a')));
}

}  // namespace
}  // namespace escalated::core
