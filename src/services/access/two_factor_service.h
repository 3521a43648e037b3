// Two-factor sign-in for stand-alone accounts: TOTP (security/totp.h) set up
// in two steps (a pending secret, then a code that proves the authenticator
// holds it), single-use recovery codes, and the check that sign-in runs once
// the password is right.
//
// The TOTP secret is a credential the server must keep in the clear (it
// computes the codes itself). It is shown once, by setup(), and is never
// returned, logged or written to the audit log afterwards.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "core/errors.h"
#include "services/base/context.h"
#include "store/records.h"

namespace escalated::services {

// What a sign-in offers besides the password. An empty string counts as
// absent. When both are given, only the TOTP code is checked.
struct SecondFactor {
  std::optional<std::string> totp_code;
  std::optional<std::string> recovery_code;

  bool given() const {
    return (totp_code && !totp_code->empty()) || (recovery_code && !recovery_code->empty());
  }
};

// The password was right, but the account has two-factor sign-in on and the
// attempt carried no code: ask for one. It is an Unauthorized, so a caller
// that does not handle it refuses the sign-in.
class SecondFactorRequired : public core::Unauthorized {
 public:
  SecondFactorRequired() : core::Unauthorized("A two-factor code is required.") {}
};

struct TwoFactorSetup {
  std::string secret;       // base32, for typing into an authenticator by hand
  std::string otpauth_uri;  // the same secret, for a QR code
};

// The result of turning two-factor sign-in on or off. Every session of the
// user has ended (a privilege change); the caller opens a new one for the
// browser that made the change.
struct TwoFactorChange {
  store::UserRecord user;
  std::vector<std::string> recovery_codes;  // in the clear, once; empty on disable
};

class TwoFactorService {
 public:
  explicit TwoFactorService(ServiceContext& ctx) : ctx_(ctx) {}

  // A new secret, stored as the caller's pending setup (replacing an earlier
  // pending one). Conflict when two-factor sign-in is already on; Forbidden
  // for accounts without a password here.
  TwoFactorSetup setup(const core::Actor& actor);

  // Turns two-factor sign-in on when `code` is valid for the pending secret
  // (ValidationError on `code` otherwise; Conflict when nothing is pending or
  // it is already on). Issues fresh recovery codes, stores only their
  // digests, and ends every session of the caller.
  TwoFactorChange confirm(const core::Actor& actor, const std::string& code);

  // Turns two-factor sign-in off after checking the password and a code
  // (TOTP or recovery code); ValidationError names the field at fault,
  // Conflict when it is not on. Deletes the secret and the recovery codes
  // and ends every session of the caller.
  TwoFactorChange disable(const core::Actor& actor, const std::string& password,
                          const std::string& code);

  bool enabled(std::int64_t user_id);

  // The sign-in check, after the password was verified: nothing to do for
  // accounts without two-factor sign-in; SecondFactorRequired when it is on
  // and `factor` is empty; Unauthorized for a wrong, replayed or used code.
  // A TOTP code's step is recorded with a compare-and-set, a recovery code
  // is deleted, both before this returns, so neither works twice.
  void check_sign_in(const store::UserRecord& user, const SecondFactor& factor);

 private:
  ServiceContext& ctx_;
};

}  // namespace escalated::services
