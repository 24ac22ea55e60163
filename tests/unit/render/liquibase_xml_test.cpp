// The liquibase-xml engine (src/render/liquibase_xml.cpp) with the built-in descriptor
// (formats/liquibase.yaml): structure, escaping, native-versus-SQL decisions, and, when
// the Liquibase distribution and xmllint are installed, validation against the 4.28 XSD.
#include <catch2/catch.hpp>

#include <tinyxml2.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/error.hpp"
#include "plan/plan.hpp"
#include "render/backend.hpp"
#include "render/native_resolve.hpp"
#include "render/plan_json.hpp"

using namespace schemashift;
using nlohmann::json;
using tinyxml2::XMLDocument;
using tinyxml2::XMLElement;
namespace fs = std::filesystem;

namespace {

// ------------------------------------------------------------------ context builders

json table_ref(const std::string& name, const std::string& schema = "") {
  return {{"schema", schema}, {"name", name}, {"qualified", schema.empty() ? name : schema + "." + name}};
}

json type(const std::string& name, std::vector<long> mods, const std::string& sql, int array_dims = 0) {
  return {{"sql", sql}, {"name", name}, {"modifiers", mods}, {"array_dims", array_dims}, {"schema", ""}};
}

json column(const std::string& name, json t, bool nullable = true, json def = nullptr) {
  return {{"name", name}, {"type", t},          {"nullable", nullable},
          {"default", def}, {"identity", nullptr}, {"comment", nullptr}};
}

json statement(const std::string& sql, json native = nullptr) { return {{"sql", sql}, {"native", native}}; }

json add_column(const std::string& table, json col, bool if_not_exists = true) {
  return {{"kind", "add_column"}, {"table", table_ref(table)}, {"column", col}, {"if_not_exists", if_not_exists}};
}

json drop_column(const std::string& table, const std::string& col) {
  return {{"kind", "drop_column"}, {"table", table_ref(table)}, {"column", col}, {"if_exists", true}};
}

json set_column_comment(const std::string& table, const std::string& col, json comment) {
  return {{"kind", "set_column_comment"}, {"table", table_ref(table)}, {"column", col}, {"comment", comment}};
}

json create_index(const std::string& table, const std::string& name, bool concurrently, json where = nullptr) {
  return {{"kind", "create_index"},
          {"table", table_ref(table)},
          {"name", name},
          {"unique", false},
          {"concurrently", concurrently},
          {"if_not_exists", true},
          {"method", "btree"},
          {"elements",
           json::array({{{"column", "email"},
                         {"expression", nullptr},
                         {"descending", false},
                         {"opclass", nullptr},
                         {"nulls", nullptr}}})},
          {"has_expressions", false},
          {"include", json::array()},
          {"where", where}};
}

json drop_index(const std::string& table, const std::string& name, bool concurrently) {
  return {{"kind", "drop_index"},        {"index", table_ref(name)}, {"name", name}, {"table", table_ref(table)},
          {"concurrently", concurrently}, {"if_exists", true}};
}

json step(const std::string& title, json ups, json downs, const std::string& down_note = "") {
  return {{"title", title},
          {"why", "Because."},
          {"up_statements", ups},
          {"down_statements", downs},
          {"has_down", !downs.empty()},
          {"down_note", down_note}};
}

json migration(int number, bool transactional, json steps, const std::string& phase = "expand") {
  return {{"number", number},
          {"version", "2024010100000" + std::to_string(number - 1)},
          {"name", "m" + std::to_string(number)},
          {"phase", phase},
          {"phase_description", "additive"},
          {"transactional", transactional},
          {"lock_timeout", "500ms"},
          {"statement_timeout", "30s"},
          {"estimated", "~5 ms"},
          {"verdict", "SAFE_TO_RUN"},
          {"locks_text", "none on existing tables"},
          {"requires_review", phase == "contract"},
          {"steps", steps}};
}

json change(json migrations, const std::string& title = "Demo") {
  return {{"issue", 7},
          {"title", title},
          {"author", "Ann <ann@example.com>"},
          {"generator", "schemashift test"},
          {"spec_file", "changes/7.yaml"},
          {"created_human", "2024-01-01 00:00:00 UTC"},
          {"migration_count", migrations.size()},
          {"migrations", migrations}};
}

// ------------------------------------------------------------------ rendering and reading

std::string render_changelog(const json& ctx) {
  const auto backend = render::load_backend("liquibase", {});
  const auto files = render::render_backend(backend, ctx);
  REQUIRE(files.size() == 1);
  CHECK(files.front().path == "liquibase/changelog.xml");
  return files.front().content;
}

json sample_context(const std::string& file) {
  core::Diagnostics diags;
  auto p = plan::build_plan(std::string(SCHEMASHIFT_SOURCE_DIR) + "/samples/" + file, diags);
  REQUIRE(p);
  return render::plan_to_json(*p);
}

std::vector<std::string> sample_files() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(std::string(SCHEMASHIFT_SOURCE_DIR) + "/samples")) {
    if (e.path().extension() == ".yaml") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A parsed changelog; the test fails when the text is not well-formed XML.
struct Changelog {
  XMLDocument doc;
  explicit Changelog(const std::string& xml) {
    INFO(xml);
    REQUIRE(doc.Parse(xml.c_str()) == tinyxml2::XML_SUCCESS);
    REQUIRE(root() != nullptr);
  }
  const XMLElement* root() const { return doc.FirstChildElement("databaseChangeLog"); }
  std::vector<const XMLElement*> change_sets() const {
    std::vector<const XMLElement*> out;
    for (auto* e = root()->FirstChildElement("changeSet"); e; e = e->NextSiblingElement("changeSet")) out.push_back(e);
    return out;
  }
};

std::vector<const XMLElement*> children(const XMLElement* e, const char* name = nullptr) {
  std::vector<const XMLElement*> out;
  for (auto* c = e->FirstChildElement(name); c; c = c->NextSiblingElement(name)) out.push_back(c);
  return out;
}

std::string text_of(const XMLElement* e) { return e && e->GetText() ? e->GetText() : ""; }

// The <sql> texts directly under e, in order.
std::vector<std::string> sql_texts(const XMLElement* e) {
  std::vector<std::string> out;
  for (auto* s : children(e, "sql")) out.push_back(text_of(s));
  return out;
}

std::size_t count_steps(const json& ctx) {
  std::size_t n = 0;
  for (const auto& m : ctx["migrations"]) n += m["steps"].size();
  return n;
}

// Every XML comment in the document, for the "--" rule.
void collect_comments(const tinyxml2::XMLNode* n, std::vector<std::string>& out) {
  for (auto* c = n->FirstChild(); c; c = c->NextSibling()) {
    if (auto* cm = c->ToComment()) out.push_back(cm->Value());
    collect_comments(c, out);
  }
}

}  // namespace

