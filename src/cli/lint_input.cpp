// Discovery, layout detection, apply order and transaction model for `schemashift lint`.
//
// Each runner's behaviour is a documented fact (postgres-facts.md §7, docs/lint.md):
//   psql -f FILE            autocommit: every statement commits on its own
//   Flyway                  one transaction per file, unless every statement is one Flyway
//                           itself runs outside (CIC, VACUUM ...), or <file>.sql.conf says
//                           executeInTransaction=false
//   sqlx                    BEGIN; <file>; COMMIT, or with `-- no-transaction` as the file's
//                           first bytes: the file as ONE query string (implicit transaction)
//   golang-migrate          the file as one query string (its default, no x-multi-statement)
#include "cli/lint_input.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>

#include <fnmatch.h>

#include "core/text.hpp"

namespace schemashift::cli {

namespace fs = std::filesystem;
using analyze::FileTransaction;

namespace {

constexpr const char* kNoTransaction = "-- no-transaction";  // sqlx: exact, first bytes

bool is_sql_file(const std::string& name) { return core::ends_with(core::lower(name), ".sql"); }

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

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
  std::string out(std::strlen(kNoTransaction), '\0');
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

  struct Entry {
    std::string directory;
    bool walked = false;            // the whole directory was listed (no siblings to peek at)
    std::vector<std::string> paths;
  };
  std::vector<Entry> entries;

 private:
  Entry& group(const std::string& dir, bool from_walk) {
    for (auto& e : entries) {
      if (e.directory == dir) {
        e.walked = e.walked || from_walk;
        return e;
      }
    }
    entries.push_back({dir, from_walk, {}});
    return entries.back();
  }

