ALTER TABLE customers DROP CONSTRAINT customers_email_lower;
ALTER TABLE "Order Items" ALTER COLUMN "Qty" SET DEFAULT 1;
ALTER TABLE "Order Items" ALTER COLUMN "Qty" TYPE integer;
ALTER TABLE "Order Items" RENAME COLUMN "Note Text" TO note;
