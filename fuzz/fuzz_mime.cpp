// Inbound e-mail as the helpdesk ingests it: GMime parsing of any bytes
// (charsets declared, wrong or missing; nested multiparts; attached
// messages), then what the inbound path does with the result: HTML to text
// and the trimming of quoted history.
#include <cstdint>
#include <string_view>

#include "core/mail_quote.h"
#include "mime/mime_parser.h"
#include "security/html_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  try {
    escalated::mail::ParsedMail mail = escalated::mail::parse_mail(raw);
    std::string text =
        mail.text.empty() ? escalated::security::html_to_bounded_text(mail.html).text : mail.text;
    escalated::core::trim_quoted_history(text);
  } catch (const escalated::mail::MailParseError&) {
  }
  return 0;
}
