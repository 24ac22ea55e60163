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

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

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

// shown_path(path) for `path` = a directory shown as `dir` / `name` (one element, never
// "." or ".."), without normalising the whole path again for every file: a normal path
// plus a plain name is normal, except after "." (dropped) or a trailing separator.
std::string shown_child(const std::string& dir, const std::string& name, const fs::path& path) {
  if (dir == ".") return name;
  if (dir.empty() || dir.back() == '/') return shown_path(path);
  return dir + "/" + name;
}

std::string directory_of(const std::string& shown) {
  const std::string parent = fs::path(shown).parent_path().generic_string();
  return parent.empty() ? "." : parent;
}

// open/fstat/read, not an ifstream copied through a stringstream: the streams' set-up
// (four basic_ios per file) and the copy cost more than reading a migration's few
// hundred bytes.
std::optional<std::string> read_file(const std::string& path, std::string& out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::string(std::strerror(errno));
  struct stat st {};
  std::string text;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) text.reserve(static_cast<std::size_t>(st.st_size));
  char buf[16384];
  bool failed = false;
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      text.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      // A directory (a symlink named *.sql pointing at one) reads as empty, as it always
      // has through ifstream.
      failed = n < 0 && errno != EISDIR;
      break;
    }
  }
  ::close(fd);
  if (failed) return std::string("read error");
  out = std::move(text);
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

  // `shown`: shown_path(dir).
  void walk(const fs::path& dir, const std::string& shown, std::vector<std::string>& errors) {
    std::error_code ec;
    struct Entry {
      std::string name;
      fs::directory_entry entry;
    };
    std::vector<Entry> entries;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      entries.push_back({it->path().filename().string(), *it});
    }
    if (ec) {
      errors.push_back("cannot read directory " + shown + ": " + ec.message());
      return;
    }
    // By name: a file name is one path element, so this is the order of its paths.
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
    for (const auto& [name, e] : entries) {
      const std::string child = shown_child(shown, name, e.path());
      if (excluded(options_.exclude, child, name)) continue;
      std::error_code sec;
      if (e.is_directory(sec) && !e.is_symlink(sec)) {
        if (!skipped_directory(name)) walk(e.path(), child, errors);
      } else if (name[0] != '.' && is_sql_file(name) && (e.is_regular_file(sec) || e.is_symlink(sec))) {
        add_file(child, true);  // a dangling symlink is reported as unreadable, not skipped
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

LayoutChoice layout_of_group(const MigrationGroup& g, bool walked, Layout forced) {
  if (forced != Layout::Auto) return {forced, std::string("--layout ") + layout_name(forced)};
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

// "a.sql, b.sql, c.sql, ..." (at most three names).
std::string some_names(const std::vector<std::string>& names) {
  const std::size_t shown = std::min<std::size_t>(names.size(), 3);
  std::string list = core::join({names.begin(), names.begin() + static_cast<long>(shown)}, ", ");
  return names.size() > shown ? list + ", ..." : list;
}

std::string files_word(std::size_t n) { return std::to_string(n) + (n == 1 ? " file" : " files"); }

void note_unrecognised(MigrationGroup& g) {
  std::vector<std::string> odd;
  for (const auto& f : g.files) {
    if (!f.follows_layout) odd.push_back(f.name);
  }
  if (odd.empty()) return;
  g.notes.push_back(g.directory + ": " + files_word(odd.size()) + " not named like " + layout_name(g.layout) +
                    " migrations (" + some_names(odd) + "); " + layout_name(g.layout) + " would not run " +
                    (odd.size() == 1 ? "it" : "them") +
                    "; linted as plain SQL, in version order when the name has a version, else last "
                    "(--layout overrides the detection)");
}

// Decides the layout of a directory's files, their roles and order.
void arrange_directory(MigrationGroup& g, bool walked, Layout forced) {
  const LayoutChoice choice = layout_of_group(g, walked, forced);
  g.layout = choice.layout;
  for (auto& f : g.files) {
    assign_role(f, g.layout);
    f.layout_rule = f.follows_layout ? choice.rule
                                     : std::string("not a ") + layout_name(g.layout) + " name (directory: " +
                                           choice.rule + "): plain SQL";
  }
  order_files(g);
  note_unrecognised(g);
}

// The folder a file of a folder history lies in ("migrations/2024-01-05-120000_users").
std::string folder_of(const InputFile& f) { return directory_of(f.path); }

// A folder-per-migration history: its version folders in version order, each folder's
// files in its own layout's order. diesel (every folder <version>_<name> with an up.sql):
// up.sql, then down.sql, folders in diesel's order (versions compared as text); other
// histories: each folder's own layout, folders by version number.
void arrange_history(MigrationGroup& g, bool walked, Layout forced) {
  struct Folder {
    std::string path;
    VersionFolder version;
    MigrationGroup group;
    bool has_up = false;
  };
  std::vector<Folder> folders;
  for (auto& f : g.files) {
    const std::string path = folder_of(f);
    auto it = std::find_if(folders.begin(), folders.end(), [&](const Folder& x) { return x.path == path; });
    if (it == folders.end()) {
      Folder folder;
      folder.path = path;
      folder.version = parse_version_folder(fs::path(path).filename().string()).value_or(VersionFolder{});
      folder.group.directory = path;
      folders.push_back(std::move(folder));
      it = folders.end() - 1;
    }
    it->has_up = it->has_up || f.name == "up.sql";
    it->group.files.push_back(std::move(f));
  }
  const bool diesel = forced == Layout::Diesel ||
                      (forced == Layout::Auto && std::all_of(folders.begin(), folders.end(), [](const Folder& x) {
                         return x.version.diesel && x.has_up;
                       }));
  std::stable_sort(folders.begin(), folders.end(), [&](const Folder& a, const Folder& b) {
    const int c = diesel ? a.version.version.compare(b.version.version)
                         : compare_flyway_versions(a.version.version, b.version.version);
    return c != 0 ? c < 0 : a.path < b.path;
  });
  g.files.clear();
  std::vector<Layout> layouts;
  for (auto& folder : folders) {
    MigrationGroup& sub = folder.group;
    const std::string folder_name = fs::path(folder.path).filename().string();
    if (diesel) {
      sub.layout = Layout::Diesel;
      for (auto& f : sub.files) {
        assign_role(f, Layout::Diesel);
        f.layout_rule = f.follows_layout
                            ? "diesel: <version>_<name>/up.sql folders, applied in version order"
                            : "not diesel's up.sql/down.sql (diesel history): plain SQL";
      }
      order_files(sub);
      note_unrecognised(sub);
    } else {
      arrange_directory(sub, walked, forced);
      for (auto& f : sub.files) f.layout_rule = "one folder per version (" + folder_name + "); in it: " + f.layout_rule;
    }
    layouts.push_back(sub.layout);
    for (auto& note : sub.notes) g.notes.push_back(std::move(note));
    for (auto& f : sub.files) {
      f.version = folder_name + "/" + f.version;  // pairs a down.sql with its own folder's up.sql only
      g.files.push_back(std::move(f));
    }
  }
  const bool one_layout = std::all_of(layouts.begin(), layouts.end(), [&](Layout l) { return l == layouts.front(); });
  g.layout = one_layout && !layouts.empty() ? layouts.front() : Layout::Sql;
  g.notes.insert(g.notes.begin(),
                 g.directory + ": " + std::to_string(folders.size()) +
                     (folders.size() == 1 ? " version folder" : " version folders") + " (" +
                     (diesel ? "diesel" : "one folder per version") + ") linted as one history, in version order: " +
                     fs::path(folders.front().path).filename().string() +
                     (folders.size() > 1 ? " ... " + fs::path(folders.back().path).filename().string() : ""));
}

// popx runs a version's file for the connection's dialect, else the dialect-free one:
// on PostgreSQL the files of other dialects, and dialect-free files that a PostgreSQL
// file of the same version and direction replaces, never run.
void skip_other_dialects(MigrationGroup& g) {
  if (g.layout != Layout::Popx) return;
  std::vector<std::string> other_dialect, replaced;
  std::vector<std::optional<PopxName>> names;
  for (const auto& f : g.files) names.push_back(f.follows_layout ? parse_popx_name(f.name) : std::nullopt);
  auto postgres_file_for = [&](const PopxName& n) {
    return std::any_of(names.begin(), names.end(), [&](const std::optional<PopxName>& m) {
      return m && !m->dialect.empty() && is_postgres_dialect(m->dialect) && m->version == n.version && m->down == n.down;
    });
  };
  std::vector<InputFile> kept;
  for (std::size_t i = 0; i < g.files.size(); ++i) {
    const auto& n = names[i];
    if (n && !is_postgres_dialect(n->dialect)) {
      other_dialect.push_back(g.files[i].name);
    } else if (n && n->dialect.empty() && postgres_file_for(*n)) {
      replaced.push_back(g.files[i].name);
    } else {
      kept.push_back(std::move(g.files[i]));
    }
  }
  g.files = std::move(kept);
  if (!other_dialect.empty()) {
    g.notes.push_back(g.directory + ": " + files_word(other_dialect.size()) + " for another database (" +
                      some_names(other_dialect) + ") not linted: popx runs them only on that dialect, not PostgreSQL");
  }
  if (!replaced.empty()) {
    g.notes.push_back(g.directory + ": " + files_word(replaced.size()) + " for every dialect (" + some_names(replaced) +
                      ") not linted: popx runs the PostgreSQL file of the same version instead");
  }
}

// Sibling directories named like versions (diesel's <version>_<name>/, 7/, V2/) hold
// one history each per parent: their files become one group, named after the parent.
std::vector<GroupSource> merge_version_folders(std::vector<GroupSource> groups) {
  std::vector<GroupSource> out;
  std::vector<std::pair<std::string, std::size_t>> histories;  // parent -> index in out
  for (auto& g : groups) {
    const fs::path dir(g.directory);
    if (g.stdin_text || !parse_version_folder(dir.filename().string())) {
      out.push_back(std::move(g));
      continue;
    }
    std::string parent = dir.parent_path().generic_string();
    if (parent.empty()) parent = ".";
    auto it = std::find_if(histories.begin(), histories.end(), [&](const auto& h) { return h.first == parent; });
    if (it == histories.end()) {
      GroupSource h;
      h.directory = parent;
      h.walked = true;
      h.folder_history = true;
      histories.emplace_back(parent, out.size());
      out.push_back(std::move(h));
      it = histories.end() - 1;
    }
    GroupSource& h = out[it->second];
    h.walked = h.walked && g.walked;
    h.paths.insert(h.paths.end(), g.paths.begin(), g.paths.end());
  }
  return out;
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
      collector.walk(p, shown_path(p), out.errors);
    } else {
      const std::string shown = shown_path(p);
      if (!excluded(options.exclude, shown, fs::path(p).filename().string())) collector.add_file(shown, false);
    }
  }
  out.groups = merge_version_folders(std::move(collector.groups));
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
  if (source.folder_history) {
    arrange_history(g, source.walked, options.layout);
  } else {
    arrange_directory(g, source.walked, options.layout);
  }
  skip_other_dialects(g);
  for (auto& f : g.files) {
    // In a folder history the folder names the migration ("..._contract_drop_x/up.sql").
    const std::string named = source.folder_history ? fs::path(folder_of(f)).filename().string() + "/" + f.name : f.name;
    f.contract = core::lower(named).find("contract") != std::string::npos;
    assign_transaction(f, options.assume_in_transaction);
  }
  return g;
}

}  // namespace schemashift::lint