// ------------------------------------------------------------------ structure on the samples

TEST_CASE("liquibase: every sample is well-formed, one changeSet per step, each with a rollback", "[render][liquibase]") {
  for (const auto& file : sample_files()) {
    INFO(file);
    const json ctx = sample_context(file);
    const std::string xml = render_changelog(ctx);
    Changelog log(xml);
    const auto sets = log.change_sets();
    CHECK(sets.size() == count_steps(ctx));
    std::set<std::string> ids;
    std::size_t k = 0;
    std::vector<std::pair<std::string, std::size_t>> expected_ids;
    for (const auto& m : ctx["migrations"]) {
      std::size_t step_no = 0;
      for (std::size_t s = 0; s < m["steps"].size(); ++s)
        expected_ids.emplace_back(m["version"].get<std::string>(), ++step_no);
    }
    for (const auto* cs : sets) {
      const std::string id = cs->Attribute("id");
      CHECK(ids.insert(id).second);  // unique
      REQUIRE(k < expected_ids.size());
      CHECK(id == "issue-" + std::to_string(ctx["issue"].get<int>()) + "-" + expected_ids[k].first + "-" +
                      std::to_string(expected_ids[k].second));
      ++k;
      CHECK(std::string(cs->Attribute("author")) == ctx["author"].get<std::string>());
      CHECK(children(cs, "rollback").size() == 1);
      const auto comments = children(cs, "comment");
      REQUIRE(comments.size() == 1);
      CHECK(text_of(comments.front()).rfind("Issue #" + std::to_string(ctx["issue"].get<int>()) + ": ", 0) == 0);
      const char* labels = cs->Attribute("labels");
      REQUIRE(labels);
      CHECK(std::string(labels).rfind("issue-" + std::to_string(ctx["issue"].get<int>()) + ",", 0) == 0);
    }
    CHECK(std::string(log.root()->Attribute("logicalFilePath")) ==
          "schemashift/issue-" + std::to_string(ctx["issue"].get<int>()) + "/changelog.xml");
    // The header names the issue and the generator.
    const auto* header = log.doc.FirstChild()->NextSibling()->ToComment();
    REQUIRE(header);
    CHECK(std::string(header->Value()).find("Issue #" + std::to_string(ctx["issue"].get<int>())) != std::string::npos);
    CHECK(std::string(header->Value()).find("Generated by schemashift") != std::string::npos);
  }
}

TEST_CASE("liquibase: the same plan gives the same bytes (stable ids)", "[render][liquibase]") {
  const json ctx = sample_context("105-users-full-name.yaml");
  CHECK(render_changelog(ctx) == render_changelog(ctx));
  CHECK(render_changelog(ctx) == render_changelog(sample_context("105-users-full-name.yaml")));
}

