#include "import/importer.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "core/duration.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"
#include "import/equivalence.hpp"
#include "import/liquibase_source.hpp"
#include "import/native_mapping.hpp"
#include "import/source.hpp"
#include "model/sql_schema_loader.hpp"
#include "plan/plan.hpp"
#include "spec/change_spec.hpp"
#include "spec/yaml_writer.hpp"
#include "sql/quote.hpp"
#include "sql/tree.hpp"

namespace schemashift::import {

namespace fs = std::filesystem;
using spec::YamlValue;
using sql::tree::json;
using sql::tree::member;

namespace {

constexpr const char* kHistoryDir = "import-history";

std::string transaction_kind(const sql::Statement& st) {
  return sql::tree::text(member(st.tree, "TransactionStmt"), "kind");
}

// Statements PostgreSQL refuses inside a transaction block (postgres-facts §4.1); a DO
// block that COMMITs is one too.
bool must_run_outside(const sql::Statement& st) {
  if (sql::tree::flag(member(st.tree, "IndexStmt"), "concurrent")) return true;
  if (sql::tree::flag(member(st.tree, "DropStmt"), "concurrent")) return true;
  for (const char* kind : {"VacuumStmt", "CreatedbStmt", "DropdbStmt", "AlterSystemStmt", "CreateTableSpaceStmt",
                           "DropTableSpaceStmt"}) {
    if (!member(st.tree, kind).is_null()) return true;
  }
  // ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+).
  for (const json& cmd : sql::tree::items(member(st.tree, "AlterTableStmt", "cmds"))) {
    if (sql::tree::flag(member(cmd, "AlterTableCmd", "def", "PartitionCmd"), "concurrent")) return true;
  }
  if (const json& r = member(st.tree, "ReindexStmt"); !r.is_null()) {
    return st.text.find("CONCURRENTLY") != std::string::npos || st.text.find("concurrently") != std::string::npos;
  }
  if (!member(st.tree, "DoStmt").is_null()) {
    std::string upper = st.text;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return upper.find("COMMIT") != std::string::npos || upper.find("ROLLBACK") != std::string::npos;
  }
  return false;
}

// SET LOCAL lock_timeout / statement_timeout = '...': the value in ms, or nullopt.
std::optional<std::pair<std::string, long long>> timeout_setting(const sql::Statement& st) {
  const json& set = member(st.tree, "VariableSetStmt");
  if (set.is_null() || !sql::tree::flag(set, "is_local")) return std::nullopt;
  const std::string name = sql::tree::text(set, "name");
  if (name != "lock_timeout" && name != "statement_timeout") return std::nullopt;
  const auto args = sql::tree::items(member(set, "args"));
  if (args.size() != 1) return std::nullopt;
  const json& c = member(args[0], "A_Const");
  std::string value = sql::tree::text(member(c, "sval"), "sval");
  if (value.empty() && !member(c, "ival").is_null()) {
    const json& i = member(c, "ival", "ival");
    value = i.is_number_integer() ? std::to_string(i.get<std::int64_t>()) : "0";
  }
  const auto ms = core::parse_duration(value);
  if (!ms) return std::nullopt;
  return std::make_pair(name, *ms);
}

// One script (an up or a down) split into what runs: statements in order, the transaction
// wrapper and leading timeouts taken off (scaffold writes its own from `settings:`).
struct Parsed {
  std::string text;  // the whole file (statement offsets point into it)
  std::vector<sql::Statement> statements;
  std::map<std::string, long long> timeouts;
  std::vector<std::string> notes;  // for the report
  // Per statement: a BEGIN or COMMIT taken off lies just before it, so raw SQL runs are cut
  // there (an operation's text never holds a transaction statement).
  std::vector<bool> after_cut;
  bool ok = true;
};

Parsed parse(const Script& s, core::Diagnostics& diags) {
  Parsed p;
  p.text = s.text;
  sql::Script script = sql::parse_script(s.text);
  if (script.error) {
    diags.error("sql-syntax", locate(s, script.error->line, script.error->column),
                "SQL does not parse: " + script.error->message,
                "fix the statement (schemashift reads PostgreSQL " + std::to_string(sql::grammar_version()) +
                    "'s grammar); the other migrations are still imported but nothing is written");
    p.ok = false;
    return p;
  }
  for (auto& st : script.statements) {
    if (st.offset >= s.begin && st.offset < s.end) p.statements.push_back(std::move(st));
  }
  auto& v = p.statements;
  // BEGIN ... COMMIT blocks (a psql file may hold several, with autocommit statements
  // between them) are taken off: the spec's migration is the transaction. Several blocks
  // then share it, as a file's autocommit statements do (below): the same catalog once all
  // succeed. Anything else (ROLLBACK, SAVEPOINT, a BEGIN inside a block, a COMMIT outside
  // one) is refused.
  std::vector<sql::Statement> kept;
  bool in_block = false, cut = false;
  int blocks = 0;
  for (auto& st : v) {
    const std::string kind = transaction_kind(st);
    if (kind.empty()) {
      if (in_block && must_run_outside(st)) {
        // The source fails here; a history keeps such a file when a later one retries it.
        p.notes.push_back(fmt::format("line {}: PostgreSQL refuses `{}` inside the file's BEGIN ... COMMIT (the "
                                      "source fails here); the spec runs it outside a transaction",
                                      st.line, core::trim(st.text).substr(0, 60)));
      }
      kept.push_back(std::move(st));
      p.after_cut.push_back(cut && kept.size() > 1);
      cut = false;
      continue;
    }
    cut = true;
    const bool begin = kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START";
    const bool commit = kind == "TRANS_STMT_COMMIT";
    if ((begin && !in_block) || (commit && in_block)) {
      in_block = begin;
      blocks += begin ? 1 : 0;
      continue;
    }
    p.ok = false;
    diags.error("import-transaction-control", locate(s, st.line, st.column),
                "a transaction statement (" + core::trim(st.text) + ") the spec cannot keep",
                "a spec's migrations run in the transactions scaffold writes; BEGIN ... COMMIT blocks are "
                "understood, ROLLBACK, SAVEPOINT and an unclosed BEGIN are not");
  }
  if (in_block && p.ok) {
    p.ok = false;
    diags.error("import-transaction-control", locate(s, 1, 1), "a BEGIN without its COMMIT",
                "close the transaction block, or remove its BEGIN");
  }
  v = std::move(kept);
  if (blocks > 1) {
    p.notes.push_back(fmt::format("the file's {} BEGIN ... COMMIT blocks run as one transaction (a failure part-way "
                                  "leaves nothing applied, not the blocks before it)",
                                  blocks));
  }
  // Leading SET LOCAL timeouts, inside the file's own BEGIN or the one its framework opens,
  // are what `settings:` renders at the top of the migration's transaction.
  while (!v.empty()) {
    auto t = timeout_setting(v.front());
    if (!t || p.timeouts.count(t->first)) break;
    p.timeouts.insert(*t);
    v.erase(v.begin());
    p.after_cut.erase(p.after_cut.begin());
  }
  return p;
}

// A run of statements that shares one transaction, or one statement that must run outside.
struct Unit {
  std::size_t statement = 0;
  std::optional<NativeCandidate> candidate;
  std::optional<model::Schema> before;  // for the equivalence check of a candidate
  bool native = false;
  bool outside = false;
  bool after_cut = false;  // Parsed::after_cut
};

// An operation of the spec: a native one (one statement) or raw SQL (a run of statements).
struct OpPlan {
  std::vector<std::size_t> units;
  bool native = false;
  bool outside = false;
  std::string down;          // raw: the down SQL, "" for none
};

std::vector<OpPlan> group_ops(const std::vector<Unit>& units) {
  std::vector<OpPlan> ops;
  for (std::size_t i = 0; i < units.size(); ++i) {
    const Unit& u = units[i];
    const bool join =
        !ops.empty() && !ops.back().native && !u.native && !u.outside && !ops.back().outside && !u.after_cut;
    if (!join) {
      ops.emplace_back();
      ops.back().native = u.native;
      ops.back().outside = u.outside;
    }
    ops.back().units.push_back(i);
  }
  return ops;
}

std::string span_text(const Parsed& p, const std::vector<Unit>& units, const OpPlan& op) {
  const sql::Statement& first = p.statements[units[op.units.front()].statement];
  const sql::Statement& last = p.statements[units[op.units.back()].statement];
  return p.text.substr(first.offset, last.offset + last.text.size() - first.offset);
}

// `has_down_file`: the source has a down script, so raw SQL it gives nothing for is undone by
// nothing on purpose (a COMMENT on a table the down drops); without one, raw SQL is irreversible.
YamlValue operations_value(const Parsed& p, const std::vector<Unit>& units, const std::vector<OpPlan>& ops,
                           const std::string& raw_phase, bool with_downs, bool has_down_file = false) {
  YamlValue list = YamlValue::seq();
  for (const auto& op : ops) {
    YamlValue item;
    if (op.native) {
      const NativeCandidate& c = *units[op.units.front()].candidate;
      item.set(c.operation, c.body);
    } else {
      YamlValue body;
      body.set("up", YamlValue::string(span_text(p, units, op)));
      if (with_downs && !op.down.empty()) body.set("down", YamlValue::string(op.down));
      if (with_downs && op.down.empty()) {
        item.comments.push_back(has_down_file ? "no down: the source's down script undoes this SQL with nothing"
                                              : "irreversible: the source has no down for this SQL");
      }
      if (op.outside) body.set("transactional", YamlValue::literal("false"));
      if (raw_phase != "expand") body.set("phase", YamlValue::string(raw_phase));
      item.set("sql", std::move(body));
    }
    list.push(std::move(item));
  }
  return list;
}

// The settings a script leaves changed for the rest of its session, in the order first
// set: SET without LOCAL, and pg_dump's `SELECT pg_catalog.set_config(name, value, false)`;
// a later RESET (or RESET ALL) in the script takes one off.
std::vector<std::string> session_settings(const Parsed& p) {
  std::vector<std::string> names;
  auto add = [&](const std::string& n) {
    if (!n.empty() && std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  };
  for (const auto& st : p.statements) {
    const json& set = member(st.tree, "VariableSetStmt");
    if (!set.is_null()) {
      const std::string kind = sql::tree::text(set, "kind"), name = sql::tree::text(set, "name");
      if (kind == "VAR_RESET_ALL") names.clear();
      if (kind == "VAR_RESET") names.erase(std::remove(names.begin(), names.end(), name), names.end());
      if (!sql::tree::flag(set, "is_local") && (kind == "VAR_SET_VALUE" || kind == "VAR_SET_DEFAULT" ||
                                                kind == "VAR_SET_CURRENT")) {
        add(name);
      }
      continue;
    }
    for (const auto& target : sql::tree::items(member(st.tree, "SelectStmt", "targetList"))) {
      const json& call = member(target, "ResTarget", "val", "FuncCall");
      const auto fn = sql::tree::string_list(member(call, "funcname"));
      const auto args = sql::tree::items(member(call, "args"));
      if (fn.empty() || fn.back() != "set_config" || args.size() != 3) continue;
      const json& is_local = member(args[2], "A_Const", "boolval");
      if (!is_local.is_null() && !sql::tree::flag(is_local, "boolval")) {
        add(sql::tree::text(member(args[0], "A_Const", "sval"), "sval"));
      }
    }
  }
  return names;
}

struct Header {
  long long issue = 1;
  std::string title, purpose, author, name;
  core::Timestamp created;
  YamlValue schema;
  std::map<std::string, long long> timeouts;
};

std::string spec_text(const Header& h, YamlValue operations, const std::vector<std::string>& comments) {
  YamlValue root;
  YamlValue& issue = root.set("issue", YamlValue::literal(std::to_string(h.issue)));
  issue.comments = comments;
  root.set("title", YamlValue::string(h.title));
  root.set("purpose", YamlValue::string(h.purpose));
  root.set("author", YamlValue::string(h.author));
  root.set("created", YamlValue::literal(h.created.iso()));
  root.set("name", YamlValue::string(h.name));
  root.set("schema", h.schema);
  root.set("strategy", YamlValue::string("offline"));
  YamlValue settings;
  for (const char* key : {"lock_timeout", "statement_timeout"}) {
    const auto it = h.timeouts.find(key);
    settings.set(key, YamlValue::literal(it == h.timeouts.end() ? "0" : std::to_string(it->second) + "ms"));
  }
  root.set("settings", std::move(settings));
  root.set("operations", std::move(operations));
  return spec::write_yaml(root);
}

// The plan of a candidate spec: its migrations must be the source's transactions, and
// every native operation's one statement equivalent to its source statement.
struct Trial {
  std::optional<plan::Plan> plan;
  bool faithful = false;
};

Trial try_plan(const std::string& text, const model::Schema& schema, const Parsed& p, const std::vector<Unit>& units,
               const std::vector<OpPlan>& ops) {
  Trial t;
  core::Diagnostics diags;
  auto spec = spec::parse_change_spec(text, "import.yaml", diags);
  if (!spec || diags.has_errors()) return t;
  const plan::SchemaSource source = [&](const spec::ChangeSpec&, core::Diagnostics&) {
    return std::optional<plan::CurrentSchema>(plan::CurrentSchema{schema, {}});
  };
  t.plan = plan::build_plan(std::move(*spec), diags, source);
  if (!t.plan || diags.has_errors()) return t;
  // Expected transactions: consecutive ops inside one, an outside op alone.
  std::vector<std::pair<bool, std::vector<std::size_t>>> expected;  // (transactional, ops)
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].outside || expected.empty() || !expected.back().first) expected.push_back({!ops[i].outside, {}});
    expected.back().second.push_back(i);
  }
  const auto& ms = t.plan->migrations;
  if (ms.size() != expected.size()) return t;
  for (std::size_t m = 0; m < ms.size(); ++m) {
    if (ms[m].transactional != expected[m].first) return t;
    std::vector<std::size_t> seen;
    for (const auto& ps : ms[m].steps) {
      if (!seen.empty() && ps.operation < seen.back()) return t;
      const OpPlan& op = ops[ps.operation];
      if (std::find(expected[m].second.begin(), expected[m].second.end(), ps.operation) == expected[m].second.end()) {
        return t;
      }
      if (op.native) {
        if (ps.step.up.size() != 1) return t;
        const Unit& u = units[op.units.front()];
        if (!equivalent(p.statements[u.statement], p.text, ps.step.up.front().sql, *u.before)) return t;
      } else if (ps.step.up.size() != op.units.size()) {
        return t;
      }
      seen.push_back(ps.operation);
    }
    if (seen.size() != expected[m].second.size()) return t;
  }
  t.faithful = true;
  return t;
}

