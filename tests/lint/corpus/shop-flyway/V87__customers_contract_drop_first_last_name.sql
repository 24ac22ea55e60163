-- Contract step of SHOP-455, after release 5.9 stopped reading the old columns.
SET lock_timeout = '3s';

ALTER TABLE customers
    DROP COLUMN first_name,
    DROP COLUMN last_name;
