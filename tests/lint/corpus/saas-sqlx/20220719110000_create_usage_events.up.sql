-- Metered usage, partitioned by month; old partitions are detached and archived.
CREATE TABLE usage_events (
    tenant_id    uuid NOT NULL,
    metric       text NOT NULL,
    quantity     bigint NOT NULL,
    occurred_at  timestamptz NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (occurred_at);

CREATE INDEX usage_events_tenant_metric_idx ON usage_events (tenant_id, metric, occurred_at);

CREATE TABLE usage_events_2022_07 PARTITION OF usage_events
    FOR VALUES FROM ('2022-07-01') TO ('2022-08-01');
CREATE TABLE usage_events_2022_08 PARTITION OF usage_events
    FOR VALUES FROM ('2022-08-01') TO ('2022-09-01');
