// Predictions the agreement table (tests/verify/agreement/, docs/verify.md) found wrong
// against PostgreSQL 15, one TEST_CASE per class, each fixed in the analyser.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "analyze/analysis.hpp"
#include "analyze/linter.hpp"
#include "analyze/rule.hpp"
#include "core/diagnostics.hpp"
#include "model/sql_schema_loader.hpp"
#include "sql/parser.hpp"

using namespace schemashift;
using analyze::LockMode;
using analyze::Work;
using analyze::lock_on;

namespace {

model::Schema schema_of(const std::string& ddl) {
  core::Diagnostics diags;
  auto s = model::load_schema_sql(ddl, "schema.sql", diags);
  REQUIRE(s);
  return *s;
}

analyze::StatementAnalysis analyze_with(const std::string& sql, const model::Schema* schema) {
  const sql::Script parsed = sql::parse_script(sql);
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.statements.size() == 1);
  analyze::Context context;
  context.schema = schema;
  return analyze::analyze_statement(parsed.statements.front(), context);
}


}  // namespace

TEST_CASE("ADD COLUMN with an inline foreign key and no DEFAULT: every new value is NULL, nothing to validate") {
  const model::Schema s = schema_of("CREATE TABLE coupons (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint);\n");
  auto a = analyze_with("ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);", &s);
  REQUIRE(lock_on(a, "orders"));
  CHECK(lock_on(a, "orders")->mode == LockMode::AccessExclusive);
  CHECK(lock_on(a, "orders")->work == Work::Catalog);
  REQUIRE(lock_on(a, "coupons"));
  CHECK(lock_on(a, "coupons")->mode == LockMode::ShareRowExclusive);
  // A DEFAULT gives existing rows a value: validated, with a scan.
  a = analyze_with("ALTER TABLE orders ADD COLUMN coupon_id bigint DEFAULT 1 REFERENCES coupons (id);", &s);
  CHECK(lock_on(a, "orders")->work == Work::Scan);
  // So does a table-level foreign key in the same statement, for every added column.
  a = analyze_with("ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id), "
                   "ADD CONSTRAINT orders_id_fk FOREIGN KEY (id) REFERENCES coupons (id);", &s);
  CHECK(lock_on(a, "orders")->work == Work::Scan);
}

TEST_CASE("ALTER COLUMN TYPE of a foreign key column locks the table at the key's other end ACCESS EXCLUSIVE") {
  const model::Schema s = schema_of(
      "CREATE TABLE feature_flags (key varchar(64) PRIMARY KEY);\n"
      "CREATE TABLE flag_overrides (id bigint, flag_key varchar(64) REFERENCES feature_flags (key));\n");
  auto a = analyze_with("ALTER TABLE flag_overrides ALTER COLUMN flag_key TYPE varchar(128);", &s);
  REQUIRE(lock_on(a, "feature_flags"));
  CHECK(lock_on(a, "feature_flags")->mode == LockMode::AccessExclusive);
  CHECK(lock_on(a, "flag_overrides")->work == Work::Catalog);
  // From the referenced side: the referencing table.
  a = analyze_with("ALTER TABLE feature_flags ALTER COLUMN key TYPE varchar(128);", &s);
  REQUIRE(lock_on(a, "flag_overrides"));
  CHECK(lock_on(a, "flag_overrides")->mode == LockMode::AccessExclusive);
  // Another column: no foreign key involved.
  a = analyze_with("ALTER TABLE flag_overrides ALTER COLUMN id TYPE numeric;", &s);
  CHECK_FALSE(lock_on(a, "feature_flags"));
}

TEST_CASE("a binary-coercible ALTER COLUMN TYPE rebuilds the column's expression and partial indexes") {
  const model::Schema s = schema_of(
      "CREATE TABLE products (id bigint, name varchar(200), sku varchar(20), code varchar(20));\n"
      "CREATE INDEX products_name_idx ON products (lower(name) text_pattern_ops);\n"
      "CREATE INDEX products_sku_idx ON products (sku) WHERE id > 0;\n"
      "CREATE INDEX products_code_idx ON products (code);\n");
  CHECK(lock_on(analyze_with("ALTER TABLE products ALTER COLUMN name TYPE text;", &s), "products")->work == Work::IndexBuild);
  CHECK(lock_on(analyze_with("ALTER TABLE products ALTER COLUMN sku TYPE text;", &s), "products")->work == Work::IndexBuild);
  CHECK(lock_on(analyze_with("ALTER TABLE products ALTER COLUMN code TYPE text;", &s), "products")->work == Work::Catalog);
}

