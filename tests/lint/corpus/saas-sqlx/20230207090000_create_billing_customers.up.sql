CREATE TABLE billing_customers (
    tenant_id           uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    stripe_customer_id  text NOT NULL UNIQUE,
    email               citext,
    tax_id              text,
    created_at          timestamptz NOT NULL DEFAULT now()
);
