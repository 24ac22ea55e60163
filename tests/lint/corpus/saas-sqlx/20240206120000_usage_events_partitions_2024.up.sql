-- Rows for 2023-07 onwards sit in the default partition; it must be empty of 2024
-- rows before these partitions can be created (checked in the runbook).
CREATE TABLE IF NOT EXISTS usage_events_2024_01 PARTITION OF usage_events
    FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE IF NOT EXISTS usage_events_2024_02 PARTITION OF usage_events
    FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
CREATE TABLE IF NOT EXISTS usage_events_2024_03 PARTITION OF usage_events
    FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
