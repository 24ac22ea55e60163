// lint_script(): statements in order, rules over each, state carried forward.
//
// Transaction model (postgres-facts.md §4.1, §7): a framework that wraps the file
// (Flyway, sqlx, golang-migrate's multi-statement Exec) opens a transaction before the
// first statement; BEGIN/COMMIT written in the file open and close one; a COMMIT also
// ends the framework's transaction. Locks are held until the transaction ends, and
// SET LOCAL lasts as long as the transaction.
#include "analyze/linter.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "analyze/filled_tables.hpp"
#include "core/duration.hpp"
#include "core/text.hpp"
#include "model/sql_schema_loader.hpp"
#include "sql/time_zone.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze {

namespace {

using sql::tree::json;
using namespace sql::tree;

constexpr std::size_t kNoStatement = static_cast<std::size_t>(-1);


std::optional<long long> set_value_ms(const json& set) {
  const json& args = items(member(set, "args"));
  if (args.empty()) return std::nullopt;
  const json& c = body(args[0], "A_Const");
  if (member(c, "ival").is_object()) return member(member(c, "ival"), "ival").is_number_integer()
                                                ? member(member(c, "ival"), "ival").get<long long>()
                                                : 0;  // pg_query omits ival 0
  if (member(c, "sval").is_object()) return core::parse_duration(text(member(c, "sval"), "sval"));
  if (member(c, "fval").is_object()) return core::parse_duration(text(member(c, "fval"), "fval"));
  return std::nullopt;
}

// Tracks the transaction and session settings across statements.
class Tracker {
 public:
  Tracker(const LintOptions& o, bool wrapped, LintState& s) : state_(s) {
    state_.pg_version = o.pg_version;
    state_.contract_phase = o.contract_phase;
    state_.file_in_transaction = wrapped;
    state_.wrapper_open = wrapped;
    state_.file_transaction = o.transaction;
    session_lock_timeout_ = o.initial_lock_timeout_ms;
    session_time_zone_utc_ = o.time_zone_utc;
    refresh();
  }

  void after(const StatementView& v) {
    if (v.kind == "TransactionStmt") return transaction(v.node);
    if (v.kind == "VariableSetStmt") set(v.node, v.statement);
    if (v.kind == "SelectStmt") set_config(v.node);
    if (state_.in_transaction()) {
      ++state_.statements_in_transaction;
      if (takes_blocking_lock(v.analysis) && !lock_timeout_adequate()) ++state_.blocking_locks_without_timeout;
      for (const auto& l : v.analysis.locks) {
        auto& held = state_.access_exclusive_held;
        if (l.mode == LockMode::AccessExclusive && !l.is_new &&
            std::find(held.begin(), held.end(), l.relation) == held.end()) {
          held.push_back(l.relation);
        }
      }
    }
    for (const auto& l : v.analysis.locks) {
      if (l.work == Work::NewRelation) state_.new_tables.insert(qualified(l.relation).key());
    }
    if (v.kind == "IndexStmt" && !text(v.node, "idxname").empty()) {
      const model::QualifiedName table = model::relation_name(member(v.node, "relation"));
      state_.new_indexes.insert(model::QualifiedName{table.schema, text(v.node, "idxname")}.key());
    }
  }

 private:
  static model::QualifiedName qualified(const std::string& written) {
    const auto dot = written.rfind('.');
    if (dot == std::string::npos) return {"", written};
    return {written.substr(0, dot), written.substr(dot + 1)};
  }

  // A COMMIT or ROLLBACK ends the open transaction, but not the framework's wrapping: the
  // statements after it still run in a transaction. Flyway's JDBC connection has autocommit
  // off, so the driver opens a new one before the next statement; a file sent as one query
  // string (sqlx, golang-migrate) starts a new implicit transaction block for each later
  // statement (exec_simple_query: "otherwise, a COMMIT/ROLLBACK in the list would cause later
  // statements to not be grouped").
  void transaction(const json& node) {
    const std::string kind = text(node, "kind");
    if (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START") {
      state_.explicit_transaction = true;
    } else if (kind == "TRANS_STMT_COMMIT" || kind == "TRANS_STMT_ROLLBACK" || kind == "TRANS_STMT_PREPARE") {
      state_.explicit_transaction = false;
      state_.wrapper_open = state_.file_in_transaction;
      state_.access_exclusive_held.clear();
      state_.statements_in_transaction = 0;
      state_.blocking_locks_without_timeout = 0;
      local_lock_timeout_.reset();
      local_time_zone_utc_.reset();
    }
    refresh();
  }

