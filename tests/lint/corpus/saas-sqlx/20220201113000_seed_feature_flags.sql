INSERT INTO feature_flags (key, enabled) VALUES
    ('new_dashboard', false),
    ('sso', false),
    ('usage_based_billing', false)
ON CONFLICT (key) DO NOTHING;
