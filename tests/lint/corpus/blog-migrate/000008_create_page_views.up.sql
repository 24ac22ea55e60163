-- One row per page view; monthly partitions, dropped after 13 months.
CREATE TABLE page_views (
    post_id     bigint NOT NULL,
    viewed_at   timestamptz NOT NULL,
    referrer    text,
    country     text,
    session_id  uuid
) PARTITION BY RANGE (viewed_at);

CREATE INDEX page_views_post_id_viewed_at_idx ON page_views (post_id, viewed_at);

CREATE TABLE page_views_2023_01 PARTITION OF page_views FOR VALUES FROM ('2023-01-01') TO ('2023-02-01');
CREATE TABLE page_views_2023_02 PARTITION OF page_views FOR VALUES FROM ('2023-02-01') TO ('2023-03-01');
CREATE TABLE page_views_2023_03 PARTITION OF page_views FOR VALUES FROM ('2023-03-01') TO ('2023-04-01');
CREATE TABLE page_views_2023_04 PARTITION OF page_views FOR VALUES FROM ('2023-04-01') TO ('2023-05-01');
CREATE TABLE page_views_2023_05 PARTITION OF page_views FOR VALUES FROM ('2023-05-01') TO ('2023-06-01');
CREATE TABLE page_views_2023_06 PARTITION OF page_views FOR VALUES FROM ('2023-06-01') TO ('2023-07-01');