TEST_CASE("DROP TRIGGER IF EXISTS of a trigger a fully known table does not have takes no lock") {
  const model::Schema s = schema_of(
      "CREATE TABLE inventory (id bigint);\n"
      "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
      "CREATE TRIGGER inventory_audit AFTER UPDATE ON inventory FOR EACH ROW EXECUTE FUNCTION touch();\n");
  CHECK_FALSE(lock_on(analyze_with("DROP TRIGGER IF EXISTS inventory_touch ON inventory;", &s), "inventory"));
  // The trigger exists, or IF EXISTS is missing, or the table is unknown: ACCESS EXCLUSIVE.
  CHECK(lock_on(analyze_with("DROP TRIGGER IF EXISTS inventory_audit ON inventory;", &s), "inventory")->mode ==
        LockMode::AccessExclusive);
  CHECK(lock_on(analyze_with("DROP TRIGGER inventory_touch ON inventory;", &s), "inventory")->mode ==
        LockMode::AccessExclusive);
  CHECK(lock_on(analyze_with("DROP TRIGGER IF EXISTS t ON other;", &s), "other")->mode == LockMode::AccessExclusive);
  CHECK(lock_on(analyze_with("DROP TRIGGER IF EXISTS t ON other;", nullptr), "other")->mode == LockMode::AccessExclusive);
}

TEST_CASE("CREATE TABLE AS ... WITH NO DATA locks its query's tables but reads none") {
  auto a = analyze_with("CREATE TABLE orders_copy AS SELECT * FROM orders WITH NO DATA;", nullptr);
  REQUIRE(lock_on(a, "orders"));
  CHECK(lock_on(a, "orders")->mode == LockMode::AccessShare);
  CHECK(lock_on(a, "orders")->work == Work::Catalog);
  a = analyze_with("CREATE TABLE orders_copy AS SELECT * FROM orders;", nullptr);
  CHECK(lock_on(a, "orders")->work == Work::Scan);
}

TEST_CASE("TRUNCATE says it swaps in empty files (a new relfilenode is no rewrite of rows)") {
  const auto a = analyze_with("TRUNCATE sessions;", nullptr);
  CHECK(a.truncates);
  CHECK(lock_on(a, "sessions")->work == Work::Catalog);
  CHECK_FALSE(analyze_with("DELETE FROM sessions;", nullptr).truncates);
}

TEST_CASE("LintOptions::time_zone_utc: a session already in UTC changes timestamp to timestamptz without a rewrite") {
  analyze::LintOptions o;
  o.transaction = analyze::FileTransaction::Whole;
  const std::string sql = "ALTER TABLE events ADD COLUMN at timestamp;\nALTER TABLE events ALTER COLUMN at TYPE timestamptz;\n";
  auto report = analyze::lint_script(sql, "f.sql", o);
  REQUIRE(report.statements.size() == 2);
  CHECK(report.statements[1].analysis.locks.front().work == Work::Rewrite);
  o.time_zone_utc = true;
  report = analyze::lint_script(sql, "f.sql", o);
  CHECK(report.statements[1].analysis.locks.front().work != Work::Rewrite);
}

TEST_CASE("REFRESH MATERIALIZED VIEW CONCURRENTLY changes the view's rows in place; without it a new file is filled") {
  auto a = analyze_with("REFRESH MATERIALIZED VIEW CONCURRENTLY fleet.daily_trip_stats;", nullptr);
  CHECK(lock_on(a, "fleet.daily_trip_stats")->mode == LockMode::Exclusive);
  CHECK(lock_on(a, "fleet.daily_trip_stats")->work == Work::DataChange);
  a = analyze_with("REFRESH MATERIALIZED VIEW fleet.daily_trip_stats;", nullptr);
  CHECK(lock_on(a, "fleet.daily_trip_stats")->mode == LockMode::AccessExclusive);
  CHECK(lock_on(a, "fleet.daily_trip_stats")->work == Work::Rewrite);
}

