#include "project/new_spec.hpp"

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/text.hpp"
#include "project/changes.hpp"
#include "project/new_file.hpp"

namespace schemashift::project {

namespace fs = std::filesystem;

namespace {

// A YAML double-quoted scalar: JSON's string syntax is a subset of it, so any title
// (colons, #, quotes, a leading dash) reads back as written.
std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

// `schema:` as the spec writes it: relative to the spec's own folder.
std::string schema_value(const Service& service) {
  if (!service.schema.database.empty()) return fmt::format("{{database: {}}}", quoted(service.schema.database));
  const fs::path schema(service.schema.path);
  const fs::path changes(service.changes);
  if (schema.is_absolute() != changes.is_absolute()) return quoted(fs::absolute(schema).lexically_normal().string());
  const fs::path rel = schema.lexically_relative(changes.empty() ? fs::path(".") : changes);
  return quoted(rel.empty() ? schema.string() : rel.string());
}

std::string settings_block(const Defaults& d) {
  std::string out;
  if (d.lock_timeout) out += fmt::format("  lock_timeout: {}\n", d.lock_timeout->text);
  if (d.statement_timeout) out += fmt::format("  statement_timeout: {}\n", d.statement_timeout->text);
  if (d.retries) out += fmt::format("  lock_retries: {}\n", *d.retries);
  if (d.batch_size) out += fmt::format("  batch_size: {}\n", *d.batch_size);
  if (d.batch_delay) out += fmt::format("  batch_pause: {}\n", d.batch_delay->text);
  return out.empty() ? out : "settings:                 # the project's defaults (.schemashift.yaml)\n" + out;
}

}  // namespace

std::string new_spec_path(const Service& service, const NewSpec& spec) {
  std::string slug = core::slugify(spec.title);
  for (char& c : slug) c = c == '_' ? '-' : c;
  const std::string name = slug.empty() ? std::to_string(spec.issue) : fmt::format("{}-{}", spec.issue, slug);
  return (fs::path(service.changes) / (name + ".yaml")).lexically_normal().string();
}

std::string new_spec_text(const Service& service, const Defaults& defaults, const NewSpec& spec) {
  std::string out = fmt::format(
      "# Change spec for issue {issue} ({service}); the format: docs/spec-format.md.\n"
      "# Describe the change under `operations:`, then preview it from this folder with\n"
      "#   schemashift plan --spec {file}\n"
      "issue: {issue}\n"
      "title: {title}\n"
      "purpose: |\n"
      "  TODO: why this change is needed, what will use it, and what happens to existing rows.\n"
      "author: {author}\n"
      "created: {created}\n"
      "service: {service}\n"
      "schema: {schema}\n",
      fmt::arg("issue", spec.issue), fmt::arg("service", service.name),
      fmt::arg("file", fs::path(new_spec_path(service, spec)).filename().string()),
      fmt::arg("title", quoted(spec.title)),
      fmt::arg("author", quoted(spec.author.empty() ? "TODO: Name <name@example.com>" : spec.author)),
      fmt::arg("created", spec.created.iso()), fmt::arg("schema", schema_value(service)));
  out += settings_block(defaults);
  out +=
      "operations:\n"
      "  # An example: uncomment it, name a table of the schema, and plan. Every operation\n"
      "  # (add_column, add_index, rename_column, change_column_type, ...) is in the doc.\n"
      "  # - add_column:\n"
      "  #     table: users\n"
      "  #     column: {name: email_verified, type: boolean, nullable: false, default: false}\n";
  return out;
}

WrittenSpec write_new_spec(const Service& service, const Defaults& defaults, const NewSpec& spec) {
  const std::string path = new_spec_path(service, spec);
  const std::string refused = path + " already exists; `new` never replaces a spec";
  // A second spec of the same issue in one service makes `plan --issue N` ambiguous.
  for (const auto& other : list_specs(service.changes)) {
    if (other.issue == spec.issue && other.path != path) {
      throw core::Error(fmt::format("issue {} already has a spec in {}: {}\n  hint: edit that spec (a change may hold "
                                    "many operations), or give this change its own issue number",
                                    spec.issue, service.changes, other.path),
                        core::ExitCode::Refused);
    }
  }
  std::error_code ec;
  const fs::path folder = fs::path(path).parent_path();
  if (!folder.empty()) fs::create_directories(folder, ec);
  if (ec) throw core::Error("cannot create " + folder.string() + ": " + ec.message());
  WrittenSpec out{path, new_spec_text(service, defaults, spec)};
  write_new_file(path, out.text, refused);
  return out;
}

}  // namespace schemashift::project
