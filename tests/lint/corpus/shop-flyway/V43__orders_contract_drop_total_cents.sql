-- Contract step of SHOP-301. The checkout service reads total_amount since release 4.12.
SET lock_timeout = '3s';

ALTER TABLE orders DROP COLUMN total_cents;
