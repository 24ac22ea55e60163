// "New" means new and empty (analyze/filled_tables.hpp): a table created in a file and then
// filled there by a query has rows, and work on it is estimated from the rows of what
// filled it. Issue 10, item 1: a FOREIGN KEY added to such a table was "catalog only,
// ≈ 5 ms, SAFE_TO_RUN", yet its validation scans every copied row while holding SHARE ROW
// EXCLUSIVE on the existing referenced table (PostgreSQL 15, 1M rows: writes to it waited).
#include <catch2/catch.hpp>

#include <string>

#include "analyze/linter.hpp"
#include "analyze/rule.hpp"

#include "findings.hpp"  // of_rule, contains

using namespace schemashift::analyze;
using namespace schemashift::analyze::testing;

namespace {

FileReport lint(const std::string& sql, TableStatsMap stats = {}) {
  LintOptions options;
  options.transaction = FileTransaction::Whole;
  options.stats = std::move(stats);
  return lint_script(sql, "test.sql", options);
}

TableStatsMap rows(const std::string& table, long long n) { return {{table, TableStats{n, -1, "--rows"}}}; }

const std::string kCopy = "CREATE TABLE orders_copy AS SELECT * FROM orders;\n";
const std::string kForeignKey =
    "ALTER TABLE orders_copy ADD CONSTRAINT orders_copy_customer_fk FOREIGN KEY (customer_id) "
    "REFERENCES customers (id);\n";

}  // namespace

TEST_CASE("filled tables: a foreign key on a table filled by CREATE TABLE AS blocks writes to the referenced table") {
  const FileReport r = lint(kCopy + kForeignKey);
  const auto hits = of_rule(r, "constraint-missing-not-valid");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].line == 2);
  CHECK(contains(hits[0].message, "orders_copy, which a query filled earlier in this file"));
  CHECK(contains(hits[0].message, "SHARE ROW EXCLUSIVE on customers (writes wait)"));
  CHECK(contains(hits[0].help, "NOT VALID"));
  // Row count unknown (no --rows for orders): treated as a big table, as an existing one.
  REQUIRE(hits[0].estimate);
  CHECK_FALSE(hits[0].estimate->from_rows);
  CHECK(r.verdict == Verdict::RequiresMaintenanceWindow);
}

TEST_CASE("filled tables: the estimate comes from the source's rows") {
  const FileReport r = lint(kCopy + kForeignKey, rows("orders", 1'000'000));
  REQUIRE(r.statements.size() == 2);
  const Estimate& e = r.statements[1].estimate;
  CHECK(e.from_rows);
  CHECK(e.millis > 400);
  CHECK(contains(e.basis, "1,000,000 rows (filled from orders, --rows) × full scan"));
  // Not the referenced table's rows: the scan is over the copied rows.
  const FileReport small = lint(kCopy + kForeignKey, {{"orders", {1'000'000, -1, "--rows"}},
                                                      {"customers", {10, -1, "--rows"}}});
  CHECK(small.statements[1].estimate.millis == Approx(e.millis));
}

TEST_CASE("filled tables: index, SET NOT NULL and type change on a filled table take time, not 5 ms") {
  const FileReport r = lint(kCopy +
                                "CREATE INDEX orders_copy_customer_idx ON orders_copy (customer_id);\n"
                                "ALTER TABLE orders_copy ALTER COLUMN total SET NOT NULL;\n"
                                "ALTER TABLE orders_copy ALTER COLUMN id TYPE bigint;\n",
                            rows("orders", 1'000'000));
  REQUIRE(r.statements.size() == 4);
  for (std::size_t i = 1; i < 4; ++i) {
    INFO(r.statements[i].text << ": " << r.statements[i].estimate.basis);
    CHECK(r.statements[i].estimate.from_rows);
    CHECK(r.statements[i].estimate.millis > 100);
  }
  // Nobody else uses the table yet: no finding about blocking its readers or writers.
  CHECK(of_rule(r, "require-concurrent-index-creation").empty());
  CHECK(of_rule(r, "changing-column-type").empty());
  CHECK(r.verdict == Verdict::SafeToRun);
}

