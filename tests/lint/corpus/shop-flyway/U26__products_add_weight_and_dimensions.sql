ALTER TABLE products
    DROP COLUMN dimensions,
    DROP COLUMN weight_grams;
