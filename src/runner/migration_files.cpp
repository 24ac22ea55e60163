#include "runner/migration_files.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "core/error.hpp"
#include "core/text.hpp"
#include "runner/checksum.hpp"
#include "runner/manifest.hpp"

namespace schemashift::runner {

namespace fs = std::filesystem;

namespace {

struct NameParts {
  std::string version;
  std::string slug;
  bool up = true;
};

// <digits>_<slug>.up.sql / .down.sql: the names scaffold's sql format writes, and sqlx's
// and golang-migrate's reversible ones.
std::optional<NameParts> parse_name(const std::string& file_name) {
  const bool up = core::ends_with(file_name, ".up.sql");
  if (!up && !core::ends_with(file_name, ".down.sql")) return std::nullopt;
  const std::size_t stem = file_name.size() - (up ? 7 : 9), underscore = file_name.find('_');
  // The version is every digit before the first underscore; the slug is not empty and, as
  // a regular expression's `.` would, holds no line break.
  if (underscore == std::string::npos || underscore + 1 >= stem) return std::nullopt;
  const std::string version = file_name.substr(0, underscore), slug = file_name.substr(underscore + 1, stem - underscore - 1);
  if (!core::is_digits(version) || slug.find_first_of("\r\n") != std::string::npos) return std::nullopt;
  return NameParts{version, slug, up};
}

std::optional<int> issue_of_folder(const std::string& folder_name) {
  return core::issue_folder_number(folder_name);
}

// scaffold's slugs: issue_<n>_<phase>_<what>.
void read_slug(MigrationFile& f) {
  constexpr std::string_view prefix = "issue_";
  const std::string_view slug = f.slug;
  const std::size_t digits_end = slug.find('_', prefix.size());
  const std::string_view digits =
      digits_end == std::string::npos ? std::string_view() : slug.substr(prefix.size(), digits_end - prefix.size());
  if (core::starts_with(slug, prefix) && digits.size() <= 9 && core::is_digits(digits)) {
    const std::string_view rest = slug.substr(digits_end + 1);
    for (const char* phase : {"expand", "migrate", "contract"}) {
      if (core::starts_with(rest, std::string(phase) + "_")) {
        if (!f.issue) f.issue = std::stoi(std::string(digits));
        f.phase = phase;
        return;
      }
    }
  }
  if (core::lower(f.slug).find("contract") != std::string::npos) {
    f.phase = "contract";  // as `lint` judges a file named so
  }
}

std::string version_key(const std::string& v) {
  const auto first = v.find_first_not_of('0');
  return first == std::string::npos ? "0" : v.substr(first);
}

struct Found {
  std::string path;
  NameParts name;
  std::optional<int> issue;
  std::shared_ptr<const Manifest> manifest;  // the folder's, if it has one
};

constexpr const char* kManifestName = "manifest.json";

std::shared_ptr<const Manifest> read_manifest(const fs::path& folder, core::Diagnostics& diags) {
  const fs::path path = folder / kManifestName;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return nullptr;
  const auto text = read_text(path.string());
  if (!text) {
    diags.error("unreadable-file", {path.string(), 0, 0}, "cannot read " + path.string(), "check the file's permissions");
    return nullptr;
  }
  auto manifest = parse_manifest(*text, path.string(), diags);
  return manifest ? std::make_shared<const Manifest>(std::move(*manifest)) : nullptr;
}

void apply_manifest(MigrationFile& m, const Manifest& manifest) {
  if (!m.issue) m.issue = manifest.issue;
  m.lock_retries = manifest.lock_retries;
  const auto it = manifest.migrations.find(m.version);
  if (it == manifest.migrations.end()) return;
  if (!it->second.phase.empty()) m.phase = it->second.phase;
  m.preflight = it->second.preflight;
}

void scan_folder(const fs::path& folder, std::optional<int> issue, std::vector<Found>& found,
                 std::vector<std::string>& notes, core::Diagnostics& diags) {
  const auto manifest = read_manifest(folder, diags);
  std::vector<fs::path> entries;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) entries.push_back(it->path());
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& p : entries) {
    const std::string file_name = p.filename().string();
    if (!core::ends_with(core::lower(file_name), ".sql")) continue;
    if (auto name = parse_name(file_name)) {
      found.push_back({p.string(), *name, issue, manifest});
    } else {
      notes.push_back(p.string() + ": skipped, not named <version>_<name>.up.sql or .down.sql");
    }
  }
}

}  // namespace

