#include "render/plan_json.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "core/duration.hpp"
#include "core/text.hpp"
#include "model/qualified_name.hpp"
#include "ops/batched_update.hpp"
#include "plan/row_counts.hpp"
#include "sql/quote.hpp"

namespace schemashift::render {

using nlohmann::json;

namespace {

// Statements joined as a script; no trailing newline (templates own the line breaks).
std::string statements_sql(const std::vector<plan::Statement>& statements) {
  std::string out;
  for (const auto& s : statements) out += (out.empty() ? "" : "\n") + s.sql + ";";
  return out;
}

std::vector<std::string> statement_texts(const std::vector<plan::Statement>& statements) {
  std::vector<std::string> out;
  for (const auto& s : statements) out.push_back(s.sql);
  return out;
}

// Each statement with its native action; backends decide per statement which to render
// (render/backend.cpp resolves "native" against the backend's descriptor).
json statements_json(const std::vector<plan::Statement>& statements) {
  json out = json::array();
  for (std::size_t i = 0; i < statements.size(); ++i) {
    out.push_back({{"sql", statements[i].sql},
                   {"sql_statement", statements[i].sql + ";"},
                   {"native", statements[i].native},
                   {"first", i == 0},
                   {"last", i + 1 == statements.size()}});
  }
  return out;
}

// "ACCESS EXCLUSIVE on contacts (catalog only)" — one entry per distinct lock.
std::vector<std::string> lock_lines(const plan::Migration& m) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& ps : m.steps) {
    for (const auto& st : ps.statements) {
      for (const auto& l : st.analysis.locks) {
        // Locks on relations created in this change block nobody: they are left out.
        if (l.mode == analyze::LockMode::None || l.is_new) continue;
        std::string line = fmt::format("{} on {} ({})", analyze::lock_mode_sql(l.mode), l.relation,
                                       analyze::work_name(l.work));
        if (seen.insert(line).second) out.push_back(line);
      }
    }
  }
  return out;
}

// One lint finding. Positions are left out: they point into the migration's statements
// joined as one script, not into any rendered file (see plan.hpp).
json finding_json(const analyze::Finding& f) {
  return {{"rule", f.rule},
          {"severity", analyze::severity_name(f.severity)},
          {"impact", analyze::impact_name(f.impact)},
          {"message", f.message},
          {"help", f.help},
          {"tolerated", f.tolerated},
          {"icon", f.severity == analyze::Severity::Error ? "✖" : (f.severity == analyze::Severity::Warning ? "⚠" : "ℹ")}};
}

// Errors and warnings: what the preview shows (hints are in the JSON and the README).
bool is_notable(const analyze::Finding& f) { return f.severity >= analyze::Severity::Warning; }

json findings_json(const std::vector<analyze::Finding>& findings, bool notable_only = false) {
  json out = json::array();
  for (const auto& f : findings) {
    if (!notable_only || is_notable(f)) out.push_back(finding_json(f));
  }
  return out;
}

std::vector<analyze::Finding> step_findings(const plan::PlannedStep& ps) {
  std::vector<analyze::Finding> out;
  for (const auto& st : ps.statements) out.insert(out.end(), st.findings.begin(), st.findings.end());
  return out;
}

// "no findings", "1 warning, 2 hints".
std::string findings_summary(const std::vector<analyze::Finding>& findings) {
  std::vector<std::string> parts;
  for (const auto severity : {analyze::Severity::Error, analyze::Severity::Warning, analyze::Severity::Hint}) {
    const auto n = std::count_if(findings.begin(), findings.end(),
                                 [&](const analyze::Finding& f) { return f.severity == severity; });
    if (n == 0) continue;
    const std::string name = analyze::severity_name(severity);
    parts.push_back(fmt::format("{} {}{}", n, name, n == 1 ? "" : "s"));
  }
  return parts.empty() ? std::string("no findings") : core::join(parts, ", ");
}

json statement_json(const plan::AnalysedStatement& s) {
  json locks = json::array();
  for (const auto& l : s.analysis.locks) {
    locks.push_back({{"relation", l.relation},
                     {"mode", analyze::lock_mode_sql(l.mode)},
                     {"work", analyze::work_name(l.work)},
                     {"blocks_reads", analyze::blocks_reads(l.mode)},
                     {"blocks_writes", analyze::blocks_writes(l.mode)},
                     {"new_relation", l.is_new}});
  }
  // Locals are moved into the result: an initializer list copies what it is given (a deep copy).
  return {{"summary", s.analysis.summary},
          {"locks", std::move(locks)},
          {"outside_transaction", s.analysis.must_run_outside_transaction},
          {"notes", s.analysis.notes},
          {"estimated_ms", static_cast<long long>(s.estimate.millis + 0.5)},
          {"estimate_basis", s.estimate.basis},
          {"findings", findings_json(s.findings)}};
}