  bool takes_blocking_lock(const StatementAnalysis& a) const {
    return std::any_of(a.locks.begin(), a.locks.end(), [](const RelationLock& l) {
      return is_existing(l) && (blocks_reads(l.mode) || blocks_writes(l.mode));
    });
  }

  bool lock_timeout_adequate() const {
    return state_.lock_timeout_ms && *state_.lock_timeout_ms > 0 &&
           *state_.lock_timeout_ms <= state_.max_lock_timeout_ms;
  }

  void set(const json& node, const sql::Statement& statement) {
    if (text(node, "name") == "timezone" || text(node, "kind") == "VAR_RESET_ALL") return set_time_zone(node, statement);
    if (text(node, "name") != "lock_timeout") return;
    const std::string kind = text(node, "kind");
    std::optional<long long> value;
    if (kind == "VAR_SET_VALUE") value = set_value_ms(node);
    if (kind == "VAR_SET_VALUE" && !value) value = 1;  // unparsable: assume it is set
    set_lock_timeout(value, flag(node, "is_local"));
  }

  // SET [LOCAL] TIME ZONE / timezone; RESET and DEFAULT go back to the server's setting,
  // which the linter does not know (so: not UTC).
  void set_time_zone(const json& node, const sql::Statement& statement) {
    const std::string kind = text(node, "kind");
    const json& args = items(member(node, "args"));
    const bool utc = kind == "VAR_SET_VALUE" && !args.empty() && sql::sets_fixed_utc_zone(args[0], statement);
    set_time_zone_utc(utc, flag(node, "is_local"));
  }

  void set_time_zone_utc(bool utc, bool local) {
    if (local) {
      if (state_.in_transaction()) local_time_zone_utc_ = utc;
    } else {
      session_time_zone_utc_ = utc;
      local_time_zone_utc_.reset();  // a later SET overrides an earlier SET LOCAL
    }
    refresh();
  }

  // SELECT set_config('lock_timeout', '2s', true): the third argument is SET LOCAL. Also
  // set_config('timezone', 'UTC', ...).
  void set_config(const json& select) {
    for (const auto& target : items(member(select, "targetList"))) {
      const json& call = body(member(body(target, "ResTarget"), "val"), "FuncCall");
      const auto name = string_list(member(call, "funcname"));
      const json& args = items(member(call, "args"));
      if (name.empty() || name.back() != "set_config" || args.size() < 2) continue;
      const std::string setting = text(member(body(args[0], "A_Const"), "sval"), "sval");
      const std::string value_text = text(member(body(args[1], "A_Const"), "sval"), "sval");
      const bool local = args.size() >= 3 && flag(member(body(args[2], "A_Const"), "boolval"), "boolval");
      if (setting == "timezone") set_time_zone_utc(sql::is_fixed_utc_zone(value_text), local);
      if (setting != "lock_timeout") continue;
      std::optional<long long> value = core::parse_duration(value_text);
      if (!value) value = 1;  // an expression: assume it sets one
      set_lock_timeout(value, local);
    }
  }

  void set_lock_timeout(std::optional<long long> value, bool local) {
    if (local) {
      if (state_.in_transaction()) local_lock_timeout_ = value ? value : std::optional<long long>(0);
    } else {
      session_lock_timeout_ = value;
    }
    refresh();
  }

  void refresh() {
    state_.lock_timeout_ms = local_lock_timeout_ ? local_lock_timeout_ : session_lock_timeout_;
    state_.time_zone_utc = local_time_zone_utc_.value_or(session_time_zone_utc_);
  }

