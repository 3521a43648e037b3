// What a queue or list asks for: filters, one sort key and a page. Parsed and
// checked here so every caller (HTTP, embedding hosts, saved views later)
// gets the same rules and the same errors.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enums.h"
#include "core/ticket_search.h"
#include "core/ticket_status.h"

namespace escalated::core {

enum class TicketSortKey { kUpdatedAt, kCreatedAt, kPriority };

struct TicketSort {
  TicketSortKey key = TicketSortKey::kUpdatedAt;
  bool descending = true;
};

// Reads "created_at", "-updated_at", "priority" ...; nullopt for anything else.
std::optional<TicketSort> parse_ticket_sort(std::string_view text);

// What an agent without ticket.view_all may see: tickets of their
// departments, tickets assigned to them, and tickets they asked for.
struct StaffScope {
  std::int64_t user_id = 0;
  std::vector<std::int64_t> department_ids;  // ascending

  bool covers(std::optional<std::int64_t> requester_id, std::optional<std::int64_t> assignee_id,
              std::optional<std::int64_t> department_id) const {
    if (requester_id == user_id || assignee_id == user_id) return true;
    return department_id &&
           std::binary_search(department_ids.begin(), department_ids.end(), *department_id);
  }
};

struct TicketQuery {
  std::vector<TicketStatus> statuses;  // any of
  std::vector<Priority> priorities;    // any of
  std::optional<std::int64_t> assignee_id;
  bool unassigned = false;
  // Only the tickets this user follows.
  std::optional<std::int64_t> follower_id;
  std::optional<std::int64_t> department_id;
  std::optional<std::string> tag;  // a tag name
  // What an agent types in the search box, in the search language
  // (core/ticket_search.h): filters, and words of the subject, the
  // description or a reply, the requester's name or e-mail, or the ticket's
  // number or reference ("ESC-00042", "#42", "42").
  TicketSearch search;
  // Set by services, not by callers: the ticket the bare words name by
  // number or reference, the moment relative dates count from, and whether
  // internal notes are searched (staff only). Services also resolve the
  // search's "me" and department names to ids before the store reads it.
  std::optional<std::int64_t> text_ticket_id;
  Millis search_now = 0;
  bool text_in_notes = false;
  // Snoozed tickets stay out of the queue unless asked for.
  bool include_snoozed = false;
  // Set by services, not by callers: restricts the list to one requester.
  std::optional<std::int64_t> requester_id;
  // Set by services, not by callers: restricts the list to the tickets a
  // guest (no account) opened from this address, lower-case.
  std::optional<std::string> guest_email;
  // Set by services, not by callers: restricts the list to a staff scope.
  std::optional<StaffScope> staff_scope;
  TicketSort sort;
  int limit = 25;
  std::optional<std::string> cursor;  // opaque, from a previous page
};

// The ticket a search text names by itself: "ESC-00042" (the prefix in any
// case), "#42" or "42", blanks around it ignored. Nullopt for other text.
std::optional<std::int64_t> ticket_named_by(std::string_view reference_prefix,
                                            std::string_view text);

inline constexpr int kMaxPageSize = 100;
inline constexpr int kDefaultPageSize = 25;

// The position after the last row of a page: its sort value and id. Encoded
// opaquely so clients never build one by hand.
struct TicketCursor {
  std::int64_t sort_value = 0;
  std::int64_t id = 0;
};
std::string encode_cursor(const TicketCursor& cursor);
std::optional<TicketCursor> decode_cursor(std::string_view text);

}  // namespace escalated::core
