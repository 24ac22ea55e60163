// ALTER TABLE sub-commands as a schema dump writes them (ONLY ... ADD CONSTRAINT, SET
// DEFAULT, OWNER TO ...).
#include "model/schema_loader.hpp"

#include <algorithm>

#include "model/names_from_tree.hpp"

namespace schemashift::model::loader {

using sql::tree::json;
using namespace sql::tree;

namespace {

// Sub-commands that do not change columns, constraints or indexes.
bool is_benign_alter_command(const std::string& subtype) {
  static const char* const prefixes[] = {"AT_ChangeOwner", "AT_Set", "AT_Reset", "AT_Enable", "AT_Disable",
                                         "AT_Force", "AT_NoForce", "AT_ClusterOn", "AT_DropCluster",
                                         "AT_ReplicaIdentity", "AT_GenericOptions", "AT_ReplaceRelOptions",
                                         "AT_DetachPartitionFinalize"};
  for (const char* prefix : prefixes) {
    if (subtype.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

}  // namespace

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

void SchemaLoader::load_alter_table_command(Table& table, const json& cmd) {
  const std::string subtype = cmd.value("subtype", std::string{});
  const std::string column_name = cmd.value("name", std::string{});
  if (incremental_) {
    const bool cascade = cmd.value("behavior", std::string{}) == "DROP_CASCADE";
    if (subtype == "AT_AlterColumnType") return apply_alter_column_type(table, cmd);
    if (subtype == "AT_DropColumn") return drop_column(table, column_name, cascade);
    if (subtype == "AT_DropConstraint") return drop_constraint(table, column_name);
  }
  if (subtype == "AT_AttachPartition" || subtype == "AT_DetachPartition") return load_partition_command(table, cmd);
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

// ATTACH PARTITION makes a known table a partition of `parent`; DETACH makes it a table of
// its own again (DETACH ... CONCURRENTLY too: the model knows the migration's end state).
void SchemaLoader::load_partition_command(Table& parent, const json& cmd) {
  const json& partition_cmd = member(cmd, "def", "PartitionCmd");
  Table* partition = schema_.find_table(relation_name(member(partition_cmd, "name")));
  if (!partition) return;
  if (cmd.value("subtype", std::string{}) == "AT_DetachPartition") {
    partition->partition_of.reset();
    partition->partition_bound.clear();
    partition->default_partition = false;
    return;
  }
  partition->partition_of = parent.name;
  const json& bound = member(partition_cmd, "bound");
  partition->default_partition = bound.value("is_default", false);
  partition->partition_bound = partition_bound_text(bound, SIZE_MAX);
}

}  // namespace schemashift::model::loader
