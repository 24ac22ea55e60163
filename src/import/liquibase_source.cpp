#include "import/liquibase_source.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/error.hpp"
#include "core/text.hpp"
#include "import/liquibase_changes.hpp"
#include "render/liquibase_changelog.hpp"

namespace schemashift::import {

namespace fs = std::filesystem;
using render::XmlElement;

namespace {

bool truthy(const std::string& v) { return core::lower(core::trim(v)) == "true"; }

bool is_changelog(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head.find("databaseChangeLog") != std::string::npos;
}

// dbms="postgresql,h2", "!oracle", "all": whether Liquibase runs it on PostgreSQL.
bool runs_on_postgresql(const std::string& dbms) {
  if (core::trim(dbms).empty()) return true;
  bool any_positive = false, listed = false;
  for (std::string d : [&] {
         std::vector<std::string> v;
         std::string cur;
         for (char c : dbms + ",") {
           if (c == ',') {
             v.push_back(core::lower(core::trim(cur)));
             cur.clear();
           } else {
             cur += c;
           }
         }
         return v;
       }()) {
    if (d.empty()) continue;
    if (d[0] == '!') {
      if (d.substr(1) == "postgresql") return false;
      continue;
    }
    any_positive = true;
    if (d == "postgresql" || d == "all") listed = true;
  }
  return !any_positive || listed;
}

// A precondition tree in one line: not(tableExists(tableName=users)), sqlCheck(expectedResult=0: SELECT ...).
std::string describe(const XmlElement& e) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : e.attributes) parts.push_back(k + "=" + v);
  std::string s = e.name;
  std::vector<std::string> inner;
  for (const auto& c : e.children) inner.push_back(describe(c));
  const std::string text = core::trim(e.text);
  std::string body = core::join(parts, ", ");
  if (!text.empty()) body += (body.empty() ? "" : ": ") + text;
  if (!inner.empty()) body += (body.empty() ? "" : "; ") + core::join(inner, ", ");
  return body.empty() ? s : s + "(" + body + ")";
}

// The 14-digit timestamp in a changeSet id or a file name ("20240105120000-add-users").
std::string timestamp_in(const std::string& s) {
  std::string run;
  for (char c : s + " ") {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      run += c;
    } else {
      if (run.size() >= 14 && (core::starts_with(run, "19") || core::starts_with(run, "20"))) return run.substr(0, 14);
      run.clear();
    }
  }
  return "";
}

const char* const kChangeSetAttrs[] = {"id", "author", "context", "contextFilter", "labels", "dbms", "runOnChange",
                                       "runAlways", "failOnError", "onValidationFail", "runInTransaction",
                                       "logicalFilePath", "objectQuotingStrategy", "created", "ignore"};

class SourceBuilder {
 public:
  SourceBuilder(const render::Changelog& log, core::Diagnostics& diags) : log_(log), diags_(diags) {}

  SourceFolder build() {
    SourceFolder out;
    out.directory = log_.root;
    out.tool = "liquibase";
    for (std::size_t i = 0; i < log_.change_sets.size(); ++i) {
      if (auto m = migration(log_.change_sets[i], out.notes)) out.migrations.push_back(std::move(*m));
    }
    // Versions name the migrations' timestamps, or small integer ids as the issues; a
    // version two changeSets share (ids are unique per file and author only) names neither.
    std::map<std::string, int> seen;
    for (const auto& m : out.migrations) ++seen[m.version];
    for (auto& m : out.migrations) {
      if (seen[m.version] > 1) m.version.clear();
    }
    return out;
  }

 private:
  std::string label(const render::ChangelogChangeSet& cs) const {
    return cs.file + "::" + cs.element.get("id") + "::" + cs.element.get("author");
  }

  ChangeContext context(const render::ChangelogChangeSet& cs) const {
    ChangeContext ctx;
    ctx.changelog_dir = fs::path(cs.file).parent_path().generic_string();
    ctx.search_root = fs::path(log_.root).parent_path().generic_string();
    ctx.quote_all = cs.element.get("objectQuotingStrategy") == "QUOTE_ALL_OBJECTS";
    return ctx;
  }

  // The SQL of a list of changes; false when one cannot be written.
  bool changes_sql(const std::vector<const XmlElement*>& changes, const ChangeContext& ctx, SqlBuilder& sql,
                   std::vector<std::string>& notes) {
    bool ok = true;
    for (const XmlElement* c : changes) {
      if (!runs_on_postgresql(c->get("dbms"))) {
        notes.push_back("<" + c->name + "> at line " + std::to_string(c->where.line) + " is for dbms=\"" +
                        c->get("dbms") + "\": Liquibase skips it on PostgreSQL");
        continue;
      }
      ok = change_sql(*c, ctx, sql, diags_, notes) && ok;
    }
    return ok;
  }

