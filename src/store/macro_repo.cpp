#include "store/macro_repo.h"

namespace escalated::store {

namespace canned {
namespace {

constexpr const char* kColumns =
    "SELECT id, owner_id, title, body, shared, created_at, updated_at FROM canned_responses";

CannedResponseRecord read(const Row& r) {
  return {r.i64(0), r.i64(1), r.text(2), r.text(3), r.boolean(4), r.i64(5), r.i64(6)};
}

}  // namespace

std::int64_t insert(Connection& c, const CannedResponseRecord& r) {
  return c
      .query(
          "INSERT INTO canned_responses (owner_id, title, body, shared, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
          {r.owner_id, r.title, r.body, r.shared, r.created_at, r.updated_at})
      .first()
      .i64(0);
}

std::optional<CannedResponseRecord> find(Connection& c, std::int64_t id) {
  ResultSet rs = c.query(std::string(kColumns) + " WHERE id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read(rs.first());
}

std::vector<CannedResponseRecord> visible_to(Connection& c, std::int64_t owner_id) {
  std::vector<CannedResponseRecord> out;
  for (const Row& r :
       c.query(std::string(kColumns) + " WHERE shared = 1 OR owner_id = ? ORDER BY title, id",
               {owner_id})
           .rows)
    out.push_back(read(r));
  return out;
}

void update(Connection& c, const CannedResponseRecord& r) {
  c.execute(
      "UPDATE canned_responses SET title = ?, body = ?, shared = ?, updated_at = ? "
      "WHERE id = ?",
      {r.title, r.body, r.shared, r.updated_at, r.id});
}

void remove(Connection& c, std::int64_t id) {
  c.execute("DELETE FROM canned_responses WHERE id = ?", {id});
}

}  // namespace canned

namespace macros {
namespace {

constexpr const char* kColumns =
    "SELECT id, owner_id, name, description, shared, actions, created_at, updated_at FROM macros";

MacroRecord read(const Row& r) {
  return {r.i64(0), r.i64(1), r.text(2), r.text(3), r.boolean(4), r.text(5), r.i64(6), r.i64(7)};
}

}  // namespace

std::int64_t insert(Connection& c, const MacroRecord& r) {
  return c
      .query(
          "INSERT INTO macros (owner_id, name, description, shared, actions, created_at, "
          "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {r.owner_id, r.name, r.description, r.shared, r.actions_json, r.created_at, r.updated_at})
      .first()
      .i64(0);
}

std::optional<MacroRecord> find(Connection& c, std::int64_t id) {
  ResultSet rs = c.query(std::string(kColumns) + " WHERE id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read(rs.first());
}

std::vector<MacroRecord> visible_to(Connection& c, std::int64_t owner_id) {
  std::vector<MacroRecord> out;
  for (const Row& r :
       c.query(std::string(kColumns) + " WHERE shared = 1 OR owner_id = ? ORDER BY name, id",
               {owner_id})
           .rows)
    out.push_back(read(r));
  return out;
}

void update(Connection& c, const MacroRecord& r) {
  c.execute(
      "UPDATE macros SET name = ?, description = ?, shared = ?, actions = ?, updated_at = ? "
      "WHERE id = ?",
      {r.name, r.description, r.shared, r.actions_json, r.updated_at, r.id});
}

void remove(Connection& c, std::int64_t id) {
  c.execute("DELETE FROM macros WHERE id = ?", {id});
}

}  // namespace macros

}  // namespace escalated::store
