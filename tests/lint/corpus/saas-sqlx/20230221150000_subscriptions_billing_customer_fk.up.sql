SET LOCAL lock_timeout = '2s';

ALTER TABLE subscriptions ADD COLUMN stripe_subscription_id text;
ALTER TABLE subscriptions
    ADD CONSTRAINT subscriptions_tenant_billing_fkey FOREIGN KEY (tenant_id)
    REFERENCES billing_customers (tenant_id) ON DELETE CASCADE;
