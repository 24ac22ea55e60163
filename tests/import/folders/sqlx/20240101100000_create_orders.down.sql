DROP TABLE "Order Items";
DROP TABLE customers;
