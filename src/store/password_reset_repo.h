// Password reset tokens (password_resets), stored as SHA-256 only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::password_resets {

struct PasswordResetRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string token_hash;
  Millis expires_at = 0;
  std::optional<Millis> used_at;
  Millis created_at = 0;
};

std::int64_t insert(Connection& c, const PasswordResetRecord& r);
std::optional<PasswordResetRecord> find_by_token_hash(Connection& c, const std::string& hash);
// Resets asked for by the user since `since` (spent or not).
std::int64_t count_since(Connection& c, std::int64_t user_id, Millis since);
// Marks every unspent token of the user spent at `now`.
void spend_all(Connection& c, std::int64_t user_id, Millis now);

}  // namespace escalated::store::password_resets
