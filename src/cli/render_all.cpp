#include "cli/render_all.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/text.hpp"

namespace schemashift::cli {

std::vector<std::string> default_formats(const std::vector<std::string>& template_dirs) {
  // "preview" is the terminal view of `plan`, not a file format.
  std::vector<std::string> ids = render::available_backends(template_dirs);
  ids.erase(std::remove(ids.begin(), ids.end(), "preview"), ids.end());
  return ids;
}

std::vector<render::RenderedFile> render_formats(const nlohmann::json& plan_context, const std::vector<std::string>& formats,
                                                 const std::vector<std::string>& template_dirs,
                                                 const std::map<std::string, std::string>& variables) {
  std::vector<std::string> ids;
  for (const auto& f : formats) {
    if (f == "all") {
      for (const auto& id : default_formats(template_dirs)) ids.push_back(id);
    } else {
      ids.push_back(f);
    }
  }
  if (ids.empty()) ids = default_formats(template_dirs);
  std::vector<render::Backend> backends;
  for (const auto& id : ids) {
    if (std::any_of(backends.begin(), backends.end(), [&](const render::Backend& b) { return b.id == id; })) {
      continue;  // listed twice
    }
    backends.push_back(render::load_backend(id, template_dirs));
  }
  for (const auto& [key, value] : variables) {
    const bool known = std::any_of(backends.begin(), backends.end(),
                                   [&](const render::Backend& b) { return b.variables.count(key) > 0; });
    if (!known) {
      std::vector<std::string> names;
      for (const auto& b : backends)
        for (const auto& v : b.variables) names.push_back(v.first);
      throw core::Error("--var " + key + ": no selected format uses a variable of that name; known: " +
                            (names.empty() ? std::string("none") : core::join(names, ", ")),
                        core::ExitCode::Usage);
    }
  }
  // The README tells, per framework written, where its files go and how to run them.
  nlohmann::json context = plan_context;
  nlohmann::json frameworks = nlohmann::json::array();
  for (const auto& b : backends) {
    if (b.usage.empty()) continue;
    frameworks.push_back({{"id", b.id}, {"description", b.description}, {"usage", b.usage}});
  }
  context["frameworks"] = frameworks;
  context["has_frameworks"] = !frameworks.empty();
  std::vector<render::RenderedFile> files;
  for (const auto& b : backends) {
    for (auto& f : render::render_backend(b, context, variables)) files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return files;
}

}  // namespace schemashift::cli
