#include "spec/change_spec.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/text.hpp"
#include "spec/field_reader.hpp"
#include "spec/schema_ref.hpp"
#include "spec/yaml_document.hpp"

namespace schemashift::spec {

namespace fs = std::filesystem;

const char* strategy_name(Strategy s) { return s == Strategy::Online ? "online" : "offline"; }

namespace {

void read_settings(const core::Node& n, Settings& s, core::Diagnostics& diags) {
  FieldReader r(n, "settings", diags);
  if (!r.ok()) return;
  if (auto v = r.duration_ms("lock_timeout")) s.lock_timeout_ms = *v;
  if (auto v = r.duration_ms("statement_timeout")) s.statement_timeout_ms = *v;
  if (auto v = r.integer("lock_retries", false, 0, 100)) s.lock_retries = *v;
  if (auto v = r.integer("batch_size", false, 1, 1'000'000)) s.batch_size = *v;
  if (auto v = r.duration_ms("batch_time")) s.batch_time_ms = *v;
  if (auto v = r.integer("batch_max", false, 1, 1'000'000)) s.batch_max = *v;
  if (auto v = r.duration_ms("batch_pause")) s.batch_pause_ms = *v;
  if (auto v = r.integer("batch_pause_percent", false, 0, 1000)) s.batch_pause_percent = *v;
  if (auto v = r.integer("pg_version", false, 11, 17)) s.pg_version = static_cast<int>(*v);
  r.finish();
  if (s.lock_timeout_ms > 10'000) {
    diags.warning("long-lock-timeout", r.where("lock_timeout"),
                  "lock_timeout above 10s lets a queued DDL statement block all traffic on its table that long",
                  "keep it in the hundreds of milliseconds and let retries do the waiting");
  }
}

void read_rows(const core::Node& n, ChangeSpec& spec, core::Diagnostics& diags) {
  if (!expect_map(n, "rows", diags)) return;
  for (const auto& e : n.entries) {
    const core::Node& v = e.value;
    long long count = -1;
    if (v.is_scalar() && !v.quoted) {
      try {
        std::size_t used = 0;
        count = std::stoll(v.scalar, &used);
        if (used != v.scalar.size()) count = -1;
      } catch (...) {
        count = -1;
      }
    }
    if (count < 0) {
      diags.error("wrong-type", v.where, "row count for `" + e.key + "` must be a whole number >= 0",
                  "write e.g. `" + e.key + ": 2000000`");
      continue;
    }
    spec.rows[e.key] = count;
    spec.rows_where[e.key] = e.key_where;
  }
}

void read_operations(const core::Node& n, ChangeSpec& spec, core::Diagnostics& diags) {
  if (!n.is_sequence()) {
    diags.error("wrong-type", n.where, "`operations` must be a list, got " + std::string(n.kind_name()),
                "write one `- operation_name: {...}` item per change");
    return;
  }
  if (n.items.empty()) {
    diags.error("empty-operations", n.where, "`operations` is empty", "add at least one operation");
  }
  for (const auto& item : n.items) {
    if (!item.is_map() || item.entries.size() != 1) {
      diags.error("wrong-type", item.where,
                  "each operation must be a map with exactly one key, the operation name",
                  "write `- add_column: {table: users, column: {...}}`");
      continue;
    }
    const core::MapEntry& e = item.entries.front();
    spec.operations.push_back({e.key, e.key_where, e.value});
  }
}

}  // namespace

std::optional<ChangeSpec> parse_change_spec(const std::string& text, const std::string& path,
                                            core::Diagnostics& diags, const SchemaRef* default_schema) {
  auto doc = parse_yaml(text, path, diags);
  if (!doc) return std::nullopt;
  if (doc->is_null()) {
    diags.error("empty-spec", {path, 1, 1}, "the spec is empty", "start from a sample in samples/");
    return std::nullopt;
  }
  FieldReader r(*doc, "the spec", diags);
  if (!r.ok()) return std::nullopt;

  ChangeSpec spec;
  spec.path = path;
  if (auto v = r.integer("issue", true, 1)) spec.issue = *v;
  if (auto v = r.string("title", true)) spec.title = core::trim(*v);
  if (auto v = r.string("purpose", true)) spec.purpose = core::trim(*v);
  if (auto v = r.string("author", true)) spec.author = core::trim(*v);
  if (auto v = r.string("created", true)) {
    if (auto t = core::Timestamp::parse(core::trim(*v))) {
      spec.created = *t;
    } else {
      r.error("created", "`created` must be a UTC timestamp like 2024-01-15T14:30:22Z, got '" + *v + "'",
              "versions and file names derive from it, so it must be exact");
    }
  }
  if (auto v = r.string("service")) spec.service = core::trim(*v);
  if (auto v = r.string("name")) {
    spec.name = core::slugify(*v);
    if (spec.name.empty()) r.error("name", "`name` must contain letters or digits");
  }
  if (spec.name.empty()) spec.name = core::slugify(spec.title);
  if (auto ref = read_schema_ref(r, "schema", default_schema == nullptr, diags)) {
    spec.schema_where = ref->where;
    spec.schema_database = ref->database;
    spec.schema_before = ref->before;
    if (ref->database.empty()) {
      const fs::path p(ref->path);
      spec.schema_path = p.is_absolute() ? p.string() : (fs::path(path).parent_path() / p).lexically_normal().string();
    }
  } else if (default_schema && !r.has("schema")) {
    // The service's schema, as the project file resolved it: not relative to the spec.
    spec.schema_where = default_schema->where;
    spec.schema_database = default_schema->database;
    spec.schema_path = default_schema->database.empty() ? default_schema->path : "";
  }
  if (const core::Node* n = r.node("rows")) read_rows(*n, spec, diags);
  if (const core::Node* n = r.node("settings")) read_settings(*n, spec.settings, diags);
  if (auto v = r.choice("strategy", {"online", "offline"})) {
    spec.strategy = *v == "offline" ? Strategy::Offline : Strategy::Online;
  }
  if (const core::Node* n = r.node("operations", true)) read_operations(*n, spec, diags);
  r.finish();
  return spec;
}

std::optional<ChangeSpec> read_change_spec(const std::string& path, core::Diagnostics& diags,
                                           const SchemaRef* default_schema) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error("unreadable-spec", {path, 0, 0}, "cannot read the spec file",
                "check the path; `schemashift scaffold --issue N` looks in changes/");
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_change_spec(ss.str(), path, diags, default_schema);
}

}  // namespace schemashift::spec