TEST_CASE("liquibase: transactional changeSets set the timeouts first, in their rollback too", "[render][liquibase]") {
  const json ctx = sample_context("101-users-email-verified.yaml");
  Changelog log(render_changelog(ctx));
  std::size_t i = 0, transactional = 0, outside = 0;
  for (const auto& m : ctx["migrations"]) {
    for (std::size_t s = 0; s < m["steps"].size(); ++s, ++i) {
      const XMLElement* cs = log.change_sets().at(i);
      const auto sqls = sql_texts(cs);
      if (m["transactional"].get<bool>()) {
        ++transactional;
        CHECK(cs->Attribute("runInTransaction") == nullptr);
        REQUIRE(sqls.size() >= 2);
        CHECK(sqls[0] == "SET LOCAL lock_timeout = '" + m["lock_timeout"].get<std::string>() + "'");
        CHECK(sqls[1] == "SET LOCAL statement_timeout = '" + m["statement_timeout"].get<std::string>() + "'");
        // Nothing but <comment> and the settings come before them.
        CHECK(std::string(cs->FirstChildElement("comment")->NextSiblingElement()->Name()) == "sql");
        const XMLElement* rb = cs->FirstChildElement("rollback");
        if (rb->FirstChildElement()) CHECK(sql_texts(rb).at(0).rfind("SET LOCAL lock_timeout", 0) == 0);
      } else {
        ++outside;
        CHECK(std::string(cs->Attribute("runInTransaction")) == "false");
        for (const auto& q : sqls) CHECK(q.find("SET LOCAL") == std::string::npos);
      }
    }
  }
  CHECK(transactional > 0);
  CHECK(outside > 0);  // the batched backfill
}

TEST_CASE("liquibase: a DO block is one <sql> that Liquibase neither splits nor strips", "[render][liquibase]") {
  Changelog log(render_changelog(sample_context("101-users-email-verified.yaml")));
  bool found = false;
  for (const auto* cs : log.change_sets()) {
    for (const auto* s : children(cs, "sql")) {
      if (text_of(s).rfind("DO ", 0) != 0) continue;
      found = true;
      CHECK(std::string(s->Attribute("splitStatements")) == "false");
      CHECK(std::string(s->Attribute("stripComments")) == "false");
      CHECK(std::string(cs->Attribute("runInTransaction")) == "false");
    }
  }
  CHECK(found);
}

TEST_CASE("liquibase: CREATE INDEX CONCURRENTLY is <sql> in a non-transactional changeSet", "[render][liquibase]") {
  const json ctx = change(json::array(
      {migration(1, false,
                 json::array({step("Create index users_email_idx",
                                   json::array({statement("CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email)",
                                                          create_index("users", "users_email_idx", true))}),
                                   json::array({statement("DROP INDEX CONCURRENTLY IF EXISTS users_email_idx",
                                                          drop_index("users", "users_email_idx", true))}))})),
       migration(2, true,
                 json::array({step("Create index small_idx",
                                   json::array({statement("CREATE INDEX IF NOT EXISTS small_idx ON users (email)",
                                                          create_index("users", "small_idx", false))}),
                                   json::array({statement("DROP INDEX IF EXISTS small_idx",
                                                          drop_index("users", "small_idx", false))}))}))}));
  Changelog log(render_changelog(ctx));
  const auto sets = log.change_sets();
  REQUIRE(sets.size() == 2);
  CHECK(std::string(sets[0]->Attribute("runInTransaction")) == "false");
  CHECK(sets[0]->FirstChildElement("createIndex") == nullptr);
  const auto up_sql = sql_texts(sets[0]);
  CHECK(std::find(up_sql.begin(), up_sql.end(),
                  "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email)") != up_sql.end());
  const auto down_sql = sql_texts(sets[0]->FirstChildElement("rollback"));
  CHECK(std::find(down_sql.begin(), down_sql.end(), "DROP INDEX CONCURRENTLY IF EXISTS users_email_idx") != down_sql.end());
  // Not concurrent: the native changes, guarded by a precondition.
  const XMLElement* ci = sets[1]->FirstChildElement("createIndex");
  REQUIRE(ci);
  CHECK(std::string(ci->Attribute("indexName")) == "small_idx");
  CHECK(std::string(ci->FirstChildElement("column")->Attribute("name")) == "email");
  CHECK(sets[1]->FirstChildElement("rollback")->FirstChildElement("dropIndex") != nullptr);
  const XMLElement* pre = sets[1]->FirstChildElement("preConditions");
  REQUIRE(pre);
  CHECK(sets[1]->FirstChildElement() == pre);  // preConditions come first (XSD)
  CHECK(std::string(pre->Attribute("onFail")) == "MARK_RAN");
  CHECK(pre->FirstChildElement("not")->FirstChildElement("indexExists") != nullptr);
}

// ------------------------------------------------------------------ escaping

