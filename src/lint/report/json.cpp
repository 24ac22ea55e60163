// `lint --format json` (schema documented in docs/lint-json.md; bump "version" on any
// incompatible change):
//   { "version": 1, "pg_version", "stats_source", "verdict",
//     "summary": {files, statements, findings, errors, warnings, hints, suppressed,
//                 blocked, requires_maintenance_window, safe_to_run},
//     "files": [{ "path", "layout", "layout_rule", "transaction", "contract", "verdict", "verdict_reasons",
//                 "parse_error"? {message, line, column}, "suppressed", "estimated_ms",
//                 "statements": [{line, column, end_line, end_column, summary, text,
//                                 in_transaction, outside_transaction,
//                                 locks: [{relation, mode, work, blocks_reads, blocks_writes, new}],
//                                 estimate: {ms, basis, from_rows}, notes}],
//                 "findings": [{rule, severity, impact, message, help, line, column,
//                               end_line, end_column, statement (index | null),
//                               estimate? {ms, basis, from_rows}, tolerated}] }] }
// Keys keep the order written here, so the bytes are stable.
//
// The summary comes first but is known only after the last file, and the report must
// not hold every file: each file's object is written, as it arrives, to a spool (memory
// up to 8 MiB, then an unnamed temporary file), which end() copies out after the head.
// Memory stays bounded whatever the number of files.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ostream>

#include "core/error.hpp"
#include "lint/report/detail.hpp"
#include "lint/report/json_writer.hpp"
#include "lint/report/reporter.hpp"

namespace schemashift::lint {

namespace {

using namespace detail;

constexpr int kFileDepth = 2;  // root object > "files" array > file object

long long rounded_ms(double ms) { return std::llround(ms); }

void write_estimate(JsonWriter& w, const analyze::Estimate& e) {
  w.begin_object().field("ms", rounded_ms(e.millis)).field("basis", e.basis).field("from_rows", e.from_rows);
  w.end_object();
}

void write_lock(JsonWriter& w, const analyze::RelationLock& l) {
  w.begin_object()
      .field("relation", l.relation)
      .field("mode", analyze::lock_mode_sql(l.mode))
      .field("work", analyze::work_name(l.work))
      .field("blocks_reads", analyze::blocks_reads(l.mode))
      .field("blocks_writes", analyze::blocks_writes(l.mode))
      .field("new", l.is_new)
      .end_object();
}

void write_statement(JsonWriter& w, const analyze::StatementReport& st) {
  w.begin_object()
      .field("line", st.line)
      .field("column", st.column)
      .field("end_line", st.end_line)
      .field("end_column", st.end_column)
      .field("summary", st.analysis.summary)
      .field("text", st.text)
      .field("in_transaction", st.in_transaction)
      .field("outside_transaction", st.analysis.must_run_outside_transaction);
  w.key("locks").begin_array();
  for (const auto& l : st.analysis.locks) write_lock(w, l);
  w.end_array();
  w.key("estimate");
  write_estimate(w, st.estimate);
  w.field("notes", st.analysis.notes).end_object();
}

void write_finding(JsonWriter& w, const LintedFile& file, const analyze::Finding& f) {
  const Span span = finding_span(file, f);
  w.begin_object()
      .field("rule", f.rule)
      .field("severity", analyze::severity_name(f.severity))
      .field("impact", analyze::impact_name(f.impact))
      .field("message", f.message)
      .field("help", f.help)
      .field("line", f.line)
      .field("column", f.column)
      .field("end_line", span.end_line)
      .field("end_column", span.end_column)
      .key("statement");
  if (statement_of(file.report, f)) {
    w.value(f.statement);
  } else {
    w.null();
  }
  if (f.estimate) {
    w.key("estimate");
    write_estimate(w, *f.estimate);
  }
  w.field("tolerated", f.tolerated).end_object();
}

void write_file(JsonWriter& w, const LintedFile& file) {
  const auto& r = file.report;
  w.begin_object()
      .field("path", r.path)
      .field("layout", file.layout)
      .field("layout_rule", file.layout_rule)
      .field("transaction", analyze::file_transaction_name(file.transaction))
      .field("contract", file.contract)
      .field("verdict", analyze::verdict_name(r.verdict))
      .field("verdict_reasons", r.verdict_reasons);
  if (r.parse_error) {
    w.key("parse_error")
        .begin_object()
        .field("message", r.parse_error->message)
        .field("line", r.parse_error->line)
        .field("column", r.parse_error->column)
        .end_object();
  }
  w.field("suppressed", r.suppressed).field("estimated_ms", rounded_ms(r.estimated_ms));
  w.key("statements").begin_array();
  for (const auto& st : r.statements) write_statement(w, st);
  w.end_array();
  w.key("findings").begin_array();
  for (const auto& f : r.findings) write_finding(w, file, f);
  w.end_array().end_object();
}

std::string head(const RunInfo& run, const Totals& t) {
  std::string out;
  JsonWriter w(out);
  w.begin_object()
      .field("version", 1)
      .field("pg_version", run.pg_version)
      .field("stats_source", run.stats_source)
      .field("verdict", analyze::verdict_name(t.verdict));
  w.key("summary")
      .begin_object()
      .field("files", t.files)
      .field("statements", t.statements)
      .field("findings", t.findings.total())
      .field("errors", t.findings.errors)
      .field("warnings", t.findings.warnings)
      .field("hints", t.findings.hints)
      .field("suppressed", t.findings.suppressed)
      .field("blocked", t.with_verdict(analyze::Verdict::Blocked))
      .field("requires_maintenance_window", t.with_verdict(analyze::Verdict::RequiresMaintenanceWindow))
      .field("safe_to_run", t.with_verdict(analyze::Verdict::SafeToRun))
      .end_object();
  w.key("files").begin_array();  // the files follow; end() closes both
  return out;
}

// The file objects until the head can be written: in memory up to kMemoryLimit, then in
// an unnamed temporary file (removed by the system when closed or when the process ends),
// so small runs touch no file system and large ones keep a flat memory profile.
class Spool {
 public:
  static constexpr std::size_t kMemoryLimit = std::size_t{8} << 20;
  static constexpr std::size_t kFileBuffer = std::size_t{1} << 18;

