// Native actions (docs/native-actions.md): every statement an operation produces either
// carries an action that is exactly its SQL, or is one of the statements that have no
// native form. The action is checked two ways: its shape (the kind's documented fields,
// each of the right type) and its meaning — the SQL is rebuilt from the action alone and
// compared with the statement's SQL.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "model/sql_schema_loader.hpp"
#include "ops/native.hpp"
#include "ops/names.hpp"
#include "ops_test_support.hpp"
#include "spec/change_spec.hpp"
#include "sql/quote.hpp"

using namespace schemashift;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// ---- shape: the documented kinds and their fields ------------------------------------

const std::map<std::string, std::vector<std::string>>& kind_fields() {
  static const std::map<std::string, std::vector<std::string>> fields = {
      {"create_table", {"table", "columns", "primary_key", "uniques", "checks", "foreign_keys", "if_not_exists"}},
      {"drop_table", {"table", "if_exists"}},
      {"rename_table", {"table", "new_name", "primary_key_generated", "index_named_by_convention"}},
      {"add_column", {"table", "column", "if_not_exists"}},
      {"drop_column", {"table", "column", "if_exists"}},
      {"rename_column", {"table", "column", "new_name"}},
      {"alter_column_type", {"table", "column", "type", "using"}},
      {"set_not_null", {"table", "column"}},
      {"drop_not_null", {"table", "column"}},
      {"set_default", {"table", "column", "default"}},
      {"drop_default", {"table", "column"}},
      {"create_index",
       {"table", "name", "unique", "concurrently", "if_not_exists", "method", "elements", "has_expressions", "include",
        "where"}},
      {"drop_index", {"index", "name", "table", "concurrently", "if_exists"}},
      {"add_foreign_key", {"table", "name", "columns", "ref_table", "ref_columns", "on_delete", "on_update", "not_valid"}},
      {"add_check", {"table", "name", "columns", "expression", "not_valid"}},
      {"add_unique", {"table", "name", "columns", "not_valid"}},
      {"add_primary_key", {"table", "name", "columns", "not_valid"}},
      {"add_unique_using_index", {"table", "name", "index"}},
      {"validate_constraint", {"table", "name", "constraint"}},
      {"drop_constraint", {"table", "name", "constraint", "if_exists"}},
      {"set_column_comment", {"table", "column", "comment"}},
      {"set_table_comment", {"table", "comment"}},
  };
  return fields;
}

const std::set<std::string> kFkActions = {"no action", "restrict", "cascade", "set null", "set default"};
const std::set<std::string> kConstraintTypes = {"primary_key", "unique", "check", "foreign_key"};

bool is_text_or_null(const json& j) { return j.is_string() || j.is_null(); }

bool is_string_list(const json& j) {
  return j.is_array() && std::all_of(j.begin(), j.end(), [](const json& x) { return x.is_string(); });
}

// Collects what is wrong with an action's shape (empty: well formed).
class ShapeCheck {
 public:
  std::vector<std::string> problems;

  void action(const json& a) {
    if (!a.is_object()) return fail("action is not an object");
    if (!a.contains("kind") || !a["kind"].is_string()) return fail("no kind");
    const std::string kind = a["kind"];
    auto it = kind_fields().find(kind);
    if (it == kind_fields().end()) return fail("undocumented kind " + kind);
    for (const auto& f : it->second) {
      if (!a.contains(f)) fail(kind + ": missing field " + f);
    }
    if (!problems.empty()) return;
    if (a.contains("table")) table(a["table"], kind + ".table");
    for (const char* flag : {"if_exists", "if_not_exists", "not_valid", "concurrently", "unique", "has_expressions"}) {
      if (a.contains(flag) && !a[flag].is_boolean()) fail(kind + ": " + flag + " is not a boolean");
    }
    for (const char* text : {"name", "new_name", "default", "expression"}) {
      if (a.contains(text) && !a[text].is_string()) fail(kind + ": " + text + " is not a string");
    }
    for (const char* list : {"columns", "ref_columns", "include"}) {
      if (a.contains(list) && kind != "create_table" && !is_string_list(a[list])) fail(kind + ": " + list + " not strings");
    }
    if (kind == "create_table") {
      if (!a["columns"].is_array() || a["columns"].empty()) fail("create_table: no columns");
      for (const auto& c : a["columns"]) column(c, "create_table.columns[]");
      if (!a["primary_key"].is_null()) key(a["primary_key"], "create_table.primary_key");
      for (const auto& u : a["uniques"]) key(u, "create_table.uniques[]");
      for (const auto& c : a["checks"]) {
        if (!c.value("name", json()).is_string() || !c.value("expression", json()).is_string()) fail("create_table: check");
      }
      for (const auto& fk : a["foreign_keys"]) foreign_key(fk, "create_table.foreign_keys[]");
    } else if (kind == "add_column") {
      column(a["column"], "add_column.column");
    } else if (kind == "alter_column_type") {
      type(a["type"], "alter_column_type.type");
      if (!is_text_or_null(a["using"])) fail("alter_column_type: using");
    } else if (kind == "create_index") {
      if (!a["method"].is_string()) fail("create_index: method");
      if (!is_text_or_null(a["where"])) fail("create_index: where");
      if (!a["elements"].is_array() || a["elements"].empty()) fail("create_index: no elements");
      for (const auto& e : a["elements"]) {
        for (const char* f : {"column", "expression", "descending", "opclass", "nulls"}) {
          if (!e.contains(f)) fail(std::string("create_index: element without ") + f);
        }
        if (e.value("column", json()).is_null() == e.value("expression", json()).is_null()) {
          fail("create_index: element needs exactly one of column / expression");
        }
      }
    } else if (kind == "drop_index") {
      table(a["index"], "drop_index.index");
      if (a["index"].value("name", "") != a["name"]) fail("drop_index: name differs from index.name");
    } else if (kind == "add_foreign_key") {
      foreign_key(a, "add_foreign_key");
    } else if (kind == "validate_constraint" || kind == "drop_constraint") {
      if (!kConstraintTypes.count(a["constraint"].get<std::string>())) fail(kind + ": constraint type");
    } else if (kind == "set_column_comment" || kind == "set_table_comment") {
      if (!is_text_or_null(a["comment"])) fail(kind + ": comment");
    }
    if (a.contains("column") && kind != "add_column" && !a["column"].is_string()) fail(kind + ": column is not a name");
  }

