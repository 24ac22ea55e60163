// Errors found against the schema point at the exact value the user typed (the `name:`
// of a duplicate column, the misspelled item of a column list, the `table:` inside
// `references:`), and column types must name a type that exists.
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "ops_test_support.hpp"

using namespace schemashift;

namespace {

// Line and column, in the whole spec ops_test::run builds (7 header lines before the
// operations), of the first (or last) occurrence of `token` in the operations YAML.
std::pair<int, int> at(const std::string& ops_yaml, const std::string& token, bool last = false) {
  const auto offset = last ? ops_yaml.rfind(token) : ops_yaml.find(token);
  REQUIRE(offset != std::string::npos);
  int line = 8;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (ops_yaml[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, static_cast<int>(offset - line_start) + 1};
}

std::pair<int, int> where(const core::Diagnostic* d) {
  REQUIRE(d);
  return {d->where.line, d->where.column};
}

// Exactly one error with `code`, at `token`; returns it for further checks.
const core::Diagnostic* one_error_at(const ops_test::Change& c, const std::string& ops_yaml,
                                     const std::string& code, const std::string& token) {
  INFO(c.report());
  CHECK_FALSE(c.applied);
  CHECK(c.diags.error_count() == 1);
  const core::Diagnostic* d = c.first(code);
  REQUIRE(d);
  CHECK(where(d) == at(ops_yaml, token));
  return d;
}

std::string add_column_of_type(const std::string& name, const std::string& type) {
  return "  - add_column:\n      table: users\n      column:\n        name: " + name + "\n        type: " + type + "\n";
}

}  // namespace

// ---- column types --------------------------------------------------------------------

TEST_CASE("a misspelled column type is invalid-type at the type, with a did-you-mean hint", "[ops][types]") {
  const std::string yaml = "  - add_column:\n      table: users\n      column: {name: nick, type: varchr(20)}\n";
  auto c = ops_test::run(yaml);
  const core::Diagnostic* d = one_error_at(*c, yaml, "invalid-type", "varchr(20)");
  CHECK(d->message.find("varchr") != std::string::npos);
  CHECK(d->hint == "did you mean 'varchar(20)'?");
}

TEST_CASE("an unknown type far from any known one lists examples instead", "[ops][types]") {
  const std::string yaml = add_column_of_type("x", "frobnicator");
  auto c = ops_test::run(yaml);
  const core::Diagnostic* d = one_error_at(*c, yaml, "invalid-type", "frobnicator");
  CHECK(d->hint.find("examples:") != std::string::npos);
  CHECK(d->hint.find("public.frobnicator") != std::string::npos);
}

TEST_CASE("built-in types, their aliases, arrays and citext are accepted", "[ops][types]") {
  const std::vector<std::string> types = {
      "int", "integer", "int2", "int4", "int8", "smallint", "bigint", "serial", "bigserial", "smallserial",
      "serial8", "numeric", "numeric(12,2)", "decimal(5,1)", "real", "float", "float4", "float8",
      "double precision", "money", "text", "varchar", "varchar(10)", "character varying(10)", "char",
      "char(3)", "character(3)", "bpchar", "name", "'\"char\"'", "bytea", "boolean", "bool", "date", "time",
      "time(3)", "timetz", "time with time zone", "timestamp", "timestamp(3)", "timestamptz",
      "timestamp with time zone", "timestamp without time zone", "interval", "interval day to second", "uuid",
      "json", "jsonb", "jsonpath", "xml", "inet", "cidr", "macaddr", "macaddr8", "bit(8)", "varbit",
      "bit varying(8)", "tsvector", "tsquery", "point", "line", "lseg", "box", "path", "polygon", "circle",
      "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange", "int4multirange",
      "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange", "datemultirange", "oid",
      "regclass", "regtype", "pg_lsn", "txid_snapshot", "pg_snapshot", "citext", "xid8", "text[]",
      "integer[][]", "varchar(20)[]", "pg_catalog.int4", "INTEGER", "Text",
  };
  std::string yaml;
  for (std::size_t i = 0; i < types.size(); ++i) yaml += add_column_of_type("c" + std::to_string(i), types[i]);
  auto c = ops_test::run(yaml);
  INFO(c->report());
  CHECK(c->ops.size() == types.size());
  CHECK_FALSE(c->has_error("invalid-type"));
  CHECK(c->applied);
}

TEST_CASE("types of the schema, row types, extension types and qualified names are accepted", "[ops][types]") {
  const std::string schema = std::string(ops_test::kSchemaSql) +
                             "CREATE TYPE mood AS ENUM ('happy', 'sad');\n"
                             "CREATE DOMAIN postal_code AS text CHECK (VALUE ~ '^[0-9]{5}$');\n"
                             "CREATE TYPE public.money_range AS RANGE (subtype = numeric);\n"
                             "CREATE TYPE billing.currency AS ENUM ('eur', 'usd');\n"
                             "CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;\n";
  const std::string yaml = add_column_of_type("a", "mood") + add_column_of_type("b", "mood[]") +
                           add_column_of_type("c", "public.mood") + add_column_of_type("d", "postal_code") +
                           add_column_of_type("e", "money_range") + add_column_of_type("f", "billing.currency") +
                           add_column_of_type("g", "archive") + add_column_of_type("h", "geometry") +
                           add_column_of_type("i", "elsewhere.anything");
  auto c = ops_test::run(yaml, "", schema);
  INFO(c->report());
  CHECK_FALSE(c->has_error("invalid-type"));
  CHECK(c->applied);

  SECTION("a near miss of a schema type suggests it") {
    const std::string typo = add_column_of_type("a", "mod");
    auto t = ops_test::run(typo, "", schema);
    const core::Diagnostic* d = one_error_at(*t, typo, "invalid-type", "mod\n");
    CHECK(d->hint == "did you mean 'mood'?");
  }
  SECTION("a type of another schema must be written qualified") {
    const std::string bare = add_column_of_type("a", "currency");
    auto t = ops_test::run(bare, "", schema);
    one_error_at(*t, bare, "invalid-type", "currency");
  }
}

TEST_CASE("an extension's types need the extension in the schema", "[ops][types]") {
  const std::string yaml = add_column_of_type("area", "geometry");
  auto c = ops_test::run(yaml);
  one_error_at(*c, yaml, "invalid-type", "geometry");
}

TEST_CASE("create_table and change_column_type check their types too", "[ops][types]") {
  SECTION("create_table reports every unknown column type") {
    const std::string yaml =
        "  - create_table:\n      table: tags\n      columns:\n"
        "        - {name: id, type: bigint, primary_key: true}\n"
        "        - {name: label, type: textt}\n"
        "        - {name: weight, type: numerc}\n";
    auto c = ops_test::run(yaml);
    INFO(c->report());
    CHECK_FALSE(c->applied);
    REQUIRE(c->diags.error_count() == 2);
    CHECK(where(&c->diags.items()[0]) == at(yaml, "textt"));
    CHECK(c->diags.items()[0].hint == "did you mean 'text'?");
    CHECK(where(&c->diags.items()[1]) == at(yaml, "numerc"));
    CHECK(c->diags.items()[1].hint == "did you mean 'numeric'?");
  }
  SECTION("change_column_type") {
    const std::string yaml = "  - change_column_type:\n      table: users\n      column: age\n      type: bigitn\n";
    auto c = ops_test::run(yaml);
    const core::Diagnostic* d = one_error_at(*c, yaml, "invalid-type", "bigitn");
    CHECK(d->hint == "did you mean 'bigint'?");
  }
  SECTION("a type problem and a table problem are both reported") {
    const std::string yaml = "  - add_column:\n      table: userz\n      column: {name: a, type: textt}\n";
    auto c = ops_test::run(yaml);
    INFO(c->report());
    CHECK(c->diags.error_count() == 2);
    CHECK(where(c->first("invalid-type")) == at(yaml, "textt"));
    CHECK(where(c->first("unknown-table")) == at(yaml, "userz"));
  }
}

// ---- duplicate columns -------------------------------------------------------------------

TEST_CASE("duplicate-column points at the column's name", "[ops][locations]") {
  SECTION("add_column, name not the first key") {
    const std::string yaml =
        "  - add_column:\n      table: users\n      column:\n        type: varchar(32)\n"
        "        comment: E.164\n        name: phone\n";
    auto c = ops_test::run(yaml);
    one_error_at(*c, yaml, "duplicate-column", "phone");
  }
  SECTION("create_table, the second definition") {
    const std::string yaml =
        "  - create_table:\n      table: tags\n      columns:\n"
        "        - {name: id, type: bigint, primary_key: true}\n"
        "        - {type: text, name: label}\n"
        "        - {type: text, name: label2}\n"
        "        - {type: varchar(5), name: label}\n";
    auto c = ops_test::run(yaml);
    INFO(c->report());
    CHECK(c->diags.error_count() == 1);
    // the second `label`, on the last line
    CHECK(where(c->first("duplicate-column")) == at(yaml, "label", true));
    CHECK(c->first("duplicate-column")->where.line == 14);
  }
}

// ---- references -----------------------------------------------------------------------------

TEST_CASE("errors inside references: point at the offending value", "[ops][locations]") {
  SECTION("unknown table in a column's references") {
    const std::string yaml =
        "  - add_column:\n      table: orders\n      column:\n        name: invoice_ref\n        type: bigint\n"
        "        references:\n          on_delete: set_null\n          column: id\n          table: invoicez\n";
    auto c = ops_test::run(yaml);
    const core::Diagnostic* d = one_error_at(*c, yaml, "unknown-table", "invoicez");
    CHECK(d->hint == "did you mean 'invoices'?");
  }
  SECTION("unknown column in a column's references") {
    const std::string yaml =
        "  - add_column:\n      table: orders\n      column:\n        name: invoice_ref\n        type: bigint\n"
        "        references: {on_delete: cascade, column: ident, table: invoices}\n";
    auto c = ops_test::run(yaml);
    one_error_at(*c, yaml, "unknown-column", "ident");
  }
  SECTION("add_foreign_key: unknown referenced table and column") {
    const std::string yaml =
        "  - add_foreign_key:\n      table: orders\n      columns: [customer_id]\n"
        "      references:\n        columns: [id]\n        table: customerz\n      on_delete: restrict\n";
    auto c = ops_test::run(yaml);
    one_error_at(*c, yaml, "unknown-table", "customerz");

    const std::string yaml2 =
        "  - add_foreign_key:\n      table: orders\n      columns: [customer_id, total]\n"
        "      references:\n        table: customers\n        columns: [id, nme]\n      on_delete: restrict\n";
    auto c2 = ops_test::run(yaml2);
    one_error_at(*c2, yaml2, "unknown-column", "nme");
  }
  SECTION("create_table constraint: unknown referenced table") {
    const std::string yaml =
        "  - create_table:\n      table: payments\n      columns:\n"
        "        - {name: id, type: bigint, primary_key: true}\n"
        "        - {name: order_id, type: bigint}\n"
        "      constraints:\n"
        "        - type: foreign_key\n          columns: [order_id]\n          on_delete: cascade\n"
        "          references: {columns: [id], table: orderz}\n";
    auto c = ops_test::run(yaml);
    one_error_at(*c, yaml, "unknown-table", "orderz");
  }
}

// ---- column lists --------------------------------------------------------------------------

TEST_CASE("an unknown column in a column list points at the item", "[ops][locations]") {
  SECTION("add_index, block list") {
    const std::string yaml = "  - add_index:\n      table: orders\n      columns:\n        - total\n        - custmer_id\n";
    auto c = ops_test::run(yaml);
    const core::Diagnostic* d = one_error_at(*c, yaml, "unknown-column", "custmer_id");
    CHECK(d->hint == "did you mean 'customer_id'?");
  }
  SECTION("add_index, flow list, element map and include") {
    const std::string yaml =
        "  - add_index:\n      table: orders\n      columns: [total, {column: notte, order: desc}]\n"
        "      include: [customer_id, totl]\n";
    auto c = ops_test::run(yaml);
    INFO(c->report());
    REQUIRE(c->diags.error_count() == 2);
    CHECK(where(&c->diags.items()[0]) == at(yaml, "notte"));
    CHECK(where(&c->diags.items()[1]) == at(yaml, "totl"));
  }
  SECTION("add_unique") {
    const std::string yaml = "  - add_unique:\n      table: users\n      columns: [email, nam]\n";
    auto c = ops_test::run(yaml);
    one_error_at(*c, yaml, "unknown-column", "nam]");
  }
  SECTION("add_foreign_key local columns") {
    const std::string yaml =
        "  - add_foreign_key:\n      table: orders\n      columns:\n        - customr_id\n"
        "      references: {table: customers, columns: [id]}\n      on_delete: restrict\n";
    auto c = ops_test::run(yaml);
    one_error_at(*c, yaml, "unknown-column", "customr_id");
  }
  SECTION("create_table primary_key and constraint columns") {
    const std::string yaml =
        "  - create_table:\n      table: tags\n      columns:\n"
        "        - {name: id, type: bigint}\n"
        "        - {name: label, type: text}\n"
        "      primary_key: [id, lable]\n"
        "      constraints:\n"
        "        - {type: unique, columns: [label, idd]}\n";
    auto c = ops_test::run(yaml);
    INFO(c->report());
    REQUIRE(c->diags.error_count() == 2);
    CHECK(where(&c->diags.items()[0]) == at(yaml, "lable"));
    CHECK(where(&c->diags.items()[1]) == at(yaml, "idd"));
  }
}

// ---- table suggestions -------------------------------------------------------------------------

TEST_CASE("unknown-table suggests near names, qualified or not", "[ops][locations]") {
  const std::string schema =
      "CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric);\n"
      "CREATE TABLE billing.invoices (id bigint PRIMARY KEY);\n";
  const auto hint_for = [&](const std::string& table) {
    const std::string yaml = "  - add_column:\n      table: " + table + "\n      column: {name: a, type: text}\n";
    auto c = ops_test::run(yaml, "", schema);
    INFO(c->report());
    const core::Diagnostic* d = c->first("unknown-table");
    REQUIRE(d);
    CHECK(where(d) == at(yaml, table));
    return d->hint;
  };
  CHECK(hint_for("ordres") == "did you mean 'orders'?");
  CHECK(hint_for("public.ordres") == "did you mean 'public.orders'?");
  CHECK(hint_for("billing.invoces") == "did you mean 'billing.invoices'?");
  CHECK(hint_for("invoces") == "did you mean 'billing.invoices'?");
  CHECK(hint_for("shipments") == "tables known at this point: billing.invoices, public.orders");
}
