// Inbound e-mail from the MTA (POST /inbound/email) and its record for admins
// (GET /admin/inbound-emails).
#include <strings.h>

#include <limits>

#include "api/api.h"
#include "http/problem.h"

namespace escalated::api {

using http::Access;
using http::RequestContext;

namespace {

// message/rfc822, or text/plain from MTAs that cannot label it better.
bool is_mail_type(std::optional<std::string_view> type) {
  if (!type) return false;
  std::string_view head = type->substr(0, type->find(';'));
  while (!head.empty() && head.back() == ' ') head.remove_suffix(1);
  auto is = [&](std::string_view t) {
    return head.size() == t.size() && strncasecmp(head.data(), t.data(), t.size()) == 0;
  };
  return is("message/rfc822") || is("text/plain");
}

}  // namespace

void register_inbound_mail_routes(http::Router& router, services::InboundMailService& mail) {
  // Public as far as the session middleware goes (an MTA has no account, and
  // public routes need no CSRF token): the shared secret is the
  // authentication, checked here before anything is read.
  router.add(
      "POST", "/inbound/email", Access::kPublic, http::Body::kMail,
      [&mail](RequestContext& ctx) {
        auto secret = ctx.request().header("X-Escalated-Inbound-Secret");
        if (!secret || !mail.secret_matches(*secret))
          return http::problem(401, "Unauthorized",
                               "X-Escalated-Inbound-Secret is missing or wrong.");
        if (!is_mail_type(ctx.request().header("Content-Type")))
          return http::problem(415, "Unsupported Media Type",
                               "Send the raw message as message/rfc822.");
        return http::json_response(200,
                                   services::inbound_result_json(mail.ingest(ctx.request().body)));
      },
      "Inbound e-mail from the MTA: the raw message becomes a reply or a new ticket");
  router.add(
      "GET", "/admin/inbound-emails", Access::need(core::Permission::kSettingsManage),
      [&mail](RequestContext& ctx) {
        auto before = ctx.query_int("before", 1, std::numeric_limits<std::int64_t>::max(),
                                    "must be a message id");
        auto limit = ctx.query_int("limit", 1, 200);
        ctx.check();
        boost::json::array a;
        for (const auto& m : mail.recent(ctx.actor(), before, static_cast<int>(limit.value_or(50))))
          a.push_back(services::inbound_message_json(m));
        return http::json_response(200, boost::json::object{{"data", std::move(a)}});
      },
      "The latest inbound e-mail messages and what became of each");
}

}  // namespace escalated::api
