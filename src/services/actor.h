// The caller a service acts for. Every service method takes one and decides
// from it what the caller may see and do.
#pragma once

#include <cstdint>
#include <string>

#include "core/enums.h"

namespace escalated::services {

struct Actor {
  std::int64_t user_id = 0;
  core::Role role = core::Role::kCustomer;
  std::string name;
  std::string email;

  bool is_staff() const { return core::is_staff(role); }
  bool is_admin() const { return role == core::Role::kAdmin; }
};

}  // namespace escalated::services
