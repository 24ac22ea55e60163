// ADD CONSTRAINT ... UNIQUE / PRIMARY KEY / EXCLUDE that builds its index inside the
// ALTER TABLE (no USING INDEX), and ADD COLUMN ... UNIQUE / PRIMARY KEY, on an existing
// table: the index build runs under ACCESS EXCLUSIVE.
#include "analyze/rule.hpp"
#include "sql/tree.hpp"
#include "core/text.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "unique-constraint-without-index";
  r.severity = Severity::Error;
  r.impact = Impact::Blocking;
  r.summary = "ADD UNIQUE / PRIMARY KEY / EXCLUDE constraint that builds its index under ACCESS EXCLUSIVE";
  r.rationale =
      "ADD CONSTRAINT ... UNIQUE, PRIMARY KEY or EXCLUDE builds the backing index inside the ALTER TABLE, "
      "holding ACCESS EXCLUSIVE for the whole build: reads and writes wait while the table is scanned and "
      "sorted (postgres-facts.md §2, §3.3). A PRIMARY KEY also runs SET NOT NULL on nullable key columns "
      "(another scan). CREATE UNIQUE INDEX CONCURRENTLY builds the same index under SHARE UPDATE EXCLUSIVE "
      "(reads and writes continue, §4.2), and ADD CONSTRAINT ... USING INDEX then only attaches it (brief "
      "lock). EXCLUDE constraints have no USING INDEX form.";
  r.safe_alternative =
      "CREATE UNIQUE INDEX CONCURRENTLY t_c_key ON t (c) outside a transaction; then ALTER TABLE t ADD "
      "CONSTRAINT t_c_key UNIQUE USING INDEX t_c_key (or PRIMARY KEY USING INDEX, after making the key "
      "columns NOT NULL with the CHECK ... NOT VALID / VALIDATE / SET NOT NULL sequence, otherwise the "
      "attach scans). For EXCLUDE there is no concurrent path: use a maintenance window.";
  r.bad = {{"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"},
           {"ALTER TABLE users ADD PRIMARY KEY (id);", true},
           {"ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);"},
           {"ALTER TABLE users ADD COLUMN handle text UNIQUE;"}};
  r.good = {{"CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\n"
             "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;"},
            {"ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id_idx;", true},
            {"CREATE TABLE users (id bigint, email text);\n"
             "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);\n"
             "ALTER TABLE users ADD PRIMARY KEY (id);", true}};
  return r;
}

std::string kind_of(const std::string& contype) {
  if (contype == "CONSTR_PRIMARY") return "PRIMARY KEY";
  if (contype == "CONSTR_UNIQUE") return "UNIQUE";
  if (contype == "CONSTR_EXCLUSION") return "EXCLUDE";
  return {};
}

// PostgreSQL's default names: t_pkey, t_c1_c2_key.
std::string suggested_name(const model::QualifiedName& table, const std::string& kind,
                           const std::vector<std::string>& columns) {
  if (kind == "PRIMARY KEY") return table.name + "_pkey";
  return table.name + "_" + core::join(columns, "_") + "_key";
}

std::string help_for(const std::string& table, const model::QualifiedName& name, const std::string& kind,
                     std::string constraint, const std::vector<std::string>& columns) {
  if (kind == "EXCLUDE") {
    return "an EXCLUDE constraint cannot be attached from a concurrently built index: add it in a maintenance "
           "window, or when the table is created";
  }
  if (constraint.empty()) constraint = suggested_name(name, kind, columns);
  std::string help = "CREATE UNIQUE INDEX CONCURRENTLY " + constraint + " ON " + table + " (" +
                     core::join(columns, ", ") + ") outside a transaction; then ALTER TABLE " + table +
                     " ADD CONSTRAINT " + constraint + " " + kind + " USING INDEX " + constraint;
  if (kind == "PRIMARY KEY") {
    help += "; make nullable key columns NOT NULL first (CHECK ... NOT VALID, VALIDATE, SET NOT NULL), otherwise "
            "attaching the primary key still scans the table";
  }
  return help;
}

void check(const StatementView& s, const LintState&, std::vector<RuleHit>& out) {
  if (s.kind != "AlterTableStmt") return;
  const std::string table = written_relation(member(s.node, "relation"));
  const model::QualifiedName name = model::relation_name(member(s.node, "relation"));
  const RelationLock* lock = lock_on(s.analysis, table);
  if (!lock || !is_existing(*lock)) return;
  for (const json* cmd : alter_commands(s.node)) {
    const std::string subtype = text(*cmd, "subtype");
    if (subtype == "AT_AddConstraint") {
      const json& con = body(member(*cmd, "def"), "Constraint");
      const std::string kind = kind_of(text(con, "contype"));
      if (kind.empty() || !text(con, "indexname").empty()) continue;
      const std::string constraint = text(con, "conname");
      RuleHit hit;
      hit.message = (constraint.empty() ? "ADD " : "ADD CONSTRAINT " + constraint + " ") + kind +
                    " on existing table " + table +
                    " builds its index while holding ACCESS EXCLUSIVE: reads and writes wait for the whole build";
      hit.help = help_for(table, name, kind, constraint, string_list(member(con, "keys")));
      hit.location = location(con);
      hit.relation = table;
      out.push_back(hit);
    } else if (subtype == "AT_AddColumn") {
      const json& col = body(member(*cmd, "def"), "ColumnDef");
      const std::string column = text(col, "colname");
      for (const auto& item : items(member(col, "constraints"))) {
        const json& con = body(item, "Constraint");
        const std::string kind = kind_of(text(con, "contype"));
        if (kind.empty()) continue;
        RuleHit hit;
        hit.message = "ADD COLUMN " + column + " " + kind + " on existing table " + table +
                      " builds a unique index over every row while holding ACCESS EXCLUSIVE: reads and writes wait";
        hit.help = "add " + column + " without " + kind + "; then " +
                   help_for(table, name, kind, text(con, "conname"), {column});
        hit.location = location(con);
        hit.relation = table;
        out.push_back(hit);
      }
    }
  }
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(unique_constraint_without_index, schemashift::analyze::info(), schemashift::analyze::check)
