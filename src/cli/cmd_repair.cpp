// `schemashift repair`: flags -> runner::RepairOptions -> runner::repair -> list or JSON -> exit code.
#include <algorithm>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/runner_output.hpp"
#include "runner/repair.hpp"

namespace schemashift::cli {

namespace {

const char* kRepairHelp = R"(
Accepts applied migration files whose bytes changed since they were applied. `run` stops
while any applied file is modified (`status` lists them), because the database holds what
the old bytes did. If the change does not alter what the file does (a comment, formatting),
or you applied the difference by hand, `repair` records the file's new SHA-256 as the
applied one; the old checksum is kept in <history-schema>.checksum_changes with who
accepted it and when. Otherwise do not repair: restore the file (git checkout), or revert
the migration and run it again.

It lists what it would accept and asks for `accept` on a terminal; elsewhere it refuses
without --yes.

Examples:
  schemashift repair --dry-run                      which applied files changed
  schemashift repair --version 20240115143022 --yes accept one, without asking

Exit codes: 0 accepted (or nothing to repair); 2 --version is not a modified applied file;
3 database unreachable; 6 a run holds the database; 7 not confirmed.)";

nlohmann::json repair_json(const runner::Outcome& outcome, const std::string& database) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& p : outcome.planned) {
    const bool accepted = std::any_of(outcome.done.begin(), outcome.done.end(),
                                      [&](const runner::Done& d) { return d.file == p.file; });
    files.push_back({{"version", p.file->version},
                     {"name", p.file->name()},
                     {"file", p.file->up_path},
                     {"applied_at", p.previous->applied_at},
                     {"recorded_checksum", p.previous->checksum},
                     {"file_checksum", p.file->checksum},
                     {"accepted", accepted}});
  }
  nlohmann::json doc = outcome_header_json(outcome, "repair", database);
  doc["modified"] = std::move(files);
  return doc;
}

void print_repair(std::ostream& out, const runner::Outcome& outcome, Style style) {
  if (outcome.planned.empty()) {
    out << outcome.message << "\n";
    return;
  }
  out << fmt::format("Applied file{} changed since applied:\n", outcome.planned.size() == 1 ? "" : "s");
  for (const auto& p : outcome.planned) {
    out << "  " << style.bold(p.file->name()) << "  " << p.file->up_path << "\n"
        << "     applied " << p.previous->applied_at << " with " << p.previous->checksum.substr(0, 12) << "…, file now "
        << p.file->checksum.substr(0, 12) << "…\n";
  }
  if (!outcome.done.empty()) {
    out << style.ok(fmt::format("✓ accepted {} file{}", outcome.done.size(), outcome.done.size() == 1 ? "" : "s"))
        << ": `run` goes on from here\n";
  } else if (outcome.dry_run) {
    out << "(dry run: nothing recorded)\n";
  }
}

}  // namespace

int run_repair(const RepairCommandOptions& o) {
  const auto project = read_project("", o.db.color);  // defaults.history_schema
  if (!project) return static_cast<int>(core::ExitCode::InvalidInput);
  const auto db = flags_for_one_service(*project, o.db, 0, "repair");
  if (!db) return static_cast<int>(core::ExitCode::InvalidInput);
  const std::string url = database_url(*db);
  const auto set = load_migrations(*db);
  if (!set) return static_cast<int>(core::ExitCode::InvalidInput);
  const auto session = connect(url);
  const bool json = o.db.format == "json";
  const Style style{!json && use_color(o.db.color, 1)};
  runner::Events quiet;
  runner::Runtime rt{*session, runner::system_clock(), quiet, runner::History(history_schema_of(*db, project->defaults)),
                     std::chrono::milliseconds(o.lock_wait_ms), {}, terminal_confirm()};
  const runner::Outcome outcome = runner::repair(*set, rt, o.repair);
  if (json) {
    std::cout << repair_json(outcome, session->describe()).dump(2) << "\n";
  } else {
    print_repair(std::cout, outcome, style);
  }
  if (outcome.code != core::ExitCode::Ok) print_refusal(outcome);
  return static_cast<int>(outcome.code);
}

Command add_repair(CLI::App& app) {
  auto o = std::make_shared<RepairCommandOptions>();
  auto* cmd = app.add_subcommand("repair", "accept applied migration files whose bytes changed (records the new checksum)");
  cmd->footer(kRepairHelp);
  add_database_flags(cmd, o->db);
  cmd->add_option("--version", o->repair.version, "only this version");
  cmd->add_flag("--yes,-y", o->repair.yes, "do not ask for confirmation");
  cmd->add_flag("--dry-run", o->repair.dry_run, "list the modified files; record nothing");
  cmd->add_option("--lock-wait", o->lock_wait_ms, "ms to wait for a runner working on the same database")
      ->check(CLI::Range(0LL, 3'600'000LL))
      ->capture_default_str();
  return {cmd, [o] { return run_repair(*o); }};
}

}  // namespace schemashift::cli
