// Where outgoing requests (webhooks) may go. A target host is resolved at
// delivery time and refused if any of its addresses is loopback, private,
// link-local, multicast or otherwise not globally routable — unless the
// admin listed the host as allowed (on-premise receivers, tests). The address
// checked is the address connected to: the caller pins it (CURLOPT_RESOLVE),
// so a DNS answer that changes between check and connect cannot slip past.
#pragma once

#include <sys/socket.h>

#include <optional>
#include <string>
#include <vector>

namespace escalated::security {

// Whether the address is globally routable (IPv4 or IPv6; IPv4-mapped and
// NAT64 IPv6 addresses are judged by the IPv4 address they carry).
bool is_public_address(const sockaddr* address);
// The same for a numeric address in text form; false when it is not one.
bool is_public_address(const std::string& numeric);

struct ResolvedHost {
  std::string address;  // numeric, to pin the connection to
  std::string error;    // set when the host may not be reached
};

// Resolves `host` and picks the address to connect to. Refuses (error set)
// when resolution fails or any address is not public, unless `host` (case-
// insensitive) is in `allowed_hosts`.
ResolvedHost resolve_outbound_host(const std::string& host,
                                   const std::vector<std::string>& allowed_hosts);

}  // namespace escalated::security
