// The rule registry, severity/impact names and helpers rule files share.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>

#include "analyze/rule.hpp"
#include "model/names_from_tree.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze {

namespace {

std::vector<std::unique_ptr<Rule>>& storage() {
  static std::vector<std::unique_ptr<Rule>> rules;
  return rules;
}

std::vector<const Rule*>& sorted_view() {
  static std::vector<const Rule*> view;
  return view;
}

}  // namespace

bool add_rule(std::vector<std::unique_ptr<Rule>>& rules, std::unique_ptr<Rule> rule) {
  const std::string& id = rule->info().id;
  const bool taken = std::any_of(rules.begin(), rules.end(), [&](const auto& r) { return r->info().id == id; });
  if (taken) return false;
  rules.push_back(std::move(rule));
  return true;
}

void register_rule(std::unique_ptr<Rule> rule) {
  // A duplicate id is a programming error that must not ship (suppressions, config and
  // reports name rules by id): fail at start-up, as operations do.
  if (!add_rule(storage(), std::move(rule))) std::abort();
  auto& view = sorted_view();
  view.clear();
  for (const auto& r : storage()) view.push_back(r.get());
  std::sort(view.begin(), view.end(), [](const Rule* a, const Rule* b) { return a->info().id < b->info().id; });
}

const std::vector<const Rule*>& all_rules() { return sorted_view(); }

const Rule* find_rule(const std::string& id) {
  for (const Rule* r : all_rules()) {
    if (r->info().id == id) return r;
  }
  return nullptr;
}

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Off: return "off";
    case Severity::Hint: return "hint";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "off";
}

std::optional<Severity> parse_severity(const std::string& s) {
  for (const Severity v : {Severity::Off, Severity::Hint, Severity::Warning, Severity::Error}) {
    if (s == severity_name(v)) return v;
  }
  return std::nullopt;
}

const char* impact_name(Impact i) {
  switch (i) {
    case Impact::Fails: return "fails";
    case Impact::Breaking: return "breaking";
    case Impact::Blocking: return "blocking";
    case Impact::Risk: return "risk";
    case Impact::Hygiene: return "hygiene";
  }
  return "risk";
}

bool is_existing(const RelationLock& lock) { return !lock.is_new && lock.mode != LockMode::None; }

const RelationLock* lock_on(const StatementAnalysis& a, const std::string& relation) {
  for (const auto& l : a.locks) {
    if (l.relation == relation) return &l;
  }
  return nullptr;
}

std::vector<const sql::tree::json*> alter_commands(const sql::tree::json& alter_table_body) {
  std::vector<const sql::tree::json*> out;
  for (const auto& item : sql::tree::items(sql::tree::member(alter_table_body, "cmds"))) {
    const auto& cmd = sql::tree::body(item, "AlterTableCmd");
    if (cmd.is_object()) out.push_back(&cmd);
  }
  return out;
}

StatementAnalysis analyze_alone(const StatementView& s, const sql::tree::json& cmd, const LintState& state) {
  if (alter_commands(s.node).size() == 1) return s.analysis;
  // The statement with only this command: {kind: {...the body, "cmds": [{"AlterTableCmd": cmd}]}}.
  sql::tree::Builder tree;
  std::vector<sql::tree::Member> members;
  for (const auto& member : s.node.items()) {
    if (member.key() != "cmds") members.push_back({tree.key(member.key()), tree.copy(member.value())});
  }
  const sql::tree::Node command = tree.object({{tree.key("AlterTableCmd"), tree.copy(cmd)}});
  members.push_back({tree.key("cmds"), tree.array({command})});
  const sql::tree::Node alter = tree.object(members.data(), members.size());
  const sql::tree::Node root = tree.object({{tree.key(s.kind), alter}});
  sql::Statement single = s.statement;
  single.tree = std::move(tree).finish(root);
  return analyze_statement(single, analysis_context(state));
}

namespace {

Context context_without_new_tables(const LintState& state) {
  Context context;
  context.pg_version = state.pg_version;
  context.schema = state.schema;
  context.time_zone_utc = state.time_zone_utc;
  for (const auto& [key, fill] : state.filled_tables) context.filled_tables.insert(key);
  context.seeded_tables = state.seeded_tables;
  return context;
}

}  // namespace

Context analysis_context(const LintState& state) {
  Context context = context_without_new_tables(state);
  context.new_tables = state.new_tables;
  return context;
}

Context analysis_context(LintState& state, Borrow) {
  Context context = context_without_new_tables(state);
  context.new_tables = std::move(state.new_tables);
  return context;
}

std::string written_relation(const sql::tree::json& range_var) { return model::relation_name(range_var).display(); }

}  // namespace schemashift::analyze
