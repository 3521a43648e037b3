// Time travel for black-box tests, registered only with ESCALATED_TEST_CLOCK=1.
#include "api/api.h"
#include "core/time_format.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

void register_test_routes(http::Router& router, ApiServices& s,
                          services::WebhookDispatcher& webhooks, services::MailDispatcher* mail) {
  router.add(
      "POST", "/_test/clock", Access::kPublic,
      [&s](RequestContext& ctx) {
        const json::object& body = ctx.body();
        if (auto now = body.if_contains("now")) {
          auto instant = now->is_string() ? core::parse_rfc3339(now->as_string()) : std::nullopt;
          if (!instant) throw core::ValidationError("now", "must be an RFC 3339 instant");
          s.test_clock->set(*instant);
        } else if (auto advance = body.if_contains("advance_seconds")) {
          if (!advance->is_number())
            throw core::ValidationError("advance_seconds", "must be a number");
          s.test_clock->advance(static_cast<core::Millis>(advance->to_number<double>() * 1000));
        } else {
          throw core::ValidationError("now", "give now or advance_seconds");
        }
        return http::json_response(
            200, json::object{{"now", core::format_rfc3339(s.test_clock->now())}});
      },
      "Set or advance the test clock");

  router.add(
      "POST", "/_test/run-jobs", Access::kPublic,
      [&s, &webhooks, mail](RequestContext&) {
        size_t jobs = s.jobs.run_due();
        size_t events = s.relay.dispatch_pending();
        size_t deliveries = webhooks.run_due();
        size_t mails = mail ? mail->run_due() : 0;
        return http::json_response(200, json::object{{"jobs_run", jobs},
                                                     {"events_dispatched", events},
                                                     {"webhook_attempts", deliveries},
                                                     {"mails_sent", mails}});
      },
      "Run every due job now");
}

}  // namespace escalated::api