json step_json(const plan::PlannedStep& ps, const plan::Plan& plan) {
  const plan::Step& s = ps.step;
  json statements = json::array();
  for (const auto& st : ps.statements) statements.push_back(statement_json(st));
  const std::vector<analyze::Finding> findings = step_findings(ps);
  json notable = findings_json(findings, true);
  const bool has_notable = !notable.empty();
  return {{"title", s.title},
          {"why", s.why},
          {"operation", plan.operations[ps.operation]->name()},
          {"operation_summary", plan.operations[ps.operation]->summary()},
          {"table", model::display(s.table)},
          {"up", statement_texts(s.up)},
          {"down", statement_texts(s.down)},
          {"up_statements", statements_json(s.up)},
          {"down_statements", statements_json(s.down)},
          {"up_sql", statements_sql(s.up)},
          {"down_sql", statements_sql(s.down)},
          {"has_down", !s.down.empty()},
          {"down_note", s.down_note.empty() ? json(nullptr) : json(s.down_note)},  // null: falsy in templates
          {"transactional", s.transactional},
          {"rerunnable", s.rerunnable},
          {"offline", s.offline},
          {"analysis", std::move(statements)},
          {"findings", findings_json(findings)},
          {"has_findings", !findings.empty()},
          {"notable_findings", std::move(notable)},
          {"has_notable_findings", has_notable}};
}

// Findings about the migration as a whole (no step to show them under).
json file_findings(const plan::Migration& m) {
  json out = json::array();
  for (const auto& f : m.findings) {
    if (plan::is_file_level(f)) out.push_back(finding_json(f));
  }
  return out;
}

// Every finding of the plan, in apply order, with where it is: the README lists them all.
json plan_findings_json(const plan::Plan& plan) {
  json out = json::array();
  for (const auto& m : plan.migrations) {
    auto add = [&](const analyze::Finding& f, const std::string& step) {
      json j = finding_json(f);
      j["migration"] = m.name();
      j["migration_number"] = m.index + 1;
      j["step"] = step.empty() ? json(nullptr) : json(step);  // null: falsy in templates
      out.push_back(std::move(j));
    };
    for (const auto& ps : m.steps) {
      for (const auto& f : step_findings(ps)) add(f, ps.step.title);
    }
    for (const auto& f : m.findings) {
      if (plan::is_file_level(f)) add(f, "");
    }
  }
  return out;
}

std::string downtime_text(const plan::Migration& m) {
  switch (m.verdict) {
    case analyze::Verdict::SafeToRun: return "No (online migration)";
    case analyze::Verdict::RequiresMaintenanceWindow: return "YES — schedule a maintenance window";
    case analyze::Verdict::Blocked: return "BLOCKED — this migration cannot run as written";
  }
  return "";
}

const char* expect_text(plan::Expect e) {
  switch (e) {
    case plan::Expect::True: return "must return true";
    case plan::Expect::Zero: return "must return 0";
    case plan::Expect::NoRows: return "must return no rows";
    case plan::Expect::Report: return "for information";
  }
  return "for information";
}

// `expect` says what result lets the change go ahead (plan::Expect); `last` lets a
// template put separators between items (the runner's manifest is JSON).
json checks_json(const std::vector<plan::Check>& checks) {
  json out = json::array();
  for (std::size_t i = 0; i < checks.size(); ++i) {
    out.push_back({{"number", i + 1},
                   {"title", checks[i].title},
                   {"title_literal", sql::quote_literal(std::to_string(i + 1) + ". " + checks[i].title)},
                   {"sql", checks[i].sql},
                   {"expect", core::expect_name(checks[i].expect)},
                   {"expect_text", expect_text(checks[i].expect)},
                   {"last", i + 1 == checks.size()}});
  }
  return out;
}

