#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "../file_tree.hpp"
#include "import/importer.hpp"
#include "import/source.hpp"

namespace fs = std::filesystem;
using namespace schemashift;

namespace {

// A migrations folder in a fresh temporary directory.
using Folder = testing::Tree;

struct Imported {
  import::Result result;
  core::Diagnostics diags;
  std::string spec(std::size_t i) const {
    for (const auto& o : result.outputs) {
      if (o.path == result.files.at(i).spec) return o.content;
    }
    return "";
  }
};

std::unique_ptr<Imported> run(const Folder& f, lint::Layout layout = lint::Layout::Auto) {
  auto out = std::make_unique<Imported>();
  import::Options o;
  o.folder = f.dir.string();
  o.layout = layout;
  out->result = import::import_folder(o, out->diags);
  return out;
}

// One sqlx migration pair on top of a base migration; the report of the second.
import::FileReport one(const std::string& up, const std::string& down = "", std::string* spec = nullptr) {
  std::map<std::string, std::string> files = {
      {"1_base.up.sql",
       "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text);\n"
       "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total numeric(10,2));\n"},
      {"1_base.down.sql", "DROP TABLE orders;\nDROP TABLE users;\n"},
      {"2_change.up.sql", up}};
  if (!down.empty()) files["2_change.down.sql"] = down;
  Folder f(files);
  auto r = run(f);
  
  REQUIRE_FALSE(r->diags.has_errors());
  REQUIRE(r->result.files.size() == 2);
  if (spec) *spec = r->spec(1);
  INFO(r->spec(1));
  return r->result.files[1];
}

}  // namespace

TEST_CASE("import: statements with an equivalent offline operation become it") {
  struct Case {
    const char* sql;
    const char* operation;
  };
  const Case cases[] = {
      {"CREATE TABLE items (id bigint PRIMARY KEY, sku text NOT NULL UNIQUE, price numeric(8,2) DEFAULT 0 "
       "CHECK (price >= 0), user_id bigint REFERENCES users (id) ON DELETE CASCADE)",
       "create_table"},
      {"DROP TABLE orders", "drop_table"},
      {"ALTER TABLE users RENAME TO members", "rename_table"},
      {"ALTER TABLE users RENAME COLUMN name TO full_name", "rename_column"},
      {"ALTER TABLE users ADD COLUMN age integer DEFAULT 0 NOT NULL", "add_column"},
      {"ALTER TABLE users DROP COLUMN name", "drop_column"},
      {"ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2)", "change_column_type"},
      {"ALTER TABLE users ALTER COLUMN name SET DEFAULT 'x'", "set_default"},
      {"ALTER TABLE users ALTER COLUMN email DROP NOT NULL", "drop_not_null"},
      {"ALTER TABLE users ALTER COLUMN name SET NOT NULL", "set_not_null"},
      {"CREATE UNIQUE INDEX users_lower_email ON users (lower(email)) WHERE name IS NOT NULL", "add_index"},
      {"CREATE INDEX users_name_idx ON users USING hash (name)", "add_index"},
      {"CREATE INDEX users_email_inc ON users (email DESC NULLS LAST) INCLUDE (name)", "add_index"},
      {"ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL",
       "add_foreign_key"},
      {"ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0)", "add_check"},
      {"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)", "add_unique"},
      {"ALTER TABLE orders DROP CONSTRAINT orders_pkey", "drop_constraint"},
  };
  for (const auto& c : cases) {
    INFO(c.sql);
    std::string spec;
    const auto r = one(std::string(c.sql) + ";\n", "", &spec);
    INFO(spec);
    CHECK(r.native == 1);
    CHECK(r.raw == 0);
    CHECK(spec.find(std::string("- ") + c.operation + ":") != std::string::npos);
    CHECK(spec.find("strategy: offline") != std::string::npos);
  }
}

