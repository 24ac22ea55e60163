// Literal values judged with PostgreSQL's input rules (ops/literal_input.hpp): the refusals
// per type family, the values each family must still take, and the error at the value's
// file:line:col. tests/e2e/literals/ checks the same rules against PostgreSQL 15.
#include <catch2/catch.hpp>

#include "ops/literal_input.hpp"
#include "ops_test_support.hpp"
#include "sql/types.hpp"

using namespace schemashift;
using ops::LiteralForm;

namespace {

model::Schema schema_with_mood() {
  model::Schema s;
  s.types.push_back("public.mood");
  s.enum_labels["public.mood"] = {"sad", "ok", "happy"};
  return s;
}

// The problem with `text` (quoted text unless `form` says otherwise) as a `type` value.
std::optional<std::string> problem(const std::string& type, const std::string& text,
                                   LiteralForm form = LiteralForm::Text, int pg_version = 15) {
  const auto t = sql::parse_type(type, nullptr);
  REQUIRE(t);
  return ops::literal_problem(form, text, *t, schema_with_mood(), pg_version);
}

bool takes(const std::string& type, const std::string& text, LiteralForm form = LiteralForm::Text,
           int pg_version = 15) {
  const auto p = problem(type, text, form, pg_version);
  INFO(type << " :: " << text << " -> " << p.value_or("fits"));
  return !p;
}

}  // namespace

TEST_CASE("literal forms: a YAML scalar is a bare number only when PostgreSQL reads one", "[ops][literal]") {
  const auto form = [](const std::string& s, bool quoted = false) {
    core::Node n;
    n.kind = core::Node::Kind::Scalar;
    n.scalar = s;
    n.quoted = quoted;
    return ops::literal_form(n);
  };
  CHECK(form("12") == LiteralForm::Number);
  CHECK(form("-1.5e3") == LiteralForm::Number);
  CHECK(form(".5") == LiteralForm::Number);
  CHECK(form("true") == LiteralForm::Boolean);
  CHECK(form("~") == LiteralForm::Null);
  CHECK(form("12", true) == LiteralForm::Text);
  // Once written bare, 2024-01-01 was the expression 2024 - 01 - 01 = 2022.
  CHECK(form("2024-01-01") == LiteralForm::Text);
  CHECK(form("1.2.3") == LiteralForm::Text);
  CHECK(form("1e") == LiteralForm::Text);
}

TEST_CASE("an unquoted date is written as quoted text, not arithmetic", "[ops][literal]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: users\n      column: {name: since, type: date, default: 2024-01-01}\n"
      "  - add_column:\n      table: users\n      column: {name: since_text, type: text, default: 2024-01-01}\n");
  INFO(c->report());
  REQUIRE(c->applied);
  CHECK(ops_test::any_contains(c->steps(0)[0].up, "since date DEFAULT '2024-01-01'"));
  CHECK(ops_test::any_contains(c->steps(1)[0].up, "since_text text DEFAULT '2024-01-01'"));
}

TEST_CASE("integers: range, rounding of bare numbers, the forms of PostgreSQL 16", "[ops][literal]") {
  CHECK(takes("integer", " -12 "));
  CHECK(takes("integer", "2147483647.4", LiteralForm::Number));
  CHECK(takes("bigint", "-9223372036854775808", LiteralForm::Number));
  CHECK_FALSE(takes("integer", "2147483647.5", LiteralForm::Number));
  CHECK_FALSE(takes("integer", "1e400", LiteralForm::Number));
  CHECK_FALSE(takes("smallint", "40000"));
  CHECK_FALSE(takes("integer", "true", LiteralForm::Boolean));
  CHECK_FALSE(takes("integer", "1_000"));
  CHECK(takes("integer", "1_000", LiteralForm::Text, 16));
  CHECK(takes("integer", "0x1F", LiteralForm::Text, 16));
}

