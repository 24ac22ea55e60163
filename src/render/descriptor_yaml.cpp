#include "core/error.hpp"
#include "render/descriptor.hpp"
#include "spec/field_reader.hpp"
#include "spec/yaml_document.hpp"

namespace schemashift::render {

Backend parse_descriptor(const std::string& id, const std::string& text, const std::string& descriptor,
                         const std::string& root) {
  core::Diagnostics diags;
  auto doc = spec::parse_yaml(text, descriptor, diags);
  Backend b;
  b.root = root;
  if (doc) {
    spec::FieldReader r(*doc, "format descriptor", diags);
    if (r.ok()) {
      b.id = r.string("id", true).value_or(id);
      b.description = r.string("description").value_or("");
      const std::vector<std::string> escapes = {"none", "python", "ruby", "xml", "sql", "json"};
      b.escape = r.choice("escape", escapes).value_or("none");
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
      b.native.dotted_table_names = r.boolean("dotted_table_names").value_or(false);
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
          rule.escape = fr.choice("escape", escapes).value_or("");
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
  if (b.id != id) throw core::Error(descriptor + ": id '" + b.id + "' does not match the file name");
  return b;
}

}  // namespace schemashift::render
