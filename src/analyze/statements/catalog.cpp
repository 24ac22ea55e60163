// Statements on catalog objects: COMMENT, RENAME, SET SCHEMA, ALTER TYPE ... ADD VALUE,
// and those that lock no table (§4.1 lists those that cannot run in a transaction block).
#include "analyze/statements/analyzer.hpp"

#include <set>

#include "core/text.hpp"

namespace schemashift::analyze::statements {

// §2: COMMENT ON takes SUE on the relation (comment.c), in every version 11-17.
void analyze_comment(const json& s, Analyzer& a) {
  const std::string type = text(s, "objtype");
  const std::vector<std::string> parts = string_list(member(s, "object"));
  static const std::set<std::string> on_relation = {"OBJECT_TABLE",    "OBJECT_VIEW",     "OBJECT_MATVIEW",
                                                    "OBJECT_INDEX",    "OBJECT_SEQUENCE", "OBJECT_FOREIGN_TABLE"};
  // Objects inside a relation: the name list is the relation's name, then the object's.
  static const std::set<std::string> on_member = {"OBJECT_COLUMN", "OBJECT_TABCONSTRAINT", "OBJECT_TRIGGER",
                                                  "OBJECT_POLICY", "OBJECT_RULE"};
  std::string target = core::join(parts, ".");
  if (on_member.count(type) && parts.size() >= 2) {
    const RelationRef rel = relation_from_parts({parts.begin(), parts.end() - 1});
    a.lock(rel, M::ShareUpdateExclusive, Work::Catalog);
    if (type != "OBJECT_COLUMN") target = parts.back() + " ON " + rel.written;  // "CONSTRAINT c ON users"
  } else if (on_relation.count(type)) {
    a.lock(relation_from_parts(parts), M::ShareUpdateExclusive, Work::Catalog);
  }
  a.result.summary = "COMMENT ON " + object_word(type) + (target.empty() ? "" : " " + target);
}

// §2: RENAME of tables, columns and constraints takes AE; ALTER INDEX RENAME takes SUE
// from PG 12 (commit 1b5d797c), AE in PG 11.
void analyze_rename(const json& s, Analyzer& a) {
  const std::string type = text(s, "renameType");
  const RelationRef rel = range_var(member(s, "relation"));
  const std::string newname = text(s, "newname");
  static const std::set<std::string> relation_renames = {"OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW",
                                                         "OBJECT_SEQUENCE", "OBJECT_FOREIGN_TABLE"};
  if (type == "OBJECT_INDEX") {
    a.lock(rel, a.context.pg_version >= 12 ? M::ShareUpdateExclusive : M::AccessExclusive, Work::Catalog);
    a.result.summary = "ALTER INDEX " + rel.written + " RENAME TO " + newname;
  } else if (relation_renames.count(type)) {
    a.lock(rel, M::AccessExclusive, Work::Catalog);
    a.result.summary = "ALTER " + object_word(type) + " " + rel.written + " RENAME TO " + newname;
  } else if (type == "OBJECT_COLUMN" || type == "OBJECT_TABCONSTRAINT") {
    a.lock(rel, M::AccessExclusive, Work::Catalog);
    // relationType is only meaningful for columns (ALTER VIEW v RENAME COLUMN ...).
    const bool column = type == "OBJECT_COLUMN";
    const std::string owner = column ? object_word(text(s, "relationType")) : "TABLE";
    a.result.summary = "ALTER " + owner + " " + rel.written + " RENAME " + (column ? "COLUMN " : "CONSTRAINT ") +
                       text(s, "subname") + " TO " + newname;
  } else if (!rel.written.empty()) {  // trigger, policy, rule: AE on their table
    a.lock(rel, M::AccessExclusive, Work::Catalog);
    a.result.summary = "ALTER " + object_word(type) + " " + text(s, "subname") + " ON " + rel.written +
                       " RENAME TO " + newname;
  } else {  // functions, types, schemas ...: no table lock
    a.result.summary = leading_words(a.statement.text);
  }
}

void analyze_set_schema(const json& s, Analyzer& a) {
  const RelationRef rel = range_var(member(s, "relation"));
  const std::string type = object_word(text(s, "objectType"));
  if (rel.written.empty()) {
    a.result.summary = "ALTER " + type + " SET SCHEMA " + text(s, "newschema");
    return;
  }
  a.lock(rel, M::AccessExclusive, Work::Catalog);  // §2
  a.result.summary = "ALTER " + type + " " + rel.written + " SET SCHEMA " + text(s, "newschema");
}

// §2 / §4.1: ADD VALUE locks the type, not tables; PG 11 refuses it in a transaction block,
// PG 12+ allows it but the value is unusable until commit.
void analyze_alter_enum(const json& s, Analyzer& a) {
  const std::string type = core::join(string_list(member(s, "typeName")), ".");
  if (!text(s, "oldVal").empty()) {
    a.result.summary = "ALTER TYPE " + type + " RENAME VALUE";
    return;
  }
  a.result.summary = "ALTER TYPE " + type + " ADD VALUE '" + text(s, "newVal") + "'";
  if (a.context.pg_version < 12) {
    a.outside_transaction();
  } else {
    a.note("the new value cannot be used until the transaction commits");
  }
}

void analyze_catalog_only(const json&, Analyzer& a) { a.result.summary = leading_words(a.statement.text); }

void analyze_never_in_transaction(const json&, Analyzer& a) {
  a.result.summary = leading_words(a.statement.text);
  a.outside_transaction();
}

void analyze_alter_database(const json& s, Analyzer& a) {
  a.result.summary = leading_words(a.statement.text);
  if (has_option(member(s, "options"), "tablespace")) a.outside_transaction();
}

void analyze_discard(const json& s, Analyzer& a) {
  a.result.summary = leading_words(a.statement.text);
  if (text(s, "target") == "DISCARD_ALL") a.outside_transaction();
}

// CREATE SUBSCRIPTION creates a replication slot unless told not to (connect = false or
// create_slot = false); creating a slot cannot run in a transaction block (§4.1).
void analyze_create_subscription(const json& s, Analyzer& a) {
  a.result.summary = "CREATE SUBSCRIPTION " + text(s, "subname");
  bool creates_slot = true;
  for (const auto& item : items(member(s, "options"))) {
    const json& def = body(item, "DefElem");
    const std::string name = text(def, "defname");
    const std::string value = core::lower(string_value(member(def, "arg")));
    if ((name == "create_slot" || name == "connect") && (value == "false" || value == "off" || value == "0")) {
      creates_slot = false;
    }
  }
  if (creates_slot) a.outside_transaction();
}

void analyze_drop_subscription(const json& s, Analyzer& a) {
  a.result.summary = "DROP SUBSCRIPTION " + text(s, "subname");
  a.outside_transaction();
  a.note("cannot run in a transaction block while the subscription has a replication slot");
}

}  // namespace schemashift::analyze::statements
