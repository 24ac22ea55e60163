// Helpers shared by the ops tests (declared in ops_test_support.hpp), and tests of the
// pieces in ops/support.hpp that every operation relies on.
#include <catch2/catch.hpp>

#include <sstream>

#include "model/sql_schema_loader.hpp"
#include "ops/names.hpp"
#include "ops/recipes.hpp"
#include "ops/sync_trigger.hpp"
#include "ops_test_support.hpp"

using namespace schemashift;

namespace ops_test {

const char* const kSchemaSql = R"SQL(
CREATE TABLE users (
    id bigint NOT NULL,
    email character varying(255) NOT NULL,
    name text,
    age integer,
    nickname character varying(20),
    phone text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id)
);
CREATE INDEX users_age_idx ON users USING btree (age);

CREATE TABLE customers (
    id bigint PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id bigint,
    total numeric(12,2) DEFAULT 0 NOT NULL,
    note text
);
CREATE INDEX orders_customer_id_idx ON orders USING btree (customer_id);

CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE
);

CREATE TABLE audit_log (
    message text
);

CREATE TABLE archive (
    id integer PRIMARY KEY,
    payload text
);
)SQL";

std::vector<ops::Step> Change::steps(std::size_t i) const {
  REQUIRE(i < ops.size());
  ops::Context ctx{*spec, ops[i]->strategy};
  return ops[i]->steps(ctx);
}

std::vector<ops::Check> Change::verify(std::size_t i) const {
  REQUIRE(i < ops.size());
  ops::Context ctx{*spec, ops[i]->strategy};
  return ops[i]->verify(ctx);
}

std::vector<ops::Step> Change::all_steps() const {
  std::vector<ops::Step> out;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    for (auto& s : steps(i)) out.push_back(std::move(s));
  }
  return out;
}

bool Change::has_error(const std::string& code) const {
  const core::Diagnostic* d = first(code);
  return d && d->severity == core::Severity::Error;
}

