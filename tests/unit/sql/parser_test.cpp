#include <catch2/catch.hpp>

#include <vector>

#include "sql/parser.hpp"

using namespace schemashift::sql;

TEST_CASE("parse_script positions statements after comments and blank lines") {
  const std::string sql =
      "-- leading comment\n"
      "/* block /* nested */ comment */\n"
      "CREATE TABLE t (a int);\n"
      "\n"
      "  SELECT 1;";
  const Script script = parse_script(sql);
  REQUIRE_FALSE(script.error);
  REQUIRE(script.statements.size() == 2);

  const Statement& create = script.statements[0];
  CHECK(create.text == "CREATE TABLE t (a int)");
  CHECK(create.line == 3);
  CHECK(create.column == 1);
  CHECK(sql.compare(create.offset, create.text.size(), create.text) == 0);
  CHECK(create.tree.contains("CreateStmt"));

  const Statement& select = script.statements[1];
  CHECK(select.text == "SELECT 1");
  CHECK(select.line == 5);
  CHECK(select.column == 3);
  CHECK(select.tree.contains("SelectStmt"));
}

TEST_CASE("parse_script keeps dollar-quoted function bodies in one statement") {
  const std::string sql =
      "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
      "BEGIN\n"
      "  NEW.updated_at := now(); -- a ; inside the body\n"
      "  RETURN NEW;\n"
      "END;\n"
      "$$;\n"
      "CREATE TABLE t (a int);\n";
  const Script script = parse_script(sql);
  REQUIRE_FALSE(script.error);
  REQUIRE(script.statements.size() == 2);
  CHECK(script.statements[0].tree.contains("CreateFunctionStmt"));
  CHECK(script.statements[0].text.find("RETURN NEW;") != std::string::npos);
  CHECK(script.statements[1].line == 7);
  CHECK(script.statements[1].column == 1);
}

TEST_CASE("parse_script reports a syntax error's line and column") {
  const std::string sql =
      "CREATE TABLE t (a int);\n"
      "\n"
      "CREATE TABLE u (\n"
      "  a int,\n"
      "  b intt x\n"
      ");\n";
  const Script script = parse_script(sql);
  REQUIRE(script.error);
  CHECK(script.statements.empty());
  CHECK(script.error->message.find("syntax error") != std::string::npos);
  CHECK(script.error->message.find("\"x\"") != std::string::npos);
  CHECK(script.error->line == 5);
  CHECK(script.error->column == 10);
}

TEST_CASE("the grammar is libpg_query's PostgreSQL 15: later syntax is a parse error") {
  CHECK(grammar_version() == 15);
  // PostgreSQL 16 accepts a subquery in FROM without an alias, PostgreSQL 18 a named NOT NULL
  // constraint: both are errors of this grammar (what the lint's syntax-error finding explains).
  CHECK(parse_script("SELECT * FROM (SELECT 1);").error);
  CHECK(parse_script("CREATE TABLE t (a int, CONSTRAINT a_nn NOT NULL a);").error);
}

TEST_CASE("parse_script ignores psql meta-commands such as pg_dump's \\restrict") {
  const std::string sql =
      "--\n"
      "-- PostgreSQL database dump\n"
      "--\n"
      "\n"
      "\\restrict abc123\n"
      "\n"
      "SET statement_timeout = 0;\n"
      "CREATE TABLE public.t (a integer);\n"
      "\n"
      "\\unrestrict abc123\n";
  const Script script = parse_script(sql);
  REQUIRE_FALSE(script.error);
  REQUIRE(script.statements.size() == 2);
  CHECK(script.statements[0].line == 7);
  CHECK(script.statements[1].text == "CREATE TABLE public.t (a integer)");
  CHECK(script.statements[1].line == 8);
}

TEST_CASE("parse_statement returns the first tree or an error message") {
  std::string error;
  const auto tree = parse_statement("ALTER TABLE t ADD COLUMN c int", &error);
  REQUIRE(tree);
  CHECK(tree->contains("AlterTableStmt"));

  CHECK_FALSE(parse_statement("ALTER TABLE", &error));
  CHECK(error.find("syntax error") != std::string::npos);

  CHECK_FALSE(parse_statement("  -- only a comment", &error));
  CHECK_FALSE(error.empty());
}

TEST_CASE("offset_to_line_col counts lines and byte columns") {
  int line = 0;
  int column = 0;
  offset_to_line_col("ab\ncd\nef", 4, line, column);
  CHECK(line == 2);
  CHECK(column == 2);
  offset_to_line_col("ab", 100, line, column);
  CHECK(line == 1);
  CHECK(column == 3);
}

TEST_CASE("parse_script ignores a psql meta-command after a query, but not a backslash in a string") {
  const std::string sql =
      "SELECT 'CREATE DATABASE app' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'app')\\gexec\n"
      "SELECT E'a\\\\b', 'c\\d', $$ \\no $$, \"odd\\name\" FROM t; -- \\not a command\n"
      "/* \\neither */ SELECT 1;\n";
  const Script script = parse_script(sql);
  REQUIRE_FALSE(script.error);
  REQUIRE(script.statements.size() == 3);
  CHECK(script.statements[1].line == 2);
  CHECK(script.statements[1].text.find("'c\\d'") != std::string::npos);
  CHECK(script.statements[2].line == 3);
}

TEST_CASE("parse_script refuses bytes that are not UTF-8, at their line and column", "[sql][parser]") {
  // libpg_query takes any bytes; PostgreSQL refuses them, and so does every caller now.
  Script s = parse_script("SELECT 1;\nSELECT 'caf\xe9';\n");
  REQUIRE(s.error);
  CHECK(s.statements.empty());
  CHECK(s.error->line == 2);
  CHECK(s.error->column == 12);
  CHECK(s.error->offset == 21);
  CHECK(s.error->message.rfind("invalid byte sequence for encoding \"UTF8\": 0xE9 (", 0) == 0);
  // A NUL would end the text libpg_query sees: what follows it would go unread.
  s = parse_script(std::string("SELECT 1;\nDROP TABLE users\0;", 28));
  REQUIRE(s.error);
  CHECK(s.error->line == 2);
  CHECK(s.error->column == 17);
  CHECK(s.error->message.find("0x00") != std::string::npos);
  CHECK_FALSE(parse_script("SELECT 'caf\xc3\xa9';").error);
}

TEST_CASE("negative integer constants keep their value (libpg_query 15-4.0 writes them as 0)") {
  const Script s = parse_script("SELECT -5, 0, - 7, 12, '-3', -2147483648;\nALTER TABLE t ADD COLUMN n numeric(5,-2) DEFAULT -1;");
  REQUIRE_FALSE(s.error);
  REQUIRE(s.statements.size() == 2);
  std::vector<long> values;
  for (const auto& target : s.statements[0].tree["SelectStmt"]["targetList"]) {
    const auto& c = target["ResTarget"]["val"]["A_Const"];
    if (c.contains("ival")) values.push_back(c["ival"].value("ival", 0L));
  }
  CHECK(values == std::vector<long>{-5, 0, -7, 12});
  const auto& def = s.statements[1].tree["AlterTableStmt"]["cmds"][0]["AlterTableCmd"]["def"]["ColumnDef"];
  CHECK(def["typeName"]["typmods"][1]["A_Const"]["ival"].value("ival", 0L) == -2);
  CHECK(def["constraints"][0]["Constraint"]["raw_expr"]["A_Const"]["ival"].value("ival", 0L) == -1);
}
