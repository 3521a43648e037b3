// The mail templates: five ticket notifications and the password reset
// link, each a subject, a text body and an HTML body, built in for each of
// the fourteen locales (core/locale.h) and overridable by admins per
// template and locale (stored in mail_templates). The recipient's locale
// picks the template: their own choice, else DefaultLocale.
//
// Placeholders are core/placeholders.h: "{{ name }}" is replaced by
// a value, nothing else is special, nothing is ever evaluated. Names come
// from a fixed list per template (unknown ones are refused when a template
// is saved). In
// the HTML body values are HTML-escaped, except names ending in "_html",
// which hold HTML the helpdesk already sanitised (reply.body_html); those may
// appear only in the HTML body.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.h"
#include "store/database.h"

namespace escalated::services {

namespace mail_templates {
inline constexpr const char* kTicketReceived = "ticket_received";
inline constexpr const char* kAgentReplied = "agent_replied";
inline constexpr const char* kTicketResolved = "ticket_resolved";
inline constexpr const char* kTicketAssigned = "ticket_assigned";
inline constexpr const char* kCustomerReplied = "customer_replied";
inline constexpr const char* kPasswordReset = "password_reset";
inline constexpr const char* kGuestTicketLink = "guest_ticket_link";
}  // namespace mail_templates

struct MailTemplate {
  std::string key;
  std::string subject;
  std::string body_text;
  std::string body_html;
};

// Every key, in a stable order.
const std::vector<std::string>& mail_template_keys();
// The built-in template in `locale` (English for a locale we do not
// speak), or nullopt for an unknown key.
std::optional<MailTemplate> default_mail_template(std::string_view key,
                                                  std::string_view locale = "en");
// The built-in templates of a locale other than English, in the order of
// mail_template_keys(); nullptr for "en" and unknown locales
// (mail_template_translations.cpp).
const std::vector<MailTemplate>* translated_mail_templates(std::string_view locale);
// The recipient's word for a ticket's value ("status.resolved",
// "priority.high": web/src/locales' keys), English for a locale we do not
// speak; empty for an unknown key (mail_value_words.cpp).
std::string_view mail_value_word(std::string_view key, std::string_view locale);
// Every placeholder name the template `key` may use (the ticket
// notifications share one list; the password reset has its own).
const std::vector<std::string>& mail_placeholders(std::string_view key);
// Whether the template is about a ticket (its subject gets "[ESC-00042]").
bool ticket_mail_template(std::string_view key);

// Adds a field error (subject, body_text, body_html) for every unknown or
// malformed placeholder, a "_html" one outside body_html, an empty subject or
// text body, or a part longer than its limit.
void validate_mail_template(const MailTemplate& t, core::FieldErrorCollector& errors);

using MailValues = std::map<std::string, std::string>;
struct RenderedMail {
  std::string subject;
  std::string text;
  std::string html;
};
// Fills the placeholders; one the values lack becomes "".
RenderedMail render_mail(const MailTemplate& t, const MailValues& values);

// `text` with the token of every password-reset link and every guest's
// magic link replaced by "[redacted]": what the mail log shows, so reading
// the log never yields a working link (a template saved before reset links
// were kept out of subjects could still have put one there).
std::string redact_reset_links(std::string_view text);

// The template in force for readers of `locale`: the admins' override for
// that locale, else the built-in one in that locale.
MailTemplate effective_mail_template(store::Connection& c, const std::string& key,
                                     const std::string& locale);

}  // namespace escalated::services
