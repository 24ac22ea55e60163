// `lint --format human`: compiler-style findings with the statement excerpt, the locks
// and estimate behind each one, a verdict per file and a summary. Colour follows
// core::format_diagnostic (bold location, red/yellow/cyan severity) and only when asked.
#include <algorithm>
#include <ostream>
#include <set>

#include <fmt/format.h>

#include "core/text.hpp"
#include "lint/report/detail.hpp"
#include "lint/report/reporter.hpp"

namespace schemashift::lint {

namespace {

using namespace detail;
using analyze::Finding;
using analyze::Severity;
using analyze::Verdict;

constexpr int kTabWidth = 4;             // tabs in excerpts expand to this tab stop
constexpr int kContextLines = 1;         // lines shown either side of the marked line
constexpr std::size_t kSummaryWidth = 48;  // statement column of the --locks table

struct Palette {
  bool on = false;
  const char* bold() const { return on ? "\x1b[1m" : ""; }
  const char* reset() const { return on ? "\x1b[0m" : ""; }
  const char* gutter() const { return on ? "\x1b[1;34m" : ""; }
  const char* severity(Severity s) const {
    if (!on) return "";
    return s == Severity::Error ? "\x1b[1;31m" : s == Severity::Warning ? "\x1b[1;33m" : "\x1b[1;36m";
  }
  const char* verdict(Verdict v) const {
    if (!on) return "";
    return v == Verdict::Blocked ? "\x1b[1;31m" : v == Verdict::RequiresMaintenanceWindow ? "\x1b[1;33m" : "\x1b[1;32m";
  }
  std::string paint(const char* tone, const std::string& s) const { return on ? tone + s + reset() : s; }
};

// ------------------------------------------------------------------ display columns

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Columns the first `bytes` bytes of `line` take on a terminal: one per code point, tabs to
// the next tab stop. Positions past the end (an error at the end of input) count one each.
int display_width(std::string_view line, std::size_t bytes) {
  int width = 0;
  for (std::size_t i = 0; i < std::min(bytes, line.size()); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c == '\t') {
      width += kTabWidth - width % kTabWidth;
    } else if (!is_continuation(c)) {
      ++width;
    }
  }
  if (bytes > line.size()) width += static_cast<int>(bytes - line.size());
  return width;
}

// The line as it is shown: tabs expanded, other control characters (which could move the
// cursor or recolour the terminal) shown as spaces, a byte that is not UTF-8 (the file was
// refused for it) as U+FFFD, trailing blanks dropped.
std::string display_text(std::string_view line) {
  std::string out;
  int width = 0;
  std::size_t next_bad = core::invalid_utf8_offset(line);
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    const auto c = static_cast<unsigned char>(ch);
    if (i == next_bad) {
      out += "\xEF\xBF\xBD";
      if (!is_continuation(c)) ++width;
      const std::size_t rest = core::invalid_utf8_offset(line.substr(i + 1));
      next_bad = rest == std::string_view::npos ? rest : i + 1 + rest;
      continue;
    }
    if (c == '\t') {
      const int n = kTabWidth - width % kTabWidth;
      out.append(static_cast<std::size_t>(n), ' ');
      width += n;
      continue;
    }
    out += (c < 0x20 || c == 0x7f) ? ' ' : ch;
    if (!is_continuation(c)) ++width;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

int display_width(std::string_view s) { return display_width(s, s.size()); }

std::string spaces(int n) { return std::string(static_cast<std::size_t>(std::max(0, n)), ' '); }

std::string pad_right(const std::string& s, int width) {
  const int w = display_width(s);
  return s + spaces(width - w);
}

// At most `n` code points, with "…" when cut.
std::string truncate(const std::string& s, std::size_t n) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_continuation(static_cast<unsigned char>(s[i]))) continue;
    if (points == n - 1) {
      std::size_t rest = 0;
      for (std::size_t j = i; j < s.size(); ++j) rest += !is_continuation(static_cast<unsigned char>(s[j]));
      return rest <= 1 ? s : s.substr(0, i) + "…";
    }
    ++points;
  }
  return s;
}