 private:
  void fail(const std::string& what) { problems.push_back(what); }

  void table(const json& t, const std::string& where) {
    if (!t.is_object() || !t.value("schema", json()).is_string() || !t.value("name", json()).is_string() ||
        !t.value("qualified", json()).is_string()) {
      return fail(where + ": not a table reference");
    }
    const std::string schema = t["schema"], name = t["name"];
    if (t["qualified"] != (schema.empty() ? name : schema + "." + name)) fail(where + ": qualified");
  }

  void type(const json& t, const std::string& where) {
    if (!t.is_object() || !t.value("sql", json()).is_string() || !t.value("name", json()).is_string() ||
        !t.value("modifiers", json()).is_array() || !t.value("array_dims", json()).is_number_integer() ||
        !t.value("schema", json()).is_string()) {
      fail(where + ": not a type");
    }
  }

  void column(const json& c, const std::string& where) {
    if (!c.is_object() || !c.value("name", json()).is_string() || !c.value("nullable", json()).is_boolean()) {
      return fail(where + ": not a column");
    }
    type(c["type"], where + ".type");
    if (!is_text_or_null(c.value("default", json(0)))) fail(where + ": default");
    const json identity = c.value("identity", json(0));
    if (!(identity.is_null() || identity == "always" || identity == "by_default")) fail(where + ": identity");
    // Comments are separate statements (set_column_comment), never part of the column.
    if (!c.contains("comment") || !c["comment"].is_null()) fail(where + ": comment must be null");
  }

  void key(const json& k, const std::string& where) {
    if (!k.value("name", json()).is_string() || !is_string_list(k.value("columns", json()))) fail(where);
  }

  void foreign_key(const json& fk, const std::string& where) {
    key(fk, where);
    if (!is_string_list(fk.value("ref_columns", json()))) fail(where + ": ref_columns");
    table(fk.value("ref_table", json()), where + ".ref_table");
    for (const char* f : {"on_delete", "on_update"}) {
      const json v = fk.value(f, json());
      if (!v.is_string() || !kFkActions.count(v.get<std::string>())) fail(where + ": " + f);
    }
  }
};

// ---- meaning: the SQL rebuilt from the action alone -------------------------------------

std::string q(const json& t) { return ops::table_sql({t["schema"].get<std::string>(), t["name"].get<std::string>()}); }
std::string id(const json& name) { return ops::ident(name.get<std::string>()); }
std::string ids(const json& names) { return ops::idents(names.get<std::vector<std::string>>()); }
std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string column_sql(const json& c) {
  std::string s = id(c["name"]) + " " + c["type"]["sql"].get<std::string>();
  if (c["identity"] == "always") s += " GENERATED ALWAYS AS IDENTITY";
  if (c["identity"] == "by_default") s += " GENERATED BY DEFAULT AS IDENTITY";
  if (!c["default"].is_null()) s += " DEFAULT " + c["default"].get<std::string>();
  if (!c["nullable"].get<bool>()) s += " NOT NULL";
  return s;
}

// NO ACTION is the default: the SQL may or may not spell it (see normalise()).
std::string foreign_key_sql(const json& fk) {
  std::string s = "FOREIGN KEY (" + ids(fk["columns"]) + ") REFERENCES " + q(fk["ref_table"]) + " (" +
                  ids(fk["ref_columns"]) + ")";
  if (fk["on_delete"] != "no action") s += " ON DELETE " + upper(fk["on_delete"]);
  if (fk["on_update"] != "no action") s += " ON UPDATE " + upper(fk["on_update"]);
  return s;
}

std::string comment_sql(const json& comment) {
  return comment.is_null() ? "NULL" : sql::quote_literal(comment.get<std::string>());
}

