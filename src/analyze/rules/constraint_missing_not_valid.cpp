// ADD CONSTRAINT ... CHECK / FOREIGN KEY without NOT VALID on an existing table (also the
// same constraints written inline on ADD COLUMN, which cannot say NOT VALID at all): the
// validation scan runs while the ALTER TABLE's lock is held.
#include "analyze/rule.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "constraint-missing-not-valid";
  r.severity = Severity::Error;
  r.impact = Impact::Blocking;
  r.summary = "ADD CONSTRAINT ... CHECK or FOREIGN KEY without NOT VALID on an existing table (a FOREIGN KEY also "
              "on a table filled earlier in the file)";
  r.rationale =
      "Adding a CHECK validates every existing row with a full scan while holding ACCESS EXCLUSIVE: reads "
      "and writes wait (postgres-facts.md §2, §3.3). Adding a FOREIGN KEY validates with a scan while "
      "holding SHARE ROW EXCLUSIVE on both the table and the referenced table: writes to both wait. With "
      "NOT VALID the constraint is only recorded (brief lock) and enforced for new and updated rows; a later "
      "VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE (plus ROW SHARE on the referenced table), "
      "which lets reads and writes continue. A constraint written inline on ADD COLUMN is validated the "
      "same way and cannot be NOT VALID; but a FOREIGN KEY on a column added without a DEFAULT is not validated "
      "at all (every value is NULL; PostgreSQL 15 skips it unless the statement gives an added column a DEFAULT "
      "or adds a table-level FOREIGN KEY). A table created in the same file is empty only until a query fills it "
      "(CREATE TABLE ... AS SELECT, SELECT ... INTO, INSERT ... SELECT): a FOREIGN KEY added after that scans "
      "every copied row while the existing referenced table is locked SHARE ROW EXCLUSIVE, so writes to it "
      "wait (PostgreSQL 15, 1M copied rows: about 0.7 s here, 2 s reported on real hardware). (Foreign keys "
      "on partitioned tables cannot be NOT VALID in PostgreSQL 11-17.)";
  r.safe_alternative =
      "ALTER TABLE t ADD CONSTRAINT c ... NOT VALID; then, in a separate transaction (so the first lock is "
      "released), ALTER TABLE t VALIDATE CONSTRAINT c. For ADD COLUMN ... REFERENCES / CHECK: add the column "
      "first, then add the constraint NOT VALID and validate it.";
  r.bad = {{"ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);"},
           {"ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);", true},
           {"ALTER TABLE orders ADD COLUMN coupon_id bigint DEFAULT 1 REFERENCES coupons (id);"},
           {"ALTER TABLE orders ADD COLUMN discount numeric CHECK (discount >= 0);"},
           {"CREATE TABLE orders_copy AS SELECT * FROM orders;\n"
            "ALTER TABLE orders_copy ADD CONSTRAINT orders_copy_user_fk FOREIGN KEY (user_id) REFERENCES users (id);",
            true},
           {"CREATE TABLE archive (id bigint, user_id bigint);\nINSERT INTO archive SELECT id, user_id FROM orders;\n"
            "ALTER TABLE archive ADD COLUMN coupon_id bigint DEFAULT 1 REFERENCES coupons (id);"}};
  r.good = {{"ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n"
             "ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;"},
            {"ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;", true},
            {"CREATE TABLE orders (id bigint, user_id bigint);\n"
             "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);", true},
            {"ALTER TABLE orders ADD CONSTRAINT orders_id_key UNIQUE USING INDEX orders_id_idx;"},
            {"CREATE TABLE countries (code text PRIMARY KEY, region_id bigint);\n"
             "INSERT INTO countries VALUES ('fr', 1), ('de', 1);\n"
             "ALTER TABLE countries ADD CONSTRAINT countries_region_fk FOREIGN KEY (region_id) REFERENCES regions (id);",
             true},
            {"CREATE TABLE orders_copy AS SELECT * FROM orders WITH NO DATA;\n"
             "ALTER TABLE orders_copy ADD CONSTRAINT orders_copy_user_fk FOREIGN KEY (user_id) REFERENCES users (id);",
             true},
            {"CREATE TABLE orders_copy AS SELECT * FROM orders;\n"
             "ALTER TABLE orders_copy ADD CONSTRAINT orders_copy_total_positive CHECK (total >= 0);", true},
            // A new column is NULL in every row: its foreign key is not validated (agreement table).
            {"ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);"},
            {"CREATE TABLE archive (id bigint, user_id bigint);\nINSERT INTO archive SELECT id, user_id FROM orders;\n"
             "ALTER TABLE archive ADD COLUMN coupon_id bigint REFERENCES coupons (id);"}};
  return r;
}