TEST_CASE("liquibase: quotes, ampersands and < in comments, defaults and titles survive", "[render][liquibase]") {
  const std::string tricky_default = "'it''s \"x\" & <y> -- z'";
  const std::string tricky_comment = "Say \"hi\" & <b>it's</b> -- now ]]>";
  const std::string title = "Add \"q\" & <tags> -- x";
  const json col = column("note", type("text", {}, "text"), true, tricky_default);
  const json ctx = change(
      json::array({migration(
          1, true,
          json::array({step(title,
                            json::array({statement("ALTER TABLE users ADD COLUMN IF NOT EXISTS note text DEFAULT " + tricky_default,
                                                   add_column("users", col)),
                                         statement("COMMENT ON COLUMN users.note IS ...",
                                                   set_column_comment("users", "note", tricky_comment))}),
                            json::array({statement("ALTER TABLE users DROP COLUMN IF EXISTS note",
                                                   drop_column("users", "note"))}),
                            "values written to users.note -- since then -- are lost")}))}),
      "A \"title\" & <more> --");
  const std::string xml = render_changelog(ctx);
  Changelog log(xml);
  const XMLElement* cs = log.change_sets().at(0);
  const XMLElement* col_el = cs->FirstChildElement("addColumn")->FirstChildElement("column");
  CHECK(std::string(col_el->Attribute("defaultValueComputed")) == tricky_default);  // raw SQL, not re-quoted
  CHECK(std::string(col_el->Attribute("type")) == "text");
  CHECK(std::string(cs->FirstChildElement("setColumnRemarks")->Attribute("remarks")) == tricky_comment);
  CHECK(text_of(cs->FirstChildElement("comment")) == "Issue #7: " + title + ". Because.");
  // No "--" inside any XML comment (the header has the title, the rollback the down note).
  std::vector<std::string> comments;
  collect_comments(&log.doc, comments);
  REQUIRE(comments.size() >= 3);
  for (const auto& c : comments) {
    CHECK(c.find("--") == std::string::npos);
    CHECK(c.back() != '-');
  }
}

TEST_CASE("liquibase: a value with a line break or tab is <sql>, its text intact", "[render][liquibase]") {
  const std::string sql = "COMMENT ON COLUMN users.note IS 'two\nlines\tand a tab'";
  const json ctx = change(json::array({migration(
      1, true,
      json::array({step("Comment", json::array({statement(sql, set_column_comment("users", "note", "two\nlines\tand a tab"))}),
                        json::array({statement("COMMENT ON COLUMN users.note IS NULL",
                                               set_column_comment("users", "note", nullptr))}))}))}));
  Changelog log(render_changelog(ctx));
  const XMLElement* cs = log.change_sets().at(0);
  CHECK(cs->FirstChildElement("setColumnRemarks") == nullptr);
  const auto sqls = sql_texts(cs);
  CHECK(std::find(sqls.begin(), sqls.end(), sql) != sqls.end());
  // The rollback's NULL comment is native: no remarks attribute (COMMENT ... IS '').
  const XMLElement* remarks = cs->FirstChildElement("rollback")->FirstChildElement("setColumnRemarks");
  REQUIRE(remarks);
  CHECK(remarks->Attribute("remarks") == nullptr);
}

TEST_CASE("liquibase: control characters XML cannot carry are refused", "[render][liquibase]") {
  const json ctx = change(json::array(
      {migration(1, true, json::array({step("Bad", json::array({statement("SELECT '\x01'")}), json::array())}))}));
  CHECK_THROWS_AS(render_changelog(ctx), core::Error);
  // A CR would silently become LF in every XML parser.
  const json cr = change(json::array(
      {migration(1, true, json::array({step("CR", json::array({statement("SELECT 'a\rb'")}), json::array())}))}));
  CHECK_THROWS_AS(render_changelog(cr), core::Error);
}

// ------------------------------------------------------------------ native or SQL

TEST_CASE("liquibase: defaults Liquibase would rewrite stay SQL", "[render][liquibase]") {
  auto ctx_with_default = [](const std::string& def) {
    const json col = column("at", type("timestamptz", {}, "timestamptz"), true, def);
    return change(json::array({migration(
        1, true,
        json::array({step("Add", json::array({statement("ALTER TABLE users ADD COLUMN IF NOT EXISTS at ...", add_column("users", col))}),
                          json::array({statement("ALTER TABLE users DROP COLUMN IF EXISTS at", drop_column("users", "at"))}))}))}));
  };
  for (const std::string def : {"CURRENT_TIMESTAMP", "current_timestamp(3)", "CURRENT_DATETIME"}) {
    INFO(def);
    Changelog log(render_changelog(ctx_with_default(def)));
    const XMLElement* cs = log.change_sets().at(0);
    CHECK(cs->FirstChildElement("addColumn") == nullptr);
    CHECK(cs->FirstChildElement("preConditions") == nullptr);  // the SQL keeps its own guard
  }
  for (const std::string def : {"now()", "(CURRENT_TIMESTAMP + interval '1 day')", "'2024-01-01'"}) {
    INFO(def);
    Changelog log(render_changelog(ctx_with_default(def)));
    const XMLElement* add = log.change_sets().at(0)->FirstChildElement("addColumn");
    REQUIRE(add);
    CHECK(std::string(add->FirstChildElement("column")->Attribute("defaultValueComputed")) == def);
  }
}

