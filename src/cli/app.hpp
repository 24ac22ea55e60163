#pragma once
// The command line: every subcommand (commands.hpp), --help and --version, and the one
// place where exceptions become exit codes (core::Error: its code; anything else: 3).
namespace schemashift::cli {

int run(int argc, char** argv);

}  // namespace schemashift::cli
