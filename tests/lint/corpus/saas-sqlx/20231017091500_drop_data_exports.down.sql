CREATE TABLE data_exports (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    requested_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    status        text NOT NULL DEFAULT 'queued',
    file_url      text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);