// A CHECK or FOREIGN KEY that will be validated now.
bool validates_now(const json& constraint) {
  const std::string contype = text(constraint, "contype");
  return (contype == "CONSTR_CHECK" || contype == "CONSTR_FOREIGN") && !flag(constraint, "skip_validation");
}

std::string kind_of(const json& constraint) {
  return text(constraint, "contype") == "CONSTR_FOREIGN" ? "FOREIGN KEY" : "CHECK";
}

// "users (SHARE ROW EXCLUSIVE)" etc.: what the statement holds while the scan runs.
std::string blocked_traffic(LockMode mode) {
  if (blocks_reads(mode)) return "reads and writes wait";
  if (blocks_writes(mode)) return "writes wait";
  return "other schema changes wait";
}

// "SHARE ROW EXCLUSIVE on users (writes wait)": a relation's lock and what it blocks.
std::string held_on(const StatementAnalysis& a, const std::string& relation) {
  const RelationLock* lock = lock_on(a, relation);
  const LockMode mode = lock ? lock->mode : LockMode::ShareRowExclusive;
  return std::string(lock_mode_sql(mode)) + " on " + relation + " (" + blocked_traffic(mode) + ")";
}

RuleHit table_constraint_hit(const json& con, const std::string& table, const StatementAnalysis& a) {
  const RelationLock* lock = lock_on(a, table);
  const std::string name = text(con, "conname");
  const std::string kind = kind_of(con);
  const std::string label = (name.empty() ? "ADD " : "ADD CONSTRAINT " + name + " ") + kind;
  RuleHit hit;
  hit.relation = table;
  hit.location = location(con);
  if (kind == "FOREIGN KEY") {
    const std::string referenced = written_relation(member(con, "pktable"));
    hit.message = label + " on existing table " + table + " scans it to validate every row while holding " +
                  held_on(a, table) + (referenced == table ? "" : " and " + held_on(a, referenced));
  } else {
    hit.message = label + " on existing table " + table + " scans every row while holding " +
                  lock_mode_sql(lock->mode) + ": " + blocked_traffic(lock->mode);
  }
  const std::string shown = name.empty() ? "<name>" : name;
  hit.help = "add NOT VALID" + std::string(name.empty() ? " and name the constraint" : "") +
             ", then in a separate transaction ALTER TABLE " + table + " VALIDATE CONSTRAINT " + shown +
             " (SHARE UPDATE EXCLUSIVE: reads and writes continue)";
  return hit;
}

RuleHit column_constraint_hit(const json& con, const json& column_def, const std::string& table,
                              const StatementAnalysis& a) {
  const RelationLock* lock = lock_on(a, table);
  const std::string column = text(column_def, "colname");
  const std::string kind = kind_of(con);
  RuleHit hit;
  hit.relation = table;
  hit.location = location(con);
  hit.message = "ADD COLUMN " + column + " with an inline " + kind + " on existing table " + table +
                " validates every row while holding " + lock_mode_sql(lock->mode) + ": " +
                blocked_traffic(lock->mode) + " (an inline constraint cannot be NOT VALID)";
  if (kind == "FOREIGN KEY") {
    const std::string referenced = written_relation(member(con, "pktable"));
    const RelationLock* other = lock_on(a, referenced);
    if (other && !other->is_new && referenced != table) hit.message += "; and " + held_on(a, referenced);
  }
  hit.help = "add " + column + " without the constraint, then ALTER TABLE " + table + " ADD CONSTRAINT <name> " + kind +
             " ... NOT VALID, and VALIDATE CONSTRAINT <name> in a separate transaction";
  return hit;
}