TEST_CASE("liquibase: types map through the descriptor; unmapped types are SQL", "[render][liquibase]") {
  const auto rules = render::load_backend("liquibase", {}).native.types;
  CHECK(render::map_type(type("int4", {}, "integer"), rules) == "integer");
  CHECK(render::map_type(type("varchar", {50}, "varchar(50)"), rules) == "varchar(50)");
  CHECK(render::map_type(type("numeric", {3, 2}, "numeric(3,2)"), rules) == "numeric(3,2)");
  CHECK(render::map_type(type("timestamp", {}, "timestamp"), rules) == "timestamp");
  CHECK(render::map_type(type("timestamptz", {}, "timestamptz"), rules) == "timestamptz");
  CHECK(render::map_type(type("uuid", {}, "uuid"), rules) == "uuid");
  CHECK(render::map_type(type("jsonb", {}, "jsonb"), rules) == "jsonb");
  CHECK(render::map_type(type("text", {}, "text[]", 1), rules) == "text[]");
  CHECK(render::map_type(type("int4", {}, "integer[][]", 2), rules) == "integer[][]");
  CHECK(render::map_type(type("float8", {}, "double precision[]", 1), rules) == "float8[]");
  // Liquibase mistranslates these: no mapping.
  CHECK(render::map_type(type("varchar", {50}, "varchar(50)[]", 1), rules).empty());
  CHECK(render::map_type(type("money", {}, "money"), rules).empty());
  CHECK(render::map_type(type("bpchar", {}, "bpchar"), rules).empty());
  CHECK(render::map_type(type("interval", {7176, 3}, "interval day to second(3)"), rules).empty());

  // An array rule without name / modifiers still matches every array (other backends rely on it).
  std::vector<render::TypeRule> generic(2);
  generic[0].name = "varchar";
  generic[0].as = "string($1)";
  generic[1].name = "*";  // as load_backend sets it when `name:` is absent
  generic[1].array = true;
  generic[1].as = "array($element)";
  CHECK(render::map_type(type("varchar", {50}, "varchar(50)[]", 1), generic) == "array(string(50))");

  const json col = column("amount", type("money", {}, "money"));
  const json ctx = change(json::array({migration(
      1, true,
      json::array({step("Add", json::array({statement("ALTER TABLE users ADD COLUMN IF NOT EXISTS amount money", add_column("users", col))}),
                        json::array({statement("ALTER TABLE users DROP COLUMN IF EXISTS amount", drop_column("users", "amount"))}))}))}));
  Changelog log(render_changelog(ctx));
  const XMLElement* cs = log.change_sets().at(0);
  CHECK(cs->FirstChildElement("addColumn") == nullptr);
  const auto sqls = sql_texts(cs);
  CHECK(std::find(sqls.begin(), sqls.end(), "ALTER TABLE users ADD COLUMN IF NOT EXISTS amount money") != sqls.end());
  CHECK(cs->FirstChildElement("rollback")->FirstChildElement("dropColumn") != nullptr);
}

TEST_CASE("liquibase: partial indexes and ALTER TYPE USING stay SQL", "[render][liquibase]") {
  const json using_native = {{"kind", "alter_column_type"},
                             {"table", table_ref("users")},
                             {"column", "age"},
                             {"type", type("int8", {}, "bigint")},
                             {"using", "age::bigint * 2"}};
  const json ctx = change(json::array({migration(
      1, true,
      json::array({step("Partial",
                        json::array({statement("CREATE INDEX IF NOT EXISTS p ON users (email) WHERE email IS NOT NULL",
                                               create_index("users", "p", false, "email IS NOT NULL"))}),
                        json::array({statement("DROP INDEX IF EXISTS p", drop_index("users", "p", false))})),
                   step("Retype", json::array({statement("ALTER TABLE users ALTER COLUMN age TYPE bigint USING age::bigint * 2", using_native)}),
                        json::array())}))}));
  Changelog log(render_changelog(ctx));
  const auto sets = log.change_sets();
  CHECK(sets[0]->FirstChildElement("createIndex") == nullptr);
  CHECK(sets[0]->FirstChildElement("preConditions") == nullptr);
  CHECK(sets[1]->FirstChildElement("modifyDataType") == nullptr);
  // A step without down statements: an empty rollback, said in a comment.
  const XMLElement* rb = sets[1]->FirstChildElement("rollback");
  REQUIRE(rb);
  CHECK(rb->FirstChildElement() == nullptr);
}