TEST_CASE("numeric: precision and scale after rounding, infinity from 14 on", "[ops][literal]") {
  CHECK(takes("numeric(5,2)", "999.994"));
  CHECK(takes("numeric(5,2)", "NaN"));
  CHECK(takes("numeric(3,5)", "0.001"));
  CHECK(takes("numeric", "Infinity"));
  CHECK(takes("numeric(5,2)", "1e-400", LiteralForm::Number));
  const auto overflow = problem("numeric(5,2)", "999.995");
  REQUIRE(overflow);
  CHECK(overflow->find("numeric field overflow") != std::string::npos);
  CHECK_FALSE(takes("numeric(3,5)", "0.01"));
  // A negative scale rounds to tens: numeric(2,-1) holds 994 (990), not 995 (1000). (Built by
  // hand: the type parser reads numeric(2,-1) as numeric(2,0).)
  model::TypeRef tens;
  tens.name = "numeric";
  tens.modifiers = {2, -1};
  CHECK_FALSE(ops::literal_problem(LiteralForm::Text, "994", tens, model::Schema{}, 15));
  CHECK(ops::literal_problem(LiteralForm::Text, "995", tens, model::Schema{}, 15));
  CHECK_FALSE(takes("numeric(5,2)", "Infinity"));
  CHECK_FALSE(takes("numeric", "Infinity", LiteralForm::Text, 13));
  CHECK_FALSE(takes("numeric", "1.2.3"));
}

TEST_CASE("float: the C library's reading, out of range both ways", "[ops][literal]") {
  CHECK(takes("double precision", "-Infinity"));
  CHECK(takes("double precision", "4.9e-324"));
  CHECK(takes("real", "1e-45"));
  CHECK_FALSE(takes("double precision", "1e400"));
  CHECK_FALSE(takes("double precision", "1e-400"));
  CHECK_FALSE(takes("real", "1e39"));
  CHECK_FALSE(takes("real", "fast"));
}

