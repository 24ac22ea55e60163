#include "cli/output_guard.hpp"

#include <filesystem>
#include <set>

#include "core/error.hpp"

namespace schemashift::cli {

namespace fs = std::filesystem;

void check_replaceable(const std::string& out, const std::vector<std::string>& paths, const std::string& command) {
  std::error_code ec;
  if (!fs::exists(out, ec)) return;
  const std::set<std::string> ours(paths.begin(), paths.end());
  for (fs::recursive_directory_iterator it(out, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory()) continue;
    const std::string rel = fs::relative(it->path(), out).generic_string();
    if (!ours.count(rel)) {
      throw core::Error(out + " holds " + rel + ", which this " + command + " would not write: " + command +
                            " into a new or empty folder (--out DIR)",
                        core::ExitCode::Refused);
    }
  }
}

}  // namespace schemashift::cli
