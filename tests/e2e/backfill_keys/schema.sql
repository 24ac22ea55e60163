-- Tables keyed by every kind of primary key a keyset backfill must walk: an integer with
-- gaps, text, uuid (no max() aggregate in PostgreSQL 15), a timestamp, a composite key, and
-- an empty table. The rows are part of the base, so the backfills have work to do.
CREATE TABLE tok_int (id bigint PRIMARY KEY, note text);
INSERT INTO tok_int SELECT i * 7, NULL FROM generate_series(1, 2500) AS i;
CREATE TABLE tok_text (code text PRIMARY KEY, note text);
INSERT INTO tok_text SELECT 'c' || lpad(i::text, 5, '0') || CASE WHEN i % 3 = 0 THEN ' ä' ELSE '' END, NULL
  FROM generate_series(1, 2500) AS i;
CREATE TABLE tok_uuid (id uuid PRIMARY KEY, note text);
INSERT INTO tok_uuid SELECT md5(i::text)::uuid, NULL FROM generate_series(1, 2500) AS i;
CREATE TABLE tok_time (at timestamptz PRIMARY KEY, note text);
INSERT INTO tok_time SELECT timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute', NULL
  FROM generate_series(1, 2500) AS i;
CREATE TABLE tok_pair (a integer, b text, note text, PRIMARY KEY (a, b));
INSERT INTO tok_pair SELECT i % 10, 'b' || i, NULL FROM generate_series(1, 2500) AS i;
CREATE TABLE tok_empty (id integer PRIMARY KEY, note text);
