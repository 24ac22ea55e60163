// A descriptor as C++ source, for the build-time tool that compiles the built-in ones in
// (render/buildtime/compile_descriptors.cpp).
#include "render/descriptor.hpp"

namespace schemashift::render {

namespace {

const char* boolean(bool b) { return b ? "true" : "false"; }

}  // namespace

std::string cpp_literal(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      const char octal[] = {'\\', static_cast<char>('0' + (c >> 6)), static_cast<char>('0' + ((c >> 3) & 7)),
                            static_cast<char>('0' + (c & 7)), '\0'};
      out += octal;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string descriptor_to_cpp(const Backend& b, const std::string& function) {
  std::string out = "Backend " + function + "() {\n  Backend b;\n";
  const auto set = [&](const std::string& field, const std::string& value) {
    out += "  b." + field + " = " + value + ";\n";
  };
  set("id", cpp_literal(b.id));
  set("description", cpp_literal(b.description));
  set("collapse_blank_lines", boolean(b.collapse_blank_lines));
  set("escape", cpp_literal(b.escape));
  set("engine", cpp_literal(b.engine));
  set("usage", cpp_literal(b.usage));
  std::string list;
  for (const auto& [key, value] : b.variables) list += "{" + cpp_literal(key) + ", " + cpp_literal(value) + "}, ";
  set("variables", "{" + list + "}");
  list.clear();
  for (const auto& kind : b.native.kinds) list += cpp_literal(kind) + ", ";
  set("native.kinds", "{" + list + "}");
  set("native.dotted_table_names", boolean(b.native.dotted_table_names));
  list.clear();
  for (const auto& t : b.native.types) {
    list += "\n      {" + cpp_literal(t.name) + ", " + std::to_string(t.modifiers) + ", " + boolean(t.array) + ", " +
            cpp_literal(t.as) + "},";
  }
  set("native.types", "{" + list + "}");
  list.clear();
  for (const auto& f : b.files) {
    list += "\n      {" + cpp_literal(f.each) + ", " + cpp_literal(f.path) + ", " + cpp_literal(f.template_file) +
            ", " + cpp_literal(f.when) + ", " + cpp_literal(f.escape) + "},";
  }
  set("files", "{" + list + "}");
  return out + "  return b;\n}\n";
}

}  // namespace schemashift::render