  LintState& state_;
  std::optional<long long> session_lock_timeout_;
  std::optional<long long> local_lock_timeout_;
  bool session_time_zone_utc_ = false;  // the server's default TimeZone is unknown unless LintOptions says
  std::optional<bool> local_time_zone_utc_;
};

// Statements Flyway's PostgreSQL parser runs outside a transaction (postgres-facts.md §7.1:
// detectCanExecuteInTransaction). Not REINDEX ... CONCURRENTLY or DETACH CONCURRENTLY.
bool flyway_non_transactional(const sql::Statement& st, int pg_version) {
  if (!st.tree.is_object() || st.tree.empty()) return false;
  const std::string kind = st.tree.begin().key();
  const json& node = st.tree.begin().value();
  if (kind == "IndexStmt") return flag(node, "concurrent");
  if (kind == "DropStmt") return flag(node, "concurrent") && text(node, "removeType") == "OBJECT_INDEX";
  if (kind == "ReindexStmt") {
    const std::string k = text(node, "kind");
    return k == "REINDEX_OBJECT_SCHEMA" || k == "REINDEX_OBJECT_DATABASE" || k == "REINDEX_OBJECT_SYSTEM";
  }
  if (kind == "AlterEnumStmt") return pg_version < 12 && text(node, "oldVal").empty();
  if (kind == "DiscardStmt") return text(node, "target") == "DISCARD_ALL";
  static const std::set<std::string> always = {"VacuumStmt",       "AlterSystemStmt",      "CreatedbStmt",
                                               "DropdbStmt",       "CreateTableSpaceStmt", "DropTableSpaceStmt",
                                               "CreateSubscriptionStmt", "DropSubscriptionStmt"};
  return always.count(kind) > 0;
}

// Whether the runner opens a transaction around the file's statements.
bool runs_wrapped(const LintOptions& o, const std::vector<sql::Statement>& statements) {
  switch (o.transaction) {
    case FileTransaction::None: return false;
    case FileTransaction::Whole: return true;
    case FileTransaction::MultiStatement: return statements.size() > 1;
    case FileTransaction::FlywayAuto:
      return !std::all_of(statements.begin(), statements.end(),
                          [&](const sql::Statement& st) { return flyway_non_transactional(st, o.pg_version); });
  }
  return false;
}

bool declares_contract_phase(const std::string& text) {
  return text.find("-- schemashift:contract") != std::string::npos;
}

bool declares_offline(const std::string& text) { return text.find("-- schemashift:offline") != std::string::npos; }

// Rows of one relation: a new table filled earlier in the file has the rows of what filled
// it (unknown if that is unknown, `*known_fill` then), an existing one its statistics.
std::optional<RowCount> rows_of(const RelationLock& l, const TableStatsMap& stats, const LintState& state,
                                bool* known_fill = nullptr) {
  if (l.filled) {
    if (const FilledTable* fill = find_fill(state, l.relation)) {
      if (known_fill) *known_fill = true;
      if (!fill->rows) return std::nullopt;
      return RowCount{*fill->rows, fill->basis};
    }
  }
  if (l.is_new) return std::nullopt;
  if (const TableStats* s = find_stats(stats, l.relation)) return RowCount{s->rows, s->basis};
  return std::nullopt;
}

// Rows for the relation whose work decides the statement's duration (the costliest lock's
// when filled earlier in the file, else the first relation with statistics), and the lock
// whose rows they are.
std::optional<RowCount> rows_for(const StatementAnalysis& a, const TableStatsMap& stats, const LintState& state,
                                 const RelationLock** counted) {
  if (const RelationLock* costliest = costliest_lock(a); costliest && costliest->filled) {
    bool known_fill = false;
    const auto rows = rows_of(*costliest, stats, state, &known_fill);
    if (known_fill) {
      *counted = costliest;
      return rows;
    }
  }
  for (const auto& l : a.locks) {
    if (l.is_new) continue;
    if (auto rows = rows_of(l, stats, state)) {
      *counted = &l;
      return rows;
    }
  }
  return std::nullopt;
}

// A file that does not parse, judged by libpg_query's grammar, which is older than the
// servers many projects run: the finding names that grammar, so that syntax added in a later
// release is not taken for a mistake in the SQL, and says that --pg-version cannot help.
Finding syntax_error_finding(const sql::ParseError& error, const LintOptions& options) {
  const int grammar = sql::grammar_version();
  const std::string newer = fmt::format(
      "syntax added in PostgreSQL {} or later (a subquery in FROM without an alias, IS JSON, JSON_TABLE, "
      "MERGE ... RETURNING, named NOT NULL constraints, VIRTUAL generated columns ...)",
      grammar + 1);
  Finding f;
  f.rule = kSyntaxErrorRule;
  f.severity = Severity::Error;
  f.impact = Impact::Fails;
  f.message = fmt::format("{} (parsed with the PostgreSQL {} grammar)", error.message, grammar);
  if (options.pg_version > grammar) {
    f.help = fmt::format(
        "schemashift parses every file with the PostgreSQL {0} grammar (libpg_query): {1} is a syntax error "
        "here even where PostgreSQL {2} accepts it, because --pg-version {2} changes which rules apply, not the "
        "grammar; if the statement is valid PostgreSQL {2}, fix nothing and leave the file out of lint "
        "(exclude: in the lint configuration); otherwise fix the SQL at this line and column",
        grammar, newer, options.pg_version);
  } else {
    f.help = fmt::format(
        "fix the SQL at this line and column (psql meta-commands are ignored); the file was parsed with the "
        "PostgreSQL {} grammar, so {} is reported here too",
        grammar, newer);
  }
  f.statement = kNoStatement;
  f.offset = error.offset;
  f.line = error.line;
  f.column = error.column;
  return f;
}

bool is_under_budget(const Finding& f, const LintOptions& o) {
  return f.impact == Impact::Blocking && f.estimate && f.estimate->from_rows && f.estimate->millis <= o.max_blocking_ms;
}

void add_hit(FileReport& report, const Rule& rule, Severity severity, const RuleHit& hit, std::size_t statement,
             const sql::LineIndex& lines) {
  Finding f;
  f.rule = rule.info().id;
  f.severity = severity;
  f.impact = rule.info().impact;
  f.message = hit.message;
  f.help = hit.help.empty() ? rule.info().safe_alternative : hit.help;
  f.statement = statement;
  if (statement != kNoStatement) {
    const StatementReport& st = report.statements[statement];
    f.offset = st.offset;
    const bool inside = hit.location >= static_cast<long long>(st.offset) &&
                        hit.location < static_cast<long long>(st.offset + st.text.size());
    if (inside) f.offset = static_cast<std::size_t>(hit.location);
    if (f.impact == Impact::Blocking) f.estimate = st.estimate;
  }
  const sql::Position at = lines.position(f.offset);
  f.line = at.line;
  f.column = at.column;
  report.findings.push_back(std::move(f));
}

// Which statement a suppression comment governs: the first statement ending after it.
std::size_t governed_statement(const FileReport& report, std::size_t comment_offset) {
  for (std::size_t i = 0; i < report.statements.size(); ++i) {
    const auto& st = report.statements[i];
    if (st.offset + st.text.size() >= comment_offset) return i;
  }
  return kNoStatement;
}

void apply_suppressions(FileReport& report, const std::string& text, const sql::Script& script,
                        const LintOptions& options) {
  const std::vector<Suppression> suppressions = find_suppressions(text, script);
  std::vector<bool> used(suppressions.size(), false);
  std::vector<Finding> kept;
  for (auto& f : report.findings) {
    bool silenced = false;
    for (std::size_t i = 0; i < suppressions.size(); ++i) {
      const Suppression& s = suppressions[i];
      const bool rule_matches = s.rules.empty() || s.rules.count(f.rule);
      const bool scope_matches = s.whole_file || (f.statement != kNoStatement &&
                                                  governed_statement(report, s.offset) == f.statement);
      if (rule_matches && scope_matches) {
        used[i] = true;
        silenced = true;
      }
    }
    if (silenced) {
      ++report.suppressed;
    } else {
      kept.push_back(std::move(f));
    }
  }
  report.findings = std::move(kept);

  const Rule* unused_rule = find_rule(kUnusedSuppressionRule);
  const Severity unused_severity = unused_rule ? options.severity_of(*unused_rule) : Severity::Off;
  if (unused_severity == Severity::Off) return;
  for (std::size_t i = 0; i < suppressions.size(); ++i) {
    const Suppression& s = suppressions[i];
    if (used[i]) continue;
    std::vector<std::string> unknown;
    for (const auto& id : s.rules) {
      if (!find_rule(id)) unknown.push_back(id);
    }
    RuleHit hit;
    hit.message = unknown.empty()
                      ? (s.rules.empty() ? std::string("suppression comment suppresses nothing")
                                         : "suppression of " + core::join({s.rules.begin(), s.rules.end()}, ", ") +
                                               " suppresses nothing")
                      : "suppression names unknown rule " + core::join(unknown, ", ");
    hit.help = unknown.empty() ? "delete the comment, or move it directly above the statement it is meant for"
                               : "`schemashift rules` lists the rule ids";
    Finding f;
    f.rule = kUnusedSuppressionRule;
    f.severity = unused_severity;
    f.impact = unused_rule->info().impact;
    f.message = hit.message;
    f.help = hit.help;
    f.statement = kNoStatement;
    f.offset = s.offset;
    f.line = s.line;
    f.column = s.column;
    report.findings.push_back(std::move(f));
  }
}

void decide_verdict(FileReport& report, const LintOptions& options) {
  if (report.parse_error) {
    report.verdict = Verdict::Blocked;
    const bool has_finding = !report.findings.empty();  // syntax_error_finding(), with the grammar named
    report.verdict_reasons.push_back("syntax error: " +
                                     (has_finding ? report.findings.front().message : report.parse_error->message));
    return;
  }
  for (auto& f : report.findings) {
    f.tolerated = is_under_budget(f, options);
    const Verdict v = finding_verdict(f, report.offline);
    if (v == Verdict::SafeToRun) continue;
    report.verdict = std::max(report.verdict, v);
    const bool accepted = report.offline && f.impact == Impact::Breaking;
    report.verdict_reasons.push_back(fmt::format("line {}: {} [{}]{}", f.line, f.message, f.rule,
                                                 accepted ? " (offline: only with the application stopped)" : ""));
  }
}

}  // namespace