TEST_CASE("import: what has no equivalent operation stays raw SQL, text exact") {
  const char* raw[] = {
      "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name := 'x'; RETURN NEW; END $$",
      "CREATE VIEW active AS SELECT * FROM users",
      "CREATE EXTENSION IF NOT EXISTS pgcrypto",
      "GRANT SELECT ON users TO PUBLIC",
      "DO $$ BEGIN RAISE NOTICE 'hi'; END $$",
      "UPDATE users SET name = 'n' WHERE name IS NULL",
      "INSERT INTO users (id, email) VALUES (1, 'a@b')",
      "COMMENT ON TABLE users IS 'people'",
      "ALTER TABLE orders ADD CONSTRAINT orders_total_nn CHECK (total IS NOT NULL) NOT VALID",
      "DROP TABLE IF EXISTS users CASCADE",
      "ALTER TABLE users ADD COLUMN a int, ADD COLUMN b int",
  };
  for (const char* sql : raw) {
    INFO(sql);
    std::string spec;
    const auto r = one(std::string(sql) + ";\n", "", &spec);
    INFO(spec);
    CHECK(r.native == 0);
    CHECK(r.raw == 1);
    CHECK(r.irreversible);
    CHECK(spec.find("# irreversible") != std::string::npos);
  }
}

TEST_CASE("import: CONCURRENTLY runs outside a transaction, one statement per sql operation") {
  std::string spec;
  // A storage parameter has no operation field: the statement stays raw.
  const auto r = one("CREATE INDEX CONCURRENTLY users_email_idx ON users (email) WITH (fillfactor = 70);\n",
                     "DROP INDEX CONCURRENTLY users_email_idx;\n", &spec);
  CHECK(r.raw == 1);
  CHECK_FALSE(r.irreversible);
  CHECK(spec.find("transactional: false") != std::string::npos);
  CHECK(spec.find("down: DROP INDEX CONCURRENTLY users_email_idx") != std::string::npos);
}

TEST_CASE("import: CREATE / DROP INDEX CONCURRENTLY are operations with the online strategy") {
  std::string spec;
  const auto r = one("CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n"
                     "DROP INDEX CONCURRENTLY users_email_idx;\n",
                     "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n"
                     "DROP INDEX CONCURRENTLY users_email_idx;\n", &spec);
  CHECK(r.native == 2);
  CHECK(r.raw == 0);
  CHECK(spec.find("- add_index:") != std::string::npos);
  CHECK(spec.find("- drop_index:") != std::string::npos);
  CHECK(spec.find("strategy: online") != std::string::npos);
}

TEST_CASE("import: DETACH PARTITION ... CONCURRENTLY runs outside a transaction") {
  // Found translating tests/lint/corpus/blog-migrate: PostgreSQL refuses it in a transaction block.
  std::map<std::string, std::string> files = {
      {"1_base.up.sql",
       "CREATE TABLE views (id bigint, at date) PARTITION BY RANGE (at);\n"
       "CREATE TABLE views_2023 PARTITION OF views FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');\n"},
      {"2_detach.up.sql", "ALTER TABLE views DETACH PARTITION views_2023 CONCURRENTLY;\n"}};
  Folder f(files);
  auto t = run(f);
  REQUIRE_FALSE(t->diags.has_errors());
  REQUIRE(t->result.files.size() == 2);
  CHECK(t->spec(1).find("transactional: false") != std::string::npos);
}

TEST_CASE("import: a raw migration's down is its down file, a native one derives its own") {
  std::string spec;
  const auto r = one(
      "CREATE TABLE audit (id bigint PRIMARY KEY);\n"
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n",
      "DROP FUNCTION f();\nDROP TABLE audit;\n", &spec);
  INFO(spec);
  CHECK(r.native == 1);
  CHECK(r.raw == 1);
  CHECK_FALSE(r.irreversible);
  CHECK(r.notes.empty());
  CHECK(spec.find("down: \"DROP FUNCTION f();\"") != std::string::npos);
}

