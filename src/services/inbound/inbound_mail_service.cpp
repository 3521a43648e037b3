#include "services/inbound/inbound_mail_service.h"

#include <algorithm>

#include "core/auth_results.h"
#include "core/errors.h"
#include "core/mail_quote.h"
#include "core/text.h"
#include "core/time_format.h"
#include "mime/mime_parser.h"
#include "security/html_text.h"
#include "security/mail_identity.h"
#include "security/tokens.h"
#include "services/access/account_service.h"
#include "services/access/role_service.h"
#include "services/base/journal.h"
#include "services/base/ticket_json.h"
#include "store/ticket_repo.h"
#include "store/user_repo.h"

namespace escalated::services {
namespace {

using core::lower;

using store::inbound_mail::InboundMessageRecord;

constexpr std::size_t kMaxSubject = 255;
constexpr std::size_t kMaxBody = 65536;
constexpr std::size_t kMaxName = 200;

// At most `max` bytes, cut at a character boundary (the text is UTF-8).
std::string truncate_utf8(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
  return s;
}

bool usable_address(const std::string& a) {
  auto at = a.find('@');
  return a.size() <= 254 && at != std::string::npos && at > 0 && at + 1 < a.size() &&
         std::none_of(a.begin(), a.end(), [](unsigned char ch) { return ch <= ' ' || ch == 127; });
}

// What an error says, with the fields of a validation error.
std::string describe(const core::Error& e) {
  std::string out = e.what();
  if (auto* v = dynamic_cast<const core::ValidationError*>(&e))
    for (const auto& [field, messages] : v->errors())
      for (const auto& m : messages) out += " " + field + " " + m + ".";
  return out;
}

constexpr std::string_view kCutNote =
    "\n\n[The rest of this message was cut: it was too long or too deeply nested to show "
    "here.]";

// The new text of the message: the plain part, else the HTML part as text
// (sanitised first), without the quoted history below it. Every step has a
// ceiling (security::TextLimits, core::kMaxQuoteScanBytes, kMaxBody), so no
// message, however nested, makes more than about a megabyte of text; a
// message cut by one is filed with a note saying so.
std::string body_of(const mail::ParsedMail& m) {
  bool has_text = m.text.find_first_not_of(" \t\r\n") != std::string::npos;
  bool cut = false;
  std::string text;
  if (has_text) {
    // Only the top is kept, so only the top is read.
    cut = m.text.size() > 4 * kMaxBody;
    text = truncate_utf8(m.text, 4 * kMaxBody);
  } else {
    security::BoundedText html = security::html_to_bounded_text(m.html);
    cut = html.truncated;
    text = std::move(html.text);
  }
  text = core::trim_quoted_history(text);
  if (text.size() > kMaxBody - kCutNote.size()) {
    cut = true;
    text = truncate_utf8(std::move(text), kMaxBody - kCutNote.size());
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos && !cut)
    return m.attachments.empty() ? "(This message had no text.)" : "(See the attached files.)";
  if (cut) text += kCutNote;
  return text;
}

std::vector<Upload> uploads_of(const mail::ParsedMail& m) {
  std::vector<Upload> out;
  for (const auto& a : m.attachments) out.push_back({a.filename, a.mime_type, a.data});
  return out;
}

struct Match {
  store::TicketRecord ticket;
  std::string matched_by;
};

// The ticket the message answers, tried in the contract's order: our
// Message-ID in In-Reply-To, then in References, then a correctly signed
// reply address among the recipients, then "[PREFIX-n]" in the subject. A
// candidate counts only when the sender is its requester or staff.
std::optional<Match> find_ticket(store::Connection& c, const Options& options,
                                 const mail::ParsedMail& m,
                                 const std::optional<store::UserRecord>& sender) {
  if (!sender) return std::nullopt;
  auto accept = [&](std::int64_t id, const char* how) -> std::optional<Match> {
    auto t = store::tickets::find(c, id);
    if (!t) return std::nullopt;
    if (t->requester_id != sender->id && !core::is_staff(sender->role)) return std::nullopt;
    return Match{*t, how};
  };
  const std::string& domain = options.email.domain;
  for (const auto& id : security::split_message_ids(m.in_reply_to))
    if (auto ref = security::parse_message_id(id, domain))
      if (auto found = accept(ref->ticket_id, "in_reply_to")) return found;
  for (const auto& id : security::split_message_ids(m.references))
    if (auto ref = security::parse_message_id(id, domain))
      if (auto found = accept(ref->ticket_id, "references")) return found;
  if (!options.email.inbound_secret.empty())
    for (const auto& to : m.recipients)
      if (auto id = security::verify_reply_address(to, options.email.inbound_secret, domain))
        if (auto found = accept(*id, "reply_address")) return found;
  if (auto id = security::parse_subject_reference(m.subject, options.ticket_reference_prefix))
    if (auto found = accept(*id, "subject_reference")) return found;
  return std::nullopt;
}

// The sender's account, created as a customer without a password (a
// contact) when the address is new. Addresses compare without case.
store::UserRecord contact_for(store::Database& db, const mail::MailAddress& from,
                              core::Millis now) {
  std::string email = lower(from.address);
  auto create = [&] {
    return db.write([&](store::Connection& c) {
      if (auto existing = store::users::find_by_email(c, email)) return *existing;
      store::UserRecord u;
      std::string name = from.name.empty() ? email.substr(0, email.find('@')) : from.name;
      u.name = truncate_utf8(name, kMaxName);
      u.email = email;
      u.role = core::Role::kCustomer;
      u.created_at = u.updated_at = now;
      u.id = store::users::insert(c, u);
      assign_roles(c, u.id, {"customer"}, nullptr);
      Journal(c, nullptr, now).audit("user", u.id, "created", nullptr, user_json(u));
      return u;
    });
  };
  try {
    return create();
  } catch (const store::DatabaseError& e) {
    // Two messages from a new address at once: the other one created it.
    if (!e.constraint_violation()) throw;
    auto existing =
        db.read([&](store::Connection& c) { return store::users::find_by_email(c, email); });
    if (!existing) throw;
    return *existing;
  }
}

// The address in Mail.From ("Support <support@example.com>" or bare).
std::string own_address(const std::string& from) {
  auto open = from.rfind('<');
  auto close = from.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open)
    return lower(from.substr(open + 1, close - open - 1));
  return lower(from);
}

}  // namespace