  Script script(const std::string& path, const SqlBuilder& sql, bool transaction, const core::SourceLocation& at) {
    Script s;
    s.path = path;
    if (transaction && !core::trim(sql.text).empty()) {
      // The changeSet's transaction, as the SQL import reads a BEGIN ... COMMIT file.
      s.text = "BEGIN;\n";
      s.origins.push_back({0, at});
      for (auto o : sql.origins) {
        o.offset += s.text.size();
        s.origins.push_back(o);
      }
      s.text += sql.text;
      s.origins.push_back({s.text.size(), at});
      s.text += "COMMIT;\n";
    } else {
      s.text = sql.text;
      s.origins = sql.origins;
      if (s.origins.empty()) s.origins.push_back({0, at});
    }
    s.end = s.text.size();
    s.in_transaction = transaction;
    return s;
  }

  const render::ChangelogChangeSet* find_change_set(const XmlElement& rollback, const render::ChangelogChangeSet& self) {
    const std::string id = rollback.get("changeSetId");
    const std::string author = rollback.get("changeSetAuthor");
    const std::string path = rollback.get("changeSetPath");
    for (const auto& cs : log_.change_sets) {
      if (&cs == &self) break;
      if (cs.element.get("id") != id) continue;
      if (!author.empty() && cs.element.get("author") != author) continue;
      if (!path.empty() && !core::ends_with(cs.file, path)) continue;
      return &cs;
    }
    return nullptr;
  }

  static std::vector<const XmlElement*> changes_of(const XmlElement& change_set) {
    std::vector<const XmlElement*> out;
    for (const auto& c : change_set.children) {
      if (c.name != "comment" && c.name != "preConditions" && c.name != "rollback" && c.name != "validCheckSum") {
        out.push_back(&c);
      }
    }
    return out;
  }

