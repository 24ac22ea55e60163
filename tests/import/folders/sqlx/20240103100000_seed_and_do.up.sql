INSERT INTO customers (email) VALUES ('a@example.com'), ('b@example.com');
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reporting') THEN
    RAISE NOTICE 'no reporting role; skipping grants';
  END IF;
END
$$;
UPDATE customers SET email = lower(email);
