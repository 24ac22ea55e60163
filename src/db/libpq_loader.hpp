#pragma once
// libpq is loaded with dlopen when the first connection is opened, not by the dynamic
// loader at start-up (see libpq_loader.cpp). Private to db/.
namespace schemashift::db::detail {

// Loads libpq.so.5 once; throws db::Error when it cannot be loaded.
void load_libpq();

}  // namespace schemashift::db::detail
