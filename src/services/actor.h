// The caller a service acts for. Every service method takes one and decides
// from it what the caller may see and do.
#pragma once

#include <cstdint>
#include <string>

#include "core/enums.h"
#include "core/errors.h"

namespace escalated::services {

struct Actor {
  std::int64_t user_id = 0;
  core::Role role = core::Role::kCustomer;
  std::string name;
  std::string email;

  bool is_staff() const { return core::is_staff(role); }
  bool is_admin() const { return role == core::Role::kAdmin; }
};

// 403 unless the caller is an agent or administrator.
inline void require_staff(const Actor& actor) {
  if (!actor.is_staff()) throw core::Forbidden("Only agents and administrators do this.");
}
// 403 unless the caller is an administrator.
inline void require_admin(const Actor& actor) {
  if (!actor.is_admin()) throw core::Forbidden("Only administrators manage this.");
}

}  // namespace escalated::services
