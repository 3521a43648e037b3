// The store's public surface, run against whichever backend the test run
// selects (ESCALATED_TEST_DATABASE): both engines must behave the same for
// every test here except the few marked PostgreSQL-only.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <future>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/database.h"
#include "store/maintenance.h"
#include "store/migrations.h"
#include "store/postgres/pg_database.h"
#include "support/test_database.h"

namespace escalated::store {
namespace {

using escalated::testing::TestDatabase;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = Database::open(test_db_.url()); }
  // The database must be closed before TestDatabase drops it.
  void TearDown() override { db_.reset(); }

  std::int64_t count(const std::string& table) {
    return db_->read([&](Connection& c) { return c.scalar("SELECT COUNT(*) FROM " + table); })
        ->as_int();
  }

  // A table of this test's own, with the auto-increment key spelled the
  // way migrations spell it.
  void create_samples() {
    db_->write([](Connection& c) {
      c.execute_script(render_migration(
          "CREATE TABLE samples (id {{ID}}, big BIGINT, small BIGINT, ratio DOUBLE PRECISION,"
          " label TEXT, maybe_int BIGINT, maybe_text TEXT)",
          c.dialect()));
    });
  }

  TestDatabase test_db_;
  std::unique_ptr<Database> db_;
};

class MigratedStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    migrate(*db_);
  }

  static std::int64_t insert_user(Connection& c, const std::string& email) {
    return c
        .query(
            "INSERT INTO users (name, email, role, created_at, updated_at)"
            " VALUES (?, ?, 'agent', ?, ?) RETURNING id",
            {"User " + email, email, 1000, 1000})
        .first()
        .i64(0);
  }
};

// Runs fn, which must throw DatabaseError, and returns the error.
template <typename F>
DatabaseError expect_database_error(F&& fn) {
  try {
    fn();
  } catch (const DatabaseError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a DatabaseError";
  return DatabaseError("none");
}

TEST_F(StoreTest, DialectMatchesSelectedBackend) {
  EXPECT_EQ(db_->dialect(), test_db_.is_postgres() ? Dialect::kPostgres : Dialect::kSqlite);
  db_->read([&](Connection& c) { EXPECT_EQ(c.dialect(), db_->dialect()); });
}

TEST_F(StoreTest, MigrateAppliesFoundationOnceAndRecordsIt) {
  std::vector<std::string> first = migrate(*db_);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first.front(), "0001_foundation");
  EXPECT_EQ(first.size(), embedded_migrations().size());

  EXPECT_TRUE(migrate(*db_).empty());

  ResultSet rs = db_->read([](Connection& c) {
    return c.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  });
  ASSERT_EQ(rs.rows.size(), embedded_migrations().size());
  EXPECT_EQ(rs.first().i64(0), 1);
  EXPECT_EQ(rs.first().text(1), "0001_foundation");
  EXPECT_GT(rs.first().i64(2), 0);
  EXPECT_EQ(count("users"), 0);
  EXPECT_EQ(count("tickets"), 0);
}

TEST_F(StoreTest, MigrateFromAnotherHandleFindsNothingToDo) {
  migrate(*db_);
  std::unique_ptr<Database> other = Database::open(test_db_.url());
  EXPECT_TRUE(migrate(*other).empty());
  EXPECT_EQ(other->read([](Connection& c) {
    return c.scalar("SELECT COUNT(*) FROM schema_migrations")->as_int();
  }),
            static_cast<std::int64_t>(embedded_migrations().size()));
}

