SET LOCAL lock_timeout = '2s';

ALTER TABLE api_keys ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
