#include "core/ticket_query.h"

#include <charconv>

#include "core/text.h"
#include "core/ticket_rules.h"

namespace escalated::core {

std::optional<TicketSort> parse_ticket_sort(std::string_view text) {
  TicketSort sort;
  sort.descending = !text.empty() && text[0] == '-';
  if (sort.descending) text.remove_prefix(1);
  if (text == "updated_at")
    sort.key = TicketSortKey::kUpdatedAt;
  else if (text == "created_at")
    sort.key = TicketSortKey::kCreatedAt;
  else if (text == "priority")
    sort.key = TicketSortKey::kPriority;
  else
    return std::nullopt;
  return sort;
}

// The cursor is "v<sort value>.<id>" in plain text: it is opaque by contract,
// and readable when debugging. Hex digits would buy nothing.
std::string encode_cursor(const TicketCursor& c) {
  return "v" + std::to_string(c.sort_value) + "." + std::to_string(c.id);
}

std::optional<TicketCursor> decode_cursor(std::string_view text) {
  if (text.size() < 4 || text[0] != 'v') return std::nullopt;
  auto dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  TicketCursor c;
  auto a = text.substr(1, dot - 1);
  auto b = text.substr(dot + 1);
  auto r1 = std::from_chars(a.data(), a.data() + a.size(), c.sort_value);
  auto r2 = std::from_chars(b.data(), b.data() + b.size(), c.id);
  if (r1.ec != std::errc() || r1.ptr != a.data() + a.size() || r2.ec != std::errc() ||
      r2.ptr != b.data() + b.size() || a.empty() || b.empty())
    return std::nullopt;
  return c;
}

std::optional<std::int64_t> ticket_named_by(std::string_view reference_prefix,
                                            std::string_view text) {
  std::string key = trim(text);
  if (key.size() > 1 && key[0] == '#') key.erase(0, 1);
  return parse_ticket_key(reference_prefix, key);
}

}  // namespace escalated::core
