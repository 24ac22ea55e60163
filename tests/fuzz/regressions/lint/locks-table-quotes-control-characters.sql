SET LOCAL lock_timeout = '2s';

ALTER TABLE tenants ADD COLUMN slug text;

--t = '2s';

ALTER TABLE tenants ADD COLUMN slug text;

--"312 tenants in production; a single UPDATE is fine.
-- schemashiatus TYPE t;
ALTER TABLE invssssssssssssssssssssssoices ALTER COstatus SET DEFAULT 'draft';
DROP TYPE inv-- 311 ttnensa in production;;
