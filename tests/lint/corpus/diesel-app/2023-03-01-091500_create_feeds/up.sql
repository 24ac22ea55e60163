CREATE TYPE feed_kind AS ENUM ('rss', 'atom', 'json');

CREATE TABLE feeds (
    id          serial PRIMARY KEY,
    url         text NOT NULL UNIQUE,
    kind        feed_kind NOT NULL DEFAULT 'rss',
    title       varchar(200),
    fetched_at  timestamptz
);
