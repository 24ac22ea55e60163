SET LOCAL lock_timeout = '2s';

-- Existing keys keep full access; new keys get explicit scopes from the UI.
ALTER TABLE api_keys ADD COLUMN scopes text[] NOT NULL DEFAULT '{*}';
