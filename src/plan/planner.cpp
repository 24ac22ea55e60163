#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "core/text.hpp"
#include "model/sql_schema_loader.hpp"
#include "plan/plan.hpp"
#include "sql/parser.hpp"

namespace schemashift::plan {

namespace {

std::optional<model::Schema> load_schema(const spec::ChangeSpec& spec, core::Diagnostics& diags) {
  std::ifstream in(spec.schema_path, std::ios::binary);
  if (!in) {
    diags.error("unreadable-schema", spec.schema_where, "cannot read the schema file '" + spec.schema_path + "'",
                "`schema:` is a path relative to the spec file; produce it with `pg_dump --schema-only`");
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return model::load_schema_sql(ss.str(), spec.schema_path, diags);
}

void check_row_hints(const spec::ChangeSpec& spec, const model::Schema& schema, core::Diagnostics& diags) {
  for (const auto& [table, rows] : spec.rows) {
    const model::QualifiedName name = ops::parse_table_name(table);
    if (schema.find_table(name)) continue;
    diags.warning("unknown-table-hint", spec.rows_where.at(table),
                  "row-count hint for '" + table + "', which is not in the schema", "remove or correct it");
  }
}

// One transaction may hold several brief catalog changes; anything that must run outside a
// transaction, or that runs long (validation, backfill, index builds), gets a migration of
// its own so it never extends how long an ACCESS EXCLUSIVE lock is held.
std::vector<Migration> group_into_migrations(std::vector<PlannedStep> steps) {
  std::vector<Migration> out;
  for (ops::Phase phase : {ops::Phase::Expand, ops::Phase::Migrate, ops::Phase::Contract}) {
    Migration* open = nullptr;
    for (auto& ps : steps) {
      if (ps.step.phase != phase) continue;
      const bool alone = !ps.step.transactional || ps.step.long_running;
      if (alone || !open || open->offline != ps.step.offline) {
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
  if (m.steps.size() == 1 && m.steps.front().step.kind == ops::StepKind::Validate) label = "validate_" + label;
  if (m.steps.size() == 1 && m.steps.front().step.kind == ops::StepKind::Backfill && !core::starts_with(label, "backfill"))
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
    std::string base = core::slugify(fmt::format("issue_{}_{}_{}", plan.spec.issue, ops::phase_name(m.phase),
                                                 migration_label(m, plan)),
                                     64);
    std::string slug = base;
    for (int n = 2; !used.insert(slug).second; ++n) slug = base + "_" + std::to_string(n);
    m.slug = slug;
  }
}

std::optional<long long> rows_for(const spec::ChangeSpec& spec, const std::string& relation) {
  const model::QualifiedName n = ops::parse_table_name(relation);
  for (const auto& key : {relation, n.name, n.schema.empty() ? "public." + n.name : n.key()}) {
    auto it = spec.rows.find(key);
    if (it != spec.rows.end()) return it->second;
  }
  return std::nullopt;
}

// Estimate for a batched backfill: the DO block is opaque to the statement analyser, but
// its cost is known: every row of the table is visited once, in batches with pauses.
analyze::Estimate backfill_estimate(const spec::ChangeSpec& spec, const ops::Step& step) {
  analyze::StatementAnalysis a;
  a.locks.push_back({ops::display(step.table), analyze::LockMode::RowExclusive, analyze::Work::DataChange, false});
  const auto rows = rows_for(spec, ops::display(step.table));
  analyze::Estimate e = analyze::estimate(a, rows);
  if (rows) {
    const double batches = static_cast<double>(*rows) / static_cast<double>(std::max(1LL, spec.settings.batch_size));
    e.millis += batches * static_cast<double>(spec.settings.batch_pause_ms);
    e.basis += fmt::format(" + {} pauses of {} ms", core::thousands(static_cast<long long>(batches)),
                           spec.settings.batch_pause_ms);
  }
  return e;
}

// `schema` is the analyser's view as the plan progresses: a validated NOT NULL CHECK
// from an earlier migration is what lets a later SET NOT NULL skip its scan.
void record_proofs(const PlannedStep& ps, model::Schema& schema) {
  if (ps.step.proves_not_null.empty()) return;
  model::Table* t = schema.find_table(ps.step.table);
  if (!t) return;
  model::Constraint c;
  c.name = ps.step.proving_constraint;
  c.kind = model::ConstraintKind::Check;
  c.columns = {ps.step.proves_not_null};
  c.check_sql = ops::ident(ps.step.proves_not_null) + " IS NOT NULL";
  t->constraints.push_back(c);
}

void analyse_migration(Migration& m, const Plan& plan, std::set<std::string>& new_tables, model::Schema& schema) {
  analyze::Context ctx;
  ctx.pg_version = plan.spec.settings.pg_version;
  ctx.schema = &schema;
  bool long_work_on_existing_table = false;
  for (auto& ps : m.steps) {
    if (ps.step.kind == ops::StepKind::Backfill) {
      AnalysedStatement as;
      as.sql = ps.step.up.front();
      as.analysis.summary = "batched UPDATE " + ops::display(ps.step.table);
      as.analysis.locks.push_back({ops::display(ps.step.table), analyze::LockMode::RowExclusive,
                                   analyze::Work::DataChange, false});
      as.analysis.notes.push_back("one transaction per batch: row locks last one batch");
      as.estimate = backfill_estimate(plan.spec, ps.step);
      m.estimated_ms += as.estimate.millis;
      ps.statements.push_back(as);
      if (ps.step.offline) long_work_on_existing_table = true;
      continue;
    }
    for (const auto& text : ps.step.up) {
      AnalysedStatement as;
      as.sql = text.sql;
      sql::Script script = sql::parse_script(text.sql);
      if (!script.error && !script.statements.empty()) {
        ctx.new_tables = new_tables;
        as.analysis = analyze::analyze_statement(script.statements.front(), ctx);
        std::optional<long long> rows;
        for (const auto& l : as.analysis.locks) {
          if (!l.is_new) rows = rows_for(plan.spec, l.relation);
          if (rows) break;
        }
        as.estimate = analyze::estimate(as.analysis, rows);
        for (const auto& l : as.analysis.locks) {
          if (l.work == analyze::Work::NewRelation) new_tables.insert(ops::parse_table_name(l.relation).key());
          const bool long_work = l.work == analyze::Work::Scan || l.work == analyze::Work::Rewrite ||
                                 l.work == analyze::Work::IndexBuild || l.work == analyze::Work::DataChange;
          if (!l.is_new && long_work && (analyze::blocks_writes(l.mode) || analyze::blocks_reads(l.mode))) {
            long_work_on_existing_table = true;
            m.verdict_reasons.push_back(fmt::format("{}: {} on {} while holding {}", as.analysis.summary,
                                                    analyze::work_name(l.work), l.relation,
                                                    analyze::lock_mode_sql(l.mode)));
          }
        }
        if (m.transactional && as.analysis.must_run_outside_transaction) {
          m.verdict = analyze::Verdict::Blocked;
          m.verdict_reasons.push_back(as.analysis.summary + " cannot run inside a transaction block");
        }
      } else {
        as.analysis.summary = "unparsed statement";
      }
      m.estimated_ms += as.estimate.millis;
      ps.statements.push_back(as);
    }
    record_proofs(ps, schema);
  }
  if (m.verdict != analyze::Verdict::Blocked && (m.offline || long_work_on_existing_table)) {
    m.verdict = analyze::Verdict::RequiresMaintenanceWindow;
    if (m.offline) m.verdict_reasons.push_back("strategy: offline (naive statements, application-visible breakage)");
  }
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

void collect_checks(Plan& plan) {
  for (const auto& op : plan.operations) {
    for (auto& c : op->preflight()) plan.preflight.push_back(c);
    for (auto& c : op->verify()) plan.verify.push_back(c);
    op->describe(plan.impact);
  }
}

}  // namespace

std::optional<Plan> build_plan(spec::ChangeSpec spec, core::Diagnostics& diags) {
  Plan plan;
  // Errors so far (the header's, an operation that does not decode) do not stop here: the
  // operations that did decode are still checked against the schema, so every problem is
  // reported in one run. An operation that failed to decode is skipped; the plan is only
  // built when there are no errors at all.
  auto ops_list = ops::decode_operations(spec, diags);
  if (spec.schema_path.empty()) return std::nullopt;  // no usable `schema:` (already reported)
  const std::size_t errors_before_schema = diags.error_count();
  auto schema = load_schema(spec, diags);
  // A schema file with errors gives no reliable model to check against.
  if (!schema || diags.error_count() > errors_before_schema) return std::nullopt;
  plan.before = *schema;
  check_row_hints(spec, plan.before, diags);

  model::Schema evolving = plan.before;
  bool ok = true;
  for (auto& op : ops_list) {
    op->strategy = op->strategy_override.value_or(spec.strategy);
    // Keep going after a failure so every problem is reported in one run.
    ok &= op->apply(evolving, diags);
  }
  if (!ok || diags.has_errors()) return std::nullopt;
  plan.after = evolving;
  plan.operations = std::move(ops_list);
  plan.spec = std::move(spec);

  std::vector<PlannedStep> steps;
  for (std::size_t i = 0; i < plan.operations.size(); ++i) {
    const ops::Operation& op = *plan.operations[i];
    ops::Context ctx{plan.spec, op.strategy};
    for (auto& s : op.steps(ctx)) steps.push_back({std::move(s), i, {}});
  }
  plan.migrations = group_into_migrations(std::move(steps));
  name_migrations(plan);
  std::set<std::string> new_tables;
  model::Schema analysis_schema = plan.before;
  for (auto& m : plan.migrations) {
    m.rerunnable = std::all_of(m.steps.begin(), m.steps.end(), [](const PlannedStep& p) { return p.step.rerunnable; });
    set_timeouts(m, plan.spec.settings);
    analyse_migration(m, plan, new_tables, analysis_schema);
    plan.estimated_ms += m.estimated_ms;
    if (static_cast<int>(m.verdict) > static_cast<int>(plan.verdict)) plan.verdict = m.verdict;
  }
  collect_checks(plan);
  for (const auto& d : diags.items()) {
    if (d.severity != core::Severity::Error) plan.warnings.push_back(d);
  }
  return plan;
}

std::optional<Plan> build_plan(const std::string& spec_path, core::Diagnostics& diags) {
  auto spec = spec::read_change_spec(spec_path, diags);
  if (!spec) return std::nullopt;
  // Header problems do not stop the operation and schema checks: build_plan reports those
  // too and returns nothing while any error is recorded.
  return build_plan(std::move(*spec), diags);
}

}  // namespace schemashift::plan
