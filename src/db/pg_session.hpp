#pragma once
// The runner's session (runner/session.hpp) on a real PostgreSQL connection.
#include <memory>
#include <string>

#include "db/connection.hpp"
#include "runner/session.hpp"

namespace schemashift::db {

class PgSession final : public runner::Session {
 public:
  // Connects without a statement_timeout (a backfill runs as long as it needs; each file
  // sets its own) and as application_name "schemashift". Throws db::Error.
  explicit PgSession(const std::string& url);
  runner::Result execute(const std::string& sql) override;
  void on_notice(std::function<void(const std::string&)> handler) override;
  std::string describe() const override;

 private:
  Connection connection_;
};

}  // namespace schemashift::db
