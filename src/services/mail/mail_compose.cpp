#include "services/mail/mail_compose.h"

#include <ctime>
#include <stdexcept>

#include "core/text.h"
#include "security/signatures.h"

namespace escalated::services::mail {
namespace {

// Quoted-printable output never holds "=_" ('=' is always followed by two hex
// digits or a line break), so a boundary that starts with it cannot occur in
// a part.
constexpr const char* kBoundary = "=_escalated_alternative";
// Longer printable values are encoded too, which folds them onto short lines.
constexpr std::size_t kPlainHeaderMax = 200;
// 45 bytes are 60 base64 characters: with "=?UTF-8?B?" and "?=" a word stays
// within the 75 characters RFC 2047 allows.
constexpr std::size_t kWordBytes = 45;

bool printable_ascii(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) return false;
  }
  return true;
}

void append_hex(unsigned char c, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '=';
  out += kHex[c >> 4];
  out += kHex[c & 0xf];
}

// One line (without its break) of quoted-printable, soft-broken at 76.
void encode_qp_line(std::string_view line, std::string& out) {
  std::size_t length = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    bool last = i + 1 == line.size();
    std::string piece;
    bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
    if (c == '.' && i == 0) literal = false;  // SMTP's end-of-data is a lone "."
    if (literal)
      piece = static_cast<char>(c);
    else
      append_hex(c, piece);
    if (length + piece.size() > 75) {
      out += "=\r\n";
      length = 0;
      if (piece == ".") piece = "=2E";
    }
    out += piece;
    length += piece.size();
  }
}

}  // namespace

Address parse_address(std::string_view text) {
  Address a;
  auto open = text.rfind('<');
  auto close = text.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    a.email = core::trim(text.substr(open + 1, close - open - 1), " \t");
    std::string name = core::trim(text.substr(0, open), " \t");
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
      name = name.substr(1, name.size() - 2);
    a.name = name;
  } else {
    a.email = core::trim(text, " \t");
  }
  return a;
}

bool plausible_address(std::string_view email) {
  auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= email.size() ||
      email.find('@', at + 1) != std::string_view::npos || email.size() > 254)
    return false;
  for (char c : email) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
    if (std::string_view("<>()[],;:\\\"").find(c) != std::string_view::npos) return false;
  }
  return true;
}

std::string header_text(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool space = false;
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string encode_header(std::string_view raw) {
  std::string value = header_text(raw);
  if (printable_ascii(value) && value.find("=?") == std::string::npos &&
      value.size() <= kPlainHeaderMax)
    return value;
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    std::size_t n = std::min(kWordBytes, value.size() - i);
    // Back off so a multi-byte character is not split between two words.
    while (n > 0 && i + n < value.size() &&
           (static_cast<unsigned char>(value[i + n]) & 0xC0) == 0x80)
      --n;
    if (n == 0) n = std::min(kWordBytes, value.size() - i);  // not UTF-8: split anyway
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + security::base64_encode(value.substr(i, n)) + "?=";
    i += n;
  }
  return out;
}

std::string format_address(const Address& a) {
  if (!plausible_address(a.email)) throw std::invalid_argument("not a usable e-mail address");
  std::string name = header_text(a.name);
  if (name.empty()) return a.email;
  std::string shown;
  if (printable_ascii(name) && name.find("=?") == std::string::npos &&
      name.size() <= kPlainHeaderMax) {
    shown = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') shown += '\\';
      shown += c;
    }
    shown += "\"";
  } else {
    shown = encode_header(name);
  }
  return shown + " <" + a.email + ">";
}

std::string rfc5322_date(std::int64_t millis) {
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string quoted_printable(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of("\r\n", start);
    std::string_view line =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    encode_qp_line(line, out);
    if (end == std::string_view::npos) break;
    out += "\r\n";
    start = end + ((text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1);
  }
  return out;
}

std::string compose(const OutgoingMessage& m) {
  std::string h;
  auto header = [&h](const char* name, const std::string& value) {
    h += name;
    h += ": ";
    h += value;
    h += "\r\n";
  };
  header("Date", rfc5322_date(m.date));
  header("From", format_address(m.from));
  header("To", format_address(m.to));
  if (m.reply_to) header("Reply-To", format_address(Address{"", *m.reply_to}));
  header("Subject", encode_header(m.subject));
  header("Message-ID", header_text(m.message_id));
  if (!m.in_reply_to.empty()) header("In-Reply-To", header_text(m.in_reply_to));
  if (!m.references.empty()) header("References", header_text(m.references));
  header("Auto-Submitted", "auto-generated");
  header("X-Auto-Response-Suppress", "All");
  header("MIME-Version", "1.0");
  // Without HTML, plain text alone: an empty HTML part would be what most
  // clients show.
  if (header_text(m.html).empty()) {
    header("Content-Type", "text/plain; charset=UTF-8");
    header("Content-Transfer-Encoding", "quoted-printable");
    return h + "\r\n" + quoted_printable(m.text) + "\r\n";
  }
  header("Content-Type", std::string("multipart/alternative; boundary=\"") + kBoundary + "\"");
  std::string b = std::string("--") + kBoundary;
  return h + "\r\n" + b +
         "\r\nContent-Type: text/plain; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
         quoted_printable(m.text) + "\r\n" + b +
         "\r\nContent-Type: text/html; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
         quoted_printable(m.html) + "\r\n" + b + "--\r\n";
}

}  // namespace escalated::services::mail
