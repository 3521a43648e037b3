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

struct MailTemplateView {
  std::string key;
  MailTemplate defaults;
  std::optional<store::mail::TemplateRecord> override_;
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

  // Admin only.
  std::vector<MailTemplateView> templates(const core::Actor& actor);
  MailTemplateView template_view(const core::Actor& actor, const std::string& key);
  // 422 with the field at fault for missing parts or unknown placeholders.
  MailTemplateView put_template(const core::Actor& actor, const std::string& key,
                                const MailTemplateParts& parts);
  // Back to the built-in template.
  MailTemplateView reset_template(const core::Actor& actor, const std::string& key);
  // The template rendered with sample values; a draft with any part set
  // previews that draft instead (validated as put_template does).
  RenderedMail preview(const core::Actor& actor, const std::string& key,
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
