-- Needed for carrier rate quotes (SHOP-211). Both optional until the catalogue is complete.
ALTER TABLE products
    ADD COLUMN weight_grams INTEGER,
    ADD COLUMN dimensions   JSONB;