  const DiscoveryOptions& options_;
};

// ---- transaction model -----------------------------------------------------------------

// Flyway's per-script configuration (docs "Script Configuration"): <script>.sql.conf,
// also accepted as <script>.conf; `executeInTransaction=false` runs it outside.
std::optional<std::string> flyway_conf_disables_transaction(const std::string& sql_path) {
  const fs::path p(sql_path);
  for (const fs::path& conf : {fs::path(sql_path + ".conf"), fs::path(p).replace_extension(".conf")}) {
    std::ifstream in(conf);
    if (!in) continue;
    std::string line;
    while (std::getline(in, line)) {
      const std::string t = core::trim(line);
      if (t.empty() || t[0] == '#') continue;
      const auto eq = t.find('=');
      if (eq == std::string::npos) continue;
      if (core::trim(t.substr(0, eq)) == "executeInTransaction" && core::lower(core::trim(t.substr(eq + 1))) == "false") {
        return conf.filename().string() + ": executeInTransaction=false";
      }
    }
  }
  return std::nullopt;
}

void assign_transaction(InputFile& f, bool assume_in_transaction) {
  if (assume_in_transaction) {
    f.transaction = FileTransaction::Whole;
    f.transaction_reason = "--assume-in-transaction";
    return;
  }
  switch (f.follows_layout ? f.layout : Layout::Sql) {
    case Layout::Flyway:
      if (auto why = flyway_conf_disables_transaction(f.path)) {
        f.transaction = FileTransaction::None;
        f.transaction_reason = *why;
      } else {
        f.transaction = FileTransaction::FlywayAuto;
        f.transaction_reason = "Flyway: one transaction unless every statement must run outside one";
      }
      return;
    case Layout::Sqlx:
      if (core::starts_with(f.text, kNoTransaction)) {
        f.transaction = FileTransaction::MultiStatement;
        f.transaction_reason = "sqlx -- no-transaction: the file is sent as one query string";
      } else {
        f.transaction = FileTransaction::Whole;
        f.transaction_reason = "sqlx: BEGIN; <file>; COMMIT";
      }
      return;
    case Layout::GolangMigrate:
      f.transaction = FileTransaction::MultiStatement;
      f.transaction_reason = "golang-migrate: the file is sent as one query string";
      return;
    case Layout::Auto:
    case Layout::Sql:
      f.transaction = FileTransaction::None;
      f.transaction_reason = "psql -f: autocommit";
      return;
  }
}

// ---- roles and order ---------------------------------------------------------------------

Role plain_role(const std::string& name) {
  const std::string lower = core::lower(name);
  if (core::ends_with(lower, ".down.sql")) return Role::Down;
  if (core::ends_with(lower, ".up.sql")) return Role::Up;
  return Role::Plain;
}

// "0042_users.up.sql" -> "0042_users"; other names stay whole.
std::string pair_stem(const std::string& name) {
  const std::string lower = core::lower(name);
  for (const char* suffix : {".down.sql", ".up.sql"}) {
    if (core::ends_with(lower, suffix)) return name.substr(0, name.size() - std::strlen(suffix));
  }
  return name;
}

void assign_role(InputFile& f, Layout layout) {
  f.layout = layout;
  f.follows_layout = true;
  switch (layout) {
    case Layout::Flyway:
      if (auto n = parse_flyway_name(f.name)) {
        f.role = n->prefix == 'V' ? Role::Up : n->prefix == 'U' ? Role::Down : Role::Repeatable;
        f.version = n->prefix == 'R' ? std::string() : n->version;
        return;
      }
      break;
    case Layout::Sqlx:
    case Layout::GolangMigrate:
      if (auto n = parse_numbered_name(f.name)) {
        // golang-migrate only runs .up/.down files; a simple <version>_<desc>.sql is sqlx's.
        if (layout == Layout::GolangMigrate && n->kind == NumberedName::Kind::Simple) break;
        f.role = n->kind == NumberedName::Kind::Down ? Role::Down : Role::Up;
        f.version = std::to_string(n->version);
        return;
      }
      break;
    case Layout::Auto:
    case Layout::Sql:
      // "X.up.sql" / "X.down.sql" pairs (schemashift's own sql/ format, hand-written
      // psql folders): the down file reverses the up file of the same stem.
      f.role = plain_role(f.name);
      if (f.role != Role::Plain) f.version = pair_stem(f.name);
      return;
  }
  f.role = Role::Plain;
  f.follows_layout = false;
}

int flyway_rank(const InputFile& f) {
  if (!f.follows_layout) return 3;
  return f.role == Role::Up ? 0 : f.role == Role::Repeatable ? 1 : 2;
}

// Versioned by version, repeatables by description, undo files newest first (the order
// `flyway undo` steps back), then files Flyway would not run.
bool flyway_before(const InputFile& a, const InputFile& b) {
  const int ra = flyway_rank(a), rb = flyway_rank(b);
  if (ra != rb) return ra < rb;
  if (ra == 0 || ra == 2) {
    const int c = compare_flyway_versions(a.version, b.version);
    if (c != 0) return ra == 0 ? c < 0 : c > 0;
  }
  if (ra == 1) {
    const auto da = parse_flyway_name(a.name), db = parse_flyway_name(b.name);
    if (da->description != db->description) return da->description < db->description;
  }
  return a.name < b.name;
}

// Ascending version, up before down of the same version, then files the tool would not run.
bool numbered_before(const InputFile& a, const InputFile& b) {
  if (a.follows_layout != b.follows_layout) return a.follows_layout;
  if (a.follows_layout) {
    const long long va = std::stoll(a.version), vb = std::stoll(b.version);
    if (va != vb) return va < vb;
    if (a.role != b.role) return a.role == Role::Up;
  }
  return a.name < b.name;
}

// Name order, except that X.up.sql comes before X.down.sql.
bool plain_before(const InputFile& a, const InputFile& b) {
  const std::string sa = pair_stem(a.name), sb = pair_stem(b.name);
  if (sa != sb) return sa < sb;
  if ((a.role == Role::Down) != (b.role == Role::Down)) return b.role == Role::Down;
  return a.name < b.name;
}

void order_files(MigrationGroup& g) {
  switch (g.layout) {
    case Layout::Flyway: std::stable_sort(g.files.begin(), g.files.end(), flyway_before); break;
    case Layout::Sqlx:
    case Layout::GolangMigrate: std::stable_sort(g.files.begin(), g.files.end(), numbered_before); break;
    case Layout::Auto:
    case Layout::Sql: std::stable_sort(g.files.begin(), g.files.end(), plain_before); break;
  }
}

// Names and first bytes of the directory's other *.sql files: layout detection is per
// directory, also when only some of its files were named on the command line.
void add_siblings(const std::string& dir, const std::vector<InputFile>& files, std::vector<std::string>& names,
                  std::vector<std::string>& heads) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!is_sql_file(name) || name[0] == '.') continue;
    const bool listed = std::any_of(files.begin(), files.end(), [&](const InputFile& f) { return f.name == name; });
    if (listed) continue;
    names.push_back(name);
    heads.push_back(head_of(it->path().string()));
  }
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
  std::vector<std::string> heads;
  std::vector<const std::string*> texts;
  for (const auto& f : g.files) names.push_back(f.name);
  if (!walked && g.directory != "-") add_siblings(g.directory, g.files, names, heads);
  for (const auto& f : g.files) texts.push_back(&f.text);
  for (const auto& h : heads) texts.push_back(&h);
  return detect_layout(names, texts, g.directory != "-" && in_cargo_project(g.directory));
}

