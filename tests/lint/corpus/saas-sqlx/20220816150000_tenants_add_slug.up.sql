SET LOCAL lock_timeout = '2s';

ALTER TABLE tenants ADD COLUMN slug text;

-- 312 tenants in production; a single UPDATE is fine.
-- schemashift:ignore unbatched-data-change -- 312 rows
UPDATE tenants
   SET slug = trim(both '-' from lower(regexp_replace(name, '[^a-zA-Z0-9]+', '-', 'g')));
