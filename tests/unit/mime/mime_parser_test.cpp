// The GMime adapter over the corpus in tests/data/mail: every field comes out
// as UTF-8 whatever the message's charsets, and limits turn into errors.
#include "mime/mime_parser.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace escalated::mail {
namespace {

std::string corpus(const std::string& name) {
  std::ifstream in(std::string(ESCALATED_TEST_DATA_DIR) + "/mail/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("missing corpus file " + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Strict UTF-8: no stray continuation bytes, no truncated sequences.
bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (n < 0 || i + n >= s.size() + (n ? 0 : 1)) return false;
    for (int k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n + 1;
  }
  return true;
}

TEST(MimeParser, PlainMessage) {
  ParsedMail m = parse_mail(corpus("plain.eml"));
  ASSERT_TRUE(m.from);
  EXPECT_EQ(m.from->address, "Ann@Example.com");
  EXPECT_EQ(m.from->name, "Ann Example");
  EXPECT_EQ(m.recipients, std::vector<std::string>{"support@helpdesk.example"});
  EXPECT_EQ(m.subject, "Printer on floor 3 jams");
  EXPECT_EQ(m.message_id, "plain-1@mail.example.com");
  EXPECT_NE(m.text.find("floor 3 jams on every second page"), std::string::npos);
  EXPECT_TRUE(m.html.empty());
  EXPECT_FALSE(m.automatic);
  EXPECT_TRUE(m.attachments.empty());
}

TEST(MimeParser, AlternativeGivesBothBodies) {
  ParsedMail m = parse_mail(corpus("alternative.eml"));
  EXPECT_NE(m.text.find("macOS 15"), std::string::npos);
  EXPECT_NE(m.html.find("<div>"), std::string::npos);
  EXPECT_TRUE(m.attachments.empty());
}

TEST(MimeParser, AttachmentsAreDecoded) {
  ParsedMail m = parse_mail(corpus("attachments.eml"));
  ASSERT_EQ(m.attachments.size(), 2u);
  EXPECT_EQ(m.attachments[0].filename, "report.pdf");
  EXPECT_EQ(m.attachments[0].mime_type, "application/pdf");
  EXPECT_EQ(m.attachments[0].data.substr(0, 8), "%PDF-1.4");
  EXPECT_EQ(m.attachments[1].filename, "Bildschirmfoto \xC3\xBC.png");  // RFC 2231
  EXPECT_EQ(m.attachments[1].data.substr(1, 3), "PNG");
}

TEST(MimeParser, CharsetsBecomeUtf8) {
  ParsedMail latin1 = parse_mail(corpus("latin1.eml"));
  EXPECT_EQ(latin1.subject, "Caf\xC3\xA9maschine im B\xC3\xBCro defekt");
  EXPECT_EQ(latin1.from->name, "Ren\xC3\xA9\x65 M\xC3\xBCller");
  EXPECT_NE(latin1.text.find("Gr\xC3\xBC\xC3\x9F\x65"), std::string::npos);

  ParsedMail cp1252 = parse_mail(corpus("windows1252.eml"));
  EXPECT_EQ(cp1252.subject, "Refund of \xE2\x82\xAC 45");
  EXPECT_NE(cp1252.text.find("\xE2\x80\x9Cyou\xE2\x80\x99ll get \xE2\x82\xAC"
                             "45"),
            std::string::npos);

  ParsedMail sjis = parse_mail(corpus("shift_jis.eml"));
  EXPECT_EQ(sjis.subject, "\xE5\x8D\xB0\xE5\x88\xB7\xE3\x82\xA8\xE3\x83\xA9\xE3\x83\xBC");
  EXPECT_EQ(sjis.from->name, "\xE7\x94\xB0\xE4\xB8\xAD");
  EXPECT_EQ(sjis.text.rfind("\xE3\x83\x97\xE3\x83\xAA", 0), 0u);  // プリ...

  ParsedMail jis = parse_mail(corpus("iso2022jp.eml"));
  EXPECT_EQ(jis.subject, "\xE3\x83\x91\xE3\x82\xB9\xE3\x83\xAF\xE3\x83\xBC\xE3\x83\x89");
  EXPECT_EQ(jis.text.rfind("\xE3\x83\x91\xE3\x82\xB9", 0), 0u);
}

TEST(MimeParser, MalformedHeadersStillGiveUtf8) {
  ParsedMail m = parse_mail(corpus("malformed_headers.eml"));
  ASSERT_TRUE(m.from);
  EXPECT_EQ(m.from->address, "joerg@example.at");
  EXPECT_EQ(m.from->name, "J\xC3\xB6rg Stra\xC3\x9F\x65");
  EXPECT_EQ(m.subject.rfind("Drucker f\xC3\xA4ngt Feuer", 0), 0u);
  EXPECT_NE(m.text.find("Bitte schnell!"), std::string::npos);
  for (const std::string* s : {&m.subject, &m.text, &m.from->name})
    EXPECT_TRUE(valid_utf8(*s)) << *s;
}

TEST(MimeParser, MissingFromIsEmpty) {
  ParsedMail m = parse_mail(corpus("no_from.eml"));
  EXPECT_FALSE(m.from);
  EXPECT_EQ(m.subject, "Who am I?");
}

TEST(MimeParser, ForwardedMessageIsOneEmlAttachment) {
  ParsedMail m = parse_mail(corpus("forwarded.eml"));
  EXPECT_NE(m.text.find("Please take care"), std::string::npos);
  EXPECT_EQ(m.text.find("never arrived"), std::string::npos);
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].filename, "This is unacceptable.eml");
  EXPECT_EQ(m.attachments[0].mime_type, "message/rfc822");
  EXPECT_NE(m.attachments[0].data.find("My order never arrived."), std::string::npos);
}

