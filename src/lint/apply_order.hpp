#pragma once
// The part each file plays in its directory's layout (up, down, repeatable, plain) and the
// order the layout's tool applies the files in.
#include "lint/discovery.hpp"

namespace schemashift::lint {

// Sets role, version and follows_layout of `f` for a directory of layout `layout`.
void assign_role(InputFile& f, Layout layout);

// Sorts the group's files (roles assigned) into the order g.layout's tool applies them.
void order_files(MigrationGroup& g);

}  // namespace schemashift::lint
