#include "render/liquibase_xml.hpp"

#include <tinyxml2.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/text.hpp"
#include "ops/sql_fragments.hpp"
#include "sql/quote.hpp"

// How a step becomes a changeSet (one per step, so `rollback-count` undoes exactly one
// step at a time, newest first):
//
//   <changeSet id="issue-N-<version>-<k>" author=<spec author> labels="issue-N,<phase>"
//              [runInTransaction="false"]>            non-transactional migrations only
//     <preConditions onFail="MARK_RAN">               the step's IF [NOT] EXISTS guard
//     <comment>Issue #N: <step title>. <why></comment>
//     <sql>SET LOCAL lock_timeout ...</sql>           transactional: lock_timeout,
//     <sql>SET LOCAL statement_timeout ...</sql>      statement_timeout, client_min_messages;
//     <sql>SET LOCAL client_min_messages ...</sql>    non-transactional: SET ... RESET
//                                                     (client_min_messages: not for a `sql` operation)
//     <createTable/> <addColumn/> ... or <sql>        one per up statement
//     <rollback>                                      always present (empty: nothing to undo)
//       the same settings, then the step's down statements, native where possible
//     </rollback>
//   </changeSet>
//
// Every native kind has one small renderer below and, where Liquibase would not write
// exactly the SQL next to it, a "blocker" saying why; a blocked statement is written as
// <sql> with the SQL backend's own text, so the catalog is always the SQL backend's.

