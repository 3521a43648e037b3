#include "mime/mime_parser.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

namespace escalated::mail {
namespace {

void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

template <typename T>
struct GObjectDeleter {
  void operator()(T* p) const {
    if (p) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectDeleter<T>>;

struct GFreeDeleter {
  void operator()(char* p) const { g_free(p); }
};
using GString_ = std::unique_ptr<char, GFreeDeleter>;

// Valid UTF-8 whatever came in: bytes that are not UTF-8 are read as
// Windows-1252 (what undeclared 8-bit mail nearly always is), and what even
// that cannot map becomes U+FFFD.
std::string to_utf8(std::string_view bytes) {
  if (g_utf8_validate(bytes.data(), static_cast<gssize>(bytes.size()), nullptr))
    return std::string(bytes);
  gsize written = 0;
  GString_ converted(g_convert(bytes.data(), static_cast<gssize>(bytes.size()), "UTF-8",
                               "WINDOWS-1252", nullptr, &written, nullptr));
  if (converted) return std::string(converted.get(), written);
  GString_ valid(g_utf8_make_valid(bytes.data(), static_cast<gssize>(bytes.size())));
  return valid ? std::string(valid.get()) : std::string();
}

std::string header(GMimeObject* object, const char* name) {
  const char* value = g_mime_object_get_header(object, name);
  return value ? to_utf8(value) : std::string();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trimmed_lower(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return lower(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

bool is_automatic(GMimeObject* message) {
  std::string auto_submitted = trimmed_lower(header(message, "Auto-Submitted"));
  if (!auto_submitted.empty() && auto_submitted.rfind("no", 0) != 0) return true;
  std::string precedence = trimmed_lower(header(message, "Precedence"));
  if (precedence == "bulk" || precedence == "junk" || precedence == "list" ||
      precedence == "auto_reply")
    return true;
  return g_mime_object_get_header(message, "X-Autoreply") != nullptr ||
         g_mime_object_get_header(message, "X-Autorespond") != nullptr;
}

std::vector<std::string> headers_named(GMimeObject* object, const char* name, std::size_t max) {
  std::vector<std::string> out;
  GMimeHeaderList* list = g_mime_object_get_header_list(object);
  int count = list ? g_mime_header_list_get_count(list) : 0;
  for (int i = 0; i < count && out.size() < max; ++i) {
    GMimeHeader* h = g_mime_header_list_get_header_at(list, i);
    const char* n = h ? g_mime_header_get_name(h) : nullptr;
    if (!n || g_ascii_strcasecmp(n, name) != 0) continue;
    const char* value = g_mime_header_get_value(h);
    out.push_back(value ? to_utf8(value) : std::string());
  }
  return out;
}

// Mailboxes of a list, groups opened up.
void collect(InternetAddressList* list, std::vector<MailAddress>& out, int depth = 0) {
  if (!list || depth > 2) return;
  for (int i = 0; i < internet_address_list_length(list); ++i) {
    InternetAddress* a = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(a)) {
      collect(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)), out, depth + 1);
    } else if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
      const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
      const char* name = internet_address_get_name(a);
      if (addr && *addr) out.push_back({to_utf8(addr), name ? to_utf8(name) : ""});
    }
  }
}

std::string bytes_of(GMimeDataWrapper* content) {
  if (!content) return "";
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, stream.get());
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  return array ? std::string(reinterpret_cast<const char*>(array->data), array->len) : "";
}

std::string serialize(GMimeObject* object) {
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_object_write_to_stream(object, nullptr, stream.get());
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  return array ? std::string(reinterpret_cast<const char*>(array->data), array->len) : "";
}

std::string mime_type_of(GMimeObject* object) {
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (!type) return "application/octet-stream";
  GString_ text(g_mime_content_type_get_mime_type(type));
  return text ? lower(text.get()) : "application/octet-stream";
}

std::size_t count_ci(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  auto it = haystack.begin();
  while (true) {
    it = std::search(it, haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
      return std::tolower(static_cast<unsigned char>(a)) == b;
    });
    if (it == haystack.end()) return n;
    ++n;
    ++it;
  }
}

class Walker {
 public:
  Walker(ParsedMail& out, const MimeLimits& limits) : out_(out), limits_(limits) {}

