#pragma once
// scaffold's manifest (`issue-N/sql/manifest.json`): what the runner would otherwise have to
// read from comments — each migration's phase and pre-flight checks, and the spec's lock
// retries — so it never parses a file's header. A folder without one (hand-written
// migrations) is classified from its file names and contents, as `lint` does.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "runner/preflight.hpp"

namespace schemashift::runner {

struct ManifestEntry {
  std::string phase;                     // "expand", "migrate", "contract"
  std::vector<PreflightCheck> preflight;
};

struct Manifest {
  std::optional<int> issue;
  std::optional<int> lock_retries;        // the spec's settings.lock_retries
  std::map<std::string, ManifestEntry> migrations;  // by version, as written
};

// The manifest format this runner reads; a newer one is refused rather than half-understood.
constexpr int kManifestFormat = 1;

// Reads `text` (the manifest at `path`). A syntax error, a wrong type or an unknown value
// is an error in `diags` at path:line:col; returns nullopt then.
std::optional<Manifest> parse_manifest(const std::string& text, const std::string& path, core::Diagnostics& diags);

}  // namespace schemashift::runner
