#pragma once
// UTC timestamps for migration versions. Versions derive from the spec's `created`, never
// from the clock, so the same spec always produces the same files.
#include <optional>
#include <string>

namespace schemashift::core {

struct Timestamp {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;

  // Exactly "2024-01-15T14:30:22Z" (UTC). nullopt otherwise.
  static std::optional<Timestamp> parse(const std::string& text);
  Timestamp plus_seconds(long long seconds) const;
  std::string version() const;   // "20240115143022"
  std::string iso() const;       // "2024-01-15T14:30:22Z"
  std::string human() const;     // "2024-01-15 14:30:22 UTC"
};

}  // namespace schemashift::core
