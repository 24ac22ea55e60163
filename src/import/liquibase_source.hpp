#pragma once
// A Liquibase XML changelog as the migrations `import` maps (source.hpp's values): each
// changeSet, in execution order, one migration whose up script is the SQL Liquibase runs
// for it on PostgreSQL (liquibase_changes) — in one transaction unless
// runInTransaction="false" — and whose down script is its <rollback> (nested changes, SQL
// text, another changeSet's changes, or empty: nothing to undo), else the rollback
// Liquibase derives by itself, else none. What a spec cannot express (preconditions,
// contexts, labels, runAlways, ...) is kept as comments and notes.
#include <optional>
#include <string>

#include "core/diagnostics.hpp"
#include "import/source.hpp"

namespace schemashift::import {

// The changelog `path` names: an .xml file, or in a folder db.changelog-master.xml, the
// one db.changelog*.xml, or the one top-level *.xml that is a changelog. nullopt when
// there is none; `required` (--from liquibase) makes that an error thrown.
std::optional<std::string> find_liquibase_changelog(const std::string& path, bool required);

// Changelog problems (XML, unknown change types and attributes) are errors in `diags` at
// their file:line:col; the other changeSets are still read.
SourceFolder read_liquibase_source(const std::string& changelog, core::Diagnostics& diags);

}  // namespace schemashift::import
