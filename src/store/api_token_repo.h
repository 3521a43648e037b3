// API tokens, found by the SHA-256 of their secret.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::api_tokens {

struct TokenRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string name;
  std::string token_hash;
  std::string prefix;
  std::string abilities_json = "[]";
  std::optional<Millis> expires_at;
  std::optional<Millis> last_used_at;
  std::optional<std::int64_t> created_by;
  Millis created_at = 0;
  std::string user_name, user_email;  // joined
};

std::int64_t insert(Connection& c, const TokenRecord& t);
std::optional<TokenRecord> find(Connection& c, std::int64_t id);
std::optional<TokenRecord> find_by_hash(Connection& c, const std::string& token_hash);
std::vector<TokenRecord> list(Connection& c);
void remove(Connection& c, std::int64_t id);
// Stamps last_used_at unless it was stamped less than `min_interval` ago;
// returns whether it wrote.
bool touch(Connection& c, std::int64_t id, Millis now, Millis min_interval);

}  // namespace escalated::store::api_tokens