// ------------------------------------------------------------------ excerpt

// Lines of the excerpt: the statement's first and last line, the marked line and its
// neighbours; a gap of one line is filled in, longer gaps become "...".
std::vector<int> excerpt_lines(int first, int last, int focus) {
  std::set<int> keep = {first, last};
  for (int l = focus - kContextLines; l <= focus + kContextLines; ++l) {
    if (l >= first && l <= last) keep.insert(l);
  }
  std::vector<int> out;
  for (const int l : keep) {
    if (!out.empty() && l == out.back() + 2) out.push_back(l - 1);
    out.push_back(l);
  }
  return out;
}

int digits(int n) { return static_cast<int>(std::to_string(n).size()); }

class Excerpt {
 public:
  Excerpt(const LintedFile& file, const Finding& f, const Palette& p) : file_(file), f_(f), p_(p) {
    span_ = finding_span(file, f);
    const auto* st = statement_of(file.report, f);
    first_ = st ? std::min(st->line, f.line) : f.line;
    last_ = st ? std::max(span_.end_line, f.line) : f.line;
    // A span ending at column 1 ends with the previous line's break.
    if (last_ > f.line && span_.end_column == 1) --last_;
    lines_ = excerpt_lines(first_, last_, f.line);
    width_ = digits(lines_.empty() ? f.line : lines_.back());
  }

  std::string gutter_blank() const { return " " + spaces(width_) + " "; }

  // " = label: text" in the excerpt's gutter.
  std::string note(const std::string& label, const std::string& text) const {
    return fmt::format("{}{}={} {}{}:{} {}\n", gutter_blank(), p_.gutter(), p_.reset(), p_.bold(), label, p_.reset(),
                       text);
  }

  std::string render() const {
    std::string out = fmt::format("{}{}|{}\n", gutter_blank(), p_.gutter(), p_.reset());
    int previous = 0;
    for (const int l : lines_) {
      if (previous && l > previous + 1) out += fmt::format("{}...{}\n", p_.gutter(), p_.reset());
      const std::string shown = display_text(source_line(file_.text, l));
      out += fmt::format("{}{:>{}} |{}{}{}\n", p_.gutter(), l, width_ + 1, p_.reset(), shown.empty() ? "" : " ", shown);
      if (l == f_.line) out += caret_line();
      previous = l;
    }
    return out;
  }

 private:
  // "^~~~~" from the marked column to the end of the statement's text on that line.
  std::string caret_line() const {
    const std::string_view line = source_line(file_.text, f_.line);
    const std::size_t start = static_cast<std::size_t>(std::max(0, f_.column - 1));
    std::size_t end = span_.end_line == f_.line ? static_cast<std::size_t>(std::max(0, span_.end_column - 1))
                                                : line.size();
    end = std::min(end, line.size());
    while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r')) --end;
    const int from = display_width(line, start);
    const int length = std::max(1, display_width(line, end) - from);
    const std::string marks = "^" + std::string(static_cast<std::size_t>(length - 1), '~');
    return fmt::format("{}{}|{} {}{}\n", gutter_blank(), p_.gutter(), p_.reset(), spaces(from),
                       p_.paint(p_.severity(f_.severity), marks));
  }

  const LintedFile& file_;
  const Finding& f_;
  const Palette& p_;
  Span span_;
  int first_ = 1;
  int last_ = 1;
  std::vector<int> lines_;
  int width_ = 1;
};

// ------------------------------------------------------------------ one finding

std::string blocks_text(analyze::LockMode mode) {
  const bool reads = analyze::blocks_reads(mode);
  const bool writes = analyze::blocks_writes(mode);
  if (reads && writes) return "blocks reads and writes";
  if (writes) return "blocks writes";
  if (reads) return "blocks reads";
  return "reads and writes continue";
}

