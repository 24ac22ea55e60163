DROP INDEX IF EXISTS usage_events_recorded_at_idx;