  void walk(GMimeObject* object, int depth) {
    if (!object) return;
    if (++parts_ > limits_.max_parts)
      throw MailParseError("the message has more than " + std::to_string(limits_.max_parts) +
                           " MIME parts");
    if (depth > limits_.max_depth)
      throw MailParseError("the message nests MIME parts deeper than " +
                           std::to_string(limits_.max_depth) + " levels");
    if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* multipart = GMIME_MULTIPART(object);
      for (int i = 0; i < g_mime_multipart_get_count(multipart); ++i)
        walk(g_mime_multipart_get_part(multipart, i), depth + 1);
    } else if (GMIME_IS_MESSAGE_PART(object)) {
      // A forwarded message travels on whole, as an .eml file; its parts are
      // walked only to be counted against the limits.
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
      if (!inner) return;
      ++in_forward_;
      walk(g_mime_message_get_mime_part(inner), depth + 1);
      --in_forward_;
      if (in_forward_ > 0) return;  // inside the outer .eml already
      const char* subject = g_mime_message_get_subject(inner);
      std::string name = subject && *subject ? to_utf8(subject) : "message";
      out_.attachments.push_back({name + ".eml", "message/rfc822", serialize(GMIME_OBJECT(inner))});
    } else if (GMIME_IS_PART(object)) {
      if (in_forward_ == 0) part(GMIME_PART(object));
    }
  }

 private:
  void part(GMimePart* p) {
    GMimeObject* object = GMIME_OBJECT(p);
    GMimeContentType* type = g_mime_object_get_content_type(object);
    bool plain = type && g_mime_content_type_is_type(type, "text", "plain");
    bool html = type && g_mime_content_type_is_type(type, "text", "html");
    if (!g_mime_part_is_attachment(p) && GMIME_IS_TEXT_PART(object) && (plain || html)) {
      std::string& slot = plain ? out_.text : out_.html;
      if (slot.empty()) {
        GString_ text(g_mime_text_part_get_text(GMIME_TEXT_PART(object)));
        slot = text ? to_utf8(text.get()) : "";
        return;
      }
    }
    const char* filename = g_mime_part_get_filename(p);
    out_.attachments.push_back({filename ? to_utf8(filename) : "", mime_type_of(object),
                                bytes_of(g_mime_part_get_content(p))});
  }

  ParsedMail& out_;
  const MimeLimits& limits_;
  int parts_ = 0;
  int in_forward_ = 0;
};

}  // namespace

ParsedMail parse_mail(std::string_view raw, const MimeLimits& limits) {
  init_gmime();
  // GMime parses nested multiparts and messages by recursion; a message
  // made of nothing but nesting would exhaust the stack before the walk below
  // could count it. Each level needs a boundary or a message/ type, so
  // counting those first bounds the depth GMime can reach.
  auto ceiling = static_cast<std::size_t>(limits.max_parts);
  if (count_ci(raw, "boundary") > ceiling || count_ci(raw, "message/") > ceiling)
    throw MailParseError("the message has more than " + std::to_string(limits.max_parts) +
                         " MIME parts");
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GMimeParserOptions* options = g_mime_parser_options_new();
  g_mime_parser_options_set_rfc2047_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_address_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_parameter_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
  const char* fallback[] = {"UTF-8", "WINDOWS-1252", nullptr};
  g_mime_parser_options_set_fallback_charsets(options, fallback);
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options));
  g_mime_parser_options_free(options);
  if (!message) throw MailParseError("the message could not be parsed");

  GMimeObject* object = GMIME_OBJECT(message.get());
  ParsedMail out;
  std::vector<MailAddress> from;
  collect(g_mime_message_get_from(message.get()), from);
  if (!from.empty()) out.from = from.front();
  std::vector<MailAddress> recipients;
  collect(g_mime_message_get_to(message.get()), recipients);
  collect(g_mime_message_get_cc(message.get()), recipients);
  for (auto& r : recipients) out.recipients.push_back(std::move(r.address));
  const char* subject = g_mime_message_get_subject(message.get());
  out.subject = subject ? to_utf8(subject) : "";
  const char* id = g_mime_message_get_message_id(message.get());
  out.message_id = id ? to_utf8(id) : "";
  out.in_reply_to = header(object, "In-Reply-To");
  out.references = header(object, "References");
  out.automatic = is_automatic(object);
  out.authentication_results = headers_named(object, "Authentication-Results", 20);
  Walker walker(out, limits);
  walker.walk(g_mime_message_get_mime_part(message.get()), 0);
  return out;
}

}  // namespace escalated::mail
