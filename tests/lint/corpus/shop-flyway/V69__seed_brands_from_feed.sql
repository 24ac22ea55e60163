INSERT INTO brands (name)
SELECT DISTINCT raw ->> 'brand'
  FROM product_import_staging
 WHERE raw ->> 'brand' IS NOT NULL
ON CONFLICT (name) DO NOTHING;
