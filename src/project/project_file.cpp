// `.schemashift.yaml` beyond `lint:` — defaults and services. YAML goes through spec/ (the
// one place that sees yaml-cpp, which also rejects duplicate keys); spec::FieldReader
// reports unknown keys with a "did you mean", so a misspelt key never falls back to a
// default silently.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/duration.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "project/project.hpp"
#include "spec/field_reader.hpp"
#include "spec/yaml_document.hpp"

namespace schemashift::project {

namespace fs = std::filesystem;

namespace {

// The limits the runner's flags have (cli/apply_command.cpp), so a default is never
// something the flag would refuse.
constexpr long long kMaxLockTimeoutMs = 600'000;
constexpr long long kMaxBatchSize = 1'000'000;
constexpr long long kMaxBatchDelayMs = 60'000;

std::optional<Duration> read_duration(spec::FieldReader& r, const std::string& key, long long min_ms,
                                      long long max_ms) {
  const auto ms = r.duration_ms(key);
  if (!ms) return std::nullopt;
  if (*ms < min_ms || *ms > max_ms) {
    r.error(key, "`" + key + "` must be between " + core::format_duration(min_ms) + " and " +
                     core::format_duration(max_ms) + ", got " + core::trim(r.node().find(key)->scalar));
    return std::nullopt;
  }
  return Duration{*ms, core::trim(r.node().find(key)->scalar)};
}

void read_defaults(const core::Node& n, Defaults& d, core::Diagnostics& diags) {
  spec::FieldReader r(n, "`defaults`", diags);
  if (!r.ok()) return;
  d.lock_timeout = read_duration(r, "lock_timeout", 1, kMaxLockTimeoutMs);
  d.statement_timeout = read_duration(r, "statement_timeout", 0, 2'147'483'647);
  d.batch_size = r.integer("batch_size", false, 1, kMaxBatchSize);
  d.batch_delay = read_duration(r, "batch_delay", 0, kMaxBatchDelayMs);
  d.retries = r.integer("retries", false, 0, 100);
  if (auto v = r.string("history_schema")) {
    const auto start = [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; };
    const bool identifier = !v->empty() && v->size() <= 63 && start((*v)[0]) &&
                            std::all_of(v->begin(), v->end(), [&](char c) { return start(c) || (c >= '0' && c <= '9'); });
    if (identifier) d.history_schema = *v;
    else r.error("history_schema", "`history_schema` must be a lower-case SQL identifier, got '" + *v + "'",
                 "e.g. `history_schema: schemashift`");
  }
  r.finish();
}

std::string resolve(const fs::path& root, const std::string& written) {
  const fs::path p(written);
  if (p.is_absolute() || root.empty()) return p.lexically_normal().string();
  return (root / p).lexically_normal().string();
}

std::optional<std::string> read_path(spec::FieldReader& r, const std::string& key) {
  auto v = r.string(key);
  if (v && core::trim(*v).empty()) {
    r.error(key, "`" + key + "` must not be empty", "a folder, relative to the project root");
    return std::nullopt;
  }
  return v ? std::optional<std::string>(core::trim(*v)) : std::nullopt;
}

bool valid_name(const std::string& name) {
  const auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  return !name.empty() && name.size() <= 63 && alnum(name[0]) &&
         std::all_of(name.begin(), name.end(), [&](char c) { return alnum(c) || c == '_' || c == '-'; });
}

// One service's map (`body` may be null in the map form: every setting defaulted).
void read_service(const std::string& name, const core::SourceLocation& name_where, const core::Node* body,
                  bool name_in_body, const fs::path& root, Project& out, core::Diagnostics& diags) {
  Service s;
  s.name = name;
  s.where = name_where;
  std::string changes = "changes/" + name;
  std::string migrations = "migrations/" + name;
  std::optional<spec::SchemaRef> schema;
  s.database_env = default_database_env(name);
  const std::size_t errors_before = diags.error_count();
  if (body && !body->is_null()) {
    spec::FieldReader r(*body, "service `" + name + "`", diags);
    if (!r.ok()) return;
    if (name_in_body) r.accept("name");
    if (auto v = read_path(r, "changes")) changes = *v;
    if (auto v = read_path(r, "migrations")) migrations = *v;
    if (auto v = r.choice("format", service_formats())) s.format = *v;
    if (auto v = r.string("database_env")) {
      if (core::is_env_name(*v)) s.database_env = *v;
      else r.error("database_env", "`database_env` must be an environment variable's name, got '" + *v + "'",
                   "e.g. `database_env: " + default_database_env(name) + "` (the URL itself goes in the variable)");
    }
    if (r.has("schema")) schema = spec::read_schema_ref(r, "schema", true, diags);
    r.finish();
  }
  if (diags.error_count() > errors_before) return;
  s.changes = resolve(root, changes);
  s.migrations = resolve(root, migrations);
  if (schema) {
    s.schema = *schema;
    if (s.schema.database.empty()) s.schema.path = resolve(root, s.schema.path);
  } else {
    s.schema = spec::SchemaRef{s.migrations, {}, name_where};
  }
  out.services.push_back(std::move(s));
}

bool check_name(const std::string& name, const core::SourceLocation& where, core::Diagnostics& diags) {
  if (valid_name(name)) return true;
  diags.error("invalid-value", where, "service name '" + name + "' must be letters, digits, `-` and `_`, starting with a letter or digit",
              "e.g. `user-service`; its database variable is DATABASE_URL_<NAME> unless `database_env` says otherwise");
  return false;
}

void read_services(const core::Node& n, const fs::path& root, Project& out, core::Diagnostics& diags) {
  if (n.is_null()) return;
  if (n.is_map()) {  // services: {user-service: {...}}; YAML already rejects a name given twice
    for (const auto& e : n.entries) {
      if (!check_name(e.key, e.key_where, diags)) continue;
      if (!e.value.is_null() && !e.value.is_map()) {
        diags.error("wrong-type", e.value.where, "service `" + e.key + "` must be a map, got " + e.value.kind_name(),
                    "write its settings indented under its name, e.g. `changes: changes/" + e.key + "`");
        continue;
      }
      read_service(e.key, e.key_where, &e.value, false, root, out, diags);
    }
    return;
  }
  if (!n.is_sequence()) {
    diags.error("wrong-type", n.where, "`services` must be a list or a map, got " + std::string(n.kind_name()),
                "write one `- name: <service>` item per service, or a map from name to settings");
    return;
  }
  std::vector<std::pair<std::string, core::SourceLocation>> seen;
  for (const auto& item : n.items) {
    if (!item.is_map()) {
      diags.error("wrong-type", item.where, "each service must be a map, got " + std::string(item.kind_name()),
                  "write `- name: user-service` and its settings under it");
      continue;
    }
    const core::Node* name = item.find("name");
    if (!name || !name->is_scalar()) {
      diags.error(name ? "wrong-type" : "missing-key", name ? name->where : item.where,
                  name ? std::string("`name` must be text, got ") + name->kind_name() : "a service needs `name`",
                  "add `name: <service>`, e.g. `name: user-service`");
      continue;
    }
    const std::string service = core::trim(name->scalar);
    if (!check_name(service, name->where, diags)) continue;
    const auto dup = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == service; });
    if (dup != seen.end()) {
      diags.error("duplicate-service", name->where, "service `" + service + "` is defined twice",
                  "the first is at " + dup->second.str() + "; service names must be unique");
      continue;
    }
    seen.emplace_back(service, name->where);
    read_service(service, name->where, &item, true, root, out, diags);
  }
}

}  // namespace

