#include "store/login_failure_repo.h"

#include <algorithm>

namespace escalated::store::login_failures {
namespace {

// The advisory locks of this table: the two-integer form, whose key space
// is apart from the one-bigint locks of migrations and user creation.
constexpr std::int64_t kLockClass = 7355610;

// A 31-bit number from the key's hash (hex), as the lock's second key.
std::int64_t lock_object(const std::string& key_hash) {
  std::int64_t n = 0;
  for (std::size_t i = 0; i < 7 && i < key_hash.size(); ++i) {
    char ch = key_hash[i];
    int digit = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : 0;
    n = n * 16 + digit;
  }
  return n;
}

}  // namespace

std::map<std::string, LoginFailureRecord> lock_and_load(Connection& c,
                                                        std::vector<std::string> key_hashes) {
  std::sort(key_hashes.begin(), key_hashes.end());
  key_hashes.erase(std::unique(key_hashes.begin(), key_hashes.end()), key_hashes.end());
  std::map<std::string, LoginFailureRecord> out;
  for (const std::string& key : key_hashes) {
    if (c.dialect() == Dialect::kPostgres)
      c.query("SELECT pg_advisory_xact_lock(CAST(? AS INTEGER), CAST(? AS INTEGER))",
              {kLockClass, lock_object(key)});
    ResultSet rs = c.query(
        "SELECT recent, lockouts, locked_until, last_failure, idle_after FROM login_failures "
        "WHERE key_hash = ?",
        {key});
    if (rs.empty()) continue;
    const Row& r = rs.first();
    out[key] = LoginFailureRecord{key,      r.text(0), static_cast<int>(r.i64(1)),
                                  r.i64(2), r.i64(3),  r.i64(4)};
  }
  return out;
}

void save(Connection& c, const LoginFailureRecord& r) {
  c.execute(
      "INSERT INTO login_failures (key_hash, recent, lockouts, locked_until, last_failure, "
      "idle_after) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key_hash) DO UPDATE SET recent = "
      "excluded.recent, lockouts = excluded.lockouts, locked_until = excluded.locked_until, "
      "last_failure = excluded.last_failure, idle_after = excluded.idle_after",
      {r.key_hash, r.recent, r.lockouts, r.locked_until, r.last_failure, r.idle_after});
}

void erase(Connection& c, const std::string& key_hash) {
  c.execute("DELETE FROM login_failures WHERE key_hash = ?", {key_hash});
}

std::int64_t count(Connection& c) {
  return c.scalar("SELECT COUNT(*) FROM login_failures")->as_int();
}

std::int64_t delete_idle(Connection& c, Millis now, int limit) {
  return c.execute(
      "DELETE FROM login_failures WHERE key_hash IN (SELECT key_hash FROM login_failures "
      "WHERE idle_after <= ? ORDER BY idle_after LIMIT ?)",
      {now, limit});
}

}  // namespace escalated::store::login_failures
