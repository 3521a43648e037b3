// Departments and tags: admins manage them, tickets point at them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "services/base/context.h"
#include "store/records.h"

namespace escalated::services {

// A partial update: only the fields that are set change.
struct DepartmentFields {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<bool> active;
};

struct TagFields {
  std::optional<std::string> name;
  std::optional<std::string> color;
};

class CatalogService {
 public:
  explicit CatalogService(ServiceContext& ctx) : ctx_(ctx) {}

  // Listing is open to staff; changes need an admin.
  std::vector<store::DepartmentRecord> list_departments(const core::Actor& actor);
  store::DepartmentRecord get_department(const core::Actor& actor, std::int64_t id);
  store::DepartmentRecord create_department(const core::Actor& actor,
                                            const DepartmentFields& fields);
  store::DepartmentRecord update_department(const core::Actor& actor, std::int64_t id,
                                            const DepartmentFields& fields);
  // Tickets in the department keep existing and lose the link.
  void delete_department(const core::Actor& actor, std::int64_t id);

  std::vector<store::TagRecord> list_tags(const core::Actor& actor);
  store::TagRecord get_tag(const core::Actor& actor, std::int64_t id);
  store::TagRecord create_tag(const core::Actor& actor, const TagFields& fields);
  store::TagRecord update_tag(const core::Actor& actor, std::int64_t id, const TagFields& fields);
  void delete_tag(const core::Actor& actor, std::int64_t id);

 private:
  ServiceContext& ctx_;
};

// Whether a tag colour is "#rgb" or "#rrggbb".
bool is_hex_color(const std::string& color);

}  // namespace escalated::services
