-- Normalized, order-independent catalog snapshot: what `schemashift verify` compares before
-- the up migrations and after their downs (compiled into the binary from this file), and what
-- the e2e round-trip tests compare with psql:
--
--   psql -X -At -v ON_ERROR_STOP=1 -d DB -f src/verify/catalog_snapshot.sql > snapshot.txt
--
-- One text line per fact, sorted (C collation), so two snapshots can be compared with
-- `diff -u`: "up, then down" must give back exactly the "before" snapshot.
--
-- Covered: schemas, extensions, tables (kind, persistence, RLS, replica identity, options,
-- partitioning, inheritance), columns, constraints (incl. domain constraints), indexes
-- (with indisvalid/indisready: a failed CREATE INDEX CONCURRENTLY leaves an INVALID index
-- behind), triggers, views and materialized views, functions/procedures, sequences,
-- enum/domain/composite/range types, RLS policies, rules, table privileges, comments.
-- Not covered (data, not schema): rows, sequence positions, statistics; also owners.
--
-- Left out: the system schemas (pg_catalog, information_schema, pg_toast*, pg_temp*),
-- objects that belong to an extension (the extension itself is listed), and the
-- history/metadata tables of migration frameworks, together with their columns,
-- constraints, indexes, triggers, owned sequences and comments:
-- alembic_version, schema_migrations, ar_internal_metadata, databasechangelog,
-- databasechangeloglock, flyway_schema_history, _sqlx_migrations, schemashift_history;
-- and the schema `schemashift`, where `schemashift run` keeps its history table.
-- A migration tool writes rows there (and may create them on first run), which is not a
-- schema change made by the migration.
--
-- Columns are listed by NAME, not by attnum: PostgreSQL cannot put a column back at its
-- old position, so "drop column" followed by its down "add column" moves the column to
-- the end of the table (and leaves a dropped attnum behind). That is equivalent for every
-- client that names its columns, so the snapshot must not report it as a difference.
--
-- Expressions come from the server's deparsers (pg_get_expr, pg_get_constraintdef,
-- pg_get_indexdef, pg_get_triggerdef, pg_get_viewdef, pg_get_functiondef) with
-- search_path = pg_catalog, so every name outside pg_catalog is schema-qualified and the
-- output does not depend on the caller's search_path. Multi-line definitions are folded
-- to one line (runs of whitespace become one space); comments are JSON strings.
\set ON_ERROR_STOP on
\set QUIET on
\pset format unaligned
\pset tuples_only on
\pset footer off
SET search_path = pg_catalog;

