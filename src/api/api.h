// Route tables, grouped as the reference product groups them. Handlers are
// thin: read the request, call one service, encode the answer.
#pragma once

#include "core/clock.h"
#include "escalated/options.h"
#include "escalated/principal.h"
#include "http/request_context.h"
#include "http/router.h"
#include "security/rate_limiter.h"
#include "services/access/account_service.h"
#include "services/access/api_token_service.h"
#include "services/access/audit_service.h"
#include "services/access/password_reset_service.h"
#include "services/access/role_service.h"
#include "services/access/two_factor_service.h"
#include "services/access/user_admin_service.h"
#include "services/catalog/catalog_service.h"
#include "services/catalog/settings_service.h"
#include "services/events/event_relay.h"
#include "services/inbound/inbound_mail_service.h"
#include "services/jobs/housekeeping.h"
#include "services/jobs/job_runner.h"
#include "services/mail/mail_dispatcher.h"
#include "services/mail/mail_service.h"
#include "services/realtime/realtime_hub.h"
#include "services/rules/rule_service.h"
#include "services/sla/sla_service.h"
#include "services/tickets/attachment_service.h"
#include "services/tickets/ticket_service.h"
#include "services/views/saved_view_service.h"
#include "services/webhooks/webhook_dispatcher.h"
#include "services/webhooks/webhook_service.h"

namespace escalated::api {

struct ApiServices {
  const Options& options;
  services::AccountService& accounts;
  services::TicketService& tickets;
  services::CatalogService& catalog;
  services::SettingsService& settings;
  services::SlaService& sla;
  services::RuleService& rules;
  services::ApiTokenService& api_tokens;
  services::EventRelay& relay;
  services::JobRunner& jobs;
  core::ManualClock* test_clock;  // set only when Options::test_clock
  const IdentityResolver& resolver;
  services::TwoFactorService& two_factor;
  services::UserAdminService& user_admin;
  services::RoleService& roles;
  services::AuditService& audit;
  services::SavedViewService& views;

  // Embedded mode: the host says who is calling, so the helpdesk's own
  // sign-in, sign-up and password routes do not exist.
  bool embedded() const { return static_cast<bool>(resolver); }
};

inline constexpr const char* kSessionCookie = "escalated_session";

// `login_throttle` (null when RateLimits are off) guards sign-in against
// password guessing per account and per client IP.
// `password_resets` serves "forgot your password?".
void register_auth_routes(http::Router& router, ApiServices& s,
                          security::LoginThrottle* login_throttle,
                          services::PasswordResetService& password_resets);
void register_customer_routes(http::Router& router, ApiServices& s);
void register_agent_routes(http::Router& router, ApiServices& s);
void register_admin_routes(http::Router& router, ApiServices& s);
void register_webhook_routes(http::Router& router, services::WebhookService& webhooks);
// GET /attachments/{id}: the file, to those who may see it.
void register_attachment_routes(http::Router& router, services::AttachmentService& attachments);
// An attachment as its download: nosniff, a sandboxing CSP, inline only for
// plain images (the signed-in route and the magic link's share it).
Response download_response(services::Download d);
// The request's `attachments` file parts (multipart/form-data), as uploads.
std::vector<services::Upload> uploads_from(http::RequestContext& ctx);
// POST /inbound/email (secret-authenticated) and GET /admin/inbound-emails.
void register_inbound_mail_routes(http::Router& router, services::InboundMailService& mail);
// Only when Options::test_clock: time travel for black-box tests. run-jobs
// also sends the webhook deliveries that are due.
// run-jobs also sends the mail that is due (when `mail` is given);
// housekeeping runs one round of upkeep by the test clock.
void register_test_routes(http::Router& router, ApiServices& s,
                          services::WebhookDispatcher& webhooks, services::Housekeeping& upkeep,
                          services::MailDispatcher* mail = nullptr);

// The admin's notification templates and mail queue.
void register_mail_routes(http::Router& router, services::MailService& mail);

// GET /ws: the WebSocket upgrade for live updates (404 unless EnableRealTime).
// Each connection keeps its credential, so the hub can ask again whether it
// holds (the session, the token, the host's user).
void register_realtime_routes(http::Router& router, ApiServices& s, services::RealtimeHub& hub);

// Shared encoders.
// One page of a list, the shape of every paged answer:
// {"data": [encode(item)...], "next_cursor": "..." or null}.
template <typename Items, typename Encode>
boost::json::object page_json(const Items& items, const std::optional<std::string>& next_cursor,
                              Encode encode) {
  boost::json::array data;
  for (const auto& item : items) data.push_back(encode(item));
  return {{"data", std::move(data)},
          {"next_cursor", next_cursor ? boost::json::value(*next_cursor) : boost::json::value()}};
}
boost::json::object ticket_page_json(const services::TicketPage& page, const std::string& prefix);
boost::json::object ticket_detail_json(const services::TicketDetail& detail,
                                       const std::string& prefix, bool staff);
// Reads the queue's filters, sort and page from the query string (422 with
// the field at fault for bad values).
core::TicketQuery ticket_query_from(http::RequestContext& ctx);

}  // namespace escalated::api