const std::vector<std::string>& service_formats() {
  static const std::vector<std::string> formats{"sql", "flyway", "sqlx", "liquibase", "alembic", "rails"};
  return formats;
}

std::string default_database_env(const std::string& service) {
  std::string out = "DATABASE_URL_";
  for (const char c : service) out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

const Service* Project::find_service(const std::string& name) const {
  for (const auto& s : services) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::optional<Project> parse_project(const std::string& text, const std::string& file, core::Diagnostics& diags) {
  const std::size_t errors_before = diags.error_count();
  auto root = spec::parse_yaml(text, file, diags);
  if (!root) return std::nullopt;
  Project out;
  out.file = file;
  out.root = fs::path(file).parent_path().string();
  if (!root->is_null()) {  // an empty file is a valid, empty project
    spec::FieldReader top(*root, "the config file", diags);
    if (top.ok()) {
      if (const core::Node* lint = top.node("lint"); lint && !lint->is_null()) out.lint = *lint;
      if (const core::Node* n = top.node("defaults"); n && !n->is_null()) read_defaults(*n, out.defaults, diags);
      if (const core::Node* n = top.node("services")) read_services(*n, out.root, out, diags);
      top.finish();
    }
  }
  if (diags.error_count() > errors_before) return std::nullopt;
  return out;
}

std::optional<Project> load_project(const std::string& file, core::Diagnostics& diags) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw core::Error("cannot read config file " + file);
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse_project(buf.str(), file, diags);
}

std::optional<std::string> find_project_file(const std::string& start) {
  std::error_code ec;
  fs::path base = fs::absolute(start, ec).lexically_normal();
  if (ec) return std::nullopt;
  if (base.filename().empty() && base != base.root_path()) base = base.parent_path();  // "/a/b/" -> "/a/b"
  fs::path up;  // "../" once per level climbed
  for (fs::path dir = base;; dir = dir.parent_path()) {
    if (fs::is_regular_file(dir / kProjectFile, ec)) {
      const fs::path rel = fs::path(start) / up / kProjectFile;
      return fs::path(start).is_absolute() ? (dir / kProjectFile).string() : rel.lexically_normal().string();
    }
    if (dir == dir.parent_path() || dir.empty()) return std::nullopt;
    up /= "..";
  }
}

std::optional<Project> find_project(core::Diagnostics& diags, const std::string& start) {
  const auto file = find_project_file(start);
  if (!file) return Project{};
  return load_project(*file, diags);
}

}  // namespace schemashift::project
