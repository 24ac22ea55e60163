#pragma once
// The checksum the history table keeps for every applied file: SHA-256 of its exact bytes,
// so that an applied migration edited afterwards is noticed (as Flyway's validate and sqlx
// do) instead of silently diverging from what the database holds.
#include <string>
#include <string_view>

namespace schemashift::runner {

// Lower-case hex SHA-256 of `bytes` (OpenSSL's libcrypto).
std::string sha256_hex(std::string_view bytes);

}  // namespace schemashift::runner
