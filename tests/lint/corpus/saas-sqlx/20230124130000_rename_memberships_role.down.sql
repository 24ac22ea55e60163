SET LOCAL lock_timeout = '2s';

ALTER TABLE memberships RENAME COLUMN access_level TO role;
