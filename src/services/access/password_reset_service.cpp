#include "services/access/password_reset_service.h"
#include "services/access/access_changes.h"

#include "core/errors.h"
#include "core/locale.h"
#include "core/text.h"
#include "security/passwords.h"
#include "security/tokens.h"
#include "services/base/journal.h"
#include "services/mail/mail_fan_out.h"
#include "services/mail/mail_queue.h"
#include "services/mail/mail_templates.h"
#include "store/guest_link_repo.h"
#include "store/password_reset_repo.h"
#include "store/user_repo.h"

namespace escalated::services {
namespace {

constexpr core::Millis kHour = 3'600'000;

}  // namespace

void PasswordResetService::request(std::string_view email_input) {
  std::string email = core::lower(core::trim(email_input));
  if (email.empty()) throw core::ValidationError("email", "is required");
  if (email.size() > 254 || email.find('@') == std::string::npos)
    throw core::ValidationError("email", "is not an e-mail address");

  const Options& o = ctx_.options;
  core::Millis now = ctx_.clock.now();
  bool queued = ctx_.db.write([&](store::Connection& c) {
    auto user = store::users::find_by_email(c, email);
    if (!user || !user->active || user->external_id) return false;
    if (store::password_resets::count_since(c, user->id, now - kHour) >= kMaxLinksPerHour)
      return false;
    std::string token = security::random_token(32);
    store::password_resets::spend_all(c, user->id, now);
    store::password_resets::insert(
        c, {0, user->id, security::sha256_hex(token),
            now + static_cast<core::Millis>(o.password_reset_minutes) * 60'000, std::nullopt, now});

    MailValues values{{"recipient.name", user->name},
                      {"recipient.email", user->email},
                      {"reset.url", public_page_url(o, "/reset-password?token=" + token)},
                      {"reset.expires_minutes", std::to_string(o.password_reset_minutes)}};
    // The recipient's language, else DefaultLocale: the browser that asked
    // may be anyone's.
    std::string locale = core::effective_locale(user->locale, std::nullopt, o.default_locale);
    RenderedMail rendered =
        render_mail(effective_mail_template(c, mail_templates::kPasswordReset, locale), values);
    store::mail::MailRecord m;
    m.locale = locale;
    m.event_id = 0;  // no domain event: nothing about it goes to webhooks
    m.template_key = mail_templates::kPasswordReset;
    m.recipient_id = user->id;
    m.to_address = user->email;
    m.subject = mail::header_text(rendered.subject);
    m.created_at = now;
    mail::OutgoingMessage out;
    out.to = mail::Address{user->name, user->email};
    out.text = rendered.text;
    out.html = rendered.html;
    auto queued_mail = enqueue_mail(o, c, m, out, [&](std::int64_t id) {
      return "<account-" + std::to_string(user->id) + "-reset-" + std::to_string(id) + "@" +
             o.email.domain + ">";
    });
    // The audit records that a link went out, never the link.
    Journal(c, nullptr, now).audit("user", user->id, "password_reset_requested", nullptr, nullptr);
    return queued_mail && queued_mail->status == "queued";
  });
  if (queued && mail_queued_) mail_queued_();
}

void PasswordResetService::reset(std::string_view token, const std::string& new_password) {
  core::FieldErrorCollector errors;
  if (token.empty()) errors.add("token", "is required");
  if (new_password.size() < 8) errors.add("password", "must be at least 8 characters");
  if (new_password.size() > 1024) errors.add("password", "must be at most 1024 characters");
  errors.raise_if_any();
  // Hashed before the transaction: argon2id takes a while, and the write
  // lock should not wait for it.
  std::string password_hash = security::hash_password(new_password);
  core::Millis now = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) {
    auto link = store::password_resets::find_by_token_hash(c, security::sha256_hex(token));
    auto user = link ? store::users::find(c, link->user_id) : std::nullopt;
    if (!link || link->used_at || link->expires_at <= now || !user || !user->active ||
        user->external_id)
      throw core::ValidationError("token", "is not a valid reset link any more; ask for a new one");
    user->password_hash = password_hash;
    user->updated_at = now;
    store::users::update_profile(c, *user);
    store::password_resets::spend_all(c, user->id, now);
    store::users::delete_sessions_of(c, user->id);
    note_access_change(c, user->id);
    Journal journal(c, nullptr, now);
    journal.audit("user", user->id, "password_reset", nullptr, nullptr);
    // The link reached the address, which proves it is the account's: the
    // tickets a guest opened from it without an account become the account's.
    for (std::int64_t ticket_id : store::guest_links::claim_tickets(c, user->id, user->email, now))
      journal.activity(ticket_id, "claimed_by_account", {{"user_id", user->id}});
  });
}

}  // namespace escalated::services
