#pragma once
// A backend (an output format) is data: formats/<id>.yaml names the files to write and
// the Mustache template for each; templates/<id>/ holds the templates. Adding a framework
// needs no C++; users add their own with --templates DIR (same layout). The built-in ones
// are compiled into the binary (render/builtin_files.hpp).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "render/native_resolve.hpp"
#include "render/template_context.hpp"

namespace schemashift::render {

struct FileRule {
  std::string each;        // "change" (one file) or "migration" (one per migration)
  std::string path;        // Mustache template of the output path, relative to OUT
  std::string template_file;  // file under templates/<id>/
  std::string when;        // optional context key; the file is written only when it is truthy
  std::string escape;      // this file's {{var}} escaping, when it differs from the backend's ("json")
};

struct Backend {
  std::string id;
  std::string description;
  bool collapse_blank_lines = false;  // runs of blank lines become one (Markdown, SQL readability)
  std::string escape = "none";   // how {{var}} is escaped: none | python | ruby | xml | sql | json (see escape())
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
  std::string root;  // where it came from: the --templates directory, or builtin_source()
  // Read with the descriptor from templates/<id>/: each file rule's template that exists
  // (file name -> text; a missing one is an error when rendered), and the partials
  // (_<name>.mustache, by name without the extension).
  std::map<std::string, std::string> templates;
  std::map<std::string, std::string> partials;
};

struct RenderedFile {
  std::string path;     // relative to OUT
  std::string content;
};

// Search order: each directory of `template_dirs` (user --templates first), then the
// built-in formats. Throws core::Error with the file's line:col on a bad descriptor, and
// core::Error naming every place it looked when no formats/<id>.yaml is found.
Backend load_backend(const std::string& id, const std::vector<std::string>& template_dirs);
// Backend ids available there (formats/*.yaml), sorted.
std::vector<std::string> available_backends(const std::vector<std::string>& template_dirs);

// `overrides`: --var values; only keys the backend declares are applied.
std::vector<RenderedFile> render_backend(const Backend& backend, const TemplateContext& context,
                                         const std::map<std::string, std::string>& overrides = {});
// The same for a one-off context (converted for this call).
std::vector<RenderedFile> render_backend(const Backend& backend, const nlohmann::json& context,
                                         const std::map<std::string, std::string>& overrides = {});
// The paths render_backend would write, in its order, without rendering any content.
std::vector<std::string> backend_paths(const Backend& backend, const TemplateContext& context,
                                       const std::map<std::string, std::string>& overrides = {});

// Escaping for {{var}}; {{{var}}} is always raw. "sql": text inside an SQL -- line comment.
std::string escape(const std::string& mode, const std::string& text);

// How the formats compiled into the binary are named in messages and Backend::root.
std::string builtin_source();

}  // namespace schemashift::render
