SET LOCAL lock_timeout = '2s';

ALTER TABLE feature_flags DROP COLUMN rollout_percentage;