TEST(MimeParser, AutomaticMessagesAreFlagged) {
  EXPECT_TRUE(parse_mail(corpus("bulk.eml")).automatic);
  EXPECT_TRUE(
      parse_mail("From: a@b.example\r\nAuto-Submitted: auto-replied\r\n\r\nAway").automatic);
  EXPECT_FALSE(parse_mail("From: a@b.example\r\nAuto-Submitted: no\r\n\r\nHello").automatic);
  EXPECT_TRUE(parse_mail("From: a@b.example\r\nX-Autoreply: yes\r\n\r\nAway").automatic);
}

TEST(MimeParser, LimitsOnPartsAndNesting) {
  std::string many = "From: a@b.example\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n";
  for (int i = 0; i < 20; ++i) many += "--b\r\nContent-Type: text/plain\r\n\r\npart\r\n";
  many += "--b--\r\n";
  EXPECT_THROW(parse_mail(many, {10, 8}), MailParseError);
  EXPECT_NO_THROW(parse_mail(many, {30, 8}));

  std::string deep = "From: a@b.example\r\n";
  for (int i = 0; i < 12; ++i)
    deep += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" +
            std::to_string(i) + "\r\n";
  deep += "Content-Type: text/plain\r\n\r\ndeep\r\n";
  EXPECT_THROW(parse_mail(deep, {100, 8}), MailParseError);

  // Nesting far beyond anything real is refused before GMime recurses.
  std::string bomb = "From: a@b.example\r\n";
  for (int i = 0; i < 50000; ++i) bomb += "Content-Type: message/rfc822\r\n\r\n";
  EXPECT_THROW(parse_mail(bomb), MailParseError);
}

TEST(MimeParser, GarbageNeverThrowsAnythingElse) {
  for (std::string garbage :
       {std::string(""), std::string("\0\0\0", 3), std::string("::::\r\n\r\n"),
        std::string("Content-Type: multipart/mixed\r\n\r\n--\r\n")}) {
    try {
      parse_mail(garbage);
    } catch (const MailParseError&) {
    }
  }
}

}  // namespace
}  // namespace escalated::mail
