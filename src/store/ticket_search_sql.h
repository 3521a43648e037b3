// The SQL of the search language (core/ticket_search.h): filters through the
// tickets' indexes, words and phrases through SQLite FTS5 (tickets_fts,
// replies_fts) or PostgreSQL full-text (GIN indexes over the same
// expressions as kTicketDocument / kReplyDocument), both made by migration
// 0021.
#pragma once

#include <string>

#include "core/ticket_query.h"
#include "store/database.h"

namespace escalated::store::tickets {

// A word found in at least this many tickets and replies (or an eighth of
// the tickets, if fewer) is common.
inline constexpr std::int64_t kDenseSearchMatches = 20000;

// Whether every word and phrase the query must find is common: then walking
// the tickets in sort order and checking each against the full-text index
// finds a page sooner than collecting every match and sorting them. Costs
// one bounded index read per word.
bool search_is_dense(Connection& c, const core::TicketQuery& q);

// Appends " AND ..." for every part of q.search to a WHERE clause over
// `tickets t`, planned for common words when `dense` (search_is_dense).
// Expects the services to have resolved "me" and department names to ids
// and set q.search_now, q.text_ticket_id and q.text_in_notes.
// When `ranged`, the status and priority filters that are not negated are
// left to the caller (store/ticket_repo.cpp lists one range per pair).
void append_search(std::string& sql, Params& params, Dialect dialect, const core::TicketQuery& q,
                   bool dense, bool ranged = false);

}  // namespace escalated::store::tickets
