CREATE TABLE subscriptions (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    plan_id     text NOT NULL REFERENCES plans (id) ON DELETE RESTRICT,
    status      text NOT NULL DEFAULT 'active',
    quantity    integer NOT NULL DEFAULT 1,
    started_at  timestamptz NOT NULL DEFAULT now(),
    ends_at     timestamptz
);

CREATE INDEX subscriptions_tenant_id_idx ON subscriptions (tenant_id);
