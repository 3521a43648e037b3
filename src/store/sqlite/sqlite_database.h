// SQLite backend: one writer connection (SQLite allows one writer at a time
// anyway, so queuing in-process is cheaper than BUSY retries) and a pool of
// reader connections that run beside it thanks to WAL.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace escalated::store {

struct SqliteOptions {
  std::string path;
  // FULL syncs the WAL on every commit, so an acknowledged write survives a
  // power cut, not only a process crash.
  bool synchronous_full = true;
  int busy_timeout_ms = 5000;
  // Idle reader connections kept (with their prepared statements). Keep at
  // least as many as threads that read at once: opening one is costly.
  size_t max_readers = 64;
};

std::unique_ptr<Database> open_sqlite(const SqliteOptions& options);

}  // namespace escalated::store
