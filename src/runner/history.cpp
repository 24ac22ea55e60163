#include "runner/history.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "sql/quote.hpp"

namespace schemashift::runner {

namespace {

constexpr const char* kStatuses[] = {"running", "success", "failed", "reverting", "rolled_back"};

std::string literal_or_null(const std::optional<int>& v) { return v ? std::to_string(*v) : "NULL"; }

std::string text_or_null(const std::string& s) { return s.empty() ? "NULL" : sql::quote_literal(s); }

const std::string& cell(const Row& row, std::size_t i) {
  static const std::string empty;
  return i < row.size() && row[i] ? *row[i] : empty;
}

std::optional<long long> number(const Row& row, std::size_t i) {
  if (i >= row.size() || !row[i] || row[i]->empty()) return std::nullopt;
  return std::stoll(*row[i]);
}

}  // namespace

const char* row_status_sql(RowStatus s) { return kStatuses[static_cast<int>(s)]; }

std::optional<RowStatus> parse_row_status(const std::string& s) {
  for (int i = 0; i < 5; ++i) {
    if (s == kStatuses[i]) return static_cast<RowStatus>(i);
  }
  return std::nullopt;
}

Result must(Session& session, const std::string& sql, const std::string& what) {
  Result r = session.execute(sql);
  if (!r.ok) {
    std::string hint;
    if (r.sqlstate == "42501") hint = "; hint: the role needs CREATE on the database (or use --history-schema with a schema it owns)";
    throw core::Error("cannot " + what + " on " + session.describe() + ": " + r.message + " (SQLSTATE " + r.sqlstate + ")" + hint);
  }
  return r;
}

History::History(std::string schema) : schema_(std::move(schema)) {}

std::string History::table_sql() const { return sql::quote_ident(schema_) + ".history"; }

void History::ensure(Session& session) const {
  // Run under the runner's advisory lock, so two runners never race to create it.
  must(session, "CREATE SCHEMA IF NOT EXISTS " + sql::quote_ident(schema_), "create the history schema " + schema_);
  must(session, fmt::format(R"(CREATE TABLE IF NOT EXISTS {} (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version            text NOT NULL,
  name               text NOT NULL,
  issue              integer,
  phase              text NOT NULL DEFAULT '',
  checksum           text NOT NULL,
  status             text NOT NULL CHECK (status IN ('running', 'success', 'failed', 'reverting', 'rolled_back')),
  applied_at         timestamptz NOT NULL DEFAULT now(),
  applied_by         text NOT NULL DEFAULT current_user,
  duration_ms        bigint,
  attempts           integer NOT NULL DEFAULT 1,
  statements_done    integer NOT NULL DEFAULT 0,
  error              text,
  reverted_at        timestamptz,
  reverted_by        text,
  revert_duration_ms bigint
))",
                            table_sql()),
       "create the history table " + table_sql());
  // The result of each issue's verify.sql checks, every time they ran.
  must(session, fmt::format(R"(CREATE TABLE IF NOT EXISTS {}.verification (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  issue      integer NOT NULL,
  check_name text NOT NULL,
  ok         boolean NOT NULL,
  error      text,
  checked_at timestamptz NOT NULL DEFAULT now()
))",
                            sql::quote_ident(schema_)),
       "create the verification table in " + schema_);
  // Every checksum `schemashift repair` replaced: what was applied, and who said the new
  // bytes are fine.
  must(session, fmt::format(R"(CREATE TABLE IF NOT EXISTS {}.checksum_changes (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  history_id   bigint NOT NULL,
  version      text NOT NULL,
  old_checksum text NOT NULL,
  new_checksum text NOT NULL,
  accepted_at  timestamptz NOT NULL DEFAULT now(),
  accepted_by  text NOT NULL DEFAULT current_user
))",
                            sql::quote_ident(schema_)),
       "create the checksum_changes table in " + schema_);
  // Added after the first release: tables created before it gain the column here (the
  // short spelling without COLUMN: the same statement).
  must(session, "ALTER TABLE " + table_sql() + " ADD IF NOT EXISTS resume_key jsonb",
       "add resume_key to the history table " + table_sql());
}

bool History::exists(Session& session) const {
  const Result r = must(session, "SELECT to_regclass(" + sql::quote_literal(table_sql()) + ") IS NOT NULL",
                        "look for the history table");
  return !r.rows.empty() && cell(r.rows[0], 0) == "t";
}