  std::optional<SourceMigration> migration(const render::ChangelogChangeSet& cs, std::vector<std::string>& skipped) {
    const XmlElement& e = cs.element;
    const std::string name = label(cs);
    bool ok = true;
    for (const auto& [k, v] : e.attributes) {
      if (std::find(std::begin(kChangeSetAttrs), std::end(kChangeSetAttrs), k) == std::end(kChangeSetAttrs)) {
        diags_.error("liquibase-unknown-attribute", e.where, "<changeSet> attribute " + k + "=\"" + v + "\" is not imported");
        ok = false;
      }
    }
    const std::string quoting = e.get("objectQuotingStrategy", "LEGACY");
    if (quoting != "LEGACY" && quoting != "QUOTE_ALL_OBJECTS") {
      diags_.error("liquibase-unsupported", e.where, "objectQuotingStrategy=\"" + quoting + "\" is not imported",
                   "LEGACY (the default) and QUOTE_ALL_OBJECTS are");
      ok = false;
    }
    if (truthy(e.get("ignore"))) {
      skipped.push_back(name + ": ignore=\"true\", Liquibase skips it");
      return std::nullopt;
    }
    if (!runs_on_postgresql(e.get("dbms"))) {
      skipped.push_back(name + ": dbms=\"" + e.get("dbms") + "\", Liquibase skips it on PostgreSQL");
      return std::nullopt;
    }
    SourceMigration m;
    const bool transaction = e.get("runInTransaction") != "false";
    const ChangeContext ctx = context(cs);
    m.comments.push_back("Liquibase changeSet id=\"" + e.get("id") + "\" author=\"" + e.get("author") + "\" (" +
                         e.where.str() + ").");
    std::string comment;
    if (const XmlElement* c = e.child("comment")) comment = core::trim(c->text);
    if (!comment.empty()) m.comments.push_back("comment: " + comment);
    for (const char* key : {"context", "contextFilter", "labels", "dbms", "created"}) {
      if (!e.get(key).empty()) m.comments.push_back(std::string(key) + ": " + e.get(key));
    }
    if (!transaction) {
      m.comments.push_back("runInTransaction=\"false\": Liquibase runs each statement on its own (autocommit); the "
                           "spec runs them in one transaction, except those that must run outside one.");
    }
    if (truthy(e.get("runAlways"))) m.notes.push_back("runAlways=\"true\": Liquibase runs it on every update, the spec once");
    if (truthy(e.get("runOnChange"))) {
      m.notes.push_back("runOnChange=\"true\": Liquibase re-runs it when it changes, the spec runs once");
    }
    if (e.get("failOnError") == "false") {
      m.notes.push_back("failOnError=\"false\": Liquibase goes on when it fails, the spec's migration stops");
    }
    for (const auto& c : e.children) {
      if (c.name != "preConditions") continue;
      m.notes.push_back("preconditions not checked by the spec (onFail=" + c.get("onFail", "HALT") +
                        ", onError=" + c.get("onError", "HALT") + "): " + describe(c) +
                        "; check them before applying");
    }

    SqlBuilder up;
    ok = changes_sql(changes_of(e), ctx, up, m.notes) && ok;

    // Downs: the <rollback> blocks, else what Liquibase derives, else none.
    std::optional<SqlBuilder> down;
    for (const auto& r : e.children) {
      if (r.name != "rollback") continue;
      if (!down) down.emplace();
      for (const auto& [k, v] : r.attributes) {
        if (k != "changeSetId" && k != "changeSetAuthor" && k != "changeSetPath") {
          diags_.error("liquibase-unknown-attribute", r.where, "<rollback> attribute " + k + "=\"" + v + "\" is not imported");
          ok = false;
        }
      }
      if (!r.get("changeSetId").empty()) {
        const auto* other = find_change_set(r, cs);
        if (!other) {
          diags_.error("liquibase-rollback-target", r.where,
                       "<rollback changeSetId=\"" + r.get("changeSetId") + "\"> names no changeSet before this one");
          ok = false;
        } else {
          ok = changes_sql(changes_of(other->element), context(*other), *down, m.notes) && ok;
        }
      }
      std::vector<const XmlElement*> changes;
      for (const auto& c : r.children) changes.push_back(&c);
      ok = changes_sql(changes, ctx, *down, m.notes) && ok;
      if (!core::trim(r.text).empty()) down->script(r.text, r.text_where);
    }
    if (!down) {
      std::vector<XmlElement> undo;
      bool all = true;
      const auto changes = changes_of(e);
      for (auto it = changes.rbegin(); it != changes.rend() && all; ++it) {
        auto r = auto_rollback(**it);
        if (!r) all = false;
        else undo.insert(undo.end(), r->begin(), r->end());
      }
      if (all) {
        down.emplace();
        std::vector<const XmlElement*> ptrs;
        for (const auto& u : undo) ptrs.push_back(&u);
        ok = changes_sql(ptrs, ctx, *down, m.notes) && ok;
        if (!undo.empty()) m.comments.push_back("Down: the rollback Liquibase derives from the changes.");
      }
    }
    if (!ok) return std::nullopt;

    const std::string file_stem = fs::path(cs.file).stem().string();
    m.version = timestamp_in(e.get("id"));
    if (m.version.empty()) m.version = timestamp_in(file_stem);
    const std::string id = e.get("id");
    if (m.version.empty() && !id.empty() && id.size() <= 9 && id.find_first_not_of("0123456789") == std::string::npos) {
      m.version = id;
    }
    std::string description = comment.substr(0, comment.find('\n'));
    if (description.empty()) {
      // "20240305100000-rename" -> "rename": the timestamp is `created:` already.
      description = id;
      const std::string stamp = timestamp_in(id);
      if (!stamp.empty() && core::starts_with(description, stamp)) {
        const auto rest = description.find_first_not_of("0123456789-_. ");
        description = rest == std::string::npos ? id : description.substr(rest);
      }
      std::replace(description.begin(), description.end(), '-', ' ');
      std::replace(description.begin(), description.end(), '_', ' ');
    }
    m.description = core::trim(description);
    m.up = script(name, up, transaction, e.where);
    if (down) m.down = script(name + " <rollback>", *down, transaction, e.where);
    return m;
  }

  const render::Changelog& log_;
  core::Diagnostics& diags_;
};

}  // namespace

std::optional<std::string> find_liquibase_changelog(const std::string& path, bool required) {
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_regular_file(p, ec)) {
    if (core::ends_with(core::lower(path), ".xml")) return path;
    if (required) throw core::Error(path + " is not a Liquibase XML changelog");
    return std::nullopt;
  }
  if (!fs::is_directory(p, ec)) {
    if (required) throw core::Error("cannot read " + path);
    return std::nullopt;
  }
  std::vector<std::string> masters, changelogs;
  for (const auto& entry : fs::directory_iterator(p, ec)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    if (!core::ends_with(core::lower(name), ".xml") || !is_changelog(entry.path())) continue;
    if (name == "db.changelog-master.xml") return entry.path().generic_string();
    (core::starts_with(name, "db.changelog") ? masters : changelogs).push_back(entry.path().generic_string());
  }
  if (masters.size() == 1) return masters.front();
  if (masters.empty() && changelogs.size() == 1) return changelogs.front();
  // Several changelogs side by side and no master (an includeAll folder, say): which one is
  // the root is the user's to say; detection leaves the folder to the SQL layouts.
  if (!required) return std::nullopt;
  if (masters.empty() && changelogs.empty()) throw core::Error(path + " holds no Liquibase XML changelog");
  throw core::Error(path + " holds several Liquibase changelogs: name the root one (import FILE)");
}

SourceFolder read_liquibase_source(const std::string& changelog, core::Diagnostics& diags) {
  const render::Changelog log = render::read_liquibase_changelog(changelog, diags);
  return SourceBuilder(log, diags).build();
}

}  // namespace schemashift::import
