// Roles and apply order per layout:
//   Flyway          versioned by version, repeatables by description, undo files newest first
//   sqlx, golang-migrate  ascending version, up before down
//   psql            name order, X.up.sql before X.down.sql
// Files the layout's tool would not run come last, in name order.
#include "lint/apply_order.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/text.hpp"
#include "lint/migration_names.hpp"

namespace schemashift::lint {

namespace {

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

void order_files(MigrationGroup& g) {
  switch (g.layout) {
    case Layout::Flyway: std::stable_sort(g.files.begin(), g.files.end(), flyway_before); break;
    case Layout::Sqlx:
    case Layout::GolangMigrate: std::stable_sort(g.files.begin(), g.files.end(), numbered_before); break;
    case Layout::Auto:
    case Layout::Sql: std::stable_sort(g.files.begin(), g.files.end(), plain_before); break;
  }
}

}  // namespace schemashift::lint
