DROP TRIGGER customers_touch ON customers;
DROP FUNCTION touch_updated_at();
ALTER TABLE customers DROP COLUMN updated_at;
