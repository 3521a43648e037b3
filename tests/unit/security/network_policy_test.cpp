// Which addresses outgoing requests (webhooks) may reach, and the signatures
// they carry.
#include <gtest/gtest.h>

#include "security/network_policy.h"
#include "security/signatures.h"

namespace escalated::security {
namespace {

TEST(NetworkPolicy, PublicAndNonPublicAddresses) {
  for (const char* a :
       {"8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001:82a::200e"})
    EXPECT_TRUE(is_public_address(std::string(a))) << a;
  for (const char* a :
       {"127.0.0.1",       "127.8.9.10",      "10.1.2.3",     "172.16.0.1",    "172.31.255.255",
        "192.168.1.1",     "169.254.169.254", "100.64.0.1",   "0.0.0.0",       "224.0.0.1",
        "255.255.255.255", "192.0.2.1",       "198.18.0.1",   "::1",           "::",
        "fe80::1",         "fc00::1",         "fd12:3456::1", "ff02::1",       "::ffff:127.0.0.1",
        "::ffff:10.0.0.1", "64:ff9b::a00:1",  "2001:db8::1",  "not an address"})
    EXPECT_FALSE(is_public_address(std::string(a))) << a;
  // Just outside the private ranges.
  EXPECT_TRUE(is_public_address(std::string("172.32.0.1")));
  EXPECT_TRUE(is_public_address(std::string("100.128.0.1")));
  EXPECT_TRUE(is_public_address(std::string("::ffff:8.8.8.8")));
  // Issue 13, item 9: 6to4, Teredo and local-use NAT64 tunnel or translate
  // to addresses we cannot judge.
  for (const char* a : {"2002:a00:1::1", "2002:808:808::1", "2001:0:4136:e378::1",
                        "64:ff9b:1::a00:1", "64:ff9b:1::808:808"})
    EXPECT_FALSE(is_public_address(std::string(a))) << a;
  EXPECT_TRUE(is_public_address(std::string("2001:4860:4860::8888")));
  EXPECT_TRUE(is_public_address(std::string("64:ff9b::808:808")));
}

TEST(NetworkPolicy, LoopbackIsRefusedUnlessTheHostIsAllowed) {
  ResolvedHost refused = resolve_outbound_host("127.0.0.1", {});
  EXPECT_TRUE(refused.address.empty());
  EXPECT_NE(refused.error.find("not a public address"), std::string::npos) << refused.error;
  ResolvedHost localhost = resolve_outbound_host("localhost", {});
  EXPECT_FALSE(localhost.error.empty());
  // The refusal does not say which internal address the name has.
  EXPECT_EQ(localhost.error.find("127.0.0.1"), std::string::npos) << localhost.error;
  EXPECT_EQ(localhost.error.find("::1"), std::string::npos) << localhost.error;
  ResolvedHost allowed = resolve_outbound_host("127.0.0.1", {"127.0.0.1"});
  EXPECT_EQ(allowed.error, "");
  EXPECT_EQ(allowed.address, "127.0.0.1");
  ResolvedHost v6 = resolve_outbound_host("[::1]", {"::1"});
  EXPECT_EQ(v6.address, "::1");
  EXPECT_FALSE(resolve_outbound_host("no-such-host.invalid", {}).error.empty());
}

TEST(Signatures, StandardWebhooksAndHexSignatures) {
  // The Standard Webhooks reference example.
  EXPECT_EQ(standard_webhook_signature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                                       "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                                       R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  // RFC 4231 test case 2 for HMAC-SHA256.
  EXPECT_EQ(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(escalated_signature("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  std::string decoded;
  EXPECT_TRUE(base64_decode("Zm9vYg==", decoded));
  EXPECT_EQ(decoded, "foob");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_FALSE(base64_decode("Zm9", decoded));
}

}  // namespace
}  // namespace escalated::security
