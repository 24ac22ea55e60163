-- Partitioned tables cannot build an index CONCURRENTLY; usage_events is append-only
-- and only the ingest worker writes to it, which tolerates a short pause.
-- schemashift:ignore require-concurrent-index-creation -- partitioned parent, see above
CREATE INDEX IF NOT EXISTS usage_events_recorded_at_idx ON usage_events (recorded_at);
