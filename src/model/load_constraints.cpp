// PRIMARY KEY / UNIQUE / CHECK / FOREIGN KEY / EXCLUDE constraints, inline or table-level,
// with their backing indexes and PostgreSQL's names for unnamed ones.
#include "model/schema_loader.hpp"

#include <algorithm>

#include "model/names_from_tree.hpp"
#include "model/object_names.hpp"
#include "sql/clauses.hpp"

namespace schemashift::model::loader {

using sql::tree::json;
using namespace sql::tree;

namespace {

FkAction fk_action(const std::string& code) {
  if (code == "r") return FkAction::Restrict;
  if (code == "c") return FkAction::Cascade;
  if (code == "n") return FkAction::SetNull;
  if (code == "d") return FkAction::SetDefault;
  return FkAction::NoAction;  // "a"
}

}  // namespace

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
    c.name = primary ? choose_name(schema_, table.name, {}, "pkey", NameSpace::RelationAndConstraint, {}, index_)
                     : choose_name(schema_, table.name, name_addition(c.columns), "key",
                                   NameSpace::RelationAndConstraint, {}, index_);
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
  constraint_added(table);
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
  constraint_added(table);
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
                         NameSpace::Constraint, {}, index_);
  }
  table.constraints.push_back(std::move(c));
  constraint_added(table);
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
    c.name = choose_name(schema_, table.name, name_addition(c.columns), "fkey", NameSpace::Constraint, {}, index_);
  }
  table.constraints.push_back(std::move(c));
  constraint_added(table);
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
    c.name = choose_name(schema_, table.name, name_addition(c.columns), "excl", NameSpace::RelationAndConstraint, {},
                         index_);
  }
  index.name = c.name;
  c.index_name = c.name;
  schema_.indexes[QualifiedName{table.name.schema, index.name}.key()] = std::move(index);
  table.constraints.push_back(std::move(c));
  constraint_added(table);
}

// REFERENCES t without a column list means t's primary key, which may be declared after
// the foreign key (pg_dump adds primary keys with ALTER TABLE at the end).
void SchemaLoader::resolve_foreign_key_columns() {
  if (!incremental_ || !index_) {
    for (auto& [key, table] : schema_.tables) resolve_foreign_keys_of(table);
    return;
  }
  // Following a migration this runs after every statement: only the tables known to wait.
  auto& waiting = index_->tables_with_unresolved_foreign_keys(schema_);
  for (auto it = waiting.begin(); it != waiting.end();) {
    const auto table = schema_.tables.find(*it);
    if (table != schema_.tables.end()) resolve_foreign_keys_of(table->second);
    const bool still_waiting = table != schema_.tables.end() &&
                               std::any_of(table->second.constraints.begin(), table->second.constraints.end(),
                                           [](const Constraint& c) {
                                             return c.kind == ConstraintKind::ForeignKey && c.references &&
                                                    c.references->columns.empty();
                                           });
    it = still_waiting ? std::next(it) : waiting.erase(it);
  }
}

void SchemaLoader::resolve_foreign_keys_of(Table& table) {
  for (auto& c : table.constraints) {
    if (c.kind != ConstraintKind::ForeignKey || !c.references || !c.references->columns.empty()) continue;
    const Table* target = schema_.find_table(c.references->table);
    const Constraint* pk = target ? target->primary_key() : nullptr;
    if (pk) c.references->columns = pk->columns;
  }
}

void SchemaLoader::constraint_added(const Table& table) {
  if (index_) index_->constraint_added(table.name, table.constraints.back());
}

void SchemaLoader::invalidate_index() {
  if (index_) index_->invalidate();
}

// Whether the REFERENCES clause spells out ON DELETE (shared with the lint rule).
bool SchemaLoader::says_on_delete(const json& con, std::size_t limit) const {
  return sql::foreign_key_says_on_delete(source(), con.value("location", std::size_t{0}), limit);
}

}  // namespace schemashift::model::loader