TEST_CASE("liquibase: two guarded statements in one step keep their guards as SQL", "[render][liquibase]") {
  const json a = column("a", type("text", {}, "text"));
  const json b = column("b", type("text", {}, "text"));
  const json ctx = change(json::array({migration(
      1, true,
      json::array({step("Add two",
                        json::array({statement("ALTER TABLE users ADD COLUMN IF NOT EXISTS a text", add_column("users", a)),
                                     statement("ALTER TABLE users ADD COLUMN IF NOT EXISTS b text", add_column("users", b))}),
                        json::array({statement("ALTER TABLE users DROP COLUMN IF EXISTS b", drop_column("users", "b")),
                                     statement("ALTER TABLE users DROP COLUMN IF EXISTS a", drop_column("users", "a"))}))}))}));
  Changelog log(render_changelog(ctx));
  const XMLElement* cs = log.change_sets().at(0);
  CHECK(cs->FirstChildElement("preConditions") == nullptr);
  CHECK(cs->FirstChildElement("addColumn") == nullptr);
  // The rollback has no precondition to lose: native.
  CHECK(children(cs->FirstChildElement("rollback"), "dropColumn").size() == 2);
}

TEST_CASE("liquibase: a createTable carries its constraints exactly", "[render][liquibase]") {
  json id = column("id", type("int8", {}, "bigint"), false);
  id["identity"] = "always";
  const json native = {
      {"kind", "create_table"},
      {"table", table_ref("events", "app")},
      {"columns", json::array({id, column("a", type("int4", {}, "integer"), false),
                               column("b", type("int4", {}, "integer"), false, "0")})},
      {"primary_key", {{"name", "events_pkey"}, {"columns", {"b", "a"}}}},  // not table order
      {"uniques", json::array({{{"name", "events_a_key"}, {"columns", {"a"}}}})},
      {"checks", json::array({{{"name", "events_b_check"}, {"columns", {"b"}}, {"expression", "b >= 0"}}})},
      {"foreign_keys", json::array({{{"name", "events_a_fkey"},
                                     {"columns", {"a"}},
                                     {"ref_table", table_ref("users")},
                                     {"ref_columns", {"id"}},
                                     {"on_delete", "set null"},
                                     {"on_update", "no action"}}})},
      {"if_not_exists", false}};
  const json ctx = change(json::array({migration(
      1, true, json::array({step("Create", json::array({statement("CREATE TABLE app.events (...)", native)}),
                                 json::array({statement("DROP TABLE app.events",
                                                        json{{"kind", "drop_table"},
                                                             {"table", table_ref("events", "app")},
                                                             {"if_exists", false}})}))}))}));
  Changelog log(render_changelog(ctx));
  const XMLElement* cs = log.change_sets().at(0);
  const XMLElement* ct = cs->FirstChildElement("createTable");
  REQUIRE(ct);
  CHECK(std::string(ct->Attribute("schemaName")) == "app");
  const XMLElement* id_col = ct->FirstChildElement("column");
  CHECK(std::string(id_col->Attribute("autoIncrement")) == "true");
  CHECK(std::string(id_col->Attribute("generationType")) == "ALWAYS");
  // The primary key is out of table order: its own change, columns as given.
  const XMLElement* pk = cs->FirstChildElement("addPrimaryKey");
  REQUIRE(pk);
  CHECK(std::string(pk->Attribute("columnNames")) == "b,a");
  CHECK(std::string(cs->FirstChildElement("addUniqueConstraint")->Attribute("constraintName")) == "events_a_key");
  const XMLElement* fk = cs->FirstChildElement("addForeignKeyConstraint");
  REQUIRE(fk);
  CHECK(std::string(fk->Attribute("onDelete")) == "SET NULL");
  CHECK(fk->Attribute("onUpdate") == nullptr);
  CHECK(fk->Attribute("validate") == nullptr);
  const auto sqls = sql_texts(cs);
  CHECK(std::find(sqls.begin(), sqls.end(), "ALTER TABLE app.events ADD CONSTRAINT events_b_check CHECK (b >= 0)") !=
        sqls.end());
  CHECK(cs->FirstChildElement("preConditions") == nullptr);  // no IF NOT EXISTS
  CHECK(std::string(cs->FirstChildElement("rollback")->FirstChildElement("dropTable")->Attribute("schemaName")) == "app");
}

TEST_CASE("liquibase: a NOT VALID foreign key is validate=\"false\"", "[render][liquibase]") {
  Changelog log(render_changelog(sample_context("106-orders-customer-fk.yaml")));
  const XMLElement* fk = nullptr;
  for (const auto* cs : log.change_sets())
    if (!fk) fk = cs->FirstChildElement("addForeignKeyConstraint");
  REQUIRE(fk);
  CHECK(std::string(fk->Attribute("validate")) == "false");
}

