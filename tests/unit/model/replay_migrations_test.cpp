// model::replay_migrations: a folder of migrations, in apply order, into the schema model
// (the `schema:` folder source; cli/schema_source.cpp chooses the files and their order).
#include <catch2/catch.hpp>

#include "model/sql_schema_loader.hpp"

using namespace schemashift;

TEST_CASE("replaying migrations follows renames, type changes and drops across files", "[model]") {
  core::Diagnostics diags;
  const std::vector<model::MigrationScript> files = {
      {"m/0001_contact.sql",
       "CREATE TABLE contact (id bigint PRIMARY KEY, email text, age smallint, legacy text);\n"
       "CREATE INDEX contact_email_idx ON contact (email);\n"},
      {"m/0002_rename.sql",
       "ALTER TABLE contact RENAME TO contacts;\n"
       "ALTER TABLE contacts ALTER COLUMN age TYPE integer;\n"
       "ALTER TABLE contacts DROP COLUMN legacy;\n"
       "ALTER TABLE contacts ADD CONSTRAINT contacts_age_check CHECK (age >= 0) NOT VALID;\n"},
      {"m/0003_validate.sql", "ALTER TABLE contacts VALIDATE CONSTRAINT contacts_age_check;\n"},
  };
  const auto schema = model::replay_migrations(files, diags);
  REQUIRE(schema);
  CHECK_FALSE(diags.has_errors());
  CHECK_FALSE(schema->find_table({"", "contact"}));
  const model::Table* t = schema->find_table({"", "contacts"});
  REQUIRE(t);
  REQUIRE(t->columns.size() == 3);
  CHECK(t->find_column("age")->type.sql() == "integer");
  CHECK_FALSE(t->find_column("legacy"));
  REQUIRE(t->find_constraint("contacts_age_check"));
  CHECK(t->find_constraint("contacts_age_check")->validated);
  const model::Index* index = schema->find_index({"", "contact_email_idx"});
  REQUIRE(index);
  CHECK(index->table.name == "contacts");
}

TEST_CASE("a migration that does not parse is an error at its own file:line:col", "[model]") {
  core::Diagnostics diags;
  const std::vector<model::MigrationScript> files = {
      {"m/0001_users.sql", "CREATE TABLE users (id bigint);\n"},
      {"m/0002_users_name.sql", "-- second\nALTER TABLE users\n  ADD COLUMN name text,,\n"},
  };
  CHECK_FALSE(model::replay_migrations(files, diags));
  REQUIRE(diags.error_count() == 1);
  const auto& d = diags.items().front();
  CHECK(d.code == "sql-syntax");
  CHECK(d.where.file == "m/0002_users_name.sql");
  CHECK(d.where.line == 3);
  CHECK(d.where.column == 24);  // the second comma
}

TEST_CASE("replaying no files gives an empty schema", "[model]") {
  core::Diagnostics diags;
  const auto schema = model::replay_migrations({}, diags);
  REQUIRE(schema);
  CHECK(schema->tables.empty());
}
