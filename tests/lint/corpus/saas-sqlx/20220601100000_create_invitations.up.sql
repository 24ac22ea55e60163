CREATE TABLE invitations (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email        citext NOT NULL,
    role         text NOT NULL DEFAULT 'member',
    token_hash   bytea NOT NULL UNIQUE,
    invited_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    accepted_at  timestamptz,
    expires_at   timestamptz NOT NULL DEFAULT now() + interval '7 days',
    created_at   timestamptz NOT NULL DEFAULT now()
);
