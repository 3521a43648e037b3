// The caller a service acts for. Every service method takes one and decides
// from it what the caller may see and do: the permissions are the union of
// the caller's roles (narrowed by an API token's abilities), read afresh on
// every request, so a role change takes effect on the next one.
#pragma once

#include <cstdint>
#include <string>

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

  bool can(Permission p) const { return permissions.has(p); }
  // Staff work the agent workspace; everyone else sees only their own tickets.
  bool is_staff() const { return can(Permission::kTicketView); }
};

// 403 naming the permission, unless the caller holds it.
inline void require(const Actor& actor, Permission p) {
  if (!actor.can(p))
    throw Forbidden("This needs the permission " + std::string(to_string(p)) + ".");
}

}  // namespace escalated::core
