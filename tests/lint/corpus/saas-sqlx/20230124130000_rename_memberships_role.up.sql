SET LOCAL lock_timeout = '2s';

-- "role" clashes with the new RBAC roles table; the API already maps both names.
ALTER TABLE memberships RENAME COLUMN role TO access_level;
