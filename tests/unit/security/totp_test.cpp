#include "security/totp.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <stdexcept>

#include "security/tokens.h"

namespace escalated::security {
namespace {

// The RFC 4226 / RFC 6238 SHA-1 test secret.
const std::string kRfcKey = "12345678901234567890";

core::Millis seconds(std::int64_t s) {
  return s * 1000;
}

TEST(Base32, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "MY"},
      {"fo", "MZXQ"},
      {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"},
      {"fooba", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI"},
  };
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(base32_encode(plain), encoded) << plain;
    std::string decoded;
    ASSERT_TRUE(base32_decode(encoded, decoded)) << encoded;
    EXPECT_EQ(decoded, plain);
  }
}

TEST(Base32, DecodeAcceptsPaddingLowerCaseAndSpaces) {
  std::string decoded;
  ASSERT_TRUE(base32_decode("MZXW6YTBOI======", decoded));
  EXPECT_EQ(decoded, "foobar");
  ASSERT_TRUE(base32_decode("mzxw 6ytb oi", decoded));
  EXPECT_EQ(decoded, "foobar");
  ASSERT_TRUE(base32_decode("MzXw6===", decoded));
  EXPECT_EQ(decoded, "foo");
}

TEST(Base32, DecodeRejectsForeignCharactersAndImpossibleLengths) {
  std::string decoded;
  EXPECT_FALSE(base32_decode("MZXW1", decoded));  // 1 is not in the alphabet
  EXPECT_FALSE(base32_decode("MZXW8", decoded));
  EXPECT_FALSE(base32_decode("MZXW-6", decoded));
  EXPECT_FALSE(base32_decode("MZ=XW", decoded));  // padding in the middle
  EXPECT_FALSE(base32_decode("M", decoded));      // 1, 3 or 6 symbols in a group
  EXPECT_FALSE(base32_decode("MZX", decoded));
  EXPECT_FALSE(base32_decode("MZXW6Y", decoded));
}

TEST(Base32, RoundTripsEveryByteValueAndLength) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) {
    bytes += static_cast<char>(i);
    std::string decoded;
    ASSERT_TRUE(base32_decode(base32_encode(bytes), decoded));
    EXPECT_EQ(decoded, bytes);
  }
}

TEST(Totp, SecretsAre20RandomBytesInBase32) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    std::string secret = generate_totp_secret();
    EXPECT_EQ(secret.size(), 32u);
    std::string bytes;
    ASSERT_TRUE(base32_decode(secret, bytes));
    EXPECT_EQ(bytes.size(), 20u);
    EXPECT_TRUE(seen.insert(secret).second);
  }
}

TEST(Hotp, Rfc4226AppendixDVectors) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(hotp(kRfcKey, counter), expected[counter]) << counter;
  }
}

TEST(Hotp, RejectsUnsupportedLengths) {
  EXPECT_THROW(hotp(kRfcKey, 0, 5), std::invalid_argument);
  EXPECT_THROW(hotp(kRfcKey, 0, 10), std::invalid_argument);
}

TEST(Totp, Rfc6238AppendixBSha1Vectors) {
  // The RFC lists 8-digit codes; the 6-digit code is the same number mod
  // 10^6, that is its last six digits.
  const std::pair<std::int64_t, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  for (auto [t, code] : vectors) {
    EXPECT_EQ(totp_code_at(kRfcKey, seconds(t), 8), code) << t;
    EXPECT_EQ(totp_code_at(kRfcKey, seconds(t)), std::string(code).substr(2)) << t;
  }
}

