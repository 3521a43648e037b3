#include "store/sqlite/fts_rank.h"

#include <sqlite3.h>

#include <vector>

#include "store/database.h"

namespace escalated::store {
namespace {

// BM25's usual constants: how fast repeated words stop adding, and how much
// a long text is discounted.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

void tf_rank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int n_args,
             sqlite3_value** args) {
  const int columns = api->xColumnCount(fts);
  const int phrases = api->xPhraseCount(fts);
  sqlite3_int64 rows = 0;
  if (api->xRowCount(fts, &rows) != SQLITE_OK || rows <= 0) rows = 1;
  std::vector<double> hits(static_cast<std::size_t>(columns * phrases), 0.0);
  int instances = 0;
  if (api->xInstCount(fts, &instances) != SQLITE_OK) {
    sqlite3_result_error(ctx, "tf_rank: cannot read the matches", -1);
    return;
  }
  for (int i = 0; i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &column, &offset) == SQLITE_OK)
      hits[static_cast<std::size_t>(phrase * columns + column)] += 1;
  }
  double score = 0;
  for (int column = 0; column < columns; ++column) {
    sqlite3_int64 total = 0;
    int length = 0;
    api->xColumnTotalSize(fts, column, &total);
    api->xColumnSize(fts, column, &length);
    const double average = total > 0 ? static_cast<double>(total) / static_cast<double>(rows) : 1;
    const double weight = column < n_args ? sqlite3_value_double(args[column]) : 1.0;
    const double norm = kK1 * (1 - kB + kB * length / average);
    for (int phrase = 0; phrase < phrases; ++phrase) {
      const double f = hits[static_cast<std::size_t>(phrase * columns + column)];
      if (f > 0) score += weight * f * (kK1 + 1) / (f + norm);
    }
  }
  sqlite3_result_double(ctx, score);
}

// The FTS5 API of the connection, handed out through a bound pointer as
// FTS5's documentation prescribes.
fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

}  // namespace

void register_fts_rank(sqlite3* db) {
  fts5_api* api = fts5_of(db);
  if (api == nullptr || api->iVersion < 2 ||
      api->xCreateFunction(api, "tf_rank", nullptr, tf_rank, nullptr) != SQLITE_OK)
    throw DatabaseError("this SQLite has no FTS5: full-text search needs it");
}

}  // namespace escalated::store
