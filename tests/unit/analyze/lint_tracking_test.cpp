// A migration folder linted in order with one shared schema: what earlier files define
// (column types, validated CHECKs, indexes) decides how later files are judged.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analyze/linter.hpp"
#include "model/schema.hpp"

#include "findings.hpp"  // of_rule, contains

using namespace schemashift;
using namespace schemashift::analyze;
using namespace schemashift::analyze::testing;

namespace {

// Lints `files` in order, as `schemashift lint DIR` does, sharing one schema.
std::vector<FileReport> lint_folder(const std::vector<std::string>& files, int pg_version = 15) {
  model::Schema schema;
  LintOptions options;
  options.pg_version = pg_version;
  std::vector<FileReport> reports;
  for (std::size_t i = 0; i < files.size(); ++i) {
    reports.push_back(lint_script(files[i], "V" + std::to_string(i + 1) + ".sql", options, &schema));
  }
  return reports;
}

}  // namespace

TEST_CASE("lint tracking: widening a varchar created in an earlier file is not a type change finding") {
  const auto reports = lint_folder({"CREATE TABLE t (id bigint, name varchar(50));",
                                    "ALTER TABLE t ALTER COLUMN name TYPE varchar(100);",
                                    "ALTER TABLE t ALTER COLUMN name TYPE text;"});
  CHECK(of_rule(reports[1], "changing-column-type").empty());
  CHECK(of_rule(reports[2], "changing-column-type").empty());
}

TEST_CASE("lint tracking: a real type change of a column from an earlier file is flagged with both types") {
  const auto reports = lint_folder({"CREATE TABLE t (id bigint, name varchar(50));",
                                    "ALTER TABLE t ALTER COLUMN name TYPE int USING name::int;"});
  const auto hits = of_rule(reports[1], "changing-column-type");
  REQUIRE(hits.size() == 1);
  CHECK(contains(hits[0].message, "varchar(50) -> integer"));
  CHECK(contains(hits[0].message, "ACCESS EXCLUSIVE"));
  CHECK(hits[0].line == 1);
  CHECK(hits[0].column == 28);  // the column name in ALTER COLUMN
  CHECK(reports[1].verdict == Verdict::RequiresMaintenanceWindow);
}

TEST_CASE("lint tracking: a type change follows earlier type changes and renames") {
  const auto reports = lint_folder({"CREATE TABLE t (code varchar(20));",
                                    "ALTER TABLE t ALTER COLUMN code TYPE varchar(10) USING left(code, 10);",
                                    "ALTER TABLE t RENAME COLUMN code TO sku;",
                                    "ALTER TABLE t ALTER COLUMN sku TYPE varchar(30);"});
  CHECK(of_rule(reports[1], "changing-column-type").size() == 1);
  CHECK(of_rule(reports[3], "changing-column-type").empty());  // varchar(10) -> varchar(30)
}

TEST_CASE("lint tracking: the current type unknown is said in the message and the help") {
  const auto reports = lint_folder({"ALTER TABLE users ALTER COLUMN name TYPE varchar(100);"});
  const auto hits = of_rule(reports[0], "changing-column-type");
  REQUIRE(hits.size() == 1);
  CHECK(contains(hits[0].message, "current type of name is unknown"));
  CHECK(contains(hits[0].help, "lint the whole migration folder in order"));
}

TEST_CASE("lint tracking: a CHECK validated in an earlier file lets SET NOT NULL skip the scan (PG 12+)") {
  const std::vector<std::string> files = {
      "ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;",
      "ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;",
      "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"};
  CHECK(of_rule(lint_folder(files)[2], "set-not-null-without-check").empty());
  const auto pg11 = of_rule(lint_folder(files, 11)[2], "set-not-null-without-check");
  REQUIRE(pg11.size() == 1);
  CHECK(contains(pg11[0].message, "PostgreSQL 11"));
}

TEST_CASE("lint tracking: a CHECK dropped in an earlier file proves nothing any more") {
  const auto reports = lint_folder({"ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL);",
                                    "ALTER TABLE users DROP CONSTRAINT users_email_nn;",
                                    "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"});
  CHECK(of_rule(reports[2], "set-not-null-without-check").size() == 1);
}

TEST_CASE("lint tracking: a table created in an earlier file is existing in the next one") {
  const auto reports = lint_folder({"CREATE TABLE t (id bigint);\nALTER TABLE t ADD COLUMN a int NOT NULL;",
                                    "ALTER TABLE t ADD COLUMN b int NOT NULL;"});
  CHECK(of_rule(reports[0], "adding-not-nullable-field").empty());
  CHECK(of_rule(reports[1], "adding-not-nullable-field").size() == 1);
}

TEST_CASE("lint tracking: sub-commands are judged on their own, not by a sibling's rewrite") {
  const auto reports = lint_folder({"CREATE TABLE t (id bigint, name varchar(50));",
                                    "ALTER TABLE t ADD COLUMN token uuid DEFAULT gen_random_uuid(), "
                                    "ALTER COLUMN name TYPE varchar(80), ALTER COLUMN id SET NOT NULL;"});
  CHECK(of_rule(reports[1], "adding-field-with-volatile-default").size() == 1);
  CHECK(of_rule(reports[1], "changing-column-type").empty());
  CHECK(of_rule(reports[1], "set-not-null-without-check").size() == 1);
}

