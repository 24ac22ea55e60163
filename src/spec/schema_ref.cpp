#include "spec/schema_ref.hpp"

#include "core/text.hpp"

namespace schemashift::spec {

std::optional<SchemaRef> read_schema_ref(FieldReader& r, const std::string& key, bool required,
                                         core::Diagnostics& diags) {
  if (const core::Node* n = r.node().find(key); n && n->is_map()) {
    // `{database: DATABASE_URL_USER_SERVICE}` or `{database: postgresql://...}`.
    FieldReader db(*r.node(key), key, diags);
    std::optional<SchemaRef> out;
    if (n->find("folder")) {
      // `{folder: PATH, before: VERSION}`: a prefix of a migration folder's history.
      auto folder = db.string("folder", true);
      auto before = db.string("before", true);
      if (folder && before) {
        out = SchemaRef{core::trim(*folder), {}, db.where("folder"), core::trim(*before)};
        if (out->before.empty() || out->before.find_first_not_of("0123456789") != std::string::npos) {
          db.error("before", "`before` must be a version: digits", "e.g. `before: \"0003\"`");
          out.reset();
        }
      }
      db.finish();
      return out;
    }
    if (auto v = db.string("database", true)) {
      out = SchemaRef{{}, core::trim(*v), db.where("database"), {}};
      if (out->database.empty()) {
        db.error("database", "`database` must name an environment variable or be a connection URL",
                 "e.g. `" + key + ": {database: DATABASE_URL_USER_SERVICE}`");
        out.reset();
      }
    }
    db.finish();
    return out;
  }
  if (auto v = r.string(key, required)) return SchemaRef{core::trim(*v), {}, r.where(key), {}};
  return std::nullopt;
}

}  // namespace schemashift::spec