namespace schemashift::render {

namespace {

using nlohmann::json;
using tinyxml2::XMLDocument;
using tinyxml2::XMLElement;
using tinyxml2::XMLNode;

const char* const kNamespace = "http://www.liquibase.org/xml/ns/dbchangelog";
const char* const kXsi = "http://www.w3.org/2001/XMLSchema-instance";
const char* const kSchemaLocation =
    "http://www.liquibase.org/xml/ns/dbchangelog "
    "http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.28.xsd";

// ------------------------------------------------------------------ reading the context

const json& field(const json& j, const char* key) {
  static const json absent;
  if (!j.is_object()) return absent;
  const auto it = j.find(key);
  return it == j.end() ? absent : *it;
}

std::string str(const json& j, const char* key) {
  const json& v = field(j, key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

bool flag(const json& j, const char* key) {
  const json& v = field(j, key);
  return v.is_boolean() && v.get<bool>();
}

// "a,b": Liquibase's list attributes (columnNames, baseColumnNames, ...).
std::string csv(const json& names) {
  std::vector<std::string> parts;
  for (const auto& n : names) parts.push_back(n.get<std::string>());
  return core::join(parts, ",");
}

// A native table reference as the model's name, so the few statements this engine writes
// as SQL itself (CHECK constraints of a createTable) come from the ops' own SQL builders.
model::QualifiedName table_name(const json& table) { return {str(table, "schema"), str(table, "name")}; }

// ------------------------------------------------------------------ XML building blocks

// XML 1.0 cannot carry most control characters at all, not even as character references:
// refuse instead of writing a file no parser reads.
void check_xml_chars(const std::string& s, const std::string& what) {
  for (unsigned char c : s) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      throw core::Error("liquibase: " + what + " contains control character " + std::to_string(c) +
                        ", which XML 1.0 cannot represent");
    }
  }
}

XMLElement* add(XMLNode* parent, const char* name) {
  XMLElement* e = parent->GetDocument()->NewElement(name);
  parent->InsertEndChild(e);
  return e;
}

// tinyxml2 escapes & < > " ' in attribute values. A tab or line break would be kept raw and
// then turned into a space by every XML parser (attribute-value normalisation), so callers
// never put one in an attribute: the blockers below send such values to <sql>.
void attr(XMLElement* e, const char* name, const std::string& value) {
  check_xml_chars(value, std::string("attribute ") + name);
  e->SetAttribute(name, value.c_str());
}

// Text content keeps line breaks and tabs. CDATA when the text has markup characters, so
// SQL such as `a >= 0` stays readable; escaped text when it contains "]]>" (which ends a
// CDATA section). A CR would silently become LF in every XML parser (line-end
// normalisation), which changes a string literal: refused (YAML already normalises line
// breaks, so only an explicit "\r" in a spec can bring one).
void text(XMLElement* e, const std::string& s) {
  check_xml_chars(s, std::string("<") + e->Name() + ">");
  if (s.find('\r') != std::string::npos) {
    throw core::Error(std::string("liquibase: <") + e->Name() +
                      "> text contains a carriage return, which XML turns into a line feed");
  }
  tinyxml2::XMLText* t = e->GetDocument()->NewText(s.c_str());
  t->SetCData(s.find_first_of("<>&") != std::string::npos && s.find("]]>") == std::string::npos);
  e->InsertEndChild(t);
}

// An XML comment may not contain "--" nor end with "-".
void comment(XMLNode* parent, std::string s) {
  check_xml_chars(s, "comment");
  for (std::size_t p; (p = s.find("--")) != std::string::npos;) s.replace(p, 2, "- -");
  if (!s.empty() && s.back() == '-') s += ' ';
  parent->InsertEndChild(parent->GetDocument()->NewComment(s.c_str()));
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool attribute_safe(const std::string& s) { return s.find_first_of("\t\n\r") == std::string::npos; }

// tableName + schemaName (only when the SQL names a schema: otherwise the search path
// decides, as for the SQL backend).
void set_table(XMLElement* e, const json& table, const char* name_attr = "tableName",
               const char* schema_attr = "schemaName") {
  if (!str(table, "schema").empty()) attr(e, schema_attr, str(table, "schema"));
  attr(e, name_attr, str(table, "name"));
}

// One statement verbatim. splitStatements="false": Liquibase would otherwise cut the text
// at every ';', including those inside dollar-quoted function and DO bodies.
// stripComments="false": comments inside a body are part of it (and a "--" inside a string
// literal is not a comment).
void sql(XMLNode* parent, const std::string& statement) {
  XMLElement* e = add(parent, "sql");
  attr(e, "splitStatements", "false");
  attr(e, "stripComments", "false");
  text(e, statement);
}

// ------------------------------------------------------------------ blockers

// Liquibase replaces a computed default that starts with current_timestamp (or its
// placeholder current_datetime) by NOW(): CURRENT_TIMESTAMP(3) would lose its precision
// and the catalog would read now() instead of CURRENT_TIMESTAMP. Any other expression is
// written as given.
std::string default_blocker(const json& value) {
  if (!value.is_string()) return "";
  const std::string d = core::lower(core::trim(value.get<std::string>()));
  if (core::starts_with(d, "current_timestamp") || core::starts_with(d, "current_datetime")) {
    return "Liquibase rewrites a " + value.get<std::string>() + " default as NOW()";
  }
  return "";
}

// Every string that becomes an attribute must survive attribute-value normalisation.
// CHECK expressions of a createTable are written as SQL text, so they are exempt.
std::string attributes_blocker(const json& j) {
  if (j.is_string()) {
    return attribute_safe(j.get<std::string>()) ? "" : "a value with a tab or line break cannot be an XML attribute";
  }
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "checks") continue;
      std::string why = attributes_blocker(it.value());
      if (!why.empty()) return why;
    }
  } else if (j.is_array()) {
    for (const auto& v : j) {
      std::string why = attributes_blocker(v);
      if (!why.empty()) return why;
    }
  }
  return "";
}

std::string create_table_blocker(const json& n) {
  for (const auto& c : field(n, "columns")) {
    std::string why = default_blocker(field(c, "default"));
    if (!why.empty()) return why;
  }
  return "";
}

std::string add_column_blocker(const json& n) { return default_blocker(field(field(n, "column"), "default")); }

std::string set_default_blocker(const json& n) { return default_blocker(field(n, "default")); }

// modifyDataType always writes USING (c::type); a different USING expression has no place.
std::string alter_column_type_blocker(const json& n) {
  return field(n, "using").is_null() ? "" : "modifyDataType cannot take a USING expression";
}

// createIndex knows columns, computed expressions, DESC and UNIQUE; CONCURRENTLY cannot
// run in the transaction Liquibase opens (and is not an option of the change).
std::string create_index_blocker(const json& n) {
  if (flag(n, "concurrently")) return "CREATE INDEX CONCURRENTLY runs outside a transaction: SQL";
  const std::string method = str(n, "method");
  if (!method.empty() && method != "btree") return "createIndex has no index method (USING " + method + ")";
  if (!field(n, "where").is_null()) return "createIndex has no WHERE clause (partial index) in Liquibase Open Source";
  if (!field(n, "include").empty()) return "createIndex has no INCLUDE columns";
  for (const auto& e : field(n, "elements")) {
    if (!field(e, "opclass").is_null()) return "createIndex has no operator class";
    if (!field(e, "nulls").is_null()) return "createIndex has no NULLS FIRST / LAST";
  }
  return "";
}

