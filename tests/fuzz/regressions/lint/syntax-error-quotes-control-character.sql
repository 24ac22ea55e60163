CREATE OR REPLACE VIEW order_summary AS
SELECT o.id,
       o.order_number,
       o.status,
       o.currency,
       o.total_amount,
       c.email AS customer_email,
       count(oi.id) AS item_count,
       o.created_at
  FROM orders o
  JOIN customers c ON c.id = o.customer_id
  LEFT JOIN order_tems oi ON oi.order_id = o.id
 GROUP BY o.id, c.email;