bool InboundMailService::secret_matches(std::string_view presented) const {
  const std::string& secret = ctx_.options.email.inbound_secret;
  if (secret.empty()) return false;
  // Hash both, so the comparison takes the same time whatever the lengths.
  return security::constant_time_equals(security::sha256_hex(presented),
                                        security::sha256_hex(secret));
}

InboundResult InboundMailService::ingest(std::string_view raw) {
  core::Millis now = ctx_.clock.now();
  InboundMessageRecord record;
  record.size = static_cast<std::int64_t>(raw.size());
  record.received_at = now;
  record.matched_by = "none";

  auto to_result = [](const InboundMessageRecord& r) {
    return InboundResult{r.outcome, r.matched_by, r.ticket_id, r.reply_id, r.error};
  };
  // Records an outcome on its own (nothing else is written with it). A
  // Message-ID stored meanwhile makes it a duplicate.
  auto finish = [&](std::string outcome, std::optional<std::string> error) {
    record.outcome = std::move(outcome);
    record.error = std::move(error);
    try {
      ctx_.db.write([&](store::Connection& c) { store::inbound_mail::insert(c, record); });
    } catch (const store::DatabaseError& e) {
      if (!e.constraint_violation() || !record.message_id) throw;
      return InboundResult{"duplicate", "none", std::nullopt, std::nullopt, std::nullopt};
    }
    return to_result(record);
  };

  std::size_t max_bytes = static_cast<std::size_t>(ctx_.options.email.max_inbound_kb) * 1024;
  if (raw.size() > max_bytes)
    return finish("failed", "the message is larger than Email.MaxInboundKb");

  mail::ParsedMail m;
  try {
    m = mail::parse_mail(raw);
  } catch (const std::exception& e) {
    return finish("failed", std::string("unreadable message: ") + e.what());
  }
  if (!m.message_id.empty()) record.message_id = truncate_utf8(m.message_id, 998);
  record.subject = truncate_utf8(m.subject, kMaxSubject);
  if (m.from) record.from_address = truncate_utf8(lower(m.from->address), 254);

  if (record.message_id) {
    bool seen = ctx_.db.read(
        [&](store::Connection& c) { return store::inbound_mail::exists(c, *record.message_id); });
    if (seen) return {"duplicate", "none", std::nullopt, std::nullopt, std::nullopt};
  }
  if (!m.from || !usable_address(m.from->address))
    return finish("failed", "the message has no usable sender address (From)");

  std::string email = lower(m.from->address);
  // Our own notifications coming back (a forwarding rule, a bounce to the
  // wrong place) would otherwise answer themselves in a loop.
  if (email == own_address(ctx_.options.mail.from))
    return finish("ignored", "sent by the helpdesk itself (Mail.From)");
  auto found = ctx_.db.read([&](store::Connection& c) {
    auto sender = store::users::find_by_email(c, email);
    return std::make_pair(sender, find_ticket(c, ctx_.options, m, sender));
  });
  const auto& [sender, match] = found;
  if (match) {
    record.matched_by = match->matched_by;
    record.ticket_id = match->ticket.id;
  }
  if (sender && !sender->active) return finish("ignored", "the sender's account is deactivated");
  // Out-of-office notes, bounces and list traffic: kept on record, but they
  // neither reopen a ticket nor open one (and so cannot start a mail loop).
  if (m.automatic) return finish("ignored", "automatic message (Auto-Submitted or Precedence)");

  // Proof that the sender is who From: says (issue 13, item 8): the
  // matched ticket's signed reply address among the recipients, or a DMARC
  // pass for the From: domain from our own receiving server. A Message-ID
  // or subject reference proves nothing: anyone can write one.
  auto proven = [&](std::int64_t ticket_id) {
    const EmailOptions& o = ctx_.options.email;
    if (!o.inbound_secret.empty())
      for (const auto& to : m.recipients)
        if (security::verify_reply_address(to, o.inbound_secret, o.domain) == ticket_id)
          return true;
    return core::dmarc_passed(m.authentication_results, o.trusted_authserv_id,
                              email.substr(email.rfind('@') + 1));
  };
  auto when_closed = TicketService::WhenClosed::kReopenForRequester;
  if (match) {
    bool proof = proven(match->ticket.id);
    // Only the requester or staff match (find_ticket): a staff member's
    // reply goes to the customer in their name, so it needs proof.
    if (match->ticket.requester_id != sender->id && !proof)
      return finish("unverified_sender",
                    "the sender is staff, but neither the signed reply address nor a DMARC "
                    "pass from Email.TrustedAuthservId proves the message is theirs");
    if (match->matched_by == "subject_reference" && !proof)
      when_closed = TicketService::WhenClosed::kUnverifiedMail;
  }

  std::string body = body_of(m);
  std::vector<Upload> uploads = uploads_of(m);
  auto acting_as = [&](const store::UserRecord& user) {
    return ctx_.db.read([&](store::Connection& c) { return actor_of(c, user); });
  };
  // The record commits with the reply or ticket, or not at all.
  auto record_with = [&](const char* outcome) {
    return [&, outcome](store::Connection& c, std::int64_t ticket_id,
                        std::optional<std::int64_t> reply_id) {
      record.outcome = outcome;
      record.ticket_id = ticket_id;
      record.reply_id = reply_id;
      store::inbound_mail::insert(c, record);
    };
  };
  try {
    if (match) {
      core::Actor actor = acting_as(*sender);
      std::string key = std::to_string(match->ticket.id);
      // The requester writing to a closed ticket reopens it, as the portal's
      // reopen button would, together with the reply; unproven mail matched
      // by its subject alone is filed unverified and reopens nothing.
      tickets_.reply(actor, key, body, false, uploads, record_with("replied"), when_closed);
    } else {
      store::UserRecord contact = sender ? *sender : contact_for(ctx_.db, *m.from, now);
      NewTicket input;
      input.subject = m.subject.find_first_not_of(" \t") == std::string::npos
                          ? "(no subject)"
                          : truncate_utf8(m.subject, kMaxSubject);
      input.description = body;
      input.channel = core::Channel::kEmail;
      tickets_.create(acting_as(contact), input, uploads, nullptr, record_with("created"));
    }
  } catch (const store::DatabaseError& e) {
    // The same Message-ID arrived twice at once: the other one won.
    if (e.constraint_violation() && record.message_id && ctx_.db.read([&](store::Connection& c) {
          return store::inbound_mail::exists(c, *record.message_id);
        }))
      return {"duplicate", "none", std::nullopt, std::nullopt, std::nullopt};
    throw;
  } catch (const core::Error& e) {
    record.reply_id.reset();
    return finish("failed", describe(e));
  }
  return to_result(record);
}

