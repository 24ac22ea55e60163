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

Backend descriptor_from_json(const nlohmann::json& j, const std::string& root) {
  Backend b;
  b.id = j.at("id").get<std::string>();
  b.description = j.at("description").get<std::string>();
  b.collapse_blank_lines = j.at("collapse_blank_lines").get<bool>();
  b.escape = j.at("escape").get<std::string>();
  b.engine = j.at("engine").get<std::string>();
  b.usage = j.at("usage").get<std::string>();
  b.variables = j.at("variables").get<std::map<std::string, std::string>>();
  b.native.kinds = j.at("native").get<std::vector<std::string>>();
  b.native.dotted_table_names = j.at("dotted_table_names").get<bool>();
  for (const auto& t : j.at("types")) {
    b.native.types.push_back({t.at("name").get<std::string>(), t.at("modifiers").get<int>(), t.at("array").get<bool>(),
                              t.at("as").get<std::string>()});
  }
  for (const auto& f : j.at("files")) {
    b.files.push_back({f.at("each").get<std::string>(), f.at("path").get<std::string>(),
                       f.at("template").get<std::string>(), f.at("when").get<std::string>(),
                       f.at("escape").get<std::string>()});
  }
  b.root = root;
  return b;
}

}  // namespace schemashift::render
