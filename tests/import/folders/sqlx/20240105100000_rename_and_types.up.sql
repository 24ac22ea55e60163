ALTER TABLE "Order Items" RENAME COLUMN note TO "Note Text";
ALTER TABLE "Order Items" ALTER COLUMN "Qty" TYPE bigint;
ALTER TABLE "Order Items" ALTER COLUMN "Qty" SET DEFAULT 2;
ALTER TABLE customers ADD CONSTRAINT customers_email_lower CHECK (email = lower(email));
