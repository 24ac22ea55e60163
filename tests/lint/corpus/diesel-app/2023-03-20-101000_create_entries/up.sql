CREATE TABLE entries (
    id            bigserial PRIMARY KEY,
    feed_id       integer NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    guid          varchar(255) NOT NULL,
    title         text,
    link          text,
    published_at  timestamptz,
    UNIQUE (feed_id, guid)
);
