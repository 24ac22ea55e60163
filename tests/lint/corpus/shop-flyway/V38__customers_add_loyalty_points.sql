SET lock_timeout = '3s';

ALTER TABLE customers ADD COLUMN loyalty_points INTEGER NOT NULL;
