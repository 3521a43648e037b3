// The shared text helpers: trimming with the default and a chosen set of
// blanks, and ASCII-only lower case.
#include "core/text.h"

#include <gtest/gtest.h>

namespace escalated::core {
namespace {

TEST(Text, TrimDropsBlanksAtBothEndsOnly) {
  EXPECT_EQ(trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(trim(" \t\r\n "), "");
  EXPECT_EQ(trim(""), "");
  // With a chosen set, other characters stay.
  EXPECT_EQ(trim(" x\n ", " \t"), "x\n");
}

TEST(Text, LowerChangesOnlyAsciiLetters) {
  EXPECT_EQ(lower("Ana.Example@Mail.COM"), "ana.example@mail.com");
  // UTF-8 bytes are left alone (no locale decides anything).
  EXPECT_EQ(lower("\xC3\x9C"
                  "ber"),
            "\xC3\x9C"
            "ber");
}

}  // namespace
}  // namespace escalated::core
