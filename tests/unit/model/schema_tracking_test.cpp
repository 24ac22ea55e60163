// apply_statement(): the schema model following a migration folder statement by statement
// (the linter's incremental mode), and load_schema_sql() keeping its schema-dump behaviour.
#include <catch2/catch.hpp>

#include <algorithm>

#include "model/sql_schema_loader.hpp"
#include "sql/parser.hpp"

using namespace schemashift;
using namespace schemashift::model;

namespace {

// Applies every statement of `script` in order, as the linter does for one file.
void apply_all(Schema& schema, const std::string& script) {
  const sql::Script parsed = sql::parse_script(script);
  REQUIRE_FALSE(parsed.error);
  for (const auto& st : parsed.statements) apply_statement(schema, script, st);
}

Schema applied(const std::string& script) {
  Schema schema;
  apply_all(schema, script);
  return schema;
}

const Constraint* constraint(const Schema& s, const std::string& table, const std::string& name) {
  const Table* t = s.find_table({"", table});
  return t ? t->find_constraint(name) : nullptr;
}

std::string column_type(const Schema& s, const std::string& table, const std::string& column) {
  const Table* t = s.find_table({"", table});
  const Column* c = t ? t->find_column(column) : nullptr;
  return c ? c->type.sql() : std::string("<none>");
}

bool has_index(const Schema& s, const std::string& name) { return s.find_index({"", name}) != nullptr; }

}  // namespace

TEST_CASE("tracking: ALTER TABLE of an unknown table records a placeholder with its constraints") {
  const Schema s = applied(
      "ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\n"
      "ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;\n");
  const Table* users = s.find_table({"", "users"});
  REQUIRE(users);
  CHECK(users->columns.empty());
  CHECK_FALSE(users->created_in_change);
  const Constraint* check = constraint(s, "users", "users_email_nn");
  REQUIRE(check);
  CHECK(check->kind == ConstraintKind::Check);
  CHECK(check->check_sql == "email IS NOT NULL");
  CHECK(check->validated);
}

TEST_CASE("tracking: a placeholder learns the columns later statements add") {
  const Schema s = applied(
      "ALTER TABLE app.orders ADD COLUMN note varchar(50);\n"
      "ALTER TABLE app.orders ADD COLUMN total numeric(10,2) NOT NULL DEFAULT 0;\n");
  const Table* orders = s.find_table({"app", "orders"});
  REQUIRE(orders);
  REQUIRE(orders->columns.size() == 2);
  CHECK(orders->find_column("note")->type.sql() == "varchar(50)");
  CHECK_FALSE(orders->find_column("total")->nullable);
  CHECK_FALSE(s.find_table({"", "orders"}));  // public.orders is another table
}

TEST_CASE("tracking: CREATE INDEX on an unknown table records the table and the index") {
  const Schema s = applied("CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n");
  REQUIRE(s.find_table({"", "users"}));
  REQUIRE(has_index(s, "users_email_idx"));
  CHECK(s.find_index({"", "users_email_idx"})->table.name == "users");
}

TEST_CASE("tracking: ALTER TABLE of a view or sequence and OWNER TO create no placeholder") {
  const Schema s = applied(
      "CREATE VIEW active_users AS SELECT 1 AS id;\n"
      "ALTER TABLE active_users OWNER TO app;\n"
      "ALTER TABLE some_sequence OWNER TO app;\n");
  CHECK(s.tables.empty());
}

TEST_CASE("tracking: ALTER COLUMN TYPE changes the column's type") {
  Schema s = applied("CREATE TABLE t (name varchar(50), n integer);\n");
  apply_all(s, "ALTER TABLE t ALTER COLUMN name TYPE varchar(100), ALTER COLUMN n TYPE bigint USING n::bigint;\n");
  CHECK(column_type(s, "t", "name") == "varchar(100)");
  CHECK(column_type(s, "t", "n") == "bigint");
  // On a placeholder the column is recorded with the type it now has.
  apply_all(s, "ALTER TABLE other ALTER COLUMN code TYPE text;\n");
  CHECK(column_type(s, "other", "code") == "text");
}

