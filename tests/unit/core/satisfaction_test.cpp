// The rules of CSAT ratings: range, comment length in characters, who may
// rate and when, report bounds and the report's arithmetic.
#include "core/satisfaction.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace escalated::core {
namespace {

TEST(Satisfaction, RatingMustBeOneToFive) {
  EXPECT_EQ(rating_error(std::nullopt), "is required");
  EXPECT_TRUE(rating_error(0).has_value());
  EXPECT_TRUE(rating_error(6).has_value());
  EXPECT_TRUE(rating_error(-3).has_value());
  for (std::int64_t r = 1; r <= 5; ++r) EXPECT_EQ(rating_error(r), std::nullopt) << r;
  EXPECT_EQ(*rating_error(6), "must be an integer from 1 to 5");
}

TEST(Satisfaction, CommentIsTrimmedAndEmptyMeansNone) {
  EXPECT_EQ(normalize_rating_comment("  Great help!\n"), "Great help!");
  EXPECT_EQ(normalize_rating_comment("a  b"), "a  b");
  EXPECT_EQ(normalize_rating_comment(" \t\r\n "), std::nullopt);
  EXPECT_EQ(normalize_rating_comment(""), std::nullopt);
}

TEST(Satisfaction, CommentLengthCountsCharactersNotBytes) {
  std::string ascii(2000, 'a');
  EXPECT_EQ(rating_comment_error(ascii), std::nullopt);
  EXPECT_TRUE(rating_comment_error(ascii + "a").has_value());
  std::string greek;
  for (int i = 0; i < 2000; ++i) greek += "\xCE\xB1";  // alpha, two bytes each
  EXPECT_EQ(utf8_length(greek), 2000u);
  EXPECT_EQ(rating_comment_error(greek), std::nullopt) << "4000 bytes but 2000 characters";
  EXPECT_TRUE(rating_comment_error(greek + "\xF0\x9F\x98\x80").has_value());
  EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80 ok"), 4u);
}

TEST(Satisfaction, OnlyTheRequesterRatesAndOnlyOnceDone) {
  EXPECT_EQ(may_rate(TicketStatus::kResolved, 7, 7), RatingRefusal::kNone);
  EXPECT_EQ(may_rate(TicketStatus::kClosed, 7, 7), RatingRefusal::kNone);
  for (auto s : {TicketStatus::kOpen, TicketStatus::kInProgress, TicketStatus::kWaitingOnCustomer,
                 TicketStatus::kWaitingOnAgent, TicketStatus::kEscalated, TicketStatus::kReopened})
    EXPECT_EQ(may_rate(s, 7, 7), RatingRefusal::kNotRatableYet) << to_string(s);
  EXPECT_EQ(may_rate(TicketStatus::kResolved, 7, 8), RatingRefusal::kNotRequester);
  EXPECT_EQ(may_rate(TicketStatus::kOpen, 7, 8), RatingRefusal::kNotRequester)
      << "someone else is refused whatever the status";
  EXPECT_EQ(may_rate(TicketStatus::kResolved, std::nullopt, 8), RatingRefusal::kNotRequester)
      << "a guest's ticket has no requester account that could rate";
}

TEST(Satisfaction, ReportBoundsTakeDatesAndInstants) {
  Millis day = *parse_rfc3339("2026-03-01T00:00:00Z");
  EXPECT_EQ(parse_report_bound("2026-03-01", BoundKind::kFrom), day);
  EXPECT_EQ(parse_report_bound("2026-03-01", BoundKind::kTo), day + 86'400'000)
      << "a date as `to` covers the whole day";
  EXPECT_EQ(parse_report_bound("2026-03-01T10:00:00Z", BoundKind::kFrom), day + 36'000'000);
  EXPECT_EQ(parse_report_bound("2026-03-01T10:00:00Z", BoundKind::kTo), day + 36'000'001)
      << "an instant as `to` is included";
  EXPECT_EQ(parse_report_bound("2026-03-01T12:00:00+02:00", BoundKind::kFrom), day + 36'000'000);
  for (const char* bad : {"", "yesterday", "2026-02-30", "2026-13-01", "2026-3-1", "1740787200",
                          "2026-03-01T10:00:00"})
    EXPECT_EQ(parse_report_bound(bad, BoundKind::kFrom), std::nullopt) << bad;
}

TEST(Satisfaction, TallyAverageAndCsatPercent) {
  RatingTally empty;
  EXPECT_EQ(empty.count(), 0);
  EXPECT_EQ(empty.average(), std::nullopt);
  EXPECT_EQ(empty.csat_percent(), std::nullopt);

  RatingTally t;  // 5, 4, 4, 2, 1, 5 -> 21 / 6 = 3.5; four of six are 4 or 5
  for (std::int64_t r : {5, 4, 4, 2, 1, 5}) t.add(r);
  EXPECT_EQ(t.count(), 6);
  EXPECT_EQ(t.sum(), 21);
  EXPECT_DOUBLE_EQ(*t.average(), 3.5);
  EXPECT_DOUBLE_EQ(*t.csat_percent(), 66.7);
  EXPECT_EQ(t.counts, (std::array<std::int64_t, 5>{1, 1, 0, 2, 2}));

  RatingTally thirds;  // 5, 4, 4 -> 4.333...; all satisfied
  thirds.add(5);
  thirds.add(4, 2);
  EXPECT_DOUBLE_EQ(*thirds.average(), 4.33);
  EXPECT_DOUBLE_EQ(*thirds.csat_percent(), 100.0);

  RatingTally twothirds;  // 5, 5, 4 -> 4.666... rounds up
  twothirds.add(5, 2);
  twothirds.add(4);
  EXPECT_DOUBLE_EQ(*twothirds.average(), 4.67);

  RatingTally out_of_range;
  out_of_range.add(0);
  out_of_range.add(6);
  EXPECT_EQ(out_of_range.count(), 0) << "ratings outside 1..5 are not counted";
}

TEST(Satisfaction, RoundedRatioRoundsHalfAwayFromZero) {
  EXPECT_DOUBLE_EQ(rounded_ratio(1, 8, 2), 0.13);  // 0.125
  EXPECT_DOUBLE_EQ(rounded_ratio(1, 3, 1), 0.3);
  EXPECT_DOUBLE_EQ(rounded_ratio(200, 3, 1), 66.7);
}

}  // namespace
}  // namespace escalated::core
