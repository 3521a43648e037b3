#include "security/network_policy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>

#include "core/text.h"

namespace escalated::security {
namespace {

using core::lower;

bool public_v4(std::uint32_t a) {  // host byte order
  auto in = [a](std::uint32_t net, int bits) {
    std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
    return (a & mask) == net;
  };
  return !(in(0x00000000, 8) ||   // "this" network
           in(0x0A000000, 8) ||   // 10/8 private
           in(0x64400000, 10) ||  // 100.64/10 carrier-grade NAT
           in(0x7F000000, 8) ||   // loopback
           in(0xA9FE0000, 16) ||  // 169.254/16 link-local (cloud metadata)
           in(0xAC100000, 12) ||  // 172.16/12 private
           in(0xC0000000, 24) ||  // 192.0.0/24 protocol assignments
           in(0xC0000200, 24) ||  // 192.0.2/24 documentation
           in(0xC0A80000, 16) ||  // 192.168/16 private
           in(0xC6120000, 15) ||  // 198.18/15 benchmarking
           in(0xC6336400, 24) ||  // 198.51.100/24 documentation
           in(0xCB007100, 24) ||  // 203.0.113/24 documentation
           in(0xE0000000, 4) ||   // multicast
           in(0xF0000000, 4));    // reserved and broadcast
}

bool public_v6(const in6_addr& a) {
  const unsigned char* b = a.s6_addr;
  static const unsigned char kZero[16] = {};
  if (std::memcmp(b, kZero, 15) == 0 && (b[15] == 0 || b[15] == 1)) return false;  // :: and ::1
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address.
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static const unsigned char kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  // Addresses that tunnel to an IPv4 address we cannot judge from here, or
  // translate it under local control: 6to4 (2002::/16), Teredo
  // (2001::/32) and local-use NAT64 (64:ff9b:1::/48, RFC 8215).
  if (b[0] == 0x20 && b[1] == 0x02) return false;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) return false;
  if (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0 && b[5] == 1)
    return false;
  if (std::memcmp(b, kMapped, 12) == 0 || std::memcmp(b, kNat64, 12) == 0) {
    std::uint32_t v4 = (std::uint32_t{b[12]} << 24) | (std::uint32_t{b[13]} << 16) |
                       (std::uint32_t{b[14]} << 8) | b[15];
    return public_v4(v4);
  }
  if ((b[0] & 0xfe) == 0xfc) return false;                  // fc00::/7 unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;  // fe80::/10 link-local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return false;  // fec0::/10 site-local (old)
  if (b[0] == 0xff) return false;                           // multicast
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;       // docs
  if (b[0] == 0x01 && b[1] == 0x00 && std::memcmp(b + 2, kZero, 6) == 0) return false;  // 100::/64
  return (b[0] & 0xe0) == 0x20;  // only 2000::/3 is globally routed unicast
}

std::string numeric(const sockaddr* sa) {
  char text[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, text, sizeof text);
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, text, sizeof text);
  return text;
}

}  // namespace

bool is_public_address(const sockaddr* sa) {
  if (sa->sa_family == AF_INET)
    return public_v4(ntohl(reinterpret_cast<const sockaddr_in*>(sa)->sin_addr.s_addr));
  if (sa->sa_family == AF_INET6)
    return public_v6(reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr);
  return false;
}

bool is_public_address(const std::string& text) {
  sockaddr_in v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    return is_public_address(reinterpret_cast<const sockaddr*>(&v4));
  }
  sockaddr_in6 v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    return is_public_address(reinterpret_cast<const sockaddr*>(&v6));
  }
  return false;
}

ResolvedHost resolve_outbound_host(const std::string& host,
                                   const std::vector<std::string>& allowed_hosts) {
  ResolvedHost out;
  std::string name = host;
  // "[::1]" in a URL is the address ::1.
  if (name.size() > 2 && name.front() == '[' && name.back() == ']')
    name = name.substr(1, name.size() - 2);
  bool allowed = std::any_of(allowed_hosts.begin(), allowed_hosts.end(),
                             [&](const std::string& h) { return lower(h) == lower(name); });
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(name.c_str(), nullptr, &hints, &found);
  if (rc != 0 || !found) {
    out.error = "cannot resolve " + name + ": " + gai_strerror(rc);
    return out;
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(found, freeaddrinfo);
  for (const addrinfo* a = found; a; a = a->ai_next) {
    if (!allowed && !is_public_address(a->ai_addr)) {
      // Not which address: a refusal shown to an admin must not map the
      // internal network for them.
      out.error = name +
                  " is refused: an address it resolves to is not a public address (list the "
                  "host in Webhooks.AllowedHosts to allow it)";
      return out;
    }
    if (out.address.empty()) out.address = numeric(a->ai_addr);
  }
  if (out.address.empty()) out.error = "no usable address for " + name;
  return out;
}

}  // namespace escalated::security
