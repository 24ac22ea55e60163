#include "db/pg_session.hpp"

namespace schemashift::db {

namespace {

ConnectOptions runner_options(const std::string& url, std::chrono::seconds connect_timeout) {
  ConnectOptions options;
  options.url = url;
  options.connect_timeout = connect_timeout;
  options.statement_timeout = std::chrono::milliseconds(0);
  return options;
}

}  // namespace

PgSession::PgSession(const std::string& url, std::chrono::seconds connect_timeout)
    : connection_(runner_options(url, connect_timeout)) {
  // A killed runner must not leave its work running: by default a backend notices that
  // its client is gone only when it next talks to it, so a CREATE INDEX CONCURRENTLY or a
  // backfill would go on (holding the runner's advisory lock) for as long as it takes.
  // PostgreSQL 14+ can check the socket while a query runs; where the platform does not
  // support it, the SET fails and the server's default behaviour stays.
  if (connection_.server_version() >= 140000) connection_.send("SET client_connection_check_interval = 1000");
}

runner::Result PgSession::execute(const std::string& sql) {
  Connection::Sent sent = connection_.send(sql);
  runner::Result result;
  if (sent.failure) {
    result.ok = false;
    result.sqlstate = sent.failure->sqlstate;
    result.message = sent.failure->message;
    // libpqxx passes libpq's text on: "ERROR:  canceling statement due to lock timeout".
    for (const char* prefix : {"ERROR:  ", "FATAL:  "}) {
      if (result.message.rfind(prefix, 0) == 0) result.message.erase(0, std::char_traits<char>::length(prefix));
    }
  }
  result.columns = std::move(sent.columns);
  result.rows = std::move(sent.rows);
  return result;
}

void PgSession::on_notice(std::function<void(const std::string&)> handler) { connection_.on_notice(std::move(handler)); }

std::string PgSession::describe() const { return connection_.display_url(); }

}  // namespace schemashift::db
