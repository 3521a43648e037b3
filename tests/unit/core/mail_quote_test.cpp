// Quoted history below a reply is cut; the new text stays whole.
#include "core/mail_quote.h"

#include <gtest/gtest.h>

namespace escalated::core {
namespace {

TEST(MailQuote, CutsAtGmailAttribution) {
  EXPECT_EQ(
      trim_quoted_history("Thanks, that worked.\r\n\r\nOn Tue, Mar 3, 2026 at 9:00 AM Support "
                          "<s@example.com> wrote:\r\n> Try restarting it.\r\n"),
      "Thanks, that worked.");
}

TEST(MailQuote, CutsAtAttributionWrappedOverTwoLines) {
  EXPECT_EQ(trim_quoted_history("Fixed.\n\nOn Tue, 3 Mar 2026 at 09:00, A Very Long Support Name\n"
                                "<support@example.com> wrote:\n\nold text\n"),
            "Fixed.");
}

TEST(MailQuote, CutsAtQuotedLines) {
  EXPECT_EQ(trim_quoted_history("Yes, please.\n> Shall we replace it?\n> -- Support\n"),
            "Yes, please.");
}

TEST(MailQuote, CutsAtOutlookOriginalMessage) {
  EXPECT_EQ(trim_quoted_history("It jams again.\n\n-----Original Message-----\nFrom: Support\n"
                                "Sent: Friday\n\nWe replaced the roller.\n"),
            "It jams again.");
}

TEST(MailQuote, CutsAtOutlookHeaderBlock) {
  EXPECT_EQ(trim_quoted_history("See below.\n\n________________________________\n"
                                "From: Support <s@example.com>\nSent: Friday, March 13, 2026\n"
                                "To: Ann\nSubject: RE: printer\n\nOld.\n"),
            "See below.");
}

TEST(MailQuote, CutsAtOurMarkerAndSignature) {
  EXPECT_EQ(trim_quoted_history("New text\n## Reply above this line ##\nold"), "New text");
  EXPECT_EQ(trim_quoted_history("Body line\n-- \nAnn Example\nACME Corp\n"), "Body line");
}

TEST(MailQuote, KeepsTextThatOnlyMentionsTheWords) {
  std::string text = "From: the 3rd floor we cannot print.\nOnly one printer works.\nOn and off.";
  EXPECT_EQ(trim_quoted_history(text), text);
}

TEST(MailQuote, AMessageThatIsAllQuoteIsKeptWhole) {
  EXPECT_EQ(trim_quoted_history("\n> only a quote\n> nothing new\n"),
            "> only a quote\n> nothing new");
  EXPECT_EQ(trim_quoted_history(""), "");
}

// Issue 13, item 2: the output cap.
TEST(MailQuote, ReadsOnlyTheFirstMegabyte) {
  std::string huge;
  while (huge.size() < 3 * kMaxQuoteScanBytes) huge += "> quoted line\n";
  std::string kept = trim_quoted_history(huge);
  EXPECT_LE(kept.size(), kMaxQuoteScanBytes);
  EXPECT_EQ(kept.rfind("> quoted line\n", 0), 0u);
  EXPECT_EQ(trim_quoted_history("new\n\n> old"), "new");
}

}  // namespace
}  // namespace escalated::core
