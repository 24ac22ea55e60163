-- migrate:up
CREATE FUNCTION account_label(a accounts) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT a."Display Name" || ' (' || a.plan || ')' $$;
INSERT INTO accounts ("Display Name") VALUES ('Demo');
DO $$ BEGIN RAISE NOTICE 'accounts: %', (SELECT count(*) FROM accounts); END $$;

-- migrate:down
DELETE FROM accounts WHERE "Display Name" = 'Demo';
DROP FUNCTION account_label(accounts);
