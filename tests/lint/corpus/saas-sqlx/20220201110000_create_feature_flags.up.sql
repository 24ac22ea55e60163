CREATE TABLE feature_flags (
    key          varchar(64) PRIMARY KEY,
    enabled      boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE flag_overrides (
    flag_key   varchar(64) NOT NULL REFERENCES feature_flags (key) ON DELETE CASCADE,
    tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    enabled    boolean NOT NULL,
    PRIMARY KEY (flag_key, tenant_id)
);
