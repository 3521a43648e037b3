#include "http/multipart.h"

#include <strings.h>

#include "core/errors.h"

namespace escalated::http {
namespace {

[[noreturn]] void malformed(const std::string& why) {
  throw core::BadRequest("The multipart/form-data body is malformed: " + why + ".");
}

bool is_tchar(char ch) {
  unsigned char c = static_cast<unsigned char>(ch);
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(ch) != std::string_view::npos;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

void skip_space(std::string_view text, std::size_t& i) {
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
}

std::string_view token_at(std::string_view text, std::size_t& i) {
  std::size_t start = i;
  while (i < text.size() && is_tchar(text[i])) ++i;
  return text.substr(start, i - start);
}

// A parameter value: a token or a quoted string (backslash escapes one char).
std::optional<std::string> value_at(std::string_view text, std::size_t& i) {
  if (i < text.size() && text[i] == '"') {
    std::string out;
    for (++i; i < text.size(); ++i) {
      char ch = text[i];
      if (ch == '"') {
        ++i;
        return out;
      }
      if (ch == '\\') {
        if (++i >= text.size()) return std::nullopt;
        ch = text[i];
      }
      if (ch == '\r' || ch == '\n' || ch == '\0') return std::nullopt;
      out += ch;
    }
    return std::nullopt;  // unterminated
  }
  std::string_view token = token_at(text, i);
  if (token.empty()) return std::nullopt;
  return std::string(token);
}

struct MediaType {
  std::string type;                                         // lower case "type/subtype"
  std::vector<std::pair<std::string, std::string>> params;  // lower-case names
};

// "type/subtype; a=b; c="d"" (also the shape of Content-Disposition, whose
// "type" has no slash). nullopt when it does not parse.
std::optional<MediaType> parse_header_value(std::string_view text, bool want_slash) {
  MediaType out;
  std::size_t i = 0;
  skip_space(text, i);
  std::string_view type = token_at(text, i);
  if (type.empty()) return std::nullopt;
  std::string full(type);
  if (want_slash) {
    if (i >= text.size() || text[i] != '/') return std::nullopt;
    ++i;
    std::string_view sub = token_at(text, i);
    if (sub.empty()) return std::nullopt;
    full += "/" + std::string(sub);
  }
  for (char& ch : full) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  out.type = full;
  for (;;) {
    skip_space(text, i);
    if (i == text.size()) break;
    if (text[i] != ';') return std::nullopt;
    ++i;
    skip_space(text, i);
    if (i == text.size()) break;  // a trailing ";" is tolerated
    std::string name(token_at(text, i));
    if (name.empty() || i >= text.size() || text[i] != '=') return std::nullopt;
    ++i;
    auto value = value_at(text, i);
    if (!value) return std::nullopt;
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (const auto& [seen, unused] : out.params)
      if (seen == name) return std::nullopt;  // a parameter given twice is ambiguous
    out.params.emplace_back(std::move(name), std::move(*value));
  }
  return out;
}

const std::string* param(const MediaType& m, std::string_view name) {
  for (const auto& [key, value] : m.params)
    if (key == name) return &value;
  return nullptr;
}

bool valid_boundary(std::string_view b) {
  if (b.empty() || b.size() > 70 || b.back() == ' ') return false;
  for (char ch : b) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool ok = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
              std::string_view("'()+_,-./:=? ").find(ch) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> form_data_boundary(std::string_view content_type) {
  auto m = parse_header_value(content_type, true);
  if (!m) {
    // Not even a media type: only an error when it claims to be form data.
    std::string_view head = content_type.substr(0, content_type.find(';'));
    while (!head.empty() && head.front() == ' ') head.remove_prefix(1);
    while (!head.empty() && head.back() == ' ') head.remove_suffix(1);
    if (iequals(head, "multipart/form-data")) malformed("the Content-Type does not parse");
    return std::nullopt;
  }
  if (m->type != "multipart/form-data") return std::nullopt;
  const std::string* boundary = param(*m, "boundary");
  if (!boundary || !valid_boundary(*boundary)) malformed("the Content-Type has no valid boundary");
  return *boundary;
}

std::vector<MultipartPart> parse_form_data(std::string_view body, std::string_view boundary,
                                           const MultipartLimits& limits) {
  if (!valid_boundary(boundary)) malformed("the boundary is not valid");
  const std::string delimiter = "--" + std::string(boundary);
  const std::string inner = "\r\n" + delimiter;
  if (body.substr(0, delimiter.size()) != delimiter)
    malformed("it does not start with the boundary");
  std::size_t pos = delimiter.size();
  std::vector<MultipartPart> parts;
  for (;;) {
    // After a delimiter: "--" closes the body, CRLF opens a part.
    if (body.substr(pos, 2) == "--") break;  // the epilogue, if any, is ignored
    if (body.substr(pos, 2) != "\r\n") malformed("a boundary line has trailing characters");
    pos += 2;
    if (parts.size() >= limits.max_parts) malformed("it has too many parts");

    std::size_t header_end = body.find("\r\n\r\n", pos);
    std::size_t header_len;
    if (body.substr(pos, 2) == "\r\n") {
      header_end = pos;  // a part without headers; caught below (no Content-Disposition)
      header_len = 0;
    } else {
      if (header_end == std::string_view::npos) malformed("a part's headers do not end");
      header_len = header_end - pos;
    }
    if (header_len > limits.max_header_bytes) malformed("a part's headers are too long");
    std::string_view headers = body.substr(pos, header_len);
    pos = header_end + (header_len == 0 ? 2 : 4);

    MultipartPart part;
    bool have_disposition = false, have_type = false;
    while (!headers.empty()) {
      std::size_t eol = headers.find("\r\n");
      std::string_view line = headers.substr(0, eol);
      headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0) malformed("a part header has no name");
      std::string_view name = line.substr(0, colon);
      for (char ch : name)
        if (!is_tchar(ch)) malformed("a part header's name is not a token");
      for (char ch : line)
        if (ch == '\r' || ch == '\n' || ch == '\0') malformed("a part header has a bare CR or LF");
      std::string_view value = line.substr(colon + 1);
      if (iequals(name, "content-disposition")) {
        if (have_disposition) malformed("a part has two Content-Disposition headers");
        have_disposition = true;
        auto d = parse_header_value(value, false);
        if (!d || d->type != "form-data")
          malformed("a part's Content-Disposition is not form-data");
        const std::string* field = param(*d, "name");
        if (!field || field->empty()) malformed("a part's Content-Disposition has no name");
        part.name = *field;
        if (const std::string* file = param(*d, "filename")) part.filename = *file;
      } else if (iequals(name, "content-type")) {
        if (have_type) malformed("a part has two Content-Type headers");
        have_type = true;
        // A type that does not parse is left empty: the caller falls back
        // to application/octet-stream rather than refusing the upload.
        auto t = parse_header_value(value, true);
        part.content_type = t ? t->type : "";
      }
      // Other part headers (Content-Transfer-Encoding is deprecated by RFC
      // 7578) are ignored.
    }
    if (!have_disposition) malformed("a part has no Content-Disposition");

    std::size_t end = body.find(inner, pos);
    if (end == std::string_view::npos) malformed("it does not end with the closing boundary");
    std::size_t size = end - pos;
    if (size > limits.max_part_bytes)
      throw core::Error(413, "Content Too Large", "A part of the upload is larger than allowed.");
    part.data.assign(body.substr(pos, size));
    parts.push_back(std::move(part));
    pos = end + inner.size();
  }
  return parts;
}

}  // namespace escalated::http
