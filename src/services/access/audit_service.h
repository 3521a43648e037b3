// The audit log as admins read it (audit.view): who changed what, with the
// old and new values every mutation recorded in its own transaction.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "services/base/context.h"
#include "store/records.h"

namespace escalated::services {

inline constexpr int kDefaultAuditPageSize = 50;
inline constexpr int kMaxAuditPageSize = 200;

// The query string as sent (nullopt: absent); the service checks it and
// answers 422 naming the parameter at fault.
struct AuditQuery {
  std::optional<std::string> entity_type;  // "ticket", "user", "role", ...
  std::optional<std::string> entity_id;
  std::optional<std::string> actor_id;
  std::optional<std::string> action;  // "created", "updated", ...
  std::optional<std::string> limit;   // 1..200, default 50
  std::optional<std::string> cursor;  // next_cursor of the previous page
};

// One entry with the name of what it is about: the entity's name as it is
// now, or else the name its recorded values carry (a deleted row, a setting's
// or template's key); nullopt when neither says.
struct AuditEntry {
  store::AuditRecord record;
  std::optional<std::string> target_name;
};

struct AuditPage {
  std::vector<AuditEntry> data;  // newest first
  std::optional<std::string> next_cursor;
};

class AuditService {
 public:
  explicit AuditService(ServiceContext& ctx) : ctx_(ctx) {}
  AuditPage list(const core::Actor& actor, const AuditQuery& query);

 private:
  ServiceContext& ctx_;
};

boost::json::object audit_entry_json(const AuditEntry& entry);

}  // namespace escalated::services
