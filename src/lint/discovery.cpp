// Discovery for `schemashift lint`: which *.sql files, grouped by directory; then, one
// directory at a time, reading them and deciding layout, apply order and transactions.
#include "lint/discovery.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <dirent.h>
#include <fnmatch.h>

#include "core/text.hpp"
#include "lint/apply_order.hpp"
#include "lint/migration_names.hpp"
#include "lint/transaction_model.hpp"

namespace schemashift::lint {

namespace fs = std::filesystem;

namespace {

// Build output and dependencies hold copies of SQL files nobody wants linted.
bool skipped_directory(const std::string& name) {
  return name.empty() || name[0] == '.' || name == "node_modules" || name == "build" ||
         core::starts_with(name, "build-") || core::starts_with(name, "cmake-build-");
}

bool excluded(const std::vector<std::string>& globs, const std::string& path, const std::string& name) {
  for (const auto& g : globs) {
    if (::fnmatch(g.c_str(), path.c_str(), 0) == 0 || ::fnmatch(g.c_str(), name.c_str(), 0) == 0) return true;
  }
  return false;
}

std::string shown_path(const fs::path& p) {
  std::string s = p.lexically_normal().generic_string();
  return s.empty() ? "." : s;
}

std::string directory_of(const std::string& shown) {
  const std::string parent = fs::path(shown).parent_path().generic_string();
  return parent.empty() ? "." : parent;
}

std::optional<std::string> read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::string(std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return std::string("read error");
  out = buf.str();
  return std::nullopt;
}

// The first bytes of a file (enough for sqlx's marker), "" if unreadable.
std::string head_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string out(std::strlen(kNoTransactionMarker), '\0');
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  out.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
  return out;
}

// Files found so far, by directory (shown form), directories in first-seen order.
class Collector {
 public:
  explicit Collector(const DiscoveryOptions& o) : options_(o) {}

  void add_file(const std::string& shown, bool from_walk) {
    const std::string dir = directory_of(shown);
    auto& entry = group(dir, from_walk);
    if (std::find(entry.paths.begin(), entry.paths.end(), shown) == entry.paths.end()) entry.paths.push_back(shown);
  }

  void walk(const fs::path& dir, std::vector<std::string>& errors) {
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
    if (ec) {
      errors.push_back("cannot read directory " + shown_path(dir) + ": " + ec.message());
      return;
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
    for (const auto& e : entries) {
      const std::string name = e.path().filename().string();
      const std::string shown = shown_path(e.path());
      if (excluded(options_.exclude, shown, name)) continue;
      std::error_code sec;
      if (e.is_directory(sec) && !e.is_symlink(sec)) {
        if (!skipped_directory(name)) walk(e.path(), errors);
      } else if (name[0] != '.' && is_sql_file(name) && (e.is_regular_file(sec) || e.is_symlink(sec))) {
        add_file(shown, true);  // a dangling symlink is reported as unreadable, not skipped
      }
    }
  }

  std::vector<GroupSource> groups;

 private:
  GroupSource& group(const std::string& dir, bool from_walk) {
    for (auto& g : groups) {
      if (g.directory == dir) {
        g.walked = g.walked || from_walk;
        return g;
      }
    }
    GroupSource g;
    g.directory = dir;
    g.walked = from_walk;
    groups.push_back(std::move(g));
    return groups.back();
  }

  const DiscoveryOptions& options_;
};

// The directory's other *.sql files: layout detection is per directory, also when only
// some of its files were named on the command line.
std::vector<std::string> sibling_names(const std::string& dir, const std::vector<InputFile>& files) {
  std::vector<std::string> names;
  // readdir, not fs::directory_iterator: only names are needed, and building a path and a
  // directory_entry per entry was ~8 % of linting one file of a 100-file directory.
  DIR* d = opendir(dir.c_str());
  if (!d) return names;
  while (const dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name[0] == '.' || !is_sql_file(name)) continue;
    const bool listed = std::any_of(files.begin(), files.end(), [&](const InputFile& f) { return f.name == name; });
    if (!listed) names.push_back(name);
  }
  closedir(d);
  return names;
}

// sqlx is a Rust tool: a Cargo.toml in the directory or above it.
bool in_cargo_project(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::absolute(dir, ec);
  if (ec) return false;
  for (; !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / "Cargo.toml", ec)) return true;
    if (p == p.root_path()) break;
  }
  return false;
}

