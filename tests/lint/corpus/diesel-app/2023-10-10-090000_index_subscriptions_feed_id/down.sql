DROP INDEX subscriptions_feed_id_idx;
