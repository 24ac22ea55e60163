#include "translate/replan_changes.hpp"

#include <fmt/format.h>

#include "core/text.hpp"

namespace schemashift::translate {

namespace {

// A statement's first words, whitespace collapsed: enough to tell CREATE INDEX from
// CREATE INDEX CONCURRENTLY, or SET NOT NULL from ADD CONSTRAINT ... NOT VALID.
std::string head(const std::string& sql) {
  constexpr std::size_t kMax = 72;
  std::string out;
  bool space = false;
  for (char c : sql) {
    const bool ws = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() > kMax) return out.substr(0, kMax) + "...";
  }
  return out;
}

// How operation `op` runs in `plan`: its statements, and for each the phase and whether it
// shares a transaction, has one of its own, or runs outside any.
struct Shape {
  std::vector<std::string> statements;  // head of each up statement, in order
  std::vector<std::string> placed;      // the same with phase and transaction
  std::string why;                      // the first step's reason for its shape
};

Shape shape(const plan::Plan& plan, std::size_t op) {
  Shape s;
  for (const auto& m : plan.migrations) {
    for (const auto& ps : m.steps) {
      if (ps.operation != op) continue;
      if (s.why.empty()) s.why = ps.step.why;
      const std::string where = !m.transactional     ? "its own migration, outside a transaction"
                                : m.steps.size() == 1 ? "its own migration"
                                                      : "a transaction with other steps";
      for (const auto& st : ps.step.up) {
        s.statements.push_back(head(st.sql));
        s.placed.push_back(fmt::format("{}: {} ({})", plan::phase_name(m.phase), head(st.sql), where));
      }
    }
  }
  return s;
}

}  // namespace

std::vector<std::string> replan_changes(const plan::Plan& faithful, const plan::Plan& safe) {
  std::vector<std::string> lines;
  for (std::size_t op = 0; op < safe.operations.size() && op < safe.spec.operations.size(); ++op) {
    if (safe.spec.operations[op].name == "sql") continue;
    const Shape before = shape(faithful, op), after = shape(safe, op);
    if (before.placed == after.placed) continue;
    std::string line = fmt::format("{}: {} -> {}", safe.operations[op]->label(), core::join(before.statements, "; "),
                                   core::join(after.placed, "; "));
    if (!after.why.empty()) line += ". Why: " + after.why;
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace schemashift::translate
