#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "render/builtin_files.hpp"
#include "render/descriptor.hpp"

using namespace schemashift;
namespace fs = std::filesystem;

// The built-in descriptors are read at build time: what the binary holds must be exactly what
// the run-time YAML reader makes of formats/*.yaml today (a stale table would silently change
// the output), and every descriptor there must be in it.
TEST_CASE("every built-in descriptor is formats/<id>.yaml as the YAML reader reads it", "[render][descriptor]") {
  std::size_t on_disk = 0;
  for (const auto& e : fs::directory_iterator(fs::path(SCHEMASHIFT_SOURCE_DIR) / "formats")) {
    if (e.path().extension() != ".yaml") continue;
    ++on_disk;
    const std::string id = e.path().stem().string();
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const render::Backend yaml = render::parse_descriptor(id, text.str(), e.path().string(), "<built-in>");
    const auto embedded = render::builtin_descriptor(id);
    REQUIRE(embedded);
    CHECK(render::descriptor_to_json(*embedded) == render::descriptor_to_json(yaml));
  }
  CHECK(on_disk == render::kBuiltinDescriptorCount);
  CHECK_FALSE(render::builtin_descriptor("nosuch"));
}

TEST_CASE("a descriptor becomes C++ that sets every field", "[render][descriptor]") {
  const std::string text =
      "id: demo\ndescription: Demo\nescape: python\ncollapse_blank_lines: true\nusage: run it\n"
      "variables: {module: app}\nnative: [create_table]\n"
      "types:\n  - {name: int4, modifiers: 0, array: true, as: Integer}\n  - {as: Text}\n"
      "files:\n  - {each: migration, path: 'x/{{id}}.py', template: m.mustache, when: has_x}\n";
  const render::Backend b = render::parse_descriptor("demo", text, "demo.yaml", "DIR");
  CHECK(render::descriptor_to_cpp(b, "make_demo") ==
        "Backend make_demo() {\n"
        "  Backend b;\n"
        "  b.id = \"demo\";\n"
        "  b.description = \"Demo\";\n"
        "  b.collapse_blank_lines = true;\n"
        "  b.escape = \"python\";\n"
        "  b.engine = \"mustache\";\n"
        "  b.usage = \"run it\";\n"
        "  b.variables = {{\"module\", \"app\"}, };\n"
        "  b.native.kinds = {\"create_table\", };\n"
        "  b.native.dotted_table_names = false;\n"
        "  b.native.types = {\n"
        "      {\"int4\", 0, true, \"Integer\"},\n"
        "      {\"*\", -1, false, \"Text\"},};\n"
        "  b.files = {\n"
        "      {\"migration\", \"x/{{id}}.py\", \"m.mustache\", \"has_x\", \"\"},};\n"
        "  return b;\n"
        "}\n");
  CHECK(render::cpp_literal("a\"b\\c\n\xC3\xA9") == "\"a\\\"b\\\\c\\012\\303\\251\"");
}

TEST_CASE("a bad descriptor is refused with its file and line", "[render][descriptor]") {
  try {
    render::parse_descriptor("demo", "id: demo\nfiles:\n  - {each: sometimes, path: x, template: y}\n", "demo.yaml", "DIR");
    FAIL("expected core::Error");
  } catch (const core::Error& e) {
    CHECK(std::string(e.what()).find("demo.yaml:3") != std::string::npos);
  }
}
