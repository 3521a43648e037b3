#include "security/signatures.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace escalated::security {

std::string hmac_sha256(std::string_view key, std::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &len))
    throw std::runtime_error("HMAC-SHA256 failed");
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string hex_encode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

bool base64_decode(std::string_view text, std::string& out) {
  if (text.size() % 4 != 0) return false;
  out.assign(3 * text.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return false;
  // EVP_DecodeBlock counts padding as zero bytes; drop them.
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<std::size_t>(n) - padding);
  return true;
}

std::string webhook_signing_key(std::string_view secret) {
  constexpr std::string_view kPrefix = "whsec_";
  std::string decoded;
  if (secret.substr(0, kPrefix.size()) == kPrefix &&
      base64_decode(secret.substr(kPrefix.size()), decoded) && !decoded.empty())
    return decoded;
  return std::string(secret);
}

std::string standard_webhook_signature(std::string_view secret, std::string_view message_id,
                                       std::string_view timestamp_seconds, std::string_view body) {
  std::string signed_content;
  signed_content.reserve(message_id.size() + timestamp_seconds.size() + body.size() + 2);
  signed_content.append(message_id).append(".").append(timestamp_seconds).append(".").append(body);
  return "v1," + base64_encode(hmac_sha256(webhook_signing_key(secret), signed_content));
}

std::string escalated_signature(std::string_view secret, std::string_view body) {
  return "sha256=" + hex_encode(hmac_sha256(secret, body));
}

}  // namespace escalated::security
