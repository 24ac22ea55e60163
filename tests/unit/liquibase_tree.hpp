#pragma once
// Liquibase changelogs for the unit tests of the reader (render/) and the import (import/),
// written with file_tree.hpp's Tree.
#include <string>

#include "file_tree.hpp"

namespace schemashift::testing {

inline std::string changelog(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\n" +
         body + "</databaseChangeLog>\n";
}

}  // namespace schemashift::testing
