#include "cli/render_all.hpp"

#include <algorithm>
#include <utility>

#include "core/error.hpp"
#include "core/text.hpp"

namespace schemashift::cli {

namespace {

void require_files(const render::Backend& b, std::size_t count) {
  if (count > 0) return;
  throw core::Error("format '" + b.id + "' (" + b.root + "/formats/" + b.id + ".yaml) rendered no file: " +
                    (b.files.empty() ? std::string("its `files:` list is empty")
                                     : "every file rule's `when:` was false, or it writes per migration and there is none"));
}

}  // namespace

std::vector<std::string> default_formats(const std::vector<std::string>& template_dirs) {
  // "preview" is the terminal view of `plan`, not a file format.
  std::vector<std::string> ids = render::available_backends(template_dirs);
  ids.erase(std::remove(ids.begin(), ids.end(), "preview"), ids.end());
  return ids;
}

std::vector<render::Backend> select_formats(const std::vector<std::string>& formats,
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
  for (const auto& variable : variables) {
    // Not a structured binding: C++17 lambdas cannot capture one (clang refuses; gcc allows).
    const std::string& key = variable.first;
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
  return backends;
}

void add_frameworks(render::TemplateContext& context, const std::vector<render::Backend>& backends) {
  nlohmann::json frameworks = nlohmann::json::array();
  for (const auto& b : backends) {
    if (b.usage.empty()) continue;
    frameworks.push_back({{"id", b.id}, {"description", b.description}, {"usage", b.usage}});
  }
  context.set("has_frameworks", !frameworks.empty());
  context.set("frameworks", frameworks);
}

std::vector<render::RenderedFile> render_formats(const render::TemplateContext& context,
                                                 const std::vector<render::Backend>& backends,
                                                 const std::map<std::string, std::string>& variables) {
  std::vector<render::RenderedFile> files;
  for (const auto& b : backends) {
    auto rendered = render::render_backend(b, context, variables);
    require_files(b, rendered.size());
    for (auto& f : rendered) files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return files;
}

std::vector<std::string> format_paths(const render::TemplateContext& context, const std::vector<render::Backend>& backends,
                                      const std::map<std::string, std::string>& variables) {
  std::vector<std::string> paths;
  for (const auto& b : backends) {
    auto names = render::backend_paths(b, context, variables);
    require_files(b, names.size());
    for (auto& p : names) paths.push_back(std::move(p));
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

void keep_until_exit(render::TemplateContext&& context) {
  // Held by a plain pointer, never deleted: still reachable (not "lost") for leak checkers;
  // volatile, so that the store is not optimised away as never read.
  [[maybe_unused]] static const render::TemplateContext* volatile kept = nullptr;
  kept = new render::TemplateContext(std::move(context));
}

}  // namespace schemashift::cli
