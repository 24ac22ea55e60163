CREATE INDEX subscriptions_feed_id_idx ON subscriptions (feed_id);
