// varchar(n) and char(n) columns: text with a CHECK is easier to change later.
#include "analyze/rule.hpp"
#include "analyze/rules/declared_columns.hpp"

namespace schemashift::analyze {
namespace {

RuleInfo info() {
  RuleInfo r;
  r.id = "prefer-text-field";
  r.severity = Severity::Hint;
  r.impact = Impact::Hygiene;
  r.summary = "varchar(n) or char(n) column";
  r.rationale =
      "In PostgreSQL varchar(n) is text with a length check built into the type; it is not faster or smaller. "
      "Raising the limit is now cheap (catalog only, postgres-facts.md §3.2), but lowering it, or moving from "
      "text to varchar(n), rewrites the table under ACCESS EXCLUSIVE. A CHECK (length(col) <= n) on a text "
      "column can be replaced online instead: add the new CHECK NOT VALID, VALIDATE it (SHARE UPDATE "
      "EXCLUSIVE), drop the old one. char(n) also pads values with spaces, which then compare and concatenate "
      "surprisingly.";
  r.safe_alternative = "Use text, with CHECK (length(col) <= n) where a limit is a real business rule.";
  r.bad = {{"CREATE TABLE users (id bigint, email varchar(255), country char(2));"},
           {"ALTER TABLE users ALTER COLUMN email TYPE character varying(320);"}};
  r.good = {{"CREATE TABLE users (id bigint, email text CHECK (length(email) <= 320));"},
            {"ALTER TABLE users ADD COLUMN nickname varchar;"}};
  return r;
}

void check(const StatementView& s, const LintState&, std::vector<RuleHit>& out) {
  for (const auto& c : declared_columns(s)) {
    const bool limited_varchar = is_builtin(c.type, "varchar") && !c.type.modifiers.empty();
    const bool fixed_char = is_builtin(c.type, "bpchar");
    if (!limited_varchar && !fixed_char) continue;
    RuleHit hit;
    hit.message = "column " + c.table + "." + c.column + " is " + c.type.sql() +
                  (fixed_char ? ": values are blank-padded to the declared length"
                              : ": lowering the limit later rewrites the table");
    hit.help = "use text" + (c.type.modifiers.empty()
                                 ? std::string{}
                                 : " with CHECK (length(" + c.column + ") <= " + std::to_string(c.type.modifiers.front()) + ")");
    hit.location = c.location;
    hit.relation = c.table;
    out.push_back(hit);
  }
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(prefer_text_field, schemashift::analyze::info(), schemashift::analyze::check)
