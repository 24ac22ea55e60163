DROP TABLE billing_customers;
