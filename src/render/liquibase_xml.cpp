#include "render/liquibase_xml.hpp"

#include "core/error.hpp"

namespace schemashift::render {

std::vector<RenderedFile> render_liquibase_xml(const Backend& backend, const nlohmann::json& context) {
  throw core::Error("the liquibase-xml engine is not built yet");
}

}  // namespace schemashift::render
