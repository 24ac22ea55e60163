--
-- schemashift sample data: rows for the tables of samples/schema.sql, so that the e2e round
-- trips (tests/e2e/sql_roundtrip.sh, SEED_SQL) make the batched backfills, sync triggers,
-- NOT NULL recipes and constraint validations work on real rows instead of empty tables.
--
--   psql -X -v ON_ERROR_STOP=1 -d DB -f samples/schema.sql
--   psql -X -v ON_ERROR_STOP=1 -d DB -f samples/seed.sql
--
-- Deterministic (generate_series and arithmetic, no random(), no gen_random_uuid()), so
-- every run sees the same rows. Loads once into a fresh database (not idempotent).
-- Sizes: 5,000 users, 15,000 posts, 1,000 customers, 5,000 orders, 2,000 contacts.
--
-- Shapes the samples rely on:
--   users.phone              NULL for every 3rd user         (108 fills them with '')
--   users.legacy_avatar      set for every 4th user          (109 backfills avatar_url)
--   users.email_confirmed_at NULL for every 5th user         (101 backfills email_verified)
--   users.age                NULL for every 7th user         (107 widens it to bigint)
--   users.name               NULL for every 20th user        (105/110 rename it)
--   orders.customer_id       NULL for every 10th order, otherwise an existing customer
--                            (106 validates the foreign key to customers)
--   customers.email          unique in lower(), NULL for every 10th (customers_lower_email_idx)
--   posts.user_id            an existing user (posts_user_id_fkey)
--   contacts.id              md5-derived uuids instead of the volatile default
--

\set ON_ERROR_STOP on
SET client_min_messages = warning;

BEGIN;

INSERT INTO public.users (id, email, name, age, phone, legacy_avatar, email_confirmed_at, created_at)
SELECT g,
       'user' || g || '@example.com',
       CASE WHEN g % 20 = 0 THEN NULL ELSE 'User ' || g END,
       CASE WHEN g % 7 = 0 THEN NULL ELSE 18 + g % 63 END,
       CASE WHEN g % 3 = 0 THEN NULL ELSE '+1555' || lpad(g::text, 7, '0') END,
       CASE WHEN g % 4 = 0 THEN 'avatars/' || g || '.png' END,
       CASE WHEN g % 5 = 0 THEN NULL
            ELSE timestamptz '2022-01-01 00:00:00+00' + g * interval '37 minutes' + interval '2 hours' END,
       timestamptz '2022-01-01 00:00:00+00' + g * interval '37 minutes'
FROM generate_series(1, 5000) AS g;

INSERT INTO public.posts (id, user_id, title, body, created)
SELECT g,
       1 + (g * 7919) % 5000,
       'Post ' || g || ': notes on item ' || (g % 97),
       CASE WHEN g % 10 = 0 THEN NULL
            ELSE repeat('Lorem ipsum dolor sit amet ' || g || '. ', 1 + g % 5) END,
       timestamp '2023-01-01 00:00:00' + g * interval '13 minutes'
FROM generate_series(1, 15000) AS g;

INSERT INTO public.customers (id, name, email, created_at)
SELECT g,
       'Customer ' || g,
       CASE WHEN g % 10 = 0 THEN NULL ELSE 'Customer' || g || '@Example.com' END,
       timestamptz '2021-06-01 00:00:00+00' + g * interval '5 hours'
FROM generate_series(1, 1000) AS g;

INSERT INTO public.orders (id, customer_id, total, created_at)
SELECT g,
       CASE WHEN g % 10 = 0 THEN NULL ELSE 1 + (g * 31) % 1000 END,
       ((g * 137) % 100000) / 100.0,
       timestamptz '2023-01-01 00:00:00+00' + g * interval '97 minutes'
FROM generate_series(1, 5000) AS g;

INSERT INTO public.contacts (id, name, email, created_at, updated_at)
SELECT md5('contact-' || g)::uuid,
       'Contact ' || g,
       CASE WHEN g % 6 = 0 THEN NULL ELSE 'contact' || g || '@example.org' END,
       timestamp '2023-06-01 00:00:00' + g * interval '3 hours',
       timestamp '2023-06-01 00:00:00' + g * interval '3 hours' + (g % 48) * interval '1 hour'
FROM generate_series(1, 2000) AS g;

-- Explicit ids were inserted: move the identity/serial sequences past them, so rows the
-- migrations or the application insert later do not collide.
DO $$
BEGIN
  PERFORM pg_catalog.setval('public.users_id_seq', (SELECT max(id) FROM public.users));
  PERFORM pg_catalog.setval('public.posts_id_seq', (SELECT max(id) FROM public.posts));
  PERFORM pg_catalog.setval('public.customers_id_seq', (SELECT max(id) FROM public.customers));
  PERFORM pg_catalog.setval('public.orders_id_seq', (SELECT max(id) FROM public.orders));
END
$$;

COMMIT;

ANALYZE public.users, public.posts, public.customers, public.orders, public.contacts;