std::string stem_version(const SourceMigration& m, std::size_t index) {
  return m.version.empty() ? std::to_string(index + 1) : m.version;
}

std::optional<core::Timestamp> timestamp_of(const std::string& version) {
  std::string digits;
  for (char c : version) {
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
  }
  if (digits.size() != 14) return std::nullopt;
  return core::Timestamp::parse(fmt::format("{}-{}-{}T{}:{}:{}Z", digits.substr(0, 4), digits.substr(4, 2),
                                            digits.substr(6, 2), digits.substr(8, 2), digits.substr(10, 2),
                                            digits.substr(12, 2)));
}

// Derived downs of the native operations, matched against the down file's statements.
struct DownMatch {
  std::vector<std::string> notes;
  std::map<std::size_t, std::size_t> native_at;  // native op -> the down file's statement its down matched
  std::vector<bool> used;                        // per down-file statement
  std::vector<std::size_t> missing;              // native ops with a derived down the file does not run
};

DownMatch match_downs(const plan::Plan& plan, const std::vector<OpPlan>& ops, const Parsed& down,
                      const model::Schema& after) {
  DownMatch out;
  out.used.assign(down.statements.size(), false);
  for (const auto& m : plan.migrations) {
    for (const auto& ps : m.steps) {
      if (!ops[ps.operation].native) continue;
      for (const auto& d : ps.step.down) {
        bool found = false;
        for (std::size_t i = 0; i < down.statements.size() && !found; ++i) {
          if (out.used[i]) continue;
          if (equivalent(down.statements[i], down.text, d.sql, after)) {
            out.used[i] = found = true;
            out.native_at.emplace(ps.operation, i);
          }
        }
        if (!found) {
          out.notes.push_back("derived down `" + core::trim(d.sql) + "` is not in the down file");
          out.missing.push_back(ps.operation);
        }
      }
    }
  }
  return out;
}

