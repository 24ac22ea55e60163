#include "translate/translate.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"
#include "model/sql_schema_loader.hpp"
#include "plan/plan.hpp"
#include "render/liquibase_xml.hpp"
#include "render/plan_json.hpp"
#include "render/template_context.hpp"
#include "spec/change_spec.hpp"
#include "translate/history_layout.hpp"
#include "translate/replan_changes.hpp"

namespace schemashift::translate {

namespace fs = std::filesystem;

namespace {

constexpr const char* kHistoryPrefix = "import-history/";

// The schema before each spec: import-history/ replayed in order, once, as the importer
// followed it (the base file as a dump, each migration statement by statement), so a spec
// is planned against exactly what `schemashift plan --spec` would replay for its
// `schema: {folder: import-history, before: N}`.
class History {
 public:
  explicit History(const std::vector<import::OutputFile>& outputs) {
    for (const auto& o : outputs) {
      if (core::starts_with(o.path, kHistoryPrefix)) files_.push_back(&o);
    }
  }

  // The schema after every history file whose version is below `before`.
  const model::Schema& before(const std::string& before) {
    while (next_ < files_.size() && version(*files_[next_]) < std::stoll(before.empty() ? "0" : before)) {
      apply(*files_[next_++]);
    }
    return schema_;
  }

 private:
  static long long version(const import::OutputFile& f) {
    const std::string name = f.path.substr(std::string(kHistoryPrefix).size());
    const std::size_t digits = name.find_first_not_of("0123456789");
    return std::stoll(name.substr(0, digits));
  }

  void apply(const import::OutputFile& f) {
    core::Diagnostics ignored;  // import has reported what the model cannot follow
    if (version(f) == 0) {      // --schema: a dump, read as the importer read it
      if (auto s = model::replay_migrations({{f.path, f.content}}, ignored)) schema_ = std::move(*s);
      return;
    }
    const sql::Script script = sql::parse_script(f.content);
    model::SchemaFollower follow(schema_);
    for (const auto& st : script.statements) follow.apply(f.content, st);
  }

