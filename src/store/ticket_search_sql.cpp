#include "store/ticket_search_sql.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/enums.h"
#include "core/ticket_status.h"

namespace escalated::store::tickets {
namespace {

// What PostgreSQL indexes of a ticket and of a reply (migration 0021 builds
// GIN indexes over exactly these expressions, so queries must repeat them):
// ASCII punctuation becomes blanks first, so words split where
// core::search_tokens splits them.
constexpr const char* kTicketDocument =
    "to_tsvector('simple', regexp_replace(subject || ' ' || description || ' ' || "
    "COALESCE(guest_name, '') || ' ' || COALESCE(guest_email, ''), "
    "'[\\x01-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f]+', ' ', 'g'))";
constexpr const char* kReplyDocument =
    "to_tsvector('simple', regexp_replace(p.body, "
    "'[\\x01-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f]+', ' ', 'g'))";

// Escapes LIKE wildcards so a search for "50%" finds "50%", not everything.
std::string like_pattern(const std::string& text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  out += '%';
  return out;
}

// A token inside the quotes of an FTS5 string ("" for ") or of a tsquery
// lexeme ('' for ', \\ for \). Tokens hold only letters and digits
// (core::search_tokens), so this changes nothing today; it keeps user text
// from ever becoming query syntax should the tokenizer change.
std::string quoted_token(Dialect dialect, const std::string& token) {
  std::string out;
  for (char ch : token) {
    if (dialect == Dialect::kSqlite && ch == '"') out += '"';
    if (dialect != Dialect::kSqlite && (ch == '\'' || ch == '\\')) out += ch;
    out += ch;
  }
  return out;
}

// The full-text expression of one word or phrase: its tokens in a row,
// whole words, except that the last token of a prefix word (the query's
// last bare word, core::SearchText::prefix) matches every word it begins
// when the plan keeps prefixes: FTS5 "refun"*, tsquery 'refun':*. (Each
// prefix term makes FTS5 merge the doclists of every word it begins, so
// only one word per query is one.)
std::string fts_expression(Dialect dialect, const core::SearchText& text, bool prefixes) {
  const bool prefix = text.prefix && prefixes;
  std::string out;
  if (dialect == Dialect::kSqlite) {
    out = "\"";
    for (size_t i = 0; i < text.tokens.size(); ++i)
      out += (i ? " " : "") + quoted_token(dialect, text.tokens[i]);
    out += prefix ? "\"*" : "\"";
    return out;
  }
  for (size_t i = 0; i < text.tokens.size(); ++i)
    out += (i ? " <-> '" : "'") + quoted_token(dialect, text.tokens[i]) + "'";
  if (prefix) out += ":*";
  return out;
}

// SELECT of the ids of tickets whose subject, description, guest requester
// or a reply (a note only when `notes`) hold the word or phrase.
std::string matching_ids(Dialect dialect, const core::SearchText& text, bool notes, bool prefixes,
                         Params& params) {
  const std::string expr = fts_expression(dialect, text, prefixes);
  params.push_back(expr);
  params.push_back(expr);
  const char* public_only = notes ? "" : " AND p.is_internal_note = 0";
  if (dialect == Dialect::kSqlite)
    return std::string(
               "SELECT rowid AS id FROM tickets_fts WHERE tickets_fts MATCH ? "
               "UNION SELECT p.ticket_id FROM replies_fts f JOIN replies p ON p.id = f.rowid "
               "WHERE replies_fts MATCH ?") +
           public_only;
  return std::string("SELECT id FROM tickets WHERE ") + kTicketDocument +
         " @@ to_tsquery('simple', ?) UNION SELECT p.ticket_id FROM replies p WHERE " +
         kReplyDocument + " @@ to_tsquery('simple', ?)" + public_only;
}

// A condition on `tickets t`: the ticket's own text or one of its replies
// holds the word or phrase. Checked row by row (a seek into the index per
// ticket), for queries that walk the tickets in sort order.
std::string contains(Dialect dialect, const core::SearchText& text, bool notes, bool prefixes,
                     Params& params) {
  const std::string expr = fts_expression(dialect, text, prefixes);
  params.push_back(expr);
  params.push_back(expr);
  const char* public_only = notes ? "" : " AND p.is_internal_note = 0";
  if (dialect == Dialect::kSqlite)
    // CROSS JOIN keeps the order: the ticket's few replies, then a seek
    // into the index for each, never the other way round.
    return std::string(
               "(EXISTS (SELECT 1 FROM tickets_fts WHERE tickets_fts MATCH ? AND rowid = t.id) "
               "OR EXISTS (SELECT 1 FROM replies p CROSS JOIN replies_fts f ON f.rowid = p.id "
               "WHERE p.ticket_id = t.id AND f.replies_fts MATCH ?") +
           public_only + "))";
  return std::string("(EXISTS (SELECT 1 FROM tickets x WHERE x.id = t.id AND ") + kTicketDocument +
         " @@ to_tsquery('simple', ?)) OR EXISTS (SELECT 1 FROM replies p WHERE p.ticket_id = "
         "t.id AND " +
         kReplyDocument + " @@ to_tsquery('simple', ?)" + public_only + "))";
}

// How many tickets and replies hold the word or phrase (whole words),
// counting no further than `cap`. The tickets first: a common word reaches
// the cap there and the replies are not read.
std::int64_t matches_up_to(Connection& c, const core::SearchText& text, std::int64_t cap) {
  const std::string expr = fts_expression(c.dialect(), text, false);
  const bool sqlite = c.dialect() == Dialect::kSqlite;
  const std::string in_tickets =
      sqlite ? std::string(
                   "SELECT COUNT(*) FROM (SELECT 1 FROM tickets_fts WHERE tickets_fts "
                   "MATCH ? LIMIT ?) a")
             : std::string("SELECT COUNT(*) FROM (SELECT 1 FROM tickets WHERE ") + kTicketDocument +
                   " @@ to_tsquery('simple', ?) LIMIT ?) a";
  const std::int64_t tickets = c.query(in_tickets, {expr, cap}).first().i64(0);
  if (tickets >= cap) return tickets;
  const std::string in_replies =
      sqlite ? std::string(
                   "SELECT COUNT(*) FROM (SELECT 1 FROM replies_fts WHERE replies_fts "
                   "MATCH ? LIMIT ?) b")
             : std::string("SELECT COUNT(*) FROM (SELECT 1 FROM replies p WHERE ") +
                   kReplyDocument + " @@ to_tsquery('simple', ?) LIMIT ?) b";
  return tickets + c.query(in_replies, {expr, cap - tickets}).first().i64(0);
}

// SELECT of the ids of the users whose name or address holds `text`
// (lowercase). SQLite reads the trigram index users_search (migration 0029)
// for three characters or more, not every user's row; shorter text, text
// with control characters (a NUL ends an FTS5 string early: a syntax error)
// and PostgreSQL compare each row.
std::string requester_ids(Dialect dialect, const std::string& text, Params& params) {
  const bool plain = std::none_of(text.begin(), text.end(),
                                  [](char ch) { return static_cast<unsigned char>(ch) < 0x20; });
  if (dialect == Dialect::kSqlite && text.size() >= 3 && plain) {
    std::string phrase = "\"";
    for (char ch : text) phrase += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    params.push_back(phrase + "\"");
    return "SELECT rowid FROM users_search WHERE users_search MATCH ?";
  }
  const std::string pattern = like_pattern(text);
  params.push_back(pattern);
  params.push_back(pattern);
  return "SELECT id FROM users WHERE LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(email) LIKE ? "
         "ESCAPE '\\'";
}

void list_of(std::string& sql, Params& params, const std::vector<Value>& values) {
  sql += "(";
  for (size_t i = 0; i < values.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.push_back(values[i]);
  }
  sql += ")";
}

std::vector<Value> ids_of(const std::vector<std::string>& values) {
  std::vector<Value> out;
  for (const auto& v : values) out.emplace_back(static_cast<std::int64_t>(std::stoll(v)));
  return out;
}

void append_filter(std::string& sql, Params& params, Dialect dialect, const core::SearchFilter& f,
                   const core::TicketQuery& q) {
  using core::SearchField;
  sql += f.negated ? " AND NOT (" : " AND (";
  switch (f.field) {
    case SearchField::kStatus: {
      std::vector<Value> names(f.values.begin(), f.values.end());
      sql += "t.status IN ";
      list_of(sql, params, names);
      break;
    }
    case SearchField::kPriority: {
      std::vector<Value> ranks;
      for (const auto& v : f.values)
        if (auto p = core::parse_priority(v)) ranks.emplace_back(static_cast<int>(*p));
      if (ranks.empty()) {
        sql += "1 = 0";
        break;
      }
      sql += "t.priority IN ";
      list_of(sql, params, ranks);
      break;
    }
    case SearchField::kAssignee: {
      std::vector<std::string> ids;
      bool none = false;
      for (const auto& v : f.values) {
        if (v == "none")
          none = true;
        else
          ids.push_back(v);
      }
      if (none) sql += "t.assignee_id IS NULL";
      if (!ids.empty()) {
        sql += none ? " OR COALESCE(t.assignee_id, 0) IN " : "COALESCE(t.assignee_id, 0) IN ";
        list_of(sql, params, ids_of(ids));
      }
      break;
    }
    case SearchField::kTag: {
      sql +=
          "EXISTS (SELECT 1 FROM ticket_tags tt JOIN tags g ON g.id = tt.tag_id "
          "WHERE tt.ticket_id = t.id AND LOWER(g.name) IN ";
      list_of(sql, params, std::vector<Value>(f.values.begin(), f.values.end()));
      sql += ")";
      break;
    }
    case SearchField::kDepartment:
      sql += "COALESCE(t.department_id, 0) IN ";
      list_of(sql, params, ids_of(f.values));
      break;
    case SearchField::kRequester: {
      const std::string& who = f.values.at(0);
      if (who.find('@') != std::string::npos) {
        sql +=
            "COALESCE(t.requester_id, 0) IN (SELECT id FROM users WHERE LOWER(email) = ?) "
            "OR LOWER(COALESCE(t.guest_email, '')) = ?";
        params.push_back(who);
        params.push_back(who);
      } else {
        sql += "COALESCE(t.requester_id, 0) IN (" + requester_ids(dialect, who, params) +
               ") OR LOWER(COALESCE(t.guest_name, '')) LIKE ? ESCAPE '\\'";
        params.push_back(like_pattern(who));
      }
      break;
    }
    case SearchField::kCreated:
    case SearchField::kUpdated: {
      const char* column = f.field == SearchField::kCreated ? "t.created_at" : "t.updated_at";
      sql += "1 = 1";
      if (f.from) {
        sql += std::string(" AND ") + column + " >= ?";
        params.push_back(f.from->resolve(q.search_now));
      }
      if (f.until) {
        sql += std::string(" AND ") + column + " < ?";
        params.push_back(f.until->resolve(q.search_now));
      }
      break;
    }
    case SearchField::kSla:
      sql +=
          "EXISTS (SELECT 1 FROM ticket_sla s WHERE s.ticket_id = t.id AND "
          "(s.first_response_breached = 1 OR s.resolution_breached = 1))";
      break;
    case SearchField::kHas:
      // A customer's search counts only files they can see: not a note's.
      sql += q.text_in_notes ? "EXISTS (SELECT 1 FROM attachments a WHERE a.ticket_id = t.id)"
                             : "EXISTS (SELECT 1 FROM attachments a WHERE a.ticket_id = t.id AND "
                               "(a.reply_id IS NULL OR a.reply_id IN (SELECT id FROM replies "
                               "WHERE is_internal_note = 0)))";
      break;
  }
  sql += ")";
}

}  // namespace

SearchPlan plan_search(Connection& c, const core::TicketQuery& q) {
  SearchPlan plan;
  // The word being typed first: while it is not a common word as typed, it
  // keeps its prefix and the query collects its matches (never dense).
  for (const auto& t : q.search.texts) {
    if (!t.prefix || t.negated || t.tokens.empty()) continue;
    if (matches_up_to(c, t, kDenseSearchMatches) < kDenseSearchMatches) {
      plan.prefix = true;
      return plan;
    }
  }
  std::optional<std::int64_t> cap;
  for (const auto& t : q.search.texts) {
    if (t.negated || t.tokens.empty()) continue;
    if (!cap) {
      // An eighth of the tickets (by the highest id, which costs nothing),
      // at most kDenseSearchMatches.
      std::int64_t tickets = c.query("SELECT COALESCE(MAX(id), 0) FROM tickets").first().i64(0);
      cap = std::max<std::int64_t>(1, std::min(kDenseSearchMatches, tickets / 8));
    }
    // The word being typed holds kDenseSearchMatches already (above).
    if (!t.prefix && matches_up_to(c, t, *cap) < *cap) return plan;
    plan.dense = true;
  }
  return plan;
}

void append_search(std::string& sql, Params& params, Dialect dialect, const core::TicketQuery& q,
                   const SearchPlan& plan, bool ranged) {
  const bool dense = plan.dense;
  for (const auto& f : q.search.filters) {
    const bool listed =
        f.field == core::SearchField::kStatus || f.field == core::SearchField::kPriority;
    if (!(ranged && listed && !f.negated)) append_filter(sql, params, dialect, f, q);
  }

  // The bare words: every one in the full text, or all of them together in
  // the requester's name or address, or naming the ticket by number.
  const std::string bare = q.search.bare_text();
  if (!bare.empty()) {
    if (dense) {
      // Common words: walk the tickets in sort order and check each.
      std::string words;
      for (const auto& t : q.search.texts) {
        if (t.phrase || t.negated || t.tokens.empty()) continue;
        words += (words.empty() ? "" : " AND ") +
                 contains(dialect, t, q.text_in_notes, plan.prefix, params);
      }
      sql += " AND (" + (words.empty() ? std::string("1 = 0") : "(" + words + ")") +
             " OR COALESCE(t.requester_id, 0) IN (" + requester_ids(dialect, bare, params) + ")";
      if (q.text_ticket_id) {
        sql += " OR t.id = ?";
        params.push_back(*q.text_ticket_id);
      }
      sql += ")";
    } else {
      // Rare words: one compound SELECT of the matching ids drives the
      // query, and only those tickets are sorted.
      std::string ids;
      int n = 0;
      for (const auto& t : q.search.texts) {
        if (t.phrase || t.negated || t.tokens.empty()) continue;
        ids += (n ? " INTERSECT SELECT id FROM (" : "SELECT id FROM (") +
               matching_ids(dialect, t, q.text_in_notes, plan.prefix, params) + ") w" +
               std::to_string(n);
        ++n;
      }
      ids += std::string(n ? " UNION " : "") + "SELECT id FROM tickets WHERE requester_id IN (" +
             requester_ids(dialect, bare, params) + ")";
      if (q.text_ticket_id) {
        ids += " UNION SELECT CAST(? AS BIGINT)";
        params.push_back(*q.text_ticket_id);
      }
      sql += " AND t.id IN (" + ids + ")";
    }
  }
  // Phrases must be there, negated words and phrases must not; checked per
  // ticket, except a phrase that may drive a query of rare words.
  for (const auto& t : q.search.texts) {
    if (!t.phrase && !t.negated) continue;
    if (t.negated) {
      sql += " AND NOT " + contains(dialect, t, q.text_in_notes, plan.prefix, params);
    } else if (dense) {
      sql += " AND " + contains(dialect, t, q.text_in_notes, plan.prefix, params);
    } else {
      sql +=
          " AND t.id IN (" + matching_ids(dialect, t, q.text_in_notes, plan.prefix, params) + ")";
    }
  }
}

}  // namespace escalated::store::tickets
