#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "../file_tree.hpp"
#include "translate/history_layout.hpp"
#include "translate/translate.hpp"

namespace fs = std::filesystem;
using namespace schemashift;

namespace {

// A migrations folder in a fresh temporary directory.
using Folder = testing::Tree;

const std::map<std::string, std::string> kSqlx = {
    {"20240101000000_users.up.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n"},
    {"20240101000000_users.down.sql", "DROP TABLE users;\n"},
    {"20240102000000_email_index.up.sql", "CREATE INDEX users_email_idx ON users (email);\n"},
    {"20240102000000_email_index.down.sql", "DROP INDEX users_email_idx;\n"},
    {"20240103000000_audit.up.sql",
     "CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"},
    {"20240103000000_audit.down.sql", "DROP FUNCTION audit();\n"},
};

struct Translated {
  translate::Result result;
  core::Diagnostics diags;
  const render::RenderedFile* file(const std::string& path) const {
    for (const auto& f : result.outputs) {
      if (f.path == path) return &f;
    }
    return nullptr;
  }
};

std::unique_ptr<Translated> run(const Folder& f, const std::string& format, bool safe = false) {
  auto out = std::make_unique<Translated>();
  translate::Options o;
  o.import.folder = f.dir.string();
  o.import.out = "";
  o.format = format;
  o.safe = safe;
  out->result = translate::translate_folder(o, out->diags);
  return out;
}

}  // namespace

TEST_CASE("translate: each format's history folder is the folder its framework reads") {
  using translate::history_path;
  CHECK(history_path("flyway", "flyway/V20240101000000__x.sql", 3) == "V20240101000000__x.sql");
  CHECK(history_path("alembic", "alembic/versions/20240101000000_x.py", 3) == "20240101000000_x.py");
  CHECK(history_path("rails", "rails/db/migrate/20240101000000_x.rb", 3) == "20240101000000_x.rb");
  CHECK(history_path("sqlx", "sqlx/migrations/20240101000000_x.up.sql", 3) == "20240101000000_x.up.sql");
  CHECK(history_path("liquibase", "liquibase/changelog.xml", 3) == "issue-3.xml");
  CHECK(history_path("sql", "sql/20240101000000_x.up.sql", 3) == "issue-3/sql/20240101000000_x.up.sql");
  CHECK(history_path("sql", "verify.sql", 3) == "issue-3/verify.sql");
  CHECK_THROWS(history_path("readme", "README.md", 3));
}

TEST_CASE("translate: an Alembic history is one down_revision chain across the changes") {
  Folder f(kSqlx);
  auto t = run(f, "alembic");
  REQUIRE_FALSE(t->diags.has_errors());
  REQUIRE(t->result.changes.size() == 3);
  REQUIRE(t->result.outputs.size() == 3);
  const auto& first = t->result.outputs[0];
  const auto& second = t->result.outputs[1];
  const auto& third = t->result.outputs[2];
  CHECK(first.path == "20240101000000_issue_1_expand_create_users.py");
  CHECK(first.content.find("down_revision = None") != std::string::npos);
  CHECK(second.content.find("down_revision = \"20240101000000\"") != std::string::npos);
  CHECK(third.content.find("down_revision = \"20240102000000\"") != std::string::npos);
  // Faithful: the plain CREATE INDEX stays what it was.
  CHECK(second.content.find("CONCURRENTLY") == std::string::npos);
  CHECK(second.content.find("postgresql_concurrently") == std::string::npos);
}

TEST_CASE("translate: a Liquibase history is a master changelog including each change in order") {
  Folder f(kSqlx);
  auto t = run(f, "liquibase");
  REQUIRE_FALSE(t->diags.has_errors());
  const auto* master = t->file("changelog.xml");
  REQUIRE(master);
  const auto a = master->content.find("<include file=\"issue-1.xml\" relativeToChangelogFile=\"true\"/>");
  const auto b = master->content.find("<include file=\"issue-2.xml\"");
  const auto c = master->content.find("<include file=\"issue-3.xml\"");
  CHECK(a != std::string::npos);
  CHECK(a < b);
  CHECK(b < c);
  REQUIRE(t->file("issue-2.xml"));
  CHECK(t->file("issue-2.xml")->content.find("<createIndex") != std::string::npos);
}