void note_unrecognised(const MigrationGroup& g, std::vector<std::string>& notes) {
  std::vector<std::string> odd;
  for (const auto& f : g.files) {
    if (!f.follows_layout) odd.push_back(f.name);
  }
  if (odd.empty()) return;
  const std::size_t shown = std::min<std::size_t>(odd.size(), 3);
  std::string list = core::join({odd.begin(), odd.begin() + static_cast<long>(shown)}, ", ");
  if (odd.size() > shown) list += ", ...";
  notes.push_back(g.directory + ": " + std::to_string(odd.size()) + " file" + (odd.size() == 1 ? "" : "s") +
                  " not named like " + layout_name(g.layout) + " migrations (" + list + "); " +
                  layout_name(g.layout) + " would not run " + (odd.size() == 1 ? "it" : "them") +
                  "; linted last, as plain SQL (--layout overrides the detection)");
}

MigrationGroup build_group(const Collector::Entry& entry) {
  MigrationGroup g;
  g.directory = entry.directory;
  for (const auto& p : entry.paths) {
    InputFile f;
    f.path = p;
    f.name = fs::path(p).filename().string();
    f.read_error = read_file(p, f.text);
    g.files.push_back(std::move(f));
  }
  return g;
}

void finish_group(MigrationGroup& g, bool walked, const DiscoveryOptions& o, std::vector<std::string>& notes) {
  g.layout = layout_of_group(g, walked, o.layout);
  for (auto& f : g.files) {
    assign_role(f, g.layout);
    f.contract = core::lower(f.name).find("contract") != std::string::npos;
  }
  order_files(g);
  for (auto& f : g.files) assign_transaction(f, o.assume_in_transaction);
  note_unrecognised(g, notes);
}

MigrationGroup stdin_group(const DiscoveryOptions& o) {
  MigrationGroup g;
  g.directory = "-";
  InputFile f;
  f.path = o.stdin_name.empty() ? "<stdin>" : o.stdin_name;
  f.name = o.stdin_name.empty() ? "stdin.sql" : fs::path(o.stdin_name).filename().string();
  f.text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  if (std::cin.bad()) f.read_error = "cannot read standard input";
  g.files.push_back(std::move(f));
  return g;
}

}  // namespace

const char* layout_name(Layout l) {
  switch (l) {
    case Layout::Auto: return "auto";
    case Layout::Sql: return "sql";
    case Layout::Flyway: return "flyway";
    case Layout::Sqlx: return "sqlx";
    case Layout::GolangMigrate: return "golang-migrate";
  }
  return "sql";
}

std::optional<Layout> parse_layout(const std::string& s) {
  for (Layout l : {Layout::Auto, Layout::Sql, Layout::Flyway, Layout::Sqlx, Layout::GolangMigrate}) {
    if (s == layout_name(l)) return l;
  }
  return std::nullopt;
}

