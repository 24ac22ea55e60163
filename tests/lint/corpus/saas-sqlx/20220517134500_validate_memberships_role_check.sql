ALTER TABLE memberships VALIDATE CONSTRAINT memberships_role_check;
