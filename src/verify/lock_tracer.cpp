#include "verify/lock_tracer.hpp"

#include <chrono>
#include <thread>

#include "core/error.hpp"

namespace schemashift::verify {

namespace {

bool is_begin(const std::string& sql) { return sql == "BEGIN" || sql.rfind("BEGIN ", 0) == 0; }
bool is_end(const std::string& sql) { return sql == "COMMIT" || sql == "ROLLBACK"; }

std::chrono::milliseconds since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t);
}

}  // namespace

TracingSession::TracingSession(runner::Session& inner, runner::Session* watcher, std::string skip_schema)
    : inner_(inner), watcher_(watcher), skip_schema_(std::move(skip_schema)) {}

long long TracingSession::backend_pid() {
  if (pid_ == 0) {
    const runner::Result r = inner_.execute("SELECT pg_catalog.pg_backend_pid()");
    if (!r.ok || r.rows.empty() || r.rows[0].empty() || !r.rows[0][0]) {
      throw core::Error("could not read the scratch session's backend pid: " + r.message);
    }
    pid_ = std::stoll(*r.rows[0][0]);
  }
  return pid_;
}

runner::Result TracingSession::execute(const std::string& sql) {
  if (!paused_ && expected_ && sql == expected_->sql) {
    const ExpectedStatement st = std::move(*expected_);
    expected_.reset();
    if (st.opens_transaction || st.closes_transaction) {
      in_block_ = st.opens_transaction;
      return inner_.execute(sql);
    }
    return traced(st, sql);
  }
  runner::Result r = inner_.execute(sql);
  if (is_begin(sql) && r.ok) in_block_ = true;
  if (is_end(sql)) in_block_ = false;
  return r;
}

runner::Result TracingSession::traced(const ExpectedStatement& st, const std::string& sql) {
  Observation o;
  o.version = st.version;
  o.path = st.path;
  o.index = st.index;
  o.line = st.line;
  o.column = st.column;
  o.sql = st.sql;
  runner::Result r;
  if (st.outside_transaction && !in_block_) {
    r = watched(o, sql);
  } else {
    const bool wrap = !in_block_;
    o.method = wrap ? TraceMethod::Wrapped : TraceMethod::InTransaction;
    if (wrap) {
      const runner::Result b = inner_.execute("BEGIN");
      if (!b.ok) return b;
    }
    const RelationSnapshot before = snapshot_relations(inner_, skip_schema_);
    const std::set<HeldLock> locks_before = relation_locks(inner_);
    const auto start = std::chrono::steady_clock::now();
    r = inner_.execute(sql);
    o.duration = since(start);
    if (r.ok) {
      const std::set<HeldLock> locks_after = relation_locks(inner_);
      const RelationSnapshot after = snapshot_relations(inner_, skip_schema_);
      o.relations = touched_relations(before, after, locks_before, locks_after);
    } else {
      o.method = TraceMethod::NotTraced;
    }
    if (wrap) {
      const runner::Result end = inner_.execute(r.ok ? "COMMIT" : "ROLLBACK");
      if (r.ok && !end.ok) r = end;
    }
  }
  o.ok = r.ok;
  observations_.push_back(std::move(o));
  return r;
}

runner::Result TracingSession::watched(Observation& o, const std::string& sql) {
  if (watcher_ == nullptr) {
    o.method = TraceMethod::NotTraced;
    return inner_.execute(sql);
  }
  o.method = TraceMethod::Watched;
  const long long pid = backend_pid();
  const RelationSnapshot before = snapshot_relations(inner_, skip_schema_);
  // The watcher polls until the statement returns; what it saw is every lock the
  // statement held at some poll. It never holds a lock of its own on user relations.
  std::atomic<bool> done{false};
  std::set<HeldLock> seen;
  std::string watch_error;
  const std::string poll = relation_locks_sql(pid);
  std::thread watcher([&] {
    try {
      while (!done.load()) {
        const runner::Result r = watcher_->execute(poll);
        if (!r.ok) {
          watch_error = r.message;
          return;
        }
        for (const auto& lock : parse_relation_locks(r)) seen.insert(lock);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    } catch (const std::exception& e) {
      watch_error = e.what();
    }
  });
  const auto start = std::chrono::steady_clock::now();
  runner::Result r;
  try {
    r = inner_.execute(sql);
  } catch (...) {
    done = true;
    watcher.join();
    throw;
  }
  o.duration = since(start);
  done = true;
  watcher.join();
  if (!watch_error.empty()) throw core::Error("the session watching the scratch database's locks failed: " + watch_error);
  if (r.ok) {
    const RelationSnapshot after = snapshot_relations(inner_, skip_schema_);
    o.relations = touched_relations(before, after, {}, seen);
    // Scan counters are per transaction, and these statements commit on their own.
    for (auto& t : o.relations) t.scanned = false;
  } else {
    o.method = TraceMethod::NotTraced;
  }
  return r;
}

}  // namespace schemashift::verify
