#include "services/tickets/ticket_visibility.h"

#include "core/ticket_rules.h"
#include "store/ticket_repo.h"
#include "store/user_repo.h"

namespace escalated::services {

std::optional<core::StaffScope> staff_scope_of(store::Connection& c, const core::Actor& actor) {
  if (!actor.is_staff() || actor.can(core::Permission::kTicketViewAll)) return std::nullopt;
  return core::StaffScope{actor.user_id, store::users::department_ids_of(c, actor.user_id)};
}

bool is_requester(const core::Actor& actor, const store::TicketRecord& t) {
  if (actor.guest_ticket_id) return *actor.guest_ticket_id == t.id;
  return t.requester_id == actor.user_id;
}

bool sees(store::Connection& c, const core::Actor& actor, const store::TicketRecord& t) {
  if (!actor.is_staff()) return is_requester(actor, t);
  auto scope = staff_scope_of(c, actor);
  return !scope || scope->covers(t.requester_id, t.assignee_id, t.department_id);
}

store::TicketRecord visible_ticket(store::Connection& c, const core::Actor& actor,
                                   std::string_view key, const std::string& reference_prefix) {
  auto id = core::parse_ticket_key(reference_prefix, key);
  if (!id) throw core::NotFound("No such ticket.");
  auto t = store::tickets::find(c, *id);
  if (!t || !sees(c, actor, *t)) throw core::NotFound("No such ticket.");
  return *t;
}

void narrow_to_visible(store::Connection& c, const core::Actor& actor, core::TicketQuery& query) {
  query.text_in_notes = false;
  if (!actor.is_staff()) {
    // A guest's link opens one ticket, never a list (not even the host
    // account's, under Guest.Policy "guest_user").
    query.requester_id = actor.guest_ticket_id ? -1 : actor.user_id;
    query.include_snoozed = true;  // snoozing hides work from the team, not from the customer
    return;
  }
  query.staff_scope = staff_scope_of(c, actor);
  // Notes are for the team: a customer's search never matches one, or the
  // search would tell what a note says.
  query.text_in_notes = true;
}

}  // namespace escalated::services
