CREATE TABLE products (id bigint PRIMARY KEY, "SKU Code" text NOT NULL, price numeric(10,2) NOT NULL DEFAULT 0);
ALTER TABLE products ADD CONSTRAINT products_sku_key UNIQUE ("SKU Code");