json migration_json(const plan::Migration& m, const plan::Plan& plan, const std::vector<plan::Phase>& phases) {
  json steps = json::array();
  for (const auto& ps : m.steps) steps.push_back(step_json(ps, plan));
  // Down: the steps' reverses, last step first.
  json down_steps = json::array();
  std::vector<std::string> down_notes;
  for (std::size_t i = m.steps.size(); i-- > 0;) {
    down_steps.push_back(steps[i]);
    if (!m.steps[i].step.down_note.empty()) down_notes.push_back(m.steps[i].step.down_note);
  }
  const auto phase_pos = std::find(phases.begin(), phases.end(), m.phase) - phases.begin();
  const std::vector<std::string> locks = lock_lines(m);
  const bool has_down = std::any_of(m.steps.begin(), m.steps.end(), [](const plan::PlannedStep& p) {
    return !p.step.down.empty();
  });
  return {{"index", m.index},
          {"number", m.index + 1},
          {"version", m.version},
          {"previous_version", m.index > 0 ? plan.migrations[m.index - 1].version : std::string()},
          {"slug", m.slug},
          {"name", m.name()},
          {"class_name", core::camelize(m.slug)},
          {"phase", plan::phase_name(m.phase)},
          {"phase_title", core::camelize(plan::phase_name(m.phase))},
          {"phase_description", plan::phase_description(m.phase)},
          {"phase_number", phase_pos + 1},
          {"is_expand", m.phase == plan::Phase::Expand},
          {"is_migrate", m.phase == plan::Phase::Migrate},
          {"is_contract", m.phase == plan::Phase::Contract},
          {"requires_review", m.phase == plan::Phase::Contract},
          {"transactional", m.transactional},
          {"rerunnable", m.rerunnable},
          {"offline", m.offline},
          {"sets_lock_timeout", m.lock_timeout_ms > 0},
          {"lock_timeout", core::format_duration(m.lock_timeout_ms)},
          {"lock_timeout_ms", m.lock_timeout_ms},
          {"sets_statement_timeout", m.transactional},
          {"statement_timeout", core::format_duration(m.statement_timeout_ms)},
          {"statement_timeout_ms", m.statement_timeout_ms},
          {"verdict", analyze::verdict_name(m.verdict)},
          {"verdict_reasons", m.verdict_reasons},
          {"safe", m.verdict == analyze::Verdict::SafeToRun},
          {"lint_verdict", analyze::verdict_name(m.lint_verdict)},
          {"findings_summary", findings_summary(m.findings)},
          {"has_findings", !m.findings.empty()},
          {"file_findings", file_findings(m)},
          {"downtime", downtime_text(m)},
          {"estimated", core::human_millis(m.estimated_ms)},
          {"estimated_ms", static_cast<long long>(m.estimated_ms + 0.5)},
          {"locks", locks},
          {"has_locks", !locks.empty()},
          {"locks_text", locks.empty() ? std::string("none on existing tables") : core::join(locks, "; ")},
          {"summary", m.steps.size() == 1 ? m.steps.front().step.title
                                          : fmt::format("{} (+{} more steps)", m.steps.front().step.title,
                                                        m.steps.size() - 1)},
          {"steps", std::move(steps)},
          {"multi_step", m.steps.size() > 1},
          {"down_steps", std::move(down_steps)},
          {"has_down", has_down},
          {"down_notes", down_notes},
          {"has_down_notes", !down_notes.empty()},
          {"preflight", checks_json(m.preflight)},
          {"has_preflight", !m.preflight.empty()},
          {"first", m.index == 0},
          {"last", m.index + 1 == plan.migrations.size()}};
}

// Mermaid flowchart: phases left to right, one node per migration, deploy gates between.
std::string mermaid(const plan::Plan& plan) {
  std::string out = "flowchart LR\n";
  std::map<plan::Phase, std::vector<const plan::Migration*>> by_phase;
  for (const auto& m : plan.migrations) by_phase[m.phase].push_back(&m);
  std::string previous;
  for (const auto& [phase, migrations] : by_phase) {
    const std::string id = plan::phase_name(phase);
    out += fmt::format("  subgraph {}[\"{}\"]\n    direction TB\n", id, core::camelize(id));
    std::string prev_node;
    for (const auto* m : migrations) {
      const std::string node = fmt::format("m{}", m->index + 1);
      std::string title = m->steps.front().step.title;
      std::replace(title.begin(), title.end(), '"', '\'');
      out += fmt::format("    {}[\"{}. {}\"]\n", node, m->index + 1, title);
      if (!prev_node.empty()) out += fmt::format("    {} --> {}\n", prev_node, node);
      prev_node = node;
    }
    out += "  end\n";
    if (!previous.empty()) {
      const char* gate = phase == plan::Phase::Contract ? "deploy code that no longer uses the old shape"
                                                       : "deploy code that works with both shapes";
      out += fmt::format("  {} -->|{}| {}\n", previous, gate, id);
    }
    previous = id;
  }
  return out;
}

