#include "core/diagnostics.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "core/text.hpp"

namespace schemashift::core {

std::string SourceLocation::str() const {
  if (line <= 0) return file.empty() ? "<input>" : file;
  return fmt::format("{}:{}:{}", file.empty() ? "<input>" : file, line, column > 0 ? column : 1);
}

void Diagnostics::error(std::string code, SourceLocation where, std::string message, std::string hint) {
  items_.push_back({Severity::Error, std::move(code), std::move(message), std::move(where), std::move(hint)});
}

void Diagnostics::warning(std::string code, SourceLocation where, std::string message, std::string hint) {
  items_.push_back({Severity::Warning, std::move(code), std::move(message), std::move(where), std::move(hint)});
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(),
      [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> out = items_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.file, a.where.line, a.where.column) <
           std::tie(b.where.file, b.where.line, b.where.column);
  });
  return out;
}

static const char* severity_word(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

std::string format_diagnostic(const Diagnostic& d, bool color) {
  // Messages quote user input (names, keys, YAML's own excerpts): a NUL or an escape
  // sequence from a binary or hostile file is shown as \xNN, never sent to the terminal.
  const std::string message = escape_control(d.message, true);
  const std::string hint = escape_control(d.hint, true);
  const char* bold = color ? "\x1b[1m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  const char* tone = !color ? "" : d.severity == Severity::Error ? "\x1b[1;31m"
                                   : d.severity == Severity::Warning ? "\x1b[1;33m" : "\x1b[1;36m";
  std::string out = fmt::format("{}{}:{} {}{}:{} {}", bold, d.where.str(), reset, tone,
                                severity_word(d.severity), reset, message);
  if (!d.code.empty()) out += fmt::format(" [{}]", d.code);
  out += "\n";
  if (!hint.empty()) out += fmt::format("  {}hint:{} {}\n", bold, reset, hint);
  return out;
}

}  // namespace schemashift::core