TEST_CASE("tracking: DROP COLUMN removes the column and what depends on it") {
  Schema s = applied(
      "CREATE TABLE p (id bigint PRIMARY KEY, code text UNIQUE);\n"
      "CREATE TABLE t (id bigint, a int CHECK (a > 0), b int, p_code text REFERENCES p (code));\n"
      "CREATE INDEX t_a_b_idx ON t (a, b);\n"
      "CREATE INDEX t_b_idx ON t (b);\n");
  REQUIRE(constraint(s, "t", "t_a_check"));
  apply_all(s, "ALTER TABLE t DROP COLUMN a;\n");
  const Table* t = s.find_table({"", "t"});
  CHECK_FALSE(t->find_column("a"));
  CHECK(t->find_column("b"));
  CHECK_FALSE(constraint(s, "t", "t_a_check"));
  CHECK_FALSE(has_index(s, "t_a_b_idx"));
  CHECK(has_index(s, "t_b_idx"));

  // Other tables' foreign keys to a dropped column go only with CASCADE.
  apply_all(s, "ALTER TABLE p DROP COLUMN code;\n");  // fails in PostgreSQL: t_p_code_fkey depends on it
  CHECK(constraint(s, "t", "t_p_code_fkey"));
  apply_all(s, "ALTER TABLE p DROP COLUMN code CASCADE;\n");
  CHECK_FALSE(constraint(s, "t", "t_p_code_fkey"));
  CHECK_FALSE(has_index(s, "p_code_key"));
}

TEST_CASE("tracking: a dropped CHECK no longer proves anything, nor does one on a dropped column") {
  Schema s = applied(
      "ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL);\n"
      "ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY (id);\n");
  REQUIRE(has_index(s, "users_pkey"));
  apply_all(s, "ALTER TABLE users DROP CONSTRAINT users_email_nn, DROP CONSTRAINT users_pkey;\n");
  CHECK(s.find_table({"", "users"})->constraints.empty());
  CHECK_FALSE(has_index(s, "users_pkey"));

  // The placeholder does not know the column, but the CHECK's expression names it.
  apply_all(s, "ALTER TABLE users ADD CONSTRAINT users_name_nn CHECK (name IS NOT NULL);\n"
               "ALTER TABLE users DROP COLUMN name;\n");
  CHECK_FALSE(constraint(s, "users", "users_name_nn"));
}

TEST_CASE("tracking: DROP TABLE and DROP INDEX remove them") {
  Schema s = applied(
      "CREATE TABLE p (id bigint PRIMARY KEY);\n"
      "CREATE TABLE t (id bigint, p_id bigint REFERENCES p);\n"
      "CREATE INDEX t_p_id_idx ON t (p_id);\n"
      "CREATE INDEX t_id_idx ON t (id);\n");
  apply_all(s, "DROP INDEX CONCURRENTLY IF EXISTS t_id_idx;\n");
  CHECK_FALSE(has_index(s, "t_id_idx"));
  CHECK(has_index(s, "t_p_id_idx"));
  apply_all(s, "DROP INDEX p_pkey;\n");  // fails in PostgreSQL: the constraint needs it
  CHECK(has_index(s, "p_pkey"));

  apply_all(s, "DROP TABLE t;\n");
  CHECK_FALSE(s.find_table({"", "t"}));
  CHECK_FALSE(has_index(s, "t_p_id_idx"));
  CHECK(s.find_table({"", "p"}));

  apply_all(s, "CREATE TABLE c (p_id bigint REFERENCES p);\nDROP TABLE p CASCADE;\n");
  CHECK_FALSE(s.find_table({"", "p"}));
  CHECK_FALSE(has_index(s, "p_pkey"));
  CHECK(s.find_table({"", "c"})->constraints.empty());
}

