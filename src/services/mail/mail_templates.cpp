#include "services/mail/mail_templates.h"

#include <algorithm>
#include <functional>

#include "core/placeholders.h"
#include "core/text.h"
#include "security/html_sanitizer.h"
#include "store/mail_repo.h"

namespace escalated::services {

namespace {

constexpr std::size_t kMaxSubject = 500;
constexpr std::size_t kMaxBody = 65536;

const std::vector<MailTemplate>& defaults() {
  static const std::vector<MailTemplate> all = {
      {mail_templates::kTicketReceived, "{{ticket.subject}}",
       "Hello {{requester.name}},\n\n"
       "we received your request \"{{ticket.subject}}\" and gave it the reference "
       "{{ticket.reference}}. We will get back to you soon.\n\n"
       "Follow it here: {{ticket.url}}\n"
       "Reply to this message to add to it.\n",
       "<p>Hello {{requester.name}},</p>\n"
       "<p>we received your request &ldquo;{{ticket.subject}}&rdquo; and gave it the reference "
       "<strong>{{ticket.reference}}</strong>. We will get back to you soon.</p>\n"
       "<p><a href=\"{{ticket.url}}\">Follow your request</a>. Reply to this message to add to "
       "it.</p>\n"},
      {mail_templates::kAgentReplied, "{{ticket.subject}}",
       "{{agent.name}} replied to your request {{ticket.reference}}:\n\n"
       "{{reply.body}}\n\n"
       "Reply to this message to answer, or follow the conversation at {{ticket.url}}\n",
       "<p>{{agent.name}} replied to your request {{ticket.reference}}:</p>\n"
       "<div>{{reply.body_html}}</div>\n"
       "<p>Reply to this message to answer, or <a href=\"{{ticket.url}}\">follow the "
       "conversation</a>.</p>\n"},
      {mail_templates::kTicketResolved, "Resolved: {{ticket.subject}}",
       "Hello {{requester.name}},\n\n"
       "your request {{ticket.reference}} \"{{ticket.subject}}\" has been resolved. If anything "
       "is still wrong, reply to this message and we will pick it up again.\n\n"
       "How did we do? One click rates our help, from 1 (poor) to 5 (great):\n"
       "1: {{rating.url_1}}\n2: {{rating.url_2}}\n3: {{rating.url_3}}\n"
       "4: {{rating.url_4}}\n5: {{rating.url_5}}\n\n"
       "Or rate it on your request's page: {{ticket.url}}\n",
       "<p>Hello {{requester.name}},</p>\n"
       "<p>your request {{ticket.reference}} &ldquo;{{ticket.subject}}&rdquo; has been resolved. "
       "If anything is still wrong, reply to this message and we will pick it up again.</p>\n"
       "<p>How did we do? One click rates our help, from 1 (poor) to 5 (great): "
       "<a href=\"{{rating.url_1}}\">1</a> <a href=\"{{rating.url_2}}\">2</a> "
       "<a href=\"{{rating.url_3}}\">3</a> <a href=\"{{rating.url_4}}\">4</a> "
       "<a href=\"{{rating.url_5}}\">5</a>. Or <a href=\"{{ticket.url}}\">rate it on your "
       "request's page</a>.</p>\n"},
      {mail_templates::kTicketAssigned, "Assigned to you: {{ticket.subject}}",
       "Hello {{recipient.name}},\n\n"
       "{{ticket.reference}} \"{{ticket.subject}}\" from {{requester.name}} is now assigned to "
       "you (priority {{ticket.priority}}).\n\n"
       "{{ticket.url}}\n",
       "<p>Hello {{recipient.name}},</p>\n"
       "<p>{{ticket.reference}} &ldquo;{{ticket.subject}}&rdquo; from {{requester.name}} is now "
       "assigned to you (priority {{ticket.priority}}).</p>\n"
       "<p><a href=\"{{ticket.url}}\">Open the ticket</a></p>\n"},
      {mail_templates::kCustomerReplied, "Customer replied: {{ticket.subject}}",
       "{{requester.name}} replied to {{ticket.reference}}:\n\n"
       "{{reply.body}}\n\n"
       "{{ticket.url}}\n",
       "<p>{{requester.name}} replied to {{ticket.reference}}:</p>\n"
       "<div>{{reply.body_html}}</div>\n"
       "<p><a href=\"{{ticket.url}}\">Open the ticket</a></p>\n"},
      {mail_templates::kPasswordReset, "Reset your password",
       "Hello {{recipient.name}},\n\n"
       "someone (we hope you) asked to set a new password for the helpdesk account "
       "{{recipient.email}}. Choose one here within {{reset.expires_minutes}} minutes:\n\n"
       "{{reset.url}}\n\n"
       "The link works once. If you did not ask for it, ignore this message: your password "
       "stays as it is.\n",
       "<p>Hello {{recipient.name}},</p>\n"
       "<p>someone (we hope you) asked to set a new password for the helpdesk account "
       "{{recipient.email}}. Choose one within {{reset.expires_minutes}} minutes:</p>\n"
       "<p><a href=\"{{reset.url}}\">Set a new password</a></p>\n"
       "<p>The link works once. If you did not ask for it, ignore this message: your password "
       "stays as it is.</p>\n"},
      {mail_templates::kGuestTicketLink, "Your link to {{ticket.reference}}",
       "Hello {{recipient.name}},\n\n"
       "here is your link to your request {{ticket.reference}} \"{{ticket.subject}}\". Read the "
       "answers, reply and rate our help there, no account needed:\n\n"
       "{{guest.url}}\n\n"
       "The link is yours alone: do not pass it on. It works for {{guest.expires_days}} days "
       "after its last use. If you did not ask for it, ignore this message.\n",
       "<p>Hello {{recipient.name}},</p>\n"
       "<p>here is your link to your request {{ticket.reference}} "
       "&ldquo;{{ticket.subject}}&rdquo;. Read the answers, reply and rate our help there, no "
       "account needed:</p>\n"
       "<p><a href=\"{{guest.url}}\">Open your request</a></p>\n"
       "<p>The link is yours alone: do not pass it on. It works for {{guest.expires_days}} days "
       "after its last use. If you did not ask for it, ignore this message.</p>\n"},
  };
  return all;
}

bool raw_html(std::string_view name) {
  return name.size() > 5 && name.substr(name.size() - 5) == "_html";
}

// A secret only the recipient may read: never in a subject, which the mail
// log shows to settings admins.
bool body_only(std::string_view name) {
  return name == "reset.url" || name == "guest.url" || name.rfind("rating.url_", 0) == 0;
}

void check_part(const std::string& key, const std::string& field, const std::string& text,
                std::size_t limit, bool html_allowed, core::FieldErrorCollector& errors) {
  if (text.size() > limit) {
    errors.add(field, "must be at most " + std::to_string(limit) + " bytes");
    return;
  }
  const auto& known = mail_placeholders(key);
  std::vector<std::string> problems;
  auto error = core::scan_placeholders(
      text, [](std::string_view) {},
      [&](const std::string& name) {
        if (std::find(known.begin(), known.end(), name) == known.end())
          problems.push_back("uses the unknown placeholder {{" + name + "}}");
        else if (raw_html(name) && !html_allowed)
          problems.push_back("may not use {{" + name + "}} (HTML goes in body_html only)");
        else if (body_only(name) && field == "subject")
          problems.push_back("may not use {{" + name + "}} (the link goes in the bodies only)");
      });
  if (error) problems.push_back(*error);
  for (const auto& p : problems) errors.add(field, p);
}

std::string fill(std::string_view text, const MailValues& values, bool html, bool subject = false) {
  std::string out;
  core::scan_placeholders(
      text, [&](std::string_view lit) { out += lit; },
      [&](const std::string& name) {
        if (subject && body_only(name)) return;  // a template saved before the rule
        auto it = values.find(name);
        if (it == values.end()) return;
        if (html && !raw_html(name))
          security::append_escaped(it->second, out);
        else
          out += it->second;
      });
  return out;
}

}  // namespace

const std::vector<std::string>& mail_template_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k;
    for (const auto& t : defaults()) k.push_back(t.key);
    return k;
  }();
  return keys;
}

