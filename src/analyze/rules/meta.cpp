// Findings the linter reports itself. They are registered so that config files,
// `schemashift rules` and `rules explain` treat them like any other rule; their checks
// live in linter.cpp (parse errors, suppression bookkeeping).
#include "analyze/linter.hpp"
#include "analyze/rule.hpp"

#include <fmt/format.h>

#include "sql/parser.hpp"

namespace schemashift::analyze {
namespace {

RuleInfo syntax_error() {
  RuleInfo r;
  r.id = kSyntaxErrorRule;
  r.severity = Severity::Error;
  r.impact = Impact::Fails;
  const int grammar = sql::grammar_version();
  r.summary = fmt::format("The file is not valid PostgreSQL {} SQL", grammar);
  r.rationale = fmt::format(
      "Files are parsed with libpg_query, PostgreSQL's own grammar. A file that does not parse will be "
      "rejected by the server too, usually after earlier statements of the file have already run "
      "(psql, autocommit), leaving a half-applied migration. No other rule can judge the file. The grammar is "
      "PostgreSQL {0}'s (the libpg_query schemashift is built with): syntax added in PostgreSQL {1} or later "
      "(a subquery in FROM without an alias, IS JSON, JSON_TABLE, MERGE ... RETURNING, named NOT NULL "
      "constraints ...) is reported as a syntax error even with --pg-version {1} or later, which changes which "
      "rules apply, not the grammar.",
      grammar, grammar + 1);
  r.safe_alternative = fmt::format(
      "Fix the SQL at the reported line and column; psql meta-commands (\\set ...) are ignored. A statement "
      "that is valid on a newer PostgreSQL than {} cannot be linted: leave its file out (exclude: in the lint "
      "configuration).",
      grammar);
  r.bad = {{"ALTER TABLE users ADD COLUM email text;"}};
  r.good = {{"ALTER TABLE users ADD COLUMN email text;"}};
  return r;
}

RuleInfo unused_suppression() {
  RuleInfo r;
  r.id = kUnusedSuppressionRule;
  r.severity = Severity::Warning;
  r.impact = Impact::Hygiene;
  r.summary = "A suppression comment that suppresses nothing, or names an unknown rule";
  r.rationale =
      "`-- schemashift:ignore RULE` silences RULE on the statement that follows. When the statement is "
      "fixed, moved or the comment has a typo, the comment stays and would silently hide the next real "
      "problem written below it.";
  r.safe_alternative = "Delete the comment, or put it directly above the statement it is meant for.";
  r.bad = {{"-- schemashift:ignore ban-truncate\nSELECT 1;"}, {"-- schemashift:ignore no-such-rule\nSELECT 1;"}};
  r.good = {{"-- schemashift:ignore require-concurrent-index-creation -- tiny lookup table\n"
             "CREATE INDEX countries_name_idx ON countries (name);"}};
  return r;
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(syntax_error, schemashift::analyze::syntax_error(), nullptr)
SCHEMASHIFT_RULE(unused_suppression, schemashift::analyze::unused_suppression(), nullptr)
