#pragma once
// The Liquibase backend's engine: the changelog is built as an XML tree with tinyxml2
// (never by string concatenation), one changeSet per step, from the same template context
// the Mustache backends get (the change and its `migrations`, natives already resolved
// against formats/liquibase.yaml).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "render/backend.hpp"

namespace schemashift::render {

std::vector<RenderedFile> render_liquibase_xml(const Backend& backend, const nlohmann::json& context);
// The one file it writes: the descriptor's single `each: change` rule's path (throws
// core::Error for any other shape).
std::string liquibase_xml_path(const Backend& backend);

// A master changelog for a whole history (`schemashift translate --to liquibase`): one
// `<include file=... relativeToChangelogFile="true"/>` per change, in apply order, after a
// comment (`header`). The included changelogs keep their own logicalFilePath, so the
// changeSets' identity does not depend on this file.
std::string liquibase_master_changelog(const std::string& header, const std::vector<std::string>& includes);

}  // namespace schemashift::render
