#include "import/source.hpp"

#include <algorithm>
#include <map>

#include "core/error.hpp"
#include "core/text.hpp"
#include "lint/discovery.hpp"
#include "lint/migration_names.hpp"

namespace schemashift::import {

namespace {

std::string file_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string folder_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return "";
  return file_name(path.substr(0, slash));
}

// "V2__add_users.sql" -> "add users", "20240101_add_users.up.sql" -> "add users",
// diesel's "2024-01-05-120000_users/up.sql" -> "users".
std::string description_of(const lint::InputFile& f) {
  std::string name = f.layout == lint::Layout::Diesel ? folder_name(f.path) : f.name;
  if (auto fw = lint::parse_flyway_name(name)) {
    name = fw->description;
  } else {
    for (const char* suffix : {".up.sql", ".down.sql", ".sql"}) {
      if (core::ends_with(core::lower(name), suffix)) {
        name = name.substr(0, name.size() - std::string(suffix).size());
        break;
      }
    }
    const auto us = name.find('_');
    if (us != std::string::npos && us > 0 && std::isdigit(static_cast<unsigned char>(name[0]))) name = name.substr(us + 1);
  }
  for (char& c : name) {
    if (c == '_') c = ' ';
  }
  return core::trim(name);
}

Script script_of(const lint::InputFile& f) {
  Script s;
  s.path = f.path;
  s.text = f.text;
  s.end = f.text.size();
  switch (f.transaction) {
    case analyze::FileTransaction::None: s.in_transaction = false; s.autocommit = true; break;
    case analyze::FileTransaction::FlywayAuto: s.flyway_auto = true; break;
    case analyze::FileTransaction::MultiStatement: s.one_string = true; break;
    default: break;
  }
  return s;
}

std::size_t line_end(const std::string& text, std::size_t pos) {
  const auto nl = text.find('\n', pos);
  return nl == std::string::npos ? text.size() : nl + 1;
}

}  // namespace

std::optional<DbmateSections> dbmate_sections(const std::string& text) {
  std::optional<std::size_t> up, down;
  DbmateSections d;
  for (std::size_t pos = 0; pos < text.size(); pos = line_end(text, pos)) {
    const std::string line = core::trim(text.substr(pos, line_end(text, pos) - pos));
    const bool no_tx = line.find("transaction:false") != std::string::npos;
    if (core::starts_with(line, "-- migrate:up") && !up) {
      up = line_end(text, pos);
      d.up_transaction = !no_tx;
    } else if (core::starts_with(line, "-- migrate:down") && up && !down) {
      d.up_end = pos;
      down = line_end(text, pos);
      d.down_transaction = !no_tx;
    }
  }
  if (!up) return std::nullopt;
  d.up_begin = *up;
  if (down) {
    d.has_down = true;
    d.down_begin = *down;
    d.down_end = text.size();
  } else {
    d.up_end = text.size();
  }
  return d;
}

core::SourceLocation locate(const Script& script, int line, int column) {
  if (script.origins.empty()) return core::SourceLocation{script.path, line, column};
  std::size_t offset = 0;
  for (int l = 1; l < line && offset < script.text.size(); ++l) offset = line_end(script.text, offset);
  offset = std::min(script.text.size(), offset + static_cast<std::size_t>(std::max(column, 1) - 1));
  const Script::Origin* origin = &script.origins.front();
  for (const auto& o : script.origins) {
    if (o.offset <= offset) origin = &o;
  }
  core::SourceLocation at = origin->at;
  std::size_t line_start = origin->offset;
  for (std::size_t i = origin->offset; i < offset && i < script.text.size(); ++i) {
    if (script.text[i] == '\n') {
      ++at.line;
      line_start = i + 1;
    }
  }
  if (line_start == origin->offset && origin->offset <= offset) {
    at.column = origin->at.column + static_cast<int>(offset - origin->offset);
  } else {
    at.column = static_cast<int>(offset - line_start) + 1;
  }
  return at;
}

SourceFolder read_source_folder(const std::string& dir, lint::Layout layout, core::Diagnostics& diags) {
  lint::DiscoveryOptions options;
  options.layout = layout;
  const lint::Discovery found = lint::discover({dir}, options);
  for (const auto& e : found.errors) throw core::Error(e);
  SourceFolder out;
  out.directory = dir;
  if (found.groups.size() > 1) {
    std::vector<std::string> dirs;
    for (const auto& g : found.groups) dirs.push_back(g.directory);
    diags.error("ambiguous-import-folder", core::SourceLocation{dir, 0, 0},
                "the folder holds migrations in " + std::to_string(dirs.size()) + " directories (" +
                    core::join(dirs, ", ") + "): their relative order is unknown",
                "import one directory at a time");
    return out;
  }
  if (found.groups.empty()) return out;
  lint::MigrationGroup group = lint::load_group(found.groups.front(), options);
  out.layout = group.layout;
  out.notes = group.notes;
  std::map<std::string, std::size_t> by_version;  // up migrations, to pair the downs with
  std::vector<const lint::InputFile*> downs;
  for (const auto& f : group.files) {
    if (f.read_error) throw core::Error("cannot read " + f.path + ": " + *f.read_error);
    if (!f.follows_layout) {
      out.notes.push_back(f.path + ": skipped, its name does not follow the folder's layout (" +
                          lint::layout_name(group.layout) + "), so its tool would not run it");
      continue;
    }
    if (f.role == lint::Role::Down) {
      downs.push_back(&f);
      continue;
    }
    SourceMigration m;
    m.version = f.version;
    m.description = description_of(f);
    m.repeatable = f.role == lint::Role::Repeatable;
    m.up = script_of(f);
    // dbmate: one file, `-- migrate:up` then `-- migrate:down`, each run in a transaction
    // unless its marker says `transaction:false`.
    if (auto d = dbmate_sections(f.text)) {
      out.dbmate = "dbmate";
      m.up.begin = d->up_begin;
      m.up.end = d->up_end;
      m.up.in_transaction = d->up_transaction;
      m.up.autocommit = false;
      m.up.flyway_auto = false;
      if (d->has_down) {
        Script down = m.up;
        down.begin = d->down_begin;
        down.end = d->down_end;
        down.in_transaction = d->down_transaction;
        m.down = down;
      }
    }
    if (!m.repeatable && !m.version.empty()) by_version[m.version] = out.migrations.size();
    out.migrations.push_back(std::move(m));
  }
  for (const auto* f : downs) {
    const auto it = by_version.find(f->version);
    if (it == by_version.end()) {
      diags.error("down-without-up", core::SourceLocation{f->path, 1, 1},
                  "this down file has no up migration of version " + f->version + " beside it",
                  "add the up file, or remove the down file");
      continue;
    }
    out.migrations[it->second].down = script_of(*f);
  }
  return out;
}

}  // namespace schemashift::import
