// Reply headers of the fourteen languages (issue 14): each cuts the quoted
// history below it, in one line, and where its language starts the line
// with a fixed word, wrapped over two.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/mail_quote.h"

namespace escalated::core {
namespace {

// {language, the attribution line a mail client of that language writes}.
const std::vector<std::pair<std::string, std::string>>& attributions() {
  static const std::vector<std::pair<std::string, std::string>> all = {
      {"en", "On Tue, 3 Mar 2026 at 10:00, Support <s@example.com> wrote:"},
      {"de", "Am Di., 3. März 2026 um 10:00 Uhr schrieb Support <s@example.com>:"},
      {"fr", "Le mar. 3 mars 2026 à 10:00, Support <s@example.com> a écrit :"},
      {"es", "El mar, 3 mar 2026 a las 10:00, Support (<s@example.com>) escribió:"},
      {"it", "Il giorno mar 3 mar 2026 alle ore 10:00 Support <s@example.com> ha scritto:"},
      {"nl", "Op di 3 mrt 2026 om 10:00 schreef Support <s@example.com>:"},
      {"pl", "W dniu 3.03.2026 o 10:00, Support pisze:"},
      {"pt-BR", "Em ter., 3 de mar. de 2026 às 10:00, Support <s@example.com> escreveu:"},
      {"ru", "вт, 3 мар. 2026 г. в 10:00, Support <s@example.com> написал(а):"},
      {"tr", "3 Mar 2026 Sal, 10:00 tarihinde Support <s@example.com> şunu yazdı:"},
      {"zh-CN", "Support <s@example.com> 于2026年3月3日周二 10:00写道："},
      {"ja", "2026年3月3日(火) 10:00 Support <s@example.com>が書きました:"},
      {"ko", "2026년 3월 3일 (화) 오전 10:00, Support <s@example.com>님이 작성:"},
      {"ar", "في الثلاثاء، 3 مارس 2026 10:00 ص، كتب \u200FSupport\u200F <s@example.com>:"},
  };
  return all;
}

TEST(MailQuoteI18n, CutsAtTheReplyHeaderOfEachLanguage) {
  for (const auto& [language, line] : attributions()) {
    std::string mail = "Danke, das hat geholfen.\r\n\r\n" + line + "\r\n> Try restarting it.\r\n";
    EXPECT_EQ(trim_quoted_history(mail), "Danke, das hat geholfen.") << language;
  }
}

TEST(MailQuoteI18n, CutsAtAReplyHeaderWrappedOverTwoLines) {
  EXPECT_EQ(trim_quoted_history("Merci.\n\nLe mar. 3 mars 2026 à 10:00, Un Nom Très Long\n"
                                "<support@example.com> a écrit :\n\nancien texte\n"),
            "Merci.");
  EXPECT_EQ(trim_quoted_history("Danke.\n\nAm 03.03.2026 um 10:00 schrieb Ein Sehr Langer Name\n"
                                "<support@example.com>:\nalter Text\n"),
            "Danke.");
  EXPECT_EQ(trim_quoted_history("Bedankt.\n\nOp di 3 mrt 2026 om 10:00 schreef Support\n"
                                "<support@example.com>:\noud\n"),
            "Bedankt.");
}

TEST(MailQuoteI18n, ProseThatOnlyLooksLikeAHeaderStays) {
  // No date: a sentence, not a client's header.
  EXPECT_EQ(trim_quoted_history("他写道：\n问题解决了。"), "他写道：\n问题解决了。");
  EXPECT_EQ(trim_quoted_history("Am Ende schrieb er nichts mehr.\nDanke"),
            "Am Ende schrieb er nichts mehr.\nDanke");
  EXPECT_EQ(trim_quoted_history("Он написал:\nвсё работает"), "Он написал:\nвсё работает");
}

}  // namespace
}  // namespace escalated::core
