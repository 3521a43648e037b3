// Who is calling, as an embedding host describes its own users.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "escalated/http.h"

namespace escalated {

struct Principal {
  std::string external_id;  // the host's stable id for the user
  std::string name;
  std::string email;
  // The user's role slug, or several comma-separated ("agent,billing"): the
  // system roles customer, agent, light_agent and admin, or custom roles made
  // through /admin/roles. An unknown slug refuses the request (403).
  std::string role;
};

// Asked on every request when set: returns the caller, or nullopt for an
// anonymous request. The helpdesk keeps a user row per external_id (created
// on first sight, name/email/roles refreshed when they change), so tickets can
// point at the host's users.
using IdentityResolver = std::function<std::optional<Principal>(const Request&)>;

}  // namespace escalated
