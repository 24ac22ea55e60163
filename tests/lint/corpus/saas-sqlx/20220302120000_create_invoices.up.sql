CREATE TABLE invoices (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE RESTRICT,
    subscription_id  uuid REFERENCES subscriptions (id) ON DELETE SET NULL,
    number           text NOT NULL UNIQUE,
    status           text NOT NULL DEFAULT 'draft',
    issued_at        timestamptz,
    due_at           timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invoice_lines (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id   uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    description  text NOT NULL,
    quantity     integer NOT NULL DEFAULT 1,
    unit_amount  numeric(12, 2) NOT NULL,
    amount       numeric(12, 2) NOT NULL
);

CREATE INDEX invoices_tenant_id_idx ON invoices (tenant_id);
CREATE INDEX invoice_lines_invoice_id_idx ON invoice_lines (invoice_id);