// The down file's statements that no native operation accounts for, given to the raw
// operations by position: a down file undoes in reverse order, so what lies between the
// downs of the native operations around a raw operation (in the file, between the later
// one's and the earlier one's) undoes it. False when the matched downs are not in reverse
// order, or an outside-transaction operation would get more than one statement.
bool assign_downs_by_position(std::vector<OpPlan>& ops, const Parsed& down, const DownMatch& dm) {
  const long n = static_cast<long>(down.statements.size());
  long previous_at = -2;  // down-file index of the last matched native before, in up order
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (const auto it = dm.native_at.find(i); it != dm.native_at.end()) {
      if (previous_at != -2 && static_cast<long>(it->second) > previous_at) return false;
      previous_at = static_cast<long>(it->second);
    }
  }
  std::vector<std::string> assigned(ops.size());
  std::vector<int> owners(down.statements.size(), 0);  // raw operations a statement would go to
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].native) continue;
    long upper = n, lower = -1;  // (lower, upper) exclusive
    for (std::size_t j = i; j-- > 0;) {
      if (auto it = dm.native_at.find(j); it != dm.native_at.end()) { upper = static_cast<long>(it->second); break; }
    }
    for (std::size_t j = i + 1; j < ops.size(); ++j) {
      if (auto it = dm.native_at.find(j); it != dm.native_at.end()) { lower = static_cast<long>(it->second); break; }
    }
    std::vector<std::string> mine;
    for (long k = lower + 1; k < upper; ++k) {
      if (dm.used[static_cast<std::size_t>(k)]) continue;
      mine.push_back(core::trim(down.statements[static_cast<std::size_t>(k)].text));
      if (++owners[static_cast<std::size_t>(k)] > 1) return false;  // two raw operations in one gap
    }
    if (ops[i].outside && mine.size() > 1) return false;
    assigned[i] = mine.empty() ? "" : core::join(mine, ";\n") + (ops[i].outside ? "" : ";");
  }
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (!ops[i].native) ops[i].down = assigned[i];
  }
  return true;
}

}  // namespace

