#include "services/mail/mail_service.h"

#include <algorithm>

#include "core/locale.h"
#include "core/time_format.h"
#include "security/mail_identity.h"
#include "services/base/journal.h"
#include "services/mail/mail_fan_out.h"

namespace escalated::services {

namespace json = boost::json;

namespace {

MailTemplate default_of(const std::string& key, const std::string& locale) {
  return core::found_or_404(default_mail_template(key, locale), "e-mail template");
}

void check_locale(const std::string& locale) {
  if (!core::supported_locale(locale))
    throw core::ValidationError("locale", "must be one of " + core::locale_list());
}

std::vector<std::string> customized_locales(store::Connection& c, const std::string& key) {
  std::vector<std::string> out;
  for (const auto& o : store::mail::list_templates(c))
    if (o.key == key) out.push_back(o.locale);
  return out;
}

// The parts set over `base`; every part is required unless `partial`.
MailTemplate read_template(const MailTemplateParts& parts, MailTemplate base, bool partial) {
  core::FieldErrorCollector errors;
  auto part = [&](const char* name, const std::optional<std::string>& given, std::string& into) {
    if (given)
      into = *given;
    else if (!partial)
      errors.add(name, "is required");
  };
  part("subject", parts.subject, base.subject);
  part("body_text", parts.body_text, base.body_text);
  part("body_html", parts.body_html, base.body_html);
  errors.raise_if_any();
  validate_mail_template(base, errors);
  errors.raise_if_any();
  return base;
}

json::object template_parts(const std::string& subject, const std::string& text,
                            const std::string& html) {
  return {{"subject", subject}, {"body_text", text}, {"body_html", html}};
}

}  // namespace

json::object mail_template_json(const MailTemplateView& v) {
  const MailTemplate& d = v.defaults;
  json::object defaults = template_parts(d.subject, d.body_text, d.body_html);
  json::array placeholders;
  for (const auto& p : mail_placeholders(v.key)) placeholders.emplace_back(p);
  json::array locales(v.customized_locales.begin(), v.customized_locales.end());
  json::object o{{"key", v.key},
                 {"locale", v.locale},
                 {"customized_locales", std::move(locales)},
                 {"placeholders", std::move(placeholders)},
                 {"default", defaults},
                 {"customized", v.override_.has_value()}};
  if (v.override_) {
    const auto& t = *v.override_;
    json::object custom = template_parts(t.subject, t.body_text, t.body_html);
    o["override"] = custom;
    o["effective"] = std::move(custom);  // what is sent now
    o["updated_at"] = core::format_rfc3339(t.updated_at);
  } else {
    o["override"] = nullptr;
    o["effective"] = std::move(defaults);
    o["updated_at"] = nullptr;
  }
  return o;
}

json::object mail_message_json(const store::mail::MailRecord& m) {
  auto time_or_null = [](std::optional<core::Millis> t) {
    return t ? json::value(core::format_rfc3339(*t)) : json::value();
  };
  return {
      {"id", m.id},
      {"template", m.template_key},
      {"status", m.status},
      {"to", m.to_address},
      {"subject", redact_reset_links(m.subject)},
      {"message_id", m.message_id},
      {"ticket_id", m.ticket_id ? json::value(*m.ticket_id) : json::value()},
      {"attempts", m.attempts},
      {"last_error", m.last_error ? json::value(redact_reset_links(*m.last_error)) : json::value()},
      {"next_attempt_at", m.status == "queued" ? time_or_null(m.next_attempt_at) : nullptr},
      {"sent_at", time_or_null(m.sent_at)},
      {"created_at", core::format_rfc3339(m.created_at)}};
}

std::vector<MailTemplateView> MailService::templates(const core::Actor& actor,
                                                     const std::string& locale) {
  require(actor, core::Permission::kSettingsManage);
  check_locale(locale);
  auto overrides =
      ctx_.db.read([](store::Connection& c) { return store::mail::list_templates(c); });
  std::vector<MailTemplateView> out;
  for (const auto& key : mail_template_keys()) {
    MailTemplateView v{key, locale, default_of(key, locale), std::nullopt, {}};
    for (const auto& o : overrides) {
      if (o.key != key) continue;
      v.customized_locales.push_back(o.locale);
      if (o.locale == locale) v.override_ = o;
    }
    out.push_back(std::move(v));
  }
  return out;
}

MailTemplateView MailService::template_view(const core::Actor& actor, const std::string& key,
                                            const std::string& locale) {
  require(actor, core::Permission::kSettingsManage);
  check_locale(locale);
  MailTemplateView v{key, locale, default_of(key, locale), std::nullopt, {}};
  ctx_.db.read([&](store::Connection& c) {
    v.override_ = store::mail::find_template(c, key, locale);
    v.customized_locales = customized_locales(c, key);
  });
  return v;
}

MailTemplateView MailService::put_template(const core::Actor& actor, const std::string& key,
                                           const std::string& locale,
                                           const MailTemplateParts& parts) {
  require(actor, core::Permission::kSettingsManage);
  check_locale(locale);
  MailTemplate t = read_template(parts, default_of(key, locale), false);
  store::mail::TemplateRecord r{key, locale, t.subject, t.body_text, t.body_html, ctx_.clock.now()};
  MailTemplateView v{key, locale, default_of(key, locale), r, {}};
  ctx_.db.write([&](store::Connection& c) {
    auto before = store::mail::find_template(c, key, locale);
    store::mail::upsert_template(c, r);
    Journal(c, &actor, r.updated_at)
        .audit("email_template", std::nullopt, before ? "updated" : "customized",
               before ? json::value(
                            template_parts(before->subject, before->body_text, before->body_html))
                      : json::value(),
               json::object{{"key", key},
                            {"locale", locale},
                            {"template", template_parts(t.subject, t.body_text, t.body_html)}});
    v.customized_locales = customized_locales(c, key);
  });
  return v;
}

MailTemplateView MailService::reset_template(const core::Actor& actor, const std::string& key,
                                             const std::string& locale) {
  require(actor, core::Permission::kSettingsManage);
  check_locale(locale);
  MailTemplateView v{key, locale, default_of(key, locale), std::nullopt, {}};
  ctx_.db.write([&](store::Connection& c) {
    auto before = store::mail::find_template(c, key, locale);
    if (store::mail::delete_template(c, key, locale)) {
      Journal(c, &actor, ctx_.clock.now())
          .audit("email_template", std::nullopt, "reset",
                 json::object{{"key", key},
                              {"locale", locale},
                              {"template", template_parts(before->subject, before->body_text,
                                                          before->body_html)}},
                 nullptr);
    }
    v.customized_locales = customized_locales(c, key);
  });
  return v;
}

RenderedMail MailService::preview(const core::Actor& actor, const std::string& key,
                                  const std::string& locale, const MailTemplateParts& draft) {
  require(actor, core::Permission::kSettingsManage);
  check_locale(locale);
  MailTemplate t =
      ctx_.db.read([&](store::Connection& c) { return effective_mail_template(c, key, locale); });
  if (draft.subject || draft.body_text || draft.body_html) t = read_template(draft, t, true);
  const Options& o = ctx_.options;
  std::string reference = o.ticket_reference_prefix + "-00042";
  bool staff = key == mail_templates::kTicketAssigned || key == mail_templates::kCustomerReplied;
  MailValues sample{{"ticket.id", "42"},
                    {"ticket.reference", reference},
                    {"ticket.subject", "The printer on floor 3 jams"},
                    {"ticket.status", std::string(mail_value_word("status.open", locale))},
                    {"ticket.priority", std::string(mail_value_word("priority.high", locale))},
                    {"ticket.url", notification_ticket_url(o, reference, staff)},
                    {"requester.name", "Carla Customer"},
                    {"requester.email", "carla@example.com"},
                    {"recipient.name", staff ? "Alex Agent" : "Carla Customer"},
                    {"agent.name", "Alex Agent"},
                    {"reply.body", "Thanks, we are on it.\n\n* swap the drum\n* retry"},
                    {"reply.body_html",
                     "<p>Thanks, we are on it.</p>\n<ul>\n<li>swap the drum</li>\n<li>retry</li>\n"
                     "</ul>\n"},
                    {"recipient.email", "carla@example.com"},
                    {"reset.url", public_page_url(o, "/reset-password?token=sample")},
                    {"reset.expires_minutes", std::to_string(o.password_reset_minutes)},
                    {"guest.url", guest_ticket_url(o, "sample")},
                    {"guest.expires_days", std::to_string(o.guest.token_lifetime_days)}};
  for (int rating = 1; rating <= 5; ++rating)
    sample["rating.url_" + std::to_string(rating)] =
        public_page_url(o, "/widget/ratings/42/" + std::to_string(rating) + "?sig=sample");
  RenderedMail r = render_mail(t, sample);
  if (ticket_mail_template(key))
    r.subject = security::subject_reference(o.ticket_reference_prefix, 42) + " " + r.subject;
  return r;
}

std::vector<store::mail::MailRecord> MailService::queue(const core::Actor& actor,
                                                        const std::optional<std::string>& status,
                                                        int limit) {
  require(actor, core::Permission::kSettingsManage);
  if (status && *status != "queued" && *status != "sent" && *status != "failed" &&
      *status != "skipped")
    throw core::ValidationError("status", "must be one of queued, sent, failed, skipped");
  if (limit < 1 || limit > 200) throw core::ValidationError("limit", "must be 1 to 200");
  return ctx_.db.read([&](store::Connection& c) { return store::mail::recent(c, status, limit); });
}

store::mail::MailRecord MailService::retry(const core::Actor& actor, std::int64_t id) {
  require(actor, core::Permission::kSettingsManage);
  auto m = ctx_.db.write([&](store::Connection& c) {
    auto m = core::found_or_404(store::mail::find(c, id), "message");
    if (m.status == "sent") throw core::Conflict("The message was sent already.");
    if (m.body.empty()) throw core::Conflict("The message has no content to send.");
    core::Millis now = ctx_.clock.now();
    store::mail::settle(c, id, "queued", m.attempts, now, m.last_error, std::nullopt, now);
    Journal(c, &actor, now)
        .audit("mail_message", id, "retried", json::object{{"status", m.status}},
               json::object{{"status", "queued"}});
    return *store::mail::find(c, id);
  });
  if (queued_) queued_();
  return m;
}

}  // namespace escalated::services
