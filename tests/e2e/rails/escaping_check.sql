-- tests/e2e/rails/spec_test.sh (with rails-escaping.yaml): after ActiveRecord ran the migrations of
-- rails-escaping.yaml, every string must be the spec's, byte for byte. One row per check:
-- name|t or name|f. Defaults are read by inserting rows (rolled back).
BEGIN;
CREATE TEMP TABLE escaping_defaults ON COMMIT DROP AS
  WITH u AS (INSERT INTO users (email) VALUES ('escaping@example.com') RETURNING motto, name),
       q AS (INSERT INTO quotes (id) VALUES (1) RETURNING body)
  SELECT (SELECT motto FROM u) AS motto, (SELECT name FROM u) AS name, (SELECT body FROM q) AS body;
SELECT 'users.motto default', motto = E'He said "hi" \\o/ #{Kernel.exit!(3)} #@x #$y\nsecond line\tand a tab, it''s done'
  FROM escaping_defaults
UNION ALL
SELECT 'users.name default', name = E'O''Brien "#{Kernel.exit!(5)}" \\' FROM escaping_defaults
UNION ALL
SELECT 'quotes.body default', body = E'#{Kernel.exit!(8)} "\\"' FROM escaping_defaults
UNION ALL
SELECT 'users.motto comment',
       col_description('users'::regclass, (SELECT attnum FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'motto'))
         = E'Motto "quoted" with a back\\slash, #{Kernel.exit!(4)}, #@ivar, #$gvar\nand a second line'
UNION ALL
SELECT 'quotes comment', obj_description('quotes'::regclass, 'pg_class') = E'Table "quotes": #{Kernel.exit!(7)} \\ it''s\nmulti-line'
UNION ALL
SELECT 'quotes.body comment',
       col_description('quotes'::regclass, (SELECT attnum FROM pg_attribute WHERE attrelid = 'quotes'::regclass AND attname = 'body'))
         = E'#$0 #@@cvar \\n is not a newline, this is:\nok'
UNION ALL
SELECT 'users.phone comment (raw SQL)',
       col_description('users'::regclass, (SELECT attnum FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'phone'))
         = E'raw \\\\ backslash, #{Kernel.exit!(10)}, "dq" and ''sq''\n2nd line'
UNION ALL
SELECT 'users_motto_not_magic expression',
       position(E'x"#{Kernel.exit!(6)}\\''' IN (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'users_motto_not_magic')) > 0
UNION ALL
SELECT 'quotes_body_check expression',
       position('''#{}''' IN (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'quotes_body_check')) > 0;
ROLLBACK;
