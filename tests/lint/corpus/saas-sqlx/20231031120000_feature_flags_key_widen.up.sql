SET LOCAL lock_timeout = '2s';

-- Keys like "billing.usage_based.invoice_preview_v2_rollout" hit the 64 limit.
ALTER TABLE flag_overrides ALTER COLUMN flag_key TYPE varchar(128);
ALTER TABLE feature_flags ALTER COLUMN key TYPE varchar(128);