Verdict finding_verdict(const Finding& f, bool offline) {
  if (f.severity == Severity::Error && f.impact == Impact::Fails) return Verdict::Blocked;
  if (f.severity == Severity::Error && f.impact == Impact::Breaking) {
    return offline ? Verdict::RequiresMaintenanceWindow : Verdict::Blocked;
  }
  if (f.severity >= Severity::Warning && f.impact == Impact::Blocking && !f.tolerated) {
    return Verdict::RequiresMaintenanceWindow;
  }
  return Verdict::SafeToRun;
}

const TableStats* find_stats(const TableStatsMap& stats, const std::string& relation) {
  if (const auto it = stats.find(relation); it != stats.end()) return &it->second;
  const auto dot = relation.rfind('.');
  const std::string bare = dot == std::string::npos ? relation : relation.substr(dot + 1);
  const std::string schema = dot == std::string::npos ? "public" : relation.substr(0, dot);
  for (const auto& key : {bare, schema + "." + bare}) {
    if (schema != "public" && key == bare) continue;  // app.users is not public.users
    if (const auto it = stats.find(key); it != stats.end()) return &it->second;
  }
  return nullptr;
}

Severity LintOptions::severity_of(const Rule& rule) const {
  const auto it = severities.find(rule.info().id);
  return it == severities.end() ? rule.info().severity : it->second;
}

