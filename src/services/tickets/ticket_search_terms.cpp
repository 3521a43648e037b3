#include "services/tickets/ticket_search_terms.h"

#include "core/errors.h"
#include "core/text.h"
#include "store/catalog_repo.h"

namespace escalated::services {

void resolve_search(store::Connection& c, const core::Actor& actor, core::TicketQuery& query,
                    core::Millis now, const std::string& field, bool strict) {
  query.search_now = now;
  std::optional<std::vector<store::DepartmentRecord>> departments;
  for (auto& f : query.search.filters) {
    if (f.field == core::SearchField::kAssignee) {
      for (auto& v : f.values)
        if (v == "me") v = std::to_string(actor.user_id);
    }
    if (f.field != core::SearchField::kDepartment) continue;
    if (!departments) departments = store::catalog::list_departments(c);
    for (auto& v : f.values) {
      std::optional<std::int64_t> id;
      for (const auto& d : *departments)
        if (core::lower(d.name) == v || std::to_string(d.id) == v) id = d.id;
      if (!id && strict)
        throw core::SearchSyntaxError(
            field, "has an unknown department \"" + v + "\": expected a department's name or id",
            f.position);
      v = std::to_string(id.value_or(0));
    }
  }
}

}  // namespace escalated::services
