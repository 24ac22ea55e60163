#pragma once
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "render/backend.hpp"

namespace schemashift::cli {

// The formats scaffold writes by default ("all"), in this order.
std::vector<std::string> default_formats(const std::vector<std::string>& template_dirs);
// Renders the selected formats ("all" or ids); throws core::Error for an unknown id.
std::vector<render::RenderedFile> render_formats(const nlohmann::json& context, const std::vector<std::string>& formats,
                                                 const std::vector<std::string>& template_dirs,
                                                 const std::map<std::string, std::string>& variables = {});

}  // namespace schemashift::cli
