-- The first feed import loaded duplicated rows; start from scratch.
TRUNCATE product_import_staging;
