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
// Appends " AND (...)" keeping rows of tickets `t` to what the scope covers
// (core::StaffScope::covers in SQL; nullopt: every ticket), for any query
// that joins tickets as t.
void append_scope(std::string& sql, Params& params, const std::optional<core::StaffScope>& scope);
// Appends " AND ..." keeping tickets `t` of one requester: an account
// (requester_id) and/or a guest without one (guest_email, compared
// lower-case; migration 0028 indexes it). Nothing for nullopt.
void append_requester(std::string& sql, Params& params, std::optional<std::int64_t> requester_id,
                      const std::optional<std::string>& guest_email);
// Throws core::ValidationError for a cursor that does not decode.
Page list(Connection& c, const core::TicketQuery& q);
// How many tickets the query matches (cursor, sort and limit aside), counting
// no further than `cap`.
std::int64_t count(Connection& c, const core::TicketQuery& q, std::int64_t cap);

// Tags of each given ticket, by ticket id.
std::map<std::int64_t, std::vector<TagRecord>> tags_of(Connection& c,
                                                       const std::vector<std::int64_t>& ids);
// Returns false when the ticket already had (or did not have) the tag.
bool add_tag(Connection& c, std::int64_t ticket_id, std::int64_t tag_id);
bool remove_tag(Connection& c, std::int64_t ticket_id, std::int64_t tag_id);

std::int64_t insert_reply(Connection& c, const ReplyRecord& r);
std::optional<ReplyRecord> find_reply(Connection& c, std::int64_t id);
std::vector<ReplyRecord> replies(Connection& c, std::int64_t ticket_id, bool include_notes);

// Open tickets (any status that is not done), all of them or only those
// assigned to one agent (nullopt = unassigned). The per-agent and unassigned
// counts seek straight to their rows; the total walks every open ticket's
// index entry, so callers may want to cache it briefly. `scope` (nullopt:
// every ticket) limits a count to what a department-bound agent may see,
// by the same rule as `list`.
std::int64_t count_open(Connection& c, const std::optional<core::StaffScope>& scope = {});
std::int64_t count_open_assigned(Connection& c, std::optional<std::int64_t> assignee_id,
                                 const std::optional<core::StaffScope>& scope = {});
std::int64_t count_resolved_since(Connection& c, Millis since,
                                  const std::optional<core::StaffScope>& scope = {});
// Ids of tickets that are not closed, after `after_id`, in id order: a walk
// over live tickets in batches (such as recomputing SLA clocks).
std::vector<std::int64_t> unclosed_ids_after(Connection& c, std::int64_t after_id, int limit);

}  // namespace escalated::store::tickets
