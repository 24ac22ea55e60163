-- Since INC-2291 (checkout blocked for 4 minutes behind an ALTER TABLE waiting for
-- a long report query) every migration that locks a hot table sets a lock_timeout.
SET lock_timeout = '3s';

ALTER TABLE orders ADD COLUMN currency CHAR(3) NOT NULL DEFAULT 'EUR';