TEST_CASE("filled tables: an empty new table stays catalog-only") {
  const FileReport r = lint("CREATE TABLE orders_copy (id bigint, customer_id bigint);\n" + kForeignKey +
                            "CREATE INDEX orders_copy_customer_idx ON orders_copy (customer_id);\n");
  CHECK(of_rule(r, "constraint-missing-not-valid").empty());
  CHECK(r.statements[2].estimate.millis < 10);
  CHECK(r.verdict == Verdict::SafeToRun);
}

TEST_CASE("filled tables: INSERT ... SELECT fills, INSERT ... VALUES and WITH NO DATA do not") {
  const std::string create = "CREATE TABLE orders_copy (id bigint, customer_id bigint);\n";
  CHECK(of_rule(lint(create + "INSERT INTO orders_copy SELECT id, customer_id FROM orders;\n" + kForeignKey),
                "constraint-missing-not-valid")
            .size() == 1);
  CHECK(of_rule(lint(create + "INSERT INTO orders_copy VALUES (1, 1), (2, 1);\n" + kForeignKey),
                "constraint-missing-not-valid")
            .empty());
  CHECK(of_rule(lint("CREATE TABLE orders_copy AS SELECT * FROM orders WITH NO DATA;\n" + kForeignKey),
                "constraint-missing-not-valid")
            .empty());
  CHECK(of_rule(lint("SELECT * INTO orders_copy FROM orders;\n" + kForeignKey), "constraint-missing-not-valid")
            .size() == 1);
  // A query that reads no table but calls a function may make any number of rows.
  CHECK(of_rule(lint(create + "INSERT INTO orders_copy SELECT g, g FROM generate_series(1, 1000000) g;\n" +
                     kForeignKey),
                "constraint-missing-not-valid")
            .size() == 1);
}

TEST_CASE("filled tables: rows add up over inserts, the largest source counts, TRUNCATE empties") {
  const TableStatsMap stats = {{"orders", {1000, -1, "--rows"}}, {"archived_orders", {5000, -1, "--rows"}}};
  const std::string create = "CREATE TABLE all_orders (id bigint, customer_id bigint);\n";
  const std::string index = "CREATE INDEX all_orders_customer_idx ON all_orders (customer_id);\n";
  const FileReport two = lint(create + "INSERT INTO all_orders SELECT id, customer_id FROM orders;\n" +
                                  "INSERT INTO all_orders SELECT id, customer_id FROM archived_orders;\n" + index,
                              stats);
  CHECK(contains(two.statements[3].estimate.basis, "6,000 rows"));
  const FileReport join = lint(create +
                                   "INSERT INTO all_orders SELECT o.id, a.customer_id FROM orders o "
                                   "JOIN archived_orders a USING (id);\n" + index,
                               stats);
  CHECK(contains(join.statements[2].estimate.basis, "5,000 rows"));
  const FileReport unknown = lint(create + "INSERT INTO all_orders SELECT id, customer_id FROM orders "
                                           "JOIN customers USING (customer_id);\n" + index,
                                  stats);
  CHECK_FALSE(unknown.statements[2].estimate.from_rows);
  const FileReport truncated =
      lint(create + "INSERT INTO all_orders SELECT id, customer_id FROM orders;\nTRUNCATE all_orders;\n" + index, stats);
  CHECK(truncated.statements[3].estimate.millis < 10);
}

TEST_CASE("filled tables: ADD COLUMN NOT NULL without a default fails on a filled table") {
  const FileReport r = lint(kCopy + "ALTER TABLE orders_copy ADD COLUMN tenant_id bigint NOT NULL;\n");
  const auto hits = of_rule(r, "adding-not-nullable-field");
  REQUIRE(hits.size() == 1);
  CHECK(contains(hits[0].message, "orders_copy (filled earlier in this file)"));
  CHECK(r.verdict == Verdict::Blocked);
  // Filled from a new, still empty table: no rows.
  CHECK(of_rule(lint("CREATE TABLE a (id bigint);\nCREATE TABLE b AS SELECT * FROM a;\n"
                     "ALTER TABLE b ADD COLUMN tenant_id bigint NOT NULL;\n"),
                "adding-not-nullable-field")
            .empty());
}
