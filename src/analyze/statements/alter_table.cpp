// ALTER TABLE. Each sub-command adds its locks through the Analyzer and returns a label;
// the statement's lock is the strongest sub-command's (§2: "the strictest one required by
// any subcommand"), and work on one table is the costliest (one shared pass, §3.5).
#include "analyze/statements/analyzer.hpp"

#include <map>

#include "core/text.hpp"

namespace schemashift::analyze::statements {

namespace {

const model::Constraint* find_constraint(const model::Table* table, const std::string& name) {
  return table ? table->find_constraint(name) : nullptr;
}

using SubcommandHandler = std::string (*)(const json& cmd, const AlterTarget& t, Analyzer& a);

// Sub-commands whose lock and work never depend on their arguments (§2, §3.4, §3.5).
// '%' in the label is replaced by the sub-command's name member (column, trigger ...).
struct SimpleSubcommand {
  LockMode mode;
  Work work;
  const char* label;
};

const std::map<std::string, SimpleSubcommand>& simple_subcommands() {
  static const std::map<std::string, SimpleSubcommand> table = {
      {"AT_DropColumn", {M::AccessExclusive, Work::Catalog, "DROP COLUMN %"}},
      {"AT_DropNotNull", {M::AccessExclusive, Work::Catalog, "ALTER COLUMN % DROP NOT NULL"}},
      {"AT_SetStorage", {M::AccessExclusive, Work::Catalog, "ALTER COLUMN % SET STORAGE"}},
      {"AT_SetCompression", {M::AccessExclusive, Work::Catalog, "ALTER COLUMN % SET COMPRESSION"}},
      {"AT_DropExpression", {M::AccessExclusive, Work::Catalog, "ALTER COLUMN % DROP EXPRESSION"}},
      // §3.4: adding identity to an existing NOT NULL column without default is catalog-only.
      {"AT_AddIdentity", {M::AccessExclusive, Work::Catalog, "ALTER COLUMN % ADD GENERATED AS IDENTITY"}},
      {"AT_SetIdentity", {M::AccessExclusive, Work::Catalog, "ALTER COLUMN % SET identity option"}},
      {"AT_DropIdentity", {M::AccessExclusive, Work::Catalog, "ALTER COLUMN % DROP IDENTITY"}},
      // §2: statistics, per-column options and clustering choice only take SUE.
      {"AT_SetStatistics", {M::ShareUpdateExclusive, Work::Catalog, "ALTER COLUMN % SET STATISTICS"}},
      {"AT_SetOptions", {M::ShareUpdateExclusive, Work::Catalog, "ALTER COLUMN % SET (...)"}},
      {"AT_ResetOptions", {M::ShareUpdateExclusive, Work::Catalog, "ALTER COLUMN % RESET (...)"}},
      {"AT_ClusterOn", {M::ShareUpdateExclusive, Work::Catalog, "CLUSTER ON %"}},
      {"AT_DropCluster", {M::ShareUpdateExclusive, Work::Catalog, "SET WITHOUT CLUSTER"}},
      {"AT_DetachPartitionFinalize", {M::ShareUpdateExclusive, Work::Catalog, "DETACH PARTITION FINALIZE"}},
      // §2: ENABLE/DISABLE TRIGGER affect writes only: SHARE ROW EXCLUSIVE.
      {"AT_EnableTrig", {M::ShareRowExclusive, Work::Catalog, "ENABLE TRIGGER %"}},
      {"AT_EnableAlwaysTrig", {M::ShareRowExclusive, Work::Catalog, "ENABLE ALWAYS TRIGGER %"}},
      {"AT_EnableReplicaTrig", {M::ShareRowExclusive, Work::Catalog, "ENABLE REPLICA TRIGGER %"}},
      {"AT_EnableTrigAll", {M::ShareRowExclusive, Work::Catalog, "ENABLE TRIGGER ALL"}},
      {"AT_EnableTrigUser", {M::ShareRowExclusive, Work::Catalog, "ENABLE TRIGGER USER"}},
      {"AT_DisableTrig", {M::ShareRowExclusive, Work::Catalog, "DISABLE TRIGGER %"}},
      {"AT_DisableTrigAll", {M::ShareRowExclusive, Work::Catalog, "DISABLE TRIGGER ALL"}},
      {"AT_DisableTrigUser", {M::ShareRowExclusive, Work::Catalog, "DISABLE TRIGGER USER"}},
      // §3.5: these copy the whole table.
      {"AT_SetTableSpace", {M::AccessExclusive, Work::Rewrite, "SET TABLESPACE %"}},
      {"AT_SetAccessMethod", {M::AccessExclusive, Work::Rewrite, "SET ACCESS METHOD %"}},
      {"AT_SetLogged", {M::AccessExclusive, Work::Rewrite, "SET LOGGED"}},
      {"AT_SetUnLogged", {M::AccessExclusive, Work::Rewrite, "SET UNLOGGED"}},
      {"AT_ChangeOwner", {M::AccessExclusive, Work::Catalog, "OWNER TO"}},
      {"AT_EnableRowSecurity", {M::AccessExclusive, Work::Catalog, "ENABLE ROW LEVEL SECURITY"}},
      {"AT_DisableRowSecurity", {M::AccessExclusive, Work::Catalog, "DISABLE ROW LEVEL SECURITY"}},
      {"AT_ForceRowSecurity", {M::AccessExclusive, Work::Catalog, "FORCE ROW LEVEL SECURITY"}},
      {"AT_NoForceRowSecurity", {M::AccessExclusive, Work::Catalog, "NO FORCE ROW LEVEL SECURITY"}},
      {"AT_ReplicaIdentity", {M::AccessExclusive, Work::Catalog, "REPLICA IDENTITY"}},
      {"AT_AlterConstraint", {M::AccessExclusive, Work::Catalog, "ALTER CONSTRAINT"}},
      {"AT_AddInherit", {M::AccessExclusive, Work::Catalog, "INHERIT"}},
      {"AT_DropInherit", {M::AccessExclusive, Work::Catalog, "NO INHERIT"}},
      {"AT_AddOf", {M::AccessExclusive, Work::Catalog, "OF"}},
      {"AT_DropOf", {M::AccessExclusive, Work::Catalog, "NOT OF"}},
  };
  return table;
}

std::string fill_label(const std::string& label, const std::string& name) {
  const auto at = label.find('%');
  return at == std::string::npos ? label : label.substr(0, at) + name + label.substr(at + 1);
}

std::string constraint_label(const json& con, const std::string& kind) {
  std::string label = "ADD ";
  if (!text(con, "conname").empty()) label += "CONSTRAINT " + text(con, "conname") + " ";
  label += kind;
  if (!text(con, "indexname").empty()) label += " USING INDEX " + text(con, "indexname");
  if (flag(con, "skip_validation")) label += " NOT VALID";
  return label;
}

std::string add_check(const json& con, const AlterTarget& t, Analyzer& a) {
  a.lock(t.rel, M::AccessExclusive, flag(con, "skip_validation") ? Work::Catalog : Work::Scan);
  return constraint_label(con, "CHECK");
}

// §2: SRE on both tables — "at least as strong as CREATE TRIGGER"; the validation (unless
// NOT VALID) reads both and blocks writes on both for its duration.
std::string add_foreign_key(const json& con, const AlterTarget& t, Analyzer& a) {
  const bool validated = !flag(con, "skip_validation");
  a.lock(t.rel, M::ShareRowExclusive, validated ? Work::Scan : Work::Catalog);
  lock_referenced_table(a, range_var(member(con, "pktable")), t.rel, M::ShareRowExclusive, validated);
  return constraint_label(con, "FOREIGN KEY");
}

// §2/§3.3: ADD PRIMARY KEY USING INDEX is brief, except that nullable key columns get a
// SET NOT NULL scan.
Work primary_key_using_index_work(const json& con, const AlterTarget& t, Analyzer& a) {
  const model::Index* index =
      a.context.schema ? a.context.schema->find_index(sibling(t.rel, text(con, "indexname"))) : nullptr;
  if (!index || !t.table) {
    a.note("PRIMARY KEY USING INDEX scans the table if a key column is still nullable");
    return Work::Catalog;
  }
  for (const auto& element : index->elements) {
    const model::Column* c = t.table->find_column(element.column);
    if (c && c->nullable) {
      a.note("PRIMARY KEY on nullable column " + c->name + ": SET NOT NULL scan");
      return Work::Scan;
    }
  }
  return Work::Catalog;
}

std::string add_index_constraint(const json& con, const AlterTarget& t, Analyzer& a, const std::string& kind) {
  if (!text(con, "indexname").empty()) {
    const Work work = kind == "PRIMARY KEY" ? primary_key_using_index_work(con, t, a) : Work::Catalog;
    a.lock(t.rel, M::AccessExclusive, work);
  } else {
    // §2: the index is built under ACCESS EXCLUSIVE ("essentially the same as CREATE INDEX").
    a.lock(t.rel, M::AccessExclusive, Work::IndexBuild);
    a.note("index built under ACCESS EXCLUSIVE: CREATE UNIQUE INDEX CONCURRENTLY + USING INDEX avoids it");
  }
  return constraint_label(con, kind);
}

std::string add_constraint(const json& cmd, const AlterTarget& t, Analyzer& a) {
  const json& con = body(member(cmd, "def"), "Constraint");
  const std::string contype = text(con, "contype");
  if (contype == "CONSTR_CHECK") return add_check(con, t, a);
  if (contype == "CONSTR_FOREIGN") return add_foreign_key(con, t, a);
  if (contype == "CONSTR_PRIMARY") return add_index_constraint(con, t, a, "PRIMARY KEY");
  if (contype == "CONSTR_UNIQUE") return add_index_constraint(con, t, a, "UNIQUE");
  if (contype == "CONSTR_EXCLUSION") return add_index_constraint(con, t, a, "EXCLUDE");
  a.lock(t.rel, M::AccessExclusive, Work::Catalog);
  return constraint_label(con, "CONSTRAINT");
}

// §2: VALIDATE takes only SUE (DML continues), plus ROW SHARE on an FK's referenced table,
// which it reads too.
std::string validate_constraint(const json& cmd, const AlterTarget& t, Analyzer& a) {
  const std::string name = text(cmd, "name");
  a.lock(t.rel, M::ShareUpdateExclusive, Work::Scan);
  const model::Constraint* c = find_constraint(t.table, name);
  if (c && c->references) {
    lock_referenced_table(a, from_model(c->references->table), t.rel, M::RowShare, true);
  } else if (!c) {
    a.note("if " + name + " is a foreign key, the referenced table gets ROW SHARE too");
  }
  return "VALIDATE CONSTRAINT " + name;
}

// §2: dropping an FK also takes ACCESS EXCLUSIVE on the referenced table (trigger removal).
std::string drop_constraint(const json& cmd, const AlterTarget& t, Analyzer& a) {
  const std::string name = text(cmd, "name");
  a.lock(t.rel, M::AccessExclusive, Work::Catalog);
  const model::Constraint* c = find_constraint(t.table, name);
  if (c && c->references) {
    a.lock(from_model(c->references->table), M::AccessExclusive, Work::Catalog);
  } else if (!c) {
    a.note("if " + name + " is a foreign key, the referenced table is locked ACCESS EXCLUSIVE too");
  }
  return "DROP CONSTRAINT " + name;
}

// SET (fillfactor, toast.*, autovacuum_*, parallel_workers) takes SUE; any other
// parameter takes ACCESS EXCLUSIVE.
LockMode rel_option_lock(const json& def_elem) {
  const std::string name = text(def_elem, "defname");
  const bool light = text(def_elem, "defnamespace") == "toast" || name == "fillfactor" ||
                     name == "parallel_workers" || core::starts_with(name, "autovacuum_");
  return light ? M::ShareUpdateExclusive : M::AccessExclusive;
}

std::string rel_options(const json& cmd, const AlterTarget& t, Analyzer& a) {
  std::vector<std::string> names;
  LockMode mode = M::ShareUpdateExclusive;
  for (const auto& item : items(member(cmd, "def"))) {
    const json& def_elem = body(item, "DefElem");
    const std::string ns = text(def_elem, "defnamespace");
    names.push_back(ns.empty() ? text(def_elem, "defname") : ns + "." + text(def_elem, "defname"));
    mode = std::max(mode, rel_option_lock(def_elem));
  }
  a.lock(t.rel, mode, Work::Catalog);
  const bool reset = text(cmd, "subtype") == "AT_ResetRelOptions";
  return std::string(reset ? "RESET (" : "SET (") + core::join(names, ", ") + ")";
}

std::string attach_partition(const json& cmd, const AlterTarget& t, Analyzer& a) {
  const RelationRef partition = range_var(member(body(member(cmd, "def"), "PartitionCmd"), "name"));
  // PG 12+ (commit 898e5e32): SUE on the parent; PG 11: AE.
  a.lock(t.rel, a.context.pg_version >= 12 ? M::ShareUpdateExclusive : M::AccessExclusive, Work::Catalog);
  a.lock(partition, M::AccessExclusive, Work::Scan);
  const bool new_default = flag(member(body(member(cmd, "def"), "PartitionCmd"), "bound"), "is_default");
  const bool default_locked = !new_default && lock_default_partition(a, t.rel, partition.name, true);
  a.note(default_locked ? "partition scan is skipped if a valid CHECK implies the partition bound"
                        : "partition scan is skipped if a valid CHECK implies the partition bound; a DEFAULT partition "
                          "is locked ACCESS EXCLUSIVE and scanned too");
  return "ATTACH PARTITION " + partition.written;
}

std::string detach_partition(const json& cmd, const AlterTarget& t, Analyzer& a) {
  const json& pcmd = body(member(cmd, "def"), "PartitionCmd");
  const RelationRef partition = range_var(member(pcmd, "name"));
  if (flag(pcmd, "concurrent")) {
    // PG 14+: two transactions; the second takes AE on the partition only (§2, §4.1).
    a.lock(t.rel, M::ShareUpdateExclusive, Work::Catalog);
    a.lock(partition, M::AccessExclusive, Work::Catalog);
    a.outside_transaction();
    return "DETACH PARTITION " + partition.written + " CONCURRENTLY";
  }
  a.lock(t.rel, M::AccessExclusive, Work::Catalog);
  a.lock(partition, M::AccessExclusive, Work::Catalog);
  // PostgreSQL 15 ATExecDetachPartition: the DEFAULT partition's constraint changes too
  // (and CONCURRENTLY refuses to run beside one).
  lock_default_partition(a, t.rel, partition.name, false);
  return "DETACH PARTITION " + partition.written;
}

const std::map<std::string, SubcommandHandler>& subcommand_handlers() {
  static const std::map<std::string, SubcommandHandler> table = {
      {"AT_AddColumn", add_column},
      {"AT_AlterColumnType", alter_column_type},
      {"AT_SetNotNull", set_not_null},
      {"AT_ColumnDefault", column_default},
      {"AT_AddConstraint", add_constraint},
      {"AT_ValidateConstraint", validate_constraint},
      {"AT_DropConstraint", drop_constraint},
      {"AT_SetRelOptions", rel_options},
      {"AT_ResetRelOptions", rel_options},
      {"AT_AttachPartition", attach_partition},
      {"AT_DetachPartition", detach_partition},
  };
  return table;
}

std::string analyze_subcommand(const json& cmd, const AlterTarget& t, Analyzer& a) {
  const std::string subtype = text(cmd, "subtype");
  if (const auto it = subcommand_handlers().find(subtype); it != subcommand_handlers().end()) {
    return it->second(cmd, t, a);
  }
  if (const auto it = simple_subcommands().find(subtype); it != simple_subcommands().end()) {
    a.lock(t.rel, it->second.mode, it->second.work);
    return fill_label(it->second.label, text(cmd, "name"));
  }
  // §2: "An ACCESS EXCLUSIVE lock is acquired unless explicitly noted."
  a.lock(t.rel, M::AccessExclusive, Work::Catalog);
  return core::starts_with(subtype, "AT_") ? subtype.substr(3) : subtype;
}

}  // namespace

void analyze_alter_table(const json& s, Analyzer& a) {
  AlterTarget t;
  t.rel = range_var(member(s, "relation"));
  t.table = a.table(t.rel.name);
  std::vector<std::string> labels;
  bool validates = false;
  for (const auto& item : items(member(s, "cmds"))) {
    const json& cmd = body(item, "AlterTableCmd");
    validates = validates || text(cmd, "subtype") == "AT_ValidateConstraint";
    labels.push_back(analyze_subcommand(cmd, t, a));
  }
  const RelationLock* target = a.find_lock(t.rel);
  if (validates && target && target->mode == M::AccessExclusive) {
    a.note("VALIDATE bundled with an ACCESS EXCLUSIVE sub-command runs under ACCESS EXCLUSIVE");
  }
  a.result.summary = "ALTER " + object_word(text(s, "objtype")) + " " + t.rel.written + " " + core::join(labels, ", ");
}

}  // namespace schemashift::analyze::statements
