// Message signatures for outgoing webhooks: HMAC-SHA256 in the two spellings
// receivers check — the Standard Webhooks `v1,<base64>` over
// "{id}.{timestamp}.{body}", and the original product's `sha256=<hex>` over
// the raw body.
#pragma once

#include <string>
#include <string_view>

namespace escalated::security {

// The raw 32-byte HMAC-SHA256 of `message` under `key`.
std::string hmac_sha256(std::string_view key, std::string_view message);
std::string hex_encode(std::string_view bytes);
// Standard base64 with padding (RFC 4648 §4), and its inverse (false on bad input).
std::string base64_encode(std::string_view bytes);
bool base64_decode(std::string_view text, std::string& out);

// The signing key of a webhook secret: a Standard Webhooks secret
// ("whsec_" + base64) signs with its decoded bytes; any other secret with its
// own bytes.
std::string webhook_signing_key(std::string_view secret);
// `webhook-signature`: "v1," + base64(HMAC(key, id + "." + timestamp + "." + body)).
std::string standard_webhook_signature(std::string_view secret, std::string_view message_id,
                                       std::string_view timestamp_seconds, std::string_view body);
// `X-Escalated-Signature`: "sha256=" + hex(HMAC(secret as given, body)).
std::string escalated_signature(std::string_view secret, std::string_view body);

}  // namespace escalated::security
