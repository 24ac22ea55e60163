#include "verify/psql_script.hpp"

#include <set>

#include "sql/source_text.hpp"

namespace schemashift::verify {

namespace {

// Meta-commands that set psql's variables and output, or print: nothing the server sees.
bool settings_only(const sql::MetaCommand& m) {
  static const std::set<std::string> names{"set",  "unset", "restrict", "unrestrict", "echo", "qecho",
                                           "warn", "timing", "pset", "encoding", "conninfo"};
  return !m.sends_query && names.count(m.name) > 0;
}

}  // namespace

std::string without_psql_settings(const std::string& text) {
  const sql::SourceText source(text);
  if (source.meta_commands().empty() || source.error()) return text;
  for (const auto& m : source.meta_commands()) {
    if (!settings_only(m)) return text;
  }
  return source.server_text();
}

}  // namespace schemashift::verify