std::string drop_index_blocker(const json& n) {
  return flag(n, "concurrently") ? "DROP INDEX CONCURRENTLY runs outside a transaction: SQL" : "";
}

std::string key_constraint_blocker(const json& n) {
  return flag(n, "not_valid") ? "PostgreSQL has no NOT VALID for this constraint" : "";
}

std::string drop_constraint_blocker(const json& n) {
  return str(n, "constraint") == "check" ? "Liquibase Open Source has no dropCheckConstraint" : "";
}

// ------------------------------------------------------------------ renderers, one per kind

// name, type, computed default (raw SQL, never re-quoted) and identity of a column.
void column_attributes(XMLElement* col, const json& c) {
  attr(col, "name", str(c, "name"));
  attr(col, "type", str(field(c, "type"), "native"));
  if (!field(c, "default").is_null()) attr(col, "defaultValueComputed", str(c, "default"));
  const std::string identity = str(c, "identity");
  if (!identity.empty()) {
    // GENERATED ALWAYS / BY DEFAULT AS IDENTITY, sequence named by PostgreSQL as in the SQL.
    attr(col, "autoIncrement", "true");
    attr(col, "generationType", identity == "always" ? "ALWAYS" : "BY DEFAULT");
  }
}

bool contains(const json& list, const json& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// A primary key can sit on the columns (Liquibase then writes one CONSTRAINT name PRIMARY
// KEY (cols) in table order) only when its columns are in table order.
bool primary_key_in_table_order(const json& columns, const json& pk_columns) {
  json in_table_order = json::array();
  for (const auto& c : columns) {
    if (contains(pk_columns, c.at("name"))) in_table_order.push_back(c.at("name"));
  }
  return in_table_order == pk_columns;
}

void add_primary_key_change(XMLNode* parent, const json& table, const json& pk) {
  XMLElement* e = add(parent, "addPrimaryKey");
  set_table(e, table);
  attr(e, "columnNames", csv(field(pk, "columns")));
  attr(e, "constraintName", str(pk, "name"));
}

void add_unique_change(XMLNode* parent, const json& table, const json& u) {
  XMLElement* e = add(parent, "addUniqueConstraint");
  set_table(e, table);
  attr(e, "columnNames", csv(field(u, "columns")));
  attr(e, "constraintName", str(u, "name"));
}

// ON DELETE / ON UPDATE only when not the default NO ACTION; validate="false" is NOT VALID.
void foreign_key_change(XMLNode* parent, const json& table, const json& fk, bool not_valid) {
  XMLElement* e = add(parent, "addForeignKeyConstraint");
  set_table(e, table, "baseTableName", "baseTableSchemaName");
  attr(e, "baseColumnNames", csv(field(fk, "columns")));
  attr(e, "constraintName", str(fk, "name"));
  set_table(e, field(fk, "ref_table"), "referencedTableName", "referencedTableSchemaName");
  attr(e, "referencedColumnNames", csv(field(fk, "ref_columns")));
  for (const auto& [key, name] : {std::pair{"on_delete", "onDelete"}, std::pair{"on_update", "onUpdate"}}) {
    const std::string action = str(fk, key);
    if (!action.empty() && action != "no action") attr(e, name, upper(action));
  }
  if (not_valid) attr(e, "validate", "false");
}

// createTable, then the constraints Liquibase cannot put on a column exactly: a primary
// key out of table order, UNIQUE and FOREIGN KEY constraints (named, multi-column, any
// ON DELETE action) as their own changes, CHECKs as SQL (no check change in Open Source).
// All of it in the one changeSet, i.e. one transaction, like the CREATE TABLE it stands for.
void create_table(XMLElement* parent, const json& n) {
  const json& table = field(n, "table");
  const json& pk = field(n, "primary_key");
  const bool pk_on_columns = pk.is_object() && primary_key_in_table_order(field(n, "columns"), field(pk, "columns"));
  XMLElement* ct = add(parent, "createTable");
  set_table(ct, table);
  for (const auto& c : field(n, "columns")) {
    XMLElement* col = add(ct, "column");
    column_attributes(col, c);
    const bool in_pk = pk_on_columns && contains(field(pk, "columns"), c.at("name"));
    if (!flag(c, "nullable") || in_pk) {
      XMLElement* cons = add(col, "constraints");
      if (in_pk) {
        attr(cons, "primaryKey", "true");
        attr(cons, "primaryKeyName", str(pk, "name"));
      }
      if (!flag(c, "nullable")) attr(cons, "nullable", "false");
    }
  }
  if (pk.is_object() && !pk_on_columns) add_primary_key_change(parent, table, pk);
  for (const auto& u : field(n, "uniques")) add_unique_change(parent, table, u);
  for (const auto& fk : field(n, "foreign_keys")) foreign_key_change(parent, table, fk, false);
  for (const auto& c : field(n, "checks")) {
    model::Constraint check;
    check.kind = model::ConstraintKind::Check;
    check.name = str(c, "name");
    check.check_sql = str(c, "expression");
    sql(parent, ops::add_constraint_sql(table_name(table), check, false));
  }
}

void drop_table(XMLElement* parent, const json& n) { set_table(add(parent, "dropTable"), field(n, "table")); }

void rename_table(XMLElement* parent, const json& n) {
  XMLElement* e = add(parent, "renameTable");
  const json& table = field(n, "table");
  if (!str(table, "schema").empty()) attr(e, "schemaName", str(table, "schema"));
  attr(e, "oldTableName", str(table, "name"));
  attr(e, "newTableName", str(n, "new_name"));
}

// <element tableName=.. [schemaName=..] columnName=..>: the shape of every single-column change.
XMLElement* column_change(XMLElement* parent, const char* element, const json& n) {
  XMLElement* e = add(parent, element);
  set_table(e, field(n, "table"));
  attr(e, "columnName", str(n, "column"));
  return e;
}

// One ALTER TABLE ... ADD: Liquibase writes "ADD c type DEFAULT e NOT NULL", a catalog-only
// change for a constant default, exactly as the SQL.
void add_column(XMLElement* parent, const json& n) {
  XMLElement* e = add(parent, "addColumn");
  set_table(e, field(n, "table"));
  const json& c = field(n, "column");
  XMLElement* col = add(e, "column");
  column_attributes(col, c);
  if (!flag(c, "nullable")) attr(add(col, "constraints"), "nullable", "false");
}

void drop_column(XMLElement* parent, const json& n) {
  column_change(parent, "dropColumn", n);
}

void rename_column(XMLElement* parent, const json& n) {
  XMLElement* e = add(parent, "renameColumn");
  set_table(e, field(n, "table"));
  attr(e, "oldColumnName", str(n, "column"));
  attr(e, "newColumnName", str(n, "new_name"));
}

// Liquibase writes ALTER COLUMN c TYPE t USING (c::t): the same conversion PostgreSQL
// applies without USING, and the same (lack of) rewrite for binary-coercible changes.
void alter_column_type(XMLElement* parent, const json& n) {
  XMLElement* e = column_change(parent, "modifyDataType", n);
  attr(e, "newDataType", str(field(n, "type"), "native"));
}

void set_not_null(XMLElement* parent, const json& n) {
  column_change(parent, "addNotNullConstraint", n);
}

void drop_not_null(XMLElement* parent, const json& n) {
  column_change(parent, "dropNotNullConstraint", n);
}

// defaultValueComputed: the SQL expression as the SQL backend writes it ('pending', now()).
void set_default(XMLElement* parent, const json& n) {
  XMLElement* e = column_change(parent, "addDefaultValue", n);
  attr(e, "defaultValueComputed", str(n, "default"));
}

void drop_default(XMLElement* parent, const json& n) {
  column_change(parent, "dropDefaultValue", n);
}

// An expression element is a computed column, in parentheses so that any expression (not
// only a function call) is valid index syntax; PostgreSQL stores the same definition.
void create_index(XMLElement* parent, const json& n) {
  XMLElement* e = add(parent, "createIndex");
  set_table(e, field(n, "table"));
  attr(e, "indexName", str(n, "name"));
  if (flag(n, "unique")) attr(e, "unique", "true");
  for (const auto& el : field(n, "elements")) {
    XMLElement* col = add(e, "column");
    if (field(el, "expression").is_string()) {
      attr(col, "name", "(" + str(el, "expression") + ")");
      attr(col, "computed", "true");
    } else {
      attr(col, "name", str(el, "column"));
    }
    if (flag(el, "descending")) attr(col, "descending", "true");
  }
}

// The index's own schema (an index lives in its table's schema).
void drop_index(XMLElement* parent, const json& n) {
  XMLElement* e = add(parent, "dropIndex");
  const json& index = field(n, "index");
  if (!str(index, "schema").empty()) attr(e, "schemaName", str(index, "schema"));
  attr(e, "tableName", str(field(n, "table"), "name"));
  attr(e, "indexName", str(n, "name"));
}

void add_foreign_key(XMLElement* parent, const json& n) {
  foreign_key_change(parent, field(n, "table"), n, flag(n, "not_valid"));
}

void add_unique(XMLElement* parent, const json& n) { add_unique_change(parent, field(n, "table"), n); }

void add_primary_key(XMLElement* parent, const json& n) { add_primary_key_change(parent, field(n, "table"), n); }

void drop_constraint(XMLElement* parent, const json& n) {
  const std::string type = str(n, "constraint");
  const json& table = field(n, "table");
  XMLElement* e = nullptr;
  if (type == "foreign_key") {
    e = add(parent, "dropForeignKeyConstraint");
    set_table(e, table, "baseTableName", "baseTableSchemaName");
  } else if (type == "unique") {
    e = add(parent, "dropUniqueConstraint");
    set_table(e, table);
  } else {
    e = add(parent, "dropPrimaryKey");
    set_table(e, table);
  }
  attr(e, "constraintName", str(n, "name"));
}

// No remarks attribute: Liquibase writes COMMENT ... IS '', which PostgreSQL stores as no
// comment, like the SQL's IS NULL.
void set_column_comment(XMLElement* parent, const json& n) {
  XMLElement* e = add(parent, "setColumnRemarks");
  set_table(e, field(n, "table"));
  attr(e, "columnName", str(n, "column"));
  if (field(n, "comment").is_string()) attr(e, "remarks", str(n, "comment"));
}

void set_table_comment(XMLElement* parent, const json& n) {
  XMLElement* e = add(parent, "setTableRemarks");
  set_table(e, field(n, "table"));
  if (field(n, "comment").is_string()) attr(e, "remarks", str(n, "comment"));
}

// ------------------------------------------------------------------ preconditions

// The natural check for a statement guarded with IF [NOT] EXISTS, under <preConditions>;
// false when the kind has none.
bool add_guard(XMLElement* pre, const json& n) {
  const std::string kind = str(n, "kind");
  const json& table = field(n, "table");
  const bool negate = flag(n, "if_not_exists");
  XMLElement* parent = negate ? add(pre, "not") : pre;
  XMLElement* check = nullptr;
  if (kind == "create_table" || kind == "drop_table") {
    check = add(parent, "tableExists");
    set_table(check, table);
  } else if (kind == "add_column" || kind == "drop_column") {
    check = add(parent, "columnExists");
    set_table(check, table);
    attr(check, "columnName", kind == "add_column" ? str(field(n, "column"), "name") : str(n, "column"));
  } else if (kind == "create_index" || kind == "drop_index") {
    check = add(parent, "indexExists");
    set_table(check, table);
    attr(check, "indexName", str(n, "name"));
  } else if (kind == "drop_constraint" && str(n, "constraint") == "foreign_key") {
    check = add(parent, "foreignKeyConstraintExists");
    set_table(check, table, "foreignKeyTableName");
    attr(check, "foreignKeyName", str(n, "name"));
  } else if (kind == "drop_constraint" && str(n, "constraint") == "unique") {
    check = add(parent, "uniqueConstraintExists");
    set_table(check, table);
    attr(check, "constraintName", str(n, "name"));
  } else if (kind == "drop_constraint" && str(n, "constraint") == "primary_key") {
    check = add(parent, "primaryKeyExists");
    set_table(check, table);
    attr(check, "primaryKeyName", str(n, "name"));
  }
  if (!check && negate) pre->DeleteChild(parent);
  return check != nullptr;
}

// ------------------------------------------------------------------ dispatch

// ADD CONSTRAINT ... UNIQUE USING INDEX has no Liquibase change: addUniqueConstraint with
// forIndexName writes "UNIQUE (cols) USING INDEX i" on PostgreSQL (AddUniqueConstraintGenerator,
// 4.28), which the server's grammar rejects. Listed as a kind only so that the changeSet says
// why it holds SQL; its rollback (DROP CONSTRAINT, which drops the index too) is native.
std::string using_index_blocker(const json&) {
  return "SQL: Liquibase has no change for ADD CONSTRAINT ... UNIQUE USING INDEX (addUniqueConstraint "
         "forIndexName writes UNIQUE (columns) USING INDEX, which PostgreSQL rejects)";
}
void never_rendered(XMLElement*, const json&) {}

struct NativeKind {
  const char* kind;
  void (*render)(XMLElement* parent, const json& native);
  std::string (*blocker)(const json& native);  // why Liquibase cannot say it exactly; null: it always can
};

const NativeKind kKinds[] = {
    {"create_table", create_table, create_table_blocker},
    {"drop_table", drop_table, nullptr},
    {"rename_table", rename_table, nullptr},
    {"add_column", add_column, add_column_blocker},
    {"drop_column", drop_column, nullptr},
    {"rename_column", rename_column, nullptr},
    {"alter_column_type", alter_column_type, alter_column_type_blocker},
    {"set_not_null", set_not_null, nullptr},
    {"drop_not_null", drop_not_null, nullptr},
    {"set_default", set_default, set_default_blocker},
    {"drop_default", drop_default, nullptr},
    {"create_index", create_index, create_index_blocker},
    {"drop_index", drop_index, drop_index_blocker},
    {"add_foreign_key", add_foreign_key, nullptr},
    {"add_unique", add_unique, key_constraint_blocker},
    {"add_primary_key", add_primary_key, key_constraint_blocker},
    {"add_unique_using_index", never_rendered, using_index_blocker},
    {"drop_constraint", drop_constraint, drop_constraint_blocker},
    {"set_column_comment", set_column_comment, nullptr},
    {"set_table_comment", set_table_comment, nullptr},
};

const NativeKind& find_kind(const std::string& kind) {
  for (const auto& k : kKinds) {
    if (kind == k.kind) return k;
  }
  throw core::Error("liquibase: the descriptor lists native kind '" + kind +
                    "', which the liquibase-xml engine cannot render; remove it from `native:`");
}

// "" when the statement's native action can be written as a Liquibase change, else why not.
// A statement without an action (resolved to false) is simply SQL, with no reason to give.
std::string native_blocker(const json& st) {
  const json& n = field(st, "native");
  if (!n.is_object()) return "SQL";
  const NativeKind& k = find_kind(str(n, "kind"));
  std::string why = k.blocker ? k.blocker(n) : "";
  if (why.empty()) why = attributes_blocker(n);
  return why;
}

bool guarded(const json& n) { return flag(n, "if_exists") || flag(n, "if_not_exists"); }

void render_statement(XMLElement* parent, const json& st, bool native_allowed) {
  const std::string why = native_blocker(st);
  if (native_allowed && why.empty()) {
    const json& n = field(st, "native");
    find_kind(str(n, "kind")).render(parent, n);
    return;
  }
  if (field(st, "native").is_object()) comment(parent, " " + (why.empty() ? "SQL: keeps its IF [NOT] EXISTS guard" : why) + " ");
  sql(parent, str(st, "sql"));
}

// ------------------------------------------------------------------ changeSets

// Liquibase logs every server NOTICE as a WARNING ("WARNING [liquibase.executor] backfill
// users.x: done, ..."), so the changes run with client_min_messages = warning: progress
// notices of batched backfills and "already exists, skipping" stay out of the log, real
// warnings and errors do not. Not the changeSets of a `sql` operation: the user's own SQL
// runs with the session's setting, so the NOTICEs it raises are seen.
const char* const kQuietNotices = "client_min_messages = warning";

// Transactional changeSets: fail fast instead of queueing behind a long transaction, inside
// the changeSet's own transaction (SET LOCAL ends with it), as the SQL backend's files do.
void transaction_settings(XMLElement* parent, const json& migration, bool quiet) {
  sql(parent, "SET LOCAL lock_timeout = " + sql::quote_literal(str(migration, "lock_timeout")));
  sql(parent, "SET LOCAL statement_timeout = " + sql::quote_literal(str(migration, "statement_timeout")));
  if (quiet) sql(parent, std::string("SET LOCAL ") + kQuietNotices);
}

// runInTransaction="false" changeSets run statement by statement on the connection Liquibase
// keeps for the whole update: set for the session, reset at the end (after the changes).
void session_settings(XMLElement* parent) { sql(parent, std::string("SET ") + kQuietNotices); }
void reset_session_settings(XMLElement* parent) { sql(parent, "RESET client_min_messages"); }

// The user's own SQL (a `sql` operation's step) keeps the session's client_min_messages.
bool quiet_notices(const json& step) { return str(step, "operation") != "sql"; }

// The statements of a step (up or down) between the settings that wrap them.
template <typename Body>
void with_settings(XMLElement* parent, const json& migration, const json& step, bool transactional, Body body) {
  const bool quiet = quiet_notices(step);
  if (transactional) {
    transaction_settings(parent, migration, quiet);
    body();
  } else {
    if (quiet) session_settings(parent);
    body();
    if (quiet) reset_session_settings(parent);
  }
}

std::string change_set_id(const json& change, const json& migration, std::size_t step_number) {
  return "issue-" + str(change, "issue") + "-" + str(migration, "version") + "-" + std::to_string(step_number);
}

// The native statement whose guard (IF [NOT] EXISTS) becomes the changeSet's precondition,
// or null. A precondition covers the whole changeSet, so a step with two guarded native
// statements gets none: both stay SQL, guards and all.
const json* guarded_native(const json& step) {
  const json* found = nullptr;
  int count = 0;
  for (const auto& st : field(step, "up_statements")) {
    const json& n = field(st, "native");
    if (native_blocker(st).empty() && guarded(n)) {
      found = &n;
      ++count;
    }
  }
  return count == 1 ? found : nullptr;
}

// <preConditions onFail="MARK_RAN">: when the object is already there (or already gone),
// the changeSet is recorded as ran without running, as the SQL's guard would skip it.
bool preconditions(XMLElement* cs, const json& n) {
  XMLElement* pre = add(cs, "preConditions");
  attr(pre, "onFail", "MARK_RAN");
  attr(pre, "onFailMessage", std::string("already applied: the SQL's IF ") +
                                 (flag(n, "if_not_exists") ? "NOT EXISTS" : "EXISTS") + " guard skips it");
  if (add_guard(pre, n)) return true;
  cs->DeleteChild(pre);
  return false;
}

// The rollback runs the step's down statements in their order, natively even when guarded:
// Liquibase rolls back only changeSets it recorded (preconditions are not evaluated on
// rollback, and a changeSet marked ran is rolled back too, like the SQL backend's down).
void rollback(XMLElement* cs, const json& migration, const json& step, bool transactional) {
  XMLElement* rb = add(cs, "rollback");
  if (!flag(step, "has_down")) {
    // An empty <rollback> tells Liquibase there is nothing to undo (it would otherwise
    // refuse to roll back a changeSet made of <sql>).
    const std::string note = str(step, "down_note");
    comment(rb, " nothing to undo" + (note.empty() ? std::string() : ": " + note) + " ");
    return;
  }
  if (!str(step, "down_note").empty()) comment(rb, " WARNING: " + str(step, "down_note") + " ");
  with_settings(rb, migration, step, transactional, [&] {
    for (const auto& st : field(step, "down_statements")) render_statement(rb, st, true);
  });
}

void change_set(XMLElement* root, const json& change, const json& migration, const json& step, std::size_t k) {
  const bool transactional = flag(migration, "transactional");
  XMLElement* cs = add(root, "changeSet");
  attr(cs, "id", change_set_id(change, migration, k));
  const std::string author = str(change, "author");
  attr(cs, "author", author.empty() ? std::string("schemashift") : author);
  attr(cs, "labels", "issue-" + str(change, "issue") + "," + str(migration, "phase"));
  // CONCURRENTLY and DO blocks that COMMIT per batch cannot run in a transaction block.
  if (!transactional) attr(cs, "runInTransaction", "false");
  const json* guard = guarded_native(step);
  const bool has_precondition = guard && preconditions(cs, *guard);
  const std::string why = str(step, "why");
  text(add(cs, "comment"), "Issue #" + str(change, "issue") + ": " + str(step, "title") + (why.empty() ? "" : ". " + why));
  with_settings(cs, migration, step, transactional, [&] {
    for (const auto& st : field(step, "up_statements")) {
      // A guarded statement without the precondition keeps its guard: SQL.
      const json& n = field(st, "native");
      render_statement(cs, st, !guarded(n) || (has_precondition && &n == guard));
    }
  });
  rollback(cs, migration, step, transactional);
}

std::string migration_comment(const json& change, const json& m) {
  std::string s = " Migration " + str(m, "number") + " of " + str(change, "migration_count") + ": " + str(m, "name") +
                  "\n     Phase: " + str(m, "phase") + " (" + str(m, "phase_description") + ")" +
                  "\n     Transaction: " +
                  (flag(m, "transactional") ? "yes, one per changeSet" : "no (runInTransaction=\"false\")") +
                  "; estimated " + str(m, "estimated") + "; verdict " + str(m, "verdict") +
                  "\n     Locks on existing tables: " + str(m, "locks_text");
  if (flag(m, "requires_review")) {
    s += "\n     REVIEW REQUIRED: contract phase. Apply only after every running application version"
         "\n     has stopped using the old shape.";
  }
  return s + " ";
}

std::string header_comment(const json& change, std::size_t change_sets) {
  const std::string n = std::to_string(change_sets);
  return "\n    Issue #" + str(change, "issue") + ": " + str(change, "title") + "\n    Generated by " +
         str(change, "generator") + " from " + str(change, "spec_file") +
         "; edit the spec and re-run scaffold rather than this file." + "\n    Author: " + str(change, "author") +
         "; created " + str(change, "created_human") + "\n    " + str(change, "migration_count") +
         " migrations, " + n +
         " changeSets (one per step), labelled issue-" + str(change, "issue") +
         " and with their phase, to be deployed in order." +
         "\n    Apply with `liquibase update`; undo with `liquibase rollback-count` (count=" + n +
         " undoes all of it, newest first)." + "\n";
}

std::size_t count_steps(const json& change) {
  std::size_t n = 0;
  for (const auto& m : field(change, "migrations")) n += field(m, "steps").size();
  return n;
}

// The XML declaration, the header comment and the <databaseChangeLog> root with the 4.28 XSD.
XMLElement* changelog_root(XMLDocument& doc, const std::string& header) {
  doc.InsertEndChild(doc.NewDeclaration());
  comment(&doc, header);
  XMLElement* root = add(&doc, "databaseChangeLog");
  attr(root, "xmlns", kNamespace);
  attr(root, "xmlns:xsi", kXsi);
  attr(root, "xsi:schemaLocation", kSchemaLocation);
  return root;
}

std::string printed(const XMLDocument& doc) {
  tinyxml2::XMLPrinter printer;
  doc.Print(&printer);
  std::string out = printer.CStr();
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

}  // namespace

std::string liquibase_xml_path(const Backend& backend) {
  if (backend.files.size() != 1 || backend.files.front().each != "change") {
    throw core::Error("liquibase: formats/" + backend.id + ".yaml must have exactly one file rule with `each: change`");
  }
  return backend.files.front().path;
}

std::vector<RenderedFile> render_liquibase_xml(const Backend& backend, const nlohmann::json& context) {
  const std::string path = liquibase_xml_path(backend);
  XMLDocument doc;
  XMLElement* root = changelog_root(doc, header_comment(context, count_steps(context)));
  // The changeSets' identity (id, author, path) must not depend on where the user puts the
  // file or how the master changelog includes it.
  attr(root, "logicalFilePath", "schemashift/issue-" + str(context, "issue") + "/changelog.xml");
  for (const auto& m : field(context, "migrations")) {
    comment(root, migration_comment(context, m));
    std::size_t k = 0;
    for (const auto& step : field(m, "steps")) change_set(root, context, m, step, ++k);
  }
  return {{path, printed(doc)}};
}

std::string liquibase_master_changelog(const std::string& header, const std::vector<std::string>& includes) {
  XMLDocument doc;
  XMLElement* root = changelog_root(doc, header);
  for (const auto& file : includes) {
    XMLElement* include = add(root, "include");
    attr(include, "file", file);
    attr(include, "relativeToChangelogFile", "true");
  }
  return printed(doc);
}

}  // namespace schemashift::render