TEST_F(StoreTest, InsertReturningAndTypedReadBack) {
  create_samples();
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  const std::int64_t small = std::numeric_limits<std::int64_t>::min();
  const std::string label = "héllo — 世界 🎉 it's \"quoted\" back\\slash ? $1 %s";

  auto [first_id, second_id] = db_->write([&](Connection& c) {
    std::int64_t a =
        c.query(
             "INSERT INTO samples (big, small, ratio, label, maybe_int, maybe_text)"
             " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
             {big, small, 0.1, label, std::optional<std::int64_t>(), std::optional<std::string>()})
            .first()
            .i64(0);
    std::int64_t b = c.query(
                          "INSERT INTO samples (big, small, ratio, label, maybe_int, maybe_text)"
                          " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                          {std::int64_t{9007199254740993}, -1, -1.25e-300, "00123",
                           std::optional<std::int64_t>(7), std::optional<std::string>("x")})
                         .first()
                         .i64(0);
    return std::pair{a, b};
  });
  EXPECT_GT(first_id, 0);
  EXPECT_GT(second_id, first_id);

  ResultSet rs = db_->read([](Connection& c) {
    return c.query(
        "SELECT id, big, small, ratio, label, maybe_int, maybe_text FROM samples ORDER BY id");
  });
  ASSERT_EQ(rs.rows.size(), 2u);
  EXPECT_EQ(rs.columns, (std::vector<std::string>{"id", "big", "small", "ratio", "label",
                                                  "maybe_int", "maybe_text"}));

  const Row& a = rs.rows[0];
  EXPECT_EQ(a.i64(0), first_id);
  EXPECT_TRUE(a.at(1).is_int());
  EXPECT_EQ(a.i64(1), big);
  EXPECT_EQ(a.i64(2), small);
  EXPECT_TRUE(a.at(3).is_double());
  EXPECT_EQ(a.f64(3), 0.1);
  EXPECT_TRUE(a.at(4).is_text());
  EXPECT_EQ(a.text(4), label);
  EXPECT_TRUE(a.is_null(5));
  EXPECT_EQ(a.opt_i64(5), std::nullopt);
  EXPECT_EQ(a.opt_text(6), std::nullopt);

  const Row& b = rs.rows[1];
  EXPECT_EQ(b.i64(1), 9007199254740993);
  EXPECT_EQ(b.i64(2), -1);
  EXPECT_EQ(b.f64(3), -1.25e-300);
  // Text that looks like a number stays text, leading zeros and all.
  EXPECT_TRUE(b.at(4).is_text());
  EXPECT_EQ(b.text(4), "00123");
  EXPECT_EQ(b.opt_i64(5), 7);
  EXPECT_EQ(b.opt_text(6), "x");
}

TEST_F(StoreTest, BooleansTravelAsIntegers) {
  db_->write([](Connection& c) {
    c.execute_script("CREATE TABLE flags (id INTEGER PRIMARY KEY, on_off INTEGER NOT NULL)");
    c.execute("INSERT INTO flags (id, on_off) VALUES (?, ?), (?, ?)", {1, true, 2, false});
  });
  ResultSet rs = db_->read(
      [](Connection& c) { return c.query("SELECT on_off, on_off = 1 FROM flags ORDER BY id"); });
  ASSERT_EQ(rs.rows.size(), 2u);
  EXPECT_EQ(rs.rows[0].i64(0), 1);
  EXPECT_TRUE(rs.rows[0].boolean(1));
  EXPECT_EQ(rs.rows[1].i64(0), 0);
  EXPECT_FALSE(rs.rows[1].boolean(1));
  // A comparison reads as 0/1 on both engines (PostgreSQL's bool included).
  EXPECT_TRUE(rs.rows[0].at(1).is_int());
}

TEST_F(StoreTest, ExecuteReturnsAffectedRowCounts) {
  create_samples();
  db_->write([](Connection& c) {
    for (int i = 1; i <= 5; ++i) {
      EXPECT_EQ(c.execute("INSERT INTO samples (big, label) VALUES (?, ?)", {i, "row"}), 1);
    }
    EXPECT_EQ(c.execute("UPDATE samples SET label = ? WHERE big > ?", {"big", 2}), 3);
    EXPECT_EQ(c.execute("UPDATE samples SET label = ? WHERE big > ?", {"none", 100}), 0);
    EXPECT_EQ(c.execute("DELETE FROM samples WHERE big <= ?", {1}), 1);
  });
  EXPECT_EQ(count("samples"), 4);
  EXPECT_EQ(db_->write([](Connection& c) { return c.execute("DELETE FROM samples"); }), 4);
}

