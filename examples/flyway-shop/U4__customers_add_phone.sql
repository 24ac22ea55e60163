DROP TRIGGER customers_lower_email ON customers;
DROP FUNCTION customers_lower_email();
ALTER TABLE customers DROP COLUMN phone;
