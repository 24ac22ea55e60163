#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "core/text.hpp"
#include "model/qualified_name.hpp"
#include "model/sql_schema_loader.hpp"
#include "plan/plan.hpp"
#include "plan/row_counts.hpp"
#include "sql/parser.hpp"
#include "sql/quote.hpp"

namespace schemashift::plan {

namespace {

void check_row_hints(const spec::ChangeSpec& spec, const model::Schema& schema, core::Diagnostics& diags) {
  for (const auto& [table, rows] : spec.rows) {
    const model::QualifiedName name = model::parse_table_name(table);
    if (schema.find_table(name)) continue;
    diags.warning("unknown-table-hint", spec.rows_where.at(table),
                  "row-count hint for '" + table + "', which is not in the schema", "remove or correct it");
  }
}

// Whether the step would lock a second existing table in `open`'s transaction. Its brief
// ACCESS EXCLUSIVE lock is held until COMMIT, so the first table stays unavailable while the
// second is waited for, and two sessions locking them in the other order deadlock
// (postgres-facts §1 "Duration", §5.3 items 1 and 5; lint rule multiple-access-exclusive-locks).
// Tables new in the change block nobody; steps without a table (raw SQL) are not split.
bool locks_another_existing_table(const Migration& open, const Step& step, const model::Schema& before) {
  if (step.table.name.empty() || !before.find_table(step.table)) return false;
  return std::any_of(open.steps.begin(), open.steps.end(), [&](const PlannedStep& ps) {
    return !ps.step.table.name.empty() && !(ps.step.table == step.table) && before.find_table(ps.step.table);
  });
}

// An offline change (the spec's `strategy: offline`) runs with the application
// stopped, so nothing gains from expand / migrate / contract: its steps run in the order the
// spec gives them, one transaction per run of transactional steps, as the hand-written
// script it stands for would (and as `import` needs to keep a history's transactions). A
// migration's phase is the latest phase of any step up to it, so a drop is never labelled
// expand (`run` still asks for --contract) and phases never go backwards.
// An operation given `strategy: online` keeps what that strategy needs: its long-running
// steps (VALIDATE, a backfill) run alone, never inside another statement's transaction.
std::vector<Migration> group_in_spec_order(std::vector<PlannedStep> steps, const std::vector<bool>& online_ops) {
  std::stable_sort(steps.begin(), steps.end(), [](const PlannedStep& a, const PlannedStep& b) {
    return a.operation != b.operation ? a.operation < b.operation : a.step.phase < b.step.phase;
  });
  std::vector<Migration> out;
  Phase reached = Phase::Expand;
  Migration* open = nullptr;
  for (auto& ps : steps) {
    const bool alone = !ps.step.transactional || (ps.step.long_running && online_ops[ps.operation]);
    if (alone || !open) {
      out.emplace_back();
      open = &out.back();
      open->transactional = ps.step.transactional;
    }
    reached = std::max(reached, ps.step.phase);
    open->phase = reached;
    open->offline |= ps.step.offline;
    open->steps.push_back(std::move(ps));
    if (alone) open = nullptr;
  }
  return out;
}

// One transaction may hold several brief catalog changes of one table; anything that must
// run outside a transaction, or that runs long (validation, backfill, index builds), gets a
// migration of its own so it never extends how long an ACCESS EXCLUSIVE lock is held, and
// so does a change of another existing table.
std::vector<Migration> group_into_migrations(std::vector<PlannedStep> steps, const model::Schema& before) {
  std::vector<Migration> out;
  for (Phase phase : {Phase::Expand, Phase::Migrate, Phase::Contract}) {
    Migration* open = nullptr;
    for (auto& ps : steps) {
      if (ps.step.phase != phase) continue;
      const bool alone = !ps.step.transactional || ps.step.long_running;
      if (alone || !open || open->offline != ps.step.offline || locks_another_existing_table(*open, ps.step, before)) {
        out.emplace_back();
        open = &out.back();
        open->phase = phase;
        open->transactional = ps.step.transactional;
        open->offline = ps.step.offline;
      }
      open->steps.push_back(std::move(ps));
      if (alone) open = nullptr;
    }
  }
  return out;
}

std::string migration_label(const Migration& m, const Plan& plan) {
  const std::size_t first = m.steps.front().operation;
  const bool one_op = std::all_of(m.steps.begin(), m.steps.end(),
                                  [&](const PlannedStep& s) { return s.operation == first; });
  std::string label = one_op ? plan.operations[first]->label() : plan.spec.name;
  if (m.steps.size() == 1 && m.steps.front().step.kind == StepKind::Validate) label = "validate_" + label;
  if (m.steps.size() == 1 && m.steps.front().step.kind == StepKind::Backfill && !core::starts_with(label, "backfill"))
    label = "backfill_" + label;
  return label;
}

void name_migrations(Plan& plan) {
  std::set<std::string> used;
  for (std::size_t i = 0; i < plan.migrations.size(); ++i) {
    Migration& m = plan.migrations[i];
    m.index = i;
    // Versions derive from `created`, one second apart, so they are deterministic, sort in
    // apply order, and interleave sanely with a team's own timestamped migrations.
    m.version = plan.spec.created.plus_seconds(static_cast<long long>(i)).version();
    std::string base = core::slugify(fmt::format("issue_{}_{}_{}", plan.spec.issue, phase_name(m.phase),
                                                 migration_label(m, plan)),
                                     64);
    std::string slug = base;
    for (int n = 2; !used.insert(slug).second; ++n) slug = base + "_" + std::to_string(n);
    m.slug = slug;
  }
}

// Estimate for a batched backfill: the DO block is opaque to the statement analyser, but
// its cost is known: every row of the table is visited once, in batches with pauses.
// Time-sized batches (ops/batched_update.cpp) split the work into pieces of about
// batch_time; fixed ones (batch_time 0) into rows / batch_size.
analyze::Estimate backfill_estimate(const spec::ChangeSpec& spec, const Step& step) {
  analyze::StatementAnalysis a;
  a.locks.push_back({model::display(step.table), analyze::LockMode::RowExclusive, analyze::Work::DataChange, false});
  const auto count = row_count(spec, model::display(step.table));
  analyze::Estimate e = count ? analyze::estimate(a, count->rows, count->basis) : analyze::estimate(a, std::nullopt, kSpecHint);
  if (count) {
    const spec::Settings& s = spec.settings;
    const double work = e.millis;
    const double batches =
        s.batch_time_ms > 0 ? std::max(1.0, std::ceil(work / static_cast<double>(s.batch_time_ms)))
                            : static_cast<double>(count->rows) / static_cast<double>(std::max(1LL, s.batch_size));
    e.millis += batches * static_cast<double>(s.batch_pause_ms) + work * static_cast<double>(s.batch_pause_percent) / 100;
    e.basis += fmt::format(" + {} pauses of {} ms", core::thousands(static_cast<long long>(batches)), s.batch_pause_ms);
    if (s.batch_pause_percent > 0) e.basis += fmt::format(" + {}% of the batches' time", s.batch_pause_percent);
  }
  return e;
}

// `schema` is the analyser's view as the plan progresses: a validated NOT NULL CHECK
// from an earlier migration is what lets a later SET NOT NULL skip its scan. The linter
// already follows ADD CONSTRAINT ... NOT VALID and VALIDATE; this records the proof
// even when the constraint's statements are ones the schema model cannot follow.
void record_proofs(const PlannedStep& ps, model::Schema& schema) {
  if (ps.step.proves_not_null.empty()) return;
  model::Table* t = schema.find_table(ps.step.table);
  if (!t) return;
  for (auto& existing : t->constraints) {
    if (existing.name != ps.step.proving_constraint) continue;
    existing.validated = true;
    return;
  }
  model::Constraint c;
  c.name = ps.step.proving_constraint;
  c.kind = model::ConstraintKind::Check;
  c.columns = {ps.step.proves_not_null};
  c.check_sql = sql::quote_ident(ps.step.proves_not_null) + " IS NOT NULL";
  t->constraints.push_back(c);
}

// The migration's up statements joined as one script, in order, remembering where each
// begins: the linter reports by statement and byte offset, which maps its statements
// and findings back to the step (and statement) they came from. The batched-backfill DO
// block is included, as in the rendered file; rules ignore DO blocks.
struct MigrationScript {
  struct Piece {
    std::size_t step = 0;       // index into Migration::steps
    std::size_t statement = 0;  // index into that step's up statements
    std::size_t begin = 0;      // byte offset in `text`
  };
  std::string text;
  std::vector<Piece> pieces;
};

MigrationScript migration_script(const Migration& m) {
  MigrationScript out;
  for (std::size_t i = 0; i < m.steps.size(); ++i) {
    const auto& up = m.steps[i].step.up;
    for (std::size_t j = 0; j < up.size(); ++j) {
      out.pieces.push_back({i, j, out.text.size()});
      out.text += up[j].sql + ";\n";
    }
  }
  return out;
}

// The piece a script offset falls in: the last one beginning at or before it (a linted
// statement starts at its first token, inside its piece).
std::size_t piece_at(const MigrationScript& script, std::size_t offset) {
  std::size_t found = 0;
  for (std::size_t p = 0; p < script.pieces.size() && script.pieces[p].begin <= offset; ++p) found = p;
  return found;
}

// How the rendered migration runs, so the linter judges the file that will be applied:
// a transactional file is one BEGIN ... COMMIT that first sets lock_timeout (set_timeouts
// has decided it), a non-transactional one runs statement by statement under psql.
analyze::LintOptions lint_options(const Migration& m, const spec::ChangeSpec& spec) {
  analyze::LintOptions o;
  o.pg_version = spec.settings.pg_version;
  o.transaction = m.transactional ? analyze::FileTransaction::Whole : analyze::FileTransaction::None;
  o.contract_phase = m.phase == Phase::Contract;
  if (m.lock_timeout_ms > 0) o.initial_lock_timeout_ms = m.lock_timeout_ms;
  o.stats = row_counts(spec);
  return o;
}

// The batched backfill's DO block is opaque to the statement analyser, but what it does
// is known: row locks on the table, one batch at a time.
AnalysedStatement backfill_statement(const PlannedStep& ps, const spec::ChangeSpec& spec) {
  AnalysedStatement as;
  as.sql = ps.step.up.front().sql;
  as.analysis.summary = "batched UPDATE " + model::display(ps.step.table);
  as.analysis.locks.push_back({model::display(ps.step.table), analyze::LockMode::RowExclusive,
                               analyze::Work::DataChange, false});
  as.analysis.notes.push_back("one transaction per batch: row locks last one batch");
  as.estimate = backfill_estimate(spec, ps.step);
  return as;
}

// A statement analysed on its own: only when the migration's script as a whole did not
// parse (user SQL with a syntax error), so the linter has no analysis to share.
AnalysedStatement analyse_alone(const std::string& text, const spec::ChangeSpec& spec, const model::Schema& schema) {
  AnalysedStatement as;
  as.sql = text;
  const sql::Script script = sql::parse_script(text);
  if (script.error || script.statements.empty()) {
    as.analysis.summary = "unparsed statement";
    return as;
  }
  analyze::Context ctx;
  ctx.pg_version = spec.settings.pg_version;
  ctx.schema = &schema;
  as.analysis = analyze::analyze_statement(script.statements.front(), ctx);
  std::optional<analyze::TableStats> count;
  for (const auto& l : as.analysis.locks) {
    if (!l.is_new) count = row_count(spec, l.relation);
    if (count) break;
  }
  as.estimate = count ? analyze::estimate(as.analysis, count->rows, count->basis)
                      : analyze::estimate(as.analysis, std::nullopt, kSpecHint);
  return as;
}

// The lock analysis' own verdict inputs: long work under a lock that blocks traffic, or a
// statement that cannot run inside the migration's transaction.
void judge_locks(const AnalysedStatement& as, Migration& m, bool& long_work_on_existing_table) {
  for (const auto& l : as.analysis.locks) {
    const bool long_work = l.work == analyze::Work::Scan || l.work == analyze::Work::Rewrite ||
                           l.work == analyze::Work::IndexBuild || l.work == analyze::Work::DataChange;
    if (!l.is_new && long_work && (analyze::blocks_writes(l.mode) || analyze::blocks_reads(l.mode))) {
      long_work_on_existing_table = true;
      m.verdict_reasons.push_back(fmt::format("{}: {} on {} while holding {}", as.analysis.summary,
                                              analyze::work_name(l.work), l.relation, analyze::lock_mode_sql(l.mode)));
    }
  }
  if (m.transactional && as.analysis.must_run_outside_transaction) {
    m.verdict = analyze::Verdict::Blocked;
    m.verdict_reasons.push_back(as.analysis.summary + " cannot run inside a transaction block");
  }
}

// The linter's verdict rule (analyze::finding_verdict), finding by finding, so the reasons
// can be phrased without the line numbers of the joined script. An offline migration runs
// in a maintenance window with the application stopped or deployed together with it (that
// is what `strategy: offline` declares), so a finding that only breaks *running* code calls
// for that window instead of blocking the file. A statement that fails still blocks it.
void fold_lint_verdict(Migration& m, const analyze::FileReport& report) {
  m.lint_verdict = report.verdict;
  for (const auto& f : report.findings) {
    const analyze::Verdict v = analyze::finding_verdict(f, m.offline);
    if (v == analyze::Verdict::SafeToRun) continue;
    m.verdict = std::max(m.verdict, v);
    const bool accepted = m.offline && f.impact == analyze::Impact::Breaking;
    m.verdict_reasons.push_back(fmt::format("{} [{}]{}", f.message, f.rule,
                                            accepted ? " (offline: only with the application stopped)" : ""));
  }
}

// Tables created by this migration have no rows and no readers in later migrations of
// the same change either: the analyser (and the rules) see them as new.
void mark_new_tables(const Migration& m, model::Schema& schema) {
  for (const auto& ps : m.steps) {
    for (const auto& st : ps.statements) {
      for (const auto& l : st.analysis.locks) {
        if (l.work != analyze::Work::NewRelation) continue;
        if (model::Table* t = schema.find_table(model::parse_table_name(l.relation))) t->created_in_change = true;
      }
    }
  }
}

// A finding on a column the step made under a generated name (a type change's shadow
// column) names the author's column instead: "column orders.age is integer" is something
// the spec can change, "orders.age_new" is not a column the author knows.
void speak_of_spec_columns(analyze::Finding& f, const Step& step) {
  for (const auto& [generated, written] : step.shown_as) {
    const std::string from = model::display(step.table) + "." + generated;
    const std::string to = model::display(step.table) + "." + written;
    for (std::size_t p = 0; (p = f.message.find(from, p)) != std::string::npos;) {
      const std::size_t end = p + from.size();
      const bool whole = end == f.message.size() || !(std::isalnum(static_cast<unsigned char>(f.message[end])) ||
                                                      f.message[end] == '_' || f.message[end] == '$');
      if (!whole) {
        p = end;
        continue;
      }
      f.message.replace(p, from.size(), to);
      p += to.size();
    }
  }
}

// Lints the migration as one script (the same rules as `schemashift lint`) and reuses the
// linter's per-statement analysis, so each statement is analysed once. `schema` is the
// plan's schema before the migration; afterwards it includes the migration's changes,
// the way `lint` follows a folder of migrations in order.
void analyse_migration(Migration& m, const Plan& plan, model::Schema& schema) {
  const MigrationScript script = migration_script(m);
  model::Schema linted = schema;  // the linter applies every statement to its copy
  analyze::FileReport report =
      analyze::lint_script(script.text, m.name() + ".up.sql", lint_options(m, plan.spec), &linted);

  // Which report statement each piece starts, and which piece each report statement is in.
  std::vector<std::optional<std::size_t>> first_of_piece(script.pieces.size());
  std::vector<std::size_t> piece_of(report.statements.size());
  for (std::size_t k = 0; k < report.statements.size(); ++k) {
    piece_of[k] = piece_at(script, report.statements[k].offset);
    if (!first_of_piece[piece_of[k]]) first_of_piece[piece_of[k]] = k;
  }

  for (auto& f : report.findings) {
    if (!is_file_level(f) && f.statement < piece_of.size()) speak_of_spec_columns(f, m.steps[script.pieces[piece_of[f.statement]].step].step);
  }

  bool long_work_on_existing_table = false;
  std::size_t piece = 0;
  for (auto& ps : m.steps) {
    if (ps.step.kind == StepKind::Backfill) {
      ps.statements.push_back(backfill_statement(ps, plan.spec));
      if (ps.step.offline) long_work_on_existing_table = true;
      piece += ps.step.up.size();
    } else {
      for (const auto& text : ps.step.up) {
        AnalysedStatement as;
        if (const auto k = first_of_piece[piece]) {
          as.sql = text.sql;
          as.analysis = report.statements[*k].analysis;
          as.estimate = report.statements[*k].estimate;
        } else {
          as = analyse_alone(text.sql, plan.spec, schema);
        }
        judge_locks(as, m, long_work_on_existing_table);
        ps.statements.push_back(std::move(as));
        ++piece;
      }
    }
    for (const auto& as : ps.statements) m.estimated_ms += as.estimate.millis;
  }

  for (const auto& f : report.findings) {
    if (is_file_level(f) || f.statement >= piece_of.size()) continue;
    const MigrationScript::Piece& p = script.pieces[piece_of[f.statement]];
    auto& statements = m.steps[p.step].statements;
    if (!statements.empty()) statements[std::min(p.statement, statements.size() - 1)].findings.push_back(f);
  }
  m.findings = report.findings;

  if (m.verdict != analyze::Verdict::Blocked && (m.offline || long_work_on_existing_table)) {
    m.verdict = analyze::Verdict::RequiresMaintenanceWindow;
    if (m.offline) m.verdict_reasons.push_back("strategy: offline (naive statements, application-visible breakage)");
  }
  fold_lint_verdict(m, report);

  schema = std::move(linted);
  mark_new_tables(m, schema);
  for (const auto& ps : m.steps) record_proofs(ps, schema);
}

void set_timeouts(Migration& m, const spec::Settings& s) {
  if (!m.transactional) return;  // outside a transaction SET would leak into the session
  m.lock_timeout_ms = s.lock_timeout_ms;
  const bool long_running = m.offline || std::any_of(m.steps.begin(), m.steps.end(), [](const PlannedStep& p) {
                              return p.step.long_running;
                            });
  // VALIDATE and offline rewrites legitimately run long under a weak (or announced) lock;
  // lock_timeout still bounds how long they may queue.
  m.statement_timeout_ms = long_running ? 0 : s.statement_timeout_ms;
}

// The migrations holding operation `op`'s first and last step.
std::optional<std::pair<std::size_t, std::size_t>> migrations_of(const Plan& plan, std::size_t op) {
  std::optional<std::pair<std::size_t, std::size_t>> span;
  for (const auto& m : plan.migrations) {
    for (const auto& ps : m.steps) {
      if (ps.operation != op) continue;
      if (!span) span = std::make_pair(m.index, m.index);
      span->second = m.index;
    }
  }
  return span;
}

// Whether a fact a verification check reads ("table K", "column K.c") holds in `schema`.
bool fact_holds(const model::Schema& schema, const std::string& fact) {
  const auto space = fact.find(' ');
  const std::string kind = fact.substr(0, space), rest = fact.substr(space + 1);
  if (kind == "table") return schema.tables.count(rest) > 0;
  if (kind == "column") {
    // The table key holds one dot ("public.users"); the column name follows the second.
    const auto dot = rest.find('.', rest.find('.') + 1);
    const auto t = schema.tables.find(rest.substr(0, dot));
    return t != schema.tables.end() && t->second.find_column(rest.substr(dot + 1));
  }
  return true;
}

// The tables the operations after the i-th rename, in spec order (Context::later_renames).
std::vector<TableRename> renames_after(const std::vector<std::unique_ptr<Operation>>& ops, std::size_t i) {
  std::vector<TableRename> renames;
  for (std::size_t j = i + 1; j < ops.size(); ++j) {
    if (auto r = ops[j]->renamed_table()) renames.push_back(*r);
  }
  return renames;
}

// verify.sql states the schema after the whole change, not after each operation: a check
// that a later operation's check about the same subject supersedes (a column added, then
// retyped or made NOT NULL), or that reads something the end state no longer has (a table
// renamed or dropped later), is left out.
std::vector<Check> final_state_checks(std::vector<Check> checks, const model::Schema& after) {
  std::vector<Check> out;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const Check& c = checks[i];
    const bool superseded = !c.subject.empty() && std::any_of(checks.begin() + static_cast<long>(i) + 1, checks.end(),
                                                              [&](const Check& later) { return later.subject == c.subject; });
    const bool readable = std::all_of(c.needs.begin(), c.needs.end(),
                                      [&](const std::string& fact) { return fact_holds(after, fact); });
    if (!superseded && readable) out.push_back(c);
  }
  return out;
}

void collect_checks(Plan& plan) {
  std::vector<Check> verify;
  for (std::size_t i = 0; i < plan.operations.size(); ++i) {
    const Operation& op = *plan.operations[i];
    const auto span = migrations_of(plan, i);
    for (auto& c : op.preflight()) {
      if (span) plan.migrations[c.at == CheckAt::FirstStep ? span->first : span->second].preflight.push_back(c);
      plan.preflight.push_back(std::move(c));
    }
    // verify.sql describes the end of the change: every later rename has happened by then,
    // whatever order the steps run in.
    Context ctx{plan.spec, op.strategy, renames_after(plan.operations, i)};
    for (auto& c : op.verify(ctx)) verify.push_back(c);
    op.describe(plan.impact);
  }
  plan.verify = final_state_checks(std::move(verify), plan.after);
}

// rename_table renames in the expand phase. An earlier operation on the table whose later
// steps (migrate, contract) still name the table by its old name would run them against the
// compatibility view an online rename leaves there, or against no table at all (offline, or a
// table new in this change), and fail; so the rename must come first. Reported at the earlier
// operation. (Operations that learn of the rename, Context::later_renames, name the new table.)
bool check_work_before_rename(const std::vector<std::unique_ptr<Operation>>& ops, const std::vector<PlannedStep>& steps,
                              core::Diagnostics& diags) {
  bool ok = true;
  for (std::size_t r = 0; r < ops.size(); ++r) {
    if (ops[r]->name() != "rename_table") continue;
    const bool leaves_view = std::any_of(steps.begin(), steps.end(), [&](const PlannedStep& ps) {
      return ps.operation == r && ps.step.phase == Phase::Contract;
    });
    const model::QualifiedName old_name = ops[r]->tables().front();
    std::set<std::size_t> reported;
    for (const auto& ps : steps) {
      if (ps.operation >= r || ps.step.phase == Phase::Expand || !(ps.step.table == old_name)) continue;
      if (!reported.insert(ps.operation).second) continue;
      diags.error("work-before-rename", ops[ps.operation]->where,
                  fmt::format("this operation's {} step works on '{}', but rename_table at line {} {} first (in the "
                              "expand phase)",
                              phase_name(ps.step.phase), model::display(old_name), ops[r]->where.line,
                              leaves_view ? "makes that name a compatibility view" : "renames the table"),
                  "put rename_table before the other operations on the table and name it by its new name in them");
      ok = false;
    }
  }
  return ok;
}

}  // namespace