std::optional<FlywayName> parse_flyway_name(const std::string& file_name) {
  if (file_name.size() < 4 || !is_sql_file(file_name)) return std::nullopt;
  const std::string stem = file_name.substr(0, file_name.size() - 4);
  const char prefix = stem.empty() ? '\0' : stem[0];
  if (prefix != 'V' && prefix != 'U' && prefix != 'R') return std::nullopt;
  const auto sep = stem.find("__");  // split at the FIRST separator
  if (sep == std::string::npos) return std::nullopt;
  FlywayName n;
  n.prefix = prefix;
  n.description = stem.substr(sep + 2);
  std::string version = stem.substr(1, sep - 1);
  if (prefix == 'R') {
    if (!version.empty()) return std::nullopt;  // "It cannot contain a version"
    return n;
  }
  std::replace(version.begin(), version.end(), '_', '.');
  // Digits in parts separated by single dots ("1", "1.2", "2024.01.05").
  std::size_t start = 0;
  while (true) {
    const auto dot = version.find('.', start);
    if (!all_digits(version.substr(start, dot == std::string::npos ? std::string::npos : dot - start))) {
      return std::nullopt;
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  n.version = version;
  return n;
}

int compare_flyway_versions(const std::string& a, const std::string& b) {
  auto parts = [](const std::string& v) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= v.size()) {
      const auto dot = v.find('.', start);
      std::string p = v.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      p.erase(0, std::min(p.find_first_not_of('0'), p.size()));  // BigInteger: leading zeros do not count
      out.push_back(p);
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    while (!out.empty() && out.back().empty()) out.pop_back();  // "1.0" == "1"
    return out;
  };
  const auto pa = parts(a), pb = parts(b);
  for (std::size_t i = 0; i < std::max(pa.size(), pb.size()); ++i) {
    const std::string x = i < pa.size() ? pa[i] : "", y = i < pb.size() ? pb[i] : "";
    if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

std::optional<NumberedName> parse_numbered_name(const std::string& file_name) {
  if (!is_sql_file(file_name)) return std::nullopt;
  const auto underscore = file_name.find('_');  // sqlx splits at the FIRST '_'
  if (underscore == std::string::npos || !all_digits(file_name.substr(0, underscore))) return std::nullopt;
  NumberedName n;
  try {
    std::size_t used = 0;
    n.version = std::stoll(file_name.substr(0, underscore), &used);
  } catch (const std::out_of_range&) {
    return std::nullopt;  // not an i64: sqlx refuses it
  }
  const std::string lower = core::lower(file_name);
  if (core::ends_with(lower, ".up.sql")) n.kind = NumberedName::Kind::Up;
  if (core::ends_with(lower, ".down.sql")) n.kind = NumberedName::Kind::Down;
  return n;
}

bool is_psql_script(const std::string& text) {
  // schemashift scaffold's sql/ files: "-- Migration N of M: ..." and "-- Generated by
  // schemashift ..." in the header; they are documented as `psql -f`, one run per file.
  const std::string head = text.substr(0, 1024);
  if (head.find("\n-- Migration ") != std::string::npos && head.find("-- Generated by schemashift") != std::string::npos) {
    return true;
  }
  // \gexec / \gset end a query line instead of ';' (psql only).
  if (text.find("\\gexec") != std::string::npos || text.find("\\gset") != std::string::npos) return true;
  std::size_t line = 0;
  while (line < text.size()) {
    const std::size_t first = text.find_first_not_of(" \t", line);
    if (first != std::string::npos && text[first] == '\\') return true;
    const std::size_t next = text.find('\n', line);
    if (next == std::string::npos) break;
    line = next + 1;
  }
  return false;
}

Layout detect_layout(const std::vector<std::string>& names, const std::vector<const std::string*>& texts,
                     bool in_cargo_project) {
  std::size_t flyway = 0, numbered = 0, simple = 0;
  for (const auto& name : names) {
    if (parse_flyway_name(name)) ++flyway;
    if (auto n = parse_numbered_name(name)) {
      ++numbered;
      if (n->kind == NumberedName::Kind::Simple) ++simple;
    }
  }
  if (flyway == 0 && numbered == 0) return Layout::Sql;
  if (flyway > numbered) return Layout::Flyway;
  // sqlx and golang-migrate send the file to the server, which rejects psql meta-commands:
  // numbered files that use them are psql scripts.
  if (std::any_of(texts.begin(), texts.end(), [](const std::string* t) { return t && is_psql_script(*t); })) {
    return Layout::Sql;
  }
  // <version>_<desc>.up.sql is both sqlx's and golang-migrate's: a simple migration, the
  // sqlx-only `-- no-transaction` marker or a Cargo project decides for sqlx.
  const bool sqlx_marker = std::any_of(texts.begin(), texts.end(),
                                       [](const std::string* t) { return t && core::starts_with(*t, kNoTransaction); });
  if (simple > 0 || sqlx_marker || in_cargo_project) return Layout::Sqlx;
  return Layout::GolangMigrate;
}

std::size_t Discovery::file_count() const {
  std::size_t n = 0;
  for (const auto& g : groups) n += g.files.size();
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
  for (const auto& entry : collector.entries) {
    MigrationGroup g = build_group(entry);
    finish_group(g, entry.walked, options, out.notes);
    out.groups.push_back(std::move(g));
  }
  if (read_stdin) {
    MigrationGroup g = stdin_group(options);
    finish_group(g, true, options, out.notes);
    out.groups.push_back(std::move(g));
  }
  return out;
}

}  // namespace schemashift::cli
