#include "store/database.h"

#include "store/postgres/pg_database.h"
#include "store/sqlite/sqlite_database.h"

namespace escalated::store {

std::unique_ptr<Database> Database::open(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    SqliteOptions options;
    options.path = url.substr(7);
    // "sqlite://path" is accepted as well as "sqlite:path".
    if (options.path.rfind("//", 0) == 0) options.path = options.path.substr(2);
    if (options.path.empty()) throw DatabaseError("sqlite URL has no path: " + url);
    return open_sqlite(options);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    PostgresOptions options;
    options.url = url;
    return open_postgres(options);
  }
  throw DatabaseError("unsupported database URL (use sqlite:PATH or postgresql://...): " + url);
}

}  // namespace escalated::store
