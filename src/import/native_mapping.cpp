#include "import/native_mapping.hpp"

#include "core/text.hpp"
#include "model/names_from_tree.hpp"
#include "model/sql_schema_loader.hpp"
#include "sql/tree.hpp"
#include "sql/types.hpp"

namespace schemashift::import {

namespace {

using namespace sql::tree;
using spec::YamlValue;

YamlValue str(const std::string& s) { return YamlValue::string(s); }

YamlValue strings(const std::vector<std::string>& v) {
  YamlValue seq = YamlValue::seq();
  for (const auto& s : v) seq.push(str(s));
  return seq;
}

const char* action_key(model::FkAction a) {
  switch (a) {
    case model::FkAction::NoAction: return "no_action";
    case model::FkAction::Restrict: return "restrict";
    case model::FkAction::Cascade: return "cascade";
    case model::FkAction::SetNull: return "set_null";
    case model::FkAction::SetDefault: return "set_default";
  }
  return "no_action";
}

// How the source wrote a serial column's type ("serial", "bigserial" ...) in its ColumnDef,
// else "". The model holds such a column as integer DEFAULT nextval(...), which would not
// create the sequence.
std::string serial_spelling(const json& column_def) {
  if (column_def.is_null()) return "";
  const sql::TypeRef type = sql::type_from_tree(member(column_def, "typeName"));
  return sql::serial_base_type(type) ? type.name : "";
}

// Whether the model holds everything a ColumnDef says (see create_table).
bool column_fully_modelled(const json& def) {
  if (!member(def, "collClause").is_null() || !text(def, "compression").empty() || !text(def, "storage").empty()) {
    return false;
  }
  for (const auto& k : items(member(def, "constraints"))) {
    if (text(member(k, "Constraint"), "contype") == "CONSTR_GENERATED") return false;
  }
  return true;
}

// CREATE TABLE's definition of `column`.
const json& column_def(const json& create, const std::string& column) {
  for (const auto& e : items(member(create, "tableElts"))) {
    const json& def = member(e, "ColumnDef");
    if (!def.is_null() && text(def, "colname") == column) return def;
  }
  return null_json();
}

// `serial`: the source's serial type name, written instead of the model's integer and
// nextval default.
YamlValue column_value(const model::Column& c, const std::string& serial = "") {
  YamlValue col;
  col.set("name", str(c.name));
  col.set("type", str(serial.empty() ? c.type.sql() : serial));
  if (!c.nullable) col.set("nullable", YamlValue::literal("false"));
  if (c.default_sql && serial.empty()) col.set("default_expr", str(*c.default_sql));
  if (c.identity == model::Identity::Always) col.set("identity", str("always"));
  if (c.identity == model::Identity::ByDefault) col.set("identity", str("by_default"));
  return col;
}

YamlValue references_value(const model::ForeignKeyRef& r) {
  YamlValue ref;
  ref.set("table", str(r.table.display()));
  ref.set("columns", strings(r.columns));
  return ref;
}

// The model's reading of the statement: the schema after it, for one table.
std::optional<model::Schema> after(const sql::Statement& st, const std::string& script, const model::Schema& before) {
  model::Schema s = before;
  model::apply_statement(s, script, st);
  return s;
}

std::optional<NativeCandidate> create_table(const sql::Statement& st, const std::string& script, const json& create, const model::Schema& before) {
  if (!member(create, "inhRelations").is_null() || !member(create, "partspec").is_null() ||
      !member(create, "ofTypename").is_null() || !member(create, "partbound").is_null() ||
      (!text(create, "oncommit").empty() && text(create, "oncommit") != "ONCOMMIT_NOOP")) {
    return std::nullopt;
  }
  // What the schema model does not hold, an operation would silently lose: a generated
  // column's expression, a column's COLLATE, STORAGE or COMPRESSION.
  for (const auto& e : items(member(create, "tableElts"))) {
    const json& def = member(e, "ColumnDef");
    if (def.is_null()) continue;
    if (!column_fully_modelled(def)) return std::nullopt;
  }
  const std::string persistence = text(member(create, "relation"), "relpersistence");
  if (!persistence.empty() && persistence != "p") return std::nullopt;
  const model::QualifiedName name = model::relation_name(member(create, "relation"));
  if (before.find_table(name)) return std::nullopt;
  const auto s = after(st, script, before);
  const model::Table* t = s ? s->find_table(name) : nullptr;
  if (!t) return std::nullopt;
  NativeCandidate c{"create_table", {}};
  c.body.set("table", str(name.display()));
  YamlValue cols = YamlValue::seq();
  for (const auto& col : t->columns) cols.push(column_value(col, serial_spelling(column_def(create, col.name))));
  c.body.set("columns", std::move(cols));
  YamlValue constraints = YamlValue::seq();
  for (const auto& k : t->constraints) {
    YamlValue item;
    switch (k.kind) {
      case model::ConstraintKind::PrimaryKey: c.body.set("primary_key", strings(k.columns)); continue;
      case model::ConstraintKind::Unique:
        item.set("type", str("unique"));
        item.set("name", str(k.name));
        item.set("columns", strings(k.columns));
        break;
      case model::ConstraintKind::Check:
        item.set("type", str("check"));
        item.set("name", str(k.name));
        item.set("expr", str(k.check_sql));
        break;
      case model::ConstraintKind::ForeignKey:
        item.set("type", str("foreign_key"));
        item.set("name", str(k.name));
        item.set("columns", strings(k.columns));
        item.set("references", references_value(*k.references));
        item.set("on_delete", str(action_key(k.references->on_delete)));
        if (k.references->on_update != model::FkAction::NoAction) item.set("on_update", str(action_key(k.references->on_update)));
        break;
      case model::ConstraintKind::Exclude: return std::nullopt;
    }
    constraints.push(std::move(item));
  }
  if (!constraints.items.empty()) c.body.set("constraints", std::move(constraints));
  return c;
}

std::optional<NativeCandidate> create_index(const sql::Statement& st, const std::string& script, const json& index, const model::Schema& before) {
  const std::string name = text(index, "idxname");
  if (name.empty()) return std::nullopt;
  model::QualifiedName table = model::relation_name(member(index, "relation"));
  model::QualifiedName qualified = table;
  qualified.name = name;
  if (before.find_index(qualified)) return std::nullopt;
  const auto s = after(st, script, before);
  const model::Index* ix = s ? s->find_index(qualified) : nullptr;
  if (!ix) return std::nullopt;
  NativeCandidate c{"add_index", {}};
  c.body.set("table", str(table.display()));
  c.body.set("name", str(name));
  YamlValue cols = YamlValue::seq();
  for (const auto& e : ix->elements) {
    if (!e.column.empty() && !e.descending && e.opclass.empty() && e.nulls.empty()) {
      cols.push(str(e.column));
      continue;
    }
    YamlValue item;
    if (e.column.empty()) {
      item.set("expr", str(e.expression));
    } else {
      item.set("column", str(e.column));
    }
    if (e.descending) item.set("order", str("desc"));
    if (!e.nulls.empty()) item.set("nulls", str(e.nulls));
    if (!e.opclass.empty()) item.set("opclass", str(e.opclass));
    cols.push(std::move(item));
  }
  c.body.set("columns", std::move(cols));
  if (ix->unique) c.body.set("unique", YamlValue::literal("true"));
  if (!ix->where_sql.empty()) c.body.set("where", str(ix->where_sql));
  if (ix->method != "btree") c.body.set("method", str(ix->method));
  if (!ix->include.empty()) c.body.set("include", strings(ix->include));
  return c;
}

std::optional<NativeCandidate> drop(const json& d) {
  const auto objects = items(member(d, "objects"));
  if (objects.size() != 1 || text(d, "behavior") == "DROP_CASCADE") return std::nullopt;
  const std::string kind = text(d, "removeType");
  const model::QualifiedName name = model::name_from_list(string_list(objects[0]));
  if (kind == "OBJECT_TABLE") {
    NativeCandidate c{"drop_table", {}};
    c.body.set("table", str(name.display()));
    return c;
  }
  if (kind == "OBJECT_INDEX") {
    NativeCandidate c{"drop_index", {}};
    c.body.set("name", str(name.display()));
    return c;
  }
  return std::nullopt;
}

std::optional<NativeCandidate> rename(const json& r) {
  const std::string kind = text(r, "renameType");
  const model::QualifiedName table = model::relation_name(member(r, "relation"));
  if (kind == "OBJECT_TABLE") {
    NativeCandidate c{"rename_table", {}};
    c.body.set("table", str(table.display()));
    c.body.set("to", str(text(r, "newname")));
    return c;
  }
  if (kind == "OBJECT_COLUMN" && text(r, "relationType") == "OBJECT_TABLE") {
    NativeCandidate c{"rename_column", {}};
    c.body.set("table", str(table.display()));
    c.body.set("column", str(text(r, "subname")));
    c.body.set("to", str(text(r, "newname")));
    return c;
  }
  return std::nullopt;
}

std::optional<NativeCandidate> constraint(const model::QualifiedName& table, const std::string& name,
                                          const model::Schema& after_schema) {
  const model::Table* t = after_schema.find_table(table);
  const model::Constraint* k = t ? t->find_constraint(name) : nullptr;
  if (!k || !k->validated) return std::nullopt;
  NativeCandidate c;
  c.body.set("table", str(table.display()));
  switch (k->kind) {
    case model::ConstraintKind::ForeignKey:
      c.operation = "add_foreign_key";
      c.body.set("columns", strings(k->columns));
      c.body.set("references", references_value(*k->references));
      c.body.set("on_delete", str(action_key(k->references->on_delete)));
      if (k->references->on_update != model::FkAction::NoAction) c.body.set("on_update", str(action_key(k->references->on_update)));
      break;
    case model::ConstraintKind::Check: c.operation = "add_check"; c.body.set("expr", str(k->check_sql)); break;
    case model::ConstraintKind::Unique: c.operation = "add_unique"; c.body.set("columns", strings(k->columns)); break;
    default: return std::nullopt;
  }
  c.body.set("name", str(name));
  return c;
}

std::optional<NativeCandidate> alter_table(const sql::Statement& st, const std::string& script, const json& alter, const model::Schema& before) {
  if (text(alter, "objtype") != "OBJECT_TABLE") return std::nullopt;
  const auto cmds = items(member(alter, "cmds"));
  if (cmds.size() != 1) return std::nullopt;
  const json& cmd = member(cmds[0], "AlterTableCmd");
  const std::string subtype = text(cmd, "subtype");
  const model::QualifiedName table = model::relation_name(member(alter, "relation"));
  const std::string column = text(cmd, "name");
  if (text(cmd, "behavior") == "DROP_CASCADE") return std::nullopt;
  auto simple = [&](const char* op) {
    NativeCandidate c{op, {}};
    c.body.set("table", str(table.display()));
    c.body.set("column", str(column));
    return c;
  };
  if (subtype == "AT_DropColumn") return simple("drop_column");
  if (subtype == "AT_DropNotNull") return simple("drop_not_null");
  if (subtype == "AT_SetNotNull") return simple("set_not_null");
  if (subtype == "AT_ColumnDefault") {
    if (member(cmd, "def").is_null()) return simple("drop_default");
    const auto s = after(st, script, before);
    const model::Table* t = s ? s->find_table(table) : nullptr;
    const model::Column* c = t ? t->find_column(column) : nullptr;
    if (!c || !c->default_sql) return std::nullopt;
    NativeCandidate out = simple("set_default");
    out.body.set("default_expr", str(*c->default_sql));
    return out;
  }
  if (subtype == "AT_AlterColumnType") {
    const auto s = after(st, script, before);
    const model::Table* t = s ? s->find_table(table) : nullptr;
    const model::Column* c = t ? t->find_column(column) : nullptr;
    if (!c || !member(cmd, "def", "ColumnDef", "raw_default").is_null() ||
        !member(cmd, "def", "ColumnDef", "collClause").is_null()) {
      return std::nullopt;
    }
    NativeCandidate out = simple("change_column_type");
    out.body.set("type", str(c->type.sql()));
    return out;
  }
  if (subtype == "AT_AddColumn") {
    const std::string name = text(member(cmd, "def", "ColumnDef"), "colname");
    if (!column_fully_modelled(member(cmd, "def", "ColumnDef"))) return std::nullopt;
    if (!member(cmd, "def", "ColumnDef", "constraints").is_null()) {
      // Only DEFAULT and NOT NULL inline: other column constraints render as separate statements.
      for (const auto& k : items(member(cmd, "def", "ColumnDef", "constraints"))) {
        const std::string ct = text(member(k, "Constraint"), "contype");
        if (ct != "CONSTR_DEFAULT" && ct != "CONSTR_NOTNULL" && ct != "CONSTR_NULL") return std::nullopt;
      }
    }
    const auto s = after(st, script, before);
    const model::Table* t = s ? s->find_table(table) : nullptr;
    const model::Column* c = t ? t->find_column(name) : nullptr;
    if (!c) return std::nullopt;
    NativeCandidate out{"add_column", {}};
    out.body.set("table", str(table.display()));
    out.body.set("column", column_value(*c, serial_spelling(member(cmd, "def", "ColumnDef"))));
    return out;
  }
  if (subtype == "AT_DropConstraint") {
    NativeCandidate out{"drop_constraint", {}};
    out.body.set("table", str(table.display()));
    out.body.set("name", str(column));
    return out;
  }
  if (subtype == "AT_AddConstraint") {
    const json& k = member(cmd, "def", "Constraint");
    const std::string name = text(k, "conname");
    if (name.empty() || flag(k, "skip_validation")) return std::nullopt;
    const auto s = after(st, script, before);
    if (!s) return std::nullopt;
    return constraint(table, name, *s);
  }
  return std::nullopt;
}

}  // namespace

std::optional<NativeCandidate> native_candidate(const sql::Statement& st, const std::string& script,
                                                const model::Schema& before) {
  const json& tree = st.tree;
  if (const json& c = member(tree, "CreateStmt"); !c.is_null()) {
    return create_table(st, script, c, before);
  }
  // CONCURRENTLY is what an operation's online strategy writes (the spec is offline).
  const auto online_if_concurrent = [](std::optional<NativeCandidate> c, const json& stmt) {
    if (c && flag(stmt, "concurrent")) c->body.set("strategy", str("online"));
    return c;
  };
  if (const json& i = member(tree, "IndexStmt"); !i.is_null()) {
    return online_if_concurrent(create_index(st, script, i, before), i);
  }
  if (const json& d = member(tree, "DropStmt"); !d.is_null()) return online_if_concurrent(drop(d), d);
  if (const json& r = member(tree, "RenameStmt"); !r.is_null()) return rename(r);
  if (const json& a = member(tree, "AlterTableStmt"); !a.is_null()) return alter_table(st, script, a, before);
  return std::nullopt;
}

}  // namespace schemashift::import
