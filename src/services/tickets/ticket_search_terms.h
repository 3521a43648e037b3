// Turns a parsed search (core/ticket_search.h) into what the store can run:
// "me" becomes the caller's id, department names their ids, and relative
// dates count from now.
#pragma once

#include <string>

#include "core/actor.h"
#include "core/clock.h"
#include "core/ticket_query.h"
#include "store/database.h"

namespace escalated::services {

// Resolves query.search in place. A department that does not exist is a
// ValidationError on `field` (with the term's position) when `strict`, and
// matches no ticket otherwise (a saved view whose department went away).
void resolve_search(store::Connection& c, const core::Actor& actor, core::TicketQuery& query,
                    core::Millis now, const std::string& field, bool strict);

}  // namespace escalated::services
