// Which tickets a caller may see: customers their own; staff with
// ticket.view_all every one; other staff those of their departments, those
// assigned to them and those they asked for. One rule for reading a ticket,
// listing the queue and downloading an attachment, so they cannot disagree.
// A ticket the caller may not see does not exist for them (404, not 403).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/actor.h"
#include "core/ticket_query.h"
#include "store/database.h"
#include "store/records.h"

namespace escalated::services {

// nullopt: the caller sees every ticket (or, for a customer, the caller's
// own: see `sees`). Otherwise the scope to narrow staff queries to.
std::optional<core::StaffScope> staff_scope_of(store::Connection& c, const core::Actor& actor);
bool sees(store::Connection& c, const core::Actor& actor, const store::TicketRecord& ticket);
// Whether the caller speaks for the ticket's requester: the requester's own
// account, or a guest holding a magic link to this ticket.
bool is_requester(const core::Actor& actor, const store::TicketRecord& ticket);
// The ticket `key` names (an id or a reference such as "ESC-00042"), or
// NotFound when it does not exist or the caller may not see it.
store::TicketRecord visible_ticket(store::Connection& c, const core::Actor& actor,
                                   std::string_view key, const std::string& reference_prefix);
// Narrows a list query to what the caller sees.
void narrow_to_visible(store::Connection& c, const core::Actor& actor, core::TicketQuery& query);

}  // namespace escalated::services
