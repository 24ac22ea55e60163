DELETE FROM customers WHERE email IN ('a@example.com', 'b@example.com');
