ALTER TABLE memberships DROP CONSTRAINT memberships_role_check;
