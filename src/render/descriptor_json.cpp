#include "render/descriptor.hpp"

namespace schemashift::render {

nlohmann::json descriptor_to_json(const Backend& b) {
  nlohmann::json types = nlohmann::json::array();
  for (const auto& t : b.native.types) {
    types.push_back({{"name", t.name}, {"modifiers", t.modifiers}, {"array", t.array}, {"as", t.as}});
  }
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : b.files) {
    files.push_back(
        {{"each", f.each}, {"path", f.path}, {"template", f.template_file}, {"when", f.when}, {"escape", f.escape}});
  }
  return {{"id", b.id},
          {"description", b.description},
          {"collapse_blank_lines", b.collapse_blank_lines},
          {"escape", b.escape},
          {"engine", b.engine},
          {"usage", b.usage},
          {"variables", b.variables},
          {"native", b.native.kinds},
          {"dotted_table_names", b.native.dotted_table_names},
          {"types", std::move(types)},
          {"files", std::move(files)}};
}

}  // namespace schemashift::render
