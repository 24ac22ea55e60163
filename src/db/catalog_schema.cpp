// The catalog as pg_dump-style DDL (why DDL: catalog_schema.hpp). One query, so the whole
// schema comes from one snapshot; search_path is empty for it, as pg_dump sets it, so
// every deparsed name outside pg_catalog comes back schema-qualified.
#include "db/catalog_schema.hpp"

#include <string>

namespace schemashift::db {

namespace {

// Rows: (kind, text), kind "ddl" for a statement of the script (in order) or "invalid"
// for an index that is INVALID. Sections follow pg_dump's order; within one, names sort
// bytewise (COLLATE "C") so the text is the same on every server.
constexpr const char* kCatalogQuery = R"(
SET LOCAL search_path = '';
WITH rels AS (
  SELECT c.oid, c.relkind, c.relispartition, n.nspname, c.relname
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e')
), tabs AS (
  SELECT * FROM rels WHERE relkind IN ('r', 'p')
), user_ns AS (
  SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
), ddl(section, sort, text) AS (
  SELECT 0, n.nspname::text, format('CREATE SCHEMA %I;', n.nspname)
  FROM user_ns n
  WHERE n.nspname <> 'public'
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.objid = n.oid AND d.deptype = 'e')
UNION ALL
  SELECT 1, e.extname::text, format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA %I;', e.extname, n.nspname)
  FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
  WHERE e.oid >= 16384  -- FirstNormalObjectId: plpgsql and other built-ins are not dumped
UNION ALL
  SELECT 2, t.oid::pg_catalog.regtype::text,
         CASE t.typtype
           WHEN 'e' THEN format('CREATE TYPE %s AS ENUM (%s);', t.oid::pg_catalog.regtype,
                                (SELECT string_agg(quote_literal(l.enumlabel), ', ' ORDER BY l.enumsortorder)
                                 FROM pg_catalog.pg_enum l WHERE l.enumtypid = t.oid))
           WHEN 'd' THEN format('CREATE DOMAIN %s AS %s;', t.oid::pg_catalog.regtype,
                                format_type(t.typbasetype, t.typtypmod))
           WHEN 'r' THEN format('CREATE TYPE %s AS RANGE (subtype = %s);', t.oid::pg_catalog.regtype,
                                (SELECT format_type(r.rngsubtype, NULL) FROM pg_catalog.pg_range r WHERE r.rngtypid = t.oid))
           ELSE format('CREATE TYPE %s AS (%s);', t.oid::pg_catalog.regtype,
                       coalesce((SELECT string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', '
                                                   ORDER BY a.attnum)
                                 FROM pg_catalog.pg_attribute a
                                 WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), ''))
         END
  FROM pg_catalog.pg_type t JOIN user_ns n ON n.oid = t.typnamespace
  WHERE (t.typtype IN ('e', 'd', 'r')
         OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.objid = t.oid AND d.deptype = 'e')
UNION ALL
  SELECT 3, p.oid::pg_catalog.regprocedure::text, pg_get_functiondef(p.oid) || ';'
  FROM pg_catalog.pg_proc p JOIN user_ns n ON n.oid = p.pronamespace
  WHERE p.prokind IN ('f', 'p')
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e')
UNION ALL
  -- Identity columns' sequences come with their ALTER TABLE ... ADD GENERATED below.
  SELECT 4, s.nspname || '.' || s.relname, format('CREATE SEQUENCE %s;', s.oid::pg_catalog.regclass)
  FROM rels s
  WHERE s.relkind = 'S'
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = s.oid AND d.deptype = 'i')
UNION ALL
  -- A partition as a table of its own, attached to its parent below (pg_dump 12+'s way:
  -- every column and CHECK written out, the bound given once the parent exists).
  SELECT 5, t.nspname || '.' || t.relname,
         format('CREATE TABLE %s (%s)%s;', t.oid::pg_catalog.regclass, coalesce((
           SELECT string_agg(item, ', ' ORDER BY k1, k2) FROM (
             SELECT 0 AS k1, lpad(a.attnum::text, 6, '0') AS k2,
                    format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod))
                    || CASE WHEN a.attgenerated = 's' THEN ' GENERATED ALWAYS AS (' || pg_get_expr(ad.adbin, ad.adrelid) || ') STORED'
                            WHEN ad.adbin IS NOT NULL THEN ' DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid)
                            ELSE '' END
                    || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END AS item
             FROM pg_catalog.pg_attribute a
             LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
             WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
           UNION ALL
             -- Validated CHECKs inside CREATE TABLE, as pg_dump writes them; a partition's
             -- inherited ones too, which ATTACH PARTITION requires it to have.
             SELECT 1, con.conname::text, format('CONSTRAINT %I %s', con.conname, pg_get_constraintdef(con.oid))
             FROM pg_catalog.pg_constraint con
             WHERE con.conrelid = t.oid AND con.contype = 'c' AND con.convalidated AND (con.conislocal OR t.relispartition)
           ) items), ''),
           CASE WHEN t.relkind = 'p' THEN ' PARTITION BY ' || pg_get_partkeydef(t.oid) ELSE '' END)
  FROM tabs t
UNION ALL
  SELECT 6, t.nspname || '.' || t.relname,
         format('ALTER TABLE ONLY %s ATTACH PARTITION %s %s;', i.inhparent::pg_catalog.regclass,
                t.oid::pg_catalog.regclass, pg_get_expr(c.relpartbound, c.oid))
  FROM tabs t
  JOIN pg_catalog.pg_class c ON c.oid = t.oid
  JOIN pg_catalog.pg_inherits i ON i.inhrelid = t.oid
  WHERE t.relispartition
