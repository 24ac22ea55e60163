#pragma once
// Helpers shared by the four lint report formats: positions and spans, source lines,
// estimates and counts as text. Private to lint/report/; everything else uses reporter.hpp.
#include <cstddef>
#include <string>
#include <string_view>

#include "analyze/linter.hpp"
#include "lint/linted_file.hpp"

namespace schemashift::lint::detail {

// The statement a finding belongs to, or nullptr for file-level findings (syntax error,
// unused suppression).
const analyze::StatementReport* statement_of(const analyze::FileReport& report, const analyze::Finding& f);

// Line `line` (1-based) of `text`, without its line break (and without a CR of CRLF files).
std::string_view source_line(std::string_view text, int line);

// 1-based column in Unicode code points for a 1-based byte column of `line`.
int code_point_column(std::string_view line, int byte_column);

// Where a finding starts and ends, in bytes (columns 1-based, end exclusive): from the
// marked position to the end of its statement's text; for file-level findings the token
// at a syntax error, otherwise the rest of the line (the suppression comment).
struct Span {
  std::size_t begin = 0;   // byte offsets in the file
  std::size_t end = 0;
  int line = 1;
  int column = 1;
  int end_line = 1;
  int end_column = 1;
};
Span finding_span(const LintedFile& file, const analyze::Finding& f);

// "1,000,000 rows (--rows) × index build ≈ 2 s" -> "≈ 2 s (1,000,000 rows (--rows) × index build)";
// the duration first, then what it was computed from.
std::string estimate_text(const analyze::Estimate& e);
// Just the duration: "≈ 2 s", "≈ 5 ms", "unknown" (no row count), "-" (no table locks).
std::string estimate_short(const analyze::Estimate& e);

// "1 error, 2 warnings" (non-zero counts only; "no findings" when all are zero).
std::string counts_text(const Counts& c);

// A path as a relative, forward-slash path: "./db/x.sql" -> "db/x.sql".
std::string display_path(const std::string& path);

std::string plural(std::size_t n, const char* singular, const char* plural_form);

}  // namespace schemashift::lint::detail
