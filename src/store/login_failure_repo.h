// The shared record of sign-in failures (login_failures): one row per key
// (an account or a client IP, as a SHA-256), read and written only by
// services/shared_login_failures.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::login_failures {

struct LoginFailureRecord {
  std::string key_hash;
  std::string recent;  // failure times in ms, oldest first, comma-separated
  int lockouts = 0;
  Millis locked_until = 0;
  Millis last_failure = 0;
  Millis idle_after = 0;
};

// Takes the lock of each key for the rest of the transaction, then returns
// the rows kept for them, by key. On PostgreSQL the lock is an advisory
// transaction lock per key, taken in key order so that two callers cannot
// deadlock, and held whether or not a row exists yet; on SQLite the write
// transaction already keeps every other writer out.
std::map<std::string, LoginFailureRecord> lock_and_load(Connection& c,
                                                        std::vector<std::string> key_hashes);
void save(Connection& c, const LoginFailureRecord& r);
void erase(Connection& c, const std::string& key_hash);
std::int64_t count(Connection& c);
// Deletes up to `limit` records idle by `now`; returns how many.
std::int64_t delete_idle(Connection& c, Millis now, int limit);

}  // namespace escalated::store::login_failures
