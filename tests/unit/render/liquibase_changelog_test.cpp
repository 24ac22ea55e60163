// The Liquibase changelog reader (src/render/liquibase_changelog.cpp): elements as plain
// values with file:line:col, <include> / <includeAll> followed in Liquibase's order, and
// broken input reported at its place while the rest is read.
#include <catch2/catch.hpp>

#include "../liquibase_tree.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/error.hpp"
#include "render/liquibase_changelog.hpp"

using namespace schemashift;
using testing::changelog;
using testing::Tree;
namespace fs = std::filesystem;

TEST_CASE("liquibase reader: changeSets as element trees with positions") {
  Tree t({{"changelog.xml", changelog("  <changeSet id=\"1\" author=\"ann\" runInTransaction=\"false\">\n"
                                      "    <comment>Add users</comment>\n"
                                      "    <sql splitStatements=\"false\">\n"
                                      "CREATE INDEX CONCURRENTLY i ON t (a);\n"
                                      "    </sql>\n"
                                      "    <rollback><![CDATA[DROP INDEX i]]></rollback>\n"
                                      "  </changeSet>\n")}});
  core::Diagnostics diags;
  const auto log = render::read_liquibase_changelog(t.path("changelog.xml"), diags);
  REQUIRE_FALSE(diags.has_errors());
  REQUIRE(log.change_sets.size() == 1);
  const auto& cs = log.change_sets[0].element;
  CHECK(cs.name == "changeSet");
  CHECK(cs.get("id") == "1");
  CHECK(cs.get("runInTransaction") == "false");
  CHECK(cs.where.line == 3);
  CHECK(cs.where.column == 3);
  REQUIRE(cs.children.size() == 3);
  CHECK(cs.child("comment")->text == "Add users");
  const auto& sql = cs.children[1];
  CHECK(sql.get("splitStatements") == "false");
  CHECK(sql.text == "\nCREATE INDEX CONCURRENTLY i ON t (a);\n    ");
  CHECK(sql.text_where.line == 5);
  CHECK(sql.text_where.column == 34);  // just after `<sql splitStatements="false">`
  CHECK(cs.child("rollback")->text == "DROP INDEX i");
}

TEST_CASE("liquibase reader: include and includeAll in Liquibase's order") {
  Tree t({{"db.changelog-master.xml",
           changelog("  <changeSet id=\"first\" author=\"a\"><sql>SELECT 1</sql></changeSet>\n"
                     "  <include file=\"changes/one.xml\" relativeToChangelogFile=\"true\"/>\n"
                     "  <includeAll path=\"all/\"/>\n"
                     "  <changeSet id=\"last\" author=\"a\"><sql>SELECT 4</sql></changeSet>\n")},
          {"changes/one.xml", changelog("<changeSet id=\"one\" author=\"a\"><sql>SELECT 2</sql></changeSet>\n")},
          {"all/b.xml", changelog("<changeSet id=\"b\" author=\"a\"><sql>SELECT 3</sql></changeSet>\n")},
          {"all/a/z.xml", changelog("<changeSet id=\"a/z\" author=\"a\"><sql>SELECT 3</sql></changeSet>\n")},
          {"all/README.txt", "not a changelog"}});
  core::Diagnostics diags;
  const auto log = render::read_liquibase_changelog(t.path("db.changelog-master.xml"), diags);
  REQUIRE_FALSE(diags.has_errors());
  std::vector<std::string> ids;
  for (const auto& cs : log.change_sets) ids.push_back(cs.element.get("id"));
  CHECK(ids == std::vector<std::string>{"first", "one", "a/z", "b", "last"});
  CHECK(log.change_sets[1].file == t.path("changes/one.xml"));
  CHECK(log.files.size() == 4);
}

TEST_CASE("liquibase reader: broken input is reported where it is, the rest is read") {
  Tree t({{"changelog.xml", changelog("  <include file=\"missing.xml\"/>\n"
                                      "  <include file=\"broken.xml\"/>\n"
                                      "  <property name=\"x\" value=\"y\"/>\n"
                                      "  <changeSet id=\"ok\" author=\"a\"><sql>SELECT 1</sql></changeSet>\n")},
          {"broken.xml", "<databaseChangeLog>\n<changeSet id=\"1\" author=\"a\">\n</databaseChangeLog>\n"}});
  core::Diagnostics diags;
  const auto log = render::read_liquibase_changelog(t.path("changelog.xml"), diags);
  REQUIRE(log.change_sets.size() == 1);
  const auto items = diags.sorted();
  REQUIRE(items.size() == 3);
  std::map<std::string, core::SourceLocation> by_code;
  for (const auto& d : items) by_code[d.code + (d.where.file == t.path("broken.xml") ? ":broken" : "")] = d.where;
  CHECK(by_code.count("liquibase-include-missing"));
  CHECK(by_code["liquibase-include-missing"].line == 3);
  CHECK(by_code.count("liquibase-xml:broken"));
  CHECK(by_code.count("liquibase-unsupported"));
  CHECK(by_code["liquibase-unsupported"].line == 5);
  CHECK(by_code["liquibase-unsupported"].column == 3);
  CHECK_THROWS_AS(render::read_liquibase_changelog(t.path("nope.xml"), diags), core::Error);
}
