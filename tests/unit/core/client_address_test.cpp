// The client's address behind trusted proxies (TrustedProxies).
#include "core/client_address.h"

#include <gtest/gtest.h>

namespace escalated::core {
namespace {

std::vector<IpNetwork> nets(std::initializer_list<const char*> cidrs) {
  std::vector<IpNetwork> out;
  for (const char* c : cidrs) out.push_back(*parse_ip_network(c));
  return out;
}

TEST(ClientAddress, ParsesNetworks) {
  EXPECT_TRUE(parse_ip_network("10.0.0.0/8"));
  EXPECT_TRUE(parse_ip_network("127.0.0.1"));
  EXPECT_TRUE(parse_ip_network("::1"));
  EXPECT_TRUE(parse_ip_network("fd00::/8"));
  EXPECT_FALSE(parse_ip_network("10.0.0.1/8"));  // host bits set
  EXPECT_FALSE(parse_ip_network("10.0.0.0/33"));
  EXPECT_FALSE(parse_ip_network("10.0.0.0/"));
  EXPECT_FALSE(parse_ip_network("nginx"));
  EXPECT_FALSE(parse_ip_network(""));
  auto n = parse_ip_network("10.0.0.0/8");
  EXPECT_TRUE(contains(*n, *parse_ip("10.200.1.1")));
  EXPECT_FALSE(contains(*n, *parse_ip("11.0.0.1")));
  EXPECT_FALSE(contains(*n, *parse_ip("::1")));
}

TEST(ClientAddress, OnlyAListedPeerIsBelievedAndOnlyFromTheRight) {
  auto trusted = nets({"127.0.0.1", "10.0.0.0/8"});
  // An unlisted peer is the client, whatever it says.
  EXPECT_EQ(client_address("192.0.2.1", "203.0.113.9", std::nullopt, trusted), "192.0.2.1");
  EXPECT_EQ(client_address("192.0.2.1", "203.0.113.9", std::nullopt, {}), "192.0.2.1");
  // A listed one: the rightmost hop that is not listed.
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.9", std::nullopt, trusted), "203.0.113.9");
  EXPECT_EQ(client_address("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.1.2.3", std::nullopt, trusted),
            "203.0.113.9");
  // All hops listed: the leftmost. None sent: the peer.
  EXPECT_EQ(client_address("127.0.0.1", "10.0.0.2, 10.0.0.3", std::nullopt, trusted), "10.0.0.2");
  EXPECT_EQ(client_address("127.0.0.1", std::nullopt, std::nullopt, trusted), "127.0.0.1");
  // Garbage stops the walk at the proxy that passed it on.
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.9, nonsense", std::nullopt, trusted),
            "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "unknown, 10.0.0.5", std::nullopt, trusted), "10.0.0.5");
  // Forwarded (RFC 7239), used only without X-Forwarded-For.
  EXPECT_EQ(client_address("127.0.0.1", std::nullopt,
                           "for=6.6.6.6, for=\"[2001:db8::1]:4711\";proto=https", trusted),
            "2001:db8::1");
  EXPECT_EQ(client_address("127.0.0.1", std::nullopt, "for=203.0.113.9:80", trusted),
            "203.0.113.9");
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.1", "for=203.0.113.9", trusted),
            "198.51.100.1");
}

}  // namespace
}  // namespace escalated::core
