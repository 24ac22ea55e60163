#pragma once
// The migrations the runner applies, as found on disk: what `schemashift scaffold` writes
// (`<dir>/issue-N/sql/<version>_<slug>.up.sql` and `.down.sql`, the issue's `verify.sql`
// beside `sql/`) and any plain folder of `<version>_<slug>.up.sql` / `.down.sql` written by
// hand (`<dir>` itself). Other formats scaffold wrote beside `sql/` (sqlx/, flyway/ ...) are
// for their own tools and are not read.
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "runner/preflight.hpp"

namespace schemashift::runner {

struct MigrationFile {
  std::string version;     // the leading digits of the file name: "20240115143022"
  std::string slug;        // "issue_234_expand_contact_enrichment"
  std::optional<int> issue;  // from the issue-N folder, or an issue_N_ slug
  std::string phase;       // "expand", "migrate", "contract": the manifest's, else the name's; "" when neither says
  std::string up_path;     // as found: "<dir>/issue-234/sql/....up.sql"
  std::string down_path;   // "" when there is no down file
  std::string up_text;     // the exact bytes (the checksum is over these)
  std::string checksum;    // sha256_hex(up_text)
  // From the folder's manifest.json (runner/manifest.hpp), when scaffold wrote one.
  std::vector<PreflightCheck> preflight;
  std::optional<int> lock_retries;
  std::string name() const { return version + "_" + slug; }
  bool is_contract() const { return phase == "contract"; }
};

struct MigrationSet {
  std::vector<MigrationFile> files;   // ascending version
  // verify.sql of each issue folder: checks to run once the issue's last migration is applied.
  std::vector<std::pair<int, std::string>> verify_files;  // (issue, path)
  std::vector<std::string> notes;     // files skipped, with why
  const MigrationFile* find(const std::string& version) const;
};

// Numeric order of two digit strings of any length ("9" < "10" < "20240115143022").
int compare_versions(const std::string& a, const std::string& b);

// Reads every migration under `dir`. A duplicate version, a down file without its up, or
// an unreadable file is an error in `diags` (nothing is applied then).
MigrationSet find_migrations(const std::string& dir, core::Diagnostics& diags);

// A file's exact bytes; nullopt when it cannot be read.
std::optional<std::string> read_text(const std::string& path);

// The text of a migration's down file; throws core::Error when it cannot be read.
std::string read_down(const MigrationFile& file);

}  // namespace schemashift::runner
