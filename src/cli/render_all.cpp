#include "cli/render_all.hpp"

#include <algorithm>

namespace schemashift::cli {

std::vector<std::string> default_formats(const std::vector<std::string>& template_dirs) {
  // "preview" is the terminal view of `plan`, not a file format.
  std::vector<std::string> ids = render::available_backends(template_dirs);
  ids.erase(std::remove(ids.begin(), ids.end(), "preview"), ids.end());
  return ids;
}

std::vector<render::RenderedFile> render_formats(const nlohmann::json& context, const std::vector<std::string>& formats,
                                                 const std::vector<std::string>& template_dirs) {
  std::vector<std::string> ids;
  for (const auto& f : formats) {
    if (f == "all") {
      for (const auto& id : default_formats(template_dirs)) ids.push_back(id);
    } else {
      ids.push_back(f);
    }
  }
  if (ids.empty()) ids = default_formats(template_dirs);
  std::vector<render::RenderedFile> files;
  for (const auto& id : ids) {
    if (std::any_of(ids.begin(), ids.begin() + (&id - ids.data()), [&](const std::string& x) { return x == id; })) {
      continue;  // listed twice
    }
    for (auto& f : render::render_backend(render::load_backend(id, template_dirs), context)) files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return files;
}

}  // namespace schemashift::cli
