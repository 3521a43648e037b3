// A user's second factor: the TOTP secret (pending or enabled), the step of
// the last code accepted, and the digests of the recovery codes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::two_factor {

struct TwoFactorRecord {
  std::int64_t user_id = 0;
  std::string secret;  // base32; a credential, never shown after setup
  bool enabled = false;
  std::int64_t last_step = -1;  // -1 until a code has been accepted
  Millis created_at = 0;
  std::optional<Millis> enabled_at;
};

struct RecoveryCodeRecord {
  std::int64_t id = 0;
  std::string digest;  // security::recovery_code_digest of the code
};

std::optional<TwoFactorRecord> find(Connection& c, std::int64_t user_id);
bool is_enabled(Connection& c, std::int64_t user_id);

// Stores `secret` as the user's pending setup, replacing an earlier pending
// one. False (nothing written) when the user's second factor is enabled.
bool put_pending(Connection& c, std::int64_t user_id, const std::string& secret, Millis now);

// Turns the pending setup with exactly this secret on, recording `step` as
// used. False when there is no such pending row (enabled meanwhile, or set
// up again with a new secret).
bool enable(Connection& c, std::int64_t user_id, const std::string& secret, std::int64_t step,
            Millis now);

// Compare-and-set: records `step` as the last used one only if it is later
// than the stored one. False when another sign-in used this step (or a
// later one) first; the caller must then refuse the code.
bool claim_step(Connection& c, std::int64_t user_id, std::int64_t step);

// Removes the second factor and every recovery code of the user.
void remove(Connection& c, std::int64_t user_id);

// Replaces the user's recovery codes with these digests.
void replace_recovery_codes(Connection& c, std::int64_t user_id,
                            const std::vector<std::string>& digests, Millis now);
std::vector<RecoveryCodeRecord> recovery_codes(Connection& c, std::int64_t user_id);
// Deletes one code; false when it was already gone (used by a racing sign-in).
bool use_recovery_code(Connection& c, std::int64_t id);

}  // namespace escalated::store::two_factor
