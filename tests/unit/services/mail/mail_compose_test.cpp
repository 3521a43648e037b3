// The RFC 5322 writer of notifications: threading headers, MIME structure,
// encodings, and no way for a name or subject to add a header.
#include "services/mail/mail_compose.h"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "security/signatures.h"

namespace escalated::services::mail {
namespace {

// The header block (up to the first empty line), unfolded, one entry each.
std::vector<std::string> headers_of(const std::string& message) {
  std::string head = message.substr(0, message.find("\r\n\r\n"));
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= head.size()) {
    std::size_t end = head.find("\r\n", at);
    std::string line = head.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t'))
      out.back() += line;
    else
      out.push_back(line);
    if (end == std::string::npos) break;
    at = end + 2;
  }
  return out;
}

std::string header(const std::string& message, const std::string& name) {
  for (const auto& h : headers_of(message))
    if (h.rfind(name + ": ", 0) == 0) return h.substr(name.size() + 2);
  return "";
}

OutgoingMessage sample() {
  OutgoingMessage m;
  m.from = {"Support", "support@example.com"};
  m.to = {"Carla Customer", "carla@example.com"};
  m.subject = "[ESC-00042] Printer jams";
  m.message_id = "<ticket-42-reply-7@example.com>";
  m.in_reply_to = m.references = "<ticket-42@example.com>";
  m.reply_to = "reply+42.0123456789abcdef@example.com";
  m.date = 1'795'000'000'000;  // 2026-11-18T11:06:40Z
  m.text = "Hello,\nline two\n";
  m.html = "<p>Hello</p>";
  return m;
}

TEST(MailCompose, WritesThreadingHeadersAndMimeParts) {
  std::string msg = compose(sample());
  EXPECT_EQ(header(msg, "From"), "\"Support\" <support@example.com>");
  EXPECT_EQ(header(msg, "To"), "\"Carla Customer\" <carla@example.com>");
  EXPECT_EQ(header(msg, "Subject"), "[ESC-00042] Printer jams");
  EXPECT_EQ(header(msg, "Message-ID"), "<ticket-42-reply-7@example.com>");
  EXPECT_EQ(header(msg, "In-Reply-To"), "<ticket-42@example.com>");
  EXPECT_EQ(header(msg, "References"), "<ticket-42@example.com>");
  EXPECT_EQ(header(msg, "Reply-To"), "reply+42.0123456789abcdef@example.com");
  EXPECT_EQ(header(msg, "Auto-Submitted"), "auto-generated");
  EXPECT_EQ(header(msg, "MIME-Version"), "1.0");
  EXPECT_EQ(header(msg, "Date"), "Wed, 18 Nov 2026 11:06:40 +0000");
  EXPECT_NE(header(msg, "Content-Type").find("multipart/alternative"), std::string::npos);
  EXPECT_NE(msg.find("Content-Type: text/plain; charset=UTF-8"), std::string::npos);
  EXPECT_NE(msg.find("Content-Type: text/html; charset=UTF-8"), std::string::npos);
  EXPECT_NE(msg.find("Hello,\r\nline two\r\n"), std::string::npos);
  EXPECT_NE(msg.find("--=_escalated_alternative--\r\n"), std::string::npos);
  // Every line ends in CRLF: no bare LF anywhere.
  for (std::size_t i = 0; i < msg.size(); ++i)
    if (msg[i] == '\n') {
      ASSERT_TRUE(i > 0 && msg[i - 1] == '\r') << "bare LF at " << i;
    }
}

TEST(MailCompose, RootHasNoInReplyTo) {
  OutgoingMessage m = sample();
  m.message_id = "<ticket-42@example.com>";
  m.in_reply_to.clear();
  m.references.clear();
  m.reply_to.reset();
  std::string msg = compose(m);
  EXPECT_EQ(header(msg, "In-Reply-To"), "");
  EXPECT_EQ(header(msg, "References"), "");
  EXPECT_EQ(header(msg, "Reply-To"), "");
}

TEST(MailCompose, WithoutHtmlItIsPlainText) {
  OutgoingMessage m = sample();
  m.html = " \n";
  std::string msg = compose(m);
  EXPECT_EQ(header(msg, "Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(header(msg, "Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(msg.substr(msg.find("\r\n\r\n")), "\r\n\r\nHello,\r\nline two\r\n\r\n");
  EXPECT_EQ(msg.find("multipart"), std::string::npos);
}

TEST(MailCompose, HostileNamesAndSubjectsAddNoHeader) {
  OutgoingMessage m = sample();
  m.to.name = "Eve\r\nBcc: victim@example.net\r\nX-Evil: 1";
  m.subject = "[ESC-00042] Hi\r\nBcc: victim@example.net\nX-Evil: 2\r\n\r\nbody?";
  m.from.name = "Support\rX-Evil: 3";
  std::string msg = compose(m);
  for (const auto& h : headers_of(msg)) {
    EXPECT_NE(h.rfind("Bcc:", 0), 0u) << h;
    EXPECT_NE(h.rfind("X-Evil:", 0), 0u) << h;
  }
  // The text survives as one line inside its own header.
  EXPECT_EQ(header(msg, "Subject"), "[ESC-00042] Hi Bcc: victim@example.net X-Evil: 2 body?");
  EXPECT_EQ(header(msg, "To"), "\"Eve Bcc: victim@example.net X-Evil: 1\" <carla@example.com>");
  // Quotes and backslashes in a name cannot end the quoted string.
  m = sample();
  m.to.name = "a\" <evil@example.net>, \"b\\";
  EXPECT_EQ(header(compose(m), "To"),
            "\"a\\\" <evil@example.net>, \\\"b\\\\\" <carla@example.com>");
}

TEST(MailCompose, RefusesImplausibleAddresses) {
  for (const char* bad : {"", "no-at-sign", "a@b@c", "a b@example.com", "a@example.com\r\nBcc: x",
                          "<a@example.com>", "a,b@example.com", "é@example.com"}) {
    EXPECT_FALSE(plausible_address(bad)) << bad;
    OutgoingMessage m = sample();
    m.to.email = bad;
    EXPECT_THROW(compose(m), std::invalid_argument) << bad;
  }
  EXPECT_TRUE(plausible_address("first.last+tag@sub.example.com"));
}

TEST(MailCompose, EncodesNonAsciiAsEncodedWords) {
  std::string word = encode_header("Grüße");
  EXPECT_EQ(word, "=?UTF-8?B?" + security::base64_encode("Grüße") + "?=");
  // Long values are split into words of at most 75 characters, on character
  // boundaries, folded onto continuation lines.
  std::string long_subject;
  for (int i = 0; i < 40; ++i) long_subject += "Ünïcødé ";
  std::string folded = encode_header(long_subject);
  std::string joined;
  std::istringstream lines(folded);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line[0] == ' ') line.erase(0, 1);
    EXPECT_LE(line.size(), 75u);
    ASSERT_EQ(line.rfind("=?UTF-8?B?", 0), 0u);
    std::string decoded;
    ASSERT_TRUE(security::base64_decode(line.substr(10, line.size() - 12), decoded));
    // Each word is whole UTF-8: it neither starts nor ends inside a character.
    EXPECT_NE(static_cast<unsigned char>(decoded.front()) & 0xC0, 0x80);
    joined += decoded;
  }
  EXPECT_EQ(joined, header_text(long_subject));
  // An ASCII text that looks like an encoded word is encoded, so it reads back literally.
  EXPECT_EQ(encode_header("=?UTF-8?B?x?="),
            "=?UTF-8?B?" + security::base64_encode("=?UTF-8?B?x?=") + "?=");
  EXPECT_EQ(format_address({"Zoë", "z@example.com"}),
            "=?UTF-8?B?" + security::base64_encode("Zoë") + "?= <z@example.com>");
}

TEST(MailCompose, QuotedPrintable) {
  EXPECT_EQ(quoted_printable("a=b"), "a=3Db");
  EXPECT_EQ(quoted_printable("é"), "=C3=A9");
  EXPECT_EQ(quoted_printable("trailing \nx"), "trailing=20\r\nx");
  EXPECT_EQ(quoted_printable(".\n..x"), "=2E\r\n=2E.x");
  EXPECT_EQ(quoted_printable("a\r\nb\rc"), "a\r\nb\r\nc");
  std::string long_line(200, 'x');
  std::string qp = quoted_printable(long_line);
  std::size_t at = 0, total = 0;
  while (at < qp.size()) {
    std::size_t end = qp.find("\r\n", at);
    std::string line = qp.substr(at, end == std::string::npos ? std::string::npos : end - at);
    EXPECT_LE(line.size(), 76u);
    total += line.size() - (line.back() == '=' ? 1 : 0);
    if (end == std::string::npos) break;
    at = end + 2;
  }
  EXPECT_EQ(total, 200u);
}

TEST(MailCompose, ParsesConfiguredFrom) {
  Address a = parse_address("\"Help Desk\" <help@example.com>");
  EXPECT_EQ(a.name, "Help Desk");
  EXPECT_EQ(a.email, "help@example.com");
  a = parse_address("help@example.com");
  EXPECT_EQ(a.name, "");
  EXPECT_EQ(a.email, "help@example.com");
}

}  // namespace
}  // namespace escalated::services::mail
