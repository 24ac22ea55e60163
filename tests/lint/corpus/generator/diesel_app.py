"""diesel-app: a feed reader's diesel history (Rust service), one folder per migration.

`diesel migration generate <name>` folders: <YYYY-MM-DD-HHMMSS>_<name>/up.sql and down.sql.
diesel runs each migration in a transaction, unless the folder's metadata.toml says
`run_in_transaction = false` (then the file is one query string). down.sql undoes its own
folder's up.sql; later folders build on the types and tables of earlier ones.
"""
from common import Project, sql

DIRECTORY = "diesel-app"


def files():
    p = Project(DIRECTORY)

    def migration(folder, up, down, metadata=None):
        p.add(f"{folder}/up.sql", sql(up))
        p.add(f"{folder}/down.sql", sql(down))
        if metadata:
            p.add(f"{folder}/metadata.toml", sql(metadata))

    migration("2023-03-01-090000_create_users", """
        CREATE TABLE users (
            id          serial PRIMARY KEY,
            email       varchar(64) NOT NULL UNIQUE,
            name        varchar(100) NOT NULL,
            created_at  timestamptz NOT NULL DEFAULT now()
        );
    """, """
        DROP TABLE users;
    """)

    migration("2023-03-01-091500_create_feeds", """
        CREATE TYPE feed_kind AS ENUM ('rss', 'atom', 'json');

        CREATE TABLE feeds (
            id          serial PRIMARY KEY,
            url         text NOT NULL UNIQUE,
            kind        feed_kind NOT NULL DEFAULT 'rss',
            title       varchar(200),
            fetched_at  timestamptz
        );
    """, """
        DROP TABLE feeds;
        DROP TYPE feed_kind;
    """)

    migration("2023-03-08-140000_create_subscriptions", """
        CREATE TABLE subscriptions (
            user_id     integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            feed_id     integer NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
            folder      text,
            created_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (user_id, feed_id)
        );
    """, """
        DROP TABLE subscriptions;
    """)

    migration("2023-03-20-101000_create_entries", """
        CREATE TABLE entries (
            id            bigserial PRIMARY KEY,
            feed_id       integer NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
            guid          varchar(255) NOT NULL,
            title         text,
            link          text,
            published_at  timestamptz,
            UNIQUE (feed_id, guid)
        );
    """, """
        DROP TABLE entries;
    """)

    migration("2023-04-02-083000_users_add_display_prefs", """
        -- The web client reads both; existing users keep the light theme.
        ALTER TABLE users ADD COLUMN theme text NOT NULL DEFAULT 'light';
        ALTER TABLE users ADD COLUMN timezone text;
    """, """
        ALTER TABLE users DROP COLUMN timezone;
        ALTER TABLE users DROP COLUMN theme;
    """)

    # Widening a varchar created in the first folder only changes the catalog.
    migration("2023-04-15-160000_users_email_widen", """
        ALTER TABLE users ALTER COLUMN email TYPE varchar(255);
    """, """
        ALTER TABLE users ALTER COLUMN email TYPE varchar(64);
    """)

    migration("2023-05-03-120000_feed_kind_add_podcast", """
        ALTER TYPE feed_kind ADD VALUE IF NOT EXISTS 'podcast';
    """, """
        -- PostgreSQL cannot drop a value from an enum; rows using it stay valid.
        SELECT 1;
    """)

    migration("2023-05-20-093000_index_entries_published_at", """
        CREATE INDEX CONCURRENTLY IF NOT EXISTS entries_published_at_idx ON entries (published_at DESC);
    """, """
        DROP INDEX CONCURRENTLY IF EXISTS entries_published_at_idx;
    """, metadata="""
        # CREATE INDEX CONCURRENTLY cannot run inside a transaction block.
        run_in_transaction = false
    """)

    migration("2023-06-11-110000_create_read_marks", """
        CREATE TABLE read_marks (
            user_id   integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            entry_id  bigint NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            read_at   timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (user_id, entry_id)
        );
    """, """
        DROP TABLE read_marks;
    """)

    migration("2023-07-01-150000_feeds_title_to_text", """
        ALTER TABLE feeds ALTER COLUMN title TYPE text;
    """, """
        ALTER TABLE feeds ALTER COLUMN title TYPE varchar(200);
    """)

    migration("2023-08-14-100000_contract_users_drop_timezone", """
        -- The client stores the time zone itself since release 2.4.
        SET lock_timeout = '2s';
        ALTER TABLE users DROP COLUMN timezone;
    """, """
        ALTER TABLE users ADD COLUMN timezone text;
    """)

    migration("2023-09-02-130000_entries_add_author", """
        ALTER TABLE entries ADD COLUMN author varchar(120);
        ALTER TABLE feeds ADD COLUMN fallback_kind feed_kind;
    """, """
        ALTER TABLE feeds DROP COLUMN fallback_kind;
        ALTER TABLE entries DROP COLUMN author;
    """)

    # A mistake: not CONCURRENTLY, on a table that exists since the third folder.
    migration("2023-10-10-090000_index_subscriptions_feed_id", """
        CREATE INDEX subscriptions_feed_id_idx ON subscriptions (feed_id);
    """, """
        DROP INDEX subscriptions_feed_id_idx;
    """)

    # Widened in place (catalog only: the fourth folder created it as varchar(255)); the
    # team does not narrow it back, longer GUIDs may exist by then.
    migration("2023-11-05-170000_entries_guid_widen", """
        ALTER TABLE entries ALTER COLUMN guid TYPE varchar(512);
    """, """
        -- Not reverted: entries may hold GUIDs longer than 255 characters by now.
        SELECT 1;
    """)

    return p.entries
