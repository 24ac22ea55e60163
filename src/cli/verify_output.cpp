#include "cli/verify_output.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace schemashift::cli {

namespace {

using verify::StepResult;

const char* mark(StepResult r) {
  switch (r) {
    case StepResult::Ok: return "✓";
    case StepResult::Failed: return "✗";
    case StepResult::NotRun: return "·";
  }
  return "·";
}

std::string paint(const std::string& s, const char* code, bool color) {
  return color ? fmt::format("\033[{}m{}\033[0m", code, s) : s;
}

std::string first_line(const std::string& s) {
  const auto nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl) + " …";
}

void print_differences(std::ostream& out, const std::vector<verify::CatalogDifference>& diffs, const char* indent) {
  for (const auto& d : diffs) {
    out << indent << d.object << "\n";
    for (const auto& l : d.missing) out << indent << "  - " << l << "   (not brought back)\n";
    for (const auto& l : d.extra) out << indent << "  + " << l << "   (left behind)\n";
  }
}

std::string join_reasons(const std::vector<std::string>& reasons) {
  std::string out;
  for (const auto& r : reasons) out += (out.empty() ? "" : "; ") + r;
  return out;
}

std::size_t checks_failed(const verify::RehearsalReport& r) {
  std::size_t n = 0;
  for (const auto& c : r.checks) n += c.ok ? 0 : 1;
  return n;
}

}  // namespace

void print_verify_human(std::ostream& out, const VerifyHeader& h, const verify::RehearsalReport& r, bool color) {
  out << fmt::format("verify {} on {}\n", h.what, h.server);
  for (const auto& m : r.migrations) {
    const std::size_t mismatches = m.mismatches();
    const StepResult locks = m.up != StepResult::Ok ? StepResult::NotRun : mismatches ? StepResult::Failed : StepResult::Ok;
    out << fmt::format("  {}  up {}  locks as predicted {}  down {}  up again {}\n", m.file->name(), mark(m.up),
                       mark(locks), m.file->down_path.empty() ? "– (no down file)" : mark(m.down), mark(m.up_again));
    if (m.verdict != analyze::Verdict::SafeToRun) {
      out << fmt::format("      lint verdict {}{}{}\n", analyze::verdict_name(m.verdict),
                         m.verdict == analyze::Verdict::Blocked ? " (`run` refuses it; rehearsed here to show its real locks)" : "",
                         m.verdict_reasons.empty() ? "" : ": " + join_reasons(m.verdict_reasons));
    }
    if (!m.catalog.empty()) {
      out << "      note: its down alone does not give back the catalog its up started from (by design in a phased\n"
             "      change when an older down restores it; the check that counts is after every down):\n";
      print_differences(out, m.catalog, "        ");
    }
    for (const auto& s : m.statements) {
      for (const auto& x : s.mismatches) {
        out << fmt::format("      {}:{}:{}: {} [{}]\n", s.observed.path, s.observed.line, s.observed.column,
                           paint(x.message, "31", color), verify::mismatch_kind_id(x.kind));
        out << fmt::format("        statement: {}\n", first_line(s.observed.sql));
        out << fmt::format("        predicted: {}; observed: {}\n", x.predicted, x.observed);
      }
    }
  }
  if (!r.failed_step.empty()) {
    out << paint(fmt::format("✗ {} failed: {}", r.failed_step, r.failure.message), "31", color) << "\n";
    if (!r.failure.hint.empty()) out << "  hint: " << r.failure.hint << "\n";
    for (const auto& d : r.failure.details) out << "  " << d << "\n";
    for (const auto& d : r.failure.diagnostics.items()) out << "  " << d.where.str() << ": " << d.message << "\n";
  }
  if (!r.downs_stop_at.empty() && (r.failed_step.empty() || r.failed_step != "up")) {
    out << (r.downs_rehearsed == 0
                ? fmt::format("down: not rehearsed, the newest migration {} has no down file\n", r.downs_stop_at)
                : fmt::format("down: the newest {} migration{}, back to {}, which has no down file\n", r.downs_rehearsed,
                              r.downs_rehearsed == 1 ? "" : "s", r.downs_stop_at));
  }
  if ((r.failed_step.empty() || r.failed_step == "up again") && r.downs_rehearsed > 0) {
    if (r.catalog.empty()) {
      out << fmt::format("catalog after every down: identical to the catalog before the ups ({} facts) ✓\n", r.catalog_facts);
    } else {
      out << paint(fmt::format("✗ catalog after every down differs from the one before the ups in {} object{}:",
                               r.catalog.size(), r.catalog.size() == 1 ? "" : "s"),
                   "31", color)
          << "\n";
      print_differences(out, r.catalog, "  ");
    }
  }
  for (const auto& c : r.checks) {
    out << fmt::format("  check {} {}{}\n", c.ok ? "✓" : "✗", c.name, c.error.empty() ? "" : ": " + c.error);
  }
  const std::size_t statements = [&] {
    std::size_t n = 0;
    for (const auto& m : r.migrations) n += m.statements.size();
    return n;
  }();
  const std::string summary =
      fmt::format("{} migration{}, {} statement{} traced, {} lock mismatch{}, {} check{} failed", r.migrations.size(),
                  r.migrations.size() == 1 ? "" : "s", statements, statements == 1 ? "" : "s", r.mismatches(),
                  r.mismatches() == 1 ? "" : "es", checks_failed(r), checks_failed(r) == 1 ? "" : "s");
  out << (r.ok() ? paint("verified: " + summary, "32", color) : paint("not verified: " + summary, "31", color)) << "\n";
}