  Spool() = default;
  ~Spool() {
    if (file_) std::fclose(file_);
  }
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  void append(const std::string& s) {
    if (!file_ && memory_.size() + s.size() <= kMemoryLimit) {
      memory_ += s;
      return;
    }
    if (!file_) spill();
    if (std::fwrite(s.data(), 1, s.size(), file_) != s.size()) fail("write");
  }

  void copy_to(std::ostream& out) {
    out << memory_;
    if (!file_) return;
    if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) fail("rewind");
    std::string buf(kFileBuffer, '\0');
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), file_)) > 0) out.write(buf.data(), static_cast<std::streamsize>(n));
    if (std::ferror(file_)) fail("read");
  }

 private:
  void spill() {
    file_ = std::tmpfile();
    if (!file_) fail("create");
    std::setvbuf(file_, nullptr, _IOFBF, kFileBuffer);
  }

  [[noreturn]] void fail(const char* what) {
    throw core::Error(std::string("cannot ") + what + " the JSON report's temporary file: " + std::strerror(errno));
  }

  std::string memory_;       // the first kMemoryLimit bytes
  std::FILE* file_ = nullptr;  // the rest
};

class JsonReporter : public Reporter {
 public:
  std::string render(const LintedFile& file) const override {
    std::string out;
    // About what the part takes (a statement's object is ~1 KiB besides its text, a
    // finding's ~0.5 KiB): growing the string step by step cost a copy per doubling.
    out.reserve(1024 + file.text.size() + 1024 * file.report.statements.size() + 512 * file.report.findings.size());
    out.append(2 * kFileDepth, ' ');
    JsonWriter w(out, kFileDepth);
    write_file(w, file);
    return out;
  }

  void write(std::ostream&, const std::string& part) override {
    spool_.append(files_++ == 0 ? "\n" : ",\n");
    spool_.append(part);
  }

  void end(std::ostream& out, const RunInfo& run, const Totals& totals) override {
    out << head(run, totals);
    spool_.copy_to(out);
    std::string tail;
    JsonWriter w(tail);
    w.resume().resume(files_ == 0).end_array().end_object();
    out << tail << "\n";
  }

 private:
  Spool spool_;
  std::size_t files_ = 0;
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter(const ReportOptions&) { return std::make_unique<JsonReporter>(); }

}  // namespace schemashift::lint
