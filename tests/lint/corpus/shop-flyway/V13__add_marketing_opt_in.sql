-- GDPR: explicit opt-in, false for everybody who signed up before.
ALTER TABLE customers ADD COLUMN marketing_opt_in BOOLEAN NOT NULL DEFAULT FALSE;
