#include "services/mail/mail_fan_out.h"

#include <boost/json/parse.hpp>
#include <optional>
#include <vector>

#include "core/locale.h"
#include "security/mail_identity.h"
#include "services/base/guest_links.h"
#include "services/base/stored_json.h"
#include "services/mail/mail_compose.h"
#include "services/mail/mail_queue.h"
#include "services/mail/mail_templates.h"
#include "store/follower_repo.h"
#include "store/mail_repo.h"
#include "store/user_repo.h"

namespace escalated::services {

namespace json = boost::json;

namespace {

// A status or priority in the recipient's words; the raw value when it is
// one we have no word for.
std::string value_word(std::string_view kind, const std::string& value, std::string_view locale) {
  std::string_view word = mail_value_word(std::string(kind) + "." + value, locale);
  return word.empty() ? value : std::string(word);
}

struct Person {
  std::optional<std::int64_t> id;  // none for a guest
  std::string name;
  std::string email;
};

// One mail to send: which template, to whom.
struct Notice {
  const char* key;
  Person to;
  bool staff;  // links to the agent workspace
  // Stands for the ticket's followers (expanded when queued, in the
  // transaction that reads them), less the assignee and `to.id`.
  bool followers = false;
};

const json::object* object_at(const json::object& o, const char* key) {
  auto v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

std::string text_at(const json::object* o, const char* key) {
  if (!o) return "";
  auto v = o->if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

std::optional<std::int64_t> id_at(const json::object* o, const char* key) {
  if (!o) return std::nullopt;
  const json::object* inner = object_at(*o, key);
  if (!inner) return std::nullopt;
  auto v = inner->if_contains("id");
  return v && v->is_int64() ? std::optional(v->as_int64()) : std::nullopt;
}

// The requester: the guest's name and address when the ticket has them
// (also when Guest.Policy "guest_user" filed it under a host account, which
// is nobody's mailbox), else the account.
std::optional<Person> requester_of(const json::object& ticket) {
  const json::object* guest = object_at(ticket, "guest");
  if (guest && !text_at(guest, "email").empty())
    return Person{std::nullopt, text_at(guest, "name"), text_at(guest, "email")};
  if (auto id = id_at(&ticket, "requester")) return Person{id, "", ""};
  return std::nullopt;
}

bool same(const std::optional<Person>& p, std::optional<std::int64_t> user_id) {
  return p && p->id && user_id && *p->id == *user_id;
}

std::vector<Notice> notices_for(const Event& event, const json::object& payload,
                                const json::object& ticket) {
  namespace t = mail_templates;
  std::vector<Notice> out;
  std::optional<std::int64_t> actor = id_at(&payload, "actor");
  std::optional<Person> requester = requester_of(ticket);
  std::optional<std::int64_t> assignee = id_at(&ticket, "assignee");
  if (event.type == event_types::kTicketCreated) {
    // The acknowledgement goes to the requester even when they opened it.
    if (requester) out.push_back({t::kTicketReceived, *requester, false});
  } else if (event.type == event_types::kTicketResolved) {
    if (requester && !same(requester, actor))
      out.push_back({t::kTicketResolved, *requester, false});
  } else if (event.type == event_types::kTicketAssigned) {
    auto who = id_at(&payload, "assignee");
    if (who && who != actor) out.push_back({t::kTicketAssigned, Person{who, "", ""}, true});
  } else if (event.type == event_types::kReplyCreated) {
    const json::object* reply = object_at(payload, "reply");
    std::optional<std::int64_t> author = id_at(reply, "author");
    std::string role = reply ? text_at(object_at(*reply, "author"), "role") : "";
    // The requester's reply: from their account, or by a guest's magic link
    // (an anonymous public reply, or one under the host account).
    bool guest_ticket = requester && !requester->id;
    bool by_requester = same(requester, author) ||
                        (guest_ticket && (!author || author == id_at(&ticket, "requester")));
    if (by_requester) {
      if (assignee && assignee != author)
        out.push_back({t::kCustomerReplied, Person{assignee, "", ""}, true});
      // Followers get what the assignee gets.
      out.push_back({t::kCustomerReplied, Person{author, "", ""}, true, true});
    } else if ((role == "agent" || role == "admin") && requester) {
      out.push_back({t::kAgentReplied, *requester, false});
    }
  }
  return out;
}

// One event's mail, planned before the transaction that queues it.
struct Planned {
  const Event* event;
  json::value parsed;  // the payload
  std::vector<Notice> notices;
};

// Queues the planned mail of one event; returns whether any is to be sent.
bool queue_mail(const Options& o, store::Connection& c, Planned& planned, core::Millis now) {
  const Event& event = *planned.event;
  const json::object& payload = planned.parsed.as_object();
  const json::object* ticket = object_at(payload, "ticket");
  const json::object* reply = object_at(payload, "reply");
  std::string reference = text_at(ticket, "reference");
  std::int64_t ticket_id = event.ticket_id;
  std::string root = security::ticket_message_id(ticket_id, o.email.domain);
  bool queued = false;
  std::vector<Notice> notices;
  std::optional<std::int64_t> assignee = id_at(ticket, "assignee");
  for (Notice& n : planned.notices) {
    if (!n.followers) {
      notices.push_back(n);
      continue;
    }
    for (const auto& f : store::followers::of_ticket(c, ticket_id))
      if (f.user_id != n.to.id && f.user_id != assignee)
        notices.push_back({n.key, Person{f.user_id, "", ""}, n.staff});
  }
  for (Notice& n : notices) {
    // Who cannot sign in (a guest, or a contact made by inbound mail that
    // set no password yet) follows the ticket by a magic link instead.
    bool by_link = !n.staff && o.guest.enabled;
    // The recipient's own language, else DefaultLocale (guests have no
    // account to choose one on).
    std::optional<std::string> chosen;
    if (n.to.id) {
      auto user = store::users::find(c, *n.to.id);
      if (!user || !user->active) continue;
      n.to.name = user->name;
      n.to.email = user->email;
      by_link = by_link && user->password_hash.empty() && !user->external_id;
      chosen = user->locale;
    }
    std::string locale = core::effective_locale(chosen, std::nullopt, o.default_locale);
    if (!mail::plausible_address(n.to.email)) continue;
    std::string agent_name = text_at(object_at(*ticket, "assignee"), "name");
    if (n.key == std::string(mail_templates::kAgentReplied))
      agent_name = text_at(reply ? object_at(*reply, "author") : nullptr, "name");
    MailValues values{
        {"ticket.id", std::to_string(ticket_id)},
        {"ticket.reference", reference},
        {"ticket.subject", text_at(ticket, "subject")},
        {"ticket.status", value_word("status", text_at(ticket, "status"), locale)},
        {"ticket.priority", value_word("priority", text_at(ticket, "priority"), locale)},
        {"ticket.url", by_link ? guest_ticket_url(o, issue_guest_link(c, o, ticket_id, now))
                               : notification_ticket_url(o, reference, n.staff)},
        {"requester.name", text_at(object_at(*ticket, "requester"), "name")},
        {"requester.email", text_at(object_at(*ticket, "requester"), "email")},
        {"recipient.name", n.to.name},
        {"agent.name", agent_name},
        {"reply.body", text_at(reply, "body")},
        {"reply.body_html", text_at(reply, "body_html")}};
    // One click rates the resolved ticket: a link signed for the ticket and
    // the rating, no account or sign-in needed.
    if (n.key == std::string(mail_templates::kTicketResolved) && !n.staff) {
      for (std::int64_t rating = 1; rating <= 5; ++rating)
        values["rating.url_" + std::to_string(rating)] = public_page_url(
            o,
            rating_link_path(ticket_id, rating, rating_link_signature(c, ticket_id, rating, now)));
    }
    if (!object_at(*ticket, "requester")) {
      values["requester.name"] = text_at(object_at(*ticket, "guest"), "name");
      values["requester.email"] = text_at(object_at(*ticket, "guest"), "email");
    }
    RenderedMail rendered = render_mail(effective_mail_template(c, n.key, locale), values);

    store::mail::MailRecord m;
    m.event_id = event.id;
    m.template_key = n.key;
    m.locale = locale;
    m.ticket_id = ticket_id;
    m.recipient_id = n.to.id;
    m.to_address = n.to.email;
    m.subject = mail::header_text(
        security::subject_reference(o.ticket_reference_prefix, ticket_id) + " " + rendered.subject);
    m.created_at = now;

    mail::OutgoingMessage out;
    out.to = mail::Address{n.to.name, n.to.email};
    if (!o.email.inbound_secret.empty())
      out.reply_to = security::reply_address(ticket_id, o.email.inbound_secret, o.email.domain);
    std::optional<std::int64_t> reply_id;
    if (reply && reply->if_contains("id") && reply->at("id").is_int64())
      reply_id = reply->at("id").as_int64();
    // The new ticket's acknowledgement is the thread's root; everything
    // else answers it.
    bool is_root = n.key == std::string(mail_templates::kTicketReceived);
    if (!is_root) out.in_reply_to = out.references = root;
    out.text = rendered.text;
    out.html = rendered.html;
    auto queued_mail = enqueue_mail(o, c, m, out, [&](std::int64_t id) {
      if (is_root) return root;
      if (reply_id) return security::reply_message_id(ticket_id, *reply_id, o.email.domain);
      return "<ticket-" + std::to_string(ticket_id) + "-n" + std::to_string(id) + "@" +
             o.email.domain + ">";
    });
    if (!queued_mail) continue;  // this event was offered before
    queued = queued || queued_mail->status == "queued";
  }
  return queued;
}

}  // namespace

std::string public_page_url(const Options& options, std::string_view path) {
  std::string base =
      options.mail.public_url.empty() ? "http://" + options.listen : options.mail.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (!options.route_prefix.empty()) base += "/" + options.route_prefix;
  return base + std::string(path);
}

std::string guest_ticket_url(const Options& options, std::string_view token) {
  return public_page_url(options, "/guest/ticket?token=" + std::string(token));
}

std::string notification_ticket_url(const Options& options, const std::string& reference,
                                    bool staff) {
  return public_page_url(options, (staff ? "/agent/tickets/" : "/tickets/") + reference);
}

void MailFanOut::on_batch(const std::vector<Event>& events) {
  using namespace event_types;
  std::vector<Planned> planned;
  for (const Event& event : events) {
    if (event.type != kTicketCreated && event.type != kTicketResolved &&
        event.type != kTicketAssigned && event.type != kReplyCreated)
      continue;
    json::value parsed = parse_stored(event.payload_json);
    if (!parsed.is_object() || !object_at(parsed.as_object(), "ticket")) continue;
    std::vector<Notice> notices =
        notices_for(event, parsed.as_object(), *object_at(parsed.as_object(), "ticket"));
    if (!notices.empty()) planned.push_back({&event, std::move(parsed), std::move(notices)});
  }
  if (planned.empty()) return;
  core::Millis now = ctx_.clock.now();
  bool queued = false;
  ctx_.db.write([&](store::Connection& c) {
    queued = false;
    for (Planned& p : planned) queued = queue_mail(ctx_.options, c, p, now) || queued;
  });
  if (queued && queued_) queued_();
}

}  // namespace escalated::services
