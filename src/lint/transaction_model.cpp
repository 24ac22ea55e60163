#include "lint/transaction_model.hpp"

#include <filesystem>
#include <fstream>

#include "core/text.hpp"
#include "lint/migration_names.hpp"

namespace schemashift::lint {

namespace fs = std::filesystem;
using analyze::FileTransaction;

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

std::optional<std::string> diesel_metadata_disables_transaction(const std::string& sql_path) {
  std::ifstream in(fs::path(sql_path).parent_path() / "metadata.toml");
  std::string line;
  while (std::getline(in, line)) {
    const std::string t = core::trim(line.substr(0, line.find('#')));
    const auto eq = t.find('=');
    if (eq == std::string::npos) continue;
    if (core::trim(t.substr(0, eq)) == "run_in_transaction" && core::trim(t.substr(eq + 1)) == "false") {
      return std::string("metadata.toml: run_in_transaction = false");
    }
  }
  return std::nullopt;
}

namespace {

void set(InputFile& f, FileTransaction transaction, std::string reason) {
  f.transaction = transaction;
  f.transaction_reason = std::move(reason);
}

}  // namespace

void assign_transaction(InputFile& f, bool assume_in_transaction) {
  if (assume_in_transaction) return set(f, FileTransaction::Whole, "--assume-in-transaction");
  switch (f.follows_layout ? f.layout : Layout::Sql) {
    case Layout::Flyway:
      if (auto why = flyway_conf_disables_transaction(f.path)) return set(f, FileTransaction::None, *why);
      return set(f, FileTransaction::FlywayAuto, "Flyway: one transaction unless every statement must run outside one");
    case Layout::Sqlx:
      if (core::starts_with(f.text, kNoTransactionMarker)) {
        return set(f, FileTransaction::MultiStatement, "sqlx -- no-transaction: the file is sent as one query string");
      }
      return set(f, FileTransaction::Whole, "sqlx: BEGIN; <file>; COMMIT");
    case Layout::GolangMigrate:
      return set(f, FileTransaction::MultiStatement, "golang-migrate: the file is sent as one query string");
    case Layout::Popx:
      // popx wraps a migration in a transaction unless its name says .autocommit; the
      // autocommit runner sends the file as one query string (implicit transaction).
      if (auto n = parse_popx_name(f.name); n && n->autocommit) {
        return set(f, FileTransaction::MultiStatement, "popx .autocommit: the file is sent as one query string");
      }
      return set(f, FileTransaction::Whole, "popx: one transaction per file");
    case Layout::Diesel:
      if (auto why = diesel_metadata_disables_transaction(f.path)) {
        return set(f, FileTransaction::MultiStatement, *why + ": the file is sent as one query string");
      }
      return set(f, FileTransaction::Whole, "diesel: one transaction per migration");
    case Layout::Auto:
    case Layout::Sql: return set(f, FileTransaction::None, "psql -f: autocommit");
  }
}

}  // namespace schemashift::lint
