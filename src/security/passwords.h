// Password hashing with argon2id (libsodium). Logins are deliberately slow
// (about 50 ms); nothing else calls these.
#pragma once

#include <string>
#include <string_view>

namespace escalated::security {

// An encoded argon2id hash ("$argon2id$v=19$m=19456,t=2,p=1$...") that carries
// its own salt and cost parameters.
std::string hash_password(std::string_view password);

// True when the password matches the encoded hash. Runs in constant time with
// respect to the password.
bool verify_password(std::string_view password, const std::string& encoded_hash);

// A hash of a random password, verified against when the e-mail is unknown so
// that an unknown account costs the same time as a wrong password.
const std::string& decoy_password_hash();

}  // namespace escalated::security
