#include "verify/relation_snapshot.hpp"

#include "core/error.hpp"
#include "sql/quote.hpp"

namespace schemashift::verify {

const char* relation_kind_name(RelationKind k) {
  switch (k) {
    case RelationKind::Table: return "table";
    case RelationKind::Index: return "index";
    case RelationKind::Sequence: return "sequence";
    case RelationKind::View: return "view";
    case RelationKind::Other: return "relation";
  }
  return "relation";
}

namespace {

RelationKind kind_of(const std::string& relkind) {
  if (relkind == "r" || relkind == "p" || relkind == "m" || relkind == "f") return RelationKind::Table;
  if (relkind == "i" || relkind == "I") return RelationKind::Index;
  if (relkind == "S") return RelationKind::Sequence;
  if (relkind == "v") return RelationKind::View;
  return RelationKind::Other;
}

const std::string& text(const runner::Row& row, std::size_t i) {
  static const std::string empty;
  return i < row.size() && row[i] ? *row[i] : empty;
}

runner::Result must(runner::Session& session, const std::string& sql, const char* what) {
  runner::Result r = session.execute(sql);
  if (!r.ok) throw core::Error(std::string("could not read ") + what + ": " + r.message + " (SQLSTATE " + r.sqlstate + ")");
  return r;
}

}  // namespace

RelationSnapshot snapshot_relations(runner::Session& session, const std::string& skip_schema) {
  // format('%I.%I') quotes as PostgreSQL's own regclass output does; the scan counter of
  // the current transaction is what makes a validation scan visible before COMMIT.
  const std::string sql =
      "SELECT c.oid::text, format('%I.%I', n.nspname, c.relname), n.nspname, c.relname, c.relkind::text, "
      "c.relfilenode::text, coalesce(pg_stat_get_xact_numscans(c.oid), 0)::text "
      "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', " + sql::quote_literal(skip_schema) + ") "
      "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' "
      "AND c.relkind IN ('r', 'p', 'm', 'f', 'i', 'I', 'S', 'v')";
  const runner::Result r = must(session, sql, "the relations");
  RelationSnapshot out;
  for (const auto& row : r.rows) {
    RelationState s;
    s.name = text(row, 1);
    s.schema = text(row, 2);
    s.relname = text(row, 3);
    s.kind = kind_of(text(row, 4));
    s.filenode = text(row, 5);
    s.scans = std::stoll(text(row, 6).empty() ? std::string("0") : text(row, 6));
    out.emplace(text(row, 0), std::move(s));
  }
  return out;
}

std::string relation_locks_sql(long long pid) {
  const std::string who = pid == 0 ? std::string("pg_catalog.pg_backend_pid()") : std::to_string(pid);
  return "SELECT l.relation::oid::text, l.mode FROM pg_catalog.pg_locks l WHERE l.pid = " + who +
         " AND l.locktype = 'relation' AND l.granted AND l.database = "
         "(SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())";
}

std::set<HeldLock> parse_relation_locks(const runner::Result& r) {
  std::set<HeldLock> out;
  for (const auto& row : r.rows) {
    const analyze::LockMode m = lock_mode_from_pg_locks(text(row, 1));
    if (m != analyze::LockMode::None) out.emplace(text(row, 0), m);
  }
  return out;
}

std::set<HeldLock> relation_locks(runner::Session& session, long long pid) {
  return parse_relation_locks(must(session, relation_locks_sql(pid), "pg_locks"));
}

analyze::LockMode lock_mode_from_pg_locks(const std::string& mode) {
  for (int i = static_cast<int>(analyze::LockMode::AccessShare); i <= static_cast<int>(analyze::LockMode::AccessExclusive);
       ++i) {
    const auto m = static_cast<analyze::LockMode>(i);
    if (mode == analyze::lock_mode_pg_locks(m)) return m;
  }
  return analyze::LockMode::None;
}

}  // namespace schemashift::verify