TEST_CASE("import: down statements go to the raw SQL they undo, by their place around the native downs") {
  // The shape of scaffold's contract of a type change: raw, native, raw; the down file
  // undoes in reverse order.
  std::string spec;
  const auto r = one(
      "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
      "ALTER TABLE users DROP COLUMN name;\n"
      "ALTER TABLE users RENAME COLUMN email TO name;\n",
      "ALTER TABLE users RENAME COLUMN name TO email;\n"
      "ALTER TABLE users ADD COLUMN name text;\n"
      "DROP FUNCTION g();\n",
      &spec);
  INFO(spec);
  CHECK(r.native >= 1);
  CHECK(r.notes.empty());
  const auto rename_up = spec.find("RENAME COLUMN email TO name");
  const auto rename_down = spec.find("RENAME COLUMN name TO email");
  const auto drop_fn = spec.find("DROP FUNCTION g()");
  REQUIRE(rename_up != std::string::npos);
  REQUIRE(rename_down != std::string::npos);
  REQUIRE(drop_fn != std::string::npos);
  CHECK(drop_fn < rename_up);      // the function's down sits with the function
  CHECK(rename_down > rename_up);  // the rename's down with the rename
}

TEST_CASE("import: a native down that differs from the down file is a note") {
  const auto r = one("ALTER TABLE users ADD COLUMN age integer;\n", "UPDATE users SET age = NULL;\n");
  CHECK(r.native == 1);
  REQUIRE_FALSE(r.notes.empty());
  CHECK(r.notes.front().find("derived down") != std::string::npos);
}

TEST_CASE("import: one file's statements stay one transaction, in order, whatever their phases") {
  // drop_column is a contract step, add_column an expand step, and they touch two tables: an
  // online spec would run them in three migrations; the offline spec runs them as written.
  std::string spec;
  const auto r = one("ALTER TABLE users DROP COLUMN name;\nALTER TABLE users ADD COLUMN age integer;\n"
                     "ALTER TABLE orders ADD COLUMN note text;\n",
                     "", &spec);
  INFO(spec);
  CHECK(r.native == 3);
  CHECK(spec.find("drop_column") < spec.find("add_column"));
}

TEST_CASE("import: BEGIN/COMMIT around a psql file and its timeouts become the spec's transaction and settings") {
  Folder f({{"001_a.up.sql", "-- header\nBEGIN;\nSET LOCAL lock_timeout = '5s';\nCREATE TABLE t (id int);\nCOMMIT;\n"},
            {"001_a.down.sql", "BEGIN;\nDROP TABLE t;\nCOMMIT;\n"}});
  auto r = run(f, lint::Layout::Sql);
  REQUIRE_FALSE(r->diags.has_errors());
  const std::string spec = r->spec(0);
  INFO(spec);
  CHECK(spec.find("lock_timeout: 5000ms") != std::string::npos);
  CHECK(r->result.files[0].native == 1);
  CHECK(r->result.files[0].notes.empty());
}

TEST_CASE("import: a psql file's several BEGIN ... COMMIT blocks share the spec's transaction") {
  Folder f(std::map<std::string, std::string>{{"001_a.sql",
             "BEGIN;\nSET LOCAL lock_timeout = '2s';\nCREATE TABLE t (id int);\nCOMMENT ON TABLE t IS 'x';\nCOMMIT;\n"
             "BEGIN;\nCOMMENT ON COLUMN t.id IS 'y';\nCOMMIT;\n"
             "VACUUM t;\n"
             "BEGIN;\nCREATE INDEX CONCURRENTLY t_id ON t (id);\nCOMMIT;\n"}});
  auto r = run(f, lint::Layout::Sql);
  REQUIRE_FALSE(r->diags.has_errors());
  const std::string spec = r->spec(0);
  INFO(spec);
  CHECK(spec.find("lock_timeout: 2000ms") != std::string::npos);
  // The two COMMENTs are raw SQL of two blocks: two operations, neither holding COMMIT/BEGIN.
  const std::string ops = spec.substr(spec.find("\noperations:"));
  CHECK(ops.find("COMMIT") == std::string::npos);
  CHECK(ops.find("BEGIN") == std::string::npos);
  CHECK(spec.find("up: \"COMMENT ON TABLE t IS 'x'\"") != std::string::npos);
  CHECK(spec.find("up: \"COMMENT ON COLUMN t.id IS 'y'\"") != std::string::npos);
  const auto& notes = r->result.files[0].notes;
  CHECK(std::any_of(notes.begin(), notes.end(), [](const std::string& n) { return n.find("3 BEGIN ... COMMIT blocks") != std::string::npos; }));
  CHECK(std::any_of(notes.begin(), notes.end(), [](const std::string& n) {
    return n.find("line 11: PostgreSQL refuses `CREATE INDEX CONCURRENTLY") != std::string::npos;
  }));
}