WITH
nsp AS (
  SELECT n.oid, n.nspname
  FROM pg_namespace n
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_toast%'
    AND n.nspname NOT LIKE 'pg\_temp\_%'
    AND n.nspname <> 'schemashift'  -- `schemashift run`'s history schema (its default name)
),
ext_member AS (
  SELECT classid, objid FROM pg_depend WHERE deptype = 'e'
),
excluded_tables AS (
  SELECT c.oid
  FROM pg_class c JOIN nsp ON nsp.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
    AND c.relname IN ('alembic_version', 'schema_migrations', 'ar_internal_metadata',
                      'databasechangelog', 'databasechangeloglock', 'flyway_schema_history',
                      '_sqlx_migrations', 'schemashift_history')
),
-- every user relation (tables, views, sequences, indexes, composite types ...)
rel AS (
  SELECT c.oid, c.relkind, c.relname, c.relnamespace, c.relpersistence, c.relrowsecurity,
         c.relforcerowsecurity, c.relreplident, c.reloptions, c.relacl, c.relowner,
         c.relispartition, c.relpartbound,
         quote_ident(nsp.nspname) || '.' || quote_ident(c.relname) AS qname
  FROM pg_class c JOIN nsp ON nsp.oid = c.relnamespace
  WHERE c.oid NOT IN (SELECT oid FROM excluded_tables)
    AND NOT EXISTS (SELECT 1 FROM ext_member e
                    WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid)
    -- indexes of excluded tables
    AND NOT EXISTS (SELECT 1 FROM pg_index i
                    WHERE i.indexrelid = c.oid AND i.indrelid IN (SELECT oid FROM excluded_tables))
    -- sequences owned by (serial/identity columns of) excluded tables
    AND NOT EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                      AND d.refclassid = 'pg_class'::regclass
                      AND d.refobjid IN (SELECT oid FROM excluded_tables))
),
func AS (
  SELECT p.oid, p.prokind, p.provolatile, p.prosecdef, p.proisstrict, p.prolang, p.prorettype,
         quote_ident(nsp.nspname) || '.' || quote_ident(p.proname)
           || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS qname
  FROM pg_proc p JOIN nsp ON nsp.oid = p.pronamespace
  WHERE NOT EXISTS (SELECT 1 FROM ext_member e
                    WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid)
),
typ AS (
  SELECT t.oid, t.typtype, t.typbasetype, t.typtypmod, t.typnotnull, t.typdefaultbin,
         t.typdefault, t.typrelid,
         quote_ident(nsp.nspname) || '.' || quote_ident(t.typname) AS qname
  FROM pg_type t JOIN nsp ON nsp.oid = t.typnamespace
  WHERE t.typtype IN ('e', 'd', 'r', 'm', 'c')
    AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
    AND NOT EXISTS (SELECT 1 FROM ext_member e
                    WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid)
),
facts(line) AS (
  -- schemas
  SELECT 'schema ' || quote_ident(nspname) FROM nsp

  -- extensions (their member objects are left out everywhere else)
  UNION ALL
  SELECT 'extension ' || quote_ident(x.extname) || ' schema=' || quote_ident(n.nspname)
  FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace

  -- tables
  UNION ALL
  SELECT 'table ' || r.qname
         || ' kind=' || r.relkind::text
         || ' persistence=' || r.relpersistence::text
         || ' rls=' || r.relrowsecurity || '/' || r.relforcerowsecurity
         || ' replica_identity=' || r.relreplident::text
         || ' options=' || coalesce(array_to_string(ARRAY(SELECT unnest(r.reloptions) ORDER BY 1), ','), '')
         || ' partition_key=' || coalesce(CASE WHEN r.relkind = 'p' THEN pg_get_partkeydef(r.oid) END, '')
         || ' partition_of=' || coalesce((SELECT string_agg(i.inhparent::regclass::text, ',' ORDER BY i.inhparent::regclass::text)
                                            FROM pg_inherits i WHERE i.inhrelid = r.oid), '')
         || ' bound=' || coalesce(pg_get_expr(r.relpartbound, r.oid), '')
  FROM rel r
  WHERE r.relkind IN ('r', 'p', 'f')

  -- columns, keyed by name (see the header: attnum is deliberately not part of the fact)
  UNION ALL
  SELECT 'column ' || r.qname || '.' || quote_ident(a.attname)
         || ' type=' || format_type(a.atttypid, a.atttypmod)
         || ' notnull=' || a.attnotnull
         || ' default=' || coalesce(CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END, '')
         || ' identity=' || a.attidentity::text
         || ' generated=' || coalesce(CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END, '')
         || ' collation=' || coalesce(CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation::regcollation::text END, '')
  FROM rel r
  JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  WHERE r.relkind IN ('r', 'p', 'f', 'v', 'm', 'c')

  -- table constraints
  UNION ALL
  SELECT 'constraint ' || r.qname || ' ' || quote_ident(c.conname)
         || ' type=' || c.contype::text
         || ' validated=' || c.convalidated
         || ' def=' || pg_get_constraintdef(c.oid)
  FROM pg_constraint c JOIN rel r ON r.oid = c.conrelid

  -- domain constraints
  UNION ALL
  SELECT 'constraint ' || t.qname || ' ' || quote_ident(c.conname)
         || ' type=' || c.contype::text
         || ' validated=' || c.convalidated
         || ' def=' || pg_get_constraintdef(c.oid)
  FROM pg_constraint c JOIN typ t ON t.oid = c.contypid

  -- indexes (valid=f: an interrupted CREATE INDEX CONCURRENTLY)
  UNION ALL
  SELECT 'index ' || r.qname
         || ' valid=' || i.indisvalid
         || ' ready=' || i.indisready
         || ' def=' || pg_get_indexdef(i.indexrelid)
  FROM pg_index i JOIN rel r ON r.oid = i.indexrelid

  -- triggers (internal ones, e.g. those implementing foreign keys, are left out)
  UNION ALL
  SELECT 'trigger ' || r.qname || ' ' || quote_ident(tg.tgname)
         || ' enabled=' || tg.tgenabled::text
         || ' def=' || pg_get_triggerdef(tg.oid)
  FROM pg_trigger tg JOIN rel r ON r.oid = tg.tgrelid
  WHERE NOT tg.tgisinternal

  -- views and materialized views
  UNION ALL
  SELECT CASE r.relkind WHEN 'v' THEN 'view ' ELSE 'matview ' END || r.qname
         || ' options=' || coalesce(array_to_string(ARRAY(SELECT unnest(r.reloptions) ORDER BY 1), ','), '')
         || ' def=' || btrim(regexp_replace(pg_get_viewdef(r.oid, true), '\s+', ' ', 'g'))
  FROM rel r
  WHERE r.relkind IN ('v', 'm')

  -- rules other than the ones that implement views
  UNION ALL
  SELECT 'rule ' || r.qname || ' ' || quote_ident(rw.rulename)
         || ' enabled=' || rw.ev_enabled::text
         || ' def=' || btrim(regexp_replace(pg_get_ruledef(rw.oid, true), '\s+', ' ', 'g'))
  FROM pg_rewrite rw JOIN rel r ON r.oid = rw.ev_class
  WHERE rw.rulename <> '_RETURN'

  -- functions and procedures: name + identity arguments, plus a digest of the whole
  -- definition (body, settings, ...) with whitespace folded
  UNION ALL
  SELECT 'function ' || f.qname
         || ' kind=' || f.prokind::text
         || ' returns=' || format_type(f.prorettype, NULL)
         || ' language=' || (SELECT lanname FROM pg_language WHERE oid = f.prolang)
         || ' volatility=' || f.provolatile::text
         || ' strict=' || f.proisstrict
         || ' security_definer=' || f.prosecdef
         || ' def_md5=' || coalesce(CASE WHEN f.prokind IN ('f', 'p')
                              THEN md5(btrim(regexp_replace(pg_get_functiondef(f.oid), '\s+', ' ', 'g'))) END, '')
  FROM func f

  -- sequences (definition only, not their position)
  UNION ALL
  SELECT 'sequence ' || r.qname
         || ' type=' || format_type(s.seqtypid, NULL)
         || ' start=' || s.seqstart
         || ' increment=' || s.seqincrement
         || ' min=' || s.seqmin
         || ' max=' || s.seqmax
         || ' cache=' || s.seqcache
         || ' cycle=' || s.seqcycle
         || ' owned_by=' || coalesce((SELECT string_agg(d.refobjid::regclass::text || '.' || quote_ident(a.attname)
                                                        || CASE d.deptype WHEN 'i' THEN ' (identity)' ELSE '' END, ',')
                                        FROM pg_depend d
                                        JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                                       WHERE d.classid = 'pg_class'::regclass AND d.objid = r.oid
                                         AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0
                                         AND d.deptype IN ('a', 'i')), '')
  FROM pg_sequence s JOIN rel r ON r.oid = s.seqrelid

  -- types: enums (labels in their order), domains, composite and range types
  UNION ALL
  SELECT 'type ' || t.qname
         || ' kind=' || t.typtype::text
         || CASE t.typtype
              WHEN 'e' THEN ' labels=' || (SELECT string_agg(quote_literal(e.enumlabel), ',' ORDER BY e.enumsortorder)
                                            FROM pg_enum e WHERE e.enumtypid = t.oid)
              WHEN 'd' THEN ' base=' || format_type(t.typbasetype, t.typtypmod)
                            || ' notnull=' || t.typnotnull
                            || ' default=' || coalesce(pg_get_expr(t.typdefaultbin, 0), t.typdefault, '')
              WHEN 'r' THEN ' subtype=' || (SELECT format_type(rngsubtype, NULL) FROM pg_range WHERE rngtypid = t.oid)
              ELSE ''
            END
  FROM typ t

  -- row level security policies
  UNION ALL
  SELECT 'policy ' || r.qname || ' ' || quote_ident(p.polname)
         || ' cmd=' || p.polcmd::text
         || ' permissive=' || p.polpermissive
         || ' roles=' || (SELECT string_agg(CASE WHEN rid = 0 THEN 'public' ELSE rid::regrole::text END, ',' ORDER BY 1)
                            FROM unnest(p.polroles) AS rid)
         || ' using=' || coalesce(pg_get_expr(p.polqual, p.polrelid), '')
         || ' check=' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
  FROM pg_policy p JOIN rel r ON r.oid = p.polrelid

  -- privileges on tables, views and sequences; a NULL acl means "the owner's defaults",
  -- so GRANT followed by REVOKE compares equal to never granting
  UNION ALL
  SELECT 'grant ' || r.qname || ' ' || acl::text
  FROM rel r,
       unnest(coalesce(r.relacl,
                       acldefault(CASE WHEN r.relkind = 'S' THEN 's' ELSE 'r' END::"char", r.relowner))) AS acl
  WHERE r.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')

  -- comments on anything in a user schema (tables, columns, indexes, constraints, ...)
  UNION ALL
  SELECT 'comment ' || o.type || ' ' || o.identity || ' = ' || to_json(d.description)::text
  FROM pg_description d
  CROSS JOIN LATERAL pg_identify_object(d.classoid, d.objoid, d.objsubid) AS o
  WHERE (o.schema IN (SELECT nspname FROM nsp)
         OR (d.classoid = 'pg_namespace'::regclass AND d.objoid IN (SELECT oid FROM nsp)))
    AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = d.classoid AND e.objid = d.objoid)
    -- a relation (or a column of one) must be one we report
    AND (d.classoid <> 'pg_class'::regclass OR d.objoid IN (SELECT oid FROM rel))
    -- and so must the table of a constraint or trigger
    AND (d.classoid <> 'pg_constraint'::regclass
         OR (SELECT conrelid FROM pg_constraint WHERE oid = d.objoid) NOT IN (SELECT oid FROM excluded_tables))
    AND (d.classoid <> 'pg_trigger'::regclass
         OR (SELECT tgrelid FROM pg_trigger WHERE oid = d.objoid) NOT IN (SELECT oid FROM excluded_tables))
)
SELECT line FROM facts ORDER BY line COLLATE "C";
