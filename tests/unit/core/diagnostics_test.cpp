#include <catch2/catch.hpp>

#include "core/diagnostics.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

using namespace schemashift::core;

TEST_CASE("SourceLocation::str", "[core][diagnostics]") {
  CHECK(SourceLocation{"a.yaml", 3, 5}.str() == "a.yaml:3:5");
  CHECK(SourceLocation{"a.yaml", 3, 0}.str() == "a.yaml:3:1");
  CHECK(SourceLocation{"a.yaml", 0, 0}.str() == "a.yaml");
  CHECK(SourceLocation{"", 2, 4}.str() == "<input>:2:4");
  CHECK(SourceLocation{}.str() == "<input>");
  CHECK(SourceLocation{"a.yaml", 1, 1}.known());
  CHECK_FALSE(SourceLocation{"a.yaml", 0, 7}.known());
}

TEST_CASE("format_diagnostic without color is the compiler-style line", "[core][diagnostics]") {
  Diagnostic d;
  d.severity = Severity::Error;
  d.code = "unknown-column";
  d.message = "column 'emal' does not exist in table 'users'";
  d.where = {"changes/234.yaml", 12, 15};
  d.hint = "did you mean 'email'?";
  CHECK(format_diagnostic(d, false) ==
        "changes/234.yaml:12:15: error: column 'emal' does not exist in table 'users' [unknown-column]\n"
        "  hint: did you mean 'email'?\n");

  d.hint.clear();
  CHECK(format_diagnostic(d, false) ==
        "changes/234.yaml:12:15: error: column 'emal' does not exist in table 'users' [unknown-column]\n");

  d.code.clear();
  CHECK(format_diagnostic(d, false) == "changes/234.yaml:12:15: error: column 'emal' does not exist in table 'users'\n");
}

TEST_CASE("format_diagnostic never prints a raw NUL or escape sequence from the input", "[core][diagnostics]") {
  Diagnostic d;
  d.severity = Severity::Error;
  d.code = "spec-not-a-map";
  d.message = std::string("got 'a\0b\x1B[2J'", 13);
  d.where = {"bin.yaml", 1, 1};
  d.hint = std::string("not \0 here", 10);
  CHECK(format_diagnostic(d, false) == "bin.yaml:1:1: error: got 'a\\x00b\\x1B[2J' [spec-not-a-map]\n"
                                       "  hint: not \\x00 here\n");
}

TEST_CASE("format_diagnostic severities and unknown positions", "[core][diagnostics]") {
  Diagnostic w{Severity::Warning, "fk-without-index", "no index", {"s.yaml", 0, 0}, ""};
  CHECK(format_diagnostic(w, false) == "s.yaml: warning: no index [fk-without-index]\n");
  Diagnostic n{Severity::Note, "", "see here", {"", 1, 2}, ""};
  CHECK(format_diagnostic(n, false) == "<input>:1:2: note: see here\n");
}

TEST_CASE("format_diagnostic with color wraps in ANSI codes around the same text", "[core][diagnostics]") {
  Diagnostic d{Severity::Error, "x", "boom", {"f.yaml", 1, 2}, "fix it"};
  const std::string colored = format_diagnostic(d, true);
  CHECK(colored.find("\x1b[1;31m") != std::string::npos);  // red for errors
  CHECK(colored.find("\x1b[0m") != std::string::npos);
  CHECK(colored.find("f.yaml:1:2:") != std::string::npos);
  CHECK(colored.find("boom [x]") != std::string::npos);
  CHECK(colored.find("fix it") != std::string::npos);
  Diagnostic w{Severity::Warning, "", "careful", {"f.yaml", 1, 2}, ""};
  CHECK(format_diagnostic(w, true).find("\x1b[1;33m") != std::string::npos);  // yellow
  CHECK(format_diagnostic(w, false).find('\x1b') == std::string::npos);
}

TEST_CASE("Diagnostics counts errors only", "[core][diagnostics]") {
  Diagnostics diags;
  CHECK_FALSE(diags.has_errors());
  CHECK(diags.error_count() == 0);
  diags.warning("w", {"f", 1, 1}, "a warning");
  CHECK_FALSE(diags.has_errors());
  diags.error("e", {"f", 2, 1}, "an error", "a hint");
  diags.add({Severity::Note, "n", "a note", {"f", 3, 1}, ""});
  diags.error("e2", {"f", 4, 1}, "another");
  CHECK(diags.has_errors());
  CHECK(diags.error_count() == 2);
  REQUIRE(diags.items().size() == 4);
  CHECK(diags.items()[1].hint == "a hint");
  CHECK(diags.items()[1].severity == Severity::Error);
  CHECK(diags.items()[0].severity == Severity::Warning);
}

TEST_CASE("Diagnostics::sorted orders by file, line, column and is stable", "[core][diagnostics]") {
  Diagnostics diags;
  diags.error("c", {"b.yaml", 1, 1}, "b1");
  diags.error("a", {"a.yaml", 10, 2}, "a10:2");
  diags.error("a", {"a.yaml", 2, 30}, "a2:30");
  diags.error("a", {"a.yaml", 10, 1}, "a10:1");
  diags.warning("a", {"a.yaml", 2, 30}, "a2:30 second");  // same position: insertion order kept
  diags.error("a", {"a.yaml", 0, 0}, "a unknown");
  const auto sorted = diags.sorted();
  std::vector<std::string> messages;
  for (const auto& d : sorted) messages.push_back(d.message);
  CHECK(messages == std::vector<std::string>{"a unknown", "a2:30", "a2:30 second", "a10:1", "a10:2", "b1"});
  // sorted() is a copy; the original order is untouched.
  CHECK(diags.items().front().message == "b1");
}

TEST_CASE("core::Error carries an exit code", "[core][diagnostics]") {
  const Error env("disk full");
  CHECK(std::string(env.what()) == "disk full");
  CHECK(env.code() == ExitCode::Environment);
  const Error usage("bad flag", ExitCode::Usage);
  CHECK(static_cast<int>(usage.code()) == 64);
}

TEST_CASE("Node lookups and kind names", "[core][node]") {
  Node map;
  map.kind = Node::Kind::Map;
  Node value;
  value.kind = Node::Kind::Scalar;
  value.scalar = "users";
  map.entries.push_back({"table", {"f", 1, 1}, value});
  REQUIRE(map.find("table"));
  CHECK(map.find("table")->scalar == "users");
  CHECK(map.find("missing") == nullptr);
  REQUIRE(map.find_entry("table"));
  CHECK(map.find_entry("table")->key_where.line == 1);
  CHECK(std::string(map.kind_name()) == "a map");
  CHECK(std::string(value.kind_name()) == "a scalar");
  value.quoted = true;
  CHECK(std::string(value.kind_name()) == "a string");
  CHECK(std::string(Node{}.kind_name()) == "null");
  Node list;
  list.kind = Node::Kind::Sequence;
  CHECK(std::string(list.kind_name()) == "a list");
  CHECK(list.is_sequence());
  CHECK(Node{}.is_null());
}
