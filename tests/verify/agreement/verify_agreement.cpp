// The statement-level agreement table (issue 13, "make the predictions right"): every
// statement of the lint rule cases and of the lint corpus histories is run traced on a
// scratch database through verify::rehearse (the runner, verify's lock tracer and its
// prediction check — nothing of its own), and printed as one row:
//
//   <where> | <statement> | predicted: <locks> | observed: <locks> | <agree, DISAGREE, known, skipped>
//
//   verify_agreement SERVER_URL rules FIXTURE.sql KNOWN.txt    every RuleInfo::bad / good case
//   verify_agreement SERVER_URL corpus DIR KNOWN.txt           one history in any lint layout
//
// KNOWN.txt lists, one per line, `<where> | <why>`: disagreements that are PostgreSQL 15's
// behaviour rather than an analyser bug, and `skip <path> | <why>` for corpus files that
// fail by design. Exit 0 when every disagreement is listed, 1 otherwise, 3 on a
// connection problem. The table goes to stdout (compared with a checked-in copy by
// agreement_test.sh), one summary line at its end.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analyze/rule.hpp"
#include "cli/verify_migrations.hpp"
#include "core/error.hpp"
#include "db/pg_session.hpp"
#include "model/names_from_tree.hpp"
#include "model/qualified_name.hpp"
#include "model/sql_schema_loader.hpp"
#include "runner/checksum.hpp"
#include "sql/parser.hpp"
#include "sql/tree.hpp"
#include "verify/rehearsal.hpp"
#include "verify/scratch_database.hpp"

using namespace schemashift;
using namespace schemashift::sql::tree;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::Error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

struct Known {
  std::map<std::string, std::string> rows;   // where -> why
  std::map<std::string, std::string> skips;  // path -> why
};

Known read_known(const std::string& path) {
  Known k;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);) {
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    const auto bar = line.find(" | ");
    if (bar == std::string::npos) throw core::Error(path + ": a line without ` | `: " + line);
    std::string where = trim(line.substr(0, bar));
    const std::string why = trim(line.substr(bar + 3));
    if (where.rfind("skip ", 0) == 0) {
      k.skips[trim(where.substr(5))] = why;
    } else {
      k.rows[where] = why;
    }
  }
  return k;
}

// One line, at most 72 characters: enough to tell statements apart.
std::string statement_head(const std::string& sql) {
  std::string s = sql.substr(0, sql.find('\n'));
  for (auto& c : s) {
    if (c == '|') c = '/';
  }
  s = trim(s);
  if (s.size() > 72) s = s.substr(0, 69) + "...";
  if (sql.find('\n') != std::string::npos) s += " ...";
  return s;
}

std::string shown_relation(const std::string& name) { return name.rfind("public.", 0) == 0 ? name.substr(7) : name; }

