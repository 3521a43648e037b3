// Who the client is when the helpdesk runs behind reverse proxies. The peer
// of the connection is the client unless it is a listed proxy
// (TrustedProxies); then the proxies' X-Forwarded-For (or, without it, the
// RFC 7239 Forwarded header) is read from the right, skipping listed proxies,
// and the first hop that is not one is the client. Entries left of it were
// written by the client itself and are never believed.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace escalated::core {

// An IPv4 or IPv6 network: "10.0.0.0/8", "::1/128", or a single address
// (a full-length prefix). IPv4 is held as its IPv4-mapped IPv6 form.
struct IpNetwork {
  std::array<std::uint8_t, 16> address{};
  int prefix_bits = 128;
};

// The network a CIDR (or a bare address) names; nullopt when malformed or
// when bits are set beyond the prefix ("10.0.0.1/8").
std::optional<IpNetwork> parse_ip_network(std::string_view text);
// A numeric address as 16 bytes (IPv4 mapped into IPv6); nullopt otherwise.
// Accepts "[v6]", and ports after IPv4 ("1.2.3.4:5678") or "[v6]:port".
std::optional<std::array<std::uint8_t, 16>> parse_ip(std::string_view text);
bool contains(const IpNetwork& network, const std::array<std::uint8_t, 16>& ip);

// The client's address: `peer` unless it lies in `trusted`, then the
// rightmost hop of `x_forwarded_for` (else of `forwarded`) that does not.
// When every hop is trusted, the leftmost; when a hop is not an address,
// the last trusted hop before it (the proxy that wrote it).
std::string client_address(std::string_view peer, std::optional<std::string_view> x_forwarded_for,
                           std::optional<std::string_view> forwarded,
                           const std::vector<IpNetwork>& trusted);

}  // namespace escalated::core