TEST_CASE("lint tracking: DROP INDEX names the table of an index created in an earlier file") {
  const auto reports = lint_folder({"CREATE INDEX CONCURRENTLY users_email_idx ON users (email);",
                                    "DROP INDEX users_email_idx;"});
  CHECK(of_rule(reports[0], "require-concurrent-index-deletion").empty());
  const auto hits = of_rule(reports[1], "require-concurrent-index-deletion");
  REQUIRE(hits.size() == 1);
  CHECK(contains(hits[0].message, "ACCESS EXCLUSIVE on table users"));
}

// ---------------------------------------------------------------------------------------
// timestamp <-> timestamptz and the session TimeZone (issue 10, item 3).

namespace {

const std::string kEvents = "CREATE TABLE events (id bigint, at timestamp, seen timestamptz);";

Work type_change_work(const FileReport& r, std::size_t statement) {
  REQUIRE(r.statements.size() > statement);
  const auto& locks = r.statements[statement].analysis.locks;
  REQUIRE(!locks.empty());
  return locks.front().work;
}

}  // namespace

TEST_CASE("lint tracking: timestamp -> timestamptz after SET timezone = 'UTC' is catalog-only on PG 12+") {
  const auto reports = lint_folder({kEvents, "SET timezone = 'UTC';\n"
                                          "ALTER TABLE events ALTER COLUMN at TYPE timestamptz;"});
  CHECK(type_change_work(reports[1], 1) == Work::Catalog);
  CHECK(of_rule(reports[1], "changing-column-type").empty());
}

TEST_CASE("lint tracking: without the SET, or on PG 11, timestamp <-> timestamptz is still a rewrite") {
  const auto plain = lint_folder({kEvents, "ALTER TABLE events ALTER COLUMN seen TYPE timestamp;"});
  CHECK(type_change_work(plain[1], 0) == Work::Rewrite);
  const auto hits = of_rule(plain[1], "changing-column-type");
  REQUIRE(hits.size() == 1);
  CHECK(contains(hits[0].help, "SET LOCAL timezone = 'UTC'"));
  const auto old = lint_folder({kEvents, "SET timezone = 'UTC';\n"
                                          "ALTER TABLE events ALTER COLUMN at TYPE timestamptz;"}, 11);
  CHECK(type_change_work(old[1], 1) == Work::Rewrite);
  const auto london = lint_folder({kEvents, "SET timezone = 'Europe/London';\n"
                                            "ALTER TABLE events ALTER COLUMN at TYPE timestamptz;"});
  CHECK(type_change_work(london[1], 1) == Work::Rewrite);
}

TEST_CASE("lint tracking: with the TimeZone at UTC only the indexes on the column are rebuilt") {
  const auto reports = lint_folder({kEvents + "\nCREATE INDEX events_at_idx ON events (at);",
                                    "SET TIME ZONE 'Etc/UTC';\nALTER TABLE events ALTER COLUMN at TYPE timestamptz;"});
  CHECK(type_change_work(reports[1], 1) == Work::IndexBuild);
  const auto hits = of_rule(reports[1], "changing-column-type");
  REQUIRE(hits.size() == 1);
  CHECK(contains(hits[0].message, "no table rewrite"));
  CHECK(contains(hits[0].message, "rebuilds the indexes on at"));
}

TEST_CASE("lint tracking: SET LOCAL TIME ZONE lasts until COMMIT, RESET and DEFAULT forget it") {
  model::Schema schema;
  LintOptions options;
  options.transaction = FileTransaction::None;
  lint_script(kEvents, "V1.sql", options, &schema);
  const FileReport r = lint_script(
      "BEGIN;\nSET LOCAL TIME ZONE 'UTC';\nALTER TABLE events ALTER COLUMN at TYPE timestamptz;\nCOMMIT;\n"
      "ALTER TABLE events ALTER COLUMN at TYPE timestamp;\n"
      "SELECT set_config('timezone', 'UTC', false);\nALTER TABLE events ALTER COLUMN at TYPE timestamptz;\n"
      "RESET timezone;\nALTER TABLE events ALTER COLUMN at TYPE timestamp;\n"
      "SET TIME ZONE 0;\nALTER TABLE events ALTER COLUMN at TYPE timestamptz;\n"
      "SET TIME ZONE DEFAULT;\nALTER TABLE events ALTER COLUMN at TYPE timestamp;\n",
      "V2.sql", options, &schema);
  CHECK(type_change_work(r, 2) == Work::Catalog);
  CHECK(type_change_work(r, 4) == Work::Rewrite);
  CHECK(type_change_work(r, 6) == Work::Catalog);
  CHECK(type_change_work(r, 8) == Work::Rewrite);
  CHECK(type_change_work(r, 10) == Work::Catalog);
  CHECK(type_change_work(r, 12) == Work::Rewrite);
}
