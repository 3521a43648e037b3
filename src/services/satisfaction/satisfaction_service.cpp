#include "services/satisfaction/satisfaction_service.h"

#include <charconv>

#include "core/errors.h"
#include "core/text.h"
#include "core/ticket_rules.h"
#include "core/time_format.h"
#include "escalated/events.h"
#include "services/base/journal.h"
#include "services/base/ticket_json.h"
#include "services/tickets/ticket_visibility.h"

namespace escalated::services {

namespace json = boost::json;
namespace sat = store::satisfaction;

namespace {

json::value comment_or_null(const std::optional<std::string>& comment) {
  return comment ? json::value(*comment) : json::value();
}

json::object values_of(const sat::RatingRecord& r) {
  return {{"rating", r.rating}, {"comment", comment_or_null(r.comment)}};
}

json::value number_or_null(const std::optional<double>& x) {
  return x ? json::value(*x) : json::value();
}

// The query string as a repository filter, every bad parameter named (422).
sat::Filter filter_of(const SatisfactionQuery& q) {
  core::FieldErrorCollector errors;
  sat::Filter f;
  auto bound = [&](const std::optional<std::string>& text, const char* name, core::BoundKind kind,
                   std::optional<core::Millis>& out) {
    if (!text) return;
    out = core::parse_report_bound(*text, kind);
    if (!out) errors.add(name, "must be an RFC 3339 instant or a date YYYY-MM-DD");
  };
  bound(q.from, "from", core::BoundKind::kFrom, f.from);
  bound(q.to, "to", core::BoundKind::kTo, f.until);
  if (f.from && f.until && *f.until <= *f.from) errors.add("to", "must not be before from");
  auto id = [&](const std::optional<std::string>& text, const char* name,
                std::optional<std::int64_t>& out) {
    if (!text) return;
    out = core::positive_int(*text);
    if (!out) errors.add(name, "must be a positive integer id");
  };
  id(q.department_id, "department_id", f.department_id);
  id(q.agent_id, "agent_id", f.agent_id);
  errors.raise_if_any();
  return f;
}

}  // namespace

std::optional<std::string> checked_rating_comment(const RatingInput& input) {
  core::FieldErrorCollector errors;
  if (auto e = core::rating_error(input.rating)) errors.add("rating", *e);
  std::optional<std::string> comment;
  if (input.comment) {
    comment = core::normalize_rating_comment(*input.comment);
    if (comment)
      if (auto e = core::rating_comment_error(*comment)) errors.add("comment", *e);
  }
  errors.raise_if_any();
  return comment;
}

RateResult SatisfactionService::rate(const core::Actor& actor, std::string_view ticket_key,
                                     const RatingInput& input) {
  // The input first, before anything is read or written.
  std::optional<std::string> comment = checked_rating_comment(input);

  RateResult result = ctx_.db.write([&](store::Connection& c) {
    store::TicketRecord t =
        visible_ticket(c, actor, ticket_key, ctx_.options.ticket_reference_prefix);
    // A guest's magic link (visible_ticket let it open only its own ticket)
    // speaks for the requester, whoever that is: an account under
    // Guest.Policy "guest_user", or nobody.
    std::optional<std::int64_t> requester =
        actor.guest_ticket_id ? std::optional(actor.user_id) : t.requester_id;
    switch (core::may_rate(t.status, requester, actor.user_id)) {
      case core::RatingRefusal::kNotRequester:
        throw core::Forbidden("Only the requester can rate this ticket.");
      case core::RatingRefusal::kNotRatableYet:
        throw core::Conflict("A ticket that is " + std::string(core::to_string(t.status)) +
                             " cannot be rated yet; it can once it is resolved or closed.");
      case core::RatingRefusal::kNone:
        break;
    }
    Journal journal(c, &actor, ctx_.clock.now());
    std::optional<sat::RatingRecord> before = sat::find_by_ticket(c, t.id);
    sat::RatingRecord row;
    row.ticket_id = t.id;
    row.rating = *input.rating;
    row.comment = comment;
    if (actor.user_id > 0) row.rated_by = actor.user_id;
    row.updated_at = journal.now();
    auto [stored, created] = sat::upsert(c, row);

    json::object now_values = values_of(stored);
    json::object timeline = now_values;
    if (before) timeline["previous_rating"] = before->rating;
    journal.activity(t.id, "rated", timeline);
    journal.audit("satisfaction_rating", stored.id, created ? "created" : "updated",
                  before ? json::value(values_of(*before)) : json::value(), now_values);
    writer_.publish(c, journal, t.id,
                    {{event_types::kTicketRated,
                      json::object{{"satisfaction_rating", satisfaction_json(stored)},
                                   {"replaced", !created}}}});
    return RateResult{stored, created};
  });
  ctx_.events_written();
  return result;
}

SatisfactionSummary SatisfactionService::summary(const core::Actor& actor,
                                                 const SatisfactionQuery& query) {
  require(actor, core::Permission::kReportView);
  sat::Filter filter = filter_of(query);
  return ctx_.db.read([&](store::Connection& c) {
    // The one visibility rule, as the queue applies it.
    core::TicketQuery visible;
    narrow_to_visible(c, actor, visible);
    filter.requester_id = visible.requester_id;
    filter.staff_scope = visible.staff_scope;
    SatisfactionSummary s;
    s.tally = sat::tally(c, filter);
    s.by_agent = sat::by_agent(c, filter);
    s.recent = sat::recent(c, filter, kRecentRatings);
    return s;
  });
}

json::object rating_json(const sat::RatingRecord& r) {
  json::object o = satisfaction_json(r).as_object();
  o["ticket_id"] = r.ticket_id;
  return o;
}

json::object satisfaction_summary_json(const SatisfactionSummary& s,
                                       const std::string& reference_prefix) {
  json::object distribution;
  for (std::size_t i = 0; i < s.tally.counts.size(); ++i)
    distribution[std::to_string(i + 1)] = s.tally.counts[i];
  json::array agents;
  for (const auto& a : s.by_agent) {
    agents.push_back(json::object{{"agent_id", a.agent_id},
                                  {"name", a.name},
                                  {"count", a.tally.count()},
                                  {"average", number_or_null(a.tally.average())}});
  }
  json::array recent;
  for (const auto& r : s.recent) {
    recent.push_back(json::object{
        {"ticket_id", r.ticket_id},
        {"reference", core::format_reference(reference_prefix, r.ticket_id)},
        {"subject", r.subject},
        {"rating", r.rating},
        {"comment", comment_or_null(r.comment)},
        {"rated_at", core::format_rfc3339(r.rated_at)},
        {"agent", r.agent_id
                      ? json::value(json::object{{"id", *r.agent_id}, {"name", r.agent_name}})
                      : json::value()}});
  }
  return {{"count", s.tally.count()},
          {"average", number_or_null(s.tally.average())},
          {"csat_percent", number_or_null(s.tally.csat_percent())},
          {"distribution", std::move(distribution)},
          {"by_agent", std::move(agents)},
          {"recent", std::move(recent)}};
}

}  // namespace escalated::services