Result import_folder(const Options& o, core::Diagnostics& diags) {
  Result result;
  const auto changelog = o.layout == lint::Layout::Auto ? find_liquibase_changelog(o.folder, o.liquibase)
                                                         : std::optional<std::string>();
  SourceFolder folder = changelog ? read_liquibase_source(*changelog, diags)
                                  : read_source_folder(o.folder, o.layout, diags);
  result.layout = !folder.tool.empty() ? folder.tool
                                       : std::string(lint::layout_name(folder.layout)) + (folder.dbmate.empty() ? "" : " (dbmate)");
  result.notes = folder.notes;
  // Plain SQL files (not dbmate's, not a changelog's) are run by psql -f, one session each.
  const bool own_session = !changelog && folder.layout == lint::Layout::Sql && folder.dbmate.empty();
  const std::size_t width = std::max<std::size_t>(4, std::to_string(folder.migrations.size()).size());
  auto history_name = [&](std::size_t n, const std::string& slug) {
    return fmt::format("{}/{:0>{}}_{}.sql", kHistoryDir, n, width, slug);
  };

  model::Schema schema;
  if (!o.base_schema.empty()) {
    std::ifstream in(o.base_schema, std::ios::binary);
    if (!in) throw core::Error("cannot read " + o.base_schema);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string base = ss.str();
    model::MigrationScript script{o.base_schema, base};
    auto s = model::replay_migrations({script}, diags);
    if (!s) return result;
    schema = std::move(*s);
    result.outputs.push_back({history_name(0, "base"), base});
  }

  // Issues: --issue-base N counts up from N; else small integer versions are the issues.
  bool versions_as_issues = o.issue_base == 0 && !folder.migrations.empty();
  for (const auto& m : folder.migrations) {
    if (m.version.empty() || m.version.size() > 9 || m.version.find_first_not_of("0123456789") != std::string::npos ||
        std::stoll(m.version) == 0) {
      versions_as_issues = false;
    }
  }
  core::Timestamp next_created = *core::Timestamp::parse("2000-01-01T00:00:00Z");
  std::map<long long, bool> issues_used;

  for (std::size_t index = 0; index < folder.migrations.size(); ++index) {
    const SourceMigration& m = folder.migrations[index];
    FileReport report;
    report.path = m.up.path;
    report.notes = m.notes;
    Parsed up = parse(m.up, diags);
    std::optional<Parsed> down;
    if (m.down) down = parse(*m.down, diags);
    report.notes.insert(report.notes.end(), up.notes.begin(), up.notes.end());
    if (!up.ok || (down && !down->ok)) {
      result.files.push_back(report);
      continue;
    }
    if (up.statements.empty()) {
      // Nothing runs: no spec (a spec needs an operation); the history keeps its place.
      report.notes.push_back("no statements: no spec written");
      result.outputs.push_back({history_name(index + 1, "empty"), m.up.text.substr(m.up.begin, m.up.end - m.up.begin)});
      result.files.push_back(std::move(report));
      continue;
    }
    const std::string description = m.description.empty() ? "migration " + stem_version(m, index) : m.description;
    const std::string slug = core::slugify(description, 40).empty() ? "migration" : core::slugify(description, 40);

    // Candidates against the schema as the statements before each leave it.
    std::vector<Unit> units;
    const model::Schema schema_before = schema;
    {
      model::SchemaFollower follow(schema);
      for (std::size_t i = 0; i < up.statements.size(); ++i) {
        Unit u;
        u.statement = i;
        u.outside = must_run_outside(up.statements[i]);
        u.after_cut = up.after_cut[i];
        if (auto c = native_candidate(up.statements[i], up.text, schema)) {
          u.candidate = std::move(c);
          u.before = schema;
        }
        follow.apply(up.text, up.statements[i]);
        units.push_back(std::move(u));
      }
    }

    Header h;
    h.issue = o.issue_base > 0 ? o.issue_base + static_cast<long long>(index)
                               : versions_as_issues ? std::stoll(m.version) : static_cast<long long>(index) + 1;
    h.title = core::trim(description).substr(0, 120);
    if (!h.title.empty()) h.title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(h.title[0])));
    h.purpose = "Imported by `schemashift import` from " + m.up.path +
                (m.down ? " (down: " + m.down->path + ")" : "") + ", version " + stem_version(m, index) + ".";
    h.author = o.author;
    h.name = slug;
    h.created = timestamp_of(m.version).value_or(next_created);
    if (h.created.version() < next_created.version()) h.created = next_created;
    h.timeouts = up.timeouts;
    const std::string history = history_name(index + 1, slug);
    h.schema.set("folder", YamlValue::string(kHistoryDir));
    h.schema.set("before", YamlValue::string(fmt::format("{:0>{}}", index + 1, width)));

    // Greedy: each candidate is kept if the spec stays faithful with it (and with the ones
    // kept before it); raw SQL takes the phase of the native operations it sits between.
    std::string raw_phase = "expand";
    std::optional<plan::Plan> last_plan;
    // A native operation whose derived down the source's down script does not run, in a
    // migration whose raw SQL takes the script's other statements, would be undone twice (its
    // derived down and the script's own statement for it, say two ADD COLUMNs): its candidate
    // is dropped and the choice made again, so the down script stays the down.
    for (bool first = true, again = true; again; first = false) {
      again = false;
      raw_phase = "expand";
      last_plan.reset();
      for (auto& u : units) u.native = false;
      auto attempt = [&](const std::string& phase) {
        const auto ops = group_ops(units);
        Trial t = try_plan(spec_text(h, operations_value(up, units, ops, phase, false), {}), schema_before, up, units,
                           ops);
        if (t.faithful) last_plan = std::move(t.plan);
        return t.faithful;
      };
      if (!attempt(raw_phase) && first) {
        report.notes.push_back("the planner does not keep this migration's transactions as written");
      }
      bool any_native = false;
      for (auto& u : units) {
        if (!u.candidate) continue;
        u.native = true;
        bool ok = attempt(raw_phase);
        if (!ok && !any_native) {
          for (const char* phase : {"contract", "migrate"}) {
            if ((ok = attempt(phase))) { raw_phase = phase; break; }
          }
        }
        if (ok) {
          any_native = true;
        } else {
          u.native = false;
        }
      }
      if (!any_native) attempt("expand"), raw_phase = "expand";
      if (down && !down->statements.empty() && last_plan) {
        const std::vector<OpPlan> trial_ops = group_ops(units);
        const DownMatch dm = match_downs(*last_plan, trial_ops, *down, schema);
        const bool raw_takes_leftovers =
            std::any_of(trial_ops.begin(), trial_ops.end(), [](const OpPlan& op) { return !op.native; }) &&
            std::find(dm.used.begin(), dm.used.end(), false) != dm.used.end();
        for (std::size_t op : raw_takes_leftovers ? dm.missing : std::vector<std::size_t>{}) {
          units[trial_ops[op].units.front()].candidate.reset();
          again = true;
        }
        if (again) report.notes.insert(report.notes.end(), dm.notes.begin(), dm.notes.end());
      }
    }

    std::vector<OpPlan> ops = group_ops(units);
    // Downs: native operations derive theirs (compared with the down file); raw SQL takes
    // what the down file holds beyond them.
    std::vector<std::size_t> raw_ops;
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (!ops[i].native) raw_ops.push_back(i);
    }
    if (down && !down->statements.empty() && last_plan) {
      DownMatch dm = match_downs(*last_plan, ops, *down, schema);
      report.notes.insert(report.notes.end(), dm.notes.begin(), dm.notes.end());
      std::vector<std::string> leftover;
      for (std::size_t i = 0; i < down->statements.size(); ++i) {
        if (!dm.used[i]) leftover.push_back(core::trim(down->statements[i].text));
      }
      if (!raw_ops.empty() && !leftover.empty()) {
        if (raw_ops.size() == 1 && !ops[raw_ops[0]].outside) {
          ops[raw_ops[0]].down = core::join(leftover, ";\n") + ";";
        } else if (leftover.size() == raw_ops.size() && dm.native_at.empty()) {
          // One statement each, undone in reverse order (scaffold's own outside-transaction files).
          for (std::size_t i = 0; i < raw_ops.size(); ++i) ops[raw_ops[i]].down = leftover[raw_ops.size() - 1 - i];
        } else if (!assign_downs_by_position(ops, *down, dm)) {
          // The first `sql` operation's down runs after every later operation's down, as the
          // down file's statements ran after the undoing of what came later. One outside a
          // transaction holds one statement: the first one inside takes them.
          const auto inside = std::find_if(raw_ops.begin(), raw_ops.end(), [&](std::size_t i) { return !ops[i].outside; });
          if (inside != raw_ops.end()) {
            ops[*inside].down = core::join(leftover, ";\n") + ";";
            report.notes.push_back("the down file's statements for the raw SQL are all given to its first `sql` operation");
          } else {
            report.notes.push_back("the down file's statements could not be given to the raw SQL (each runs outside a "
                                   "transaction, one statement each): " + core::join(leftover, "; "));
          }
        }
      } else if (raw_ops.empty() && !leftover.empty()) {
        report.notes.push_back("the down file has statements no operation accounts for: " + core::join(leftover, "; "));
      }
    }
    for (std::size_t i : raw_ops) report.irreversible |= ops[i].down.empty() && !m.down;
    for (const auto& u : units) (u.native ? report.native : report.raw)++;
    report.statements = static_cast<int>(units.size());

    std::vector<std::string> comments = {
        fmt::format("Imported by `schemashift import` from {} ({}): {} statements, {} as operations, {} as raw SQL.",
                    m.up.path, result.layout, report.statements, report.native, report.raw)};
    if (m.repeatable) comments.push_back("A Flyway repeatable migration: Flyway re-runs it whenever it changes.");
    comments.insert(comments.end(), m.comments.begin(), m.comments.end());
    for (const auto& n : report.notes) comments.push_back("note: " + n);
    YamlValue operations = operations_value(up, units, ops, raw_phase, true, m.down.has_value());
    // psql runs each file in a session of its own, so what the file SETs ends with it; a
    // framework runs the whole history on one connection, where it would stay (pg_dump's
    // empty search_path hides the framework's own history table from it).
    if (own_session) {
      const std::vector<std::string> settings = session_settings(up);
      if (!settings.empty()) {
        std::vector<std::string> resets;
        for (const auto& n : settings) resets.push_back("RESET " + sql::quote_ident(n));
        YamlValue body, item;
        body.set("up", YamlValue::string(core::join(resets, ";\n")));
        body.set("description", YamlValue::string("added by import: psql ended these settings with the file's session"));
        item.comments.push_back("added by import: psql runs each file in a session of its own");
        item.set("sql", std::move(body));
        operations.push(std::move(item));
        report.notes.push_back("session settings the file changes are RESET at its end, as psql's session ending did: " +
                               core::join(settings, ", "));
      }
    }
    const std::string text = spec_text(h, std::move(operations), comments);
    std::string file_slug = slug;
    std::replace(file_slug.begin(), file_slug.end(), '_', '-');
    report.spec = fmt::format("{}-{}.yaml", h.issue, file_slug);
    if (issues_used[h.issue]) {
      diags.error("import-duplicate-issue", core::SourceLocation{m.up.path, 1, 1},
                  fmt::format("issue {} is given to two migrations", h.issue), "pass --issue-base N");
    }
    issues_used[h.issue] = true;
    result.outputs.push_back({report.spec, text});
    result.outputs.push_back({history, m.up.text.substr(m.up.begin, m.up.end - m.up.begin)});
    next_created = h.created.plus_seconds(last_plan ? static_cast<long long>(last_plan->migrations.size()) : 1);
    result.files.push_back(std::move(report));
  }
  std::sort(result.outputs.begin(), result.outputs.end(),
            [](const OutputFile& a, const OutputFile& b) { return a.path < b.path; });
  return result;
}

}  // namespace schemashift::import
