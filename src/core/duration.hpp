#pragma once
// Durations as PostgreSQL writes its time settings (lock_timeout, statement_timeout):
// a number and a unit, one of us, ms, s, min, h, d; a bare number is milliseconds.
// One parser and one formatter for the spec's settings, `SET lock_timeout` in linted SQL,
// and every place that prints a setting back.
#include <optional>
#include <string>
#include <string_view>

namespace schemashift::core {

enum class DurationSyntax {
  // What PostgreSQL accepts in SET: "500", "500ms", "1.5s", " 2 MIN ", us/ms/s/min/h/d.
  Postgres,
  // What a change spec accepts: an integer of at most 9 digits written together with ms,
  // s or min ("500ms", "30s", "2min"), or 0. A bare 500 reads as seconds to many people.
  Spec,
};

// Milliseconds (rounded), or nullopt for text outside the syntax, a negative value, or
// more than PostgreSQL's limit for these settings (INT_MAX ms).
std::optional<long long> parse_duration(std::string_view text, DurationSyntax syntax = DurationSyntax::Postgres);

// The shortest exact spelling PostgreSQL accepts: 0, 500ms, 2s, 1min.
std::string format_duration(long long ms);

}  // namespace schemashift::core
