// Random secrets and their digests. Secrets (session tokens, CSRF tokens,
// later API tokens and magic links) are shown once and stored only as SHA-256.
#pragma once

#include <string>
#include <string_view>

namespace escalated::security {

// `bytes` random bytes from the OS CSPRNG, as URL-safe base64 without padding.
std::string random_token(size_t bytes = 32);

// Lower-case hex SHA-256 of the input.
std::string sha256_hex(std::string_view data);

// Equality that takes the same time wherever the inputs differ.
bool constant_time_equals(std::string_view a, std::string_view b);

// URL-safe base64 without padding, and its inverse (nullopt-like empty result
// with ok=false on bad input).
std::string base64url_encode(std::string_view data);
bool base64url_decode(std::string_view text, std::string& out);

}  // namespace escalated::security
