"""shop-flyway: an online shop's Flyway history (V/U/R scripts, .sql.conf files).

The story: a small team starts in 2021 with serial keys, varchar and timestamp columns
and plain CREATE INDEX; after an incident (INC-2291, a blocked checkout) they add
lock_timeout to every ALTER, build indexes concurrently and use NOT VALID constraints,
with the occasional slip.
"""
from common import Project, sql

DIRECTORY = "shop-flyway"

NO_TX_CONF = "executeInTransaction=false\n"


def files():
    p = Project(DIRECTORY)

    p.add("V1__create_customers.sql", sql("""
        -- Customers of the web shop. Email is the login name.
        CREATE TABLE customers (
            id          SERIAL PRIMARY KEY,
            email       VARCHAR(255) NOT NULL UNIQUE,
            first_name  VARCHAR(100),
            last_name   VARCHAR(100),
            fax         VARCHAR(32),
            created_at  TIMESTAMP NOT NULL DEFAULT now()
        );
    """))

    p.add("V2__create_products.sql", sql("""
        CREATE TABLE products (
            id           SERIAL PRIMARY KEY,
            sku          VARCHAR(64) NOT NULL UNIQUE,
            name         VARCHAR(200) NOT NULL,
            description  TEXT,
            price_cents  INTEGER NOT NULL,
            active       BOOLEAN NOT NULL DEFAULT TRUE,
            created_at   TIMESTAMP NOT NULL DEFAULT now()
        );

        CREATE INDEX products_active_idx ON products (active);
    """))

    p.add("V3__create_orders.sql", sql("""
        CREATE TABLE orders (
            id           SERIAL PRIMARY KEY,
            customer_id  INTEGER NOT NULL REFERENCES customers (id),
            status       VARCHAR(20) NOT NULL DEFAULT 'pending',
            total_cents  INTEGER NOT NULL DEFAULT 0,
            created_at   TIMESTAMP NOT NULL DEFAULT now()
        );

        CREATE TABLE order_items (
            id                SERIAL PRIMARY KEY,
            order_id          INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
            product_id        INTEGER NOT NULL REFERENCES products (id),
            quantity          INTEGER NOT NULL,
            unit_price_cents  INTEGER NOT NULL
        );

        CREATE INDEX order_items_order_id_idx ON order_items (order_id);
        CREATE INDEX orders_status_idx ON orders (status);
    """))

    p.add("V4__create_addresses.sql", sql("""
        CREATE TABLE addresses (
            id           SERIAL PRIMARY KEY,
            customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
            kind         VARCHAR(16) NOT NULL DEFAULT 'shipping', -- shipping | billing
            line1        VARCHAR(200) NOT NULL,
            line2        VARCHAR(200),
            city         VARCHAR(100) NOT NULL,
            zip          VARCHAR(16) NOT NULL,
            country      VARCHAR(2) NOT NULL
        );
        CREATE INDEX addresses_customer_id_idx ON addresses (customer_id);
    """))

    p.add("V5__add_phone_to_customers.sql", sql("""
        ALTER TABLE customers ADD COLUMN phone VARCHAR(32);
    """))

    p.add("V6__create_categories.sql", sql("""
        CREATE TABLE categories (
            id         SERIAL PRIMARY KEY,
            parent_id  INTEGER REFERENCES categories (id) ON DELETE SET NULL,
            slug       VARCHAR(100) NOT NULL UNIQUE,
            name       VARCHAR(100) NOT NULL
        );

        CREATE TABLE product_categories (
            product_id   INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
            category_id  INTEGER NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
            PRIMARY KEY (product_id, category_id)
        );
    """))

    p.add("V7__seed_categories.sql", sql("""
        INSERT INTO categories (slug, name) VALUES
            ('apparel', 'Apparel'),
            ('shoes', 'Shoes'),
            ('accessories', 'Accessories'),
            ('sale', 'Sale');

        INSERT INTO categories (parent_id, slug, name)
        SELECT id, 'sneakers', 'Sneakers' FROM categories WHERE slug = 'shoes';
    """))

    p.add("V8__create_payments.sql", sql("""
        CREATE TABLE payments (
            id            SERIAL PRIMARY KEY,
            order_id      INTEGER NOT NULL REFERENCES orders (id),
            amount_cents  INTEGER NOT NULL,
            provider      VARCHAR(32) NOT NULL,
            status        VARCHAR(20) NOT NULL DEFAULT 'authorized',
            created_at    TIMESTAMP NOT NULL DEFAULT now()
        );
        CREATE INDEX payments_order_id_idx ON payments (order_id);
    """))

    p.add("V9__index_orders_customer_id.sql", sql("""
        -- The "my orders" page does a seq scan on orders.
        CREATE INDEX orders_customer_id_idx ON orders (customer_id);
    """))

    p.add("V10__add_order_number.sql", sql("""
        -- Human-readable order numbers for support (SHOP-88).
        ALTER TABLE orders ADD COLUMN order_number VARCHAR(32);

        UPDATE orders SET order_number = 'ORD-' || lpad(id::text, 8, '0');

        ALTER TABLE orders ALTER COLUMN order_number SET NOT NULL;
        CREATE UNIQUE INDEX orders_order_number_key ON orders (order_number);
    """))

    p.add("V11__create_inventory.sql", sql("""
        CREATE TABLE inventory (
            product_id  INTEGER PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
            quantity    INTEGER NOT NULL DEFAULT 0,
            reserved    INTEGER NOT NULL DEFAULT 0,
            updated_at  TIMESTAMP NOT NULL DEFAULT now()
        );
    """))

    p.add("V12__create_shipments.sql", sql("""
        -- Owned by the logistics team. order_id is checked by the fulfilment service.
        CREATE TABLE shipments (
            id             SERIAL PRIMARY KEY,
            order_id       INTEGER NOT NULL,
            carrier        VARCHAR(32) NOT NULL,
            tracking_code  VARCHAR(64),
            tracking_url   VARCHAR(500),
            shipped_at     TIMESTAMP,
            delivered_at   TIMESTAMP
        );
        CREATE INDEX shipments_order_id_idx ON shipments (order_id);
    """))

    p.add("V12.1__widen_shipment_carrier.sql", sql("""
        -- "DHL Express Worldwide (Premium)" does not fit into 32 characters.
        ALTER TABLE shipments ALTER COLUMN carrier TYPE VARCHAR(64);
    """))

    p.add("V13__add_marketing_opt_in.sql", sql("""
        -- GDPR: explicit opt-in, false for everybody who signed up before.
        ALTER TABLE customers ADD COLUMN marketing_opt_in BOOLEAN NOT NULL DEFAULT FALSE;
    """))

    p.add("V14__create_coupons.sql", sql("""
        CREATE TABLE coupons (
            id              SERIAL PRIMARY KEY,
            code            VARCHAR(32) NOT NULL UNIQUE,
            percent_off     INTEGER CHECK (percent_off BETWEEN 1 AND 100),
            amount_off_cents INTEGER,
            valid_from      TIMESTAMP NOT NULL DEFAULT now(),
            valid_until     TIMESTAMP,
            max_redemptions INTEGER,
            CONSTRAINT coupons_one_discount CHECK ((percent_off IS NULL) <> (amount_off_cents IS NULL))
        );
    """))

    p.add("V15__orders_add_coupon.sql", sql("""
        ALTER TABLE orders ADD COLUMN coupon_id INTEGER REFERENCES coupons (id);
    """))

    p.add("V16__create_reviews.sql", sql("""
        CREATE TABLE reviews (
            id           SERIAL PRIMARY KEY,
            product_id   INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
            customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
            rating       SMALLINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
            title        VARCHAR(200),
            body         TEXT,
            created_at   TIMESTAMP NOT NULL DEFAULT now(),
            UNIQUE (product_id, customer_id)
        );
    """))

    p.add("V17__order_items_quantity_check.sql", sql("""
        ALTER TABLE order_items
            ADD CONSTRAINT order_items_quantity_positive CHECK (quantity > 0);
    """))

    p.add("V18__index_products_name.sql", sql("""
        -- Search-as-you-type on the admin product list.
        CREATE INDEX CONCURRENTLY IF NOT EXISTS products_name_idx ON products (lower(name) text_pattern_ops);
    """))
    p.add("V18__index_products_name.sql.conf", NO_TX_CONF)

    p.add("V19__create_carts.sql", sql("""
        CREATE TABLE carts (
            id           SERIAL PRIMARY KEY,
            customer_id  INTEGER REFERENCES customers (id) ON DELETE CASCADE,
            token        VARCHAR(64) NOT NULL UNIQUE,
            created_at   TIMESTAMP NOT NULL DEFAULT now(),
            updated_at   TIMESTAMP NOT NULL DEFAULT now()
        );

        CREATE TABLE cart_items (
            cart_id     INTEGER NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
            product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
            quantity    INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (cart_id, product_id)
        );

        CREATE INDEX carts_updated_at_idx ON carts (updated_at);
    """))

    p.add("V20__customers_email_lower_unique.sql", sql("""
        -- Logins are case-insensitive since SHOP-140; enforce it in the database as well.
        -- Flyway runs this file outside a transaction (it detects CREATE INDEX CONCURRENTLY).
        CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS customers_email_lower_key
            ON customers (lower(email));
    """))

    p.add("V21__orders_status_check.sql", sql("""
        ALTER TABLE orders ADD CONSTRAINT orders_status_check
            CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')) NOT VALID;

        ALTER TABLE orders VALIDATE CONSTRAINT orders_status_check;
    """))

    p.add("V22__create_wishlists.sql", sql("""
        CREATE TABLE wishlists (
            id           SERIAL PRIMARY KEY,
            customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
            name         VARCHAR(100) NOT NULL DEFAULT 'My wishlist',
            created_at   TIMESTAMP NOT NULL DEFAULT now()
        );

        CREATE TABLE wishlist_items (
            wishlist_id  INTEGER NOT NULL REFERENCES wishlists (id) ON DELETE CASCADE,
            product_id   INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
            added_at     TIMESTAMP NOT NULL DEFAULT now(),
            PRIMARY KEY (wishlist_id, product_id)
        );
    """))

    p.add("V23__create_shipping_methods.sql", sql("""
        CREATE TABLE shipping_methods (
            id             SERIAL PRIMARY KEY,
            code           VARCHAR(32) NOT NULL UNIQUE,
            name           VARCHAR(100) NOT NULL,
            price_cents    INTEGER NOT NULL,
            carrier        VARCHAR(64) NOT NULL,
            active         BOOLEAN NOT NULL DEFAULT TRUE
        );
    """))

    p.add("V24__seed_shipping_methods.sql", sql("""
        INSERT INTO shipping_methods (code, name, price_cents, carrier) VALUES
            ('standard', 'Standard (3-5 days)', 495, 'DHL'),
            ('express', 'Express (next day)', 1290, 'DHL Express'),
            ('pickup', 'Pick up in store', 0, 'none');
    """))

    p.add("V25__create_refunds.sql", sql("""
        CREATE TABLE refunds (
            id            SERIAL PRIMARY KEY,
            payment_id    INTEGER NOT NULL REFERENCES payments (id) ON DELETE RESTRICT,
            amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
            reason        TEXT,
            created_at    TIMESTAMP NOT NULL DEFAULT now()
        );
        CREATE INDEX refunds_payment_id_idx ON refunds (payment_id);
    """))
    p.add("U25__create_refunds.sql", sql("""
        DROP TABLE refunds;
    """))

    p.add("V26__products_add_weight_and_dimensions.sql", sql("""
        -- Needed for carrier rate quotes (SHOP-211). Both optional until the catalogue is complete.
        ALTER TABLE products
            ADD COLUMN weight_grams INTEGER,
            ADD COLUMN dimensions   JSONB;
    """))
    p.add("U26__products_add_weight_and_dimensions.sql", sql("""
        ALTER TABLE products
            DROP COLUMN dimensions,
            DROP COLUMN weight_grams;
    """))

    p.add("V27__orders_add_currency.sql", sql("""
        -- Since INC-2291 (checkout blocked for 4 minutes behind an ALTER TABLE waiting for
        -- a long report query) every migration that locks a hot table sets a lock_timeout.
        SET lock_timeout = '3s';

        ALTER TABLE orders ADD COLUMN currency CHAR(3) NOT NULL DEFAULT 'EUR';
    """))

    p.add("V28__shipments_order_fk.sql", sql("""
        SET lock_timeout = '3s';

        -- NOT VALID: existing rows are checked in V29 without blocking writes.
        ALTER TABLE shipments
            ADD CONSTRAINT shipments_order_id_fkey FOREIGN KEY (order_id)
            REFERENCES orders (id) ON DELETE RESTRICT NOT VALID;
    """))

    p.add("V29__validate_shipments_order_fk.sql", sql("""
        ALTER TABLE shipments VALIDATE CONSTRAINT shipments_order_id_fkey;
    """))

    p.add("V30__create_warehouses.sql", sql("""
        CREATE TABLE warehouses (
            id       SERIAL PRIMARY KEY,
            code     VARCHAR(16) NOT NULL UNIQUE,
            name     VARCHAR(100) NOT NULL,
            country  VARCHAR(2) NOT NULL
        );

        INSERT INTO warehouses (code, name, country) VALUES ('MAIN', 'Leipzig', 'DE');
    """))

    p.add("V31__inventory_add_warehouse_id.sql", sql("""
        SET lock_timeout = '3s';

        ALTER TABLE inventory ADD COLUMN warehouse_id INTEGER;

        ALTER TABLE inventory
            ADD CONSTRAINT inventory_warehouse_id_fkey FOREIGN KEY (warehouse_id)
            REFERENCES warehouses (id) ON DELETE RESTRICT NOT VALID;
    """))

    p.add("V32__backfill_inventory_warehouse.sql", sql("""
        -- Every existing stock row belongs to the only warehouse we had so far.
        UPDATE inventory
           SET warehouse_id = (SELECT id FROM warehouses WHERE code = 'MAIN')
         WHERE warehouse_id IS NULL;
    """))

    p.add("V33__inventory_warehouse_not_null_check.sql", sql("""
        SET lock_timeout = '3s';

        ALTER TABLE inventory VALIDATE CONSTRAINT inventory_warehouse_id_fkey;

        ALTER TABLE inventory
            ADD CONSTRAINT inventory_warehouse_id_not_null CHECK (warehouse_id IS NOT NULL) NOT VALID;
    """))

    p.add("V34__inventory_warehouse_set_not_null.sql", sql("""
        SET lock_timeout = '3s';

        ALTER TABLE inventory VALIDATE CONSTRAINT inventory_warehouse_id_not_null;

        -- PostgreSQL 12+ skips the table scan: the validated CHECK proves there are no NULLs.
        ALTER TABLE inventory ALTER COLUMN warehouse_id SET NOT NULL;
        ALTER TABLE inventory DROP CONSTRAINT inventory_warehouse_id_not_null;
    """))

    p.add("V35__products_name_to_text.sql", sql("""
        SET lock_timeout = '3s';

        -- varchar -> text is binary-coercible: no table rewrite, the index stays.
        ALTER TABLE products ALTER COLUMN name TYPE TEXT;
    """))

    p.add("V36__create_product_images.sql", sql("""
        CREATE TABLE product_images (
            id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
            url         TEXT NOT NULL,
            alt_text    TEXT,
            position    INTEGER NOT NULL DEFAULT 0,
            created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX product_images_product_id_idx ON product_images (product_id, position);
    """))

    p.add("V37__index_order_items_product_id.sql", sql("""
        -- "Which orders contain product X" for the recall tooling.
        CREATE INDEX CONCURRENTLY IF NOT EXISTS order_items_product_id_idx ON order_items (product_id);
    """))
    p.add("V37__index_order_items_product_id.sql.conf", NO_TX_CONF)

    p.add("V38__customers_add_loyalty_points.sql", sql("""
        SET lock_timeout = '3s';

        ALTER TABLE customers ADD COLUMN loyalty_points INTEGER NOT NULL;
    """))

    p.add("V38.1__loyalty_points_default.sql", sql("""
        -- Hotfix: sign-ups failed after V38 because the application does not send loyalty_points.
        ALTER TABLE customers ALTER COLUMN loyalty_points SET DEFAULT 0;
    """))

    p.add("V39__create_gift_cards.sql", sql("""
        CREATE TABLE gift_cards (
            id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            code              TEXT NOT NULL,
            initial_cents     BIGINT NOT NULL CHECK (initial_cents > 0),
            balance_cents     BIGINT NOT NULL,
            purchased_by      INTEGER REFERENCES customers (id) ON DELETE SET NULL,
            expires_at        TIMESTAMPTZ,
            created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
        );
    """))

    p.add("V40__orders_add_total_amount.sql", sql("""
        -- Expand step of SHOP-301: money as numeric instead of integer cents.
        SET lock_timeout = '3s';

        ALTER TABLE orders ADD COLUMN total_amount NUMERIC(12, 2);
    """))
    p.add("U40__orders_add_total_amount.sql", sql("""
        ALTER TABLE orders DROP COLUMN total_amount;
    """))

    p.add("V41__backfill_orders_total_amount.sql", sql("""
        -- orders had 38k rows when this ran; one UPDATE took 0.6 s on the staging copy.
        -- schemashift:ignore unbatched-data-change -- measured, small table, off-peak deploy
        UPDATE orders SET total_amount = total_cents / 100.0;
    """))

    p.add("V42__orders_total_amount_not_null.sql", sql("""
        SET lock_timeout = '3s';

        ALTER TABLE orders ALTER COLUMN total_amount SET NOT NULL;
    """))

    p.add("V43__orders_contract_drop_total_cents.sql", sql("""
        -- Contract step of SHOP-301. The checkout service reads total_amount since release 4.12.
        SET lock_timeout = '3s';

        ALTER TABLE orders DROP COLUMN total_cents;
    """))

    p.add("V44__rename_addresses_zip.sql", sql("""
        SET lock_timeout = '3s';

        ALTER TABLE addresses RENAME COLUMN zip TO postal_code;
    """))

    p.add("V45__drop_customers_fax.sql", sql("""
        -- Nobody has entered a fax number since 2019.
        ALTER TABLE customers DROP COLUMN fax;
    """))

    p.add("V46__payments_add_provider_ref.sql", sql("""
        SET lock_timeout = '3s';

        ALTER TABLE payments ADD COLUMN provider_ref VARCHAR(128);

        ALTER TABLE payments ADD CONSTRAINT payments_provider_ref_key UNIQUE (provider, provider_ref);
    """))

    p.add("V47__gift_cards_code_unique_index.sql", sql("""
        CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS gift_cards_code_key ON gift_cards (code);
    """))

    p.add("V48__gift_cards_code_unique_constraint.sql", sql("""
        SET lock_timeout = '3s';

        -- Reuses the index built concurrently in V47: only a brief ACCESS EXCLUSIVE lock.
        ALTER TABLE gift_cards ADD CONSTRAINT gift_cards_code_key UNIQUE USING INDEX gift_cards_code_key;
    """))

    p.add("V49__create_order_events.sql", sql("""
        CREATE TABLE order_events (
            id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
            event_type  TEXT NOT NULL,
            payload     JSONB NOT NULL DEFAULT '{}'::jsonb,
            created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX order_events_order_id_created_at_idx ON order_events (order_id, created_at);
    """))
    p.add("U49__create_order_events.sql", sql("""
        DROP TABLE order_events;
    """))

    p.add("V50__create_product_import_staging.sql", sql("""
        -- The nightly supplier feed is bulk-loaded here, then merged into products.
        CREATE UNLOGGED TABLE product_import_staging (
            sku          TEXT,
            name         TEXT,
            price_cents  BIGINT,
            stock        INTEGER,
            raw          JSONB
        );
    """))

    p.add("V51__truncate_product_import_staging.sql", sql("""
        -- The first feed import loaded duplicated rows; start from scratch.
        TRUNCATE product_import_staging;
    """))

    p.add("V52__create_tax_rates.sql", sql("""
        CREATE TABLE tax_rates (
            country      TEXT NOT NULL,
            category     TEXT NOT NULL DEFAULT 'standard',
            rate         NUMERIC(5, 4) NOT NULL,
            valid_from   DATE NOT NULL,
            PRIMARY KEY (country, category, valid_from)
        );

        INSERT INTO tax_rates (country, category, rate, valid_from) VALUES
            ('DE', 'standard', 0.1900, '2021-01-01'),
            ('DE', 'reduced',  0.0700, '2021-01-01'),
            ('AT', 'standard', 0.2000, '2021-01-01'),
            ('FR', 'standard', 0.2000, '2021-01-01');
    """))

    p.add("V53__orders_add_tax_cents.sql", sql("""
        SET lock_timeout = '3s';

        ALTER TABLE orders ADD COLUMN tax_cents BIGINT NOT NULL DEFAULT 0;
    """))

    p.add("V54__create_returns.sql", sql("""
        CREATE TABLE returns (
            id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            order_id       INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
            order_item_id  INTEGER NOT NULL REFERENCES order_items (id) ON DELETE CASCADE,
            status         TEXT NOT NULL DEFAULT 'requested',
            reason         TEXT,
            created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
            closed_at      TIMESTAMPTZ
        );
    """))

    p.add("V55__index_returns_open.sql", sql("""
        -- schemashift:ignore require-concurrent-index-creation -- returns shipped empty in 5.3, no rows yet
        CREATE INDEX returns_open_idx ON returns (created_at) WHERE status <> 'closed';
    """))

    p.add("V56__customers_add_locale.sql", sql("""
        SET lock_timeout = '3s';

        ALTER TABLE customers ADD COLUMN locale TEXT NOT NULL DEFAULT 'de-DE';
    """))

    p.add("V57__products_add_search_vector.sql", sql("""
        SET lock_timeout = '3s';

        -- Full-text search over name and description (SHOP-350).
        ALTER TABLE products ADD COLUMN search_vector TSVECTOR
            GENERATED ALWAYS AS (
                setweight(to_tsvector('simple', coalesce(name, '')), 'A') ||
                setweight(to_tsvector('simple', coalesce(description, '')), 'B')
            ) STORED;
    """))

    p.add("V58__index_products_search.sql", sql("""
        CREATE INDEX CONCURRENTLY IF NOT EXISTS products_search_idx ON products USING gin (search_vector);
    """))

    p.add("V59__orders_add_shipped_at.sql", sql("""
        SET lock_timeout = '3s';

        ALTER TABLE orders ADD COLUMN shipped_at TIMESTAMPTZ;
    """))

    p.add("V60__create_subscriptions.sql", sql("""
        -- Coffee and razor-blade subscriptions (SHOP-402).
        CREATE TABLE subscriptions (
            id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            customer_id     INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
            product_id      INTEGER NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
            interval_days   INTEGER NOT NULL CHECK (interval_days IN (14, 30, 60, 90)),
            next_delivery   DATE NOT NULL,
            paused          BOOLEAN NOT NULL DEFAULT FALSE,
            created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
        );
    """))
    p.add("U60__create_subscriptions.sql", sql("""
        DROP TABLE IF EXISTS subscriptions;
    """))

    p.add("V61__index_subscriptions_customer.sql", sql("""
        -- schemashift:ignore require-concurrent-index-creation -- copied from V55
        CREATE INDEX CONCURRENTLY IF NOT EXISTS subscriptions_customer_id_idx ON subscriptions (customer_id);
    """))

    p.add("V62__payments_amount_bigint.sql", sql("""
        -- B2B orders above 21 474 836,47 EUR overflow the integer column (SHOP-417).
        SET lock_timeout = '3s';

        ALTER TABLE payments ALTER COLUMN amount_cents TYPE BIGINT;
    """))

    p.add("V63__coupons_code_widen.sql", sql("""
        SET lock_timeout = '3s';

        -- Partner coupon codes are up to 48 characters long. Widening a varchar does not rewrite.
        ALTER TABLE coupons ALTER COLUMN code TYPE VARCHAR(64);
    """))

    p.add("V64__reviews_add_helpful_count.sql", sql("""
        SET lock_timeout = '3s';

        ALTER TABLE reviews ADD COLUMN helpful_count INTEGER NOT NULL DEFAULT 0;
    """))

    p.add("V65__order_items_product_fk_restrict.sql", sql("""
        SET lock_timeout = '3s';

        -- Deleting a product must not be possible while orders reference it.
        ALTER TABLE order_items DROP CONSTRAINT order_items_product_id_fkey;
        ALTER TABLE order_items
            ADD CONSTRAINT order_items_product_id_fkey FOREIGN KEY (product_id)
            REFERENCES products (id) ON DELETE RESTRICT NOT VALID;
    """))

    p.add("V66__validate_order_items_product_fk.sql", sql("""
        ALTER TABLE order_items VALIDATE CONSTRAINT order_items_product_id_fkey;
    """))

    p.add("V67__create_price_history.sql", sql("""
        CREATE TABLE price_history (
            product_id   INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
            price_cents  BIGINT NOT NULL,
            valid_from   TIMESTAMPTZ NOT NULL DEFAULT now(),
            valid_to     TIMESTAMPTZ,
            PRIMARY KEY (product_id, valid_from)
        );

        INSERT INTO price_history (product_id, price_cents, valid_from)
        SELECT id, price_cents, created_at FROM products;
    """))

    p.add("V68__create_brands.sql", sql("""
        SET lock_timeout = '3s';

        CREATE TABLE brands (
            id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name  TEXT NOT NULL UNIQUE
        );

        ALTER TABLE products ADD COLUMN brand_id BIGINT;
        ALTER TABLE products
            ADD CONSTRAINT products_brand_id_fkey FOREIGN KEY (brand_id)
            REFERENCES brands (id) ON DELETE SET NULL NOT VALID;
    """))

    p.add("V69__seed_brands_from_feed.sql", sql("""
        INSERT INTO brands (name)
        SELECT DISTINCT raw ->> 'brand'
          FROM product_import_staging
         WHERE raw ->> 'brand' IS NOT NULL
        ON CONFLICT (name) DO NOTHING;
    """))

    p.add("V70__reindex_orders_customer_idx.sql", sql("""
        -- orders_customer_id_idx is 3x its fresh size after the 2022 archive purge.
        -- Flyway does not detect REINDEX ... CONCURRENTLY: the .sql.conf runs it outside a transaction.
        REINDEX INDEX CONCURRENTLY orders_customer_id_idx;
    """))
    p.add("V70__reindex_orders_customer_idx.sql.conf", NO_TX_CONF)

    p.add("V71__customers_add_deleted_at.sql", sql("""
        -- Soft delete: GDPR erasure anonymises the row and sets deleted_at.
        SET lock_timeout = '3s';

        ALTER TABLE customers ADD COLUMN deleted_at TIMESTAMPTZ;
    """))

    p.add("V72__index_active_customers.sql", sql("""
        CREATE INDEX CONCURRENTLY IF NOT EXISTS customers_active_created_idx
            ON customers (created_at) WHERE deleted_at IS NULL;
    """))

    p.add("V73__purge_abandoned_carts.sql", sql("""
        DELETE FROM carts
         WHERE customer_id IS NULL
           AND updated_at < now() - interval '90 days';
    """))

    p.add("V74__drop_wishlist_tables.sql", sql("""
        -- Wishlists were replaced by "saved for later" in the cart service.
        DROP TABLE wishlist_items;
        DROP TABLE wishlists;
    """))

    p.add("V75__create_loyalty_transactions.sql", sql("""
        CREATE TABLE loyalty_transactions (
            id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
            order_id     INTEGER REFERENCES orders (id) ON DELETE SET NULL,
            points       INTEGER NOT NULL,
            reason       TEXT NOT NULL,
            created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX loyalty_transactions_customer_idx ON loyalty_transactions (customer_id, created_at);
    """))

    p.add("V76__order_items_add_discount.sql", sql("""
        SET lock_timeout = '3s';

        ALTER TABLE order_items ADD COLUMN discount_cents INTEGER NOT NULL DEFAULT 0;
    """))

    p.add("V77__shipments_tracking_url_text.sql", sql("""
        SET lock_timeout = '3s';

        ALTER TABLE shipments ALTER COLUMN tracking_url TYPE TEXT;
    """))

    p.add("V78__orders_customer_fk_restrict.sql", sql("""
        SET lock_timeout = '3s';

        -- The original FK from V3 had no ON DELETE; make the intent explicit.
        ALTER TABLE orders
            ADD CONSTRAINT orders_customer_id_restrict_fkey FOREIGN KEY (customer_id)
            REFERENCES customers (id) ON DELETE RESTRICT NOT VALID;
        ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;
    """))

    p.add("V79__validate_orders_customer_fk.sql", sql("""
        ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_restrict_fkey;
    """))

    p.add("V80__inventory_quantity_check.sql", sql("""
        SET lock_timeout = '3s';

        ALTER TABLE inventory
            ADD CONSTRAINT inventory_quantity_nonnegative CHECK (quantity >= 0 AND reserved >= 0) NOT VALID;
    """))

    p.add("V81__validate_inventory_quantity_check.sql", sql("""
        ALTER TABLE inventory VALIDATE CONSTRAINT inventory_quantity_nonnegative;
    """))

    p.add("V82__create_outbox.sql", sql("""
        -- Transactional outbox for order events published to the message bus.
        CREATE TABLE outbox (
            id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            aggregate     TEXT NOT NULL,
            aggregate_id  TEXT NOT NULL,
            topic         TEXT NOT NULL,
            payload       JSONB NOT NULL,
            created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
            published_at  TIMESTAMPTZ
        );
        CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
    """))

    p.add("V83__analyze_orders.sql", sql("""
        -- Planner statistics were stale after the SHOP-301 backfill.
        ANALYZE orders;
        ANALYZE order_items;
    """))

    p.add("V84__addresses_add_region.sql", sql("""
        SET lock_timeout = '3s';

        ALTER TABLE addresses ADD COLUMN region TEXT;
        ALTER TABLE addresses ALTER COLUMN country TYPE CHAR(2);
    """))

    p.add("V85__customers_add_full_name.sql", sql("""
        -- Expand step of SHOP-455: one full_name instead of first/last name.
        SET lock_timeout = '3s';

        ALTER TABLE customers ADD COLUMN full_name TEXT;
    """))
    p.add("U85__customers_add_full_name.sql", sql("""
        ALTER TABLE customers DROP COLUMN IF EXISTS full_name;
    """))

    p.add("V86__backfill_customers_full_name.sql", sql("""
        -- schemashift:ignore-file unbatched-data-change -- 52k customers, runs in about a second
        UPDATE customers SET full_name = trim(concat_ws(' ', first_name, last_name));
    """))

    p.add("V87__customers_contract_drop_first_last_name.sql", sql("""
        -- Contract step of SHOP-455, after release 5.9 stopped reading the old columns.
        SET lock_timeout = '3s';

        ALTER TABLE customers
            DROP COLUMN first_name,
            DROP COLUMN last_name;
    """))

    p.add("V88__create_product_bundles.sql", sql("""
        CREATE TABLE product_bundles (
            bundle_id     INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
            component_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
            quantity      INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
            PRIMARY KEY (bundle_id, component_id),
            CHECK (bundle_id <> component_id)
        );
    """))

    # Repeatable scripts: Flyway re-applies them (after all versioned ones) whenever they change.
    p.add("R__customer_lifetime_value.sql", sql("""
        CREATE OR REPLACE FUNCTION customer_lifetime_value(p_customer_id INTEGER)
        RETURNS NUMERIC
        LANGUAGE sql
        STABLE
        AS $$
            SELECT coalesce(sum(o.total_amount), 0)
              FROM orders o
             WHERE o.customer_id = p_customer_id
               AND o.status IN ('paid', 'shipped', 'delivered');
        $$;

        COMMENT ON FUNCTION customer_lifetime_value(INTEGER) IS 'Sum of paid order totals, refunds not deducted.';
    """))

    p.add("R__order_summary_view.sql", sql("""
        CREATE OR REPLACE VIEW order_summary AS
        SELECT o.id,
               o.order_number,
               o.status,
               o.currency,
               o.total_amount,
               c.email AS customer_email,
               count(oi.id) AS item_count,
               o.created_at
          FROM orders o
          JOIN customers c ON c.id = o.customer_id
          LEFT JOIN order_items oi ON oi.order_id = o.id
         GROUP BY o.id, c.email;
    """))

    p.add("R__touch_inventory_updated_at.sql", sql("""
        CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger
        LANGUAGE plpgsql AS $fn$
        BEGIN
            NEW.updated_at := now();
            RETURN NEW;
        END;
        $fn$;

        DROP TRIGGER IF EXISTS inventory_touch_updated_at ON inventory;
        CREATE TRIGGER inventory_touch_updated_at
            BEFORE UPDATE ON inventory
            FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
    """))

    return p.entries