TEST_CASE("liquibase: a descriptor listing a kind the engine lacks is an error", "[render][liquibase]") {
  auto backend = render::load_backend("liquibase", {});
  backend.native.kinds.push_back("frobnicate");
  const json ctx = change(json::array({migration(
      1, true, json::array({step("x", json::array({statement("SELECT 1", json{{"kind", "frobnicate"}})}), json::array())}))}));
  CHECK_THROWS_AS(render::render_backend(backend, ctx), core::Error);
}

// ------------------------------------------------------------------ XSD

// Validates with xmllint against dbchangelog-4.28.xsd from the installed liquibase-core.jar
// (scripts/install-deps.sh puts Liquibase in tools/). Skipped, with a warning, when either
// is missing; the e2e tests (tests/e2e/frameworks, run_liquibase.sh check) validate too.
TEST_CASE("liquibase: changelogs validate against the Liquibase 4.28 XSD", "[render][liquibase][xsd]") {
  const fs::path jar = fs::path(SCHEMASHIFT_SOURCE_DIR) / "tools/node_modules/liquibase/dist/liquibase/internal/lib/liquibase-core.jar";
  if (!fs::exists(jar) || std::system("command -v xmllint >/dev/null 2>&1 && command -v unzip >/dev/null 2>&1") != 0) {
    WARN("Liquibase (tools/) or xmllint/unzip not installed: XSD validation skipped");
    return;
  }
  const fs::path dir = fs::temp_directory_path() / ("schemashift_liquibase_xsd_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path xsd = dir / "dbchangelog-4.28.xsd";
  const std::string extract = "unzip -p '" + jar.string() + "' www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.28.xsd > '" +
                              xsd.string() + "'";
  REQUIRE(std::system(extract.c_str()) == 0);
  auto validate = [&](const std::string& name, const std::string& xml) {
    const fs::path f = dir / (name + ".xml");
    std::ofstream(f, std::ios::binary) << xml;
    const fs::path log = dir / (name + ".log");
    const std::string cmd =
        "xmllint --noout --nonet --schema '" + xsd.string() + "' '" + f.string() + "' >'" + log.string() + "' 2>&1";
    const int rc = std::system(cmd.c_str());
    std::ifstream in(log);
    std::stringstream messages;
    messages << in.rdbuf();
    INFO(name << ": " << messages.str() << "\n" << xml);
    CHECK(rc == 0);
  };
  for (const auto& file : sample_files()) validate(file, render_changelog(sample_context(file)));
  // The hand-made contexts above cover kinds no sample has.
  json id = column("id", type("int8", {}, "bigint"), false);
  id["identity"] = "by_default";
  const json create = {{"kind", "create_table"},
                       {"table", table_ref("t")},
                       {"columns", json::array({id, column("a", type("int4", {}, "integer"), false, "'1'")})},
                       {"primary_key", {{"name", "t_pkey"}, {"columns", {"id"}}}},
                       {"uniques", json::array({{{"name", "t_a_key"}, {"columns", {"a"}}}})},
                       {"checks", json::array({{{"name", "t_a_check"}, {"columns", {"a"}}, {"expression", "a < 9 & 1"}}})},
                       {"foreign_keys", json::array()},
                       {"if_not_exists", true}};
  const json misc = json::array(
      {statement("x", {{"kind", "rename_table"}, {"table", table_ref("t", "s")}, {"new_name", "u"}}),
       statement("x", {{"kind", "rename_column"}, {"table", table_ref("t")}, {"column", "a"}, {"new_name", "b"}}),
       statement("x", {{"kind", "alter_column_type"}, {"table", table_ref("t")}, {"column", "a"},
                       {"type", type("varchar", {9}, "varchar(9)")}, {"using", nullptr}}),
       statement("x", {{"kind", "set_not_null"}, {"table", table_ref("t")}, {"column", "a"}}),
       statement("x", {{"kind", "drop_not_null"}, {"table", table_ref("t")}, {"column", "a"}}),
       statement("x", {{"kind", "set_default"}, {"table", table_ref("t")}, {"column", "a"}, {"default", "'<&>'"}}),
       statement("x", {{"kind", "drop_default"}, {"table", table_ref("t")}, {"column", "a"}}),
       statement("x", {{"kind", "add_unique"}, {"table", table_ref("t")}, {"name", "u"}, {"columns", {"a", "b"}}, {"not_valid", false}}),
       statement("x", {{"kind", "add_primary_key"}, {"table", table_ref("t")}, {"name", "p"}, {"columns", {"a"}}, {"not_valid", false}}),
       statement("x", {{"kind", "drop_constraint"}, {"table", table_ref("t")}, {"name", "u"}, {"constraint", "unique"}, {"if_exists", false}}),
       statement("x", {{"kind", "drop_constraint"}, {"table", table_ref("t")}, {"name", "p"}, {"constraint", "primary_key"}, {"if_exists", false}}),
       statement("x", {{"kind", "drop_constraint"}, {"table", table_ref("t")}, {"name", "f"}, {"constraint", "foreign_key"}, {"if_exists", false}}),
       statement("x", {{"kind", "set_table_comment"}, {"table", table_ref("t")}, {"comment", "a \"b\" <c>"}}),
       statement("x", [] {
         json ix = create_index("t", "t_expr_idx", false);
         ix["unique"] = true;
         ix["elements"].push_back({{"column", nullptr}, {"expression", "lower(a) || '<&>'"}, {"descending", true},
                                   {"opclass", nullptr}, {"nulls", nullptr}});
         return ix;
       }())});
  const json guarded_drops = json::array(
      {step("fk", json::array({statement("x", {{"kind", "drop_constraint"}, {"table", table_ref("t")}, {"name", "f"},
                                               {"constraint", "foreign_key"}, {"if_exists", true}})}), json::array()),
       step("uq", json::array({statement("x", {{"kind", "drop_constraint"}, {"table", table_ref("t")}, {"name", "u"},
                                               {"constraint", "unique"}, {"if_exists", true}})}), json::array()),
       step("pk", json::array({statement("x", {{"kind", "drop_constraint"}, {"table", table_ref("t")}, {"name", "p"},
                                               {"constraint", "primary_key"}, {"if_exists", true}})}), json::array()),
       step("tbl", json::array({statement("x", {{"kind", "drop_table"}, {"table", table_ref("t", "s")}, {"if_exists", true}})}),
            json::array({statement("x", create)}))});
  const json ctx = change(json::array(
      {migration(1, true, json::array({step("create", json::array({statement("x", create)}), misc)})),
       migration(2, true, guarded_drops, "contract"),
       migration(3, false, json::array({step("ix", json::array({statement("CREATE INDEX CONCURRENTLY i ON t (email)",
                                                                          create_index("t", "i", true))}),
                                             json::array({statement("x", drop_index("t", "i", false))}))}))}));
  validate("every-kind", render_changelog(ctx));
  fs::remove_all(dir);
}

// ------------------------------------------------------------------ the user's own SQL, USING INDEX

TEST_CASE("liquibase: a `sql` operation's changeSets keep the session's client_min_messages",
          "[render][liquibase][notices]") {
  json own_tx = step("Raw SQL", json::array({statement("DO $$ BEGIN RAISE NOTICE 'hello'; END $$")}), json::array());
  own_tx["operation"] = "sql";
  json own_outside = step("Raw SQL outside", json::array({statement("VACUUM users")}), json::array());
  own_outside["operation"] = "sql";
  json generated = step("Drop column", json::array({statement("ALTER TABLE users DROP COLUMN IF EXISTS x")}),
                        json::array());
  generated["operation"] = "drop_column";
  Changelog log(render_changelog(change(json::array({migration(1, true, json::array({own_tx, generated})),
                                                      migration(2, false, json::array({own_outside}))}))));
  const auto sets = log.change_sets();
  REQUIRE(sets.size() == 3);
  // The user's transaction: the timeouts, not the notice level.
  CHECK(sql_texts(sets[0]) == std::vector<std::string>{"SET LOCAL lock_timeout = '500ms'",
                                                        "SET LOCAL statement_timeout = '30s'",
                                                        "DO $$ BEGIN RAISE NOTICE 'hello'; END $$"});
  // Generated steps keep their progress notices out of Liquibase's log.
  CHECK(sql_texts(sets[1]).at(2) == "SET LOCAL client_min_messages = warning");
  // Outside a transaction: neither SET nor RESET around the user's statement.
  CHECK(sql_texts(sets[2]) == std::vector<std::string>{"VACUUM users"});
}

TEST_CASE("liquibase: ADD CONSTRAINT ... UNIQUE USING INDEX is <sql> that says why, with a native rollback",
          "[render][liquibase][using_index]") {
  Changelog log(render_changelog(sample_context("111-users-api-key.yaml")));
  bool found = false;
  for (const auto* cs : log.change_sets()) {
    for (const auto* s : children(cs, "sql")) {
      if (text_of(s).find("UNIQUE USING INDEX") == std::string::npos) continue;
      found = true;
      std::vector<std::string> comments;
      collect_comments(cs, comments);
      CHECK(std::any_of(comments.begin(), comments.end(), [](const std::string& c) {
        return c.find("Liquibase has no change for ADD CONSTRAINT ... UNIQUE USING INDEX") != std::string::npos;
      }));
      const XMLElement* rb = cs->FirstChildElement("rollback");
      REQUIRE(rb);
      CHECK(rb->FirstChildElement("dropUniqueConstraint") != nullptr);
    }
  }
  CHECK(found);
}
