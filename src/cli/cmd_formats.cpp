// `schemashift formats`: the output formats, built-in and from --templates, with their
// template variables.
#include <memory>
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/flags.hpp"
#include "cli/render_all.hpp"

namespace schemashift::cli {

int run_formats(const std::vector<std::string>& template_dirs) {
  for (const auto& id : default_formats(template_dirs)) {
    const auto b = render::load_backend(id, template_dirs);
    std::cout << fmt::format("{:<12} {}\n", b.id, b.description);
    for (const auto& [key, value] : b.variables) {
      std::cout << fmt::format("{:<12}   --var {}={}  (default)\n", "", key, value);
    }
  }
  return 0;
}

Command add_formats(CLI::App& app) {
  auto dirs = std::make_shared<std::vector<std::string>>();
  auto* fm = app.add_subcommand("formats", "list the output formats (built-in and from --templates)");
  add_templates(fm, *dirs);
  return {fm, [dirs] { return run_formats(*dirs); }};
}

}  // namespace schemashift::cli
