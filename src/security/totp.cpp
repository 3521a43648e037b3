#include "security/totp.h"

#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "security/tokens.h"

namespace escalated::security {
namespace {

constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
// Crockford's base32, lower case: no i, l, o or u.
constexpr char kCrockford[] = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr std::size_t kRecoveryCodeChars = 10;

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    throw std::runtime_error("the OS random generator failed");
  }
  return out;
}

// floor(a / b) for b > 0; plain '/' rounds towards zero.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

void percent_encode(std::string_view in, std::string& out) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (char ch : in) {
    auto c = static_cast<unsigned char>(ch);
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
}

}  // namespace

std::string base32_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  unsigned buffer = 0;
  int bits = 0;
  for (char ch : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(ch);
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += kBase32[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += kBase32[(buffer << (5 - bits)) & 31];
  return out;
}

bool base32_decode(std::string_view text, std::string& out) {
  out.clear();
  unsigned buffer = 0;
  int bits = 0;
  std::size_t symbols = 0;
  bool padding = false;
  for (char c : text) {
    if (c == ' ') continue;
    if (c == '=') {
      padding = true;
      continue;
    }
    if (padding) return false;  // '=' only at the end
    unsigned v;
    if (c >= 'A' && c <= 'Z')
      v = static_cast<unsigned>(c - 'A');
    else if (c >= 'a' && c <= 'z')
      v = static_cast<unsigned>(c - 'a');
    else if (c >= '2' && c <= '7')
      v = static_cast<unsigned>(c - '2' + 26);
    else
      return false;
    ++symbols;
    buffer = ((buffer << 5) | v) & 0xfff;  // never more than 12 live bits
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  // A final group of 8 symbols encodes 5 bytes; 1, 3 or 6 leftover symbols
  // cannot come from any byte string.
  std::size_t rest = symbols % 8;
  return rest != 1 && rest != 3 && rest != 6;
}

std::string generate_totp_secret() {
  return base32_encode(random_bytes(kTotpSecretBytes));
}

std::string hotp(std::string_view key, std::uint64_t counter, int digits) {
  if (digits < 6 || digits > 9) throw std::invalid_argument("HOTP codes have 6 to 9 digits");
  unsigned char message[8];
  for (int i = 7; i >= 0; --i) {
    message[i] = static_cast<unsigned char>(counter & 0xff);
    counter >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_length = 0;
  if (HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message, sizeof message, mac,
           &mac_length) == nullptr ||
      mac_length != 20) {
    throw std::runtime_error("HMAC-SHA-1 failed");
  }
  // RFC 4226 section 5.3, dynamic truncation: the low nibble of the last byte
  // picks four bytes, read big-endian without the sign bit.
  unsigned offset = mac[19] & 0x0f;
  std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                         (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                         (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                         static_cast<std::uint32_t>(mac[offset + 3]);
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  return std::string(static_cast<std::size_t>(digits) - code.size(), '0') + code;
}

std::int64_t totp_step(core::Millis t) {
  return floor_div(t, kTotpStepMillis);
}

std::string totp_code_at(std::string_view key, core::Millis t, int digits) {
  return hotp(key, static_cast<std::uint64_t>(totp_step(t)), digits);
}

std::optional<std::int64_t> totp_verify(std::string_view key, std::string_view code,
                                        core::Millis now,
                                        std::optional<std::int64_t> last_used_step) {
  std::string typed;
  for (char c : code) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return std::nullopt;
    typed += c;
  }
  if (typed.size() != static_cast<std::size_t>(kTotpDigits)) return std::nullopt;

  std::int64_t current = totp_step(now);
  std::optional<std::int64_t> matched;
  // No early exit: the time taken does not tell which step (if any) matched.
  for (std::int64_t step = current - kTotpWindowSteps; step <= current + kTotpWindowSteps; ++step) {
    if (step < 0) continue;
    bool equal = constant_time_equals(hotp(key, static_cast<std::uint64_t>(step)), typed);
    bool fresh = !last_used_step || step > *last_used_step;
    if (equal && fresh && !matched) matched = step;
  }
  return matched;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view secret_b32) {
  std::string uri = "otpauth://totp/";
  percent_encode(issuer, uri);
  uri += ':';
  percent_encode(account, uri);
  uri += "?secret=";
  percent_encode(secret_b32, uri);
  uri += "&issuer=";
  percent_encode(issuer, uri);
  uri += "&algorithm=SHA1&digits=";
  uri += std::to_string(kTotpDigits);
  uri += "&period=";
  uri += std::to_string(kTotpStepMillis / 1000);
  return uri;
}

std::vector<std::string> generate_recovery_codes(int count) {
  std::vector<std::string> codes;
  for (int i = 0; i < count; ++i) {
    // 256 is a multiple of 32, so the low five bits of a random byte are uniform.
    std::string bytes = random_bytes(kRecoveryCodeChars);
    std::string code;
    for (std::size_t k = 0; k < kRecoveryCodeChars; ++k) {
      if (k == kRecoveryCodeChars / 2) code += '-';
      code += kCrockford[static_cast<unsigned char>(bytes[k]) & 31];
    }
    codes.push_back(std::move(code));
  }
  return codes;
}

std::optional<std::string> normalize_recovery_code(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == 'o') c = '0';
    if (c == 'i' || c == 'l') c = '1';
    bool known = false;
    for (const char* p = kCrockford; *p; ++p) known = known || *p == c;
    if (!known) return std::nullopt;
    out += c;
  }
  if (out.size() != kRecoveryCodeChars) return std::nullopt;
  return out;
}

std::string recovery_code_digest(std::string_view code) {
  std::optional<std::string> canonical = normalize_recovery_code(code);
  return canonical ? sha256_hex(*canonical) : std::string();
}

std::optional<std::size_t> match_recovery_code(std::string_view typed,
                                               const std::vector<std::string>& stored_digests) {
  std::string digest = recovery_code_digest(typed);
  if (digest.empty()) return std::nullopt;
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < stored_digests.size(); ++i) {
    if (constant_time_equals(stored_digests[i], digest) && !found) found = i;
  }
  return found;
}

}  // namespace escalated::security