TEST_CASE("import: ROLLBACK, SAVEPOINT and an unclosed BEGIN are refused") {
  for (const char* sql : {"BEGIN;\nCREATE TABLE t (id int);\nROLLBACK;\n", "BEGIN;\nSAVEPOINT a;\nCOMMIT;\n",
                          "BEGIN;\nCREATE TABLE t (id int);\n", "COMMIT;\n"}) {
    Folder f(std::map<std::string, std::string>{{"001_a.sql", sql}});
    auto r = run(f, lint::Layout::Sql);
    INFO(sql);
    REQUIRE(r->diags.has_errors());
    CHECK(r->diags.items().front().code == "import-transaction-control");
  }
}

TEST_CASE("import: what a psql file SETs for its session is RESET at its end") {
  // pg_dump's preamble empties search_path for the session: on a framework's one connection
  // that would hide the framework's own history table from everything after it.
  Folder f({{"001_base.sql",
             "SET statement_timeout = 0;\nSELECT pg_catalog.set_config('search_path', '', false);\n"
             "SET client_min_messages = warning;\nCREATE TABLE public.t (id int);\nRESET client_min_messages;\n"},
            {"002_b.sql", "SELECT pg_catalog.set_config('search_path', 'public', true);\nCREATE TABLE u (id int);\n"}});
  auto r = run(f, lint::Layout::Sql);
  REQUIRE_FALSE(r->diags.has_errors());
  const std::string spec = r->spec(0);
  INFO(spec);
  CHECK(spec.find("RESET statement_timeout;\n      RESET search_path") != std::string::npos);
  CHECK(spec.find("RESET client_min_messages;\n      RESET") == std::string::npos);
  CHECK(r->spec(1).find("RESET") == std::string::npos);  // set_config(..., true) is LOCAL
}

TEST_CASE("import: a column the model does not fully hold keeps its statement raw") {
  for (const char* sql : {"CREATE TABLE t (a int, d int GENERATED ALWAYS AS (a * 2) STORED);\n",
                          "CREATE TABLE t (c text COLLATE \"C\");\n", "CREATE TABLE t (b text COMPRESSION pglz);\n",
                          "ALTER TABLE users ADD COLUMN d int GENERATED ALWAYS AS (1) STORED;\n"}) {
    INFO(sql);
    const auto r = one(sql);
    CHECK(r.native == 0);
    CHECK(r.raw == 1);
  }
}

