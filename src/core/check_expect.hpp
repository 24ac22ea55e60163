#pragma once
// What a check's result must be for a change to go ahead. The planner attaches it to each
// pre-flight check, scaffold writes it into the runner's manifest by name, and the runner
// judges the query's result with it: one vocabulary for both sides of that file.
#include <optional>
#include <string>

namespace schemashift::core {

enum class CheckExpect {
  True,    // "true": one boolean, true (verification checks, "no column named x yet")
  Zero,    // "zero": one count, 0 ("orphans", "violating_rows")
  NoRows,  // "no_rows": no rows at all (the duplicates a unique index would fail on)
  Report,  // "report": shown to the user, never a failure (the rows a DROP loses)
};

const char* expect_name(CheckExpect e);
std::optional<CheckExpect> parse_expect(const std::string& name);

}  // namespace schemashift::core
