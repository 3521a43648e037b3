// Two-factor sign-in: time-based one-time passwords (RFC 6238 TOTP over
// RFC 4226 HOTP; HMAC-SHA-1, 6 digits, 30-second steps, the only profile every
// authenticator app supports) and the single-use recovery codes that stand in
// for a lost phone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace escalated::security {

inline constexpr int kTotpDigits = 6;
inline constexpr core::Millis kTotpStepMillis = 30'000;
// Codes from one step either side of now are accepted: phones drift, and a
// person takes a few seconds to type what the app shows.
inline constexpr int kTotpWindowSteps = 1;
// RFC 4226 section 4 asks for a shared secret of at least 128 bits and
// recommends 160, the HMAC-SHA-1 output size.
inline constexpr std::size_t kTotpSecretBytes = 20;

// RFC 4648 base32 (A-Z, 2-7) in upper case without '=' padding: the form
// authenticator apps read from a QR code or have typed in by hand.
std::string base32_encode(std::string_view bytes);

// Inverse of base32_encode. Case-insensitive; spaces and trailing '=' padding
// are ignored, since people copy secrets in groups of four. False (and `out`
// unspecified) on any other character or on a length no encoding produces.
bool base32_decode(std::string_view text, std::string& out);

// A new shared secret: kTotpSecretBytes from the OS CSPRNG, base32-encoded
// (32 characters). Store it with the account; show it once, in otpauth_uri().
std::string generate_totp_secret();

// The RFC 4226 HOTP value of `key` at `counter`: `digits` (6 to 9) decimal
// digits, with leading zeros. Throws std::invalid_argument for other lengths.
std::string hotp(std::string_view key, std::uint64_t counter, int digits = kTotpDigits);

// The 30-second step that contains `t` (floor(t / 30 s); t is at or after the
// epoch).
std::int64_t totp_step(core::Millis t);

// The code an authenticator holding `key` (raw bytes, not base32) shows at `t`.
std::string totp_code_at(std::string_view key, core::Millis t, int digits = kTotpDigits);

// Checks a code a person typed against the steps now-1, now and now+1 and
// returns the step it matched, or nullopt. Only exactly six ASCII digits are
// accepted, after removing spaces ("123 456" is how apps display codes).
// Every candidate is compared in constant time.
//
// A code that was already used is refused within its window: the caller keeps
// the step returned by the last successful verify with the secret, and passes
// it as `last_used_step`; steps at or before it are never matched. Storing the
// new step must be a compare-and-set (UPDATE ... WHERE last_step < :step), so
// two sign-ins racing with one code cannot both win.
std::optional<std::int64_t> totp_verify(std::string_view key, std::string_view code,
                                        core::Millis now,
                                        std::optional<std::int64_t> last_used_step = std::nullopt);

// The Key URI an authenticator app reads from a QR code:
// otpauth://totp/Issuer:account?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30
// Issuer and account are percent-encoded (RFC 3986 unreserved characters
// pass as they are, so a ':' inside either cannot be mistaken for the
// separator).
std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view secret_b32);

// Recovery codes: each is ten characters from Crockford's base32 alphabet
// (digits and lower-case letters without i, l, o and u, so nothing reads as
// something else), 50 bits from the CSPRNG, shown as "xxxxx-xxxxx".
inline constexpr int kRecoveryCodeCount = 8;
std::vector<std::string> generate_recovery_codes(int count = kRecoveryCodeCount);

// The canonical form of a typed recovery code: lower case, without hyphens
// and spaces, with the look-alikes o -> 0 and i, l -> 1 mapped as Crockford
// specifies. nullopt when it cannot be a recovery code.
std::optional<std::string> normalize_recovery_code(std::string_view typed);

// What to store for a recovery code: SHA-256 hex of its canonical form. The
// codes are shown once and never stored in the clear. Empty for a malformed
// code.
std::string recovery_code_digest(std::string_view code);

// The index in `stored_digests` of the code a person typed, or nullopt. Every
// digest is compared in constant time. The caller deletes the matched digest
// (conditionally, so two uses racing cannot both succeed): codes are single-use.
std::optional<std::size_t> match_recovery_code(std::string_view typed,
                                               const std::vector<std::string>& stored_digests);

}  // namespace escalated::security
