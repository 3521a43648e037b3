// The admin side of outgoing mail: the notification templates (built-in
// defaults, overrides in the database, a preview with sample values) and the
// mail queue (recent messages, manual retry).
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "services/base/context.h"
#include "services/mail/mail_templates.h"
#include "store/mail_repo.h"

namespace escalated::services {

// A template in one locale: its built-in text there, the admins' override
// for that locale if any, and every locale that has an override.
struct MailTemplateView {
  std::string key;
  std::string locale;
  MailTemplate defaults;
  std::optional<store::mail::TemplateRecord> override_;
  std::vector<std::string> customized_locales;
};

// A template's parts as an admin sends them. A put needs all three; a
// preview draws the parts left out from the template in force.
struct MailTemplateParts {
  std::optional<std::string> subject;
  std::optional<std::string> body_text;
  std::optional<std::string> body_html;
};

class MailService {
 public:
  // `queued` wakes the dispatcher after a retry.
  MailService(ServiceContext& ctx, std::function<void()> queued)
      : ctx_(ctx), queued_(std::move(queued)) {}

  // Admin only. `locale` is one of core::kLocales (else 422 naming
  // "locale"); each locale has its own override.
  std::vector<MailTemplateView> templates(const core::Actor& actor, const std::string& locale);
  MailTemplateView template_view(const core::Actor& actor, const std::string& key,
                                 const std::string& locale);
  // 422 with the field at fault for missing parts or unknown placeholders.
  MailTemplateView put_template(const core::Actor& actor, const std::string& key,
                                const std::string& locale, const MailTemplateParts& parts);
  // Back to the built-in template of that locale.
  MailTemplateView reset_template(const core::Actor& actor, const std::string& key,
                                  const std::string& locale);
  // The template rendered with sample values; a draft with any part set
  // previews that draft instead (validated as put_template does).
  RenderedMail preview(const core::Actor& actor, const std::string& key, const std::string& locale,
                       const MailTemplateParts& draft);

  // Newest first; `status` one of queued, sent, failed, skipped.
  std::vector<store::mail::MailRecord> queue(const core::Actor& actor,
                                             const std::optional<std::string>& status, int limit);
  // Queues the message to be sent as soon as the dispatcher runs.
  store::mail::MailRecord retry(const core::Actor& actor, std::int64_t id);

 private:
  ServiceContext& ctx_;
  std::function<void()> queued_;
};

boost::json::object mail_template_json(const MailTemplateView& v);
boost::json::object mail_message_json(const store::mail::MailRecord& m);

}  // namespace escalated::services
