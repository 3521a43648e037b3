#include "services/customer/requester_service.h"

#include <boost/json/value_from.hpp>
#include <limits>

#include "core/text.h"
#include "core/ticket_query.h"
#include "core/ticket_rules.h"
#include "core/time_format.h"
#include "services/tickets/ticket_visibility.h"
#include "store/ticket_repo.h"
#include "store/user_repo.h"

namespace escalated::services {

namespace json = boost::json;
namespace sat = store::satisfaction;

RequesterPane RequesterService::pane(const core::Actor& actor, std::string_view ticket_key) {
  core::require(actor, core::Permission::kTicketView);
  return ctx_.db.read([&](store::Connection& c) {
    store::TicketRecord t =
        visible_ticket(c, actor, ticket_key, ctx_.options.ticket_reference_prefix);
    RequesterPane pane;
    // The requester's tickets: the account's, or those a guest opened from
    // the same address without one. Narrowed after, so the caller's
    // visibility always has the last word.
    core::TicketQuery q;
    if (t.requester_id) {
      pane.id = t.requester_id;
      pane.name = t.requester_name;
      pane.email = t.requester_email;
      if (auto user = store::users::find(c, *t.requester_id)) {
        pane.locale = user->locale;
        pane.timezone = user->timezone;
      }
      q.requester_id = t.requester_id;
    } else {
      pane.name = t.guest_name.value_or("");
      pane.email = t.guest_email.value_or("");
      // No address, no way to tell a guest's other tickets: none.
      if (pane.email.empty()) return pane;
      q.guest_email = core::lower(pane.email);
    }
    q.include_snoozed = true;
    narrow_to_visible(c, actor, q);

    // One more than shown, as the ticket itself may be among them.
    q.limit = kRequesterTickets + 1;
    for (auto& other : store::tickets::list(c, q).rows)
      if (other.id != t.id && pane.tickets.size() < kRequesterTickets)
        pane.tickets.push_back(std::move(other));
    // The ticket itself is in the count (the caller sees it): not "other".
    pane.tickets_total = store::tickets::count(c, q, std::numeric_limits<std::int64_t>::max()) - 1;

    sat::Filter ratings;
    ratings.requester_id = q.requester_id;
    ratings.guest_email = q.guest_email;
    ratings.staff_scope = q.staff_scope;
    pane.ratings = sat::tally(c, ratings);
    pane.recent_ratings = sat::recent(c, ratings, kRequesterRatings);
    return pane;
  });
}

json::object requester_pane_json(const RequesterPane& p, const std::string& reference_prefix) {
  json::array tickets;
  for (const auto& t : p.tickets) {
    tickets.push_back(json::object{{"id", t.id},
                                   {"reference", core::format_reference(reference_prefix, t.id)},
                                   {"subject", t.subject},
                                   {"status", core::to_string(t.status)},
                                   {"priority", core::to_string(t.priority)},
                                   {"updated_at", core::format_rfc3339(t.updated_at)}});
  }
  json::array recent;
  for (const auto& r : p.recent_ratings) {
    recent.push_back(
        json::object{{"ticket_id", r.ticket_id},
                     {"reference", core::format_reference(reference_prefix, r.ticket_id)},
                     {"rating", r.rating},
                     {"comment", json::value_from(r.comment)},
                     {"created_at", core::format_rfc3339(r.rated_at)}});
  }
  return {{"requester", json::object{{"id", json::value_from(p.id)},
                                     {"name", p.name},
                                     {"email", p.email},
                                     {"locale", json::value_from(p.locale)},
                                     {"timezone", json::value_from(p.timezone)}}},
          {"tickets", std::move(tickets)},
          {"tickets_total", p.tickets_total},
          {"ratings", json::object{{"count", p.ratings.count()},
                                   {"average", json::value_from(p.ratings.average())},
                                   {"recent", std::move(recent)}}}};
}

}  // namespace escalated::services
