-- B2B orders above 21 474 836,47 EUR overflow the integer column (SHOP-417).
SET lock_timeout = '3s';

ALTER TABLE payments ALTER COLUMN amount_cents TYPE BIGINT;
