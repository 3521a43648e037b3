// The caller a service acts for. Every service method takes one and decides
// from it what the caller may see and do: the permissions are the union of
// the caller's roles (narrowed by an API token's abilities), read afresh on
// every request, so a role change takes effect on the next one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/enums.h"
#include "core/errors.h"
#include "core/permissions.h"

namespace escalated::core {

struct Actor {
  std::int64_t user_id = 0;
  Role role = Role::kCustomer;  // the coarse kind, for display
  std::string name;
  std::string email;
  PermissionSet permissions;
  // Set when an API token speaks for the user: the token's abilities, the
  // ceiling of any token this caller mints. A session caller has none (its
  // credential is the user's own, with every ability).
  std::optional<std::vector<std::string>> token_abilities = std::nullopt;
  // Set for a guest holding a magic link (services/widget): the one ticket
  // the link opens. Such a caller has no permissions, sees that ticket only
  // and acts on it as its requester; user_id is the ticket's requester
  // account, or 0 when the ticket has none (Guest.Policy "unassigned").
  std::optional<std::int64_t> guest_ticket_id = std::nullopt;

  bool can(Permission p) const { return permissions.has(p); }
  // Staff work the agent workspace; everyone else sees only their own tickets.
  bool is_staff() const { return can(Permission::kTicketView); }
};

// Whether `actor` may act on a user who holds `target` (make a token for
// them, change, deactivate or re-role them): only when the caller holds
// every permission the target does, so no one reaches above themselves.
inline bool may_manage_holder_of(const Actor& actor, const PermissionSet& target) {
  return actor.permissions.contains(target);
}

// 403 naming the permission, unless the caller holds it.
inline void require(const Actor& actor, Permission p) {
  if (!actor.can(p))
    throw Forbidden("This needs the permission " + std::string(to_string(p)) + ".");
}

}  // namespace escalated::core