TEST_CASE("a data-modifying WITH locks its target ROW EXCLUSIVE under any statement, also inside a DO block") {
  // ops-psql/027: the batch DELETE moves rows into the archive by INSERT ... SELECT.
  const std::string batch =
      "WITH batch AS (DELETE FROM fleet.telemetry WHERE id IN (SELECT id FROM fleet.telemetry LIMIT 10) RETURNING *) "
      "INSERT INTO fleet.telemetry_archive SELECT * FROM batch";
  auto a = analyze_with(batch + ";", nullptr);
  REQUIRE(lock_on(a, "fleet.telemetry"));
  CHECK(lock_on(a, "fleet.telemetry")->mode == LockMode::RowExclusive);
  CHECK(lock_on(a, "fleet.telemetry")->work == Work::DataChange);
  CHECK(lock_on(a, "fleet.telemetry_archive")->mode == LockMode::RowExclusive);
  a = analyze_with("WITH gone AS (UPDATE users SET active = false RETURNING id) DELETE FROM sessions s USING gone "
                   "WHERE s.user_id = gone.id;", nullptr);
  REQUIRE(lock_on(a, "users"));
  CHECK(lock_on(a, "users")->mode == LockMode::RowExclusive);
  // The same statement in a DO block's loop.
  a = analyze_with("DO $$ BEGIN LOOP " + batch + "; EXIT; END LOOP; END $$;", nullptr);
  const auto in_block = std::find_if(a.block_locks.begin(), a.block_locks.end(),
                                     [](const analyze::RelationLock& l) { return l.relation == "fleet.telemetry"; });
  REQUIRE(in_block != a.block_locks.end());
  CHECK(in_block->mode == LockMode::RowExclusive);
}

