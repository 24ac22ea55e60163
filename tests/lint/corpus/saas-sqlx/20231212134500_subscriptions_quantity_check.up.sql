SET LOCAL lock_timeout = '2s';

ALTER TABLE subscriptions
    ADD CONSTRAINT subscriptions_quantity_positive CHECK (quantity > 0) NOT VALID;
