#include "store/two_factor_repo.h"

namespace escalated::store::two_factor {

std::optional<TwoFactorRecord> find(Connection& c, std::int64_t user_id) {
  ResultSet rs = c.query(
      "SELECT user_id, secret, enabled, last_step, created_at, enabled_at FROM two_factor "
      "WHERE user_id = ?",
      {user_id});
  if (rs.empty()) return std::nullopt;
  const Row& r = rs.first();
  return TwoFactorRecord{r.i64(0), r.text(1), r.boolean(2), r.i64(3), r.i64(4), r.opt_i64(5)};
}

bool is_enabled(Connection& c, std::int64_t user_id) {
  return c.scalar("SELECT 1 FROM two_factor WHERE user_id = ? AND enabled = 1", {user_id})
      .has_value();
}

bool put_pending(Connection& c, std::int64_t user_id, const std::string& secret, Millis now) {
  // One statement on both engines: a racing setup cannot slip in between a
  // look and an insert, and an enabled row is left alone.
  return c.execute(
             "INSERT INTO two_factor (user_id, secret, enabled, last_step, created_at) "
             "VALUES (?, ?, 0, -1, ?) "
             "ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = -1, "
             "created_at = excluded.created_at WHERE two_factor.enabled = 0",
             {user_id, secret, now}) == 1;
}

bool enable(Connection& c, std::int64_t user_id, const std::string& secret, std::int64_t step,
            Millis now) {
  return c.execute(
             "UPDATE two_factor SET enabled = 1, enabled_at = ?, last_step = ? "
             "WHERE user_id = ? AND enabled = 0 AND secret = ?",
             {now, step, user_id, secret}) == 1;
}

bool claim_step(Connection& c, std::int64_t user_id, std::int64_t step) {
  return c.execute(
             "UPDATE two_factor SET last_step = ? WHERE user_id = ? AND enabled = 1 "
             "AND last_step < ?",
             {step, user_id, step}) == 1;
}

void remove(Connection& c, std::int64_t user_id) {
  c.execute("DELETE FROM two_factor_recovery_codes WHERE user_id = ?", {user_id});
  c.execute("DELETE FROM two_factor WHERE user_id = ?", {user_id});
}

void replace_recovery_codes(Connection& c, std::int64_t user_id,
                            const std::vector<std::string>& digests, Millis now) {
  c.execute("DELETE FROM two_factor_recovery_codes WHERE user_id = ?", {user_id});
  for (const auto& digest : digests) {
    c.execute(
        "INSERT INTO two_factor_recovery_codes (user_id, code_digest, created_at) "
        "VALUES (?, ?, ?)",
        {user_id, digest, now});
  }
}

std::vector<RecoveryCodeRecord> recovery_codes(Connection& c, std::int64_t user_id) {
  ResultSet rs =
      c.query("SELECT id, code_digest FROM two_factor_recovery_codes WHERE user_id = ? ORDER BY id",
              {user_id});
  std::vector<RecoveryCodeRecord> out;
  for (const Row& r : rs.rows) out.push_back({r.i64(0), r.text(1)});
  return out;
}

bool use_recovery_code(Connection& c, std::int64_t id) {
  return c.execute("DELETE FROM two_factor_recovery_codes WHERE id = ?", {id}) == 1;
}

}  // namespace escalated::store::two_factor
