#include "cli/verify_migrations.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <set>

#include "lint/discovery.hpp"
#include "runner/checksum.hpp"
#include "verify/psql_script.hpp"

namespace schemashift::cli {

namespace {

namespace fs = std::filesystem;

std::string relative_to(const std::string& path, const std::string& dir) {
  const fs::path rel = fs::path(path).lexically_relative(dir);
  return rel.empty() || rel.native().rfind("..", 0) == 0 ? path : rel.generic_string();
}

}  // namespace

VerifyMigrations find_verify_migrations(const std::string& dir, core::Diagnostics& diags) {
  VerifyMigrations out;
  // scaffold's layout, and plain up/down pairs: exactly as `run` reads them.
  core::Diagnostics runner_diags;
  runner::MigrationSet by_runner = runner::find_migrations(dir, runner_diags);
  if (!by_runner.files.empty() && by_runner.notes.empty() && !runner_diags.has_errors()) {
    out.set = std::move(by_runner);
    out.layout = "runner";
    return out;
  }

  const lint::DiscoveryOptions options;
  const lint::Discovery found = lint::discover({dir}, options);
  for (const auto& e : found.errors) diags.error("unreadable-file", {dir, 0, 0}, e, "check the folder's permissions");
  struct Up {
    std::string group;
    std::string lint_version;
    runner::MigrationFile file;
  };
  std::vector<Up> ups;
  std::map<std::pair<std::string, std::string>, std::string> downs;  // (group, lint version) -> path
  std::set<std::string> layouts;
  for (const auto& source : found.groups) {
    const lint::MigrationGroup g = lint::load_group(source, options);
    if (!g.files.empty()) layouts.insert(lint::layout_name(g.layout));
    for (const auto& note : g.notes) out.set.notes.push_back(note);
    for (const auto& f : g.files) {
      if (f.read_error) {
        diags.error("unreadable-file", {f.path, 0, 0}, "cannot read " + f.path + ": " + *f.read_error,
                    "check the file's permissions");
        continue;
      }
      if (!f.follows_layout) {
        out.set.notes.push_back(f.path + ": skipped, its " + lint::layout_name(g.layout) + " tool would not run it");
        continue;
      }
      if (f.role == lint::Role::Down) {
        if (!f.version.empty()) downs[{g.directory, f.version}] = f.path;
        continue;
      }
      runner::MigrationFile m;
      m.slug = relative_to(f.path, dir);
      m.up_path = f.path;
      m.up_text = verify::without_psql_settings(f.text);
      m.checksum = runner::sha256_hex(m.up_text);
      if (f.contract) m.phase = "contract";
      ups.push_back({g.directory, f.version, std::move(m)});
    }
  }
  // Versions from the apply order: the runner orders digit strings, and a Flyway 1.1 or a
  // diesel folder is none.
  const std::size_t width = std::max<std::size_t>(4, std::to_string(ups.size()).size());
  for (std::size_t i = 0; i < ups.size(); ++i) {
    runner::MigrationFile& m = ups[i].file;
    m.version = fmt::format("{:0{}}", i + 1, width);
    if (!ups[i].lint_version.empty()) {
      const auto it = downs.find({ups[i].group, ups[i].lint_version});
      if (it != downs.end()) m.down_path = it->second;
    }
    out.set.files.push_back(std::move(m));
  }
  for (const auto& l : layouts) out.layout += (out.layout.empty() ? "" : ", ") + l;
  return out;
}

}  // namespace schemashift::cli
