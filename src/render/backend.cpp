#include "render/backend.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <kainjow/mustache.hpp>

#include "core/error.hpp"
#include "render/liquibase_xml.hpp"
#include "core/text.hpp"
#include "spec/field_reader.hpp"
#include "spec/yaml_document.hpp"

namespace schemashift::render {

namespace fs = std::filesystem;
using kainjow::mustache::data;
using kainjow::mustache::mustache;

std::string builtin_data_dir() {
  // An installed layout (share/schemashift next to bin/) wins over the source tree.
  if (const char* env = std::getenv("SCHEMASHIFT_DATA_DIR")) return env;
  return SCHEMASHIFT_DATA_DIR;
}

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw core::Error("cannot read " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> search_dirs(const std::vector<std::string>& template_dirs) {
  std::vector<std::string> dirs = template_dirs;
  dirs.push_back(builtin_data_dir());
  return dirs;
}

// nlohmann::json -> kainjow data. Arrays become lists, objects become maps, false/empty
// values stay falsy so {{#x}} sections behave as templates expect.
data to_mustache(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      data d{data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), to_mustache(it.value()));
      return d;
    }
    case nlohmann::json::value_t::array: {
      data d{data::type::list};
      for (const auto& item : j) d.push_back(to_mustache(item));
      return d;
    }
    case nlohmann::json::value_t::boolean: return j.get<bool>() ? data{data::type::bool_true} : data{data::type::bool_false};
    case nlohmann::json::value_t::string: return data{j.get<std::string>()};
    case nlohmann::json::value_t::null: return data{data::type::bool_false};
    default: return data{j.dump()};
  }
}

std::string render_text(const std::string& tmpl, const std::string& what, const data& ctx, const std::string& escape_mode) {
  mustache m{tmpl};
  if (!m.is_valid()) throw core::Error(what + ": " + m.error_message());
  m.set_custom_escape([escape_mode](const std::string& s) { return escape(escape_mode, s); });
  std::string out = m.render(ctx);
  if (!m.is_valid()) throw core::Error(what + ": " + m.error_message());
  return out;
}

// Logic-less templates leave a blank line wherever a section was empty; squeezing runs
// of blank lines keeps the output tidy without putting whitespace logic in templates.
std::string collapse_blank_lines(const std::string& text) {
  std::string out;
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

// templates/<id>/_<name>.mustache files are partials: `{{> _<name>}}` renders one in place
// with the current context (kainjow takes a partial's text from a string in the context; it
// does not re-indent it). They are never output files themselves.
void add_partials(data& d, const fs::path& template_dir) {
  if (!fs::is_directory(template_dir)) return;
  const std::string ext = ".mustache";
  for (const auto& e : fs::directory_iterator(template_dir)) {
    const std::string f = e.path().filename().string();
    if (f.size() > ext.size() + 1 && f[0] == '_' && f.compare(f.size() - ext.size(), ext.size(), ext) == 0) {
      d.set(f.substr(0, f.size() - ext.size()), data{read_file(e.path())});
    }
  }
}

bool key_truthy(const nlohmann::json& ctx, const std::string& key) {
  if (key.empty()) return true;
  auto it = ctx.find(key);
  return it != ctx.end() && truthy(*it);
}

std::string finish(const std::string& text, const Backend& b) {
  return b.collapse_blank_lines ? collapse_blank_lines(text) : text;
}

}  // namespace