TEST(Totp, StepsAreThirtySecondsFromTheEpoch) {
  EXPECT_EQ(totp_step(0), 0);
  EXPECT_EQ(totp_step(29'999), 0);
  EXPECT_EQ(totp_step(30'000), 1);
  EXPECT_EQ(totp_step(seconds(59)), 1);
  EXPECT_EQ(totp_step(seconds(1111111109)), 37037036);
}

TEST(Totp, VerifyAcceptsOneStepEitherSideToTheMillisecond) {
  const std::int64_t step = 50'000'000;
  const core::Millis start = step * kTotpStepMillis;  // first instant of `step`
  const std::string code = hotp(kRfcKey, step);

  // The code of `step` is accepted from the first instant of step-1 ...
  EXPECT_EQ(totp_verify(kRfcKey, code, start - kTotpStepMillis), step);
  EXPECT_FALSE(totp_verify(kRfcKey, code, start - kTotpStepMillis - 1));
  // ... through the whole of `step` ...
  EXPECT_EQ(totp_verify(kRfcKey, code, start), step);
  EXPECT_EQ(totp_verify(kRfcKey, code, start + kTotpStepMillis - 1), step);
  // ... to the last instant of step+1.
  EXPECT_EQ(totp_verify(kRfcKey, code, start + 2 * kTotpStepMillis - 1), step);
  EXPECT_FALSE(totp_verify(kRfcKey, code, start + 2 * kTotpStepMillis));
}

TEST(Totp, VerifyReturnsTheStepOfTheCodeNotOfNow) {
  const std::int64_t step = 50'000'000;
  const core::Millis now = step * kTotpStepMillis + 12'345;
  EXPECT_EQ(totp_verify(kRfcKey, hotp(kRfcKey, step - 1), now), step - 1);
  EXPECT_EQ(totp_verify(kRfcKey, hotp(kRfcKey, step + 1), now), step + 1);
  EXPECT_FALSE(totp_verify(kRfcKey, hotp(kRfcKey, step - 2), now));
  EXPECT_FALSE(totp_verify(kRfcKey, hotp(kRfcKey, step + 2), now));
}

TEST(Totp, ACodeAlreadyUsedIsRefusedWithinItsWindow) {
  const std::int64_t step = 50'000'000;
  const core::Millis now = step * kTotpStepMillis;
  const std::string code = hotp(kRfcKey, step);
  std::optional<std::int64_t> used = totp_verify(kRfcKey, code, now);
  ASSERT_EQ(used, step);
  // Replayed now, or 50 seconds later while still inside the window: refused.
  EXPECT_FALSE(totp_verify(kRfcKey, code, now, used));
  EXPECT_FALSE(totp_verify(kRfcKey, code, now + 50'000, used));
  // An older code still inside the window is refused too: steps only advance.
  EXPECT_FALSE(totp_verify(kRfcKey, hotp(kRfcKey, step - 1), now, used));
  // The next code is fine.
  EXPECT_EQ(totp_verify(kRfcKey, hotp(kRfcKey, step + 1), now, used), step + 1);
}

TEST(Totp, VerifyRefusesWrongAndMalformedCodes) {
  const std::int64_t step = 50'000'000;
  const core::Millis now = step * kTotpStepMillis;
  const std::string code = hotp(kRfcKey, step);
  std::string wrong = code;
  wrong[5] = wrong[5] == '9' ? '0' : static_cast<char>(wrong[5] + 1);
  EXPECT_FALSE(totp_verify(kRfcKey, wrong, now));
  EXPECT_FALSE(totp_verify(kRfcKey, "", now));
  EXPECT_FALSE(totp_verify(kRfcKey, code.substr(0, 5), now));
  EXPECT_FALSE(totp_verify(kRfcKey, code + "0", now));
  EXPECT_FALSE(totp_verify(kRfcKey, totp_code_at(kRfcKey, now, 8), now));
  EXPECT_FALSE(totp_verify(kRfcKey, code.substr(0, 5) + "a", now));
  EXPECT_FALSE(totp_verify(kRfcKey, "+" + code.substr(1), now));
  EXPECT_FALSE(totp_verify(kRfcKey, code.substr(0, 3) + "-" + code.substr(3), now));
  EXPECT_FALSE(totp_verify(kRfcKey, code + std::string(1, '\0'), now));
  EXPECT_FALSE(totp_verify(generate_totp_secret(), code, now));
  // As apps display it, with a space in the middle: accepted.
  EXPECT_EQ(totp_verify(kRfcKey, code.substr(0, 3) + " " + code.substr(3), now), step);
}

TEST(Totp, OtpauthUriPercentEncodesIssuerAndAccount) {
  EXPECT_EQ(otpauth_uri("Escalated", "ana@example.com", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Escalated:ana%40example.com?secret=JBSWY3DPEHPK3PXP"
            "&issuer=Escalated&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(otpauth_uri("Acme Help: Desk", "a&b=c/d?e", "AB"),
            "otpauth://totp/Acme%20Help%3A%20Desk:a%26b%3Dc%2Fd%3Fe?secret=AB"
            "&issuer=Acme%20Help%3A%20Desk&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(
      otpauth_uri("Caf\xc3\xa9", "x", "AB"),
      "otpauth://totp/Caf%C3%A9:x?secret=AB&issuer=Caf%C3%A9&algorithm=SHA1&digits=6&period=30");
}

TEST(RecoveryCodes, EightDistinctHumanFriendlyCodes) {
  std::vector<std::string> codes = generate_recovery_codes();
  ASSERT_EQ(codes.size(), 8u);
  std::set<std::string> distinct(codes.begin(), codes.end());
  EXPECT_EQ(distinct.size(), 8u);
  for (const std::string& code : codes) {
    ASSERT_EQ(code.size(), 11u) << code;
    EXPECT_EQ(code[5], '-');
    std::string without = code.substr(0, 5) + code.substr(6);
    EXPECT_EQ(without.find_first_not_of("0123456789abcdefghjkmnpqrstvwxyz"), std::string::npos)
        << code;
    EXPECT_EQ(normalize_recovery_code(code), without);
  }
}

TEST(RecoveryCodes, NormalisingIgnoresCaseHyphensSpacesAndLookAlikes) {
  EXPECT_EQ(normalize_recovery_code("ab3de-fg7hj"), "ab3defg7hj");
  EXPECT_EQ(normalize_recovery_code("AB3DE-FG7HJ"), "ab3defg7hj");
  EXPECT_EQ(normalize_recovery_code(" ab3de fg7hj "), "ab3defg7hj");
  EXPECT_EQ(normalize_recovery_code("ab3defg7hj"), "ab3defg7hj");
  EXPECT_EQ(normalize_recovery_code("O0IL1-abcde"), "00111abcde");
  EXPECT_FALSE(normalize_recovery_code("ab3de-fg7hu"));  // u is not in the alphabet
  EXPECT_FALSE(normalize_recovery_code("ab3de-fg7h"));   // too short
  EXPECT_FALSE(normalize_recovery_code("ab3de-fg7hjk"));
  EXPECT_FALSE(normalize_recovery_code("ab3de_fg7hj"));
  EXPECT_FALSE(normalize_recovery_code(""));
}

TEST(RecoveryCodes, StoredAsSha256AndMatchedOnce) {
  std::vector<std::string> codes = generate_recovery_codes();
  std::vector<std::string> digests;
  for (const std::string& code : codes) digests.push_back(recovery_code_digest(code));
  EXPECT_EQ(digests[0], sha256_hex(*normalize_recovery_code(codes[0])));
  EXPECT_EQ(recovery_code_digest("not a code"), "");

  std::string typed = codes[3];
  for (char& c : typed) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(match_recovery_code(typed, digests), 3u);
  EXPECT_EQ(match_recovery_code(codes[7], digests), 7u);
  // Single use: the caller deletes the digest, and the code stops matching.
  digests.erase(digests.begin() + 3);
  EXPECT_FALSE(match_recovery_code(codes[3], digests));
  EXPECT_FALSE(match_recovery_code("00000-00000", digests));
  EXPECT_FALSE(match_recovery_code("", digests));
  EXPECT_FALSE(match_recovery_code(codes[0], {}));
}

}  // namespace
}  // namespace escalated::security
