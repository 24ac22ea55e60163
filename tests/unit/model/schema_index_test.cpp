// model::SchemaIndex through model::SchemaFollower: following a file keeps the names
// and the waiting foreign keys indexed (read from the schema once, not once per
// statement), with the same results as the plain scans of apply_statement.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "model/sql_schema_loader.hpp"

using namespace schemashift;

namespace {

// Every table's constraint names in key order, "table: name kind columns -> referenced columns".
std::vector<std::string> constraint_summary(const model::Schema& schema) {
  std::vector<std::string> out;
  for (const auto& [key, table] : schema.tables) {
    for (const auto& c : table.constraints) {
      std::string line = key + ": " + c.name + " " + std::to_string(static_cast<int>(c.kind));
      for (const auto& column : c.columns) line += " " + column;
      if (c.references) {
        line += " ->";
        for (const auto& column : c.references->columns) line += " " + column;
      }
      out.push_back(line);
    }
  }
  return out;
}

model::Schema follow(const std::string& script, model::Schema start = {}, std::size_t* builds = nullptr) {
  const sql::Script parsed = sql::parse_script(script);
  REQUIRE_FALSE(parsed.error);
  model::Schema schema = std::move(start);
  {
    model::SchemaFollower follower(schema);
    for (const auto& st : parsed.statements) follower.apply(script, st);
    if (builds) *builds = follower.index().builds();
  }
  return schema;
}

model::Schema apply_one_by_one(const std::string& script) {
  const sql::Script parsed = sql::parse_script(script);
  REQUIRE_FALSE(parsed.error);
  model::Schema schema;
  for (const auto& st : parsed.statements) model::apply_statement(schema, script, st);
  return schema;
}

}  // namespace

TEST_CASE("following N tables reads the schema into the index once", "[model]") {
  std::string script;
  for (int i = 0; i < 200; ++i) {
    script += "CREATE TABLE t" + std::to_string(i) + " (id int PRIMARY KEY, v text" +
              (i > 0 ? ", w int REFERENCES t" + std::to_string(i - 1) : std::string{}) + ");\n";
  }
  std::size_t builds = 0;
  const model::Schema schema = follow(script, {}, &builds);
  CHECK(builds == 1);
  const model::Table* t = schema.find_table({"", "t199"});
  REQUIRE(t);
  REQUIRE(t->find_constraint("t199_pkey"));
  const model::Constraint* fk = t->find_constraint("t199_w_fkey");
  REQUIRE(fk);
  CHECK(fk->references->columns == std::vector<std::string>{"id"});
  CHECK(constraint_summary(schema) == constraint_summary(apply_one_by_one(script)));
}

TEST_CASE("generated names with the index match the plain scan across drops and renames", "[model]") {
  const std::string script =
      "CREATE TABLE a (x int CHECK (x > 0));\n"                 // a_x_check
      "CREATE TABLE b (id int, CONSTRAINT c_pkey CHECK (id > 0));\n"
      "CREATE TABLE c (id int PRIMARY KEY);\n"                  // c_pkey is used by b: c_pkey1
      "ALTER TABLE a ADD CHECK (x > 1);\n"                      // a_x_check1
      "ALTER TABLE a DROP CONSTRAINT a_x_check;\n"
      "ALTER TABLE a ADD CHECK (x > 2);\n"                      // a_x_check is free again
      "ALTER TABLE b RENAME CONSTRAINT c_pkey TO b_id_positive;\n"
      "CREATE TABLE d (id int, CONSTRAINT c_pkey1_x CHECK (id > 0));\n"
      "ALTER TABLE c RENAME TO c2;\n"
      "CREATE TABLE c (id int PRIMARY KEY);\n"                  // c_pkey is free now; c_pkey1 is c2's
      "DROP TABLE d;\n"
      "CREATE TABLE e (id int, CONSTRAINT d_x CHECK (id > 0), x int CHECK (x > 0));\n";
  const model::Schema followed = follow(script);
  CHECK(constraint_summary(followed) == constraint_summary(apply_one_by_one(script)));
  const model::Table* a = followed.find_table({"", "a"});
  REQUIRE(a);
  CHECK(a->find_constraint("a_x_check"));
  CHECK(a->find_constraint("a_x_check1"));
  CHECK(followed.find_table({"", "c2"})->find_constraint("c_pkey1"));
  CHECK(followed.find_table({"", "c"})->find_constraint("c_pkey"));
}

TEST_CASE("a foreign key waiting for its table's primary key is resolved when the key is added", "[model]") {
  const std::string script =
      "CREATE TABLE p (id int);\n"
      "CREATE TABLE c (pid int REFERENCES p);\n"
      "CREATE INDEX c_pid_idx ON c (pid);\n"
      "ALTER TABLE p ADD PRIMARY KEY (id);\n";
  const model::Schema schema = follow(script);
  const model::Constraint* fk = schema.find_table({"", "c"})->find_constraint("c_pid_fkey");
  REQUIRE(fk);
  CHECK(fk->references->columns == std::vector<std::string>{"id"});
  CHECK(constraint_summary(schema) == constraint_summary(apply_one_by_one(script)));
}

TEST_CASE("a follower starting from a loaded schema sees its constraint names", "[model]") {
  core::Diagnostics diags;
  const auto seed = model::load_schema_sql("CREATE TABLE x (id int, CONSTRAINT y_pkey CHECK (id > 0));\n", "s.sql", diags);
  REQUIRE(seed);
  const model::Schema schema = follow("CREATE TABLE y (id int PRIMARY KEY);\n", *seed);
  CHECK(schema.find_table({"", "y"})->find_constraint("y_pkey1"));
}

TEST_CASE("an index kept across files reads the schema once and names as a fresh one does", "[model]") {
  // lint follows a folder file by file with one index: N files must not read the schema
  // N times, and the names it generates must be those of a follower per file.
  std::vector<std::string> files;
  for (int i = 0; i < 50; ++i) {
    files.push_back("CREATE TABLE t" + std::to_string(i) + " (id int PRIMARY KEY" +
                    (i > 0 ? ", w int REFERENCES t" + std::to_string(i - 1) : std::string{}) +
                    ", CONSTRAINT t" + std::to_string(i + 1) + "_pkey CHECK (id > 0));\n");
  }
  files.push_back("ALTER TABLE t3 DROP CONSTRAINT t4_pkey;\nCREATE TABLE t4b (id int, CHECK (id > 0));\n");
  files.push_back("CREATE TABLE t50 (id int PRIMARY KEY);\n");  // t50_pkey is taken by t49's CHECK: t50_pkey1

  model::Schema kept;
  model::SchemaIndex index;
  model::Schema fresh;
  for (const auto& file : files) {
    const sql::Script parsed = sql::parse_script(file);
    REQUIRE_FALSE(parsed.error);
    model::SchemaFollower with_kept(kept, &index);
    for (const auto& st : parsed.statements) with_kept.apply(file, st);
    fresh = follow(file, std::move(fresh));
  }
  CHECK(index.builds() == 2);  // once at the first lookup, once after the DROP CONSTRAINT
  CHECK(constraint_summary(kept) == constraint_summary(fresh));
  CHECK(kept.find_table({"", "t50"})->find_constraint("t50_pkey1"));
}