UNION ALL
  SELECT 7, t.nspname || '.' || t.relname || ' ' || lpad(d.objsubid::text, 6, '0'),
         CASE WHEN d.objsubid = 0 THEN format('COMMENT ON TABLE %s IS %L;', t.oid::pg_catalog.regclass, d.description)
              ELSE format('COMMENT ON COLUMN %s.%I IS %L;', t.oid::pg_catalog.regclass, a.attname, d.description) END
  FROM tabs t
  JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objoid = t.oid
  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.objsubid
  WHERE d.objsubid = 0 OR (a.attnum > 0 AND NOT a.attisdropped)
UNION ALL
  SELECT 8, s.nspname || '.' || s.relname,
         CASE WHEN d.deptype = 'i'
              THEN format('ALTER TABLE %s ALTER COLUMN %I ADD GENERATED %s AS IDENTITY (SEQUENCE NAME %s);',
                          t.oid::pg_catalog.regclass, a.attname,
                          CASE a.attidentity WHEN 'a' THEN 'ALWAYS' ELSE 'BY DEFAULT' END, s.oid::pg_catalog.regclass)
              ELSE format('ALTER SEQUENCE %s OWNED BY %s.%I;', s.oid::pg_catalog.regclass, t.oid::pg_catalog.regclass,
                          a.attname) END
  FROM rels s
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = s.oid
       AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i')
  JOIN tabs t ON t.oid = d.refobjid
  JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
  WHERE s.relkind = 'S'
UNION ALL
  -- A partitioned table's key, and each partition's (attached to it below), as pg_dump
  -- writes them; a foreign key of a partitioned table without ONLY: it recurses to the
  -- partitions, whose copies are not written.
  SELECT CASE WHEN con.contype = 'f' OR con.contype = 'c' THEN 14 ELSE 9 END, t.nspname || '.' || con.conname,
         format('ALTER TABLE %s%s ADD CONSTRAINT %I %s;', CASE WHEN con.contype = 'f' AND t.relkind = 'p' THEN ''
                                                              ELSE 'ONLY ' END,
                t.oid::pg_catalog.regclass, con.conname, pg_get_constraintdef(con.oid))
  FROM tabs t JOIN pg_catalog.pg_constraint con ON con.conrelid = t.oid
  WHERE ((con.conislocal AND con.conparentid = 0) OR (con.contype IN ('p', 'u', 'x') AND con.conparentid <> 0))
    AND (con.contype IN ('p', 'u', 'x', 'f') OR (con.contype = 'c' AND NOT con.convalidated))
UNION ALL
  -- A partitioned table's index is ON ONLY it; each partition's is attached to it.
  SELECT 10, t.nspname || '.' || ic.relname, pg_get_indexdef(i.indexrelid) || ';'
  FROM tabs t
  JOIN pg_catalog.pg_index i ON i.indrelid = t.oid
  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                    WHERE con.conindid = i.indexrelid AND con.conrelid = t.oid AND con.contype IN ('p', 'u', 'x'))
UNION ALL
  SELECT 11, t.nspname || '.' || ic.relname,
         format('ALTER INDEX %s ATTACH PARTITION %s;', inh.inhparent::pg_catalog.regclass, ic.oid::pg_catalog.regclass)
  FROM tabs t
  JOIN pg_catalog.pg_index i ON i.indrelid = t.oid
  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_catalog.pg_inherits inh ON inh.inhrelid = ic.oid
  WHERE ic.relispartition
UNION ALL
  SELECT 12, t.nspname || '.' || t.relname || ' ' || tg.tgname, pg_get_triggerdef(tg.oid) || ';'
  FROM tabs t JOIN pg_catalog.pg_trigger tg ON tg.tgrelid = t.oid
  WHERE NOT tg.tgisinternal AND tg.tgparentid = 0
UNION ALL
  SELECT 13, v.nspname || '.' || v.relname,
         CASE v.relkind
           WHEN 'v' THEN format('CREATE VIEW %s AS %s', v.oid::pg_catalog.regclass, pg_get_viewdef(v.oid))
           ELSE format('CREATE MATERIALIZED VIEW %s AS %s WITH NO DATA;', v.oid::pg_catalog.regclass,
                       rtrim(pg_get_viewdef(v.oid), ';'))
         END
  FROM rels v WHERE v.relkind IN ('v', 'm')
)
SELECT kind, text FROM (
  SELECT 0 AS part, section, sort COLLATE "C" AS sort, 'ddl' AS kind, text FROM ddl
UNION ALL
  SELECT 1, 0, t.nspname || '.' || ic.relname, 'invalid', t.nspname || '.' || ic.relname
  FROM tabs t
  JOIN pg_catalog.pg_index i ON i.indrelid = t.oid
  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  WHERE NOT i.indisvalid
) parts
ORDER BY part, section, sort)";

}  // namespace

CatalogSchema read_catalog_schema(Connection& connection, long long lock_timeout_ms) {
  CatalogSchema out;
  const std::string sql = lock_timeout_ms > 0
                              ? "SET LOCAL lock_timeout = '" + std::to_string(lock_timeout_ms) + "ms';\n" + kCatalogQuery
                              : std::string(kCatalogQuery);
  for (const Row& row : connection.query_read_only(sql)) {
    const std::string text = row.at(1).value_or("");
    if (row.at(0) == std::optional<std::string>("invalid")) {
      out.invalid_indexes.push_back(text);
    } else {
      out.ddl += text + "\n\n";
    }
  }
  return out;
}

}  // namespace schemashift::db
