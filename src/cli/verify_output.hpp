#pragma once
// `schemashift verify`'s report: human lines (✓/✗ per migration and step), JSON, and
// Markdown for a pull request or the migration README.
#include <ostream>
#include <string>

#include "verify/rehearsal.hpp"

namespace schemashift::cli {

struct VerifyHeader {
  std::string what;     // "issue 234 (changes/234-contact-enrichment.yaml)", "migrations/"
  std::string server;   // "a scratch PostgreSQL 15 (initdb, removed afterwards)", "postgresql://…/schemashift_verify_…"
};

void print_verify_human(std::ostream& out, const VerifyHeader& h, const verify::RehearsalReport& r, bool color);
void print_verify_json(std::ostream& out, const VerifyHeader& h, const verify::RehearsalReport& r);
void print_verify_markdown(std::ostream& out, const VerifyHeader& h, const verify::RehearsalReport& r);

}  // namespace schemashift::cli