std::vector<InboundMessageRecord> InboundMailService::recent(const core::Actor& actor,
                                                             std::optional<std::int64_t> before_id,
                                                             int limit) {
  require(actor, core::Permission::kSettingsManage);
  limit = std::clamp(limit, 1, 200);
  return ctx_.db.read(
      [&](store::Connection& c) { return store::inbound_mail::recent(c, before_id, limit); });
}

}  // namespace escalated::services

namespace escalated::services {

namespace json = boost::json;

static json::value id_or_null(const std::optional<std::int64_t>& id) {
  return id ? json::value(*id) : json::value(nullptr);
}

json::object inbound_result_json(const InboundResult& r) {
  json::object o{{"outcome", r.outcome},
                 {"matched_by", r.matched_by},
                 {"ticket_id", id_or_null(r.ticket_id)},
                 {"reply_id", id_or_null(r.reply_id)}};
  if (r.error) o["error"] = *r.error;
  return o;
}

json::object inbound_message_json(const store::inbound_mail::InboundMessageRecord& m) {
  return {{"id", m.id},
          {"message_id", m.message_id ? json::value(*m.message_id) : json::value(nullptr)},
          {"from", m.from_address},
          {"subject", m.subject},
          {"outcome", m.outcome},
          {"matched_by", m.matched_by},
          {"ticket_id", id_or_null(m.ticket_id)},
          {"reply_id", id_or_null(m.reply_id)},
          {"error", m.error ? json::value(*m.error) : json::value(nullptr)},
          {"size", m.size},
          {"received_at", core::format_rfc3339(m.received_at)}};
}

}  // namespace escalated::services