std::optional<CurrentSchema> read_schema_file(const spec::ChangeSpec& spec, core::Diagnostics& diags) {
  std::error_code ec;
  if (!spec.schema_database.empty() || std::filesystem::is_directory(spec.schema_path, ec)) {
    // Only a caller that links lint/ and db/ reads these (cli/schema_source.hpp).
    diags.error("unsupported-schema-source", spec.schema_where,
                "this program reads `schema:` only as a schema file, not as a folder or a database",
                "run `schemashift plan`, which reads all three");
    return std::nullopt;
  }
  std::ifstream in(spec.schema_path, std::ios::binary);
  if (!in) {
    diags.error("unreadable-schema", spec.schema_where, "cannot read the schema file '" + spec.schema_path + "'",
                "`schema:` is a path relative to the spec file: a `pg_dump --schema-only` file or a folder of "
                "migrations; or `schema: {database: ENV_VAR}`");
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto schema = model::load_schema_sql(ss.str(), spec.schema_path, diags);
  if (!schema) return std::nullopt;
  return CurrentSchema{std::move(*schema), {}};
}

std::optional<Plan> build_plan(spec::ChangeSpec spec, core::Diagnostics& diags, const SchemaSource& source) {
  Plan plan;
  // Errors so far (the header's, an operation that does not decode) do not stop here: the
  // operations that did decode are still checked against the schema, so every problem is
  // reported in one run. An operation that failed to decode is skipped; the plan is only
  // built when there are no errors at all.
  auto ops_list = decode_operations(spec, diags);
  // No usable `schema:` (already reported).
  if (spec.schema_path.empty() && spec.schema_database.empty()) return std::nullopt;
  const std::size_t errors_before_schema = diags.error_count();
  auto current = source(spec, diags);
  // A schema source with errors gives no reliable model to check against.
  if (!current || diags.error_count() > errors_before_schema) return std::nullopt;
  plan.before = std::move(current->schema);
  spec.catalog_rows = std::move(current->row_estimates);
  check_row_hints(spec, plan.before, diags);

  model::Schema evolving = plan.before;
  bool ok = true;
  for (auto& op : ops_list) {
    op->strategy = op->strategy_override.value_or(spec.strategy);
    op->pg_version = spec.settings.pg_version;
    // Keep going after a failure so every problem is reported in one run.
    ok &= op->apply(evolving, diags);
  }
  if (!ok || diags.has_errors()) return std::nullopt;
  plan.after = evolving;
  plan.operations = std::move(ops_list);
  plan.spec = std::move(spec);

  const bool spec_order = plan.spec.strategy == spec::Strategy::Offline;
  std::vector<bool> online_ops;
  for (const auto& op : plan.operations) online_ops.push_back(op->strategy == spec::Strategy::Online);
  std::vector<PlannedStep> steps;
  for (std::size_t i = 0; i < plan.operations.size(); ++i) {
    const Operation& op = *plan.operations[i];
    Context ctx{plan.spec, op.strategy};
    // In spec order every step of an earlier operation runs before a later one's, so no
    // later rename has happened yet and no earlier SET NOT NULL is still to come.
    if (!spec_order) {
      ctx.later_renames = renames_after(plan.operations, i);
      for (std::size_t j = 0; j < i; ++j) {
        if (auto c = plan.operations[j]->not_null_after_expand()) ctx.earlier_not_null.push_back(*c);
      }
    }
    for (auto& s : op.steps(ctx)) steps.push_back({std::move(s), i, {}});
  }
  // Operations that learn of a later rename (ctx.later_renames) name the new table in their
  // later steps; any other later step on the old name is refused here.
  if (!spec_order && !check_work_before_rename(plan.operations, steps, diags)) return std::nullopt;
  plan.migrations =
      spec_order ? group_in_spec_order(std::move(steps), online_ops) : group_into_migrations(std::move(steps), plan.before);
  name_migrations(plan);
  model::Schema analysis_schema = plan.before;
  for (auto& m : plan.migrations) {
    m.rerunnable = std::all_of(m.steps.begin(), m.steps.end(), [](const PlannedStep& p) { return p.step.rerunnable; });
    // Before the analysis: the linter judges the lock_timeout the rendered file sets.
    set_timeouts(m, plan.spec.settings);
    analyse_migration(m, plan, analysis_schema);
    plan.estimated_ms += m.estimated_ms;
    if (static_cast<int>(m.verdict) > static_cast<int>(plan.verdict)) plan.verdict = m.verdict;
  }
  collect_checks(plan);
  for (const auto& d : diags.items()) {
    if (d.severity != core::Severity::Error) plan.warnings.push_back(d);
  }
  return plan;
}

std::optional<Plan> build_plan(const std::string& spec_path, core::Diagnostics& diags, const SchemaSource& source,
                               const spec::SchemaRef* default_schema) {
  auto spec = spec::read_change_spec(spec_path, diags, default_schema);
  if (!spec) return std::nullopt;
  // Header problems do not stop the operation and schema checks: build_plan reports those
  // too and returns nothing while any error is recorded.
  return build_plan(std::move(*spec), diags, source);
}

}  // namespace schemashift::plan
