// The search language: every field of the issue's example, how words and
// phrases are cut, and the errors (with positions) of malformed queries.
#include "core/ticket_search.h"

#include <gtest/gtest.h>

#include "core/errors.h"

namespace escalated::core {
namespace {

constexpr Millis kDay = 86'400'000;

using Strings = std::vector<std::string>;

// The error a query raises: its message and position.
std::pair<std::string, std::size_t> error_of(const std::string& q, const std::string& field = "q") {
  try {
    parse_ticket_search(q, field);
  } catch (const SearchSyntaxError& e) {
    EXPECT_EQ(e.errors().count(field), 1u) << q;
    return {e.errors().at(field).at(0), e.position()};
  }
  ADD_FAILURE() << "no error for: " << q;
  return {"", 0};
}

TEST(TicketSearch, ReadsTheIssuesExample) {
  TicketSearch s = parse_ticket_search(
      "status:open,pending priority>=high assignee:me assignee:none tag:vip -tag:spam "
      "department:billing requester:Alice@Example.com created>2026-01-01 updated<7d "
      "sla:breached has:attachment \"exact phrase\" free words");
  ASSERT_EQ(s.filters.size(), 12u);
  EXPECT_EQ(s.filters[0].field, SearchField::kStatus);
  EXPECT_EQ(s.filters[0].values, (Strings{"open", "waiting_on_customer", "waiting_on_agent"}));
  EXPECT_EQ(s.filters[1].field, SearchField::kPriority);
  EXPECT_EQ(s.filters[1].values, (Strings{"high", "urgent", "critical"}));
  EXPECT_EQ(s.filters[2].values, Strings{"me"});
  EXPECT_EQ(s.filters[3].values, Strings{"none"});
  EXPECT_EQ(s.filters[4].values, Strings{"vip"});
  EXPECT_FALSE(s.filters[4].negated);
  EXPECT_EQ(s.filters[5].values, Strings{"spam"});
  EXPECT_TRUE(s.filters[5].negated);
  EXPECT_EQ(s.filters[6].values, Strings{"billing"});
  EXPECT_EQ(s.filters[7].values, Strings{"alice@example.com"});
  // created>2026-01-01: from the start of January 2nd.
  const Millis jan1 = 1767225600000;
  ASSERT_TRUE(s.filters[8].from);
  EXPECT_EQ(s.filters[8].from->resolve(0), jan1 + kDay);
  EXPECT_FALSE(s.filters[8].until);
  // updated<7d: less than seven days before the search runs.
  ASSERT_TRUE(s.filters[9].from);
  EXPECT_TRUE(s.filters[9].from->ago);
  EXPECT_EQ(s.filters[9].from->resolve(10 * kDay), 3 * kDay);
  EXPECT_EQ(s.filters[10].values, Strings{"breached"});
  EXPECT_EQ(s.filters[11].values, Strings{"attachment"});
  ASSERT_EQ(s.texts.size(), 3u);
  EXPECT_TRUE(s.texts[0].phrase);
  EXPECT_EQ(s.texts[0].tokens, (Strings{"exact", "phrase"}));
  EXPECT_EQ(s.texts[1].text, "free");
  EXPECT_EQ(s.bare_text(), "free words");
}

TEST(TicketSearch, BareTextIsWhatTheSearchBoxAlwaysMatched) {
  TicketSearch s = parse_ticket_search("  ESC-00042 ");
  ASSERT_EQ(s.texts.size(), 1u);
  EXPECT_EQ(s.bare_text(), "ESC-00042");
  EXPECT_EQ(s.texts[0].tokens, (Strings{"esc", "00042"}));
  EXPECT_EQ(parse_ticket_search("#42").bare_text(), "#42");
  EXPECT_EQ(parse_ticket_search("cora@example.com").texts[0].tokens,
            (Strings{"cora", "example", "com"}));
  // A time of day or a URL-less colon is a word, not a field.
  EXPECT_EQ(parse_ticket_search("10:30").bare_text(), "10:30");
  EXPECT_TRUE(parse_ticket_search("   ").empty());
  // Negated words and phrases leave tickets out; they are not bare text.
  TicketSearch n = parse_ticket_search("printer -toner -\"paper jam\"");
  ASSERT_EQ(n.texts.size(), 3u);
  EXPECT_TRUE(n.texts[1].negated);
  EXPECT_TRUE(n.texts[2].negated && n.texts[2].phrase);
  EXPECT_EQ(n.bare_text(), "printer");
}

TEST(TicketSearch, TokensAreLettersAndDigitsLowercased) {
  EXPECT_EQ(search_tokens("Hello, World-42!"), (Strings{"hello", "world", "42"}));
  EXPECT_EQ(search_tokens("\xC3\x9C"
                          "ber"),
            Strings{"\xC3\x9C"
                    "ber"});
  EXPECT_TRUE(search_tokens("%%% --").empty());
}

TEST(TicketSearch, ComparesPrioritiesAndDates) {
  EXPECT_EQ(parse_ticket_search("priority<medium").filters[0].values, Strings{"low"});
  EXPECT_EQ(parse_ticket_search("priority:LOW,urgent").filters[0].values,
            (Strings{"low", "urgent"}));
  const Millis jan1 = 1767225600000;
  auto on = parse_ticket_search("created:2026-01-01").filters[0];
  EXPECT_EQ(on.from->resolve(0), jan1);
  EXPECT_EQ(on.until->resolve(0), jan1 + kDay);
  EXPECT_EQ(parse_ticket_search("created<2026-01-01").filters[0].until->resolve(0), jan1);
  EXPECT_EQ(parse_ticket_search("created<=2026-01-01").filters[0].until->resolve(0), jan1 + kDay);
  EXPECT_EQ(parse_ticket_search("created>=2026-01-01").filters[0].from->resolve(0), jan1);
  // updated>2w: more than two weeks ago.
  auto old = parse_ticket_search("updated>2w").filters[0];
  EXPECT_FALSE(old.from);
  EXPECT_EQ(old.until->resolve(20 * kDay), 6 * kDay);
  EXPECT_EQ(parse_ticket_search("updated<12h").filters[0].from->resolve(kDay), kDay / 2);
  // A quoted value, and an assignee by id.
  EXPECT_EQ(parse_ticket_search("department:\"First line\"").filters[0].values,
            Strings{"first line"});
  EXPECT_EQ(parse_ticket_search("assignee:17").filters[0].values, Strings{"17"});
}

TEST(TicketSearch, MalformedQueriesSayWhatWasExpectedAndWhere) {
  auto e = error_of("vip colour:red");
  EXPECT_NE(e.first.find("unknown field \"colour\""), std::string::npos) << e.first;
  EXPECT_EQ(e.second, 4u);

  e = error_of("priority>>high");
  EXPECT_NE(e.first.find("expected a value after \"priority>\""), std::string::npos) << e.first;
  EXPECT_EQ(e.second, 9u);

  e = error_of("status>open");
  EXPECT_NE(e.first.find("expected \"status:\""), std::string::npos) << e.first;
  EXPECT_EQ(e.second, 6u);

  e = error_of("status:open,sleeping");
  EXPECT_NE(e.first.find("unknown status \"sleeping\""), std::string::npos) << e.first;
  EXPECT_EQ(e.second, 12u);

  e = error_of("status:open,");
  EXPECT_NE(e.first.find("expected a status after \",\""), std::string::npos) << e.first;

  e = error_of("a \"unclosed phrase");
  EXPECT_NE(e.first.find("expected a closing \""), std::string::npos) << e.first;
  EXPECT_EQ(e.second, 2u);

  e = error_of("created>2026-02-30");
  EXPECT_NE(e.first.find("expected a date (YYYY-MM-DD)"), std::string::npos) << e.first;
  EXPECT_EQ(e.second, 8u);

  e = error_of("updated:7d");
  EXPECT_NE(e.first.find("before an age"), std::string::npos) << e.first;

  e = error_of("priority:");
  EXPECT_NE(e.first.find("expected a value after \"priority:\""), std::string::npos) << e.first;
  EXPECT_EQ(e.second, 9u);

  e = error_of("priority>=huge");
  EXPECT_NE(e.first.find("unknown priority \"huge\""), std::string::npos) << e.first;

  e = error_of("assignee:someone");
  EXPECT_NE(e.first.find("expected me, none or a user id"), std::string::npos) << e.first;

  e = error_of("sla:fine has:pets");
  EXPECT_NE(e.first.find("sla:breached"), std::string::npos) << e.first;
  EXPECT_EQ(error_of("has:pets").first, "expected \"has:attachment\"");
  EXPECT_NE(error_of("-created>7d").first.find("cannot negate"), std::string::npos);
  EXPECT_NE(error_of("\"\"").first.find("empty phrase"), std::string::npos);
  EXPECT_NE(error_of(std::string(501, 'a')).first.find("at most 500"), std::string::npos);
  EXPECT_NE(error_of("a b c d e f g h i j k").first.find("at most 10"), std::string::npos);

  // The field the query came in is the one named.
  EXPECT_EQ(error_of("has:pets", "query").first, "expected \"has:attachment\"");
}

}  // namespace
}  // namespace escalated::core