std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

int compare_versions(const std::string& a, const std::string& b) {
  const std::string ka = version_key(a);
  const std::string kb = version_key(b);
  if (ka.size() != kb.size()) return ka.size() < kb.size() ? -1 : 1;
  return ka.compare(kb) < 0 ? -1 : (ka == kb ? 0 : 1);
}

const MigrationFile* MigrationSet::find(const std::string& version) const {
  for (const auto& f : files) {
    if (compare_versions(f.version, version) == 0) return &f;
  }
  return nullptr;
}

MigrationSet find_migrations(const std::string& dir, core::Diagnostics& diags) {
  MigrationSet set;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diags.error("no-migrations-folder", {dir, 0, 0}, "no migrations folder " + dir,
                "scaffold writes migrations/issue-N/ (`schemashift scaffold --issue N`); pass --dir for another folder "
                "(`schemashift history` shows what the database applied without any files)");
    return set;
  }
  std::vector<Found> found;
  scan_folder(dir, std::nullopt, found, set.notes, diags);
  std::vector<fs::path> subfolders;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec)) subfolders.push_back(it->path());
  }
  std::sort(subfolders.begin(), subfolders.end());
  for (const auto& sub : subfolders) {
    const fs::path sql = sub / "sql";
    if (!fs::is_directory(sql, ec)) continue;
    const auto issue = issue_of_folder(sub.filename().string());
    scan_folder(sql, issue, found, set.notes, diags);
    if (issue && fs::is_regular_file(sub / "verify.sql", ec)) set.verify_files.push_back({*issue, (sub / "verify.sql").string()});
  }

  // Pair ups with downs by version; one version, one migration.
  std::map<std::string, MigrationFile> by_version;
  std::map<std::string, std::string> downs;  // version key -> path
  for (const auto& f : found) {
    const std::string key = version_key(f.name.version);
    if (!f.name.up) {
      if (downs.count(key)) {
        diags.error("duplicate-version", {f.path, 0, 0}, "a second down file for version " + f.name.version,
                    "the other one is " + downs[key] + "; every version has one up and at most one down file");
      }
      downs[key] = f.path;
      continue;
    }
    if (const auto it = by_version.find(key); it != by_version.end()) {
      diags.error("duplicate-version", {f.path, 0, 0}, "version " + f.name.version + " is used twice",
                  "the other file is " + it->second.up_path + "; rename one (versions order the migrations)");
      continue;
    }
    MigrationFile m;
    m.version = f.name.version;
    m.slug = f.name.slug;
    m.issue = f.issue;
    m.up_path = f.path;
    read_slug(m);
    if (f.manifest) apply_manifest(m, *f.manifest);
    auto text = read_text(f.path);
    if (!text) {
      diags.error("unreadable-file", {f.path, 0, 0}, "cannot read " + f.path, "check the file's permissions");
      continue;
    }
    m.up_text = std::move(*text);
    m.checksum = sha256_hex(m.up_text);
    by_version.emplace(key, std::move(m));
  }
  for (const auto& [key, path] : downs) {
    const auto it = by_version.find(key);
    if (it == by_version.end()) {
      diags.error("down-without-up", {path, 0, 0}, "down file without an up file of the same version",
                  "add the up file, or remove this one");
      continue;
    }
    it->second.down_path = path;
  }
  for (auto& [key, m] : by_version) set.files.push_back(std::move(m));
  std::sort(set.files.begin(), set.files.end(),
            [](const MigrationFile& a, const MigrationFile& b) { return compare_versions(a.version, b.version) < 0; });
  return set;
}

std::string read_down(const MigrationFile& file) {
  if (file.down_path.empty()) throw core::Error(file.name() + " has no down file");
  auto text = read_text(file.down_path);
  if (!text) throw core::Error("cannot read " + file.down_path);
  return *text;
}

}  // namespace schemashift::runner
