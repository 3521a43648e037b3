#include "store/ticket_repo.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include "core/enums.h"
#include "core/errors.h"
#include "store/ticket_search_sql.h"

namespace escalated::store::tickets {
namespace {

constexpr const char* kSelect =
    "SELECT t.id, t.subject, t.description, t.status, t.priority, t.ticket_type, t.channel, "
    "t.requester_id, t.guest_name, t.guest_email, t.assignee_id, t.department_id, t.created_at, "
    "t.updated_at, t.resolved_at, t.closed_at, t.first_response_at, "
    "r.name, r.email, a.name, d.name, "
    "t.snoozed_until, t.assigned_at, t.last_customer_reply_at, t.last_agent_reply_at, "
    "t.description_html "
    "FROM tickets t LEFT JOIN users r ON r.id = t.requester_id "
    "LEFT JOIN users a ON a.id = t.assignee_id "
    "LEFT JOIN departments d ON d.id = t.department_id";

TicketRecord read_ticket(const Row& r) {
  TicketRecord t;
  t.id = r.i64(0);
  t.subject = r.text(1);
  t.description = r.text(2);
  t.status = core::parse_status(r.text(3)).value_or(core::TicketStatus::kOpen);
  t.priority = core::priority_from_rank(r.i64(4)).value_or(core::Priority::kMedium);
  t.ticket_type = core::parse_ticket_type(r.text(5)).value_or(core::TicketType::kQuestion);
  t.channel = core::parse_channel(r.text(6)).value_or(core::Channel::kWeb);
  t.requester_id = r.opt_i64(7);
  t.guest_name = r.opt_text(8);
  t.guest_email = r.opt_text(9);
  t.assignee_id = r.opt_i64(10);
  t.department_id = r.opt_i64(11);
  t.created_at = r.i64(12);
  t.updated_at = r.i64(13);
  t.resolved_at = r.opt_i64(14);
  t.closed_at = r.opt_i64(15);
  t.first_response_at = r.opt_i64(16);
  t.requester_name = r.text(17);
  t.requester_email = r.text(18);
  t.assignee_name = r.text(19);
  t.department_name = r.text(20);
  t.snoozed_until = r.opt_i64(21);
  t.assigned_at = r.opt_i64(22);
  t.last_customer_reply_at = r.opt_i64(23);
  t.last_agent_reply_at = r.opt_i64(24);
  t.description_html = r.opt_text(25);
  return t;
}

const char* sort_column(core::TicketSortKey key) {
  switch (key) {
    case core::TicketSortKey::kCreatedAt:
      return "t.created_at";
    case core::TicketSortKey::kPriority:
      return "t.priority";
    case core::TicketSortKey::kUpdatedAt:
      break;
  }
  return "t.updated_at";
}

std::int64_t sort_value(const TicketRecord& t, core::TicketSortKey key) {
  switch (key) {
    case core::TicketSortKey::kCreatedAt:
      return t.created_at;
    case core::TicketSortKey::kPriority:
      return static_cast<std::int64_t>(t.priority);
    case core::TicketSortKey::kUpdatedAt:
      break;
  }
  return t.updated_at;
}

template <typename T, typename F>
void any_of(std::string& sql, Params& params, const std::vector<T>& values, const char* column,
            F&& to_value) {
  if (values.empty()) return;
  sql += std::string(" AND ") + column + " IN (";
  for (size_t i = 0; i < values.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.push_back(to_value(values[i]));
  }
  sql += ")";
}

}  // namespace

// Narrows a WHERE clause over `tickets t` to what a department-bound agent
// may see (services/ticket_visibility decides who is bound; this is only
// the SQL of its rule): assigned to them, asked for by them, or in one of
// their departments.
void append_scope(std::string& sql, Params& params, const std::optional<core::StaffScope>& scope) {
  if (!scope) return;
  sql += " AND (t.assignee_id = ? OR t.requester_id = ?";
  params.push_back(scope->user_id);
  params.push_back(scope->user_id);
  if (!scope->department_ids.empty()) {
    sql += " OR t.department_id IN (";
    for (size_t i = 0; i < scope->department_ids.size(); ++i) {
      sql += i ? ", ?" : "?";
      params.push_back(scope->department_ids[i]);
    }
    sql += ")";
  }
  sql += ")";
}

void append_requester(std::string& sql, Params& params, std::optional<std::int64_t> requester_id,
                      const std::optional<std::string>& guest_email) {
  if (requester_id) {
    sql += " AND t.requester_id = ?";
    params.push_back(*requester_id);
  }
  if (guest_email) {
    sql += " AND t.requester_id IS NULL AND LOWER(t.guest_email) = ?";
    params.push_back(*guest_email);
  }
}

// Every column a ticket row stores, in one order that insert() and update()
// share; created_at comes first so update() can leave it out.
constexpr const char* kWritableColumns[] = {"created_at",
                                            "subject",
                                            "description",
                                            "status",
                                            "priority",
                                            "ticket_type",
                                            "channel",
                                            "requester_id",
                                            "guest_name",
                                            "guest_email",
                                            "assignee_id",
                                            "department_id",
                                            "updated_at",
                                            "resolved_at",
                                            "closed_at",
                                            "first_response_at",
                                            "snoozed_until",
                                            "assigned_at",
                                            "last_customer_reply_at",
                                            "last_agent_reply_at",
                                            "description_html"};

static Params writable_values(const TicketRecord& t) {
  return {t.created_at,
          t.subject,
          t.description,
          core::to_string(t.status),
          static_cast<int>(t.priority),
          core::to_string(t.ticket_type),
          core::to_string(t.channel),
          t.requester_id,
          t.guest_name,
          t.guest_email,
          t.assignee_id,
          t.department_id,
          t.updated_at,
          t.resolved_at,
          t.closed_at,
          t.first_response_at,
          t.snoozed_until,
          t.assigned_at,
          t.last_customer_reply_at,
          t.last_agent_reply_at,
          t.description_html};
}

std::int64_t insert(Connection& c, const TicketRecord& t) {
  static const std::string sql = [] {
    std::string columns, marks;
    for (const char* column : kWritableColumns) {
      columns += std::string(columns.empty() ? "" : ", ") + column;
      marks += marks.empty() ? "?" : ", ?";
    }
    return "INSERT INTO tickets (" + columns + ") VALUES (" + marks + ") RETURNING id";
  }();
  return c.query(sql, writable_values(t)).first().i64(0);
}

std::optional<TicketRecord> find(Connection& c, std::int64_t id) {
  ResultSet rs = c.query(std::string(kSelect) + " WHERE t.id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read_ticket(rs.first());
}

void update(Connection& c, const TicketRecord& t) {
  static const std::string sql = [] {
    std::string sets;
    for (const char* column : kWritableColumns) {
      if (std::string_view(column) == "created_at") continue;
      sets += std::string(sets.empty() ? "" : ", ") + column + " = ?";
    }
    return "UPDATE tickets SET " + sets + " WHERE id = ?";
  }();
  Params values = writable_values(t);
  values.erase(values.begin());  // created_at never changes
  values.emplace_back(t.id);
  c.execute(sql, values);
}

namespace {

// The WHERE clause of a list or count over `tickets t` (no cursor, no
// order): every filter of the query, the caller's scope, and the search;
// when `ranged`, without the statuses and priorities (sorted_ranges).
std::string where_clause(Connection& c, const core::TicketQuery& q, Params& params,
                         const SearchPlan& plan, bool ranged = false) {
  std::string sql = " WHERE 1 = 1";
  if (!ranged) {
    any_of(sql, params, q.statuses, "t.status",
           [](core::TicketStatus s) { return Value(core::to_string(s)); });
    any_of(sql, params, q.priorities, "t.priority",
           [](core::Priority p) { return Value(static_cast<int>(p)); });
  }
  if (q.assignee_id) {
    sql += " AND t.assignee_id = ?";
    params.push_back(*q.assignee_id);
  }
  if (q.unassigned) sql += " AND t.assignee_id IS NULL";
  if (q.follower_id) {
    sql += " AND t.id IN (SELECT f.ticket_id FROM ticket_followers f WHERE f.user_id = ?)";
    params.push_back(*q.follower_id);
  }
  if (q.department_id) {
    sql += " AND t.department_id = ?";
    params.push_back(*q.department_id);
  }
  append_requester(sql, params, q.requester_id, q.guest_email);
  append_scope(sql, params, q.staff_scope);
  if (!q.include_snoozed) sql += " AND t.snoozed_until IS NULL";
  if (q.tag) {
    sql +=
        " AND EXISTS (SELECT 1 FROM ticket_tags tt JOIN tags g ON g.id = tt.tag_id "
        "WHERE tt.ticket_id = t.id AND g.name = ?)";
    params.push_back(*q.tag);
  }
  append_search(sql, params, c.dialect(), q, plan, ranged);
  return sql;
}

// A saved view or queue filter lists a few statuses and priorities and sorts
// by updated_at: one ordered range of tickets_status_priority_updated
// (migration 0025) per status and priority pair, each stopped after a page,
// merged, beats sorting every ticket that matches. The pairs are those every
// status and priority condition of the query allows (their intersection);
// the ranges replace those conditions. Nothing when the query does not
// restrict both columns, when it searches words (their plans are in
// ticket_search_sql), or when there would be too many ranges.
constexpr size_t kMaxSortedRanges = 32;

struct SortedRanges {
  std::vector<std::string> statuses;
  std::vector<int> priorities;
};

std::optional<SortedRanges> sorted_ranges(const core::TicketQuery& q) {
  if (q.sort.key != core::TicketSortKey::kUpdatedAt || !q.search.texts.empty()) return {};
  std::optional<std::vector<std::string>> statuses;
  std::optional<std::vector<int>> priorities;
  auto narrow = []<typename T>(std::optional<std::vector<T>>& into, const std::vector<T>& allowed) {
    if (!into) {
      into = allowed;
      return;
    }
    std::erase_if(*into, [&allowed](const T& v) {
      return std::find(allowed.begin(), allowed.end(), v) == allowed.end();
    });
  };
  if (!q.statuses.empty()) {
    std::vector<std::string> v;
    for (auto st : q.statuses) v.emplace_back(core::to_string(st));
    narrow(statuses, v);
  }
  if (!q.priorities.empty()) {
    std::vector<int> v;
    for (auto pr : q.priorities) v.push_back(static_cast<int>(pr));
    narrow(priorities, v);
  }
  for (const auto& f : q.search.filters) {
    if (f.negated) continue;
    if (f.field == core::SearchField::kStatus) {
      narrow(statuses, f.values);
    } else if (f.field == core::SearchField::kPriority) {
      std::vector<int> v;
      for (const auto& name : f.values)
        if (auto pr = core::parse_priority(name)) v.push_back(static_cast<int>(*pr));
      narrow(priorities, v);
    }
  }
  // An empty intersection lists nothing; the plain query says so as well.
  if (!statuses || !priorities || statuses->empty() || priorities->empty() ||
      statuses->size() * priorities->size() > kMaxSortedRanges)
    return {};
  return SortedRanges{std::move(*statuses), std::move(*priorities)};
}

}  // namespace

std::int64_t count(Connection& c, const core::TicketQuery& q, std::int64_t cap) {
  Params params;
  std::string sql = "SELECT COUNT(*) FROM (SELECT 1 FROM tickets t" +
                    where_clause(c, q, params, plan_search(c, q)) + " LIMIT ?) counted";
  params.push_back(cap);
  return c.query(sql, params).first().i64(0);
}

Page list(Connection& c, const core::TicketQuery& q) {
  Params params;
  const SearchPlan plan = plan_search(c, q);
  const bool dense = plan.dense;
  const auto ranges = sorted_ranges(q);
  std::string sql = std::string(kSelect) + where_clause(c, q, params, plan, ranges.has_value());
  const char* column = sort_column(q.sort.key);
  // Rare words: the matching ids drive the query and are sorted; SQLite must
  // not walk the sort index instead and test each of a million tickets
  // (a unary + keeps the ORDER BY off the index).
  bool by_matches = !dense && !q.search.bare_text().empty();
  for (const auto& t : q.search.texts)
    by_matches = by_matches || (!dense && t.phrase && !t.negated);
  const std::string order_column =
      std::string(by_matches && c.dialect() == Dialect::kSqlite ? "+" : "") + column;
  const char* cmp = q.sort.descending ? "<" : ">";
  if (q.cursor) {
    auto cursor = core::decode_cursor(*q.cursor);
    if (!cursor) throw core::ValidationError("cursor", "is not a cursor this server issued");
    sql += std::string(" AND (") + column + " " + cmp + " ? OR (" + column + " = ? AND t.id " +
           cmp + " ?))";
    params.push_back(cursor->sort_value);
    params.push_back(cursor->sort_value);
    params.push_back(cursor->id);
  }
  const char* dir = q.sort.descending ? " DESC" : " ASC";
  std::string order = " ORDER BY " + order_column + dir + ", t.id" + dir + " LIMIT ?";
  if (ranges) {
    // Each range: the WHERE clause and one (status, priority) pair, a page
    // at most; the page is the first rows of their union.
    const std::string where = sql.substr(std::string_view(kSelect).size());
    const Params where_params = std::move(params);
    params.clear();
    std::string ids;
    int n = 0;
    for (const auto& status : ranges->statuses) {
      for (int priority : ranges->priorities) {
        ids += std::string(n ? " UNION ALL " : "") + "SELECT id FROM (SELECT t.id FROM tickets t" +
               where + " AND t.status = ? AND t.priority = ?" + order + ") r" + std::to_string(n);
        params.insert(params.end(), where_params.begin(), where_params.end());
        params.push_back(status);
        params.push_back(priority);
        params.push_back(q.limit + 1);
        ++n;
      }
    }
    sql = std::string(kSelect) + " WHERE t.id IN (" + ids + ")";
    // The few rows found are sorted; SQLite must not walk the sort index.
    if (c.dialect() == Dialect::kSqlite)
      order = std::string(" ORDER BY +") + column + dir + ", t.id" + dir + " LIMIT ?";
  }
  sql += order;
  // One row more than asked tells whether another page follows.
  params.push_back(q.limit + 1);

  Page page;
  for (const Row& r : c.query(sql, params).rows) page.rows.push_back(read_ticket(r));
  if (static_cast<int>(page.rows.size()) > q.limit) {
    page.rows.pop_back();
    const TicketRecord& last = page.rows.back();
    page.next_cursor = core::encode_cursor({sort_value(last, q.sort.key), last.id});
  }
  return page;
}

std::map<std::int64_t, std::vector<TagRecord>> tags_of(Connection& c,
                                                       const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::vector<TagRecord>> out;
  if (ids.empty()) return out;
  std::string sql =
      "SELECT tt.ticket_id, g.id, g.name, g.color, g.created_at, g.updated_at "
      "FROM ticket_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.ticket_id IN (";
  Params params;
  for (size_t i = 0; i < ids.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.push_back(ids[i]);
  }
  sql += ") ORDER BY g.name, g.id";
  for (const Row& r : c.query(sql, params).rows) {
    out[r.i64(0)].push_back(TagRecord{r.i64(1), r.text(2), r.text(3), r.i64(4), r.i64(5)});
  }
  return out;
}

bool add_tag(Connection& c, std::int64_t ticket_id, std::int64_t tag_id) {
  return c.execute(
             "INSERT INTO ticket_tags (ticket_id, tag_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
             {ticket_id, tag_id}) > 0;
}

bool remove_tag(Connection& c, std::int64_t ticket_id, std::int64_t tag_id) {
  return c.execute("DELETE FROM ticket_tags WHERE ticket_id = ? AND tag_id = ?",
                   {ticket_id, tag_id}) > 0;
}

namespace {
constexpr const char* kReplySelect =
    "SELECT p.id, p.ticket_id, p.author_id, p.body, p.is_internal_note, p.created_at, u.name, "
    "u.role, p.body_html, p.verified FROM replies p LEFT JOIN users u ON u.id = p.author_id";

ReplyRecord read_reply(const Row& r) {
  ReplyRecord p;
  p.id = r.i64(0);
  p.ticket_id = r.i64(1);
  p.author_id = r.opt_i64(2);
  p.body = r.text(3);
  p.is_internal_note = r.boolean(4);
  p.created_at = r.i64(5);
  p.author_name = r.text(6);
  if (!r.is_null(7)) p.author_role = core::parse_role(r.text(7));
  p.body_html = r.opt_text(8);
  p.verified = r.boolean(9);
  return p;
}
}  // namespace

std::int64_t insert_reply(Connection& c, const ReplyRecord& p) {
  return c
      .query(
          "INSERT INTO replies (ticket_id, author_id, body, is_internal_note, created_at, "
          "body_html, verified) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {p.ticket_id, p.author_id, p.body, p.is_internal_note, p.created_at, p.body_html,
           p.verified})
      .first()
      .i64(0);
}

std::optional<ReplyRecord> find_reply(Connection& c, std::int64_t id) {
  ResultSet rs = c.query(std::string(kReplySelect) + " WHERE p.id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read_reply(rs.first());
}

std::vector<ReplyRecord> replies(Connection& c, std::int64_t ticket_id, bool include_notes) {
  std::string sql = std::string(kReplySelect) + " WHERE p.ticket_id = ?";
  if (!include_notes) sql += " AND p.is_internal_note = 0";
  sql += " ORDER BY p.id";
  std::vector<ReplyRecord> out;
  for (const Row& r : c.query(sql, {ticket_id}).rows) out.push_back(read_reply(r));
  return out;
}

namespace {
// "status IN ('open', ...)" naming every status that is not done, so counts
// run over index ranges instead of the whole table.
const std::string& open_status_list() {
  static const std::string list = [] {
    std::string sql = "status IN (";
    bool first = true;
    for (core::TicketStatus s : core::kAllStatuses) {
      if (core::is_done(s)) continue;
      sql += std::string(first ? "'" : ", '") + std::string(core::to_string(s)) + "'";
      first = false;
    }
    return sql + ")";
  }();
  return list;
}
}  // namespace

std::int64_t count_open(Connection& c, const std::optional<core::StaffScope>& scope) {
  std::string sql = "SELECT COUNT(*) FROM tickets t WHERE " + open_status_list();
  Params params;
  append_scope(sql, params, scope);
  return c.scalar(sql, params)->as_int();
}

std::int64_t count_open_assigned(Connection& c, std::optional<std::int64_t> assignee_id,
                                 const std::optional<core::StaffScope>& scope) {
  std::string sql = "SELECT COUNT(*) FROM tickets t WHERE " + open_status_list();
  Params params;
  if (assignee_id) {
    sql += " AND t.assignee_id = ?";
    params.push_back(*assignee_id);
  } else {
    sql += " AND t.assignee_id IS NULL";
  }
  append_scope(sql, params, scope);
  return c.scalar(sql, params)->as_int();
}

std::int64_t count_resolved_since(Connection& c, Millis since,
                                  const std::optional<core::StaffScope>& scope) {
  std::string sql = "SELECT COUNT(*) FROM tickets t WHERE t.resolved_at >= ?";
  Params params{since};
  append_scope(sql, params, scope);
  return c.scalar(sql, params)->as_int();
}

std::vector<std::int64_t> unclosed_ids_after(Connection& c, std::int64_t after_id, int limit) {
  std::vector<std::int64_t> out;
  for (const Row& r : c.query("SELECT id FROM tickets WHERE id > ? AND status <> 'closed' "
                              "ORDER BY id LIMIT ?",
                              {after_id, limit})
                          .rows)
    out.push_back(r.i64(0));
  return out;
}

}  // namespace escalated::store::tickets
