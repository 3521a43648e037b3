#include "security/tokens.h"

#include <gtest/gtest.h>

#include <set>

#include "security/passwords.h"

namespace escalated::security {
namespace {

TEST(Tokens, RandomTokensAreLongUrlSafeAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string t = random_token(32);
    EXPECT_EQ(t.size(), 43u);  // 32 bytes -> 43 base64url characters
    EXPECT_EQ(
        t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    EXPECT_TRUE(seen.insert(t).second);
  }
}

TEST(Tokens, Sha256MatchesKnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Tokens, Base64UrlRoundTrips) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\x00x"}) {
    std::string decoded;
    ASSERT_TRUE(base64url_decode(base64url_encode(s), decoded));
    EXPECT_EQ(decoded, s);
  }
  std::string out;
  EXPECT_FALSE(base64url_decode("ab+c", out));
}

TEST(Tokens, ConstantTimeEquals) {
  EXPECT_TRUE(constant_time_equals("secret", "secret"));
  EXPECT_FALSE(constant_time_equals("secret", "secreT"));
  EXPECT_FALSE(constant_time_equals("secret", "secret1"));
}

TEST(Passwords, HashVerifiesOnlyTheRightPassword) {
  std::string hash = hash_password("correct horse");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password("correct horse", hash));
  EXPECT_FALSE(verify_password("correct horsE", hash));
  EXPECT_FALSE(verify_password("", hash));
  EXPECT_FALSE(verify_password("correct horse", ""));
  EXPECT_NE(hash_password("correct horse"), hash);  // salted
}

}  // namespace
}  // namespace escalated::security
