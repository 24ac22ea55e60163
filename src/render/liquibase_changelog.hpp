#pragma once
// Reading a Liquibase XML changelog into plain values: the reader beside the engine that
// writes changelogs (liquibase_xml), so tinyxml2 stays behind render/. It knows XML and
// how Liquibase finds its files — `<include file>` and `<includeAll path>` (every *.xml
// below the folder, alphabetically by path, as Liquibase orders them) followed in place —
// and nothing about what a change means: each `<changeSet>` comes back as an element tree
// with positions, for import/ to map.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/diagnostics.hpp"

namespace schemashift::render {

// One XML element: its local name (any namespace prefix dropped), attributes in document
// order, the text directly inside it (text and CDATA, entities decoded) and child elements.
struct XmlElement {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string text;
  std::vector<XmlElement> children;
  core::SourceLocation where;       // the start tag's `<`
  core::SourceLocation text_where;  // the first character of `text` (just after the start tag's `>`)

  const std::string* attribute(std::string_view key) const;
  std::string get(std::string_view key, std::string fallback = "") const;
  const XmlElement* child(std::string_view element_name) const;  // the first one
};

struct ChangelogChangeSet {
  std::string file;  // the changelog file that holds it (path as read)
  XmlElement element;
};

struct Changelog {
  std::string root;                            // the file read first
  std::vector<std::string> files;              // every changelog file read, in reading order
  std::vector<ChangelogChangeSet> change_sets; // in Liquibase's execution order
};

// Reads `path` and everything it includes. XML that does not parse, an include whose file
// is missing, an included file that is not an XML changelog and any root-level element
// other than changeSet / include / includeAll are errors in `diags` at their file:line:col;
// the other files and changeSets are still read. An unreadable root file throws core::Error.
Changelog read_liquibase_changelog(const std::string& path, core::Diagnostics& diags);

}  // namespace schemashift::render
