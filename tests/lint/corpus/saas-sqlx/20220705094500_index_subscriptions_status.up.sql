-- Billing cron: "all subscriptions that are past_due".
CREATE INDEX subscriptions_status_idx ON subscriptions (status) WHERE status <> 'active';
