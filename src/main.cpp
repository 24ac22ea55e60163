// schemashift — neutral YAML change specs to safe, zero-downtime PostgreSQL migrations.
// The command line lives in src/cli/ (app.cpp, one cmd_<name>.cpp per subcommand).
#include "cli/app.hpp"

int main(int argc, char** argv) { return schemashift::cli::run(argc, argv); }
