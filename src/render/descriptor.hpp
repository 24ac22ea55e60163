#pragma once
// A format descriptor (formats/<id>.yaml) read into a Backend, and the descriptor's compact
// JSON form. yaml-cpp costs ~1,300 instructions a byte: the built-in descriptors are read
// once at build time (render/buildtime/compile_descriptors.cpp) and compiled in as code that
// builds each Backend, so a run reads no descriptor text at all (reading them from embedded
// JSON was still ~6 % of `plan`); --templates descriptors are read from YAML at run time,
// with file:line:col errors.
#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "render/backend.hpp"

namespace schemashift::render {

// The descriptor `text` of format `id`; `descriptor` names the file in errors
// ("DIR/formats/x.yaml"), `root` becomes Backend::root. Templates are not read here.
// Throws core::Error with the file's line:col on a bad descriptor.
Backend parse_descriptor(const std::string& id, const std::string& text, const std::string& descriptor,
                         const std::string& root);

// Everything parse_descriptor reads, as JSON (Backend::root, templates and partials are not
// part of the descriptor): two descriptors are the same when their JSON is.
nlohmann::json descriptor_to_json(const Backend& backend);

// A C++ function `Backend <function>()` that builds the descriptor (every field
// descriptor_to_json shows), and `text` as a C++ string literal: the generated table's code
// (render/buildtime/compile_descriptors.cpp).
std::string descriptor_to_cpp(const Backend& backend, const std::string& function);
std::string cpp_literal(const std::string& text);

// The built-in descriptors, formats/<id>.yaml compiled into functions that build each
// Backend (generated at build time), ended by an entry with a null id.
struct BuiltinDescriptor {
  const char* id;      // "sql"
  Backend (*make)();  // Backend::root left empty
};
extern const BuiltinDescriptor kBuiltinDescriptors[];
extern const std::size_t kBuiltinDescriptorCount;

// Built-in descriptor `id` (root empty, templates not read); nullopt when there is none.
// Defined in backend.cpp: the build-time tool compiles this header's other functions
// without the table it generates.
std::optional<Backend> builtin_descriptor(const std::string& id);

}  // namespace schemashift::render
