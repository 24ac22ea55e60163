#pragma once
// What every harness checks beyond "does not crash": messages never carry a raw control
// character to the terminal, and nothing escapes as an exception (libFuzzer reports an
// uncaught exception as a crash; so does the replay test). A broken invariant aborts, so
// both libFuzzer and the replay test report it with the input that broke it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/diagnostics.hpp"
#include "core/text.hpp"

namespace schemashift::fuzz {

inline std::string input(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
  std::abort();
}

// A printed diagnostic has no control character but its line breaks and tabs, and is UTF-8.
inline void check_printable(const std::string& text, const char* what) {
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) fail(std::string(what) + " prints control character " + core::byte_hex(c));
  }
  if (core::invalid_utf8_offset(text) != std::string::npos) fail(std::string(what) + " prints bytes that are not UTF-8");
}

inline void check_messages(const core::Diagnostics& diags) {
  for (const auto& d : diags.sorted()) check_printable(core::format_diagnostic(d, false), "a diagnostic");
}

// A loader's outcome: printable messages, and no result only with an error saying why.
inline void check_outcome(bool produced, const core::Diagnostics& diags) {
  check_messages(diags);
  if (!produced && !diags.has_errors()) fail("no result and no error");
}

// The source tree, for harnesses that start from the samples' schema.
inline std::string source_file(const std::string& relative) { return std::string(SCHEMASHIFT_SOURCE_DIR) + "/" + relative; }

}  // namespace schemashift::fuzz
