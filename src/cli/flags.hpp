#pragma once
// Flags several commands share, declared once so their names and help read the same
// everywhere.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/common.hpp"

namespace schemashift::cli {

// --issue N | --spec FILE, --changes DIR and --service NAME; exactly one of --issue and --spec is required.
void add_selector(CLI::App* cmd, SpecSelector& sel);
// --service NAME.
void add_service(CLI::App* cmd, std::string& service);
// --templates DIR (repeatable).
void add_templates(CLI::App* cmd, std::vector<std::string>& dirs);
// --color auto|always|never.
void add_color(CLI::App* cmd, std::string& color);

}  // namespace schemashift::cli