TEST_CASE("validating a foreign key reads the referenced table too, and the estimate counts its rows") {
  const model::Schema s = schema_of(
      "CREATE TABLE regions (id bigint PRIMARY KEY);\n"
      "CREATE TABLE countries (code text PRIMARY KEY, region_id bigint);\n"
      "ALTER TABLE countries ADD CONSTRAINT countries_region_fk FOREIGN KEY (region_id) REFERENCES regions (id) NOT VALID;\n");
  // PostgreSQL 15 RI_Initial_Check: an anti-join of countries' rows against regions.
  auto a = analyze_with("ALTER TABLE countries ADD CONSTRAINT c_fk FOREIGN KEY (region_id) REFERENCES regions (id);", &s);
  REQUIRE(lock_on(a, "regions"));
  CHECK(lock_on(a, "regions")->mode == LockMode::ShareRowExclusive);
  CHECK(lock_on(a, "regions")->work == Work::Scan);
  CHECK(lock_on(a, "regions")->read_for_other_rows);
  CHECK_FALSE(lock_on(a, "countries")->read_for_other_rows);
  a = analyze_with("ALTER TABLE countries ADD CONSTRAINT c_fk FOREIGN KEY (region_id) REFERENCES regions (id) NOT VALID;", &s);
  CHECK(lock_on(a, "regions")->work == Work::Catalog);
  a = analyze_with("ALTER TABLE countries VALIDATE CONSTRAINT countries_region_fk;", &s);
  CHECK(lock_on(a, "regions")->mode == LockMode::RowShare);
  CHECK(lock_on(a, "regions")->work == Work::Scan);
  // An inline key on a new column with a DEFAULT is validated; without one it is not.
  a = analyze_with("ALTER TABLE countries ADD COLUMN r2 bigint DEFAULT 1 REFERENCES regions (id);", &s);
  CHECK(lock_on(a, "regions")->work == Work::Scan);
  a = analyze_with("ALTER TABLE countries ADD COLUMN r2 bigint REFERENCES regions (id);", &s);
  CHECK(lock_on(a, "regions")->work == Work::Catalog);
  // A key on its own table: read as the referencing side, whatever the rows.
  a = analyze_with("ALTER TABLE regions ADD CONSTRAINT r_fk FOREIGN KEY (id) REFERENCES regions (id);", &s);
  CHECK_FALSE(lock_on(a, "regions")->read_for_other_rows);

  // Both tables' rows make the duration.
  analyze::LintOptions o;
  o.stats["countries"] = {2'000'000, -1, "--rows"};
  o.stats["regions"] = {400'000, -1, "--rows"};
  model::Schema followed = s;
  const auto report =
      analyze::lint_script("ALTER TABLE countries VALIDATE CONSTRAINT countries_region_fk;\n", "f.sql", o, &followed);
  REQUIRE(report.statements.size() == 1);
  CHECK(report.statements[0].estimate.basis ==
        "2,000,000 rows (--rows) × full scan + 400,000 rows of regions (--rows) × full scan ≈ 1.2 s");
  CHECK(report.statements[0].estimate.millis == Approx(5 + 1000 + 200));
}

TEST_CASE("a foreign key validated on a new, empty table does not read the referenced table") {
  const model::Schema s = schema_of("CREATE TABLE regions (id bigint PRIMARY KEY);\n");
  analyze::LintOptions o;
  o.stats["regions"] = {400'000, -1, "--rows"};
  // The key added after `create`: what it does to regions, and its estimate.
  const auto validate_after = [&](const std::string& create) {
    model::Schema followed = s;
    const auto r = analyze::lint_script(
        create + "\nALTER TABLE countries ADD CONSTRAINT c_fk FOREIGN KEY (region_id) REFERENCES regions (id);\n", "f.sql",
        o, &followed);
    REQUIRE(r.statements.size() >= 2);
    const auto& locks = r.statements.back().analysis.locks;
    const auto it = std::find_if(locks.begin(), locks.end(), [](const analyze::RelationLock& l) { return l.relation == "regions"; });
    REQUIRE(it != locks.end());
    return std::make_pair(it->work, r.statements.back().estimate.millis);
  };
  const auto empty = validate_after("CREATE TABLE countries (code text PRIMARY KEY, region_id bigint);");
  CHECK(empty.first == Work::Catalog);
  CHECK(empty.second < 100);
  // Filled or seeded in the same file: its rows are checked against regions.
  CHECK(validate_after("CREATE TABLE countries AS SELECT 'x'::text AS code, id AS region_id FROM regions;").first ==
        Work::Scan);
  CHECK(validate_after("CREATE TABLE countries (code text PRIMARY KEY, region_id bigint);\n"
                       "INSERT INTO countries VALUES ('fr', 1);")
            .first == Work::Scan);
  CHECK(validate_after("CREATE TABLE countries (code text PRIMARY KEY, region_id bigint);\n"
                       "INSERT INTO countries VALUES ('fr', 1);\nTRUNCATE countries;")
            .first == Work::Catalog);
}

TEST_CASE("text -> citext is binary-coercible through the citext extension's cast: only the indexes are rebuilt") {
  const std::string tables =
      "CREATE TABLE subscribers (id bigint, email text, name varchar(80), code citext);\n"
      "CREATE UNIQUE INDEX subscribers_email_key ON subscribers (email);\n";
  const model::Schema with = schema_of("CREATE EXTENSION IF NOT EXISTS citext;\n" + tables);
  auto a = analyze_with("ALTER TABLE subscribers ALTER COLUMN email TYPE citext;", &with);
  CHECK(lock_on(a, "subscribers")->mode == LockMode::AccessExclusive);
  CHECK(lock_on(a, "subscribers")->work == Work::IndexBuild);  // the index changes operator class
  CHECK(lock_on(analyze_with("ALTER TABLE subscribers ALTER COLUMN name TYPE citext;", &with), "subscribers")->work ==
        Work::Catalog);
  CHECK(lock_on(analyze_with("ALTER TABLE subscribers ALTER COLUMN code TYPE text;", &with), "subscribers")->work ==
        Work::Catalog);
  CHECK(lock_on(analyze_with("ALTER TABLE subscribers ALTER COLUMN code TYPE varchar;", &with), "subscribers")->work ==
        Work::Catalog);
  // A length limit adds a length coercion: a rewrite. So does USING.
  CHECK(lock_on(analyze_with("ALTER TABLE subscribers ALTER COLUMN code TYPE varchar(10);", &with), "subscribers")->work ==
        Work::Rewrite);
  CHECK(lock_on(analyze_with("ALTER TABLE subscribers ALTER COLUMN email TYPE citext USING lower(email);", &with),
                "subscribers")
            ->work == Work::Rewrite);
  // Without the extension in the schema the cast is unknown: the cautious answer.
  const model::Schema without = schema_of(tables);
  CHECK(lock_on(analyze_with("ALTER TABLE subscribers ALTER COLUMN email TYPE citext;", &without), "subscribers")->work ==
        Work::Rewrite);
}

TEST_CASE("partitions: a new partition locks and scans the DEFAULT partition; CREATE INDEX locks every partition") {
  const model::Schema s = schema_of(
      "CREATE TABLE usage_events (tenant_id bigint NOT NULL, recorded_at timestamptz NOT NULL)\n"
      "  PARTITION BY RANGE (recorded_at);\n"
      "CREATE TABLE usage_events_2024_01 PARTITION OF usage_events FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');\n"
      "CREATE TABLE usage_events_default PARTITION OF usage_events DEFAULT;\n"
      "CREATE TABLE usage_events_old (tenant_id bigint NOT NULL, recorded_at timestamptz NOT NULL);\n");
  // PostgreSQL 15 check_default_partition_contents: the rows of the new bound must not be
  // in the DEFAULT partition.
  auto a = analyze_with("CREATE TABLE usage_events_2024_02 PARTITION OF usage_events "
                        "FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');", &s);
  CHECK(lock_on(a, "usage_events")->mode == LockMode::AccessExclusive);
  REQUIRE(lock_on(a, "usage_events_default"));
  CHECK(lock_on(a, "usage_events_default")->mode == LockMode::AccessExclusive);
  CHECK(lock_on(a, "usage_events_default")->work == Work::Scan);
  // ATTACH too; DETACH locks it without reading it.
  a = analyze_with("ALTER TABLE usage_events ATTACH PARTITION usage_events_old "
                   "FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');", &s);
  CHECK(lock_on(a, "usage_events_default")->work == Work::Scan);
  a = analyze_with("ALTER TABLE usage_events DETACH PARTITION usage_events_2024_01;", &s);
  CHECK(lock_on(a, "usage_events_default")->mode == LockMode::AccessExclusive);
  CHECK(lock_on(a, "usage_events_default")->work == Work::Catalog);

  // One index per partition, SHARE on each; ON ONLY builds none.
  a = analyze_with("CREATE INDEX usage_events_recorded_at_idx ON usage_events (recorded_at);", &s);
  CHECK(lock_on(a, "usage_events")->mode == LockMode::Share);
  for (const char* partition : {"usage_events_2024_01", "usage_events_default"}) {
    REQUIRE(lock_on(a, partition));
    CHECK(lock_on(a, partition)->mode == LockMode::Share);
    CHECK(lock_on(a, partition)->work == Work::IndexBuild);
    CHECK(lock_on(a, partition)->partition_of == "usage_events");
  }
  CHECK_FALSE(lock_on(analyze_with("CREATE INDEX i ON ONLY usage_events (recorded_at);", &s), "usage_events_default"));

  // The duration: the partitioned table's rows when known (they are its partitions'), else
  // the sum of the partitions'.
  analyze::LintOptions o;
  o.stats["usage_events_2024_01"] = {1'000'000, -1, "catalog statistics"};
  o.stats["usage_events_default"] = {500'000, -1, "catalog statistics"};
  model::Schema followed = s;
  const std::string sql = "CREATE INDEX usage_events_recorded_at_idx ON usage_events (recorded_at);\n";
  auto report = analyze::lint_script(sql, "f.sql", o, &followed);
  CHECK(report.statements[0].estimate.millis == Approx(5 + 2000 + 1000));
  o.stats["usage_events"] = {1'500'000, -1, "--rows"};
  followed = s;
  report = analyze::lint_script(sql, "f.sql", o, &followed);
  CHECK(report.statements[0].estimate.basis == "1,500,000 rows (--rows) × index build ≈ 3 s");
}
