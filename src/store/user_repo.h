// Users and their sign-in sessions.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::users {

// Inserts and returns the new id. Throws DatabaseError (constraint) when the
// e-mail is taken.
std::int64_t insert(Connection& c, const UserRecord& user);
std::optional<UserRecord> find(Connection& c, std::int64_t id);
// Local accounts only (not users an embedding host maps in).
std::optional<UserRecord> find_by_email(Connection& c, const std::string& lower_email);
std::optional<UserRecord> find_by_external_id(Connection& c, const std::string& external_id);
void update_profile(Connection& c, const UserRecord& user);
// Staff (agents and admins), active ones first by name.
std::vector<UserRecord> list_staff(Connection& c);
std::int64_t count(Connection& c);

std::int64_t insert_session(Connection& c, const SessionRecord& session);
// The session and its user in one statement: this runs on every request.
std::optional<std::pair<SessionRecord, UserRecord>> find_session_user(
    Connection& c, const std::string& token_hash);
void delete_session(Connection& c, const std::string& token_hash);
// Ends every session of the user (password change, deactivation).
void delete_sessions_of(Connection& c, std::int64_t user_id);
void delete_expired_sessions(Connection& c, Millis now);

}  // namespace escalated::store::users
