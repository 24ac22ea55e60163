#include "runner/checksum.hpp"

#include <openssl/evp.h>

#include "core/error.hpp"

namespace schemashift::runner {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw core::Error("cannot compute a SHA-256 checksum (OpenSSL's EVP_Digest failed)");
  }
  static const char* const hex = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace schemashift::runner