// "SHARE on users (index build): blocks writes · ≈ 2 s (1,000,000 rows (--rows) × index build)"
std::string lock_text(const analyze::StatementReport& st, const Finding& f) {
  std::vector<std::string> parts;
  for (const auto& l : st.analysis.locks) {
    if (l.is_new || l.mode == analyze::LockMode::None) continue;
    parts.push_back(fmt::format("{} on {} ({}): {}", analyze::lock_mode_sql(l.mode), l.relation,
                                analyze::work_name(l.work), blocks_text(l.mode)));
  }
  std::string out = core::join(parts, "; ");
  if (f.estimate) {
    out += (out.empty() ? "none on existing tables · " : " · ") + estimate_text(*f.estimate);
  }
  if (f.tolerated) out += " · under --max-lock-ms: not counted in the verdict";
  return out;
}

std::string render_finding(const LintedFile& file, const Finding& f, const Palette& p) {
  // Messages quote the file (identifiers, PostgreSQL's "at or near" token): shown escaped.
  std::string out = fmt::format("{}{}:{}:{}:{} {}{}:{} {} [{}]\n", p.bold(), file.report.path, f.line, f.column,
                                p.reset(), p.severity(f.severity), analyze::severity_name(f.severity), p.reset(),
                                core::escape_control(f.message, true), f.rule);
  // Hints are design advice on new columns; a one-line form keeps them from drowning the
  // errors and warnings of a large folder (the JSON and SARIF output carry everything).
  if (file.text.empty() || f.severity == analyze::Severity::Hint) {
    if (!f.help.empty()) out += fmt::format("  {}help:{} {}\n", p.bold(), p.reset(), f.help);
    return out;
  }
  const Excerpt excerpt(file, f, p);
  out += excerpt.render();
  if (const auto* st = statement_of(file.report, f)) {
    const std::string locks = lock_text(*st, f);
    if (!locks.empty()) out += excerpt.note("lock", locks);
    for (const auto& n : st->analysis.notes) out += excerpt.note("note", n);
  }
  if (!f.help.empty()) out += excerpt.note("help", f.help);
  return out;
}

// ------------------------------------------------------------------ --locks table

std::string strongest_lock_cell(const analyze::StatementAnalysis& a, const analyze::RelationLock** strongest) {
  *strongest = nullptr;
  std::size_t existing = 0;
  for (const auto& l : a.locks) {
    if (l.is_new || l.mode == analyze::LockMode::None) continue;
    ++existing;
    if (!*strongest || l.mode > (*strongest)->mode) *strongest = &l;
  }
  if (!*strongest) return a.locks.empty() ? "none" : "none (new relation)";
  std::string cell = fmt::format("{} on {}", analyze::lock_mode_sql((*strongest)->mode), (*strongest)->relation);
  if (existing > 1) cell += fmt::format(" (+{})", existing - 1);
  return cell;
}

std::vector<std::string> statement_row(const analyze::StatementReport& st) {
  const analyze::RelationLock* strongest = nullptr;
  const std::string lock = strongest_lock_cell(st.analysis, &strongest);
  std::string blocks = "-";
  if (st.analysis.blocks_reads() && st.analysis.blocks_writes()) {
    blocks = "reads, writes";
  } else if (st.analysis.blocks_writes()) {
    blocks = "writes";
  } else if (st.analysis.blocks_reads()) {
    blocks = "reads";
  }
  // Only new relations: the work on one filled earlier in the file (an index build on its
  // rows) says more than "new relation".
  const analyze::RelationLock* worked = strongest ? strongest : analyze::costliest_lock(st.analysis);
  const std::string work = worked ? analyze::work_name(worked->work)
                                  : st.analysis.locks.empty() ? "-" : analyze::work_name(analyze::Work::NewRelation);
  std::string summary = st.analysis.summary;
  if (summary.empty()) summary = core::trim(source_line(st.text, 1));
  // Both quote the file (its first line, relation names): shown as excerpts are.
  return {std::to_string(st.line),
          truncate(display_text(summary), kSummaryWidth),
          display_text(lock),
          blocks,
          work,
          estimate_short(st.estimate),
          st.in_transaction ? "transaction" : "autocommit"};
}

