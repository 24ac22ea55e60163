#pragma once
// A backend (an output format) is data: formats/<id>.yaml names the files to write and
// the Mustache template for each; templates/<id>/ holds the templates. Adding a framework
// needs no C++; users add their own with --templates DIR (same layout).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "render/native_resolve.hpp"

namespace schemashift::render {

struct FileRule {
  std::string each;        // "change" (one file) or "migration" (one per migration)
  std::string path;        // Mustache template of the output path, relative to OUT
  std::string template_file;  // file under templates/<id>/
  std::string when;        // optional context key; the file is written only when it is truthy
};

struct Backend {
  std::string id;
  std::string description;
  bool collapse_blank_lines = false;  // runs of blank lines become one (Markdown, SQL readability)
  std::string escape = "none";   // how {{var}} is escaped: none | python | ruby | xml | sql (see escape())
  std::vector<FileRule> files;
  // Native actions this backend renders instead of SQL, and its type vocabulary
  // (docs/native-actions.md). Empty: every statement is rendered as SQL.
  NativeRules native;
  // "mustache" (default): each file is a template. "liquibase-xml": the changelog is built
  // as an XML tree (render/liquibase_xml.cpp) from the same context and the same native
  // rules; the file rule's template is then unused.
  std::string engine = "mustache";
  // Template variables with defaults (`variables:` in the descriptor), overridable with
  // `scaffold --var KEY=VALUE`; each is a top-level context key.
  std::map<std::string, std::string> variables;
  // Markdown for the README: where the files go in a real project and the command that runs them.
  std::string usage;
  std::string root;              // directory holding formats/ and templates/ this came from
};

struct RenderedFile {
  std::string path;     // relative to OUT
  std::string content;
};

// Search order: each directory of `template_dirs` (user --templates first), then the
// built-in data directory. Throws core::Error with the file's line:col on a bad descriptor.
Backend load_backend(const std::string& id, const std::vector<std::string>& template_dirs);
// Backend ids available in those directories (formats/*.yaml), sorted.
std::vector<std::string> available_backends(const std::vector<std::string>& template_dirs);

// `overrides`: --var values; only keys the backend declares are applied.
std::vector<RenderedFile> render_backend(const Backend& backend, const nlohmann::json& context,
                                         const std::map<std::string, std::string>& overrides = {});

// Escaping for {{var}}; {{{var}}} is always raw. "sql": text inside an SQL -- line comment.
std::string escape(const std::string& mode, const std::string& text);

std::string builtin_data_dir();

}  // namespace schemashift::render
