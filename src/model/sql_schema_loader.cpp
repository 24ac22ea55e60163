#include "model/sql_schema_loader.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <set>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sql/clauses.hpp"
#include "sql/node_text.hpp"
#include "sql/parser.hpp"
#include "sql/source_text.hpp"
#include "sql/tree.hpp"
#include "sql/types.hpp"
#include "model/names_from_tree.hpp"
#include "model/object_names.hpp"

namespace schemashift::model {

namespace {

using nlohmann::json;

using namespace sql::tree;

FkAction fk_action(const std::string& code) {
  if (code == "r") return FkAction::Restrict;
  if (code == "c") return FkAction::Cascade;
  if (code == "n") return FkAction::SetNull;
  if (code == "d") return FkAction::SetDefault;
  return FkAction::NoAction;  // "a"
}

// serial types are not types: integer columns owning a sequence (CREATE TABLE, ADD COLUMN).
std::optional<std::string> serial_base_type(const TypeRef& t) {
  if (!t.schema.empty() || !t.modifiers.empty() || t.array_dims != 0) return std::nullopt;
  if (t.name == "serial" || t.name == "serial4") return "int4";
  if (t.name == "bigserial" || t.name == "serial8") return "int8";
  if (t.name == "smallserial" || t.name == "serial2") return "int2";
  return std::nullopt;
}

// The column name PostgreSQL derives for an index element (FigureIndexColname): the
// column, the function name of a call, or "expr".
std::string index_column_name(const json& expr) {
  if (expr.contains("ColumnRef")) {
    const json& fields = member(expr, "ColumnRef", "fields");
    if (!fields.empty() && !string_value(fields.back()).empty()) return string_value(fields.back());
  }
  if (expr.contains("FuncCall")) {
    const auto names = string_list(member(member(expr, "FuncCall"), "funcname"));
    if (!names.empty()) return names.back();
  }
  if (expr.contains("TypeCast")) {
    const json& cast = member(expr, "TypeCast");
    const std::string inner = index_column_name(member(cast, "arg"));
    if (inner != "expr") return inner;
    const auto names = string_list(member(member(cast, "typeName"), "names"));
    if (!names.empty()) return names.back();
  }
  return "expr";
}

std::string index_element_name(const json& elem) {
  if (elem.contains("name")) return elem.value("name", std::string{});
  return index_column_name(member(elem, "expr"));
}

// ---------------------------------------------------------------------------------------

// A PRIMARY KEY / UNIQUE / CHECK / FOREIGN KEY / EXCLUDE clause waiting to be added to a
// table once all its columns are known.
struct PendingConstraint {
  const json* node = nullptr;    // the Constraint body
  std::string column;            // set for a column constraint
  std::size_t limit = SIZE_MAX;  // byte offset where the next clause starts
};

class SchemaLoader {
 public:
  SchemaLoader(const std::string& script, const std::string& file, core::Diagnostics& diags)
      : script_(script), file_(file), diags_(diags) {}

  std::optional<Schema> run();
  // Incremental use (the linter): load one statement into an existing schema.
  Schema apply(Schema schema, const sql::Statement& st);

 private:
  void load_statement(const sql::Statement& st);
  void load_create_table(const json& create);
  void load_alter_table(const json& alter);
  void load_alter_table_command(Table& table, const json& cmd);
  void load_index(const json& index);
  void load_comment(const json& comment);
  void load_function(const json& function);
  void load_trigger(const json& trigger);
  void load_type_name(const QualifiedName& name);
  void load_named_object(const std::string& kind, const json& body);
  void warn_if_table_changed(const std::string& kind, const json& body);
  void load_create_table_as(const json& create);

  // Incremental mode only (the linter following a migration folder): statements that
  // change or remove what earlier statements defined keep the model in step, and tables
  // the model has not seen are assumed to exist (see placeholder_table).
  Table& placeholder_table(const QualifiedName& name);
  void apply_alter_column_type(Table& table, const json& cmd);
  void apply_rename(const json& rename);
  void apply_drop(const json& drop);
  void rename_relation(const QualifiedName& from, const std::string& to);
  void rename_column(Table& table, const std::string& from, const std::string& to);
  void rename_constraint(Table& table, const std::string& from, const std::string& to);
  void drop_table(const QualifiedName& name, bool cascade);
  void drop_column(Table& table, const std::string& column, bool cascade);
  void drop_constraint(Table& table, const std::string& name);
  void drop_index(const QualifiedName& name);

  Column make_column(const Table& table, const json& column_def, std::vector<PendingConstraint>& pending);
  void add_constraints(Table& table, const std::vector<PendingConstraint>& pending);
  void add_constraint(Table& table, const PendingConstraint& pending);
  void add_key_constraint(Table& table, const json& con, Constraint c, const std::vector<std::string>& include);
  void adopt_index_for_constraint(Table& table, const json& con, Constraint c);
  void add_check_constraint(Table& table, const PendingConstraint& pending, Constraint c);
  void add_foreign_key(Table& table, const PendingConstraint& pending, Constraint c);
  void add_exclusion_constraint(Table& table, const json& con, Constraint c);
  void resolve_foreign_key_columns();

  std::string default_text(const json& con, std::size_t limit) const;
  std::string set_default_text(const json& expr) const;
  std::string check_text(const json& con) const;
  bool says_on_delete(const json& con, std::size_t limit) const;
  std::vector<IndexElement> index_elements(const json& index) const;
  std::string index_where_text(const json& index) const;
  void register_sequence(const QualifiedName& table, const std::string& sequence);
  void set_identity(const QualifiedName& table, Column& column, const json& con);

  core::SourceLocation location_of(std::size_t offset) const;
  core::SourceLocation statement_location() const;
  void warn_unsupported(const std::string& what);