json impact_json(const plan::Impact& impact) {
  json modified = json::array();
  for (const auto& [table, changes] : impact.modified_tables) {
    modified.push_back({{"table", table}, {"changes", changes}, {"changes_text", core::join(changes, ", ")}});
  }
  return {{"new_tables", impact.new_tables},         {"modified_tables", modified},
          {"constraints", impact.constraints},       {"indexes", impact.indexes},
          {"dropped", impact.dropped},               {"has_new_tables", !impact.new_tables.empty()},
          {"has_modified_tables", !modified.empty()}, {"has_constraints", !impact.constraints.empty()},
          {"has_indexes", !impact.indexes.empty()},  {"has_dropped", !impact.dropped.empty()}};
}

std::vector<std::string> touched_tables(const plan::Plan& plan) {
  std::set<std::string> names;
  for (const auto& op : plan.operations) {
    for (const auto& t : op->tables()) names.insert(model::display(t));
  }
  return {names.begin(), names.end()};
}

// The preview's "Performance Impact" and "Rollback Plan" numbers.
json performance_json(const plan::Plan& plan) {
  analyze::LockMode strongest = analyze::LockMode::None;
  double longest_blocking_ms = 0;
  std::string strongest_on;
  std::set<std::string> rows_tables;
  long long affected = 0;
  for (const auto& m : plan.migrations) {
    for (const auto& ps : m.steps) {
      for (const auto& st : ps.statements) {
        for (const auto& l : st.analysis.locks) {
          if (l.is_new) continue;
          if (static_cast<int>(l.mode) > static_cast<int>(strongest)) {
            strongest = l.mode;
            strongest_on = l.relation;
          }
          if ((analyze::blocks_writes(l.mode) || analyze::blocks_reads(l.mode)) && ps.step.kind != plan::StepKind::Backfill) {
            longest_blocking_ms = std::max(longest_blocking_ms, st.estimate.millis);
          }
          const bool touches_rows = l.work != analyze::Work::Catalog && l.work != analyze::Work::NewRelation;
          if (touches_rows && rows_tables.insert(l.relation).second) {
            if (const auto count = plan::row_count(plan.spec, l.relation)) affected += count->rows;
          }
        }
      }
    }
  }
  std::vector<std::string> loss;
  for (const auto& m : plan.migrations)
    for (const auto& ps : m.steps)
      if (core::starts_with(ps.step.down_note, "DATA LOSS")) loss.push_back(ps.step.down_note);
  const bool contract = std::any_of(plan.migrations.begin(), plan.migrations.end(),
                                    [](const plan::Migration& m) { return m.phase == plan::Phase::Contract; });
  const std::size_t n = plan.migrations.size();
  return {{"lock_required", strongest != analyze::LockMode::None},
          {"strongest_lock", strongest == analyze::LockMode::None ? std::string("none")
                                                                  : std::string(analyze::lock_mode_sql(strongest)) +
                                                                        " on " + strongest_on},
          {"longest_blocking_lock", core::human_millis(longest_blocking_ms)},
          {"affected_rows", affected},
          {"affected_rows_text", affected ? core::thousands(affected) : std::string("unknown (no rows: hints)")},
          {"data_loss_risk", loss.empty() ? std::string("None") : "Yes — " + core::join(loss, "; ")},
          {"rollback_complexity", n <= 2 && !contract ? "Low" : (n <= 5 ? "Medium" : "High")},
          {"rollback_migrations", n}};
}

}  // namespace

