// analyze_statement() against postgres-facts.md §2 (locks), §3 (rewrite/scan), §4.1.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <string>

#include "analyze/analysis.hpp"
#include "sql/parser.hpp"
#include "sql/types.hpp"

using namespace schemashift;
using analyze::LockMode;
using analyze::Work;

namespace {

// The last statement of `script`, so that tests can also check statements that do not
// start at offset 0.
analyze::StatementAnalysis analyze_sql(const std::string& script, const analyze::Context& context = {}) {
  const sql::Script parsed = sql::parse_script(script);
  REQUIRE_FALSE(parsed.error);
  REQUIRE_FALSE(parsed.statements.empty());
  return analyze::analyze_statement(parsed.statements.back(), context);
}

const analyze::RelationLock* lock_on(const analyze::StatementAnalysis& a, const std::string& relation) {
  const auto it = std::find_if(a.locks.begin(), a.locks.end(),
                               [&](const analyze::RelationLock& l) { return l.relation == relation; });
  return it == a.locks.end() ? nullptr : &*it;
}

bool has_note(const analyze::StatementAnalysis& a, const std::string& text) {
  return std::any_of(a.notes.begin(), a.notes.end(),
                     [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

model::Column column(const std::string& name, const std::string& type, bool nullable = true) {
  model::Column c;
  c.name = name;
  c.type = *sql::parse_type(type);
  c.nullable = nullable;
  return c;
}

model::Constraint check(const std::string& name, const std::string& expr, bool validated = true) {
  model::Constraint c;
  c.name = name;
  c.kind = model::ConstraintKind::Check;
  c.check_sql = expr;
  c.validated = validated;
  return c;
}

model::Constraint foreign_key(const std::string& name, const std::string& column, const std::string& table) {
  model::Constraint c;
  c.name = name;
  c.kind = model::ConstraintKind::ForeignKey;
  c.columns = {column};
  c.references = model::ForeignKeyRef{{"", table}, {"id"}};
  return c;
}

// users(id int4 not null, email varchar(50), org_id int4, age int4) -> orgs(id)
model::Schema sample_schema() {
  model::Schema schema;
  model::Table orgs;
  orgs.name = {"", "orgs"};
  orgs.columns = {column("id", "int", false)};
  model::Table users;
  users.name = {"", "users"};
  users.columns = {column("id", "int", false), column("email", "varchar(50)"), column("org_id", "int"),
                   column("age", "int")};
  users.constraints = {foreign_key("users_org_fk", "org_id", "orgs")};
  schema.tables[orgs.name.key()] = orgs;
  schema.tables[users.name.key()] = users;
  return schema;
}

struct Case {
  const char* sql;
  LockMode strongest;
  std::optional<Work> work;  // work on the first (strongest) lock; nullopt: no locks
  bool outside_transaction;
};

// At least one statement per kind; expectations from postgres-facts §2/§3/§4.1 (PG 15).
const Case kCases[] = {
    // ADD COLUMN (§3.1)
    {"ALTER TABLE users ADD COLUMN email_verified boolean", LockMode::AccessExclusive, Work::Catalog, false},
    {"ALTER TABLE users ADD COLUMN flag boolean NOT NULL DEFAULT false", LockMode::AccessExclusive, Work::Catalog,
     false},
    {"ALTER TABLE users ADD COLUMN created_at timestamptz DEFAULT now()", LockMode::AccessExclusive, Work::Catalog,
     false},
    {"ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()", LockMode::AccessExclusive, Work::Rewrite,
     false},
    {"ALTER TABLE users ADD COLUMN seen timestamptz DEFAULT clock_timestamp() NOT NULL", LockMode::AccessExclusive,
     Work::Rewrite, false},
    {"ALTER TABLE users ADD COLUMN seq bigserial", LockMode::AccessExclusive, Work::Rewrite, false},
    {"ALTER TABLE users ADD COLUMN n int GENERATED ALWAYS AS IDENTITY", LockMode::AccessExclusive, Work::Rewrite,
     false},
    {"ALTER TABLE users ADD COLUMN total int GENERATED ALWAYS AS (a + b) STORED", LockMode::AccessExclusive,
     Work::Rewrite, false},
    {"ALTER TABLE users ADD COLUMN code text NOT NULL", LockMode::AccessExclusive, Work::Scan, false},
    // Every value of the new column is NULL: PostgreSQL does not validate its foreign key
    // (agreement table, PostgreSQL 15); with a DEFAULT it does.
    {"ALTER TABLE users ADD COLUMN org_id int REFERENCES orgs(id)", LockMode::AccessExclusive, Work::Catalog, false},
    {"ALTER TABLE users ADD COLUMN org_id int DEFAULT 1 REFERENCES orgs(id)", LockMode::AccessExclusive, Work::Scan, false},
    // Other column sub-commands (§2, §3.4)
    {"ALTER TABLE users DROP COLUMN legacy", LockMode::AccessExclusive, Work::Catalog, false},
    {"ALTER TABLE users ALTER COLUMN email TYPE text", LockMode::AccessExclusive, Work::Rewrite, false},
    {"ALTER TABLE users ALTER COLUMN email SET NOT NULL", LockMode::AccessExclusive, Work::Scan, false},
    {"ALTER TABLE users ALTER COLUMN email DROP NOT NULL", LockMode::AccessExclusive, Work::Catalog, false},
    {"ALTER TABLE users ALTER COLUMN status SET DEFAULT 'active'", LockMode::AccessExclusive, Work::Catalog, false},
    {"ALTER TABLE users ALTER COLUMN email SET STATISTICS 500", LockMode::ShareUpdateExclusive, Work::Catalog, false},
    {"ALTER TABLE users ALTER COLUMN bio SET STORAGE EXTERNAL", LockMode::AccessExclusive, Work::Catalog, false},
    // Constraints (§2, §3.3)
    {"ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0)", LockMode::AccessExclusive, Work::Scan, false},
    {"ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID", LockMode::AccessExclusive,
     Work::Catalog, false},
    {"ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs(id)",
     LockMode::ShareRowExclusive, Work::Scan, false},
    {"ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs(id) NOT VALID",
     LockMode::ShareRowExclusive, Work::Catalog, false},
    {"ALTER TABLE users VALIDATE CONSTRAINT users_org_fk", LockMode::ShareUpdateExclusive, Work::Scan, false},
    {"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)", LockMode::AccessExclusive, Work::IndexBuild,
     false},
    {"ALTER TABLE users ADD PRIMARY KEY (id)", LockMode::AccessExclusive, Work::IndexBuild, false},
    {"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx", LockMode::AccessExclusive,
     Work::Catalog, false},
    {"ALTER TABLE users DROP CONSTRAINT age_positive", LockMode::AccessExclusive, Work::Catalog, false},
    // Table-level options (§2)
    {"ALTER TABLE users SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01)", LockMode::ShareUpdateExclusive,
     Work::Catalog, false},
    {"ALTER TABLE users SET (user_catalog_table = true)", LockMode::AccessExclusive, Work::Catalog, false},
    {"ALTER TABLE users ENABLE TRIGGER audit", LockMode::ShareRowExclusive, Work::Catalog, false},
    {"ALTER TABLE users DISABLE TRIGGER ALL", LockMode::ShareRowExclusive, Work::Catalog, false},
    {"ALTER TABLE users CLUSTER ON users_pkey", LockMode::ShareUpdateExclusive, Work::Catalog, false},
    {"ALTER TABLE users SET TABLESPACE fast", LockMode::AccessExclusive, Work::Rewrite, false},
    {"ALTER TABLE users SET LOGGED", LockMode::AccessExclusive, Work::Rewrite, false},
    {"ALTER TABLE users OWNER TO app", LockMode::AccessExclusive, Work::Catalog, false},
    // Partitions (§2)
    {"ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
     LockMode::AccessExclusive, Work::Scan, false},
    {"ALTER TABLE events DETACH PARTITION events_2023", LockMode::AccessExclusive, Work::Catalog, false},
    {"ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY", LockMode::AccessExclusive, Work::Catalog, true},
    // Renames (§2)
    {"ALTER TABLE users RENAME TO people", LockMode::AccessExclusive, Work::Catalog, false},
    {"ALTER TABLE users RENAME COLUMN name TO full_name", LockMode::AccessExclusive, Work::Catalog, false},
    {"ALTER TABLE users RENAME CONSTRAINT a TO b", LockMode::AccessExclusive, Work::Catalog, false},
    {"ALTER INDEX users_email_idx RENAME TO users_email_key", LockMode::ShareUpdateExclusive, Work::Catalog, false},
    {"ALTER TABLE users SET SCHEMA archive", LockMode::AccessExclusive, Work::Catalog, false},
    // Indexes (§2, §4.1)
    {"CREATE INDEX idx_users_email ON users (email)", LockMode::Share, Work::IndexBuild, false},
    {"CREATE INDEX CONCURRENTLY idx_users_email ON users (email)", LockMode::ShareUpdateExclusive, Work::IndexBuild,
     true},
    {"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email ON public.users (email)",
     LockMode::ShareUpdateExclusive, Work::IndexBuild, true},
    {"DROP INDEX idx_users_email", LockMode::AccessExclusive, Work::Catalog, false},
    {"DROP INDEX CONCURRENTLY idx_users_email", LockMode::ShareUpdateExclusive, Work::Catalog, true},
    {"REINDEX INDEX idx_users_email", LockMode::AccessExclusive, Work::IndexBuild, false},
    {"REINDEX INDEX CONCURRENTLY idx_users_email", LockMode::ShareUpdateExclusive, Work::IndexBuild, true},
    {"REINDEX TABLE users", LockMode::AccessExclusive, Work::IndexBuild, false},
    {"REINDEX TABLE CONCURRENTLY users", LockMode::ShareUpdateExclusive, Work::IndexBuild, true},
    {"REINDEX SCHEMA public", LockMode::None, std::nullopt, true},
    // Tables (§2)
    {"CREATE TABLE audit (id bigint PRIMARY KEY, user_id int REFERENCES users(id))", LockMode::ShareRowExclusive,
     Work::Catalog, false},
    {"CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
     LockMode::AccessExclusive, Work::Catalog, false},
    {"CREATE TABLE child () INHERITS (parent)", LockMode::ShareUpdateExclusive, Work::Catalog, false},
    {"DROP TABLE users", LockMode::AccessExclusive, Work::Catalog, false},
    {"TRUNCATE users", LockMode::AccessExclusive, Work::Catalog, false},
    {"CREATE TABLE users_copy AS SELECT * FROM users", LockMode::AccessShare, Work::Scan, false},
    {"CREATE VIEW active_users AS SELECT * FROM users WHERE active", LockMode::AccessShare, Work::Catalog, false},
    {"CREATE OR REPLACE VIEW active_users AS SELECT * FROM users", LockMode::AccessExclusive, Work::Catalog, false},
    {"DROP VIEW active_users", LockMode::AccessExclusive, Work::Catalog, false},
    // Data (§1)
    {"UPDATE users SET active = true WHERE id < 1000", LockMode::RowExclusive, Work::DataChange, false},
    {"DELETE FROM users WHERE id < 10", LockMode::RowExclusive, Work::DataChange, false},
    {"INSERT INTO users (id) VALUES (1)", LockMode::RowExclusive, Work::DataChange, false},
    {"INSERT INTO users_archive SELECT * FROM users", LockMode::RowExclusive, Work::DataChange, false},
    {"MERGE INTO users u USING staging s ON u.id = s.id WHEN MATCHED THEN DELETE", LockMode::RowExclusive,
     Work::DataChange, false},
    {"COPY users FROM STDIN", LockMode::RowExclusive, Work::DataChange, false},
    {"SELECT * FROM users", LockMode::AccessShare, Work::Scan, false},
    {"SELECT * FROM users FOR UPDATE", LockMode::RowShare, Work::Scan, false},
    // A data-modifying WITH changes rows of its target (what `verify` saw a backfill batch take).
    {"WITH u AS (UPDATE users SET active = true WHERE id < 10 RETURNING id) SELECT count(*) FROM u",
     LockMode::RowExclusive, Work::DataChange, false},
    // Other DDL (§2)
    {"CREATE TRIGGER audit AFTER UPDATE ON users FOR EACH ROW EXECUTE FUNCTION audit()", LockMode::ShareRowExclusive,
     Work::Catalog, false},
    {"DROP TRIGGER audit ON users", LockMode::AccessExclusive, Work::Catalog, false},
    {"COMMENT ON TABLE users IS 'people'", LockMode::ShareUpdateExclusive, Work::Catalog, false},
    {"COMMENT ON COLUMN public.users.email IS 'login'", LockMode::ShareUpdateExclusive, Work::Catalog, false},
    {"CREATE STATISTICS users_stats ON org_id, age FROM users", LockMode::ShareUpdateExclusive, Work::Catalog, false},
    {"VACUUM users", LockMode::ShareUpdateExclusive, Work::Scan, true},
    {"VACUUM (FULL, ANALYZE) users", LockMode::AccessExclusive, Work::Rewrite, true},
    {"ANALYZE users", LockMode::ShareUpdateExclusive, Work::Catalog, false},
    {"CLUSTER users USING users_pkey", LockMode::AccessExclusive, Work::Rewrite, false},
    {"CLUSTER", LockMode::None, std::nullopt, true},
    {"REFRESH MATERIALIZED VIEW stats", LockMode::AccessExclusive, Work::Rewrite, false},
    // CONCURRENTLY applies the difference to the view's rows in place: no new file (agreement table).
    {"REFRESH MATERIALIZED VIEW CONCURRENTLY stats", LockMode::Exclusive, Work::DataChange, false},
    {"LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE", LockMode::ShareRowExclusive, Work::Catalog, false},
    {"LOCK users", LockMode::AccessExclusive, Work::Catalog, false},
    {"ALTER TYPE mood ADD VALUE 'meh'", LockMode::None, std::nullopt, false},
    // No table locks
    {"CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1'", LockMode::None, std::nullopt, false},
    {"CREATE TYPE mood AS ENUM ('happy', 'sad')", LockMode::None, std::nullopt, false},
    {"CREATE EXTENSION IF NOT EXISTS pgcrypto", LockMode::None, std::nullopt, false},
    {"DO $$BEGIN PERFORM 1; END$$", LockMode::None, std::nullopt, false},
    {"CALL backfill(1000)", LockMode::None, std::nullopt, false},
    {"SET LOCAL lock_timeout = '5s'", LockMode::None, std::nullopt, false},
    {"BEGIN", LockMode::None, std::nullopt, false},
    // Cannot run in a transaction block (§4.1)
    {"CREATE DATABASE analytics", LockMode::None, std::nullopt, true},
    {"ALTER SYSTEM SET work_mem = '64MB'", LockMode::None, std::nullopt, true},
    {"DISCARD ALL", LockMode::None, std::nullopt, true},
    {"COMMIT PREPARED 'tx1'", LockMode::None, std::nullopt, true},
};

}  // namespace

TEST_CASE("strongest lock, work and transaction rule per statement kind", "[analyze]") {
  STATIC_REQUIRE(sizeof(kCases) / sizeof(kCases[0]) >= 40);
  for (const Case& c : kCases) {
    INFO(c.sql);
    const auto a = analyze_sql(c.sql);
    CHECK(lock_mode_sql(a.strongest()) == std::string(lock_mode_sql(c.strongest)));
    CHECK(a.must_run_outside_transaction == c.outside_transaction);
    if (c.work) {
      REQUIRE_FALSE(a.locks.empty());
      CHECK(work_name(a.locks.front().work) == std::string(work_name(*c.work)));
    } else {
      CHECK(a.locks.empty());
    }
  }
}

TEST_CASE("summaries are short and name the relation as written", "[analyze]") {
  CHECK(analyze_sql("ALTER TABLE users ADD COLUMN email_verified boolean").summary ==
        "ALTER TABLE users ADD COLUMN email_verified");
  CHECK(analyze_sql("CREATE INDEX CONCURRENTLY idx_users_email ON users (email)").summary ==
        "CREATE INDEX CONCURRENTLY idx_users_email ON users");
  CHECK(analyze_sql("UPDATE users SET a = 1").summary == "UPDATE users");
  CHECK(analyze_sql("DO $$BEGIN END$$").summary == "DO block");
  CHECK(analyze_sql("ALTER TABLE public.users ALTER COLUMN email SET NOT NULL").summary ==
        "ALTER TABLE public.users ALTER COLUMN email SET NOT NULL");
  CHECK(analyze_sql("DROP INDEX CONCURRENTLY idx_a").summary == "DROP INDEX CONCURRENTLY idx_a");
  CHECK(analyze_sql("ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID")
            .summary == "ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY NOT VALID");
  CHECK(analyze_sql("SET LOCAL lock_timeout = '5s'").summary == "SET LOCAL lock_timeout");
  CHECK(analyze_sql("CREATE EXTENSION IF NOT EXISTS pgcrypto").summary == "CREATE EXTENSION IF NOT EXISTS pgcrypto");

  const auto a = analyze_sql("UPDATE public.users SET a = 1");
  REQUIRE(a.locks.size() == 1);
  CHECK(a.locks[0].relation == "public.users");
}

TEST_CASE("a multi-command ALTER TABLE takes its strongest sub-command's lock", "[analyze]") {
  const auto a = analyze_sql("ALTER TABLE users VALIDATE CONSTRAINT c, ADD COLUMN x int");
  REQUIRE(a.locks.size() == 1);
  CHECK(a.locks[0].mode == LockMode::AccessExclusive);
  CHECK(a.locks[0].work == Work::Scan);
  CHECK(has_note(a, "VALIDATE bundled"));
  CHECK(a.summary == "ALTER TABLE users VALIDATE CONSTRAINT c, ADD COLUMN x");

  const auto b = analyze_sql("ALTER TABLE users ADD COLUMN a int, ADD COLUMN b uuid DEFAULT gen_random_uuid()");
  CHECK(b.locks[0].work == Work::Rewrite);
}

TEST_CASE("foreign keys lock the referenced table too", "[analyze]") {
  SECTION("ADD FOREIGN KEY: SHARE ROW EXCLUSIVE on both tables") {
    const auto a = analyze_sql("ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (org_id) REFERENCES public.orgs(id)");
    REQUIRE(a.locks.size() == 2);
    CHECK(lock_on(a, "users")->mode == LockMode::ShareRowExclusive);
    CHECK(lock_on(a, "users")->work == Work::Scan);
    REQUIRE(lock_on(a, "public.orgs"));
    CHECK(lock_on(a, "public.orgs")->mode == LockMode::ShareRowExclusive);
    CHECK(a.blocks_writes());
    CHECK_FALSE(a.blocks_reads());
  }
  SECTION("VALIDATE of a known FK: SUE on the table, ROW SHARE on the referenced table") {
    const model::Schema schema = sample_schema();
    analyze::Context context;
    context.schema = &schema;
    const auto a = analyze_sql("ALTER TABLE users VALIDATE CONSTRAINT users_org_fk", context);
    REQUIRE(a.locks.size() == 2);
    CHECK(a.locks[0].relation == "users");
    CHECK(a.locks[0].mode == LockMode::ShareUpdateExclusive);
    CHECK(lock_on(a, "orgs")->mode == LockMode::RowShare);
    CHECK_FALSE(a.blocks_writes());
  }
  SECTION("DROP TABLE takes ACCESS EXCLUSIVE on tables it references") {
    const model::Schema schema = sample_schema();
    analyze::Context context;
    context.schema = &schema;
    const auto a = analyze_sql("DROP TABLE users", context);
    REQUIRE(lock_on(a, "orgs"));
    CHECK(lock_on(a, "orgs")->mode == LockMode::AccessExclusive);
  }
  SECTION("DROP CONSTRAINT of a known FK locks the referenced table ACCESS EXCLUSIVE") {
    const model::Schema schema = sample_schema();
    analyze::Context context;
    context.schema = &schema;
    const auto a = analyze_sql("ALTER TABLE users DROP CONSTRAINT users_org_fk", context);
    CHECK(lock_on(a, "orgs")->mode == LockMode::AccessExclusive);
  }
  SECTION("CREATE TABLE ... REFERENCES x takes SHARE ROW EXCLUSIVE on x") {
    const auto a = analyze_sql("CREATE TABLE audit (id int, org_id int, FOREIGN KEY (org_id) REFERENCES orgs (id))");
    REQUIRE(lock_on(a, "audit"));
    CHECK(lock_on(a, "audit")->is_new);
    CHECK(lock_on(a, "audit")->work == Work::NewRelation);
    CHECK(lock_on(a, "orgs")->mode == LockMode::ShareRowExclusive);
    CHECK_FALSE(lock_on(a, "orgs")->is_new);
    CHECK(a.locks.front().relation == "orgs");  // existing relations first
    CHECK(a.strongest() == LockMode::ShareRowExclusive);
  }
}

TEST_CASE("relations created earlier in the change are flagged new", "[analyze]") {
  analyze::Context context;
  context.new_tables = {"public.users"};
  const auto a = analyze_sql("ALTER TABLE users ADD COLUMN code text NOT NULL", context);
  REQUIRE(a.locks.size() == 1);
  CHECK(a.locks[0].is_new);
  CHECK(a.strongest() == LockMode::None);
  CHECK_FALSE(a.blocks_reads());
  CHECK_FALSE(has_note(a, "fails if the table has rows"));

  const auto index = analyze_sql("CREATE INDEX idx ON public.users (code)", context);
  CHECK(index.locks[0].is_new);
  CHECK_FALSE(index.blocks_writes());

  const auto other = analyze_sql("CREATE INDEX idx ON orgs (code)", context);
  CHECK_FALSE(other.locks[0].is_new);
  CHECK(other.blocks_writes());
}

TEST_CASE("ADD COLUMN NOT NULL without a default notes that it fails on a non-empty table", "[analyze]") {
  const auto a = analyze_sql("ALTER TABLE users ADD COLUMN code text NOT NULL");
  CHECK(has_note(a, "fails if the table has rows"));
  CHECK_FALSE(has_note(analyze_sql("ALTER TABLE users ADD COLUMN code text NOT NULL DEFAULT ''"), "fails"));
  // DEFAULT NULL fills nothing.
  CHECK(analyze_sql("ALTER TABLE users ADD COLUMN code text DEFAULT NULL NOT NULL").locks[0].work == Work::Scan);
}

TEST_CASE("DEFAULT volatility is judged on the default expression alone", "[analyze]") {
  // Statement not at offset 0, default followed by another clause and another sub-command.
  const auto a = analyze_sql("SELECT 1;\n-- add\nALTER TABLE users ADD COLUMN a int DEFAULT (1 + 2) NOT NULL, "
                             "ADD COLUMN b text COLLATE \"C\" DEFAULT lower('X')");
  CHECK(a.locks[0].work == Work::Catalog);
  const auto b = analyze_sql("SELECT 1;\nALTER TABLE users ADD COLUMN a int DEFAULT 0, "
                             "ADD COLUMN b float8 DEFAULT random() CONSTRAINT b_nn NOT NULL");
  CHECK(b.locks[0].work == Work::Rewrite);
  CHECK(has_note(b, "volatile (or unknown) function in DEFAULT"));
  analyze::Context pg10;
  pg10.pg_version = 10;
  CHECK(analyze_sql("ALTER TABLE users ADD COLUMN a int DEFAULT 0", pg10).locks[0].work == Work::Rewrite);
}

TEST_CASE("ALTER COLUMN TYPE rewrites unless the schema proves a binary-coercible change", "[analyze]") {
  const model::Schema schema = sample_schema();
  analyze::Context context;
  context.schema = &schema;

  const auto widen = analyze_sql("ALTER TABLE users ALTER COLUMN email TYPE varchar(100)", context);
  CHECK(widen.locks[0].work == Work::Catalog);
  CHECK(has_note(widen, "indexes on the column may be rebuilt"));
  CHECK(widen.summary == "ALTER TABLE users ALTER COLUMN email TYPE varchar(100)");

  CHECK(analyze_sql("ALTER TABLE users ALTER COLUMN email TYPE text", context).locks[0].work == Work::Catalog);
  CHECK(analyze_sql("ALTER TABLE users ALTER COLUMN email TYPE text USING email::text", context).locks[0].work ==
        Work::Catalog);
  CHECK(analyze_sql("ALTER TABLE users ALTER COLUMN email TYPE varchar(20)", context).locks[0].work == Work::Rewrite);
  CHECK(analyze_sql("ALTER TABLE users ALTER COLUMN age TYPE bigint", context).locks[0].work == Work::Rewrite);
  CHECK(analyze_sql("ALTER TABLE users ALTER COLUMN email TYPE text USING lower(email)", context).locks[0].work ==
        Work::Rewrite);
  const auto unknown = analyze_sql("ALTER TABLE users ALTER COLUMN nickname TYPE text", context);
  CHECK(unknown.locks[0].work == Work::Rewrite);
  CHECK(has_note(unknown, "unknown"));
}

TEST_CASE("SET NOT NULL skips the scan when a validated CHECK proves it (PG 12+)", "[analyze]") {
  model::Schema schema = sample_schema();
  analyze::Context context;
  context.schema = &schema;
  auto& users = schema.tables.at(model::QualifiedName{"", "users"}.key());
  const std::string sql = "ALTER TABLE users ALTER COLUMN email SET NOT NULL";

  SECTION("no CHECK: scan") { CHECK(analyze_sql(sql, context).locks[0].work == Work::Scan); }
  SECTION("validated CHECK (email IS NOT NULL): catalog only") {
    users.constraints.push_back(check("email_nn", "email IS NOT NULL"));
    const auto a = analyze_sql(sql, context);
    CHECK(a.locks[0].mode == LockMode::AccessExclusive);
    CHECK(a.locks[0].work == Work::Catalog);
    CHECK(has_note(a, "scan skipped: validated CHECK proves NOT NULL"));
  }
  SECTION("spacing, quoting and parentheses do not matter") {
    users.constraints.push_back(check("email_nn", "((\"email\"   IS NOT  NULL))"));
    CHECK(analyze_sql(sql, context).locks[0].work == Work::Catalog);
  }
  SECTION("NOT VALID CHECK does not count") {
    users.constraints.push_back(check("email_nn", "email IS NOT NULL", false));
    CHECK(analyze_sql(sql, context).locks[0].work == Work::Scan);
  }
  SECTION("CHECK on another column does not count") {
    users.constraints.push_back(check("age_nn", "age IS NOT NULL"));
    CHECK(analyze_sql(sql, context).locks[0].work == Work::Scan);
  }
  SECTION("a different expression does not count") {
    users.constraints.push_back(check("email_nn", "email IS NOT NULL OR age > 0"));
    CHECK(analyze_sql(sql, context).locks[0].work == Work::Scan);
  }
  SECTION("PG 11 always scans") {
    users.constraints.push_back(check("email_nn", "email IS NOT NULL"));
    context.pg_version = 11;
    CHECK(analyze_sql(sql, context).locks[0].work == Work::Scan);
  }
  SECTION("already NOT NULL: nothing to check") {
    CHECK(analyze_sql("ALTER TABLE users ALTER COLUMN id SET NOT NULL", context).locks[0].work == Work::Catalog);
  }
}

TEST_CASE("version-dependent transaction and lock rules", "[analyze]") {
  analyze::Context pg11;
  pg11.pg_version = 11;
  CHECK(analyze_sql("ALTER TYPE mood ADD VALUE 'meh'", pg11).must_run_outside_transaction);
  CHECK_FALSE(analyze_sql("ALTER TYPE mood ADD VALUE 'meh'").must_run_outside_transaction);
  CHECK(analyze_sql("ALTER INDEX idx RENAME TO idx2", pg11).strongest() == LockMode::AccessExclusive);
  const auto attach = analyze_sql("ALTER TABLE events ATTACH PARTITION e1 FOR VALUES IN (1)", pg11);
  CHECK(lock_on(attach, "events")->mode == LockMode::AccessExclusive);
  const auto attach15 = analyze_sql("ALTER TABLE events ATTACH PARTITION e1 FOR VALUES IN (1)");
  CHECK(lock_on(attach15, "events")->mode == LockMode::ShareUpdateExclusive);
  CHECK(lock_on(attach15, "e1")->mode == LockMode::AccessExclusive);
}

TEST_CASE("lock_timeout and statement_timeout settings are recognised", "[analyze]") {
  CHECK(analyze_sql("SET LOCAL lock_timeout = '5s'").sets_lock_timeout);
  CHECK(analyze_sql("SET lock_timeout TO 3000").sets_lock_timeout);
  CHECK(analyze_sql("SET LOCAL statement_timeout = '15min'").sets_statement_timeout);
  CHECK(analyze_sql("SELECT set_config('lock_timeout', '2s', true)").sets_lock_timeout);
  CHECK(analyze_sql("SELECT pg_catalog.set_config('statement_timeout', '1min', false)").sets_statement_timeout);
  // Zero, DEFAULT and RESET disable the timeout.
  CHECK_FALSE(analyze_sql("SET lock_timeout = 0").sets_lock_timeout);
  CHECK_FALSE(analyze_sql("SET lock_timeout = '0'").sets_lock_timeout);
  CHECK_FALSE(analyze_sql("SET lock_timeout TO DEFAULT").sets_lock_timeout);
  CHECK_FALSE(analyze_sql("RESET lock_timeout").sets_lock_timeout);
  CHECK_FALSE(analyze_sql("SET LOCAL lock_timeout = '5s'").sets_statement_timeout);
  CHECK(has_note(analyze_sql("SET lock_timeout = '5s'"), "rest of the session"));
}

TEST_CASE("transaction control statements", "[analyze]") {
  for (const char* sql : {"BEGIN", "START TRANSACTION", "COMMIT", "END", "ROLLBACK"}) {
    INFO(sql);
    CHECK(analyze_sql(sql).is_transaction_control);
  }
  CHECK_FALSE(analyze_sql("SAVEPOINT s1").is_transaction_control);
  CHECK_FALSE(analyze_sql("SELECT 1").is_transaction_control);
  CHECK(analyze_sql("END").summary == "COMMIT");
}

TEST_CASE("DO blocks and procedures are opaque", "[analyze]") {
  const auto a = analyze_sql("DO $$BEGIN UPDATE users SET a = 1; END$$");
  CHECK(a.summary == "DO block");
  CHECK(a.locks.empty());
  CHECK(has_note(a, "locks taken inside the block are not analysed"));
  CHECK(analyze_sql("CALL backfill(100)").summary == "CALL backfill");
}

TEST_CASE("REINDEX TABLE with a known schema locks each index ACCESS EXCLUSIVE", "[analyze]") {
  model::Schema schema = sample_schema();
  model::Index index;
  index.name = "users_email_idx";
  index.table = {"", "users"};
  index.elements.push_back({});
  index.elements.back().column = "email";
  schema.indexes["public.users_email_idx"] = index;
  analyze::Context context;
  context.schema = &schema;
  const auto a = analyze_sql("REINDEX TABLE users", context);
  CHECK(lock_on(a, "users")->mode == LockMode::Share);
  REQUIRE(lock_on(a, "users_email_idx"));
  CHECK(lock_on(a, "users_email_idx")->mode == LockMode::AccessExclusive);
  CHECK(a.locks.front().relation == "users_email_idx");

  const auto drop = analyze_sql("DROP INDEX CONCURRENTLY users_email_idx", context);
  REQUIRE(lock_on(drop, "users"));
  CHECK(lock_on(drop, "users")->mode == LockMode::ShareUpdateExclusive);
}

TEST_CASE("DML also takes ACCESS SHARE on the tables it reads", "[analyze]") {
  const auto a = analyze_sql("WITH recent AS (SELECT id FROM logins) "
                             "UPDATE users SET active = true FROM recent WHERE users.id = recent.id");
  CHECK(a.locks.size() == 2);
  CHECK(a.locks[0].relation == "users");
  CHECK(lock_on(a, "logins")->mode == LockMode::AccessShare);
  CHECK_FALSE(lock_on(a, "recent"));  // a CTE, not a table
}

TEST_CASE("SET NOT NULL: a CHECK whose top-level AND has an IS NOT NULL arm proves it too", "[analyze]") {
  // PostgreSQL splits CHECKs into AND arms before the proof (make_ands_implicit).
  model::Schema schema = sample_schema();
  analyze::Context context;
  context.schema = &schema;
  auto& users = schema.tables.at(model::QualifiedName{"", "users"}.key());
  const std::string sql = "ALTER TABLE users ALTER COLUMN email SET NOT NULL";
  users.constraints.push_back(check("email_ok", "age > 0 AND (email IS NOT NULL AND length(email) > 3)"));
  CHECK(analyze_sql(sql, context).locks[0].work == Work::Catalog);
  CHECK(analyze_sql("ALTER TABLE users ALTER COLUMN age SET NOT NULL", context).locks[0].work == Work::Scan);
  // A strict expression is not enough: a CHECK passes when it is NULL, so length(email) > 3
  // holds for NULL emails too.
  users.constraints.back() = check("email_ok", "length(email) > 3");
  CHECK(analyze_sql(sql, context).locks[0].work == Work::Scan);
}

// The DEFAULT expression is cut from the source with PostgreSQL's scanner: a nested block
// comment or a named DEFAULT constraint used to make a stable default look volatile.
TEST_CASE("ADD COLUMN DEFAULT text: nested comments and named defaults") {
  const auto nested = analyze_sql("ALTER TABLE users ADD COLUMN seen timestamptz DEFAULT /* a /* b */ c */ now()");
  REQUIRE(lock_on(nested, "users"));
  CHECK(lock_on(nested, "users")->work == Work::Catalog);
  const auto named = analyze_sql("ALTER TABLE users ADD COLUMN seen timestamptz CONSTRAINT d DEFAULT now()");
  REQUIRE(lock_on(named, "users"));
  CHECK(lock_on(named, "users")->work == Work::Catalog);
  const auto is_volatile = analyze_sql("ALTER TABLE users ADD COLUMN t uuid CONSTRAINT d DEFAULT /* x */ gen_random_uuid()");
  REQUIRE(lock_on(is_volatile, "users"));
  CHECK(lock_on(is_volatile, "users")->work == Work::Rewrite);
}
