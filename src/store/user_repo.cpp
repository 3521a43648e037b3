#include "store/user_repo.h"

#include <cctype>

namespace escalated::store::users {
namespace {

constexpr const char* kColumns =
    "id, name, email, password_hash, role, active, external_id, created_at, updated_at, locale, "
    "timezone";

UserRecord read_user(const Row& r) {
  UserRecord u;
  u.id = r.i64(0);
  u.name = r.text(1);
  u.email = r.text(2);
  u.password_hash = r.text(3);
  u.role = core::parse_role(r.text(4)).value_or(core::Role::kCustomer);
  u.active = r.boolean(5);
  u.external_id = r.opt_text(6);
  u.created_at = r.i64(7);
  u.updated_at = r.i64(8);
  u.locale = r.opt_text(9);
  u.timezone = r.opt_text(10);
  return u;
}

std::optional<UserRecord> find_where(Connection& c, const std::string& where, const Value& v) {
  ResultSet rs = c.query(std::string("SELECT ") + kColumns + " FROM users WHERE " + where, {v});
  if (rs.empty()) return std::nullopt;
  return read_user(rs.first());
}

// Escapes LIKE wildcards so a search for "a_b" finds "a_b", not "axb".
std::string like_pattern(const std::string& text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  out += '%';
  return out;
}

// The page of users is limited first (in the subquery), then joined with its
// second factor and departments: one row per (user, department), users in id
// order, folded back into one ManagedUser each.
std::vector<ManagedUser> query_managed(Connection& c, const std::string& where,
                                       const Params& params) {
  std::string sql =
      "SELECT u.id, u.name, u.email, u.password_hash, u.role, u.active, u.external_id, "
      "u.created_at, u.updated_at, u.locale, u.timezone, COALESCE(tf.enabled, 0), "
      "ud.department_id FROM (SELECT " +
      std::string(kColumns) + " FROM users WHERE " + where +
      " ORDER BY id LIMIT ?) u "
      "LEFT JOIN two_factor tf ON tf.user_id = u.id "
      "LEFT JOIN user_departments ud ON ud.user_id = u.id "
      "ORDER BY u.id, ud.department_id";
  std::vector<ManagedUser> out;
  for (const Row& r : c.query(sql, params).rows) {
    if (out.empty() || out.back().user.id != r.i64(0)) {
      out.push_back(ManagedUser{read_user(r), r.boolean(11), {}, {}});
      out.back().user.password_hash.clear();  // never leaves the store this way
    }
    if (!r.is_null(12)) out.back().department_ids.push_back(r.i64(12));
  }
  if (out.empty()) return out;
  // The page's roles in one more statement (ids are integers we read, so
  // they are safe to spell into the IN list).
  std::string ids;
  for (const auto& m : out) ids += (ids.empty() ? "" : ", ") + std::to_string(m.user.id);
  size_t at = 0;
  for (const Row& r : c.query("SELECT ur.user_id, r.slug FROM user_roles ur JOIN roles r ON "
                              "r.id = ur.role_id WHERE ur.user_id IN (" +
                              ids + ") ORDER BY ur.user_id, r.id")
                          .rows) {
    while (at < out.size() && out[at].user.id != r.i64(0)) ++at;
    if (at == out.size()) break;
    out[at].roles.push_back(r.text(1));
  }
  return out;
}

}  // namespace

std::int64_t insert(Connection& c, const UserRecord& u) {
  return c
      .query(
          "INSERT INTO users (name, email, password_hash, role, active, external_id, created_at, "
          "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {u.name, u.email, u.password_hash, core::to_string(u.role), u.active, u.external_id,
           u.created_at, u.updated_at})
      .first()
      .i64(0);
}

std::optional<UserRecord> find(Connection& c, std::int64_t id) {
  return find_where(c, "id = ?", id);
}

std::optional<UserRecord> find_by_email(Connection& c, const std::string& lower_email) {
  return find_where(c, "email = ? AND external_id IS NULL", lower_email);
}

std::optional<UserRecord> find_by_external_id(Connection& c, const std::string& external_id) {
  return find_where(c, "external_id = ?", external_id);
}

void update_profile(Connection& c, const UserRecord& u) {
  c.execute(
      "UPDATE users SET name = ?, email = ?, password_hash = ?, role = ?, active = ?, "
      "updated_at = ? WHERE id = ?",
      {u.name, u.email, u.password_hash, core::to_string(u.role), u.active, u.updated_at, u.id});
}

void set_preferences(Connection& c, std::int64_t id, const std::optional<std::string>& locale,
                     const std::optional<std::string>& timezone, Millis now) {
  c.execute("UPDATE users SET locale = ?, timezone = ?, updated_at = ? WHERE id = ?",
            {locale, timezone, now, id});
}