// CREATE TABLE lines are compared as a set: the action groups constraints by kind.
std::string sorted_lines(const std::string& create_table) {
  const auto open = create_table.find(" (\n");
  std::vector<std::string> lines;
  std::istringstream in(create_table.substr(open + 3));
  for (std::string line; std::getline(in, line);) {
    if (line == ")") continue;
    if (!line.empty() && line.back() == ',') line.pop_back();
    lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  std::string out = create_table.substr(0, open) + " (\n";
  for (const auto& l : lines) out += l + "\n";
  return out + ")";
}

std::string rebuild(const json& a) {
  const std::string kind = a["kind"];
  const auto alter = [&] { return "ALTER TABLE " + q(a["table"]); };
  const auto constraint = [&](const std::string& body) {
    return alter() + " ADD CONSTRAINT " + id(a["name"]) + " " + body + (a["not_valid"].get<bool>() ? " NOT VALID" : "");
  };
  if (kind == "create_table") {
    std::vector<std::string> lines;
    for (const auto& c : a["columns"]) lines.push_back("  " + column_sql(c));
    const auto line = [&](const json& k, const std::string& body) {
      lines.push_back("  CONSTRAINT " + id(k["name"]) + " " + body);
    };
    if (!a["primary_key"].is_null()) line(a["primary_key"], "PRIMARY KEY (" + ids(a["primary_key"]["columns"]) + ")");
    for (const auto& u : a["uniques"]) line(u, "UNIQUE (" + ids(u["columns"]) + ")");
    for (const auto& c : a["checks"]) line(c, "CHECK (" + c["expression"].get<std::string>() + ")");
    for (const auto& fk : a["foreign_keys"]) line(fk, foreign_key_sql(fk));
    std::string s = std::string("CREATE TABLE ") + (a["if_not_exists"].get<bool>() ? "IF NOT EXISTS " : "") +
                    q(a["table"]) + " (\n";
    for (std::size_t i = 0; i < lines.size(); ++i) s += lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
    return sorted_lines(s + ")");
  }
  if (kind == "drop_table") return std::string("DROP TABLE ") + (a["if_exists"].get<bool>() ? "IF EXISTS " : "") + q(a["table"]);
  if (kind == "rename_table") return alter() + " RENAME TO " + id(a["new_name"]);
  if (kind == "add_column") {
    return alter() + " ADD COLUMN " + (a["if_not_exists"].get<bool>() ? "IF NOT EXISTS " : "") + column_sql(a["column"]);
  }
  if (kind == "drop_column") return alter() + " DROP COLUMN " + (a["if_exists"].get<bool>() ? "IF EXISTS " : "") + id(a["column"]);
  if (kind == "rename_column") return alter() + " RENAME COLUMN " + id(a["column"]) + " TO " + id(a["new_name"]);
  if (kind == "alter_column_type") {
    return alter() + " ALTER COLUMN " + id(a["column"]) + " TYPE " + a["type"]["sql"].get<std::string>() +
           (a["using"].is_null() ? "" : " USING " + a["using"].get<std::string>());
  }
  if (kind == "set_not_null") return alter() + " ALTER COLUMN " + id(a["column"]) + " SET NOT NULL";
  if (kind == "drop_not_null") return alter() + " ALTER COLUMN " + id(a["column"]) + " DROP NOT NULL";
  if (kind == "set_default") return alter() + " ALTER COLUMN " + id(a["column"]) + " SET DEFAULT " + a["default"].get<std::string>();
  if (kind == "drop_default") return alter() + " ALTER COLUMN " + id(a["column"]) + " DROP DEFAULT";
  if (kind == "create_index") {
    std::vector<std::string> elements;
    for (const auto& e : a["elements"]) {
      std::string p = e["column"].is_null() ? "(" + e["expression"].get<std::string>() + ")" : id(e["column"]);
      if (!e["opclass"].is_null()) p += " " + e["opclass"].get<std::string>();
      if (e["descending"].get<bool>()) p += " DESC";
      if (!e["nulls"].is_null()) p += e["nulls"] == "first" ? " NULLS FIRST" : " NULLS LAST";
      elements.push_back(p);
    }
    std::string s = a["unique"].get<bool>() ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
    if (a["concurrently"].get<bool>()) s += "CONCURRENTLY ";
    if (a["if_not_exists"].get<bool>()) s += "IF NOT EXISTS ";
    s += id(a["name"]) + " ON " + q(a["table"]);
    if (a["method"] != "btree") s += " USING " + a["method"].get<std::string>();
    std::string joined;
    for (std::size_t i = 0; i < elements.size(); ++i) joined += (i ? ", " : "") + elements[i];
    s += " (" + joined + ")";
    if (!a["include"].empty()) s += " INCLUDE (" + ids(a["include"]) + ")";
    if (!a["where"].is_null()) s += " WHERE " + a["where"].get<std::string>();
    return s;
  }
  if (kind == "drop_index") {
    return std::string("DROP INDEX ") + (a["concurrently"].get<bool>() ? "CONCURRENTLY " : "") +
           (a["if_exists"].get<bool>() ? "IF EXISTS " : "") + q(a["index"]);
  }
  if (kind == "add_foreign_key") return constraint(foreign_key_sql(a));
  if (kind == "add_check") return constraint("CHECK (" + a["expression"].get<std::string>() + ")");
  if (kind == "add_unique") return constraint("UNIQUE (" + ids(a["columns"]) + ")");
  if (kind == "add_primary_key") return constraint("PRIMARY KEY (" + ids(a["columns"]) + ")");
  if (kind == "add_unique_using_index") {
    return alter() + " ADD CONSTRAINT " + id(a["name"]) + " UNIQUE USING INDEX " + id(a["index"]);
  }
  if (kind == "validate_constraint") return alter() + " VALIDATE CONSTRAINT " + id(a["name"]);
  if (kind == "drop_constraint") {
    return alter() + " DROP CONSTRAINT " + (a["if_exists"].get<bool>() ? "IF EXISTS " : "") + id(a["name"]);
  }
  if (kind == "set_column_comment") {
    return "COMMENT ON COLUMN " + q(a["table"]) + "." + id(a["column"]) + " IS " + comment_sql(a["comment"]);
  }
  if (kind == "set_table_comment") return "COMMENT ON TABLE " + q(a["table"]) + " IS " + comment_sql(a["comment"]);
  return "<no rebuild for " + kind + ">";
}

// The statement's SQL in the form rebuild() produces: an explicit ON DELETE NO ACTION is the
// default spelled out, and CREATE TABLE lines are sorted.
std::string normalise(const ops::Statement& st) {
  std::string s = st.sql;
  for (std::string::size_type at; (at = s.find(" ON DELETE NO ACTION")) != std::string::npos;) {
    s.erase(at, std::string(" ON DELETE NO ACTION").size());
  }
  if (st.native.value("kind", "") == "create_table") s = sorted_lines(s);
  return s;
}

// Statements that have no native kind (docs/native-actions.md, "deliberately carry no action").
bool sql_only(const std::string& sql) {
  for (const char* prefix : {"CREATE OR REPLACE FUNCTION ", "CREATE TRIGGER ", "DROP TRIGGER ", "DROP FUNCTION ", "DO ",
                             "UPDATE ", "CREATE VIEW ", "DROP VIEW ", "ALTER INDEX "}) {
    if (sql.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// ---- running specs -------------------------------------------------------------------------

struct Tally {
  std::map<std::string, int> by_kind;
  int with_native = 0;
  int without_native = 0;
  std::string report() const {
    std::ostringstream out;
    out << with_native << " statements with a native action, " << without_native << " without;";
    for (const auto& [k, n] : by_kind) out << " " << k << "=" << n;
    return out.str();
  }
};

// Checks every statement of `steps`; `where` names the spec for messages.
void check_steps(const std::vector<ops::Step>& steps, const std::string& where, Tally& tally) {
  for (const auto& step : steps) {
    for (const auto* list : {&step.up, &step.down}) {
      for (const auto& st : *list) {
        INFO(where << " / " << step.title << (list == &step.up ? " (up)" : " (down)") << "\n" << st.sql << "\n"
                   << st.native.dump(2));
        if (!st.has_native()) {
          ++tally.without_native;
          // User SQL (`sql` operations) may be anything; everything else must be a known SQL-only form.
          if (step.kind != ops::StepKind::Raw) CHECK(sql_only(st.sql));
          continue;
        }
        ++tally.with_native;
        ++tally.by_kind[st.native.value("kind", "?")];
        ShapeCheck shape;
        shape.action(st.native);
        CHECK(shape.problems == std::vector<std::string>{});
        if (shape.problems.empty()) CHECK(rebuild(st.native) == normalise(st));
      }
    }
  }
}

std::vector<ops::Step> all_steps(const spec::ChangeSpec& spec, const std::vector<std::unique_ptr<ops::Operation>>& ops) {
  std::vector<ops::Step> out;
  for (const auto& op : ops) {
    ops::Context ctx{spec, op->strategy};
    for (auto& s : op->steps(ctx)) out.push_back(std::move(s));
  }
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Operations of one sample, decoded and applied against its schema the way the planner does.
std::vector<ops::Step> sample_steps(const std::string& path, std::string& report) {
  core::Diagnostics diags;
  auto spec = spec::read_change_spec(path, diags);
  REQUIRE(spec);
  auto schema = model::load_schema_sql(read_file(spec->schema_path), spec->schema_path, diags);
  REQUIRE(schema);
  auto ops = ops::decode_operations(*spec, diags);
  bool ok = ops.size() == spec->operations.size();
  for (auto& op : ops) {
    op->strategy = op->strategy_override.value_or(spec->strategy);
    ok &= op->apply(*schema, diags);
  }
  for (const auto& d : diags.sorted()) report += core::format_diagnostic(d, false);
  INFO(report);
  REQUIRE(ok);
  REQUIRE_FALSE(diags.has_errors());
  return all_steps(*spec, ops);
}

// Specs that between them reach every statement an operation can produce, online and
// offline, on existing and on new tables.
const char* const kEverySpec[] = {
    // create_table: comments, identity, inline and table constraints; then ops on the new table.
    "  - create_table:\n      table: notes\n      comment: Free-form notes\n      columns:\n"
    "        - {name: id, type: bigint, primary_key: true}\n"
    "        - {name: body, type: text, nullable: false, default: \"\", comment: \"The note's text\"}\n"
    "        - {name: code, type: varchar(20), unique: true, check: length(code) > 2}\n"
    "        - {name: customer_id, type: bigint, references: {table: customers, column: id, on_delete: cascade}}\n"
    "        - {name: seen, type: timestamptz, default_expr: now()}\n"
    "      constraints:\n"
    "        - {type: check, name: notes_body_short, expr: length(body) < 10000}\n"
    "        - {type: unique, columns: [customer_id, code]}\n"
    "  - add_column:\n      table: notes\n      column: {name: owner_id, type: bigint, nullable: false, unique: true,"
    " check: owner_id > 0, references: {table: customers, column: id, on_delete: no_action}}\n"
    "  - add_index:\n      table: notes\n      columns: [body]\n"
    "  - add_foreign_key:\n      table: notes\n      name: notes_customer_fk2\n      columns: [customer_id]\n"
    "      references: {table: customers, columns: [id]}\n      on_delete: set_null\n      on_update: cascade\n"
    "  - add_check:\n      table: notes\n      expr: id > 0\n"
    "  - add_unique:\n      table: notes\n      columns: [seen]\n"
    "  - rename_column:\n      table: notes\n      column: seen\n      to: seen_at\n"
    "  - change_column_type:\n      table: notes\n      column: customer_id\n      type: integer\n"
    "      using: customer_id::integer\n      reverse_using: customer_id::bigint\n"
    "  - set_not_null:\n      table: notes\n      column: code\n"
    "  - rename_table:\n      table: notes\n      to: memos\n",
    // add_column, every shape.
    "  - add_column:\n      table: users\n      column: {name: bio, type: text, comment: \"User's bio\"}\n"
    "  - add_column:\n      table: users\n      column: {name: token, type: uuid, nullable: false, default_expr: gen_random_uuid()}\n"
    "  - add_column:\n      table: users\n      column: {name: v, type: boolean, nullable: false, default: false}\n"
    "      backfill: email IS NOT NULL\n"
    "  - add_column:\n      table: users\n      column: {name: handle, type: text, nullable: false}\n"
    "      backfill: lower(email)\n"
    "  - add_column:\n      table: orders\n      column: {name: b, type: bigint, unique: true, check: b > 0,"
    " references: {table: customers, column: id, on_delete: restrict}}\n"
    "  - add_column:\n      table: orders\n      column: {name: tags, type: \"text[]\", default_expr: \"'{}'\"}\n",
    // Column changes on existing tables: shadow columns with indexes, defaults, NOT NULL.
    "  - rename_column:\n      table: users\n      column: age\n      to: age_years\n"
    "  - change_column_type:\n      table: users\n      column: nickname\n      type: varchar(50)\n"
    "  - change_column_type:\n      table: orders\n      column: total\n      type: numeric(14,4)\n"
    "      using: round(total, 4)\n"
    "  - change_column_type:\n      table: users\n      column: created_at\n      type: timestamp\n"
    "  - set_not_null:\n      table: users\n      column: phone\n      fill: none\n"
    "  - drop_not_null:\n      table: users\n      column: email\n"
    "  - set_default:\n      table: users\n      column: nickname\n      default: x\n"
    "  - set_default:\n      table: orders\n      column: note\n      default_expr: \"'n/a'\"\n"
    "  - drop_default:\n      table: orders\n      column: total\n",
    // Indexes and constraints on existing tables.
    "  - add_index:\n      table: users\n      columns: [email]\n"
    "  - add_index:\n      table: users\n      name: users_lower_email_idx\n      unique: true\n"
    "      columns: [{expr: \"lower(email)\"}, {column: name, order: desc, nulls: last, opclass: text_pattern_ops}]\n"
    "      where: name IS NOT NULL\n      include: [id]\n"
    "  - add_index:\n      table: orders\n      method: hash\n      columns: [note]\n"
    "  - drop_index:\n      name: orders_customer_id_idx\n"
    "  - add_foreign_key:\n      table: orders\n      columns: [customer_id]\n"
    "      references: {table: customers, columns: [id]}\n      on_delete: restrict\n"
    "  - add_check:\n      table: orders\n      expr: total < 1000000\n"
    "  - add_unique:\n      table: users\n      columns: [email]\n"
    "  - drop_constraint:\n      table: invoices\n      name: invoices_order_id_fkey\n"
    "  - drop_constraint:\n      table: archive\n      name: archive_pkey\n",
    // Drops, renames, data.
    "  - drop_column:\n      table: users\n      column: age\n"
    "  - drop_column:\n      table: orders\n      column: total\n"
    "  - drop_table:\n      table: invoices\n"
    "  - rename_table:\n      table: archive\n      to: archived\n"
    "  - backfill:\n      table: users\n      set: {nickname: \"'x'\"}\n"
    "  - sql:\n      up: SELECT 1\n      down: SELECT 2\n",
};

Tally check_every_spec(const std::string& header) {
  Tally tally;
  for (const char* yaml : kEverySpec) {
    auto c = ops_test::run(yaml, header);
    INFO(header << yaml << "\n" << c->report());
    REQUIRE(c->applied);
    check_steps(c->all_steps(), header + yaml, tally);
  }
  return tally;
}

// The first action of `kind` (whose SQL contains `sql_part`) in the step, or null.
json find_native(const ops::Step& step, const std::string& kind, const std::string& sql_part = "") {
  for (const auto* list : {&step.up, &step.down}) {
    for (const auto& st : *list) {
      if (st.has_native() && st.native.value("kind", "") == kind && st.sql.find(sql_part) != std::string::npos) {
        return st.native;
      }
    }
  }
  return nullptr;
}

json table_json(const std::string& name, const std::string& schema = "") {
  return {{"schema", schema}, {"name", name}, {"qualified", schema.empty() ? name : schema + "." + name}};
}

}  // namespace

// ---- (1) every sample: documented kinds, required fields, exact SQL ---------------------

TEST_CASE("every statement of every sample carries an exact native action or is SQL-only", "[ops][native][samples]") {
  const std::string dir = std::string(SCHEMASHIFT_SOURCE_DIR) + "/samples";
  std::vector<std::string> samples;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".yaml") samples.push_back(e.path().string());
  }
  std::sort(samples.begin(), samples.end());
  REQUIRE(samples.size() >= 13);
  Tally tally;
  for (const auto& path : samples) {
    std::string report;
    check_steps(sample_steps(path, report), fs::path(path).filename().string(), tally);
  }
  INFO(tally.report());
  WARN("samples: " << tally.report());
  CHECK(tally.with_native > tally.without_native);
  // The samples exercise these kinds at least once.
  for (const char* kind : {"create_table", "add_column", "drop_column", "create_index", "drop_index", "add_foreign_key",
                           "add_check", "add_unique_using_index", "validate_constraint", "drop_constraint",
                           "set_not_null", "drop_not_null", "set_default", "drop_default", "rename_column"}) {
    INFO(kind);
    CHECK(tally.by_kind.count(kind) == 1);
  }
}

TEST_CASE("every operation's statements, online and offline, carry exact native actions", "[ops][native]") {
  Tally online = check_every_spec("");
  Tally offline = check_every_spec("strategy: offline\n");
  WARN("online: " << online.report());
  WARN("offline: " << offline.report());
  for (const auto& [kind, fields] : kind_fields()) {
    INFO(kind);
    CHECK(online.by_kind.count(kind) + offline.by_kind.count(kind) > 0);
  }
}

// ---- (2) spot checks, field by field ----------------------------------------------------

TEST_CASE("add_column: ADD COLUMN, SET DEFAULT and COMMENT each get their own action", "[ops][native][add_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: users\n"
      "      column: {name: token, type: uuid, nullable: false, default_expr: gen_random_uuid(), comment: Key}\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  const auto& add = steps.front();
  REQUIRE(add.up.size() == 3);
  const json& a = add.up[0].native;
  CHECK(a["kind"] == "add_column");
  CHECK(a["table"] == table_json("users"));
  CHECK(a["if_not_exists"] == true);
  CHECK(a["column"]["name"] == "token");
  CHECK(a["column"]["type"]["name"] == "uuid");
  CHECK(a["column"]["type"]["sql"] == "uuid");
  // Added nullable and without the volatile default: the backfill and NOT NULL steps follow.
  CHECK(a["column"]["nullable"] == true);
  CHECK(a["column"]["default"].is_null());
  CHECK(a["column"]["identity"].is_null());
  CHECK(a["column"]["comment"].is_null());
  const json& d = add.up[1].native;
  CHECK(d == json{{"kind", "set_default"}, {"table", table_json("users")}, {"column", "token"},
                  {"default", "gen_random_uuid()"}});
  const json& k = add.up[2].native;
  CHECK(k == json{{"kind", "set_column_comment"}, {"table", table_json("users")}, {"column", "token"}, {"comment", "Key"}});
  REQUIRE(add.down.size() == 1);
  CHECK(add.down[0].native == json{{"kind", "drop_column"}, {"table", table_json("users")}, {"column", "token"},
                                   {"if_exists", true}});
  // The backfill is a DO block: SQL only.
  for (const auto& s : steps) {
    if (s.kind == ops::StepKind::Backfill) CHECK_FALSE(s.up[0].has_native());
  }
}

TEST_CASE("add_column with a constant default keeps default and NOT NULL in the action", "[ops][native][add_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: billing.accounts\n"
      "      column: {name: status, type: varchar(50), nullable: false, default: pending}\n",
      "", "CREATE SCHEMA billing;\nCREATE TABLE billing.accounts (id bigint PRIMARY KEY);\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  const json& a = steps[0].up[0].native;
  CHECK(a["table"] == table_json("accounts", "billing"));
  CHECK(a["column"]["nullable"] == false);
  CHECK(a["column"]["default"] == "'pending'");
  CHECK(a["column"]["type"] == json{{"sql", "varchar(50)"}, {"name", "varchar"}, {"modifiers", {50}}, {"array_dims", 0},
                                    {"schema", ""}});
}

TEST_CASE("create_table: one action for the table, comments as their own actions", "[ops][native][create_table]") {
  auto c = ops_test::run(
      "  - create_table:\n      table: notes\n      comment: Free-form notes\n      columns:\n"
      "        - {name: id, type: bigint, primary_key: true}\n"
      "        - {name: body, type: text, nullable: false, comment: Text}\n"
      "        - {name: customer_id, type: bigint, references: {table: customers, column: id, on_delete: cascade}}\n"
      "      constraints:\n        - {type: check, name: notes_body_short, expr: length(body) < 10000}\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  REQUIRE(steps[0].up.size() == 3);
  const json& t = steps[0].up[0].native;
  CHECK(t["kind"] == "create_table");
  CHECK(t["if_not_exists"] == true);
  REQUIRE(t["columns"].size() == 3);
  CHECK(t["columns"][0]["nullable"] == false);  // primary key column
  CHECK(t["columns"][1]["comment"].is_null());  // the COMMENT statement sets it
  CHECK(t["primary_key"] == json{{"name", "notes_pkey"}, {"columns", {"id"}}});
  CHECK(t["checks"] == json::array({json{{"name", "notes_body_short"}, {"columns", json::array()},
                                          {"expression", "length(body) < 10000"}}}));
  REQUIRE(t["foreign_keys"].size() == 1);
  CHECK(t["foreign_keys"][0]["name"] == "notes_customer_id_fkey");
  CHECK(t["foreign_keys"][0]["ref_table"] == table_json("customers"));
  CHECK(t["foreign_keys"][0]["ref_columns"] == json{"id"});
  CHECK(t["foreign_keys"][0]["on_delete"] == "cascade");
  CHECK(t["foreign_keys"][0]["on_update"] == "no action");
  CHECK(steps[0].up[1].native == json{{"kind", "set_table_comment"}, {"table", table_json("notes")},
                                      {"comment", "Free-form notes"}});
  CHECK(steps[0].up[2].native["kind"] == "set_column_comment");
  CHECK(steps[0].up[2].native["column"] == "body");
  CHECK(steps[0].down[0].native == json{{"kind", "drop_table"}, {"table", table_json("notes")}, {"if_exists", true}});
}

TEST_CASE("drop_table: the down recreates table, indexes and comments as actions, triggers as SQL",
          "[ops][native][drop_table]") {
  auto c = ops_test::run("  - drop_table:\n      table: docs\n", "",
                         "CREATE TABLE docs (id bigint PRIMARY KEY, title text NOT NULL, n integer DEFAULT 0);\n"
                         "CREATE INDEX docs_title_idx ON docs USING btree (title);\n"
                         "COMMENT ON TABLE docs IS 'Documents';\n"
                         "COMMENT ON COLUMN docs.title IS 'Title';\n"
                         "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;\n"
                         "CREATE TRIGGER docs_touch BEFORE UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION touch();\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  const auto& s = steps[0];
  CHECK(s.up[0].native == json{{"kind", "drop_table"}, {"table", table_json("docs")}, {"if_exists", true}});
  const json t = find_native(s, "create_table");
  REQUIRE_FALSE(t.is_null());
  CHECK(t["table"] == table_json("docs"));
  CHECK(t["columns"][2]["default"] == "0");
  CHECK(t["primary_key"]["name"] == "docs_pkey");
  const json ix = find_native(s, "create_index");
  REQUIRE_FALSE(ix.is_null());
  CHECK(ix["name"] == "docs_title_idx");
  CHECK(ix["concurrently"] == false);
  CHECK(ix["if_not_exists"] == true);
  CHECK(find_native(s, "set_table_comment")["comment"] == "Documents");
  CHECK(find_native(s, "set_column_comment")["comment"] == "Title");
  for (const auto& st : s.down) {
    if (st.sql.find("TRIGGER") != std::string::npos) CHECK_FALSE(st.has_native());
  }
}

TEST_CASE("EXCLUDE constraints stay SQL only", "[ops][native][exclude]") {
  const std::string schema =
      "CREATE EXTENSION btree_gist;\n"
      "CREATE TABLE rooms (id bigint PRIMARY KEY, during tstzrange,\n"
      "  CONSTRAINT rooms_no_overlap EXCLUDE USING gist (id WITH =, during WITH &&));\n";
  auto drop = ops_test::run("  - drop_table:\n      table: rooms\n", "", schema);
  INFO(drop->report());
  REQUIRE(drop->applied);
  const auto steps = drop->steps();
  CHECK(steps[0].up[0].has_native());
  CHECK_FALSE(steps[0].down[0].has_native());  // CREATE TABLE with the EXCLUDE constraint
  auto con = ops_test::run("  - drop_constraint:\n      table: rooms\n      name: rooms_no_overlap\n", "", schema);
  INFO(con->report());
  REQUIRE(con->applied);
  for (const auto& s : con->steps()) {
    for (const auto& st : s.up) CHECK_FALSE(st.has_native());
    for (const auto& st : s.down) CHECK_FALSE(st.has_native());
  }
}

TEST_CASE("add_index: CONCURRENTLY and IF NOT EXISTS follow the SQL", "[ops][native][add_index]") {
  auto c = ops_test::run(
      "  - add_index:\n      table: users\n      name: users_lower_email_idx\n      unique: true\n"
      "      columns: [{expr: \"lower(email)\"}, {column: name, order: desc, nulls: first}]\n"
      "      where: name IS NOT NULL\n      include: [id]\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto s = c->steps()[0];
  const json& a = s.up[0].native;
  CHECK(a["kind"] == "create_index");
  CHECK(a["unique"] == true);
  CHECK(a["concurrently"] == true);
  CHECK(a["if_not_exists"] == true);
  CHECK(a["method"] == "btree");
  CHECK(a["has_expressions"] == true);
  CHECK(a["elements"][0] == json{{"column", nullptr}, {"expression", "lower(email)"}, {"descending", false},
                                 {"opclass", nullptr}, {"nulls", nullptr}});
  CHECK(a["elements"][1]["column"] == "name");
  CHECK(a["elements"][1]["descending"] == true);
  CHECK(a["elements"][1]["nulls"] == "first");
  CHECK(a["include"] == json{"id"});
  CHECK(a["where"] == "name IS NOT NULL");
  CHECK(s.down[0].native == json{{"kind", "drop_index"}, {"index", table_json("users_lower_email_idx")},
                                 {"name", "users_lower_email_idx"}, {"table", table_json("users")},
                                 {"concurrently", true}, {"if_exists", true}});
  auto offline = ops_test::run("  - add_index:\n      table: users\n      columns: [email]\n", "strategy: offline\n");
  REQUIRE(offline->applied);
  const auto o = offline->steps()[0];
  CHECK(o.up[0].native["concurrently"] == false);
  CHECK(o.down[0].native["concurrently"] == false);
}

TEST_CASE("drop_constraint: DROP, re-ADD NOT VALID and VALIDATE in the down", "[ops][native][drop_constraint]") {
  auto c = ops_test::run("  - drop_constraint:\n      table: invoices\n      name: invoices_order_id_fkey\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto s = c->steps()[0];
  CHECK(s.up[0].native == json{{"kind", "drop_constraint"}, {"table", table_json("invoices")},
                               {"name", "invoices_order_id_fkey"}, {"constraint", "foreign_key"}, {"if_exists", true}});
  REQUIRE(s.down.size() == 2);
  const json& fk = s.down[0].native;
  CHECK(fk["kind"] == "add_foreign_key");
  CHECK(fk["not_valid"] == true);
  CHECK(fk["columns"] == json{"order_id"});
  CHECK(fk["ref_table"] == table_json("orders"));
  CHECK(fk["ref_columns"] == json{"id"});
  CHECK(fk["on_delete"] == "cascade");
  CHECK(s.down[1].native == json{{"kind", "validate_constraint"}, {"table", table_json("invoices")},
                                 {"name", "invoices_order_id_fkey"}, {"constraint", "foreign_key"}});
}

TEST_CASE("change_column_type: USING in both directions; the shadow shape's contract", "[ops][native][change_column_type]") {
  auto cheap = ops_test::run(
      "  - change_column_type:\n      table: orders\n      column: total\n      type: numeric(14,4)\n"
      "      using: round(total, 4)\n      reverse_using: round(total, 2)\n", "strategy: offline\n");
  INFO(cheap->report());
  REQUIRE(cheap->applied);
  const auto s = cheap->steps()[0];
  CHECK(s.up[0].native["kind"] == "alter_column_type");
  CHECK(s.up[0].native["type"]["sql"] == "numeric(14,4)");
  CHECK(s.up[0].native["using"] == "round(total, 4)");
  CHECK(s.down[0].native["type"]["sql"] == "numeric(12,2)");
  CHECK(s.down[0].native["using"] == "round(total, 2)");

  auto shadow = ops_test::run("  - change_column_type:\n      table: users\n      column: age\n      type: bigint\n");
  INFO(shadow->report());
  REQUIRE(shadow->applied);
  const auto steps = shadow->steps();
  const auto& contract = steps.back();
  REQUIRE(contract.phase == ops::Phase::Contract);
  const json drop = find_native(contract, "drop_column");
  REQUIRE_FALSE(drop.is_null());
  CHECK(drop["column"] == "age");
  CHECK(drop["if_exists"] == false);  // DROP COLUMN without IF EXISTS
  const json rename = find_native(contract, "rename_column", "RENAME COLUMN age_new TO age");
  REQUIRE_FALSE(rename.is_null());
  CHECK(rename["column"] == "age_new");
  CHECK(rename["new_name"] == "age");
  for (const auto& st : contract.up) {
    if (st.sql.rfind("ALTER INDEX", 0) == 0 || st.sql.rfind("DROP TRIGGER", 0) == 0) CHECK_FALSE(st.has_native());
  }
  const json readd = find_native(contract, "add_column");
  REQUIRE_FALSE(readd.is_null());
  CHECK(readd["column"]["nullable"] == true);
  CHECK(readd["column"]["type"]["name"] == "int4");
}

TEST_CASE("rename_table: renames are actions, the compatibility view is SQL", "[ops][native][rename_table]") {
  auto c = ops_test::run("  - rename_table:\n      table: archive\n      to: archived\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  CHECK(steps[0].up[0].native == json{{"kind", "rename_table"},
                                       {"table", table_json("archive")},
                                       {"new_name", "archived"},
                                       {"primary_key_generated", false},
                                       {"index_named_by_convention", false}});
  CHECK_FALSE(steps[0].up[1].has_native());
  CHECK(steps[0].down[1].native == json{{"kind", "rename_table"},
                                         {"table", table_json("archived")},
                                         {"new_name", "archive"},
                                         {"primary_key_generated", false},
                                         {"index_named_by_convention", false}});
}

TEST_CASE("rename_table: what ActiveRecord's rename_table would rename as well", "[ops][native][rename_table]") {
  const std::string schema = std::string(ops_test::kSchemaSql) +
                             "CREATE TABLE serials (id serial PRIMARY KEY);\n"
                             "CREATE TABLE idents (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n"
                             "CREATE TABLE uuids (id uuid DEFAULT gen_random_uuid() PRIMARY KEY, v text);\n"
                             "CREATE INDEX uuids_by_v ON uuids (v);\n"
                             "CREATE TABLE ossp (id uuid DEFAULT public.uuid_generate_v4() PRIMARY KEY);\n"
                             "CREATE TABLE tagged (id bigint PRIMARY KEY, label text);\n"
                             "CREATE INDEX index_tagged_on_label ON tagged (label);\n"
                             "CREATE TABLE dropped (id bigint PRIMARY KEY, label text);\n"
                             "CREATE INDEX index_dropped_on_label ON dropped (label);\n";
  const auto facts = [&](const std::string& ops, std::size_t op) {
    auto c = ops_test::run(ops, "strategy: offline\n", schema);
    INFO(c->report());
    REQUIRE(c->applied);
    const json up = c->steps(op)[0].up[0].native;
    const json down = c->steps(op)[0].down[0].native;
    // The down renames back: the same key, and the indexes in ActiveRecord's naming of the
    // new name (none here).
    CHECK(up["primary_key_generated"] == down["primary_key_generated"]);
    CHECK(down["index_named_by_convention"] == false);
    return std::make_pair(up["primary_key_generated"].get<bool>(), up["index_named_by_convention"].get<bool>());
  };
  using Facts = std::pair<bool, bool>;
  CHECK(facts("  - rename_table: {table: serials, to: s2}\n", 0) == Facts{true, false});
  CHECK(facts("  - rename_table: {table: idents, to: i2}\n", 0) == Facts{true, false});
  // gen_random_uuid() is no generator to ActiveRecord; uuid_generate_v4() is.
  CHECK(facts("  - rename_table: {table: uuids, to: u2}\n", 0) == Facts{false, false});
  CHECK(facts("  - rename_table: {table: ossp, to: o2}\n", 0) == Facts{true, false});
  CHECK(facts("  - rename_table: {table: tagged, to: labels}\n", 0) == Facts{false, true});
  // An index dropped earlier in the change still exists when the rename runs (its drop
  // waits for the contract phase).
  CHECK(facts("  - drop_index: {name: index_dropped_on_label}\n  - rename_table: {table: dropped, to: d2}\n", 1) ==
        Facts{false, true});
}

TEST_CASE("set_default / drop_default undo each other as actions", "[ops][native][set_default]") {
  auto c = ops_test::run("  - drop_default:\n      table: users\n      column: created_at\n");
  REQUIRE(c->applied);
  const auto s = c->steps()[0];
  CHECK(s.up[0].native == json{{"kind", "drop_default"}, {"table", table_json("users")}, {"column", "created_at"}});
  CHECK(s.down[0].native == json{{"kind", "set_default"}, {"table", table_json("users")}, {"column", "created_at"},
                                 {"default", "now()"}});
}

// ---- (3) how much is native -----------------------------------------------------------------

TEST_CASE("statements with and without native actions, counted", "[ops][native][count]") {
  Tally tally = check_every_spec("");
  const Tally offline = check_every_spec("strategy: offline\n");
  tally.with_native += offline.with_native;
  tally.without_native += offline.without_native;
  for (const auto& [k, n] : offline.by_kind) tally.by_kind[k] += n;
  INFO(tally.report());
  WARN("every-operation specs: " << tally.report());
  CHECK(tally.with_native > 0);
  CHECK(tally.without_native > 0);
}
