// Tickets, their tags and replies. Reads join the requester, assignee and
// department names so one query serves a whole ticket view.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "core/ticket_query.h"
#include "store/database.h"
#include "store/records.h"

namespace escalated::store::tickets {

std::int64_t insert(Connection& c, const TicketRecord& t);
std::optional<TicketRecord> find(Connection& c, std::int64_t id);
// Writes every mutable column of the ticket.
void update(Connection& c, const TicketRecord& t);

struct Page {
  std::vector<TicketRecord> rows;
  std::optional<std::string> next_cursor;
};
// Throws core::ValidationError for a cursor that does not decode.
Page list(Connection& c, const core::TicketQuery& q);

// Tags of each given ticket, by ticket id.
std::map<std::int64_t, std::vector<TagRecord>> tags_of(Connection& c,
                                                       const std::vector<std::int64_t>& ids);
// Returns false when the ticket already had (or did not have) the tag.
bool add_tag(Connection& c, std::int64_t ticket_id, std::int64_t tag_id);
bool remove_tag(Connection& c, std::int64_t ticket_id, std::int64_t tag_id);

std::int64_t insert_reply(Connection& c, const ReplyRecord& r);
std::optional<ReplyRecord> find_reply(Connection& c, std::int64_t id);
std::vector<ReplyRecord> replies(Connection& c, std::int64_t ticket_id, bool include_notes);

struct DashboardCounts {
  std::int64_t open = 0, mine = 0, unassigned = 0, resolved_today = 0;
};
DashboardCounts dashboard(Connection& c, std::int64_t agent_id, Millis start_of_day);

}  // namespace escalated::store::tickets
