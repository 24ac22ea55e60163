SET LOCAL lock_timeout = '2s';

ALTER TABLE memberships
    ADD CONSTRAINT memberships_role_check CHECK (role IN ('owner', 'admin', 'member', 'billing')) NOT VALID;
