SET LOCAL lock_timeout = '2s';

ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_quantity_positive;
