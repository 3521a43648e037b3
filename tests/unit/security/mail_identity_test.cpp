#include "security/mail_identity.h"

#include <gtest/gtest.h>

#include "security/signatures.h"

namespace escalated::security {
namespace {

TEST(MailIdentity, MessageIdsRoundTrip) {
  EXPECT_EQ(ticket_message_id(42, "example.com"), "<ticket-42@example.com>");
  EXPECT_EQ(reply_message_id(42, 7, "example.com"), "<ticket-42-reply-7@example.com>");
  auto root = parse_message_id("<ticket-42@Example.COM>", "example.com");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->ticket_id, 42);
  EXPECT_FALSE(root->reply_id);
  auto reply = parse_message_id("ticket-42-reply-7@example.com", "example.com");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->ticket_id, 42);
  EXPECT_EQ(reply->reply_id, 7);
}

TEST(MailIdentity, ForeignOrMalformedIdsAreRefused) {
  for (const char* id :
       {"<ticket-42@evil.com>", "<ticket-@example.com>", "<ticket-042@example.com>",
        "<ticket-42-reply-@example.com>", "<ticket-4x@example.com>", "<abc@example.com>",
        "<ticket-42@example.com", "", "<ticket-99999999999999999999@example.com>"}) {
    EXPECT_FALSE(parse_message_id(id, "example.com")) << id;
  }
}

TEST(MailIdentity, SplitsReferenceHeaders) {
  auto ids = split_message_ids("<a@x> <b@y>\r\n\t<ticket-1@z>");
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[2], "<ticket-1@z>");
}

TEST(MailIdentity, ReplyAddressIsSignedWithTheSpecifiedHmac) {
  const std::string secret = "inbound-secret";
  std::string expected_sig = hex_encode(hmac_sha256(secret, "42")).substr(0, 16);
  EXPECT_EQ(reply_address(42, secret, "example.com"), "reply+42." + expected_sig + "@example.com");
  EXPECT_EQ(verify_reply_address("Support <reply+42." + expected_sig + "@example.com>", secret,
                                 "example.com"),
            42);
}

TEST(MailIdentity, ForgedReplyAddressesNeverMatch) {
  const std::string secret = "inbound-secret";
  std::string good = reply_address(42, secret, "example.com");
  std::string other_ticket = good;
  other_ticket.replace(6, 2, "43");
  EXPECT_FALSE(verify_reply_address(other_ticket, secret, "example.com"));
  std::string flipped = good;
  char& c = flipped[flipped.find('.') + 1];
  c = c == 'a' ? 'b' : 'a';
  EXPECT_FALSE(verify_reply_address(flipped, secret, "example.com"));
  EXPECT_FALSE(verify_reply_address(good, "another-secret", "example.com"));
  EXPECT_FALSE(verify_reply_address(good, "", "example.com"));
  EXPECT_FALSE(verify_reply_address(good, secret, "evil.com"));
  EXPECT_FALSE(verify_reply_address("reply+42.abc@example.com", secret, "example.com"));
}

TEST(MailIdentity, SubjectReferences) {
  EXPECT_EQ(subject_reference("ESC", 42), "[ESC-00042]");
  EXPECT_EQ(subject_reference("ESC", 1234567), "[ESC-1234567]");
  EXPECT_EQ(parse_subject_reference("Re: [esc-00042] Printer on fire", "ESC"), 42);
  EXPECT_EQ(parse_subject_reference("[x] [ESC-7] y", "ESC"), 7);
  EXPECT_FALSE(parse_subject_reference("[ESC-] nothing", "ESC"));
  EXPECT_FALSE(parse_subject_reference("[ABC-00042]", "ESC"));
  EXPECT_FALSE(parse_subject_reference("[ESC-00000]", "ESC"));
}

}  // namespace
}  // namespace escalated::security
