// timestamp without time zone columns.
#include "analyze/rule.hpp"
#include "analyze/rules/declared_columns.hpp"

namespace schemashift::analyze {
namespace {

RuleInfo info() {
  RuleInfo r;
  r.id = "prefer-timestamptz";
  r.severity = Severity::Hint;
  r.impact = Impact::Hygiene;
  r.summary = "timestamp (without time zone) column";
  r.rationale =
      "timestamp without time zone stores a wall-clock reading with no offset: the same column ends up holding "
      "UTC from one service and local time from another, comparisons with now() (a timestamptz) depend on the "
      "session's TimeZone, and daylight-saving changes make values ambiguous. timestamptz stores an absolute "
      "instant (in UTC) in the same 8 bytes and converts on output. Converting later is an ALTER COLUMN TYPE "
      "that rewrites the table under ACCESS EXCLUSIVE unless the session TimeZone is UTC (PG 12+, "
      "postgres-facts.md §3.2).";
  r.safe_alternative = "Use timestamptz (timestamp with time zone).";
  r.bad = {{"CREATE TABLE events (id bigint, happened_at timestamp NOT NULL);"},
           {"ALTER TABLE users ADD COLUMN confirmed_at timestamp(3) without time zone;"}};
  r.good = {{"CREATE TABLE events (id bigint, happened_at timestamptz NOT NULL);"},
            {"ALTER TABLE users ADD COLUMN confirmed_at timestamp with time zone;"},
            {"ALTER TABLE users ALTER COLUMN confirmed_at TYPE timestamptz;"}};
  return r;
}

void check(const StatementView& s, const LintState&, std::vector<RuleHit>& out) {
  for (const auto& c : declared_columns(s)) {
    if (!is_builtin(c.type, "timestamp")) continue;
    RuleHit hit;
    hit.message = "column " + c.table + "." + c.column + " is " + c.type.sql() +
                  ": it stores no time zone, so its meaning depends on who wrote it";
    hit.help = "use timestamptz";
    hit.location = c.location;
    hit.relation = c.table;
    out.push_back(hit);
  }
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(prefer_timestamptz, schemashift::analyze::info(), schemashift::analyze::check)
