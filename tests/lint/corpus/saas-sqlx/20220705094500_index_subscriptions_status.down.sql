DROP INDEX subscriptions_status_idx;
