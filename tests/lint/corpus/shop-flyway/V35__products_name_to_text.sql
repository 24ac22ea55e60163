SET lock_timeout = '3s';

-- varchar -> text is binary-coercible: no table rewrite, the index stays.
ALTER TABLE products ALTER COLUMN name TYPE TEXT;