Layout layout_of_group(const MigrationGroup& g, bool walked, Layout forced) {
  if (forced != Layout::Auto) return forced;
  std::vector<std::string> names;
  for (const auto& f : g.files) names.push_back(f.name);
  const bool peek = !walked && g.directory != "-";
  const std::vector<std::string> siblings = peek ? sibling_names(g.directory, g.files) : std::vector<std::string>{};
  names.insert(names.end(), siblings.begin(), siblings.end());
  // Most directories are decided by their names: their siblings are then not opened.
  if (auto by_name = layout_from_names(names)) return *by_name;
  std::vector<std::string> heads;
  for (const auto& s : siblings) heads.push_back(head_of((fs::path(g.directory) / s).string()));
  std::vector<const std::string*> texts;
  for (const auto& f : g.files) texts.push_back(&f.text);
  for (const auto& h : heads) texts.push_back(&h);
  return detect_layout(names, texts, g.directory != "-" && in_cargo_project(g.directory));
}

void note_unrecognised(MigrationGroup& g) {
  std::vector<std::string> odd;
  for (const auto& f : g.files) {
    if (!f.follows_layout) odd.push_back(f.name);
  }
  if (odd.empty()) return;
  const std::size_t shown = std::min<std::size_t>(odd.size(), 3);
  std::string list = core::join({odd.begin(), odd.begin() + static_cast<long>(shown)}, ", ");
  if (odd.size() > shown) list += ", ...";
  g.notes.push_back(g.directory + ": " + std::to_string(odd.size()) + " file" + (odd.size() == 1 ? "" : "s") +
                    " not named like " + layout_name(g.layout) + " migrations (" + list + "); " +
                    layout_name(g.layout) + " would not run " + (odd.size() == 1 ? "it" : "them") +
                    "; linted last, as plain SQL (--layout overrides the detection)");
}

}  // namespace

std::size_t Discovery::file_count() const {
  std::size_t n = 0;
  for (const auto& g : groups) n += g.paths.size();
  return n;
}

Discovery discover(const std::vector<std::string>& paths, const DiscoveryOptions& options) {
  Discovery out;
  Collector collector(options);
  bool read_stdin = false;
  for (const auto& p : paths) {
    if (p == "-") {
      read_stdin = true;
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      collector.walk(p, out.errors);
    } else {
      const std::string shown = shown_path(p);
      if (!excluded(options.exclude, shown, fs::path(p).filename().string())) collector.add_file(shown, false);
    }
  }
  out.groups = std::move(collector.groups);
  if (read_stdin) {
    GroupSource g;
    g.directory = "-";
    g.walked = true;
    g.paths.push_back(options.stdin_name.empty() ? "<stdin>" : options.stdin_name);
    g.stdin_text.emplace(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    g.stdin_failed = std::cin.bad();
    out.groups.push_back(std::move(g));
  }
  return out;
}

MigrationGroup load_group(const GroupSource& source, const DiscoveryOptions& options) {
  MigrationGroup g;
  g.directory = source.directory;
  for (const auto& p : source.paths) {
    InputFile f;
    f.path = p;
    if (source.stdin_text) {
      f.name = options.stdin_name.empty() ? "stdin.sql" : fs::path(options.stdin_name).filename().string();
      f.text = *source.stdin_text;
      if (source.stdin_failed) f.read_error = "cannot read standard input";
    } else {
      f.name = fs::path(p).filename().string();
      f.read_error = read_file(p, f.text);
    }
    g.files.push_back(std::move(f));
  }
  g.layout = layout_of_group(g, source.walked, options.layout);
  for (auto& f : g.files) {
    assign_role(f, g.layout);
    f.contract = core::lower(f.name).find("contract") != std::string::npos;
  }
  order_files(g);
  for (auto& f : g.files) assign_transaction(f, options.assume_in_transaction);
  note_unrecognised(g);
  return g;
}

}  // namespace schemashift::lint
