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
    const auto json = render::builtin_descriptor(id);
    REQUIRE(json);
    const render::Backend embedded = render::descriptor_from_json(nlohmann::json::parse(*json), "<built-in>");
    CHECK(render::descriptor_to_json(embedded) == render::descriptor_to_json(yaml));
    CHECK(embedded.root == "<built-in>");
  }
  CHECK(on_disk == render::kBuiltinDescriptorCount);
  CHECK_FALSE(render::builtin_descriptor("nosuch"));
}

TEST_CASE("a descriptor survives its JSON form field by field", "[render][descriptor]") {
  const std::string text =
      "id: demo\ndescription: Demo\nescape: python\ncollapse_blank_lines: true\nusage: run it\n"
      "variables: {module: app}\nnative: [create_table]\n"
      "types:\n  - {name: int4, modifiers: 0, array: true, as: Integer}\n  - {as: Text}\n"
      "files:\n  - {each: migration, path: 'x/{{id}}.py', template: m.mustache, when: has_x}\n";
  const render::Backend b = render::parse_descriptor("demo", text, "demo.yaml", "DIR");
  const render::Backend back = render::descriptor_from_json(render::descriptor_to_json(b), "DIR");
  CHECK(back.id == "demo");
  CHECK(back.description == "Demo");
  CHECK(back.escape == "python");
  CHECK(back.collapse_blank_lines);
  CHECK(back.engine == "mustache");
  CHECK(back.usage == "run it");
  CHECK(back.variables == std::map<std::string, std::string>{{"module", "app"}});
  CHECK(back.native.kinds == std::vector<std::string>{"create_table"});
  REQUIRE(back.native.types.size() == 2);
  CHECK(back.native.types[0].name == "int4");
  CHECK(back.native.types[0].modifiers == 0);
  CHECK(back.native.types[0].array);
  CHECK(back.native.types[0].as == "Integer");
  CHECK(back.native.types[1].name == "*");
  CHECK(back.native.types[1].modifiers == -1);
  REQUIRE(back.files.size() == 1);
  CHECK(back.files[0].each == "migration");
  CHECK(back.files[0].path == "x/{{id}}.py");
  CHECK(back.files[0].template_file == "m.mustache");
  CHECK(back.files[0].when == "has_x");
  CHECK(back.root == "DIR");
}

TEST_CASE("a bad descriptor is refused with its file and line", "[render][descriptor]") {
  try {
    render::parse_descriptor("demo", "id: demo\nfiles:\n  - {each: sometimes, path: x, template: y}\n", "demo.yaml", "DIR");
    FAIL("expected core::Error");
  } catch (const core::Error& e) {
    CHECK(std::string(e.what()).find("demo.yaml:3") != std::string::npos);
  }
}
