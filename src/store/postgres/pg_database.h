// PostgreSQL backend over libpq: a pool of connections, statements prepared
// once per connection (`?` placeholders rewritten to $1..$n), text-format
// parameters, typed result cells (int2/4/8 -> integer, float4/8/numeric ->
// double, everything else -> text).
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace escalated::store {

struct PostgresOptions {
  std::string url;  // a libpq connection URI, "postgresql://user@host:port/db"
  size_t max_connections = 16;
};

std::unique_ptr<Database> open_postgres(const PostgresOptions& options);

}  // namespace escalated::store
