#pragma once
// User mistakes are collected as diagnostics and reported together; failures of the
// environment (I/O, database) are core::Error exceptions caught once in main.
#include <string>
#include <vector>

#include "core/source_location.hpp"

namespace schemashift::core {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string code;     // stable kebab-case id, e.g. "unknown-column"
  std::string message;  // one line, no trailing period
  SourceLocation where;
  std::string hint;     // what to do about it (may be empty)
};

class Diagnostics {
 public:
  void error(std::string code, SourceLocation where, std::string message, std::string hint = {});
  void warning(std::string code, SourceLocation where, std::string message, std::string hint = {});
  void add(Diagnostic d) { items_.push_back(std::move(d)); }

  bool has_errors() const;
  std::size_t error_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  // Sorted by file, line, column so that output is stable whatever order checks ran in.
  std::vector<Diagnostic> sorted() const;

 private:
  std::vector<Diagnostic> items_;
};

// "file:line:col: error: message [code]\n  hint: ..." — the compiler-style line editors parse.
std::string format_diagnostic(const Diagnostic& d, bool color);

}  // namespace schemashift::core
