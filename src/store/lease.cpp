#include "store/lease.h"

#include <string>

namespace escalated::store {

ResultSet claim_leased(Connection& c, const LeasedTable& t, Millis now, Millis lease_until,
                       int limit) {
  std::string pick = std::string("SELECT id FROM ") + t.table + " WHERE " + t.ready + " AND " +
                     t.due_column + " <= ? AND (locked_until IS NULL OR locked_until < ?) " +
                     "ORDER BY " + t.due_column + ", id LIMIT ?";
  if (c.dialect() == Dialect::kPostgres) pick += " FOR UPDATE SKIP LOCKED";
  return c.query(std::string("UPDATE ") + t.table + " SET locked_until = ?" + t.also_set +
                     " WHERE id IN (" + pick + ") RETURNING " + t.returning,
                 {lease_until, now, now, limit});
}

}  // namespace escalated::store