json plan_to_json(const plan::Plan& plan, MigrationViews views) {
  std::vector<plan::Phase> phases;
  for (const auto& m : plan.migrations) {
    if (std::find(phases.begin(), phases.end(), m.phase) == phases.end()) phases.push_back(m.phase);
  }
  json migrations = json::array();
  for (const auto& m : plan.migrations) migrations.push_back(migration_json(m, plan, phases));
  const auto view = [&](std::size_t i) {
    return views == MigrationViews::Copies ? migrations[i] : json{{kMigrationReference, i}};
  };
  json reversed = json::array();
  for (std::size_t i = migrations.size(); i-- > 0;) reversed.push_back(view(i));
  json phase_list = json::array();
  for (auto p : phases) {
    json ms = json::array();
    for (std::size_t i = 0; i < migrations.size(); ++i)
      if (migrations[i]["phase"] == plan::phase_name(p)) ms.push_back(view(i));
    std::string gate;
    if (p == plan::Phase::Expand) gate = "Then deploy application code that works with both the old and the new shape.";
    if (p == plan::Phase::Migrate && std::find(phases.begin(), phases.end(), plan::Phase::Contract) != phases.end())
      gate = "Then deploy application code that uses only the new shape; the contract phase removes the old one.";
    phase_list.push_back({{"name", plan::phase_name(p)},
                          {"gate", gate},
                          {"title", core::camelize(plan::phase_name(p))},
                          {"description", plan::phase_description(p)},
                          {"is_contract", p == plan::Phase::Contract},
                          {"migrations", std::move(ms)}});
  }
  json operations = json::array();
  for (const auto& op : plan.operations) {
    operations.push_back({{"name", op->name()},
                          {"summary", op->summary()},
                          {"strategy", spec::strategy_name(op->strategy)},
                          {"line", op->where.line}});
  }
  json warnings = json::array();
  for (const auto& w : plan.warnings) {
    warnings.push_back({{"code", w.code}, {"message", w.message}, {"hint", w.hint}, {"where", w.where.str()}});
  }
  json rows = json::object();
  for (const auto& [t, n] : plan.spec.rows) rows[t] = n;
  const bool has_contract = std::find(phases.begin(), phases.end(), plan::Phase::Contract) != phases.end();
  const bool has_migrate = std::find(phases.begin(), phases.end(), plan::Phase::Migrate) != phases.end();
  json all_findings = plan_findings_json(plan);
  const bool has_findings = !all_findings.empty();
  const bool has_warnings = !warnings.empty();
  std::vector<analyze::Finding> every_finding;
  for (const auto& m : plan.migrations) every_finding.insert(every_finding.end(), m.findings.begin(), m.findings.end());
  const auto& s = plan.spec;
  return {{"schemashift_version", SCHEMASHIFT_VERSION},
          {"generator", std::string("schemashift ") + SCHEMASHIFT_VERSION},
          {"issue", s.issue},
          {"title", s.title},
          {"purpose", s.purpose},
          {"author", s.author},
          {"created", s.created.iso()},
          {"created_human", s.created.human()},
          {"service", s.service},
          {"has_service", !s.service.empty()},
          {"change_name", s.name},
          {"spec_file", s.path},
          {"schema_file", s.schema_path},
          {"strategy", spec::strategy_name(s.strategy)},
          {"offline", s.strategy == spec::Strategy::Offline},
          {"settings",
           {{"lock_timeout_ms", s.settings.lock_timeout_ms},
            {"statement_timeout_ms", s.settings.statement_timeout_ms},
            {"lock_retries", s.settings.lock_retries},
            {"batch_size", s.settings.batch_size},
            {"batch_time_ms", s.settings.batch_time_ms},
            {"batch_max", s.settings.batch_max},
            {"batch_pause_ms", s.settings.batch_pause_ms},
            {"batch_pause_percent", s.settings.batch_pause_percent},
            {"pg_version", s.settings.pg_version}}},
          {"batch_sizing", ops::batch_sizing(s.settings.batch_size, s.settings)},
          {"lock_timeout", core::format_duration(s.settings.lock_timeout_ms)},
          {"lock_retries", s.settings.lock_retries},
          {"rows", std::move(rows)},
          {"rows_given", !s.rows.empty()},
          {"verdict", analyze::verdict_name(plan.verdict)},
          {"safe", plan.verdict == analyze::Verdict::SafeToRun},
          {"estimated", core::human_millis(plan.estimated_ms)},
          {"estimated_ms", static_cast<long long>(plan.estimated_ms + 0.5)},
          {"migration_count", plan.migrations.size()},
          {"migration_count_text", fmt::format("{} migration{}", plan.migrations.size(), plan.migrations.size() == 1 ? "" : "s")},
          {"migrations", std::move(migrations)},
          {"migrations_reversed", std::move(reversed)},
          {"phases", std::move(phase_list)},
          {"has_migrate_phase", has_migrate},
          {"has_contract_phase", has_contract},
          {"operations", std::move(operations)},
          {"impact", impact_json(plan.impact)},
          {"tables", touched_tables(plan)},
          {"preflight", checks_json(plan.preflight)},
          {"has_preflight", !plan.preflight.empty()},
          {"verify", checks_json(plan.verify)},
          {"has_verify", !plan.verify.empty()},
          {"warnings", std::move(warnings)},
          {"has_warnings", has_warnings},
          {"performance", performance_json(plan)},
          {"findings", std::move(all_findings)},
          {"has_findings", has_findings},
          {"findings_summary", findings_summary(every_finding)},
          {"mermaid", mermaid(plan)}};
}

}  // namespace schemashift::render
