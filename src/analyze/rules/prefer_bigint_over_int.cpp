// smallint / integer / serial / smallserial columns: 32-bit and 16-bit keys and counters run out.
#include <set>

#include "analyze/rule.hpp"
#include "analyze/rules/declared_columns.hpp"

namespace schemashift::analyze {
namespace {

RuleInfo info() {
  RuleInfo r;
  r.id = "prefer-bigint-over-int";
  r.severity = Severity::Hint;
  r.impact = Impact::Hygiene;
  r.summary = "smallint, integer, smallserial or serial column (new or changed type)";
  r.rationale =
      "integer stops at 2,147,483,647 and smallint at 32,767. Ids and counters of a growing table reach that "
      "sooner than expected (sequences also skip values on rollbacks and caching), and then every INSERT fails. "
      "Widening later is ALTER COLUMN TYPE bigint, which rewrites the table and its indexes under ACCESS "
      "EXCLUSIVE (postgres-facts.md §3.2), plus every referencing foreign-key column. bigint costs 4 more "
      "bytes per row, which alignment padding often absorbs anyway.";
  r.safe_alternative = "Use bigint (bigserial, or better bigint GENERATED ... AS IDENTITY) for ids, foreign keys to "
                       "them and counters.";
  r.bad = {{"CREATE TABLE events (id serial PRIMARY KEY, attempts smallint);"},
           {"ALTER TABLE users ADD COLUMN login_count integer NOT NULL DEFAULT 0;"},
           {"ALTER TABLE users ALTER COLUMN referrer_id TYPE int4;"}};
  r.good = {{"CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, attempts bigint);"},
            {"ALTER TABLE users ADD COLUMN login_count bigint NOT NULL DEFAULT 0;"},
            {"ALTER TABLE users ADD COLUMN scores integer[];"}};
  return r;
}

const char* bigger_type(const std::string& name) {
  const bool serial = name == "serial" || name == "serial4" || name == "smallserial" || name == "serial2";
  return serial ? "bigint GENERATED ALWAYS AS IDENTITY (or bigserial)" : "bigint";
}

void check(const StatementView& s, const LintState&, std::vector<RuleHit>& out) {
  static const std::set<std::string> narrow = {"int2", "int4", "serial", "serial4", "smallserial", "serial2"};
  for (const auto& c : declared_columns(s)) {
    if (!c.type.schema.empty() || c.type.array_dims > 0 || !narrow.count(c.type.name)) continue;
    const bool small = c.type.name == "int2" || c.type.name == "smallserial" || c.type.name == "serial2";
    RuleHit hit;
    hit.message = "column " + c.table + "." + c.column + " is " + c.type.sql() + ": it overflows at " +
                  (small ? "32,767" : "2,147,483,647");
    hit.help = std::string("use ") + bigger_type(c.type.name);
    hit.location = c.location;
    hit.relation = c.table;
    out.push_back(hit);
  }
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(prefer_bigint_over_int, schemashift::analyze::info(), schemashift::analyze::check)
