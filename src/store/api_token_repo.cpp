#include "store/api_token_repo.h"

namespace escalated::store::api_tokens {
namespace {

constexpr const char* kSelect =
    "SELECT t.id, t.user_id, t.name, t.token_hash, t.prefix, t.abilities, t.expires_at, "
    "t.last_used_at, t.created_by, t.created_at, u.name, u.email "
    "FROM api_tokens t JOIN users u ON u.id = t.user_id";

TokenRecord read_token(const Row& r) {
  TokenRecord t;
  t.id = r.i64(0);
  t.user_id = r.i64(1);
  t.name = r.text(2);
  t.token_hash = r.text(3);
  t.prefix = r.text(4);
  t.abilities_json = r.text(5);
  t.expires_at = r.opt_i64(6);
  t.last_used_at = r.opt_i64(7);
  t.created_by = r.opt_i64(8);
  t.created_at = r.i64(9);
  t.user_name = r.text(10);
  t.user_email = r.text(11);
  return t;
}

}  // namespace

std::int64_t insert(Connection& c, const TokenRecord& t) {
  return c
      .query(
          "INSERT INTO api_tokens (user_id, name, token_hash, prefix, abilities, expires_at, "
          "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {t.user_id, t.name, t.token_hash, t.prefix, t.abilities_json, t.expires_at, t.created_by,
           t.created_at})
      .first()
      .i64(0);
}

std::optional<TokenRecord> find(Connection& c, std::int64_t id) {
  ResultSet rs = c.query(std::string(kSelect) + " WHERE t.id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read_token(rs.first());
}

std::optional<TokenRecord> find_by_hash(Connection& c, const std::string& token_hash) {
  ResultSet rs = c.query(std::string(kSelect) + " WHERE t.token_hash = ?", {token_hash});
  if (rs.empty()) return std::nullopt;
  return read_token(rs.first());
}

std::vector<TokenRecord> list(Connection& c) {
  std::vector<TokenRecord> out;
  for (const Row& r : c.query(std::string(kSelect) + " ORDER BY t.id").rows)
    out.push_back(read_token(r));
  return out;
}

void remove(Connection& c, std::int64_t id) {
  c.execute("DELETE FROM api_tokens WHERE id = ?", {id});
}

bool touch(Connection& c, std::int64_t id, Millis now, Millis min_interval) {
  return c.execute(
             "UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND "
             "(last_used_at IS NULL OR last_used_at <= ?)",
             {now, id, now - min_interval}) > 0;
}

}  // namespace escalated::store::api_tokens
