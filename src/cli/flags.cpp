#include "cli/flags.hpp"

namespace schemashift::cli {

void add_selector(CLI::App* cmd, SpecSelector& sel) {
  auto* issue = cmd->add_option("--issue", sel.issue, "issue number: picks the spec in --changes whose `issue:` matches")
                    ->check(CLI::PositiveNumber);
  auto* spec = cmd->add_option("--spec", sel.spec, "path of the spec file (instead of --issue)")->check(CLI::ExistingFile);
  issue->excludes(spec);
  cmd->add_option("--changes", sel.changes, "directory of change specs (default: the service's changes folder)")
      ->capture_default_str()
      ->each([&sel](const std::string&) { sel.changes_given = true; });
  add_service(cmd, sel.service);
  cmd->callback([cmd] {
    if (cmd->count("--issue") + cmd->count("--spec") == 0) throw CLI::RequiredError("--issue N or --spec FILE");
  });
}

void add_service(CLI::App* cmd, std::string& service) {
  cmd->add_option("--service", service,
                  "a service of the project file (.schemashift.yaml): its changes, migrations, format and "
                  "database; default: the one owning --issue's spec, or the only one")
      ->type_name("NAME");
}

void add_templates(CLI::App* cmd, std::vector<std::string>& dirs) {
  cmd->add_option("--templates", dirs,
                  "extra directory with formats/<id>.yaml and templates/<id>/ (searched before the built-ins)")
      ->check(CLI::ExistingDirectory);
}

void add_color(CLI::App* cmd, std::string& color) {
  cmd->add_option("--color", color, "colour output: auto (terminal only, never with NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
}

}  // namespace schemashift::cli
