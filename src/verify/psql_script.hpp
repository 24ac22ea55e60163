#pragma once
// A script written for `psql -f` as the runner can send it: psql's own settings
// (\set ON_ERROR_STOP on, pg_dump's \restrict) only change how psql behaves, not what the
// server does, and the runner stops at the first error as ON_ERROR_STOP does, so they are
// blanked out. A meta-command that changes what runs (\i, \connect, \gexec, \copy ...) is
// left in place: the runner then refuses the file and says why.
#include <string>

namespace schemashift::verify {

// `text` with every settings-only meta-command replaced by spaces (byte offsets, lines and
// columns unchanged), when all of its meta-commands are such; otherwise `text` unchanged.
std::string without_psql_settings(const std::string& text);

}  // namespace schemashift::verify
