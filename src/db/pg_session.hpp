#pragma once
// The runner's session (runner/session.hpp) on a real PostgreSQL connection.
#include <chrono>
#include <memory>
#include <string>

#include "db/connection.hpp"
#include "runner/session.hpp"

namespace schemashift::db {

class PgSession final : public runner::Session {
 public:
  // Connects without a statement_timeout (a backfill runs as long as it needs; each file
  // sets its own) and as application_name "schemashift". Throws db::Error.
  // `connect_timeout`: how long an unreachable server may take to refuse.
  explicit PgSession(const std::string& url, std::chrono::seconds connect_timeout = std::chrono::seconds(10));
  runner::Result execute(const std::string& sql) override;
  void on_notice(std::function<void(const std::string&)> handler) override;
  std::string describe() const override;

 private:
  Connection connection_;
};

}  // namespace schemashift::db