  std::vector<const import::OutputFile*> files_;
  std::size_t next_ = 0;
  model::Schema schema_;
};

std::optional<plan::Plan> plan_spec(spec::ChangeSpec spec, const model::Schema& schema, core::Diagnostics& diags) {
  const plan::SchemaSource source = [&](const spec::ChangeSpec&, core::Diagnostics&) {
    return std::optional<plan::CurrentSchema>(plan::CurrentSchema{schema, {}});
  };
  auto plan = plan::build_plan(std::move(spec), diags, source);
  if (diags.has_errors()) return std::nullopt;
  return plan;
}

std::string first_error(const core::Diagnostics& diags) {
  for (const auto& d : diags.items()) {
    if (d.severity == core::Severity::Error) return d.message;
  }
  return "the planner refused it";
}

// The kept spec says what translate changed: the importer's writer puts these keys at
// the start of a line, before `operations:` (spec/yaml_writer), so the first line that
// begins with `key` is the one.
void replace_line(std::string& text, const std::string& key, const std::string& line) {
  const std::size_t at = text.rfind('\n' + key, text.find("\noperations:")) ;
  if (at == std::string::npos) return;
  const std::size_t end = text.find('\n', at + 1);
  text.replace(at + 1, end - at - 1, line);
}

// The master changelog of a Liquibase history: each change's changelog, in apply order.
render::RenderedFile liquibase_master(const std::vector<ChangeReport>& changes, const std::string& source) {
  std::vector<std::string> includes;
  for (const auto& c : changes) {
    for (const auto& f : c.files) includes.push_back(f);
  }
  const std::string header =
      "\n    The history of " + source + ", translated by schemashift translate: one changelog per change, " +
      "included in apply order.\n    Apply with `liquibase update --changelog-file=changelog.xml`.\n";
  return {"changelog.xml", render::liquibase_master_changelog(header, includes)};
}

}  // namespace

Result translate_folder(const Options& o, core::Diagnostics& diags) {
  Result result;
  const auto& formats = target_formats();
  if (std::find(formats.begin(), formats.end(), o.format) == formats.end()) {
    throw core::Error("--to " + o.format + ": translate writes one of " + core::join(formats, ", "),
                      core::ExitCode::Usage);
  }
  const render::Backend backend = render::load_backend(o.format, {});
  for (const auto& v : o.variables) {
    if (!backend.variables.count(v.first)) {
      throw core::Error("--var " + v.first + ": format '" + o.format + "' has no variable of that name",
                        core::ExitCode::Usage);
    }
  }

  import::Result imported = import::import_folder(o.import, diags);
  result.layout = imported.layout;
  result.notes = imported.notes;
  if (diags.has_errors()) return result;

  std::map<std::string, std::string*> spec_text;
  for (auto& out : imported.outputs) spec_text[out.path] = &out.content;
  History history(imported.outputs);

  std::optional<core::Timestamp> next_created;  // the first free version after the previous change
  std::string previous_revision;                // Alembic: the previous change's last revision
  for (const auto& file : imported.files) {
    ChangeReport report;
    report.source = file;
    if (file.spec.empty()) {
      result.changes.push_back(std::move(report));
      continue;
    }
    std::string& text = *spec_text.at(file.spec);
    const std::string spec_path = o.import.out.empty() ? file.spec : (fs::path(o.import.out) / file.spec).generic_string();
    core::Diagnostics d;
    auto spec = spec::parse_change_spec(text, spec_path, d);
    if (!spec || d.has_errors()) {
      diags.error("translate-spec", core::SourceLocation{file.path, 1, 1},
                  "the spec imported from this migration does not read back: " + first_error(d));
      continue;
    }
    // --safe may give a change more migrations than the importer left versions for.
    if (next_created && spec->created.version() < next_created->version()) {
      report.notes.push_back("created moved from " + spec->created.iso() + " to " + next_created->iso() +
                             ": its versions follow the previous change's");
      spec->created = *next_created;
      replace_line(text, "created:", "created: " + spec->created.iso());
    }
    const model::Schema& schema = history.before(spec->schema_before);
    auto plan = plan_spec(*spec, schema, d);
    if (!plan) {
      diags.error("translate-plan", core::SourceLocation{file.path, 1, 1},
                  "the spec imported from this migration does not plan: " + first_error(d));
      continue;
    }
    if (o.safe) {
      spec::ChangeSpec online = *spec;
      online.strategy = spec::Strategy::Online;
      const long long default_lock_timeout = spec::Settings{}.lock_timeout_ms;
      const bool set_lock_timeout = online.settings.lock_timeout_ms == 0;
      if (set_lock_timeout) online.settings.lock_timeout_ms = default_lock_timeout;
      core::Diagnostics ds;
      auto safe = plan_spec(std::move(online), schema, ds);
      if (!safe) {
        report.kept_faithful = "the planner refuses the online strategy: " + first_error(ds);
      } else if ((report.changes = replan_changes(*plan, *safe)).empty()) {
        report.kept_faithful = "nothing to re-plan: no native operation changes shape (raw SQL stays as written)";
      } else {
        if (set_lock_timeout) {
          report.changes.push_back(fmt::format(
              "lock_timeout: none (as the source) -> {}ms, scaffold's default: a statement waiting for a lock gives "
              "up instead of queueing every later query behind it",
              default_lock_timeout));
          replace_line(text, "  lock_timeout:", fmt::format("  lock_timeout: {}ms", default_lock_timeout));
        }
        plan = std::move(safe);
        report.strategy = "online";
        replace_line(text, "strategy:", "strategy: online");
        std::string header = "# translate --safe re-planned this change (strategy: online):\n";
        for (const auto& c : report.changes) header += "#   " + c + "\n";
        text = header + text;
      }
    }

    std::map<std::string, std::string> variables = o.variables;
    if (!previous_revision.empty()) variables["alembic_down_revision"] = previous_revision;
    const render::TemplateContext context(render::plan_to_json(*plan, render::MigrationViews::References));
    for (auto& f : render::render_backend(backend, context, variables)) {
      f.path = history_path(o.format, f.path, plan->spec.issue);
      report.files.push_back(f.path);
      result.outputs.push_back(std::move(f));
    }
    if (!plan->migrations.empty()) {
      next_created = plan->spec.created.plus_seconds(static_cast<long long>(plan->migrations.size()));
      previous_revision = plan->migrations.back().version;
    }
    result.changes.push_back(std::move(report));
  }
  if (diags.has_errors()) return result;

  if (o.format == "liquibase") result.outputs.push_back(liquibase_master(result.changes, o.import.folder));
  std::sort(result.outputs.begin(), result.outputs.end(),
            [](const render::RenderedFile& a, const render::RenderedFile& b) { return a.path < b.path; });
  for (std::size_t i = 1; i < result.outputs.size(); ++i) {
    if (result.outputs[i].path == result.outputs[i - 1].path) {
      throw core::Error("translate: two changes would write " + result.outputs[i].path);
    }
  }
  result.specs = std::move(imported.outputs);
  return result;
}

}  // namespace schemashift::translate
