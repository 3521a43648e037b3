#include "services/tickets/attachment_service.h"

#include "services/tickets/ticket_visibility.h"

#include "core/errors.h"
#include "services/base/ticket_json.h"
#include "store/attachment_repo.h"
#include "store/ticket_repo.h"

namespace escalated::services {

namespace json = boost::json;

namespace {

// Length of the valid UTF-8 sequence at s[i], 0 when invalid.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  std::size_t n;
  std::uint32_t cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  if (cp >= 0x80 && cp <= 0x9F) return 0;  // C1 controls
  return n;
}

}  // namespace

std::string sanitize_filename(std::string_view name) {
  auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    std::size_t n = utf8_length(name, i);
    if (n == 0) {
      ++i;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(name[i]);
    bool control = n == 1 && (c < 0x20 || c == 0x7F);
    if (!control) {
      if (out.size() + n > 255) break;
      out.append(name.substr(i, n));
    }
    i += n;
  }
  auto b = out.find_first_not_of(' ');
  out = b == std::string::npos ? "" : out.substr(b, out.find_last_not_of(' ') - b + 1);
  if (out.empty() || out == "." || out == "..") return "attachment";
  return out;
}

std::string normalize_mime_type(std::string_view type) {
  auto slash = type.find('/');
  auto token = [](std::string_view t) {
    if (t.empty() || t.size() > 127) return false;
    for (char ch : t) {
      unsigned char c = static_cast<unsigned char>(ch);
      bool ok = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
                std::string_view("!#$&-^_.+").find(ch) != std::string_view::npos;
      if (!ok) return false;
    }
    return true;
  };
  if (slash == std::string_view::npos || !token(type.substr(0, slash)) ||
      !token(type.substr(slash + 1)))
    return "application/octet-stream";
  std::string out(type);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

void AttachmentService::check(const std::vector<Upload>& uploads) const {
  const AttachmentOptions& o = ctx_.options.attachments;
  if (uploads.size() > static_cast<std::size_t>(o.max_per_reply)) {
    throw core::ValidationError("attachments",
                                "must be at most " + std::to_string(o.max_per_reply) + " files");
  }
  std::size_t max = static_cast<std::size_t>(o.max_size_kb) * 1024;
  for (const auto& u : uploads) {
    if (u.data.size() > max) {
      throw core::Error(413, "Content Too Large",
                        "\"" + sanitize_filename(u.filename) + "\" is larger than " +
                            std::to_string(o.max_size_kb) + " KB.");
    }
  }
}

void AttachmentService::decorate(store::AttachmentRecord& a) const {
  const std::string& prefix = ctx_.options.route_prefix;
  a.url = (prefix.empty() ? "" : "/" + prefix) + "/attachments/" + std::to_string(a.id);
}

std::vector<store::AttachmentRecord> AttachmentService::attach(
    store::Connection& c, Journal& journal, const core::Actor& actor, std::int64_t ticket_id,
    std::optional<std::int64_t> reply_id, const std::vector<Upload>& uploads) {
  std::vector<store::AttachmentRecord> out;
  for (const auto& u : uploads) {
    store::AttachmentRecord a;
    a.ticket_id = ticket_id;
    a.reply_id = reply_id;
    a.filename = sanitize_filename(u.filename);
    a.mime_type = normalize_mime_type(u.content_type);
    a.size = static_cast<std::int64_t>(u.data.size());
    a.sha256 = store_.put(u.data);
    if (actor.user_id > 0) a.uploaded_by = actor.user_id;
    a.created_at = journal.now();
    a.id = store::attachments::insert(c, a);
    decorate(a);
    json::object shown = attachment_json(a);
    shown["reply_id"] = reply_id ? json::value(*reply_id) : json::value(nullptr);
    journal.activity(ticket_id, "attachment_added", shown);
    shown["sha256"] = a.sha256;
    journal.audit("attachment", a.id, "created", nullptr, shown);
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<store::AttachmentRecord> AttachmentService::of_ticket(store::Connection& c,
                                                                  std::int64_t ticket_id) {
  auto list = store::attachments::of_ticket(c, ticket_id);
  for (auto& a : list) decorate(a);
  return list;
}

Download AttachmentService::download(const core::Actor& actor, std::int64_t id) {
  store::AttachmentRecord a = ctx_.db.read([&](store::Connection& c) {
    auto found = core::found_or_404(store::attachments::find(c, id), "attachment");
    auto t = store::tickets::find(c, found.ticket_id);
    if (!t || !sees(c, actor, *t)) throw core::NotFound("No such attachment.");
    if (!actor.is_staff()) {
      if (found.reply_id) {
        auto r = store::tickets::find_reply(c, *found.reply_id);
        if (!r || r->is_internal_note) throw core::NotFound("No such attachment.");
      }
    }
    return found;
  });
  decorate(a);
  auto bytes = store_.get(a.sha256);
  if (!bytes) throw core::NotFound("The attachment's file is missing.");
  return Download{std::move(a), std::move(*bytes)};
}

}  // namespace escalated::services
