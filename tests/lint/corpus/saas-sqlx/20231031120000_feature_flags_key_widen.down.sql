SET LOCAL lock_timeout = '2s';

ALTER TABLE flag_overrides ALTER COLUMN flag_key TYPE varchar(64);
ALTER TABLE feature_flags ALTER COLUMN key TYPE varchar(64);