std::optional<MailTemplate> default_mail_template(std::string_view key, std::string_view locale) {
  // A template not yet translated into the locale falls back to English
  // rather than leaving the recipient without mail.
  if (const std::vector<MailTemplate>* translated = translated_mail_templates(locale))
    for (const auto& t : *translated)
      if (t.key == key) return t;
  for (const auto& t : defaults())
    if (t.key == key) return t;
  return std::nullopt;
}

const std::vector<std::string>& mail_placeholders(std::string_view key) {
  static const std::vector<std::string> ticket = {
      "ticket.id",    "ticket.reference", "ticket.subject",  "ticket.status",  "ticket.priority",
      "ticket.url",   "requester.name",   "requester.email", "recipient.name", "agent.name",
      "reply.body",   "reply.body_html",  "rating.url_1",    "rating.url_2",   "rating.url_3",
      "rating.url_4", "rating.url_5"};
  static const std::vector<std::string> reset = {"recipient.name", "recipient.email", "reset.url",
                                                 "reset.expires_minutes"};
  static const std::vector<std::string> guest_link = {"recipient.name",   "recipient.email",
                                                      "ticket.reference", "ticket.subject",
                                                      "guest.url",        "guest.expires_days"};
  if (key == mail_templates::kPasswordReset) return reset;
  if (key == mail_templates::kGuestTicketLink) return guest_link;
  return ticket;
}

