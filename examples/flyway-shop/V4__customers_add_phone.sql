ALTER TABLE customers ADD COLUMN phone varchar(32);

-- Emails are stored lower-case, whoever writes them.
CREATE FUNCTION customers_lower_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.email := lower(NEW.email);
  RETURN NEW;
END $$;
CREATE TRIGGER customers_lower_email BEFORE INSERT OR UPDATE ON customers
    FOR EACH ROW EXECUTE FUNCTION customers_lower_email();
