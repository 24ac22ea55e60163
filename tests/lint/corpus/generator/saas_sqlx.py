"""saas-sqlx: a multi-tenant SaaS backend's sqlx-cli history (Rust service).

Reversible <timestamp>_<desc>.up.sql / .down.sql pairs from `sqlx migrate add -r`, plus a
few simple <timestamp>_<desc>.sql files. sqlx runs every file in one transaction unless it
starts with `-- no-transaction`; the team uses that for CONCURRENTLY statements, one per
file, and SET LOCAL lock_timeout in their ALTER template - except when they forget.
"""
from common import Project, sql

DIRECTORY = "saas-sqlx"

def files():
    p = Project(DIRECTORY)

    def pair(version, desc, up, down):
        p.add(f"{version}_{desc}.up.sql", sql(up))
        p.add(f"{version}_{desc}.down.sql", sql(down))

    def simple(version, desc, text):
        p.add(f"{version}_{desc}.sql", sql(text))

    simple("20220110090000", "enable_extensions", """
        -- citext for case-insensitive emails; pgcrypto for digest() in support scripts.
        CREATE EXTENSION IF NOT EXISTS citext;
        CREATE EXTENSION IF NOT EXISTS pgcrypto;
    """)

    pair("20220110091500", "create_tenants", """
        CREATE TABLE tenants (
            id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            name        varchar(100) NOT NULL,
            created_at  timestamptz NOT NULL DEFAULT now(),
            updated_at  timestamptz NOT NULL DEFAULT now()
        );
    """, """
        DROP TABLE tenants;
    """)

    pair("20220110092000", "create_users", """
        CREATE TABLE users (
            id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            email          citext NOT NULL UNIQUE,
            username       text,
            password_hash  text,
            created_at     timestamptz NOT NULL DEFAULT now(),
            updated_at     timestamptz NOT NULL DEFAULT now()
        );
    """, """
        DROP TABLE users;
    """)

    pair("20220112143000", "create_memberships", """
        CREATE TABLE memberships (
            tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
            user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            role        text NOT NULL DEFAULT 'member',
            created_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (tenant_id, user_id)
        );

        CREATE INDEX memberships_user_id_idx ON memberships (user_id);
        CREATE INDEX memberships_tenant_id_idx ON memberships (tenant_id);
    """, """
        DROP TABLE memberships;
    """)

    pair("20220118101500", "create_api_keys", """
        -- Keys are shown once; we keep a prefix for display and a SHA-256 hash for lookup.
        CREATE TABLE api_keys (
            id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
            name           text NOT NULL,
            key_prefix     text NOT NULL,
            key_hash       bytea NOT NULL,
            key_plaintext  text,
            created_by     uuid REFERENCES users (id) ON DELETE SET NULL,
            created_at     timestamptz NOT NULL DEFAULT now(),
            last_used_at   timestamptz,
            revoked_at     timestamptz
        );
    """, """
        DROP TABLE api_keys;
    """)

    pair("20220125160000", "create_audit_log", """
        CREATE TABLE audit_log (
            id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant_id   uuid NOT NULL,
            actor_id    uuid,
            action      text NOT NULL,
            target      text,
            details     jsonb NOT NULL DEFAULT '{}',
            created_at  timestamptz NOT NULL DEFAULT now()
        );
    """, """
        DROP TABLE audit_log;
    """)

    pair("20220201110000", "create_feature_flags", """
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
    """, """
        DROP TABLE flag_overrides;
        DROP TABLE feature_flags;
    """)

    simple("20220201113000", "seed_feature_flags", """
        INSERT INTO feature_flags (key, enabled) VALUES
            ('new_dashboard', false),
            ('sso', false),
            ('usage_based_billing', false)
        ON CONFLICT (key) DO NOTHING;
    """)

    pair("20220214093000", "create_plans", """
        CREATE TABLE plans (
            id                 text PRIMARY KEY,
            name               text NOT NULL,
            monthly_price_cents bigint NOT NULL,
            seat_limit         integer,
            active             boolean NOT NULL DEFAULT true
        );

        INSERT INTO plans (id, name, monthly_price_cents, seat_limit) VALUES
            ('free', 'Free', 0, 3),
            ('team', 'Team', 4900, 25),
            ('business', 'Business', 19900, NULL);
    """, """
        DROP TABLE plans;
    """)

    pair("20220214094500", "create_subscriptions", """
        CREATE TABLE subscriptions (
            id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
            plan_id     text NOT NULL REFERENCES plans (id) ON DELETE RESTRICT,
            status      text NOT NULL DEFAULT 'active',
            quantity    integer NOT NULL DEFAULT 1,
            started_at  timestamptz NOT NULL DEFAULT now(),
            ends_at     timestamptz
        );

        CREATE INDEX subscriptions_tenant_id_idx ON subscriptions (tenant_id);
    """, """
        DROP TABLE subscriptions;
    """)

    pair("20220302120000", "create_invoices", """
        CREATE TABLE invoices (
            id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE RESTRICT,
            subscription_id  uuid REFERENCES subscriptions (id) ON DELETE SET NULL,
            number           text NOT NULL UNIQUE,
            status           text NOT NULL DEFAULT 'draft',
            issued_at        timestamptz,
            due_at           timestamptz,
            created_at       timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE invoice_lines (
            id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            invoice_id   uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
            description  text NOT NULL,
            quantity     integer NOT NULL DEFAULT 1,
            unit_amount  numeric(12, 2) NOT NULL,
            amount       numeric(12, 2) NOT NULL
        );

        CREATE INDEX invoices_tenant_id_idx ON invoices (tenant_id);
        CREATE INDEX invoice_lines_invoice_id_idx ON invoice_lines (invoice_id);
    """, """
        DROP TABLE invoice_lines;
        DROP TABLE invoices;
    """)

    pair("20220315081500", "users_add_last_login_at", """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE users ADD COLUMN last_login_at timestamptz;
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE users DROP COLUMN last_login_at;
    """)

    pair("20220405100000", "index_audit_log_tenant_created", """
        -- no-transaction
        CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_log_tenant_created_idx
            ON audit_log (tenant_id, created_at DESC);
    """, """
        -- no-transaction
        DROP INDEX CONCURRENTLY IF EXISTS audit_log_tenant_created_idx;
    """)

    pair("20220412153000", "api_keys_add_scopes", """
        SET LOCAL lock_timeout = '2s';

        -- Existing keys keep full access; new keys get explicit scopes from the UI.
        ALTER TABLE api_keys ADD COLUMN scopes text[] NOT NULL DEFAULT '{*}';
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE api_keys DROP COLUMN scopes;
    """)

    pair("20220503090000", "users_add_display_name", """
        ALTER TABLE users ADD COLUMN display_name text;

        UPDATE users SET display_name = split_part(email::text, '@', 1);
    """, """
        ALTER TABLE users DROP COLUMN display_name;
    """)

    pair("20220517133000", "memberships_role_check", """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE memberships
            ADD CONSTRAINT memberships_role_check CHECK (role IN ('owner', 'admin', 'member', 'billing')) NOT VALID;
    """, """
        ALTER TABLE memberships DROP CONSTRAINT memberships_role_check;
    """)

    simple("20220517134500", "validate_memberships_role_check", """
        ALTER TABLE memberships VALIDATE CONSTRAINT memberships_role_check;
    """)

    pair("20220601100000", "create_invitations", """
        CREATE TABLE invitations (
            id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
            email        citext NOT NULL,
            role         text NOT NULL DEFAULT 'member',
            token_hash   bytea NOT NULL UNIQUE,
            invited_by   uuid REFERENCES users (id) ON DELETE SET NULL,
            accepted_at  timestamptz,
            expires_at   timestamptz NOT NULL DEFAULT now() + interval '7 days',
            created_at   timestamptz NOT NULL DEFAULT now()
        );
    """, """
        DROP TABLE invitations;
    """)

    pair("20220608170000", "index_invitations_email", """
        -- no-transaction
        CREATE INDEX CONCURRENTLY IF NOT EXISTS invitations_email_idx ON invitations (email)
            WHERE accepted_at IS NULL;
    """, """
        -- no-transaction
        DROP INDEX CONCURRENTLY IF EXISTS invitations_email_idx;
    """)

    pair("20220705094500", "index_subscriptions_status", """
        -- Billing cron: "all subscriptions that are past_due".
        CREATE INDEX subscriptions_status_idx ON subscriptions (status) WHERE status <> 'active';
    """, """
        DROP INDEX subscriptions_status_idx;
    """)

    pair("20220719110000", "create_usage_events", """
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
    """, """
        DROP TABLE usage_events;
    """)

    simple("20220801000000", "usage_events_partitions_2022_h2", """
        CREATE TABLE IF NOT EXISTS usage_events_2022_09 PARTITION OF usage_events
            FOR VALUES FROM ('2022-09-01') TO ('2022-10-01');
        CREATE TABLE IF NOT EXISTS usage_events_2022_10 PARTITION OF usage_events
            FOR VALUES FROM ('2022-10-01') TO ('2022-11-01');
        CREATE TABLE IF NOT EXISTS usage_events_2022_11 PARTITION OF usage_events
            FOR VALUES FROM ('2022-11-01') TO ('2022-12-01');
        CREATE TABLE IF NOT EXISTS usage_events_2022_12 PARTITION OF usage_events
            FOR VALUES FROM ('2022-12-01') TO ('2023-01-01');
    """)

    pair("20220816150000", "tenants_add_slug", """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE tenants ADD COLUMN slug text;

        -- 312 tenants in production; a single UPDATE is fine.
        -- schemashift:ignore unbatched-data-change -- 312 rows
        UPDATE tenants
           SET slug = trim(both '-' from lower(regexp_replace(name, '[^a-zA-Z0-9]+', '-', 'g')));
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE tenants DROP COLUMN slug;
    """)

    pair("20220816151500", "tenants_slug_unique_index", """
        -- no-transaction
        CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS tenants_slug_key ON tenants (slug);
    """, """
        -- no-transaction
        DROP INDEX CONCURRENTLY IF EXISTS tenants_slug_key;
    """)

    pair("20220816153000", "tenants_slug_constraint", """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE tenants ADD CONSTRAINT tenants_slug_key UNIQUE USING INDEX tenants_slug_key;
        ALTER TABLE tenants ADD CONSTRAINT tenants_slug_not_null CHECK (slug IS NOT NULL) NOT VALID;
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE tenants DROP CONSTRAINT tenants_slug_not_null;
        -- Keep the unique index itself: the up migration before this one owns it.
        ALTER TABLE tenants DROP CONSTRAINT tenants_slug_key;
        CREATE UNIQUE INDEX IF NOT EXISTS tenants_slug_key ON tenants (slug);
    """)

    pair("20220823100000", "tenants_slug_not_null", """
        ALTER TABLE tenants VALIDATE CONSTRAINT tenants_slug_not_null;

        SET LOCAL lock_timeout = '2s';
        ALTER TABLE tenants ALTER COLUMN slug SET NOT NULL;
        ALTER TABLE tenants DROP CONSTRAINT tenants_slug_not_null;
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE tenants ALTER COLUMN slug DROP NOT NULL;
        ALTER TABLE tenants ADD CONSTRAINT tenants_slug_not_null CHECK (slug IS NOT NULL) NOT VALID;
    """)

    pair("20220906113000", "feature_flags_rollout_percentage", """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE feature_flags
            ADD COLUMN rollout_percentage smallint NOT NULL DEFAULT 0;
        ALTER TABLE feature_flags
            ADD CONSTRAINT feature_flags_rollout_percentage_check
            CHECK (rollout_percentage BETWEEN 0 AND 100) NOT VALID;
        ALTER TABLE feature_flags VALIDATE CONSTRAINT feature_flags_rollout_percentage_check;
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE feature_flags DROP COLUMN rollout_percentage;
    """)

    pair("20220920143000", "create_sessions", """
        CREATE TABLE sessions (
            id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            token_hash      bytea NOT NULL UNIQUE,
            user_agent_raw  text,
            ip              inet,
            created_at      timestamptz NOT NULL DEFAULT now(),
            expires_at      timestamptz NOT NULL
        );

        CREATE INDEX sessions_user_id_idx ON sessions (user_id);
        CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);
    """, """
        DROP TABLE sessions;
    """)

    pair("20221004090000", "api_keys_key_hash_unique", """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE api_keys ADD CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash);
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE api_keys DROP CONSTRAINT api_keys_key_hash_key;
    """)

    pair("20221018120000", "tenants_name_to_text", """
        SET LOCAL lock_timeout = '2s';

        -- Enterprise customers have long legal names. varchar(n) -> text does not rewrite.
        ALTER TABLE tenants ALTER COLUMN name TYPE text;
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE tenants ALTER COLUMN name TYPE varchar(100);
    """)

    pair("20221115150000", "invoice_lines_amount_precision", """
        SET LOCAL lock_timeout = '2s';

        -- Usage-based lines can exceed 10^10. Raising numeric precision keeps the scale: no rewrite.
        ALTER TABLE invoice_lines
            ALTER COLUMN unit_amount TYPE numeric(16, 2),
            ALTER COLUMN amount TYPE numeric(16, 2);
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE invoice_lines
            ALTER COLUMN unit_amount TYPE numeric(12, 2),
            ALTER COLUMN amount TYPE numeric(12, 2);
    """)

    pair("20221213094500", "users_drop_username", """
        -- Usernames were never shown anywhere after the 2022 redesign.
        ALTER TABLE users DROP COLUMN username;
    """, """
        ALTER TABLE users ADD COLUMN username text;
    """)

    pair("20230110110000", "audit_log_actor_fk", """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE audit_log
            ADD CONSTRAINT audit_log_actor_id_fkey FOREIGN KEY (actor_id)
            REFERENCES users (id) ON DELETE SET NULL NOT VALID;
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_id_fkey;
    """)

    simple("20230110111500", "validate_audit_log_actor_fk", """
        ALTER TABLE audit_log VALIDATE CONSTRAINT audit_log_actor_id_fkey;
    """)

    pair("20230124130000", "rename_memberships_role", """
        SET LOCAL lock_timeout = '2s';

        -- "role" clashes with the new RBAC roles table; the API already maps both names.
        ALTER TABLE memberships RENAME COLUMN role TO access_level;
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE memberships RENAME COLUMN access_level TO role;
    """)

    pair("20230207090000", "create_billing_customers", """
        CREATE TABLE billing_customers (
            tenant_id           uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
            stripe_customer_id  text NOT NULL UNIQUE,
            email               citext,
            tax_id              text,
            created_at          timestamptz NOT NULL DEFAULT now()
        );
    """, """
        DROP TABLE billing_customers;
    """)

    pair("20230221150000", "subscriptions_billing_customer_fk", """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE subscriptions ADD COLUMN stripe_subscription_id text;
        ALTER TABLE subscriptions
            ADD CONSTRAINT subscriptions_tenant_billing_fkey FOREIGN KEY (tenant_id)
            REFERENCES billing_customers (tenant_id) ON DELETE CASCADE;
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_tenant_billing_fkey;
        ALTER TABLE subscriptions DROP COLUMN stripe_subscription_id;
    """)

    pair("20230307100000", "feature_flag_audit_trigger", """
        CREATE OR REPLACE FUNCTION audit_flag_override() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO audit_log (tenant_id, action, target, details)
            VALUES (
                coalesce(NEW.tenant_id, OLD.tenant_id),
                'feature_flag.' || lower(TG_OP),
                coalesce(NEW.flag_key, OLD.flag_key),
                jsonb_build_object('enabled', CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.enabled END)
            );
            RETURN NULL;
        END;
        $$;

        CREATE TRIGGER flag_overrides_audit
            AFTER INSERT OR UPDATE OR DELETE ON flag_overrides
            FOR EACH ROW EXECUTE FUNCTION audit_flag_override();
    """, """
        DROP TRIGGER flag_overrides_audit ON flag_overrides;
        DROP FUNCTION audit_flag_override();
    """)

    # A real bug: sqlx wraps this file in a transaction (no `-- no-transaction` line), so
    # PostgreSQL rejects the CONCURRENTLY build. The apply check skips it (README).
    pair("20230404160000", "index_api_keys_tenant_id", """
        -- Key listing per tenant is slow (BILL-231).
        CREATE INDEX CONCURRENTLY IF NOT EXISTS api_keys_tenant_id_idx ON api_keys (tenant_id);
    """, """
        DROP INDEX CONCURRENTLY IF EXISTS api_keys_tenant_id_idx;
    """)

    pair("20230502093000", "create_data_exports", """
        CREATE TABLE data_exports (
            id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
            requested_by  uuid REFERENCES users (id) ON DELETE SET NULL,
            status        text NOT NULL DEFAULT 'queued',
            file_url      text,
            created_at    timestamptz NOT NULL DEFAULT now(),
            finished_at   timestamptz
        );
    """, """
        DROP TABLE data_exports;
    """)

    pair("20230516140000", "tenants_add_plan_id", """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE tenants ADD COLUMN plan_id text;
        ALTER TABLE tenants
            ADD CONSTRAINT tenants_plan_id_fkey FOREIGN KEY (plan_id)
            REFERENCES plans (id) ON DELETE RESTRICT NOT VALID;
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE tenants DROP COLUMN plan_id;
    """)

    simple("20230516141500", "backfill_tenants_plan_id", """
        -- schemashift:ignore-file unbatched-data-change -- ~1.2k tenants, reviewed in BILL-240
        UPDATE tenants t
           SET plan_id = coalesce(
                   (SELECT s.plan_id FROM subscriptions s
                     WHERE s.tenant_id = t.id AND s.status = 'active'
                     ORDER BY s.started_at DESC LIMIT 1),
                   'free');

        ALTER TABLE tenants VALIDATE CONSTRAINT tenants_plan_id_fkey;
    """)

    pair("20230530110000", "usage_events_partitions_2023", """
        CREATE TABLE IF NOT EXISTS usage_events_2023_01 PARTITION OF usage_events
            FOR VALUES FROM ('2023-01-01') TO ('2023-02-01');
        CREATE TABLE IF NOT EXISTS usage_events_2023_02 PARTITION OF usage_events
            FOR VALUES FROM ('2023-02-01') TO ('2023-03-01');
        CREATE TABLE IF NOT EXISTS usage_events_2023_03 PARTITION OF usage_events
            FOR VALUES FROM ('2023-03-01') TO ('2023-04-01');
        CREATE TABLE IF NOT EXISTS usage_events_2023_04 PARTITION OF usage_events
            FOR VALUES FROM ('2023-04-01') TO ('2023-05-01');
        CREATE TABLE IF NOT EXISTS usage_events_2023_05 PARTITION OF usage_events
            FOR VALUES FROM ('2023-05-01') TO ('2023-06-01');
        CREATE TABLE IF NOT EXISTS usage_events_2023_06 PARTITION OF usage_events
            FOR VALUES FROM ('2023-06-01') TO ('2023-07-01');
        CREATE TABLE IF NOT EXISTS usage_events_default PARTITION OF usage_events DEFAULT;
    """, """
        DROP TABLE IF EXISTS usage_events_default;
        DROP TABLE IF EXISTS usage_events_2023_06;
        DROP TABLE IF EXISTS usage_events_2023_05;
        DROP TABLE IF EXISTS usage_events_2023_04;
        DROP TABLE IF EXISTS usage_events_2023_03;
        DROP TABLE IF EXISTS usage_events_2023_02;
        DROP TABLE IF EXISTS usage_events_2023_01;
    """)

    pair("20230613150000", "sessions_contract_drop_user_agent_raw", """
        -- Contract step: the parsed user agent lives in session_devices since release 2023.22.
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE sessions DROP COLUMN user_agent_raw;
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE sessions ADD COLUMN user_agent_raw text;
    """)

    pair("20230711133000", "invoices_status_enum", """
        SET LOCAL lock_timeout = '2s';

        CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid', 'void');

        ALTER TABLE invoices ALTER COLUMN status DROP DEFAULT;
        ALTER TABLE invoices
            ALTER COLUMN status TYPE invoice_status USING status::invoice_status;
        ALTER TABLE invoices ALTER COLUMN status SET DEFAULT 'draft';
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE invoices ALTER COLUMN status DROP DEFAULT;
        ALTER TABLE invoices ALTER COLUMN status TYPE text USING status::text;
        ALTER TABLE invoices ALTER COLUMN status SET DEFAULT 'draft';
        DROP TYPE invoice_status;
    """)

    pair("20230725090000", "invoice_status_add_uncollectible", """
        -- PostgreSQL 12+ allows ADD VALUE inside the migration transaction;
        -- the new value becomes usable once it commits.
        ALTER TYPE invoice_status ADD VALUE IF NOT EXISTS 'uncollectible' AFTER 'paid';
    """, """
        -- Enum values cannot be dropped: rebuild the type without 'uncollectible'.
        SET LOCAL lock_timeout = '2s';

        UPDATE invoices SET status = 'void' WHERE status = 'uncollectible';
        ALTER TYPE invoice_status RENAME TO invoice_status_old;
        CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid', 'void');
        ALTER TABLE invoices ALTER COLUMN status DROP DEFAULT;
        ALTER TABLE invoices
            ALTER COLUMN status TYPE invoice_status USING status::text::invoice_status;
        ALTER TABLE invoices ALTER COLUMN status SET DEFAULT 'draft';
        DROP TYPE invoice_status_old;
    """)

    pair("20230822143000", "drop_redundant_memberships_index", """
        -- no-transaction
        -- The primary key (tenant_id, user_id) plus memberships_user_id_idx cover every query;
        -- this duplicate came from an old ORM model.
        DROP INDEX CONCURRENTLY IF EXISTS memberships_tenant_id_idx;
    """, """
        -- no-transaction
        CREATE INDEX CONCURRENTLY IF NOT EXISTS memberships_tenant_id_idx ON memberships (tenant_id);
    """)

    pair("20231017091500", "drop_data_exports", """
        -- Exports moved to the reporting service (its own database).
        DROP TABLE data_exports;
    """, """
        CREATE TABLE data_exports (
            id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
            requested_by  uuid REFERENCES users (id) ON DELETE SET NULL,
            status        text NOT NULL DEFAULT 'queued',
            file_url      text,
            created_at    timestamptz NOT NULL DEFAULT now(),
            finished_at   timestamptz
        );
    """)

    pair("20231031120000", "feature_flags_key_widen", """
        SET LOCAL lock_timeout = '2s';

        -- Keys like "billing.usage_based.invoice_preview_v2_rollout" hit the 64 limit.
        ALTER TABLE flag_overrides ALTER COLUMN flag_key TYPE varchar(128);
        ALTER TABLE feature_flags ALTER COLUMN key TYPE varchar(128);
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE flag_overrides ALTER COLUMN flag_key TYPE varchar(64);
        ALTER TABLE feature_flags ALTER COLUMN key TYPE varchar(64);
    """)

    simple("20231128080000", "reindex_sessions_expires_at", """
        -- no-transaction
        REINDEX INDEX CONCURRENTLY sessions_expires_at_idx;
    """)

    pair("20231212134500", "subscriptions_quantity_check", """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE subscriptions
            ADD CONSTRAINT subscriptions_quantity_positive CHECK (quantity > 0) NOT VALID;
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_quantity_positive;
    """)

    simple("20231212140000", "validate_subscriptions_quantity_check", """
        ALTER TABLE subscriptions VALIDATE CONSTRAINT subscriptions_quantity_positive;
    """)

    pair("20240109110000", "api_keys_contract_drop_key_plaintext", """
        -- Contract step of SEC-17: plaintext keys were migrated to key_hash in December.
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE api_keys DROP COLUMN key_plaintext;
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE api_keys ADD COLUMN key_plaintext text;
    """)

    pair("20240206120000", "usage_events_partitions_2024", """
        -- Rows for 2023-07 onwards sit in the default partition; it must be empty of 2024
        -- rows before these partitions can be created (checked in the runbook).
        CREATE TABLE IF NOT EXISTS usage_events_2024_01 PARTITION OF usage_events
            FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
        CREATE TABLE IF NOT EXISTS usage_events_2024_02 PARTITION OF usage_events
            FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
        CREATE TABLE IF NOT EXISTS usage_events_2024_03 PARTITION OF usage_events
            FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
    """, """
        DROP TABLE IF EXISTS usage_events_2024_03;
        DROP TABLE IF EXISTS usage_events_2024_02;
        DROP TABLE IF EXISTS usage_events_2024_01;
    """)

    pair("20240305100000", "invitations_unique_pending_index", """
        -- no-transaction
        CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS invitations_tenant_email_pending_key
            ON invitations (tenant_id, email) WHERE accepted_at IS NULL;
    """, """
        -- no-transaction
        DROP INDEX CONCURRENTLY IF EXISTS invitations_tenant_email_pending_key;
    """)

    pair("20240305101500", "api_keys_tenant_name_unique", """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE api_keys ADD CONSTRAINT api_keys_tenant_name_key UNIQUE (tenant_id, name);
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE api_keys DROP CONSTRAINT api_keys_tenant_name_key;
    """)

    pair("20240402090000", "users_add_full_name", """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE users ADD COLUMN full_name text NOT NULL;
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE users DROP COLUMN full_name;
    """)

    simple("20240416160000", "expire_all_sessions", """
        -- The session token format changed (SEC-31): everybody signs in again.
        DELETE FROM sessions;
    """)

    pair("20240430103000", "rename_flag_overrides", """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE flag_overrides RENAME TO feature_flag_overrides;

        -- Old application pods still read the old name until the rollout finishes.
        CREATE VIEW flag_overrides AS SELECT * FROM feature_flag_overrides;
    """, """
        SET LOCAL lock_timeout = '2s';

        DROP VIEW flag_overrides;
        ALTER TABLE feature_flag_overrides RENAME TO flag_overrides;
    """)

    pair("20240514141500", "api_keys_add_public_id", """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE api_keys ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
    """, """
        SET LOCAL lock_timeout = '2s';

        ALTER TABLE api_keys DROP COLUMN public_id;
    """)

    pair("20240625143000", "index_usage_events_recorded_at", """
        -- Partitioned tables cannot build an index CONCURRENTLY; usage_events is append-only
        -- and only the ingest worker writes to it, which tolerates a short pause.
        -- schemashift:ignore require-concurrent-index-creation -- partitioned parent, see above
        CREATE INDEX IF NOT EXISTS usage_events_recorded_at_idx ON usage_events (recorded_at);
    """, """
        DROP INDEX IF EXISTS usage_events_recorded_at_idx;
    """)

    return p.entries
