// json columns: jsonb is what almost everyone wants.
#include "analyze/rule.hpp"
#include "analyze/rules/declared_columns.hpp"

namespace schemashift::analyze {
namespace {

RuleInfo info() {
  RuleInfo r;
  r.id = "prefer-jsonb";
  r.severity = Severity::Hint;
  r.impact = Impact::Hygiene;
  r.summary = "json column";
  r.rationale =
      "json stores the input text verbatim and re-parses it on every access; it has no equality operator, so a "
      "json column cannot be compared, used in DISTINCT, GROUP BY or UNION, or indexed with GIN. jsonb stores "
      "a parsed binary form, supports containment (@>) and GIN indexes, and is what ORMs expect. Converting "
      "later rewrites the table under ACCESS EXCLUSIVE (postgres-facts.md §3.2).";
  r.safe_alternative = "Use jsonb (json only if the exact input text, key order and duplicate keys must be kept).";
  r.bad = {{"CREATE TABLE events (id bigint, payload json);"}, {"ALTER TABLE users ADD COLUMN settings json;"}};
  r.good = {{"CREATE TABLE events (id bigint, payload jsonb);"},
            {"ALTER TABLE users ALTER COLUMN settings TYPE jsonb USING settings::jsonb;"}};
  return r;
}

void check(const StatementView& s, const LintState&, std::vector<RuleHit>& out) {
  for (const auto& c : declared_columns(s)) {
    if (!is_builtin(c.type, "json")) continue;
    RuleHit hit;
    hit.message = "column " + c.table + "." + c.column + " is " + c.type.sql() +
                  ": it cannot be compared or GIN-indexed, and is re-parsed on every access";
    hit.help = "use jsonb";
    hit.location = c.location;
    hit.relation = c.table;
    out.push_back(hit);
  }
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(prefer_jsonb, schemashift::analyze::info(), schemashift::analyze::check)
