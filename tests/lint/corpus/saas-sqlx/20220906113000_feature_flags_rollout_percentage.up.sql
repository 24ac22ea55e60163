SET LOCAL lock_timeout = '2s';

ALTER TABLE feature_flags
    ADD COLUMN rollout_percentage smallint NOT NULL DEFAULT 0;
ALTER TABLE feature_flags
    ADD CONSTRAINT feature_flags_rollout_percentage_check
    CHECK (rollout_percentage BETWEEN 0 AND 100) NOT VALID;
ALTER TABLE feature_flags VALIDATE CONSTRAINT feature_flags_rollout_percentage_check;
