-- "DHL Express Worldwide (Premium)" does not fit into 32 characters.
ALTER TABLE shipments ALTER COLUMN carrier TYPE VARCHAR(64);
