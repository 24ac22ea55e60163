// Roles and apply order per layout:
//   Flyway          versioned by version, repeatables by description, undo files newest first
//   sqlx, golang-migrate, popx  ascending version (digit strings of any length), up before down
//   diesel          up.sql, then down.sql (the folders' order is the history's, see discovery)
//   psql            name order, X.up.sql before X.down.sql (up.sql before down.sql)
// Files the layout's tool would not run keep their version's place when their name has one
// (a stray 0042_fix.sql among golang-migrate pairs); the others come last, in name order.
#include "lint/apply_order.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/text.hpp"
#include "lint/migration_names.hpp"

namespace schemashift::lint {

namespace {

// "X.up.sql" / "X.down.sql", and a folder's "up.sql" / "down.sql" (diesel, folder per version).
Role plain_role(const std::string& name) {
  const std::string lower = "." + core::lower(name);
  if (core::ends_with(lower, ".down.sql")) return Role::Down;
  if (core::ends_with(lower, ".up.sql")) return Role::Up;
  return Role::Plain;
}

// "0042_users.up.sql" -> "0042_users", "up.sql" -> ""; other names stay whole.
std::string pair_stem(const std::string& name) {
  const std::string lower = core::lower(name);
  for (const std::string suffix : {"down.sql", "up.sql"}) {
    if (lower == suffix) return "";
    if (core::ends_with(lower, "." + suffix)) return name.substr(0, name.size() - suffix.size() - 1);
  }
  return name;
}

// The version a name carries whatever the layout: numbered and popx names.
std::string numbered_version(const std::string& name) {
  if (auto n = parse_numbered_name(name)) return n->version;
  return "";
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

int numbered_rank(const InputFile& f) { return f.role == Role::Up ? 0 : f.role == Role::Down ? 2 : 1; }

// Ascending version, up before a stray file of the same version before down; then files
// without a version. Versions are never parsed into an integer: sqlx and golang-migrate
// compare them as numbers (here: digit strings by length, then text), popx compares the
// strings as text (the same order while all versions have the same length).
struct NumberedOrder {
  bool as_text = false;
  bool operator()(const InputFile& a, const InputFile& b) const {
    if (a.version.empty() != b.version.empty()) return b.version.empty();
    if (!a.version.empty()) {
      const int c = as_text ? a.version.compare(b.version) : compare_digit_versions(a.version, b.version);
      if (c != 0) return c < 0;
      if (numbered_rank(a) != numbered_rank(b)) return numbered_rank(a) < numbered_rank(b);
    }
    return a.name < b.name;
  }
};

// Name order, except that X.up.sql comes before X.down.sql.
bool plain_before(const InputFile& a, const InputFile& b) {
  const std::string sa = pair_stem(a.name), sb = pair_stem(b.name);
  if (sa != sb) return sa < sb;
  if ((a.role == Role::Down) != (b.role == Role::Down)) return b.role == Role::Down;
  return a.name < b.name;
}

}  // namespace

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
        if (layout == Layout::Sqlx && !fits_i64(n->version)) break;  // sqlx refuses it
        f.role = n->kind == NumberedName::Kind::Down ? Role::Down : Role::Up;
        f.version = n->version;
        return;
      }
      break;
    case Layout::Popx:
      if (auto n = parse_popx_name(f.name)) {
        f.role = n->down ? Role::Down : Role::Up;
        f.version = n->version;
        return;
      }
      break;
    case Layout::Diesel:
      // diesel runs <folder>/up.sql and, to revert, down.sql; the folder names the version.
      f.role = plain_role(f.name);
      if (f.role != Role::Plain && pair_stem(f.name).empty()) return;
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
  // Keeps its version's place in the numbered layouts' order.
  f.version = numbered_version(f.name);
}

void order_files(MigrationGroup& g) {
  switch (g.layout) {
    case Layout::Flyway: std::stable_sort(g.files.begin(), g.files.end(), flyway_before); break;
    case Layout::Sqlx:
    case Layout::GolangMigrate: std::stable_sort(g.files.begin(), g.files.end(), NumberedOrder{false}); break;
    case Layout::Popx: std::stable_sort(g.files.begin(), g.files.end(), NumberedOrder{true}); break;
    case Layout::Diesel:
    case Layout::Auto:
    case Layout::Sql: std::stable_sort(g.files.begin(), g.files.end(), plain_before); break;
  }
}

}  // namespace schemashift::lint
