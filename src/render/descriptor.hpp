#pragma once
// A format descriptor (formats/<id>.yaml) read into a Backend, and the descriptor's compact
// JSON form. yaml-cpp costs ~1,300 instructions a byte: the built-in descriptors are read
// once at build time (render/buildtime/compile_descriptors.cpp) and embedded as JSON, which
// nlohmann reads for a fraction of that at every run; --templates descriptors are read
// from YAML at run time, with file:line:col errors.
#include <string>

#include <nlohmann/json.hpp>

#include "render/backend.hpp"

namespace schemashift::render {

// The descriptor `text` of format `id`; `descriptor` names the file in errors
// ("DIR/formats/x.yaml"), `root` becomes Backend::root. Templates are not read here.
// Throws core::Error with the file's line:col on a bad descriptor.
Backend parse_descriptor(const std::string& id, const std::string& text, const std::string& descriptor,
                         const std::string& root);

// Everything parse_descriptor reads, and back (Backend::root, templates and partials are
// not part of the descriptor). from_json(to_json(b)) equals b.
nlohmann::json descriptor_to_json(const Backend& backend);
Backend descriptor_from_json(const nlohmann::json& json, const std::string& root);

}  // namespace schemashift::render
