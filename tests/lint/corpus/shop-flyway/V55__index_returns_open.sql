-- schemashift:ignore require-concurrent-index-creation -- returns shipped empty in 5.3, no rows yet
CREATE INDEX returns_open_idx ON returns (created_at) WHERE status <> 'closed';
