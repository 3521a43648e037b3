// The search language agents type in the queue's search box and saved views
// store: `status:open,pending priority>=high assignee:me tag:vip -tag:spam
// department:billing requester:alice@example.com created>2026-01-01
// updated<7d sla:breached has:attachment "exact phrase" free words`.
// Parsed here, without touching the database, into filters the store turns
// into SQL; a query that does not parse is a ValidationError naming the
// field the caller sent it in and the position where it went wrong.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/errors.h"

namespace escalated::core {

// A query that does not parse (or names what does not exist): a 422 naming
// the field the query came in, plus where in it the problem starts (0-based,
// in bytes), which the problem document carries as `position`.
class SearchSyntaxError : public ValidationError {
 public:
  SearchSyntaxError(const std::string& field, const std::string& message, std::size_t position)
      : ValidationError(field, message), position_(position) {}
  std::size_t position() const { return position_; }

 private:
  std::size_t position_;
};

inline constexpr std::size_t kMaxSearchLength = 500;
// Each word or phrase is a full-text lookup; a query holds at most this many.
inline constexpr std::size_t kMaxSearchTexts = 10;
// The last bare word of a query is matched as a prefix ("refun" finds
// "refund": the word being typed) when its last token has at least this many
// bytes; a shorter prefix would match most of the index.
inline constexpr std::size_t kMinSearchPrefix = 3;

enum class SearchField {
  kStatus,
  kPriority,
  kAssignee,
  kTag,
  kDepartment,
  kRequester,
  kCreated,
  kUpdated,
  kSla,
  kHas
};

// A moment a created/updated filter compares with: a fixed instant (a date's
// midnight UTC), or `ago` milliseconds before the moment the search runs (so
// a saved view's "7d" moves with the clock).
struct SearchMoment {
  Millis value = 0;
  bool ago = false;
  Millis resolve(Millis now) const { return ago ? now - value : value; }
};

// One `field:value` term. The ticket matches when its field has any of
// `values` (none of them when `negated`). For created/updated the ticket's
// moment must lie in [from, until).
struct SearchFilter {
  SearchField field = SearchField::kStatus;
  bool negated = false;
  // Canonical: status and priority names ("pending" and comparisons already
  // expanded), assignee "me", "none" or a user id, tag names, department
  // names or ids, the requester text lowercased, "breached", "attachment".
  std::vector<std::string> values;
  std::optional<SearchMoment> from;   // inclusive
  std::optional<SearchMoment> until;  // exclusive
  std::size_t position = 0;
};

// A free word or a quoted phrase, matched through the full-text indexes.
struct SearchText {
  std::string text;                 // as typed, without quotes
  std::vector<std::string> tokens;  // as the indexes cut it (search_tokens)
  bool phrase = false;
  bool negated = false;
  // The last token may end with anything: set on the query's last bare word
  // (neither quoted nor negated) when that token is kMinSearchPrefix long.
  bool prefix = false;
  std::size_t position = 0;
};

struct TicketSearch {
  std::vector<SearchFilter> filters;
  std::vector<SearchText> texts;

  bool empty() const { return filters.empty() && texts.empty(); }
  // The bare words (neither quoted nor negated) joined by one blank: besides
  // the full text, this may name a ticket ("ESC-00042", "#42") or match its
  // requester's name or address, as the search box always did.
  std::string bare_text() const;
};

// Parses `query`; throws SearchSyntaxError {field: [what was expected]} on
// malformed input. `field` names the member the query came
// in ("q" for the queue, "query" for a saved view).
TicketSearch parse_ticket_search(std::string_view query, const std::string& field = "q");

// The words of `text` as the full-text indexes cut them: runs of letters and
// digits (any non-ASCII byte counts as a letter), ASCII lowercased.
std::vector<std::string> search_tokens(std::string_view text);

}  // namespace escalated::core
