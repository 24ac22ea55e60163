CREATE TABLE redirects (
    from_path   text PRIMARY KEY,
    to_path     text NOT NULL,
    status      smallint NOT NULL DEFAULT 301 CHECK (status IN (301, 302, 307, 308)),
    created_at  timestamptz NOT NULL DEFAULT now()
);