bool ticket_mail_template(std::string_view key) {
  // The guest's link names its ticket in its own subject; no thread to join.
  return key != mail_templates::kPasswordReset && key != mail_templates::kGuestTicketLink;
}

void validate_mail_template(const MailTemplate& t, core::FieldErrorCollector& errors) {
  if (core::trim(t.subject, " \t").empty()) errors.add("subject", "is required");
  if (t.subject.find_first_of("\r\n") != std::string::npos)
    errors.add("subject", "must be one line");
  if (core::trim(t.body_text, " \t").empty()) errors.add("body_text", "is required");
  check_part(t.key, "subject", t.subject, kMaxSubject, false, errors);
  check_part(t.key, "body_text", t.body_text, kMaxBody, false, errors);
  check_part(t.key, "body_html", t.body_html, kMaxBody, true, errors);
}

RenderedMail render_mail(const MailTemplate& t, const MailValues& values) {
  return {fill(t.subject, values, false, true), fill(t.body_text, values, false),
          fill(t.body_html, values, true)};
}

namespace {

std::string redact_after(std::string_view text, std::string_view marker) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    std::size_t found = text.find(marker, at);
    if (found == std::string_view::npos) break;
    std::size_t end = found + marker.size();
    out.append(text.substr(at, end - at));
    while (end < text.size() && text[end] != ' ' && text[end] != '"' && text[end] != '<' &&
           text[end] != '>' && text[end] != '\t' && text[end] != '\n' && text[end] != '\r')
      ++end;
    out += "[redacted]";
    at = end;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace

std::string redact_reset_links(std::string_view text) {
  return redact_after(redact_after(text, "reset-password?token="), "/guest/ticket?token=");
}

MailTemplate effective_mail_template(store::Connection& c, const std::string& key,
                                     const std::string& locale) {
  if (auto o = store::mail::find_template(c, key, locale))
    return {key, o->subject, o->body_text, o->body_html};
  return core::found_or_404(default_mail_template(key, locale), "e-mail template");
}

}  // namespace escalated::services
