#pragma once
// The database's schema as sorted text lines, one fact per line (catalog_snapshot.sql,
// compiled in), and the difference between two such snapshots grouped by object: how
// `verify` proves that the down migrations give back exactly the schema the ups started from.
#include <string>
#include <string_view>
#include <vector>

#include "runner/session.hpp"

namespace schemashift::verify {

extern const std::string_view kCatalogSnapshotSql;  // src/verify/catalog_snapshot.sql

struct CatalogSnapshot {
  std::vector<std::string> lines;  // sorted (C collation), as the query returns them
};

// Runs the snapshot query on `session` (outside any transaction). Throws core::Error.
CatalogSnapshot take_catalog_snapshot(runner::Session& session);

struct CatalogDifference {
  std::string object;                // "table public.users", "index public.users_email_idx"
  std::vector<std::string> missing;  // lines of `before` that `after` lacks
  std::vector<std::string> extra;    // lines of `after` that `before` lacks
};

// Per object (a line's first two words), in the order of the lines. A constraint that is
// validated in `after` but was NOT VALID in `before` is not a difference: the down of a
// VALIDATE cannot un-validate without dropping and re-adding the constraint, and a
// constraint that holds for every row is no loss.
std::vector<CatalogDifference> diff_catalogs(const CatalogSnapshot& before, const CatalogSnapshot& after);

// The differences of `now` that `earlier` does not already have, line by line: a down
// that forgot something shows it in every older migration's comparison too, and only the
// first one is the culprit.
std::vector<CatalogDifference> new_differences(const std::vector<CatalogDifference>& now,
                                               const std::vector<CatalogDifference>& earlier);

}  // namespace schemashift::verify
