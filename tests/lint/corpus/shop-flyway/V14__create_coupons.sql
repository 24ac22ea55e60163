CREATE TABLE coupons (
    id              SERIAL PRIMARY KEY,
    code            VARCHAR(32) NOT NULL UNIQUE,
    percent_off     INTEGER CHECK (percent_off BETWEEN 1 AND 100),
    amount_off_cents INTEGER,
    valid_from      TIMESTAMP NOT NULL DEFAULT now(),
    valid_until     TIMESTAMP,
    max_redemptions INTEGER,
    CONSTRAINT coupons_one_discount CHECK ((percent_off IS NULL) <> (amount_off_cents IS NULL))
);