  const std::string& script_;
  const std::string& file_;
  core::Diagnostics& diags_;
  Schema schema_;
  const sql::Statement* statement_ = nullptr;  // the statement being loaded
  // The statement's tokens, scanned when an expression's text is first needed.
  mutable std::optional<sql::SourceText> source_;
  const sql::SourceText& source() const;
  // apply(): the input is a migration, not a schema dump. Changes are followed instead of
  // warned about, and an ALTER TABLE of an unknown table means the table already exists.
  bool incremental_ = false;
};

std::optional<Schema> SchemaLoader::run() {
  const sql::Script script = sql::parse_script(script_);
  if (script.error) {
    diags_.error("sql-syntax", {file_, script.error->line, script.error->column}, script.error->message,
                 "the schema file must be valid PostgreSQL DDL, e.g. the output of pg_dump --schema-only");
    return std::nullopt;
  }
  for (const auto& st : script.statements) {
    try {
      load_statement(st);
    } catch (const json::exception& e) {
      // A tree shape this loader does not expect: report it rather than abort the run.
      diags_.warning("unsupported-statement", {file_, st.line, st.column},
                     std::string("statement could not be read into the schema model (") + e.what() + ")");
    }
  }
  resolve_foreign_key_columns();
  return std::move(schema_);
}

Schema SchemaLoader::apply(Schema schema, const sql::Statement& st) {
  schema_ = std::move(schema);
  incremental_ = true;
  try {
    load_statement(st);
    resolve_foreign_key_columns();
  } catch (const json::exception&) {
    // A tree shape the loader does not follow: the schema simply does not learn from it.
  }
  return std::move(schema_);
}

core::SourceLocation SchemaLoader::location_of(std::size_t offset) const {
  core::SourceLocation where{file_, 0, 0};
  sql::offset_to_line_col(script_, offset, where.line, where.column);
  return where;
}

core::SourceLocation SchemaLoader::statement_location() const {
  return {file_, statement_->line, statement_->column};
}

void SchemaLoader::warn_unsupported(const std::string& what) {
  diags_.warning("unsupported-statement", statement_location(), what + " is not reflected in the schema model",
                 "plans that touch this object may be wrong; apply the change to the schema file by hand");
}

void SchemaLoader::load_statement(const sql::Statement& st) {
  statement_ = &st;
  source_.reset();
  if (st.tree.empty()) return;
  const std::string kind = st.tree.items().begin().key();
  const json& body = st.tree.items().begin().value();

  if (kind == "CreateStmt") return load_create_table(body);
  if (kind == "AlterTableStmt") return load_alter_table(body);
  if (kind == "IndexStmt") return load_index(body);
  if (kind == "CommentStmt") return load_comment(body);
  if (kind == "CreateFunctionStmt") return load_function(body);
  if (kind == "CreateTrigStmt") return load_trigger(body);
  if (kind == "CreateTableAsStmt") return load_create_table_as(body);
  if (incremental_ && kind == "RenameStmt") return apply_rename(body);
  if (incremental_ && kind == "DropStmt") return apply_drop(body);
  if (kind == "RenameStmt" || kind == "DropStmt") return warn_if_table_changed(kind, body);
  load_named_object(kind, body);
  // Everything else (SET, SELECT set_config(...), CREATE SCHEMA, sequences' OWNED BY,
  // OWNER TO, GRANT, policies ...) does not affect what a migration may do.
}

// Objects recorded by name only: extensions, user types, and relations whose names a new
// table or index may not reuse.
void SchemaLoader::load_named_object(const std::string& kind, const json& body) {
  if (kind == "CreateExtensionStmt") {
    const std::string name = body.value("extname", std::string{});
    auto& ext = schema_.extensions;
    if (std::find(ext.begin(), ext.end(), name) == ext.end()) ext.push_back(name);
  } else if (kind == "CreateEnumStmt" || kind == "CreateRangeStmt") {
    load_type_name(name_from_list(string_list(member(body, "typeName"))));
  } else if (kind == "CreateDomainStmt") {
    load_type_name(name_from_list(string_list(member(body, "domainname"))));
  } else if (kind == "CompositeTypeStmt") {
    load_type_name(relation_name(member(body, "typevar")));
  } else if (kind == "CreateSeqStmt") {
    schema_.other_relations[relation_name(member(body, "sequence")).key()] = "sequence";
  } else if (kind == "ViewStmt") {
    schema_.other_relations[relation_name(member(body, "view")).key()] = "view";
  } else if (kind == "CreateForeignTableStmt") {
    schema_.other_relations[relation_name(member(body, "base", "relation")).key()] = "foreign table";
  }
}

// A schema file normally describes the end state; a RENAME or DROP of a table, column,
// constraint or index in it would leave the model out of step, so say so.
void SchemaLoader::warn_if_table_changed(const std::string& kind, const json& body) {
  static const std::map<std::string, std::string> table_objects = {
      {"OBJECT_TABLE", "table"}, {"OBJECT_COLUMN", "column"}, {"OBJECT_TABCONSTRAINT", "constraint"},
      {"OBJECT_INDEX", "index"}};
  const bool rename = kind == "RenameStmt";
  const auto object = table_objects.find(body.value(rename ? "renameType" : "removeType", std::string{}));
  if (object != table_objects.end()) warn_unsupported((rename ? "RENAME of a " : "DROP of a ") + object->second);
}

void SchemaLoader::load_type_name(const QualifiedName& name) {
  const std::string key = name.key();
  auto& types = schema_.types;
  if (std::find(types.begin(), types.end(), key) == types.end()) types.push_back(key);
}

void SchemaLoader::load_create_table_as(const json& create) {
  const QualifiedName name = relation_name(member(create, "into", "rel"));
  if (create.value("objtype", std::string{}) == "OBJECT_MATVIEW") {
    schema_.other_relations[name.key()] = "materialized view";
  } else {
    warn_unsupported("CREATE TABLE " + name.key() + " AS");
  }
}

// --- tables ----------------------------------------------------------------------------

void SchemaLoader::load_create_table(const json& create) {
  const QualifiedName name = relation_name(member(create, "relation"));
  if (schema_.find_table(name)) {
    if (!create.value("if_not_exists", false)) {
      diags_.error("duplicate-table", statement_location(), "table " + name.key() + " is created twice");
    }
    return;
  }
  if (relation_exists(schema_, name)) {
    const std::string existing = schema_.indexes.count(name.key()) ? "index" : schema_.other_relations.at(name.key());
    diags_.error("duplicate-relation", statement_location(),
                 "table " + name.key() + " uses the name of an existing " + existing);
    return;
  }
  if (create.contains("inhRelations")) {
    warn_unsupported(create.contains("partbound") ? "partition " + name.key() + " (PARTITION OF)"
                                                  : "inheritance of " + name.key() + " (INHERITS)");
  }
  if (create.contains("partspec")) warn_unsupported("partitioning of " + name.key() + " (PARTITION BY)");

  Table table;
  table.name = name;
  table.defined_at = statement_location();
  std::vector<PendingConstraint> pending;
  for (const auto& element : member(create, "tableElts")) {
    if (element.contains("ColumnDef")) {
      table.columns.push_back(make_column(table, member(element, "ColumnDef"), pending));
    } else if (element.contains("Constraint")) {
      pending.push_back({&member(element, "Constraint"), {}, SIZE_MAX});
    } else if (element.contains("TableLikeClause")) {
      warn_unsupported("LIKE in table " + name.key());
    }
  }
  Table& stored = schema_.tables[name.key()] = std::move(table);
  add_constraints(stored, pending);
}

Column SchemaLoader::make_column(const Table& table, const json& column_def, std::vector<PendingConstraint>& pending) {
  Column column;
  column.name = column_def.value("colname", std::string{});
  column.type = sql::type_from_tree(member(column_def, "typeName"));
  if (const auto base = serial_base_type(column.type)) {
    column.type.name = *base;
    column.nullable = false;
    const std::string sequence = choose_name(schema_, table.name, column.name, "seq", NameSpace::Relation);
    const std::string qualified = table.name.schema.empty() ? sequence : table.name.schema + "." + sequence;
    column.default_sql = "nextval('" + qualified + "'::regclass)";
    register_sequence(table.name, sequence);
  }
  column.type.spelled = column.type.sql();

  const json& constraints = member(column_def, "constraints");
  for (std::size_t i = 0; i < constraints.size(); ++i) {
    const json& con = member(constraints[i], "Constraint");
    const std::size_t next_clause =
        i + 1 < constraints.size() ? member(constraints[i + 1], "Constraint").value("location", SIZE_MAX) : SIZE_MAX;
    const std::string type = con.value("contype", std::string{});
    if (type == "CONSTR_NOTNULL") {
      column.nullable = false;
    } else if (type == "CONSTR_NULL") {
      column.nullable = true;
    } else if (type == "CONSTR_DEFAULT") {
      column.default_sql = default_text(con, next_clause);
    } else if (type == "CONSTR_IDENTITY") {
      set_identity(table.name, column, con);
    } else if (type == "CONSTR_GENERATED") {
      warn_unsupported("generated column " + table.name.key() + "." + column.name);
    } else if (type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE" || type == "CONSTR_CHECK" ||
               type == "CONSTR_FOREIGN" || type == "CONSTR_EXCLUSION") {
      pending.push_back({&con, column.name, next_clause});
    }
    // DEFERRABLE / INITIALLY ... attach to the previous constraint; nothing to model.
  }
  return column;
}

// GENERATED ... AS IDENTITY: NOT NULL, and an owned sequence named in the options
// (pg_dump writes SEQUENCE NAME) or table_column_seq.
void SchemaLoader::set_identity(const QualifiedName& table, Column& column, const json& con) {
  column.identity = con.value("generated_when", std::string{}) == "a" ? Identity::Always : Identity::ByDefault;
  column.nullable = false;
  for (const auto& option : member(con, "options")) {
    const json& def = member(option, "DefElem");
    if (def.value("defname", std::string{}) != "sequence_name") continue;
    const QualifiedName sequence = name_from_list(string_list(member(def, "arg")));
    schema_.other_relations[sequence.key()] = "sequence";
    return;
  }
  register_sequence(table, choose_name(schema_, table, column.name, "seq", NameSpace::Relation));
}

void SchemaLoader::register_sequence(const QualifiedName& table, const std::string& sequence) {
  schema_.other_relations[QualifiedName{table.schema, sequence}.key()] = "sequence";
}

// PostgreSQL names index-backed constraints first, then CHECKs, then foreign keys; keeping
// that order gives the same numbered names when defaults collide.
void SchemaLoader::add_constraints(Table& table, const std::vector<PendingConstraint>& pending) {
  const auto phase = [](const PendingConstraint& p) {
    const std::string type = p.node->value("contype", std::string{});
    if (type == "CONSTR_CHECK") return 1;
    if (type == "CONSTR_FOREIGN") return 2;
    return 0;
  };
  for (int current = 0; current <= 2; ++current) {
    for (const auto& p : pending) {
      if (phase(p) == current) add_constraint(table, p);
    }
  }
}

void SchemaLoader::add_constraint(Table& table, const PendingConstraint& pending) {
  const json& con = *pending.node;
  const std::string type = con.value("contype", std::string{});
  Constraint c;
  c.name = con.value("conname", std::string{});
  c.validated = !con.value("skip_validation", false);
  if (!c.name.empty() && table.find_constraint(c.name)) {
    diags_.error("duplicate-constraint", location_of(con.value("location", std::size_t{0})),
                 "constraint " + c.name + " already exists on " + table.name.key());
    return;
  }
  if (type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE") {
    c.kind = type == "CONSTR_PRIMARY" ? ConstraintKind::PrimaryKey : ConstraintKind::Unique;
    if (con.contains("indexname")) return adopt_index_for_constraint(table, con, std::move(c));
    c.columns = con.contains("keys") ? string_list(member(con, "keys")) : std::vector<std::string>{pending.column};
    return add_key_constraint(table, con, std::move(c), string_list(member(con, "including")));
  }
  if (type == "CONSTR_CHECK") return add_check_constraint(table, pending, std::move(c));
  if (type == "CONSTR_FOREIGN") return add_foreign_key(table, pending, std::move(c));
  if (type == "CONSTR_EXCLUSION") return add_exclusion_constraint(table, con, std::move(c));
}

// PRIMARY KEY / UNIQUE: the constraint plus the unique index PostgreSQL builds for it,
// which has the constraint's name.
void SchemaLoader::add_key_constraint(Table& table, const json& con, Constraint c,
                                      const std::vector<std::string>& include) {
  const bool primary = c.kind == ConstraintKind::PrimaryKey;
  if (c.name.empty()) {
    c.name = primary ? choose_name(schema_, table.name, {}, "pkey", NameSpace::RelationAndConstraint)
                     : choose_name(schema_, table.name, name_addition(c.columns), "key",
                                   NameSpace::RelationAndConstraint);
  }
  if (primary) {
    if (table.primary_key()) {
      diags_.error("duplicate-constraint", location_of(con.value("location", std::size_t{0})),
                   "table " + table.name.key() + " has more than one primary key");
      return;
    }
    for (const auto& name : c.columns) {
      if (Column* column = table.find_column(name)) column->nullable = false;
    }
  }
  Index index;
  index.name = c.name;
  index.table = table.name;
  index.unique = true;
  index.backs_constraint = true;
  index.include = include;
  for (const auto& name : c.columns) index.elements.push_back(IndexElement{name, {}, false, {}, {}});
  c.index_name = c.name;
  schema_.indexes[QualifiedName{table.name.schema, index.name}.key()] = std::move(index);
  table.constraints.push_back(std::move(c));
}

// ADD CONSTRAINT ... UNIQUE/PRIMARY KEY USING INDEX: the index becomes the constraint's
// and takes its name.
void SchemaLoader::adopt_index_for_constraint(Table& table, const json& con, Constraint c) {
  const std::string index_name = con.value("indexname", std::string{});
  const auto it = schema_.indexes.find(QualifiedName{table.name.schema, index_name}.key());
  if (it == schema_.indexes.end()) {
    diags_.warning("unknown-index", location_of(con.value("location", std::size_t{0})),
                   "index " + index_name + " is not defined before it is used for a constraint");
    return;
  }
  Index index = it->second;
  schema_.indexes.erase(it);
  if (c.name.empty()) c.name = index_name;
  index.name = c.name;
  index.backs_constraint = true;
  for (const auto& element : index.elements) c.columns.push_back(element.column);
  if (c.kind == ConstraintKind::PrimaryKey) {
    for (const auto& name : c.columns) {
      if (Column* column = table.find_column(name)) column->nullable = false;
    }
  }
  c.index_name = c.name;
  schema_.indexes[QualifiedName{table.name.schema, index.name}.key()] = std::move(index);
  table.constraints.push_back(std::move(c));
}

void SchemaLoader::add_check_constraint(Table& table, const PendingConstraint& pending, Constraint c) {
  const json& con = *pending.node;
  c.kind = ConstraintKind::Check;
  c.check_sql = check_text(con);
  std::vector<std::string> referenced;
  collect_column_refs(member(con, "raw_expr"), referenced);
  for (const auto& name : referenced) {
    if (table.find_column(name)) c.columns.push_back(name);
  }
  if (c.name.empty()) {
    // PostgreSQL: tab_col_check when the expression uses exactly one column, else tab_check.
    c.name = choose_name(schema_, table.name, c.columns.size() == 1 ? c.columns.front() : std::string{}, "check",
                         NameSpace::Constraint);
  }
  table.constraints.push_back(std::move(c));
}

void SchemaLoader::add_foreign_key(Table& table, const PendingConstraint& pending, Constraint c) {
  const json& con = *pending.node;
  c.kind = ConstraintKind::ForeignKey;
  c.columns = con.contains("fk_attrs") ? string_list(member(con, "fk_attrs")) : std::vector<std::string>{pending.column};
  ForeignKeyRef ref;
  ref.table = relation_name(member(con, "pktable"));
  ref.columns = string_list(member(con, "pk_attrs"));  // empty = the referenced primary key, resolved at the end
  ref.on_delete = fk_action(con.value("fk_del_action", std::string{"a"}));
  ref.on_update = fk_action(con.value("fk_upd_action", std::string{"a"}));
  // The tree cannot tell "ON DELETE NO ACTION" from no clause at all; the text can.
  ref.on_delete_explicit = says_on_delete(con, pending.limit);
  c.references = std::move(ref);
  if (c.name.empty()) {
    c.name = choose_name(schema_, table.name, name_addition(c.columns), "fkey", NameSpace::Constraint);
  }
  table.constraints.push_back(std::move(c));
}

void SchemaLoader::add_exclusion_constraint(Table& table, const json& con, Constraint c) {
  c.kind = ConstraintKind::Exclude;
  Index index;
  index.table = table.name;
  index.method = con.value("access_method", std::string{"gist"});
  index.backs_constraint = true;
  for (const auto& exclusion : member(con, "exclusions")) {
    // Each item is a List of (IndexElem, operator name list).
    const json& items = member(exclusion, "List", "items");
    if (items.empty() || !items[0].contains("IndexElem")) continue;
    const json& elem = member(items[0], "IndexElem");
    c.columns.push_back(index_element_name(elem));
    IndexElement element;
    element.column = elem.value("name", std::string{});
    index.elements.push_back(std::move(element));
  }
  if (c.name.empty()) {
    c.name = choose_name(schema_, table.name, name_addition(c.columns), "excl", NameSpace::RelationAndConstraint);
  }
  index.name = c.name;
  c.index_name = c.name;
  schema_.indexes[QualifiedName{table.name.schema, index.name}.key()] = std::move(index);
  table.constraints.push_back(std::move(c));
}

// REFERENCES t without a column list means t's primary key, which may be declared after
// the foreign key (pg_dump adds primary keys with ALTER TABLE at the end).
void SchemaLoader::resolve_foreign_key_columns() {
  for (auto& [key, table] : schema_.tables) {
    for (auto& c : table.constraints) {
      if (c.kind != ConstraintKind::ForeignKey || !c.references || !c.references->columns.empty()) continue;
      const Table* target = schema_.find_table(c.references->table);
      const Constraint* pk = target ? target->primary_key() : nullptr;
      if (pk) c.references->columns = pk->columns;
    }
  }
}

void SchemaLoader::load_alter_table(const json& alter) {
  if (alter.value("objtype", std::string{}) != "OBJECT_TABLE") return;  // ALTER INDEX/SEQUENCE/VIEW ...
  const QualifiedName name = relation_name(member(alter, "relation"));
  Table* table = schema_.find_table(name);
  const json& cmds = member(alter, "cmds");
  if (!table) {
    // pg_dump issues ALTER TABLE ... OWNER TO for sequences and views as well.
    const bool only_ownership = std::all_of(cmds.begin(), cmds.end(), [](const json& cmd) {
      return member(cmd, "AlterTableCmd").value("subtype", std::string{}) == "AT_ChangeOwner";
    });
    const bool other_relation = schema_.other_relations.count(name.key()) > 0;
    if (incremental_ && !only_ownership && !other_relation) {
      // A migration altering a table it never created: the table exists in the database.
      // Remember what this and later statements say about it (a validated CHECK, a new
      // column's type) so that later statements are judged with that knowledge.
      table = &placeholder_table(name);
    } else {
      if (!only_ownership && !alter.value("missing_ok", false) && !other_relation) {
        diags_.warning("unknown-table", statement_location(),
                       "ALTER TABLE of " + name.key() + ", which is not defined");
      }
      return;
    }
  }
  for (const auto& cmd : cmds) load_alter_table_command(*table, member(cmd, "AlterTableCmd"));
}

// Sub-commands that do not change columns, constraints or indexes.
bool is_benign_alter_command(const std::string& subtype) {
  static const char* const prefixes[] = {"AT_ChangeOwner", "AT_Set", "AT_Reset", "AT_Enable", "AT_Disable",
                                         "AT_Force", "AT_NoForce", "AT_ClusterOn", "AT_DropCluster",
                                         "AT_ReplicaIdentity", "AT_GenericOptions", "AT_ReplaceRelOptions",
                                         "AT_AttachPartition", "AT_DetachPartition"};
  for (const char* prefix : prefixes) {
    if (subtype.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

void SchemaLoader::load_alter_table_command(Table& table, const json& cmd) {
  const std::string subtype = cmd.value("subtype", std::string{});
  const std::string column_name = cmd.value("name", std::string{});
  if (incremental_) {
    const bool cascade = cmd.value("behavior", std::string{}) == "DROP_CASCADE";
    if (subtype == "AT_AlterColumnType") return apply_alter_column_type(table, cmd);
    if (subtype == "AT_DropColumn") return drop_column(table, column_name, cascade);
    if (subtype == "AT_DropConstraint") return drop_constraint(table, column_name);
  }
  Column* column = column_name.empty() ? nullptr : table.find_column(column_name);
  const bool needs_column = subtype == "AT_ColumnDefault" || subtype == "AT_SetNotNull" ||
                            subtype == "AT_DropNotNull" || subtype == "AT_AddIdentity" || subtype == "AT_DropIdentity";
  if (needs_column && !column) {
    diags_.warning("unknown-column", statement_location(),
                   "column " + column_name + " of " + table.name.key() + " is not defined");
    return;
  }

  if (subtype == "AT_AddColumn") {
    const json& def = member(cmd, "def", "ColumnDef");
    if (table.find_column(def.value("colname", std::string{}))) {
      if (!cmd.value("missing_ok", false)) {
        diags_.error("duplicate-column", statement_location(),
                     "column " + def.value("colname", std::string{}) + " of " + table.name.key() + " is added twice");
      }
      return;
    }
    std::vector<PendingConstraint> pending;
    table.columns.push_back(make_column(table, def, pending));
    add_constraints(table, pending);
  } else if (subtype == "AT_ColumnDefault") {
    // SET DEFAULT has an expression; DROP DEFAULT has none.
    column->default_sql = std::nullopt;
    if (cmd.contains("def")) column->default_sql = set_default_text(member(cmd, "def"));
  } else if (subtype == "AT_SetNotNull") {
    column->nullable = false;
  } else if (subtype == "AT_DropNotNull") {
    column->nullable = true;
  } else if (subtype == "AT_AddIdentity") {
    set_identity(table.name, *column, member(cmd, "def", "Constraint"));
  } else if (subtype == "AT_DropIdentity") {
    column->identity = Identity::None;
  } else if (subtype == "AT_AddConstraint") {
    const json& con = member(cmd, "def", "Constraint");
    // An ALTER TABLE sub-command runs to the next top-level ',' or the statement end.
    add_constraints(table, {PendingConstraint{&con, {}, SIZE_MAX}});
  } else if (subtype == "AT_ValidateConstraint") {
    for (auto& c : table.constraints) {
      if (c.name == column_name) c.validated = true;
    }
  } else if (!is_benign_alter_command(subtype)) {
    warn_unsupported("ALTER TABLE " + table.name.key() + " (" + subtype.substr(3) + ")");
  }
}

// --- incremental mode: following a migration folder ------------------------------------

// Whether a CHECK expression refers to `column` (parsed, so strings and other identifiers
// that merely contain the name do not count).
bool check_mentions(const std::string& check_sql, const std::string& column) {
  const auto tree = sql::parse_statement("SELECT " + check_sql);
  if (!tree) return false;
  std::vector<std::string> referenced;
  collect_column_refs(*tree, referenced);
  return std::find(referenced.begin(), referenced.end(), column) != referenced.end();
}

// A name as SQL spells it: quoted unless it is a plain lower-case identifier.
std::string identifier_sql(const std::string& name) {
  const auto plain_char = [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  };
  const bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
                     std::all_of(name.begin(), name.end(), plain_char);
  return plain ? name : "\"" + name + "\"";
}

// `expr` with every reference to identifier `from` spelled `to` (a CHECK expression after
// RENAME COLUMN). Working on tokens keeps string literals and comments untouched.
std::string rename_identifier(const std::string& expr, const std::string& from, const std::string& to) {
  std::string out = expr;
  const sql::SourceText source(expr);
  for (std::size_t i = source.size(); i-- > 0;) {
    const sql::Token& t = source[i];
    const bool quoted = t.kind == sql::TokenKind::QuotedIdentifier && source.text_of(t) == "\"" + from + "\"";
    if (source.is_word(i, from) || quoted) out.replace(t.begin, t.end - t.begin, identifier_sql(to));
  }
  return out;
}

// A table a migration alters without having created it, and the model has not seen: it
// exists in the database with columns nobody told us about. Only what statements say
// about it from here on is known (created_in_change stays false: it may hold rows).
Table& SchemaLoader::placeholder_table(const QualifiedName& name) {
  Table table;
  table.name = name;
  table.defined_at = statement_location();
  return schema_.tables[name.key()] = std::move(table);
}

// ALTER COLUMN ... TYPE: the column has the new type from now on. A column the model did
// not know (on a placeholder table) is recorded: at least its type is known now.
void SchemaLoader::apply_alter_column_type(Table& table, const json& cmd) {
  const std::string name = cmd.value("name", std::string{});
  TypeRef type = sql::type_from_tree(member(cmd, "def", "ColumnDef", "typeName"));
  type.spelled = type.sql();
  if (Column* column = table.find_column(name)) {
    column->type = std::move(type);
    return;
  }
  Column column;
  column.name = name;
  column.type = std::move(type);
  table.columns.push_back(std::move(column));
}

void SchemaLoader::apply_rename(const json& rename) {
  static const std::set<std::string> relation_types = {"OBJECT_TABLE",   "OBJECT_INDEX",    "OBJECT_VIEW",
                                                       "OBJECT_MATVIEW", "OBJECT_SEQUENCE", "OBJECT_FOREIGN_TABLE"};
  const std::string type = rename.value("renameType", std::string{});
  const QualifiedName relation = relation_name(member(rename, "relation"));
  const std::string from = rename.value("subname", std::string{});
  const std::string to = rename.value("newname", std::string{});
  if (relation_types.count(type)) return rename_relation(relation, to);
  Table* table = schema_.find_table(relation);
  if (!table) return;
  if (type == "OBJECT_COLUMN") rename_column(*table, from, to);
  if (type == "OBJECT_TABCONSTRAINT") rename_constraint(*table, from, to);
}

// ALTER TABLE / INDEX / VIEW ... RENAME TO: PostgreSQL accepts any of these spellings for
// any relation, so the old name is looked up among tables, indexes and other relations.
// The new name stays in the old one's schema.
void SchemaLoader::rename_relation(const QualifiedName& from, const std::string& to) {
  if (const auto t = schema_.tables.find(from.key()); t != schema_.tables.end()) {
    Table table = std::move(t->second);
    schema_.tables.erase(t);
    const QualifiedName renamed{table.name.schema, to};
    table.name = renamed;
    schema_.tables[renamed.key()] = std::move(table);
    for (auto& [key, index] : schema_.indexes) {
      if (index.table == from) index.table = renamed;
    }
    for (auto& trigger : schema_.triggers) {
      if (trigger.table == from) trigger.table = renamed;
    }
    for (auto& [key, other] : schema_.tables) {
      for (auto& c : other.constraints) {
        if (c.references && c.references->table == from) c.references->table = renamed;
      }
    }
    return;
  }
  if (const auto i = schema_.indexes.find(from.key()); i != schema_.indexes.end()) {
    Index index = std::move(i->second);
    schema_.indexes.erase(i);
    // Renaming the index of a PRIMARY KEY / UNIQUE / EXCLUDE constraint renames the constraint.
    if (Table* owner = index.backs_constraint ? schema_.find_table(index.table) : nullptr) {
      for (auto& c : owner->constraints) {
        if (c.index_name != index.name) continue;
        if (c.name == index.name) c.name = to;
        c.index_name = to;
      }
    }
    index.name = to;
    schema_.indexes[QualifiedName{index.table.schema, to}.key()] = std::move(index);
    return;
  }
  if (const auto o = schema_.other_relations.find(from.key()); o != schema_.other_relations.end()) {
    const std::string kind = o->second;
    schema_.other_relations.erase(o);
    schema_.other_relations[QualifiedName{from.schema, to}.key()] = kind;
  }
}

// RENAME COLUMN: constraints, indexes, CHECK expressions and other tables' foreign keys
// follow the column, as they do in PostgreSQL (they reference it by number, not name).
void SchemaLoader::rename_column(Table& table, const std::string& from, const std::string& to) {
  if (Column* column = table.find_column(from)) column->name = to;
  for (auto& c : table.constraints) {
    std::replace(c.columns.begin(), c.columns.end(), from, to);
    if (c.kind == ConstraintKind::Check) c.check_sql = rename_identifier(c.check_sql, from, to);
  }
  for (auto& [key, index] : schema_.indexes) {
    if (!(index.table == table.name)) continue;
    for (auto& element : index.elements) {
      if (element.column == from) element.column = to;
    }
    std::replace(index.include.begin(), index.include.end(), from, to);
  }
  for (auto& [key, other] : schema_.tables) {
    for (auto& c : other.constraints) {
      if (c.references && c.references->table == table.name) {
        std::replace(c.references->columns.begin(), c.references->columns.end(), from, to);
      }
    }
  }
}

// RENAME CONSTRAINT of an index-backed constraint renames its index too.
void SchemaLoader::rename_constraint(Table& table, const std::string& from, const std::string& to) {
  for (auto& c : table.constraints) {
    if (c.name != from) continue;
    c.name = to;
    if (c.index_name.empty()) continue;
    const auto i = schema_.indexes.find(QualifiedName{table.name.schema, c.index_name}.key());
    if (i != schema_.indexes.end()) {
      Index index = std::move(i->second);
      schema_.indexes.erase(i);
      index.name = to;
      schema_.indexes[QualifiedName{table.name.schema, to}.key()] = std::move(index);
    }
    c.index_name = to;
  }
}

void SchemaLoader::apply_drop(const json& drop) {
  static const std::set<std::string> other_types = {"OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_SEQUENCE",
                                                    "OBJECT_FOREIGN_TABLE"};
  const std::string type = drop.value("removeType", std::string{});
  const bool cascade = drop.value("behavior", std::string{}) == "DROP_CASCADE";
  for (const auto& object : member(drop, "objects")) {
    const QualifiedName name = name_from_list(string_list(object));
    if (type == "OBJECT_TABLE") drop_table(name, cascade);
    if (type == "OBJECT_INDEX") drop_index(name);
    if (other_types.count(type)) schema_.other_relations.erase(name.key());
  }
}

// DROP TABLE takes its indexes and triggers with it; other tables' foreign keys to it go
// only with CASCADE (without it the statement fails).
void SchemaLoader::drop_table(const QualifiedName& name, bool cascade) {
  if (!schema_.tables.erase(name.key())) return;
  for (auto i = schema_.indexes.begin(); i != schema_.indexes.end();) {
    i = i->second.table == name ? schema_.indexes.erase(i) : std::next(i);
  }
  auto& triggers = schema_.triggers;
  triggers.erase(std::remove_if(triggers.begin(), triggers.end(), [&](const Trigger& t) { return t.table == name; }),
                 triggers.end());
  if (!cascade) return;
  for (auto& [key, other] : schema_.tables) {
    auto& constraints = other.constraints;
    constraints.erase(std::remove_if(constraints.begin(), constraints.end(),
                                     [&](const Constraint& c) { return c.references && c.references->table == name; }),
                      constraints.end());
  }
}

// DROP COLUMN takes the indexes and constraints that use the column with it; other tables'
// foreign keys to it go only with CASCADE.
void SchemaLoader::drop_column(Table& table, const std::string& column, bool cascade) {
  auto& columns = table.columns;
  columns.erase(std::remove_if(columns.begin(), columns.end(), [&](const Column& c) { return c.name == column; }),
                columns.end());
  const auto uses_column = [&](const Constraint& c) {
    if (std::find(c.columns.begin(), c.columns.end(), column) != c.columns.end()) return true;
    return c.kind == ConstraintKind::Check && check_mentions(c.check_sql, column);
  };
  auto& constraints = table.constraints;
  constraints.erase(std::remove_if(constraints.begin(), constraints.end(), uses_column), constraints.end());
  for (auto i = schema_.indexes.begin(); i != schema_.indexes.end();) {
    const bool dropped = i->second.table == table.name && i->second.mentions_column(column);
    i = dropped ? schema_.indexes.erase(i) : std::next(i);
  }
  if (!cascade) return;
  const QualifiedName owner = table.name;
  for (auto& [key, other] : schema_.tables) {
    auto& fks = other.constraints;
    fks.erase(std::remove_if(fks.begin(), fks.end(),
                             [&](const Constraint& c) {
                               const auto& ref = c.references;
                               return ref && ref->table == owner &&
                                      std::find(ref->columns.begin(), ref->columns.end(), column) != ref->columns.end();
                             }),
              fks.end());
  }
}

// DROP CONSTRAINT of a PRIMARY KEY / UNIQUE / EXCLUDE drops its index too.
void SchemaLoader::drop_constraint(Table& table, const std::string& name) {
  auto& constraints = table.constraints;
  const auto it =
      std::find_if(constraints.begin(), constraints.end(), [&](const Constraint& c) { return c.name == name; });
  if (it == constraints.end()) return;
  if (!it->index_name.empty()) schema_.indexes.erase(QualifiedName{table.name.schema, it->index_name}.key());
  constraints.erase(it);
}

// DROP INDEX of a constraint's index fails in PostgreSQL, so such an index stays.
void SchemaLoader::drop_index(const QualifiedName& name) {
  const auto it = schema_.indexes.find(name.key());
  if (it != schema_.indexes.end() && !it->second.backs_constraint) schema_.indexes.erase(it);
}

// --- expressions sliced from the source ----------------------------------------------

const sql::SourceText& SchemaLoader::source() const {
  if (!source_) source_.emplace(statement_->text, statement_->offset);
  return *source_;
}

// DEFAULT <expr> in a column definition; `limit` is where the column's next clause starts.
std::string SchemaLoader::default_text(const json& con, std::size_t limit) const {
  return sql::column_default_text(source(), con.value("location", std::size_t{0}), limit);
}

std::string SchemaLoader::set_default_text(const json& expr) const { return sql::set_default_text(source(), expr); }

std::string SchemaLoader::check_text(const json& con) const {
  return sql::check_text(source(), con.value("location", std::size_t{0}));
}

// Whether the REFERENCES clause spells out ON DELETE (shared with the lint rule).
bool SchemaLoader::says_on_delete(const json& con, std::size_t limit) const {
  const std::size_t statement_end = statement_->offset + statement_->text.size();
  return sql::foreign_key_says_on_delete(script_, con.value("location", std::size_t{0}),
                                         std::min(limit, statement_end));
}

// The elements of CREATE INDEX ... ( elements ), expressions with their text.
std::vector<IndexElement> SchemaLoader::index_elements(const json& index) const {
  const std::vector<std::string> texts = sql::index_element_texts(source(), index);
  std::vector<IndexElement> elements;
  const json& params = member(index, "indexParams");
  for (std::size_t n = 0; n < params.size(); ++n) {
    const json& elem = member(params[n], "IndexElem");
    IndexElement element;
    element.column = elem.value("name", std::string{});
    element.expression = texts[n];
    element.descending = elem.value("ordering", std::string{}) == "SORTBY_DESC";
    const std::string nulls = elem.value("nulls_ordering", std::string{});
    element.nulls = nulls == "SORTBY_NULLS_FIRST" ? "first" : nulls == "SORTBY_NULLS_LAST" ? "last" : "";
    for (const auto& part : string_list(member(elem, "opclass"))) {
      element.opclass += (element.opclass.empty() ? "" : ".") + part;
    }
    elements.push_back(std::move(element));
  }
  return elements;
}

std::string SchemaLoader::index_where_text(const json& index) const {
  return sql::index_where_text(source(), member(index, "whereClause"));
}

// --- other objects ---------------------------------------------------------------------

void SchemaLoader::load_index(const json& stmt) {
  const QualifiedName table_name = relation_name(member(stmt, "relation"));
  const bool other_relation = schema_.other_relations.count(table_name.key()) > 0;
  if (!schema_.find_table(table_name) && incremental_ && !other_relation) {
    placeholder_table(table_name);  // a migration indexing a table it did not create: it exists
  }
  if (!schema_.find_table(table_name)) {
    if (!other_relation) {  // indexes on materialized views are fine
      diags_.warning("unknown-table", statement_location(), "index on " + table_name.key() + ", which is not defined");
    }
    return;
  }
  Index index;
  index.table = table_name;
  index.unique = stmt.value("unique", false);
  index.method = stmt.value("accessMethod", std::string{"btree"});
  index.elements = index_elements(stmt);
  for (const auto& elem : member(stmt, "indexIncludingParams")) {
    index.include.push_back(member(elem, "IndexElem").value("name", std::string{}));
  }
  if (stmt.contains("whereClause")) index.where_sql = index_where_text(stmt);
  index.name = stmt.value("idxname", std::string{});
  if (index.name.empty()) {
    std::vector<std::string> columns;
    for (const auto& param : member(stmt, "indexParams")) {
      columns.push_back(index_element_name(member(param, "IndexElem")));
    }
    index.name = choose_name(schema_, table_name, name_addition(columns), "idx", NameSpace::Relation);
  }
  const QualifiedName qualified{table_name.schema, index.name};
  if (relation_exists(schema_, qualified)) {
    if (!stmt.value("if_not_exists", false)) {
      diags_.error("duplicate-relation", statement_location(), "relation " + qualified.key() + " already exists");
    }
    return;
  }
  schema_.indexes[qualified.key()] = std::move(index);
}

void SchemaLoader::load_comment(const json& stmt) {
  const std::string type = stmt.value("objtype", std::string{});
  if (type != "OBJECT_TABLE" && type != "OBJECT_COLUMN") return;
  std::vector<std::string> names = string_list(member(stmt, "object"));
  std::optional<std::string> text;
  if (stmt.contains("comment")) text = stmt.value("comment", std::string{});

  std::string column_name;
  if (type == "OBJECT_COLUMN" && !names.empty()) {
    column_name = names.back();
    names.pop_back();
  }
  const QualifiedName table_name = name_from_list(names);
  Table* table = schema_.find_table(table_name);
  if (!table) {
    if (!schema_.other_relations.count(table_name.key())) {  // comments on views are fine
      diags_.warning("unknown-table", statement_location(),
                     "comment on " + table_name.key() + ", which is not defined");
    }
    return;
  }
  if (type == "OBJECT_TABLE") {
    table->comment = text;
    return;
  }
  Column* column = table->find_column(column_name);
  if (!column) {
    diags_.warning("unknown-column", statement_location(),
                   "comment on column " + column_name + " of " + table_name.key() + ", which is not defined");
    return;
  }
  column->comment = text;
}

void SchemaLoader::load_function(const json& stmt) {
  Function function;
  function.name = name_from_list(string_list(member(stmt, "funcname")));
  for (const auto& param : member(stmt, "parameters")) {
    const json& p = member(param, "FunctionParameter");
    const std::string mode = p.value("mode", std::string{});
    // DROP FUNCTION identifies a function by its input arguments only.
    if (mode == "FUNC_PARAM_OUT" || mode == "FUNC_PARAM_TABLE") continue;
    if (!function.signature.empty()) function.signature += ", ";
    function.signature += sql::type_from_tree(member(p, "argType")).sql();
  }
  schema_.functions[function.name.key() + "(" + function.signature + ")"] = std::move(function);
}

void SchemaLoader::load_trigger(const json& stmt) {
  Trigger trigger;
  trigger.name = stmt.value("trigname", std::string{});
  trigger.table = relation_name(member(stmt, "relation"));
  // Keep the statement text (drop_table's down replays it) and where the table name sits
  // in it: the RangeVar's location is its first token; the name runs over `ident(.ident)*`.
  trigger.create_sql = statement_->text;
  const long location = member(stmt, "relation").value("location", -1L);
  if (location >= 0 && static_cast<std::size_t>(location) >= statement_->offset) {
    const sql::Range name = sql::qualified_name_range(source(), static_cast<std::size_t>(location));
    if (name.end > name.begin) {
      trigger.table_begin = name.begin - statement_->offset;
      trigger.table_end = name.end - statement_->offset;
    }
  }
  auto& triggers = schema_.triggers;
  const bool known = std::any_of(triggers.begin(), triggers.end(), [&](const Trigger& t) {
    return t.name == trigger.name && t.table == trigger.table;
  });
  if (!known) triggers.push_back(std::move(trigger));
}

}  // namespace

std::optional<Schema> load_schema_sql(const std::string& sql_text, const std::string& file_name,
                                      core::Diagnostics& diags) {
  return SchemaLoader(sql_text, file_name, diags).run();
}

void apply_statement(Schema& schema, const std::string& script, const sql::Statement& statement) {
  core::Diagnostics ignored;  // the linter reports problems through its own rules
  schema = SchemaLoader(script, "", ignored).apply(std::move(schema), statement);
}

}  // namespace schemashift::model
