CREATE OR REPLACE FUNCTION customer_lifetime_value(p_customer_id INTEGER)
RETURNS NUMERIC
LANGUAGE sql
STABLE
AS $$
    SELECT coalesce(sum(o.total_amount), 0)
      FROM orders o
     WHERE o.customer_id = p_customer_id
       AND o.status IN ('paid', 'shipped', 'delivered');
$$;

COMMENT ON FUNCTION customer_lifetime_value(INTEGER) IS 'Sum of paid order totals, refunds not deducted.';
