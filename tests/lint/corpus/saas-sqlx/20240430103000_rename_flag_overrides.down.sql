SET LOCAL lock_timeout = '2s';

DROP VIEW flag_overrides;
ALTER TABLE feature_flag_overrides RENAME TO flag_overrides;
