#include "render/backend.hpp"

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"
#include "render/format_source.hpp"
#include "render/liquibase_xml.hpp"
#include "render/builtin_files.hpp"
#include "render/descriptor.hpp"

namespace schemashift::render {

std::string builtin_source() { return "<built-in>"; }

namespace {

// Logic-less templates leave a blank line wherever a section was empty; squeezing runs
// of blank lines keeps the output tidy without putting whitespace logic in templates.
std::string collapse_blank_lines(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  int newlines = 0;
  for (char c : text) {
    if (c == '\n') {
      if (++newlines > 2) continue;
    } else if (c != ' ' || newlines == 0) {
      newlines = 0;
    }
    out += c;
  }
  return out;
}

std::string finish(const std::string& text, const Backend& b) {
  return b.collapse_blank_lines ? collapse_blank_lines(text) : text;
}

// templates/<id>/_<name>.mustache files are partials: `{{> _<name>}}` renders one in place
// with the current context (kainjow takes a partial's text from the context; it does not
// re-indent it). They are never output files themselves.
void read_templates(Backend& b, const FormatSource& source) {
  const std::string dir = "templates/" + b.id + "/";
  for (const auto& rule : b.files) {
    if (b.templates.count(rule.template_file)) continue;
    if (auto text = source.read(dir + rule.template_file)) b.templates[rule.template_file] = std::move(*text);
  }
  const std::string ext = ".mustache";
  for (const auto& f : source.files_in(dir)) {
    if (f.size() > ext.size() + 1 && f[0] == '_' && f.compare(f.size() - ext.size(), ext.size(), ext) == 0) {
      b.partials[f.substr(0, f.size() - ext.size())] = source.read(dir + f).value_or("");
    }
  }
}

// The backend's own top-level keys, over the change's: `format`, and each variable (its
// --var value or default) with <key>_is_default, so a template can write a language's null
// for the default value.
nlohmann::json backend_keys(const Backend& backend, const std::map<std::string, std::string>& overrides) {
  nlohmann::json keys = nlohmann::json::object();
  keys["format"] = backend.id;
  for (const auto& [key, value] : backend.variables) {
    const auto o = overrides.find(key);
    keys[key] = o != overrides.end() ? o->second : value;
    keys[key + "_is_default"] = o == overrides.end() || o->second == value;
  }
  return keys;
}

// Renders (or, without `contents`, only names) the backend's files.
std::vector<RenderedFile> render_files(const Backend& backend, const TemplateContext& context,
                                       const std::map<std::string, std::string>& overrides, bool contents) {
  const nlohmann::json keys = backend_keys(backend, overrides);
  if (backend.engine == "liquibase-xml") {
    if (!contents) return {{liquibase_xml_path(backend), ""}};
    // The XML engine reads JSON: the one backend that gets its own resolved copy. It reads
    // the change's fields and `migrations`, not the plan's other views of the same
    // migrations (reversed, by phase), which are left out rather than resolved for nothing.
    nlohmann::json resolved = nlohmann::json::object();
    for (auto it = context.json().begin(); it != context.json().end(); ++it) {
      if (it.key() != "migrations_reversed" && it.key() != "phases") resolved[it.key()] = it.value();
    }
    resolve_natives(resolved, backend.native);
    for (auto it = keys.begin(); it != keys.end(); ++it) resolved[it.key()] = it.value();
    return render_liquibase_xml(backend, resolved);
  }
  // Paths never show a native action: resolving them would be wasted on `plan`.
  const BackendView view(context, keys, backend.partials, contents ? backend.native : NativeRules{});
  std::vector<RenderedFile> out;
  for (const auto& rule : backend.files) {
    const std::string where = (std::filesystem::path(backend.root) / "templates" / backend.id / rule.template_file).string();
    const auto tmpl = backend.templates.find(rule.template_file);
    if (contents && tmpl == backend.templates.end()) throw core::Error("cannot read " + where);
    auto render_one = [&](std::optional<std::size_t> migration) {
      RenderedFile f{view.render(rule.path, "path of " + where, "none", migration), ""};
      if (contents) {
        const std::string& escape_mode = rule.escape.empty() ? backend.escape : rule.escape;
        f.content = finish(view.render(tmpl->second, where, escape_mode, migration), backend);
      }
      out.push_back(std::move(f));
    };
    if (rule.each == "change") {
      if (view.truthy(rule.when)) render_one(std::nullopt);
      continue;
    }
    const std::size_t n = context.migration_count();
    for (std::size_t i = 0; i < n; ++i) {
      if (view.truthy(rule.when, i)) render_one(i);
    }
  }
  return out;
}

}  // namespace

Backend load_backend(const std::string& id, const std::vector<std::string>& template_dirs) {
  std::vector<std::string> looked;
  for (const auto& source : FormatSource::search_order(template_dirs)) {
    const std::string descriptor = "formats/" + id + ".yaml";
    looked.push_back(source.describe(descriptor));
    if (id.empty()) continue;
    Backend b;
    if (source.is_builtin()) {
      // Read at build time (render/descriptor.hpp).
      auto builtin = builtin_descriptor(id);
      if (!builtin) continue;
      b = std::move(*builtin);
      b.root = source.name();
    } else {
      const auto text = source.read(descriptor);
      if (!text) continue;
      b = parse_descriptor(id, *text, source.describe(descriptor), source.name());
    }
    read_templates(b, source);
    return b;
  }
  const auto available = available_backends(template_dirs);
  throw core::Error("unknown format '" + id + "': no " + core::join(looked, ", no ") + "; available: " +
                    (available.empty() ? std::string("none") : core::join(available, ", ")));
}

std::optional<Backend> builtin_descriptor(const std::string& id) {
  for (std::size_t i = 0; i < kBuiltinDescriptorCount; ++i) {
    if (id == kBuiltinDescriptors[i].id) return kBuiltinDescriptors[i].make();
  }
  return std::nullopt;
}

std::vector<std::string> available_backends(const std::vector<std::string>& template_dirs) {
  std::set<std::string> ids;
  const std::string ext = ".yaml";
  for (const auto& source : FormatSource::search_order(template_dirs)) {
    for (const auto& f : source.files_in("formats")) {
      if (f.size() > ext.size() && f.compare(f.size() - ext.size(), ext.size(), ext) == 0) {
        ids.insert(f.substr(0, f.size() - ext.size()));
      }
    }
  }
  return {ids.begin(), ids.end()};
}

std::vector<RenderedFile> render_backend(const Backend& backend, const TemplateContext& context,
                                         const std::map<std::string, std::string>& overrides) {
  return render_files(backend, context, overrides, true);
}

std::vector<RenderedFile> render_backend(const Backend& backend, const nlohmann::json& context,
                                         const std::map<std::string, std::string>& overrides) {
  return render_files(backend, TemplateContext(context), overrides, true);
}

std::vector<std::string> backend_paths(const Backend& backend, const TemplateContext& context,
                                       const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> paths;
  for (auto& f : render_files(backend, context, overrides, false)) paths.push_back(std::move(f.path));
  return paths;
}

std::string escape(const std::string& mode, const std::string& text) {
  if (mode == "none") return text;
  std::string out;
  if (mode == "sql") {
    // Inside an SQL `--` line comment: a line break (LF, CR or CRLF; nothing else ends a
    // PostgreSQL comment) would turn the rest of the text into SQL, so it continues the
    // comment on a new `-- ` line instead.
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\n-- ";
      } else {
        out += c;
      }
    }
    return out;
  }
  if (mode == "json") {
    // Inside a JSON string literal: quote, backslash and every control character escaped
    // (RFC 8259); UTF-8 passes through.
    for (unsigned char c : text) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c < 0x20) {
            out += fmt::format("\\u{:04x}", c);
          } else {
            out += static_cast<char>(c);
          }
      }
    }
    return out;
  }
  for (char c : text) {
    if (mode == "xml") {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c;
      }
    } else if (mode == "python" || mode == "ruby") {
      // Inside a double-quoted string literal of the target language.
      switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;  // a raw CR ends a Python line: unterminated literal
        case '\t': out += "\\t"; break;
        case '#': out += mode == "ruby" ? "\\#" : "#"; break;  // Ruby interpolates #{...}
        default: out += c;
      }
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace schemashift::render