// The analyser's locks on relations that existed before the file (what the trace compares).
std::string predicted_text(const analyze::StatementAnalysis& a) {
  std::vector<std::string> parts;
  for (const auto* locks : {&a.locks, &a.block_locks}) {
    for (const auto& l : *locks) {
      if (l.work == analyze::Work::NewRelation || l.is_new || l.mode == analyze::LockMode::None) continue;
      std::string p = fmt::format("{} {}", shown_relation(l.relation), analyze::lock_mode_sql(l.mode));
      if (l.work == analyze::Work::Rewrite) p += " rewrite";
      if (l.work == analyze::Work::Scan) p += " scan";
      parts.push_back(p);
    }
  }
  if (parts.empty()) return "nothing";
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// What the trace saw on relations that existed before the statement (indexes left out:
// their table's lock is what the prediction names).
std::string observed_text(const verify::Observation& o) {
  std::vector<std::string> parts;
  for (const auto& t : o.relations) {
    if (!t.existed_before || t.kind == verify::RelationKind::Index) continue;
    if (t.taken.empty() && !t.rewritten && !t.scanned) continue;
    std::string modes;
    for (auto it = t.taken.rbegin(); it != t.taken.rend(); ++it) modes += (modes.empty() ? "" : "+") + std::string(analyze::lock_mode_sql(*it));
    std::string p = shown_relation(t.name) + (modes.empty() ? "" : " " + modes);
    if (t.rewritten) p += " rewrite";
    if (t.scanned) p += " scan";
    parts.push_back(p);
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  if (out.empty()) out = "nothing";
  if (o.method == verify::TraceMethod::Watched) out += " (watched)";
  return out;
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

struct Totals {
  std::size_t statements = 0, agree = 0, disagree = 0, known = 0, control = 0, watched = 0;
  std::map<std::string, std::size_t> skipped;  // reason class -> count
  std::size_t skipped_total() const {
    std::size_t n = 0;
    for (const auto& [_, c] : skipped) n += c;
    return n;
  }
};

struct Table {
  const Known& known;
  Totals totals;
  std::set<std::string> used_known;

  void row(const std::string& where, const std::string& sql, const std::string& rest) {
    std::cout << where << " | " << statement_head(sql) << " | " << rest << "\n";
  }
  void skip(const std::string& where, const std::string& sql, const std::string& reason_class, const std::string& why) {
    ++totals.statements;
    ++totals.skipped[reason_class];
    row(where, sql, "skipped: " + why);
  }
  void control(const std::string& where, const std::string& sql) {
    ++totals.control;
    row(where, sql, "transaction control: takes no lock, not traced");
  }
  void compared(const std::string& where, const std::string& sql, const verify::StatementCheck& c) {
    ++totals.statements;
    const std::string predicted = c.analysis ? predicted_text(*c.analysis) : "no prediction";
    // A statement that cannot run in a transaction (CONCURRENTLY, VACUUM, a DO block that
    // COMMITs) is watched by polling pg_locks: what a poll catches varies from run to run,
    // so it has no fixed row to compare with (verify itself still reports what it sees).
    if (c.observed.method == verify::TraceMethod::Watched) {
      ++totals.watched;
      row(where, sql, "predicted: " + predicted + " | watched from another session: not compared here (a lock held between two polls can be missed)");
      return;
    }
    std::string verdict;
    if (c.mismatches.empty()) {
      ++totals.agree;
      verdict = "agree";
    } else {
      std::string why;
      for (const auto& m : c.mismatches) why += (why.empty() ? "" : "; ") + m.message + " [" + verify::mismatch_kind_id(m.kind) + "]";
      const auto k = known.rows.find(where);
      if (k != known.rows.end()) {
        ++totals.known;
        used_known.insert(where);
        verdict = "known: " + k->second + " (" + why + ")";
      } else {
        ++totals.disagree;
        verdict = "DISAGREE: " + why;
      }
    }
    row(where, sql, "predicted: " + predicted + " | observed: " + observed_text(c.observed) + " | " + verdict);
  }
};

// The table's last line: its size and what was skipped, by reason.
void print_summary(const Totals& t) {
  std::string skipped;
  for (const auto& [why, n] : t.skipped) skipped += fmt::format("{}{} {}", skipped.empty() ? "" : ", ", n, why);
  std::cout << fmt::format("# {} statements: {} agree, {} known (known.txt), {} disagree, {} watched (not compared), "
                           "{} skipped ({}); {} transaction control statements not traced\n",
                           t.statements, t.agree, t.known, t.disagree, t.watched, t.skipped_total(),
                           skipped.empty() ? "none" : skipped, t.control);
}

bool is_transaction_control(const sql::Statement& st) { return !member(st.tree, "TransactionStmt").is_null(); }

// Rows for the statements of `file` (migration `m` of the rehearsal `r`), in file order.
void rows_of(Table& table, const std::string& prefix, const runner::MigrationFile& file, const verify::MigrationCheck* m,
             const verify::RehearsalReport& r) {
  const sql::Script script = sql::parse_script(file.up_text);
  if (script.error) {
    table.skip(prefix + ":" + std::to_string(script.error->line), first_line(file.up_text), "syntax error",
               "does not parse: " + script.error->message);
    return;
  }
  bool failed_before = false;
  for (const auto& st : script.statements) {
    const std::string where = fmt::format("{}:{}:{}", prefix, st.line, st.column);
    const verify::StatementCheck* c = nullptr;
    if (m != nullptr) {
      for (const auto& s : m->statements) {
        if (s.observed.line == st.line && s.observed.column == st.column) c = &s;
      }
    }
    if (c != nullptr && c->observed.ok && c->observed.method != verify::TraceMethod::NotTraced) {
      table.compared(where, st.text, *c);
    } else if (c != nullptr && !c->observed.ok) {
      failed_before = true;
      table.skip(where, st.text, "failed on PostgreSQL 15", "failed on the server: " + first_line(r.failure.message));
    } else if (is_transaction_control(st)) {
      table.control(where, st.text);
    } else if (failed_before || (m != nullptr && m->up == verify::StepResult::Failed)) {
      table.skip(where, st.text, "not run after a failure", "not run, an earlier statement failed");
    } else if (!r.failed_step.empty()) {
      const std::string why = !r.failure.diagnostics.items().empty() ? r.failure.diagnostics.items().front().message
                                                                      : first_line(r.failure.message);
      table.skip(where, st.text, "refused by the runner", "the runner did not run it: " + why);
    } else {
      table.skip(where, st.text, "not traced", "not traced");
    }
  }
}

std::unique_ptr<runner::Session> connect_to(const std::string& url) { return std::make_unique<db::PgSession>(url); }

runner::MigrationFile one_file(const std::string& name, const std::string& text) {
  runner::MigrationFile f;
  f.version = "1";
  f.slug = "case";
  f.up_path = name;
  f.up_text = text;
  f.checksum = runner::sha256_hex(text);
  return f;
}

// --- rule cases ---------------------------------------------------------------------------

bool mentions(const std::string& text, const std::string& word) {
  std::string lower_text = text, lower_word = word;
  for (auto& c : lower_text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto& c : lower_word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  // "app.users" does not mention users, unless the word itself is qualified.
  for (std::size_t p = lower_text.find(lower_word); p != std::string::npos; p = lower_text.find(lower_word, p + 1)) {
    const bool start = p == 0 || (!is_word(lower_text[p - 1]) && lower_text[p - 1] != '.');
    const std::size_t e = p + lower_word.size();
    if (start && (e >= lower_text.size() || !is_word(lower_text[e]))) return true;
  }
  return false;
}

// What the fixture must not have for the case to run as written: each table, view or index
// the case creates, renames something to, and each column or constraint it adds — when that
// statement is the case's first mention of the name (a case that renames users away and
// then creates a view named users needs users).
std::vector<std::string> setup_drops(const std::string& case_sql) {
  std::vector<std::string> drops;
  const sql::Script script = sql::parse_script(case_sql);
  std::string earlier;
  for (const auto& st : script.statements) {
    auto first = [&](const std::string& name) { return !name.empty() && !mentions(earlier, name); };
    // A schema-qualified name ("public.users") is mentioned by its qualified form too.
    auto first_relation = [&](const json& range_var) {
      const std::string schema = text(range_var, "schemaname");
      const std::string name = text(range_var, "relname");
      return first(name) && (schema.empty() || !mentions(earlier, schema + "." + name));
    };
    auto table_sql = [](const json& range_var) { return model::table_sql(model::relation_name(range_var)); };
    auto in_schema_of = [](const json& range_var, const std::string& name) {
      model::QualifiedName q = model::relation_name(range_var);
      q.name = name;
      return model::table_sql(q);
    };
    if (const json& c = member(st.tree, "CreateStmt"); !c.is_null()) {
      if (first_relation(member(c, "relation"))) drops.push_back("DROP TABLE IF EXISTS " + table_sql(member(c, "relation")) + " CASCADE");
    }
    if (const json& c = member(st.tree, "CreateTableAsStmt"); !c.is_null()) {
      const json& rel = member(c, "into", "rel");
      if (first_relation(rel)) drops.push_back("DROP TABLE IF EXISTS " + table_sql(rel) + " CASCADE");
    }
    if (const json& c = member(st.tree, "ViewStmt"); !c.is_null()) {
      if (first_relation(member(c, "view"))) drops.push_back("DROP TABLE IF EXISTS " + table_sql(member(c, "view")) + " CASCADE");
    }
    if (const json& c = member(st.tree, "IndexStmt"); !c.is_null()) {
      const std::string name = text(c, "idxname");
      if (first(name)) drops.push_back("DROP INDEX IF EXISTS " + in_schema_of(member(c, "relation"), name) + " CASCADE");
    }
    if (const json& c = member(st.tree, "RenameStmt"); !c.is_null()) {
      const std::string type = text(c, "renameType");
      const std::string name = text(c, "newname");
      const json& rel = member(c, "relation");
      if (!first(name)) {
      } else if (type == "OBJECT_TABLE") drops.push_back("DROP TABLE IF EXISTS " + in_schema_of(rel, name) + " CASCADE");
      else if (type == "OBJECT_COLUMN") drops.push_back("ALTER TABLE IF EXISTS " + table_sql(rel) + " DROP COLUMN IF EXISTS " + name + " CASCADE");
      else if (type == "OBJECT_TABCONSTRAINT") drops.push_back("ALTER TABLE IF EXISTS " + table_sql(rel) + " DROP CONSTRAINT IF EXISTS " + name + " CASCADE");
    }
    if (const json& c = member(st.tree, "AlterTableStmt"); !c.is_null()) {
      const std::string table = table_sql(member(c, "relation"));
      for (const auto& item : items(member(c, "cmds"))) {
        const json& cmd = member(item, "AlterTableCmd");
        const std::string subtype = text(cmd, "subtype");
        // A table has one primary key: a case that adds one needs the fixture's gone.
        const std::string drop_pkey = "ALTER TABLE IF EXISTS " + table + " DROP CONSTRAINT IF EXISTS " +
                                      text(member(c, "relation"), "relname") + "_pkey CASCADE";
        if (subtype == "AT_AddColumn") {
          const json& column_def = member(cmd, "def", "ColumnDef");
          const std::string column = text(column_def, "colname");
          // Always: another table's column of the same name may come first ("plan" of users, then of accounts).
          drops.push_back("ALTER TABLE IF EXISTS " + table + " DROP COLUMN IF EXISTS " + column + " CASCADE");
          for (const auto& con : items(member(column_def, "constraints"))) {
            if (text(member(con, "Constraint"), "contype") == "CONSTR_PRIMARY") drops.push_back(drop_pkey);
          }
        }
        if (subtype == "AT_AddConstraint") {
          const std::string name = text(member(cmd, "def", "Constraint"), "conname");
          if (first(name)) drops.push_back("ALTER TABLE IF EXISTS " + table + " DROP CONSTRAINT IF EXISTS " + name + " CASCADE");
          if (text(member(cmd, "def", "Constraint"), "contype") == "CONSTR_PRIMARY" && member(cmd, "def", "Constraint", "indexname").is_null()) {
            drops.push_back(drop_pkey);
          }
        }
      }
    }
    earlier += st.text + "\n";
  }
  return drops;
}

// The fixture loaded once into a database each case's database is copied from (CREATE
// DATABASE ... TEMPLATE): loading it per case, statement by statement, was most of the
// rule cases' time. No session stays on it, as a template requires.
std::unique_ptr<verify::ScratchDatabase> fixture_template(const std::string& url, const std::string& fixture_path,
                                                          const std::string& fixture) {
  auto db = std::make_unique<verify::ScratchDatabase>(connect_to(url), url);
  const sql::Script script = sql::parse_script(fixture);
  if (script.error) throw core::Error(fixture_path + ": does not parse: " + script.error->message);
  const auto session = connect_to(db->url());
  for (const auto& st : script.statements) {
    const runner::Result r = session->execute(st.text);
    if (!r.ok) throw core::Error(fmt::format("{}:{}:{}: the fixture does not load: {}", fixture_path, st.line, st.column, r.message));
  }
  return db;
}

int run_rule_cases(const std::string& url, const std::string& fixture_path, const Known& known) {
  const std::string fixture = read_file(fixture_path);
  const auto fixture_db = fixture_template(url, fixture_path, fixture);
  Table table{known, {}, {}};
  for (const analyze::Rule* rule : analyze::all_rules()) {
    const analyze::RuleInfo& info = rule->info();
    for (const auto* cases : {&info.bad, &info.good}) {
      const char* kind = cases == &info.bad ? "bad" : "good";
      for (std::size_t i = 0; i < cases->size(); ++i) {
        const analyze::RuleCase& rc = (*cases)[i];
        const std::string name = fmt::format("{} {}#{}", info.id, kind, i + 1);
        if (rc.pg_version != 15) {
          const sql::Script script = sql::parse_script(rc.sql);
          for (const auto& st : script.statements) {
            table.skip(fmt::format("{}:{}:{}", name, st.line, st.column), st.text, "written for another PostgreSQL",
                       fmt::format("the case is written for PostgreSQL {}, the server is 15", rc.pg_version));
          }
          continue;
        }
        std::string drops;
        for (const auto& d : setup_drops(rc.sql)) drops += d + ";\n";
        verify::RehearsalInput input;
        input.set.files.push_back(one_file(name, rc.sql));
        // The fixture is in the template; the rehearsal loads what the case must not find.
        if (!drops.empty()) input.schema.push_back({fixture_path + " (drops for " + name + ")", drops});
        // Followed as a migration (DROP and the like included), as the linter follows a folder.
        core::Diagnostics ignored;
        input.base = model::replay_migrations({{fixture_path, fixture + drops}}, ignored);
        input.up_only = true;
        verify::ScratchDatabase db(connect_to(url), url, fixture_db->name());
        const std::string db_url = db.url();
        runner::Events quiet;
        const verify::RehearsalReport r = verify::rehearse(input, [&] { return connect_to(db_url); }, quiet);
        if (r.failed_step == "load the schema") throw core::Error(name + ": the fixture does not load: " + r.failure.message);
        rows_of(table, name, input.set.files.front(), &r.migrations.front(), r);
      }
    }
  }
  print_summary(table.totals);
  return table.totals.disagree == 0 ? 0 : 1;
}

// --- corpus -----------------------------------------------------------------------------

int run_corpus(const std::string& url, const std::string& dir, const Known& known) {
  core::Diagnostics diags;
  cli::VerifyMigrations found = cli::find_verify_migrations(dir, diags);
  for (const auto& d : diags.items()) std::cerr << d.where.str() << ": " << d.message << "\n";
  if (diags.has_errors()) return 2;
  const std::string parent = dir.substr(0, dir.find_last_of('/') + 1);
  auto shown = [&](const std::string& path) { return path.rfind(parent, 0) == 0 ? path.substr(parent.size()) : path; };
  Table table{known, {}, {}};
  verify::RehearsalInput input;
  std::vector<std::pair<const runner::MigrationFile*, std::string>> skipped_files;  // kept for the rows
  runner::MigrationSet all = found.set;
  input.set.notes = all.notes;
  for (const auto& f : all.files) {
    if (!known.skips.count(shown(f.up_path))) input.set.files.push_back(f);
  }
  input.up_only = true;
  verify::ScratchDatabase db(connect_to(url), url);
  const std::string db_url = db.url();
  runner::Events quiet;
  const verify::RehearsalReport r = verify::rehearse(input, [&] { return connect_to(db_url); }, quiet);
  std::cout << fmt::format("# {} ({}): {} migrations in apply order\n", shown(dir), found.layout, all.files.size());
  for (const auto& f : all.files) {
    const auto skip = known.skips.find(shown(f.up_path));
    if (skip != known.skips.end()) {
      const sql::Script script = sql::parse_script(f.up_text);
      for (const auto& st : script.statements) {
        table.skip(fmt::format("{}:{}:{}", shown(f.up_path), st.line, st.column), st.text, "fails by design", skip->second);
      }
      continue;
    }
    const verify::MigrationCheck* m = nullptr;
    for (const auto& c : r.migrations) {
      if (c.file->up_path == f.up_path) m = &c;
    }
    rows_of(table, shown(f.up_path), f, m, r);
  }
  print_summary(table.totals);
  if (!r.failed_step.empty()) std::cout << "# the rehearsal stopped: " << r.failed_step << ": " << first_line(r.failure.message) << "\n";
  return table.totals.disagree == 0 && r.failed_step.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: verify_agreement SERVER_URL rules FIXTURE.sql KNOWN.txt\n"
                 "       verify_agreement SERVER_URL corpus DIR KNOWN.txt\n";
    return 2;
  }
  try {
    const std::string url = argv[1], mode = argv[2], what = argv[3];
    const Known known = read_known(argv[4]);
    if (mode == "rules") return run_rule_cases(url, what, known);
    if (mode == "corpus") return run_corpus(url, what, known);
    std::cerr << "unknown mode " << mode << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "verify_agreement: " << e.what() << "\n";
    return 3;
  }
}
