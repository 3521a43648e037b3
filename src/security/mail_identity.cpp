#include "security/mail_identity.h"

#include <openssl/crypto.h>

#include <cctype>
#include <charconv>

#include "security/signatures.h"

namespace escalated::security {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

// A positive decimal id with no sign, no leading zero and no overflow.
std::optional<std::int64_t> parse_id(std::string_view digits) {
  if (digits.empty() || digits.size() > 18 || digits[0] == '0') return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "Name <a@b>" -> "a@b"; "a@b" -> "a@b".
std::string_view bare_address(std::string_view address) {
  address = trim(address);
  auto open = address.rfind('<');
  if (open != std::string_view::npos) {
    auto close = address.find('>', open);
    if (close == std::string_view::npos) return {};
    address = address.substr(open + 1, close - open - 1);
  }
  return trim(address);
}

}  // namespace

std::string ticket_message_id(std::int64_t ticket_id, std::string_view domain) {
  return "<ticket-" + std::to_string(ticket_id) + "@" + std::string(domain) + ">";
}

std::string reply_message_id(std::int64_t ticket_id, std::int64_t reply_id,
                             std::string_view domain) {
  return "<ticket-" + std::to_string(ticket_id) + "-reply-" + std::to_string(reply_id) + "@" +
         std::string(domain) + ">";
}

std::optional<ThreadReference> parse_message_id(std::string_view id, std::string_view domain) {
  id = trim(id);
  if (!id.empty() && id.front() == '<') {
    if (id.back() != '>') return std::nullopt;
    id = id.substr(1, id.size() - 2);
  }
  auto at = id.rfind('@');
  if (at == std::string_view::npos || !iequals(id.substr(at + 1), domain)) return std::nullopt;
  std::string_view local = id.substr(0, at);
  constexpr std::string_view kTicket = "ticket-";
  if (local.substr(0, kTicket.size()) != kTicket) return std::nullopt;
  local.remove_prefix(kTicket.size());
  ThreadReference ref;
  auto dash = local.find("-reply-");
  auto ticket = parse_id(local.substr(0, dash));
  if (!ticket) return std::nullopt;
  ref.ticket_id = *ticket;
  if (dash != std::string_view::npos) {
    auto reply = parse_id(local.substr(dash + 7));
    if (!reply) return std::nullopt;
    ref.reply_id = *reply;
  }
  return ref;
}

std::vector<std::string> split_message_ids(std::string_view header) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = header.find('<', pos)) != std::string_view::npos) {
    auto close = header.find('>', pos);
    if (close == std::string_view::npos) break;
    out.emplace_back(header.substr(pos, close - pos + 1));
    pos = close + 1;
  }
  return out;
}

std::string reply_signature(std::int64_t ticket_id, std::string_view secret) {
  return hex_encode(hmac_sha256(secret, std::to_string(ticket_id))).substr(0, 16);
}

std::string reply_address(std::int64_t ticket_id, std::string_view secret,
                          std::string_view domain) {
  return "reply+" + std::to_string(ticket_id) + "." + reply_signature(ticket_id, secret) + "@" +
         std::string(domain);
}

std::optional<std::int64_t> verify_reply_address(std::string_view address, std::string_view secret,
                                                 std::string_view domain) {
  if (secret.empty()) return std::nullopt;
  address = bare_address(address);
  auto at = address.rfind('@');
  if (at == std::string_view::npos || !iequals(address.substr(at + 1), domain)) return std::nullopt;
  std::string_view local = address.substr(0, at);
  constexpr std::string_view kPrefix = "reply+";
  if (local.size() <= kPrefix.size() || !iequals(local.substr(0, kPrefix.size()), kPrefix))
    return std::nullopt;
  local.remove_prefix(kPrefix.size());
  auto dot = local.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto ticket = parse_id(local.substr(0, dot));
  std::string_view given = local.substr(dot + 1);
  if (!ticket || given.size() != 16) return std::nullopt;
  std::string expected = reply_signature(*ticket, secret);
  // Some mail systems lower-case local parts; our hex is lower-case already.
  std::string lowered(given);
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (CRYPTO_memcmp(lowered.data(), expected.data(), expected.size()) != 0) return std::nullopt;
  return ticket;
}

std::string subject_reference(std::string_view prefix, std::int64_t ticket_id) {
  std::string digits = std::to_string(ticket_id);
  if (digits.size() < 5) digits.insert(0, 5 - digits.size(), '0');
  return "[" + std::string(prefix) + "-" + digits + "]";
}

std::optional<std::int64_t> parse_subject_reference(std::string_view subject,
                                                    std::string_view prefix) {
  for (std::size_t pos = subject.find('['); pos != std::string_view::npos;
       pos = subject.find('[', pos + 1)) {
    std::string_view rest = subject.substr(pos + 1);
    if (rest.size() < prefix.size() + 2 || !iequals(rest.substr(0, prefix.size()), prefix) ||
        rest[prefix.size()] != '-')
      continue;
    rest.remove_prefix(prefix.size() + 1);
    auto close = rest.find(']');
    if (close == std::string_view::npos) continue;
    std::string_view digits = rest.substr(0, close);
    while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
    if (auto id = parse_id(digits)) return id;
  }
  return std::nullopt;
}

}  // namespace escalated::security
