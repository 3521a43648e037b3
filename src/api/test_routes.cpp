// Time travel for black-box tests, registered only with ESCALATED_TEST_CLOCK=1.
#include "api/api.h"
#include "core/time_format.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

void register_test_routes(http::Router& router, ApiServices& s,
                          services::WebhookDispatcher& webhooks, services::Housekeeping& upkeep,
                          services::MailDispatcher* mail) {
  router.add(
      "POST", "/_test/clock", Access::kPublic,
      [&s](RequestContext& ctx) {
        core::JsonFields& body = ctx.fields();
        auto now = body.string("now", "must be an RFC 3339 instant");
        auto seconds = body.number("advance_seconds");
        ctx.check();
        if (now) {
          auto instant = core::parse_rfc3339(*now);
          if (!instant) throw core::ValidationError("now", "must be an RFC 3339 instant");
          s.test_clock->set(*instant);
        } else if (seconds) {
          // The clock stays where RFC 3339 can write it: 1970 to 9999.
          constexpr double kLatest = 253402300799999.0;  // 9999-12-31T23:59:59.999Z
          double target = static_cast<double>(s.test_clock->now()) + *seconds * 1000;
          if (!(target >= 0 && target <= kLatest))
            throw core::ValidationError("advance_seconds",
                                        "must keep the clock between 1970 and 9999");
          s.test_clock->set(static_cast<core::Millis>(target));
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

  router.add(
      "POST", "/_test/housekeeping", Access::kPublic,
      [&upkeep](RequestContext&) {
        upkeep.run_once();
        Response r;
        r.status = 204;
        return r;
      },
      "Run one round of housekeeping now");
}

}  // namespace escalated::api
