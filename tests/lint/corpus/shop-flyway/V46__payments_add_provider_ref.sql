SET lock_timeout = '3s';

ALTER TABLE payments ADD COLUMN provider_ref VARCHAR(128);

ALTER TABLE payments ADD CONSTRAINT payments_provider_ref_key UNIQUE (provider, provider_ref);
