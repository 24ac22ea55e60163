#include "runner/verdicts.hpp"

#include <filesystem>

#include "core/diagnostics.hpp"
#include "runner/script.hpp"

namespace schemashift::runner {

std::map<std::string, analyze::FileReport> judge(const MigrationSet& set, const JudgeOptions& options) {
  std::map<std::string, analyze::FileReport> reports;
  std::map<std::string, model::Schema> schemas;  // per folder; one, keyed "", on a live schema
  if (options.live != nullptr) schemas.emplace("", *options.live);
  for (const auto& f : set.files) {
    if (options.live != nullptr && (options.pending == nullptr || !options.pending->count(f.version))) continue;
    analyze::LintOptions lint = options.lint;
    lint.contract_phase = f.is_contract();
    lint.initial_lock_timeout_ms = options.lock_timeout_ms;
    // As the runner will send it: a BEGIN ... COMMIT file is linted as written (its own
    // BEGIN opens the transaction); a file the runner wraps, as one transaction.
    core::Diagnostics ignored;  // syntax errors are reported by prepare_script, and by the report itself
    const auto script = prepare_script(f.up_text, f.up_path, ignored);
    const bool wraps = script && script->mode == Mode::Transaction && !script->own_block;
    lint.transaction = wraps ? analyze::FileTransaction::Whole : analyze::FileTransaction::None;
    const std::string folder =
        options.live != nullptr || options.one_history ? "" : std::filesystem::path(f.up_path).parent_path().string();
    if (options.base != nullptr && !schemas.count(folder)) schemas.emplace(folder, *options.base);
    reports.emplace(f.version, analyze::lint_script(f.up_text, f.up_path, lint, &schemas[folder]));
  }
  return reports;
}

}  // namespace schemashift::runner
