// Customer satisfaction (CSAT) ratings: the rules for who may rate a ticket,
// when, and with what, and the arithmetic of the satisfaction report. Pure:
// the service reads the ticket and the input, these functions decide.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/ticket_status.h"

namespace escalated::core {

inline constexpr std::int64_t kMinRating = 1;
inline constexpr std::int64_t kMaxRating = 5;
// Characters (Unicode code points), not bytes: a comment in Greek may be as
// long as one in English.
inline constexpr std::size_t kMaxRatingCommentChars = 2000;

// The message for a bad rating (nullopt: missing), or nullopt when it is fine.
std::optional<std::string> rating_error(std::optional<std::int64_t> rating);

// The comment as stored: trimmed of surrounding white space; nullopt when
// nothing is left (no comment).
std::optional<std::string> normalize_rating_comment(std::string_view comment);
// The message for a comment (already normalized) that is too long, else nullopt.
std::optional<std::string> rating_comment_error(std::string_view comment);
// Code points in valid UTF-8 (each byte that does not continue a sequence).
std::size_t utf8_length(std::string_view text);

// Why a user may not rate a ticket, if they may not. The requester check
// comes first: someone else is refused whatever the status.
enum class RatingRefusal { kNone, kNotRequester, kNotRatableYet };
RatingRefusal may_rate(TicketStatus status, std::optional<std::int64_t> requester_id,
                       std::int64_t user_id);
// A ticket is open to rating once the team considers it done.
bool is_ratable(TicketStatus status);

// A report bound from the query string: RFC 3339, or a UTC date
// "YYYY-MM-DD". Bounds are half-open, [from, until): a date as `to` covers
// that whole day, an instant as `to` includes that instant. nullopt for
// anything else.
enum class BoundKind { kFrom, kTo };
std::optional<Millis> parse_report_bound(std::string_view text, BoundKind kind);

// Counts of each rating, and the figures people read from them.
struct RatingTally {
  std::array<std::int64_t, 5> counts{};  // counts[r - 1] = how many rated r

  void add(std::int64_t rating, std::int64_t times = 1);
  std::int64_t count() const;
  std::int64_t sum() const;
  // Mean rating rounded to 2 decimals; nullopt without ratings.
  std::optional<double> average() const;
  // Share of 4 and 5 ratings in percent, rounded to 1 decimal; nullopt
  // without ratings.
  std::optional<double> csat_percent() const;
};

// numerator / denominator rounded to `decimals` places (half away from zero).
double rounded_ratio(double numerator, double denominator, int decimals);

}  // namespace escalated::core
