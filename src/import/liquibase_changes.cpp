#include "import/liquibase_changes.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/text.hpp"
#include "sql/quote.hpp"

namespace schemashift::import {

namespace fs = std::filesystem;
using render::XmlElement;

void SqlBuilder::statement(const std::string& sql, const core::SourceLocation& at) {
  origins.push_back({text.size(), at});
  text += sql + ";\n";
}

void SqlBuilder::script(const std::string& sql, const core::SourceLocation& at) {
  origins.push_back({text.size(), at});
  text += sql;
  // A last statement without its ';' (Liquibase sends it as it is) ends here.
  std::string tail = core::trim(sql);
  if (!tail.empty() && tail.back() != ';') text += "\n;";
  if (text.empty() || text.back() != '\n') text += '\n';
}

std::string liquibase_name(const std::string& name, bool quote_all) {
  std::string n = core::trim(name);
  if (quote_all) return "\"" + [&] {
    std::string q;
    for (char c : n) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q;
  }() + "\"";
  const bool has_upper = std::any_of(n.begin(), n.end(), [](unsigned char c) { return std::isupper(c); });
  const bool has_lower = std::any_of(n.begin(), n.end(), [](unsigned char c) { return std::islower(c); });
  // A mixed-case name keeps its case (quoted); any other is the folded name PostgreSQL
  // would make of it unquoted, quoted where PostgreSQL needs it (keywords, other characters).
  if (has_upper && has_lower) return liquibase_name(n, true);
  return sql::quote_ident(core::lower(n));
}

namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool truthy(const std::string& v) { return core::lower(core::trim(v)) == "true"; }

std::vector<std::string> csv(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s + ",") {
    if (c == ',') {
      if (!core::trim(cur).empty()) out.push_back(core::trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

// The type's name in lower case without its parameters, and the parameters ("(10,2)").
std::pair<std::string, std::string> split_type(const std::string& type) {
  const std::string t = core::trim(type);
  const auto paren = t.find('(');
  if (paren == std::string::npos) return {core::lower(t), ""};
  const auto close = t.rfind(')');
  std::string rest = close == std::string::npos ? "" : core::trim(t.substr(close + 1));
  return {core::lower(core::trim(t.substr(0, paren)) + (rest.empty() ? "" : " " + rest)),
          t.substr(paren, close == std::string::npos ? std::string::npos : close - paren + 1)};
}

}  // namespace

// Liquibase's generic type names that PostgreSQL does not read as they are (or reads
// differently); every other type is written as given, as Liquibase does.
std::string liquibase_type(const std::string& type) {
  const auto [base, params] = split_type(type);
  struct Map {
    std::vector<const char*> names;  // lower case, without parameters
    const char* pg;                  // '@' marks where the parameters go
    bool keep_params;
  };
  static const Map kTypes[] = {
      {{"int", "integer", "int4", "mediumint"}, "INTEGER", false},
      {{"bigint", "int8", "long"}, "BIGINT", false},
      {{"smallint", "int2", "tinyint"}, "SMALLINT", false},
      {{"boolean", "bool"}, "BOOLEAN", false},
      {{"varchar", "nvarchar", "varchar2", "nvarchar2", "character varying"}, "VARCHAR@", true},
      {{"char", "nchar", "character"}, "CHAR@", true},
      {{"text", "clob", "nclob", "longtext", "mediumtext", "tinytext", "longvarchar"}, "TEXT", false},
      {{"blob", "longblob", "mediumblob", "tinyblob", "bytea", "binary", "varbinary", "image", "longvarbinary"},
       "BYTEA", false},
      {{"datetime", "timestamp", "timestamp without time zone"}, "TIMESTAMP@ WITHOUT TIME ZONE", true},
      {{"timestamptz", "timestamp with time zone"}, "TIMESTAMP@ WITH TIME ZONE", true},
      {{"time", "time without time zone"}, "TIME@ WITHOUT TIME ZONE", true},
      {{"timetz", "time with time zone"}, "TIME@ WITH TIME ZONE", true},
      {{"date"}, "DATE", false},
      {{"decimal", "numeric", "number"}, "DECIMAL@", true},
      {{"double", "double precision", "float8"}, "DOUBLE PRECISION", false},
      {{"real", "float4"}, "REAL", false},
      {{"uuid", "uniqueidentifier"}, "UUID", false},
  };
  for (const auto& m : kTypes) {
    if (std::find(m.names.begin(), m.names.end(), base) == m.names.end()) continue;
    std::string pg = m.pg;
    const auto at = pg.find('@');
    if (at == std::string::npos) return pg;
    return pg.substr(0, at) + (m.keep_params ? params : "") + pg.substr(at + 1);
  }
  return core::trim(type);
}

namespace {

// What a change element may carry; anything else is reported, never ignored.
struct Known {
  const char* change;
  const char* attributes;  // space-separated
  const char* children;    // space-separated
};

const Known kKnown[] = {
    {"createTable", "catalogName schemaName tableName remarks tablespace ifNotExists", "column"},
    {"dropTable", "catalogName schemaName tableName cascadeConstraints", ""},
    {"renameTable", "catalogName schemaName oldTableName newTableName", ""},
    {"addColumn", "catalogName schemaName tableName", "column"},
    {"dropColumn", "catalogName schemaName tableName columnName", "column"},
    {"renameColumn", "catalogName schemaName tableName oldColumnName newColumnName columnDataType remarks", ""},
    {"modifyDataType", "catalogName schemaName tableName columnName newDataType", ""},
    {"addNotNullConstraint",
     "catalogName schemaName tableName columnName columnDataType defaultNullValue constraintName", ""},
    {"dropNotNullConstraint", "catalogName schemaName tableName columnName columnDataType", ""},
    {"addDefaultValue",
     "catalogName schemaName tableName columnName columnDataType defaultValue defaultValueNumeric "
     "defaultValueBoolean defaultValueDate defaultValueComputed defaultValueSequenceNext",
     ""},
    {"dropDefaultValue", "catalogName schemaName tableName columnName columnDataType", ""},
    {"createIndex", "catalogName schemaName tableName indexName unique tablespace associatedWith", "column"},
    {"dropIndex", "catalogName schemaName tableName indexName associatedWith", ""},
    {"addForeignKeyConstraint",
     "baseTableCatalogName baseTableSchemaName baseTableName baseColumnNames constraintName referencedTableCatalogName "
     "referencedTableSchemaName referencedTableName referencedColumnNames onDelete onUpdate deferrable "
     "initiallyDeferred deleteCascade validate referencesUniqueColumn",
     ""},
    {"dropForeignKeyConstraint", "baseTableCatalogName baseTableSchemaName baseTableName constraintName", ""},
    {"addUniqueConstraint",
     "catalogName schemaName tableName columnNames constraintName deferrable initiallyDeferred tablespace", ""},
    {"dropUniqueConstraint", "catalogName schemaName tableName constraintName uniqueColumns", ""},
    {"addPrimaryKey", "catalogName schemaName tableName columnNames constraintName tablespace", ""},
    {"dropPrimaryKey", "catalogName schemaName tableName constraintName", ""},
    {"setTableRemarks", "catalogName schemaName tableName remarks", ""},
    {"setColumnRemarks", "catalogName schemaName tableName columnName remarks columnDataType", ""},
    {"createView", "catalogName schemaName viewName replaceIfExists fullDefinition remarks", ""},
    {"dropView", "catalogName schemaName viewName ifExists", ""},
    {"createSequence",
     "catalogName schemaName sequenceName startValue incrementBy minValue maxValue cycle dataType cacheSize", ""},
    {"dropSequence", "catalogName schemaName sequenceName", ""},
    {"insert", "catalogName schemaName tableName", "column"},
    {"update", "catalogName schemaName tableName", "column where"},
    {"delete", "catalogName schemaName tableName", "where"},
    {"sql", "splitStatements stripComments endDelimiter", "comment"},
    {"sqlFile", "path relativeToChangelogFile splitStatements stripComments endDelimiter encoding", ""},
    {"createProcedure", "catalogName schemaName procedureName path relativeToChangelogFile encoding replaceIfExists",
     "comment"},
    {"tagDatabase", "tag", ""},
    {"empty", "", ""},
    {"output", "target", ""},
};

const std::map<std::string, std::string> kSerialTypes = {
    {"serial", "INTEGER"}, {"serial4", "INTEGER"}, {"bigserial", "BIGINT"}, {"serial8", "BIGINT"},
    {"smallserial", "SMALLINT"}, {"serial2", "SMALLINT"}};

const char* const kColumnAttrs =
    "name type value valueNumeric valueBoolean valueDate valueComputed defaultValue defaultValueNumeric "
    "defaultValueDate defaultValueBoolean defaultValueComputed defaultValueSequenceNext autoIncrement startWith "
    "incrementBy generationType remarks computed descending beforeColumn afterColumn position";
const char* const kConstraintAttrs =
    "nullable notNullConstraintName primaryKey primaryKeyName unique uniqueConstraintName references "
    "referencedTableCatalogName referencedTableSchemaName referencedTableName referencedColumnNames foreignKeyName "
    "deleteCascade deferrable initiallyDeferred checkConstraint validateNullable validateUnique validatePrimaryKey "
    "validateForeignKey";

bool listed(const char* list, const std::string& word) {
  std::istringstream in(list);
  for (std::string w; in >> w;) {
    if (w == word) return true;
  }
  return false;
}

class Generator {
 public:
  Generator(const ChangeContext& ctx, SqlBuilder& out, core::Diagnostics& diags, std::vector<std::string>& notes)
      : ctx_(ctx), out_(out), diags_(diags), notes_(notes) {}

  bool run(const XmlElement& e) {
    const Known* known = nullptr;
    for (const auto& k : kKnown) {
      if (e.name == k.change) known = &k;
    }
    if (!known) {
      return fail(e.where, "unknown-change", "<" + e.name + "> is not a change type the importer knows",
                  "write it as <sql> holding the SQL it runs on PostgreSQL");
    }
    if (!check(e, known->attributes, known->children)) return false;
    const std::string& n = e.name;
    if (n == "createTable") return create_table(e);
    if (n == "dropTable") return emit(e, "DROP TABLE " + table(e) + (truthy(e.get("cascadeConstraints")) ? " CASCADE" : ""));
    if (n == "renameTable") {
      return emit(e, "ALTER TABLE " + qualified(e.get("schemaName"), e.get("oldTableName")) + " RENAME TO " +
                         name(e.get("newTableName")));
    }
    if (n == "addColumn") return add_column(e);
    if (n == "dropColumn") return drop_column(e);
    if (n == "renameColumn") {
      return emit(e, "ALTER TABLE " + table(e) + " RENAME COLUMN " + name(e.get("oldColumnName")) + " TO " +
                         name(e.get("newColumnName")));
    }
    if (n == "modifyDataType") {
      const std::string type = liquibase_type(e.get("newDataType"));
      return emit(e, "ALTER TABLE " + table(e) + " ALTER COLUMN " + name(e.get("columnName")) + " TYPE " + type +
                         " USING (" + name(e.get("columnName")) + "::" + type + ")");
    }
    if (n == "addNotNullConstraint") {
      if (const std::string* fill = e.attribute("defaultNullValue")) {
        emit(e, "UPDATE " + table(e) + " SET " + name(e.get("columnName")) + " = " + sql::quote_literal(*fill) +
                    " WHERE " + name(e.get("columnName")) + " IS NULL");
      }
      return emit(e, alter_column(e) + " SET NOT NULL");
    }
    if (n == "dropNotNullConstraint") return emit(e, alter_column(e) + " DROP NOT NULL");
    if (n == "addDefaultValue") {
      const auto d = default_value(e, "defaultValue");
      if (!d) return fail(e.where, "missing-attribute", "<addDefaultValue> without a defaultValue* attribute");
      return emit(e, alter_column(e) + " SET DEFAULT " + *d);
    }
    if (n == "dropDefaultValue") return emit(e, alter_column(e) + " DROP DEFAULT");
    if (n == "createIndex") return create_index(e);
    if (n == "dropIndex") return emit(e, "DROP INDEX " + qualified(e.get("schemaName"), e.get("indexName")));
    if (n == "addForeignKeyConstraint") return add_foreign_key(e);
    if (n == "dropForeignKeyConstraint") {
      return emit(e, "ALTER TABLE " + qualified(e.get("baseTableSchemaName"), e.get("baseTableName")) +
                         " DROP CONSTRAINT " + name(e.get("constraintName")));
    }
    if (n == "addUniqueConstraint") {
      return emit(e, "ALTER TABLE " + table(e) + " ADD" + constraint_name(e.get("constraintName")) + " UNIQUE (" +
                         names(e.get("columnNames")) + ")" + deferrable(e) + index_tablespace(e));
    }
    if (n == "addPrimaryKey") {
      return emit(e, "ALTER TABLE " + table(e) + " ADD" + constraint_name(e.get("constraintName")) + " PRIMARY KEY (" +
                         names(e.get("columnNames")) + ")" + index_tablespace(e));
    }
    if (n == "dropUniqueConstraint" || n == "dropPrimaryKey") {
      if (e.get("constraintName").empty()) {
        return fail(e.where, "missing-attribute", "<" + n + "> without constraintName",
                    "name the constraint (Liquibase looks the name up in the catalog; the import cannot)");
      }
      return emit(e, "ALTER TABLE " + table(e) + " DROP CONSTRAINT " + name(e.get("constraintName")));
    }
    if (n == "setTableRemarks") return emit(e, "COMMENT ON TABLE " + table(e) + " IS " + remarks(e));
    if (n == "setColumnRemarks") {
      return emit(e, "COMMENT ON COLUMN " + table(e) + "." + name(e.get("columnName")) + " IS " + remarks(e));
    }
    if (n == "createView") return create_view(e);
    if (n == "dropView") {
      return emit(e, std::string("DROP VIEW ") + (truthy(e.get("ifExists")) ? "IF EXISTS " : "") +
                         qualified(e.get("schemaName"), e.get("viewName")));
    }
    if (n == "createSequence") return create_sequence(e);
    if (n == "dropSequence") return emit(e, "DROP SEQUENCE " + qualified(e.get("schemaName"), e.get("sequenceName")));
    if (n == "insert") return insert(e);
    if (n == "update") return update(e);
    if (n == "delete") {
      return emit(e, "DELETE FROM " + table(e) + where(e));
    }
    if (n == "sql") return sql_text(e, e.text, e.text_where);
    if (n == "sqlFile" || (n == "createProcedure" && e.attribute("path"))) return sql_file(e);
    if (n == "createProcedure") {
      // Sent as one statement, as written.
      out_.script(e.text, e.text_where);
      return true;
    }
    if (n == "tagDatabase") {
      notes_.push_back("<tagDatabase tag=\"" + e.get("tag") + "\"> only records a tag in Liquibase's history table");
      return true;
    }
    return true;  // empty, output: nothing runs on the database
  }

 private:
  bool fail(const core::SourceLocation& at, const std::string& code, const std::string& message,
            const std::string& hint = "") {
    diags_.error("liquibase-" + code, at, message, hint);
    return false;
  }

  bool check(const XmlElement& e, const char* attributes, const char* children) {
    bool ok = true;
    for (const auto& [k, v] : e.attributes) {
      if (k == "dbms") continue;  // handled by the changeSet reader
      if (!listed(attributes, k)) {
        ok = fail(e.where, "unknown-attribute", "<" + e.name + "> attribute " + k + "=\"" + v + "\" is not imported",
                  "remove it, or write the change as <sql>");
      }
    }
    for (const auto& c : e.children) {
      if (!listed(children, c.name)) {
        ok = fail(c.where, "unknown-element", "<" + c.name + "> inside <" + e.name + "> is not imported",
                  "write the change as <sql>");
      }
    }
    return ok;
  }

  bool emit(const XmlElement& e, const std::string& sql) {
    out_.statement(sql, e.where);
    return true;
  }

  std::string name(const std::string& n) const { return liquibase_name(n, ctx_.quote_all); }
  std::string names(const std::string& list) const {
    std::vector<std::string> out;
    for (const auto& n : csv(list)) out.push_back(name(n));
    return core::join(out, ", ");
  }
  std::string qualified(const std::string& schema, const std::string& n) const {
    return schema.empty() ? name(n) : name(schema) + "." + name(n);
  }
  std::string table(const XmlElement& e) const { return qualified(e.get("schemaName"), e.get("tableName")); }
  std::string alter_column(const XmlElement& e) const {
    return "ALTER TABLE " + table(e) + " ALTER COLUMN " + name(e.get("columnName"));
  }
  std::string constraint_name(const std::string& n) const { return n.empty() ? "" : " CONSTRAINT " + name(n); }
  std::string deferrable(const XmlElement& e) const {
    std::string s;
    if (truthy(e.get("deferrable"))) s += " DEFERRABLE";
    if (truthy(e.get("initiallyDeferred"))) s += " INITIALLY DEFERRED";
    return s;
  }
  std::string index_tablespace(const XmlElement& e) const {
    return e.get("tablespace").empty() ? "" : " USING INDEX TABLESPACE " + name(e.get("tablespace"));
  }
  std::string remarks(const XmlElement& e) const { return sql::quote_literal(e.get("remarks")); }

  // A value attribute family (defaultValue*, value*) as SQL; nullopt when none is given.
  std::optional<std::string> default_value(const XmlElement& e, const std::string& prefix) const {
    if (const std::string* v = e.attribute(prefix)) return sql::quote_literal(*v);
    if (const std::string* v = e.attribute(prefix + "Numeric")) return core::trim(*v);
    if (const std::string* v = e.attribute(prefix + "Boolean")) return upper(core::trim(*v));
    if (const std::string* v = e.attribute(prefix + "Date")) return sql::quote_literal(core::trim(*v));
    if (const std::string* v = e.attribute(prefix + "SequenceNext")) {
      return "nextval(" + sql::quote_literal(*v) + ")";
    }
    if (const std::string* v = e.attribute(prefix + "Computed")) {
      // Liquibase writes its current-time placeholders as PostgreSQL's NOW().
      const std::string d = core::lower(core::trim(*v));
      if (core::starts_with(d, "current_timestamp") || core::starts_with(d, "current_datetime")) return "NOW()";
      return core::trim(*v);
    }
    return std::nullopt;
  }

  // A <column>: its definition (name, type, identity, default, NOT NULL) and its constraints.
  struct ColumnParts {
    std::string definition;
    bool primary_key = false;
    std::string primary_key_name;
    std::string unique;                    // "[CONSTRAINT n ]UNIQUE (c)"
    std::string foreign_key_name;          // "" when none
    std::string references;                // createTable: the references attribute as written
    std::string ref_table, ref_columns;    // quoted
    std::string fk_actions;                // " ON DELETE CASCADE DEFERRABLE ..."
    std::string remarks;
  };

  std::optional<ColumnParts> column(const XmlElement& c) {
    bool ok = check(c, kColumnAttrs, "constraints");
    const XmlElement* cons = c.child("constraints");
    if (cons) ok = check(*cons, kConstraintAttrs, "") && ok;
    if (!ok) return std::nullopt;
    ColumnParts p;
    const std::string col = name(c.get("name"));
    const std::string type = liquibase_type(c.get("type"));
    if (type.empty()) {
      fail(c.where, "missing-attribute", "<column name=\"" + c.get("name") + "\"> has no type");
      return std::nullopt;
    }
    // Liquibase writes serial types as identity columns of their integer type.
    const auto serial = kSerialTypes.find(core::lower(core::trim(c.get("type"))));
    const bool identity = truthy(c.get("autoIncrement")) || serial != kSerialTypes.end();
    p.definition = col + " " + (serial != kSerialTypes.end() ? serial->second : type);
    if (identity) {
      const std::string gen = upper(c.get("generationType"));
      p.definition += std::string(" GENERATED ") + (gen == "ALWAYS" ? "ALWAYS" : "BY DEFAULT") + " AS IDENTITY";
      std::vector<std::string> opts;
      if (!c.get("startWith").empty()) opts.push_back("START WITH " + c.get("startWith"));
      if (!c.get("incrementBy").empty()) opts.push_back("INCREMENT BY " + c.get("incrementBy"));
      if (!opts.empty()) p.definition += " (" + core::join(opts, " ") + ")";
    } else if (auto d = default_value(c, "defaultValue")) {
      p.definition += " DEFAULT " + *d;
    }
    p.remarks = c.get("remarks");
    if (!cons) return p;
    const XmlElement& k = *cons;
    if (truthy(k.get("primaryKey"))) {
      p.primary_key = true;
      p.primary_key_name = k.get("primaryKeyName");
    }
    if (k.get("nullable") == "false" || p.primary_key) {
      p.definition += " NOT NULL";
    }
    if (truthy(k.get("unique"))) p.unique = constraint_name(k.get("uniqueConstraintName")) + " UNIQUE (" + col + ")";
    p.foreign_key_name = k.get("foreignKeyName");
    if (!k.get("references").empty()) {
      const std::string r = core::trim(k.get("references"));
      const auto paren = r.find('(');
      if (paren == std::string::npos || r.back() != ')') {
        fail(k.where, "bad-attribute", "references=\"" + r + "\" is not table(column)");
        return std::nullopt;
      }
      p.references = r;
      p.ref_table = name(core::trim(r.substr(0, paren)));
      p.ref_columns = names(r.substr(paren + 1, r.size() - paren - 2));
    } else if (!k.get("referencedTableName").empty()) {
      p.ref_table = qualified(k.get("referencedTableSchemaName"), k.get("referencedTableName"));
      p.ref_columns = names(k.get("referencedColumnNames"));
    }
    if (!p.ref_table.empty() && p.foreign_key_name.empty()) {
      fail(k.where, "missing-attribute", "a column reference without foreignKeyName",
           "Liquibase refuses it (\"requires foreignKeyName\"): name the constraint");
      return std::nullopt;
    }
    if (truthy(k.get("deleteCascade"))) p.fk_actions += " ON DELETE CASCADE";
    p.fk_actions += deferrable(k);
    if (!k.get("checkConstraint").empty()) {
      // Liquibase Open Source writes no CHECK for it on PostgreSQL (4.28: the attribute is
      // read and dropped), so neither does the import.
      notes_.push_back("checkConstraint=\"" + k.get("checkConstraint") + "\" on column " + c.get("name") +
                       ": Liquibase Open Source does not create it on PostgreSQL, nor does the spec");
    }
    return p;
  }

  // Liquibase 4.28 on PostgreSQL: columns, then the primary key (named <table>_pkey unless
  // named), the UNIQUE constraints and the foreign keys (a `references` attribute's text as
  // written, not re-quoted), all in the CREATE TABLE; remarks as COMMENT statements after it.
  bool create_table(const XmlElement& e) {
    std::vector<std::string> defs, pk_cols, uniques, fks;
    std::string pk_name;
    std::vector<std::pair<std::string, std::string>> comments;
    bool ok = true;
    for (const auto& c : e.children) {
      auto p = column(c);
      if (!p) {
        ok = false;
        continue;
      }
      defs.push_back(p->definition);
      if (p->primary_key) {
        pk_cols.push_back(name(c.get("name")));
        if (pk_name.empty()) pk_name = p->primary_key_name;
      }
      if (!p->unique.empty()) uniques.push_back(core::trim(p->unique));
      if (!p->ref_table.empty()) {
        fks.push_back("CONSTRAINT " + name(p->foreign_key_name) + " FOREIGN KEY (" + name(c.get("name")) +
                      ") REFERENCES " + (p->references.empty() ? p->ref_table + "(" + p->ref_columns + ")" : p->references) +
                      p->fk_actions);
      }
      if (!p->remarks.empty()) comments.emplace_back(name(c.get("name")), p->remarks);
    }
    if (!ok) return false;
    if (!pk_cols.empty()) {
      defs.push_back("CONSTRAINT " + name(pk_name.empty() ? e.get("tableName") + "_pkey" : pk_name) + " PRIMARY KEY (" +
                     core::join(pk_cols, ", ") + ")");
    }
    defs.insert(defs.end(), uniques.begin(), uniques.end());
    defs.insert(defs.end(), fks.begin(), fks.end());
    std::string sql = std::string("CREATE TABLE ") + (truthy(e.get("ifNotExists")) ? "IF NOT EXISTS " : "") + table(e) +
                      " (" + core::join(defs, ", ") + ")";
    if (!e.get("tablespace").empty()) sql += " TABLESPACE " + name(e.get("tablespace"));
    emit(e, sql);
    if (!e.get("remarks").empty()) emit(e, "COMMENT ON TABLE " + table(e) + " IS " + remarks(e));
    for (const auto& [col, text] : comments) {
      emit(e, "COMMENT ON COLUMN " + table(e) + "." + col + " IS " + sql::quote_literal(text));
    }
    return true;
  }

  // Liquibase 4.28: per column, ADD (without COLUMN) with its default and NOT NULL, then
  // its UNIQUE and its foreign key as ALTER TABLE ... ADD statements of their own.
  bool add_column(const XmlElement& e) {
    bool ok = true;
    for (const auto& c : e.children) {
      auto p = column(c);
      if (!p) {
        ok = false;
        continue;
      }
      const std::string col = name(c.get("name"));
      emit(c, "ALTER TABLE " + table(e) + " ADD " + p->definition);
      if (p->primary_key) emit(c, "ALTER TABLE " + table(e) + " ADD" + constraint_name(p->primary_key_name) + " PRIMARY KEY (" + col + ")");
      if (!p->unique.empty()) emit(c, "ALTER TABLE " + table(e) + " ADD" + p->unique);
      if (!p->ref_table.empty()) {
        emit(c, "ALTER TABLE " + table(e) + " ADD CONSTRAINT " + name(p->foreign_key_name) + " FOREIGN KEY (" + col +
                    ") REFERENCES " + p->ref_table + " (" + p->ref_columns + ")" + p->fk_actions);
      }
      if (!p->remarks.empty()) {
        emit(c, "COMMENT ON COLUMN " + table(e) + "." + col + " IS " + sql::quote_literal(p->remarks));
      }
    }
    return ok;
  }

  bool drop_column(const XmlElement& e) {
    std::vector<std::string> cols;
    if (!e.get("columnName").empty()) cols.push_back(e.get("columnName"));
    for (const auto& c : e.children) {
      if (!check(c, "name", "")) return false;
      cols.push_back(c.get("name"));
    }
    if (cols.empty()) return fail(e.where, "missing-attribute", "<dropColumn> names no column");
    for (const auto& c : cols) emit(e, "ALTER TABLE " + table(e) + " DROP COLUMN " + name(c));
    return true;
  }

  bool create_index(const XmlElement& e) {
    std::vector<std::string> elements;
    for (const auto& c : e.children) {
      if (!check(c, "name computed descending type", "")) return false;
      const bool computed = truthy(c.get("computed")) || c.get("name").find('(') != std::string::npos;
      elements.push_back((computed ? c.get("name") : name(c.get("name"))) + (truthy(c.get("descending")) ? " DESC" : ""));
    }
    std::string sql = std::string("CREATE ") + (truthy(e.get("unique")) ? "UNIQUE " : "") + "INDEX " +
                      name(e.get("indexName")) + " ON " + table(e) + "(" + core::join(elements, ", ") + ")";
    if (!e.get("tablespace").empty()) sql += " TABLESPACE " + name(e.get("tablespace"));
    return emit(e, sql);
  }

  bool add_foreign_key(const XmlElement& e) {
    std::string sql = "ALTER TABLE " + qualified(e.get("baseTableSchemaName"), e.get("baseTableName")) + " ADD" +
                      constraint_name(e.get("constraintName")) + " FOREIGN KEY (" + names(e.get("baseColumnNames")) +
                      ") REFERENCES " + qualified(e.get("referencedTableSchemaName"), e.get("referencedTableName")) +
                      " (" + names(e.get("referencedColumnNames")) + ")";
    std::string on_update = upper(core::trim(e.get("onUpdate")));
    std::string on_delete = upper(core::trim(e.get("onDelete")));
    if (on_delete.empty() && truthy(e.get("deleteCascade"))) on_delete = "CASCADE";
    for (const std::string* a : {&on_update, &on_delete}) {
      if (a->empty()) continue;
      static const std::set<std::string> kActions = {"CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION"};
      if (!kActions.count(*a)) return fail(e.where, "bad-attribute", "foreign key action \"" + *a + "\" is not known");
    }
    if (!on_update.empty()) sql += " ON UPDATE " + on_update;
    if (!on_delete.empty()) sql += " ON DELETE " + on_delete;
    sql += deferrable(e);
    if (e.get("validate") == "false") sql += " NOT VALID";
    return emit(e, sql);
  }

  bool create_view(const XmlElement& e) {
    const std::string body = core::trim(e.text);
    if (truthy(e.get("fullDefinition"))) {
      out_.script(e.text, e.text_where);
      return true;
    }
    out_.origins.push_back({out_.text.size(), e.where});
    out_.text += std::string("CREATE ") + (truthy(e.get("replaceIfExists")) ? "OR REPLACE " : "") + "VIEW " +
                 qualified(e.get("schemaName"), e.get("viewName")) + " AS ";
    out_.script(body, e.text_where);
    if (!e.get("remarks").empty()) {
      emit(e, "COMMENT ON VIEW " + qualified(e.get("schemaName"), e.get("viewName")) + " IS " + remarks(e));
    }
    return true;
  }

  bool create_sequence(const XmlElement& e) {
    std::string sql = "CREATE SEQUENCE IF NOT EXISTS " + qualified(e.get("schemaName"), e.get("sequenceName"));
    if (!e.get("dataType").empty()) sql += " AS " + liquibase_type(e.get("dataType"));
    if (!e.get("startValue").empty()) sql += " START WITH " + e.get("startValue");
    if (!e.get("incrementBy").empty()) sql += " INCREMENT BY " + e.get("incrementBy");
    if (!e.get("minValue").empty()) sql += " MINVALUE " + e.get("minValue");
    if (!e.get("maxValue").empty()) sql += " MAXVALUE " + e.get("maxValue");
    if (!e.get("cacheSize").empty()) sql += " CACHE " + e.get("cacheSize");
    if (truthy(e.get("cycle"))) sql += " CYCLE";
    return emit(e, sql);
  }

  std::optional<std::pair<std::string, std::string>> column_value(const XmlElement& c) {
    if (!check(c, kColumnAttrs, "")) return std::nullopt;
    auto v = default_value(c, "value");
    return std::make_pair(name(c.get("name")), v.value_or("NULL"));
  }

  std::string where(const XmlElement& e) const {
    const XmlElement* w = e.child("where");
    return w ? " WHERE " + core::trim(w->text) : "";
  }

  bool insert(const XmlElement& e) {
    std::vector<std::string> cols, vals;
    for (const auto& c : e.children) {
      auto v = column_value(c);
      if (!v) return false;
      cols.push_back(v->first);
      vals.push_back(v->second);
    }
    return emit(e, "INSERT INTO " + table(e) + " (" + core::join(cols, ", ") + ") VALUES (" + core::join(vals, ", ") + ")");
  }

  bool update(const XmlElement& e) {
    std::vector<std::string> sets;
    for (const auto& c : e.children) {
      if (c.name != "column") continue;
      auto v = column_value(c);
      if (!v) return false;
      sets.push_back(v->first + " = " + v->second);
    }
    return emit(e, "UPDATE " + table(e) + " SET " + core::join(sets, ", ") + where(e));
  }

  // `<sql>` / `<sqlFile>` text: statements as PostgreSQL splits them at ';' (Liquibase's own
  // split gives the same statements for any text it runs). Another endDelimiter ends a
  // statement where it stands alone on a line ("/", "GO"), as the scripts that use one write it.
  bool sql_text(const XmlElement& e, const std::string& text, const core::SourceLocation& at) {
    if (truthy(e.get("stripComments"))) {
      notes_.push_back("stripComments=\"true\": the comments Liquibase strips before running the SQL are kept "
                       "(they change nothing but a function body's text)");
    }
    const std::string delimiter = core::trim(e.get("endDelimiter"));
    if (delimiter.empty() || delimiter == ";" || e.get("splitStatements") == "false") {
      out_.script(text, at);
      return true;
    }
    std::string converted;
    std::istringstream in(text);
    bool first = true;
    for (std::string line; std::getline(in, line);) {
      if (!first) converted += "\n";
      first = false;
      converted += core::lower(core::trim(line)) == core::lower(delimiter) ? ";" : line;
    }
    out_.script(converted, at);
    return true;
  }

  bool sql_file(const XmlElement& e) {
    const fs::path p(e.get("path"));
    const fs::path file = p.is_absolute() ? p
                          : truthy(e.get("relativeToChangelogFile")) ? fs::path(ctx_.changelog_dir) / p
                                                                     : fs::path(ctx_.search_root) / p;
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail(e.where, "sql-file-missing", "cannot read " + file.lexically_normal().generic_string());
    std::stringstream ss;
    ss << in.rdbuf();
    return sql_text(e, ss.str(), core::SourceLocation{file.lexically_normal().generic_string(), 1, 1});
  }

  const ChangeContext& ctx_;
  SqlBuilder& out_;
  core::Diagnostics& diags_;
  std::vector<std::string>& notes_;
};

XmlElement element(const std::string& name, const XmlElement& from,
                   std::vector<std::pair<std::string, std::string>> attributes) {
  XmlElement e;
  e.name = name;
  e.where = from.where;
  for (auto& [k, v] : attributes) {
    if (!v.empty()) e.attributes.emplace_back(k, v);
  }
  return e;
}

}  // namespace

bool change_sql(const XmlElement& change, const ChangeContext& ctx, SqlBuilder& out, core::Diagnostics& diags,
                std::vector<std::string>& notes) {
  return Generator(ctx, out, diags, notes).run(change);
}

std::optional<std::vector<XmlElement>> auto_rollback(const XmlElement& c) {
  const std::string schema = c.get("schemaName"), table = c.get("tableName");
  auto column_change = [&](const char* name) {
    return std::vector<XmlElement>{element(name, c, {{"schemaName", schema}, {"tableName", table},
                                                     {"columnName", c.get("columnName")}})};
  };
  auto drop_constraint = [&](const char* name) -> std::optional<std::vector<XmlElement>> {
    if (c.get("constraintName").empty()) return std::nullopt;
    return std::vector<XmlElement>{element(name, c, {{"schemaName", schema}, {"tableName", table},
                                                     {"constraintName", c.get("constraintName")}})};
  };
  const std::string& n = c.name;
  if (n == "createTable") return std::vector<XmlElement>{element("dropTable", c, {{"schemaName", schema}, {"tableName", table}})};
  if (n == "addColumn") {
    std::vector<XmlElement> out;
    for (auto it = c.children.rbegin(); it != c.children.rend(); ++it) {
      out.push_back(element("dropColumn", c, {{"schemaName", schema}, {"tableName", table}, {"columnName", it->get("name")}}));
    }
    return out;
  }
  if (n == "renameColumn") {
    return std::vector<XmlElement>{element("renameColumn", c, {{"schemaName", schema}, {"tableName", table},
                                                               {"oldColumnName", c.get("newColumnName")},
                                                               {"newColumnName", c.get("oldColumnName")}})};
  }
  if (n == "renameTable") {
    return std::vector<XmlElement>{element("renameTable", c, {{"schemaName", schema},
                                                              {"oldTableName", c.get("newTableName")},
                                                              {"newTableName", c.get("oldTableName")}})};
  }
  if (n == "createIndex") {
    return std::vector<XmlElement>{element("dropIndex", c, {{"schemaName", schema}, {"tableName", table},
                                                            {"indexName", c.get("indexName")}})};
  }
  if (n == "addForeignKeyConstraint") {
    if (c.get("constraintName").empty()) return std::nullopt;
    return std::vector<XmlElement>{element("dropForeignKeyConstraint", c,
                                           {{"baseTableSchemaName", c.get("baseTableSchemaName")},
                                            {"baseTableName", c.get("baseTableName")},
                                            {"constraintName", c.get("constraintName")}})};
  }
  if (n == "addUniqueConstraint") return drop_constraint("dropUniqueConstraint");
  if (n == "addPrimaryKey") return drop_constraint("dropPrimaryKey");
  if (n == "addNotNullConstraint") return column_change("dropNotNullConstraint");
  if (n == "dropNotNullConstraint") return column_change("addNotNullConstraint");
  if (n == "addDefaultValue") return column_change("dropDefaultValue");
  if (n == "createView") {
    return std::vector<XmlElement>{element("dropView", c, {{"schemaName", schema}, {"viewName", c.get("viewName")}})};
  }
  if (n == "createSequence") {
    return std::vector<XmlElement>{element("dropSequence", c, {{"schemaName", schema},
                                                               {"sequenceName", c.get("sequenceName")}})};
  }
  if (n == "tagDatabase" || n == "empty" || n == "output") return std::vector<XmlElement>{};
  return std::nullopt;
}

}  // namespace schemashift::import