TEST_CASE("import: layouts") {
  SECTION("dbmate sections") {
    Folder f(std::map<std::string, std::string>{
        {"20240101120000_users.sql",
         "-- migrate:up\nCREATE TABLE users (id int);\n\n-- migrate:down\nDROP TABLE users;\n"}});
    auto r = run(f);
    REQUIRE_FALSE(r->diags.has_errors());
    REQUIRE(r->result.files.size() == 1);
    CHECK(r->result.layout.find("dbmate") != std::string::npos);
    CHECK(r->result.files[0].statements == 1);
    CHECK(r->spec(0).find("created: 2024-01-01T12:00:00Z") != std::string::npos);
  }
  SECTION("diesel folders") {
    Folder f({{"2024-01-05-120000_users/up.sql", "CREATE TABLE users (id int);\n"},
              {"2024-01-05-120000_users/down.sql", "DROP TABLE users;\n"},
              {"2024-01-06-120000_posts/up.sql", "CREATE TABLE posts (id int);\n"},
              {"2024-01-06-120000_posts/down.sql", "DROP TABLE posts;\n"}});
    auto r = run(f);
    REQUIRE_FALSE(r->diags.has_errors());
    REQUIRE(r->result.files.size() == 2);
    CHECK(r->spec(1).find("title: Posts") != std::string::npos);
  }
  SECTION("Flyway V and U") {
    Folder f({{"V1__create_users.sql", "CREATE TABLE users (id int);\n"},
              {"U1__create_users.sql", "DROP TABLE users;\n"},
              {"V2__index.sql", "CREATE INDEX CONCURRENTLY users_id ON users (id);\n"}});
    auto r = run(f);
    REQUIRE_FALSE(r->diags.has_errors());
    REQUIRE(r->result.files.size() == 2);
    CHECK(r->spec(0).find("issue: 1\n") != std::string::npos);
    CHECK(r->spec(1).find("issue: 2\n") != std::string::npos);
    CHECK(r->spec(1).find("strategy: online") != std::string::npos);
    CHECK(r->spec(1).find("before: \"0002\"") != std::string::npos);
  }
}

TEST_CASE("import: input errors are positioned, and the rest is still read") {
  SECTION("a statement that does not parse") {
    Folder f({{"1_a.up.sql", "CREATE TABLE t (id int);\n"}, {"2_b.up.sql", "CREATE TABLE (;\n"},
              {"3_c.up.sql", "SELEC 1;\n"}});
    auto r = run(f);
    REQUIRE(r->diags.has_errors());
    std::vector<std::string> where;
    for (const auto& d : r->diags.items()) where.push_back(d.where.str());
    CHECK(where.size() == 2);
    CHECK(where[0].find("2_b.up.sql:1:") != std::string::npos);
    CHECK(where[1].find("3_c.up.sql:1:1") != std::string::npos);
  }
  SECTION("a down file without its up") {
    Folder f({{"1_a.up.sql", "SELECT 1;\n"}, {"2_b.down.sql", "SELECT 1;\n"}});
    auto r = run(f);
    REQUIRE(r->diags.has_errors());
    CHECK(r->diags.items().front().code == "down-without-up");
  }
}

TEST_CASE("import: the same folder gives the same bytes") {
  Folder f({{"1_a.up.sql", "CREATE TABLE \"Order Items\" (\"Id\" int PRIMARY KEY, note text DEFAULT 'yes');\n"},
            {"1_a.down.sql", "DROP TABLE \"Order Items\";\n"}});
  auto a = run(f);
  auto b = run(f);
  REQUIRE(a->result.outputs.size() == b->result.outputs.size());
  for (std::size_t i = 0; i < a->result.outputs.size(); ++i) {
    CHECK(a->result.outputs[i].path == b->result.outputs[i].path);
    CHECK(a->result.outputs[i].content == b->result.outputs[i].content);
  }
  CHECK(a->result.files[0].native == 1);
}

TEST_CASE("import: a native whose derived down the down file does not run stays raw when raw SQL takes the rest") {
  // The down file re-adds the column differently; as drop_column the spec would run its own
  // ADD COLUMN and the down file's (given to the COMMENT's sql operation): two ADD COLUMNs.
  std::string spec;
  const auto r = one("COMMENT ON TABLE users IS 'x';\nALTER TABLE users DROP COLUMN name;\n",
                     "ALTER TABLE users ADD COLUMN name varchar(10);\nCOMMENT ON TABLE users IS NULL;\n", &spec);
  INFO(spec);
  CHECK(r.native == 0);
  CHECK(r.raw == 2);
  const auto first = spec.find("ADD COLUMN name");
  REQUIRE(first != std::string::npos);
  CHECK(spec.find("ADD COLUMN name", first + 1) == std::string::npos);
  REQUIRE_FALSE(r.notes.empty());
  CHECK(r.notes.front().find("derived down") != std::string::npos);
}