// Whether an inline constraint of the ADD COLUMN `cmd` is validated now: a CHECK always; a
// FOREIGN KEY only when the analyser says the column's addition reads the table (it does
// not where every new value is NULL).
bool inline_validates_now(const StatementView& s, const json& cmd, const json& con, const LintState& state,
                          const std::string& table) {
  if (!validates_now(con)) return false;
  if (kind_of(con) != "FOREIGN KEY") return true;
  const StatementAnalysis alone = analyze_alone(s, cmd, state);
  const RelationLock* lock = lock_on(alone, table);
  return lock && (lock->work == Work::Scan || lock->work == Work::Rewrite);
}

// A FOREIGN KEY on a table created and filled earlier in the file: nobody uses the table yet,
// but the existing referenced table is locked SHARE ROW EXCLUSIVE while the rows are checked.
void check_filled_table(const StatementView& s, const LintState& state, const std::string& table,
                        std::vector<RuleHit>& out) {
  for (const json* cmd : alter_commands(s.node)) {
    const std::string subtype = text(*cmd, "subtype");
    std::vector<const json*> constraints;
    std::string label;
    const bool added_column = subtype == "AT_AddColumn";
    if (subtype == "AT_AddConstraint") {
      constraints.push_back(&body(member(*cmd, "def"), "Constraint"));
    } else if (subtype == "AT_AddColumn") {
      const json& col = body(member(*cmd, "def"), "ColumnDef");
      label = "ADD COLUMN " + text(col, "colname") + " with an inline ";
      for (const auto& item : items(member(col, "constraints"))) constraints.push_back(&body(item, "Constraint"));
    }
    for (const json* con : constraints) {
      if (!validates_now(*con) || kind_of(*con) != "FOREIGN KEY") continue;
      if (added_column && !inline_validates_now(s, *cmd, *con, state, table)) continue;
      const std::string referenced = written_relation(member(*con, "pktable"));
      const RelationLock* other = lock_on(s.analysis, referenced);
      if (!other || !is_existing(*other)) continue;
      const std::string name = text(*con, "conname");
      RuleHit hit;
      hit.relation = table;
      hit.location = location(*con);
      hit.message = (label.empty() ? (name.empty() ? "ADD " : "ADD CONSTRAINT " + name + " ") : label) +
                    "FOREIGN KEY on " + table + ", which a query filled earlier in this file, checks every row "
                    "while holding " + held_on(s.analysis, referenced);
      hit.help = "add it NOT VALID, then VALIDATE CONSTRAINT in a separate transaction (ROW SHARE on " + referenced +
                 ": writes continue); or create " + table + " with the foreign key and commit before filling it, so "
                 "each copied row is checked on its own";
      out.push_back(hit);
    }
  }
}

void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) {
  if (s.kind != "AlterTableStmt") return;
  const std::string table = written_relation(member(s.node, "relation"));
  const RelationLock* lock = lock_on(s.analysis, table);
  if (lock && lock->filled) return check_filled_table(s, state, table, out);
  if (!lock || !is_existing(*lock)) return;
  for (const json* cmd : alter_commands(s.node)) {
    const std::string subtype = text(*cmd, "subtype");
    if (subtype == "AT_AddConstraint") {
      const json& con = body(member(*cmd, "def"), "Constraint");
      if (validates_now(con)) out.push_back(table_constraint_hit(con, table, s.analysis));
    } else if (subtype == "AT_AddColumn") {
      const json& col = body(member(*cmd, "def"), "ColumnDef");
      for (const auto& item : items(member(col, "constraints"))) {
        const json& con = body(item, "Constraint");
        if (inline_validates_now(s, *cmd, con, state, table)) out.push_back(column_constraint_hit(con, col, table, s.analysis));
      }
    }
  }
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(constraint_missing_not_valid, schemashift::analyze::info(), schemashift::analyze::check)