TEST_CASE("tracking: RENAME of a table moves its indexes and the foreign keys pointing at it") {
  Schema s = applied(
      "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n"
      "CREATE INDEX users_email_idx ON users (email);\n"
      "CREATE TABLE orders (id bigint, user_id bigint REFERENCES users (id));\n");
  apply_all(s, "ALTER TABLE users RENAME TO customers;\n");
  CHECK_FALSE(s.find_table({"", "users"}));
  const Table* customers = s.find_table({"", "customers"});
  REQUIRE(customers);
  CHECK(customers->find_column("email"));
  CHECK(s.find_index({"", "users_email_idx"})->table.name == "customers");
  CHECK(constraint(s, "orders", "orders_user_id_fkey")->references->table.name == "customers");
}

TEST_CASE("tracking: RENAME COLUMN follows into constraints, CHECK text, indexes and foreign keys") {
  Schema s = applied(
      "CREATE TABLE users (id bigint PRIMARY KEY, mail text, CONSTRAINT users_mail_nn CHECK (mail IS NOT NULL));\n"
      "CREATE INDEX users_mail_idx ON users (mail) INCLUDE (id);\n"
      "CREATE TABLE orders (user_id bigint REFERENCES users (id));\n");
  apply_all(s, "ALTER TABLE users RENAME COLUMN mail TO email;\nALTER TABLE users RENAME COLUMN id TO user_id;\n");
  const Table* users = s.find_table({"", "users"});
  CHECK(users->find_column("email"));
  CHECK_FALSE(users->find_column("mail"));
  CHECK(constraint(s, "users", "users_mail_nn")->check_sql == "email IS NOT NULL");
  CHECK(s.find_index({"", "users_mail_idx"})->elements.front().column == "email");
  CHECK(s.find_index({"", "users_mail_idx"})->include == std::vector<std::string>{"user_id"});
  CHECK(constraint(s, "users", "users_pkey")->columns == std::vector<std::string>{"user_id"});
  CHECK(constraint(s, "orders", "orders_user_id_fkey")->references->columns == std::vector<std::string>{"user_id"});
}

TEST_CASE("tracking: RENAME of an index or constraint renames its partner") {
  Schema s = applied("CREATE TABLE users (id bigint, email text UNIQUE);\nCREATE INDEX users_id_idx ON users (id);\n");
  apply_all(s, "ALTER INDEX users_id_idx RENAME TO users_id_lookup;\n");
  CHECK_FALSE(has_index(s, "users_id_idx"));
  CHECK(has_index(s, "users_id_lookup"));

  apply_all(s, "ALTER TABLE users RENAME CONSTRAINT users_email_key TO users_email_unique;\n");
  REQUIRE(constraint(s, "users", "users_email_unique"));
  CHECK(constraint(s, "users", "users_email_unique")->index_name == "users_email_unique");
  CHECK(has_index(s, "users_email_unique"));
  CHECK_FALSE(has_index(s, "users_email_key"));

  apply_all(s, "ALTER INDEX users_email_unique RENAME TO users_email_key;\n");
  CHECK(constraint(s, "users", "users_email_key"));
  CHECK(has_index(s, "users_email_key"));
}

TEST_CASE("tracking: load_schema_sql still reads a dump, warning about changes instead of following them") {
  core::Diagnostics diags;
  const auto schema = load_schema_sql(
      "CREATE TABLE t (a varchar(10), b int);\n"
      "ALTER TABLE t ALTER COLUMN a TYPE text;\n"
      "ALTER TABLE t DROP COLUMN b;\n"
      "ALTER TABLE t RENAME TO u;\n"
      "ALTER TABLE missing ADD CONSTRAINT c CHECK (x > 0);\n",
      "schema.sql", diags);
  REQUIRE(schema);
  const Table* t = schema->find_table({"", "t"});
  REQUIRE(t);
  CHECK(t->find_column("a")->type.sql() == "varchar(10)");
  CHECK(t->find_column("b"));
  CHECK_FALSE(schema->find_table({"", "u"}));
  CHECK_FALSE(schema->find_table({"", "missing"}));
  const auto count = [&](const std::string& code) {
    const auto& items = diags.items();
    return std::count_if(items.begin(), items.end(), [&](const core::Diagnostic& d) { return d.code == code; });
  };
  CHECK(count("unsupported-statement") == 3);
  CHECK(count("unknown-table") == 1);
}
