#include "store/catalog_repo.h"

namespace escalated::store::catalog {
namespace {

constexpr const char* kDepartmentColumns =
    "SELECT id, name, description, active, created_at, updated_at FROM departments";
constexpr const char* kTagColumns = "SELECT id, name, color, created_at, updated_at FROM tags";

DepartmentRecord read_department(const Row& r) {
  return DepartmentRecord{r.i64(0), r.text(1), r.text(2), r.boolean(3), r.i64(4), r.i64(5)};
}

TagRecord read_tag(const Row& r) {
  return TagRecord{r.i64(0), r.text(1), r.text(2), r.i64(3), r.i64(4)};
}

}  // namespace

std::int64_t insert_department(Connection& c, const DepartmentRecord& d) {
  return c
      .query(
          "INSERT INTO departments (name, description, active, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?) RETURNING id",
          {d.name, d.description, d.active, d.created_at, d.updated_at})
      .first()
      .i64(0);
}

std::optional<DepartmentRecord> find_department(Connection& c, std::int64_t id) {
  ResultSet rs = c.query(std::string(kDepartmentColumns) + " WHERE id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read_department(rs.first());
}

std::optional<DepartmentRecord> find_department_by_name(Connection& c, const std::string& name) {
  ResultSet rs = c.query(std::string(kDepartmentColumns) + " WHERE name = ?", {name});
  if (rs.empty()) return std::nullopt;
  return read_department(rs.first());
}

std::vector<DepartmentRecord> list_departments(Connection& c) {
  std::vector<DepartmentRecord> out;
  for (const Row& r : c.query(std::string(kDepartmentColumns) + " ORDER BY name, id").rows)
    out.push_back(read_department(r));
  return out;
}

void update_department(Connection& c, const DepartmentRecord& d) {
  c.execute(
      "UPDATE departments SET name = ?, description = ?, active = ?, updated_at = ? WHERE id = ?",
      {d.name, d.description, d.active, d.updated_at, d.id});
}

void delete_department(Connection& c, std::int64_t id) {
  c.execute("DELETE FROM departments WHERE id = ?", {id});
}

std::int64_t insert_tag(Connection& c, const TagRecord& t) {
  return c
      .query(
          "INSERT INTO tags (name, color, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id",
          {t.name, t.color, t.created_at, t.updated_at})
      .first()
      .i64(0);
}

std::optional<TagRecord> find_tag(Connection& c, std::int64_t id) {
  ResultSet rs = c.query(std::string(kTagColumns) + " WHERE id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read_tag(rs.first());
}

std::optional<TagRecord> find_tag_by_name(Connection& c, const std::string& name) {
  ResultSet rs = c.query(std::string(kTagColumns) + " WHERE name = ?", {name});
  if (rs.empty()) return std::nullopt;
  return read_tag(rs.first());
}

std::vector<TagRecord> list_tags(Connection& c) {
  std::vector<TagRecord> out;
  for (const Row& r : c.query(std::string(kTagColumns) + " ORDER BY name, id").rows)
    out.push_back(read_tag(r));
  return out;
}

void update_tag(Connection& c, const TagRecord& t) {
  c.execute("UPDATE tags SET name = ?, color = ?, updated_at = ? WHERE id = ?",
            {t.name, t.color, t.updated_at, t.id});
}

void delete_tag(Connection& c, std::int64_t id) {
  c.execute("DELETE FROM tags WHERE id = ?", {id});
}

}  // namespace escalated::store::catalog