Backend load_backend(const std::string& id, const std::vector<std::string>& template_dirs) {
  for (const auto& dir : search_dirs(template_dirs)) {
    const fs::path descriptor = fs::path(dir) / "formats" / (id + ".yaml");
    if (!fs::exists(descriptor)) continue;
    core::Diagnostics diags;
    auto doc = spec::parse_yaml(read_file(descriptor), descriptor.string(), diags);
    Backend b;
    b.root = dir;
    if (doc) {
      spec::FieldReader r(*doc, "format descriptor", diags);
      if (r.ok()) {
        b.id = r.string("id", true).value_or(id);
        b.description = r.string("description").value_or("");
        b.escape = r.choice("escape", {"none", "python", "ruby", "xml", "sql"}).value_or("none");
        b.collapse_blank_lines = r.boolean("collapse_blank_lines").value_or(false);
        b.engine = r.choice("engine", {"mustache", "liquibase-xml"}).value_or("mustache");
        b.usage = r.string("usage").value_or("");
        if (const core::Node* vars = r.node("variables")) {
          if (!vars->is_map()) {
            diags.error("invalid-value", vars->where, "`variables` must be a map of name: default value");
          } else {
            for (const auto& e : vars->entries) b.variables[e.key] = e.value.scalar;
          }
        }
        b.native.kinds = r.string_list("native").value_or(std::vector<std::string>{});
        if (const core::Node* types = r.node("types")) {
          for (const auto& item : types->items) {
            spec::FieldReader tr(item, "type rule", diags);
            if (!tr.ok()) continue;
            TypeRule rule;
            rule.name = tr.string("name").value_or("*");
            rule.modifiers = static_cast<int>(tr.integer("modifiers", false, -1, 8).value_or(-1));
            rule.array = tr.boolean("array").value_or(false);
            rule.as = tr.string("as", true).value_or("");
            tr.finish();
            b.native.types.push_back(rule);
          }
        }
        if (const core::Node* files = r.node("files", true)) {
          for (const auto& item : files->items) {
            spec::FieldReader fr(item, "file rule", diags);
            if (!fr.ok()) continue;
            FileRule rule;
            rule.each = fr.choice("each", {"change", "migration"}, true).value_or("change");
            rule.path = fr.string("path", true).value_or("");
            rule.template_file = fr.string("template", true).value_or("");
            rule.when = fr.string("when").value_or("");
            fr.finish();
            b.files.push_back(rule);
          }
        }
        r.finish();
      }
    }
    if (diags.has_errors()) {
      const auto d = diags.sorted().front();
      throw core::Error(core::format_diagnostic(d, false));
    }
    if (b.id != id) throw core::Error(descriptor.string() + ": id '" + b.id + "' does not match the file name");
    return b;
  }
  throw core::Error("unknown format '" + id + "'; available: " + core::join(available_backends(template_dirs), ", "),
                    core::ExitCode::Usage);
}

std::vector<std::string> available_backends(const std::vector<std::string>& template_dirs) {
  std::set<std::string> ids;
  for (const auto& dir : search_dirs(template_dirs)) {
    const fs::path formats = fs::path(dir) / "formats";
    if (!fs::is_directory(formats)) continue;
    for (const auto& e : fs::directory_iterator(formats)) {
      if (e.path().extension() == ".yaml") ids.insert(e.path().stem().string());
    }
  }
  return {ids.begin(), ids.end()};
}

std::vector<RenderedFile> render_backend(const Backend& backend, const nlohmann::json& plan_context,
                                         const std::map<std::string, std::string>& overrides) {
  std::vector<RenderedFile> out;
  nlohmann::json context = plan_context;
  resolve_natives(context, backend.native);
  context["format"] = backend.id;
  for (const auto& [key, value] : backend.variables) {
    const auto o = overrides.find(key);
    context[key] = o != overrides.end() ? o->second : value;
    // <key>_is_default: a template can write a language's null for the default value.
    context[key + "_is_default"] = o == overrides.end() || o->second == value;
  }
  if (backend.engine == "liquibase-xml") return render_liquibase_xml(backend, context);
  const fs::path template_dir = fs::path(backend.root) / "templates" / backend.id;
  data root = to_mustache(context);
  add_partials(root, template_dir);
  for (const auto& rule : backend.files) {
    const fs::path tpath = fs::path(backend.root) / "templates" / backend.id / rule.template_file;
    const std::string tmpl = read_file(tpath);
    if (rule.each == "change") {
      if (!key_truthy(context, rule.when)) continue;
      out.push_back({render_text(rule.path, "path of " + tpath.string(), root, "none"),
                     finish(render_text(tmpl, tpath.string(), root, backend.escape), backend)});
      continue;
    }
    for (const auto& m : context.at("migrations")) {
      if (!key_truthy(m, rule.when)) continue;
      // A migration's fields sit on top of the change's: {{issue}} and {{version}} both work.
      nlohmann::json merged = context;
      for (auto it = m.begin(); it != m.end(); ++it) merged[it.key()] = it.value();
      merged["migration"] = m;
      data ctx = to_mustache(merged);
      add_partials(ctx, template_dir);
      out.push_back({render_text(rule.path, "path of " + tpath.string(), ctx, "none"),
                     finish(render_text(tmpl, tpath.string(), ctx, backend.escape), backend)});
    }
  }
  return out;
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
