#include "services/catalog/catalog_service.h"

#include <algorithm>

#include "core/errors.h"
#include "core/tag_name.h"
#include "core/text.h"
#include "services/base/journal.h"
#include "services/base/ticket_json.h"
#include "store/catalog_repo.h"

namespace escalated::services {
namespace {

using core::trim;

void check_department(DepartmentFields& f, bool creating) {
  core::FieldErrorCollector errors;
  if (f.name) f.name = trim(*f.name);
  if (creating && !f.name) errors.add("name", "is required");
  if (f.name && f.name->empty()) errors.add("name", "must not be empty");
  if (f.name && f.name->size() > 100) errors.add("name", "must be at most 100 characters");
  if (f.name && core::has_control_characters(*f.name))
    errors.add("name", "must not contain control characters");
  if (f.description && f.description->size() > 2000)
    errors.add("description", "must be at most 2000 characters");
  errors.raise_if_any();
}

void check_tag(TagFields& f, bool creating) {
  core::FieldErrorCollector errors;
  if (f.name) f.name = trim(*f.name);
  if (creating && !f.name) errors.add("name", "is required");
  if (f.name) {
    if (auto problem = core::tag_name_problem(*f.name)) errors.add("name", *problem);
  }
  if (f.color && !is_hex_color(*f.color)) errors.add("color", "must be #rgb or #rrggbb");
  errors.raise_if_any();
}

}  // namespace

bool is_hex_color(const std::string& color) {
  if (color.size() != 4 && color.size() != 7) return false;
  if (color[0] != '#') return false;
  return std::all_of(color.begin() + 1, color.end(),
                     [](unsigned char ch) { return std::isxdigit(ch) != 0; });
}

std::vector<store::DepartmentRecord> CatalogService::list_departments(const core::Actor& actor) {
  require(actor, core::Permission::kTicketView);
  return ctx_.db.read([](store::Connection& c) { return store::catalog::list_departments(c); });
}

store::DepartmentRecord CatalogService::get_department(const core::Actor& actor, std::int64_t id) {
  require(actor, core::Permission::kTicketView);
  return core::found_or_404(
      ctx_.db.read([&](store::Connection& c) { return store::catalog::find_department(c, id); }),
      "department");
}

store::DepartmentRecord CatalogService::create_department(const core::Actor& actor,
                                                          const DepartmentFields& input) {
  require(actor, core::Permission::kDepartmentManage);
  DepartmentFields f = input;
  check_department(f, true);
  store::DepartmentRecord d;
  d.name = *f.name;
  d.description = f.description.value_or("");
  d.active = f.active.value_or(true);
  d.created_at = d.updated_at = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) {
    if (store::catalog::find_department_by_name(c, d.name))
      throw core::ValidationError("name", "is already taken");
    d.id = store::catalog::insert_department(c, d);
    Journal(c, &actor, d.created_at)
        .audit("department", d.id, "created", nullptr, department_json(d));
  });
  return d;
}

store::DepartmentRecord CatalogService::update_department(const core::Actor& actor, std::int64_t id,
                                                          const DepartmentFields& input) {
  require(actor, core::Permission::kDepartmentManage);
  DepartmentFields f = input;
  check_department(f, false);
  return ctx_.db.write([&](store::Connection& c) {
    auto d = core::found_or_404(store::catalog::find_department(c, id), "department");
    auto before = department_json(d);
    if (f.name && *f.name != d.name) {
      if (store::catalog::find_department_by_name(c, *f.name))
        throw core::ValidationError("name", "is already taken");
      d.name = *f.name;
    }
    if (f.description) d.description = *f.description;
    if (f.active) d.active = *f.active;
    d.updated_at = ctx_.clock.now();
    store::catalog::update_department(c, d);
    Journal(c, &actor, d.updated_at).audit("department", id, "updated", before, department_json(d));
    return d;
  });
}

void CatalogService::delete_department(const core::Actor& actor, std::int64_t id) {
  require(actor, core::Permission::kDepartmentManage);
  ctx_.db.write([&](store::Connection& c) {
    auto d = core::found_or_404(store::catalog::find_department(c, id), "department");
    store::catalog::delete_department(c, id);
    Journal(c, &actor, ctx_.clock.now())
        .audit("department", id, "deleted", department_json(d), nullptr);
  });
}

std::vector<store::TagRecord> CatalogService::list_tags(const core::Actor& actor) {
  require(actor, core::Permission::kTicketView);
  return ctx_.db.read([](store::Connection& c) { return store::catalog::list_tags(c); });
}

store::TagRecord CatalogService::get_tag(const core::Actor& actor, std::int64_t id) {
  require(actor, core::Permission::kTicketView);
  return core::found_or_404(
      ctx_.db.read([&](store::Connection& c) { return store::catalog::find_tag(c, id); }), "tag");
}

store::TagRecord CatalogService::create_tag(const core::Actor& actor, const TagFields& input) {
  require(actor, core::Permission::kTagManage);
  TagFields f = input;
  check_tag(f, true);
  store::TagRecord t;
  t.name = *f.name;
  t.color = f.color.value_or("#6b7280");
  t.created_at = t.updated_at = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) {
    if (store::catalog::find_tag_by_name(c, t.name))
      throw core::ValidationError("name", "is already taken");
    t.id = store::catalog::insert_tag(c, t);
    Journal(c, &actor, t.created_at).audit("tag", t.id, "created", nullptr, tag_json(t));
  });
  return t;
}

store::TagRecord CatalogService::update_tag(const core::Actor& actor, std::int64_t id,
                                            const TagFields& input) {
  require(actor, core::Permission::kTagManage);
  TagFields f = input;
  check_tag(f, false);
  return ctx_.db.write([&](store::Connection& c) {
    auto t = core::found_or_404(store::catalog::find_tag(c, id), "tag");
    auto before = tag_json(t);
    if (f.name && *f.name != t.name) {
      if (store::catalog::find_tag_by_name(c, *f.name))
        throw core::ValidationError("name", "is already taken");
      t.name = *f.name;
    }
    if (f.color) t.color = *f.color;
    t.updated_at = ctx_.clock.now();
    store::catalog::update_tag(c, t);
    Journal(c, &actor, t.updated_at).audit("tag", id, "updated", before, tag_json(t));
    return t;
  });
}

void CatalogService::delete_tag(const core::Actor& actor, std::int64_t id) {
  require(actor, core::Permission::kTagManage);
  ctx_.db.write([&](store::Connection& c) {
    auto t = core::found_or_404(store::catalog::find_tag(c, id), "tag");
    store::catalog::delete_tag(c, id);
    Journal(c, &actor, ctx_.clock.now()).audit("tag", id, "deleted", tag_json(t), nullptr);
  });
}

}  // namespace escalated::services