namespace {

nlohmann::ordered_json to_json(const verify::RehearsalReport& r, const VerifyHeader& h) {
  nlohmann::ordered_json j;
  j["ok"] = r.ok();
  j["what"] = h.what;
  j["server"] = h.server;
  j["failed_step"] = r.failed_step.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(r.failed_step);
  if (!r.failed_step.empty()) {
    j["failure"] = {{"message", r.failure.message}, {"hint", r.failure.hint}, {"details", r.failure.details}};
  }
  j["mismatches"] = r.mismatches();
  auto& migrations = j["migrations"] = nlohmann::ordered_json::array();
  for (const auto& m : r.migrations) {
    nlohmann::ordered_json jm;
    jm["version"] = m.file->version;
    jm["name"] = m.file->name();
    jm["verdict"] = analyze::verdict_name(m.verdict);
    jm["verdict_reasons"] = m.verdict_reasons;
    jm["up"] = verify::step_result_name(m.up);
    jm["down"] = m.file->down_path.empty() ? "no down file" : verify::step_result_name(m.down);
    auto& mc = jm["catalog_differences"] = nlohmann::ordered_json::array();
    for (const auto& d : m.catalog) mc.push_back({{"object", d.object}, {"missing", d.missing}, {"extra", d.extra}});
    jm["up_again"] = verify::step_result_name(m.up_again);
    auto& statements = jm["statements"] = nlohmann::ordered_json::array();
    for (const auto& s : m.statements) {
      nlohmann::ordered_json js;
      js["path"] = s.observed.path;
      js["line"] = s.observed.line;
      js["column"] = s.observed.column;
      js["traced"] = verify::trace_method_name(s.observed.method);
      js["duration_ms"] = s.observed.duration.count();
      js["predicted"] = s.predicted;
      auto& rels = js["observed"] = nlohmann::ordered_json::array();
      for (const auto& t : s.observed.relations) {
        if (t.taken.empty() && !t.rewritten && !t.scanned) continue;
        nlohmann::ordered_json jt;
        jt["relation"] = t.name;
        jt["kind"] = verify::relation_kind_name(t.kind);
        auto& modes = jt["locks"] = nlohmann::ordered_json::array();
        for (auto it = t.taken.rbegin(); it != t.taken.rend(); ++it) modes.push_back(analyze::lock_mode_sql(*it));
        jt["new"] = !t.existed_before;
        jt["rewritten"] = t.rewritten;
        jt["scanned"] = t.scanned;
        rels.push_back(std::move(jt));
      }
      auto& xs = js["mismatches"] = nlohmann::ordered_json::array();
      for (const auto& x : s.mismatches) {
        xs.push_back({{"kind", verify::mismatch_kind_id(x.kind)},
                      {"relation", x.relation},
                      {"predicted", x.predicted},
                      {"observed", x.observed},
                      {"message", x.message}});
      }
      statements.push_back(std::move(js));
    }
    migrations.push_back(std::move(jm));
  }
  j["downs_rehearsed"] = r.downs_rehearsed;
  j["downs_stop_at"] = r.downs_stop_at.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(r.downs_stop_at);
  auto& catalog = j["catalog_differences"] = nlohmann::ordered_json::array();
  for (const auto& d : r.catalog) catalog.push_back({{"object", d.object}, {"missing", d.missing}, {"extra", d.extra}});
  auto& checks = j["checks"] = nlohmann::ordered_json::array();
  for (const auto& c : r.checks) checks.push_back({{"issue", c.issue}, {"name", c.name}, {"ok", c.ok}, {"error", c.error}});
  return j;
}

std::string md_cell(std::string s) {
  for (std::string::size_type p = 0; (p = s.find('|', p)) != std::string::npos; p += 2) s.replace(p, 1, "\\|");
  for (auto& c : s) {
    if (c == '\n') c = ' ';
  }
  return s;
}

}  // namespace

