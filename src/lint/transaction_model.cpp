#include "lint/transaction_model.hpp"

#include <filesystem>
#include <fstream>

#include "core/text.hpp"

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
      if (core::starts_with(f.text, kNoTransactionMarker)) {
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

}  // namespace schemashift::lint
