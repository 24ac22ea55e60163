#pragma once
// The one exception type: failures of the environment (unreadable file, unwritable
// directory, bad template). User mistakes in a spec are Diagnostics, not exceptions.
#include <stdexcept>
#include <string>

namespace schemashift::core {

enum class ExitCode : int {
  Ok = 0,
  Findings = 1,      // lint/plan found problems the user asked to fail on
  InvalidInput = 2,  // spec or SQL input rejected (diagnostics printed)
  Environment = 3,   // I/O, template or database failure
  MaintenanceWindow = 4,  // lint verdict REQUIRES_MAINTENANCE_WINDOW
  MigrationFailed = 5,    // run/revert: a migration failed and was rolled back (or stopped, if non-transactional)
  Busy = 6,               // run/revert: another runner holds the database, or lock retries ran out: try again later
  Refused = 7,            // run/revert: needs an explicit flag or confirmation (contract phase, revert, modified file)
  Usage = 64,        // bad command line (CLI11 reports it)
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what, ExitCode code = ExitCode::Environment)
      : std::runtime_error(what), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

}  // namespace schemashift::core
