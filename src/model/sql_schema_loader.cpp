// The schema loader's entry points and statement dispatch, and the source text of
// expressions (DEFAULT, CHECK) cut from the statement being loaded.
#include "model/sql_schema_loader.hpp"

#include "model/schema_loader.hpp"
#include "sql/node_text.hpp"
#include "sql/parser.hpp"

namespace schemashift::model::loader {

using sql::tree::json;
using namespace sql::tree;

std::optional<Schema> SchemaLoader::run() {
  if (!index_) index_ = &own_index_;
  const sql::Script script = sql::parse_script(script_);
  if (script.error) {
    diags_.error("sql-syntax", {file_, script.error->line, script.error->column}, script.error->message,
                 "the schema file must be valid PostgreSQL DDL, e.g. the output of pg_dump --schema-only");
    return std::nullopt;
  }
  for (const auto& st : script.statements) {
    try {
      load_statement(st);
    } catch (const json::exception& e) {
      // A tree shape this loader does not expect: report it rather than abort the run.
      diags_.warning("unsupported-statement", {file_, st.line, st.column},
                     std::string("statement could not be read into the schema model (") + e.what() + ")");
    }
  }
  resolve_foreign_key_columns();
  return std::move(schema_);
}

Schema SchemaLoader::apply(Schema schema, const sql::Statement& st) {
  schema_ = std::move(schema);
  incremental_ = true;
  try {
    load_statement(st);
    resolve_foreign_key_columns();
  } catch (const json::exception&) {
    // A tree shape the loader does not follow: the schema simply does not learn from it.
  }
  return std::move(schema_);
}

core::SourceLocation SchemaLoader::location_of(std::size_t offset) const {
  core::SourceLocation where{file_, 0, 0};
  sql::offset_to_line_col(script_, offset, where.line, where.column);
  return where;
}

core::SourceLocation SchemaLoader::statement_location() const {
  return {file_, statement_->line, statement_->column};
}

void SchemaLoader::warn_unsupported(const std::string& what) {
  diags_.warning("unsupported-statement", statement_location(), what + " is not reflected in the schema model",
                 "plans that touch this object may be wrong; apply the change to the schema file by hand");
}

void SchemaLoader::load_statement(const sql::Statement& st) {
  statement_ = &st;
  source_.reset();
  if (st.tree.empty()) return;
  const std::string kind = st.tree.items().begin().key();
  const json& body = st.tree.items().begin().value();

  if (kind == "CreateStmt") return load_create_table(body);
  if (kind == "AlterTableStmt") return load_alter_table(body);
  if (kind == "IndexStmt") return load_index(body);
  if (kind == "CommentStmt") return load_comment(body);
  if (kind == "CreateFunctionStmt") return load_function(body);
  if (kind == "CreateTrigStmt") return load_trigger(body);
  if (kind == "CreateTableAsStmt") return load_create_table_as(body);
  if (incremental_ && kind == "RenameStmt") return apply_rename(body);
  if (incremental_ && kind == "DropStmt") return apply_drop(body);
  if (kind == "RenameStmt" || kind == "DropStmt") return warn_if_table_changed(kind, body);
  load_named_object(kind, body);
  // Everything else (SET, SELECT set_config(...), CREATE SCHEMA, sequences' OWNED BY,
  // OWNER TO, GRANT, policies ...) does not affect what a migration may do.
}

const sql::SourceText& SchemaLoader::source() const {
  if (!source_) source_.emplace(sql::source_of(*statement_));
  return *source_;
}

// DEFAULT <expr> in a column definition; `limit` is where the column's next clause starts.
std::string SchemaLoader::default_text(const json& con, std::size_t limit) const {
  return sql::column_default_text(source(), con.value("location", std::size_t{0}), limit);
}

std::string SchemaLoader::set_default_text(const json& expr) const { return sql::set_default_text(source(), expr); }

std::string SchemaLoader::check_text(const json& con) const {
  return sql::check_text(source(), con.value("location", std::size_t{0}));
}

}  // namespace schemashift::model::loader

namespace schemashift::model {

using loader::SchemaLoader;

std::optional<Schema> load_schema_sql(const std::string& sql_text, const std::string& file_name,
                                      core::Diagnostics& diags) {
  return SchemaLoader(sql_text, file_name, diags).run();
}

void apply_statement(Schema& schema, const std::string& script, const sql::Statement& statement) {
  core::Diagnostics ignored;  // the linter reports problems through its own rules
  schema = SchemaLoader(script, "", ignored).apply(std::move(schema), statement);
}

void SchemaFollower::apply(const std::string& script, const sql::Statement& statement) {
  core::Diagnostics ignored;  // as apply_statement
  schema_ = SchemaLoader(script, "", ignored, index_).apply(std::move(schema_), statement);
}

std::optional<Schema> replay_migrations(const std::vector<MigrationScript>& files, core::Diagnostics& diags) {
  Schema schema;
  SchemaIndex index;  // one schema from the first file to the last
  for (const auto& file : files) {
    const sql::Script script = sql::parse_script(file.text);
    if (script.error) {
      diags.error("sql-syntax", {file.path, script.error->line, script.error->column}, script.error->message,
                  "every migration of the folder named by `schema:` must be valid PostgreSQL; "
                  "`schemashift lint " + file.path + "` shows the same error");
      return std::nullopt;
    }
    SchemaLoader loader(file.text, file.path, diags, &index);
    for (const auto& st : script.statements) schema = loader.apply(std::move(schema), st);
  }
  return schema;
}

}  // namespace schemashift::model
