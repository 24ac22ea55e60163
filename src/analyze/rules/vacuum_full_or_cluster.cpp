// VACUUM FULL and CLUSTER: a full table rewrite under ACCESS EXCLUSIVE.
#include "analyze/rule.hpp"
#include "sql/tree.hpp"
#include "core/text.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "vacuum-full-or-cluster";
  r.severity = Severity::Error;
  r.impact = Impact::Blocking;
  r.summary = "VACUUM FULL or CLUSTER (rewrites the table under ACCESS EXCLUSIVE)";
  r.rationale =
      "VACUUM FULL and CLUSTER copy the whole table into new files and rebuild every index while holding "
      "ACCESS EXCLUSIVE (postgres-facts.md §1, §2, §3.5): no reads and no writes for the whole rewrite, and "
      "up to twice the table's disk space. Without a table name they do this to every table of the database "
      "(CLUSTER: every previously clustered table). Plain VACUUM and ANALYZE take SHARE UPDATE EXCLUSIVE and "
      "do not block reads or writes.";
  r.safe_alternative =
      "Reclaim space or re-order rows online with pg_repack or pg_squeeze (they rebuild in the background and "
      "take ACCESS EXCLUSIVE only briefly to swap), or run VACUUM FULL / CLUSTER in a maintenance window. "
      "Plain VACUUM (ANALYZE) is enough to make dead space reusable.";
  r.bad = {{"VACUUM FULL users;"},
           {"VACUUM (FULL, ANALYZE) orders;"},
           {"CLUSTER users USING users_pkey;", true},
           {"CLUSTER;"}};
  r.good = {{"VACUUM ANALYZE users;"},
            {"ANALYZE users;", true},
            {"VACUUM (FULL false) users;"},
            {"CREATE TABLE staging (id bigint);\nCLUSTER staging USING staging_pkey;", true}};
  return r;
}

// An option's value as the grammar gives it: no argument means true; keywords (true, off)
// arrive as strings, numbers as Integer nodes (pg_query omits an ival of 0).
std::string option_value(const json& arg) {
  if (arg.is_null()) return "true";
  const json& integer = body(arg, "Integer");
  if (integer.is_object()) {
    const json& value = member(integer, "ival");
    return value.is_number_integer() && value.get<long long>() != 0 ? "1" : "0";
  }
  return core::lower(string_value(arg));
}

// VACUUM FULL, (FULL), (FULL true); not (FULL false) nor ANALYZE.
bool is_full(const json& vacuum) {
  if (!flag(vacuum, "is_vacuumcmd")) return false;
  for (const auto& item : items(member(vacuum, "options"))) {
    const json& def = body(item, "DefElem");
    if (text(def, "defname") != "full") continue;
    const std::string value = option_value(member(def, "arg"));
    return value != "false" && value != "off" && value != "0";
  }
  return false;
}

// The RangeVars of the relations being rewritten; empty = every table of the database.
std::vector<const json*> targets(const StatementView& s) {
  std::vector<const json*> out;
  if (s.kind == "VacuumStmt") {
    for (const auto& item : items(member(s.node, "rels"))) {
      out.push_back(&member(body(item, "VacuumRelation"), "relation"));
    }
  } else if (!written_relation(member(s.node, "relation")).empty()) {
    out.push_back(&member(s.node, "relation"));
  }
  return out;
}

void check(const StatementView& s, const LintState&, std::vector<RuleHit>& out) {
  const bool vacuum_full = s.kind == "VacuumStmt" && is_full(s.node);
  if (!vacuum_full && s.kind != "ClusterStmt") return;
  const std::string verb = vacuum_full ? "VACUUM FULL" : "CLUSTER";
  const std::vector<const json*> tables = targets(s);
  if (tables.empty()) {
    RuleHit hit;
    hit.message = verb + " without a table rewrites " +
                  std::string(vacuum_full ? "every table of the database" : "every previously clustered table") +
                  ", each under ACCESS EXCLUSIVE: reads and writes of each wait for its rewrite";
    hit.help = "use pg_repack or pg_squeeze on the tables that need it, or a maintenance window";
    out.push_back(hit);
    return;
  }
  for (const json* relation : tables) {
    const std::string table = written_relation(*relation);
    const RelationLock* lock = lock_on(s.analysis, table);
    if (lock && lock->is_new) continue;  // created earlier in this file: nothing to rewrite
    RuleHit hit;
    hit.message = verb + " " + table + " rewrites the table and all its indexes under ACCESS EXCLUSIVE: reads and "
                  "writes wait for the whole rewrite";
    hit.help = "pg_repack -t " + table + " (or pg_squeeze) rebuilds it online; otherwise schedule a maintenance window";
    hit.location = location(*relation);
    hit.relation = table;
    out.push_back(hit);
  }
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(vacuum_full_or_cluster, schemashift::analyze::info(), schemashift::analyze::check)