std::vector<HistoryRow> History::load(Session& session) const {
  const Result r = must(session,
                        "SELECT id, version, name, issue, phase, checksum, status, "
                        "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), applied_by, "
                        "duration_ms, attempts, statements_done, coalesce(error, ''), "
                        "coalesce(to_char(reverted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''), "
                        "revert_duration_ms, (to_jsonb(h) -> 'resume_key')::text FROM " +
                            table_sql() + " AS h ORDER BY id",
                        "read the history table " + table_sql());
  std::vector<HistoryRow> rows;
  rows.reserve(r.rows.size());
  for (const auto& row : r.rows) {
    HistoryRow h;
    h.id = number(row, 0).value_or(0);
    h.version = cell(row, 1);
    h.name = cell(row, 2);
    if (auto issue = number(row, 3)) h.issue = static_cast<int>(*issue);
    h.phase = cell(row, 4);
    h.checksum = cell(row, 5);
    h.status = parse_row_status(cell(row, 6)).value_or(RowStatus::Failed);
    h.applied_at = cell(row, 7);
    h.applied_by = cell(row, 8);
    h.duration_ms = number(row, 9);
    h.attempts = static_cast<int>(number(row, 10).value_or(1));
    h.statements_done = static_cast<int>(number(row, 11).value_or(0));
    h.error = cell(row, 12);
    h.reverted_at = cell(row, 13);
    h.revert_duration_ms = number(row, 14);
    h.resume = parse_resume_point(cell(row, 15));
    rows.push_back(std::move(h));
  }
  return rows;
}

std::vector<HistoryRow> History::load_if_exists(Session& session) const {
  return exists(session) ? load(session) : std::vector<HistoryRow>{};
}

std::string History::insert_sql(const HistoryRow& row) const {
  return fmt::format(
      "INSERT INTO {} (version, name, issue, phase, checksum, status, duration_ms, attempts, error) "
      "VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}) RETURNING id",
      table_sql(), sql::quote_literal(row.version), sql::quote_literal(row.name), literal_or_null(row.issue),
      sql::quote_literal(row.phase), sql::quote_literal(row.checksum), sql::quote_literal(row_status_sql(row.status)),
      row.duration_ms.value_or(0), row.attempts, text_or_null(row.error));
}

std::string History::finish_sql(long long id, RowStatus status, long long duration_ms, int attempts,
                                const std::string& error) const {
  return fmt::format("UPDATE {} SET status = {}, duration_ms = {}, attempts = {}, error = {} WHERE id = {}", table_sql(),
                     sql::quote_literal(row_status_sql(status)), duration_ms, attempts, text_or_null(error), id);
}

std::string History::progress_sql(long long id, int statements_done, int attempts) const {
  return fmt::format("UPDATE {} SET statements_done = {}, attempts = {}, resume_key = NULL WHERE id = {}", table_sql(),
                     statements_done, attempts, id);
}

std::string History::resume_point_sql(long long id) const {
  return fmt::format("SELECT resume_key::text FROM {} WHERE id = {}", table_sql(), id);
}

std::string History::start_revert_sql(long long id) const {
  return fmt::format("UPDATE {} SET status = 'reverting', statements_done = 0, resume_key = NULL WHERE id = {}", table_sql(), id);
}

std::string History::finish_revert_sql(long long id, long long duration_ms) const {
  return fmt::format(
      "UPDATE {} SET status = 'rolled_back', reverted_at = now(), reverted_by = current_user, "
      "revert_duration_ms = {} WHERE id = {}",
      table_sql(), duration_ms, id);
}

std::string History::accept_checksum_sql(const HistoryRow& row, const std::string& checksum) const {
  return fmt::format(
      "INSERT INTO {}.checksum_changes (history_id, version, old_checksum, new_checksum) VALUES ({}, {}, {}, {}); "
      "UPDATE {} SET checksum = {} WHERE id = {}",
      sql::quote_ident(schema_), row.id, sql::quote_literal(row.version), sql::quote_literal(row.checksum),
      sql::quote_literal(checksum), table_sql(), sql::quote_literal(checksum), row.id);
}

std::string History::check_sql(int issue, const std::string& name, bool ok, const std::string& error) const {
  return fmt::format("INSERT INTO {}.verification (issue, check_name, ok, error) VALUES ({}, {}, {}, {})",
                     sql::quote_ident(schema_), issue, sql::quote_literal(name), ok ? "true" : "false",
                     text_or_null(error));
}

}  // namespace schemashift::runner