std::string render_table(const LintedFile& file, const Palette& p) {
  const auto& r = file.report;
  if (r.parse_error) return fmt::format("{}{}:{} not analysed (syntax error)\n", p.bold(), r.path, p.reset());
  std::string out = fmt::format("{}{}:{} {} ({})\n", p.bold(), r.path, p.reset(),
                                plural(r.statements.size(), "statement", "statements"),
                                analyze::file_transaction_name(file.transaction));
  if (r.statements.empty()) return out;
  std::vector<std::vector<std::string>> rows = {{"line", "statement", "lock", "blocks", "work", "estimate", "runs in"}};
  for (const auto& st : r.statements) rows.push_back(statement_row(st));
  std::vector<int> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], display_width(row[c]));
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::string line = "  " + spaces(widths[0] - display_width(rows[i][0])) + rows[i][0];
    for (std::size_t c = 1; c < rows[i].size(); ++c) {
      line += "  " + (c + 1 == rows[i].size() ? rows[i][c] : pad_right(rows[i][c], widths[c]));
    }
    out += (i == 0 ? p.paint(p.bold(), line) : line) + "\n";
  }
  return out;
}

// ------------------------------------------------------------------ verdicts

std::string counts_with_suppressed(const Counts& c) {
  std::string out = counts_text(c);
  if (c.suppressed) out += fmt::format("; {} suppressed", c.suppressed);
  return out;
}

std::string verdict_line(const LintedFile& file, const Palette& p) {
  return fmt::format("{}{}:{} {} ({})\n", p.bold(), file.report.path, p.reset(),
                     p.paint(p.verdict(file.report.verdict), analyze::verdict_name(file.report.verdict)),
                     counts_with_suppressed(count_findings(file.report)));
}

std::string summary(const Totals& t, const Palette& p) {
  const std::string verdict = p.paint(p.verdict(t.verdict), analyze::verdict_name(t.verdict));
  std::string out = fmt::format(
      "{}, {}: {} BLOCKED, {} REQUIRES_MAINTENANCE_WINDOW, {} SAFE_TO_RUN · verdict: {}\n",
      plural(t.files, "file", "files"), plural(t.statements, "statement", "statements"),
      t.with_verdict(Verdict::Blocked), t.with_verdict(Verdict::RequiresMaintenanceWindow),
      t.with_verdict(Verdict::SafeToRun), verdict);
  // All three severities here (unlike the per-file line), so the totals read as a fixed form.
  const Counts& total = t.findings;
  std::string counts = total.total() == 0 ? std::string("no findings")
                                          : fmt::format("{}, {}, {}", plural(total.errors, "error", "errors"),
                                                        plural(total.warnings, "warning", "warnings"),
                                                        plural(total.hints, "hint", "hints"));
  if (total.suppressed) counts += fmt::format("; {} suppressed", total.suppressed);
  return out + counts + "\n";
}

class HumanReporter : public Reporter {
 public:
  explicit HumanReporter(const ReportOptions& options) : options_(options) { palette_.on = options.color; }

  std::string render(const LintedFile& file) const override {
    std::string out;
    for (const auto& f : file.report.findings) out += render_finding(file, f, palette_) + "\n";
    if (options_.locks) out += render_table(file, palette_);
    if (options_.locks || !file.report.findings.empty()) out += verdict_line(file, palette_) + "\n";
    return out;
  }

  void end(std::ostream& out, const RunInfo&, const Totals& totals) override { out << summary(totals, palette_); }

 private:
  ReportOptions options_;
  Palette palette_;
};

}  // namespace

std::unique_ptr<Reporter> make_human_reporter(const ReportOptions& options) {
  return std::make_unique<HumanReporter>(options);
}

}  // namespace schemashift::lint