TEST_F(MigratedStoreTest, WriteThatThrowsLeavesNothingBehind) {
  EXPECT_THROW(db_->write([](Connection& c) {
    insert_user(c, "a@example.com");
    c.execute("INSERT INTO departments (name, created_at, updated_at) VALUES ('Support', 1, 1)");
    c.execute("UPDATE users SET name = 'changed'");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(count("users"), 0);
  EXPECT_EQ(count("departments"), 0);

  // The connection that rolled back is fit for the next transaction.
  db_->write([](Connection& c) { insert_user(c, "b@example.com"); });
  EXPECT_EQ(count("users"), 1);
}

TEST_F(MigratedStoreTest, FailedStatementRollsBackEarlierOnes) {
  db_->write([](Connection& c) { insert_user(c, "taken@example.com"); });
  DatabaseError e = expect_database_error([&] {
    db_->write([](Connection& c) {
      insert_user(c, "fresh@example.com");
      insert_user(c, "taken@example.com");
    });
  });
  EXPECT_TRUE(e.constraint_violation()) << e.what();
  EXPECT_EQ(count("users"), 1);
}

TEST_F(MigratedStoreTest, UniqueViolationIsAConstraintViolation) {
  db_->write([](Connection& c) { insert_user(c, "dup@example.com"); });
  DatabaseError e = expect_database_error(
      [&] { db_->write([](Connection& c) { insert_user(c, "dup@example.com"); }); });
  EXPECT_TRUE(e.constraint_violation()) << e.what();
}

TEST_F(MigratedStoreTest, ForeignKeyViolationIsAConstraintViolation) {
  DatabaseError e = expect_database_error([&] {
    db_->write([](Connection& c) {
      c.execute(
          "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)"
          " VALUES (?, ?, ?, ?, ?)",
          {"hash", 424242, "csrf", 1, 2});
    });
  });
  EXPECT_TRUE(e.constraint_violation()) << e.what();
  EXPECT_EQ(count("sessions"), 0);
}

TEST_F(MigratedStoreTest, NotNullViolationIsAConstraintViolation) {
  DatabaseError e = expect_database_error([&] {
    db_->write([](Connection& c) {
      c.execute(
          "INSERT INTO users (name, email, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
          {"n", nullptr, "agent", 1, 1});
    });
  });
  EXPECT_TRUE(e.constraint_violation()) << e.what();
}

TEST_F(MigratedStoreTest, OtherErrorsAreNotConstraintViolations) {
  DatabaseError syntax =
      expect_database_error([&] { db_->read([](Connection& c) { c.query("SELEC 1"); }); });
  EXPECT_FALSE(syntax.constraint_violation());
  DatabaseError missing = expect_database_error(
      [&] { db_->read([](Connection& c) { c.query("SELECT * FROM no_such_table"); }); });
  EXPECT_FALSE(missing.constraint_violation());
  EXPECT_NE(std::string(missing.what()).find("no_such_table"), std::string::npos) << missing.what();
  // The connections that failed still serve.
  EXPECT_EQ(count("users"), 0);
}

TEST_F(MigratedStoreTest, ReadSeesCommittedDataOnly) {
  std::promise<void> inserted;
  std::promise<void> may_commit;
  std::future<void> writer = std::async(std::launch::async, [&] {
    db_->write([&](Connection& c) {
      insert_user(c, "pending@example.com");
      inserted.set_value();
      may_commit.get_future().wait();
    });
  });
  inserted.get_future().wait();
  EXPECT_EQ(count("users"), 0);
  may_commit.set_value();
  writer.get();
  EXPECT_EQ(count("users"), 1);

  // Another handle on the same database, as another process would have.
  std::unique_ptr<Database> other = Database::open(test_db_.url());
  std::optional<Value> email = other->read([](Connection& c) {
    return c.scalar("SELECT email FROM users WHERE email = ?", {"pending@example.com"});
  });
  ASSERT_TRUE(email.has_value());
  EXPECT_EQ(email->as_text(), "pending@example.com");
}

TEST_F(StoreTest, ScalarIsEmptyWithoutARow) {
  create_samples();
  EXPECT_EQ(
      db_->read([](Connection& c) { return c.scalar("SELECT id FROM samples WHERE id = ?", {1}); }),
      std::nullopt);
}

TEST_F(StoreTest, ParameterCountMismatchThrows) {
  create_samples();
  db_->read([](Connection& c) {
    EXPECT_THROW(c.query("SELECT id FROM samples WHERE id = ?"), DatabaseError);
    EXPECT_THROW(c.query("SELECT id FROM samples WHERE id = ?", {1, 2}), DatabaseError);
    EXPECT_THROW(c.execute("DELETE FROM samples WHERE id = ? OR id = ?", {1}), DatabaseError);
    // The right count still works on the same (cached) statement.
    EXPECT_TRUE(c.query("SELECT id FROM samples WHERE id = ?", {1}).empty());
  });
}

TEST_F(StoreTest, RepeatedStatementTakesNewParametersEachTime) {
  create_samples();
  std::vector<std::int64_t> ids = db_->write([](Connection& c) {
    std::vector<std::int64_t> out;
    for (int i = 0; i < 20; ++i) {
      out.push_back(c.query("INSERT INTO samples (big, label) VALUES (?, ?) RETURNING id",
                            {i * 1000, "label " + std::to_string(i)})
                        .first()
                        .i64(0));
    }
    return out;
  });
  db_->read([&](Connection& c) {
    for (int round = 0; round < 200; ++round) {
      size_t i = static_cast<size_t>(round) % ids.size();
      Row row = c.query("SELECT big, label FROM samples WHERE id = ?", {ids[i]}).first();
      ASSERT_EQ(row.i64(0), static_cast<std::int64_t>(i) * 1000);
      ASSERT_EQ(row.text(1), "label " + std::to_string(i));
    }
  });
}

TEST_F(StoreTest, ManyDistinctStatementsOutgrowTheCacheSafely) {
  create_samples();
  // More distinct texts than either backend caches, inside one transaction and
  // outside, then the earliest again after they were evicted.
  auto run = [](Connection& c) {
    for (int n = 0; n < 700; ++n) {
      std::string sql = "SELECT COUNT(*) + " + std::to_string(n) + " FROM samples WHERE big = ?";
      ASSERT_EQ(c.scalar(sql, {n})->as_int(), n);
    }
    ASSERT_EQ(c.scalar("SELECT COUNT(*) + 0 FROM samples WHERE big = ?", {1})->as_int(), 0);
  };
  db_->write(run);
  db_->read(run);
}

TEST_F(StoreTest, QuestionMarkInsideLiteralsIsNotAPlaceholder) {
  db_->read([](Connection& c) {
    Row row = c.query("SELECT '?', ?, 'it''s ?' AS q", {"x"}).first();
    EXPECT_EQ(row.text(0), "?");
    EXPECT_EQ(row.text(1), "x");
    EXPECT_EQ(row.text(2), "it's ?");
    Row commented = c.query("SELECT ? /* why? */ AS p", {"y"}).first();
    EXPECT_EQ(commented.text(0), "y");
  });
}

TEST_F(StoreTest, ConcurrentWritersLoseNoUpdate) {
  db_->write([](Connection& c) {
    c.execute_script("CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)");
    c.execute("INSERT INTO counter (id, n) VALUES (1, 0)");
  });
  constexpr int kThreads = 8;
  constexpr int kTransactions = 50;
  std::atomic<int> failures{0};
  std::mutex error_mutex;
  std::string first_error;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kTransactions; ++i) {
        try {
          db_->write([](Connection& c) {
            if (c.execute("UPDATE counter SET n = n + 1 WHERE id = ?", {1}) != 1) {
              throw std::runtime_error("update touched no row");
            }
          });
        } catch (const std::exception& e) {
          if (failures++ == 0) {
            std::lock_guard lock(error_mutex);
            first_error = e.what();
          }
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0) << first_error;
  EXPECT_EQ(db_->read([](Connection& c) {
    return c.scalar("SELECT n FROM counter WHERE id = 1")->as_int();
  }),
            kThreads * kTransactions);
}

// Concurrent writers may share one transaction (group commit on SQLite):
// a write that fails must still roll back alone, and every write that
// returned must be there.
TEST_F(StoreTest, ConcurrentFailingWritesRollBackAlone) {
  db_->write([](Connection& c) {
    c.execute_script("CREATE TABLE entries (writer BIGINT NOT NULL, seq BIGINT NOT NULL)");
  });
  constexpr int kThreads = 8;
  constexpr int kWrites = 60;
  std::atomic<int> committed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        bool fail = (i + t) % 3 == 0;
        try {
          db_->write([&](Connection& c) {
            c.execute("INSERT INTO entries (writer, seq) VALUES (?, ?)", {t, i});
            c.execute("INSERT INTO entries (writer, seq) VALUES (?, ?)", {t, -i});
            if (fail) throw std::runtime_error("refused");
          });
          ++committed;
        } catch (const std::runtime_error& e) {
          EXPECT_TRUE(fail) << e.what();
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  std::int64_t rows =
      db_->read([](Connection& c) { return c.scalar("SELECT COUNT(*) FROM entries")->as_int(); });
  EXPECT_EQ(rows, 2 * committed.load());
  std::int64_t refused = db_->read([](Connection& c) {
    return c.scalar("SELECT COUNT(*) FROM entries WHERE (writer + ABS(seq)) % 3 = 0")->as_int();
  });
  EXPECT_EQ(refused, 0) << "a refused write left rows behind";
}

TEST_F(StoreTest, ConcurrentReadersAndWritersAllFinish) {
  create_samples();
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      try {
        for (int i = 0; i < 20; ++i) {
          if (t % 2 == 0) {
            db_->write([&](Connection& c) {
              c.execute("INSERT INTO samples (big, label) VALUES (?, ?)", {t, "w"});
            });
          } else {
            db_->read([](Connection& c) { c.query("SELECT COUNT(*) FROM samples"); });
          }
        }
      } catch (const std::exception&) {
        ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count("samples"), 4 * 20);
}

TEST_F(MigratedStoreTest, PlannerStatisticsRefresh) {
  db_->write([](Connection& c) {
    for (int i = 0; i < 50; ++i) insert_user(c, "u" + std::to_string(i) + "@example.com");
  });
  refresh_planner_statistics(*db_);
  refresh_planner_statistics(*db_);  // repeatable
  if (db_->dialect() == Dialect::kSqlite) {
    EXPECT_GT(db_->read([](Connection& c) {
      return c.scalar("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'users'")->as_int();
    }),
              0);
  }
}

TEST(DatabaseOpen, RejectsUnknownScheme) {
  EXPECT_THROW(Database::open("mysql://localhost/escalated"), DatabaseError);
  EXPECT_THROW(Database::open("escalated.db"), DatabaseError);
  EXPECT_THROW(Database::open("sqlite:"), DatabaseError);
}

TEST(DatabaseOpen, UnreachablePostgresFailsAtOpen) {
  // Port 1 on loopback refuses at once; nothing listens there.
  DatabaseError e = expect_database_error(
      [] { Database::open("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2"); });
  EXPECT_FALSE(e.constraint_violation());
  // The password must not leak into logs through the error text.
  EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << e.what();
}

// PostgreSQL-only behaviour: the pool and the server's transaction rules.
class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test_db_.is_postgres()) GTEST_SKIP() << "PostgreSQL only";
  }
  TestDatabase test_db_;
};

TEST_F(PostgresTest, SmallPoolServesManyThreads) {
  PostgresOptions options;
  options.url = test_db_.url();
  options.max_connections = 2;
  std::unique_ptr<Database> db = open_postgres(options);
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        db->read([](Connection& c) { c.query("SELECT pg_backend_pid()"); });
        ++done;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(done.load(), 200);
  // Never more than two sessions were opened.
  std::set<std::int64_t> pids;
  for (int i = 0; i < 10; ++i) {
    pids.insert(
        db->read([](Connection& c) { return c.scalar("SELECT pg_backend_pid()"); })->as_int());
  }
  EXPECT_LE(pids.size(), 2u);
}

TEST_F(PostgresTest, BrokenConnectionIsReplaced) {
  PostgresOptions options;
  options.url = test_db_.url();
  options.max_connections = 1;
  std::unique_ptr<Database> db = open_postgres(options);
  std::int64_t before =
      db->read([](Connection& c) { return c.scalar("SELECT pg_backend_pid()")->as_int(); });
  EXPECT_THROW(
      db->read([](Connection& c) { c.query("SELECT pg_terminate_backend(pg_backend_pid())"); }),
      DatabaseError);
  std::int64_t after =
      db->read([](Connection& c) { return c.scalar("SELECT pg_backend_pid()")->as_int(); });
  EXPECT_NE(before, after);
}

TEST_F(PostgresTest, SwallowedErrorStillFailsTheWrite) {
  std::unique_ptr<Database> db = Database::open(test_db_.url());
  migrate(*db);
  db->write([](Connection& c) {
    c.execute("INSERT INTO departments (name, created_at, updated_at) VALUES ('Support', 1, 1)");
  });
  // PostgreSQL aborts the whole transaction on the failed insert; reporting
  // success would claim the first insert was saved when it was not.
  EXPECT_THROW(db->write([](Connection& c) {
    c.execute("INSERT INTO departments (name, created_at, updated_at) VALUES ('Sales', 1, 1)");
    try {
      c.execute("INSERT INTO departments (name, created_at, updated_at) VALUES ('Support', 1, 1)");
    } catch (const DatabaseError&) {
    }
  }),
               DatabaseError);
  EXPECT_EQ(db->read([](Connection& c) {
    return c.scalar("SELECT COUNT(*) FROM departments")->as_int();
  }),
            1);
}

TEST_F(PostgresTest, ReadThatLeavesATransactionOpenDoesNotLeakIt) {
  PostgresOptions options;
  options.url = test_db_.url();
  options.max_connections = 1;
  std::unique_ptr<Database> db = open_postgres(options);
  db->read([](Connection& c) { c.execute_script("BEGIN; CREATE TABLE leaked (id INTEGER)"); });
  // The same (only) connection is back in autocommit and the table is gone.
  db->read([](Connection& c) {
    EXPECT_FALSE(c.scalar("SELECT to_regclass('leaked')")->is_text());
    EXPECT_EQ(c.scalar("SELECT current_setting('TimeZone')")->as_text(), "UTC");
  });
}

}  // namespace
}  // namespace escalated::store
