#pragma once
// `schemashift new` as a library call: a change-spec skeleton for one service, at
// <changes>/<issue>-<slug>.yaml, never over an existing file.
#include <string>

#include "core/timestamp.hpp"
#include "project/project.hpp"

namespace schemashift::project {

struct NewSpec {
  long long issue = 0;
  std::string title;
  std::string author;       // "Name <email>"; "" writes a placeholder
  core::Timestamp created;  // UTC
};

// <service.changes>/<issue>-<slug of title>.yaml
std::string new_spec_path(const Service& service, const NewSpec& spec);

// The skeleton: the header filled in, `schema:` relative to the spec's folder, the
// project's defaults as settings, and an example operation in comments. Once the example
// is uncommented (and names a table of the schema) it plans.
std::string new_spec_text(const Service& service, const Defaults& defaults, const NewSpec& spec);

struct WrittenSpec {
  std::string path;
  std::string text;
};

// Writes the skeleton (creating the changes folder). An existing file is never replaced:
// core::Error with ExitCode::Refused.
WrittenSpec write_new_spec(const Service& service, const Defaults& defaults, const NewSpec& spec);

}  // namespace schemashift::project
