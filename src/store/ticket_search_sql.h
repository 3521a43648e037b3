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

// How a query's words are looked up, chosen from how often they occur.
struct SearchPlan {
  // Every word and phrase the query must find is common: walking the
  // tickets in sort order and checking each against the full-text index
  // finds a page sooner than collecting every match and sorting them.
  bool dense = false;
  // The last word also finds the words it begins (core::SearchText::prefix).
  // Not when the word as typed is itself in kDenseSearchMatches tickets and
  // replies: it is then a finished word, and a prefix would make the index
  // merge the lists of every word it begins, once per ticket on the dense
  // plan (milliseconds each at a million tickets). A query that keeps its
  // prefix collects its matches once (never dense).
  bool prefix = false;
};

// Plans q's words and phrases. Costs one bounded index read per word.
SearchPlan plan_search(Connection& c, const core::TicketQuery& q);

// Appends " AND ..." for every part of q.search to a WHERE clause over
// `tickets t`, as `plan` says (plan_search).
// Expects the services to have resolved "me" and department names to ids
// and set q.search_now, q.text_ticket_id and q.text_in_notes.
// When `ranged`, the status and priority filters that are not negated are
// left to the caller (store/ticket_repo.cpp lists one range per pair).
void append_search(std::string& sql, Params& params, Dialect dialect, const core::TicketQuery& q,
                   const SearchPlan& plan, bool ranged = false);

}  // namespace escalated::store::tickets
