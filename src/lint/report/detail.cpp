#include "lint/report/detail.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/text.hpp"
#include "sql/parser.hpp"

namespace schemashift::lint::detail {

const analyze::StatementReport* statement_of(const analyze::FileReport& report, const analyze::Finding& f) {
  return f.statement < report.statements.size() ? &report.statements[f.statement] : nullptr;
}

std::string_view source_line(std::string_view text, int line) {
  std::size_t begin = 0;
  for (int l = 1; l < line; ++l) {
    const std::size_t nl = text.find('\n', begin);
    if (nl == std::string_view::npos) return {};
    begin = nl + 1;
  }
  std::size_t end = text.find('\n', begin);
  if (end == std::string_view::npos) end = text.size();
  if (end > begin && text[end - 1] == '\r') --end;
  return text.substr(begin, end - begin);
}

int code_point_column(std::string_view line, int byte_column) {
  const std::size_t limit = static_cast<std::size_t>(std::max(0, byte_column - 1));
  int column = 1;
  for (std::size_t i = 0; i < limit; ++i) {
    // UTF-8 continuation bytes (10xxxxxx) belong to the code point before them.
    const bool continuation = i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80;
    if (!continuation) ++column;
  }
  return column;
}

namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// End of the token starting at `begin` (what a syntax error points at), at least one byte.
std::size_t token_end(const std::string& text, std::size_t begin) {
  std::size_t end = begin;
  while (end < text.size() && !is_space(text[end]) && (end == begin || text[end] != ';')) ++end;
  return std::max(end, std::min(begin + 1, text.size()));
}

// End of the line holding `begin`, trailing blanks left out.
std::size_t line_end(const std::string& text, std::size_t begin) {
  std::size_t end = text.find('\n', begin);
  if (end == std::string::npos) end = text.size();
  while (end > begin && is_space(text[end - 1])) --end;
  return end;
}

std::string approx(double millis) {
  std::string s = core::human_millis(millis);  // "~5 ms"
  if (!s.empty() && s.front() == '~') s = "≈ " + s.substr(1);
  return s;
}

constexpr std::string_view kApprox = " ≈ ";

bool no_row_count(const analyze::Estimate& e) { return core::starts_with(e.basis, "no row count"); }

}  // namespace

Span finding_span(const LintedFile& file, const analyze::Finding& f) {
  const std::string& text = file.text;
  Span s;
  s.begin = std::min(f.offset, text.size());
  const analyze::StatementReport* st = statement_of(file.report, f);
  if (st) {
    s.end = std::max(s.begin, std::min(text.size(), st->offset + st->text.size()));
  } else if (f.rule == analyze::kSyntaxErrorRule) {
    s.end = token_end(text, s.begin);
  } else {
    s.end = std::max(s.begin, line_end(text, s.begin));
  }
  // The finding's own line/column are authoritative (they also work without the text).
  s.line = f.line;
  s.column = f.column;
  if (text.empty()) {
    s.end_line = f.line;
    s.end_column = f.column;
  } else if (st && s.end == st->offset + st->text.size()) {
    // The linter placed the statement's end already: placing it again would index the
    // file's lines once per finding (quadratic in a large file with many findings).
    s.end_line = st->end_line;
    s.end_column = st->end_column;
  } else {
    sql::offset_to_line_col(text, s.end, s.end_line, s.end_column);
  }
  return s;
}

std::string estimate_text(const analyze::Estimate& e) {
  const auto pos = e.basis.find(kApprox);
  if (pos != std::string::npos) return e.basis.substr(pos + 1) + " (" + e.basis.substr(0, pos) + ")";
  if (no_row_count(e)) return "duration unknown: " + e.basis;
  if (e.millis <= 0) return e.basis.empty() ? "-" : e.basis;
  return e.basis.empty() ? approx(e.millis) : approx(e.millis) + " (" + e.basis + ")";
}

std::string estimate_short(const analyze::Estimate& e) {
  const auto pos = e.basis.find(kApprox);
  if (pos != std::string::npos) return e.basis.substr(pos + 1);
  if (no_row_count(e)) return "unknown";
  if (e.millis <= 0) return "-";
  return approx(e.millis);
}

std::string plural(std::size_t n, const char* singular, const char* plural_form) {
  return std::to_string(n) + " " + (n == 1 ? singular : plural_form);
}

std::string counts_text(const Counts& c) {
  std::vector<std::string> parts;
  if (c.errors) parts.push_back(plural(c.errors, "error", "errors"));
  if (c.warnings) parts.push_back(plural(c.warnings, "warning", "warnings"));
  if (c.hints) parts.push_back(plural(c.hints, "hint", "hints"));
  return parts.empty() ? std::string("no findings") : core::join(parts, ", ");
}

std::string display_path(const std::string& path) {
  std::string p = path;
  std::replace(p.begin(), p.end(), '\\', '/');
  while (core::starts_with(p, "./")) p.erase(0, 2);
  return p;
}

}  // namespace schemashift::lint::detail
