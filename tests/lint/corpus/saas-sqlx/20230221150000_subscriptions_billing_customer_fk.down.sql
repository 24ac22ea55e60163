SET LOCAL lock_timeout = '2s';

ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_tenant_billing_fkey;
ALTER TABLE subscriptions DROP COLUMN stripe_subscription_id;
