#include "store/password_reset_repo.h"

namespace escalated::store::password_resets {

std::int64_t insert(Connection& c, const PasswordResetRecord& r) {
  return c
      .query(
          "INSERT INTO password_resets (user_id, token_hash, expires_at, used_at, created_at) "
          "VALUES (?, ?, ?, NULL, ?) RETURNING id",
          {r.user_id, r.token_hash, r.expires_at, r.created_at})
      .first()
      .i64(0);
}

std::optional<PasswordResetRecord> find_by_token_hash(Connection& c, const std::string& hash) {
  ResultSet rs = c.query(
      "SELECT id, user_id, token_hash, expires_at, used_at, created_at FROM password_resets "
      "WHERE token_hash = ?",
      {hash});
  if (rs.empty()) return std::nullopt;
  const Row& r = rs.first();
  return PasswordResetRecord{r.i64(0), r.i64(1), r.text(2), r.i64(3), r.opt_i64(4), r.i64(5)};
}

std::int64_t count_since(Connection& c, std::int64_t user_id, Millis since) {
  return c
      .scalar("SELECT COUNT(*) FROM password_resets WHERE user_id = ? AND created_at >= ?",
              {user_id, since})
      ->as_int();
}

void spend_all(Connection& c, std::int64_t user_id, Millis now) {
  c.execute("UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL",
            {now, user_id});
}

}  // namespace escalated::store::password_resets
