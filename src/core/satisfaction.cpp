#include "core/satisfaction.h"

#include <cmath>

#include "core/time_format.h"

namespace escalated::core {

std::optional<std::string> rating_error(std::optional<std::int64_t> rating) {
  if (!rating) return std::string("is required");
  if (*rating < kMinRating || *rating > kMaxRating)
    return "must be an integer from " + std::to_string(kMinRating) + " to " +
           std::to_string(kMaxRating);
  return std::nullopt;
}

std::optional<std::string> normalize_rating_comment(std::string_view comment) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  auto begin = comment.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return std::nullopt;
  auto end = comment.find_last_not_of(kSpace);
  return std::string(comment.substr(begin, end - begin + 1));
}

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char ch : text)
    if ((ch & 0xC0) != 0x80) ++n;
  return n;
}

std::optional<std::string> rating_comment_error(std::string_view comment) {
  if (utf8_length(comment) > kMaxRatingCommentChars)
    return "must be at most " + std::to_string(kMaxRatingCommentChars) + " characters";
  return std::nullopt;
}

bool is_ratable(TicketStatus status) {
  return status == TicketStatus::kResolved || status == TicketStatus::kClosed;
}

RatingRefusal may_rate(TicketStatus status, std::optional<std::int64_t> requester_id,
                       std::int64_t user_id) {
  if (!requester_id || *requester_id != user_id) return RatingRefusal::kNotRequester;
  if (!is_ratable(status)) return RatingRefusal::kNotRatableYet;
  return RatingRefusal::kNone;
}

std::optional<Millis> parse_report_bound(std::string_view text, BoundKind kind) {
  constexpr Millis kDay = 86'400'000;
  if (text.size() == 10) {  // YYYY-MM-DD: the UTC day
    auto start = parse_rfc3339(std::string(text) + "T00:00:00Z");
    if (!start) return std::nullopt;
    return kind == BoundKind::kFrom ? *start : *start + kDay;
  }
  auto instant = parse_rfc3339(text);
  if (!instant) return std::nullopt;
  return kind == BoundKind::kFrom ? *instant : *instant + 1;
}

void RatingTally::add(std::int64_t rating, std::int64_t times) {
  if (rating >= kMinRating && rating <= kMaxRating) counts[rating - 1] += times;
}

std::int64_t RatingTally::count() const {
  std::int64_t n = 0;
  for (auto c : counts) n += c;
  return n;
}

std::int64_t RatingTally::sum() const {
  std::int64_t s = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) s += counts[i] * static_cast<std::int64_t>(i + 1);
  return s;
}

double rounded_ratio(double numerator, double denominator, int decimals) {
  double scale = std::pow(10.0, decimals);
  return std::round(numerator / denominator * scale) / scale;
}

std::optional<double> RatingTally::average() const {
  std::int64_t n = count();
  if (n == 0) return std::nullopt;
  return rounded_ratio(static_cast<double>(sum()), static_cast<double>(n), 2);
}

std::optional<double> RatingTally::csat_percent() const {
  std::int64_t n = count();
  if (n == 0) return std::nullopt;
  return rounded_ratio(static_cast<double>(counts[3] + counts[4]) * 100.0, static_cast<double>(n),
                       1);
}

}  // namespace escalated::core
