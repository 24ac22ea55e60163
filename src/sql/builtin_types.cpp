#include "sql/builtin_types.hpp"

#include <map>
#include <set>

namespace schemashift::sql {

namespace {

// pg_catalog types usable as column types (pseudo-types such as record, anyelement, void
// and trigger are not), under the catalog name the grammar produces and the aliases a
// user may write. parse_type already maps SQL-standard multi-word spellings (double
// precision, character varying, timestamp with time zone ...) to catalog names; the
// aliases are here as well so the check does not depend on that.
const std::set<std::string>& builtin_names() {
  static const std::set<std::string> names = {
      // numbers
      "int2", "int4", "int8", "smallint", "integer", "int", "bigint",
      "smallserial", "serial", "bigserial", "serial2", "serial4", "serial8",
      "numeric", "decimal", "dec", "float4", "float8", "real", "float", "double precision", "money",
      // text
      "text", "varchar", "character varying", "bpchar", "char", "character", "nchar", "name", "citext",
      // binary, boolean
      "bytea", "bool", "boolean",
      // date and time
      "date", "time", "timetz", "timestamp", "timestamptz", "interval",
      "time without time zone", "time with time zone", "timestamp without time zone",
      "timestamp with time zone",
      // structured
      "uuid", "json", "jsonb", "jsonpath", "xml",
      // network
      "inet", "cidr", "macaddr", "macaddr8",
      // bit strings
      "bit", "varbit", "bit varying",
      // full text search
      "tsvector", "tsquery",
      // geometry
      "point", "line", "lseg", "box", "path", "polygon", "circle",
      // ranges and multiranges
      "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange",
      "int4multirange", "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange", "datemultirange",
      // object identifiers and system types
      "oid", "regclass", "regproc", "regprocedure", "regoper", "regoperator", "regtype", "regrole",
      "regnamespace", "regconfig", "regdictionary", "regcollation", "xid", "xid8", "cid", "tid",
      "oidvector", "int2vector", "aclitem", "refcursor", "pg_lsn", "txid_snapshot", "pg_snapshot",
  };
  return names;
}

}  // namespace

bool is_builtin_type(const std::string& name) {
  if (builtin_names().count(name)) return true;
  // _int4 is int4[] under its catalog name.
  return name.size() > 1 && name[0] == '_' && builtin_names().count(name.substr(1)) > 0;
}

const std::vector<std::string>& builtin_type_suggestions() {
  static const std::vector<std::string> names = {
      "smallint", "integer", "bigint", "smallserial", "serial", "bigserial", "numeric", "decimal", "real",
      "double precision", "money", "text", "varchar", "char", "name", "citext", "bytea", "boolean", "date",
      "time", "timetz", "timestamp", "timestamptz", "interval", "uuid", "json", "jsonb", "jsonpath", "xml",
      "inet", "cidr", "macaddr", "macaddr8", "bit", "varbit", "tsvector", "tsquery", "point", "line", "lseg",
      "box", "path", "polygon", "circle", "int4range", "int8range", "numrange", "tsrange", "tstzrange",
      "daterange", "int4multirange", "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange",
      "datemultirange", "oid", "regclass", "pg_lsn",
  };
  return names;
}

const std::vector<std::string>& extension_types(const std::string& extension) {
  static const std::map<std::string, std::vector<std::string>> types = {
      {"citext", {"citext"}},
      {"hstore", {"hstore"}},
      {"ltree", {"ltree", "lquery", "ltxtquery"}},
      {"cube", {"cube"}},
      {"seg", {"seg"}},
      {"isn", {"ean13", "isbn", "isbn13", "ismn", "ismn13", "issn", "issn13", "upc"}},
      {"postgis", {"geometry", "geography", "box2d", "box3d"}},
      {"vector", {"vector", "halfvec", "sparsevec"}},
  };
  static const std::vector<std::string> none;
  const auto it = types.find(extension);
  return it == types.end() ? none : it->second;
}

}  // namespace schemashift::sql
