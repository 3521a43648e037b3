// Migrations hold what only one engine has between "-- {{SQLITE}}" or
// "-- {{POSTGRES}}" and "-- {{END}}"; each engine runs only its own.
#include <gtest/gtest.h>

#include "store/migrations.h"

namespace escalated::store {
namespace {

TEST(DialectBlocks, EachEngineKeepsItsOwnLines) {
  const std::string sql =
      "CREATE TABLE a (id {{ID}});\n-- {{SQLITE}}\nSQLITE ONLY;\n-- {{END}}\n"
      "-- {{POSTGRES}}  \nPG ONLY;\n-- {{END}}\nBOTH;\n";
  std::string lite = render_migration(sql, Dialect::kSqlite);
  std::string pg = render_migration(sql, Dialect::kPostgres);
  EXPECT_NE(lite.find("SQLITE ONLY;"), std::string::npos);
  EXPECT_EQ(lite.find("PG ONLY;"), std::string::npos);
  EXPECT_NE(pg.find("PG ONLY;"), std::string::npos);
  EXPECT_EQ(pg.find("SQLITE ONLY;"), std::string::npos);
  EXPECT_NE(lite.find("BOTH;"), std::string::npos);
  EXPECT_NE(pg.find("BOTH;"), std::string::npos);
  EXPECT_NE(lite.find("AUTOINCREMENT"), std::string::npos);
  EXPECT_EQ(pg.find("{{"), std::string::npos);
}

}  // namespace
}  // namespace escalated::store
