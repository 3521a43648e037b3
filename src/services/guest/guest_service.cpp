#include "services/guest/guest_service.h"

#include <utility>

#include "core/errors.h"
#include "core/text.h"
#include "core/ticket_rules.h"
#include "security/tokens.h"
#include "services/base/guest_links.h"
#include "services/base/journal.h"
#include "services/guest/captcha.h"
#include "services/mail/mail_compose.h"
#include "services/mail/mail_fan_out.h"
#include "services/mail/mail_queue.h"
#include "services/mail/mail_templates.h"
#include "services/tickets/ticket_visibility.h"
#include "store/guest_link_repo.h"
#include "store/ticket_repo.h"
#include "store/user_repo.h"

namespace escalated::services {

namespace {

constexpr std::size_t kMaxName = 255;
// A guest's text (a new ticket's description, a reply) must fit the 64 KiB
// a public route takes as its body (issue 13, item 9), with the other fields.
constexpr std::size_t kMaxGuestText = 60000;

std::string normalized_email(std::string_view email) {
  return core::lower(core::trim(email));
}

// Who a magic link (or a signed rating link) to the ticket speaks for: its
// requester, an account or nobody.
core::Actor guest_actor(const store::TicketRecord& t) {
  core::Actor guest;
  guest.user_id = t.requester_id.value_or(0);
  guest.name = t.guest_name.value_or(t.requester_name);
  guest.email = t.guest_email.value_or(t.requester_email);
  guest.guest_ticket_id = t.id;
  return guest;
}

}  // namespace

GuestService::GuestService(ServiceContext& ctx, TicketService& tickets,
                           AttachmentService& attachments, SatisfactionService& satisfaction,
                           security::RateLimiter& budgets, std::function<void()> mail_queued,
                           CaptchaCheck captcha)
    : ctx_(ctx),
      tickets_(tickets),
      attachments_(attachments),
      satisfaction_(satisfaction),
      budgets_(budgets),
      mail_queued_(std::move(mail_queued)),
      captcha_(std::move(captcha)) {
  if (!captcha_) {
    captcha_ = [this](const std::string& response, const std::string& ip) {
      return verify_captcha(ctx_.options.guest, response, ip);
    };
  }
}

void GuestService::require_enabled() const {
  if (!ctx_.options.guest.enabled)
    throw core::NotFound("Tickets without an account are not taken here.");
}

void GuestService::spend_budget(const std::string& client_ip, const std::string& email) {
  const Options& o = ctx_.options;
  if (!o.rate_limits.enabled) return;
  auto spend = [&](const std::string& key, const RateLimit& budget) {
    security::RateDecision d =
        budgets_.check_and_count(key, budget.limit, budget.window_seconds * 1000LL);
    if (!d.allowed) throw GuestBudgetSpent(d.retry_after_seconds);
  };
  spend("guest|ip:" + client_ip, o.guest.tickets_per_ip);
  spend("guest|address:" + email, o.guest.tickets_per_address);
}

GuestTicketCreated GuestService::open_ticket(const GuestTicketInput& input,
                                             const std::string& client_ip) {
  require_enabled();
  const GuestOptions& g = ctx_.options.guest;
  core::FieldErrorCollector errors;
  std::string name = core::trim(input.name);
  std::string email = normalized_email(input.email);
  if (name.empty()) errors.add("name", "is required");
  if (name.size() > kMaxName) errors.add("name", "must be at most 255 characters");
  if (email.empty())
    errors.add("email", "is required");
  else if (email.size() > 254 || !mail::plausible_address(email))
    errors.add("email", "is not an e-mail address");
  if (core::trim(input.subject).empty()) errors.add("subject", "is required");
  if (core::trim(input.description).empty())
    errors.add("description", "is required");
  else if (input.description.size() > kMaxGuestText)
    errors.add("description", "must be at most 60000 characters");
  bool captcha_on = !g.captcha_verify_url.empty();
  if (captcha_on && (!input.captcha_token || input.captcha_token->empty()))
    errors.add("captcha_token", "is required");
  errors.raise_if_any();
  spend_budget(client_ip, email);
  // After the budget: each check costs a call to the captcha service.
  if (captcha_on && !captcha_(*input.captcha_token, client_ip))
    throw core::ValidationError("captcha_token", "was not accepted; solve the captcha again");

  NewTicket t;
  t.subject = input.subject;
  t.description = input.description;
  t.channel = core::Channel::kWidget;
  t.guest = NewTicket::Guest{name, email, std::nullopt};
  if (g.policy == "guest_user") {
    auto host = ctx_.db.read([&](store::Connection& c) {
      return store::users::find_by_email(c, normalized_email(g.host_user_email));
    });
    if (host && host->active) t.guest->host_user_id = host->id;
  }
  core::Actor guest;
  guest.name = name;
  guest.email = email;
  std::string token;
  TicketView view = tickets_.create(
      guest, t, {}, nullptr, [&](store::Connection& c, std::int64_t ticket_id, auto) {
        token = issue_guest_link(c, ctx_.options, ticket_id, ctx_.clock.now());
      });
  return {core::format_reference(ctx_.options.ticket_reference_prefix, view.ticket.id), token};
}

core::Actor GuestService::guest_of(std::string_view token) {
  require_enabled();
  // The same work for every token: its digest and one lookup by it.
  std::string hash = security::sha256_hex(token);
  core::Millis now = ctx_.clock.now();
  auto [link, ticket] = ctx_.db.read([&](store::Connection& c) {
    auto link = store::guest_links::find_by_token_hash(c, hash);
    auto ticket =
        link && link->expires_at > now ? store::tickets::find(c, link->ticket_id) : std::nullopt;
    return std::pair{link, ticket};
  });
  if (!ticket) throw core::NotFound("No such ticket.");
  if (guest_link_renewal_due(ctx_.options, link->expires_at, now)) {
    ctx_.db.write([&](store::Connection& c) {
      store::guest_links::renew(c, link->id, now + guest_link_lifetime(ctx_.options), now);
    });
  }
  return guest_actor(*ticket);
}

void GuestService::link_files(std::string_view token,
                              std::vector<store::AttachmentRecord>& files) const {
  const std::string& prefix = ctx_.options.route_prefix;
  for (auto& a : files) {
    a.url = (prefix.empty() ? "" : "/" + prefix) + "/widget/tickets/" + std::string(token) +
            "/attachments/" + std::to_string(a.id);
  }
}

GuestTicketView GuestService::show(std::string_view token) {
  core::Actor guest = guest_of(token);
  GuestTicketView v;
  v.detail = tickets_.get_public(guest, std::to_string(*guest.guest_ticket_id));
  v.offer_signup = ctx_.options.guest.policy == "prompt_signup";
  link_files(token, v.detail.attachments);
  for (auto& r : v.detail.replies) link_files(token, r.attachments);
  return v;
}

Download GuestService::download(std::string_view token, std::int64_t attachment_id) {
  // The requester's rules (AttachmentService::download): the guest actor
  // sees its one ticket only, and no internal note's files.
  return attachments_.download(guest_of(token), attachment_id);
}

store::ReplyRecord GuestService::reply(std::string_view token, const std::string& body,
                                       const std::vector<Upload>& uploads) {
  // Refused input renews no link: the body is checked before the token is
  // used (TicketService::reply checks it again, with the same words).
  std::string text = core::trim(body);
  if (text.empty()) throw core::ValidationError("body", "is required");
  if (text.size() > kMaxGuestText)
    throw core::ValidationError("body", "must be at most 60000 characters");
  core::Actor guest = guest_of(token);
  store::ReplyRecord r =
      tickets_.reply(guest, std::to_string(*guest.guest_ticket_id), body, false, uploads);
  link_files(token, r.attachments);
  return r;
}

RateResult GuestService::rate(std::string_view token, const RatingInput& input) {
  checked_rating_comment(input);  // refused input renews no link
  core::Actor guest = guest_of(token);
  return satisfaction_.rate(guest, std::to_string(*guest.guest_ticket_id), input);
}

void GuestService::find(std::string_view reference, std::string_view email_input,
                        const std::string& client_ip) {
  require_enabled();
  core::FieldErrorCollector errors;
  std::string email = normalized_email(email_input);
  if (core::trim(reference).empty()) errors.add("reference", "is required");
  if (email.empty())
    errors.add("email", "is required");
  else if (email.size() > 254 || !mail::plausible_address(email))
    errors.add("email", "is not an e-mail address");
  errors.raise_if_any();
  spend_budget(client_ip, email);

  const Options& o = ctx_.options;
  core::Millis now = ctx_.clock.now();
  bool queued = ctx_.db.write([&](store::Connection& c) {
    auto id = core::parse_ticket_key(o.ticket_reference_prefix, core::trim(reference));
    auto t = id ? store::tickets::find(c, *id) : std::nullopt;
    if (!t) return false;
    std::string owner =
        t->guest_email ? normalized_email(*t->guest_email) : normalized_email(t->requester_email);
    if (owner.empty() || owner != email) return false;
    std::string token = issue_guest_link(c, o, t->id, now);
    std::string name = t->guest_name.value_or(t->requester_name);
    std::string reference_text = core::format_reference(o.ticket_reference_prefix, t->id);
    MailValues values{{"recipient.name", name},
                      {"recipient.email", email},
                      {"ticket.reference", reference_text},
                      {"ticket.subject", t->subject},
                      {"guest.url", guest_ticket_url(o, token)},
                      {"guest.expires_days", std::to_string(o.guest.token_lifetime_days)}};
    RenderedMail rendered = render_mail(
        effective_mail_template(c, mail_templates::kGuestTicketLink, o.default_locale), values);
    store::mail::MailRecord m;
    m.event_id = 0;  // no domain event
    m.template_key = mail_templates::kGuestTicketLink;
    m.locale = o.default_locale;
    m.ticket_id = t->id;
    m.recipient_id = t->guest_email ? std::nullopt : t->requester_id;
    m.to_address = email;
    m.subject = mail::header_text(rendered.subject);
    m.created_at = now;
    mail::OutgoingMessage out;
    out.to = mail::Address{name, email};
    out.text = rendered.text;
    out.html = rendered.html;
    auto queued_mail = enqueue_mail(o, c, m, out, [&](std::int64_t mail_id) {
      return "<ticket-" + std::to_string(t->id) + "-link-" + std::to_string(mail_id) + "@" +
             o.email.domain + ">";
    });
    // The audit records that a link went out, never the link.
    Journal(c, nullptr, now).audit("ticket", t->id, "guest_link_mailed", nullptr, nullptr);
    return queued_mail && queued_mail->status == "queued";
  });
  if (queued && mail_queued_) mail_queued_();
}

GuestService::RatedByLink GuestService::rate_by_link(std::string_view ticket_text,
                                                     std::string_view rating_text,
                                                     const std::string& signature) {
  if (signature.size() != 32 ||
      signature.find_first_not_of("0123456789abcdef") != std::string::npos)
    throw core::ValidationError("sig", "must be the link's 32 hexadecimal characters");
  auto ticket_id = core::positive_int(ticket_text);
  auto rating = core::positive_int(rating_text);
  const Options& o = ctx_.options;
  core::Millis now = ctx_.clock.now();
  auto ticket = ctx_.db.write([&](store::Connection& c) -> std::optional<store::TicketRecord> {
    // The same work whatever was sent: one signature, compared in constant time.
    std::string expected = rating_link_signature(c, ticket_id.value_or(0), rating.value_or(0), now);
    if (!ticket_id || !rating || !security::constant_time_equals(expected, signature))
      return std::nullopt;
    return store::tickets::find(c, *ticket_id);
  });
  if (!ticket) throw core::NotFound("No such rating link.");
  RatingInput input;
  input.rating = *rating;
  RatedByLink out;
  out.rated = satisfaction_.rate(guest_actor(*ticket), std::to_string(ticket->id), input);
  std::string rated = "rated=" + std::to_string(*rating);
  if (!o.guest.enabled) {
    out.comment_url = notification_ticket_url(
                          o, core::format_reference(o.ticket_reference_prefix, ticket->id), false) +
                      "?" + rated;
    return out;
  }
  std::string token =
      ctx_.db.write([&](store::Connection& c) { return issue_guest_link(c, o, ticket->id, now); });
  out.comment_url = guest_ticket_url(o, token) + "&" + rated;
  return out;
}

std::int64_t GuestService::revoke(const core::Actor& actor, std::string_view ticket_key) {
  core::require(actor, core::Permission::kTicketEdit);
  return ctx_.db.write([&](store::Connection& c) {
    store::TicketRecord t =
        visible_ticket(c, actor, ticket_key, ctx_.options.ticket_reference_prefix);
    std::int64_t revoked = store::guest_links::delete_for_ticket(c, t.id);
    Journal journal(c, &actor, ctx_.clock.now());
    journal.activity(t.id, "guest_links_revoked", {{"count", revoked}});
    journal.audit("ticket", t.id, "guest_links_revoked", nullptr,
                  boost::json::object{{"count", revoked}});
    return revoked;
  });
}

}  // namespace escalated::services
