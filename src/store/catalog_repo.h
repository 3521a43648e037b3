// Departments and tags: the small catalogues tickets point into.
#pragma once

#include <optional>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::catalog {

std::int64_t insert_department(Connection& c, const DepartmentRecord& d);
std::optional<DepartmentRecord> find_department(Connection& c, std::int64_t id);
std::optional<DepartmentRecord> find_department_by_name(Connection& c, const std::string& name);
std::vector<DepartmentRecord> list_departments(Connection& c);
void update_department(Connection& c, const DepartmentRecord& d);
void delete_department(Connection& c, std::int64_t id);

std::int64_t insert_tag(Connection& c, const TagRecord& t);
std::optional<TagRecord> find_tag(Connection& c, std::int64_t id);
std::optional<TagRecord> find_tag_by_name(Connection& c, const std::string& name);
std::vector<TagRecord> list_tags(Connection& c);
void update_tag(Connection& c, const TagRecord& t);
void delete_tag(Connection& c, std::int64_t id);

}  // namespace escalated::store::catalog