std::vector<UserRecord> list_staff(Connection& c) {
  ResultSet rs =
      c.query(std::string("SELECT ") + kColumns +
              " FROM users WHERE role IN ('agent', 'admin') ORDER BY active DESC, name, id");
  std::vector<UserRecord> out;
  for (const Row& r : rs.rows) out.push_back(read_user(r));
  return out;
}

std::int64_t count(Connection& c) {
  return c.scalar("SELECT COUNT(*) FROM users")->as_int();
}

std::int64_t insert_session(Connection& c, const SessionRecord& s) {
  return c
      .query(
          "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
          "VALUES (?, ?, ?, ?, ?) RETURNING id",
          {s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at})
      .first()
      .i64(0);
}

std::optional<std::pair<SessionRecord, UserRecord>> find_session_user(
    Connection& c, const std::string& token_hash) {
  ResultSet rs = c.query(
      "SELECT u.id, u.name, u.email, u.password_hash, u.role, u.active, u.external_id, "
      "u.created_at, u.updated_at, u.locale, u.timezone, s.id, s.csrf_token, s.created_at, "
      "s.expires_at "
      "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
      {token_hash});
  if (rs.empty()) return std::nullopt;
  const Row& r = rs.first();
  UserRecord user = read_user(r);  // columns 0-10, in kColumns order
  SessionRecord session{r.i64(11), token_hash, user.id, r.text(12), r.i64(13), r.i64(14)};
  return std::make_pair(std::move(session), std::move(user));
}

void delete_session(Connection& c, const std::string& token_hash) {
  c.execute("DELETE FROM sessions WHERE token_hash = ?", {token_hash});
}

void delete_sessions_of(Connection& c, std::int64_t user_id) {
  c.execute("DELETE FROM sessions WHERE user_id = ?", {user_id});
}

void delete_expired_sessions(Connection& c, Millis now) {
  c.execute("DELETE FROM sessions WHERE expires_at < ?", {now});
}

std::vector<ManagedUser> list_managed(Connection& c, const ManagedUserFilter& f) {
  std::string where = "1 = 1";
  Params params;
  if (f.role_slug) {
    where +=
        " AND id IN (SELECT ur.user_id FROM user_roles ur JOIN roles r ON r.id = ur.role_id "
        "WHERE r.slug = ?)";
    params.emplace_back(*f.role_slug);
  }
  if (f.active) {
    where += " AND active = ?";
    params.emplace_back(*f.active);
  }
  if (f.text && !f.text->empty()) {
    where += " AND (LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(email) LIKE ? ESCAPE '\\')";
    std::string pattern = like_pattern(*f.text);
    params.emplace_back(pattern);
    params.emplace_back(pattern);
  }
  if (f.after_id) {
    where += " AND id > ?";
    params.emplace_back(*f.after_id);
  }
  params.emplace_back(f.limit);
  return query_managed(c, where, params);
}

std::optional<ManagedUser> find_managed(Connection& c, std::int64_t id) {
  auto rows = query_managed(c, "id = ?", {id, 1});
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

void update_managed(Connection& c, const UserRecord& u) {
  c.execute("UPDATE users SET name = ?, active = ?, updated_at = ? WHERE id = ?",
            {u.name, u.active, u.updated_at, u.id});
}

void set_kind(Connection& c, std::int64_t user_id, core::Role kind) {
  c.execute("UPDATE users SET role = ? WHERE id = ?", {core::to_string(kind), user_id});
}

std::vector<std::int64_t> department_ids_of(Connection& c, std::int64_t user_id) {
  std::vector<std::int64_t> out;
  for (const Row& r : c.query("SELECT department_id FROM user_departments WHERE user_id = ? "
                              "ORDER BY department_id",
                              {user_id})
                          .rows)
    out.push_back(r.i64(0));
  return out;
}

void set_departments(Connection& c, std::int64_t user_id, const std::vector<std::int64_t>& ids) {
  c.execute("DELETE FROM user_departments WHERE user_id = ?", {user_id});
  for (std::int64_t id : ids) {
    c.execute("INSERT INTO user_departments (user_id, department_id) VALUES (?, ?)", {user_id, id});
  }
}

std::int64_t count_active_admins(Connection& c) {
  return c.scalar("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1")->as_int();
}

void lock_admin_changes(Connection& c) {
  if (c.dialect() == Dialect::kPostgres) c.query("SELECT pg_advisory_xact_lock(7355609)");
}

}  // namespace escalated::store::users
