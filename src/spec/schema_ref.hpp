#pragma once
// `schema:` as written, in a change spec or a service of the project file: a path (a
// `pg_dump --schema-only` file or a folder of migrations, told apart when it is read) or
// `{database: ENV_VAR_OR_URL}`. One reader, so both files accept exactly the same forms.
#include <optional>
#include <string>

#include "core/diagnostics.hpp"
#include "spec/field_reader.hpp"

namespace schemashift::spec {

struct SchemaRef {
  std::string path;      // as written (trimmed); the caller resolves it against its own folder
  std::string database;  // an environment variable's name or a URL, as written (trimmed)
  core::SourceLocation where;  // of the path, or of `database:`'s value
  // `{folder: PATH, before: VERSION}`: only the folder's migrations whose file name starts
  // with a version below VERSION (`schemashift import` names each spec's schema so).
  std::string before{};
};

// Reads `key` of `r` (marking it known). nullopt when absent (a missing-key error when
// `required`) or invalid (the error is in `diags`).
std::optional<SchemaRef> read_schema_ref(FieldReader& r, const std::string& key, bool required,
                                         core::Diagnostics& diags);

}  // namespace schemashift::spec
