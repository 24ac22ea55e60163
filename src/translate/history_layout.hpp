#pragma once
// How a whole history sits in one target folder. `scaffold` writes one change into
// `<out>/<format dir>/...` (README "What it does"); `translate --out DIR` is instead the
// folder the target framework itself reads, holding every change of the history in the
// order the framework applies them:
//
//   sql        DIR/issue-<N>/sql/<version>_<slug>.up.sql|.down.sql, sql/manifest.json and
//              DIR/issue-<N>/verify.sql: scaffold's own layout per change, which
//              `schemashift run --dir DIR` applies in version order
//   flyway     DIR/V<version>__<slug>.sql, U..., .sql.conf (one Flyway location)
//   liquibase  DIR/changelog.xml (master: one <include> per change, in order) and
//              DIR/issue-<N>.xml (each change's changelog)
//   alembic    DIR/<version>_<slug>.py (the versions directory), one down_revision chain
//   rails      DIR/<version>_<slug>.rb (db/migrate)
//   sqlx       DIR/<version>_<slug>.up.sql|.down.sql (migrations)
//
// Versions are the specs' `created` timestamps plus one second per migration, increasing
// from change to change (translate.cpp moves a `created` that would not), so every
// framework's own order is the history's order.
#include <string>
#include <vector>

namespace schemashift::translate {

// The formats translate writes a history in, in this order.
const std::vector<std::string>& target_formats();

// Where a file that scaffold renders for change `issue` (its path as scaffold writes it,
// e.g. "alembic/versions/2024..._x.py") goes in the history folder.
std::string history_path(const std::string& format, const std::string& rendered_path, long long issue);

}  // namespace schemashift::translate
