#pragma once
// A PostgreSQL connection for the commands that talk to a database (lint --database-url;
// the runner's session, advisory lock and history table build on it). libpqxx stays
// behind this header: no pqxx or libpq type appears in it, so nothing outside db/ needs
// their headers, and libpq is loaded only when a connection is opened (libpq_loader.cpp).
//
// Every failure is a db::Error: the one environment error type (core::Error, exit 3)
// carrying a db::Failure value with the SQLSTATE, so callers can tell a lock timeout
// (55P03) from a missing table (42P01) without parsing messages. Messages never contain
// the password of the URL.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace schemashift::db {

// What went wrong, as a value: SQLSTATE (five characters; "08001" when no connection
// could be established, "" when the server sent none) and PostgreSQL's primary message.
struct Failure {
  std::string sqlstate;
  std::string message;
};

class Error : public core::Error {
 public:
  Error(const std::string& what, Failure failure)
      : core::Error(what, core::ExitCode::Environment), failure_(std::move(failure)) {}
  const Failure& failure() const { return failure_; }

 private:
  Failure failure_;
};

struct ConnectOptions {
  std::string url;  // postgresql://user@host:5432/db?... or "host=... dbname=..."; "" = libpq defaults (PG* env)
  // libpq waits minutes for an unreachable host by default; a command line tool should not.
  std::chrono::seconds connect_timeout{10};
  std::chrono::milliseconds statement_timeout{30000};  // 0 = none
  // Shown in pg_stat_activity (who holds a lock); the URL's own application_name wins.
  std::string application_name = "schemashift";
};

// One row of a result: each column's text, nullopt for NULL.
using Row = std::vector<std::optional<std::string>>;

class Connection {
 public:
  // Connects and sets the session's statement_timeout. Throws db::Error.
  explicit Connection(const ConnectOptions& options);
  ~Connection();
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` in a READ ONLY transaction and returns its rows. Throws db::Error.
  std::vector<Row> query_read_only(const std::string& sql);
  // Runs `sql` on its own (autocommit), for statements that must not run in a transaction
  // block. Throws db::Error.
  void execute(const std::string& sql);

  // Sends `sql` as one simple query, exactly as given: BEGIN and COMMIT travel as
  // statements, so the caller owns the session's transaction state (the runner). A
  // statement the server rejects comes back as a Failure; only a lost connection throws.
  struct Sent {
    std::optional<Failure> failure;
    std::vector<std::string> columns;
    std::vector<Row> rows;
  };
  Sent send(const std::string& sql);
  // Each NOTICE/WARNING the server sends ("NOTICE:  " prefix and newline removed); null stops.
  void on_notice(std::function<void(const std::string&)> handler);

  // The URL with any password replaced by ***, for messages.
  const std::string& display_url() const;
  int server_version() const;  // e.g. 150004

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The URL or key=value connection string with its password replaced by ***.
std::string redact_url(const std::string& url);

// The connection string with `key=value` added unless it already sets `key`:
// "postgresql://h/db" -> "postgresql://h/db?connect_timeout=10", "host=h" -> "host=h connect_timeout=10".
std::string with_default_parameter(const std::string& url, const std::string& key, const std::string& value);

}  // namespace schemashift::db
