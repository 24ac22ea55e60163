CREATE TABLE subscriptions (
    user_id     integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    feed_id     integer NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    folder      text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, feed_id)
);