const core::Diagnostic* Change::first(const std::string& code) const {
  for (const auto& d : diags.items()) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

std::string Change::report() const {
  std::string out;
  for (const auto& d : diags.sorted()) out += core::format_diagnostic(d, false);
  return out.empty() ? "(no diagnostics)" : out;
}

std::unique_ptr<Change> run(const std::string& operations_yaml, const std::string& header_extra,
                            const std::string& schema_sql) {
  auto change = std::make_unique<Change>();
  const std::string text = std::string("issue: 42\n"
                                       "title: Ops unit test\n"
                                       "purpose: exercise one operation\n"
                                       "author: Test <test@example.com>\n"
                                       "created: 2024-01-15T14:30:22Z\n"
                                       "schema: schema.sql\n") +
                           header_extra + "operations:\n" + operations_yaml;
  auto spec = spec::parse_change_spec(text, "changes/42.yaml", change->diags);
  REQUIRE(spec);
  INFO(change->report());
  REQUIRE_FALSE(change->diags.has_errors());
  change->spec = std::make_unique<spec::ChangeSpec>(std::move(*spec));

  auto schema = model::load_schema_sql(schema_sql, "schema.sql", change->diags);
  REQUIRE(schema);
  REQUIRE_FALSE(change->diags.has_errors());
  change->schema = *schema;

  change->ops = ops::decode_operations(*change->spec, change->diags);
  bool ok = !change->diags.has_errors() && change->ops.size() == change->spec->operations.size();
  for (auto& op : change->ops) {
    op->strategy = op->strategy_override.value_or(change->spec->strategy);
    op->pg_version = change->spec->settings.pg_version;
    ok &= op->apply(change->schema, change->diags);
  }
  change->applied = ok && !change->diags.has_errors();
  return change;
}

bool any_contains(const std::vector<schemashift::ops::Statement>& statements, const std::string& needle) {
  for (const auto& s : statements) {
    if (s.sql.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string joined(const std::vector<schemashift::ops::Statement>& statements) {
  std::ostringstream out;
  for (const auto& s : statements) out << s << ";\n";
  return out.str();
}

}  // namespace ops_test

// ---- support.hpp ------------------------------------------------------------------------

TEST_CASE("parse_table_name splits an optional schema", "[ops][support]") {
  CHECK(ops::parse_table_name("users").schema.empty());
  CHECK(ops::parse_table_name("users").name == "users");
  CHECK(ops::parse_table_name(" billing.invoices ").schema == "billing");
  CHECK(ops::parse_table_name(" billing.invoices ").name == "invoices");
  CHECK(ops::display({"billing", "invoices"}) == "billing.invoices");
  CHECK(ops::display({"", "users"}) == "users");
}

TEST_CASE("table_sql and ident quote only what needs quoting", "[ops][support]") {
  CHECK(ops::table_sql({"", "users"}) == "users");
  CHECK(ops::table_sql({"billing", "invoices"}) == "billing.invoices");
  CHECK(ops::ident("Mixed") == "\"Mixed\"");
  CHECK(ops::ident("user") == "\"user\"");  // reserved keyword
  CHECK(ops::idents({"a", "b"}) == "a, b");
}

TEST_CASE("default_name follows PostgreSQL's conventions", "[ops][support]") {
  CHECK(ops::default_name({"", "users"}, {"email"}, "key") == "users_email_key");
  CHECK(ops::default_name({"", "orders"}, {"customer_id"}, "fkey") == "orders_customer_id_fkey");
  CHECK(ops::default_name({"", "users"}, {"a", "b"}, "idx") == "users_a_b_idx");
  CHECK(ops::default_name({"", "users"}, {}, "check") == "users_check");
}

TEST_CASE("check_name_length accepts 63 bytes and rejects 64", "[ops][support]") {
  core::Diagnostics diags;
  CHECK(ops::check_name_length(std::string(63, 'a'), {"f", 1, 1}, diags));
  CHECK_FALSE(diags.has_errors());
  CHECK_FALSE(ops::check_name_length(std::string(64, 'a'), {"f", 2, 3}, diags));
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].code == "name-too-long");
  CHECK(diags.items()[0].where.line == 2);
}

TEST_CASE("not_null_steps is the CHECK NOT VALID -> VALIDATE -> SET NOT NULL recipe", "[ops][support]") {
  const auto steps = ops::not_null_steps({"", "users"}, "phone", ops::Phase::Migrate, 15);
  REQUIRE(steps.size() == 3);
  for (const auto& s : steps) CHECK(s.phase == ops::Phase::Migrate);
  CHECK(steps[0].kind == ops::StepKind::Ddl);
  CHECK(ops_test::any_contains(steps[0].up, "ADD CONSTRAINT users_phone_not_null CHECK (phone IS NOT NULL) NOT VALID"));
  CHECK(ops_test::any_contains(steps[0].down, "DROP CONSTRAINT IF EXISTS users_phone_not_null"));
  CHECK(steps[1].kind == ops::StepKind::Validate);
  CHECK(steps[1].long_running);
  CHECK(ops_test::any_contains(steps[1].up, "VALIDATE CONSTRAINT users_phone_not_null"));
  REQUIRE(steps[2].up.size() == 2);
  CHECK(steps[2].up[0] == "ALTER TABLE users ALTER COLUMN phone SET NOT NULL");
  CHECK(steps[2].up[1] == "ALTER TABLE users DROP CONSTRAINT users_phone_not_null");
  CHECK(ops_test::any_contains(steps[2].down, "DROP NOT NULL"));
}

TEST_CASE("sync_trigger names fit in 63 bytes and drop what it creates", "[ops][support]") {
  const std::string long_col(40, 'c');
  const auto t = ops::sync_trigger({"", "a_rather_long_table_name"}, long_col, long_col + "_new", "NEW.x", "NEW.y");
  CHECK(t.function_name.size() <= 63);
  CHECK(t.trigger_name.size() <= 63);
  REQUIRE(t.create.size() == 2);
  REQUIRE(t.drop.size() == 2);
  CHECK(t.create[1].find("CREATE TRIGGER") == 0);
  CHECK(t.drop[0].find("DROP TRIGGER IF EXISTS") == 0);
  CHECK(t.drop[1].find("DROP FUNCTION IF EXISTS") == 0);
}

TEST_CASE("the test schema loads with the expected tables", "[ops][support]") {
  auto c = ops_test::run("  - drop_not_null:\n      table: users\n      column: email\n");
  INFO(c->report());
  REQUIRE(c->applied);
  for (const char* t : {"users", "customers", "orders", "invoices", "audit_log", "archive"}) {
    CHECK(c->schema.find_table({"", t}));
  }
  CHECK(c->schema.find_index({"", "users_age_idx"}));
}
