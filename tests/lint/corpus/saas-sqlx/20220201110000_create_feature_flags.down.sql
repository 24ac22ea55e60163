DROP TABLE flag_overrides;
DROP TABLE feature_flags;
