DELETE FROM carts
 WHERE customer_id IS NULL
   AND updated_at < now() - interval '90 days';