FileReport lint_script(const std::string& text, const std::string& path, const LintOptions& options,
                       model::Schema* schema, model::SchemaIndex* index) {
  FileReport report;
  report.path = path;
  report.contract_phase = options.contract_phase || declares_contract_phase(text);
  report.offline = options.offline || declares_offline(text);
  const sql::Script script = sql::parse_script(text);
  if (script.error) {
    report.parse_error = script.error;
    report.findings.push_back(syntax_error_finding(*script.error, options));
    decide_verdict(report, options);
    return report;
  }

  LintOptions effective = options;
  effective.contract_phase = report.contract_phase;
  LintState state;
  Tracker tracker(effective, runs_wrapped(options, script.statements), state);
  state.statement_count = script.statements.size();
  state.statements = &script.statements;
  state.max_lock_timeout_ms = options.max_lock_timeout_ms;
  // Without a caller's schema, follow the file alone: constraints and types it defines
  // still inform later statements (a validated CHECK before SET NOT NULL ...).
  model::Schema local_schema;
  if (!schema) {
    schema = &local_schema;
    index = nullptr;  // describes the caller's schema, not this one
  }
  state.schema = schema;
  model::SchemaFollower follower(*schema, index);

  std::vector<std::pair<const Rule*, Severity>> rules;
  for (const Rule* r : all_rules()) {
    const Severity s = options.severity_of(*r);
    if (s != Severity::Off) rules.emplace_back(r, s);
  }

  for (std::size_t i = 0; i < script.statements.size(); ++i) {
    const sql::Statement& st = script.statements[i];
    state.statement_index = i;
    // The context borrows the state's new tables instead of copying them (a copy per
    // statement made a file that creates N tables cost N²), and gives them back below.
    Context ctx = analysis_context(state, Borrow::NewTables);

    StatementReport sr;
    sr.offset = st.offset;
    sr.line = st.line;
    sr.column = st.column;
    const sql::Position end = script.lines.position(st.offset + st.text.size());
    sr.end_line = end.line;
    sr.end_column = end.column;
    sr.text = st.text;
    sr.analysis = analyze_statement(st, ctx);
    state.new_tables = std::move(ctx.new_tables);
    const RelationLock* counted = nullptr;
    const auto rows = rows_for(sr.analysis, options.stats, state, &counted);
    sr.estimate = estimate(sr.analysis, rows ? std::optional<long long>(rows->rows) : std::nullopt,
                           rows && !rows->basis.empty() ? rows->basis : "hint");
    add_other_relations(sr.estimate, sr.analysis, counted,
                        [&](const RelationLock& l) { return rows_of(l, options.stats, state); });
    sr.in_transaction = state.in_transaction() || sr.analysis.is_transaction_control;
    report.estimated_ms += sr.estimate.millis;
    report.statements.push_back(std::move(sr));

    const bool has_tree = st.tree.is_object() && !st.tree.empty();
    const std::string kind = has_tree ? st.tree.begin().key() : std::string{};
    const StatementView view{st, report.statements.back().analysis, kind,
                             has_tree ? st.tree.begin().value() : null_json()};
    for (const auto& [rule, severity] : rules) {
      std::vector<RuleHit> hits;
      rule->check(view, state, hits);
      for (const auto& hit : hits) add_hit(report, *rule, severity, hit, i, script.lines);
    }
    tracker.after(view);
    record_fill(view, options.stats, state);
    follower.apply(text, st);
  }
  for (const auto& [rule, severity] : rules) {
    std::vector<RuleHit> hits;
    rule->finish(state, hits);
    for (const auto& hit : hits) {
      // File-level findings point at the last statement (where the file ends).
      const std::size_t at = report.statements.empty() ? kNoStatement : report.statements.size() - 1;
      add_hit(report, *rule, severity, hit, at, script.lines);
    }
  }

  apply_suppressions(report, text, script, options);
  std::stable_sort(report.findings.begin(), report.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.offset < b.offset; });
  decide_verdict(report, options);
  return report;
}

const char* file_transaction_name(FileTransaction t) {
  switch (t) {
    case FileTransaction::None: return "autocommit";
    case FileTransaction::Whole: return "one transaction";
    case FileTransaction::MultiStatement: return "one query string";
    case FileTransaction::FlywayAuto: return "flyway";
  }
  return "autocommit";
}

Verdict overall_verdict(const std::vector<FileReport>& files) {
  Verdict v = Verdict::SafeToRun;
  for (const auto& f : files) v = std::max(v, f.verdict);
  return v;
}

}  // namespace schemashift::analyze
