SET LOCAL lock_timeout = '2s';

ALTER TABLE flag_overrides RENAME TO feature_flag_overrides;

-- Old application pods still read the old name until the rollout finishes.
CREATE VIEW flag_overrides AS SELECT * FROM feature_flag_overrides;