void print_verify_json(std::ostream& out, const VerifyHeader& h, const verify::RehearsalReport& r) {
  out << to_json(r, h).dump(2) << "\n";
}

void print_verify_markdown(std::ostream& out, const VerifyHeader& h, const verify::RehearsalReport& r) {
  out << fmt::format("### schemashift verify: {}\n\n", md_cell(h.what));
  out << fmt::format("Rehearsed on {}: every up migration with its locks traced, every down in reverse, then the ups "
                     "again and the verification checks.\n\n",
                     md_cell(h.server));
  out << "| migration | lint verdict | up | locks as predicted | down | up again |\n|---|---|:-:|:-:|:-:|:-:|\n";
  for (const auto& m : r.migrations) {
    const StepResult locks = m.up != StepResult::Ok ? StepResult::NotRun : m.mismatches() ? StepResult::Failed : StepResult::Ok;
    out << fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", m.file->name(), analyze::verdict_name(m.verdict), mark(m.up), mark(locks),
                       m.file->down_path.empty() ? "no down file" : mark(m.down), mark(m.up_again));
  }
  out << "\n";
  for (const auto& m : r.migrations) {
    if (m.catalog.empty()) continue;
    out << fmt::format("Note: the down of `{}` alone does not give back the catalog its up started from "
                       "(older downs may):\n\n```diff\n",
                       m.file->name());
    for (const auto& d : m.catalog) {
      for (const auto& l : d.missing) out << "- " << l << "\n";
      for (const auto& l : d.extra) out << "+ " << l << "\n";
    }
    out << "```\n\n";
  }
  if (r.mismatches() > 0) {
    out << "| statement | relation | predicted | observed |\n|---|---|---|---|\n";
    for (const auto& m : r.migrations) {
      for (const auto& s : m.statements) {
        for (const auto& x : s.mismatches) {
          out << fmt::format("| `{}` line {} | {} | {} | {} |\n", m.file->name(), s.observed.line, md_cell(x.relation),
                             md_cell(x.predicted), md_cell(x.observed));
        }
      }
    }
    out << "\n";
  }
  if (!r.failed_step.empty()) out << fmt::format("**{} failed:** {}\n\n", r.failed_step, md_cell(r.failure.message));
  if (!r.downs_stop_at.empty() && r.failed_step != "up") {
    out << fmt::format("Down rehearsed for the newest {} migration(s); `{}` has no down file.\n\n", r.downs_rehearsed,
                       md_cell(r.downs_stop_at));
  }
  if ((r.failed_step.empty() || r.failed_step == "up again") && r.downs_rehearsed > 0) {
    out << (r.catalog.empty() ? fmt::format("Catalog after every down: identical to the one before the ups ({} facts).\n\n",
                                            r.catalog_facts)
                              : fmt::format("**Catalog after every down differs** in {} object(s): {}.\n\n", r.catalog.size(),
                                            [&] {
                                              std::string s;
                                              for (const auto& d : r.catalog) s += (s.empty() ? "`" : ", `") + d.object + "`";
                                              return s;
                                            }()));
  }
  if (!r.checks.empty()) {
    out << "| check | result |\n|---|:-:|\n";
    for (const auto& c : r.checks) out << fmt::format("| {} | {} |\n", md_cell(c.name), c.ok ? "✓" : "✗ " + md_cell(c.error));
    out << "\n";
  }
  out << (r.ok() ? "**Verified.**\n" : "**Not verified.**\n");
}

}  // namespace schemashift::cli