TEST_CASE("translate: sql keeps scaffold's issue-N folders, which `run` reads") {
  Folder f(kSqlx);
  auto t = run(f, "sql");
  REQUIRE_FALSE(t->diags.has_errors());
  CHECK(t->file("issue-1/sql/20240101000000_issue_1_expand_create_users.up.sql"));
  CHECK(t->file("issue-1/sql/manifest.json"));
  CHECK(t->file("issue-1/verify.sql"));
  CHECK(t->file("issue-3/sql/manifest.json"));
}

TEST_CASE("translate --safe: native operations are re-planned, raw SQL stays, and the report says why") {
  Folder f(kSqlx);
  auto t = run(f, "flyway", true);
  REQUIRE_FALSE(t->diags.has_errors());
  REQUIRE(t->result.changes.size() == 3);
  const auto& index = t->result.changes[1];
  CHECK(index.strategy == "online");
  REQUIRE_FALSE(index.changes.empty());
  CHECK(index.changes[0].find("CREATE INDEX IF NOT EXISTS users_email_idx") != std::string::npos);
  CHECK(index.changes[0].find("CREATE INDEX CONCURRENTLY") != std::string::npos);
  CHECK(index.changes[0].find("outside a transaction") != std::string::npos);
  // The audit function is raw SQL only: nothing to re-plan, it stays faithful.
  const auto& audit = t->result.changes[2];
  CHECK(audit.strategy == "offline");
  CHECK(audit.kept_faithful.find("nothing to re-plan") != std::string::npos);
  // Versions never collide: a re-planned change with more migrations pushes the next one on.
  std::map<std::string, int> versions;
  for (const auto& o : t->result.outputs) {
    if (o.path.rfind("V", 0) == 0 && o.path.find(".conf") == std::string::npos) versions[o.path.substr(1, 14)]++;
  }
  for (const auto& v : versions) CHECK(v.second == 1);
  // The kept spec says what changed.
  bool found = false;
  for (const auto& s : t->result.specs) {
    if (s.path == index.source.spec) {
      found = true;
      CHECK(s.content.find("strategy: online") != std::string::npos);
      CHECK(s.content.find("# translate --safe re-planned this change") == 0);
    }
  }
  CHECK(found);
}

TEST_CASE("translate: the same folder gives the same bytes") {
  Folder f(kSqlx);
  auto a = run(f, "rails", true);
  auto b = run(f, "rails", true);
  REQUIRE(a->result.outputs.size() == b->result.outputs.size());
  for (std::size_t i = 0; i < a->result.outputs.size(); ++i) {
    CHECK(a->result.outputs[i].path == b->result.outputs[i].path);
    CHECK(a->result.outputs[i].content == b->result.outputs[i].content);
  }
}

TEST_CASE("translate: input errors are reported at file:line:col and nothing is produced") {
  Folder f({{"1_a.up.sql", "CREATE TABLE a (id int);\n"}, {"2_b.up.sql", "CREATE TABLE (;\n"}});
  auto t = run(f, "alembic");
  REQUIRE(t->diags.has_errors());
  CHECK(t->result.outputs.empty());
  bool at_file = false;
  for (const auto& d : t->diags.items()) at_file |= d.where.file.find("2_b.up.sql") != std::string::npos && d.where.line == 1;
  CHECK(at_file);
}

TEST_CASE("translate: an unknown target or variable is a usage error") {
  Folder f(kSqlx);
  CHECK_THROWS(run(f, "readme"));
  translate::Options o;
  o.import.folder = f.dir.string();
  o.format = "flyway";
  o.variables["alembic_down_revision"] = "x";
  core::Diagnostics d;
  CHECK_THROWS(translate::translate_folder(o, d));
}