TEST_CASE("boolean and uuid", "[ops][literal]") {
  CHECK(takes("boolean", " YES "));
  CHECK(takes("boolean", "of"));
  CHECK_FALSE(takes("boolean", "o"));
  CHECK_FALSE(takes("boolean", "1", LiteralForm::Number));
  CHECK(takes("uuid", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}"));
  CHECK(takes("uuid", "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11"));
  CHECK_FALSE(takes("uuid", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
  CHECK_FALSE(takes("uuid", " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
}

TEST_CASE("dates and times: ISO fields in range, special values, the rest left to the server", "[ops][literal]") {
  CHECK(takes("date", "2024-02-29"));
  CHECK(takes("date", "today"));
  CHECK(takes("date", "today UTC"));
  CHECK(takes("date", "January 8, 1999"));
  CHECK(takes("date", "0001-02-29 BC"));
  CHECK(takes("date", "+infinity"));
  CHECK(takes("timestamp", "2024-01-01 24:00:00"));
  CHECK(takes("timestamp", "2024-01-01 23:59:60"));
  CHECK(takes("timestamptz", "2024-01-01 10:00 Nowhere/Land"));
  CHECK(takes("time", "allballs"));
  CHECK(takes("interval", "1 day"));
  CHECK(takes("interval", "infinity", LiteralForm::Text, 17));
  CHECK_FALSE(takes("date", "2023-02-29"));
  CHECK_FALSE(takes("date", "0000-01-01"));
  CHECK_FALSE(takes("date", "soon"));
  CHECK_FALSE(takes("date", "allballs"));
  CHECK_FALSE(takes("date", "+never"));
  CHECK_FALSE(takes("date", "1", LiteralForm::Number));
  CHECK_FALSE(takes("timestamp", "2024-01-01 24:00:01"));
  CHECK_FALSE(takes("timestamptz", "2024-06-31T00:00:00Z"));
  CHECK_FALSE(takes("time", "10:61"));
  CHECK_FALSE(takes("time", "today"));
  CHECK_FALSE(takes("interval", "soon"));
  CHECK_FALSE(takes("interval", "infinity"));
}

TEST_CASE("json and jsonb: PostgreSQL's JSON grammar, jsonb's escapes", "[ops][literal]") {
  CHECK(takes("json", " {\"a\": [1, -0, 2.5e3, true, null, \"x\"]} "));
  CHECK(takes("json", "\"\\u0000\""));
  CHECK(takes("json", "\"\\ud800\""));
  CHECK(takes("jsonb", "\"\\ud83d\\ude00\""));
  CHECK_FALSE(takes("json", "01"));
  CHECK_FALSE(takes("json", "1."));
  CHECK_FALSE(takes("json", "{'a': 1}"));
  CHECK_FALSE(takes("json", "[1,]"));
  CHECK_FALSE(takes("json", "\"tab\there\""));
  CHECK_FALSE(takes("json", "1", LiteralForm::Number));
  CHECK_FALSE(takes("jsonb", "\"\\u0000\""));
  CHECK_FALSE(takes("jsonb", "\"\\ud800\""));
  CHECK_FALSE(takes("jsonb", "\"\\udc00\""));
}

TEST_CASE("strings with a length, bit strings, enums", "[ops][literal]") {
  CHECK(takes("varchar(3)", "abc   "));
  CHECK(takes("varchar(3)", "äöü"));
  CHECK(takes("varchar(3)", "007", LiteralForm::Number));
  CHECK(takes("varchar", "any length"));
  CHECK_FALSE(takes("varchar(3)", "ab c "));
  CHECK_FALSE(takes("varchar(3)", "-123", LiteralForm::Number));
  CHECK_FALSE(takes("varchar(4)", "false", LiteralForm::Boolean));
  CHECK_FALSE(takes("char(3)", "abcd"));
  CHECK(takes("bit(4)", "x5"));
  CHECK(takes("varbit(3)", "1"));
  CHECK_FALSE(takes("bit(3)", "10"));
  CHECK_FALSE(takes("bit(3)", "102"));
  CHECK_FALSE(takes("varbit(3)", "1111"));
  CHECK(takes("mood", "happy"));
  CHECK_FALSE(takes("mood", "Happy"));
  CHECK_FALSE(takes("mood", "1", LiteralForm::Number));
  // Types not judged: left to the server.
  CHECK(takes("money", "lots"));
  CHECK(takes("inet", "not an address"));
}

TEST_CASE("a refused literal is reported at the value, with the reason", "[ops][literal]") {
  const std::string ops =
      "  - add_column:\n      table: users\n      column: {name: born, type: date, default: '2023-02-29'}\n"
      "  - add_column:\n      table: users\n      column: {name: prefs, type: jsonb, default: '{a: 1}'}\n"
      "  - create_table:\n      table: flags\n      columns:\n"
      "        - {name: code, type: varchar(2), default: abc}\n"
      "  - set_default: {table: users, column: nickname, default: '123456789012345678901'}\n";
  auto c = ops_test::run(ops);
  INFO(c->report());
  CHECK_FALSE(c->applied);
  CHECK(c->diags.error_count() == 4);
  std::vector<std::pair<int, int>> at;
  for (const auto& d : c->diags.items()) {
    CHECK(d.code == "literal-not-valid-for-type");
    at.emplace_back(d.where.line, d.where.column);
  }
  // 7 header lines precede the operations (ops_test::run).
  CHECK(at == std::vector<std::pair<int, int>>{{10, 49}, {13, 51}, {17, 51}, {18, 60}});
  const auto* d = c->first("literal-not-valid-for-type");
  REQUIRE(d);
  CHECK(d->message == "'2023-02-29' is not a valid date value: date field out of range (2023-02-29)");
}

TEST_CASE("an enum's labels follow ALTER TYPE ... ADD VALUE / RENAME VALUE", "[ops][literal]") {
  const std::string schema = std::string(ops_test::kSchemaSql) +
                             "CREATE TYPE public.mood AS ENUM ('sad', 'happy');\n"
                             "ALTER TYPE public.mood ADD VALUE 'ecstatic';\n"
                             "ALTER TYPE public.mood RENAME VALUE 'sad' TO 'blue';\n";
  auto ok = ops_test::run("  - add_column:\n      table: users\n      column: {name: m, type: mood, default: ecstatic}\n"
                          "  - add_column:\n      table: users\n      column: {name: n, type: mood, default: blue}\n",
                          "", schema);
  INFO(ok->report());
  CHECK(ok->applied);
  auto bad = ops_test::run("  - add_column:\n      table: users\n      column: {name: m, type: mood, default: sad}\n", "",
                           schema);
  CHECK(bad->has_error("literal-not-valid-for-type"));
}
